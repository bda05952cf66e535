//! `ml-intro train`: one experiment on this machine's best device, with a progress bar, a
//! metrics file, checkpoints and a JSON summary line at the end.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use ml_intro_engine::spec::{Activation, DataSpec, Layer, ModelSpec, ToyDataset};
use ml_intro_engine::train::{Checkpoint, Session, pick_device};
use ml_intro_engine::{DeviceChoice, ExperimentSpec, Snapshot};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The batch size of runs described by flags, when `--batch-size` is not given.
const FLAGS_BATCH_SIZE: usize = 32;

#[derive(Args)]
pub struct TrainArgs {
    /// An experiment spec file, JSON or TOML (instead of the flags below).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dataset", "layers", "activation", "lr", "batch_size", "noise"])]
    experiment: Option<PathBuf>,
    /// A toy data set (TensorFlow Playground's) or the shipped 8×8 digits.
    #[arg(long, value_enum)]
    dataset: Option<DatasetArg>,
    /// Hidden layer widths, e.g. 8,8.
    #[arg(long, value_delimiter = ',')]
    layers: Option<Vec<usize>>,
    /// Activation of every hidden layer.
    #[arg(long, value_enum)]
    activation: Option<ActivationArg>,
    /// Learning rate (Adam).
    #[arg(long)]
    lr: Option<f64>,
    /// Examples per step [default: 32; with TensorFlow Playground's 10 the spiral needs more
    /// than 3,000 steps to reach 90 %].
    #[arg(long)]
    batch_size: Option<usize>,
    /// Label noise of a toy set, 0 to 0.5.
    #[arg(long)]
    noise: Option<f32>,
    /// Optimizer steps (overrides the file's).
    #[arg(long)]
    steps: Option<u64>,
    /// Seed of data, weights and batch order (overrides the file's).
    #[arg(long)]
    seed: Option<u64>,
    /// Where to train: auto picks CUDA, then a hardware Vulkan/Metal GPU, then the CPU.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    /// Append one JSON line per evaluation to FILE.
    #[arg(long, value_name = "FILE")]
    metrics_out: Option<PathBuf>,
    /// Save checkpoints into DIR.
    #[arg(long, value_name = "DIR")]
    checkpoint_dir: Option<PathBuf>,
    /// Steps between checkpoints.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    checkpoint_every: u64,
    /// Continue from the newest checkpoint in --checkpoint-dir, if there is one.
    #[arg(long, requires = "checkpoint_dir")]
    resume: bool,
    /// At the end, save the trained network as a model file (safetensors with its spec) that
    /// `ml-intro runner --model` serves. MLPs on the toy data sets.
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DatasetArg {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Plane,
    MultiGauss,
    Digits,
}

#[derive(Clone, Copy, ValueEnum)]
enum ActivationArg {
    Relu,
    Tanh,
    Sigmoid,
    Linear,
    Gelu,
}

pub fn run(args: TrainArgs) -> Result<()> {
    let spec = experiment(&args)?;
    spec.validate().context("the experiment is not valid")?;
    if args.export.is_some() {
        // Before training, so an unexportable model costs no time.
        ml_intro_engine::mlops::model_file::layer_shapes(&spec).context("--export")?;
    }
    let (device, info) =
        pollster::block_on(pick_device(args.device)).context("choosing the device")?;
    eprintln!("training on {info}");
    if let Some(reason) = &info.fallback_reason {
        eprintln!("  (not a GPU: {reason})");
    }
    let checkpoints = args.checkpoint_dir.as_deref().filter(|_| args.resume);
    let mut session = resume_or_new(&spec, device, checkpoints)?;
    let mut metrics = open_metrics(args.metrics_out.as_deref(), session.steps_done())?;
    let progress = ProgressBar::new(spec.steps).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} steps · {msg} · eta {eta}")
            .context("progress bar template")?,
    );
    progress.set_position(session.steps_done());
    let started = Instant::now();
    let mut last: Option<Snapshot> = None;
    while session.steps_done() < spec.steps {
        let done = session.steps_done();
        let checkpoint_every = args
            .checkpoint_dir
            .is_some()
            .then_some(args.checkpoint_every);
        let chunk = next_chunk(&spec, done, checkpoint_every);
        let snapshot = pollster::block_on(session.step(chunk as u32))
            .with_context(|| format!("training stopped after step {}", session.steps_done()))?;
        progress.set_position(snapshot.step);
        progress.set_message(format!(
            "loss {:.4} · {:.0} steps/s",
            snapshot.train_loss, snapshot.steps_per_sec
        ));
        if let Some(file) = metrics.as_mut() {
            writeln!(file, "{}", serde_json::to_string(&snapshot)?)
                .context("writing the metrics file")?;
        }
        if let Some(dir) = &args.checkpoint_dir
            && (snapshot.step % args.checkpoint_every == 0 || snapshot.step == spec.steps)
        {
            session
                .checkpoint()?
                .write(dir)
                .context("saving a checkpoint")?;
        }
        last = Some(snapshot);
    }
    progress.finish_and_clear();
    if let Some(path) = &args.export {
        let model = pollster::block_on(session.export()).context("exporting the model")?;
        fs::write(path, model.to_safetensors())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("saved the model to {}", path.display());
    }
    let summary = serde_json::json!({
        "steps": session.steps_done(),
        "train_loss": last.as_ref().map(|s| s.train_loss),
        "test_loss": last.as_ref().and_then(|s| s.test_loss),
        "accuracy": last.as_ref().and_then(|s| s.accuracy),
        "device": info.to_string(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{summary}");
    Ok(())
}

/// The spec from `--experiment` or from the flags (over the toy defaults).
fn experiment(args: &TrainArgs) -> Result<ExperimentSpec> {
    let mut spec = match &args.experiment {
        Some(path) => {
            let text =
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let parsed = if path.extension().is_some_and(|ext| ext == "toml") {
                ExperimentSpec::from_toml(&text)
            } else {
                ExperimentSpec::from_json(&text)
            };
            parsed.with_context(|| format!("reading the experiment in {}", path.display()))?
        }
        None => from_flags(args),
    };
    if let Some(steps) = args.steps {
        spec.steps = steps;
    }
    if let Some(seed) = args.seed {
        spec.seed = seed;
        match &mut spec.data {
            DataSpec::Toy(toy) => toy.seed = seed,
            DataSpec::Digits {
                seed: data_seed, ..
            } => *data_seed = seed,
            _ => {}
        }
    }
    Ok(spec)
}

fn from_flags(args: &TrainArgs) -> ExperimentSpec {
    let dataset = args.dataset.unwrap_or(DatasetArg::Spiral);
    let toy = match dataset {
        DatasetArg::Circle => ToyDataset::Circle,
        DatasetArg::Xor => ToyDataset::Xor,
        DatasetArg::Gauss => ToyDataset::Gauss,
        DatasetArg::Spiral | DatasetArg::Digits => ToyDataset::Spiral,
        DatasetArg::Plane => ToyDataset::Plane,
        DatasetArg::MultiGauss => ToyDataset::MultiGauss,
    };
    let mut spec = ExperimentSpec::toy(toy);
    if matches!(dataset, DatasetArg::Digits) {
        spec.data = DataSpec::Digits {
            train_share: 0.8,
            seed: spec.seed,
        };
    }
    if let DataSpec::Toy(data) = &mut spec.data
        && let Some(noise) = args.noise
    {
        data.noise = noise;
    }
    let activation = match args.activation.unwrap_or(ActivationArg::Tanh) {
        ActivationArg::Relu => Activation::Relu,
        ActivationArg::Tanh => Activation::Tanh,
        ActivationArg::Sigmoid => Activation::Sigmoid,
        ActivationArg::Linear => Activation::Linear,
        ActivationArg::Gelu => Activation::Gelu,
    };
    let widths = args.layers.clone().unwrap_or_else(|| vec![8, 8]);
    spec.model = ModelSpec::Mlp {
        layers: widths
            .into_iter()
            .map(|width| Layer::new(width, activation))
            .collect(),
        dropout: 0.0,
        batch_norm: false,
    };
    if let Some(lr) = args.lr {
        spec.optimizer.learning_rate = lr;
    }
    spec.batch_size = args.batch_size.unwrap_or(FLAGS_BATCH_SIZE);
    spec
}

/// Steps to run before the next report: up to the next evaluation, the end, or (when
/// checkpointing every `checkpoint_every` steps) the next checkpoint.
pub fn next_chunk(spec: &ExperimentSpec, done: u64, checkpoint_every: Option<u64>) -> u64 {
    let chunk = spec.eval_every.min(spec.steps - done);
    match checkpoint_every {
        Some(every) => chunk.min(every - done % every),
        None => chunk,
    }
}

/// The newest checkpoint's session from `checkpoints` if given and there is one, else a
/// fresh session.
pub fn resume_or_new(
    spec: &ExperimentSpec,
    device: ml_intro_engine::train::Device,
    checkpoints: Option<&Path>,
) -> Result<Session> {
    if let Some(dir) = checkpoints {
        match Checkpoint::read_latest(dir).context("reading the checkpoint")? {
            Some(checkpoint) => {
                if checkpoint.spec != *spec {
                    bail!(
                        "the checkpoint in {} is for a different experiment; use the same flags or another --checkpoint-dir",
                        dir.display()
                    );
                }
                eprintln!("resuming from step {} ({})", checkpoint.step, dir.display());
                return Ok(Session::resume(checkpoint, device)?);
            }
            None => eprintln!("no checkpoint in {} yet: starting at step 0", dir.display()),
        }
    }
    Ok(Session::new(spec, device)?)
}

/// Opens the metrics file for appending, first dropping lines past `resumed_step` (written
/// after the checkpoint a resumed run starts from), so every step appears once.
fn open_metrics(path: Option<&Path>, resumed_step: u64) -> Result<Option<fs::File>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let kept: String = match fs::read_to_string(path) {
        Ok(text) if resumed_step > 0 => text
            .lines()
            .filter(|line| {
                serde_json::from_str::<Snapshot>(line)
                    .is_ok_and(|snapshot| snapshot.step <= resumed_step)
            })
            .map(|line| format!("{line}\n"))
            .collect(),
        _ => String::new(),
    };
    fs::write(path, kept).with_context(|| format!("writing {}", path.display()))?;
    let file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    Ok(Some(file))
}
