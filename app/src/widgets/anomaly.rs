//! Anomaly detection with an isolation forest: random splits isolate odd points quickly. The
//! background shows the anomaly score everywhere; the highest-scoring share of points is
//! flagged. Six outliers are planted among three blobs; draw more points anywhere.

use crate::widgets::controls::{Slider, percent};
use crate::widgets::plane::{SIDE, drawing, to_data, to_view};
use leptos::html::Canvas;
use leptos::prelude::*;
use ml_intro_engine::unsupervised::isolation_forest::IsolationForest;
use ml_intro_engine::unsupervised::point_sets::blobs_with_outliers;

const INLIERS: usize = 150;
const PLANTED: usize = 6;
const SEED: u64 = 3;
const SAMPLE_SIZE: usize = 128;
const MAP: u32 = 60;

fn show_trees(value: f64) -> String {
    format!("{value:.0}")
}

/// The anomaly score at the centre of each pixel of the map, row by row.
fn map_scores(forest: &IsolationForest) -> Vec<f64> {
    (0..MAP)
        .flat_map(|row| (0..MAP).map(move |column| (row, column)))
        .map(|(row, column)| {
            forest.score(to_data((
                (f64::from(column) + 0.5) / f64::from(MAP) * SIDE,
                (f64::from(row) + 0.5) / f64::from(MAP) * SIDE,
            )))
        })
        .collect()
}

fn paint(canvas: &web_sys::HtmlCanvasElement, scores: &[f64]) {
    let mut pixels = Vec::with_capacity(scores.len() * 4);
    for score in scores {
        // Scores of about 0.45 and below are ordinary: white; towards 0.7, red.
        let share = ((score - 0.45) / 0.25).clamp(0.0, 1.0);
        let shade = |from: f64, to: f64| (from + (to - from) * share) as u8;
        pixels.extend([
            shade(250.0, 224.0),
            shade(250.0, 49.0),
            shade(250.0, 49.0),
            255,
        ]);
    }
    crate::canvas::put_pixels(canvas, &pixels, MAP, MAP);
}

#[component]
pub fn AnomalyWidget() -> impl IntoView {
    let points = RwSignal::new(blobs_with_outliers(INLIERS, PLANTED, SEED));
    let trees = RwSignal::new(100.0);
    let share = RwSignal::new(0.04);
    let canvas = NodeRef::<Canvas>::new();
    // The forest's scores for every point and every pixel of the map.
    let scores = Memo::new(move |_| {
        let trees = trees.get() as usize;
        points.with(|points| {
            let forest = IsolationForest::fit(points, trees, SAMPLE_SIZE, SEED);
            let of_points: Vec<f64> = points.iter().map(|&point| forest.score(point)).collect();
            (of_points, map_scores(&forest))
        })
    });
    Effect::new(move |_| {
        scores.with(|(_, map)| {
            if let Some(canvas) = canvas.get() {
                paint(&canvas, map);
            }
        });
    });
    // Indices of the flagged points: the top `share` of scores.
    let flagged = Memo::new(move |_| {
        scores.with(|(of_points, _)| {
            let mut order: Vec<usize> = (0..of_points.len()).collect();
            order.sort_by(|&a, &b| of_points[b].total_cmp(&of_points[a]));
            let count =
                ((of_points.len() as f64 * share.get()).round() as usize).min(of_points.len());
            order.truncate(count);
            order
        })
    });
    let draw = drawing(points, || {});
    let dots = move || {
        let flagged = flagged.get();
        points.with(|points| {
            points
                .iter()
                .enumerate()
                .map(|(index, &point)| {
                    let (x, y) = to_view(point);
                    let odd = flagged.contains(&index);
                    view! {
                        <circle cx=x cy=y r=if odd { "5" } else { "3.5" }
                            class=if odd { "flagged" } else { "ordinary" } />
                    }
                })
                .collect_view()
        })
    };
    let caught = move || {
        flagged.with(|flagged| {
            flagged
                .iter()
                .filter(|&&index| (INLIERS..INLIERS + PLANTED).contains(&index))
                .count()
        })
    };
    view! {
        <section class="widget" data-testid="anomaly-widget">
            <h3>"Anomaly detection with an isolation forest"</h3>
            <div class="widget-grid">
                <div class="plane-stack square">
                    <canvas node_ref=canvas width=MAP height=MAP class="plane-map"></canvas>
                    <svg node_ref=draw.svg viewBox=format!("0 0 {SIDE} {SIDE}") role="img"
                        aria-label="Points over their anomaly score; flagged points are ringed"
                        on:pointerdown=draw.down on:pointermove=draw.moved on:pointerup=draw.up>
                        {dots}
                    </svg>
                </div>
                <div>
                    <Slider label="Trees" value=trees min=5.0 max=200.0 step=5.0 show=show_trees testid="anomaly-trees" />
                    <Slider label="Share flagged" value=share min=0.01 max=0.2 step=0.01 show=percent testid="anomaly-share" />
                    <p class="big-number">
                        "Flagged " <strong data-testid="anomaly-flagged">{move || flagged.with(Vec::len)}</strong>
                        " points, with " <strong data-testid="anomaly-caught">{caught}</strong>
                        {format!(" of the {PLANTED} planted outliers.")}
                    </p>
                    <p class="note">"Click or drag on the map to add points: a lone point far away turns red at once."</p>
                </div>
            </div>
        </section>
    }
}
