//! The shipped tabular data set (`content/data/breast-cancer.csv`, copied to `/data/`), loaded
//! and parsed once per widget.

use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::tabular::table::Table;

pub const URL: &str = "/data/breast-cancer.csv";

/// A signal that holds the table once loaded (or what went wrong, with the URL).
pub fn load() -> RwSignal<Option<Result<Table, String>>> {
    let table = RwSignal::new(None);
    spawn_local(async move {
        let loaded = crate::fetch::text(URL)
            .await
            .and_then(|text| Table::parse(&text).map_err(|error| format!("{URL}: {error}")));
        table.try_set(Some(loaded));
    });
    table
}

/// Lets the page draw before the next long computation.
pub async fn yield_to_page() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
