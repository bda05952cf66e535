//! A tiny decoder-only character transformer (pre-norm blocks, causal self-attention), with
//! the attention written out so that its weights can be shown.
//!
//! Shapes: tokens `[batch, length]` (character ids, length at most the context) → token +
//! position embeddings `[batch, length, embed]` → `blocks` blocks (same shape) → layer norm →
//! logits `[batch, length, vocabulary]`: at each position, the next character's scores.
//!
//! A block: `x + attention(norm(x))`, then `x + mlp(norm(x))`. Attention projects to queries,
//! keys and values `[batch, heads, length, embed / heads]`; weights =
//! softmax(q·kᵀ / √(embed / heads)) with later keys masked, `[batch, heads, length, length]`.

use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, LayerNorm, LayerNormConfig, Linear, LinearConfig};
use burn::tensor::{Bool, Device, Int, Tensor, activation};

#[derive(Module, Debug)]
pub struct CharTransformer {
    tokens: Embedding,
    positions: Embedding,
    blocks: Vec<Block>,
    norm: LayerNorm,
    output: Linear,
}

#[derive(Module, Debug)]
pub struct Block {
    attention_norm: LayerNorm,
    query_key_value: Linear,
    projection: Linear,
    mlp_norm: LayerNorm,
    expand: Linear,
    contract: Linear,
    #[module(skip)]
    heads: usize,
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
        let linear = |inputs, outputs| LinearConfig::new(inputs, outputs).init(device);
        let block = || Block {
            attention_norm: LayerNormConfig::new(embed).init(device),
            query_key_value: linear(embed, 3 * embed),
            projection: linear(embed, embed),
            mlp_norm: LayerNormConfig::new(embed).init(device),
            expand: linear(embed, 4 * embed),
            contract: linear(4 * embed, embed),
            heads,
        };
        Self {
            tokens: EmbeddingConfig::new(vocabulary, embed).init(device),
            positions: EmbeddingConfig::new(context, embed).init(device),
            blocks: (0..blocks).map(|_| block()).collect(),
            norm: LayerNormConfig::new(embed).init(device),
            output: linear(embed, vocabulary),
        }
    }

    /// Next-character logits `[batch, length, vocabulary]` for tokens `[batch, length]`.
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        self.forward_with_attention(tokens).0
    }

    /// The logits and every block's attention weights `[batch, heads, length, length]`.
    pub fn forward_with_attention(&self, tokens: Tensor<2, Int>) -> (Tensor<3>, Vec<Tensor<4>>) {
        let [batch, length] = tokens.dims();
        let device = tokens.device();
        let positions = Tensor::<1, Int>::arange(0..length as i64, &device)
            .reshape([1, length])
            .repeat_dim(0, batch);
        let mut hidden = self.tokens.forward(tokens) + self.positions.forward(positions);
        // True where a key comes after its query: built once, shared by every block.
        let later = Tensor::<2>::ones([length, length], &device)
            .triu(1)
            .bool()
            .reshape([1, 1, length, length]);
        let mut attention = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let (next, weights) = block.forward(hidden, later.clone());
            hidden = next;
            attention.push(weights);
        }
        (self.output.forward(self.norm.forward(hidden)), attention)
    }
}

impl Block {
    fn forward(&self, input: Tensor<3>, later: Tensor<4, Bool>) -> (Tensor<3>, Tensor<4>) {
        let (attended, weights) = self.attend(self.attention_norm.forward(input.clone()), later);
        let hidden = input + attended;
        let expanded = activation::gelu(self.expand.forward(self.mlp_norm.forward(hidden.clone())));
        (hidden + self.contract.forward(expanded), weights)
    }

    /// Causal multi-head self-attention and its weights; `later` `[1, 1, length, length]`
    /// masks the keys after each query.
    fn attend(&self, input: Tensor<3>, later: Tensor<4, Bool>) -> (Tensor<3>, Tensor<4>) {
        let [batch, length, embed] = input.dims();
        let head_width = embed / self.heads;
        let split = |part: usize, projected: &Tensor<3>| {
            projected
                .clone()
                .narrow(2, part * embed, embed)
                .reshape([batch, length, self.heads, head_width])
                .swap_dims(1, 2)
        };
        let projected = self.query_key_value.forward(input);
        let (queries, keys, values) = (
            split(0, &projected),
            split(1, &projected),
            split(2, &projected),
        );
        let scores = queries.matmul(keys.swap_dims(2, 3)) / (head_width as f64).sqrt();
        let later = later.expand([batch, self.heads, length, length]);
        let weights = activation::softmax(scores.mask_fill(later, -1.0e9), 3);
        let mixed = weights
            .clone()
            .matmul(values)
            .swap_dims(1, 2)
            .reshape([batch, length, embed]);
        (self.projection.forward(mixed), weights)
    }
}
