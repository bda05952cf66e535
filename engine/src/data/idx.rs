//! The IDX file format of MNIST (and Fashion-MNIST): big-endian headers, then unsigned bytes.
//!
//! A file starts with a magic number `0x00 0x00 <type> <dimension count>` (type `0x08` =
//! unsigned bytes), then one big-endian `u32` per dimension, then the data. Label files have
//! one dimension (the count, magic `0x00000801`), image files three (count, rows, columns,
//! magic `0x00000803`).

use super::error::io_reason;
use super::{DataError, Examples};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Magic number of an IDX file of unsigned-byte labels.
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Magic number of an IDX file of unsigned-byte images.
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Largest image side (rows or columns) accepted.
pub const MAX_IMAGE_SIDE: usize = 1024;
/// Largest decompressed size of a `.gz` IDX file, in bytes.
pub const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;
/// Largest label [`load_mnist`] accepts: MNIST's classes are the digits 0–9.
pub const MAX_DIGIT: u8 = 9;

/// Which half of MNIST to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MnistSplit {
    /// The 60,000 training images (`train-…` files).
    Train,
    /// The 10,000 test images (`t10k-…` files).
    Test,
}

impl MnistSplit {
    fn file_prefix(self) -> &'static str {
        match self {
            Self::Train => "train",
            Self::Test => "t10k",
        }
    }
}

/// Parses an IDX image file: `(count, rows, columns, pixels)`, pixels row-major per image.
/// `file_name` is only used in error messages.
pub fn parse_idx_images(
    bytes: &[u8],
    file_name: &str,
) -> Result<(usize, usize, usize, Vec<u8>), DataError> {
    let error = |reason: String| DataError::Idx {
        file: file_name.into(),
        reason,
    };
    let (dimensions, data) = parse_header(bytes, IMAGES_MAGIC, file_name)?;
    let [count, rows, columns] = dimensions[..] else {
        return Err(error("an image file needs 3 dimensions".into()));
    };
    for (side, name) in [(rows, "rows"), (columns, "columns")] {
        if !(1..=MAX_IMAGE_SIDE).contains(&side) {
            return Err(error(format!(
                "the images have {side} {name}; allowed: 1 to {MAX_IMAGE_SIDE}"
            )));
        }
    }
    let what = format!("{count} images of {rows}×{columns} pixels");
    let expected = count
        .checked_mul(rows)
        .and_then(|pixels| pixels.checked_mul(columns))
        .ok_or_else(|| error(format!("{what} are too many to load")))?;
    check_data_length(data.len(), expected, &what, file_name)?;
    Ok((count, rows, columns, data.to_vec()))
}

/// Parses an IDX label file into its labels. `file_name` is only used in error messages.
pub fn parse_idx_labels(bytes: &[u8], file_name: &str) -> Result<Vec<u8>, DataError> {
    let (dimensions, data) = parse_header(bytes, LABELS_MAGIC, file_name)?;
    let count = dimensions.first().copied().unwrap_or_default();
    check_data_length(data.len(), count, &format!("{count} labels"), file_name)?;
    Ok(data.to_vec())
}

/// Loads MNIST's training or test split from `dir`, which must hold the images and labels
/// files under their original names (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-…`, or with `.idx3-ubyte` after a dot), each optionally gzip-compressed (`.gz`).
///
/// Inputs are the pixels scaled to 0..=1, named `pixel_<row>_<column>` (0-based); targets are
/// the digits.
pub fn load_mnist(dir: &Path, split: MnistSplit) -> Result<Examples, DataError> {
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(io_error(
                dir,
                "this is a file; expected the MNIST directory".into(),
            ));
        }
        Err(error) => return Err(io_error(dir, io_reason(&error))),
    }
    let prefix = split.file_prefix();
    let images_path = find_file(dir, &format!("{prefix}-images"), "idx3-ubyte")?;
    let labels_path = find_file(dir, &format!("{prefix}-labels"), "idx1-ubyte")?;
    let images_name = images_path.display().to_string();
    let labels_name = labels_path.display().to_string();
    let (count, rows, columns, pixels) =
        parse_idx_images(&read_idx_file(&images_path)?, &images_name)?;
    let labels = parse_idx_labels(&read_idx_file(&labels_path)?, &labels_name)?;
    let labels_error = |reason: String| DataError::Idx {
        file: labels_name.clone(),
        reason,
    };
    if labels.len() != count {
        return Err(labels_error(format!(
            "has {} labels but {images_name} has {count} images; they must match",
            labels.len()
        )));
    }
    if count == 0 {
        return Err(labels_error(
            "has no labels (and the images file no images)".into(),
        ));
    }
    if let Some(index) = labels.iter().position(|&label| label > MAX_DIGIT) {
        let label = labels.get(index).copied().unwrap_or_default();
        return Err(labels_error(format!(
            "label number {} is {label}; MNIST labels are the digits 0 to {MAX_DIGIT}",
            index + 1
        )));
    }
    let feature_names = (0..rows)
        .flat_map(|row| (0..columns).map(move |column| format!("pixel_{row}_{column}")))
        .collect();
    Ok(Examples {
        inputs: pixels
            .iter()
            .map(|&pixel| f32::from(pixel) / 255.0)
            .collect(),
        input_width: rows * columns,
        targets: labels.iter().map(|&label| f32::from(label)).collect(),
        feature_names,
    })
}

