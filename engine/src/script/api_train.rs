//! Experiments from a script: `experiment(name)` gives a spec as a map to change,
//! `points(spec)` its toy data, `train(spec)` trains it on the CPU, reporting progress as
//! it goes and returning the last losses, and `playground(spec)` offers it to the page's
//! playground.

use super::api::{Fallible, Outputs, failure};
use super::output::ScriptOutput;
use super::run::stopped;
use crate::data::toy::ToyData;
use crate::spec::{DataSpec, ExperimentSpec, ToyDataset};
use crate::train::{Session, cpu_device, in_portable_order};
use rhai::serde::to_dynamic;
use rhai::{Dynamic, Engine, Map};
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub fn register(engine: &mut Engine, outputs: Rc<Outputs>) {
    engine.register_fn("experiment", |dataset: &str| -> Fallible<Dynamic> {
        let dataset: ToyDataset =
            serde_json::from_value(serde_json::json!(dataset)).or_else(|_| {
                failure(format!(
                    "no data set “{dataset}”: circle, xor, gauss, spiral, plane or multi-gauss"
                ))
            })?;
        to_dynamic(ExperimentSpec::toy(dataset))
    });
    engine.register_fn("points", |spec: Map| -> Fallible<Map> {
        let spec = spec_from(spec)?;
        let DataSpec::Toy(toy) = &spec.data else {
            return failure("points() needs an experiment on a toy data set");
        };
        let data = ToyData::load(toy).or_else(|error| failure(error.to_string()))?;
        let points = &data.train_points;
        let column = |pick: fn(&[f32; 2]) -> f32| -> Dynamic {
            let values = points.coordinates.iter().map(|point| pick(point) as f64);
            values
                .map(Dynamic::from_float)
                .collect::<rhai::Array>()
                .into()
        };
        let mut map = Map::new();
        map.insert("x1".into(), column(|point| point[0]));
        map.insert("x2".into(), column(|point| point[1]));
        let labels = points
            .targets
            .iter()
            .map(|&t| Dynamic::from_float(t as f64));
        map.insert("label".into(), labels.collect::<rhai::Array>().into());
        Ok(map)
    });
    let seeded = Rc::clone(&outputs);
    engine.register_fn("playground", move |spec: Map| -> Fallible<()> {
        let spec = serde_json::to_value(spec_from(spec)?)
            .or_else(|error| failure(format!("not an experiment: {error}")))?;
        seeded.emit(ScriptOutput::Playground { spec });
        Ok(())
    });
    engine.register_fn("train", move |spec: Map| train(&outputs, spec));
}

/// A spec from a script's map, checked as any spec is.
fn spec_from(map: Map) -> Fallible<ExperimentSpec> {
    // Through JSON, so that a mistake names its field (`steps`, `model.layers[0]`…) and a
    // whole number is taken where a fraction is expected.
    let json = serde_json::to_value(Dynamic::from(map))
        .or_else(|error| failure(format!("not an experiment: {error}")))?;
    let spec: ExperimentSpec = serde_path_to_error::deserialize(json).or_else(|error| {
        failure(format!(
            "not an experiment: `{}`: {}",
            error.path(),
            error.inner()
        ))
    })?;
    spec.validate()
        .or_else(|error| failure(format!("the experiment is not valid: {error}")))?;
    Ok(spec)
}

/// Trains `spec` to its `steps`, one evaluation at a time, on the CPU, with every sum in the
/// same order in the browser and natively (so a script prints the same digits in both).
fn train(outputs: &Outputs, spec: Map) -> Fallible<Map> {
    in_portable_order(|| train_spec(outputs, spec))
}

fn train_spec(outputs: &Outputs, spec: Map) -> Fallible<Map> {
    let spec = spec_from(spec)?;
    if spec.steps > outputs.max_training_steps {
        return failure(format!(
            "{} steps; a script may train at most {} at a time",
            spec.steps, outputs.max_training_steps
        ));
    }
    let mut session =
        Session::new(&spec, cpu_device()).or_else(|error| failure(error.to_string()))?;
    let mut last = None;
    while session.steps_done() < spec.steps {
        if outputs.should_stop() {
            return stopped();
        }
        let chunk = spec.eval_every.min(spec.steps - session.steps_done()) as u32;
        let snapshot = ready(session.step(chunk)).or_else(|error| failure(error.to_string()))?;
        outputs.emit(ScriptOutput::Progress {
            snapshot: snapshot.clone(),
        });
        last = Some(snapshot);
    }
    let mut result = Map::new();
    if let Some(snapshot) = last {
        // No timings: a script's results are the same on every machine.
        result.insert("step".into(), Dynamic::from_int(snapshot.step as i64));
        result.insert(
            "epoch".into(),
            Dynamic::from_float(f64::from(snapshot.epoch)),
        );
        result.insert(
            "train_loss".into(),
            Dynamic::from_float(f64::from(snapshot.train_loss)),
        );
        let optional =
            |value: Option<f32>| value.map_or(Dynamic::UNIT, |v| Dynamic::from_float(f64::from(v)));
        result.insert("test_loss".into(), optional(snapshot.test_loss));
        result.insert("accuracy".into(), optional(snapshot.accuracy));
    }
    Ok(result)
}

/// The value of a future that needs no waiting: the CPU device's reads are ready at once.
/// (Anything that would wait, such as a GPU read in the browser, is refused, not blocked on.)
fn ready<T>(future: impl Future<Output = Result<T, crate::EngineError>>) -> Fallible<T> {
    let mut context = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut context) {
        Poll::Ready(result) => result.or_else(|error| failure(error.to_string())),
        Poll::Pending => failure("training from a script runs on the CPU only"),
    }
}
