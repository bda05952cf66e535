//! `ExperimentSpec`: the one description of a training run, the same for the browser, the
//! runner and the CLI. It is plain data (serde), so it travels as JSON between them.

use crate::error::SpecError;
use serde::{Deserialize, Serialize};

/// The spec format version this engine writes and reads.
pub const SPEC_VERSION: u32 = 1;

/// Largest accepted values, so that a hand-edited spec cannot ask for absurd work.
const MAX_SAMPLES: usize = 100_000;
const MAX_LAYERS: usize = 8;
const MAX_WIDTH: usize = 1024;
const MAX_BATCH: usize = 100_000;

/// The toy data sets the engine can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// Points in the plane labelled by the sign of x₁·x₂ (TensorFlow Playground's "xor").
    Xor,
}

/// Hidden-layer activation functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    Tanh,
    Relu,
    Sigmoid,
}

/// Which data to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSpec {
    pub kind: DatasetKind,
    /// Number of points.
    pub samples: usize,
    /// Label-independent jitter added to each point, as a share of the data's range (0..=0.5).
    pub noise: f32,
    /// Seed of the generator: the same seed gives the same points everywhere.
    pub seed: u64,
}

/// One training run: data, model, optimizer (Adam) and batch size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSpec {
    pub version: u32,
    pub dataset: DatasetSpec,
    /// Widths of the hidden layers, input to output; the input (2) and output (1) are implied.
    pub hidden_layers: Vec<usize>,
    pub activation: Activation,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Seed of weight initialisation and batch order.
    pub seed: u64,
}

impl Default for ExperimentSpec {
    /// The "XOR in your browser" widget: a 2→8→8→1 tanh network, Adam, full batch.
    fn default() -> Self {
        Self {
            version: SPEC_VERSION,
            dataset: DatasetSpec {
                kind: DatasetKind::Xor,
                samples: 200,
                noise: 0.0,
                seed: 1,
            },
            hidden_layers: vec![8, 8],
            activation: Activation::Tanh,
            learning_rate: 0.03,
            batch_size: 200,
            seed: 1,
        }
    }
}

impl ExperimentSpec {
    /// Checks every field, naming the first that is out of range and what is allowed.
    pub fn validate(&self) -> Result<(), SpecError> {
        if self.version != SPEC_VERSION {
            return Err(invalid("version", self.version, format!("{SPEC_VERSION}")));
        }
        if !(1..=MAX_SAMPLES).contains(&self.dataset.samples) {
            return Err(invalid(
                "dataset.samples",
                self.dataset.samples,
                format!("1 to {MAX_SAMPLES}"),
            ));
        }
        if !(0.0..=0.5).contains(&self.dataset.noise) {
            return Err(invalid(
                "dataset.noise",
                self.dataset.noise,
                "0 to 0.5".into(),
            ));
        }
        if self.hidden_layers.len() > MAX_LAYERS {
            return Err(invalid(
                "hidden_layers",
                self.hidden_layers.len(),
                format!("at most {MAX_LAYERS} layers"),
            ));
        }
        for (index, &width) in self.hidden_layers.iter().enumerate() {
            if !(1..=MAX_WIDTH).contains(&width) {
                return Err(invalid(
                    &format!("hidden_layers[{index}]"),
                    width,
                    format!("1 to {MAX_WIDTH} neurons"),
                ));
            }
        }
        if !(self.learning_rate.is_finite()
            && self.learning_rate > 0.0
            && self.learning_rate <= 10.0)
        {
            return Err(invalid(
                "learning_rate",
                self.learning_rate,
                "greater than 0, at most 10".into(),
            ));
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            return Err(invalid(
                "batch_size",
                self.batch_size,
                format!("1 to {MAX_BATCH}"),
            ));
        }
        Ok(())
    }
}

fn invalid(field: &str, found: impl ToString, allowed: String) -> SpecError {
    SpecError {
        field: field.to_string(),
        found: found.to_string(),
        allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_spec_is_valid() {
        assert_eq!(ExperimentSpec::default().validate(), Ok(()));
    }

    #[test]
    fn errors_name_the_field_and_the_allowed_values() {
        let spec = ExperimentSpec {
            hidden_layers: vec![8, 0],
            ..ExperimentSpec::default()
        };
        let error = spec.validate().unwrap_err();
        assert_eq!(error.field, "hidden_layers[1]");
        assert!(error.to_string().contains("1 to 1024"), "{error}");

        let spec = ExperimentSpec {
            learning_rate: f64::NAN,
            ..ExperimentSpec::default()
        };
        assert_eq!(spec.validate().unwrap_err().field, "learning_rate");
    }

    #[test]
    fn json_round_trip_and_unknown_values_are_refused() {
        let spec = ExperimentSpec::default();
        let json = serde_json::to_string(&spec).unwrap();
        let back: ExperimentSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
        let bad = json.replace("\"tanh\"", "\"swish\"");
        let error = serde_json::from_str::<ExperimentSpec>(&bad).unwrap_err();
        assert!(error.to_string().contains("swish"), "{error}");
    }
}
