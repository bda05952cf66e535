//! The fast gradient sign method (Goodfellow and others, 2015), shared by the Burn and the
//! fused paths: each path computes the sign of the loss's gradient with respect to the
//! held-out images and the classes the model reads at every ε; this module checks the query
//! and turns those into the answer.

use crate::query::{Answer, AttackExample, Query};
use burn::tensor::{Int, Tensor};

/// At most this many ε per query, and examples shown.
const MAX_EPSILONS: usize = 16;
const MAX_SHOWN: usize = 16;
/// The first held-out images whose gradient signs are read back, to pick examples from.
pub const EXAMPLE_POOL: usize = 64;

/// A checked attack query.
pub struct Attack<'a> {
    pub epsilons: &'a [f32],
    pub shown_epsilon: f32,
    pub shown: usize,
}

impl Attack<'_> {
    /// Every ε the model must be run at: the asked ones, then the examples' ε.
    pub fn all_epsilons(&self) -> Vec<f32> {
        let mut all = self.epsilons.to_vec();
        all.push(self.shown_epsilon);
        all
    }
}

/// The attack `query` asks for, or why it cannot be run.
pub fn check(query: &Query) -> Result<Attack<'_>, String> {
    let Query::Attack {
        epsilons,
        shown_epsilon,
        shown,
    } = query
    else {
        return Err("not an attack".into());
    };
    if epsilons.is_empty() || epsilons.len() > MAX_EPSILONS {
        return Err(format!(
            "ask for 1 to {MAX_EPSILONS} values of ε, not {}",
            epsilons.len()
        ));
    }
    if let Some(bad) = epsilons
        .iter()
        .chain([shown_epsilon])
        .find(|epsilon| !(0.0..=1.0).contains(*epsilon))
    {
        return Err(format!(
            "ε is {bad}; it must be 0 to 1 (pixels run from 0 to 1)"
        ));
    }
    if *shown > MAX_SHOWN {
        return Err(format!(
            "at most {MAX_SHOWN} examples are shown, not {shown}"
        ));
    }
    Ok(Attack {
        epsilons,
        shown_epsilon: *shown_epsilon,
        shown: *shown,
    })
}

/// `image` moved by `epsilon` along `sign`, kept in 0..=1.
pub fn attacked(image: &[f32], sign: &[f32], epsilon: f32) -> Vec<f32> {
    image
        .iter()
        .zip(sign)
        .map(|(&pixel, &direction)| (pixel + epsilon * direction).clamp(0.0, 1.0))
        .collect()
}

/// What a path computed for an attack.
pub struct Readout<'a> {
    pub labels: &'a [usize],
    /// Per ε of [`Attack::all_epsilons`], the class read in every held-out image.
    pub predictions: &'a [Vec<usize>],
    /// The first held-out images (up to [`EXAMPLE_POOL`]), row after row, and their signs.
    pub images: &'a [f32],
    pub signs: &'a [f32],
    pub pixels: usize,
    /// The class read in each of those images without an attack.
    pub clean: &'a [usize],
}

/// The answer from a path's readout.
pub fn answer(attack: &Attack<'_>, readout: &Readout<'_>) -> Answer {
    let count = readout.labels.len().max(1) as f32;
    let accuracy = |predicted: &Vec<usize>| {
        let right = predicted
            .iter()
            .zip(readout.labels)
            .filter(|(p, l)| p == l)
            .count();
        right as f32 / count
    };
    let accuracies = readout.predictions[..attack.epsilons.len()]
        .iter()
        .map(accuracy)
        .collect();
    let shown_predictions = &readout.predictions[attack.epsilons.len()];
    let examples = readout
        .images
        .chunks_exact(readout.pixels)
        .zip(readout.signs.chunks_exact(readout.pixels))
        .enumerate()
        .filter(|&(index, _)| readout.clean[index] == readout.labels[index])
        .take(attack.shown)
        .map(|(index, (image, sign))| AttackExample {
            label: readout.labels[index],
            attacked_as: shown_predictions[index],
            image: image.to_vec(),
            attacked: attacked(image, sign, attack.shown_epsilon),
        })
        .collect();
    Answer::Attack {
        epsilons: attack.epsilons.to_vec(),
        accuracies,
        side: (readout.pixels as f64).sqrt().round() as usize,
        examples,
    }
}

/// The Burn path's attack, as one tensor to read back: per ε of [`Attack::all_epsilons`] the
/// class read in every held-out image, then the clean classes, the labels, and the first
/// [`EXAMPLE_POOL`] images and their gradient signs. `outputs` runs the model with autodiff,
/// `classify` without; `loss` is the task's loss of outputs against `classes`.
pub fn burn_readout(
    attack: &Attack<'_>,
    inputs: Tensor<2>,
    classes: Tensor<1, Int>,
    outputs: impl Fn(Tensor<2>) -> Tensor<2>,
    classify: impl Fn(Tensor<2>) -> Tensor<2>,
    loss: impl Fn(Tensor<2>) -> Tensor<1>,
) -> Result<Tensor<1>, String> {
    let [rows, width] = inputs.dims();
    let tracked = inputs.clone().require_grad();
    let gradients = loss(outputs(tracked.clone())).backward();
    let signs = tracked
        .grad(&gradients)
        .ok_or("the images got no gradient")?
        .sign();
    let clean = inputs.inner();
    let read = |images: Tensor<2>| classify(images).argmax(1).float().flatten::<1>(0, 1);
    let mut parts: Vec<Tensor<1>> = attack
        .all_epsilons()
        .into_iter()
        .map(|epsilon| read((clean.clone() + signs.clone() * epsilon).clamp(0.0, 1.0)))
        .collect();
    parts.push(read(clean.clone()));
    parts.push(classes.inner().float());
    let pool = rows.min(EXAMPLE_POOL);
    parts.push(clean.slice([0..pool, 0..width]).flatten(0, 1));
    parts.push(signs.slice([0..pool, 0..width]).flatten(0, 1));
    Ok(Tensor::cat(parts, 0))
}

/// The answer from the values [`burn_readout`] read back, for `rows` held-out images of
/// `width` pixels.
pub fn burn_answer(
    attack: &Attack<'_>,
    values: &[f32],
    rows: usize,
    width: usize,
) -> Result<Answer, String> {
    let sets = attack.all_epsilons().len();
    let pool = rows.min(EXAMPLE_POOL) * width;
    if values.len() != (sets + 2) * rows + 2 * pool {
        return Err(format!("read {} values back for an attack", values.len()));
    }
    let classes = |chunk: &[f32]| chunk.iter().map(|&c| c as usize).collect::<Vec<_>>();
    let (predicted, rest) = values.split_at(sets * rows);
    let predictions: Vec<Vec<usize>> = predicted.chunks_exact(rows).map(classes).collect();
    let (clean, rest) = rest.split_at(rows);
    let (labels, rest) = rest.split_at(rows);
    let (images, signs) = rest.split_at(pool);
    Ok(answer(
        attack,
        &Readout {
            labels: &classes(labels),
            predictions: &predictions,
            images,
            signs,
            pixels: width,
            clean: &classes(clean),
        },
    ))
}