/// Checks the magic number and returns the dimensions and the data after the header.
fn parse_header<'a>(
    bytes: &'a [u8],
    magic: u32,
    file_name: &str,
) -> Result<(Vec<usize>, &'a [u8]), DataError> {
    let error = |reason: String| DataError::Idx {
        file: file_name.into(),
        reason,
    };
    let [zero_1, zero_2, type_code, dimension_count] = magic.to_be_bytes();
    let kind = if magic == IMAGES_MAGIC {
        "an image"
    } else {
        "a label"
    };
    let Some(&[found_1, found_2, found_type, found_count]) = bytes.first_chunk::<4>() else {
        return Err(error(format!(
            "the file has only {} bytes; {kind} IDX file starts with a 4-byte magic number",
            bytes.len()
        )));
    };
    if [found_1, found_2] == [0x1F, 0x8B] {
        return Err(error(
            "this file is gzip-compressed; decompress it or give it a .gz name".into(),
        ));
    }
    if [found_1, found_2] != [zero_1, zero_2] {
        return Err(error(format!(
            "not an IDX file: it starts with bytes {found_1:02X} {found_2:02X}, expected 00 00"
        )));
    }
    if found_type != type_code {
        return Err(error(format!(
            "the data type code is 0x{found_type:02X}; only unsigned bytes (0x08), as in MNIST, \
             can be read"
        )));
    }
    if found_count != dimension_count {
        return Err(error(format!(
            "the magic number says {found_count} dimensions; {kind} file has {dimension_count} \
             (is this the {} file?)",
            if magic == IMAGES_MAGIC {
                "labels"
            } else {
                "images"
            }
        )));
    }
    let header_length = 4 + 4 * usize::from(dimension_count);
    let (Some(header), Some(data)) = (bytes.get(4..header_length), bytes.get(header_length..))
    else {
        return Err(error(format!(
            "the file has only {} bytes; its header needs {header_length}",
            bytes.len()
        )));
    };
    let dimensions = header
        .chunks_exact(4)
        .map(|chunk| {
            let value = chunk
                .iter()
                .fold(0u32, |value, &byte| value << 8 | u32::from(byte));
            usize::try_from(value).unwrap_or(usize::MAX)
        })
        .collect();
    Ok((dimensions, data))
}

fn check_data_length(
    found: usize,
    expected: usize,
    what: &str,
    file_name: &str,
) -> Result<(), DataError> {
    let reason = match found.cmp(&expected) {
        std::cmp::Ordering::Equal => return Ok(()),
        std::cmp::Ordering::Less => format!(
            "the file is cut short: {what} need {expected} bytes after the header, found {found}"
        ),
        std::cmp::Ordering::Greater => format!(
            "{what} need {expected} bytes after the header, found {found} \
             ({} extra bytes at the end)",
            found - expected
        ),
    };
    Err(DataError::Idx {
        file: file_name.into(),
        reason,
    })
}

/// The path of `<stem>-<suffix>` in `dir`, also trying `<stem>.<suffix>` and `.gz` names.
fn find_file(dir: &Path, stem: &str, suffix: &str) -> Result<PathBuf, DataError> {
    let names = [
        format!("{stem}-{suffix}"),
        format!("{stem}-{suffix}.gz"),
        format!("{stem}.{suffix}"),
        format!("{stem}.{suffix}.gz"),
    ];
    names
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            io_error(
                &dir.join(&names[0]),
                format!("no such file (also looked for {})", names[1..].join(", ")),
            )
        })
}

/// Reads a file, decompressing it if its name ends in `.gz`.
fn read_idx_file(path: &Path) -> Result<Vec<u8>, DataError> {
    let bytes = std::fs::read(path).map_err(|error| io_error(path, io_reason(&error)))?;
    if path.extension().is_none_or(|extension| extension != "gz") {
        return Ok(bytes);
    }
    let error = |reason: String| DataError::Idx {
        file: path.display().to_string(),
        reason,
    };
    let mut decompressed = Vec::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut decompressed)
        .map_err(|reason| error(format!("cannot decompress this gzip file: {reason}")))?;
    if decompressed.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(error(format!(
            "decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes, the limit"
        )));
    }
    Ok(decompressed)
}

fn io_error(path: &Path, reason: String) -> DataError {
    DataError::Io {
        path: path.display().to_string(),
        reason,
    }
}

#[cfg(test)]
#[path = "idx_tests.rs"]
mod tests;
