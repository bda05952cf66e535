//! A numeric CSV with a header row whose last column is a 0/1 label.

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
pub enum TableError {
    #[error("the table is empty: it needs a header row and at least two data rows")]
    Empty,
    #[error("line {line}: {found} columns, but the header has {expected}")]
    Width {
        line: usize,
        found: usize,
        expected: usize,
    },
    #[error("line {line}, column “{column}”: “{text}” is not a number")]
    NotANumber {
        line: usize,
        column: String,
        text: String,
    },
    #[error("line {line}: the label “{text}” is not 0 or 1")]
    Label { line: usize, text: String },
}

/// Rows of features with a binary label.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub feature_names: Vec<String>,
    pub label_name: String,
    pub rows: Vec<Vec<f64>>,
    pub labels: Vec<bool>,
}

impl Table {
    pub fn parse(text: &str) -> Result<Self, TableError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty());
        let (_, header) = lines.next().ok_or(TableError::Empty)?;
        let mut names: Vec<String> = header
            .split(',')
            .map(|name| name.trim().to_string())
            .collect();
        let label_name = names.pop().ok_or(TableError::Empty)?;
        let (mut rows, mut labels) = (Vec::new(), Vec::new());
        for (index, line) in lines {
            let line_number = index + 1;
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            if cells.len() != names.len() + 1 {
                return Err(TableError::Width {
                    line: line_number,
                    found: cells.len(),
                    expected: names.len() + 1,
                });
            }
            let row = cells[..names.len()]
                .iter()
                .zip(&names)
                .map(|(cell, name)| {
                    cell.parse::<f64>()
                        .ok()
                        .filter(|value| value.is_finite())
                        .ok_or_else(|| TableError::NotANumber {
                            line: line_number,
                            column: name.clone(),
                            text: (*cell).to_string(),
                        })
                })
                .collect::<Result<Vec<f64>, _>>()?;
            let label = match cells[names.len()] {
                "0" => false,
                "1" => true,
                other => {
                    return Err(TableError::Label {
                        line: line_number,
                        text: other.to_string(),
                    });
                }
            };
            rows.push(row);
            labels.push(label);
        }
        if rows.len() < 2 {
            return Err(TableError::Empty);
        }
        Ok(Self {
            feature_names: names,
            label_name,
            rows,
            labels,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows at `indices` and their labels.
    pub fn pick(&self, indices: &[usize]) -> (Vec<Vec<f64>>, Vec<bool>) {
        (
            indices
                .iter()
                .map(|&index| self.rows[index].clone())
                .collect(),
            indices.iter().map(|&index| self.labels[index]).collect(),
        )
    }
}
