//! `ExperimentSpec`: the one description of a training run, the same for the browser, the
//! runner and the CLI. It is plain data (serde) read from JSON or TOML, versioned, and checked
//! by [`ExperimentSpec::validate`] before any work starts.

mod data;
mod model;
mod validate;

pub use data::{DATA_EXTENT, DataSpec, Feature, GraphDataSpec, TableTask, ToyDataSpec, ToyDataset};
pub use model::{
    Activation, EncoderObjective, Layer, ModelSpec, OptimizerKind, OptimizerSpec, Regularization,
    ReportSpec,
};

use crate::error::SpecError;
use serde::{Deserialize, Serialize};

/// The spec format version this engine writes and reads.
pub const SPEC_VERSION: u32 = 2;

/// One training run: data, model, optimizer, batch size, length and what to report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    /// The format version ([`SPEC_VERSION`]).
    pub version: u32,
    pub data: DataSpec,
    pub model: ModelSpec,
    pub optimizer: OptimizerSpec,
    /// Examples per optimizer step (capped at the training set's size).
    pub batch_size: usize,
    /// Optimizer steps of the whole run.
    pub steps: u64,
    /// Steps between evaluations on the test set (and between snapshots in a CLI run).
    #[serde(default = "default_eval_every")]
    pub eval_every: u64,
    #[serde(default)]
    pub report: ReportSpec,
    /// Seed of weight initialisation, batch order and dropout.
    #[serde(default = "data::default_seed")]
    pub seed: u64,
}

fn default_eval_every() -> u64 {
    100
}

impl Default for ExperimentSpec {
    /// The "XOR in your browser" widget: a 2→8→8→1 tanh network, Adam, full batch.
    fn default() -> Self {
        let mut spec = Self::toy(ToyDataset::Xor);
        spec.data = DataSpec::Toy(ToyDataSpec {
            samples: 400,
            ..toy_data(ToyDataset::Xor)
        });
        spec.batch_size = 200;
        spec
    }
}

impl ExperimentSpec {
    /// The default network on a toy set: 2→8→8→1 tanh, Adam at 0.03, batch 10, 3,000 steps,
    /// 1,000 points with half for training, no noise. (TensorFlow Playground draws 500; with
    /// 250 training points the spiral is under-sampled for an 8-8 network.)
    pub fn toy(dataset: ToyDataset) -> Self {
        Self {
            version: SPEC_VERSION,
            data: DataSpec::Toy(toy_data(dataset)),
            model: ModelSpec::Mlp {
                layers: vec![Layer::new(8, Activation::Tanh); 2],
                dropout: 0.0,
                batch_norm: false,
            },
            optimizer: OptimizerSpec::adam(0.03),
            batch_size: 10,
            steps: 3_000,
            eval_every: default_eval_every(),
            report: ReportSpec::default(),
            seed: 1,
        }
    }

    /// Reads a spec from JSON; errors say the line and column.
    pub fn from_json(text: &str) -> Result<Self, SpecError> {
        serde_json::from_str(text).map_err(|error| SpecError {
            field: "(json)".into(),
            found: error.to_string(),
            allowed: "a JSON experiment spec".into(),
        })
    }

    /// Reads a spec from TOML; errors say the line and column.
    #[cfg(feature = "data")]
    pub fn from_toml(text: &str) -> Result<Self, SpecError> {
        toml::from_str(text).map_err(|error| SpecError {
            field: "(toml)".into(),
            found: error.to_string().trim_end().to_string(),
            allowed: "a TOML experiment spec".into(),
        })
    }

    /// The spec as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks every field, naming the first that is out of range and what is allowed.
    pub fn validate(&self) -> Result<(), SpecError> {
        validate::validate(self)
    }

    /// The model and the data in a few words, e.g. "mlp on spiral" or "cnn on digits".
    pub fn title(&self) -> String {
        let data = serde_json::to_value(&self.data).unwrap_or_default();
        let field = |name: &str| data.get(name).and_then(|field| field.as_str());
        let data_title = field("dataset").or(field("path")).or(field("source"));
        format!(
            "{} on {}",
            self.model.kind_name(),
            data_title.unwrap_or("data")
        )
    }

    /// Whether the model predicts a value rather than a class.
    pub fn is_regression(&self) -> bool {
        match &self.data {
            DataSpec::Toy(toy) => toy.dataset.is_regression(),
            DataSpec::Table { task, .. } => *task == TableTask::Regression,
            _ => false,
        }
    }
}

fn toy_data(dataset: ToyDataset) -> ToyDataSpec {
    ToyDataSpec {
        dataset,
        samples: 1000,
        noise: 0.0,
        train_share: 0.5,
        features: vec![Feature::X1, Feature::X2],
        seed: 1,
        csv: None,
    }
}

#[cfg(test)]
mod tests;
