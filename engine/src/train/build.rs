//! From a spec to a ready-to-train [`Learner`]: loads or generates the data, builds the model
//! on the device and pairs them with their task.

use crate::data::corpus::Corpus;
use crate::data::digits::digits;
use crate::data::graph::Graph;
use crate::data::idx::{MnistSplit, load_mnist};
use crate::data::table::{TableOptions, load_table};
use crate::data::toy::ToyData;
use crate::data::{DataError, Examples};
use crate::error::EngineError;
use crate::spec::{DataSpec, ExperimentSpec, ModelSpec};
use crate::train::fused::{self, ConvNet, DenseNet, Fused, FusedSetup};
use crate::train::init::seeded;
use crate::train::models::mlp::HiddenRegularizers;
use crate::train::models::{Autoencoder, CharTransformer, Cnn, Encoder, Gcn, Mlp};
use crate::train::task::{Learner, Run};
use crate::train::tasks::classify::cnn_shapes;
use crate::train::tasks::language::LanguageModel;
use crate::train::tasks::metric::MetricLearning;
use crate::train::tasks::nodes::NodeClassification;
use crate::train::tasks::reconstruct::Reconstruct;
use crate::train::tasks::supervised::{Head, Supervised};
use burn::tensor::Device;
use std::path::Path;

/// Builds the learner for a validated spec on an autodiff `device`. Small MLPs on the CPU
/// and CNNs train on the fused host path unless `allow_fused` is false.
pub(crate) fn learner(
    spec: &ExperimentSpec,
    device: &Device,
    allow_fused: bool,
) -> Result<Box<dyn Learner>, EngineError> {
    let optimizer = &spec.optimizer;
    let (batch, seed) = (spec.batch_size, spec.seed);
    let learner: Box<dyn Learner> = match (&spec.model, &spec.data) {
        (
            ModelSpec::Transformer {
                context,
                embed,
                heads,
                blocks,
            },
            DataSpec::Corpus { path, train_share },
        ) => {
            let corpus = match path {
                Some(path) => Corpus::from_text(&read_text(path)?),
                None => Corpus::course(),
            };
            if corpus.len() < 4 * (context + 1) {
                return Err(DataError::Io {
                    path: path.clone().unwrap_or_default(),
                    reason: format!(
                        "the corpus has {} characters; at least {} are needed",
                        corpus.len(),
                        4 * (context + 1)
                    ),
                }
                .into());
            }
            let model = CharTransformer::new(
                corpus.alphabet.len(),
                *context,
                *embed,
                *heads,
                *blocks,
                device,
            );
            let task =
                LanguageModel::new(corpus, *train_share, *context, *heads, batch, seed, device);
            Box::new(Run::new(task, seeded(model, seed), optimizer, seed))
        }
        (ModelSpec::Gcn { hidden, dropout }, DataSpec::Graph(graph)) => {
            let graph = Graph::generate(graph);
            let model = Gcn::new(graph.nodes, *hidden, graph.communities, *dropout, device);
            let task = NodeClassification::new(&graph, device);
            Box::new(Run::new(task, seeded(model, seed), optimizer, seed))
        }
        (
            ModelSpec::Autoencoder {
                hidden,
                latent,
                variational,
            },
            data,
        ) => {
            let (train, test, _) = examples(data)?;
            let inputs = train.input_width;
            let model = Autoencoder::new(inputs, hidden, *latent, *variational, seed, device);
            let task = Reconstruct::new(&train, &test, *latent, batch, seed, device);
            Box::new(Run::new(task, model, optimizer, seed))
        }
        (
            ModelSpec::Encoder {
                hidden,
                dims,
                objective,
            },
            data,
        ) => {
            let (train, test, _) = examples(data)?;
            let model = Encoder::new(train.input_width, hidden, *dims, seed, device);
            let task = MetricLearning::new(train, test, *objective, batch, seed, device);
            Box::new(Run::new(task, model, optimizer, seed))
        }
        (
            ModelSpec::Cnn {
                channels,
                hidden,
                dropout,
            },
            data,
        ) => {
            let (train, test, head) = examples(data)?;
            let side = (train.input_width as f64).sqrt() as usize;
            if allow_fused && fused::suits(device) {
                let net = ConvNet::new(side, *channels, *hidden, head.outputs(), seed);
                let setup = FusedSetup {
                    head,
                    train,
                    test,
                    optimizer,
                    batch_size: batch,
                    dropout: *dropout,
                    seed,
                    plane_features: None,
                };
                return Ok(Box::new(Fused::new(setup, net, device)));
            }
            let model = Cnn::new(side, *channels, *hidden, head.outputs(), *dropout, device);
            let task = Supervised::<Cnn>::new(head, &train, &test, batch, seed, None, device)
                .with_conv_shapes(cnn_shapes(side, *channels));
            Box::new(Run::new(task, seeded(model, seed), optimizer, seed))
        }
        (
            ModelSpec::Mlp {
                layers,
                dropout,
                batch_norm,
            },
            data,
        ) => {
            let (train, test, head) = examples(data)?;
            let regularizers = HiddenRegularizers {
                dropout: *dropout,
                batch_norm: *batch_norm,
            };
            let plane_features = match data {
                DataSpec::Toy(toy) => Some(toy.features.clone()),
                _ => None,
            };
            if allow_fused && fused::suits(device) {
                let inputs = train.input_width;
                let net = DenseNet::new(inputs, layers, head.outputs(), regularizers, seed);
                let setup = FusedSetup {
                    head,
                    train,
                    test,
                    optimizer,
                    batch_size: batch,
                    dropout: *dropout,
                    seed,
                    plane_features,
                };
                return Ok(Box::new(Fused::new(setup, net, device)));
            }
            let model = Mlp::new(
                train.input_width,
                layers,
                head.outputs(),
                regularizers,
                seed,
                device,
            );
            let task =
                Supervised::<Mlp>::new(head, &train, &test, batch, seed, plane_features, device)
                    .with_hidden_widths(layers.iter().map(|layer| layer.width).collect());
            Box::new(Run::new(task, model, optimizer, seed))
        }
        (model, _) => {
            // `validate` refuses these pairs; this is the same message for a spec built in code.
            return Err(crate::error::SpecError {
                field: "model.kind".into(),
                found: model.kind_name().into(),
                allowed: "a model that fits the data (see ExperimentSpec::validate)".into(),
            }
            .into());
        }
    };
    Ok(learner)
}

