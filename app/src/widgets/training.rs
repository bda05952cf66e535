//! A widget that trains one experiment in the engine worker (WebGPU or the CPU) and shows it
//! learn: the loss curves, test accuracy, speed, and what the model generates (decoded images
//! or sampled text). It stops at its stated target: a test accuracy, or a test loss.
//!
//! The job stays open after training, so the widget's children can question the trained
//! model (classify a drawing, decode a point, generate text): they find the job and its latest
//! snapshot in a [`TrainedModel`] context.

use crate::engine_client::{self, EngineStatus, JobEvent};
use crate::widgets::LossChart;
use leptos::html::Canvas;
use leptos::prelude::*;
use ml_intro_engine::protocol::{JobId, StopReason};
use ml_intro_engine::report::Samples;
use ml_intro_engine::{ExperimentSpec, Snapshot};

/// When a run has learned enough.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    TestAccuracy(f32),
    TestLoss(f32),
}

impl Target {
    fn reached(self, snapshot: &Snapshot) -> bool {
        match self {
            Self::TestAccuracy(least) => {
                snapshot.accuracy.is_some_and(|accuracy| accuracy >= least)
            }
            Self::TestLoss(most) => snapshot.test_loss.is_some_and(|loss| loss <= most),
        }
    }

    fn describe(self) -> String {
        match self {
            Self::TestAccuracy(least) => format!("test accuracy of {:.0} %", least * 100.0),
            Self::TestLoss(most) => format!("test loss of {most}"),
        }
    }
}

/// What a training widget's children see of its run.
#[derive(Clone, Copy)]
pub struct TrainedModel {
    /// The open job, while there is one (training or waiting).
    pub job: ReadSignal<Option<JobId>>,
    /// Its latest snapshot.
    pub latest: ReadSignal<Option<Snapshot>>,
}

/// Draws square grey images as a grid of tiles into `canvas` (1 pixel per image pixel).
pub fn draw_images(canvas: &web_sys::HtmlCanvasElement, side: usize, images: &[Vec<f32>]) {
    let per_row = (images.len() as f64).sqrt().ceil().max(1.0) as usize;
    let width = per_row * side;
    let rows = images.len().div_ceil(per_row);
    let height = rows * side;
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let mut pixels = vec![255u8; width * height * 4];
    for (index, image) in images.iter().enumerate() {
        let (tile_x, tile_y) = ((index % per_row) * side, (index / per_row) * side);
        for (pixel, &value) in image.iter().enumerate().take(side * side) {
            // Ink is dark on paper, as digits are written.
            let shade = (255.0 * (1.0 - value.clamp(0.0, 1.0))) as u8;
            let at = ((tile_y + pixel / side) * width + tile_x + pixel % side) * 4;
            pixels[at..at + 3].copy_from_slice(&[shade, shade, shade]);
        }
    }
    crate::canvas::put_pixels(canvas, &pixels, width as u32, height as u32);
}

