//! Batch normalisation over host buffers, as Burn's `BatchNorm` computes it: in training each
//! neuron's values are normalised with the batch's mean and biased variance, then scaled and
//! shifted; the running statistics move towards the batch's by [`MOMENTUM`]; evaluation
//! normalises with the running statistics instead.
//!
//! Shapes: `values` are `[rows, neurons]`, row-major; everything else is `[neurons]`.

/// Burn's default: how far the running statistics move towards each batch's.
pub const MOMENTUM: f32 = 0.1;
/// Burn's default, added to the variance before its square root.
pub const EPSILON: f32 = 1e-5;

/// One layer's running statistics, used in evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub mean: Vec<f32>,
    pub variance: Vec<f32>,
}

/// What a training pass computed, kept for the backward pass and the running statistics.
pub struct BatchStats {
    /// The normalised values before scale and shift, `[rows, neurons]`.
    normalized: Vec<f32>,
    /// `1 / sqrt(variance + ε)` per neuron.
    inverse_std: Vec<f32>,
    mean: Vec<f32>,
    variance: Vec<f32>,
}

impl Running {
    /// Mean 0 and variance 1, as Burn starts.
    pub fn new(neurons: usize) -> Self {
        Self {
            mean: vec![0.0; neurons],
            variance: vec![1.0; neurons],
        }
    }

    /// Moves the statistics towards a training batch's.
    pub fn update(&mut self, stats: &BatchStats) {
        let pairs = [
            (&mut self.mean, &stats.mean),
            (&mut self.variance, &stats.variance),
        ];
        for (running, batch) in pairs {
            for (r, &b) in running.iter_mut().zip(batch) {
                *r = *r * (1.0 - MOMENTUM) + b * MOMENTUM;
            }
        }
    }
}

/// Normalises `values` in place with the batch's own statistics, then scales and shifts.
pub fn forward_train(values: &mut [f32], scale: &[f32], shift: &[f32]) -> BatchStats {
    let neurons = scale.len();
    let rows = (values.len() / neurons).max(1) as f32;
    let mut mean = vec![0.0; neurons];
    for row in values.chunks_exact(neurons) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    mean.iter_mut().for_each(|m| *m /= rows);
    let mut variance = vec![0.0; neurons];
    for row in values.chunks_exact(neurons) {
        for ((s, &v), &m) in variance.iter_mut().zip(row).zip(&mean) {
            *s += (v - m) * (v - m);
        }
    }
    variance.iter_mut().for_each(|s| *s /= rows);
    let inverse_std: Vec<f32> = variance
        .iter()
        .map(|s| 1.0 / (s + EPSILON).sqrt())
        .collect();
    let mut normalized = vec![0.0; values.len()];
    for (row, normalized_row) in values
        .chunks_exact_mut(neurons)
        .zip(normalized.chunks_exact_mut(neurons))
    {
        for neuron in 0..neurons {
            let x_hat = (row[neuron] - mean[neuron]) * inverse_std[neuron];
            normalized_row[neuron] = x_hat;
            row[neuron] = x_hat * scale[neuron] + shift[neuron];
        }
    }
    BatchStats {
        normalized,
        inverse_std,
        mean,
        variance,
    }
}

/// Normalises `values` in place with the running statistics, then scales and shifts.
pub fn forward_evaluate(values: &mut [f32], running: &Running, scale: &[f32], shift: &[f32]) {
    let neurons = scale.len();
    let inverse_std: Vec<f32> = running
        .variance
        .iter()
        .map(|s| 1.0 / (s + EPSILON).sqrt())
        .collect();
    for row in values.chunks_exact_mut(neurons) {
        for neuron in 0..neurons {
            let x_hat = (row[neuron] - running.mean[neuron]) * inverse_std[neuron];
            row[neuron] = x_hat * scale[neuron] + shift[neuron];
        }
    }
}

