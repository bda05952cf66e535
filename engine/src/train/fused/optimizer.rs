//! SGD, momentum and Adam over flat host buffers, with the L1/L2 penalty and per-parameter
//! gradient-norm clipping, following Burn's formulas step for step (so both paths train
//! alike): the penalty's gradient joins the loss gradient, clipping scales each parameter
//! tensor's gradient to at most the given norm, then the optimizer moves the parameter.

use super::parallel;
use crate::spec::{OptimizerKind, OptimizerSpec, Regularization};

/// Burn's Adam defaults.
const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;
const EPSILON: f32 = 1e-5;

/// An optimizer's state for every parameter tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct HostOptimizer {
    settings: OptimizerSpec,
    /// Steps taken (Adam's bias correction).
    pub time: u64,
    /// Momentum's velocity or Adam's first moment, per parameter tensor.
    pub first: Vec<Vec<f32>>,
    /// Adam's second moment, per parameter tensor.
    pub second: Vec<Vec<f32>>,
}

impl HostOptimizer {
    /// Zero state for parameters of these sizes (Burn's first step equals a step from zero).
    pub fn new(settings: &OptimizerSpec, sizes: &[usize]) -> Self {
        let zeros = || sizes.iter().map(|&len| vec![0.0; len]).collect();
        Self {
            settings: settings.clone(),
            time: 0,
            first: zeros(),
            second: zeros(),
        }
    }

    /// One update of `params` from their loss gradients. `is_weight(i)` says which tensors
    /// are weight matrices (the penalty applies to those only).
    pub fn step(
        &mut self,
        params: Vec<&mut Vec<f32>>,
        mut grads: Vec<Vec<f32>>,
        is_weight: impl Fn(usize) -> bool,
    ) {
        self.time += 1;
        let settings = &self.settings;
        let rate = settings.learning_rate as f32;
        let momentum = settings.momentum as f32;
        let penalty_rate = settings.regularization_rate as f32;
        for (index, (param, grad)) in params.into_iter().zip(&mut grads).enumerate() {
            if is_weight(index) {
                add_penalty(grad, param, settings.regularization, penalty_rate);
            }
            if let Some(max_norm) = settings.gradient_clip {
                clip(grad, max_norm);
            }
            match settings.kind {
                OptimizerKind::Sgd => {
                    for (p, g) in param.iter_mut().zip(grad.iter()) {
                        *p -= rate * g;
                    }
                }
                OptimizerKind::Momentum => {
                    let velocity = &mut self.first[index];
                    for ((p, g), v) in param.iter_mut().zip(grad.iter()).zip(velocity) {
                        *v = g + momentum * *v;
                        *p -= rate * *v;
                    }
                }
                OptimizerKind::Adam => {
                    let time = self.time as i32;
                    let correction_2 = (1.0 - BETA_2.powi(time)).sqrt();
                    let factor = correction_2 / (1.0 - BETA_1.powi(time));
                    let moments = (&mut self.first[index][..], &mut self.second[index][..]);
                    adam(param, grad, moments, rate * factor, EPSILON * correction_2);
                }
            }
        }
    }
}

/// Adam's update of one tensor, with the bias corrections folded into `rate` and `epsilon`,
/// in chunks across cores. Written over equal-length slices by index so that the compiler
/// vectorises it: the square root and division per weight dominate a wide network's update.
fn adam(
    param: &mut [f32],
    grad: &[f32],
    moments: (&mut [f32], &mut [f32]),
    rate: f32,
    epsilon: f32,
) {
    parallel::adam_chunks(param, grad, moments, |param, grad, first, second| {
        let len = param.len();
        let (grad, first, second) = (&grad[..len], &mut first[..len], &mut second[..len]);
        for i in 0..len {
            let g = grad[i];
            first[i] = BETA_1 * first[i] + (1.0 - BETA_1) * g;
            second[i] = BETA_2 * second[i] + (1.0 - BETA_2) * g * g;
            param[i] -= rate * first[i] / (second[i].sqrt() + epsilon);
        }
    });
}

/// Adds the gradient of `rate·Σ|w|` (L1) or `rate·½Σw²` (L2).
fn add_penalty(grad: &mut [f32], weights: &[f32], kind: Regularization, rate: f32) {
    if rate == 0.0 {
        return;
    }
    for (g, &w) in grad.iter_mut().zip(weights) {
        *g += match kind {
            Regularization::None => 0.0,
            Regularization::L1 if w == 0.0 => 0.0,
            Regularization::L1 => rate * w.signum(),
            Regularization::L2 => rate * w,
        };
    }
}

/// Scales `grad` so that its L2 norm is at most `max_norm`.
fn clip(grad: &mut [f32], max_norm: f32) {
    let norm = grad.iter().map(|g| g * g).sum::<f32>().sqrt();
    let scale = (max_norm / (norm + f32::MIN_POSITIVE)).min(1.0);
    for g in grad {
        *g *= scale;
    }
}
