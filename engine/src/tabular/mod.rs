//! A tabular workflow for binary classification (chapter 2), Burn-free so the page runs it:
//! a numeric CSV, stratified splits and folds, a majority baseline, gradient-boosted trees and
//! a small neural network, metrics, calibration (Platt and isotonic), permutation importance
//! an audit for likely mislabelled rows, and weight quantization.

pub mod calibration;
pub mod gbt;
pub mod metrics;
pub mod mlp;
pub mod model;
pub mod quantize;
pub mod split;
pub mod table;

#[cfg(test)]
mod tests;
