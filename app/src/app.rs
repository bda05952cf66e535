//! The app shell: header, routes, footer.

use crate::engine_client;
use crate::layout::{Footer, Header};
use crate::pages::{ConnectPage, Home, NotFound};
use crate::playground::Playground;
use crate::runner_client;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    engine_client::install();
    runner_client::install();
    // `?embed` (a chapter's iframe) shows the page alone, without the site's header and footer.
    let embedded = window()
        .location()
        .search()
        .is_ok_and(|search| search.contains("embed"));
    if embedded && let Some(body) = document().body() {
        let _ = body.class_list().add_1("embedded");
    }
    view! {
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            {(!embedded).then(|| view! { <Header /> })}
            <main id="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/playground") view=Playground />
                    <Route path=path!("/connect") view=ConnectPage />
                </Routes>
            </main>
            {(!embedded).then(|| view! { <Footer /> })}
        </Router>
    }
}
