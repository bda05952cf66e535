//! Losses and metrics, as device tensors (never read here).

use burn::tensor::{Device, Int, Tensor, TensorData, activation};

/// Mean binary cross-entropy of `logits` `[batch, 1]` against 0/1 `targets` `[batch, 1]`,
/// computed stably as `(1 − y)·z − log σ(z)`. Its gradient is `σ(z) − y` everywhere; the
/// common form `max(z, 0) − z·y + log(1 + e^(−|z|))` has the same value but, through the
/// kinks of `max` and `|z|`, gives `−y` at exactly `z = 0` (where a ReLU network whose last
/// hidden layer is all zero puts its output).
pub fn binary_cross_entropy(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    let log_probability = activation::log_sigmoid(logits.clone());
    (logits * (targets.neg() + 1.0) - log_probability).mean()
}

/// Mean cross-entropy of `logits` `[batch, classes]` against class ids `[batch]`.
pub fn cross_entropy(logits: Tensor<2>, classes: Tensor<1, Int>) -> Tensor<1> {
    let [batch, _] = logits.dims();
    let log_probabilities = activation::log_softmax(logits, 1);
    log_probabilities
        .gather(1, classes.reshape([batch, 1]))
        .mean()
        .neg()
}

/// A metric that does not apply (e.g. accuracy in regression): NaN, reported as absent.
pub fn not_applicable(device: &Device) -> Tensor<1> {
    Tensor::from_data(TensorData::new(vec![f32::NAN], [1]), device)
}

/// Mean squared error.
pub fn mean_squared_error<const D: usize>(predictions: Tensor<D>, targets: Tensor<D>) -> Tensor<1> {
    (predictions - targets).square().mean()
}

/// Share of rows whose largest logit is the target class.
pub fn class_accuracy(logits: Tensor<2>, classes: Tensor<1, Int>) -> Tensor<1> {
    let [batch, _] = logits.dims();
    logits
        .argmax(1)
        .equal(classes.reshape([batch, 1]))
        .float()
        .mean()
}

/// Share of rows where the sign of a binary logit matches the 0/1 target.
pub fn binary_accuracy(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    logits
        .greater_elem(0.0)
        .equal(targets.greater_elem(0.5))
        .float()
        .mean()
}
