//! Draw a digit for a trained CNN: its class probabilities, its first layer's filters and
//! both layers' feature maps for the drawing, updated as it trains and as you draw.

use crate::widgets::controls::point_in_view;
use crate::widgets::live_answer::live_answer;
use crate::widgets::training::{TrainedModel, draw_images};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::svg::Svg;
use ml_intro_engine::query::{Answer, Query};

const SIDE: usize = 8;

/// Starting drawings, `#` ink and `+` half ink, in the 8×8 digits' style.
const PRESETS: [(&str, &str); 3] = [
    (
        "0",
        "..####.. .##..##. .#....#. .#....#. .#....#. .#....#. .##..##. ..####..",
    ),
    (
        "1",
        "...##... ..###... .+.##... ...##... ...##... ...##... ...##... ..####..",
    ),
    (
        "7",
        ".######. ......#. .....##. ....##.. ...##... ...#+... ..##.... ..#.....",
    ),
];

fn preset(rows: &str) -> Vec<f32> {
    rows.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '#' => 1.0,
            '+' => 0.5,
            _ => 0.0,
        })
        .collect()
}

/// Adds ink at a cell, and a little around it, as a pen's soft edge.
fn ink(pixels: &mut [f32], row: usize, column: usize) {
    for (d_row, d_column, amount) in [
        (0, 0, 1.0),
        (-1, 0, 0.3),
        (1, 0, 0.3),
        (0, -1, 0.3),
        (0, 1, 0.3),
    ] {
        let (r, c) = (row as isize + d_row, column as isize + d_column);
        if (0..SIDE as isize).contains(&r) && (0..SIDE as isize).contains(&c) {
            let cell = &mut pixels[r as usize * SIDE + c as usize];
            *cell = (*cell + amount).min(1.0);
        }
    }
}

/// Each tile scaled to 0..=1 over its own range (filters have negative weights).
fn stretched(tiles: &[Vec<f32>]) -> Vec<Vec<f32>> {
    tiles
        .iter()
        .map(|tile| {
            let low = tile.iter().copied().fold(f32::MAX, f32::min);
            let high = tile.iter().copied().fold(f32::MIN, f32::max);
            let span = (high - low).max(1e-6);
            tile.iter().map(|v| (v - low) / span).collect()
        })
        .collect()
}

/// Feature maps scaled together, so a quiet channel looks quiet.
fn scaled_together(maps: &[Vec<f32>]) -> Vec<Vec<f32>> {
    let high = maps.iter().flatten().copied().fold(1e-6, f32::max);
    maps.iter()
        .map(|map| map.iter().map(|v| v / high).collect())
        .collect()
}

