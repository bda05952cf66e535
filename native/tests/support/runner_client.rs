//! A real `ml-intro runner` process and WebSocket clients for it, shared by the runner's
//! tests (`tests/runner.rs`) and its benchmark (`benches/runner_watchers.rs`).

use ml_intro_engine::ENGINE_VERSION;
use ml_intro_engine::runner_protocol::{ClientMessage, PROTOCOL_VERSION, RunnerMessage};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub const SITE: &str = "https://site.example";

pub struct Runner {
    pub child: Child,
    pub port: u16,
    pub token: String,
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a runner on a free port with its data in `data_dir`, and reads its pairing link.
pub fn start(data_dir: &Path, checkpoint_every: u64) -> Runner {
    start_with(
        data_dir,
        &["--checkpoint-every", &checkpoint_every.to_string()],
    )
}

/// [`start`] with other runner options.
pub fn start_with(data_dir: &Path, options: &[&str]) -> Runner {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["runner", "--port", "0", "--device", "cpu", "--site", SITE])
        .args(options)
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let link = loop {
        let line = lines
            .next()
            .expect("the runner printed its pairing link")
            .unwrap();
        if let Some(link) = line.split("pair a page with ").nth(1) {
            break link.to_string();
        }
    };
    // Keep reading stdout so the runner never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let fragment = link.split_once('#').unwrap().1;
    let field = |name: &str| {
        let pair = fragment
            .split('&')
            .find(|pair| pair.starts_with(name))
            .unwrap();
        pair.split_once('=').unwrap().1.to_string()
    };
    assert!(link.starts_with(&format!("{SITE}/connect#")), "{link}");
    let token = field("token");
    assert_eq!(token.len(), 64, "a 256-bit token: {link}");
    let saved = std::fs::read_to_string(data_dir.join("token")).unwrap();
    assert_eq!(saved, token);
    Runner {
        child,
        port: field("port").parse().unwrap(),
        token,
    }
}

pub type Client = WebSocket<MaybeTlsStream<TcpStream>>;

/// A WebSocket to the runner from a page on `origin`.
pub fn connect(runner: &Runner, origin: &str) -> Result<Client, tungstenite::Error> {
    let mut request = format!("ws://127.0.0.1:{}/runner", runner.port)
        .into_client_request()
        .unwrap();
    let origin = HeaderValue::from_str(origin).unwrap();
    request.headers_mut().insert("Origin", origin);
    let (socket, _) = tungstenite::connect(request)?;
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
    }
    Ok(socket)
}

pub fn send(client: &mut Client, message: &ClientMessage) {
    let text = serde_json::to_string(message).unwrap();
    client.send(Message::text(text)).unwrap();
}

pub fn receive(client: &mut Client) -> RunnerMessage {
    loop {
        match client.read().expect("a message from the runner") {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Close(_) => panic!("the runner closed the connection"),
            _ => {}
        }
    }
}

pub fn hello(token: &str) -> ClientMessage {
    ClientMessage::Hello {
        protocol: PROTOCOL_VERSION,
        engine_version: ENGINE_VERSION.into(),
        token: token.into(),
    }
}

/// A client that has paired.
pub fn paired(runner: &Runner) -> Client {
    let mut client = connect(runner, SITE).unwrap();
    send(&mut client, &hello(&runner.token));
    match receive(&mut client) {
        RunnerMessage::Welcome { device, .. } => assert_eq!(device.backend.id(), "cpu"),
        other => panic!("not welcomed: {other:?}"),
    }
    client
}
