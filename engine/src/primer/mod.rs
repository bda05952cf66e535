//! The maths primer's small models (chapter 1): optimisers on 2-D loss surfaces, Bayes' rule,
//! entropy and divergences, and principal axes of a point cloud. Plain `f64` arithmetic, no
//! Burn: the page's own wasm runs them as the reader moves a slider.

pub mod bayes;
pub mod descent;
pub mod information;
pub mod pca;
