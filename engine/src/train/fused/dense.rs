//! A small dense network on flat host buffers: forward and backward passes written out by
//! hand, with the same layout, initialisation and dropout draws as [`crate::train::Mlp`].
//!
//! Shapes: rows are examples. Layer `l` maps `[rows, widths[l]]` to `[rows, widths[l + 1]]`
//! with weights `[widths[l], widths[l + 1]]` (row-major, input-major as in Burn's `Linear`)
//! and biases `[widths[l + 1]]`. Hidden layers apply their activation (then dropout in
//! training); the output layer is linear.

use crate::spec::{Activation, Layer};
use crate::train::models::dropout::draw_mask;
use crate::train::models::mlp::glorot_weights;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The network's parameters: `params[2l]` are layer `l`'s weights, `params[2l + 1]` its biases.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseNet {
    /// Inputs, hidden widths…, outputs.
    pub widths: Vec<usize>,
    pub activations: Vec<Activation>,
    pub params: Vec<Vec<f32>>,
}

/// Everything a forward pass computed, kept for the backward pass and for drawing neurons.
pub struct Trace {
    /// The input of each layer (after the previous layer's dropout), `[rows, widths[l]]`.
    pub layer_inputs: Vec<Vec<f32>>,
    /// Each hidden layer's values before its activation, `[rows, widths[l + 1]]`.
    pub pre_activations: Vec<Vec<f32>>,
    /// Each hidden layer's activation before dropout, `[rows, widths[l + 1]]`.
    pub hidden: Vec<Vec<f32>>,
    /// Each hidden layer's dropout factors, when training with dropout.
    pub masks: Vec<Option<Vec<f32>>>,
    /// The output layer's values `[rows, outputs]`.
    pub outputs: Vec<f32>,
    pub rows: usize,
}

impl DenseNet {
    /// Glorot-uniform weights and zero biases from `seed`: the same numbers, drawn in the same
    /// order, as `Mlp::new`.
    pub fn new(inputs: usize, hidden: &[Layer], outputs: usize, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![inputs];
        widths.extend(hidden.iter().map(|layer| layer.width));
        widths.push(outputs);
        let params = widths
            .windows(2)
            .flat_map(|pair| {
                let weights = glorot_weights(pair[0], pair[1], &mut rng);
                [weights, vec![0.0; pair[1]]]
            })
            .collect();
        Self {
            widths,
            activations: hidden.iter().map(|layer| layer.activation).collect(),
            params,
        }
    }

    /// Number of dense layers (hidden and output).
    pub fn layer_count(&self) -> usize {
        self.widths.len() - 1
    }

    /// Runs `rows` input rows through the network. With `dropout` above 0, every hidden
    /// layer's activations are multiplied by factors from the thread's mask generator.
    pub fn forward(&self, inputs: &[f32], rows: usize, dropout: f32) -> Trace {
        let layers = self.layer_count();
        let mut trace = Trace {
            layer_inputs: Vec::with_capacity(layers),
            pre_activations: Vec::with_capacity(layers - 1),
            hidden: Vec::with_capacity(layers - 1),
            masks: Vec::with_capacity(layers - 1),
            outputs: Vec::new(),
            rows,
        };
        let mut current = inputs.to_vec();
        for layer in 0..layers {
            let values = self.affine(layer, &current, rows);
            trace.layer_inputs.push(current);
            if layer + 1 == layers {
                trace.outputs = values;
                break;
            }
            let activation = self.activations[layer];
            let activated: Vec<f32> = values.iter().map(|&z| activate(z, activation)).collect();
            let mask = (dropout > 0.0).then(|| draw_mask(activated.len(), dropout));
            current = match &mask {
                Some(mask) => activated.iter().zip(mask).map(|(a, m)| a * m).collect(),
                None => activated.clone(),
            };
            trace.pre_activations.push(values);
            trace.hidden.push(activated);
            trace.masks.push(mask);
        }
        trace
    }

