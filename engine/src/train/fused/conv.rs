//! 3×3 convolutions ("same" padding, stride 1), ReLU and 2×2 max-pooling over images on the
//! host, forward and backward, as Burn's `Conv2d` and `MaxPool2d` compute them.
//!
//! Images are stored pixel-major ("NHWC"): value `c` of pixel `(y, x)` of image `b` is at
//! `((b·side + y)·side + x)·channels + c`, so that one row of a matrix is one pixel and a
//! convolution is one matrix product over every pixel of the batch ("im2col"). Kernels keep
//! Burn's layout `[outputs, inputs, 3, 3]`: row `o` of the `[outputs, inputs·9]` matrix.

use super::matmul::{MatRef, multiply, multiply_add};

/// Taps of a 3×3 kernel.
const TAPS: usize = 9;

/// A batch of square images with `channels` values per pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Images {
    pub batch: usize,
    pub side: usize,
    pub channels: usize,
}

impl Images {
    pub fn pixels(self) -> usize {
        self.batch * self.side * self.side
    }

    pub fn len(self) -> usize {
        self.pixels() * self.channels
    }

    /// Index of pixel `(y, x)` of image `image` (pixel units).
    fn pixel(self, image: usize, y: usize, x: usize) -> usize {
        (image * self.side + y) * self.side + x
    }

    /// Each pixel's in-bounds 3×3 neighbours: `(pixel, neighbour, tap)` for every pixel of
    /// the batch, where `tap = ky·3 + kx` and the neighbour is at `(y + ky − 1, x + kx − 1)`.
    fn neighbours(self, mut visit: impl FnMut(usize, usize, usize)) {
        let side = self.side;
        for image in 0..self.batch {
            for y in 0..side {
                for x in 0..side {
                    let pixel = self.pixel(image, y, x);
                    for ky in 0..3 {
                        let Some(source_y) = (y + ky).checked_sub(1).filter(|&sy| sy < side) else {
                            continue;
                        };
                        for kx in 0..3 {
                            let Some(source_x) = (x + kx).checked_sub(1).filter(|&sx| sx < side)
                            else {
                                continue;
                            };
                            visit(pixel, self.pixel(image, source_y, source_x), ky * 3 + kx);
                        }
                    }
                }
            }
        }
    }
}

/// The `[pixels, channels·9]` matrix whose row is each pixel's 3×3 neighbourhood, column
/// `channel·9 + tap` (zero outside the image).
pub fn patches(images: &[f32], shape: Images) -> Vec<f32> {
    let channels = shape.channels;
    let width = channels * TAPS;
    let mut patches = vec![0.0; shape.pixels() * width];
    shape.neighbours(|pixel, neighbour, tap| {
        let row = &mut patches[pixel * width..][..width];
        let source = &images[neighbour * channels..][..channels];
        for (channel, &value) in source.iter().enumerate() {
            row[channel * TAPS + tap] = value;
        }
    });
    patches
}

/// The gradient with respect to the images, given it with respect to their [`patches`].
fn unpatch(patch_gradient: &[f32], shape: Images) -> Vec<f32> {
    let channels = shape.channels;
    let width = channels * TAPS;
    let mut gradient = vec![0.0; shape.len()];
    shape.neighbours(|pixel, neighbour, tap| {
        let row = &patch_gradient[pixel * width..][..width];
        let target = &mut gradient[neighbour * channels..][..channels];
        for (channel, value) in target.iter_mut().enumerate() {
            *value += row[channel * TAPS + tap];
        }
    });
    gradient
}

/// The convolution of the images whose [`patches`] these are: `[pixels, outputs]`.
pub fn convolve(patches: &[f32], pixels: usize, kernel: &[f32], biases: &[f32]) -> Vec<f32> {
    let outputs = biases.len();
    let width = kernel.len() / outputs;
    let mut values = Vec::with_capacity(pixels * outputs);
    for _ in 0..pixels {
        values.extend_from_slice(biases);
    }
    let kernel = MatRef::row_major(kernel, outputs, width).transposed();
    multiply_add(
        &mut values,
        MatRef::row_major(patches, pixels, width),
        kernel,
    );
    values
}

/// A convolution's gradients.
pub struct ConvGradients {
    pub kernel: Vec<f32>,
    pub biases: Vec<f32>,
    /// With respect to the input images (empty unless asked for).
    pub images: Vec<f32>,
}

/// The gradients of a convolution of images `shape` given the gradient `delta`
/// `[pixels, outputs]` of its outputs; the images' only when `to_images`.
pub fn convolve_backward(
    patches: &[f32],
    shape: Images,
    kernel: &[f32],
    delta: &[f32],
    to_images: bool,
) -> ConvGradients {
    let pixels = shape.pixels();
    let width = shape.channels * TAPS;
    let outputs = kernel.len() / width;
    let delta_matrix = MatRef::row_major(delta, pixels, outputs);
    let mut kernel_gradient = vec![0.0; kernel.len()];
    let patch_matrix = MatRef::row_major(patches, pixels, width);
    multiply(
        &mut kernel_gradient,
        delta_matrix.transposed(),
        patch_matrix,
    );
    let mut biases = vec![0.0; outputs];
    for row in delta.chunks_exact(outputs) {
        for (b, &d) in biases.iter_mut().zip(row) {
            *b += d;
        }
    }
    let images = if to_images {
        let mut patch_gradient = vec![0.0; pixels * width];
        let kernel = MatRef::row_major(kernel, outputs, width);
        multiply(&mut patch_gradient, delta_matrix, kernel);
        unpatch(&patch_gradient, shape)
    } else {
        Vec::new()
    };
    ConvGradients {
        kernel: kernel_gradient,
        biases,
        images,
    }
}

/// ReLU in place.
pub fn relu(values: &mut [f32]) {
    for value in values {
        *value = value.max(0.0);
    }
}

/// Back through ReLU: keeps the gradient where the activation was positive.
pub fn relu_backward(gradient: &mut [f32], activated: &[f32]) {
    for (g, &a) in gradient.iter_mut().zip(activated) {
        if a <= 0.0 {
            *g = 0.0;
        }
    }
}

/// 2×2 max-pooling with stride 2 (a last odd row or column is dropped): the pooled images,
/// and for each pooled value the index of the input value it came from.
pub fn max_pool(images: &[f32], shape: Images) -> (Vec<f32>, Vec<u32>) {
    let (side, channels) = (shape.side, shape.channels);
    let pooled_side = side / 2;
    let mut values = Vec::with_capacity(shape.batch * pooled_side * pooled_side * channels);
    let mut sources = Vec::with_capacity(values.capacity());
    for image in 0..shape.batch {
        for y in 0..pooled_side {
            for x in 0..pooled_side {
                for channel in 0..channels {
                    let source =
                        |dy, dx| shape.pixel(image, 2 * y + dy, 2 * x + dx) * channels + channel;
                    // The first largest value wins a tie.
                    let mut best = source(0, 0);
                    for index in [source(0, 1), source(1, 0), source(1, 1)] {
                        if images[index] > images[best] {
                            best = index;
                        }
                    }
                    values.push(images[best]);
                    sources.push(best as u32);
                }
            }
        }
    }
    (values, sources)
}

/// Back through [`max_pool`]: each pooled value's gradient goes to its source.
pub fn max_pool_backward(gradient: &[f32], sources: &[u32], input_len: usize) -> Vec<f32> {
    let mut input_gradient = vec![0.0; input_len];
    for (&g, &source) in gradient.iter().zip(sources) {
        input_gradient[source as usize] += g;
    }
    input_gradient
}
