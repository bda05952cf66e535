//! A 2-D diffusion model: a small network learns to predict the noise that was added to a data
//! point after `t` forward steps (DDPM's objective), and sampling walks from pure noise back to
//! the data by removing the predicted noise one step at a time.

use super::dense::Dense;
use super::schedule::Schedule;
use super::shapes::Point;
use crate::seeded::Rng;
use crate::tabular::mlp::Moments;

/// Frequencies of the time step's sine/cosine features.
const TIME_FREQUENCIES: [f64; 4] = [1.0, 2.0, 4.0, 8.0];
const INPUTS: usize = 2 + 2 * TIME_FREQUENCIES.len();

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffusionSettings {
    pub hidden: usize,
    pub batch: usize,
    pub learning_rate: f64,
    /// Forward (noising) steps.
    pub steps: usize,
    pub seed: u64,
}

impl Default for DiffusionSettings {
    fn default() -> Self {
        Self {
            hidden: 64,
            batch: 64,
            learning_rate: 3e-3,
            steps: 50,
            seed: 1,
        }
    }
}

/// The network's input for a point at time step `t`: the point, then sines and cosines of `t`.
fn features(point: Point, t: usize, steps: usize) -> [f64; INPUTS] {
    let mut row = [0.0; INPUTS];
    row[0] = point[0];
    row[1] = point[1];
    let phase = std::f64::consts::PI * t as f64 / steps as f64;
    for (index, frequency) in TIME_FREQUENCIES.iter().enumerate() {
        row[2 + 2 * index] = (frequency * phase).sin();
        row[3 + 2 * index] = (frequency * phase).cos();
    }
    row
}

pub struct Diffusion {
    pub settings: DiffusionSettings,
    pub schedule: Schedule,
    layers: [Dense; 3],
    moments: Vec<(Moments, Moments)>,
    pub updates: usize,
    rng: Rng,
}

impl Diffusion {
    pub fn new(settings: DiffusionSettings) -> Self {
        let mut rng = Rng::new(settings.seed);
        let hidden = settings.hidden;
        let layers = [
            Dense::new(INPUTS, hidden, &mut rng),
            Dense::new(hidden, hidden, &mut rng),
            Dense::new(hidden, 2, &mut rng),
        ];
        let moments = layers
            .iter()
            .map(|layer| {
                (
                    Moments::new(layer.weights.len()),
                    Moments::new(layer.outputs),
                )
            })
            .collect();
        Self {
            settings,
            schedule: Schedule::linear(settings.steps),
            layers,
            moments,
            updates: 0,
            rng,
        }
    }

    /// The predicted noise for each row of `input` (`rows × INPUTS`), with the activations
    /// the backward pass needs: each layer's input.
    fn forward(&self, input: Vec<f64>) -> (Vec<f64>, [Vec<f64>; 3]) {
        let first = self.layers[0].forward(&input);
        let first_active: Vec<f64> = first.iter().map(|v| v.max(0.0)).collect();
        let second = self.layers[1].forward(&first_active);
        let second_active: Vec<f64> = second.iter().map(|v| v.max(0.0)).collect();
        let output = self.layers[2].forward(&second_active);
        (output, [input, first_active, second_active])
    }

