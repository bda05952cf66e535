//! How each kind of model meets its data.

pub mod attack;
pub mod classify;
pub mod embedding;
pub mod extras;
pub mod language;
pub mod language_query;
pub mod metric;
pub mod nodes;
pub mod reconstruct;
pub mod supervised;
