//! The training loop shared by every model: a [`Task`] says how a model meets its data (batch
//! loss, evaluation), and [`Run`] does the rest (optimizer steps, penalties, dropout seeds,
//! the last good state, saving and loading), behind the object-safe [`Learner`] the session
//! holds.

use crate::error::EngineError;
use crate::query::{Answer, Query};
use crate::report::{Snapshot, WeightEdit};
use crate::spec::{OptimizerKind, OptimizerSpec, Regularization, ReportSpec};
use crate::train::models::dropout::seed_masks;
use burn::grad_clipping::GradientClippingConfig;
use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::store::{BurnpackStore, ModuleSnapshot};
use burn::tensor::{Bytes, Tensor};

/// How a model meets its data.
pub(crate) trait Task: Send + 'static {
    type Model: Module + ModuleSnapshot + 'static;

    /// The loss on the training batch of `step` (0-based), the model in training mode.
    fn batch_loss(&mut self, model: &Self::Model, step: u64) -> Tensor<1>;

    /// `[train_loss, test_loss, accuracy]` (NaN where one does not apply), then any extras the
    /// report asks for, for a model in evaluation mode: everything one device read returns.
    fn evaluate(&self, model: &Self::Model, report: &ReportSpec) -> Tensor<1>;

    /// Fills the snapshot's extras from the values after the first three.
    fn read_extras(&self, _extras: &[f32], _report: &ReportSpec, _snapshot: &mut Snapshot) {}

    /// Training examples one step uses.
    fn examples_per_step(&self) -> usize;

    /// Passes over the training set after `steps` steps.
    fn epochs(&self, steps: u64) -> f32;

    /// The model with one parameter changed by hand, or why that is not possible.
    fn with_weight(&self, _model: Self::Model, _edit: WeightEdit) -> Result<Self::Model, String> {
        Err("this model's weights cannot be edited".into())
    }

    /// What answers `query` about `model` (in evaluation mode), or why this model cannot.
    fn query(&self, _model: &Self::Model, _query: &Query) -> Result<Pending, String> {
        Err("this kind of model does not answer it".into())
    }

    /// An attack on the held-out inputs ([`Query::Attack`]), which needs the model with its
    /// autodiff (the gradient with respect to the inputs).
    fn attack(&self, _model: &Self::Model, _query: &Query) -> Result<Pending, String> {
        Err("only image classifiers can be attacked".into())
    }

    /// The answer from the values a [`Pending::Read`] tensor held.
    fn read_answer(&self, _values: &[f32], _query: &Query) -> Result<Answer, String> {
        Err("this kind of model does not answer it".into())
    }
}

/// An answer to a query: ready, or in a tensor still on the device (built once per query,
/// so its size does not matter).
#[allow(clippy::large_enum_variant)]
pub(crate) enum Pending {
    Ready(Answer),
    /// Values to read (asynchronously), then give to [`Learner::read_answer`].
    Read(Tensor<1>),
}

/// A training run as the session sees it, whatever the model.
pub(crate) trait Learner: Send {
    /// Runs optimizer steps `first_step..first_step + steps`.
    fn train(&mut self, first_step: u64, steps: u32);
    fn evaluate(&self, report: &ReportSpec) -> Tensor<1>;
    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot);
    fn examples_per_step(&self) -> usize;
    fn epochs(&self, steps: u64) -> f32;
    /// Remembers the current model and optimizer state as the last good one.
    fn keep_as_good(&mut self);
    /// Goes back to the last good state.
    fn restore_good(&mut self);
    /// The model and optimizer state as burnpack bytes (reads the device synchronously).
    fn save(&self) -> Result<(Vec<u8>, Vec<u8>), EngineError>;
    fn load(&mut self, model: Vec<u8>, optimizer: Vec<u8>) -> Result<(), EngineError>;
    /// Sets one parameter by hand; the state before it is kept as the last good one.
    fn edit_weight(&mut self, edit: WeightEdit) -> Result<(), String>;
    /// Starts answering a question about the model as it is now.
    fn query(&self, query: &Query) -> Result<Pending, String>;
    fn read_answer(&self, values: &[f32], query: &Query) -> Result<Answer, String>;
}

/// A model, its optimizer and its task.
pub(crate) struct Run<T: Task> {
    task: T,
    model: T::Model,
    optimizer: ModuleOptimizer,
    good: (T::Model, ModuleOptimizer),
    settings: OptimizerSpec,
    seed: u64,
}

impl<T: Task> Run<T> {
    pub fn new(task: T, model: T::Model, settings: &OptimizerSpec, seed: u64) -> Self {
        let optimizer = optimizer(settings);
        Self {
            good: (model.clone(), optimizer.clone()),
            task,
            model,
            optimizer,
            settings: settings.clone(),
            seed,
        }
    }
}

