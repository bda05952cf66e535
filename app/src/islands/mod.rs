//! Chapter pages are static HTML, written with the site by `ml-intro-pages`: their text reads
//! before any wasm loads, and without JavaScript. On such a page the app does not render the
//! page; it mounts its live parts into the placeholders the page holds: widgets
//! (`.widget-island`), code cells (`.cell-island`, whose script is the text inside), the
//! header's search, theme switch and runner status, the footer, and the checklist's memory.

mod checklist;

use crate::cells::CodeCell;
use crate::layout::{Footer, RunnerLink};
use crate::search::SearchBox;
use crate::theme::ThemeToggle;
use crate::{engine_client, runner_client, widgets};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Mounts the page's live parts; widgets come from `groups` (the program's own).
pub fn mount(groups: &'static [widgets::Group]) {
    engine_client::install();
    for element in all(".widget-island") {
        let name = element.get_attribute("data-widget").unwrap_or_default();
        let params = element.get_attribute("data-params").unwrap_or_default();
        replace(element, move || {
            widgets::widget_view(groups, &name, &params)
        });
    }
    for element in all(".cell-island") {
        let id = element.get_attribute("data-cell-id").unwrap_or_default();
        let title = element.get_attribute("data-cell-title").unwrap_or_default();
        let source = element
            .query_selector("code")
            .ok()
            .flatten()
            .and_then(|code| code.text_content())
            .unwrap_or_default();
        replace(
            element,
            move || view! { <CodeCell id title original=source /> },
        );
    }
    slot("search-slot", SearchBox);
    slot("theme-slot", ThemeToggle);
    slot("runner-slot", RunnerLink);
    slot("footer-slot", Footer);
    checklist::remember_ticks();
    // After mounting, which starts Leptos's task executor: a paired runner connects at once.
    runner_client::install();
}

/// The page's elements matching `selector`.
fn all(selector: &str) -> Vec<HtmlElement> {
    let Ok(list) = document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Replaces what `element` holds with the view `make` builds (for the life of the page).
fn replace<V: IntoView + 'static>(element: HtmlElement, make: impl FnOnce() -> V + 'static) {
    element.set_inner_html("");
    mount_to(element, make).forget();
}

fn slot<V: IntoView + 'static>(id: &str, make: impl FnOnce() -> V + 'static) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element: Element| element.dyn_into::<HtmlElement>().ok())
    {
        replace(element, make);
    }
}