/// Turns the loss gradient with respect to the layer's output (in `gradient`) into the one
/// with respect to its input, in place, and returns the gradients of scale and shift.
pub fn backward(gradient: &mut [f32], stats: &BatchStats, scale: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let neurons = scale.len();
    let rows = (gradient.len() / neurons).max(1) as f32;
    let mut scale_gradient = vec![0.0; neurons];
    let mut shift_gradient = vec![0.0; neurons];
    for (row, normalized) in gradient
        .chunks_exact(neurons)
        .zip(stats.normalized.chunks_exact(neurons))
    {
        for neuron in 0..neurons {
            scale_gradient[neuron] += row[neuron] * normalized[neuron];
            shift_gradient[neuron] += row[neuron];
        }
    }
    // d input = γ/(σ·N) · (N·d out − Σ d out − x̂·Σ(d out·x̂))
    for (row, normalized) in gradient
        .chunks_exact_mut(neurons)
        .zip(stats.normalized.chunks_exact(neurons))
    {
        for neuron in 0..neurons {
            let factor = scale[neuron] * stats.inverse_std[neuron] / rows;
            row[neuron] = factor
                * (rows * row[neuron]
                    - shift_gradient[neuron]
                    - normalized[neuron] * scale_gradient[neuron]);
        }
    }
    (scale_gradient, shift_gradient)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loss Σ wᵢ·outᵢ of a normalised batch, for a finite-difference check.
    fn loss(values: &[f32], weights: &[f32], scale: &[f32], shift: &[f32]) -> f32 {
        let mut out = values.to_vec();
        forward_train(&mut out, scale, shift);
        out.iter().zip(weights).map(|(o, w)| o * w).sum()
    }

    #[test]
    fn the_backward_pass_matches_finite_differences() {
        let (rows, neurons) = (5, 3);
        let values: Vec<f32> = (0..rows * neurons)
            .map(|i| ((i * 7 % 11) as f32 - 5.0) / 3.0)
            .collect();
        let weights: Vec<f32> = (0..rows * neurons)
            .map(|i| ((i * 5 % 7) as f32 - 3.0) / 2.0)
            .collect();
        let (scale, shift) = (vec![1.5, 0.5, -1.0], vec![0.1, -0.2, 0.3]);
        let mut out = values.clone();
        let stats = forward_train(&mut out, &scale, &shift);
        let mut gradient = weights.clone();
        let (scale_gradient, shift_gradient) = backward(&mut gradient, &stats, &scale);
        let step = 1e-2;
        for index in 0..values.len() {
            let (mut up, mut down) = (values.clone(), values.clone());
            up[index] += step;
            down[index] -= step;
            let numeric = (loss(&up, &weights, &scale, &shift)
                - loss(&down, &weights, &scale, &shift))
                / (2.0 * step);
            assert!((numeric - gradient[index]).abs() < 2e-2, "input {index}");
        }
        for neuron in 0..neurons {
            let (mut up, mut down) = (scale.clone(), scale.clone());
            up[neuron] += step;
            down[neuron] -= step;
            let numeric = (loss(&values, &weights, &up, &shift)
                - loss(&values, &weights, &down, &shift))
                / (2.0 * step);
            assert!(
                (numeric - scale_gradient[neuron]).abs() < 2e-2,
                "scale {neuron}"
            );
            let column: f32 = weights.iter().skip(neuron).step_by(neurons).sum();
            assert!(
                (column - shift_gradient[neuron]).abs() < 1e-5,
                "shift {neuron}"
            );
        }
    }

    #[test]
    fn training_normalises_and_evaluation_uses_the_running_statistics() {
        let mut values = vec![1.0, 10.0, 3.0, 30.0];
        let stats = forward_train(&mut values, &[1.0, 1.0], &[0.0, 0.0]);
        assert!((values[0] + 1.0).abs() < 1e-3 && (values[2] - 1.0).abs() < 1e-3);
        let mut running = Running::new(2);
        running.update(&stats);
        assert_eq!(running.mean, vec![0.2, 2.0]);
        let mut evaluated = vec![0.2, 2.0];
        forward_evaluate(&mut evaluated, &running, &[2.0, 2.0], &[5.0, 5.0]);
        assert_eq!(evaluated, vec![5.0, 5.0]);
    }
}
