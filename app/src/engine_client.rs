//! The page's side of the engine worker: starts it when a widget first needs it, sends
//! requests, routes events to the widget that started each job, and turns a crashed or
//! unloadable worker into a visible message (the next job starts a fresh worker).

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use ml_intro_engine::protocol::{
    BackendChoice, Event, Fault, JobId, Request, StopReason, decode_answer, encode_query,
};
use ml_intro_engine::query::{Answer, Query};
use ml_intro_engine::{DeviceInfo, ExperimentSpec, PlanePoints, Snapshot, WeightEdit};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions};

/// Loads the worker that Trunk builds from `app/worker` (see `public/engine-loader.js`).
pub const WORKER_SCRIPT: &str = "/engine-loader.js";

/// What the footer and widgets show about the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineStatus {
    NotLoaded,
    Loading,
    Ready(DeviceInfo),
    Failed(String),
}

/// What a widget hears about its job.
#[derive(Debug, Clone, PartialEq)]
pub enum JobEvent {
    /// An open job is ready: its data points to draw (2-D toy sets).
    Opened(Option<PlanePoints>),
    Progress(Snapshot),
    /// An open job stopped training and waits.
    Idle(StopReason),
    /// A request the job could not carry out; the job goes on.
    Refused(String),
    /// The job's model file (safetensors), as `export` asked.
    Exported(Vec<u8>),
    /// An imported model file's experiment (JSON text); `Opened` follows.
    Imported(String),
    Done(StopReason, Option<Snapshot>),
    Failed(String),
}

type Listener = Rc<dyn Fn(JobEvent)>;
/// Takes an answer's JSON text (parsed by the asker, so programs that never ask link no parser).
type AnswerHandler = Box<dyn FnOnce(&str)>;

struct Client {
    status: RwSignal<EngineStatus>,
    worker: Option<Connection>,
    /// Requests waiting for the worker's `ready`.
    queued: Vec<Request>,
    listeners: HashMap<JobId, Listener>,
    /// Who waits for each query's answer.
    answers: HashMap<u32, AnswerHandler>,
    next_job: JobId,
    next_query: u32,
    /// The device the next worker starts on.
    backend: BackendChoice,
    /// Counts the workers started: a stopped worker's late events (its error after a panic,
    /// say) must not reach the one that replaced it.
    generation: u64,
}

