//! Errors the engine reports. Each says what went wrong and where, in words a visitor can act on.

use thiserror::Error;

/// A field of an [`crate::ExperimentSpec`] that is out of range.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("invalid experiment: `{field}` is {found}; allowed: {allowed}")]
pub struct SpecError {
    /// The field's path in the spec, e.g. `hidden_layers[1]`.
    pub field: String,
    /// The offending value, as written.
    pub found: String,
    /// The allowed values or range, in words.
    pub allowed: String,
}

/// Anything that stops a training session.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EngineError {
    #[error(transparent)]
    InvalidSpec(#[from] SpecError),
    #[error(
        "training diverged by step {step}: the loss became {loss} (try a lower learning rate); \
         the model is kept as it was at step {last_good_step}"
    )]
    Diverged {
        step: u64,
        loss: f32,
        last_good_step: u64,
    },
    #[cfg(feature = "data")]
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    #[cfg(feature = "data")]
    #[error(transparent)]
    ModelFile(#[from] crate::mlops::ModelFileError),
    #[error("cannot edit that weight: {reason}")]
    WeightEdit { reason: String },
    #[error("cannot answer that {query} query: {reason}")]
    Query { query: &'static str, reason: String },
    #[error("checkpoint: {reason}")]
    Checkpoint { reason: String },
    #[error("no GPU device: {reason}")]
    NoGpu { reason: String },
    #[error("reading results from the device failed: {reason}")]
    DeviceRead { reason: String },
}
