//! The ml-intro site's two wasm programs, from one library; neither links the engine's compute
//! part (widgets send experiments to the web worker, `app/worker`, through [`engine_client`]):
//! - `ml-intro-app` (`src/main.rs`) renders the site's own pages: home, playground, scripts,
//!   runner, information ([`start_site`]);
//! - `ml-intro-chapter` (`src/bin/ml-intro-chapter.rs`) runs on the chapters' static pages
//!   (written by `app/pages`) and mounts their live parts in place ([`start_chapter`]).
//!
//! Two programs, so that neither page waits for code only the other needs.

mod app;
mod cells;
// Shared with `app/pages`, which uses all of it; the app only the course map.
#[allow(dead_code)]
mod chapters;
mod engine_client;
mod fetch;
mod islands;
mod layout;
mod pages;
mod playground;
mod runner_client;
mod script_client;
mod search;
mod theme;
mod widgets;

/// Renders the site's own pages into `<body>`.
pub fn start_site() {
    leptos::mount::mount_to_body(app::App);
}

/// Mounts a chapter page's widgets, cells, search and theme switch into its static HTML.
pub fn start_chapter() {
    islands::mount();
}
