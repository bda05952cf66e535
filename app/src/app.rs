//! The app shell: header, routes, footer.

use crate::engine_client;
use crate::layout::{Footer, Header};
use crate::pages::{ConnectPage, Home, InfoPage, NotFound, ScriptsPage};
use crate::playground::Playground;
use crate::runner_client;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    engine_client::install();
    runner_client::install();
    view! {
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            <Header />
            <main id="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/playground") view=Playground />
                    <Route path=path!("/connect") view=ConnectPage />
                    <Route path=path!("/scripts") view=ScriptsPage />
                    <Route path=path!("/:page") view=InfoPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