    /// Gradients of every parameter (same layout as `params`) given the loss gradient with
    /// respect to the outputs, `[rows, outputs]`.
    pub fn backward(&self, trace: &Trace, output_gradient: Vec<f32>) -> Vec<Vec<f32>> {
        let rows = trace.rows;
        let mut grads: Vec<Vec<f32>> = self.params.iter().map(|p| vec![0.0; p.len()]).collect();
        let mut delta = output_gradient;
        for layer in (0..self.layer_count()).rev() {
            let (inputs, outputs) = (self.widths[layer], self.widths[layer + 1]);
            let layer_inputs = &trace.layer_inputs[layer];
            let (weight_grads, rest) = grads[2 * layer..].split_at_mut(1);
            let (weight_grads, bias_grads) = (&mut weight_grads[0], &mut rest[0]);
            for row in 0..rows {
                let x = &layer_inputs[row * inputs..(row + 1) * inputs];
                let d = &delta[row * outputs..(row + 1) * outputs];
                for (i, &xi) in x.iter().enumerate() {
                    let grad_row = &mut weight_grads[i * outputs..(i + 1) * outputs];
                    for (g, &dj) in grad_row.iter_mut().zip(d) {
                        *g += xi * dj;
                    }
                }
                for (g, &dj) in bias_grads.iter_mut().zip(d) {
                    *g += dj;
                }
            }
            if layer == 0 {
                break;
            }
            // Back through this layer's weights, then the previous layer's dropout and
            // activation.
            let weights = &self.params[2 * layer];
            let activation = self.activations[layer - 1];
            let activated = &trace.hidden[layer - 1];
            let mask = trace.masks[layer - 1].as_deref();
            let mut previous = vec![0.0; rows * inputs];
            for row in 0..rows {
                let d = &delta[row * outputs..(row + 1) * outputs];
                for i in 0..inputs {
                    let w = &weights[i * outputs..(i + 1) * outputs];
                    let through: f32 = w.iter().zip(d).map(|(w, d)| w * d).sum();
                    let index = row * inputs + i;
                    let dropped = mask.map_or(through, |mask| through * mask[index]);
                    let pre = trace.pre_activations[layer - 1][index];
                    previous[index] = dropped * derivative(pre, activated[index], activation);
                }
            }
            delta = previous;
        }
        grads
    }

    /// `inputs · W + b` for layer `layer`, `[rows, outputs]`.
    fn affine(&self, layer: usize, inputs: &[f32], rows: usize) -> Vec<f32> {
        let (width_in, width_out) = (self.widths[layer], self.widths[layer + 1]);
        let (weights, biases) = (&self.params[2 * layer], &self.params[2 * layer + 1]);
        let mut values = Vec::with_capacity(rows * width_out);
        for row in 0..rows {
            let x = &inputs[row * width_in..(row + 1) * width_in];
            let start = values.len();
            values.extend_from_slice(biases);
            let out = &mut values[start..];
            for (i, &xi) in x.iter().enumerate() {
                let w = &weights[i * width_out..(i + 1) * width_out];
                for (o, &wij) in out.iter_mut().zip(w) {
                    *o += xi * wij;
                }
            }
        }
        values
    }
}

/// An activation function, as Burn's `flex` computes it.
pub fn activate(z: f32, activation: Activation) -> f32 {
    match activation {
        Activation::Relu => z.max(0.0),
        Activation::Tanh => z.tanh(),
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Linear => z,
        Activation::Gelu => 0.5 * z * (1.0 + libm::erff(z / std::f32::consts::SQRT_2)),
    }
}

/// The activation's derivative at pre-activation `z` whose activation is `a`.
fn derivative(z: f32, a: f32, activation: Activation) -> f32 {
    match activation {
        Activation::Relu => {
            if a > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::Tanh => 1.0 - a * a,
        Activation::Sigmoid => a * (1.0 - a),
        Activation::Linear => 1.0,
        Activation::Gelu => {
            let cdf = 0.5 * (1.0 + libm::erff(z / std::f32::consts::SQRT_2));
            let pdf = (-0.5 * z * z).exp() / (2.0 * std::f32::consts::PI).sqrt();
            cdf + z * pdf
        }
    }
}
