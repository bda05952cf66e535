//! `ml-intro train` as a user runs it: flags or a spec file in, a progress bar on stderr,
//! metrics and checkpoints on disk, one JSON summary line on stdout.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ml_intro(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(args)
        .output()
        .expect("ml-intro runs")
}

/// The JSON summary: the last line of stdout.
fn summary(output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|error| panic!("summary {line:?}: {error}"))
}

fn metrics_steps(path: &Path) -> Vec<u64> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["step"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

#[test]
fn spiral_from_flags_reaches_ninety_percent_and_writes_its_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("metrics.jsonl");
    let output = ml_intro(&[
        "train",
        "--dataset",
        "spiral",
        "--layers",
        "8,8",
        "--steps",
        "3000",
        "--seed",
        "1",
        "--device",
        "cpu",
        "--metrics-out",
        metrics.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = summary(&output);
    assert_eq!(summary["steps"], 3_000);
    let accuracy = summary["accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.9, "test accuracy {accuracy}");
    for field in ["train_loss", "test_loss", "device", "seconds"] {
        assert!(
            !summary[field].is_null(),
            "summary lacks {field}: {summary}"
        );
    }
    assert!(summary["device"].as_str().unwrap().starts_with("CPU"));
    let steps = metrics_steps(&metrics);
    assert_eq!(steps.len(), 30);
    assert_eq!(steps.last(), Some(&3_000));
}

/// The newest complete checkpoint's step in `dir` (0 when there is none).
fn newest_checkpoint(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().join("COMPLETE").exists())
                .filter_map(|entry| {
                    entry
                        .file_name()
                        .to_str()?
                        .strip_prefix("step-")?
                        .parse()
                        .ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

/// Starts `ml-intro` and SIGKILLs it once its newest checkpoint passes `step`.
fn kill_after_checkpoint(args: &[&str], dir: &Path, step: u64) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while newest_checkpoint(dir) <= step {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no checkpoint after {step}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut child = child;
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait_with_output().unwrap()
}

#[test]
fn a_run_killed_with_sigkill_resumes_from_its_last_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let checkpoints = dir.path().join("checkpoints");
    let metrics = dir.path().join("metrics.jsonl");
    let args = [
        "train",
        "--dataset",
        "spiral",
        "--layers",
        "32,32",
        "--steps",
        "1000000",
        "--seed",
        "3",
        "--device",
        "cpu",
        "--checkpoint-every",
        "500",
        "--checkpoint-dir",
        checkpoints.to_str().unwrap(),
        "--metrics-out",
        metrics.to_str().unwrap(),
    ];
    kill_after_checkpoint(&args, &checkpoints, 500);
    let kept = newest_checkpoint(&checkpoints);
    let written = *metrics_steps(&metrics).last().unwrap();
    assert!(
        written - kept < 500,
        "metrics reached {written}, checkpoint {kept}"
    );

    // Resuming with other settings is another experiment: refused, the checkpoint kept.
    let mut other = args.to_vec();
    other[8] = "4";
    let output = ml_intro(&[&other[..], &["--resume"]].concat());
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("different experiment"));

    let resumed_args = [&args[..], &["--resume"]].concat();
    let output = kill_after_checkpoint(&resumed_args, &checkpoints, kept);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("resuming from step {kept} ")),
        "{stderr}"
    );
    let steps = metrics_steps(&metrics);
    assert!(
        steps.windows(2).all(|pair| pair[0] < pair[1]),
        "metrics repeat steps: {steps:?}"
    );
    assert!(*steps.last().unwrap() > kept);
}

#[test]
fn bad_input_is_refused_with_a_message_that_says_where() {
    let output = ml_intro(&["train", "--layers", "8,0", "--steps", "10"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("model.layers[1].width") && stderr.contains("1 to 1024"),
        "{stderr}"
    );

    let output = ml_intro(&["train", "--experiment", "/no/such/spec.toml"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/spec.toml"));

    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.toml");
    std::fs::write(&spec, "version = 2\nbatch_size = \"ten\"\n").unwrap();
    let output = ml_intro(&["train", "--experiment", spec.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");

    let output = ml_intro(&["train", "--device", "tpu"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("auto, cpu, vulkan, cuda"));

    let checkpoints = dir.path().join("checkpoints");
    let output = ml_intro(&[
        "train",
        "--checkpoint-dir",
        checkpoints.to_str().unwrap(),
        "--checkpoint-every",
        "0",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--checkpoint-every") && stderr.contains("0 is not in 1.."),
        "{stderr}"
    );
}

#[test]
fn a_toml_experiment_file_trains() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("circle.toml");
    std::fs::write(
        &spec,
        r#"
version = 2
batch_size = 10
steps = 500
eval_every = 250

[data]
source = "toy"
dataset = "circle"
samples = 300

[model]
kind = "mlp"
layers = [{ width = 6, activation = "relu" }]

[optimizer]
kind = "adam"
learning_rate = 0.03
"#,
    )
    .unwrap();
    let output = ml_intro(&[
        "train",
        "--experiment",
        spec.to_str().unwrap(),
        "--device",
        "cpu",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(summary(&output)["steps"], 500);
}
