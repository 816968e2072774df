//! Keys, signing and export (being written).

use leptos::prelude::*;

/// Shown in the editor under the findings.
#[component]
pub fn SignPanel() -> impl IntoView {
    view! { <section class="sign-panel"></section> }
}
