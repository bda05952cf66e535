//! A script's outputs under its cell: text, charts (SVG), heatmaps and images (SVG cells),
//! tables, and one live loss curve for the training it ran.

use crate::playground::Settings;
use crate::widgets::LossChart;
use leptos::prelude::*;
use ml_intro_engine::script::output::{PlotKind, ScriptOutput};

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const MARGIN: f64 = 12.0;
/// Heatmaps and images draw at most this many cells (larger ones are refused with a note).
const MAX_CELLS: usize = 40_000;

#[component]
pub fn Outputs(outputs: RwSignal<Vec<ScriptOutput>>) -> impl IntoView {
    let losses = Signal::derive(move || {
        outputs.with(|outputs| {
            outputs
                .iter()
                .filter_map(|output| match output {
                    ScriptOutput::Progress { snapshot } => {
                        Some((snapshot.step, snapshot.train_loss))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="cell-outputs" data-testid="cell-outputs" aria-live="polite">
            {move || outputs.get().into_iter().filter_map(output_view).collect_view()}
            <Show when=move || losses.with(|losses| !losses.is_empty())>
                <LossChart points=losses />
            </Show>
        </div>
    }
}

fn output_view(output: ScriptOutput) -> Option<AnyView> {
    Some(match output {
        ScriptOutput::Text { text } => view! { <pre class="cell-text">{text}</pre> }.into_any(),
        ScriptOutput::Plot { kind, x, y, labels } => plot(kind, &x, &y, &labels).into_any(),
        ScriptOutput::Heatmap { rows, columns, values } => grid(rows, columns, &values, "heatmap").into_any(),
        ScriptOutput::Images { side, images } => view! {
            <div class="cell-images">
                {images.iter().map(|image| grid(side, side, image, "image")).collect_view()}
            </div>
        }
        .into_any(),
        ScriptOutput::Table { headers, rows } => view! {
            <table class="cell-table">
                <thead><tr>{headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>{rows.into_iter().map(|row| view! {
                    <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                }).collect_view()}</tbody>
            </table>
        }
        .into_any(),
        ScriptOutput::Progress { .. } => return None,
        ScriptOutput::Playground { spec } => playground_link(&spec).into_any(),
    })
}

/// A link that opens the script's experiment in the playground (a cell seeding a widget).
fn playground_link(spec: &serde_json::Value) -> impl IntoView + use<> {
    match Settings::from_spec(spec) {
        Ok((settings, changes)) => {
            let href = format!("/playground?{}", settings.to_query());
            let note = (!changes.is_empty())
                .then(|| format!(" (for the playground's controls: {})", changes.join(", ")));
            view! {
                <p class="cell-seed">
                    <a href=href data-testid="cell-playground-link">"Open this experiment in the playground →"</a>
                    {note}
                </p>
            }
            .into_any()
        }
        Err(reason) => {
            view! { <p class="note">{format!("Not for the playground: {reason}.")}</p> }.into_any()
        }
    }
}

/// The range of `values`, widened when they are all equal.
fn range(values: &[f64]) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    match (low.is_finite(), high > low) {
        (true, true) => (low, high),
        (true, false) => (low - 1.0, low + 1.0),
        _ => (0.0, 1.0),
    }
}

fn plot(kind: PlotKind, x: &[f64], y: &[f64], labels: &[f64]) -> impl IntoView + use<> {
    let ((x_low, x_high), (y_low, y_high)) = (range(x), range(y));
    let to_x = move |v: f64| MARGIN + (WIDTH - 2.0 * MARGIN) * (v - x_low) / (x_high - x_low);
    let to_y =
        move |v: f64| HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * (v - y_low) / (y_high - y_low);
    let marks = match kind {
        PlotKind::Line => {
            let points: Vec<String> = x.iter().zip(y).map(|(&a, &b)| format!("{:.1},{:.1}", to_x(a), to_y(b))).collect();
            view! { <polyline class="cell-line" points=points.join(" ") /> }.into_any()
        }
        PlotKind::Scatter => x
            .iter()
            .zip(y)
            .enumerate()
            .map(|(index, (&a, &b))| {
                let class = labels.get(index).map_or("cell-point", |&label| point_class(label));
                view! { <circle class=class cx=format!("{:.1}", to_x(a)) cy=format!("{:.1}", to_y(b)) r="2.5" /> }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <svg class="cell-plot" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label=format!("{} of {} points", if kind == PlotKind::Line { "Line chart" } else { "Scatter plot" }, x.len())>
            {marks}
        </svg>
    }
}

/// A scattered point's colour class from its label: 0 and 1 (the toy data's two classes) as
/// negative and positive, whole numbers 2 to 7 (clusters, digits…) each a colour of its own.
fn point_class(label: f64) -> &'static str {
    const CLASSES: [&str; 8] = [
        "cell-point negative",
        "cell-point positive",
        "cell-point class-2",
        "cell-point class-3",
        "cell-point class-4",
        "cell-point class-5",
        "cell-point class-6",
        "cell-point class-7",
    ];
    match label.round() {
        rounded if (0.0..8.0).contains(&rounded) && (label - rounded).abs() < 1e-9 => {
            CLASSES[rounded as usize]
        }
        _ if label > 0.5 => "cell-point positive",
        _ => "cell-point negative",
    }
}

/// `rows × columns` values as grey (images, 0…1) or coloured (heatmaps, their own range) cells.
fn grid(rows: usize, columns: usize, values: &[f64], what: &'static str) -> AnyView {
    if rows * columns > MAX_CELLS || values.len() != rows * columns {
        return view! { <p class="note">{format!("A {rows}×{columns} {what} is too large to draw here.")}</p> }.into_any();
    }
    let (low, high) = if what == "image" {
        (0.0, 1.0)
    } else {
        range(values)
    };
    let cells = values.iter().enumerate().map(|(index, &value)| {
        let shade = ((value - low) / (high - low)).clamp(0.0, 1.0);
        let fill = if what == "image" {
            let grey = (255.0 * shade).round() as u8;
            format!("rgb({grey},{grey},{grey})")
        } else {
            format!("hsl({:.0},70%,50%)", 240.0 * (1.0 - shade))
        };
        view! { <rect x=(index % columns).to_string() y=(index / columns).to_string() width="1" height="1" fill=fill /> }
    });
    view! {
        <svg class=format!("cell-{what}") viewBox=format!("0 0 {columns} {rows}") role="img"
            aria-label=format!("A {rows}×{columns} {what}") shape-rendering="crispEdges">
            {cells.collect_view()}
        </svg>
    }
    .into_any()
}
