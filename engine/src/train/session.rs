//! A training session: one experiment on one device, advanced a batch of steps at a time.
//!
//! Results are read from the device once per [`Session::step`] call, never per optimizer step,
//! and the read is async so the same code runs in a browser worker (WebGPU reads cannot block)
//! and natively (which may block on the future). Pausing is simply not calling `step`;
//! cancelling is dropping the session.

use crate::data::{DATA_EXTENT, Dataset2d};
use crate::error::EngineError;
use crate::report::Snapshot;
use crate::spec::ExperimentSpec;
use crate::train::model::Mlp;
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData, activation};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use web_time::Instant;

/// One experiment being trained.
pub struct Session {
    spec: ExperimentSpec,
    device: Device,
    model: Mlp,
    optimizer: ModuleOptimizer,
    /// All training inputs `[samples, 2]`, scaled to about ±1.
    inputs: Tensor<2>,
    /// All labels `[samples, 1]`, 0.0 or 1.0.
    targets: Tensor<2>,
    /// Sample order of the current epoch and how far through it the batches have got.
    epoch_order: Vec<i64>,
    epoch_position: usize,
    batch_rng: StdRng,
    steps_done: u64,
}

impl Session {
    /// Validates `spec`, generates its data and initialises the model on `device`.
    pub fn new(spec: &ExperimentSpec, device: Device) -> Result<Self, EngineError> {
        spec.validate()?;
        let device = device.autodiff();
        device.seed(spec.seed);
        let data = Dataset2d::generate(&spec.dataset);
        let samples = data.len();
        let scaled: Vec<f32> = data
            .points
            .iter()
            .flat_map(|point| [point[0] / DATA_EXTENT, point[1] / DATA_EXTENT])
            .collect();
        let inputs = Tensor::<2>::from_data(TensorData::new(scaled, [samples, 2]), &device);
        let targets = Tensor::<2>::from_data(TensorData::new(data.labels, [samples, 1]), &device);
        let model = Mlp::new(2, &spec.hidden_layers, spec.activation, spec.seed, &device);
        Ok(Self {
            spec: spec.clone(),
            device,
            model,
            optimizer: AdamConfig::new().init(),
            inputs,
            targets,
            epoch_order: (0..samples as i64).collect(),
            epoch_position: samples,
            batch_rng: StdRng::seed_from_u64(spec.seed.wrapping_add(1)),
            steps_done: 0,
        })
    }

    /// Runs `steps` optimizer steps, then reads the loss and accuracy over the whole training
    /// set in one device read.
    pub async fn step(&mut self, steps: u32) -> Result<Snapshot, EngineError> {
        let started = Instant::now();
        for _ in 0..steps {
            self.optimizer_step();
        }
        let (train_loss, accuracy) = self.evaluate().await?;
        let seconds = started.elapsed().as_secs_f32().max(1e-6);
        if !train_loss.is_finite() {
            return Err(EngineError::Diverged {
                step: self.steps_done,
                loss: train_loss,
            });
        }
        Ok(Snapshot {
            step: self.steps_done,
            train_loss,
            accuracy,
            steps_per_sec: steps as f32 / seconds,
        })
    }

    /// The spec this session runs.
    pub fn spec(&self) -> &ExperimentSpec {
        &self.spec
    }

    fn optimizer_step(&mut self) {
        let (inputs, targets) = self.next_batch();
        let loss = binary_cross_entropy(self.model.forward(inputs), targets);
        let grads = GradientsParams::from_grads(loss.backward(), &self.model);
        self.model = self
            .optimizer
            .step(self.spec.learning_rate, self.model.clone(), grads);
        self.steps_done += 1;
    }

