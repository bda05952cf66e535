//! How the fused path spreads work over cores: natively through rayon (the pool `flex` and
//! `gemm` use), in the browser's single-threaded wasm not at all. The two versions are whole
//! modules chosen by target, so the callers read the same either way.

pub use threads::{adam_chunks, for_product};

#[cfg(not(target_arch = "wasm32"))]
mod threads {
    use rayon::prelude::*;

    /// A matrix product splits across threads from this many multiply-adds on: below it,
    /// waking the pool costs more than the arithmetic saves (`flex` uses the same threshold).
    const PARALLEL_PRODUCT: usize = 192 * 192 * 192;

    /// Elementwise updates split across threads in chunks of this many values.
    const CHUNK: usize = 16 * 1024;

    /// How `gemm` should run a product of `multiply_adds` multiply-adds.
    pub fn for_product(multiply_adds: usize) -> gemm::Parallelism {
        if multiply_adds >= PARALLEL_PRODUCT {
            gemm::Parallelism::Rayon(0)
        } else {
            gemm::Parallelism::None
        }
    }

    /// Runs `update` over matching chunks of a parameter, its gradient and its two moments.
    pub fn adam_chunks(
        param: &mut [f32],
        grad: &[f32],
        (first, second): (&mut [f32], &mut [f32]),
        update: impl Fn(&mut [f32], &[f32], &mut [f32], &mut [f32]) + Sync,
    ) {
        if param.len() < 2 * CHUNK {
            return update(param, grad, first, second);
        }
        param
            .par_chunks_mut(CHUNK)
            .zip(grad.par_chunks(CHUNK))
            .zip(first.par_chunks_mut(CHUNK))
            .zip(second.par_chunks_mut(CHUNK))
            .for_each(|(((p, g), m), v)| update(p, g, m, v));
    }
}

#[cfg(target_arch = "wasm32")]
mod threads {
    pub fn for_product(_multiply_adds: usize) -> gemm::Parallelism {
        gemm::Parallelism::None
    }

    pub fn adam_chunks(
        param: &mut [f32],
        grad: &[f32],
        (first, second): (&mut [f32], &mut [f32]),
        update: impl Fn(&mut [f32], &[f32], &mut [f32], &mut [f32]),
    ) {
        update(param, grad, first, second)
    }
}
