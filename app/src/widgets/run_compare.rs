//! Two run records side by side: where each trained and how it ended, the spec fields that
//! differ, and both loss curves on one chart (written as SVG text, like the AutoML chart).

use leptos::prelude::*;
use ml_intro_engine::runs::{CurvePoint, RunRecord, spec_differences};
use std::fmt::Write;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;
/// The y axis spans 10^-3 .. 10^1 of loss, as the loss charts elsewhere.
const LOG_LOSS: (f64, f64) = (-3.0, 1.0);
/// Run A's and run B's colours.
const COLOURS: [&str; 2] = ["#1f77b4", "#d62728"];

#[component]
pub fn RunComparison(first: RunRecord, second: RunRecord) -> impl IntoView {
    let runs = [&first, &second];
    let metric_rows = metrics(&runs)
        .into_iter()
        .map(|(name, values)| {
            view! {
                <tr data-testid="runs-metric" data-metric=name>
                    <th>{name}</th><td>{values[0].clone()}</td><td>{values[1].clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let differences = spec_differences(&first.spec, &second.spec);
    let same_spec = differences.is_empty();
    let difference_rows = differences
        .into_iter()
        .map(|difference| {
            let field = difference.field.clone();
            view! {
                <tr data-testid="runs-difference" data-field=field>
                    <th><code>{difference.field}</code></th>
                    <td>{difference.first}</td><td>{difference.second}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="run-comparison" data-testid="runs-compare">
            <table>
                <thead><tr>
                    <th></th>
                    <th style=format!("color:{}", COLOURS[0])>"A: "{first.title.clone()}</th>
                    <th style=format!("color:{}", COLOURS[1])>"B: "{second.title.clone()}</th>
                </tr></thead>
                <tbody>{metric_rows}</tbody>
            </table>
            <h4>"What differs in the spec"</h4>
            {if same_spec {
                view! { <p class="caption" data-testid="runs-same-spec">"Nothing: the two runs had the same spec."</p> }.into_any()
            } else {
                view! { <table><tbody>{difference_rows}</tbody></table> }.into_any()
            }}
            <h4>"Training loss (solid) and test loss (dashed)"</h4>
            <div inner_html=curves(&runs)></div>
        </div>
    }
}

/// The rows of the metrics table: a name and each run's value in words.
fn metrics(runs: &[&RunRecord; 2]) -> Vec<(&'static str, [String; 2])> {
    let each = |show: &dyn Fn(&RunRecord) -> String| [show(runs[0]), show(runs[1])];
    vec![
        (
            "where",
            each(&|run| format!("{} · {}", run.place, run.device)),
        ),
        ("started", each(&|run| super::runs::started(run.started_ms))),
        (
            "steps",
            each(&|run| run.metrics.map_or(String::new(), |m| m.step.to_string())),
        ),
        ("training time", each(&|run| duration(run.duration_ms))),
        (
            "steps/s",
            each(&|run| {
                run.steps_per_sec()
                    .map_or(String::new(), |rate| format!("{rate:.0}"))
            }),
        ),
        (
            "train loss",
            each(&|run| loss(run.metrics.map(|m| m.train_loss))),
        ),
        (
            "test loss",
            each(&|run| loss(run.metrics.and_then(|m| m.test_loss))),
        ),
        (
            "accuracy",
            each(&|run| share(run.metrics.and_then(|m| m.accuracy))),
        ),
        (
            "end",
            each(&|run| match &run.error {
                Some(error) => format!("{}: {error}", run.end),
                None => run.end.to_string(),
            }),
        ),
    ]
}

pub fn duration(duration_ms: f64) -> String {
    if duration_ms < 1000.0 {
        format!("{duration_ms:.0} ms")
    } else {
        format!("{:.1} s", duration_ms / 1000.0)
    }
}

pub fn loss(loss: Option<f32>) -> String {
    loss.map_or(String::new(), |loss| format!("{loss:.4}"))
}

pub fn share(share: Option<f32>) -> String {
    share.map_or(String::new(), |share| format!("{:.1} %", share * 100.0))
}

/// Both runs' curves on shared axes (steps up to the longer run's last).
fn curves(runs: &[&RunRecord; 2]) -> String {
    let max_step = runs
        .iter()
        .filter_map(|run| run.curve.last().map(|point| point.step))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let plot_width = WIDTH - LEFT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x_of = |step: u64| LEFT + plot_width * step as f64 / max_step;
    let y_of = |loss: f32| {
        let log_loss = f64::from(loss.max(1e-12))
            .log10()
            .clamp(LOG_LOSS.0, LOG_LOSS.1);
        TOP + plot_height * (LOG_LOSS.1 - log_loss) / (LOG_LOSS.1 - LOG_LOSS.0)
    };
    let mut svg = format!(
        r#"<svg class="loss-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="loss curves of runs A and B">"#
    );
    for loss in [10.0_f32, 1.0, 0.1, 0.01, 0.001] {
        let y = y_of(loss);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{WIDTH}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{loss}</text>"#,
            LEFT - 4.0,
            y + 4.0
        );
    }
    let _ = write!(
        svg,
        r#"<text class="tick" x="{WIDTH}" y="{}" text-anchor="end">step {max_step}</text>"#,
        HEIGHT - 4.0
    );
    for (index, run) in runs.iter().enumerate() {
        let line = |value: fn(&CurvePoint) -> Option<f32>| {
            run.curve
                .iter()
                .filter_map(|point| {
                    Some(format!(
                        "{:.1},{:.1}",
                        x_of(point.step),
                        y_of(value(point)?)
                    ))
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let colour = COLOURS[index];
        let name = ["a", "b"][index];
        let _ = write!(
            svg,
            r#"<polyline data-testid="runs-curve" data-run="{name}" data-points="{}" fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            run.curve.len(),
            line(|point| Some(point.train_loss))
        );
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3" points="{}"/>"#,
            line(|point| point.test_loss)
        );
    }
    svg.push_str("</svg>");
    svg
}
