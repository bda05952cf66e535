//! The page for an address the site does not have. (The guide pages, installation to
//! references, and the Scripts pages are static pages built from `content/` by `app/pages`.)

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. " <A href="/">"Back to the course map"</A></p>
        </article>
    }
}
