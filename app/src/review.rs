//! The reviewer's desk (being written).

use leptos::prelude::*;

#[component]
pub fn ReviewDesk() -> impl IntoView {
    view! { <section class="review"><h2>"审核台"</h2></section> }
}
