use super::*;

fn spec(dataset: ToyDataset, noise: f32, seed: u64) -> ToyDataSpec {
    ToyDataSpec {
        dataset,
        samples: 400,
        noise,
        train_share: 0.7,
        features: Feature::ALL.to_vec(),
        seed,
        csv: None,
    }
}

#[test]
fn every_set_is_seeded_split_and_in_range() {
    for dataset in ToyDataset::ALL {
        let data = ToyData::generate(&spec(dataset, 0.2, 7));
        assert_eq!(
            data,
            ToyData::generate(&spec(dataset, 0.2, 7)),
            "{dataset:?}"
        );
        assert_ne!(
            data,
            ToyData::generate(&spec(dataset, 0.2, 8)),
            "{dataset:?}"
        );
        assert_eq!(data.train.len(), 280, "{dataset:?}");
        assert_eq!(data.test.len(), 120, "{dataset:?}");
        assert_eq!(data.train.input_width, 7);
        for &[x1, x2] in data.train_points.coordinates.iter() {
            assert!(
                x1.abs() < 8.0 && x2.abs() < 8.0,
                "{dataset:?}: ({x1}, {x2})"
            );
        }
        assert!(
            data.train.inputs.iter().all(|v| v.abs() <= 64.0),
            "{dataset:?}"
        );
        let targets = data.train.targets.iter().chain(&data.test.targets);
        if dataset.is_regression() {
            assert!(targets.clone().all(|t| (-1.0..=1.0).contains(t)));
            assert!(targets.clone().any(|&t| t > 0.3) && targets.clone().any(|&t| t < -0.3));
        } else {
            let positives = targets.clone().filter(|&&t| t == 1.0).count();
            assert!(targets.clone().all(|&t| t == 0.0 || t == 1.0));
            assert!(
                (150..250).contains(&positives),
                "{dataset:?}: {positives}/400"
            );
        }
    }
}

#[test]
fn clean_sets_follow_their_rule() {
    let data = ToyData::generate(&spec(ToyDataset::Xor, 0.0, 3));
    for (&[x1, x2], &label) in data
        .train_points
        .coordinates
        .iter()
        .zip(&data.train_points.targets)
    {
        assert!(x1.abs() >= 0.3 && x2.abs() >= 0.3);
        assert_eq!(label, class(x1 * x2 >= 0.0));
    }
    let data = ToyData::generate(&spec(ToyDataset::Circle, 0.0, 3));
    for (&[x1, x2], &label) in data
        .train_points
        .coordinates
        .iter()
        .zip(&data.train_points.targets)
    {
        assert_eq!(label, class(x1.hypot(x2) < 2.5));
    }
    let data = ToyData::generate(&spec(ToyDataset::Plane, 0.0, 3));
    for (&[x1, x2], &value) in data
        .train_points
        .coordinates
        .iter()
        .zip(&data.train_points.targets)
    {
        assert!((value - ((x1 + x2) / 10.0).clamp(-1.0, 1.0)).abs() < 1e-5);
    }
}

#[test]
fn noise_flips_some_labels() {
    let data = ToyData::generate(&ToyDataSpec {
        samples: 1000,
        ..spec(ToyDataset::Xor, 0.5, 3)
    });
    let flipped = data
        .train_points
        .coordinates
        .iter()
        .zip(&data.train_points.targets)
        .filter(|([x1, x2], label)| class(x1 * x2 >= 0.0) != **label)
        .count();
    assert!(flipped > 20, "only {flipped} labels flipped at 50 % noise");
}

#[test]
fn features_are_computed_as_in_the_playground() {
    let points = Points {
        coordinates: vec![[3.0, -6.0]],
        targets: vec![1.0],
    };
    let examples = features(&points, &Feature::ALL);
    let expected = [3.0, -6.0, 9.0, 36.0, -18.0, 3.0f32.sin(), (-6.0f32).sin()];
    for (value, expected) in examples.row(0).iter().zip(expected) {
        assert!((value - expected).abs() < 1e-6, "{value} vs {expected}");
    }
    assert_eq!(examples.feature_names[4], "x₁x₂");
}
