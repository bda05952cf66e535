//! Losses, their gradients and accuracy on host buffers, for each [`Head`]: the same
//! formulas as [`crate::train::loss`] computes on a device.

use crate::math;
use crate::train::tasks::supervised::Head;

/// The mean loss of `outputs` `[rows, head.outputs()]` against `targets` `[rows]`, and its
/// gradient with respect to the outputs.
pub fn loss_and_gradient(head: Head, outputs: &[f32], targets: &[f32]) -> (f32, Vec<f32>) {
    let rows = targets.len().max(1) as f32;
    let mut gradient = vec![0.0; outputs.len()];
    let mut total = 0.0;
    match head {
        Head::Binary => {
            for ((&z, &y), g) in outputs.iter().zip(targets).zip(&mut gradient) {
                total += binary_cross_entropy(z, y);
                *g = (sigmoid(z) - y) / rows;
            }
        }
        Head::Regression => {
            for ((&z, &y), g) in outputs.iter().zip(targets).zip(&mut gradient) {
                total += (z - y) * (z - y);
                *g = 2.0 * (z - y) / rows;
            }
        }
        Head::Classes(classes) => {
            for ((logits, &class), g) in outputs
                .chunks(classes)
                .zip(targets)
                .zip(gradient.chunks_mut(classes))
            {
                let log_probabilities = log_softmax(logits);
                let class = class as usize;
                total -= log_probabilities.get(class).copied().unwrap_or(f32::NAN);
                for (index, (g, log_p)) in g.iter_mut().zip(&log_probabilities).enumerate() {
                    let target = if index == class { 1.0 } else { 0.0 };
                    *g = (math::exp(*log_p) - target) / rows;
                }
            }
        }
    }
    (total / rows, gradient)
}

/// The mean loss only.
pub fn loss(head: Head, outputs: &[f32], targets: &[f32]) -> f32 {
    loss_and_gradient(head, outputs, targets).0
}

/// Share of rows predicted right; NaN for regression (reported as absent).
pub fn accuracy(head: Head, outputs: &[f32], targets: &[f32]) -> f32 {
    let rows = targets.len().max(1) as f32;
    let right = match head {
        Head::Regression => return f32::NAN,
        Head::Binary => outputs
            .iter()
            .zip(targets)
            .filter(|&(&z, &y)| (z > 0.0) == (y > 0.5))
            .count(),
        Head::Classes(classes) => outputs
            .chunks(classes)
            .zip(targets)
            .filter(|&(logits, &class)| argmax(logits) == class as usize)
            .count(),
    };
    right as f32 / rows
}

/// What a person reads from an output: the class-1 probability for a binary head, the value
/// otherwise.
pub fn readable(head: Head, output: f32) -> f32 {
    match head {
        Head::Binary => sigmoid(output),
        _ => output,
    }
}

fn binary_cross_entropy(z: f32, y: f32) -> f32 {
    z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs()))
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + math::exp(-z))
}

fn log_softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = logits.iter().map(|&z| math::exp(z - max)).sum();
    let log_sum = max + math::ln(sum);
    logits.iter().map(|&z| z - log_sum).collect()
}

pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (index, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = index;
        }
    }
    best
}
