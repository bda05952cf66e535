//! `/connect`: the "Local runner" panel. The link `ml-intro runner` prints opens it with the
//! port and token in the fragment (which no server ever sees); the page pairs, takes the
//! token out of the address, and shows the runner's status, device and jobs.

use crate::runner_client::{self, Pairing, RunnerStatus};
use leptos::prelude::*;
use ml_intro_engine::runner_protocol::{JobState, JobSummary};

#[component]
pub fn ConnectPage() -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    pair_from_address(problem);
    let link = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match Pairing::from_link(&link.get_untracked()) {
            Ok(pairing) => {
                problem.set(None);
                link.set(String::new());
                runner_client::connect(pairing);
            }
            Err(reason) => problem.set(Some(reason)),
        }
    };
    let status = runner_client::status();
    let paired = move || !matches!(status.get(), RunnerStatus::NotPaired);
    view! {
        <section class="connect" aria-labelledby="connect-title">
            <h1 id="connect-title">"Local runner"</h1>
            <p>
                "Train the course's models on your own machine's GPU or CPU: run "
                <code>"ml-intro runner"</code> " (or " <code>"make serve"</code>
                ", which includes one) and open the link it prints. Then choose "
                <em>"Run on: local runner"</em> " in any training widget."
            </p>
            <StatusLine />
            <form class="pair-form" on:submit=submit>
                <label>
                    "Pairing link "
                    <input type="text" data-testid="runner-link" bind:value=link
                        placeholder="http://…/connect#port=8790&token=…" autocomplete="off" />
                </label>
                <button type="submit" data-testid="runner-connect">"Connect"</button>
                <Show when=paired>
                    <button type="button" data-testid="runner-forget"
                        on:click=move |_| runner_client::forget()>"Forget this runner"</button>
                </Show>
            </form>
            {move || problem.get().map(|text| view! {
                <p class="error" role="alert" data-testid="runner-problem">{text}</p>
            })}
            <JobList />
            <Help />
        </section>
    }
}

/// Pairs from `#port=…&token=…` in the address, then removes the token from it (and from the
/// history) so that it is not bookmarked or shared by accident.
fn pair_from_address(problem: RwSignal<Option<String>>) {
    let hash = window().location().hash().unwrap_or_default();
    if hash.len() <= 1 {
        return;
    }
    match Pairing::from_link(&hash) {
        Ok(pairing) => runner_client::connect(pairing),
        Err(reason) => problem.set(Some(format!("The pairing link did not work: {reason}"))),
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/connect"));
    }
}

#[component]
fn StatusLine() -> impl IntoView {
    let status = runner_client::status();
    let state = move || match status.get() {
        RunnerStatus::NotPaired => "not-paired",
        RunnerStatus::Connecting => "connecting",
        RunnerStatus::Connected(_) => "connected",
        RunnerStatus::Waiting { .. } => "waiting",
        RunnerStatus::Refused(_) => "refused",
    };
    let text = move || match status.get() {
        RunnerStatus::NotPaired => "Not paired with a runner.".to_string(),
        RunnerStatus::Connecting => "Connecting…".to_string(),
        RunnerStatus::Connected(device) => format!("Connected · training on {device}"),
        RunnerStatus::Waiting {
            reason,
            retry_seconds,
        } => format!("Not connected: {reason}. Trying again in {retry_seconds} s."),
        RunnerStatus::Refused(reason) => {
            format!("The runner refused this page: {reason}. Open its pairing link again.")
        }
    };
    view! {
        <p class="runner-status" role="status" data-testid="runner-status" data-state=state>{text}</p>
    }
}

#[component]
fn JobList() -> impl IntoView {
    let jobs = runner_client::jobs();
    let connected = move || matches!(runner_client::status().get(), RunnerStatus::Connected(_));
    view! {
        <Show when=connected>
            <h2>"Jobs"</h2>
            <button type="button" on:click=move |_| runner_client::refresh_jobs()>"Refresh"</button>
            {move || if jobs.with(Vec::is_empty) {
                view! { <p>"No jobs yet."</p> }.into_any()
            } else {
                view! {
                    <table class="runner-jobs" data-testid="runner-jobs">
                        <thead><tr><th>"Job"</th><th>"Experiment"</th><th>"State"</th><th>"Steps"</th><th></th></tr></thead>
                        <tbody>{jobs.get().into_iter().rev().map(job_row).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </Show>
    }
}

fn job_row(job: JobSummary) -> impl IntoView {
    let id = job.job;
    let action = match job.state {
        JobState::Interrupted => Some(
            view! {
                <button type="button" on:click=move |_| runner_client::resume(id)>"Resume"</button>
            }
            .into_any(),
        ),
        JobState::Queued | JobState::Running => Some(
            view! {
                <button type="button" on:click=move |_| runner_client::cancel(id)>"Cancel"</button>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <tr>
            <td>{id}</td>
            <td>{job.title}</td>
            <td>{format!("{:?}", job.state).to_lowercase()}</td>
            <td>{format!("{} / {}", job.step, job.steps)}</td>
            <td>{action}</td>
        </tr>
    }
}

/// Why a browser may not reach the runner, case by case.
#[component]
fn Help() -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    let framed = window()
        .top()
        .ok()
        .flatten()
        .is_some_and(|top| top != window());
    view! {
        <h2>"If it does not connect"</h2>
        <ul class="runner-help">
            {framed.then(|| view! {
                <li data-testid="runner-iframe-note"><strong>"This page is inside a frame. "</strong>
                    "A frame may reach your machine only when the page around it allows it: "
                    <code>"<iframe allow=\"loopback-network\">"</code>
                    ". Otherwise open this page in a tab of its own."</li>
            })}
            <li>"The runner accepts pages from the site it was started for. This page is "
                <code>{origin.clone()}</code> "; start the runner with "
                <code>{format!("ml-intro runner --site {origin}")}</code> " (or add "
                <code>{format!("--allow-origin {origin}")}</code> ")."</li>
            <li><strong>"Chrome"</strong> " asks before a public page may reach your machine "
                "(“Local Network Access”): allow it, or the connection fails without a word."</li>
            <li><strong>"Safari"</strong> " does not let a public page reach your machine at all. "
                "Run " <code>"ml-intro serve"</code> " instead: it serves this whole site and the "
                "runner from " <code>"http://127.0.0.1"</code> ", where nothing is blocked."</li>
            <li>"Each start of the runner makes a new token: after a restart, open the new link."</li>
        </ul>
    }
}
