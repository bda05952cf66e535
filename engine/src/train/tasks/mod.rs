//! How each kind of model meets its data.

pub mod extras;
pub mod language;
pub mod nodes;
pub mod reconstruct;
pub mod supervised;
