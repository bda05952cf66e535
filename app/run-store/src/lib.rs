//! The browser's run records: [`RunRecord`]s in IndexedDB (database `ml-intro`, store `runs`,
//! keyed by record id, each kept as its JSON text). The engine worker saves a run's record
//! whenever the run stops; chapter 13's `runs` widget reads and clears them. Records belong to
//! the site's origin, so every page and every widget of the site shares them.

use idb::builder::{DatabaseBuilder, ObjectStoreBuilder};
use idb::{Database, ObjectStore, Transaction, TransactionMode};
use ml_intro_engine::runs::RunRecord;
use wasm_bindgen::JsValue;

const DATABASE: &str = "ml-intro";
const STORE: &str = "runs";

/// Saves `record`, replacing an earlier record of the same run.
pub async fn save(record: &RunRecord) -> Result<(), String> {
    const DOING: &str = "saving a run record";
    let json = serde_json::to_string(record).map_err(|error| error.to_string())?;
    let (database, transaction, store) = open_store(TransactionMode::ReadWrite, DOING).await?;
    let key = JsValue::from_str(&record.id);
    let put = store.put(&JsValue::from_str(&json), Some(&key));
    put.map_err(failed(DOING))?.await.map_err(failed(DOING))?;
    let saved = finish(transaction, DOING).await;
    database.close();
    saved
}

/// Every record, newest first. A record this build cannot read (written by another version
/// of the site) is left out and counted in the second value.
pub async fn all() -> Result<(Vec<RunRecord>, usize), String> {
    const DOING: &str = "reading the run records";
    let (database, _transaction, store) = open_store(TransactionMode::ReadOnly, DOING).await?;
    let values = store.get_all(None, None).map_err(failed(DOING))?.await;
    database.close();
    let values = values.map_err(failed(DOING))?;
    let total = values.len();
    let records: Vec<RunRecord> = values
        .iter()
        .filter_map(|value| serde_json::from_str(&value.as_string()?).ok())
        .collect();
    let unreadable = total - records.len();
    Ok((RunRecord::newest_first(records), unreadable))
}

/// Deletes every record.
pub async fn clear() -> Result<(), String> {
    const DOING: &str = "clearing the run records";
    let (database, transaction, store) = open_store(TransactionMode::ReadWrite, DOING).await?;
    store
        .clear()
        .map_err(failed(DOING))?
        .await
        .map_err(failed(DOING))?;
    let cleared = finish(transaction, DOING).await;
    database.close();
    cleared
}

/// The database, a transaction on the records in `mode`, and the records' store.
async fn open_store(
    mode: TransactionMode,
    doing: &'static str,
) -> Result<(Database, Transaction, ObjectStore), String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], mode)
        .map_err(failed(doing))?;
    let store = transaction.object_store(STORE).map_err(failed(doing))?;
    Ok((database, transaction, store))
}

async fn open() -> Result<Database, String> {
    DatabaseBuilder::new(DATABASE)
        .version(1)
        .add_object_store(ObjectStoreBuilder::new(STORE))
        .build()
        .await
        .map_err(failed("opening the browser's run records (IndexedDB)"))
}

async fn finish(transaction: Transaction, doing: &'static str) -> Result<(), String> {
    let result = transaction.commit().map_err(failed(doing))?.await;
    match result {
        Ok(outcome) if outcome.is_committed() => Ok(()),
        Ok(_) => Err(format!("{doing}: the browser aborted the transaction")),
        Err(error) => Err(format!("{doing}: {error}")),
    }
}

fn failed(doing: &'static str) -> impl Fn(idb::Error) -> String {
    move |error| format!("{doing}: {error}")
}
