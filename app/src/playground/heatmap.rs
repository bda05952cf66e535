//! Heatmaps of values over the input plane (the decision boundary, each neuron, each input
//! feature), drawn into a small canvas and scaled smoothly by the browser, with the data
//! points as crisp SVG on top.

use leptos::html::Canvas;
use leptos::prelude::*;
use ml_intro_engine::spec::DATA_EXTENT;
use ml_intro_engine::{Grid, PlanePoints};

/// TensorFlow Playground's colours: orange for −1, near-white for 0, blue for +1.
const NEGATIVE: [f32; 3] = [245.0, 147.0, 34.0];
const NEUTRAL: [f32; 3] = [232.0, 234.0, 235.0];
const POSITIVE: [f32; 3] = [8.0, 119.0, 189.0];

/// The colour of a value in −1..=1 (clamped), as CSS `rgb(…)` parts.
pub fn colour(value: f32) -> [u8; 3] {
    let value = if value.is_finite() {
        value.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (from, to, share) = if value < 0.0 {
        (NEUTRAL, NEGATIVE, -value)
    } else {
        (NEUTRAL, POSITIVE, value)
    };
    [0, 1, 2].map(|i| (from[i] + (to[i] - from[i]) * share).round() as u8)
}

pub fn css_colour(value: f32) -> String {
    let [red, green, blue] = colour(value);
    format!("rgb({red},{green},{blue})")
}

/// How grid values map to −1..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Probabilities 0..=1 of class 1.
    Probability,
    /// Values already about −1..=1 (tanh neurons, regression targets, features).
    Signed,
}

impl Scale {
    pub fn apply(self, value: f32, discretize: bool) -> f32 {
        let signed = match self {
            Scale::Probability => 2.0 * value - 1.0,
            Scale::Signed => value,
        };
        if discretize {
            if signed >= 0.0 { 1.0 } else { -1.0 }
        } else {
            signed
        }
    }
}

/// A grid drawn as a heatmap; `points` (with test points when `show_test`) drawn over it.
#[component]
pub fn Heatmap(
    #[prop(into)] grid: Signal<Option<Grid>>,
    scale: Scale,
    #[prop(into, default = Signal::stored(false))] discretize: Signal<bool>,
    #[prop(into, default = Signal::stored(None))] points: Signal<Option<PlanePoints>>,
    #[prop(into, default = Signal::stored(false))] show_test: Signal<bool>,
    #[prop(into)] class: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let discretize = discretize.get();
        grid.with(|grid| {
            if let (Some(grid), Some(canvas)) = (grid, canvas.get()) {
                draw(&canvas, grid, scale, discretize);
            }
        });
    });
    let dots = move || {
        let show_test = show_test.get();
        points.with(|points| {
            let Some(points) = points else {
                return Vec::new();
            };
            let test = points.test.iter().filter(move |_| show_test);
            points
                .train
                .iter()
                .map(|point| (point, false))
                .chain(test.map(|point| (point, true)))
                .map(|(&[x1, x2, label], is_test)| {
                    let fill = css_colour(if scale == Scale::Probability {
                        2.0 * label - 1.0
                    } else {
                        label
                    });
                    view! {
                        <circle cx=format!("{x1:.2}") cy=format!("{:.2}", -x2) r="0.17" fill=fill
                            class:test-point=is_test />
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let extent = move || points.with(|points| points.as_ref().map_or(DATA_EXTENT, |p| p.extent));
    view! {
        <div class=format!("heatmap {class}") role="img" aria-label=label>
            <canvas node_ref=canvas width="1" height="1"></canvas>
            <svg viewBox=move || { let e = extent(); format!("{} {} {} {}", -e, -e, 2.0 * e, 2.0 * e) }
                preserveAspectRatio="none" aria-hidden="true">
                {dots}
            </svg>
        </div>
    }
}

fn draw(canvas: &web_sys::HtmlCanvasElement, grid: &Grid, scale: Scale, discretize: bool) {
    let side = grid.resolution as u32;
    if canvas.width() != side {
        canvas.set_width(side);
        canvas.set_height(side);
    }
    let mut pixels = Vec::with_capacity(grid.values.len() * 4);
    for &value in &grid.values {
        let [red, green, blue] = colour(scale.apply(value, discretize));
        pixels.extend_from_slice(&[red, green, blue, 255]);
    }
    crate::canvas::put_pixels(canvas, &pixels, side, side);
}
