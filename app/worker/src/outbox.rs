//! Sending events to the page, including the last word of a panicking engine.

use ml_intro_engine::protocol::Event;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::DedicatedWorkerGlobalScope;

/// Posts one event to the page as a JSON string.
pub fn post(event: &Event) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    match serde_json::to_string(event) {
        Ok(json) => {
            if let Err(error) = scope.post_message(&JsValue::from_str(&json)) {
                console_error(&format!("posting an event failed: {error:?}"));
            }
        }
        Err(error) => console_error(&format!("encoding an event failed: {error}")),
    }
}

pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("ml-intro worker: {message}")));
}

/// A panic in wasm leaves the instance unusable. Before it traps, tell the page what happened
/// so it can show the message and start a fresh worker for the next job.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("the engine panicked: {info}");
        console_error(&message);
        post(&Event::Crashed { message });
    }));
}
