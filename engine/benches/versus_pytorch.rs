//! The engine against PyTorch on the CPU, side by side in one run: (a) TensorFlow
//! Playground's network 2→8→8→1 tanh, batch 10, SGD; (b) an MLP 784→256→128→10 ReLU, batch
//! 128, Adam; (c) the digits CNN, batch 32, Adam. Same data files, same batch sizes,
//! optimizers and evaluation cadence, f32, warm-up excluded, same thread count.
//!
//! Prints steps/s for both and the ratio engine step time / PyTorch step time with its target.
//! PyTorch comes from `ML_INTRO_PYTHON` (default `python3`); `make bench` installs it.

use ml_intro_engine::data::toy::ToyData;
use ml_intro_engine::spec::{Activation, DataSpec, Layer, ModelSpec, OptimizerKind, OptimizerSpec};
use ml_intro_engine::train::{Session, cpu_device};
use ml_intro_engine::{ExperimentSpec, ToyDataset};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const EVAL_EVERY: u64 = 100;

struct Case {
    name: &'static str,
    description: &'static str,
    spec: ExperimentSpec,
    steps: u64,
    warmup: u32,
    target_ratio: f64,
    /// Whether this run measures the case (`ML_INTRO_BENCH_CASES`).
    selected: bool,
}

fn main() {
    let data_dir = tempfile::tempdir().expect("a temporary directory");
    // `ML_INTRO_BENCH_CASES=bc` runs only those cases (for profiling one of them).
    let only = std::env::var("ML_INTRO_BENCH_CASES").unwrap_or_default();
    let cases: Vec<Case> = cases(data_dir.path())
        .into_iter()
        .map(|mut case| {
            case.selected = only.is_empty() || only.contains(case.name);
            case
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // Shared machines are noisy (PyTorch's speed here varies by up to 1.7× between runs):
    // both sides run `ROUNDS` times, alternating, and each reports its median.
    let rounds: usize = std::env::var("ML_INTRO_BENCH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(3);
    println!(
        "machine: {} · {threads} threads for both · median of {rounds} alternating rounds",
        cpu_model()
    );

    let mut engine_rounds = Vec::new();
    let mut pytorch_rounds = Vec::new();
    for _ in 0..rounds {
        engine_rounds.push(
            cases
                .iter()
                .map(|case| case.selected.then(|| engine_steps_per_sec(case)))
                .collect::<Vec<_>>(),
        );
        pytorch_rounds.push(pytorch_steps_per_sec(&cases, data_dir.path(), threads));
    }
    let engine = medians(&engine_rounds, cases.len());
    let pytorch = medians(&pytorch_rounds, cases.len());

    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<3} {:<44} {:>14} {:>14} {:>8} {:>8}  verdict",
        "", "case", "engine step/s", "PyTorch step/s", "ratio", "target"
    );
    for ((case, engine), pytorch) in cases.iter().zip(&engine).zip(&pytorch) {
        let Some(engine) = engine else { continue };
        let (pytorch_text, ratio_text, verdict) = match pytorch {
            Some(pytorch) => {
                // Engine step time over PyTorch step time.
                let ratio = pytorch / engine;
                let verdict = if ratio <= case.target_ratio {
                    "meets target"
                } else {
                    "MISSES target"
                };
                (format!("{pytorch:.0}"), format!("{ratio:.2}"), verdict)
            }
            None => ("-".into(), "-".into(), "no PyTorch"),
        };
        let _ = writeln!(
            table,
            "({}) {:<44} {:>14.0} {:>14} {:>8} {:>8.1}  {verdict}",
            case.name, case.description, engine, pytorch_text, ratio_text, case.target_ratio
        );
    }
    print!("{table}");
}

/// PyTorch's steps/s per case (`None` where it did not run), from one run of the reference.
fn pytorch_steps_per_sec(cases: &[Case], data_dir: &Path, threads: usize) -> Vec<Option<f64>> {
    let python = std::env::var("ML_INTRO_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pytorch_reference.py");
    // The reference takes every case's step count; 0 skips a case.
    let steps = cases.iter().map(|case| match case.selected {
        true => case.steps.to_string(),
        false => "0".into(),
    });
    let output = Command::new(&python)
        .arg(&script)
        .arg(data_dir)
        .args(steps)
        .arg(EVAL_EVERY.to_string())
        .arg(threads.to_string())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8_lossy(&output.stdout);
            cases
                .iter()
                .map(|case| {
                    text.lines()
                        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                        .find(|value| value["case"] == case.name)
                        .and_then(|value| value["steps_per_sec"].as_f64())
                })
                .collect()
        }
        Ok(output) => {
            eprintln!(
                "PyTorch reference failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            vec![None; cases.len()]
        }
        Err(error) => {
            eprintln!("cannot run {python}: {error} (run `make bench` to install PyTorch)");
            vec![None; cases.len()]
        }
    }
}

