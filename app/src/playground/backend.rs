//! Where the playground trains: the browser's engine (GPU where available, or CPU) or the
//! local runner; the choice in the address and its switch; the test pages' fault button.

use super::settings::Settings;
use crate::engine_client;
use crate::runner_client::{self, RunnerStatus};
use leptos::prelude::*;
use ml_intro_engine::protocol::{BackendChoice, Fault};

/// Where play trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOn {
    Browser(BackendChoice),
    Runner,
}

impl RunOn {
    /// The value in the address and the switch (`backend=cpu`, `backend=runner`).
    fn as_str(self) -> &'static str {
        match self {
            RunOn::Browser(choice) => choice.as_str(),
            RunOn::Runner => "runner",
        }
    }

    fn from_value(value: &str) -> Self {
        match value {
            "runner" => RunOn::Runner,
            other => RunOn::Browser(BackendChoice::from_url_value(other)),
        }
    }

    /// The choice in the page's address (`?backend=…`).
    pub fn from_address() -> Self {
        let search = window().location().search().unwrap_or_default();
        let value = web_sys::UrlSearchParams::new_with_str(&search)
            .ok()
            .and_then(|params| params.get("backend"))
            .unwrap_or_default();
        Self::from_value(&value)
    }
}

/// Writes the controls (and a backend other than the default) into the address without a new
/// history entry.
pub fn write_address(settings: &Settings, run_on: RunOn) {
    let mut query = settings.to_query();
    if run_on != RunOn::Browser(BackendChoice::Auto) {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("backend=");
        query.push_str(run_on.as_str());
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

/// The "Run on" select: the fastest the browser offers (a hardware GPU through WebGPU, else the
/// CPU), the GPU even where it is a software one, the CPU, or the local runner once one is
/// paired (see the Local runner page).
#[component]
pub fn BackendSwitch(choice: RwSignal<RunOn>, on_switch: Callback<RunOn>) -> impl IntoView {
    let status = runner_client::status();
    let runner_label = move || match status.get() {
        RunnerStatus::Connected(_) => "Local runner",
        RunnerStatus::NotPaired => "Local runner (not paired)",
        _ => "Local runner (not connected)",
    };
    let on_change = move |event| {
        let picked = RunOn::from_value(&event_target_value(&event));
        if picked != choice.get_untracked() {
            on_switch.run(picked);
        }
    };
    let options = [
        (RunOn::Browser(BackendChoice::Auto), "Fastest available"),
        (RunOn::Browser(BackendChoice::Gpu), "GPU (WebGPU)"),
        (RunOn::Browser(BackendChoice::Cpu), "CPU"),
    ];
    view! {
        <label class="backend-choice">
            "Run on "
            <select data-testid="pg-backend-choice" on:change=on_change
                prop:value=move || choice.get().as_str()>
                {options.into_iter().map(|(value, label)| view! {
                    <option value=value.as_str()>{label}</option>
                }).collect::<Vec<_>>()}
                <option value="runner">{runner_label}</option>
            </select>
        </label>
        <Show when=move || choice.get() == RunOn::Runner
            && !matches!(status.get(), RunnerStatus::Connected(_))>
            <a href="/connect" data-testid="pg-runner-connect">"Connect a runner"</a>
        </Show>
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
