//! The functions a script calls to show things and to do small sums on arrays; training is in
//! `api_train.rs`. Every function checks its arguments and fails with a message that names
//! the argument, so the error mark lands on the call.

use super::output::{PlotKind, ScriptOutput};
use super::run::{Limits, ScriptHost};
use rhai::{Array, Dynamic, Engine, EvalAltResult, FLOAT, INT, Map};
use std::cell::Cell;
use std::rc::Rc;

pub type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// The script's outputs on their way to the host, counted against the limit.
pub struct Outputs {
    host: Rc<dyn ScriptHost>,
    count: Cell<usize>,
    max: usize,
    pub max_training_steps: u64,
}

impl Outputs {
    pub fn new(host: Rc<dyn ScriptHost>, limits: &Limits) -> Rc<Self> {
        Rc::new(Self {
            host,
            count: Cell::new(0),
            max: limits.max_outputs,
            max_training_steps: limits.max_training_steps,
        })
    }

    /// Passes an output on, unless the script has used up its outputs (it is then stopped
    /// at its next operation, see [`Self::over_budget`]).
    pub fn emit(&self, output: ScriptOutput) {
        let count = self.count.get() + 1;
        self.count.set(count);
        if count <= self.max {
            self.host.emit(output);
        }
    }

    pub fn text(&self, text: &str) {
        self.emit(ScriptOutput::Text { text: text.into() });
    }

    pub fn over_budget(&self) -> bool {
        self.count.get() > self.max
    }

    pub fn budget_message(&self) -> String {
        format!("more than {} outputs", self.max)
    }

    pub fn should_stop(&self) -> bool {
        self.host.should_stop()
    }
}

pub fn failure<T>(message: impl Into<String>) -> Fallible<T> {
    Err(message.into().into())
}

/// The numbers in `array`, or which element is not one.
pub fn numbers(array: &Array, name: &str) -> Fallible<Vec<f64>> {
    array
        .iter()
        .enumerate()
        .map(|(index, value)| number(value).ok_or(index))
        .collect::<Result<_, _>>()
        .or_else(|index| {
            let found = array[index].type_name();
            failure(format!(
                "element {index} of {name} is {found}, not a number"
            ))
        })
}

fn number(value: &Dynamic) -> Option<f64> {
    value
        .as_float()
        .ok()
        .or_else(|| value.as_int().ok().map(|int| int as FLOAT))
}

/// The rows of a matrix given as an array of equally long arrays of numbers.
fn matrix(array: &Array, name: &str) -> Fallible<Vec<Vec<f64>>> {
    let rows = array
        .iter()
        .enumerate()
        .map(|(index, row)| match row.clone().try_cast::<Array>() {
            Some(row) => numbers(&row, &format!("row {index} of {name}")),
            None => failure(format!("row {index} of {name} is not an array")),
        })
        .collect::<Fallible<Vec<_>>>()?;
    if let Some(width) = rows.first().map(Vec::len)
        && let Some(index) = rows.iter().position(|row| row.len() != width)
    {
        return failure(format!(
            "row {index} of {name} has {} numbers, row 0 has {width}",
            rows[index].len()
        ));
    }
    Ok(rows)
}

fn to_array(values: impl IntoIterator<Item = f64>) -> Array {
    values.into_iter().map(Dynamic::from_float).collect()
}

fn to_matrix(rows: Vec<Vec<f64>>) -> Array {
    rows.into_iter().map(|row| to_array(row).into()).collect()
}

pub fn register(engine: &mut Engine, outputs: Rc<Outputs>) {
    register_outputs(engine, &outputs);
    register_math(engine);
    super::portable::register(engine);
    refuse_sleep(engine);
    super::api_train::register(engine, outputs);
}

