//! A parallel-coordinates chart of a search: one vertical axis per hyper-parameter and one for
//! the held-out loss; each candidate is a line through its values. The further a candidate
//! went in successive halving, the darker and thicker its line.
//!
//! The chart is SVG text (only numbers and the space's own names go in): a few hundred lines
//! as Leptos views would cost the chapter program more than its size budget allows.

use ml_intro_engine::automl::{Config, Search};
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 20.0;
const SIDE: f64 = 40.0;
/// The loss axis runs from 0 (bottom) to this (top); worse losses sit at its top.
const LOSS_TOP: f32 = 0.8;
/// Line colours by the rung a candidate reached, lowest first.
pub const RUNG_COLOURS: [&str; 4] = ["#ced4da", "#74c0fc", "#1c7ed6", "#e8590c"];

fn axis_x(axis: usize, axes: usize) -> f64 {
    SIDE + (WIDTH - 2.0 * SIDE) * axis as f64 / (axes - 1) as f64
}

/// Height on the chart of `share` (0 at the bottom, 1 at the top).
fn share_y(share: f64) -> f64 {
    HEIGHT - BOTTOM - share.clamp(0.0, 1.0) * (HEIGHT - TOP - BOTTOM)
}

/// Value `index` of `count` on an axis: the first at the bottom, the last at the top.
fn level_y(index: usize, count: usize) -> f64 {
    share_y(if count > 1 {
        index as f64 / (count - 1) as f64
    } else {
        0.5
    })
}

fn loss_y(loss: f32) -> f64 {
    share_y(if loss.is_finite() {
        f64::from(loss / LOSS_TOP)
    } else {
        1.0
    })
}

/// The chart of `search`'s finished candidates, as an `<svg>` element's text.
pub fn svg(search: &Search) -> String {
    let axes = Config::axes();
    let count = axes.len() + 1;
    let mut svg = format!(
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="parallel-coordinates" role="img" data-testid="automl-parallel" aria-label="Each candidate's settings and held-out loss as a line across the axes">"#
    );
    let mut axis = |index: usize, name: &str, ticks: &[(f64, String)]| {
        let x = axis_x(index, count);
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{x}" x2="{x}" y1="{TOP}" y2="{}"/><text class="axis-name" x="{x}" y="{}" text-anchor="middle">{name}</text>"#,
            HEIGHT - BOTTOM,
            TOP - 14.0
        );
        for (y, label) in ticks {
            let _ = write!(
                svg,
                r#"<text class="tick" x="{}" y="{}">{label}</text>"#,
                x + 3.0,
                y + 3.0
            );
        }
    };
    for (index, spec) in axes.iter().enumerate() {
        let ticks: Vec<(f64, String)> = spec
            .values
            .iter()
            .enumerate()
            .map(|(level, value)| (level_y(level, spec.values.len()), value.clone()))
            .collect();
        axis(index, spec.name, &ticks);
    }
    axis(
        count - 1,
        "loss",
        &[
            (loss_y(0.0), "0".into()),
            (loss_y(LOSS_TOP), format!("≥ {LOSS_TOP}")),
        ],
    );
    let mut board = search.leaderboard();
    board.reverse(); // the best drawn last, on top
    for trial in board {
        let config = &search.candidates()[trial.candidate];
        let points: Vec<String> = config
            .coordinates()
            .iter()
            .zip(&axes)
            .enumerate()
            .map(|(index, (&level, spec))| {
                format!(
                    "{:.1},{:.1}",
                    axis_x(index, count),
                    level_y(level, spec.values.len())
                )
            })
            .chain(std::iter::once(format!(
                "{:.1},{:.1}",
                axis_x(count - 1, count),
                loss_y(trial.outcome.map_or(f32::INFINITY, |o| o.loss))
            )))
            .collect();
        let colour = RUNG_COLOURS[trial.rung.min(RUNG_COLOURS.len() - 1)];
        let _ = write!(
            svg,
            r#"<polyline data-testid="automl-line" data-rung="{}" points="{}" fill="none" stroke="{colour}" stroke-width="{}"/>"#,
            trial.rung,
            points.join(" "),
            1 + trial.rung
        );
    }
    svg.push_str("</svg>");
    svg
}
