//! A trained model's 2-D codes of test digits, coloured by digit, as they move while it
//! trains. For an autoencoder, clicking anywhere on the map decodes that point.

use crate::widgets::controls::point_in_view;
use crate::widgets::live_answer::live_answer;
use crate::widgets::training::{TrainedModel, draw_images};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::svg::Svg;
use ml_intro_engine::query::{Answer, Query};

/// One colour per digit 0–9.
pub const DIGIT_COLOURS: [&str; 10] = [
    "#1971c2", "#e8590c", "#2f9e44", "#e03131", "#7048e8", "#845ef7", "#d6336c", "#495057",
    "#a61e4d", "#0c8599",
];
const VIEW: f64 = 300.0;

/// The square of code space the map shows: the points' range and a margin.
fn bounds(points: &[[f32; 3]]) -> (f64, f64, f64) {
    let (mut low_x, mut high_x, mut low_y, mut high_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &[x, y, _] in points {
        low_x = low_x.min(f64::from(x));
        high_x = high_x.max(f64::from(x));
        low_y = low_y.min(f64::from(y));
        high_y = high_y.max(f64::from(y));
    }
    if points.is_empty() {
        return (0.0, 0.0, 1.0);
    }
    let span = (high_x - low_x).max(high_y - low_y).max(1e-3) * 1.15;
    ((low_x + high_x) / 2.0, (low_y + high_y) / 2.0, span)
}

#[component]
pub fn LatentMap(
    /// Names the test ids: `{name}-map`, `{name}-decoded`.
    name: &'static str,
    /// Whether a click decodes the point (autoencoders).
    decode: bool,
    caption: &'static str,
) -> impl IntoView {
    let model = expect_context::<TrainedModel>();
    let svg = NodeRef::<Svg>::new();
    let decoded = NodeRef::<Canvas>::new();
    let picked = RwSignal::new(None::<(f64, f64)>);
    let points = Memo::new(move |_| {
        model.latest.with(|snapshot| {
            snapshot
                .as_ref()
                .map(|s| s.embedding.clone())
                .unwrap_or_default()
        })
    });
    let frame = Memo::new(move |_| points.with(|points| bounds(points)));
    let to_view = move |x: f64, y: f64| {
        let (centre_x, centre_y, span) = frame.get();
        (
            ((x - centre_x) / span + 0.5) * VIEW,
            (0.5 - (y - centre_y) / span) * VIEW,
        )
    };
    // The decoded image follows the model as it keeps training.
    let answer = live_answer(move || {
        let (x, y) = picked.get()?;
        Some(Query::Decode {
            code: vec![x as f32, y as f32],
        })
    });
    Effect::new(move |_| {
        if let (Some(Ok(Answer::Image { side, pixels })), Some(canvas)) =
            (answer.get(), decoded.get())
        {
            draw_images(&canvas, side, &[pixels]);
        }
    });
    let message = move || match answer.get() {
        Some(Err(message)) => Some(message),
        _ => None,
    };
    let on_click = move |event: web_sys::PointerEvent| {
        if !decode {
            return;
        }
        let Some((view_x, view_y)) = point_in_view(&event, svg.get(), VIEW, VIEW) else {
            return;
        };
        let (centre_x, centre_y, span) = frame.get_untracked();
        picked.set(Some((
            centre_x + (view_x / VIEW - 0.5) * span,
            centre_y + (0.5 - view_y / VIEW) * span,
        )));
    };
    let dots = move || {
        points.with(|points| {
            points
                .iter()
                .map(|&[x, y, label]| {
                    let (cx, cy) = to_view(f64::from(x), f64::from(y));
                    let colour = DIGIT_COLOURS[(label as usize).min(9)];
                    view! { <circle cx=cx cy=cy r="3.2" fill=colour><title>{format!("digit {label}")}</title></circle> }
                })
                .collect_view()
        })
    };
    let marker = move || {
        picked.get().map(|(x, y)| {
            let (cx, cy) = to_view(x, y);
            view! { <circle class="picked" cx=cx cy=cy r="7" fill="none" stroke="currentColor" stroke-width="2" /> }
        })
    };
    view! {
        <div class="latent" class:hidden=move || points.with(Vec::is_empty)>
            <figure>
                <svg node_ref=svg viewBox="0 0 300 300" class="latent-map" class:clickable=decode
                    data-testid=format!("{name}-map") on:pointerdown=on_click>
                    <rect width="300" height="300" class="latent-paper" />
                    {dots}
                    {marker}
                </svg>
                <figcaption class="note">{caption}</figcaption>
                <ul class="legend digit-legend">
                    {(0..10).map(|digit| view! { <li><span class="swatch" style=format!("background:{}", DIGIT_COLOURS[digit])></span>{digit.to_string()}</li> }).collect_view()}
                </ul>
            </figure>
            {decode.then(|| view! {
                <figure class="decoded">
                    <canvas node_ref=decoded class="sample-images decoded-digit" data-testid=format!("{name}-decoded")></canvas>
                    <figcaption class="note" data-testid=format!("{name}-decoded-at")>{move || match picked.get() {
                        Some((x, y)) => format!("Decoded from the code ({x:.2}, {y:.2})."),
                        None => "Click the map: the decoder draws the digit for that code.".to_string(),
                    }}</figcaption>
                    {move || message().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                </figure>
            })}
        </div>
    }
}
