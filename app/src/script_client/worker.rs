//! Code cells' runs in the browser. Each run gets a fresh engine worker of its own (on the
//! CPU): a script never waits behind a widget's training, Stop ends just that worker at once,
//! a run that does not stop by itself is ended by the page, and a trap cannot leave a broken
//! instance for the next run.

use super::ScriptEvent;
use crate::engine_client::WORKER_SCRIPT;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use ml_intro_engine::protocol::{Event, Request};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions};

/// The worker stops a script after 60 s; the page ends a worker that is still busy this much
/// later (a script stuck where the engine cannot check the time).
const WATCHDOG_MS: u32 = 65_000;

/// A script running in a worker of its own; [`WorkerRun::stop`] ends it.
#[derive(Clone)]
pub struct WorkerRun {
    inner: Rc<RefCell<Option<Running>>>,
}

struct Running {
    worker: Worker,
    _listeners: [EventListener; 2],
    _watchdog: Timeout,
}

impl WorkerRun {
    /// Starts `source` in a fresh worker; `on_event` hears its outputs and its end.
    pub fn start(source: String, on_event: impl Fn(ScriptEvent) + 'static) -> Result<Self, String> {
        let worker = cpu_worker("ml-intro script")?;
        let run = Self {
            inner: Rc::new(RefCell::new(None)),
        };
        let on_event: Rc<dyn Fn(ScriptEvent)> = Rc::new(on_event);
        let (messages, heard) = (run.clone(), Rc::clone(&on_event));
        let on_message =
            EventListener::new(&worker, "message", move |event| match engine_event(event) {
                Ok(Event::Ready { .. }) => messages.post(&Request::RunScript {
                    job: 1,
                    source: source.clone(),
                }),
                Ok(Event::ScriptOutput { output, .. }) => heard(ScriptEvent::Output(output)),
                Ok(Event::ScriptDone { error, .. }) => {
                    messages.end();
                    heard(ScriptEvent::Done(error));
                }
                Ok(Event::Crashed { message }) => {
                    messages.end();
                    heard(ScriptEvent::Failed(format!(
                        "the engine stopped: {message}"
                    )));
                }
                _ => {}
            });
        let (errors, heard) = (run.clone(), Rc::clone(&on_event));
        let on_error = EventListener::new(&worker, "error", move |event| {
            let detail = event
                .dyn_ref::<ErrorEvent>()
                .map(|error| error.message())
                .filter(|message| !message.is_empty())
                .unwrap_or_else(|| "the engine could not be loaded".into());
            errors.end();
            heard(ScriptEvent::Failed(detail));
        });
        let (timer, heard) = (run.clone(), on_event);
        let watchdog = Timeout::new(WATCHDOG_MS, move || {
            if timer.end() {
                heard(ScriptEvent::Failed(
                    "the script did not stop by itself; its worker was ended".into(),
                ));
            }
        });
        *run.inner.borrow_mut() = Some(Running {
            worker,
            _listeners: [on_message, on_error],
            _watchdog: watchdog,
        });
        Ok(run)
    }

    /// Ends the run now (its worker with it); true if it was still running.
    pub fn stop(&self) -> bool {
        self.end()
    }

    fn post(&self, request: &Request) {
        if let (Some(running), Ok(json)) =
            (self.inner.borrow().as_ref(), serde_json::to_string(request))
        {
            let _ = running.worker.post_message(&JsValue::from_str(&json));
        }
    }

    /// Terminates the worker; listeners are dropped after the current event.
    fn end(&self) -> bool {
        let Some(running) = self.inner.borrow_mut().take() else {
            return false;
        };
        running.worker.terminate();
        Timeout::new(0, move || drop(running)).forget();
        true
    }
}

/// The engine's event in a worker's message (its JSON text), or why there is none.
fn engine_event(event: &web_sys::Event) -> Result<Event, String> {
    let text = event
        .dyn_ref::<MessageEvent>()
        .and_then(|message| message.data().as_string())
        .ok_or("not a text message")?;
    serde_json::from_str(&text).map_err(|error| error.to_string())
}

/// A fresh engine worker on the CPU, named `name` in the browser's tools.
fn cpu_worker(name: &str) -> Result<Worker, String> {
    let options = WorkerOptions::new();
    options.set_name(name);
    Worker::new_with_options(&format!("{WORKER_SCRIPT}?backend=cpu"), &options)
        .map_err(|error| format!("the browser refused to start a worker: {error:?}"))
}
