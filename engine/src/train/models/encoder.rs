//! An encoder for metric learning: images `[batch, inputs]` → dense layers (tanh) → codes
//! `[batch, dims]` (linear).

use super::autoencoder::run_layers;
use super::mlp::glorot_layers;
use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::{Device, Tensor};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Module, Debug)]
pub struct Encoder {
    layers: Vec<Linear>,
}

impl Encoder {
    pub fn new(inputs: usize, hidden: &[usize], dims: usize, seed: u64, device: &Device) -> Self {
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden);
        widths.push(dims);
        let mut rng = StdRng::seed_from_u64(seed);
        Self {
            layers: glorot_layers(&widths, &mut rng, device),
        }
    }

    /// Codes `[batch, dims]`.
    pub fn forward(&self, images: Tensor<2>) -> Tensor<2> {
        run_layers(&self.layers, images)
    }
}
