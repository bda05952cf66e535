//! Classifying one image for a [`Query::Classify`], shared by the Burn and the fused CNN
//! paths: the input check, where each convolution's filters and maps lie in the values read
//! back, and the answer made from them.

use crate::query::{Answer, ConvLayerView, Query};

/// Where one convolution layer's values are in a classify read-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvShape {
    /// First-layer filters shown (`filter_side²` values each); 0 for layers that read many
    /// channels.
    pub filters: usize,
    pub filter_side: usize,
    /// Feature maps (`map_side²` values each, after the ReLU, before any pooling).
    pub channels: usize,
    pub map_side: usize,
}

/// The two convolutions of the digits CNN on `side`×`side` images (see `models::cnn`).
pub fn cnn_shapes(side: usize, channels: [usize; 2]) -> Vec<ConvShape> {
    let second_side = if side >= 16 { side / 2 } else { side };
    vec![
        ConvShape {
            filters: channels[0],
            filter_side: 3,
            channels: channels[0],
            map_side: side,
        },
        ConvShape {
            filters: 0,
            filter_side: 3,
            channels: channels[1],
            map_side: second_side,
        },
    ]
}

/// The image of a classify query, if it has `pixels` values, each a number in 0..=1.
pub fn image_of(query: &Query, pixels: usize) -> Result<&[f32], String> {
    let Query::Classify { pixels: image } = query else {
        return Err("this model answers classify queries".into());
    };
    if image.len() != pixels {
        return Err(format!(
            "the image has {} pixels; the model reads {pixels}",
            image.len()
        ));
    }
    if let Some(position) = image.iter().position(|value| !(0.0..=1.0).contains(value)) {
        return Err(format!(
            "pixel {} is {}; pixels are 0 (blank) to 1 (ink)",
            position + 1,
            image[position]
        ));
    }
    Ok(image)
}

/// The answer from `classes` probabilities followed, per layer in `shapes`, by its filters
/// and its maps.
pub fn answer(values: &[f32], classes: usize, shapes: &[ConvShape]) -> Result<Answer, String> {
    let expected = classes
        + shapes
            .iter()
            .map(|shape| {
                shape.filters * shape.filter_side.pow(2) + shape.channels * shape.map_side.pow(2)
            })
            .sum::<usize>();
    if values.len() != expected {
        return Err(format!(
            "read {} values back, expected {expected}",
            values.len()
        ));
    }
    let (probabilities, mut rest) = values.split_at(classes);
    let mut layers = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let (filters, after) = rest.split_at(shape.filters * shape.filter_side.pow(2));
        let (maps, after) = after.split_at(shape.channels * shape.map_side.pow(2));
        rest = after;
        let chunked = |values: &[f32], size: usize| -> Vec<Vec<f32>> {
            values.chunks(size.max(1)).map(<[f32]>::to_vec).collect()
        };
        layers.push(ConvLayerView {
            filter_side: shape.filter_side,
            filters: chunked(filters, shape.filter_side.pow(2)),
            map_side: shape.map_side,
            maps: chunked(maps, shape.map_side.pow(2)),
        });
    }
    Ok(Answer::Classes {
        probabilities: probabilities.to_vec(),
        layers,
    })
}

/// Softmax of one row of logits (one logit: the sigmoid, as [P(0), P(1)]).
pub fn probabilities(logits: &[f32]) -> Vec<f32> {
    if let [logit] = logits {
        let one = 1.0 / (1.0 + (-logit).exp());
        return vec![1.0 - one, one];
    }
    let largest = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|&z| (z - largest).exp()).collect();
    let total: f32 = exps.iter().sum();
    exps.iter().map(|&e| e / total).collect()
}
