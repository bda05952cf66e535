//! Questions to trained models: what a page's widgets ask after (or while) training.

use crate::query::{Answer, GenerationSettings, Query};
use crate::spec::{
    DataSpec, EncoderObjective, ExperimentSpec, ModelSpec, OptimizerSpec, ToyDataset,
};
use crate::train::{Session, cpu_device};

pub(super) fn digits_spec(model: ModelSpec, steps: u64) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.data = DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    };
    spec.model = model;
    spec.optimizer = OptimizerSpec::adam(0.003);
    spec.batch_size = 64;
    spec.steps = steps;
    spec.eval_every = steps;
    spec
}

pub(super) fn trained(spec: &ExperimentSpec, on_burn: bool) -> (Session, crate::Snapshot) {
    let mut session = if on_burn {
        Session::new_on_burn(spec, cpu_device()).unwrap()
    } else {
        Session::new(spec, cpu_device()).unwrap()
    };
    let snapshot = pollster::block_on(session.step(spec.steps as u32)).unwrap();
    (session, snapshot)
}

pub(super) fn ask(session: &Session, query: Query) -> Result<Answer, crate::EngineError> {
    pollster::block_on(session.query(&query))
}

/// The first test digit of each class, with its label.
pub(super) fn test_digits() -> Vec<(Vec<f32>, usize)> {
    let (_, test) = crate::data::digits::digits().unwrap().split(0.8, 1);
    let mut found: Vec<(Vec<f32>, usize)> = Vec::new();
    for index in 0..test.len() {
        let label = test.targets[index] as usize;
        if found.iter().all(|(_, seen)| *seen != label) {
            found.push((test.row(index).to_vec(), label));
        }
    }
    found
}

/// The digits CNN of the vision chapter's widget, trained for 300 steps.
pub(super) fn small_cnn_spec() -> ExperimentSpec {
    let model = ModelSpec::Cnn {
        channels: [4, 8],
        hidden: 32,
        dropout: 0.0,
    };
    digits_spec(model, 300)
}

#[test]
fn a_trained_cnn_classifies_drawn_digits_and_shows_its_filters_and_maps_on_both_paths() {
    let spec = small_cnn_spec();
    for on_burn in [false, true] {
        let (session, snapshot) = trained(&spec, on_burn);
        assert!(snapshot.accuracy.unwrap() > 0.85, "{snapshot:?}");
        let mut correct = 0;
        for (pixels, label) in test_digits() {
            let Answer::Classes {
                probabilities,
                layers,
            } = ask(&session, Query::Classify { pixels }).unwrap()
            else {
                panic!("not a classification");
            };
            assert_eq!(probabilities.len(), 10);
            assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            let best = (0..10)
                .max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]))
                .unwrap();
            correct += usize::from(best == label);
            assert_eq!(layers.len(), 2);
            assert_eq!(
                (layers[0].filters.len(), layers[0].filters[0].len()),
                (4, 9)
            );
            assert_eq!((layers[0].maps.len(), layers[0].map_side), (4, 8));
            assert_eq!((layers[1].maps.len(), layers[1].maps[0].len()), (8, 64));
            assert!(
                layers
                    .iter()
                    .flat_map(|l| l.maps.iter().flatten())
                    .all(|&v| v >= 0.0)
            );
        }
        assert!(
            correct >= 8,
            "{correct} of 10 digits right (burn: {on_burn})"
        );
        let error = ask(
            &session,
            Query::Classify {
                pixels: vec![0.5; 10],
            },
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("10 pixels; the model reads 64"),
            "{error}"
        );
        let error = ask(
            &session,
            Query::Classify {
                pixels: vec![2.0; 64],
            },
        )
        .unwrap_err();
        assert!(error.to_string().contains("pixel 1 is 2"), "{error}");
    }
}

#[test]
fn a_variational_autoencoder_maps_digits_and_decodes_any_point_of_the_map() {
    let mut spec = digits_spec(
        ModelSpec::Autoencoder {
            hidden: vec![64],
            latent: 2,
            variational: true,
        },
        1500,
    );
    spec.optimizer = OptimizerSpec::adam(0.01);
    spec.report.embedding = 100;
    let mut session = Session::new(&spec, cpu_device()).unwrap();
    let first = pollster::block_on(session.step(1)).unwrap();
    let last = pollster::block_on(session.step(1500)).unwrap();
    assert!(
        last.test_loss.unwrap() < first.test_loss.unwrap() * 0.8,
        "{first:?} → {last:?}"
    );
    assert_eq!(last.embedding.len(), 100);
    assert!(
        last.embedding
            .iter()
            .all(|[x, y, label]| x.is_finite() && y.is_finite() && (0.0..10.0).contains(label))
    );
    // The KL term keeps the codes near the origin, in a few standard deviations.
    assert!(
        last.embedding
            .iter()
            .all(|[x, y, _]| x.abs() < 6.0 && y.abs() < 6.0)
    );
    let decode = |code: Vec<f32>| match ask(&session, Query::Decode { code }) {
        Ok(Answer::Image { side, pixels }) => (side, pixels),
        other => panic!("{other:?}"),
    };
    let (side, origin) = decode(vec![0.0, 0.0]);
    assert_eq!((side, origin.len()), (8, 64));
    assert!(origin.iter().all(|pixel| (0.0..=1.0).contains(pixel)));
    let (_, elsewhere) = decode(vec![1.5, -1.5]);
    let difference: f32 = origin
        .iter()
        .zip(&elsewhere)
        .map(|(a, b)| (a - b).abs())
        .sum();
    assert!(
        difference > 1.0,
        "two points of the map decode alike ({difference})"
    );
    let error = ask(&session, Query::Decode { code: vec![0.0; 3] }).unwrap_err();
    assert!(error.to_string().contains("latent space has 2"), "{error}");
}

