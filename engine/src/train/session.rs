//! A training session: one experiment on one device, advanced a batch of steps at a time.
//!
//! Results are read from the device once per [`Session::step`] call, never per optimizer step,
//! and the read is async so the same code runs in a browser worker (WebGPU reads cannot block)
//! and natively (which may block on the future). Pausing is simply not calling `step`;
//! cancelling is dropping the session.

use crate::error::EngineError;
use crate::mlops::ModelFile;
use crate::mlops::model_file::layer_shapes;
use crate::query::{Answer, Query};
use crate::report::{Snapshot, WeightEdit};
use crate::spec::{ExperimentSpec, ReportSpec};
use crate::train::build;
use crate::train::checkpoint::Checkpoint;
use crate::train::task::{Learner, Pending};
use burn::tensor::{Device, Tensor};
use web_time::Instant;

/// One experiment being trained.
pub struct Session {
    spec: ExperimentSpec,
    learner: Box<dyn Learner>,
    steps_done: u64,
    /// Set when the loss stopped being finite; the session then refuses to go on.
    diverged: Option<EngineError>,
}

impl Session {
    /// Validates `spec`, loads or generates its data and initialises the model on `device`.
    pub fn new(spec: &ExperimentSpec, device: Device) -> Result<Self, EngineError> {
        Self::build(spec, device, true)
    }

    /// A session that trains on Burn even where the fused CPU path would (to compare them).
    #[cfg(test)]
    pub(crate) fn new_on_burn(spec: &ExperimentSpec, device: Device) -> Result<Self, EngineError> {
        Self::build(spec, device, false)
    }

    fn build(
        spec: &ExperimentSpec,
        device: Device,
        allow_fused: bool,
    ) -> Result<Self, EngineError> {
        spec.validate()?;
        let device = device.autodiff();
        Ok(Self {
            learner: build::learner(spec, &device, allow_fused)?,
            spec: spec.clone(),
            steps_done: 0,
            diverged: None,
        })
    }

    /// Continues the run a checkpoint saved, from its step, with its weights and optimizer
    /// state. On the CPU the losses that follow are bit-identical to an uninterrupted run.
    pub fn resume(checkpoint: Checkpoint, device: Device) -> Result<Self, EngineError> {
        let mut session = Self::new(&checkpoint.spec, device)?;
        session
            .learner
            .load(checkpoint.model, checkpoint.optimizer)?;
        session.steps_done = checkpoint.step;
        Ok(session)
    }

    /// Runs `steps` optimizer steps, then evaluates and reads everything the snapshot needs in
    /// one device read.
    ///
    /// A loss that is no longer finite ends the session with [`EngineError::Diverged`]: the
    /// model and optimizer go back to their state after the previous call (the last good one),
    /// and every later call returns the same error.
    pub async fn step(&mut self, steps: u32) -> Result<Snapshot, EngineError> {
        if let Some(error) = &self.diverged {
            return Err(error.clone());
        }
        let started = Instant::now();
        self.learner.train(self.steps_done, steps);
        let values = read(self.learner.evaluate(&self.spec.report)).await?;
        let seconds = started.elapsed().as_secs_f32().max(1e-6);
        let step = self.steps_done + u64::from(steps);
        let train_loss = values[0];
        if !train_loss.is_finite() {
            self.learner.restore_good();
            let error = EngineError::Diverged {
                step,
                loss: train_loss,
                last_good_step: self.steps_done,
            };
            self.diverged = Some(error.clone());
            return Err(error);
        }
        self.learner.keep_as_good();
        self.steps_done = step;
        let mut snapshot = self.snapshot(&values, &self.spec.report);
        snapshot.steps_per_sec = steps as f32 / seconds;
        snapshot.examples_per_sec =
            (steps as usize * self.learner.examples_per_step()) as f32 / seconds;
        Ok(snapshot)
    }

    /// What `values` (an evaluation under `report`) say about the model now.
    fn snapshot(&self, values: &[f32], report: &ReportSpec) -> Snapshot {
        let finite = |value: f32| value.is_finite().then_some(value);
        let mut snapshot = Snapshot {
            step: self.steps_done,
            epoch: self.learner.epochs(self.steps_done),
            train_loss: values[0],
            test_loss: finite(values[1]),
            accuracy: finite(values[2]),
            steps_per_sec: 0.0,
            examples_per_sec: 0.0,
            decision_grid: None,
            neuron_grids: Vec::new(),
            samples: None,
            weights: Vec::new(),
            embedding: Vec::new(),
        };
        self.learner
            .read_extras(&values[3..], report, &mut snapshot);
        snapshot
    }

