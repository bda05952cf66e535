//! MLOps: trained models as files ([`model_file`]) and data
//! drift ([`drift`]). Burn-free, so the runner can serve a model and a page can check drift
//! without the training engine.

pub mod drift;
pub mod model_file;

#[cfg(test)]
mod tests;

pub use drift::Drift;
pub use model_file::{ModelFile, ModelFileError};
