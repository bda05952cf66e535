//! Seeded weight initialisation on the host.
//!
//! Burn's own initialisers draw from the backend's random generator, which is global to the
//! process (two sessions in one process would interleave their draws). Every model here is
//! re-initialised from its own seeded generator instead, so the same spec starts from the same
//! weights on every device and in any process.

use burn::module::{Module, ModuleMapper, Param};
use burn::tensor::{Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Replaces every parameter of `model` with values drawn from `seed`: weight matrices and
/// kernels Glorot-uniform, embeddings uniform in ±1, biases and layer-norm shifts zero,
/// layer-norm scales one.
pub fn seeded<M: Module>(model: M, seed: u64) -> M {
    model.map(&mut SeededInit {
        rng: StdRng::seed_from_u64(seed),
        path: Vec::new(),
    })
}

struct SeededInit {
    rng: StdRng,
    /// `(field name, container type)` of the modules entered so far.
    path: Vec<(String, String)>,
}

impl ModuleMapper for SeededInit {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path
            .push((name.to_string(), container_type.to_string()));
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let name = self
            .path
            .last()
            .map(|(name, _)| name.as_str())
            .unwrap_or("");
        let in_embedding = self.path.iter().any(|(_, kind)| kind == "Struct:Embedding");
        let rng = &mut self.rng;
        param.map(|tensor| {
            let dims = tensor.dims();
            let count: usize = dims.iter().product();
            let values: Vec<f32> = match name {
                "gamma" => vec![1.0; count],
                "beta" | "bias" => vec![0.0; count],
                _ if in_embedding => (0..count).map(|_| rng.random_range(-1.0..1.0)).collect(),
                _ => glorot_values(&dims, rng),
            };
            let require_grad = tensor.is_require_grad();
            Tensor::<D>::from_data(TensorData::new(values, dims), &tensor.device())
                .set_require_grad(require_grad)
        })
    }
}

/// Glorot-uniform values for a weight of shape `dims` (see [`fans`]), drawn from `rng`.
pub fn glorot_values(dims: &[usize], rng: &mut StdRng) -> Vec<f32> {
    let count: usize = dims.iter().product();
    let limit = (6.0 / fans(dims) as f32).sqrt();
    (0..count)
        .map(|_| rng.random_range(-limit..limit))
        .collect()
}

/// fan-in + fan-out of a weight: `[inputs, outputs]` for dense layers, `[outputs, inputs,
/// k₁, k₂]` for convolutions.
fn fans(dims: &[usize]) -> usize {
    match dims {
        [inputs, outputs] => inputs + outputs,
        [outputs, inputs, kernel @ ..] => {
            let receptive: usize = kernel.iter().product();
            (inputs + outputs) * receptive
        }
        _ => dims.iter().sum::<usize>().max(1),
    }
}