    /// The network as it is now, as a model file (MLPs on the playground's data; otherwise
    /// the error says which models can be exported).
    pub async fn export(&self) -> Result<ModelFile, EngineError> {
        layer_shapes(&self.spec)?;
        let report = ReportSpec {
            weights: true,
            ..ReportSpec::default()
        };
        let values = read(self.learner.evaluate(&report)).await?;
        let weights = self.snapshot(&values, &report).weights;
        Ok(ModelFile::new(self.spec.clone(), weights)?)
    }

    /// A session that starts from an exported model: its spec, with its weights (the
    /// optimizer starts afresh, at step 0).
    pub fn import(file: &ModelFile, device: Device) -> Result<Self, EngineError> {
        let mut session = Self::new(&file.spec, device)?;
        for (layer, weights) in file.layers.iter().enumerate() {
            let edits = (0..weights.inputs)
                .flat_map(|input| (0..weights.outputs).map(move |output| (Some(input), output)));
            let biases = (0..weights.outputs).map(|output| (None, output));
            for (input, output) in edits.chain(biases) {
                let value = match input {
                    Some(input) => weights.weights[input * weights.outputs + output],
                    None => weights.biases[output],
                };
                session.set_weight(WeightEdit {
                    layer,
                    input,
                    output,
                    value,
                })?;
            }
        }
        Ok(session)
    }

    /// The state to save: weights, optimizer state and step. The batch order and dropout
    /// masks are functions of (seed, step), so this is the whole state of the run.
    ///
    /// Reads the device synchronously: use it natively or on the CPU, not on WebGPU.
    pub fn checkpoint(&self) -> Result<Checkpoint, EngineError> {
        let (model, optimizer) = self.learner.save()?;
        Ok(Checkpoint {
            spec: self.spec.clone(),
            step: self.steps_done,
            model,
            optimizer,
        })
    }

    /// Sets one weight or bias by hand (the playground's click-to-edit). The next
    /// [`Session::step`] — `step(0)` to only look — reports the network with it.
    pub fn set_weight(&mut self, edit: WeightEdit) -> Result<(), EngineError> {
        if let Some(error) = &self.diverged {
            return Err(error.clone());
        }
        self.learner
            .edit_weight(edit)
            .map_err(|reason| EngineError::WeightEdit { reason })
    }

    /// Answers a question about the model as it is now (training may go on afterwards).
    pub async fn query(&self, query: &Query) -> Result<Answer, EngineError> {
        let refused = |reason: String| EngineError::Query {
            query: query.kind_name(),
            reason,
        };
        match self.learner.query(query).map_err(refused)? {
            Pending::Ready(answer) => Ok(answer),
            Pending::Read(tensor) => {
                let values = read_values(tensor).await?;
                self.learner.read_answer(&values, query).map_err(refused)
            }
        }
    }

    /// The spec this session runs.
    pub fn spec(&self) -> &ExperimentSpec {
        &self.spec
    }

    /// Optimizer steps completed (and kept).
    pub fn steps_done(&self) -> u64 {
        self.steps_done
    }
}

/// Reads an evaluation (at least the three losses) from the device without blocking.
async fn read(tensor: Tensor<1>) -> Result<Vec<f32>, EngineError> {
    let values = read_values(tensor).await?;
    if values.len() < 3 {
        return Err(EngineError::DeviceRead {
            reason: format!("expected at least 3 values, got {}", values.len()),
        });
    }
    Ok(values)
}

/// Reads a small result tensor from the device without blocking.
async fn read_values(tensor: Tensor<1>) -> Result<Vec<f32>, EngineError> {
    let device_read = |error: &dyn std::fmt::Debug| EngineError::DeviceRead {
        reason: format!("{error:?}"),
    };
    let data = tensor
        .into_data_async()
        .await
        .map_err(|e| device_read(&e))?;
    let values = data
        .convert::<f32>()
        .try_into_vec::<f32>()
        .map_err(|e| device_read(&e))?;
    Ok(values)
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "session_state_tests.rs"]
mod state_tests;

#[cfg(test)]
#[path = "query_tests.rs"]
mod query_tests;

#[cfg(test)]
#[path = "attack_tests.rs"]
mod attack_tests;

#[cfg(test)]
#[path = "export_tests.rs"]
mod export_tests;
