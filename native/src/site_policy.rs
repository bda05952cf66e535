//! The security headers `ml-intro serve` sends with the site: a Content-Security-Policy suited
//! to WebAssembly (scripts only from the site itself, wasm compiled with `'wasm-unsafe-eval'`,
//! never `'unsafe-eval'`), and who may frame which page. Embed pages (`/embed/…`) and the
//! playground they frame may be framed by any page; the runner-pairing page (`/connect`) by
//! none, so no page can overlay it to trick a visitor into pairing; the rest by the site.
//! No COOP/COEP: nothing needs cross-origin isolation, so embedding pages need not opt in.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Everything but `frame-ancestors`. Styles may be inline (Leptos sets `style` attributes,
/// CodeMirror adds style elements); connections go to the site, and to a local runner or model
/// server on another port.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
    connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:* ws://localhost:* http://localhost:*; \
    worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// Who may frame the page at `path`.
pub fn frame_ancestors(path: &str) -> &'static str {
    if path.starts_with("/embed/") || path == "/playground" || path.starts_with("/playground/") {
        "*"
    } else if path == "/connect" || path.starts_with("/connect/") {
        "'none'"
    } else {
        "'self'"
    }
}

/// The whole policy for the page at `path`.
pub fn content_security_policy(path: &str) -> String {
    format!("{POLICY}; frame-ancestors {}", frame_ancestors(path))
}

/// Middleware: adds the policy (and, for pages no one may frame, the older `X-Frame-Options`)
/// to every response, and a referrer policy that sends other sites the course's origin only
/// (browsers' default, stated so that a browser with another default behaves the same).
pub async fn add_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&path)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if frame_ancestors(&path) == "'none'" {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}
