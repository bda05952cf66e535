//! What a training session reports after a batch of steps.

use serde::{Deserialize, Serialize};

/// The state of a session after [`crate::train::Session::step`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Optimizer steps taken since the session started.
    pub step: u64,
    /// Mean loss over the whole training set after `step` steps.
    pub train_loss: f32,
    /// Share of training examples classified correctly, 0..=1.
    pub accuracy: f32,
    /// Optimizer steps per second over the last call, read-back included.
    pub steps_per_sec: f32,
}
