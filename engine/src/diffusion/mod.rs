//! Generative models & diffusion (chapter 10): a denoising diffusion model of 2-D point
//! clouds. Plain `f64` arithmetic with hand-written gradients, no Burn: the page's own wasm
//! trains it while the reader watches its samples form.

pub mod dense;
pub mod model;
pub mod schedule;
pub mod shapes;
