//! Errors from reading data: user tables, MNIST IDX files and the shipped digits. Each says
//! what is wrong and where (line and column, file, path), in words a visitor can act on.

use thiserror::Error;

/// Why a data file could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DataError {
    /// A CSV/TSV table is malformed, e.g. `line 3, column 2: "abc" is not a number`.
    #[error("line {line}{}: {reason}", column_text(.column))]
    Table {
        /// 1-based physical line in the file (the line where the offending row starts).
        line: u64,
        /// 1-based column in the file (the label column included), when one column is at fault.
        column: Option<usize>,
        /// What is wrong, in words.
        reason: String,
    },
    /// An MNIST IDX file is malformed.
    #[error("{file}: {reason}")]
    Idx {
        /// The file's name or path.
        file: String,
        /// What is wrong, in words.
        reason: String,
    },
    /// A visitor's own points do not fit the playground's plane, e.g.
    /// `data row 7: label 2; a class label is 0 or 1`.
    #[error("{place}: {reason}")]
    Points {
        /// Where: `data row N` (1-based, the header not counted) or `the table`.
        place: String,
        /// What is wrong, in words.
        reason: String,
    },
    /// A file or directory could not be read.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The path that was tried.
        path: String,
        /// What went wrong, in words.
        reason: String,
    },
    /// The digits data built into the engine is damaged (a build problem, not a user error).
    #[error("the built-in digits data is damaged: {reason}")]
    Digits {
        /// What is wrong, in words.
        reason: String,
    },
}

/// `", column N"` when a column is known, else nothing.
fn column_text(column: &Option<usize>) -> String {
    match column {
        Some(column) => format!(", column {column}"),
        None => String::new(),
    }
}

/// An I/O error in words, without the OS error code, e.g. "no such file or directory".
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_error_names_line_and_column() {
        let error = DataError::Table {
            line: 3,
            column: Some(2),
            reason: "\"abc\" is not a number".into(),
        };
        assert_eq!(
            error.to_string(),
            "line 3, column 2: \"abc\" is not a number"
        );
    }

    #[test]
    fn table_error_without_column_names_only_the_line() {
        let error = DataError::Table {
            line: 1,
            column: None,
            reason: "the file is empty".into(),
        };
        assert_eq!(error.to_string(), "line 1: the file is empty");
    }

    #[test]
    fn other_errors_name_their_file() {
        let idx = DataError::Idx {
            file: "train-labels-idx1-ubyte".into(),
            reason: "wrong magic number".into(),
        };
        assert_eq!(
            idx.to_string(),
            "train-labels-idx1-ubyte: wrong magic number"
        );
        let io = DataError::Io {
            path: "/data/mnist".into(),
            reason: "no such directory".into(),
        };
        assert_eq!(io.to_string(), "cannot read /data/mnist: no such directory");
    }
}
