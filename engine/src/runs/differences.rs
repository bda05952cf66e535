//! What differs between two runs' specs, field by field.

use crate::spec::ExperimentSpec;
use serde_json::Value;
use std::collections::BTreeMap;

/// One field whose value differs: its path in the spec (e.g. `optimizer.learning_rate`,
/// `model.layers[1].units`) and each spec's value as JSON text, or "—" where a spec has no
/// such field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: String,
    pub first: String,
    pub second: String,
}

/// The fields whose values differ between `first` and `second`, in path order.
pub fn spec_differences(first: &ExperimentSpec, second: &ExperimentSpec) -> Vec<Difference> {
    let first = leaves(first);
    let mut second = leaves(second);
    let mut differences = Vec::new();
    for (field, value) in first {
        match second.remove(&field) {
            Some(other) if other == value => {}
            other => differences.push(Difference {
                field,
                first: value,
                second: other.unwrap_or_else(|| MISSING.to_string()),
            }),
        }
    }
    differences.extend(second.into_iter().map(|(field, value)| Difference {
        field,
        first: MISSING.to_string(),
        second: value,
    }));
    differences.sort_by(|a, b| a.field.cmp(&b.field));
    differences
}

const MISSING: &str = "—";

/// Every scalar of the spec's JSON by its path.
fn leaves(spec: &ExperimentSpec) -> BTreeMap<String, String> {
    let mut leaves = BTreeMap::new();
    let value = serde_json::to_value(spec).unwrap_or(Value::Null);
    collect(&value, String::new(), &mut leaves);
    leaves
}

fn collect(value: &Value, path: String, leaves: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                let path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                collect(field, path, leaves);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (index, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{index}]"), leaves);
            }
        }
        scalar => {
            leaves.insert(path, scalar.to_string());
        }
    }
}