struct Connection {
    worker: Worker,
    ready: bool,
    _on_message: EventListener,
    _on_error: EventListener,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Sets up the client; called once by the app shell.
pub fn install() {
    CLIENT.with_borrow_mut(|client| {
        client.get_or_insert_with(|| Client {
            status: RwSignal::new(EngineStatus::NotLoaded),
            worker: None,
            queued: Vec::new(),
            listeners: HashMap::new(),
            answers: HashMap::new(),
            next_job: 1,
            next_query: 1,
            backend: page_backend_choice(),
            generation: 0,
        });
    });
}

fn with_client<R>(action: impl FnOnce(&mut Client) -> R) -> R {
    CLIENT.with_borrow_mut(|client| action(client.as_mut().expect("engine_client::install ran")))
}

pub fn status() -> RwSignal<EngineStatus> {
    with_client(|client| client.status)
}

/// Starts the worker if it is not running, so a widget's device is known before it trains.
pub fn ensure_started() {
    if let Err(message) = with_client(Client::ensure_worker) {
        fail_everything(message);
    }
}

/// Starts training `spec`; `on_event` hears its progress until it is done or failed.
pub fn train(
    spec: ExperimentSpec,
    max_steps: u64,
    target_loss: f32,
    on_event: impl Fn(JobEvent) + 'static,
) -> JobId {
    let job = new_job(on_event);
    send(Request::Train {
        job,
        spec,
        max_steps,
        target_loss,
    });
    job
}

/// Sets `spec` up without training it; the job then takes `play`, `pause`, `step` and
/// `set_weight` until it is cancelled.
pub fn open(spec: ExperimentSpec, on_event: impl Fn(JobEvent) + 'static) -> JobId {
    let job = new_job(on_event);
    send(Request::Open { job, spec });
    job
}

pub fn play(job: JobId, max_steps: u64, target_loss: f32) {
    send(Request::Play {
        job,
        max_steps,
        target_loss,
    });
}

pub fn pause(job: JobId) {
    send(Request::Pause { job });
}

pub fn step(job: JobId, steps: u32) {
    send(Request::Step { job, steps });
}

pub fn set_weight(job: JobId, edit: WeightEdit) {
    send(Request::SetWeight { job, edit });
}

/// Asks an open job's model `query`; `on_answer` hears the answer or why there is none.
/// Nothing is heard if the job ends first.
pub fn query(job: JobId, query: Query, on_answer: impl FnOnce(Result<Answer, String>) + 'static) {
    let query_id = with_client(|client| {
        let query_id = client.next_query;
        client.next_query += 1;
        let handler = move |text: &str| on_answer(decode_answer(text));
        client.answers.insert(query_id, Box::new(handler));
        query_id
    });
    send(Request::Query {
        job,
        query_id,
        query: encode_query(&query),
    });
}

/// Asks for an open job's model file; it comes as [`JobEvent::Exported`] (or `Refused`).
pub fn export(job: JobId) {
    send(Request::Export { job });
}

/// Opens a job from a model file's bytes, like [`open`]; [`JobEvent::Imported`] comes first
/// with the file's experiment, or `Failed` says why the file cannot be used.
pub fn import(file: Vec<u8>, on_event: impl Fn(JobEvent) + 'static) -> JobId {
    let job = new_job(on_event);
    send(Request::Import { job, file });
    job
}

pub fn cancel(job: JobId) {
    send(Request::Cancel { job });
}

fn new_job(on_event: impl Fn(JobEvent) + 'static) -> JobId {
    with_client(|client| {
        let job = client.next_job;
        client.next_job += 1;
        client.listeners.insert(job, Rc::new(on_event));
        job
    })
}

/// Whether worker number `generation` is the one running.
fn is_current(generation: u64) -> bool {
    with_client(|client| client.worker.is_some() && client.generation == generation)
}

/// The device choice the engine runs (or will start) on.
pub fn backend_choice() -> BackendChoice {
    with_client(|client| client.backend)
}

/// Restarts the engine on `choice` (the GPU where usable, or the CPU). The old worker's jobs end
/// without an event: the widgets that switch open new jobs, which start the new worker.
pub fn use_backend(choice: BackendChoice) {
    let connection = with_client(|client| {
        if client.backend == choice {
            return None;
        }
        client.backend = choice;
        client.queued.clear();
        client.listeners.clear();
        client.answers.clear();
        client.status.set(EngineStatus::NotLoaded);
        client.worker.take()
    });
    if let Some(connection) = connection {
        connection.worker.terminate();
        Timeout::new(0, move || drop(connection)).forget();
    }
}

/// Asks the worker to simulate a fault (test pages only).
pub fn inject_fault(fault: Fault) {
    send(Request::InjectFault { fault });
}

fn send(request: Request) {
    let result = with_client(|client| {
        client.ensure_worker()?;
        match &client.worker {
            Some(connection) if connection.ready => post(&connection.worker, &request),
            _ => {
                client.queued.push(request);
                Ok(())
            }
        }
    });
    if let Err(message) = result {
        fail_everything(message);
    }
}

fn post(worker: &Worker, request: &Request) -> Result<(), String> {
    let json = serde_json::to_string(request).map_err(|error| error.to_string())?;
    worker
        .post_message(&JsValue::from_str(&json))
        .map_err(|error| format!("sending to the engine failed: {error:?}"))
}

impl Client {
    fn ensure_worker(&mut self) -> Result<(), String> {
        if self.worker.is_some() {
            return Ok(());
        }
        let options = WorkerOptions::new();
        options.set_name("ml-intro engine");
        let url = format!("{WORKER_SCRIPT}?backend={}", self.backend.as_str());
        let worker = Worker::new_with_options(&url, &options).map_err(|error| {
            format!("the browser refused to start the engine worker: {error:?}")
        })?;
        self.generation += 1;
        let generation = self.generation;
        let on_message = EventListener::new(&worker, "message", move |event| {
            if let (Some(event), true) = (event.dyn_ref::<MessageEvent>(), is_current(generation)) {
                on_worker_message(event);
            }
        });
        let on_error = EventListener::new(&worker, "error", move |event| {
            if !is_current(generation) {
                return;
            }
            let detail = event
                .dyn_ref::<ErrorEvent>()
                .map(|error| error.message())
                .filter(|message| !message.is_empty())
                .unwrap_or_else(|| "the engine could not be loaded".to_string());
            fail_everything(format!("the training engine stopped: {detail}"));
        });
        self.worker = Some(Connection {
            worker,
            ready: false,
            _on_message: on_message,
            _on_error: on_error,
        });
        self.status.set(EngineStatus::Loading);
        Ok(())
    }
}

/// `?backend=cpu` in the page's address keeps training on the CPU.
fn page_backend_choice() -> BackendChoice {
    let search = window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|params| params.get("backend"))
        .map_or(BackendChoice::Auto, |value| {
            BackendChoice::from_url_value(&value)
        })
}

