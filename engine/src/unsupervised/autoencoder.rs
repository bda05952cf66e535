//! Anomaly detection by reconstruction: a tiny autoencoder squeezes each standardised 2-D
//! point through one number (2 → 8 tanh → 1 → 8 tanh → 2), so it can only rebuild points near
//! the curve the data mostly lies on. A point's anomaly score is its squared reconstruction
//! error. Full-batch Adam on the mean squared error, plain loops.

use super::Point;
use crate::seeded::Rng;
use crate::tabular::mlp::Moments;

const HIDDEN: usize = 8;
/// Layer widths: input, hidden, code, hidden, output.
const WIDTHS: [usize; 5] = [2, HIDDEN, 1, HIDDEN, 2];
/// Which layers end in tanh (the others are linear).
const TANH: [bool; 4] = [true, false, true, false];

#[derive(Debug, Clone, PartialEq)]
pub struct PointAutoencoder {
    mean: [f64; 2],
    scale: [f64; 2],
    /// Per layer: weights `[input * outputs + output]`, then biases.
    layers: Vec<(Vec<f64>, Vec<f64>)>,
}

impl PointAutoencoder {
    /// Trains for `epochs` full-batch steps at `learning_rate` from weights drawn with `seed`.
    pub fn fit(points: &[Point], epochs: usize, learning_rate: f64, seed: u64) -> Self {
        let mut model = Self::initial(points, seed);
        let rows: Vec<[f64; 2]> = points.iter().map(|&p| model.standardise(p)).collect();
        let mut moments: Vec<(Moments, Moments)> = model
            .layers
            .iter()
            .map(|(w, b)| (Moments::new(w.len()), Moments::new(b.len())))
            .collect();
        for epoch in 1..=epochs {
            let gradients = model.gradients(&rows);
            for ((layer, gradient), moment) in
                model.layers.iter_mut().zip(gradients).zip(&mut moments)
            {
                moment
                    .0
                    .update(&mut layer.0, &gradient.0, learning_rate, epoch as i32);
                moment
                    .1
                    .update(&mut layer.1, &gradient.1, learning_rate, epoch as i32);
            }
        }
        model
    }

    fn initial(points: &[Point], seed: u64) -> Self {
        let count = points.len().max(1) as f64;
        let mean = [
            points.iter().map(|p| p.0).sum::<f64>() / count,
            points.iter().map(|p| p.1).sum::<f64>() / count,
        ];
        let spread = |axis: fn(&Point) -> f64, centre: f64| {
            let variance = points
                .iter()
                .map(|p| (axis(p) - centre).powi(2))
                .sum::<f64>()
                / count;
            if variance > 1e-12 {
                variance.sqrt()
            } else {
                1.0
            }
        };
        let scale = [spread(|p| p.0, mean[0]), spread(|p| p.1, mean[1])];
        let mut rng = Rng::new(seed);
        let layers = WIDTHS
            .windows(2)
            .map(|pair| {
                let limit = (6.0 / (pair[0] + pair[1]) as f64).sqrt();
                let weights = (0..pair[0] * pair[1])
                    .map(|_| (2.0 * rng.uniform() - 1.0) * limit)
                    .collect();
                (weights, vec![0.0; pair[1]])
            })
            .collect();
        Self {
            mean,
            scale,
            layers,
        }
    }

    fn standardise(&self, point: Point) -> [f64; 2] {
        [
            (point.0 - self.mean[0]) / self.scale[0],
            (point.1 - self.mean[1]) / self.scale[1],
        ]
    }

    /// Every layer's output for one standardised point, the input first.
    fn forward(&self, input: [f64; 2]) -> Vec<Vec<f64>> {
        let mut values = vec![input.to_vec()];
        for (index, (weights, biases)) in self.layers.iter().enumerate() {
            let below = values.last().expect("the input is there");
            let outputs = biases.len();
            let mut next = biases.clone();
            for (input, &value) in below.iter().enumerate() {
                for (output, sum) in next.iter_mut().enumerate() {
                    *sum += value * weights[input * outputs + output];
                }
            }
            if TANH[index] {
                next.iter_mut().for_each(|v| *v = v.tanh());
            }
            values.push(next);
        }
        values
    }