impl<T: Task> Learner for Run<T> {
    fn train(&mut self, first_step: u64, steps: u32) {
        for step in first_step..first_step + u64::from(steps) {
            // Dropout masks are a function of (seed, step), so a resumed run draws the same.
            seed_masks(self.seed.wrapping_mul(1_000_003).wrapping_add(step));
            let mut loss = self.task.batch_loss(&self.model, step);
            if let Some(penalty) = penalty(&self.model, &self.settings) {
                loss = loss + penalty;
            }
            let grads = GradientsParams::from_grads(loss.backward(), &self.model);
            let model = self.model.clone();
            self.model = self
                .optimizer
                .step(self.settings.learning_rate, model, grads);
        }
    }

    fn evaluate(&self, report: &ReportSpec) -> Tensor<1> {
        self.task.evaluate(&self.model.valid(), report)
    }

    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        self.task.read_extras(extras, report, snapshot);
    }

    fn examples_per_step(&self) -> usize {
        self.task.examples_per_step()
    }

    fn epochs(&self, steps: u64) -> f32 {
        self.task.epochs(steps)
    }

    fn keep_as_good(&mut self) {
        self.good = (self.model.clone(), self.optimizer.clone());
    }

    fn restore_good(&mut self) {
        let (model, optimizer) = self.good.clone();
        self.model = model;
        self.optimizer = optimizer;
    }

    fn save(&self) -> Result<(Vec<u8>, Vec<u8>), EngineError> {
        let mut store = BurnpackStore::from_bytes(None);
        self.model.save_into(&mut store).map_err(checkpoint_error)?;
        let model = store.get_bytes().map_err(checkpoint_error)?.to_vec();
        let optimizer = self
            .optimizer
            .into_bytes()
            .map_err(checkpoint_error)?
            .to_vec();
        Ok((model, optimizer))
    }

    fn edit_weight(&mut self, edit: WeightEdit) -> Result<(), String> {
        self.model = self.task.with_weight(self.model.clone(), edit)?;
        self.keep_as_good();
        Ok(())
    }

    fn query(&self, query: &Query) -> Result<Pending, String> {
        match query {
            Query::Attack { .. } => self.task.attack(&self.model, query),
            _ => self.task.query(&self.model.valid(), query),
        }
    }

    fn read_answer(&self, values: &[f32], query: &Query) -> Result<Answer, String> {
        self.task.read_answer(values, query)
    }

    fn load(&mut self, model: Vec<u8>, optimizer: Vec<u8>) -> Result<(), EngineError> {
        let mut store = BurnpackStore::from_bytes(Some(Bytes::from_bytes_vec(model)));
        self.model.load_from(&mut store).map_err(checkpoint_error)?;
        self.optimizer = self
            .optimizer
            .clone()
            .from_bytes(Bytes::from_bytes_vec(optimizer))
            .map_err(checkpoint_error)?;
        self.keep_as_good();
        Ok(())
    }
}

fn checkpoint_error(error: impl std::fmt::Debug) -> EngineError {
    EngineError::Checkpoint {
        reason: format!("{error:?}"),
    }
}

/// The optimizer a spec asks for.
fn optimizer(settings: &OptimizerSpec) -> ModuleOptimizer {
    let optimizer = match settings.kind {
        OptimizerKind::Sgd => SgdConfig::new().init(),
        OptimizerKind::Momentum => SgdConfig::new()
            .with_momentum(Some(
                MomentumConfig::new()
                    .with_momentum(settings.momentum)
                    .with_dampening(0.0),
            ))
            .init(),
        OptimizerKind::Adam => AdamConfig::new().init(),
    };
    match settings.gradient_clip {
        Some(max_norm) => {
            optimizer.with_grad_clipping(GradientClippingConfig::Norm(max_norm).init())
        }
        None => optimizer,
    }
}

/// The L1 (Σ|w|) or L2 (½Σw²) penalty on weight matrices and kernels (not biases), times the
/// rate, as in TensorFlow Playground.
fn penalty<M: Module>(model: &M, settings: &OptimizerSpec) -> Option<Tensor<1>> {
    if settings.regularization == Regularization::None || settings.regularization_rate == 0.0 {
        return None;
    }
    let mut visitor = PenaltyVisitor {
        kind: settings.regularization,
        total: None,
    };
    model.visit(&mut visitor);
    visitor
        .total
        .map(|total| total * settings.regularization_rate)
}

struct PenaltyVisitor {
    kind: Regularization,
    total: Option<Tensor<1>>,
}

impl ModuleVisitor for PenaltyVisitor {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if D < 2 {
            return;
        }
        let weights = param.val();
        let term = match self.kind {
            Regularization::L1 => weights.abs().sum(),
            _ => weights.square().sum() * 0.5,
        };
        self.total = Some(match self.total.take() {
            Some(total) => total + term,
            None => term,
        });
    }
}
