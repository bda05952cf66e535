//! `ml-intro script`: a course script runs natively, shows its outputs, and a failing one
//! says file, line and column.

use std::process::{Command, Output};

fn ml_intro(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(args)
        .output()
        .expect("ml-intro runs")
}

#[test]
fn a_script_prints_plots_and_trains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xor.rhai");
    std::fs::write(
        &path,
        r#"
let e = experiment("xor");
e.steps = 400;
e.eval_every = 200;
let r = train(e);
print(`trained ${r.step} steps`);
plot([1, 2, 3]);
"#,
    )
    .unwrap();
    let output = ml_intro(&["script", path.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "trained 400 steps\n"
    );

    let output = ml_intro(&["script", "--json", path.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let kinds: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["type"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(kinds, ["progress", "progress", "text", "plot"]);
}

#[test]
fn a_failing_script_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.rhai");
    std::fs::write(&path, "print(1);\nlet x = (1 + ;\n").unwrap();
    let output = ml_intro(&["script", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.rhai:2:14"), "{stderr}");

    std::fs::write(&path, "loop {}").unwrap();
    let output = ml_intro(&["script", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("too many operations"), "{stderr}");

    // A long training run stops at the time limit, between two evaluations.
    let long = "let e = experiment(\"spiral\"); e.steps = 1000000; e.eval_every = 1000; train(e);";
    std::fs::write(&path, long).unwrap();
    let started = std::time::Instant::now();
    let output = ml_intro(&["script", "--time-limit", "1", path.to_str().unwrap()]);
    let seconds = started.elapsed().as_secs_f32();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stopped") && seconds < 3.0,
        "{seconds} s: {stderr}"
    );
}
