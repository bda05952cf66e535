//! Code cells: the worker runs a script on the CPU and posts each output as it happens.
//!
//! The page starts a worker of its own for every run (see the app's `script_client`), so a
//! script never waits behind a training job, a Stop ends just that worker, and a trap in one
//! run cannot leave a broken instance for the next.

use crate::outbox;
use ml_intro_engine::protocol::{Event, JobId};
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::script::{Limits, ScriptHost, run_script};
use std::rc::Rc;
use web_time::{Duration, Instant};

/// A browser script stops after this long, whatever it does.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Browser limits: fewer operations than natively (wasm runs them more slowly), so that an
/// endless loop ends within a second.
fn browser_limits() -> Limits {
    Limits {
        max_operations: 10_000_000,
        ..Limits::default()
    }
}

struct Page {
    job: JobId,
    deadline: Instant,
}

impl ScriptHost for Page {
    fn emit(&self, output: ScriptOutput) {
        outbox::post(&Event::ScriptOutput {
            job: self.job,
            output,
        });
    }

    fn should_stop(&self) -> bool {
        Instant::now() >= self.deadline
    }
}

pub fn run(job: JobId, source: &str) {
    let page = Rc::new(Page {
        job,
        deadline: Instant::now() + TIME_LIMIT,
    });
    let error = run_script(source, &browser_limits(), page).err();
    outbox::post(&Event::ScriptDone { job, error });
}
