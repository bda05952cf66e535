//! Calibration: making predicted probabilities mean what they say. Platt scaling fits a
//! sigmoid to the scores' log-odds; isotonic regression fits the best non-decreasing step
//! function (pool adjacent violators). A reliability diagram bins predictions and compares each
//! bin's mean prediction with how often it was right.

use crate::tabular::gbt::sigmoid;

fn logit(probability: f64) -> f64 {
    let probability = probability.clamp(1e-6, 1.0 - 1e-6);
    (probability / (1.0 - probability)).ln()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Calibrator {
    /// `sigmoid(a · logit(p) + b)`.
    Platt { a: f64, b: f64 },
    /// Steps: below `thresholds[0]` the first value, and so on.
    Isotonic {
        thresholds: Vec<f64>,
        values: Vec<f64>,
    },
}

impl Calibrator {
    /// Platt scaling by Newton's method, with Platt's smoothed targets.
    pub fn platt(probabilities: &[f64], labels: &[bool]) -> Self {
        let positives = labels.iter().filter(|&&label| label).count() as f64;
        let negatives = labels.len() as f64 - positives;
        let high = (positives + 1.0) / (positives + 2.0);
        let low = 1.0 / (negatives + 2.0);
        let (mut a, mut b) = (1.0, 0.0);
        for _ in 0..50 {
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
            for (&probability, &label) in probabilities.iter().zip(labels) {
                let x = logit(probability);
                let predicted = sigmoid(a * x + b);
                let target = if label { high } else { low };
                let weight = predicted * (1.0 - predicted);
                ga += (predicted - target) * x;
                gb += predicted - target;
                haa += weight * x * x;
                hab += weight * x;
                hbb += weight;
            }
            let determinant = haa * hbb - hab * hab;
            if determinant.abs() < 1e-12 {
                break;
            }
            let step_a = (hbb * ga - hab * gb) / determinant;
            let step_b = (haa * gb - hab * ga) / determinant;
            a -= step_a;
            b -= step_b;
            if step_a.abs() + step_b.abs() < 1e-10 {
                break;
            }
        }
        Self::Platt { a, b }
    }

    /// Isotonic regression of the labels on the probabilities.
    pub fn isotonic(probabilities: &[f64], labels: &[bool]) -> Self {
        let mut order: Vec<usize> = (0..probabilities.len()).collect();
        order.sort_by(|&x, &y| probabilities[x].total_cmp(&probabilities[y]));
        // Blocks of (sum of labels, count, largest probability), merged while they decrease.
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for index in order {
            blocks.push((
                f64::from(u8::from(labels[index])),
                1.0,
                probabilities[index],
            ));
            while blocks.len() >= 2 {
                let last = blocks[blocks.len() - 1];
                let before = blocks[blocks.len() - 2];
                if before.0 / before.1 <= last.0 / last.1 {
                    break;
                }
                blocks.pop();
                let merged = blocks.last_mut().expect("two blocks");
                *merged = (before.0 + last.0, before.1 + last.1, last.2);
            }
        }
        Self::Isotonic {
            thresholds: blocks.iter().map(|block| block.2).collect(),
            values: blocks.iter().map(|block| block.0 / block.1).collect(),
        }
    }

    pub fn apply(&self, probability: f64) -> f64 {
        match self {
            Self::Platt { a, b } => sigmoid(a * logit(probability) + b),
            Self::Isotonic { thresholds, values } => {
                let block = thresholds.partition_point(|&threshold| threshold < probability);
                values[block.min(values.len().saturating_sub(1))]
            }
        }
    }
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    pub mean_predicted: f64,
    pub observed: f64,
    pub count: usize,
}

/// `bins` equal-width bins of the predictions (empty bins left out).
pub fn reliability(probabilities: &[f64], labels: &[bool], bins: usize) -> Vec<Bin> {
    let mut sums = vec![(0.0, 0.0, 0usize); bins];
    for (&probability, &label) in probabilities.iter().zip(labels) {
        let bin = ((probability * bins as f64) as usize).min(bins - 1);
        sums[bin].0 += probability;
        sums[bin].1 += f64::from(u8::from(label));
        sums[bin].2 += 1;
    }
    sums.into_iter()
        .filter(|&(_, _, count)| count > 0)
        .map(|(predicted, observed, count)| Bin {
            mean_predicted: predicted / count as f64,
            observed: observed / count as f64,
            count,
        })
        .collect()
}

/// The expected calibration error: the bins' gaps between prediction and outcome, weighted by
/// how many predictions each holds.
pub fn expected_calibration_error(bins: &[Bin]) -> f64 {
    let total: usize = bins.iter().map(|bin| bin.count).sum();
    bins.iter()
        .map(|bin| bin.count as f64 * (bin.mean_predicted - bin.observed).abs())
        .sum::<f64>()
        / total.max(1) as f64
}
