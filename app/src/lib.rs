//! The ml-intro site's wasm programs, from one library; neither links the engine's compute
//! part (widgets send experiments to the web worker, `app/worker`, through [`engine_client`]):
//! - `ml-intro-app` (`src/main.rs`) renders the site's own pages: home, playground, scripts,
//!   runner, information ([`start_site`]);
//! - the chapter programs (`src/bin/ml-intro-chapter*.rs`) run on the chapters' static pages
//!   (written by `app/pages`) and mount their live parts in place ([`start_chapter`]); each
//!   carries some groups of widgets, and a page loads the one its widgets are in.
//!
//! Several programs, so that no page waits for code only another needs.

mod app;
mod canvas;
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

/// Mounts a chapter page's widgets (from `groups`), cells, search and theme switch into its
/// static HTML.
pub fn start_chapter(groups: &'static [Group]) {
    islands::mount(groups);
}

pub use widgets::{
    Group, data as data_widgets, graphs_and_agents as agent_widgets, networks as network_widgets,
    primer as primer_widgets, responsible as responsible_widgets,
};
