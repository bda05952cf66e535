//! The 8×8 handwritten digits shipped with the engine: 1,797 images from the UCI "Optical
//! Recognition of Handwritten Digits" data set (Alpaydin & Kaynak, 1998; CC BY 4.0), as copied
//! by scikit-learn. See `content/data/DIGITS-LICENSE.md`.

use super::{DataError, Examples};
use std::io::Read;

/// The data file: gzip-compressed CSV, one image per line, 64 pixels (0..=16, row-major) then
/// the digit, no header.
pub const DIGITS_CSV_GZ: &[u8] = include_bytes!("../../../content/data/digits.csv.gz");

/// Number of images in [`DIGITS_CSV_GZ`].
pub const DIGITS_COUNT: usize = 1_797;
/// Side of each (square) image, in pixels.
pub const DIGITS_SIDE: usize = 8;
/// Largest pixel value in the file: each pixel counts the set pixels of a 4×4 block.
pub const DIGITS_MAX_PIXEL: u8 = 16;

/// The digits: inputs are the 64 pixels scaled to 0..=1 (÷16), named `pixel_<row>_<column>`
/// (0-based); targets are the digits 0–9.
pub fn digits() -> Result<Examples, DataError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DIGITS_CSV_GZ)
        .read_to_string(&mut text)
        .map_err(|error| digits_error(format!("cannot decompress it: {error}")))?;
    let width = DIGITS_SIDE * DIGITS_SIDE;
    let mut inputs = Vec::with_capacity(DIGITS_COUNT * width);
    let mut targets = Vec::with_capacity(DIGITS_COUNT);
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let mut fields = line.split(',');
        for column in 1..=width {
            let pixel = parse_field(fields.next(), DIGITS_MAX_PIXEL, line_number, column)?;
            inputs.push(f32::from(pixel) / f32::from(DIGITS_MAX_PIXEL));
        }
        let digit = parse_field(fields.next(), 9, line_number, width + 1)?;
        targets.push(f32::from(digit));
        if fields.next().is_some() {
            return Err(digits_error(format!(
                "line {line_number} has more than {} fields",
                width + 1
            )));
        }
    }
    if targets.len() != DIGITS_COUNT {
        return Err(digits_error(format!(
            "it has {} images, expected {DIGITS_COUNT}",
            targets.len()
        )));
    }
    let feature_names = (0..DIGITS_SIDE)
        .flat_map(|row| (0..DIGITS_SIDE).map(move |column| format!("pixel_{row}_{column}")))
        .collect();
    Ok(Examples {
        inputs,
        input_width: width,
        targets,
        feature_names,
    })
}

/// One field as an integer in `0..=max`.
fn parse_field(field: Option<&str>, max: u8, line: usize, column: usize) -> Result<u8, DataError> {
    let where_ = || format!("line {line}, column {column}");
    let field = field.ok_or_else(|| digits_error(format!("{} is missing", where_())))?;
    match field.trim().parse::<u8>() {
        Ok(value) if value <= max => Ok(value),
        _ => Err(digits_error(format!(
            "{}: {field:?} is not an integer from 0 to {max}",
            where_()
        ))),
    }
}

fn digits_error(reason: String) -> DataError {
    DataError::Digits { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_1797_images_of_64_pixels_in_range() {
        let examples = digits().unwrap();
        assert_eq!(examples.len(), DIGITS_COUNT);
        assert_eq!(examples.input_width, 64);
        assert_eq!(examples.inputs.len(), DIGITS_COUNT * 64);
        assert_eq!(examples.feature_names.len(), 64);
        assert_eq!(examples.feature_names[9], "pixel_1_1");
        assert!(
            examples
                .inputs
                .iter()
                .all(|pixel| (0.0..=1.0).contains(pixel))
        );
        assert!(examples.inputs.contains(&1.0), "some pixel is fully set");
    }

    #[test]
    fn every_digit_has_150_to_200_examples() {
        let examples = digits().unwrap();
        let mut counts = [0usize; 10];
        for &target in &examples.targets {
            assert_eq!(target.fract(), 0.0);
            assert!((0.0..=9.0).contains(&target), "{target}");
            counts[target as usize] += 1;
        }
        for (digit, count) in counts.iter().enumerate() {
            assert!(
                (150..=200).contains(count),
                "digit {digit}: {count} examples"
            );
        }
    }

    /// Classifying each image by the nearest class mean works only if images and labels line up.
    #[test]
    fn nearest_class_mean_classifies_well() {
        let examples = digits().unwrap();
        let width = examples.input_width;
        let mut sums = vec![0f64; 10 * width];
        let mut counts = [0f64; 10];
        for index in 0..examples.len() {
            let class = examples.targets[index] as usize;
            counts[class] += 1.0;
            for (sum, &pixel) in sums[class * width..].iter_mut().zip(examples.row(index)) {
                *sum += f64::from(pixel);
            }
        }
        let means: Vec<Vec<f64>> = (0..10)
            .map(|class| {
                let sum = &sums[class * width..(class + 1) * width];
                sum.iter().map(|value| value / counts[class]).collect()
            })
            .collect();
        let correct = (0..examples.len())
            .filter(|&index| {
                let distance = |mean: &Vec<f64>| -> f64 {
                    let row = examples.row(index);
                    mean.iter()
                        .zip(row)
                        .map(|(m, &p)| (m - f64::from(p)).powi(2))
                        .sum()
                };
                let nearest = (0..10)
                    .min_by(|&a, &b| distance(&means[a]).total_cmp(&distance(&means[b])))
                    .unwrap();
                nearest as f32 == examples.targets[index]
            })
            .count();
        let accuracy = correct as f64 / examples.len() as f64;
        assert!(accuracy > 0.85, "nearest-class-mean accuracy {accuracy}");
    }
}
