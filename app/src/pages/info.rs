//! The site's other pages: installation, usage, contributing, references; and "not found".

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InfoPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.read().get("page").as_deref() {
        Some("install") => Either::Left(install().into_any()),
        Some("usage") => Either::Left(usage().into_any()),
        Some("contributing") => Either::Left(contributing().into_any()),
        Some("references") => Either::Left(references().into_any()),
        _ => Either::Right(view! { <NotFound /> }),
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. " <A href="/">"Back to the course map"</A></p>
        </article>
    }
}

fn install() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"Installation"</h1>
            <p>"Nothing to install: every chapter runs in your browser. Browsers with WebGPU (recent Chrome, Edge, Safari, Firefox) train on your GPU; the others train on the CPU, and each widget says which."</p>
            <h2>"Optional: the native companion"</h2>
            <p>"To serve the course yourself, or (soon) to train bigger models on your own CUDA, Vulkan or CPU hardware, build the " <code>"ml-intro"</code> " binary from the repository on a machine with rustup:"</p>
            <pre><code>"make serve   # builds the site and serves it on http://127.0.0.1:8080/"</code></pre>
        </article>
    }
}

fn usage() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"Usage"</h1>
            <p>"Pick a chapter from the course map. Widgets train when you press " <strong>"Train"</strong> "; training runs in a background worker, so the page stays responsive, and " <strong>"Stop"</strong> " halts it at once."</p>
            <p>"The footer shows the engine in use. Add " <code>"?backend=cpu"</code> " to an address to train on the CPU even where WebGPU is available."</p>
        </article>
    }
}

fn contributing() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"Contributing"</h1>
            <p>"The course is open source (MIT). Chapters live as Markdown in " <code>"content/"</code> ", models and training in the " <code>"engine"</code> " crate, the site in " <code>"app"</code> ". " <code>"make test"</code> " sets up everything the tests need and runs them all; " <code>"make hooks"</code> " installs a pre-commit hook that runs rustfmt and clippy."</p>
        </article>
    }
}

fn references() -> impl IntoView {
    view! {
        <article class="info">
            <h1>"References"</h1>
            <ul>
                <li>"Burn, the Rust deep-learning framework behind every widget: burn.dev"</li>
                <li>"Leptos, the web framework of this site: leptos.dev"</li>
                <li>"TensorFlow Playground (Smilkov, Carter et al.), whose toy data sets we reproduce"</li>
                <li>"Goodfellow, Bengio, Courville: Deep Learning. MIT Press, 2016"</li>
            </ul>
        </article>
    }
}
