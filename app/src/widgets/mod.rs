//! Live widgets, mounted where a chapter's page places them (```` ```widget NAME ```` in its
//! Markdown; `app/pages/src/widgets.rs` lists the names a chapter may use, and which chapter
//! program carries each). The widgets come in groups; each chapter program links only its own
//! groups (see `src/bin/`), so that none grows past its size budget.

mod anomaly;
mod attack;
mod attention;
mod automl;
mod bayes;
mod breast_cancer;
mod cart_pole;
mod club_drawing;
mod clusters;
mod controls;
mod course_text;
mod descent;
mod diffusion;
mod dp_sgd;
mod draw_digit;
mod drift;
mod entropy;
mod fairness;
mod federated;
mod generation;
mod graph_network;
mod hpo;
mod label_noise;
mod latent_map;
mod live_answer;
mod loss_chart;
mod message_passing;
mod networks;
mod parallel_coordinates;
mod pca;
mod plane;
mod playground_frame;
mod q_learning;
mod quantization;
mod rag;
mod retrieval;
mod return_chart;
mod run_compare;
mod runs;
mod tabular;
mod threshold;
mod tokens;
mod training;
mod xor;

pub use controls::RunOnSelect;
use leptos::prelude::*;
pub use loss_chart::LossChart;
use std::collections::BTreeMap;
pub use xor::XorWidget;

/// A widget's parameters from its fence (`key=value`), as the page's JSON object of strings.
pub type Params = BTreeMap<String, String>;

/// A group's widgets: the view for `name`, or `None` when the group has no such widget.
pub type Group = fn(&str, &Params) -> Option<AnyView>;

/// The widget `name` with `params_json` from the first of `groups` that has it, or a visible
/// error saying what is wrong.
pub fn widget_view(groups: &[Group], name: &str, params_json: &str) -> AnyView {
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
    match groups.iter().find_map(|group| group(name, &params)) {
        Some(view) => view,
        None => {
            let message = format!("This page's program has no widget “{name}”.");
            view! { <p class="error">{message}</p> }.into_any()
        }
    }
}

fn param(params: &Params, key: &str) -> String {
    params.get(key).cloned().unwrap_or_default()
}

/// The maths primer's small models, which run in the page.
pub fn primer(name: &str, params: &Params) -> Option<AnyView> {
    Some(match name {
        "descent" => {
            let surface = param(params, "surface");
            view! { <descent::DescentWidget surface /> }.into_any()
        }
        "bayes" => view! { <bayes::BayesWidget /> }.into_any(),
        "pca" => view! { <pca::PcaWidget /> }.into_any(),
        "entropy" => view! { <entropy::EntropyWidget /> }.into_any(),
        _ => return None,
    })
}

/// Graph machine learning on the karate club (chapter 8), reinforcement learning's agents
/// (chapter 9) and a 2-D diffusion model (chapter 10), which run in the page.
pub fn graphs_and_agents(name: &str, _params: &Params) -> Option<AnyView> {
    Some(match name {
        "graph-network" => view! { <graph_network::GraphNetworkWidget /> }.into_any(),
        "message-passing" => view! { <message_passing::MessagePassingWidget /> }.into_any(),
        "q-learning" => view! { <q_learning::QLearningWidget /> }.into_any(),
        "cart-pole" => view! { <cart_pole::CartPoleWidget /> }.into_any(),
        "diffusion" => view! { <diffusion::DiffusionWidget /> }.into_any(),
        _ => return None,
    })
}

/// Responsible AI's models (chapter 14): fairness, DP-SGD and federated averaging run in the
/// page; the adversarial attack on the digits CNN trains in the engine worker. With them, the
/// MLOps chapter's (13) run records and data drift.
pub fn responsible(name: &str, _params: &Params) -> Option<AnyView> {
    Some(match name {
        "runs" => view! { <runs::RunsWidget /> }.into_any(),
        "drift" => view! { <drift::DriftWidget /> }.into_any(),
        "fairness" => view! { <fairness::FairnessWidget /> }.into_any(),
        "dp-sgd" => view! { <dp_sgd::DpSgdWidget /> }.into_any(),
        "federated" => view! { <federated::FederatedWidget /> }.into_any(),
        "fgsm" => view! { <attack::FgsmWidget /> }.into_any(),
        _ => return None,
    })
}

/// Networks trained by the engine worker, and the point-cloud widgets of the chapters that
/// show them (PCA, clustering, anomaly detection, quantization).
pub fn networks(name: &str, params: &Params) -> Option<AnyView> {
    Some(match name {
        "xor" => view! { <XorWidget /> }.into_any(),
        "pca" => view! { <pca::PcaWidget /> }.into_any(),
        "clusters" => {
            let set = param(params, "points");
            view! { <clusters::ClustersWidget set /> }.into_any()
        }
        "anomaly" => view! { <anomaly::AnomalyWidget /> }.into_any(),
        "digits-cnn" => view! { <networks::DigitsCnnWidget /> }.into_any(),
        "autoencoder" => view! { <networks::AutoencoderWidget variational=false /> }.into_any(),
        "vae" => view! { <networks::AutoencoderWidget variational=true /> }.into_any(),
        "triplet" => view! { <networks::EncoderWidget contrastive=false /> }.into_any(),
        "contrastive" => view! { <networks::EncoderWidget contrastive=true /> }.into_any(),
        "char-transformer" => view! { <networks::CharTransformerWidget /> }.into_any(),
        "quantization" => view! { <quantization::QuantizationWidget /> }.into_any(),
        _ => return None,
    })
}

/// Models of data sets the page loads (tables and the course's own text), and the
/// hyper-parameter searches of chapters 11 and 12.
pub fn data(name: &str, params: &Params) -> Option<AnyView> {
    Some(match name {
        "tabular" => view! { <tabular::TabularWidget /> }.into_any(),
        "label-noise" => view! { <label_noise::LabelNoiseWidget /> }.into_any(),
        "tokens" => view! { <tokens::TokensWidget /> }.into_any(),
        "playground" => {
            let params = params.clone();
            view! { <playground_frame::PlaygroundFrame params /> }.into_any()
        }
        "rag" => view! { <rag::RagWidget /> }.into_any(),
        "threshold" => view! { <threshold::ThresholdWidget /> }.into_any(),
        "hpo" => view! { <hpo::HpoWidget /> }.into_any(),
        "automl" => view! { <automl::AutomlWidget /> }.into_any(),
        "retrieval" => {
            let query = param(params, "query");
            view! { <retrieval::RetrievalWidget query /> }.into_any()
        }
        _ => return None,
    })
}
