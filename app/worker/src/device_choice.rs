//! Picking the device: WebGPU where the browser offers a hardware adapter, else the CPU, with
//! the reason. A software adapter (SwiftShader, which browsers offer where there is no usable
//! GPU) runs the same kernels on the CPU, far slower than the engine's own CPU path: `auto`
//! passes it over and says so; `gpu` uses it anyway.

use js_sys::{Function, Promise, Reflect};
use ml_intro_engine::protocol::BackendChoice;
use ml_intro_engine::train::{Device, cpu_device, gpu_device};
use ml_intro_engine::{BackendKind, DeviceInfo};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the browser says of its WebGPU adapter.
struct Adapter {
    description: Option<String>,
    /// A GPU emulated on the CPU (the adapter says it is a fallback, or names SwiftShader).
    software: bool,
}

pub async fn choose(choice: BackendChoice) -> (Device, DeviceInfo) {
    let fallback_reason = match choice {
        BackendChoice::Cpu => "the CPU was chosen".to_string(),
        BackendChoice::Auto | BackendChoice::Gpu => match webgpu_adapter().await {
            Err(reason) => reason,
            Ok(adapter) if adapter.software && choice == BackendChoice::Auto => format!(
                "the browser's only WebGPU adapter ({}) is a software renderer, slower than the \
                 CPU path; add ?backend=gpu to the address to use it anyway",
                adapter.description.as_deref().unwrap_or("unnamed")
            ),
            Ok(adapter) => match gpu_device().await {
                Ok(device) => {
                    let info = DeviceInfo {
                        backend: BackendKind::WebGpu,
                        adapter: adapter.description,
                        max_buffer_bytes: None,
                        fallback_reason: None,
                    };
                    return (device, info);
                }
                Err(error) => format!("WebGPU failed to start: {error}"),
            },
        },
    };
    let info = DeviceInfo {
        backend: BackendKind::Cpu,
        adapter: None,
        max_buffer_bytes: None,
        fallback_reason: Some(fallback_reason),
    };
    (cpu_device(), info)
}

/// Asks the browser for a WebGPU adapter before the engine touches WebGPU, so "no adapter"
/// becomes a reason to show rather than an engine error.
async fn webgpu_adapter() -> Result<Adapter, String> {
    let global = js_sys::global();
    let gpu = get(&get(&global, "navigator"), "gpu");
    if gpu.is_undefined() || gpu.is_null() {
        return Err("this browser does not offer WebGPU".into());
    }
    let request_adapter: Function = get(&gpu, "requestAdapter")
        .dyn_into()
        .map_err(|_| "this browser's WebGPU cannot request adapters".to_string())?;
    let promise: Promise = request_adapter
        .call0(&gpu)
        .and_then(|value| value.dyn_into())
        .map_err(|error| format!("requesting a WebGPU adapter failed: {error:?}"))?;
    let adapter = JsFuture::from(promise)
        .await
        .map_err(|error| format!("requesting a WebGPU adapter failed: {error:?}"))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("WebGPU is present but offers no adapter (GPU disabled or blocklisted)".into());
    }
    let info = get(&adapter, "info");
    let names: Vec<String> = ["description", "device", "architecture", "vendor"]
        .iter()
        .filter_map(|field| get(&info, field).as_string())
        .filter(|text| !text.is_empty())
        .collect();
    // `isFallbackAdapter` moved from the adapter to its info; older browsers have the former.
    let marked_fallback = [
        get(&info, "isFallbackAdapter"),
        get(&adapter, "isFallbackAdapter"),
    ]
    .iter()
    .any(|flag| flag.as_bool() == Some(true));
    let named_software = names
        .iter()
        .any(|name| name.to_lowercase().contains("swiftshader"));
    Ok(Adapter {
        description: names.into_iter().next(),
        software: marked_fallback || named_software,
    })
}

fn get(target: &JsValue, field: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
}
