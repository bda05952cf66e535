//! Metric learning: an encoder learns codes whose distances mean something, from labels
//! (triplet loss) or from the images alone (contrastive loss on two augmented views).
//!
//! Accuracy is the nearest-class-centre accuracy of the test codes, the centres being the
//! mean training code of each class: how well the codes separate digits that the contrastive
//! objective never saw labels for.

use crate::data::Examples;
use crate::report::Snapshot;
use crate::seeded::Rng;
use crate::spec::{EncoderObjective, ReportSpec};
use crate::train::loss::cross_entropy;
use crate::train::models::Encoder;
use crate::train::task::Task;
use crate::train::tasks::embedding;
use burn::tensor::{Device, Int, Tensor, TensorData, activation};

/// Examples the losses are evaluated on, per set.
const EVALUATED: usize = 256;
/// Training examples whose codes give the class centres.
const CENTRE_EXAMPLES: usize = 1024;

/// One set of examples, on the host (to build triplets and views) and on the device.
struct Set {
    examples: Examples,
    by_class: Vec<Vec<usize>>,
    inputs: Tensor<2>,
}

impl Set {
    fn new(examples: Examples, device: &Device) -> Self {
        let classes = examples
            .targets
            .iter()
            .map(|&t| t as usize + 1)
            .max()
            .unwrap_or(1);
        let mut by_class = vec![Vec::new(); classes];
        for (index, &label) in examples.targets.iter().enumerate() {
            by_class[label as usize].push(index);
        }
        let shape = [examples.len(), examples.input_width];
        let inputs = Tensor::from_data(TensorData::new(examples.inputs.clone(), shape), device);
        Self {
            examples,
            by_class,
            inputs,
        }
    }
}

pub struct MetricLearning {
    train: Set,
    test: Set,
    objective: EncoderObjective,
    batch_size: usize,
    seed: u64,
    side: usize,
    device: Device,
}

impl MetricLearning {
    pub fn new(
        train: Examples,
        test: Examples,
        objective: EncoderObjective,
        batch_size: usize,
        seed: u64,
        device: &Device,
    ) -> Self {
        Self {
            side: (train.input_width as f64).sqrt() as usize,
            train: Set::new(train, device),
            test: Set::new(test, device),
            objective,
            batch_size: batch_size.max(2),
            seed,
            device: device.clone(),
        }
    }

    /// The loss on `count` examples of `set` drawn with `rng`.
    fn loss(&self, model: &Encoder, set: &Set, count: usize, rng: &mut Rng) -> Tensor<1> {
        match self.objective {
            EncoderObjective::Triplet { margin } => {
                let [anchors, positives, negatives] = triplets(set, count, rng);
                let code = |indices: Vec<i64>| {
                    let len = indices.len();
                    let indices =
                        Tensor::<1, Int>::from_data(TensorData::new(indices, [len]), &self.device);
                    model.forward(set.inputs.clone().select(0, indices))
                };
                let (anchor, positive, negative) =
                    (code(anchors), code(positives), code(negatives));
                let near = (anchor.clone() - positive).square().sum_dim(1);
                let far = (anchor - negative).square().sum_dim(1);
                activation::relu(near - far + f64::from(margin)).mean()
            }
            EncoderObjective::Contrastive { temperature } => {
                let count = count.min(set.examples.len());
                let views = self.views(set, count, rng);
                let codes = unit_rows(model.forward(views));
                let similarity = codes.clone().matmul(codes.transpose()) / f64::from(temperature);
                let itself = Tensor::<2>::eye(2 * count, &self.device).bool();
                let partners: Vec<i64> = (0..2 * count)
                    .map(|row| ((row + count) % (2 * count)) as i64)
                    .collect();
                let partners =
                    Tensor::from_data(TensorData::new(partners, [2 * count]), &self.device);
                cross_entropy(similarity.mask_fill(itself, -1.0e9), partners)
            }
        }
    }

    /// Two augmented views of `count` random images of `set`: rows `i` and `count + i` show
    /// the same image, each shifted by up to a pixel and noised.
    fn views(&self, set: &Set, count: usize, rng: &mut Rng) -> Tensor<2> {
        let chosen: Vec<usize> = (0..count).map(|_| rng.below(set.examples.len())).collect();
        let width = set.examples.input_width;
        let mut values = Vec::with_capacity(2 * count * width);
        for _view in 0..2 {
            for &index in &chosen {
                values.extend(augment(set.examples.row(index), self.side, rng));
            }
        }
        Tensor::from_data(TensorData::new(values, [2 * count, width]), &self.device)
    }

    /// Codes as plotted and as the class centres see them: unit length for the contrastive
    /// objective (it only compares directions).
    fn codes(&self, model: &Encoder, inputs: Tensor<2>) -> Tensor<2> {
        let codes = model.forward(inputs);
        match self.objective {
            EncoderObjective::Contrastive { .. } => unit_rows(codes),
            EncoderObjective::Triplet { .. } => codes,
        }
    }