fn register_outputs(engine: &mut Engine, outputs: &Rc<Outputs>) {
    let out = Rc::clone(outputs);
    let plot = move |kind, x: Vec<f64>, y: Vec<f64>, labels: Vec<f64>| -> Fallible<()> {
        if x.len() != y.len() || (!labels.is_empty() && labels.len() != x.len()) {
            return failure(format!(
                "x has {} numbers, y {}{}: they must match",
                x.len(),
                y.len(),
                if labels.is_empty() {
                    String::new()
                } else {
                    format!(", labels {}", labels.len())
                }
            ));
        }
        out.emit(ScriptOutput::Plot { kind, x, y, labels });
        Ok(())
    };
    let line = plot.clone();
    engine.register_fn("plot", move |ys: Array| {
        let y = numbers(&ys, "y")?;
        line(
            PlotKind::Line,
            (0..y.len()).map(|i| i as f64).collect(),
            y,
            Vec::new(),
        )
    });
    let line = plot.clone();
    engine.register_fn("plot", move |xs: Array, ys: Array| {
        line(
            PlotKind::Line,
            numbers(&xs, "x")?,
            numbers(&ys, "y")?,
            Vec::new(),
        )
    });
    let scatter = plot.clone();
    engine.register_fn("scatter", move |xs: Array, ys: Array| {
        scatter(
            PlotKind::Scatter,
            numbers(&xs, "x")?,
            numbers(&ys, "y")?,
            Vec::new(),
        )
    });
    engine.register_fn("scatter", move |xs: Array, ys: Array, labels: Array| {
        let labels = numbers(&labels, "labels")?;
        plot(
            PlotKind::Scatter,
            numbers(&xs, "x")?,
            numbers(&ys, "y")?,
            labels,
        )
    });
    let out = Rc::clone(outputs);
    engine.register_fn("heatmap", move |rows: Array| -> Fallible<()> {
        let rows = matrix(&rows, "the heatmap")?;
        let columns = rows.first().map_or(0, Vec::len);
        out.emit(ScriptOutput::Heatmap {
            rows: rows.len(),
            columns,
            values: rows.into_iter().flatten().collect(),
        });
        Ok(())
    });
    let out = Rc::clone(outputs);
    engine.register_fn("images", move |images: Array, side: INT| -> Fallible<()> {
        let images = matrix(&images, "images")?;
        let side = usize::try_from(side).unwrap_or(0);
        if let Some(index) = images.iter().position(|image| image.len() != side * side) {
            return failure(format!(
                "image {index} has {} pixels, not {side}×{side}",
                images[index].len()
            ));
        }
        out.emit(ScriptOutput::Images { side, images });
        Ok(())
    });
    let out = Rc::clone(outputs);
    engine.register_fn("table", move |rows: Array| -> Fallible<()> {
        out.emit(table(&rows)?);
        Ok(())
    });
}

/// A table from rows that are all maps (their keys are the columns) or all arrays.
fn table(rows: &Array) -> Fallible<ScriptOutput> {
    let mut headers: Vec<String> = Vec::new();
    if let Some(first) = rows.first().and_then(|row| row.read_lock::<Map>()) {
        headers = first.keys().map(ToString::to_string).collect();
    }
    let cells = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            if let Some(map) = row.read_lock::<Map>() {
                let cell = |key: &String| {
                    map.get(key.as_str())
                        .map_or(String::new(), ToString::to_string)
                };
                return Ok(headers.iter().map(cell).collect());
            }
            match row.read_lock::<Array>() {
                Some(array) if headers.is_empty() => {
                    Ok(array.iter().map(ToString::to_string).collect())
                }
                _ => failure(format!(
                    "row {index} of the table is neither a map nor an array like row 0"
                )),
            }
        })
        .collect::<Fallible<Vec<Vec<String>>>>()?;
    if headers.is_empty() {
        let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
        headers = (1..=columns).map(|column| column.to_string()).collect();
    }
    Ok(ScriptOutput::Table {
        headers,
        rows: cells,
    })
}

