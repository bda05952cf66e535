//! Gradient descent on a 2-D loss surface: SGD, momentum and Adam from the same start with the
//! same learning rate, drawn over the surface's contours. Click the map to start elsewhere.

use crate::widgets::controls::{every, number, point_in_view};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::svg::Svg;
use ml_intro_engine::primer::descent::{Optimizer, Path, Surface, descend};
use std::time::Duration;
use web_sys::PointerEvent;

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 300.0;
/// Pixels of the contour map (the browser scales it up smoothly).
const MAP_WIDTH: u32 = 160;
const MAP_HEIGHT: u32 = 120;
const STEPS: usize = 300;
/// Steps drawn per animation tick (every 30 ms): the whole run shows in about 2 s.
const STEPS_PER_TICK: usize = 5;
const COLOURS: [&str; 3] = ["#d9480f", "#2f9e44", "#1971c2"];

fn to_view(surface: Surface, (x, y): (f64, f64)) -> (f64, f64) {
    let (x_min, x_max, y_min, y_max) = surface.bounds();
    (
        (x - x_min) / (x_max - x_min) * WIDTH,
        (y_max - y) / (y_max - y_min) * HEIGHT,
    )
}

fn to_data(surface: Surface, (x, y): (f64, f64)) -> (f64, f64) {
    let (x_min, x_max, y_min, y_max) = surface.bounds();
    (
        x_min + x / WIDTH * (x_max - x_min),
        y_max - y / HEIGHT * (y_max - y_min),
    )
}

/// Paints the surface's loss (on a log scale, light is low) into `canvas`.
fn paint(canvas: &web_sys::HtmlCanvasElement, surface: Surface) {
    let heights: Vec<f64> = (0..MAP_HEIGHT)
        .flat_map(|row| (0..MAP_WIDTH).map(move |column| (row, column)))
        .map(|(row, column)| {
            let at = to_data(
                surface,
                (
                    (f64::from(column) + 0.5) / f64::from(MAP_WIDTH) * WIDTH,
                    (f64::from(row) + 0.5) / f64::from(MAP_HEIGHT) * HEIGHT,
                ),
            );
            (surface.loss(at.0, at.1) - surface.minimum() + 1e-3).ln()
        })
        .collect();
    let low = heights.iter().copied().fold(f64::INFINITY, f64::min);
    let high = heights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut pixels = Vec::with_capacity(heights.len() * 4);
    for height in heights {
        let share = ((height - low) / (high - low).max(1e-9)).clamp(0.0, 1.0);
        // Contour bands: every twelfth of the range is a little darker.
        let band = if (share * 12.0).fract() < 0.08 {
            0.85
        } else {
            1.0
        };
        let shade = |light: f64, dark: f64| ((light + (dark - light) * share) * band) as u8;
        pixels.extend([
            shade(246.0, 70.0),
            shade(244.0, 92.0),
            shade(236.0, 140.0),
            255,
        ]);
    }
    crate::canvas::put_pixels(canvas, &pixels, MAP_WIDTH, MAP_HEIGHT);
}

