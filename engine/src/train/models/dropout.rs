//! Dropout whose masks come from a seeded generator of the training thread.
//!
//! Burn's `Dropout` draws from the backend's generator, which is global to the process, so two
//! sessions in one process (tests, or a runner's jobs) would disturb each other's masks. Here
//! the training loop seeds a per-thread generator before every step ([`seed_masks`]), which
//! makes each step's masks a function of (seed, step): the same on every run, and the same
//! after resuming from a checkpoint.

use burn::module::Module;
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

/// Zeroes each input with probability `prob` in training (inputs on an autodiff device) and
/// scales the rest by 1/(1 − prob); does nothing in evaluation.
#[derive(Module, Debug)]
pub struct SeededDropout {
    #[module(skip)]
    prob: f32,
}

impl SeededDropout {
    pub fn new(prob: f32) -> Self {
        Self { prob }
    }

    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        if self.prob <= 0.0 || !input.device().is_autodiff() {
            return input;
        }
        let dims = input.dims();
        let count: usize = dims.iter().product();
        let keep = 1.0 - self.prob;
        let mask: Vec<f32> = MASKS.with(|rng| {
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
        });
        let mask = Tensor::<D>::from_data(TensorData::new(mask, dims), &input.device());
        input * mask
    }
}
