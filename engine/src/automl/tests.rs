use super::*;
use crate::spec::ToyDataset;

const PLAN: Plan = Plan {
    candidates: 27,
    min_steps: 100,
    eta: 3,
};

fn outcome(loss: f32) -> Outcome {
    Outcome {
        loss,
        accuracy: None,
    }
}

#[test]
fn successive_halving_keeps_a_third_and_trains_it_three_times_longer() {
    assert_eq!(PLAN.rungs(), vec![(27, 100), (9, 300), (3, 900), (1, 2700)]);
    assert_eq!(PLAN.budget(), 4 * 2700);
    assert_eq!(
        PLAN.rungs_for(Method::Random),
        vec![(4, 2700)],
        "random search gets the same budget in full-length trainings"
    );
}

#[test]
fn the_best_of_a_rung_are_promoted_in_order_and_a_nan_counts_as_the_worst() {
    let mut search = Search::new(Method::SuccessiveHalving, PLAN, 1);
    // Candidate i scores (i * 7) mod 27: the nine best are the nine smallest scores.
    for index in 0..27 {
        let loss = if index == 0 {
            f32::NAN
        } else {
            ((index * 7) % 27) as f32
        };
        assert_eq!(search.next_trial(), Some(index));
        search.record(index, outcome(loss));
    }
    let promoted: Vec<usize> = search.trials()[27..].iter().map(|t| t.candidate).collect();
    let mut expected: Vec<usize> = (1..27).collect();
    expected.sort_by_key(|&i| (i * 7) % 27);
    expected.truncate(9);
    assert_eq!(promoted, expected);
    assert!(
        search.trials()[27..]
            .iter()
            .all(|t| t.steps == 300 && t.rung == 1)
    );
    assert_eq!(search.steps_run(), 2700);
    assert_eq!(
        search.trials()[0].outcome.map(|o| o.loss),
        Some(f32::INFINITY)
    );
}

#[test]
fn a_finished_search_ran_its_whole_budget_and_ranks_the_last_survivor_first() {
    for method in [Method::Random, Method::SuccessiveHalving] {
        let mut search = Search::new(method, PLAN, 9);
        let mut runs = 0;
        while let Some(index) = search.next_trial() {
            let trial = &search.trials()[index];
            // Longer training and a lower candidate index both lower the loss.
            let loss = trial.candidate as f32 + 1000.0 / trial.steps as f32;
            search.record(index, outcome(loss));
            runs += 1;
            assert!(runs < 100, "the search ends");
        }
        assert!(search.is_done());
        assert_eq!(search.steps_run(), PLAN.budget(), "{method:?}");
        let best = search.best().expect("a leader");
        assert_eq!(best.candidate, 0, "{method:?}");
        assert_eq!(best.steps, PLAN.max_steps());
        let board = search.leaderboard();
        assert_eq!(
            board.len(),
            search.candidates().len(),
            "one row per candidate"
        );
    }
}

#[test]
fn both_methods_draw_the_same_candidates_and_each_trial_is_a_valid_experiment() {
    let halving = Search::new(Method::SuccessiveHalving, PLAN, 4);
    let random = Search::new(Method::Random, PLAN, 4);
    assert_eq!(random.candidates(), &halving.candidates()[..4]);
    let distinct: std::collections::HashSet<String> =
        halving.candidates().iter().map(Config::describe).collect();
    assert!(
        distinct.len() > 20,
        "27 draws are mostly different: {distinct:?}"
    );
    for index in 0..27 {
        let spec = halving.trial_spec(index, ToyDataset::Spiral, 1);
        spec.validate()
            .expect("a search only builds valid experiments");
        assert_eq!(spec.steps, 100);
    }
}
