//! The site's web worker. It owns the engine: it picks the device (WebGPU where the browser
//! has an adapter, else the `flex` CPU backend), trains jobs the page sends, and streams
//! [`Event`]s back. It never blocks the page: all of its work happens on the worker's thread.
//!
//! Messages are JSON strings of [`ml_intro_engine::protocol`] types. The backend choice comes
//! in the script URL (`…_loader.js?backend=cpu`), so the device is ready before any message.

mod device_choice;
mod jobs;
mod outbox;
mod scripts;

use gloo_events::EventListener;
use jobs::{Command, Jobs, Limits};
use ml_intro_engine::ENGINE_VERSION;
use ml_intro_engine::protocol::{BackendChoice, Event, Fault, Request};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    outbox::report_panics();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let choice = backend_choice(&scope);
    wasm_bindgen_futures::spawn_local(async move {
        let (device, device_info) = device_choice::choose(choice).await;
        let jobs = Rc::new(Jobs::new(device, device_info.clone()));
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        EventListener::new(&scope, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            handle(&jobs, event);
        })
        .forget();
        outbox::post(&Event::Ready {
            engine_version: ENGINE_VERSION.to_string(),
            device: device_info,
        });
    });
}

fn backend_choice(scope: &DedicatedWorkerGlobalScope) -> BackendChoice {
    let search = scope.location().search();
    let value = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("backend="))
        .unwrap_or("auto");
    BackendChoice::from_url_value(value)
}

fn handle(jobs: &Rc<Jobs>, event: &MessageEvent) {
    let Some(text) = event.data().as_string() else {
        outbox::console_error("ignored a non-text message");
        return;
    };
    let request: Request = match serde_json::from_str(&text) {
        Ok(request) => request,
        Err(error) => {
            outbox::console_error(&format!("ignored a malformed message ({error}): {text}"));
            return;
        }
    };
    match request {
        Request::Train {
            job,
            spec,
            max_steps,
            target_loss,
        } => {
            let limits = Limits {
                max_steps,
                target_loss,
            };
            jobs.start(job, spec, Some(limits), false);
        }
        Request::Open { job, spec } => jobs.start(job, spec, None, true),
        Request::Play {
            job,
            max_steps,
            target_loss,
        } => jobs.command(
            job,
            Command::Play(Limits {
                max_steps,
                target_loss,
            }),
        ),
        Request::Pause { job } => jobs.command(job, Command::Pause),
        Request::Step { job, steps } => jobs.command(job, Command::Step(steps)),
        Request::SetWeight { job, edit } => jobs.command(job, Command::SetWeight(edit)),
        Request::Query {
            job,
            query_id,
            query,
        } => jobs.command(job, Command::Query(query_id, query)),
        Request::Export { job } => jobs.command(job, Command::Export),
        Request::Import { job, file } => jobs.import(job, &file),
        Request::Cancel { job } => jobs.command(job, Command::Cancel),
        Request::RunScript { job, source } => scripts::run(job, &source),
        Request::InjectFault {
            fault: Fault::Panic,
        } => {
            panic!("simulated engine panic (requested by a test page)")
        }
    }
}
