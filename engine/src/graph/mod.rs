//! Graph machine learning (chapter 8): graphs read from small CSV files, the karate club, a
//! two-layer graph network (GCN or GraphSAGE-style mean aggregation) with hand-written
//! gradients, message passing one step at a time, which edges a prediction rests on, and a
//! layout to draw it all. Plain `f64` arithmetic, no Burn: the page's own wasm trains a
//! network on 34 nodes faster than it could start the engine worker.

pub mod aggregation;
pub mod edge_list;
pub mod explain;
pub mod karate;
pub mod layout;
pub mod matrix;
pub mod network;
pub mod propagation;
