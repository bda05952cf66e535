//! Live widgets, mounted where a chapter's page places them (```` ```widget NAME ```` in its
//! Markdown; `app/pages/src/widgets.rs` lists the names a chapter may use).

mod anomaly;
mod bayes;
mod breast_cancer;
mod clusters;
mod controls;
mod course_text;
mod descent;
mod entropy;
mod label_noise;
mod loss_chart;
mod pca;
mod plane;
mod retrieval;
mod tabular;
mod tokens;
mod xor;

use leptos::prelude::*;
pub use loss_chart::LossChart;
use std::collections::BTreeMap;
pub use xor::XorWidget;

/// A widget's parameters from its fence (`key=value`), as the page's JSON object of strings.
pub type Params = BTreeMap<String, String>;

/// The widget `name` with `params_json`, or a visible error saying what is wrong.
pub fn widget_view(name: &str, params_json: &str) -> AnyView {
    let params: Params = match serde_json::from_str(if params_json.is_empty() {
        "{}"
    } else {
        params_json
    }) {
        Ok(params) => params,
        Err(error) => {
            let message = format!("The widget “{name}” has unreadable parameters: {error}");
            return view! { <p class="error">{message}</p> }.into_any();
        }
    };
    match name {
        "xor" => view! { <XorWidget /> }.into_any(),
        "descent" => {
            let surface = params.get("surface").cloned().unwrap_or_default();
            view! { <descent::DescentWidget surface /> }.into_any()
        }
        "bayes" => view! { <bayes::BayesWidget /> }.into_any(),
        "pca" => view! { <pca::PcaWidget /> }.into_any(),
        "entropy" => view! { <entropy::EntropyWidget /> }.into_any(),
        "clusters" => {
            let set = params.get("points").cloned().unwrap_or_default();
            view! { <clusters::ClustersWidget set /> }.into_any()
        }
        "anomaly" => view! { <anomaly::AnomalyWidget /> }.into_any(),
        "tokens" => view! { <tokens::TokensWidget /> }.into_any(),
        "tabular" => view! { <tabular::TabularWidget /> }.into_any(),
        "label-noise" => view! { <label_noise::LabelNoiseWidget /> }.into_any(),
        "retrieval" => {
            let query = params.get("query").cloned().unwrap_or_default();
            view! { <retrieval::RetrievalWidget query /> }.into_any()
        }
        other => {
            let message = format!("This site has no widget “{other}” (parameters {params:?}).");
            view! { <p class="error">{message}</p> }.into_any()
        }
    }
}
