//! What a script shows: text, charts, tables and training progress, in the order it produced
//! them. Burn-free, so the page can draw outputs without linking the engine's compute part.

use crate::report::Snapshot;
use serde::{Deserialize, Serialize};

/// One output of a running script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ScriptOutput {
    /// A line from `print` (or `debug`).
    Text { text: String },
    /// A chart: a line through `(x, y)` points, or scattered points coloured by `labels`.
    Plot {
        kind: PlotKind,
        x: Vec<f64>,
        y: Vec<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        labels: Vec<f64>,
    },
    /// A grid of values, row by row (`rows × columns`).
    Heatmap {
        rows: usize,
        columns: usize,
        values: Vec<f64>,
    },
    /// Square grey images of `side × side` pixels (0 black … 1 white), shown as a grid.
    Images { side: usize, images: Vec<Vec<f64>> },
    /// A table with a header row.
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A training run called from the script has taken more steps.
    Progress { snapshot: Snapshot },
    /// An experiment for the page to open in the playground (`playground(spec)`), as the
    /// spec's JSON: the page reads only the fields the playground shows, so its small wasm
    /// need not carry a parser for the whole spec.
    Playground { spec: serde_json::Value },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlotKind {
    Line,
    Scatter,
}

/// What kind of failure stopped a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptErrorKind {
    /// The script does not parse.
    Syntax,
    /// It failed while running (a bad argument, an unknown function, a refused spec…).
    Runtime,
    /// It went over one of the [`Limits`].
    Limit,
    /// The host stopped it.
    Stopped,
}

/// Why a script stopped, and where (1-based line and column, where known).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{}{message}", location(*line, *column))]
pub struct ScriptError {
    pub kind: ScriptErrorKind,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}
