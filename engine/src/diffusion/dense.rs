//! A fully connected layer over a batch of rows, with its gradients: the diffusion model's
//! building block.

use crate::seeded::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    /// `[input][output]`, row by row.
    pub weights: Vec<f64>,
    pub bias: Vec<f64>,
}

/// The gradients of one layer for one batch.
pub struct DenseGradient {
    pub weights: Vec<f64>,
    pub bias: Vec<f64>,
    /// With respect to the layer's input.
    pub input: Vec<f64>,
}

impl Dense {
    /// He-initialised weights (for ReLU), zero biases.
    pub fn new(inputs: usize, outputs: usize, rng: &mut Rng) -> Self {
        let scale = (2.0 / inputs as f64).sqrt();
        Self {
            inputs,
            outputs,
            weights: (0..inputs * outputs)
                .map(|_| rng.normal() * scale)
                .collect(),
            bias: vec![0.0; outputs],
        }
    }

    /// `input` holds `rows × inputs` numbers; returns `rows × outputs`.
    pub fn forward(&self, input: &[f64]) -> Vec<f64> {
        let rows = input.len() / self.inputs;
        let mut output = Vec::with_capacity(rows * self.outputs);
        for row in input.chunks_exact(self.inputs) {
            let start = output.len();
            output.extend_from_slice(&self.bias);
            let out = &mut output[start..];
            for (value, weights) in row.iter().zip(self.weights.chunks_exact(self.outputs)) {
                for (slot, weight) in out.iter_mut().zip(weights) {
                    *slot += value * weight;
                }
            }
        }
        output
    }

    /// The gradients given the layer's `input` and the loss's gradient at its output.
    pub fn backward(&self, input: &[f64], output_gradient: &[f64]) -> DenseGradient {
        let mut gradient = DenseGradient {
            weights: vec![0.0; self.weights.len()],
            bias: vec![0.0; self.outputs],
            input: Vec::with_capacity(input.len()),
        };
        for (row, out) in input
            .chunks_exact(self.inputs)
            .zip(output_gradient.chunks_exact(self.outputs))
        {
            for (bias, value) in gradient.bias.iter_mut().zip(out) {
                *bias += value;
            }
            for ((value, weight_grads), weights) in row
                .iter()
                .zip(gradient.weights.chunks_exact_mut(self.outputs))
                .zip(self.weights.chunks_exact(self.outputs))
            {
                let mut back = 0.0;
                for ((slot, weight), grad) in weight_grads.iter_mut().zip(weights).zip(out) {
                    *slot += value * grad;
                    back += weight * grad;
                }
                gradient.input.push(back);
            }
        }
        gradient
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The backward pass matches finite differences of `sum(output · probe)`.
    #[test]
    fn gradients_match_finite_differences() {
        let mut rng = Rng::new(4);
        let layer = Dense::new(3, 2, &mut rng);
        let input = vec![0.5, -1.0, 2.0, 0.1, 0.2, -0.3];
        let probe = vec![1.0, -2.0, 0.5, 3.0];
        let objective = |layer: &Dense, input: &[f64]| -> f64 {
            layer
                .forward(input)
                .iter()
                .zip(&probe)
                .map(|(o, p)| o * p)
                .sum()
        };
        let gradient = layer.backward(&input, &probe);
        for index in 0..layer.weights.len() {
            let mut moved = layer.clone();
            moved.weights[index] += 1e-6;
            let numeric = (objective(&moved, &input) - objective(&layer, &input)) / 1e-6;
            assert!((numeric - gradient.weights[index]).abs() < 1e-4);
        }
        for index in 0..input.len() {
            let mut moved = input.clone();
            moved[index] += 1e-6;
            let numeric = (objective(&layer, &moved) - objective(&layer, &input)) / 1e-6;
            assert!((numeric - gradient.input[index]).abs() < 1e-4);
        }
        assert_eq!(gradient.bias, vec![1.5, 1.0]);
    }
}
