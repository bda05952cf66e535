//! Creating the devices the engine trains on, and saying which one it is.

use crate::device_info::{BackendKind, DeviceChoice, DeviceInfo};
use crate::error::EngineError;
use burn::tensor::Device;
use burn::tensor::wgpu::{WgpuBackend, WgpuSetup, wgpu};

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

/// The device a choice asks for, with what it is. `Auto` tries CUDA (in builds with the
/// `cuda` feature), then the platform's hardware GPU through wgpu (Vulkan, Metal, or WebGPU in
/// a browser), then the CPU, and records why it passed over each faster one. An explicit
/// choice that is not available is an error.
///
/// The wgpu runtime can be started once per process: later calls for a wgpu device fail.
pub async fn pick_device(choice: DeviceChoice) -> Result<(Device, DeviceInfo), EngineError> {
    let mut passed_over = Vec::new();
    if matches!(choice, DeviceChoice::Auto | DeviceChoice::Cuda) {
        match cuda_device() {
            Ok(found) => return Ok(found),
            Err(error) if choice == DeviceChoice::Cuda => return Err(error),
            Err(error) => passed_over.push(error.to_string()),
        }
    }
    if matches!(choice, DeviceChoice::Auto | DeviceChoice::Vulkan) {
        let mut options = Device::wgpu_options();
        if choice == DeviceChoice::Vulkan {
            options = options.graphics_api(WgpuBackend::Vulkan);
        }
        match options.init_with_setup_async().await {
            // A software adapter (Mesa's lavapipe, SwiftShader) emulates a GPU on the CPU, far
            // slower than `flex`: `auto` passes it over; asking for Vulkan still gets it.
            Ok((_, setup)) if choice == DeviceChoice::Auto && is_software(&setup) => {
                passed_over.push(format!(
                    "the only GPU adapter ({}) is a software renderer, slower than the CPU \
                     path; choose vulkan to use it anyway",
                    setup.adapter.get_info().name
                ));
            }
            Ok((device, setup)) => return Ok((device, wgpu_info(&setup))),
            Err(error) => {
                let error = EngineError::NoGpu {
                    reason: format!("no usable GPU adapter ({error})"),
                };
                if choice == DeviceChoice::Vulkan {
                    return Err(error);
                }
                passed_over.push(error.to_string());
            }
        }
    }
    let info = DeviceInfo {
        backend: BackendKind::Cpu,
        adapter: None,
        max_buffer_bytes: None,
        fallback_reason: (!passed_over.is_empty()).then(|| passed_over.join("; ")),
    };
    Ok((cpu_device(), info))
}

fn is_software(setup: &WgpuSetup) -> bool {
    setup.adapter.get_info().device_type == wgpu::DeviceType::Cpu
}

fn wgpu_info(setup: &WgpuSetup) -> DeviceInfo {
    let adapter = setup.adapter.get_info();
    let backend = match setup.backend {
        wgpu::Backend::Vulkan => BackendKind::Vulkan,
        wgpu::Backend::Metal => BackendKind::Metal,
        wgpu::Backend::BrowserWebGpu => BackendKind::WebGpu,
        _ => BackendKind::OtherGpu,
    };
    let limits = setup.device.limits();
    DeviceInfo {
        backend,
        adapter: Some(adapter.name).filter(|name| !name.is_empty()),
        max_buffer_bytes: Some(
            limits
                .max_buffer_size
                .min(limits.max_storage_buffer_binding_size),
        ),
        fallback_reason: None,
    }
}

#[cfg(feature = "cuda")]
fn cuda_device() -> Result<(Device, DeviceInfo), EngineError> {
    use burn::tensor::DeviceType;
    if Device::enumerate(DeviceType::Cuda).is_empty() {
        return Err(EngineError::NoGpu {
            reason: "no CUDA device found (is the NVIDIA driver installed?)".into(),
        });
    }
    let device = Device::cuda(0);
    let info = DeviceInfo {
        backend: BackendKind::Cuda,
        adapter: device.identity().map(|identity| identity.name),
        max_buffer_bytes: None,
        fallback_reason: None,
    };
    Ok((device, info))
}

#[cfg(not(feature = "cuda"))]
fn cuda_device() -> Result<(Device, DeviceInfo), EngineError> {
    Err(EngineError::NoGpu {
        reason: "this build has no CUDA support (build with `make gpu`)".into(),
    })
}
