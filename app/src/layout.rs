//! Header and footer around every page.

use crate::chapters::INFO_PAGES;
use crate::engine_client::{self, EngineStatus};
use crate::runner_client::{self, RunnerStatus};
use crate::search::SearchBox;
use crate::theme::ThemeToggle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">"ml-intro"</A>
            <nav aria-label="Site">
                {INFO_PAGES
                    .iter()
                    // Static pages (built from content/guide/), not the app's routes.
                    .map(|(slug, title)| view! { <a href=format!("/{slug}/") rel="external">{*title}</a> })
                    .collect_view()}
                // Static pages too (built from content/scripts/).
                <a href="/scripts/" rel="external">"Scripts"</a>
                <RunnerLink />
            </nav>
            <div class="header-tools">
                <SearchBox />
                <ThemeToggle />
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let status = engine_client::status();
    let engine_text = move || match status.get() {
        EngineStatus::NotLoaded => "not loaded (it starts when a widget needs it)".to_string(),
        EngineStatus::Loading => "loading…".to_string(),
        EngineStatus::Ready(device) => match &device.fallback_reason {
            Some(reason) => format!("{device} — {reason}"),
            None => device.to_string(),
        },
        EngineStatus::Failed(message) => format!("stopped: {message}"),
    };
    view! {
        <footer class="site-footer">
            <p>
                "Engine backend: " <span data-testid="engine-backend">{engine_text}</span>
            </p>
            <p>"ml-intro · MIT licence · trains in your browser, or on your own machine through the local runner"</p>
            <p>
                <button type="button" class="link-button" data-testid="erase-data" on:click=move |_| {
                    runner_client::forget();
                    crate::cells::erase_all_data();
                    let _ = window().location().reload();
                }>"Erase all my data"</button>
                " (edited code cells, the runner pairing)"
            </p>
        </footer>
    }
}

/// "Local runner" in the header, with whether one is connected.
#[component]
pub fn RunnerLink() -> impl IntoView {
    let status = runner_client::status();
    let state = move || match status.get() {
        RunnerStatus::Connected(_) => ("connected", "Local runner ●"),
        RunnerStatus::NotPaired => ("not-paired", "Local runner"),
        _ => ("disconnected", "Local runner ○"),
    };
    view! {
        <a href="/connect" class="runner-link" data-state=move || state().0
            data-testid="runner-link-header">{move || state().1}</a>
    }
}
