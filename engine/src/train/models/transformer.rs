//! A tiny decoder-only character transformer (pre-norm blocks, causal self-attention).
//!
//! Shapes: tokens `[batch, context]` (character ids) → token + position embeddings
//! `[batch, context, embed]` → `blocks` causal transformer blocks (same shape) → layer norm →
//! logits `[batch, context, vocabulary]`: at each position, the next character's scores.

use burn::module::Module;
use burn::nn::attention::generate_autoregressive_mask;
use burn::nn::transformer::{
    TransformerEncoder, TransformerEncoderConfig, TransformerEncoderInput,
};
use burn::nn::{Embedding, EmbeddingConfig, LayerNorm, LayerNormConfig, Linear, LinearConfig};
use burn::tensor::{Device, Int, Tensor};

#[derive(Module, Debug)]
pub struct CharTransformer {
    tokens: Embedding,
    positions: Embedding,
    blocks: TransformerEncoder,
    norm: LayerNorm,
    output: Linear,
}

impl CharTransformer {
    pub fn new(
        vocabulary: usize,
        context: usize,
        embed: usize,
        heads: usize,
        blocks: usize,
        device: &Device,
    ) -> Self {
        Self {
            tokens: EmbeddingConfig::new(vocabulary, embed).init(device),
            positions: EmbeddingConfig::new(context, embed).init(device),
            blocks: TransformerEncoderConfig::new(embed, 4 * embed, heads, blocks)
                .with_dropout(0.0)
                .with_norm_first(true)
                .init(device),
            norm: LayerNormConfig::new(embed).init(device),
            output: LinearConfig::new(embed, vocabulary).init(device),
        }
    }

    /// Next-character logits `[batch, length, vocabulary]` for tokens `[batch, length]`
    /// (length at most the context).
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        let [batch, length] = tokens.dims();
        let device = tokens.device();
        let positions = Tensor::<1, Int>::arange(0..length as i64, &device)
            .reshape([1, length])
            .repeat_dim(0, batch);
        let embedded = self.tokens.forward(tokens) + self.positions.forward(positions);
        let mask = generate_autoregressive_mask(batch, length, &device);
        let hidden = self
            .blocks
            .forward(TransformerEncoderInput::new(embedded).mask_attn(mask));
        self.output.forward(self.norm.forward(hidden))
    }
}
