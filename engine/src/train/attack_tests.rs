//! Adversarial examples (FGSM) against the digits CNN: what chapter 14's red-teaming widget asks.

use super::query_tests::{ask, small_cnn_spec, test_digits, trained};
use crate::query::{Answer, Query};

#[test]
fn fgsm_attacks_fool_the_digits_cnn_far_more_than_noise_of_the_same_size_on_both_paths() {
    let spec = small_cnn_spec();
    let query = Query::Attack {
        epsilons: vec![0.0, 0.05, 0.1, 0.2],
        shown_epsilon: 0.1,
        shown: 4,
    };
    let mut both = Vec::new();
    for on_burn in [false, true] {
        let (session, snapshot) = trained(&spec, on_burn);
        let Answer::Attack {
            epsilons,
            accuracies,
            side,
            examples,
        } = ask(&session, query.clone()).unwrap()
        else {
            panic!("not an attack");
        };
        assert_eq!(epsilons, [0.0, 0.05, 0.1, 0.2]);
        let clean = snapshot.accuracy.unwrap();
        assert!(
            (accuracies[0] - clean).abs() < 1e-6,
            "{accuracies:?} vs {clean}"
        );
        assert!(
            accuracies.windows(2).all(|pair| pair[1] <= pair[0]),
            "accuracy falls as ε grows: {accuracies:?} (burn: {on_burn})"
        );
        assert!(
            accuracies[2] < clean - 0.3,
            "{accuracies:?} (burn: {on_burn})"
        );
        assert_eq!((side, examples.len()), (8, 4));
        for example in &examples {
            let moved = example
                .image
                .iter()
                .zip(&example.attacked)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            assert!(moved <= 0.1 + 1e-6 && moved > 0.0, "moved by {moved}");
            assert!(example.attacked.iter().all(|p| (0.0..=1.0).contains(p)));
        }

        // Random ±ε noise of the same size barely matters: the gradient's direction does.
        let mut rng = crate::seeded::Rng::new(3);
        let digits = test_digits();
        let mut noisy_right = 0;
        for (pixels, label) in &digits {
            let noisy: Vec<f32> = pixels
                .iter()
                .map(|&p| (p + if rng.uniform() < 0.5 { 0.1 } else { -0.1 }).clamp(0.0, 1.0))
                .collect();
            let Answer::Classes { probabilities, .. } =
                ask(&session, Query::Classify { pixels: noisy }).unwrap()
            else {
                panic!("not a classification");
            };
            let best = (0..10)
                .max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]))
                .unwrap();
            noisy_right += usize::from(best == *label);
        }
        assert!(noisy_right >= 8, "{noisy_right} of 10 noisy digits right");
        both.push(accuracies);
    }
    for (fused, burn) in both[0].iter().zip(&both[1]) {
        assert!(
            (fused - burn).abs() < 0.03,
            "fused {:?}, burn {:?}",
            both[0],
            both[1]
        );
    }

    let refused = ask(
        &trained(&spec, false).0,
        Query::Attack {
            epsilons: vec![1.5],
            shown_epsilon: 0.1,
            shown: 1,
        },
    )
    .unwrap_err();
    assert!(refused.to_string().contains("ε is 1.5"), "{refused}");
}
