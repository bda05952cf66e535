//! `ml-intro serve` as a user runs it: a real process on a real port.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    port: u16,
    /// The runner's token and data folder.
    token: String,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `ml-intro serve` on `site` and waits for its "serving … at URL" line, then for the
/// runner's pairing link.
fn start(site: &std::path::Path) -> Server {
    let port = free_port();
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["serve", "--port", &port.to_string(), "--device", "cpu"])
        .arg("--data-dir")
        .arg(data.path())
        .arg("--site")
        .arg(site)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains(&format!("http://127.0.0.1:{port}/")),
        "unexpected first line: {first}"
    );
    let link = lines
        .find_map(|line| Some(line.ok()?.split("pair a page with ").nth(1)?.to_string()))
        .expect("a pairing link");
    let prefix = format!("http://127.0.0.1:{port}/connect#port={port}&token=");
    let token = link
        .strip_prefix(&prefix)
        .expect("a link to this origin")
        .to_string();
    Server {
        child,
        port,
        token,
        _data: data,
    }
}

fn get(server: &Server, path: &str) -> (u16, String, String) {
    let url = format!("http://127.0.0.1:{}{path}", server.port);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut response = agent.get(&url).call().unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_string())
        .unwrap_or_default();
    let status = response.status().as_u16();
    (
        status,
        content_type,
        response.body_mut().read_to_string().unwrap(),
    )
}

fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<html>course home</html>").unwrap();
    std::fs::write(site.path().join("engine_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    site
}

/// The response headers of `path`, by lower-case name.
fn headers(server: &Server, path: &str) -> std::collections::BTreeMap<String, String> {
    let url = format!("http://127.0.0.1:{}{path}", server.port);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let response = agent.get(&url).call().unwrap();
    response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                value.to_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_site_forbids_inline_scripts_and_only_embed_pages_may_be_framed_by_others() {
    let site = site();
    std::fs::create_dir_all(site.path().join("embed/xor")).unwrap();
    std::fs::write(site.path().join("embed/xor/index.html"), "<html>xor</html>").unwrap();
    let server = start(site.path());
    let policy_of = |path: &str| {
        let headers = headers(&server, path);
        assert!(
            !headers.contains_key("cross-origin-opener-policy")
                && !headers.contains_key("cross-origin-embedder-policy"),
            "{path}: embedding must not need cross-origin isolation: {headers:?}"
        );
        headers
            .get("content-security-policy")
            .cloned()
            .unwrap_or_else(|| panic!("{path} has no CSP: {headers:?}"))
    };
    for path in [
        "/",
        "/embed/xor/",
        "/connect",
        "/chapters/supervised",
        "/engine_bg.wasm",
    ] {
        let policy = policy_of(path);
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {policy}"
        );
        assert!(!policy.contains("'unsafe-eval'"), "{path}: {policy}");
    }
    assert!(policy_of("/embed/xor/").ends_with("frame-ancestors *"));
    assert!(
        policy_of("/playground").ends_with("frame-ancestors *"),
        "the playground an embedded chapter widget frames"
    );
    assert!(policy_of("/").ends_with("frame-ancestors 'self'"));
    assert!(policy_of("/chapters/supervised").ends_with("frame-ancestors 'self'"));
    assert!(policy_of("/connect").ends_with("frame-ancestors 'none'"));
    assert_eq!(
        headers(&server, "/connect")
            .get("x-frame-options")
            .map(String::as_str),
        Some("DENY"),
        "the pairing page, for browsers without frame-ancestors"
    );
}

#[test]
fn serves_files_client_routes_and_real_404s() {
    let site = site();
    let server = start(site.path());

    let (status, _, body) = get(&server, "/");
    assert_eq!((status, body.as_str()), (200, "<html>course home</html>"));

    let (status, content_type, body) = get(&server, "/chapters/supervised");
    assert_eq!(status, 200, "client-side routes get the app");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("course home"));

    let (status, content_type, _) = get(&server, "/engine_bg.wasm");
    assert_eq!((status, content_type.as_str()), (200, "application/wasm"));

    let (status, _, _) = get(&server, "/missing.js");
    assert_eq!(
        status, 404,
        "a missing asset must not be answered with the app"
    );
}

#[test]
fn the_runner_answers_on_the_same_origin_and_only_to_it() {
    use ml_intro_engine::runner_protocol::{ClientMessage, PROTOCOL_VERSION};
    use tungstenite::client::IntoClientRequest;
    use tungstenite::http::HeaderValue;
    let site = site();
    let server = start(site.path());
    let connect = |origin: &str| {
        let url = format!("ws://127.0.0.1:{}/runner", server.port);
        let mut request = url.into_client_request().unwrap();
        let origin = HeaderValue::from_str(origin).unwrap();
        request.headers_mut().insert("Origin", origin);
        tungstenite::connect(request)
    };
    assert!(connect("https://evil.example").is_err());
    let (mut socket, _) = connect(&format!("http://127.0.0.1:{}", server.port)).unwrap();
    let hello = ClientMessage::Hello {
        protocol: PROTOCOL_VERSION,
        engine_version: ml_intro_engine::ENGINE_VERSION.into(),
        token: server.token.clone(),
    };
    let text = serde_json::to_string(&hello).unwrap();
    socket.send(tungstenite::Message::text(text)).unwrap();
    let reply = socket.read().unwrap().into_text().unwrap();
    assert!(reply.contains(r#""type":"welcome""#), "{reply}");
    // The site itself is still there.
    assert_eq!(get(&server, "/").0, 200);
}

#[test]
fn a_site_without_index_html_is_refused_with_a_hint() {
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["serve", "--port", "1", "--site"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("has no index.html"), "{stderr}");
    assert!(stderr.contains("make serve"), "{stderr}");
}

#[test]
fn a_busy_port_is_reported() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["serve", "--port", &port.to_string(), "--site"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
}
