//! Shenbao web app (Leptos, client-side rendered). For now the shell: it mounts and lists
//! the built-in city rule packs from `shenbao-core` with their titles, status and validity.

pub mod strings;

use leptos::prelude::*;
use shenbao_core::pack::builtin;
use shenbao_core::pack::{RulePack, Status};

/// One pack as shown on the start page.
#[component]
fn PackCard(pack: &'static RulePack) -> impl IntoView {
    let m = &pack.meta;
    let status_class = match m.status {
        Status::Formal => "status status-formal",
        Status::Trial => "status status-trial",
        Status::Draft => "status status-draft",
    };
    let from = m.effective_from.map(|d| d.to_string()).unwrap_or_else(|| strings::NO_DATE.into());
    view! {
        <li class="pack" data-pack=m.id.clone()>
            <h3 class="pack-city">{m.city_name()}</h3>
            <p class="pack-title">"《" {m.title.clone()} "》"</p>
            <p class="pack-meta">
                <span class=status_class>{m.status.label()}</span>
                <span class="pack-validity">{strings::VALIDITY} "：" {m.validity_text()}</span>
            </p>
            <p class="pack-meta">
                <span>{strings::EFFECTIVE_FROM} "：" {from}</span>
                " · "
                <span class="pack-rules">{pack.rules.len()} " " {strings::RULE_COUNT_SUFFIX}</span>
            </p>
            <p class="pack-source">{strings::SOURCE} "：" {m.issuer.clone()} {m.doc_number.clone().map(|d| format!(" {d}"))}</p>
        </li>
    }
}

/// The application root.
#[component]
pub fn App() -> impl IntoView {
    let packs = builtin::packs();
    view! {
        <header class="app-header">
            <h1>{strings::APP_NAME}</h1>
            <p class="tagline">{strings::APP_TAGLINE}</p>
        </header>
        <main id="main">
            <section aria-labelledby="packs-heading">
                <h2 id="packs-heading">{strings::CHOOSE_PACK}</h2>
                <p class="hint">{strings::CHOOSE_PACK_HINT}</p>
                <ul class="packs">
                    {packs.iter().map(|p| view! { <PackCard pack=p/> }).collect_view()}
                </ul>
            </section>
        </main>
    }
}
