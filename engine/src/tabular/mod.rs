//! A tabular workflow for binary classification (chapter 2), Burn-free so the page runs it:
//! a numeric CSV, stratified splits and folds, a majority baseline, gradient-boosted trees and
//! a small neural network, metrics, calibration (Platt and isotonic), permutation importance
//! and an audit for likely mislabelled rows.

pub mod calibration;
pub mod gbt;
pub mod metrics;
pub mod mlp;
pub mod model;
pub mod split;
pub mod table;

#[cfg(test)]
mod tests;
