//! A small dense network on flat host buffers: forward and backward passes written out by
//! hand, with the same layout, initialisation and dropout draws as [`crate::train::Mlp`].
//!
//! Shapes: rows are examples. Layer `l` maps `[rows, widths[l]]` to `[rows, widths[l + 1]]`
//! with weights `[widths[l], widths[l + 1]]` (row-major, input-major as in Burn's `Linear`)
//! and biases `[widths[l + 1]]`. Hidden layers apply batch norm where it is on, then their
//! activation (then dropout in training); the output layer is linear.

use super::matmul::{MatRef, multiply, multiply_add};
use super::norm::{self, BatchStats, Running};
use crate::math;
use crate::spec::{Activation, Layer};
use crate::train::models::dropout::draw_mask;
use crate::train::models::mlp::HiddenRegularizers;
use crate::train::models::mlp::glorot_weights;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The network's parameters: `params[2l]` are layer `l`'s weights, `params[2l + 1]` its
/// biases; with batch norm, hidden layer `h`'s scale and shift follow all of those, at
/// `params[2L + 2h]` and `params[2L + 2h + 1]` for `L` dense layers.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseNet {
    /// Inputs, hidden widths…, outputs.
    pub widths: Vec<usize>,
    pub activations: Vec<Activation>,
    pub params: Vec<Vec<f32>>,
    /// Each hidden layer's running statistics, with batch norm on (empty with it off).
    pub running: Vec<Running>,
}

/// A training pass (batch statistics, dropout) or an evaluation (running statistics).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pass {
    Train { dropout: f32 },
    Evaluate,
}

/// Everything a forward pass computed, kept for the backward pass and for drawing neurons.
pub struct Trace {
    /// The input of each layer (after the previous layer's dropout), `[rows, widths[l]]`.
    pub layer_inputs: Vec<Vec<f32>>,
    /// Each hidden layer's values before its activation (after batch norm),
    /// `[rows, widths[l + 1]]`.
    pub pre_activations: Vec<Vec<f32>>,
    /// Each hidden layer's activation before dropout, `[rows, widths[l + 1]]`.
    pub hidden: Vec<Vec<f32>>,
    /// Each hidden layer's dropout factors, when training with dropout.
    pub masks: Vec<Option<Vec<f32>>>,
    /// Each hidden layer's batch statistics, when training with batch norm.
    pub norm_stats: Vec<BatchStats>,
    /// The output layer's values `[rows, outputs]`.
    pub outputs: Vec<f32>,
    pub rows: usize,
}

impl DenseNet {
    /// Glorot-uniform weights and zero biases from `seed`: the same numbers, drawn in the same
    /// order, as `Mlp::new`; batch norm starts at scale 1 and shift 0.
    pub fn new(
        inputs: usize,
        hidden: &[Layer],
        outputs: usize,
        regularizers: HiddenRegularizers,
        seed: u64,
    ) -> Self {
        Self::from_rng(
            inputs,
            hidden,
            outputs,
            regularizers,
            &mut StdRng::seed_from_u64(seed),
        )
    }

    /// The same, drawing the weights from `rng` (a network that follows other layers
    /// continues their draws).
    pub fn from_rng(
        inputs: usize,
        hidden: &[Layer],
        outputs: usize,
        regularizers: HiddenRegularizers,
        rng: &mut StdRng,
    ) -> Self {
        let mut widths = vec![inputs];
        widths.extend(hidden.iter().map(|layer| layer.width));
        widths.push(outputs);
        let mut params: Vec<Vec<f32>> = widths
            .windows(2)
            .flat_map(|pair| {
                let weights = glorot_weights(pair[0], pair[1], rng);
                [weights, vec![0.0; pair[1]]]
            })
            .collect();
        let mut running = Vec::new();
        if regularizers.batch_norm {
            for layer in hidden {
                params.extend([vec![1.0; layer.width], vec![0.0; layer.width]]);
                running.push(Running::new(layer.width));
            }
        }
        Self {
            widths,
            activations: hidden.iter().map(|layer| layer.activation).collect(),
            params,
            running,
        }
    }

    /// The dense layers' weights and biases, without batch norm's parameters.
    pub fn dense_params(&self) -> &[Vec<f32>] {
        &self.params[..2 * self.layer_count()]
    }

    /// What a checkpoint keeps of the network: the parameters, then each layer's running
    /// mean and variance.
    pub fn saved_tensors(&self) -> Vec<&Vec<f32>> {
        let running = self.running.iter().flat_map(|r| [&r.mean, &r.variance]);
        self.params.iter().chain(running).collect()
    }

    /// Takes back what [`Self::saved_tensors`] gave, if every size matches this network's.
    pub fn restore_tensors(&mut self, mut tensors: Vec<Vec<f32>>) -> Result<(), String> {
        let sizes = self.saved_tensors().into_iter().map(Vec::len);
        if !sizes.eq(tensors.iter().map(Vec::len)) {
            return Err("the checkpoint's network has other layer sizes than this spec's".into());
        }
        let running = tensors.split_off(self.params.len());
        for (layer, pair) in self.running.iter_mut().zip(running.chunks_exact(2)) {
            (layer.mean, layer.variance) = (pair[0].clone(), pair[1].clone());
        }
        self.params = tensors;
        Ok(())
    }

    /// Moves every layer's running statistics towards the batch a training pass saw.
    pub fn update_running(&mut self, trace: &Trace) {
        for (running, stats) in self.running.iter_mut().zip(&trace.norm_stats) {
            running.update(stats);
        }
    }

    /// Hidden layer `hidden`'s batch-norm scale and shift.
    fn norm_params(&self, hidden: usize) -> (&[f32], &[f32]) {
        let index = 2 * self.layer_count() + 2 * hidden;
        (&self.params[index], &self.params[index + 1])
    }

