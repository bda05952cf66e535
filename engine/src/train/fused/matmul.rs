//! Matrix products for the fused path: a safe front to the `gemm` crate (the kernels Burn's
//! `flex` backend uses), with every operand's extent checked against its slice before the
//! call, and plain loops for products too small to be worth packing.
//!
//! This is the one module of the workspace that allows `unsafe`: `gemm::gemm` takes raw
//! pointers and strides. Each call below is preceded by the checks that make it sound.
#![allow(unsafe_code)]

use super::parallel;
use std::cell::Cell;

/// A read-only `rows × cols` matrix over a slice, row-major or read transposed.
#[derive(Clone, Copy)]
pub struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// The row-major `rows × cols` matrix stored in `data`.
    pub fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Self {
        assert!(
            data.len() >= rows * cols,
            "matrix slice shorter than its shape"
        );
        Self {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The same numbers read as the transposed matrix (no copy).
    pub fn transposed(self) -> Self {
        Self {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }

    fn at(&self, row: usize, col: usize) -> f32 {
        self.data[row * self.row_stride + col * self.col_stride]
    }
}

/// Below this many multiply-adds a product runs as plain loops: packing operands for the
/// blocked kernels costs more than it saves (the playground's layers have a few dozen
/// weights).
const SMALL_PRODUCT: usize = 16 * 16 * 16;

thread_local! {
    /// Set while [`in_portable_order`] runs: every product runs as plain loops.
    static PORTABLE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` with every product of this thread summed in the plain loops' order, which is
/// the same in wasm and natively (`gemm`'s kernels differ by target: FMA and wider vectors
/// natively), so the numbers come out bit-identical in both. Scripts train this way, so that
/// a cell shows the same digits in the browser and on the local runner.
pub fn in_portable_order<R>(work: impl FnOnce() -> R) -> R {
    let before = PORTABLE.replace(true);
    let result = work();
    PORTABLE.set(before);
    result
}

/// Whether a product of `multiply_adds` runs as plain loops.
fn plain(multiply_adds: usize) -> bool {
    multiply_adds < SMALL_PRODUCT || PORTABLE.get()
}

/// `out += a · b`, where `out` is the row-major `a.rows × b.cols` matrix.
pub fn multiply_add(out: &mut [f32], a: MatRef<'_>, b: MatRef<'_>) {
    product(out, a, b, true);
}

/// `out = a · b`, whatever `out` held (which saves clearing and reading it).
pub fn multiply(out: &mut [f32], a: MatRef<'_>, b: MatRef<'_>) {
    product(out, a, b, false);
}

fn product(out: &mut [f32], a: MatRef<'_>, b: MatRef<'_>, accumulate: bool) {
    assert_eq!(a.cols, b.rows, "inner dimensions differ");
    let (m, n, k) = (a.rows, b.cols, a.cols);
    assert!(out.len() >= m * n, "output slice shorter than its shape");
    if !accumulate && (k == 0 || plain(m * n * k)) {
        out[..m * n].fill(0.0);
    }
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    if plain(m * n * k) {
        small_multiply_add(out, a, b);
        return;
    }
    // Sound because: the shapes agree (asserted above), and every element `gemm` reads or
    // writes, at `row·row_stride + col·col_stride` for `row < rows`, `col < cols`, lies in its
    // slice (checked by `assert_fits`); the output does not alias the inputs (`&mut`).
    assert_fits(&a);
    assert_fits(&b);
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.data.as_ptr(),
            a.col_stride as isize,
            a.row_stride as isize,
            b.data.as_ptr(),
            b.col_stride as isize,
            b.row_stride as isize,
            if accumulate { 1.0 } else { 0.0 },
            1.0,
            false,
            false,
            false,
            parallel::for_product(m * n * k),
        );
    }
}

/// `out += a · b` as plain loops, reading `b` along contiguous memory where it can.
fn small_multiply_add(out: &mut [f32], a: MatRef<'_>, b: MatRef<'_>) {
    let (n, k) = (b.cols, a.cols);
    for (row, out_row) in out.chunks_exact_mut(n).take(a.rows).enumerate() {
        if b.col_stride == 1 {
            // Row-major `b`: add each of its rows, scaled.
            for inner in 0..k {
                let scale = a.at(row, inner);
                let b_row = &b.data[inner * b.row_stride..][..n];
                for (o, &value) in out_row.iter_mut().zip(b_row) {
                    *o += scale * value;
                }
            }
        } else if b.row_stride == 1 && a.col_stride == 1 {
            // Transposed `b`: each output is a dot product of two contiguous runs.
            let a_row = &a.data[row * a.row_stride..][..k];
            for (col, o) in out_row.iter_mut().enumerate() {
                let b_col = &b.data[col * b.col_stride..][..k];
                *o += a_row.iter().zip(b_col).map(|(x, y)| x * y).sum::<f32>();
            }
        } else {
            for (col, o) in out_row.iter_mut().enumerate() {
                *o += (0..k)
                    .map(|inner| a.at(row, inner) * b.at(inner, col))
                    .sum::<f32>();
            }
        }
    }
}

/// Panics unless the last element of `matrix` lies inside its slice.
fn assert_fits(matrix: &MatRef<'_>) {
    let last = (matrix.rows - 1) * matrix.row_stride + (matrix.cols - 1) * matrix.col_stride;
    assert!(last < matrix.data.len(), "matrix extends past its slice");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook triple loop, as the reference.
    fn reference(a: MatRef<'_>, b: MatRef<'_>) -> Vec<f32> {
        let mut out = vec![0.0; a.rows * b.cols];
        for row in 0..a.rows {
            for col in 0..b.cols {
                out[row * b.cols + col] = (0..a.cols).map(|i| a.at(row, i) * b.at(i, col)).sum();
            }
        }
        out
    }

    fn numbers(len: usize, seed: u32) -> Vec<f32> {
        (0..len)
            .map(|i| (((i as u32).wrapping_mul(2_654_435_761) ^ seed) % 1000) as f32 / 500.0 - 1.0)
            .collect()
    }

    #[test]
    fn products_match_the_triple_loop_in_every_orientation_and_size() {
        for &(m, n, k) in &[(3, 2, 4), (10, 8, 8), (128, 64, 96), (70, 33, 129)] {
            let a_data = numbers(m * k, 1);
            let b_data = numbers(k * n, 2);
            // `a` laid out transposed in memory, to read back through `transposed()`.
            let a_t_data: Vec<f32> = (0..k * m).map(|i| a_data[(i % m) * k + i / m]).collect();
            let a = MatRef::row_major(&a_data, m, k);
            let a_via_t = MatRef::row_major(&a_t_data, k, m).transposed();
            let b = MatRef::row_major(&b_data, k, n);
            let expected = reference(a, b);
            for lhs in [a, a_via_t] {
                let mut out = vec![0.5; m * n];
                multiply_add(&mut out, lhs, b);
                for (got, want) in out.iter().zip(&expected) {
                    assert!((got - (want + 0.5)).abs() < 1e-4, "{m}×{k}·{k}×{n}");
                }
            }
        }
    }
}
