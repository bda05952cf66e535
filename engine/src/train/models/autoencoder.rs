//! An autoencoder: an encoder down to a small latent code and a mirrored decoder back.
//!
//! Shapes: input `[batch, inputs]` (pixels in 0..=1) → encoder layers (tanh) → latent
//! `[batch, latent]` (linear) → decoder layers (tanh, mirrored) → reconstruction logits
//! `[batch, inputs]` (a sigmoid gives pixels).
//!
//! A variational autoencoder's encoder ends in `2 · latent` values: the code's mean and the
//! log of its variance per dimension.

use super::mlp::glorot_layers;
use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::{Device, Distribution, Tensor, activation};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Module, Debug)]
pub struct Autoencoder {
    encoder: Vec<Linear>,
    decoder: Vec<Linear>,
    #[module(skip)]
    latent: usize,
    #[module(skip)]
    variational: bool,
}

/// A variational forward pass: reconstruction logits and the KL term.
pub struct VariationalPass {
    pub logits: Tensor<2>,
    /// Mean over the batch of KL(q(code | image) ‖ N(0, I)).
    pub divergence: Tensor<1>,
}

impl Autoencoder {
    pub fn new(
        inputs: usize,
        hidden: &[usize],
        latent: usize,
        variational: bool,
        seed: u64,
        device: &Device,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden);
        widths.push(if variational { 2 * latent } else { latent });
        let encoder = glorot_layers(&widths, &mut rng, device);
        widths.reverse();
        widths[0] = latent;
        let decoder = glorot_layers(&widths, &mut rng, device);
        Self {
            encoder,
            decoder,
            latent,
            variational,
        }
    }

    pub fn is_variational(&self) -> bool {
        self.variational
    }

    /// Latent codes `[batch, latent]` (a variational encoder's means).
    pub fn encode(&self, input: Tensor<2>) -> Tensor<2> {
        run_layers(&self.encoder, input).narrow(1, 0, self.latent)
    }

    /// A variational pass: decodes a draw from each image's code distribution (its mean
    /// alone when `sample` is false).
    pub fn forward_variational(&self, input: Tensor<2>, sample: bool) -> VariationalPass {
        let encoded = run_layers(&self.encoder, input);
        let mean = encoded.clone().narrow(1, 0, self.latent);
        let log_variance = encoded
            .narrow(1, self.latent, self.latent)
            .clamp(-10.0, 10.0);
        let code = if sample {
            let noise = mean.random_like(Distribution::Normal(0.0, 1.0));
            mean.clone() + (log_variance.clone() * 0.5).exp() * noise
        } else {
            mean.clone()
        };
        let per_example =
            (log_variance.clone() + 1.0 - mean.square() - log_variance.exp()).sum_dim(1) * -0.5;
        VariationalPass {
            logits: self.decode_logits(code),
            divergence: per_example.mean(),
        }
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
pub(super) fn run_layers(layers: &[Linear], input: Tensor<2>) -> Tensor<2> {
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
