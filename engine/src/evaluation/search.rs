//! Hyper-parameter search for the gradient-boosted trees: random search, and the tree-structured
//! Parzen estimator (TPE, Bergstra et al. 2011), which models where good and bad trials fell
//! and proposes the candidate most likely to be good. Both see the same budget of trials; a
//! trial is scored by k-fold cross-validated log loss (lower is better).

use crate::seeded::Rng;
use crate::tabular::gbt::GbtSettings;
use crate::tabular::model::{ModelKind, cross_validate};

/// The searched settings, each as a position in 0..1 (`DIMENSIONS` of them).
pub const DIMENSIONS: usize = 4;
/// Random trials TPE starts from before it models anything.
pub const STARTUP_TRIALS: usize = 8;
/// The share of trials TPE counts as good.
const GOOD_SHARE: f64 = 0.25;
/// Candidates TPE draws from its model of the good trials per proposal.
const CANDIDATES: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Random,
    Tpe,
}

/// The settings a position in the unit cube stands for: learning rate 0.01–0.5 (log scale),
/// depth 1–5, 10–150 trees, 1–30 rows per leaf.
pub fn settings_at(position: &[f64; DIMENSIONS]) -> GbtSettings {
    let [rate, depth, trees, leaf] = *position;
    GbtSettings {
        learning_rate: (0.01f64.ln() + rate * (0.5f64.ln() - 0.01f64.ln())).exp(),
        depth: 1 + (depth * 4.999) as usize,
        trees: 10 + (trees * 140.999) as usize,
        min_leaf: 1 + (leaf * 29.999) as usize,
        ..GbtSettings::default()
    }
}

/// One finished trial.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    pub position: [f64; DIMENSIONS],
    pub settings: GbtSettings,
    /// Mean cross-validated log loss.
    pub loss: f64,
}

/// The mean `folds`-fold cross-validated log loss of trees with `settings`.
pub fn score(settings: GbtSettings, rows: &[Vec<f64>], labels: &[bool], folds: usize) -> f64 {
    let scores = cross_validate(&ModelKind::Gbt(settings), rows, labels, folds, 7);
    scores.iter().map(|s| s.log_loss).sum::<f64>() / scores.len() as f64
}

/// A search in progress: propose a position, score it, record it.
pub struct Search {
    pub method: Method,
    pub trials: Vec<Trial>,
    rng: Rng,
}

impl Search {
    pub fn new(method: Method, seed: u64) -> Self {
        Self {
            method,
            trials: Vec::new(),
            rng: Rng::new(seed),
        }
    }

    /// Proposes, scores and records one trial; returns it.
    pub fn run_trial(&mut self, rows: &[Vec<f64>], labels: &[bool], folds: usize) -> &Trial {
        let position = self.propose();
        let settings = settings_at(&position);
        let loss = score(settings, rows, labels, folds);
        self.trials.push(Trial {
            position,
            settings,
            loss,
        });
        self.trials.last().expect("just pushed")
    }

    /// The lowest loss after each trial so far.
    pub fn best_so_far(&self) -> Vec<f64> {
        let mut best = f64::INFINITY;
        self.trials
            .iter()
            .map(|trial| {
                best = best.min(trial.loss);
                best
            })
            .collect()
    }

    fn random_position(&mut self) -> [f64; DIMENSIONS] {
        std::array::from_fn(|_| self.rng.uniform())
    }

    fn propose(&mut self) -> [f64; DIMENSIONS] {
        if self.method == Method::Random || self.trials.len() < STARTUP_TRIALS {
            return self.random_position();
        }
        let mut ranked: Vec<&Trial> = self.trials.iter().collect();
        ranked.sort_by(|a, b| a.loss.total_cmp(&b.loss));
        let good_count = ((ranked.len() as f64 * GOOD_SHARE).ceil() as usize).max(1);
        let good: Vec<[f64; DIMENSIONS]> =
            ranked[..good_count].iter().map(|t| t.position).collect();
        let bad: Vec<[f64; DIMENSIONS]> = ranked[good_count..].iter().map(|t| t.position).collect();
        let width = bandwidth(self.trials.len());
        let mut best = (f64::NEG_INFINITY, good[0]);
        for _ in 0..CANDIDATES {
            let centre = good[self.rng.below(good.len())];
            let candidate: [f64; DIMENSIONS] = std::array::from_fn(|dimension| {
                (centre[dimension] + width * self.rng.normal()).clamp(0.0, 1.0)
            });
            let ratio: f64 = (0..DIMENSIONS)
                .map(|dimension| {
                    parzen(&good, dimension, candidate[dimension], width).ln()
                        - parzen(&bad, dimension, candidate[dimension], width).ln()
                })
                .sum();
            if ratio > best.0 {
                best = (ratio, candidate);
            }
        }
        best.1
    }
}

/// The kernels' width: narrower as trials accumulate.
fn bandwidth(trials: usize) -> f64 {
    (0.3 / (trials as f64).powf(0.2)).max(0.05)
}

/// A Parzen density in one dimension: Gaussian kernels on the points, mixed with a uniform
/// prior over 0..1 (one point's weight) so that no region has zero density.
fn parzen(points: &[[f64; DIMENSIONS]], dimension: usize, at: f64, width: f64) -> f64 {
    let norm = 1.0 / (width * (2.0 * std::f64::consts::PI).sqrt());
    let kernels: f64 = points
        .iter()
        .map(|point| norm * (-0.5 * ((at - point[dimension]) / width).powi(2)).exp())
        .sum();
    (kernels + 1.0) / (points.len() + 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tabular::split::stratified_split;
    use crate::tabular::table::Table;

    const CSV: &str = include_str!("../../../content/data/breast-cancer.csv");

    #[test]
    fn positions_map_onto_the_ranges() {
        let low = settings_at(&[0.0; DIMENSIONS]);
        let high = settings_at(&[1.0; DIMENSIONS]);
        assert!(
            (low.learning_rate - 0.01).abs() < 1e-12 && (high.learning_rate - 0.5).abs() < 1e-12
        );
        assert_eq!((low.depth, low.trees, low.min_leaf), (1, 10, 1));
        assert_eq!((high.depth, high.trees, high.min_leaf), (5, 150, 30));
    }

    /// Chapter 12's target, on the widget's data (the training part of its split): with the
    /// same 24 trials, TPE's trials after its random start are better on average than random
    /// search's, and both searches beat the default settings.
    #[test]
    fn tpe_spends_the_budget_better_than_random_search() {
        let table = Table::parse(CSV).unwrap();
        let (train, _) = stratified_split(&table.labels, 0.2, 7);
        let (rows, labels) = table.pick(&train);
        let default = score(GbtSettings::default(), &rows, &labels, 3);
        let mut means = Vec::new();
        for method in [Method::Random, Method::Tpe] {
            let mut search = Search::new(method, 3);
            for _ in 0..24 {
                search.run_trial(&rows, &labels, 3);
            }
            let later = &search.trials[STARTUP_TRIALS..];
            let mean = later.iter().map(|t| t.loss).sum::<f64>() / later.len() as f64;
            let best = *search.best_so_far().last().unwrap();
            eprintln!(
                "{method:?}: best {best:.4}, mean of later trials {mean:.4} (default settings {default:.4})"
            );
            assert!(best < default);
            means.push(mean);
        }
        assert!(
            means[1] < means[0],
            "TPE {} vs random {}",
            means[1],
            means[0]
        );
    }
}
