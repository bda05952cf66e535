//! The ml-intro site: a Leptos (client-side) app. It never links the engine's compute part:
//! widgets send experiments to the web worker (`app/worker`) through [`engine_client`].

mod app;
mod cells;
mod chapters;
mod content;
mod engine_client;
mod layout;
mod pages;
mod playground;
mod runner_client;
mod script_client;
mod widgets;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
