//! Picking the device: WebGPU where the browser offers an adapter, else the CPU, with the reason.

use js_sys::{Function, Promise, Reflect};
use ml_intro_engine::protocol::BackendChoice;
use ml_intro_engine::train::{Device, cpu_device, gpu_device};
use ml_intro_engine::{BackendKind, DeviceInfo};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub async fn choose(choice: BackendChoice) -> (Device, DeviceInfo) {
    let fallback_reason = match choice {
        BackendChoice::Cpu => "the CPU was chosen".to_string(),
        BackendChoice::Auto => match webgpu_adapter_name().await {
            Err(reason) => reason,
            Ok(adapter) => match gpu_device().await {
                Ok(device) => {
                    let info = DeviceInfo {
                        backend: BackendKind::WebGpu,
                        adapter,
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
/// becomes a reason to show rather than an engine error. Returns the adapter's description.
async fn webgpu_adapter_name() -> Result<Option<String>, String> {
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
    let name = ["description", "device", "vendor"]
        .iter()
        .filter_map(|field| get(&info, field).as_string())
        .find(|text| !text.is_empty());
    Ok(name)
}

fn get(target: &JsValue, field: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
}
