//! Model evaluation & hyper-parameter optimisation (chapter 12): confusion matrices, ROC and
//! precision–recall curves at every threshold, and random search against TPE on the same
//! budget. Burn-free: the page runs them on the shipped breast-cancer table.

pub mod curves;
pub mod search;
