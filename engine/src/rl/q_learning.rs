//! Tabular Q-learning (Watkins, 1989): a table of how good each move is in each cell, nudged
//! after every step towards the reward plus the discounted value of the best next move. Moves
//! are chosen ε-greedily: mostly the best known one, sometimes a random one to explore.

use super::grid_world::{GridWorld, Move};
use crate::seeded::Rng;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QSettings {
    pub learning_rate: f64,
    pub discount: f64,
    /// The chance of a random move.
    pub exploration: f64,
    /// Steps after which an episode is cut short.
    pub max_steps: usize,
}

impl Default for QSettings {
    fn default() -> Self {
        Self {
            learning_rate: 0.5,
            discount: 0.95,
            exploration: 0.1,
            max_steps: 100,
        }
    }
}

/// One episode: what it earned and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Episode {
    pub total_reward: f64,
    pub steps: usize,
}

#[derive(Debug, Clone)]
pub struct QLearner {
    pub settings: QSettings,
    /// `values[cell][move]`.
    pub values: Vec<[f64; 4]>,
    pub episodes: usize,
    rng: Rng,
}

impl QLearner {
    pub fn new(world: &GridWorld, settings: QSettings, seed: u64) -> Self {
        Self {
            settings,
            values: vec![[0.0; 4]; world.cells()],
            episodes: 0,
            rng: Rng::new(seed),
        }
    }

    /// The best known move from `cell` (the first of equals, so an untrained table is
    /// deterministic).
    pub fn best_move(&self, cell: usize) -> Move {
        let row = self.values[cell];
        let mut best = 0;
        for index in 1..4 {
            if row[index] > row[best] {
                best = index;
            }
        }
        Move::ALL[best]
    }

    /// The value of a cell: its best move's.
    pub fn value(&self, cell: usize) -> f64 {
        self.values[cell]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// Runs one ε-greedy episode from the start, learning from every step.
    pub fn run_episode(&mut self, world: &GridWorld) -> Episode {
        let QSettings {
            learning_rate,
            discount,
            exploration,
            max_steps,
        } = self.settings;
        let mut cell = world.start;
        let mut total_reward = 0.0;
        let mut steps = 0;
        while steps < max_steps {
            let chosen = if self.rng.uniform() < exploration {
                Move::ALL[self.rng.below(4)]
            } else {
                self.best_move(cell)
            };
            let outcome = world.step(cell, chosen);
            let future = if outcome.done {
                0.0
            } else {
                discount * self.value(outcome.next)
            };
            let estimate = &mut self.values[cell][chosen.index()];
            *estimate += learning_rate * (outcome.reward + future - *estimate);
            total_reward += outcome.reward;
            steps += 1;
            cell = outcome.next;
            if outcome.done {
                break;
            }
        }
        self.episodes += 1;
        Episode {
            total_reward,
            steps,
        }
    }

    /// The cells the greedy policy walks through from the start, until it ends an episode,
    /// repeats a cell (it would loop for ever) or takes `max_steps` steps.
    pub fn greedy_walk(&self, world: &GridWorld) -> Vec<usize> {
        let mut walk = vec![world.start];
        let mut cell = world.start;
        for _ in 0..self.settings.max_steps {
            let outcome = world.step(cell, self.best_move(cell));
            if walk.contains(&outcome.next) {
                break;
            }
            walk.push(outcome.next);
            cell = outcome.next;
            if outcome.done {
                break;
            }
        }
        walk
    }

    /// Whether the greedy policy walks from the start to the goal by a shortest way.
    pub fn solves(&self, world: &GridWorld) -> bool {
        let walk = self.greedy_walk(world);
        walk.last() == Some(&world.goal) && Some(walk.len() - 1) == world.shortest_path_steps()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chapter 9's target: within 300 episodes the greedy policy walks a shortest way to the
    /// goal; untrained it does not reach it.
    #[test]
    fn q_learning_solves_the_course_maze() {
        let world = GridWorld::course();
        let mut learner = QLearner::new(&world, QSettings::default(), 1);
        assert!(!learner.solves(&world));
        let first = learner.run_episode(&world);
        let mut solved_after = None;
        for episode in 2..=300 {
            learner.run_episode(&world);
            if solved_after.is_none() && learner.solves(&world) {
                solved_after = Some(episode);
            }
        }
        eprintln!("solved after {solved_after:?} episodes; first episode {first:?}");
        assert!(learner.solves(&world));
        assert!(solved_after.is_some_and(|episodes| episodes <= 200));
        assert_eq!(learner.greedy_walk(&world).len(), 10);
        assert!(learner.value(world.start) > 0.5);
    }
}
