//! A two-layer graph convolutional network (Kipf & Welling, 2017).
//!
//! Shapes: normalised adjacency `Â` `[nodes, nodes]`, node features `X` `[nodes, features]` →
//! `relu(Â X W₁)` `[nodes, hidden]` → dropout → `Â H W₂` logits `[nodes, classes]`.

use super::dropout::{SeededDropout, is_training};
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Device, Tensor, activation};

#[derive(Module, Debug)]
pub struct Gcn {
    first: Linear,
    second: Linear,
    dropout: SeededDropout,
}

impl Gcn {
    pub fn new(
        features: usize,
        hidden: usize,
        classes: usize,
        dropout: f32,
        device: &Device,
    ) -> Self {
        Self {
            first: LinearConfig::new(features, hidden).init(device),
            second: LinearConfig::new(hidden, classes).init(device),
            dropout: SeededDropout::new(dropout),
        }
    }

    /// Class logits `[nodes, classes]` for every node.
    pub fn forward(&self, adjacency: Tensor<2>, features: Tensor<2>) -> Tensor<2> {
        let hidden = activation::relu(adjacency.clone().matmul(self.first.forward(features)));
        let training = is_training(&self.second.weight);
        adjacency.matmul(self.second.forward(self.dropout.forward(hidden, training)))
    }
}