#[component]
pub fn DrawDigit() -> impl IntoView {
    let model = expect_context::<TrainedModel>();
    let pixels = RwSignal::new(preset(PRESETS[2].1));
    let drawing = RwSignal::new(false);
    let answer = live_answer(move || {
        Some(Query::Classify {
            pixels: pixels.get(),
        })
    });
    let probabilities = Memo::new(move |_| match answer.get() {
        Some(Ok(Answer::Classes { probabilities, .. })) => Some(probabilities),
        _ => None,
    });
    let layers = Memo::new(move |_| match answer.get() {
        Some(Ok(Answer::Classes { layers, .. })) => layers,
        _ => Vec::new(),
    });
    let error = move || match answer.get() {
        Some(Err(message)) => Some(message),
        _ => None,
    };
    let svg = NodeRef::<Svg>::new();
    let filters = NodeRef::<Canvas>::new();
    let first_maps = NodeRef::<Canvas>::new();
    let second_maps = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        layers.with(|layers| {
            let Some(first) = layers.first() else {
                return;
            };
            if let Some(canvas) = filters.get() {
                draw_images(&canvas, first.filter_side, &stretched(&first.filters));
            }
            for (layer, canvas) in layers.iter().zip([first_maps.get(), second_maps.get()]) {
                if let Some(canvas) = canvas {
                    draw_images(&canvas, layer.map_side, &scaled_together(&layer.maps));
                }
            }
        });
    });

    let paint_at = move |event: &web_sys::PointerEvent| {
        if let Some((x, y)) = point_in_view(event, svg.get(), SIDE as f64, SIDE as f64) {
            let (row, column) = (y.floor() as usize, x.floor() as usize);
            if row < SIDE && column < SIDE {
                pixels.update(|pixels| ink(pixels, row, column));
            }
        }
    };
    let cells = move || {
        pixels.with(|pixels| {
            pixels
                .iter()
                .enumerate()
                .map(|(index, &value)| {
                    let shade = (255.0 * (1.0 - value)) as u8;
                    view! {
                        <rect x=index % SIDE y=index / SIDE width="1" height="1"
                            fill=format!("rgb({shade},{shade},{shade})") />
                    }
                })
                .collect_view()
        })
    };
    let best = move || {
        probabilities.with(|found| {
            found.as_ref().and_then(|found| {
                (0..found.len())
                    .max_by(|&a, &b| found[a].total_cmp(&found[b]))
                    .map(|digit| (digit, found[digit]))
            })
        })
    };
    view! {
        <div class="draw-digit" class:hidden=move || model.job.get().is_none()>
            <h4>"Draw a digit"</h4>
            <div class="draw-row">
                <div>
                    <svg node_ref=svg viewBox="0 0 8 8" class="draw-pad" data-testid="draw-pad"
                        on:pointerdown=move |event| { drawing.set(true); paint_at(&event); }
                        on:pointermove=move |event| if drawing.get_untracked() { paint_at(&event) }
                        on:pointerup=move |_| drawing.set(false)
                        on:pointerleave=move |_| drawing.set(false)>
                        {cells}
                    </svg>
                    <div class="widget-controls">
                        <button type="button" data-testid="draw-clear" on:click=move |_| pixels.set(vec![0.0; SIDE * SIDE])>"Clear"</button>
                        {PRESETS.iter().map(|&(digit, rows)| view! {
                            <button type="button" on:click=move |_| pixels.set(preset(rows))>{format!("A {digit}")}</button>
                        }).collect_view()}
                    </div>
                </div>
                <div class="class-bars" data-testid="draw-probabilities">
                    <p data-testid="draw-prediction">{move || match best() {
                        Some((digit, probability)) => format!("The network reads a {digit} ({:.0} % sure).", probability * 100.0),
                        None => "Train the network, then draw.".to_string(),
                    }}</p>
                    {move || probabilities.get().map(|found| found.iter().enumerate().map(|(digit, &p)| view! {
                        <div class="bar-row digit-bar">
                            <span>{digit.to_string()}</span>
                            <span class="bar" style=format!("width:{:.1}%", p * 100.0)></span>
                            <span data-testid=format!("draw-p-{digit}")>{format!("{:.1} %", p * 100.0)}</span>
                        </div>
                    }).collect_view())}
                </div>
            </div>
            {move || error().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <div class="feature-maps" class:hidden=move || layers.with(Vec::is_empty)>
                <figure><canvas node_ref=filters class="sample-images" data-testid="cnn-filters"></canvas>
                    <figcaption class="note">"The first layer's 3×3 filters (dark: strongly positive weights)."</figcaption></figure>
                <figure><canvas node_ref=first_maps class="sample-images" data-testid="cnn-maps-1"></canvas>
                    <figcaption class="note">"What each first-layer filter finds in your drawing (dark: strong response)."</figcaption></figure>
                <figure><canvas node_ref=second_maps class="sample-images" data-testid="cnn-maps-2"></canvas>
                    <figcaption class="note">"The second layer's maps: combinations of the first layer's findings."</figcaption></figure>
            </div>
        </div>
    }
}
