//! `ml-intro runner`: trains the site's experiments on this machine for pages that pair with
//! it. It listens on 127.0.0.1 and ::1 only, prints a pairing link whose fragment carries a
//! fresh token, checks every request's Host and Origin before routing ([`guard`]), and
//! speaks the engine's runner protocol over one WebSocket per client ([`connection`]). Jobs
//! queue ([`jobs`]) and each runs in a worker process of its own ([`worker`]).

mod connection;
mod guard;
mod jobs;
mod token;
mod worker;

pub use worker::{JobArgs, ProbeArgs, run_job, run_probe};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use axum::routing::get;
use clap::Args;
use guard::Allowed;
use jobs::Jobs;
use ml_intro_engine::{DeviceChoice, DeviceInfo};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use token::Token;
use worker::WorkerSettings;

/// Where the site is served by `make serve` (the pairing link opens its `/connect` page).
const DEFAULT_SITE: &str = "http://127.0.0.1:8080";
/// Largest message and frame a client may send.
const MAX_MESSAGE_BYTES: usize = 1 << 20;
const MAX_FRAME_BYTES: usize = 64 << 10;

#[derive(Args)]
pub struct RunnerArgs {
    /// Port on 127.0.0.1 and ::1 (0: any free port, printed in the pairing link).
    #[arg(long, default_value_t = 8790)]
    port: u16,
    /// The site whose pages may connect; the pairing link opens its /connect page.
    #[arg(long, default_value = DEFAULT_SITE)]
    site: String,
    /// Another origin (scheme://host[:port]) whose pages may connect. Repeatable.
    #[arg(long, value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Open the pairing link in the default browser.
    #[arg(long)]
    open: bool,
    /// Where the token file and the jobs (with their checkpoints) live.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Where jobs train: auto picks CUDA, then Vulkan/Metal, then the CPU.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    /// Steps between a job's checkpoints (at most this many are run again after a crash).
    #[arg(long, default_value_t = 500)]
    checkpoint_every: u64,
}

/// What every connection shares.
pub struct RunnerState {
    token: Token,
    jobs: Arc<Jobs>,
    device: DeviceInfo,
}

pub fn run(args: RunnerArgs) -> Result<()> {
    let site_origin = origin_of(&args.site)?;
    let data_dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => default_data_dir()?,
    };
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let token = Token::generate()?;
    token.write_file(&data_dir.join("token"))?;
    let jobs = Arc::new(Jobs::open(&data_dir.join("jobs"))?);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args, site_origin, token, jobs))
}

async fn serve(args: RunnerArgs, site_origin: String, token: Token, jobs: Arc<Jobs>) -> Result<()> {
    let v4 = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
        .await
        .with_context(|| {
            format!(
                "listening on 127.0.0.1:{} (is a runner already running?)",
                args.port
            )
        })?;
    let port = v4.local_addr()?.port();
    let v6 = match tokio::net::TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port)))
        .await
    {
        Ok(listener) => Some(listener),
        Err(error) => {
            eprintln!("ml-intro runner: not listening on [::1]:{port} ({error}); 127.0.0.1 only");
            None
        }
    };
    let device = match worker::probe_device(args.device).await {
        Ok(device) => device,
        Err(error) => bail!("{error:#}: no device to train on (try --device cpu)"),
    };
    let mut origins = vec![site_origin, format!("http://127.0.0.1:{port}")];
    origins.extend(args.allow_origin.iter().cloned());
    let allowed = Arc::new(Allowed { port, origins });
    let link = format!(
        "{}/connect#port={port}&token={}",
        args.site.trim_end_matches('/'),
        token.as_str()
    );
    println!("ml-intro runner: training on {device}");
    println!("ml-intro runner: pair a page with {link}");
    for job in jobs.interrupted() {
        println!("ml-intro runner: job {job} was interrupted; a paired page can resume it");
    }
    if args.open
        && let Err(error) = open::that_detached(&link)
    {
        eprintln!("ml-intro runner: could not open a browser ({error}); open the link by hand");
    }
    let settings = WorkerSettings {
        device: args.device,
        checkpoint_every: args.checkpoint_every,
    };
    tokio::spawn(worker::run_queue(jobs.clone(), settings));
    let state = Arc::new(RunnerState {
        token,
        jobs,
        device,
    });
    let app = Router::new()
        .route("/", get(upgrade))
        .layer(axum::middleware::from_fn_with_state(allowed, guard::check))
        .with_state(state);
    let make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    if let Some(v6) = v6 {
        let service = make_service.clone();
        tokio::spawn(async move { axum::serve(v6, service).await });
    }
    axum::serve(v4, make_service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving the runner")
}

/// The WebSocket endpoint (Host and Origin already checked).
async fn upgrade(
    upgrade: WebSocketUpgrade,
    State(state): State<Arc<RunnerState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| connection::serve(socket, state, peer))
}

/// `scheme://host[:port]` of a site URL.
fn origin_of(site: &str) -> Result<String> {
    let Some((scheme, rest)) = site.split_once("://") else {
        bail!("--site {site:?} is not a URL (expected e.g. https://example.org)");
    };
    if !matches!(scheme, "http" | "https") {
        bail!("--site {site:?}: only http and https sites can pair");
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        bail!("--site {site:?} has no host");
    }
    Ok(format!("{scheme}://{host}"))
}

/// `$XDG_DATA_HOME/ml-intro/runner`, else `~/.local/share/ml-intro/runner`.
fn default_data_dir() -> Result<PathBuf> {
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(data).join("ml-intro/runner"));
    }
    let home = std::env::var_os("HOME")
        .context("no HOME to keep the runner's data in (pass --data-dir)")?;
    Ok(PathBuf::from(home).join(".local/share/ml-intro/runner"))
}
