//! An autoencoder (plain or variational) learning to reconstruct images through a small
//! latent code.

use crate::data::Examples;
use crate::query::{Answer, Query};
use crate::report::{Samples, Snapshot};
use crate::spec::ReportSpec;
use crate::train::batches::BatchOrder;
use crate::train::loss::{binary_cross_entropy, not_applicable};
use crate::train::models::Autoencoder;
use crate::train::task::{Pending, Task};
use crate::train::tasks::embedding;
use burn::tensor::{Device, Tensor, TensorData, activation};

pub struct Reconstruct {
    train: Tensor<2>,
    test: Tensor<2>,
    /// The test examples' labels (to colour the latent map).
    test_labels: Vec<f32>,
    order: BatchOrder,
    latent: usize,
    side: usize,
    device: Device,
}

impl Reconstruct {
    pub fn new(
        train: &Examples,
        test: &Examples,
        latent: usize,
        batch_size: usize,
        seed: u64,
        device: &Device,
    ) -> Self {
        let upload = |examples: &Examples| {
            Tensor::<2>::from_data(
                TensorData::new(
                    examples.inputs.clone(),
                    [examples.len(), examples.input_width],
                ),
                device,
            )
        };
        Self {
            train: upload(train),
            test: upload(test),
            test_labels: test.targets.clone(),
            order: BatchOrder::new(train.len(), batch_size, seed),
            latent,
            side: (train.input_width as f64).sqrt() as usize,
            device: device.clone(),
        }
    }

    /// Mean per-pixel cross-entropy between reconstruction and image; for a variational
    /// model plus the KL term per pixel (the negative evidence lower bound per pixel), with
    /// the code drawn at random when `sample`, its mean otherwise.
    fn loss(model: &Autoencoder, images: Tensor<2>, sample: bool) -> Tensor<1> {
        let [batch, pixels] = images.dims();
        let targets = images.clone().reshape([batch * pixels, 1]);
        if !model.is_variational() {
            let logits = model.forward(images).reshape([batch * pixels, 1]);
            return binary_cross_entropy(logits, targets);
        }
        let pass = model.forward_variational(images, sample);
        let reconstruction =
            binary_cross_entropy(pass.logits.reshape([batch * pixels, 1]), targets);
        reconstruction + pass.divergence / pixels as f64
    }

    /// Images decoded from a k×k grid over the first two latent dimensions, spanning the
    /// test codes' range: the map of what the latent space has learned.
    fn decoded_grid(&self, model: &Autoencoder, count: usize) -> Tensor<1> {
        let per_side = (count as f64).sqrt().ceil().max(1.0) as usize;
        let span = model.encode(self.test.clone()).abs().max();
        let mut unit = Vec::with_capacity(per_side * per_side * self.latent);
        for row in 0..per_side {
            for column in 0..per_side {
                for dimension in 0..self.latent {
                    let position = match dimension {
                        0 => column,
                        1 => per_side - 1 - row,
                        _ => {
                            unit.push(0.0);
                            continue;
                        }
                    };
                    unit.push(2.0 * (position as f32 + 0.5) / per_side as f32 - 1.0);
                }
            }
        }
        let codes = Tensor::<2>::from_data(
            TensorData::new(unit, [per_side * per_side, self.latent]),
            &self.device,
        ) * span.reshape([1, 1]);
        activation::sigmoid(model.decode_logits(codes)).flatten(0, 1)
    }

    fn embedded(&self, report: &ReportSpec) -> usize {
        report.embedding.min(self.test_labels.len())
    }
}

impl Task for Reconstruct {
    type Model = Autoencoder;

    fn batch_loss(&mut self, model: &Autoencoder, step: u64) -> Tensor<1> {
        match self.order.batch_indices(step, &self.device) {
            Some(indices) => Self::loss(model, self.train.clone().select(0, indices), true),
            None => Self::loss(model, self.train.clone(), true),
        }
    }

    fn evaluate(&self, model: &Autoencoder, report: &ReportSpec) -> Tensor<1> {
        let evaluated = self
            .train
            .clone()
            .narrow(0, 0, self.train.dims()[0].min(4096));
        let mut parts = vec![
            Self::loss(model, evaluated, false),
            Self::loss(model, self.test.clone(), false),
            not_applicable(&self.device),
        ];
        if report.samples > 0 {
            parts.push(self.decoded_grid(model, report.samples));
        }
        let embedded = self.embedded(report);
        if embedded > 0 {
            let codes = model.encode(self.test.clone().narrow(0, 0, embedded));
            parts.push(embedding::plotted(codes));
        }
        Tensor::cat(parts, 0)
    }

    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        let plotted = 2 * self.embedded(report);
        let (samples, codes) = extras.split_at(extras.len().saturating_sub(plotted));
        if report.samples > 0 {
            let pixels = self.side * self.side;
            snapshot.samples = Some(Samples::Images {
                side: self.side,
                images: samples.chunks(pixels.max(1)).map(<[f32]>::to_vec).collect(),
            });
        }
        snapshot.embedding = embedding::read(codes, &self.test_labels);
    }

    fn query(&self, model: &Autoencoder, query: &Query) -> Result<Pending, String> {
        let Query::Decode { code } = query else {
            return Err("an autoencoder answers decode queries".into());
        };
        if code.len() > self.latent {
            return Err(format!(
                "the code has {} numbers; the latent space has {}",
                code.len(),
                self.latent
            ));
        }
        if let Some(position) = code.iter().position(|value| !value.is_finite()) {
            return Err(format!("code value {} is not a number", position + 1));
        }
        let mut full = code.clone();
        full.resize(self.latent, 0.0);
        let codes = Tensor::<2>::from_data(TensorData::new(full, [1, self.latent]), &self.device);
        Ok(Pending::Read(
            activation::sigmoid(model.decode_logits(codes)).flatten(0, 1),
        ))
    }

    fn read_answer(&self, values: &[f32], _query: &Query) -> Result<Answer, String> {
        Ok(Answer::Image {
            side: self.side,
            pixels: values.to_vec(),
        })
    }

    fn examples_per_step(&self) -> usize {
        self.order.batch_size()
    }

    fn epochs(&self, steps: u64) -> f32 {
        self.order.epochs(steps)
    }
}
