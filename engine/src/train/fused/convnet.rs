//! The digits CNN on the host: the same layers, initial weights, dropout draws and formulas as
//! [`crate::train::models::Cnn`], with the convolutions as matrix products (see `conv.rs`).
//!
//! Shapes for side `s`: images `[rows, s, s, 1]` → 3×3 conv, ReLU `[rows, s, s, c₁]` (then
//! 2×2 max-pool when s ≥ 16) → 3×3 conv, ReLU, 2×2 max-pool → flattened channel by channel
//! (Burn's `[rows, c₂, h, w]` order) → the dense head: `hidden` ReLU units with dropout, then
//! the logits.

use super::conv::{self, ConvGradients, Images};
use super::dense::{DenseNet, Pass, Trace};
use super::network::HostNetwork;
use crate::spec::{Activation, Layer};
use crate::train::init::glorot_values;
use crate::train::models::mlp::HiddenRegularizers;
use crate::train::tasks::classify::{ConvShape, cnn_shapes};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The convolutional layers' parameters come first: two kernels and their biases.
const CONV_PARAMS: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct ConvNet {
    side: usize,
    pool_first: bool,
    /// `[c₁, 1, 3, 3]` kernel, `[c₁]` biases, `[c₂, c₁, 3, 3]` kernel, `[c₂]` biases.
    kernels: Vec<Vec<f32>>,
    head: DenseNet,
}

/// One convolution, its ReLU and its optional pooling, as a forward pass computed them.
pub struct Stage {
    input: Images,
    patches: Vec<f32>,
    /// After ReLU, `[pixels, outputs]`.
    activated: Vec<f32>,
    /// The pooled values and where each came from.
    pooled: Option<(Vec<f32>, Vec<u32>)>,
}

impl Stage {
    fn activated_shape(&self) -> Images {
        Images {
            channels: self.activated.len() / self.input.pixels().max(1),
            ..self.input
        }
    }

    fn output_shape(&self) -> Images {
        let shape = self.activated_shape();
        match self.pooled {
            Some(_) => Images {
                side: shape.side / 2,
                ..shape
            },
            None => shape,
        }
    }

    fn output(&self) -> &[f32] {
        match &self.pooled {
            Some((values, _)) => values,
            None => &self.activated,
        }
    }
}

pub struct ConvTrace {
    first: Stage,
    second: Stage,
    head: Trace,
}

impl ConvNet {
    /// A network for `side`×`side` images, weights drawn from `seed` in the order `Cnn`'s
    /// seeded initialisation draws them.
    pub fn new(
        side: usize,
        channels: [usize; 2],
        hidden: usize,
        classes: usize,
        seed: u64,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let pool_first = side >= 16;
        let pooled_side = if pool_first { side / 4 } else { side / 2 };
        let first = glorot_values(&[channels[0], 1, 3, 3], &mut rng);
        let second = glorot_values(&[channels[1], channels[0], 3, 3], &mut rng);
        let head = DenseNet::from_rng(
            channels[1] * pooled_side * pooled_side,
            &[Layer::new(hidden, Activation::Relu)],
            classes,
            HiddenRegularizers {
                dropout: 0.0,
                batch_norm: false,
            },
            &mut rng,
        );
        Self {
            side,
            pool_first,
            kernels: vec![
                first,
                vec![0.0; channels[0]],
                second,
                vec![0.0; channels[1]],
            ],
            head,
        }
    }

    /// Convolution `layer` of `images`, ReLU, and 2×2 max-pooling when `pool`.
    fn stage(&self, layer: usize, images: &[f32], input: Images, pool: bool) -> Stage {
        let patches = conv::patches(images, input);
        let (kernel, biases) = (&self.kernels[2 * layer], &self.kernels[2 * layer + 1]);
        let mut activated = conv::convolve(&patches, input.pixels(), kernel, biases);
        conv::relu(&mut activated);
        let mut stage = Stage {
            input,
            patches,
            activated,
            pooled: None,
        };
        if pool {
            stage.pooled = Some(conv::max_pool(&stage.activated, stage.activated_shape()));
        }
        stage
    }

    /// Back through one [`Stage`], given the gradient of its output.
    fn stage_backward(
        &self,
        layer: usize,
        stage: &Stage,
        output_gradient: Vec<f32>,
        to_images: bool,
    ) -> ConvGradients {
        let mut gradient = match &stage.pooled {
            Some((_, sources)) => {
                conv::max_pool_backward(&output_gradient, sources, stage.activated.len())
            }
            None => output_gradient,
        };
        conv::relu_backward(&mut gradient, &stage.activated);
        let kernel = &self.kernels[2 * layer];
        conv::convolve_backward(&stage.patches, stage.input, kernel, &gradient, to_images)
    }
}

/// Pixel-major images as rows of channel-major values (`[batch, c, h, w]` flattened).
fn to_channel_major(values: &[f32], shape: Images) -> Vec<f32> {
    let area = shape.side * shape.side;
    let mut flat = vec![0.0; values.len()];
    for (pixel, pixel_values) in values.chunks_exact(shape.channels).enumerate() {
        let (image, at) = (pixel / area, pixel % area);
        let row = &mut flat[image * area * shape.channels..];
        for (channel, &value) in pixel_values.iter().enumerate() {
            row[channel * area + at] = value;
        }
    }
    flat
}