/// Each case's median over rounds, `None` where no round measured it.
fn medians(rounds: &[Vec<Option<f64>>], cases: usize) -> Vec<Option<f64>> {
    (0..cases)
        .map(|case| {
            let mut values: Vec<f64> = rounds.iter().filter_map(|round| round[case]).collect();
            values.sort_by(f64::total_cmp);
            values.get(values.len() / 2).copied()
        })
        .collect()
}

/// Trains a case's warm-up, then times its steps in evaluation-sized chunks.
fn engine_steps_per_sec(case: &Case) -> f64 {
    let mut session = Session::new(&case.spec, cpu_device()).expect("a valid benchmark spec");
    pollster::block_on(session.step(case.warmup)).expect("warm-up");
    let started = Instant::now();
    let mut done = 0;
    while done < case.steps {
        let chunk = EVAL_EVERY.min(case.steps - done);
        pollster::block_on(session.step(chunk as u32)).expect("training");
        done += chunk;
    }
    case.steps as f64 / started.elapsed().as_secs_f64()
}

fn cases(data_dir: &Path) -> Vec<Case> {
    // (a): the playground's spiral, written out for PyTorch with the features the engine sees.
    let mut playground = ExperimentSpec::toy(ToyDataset::Spiral);
    playground.optimizer = OptimizerSpec {
        kind: OptimizerKind::Sgd,
        ..OptimizerSpec::adam(0.03)
    };
    playground.eval_every = EVAL_EVERY;
    let DataSpec::Toy(toy) = &playground.data else {
        unreachable!("a toy spec")
    };
    let toy = ToyData::generate(toy);
    let mut csv = String::from("x1,x2,label\n");
    for examples in [&toy.train, &toy.test] {
        for index in 0..examples.len() {
            let row = examples.row(index);
            let _ = writeln!(csv, "{},{},{}", row[0], row[1], examples.targets[index]);
        }
    }
    std::fs::write(data_dir.join("playground.csv"), csv).expect("writing playground.csv");

    // (b): 1,024 random 784-pixel rows with 10 classes.
    let wide = data_dir.join("wide.csv");
    let mut csv: String = (0..784).map(|i| format!("p{i},")).collect();
    csv.push_str("label\n");
    let mut state = 12_345u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 40) as f32 / (1u64 << 24) as f32
    };
    for _ in 0..1024 {
        for _ in 0..784 {
            let _ = write!(csv, "{:.3},", next());
        }
        let _ = writeln!(csv, "{}", (next() * 10.0) as u32 % 10);
    }
    std::fs::write(&wide, csv).expect("writing wide.csv");
    let mut wide_spec = ExperimentSpec::toy(ToyDataset::Xor);
    wide_spec.data = DataSpec::Table {
        path: wide.display().to_string(),
        label_column: None,
        task: Default::default(),
        train_share: 0.9,
        seed: 1,
    };
    wide_spec.model = ModelSpec::Mlp {
        layers: vec![
            Layer::new(256, Activation::Relu),
            Layer::new(128, Activation::Relu),
        ],
        dropout: 0.0,
        batch_norm: false,
    };
    wide_spec.optimizer = OptimizerSpec::adam(0.001);
    wide_spec.batch_size = 128;

    // (c): the shipped digits, with the CNN.
    std::fs::write(
        data_dir.join("digits.csv.gz"),
        ml_intro_engine::data::digits::DIGITS_CSV_GZ,
    )
    .expect("writing digits");
    let mut cnn = ExperimentSpec::toy(ToyDataset::Xor);
    cnn.data = DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    };
    cnn.model = ModelSpec::Cnn {
        channels: [16, 32],
        hidden: 64,
        dropout: 0.1,
    };
    cnn.optimizer = OptimizerSpec::adam(0.001);
    cnn.batch_size = 32;

    vec![
        Case {
            name: "a",
            description: "playground 2→8→8→1 tanh, batch 10, SGD",
            spec: playground,
            steps: 20_000,
            warmup: 200,
            target_ratio: 1.0,
            selected: true,
        },
        Case {
            name: "b",
            description: "MLP 784→256→128→10 ReLU, batch 128, Adam",
            spec: wide_spec,
            steps: 300,
            warmup: 20,
            target_ratio: 1.0,
            selected: true,
        },
        Case {
            name: "c",
            description: "digits CNN 16/32 ch, batch 32, Adam",
            spec: cnn,
            steps: 500,
            warmup: 20,
            target_ratio: 1.5,
            selected: true,
        },
    ]
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
