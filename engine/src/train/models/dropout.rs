//! Dropout whose masks come from a seeded generator of the training thread.
//!
//! Burn's `Dropout` draws from the backend's generator, which is global to the process, so two
//! sessions in one process (tests, or a runner's jobs) would disturb each other's masks. Here
//! the training loop seeds a per-thread generator before every step ([`seed_masks`]), which
//! makes each step's masks a function of (seed, step): the same on every run, and the same
//! after resuming from a checkpoint.

use burn::module::{Module, Param};
use burn::tensor::{Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::cell::RefCell;

thread_local! {
    static MASKS: RefCell<StdRng> = RefCell::new(StdRng::seed_from_u64(0));
}

/// Seeds this thread's mask generator; called before each training step.
pub fn seed_masks(seed: u64) {
    MASKS.with(|rng| *rng.borrow_mut() = StdRng::seed_from_u64(seed));
}

/// Zeroes each input with probability `prob` in training and scales the rest by
/// 1/(1 − prob); does nothing in evaluation.
///
/// Whether a forward pass trains is the model's to say ([`is_training`] of one of its
/// parameters): the inputs cannot tell, since a task's data may sit on the autodiff device
/// while it evaluates the model's `valid()` copy.
#[derive(Module, Debug)]
pub struct SeededDropout {
    #[module(skip)]
    prob: f32,
}

impl SeededDropout {
    pub fn new(prob: f32) -> Self {
        Self { prob }
    }

    pub fn forward<const D: usize>(&self, input: Tensor<D>, training: bool) -> Tensor<D> {
        if self.prob <= 0.0 || !training {
            return input;
        }
        let dims = input.dims();
        let count: usize = dims.iter().product();
        let mask = draw_mask(count, self.prob);
        let mask = Tensor::<D>::from_data(TensorData::new(mask, dims), &input.device());
        input * mask
    }
}

/// Whether a model whose parameter this is trains (it is on an autodiff device) rather than
/// being evaluated (its `valid()` copy).
pub fn is_training<const D: usize>(parameter: &Param<Tensor<D>>) -> bool {
    parameter.val().is_autodiff()
}

/// `count` dropout factors from this thread's mask generator: 0 with probability `prob`,
/// 1/(1 − prob) otherwise. The fused CPU path draws its masks here too, in the same order, so
/// both paths drop the same neurons.
pub fn draw_mask(count: usize, prob: f32) -> Vec<f32> {
    let keep = 1.0 - prob;
    MASKS.with(|rng| {
        let mut rng = rng.borrow_mut();
        (0..count)
            .map(|_| {
                if rng.random::<f32>() < keep {
                    1.0 / keep
                } else {
                    0.0
                }
            })
            .collect()
    })
}