    /// Gradients of the mean squared reconstruction error over `rows`, per layer.
    fn gradients(&self, rows: &[[f64; 2]]) -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut gradients: Vec<(Vec<f64>, Vec<f64>)> = self
            .layers
            .iter()
            .map(|(w, b)| (vec![0.0; w.len()], vec![0.0; b.len()]))
            .collect();
        let count = rows.len().max(1) as f64;
        for row in rows {
            let values = self.forward(*row);
            let output = values.last().expect("an output");
            let mut delta: Vec<f64> = output
                .iter()
                .zip(row)
                .map(|(o, t)| 2.0 * (o - t) / count)
                .collect();
            for index in (0..self.layers.len()).rev() {
                if TANH[index] {
                    for (d, v) in delta.iter_mut().zip(&values[index + 1]) {
                        *d *= 1.0 - v * v;
                    }
                }
                let (weights, _) = &self.layers[index];
                let outputs = delta.len();
                let below = &values[index];
                let (weight_gradient, bias_gradient) = &mut gradients[index];
                for (input, &value) in below.iter().enumerate() {
                    for (output, &d) in delta.iter().enumerate() {
                        weight_gradient[input * outputs + output] += value * d;
                    }
                }
                bias_gradient
                    .iter_mut()
                    .zip(&delta)
                    .for_each(|(g, d)| *g += d);
                delta = (0..below.len())
                    .map(|input| {
                        (0..outputs)
                            .map(|output| weights[input * outputs + output] * delta[output])
                            .sum()
                    })
                    .collect();
            }
        }
        gradients
    }

    /// The squared reconstruction error of `point`, in standardised units.
    pub fn score(&self, point: Point) -> f64 {
        let input = self.standardise(point);
        let values = self.forward(input);
        let output = values.last().expect("an output");
        (output[0] - input[0]).powi(2) + (output[1] - input[1]).powi(2)
    }

    /// The mean score over `points`: the training loss.
    pub fn mean_score(&self, points: &[Point]) -> f64 {
        points.iter().map(|&p| self.score(p)).sum::<f64>() / points.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unsupervised::point_sets::blobs_with_outliers;

    /// How many of the planted outliers (the last six points) score among the top six.
    fn caught(model: &PointAutoencoder, points: &[Point]) -> usize {
        let mut scores: Vec<f64> = points.iter().map(|&p| model.score(p)).collect();
        let planted = scores[150..].to_vec();
        scores.sort_by(|a, b| b.total_cmp(a));
        planted.iter().filter(|&&score| score >= scores[5]).count()
    }

    #[test]
    fn a_briefly_trained_autoencoder_flags_the_planted_outliers_and_a_long_trained_one_learns_them()
    {
        // The chapter widget's points and seed.
        let points = blobs_with_outliers(150, 6, 3);
        let untrained = PointAutoencoder::fit(&points, 0, 0.01, 3);
        let trained = PointAutoencoder::fit(&points, 200, 0.01, 3);
        let (before, after) = (untrained.mean_score(&points), trained.mean_score(&points));
        assert!(after < before * 0.5, "error {before} → {after}");
        let inliers = trained.mean_score(&points[..150]);
        let outliers = trained.mean_score(&points[150..]);
        assert!(
            outliers > 5.0 * inliers,
            "outliers {outliers}, inliers {inliers}"
        );
        assert!(caught(&trained, &points) >= 4);
        // Trained on for long, the curve bends through the outliers too: they stop standing out.
        let overfitted = PointAutoencoder::fit(&points, 3000, 0.01, 3);
        assert!(caught(&overfitted, &points) < caught(&trained, &points));
        assert_eq!(
            trained,
            PointAutoencoder::fit(&points, 200, 0.01, 3),
            "seeded"
        );
    }
}
