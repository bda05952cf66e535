//! Drawing the karate club for chapter 8's widgets: the shipped graph, its force-directed
//! layout, and member circles numbered 1–34 that a click selects.

use leptos::prelude::*;
use ml_intro_engine::graph::karate::{LabelledGraph, karate_club};
use ml_intro_engine::graph::layout::force_layout;

pub const SIDE: f64 = 420.0;
const MARGIN: f64 = 18.0;
const LAYOUT_SEED: u64 = 3;
/// The two factions' colours (Mr. Hi's, the Officer's).
pub const FACTION_COLOURS: [(u8, u8, u8); 2] = [(25, 113, 194), (232, 89, 12)];

/// The club and where each member is drawn, or why the shipped data could not be read.
pub fn club_and_layout() -> Result<(LabelledGraph, Vec<(f64, f64)>), String> {
    let club = karate_club().map_err(|error| format!("The karate club data is broken: {error}"))?;
    let positions = force_layout(&club.graph, LAYOUT_SEED)
        .into_iter()
        .map(|[x, y]| {
            (
                MARGIN + x * (SIDE - 2.0 * MARGIN),
                MARGIN + y * (SIDE - 2.0 * MARGIN),
            )
        })
        .collect();
    Ok((club, positions))
}

/// A colour between the two factions': `share` 0 is Mr. Hi's, 1 the Officer's.
pub fn blend(share: f64) -> String {
    let share = share.clamp(0.0, 1.0);
    let [(r0, g0, b0), (r1, g1, b1)] = FACTION_COLOURS;
    let mix =
        |from: u8, to: u8| (f64::from(from) + (f64::from(to) - f64::from(from)) * share) as u8;
    format!("rgb({},{},{})", mix(r0, r1), mix(g0, g1), mix(b0, b1))
}

/// One member: a circle with its number, outlined when `ring` says so; a click selects it.
#[component]
pub fn Member(
    number: usize,
    at: (f64, f64),
    #[prop(into)] fill: Signal<String>,
    #[prop(into)] ring: Signal<Option<&'static str>>,
    selected: RwSignal<Option<usize>>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let node = number - 1;
    let stroke = move || match (selected.get() == Some(node), ring.get()) {
        (true, _) => "var(--ink)",
        (false, Some(colour)) => colour,
        (false, None) => "white",
    };
    let width = move || {
        if selected.get() == Some(node) || ring.get().is_some() {
            "3"
        } else {
            "1"
        }
    };
    view! {
        <g class="member" data-testid=testid on:click=move |_| selected.set(Some(node))
            style="cursor: pointer" aria-label=format!("Member {number}")>
            <circle cx=at.0 cy=at.1 r="11" fill=fill stroke=stroke stroke-width=width />
            <text x=at.0 y=at.1 + 4.0 text-anchor="middle" font-size="10" fill="white"
                style="pointer-events: none">{number}</text>
        </g>
    }
}
