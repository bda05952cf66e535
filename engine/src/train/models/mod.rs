//! The networks the engine trains. Each module documents its tensor shapes.

pub mod autoencoder;
pub mod cnn;
pub mod dropout;
pub mod encoder;
pub mod gcn;
pub mod mlp;
pub mod transformer;

pub use autoencoder::Autoencoder;
pub use cnn::Cnn;
pub use encoder::Encoder;
pub use gcn::Gcn;
pub use mlp::Mlp;
pub use transformer::CharTransformer;
