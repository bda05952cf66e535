//! A live loss curve drawn as SVG: log-scaled loss against optimizer steps.

use leptos::prelude::*;

const WIDTH: f32 = 480.0;
const HEIGHT: f32 = 180.0;
const MARGIN_LEFT: f32 = 44.0;
const MARGIN_TOP: f32 = 8.0;
const MARGIN_BOTTOM: f32 = 22.0;
/// The y axis spans 10^-3 .. 10^1 of loss.
const LOG_LOSS_MIN: f32 = -3.0;
const LOG_LOSS_MAX: f32 = 1.0;

/// `points` are `(step, loss)` pairs in step order; `second` (e.g. the test loss) is drawn
/// dashed on the same axes.
#[component]
pub fn LossChart(
    points: Signal<Vec<(u64, f32)>>,
    #[prop(optional, into)] second: Option<Signal<Vec<(u64, f32)>>>,
) -> impl IntoView {
    let plot_width = WIDTH - MARGIN_LEFT;
    let plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    let max_step =
        move || points.with(|points| points.last().map_or(1, |(step, _)| (*step).max(1)));
    let y_of = move |loss: f32| {
        let log_loss = loss.max(1e-12).log10().clamp(LOG_LOSS_MIN, LOG_LOSS_MAX);
        MARGIN_TOP + plot_height * (LOG_LOSS_MAX - log_loss) / (LOG_LOSS_MAX - LOG_LOSS_MIN)
    };
    let line_through = move |points: Signal<Vec<(u64, f32)>>| {
        let max_step = max_step() as f32;
        points.with(|points| {
            points
                .iter()
                .map(|(step, loss)| {
                    let x = MARGIN_LEFT + plot_width * (*step as f32 / max_step);
                    format!("{x:.1},{:.1}", y_of(*loss))
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let polyline = move || line_through(points);
    let second_line = move || second.map(line_through).unwrap_or_default();
    let grid = [10.0_f32, 1.0, 0.1, 0.01, 0.001]
        .into_iter()
        .map(|loss| {
            let y = format!("{:.1}", y_of(loss));
            let label_y = format!("{:.1}", y_of(loss) + 4.0);
            view! {
                <line class="grid" x1=MARGIN_LEFT.to_string() x2=WIDTH.to_string() y1=y.clone() y2=y />
                <text class="tick" x=(MARGIN_LEFT - 4.0).to_string() y=label_y text-anchor="end">
                    {loss.to_string()}
                </text>
            }
        })
        .collect_view();
    let axis_y = (MARGIN_TOP + plot_height).to_string();
    view! {
        <svg
            class="loss-chart"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label="Training loss (log scale) against steps"
        >
            {grid}
            <line class="axis" x1=MARGIN_LEFT.to_string() x2=WIDTH.to_string() y1=axis_y.clone() y2=axis_y />
            <text class="tick" x=MARGIN_LEFT.to_string() y=(HEIGHT - 4.0).to_string()>"0"</text>
            <text class="tick" x=WIDTH.to_string() y=(HEIGHT - 4.0).to_string() text-anchor="end">
                {move || format!("{} steps", max_step())}
            </text>
            <polyline class="loss-line" points=polyline />
            {second.is_some().then(|| view! { <polyline class="loss-line second" points=second_line /> })}
        </svg>
    }
}
