//! Where the playground trains: the backend choice in the address and its switch, and the
//! test pages' fault button.

use super::settings::Settings;
use crate::engine_client;
use leptos::prelude::*;
use ml_intro_engine::protocol::{BackendChoice, Fault};

/// Writes the controls (and a CPU choice) into the address without a new history entry.
pub fn write_address(settings: &Settings) {
    let mut query = settings.to_query();
    if engine_client::backend_choice() == BackendChoice::Cpu {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("backend=cpu");
    }
    let url = if query.is_empty() {
        "/playground".to_string()
    } else {
        format!("/playground?{query}")
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The "Run on" select: the GPU where the browser offers one (WebGPU), or the CPU.
#[component]
pub fn BackendSwitch(
    choice: RwSignal<BackendChoice>,
    on_switch: Callback<BackendChoice>,
) -> impl IntoView {
    let options = [
        (BackendChoice::Auto, "GPU where available"),
        (BackendChoice::Cpu, "CPU"),
    ];
    let on_change = move |event| {
        let picked = BackendChoice::from_url_value(&event_target_value(&event));
        if picked != choice.get_untracked() {
            on_switch.run(picked);
        }
    };
    view! {
        <label class="backend-choice">
            "Run on "
            <select data-testid="pg-backend-choice" on:change=on_change
                prop:value=move || choice.get().as_str()>
                {options.into_iter().map(|(value, label)| view! {
                    <option value=value.as_str()>{label}</option>
                }).collect::<Vec<_>>()}
            </select>
        </label>
    }
}

/// With `?faults` in the address: a button that makes the engine panic, as a lost GPU would.
pub fn fault_button() -> impl IntoView {
    let enabled = window()
        .location()
        .search()
        .is_ok_and(|search| search.contains("faults"));
    enabled.then(|| {
        view! {
            <button type="button" data-testid="pg-inject-panic"
                on:click=move |_| engine_client::inject_fault(Fault::Panic)>"Simulate an engine failure"</button>
        }
    })
}
