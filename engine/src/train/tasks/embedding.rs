//! The 2-D codes of test examples, for plotting an autoencoder's latent space or an
//! encoder's embedding as it trains (`report.embedding`).

use burn::tensor::Tensor;

/// The first two columns of `codes` `[n, dims]` (a zero second column when dims is 1),
/// flattened row by row.
pub fn plotted(codes: Tensor<2>) -> Tensor<1> {
    let [count, dims] = codes.dims();
    let first_two = if dims >= 2 {
        codes.narrow(1, 0, 2)
    } else {
        Tensor::cat(vec![codes.clone(), codes.zeros_like()], 1)
    };
    first_two.reshape([count * 2])
}

/// `[code₁, code₂, label]` per example from [`plotted`]'s values and the examples' labels.
pub fn read(values: &[f32], labels: &[f32]) -> Vec<[f32; 3]> {
    values
        .chunks_exact(2)
        .zip(labels)
        .map(|(code, &label)| [code[0], code[1], label])
        .collect()
}