    /// Whether `params[index]` is a weight matrix (the L1/L2 penalty applies to those only).
    pub fn is_weight(&self, index: usize) -> bool {
        index < 2 * self.layer_count() && index.is_multiple_of(2)
    }

    /// Number of dense layers (hidden and output).
    pub fn layer_count(&self) -> usize {
        self.widths.len() - 1
    }

    /// Runs `rows` input rows through the network. In training with `dropout` above 0, every
    /// hidden layer's activations are multiplied by factors from the thread's mask generator.
    pub fn forward(&self, inputs: Vec<f32>, rows: usize, pass: Pass) -> Trace {
        let layers = self.layer_count();
        let mut trace = Trace {
            layer_inputs: Vec::with_capacity(layers),
            pre_activations: Vec::with_capacity(layers - 1),
            hidden: Vec::with_capacity(layers - 1),
            masks: Vec::with_capacity(layers - 1),
            norm_stats: Vec::new(),
            outputs: Vec::new(),
            rows,
        };
        let mut current = inputs;
        for layer in 0..layers {
            let mut values = self.affine(layer, &current, rows);
            trace.layer_inputs.push(current);
            if layer + 1 == layers {
                trace.outputs = values;
                break;
            }
            if !self.running.is_empty() {
                let (scale, shift) = self.norm_params(layer);
                match pass {
                    Pass::Train { .. } => {
                        trace
                            .norm_stats
                            .push(norm::forward_train(&mut values, scale, shift))
                    }
                    Pass::Evaluate => {
                        norm::forward_evaluate(&mut values, &self.running[layer], scale, shift)
                    }
                }
            }
            let activation = self.activations[layer];
            let activated: Vec<f32> = values.iter().map(|&z| activate(z, activation)).collect();
            let dropout = match pass {
                Pass::Train { dropout } => dropout,
                Pass::Evaluate => 0.0,
            };
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
        self.backward_to_inputs(trace, output_gradient, false).0
    }

    /// [`Self::backward`], and with `to_inputs` also the loss gradient with respect to the
    /// inputs, `[rows, widths[0]]` (for the layers in front of this network).
    pub fn backward_to_inputs(
        &self,
        trace: &Trace,
        output_gradient: Vec<f32>,
        to_inputs: bool,
    ) -> (Vec<Vec<f32>>, Vec<f32>) {
        let rows = trace.rows;
        let mut grads: Vec<Vec<f32>> = self.params.iter().map(|p| vec![0.0; p.len()]).collect();
        let mut delta = output_gradient;
        let mut input_gradient = Vec::new();
        for layer in (0..self.layer_count()).rev() {
            let (inputs, outputs) = (self.widths[layer], self.widths[layer + 1]);
            let (weight_grads, rest) = grads[2 * layer..].split_at_mut(1);
            let (weight_grads, bias_grads) = (&mut weight_grads[0], &mut rest[0]);
            let x = MatRef::row_major(&trace.layer_inputs[layer], rows, inputs);
            let d = MatRef::row_major(&delta, rows, outputs);
            multiply(weight_grads, x.transposed(), d);
            for d in delta.chunks_exact(outputs) {
                for (g, &dj) in bias_grads.iter_mut().zip(d) {
                    *g += dj;
                }
            }
            if layer == 0 {
                if to_inputs {
                    input_gradient = vec![0.0; rows * inputs];
                    let w = MatRef::row_major(&self.params[0], inputs, outputs);
                    multiply(&mut input_gradient, d, w.transposed());
                }
                break;
            }
            // Back through this layer's weights, then the previous layer's dropout and
            // activation.
            let activation = self.activations[layer - 1];
            let activated = &trace.hidden[layer - 1];
            let mask = trace.masks[layer - 1].as_deref();
            let mut previous = vec![0.0; rows * inputs];
            let d = MatRef::row_major(&delta, rows, outputs);
            let w = MatRef::row_major(&self.params[2 * layer], inputs, outputs);
            multiply(&mut previous, d, w.transposed());
            let pre_activations = &trace.pre_activations[layer - 1];
            for (index, p) in previous.iter_mut().enumerate() {
                let dropped = mask.map_or(*p, |mask| *p * mask[index]);
                *p = dropped * derivative(pre_activations[index], activated[index], activation);
            }
            if let Some(stats) = trace.norm_stats.get(layer - 1) {
                let index = 2 * self.layer_count() + 2 * (layer - 1);
                let (scale_gradient, shift_gradient) =
                    norm::backward(&mut previous, stats, &self.params[index]);
                grads[index] = scale_gradient;
                grads[index + 1] = shift_gradient;
            }
            delta = previous;
        }
        (grads, input_gradient)
    }

    /// `inputs · W + b` for layer `layer`, `[rows, outputs]`.
    fn affine(&self, layer: usize, inputs: &[f32], rows: usize) -> Vec<f32> {
        let (width_in, width_out) = (self.widths[layer], self.widths[layer + 1]);
        let (weights, biases) = (&self.params[2 * layer], &self.params[2 * layer + 1]);
        let mut values = Vec::with_capacity(rows * width_out);
        for _ in 0..rows {
            values.extend_from_slice(biases);
        }
        let x = MatRef::row_major(inputs, rows, width_in);
        multiply_add(
            &mut values,
            x,
            MatRef::row_major(weights, width_in, width_out),
        );
        values
    }
}

/// An activation function, as Burn's `flex` computes it.
pub fn activate(z: f32, activation: Activation) -> f32 {
    activation.apply(z)
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
            let pdf = math::exp(-0.5 * z * z) / (2.0 * std::f32::consts::PI).sqrt();
            cdf + z * pdf
        }
    }
}
