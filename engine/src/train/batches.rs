//! Mini-batch order: a fresh shuffle per epoch, derived from the seed and the epoch number
//! alone, so step `n` always sees the same batch (which makes resuming a run exact).

use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// Which examples each step trains on.
pub struct BatchOrder {
    samples: usize,
    batch_size: usize,
    seed: u64,
    /// The epoch whose order is in `order`.
    epoch: Option<u64>,
    order: Vec<i64>,
}

impl BatchOrder {
    /// Batches of `batch_size` (at most `samples`) over `samples` examples.
    pub fn new(samples: usize, batch_size: usize, seed: u64) -> Self {
        Self {
            samples,
            batch_size: batch_size.clamp(1, samples.max(1)),
            seed,
            epoch: None,
            order: Vec::new(),
        }
    }

    /// Examples per batch.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether every step trains on the whole set (then no selection is needed).
    pub fn is_full_batch(&self) -> bool {
        self.batch_size >= self.samples
    }

    /// Epochs completed after `steps` steps (fractional).
    pub fn epochs(&self, steps: u64) -> f32 {
        steps as f32 * self.batch_size as f32 / self.samples.max(1) as f32
    }

    /// The example indices of step `step` on `device`, or `None` when every step trains on the
    /// whole set (no selection needed).
    pub fn batch_indices(&mut self, step: u64, device: &Device) -> Option<Tensor<1, Int>> {
        if self.is_full_batch() {
            return None;
        }
        let indices = self.batch(step).to_vec();
        let count = indices.len();
        Some(Tensor::from_data(TensorData::new(indices, [count]), device))
    }

    /// The example indices of step `step` (0-based). The last partial batch of an epoch is
    /// skipped, as is usual.
    pub fn batch(&mut self, step: u64) -> &[i64] {
        let per_epoch = (self.samples / self.batch_size).max(1) as u64;
        let epoch = step / per_epoch;
        if self.epoch != Some(epoch) {
            self.order = (0..self.samples as i64).collect();
            let mut rng =
                StdRng::seed_from_u64(self.seed ^ epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            self.order.shuffle(&mut rng);
            self.epoch = Some(epoch);
        }
        let start = (step % per_epoch) as usize * self.batch_size;
        &self.order[start..start + self.batch_size]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_cover_every_example_once_and_repeat_exactly() {
        let mut order = BatchOrder::new(10, 3, 7);
        let mut seen: Vec<i64> = (0..3).flat_map(|step| order.batch(step).to_vec()).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen.len(),
            9,
            "an epoch of 3 batches of 3 repeats an example"
        );
        let later = order.batch(4).to_vec();
        let mut fresh = BatchOrder::new(10, 3, 7);
        assert_eq!(
            fresh.batch(4),
            later.as_slice(),
            "step 4 depends on history"
        );
        let first_epoch = fresh.batch(0).to_vec();
        assert_ne!(first_epoch, fresh.batch(3), "every epoch is shuffled anew");
    }
}
