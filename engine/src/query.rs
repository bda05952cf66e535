//! Questions a page asks a trained model, and the answers: classify a drawn digit, decode a
//! point of a latent map, continue a prompt, show where attention looks. Burn-free, so the UI
//! can speak it without linking the engine's compute part.

use serde::{Deserialize, Serialize};

/// Longest prompt or attention text a query may carry, in characters.
pub const MAX_QUERY_TEXT: usize = 2_000;
/// Most characters one generation may write.
pub const MAX_GENERATED: usize = 1_000;

/// A question about the model an open job holds, as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Query {
    /// Class probabilities for one square grey-scale image (pixels 0..=1, row-major), with
    /// the convolution layers' filters and feature maps where the model has them.
    Classify { pixels: Vec<f32> },
    /// The image a latent code decodes to (missing dimensions are 0).
    Decode { code: Vec<f32> },
    /// Text that continues `prompt`.
    Generate {
        prompt: String,
        settings: GenerationSettings,
    },
    /// Every head's attention weights over `text` (its last `context` characters).
    Attention { text: String },
    /// The fast gradient sign method (FGSM) against the held-out images: each pixel moved by
    /// ε in the direction that raises the model's loss, for each of `epsilons` (0..=1): the
    /// accuracy under attack, and `shown` images the model reads right, attacked with
    /// `shown_epsilon`.
    Attack {
        epsilons: Vec<f32>,
        shown_epsilon: f32,
        shown: usize,
    },
}

impl Query {
    /// The query's name, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Query::Classify { .. } => "classify",
            Query::Decode { .. } => "decode",
            Query::Generate { .. } => "generate",
            Query::Attention { .. } => "attention",
            Query::Attack { .. } => "attack",
        }
    }
}

/// How a language model picks each next character.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerationSettings {
    /// Characters to write.
    pub length: usize,
    /// Divides the scores before sampling: near 0 always picks the likeliest character,
    /// 1 samples the model's own probabilities, above 1 flattens them.
    pub temperature: f32,
    /// Sample only among the `top_k` likeliest characters (none: all of them).
    #[serde(default)]
    pub top_k: Option<usize>,
    /// Seeds the draws: the same settings and seed write the same text.
    #[serde(default)]
    pub seed: u64,
}

impl Default for GenerationSettings {
    fn default() -> Self {
        Self {
            length: 200,
            temperature: 0.8,
            top_k: None,
            seed: 1,
        }
    }
}

impl GenerationSettings {
    /// What is out of range, in words.
    pub fn check(&self) -> Result<(), String> {
        if self.length == 0 || self.length > MAX_GENERATED {
            return Err(format!(
                "length {} is out of range (1 to {MAX_GENERATED})",
                self.length
            ));
        }
        if !(self.temperature.is_finite() && (0.0..=5.0).contains(&self.temperature)) {
            return Err(format!(
                "temperature {} is out of range (0 to 5)",
                self.temperature
            ));
        }
        if self.top_k == Some(0) {
            return Err("top_k must be at least 1".into());
        }
        Ok(())
    }
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// One probability per class, and what the convolutions made of the image.
    Classes {
        probabilities: Vec<f32>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        layers: Vec<ConvLayerView>,
    },
    /// A square grey-scale image, pixels 0..=1, row-major.
    Image { side: usize, pixels: Vec<f32> },
    /// Generated text (the prompt not included).
    Text { text: String },
    /// Attention weights: `weights[block][head][query * tokens.len() + key]`, each query's
    /// row summing to 1 over the keys up to it.
    Attention {
        tokens: Vec<String>,
        weights: Vec<Vec<Vec<f32>>>,
    },
    /// The accuracy on the held-out images at each ε of an attack (the first the clean
    /// accuracy when ε = 0 is asked), and attacked examples.
    Attack {
        epsilons: Vec<f32>,
        accuracies: Vec<f32>,
        /// Side of the square images.
        side: usize,
        examples: Vec<AttackExample>,
    },
}

/// One held-out image the model read right, and what the attack made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttackExample {
    pub label: usize,
    /// The class the model reads in the attacked image.
    pub attacked_as: usize,
    /// Pixels 0..=1, row-major.
    pub image: Vec<f32>,
    pub attacked: Vec<f32>,
}

/// One convolution layer: its filters and the feature maps it made of an image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConvLayerView {
    /// Filter side (3 for 3×3).
    pub filter_side: usize,
    /// The filters that read the input image (`[filter][row * side + column]`); empty for
    /// layers that read many channels.
    pub filters: Vec<Vec<f32>>,
    /// Side of each feature map.
    pub map_side: usize,
    /// One map per output channel, after the ReLU (`[channel][row * side + column]`).
    pub maps: Vec<Vec<f32>>,
}