    /// The next mini-batch of a shuffled epoch, or the whole set where the batch covers it.
    fn next_batch(&mut self) -> (Tensor<2>, Tensor<2>) {
        let samples = self.epoch_order.len();
        let batch_size = self.spec.batch_size;
        if batch_size >= samples {
            return (self.inputs.clone(), self.targets.clone());
        }
        if self.epoch_position + batch_size > samples {
            self.epoch_order.shuffle(&mut self.batch_rng);
            self.epoch_position = 0;
        }
        let batch = &self.epoch_order[self.epoch_position..self.epoch_position + batch_size];
        self.epoch_position += batch_size;
        let indices = Tensor::<1, Int>::from_data(
            TensorData::new(batch.to_vec(), [batch_size]),
            &self.device,
        );
        (
            self.inputs.clone().select(0, indices.clone()),
            self.targets.clone().select(0, indices),
        )
    }

    /// Loss and accuracy over the whole training set.
    async fn evaluate(&self) -> Result<(f32, f32), EngineError> {
        let logits = self.model.valid().forward(self.inputs.clone());
        let loss = binary_cross_entropy(logits.clone(), self.targets.clone());
        let correct = logits
            .greater_elem(0.0)
            .equal(self.targets.clone().greater_elem(0.5))
            .float()
            .mean();
        let values = Tensor::cat(vec![loss, correct], 0)
            .into_data_async()
            .await
            .map_err(|error| EngineError::DeviceRead {
                reason: format!("{error:?}"),
            })?
            .try_into_vec::<f32>()
            .map_err(|error| EngineError::DeviceRead {
                reason: format!("{error:?}"),
            })?;
        Ok((values[0], values[1]))
    }
}

/// Mean binary cross-entropy of `logits` against 0/1 `targets`, computed stably:
/// `max(z, 0) − z·y + log(1 + e^(−|z|))`.
fn binary_cross_entropy(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    let stable_log_term = logits.clone().abs().neg().exp().log1p();
    (activation::relu(logits.clone()) - logits * targets + stable_log_term).mean()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::cpu_device;

    fn train(spec: &ExperimentSpec, chunks: usize, steps_per_chunk: u32) -> Vec<Snapshot> {
        let mut session = Session::new(spec, cpu_device()).expect("valid spec");
        (0..chunks)
            .map(|_| pollster::block_on(session.step(steps_per_chunk)).expect("no divergence"))
            .collect()
    }

    #[test]
    fn the_default_network_learns_xor() {
        let snapshots = train(&ExperimentSpec::default(), 10, 50);
        let first = &snapshots[0];
        let last = snapshots.last().unwrap();
        assert_eq!(last.step, 500);
        assert!(
            last.train_loss < 0.05,
            "loss after 500 steps: {}",
            last.train_loss
        );
        assert!(last.train_loss < first.train_loss / 4.0);
        assert!(last.accuracy >= 0.99, "accuracy {}", last.accuracy);
        assert!(last.steps_per_sec > 0.0);
    }

    #[test]
    fn mini_batches_learn_too() {
        let spec = ExperimentSpec {
            batch_size: 10,
            learning_rate: 0.01,
            ..ExperimentSpec::default()
        };
        let last = train(&spec, 10, 100).pop().unwrap();
        assert!(last.accuracy >= 0.95, "accuracy {}", last.accuracy);
    }

    #[test]
    fn same_seed_same_losses_other_seed_other_losses() {
        let spec = ExperimentSpec::default();
        let losses = |spec: &ExperimentSpec| -> Vec<f32> {
            train(spec, 3, 20).iter().map(|s| s.train_loss).collect()
        };
        assert_eq!(losses(&spec), losses(&spec));
        let mut other = spec.clone();
        other.seed = 2;
        assert_ne!(losses(&spec), losses(&other));
    }

    #[test]
    fn invalid_specs_are_refused_before_any_work() {
        let spec = ExperimentSpec {
            batch_size: 0,
            ..ExperimentSpec::default()
        };
        let Err(EngineError::InvalidSpec(error)) = Session::new(&spec, cpu_device()) else {
            panic!("batch_size 0 accepted");
        };
        assert_eq!(error.field, "batch_size");
    }
}
