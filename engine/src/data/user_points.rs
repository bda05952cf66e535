//! A visitor's own 2-D points (CSV/TSV text) placed on the toy plane, so that everything the
//! playground does with a generated set (features, heatmaps, points) works with them too.

use super::DataError;
use super::table::{TableOptions, parse_table};
use super::toy::{DATA_EXTENT, Points};

/// The points fill this share of the plane's half-width, leaving a margin.
const FILL: f32 = 0.9;

/// Reads `text` (header, two numeric columns, label last) into points on the plane. Each
/// column is scaled on its own to ±0.9 × the plane's extent. Class labels must be 0 or 1;
/// values are scaled into −1…1 by their largest magnitude.
pub fn user_points(text: &str, regression: bool) -> Result<Points, DataError> {
    let table = parse_table(text.as_bytes(), &TableOptions::default())?;
    if table.input_width != 2 {
        return Err(DataError::Points {
            place: "the table".into(),
            reason: format!(
                "it has {} column(s) besides the label ({}); the playground draws two, x₁ and x₂",
                table.input_width,
                table.feature_names.join(", ")
            ),
        });
    }
    if table.len() < 4 {
        return Err(DataError::Points {
            place: "the table".into(),
            reason: format!(
                "it has {} data row(s); at least 4 are needed for training and test points",
                table.len()
            ),
        });
    }
    let mut targets = table.targets.clone();
    if regression {
        let largest = targets.iter().fold(0.0f32, |m, t| m.max(t.abs()));
        if largest > 0.0 {
            targets.iter_mut().for_each(|t| *t /= largest);
        }
    } else if let Some(row) = targets.iter().position(|&t| t != 0.0 && t != 1.0) {
        return Err(DataError::Points {
            place: format!("data row {}", row + 1),
            reason: format!(
                "label {}; a class label is 0 or 1 (or choose a regression data set)",
                targets[row]
            ),
        });
    }
    let scale = |column: usize| {
        let values = table.inputs.iter().skip(column).step_by(2);
        let (low, high) = values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        let middle = (low + high) / 2.0;
        let half_range = (high - low) / 2.0;
        move |value: f32| {
            if half_range > 0.0 {
                (value - middle) / half_range * FILL * DATA_EXTENT
            } else {
                0.0
            }
        }
    };
    let (scale_x1, scale_x2) = (scale(0), scale(1));
    Ok(Points {
        coordinates: table
            .inputs
            .chunks_exact(2)
            .map(|row| [scale_x1(row[0]), scale_x2(row[1])])
            .collect(),
        targets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_scaled_onto_the_plane_with_their_labels() {
        let points = user_points(
            "height,weight,label\n150,50,0\n200,100,1\n175,75,1\n160,90,0\n",
            false,
        )
        .unwrap();
        let edge = FILL * DATA_EXTENT;
        assert_eq!(points.coordinates[0], [-edge, -edge]);
        assert_eq!(points.coordinates[1], [edge, edge]);
        assert_eq!(points.coordinates[2], [0.0, 0.0]);
        assert_eq!(points.targets, [0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn regression_values_are_scaled_into_minus_one_to_one() {
        let points = user_points("a\tb\ty\n0\t0\t-4\n1\t1\t2\n2\t0\t1\n0\t2\t0\n", true).unwrap();
        assert_eq!(points.targets, [-1.0, 0.5, 0.25, 0.0]);
    }

    #[test]
    fn tables_that_do_not_fit_say_where_and_why() {
        let cases = [
            (
                "x,label\n1,0\n2,1\n3,0\n4,1\n",
                "the table: it has 1 column(s)",
            ),
            (
                "x,y,label\n1,2,0\n3,4,1\n",
                "the table: it has 2 data row(s)",
            ),
            (
                "x,y,label\n1,2,0\n3,4,1\n5,6,2\n7,8,0\n",
                "data row 3: label 2",
            ),
            ("x,y,label\n1,2,0\n3,oops,1\n", "line 3, column 2"),
        ];
        for (text, expected) in cases {
            let error = user_points(text, false).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error:?} for {text:?}");
        }
    }
}
