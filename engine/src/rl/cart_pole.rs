//! Cart-pole (Barto, Sutton & Anderson, 1983, with the constants of Gym's `CartPole`): push a
//! cart left or right to keep the pole on it upright. Every step the pole stays up earns 1; an
//! episode ends when the pole leans past 12°, the cart leaves the track, or after 200 steps.

use crate::seeded::Rng;

const GRAVITY: f64 = 9.8;
const CART_MASS: f64 = 1.0;
const POLE_MASS: f64 = 0.1;
const TOTAL_MASS: f64 = CART_MASS + POLE_MASS;
/// Half the pole's length, in metres.
const HALF_LENGTH: f64 = 0.5;
const PUSH: f64 = 10.0;
/// Seconds per step.
const TICK: f64 = 0.02;
pub const TRACK_LIMIT: f64 = 2.4;
pub const ANGLE_LIMIT: f64 = 12.0 * std::f64::consts::PI / 180.0;
pub const MAX_STEPS: usize = 200;

/// The cart's position and speed, the pole's angle (0 is upright, radians) and its speed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CartPole {
    pub position: f64,
    pub speed: f64,
    pub angle: f64,
    pub angular_speed: f64,
}

impl CartPole {
    /// A start near upright and still: each quantity uniform in ±0.05.
    pub fn start(rng: &mut Rng) -> Self {
        let mut near_zero = || (rng.uniform() - 0.5) * 0.1;
        Self {
            position: near_zero(),
            speed: near_zero(),
            angle: near_zero(),
            angular_speed: near_zero(),
        }
    }

    pub fn features(&self) -> [f64; 4] {
        [self.position, self.speed, self.angle, self.angular_speed]
    }

    /// Whether the pole is still up and the cart on the track.
    pub fn balanced(&self) -> bool {
        self.position.abs() <= TRACK_LIMIT && self.angle.abs() <= ANGLE_LIMIT
    }

    /// One tick with the cart pushed right (or left), by Euler's method.
    pub fn step(&mut self, push_right: bool) {
        let force = if push_right { PUSH } else { -PUSH };
        let (sin, cos) = self.angle.sin_cos();
        let pole_moment = POLE_MASS * HALF_LENGTH;
        let lean = (force + pole_moment * self.angular_speed.powi(2) * sin) / TOTAL_MASS;
        let angular_acceleration = (GRAVITY * sin - cos * lean)
            / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        let acceleration = lean - pole_moment * angular_acceleration * cos / TOTAL_MASS;
        self.position += TICK * self.speed;
        self.speed += TICK * acceleration;
        self.angle += TICK * self.angular_speed;
        self.angular_speed += TICK * angular_acceleration;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unattended_pole_falls_and_pushing_moves_the_cart() {
        let mut rng = Rng::new(1);
        let mut pole = CartPole::start(&mut rng);
        pole.angle = 0.05;
        let mut steps = 0;
        while pole.balanced() && steps < MAX_STEPS {
            // Alternating pushes barely move the cart; the pole falls on its own.
            pole.step(steps % 2 == 0);
            steps += 1;
        }
        assert!(steps < 60, "fell after {steps} steps");
        assert!(pole.angle > ANGLE_LIMIT);
        let mut pushed = CartPole::start(&mut rng);
        let before = pushed.position;
        for _ in 0..10 {
            pushed.step(true);
        }
        assert!(pushed.position > before && pushed.speed > 0.5);
    }
}