#[test]
fn triplet_and_contrastive_encoders_separate_digits_in_two_dimensions() {
    for (objective, steps, least) in [
        (EncoderObjective::Triplet { margin: 1.0 }, 2000, 0.7),
        (
            EncoderObjective::Contrastive { temperature: 0.2 },
            2000,
            0.4,
        ),
    ] {
        let mut spec = digits_spec(
            ModelSpec::Encoder {
                hidden: vec![64],
                dims: 2,
                objective,
            },
            steps,
        );
        spec.report.embedding = 50;
        spec.optimizer = OptimizerSpec::adam(0.003);
        let mut session = Session::new(&spec, cpu_device()).unwrap();
        let first = pollster::block_on(session.step(1)).unwrap();
        let last = pollster::block_on(session.step(steps as u32)).unwrap();
        let accuracy = last.accuracy.unwrap();
        println!(
            "{objective:?}: loss {} → {}, centre accuracy {} → {accuracy}",
            first.test_loss.unwrap(),
            last.test_loss.unwrap(),
            first.accuracy.unwrap()
        );
        assert!(
            last.test_loss.unwrap() < first.test_loss.unwrap(),
            "{objective:?}"
        );
        assert!(
            accuracy > least,
            "{objective:?}: centre accuracy {accuracy}"
        );
        assert_eq!(last.embedding.len(), 50);
    }
}

#[test]
fn the_transformer_generates_with_settings_and_shows_causal_attention() {
    let spec = ExperimentSpec {
        data: DataSpec::Corpus {
            path: None,
            train_share: 0.9,
        },
        model: ModelSpec::Transformer {
            context: 16,
            embed: 16,
            heads: 2,
            blocks: 2,
        },
        optimizer: OptimizerSpec::adam(0.003),
        batch_size: 16,
        steps: 100,
        eval_every: 100,
        ..ExperimentSpec::default()
    };
    let (session, _) = trained(&spec, false);
    let generate = |temperature: f32, top_k: Option<usize>, seed: u64| {
        let settings = GenerationSettings {
            length: 40,
            temperature,
            top_k,
            seed,
        };
        match ask(
            &session,
            Query::Generate {
                prompt: "The model ".into(),
                settings,
            },
        ) {
            Ok(Answer::Text { text }) => text,
            other => panic!("{other:?}"),
        }
    };
    let greedy = generate(0.0, None, 1);
    assert_eq!(greedy.chars().count(), 40);
    assert_eq!(
        generate(0.0, None, 2),
        greedy,
        "temperature 0 does not depend on the seed"
    );
    assert_eq!(
        generate(1.0, Some(1), 3),
        greedy,
        "top-1 sampling is greedy"
    );
    assert_eq!(
        generate(1.0, None, 4),
        generate(1.0, None, 4),
        "same seed, same text"
    );
    assert_ne!(generate(2.0, None, 5), generate(2.0, None, 6));

    let Answer::Attention { tokens, weights } = ask(
        &session,
        Query::Attention {
            text: "a cat sat".into(),
        },
    )
    .unwrap() else {
        panic!("no attention");
    };
    assert_eq!(tokens.concat(), "a cat sat");
    assert_eq!(
        (weights.len(), weights[0].len()),
        (2, 2),
        "2 blocks of 2 heads"
    );
    let n = tokens.len();
    for head in weights.iter().flatten() {
        for query in 0..n {
            let row = &head[query * n..(query + 1) * n];
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            assert!(
                row[query + 1..].iter().all(|&w| w < 1e-6),
                "attends to a later character"
            );
        }
    }
    let error = ask(
        &session,
        Query::Attention {
            text: "cat ☃".into(),
        },
    )
    .unwrap_err();
    assert!(error.to_string().contains("character 5 ('☃')"), "{error}");
    let error = ask(&session, Query::Classify { pixels: vec![] }).unwrap_err();
    assert!(
        error.to_string().contains("generate and attention"),
        "{error}"
    );
}
