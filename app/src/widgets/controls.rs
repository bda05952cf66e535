//! Small controls the widgets share: a labelled slider and a number shown the same way
//! everywhere.

use leptos::prelude::*;
use web_sys::{Element, PointerEvent};

/// A range input bound to `value`, labelled with `label` and the value as `show` writes it.
#[component]
pub fn Slider(
    label: &'static str,
    value: RwSignal<f64>,
    min: f64,
    max: f64,
    step: f64,
    show: fn(f64) -> String,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! {
        <label class="slider">
            <span>{label}</span>
            <input
                type="range"
                min=min
                max=max
                step=step
                data-testid=testid
                prop:value=move || value.get().to_string()
                on:input=move |event| {
                    if let Ok(number) = event_target_value(&event).parse::<f64>() {
                        value.set(number);
                    }
                }
            />
            <output>{move || show(value.get())}</output>
        </label>
    }
}

pub fn percent(value: f64) -> String {
    if value < 0.01 {
        format!("{:.2} %", value * 100.0)
    } else {
        format!("{:.1} %", value * 100.0)
    }
}

/// A quantity of bits (or anything else), with ∞ spelled out.
pub fn number(value: f64) -> String {
    if value.is_infinite() {
        "∞".into()
    } else if value.abs() >= 1000.0 || (value != 0.0 && value.abs() < 0.001) {
        format!("{value:.2e}")
    } else {
        format!("{value:.3}")
    }
}

/// Where `event` happened inside `svg`, in `width × height` view-box units (the SVG scales
/// with the page). The element is passed in: Leptos delegates events, so the event's own
/// current target is the document.
pub fn point_in_view(
    event: &PointerEvent,
    svg: Option<impl AsRef<Element>>,
    width: f64,
    height: f64,
) -> Option<(f64, f64)> {
    let rect = svg?.as_ref().get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    Some((
        (f64::from(event.client_x()) - rect.left()) / rect.width() * width,
        (f64::from(event.client_y()) - rect.top()) / rect.height() * height,
    ))
}

/// Calls `tick` every `period` for as long as the calling widget lives.
pub fn every(period: std::time::Duration, tick: impl Fn() + 'static) {
    if let Ok(handle) = set_interval_with_handle(tick, period) {
        on_cleanup(move || handle.clear());
    }
}

/// The "run on this browser or the local runner" choice the training widgets and code cells
/// share, writing `on_runner`. `browser` and `runner` are the options' words (the runner's
/// gains "(not connected)" while no runner is).
#[component]
pub fn RunOnSelect(
    label: &'static str,
    browser: &'static str,
    runner: &'static str,
    #[prop(into)] testid: String,
    #[prop(into)] disabled: Signal<bool>,
    on_runner: RwSignal<bool>,
) -> impl IntoView {
    let runner_status = crate::runner_client::status();
    let runner_words = move || match runner_status.get() {
        crate::runner_client::RunnerStatus::Connected(_) => runner.to_string(),
        _ => format!("{runner} (not connected)"),
    };
    view! {
        <label class="backend-choice">
            {label}
            <select data-testid=testid disabled=move || disabled.get()
                on:change=move |event| on_runner.set(event_target_value(&event) == "runner")>
                <option value="browser">{browser}</option>
                <option value="runner">{runner_words}</option>
            </select>
        </label>
    }
}
