//! Reinforcement learning (chapter 9): a grid world solved by tabular Q-learning, and
//! cart-pole balanced by a policy-gradient agent (REINFORCE). Plain `f64` simulations and
//! updates, no Burn: the page's own wasm runs thousands of steps between two frames.

pub mod cart_pole;
pub mod grid_world;
pub mod q_learning;
pub mod reinforce;
