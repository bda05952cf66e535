//! The workspace keeps its dependency direction (app → engine ← native) on every platform.

use ml_intro_tests::{
    APP, DependencyGraph, ENGINE, NATIVE, burn_in_ui, package_dependencies, violations,
    workspace_graph,
};
use std::path::Path;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn the_workspace_keeps_its_dependency_rules_natively_and_in_wasm() {
    for platform in ["x86_64-unknown-linux-gnu", "wasm32-unknown-unknown"] {
        let graph = workspace_graph(workspace(), platform).unwrap();
        assert!(
            graph.contains_key(ENGINE) && graph.contains_key(APP) && graph.contains_key(NATIVE)
        );
        let broken = violations(&graph);
        assert!(broken.is_empty(), "on {platform}:\n{}", broken.join("\n"));
    }
}

fn real_graph() -> DependencyGraph {
    workspace_graph(workspace(), "x86_64-unknown-linux-gnu").unwrap()
}

#[test]
fn tokio_in_the_engine_is_caught_with_its_path() {
    let mut graph = real_graph();
    graph.get_mut(ENGINE).unwrap().insert("tokio".into());
    let broken = violations(&graph);
    assert!(
        broken
            .iter()
            .any(|line| line.contains("ml-intro-engine → tokio")),
        "{broken:?}"
    );
}

#[test]
fn a_platform_crate_reached_through_another_dependency_is_caught() {
    let mut graph = real_graph();
    graph.get_mut("serde").unwrap().insert("leptos".into());
    let broken = violations(&graph);
    assert!(
        broken.iter().any(|line| line.contains("→ serde → leptos")),
        "{broken:?}"
    );
}

#[test]
fn app_and_native_depending_on_each_other_is_caught() {
    let mut graph = real_graph();
    graph.get_mut(NATIVE).unwrap().insert(APP.into());
    graph.get_mut(APP).unwrap().insert(NATIVE.into());
    let broken = violations(&graph);
    assert!(
        broken
            .iter()
            .any(|line| line.starts_with("native depends on app"))
    );
    assert!(
        broken
            .iter()
            .any(|line| line.starts_with("app depends on native"))
    );
}

const WASM: &str = "wasm32-unknown-unknown";

#[test]
fn the_ui_wasm_never_links_burn_but_the_worker_does() {
    let ui = package_dependencies(workspace(), APP, WASM).unwrap();
    assert!(ui.contains("leptos") && ui.contains(ENGINE), "{ui:?}");
    assert_eq!(burn_in_ui(&ui), Vec::<String>::new());

    let worker = package_dependencies(workspace(), "ml-intro-worker", WASM).unwrap();
    assert!(
        !burn_in_ui(&worker).is_empty(),
        "the check would not see Burn: {worker:?}"
    );
}
