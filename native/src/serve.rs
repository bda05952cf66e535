//! `ml-intro serve`: the built site from 127.0.0.1, with client-side routes falling back to
//! `index.html` so that a deep link such as `/chapters/supervised` opens the right page.

use anyhow::{Context, bail};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use clap::Args;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Port to listen on (127.0.0.1 only).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The built site: the folder `make serve` writes (`trunk build` output).
    #[arg(long, default_value = "dist")]
    pub site: PathBuf,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let index = args.site.join("index.html");
    if !index.is_file() {
        bail!(
            "{} has no index.html: build the site first (`make serve` does), or pass --site DIR",
            args.site.display()
        );
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args.site, args.port))
}

async fn serve(site: PathBuf, port: u16) -> anyhow::Result<()> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| {
            format!("listening on {address} (is another server using port {port}?)")
        })?;
    let index_html = tokio::fs::read(site.join("index.html"))
        .await
        .with_context(|| format!("reading {}", site.join("index.html").display()))?;
    let app = site_router(&site, index_html);
    println!("ml-intro: serving {} at http://{address}/", site.display());
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving the site")
}

fn site_router(site: &Path, index_html: Vec<u8>) -> Router {
    let fallback = move |uri: Uri| {
        let index_html = index_html.clone();
        async move { client_route_or_404(&uri, index_html) }
    };
    Router::new()
        .fallback_service(ServeDir::new(site).fallback(axum::routing::get(fallback)))
        // The site is rebuilt in place: always revalidate so nobody runs a stale engine.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// Paths without a file extension are the app's own routes; a missing file is a real 404.
fn client_route_or_404(uri: &Uri, index_html: Vec<u8>) -> Response {
    let last_segment = uri.path().rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, format!("{} not found", uri.path())).into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        index_html,
    )
        .into_response()
}
