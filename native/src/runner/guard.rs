//! The checks every request to the runner passes before any handler runs: its `Host` must
//! name this machine's loopback at the runner's port (which stops DNS rebinding: a page on
//! `evil.example` that re-resolves to 127.0.0.1 still sends `Host: evil.example`), and its
//! `Origin` must be one the runner trusts (which stops other sites' pages from opening a
//! WebSocket to it). Each refusal is a 403 with the reason, also logged.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// Who may talk to the runner.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub port: u16,
    /// Exact origins (`scheme://host[:port]`) whose pages may connect.
    pub origins: Vec<String>,
}

impl Allowed {
    /// Why a request with these headers is refused, or `None` to let it through. Without
    /// `origin_required` a request with no Origin passes (one that has one is still checked).
    pub fn refusal(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        origin_required: bool,
    ) -> Option<String> {
        let port = self.port;
        let hosts = [
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            format!("localhost:{port}"),
        ];
        match host {
            None | Some("") => return Some("no Host header".into()),
            Some(host) if !hosts.iter().any(|allowed| allowed == host) => {
                return Some(format!(
                    "Host {host:?} is not this runner (expected one of {})",
                    hosts.join(", ")
                ));
            }
            Some(_) => {}
        }
        match origin {
            None if !origin_required => None,
            None => Some("no Origin header (only pages from allowed sites may connect)".into()),
            Some(origin) if !self.origins.iter().any(|allowed| allowed == origin) => Some(format!(
                "Origin {origin:?} is not allowed (start the runner with --allow-origin {origin} to allow it)"
            )),
            Some(_) => None,
        }
    }
}

/// Axum middleware: refuses before routing.
pub async fn check(
    State(allowed): State<Arc<Allowed>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let refusal = {
        let headers = request.headers();
        let text = |name| {
            let value = headers.get(name)?;
            Some(value.to_str().unwrap_or("(not text)"))
        };
        // Programs that are not browsers may ask for predictions: they send no Origin.
        let origin_required = request.uri().path() != super::predict::PREDICT_PATH;
        allowed.refusal(text(header::HOST), text(header::ORIGIN), origin_required)
    };
    match refusal {
        Some(reason) => {
            eprintln!("ml-intro runner: refused a request from {peer}: {reason}");
            (StatusCode::FORBIDDEN, reason).into_response()
        }
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Allowed {
        Allowed {
            port: 8790,
            origins: vec![
                "https://site.example".into(),
                "http://127.0.0.1:8790".into(),
            ],
        }
    }

    #[test]
    fn only_loopback_hosts_at_the_port_and_listed_origins_pass() {
        let site = Some("https://site.example");
        for host in ["127.0.0.1:8790", "[::1]:8790", "localhost:8790"] {
            assert_eq!(allowed().refusal(Some(host), site, true), None, "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8790",
            "localhost.:8790",
            "127.0.0.1.nip.io:8790",
            "127.0.0.1:8791",
            "localhost",
            "",
        ] {
            assert!(
                allowed().refusal(Some(host), site, true).is_some(),
                "{host}"
            );
        }
        assert!(allowed().refusal(None, site, true).is_some());
        let host = Some("127.0.0.1:8790");
        for origin in [
            "https://evil.example",
            "https://site.example.evil.example",
            "http://site.example",
            "null",
        ] {
            let reason = allowed().refusal(host, Some(origin), false).unwrap();
            assert!(reason.contains("--allow-origin"), "{reason}");
        }
        assert!(
            allowed()
                .refusal(host, None, true)
                .unwrap()
                .contains("no Origin")
        );
        assert_eq!(
            allowed().refusal(host, None, false),
            None,
            "a program asking for predictions"
        );
        assert!(
            allowed()
                .refusal(Some("evil.example"), None, false)
                .is_some()
        );
    }
}
