//! The data part of an [`super::ExperimentSpec`]: generated toy sets or files.

use serde::{Deserialize, Serialize};

/// Where the examples come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "kebab-case", deny_unknown_fields)]
pub enum DataSpec {
    /// A generated 2-D set, as in TensorFlow Playground.
    Toy(ToyDataSpec),
    /// A CSV/TSV file with a header row, numeric columns and a label column.
    Table {
        /// The file's path (native) or a name for text the page supplies.
        path: String,
        /// The column holding the label; the last column when absent.
        #[serde(default)]
        label_column: Option<String>,
        /// Whether the label is a class (0, 1, …) or a value to predict.
        #[serde(default)]
        task: TableTask,
        #[serde(default = "default_train_share")]
        train_share: f32,
        #[serde(default = "default_seed")]
        seed: u64,
    },
    /// The 8×8 handwritten digits shipped with the course (1,797 images).
    Digits {
        #[serde(default = "default_train_share")]
        train_share: f32,
        #[serde(default = "default_seed")]
        seed: u64,
    },
    /// MNIST in IDX files (native only): the directory holding `train-*` and `t10k-*`.
    Mnist {
        dir: String,
        /// Use only the first `limit` training images (all when absent).
        #[serde(default)]
        limit: Option<usize>,
    },
    /// Text for a character language model; the course's own Markdown when `path` is absent.
    Corpus {
        #[serde(default)]
        path: Option<String>,
        #[serde(default = "default_train_share")]
        train_share: f32,
    },
    /// A generated graph of communities (a stochastic block model) for node classification.
    Graph(GraphDataSpec),
}

/// What a table's label column means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableTask {
    #[default]
    Classification,
    Regression,
}

/// Half-width of the square the toy points live in, as in TensorFlow Playground.
pub const DATA_EXTENT: f32 = 6.0;

/// The toy sets: four classification sets and two regression sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToyDataset {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Plane,
    MultiGauss,
}

impl ToyDataset {
    /// Every toy set, classification first, in TensorFlow Playground's order.
    pub const ALL: [ToyDataset; 6] = [
        ToyDataset::Circle,
        ToyDataset::Xor,
        ToyDataset::Gauss,
        ToyDataset::Spiral,
        ToyDataset::Plane,
        ToyDataset::MultiGauss,
    ];

    /// Whether the set is a regression problem (its targets are values, not classes).
    pub fn is_regression(self) -> bool {
        matches!(self, ToyDataset::Plane | ToyDataset::MultiGauss)
    }
}

/// Input features computed from a toy point (x₁, x₂), as in TensorFlow Playground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    /// Every feature, in TensorFlow Playground's order.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The feature's value at a point of the toy plane (coordinates within about ±6), as
    /// TensorFlow Playground feeds it: unscaled, so that sin x₁ makes about two turns across
    /// the plane. (Scaling the coordinates to ±1 made the spiral markedly harder to learn.)
    pub fn apply(self, x1: f32, x2: f32) -> f32 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => crate::math::sin(x1),
            Feature::SinX2 => crate::math::sin(x2),
        }
    }

    /// The feature's name as people read it.
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "x₁",
            Feature::X2 => "x₂",
            Feature::X1Squared => "x₁²",
            Feature::X2Squared => "x₂²",
            Feature::X1X2 => "x₁x₂",
            Feature::SinX1 => "sin x₁",
            Feature::SinX2 => "sin x₂",
        }
    }
}

/// A generated toy set and the features the network sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToyDataSpec {
    pub dataset: ToyDataset,
    /// Number of points, training and test together.
    pub samples: usize,
    /// Jitter as a share of the data's range, 0 to 0.5 (TensorFlow Playground's 0–50 %).
    #[serde(default)]
    pub noise: f32,
    /// Share of the points used for training, 0.1 to 0.9; the rest is the test set.
    #[serde(default = "default_train_share")]
    pub train_share: f32,
    /// Features computed from each point; x₁ and x₂ when absent.
    #[serde(default = "default_features")]
    pub features: Vec<Feature>,
    /// Seed of the generator and of the train/test split.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// A visitor's own points instead of the generated ones: CSV/TSV text with a header, two
    /// numeric columns (x₁, x₂) and a label column (the last). They are scaled onto the plane;
    /// `dataset` then only says whether labels are classes (0 or 1) or values, and `samples`
    /// and `noise` do not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
}

/// A graph with `communities` groups of nodes: edges are likelier inside a group than across.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphDataSpec {
    pub nodes: usize,
    pub communities: usize,
    /// Chance of an edge between two nodes of the same community.
    pub edge_chance_inside: f32,
    /// Chance of an edge between nodes of different communities.
    pub edge_chance_across: f32,
    /// Share of nodes whose label the model sees in training; the rest are the test set.
    #[serde(default = "default_labelled_share")]
    pub train_share: f32,
    #[serde(default = "default_seed")]
    pub seed: u64,
}

pub(crate) fn default_train_share() -> f32 {
    0.5
}

fn default_labelled_share() -> f32 {
    0.2
}

pub(crate) fn default_seed() -> u64 {
    1
}

fn default_features() -> Vec<Feature> {
    vec![Feature::X1, Feature::X2]
}
