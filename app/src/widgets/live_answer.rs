//! Questions to a training widget's model that are asked again whenever the model or the
//! question changes, one at a time: while an answer is awaited only the newest question
//! waits, so a fast-training model or a quick hand never queues up work.

use crate::engine_client;
use crate::widgets::training::TrainedModel;
use leptos::prelude::*;
use ml_intro_engine::protocol::JobId;
use ml_intro_engine::query::{Answer, Query};

pub type Outcome = Option<Result<Answer, String>>;

/// The latest answer to `question()` (re-read when the signals it reads change) about the
/// model of the surrounding training widget; `None` until there is one.
pub fn live_answer(question: impl Fn() -> Option<Query> + 'static) -> ReadSignal<Outcome> {
    let model = expect_context::<TrainedModel>();
    let answer = RwSignal::new(None);
    let waiting_on = StoredValue::new(None::<JobId>);
    let next = StoredValue::new(None::<(JobId, Query)>);
    Effect::new(move |_| {
        model.latest.track();
        if let (Some(job), Some(query)) = (model.job.get(), question()) {
            next.set_value(Some((job, query)));
            send_next(answer, waiting_on, next);
        }
    });
    answer.read_only()
}

fn send_next(
    answer: RwSignal<Outcome>,
    waiting_on: StoredValue<Option<JobId>>,
    next: StoredValue<Option<(JobId, Query)>>,
) {
    let Some(Some((job, query))) = next.try_update_value(Option::take) else {
        return;
    };
    // A question to a job that ended was never answered: asking its successor goes ahead.
    if waiting_on.get_value() == Some(job) {
        next.set_value(Some((job, query)));
        return;
    }
    waiting_on.set_value(Some(job));
    engine_client::query(job, query, move |result| {
        // `try_set_value` hands the value back only when the widget is gone.
        if waiting_on.try_set_value(None).is_none() {
            answer.try_set(Some(result));
            send_next(answer, waiting_on, next);
        }
    });
}
