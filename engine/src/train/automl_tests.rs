//! Successive halving, with each trial trained by the engine, finds a network that learns the
//! spiral, and on the same budget does at least as well as random search, whatever the seed.

use crate::automl::{Method, Outcome, Plan, Search};
use crate::spec::ToyDataset;
use crate::train::{Session, cpu_device};
use pollster::block_on;

fn run(method: Method, plan: Plan, seed: u64) -> Search {
    let mut search = Search::new(method, plan, seed);
    while let Some(index) = search.next_trial() {
        let spec = search.trial_spec(index, ToyDataset::Spiral, seed);
        let outcome = Session::new(&spec, cpu_device())
            .and_then(|mut session| block_on(session.step(spec.steps as u32)))
            .map_or(Outcome::failed(), |snapshot| Outcome {
                loss: snapshot.test_loss.unwrap_or(f32::INFINITY),
                accuracy: snapshot.accuracy,
            });
        search.record(index, outcome);
    }
    search
}

#[test]
fn successive_halving_finds_a_network_that_learns_the_spiral_and_beats_random_search() {
    let plan = Plan {
        candidates: 27,
        min_steps: 300,
        eta: 3,
    };
    let mut accuracies = Vec::new();
    for seed in 1..=5 {
        let halving = run(Method::SuccessiveHalving, plan, seed);
        let random = run(Method::Random, plan, seed);
        assert_eq!(halving.steps_run(), random.steps_run(), "the same budget");
        let best = |search: &Search| search.best().and_then(|t| t.outcome).expect("a leader");
        let (halving_best, random_best) = (best(&halving), best(&random));
        let accuracy = halving_best.accuracy.expect("classification");
        assert!(
            halving_best.loss <= random_best.loss && accuracy >= 0.85,
            "seed {seed}: successive halving {halving_best:?}, random search {random_best:?}"
        );
        accuracies.push(accuracy);
    }
    accuracies.sort_by(f32::total_cmp);
    assert!(accuracies[2] >= 0.95, "median accuracy: {accuracies:?}");
}
