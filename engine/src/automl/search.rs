//! Random search and successive halving as one state machine: it says which trial to run next
//! (a candidate and a number of steps), takes each trial's outcome, and promotes the best
//! candidates of a finished rung to the next. Whoever trains (the site's worker, the runner,
//! a test) only runs trials; the search never trains anything itself.

use super::space::Config;
use crate::spec::{ExperimentSpec, ToyDataset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Every candidate trained for the whole step count, as many as the budget allows.
    Random,
    /// Many candidates trained briefly; the best third trained three times longer, and so on
    /// until one is left (Jamieson & Talwalkar 2016).
    SuccessiveHalving,
}

/// The shape of a successive-halving search, which also fixes random search's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Candidates in the first rung.
    pub candidates: usize,
    /// Steps each first-rung candidate trains.
    pub min_steps: u64,
    /// Each rung keeps 1 / `eta` of the candidates and trains them `eta` times as long.
    pub eta: usize,
}

impl Plan {
    /// Successive halving's rungs: (candidates, steps each), down to one candidate.
    pub fn rungs(&self) -> Vec<(usize, u64)> {
        let eta = self.eta.max(2);
        let mut rungs = vec![(self.candidates.max(1), self.min_steps.max(1))];
        while let Some(&(count, steps)) = rungs.last() {
            if count <= 1 {
                break;
            }
            rungs.push((count.div_ceil(eta), steps * eta as u64));
        }
        rungs
    }

    /// The steps successive halving trains in all: what random search may spend too.
    pub fn budget(&self) -> u64 {
        self.rungs()
            .iter()
            .map(|&(count, steps)| count as u64 * steps)
            .sum()
    }

    /// The longest training any candidate gets: the last rung's steps.
    pub fn max_steps(&self) -> u64 {
        self.rungs()
            .last()
            .map_or(self.min_steps, |&(_, steps)| steps)
    }

    /// How `method` spends this plan's budget: its rungs.
    pub fn rungs_for(&self, method: Method) -> Vec<(usize, u64)> {
        match method {
            Method::SuccessiveHalving => self.rungs(),
            Method::Random => {
                let steps = self.max_steps();
                vec![(((self.budget() / steps) as usize).max(1), steps)]
            }
        }
    }
}

/// How a trial ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The held-out loss (infinite for a trial that failed or diverged).
    pub loss: f32,
    pub accuracy: Option<f32>,
}

impl Outcome {
    /// A trial that produced no usable model (it diverged, or the engine refused it).
    pub fn failed() -> Self {
        Self {
            loss: f32::INFINITY,
            accuracy: None,
        }
    }
}

/// One training of one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    /// Index into [`Search::candidates`].
    pub candidate: usize,
    pub rung: usize,
    pub steps: u64,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub struct Search {
    method: Method,
    rungs: Vec<(usize, u64)>,
    candidates: Vec<Config>,
    trials: Vec<Trial>,
}

impl Search {
    /// A search over candidates drawn from `seed`: both methods with the same plan and seed
    /// draw the same candidates in the same order (random search the first few).
    pub fn new(method: Method, plan: Plan, seed: u64) -> Self {
        let rungs = plan.rungs_for(method);
        let (count, steps) = rungs[0];
        let candidates = Config::sample_many(count, seed);
        let trials = (0..count)
            .map(|candidate| Trial {
                candidate,
                rung: 0,
                steps,
                outcome: None,
            })
            .collect();
        Self {
            method,
            rungs,
            candidates,
            trials,
        }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn candidates(&self) -> &[Config] {
        &self.candidates
    }

    pub fn trials(&self) -> &[Trial] {
        &self.trials
    }

    pub fn rungs(&self) -> &[(usize, u64)] {
        &self.rungs
    }

    /// The index of the next trial to run, or `None` when the search is over.
    pub fn next_trial(&self) -> Option<usize> {
        self.trials.iter().position(|trial| trial.outcome.is_none())
    }

    /// The experiment trial `index` trains.
    pub fn trial_spec(&self, index: usize, dataset: ToyDataset, seed: u64) -> ExperimentSpec {
        let trial = &self.trials[index];
        self.candidates[trial.candidate].to_spec(dataset, trial.steps, seed)
    }

    /// Records trial `index`'s outcome (a NaN loss counts as a failure); when that finishes a
    /// rung, the best candidates move up to the next one.
    pub fn record(&mut self, index: usize, outcome: Outcome) {
        let Some(trial) = self.trials.get_mut(index) else {
            return;
        };
        let loss = if outcome.loss.is_nan() {
            f32::INFINITY
        } else {
            outcome.loss
        };
        trial.outcome = Some(Outcome { loss, ..outcome });
        let rung = trial.rung;
        if self.next_trial().is_none()
            && let Some(&(count, steps)) = self.rungs.get(rung + 1)
        {
            // The leaderboard ranks this rung's candidates first: none has gone further.
            let promoted: Vec<Trial> = self
                .leaderboard()
                .iter()
                .take(count)
                .map(|trial| Trial {
                    candidate: trial.candidate,
                    rung: rung + 1,
                    steps,
                    outcome: None,
                })
                .collect();
            self.trials.extend(promoted);
        }
    }

    pub fn is_done(&self) -> bool {
        self.next_trial().is_none()
    }

    /// Steps trained by the trials that have finished.
    pub fn steps_run(&self) -> u64 {
        self.trials
            .iter()
            .filter(|trial| trial.outcome.is_some())
            .map(|trial| trial.steps)
            .sum()
    }

    /// Each candidate's furthest finished trial, best first: the candidates that went
    /// furthest, and among them the lowest loss.
    pub fn leaderboard(&self) -> Vec<&Trial> {
        let mut latest: Vec<&Trial> = Vec::new();
        for trial in self.trials.iter().filter(|t| t.outcome.is_some()) {
            match latest.iter_mut().find(|t| t.candidate == trial.candidate) {
                Some(slot) if slot.rung < trial.rung => *slot = trial,
                Some(_) => {}
                None => latest.push(trial),
            }
        }
        latest.sort_by(|a, b| b.rung.cmp(&a.rung).then(loss_of(a).total_cmp(&loss_of(b))));
        latest
    }

    /// The leading trial so far.
    pub fn best(&self) -> Option<&Trial> {
        self.leaderboard().into_iter().next()
    }
}

fn loss_of(trial: &Trial) -> f32 {
    trial.outcome.map_or(f32::INFINITY, |outcome| outcome.loss)
}
