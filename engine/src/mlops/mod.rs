//! MLOps: trained models as files ([`model_file`], with the `data` feature) and data drift
//! ([`drift`]). Burn-free, so the runner can serve a model and a page can measure drift
//! without the training engine.

pub mod drift;
#[cfg(feature = "data")]
pub mod model_file;

#[cfg(all(test, feature = "data"))]
mod tests;

pub use drift::Drift;
#[cfg(feature = "data")]
pub use model_file::{ModelFile, ModelFileError};
