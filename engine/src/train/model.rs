//! A multi-layer perceptron for 2-D inputs.
//!
//! Shapes: input `[batch, 2]` → hidden `[batch, width_i]` per layer → logits `[batch, 1]`.

use crate::spec::Activation;
use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::{Device, Tensor, TensorData, activation};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Fully connected layers with one activation between them and a linear output (a logit).
#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Linear>,
    #[module(skip)]
    activation: Activation,
}

impl Mlp {
    /// Glorot-uniform weights and zero biases drawn from `seed` on the host, so the same seed
    /// gives the same starting network on every backend.
    pub fn new(
        inputs: usize,
        hidden_layers: &[usize],
        activation: Activation,
        seed: u64,
        device: &Device,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden_layers);
        widths.push(1);
        let layers = widths
            .windows(2)
            .map(|pair| glorot_linear(pair[0], pair[1], &mut rng, device))
            .collect();
        Self { layers, activation }
    }

    /// Logits `[batch, 1]` for inputs `[batch, inputs]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len() - 1;
        let mut hidden = input;
        for (index, layer) in self.layers.iter().enumerate() {
            hidden = layer.forward(hidden);
            if index < last {
                hidden = match self.activation {
                    Activation::Tanh => activation::tanh(hidden),
                    Activation::Relu => activation::relu(hidden),
                    Activation::Sigmoid => activation::sigmoid(hidden),
                };
            }
        }
        hidden
    }
}

fn glorot_linear(inputs: usize, outputs: usize, rng: &mut StdRng, device: &Device) -> Linear {
    let limit = (6.0 / (inputs + outputs) as f32).sqrt();
    let weights: Vec<f32> = (0..inputs * outputs)
        .map(|_| rng.random_range(-limit..limit))
        .collect();
    let weight = Tensor::<2>::from_data(TensorData::new(weights, [inputs, outputs]), device);
    let bias = Tensor::<1>::zeros([outputs], device);
    Linear {
        weight: Param::from_tensor(weight),
        bias: Some(Param::from_tensor(bias)),
    }
}
