//! Widgets that train the engine's bigger models in the worker: the digits CNN, an
//! autoencoder with a 2-D latent map, and the character transformer on this course's text.

use crate::widgets::training::{Target, TrainingWidget};
use leptos::prelude::*;
use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::spec::{DataSpec, ModelSpec, OptimizerSpec, ReportSpec};

fn digits() -> DataSpec {
    DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    }
}

fn spec(
    data: DataSpec,
    model: ModelSpec,
    steps: u64,
    eval_every: u64,
    samples: usize,
) -> ExperimentSpec {
    ExperimentSpec {
        data,
        model,
        optimizer: OptimizerSpec::adam(0.003),
        batch_size: 64,
        steps,
        eval_every,
        report: ReportSpec {
            samples,
            ..ReportSpec::default()
        },
        ..ExperimentSpec::default()
    }
}

#[component]
pub fn DigitsCnnWidget() -> impl IntoView {
    let model = ModelSpec::Cnn {
        channels: [8, 16],
        hidden: 32,
        dropout: 0.0,
    };
    view! {
        <TrainingWidget
            name="digits-cnn"
            title="A convolutional network learns to read digits"
            about="Two 3×3 convolution layers (8 and 16 filters) with max-pooling and a dense head read the course's 1,797 handwritten 8×8 digits; a fifth of them are held out to test it."
            spec=spec(digits(), model, 3000, 100, 0)
            target=Target::TestAccuracy(0.95)
        />
    }
}

#[component]
pub fn AutoencoderWidget() -> impl IntoView {
    let model = ModelSpec::Autoencoder {
        hidden: vec![64],
        latent: 2,
    };
    view! {
        <TrainingWidget
            name="autoencoder"
            title="An autoencoder squeezes digits through two numbers"
            about="An encoder maps each 8×8 digit (64 numbers) to a code of just two numbers; a decoder rebuilds the digit from them. The map shows what the decoder draws for a 10 × 10 grid of codes spanning the test digits' codes: neighbouring codes, similar digits."
            spec=spec(digits(), model, 4000, 200, 100)
            target=Target::TestLoss(0.35)
            samples_caption="Decoded from a grid over the 2-D latent space (first code across, second down)."
        />
    }
}

#[component]
pub fn CharTransformerWidget() -> impl IntoView {
    let model = ModelSpec::Transformer {
        context: 32,
        embed: 32,
        heads: 2,
        blocks: 2,
    };
    let data = DataSpec::Corpus {
        path: None,
        train_share: 0.9,
    };
    view! {
        <TrainingWidget
            name="char-transformer"
            title="A tiny transformer learns to write like this course"
            about="A two-block, two-head character transformer (32-dimensional, 32 characters of context) learns to predict the next character of this course's own chapters. Every evaluation it writes a sample, one character at a time."
            spec=ExperimentSpec { batch_size: 32, ..spec(data, model, 3000, 100, 160) }
            target=Target::TestLoss(2.5)
            samples_caption="Sampled from the model, continuing a held-out piece of the course."
        />
    }
}