    /// Share of test examples whose code is nearest their own class's centre.
    fn centre_accuracy(&self, model: &Encoder) -> Tensor<1> {
        let train = &self.train.examples;
        let used = train.len().min(CENTRE_EXAMPLES);
        let classes = self.train.by_class.len();
        let mut one_hot = vec![0.0f32; used * classes];
        let mut counts = vec![0.0f32; classes];
        for (row, &label) in train.targets[..used].iter().enumerate() {
            one_hot[row * classes + label as usize] = 1.0;
            counts[label as usize] += 1.0;
        }
        let one_hot =
            Tensor::<2>::from_data(TensorData::new(one_hot, [used, classes]), &self.device);
        let counts: Vec<f32> = counts.iter().map(|&count| count.max(1.0)).collect();
        let counts = Tensor::<2>::from_data(TensorData::new(counts, [classes, 1]), &self.device);
        let train_codes = self.codes(model, self.train.inputs.clone().narrow(0, 0, used));
        let centres = one_hot.transpose().matmul(train_codes) / counts;
        let test_codes = self.codes(model, self.test.inputs.clone());
        let distances = centres.clone().square().sum_dim(1).transpose()
            - test_codes.matmul(centres.transpose()) * 2.0;
        let nearest = distances.argmin(1).flatten::<1>(0, 1);
        let labels: Vec<i64> = self
            .test
            .examples
            .targets
            .iter()
            .map(|&t| t as i64)
            .collect();
        let len = labels.len();
        let labels = Tensor::<1, Int>::from_data(TensorData::new(labels, [len]), &self.device);
        nearest.equal(labels).float().mean()
    }

    fn embedded(&self, report: &ReportSpec) -> usize {
        report.embedding.min(self.test.examples.len())
    }
}

impl Task for MetricLearning {
    type Model = Encoder;

    fn batch_loss(&mut self, model: &Encoder, step: u64) -> Tensor<1> {
        let mut rng = Rng::new(self.seed ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        self.loss(model, &self.train, self.batch_size, &mut rng)
    }

    fn evaluate(&self, model: &Encoder, report: &ReportSpec) -> Tensor<1> {
        // The same examples, triplets and views at every evaluation, so the curve is smooth.
        let mut parts = vec![
            self.loss(model, &self.train, EVALUATED, &mut Rng::new(self.seed ^ 1)),
            self.loss(model, &self.test, EVALUATED, &mut Rng::new(self.seed ^ 2)),
            self.centre_accuracy(model),
        ];
        let embedded = self.embedded(report);
        if embedded > 0 {
            let inputs = self.test.inputs.clone().narrow(0, 0, embedded);
            parts.push(embedding::plotted(self.codes(model, inputs)));
        }
        Tensor::cat(parts, 0)
    }

    fn read_extras(&self, extras: &[f32], _report: &ReportSpec, snapshot: &mut Snapshot) {
        snapshot.embedding = embedding::read(extras, &self.test.examples.targets);
    }

    fn examples_per_step(&self) -> usize {
        self.batch_size
    }

    fn epochs(&self, steps: u64) -> f32 {
        steps as f32 * self.batch_size as f32 / self.train.examples.len().max(1) as f32
    }
}

/// `count` (anchor, positive, negative) index triples: the positive of the anchor's class,
/// the negative of another.
fn triplets(set: &Set, count: usize, rng: &mut Rng) -> [Vec<i64>; 3] {
    let labels = &set.examples.targets;
    let mut triples = [Vec::new(), Vec::new(), Vec::new()];
    while triples[0].len() < count {
        let anchor = rng.below(labels.len());
        let own = &set.by_class[labels[anchor] as usize];
        let negative = rng.below(labels.len());
        if own.len() < 2 || labels[negative] == labels[anchor] {
            continue;
        }
        let positive = own[rng.below(own.len())];
        for (list, index) in triples.iter_mut().zip([anchor, positive, negative]) {
            list.push(index as i64);
        }
    }
    triples
}

/// The image moved by −1, 0 or 1 pixel each way (blank where it moved from), plus noise.
fn augment(image: &[f32], side: usize, rng: &mut Rng) -> Vec<f32> {
    let shift = |rng: &mut Rng| rng.below(3) as isize - 1;
    let (down, right) = (shift(rng), shift(rng));
    let mut out = vec![0.0; image.len()];
    for row in 0..side {
        for column in 0..side {
            let from_row = row as isize - down;
            let from_column = column as isize - right;
            let inside =
                (0..side as isize).contains(&from_row) && (0..side as isize).contains(&from_column);
            let value = if inside {
                image[from_row as usize * side + from_column as usize]
            } else {
                0.0
            };
            out[row * side + column] = (value + 0.1 * rng.normal() as f32).clamp(0.0, 1.0);
        }
    }
    out
}

/// Each row scaled to unit length.
fn unit_rows(codes: Tensor<2>) -> Tensor<2> {
    let lengths = codes.clone().square().sum_dim(1).sqrt() + 1e-6;
    codes / lengths
}
