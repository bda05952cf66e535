//! The model and optimizer parts of an [`super::ExperimentSpec`].

use serde::{Deserialize, Serialize};

/// Activation functions a layer may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    Linear,
    Gelu,
}

impl Activation {
    /// The function at pre-activation `z`, as Burn's `flex` computes it.
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Relu => z.max(0.0),
            Activation::Tanh => crate::math::tanh(z),
            Activation::Sigmoid => 1.0 / (1.0 + crate::math::exp(-z)),
            Activation::Linear => z,
            Activation::Gelu => 0.5 * z * (1.0 + libm::erff(z / std::f32::consts::SQRT_2)),
        }
    }
}

/// One hidden layer of an MLP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Neurons in the layer.
    pub width: usize,
    pub activation: Activation,
}

impl Layer {
    pub fn new(width: usize, activation: Activation) -> Self {
        Self { width, activation }
    }
}

/// The network to train. The input and output sizes follow from the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ModelSpec {
    /// Fully connected layers (input → hidden layers → output).
    Mlp {
        layers: Vec<Layer>,
        /// Share of hidden activations zeroed in training, 0 to 0.9.
        #[serde(default)]
        dropout: f32,
        /// Normalise each hidden layer's values over the batch before its activation.
        #[serde(default)]
        batch_norm: bool,
    },
    /// Two 3×3 convolution blocks and a dense head, for digit images (8×8 or 28×28).
    Cnn {
        /// Output channels of the two convolutions.
        channels: [usize; 2],
        /// Width of the dense layer before the 10 outputs.
        hidden: usize,
        #[serde(default)]
        dropout: f32,
    },
    /// An encoder to a small latent space and a decoder back, trained to reconstruct its input.
    Autoencoder {
        /// Widths of the encoder's hidden layers; the decoder mirrors them.
        hidden: Vec<usize>,
        /// Size of the latent code (2 to draw it as a map).
        latent: usize,
        /// A variational autoencoder: the encoder gives a mean and a spread per code
        /// dimension, training decodes a random draw from them, and a KL term keeps the codes
        /// near a standard normal, so every point of the map decodes to a plausible image.
        #[serde(default)]
        variational: bool,
    },
    /// An encoder trained so that distances between codes mean something (metric learning):
    /// images → hidden layers (tanh) → a code of `dims` numbers.
    Encoder {
        hidden: Vec<usize>,
        /// Size of the code (2 to plot it).
        dims: usize,
        objective: EncoderObjective,
    },
    /// A decoder-only character transformer.
    Transformer {
        /// Characters of context the model sees.
        context: usize,
        /// Embedding width (a multiple of `heads`).
        embed: usize,
        heads: usize,
        blocks: usize,
    },
    /// A two-layer graph convolutional network.
    Gcn {
        hidden: usize,
        #[serde(default)]
        dropout: f32,
    },
}

impl ModelSpec {
    /// The model kind's name as written in specs.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ModelSpec::Mlp { .. } => "mlp",
            ModelSpec::Cnn { .. } => "cnn",
            ModelSpec::Autoencoder { .. } => "autoencoder",
            ModelSpec::Encoder { .. } => "encoder",
            ModelSpec::Transformer { .. } => "transformer",
            ModelSpec::Gcn { .. } => "gcn",
        }
    }
}

/// What an [`ModelSpec::Encoder`] learns from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "loss", rename_all = "kebab-case", deny_unknown_fields)]
pub enum EncoderObjective {
    /// Labels: an anchor's code must be nearer a same-class example's than a
    /// different-class example's, by `margin`.
    Triplet { margin: f32 },
    /// No labels: two randomly shifted and noised views of one image must be each other's
    /// nearest codes among the batch's (InfoNCE; codes on the unit circle, similarity
    /// divided by `temperature`).
    Contrastive { temperature: f32 },
}

/// The update rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Adam,
}

/// A penalty on the weights added to the loss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regularization {
    #[default]
    None,
    L1,
    L2,
}

/// How the weights are updated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerSpec {
    pub kind: OptimizerKind,
    pub learning_rate: f64,
    /// Momentum factor for `momentum` (0 to 0.999).
    #[serde(default = "default_momentum")]
    pub momentum: f64,
    #[serde(default)]
    pub regularization: Regularization,
    /// Strength of the L1/L2 penalty, 0 to 10.
    #[serde(default)]
    pub regularization_rate: f64,
    /// Largest allowed gradient norm; no clipping when absent.
    #[serde(default)]
    pub gradient_clip: Option<f32>,
}

impl OptimizerSpec {
    /// Adam at `learning_rate`, no penalty, no clipping.
    pub fn adam(learning_rate: f64) -> Self {
        Self {
            kind: OptimizerKind::Adam,
            learning_rate,
            momentum: default_momentum(),
            regularization: Regularization::None,
            regularization_rate: 0.0,
            gradient_clip: None,
        }
    }
}

fn default_momentum() -> f64 {
    0.9
}

/// What each snapshot carries beyond losses and accuracy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// The model's output over an n×n grid of the 2-D input plane (toy data only).
    #[serde(default)]
    pub decision_grid: Option<usize>,
    /// Each hidden neuron's output over the same grid (toy data with an MLP only).
    #[serde(default)]
    pub neuron_grids: bool,
    /// Generated samples: characters of text for a transformer, decoded latent-grid images
    /// for an autoencoder.
    #[serde(default)]
    pub samples: usize,
    /// Every dense layer's weights and biases (MLPs only).
    #[serde(default)]
    pub weights: bool,
    /// The first two code dimensions of this many test examples, with their labels
    /// (autoencoders and encoders).
    #[serde(default)]
    pub embedding: usize,
}
