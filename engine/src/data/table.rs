//! User tables of numbers (CSV, TSV or semicolon-separated) as [`Examples`].
//!
//! A table has a header row naming its columns, then one row per example. Every cell below the
//! header must be a finite number. One column is the label (the target); the others, in file
//! order, are the input features. Lines starting with `#` are comments; blank lines, and rows
//! whose cells are all empty, are skipped.

use super::error::io_reason;
use super::{DataError, Examples};
use csv::ByteRecord;
use std::path::Path;

/// Most cells (columns × data rows) a table may have.
pub const MAX_TABLE_CELLS: usize = 1_000_000;

/// Largest file [`load_table`] reads, in bytes.
pub const MAX_TABLE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How to read a table.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// The byte separating fields; `None` detects it from the header line: tab if it has a
    /// tab, `;` if it has `;` and no `,`, else `,`.
    pub delimiter: Option<u8>,
    /// The header name of the label (target) column; `None` = the last column.
    pub label_column: Option<String>,
}

/// Reads a table file; see [`parse_table`].
pub fn load_table(path: &Path, options: &TableOptions) -> Result<Examples, DataError> {
    let io_error = |reason: String| DataError::Io {
        path: path.display().to_string(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|error| io_error(io_reason(&error)))?;
    if metadata.is_dir() {
        return Err(io_error("this is a directory, not a table file".into()));
    }
    if metadata.len() > MAX_TABLE_FILE_BYTES {
        return Err(io_error(format!(
            "the file has {} bytes; tables may have at most {MAX_TABLE_FILE_BYTES} bytes",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|error| io_error(io_reason(&error)))?;
    parse_table(&bytes, options)
}

/// Parses a table (UTF-8 text, optionally with a byte-order mark) into examples: the label
/// column's numbers become the targets, the other columns the inputs, named by the header.
///
/// Errors name the 1-based physical line (where the offending row starts) and, when one cell
/// is at fault, its 1-based column in the file.
pub fn parse_table(bytes: &[u8], options: &TableOptions) -> Result<Examples, DataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    // Headers are read by hand (not `has_headers`) so that blank lines before them are
    // skipped, and fields are trimmed by hand after looking for line breaks in them.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut lines = LineFinder::new(bytes);
    let mut record = ByteRecord::new();
    let mut header: Option<Header> = None;
    let mut inputs = Vec::new();
    let mut targets = Vec::new();
    while read_record(&mut reader, &mut record, &mut lines)? {
        let line = lines.record_start(record.position().map_or(0, csv::Position::byte));
        check_no_line_breaks(&record, line)?;
        record.trim();
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        let Some(header) = &header else {
            header = Some(Header::parse(&record, line, delimiter, options)?);
            continue;
        };
        let width = header.names.len();
        if record.len() != width {
            return Err(ragged_row_error(record.len(), width, line, delimiter));
        }
        if (targets.len() + 1).saturating_mul(width) > MAX_TABLE_CELLS {
            return Err(table_error(
                line,
                None,
                format!(
                    "the table is too large: at most {MAX_TABLE_CELLS} cells are allowed \
                     ({width} columns × {} rows)",
                    MAX_TABLE_CELLS / width
                ),
            ));
        }
        for (index, field) in record.iter().enumerate() {
            let value = parse_number(cell_text(field, line, index)?)
                .map_err(|reason| table_error(line, Some(index + 1), reason))?;
            if index == header.label_index {
                targets.push(value);
            } else {
                inputs.push(value);
            }
        }
    }
    let Some(header) = header else {
        return Err(table_error(
            1,
            None,
            "the file has no header row (it is empty, or only blank lines and comments); \
             expected a header naming the columns, then rows of numbers"
                .into(),
        ));
    };
    if targets.is_empty() {
        return Err(table_error(
            header.line,
            None,
            "the header has no data rows below it; add at least one row of numbers".into(),
        ));
    }
    let Header {
        mut names,
        label_index,
        ..
    } = header;
    names.remove(label_index);
    Ok(Examples {
        inputs,
        input_width: names.len(),
        targets,
        feature_names: names,
    })
}

/// The header row: column names and which one is the label.
struct Header {
    names: Vec<String>,
    label_index: usize,
    line: u64,
}

impl Header {
    fn parse(
        record: &ByteRecord,
        line: u64,
        delimiter: u8,
        options: &TableOptions,
    ) -> Result<Self, DataError> {
        let mut names: Vec<String> = Vec::with_capacity(record.len());
        for (index, field) in record.iter().enumerate() {
            let name = cell_text(field, line, index)?;
            let error = |reason: String| table_error(line, Some(index + 1), reason);
            if name.is_empty() {
                return Err(error(
                    "this header cell is empty; every column needs a name".into(),
                ));
            }
            if let Some(first) = names.iter().position(|other| other == name) {
                return Err(error(format!(
                    "the column name {} is used twice (first in column {}); names must differ",
                    quoted(name),
                    first + 1
                )));
            }
            names.push(name.to_owned());
        }
        if names.len() < 2 {
            return Err(table_error(
                line,
                None,
                format!(
                    "the header has only 1 column ({}) when split at {}; a table needs at least \
                     2 columns (the inputs and the label); is the delimiter right?",
                    quoted(names.first().map_or("", String::as_str)),
                    delimiter_name(delimiter)
                ),
            ));
        }
        if names.iter().all(|name| name.parse::<f32>().is_ok()) {
            return Err(table_error(
                line,
                None,
                "the first row holds only numbers, so the header row seems to be missing; \
                 add a first row naming the columns"
                    .into(),
            ));
        }
        let label_index = match &options.label_column {
            None => names.len() - 1,
            Some(label) => names.iter().position(|name| name == label).ok_or_else(|| {
                let available: Vec<String> = names.iter().map(|name| quoted(name)).collect();
                table_error(
                    line,
                    None,
                    format!(
                        "there is no column named {} to use as the label; the columns are {}",
                        quoted(label),
                        available.join(", ")
                    ),
                )
            })?,
        };
        Ok(Self {
            names,
            label_index,
            line,
        })
    }
}

/// Reads the next record; `false` at the end of the data.
fn read_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut ByteRecord,
    lines: &mut LineFinder,
) -> Result<bool, DataError> {
    reader.read_byte_record(record).map_err(|error| {
        let line = lines.record_start(error.position().map_or(0, csv::Position::byte));
        table_error(line, None, format!("this row cannot be read: {error}"))
    })
}

/// Finds the physical line where a record starts. (The `csv` crate's record positions point
/// at the end of the previous record, before the blank lines and comments it skips, and its
/// line numbers do not count comment lines.)
struct LineFinder<'a> {
    bytes: &'a [u8],
    /// Bytes before `scanned` hold `line - 1` line feeds.
    scanned: usize,
    line: u64,
}

impl<'a> LineFinder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            scanned: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record whose skipped prefix (blank lines, comments) starts at
    /// byte `gap_start`.
    fn record_start(&mut self, gap_start: u64) -> u64 {
        let mut start = usize::try_from(gap_start).unwrap_or(usize::MAX);
        loop {
            match self.bytes.get(start) {
                Some(b'\n' | b'\r') => start += 1,
                Some(b'#') => {
                    let rest = self.bytes.get(start..).unwrap_or_default();
                    start += rest
                        .iter()
                        .position(|&byte| byte == b'\n')
                        .map_or(rest.len(), |offset| offset + 1);
                }
                _ => break,
            }
        }
        let start = start.min(self.bytes.len());
        if start < self.scanned {
            (self.scanned, self.line) = (0, 1);
        }
        let newly_scanned = self.bytes.get(self.scanned..start).unwrap_or_default();
        self.line += newly_scanned.iter().filter(|&&byte| byte == b'\n').count() as u64;
        self.scanned = start;
        self.line
    }
}