fn on_worker_message(event: &MessageEvent) {
    let parsed = event
        .data()
        .as_string()
        .ok_or_else(|| "a non-text message".to_string())
        .and_then(|text| serde_json::from_str::<Event>(&text).map_err(|error| error.to_string()));
    let event = match parsed {
        Ok(event) => event,
        Err(error) => {
            leptos::logging::error!("ml-intro: ignored an engine message: {error}");
            return;
        }
    };
    match event {
        Event::Ready { device, .. } => on_ready(device),
        Event::Opened { job, points } => notify(job, JobEvent::Opened(points), false),
        Event::Progress { job, snapshot } => notify(job, JobEvent::Progress(snapshot), false),
        Event::Idle { job, reason } => notify(job, JobEvent::Idle(reason), false),
        Event::Refused { job, message } => notify(job, JobEvent::Refused(message), false),
        Event::Exported { job, file } => notify(job, JobEvent::Exported(file), false),
        Event::Imported { job, spec } => notify(job, JobEvent::Imported(spec), false),
        Event::Answer {
            query_id, answer, ..
        } => {
            if let Some(handler) = with_client(|client| client.answers.remove(&query_id)) {
                handler(&answer);
            }
        }
        Event::Done {
            job,
            reason,
            snapshot,
        } => notify(job, JobEvent::Done(reason, snapshot), true),
        Event::Failed { job, message } => notify(job, JobEvent::Failed(message), true),
        // Scripts run in workers of their own (`script_client`), never in this one.
        Event::ScriptOutput { .. } | Event::ScriptDone { .. } => {}
        Event::Crashed { message } => {
            fail_everything(format!("the training engine stopped: {message}"))
        }
    }
}

fn on_ready(device: DeviceInfo) {
    let result = with_client(|client| {
        client.status.set(EngineStatus::Ready(device));
        let Some(connection) = client.worker.as_mut() else {
            return Ok(());
        };
        connection.ready = true;
        client
            .queued
            .drain(..)
            .try_for_each(|request| post(&connection.worker, &request))
    });
    if let Err(message) = result {
        fail_everything(message);
    }
}

/// Calls a job's listener outside the client's borrow (listeners may start new jobs).
fn notify(job: JobId, event: JobEvent, last: bool) {
    let listener = with_client(|client| {
        if last {
            client.listeners.remove(&job)
        } else {
            client.listeners.get(&job).cloned()
        }
    });
    if let Some(listener) = listener {
        listener(event);
    }
}

/// The worker is gone: stop it, tell every waiting widget and the footer why. The next
/// request starts a fresh worker.
fn fail_everything(message: String) {
    let (connection, listeners) = with_client(|client| {
        client.status.set(EngineStatus::Failed(message.clone()));
        client.queued.clear();
        client.answers.clear();
        (client.worker.take(), std::mem::take(&mut client.listeners))
    });
    if let Some(connection) = connection {
        connection.worker.terminate();
        // Dropping the listeners from inside one of their own callbacks is deferred.
        Timeout::new(0, move || drop(connection)).forget();
    }
    for listener in listeners.into_values() {
        listener(JobEvent::Failed(message.clone()));
    }
}
