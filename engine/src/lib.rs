//! The ml-intro engine: one description of an experiment and one training core, shared by
//! the site's web worker, the native runner and the CLI.
//!
//! The crate is platform-agnostic: it never depends on a UI, a web API, an async runtime or a
//! socket crate. Reads from a device are async ([`train::Session::step`]); native code may block
//! on them.
//!
//! Without the `train` feature the crate is only the Burn-free part: [`spec`] (what to run),
//! [`report`] (what a run reports) and [`device_info`] (where it ran). The site's UI uses that
//! part alone so that its wasm never links Burn.

pub mod automl;
pub mod device_info;
pub mod diffusion;
pub mod error;
pub mod evaluation;
pub mod graph;
pub mod math;
pub mod mlops;
pub mod nlp;
pub mod primer;
pub mod protocol;
pub mod query;
pub mod report;
pub mod responsible;
pub mod rl;
pub mod runner_protocol;
pub mod runs;
pub mod script;
pub mod seeded;
pub mod spec;
pub mod tabular;
pub mod unsupervised;

#[cfg(feature = "data")]
pub mod data;

#[cfg(feature = "train")]
pub mod train;

pub use device_info::{BackendKind, DeviceChoice, DeviceInfo};
pub use error::{EngineError, SpecError};
pub use report::{Grid, LayerWeights, PlanePoints, Samples, Snapshot, WeightEdit};
pub use spec::{DataSpec, ExperimentSpec, ModelSpec, OptimizerSpec, ToyDataset};

/// The engine's version, reported by workers and runners so that mismatches can be named.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
