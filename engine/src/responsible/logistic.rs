//! Logistic regression on two features, trained by gradient descent: plainly, or privately with
//! DP-SGD (Abadi et al., 2016): each step samples a batch (each row with probability `q`),
//! clips every row's gradient to norm `C`, adds Gaussian noise of deviation `σC` to their sum,
//! and divides by the expected batch size.

use crate::seeded::Rng;
use crate::tabular::gbt::sigmoid;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Logistic {
    /// Two feature weights and the bias.
    pub weights: [f64; 3],
}

impl Logistic {
    pub fn probability(&self, features: &[f64; 2]) -> f64 {
        let logit = self.weights[0] * features[0] + self.weights[1] * features[1] + self.weights[2];
        sigmoid(logit)
    }

    pub fn accuracy(&self, inputs: &[[f64; 2]], labels: &[bool]) -> f64 {
        let right = inputs
            .iter()
            .zip(labels)
            .filter(|(x, y)| (self.probability(x) >= 0.5) == **y)
            .count();
        right as f64 / labels.len().max(1) as f64
    }

    /// The log loss's gradient for one row.
    fn row_gradient(&self, features: &[f64; 2], label: bool) -> [f64; 3] {
        let error = self.probability(features) - f64::from(u8::from(label));
        [error * features[0], error * features[1], error]
    }

    /// One full-batch gradient step.
    pub fn step(&mut self, inputs: &[[f64; 2]], labels: &[bool], learning_rate: f64) {
        let mut total = [0.0; 3];
        for (features, &label) in inputs.iter().zip(labels) {
            for (sum, part) in total.iter_mut().zip(self.row_gradient(features, label)) {
                *sum += part;
            }
        }
        let count = inputs.len().max(1) as f64;
        for (weight, sum) in self.weights.iter_mut().zip(total) {
            *weight -= learning_rate * sum / count;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DpSettings {
    /// Each row's chance of being in a step's batch.
    pub sample_rate: f64,
    /// The norm each row's gradient is clipped to.
    pub clip: f64,
    /// The noise's deviation, in multiples of `clip`.
    pub noise_multiplier: f64,
    pub learning_rate: f64,
}

/// One DP-SGD step.
pub fn private_step(
    model: &mut Logistic,
    inputs: &[[f64; 2]],
    labels: &[bool],
    settings: &DpSettings,
    rng: &mut Rng,
) {
    let mut total = [0.0; 3];
    for (features, &label) in inputs.iter().zip(labels) {
        if rng.uniform() >= settings.sample_rate {
            continue;
        }
        let gradient = model.row_gradient(features, label);
        let norm = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
        let scale = (settings.clip / norm.max(1e-12)).min(1.0);
        for (sum, part) in total.iter_mut().zip(gradient) {
            *sum += part * scale;
        }
    }
    let expected_batch = (settings.sample_rate * inputs.len() as f64).max(1.0);
    for (weight, sum) in model.weights.iter_mut().zip(total) {
        let noisy = sum + settings.noise_multiplier * settings.clip * rng.normal();
        *weight -= settings.learning_rate * noisy / expected_batch;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responsible::applicants::{applicants, inputs_and_labels};

    #[test]
    fn plain_and_private_training_both_learn() {
        let (inputs, labels) = inputs_and_labels(&applicants(2000, 1));
        let mut plain = Logistic::default();
        for _ in 0..300 {
            plain.step(&inputs, &labels, 0.5);
        }
        let mut private = Logistic::default();
        let settings = DpSettings {
            sample_rate: 0.05,
            clip: 1.0,
            noise_multiplier: 1.1,
            learning_rate: 0.5,
        };
        let mut rng = Rng::new(2);
        for _ in 0..300 {
            private_step(&mut private, &inputs, &labels, &settings, &mut rng);
        }
        let (plain, private) = (
            plain.accuracy(&inputs, &labels),
            private.accuracy(&inputs, &labels),
        );
        eprintln!("accuracy: plain {plain:.3}, DP-SGD {private:.3}");
        assert!(plain > 0.75 && private > 0.7 && private <= plain + 0.01);
    }
}
