//! Next-character prediction on a corpus with a character transformer.

use crate::data::corpus::Corpus;
use crate::query::{Answer, Query};
use crate::report::{Samples, Snapshot};
use crate::spec::ReportSpec;
use crate::train::loss::{class_accuracy, cross_entropy};
use crate::train::models::CharTransformer;
use crate::train::task::{Pending, Task};
use crate::train::tasks::language_query;
use burn::tensor::{Device, Distribution, Int, Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Windows evaluated for the train and test losses.
const EVALUATED_WINDOWS: usize = 32;

pub struct LanguageModel {
    corpus: Corpus,
    /// Where the test part of the corpus starts.
    split_at: usize,
    context: usize,
    /// Attention heads per block (to read attention weights back).
    heads: usize,
    batch_size: usize,
    seed: u64,
    train_windows: Tensor<2, Int>,
    test_windows: Tensor<2, Int>,
    device: Device,
}

impl LanguageModel {
    pub fn new(
        corpus: Corpus,
        train_share: f32,
        context: usize,
        heads: usize,
        batch_size: usize,
        seed: u64,
        device: &Device,
    ) -> Self {
        let split_at = ((corpus.len() as f32 * train_share) as usize)
            .clamp(context + 1, corpus.len() - context - 1);
        let evenly = |start: usize, end: usize| -> Vec<usize> {
            let room = end.saturating_sub(start + context + 1);
            (0..EVALUATED_WINDOWS)
                .map(|i| start + room * i / EVALUATED_WINDOWS)
                .collect()
        };
        Self {
            split_at,
            context,
            heads,
            batch_size,
            seed,
            train_windows: windows(&corpus, context, &evenly(0, split_at), device),
            test_windows: windows(&corpus, context, &evenly(split_at, corpus.len()), device),
            device: device.clone(),
            corpus,
        }
    }

    /// Logits and next-character targets, flattened to `[windows · context, …]`.
    fn predictions(
        model: &CharTransformer,
        windows: Tensor<2, Int>,
    ) -> (Tensor<2>, Tensor<1, Int>) {
        let [count, width] = windows.dims();
        let context = width - 1;
        let inputs = windows.clone().narrow(1, 0, context);
        let targets = windows.narrow(1, 1, context).reshape([count * context]);
        let logits = model.forward(inputs);
        let vocabulary = logits.dims()[2];
        (logits.reshape([count * context, vocabulary]), targets)
    }

    /// `count` characters sampled from the model (Gumbel-max on the device, no reads),
    /// continuing the start of the test text.
    fn sample(&self, model: &CharTransformer, count: usize) -> Tensor<1> {
        let mut window = self
            .test_windows
            .clone()
            .narrow(0, 0, 1)
            .narrow(1, 0, self.context);
        let mut generated = Vec::with_capacity(count);
        for _ in 0..count {
            let logits = model
                .forward(window.clone())
                .narrow(1, self.context - 1, 1)
                .flatten(0, 2);
            let uniform = logits.random_like(Distribution::Uniform(1e-6, 1.0 - 1e-6));
            let gumbel = uniform.log().neg().log().neg();
            let next = (logits + gumbel).argmax(0);
            generated.push(next.clone().float());
            window = Tensor::cat(
                vec![window.narrow(1, 1, self.context - 1), next.reshape([1, 1])],
                1,
            );
        }
        Tensor::cat(generated, 0)
    }
}

impl Task for LanguageModel {
    type Model = CharTransformer;

    fn batch_loss(&mut self, model: &CharTransformer, step: u64) -> Tensor<1> {
        let mut rng = StdRng::seed_from_u64(self.seed ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let last_start = self.split_at - self.context - 1;
        let starts: Vec<usize> = (0..self.batch_size)
            .map(|_| rng.random_range(0..=last_start))
            .collect();
        let (logits, targets) = Self::predictions(
            model,
            windows(&self.corpus, self.context, &starts, &self.device),
        );
        cross_entropy(logits, targets)
    }

    fn evaluate(&self, model: &CharTransformer, report: &ReportSpec) -> Tensor<1> {
        let (train_logits, train_targets) = Self::predictions(model, self.train_windows.clone());
        let (test_logits, test_targets) = Self::predictions(model, self.test_windows.clone());
        let mut parts = vec![
            cross_entropy(train_logits, train_targets),
            cross_entropy(test_logits.clone(), test_targets.clone()),
            class_accuracy(test_logits, test_targets),
        ];
        if report.samples > 0 {
            parts.push(self.sample(model, report.samples));
        }
        Tensor::cat(parts, 0)
    }

    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        if report.samples > 0 {
            let tokens: Vec<u32> = extras.iter().map(|&token| token as u32).collect();
            snapshot.samples = Some(Samples::Text {
                text: self.corpus.decode(&tokens),
            });
        }
    }

    fn examples_per_step(&self) -> usize {
        self.batch_size * self.context
    }

    fn query(&self, model: &CharTransformer, query: &Query) -> Result<Pending, String> {
        language_query::query(model, &self.corpus, self.context, query, &self.device)
    }

    fn read_answer(&self, values: &[f32], query: &Query) -> Result<Answer, String> {
        language_query::read_answer(&self.corpus, self.context, self.heads, values, query)
    }

    fn epochs(&self, steps: u64) -> f32 {
        (steps as f32 * self.examples_per_step() as f32) / self.split_at as f32
    }
}

/// `[starts, context + 1]` token windows of `corpus` starting at `starts`.
fn windows(corpus: &Corpus, context: usize, starts: &[usize], device: &Device) -> Tensor<2, Int> {
    let width = context + 1;
    let tokens: Vec<i64> = starts
        .iter()
        .flat_map(|&start| {
            corpus.tokens[start..start + width]
                .iter()
                .map(|&t| i64::from(t))
        })
        .collect();
    Tensor::from_data(TensorData::new(tokens, [starts.len(), width]), device)
}
