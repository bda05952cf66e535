//! Widgets that train the engine's bigger models in the worker: the digits CNN, an
//! autoencoder with a 2-D latent map, and the character transformer on this course's text.

use crate::widgets::attention::AttentionView;
use crate::widgets::draw_digit::DrawDigit;
use crate::widgets::generation::PromptedGeneration;
use crate::widgets::latent_map::LatentMap;
use crate::widgets::training::{Target, TrainingWidget};
use leptos::prelude::*;
use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::spec::{DataSpec, EncoderObjective, ModelSpec, OptimizerSpec, ReportSpec};

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

/// The course's character transformer: two blocks of two heads, 32 characters of context.
pub fn char_transformer_spec() -> ExperimentSpec {
    let model = ModelSpec::Transformer {
        context: TRANSFORMER_CONTEXT,
        embed: 32,
        heads: 2,
        blocks: 2,
    };
    let data = DataSpec::Corpus {
        path: None,
        train_share: 0.9,
    };
    ExperimentSpec {
        batch_size: 32,
        ..spec(data, model, 3000, 100, 160)
    }
}

const TRANSFORMER_CONTEXT: usize = 32;
/// Test digits plotted on latent and embedding maps.
const PLOTTED: usize = 300;

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
            about="Two 3×3 convolution layers (8 and 16 filters) with max-pooling and a dense head read the course's 1,797 handwritten 8×8 digits; a fifth of them are held out to test it. Once it trains, draw a digit below: its guess, its filters and what they see update as it learns."
            spec=spec(digits(), model, 3000, 100, 0)
            target=Target::TestAccuracy(0.95)
        >
            <DrawDigit />
        </TrainingWidget>
    }
}

/// An autoencoder (or, with `variational`, a VAE) whose 2-D latent map decodes on a click.
#[component]
pub fn AutoencoderWidget(variational: bool) -> impl IntoView {
    let model = ModelSpec::Autoencoder {
        hidden: vec![64],
        latent: 2,
        variational,
    };
    let mut trained = spec(digits(), model, 4000, 200, 100);
    trained.report.embedding = PLOTTED;
    let (name, title, about, target) = if variational {
        (
            "vae",
            "A variational autoencoder: a map with no holes",
            "The encoder gives each digit a small cloud of codes instead of a point, the decoder must rebuild the digit from any code in the cloud, and a penalty (the KL term) keeps all clouds near the origin. The map fills in: click anywhere and the decoder draws a plausible digit.",
            Target::TestLoss(0.39),
        )
    } else {
        (
            "autoencoder",
            "An autoencoder squeezes digits through two numbers",
            "An encoder maps each 8×8 digit (64 numbers) to a code of just two numbers; a decoder rebuilds the digit from them. The grid shows what the decoder draws for a 10 × 10 grid of codes spanning the test digits' codes: neighbouring codes, similar digits. The map shows where the test digits land; click it to decode any point.",
            Target::TestLoss(0.35),
        )
    };
    if variational {
        trained.optimizer = OptimizerSpec::adam(0.01);
    }
    view! {
        <TrainingWidget name title about spec=trained target
            samples_caption="Decoded from a grid over the 2-D latent space (first code across, second down)."
        >
            <LatentMap name decode=true caption="Test digits' codes, coloured by digit (the model never saw the labels)." />
        </TrainingWidget>
    }
}

/// Metric learning on digits: a triplet loss with labels, or a contrastive loss without.
#[component]
pub fn EncoderWidget(contrastive: bool) -> impl IntoView {
    let objective = if contrastive {
        EncoderObjective::Contrastive { temperature: 0.2 }
    } else {
        EncoderObjective::Triplet { margin: 1.0 }
    };
    let model = ModelSpec::Encoder {
        hidden: vec![64],
        dims: 2,
        objective,
    };
    let mut trained = spec(digits(), model, 4000, 100, 0);
    trained.report.embedding = PLOTTED;
    let (name, title, about, target, caption) = if contrastive {
        (
            "contrastive",
            "Contrastive learning: two views of one digit",
            "No labels here. Each step takes a batch of digits and makes two views of each (shifted by a pixel, with noise); the encoder learns to place the two views of a digit next to each other on a circle and away from every other digit in the batch. Colours are the true digits, which the model never sees: watch them gather anyway. Accuracy is how often a test digit's code is nearest its own digit's centre.",
            Target::TestAccuracy(0.4),
            "Test digits' codes (directions on the circle), coloured by the digit the model never saw.",
        )
    } else {
        (
            "triplet",
            "Triplet loss: nearer your own kind",
            "Each step takes an anchor digit, another digit of the same class and one of a different class; the loss pushes the anchor's code at least a margin nearer the first than the second. Accuracy is how often a test digit's code is nearest its own class's centre.",
            Target::TestAccuracy(0.7),
            "Test digits' 2-D codes, coloured by digit.",
        )
    };
    view! {
        <TrainingWidget name title about spec=trained target>
            <LatentMap name decode=false caption />
        </TrainingWidget>
    }
}

#[component]
pub fn CharTransformerWidget() -> impl IntoView {
    view! {
        <TrainingWidget
            name="char-transformer"
            title="A tiny transformer learns to write like this course"
            about="A two-block, two-head character transformer (32-dimensional, 32 characters of context) learns to predict the next character of this course's own chapters. Every evaluation it writes a sample, one character at a time; below, see where its heads look and generate with your own settings."
            spec=char_transformer_spec()
            target=Target::TestLoss(2.5)
            samples_caption="Sampled from the model, continuing a held-out piece of the course."
        >
            <AttentionView context=TRANSFORMER_CONTEXT />
            <PromptedGeneration name="char-transformer" />
        </TrainingWidget>
    }
}
