//! Fetching the site's own files (example scripts, the search index) as text.

use leptos::prelude::window;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// The body of `url`, or what went wrong (with the URL).
pub async fn text(url: &str) -> Result<String, String> {
    let failed = |error: JsValue| format!("{url}: {error:?}");
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(failed)?;
    let response: Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}