/// Training and test examples of a labelled data source, and what the labels mean.
fn examples(data: &DataSpec) -> Result<(Examples, Examples, Head), EngineError> {
    Ok(match data {
        DataSpec::Toy(toy) => {
            let data = ToyData::load(toy)?;
            let head = if toy.dataset.is_regression() {
                Head::Regression
            } else {
                Head::Binary
            };
            (data.train, data.test, head)
        }
        DataSpec::Digits { train_share, seed } => {
            let (train, test) = digits()?.split(*train_share, *seed);
            (train, test, Head::Classes(10))
        }
        DataSpec::Mnist { dir, limit } => {
            let mut train = load_mnist(Path::new(dir), MnistSplit::Train)?;
            if let Some(limit) = limit {
                let keep: Vec<usize> = (0..train.len().min(*limit)).collect();
                train = train.pick(&keep);
            }
            let test = load_mnist(Path::new(dir), MnistSplit::Test)?;
            (train, test, Head::Classes(10))
        }
        DataSpec::Table {
            path,
            label_column,
            task,
            train_share,
            seed,
        } => {
            let options = TableOptions {
                delimiter: None,
                label_column: label_column.clone(),
            };
            let table = load_table(Path::new(path), &options)?;
            let head = table_head(&table, *task, path)?;
            let (train, test) = table.split(*train_share, *seed);
            let (means, deviations) = train.feature_scale();
            (
                train.standardized(&means, &deviations),
                test.standardized(&means, &deviations),
                head,
            )
        }
        DataSpec::Corpus { .. } | DataSpec::Graph(_) => {
            return Err(crate::error::SpecError {
                field: "data.source".into(),
                found: "corpus or graph".into(),
                allowed: "labelled examples for this model".into(),
            }
            .into());
        }
    })
}

/// A classification table's labels must be class numbers 0, 1, …; two classes train one logit.
fn table_head(
    table: &Examples,
    task: crate::spec::TableTask,
    path: &str,
) -> Result<Head, EngineError> {
    if task == crate::spec::TableTask::Regression {
        return Ok(Head::Regression);
    }
    let mut classes = 0usize;
    for (row, &label) in table.targets.iter().enumerate() {
        if label < 0.0 || label.fract() != 0.0 || label > 999.0 {
            return Err(DataError::Io {
                path: path.to_string(),
                reason: format!(
                    "example {} has label {label}; classification labels are class numbers 0, 1, 2, … (or set task = \"regression\")",
                    row + 1
                ),
            }
            .into());
        }
        classes = classes.max(label as usize + 1);
    }
    Ok(if classes <= 2 {
        Head::Binary
    } else {
        Head::Classes(classes)
    })
}

fn read_text(path: &str) -> Result<String, DataError> {
    std::fs::read_to_string(path).map_err(|error| DataError::Io {
        path: path.to_string(),
        reason: error.to_string(),
    })
}
