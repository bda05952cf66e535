//! Unsupervised learning on 2-D points (chapter 3): k-means, DBSCAN and an isolation forest,
//! with the point sets the widgets start from. Plain `f64` code with a seeded generator, so the
//! page runs it as the reader draws, and a seed gives the same result everywhere.

pub mod dbscan;
pub mod isolation_forest;
pub mod kmeans;
pub mod point_sets;

/// A 2-D point.
pub type Point = (f64, f64);

/// A small seeded generator (SplitMix64): enough for initial centres and random splits.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..count` (`count` > 0).
    pub fn below(&mut self, count: usize) -> usize {
        (self.uniform() * count as f64) as usize % count.max(1)
    }

    /// A standard normal number (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let radius = (-2.0 * (1.0 - self.uniform()).ln()).sqrt();
        radius * (2.0 * std::f64::consts::PI * self.uniform()).cos()
    }
}

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