/// Refuses cells spanning lines: numbers never do, so an opening quote was not closed.
fn check_no_line_breaks(record: &ByteRecord, line: u64) -> Result<(), DataError> {
    match record
        .iter()
        .position(|field| field.contains(&b'\n') || field.contains(&b'\r'))
    {
        Some(index) => Err(table_error(
            line,
            Some(index + 1),
            "this cell runs over several lines: is a quote (\") opened here never closed?".into(),
        )),
        None => Ok(()),
    }
}

/// The text of the cell in 0-based column `index`, which must be UTF-8.
fn cell_text(field: &[u8], line: u64, index: usize) -> Result<&str, DataError> {
    std::str::from_utf8(field).map_err(|error| {
        let byte = field.get(error.valid_up_to()).copied().unwrap_or_default();
        table_error(
            line,
            Some(index + 1),
            format!(
                "this cell is not valid UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8"
            ),
        )
    })
}

/// A cell as a finite `f32`, or why it is not one.
fn parse_number(text: &str) -> Result<f32, String> {
    if text.is_empty() {
        return Err("this cell is empty; every cell below the header needs a number".into());
    }
    match text.parse::<f32>() {
        Ok(value) if value.is_finite() => Ok(value),
        Ok(value) if value.is_nan() => Err(format!(
            "{} is not allowed: every cell needs a finite number",
            quoted(text)
        )),
        Ok(_) if text.to_ascii_lowercase().contains("inf") => Err(format!(
            "{} is not allowed: every cell needs a finite number",
            quoted(text)
        )),
        Ok(_) => Err(format!(
            "{} is too large: numbers must lie within ±3.4e38",
            quoted(text)
        )),
        Err(_) if text.contains(',') && text.replace(',', ".").parse::<f32>().is_ok() => {
            Err(format!(
                "{} is not a number: use a dot as the decimal separator ({})",
                quoted(text),
                text.replace(',', ".")
            ))
        }
        Err(_) if text.starts_with('"') => Err(format!(
            "{} is not a number (to quote a cell, put the quote right after the delimiter, \
             with no space before it)",
            quoted(text)
        )),
        Err(_) => Err(format!("{} is not a number", quoted(text))),
    }
}

fn ragged_row_error(found: usize, expected: usize, line: u64, delimiter: u8) -> DataError {
    // Point at the first extra field, or the first missing one.
    let column = found.min(expected) + 1;
    let fields = |count: usize| if count == 1 { "field" } else { "fields" };
    table_error(
        line,
        Some(column),
        format!(
            "this row has {found} {} but the header has {expected} (fields are separated by {})",
            fields(found),
            delimiter_name(delimiter)
        ),
    )
}

/// The delimiter for a table: see [`TableOptions::delimiter`].
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let header_line = bytes
        .split(|&byte| byte == b'\n')
        .find(|line| !line.starts_with(b"#") && !line.trim_ascii().is_empty())
        .unwrap_or_default();
    if header_line.contains(&b'\t') {
        b'\t'
    } else if header_line.contains(&b';') && !header_line.contains(&b',') {
        b';'
    } else {
        b','
    }
}

fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tabs".into(),
        b',' => "commas (,)".into(),
        b';' => "semicolons (;)".into(),
        other => format!("{:?}", char::from(other)),
    }
}

/// A cell's text in quotes for a message, shortened if long.
fn quoted(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        format!("{text:?}")
    } else {
        let start: String = text.chars().take(MAX_CHARS).collect();
        format!("{start:?}…")
    }
}

fn table_error(line: u64, column: Option<usize>, reason: String) -> DataError {
    DataError::Table {
        line,
        column,
        reason,
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
