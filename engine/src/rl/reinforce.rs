//! REINFORCE (Williams, 1992) on cart-pole: a policy that pushes right with probability
//! `σ(w · s + b)` for the state `s`, trained after each episode by raising the log-probability
//! of every action in proportion to the (normalised) discounted return that followed it.

use super::cart_pole::{CartPole, MAX_STEPS};
use crate::seeded::Rng;
use crate::tabular::gbt::sigmoid;
use crate::tabular::mlp::Moments;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReinforceSettings {
    pub learning_rate: f64,
    pub discount: f64,
}

impl Default for ReinforceSettings {
    fn default() -> Self {
        Self {
            learning_rate: 0.02,
            discount: 0.99,
        }
    }
}

/// The policy's parameters: four weights (position, speed, angle, angular speed) and a bias.
pub struct PolicyGradient {
    pub settings: ReinforceSettings,
    pub weights: [f64; 5],
    pub episodes: usize,
    moments: Moments,
    rng: Rng,
}

impl PolicyGradient {
    pub fn new(settings: ReinforceSettings, seed: u64) -> Self {
        Self {
            settings,
            weights: [0.0; 5],
            episodes: 0,
            moments: Moments::new(5),
            rng: Rng::new(seed),
        }
    }

    /// The probability of pushing right in `state`.
    pub fn push_right_probability(&self, state: &CartPole) -> f64 {
        let features = state.features();
        let logit = self.weights[4]
            + features
                .iter()
                .zip(&self.weights)
                .map(|(feature, weight)| feature * weight)
                .sum::<f64>();
        sigmoid(logit)
    }

    /// Plays one episode with the current policy, then learns from it. Returns the episode's
    /// return (the steps the pole stayed up).
    pub fn train_episode(&mut self) -> usize {
        let mut pole = CartPole::start(&mut self.rng);
        // For each step: the features, and (action − probability), the log-likelihood's slope.
        let mut slopes: Vec<([f64; 4], f64)> = Vec::new();
        while pole.balanced() && slopes.len() < MAX_STEPS {
            let probability = self.push_right_probability(&pole);
            let push_right = self.rng.uniform() < probability;
            slopes.push((
                pole.features(),
                f64::from(u8::from(push_right)) - probability,
            ));
            pole.step(push_right);
        }
        let steps = slopes.len();
        let mut returns = vec![0.0; steps];
        let mut following = 0.0;
        for index in (0..steps).rev() {
            following = 1.0 + self.settings.discount * following;
            returns[index] = following;
        }
        let mean = returns.iter().sum::<f64>() / steps as f64;
        let spread = (returns.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / steps as f64)
            .sqrt()
            .max(1e-8);
        // Gradient of the negated objective, for Adam's descent.
        let mut gradient = [0.0; 5];
        for ((features, slope), ret) in slopes.iter().zip(&returns) {
            let weight = -(ret - mean) / spread * slope / steps as f64;
            for (index, feature) in features.iter().enumerate() {
                gradient[index] += weight * feature;
            }
            gradient[4] += weight;
        }
        self.episodes += 1;
        let rate = self.settings.learning_rate;
        self.moments
            .update(&mut self.weights, &gradient, rate, self.episodes as i32);
        steps
    }

    /// The states of one episode with the most probable action each step, from a start drawn
    /// with `seed`: what the current policy does, to animate.
    pub fn rollout(&self, seed: u64) -> Vec<CartPole> {
        let mut pole = CartPole::start(&mut Rng::new(seed));
        let mut states = vec![pole];
        while pole.balanced() && states.len() <= MAX_STEPS {
            pole.step(self.push_right_probability(&pole) > 0.5);
            states.push(pole);
        }
        states
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chapter 9's target: the mean return of the last 50 of 400 episodes is at least three
    /// times that of the first 50.
    #[test]
    fn the_mean_return_rises_with_training() {
        let mut agent = PolicyGradient::new(ReinforceSettings::default(), 1);
        let returns: Vec<usize> = (0..400).map(|_| agent.train_episode()).collect();
        let mean = |slice: &[usize]| slice.iter().sum::<usize>() as f64 / slice.len() as f64;
        let (early, late) = (mean(&returns[..50]), mean(&returns[350..]));
        eprintln!("mean return: first 50 episodes {early:.1}, last 50 {late:.1}");
        assert!(late >= 3.0 * early, "{early} → {late}");
        assert!(agent.rollout(5).len() > 100);
    }
}