/// The inverse of [`to_channel_major`].
fn to_pixel_major(flat: &[f32], shape: Images) -> Vec<f32> {
    let area = shape.side * shape.side;
    let mut values = vec![0.0; flat.len()];
    for (pixel, pixel_values) in values.chunks_exact_mut(shape.channels).enumerate() {
        let (image, at) = (pixel / area, pixel % area);
        let row = &flat[image * area * shape.channels..];
        for (channel, value) in pixel_values.iter_mut().enumerate() {
            *value = row[channel * area + at];
        }
    }
    values
}

impl HostNetwork for ConvNet {
    type Trace = ConvTrace;

    fn forward(&self, inputs: Vec<f32>, rows: usize, pass: Pass) -> ConvTrace {
        let images = Images {
            batch: rows,
            side: self.side,
            channels: 1,
        };
        let first = self.stage(0, &inputs, images, self.pool_first);
        let second = self.stage(1, first.output(), first.output_shape(), true);
        let flat = to_channel_major(second.output(), second.output_shape());
        let head = self.head.forward(flat, rows, pass);
        ConvTrace {
            first,
            second,
            head,
        }
    }

    fn outputs(trace: &ConvTrace) -> &[f32] {
        &trace.head.outputs
    }

    fn backward(&self, trace: &ConvTrace, output_gradient: Vec<f32>) -> Vec<Vec<f32>> {
        let (head, flat_gradient) =
            self.head
                .backward_to_inputs(&trace.head, output_gradient, true);
        let gradient = to_pixel_major(&flat_gradient, trace.second.output_shape());
        let second = self.stage_backward(1, &trace.second, gradient, true);
        let first = self.stage_backward(0, &trace.first, second.images, false);
        let conv = [first.kernel, first.biases, second.kernel, second.biases];
        conv.into_iter().chain(head).collect()
    }

    fn input_gradient(&self, trace: &ConvTrace, output_gradient: Vec<f32>) -> Vec<f32> {
        let (_, flat_gradient) = self
            .head
            .backward_to_inputs(&trace.head, output_gradient, true);
        let gradient = to_pixel_major(&flat_gradient, trace.second.output_shape());
        let second = self.stage_backward(1, &trace.second, gradient, true);
        self.stage_backward(0, &trace.first, second.images, true)
            .images
    }

    fn update_running(&mut self, _trace: &ConvTrace) {}

    fn params_mut(&mut self) -> Vec<&mut Vec<f32>> {
        let head = self.head.params.iter_mut();
        self.kernels.iter_mut().chain(head).collect()
    }

    fn param_sizes(&self) -> Vec<usize> {
        let all = self.kernels.iter().chain(&self.head.params);
        all.map(Vec::len).collect()
    }

    fn is_weight(&self, index: usize) -> bool {
        match index.checked_sub(CONV_PARAMS) {
            None => index.is_multiple_of(2),
            Some(head_index) => self.head.is_weight(head_index),
        }
    }

    fn saved_tensors(&self) -> Vec<&Vec<f32>> {
        let head = self.head.saved_tensors();
        self.kernels.iter().chain(head).collect()
    }

    fn restore_tensors(&mut self, mut tensors: Vec<Vec<f32>>) -> Result<(), String> {
        let sizes = self.kernels.iter().map(Vec::len);
        if tensors.len() < CONV_PARAMS || !sizes.eq(tensors[..CONV_PARAMS].iter().map(Vec::len)) {
            return Err("the checkpoint's network has other layer sizes than this spec's".into());
        }
        let head = tensors.split_off(CONV_PARAMS);
        self.head.restore_tensors(head)?;
        self.kernels = tensors;
        Ok(())
    }

    fn drawn_widths(&self) -> Vec<usize> {
        let outputs = *self.head.widths.last().unwrap_or(&0);
        vec![self.side * self.side, outputs]
    }

    fn conv_shapes(&self) -> Vec<ConvShape> {
        cnn_shapes(self.side, [self.kernels[1].len(), self.kernels[3].len()])
    }

    fn conv_values(&self, image: &[f32]) -> Vec<f32> {
        let trace = self.forward(image.to_vec(), 1, Pass::Evaluate);
        let mut values = self.kernels[0].clone();
        for stage in [&trace.first, &trace.second] {
            values.extend(to_channel_major(&stage.activated, stage.activated_shape()));
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_follows_burns_channel_major_order_and_back() {
        let shape = Images {
            batch: 2,
            side: 2,
            channels: 3,
        };
        // Value = image·100 + channel·10 + pixel, stored pixel-major.
        let mut values = Vec::new();
        for image in 0..2 {
            for pixel in 0..4 {
                for channel in 0..3 {
                    values.push((image * 100 + channel * 10 + pixel) as f32);
                }
            }
        }
        let flat = to_channel_major(&values, shape);
        let expected: Vec<f32> = (0..2)
            .flat_map(|image| (0..12).map(move |i| (image * 100 + (i / 4) * 10 + i % 4) as f32))
            .collect();
        assert_eq!(flat, expected);
        assert_eq!(to_pixel_major(&flat, shape), values);
    }
}
