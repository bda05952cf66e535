//! Which backend a session runs on, as reported to people.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The compute backends the engine can train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendKind {
    /// Burn's pure-Rust `flex` CPU backend: works everywhere, including wasm.
    Cpu,
    /// The browser's WebGPU.
    WebGpu,
    /// Vulkan (or Metal) through wgpu, natively.
    Vulkan,
    /// NVIDIA CUDA, natively.
    Cuda,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Cpu => "CPU (flex)",
            BackendKind::WebGpu => "WebGPU",
            BackendKind::Vulkan => "Vulkan",
            BackendKind::Cuda => "CUDA",
        })
    }
}

/// Where a session runs, and why there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub backend: BackendKind,
    /// The adapter's name where the platform tells it (e.g. "SwiftShader Device").
    pub adapter: Option<String>,
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
