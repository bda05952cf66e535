//! Training on a Burn device: models, tasks, device set-up, sessions and checkpoints.

#[cfg(test)]
mod automl_tests;
mod batches;
mod build;
pub mod checkpoint;
pub mod device;
mod fused;
pub use fused::in_portable_order;
mod init;
pub mod loss;
pub mod models;
pub mod session;
mod task;
mod tasks;

pub use burn::tensor::Device;
pub use checkpoint::Checkpoint;
pub use device::{cpu_device, gpu_device, pick_device};
pub use models::Mlp;
pub use session::Session;
