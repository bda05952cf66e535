//! The drawing plane the unsupervised widgets share: points in −1.1..1.1 on both axes, shown
//! in a 300 × 300 SVG; a click adds a point and a drag sprays more.

use crate::widgets::controls::point_in_view;
use leptos::prelude::*;
use leptos::svg::Svg;
use ml_intro_engine::unsupervised::{Point, squared_distance};
use web_sys::PointerEvent;

pub const SIDE: f64 = 300.0;
const EXTENT: f64 = 1.1;
/// A drag adds a point whenever the pointer is this far (in data units) from the last one.
const SPRAY_SPACING: f64 = 0.06;

/// Cluster colours; noise is drawn grey.
pub const PALETTE: [&str; 8] = [
    "#1971c2", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#0c8599", "#f08c00", "#5c940d",
];

pub fn to_view((x, y): Point) -> Point {
    (
        (x + EXTENT) / (2.0 * EXTENT) * SIDE,
        (EXTENT - y) / (2.0 * EXTENT) * SIDE,
    )
}

pub fn to_data((x, y): Point) -> Point {
    (
        x / SIDE * 2.0 * EXTENT - EXTENT,
        EXTENT - y / SIDE * 2.0 * EXTENT,
    )
}

/// Pointer handlers that add points to `points` (and call `edited` after each change).
pub struct Drawing {
    pub svg: NodeRef<Svg>,
    pub down: Box<dyn Fn(PointerEvent)>,
    pub moved: Box<dyn Fn(PointerEvent)>,
    pub up: Box<dyn Fn(PointerEvent)>,
}

pub fn drawing(points: RwSignal<Vec<Point>>, edited: impl Fn() + Copy + 'static) -> Drawing {
    let svg = NodeRef::<Svg>::new();
    let drawing = RwSignal::new(false);
    let add = move |event: &PointerEvent| {
        let Some(at) = point_in_view(event, svg.get_untracked(), SIDE, SIDE) else {
            return;
        };
        let at = to_data(at);
        let far_enough = points.with_untracked(|points| {
            points
                .last()
                .is_none_or(|&last| squared_distance(last, at) > SPRAY_SPACING * SPRAY_SPACING)
        });
        if far_enough || !drawing.get_untracked() {
            points.update(|points| points.push(at));
            edited();
        }
    };
    Drawing {
        svg,
        down: Box::new(move |event| {
            drawing.set(false);
            add(&event);
            drawing.set(true);
        }),
        moved: Box::new(move |event| {
            if drawing.get_untracked() {
                add(&event);
            }
        }),
        up: Box::new(move |_| drawing.set(false)),
    }
}
