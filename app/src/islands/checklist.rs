//! A chapter's checklist (its `- [ ]` items): each tick is remembered in this browser, under
//! the item's `data-check` name, until "Erase all my data".

use crate::cells::STORAGE_PREFIX;
use gloo_events::EventListener;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

fn storage_key(check: &str) -> String {
    format!("{STORAGE_PREFIX}check.{check}")
}

pub fn remember_ticks() {
    let Some(storage) = window().local_storage().ok().flatten() else {
        return;
    };
    let Ok(list) = document().query_selector_all("input.check[data-check]") else {
        return;
    };
    for index in 0..list.length() {
        let Some(input) = list
            .item(index)
            .and_then(|node| node.dyn_into::<HtmlInputElement>().ok())
        else {
            continue;
        };
        let key = storage_key(&input.get_attribute("data-check").unwrap_or_default());
        match storage.get_item(&key).ok().flatten().as_deref() {
            Some("1") => input.set_checked(true),
            Some("0") => input.set_checked(false),
            _ => {}
        }
        let storage = storage.clone();
        let target = input.clone();
        EventListener::new(&input, "change", move |_| {
            let _ = storage.set_item(&key, if target.checked() { "1" } else { "0" });
        })
        .forget();
    }
}