#[component]
pub fn TrainingWidget(
    /// Names the widget's test ids: `{name}-train`, `{name}-outcome`, …
    name: &'static str,
    title: &'static str,
    #[prop(into)] about: String,
    spec: ExperimentSpec,
    target: Target,
    /// What the generated samples show, under the chart.
    #[prop(optional)]
    samples_caption: &'static str,
    /// Views that question the trained model (they read [`TrainedModel`]).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let status = engine_client::status();
    let job = RwSignal::new(None::<JobId>);
    let running = RwSignal::new(false);
    let train_losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let test_losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let latest = RwSignal::new(None::<Snapshot>);
    let outcome = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let canvas = NodeRef::<Canvas>::new();
    let spec = StoredValue::new(spec);
    let max_steps = spec.with_value(|spec| spec.steps);

    let start = move || {
        engine_client::ensure_started();
        train_losses.set(Vec::new());
        test_losses.set(Vec::new());
        latest.set(None);
        outcome.set(None);
        error.set(None);
        // The engine stops at a training-loss target; this widget's target is on held-out
        // data, so it plays to the step limit and the widget pauses it once the target is
        // met. The paused job keeps the model for the children's questions.
        let id = engine_client::open(spec.get_value(), move |event| match event {
            JobEvent::Progress(snapshot) => {
                train_losses.try_update(|points| points.push((snapshot.step, snapshot.train_loss)));
                if let Some(loss) = snapshot.test_loss {
                    test_losses.try_update(|points| points.push((snapshot.step, loss)));
                }
                if target.reached(&snapshot) && outcome.get_untracked().is_none() {
                    outcome.try_set(Some(format!(
                        "Learned: reached a {} after {} steps.",
                        target.describe(),
                        snapshot.step
                    )));
                    if let Some(id) = job.get_untracked() {
                        engine_client::pause(id);
                    }
                }
                latest.try_set(Some(snapshot));
            }
            JobEvent::Opened(_)
            | JobEvent::Refused(_)
            | JobEvent::Exported(_)
            | JobEvent::Imported(_) => {}
            JobEvent::Idle(reason) => {
                running.try_set(false);
                if outcome.get_untracked().is_none() {
                    outcome.try_set(Some(match reason {
                        StopReason::ReachedMaxSteps => {
                            format!("Stopped after {max_steps} steps, short of the target.")
                        }
                        _ => "Stopped.".to_string(),
                    }));
                }
            }
            JobEvent::Done(..) => {
                job.try_set(None);
                running.try_set(false);
            }
            JobEvent::Failed(message) => {
                job.try_set(None);
                running.try_set(false);
                error.try_set(Some(message));
            }
        });
        engine_client::play(id, max_steps, 0.0);
        job.set(Some(id));
        running.set(true);
    };
    let toggle = move |_| match (job.get_untracked(), running.get_untracked()) {
        (Some(id), true) => engine_client::pause(id),
        (old, _) => {
            if let Some(id) = old {
                engine_client::cancel(id);
            }
            start();
        }
    };
    on_cleanup(move || {
        if let Some(id) = job.get_untracked() {
            engine_client::cancel(id);
        }
    });
    Effect::new(move |_| {
        latest.with(|snapshot| {
            if let (Some(Samples::Images { side, images }), Some(canvas)) = (
                snapshot
                    .as_ref()
                    .and_then(|snapshot| snapshot.samples.as_ref()),
                canvas.get(),
            ) {
                draw_images(&canvas, *side, images);
            }
        });
    });
    let text_sample = move || {
        latest.with(|snapshot| {
            match snapshot
                .as_ref()
                .and_then(|snapshot| snapshot.samples.as_ref())
            {
                Some(Samples::Text { text }) => Some(text.clone()),
                _ => None,
            }
        })
    };
    let has_images = move || {
        latest.with(|snapshot| {
            matches!(
                snapshot
                    .as_ref()
                    .and_then(|snapshot| snapshot.samples.as_ref()),
                Some(Samples::Images { .. })
            )
        })
    };
    let backend = move || match status.get() {
        EngineStatus::Ready(device) => device.to_string(),
        EngineStatus::Failed(_) => "engine stopped".to_string(),
        EngineStatus::Loading => "loading engine…".to_string(),
        EngineStatus::NotLoaded => "engine starts on Train".to_string(),
    };
    let stat = move |read: fn(&Snapshot) -> String| {
        move || latest.with(|snapshot| snapshot.as_ref().map_or("–".to_string(), read))
    };
    provide_context(TrainedModel {
        job: job.read_only(),
        latest: latest.read_only(),
    });
    view! {
        <section class="widget" data-testid=format!("{name}-widget")>
            <h3>{title}</h3>
            <p>{about}</p>
            <p class="note">{format!("It trains until it reaches a {}, at most {max_steps} steps.", target.describe())}</p>
            <div class="widget-controls">
                <button type="button" data-testid=format!("{name}-train") on:click=toggle>
                    {move || match (running.get(), job.get().is_some()) {
                        (true, _) => "Stop",
                        (false, true) => "Train again",
                        (false, false) => "Train",
                    }}
                </button>
                <span class="badge" data-testid=format!("{name}-backend")>{backend}</span>
            </div>
            <dl class="stats">
                <div><dt>"Step"</dt><dd data-testid=format!("{name}-step")>{stat(|s| s.step.to_string())}</dd></div>
                <div><dt>"Train loss"</dt><dd>{stat(|s| format!("{:.4}", s.train_loss))}</dd></div>
                <div><dt>"Test loss"</dt><dd data-testid=format!("{name}-test-loss")>{stat(|s| s.test_loss.map_or("–".into(), |loss| format!("{loss:.4}")))}</dd></div>
                <div><dt>"Test accuracy"</dt><dd data-testid=format!("{name}-accuracy")>{stat(|s| s.accuracy.map_or("–".into(), |a| format!("{:.1} %", a * 100.0)))}</dd></div>
                <div><dt>"Steps/s"</dt><dd>{stat(|s| format!("{:.0}", s.steps_per_sec))}</dd></div>
            </dl>
            <LossChart points=train_losses.into() second=Signal::from(test_losses) />
            <div class="samples" class:hidden=move || !has_images()>
                <canvas node_ref=canvas class="sample-images" data-testid=format!("{name}-images")></canvas>
                <p class="note">{samples_caption}</p>
            </div>
            {move || text_sample().map(|text| view! {
                <figure class="samples">
                    <pre class="sample-text" data-testid=format!("{name}-text")>{text}</pre>
                    <figcaption class="note">{samples_caption}</figcaption>
                </figure>
            })}
            {move || outcome.get().map(|text| view! { <p class="outcome" data-testid=format!("{name}-outcome")>{text}</p> })}
            {move || error.get().map(|message| view! {
                <p class="error" role="alert">{format!("Training stopped: {message}. Press Train to try again.")}</p>
            })}
            {children.map(|children| children())}
        </section>
    }
}
