//! Unsupervised learning on 2-D points (chapter 3): k-means, DBSCAN and an isolation forest,
//! with the point sets the widgets start from. Plain `f64` code with a seeded generator, so the
//! page runs it as the reader draws, and a seed gives the same result everywhere.

pub mod autoencoder;
pub mod dbscan;
pub mod isolation_forest;
pub mod kmeans;
pub mod point_sets;

pub use crate::seeded::Rng;

/// A 2-D point.
pub type Point = (f64, f64);

pub fn squared_distance(a: Point, b: Point) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// How well `clusters` (one id per point, `None` for noise) match `truth`: the share of points
/// whose cluster's most common true group is their own. Noise counts as wrong.
pub fn purity(clusters: &[Option<usize>], truth: &[usize]) -> f64 {
    if clusters.is_empty() {
        return 0.0;
    }
    let mut counts: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    for (cluster, group) in clusters.iter().zip(truth) {
        if let Some(cluster) = cluster {
            *counts.entry((*cluster, *group)).or_default() += 1;
        }
    }
    let mut best: std::collections::BTreeMap<usize, usize> = Default::default();
    for ((cluster, _), count) in counts {
        let entry = best.entry(cluster).or_default();
        *entry = (*entry).max(count);
    }
    best.values().sum::<usize>() as f64 / clusters.len() as f64
}
