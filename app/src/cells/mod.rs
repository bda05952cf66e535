//! Code cells: a script in a CodeMirror editor that visitors change and run, with its outputs
//! streamed underneath. Each run happens in a fresh engine worker, or as a job on the paired
//! local runner ([`ScriptRun`]); edits are kept in this browser per cell until "Reset to
//! original" or "Erase all my data".

mod editor;
mod outputs;

use crate::script_client::{RunPlace, ScriptEvent, ScriptRun};
use crate::widgets::RunOnSelect;
use editor::Editor;
use leptos::html::Div;
use leptos::prelude::*;
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::script::{ScriptError, ScriptErrorKind};
use outputs::Outputs;

/// Local-storage keys of everything the site keeps in a browser start with this.
pub const STORAGE_PREFIX: &str = "ml-intro.";

fn storage_key(cell: &str) -> String {
    format!("{STORAGE_PREFIX}cell.{cell}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Forgets every edited cell and everything else the site stored in this browser.
pub fn erase_all_data() {
    let Some(storage) = storage() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(STORAGE_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

#[derive(Debug, Clone, PartialEq)]
enum RunState {
    Idle,
    Running,
    Finished,
    Failed(ScriptError),
}

/// A runnable cell with `original` as its script; `id` names it in the browser's storage.
#[component]
pub fn CodeCell(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] original: String,
) -> impl IntoView {
    let key = StoredValue::new(storage_key(&id));
    let saved = storage().and_then(|storage| storage.get_item(&key.get_value()).ok().flatten());
    let edited = RwSignal::new(saved.is_some());
    let text = StoredValue::new(saved.unwrap_or_else(|| original.clone()));
    let original = StoredValue::new(original);
    let label = StoredValue::new(format!("Code of “{title}”"));
    let title_label = title.clone();
    let outputs = RwSignal::new(Vec::<ScriptOutput>::new());
    let state = RwSignal::new(RunState::Idle);
    let load_problem = RwSignal::new(None::<String>);
    let editor = StoredValue::new_local(None::<Editor>);
    let run = StoredValue::new_local(None::<ScriptRun>);
    let on_runner = RwSignal::new(false);
    let host = NodeRef::<Div>::new();

    let start = move || {
        if let Some(old) = run.get_value() {
            old.stop();
        }
        editor.with_value(|editor| editor.as_ref().map(Editor::clear_errors));
        outputs.set(Vec::new());
        state.set(RunState::Running);
        let source = text.get_value();
        // `try_` throughout: a late event may arrive after the cell has left the page.
        let place = if on_runner.get_untracked() {
            RunPlace::LocalRunner
        } else {
            RunPlace::Browser
        };
        let started = ScriptRun::start(source, place, move |event| {
            let next = match event {
                ScriptEvent::Output(output) => {
                    outputs.try_update(|all| all.push(output));
                    return;
                }
                ScriptEvent::Done(None) => RunState::Finished,
                ScriptEvent::Done(Some(error)) => {
                    if let (Some(line), Some(column)) = (error.line, error.column) {
                        let message = error.message.clone();
                        editor.try_with_value(|editor| {
                            editor
                                .as_ref()
                                .map(|e| e.mark_error(line, column, &message))
                        });
                    }
                    RunState::Failed(error)
                }
                ScriptEvent::Failed(message) => RunState::Failed(ScriptError {
                    kind: ScriptErrorKind::Stopped,
                    message,
                    line: None,
                    column: None,
                }),
            };
            state.try_set(next);
        });
        match started {
            Ok(started) => run.set_value(Some(started)),
            Err(message) => state.set(RunState::Failed(ScriptError {
                kind: ScriptErrorKind::Runtime,
                message,
                line: None,
                column: None,
            })),
        }
    };
    let stop = move |_| {
        if run.get_value().is_some_and(|run| run.stop()) {
            state.set(RunState::Failed(ScriptError {
                kind: ScriptErrorKind::Stopped,
                message: "stopped".into(),
                line: None,
                column: None,
            }));
        }
    };
    let reset = move |_| {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&key.get_value());
        }
        let original = original.get_value();
        editor.with_value(|editor| editor.as_ref().map(|e| e.set_text(&original)));
        text.set_value(original);
        edited.set(false);
    };

    Effect::new(move |_| {
        let Some(parent) = host.get() else {
            return;
        };
        // The bundle may arrive after the visitor has left the page: `try_` throughout.
        editor::when_loaded(move |loaded| {
            if let Err(reason) = loaded {
                load_problem.try_set(Some(reason));
                return;
            }
            let Some(initial) = text.try_get_value() else {
                return;
            };
            let on_change = move |changed: String| {
                let Some(unchanged) = original.try_with_value(|original| changed == *original)
                else {
                    return;
                };
                if let Some(storage) = storage() {
                    let key = key.get_value();
                    let _ = if unchanged {
                        storage.remove_item(&key)
                    } else {
                        storage.set_item(&key, &changed)
                    };
                }
                edited.try_set(!unchanged);
                text.try_set_value(changed);
            };
            let Some(label) = label.try_get_value() else {
                return;
            };
            let created = Editor::new(&parent, &initial, &label, start, on_change);
            editor.try_set_value(Some(created));
        });
    });
    on_cleanup(move || {
        if let Some(run) = run.get_value() {
            run.stop();
        }
    });

    let status = move || match state.get() {
        RunState::Idle => String::new(),
        RunState::Running => "Running…".into(),
        RunState::Finished => "Done.".into(),
        RunState::Failed(error) => format!("Stopped: {error}"),
    };
    let error_place = move || match state.get() {
        RunState::Failed(error) => (error.line, error.column),
        _ => (None, None),
    };
    view! {
        <section class="code-cell" data-testid="code-cell" data-cell=id aria-label=title_label>
            <h3>{title}</h3>
            <div class="cell-editor" node_ref=host data-testid="cell-editor"></div>
            {move || load_problem.get().map(|reason| view! { <p class="error" role="alert">{reason}</p> })}
            <div class="cell-bar">
                <button type="button" data-testid="cell-run" on:click=move |_| start()
                    title="Run (Ctrl+Enter)">"▶ Run"</button>
                <button type="button" data-testid="cell-stop" on:click=stop
                    disabled=move || state.get() != RunState::Running>"■ Stop"</button>
                <RunOnSelect label="Run " browser="in this browser" runner="on the local runner"
                    testid="cell-run-on" disabled=Signal::derive(move || state.get() == RunState::Running)
                    on_runner />
                <Show when=move || edited.get()>
                    <button type="button" data-testid="cell-reset" on:click=reset>"Reset to original"</button>
                </Show>
                <span class="cell-status" data-testid="cell-status" role="status"
                    data-state=move || match state.get() {
                        RunState::Idle => "idle",
                        RunState::Running => "running",
                        RunState::Finished => "finished",
                        RunState::Failed(_) => "failed",
                    }
                    data-line=move || error_place().0.map(|line| line.to_string())
                    data-column=move || error_place().1.map(|column| column.to_string())>
                    {status}
                </span>
            </div>
            <Outputs outputs />
        </section>
    }
}