    /// One Adam step on a batch drawn from `data`: noise random points to random time steps
    /// and regress the noise. Returns the batch's mean squared error.
    pub fn train_step(&mut self, data: &[Point]) -> f64 {
        let batch = self.settings.batch;
        let steps = self.schedule.steps();
        let mut input = Vec::with_capacity(batch * INPUTS);
        let mut noise = Vec::with_capacity(batch * 2);
        for _ in 0..batch {
            let point = data[self.rng.below(data.len())];
            let t = self.rng.below(steps);
            let kept = self.schedule.alpha_bars[t].sqrt();
            let added = (1.0 - self.schedule.alpha_bars[t]).sqrt();
            let drawn = [self.rng.normal(), self.rng.normal()];
            let noisy = [
                kept * point[0] + added * drawn[0],
                kept * point[1] + added * drawn[1],
            ];
            input.extend(features(noisy, t, steps));
            noise.extend(drawn);
        }
        let (predicted, [input, first_active, second_active]) = self.forward(input);
        let count = predicted.len() as f64;
        let loss = predicted
            .iter()
            .zip(&noise)
            .map(|(p, n)| (p - n).powi(2))
            .sum::<f64>()
            / count;
        let output_grad: Vec<f64> = predicted
            .iter()
            .zip(&noise)
            .map(|(p, n)| 2.0 * (p - n) / count)
            .collect();
        let third = self.layers[2].backward(&second_active, &output_grad);
        let second_grad = relu_gate(third.input.clone(), &second_active);
        let second = self.layers[1].backward(&first_active, &second_grad);
        let first_grad = relu_gate(second.input.clone(), &first_active);
        let first = self.layers[0].backward(&input, &first_grad);
        self.updates += 1;
        let step = self.updates as i32;
        let rate = self.settings.learning_rate;
        for ((layer, (weight_moments, bias_moments)), gradient) in self
            .layers
            .iter_mut()
            .zip(&mut self.moments)
            .zip([first, second, third])
        {
            weight_moments.update(&mut layer.weights, &gradient.weights, rate, step);
            bias_moments.update(&mut layer.bias, &gradient.bias, rate, step);
        }
        loss
    }

    /// Samples `count` points from noise drawn with `seed`: every intermediate step, from
    /// pure noise (`[0]`) to the model's samples (`[steps]`).
    pub fn sample_trajectories(&self, count: usize, seed: u64) -> Vec<Vec<Point>> {
        let mut rng = Rng::new(seed);
        let steps = self.schedule.steps();
        let mut points: Vec<Point> = (0..count).map(|_| [rng.normal(), rng.normal()]).collect();
        let mut trajectory = vec![points.clone()];
        for t in (0..steps).rev() {
            let input: Vec<f64> = points
                .iter()
                .flat_map(|&point| features(point, t, steps))
                .collect();
            let (predicted, _) = self.forward(input);
            let beta = self.schedule.betas[t];
            let scale = beta / (1.0 - self.schedule.alpha_bars[t]).sqrt();
            for (point, noise) in points.iter_mut().zip(predicted.chunks_exact(2)) {
                for axis in 0..2 {
                    let mean = (point[axis] - scale * noise[axis]) / (1.0 - beta).sqrt();
                    let fresh = if t > 0 {
                        beta.sqrt() * rng.normal()
                    } else {
                        0.0
                    };
                    point[axis] = mean + fresh;
                }
            }
            trajectory.push(points.clone());
        }
        trajectory
    }
}

/// Zeroes the gradient where the ReLU was off.
fn relu_gate(mut gradient: Vec<f64>, activation: &[f64]) -> Vec<f64> {
    for (grad, active) in gradient.iter_mut().zip(activation) {
        if *active <= 0.0 {
            *grad = 0.0;
        }
    }
    gradient
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diffusion::shapes::{Shape, mean_distance_to};

    /// Chapter 10's target: after training, samples lie on the swiss roll: their mean distance
    /// to it is less than half that of the noise they started from, and far below the
    /// untrained model's.
    #[test]
    fn samples_move_onto_the_data_as_the_model_trains() {
        let data = Shape::SwissRoll.sample(1000, 1);
        let reference = Shape::SwissRoll.sample(2000, 2);
        let mut model = Diffusion::new(DiffusionSettings::default());
        let distance = |model: &Diffusion| {
            let trajectory = model.sample_trajectories(300, 9);
            mean_distance_to(trajectory.last().unwrap(), &reference)
        };
        let noise = mean_distance_to(&model.sample_trajectories(300, 9)[0], &reference);
        let untrained = distance(&model);
        let mut first_loss = 0.0;
        let mut late_loss = 0.0;
        for update in 0..2000 {
            let loss = model.train_step(&data);
            if update < 100 {
                first_loss += loss / 100.0;
            }
            if update >= 1900 {
                late_loss += loss / 100.0;
            }
        }
        let trained = distance(&model);
        eprintln!(
            "mean distance to the roll: noise {noise:.3}, untrained {untrained:.3}, trained \
             {trained:.3}; loss {first_loss:.3} → {late_loss:.3}"
        );
        assert!(
            trained < 0.5 * noise && trained < 0.5 * untrained,
            "{untrained} → {trained}"
        );
        assert!(late_loss < first_loss);
        assert_eq!(model.sample_trajectories(5, 1).len(), 51);
    }
}
