//! Chapter 12: random search against TPE, the same 24 trials each, tuning gradient-boosted
//! trees on the breast-cancer table's training part by 3-fold cross-validated log loss. The
//! chart shows every trial and each method's best so far; the leaderboard the five best.

use crate::widgets::breast_cancer::{self, yield_to_page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::evaluation::search::{Method, STARTUP_TRIALS, Search, Trial, score};
use ml_intro_engine::tabular::gbt::GbtSettings;
use ml_intro_engine::tabular::split::stratified_split;

const TRIALS: usize = 24;
const FOLDS: usize = 3;
const SEED: u64 = 3;
const SPLIT_SEED: u64 = 7;
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
const MARGIN: f64 = 30.0;
/// The chart's log-loss range.
const LOSS_LOW: f64 = 0.05;
const LOSS_HIGH: f64 = 0.35;
const COLOURS: [(&str, &str); 2] = [("random search", "#868e96"), ("TPE", "#1971c2")];

#[derive(Debug, Clone, Default, PartialEq)]
struct Progress {
    /// Per method (random, TPE): every trial so far.
    trials: [Vec<Trial>; 2],
    default_loss: Option<f64>,
    running: bool,
}

fn mean_after_startup(trials: &[Trial]) -> Option<f64> {
    let later = trials.get(STARTUP_TRIALS..)?;
    (!later.is_empty()).then(|| later.iter().map(|t| t.loss).sum::<f64>() / later.len() as f64)
}

fn describe(settings: &GbtSettings) -> String {
    format!(
        "rate {:.3}, depth {}, {} trees, ≥ {} rows per leaf",
        settings.learning_rate, settings.depth, settings.trees, settings.min_leaf
    )
}

#[component]
pub fn HpoWidget() -> impl IntoView {
    let table = breast_cancer::load();
    let progress = RwSignal::new(Progress::default());
    let run = move |_| {
        let Some(Ok(table)) = table.get_untracked() else {
            return;
        };
        progress.set(Progress {
            running: true,
            ..Progress::default()
        });
        spawn_local(async move {
            let (train, _) = stratified_split(&table.labels, 0.2, SPLIT_SEED);
            let (rows, labels) = table.pick(&train);
            yield_to_page().await;
            let default_loss = score(GbtSettings::default(), &rows, &labels, FOLDS);
            if progress
                .try_update(|p| p.default_loss = Some(default_loss))
                .is_none()
            {
                return;
            }
            let mut searches = [
                Search::new(Method::Random, SEED),
                Search::new(Method::Tpe, SEED),
            ];
            for _ in 0..TRIALS {
                for (index, search) in searches.iter_mut().enumerate() {
                    yield_to_page().await;
                    let trial = search.run_trial(&rows, &labels, FOLDS).clone();
                    if progress
                        .try_update(|p| p.trials[index].push(trial))
                        .is_none()
                    {
                        return; // the widget is gone
                    }
                }
            }
            progress.try_update(|p| p.running = false);
        });
    };

    let x_of = |trial: usize| MARGIN + (WIDTH - MARGIN) * trial as f64 / TRIALS as f64;
    let y_of = |loss: f64| {
        let share = (loss.clamp(LOSS_LOW, LOSS_HIGH) - LOSS_LOW) / (LOSS_HIGH - LOSS_LOW);
        HEIGHT - MARGIN - share * (HEIGHT - 2.0 * MARGIN)
    };
    let chart = move || {
        progress.with(|p| {
            p.trials
                .iter()
                .zip(COLOURS)
                .map(|(trials, (_, colour))| {
                    let mut best = f64::INFINITY;
                    let line = trials
                        .iter()
                        .enumerate()
                        .map(|(index, trial)| {
                            best = best.min(trial.loss);
                            format!("{:.1},{:.1}", x_of(index + 1), y_of(best))
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let dots = trials
                        .iter()
                        .enumerate()
                        .map(|(index, trial)| view! { <circle cx=x_of(index + 1) cy=y_of(trial.loss) r="3" fill=colour opacity="0.6" /> })
                        .collect_view();
                    view! { <polyline points=line fill="none" stroke=colour stroke-width="2" />{dots} }
                })
                .collect_view()
        })
    };
    let summary = move |index: usize| {
        move || {
            progress.with(|p| {
                let trials = &p.trials[index];
                let best = trials.iter().map(|t| t.loss).fold(f64::INFINITY, f64::min);
                if trials.is_empty() {
                    "–".to_string()
                } else {
                    format!(
                        "best {best:.4}; trials {}–{}: mean {}",
                        STARTUP_TRIALS + 1,
                        TRIALS,
                        mean_after_startup(trials).map_or("–".into(), |m| format!("{m:.4}"))
                    )
                }
            })
        }
    };
    let leaderboard = move || {
        progress.with(|p| {
            let mut all: Vec<(&str, &Trial)> = p
                .trials
                .iter()
                .zip(COLOURS)
                .flat_map(|(trials, (name, _))| trials.iter().map(move |t| (name, t)))
                .collect();
            all.sort_by(|a, b| a.1.loss.total_cmp(&b.1.loss));
            all.into_iter()
                .take(5)
                .map(|(name, trial)| view! {
                    <tr data-testid="hpo-leader"><td>{name}</td><td>{describe(&trial.settings)}</td><td>{format!("{:.4}", trial.loss)}</td></tr>
                })
                .collect_view()
        })
    };
    let outcome = move || {
        progress.with(|p| {
            let done = !p.running && p.trials.iter().all(|t| t.len() == TRIALS);
            done.then(|| {
                let [random, tpe] = [&p.trials[0], &p.trials[1]].map(|t| mean_after_startup(t).unwrap_or(f64::NAN));
                format!(
                    "Done: {TRIALS} trials each. Mean log loss of trials {}–{TRIALS}: TPE {tpe:.4}, random search {random:.4}.",
                    STARTUP_TRIALS + 1
                )
            })
        })
    };
    let ready = move || matches!(table.get(), Some(Ok(_))) && !progress.with(|p| p.running);
    view! {
        <section class="widget" data-testid="hpo-widget">
            <h3>"Random search against TPE, on the same budget"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="hpo-run" on:click=run disabled=move || !ready()>
                    {format!("Run {TRIALS} trials of each")}
                </button>
            </div>
            {move || match table.get() {
                Some(Err(message)) => Some(view! { <p class="error">{message}</p> }),
                _ => None,
            }}
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="loss-chart" role="img"
                aria-label="Each trial's cross-validated log loss, and the best so far, per method">
                <line class="axis" x1=MARGIN x2=WIDTH y1=HEIGHT - MARGIN y2=HEIGHT - MARGIN />
                <text class="tick" x=MARGIN - 4.0 y=y_of(LOSS_HIGH) + 4.0 text-anchor="end">{LOSS_HIGH.to_string()}</text>
                <text class="tick" x=MARGIN - 4.0 y=y_of(LOSS_LOW) + 4.0 text-anchor="end">{LOSS_LOW.to_string()}</text>
                <text class="tick" x=WIDTH y=HEIGHT - 8.0 text-anchor="end">{format!("{TRIALS} trials")}</text>
                {move || progress.with(|p| p.default_loss).map(|loss| view! {
                    <line x1=MARGIN x2=WIDTH y1=y_of(loss) y2=y_of(loss) stroke="#e8590c" stroke-dasharray="4 3" />
                })}
                {chart}
            </svg>
            <p class="note">
                <span style="color: #868e96">"● random search"</span>" · "
                <span style="color: #1971c2">"● TPE"</span>" · "
                <span style="color: #e8590c">"- - the default settings"</span>
            </p>
            <dl class="stats">
                <div><dt>"Random search"</dt><dd data-testid="hpo-random">{summary(0)}</dd></div>
                <div><dt>"TPE"</dt><dd data-testid="hpo-tpe">{summary(1)}</dd></div>
                <div><dt>"Default settings"</dt><dd data-testid="hpo-default">{move || progress.with(|p| p.default_loss.map_or("–".into(), |l| format!("{l:.4}")))}</dd></div>
            </dl>
            <p data-testid="hpo-outcome">{outcome}</p>
            <table>
                <caption>"The five best trials (3-fold cross-validated log loss)"</caption>
                <tbody>{leaderboard}</tbody>
            </table>
        </section>
    }
}
