//! The workspace's dependency rules, checked against `cargo metadata`:
//!
//! - `engine` is platform-agnostic: it never depends, directly or through anything else, on a
//!   UI framework, a web API binding, an async runtime, an HTTP server or a socket crate.
//!   The one exception is what Burn's own GPU runtime (CubeCL, wgpu) needs to reach WebGPU in a browser.
//! - `app` (and its worker) and `native` never depend on each other.
//! - The site's UI wasm (`ml-intro-app`) never links Burn, so the first paint does not wait for it.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

pub const ENGINE: &str = "ml-intro-engine";
pub const APP: &str = "ml-intro-app";
pub const WORKER: &str = "ml-intro-worker";
pub const NATIVE: &str = "ml-intro";

/// Crates (or name prefixes ending in `*`) the engine must never reach.
const PLATFORM_CRATES: &[&str] = &[
    "leptos*",
    "web-sys",
    "gloo*",
    "tokio",
    "tokio-*",
    "axum",
    "axum-*",
    "hyper",
    "tungstenite",
    "tokio-tungstenite",
    "async-tungstenite",
    "ws",
    "websocket",
    "actix*",
    "warp",
    "async-std",
    "mio",
];

/// Crates that may bring a platform crate into the engine: Burn's GPU runtime (CubeCL, wgpu) needs web-sys to
/// talk to the browser's WebGPU. What they depend on is theirs, not the engine's.
const GPU_RUNTIME_CRATES: &[&str] = &["wgpu", "wgpu-*", "cubecl-*"];

/// Package name → names of its normal (non-dev, non-build) dependencies, for one platform.
pub type DependencyGraph = HashMap<String, BTreeSet<String>>;

/// Reads the workspace's resolved dependency graph for `platform` (a target triple).
pub fn workspace_graph(workspace: &Path, platform: &str) -> Result<DependencyGraph, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--filter-platform",
            platform,
        ])
        .current_dir(workspace)
        .output()
        .map_err(|error| format!("running cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cargo metadata: {error}"))?;
    graph_from_metadata(&metadata)
}

fn graph_from_metadata(metadata: &Value) -> Result<DependencyGraph, String> {
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata has no packages")?
        .iter()
        .filter_map(|package| Some((package["id"].as_str()?, package["name"].as_str()?)))
        .collect();
    let nodes = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("cargo metadata has no resolve graph")?;
    let mut graph = DependencyGraph::new();
    for node in nodes {
        let Some(name) = node["id"].as_str().and_then(|id| names.get(id)) else {
            continue;
        };
        let dependencies = graph.entry(name.to_string()).or_default();
        for dependency in node["deps"].as_array().into_iter().flatten() {
            let is_normal = dependency["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|kind| kind["kind"].is_null());
            if let (true, Some(dep_name)) = (
                is_normal,
                dependency["pkg"].as_str().and_then(|id| names.get(id)),
            ) {
                dependencies.insert(dep_name.to_string());
            }
        }
    }
    Ok(graph)
}

fn matches(name: &str, patterns: &[&str]) -> bool {
    patterns
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        })
}

/// Every package reachable from `root`, each with the path that reaches it, not descending
/// into packages matching `stop_at`.
fn reachable(
    graph: &DependencyGraph,
    root: &str,
    stop_at: &[&str],
) -> HashMap<String, Vec<String>> {
    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    let mut stack = vec![vec![root.to_string()]];
    while let Some(path) = stack.pop() {
        let current = path.last().expect("paths are never empty");
        if matches(current, stop_at) {
            continue;
        }
        for dependency in graph.get(current).into_iter().flatten() {
            if !paths.contains_key(dependency) {
                let mut longer = path.clone();
                longer.push(dependency.clone());
                paths.insert(dependency.clone(), longer.clone());
                stack.push(longer);
            }
        }
    }
    paths
}

/// Every broken rule, each with the dependency path that breaks it.
pub fn violations(graph: &DependencyGraph) -> Vec<String> {
    let mut found = Vec::new();
    let mut forbid =
        |root: &str, stop_at: &[&str], is_forbidden: &dyn Fn(&str) -> bool, why: &str| {
            let mut hits: Vec<_> = reachable(graph, root, stop_at)
                .into_iter()
                .filter(|(name, _)| is_forbidden(name))
                .map(|(_, path)| format!("{why}: {}", path.join(" → ")))
                .collect();
            hits.sort();
            found.extend(hits);
        };
    forbid(
        ENGINE,
        GPU_RUNTIME_CRATES,
        &|name| matches(name, PLATFORM_CRATES),
        "engine depends on a platform crate",
    );
    for app in [APP, WORKER] {
        forbid(app, &[], &|name| name == NATIVE, "app depends on native");
    }
    forbid(
        NATIVE,
        &[],
        &|name| name == APP || name == WORKER,
        "native depends on app",
    );
    found
}

/// The packages one workspace member links when it alone is built for `platform`. Unlike
/// `cargo metadata`, which unifies features over the whole workspace, this is what the member's
/// own build sees (the UI depends on the engine without its Burn-backed `train` feature).
pub fn package_dependencies(
    workspace: &Path,
    package: &str,
    platform: &str,
) -> Result<BTreeSet<String>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["tree", "-p", package, "--target", platform, "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(workspace)
        .output()
        .map_err(|error| format!("running cargo tree: {error}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect())
}

/// Burn crates among the UI's dependencies: each one would make the first paint wait.
pub fn burn_in_ui(ui_dependencies: &BTreeSet<String>) -> Vec<String> {
    ui_dependencies
        .iter()
        .filter(|name| *name == "burn" || name.starts_with("burn-") || name.starts_with("cubecl"))
        .map(|name| format!("the UI wasm links Burn: {APP} → … → {name}"))
        .collect()
}
