//! Training on a Burn device: models, device set-up and the training session.

pub mod device;
pub mod model;
pub mod session;

pub use burn::tensor::Device;
pub use device::{cpu_device, gpu_device};
pub use model::Mlp;
pub use session::Session;
