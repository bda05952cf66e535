//! A multi-layer perceptron with its own width and activation per layer, dropout, and
//! optional batch normalisation.
//!
//! Shapes: input `[batch, inputs]` → hidden `[batch, width_i]` per layer → output
//! `[batch, outputs]` (logits for classification, values for regression). With batch norm,
//! each hidden layer normalises its `[batch, width_i]` values per neuron (batch statistics in
//! training, running ones in evaluation) before its activation.

use super::dropout::{SeededDropout, is_training};
use crate::report::WeightEdit;
use crate::spec::{Activation, Layer};
use burn::module::{Module, Param};
use burn::nn::{BatchNorm, BatchNormConfig, Linear};
use burn::tensor::{Device, Tensor, TensorData, activation};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Fully connected layers; each hidden layer has its own activation, the output is linear.
#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Linear>,
    /// One per hidden layer with batch norm on, none with it off.
    norms: Vec<BatchNorm>,
    dropout: SeededDropout,
    #[module(skip)]
    activations: Vec<Activation>,
}

impl Mlp {
    /// Glorot-uniform weights and zero biases drawn from `seed` on the host, so the same seed
    /// gives the same starting network on every backend. Batch norm starts at scale 1,
    /// shift 0, running mean 0 and running variance 1, with Burn's momentum 0.1 and ε 1e-5.
    pub fn new(
        inputs: usize,
        hidden: &[Layer],
        outputs: usize,
        regularizers: HiddenRegularizers,
        seed: u64,
        device: &Device,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![inputs];
        widths.extend(hidden.iter().map(|layer| layer.width));
        widths.push(outputs);
        Self {
            layers: glorot_layers(&widths, &mut rng, device),
            norms: match regularizers.batch_norm {
                true => hidden
                    .iter()
                    .map(|layer| BatchNormConfig::new(layer.width).init(device))
                    .collect(),
                false => Vec::new(),
            },
            dropout: SeededDropout::new(regularizers.dropout),
            activations: hidden.iter().map(|layer| layer.activation).collect(),
        }
    }

    /// Outputs `[batch, outputs]` for inputs `[batch, inputs]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let training = is_training(&self.output_layer().weight);
        let mut hidden = input;
        for (index, &activation) in self.activations.iter().enumerate() {
            let values = self.hidden_values(index, hidden);
            hidden = self.dropout.forward(activate(values, activation), training);
        }
        self.output_layer().forward(hidden)
    }

    /// Every hidden layer's activations `[batch, width_i]`, then the output, for drawing what
    /// each neuron computes. No dropout.
    pub fn forward_layers(&self, input: Tensor<2>) -> Vec<Tensor<2>> {
        let mut outputs = Vec::with_capacity(self.layers.len());
        let mut hidden = input;
        for (index, &activation) in self.activations.iter().enumerate() {
            hidden = activate(self.hidden_values(index, hidden), activation);
            outputs.push(hidden.clone());
        }
        outputs.push(self.output_layer().forward(hidden));
        outputs
    }

    /// Every layer's weights `[inputs, outputs]` and biases `[outputs]`, input side first.
    pub fn parameters(&self) -> Vec<(Tensor<2>, Tensor<1>)> {
        self.layers
            .iter()
            .map(|layer| {
                let weight = layer.weight.val();
                let bias = match &layer.bias {
                    Some(bias) => bias.val(),
                    None => Tensor::zeros([weight.dims()[1]], &weight.device()),
                };
                (weight, bias)
            })
            .collect()
    }

    /// The network with one weight or bias set to `edit.value`; the optimizer keeps its state
    /// for the parameter (the edit is a nudge, as in TensorFlow Playground).
    pub fn with_weight(mut self, edit: WeightEdit) -> Result<Self, String> {
        let dims: Vec<[usize; 2]> = self
            .layers
            .iter()
            .map(|layer| layer.weight.val().dims())
            .collect();
        edit.check(&dims)?;
        let layer = &mut self.layers[edit.layer];
        let (column, value) = (edit.output, edit.value);
        match edit.input {
            Some(input) => {
                layer.weight = layer.weight.clone().map(|weight| {
                    weight
                        .slice_fill([input..input + 1, column..column + 1], value)
                        .detach()
                        .require_grad()
                });
            }
            None => {
                let bias = layer.bias.take().ok_or("the layer has no bias")?;
                layer.bias = Some(bias.map(|bias| {
                    bias.slice_fill(column..column + 1, value)
                        .detach()
                        .require_grad()
                }));
            }
        }
        Ok(self)
    }

    /// Hidden layer `index`'s values before its activation: the dense layer, then batch norm
    /// where it is on.
    fn hidden_values(&self, index: usize, input: Tensor<2>) -> Tensor<2> {
        let values = self.layers[index].forward(input);
        match self.norms.get(index) {
            Some(norm) => norm.forward(values),
            None => values,
        }
    }

    fn output_layer(&self) -> &Linear {
        &self.layers[self.layers.len() - 1]
    }
}

/// What regularises the hidden layers besides the loss penalty.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HiddenRegularizers {
    /// Share of hidden activations zeroed in training.
    pub dropout: f32,
    pub batch_norm: bool,
}

/// Applies an activation function.
pub fn activate<const D: usize>(input: Tensor<D>, function: Activation) -> Tensor<D> {
    match function {
        Activation::Relu => activation::relu(input),
        Activation::Tanh => activation::tanh(input),
        Activation::Sigmoid => activation::sigmoid(input),
        Activation::Linear => input,
        Activation::Gelu => activation::gelu(input),
    }
}

/// Dense layers between consecutive `widths` (inputs first), Glorot-uniform from `rng`.
pub fn glorot_layers(widths: &[usize], rng: &mut StdRng, device: &Device) -> Vec<Linear> {
    widths
        .windows(2)
        .map(|pair| glorot_linear(pair[0], pair[1], rng, device))
        .collect()
}

/// A dense layer with Glorot-uniform weights and zero biases from `rng`.
fn glorot_linear(inputs: usize, outputs: usize, rng: &mut StdRng, device: &Device) -> Linear {
    let weights = glorot_weights(inputs, outputs, rng);
    let weight = Tensor::<2>::from_data(TensorData::new(weights, [inputs, outputs]), device);
    let bias = Tensor::<1>::zeros([outputs], device);
    Linear {
        weight: Param::from_tensor(weight),
        bias: Some(Param::from_tensor(bias)),
    }
}

/// Glorot-uniform weights `[inputs, outputs]`, row-major, from `rng`.
pub fn glorot_weights(inputs: usize, outputs: usize, rng: &mut StdRng) -> Vec<f32> {
    let limit = (6.0 / (inputs + outputs) as f32).sqrt();
    (0..inputs * outputs)
        .map(|_| rng.random_range(-limit..limit))
        .collect()
}
