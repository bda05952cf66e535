//! `ml-intro serve`: the built site from 127.0.0.1, with client-side routes falling back to
//! `index.html` so that a deep link such as `/chapters/supervised` opens the right page, and
//! the local runner on the same origin (at `/runner`), which is also how a browser that keeps
//! public pages away from localhost reaches it.

use crate::runner::{self, RunnerSetup};
use crate::site_policy;
use anyhow::{Context, bail};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use clap::Args;
use ml_intro_engine::DeviceChoice;
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
    /// Where the runner trains: auto picks CUDA, then a hardware Vulkan/Metal GPU, then the CPU.
    #[arg(long, default_value = "auto")]
    pub device: DeviceChoice,
    /// Where the runner keeps its token file and jobs.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Serve the site only, without the runner.
    #[arg(long)]
    pub no_runner: bool,
    /// Serve an exported model at POST /v1/predict (as the runner does). Repeatable.
    #[arg(long = "model", value_name = "NAME=FILE")]
    pub models: Vec<String>,
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
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let (site, port) = (args.site, args.port);
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| {
            format!("listening on {address} (is another server using port {port}?)")
        })?;
    let port = listener.local_addr()?.port();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let index_html = tokio::fs::read(site.join("index.html"))
        .await
        .with_context(|| format!("reading {}", site.join("index.html").display()))?;
    let mut app = site_router(&site, index_html);
    println!("ml-intro: serving {} at http://{address}/", site.display());
    if !args.no_runner {
        let setup = RunnerSetup {
            data_dir: args.data_dir,
            device: args.device,
            checkpoint_every: 500,
            scripts: runner::ScriptCaps::default(),
            origins: Vec::new(),
            models: args.models.clone(),
        };
        // Without a runner the site still works: training stays in the browser.
        match runner::prepare(setup, port).await {
            Ok(prepared) => {
                runner::announce(&prepared, &format!("http://{address}"), port);
                app = prepared.router.merge(app);
            }
            Err(error) => eprintln!("ml-intro: serving without the runner: {error:#}"),
        }
    }
    let app = app.layer(axum::middleware::from_fn(site_policy::add_headers));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
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
