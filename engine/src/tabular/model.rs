//! The workflow's models behind one interface, and what is done with any of them:
//! cross-validation, out-of-fold predictions, permutation importance.

use crate::seeded::Rng;
use crate::tabular::gbt::{Gbt, GbtSettings};
use crate::tabular::metrics::{accuracy, log_loss, roc_auc};
use crate::tabular::mlp::{Mlp, MlpSettings};
use crate::tabular::split::stratified_folds;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ModelKind {
    /// Always the training set's share of positives: the baseline to beat.
    Majority,
    Gbt(GbtSettings),
    Mlp(MlpSettings),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fitted {
    Majority(f64),
    Gbt(Gbt),
    Mlp(Mlp),
}

impl ModelKind {
    pub fn fit(&self, rows: &[Vec<f64>], labels: &[bool]) -> Fitted {
        match self {
            Self::Majority => {
                let positives = labels.iter().filter(|&&label| label).count();
                Fitted::Majority(positives as f64 / labels.len().max(1) as f64)
            }
            Self::Gbt(settings) => Fitted::Gbt(Gbt::fit(rows, labels, settings)),
            Self::Mlp(settings) => Fitted::Mlp(Mlp::fit(rows, labels, settings)),
        }
    }
}

impl Fitted {
    pub fn probabilities(&self, rows: &[Vec<f64>]) -> Vec<f64> {
        match self {
            Self::Majority(share) => vec![*share; rows.len()],
            Self::Gbt(model) => model.probabilities(rows),
            Self::Mlp(model) => model.probabilities(rows),
        }
    }
}

/// How a model did on some rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub accuracy: f64,
    pub log_loss: f64,
    pub auc: f64,
}

impl Scores {
    pub fn of(probabilities: &[f64], labels: &[bool]) -> Self {
        Self {
            accuracy: accuracy(probabilities, labels),
            log_loss: log_loss(probabilities, labels),
            auc: roc_auc(probabilities, labels),
        }
    }
}

fn pick<T: Clone>(items: &[T], positions: &[usize]) -> Vec<T> {
    positions
        .iter()
        .map(|&position| items[position].clone())
        .collect()
}

/// Each of `k` stratified folds' scores, the model trained on the other folds.
pub fn cross_validate(
    kind: &ModelKind,
    rows: &[Vec<f64>],
    labels: &[bool],
    k: usize,
    seed: u64,
) -> Vec<Scores> {
    stratified_folds(labels, k, seed)
        .into_iter()
        .map(|(train, held_out)| {
            let model = kind.fit(&pick(rows, &train), &pick(labels, &train));
            Scores::of(
                &model.probabilities(&pick(rows, &held_out)),
                &pick(labels, &held_out),
            )
        })
        .collect()
}

/// For every row, the probability a model trained without its fold gives it.
pub fn out_of_fold(
    kind: &ModelKind,
    rows: &[Vec<f64>],
    labels: &[bool],
    k: usize,
    seed: u64,
) -> Vec<f64> {
    let mut probabilities = vec![0.0; rows.len()];
    for (train, held_out) in stratified_folds(labels, k, seed) {
        let model = kind.fit(&pick(rows, &train), &pick(labels, &train));
        for (position, probability) in held_out
            .iter()
            .zip(model.probabilities(&pick(rows, &held_out)))
        {
            probabilities[*position] = probability;
        }
    }
    probabilities
}

/// How much the AUC drops when one feature's column is shuffled (mean over `repeats`
/// shuffles), for every feature: what the model relies on.
pub fn permutation_importance(
    model: &Fitted,
    rows: &[Vec<f64>],
    labels: &[bool],
    repeats: usize,
    seed: u64,
) -> Vec<f64> {
    let baseline = roc_auc(&model.probabilities(rows), labels);
    let features = rows.first().map_or(0, Vec::len);
    let mut rng = Rng::new(seed);
    (0..features)
        .map(|feature| {
            let mut drop = 0.0;
            for _ in 0..repeats.max(1) {
                let mut column: Vec<f64> = rows.iter().map(|row| row[feature]).collect();
                rng.shuffle(&mut column);
                let shuffled: Vec<Vec<f64>> = rows
                    .iter()
                    .zip(&column)
                    .map(|(row, &value)| {
                        let mut row = row.clone();
                        row[feature] = value;
                        row
                    })
                    .collect();
                drop += baseline - roc_auc(&model.probabilities(&shuffled), labels);
            }
            drop / repeats.max(1) as f64
        })
        .collect()
}

/// Rows ordered from most to least suspicious: the lower the out-of-fold probability of a
/// row's own label, the likelier the label is wrong.
pub fn label_suspects(out_of_fold: &[f64], labels: &[bool]) -> Vec<usize> {
    let confidence = |row: usize| {
        if labels[row] {
            out_of_fold[row]
        } else {
            1.0 - out_of_fold[row]
        }
    };
    let mut rows: Vec<usize> = (0..labels.len()).collect();
    rows.sort_by(|&a, &b| confidence(a).total_cmp(&confidence(b)));
    rows
}
