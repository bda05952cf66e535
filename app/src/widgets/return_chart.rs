//! Episode returns against episodes, on a linear scale from `low` to `high` (the loss chart's
//! look, without its log axis): the reinforcement-learning widgets' progress.

use leptos::prelude::*;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 160.0;
const MARGIN_LEFT: f64 = 44.0;
const MARGIN_TOP: f64 = 8.0;
const MARGIN_BOTTOM: f64 = 22.0;

/// `returns[i]` is episode `i + 1`'s; `smoothed` (e.g. a moving average) is drawn dashed.
#[component]
pub fn ReturnChart(
    returns: Signal<Vec<f64>>,
    smoothed: Signal<Vec<f64>>,
    low: f64,
    high: f64,
) -> impl IntoView {
    let plot_width = WIDTH - MARGIN_LEFT;
    let plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    let episodes = move || returns.with(Vec::len).max(1);
    let y_of =
        move |value: f64| MARGIN_TOP + plot_height * (high - value.clamp(low, high)) / (high - low);
    let line_through = move |values: Signal<Vec<f64>>| {
        let count = episodes() as f64;
        values.with(|values| {
            values
                .iter()
                .enumerate()
                .map(|(index, &value)| {
                    let x = MARGIN_LEFT + plot_width * ((index + 1) as f64 / count);
                    format!("{x:.1},{:.1}", y_of(value))
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let grid = [high, (high + low) / 2.0, low]
        .into_iter()
        .map(|value| {
            let y = y_of(value);
            view! {
                <line class="grid" x1=MARGIN_LEFT x2=WIDTH y1=y y2=y />
                <text class="tick" x=MARGIN_LEFT - 4.0 y=y + 4.0 text-anchor="end">{value.to_string()}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="loss-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label="Return of each episode">
            {grid}
            <text class="tick" x=WIDTH y=HEIGHT - 4.0 text-anchor="end">
                {move || format!("{} episodes", returns.with(Vec::len))}
            </text>
            <polyline class="loss-line second" points=move || line_through(returns) />
            <polyline class="loss-line" points=move || line_through(smoothed) />
        </svg>
    }
}

/// The mean of each value and the `window - 1` before it.
pub fn moving_average(values: &[f64], window: usize) -> Vec<f64> {
    (0..values.len())
        .map(|index| {
            let from = (index + 1).saturating_sub(window);
            let slice = &values[from..=index];
            slice.iter().sum::<f64>() / slice.len() as f64
        })
        .collect()
}