fn polyline(surface: Surface, path: &Path, shown: usize) -> String {
    path.points
        .iter()
        .take(shown + 1)
        .map(|&point| {
            let (x, y) = to_view(surface, point);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn DescentWidget(#[prop(into)] surface: String) -> impl IntoView {
    let surface = RwSignal::new(Surface::from_name(&surface).unwrap_or(Surface::Bowl));
    let log_rate = RwSignal::new(surface.get_untracked().default_learning_rate().log10());
    let start = RwSignal::new(surface.get_untracked().default_start());
    let shown = RwSignal::new(0_usize);
    let canvas = NodeRef::<Canvas>::new();
    let svg = NodeRef::<Svg>::new();

    let paths = Memo::new(move |_| {
        let rate = 10f64.powf(log_rate.get());
        Optimizer::ALL.map(|optimizer| descend(surface.get(), optimizer, start.get(), rate, STEPS))
    });
    // Replays the run whenever it changes.
    Effect::new(move |_| {
        paths.track();
        shown.set(0);
    });
    Effect::new(move |_| {
        if let Some(canvas) = canvas.get() {
            paint(&canvas, surface.get());
        }
    });
    every(Duration::from_millis(30), move || {
        if shown.get_untracked() < STEPS {
            shown.update(|shown| *shown = (*shown + STEPS_PER_TICK).min(STEPS));
        }
    });

    let choose_surface = move |event: leptos::ev::Event| {
        if let Some(chosen) = Surface::from_name(&event_target_value(&event)) {
            surface.set(chosen);
            start.set(chosen.default_start());
            log_rate.set(chosen.default_learning_rate().log10());
        }
    };
    let restart_at = move |event: PointerEvent| {
        if let Some(at) = point_in_view(&event, svg.get_untracked(), WIDTH, HEIGHT) {
            start.set(to_data(surface.get_untracked(), at));
        }
    };
    let lines = move || {
        let surface = surface.get();
        let shown = shown.get();
        paths.with(|paths| {
            paths
                .iter()
                .zip(COLOURS)
                .map(|(path, colour)| {
                    view! { <polyline points=polyline(surface, path, shown) fill="none" stroke=colour stroke-width="2.5" /> }
                })
                .collect_view()
        })
    };
    let start_mark = move || to_view(surface.get(), start.get());
    let rows = move || {
        let surface = surface.get();
        let shown = shown.get();
        paths.with(|paths| {
            paths
                .iter()
                .zip(COLOURS)
                .map(|(path, colour)| {
                    let index = shown.min(path.points.len() - 1);
                    let (x, y) = path.points[index];
                    let loss = if path.diverged && shown >= path.points.len() - 1 {
                        "diverged".to_string()
                    } else {
                        number(surface.loss(x, y))
                    };
                    let name = path.optimizer.label();
                    view! {
                        <tr>
                            <th scope="row"><span class="swatch" style=format!("background:{colour}")></span>{name}</th>
                            <td data-testid=format!("descent-loss-{}", name.to_lowercase())>{loss}</td>
                            <td>{format!("({x:.3}, {y:.3})")}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="widget" data-testid="descent-widget">
            <h3>"Gradient descent: SGD, momentum and Adam"</h3>
            <div class="widget-controls">
                <label>"Surface "
                    <select data-testid="descent-surface" on:change=choose_surface
                        prop:value=move || surface.get().name()>
                        <option value="bowl">"Convex bowl"</option>
                        <option value="saddle">"Saddle"</option>
                        <option value="rosenbrock">"Rosenbrock valley"</option>
                    </select>
                </label>
                <label class="slider">
                    <span>"Learning rate"</span>
                    <input type="range" min="-4" max="0" step="0.05" data-testid="descent-rate"
                        prop:value=move || log_rate.get().to_string()
                        on:input=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<f64>() {
                                log_rate.set(value);
                            }
                        } />
                    <output data-testid="descent-rate-value">{move || format!("{:.4}", 10f64.powf(log_rate.get()))}</output>
                </label>
            </div>
            <div class="plane-stack">
                <canvas node_ref=canvas width=MAP_WIDTH height=MAP_HEIGHT class="plane-map"></canvas>
                <svg node_ref=svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                    aria-label="Loss contours with the optimisers' paths; click to start elsewhere"
                    on:pointerdown=restart_at>
                    {lines}
                    <circle r="6" fill="var(--ink)" cx=move || start_mark().0 cy=move || start_mark().1 />
                </svg>
            </div>
            <table class="readout">
                <thead><tr><th>"Optimiser"</th><th>{move || format!("Loss after {} steps", shown.get())}</th><th>"Where"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="note" data-testid="descent-status">{move || if shown.get() >= STEPS { "Finished: click the map to start from another point." } else { "Descending…" }}</p>
        </section>
    }
}