/// Rhai's own `sleep` would block the thread (and trap in the browser): scripts cannot wait.
fn refuse_sleep(engine: &mut Engine) {
    let refusal = "scripts cannot sleep: they run as fast as they can, and Stop ends them";
    engine.register_fn("sleep", move |_: INT| -> Fallible<()> { failure(refusal) });
    engine.register_fn("sleep", move |_: FLOAT| -> Fallible<()> {
        failure(refusal)
    });
}

fn sigmoid(x: FLOAT) -> FLOAT {
    1.0 / (1.0 + libm::exp(-x))
}

/// `count` evenly spaced numbers from `from` to `to`.
fn linspace(from: FLOAT, to: FLOAT, count: INT) -> Fallible<Array> {
    if !(2..=100_000).contains(&count) {
        return failure(format!("linspace needs 2 to 100000 points, not {count}"));
    }
    let step = (to - from) / (count - 1) as f64;
    Ok(to_array((0..count).map(|i| from + step * i as f64)))
}

fn register_math(engine: &mut Engine) {
    engine.register_fn("sum", |xs: Array| -> Fallible<FLOAT> {
        Ok(numbers(&xs, "the array")?.iter().sum())
    });
    engine.register_fn("mean", |xs: Array| -> Fallible<FLOAT> {
        let values = numbers(&xs, "the array")?;
        if values.is_empty() {
            return failure("the mean of an empty array");
        }
        Ok(values.iter().sum::<f64>() / values.len() as f64)
    });
    engine.register_fn("dot", |a: Array, b: Array| -> Fallible<FLOAT> {
        let (a, b) = (numbers(&a, "a")?, numbers(&b, "b")?);
        if a.len() != b.len() {
            return failure(format!("a has {} numbers, b {}", a.len(), b.len()));
        }
        Ok(a.iter().zip(&b).map(|(x, y)| x * y).sum())
    });
    engine.register_fn("linspace", linspace);
    // Whole numbers are numbers too: `linspace(0, 1, 5)`, `sigmoid(2)`.
    engine.register_fn("linspace", |from: INT, to: INT, count: INT| {
        linspace(from as FLOAT, to as FLOAT, count)
    });
    engine.register_fn("linspace", |from: INT, to: FLOAT, count: INT| {
        linspace(from as FLOAT, to, count)
    });
    engine.register_fn("linspace", |from: FLOAT, to: INT, count: INT| {
        linspace(from, to as FLOAT, count)
    });
    engine.register_fn("zeros", |rows: INT, columns: INT| -> Fallible<Array> {
        if rows < 0 || columns < 0 || rows * columns > 1_000_000 {
            return failure(format!(
                "a {rows}×{columns} matrix is too large or negative"
            ));
        }
        Ok(to_matrix(vec![vec![0.0; columns as usize]; rows as usize]))
    });
    engine.register_fn("transpose", |a: Array| -> Fallible<Array> {
        let rows = matrix(&a, "the matrix")?;
        let columns = rows.first().map_or(0, Vec::len);
        Ok(to_matrix(
            (0..columns)
                .map(|c| rows.iter().map(|row| row[c]).collect())
                .collect(),
        ))
    });
    engine.register_fn("matmul", |a: Array, b: Array| -> Fallible<Array> {
        let (a, b) = (matrix(&a, "a")?, matrix(&b, "b")?);
        let inner = a.first().map_or(0, Vec::len);
        if inner != b.len() {
            return failure(format!("a has {inner} columns but b has {} rows", b.len()));
        }
        let columns = b.first().map_or(0, Vec::len);
        let product = a
            .iter()
            .map(|row| {
                (0..columns)
                    .map(|c| (0..inner).map(|k| row[k] * b[k][c]).sum())
                    .collect()
            })
            .collect();
        Ok(to_matrix(product))
    });
    engine.register_fn("sigmoid", sigmoid);
    engine.register_fn("sigmoid", |x: INT| sigmoid(x as FLOAT));
    engine.register_fn("relu", |x: FLOAT| x.max(0.0));
    engine.register_fn("relu", |x: INT| (x as FLOAT).max(0.0));
}
