//! `POST /v1/predict` on a real `ml-intro runner`: a model trained and exported by `ml-intro train`
//! is served with the right answers; wrong tokens and origins are refused (403) and malformed
//! requests are answered with what is wrong (400).

// Only the runner's start-up is needed here, not its WebSocket client.
#[allow(dead_code)]
#[path = "support/runner_client.rs"]
mod runner_client;

use ml_intro_engine::mlops::ModelFile;
use runner_client::{Runner, SITE, start_with};
use serde_json::{Value, json};

/// XOR trained to a high accuracy by `ml-intro train --export`, and the file read back.
fn exported_xor(dir: &std::path::Path) -> (std::path::PathBuf, ModelFile) {
    let path = dir.join("xor.safetensors");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args([
            "train",
            "--dataset",
            "xor",
            "--steps",
            "1500",
            "--device",
            "cpu",
            "--export",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(summary["accuracy"].as_f64().unwrap() > 0.95, "{summary}");
    let model = ModelFile::from_safetensors(&std::fs::read(&path).unwrap()).unwrap();
    (path, model)
}

/// An HTTP client that hands back error statuses as answers, for the test to read.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// Status and JSON body of a POST to /v1/predict.
fn post(runner: &Runner, token: Option<&str>, origin: Option<&str>, body: &str) -> (u16, Value) {
    let mut request = agent()
        .post(format!("http://127.0.0.1:{}/v1/predict", runner.port))
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[test]
fn the_runner_serves_an_exported_model_to_token_holders_only() {
    let dir = tempfile::tempdir().unwrap();
    let (path, model) = exported_xor(dir.path());
    let served = format!("xor={}", path.display());
    let runner = start_with(&dir.path().join("runner"), &["--model", &served]);
    let token = runner.token.clone();
    let token = Some(token.as_str());

    // The quadrants: XOR's class 1 is where x₁·x₂ ≥ 0.
    let points = [[3.0, 3.0], [-3.0, -3.0], [3.0, -3.0], [-3.0, 3.0]];
    let body = json!({ "model": "xor", "inputs": points }).to_string();
    for origin in [None, Some(SITE)] {
        let (status, answer) = post(&runner, token, origin, &body);
        assert_eq!(status, 200, "{answer}");
        let outputs: Vec<f32> = serde_json::from_value(answer["outputs"].clone()).unwrap();
        assert!(outputs[0] > 0.9 && outputs[1] > 0.9, "{outputs:?}");
        assert!(outputs[2] < 0.1 && outputs[3] < 0.1, "{outputs:?}");
        assert_eq!(
            outputs,
            model.predict(&points).unwrap(),
            "the file's own answers"
        );
        assert_eq!(answer["output"], "probability of class 1");
    }
    // One model served: its name may be left out.
    let (status, _) = post(&runner, token, None, r#"{"inputs": [[1, 2]]}"#);
    assert_eq!(status, 200);

    for (token, origin) in [
        (None, None),
        (Some("0".repeat(64).as_str()), None),
        (token, Some("https://evil.example")),
    ] {
        let (status, answer) = post(&runner, token, origin, &body);
        assert_eq!(status, 403, "{token:?} {origin:?}: {answer}");
    }

    for (body, says) in [
        (
            "{\"inputs\": [[1, 2]",
            "malformed request: EOF while parsing",
        ),
        (
            r#"{"inputs": [[1, 2, 3]]}"#,
            "malformed request: trailing characters",
        ),
        (
            r#"{"inputs": [["a", 2]]}"#,
            "malformed request: invalid type: string \"a\"",
        ),
        (
            r#"{"inputs": [[1, 2]], "extra": 1}"#,
            "unknown field `extra`",
        ),
        (r#"{"model": "xor"}"#, "missing field `inputs`"),
    ] {
        let (status, answer) = post(&runner, token, None, body);
        assert_eq!(status, 400, "{body}: {answer}");
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(says), "{body}: {error}");
    }
    let (status, answer) = post(&runner, token, None, r#"{"model": "spiral", "inputs": []}"#);
    assert_eq!(status, 404);
    assert_eq!(
        answer["error"],
        "no model \"spiral\"; this runner serves xor"
    );
}

/// Status and headers of the CORS preflight a browser sends before `fetch`ing with a token.
fn preflight(runner: &Runner, origin: &str) -> (u16, ureq::http::HeaderMap) {
    let response = agent()
        .options(format!("http://127.0.0.1:{}/v1/predict", runner.port))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .call()
        .unwrap();
    (response.status().as_u16(), response.headers().clone())
}

#[test]
fn a_page_on_an_allowed_origin_may_fetch_predictions_and_no_other_may() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = exported_xor(dir.path());
    let served = format!("xor={}", path.display());
    let runner = start_with(&dir.path().join("runner"), &["--model", &served]);
    let (status, headers) = preflight(&runner, SITE);
    assert_eq!(status, 200);
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    assert_eq!(header("access-control-allow-origin"), SITE);
    assert!(header("access-control-allow-methods").contains("POST"));
    let allowed = header("access-control-allow-headers");
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
    let (status, _) = preflight(&runner, "https://evil.example");
    assert_eq!(status, 403, "another origin's preflight is refused");

    // The answer itself names the page's origin, or the browser would not let the page read it.
    let response = agent()
        .post(format!("http://127.0.0.1:{}/v1/predict", runner.port))
        .header("Origin", SITE)
        .header("Authorization", format!("Bearer {}", runner.token))
        .header("Content-Type", "application/json")
        .send(r#"{"inputs": [[3, 3]]}"#)
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let origin = response.headers().get("access-control-allow-origin");
    assert_eq!(origin.and_then(|v| v.to_str().ok()), Some(SITE));
}

#[test]
fn a_model_that_cannot_be_exported_is_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args([
            "train",
            "--dataset",
            "digits",
            "--device",
            "cpu",
            "--export",
        ])
        .arg(dir.path().join("digits.safetensors"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--export") && stderr.contains("learn from the playground's 2-D data"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_a_model_stops_the_runner_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.safetensors");
    std::fs::write(&path, b"not a model").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["runner", "--port", "0", "--device", "cpu", "--model"])
        .arg(format!("broken={}", path.display()))
        .arg("--data-dir")
        .arg(dir.path().join("runner"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.safetensors") && stderr.contains("not a safetensors file"),
        "{stderr}"
    );
}
