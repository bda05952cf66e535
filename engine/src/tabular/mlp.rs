//! A small neural network for tabular data: standardised inputs, one tanh hidden layer and a
//! sigmoid output, trained full-batch with Adam on the logistic loss. Plain loops: the data
//! sets this serves have hundreds of rows.

use crate::seeded::Rng;
use crate::tabular::gbt::sigmoid;
use crate::tabular::quantize::Quantized;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MlpSettings {
    pub hidden: usize,
    pub epochs: usize,
    pub learning_rate: f64,
    /// L2 penalty on the weights.
    pub l2: f64,
    pub seed: u64,
}

impl Default for MlpSettings {
    fn default() -> Self {
        Self {
            hidden: 8,
            epochs: 200,
            learning_rate: 0.01,
            l2: 1e-3,
            seed: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    means: Vec<f64>,
    deviations: Vec<f64>,
    /// `[input][hidden]`.
    hidden_weights: Vec<Vec<f64>>,
    hidden_biases: Vec<f64>,
    output_weights: Vec<f64>,
    output_bias: f64,
}

/// Adam's running moments for one parameter vector.
pub(crate) struct Moments {
    first: Vec<f64>,
    second: Vec<f64>,
}

impl Moments {
    pub(crate) fn new(size: usize) -> Self {
        Self {
            first: vec![0.0; size],
            second: vec![0.0; size],
        }
    }

    pub(crate) fn update(
        &mut self,
        parameters: &mut [f64],
        gradients: &[f64],
        learning_rate: f64,
        step: i32,
    ) {
        let (beta1, beta2) = (0.9f64, 0.999f64);
        let correction1 = 1.0 - beta1.powi(step);
        let correction2 = 1.0 - beta2.powi(step);
        for index in 0..parameters.len() {
            self.first[index] = beta1 * self.first[index] + (1.0 - beta1) * gradients[index];
            self.second[index] =
                beta2 * self.second[index] + (1.0 - beta2) * gradients[index] * gradients[index];
            let mean = self.first[index] / correction1;
            let square = self.second[index] / correction2;
            parameters[index] -= learning_rate * mean / (square.sqrt() + 1e-8);
        }
    }
}

impl Mlp {
    pub fn fit(rows: &[Vec<f64>], labels: &[bool], settings: &MlpSettings) -> Self {
        let inputs = rows.first().map_or(0, Vec::len);
        let count = rows.len().max(1) as f64;
        let means: Vec<f64> = (0..inputs)
            .map(|j| rows.iter().map(|row| row[j]).sum::<f64>() / count)
            .collect();
        let deviations: Vec<f64> = (0..inputs)
            .map(|j| {
                let variance = rows
                    .iter()
                    .map(|row| (row[j] - means[j]).powi(2))
                    .sum::<f64>()
                    / count;
                if variance > 0.0 { variance.sqrt() } else { 1.0 }
            })
            .collect();
        let mut rng = Rng::new(settings.seed);
        let hidden = settings.hidden.max(1);
        let scale = 1.0 / (inputs.max(1) as f64).sqrt();
        let mut model = Self {
            hidden_weights: (0..inputs)
                .map(|_| (0..hidden).map(|_| rng.normal() * scale).collect())
                .collect(),
            hidden_biases: vec![0.0; hidden],
            output_weights: (0..hidden)
                .map(|_| rng.normal() / (hidden as f64).sqrt())
                .collect(),
            output_bias: 0.0,
            means,
            deviations,
        };
        let standard: Vec<Vec<f64>> = rows.iter().map(|row| model.standardise(row)).collect();
        let mut flat_weights: Vec<f64> = model.hidden_weights.concat();
        let mut moments = [
            Moments::new(inputs * hidden),
            Moments::new(hidden),
            Moments::new(hidden),
            Moments::new(1),
        ];
        for epoch in 1..=settings.epochs {
            let mut grad_hidden = vec![0.0; inputs * hidden];
            let mut grad_hidden_bias = vec![0.0; hidden];
            let mut grad_output = vec![0.0; hidden];
            let mut grad_output_bias = 0.0;
            for (row, &label) in standard.iter().zip(labels) {
                let activations = model.hidden_layer(row, &flat_weights);
                let output = sigmoid(model.output_bias + dot(&activations, &model.output_weights));
                let delta = (output - f64::from(u8::from(label))) / count;
                grad_output_bias += delta;
                for unit in 0..hidden {
                    grad_output[unit] += delta * activations[unit];
                    let back = delta
                        * model.output_weights[unit]
                        * (1.0 - activations[unit] * activations[unit]);
                    grad_hidden_bias[unit] += back;
                    for (input, &value) in row.iter().enumerate() {
                        grad_hidden[input * hidden + unit] += back * value;
                    }
                }
            }
            for (gradient, &weight) in grad_hidden.iter_mut().zip(&flat_weights) {
                *gradient += settings.l2 * weight;
            }
            for (gradient, &weight) in grad_output.iter_mut().zip(&model.output_weights) {
                *gradient += settings.l2 * weight;
            }
            let step = i32::try_from(epoch).unwrap_or(i32::MAX);
            let rate = settings.learning_rate;
            moments[0].update(&mut flat_weights, &grad_hidden, rate, step);
            moments[1].update(&mut model.hidden_biases, &grad_hidden_bias, rate, step);
            moments[2].update(&mut model.output_weights, &grad_output, rate, step);
            let mut bias = [model.output_bias];
            moments[3].update(&mut bias, &[grad_output_bias], rate, step);
            model.output_bias = bias[0];
        }
        model.hidden_weights = flat_weights.chunks(hidden).map(<[f64]>::to_vec).collect();
        model
    }

    /// Weights and biases in all.
    pub fn parameter_count(&self) -> usize {
        self.hidden_weights.iter().map(Vec::len).sum::<usize>()
            + self.hidden_biases.len()
            + self.output_weights.len()
            + 1
    }

    /// The same network with each weight matrix quantized to `bits` bits (biases kept).
    pub fn with_quantized_weights(&self, bits: u32) -> Self {
        let hidden = self.hidden_biases.len();
        let flat = Quantized::new(&self.hidden_weights.concat(), bits).restore();
        Self {
            hidden_weights: flat.chunks(hidden.max(1)).map(<[f64]>::to_vec).collect(),
            output_weights: Quantized::new(&self.output_weights, bits).restore(),
            ..self.clone()
        }
    }

    fn standardise(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.means.iter().zip(&self.deviations))
            .map(|(value, (mean, deviation))| (value - mean) / deviation)
            .collect()
    }

    /// Hidden activations for a standardised row, with the weights flattened `[input · hidden]`.
    fn hidden_layer(&self, row: &[f64], flat_weights: &[f64]) -> Vec<f64> {
        let hidden = self.hidden_biases.len();
        (0..hidden)
            .map(|unit| {
                let sum: f64 = row
                    .iter()
                    .enumerate()
                    .map(|(input, &value)| value * flat_weights[input * hidden + unit])
                    .sum();
                (sum + self.hidden_biases[unit]).tanh()
            })
            .collect()
    }

    pub fn probabilities(&self, rows: &[Vec<f64>]) -> Vec<f64> {
        let flat = self.hidden_weights.concat();
        rows.iter()
            .map(|row| {
                let activations = self.hidden_layer(&self.standardise(row), &flat);
                sigmoid(self.output_bias + dot(&activations, &self.output_weights))
            })
            .collect()
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
