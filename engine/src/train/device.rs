//! Creating the devices the engine trains on.

use crate::error::EngineError;
use burn::tensor::Device;

/// Burn's pure-Rust `flex` CPU backend: available on every platform, wasm included.
pub fn cpu_device() -> Device {
    Device::flex()
}

/// The platform's GPU through wgpu: WebGPU in the browser, Vulkan (or Metal) natively.
///
/// Created asynchronously, as the browser requires (a lazily created WebGPU device panics).
/// Fails with [`EngineError::NoGpu`] where there is no usable adapter; callers fall back to
/// [`cpu_device`] and say why.
pub async fn gpu_device() -> Result<Device, EngineError> {
    Device::wgpu_options()
        .init_async()
        .await
        .map_err(|error| EngineError::NoGpu {
            reason: error.to_string(),
        })
}
