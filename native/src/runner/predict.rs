//! `POST /v1/predict`: the runner serves exported models (`--model NAME=FILE`, files the
//! playground's "Export model" saves) to programs on this machine.
//!
//! The same rules as the runner's WebSocket: the Host must be this machine's loopback at the
//! runner's port and an Origin, when there is one, must be allowed ([`super::guard`]); and the
//! runner's token must come as `Authorization: Bearer TOKEN`. (Browsers always send an Origin
//! with a POST; command-line clients send none and are judged by the token alone.) A page on
//! an allowed origin may call it with `fetch`: the CORS preflight is answered ([`cors`]).
//!
//! Request: `{"model": "NAME", "inputs": [[x₁, x₂], …]}` (`model` may be left out when one
//! model is served); answer: `{"model": "NAME", "outputs": [...], "output": "…"}`, where an
//! output is the class-1 probability, or the value for a regression model.

use super::RunnerState;
use anyhow::{Context, Result, bail};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ml_intro_engine::mlops::ModelFile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub const PREDICT_PATH: &str = "/v1/predict";

/// What lets a page on an allowed origin `fetch` predictions with a JSON body and the token:
/// the browser first asks (`OPTIONS`, the CORS preflight), then reads the answer only if it
/// names the page's origin. The guard has already refused every other origin with a 403, so
/// the answer names the request's own.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}
/// Most points one request may ask about.
const MAX_INPUTS: usize = 100_000;

/// The models the runner serves, by name.
pub type Models = BTreeMap<String, ModelFile>;

/// Reads every `NAME=FILE` (or `FILE`, named by its stem) into a model.
pub fn load_models(specs: &[String]) -> Result<Models> {
    let mut models = Models::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            Some((name, path)) => (name.to_string(), PathBuf::from(path)),
            None => {
                let path = PathBuf::from(spec);
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                (stem.unwrap_or_default(), path)
            }
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            bail!("--model {spec:?}: a model's name is letters, digits, '-', '_' and '.'");
        }
        let model = read_model(&path).with_context(|| format!("--model {spec:?}"))?;
        if models.insert(name.clone(), model).is_some() {
            bail!("--model {spec:?}: two models are called {name:?}");
        }
    }
    Ok(models)
}

fn read_model(path: &Path) -> Result<ModelFile> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    ModelFile::from_safetensors(&bytes).with_context(|| format!("loading {}", path.display()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PredictRequest {
    #[serde(default)]
    model: Option<String>,
    inputs: Vec<[f32; 2]>,
}

#[derive(Serialize)]
struct PredictResponse<'a> {
    model: &'a str,
    outputs: Vec<f32>,
    output: &'static str,
}

/// The handler (Host and Origin already checked).
pub async fn handle(
    State(state): State<Arc<RunnerState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !bearer.is_some_and(|token| state.token.matches(token.trim())) {
        let reason =
            "missing or wrong token: send `Authorization: Bearer TOKEN` with the runner's token";
        return refuse(StatusCode::FORBIDDEN, reason.into());
    }
    let request: PredictRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("malformed request: {error}"),
            );
        }
    };
    if request.inputs.len() > MAX_INPUTS {
        let reason = format!(
            "{} inputs; at most {MAX_INPUTS} per request",
            request.inputs.len()
        );
        return refuse(StatusCode::BAD_REQUEST, reason);
    }
    let served = || state.models.keys().cloned().collect::<Vec<_>>().join(", ");
    let (name, model) = match (&request.model, state.models.len()) {
        (_, 0) => {
            let reason = "this runner serves no model (start it with --model NAME=FILE)";
            return refuse(StatusCode::NOT_FOUND, reason.into());
        }
        (None, 1) => state.models.iter().next().expect("one model"),
        (None, _) => {
            let reason = format!("say which \"model\": this runner serves {}", served());
            return refuse(StatusCode::BAD_REQUEST, reason);
        }
        (Some(name), _) => match state.models.get_key_value(name) {
            Some(found) => found,
            None => {
                let reason = format!("no model {name:?}; this runner serves {}", served());
                return refuse(StatusCode::NOT_FOUND, reason);
            }
        },
    };
    match model.predict(&request.inputs) {
        Ok(outputs) => {
            let output = if model.is_regression() {
                "value"
            } else {
                "probability of class 1"
            };
            let response = PredictResponse {
                model: name,
                outputs,
                output,
            };
            axum::Json(response).into_response()
        }
        Err(reason) => refuse(StatusCode::BAD_REQUEST, reason),
    }
}

/// A refusal as JSON: `{"error": "…"}`.
fn refuse(status: StatusCode, reason: String) -> Response {
    (status, axum::Json(serde_json::json!({ "error": reason }))).into_response()
}
