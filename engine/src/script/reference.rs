//! The scripts' API reference: one entry per function a script can call, with how to call it,
//! what it does and the signatures the engine registered. The list and the signatures come
//! from the engine itself ([`api_reference`](super::api_reference)); the words come from
//! [`DESCRIPTIONS`], which a test keeps in step with what is registered. Burn- and Rhai-free,
//! so the page can show it.

use serde::{Deserialize, Serialize};

/// One function of the scripts' API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionDoc {
    pub name: String,
    /// How to call it, with its parameters named (e.g. `scatter(xs, ys, labels)`).
    pub usage: String,
    /// What it does, in a sentence or two.
    pub description: String,
    /// Its section on the page.
    pub group: String,
    /// The engine's registered signatures (one per overload).
    pub signatures: Vec<String>,
}

/// Per function: its name, usage, group and description.
pub const DESCRIPTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "plot",
        "plot(ys) · plot(xs, ys)",
        "Showing results",
        "A line chart through the points (xs[i], ys[i]); with one array, x counts 0, 1, 2…",
    ),
    (
        "scatter",
        "scatter(xs, ys) · scatter(xs, ys, labels)",
        "Showing results",
        "Points at (xs[i], ys[i]). Labels colour them: 0 and 1 as the two classes of the toy \
         data sets, whole numbers up to 7 a colour each.",
    ),
    (
        "heatmap",
        "heatmap(rows)",
        "Showing results",
        "A grid of coloured cells from an array of equally long rows of numbers; row 0 is at \
         the top, and the colours span the smallest to the largest value.",
    ),
    (
        "images",
        "images(images, side)",
        "Showing results",
        "Grey images of side × side pixels, each an array of side² numbers from 0 (black) to 1 \
         (white), row by row.",
    ),
    (
        "table",
        "table(rows)",
        "Showing results",
        "A table from an array of maps (their keys are the columns, in sorted order) or of \
         arrays (columns numbered 1, 2…).",
    ),
    (
        "sum",
        "sum(xs)",
        "Numbers and arrays",
        "The sum of an array of numbers.",
    ),
    (
        "mean",
        "mean(xs)",
        "Numbers and arrays",
        "The average of a non-empty array of numbers.",
    ),
    (
        "dot",
        "dot(a, b)",
        "Numbers and arrays",
        "The dot product of two arrays of the same length: a[0]·b[0] + a[1]·b[1] + …",
    ),
    (
        "linspace",
        "linspace(from, to, count)",
        "Numbers and arrays",
        "count (2 to 100,000) evenly spaced numbers from `from` to `to`, both included.",
    ),
    (
        "zeros",
        "zeros(rows, columns)",
        "Numbers and arrays",
        "A rows × columns matrix (an array of rows) of zeros.",
    ),
    (
        "transpose",
        "transpose(matrix)",
        "Numbers and arrays",
        "The matrix with its rows and columns swapped.",
    ),
    (
        "matmul",
        "matmul(a, b)",
        "Numbers and arrays",
        "The matrix product of a (n × k) and b (k × m), an n × m matrix.",
    ),
    (
        "sigmoid",
        "sigmoid(x)",
        "Numbers and arrays",
        "1 / (1 + e^(−x)): squashes any number into 0…1.",
    ),
    (
        "relu",
        "relu(x)",
        "Numbers and arrays",
        "max(x, 0): the rectified linear unit.",
    ),
    (
        "experiment",
        "experiment(dataset)",
        "Experiments",
        "The course's default experiment on a toy data set (circle, xor, gauss, spiral, plane \
         or multi-gauss), as a map to change: model.layers, optimizer.learning_rate, steps, \
         eval_every, batch_size, features, data noise and seed…",
    ),
    (
        "points",
        "points(spec)",
        "Experiments",
        "The training points of an experiment's toy data, as a map of arrays x1, x2 and label.",
    ),
    (
        "playground",
        "playground(spec)",
        "Experiments",
        "A link that opens the experiment in the playground, to watch and change it there \
         (what the playground's controls cannot show is brought within their range).",
    ),
    (
        "train",
        "train(spec)",
        "Experiments",
        "Trains the experiment on the CPU to its steps, drawing the loss as it goes, and \
         returns the last step, epoch, train_loss, test_loss and accuracy.",
    ),
];

/// What the page says of Rhai's own functions (strings, arrays, maps, maths), which every
/// script has too.
pub const RHAI_BUILTINS: &str = "Scripts also have Rhai's own functions: print and debug, \
    maths (sin, cos, exp, ln, sqrt, abs, floor, round…), strings (len, split, contains, \
    to_upper…), arrays (len, push, pop, map, filter, reduce, sort…) and maps (keys, values…).";
