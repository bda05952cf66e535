//! A small dense matrix of `f64`, row by row: enough for graphs of a few hundred nodes.

#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f64>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self {
            rows,
            cols,
            values: vec![0.0; rows * cols],
        }
    }

    pub fn identity(size: usize) -> Self {
        let mut matrix = Self::zeros(size, size);
        for index in 0..size {
            matrix.set(index, index, 1.0);
        }
        matrix
    }

    pub fn get(&self, row: usize, col: usize) -> f64 {
        self.values[row * self.cols + col]
    }

    pub fn set(&mut self, row: usize, col: usize, value: f64) {
        self.values[row * self.cols + col] = value;
    }

    pub fn row(&self, row: usize) -> &[f64] {
        &self.values[row * self.cols..(row + 1) * self.cols]
    }

    /// `self · other`.
    pub fn matmul(&self, other: &Matrix) -> Matrix {
        let mut product = Matrix::zeros(self.rows, other.cols);
        for row in 0..self.rows {
            for inner in 0..self.cols {
                let left = self.get(row, inner);
                if left == 0.0 {
                    continue;
                }
                let out = &mut product.values[row * other.cols..(row + 1) * other.cols];
                for (value, right) in out.iter_mut().zip(other.row(inner)) {
                    *value += left * right;
                }
            }
        }
        product
    }

    /// `selfᵀ · other`.
    pub fn transpose_matmul(&self, other: &Matrix) -> Matrix {
        self.transpose().matmul(other)
    }

    /// `self · otherᵀ`.
    pub fn matmul_transpose(&self, other: &Matrix) -> Matrix {
        self.matmul(&other.transpose())
    }

    pub fn transpose(&self) -> Matrix {
        let mut transposed = Matrix::zeros(self.cols, self.rows);
        for row in 0..self.rows {
            for col in 0..self.cols {
                transposed.set(col, row, self.get(row, col));
            }
        }
        transposed
    }

    /// Adds `other` (of the same shape) in place.
    pub fn add_assign(&mut self, other: &Matrix) {
        for (value, added) in self.values.iter_mut().zip(&other.values) {
            *value += added;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Matrix;

    #[test]
    fn products_and_transposes_agree() {
        let a = Matrix {
            rows: 2,
            cols: 3,
            values: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        };
        let b = Matrix {
            rows: 3,
            cols: 1,
            values: vec![1.0, 0.0, -1.0],
        };
        assert_eq!(a.matmul(&b).values, vec![-2.0, -2.0]);
        assert_eq!(a.transpose_matmul(&a).get(0, 0), 17.0);
        assert_eq!(a.matmul_transpose(&a).values, vec![14.0, 32.0, 32.0, 77.0]);
        assert_eq!(Matrix::identity(3).matmul(&b), b);
    }
}
