//! An autoencoder: an encoder down to a small latent code and a mirrored decoder back.
//!
//! Shapes: input `[batch, inputs]` (pixels in 0..=1) → encoder layers (tanh) → latent
//! `[batch, latent]` (linear) → decoder layers (tanh, mirrored) → reconstruction logits
//! `[batch, inputs]` (a sigmoid gives pixels).

use super::mlp::glorot_layers;
use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::{Device, Tensor, activation};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Module, Debug)]
pub struct Autoencoder {
    encoder: Vec<Linear>,
    decoder: Vec<Linear>,
}

impl Autoencoder {
    pub fn new(inputs: usize, hidden: &[usize], latent: usize, seed: u64, device: &Device) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden);
        widths.push(latent);
        let encoder = glorot_layers(&widths, &mut rng, device);
        widths.reverse();
        let decoder = glorot_layers(&widths, &mut rng, device);
        Self { encoder, decoder }
    }

    /// Latent codes `[batch, latent]`.
    pub fn encode(&self, input: Tensor<2>) -> Tensor<2> {
        run_layers(&self.encoder, input)
    }

    /// Reconstruction logits `[batch, inputs]` from codes `[batch, latent]`.
    pub fn decode_logits(&self, codes: Tensor<2>) -> Tensor<2> {
        run_layers(&self.decoder, codes)
    }

    /// Reconstruction logits `[batch, inputs]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        self.decode_logits(self.encode(input))
    }
}

/// Dense layers with tanh between them and a linear last layer.
fn run_layers(layers: &[Linear], input: Tensor<2>) -> Tensor<2> {
    let last = layers.len() - 1;
    layers
        .iter()
        .enumerate()
        .fold(input, |hidden, (index, layer)| {
            let output = layer.forward(hidden);
            if index < last {
                activation::tanh(output)
            } else {
                output
            }
        })
}
