//! Which backend a session runs on, as reported to people, and which one a run asks for.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The compute backends the engine can train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendKind {
    /// Burn's pure-Rust `flex` CPU backend: works everywhere, including wasm.
    Cpu,
    /// The browser's WebGPU.
    WebGpu,
    /// Vulkan through wgpu, natively.
    Vulkan,
    /// Metal through wgpu (macOS).
    Metal,
    /// Another native graphics API through wgpu (DirectX 12, OpenGL).
    OtherGpu,
    /// NVIDIA CUDA, natively.
    Cuda,
}

impl BackendKind {
    /// The backend's short name, as in specs and `data-backend` attributes (`webgpu`, `cpu`, …).
    pub fn id(self) -> &'static str {
        match self {
            BackendKind::Cpu => "cpu",
            BackendKind::WebGpu => "webgpu",
            BackendKind::Vulkan => "vulkan",
            BackendKind::Metal => "metal",
            BackendKind::OtherGpu => "other-gpu",
            BackendKind::Cuda => "cuda",
        }
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Cpu => "CPU (flex)",
            BackendKind::WebGpu => "WebGPU",
            BackendKind::Vulkan => "Vulkan",
            BackendKind::Metal => "Metal",
            BackendKind::OtherGpu => "GPU (wgpu)",
            BackendKind::Cuda => "CUDA",
        })
    }
}

/// Where a session runs, and why there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub backend: BackendKind,
    /// The adapter's name where the platform tells it (e.g. "llvmpipe (LLVM 19.1.7, 256 bits)").
    pub adapter: Option<String>,
    /// The largest buffer the GPU accepts, where known: a bound on model and batch size.
    #[serde(default)]
    pub max_buffer_bytes: Option<u64>,
    /// Why this backend was chosen over a faster one, e.g. "no WebGPU adapter".
    pub fallback_reason: Option<String>,
}

impl fmt::Display for DeviceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.backend)?;
        if let Some(adapter) = &self.adapter {
            write!(f, " ({adapter})")?;
        }
        Ok(())
    }
}

/// The device a native run asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceChoice {
    /// The fastest available: CUDA, then Vulkan/Metal, then the CPU.
    Auto,
    Cpu,
    Vulkan,
    Cuda,
}

impl DeviceChoice {
    /// The choice as written on a command line (`auto`, `cpu`, `vulkan`, `cuda`).
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceChoice::Auto => "auto",
            DeviceChoice::Cpu => "cpu",
            DeviceChoice::Vulkan => "vulkan",
            DeviceChoice::Cuda => "cuda",
        }
    }
}

impl FromStr for DeviceChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "auto" => Ok(DeviceChoice::Auto),
            "cpu" => Ok(DeviceChoice::Cpu),
            "vulkan" => Ok(DeviceChoice::Vulkan),
            "cuda" => Ok(DeviceChoice::Cuda),
            other => Err(format!(
                "unknown device {other:?}; allowed: auto, cpu, vulkan, cuda"
            )),
        }
    }
}
