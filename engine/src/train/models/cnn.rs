//! A small convolutional network for digit images.
//!
//! Shapes for side `s` (8 or 28): input `[batch, 1, s, s]` → 3×3 conv, ReLU
//! `[batch, c₁, s, s]` (then 2×2 max-pool when s ≥ 16) → 3×3 conv, ReLU, 2×2 max-pool
//! `[batch, c₂, s/2, s/2]` (or s/4) → flatten → dense, ReLU, dropout `[batch, hidden]` →
//! logits `[batch, classes]`.

use super::dropout::{SeededDropout, is_training};
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d};
use burn::tensor::{Device, Tensor, activation};

#[derive(Module, Debug)]
pub struct Cnn {
    first: Conv2d,
    second: Conv2d,
    pool: MaxPool2d,
    dense: Linear,
    output: Linear,
    dropout: SeededDropout,
    #[module(skip)]
    pool_first: bool,
}

impl Cnn {
    /// A network for `side`×`side` images; weights drawn from the device's seeded generator.
    pub fn new(
        side: usize,
        channels: [usize; 2],
        hidden: usize,
        classes: usize,
        dropout: f32,
        device: &Device,
    ) -> Self {
        let pool_first = side >= 16;
        let pooled_side = if pool_first { side / 4 } else { side / 2 };
        let conv = |inputs, outputs| {
            Conv2dConfig::new([inputs, outputs], [3, 3])
                .with_padding(PaddingConfig2d::Same)
                .init(device)
        };
        Self {
            first: conv(1, channels[0]),
            second: conv(channels[0], channels[1]),
            pool: MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            dense: LinearConfig::new(channels[1] * pooled_side * pooled_side, hidden).init(device),
            output: LinearConfig::new(hidden, classes).init(device),
            dropout: SeededDropout::new(dropout),
            pool_first,
        }
    }

    /// The first convolution's filters, then each convolution's feature maps (after the
    /// ReLU, before pooling) of images `[1, 1, side, side]`, flattened channel by channel.
    pub fn conv_views(&self, images: Tensor<4>) -> Vec<Tensor<1>> {
        let first = activation::relu(self.first.forward(images));
        let pooled = if self.pool_first {
            self.pool.forward(first.clone())
        } else {
            first.clone()
        };
        let second = activation::relu(self.second.forward(pooled));
        vec![
            self.first.weight.val().flatten(0, 3),
            first.flatten(0, 3),
            second.flatten(0, 3),
        ]
    }

    /// Logits `[batch, classes]` for images `[batch, 1, side, side]`.
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut hidden = activation::relu(self.first.forward(images));
        if self.pool_first {
            hidden = self.pool.forward(hidden);
        }
        hidden = self
            .pool
            .forward(activation::relu(self.second.forward(hidden)));
        let flat: Tensor<2> = hidden.flatten(1, 3);
        let dense = self.dropout.forward(
            activation::relu(self.dense.forward(flat)),
            is_training(&self.dense.weight),
        );
        self.output.forward(dense)
    }
}
