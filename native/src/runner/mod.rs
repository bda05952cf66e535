//! `ml-intro runner`: trains the site's experiments on this machine for pages that pair with
//! it. It listens on 127.0.0.1 and ::1 only, prints a pairing link whose fragment carries a
//! fresh token, checks every request's Host and Origin before routing ([`guard`]), and
//! speaks the engine's runner protocol over one WebSocket per client ([`connection`]). Jobs
//! queue ([`jobs`]) and each runs in a worker process of its own ([`worker`]).

mod connection;
mod guard;
mod jobs;
mod memory_cap;
mod predict;
mod records;
mod script_job;
mod token;
mod work;
mod worker;

pub use script_job::ScriptCaps;
pub use worker::{JobArgs, ProbeArgs, run_job, run_probe};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use axum::routing::{get, post};
use clap::Args;
use guard::Allowed;
use jobs::Jobs;
use ml_intro_engine::{DeviceChoice, DeviceInfo};
use std::io::Write;
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
    /// Where jobs train: auto picks CUDA, then a hardware Vulkan/Metal GPU, then the CPU.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    /// Steps between a job's checkpoints (at most this many are run again after a crash).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    checkpoint_every: u64,
    #[command(flatten)]
    scripts: ScriptCaps,
    /// Serve an exported model (the playground's "Export model" file) at POST /v1/predict,
    /// as NAME (or the file's name without .safetensors). Repeatable.
    #[arg(long = "model", value_name = "NAME=FILE")]
    models: Vec<String>,
}

/// What every connection shares.
pub struct RunnerState {
    token: Token,
    jobs: Arc<Jobs>,
    device: DeviceInfo,
    /// The models `POST /v1/predict` serves.
    models: predict::Models,
    /// Held while the runner lives: one runner per data folder.
    _lock: std::fs::File,
}

/// Where the runner's WebSocket is, on its own port or on `ml-intro serve`'s.
pub const RUNNER_PATH: &str = "/runner";

/// What a runner needs besides its port (shared by `runner` and `serve`).
pub struct RunnerSetup {
    pub data_dir: Option<PathBuf>,
    pub device: DeviceChoice,
    pub checkpoint_every: u64,
    pub scripts: ScriptCaps,
    /// Origins whose pages may connect (besides `http://127.0.0.1:<port>`).
    pub origins: Vec<String>,
    /// `NAME=FILE` of each exported model to serve at `POST /v1/predict`.
    pub models: Vec<String>,
}

/// A runner ready to serve on `port`.
pub struct Prepared {
    /// The WebSocket at [`RUNNER_PATH`], behind the Host/Origin guard.
    pub router: Router,
    pub token: String,
    pub device: DeviceInfo,
    /// Jobs a killed runner left behind.
    pub interrupted: Vec<u64>,
}

/// Writes a fresh token, opens the jobs, asks a child process for the device and starts the
/// job queue: everything but listening.
pub async fn prepare(setup: RunnerSetup, port: u16) -> Result<Prepared> {
    let models = predict::load_models(&setup.models)?;
    let data_dir = match setup.data_dir {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let lock_path = data_dir.join("lock");
    let lock = std::fs::File::create(&lock_path)
        .with_context(|| format!("creating {}", lock_path.display()))?;
    if lock.try_lock().is_err() {
        bail!(
            "another runner uses {} (stop it, or pass --data-dir)",
            data_dir.display()
        );
    }
    let token = Token::generate()?;
    token.write_file(&data_dir.join("token"))?;
    let jobs = Arc::new(Jobs::open(&data_dir.join("jobs"))?);
    let device = worker::probe_device(setup.device)
        .await
        .map_err(|error| anyhow::anyhow!("{error:#}: no device to train on (try --device cpu)"))?;
    let mut origins = vec![format!("http://127.0.0.1:{port}")];
    origins.extend(setup.origins);
    let allowed = Arc::new(Allowed { port, origins });
    let settings = WorkerSettings {
        device: setup.device,
        checkpoint_every: setup.checkpoint_every,
        scripts: setup.scripts,
    };
    tokio::spawn(worker::run_queue(jobs.clone(), settings, device.clone()));
    let interrupted = jobs.interrupted();
    let token_text = token.as_str().to_string();
    let state = Arc::new(RunnerState {
        token,
        jobs,
        device: device.clone(),
        models,
        _lock: lock,
    });
    let router = Router::new()
        .route(RUNNER_PATH, get(upgrade))
        .route(
            predict::PREDICT_PATH,
            post(predict::handle).layer(predict::cors()),
        )
        .layer(axum::middleware::from_fn_with_state(allowed, guard::check))
        .with_state(state);
    Ok(Prepared {
        router,
        token: token_text,
        device,
        interrupted,
    })
}

/// Prints the runner's device, pairing link and interrupted jobs (and carries on if nobody
/// reads stdout any more).
pub fn announce(prepared: &Prepared, site: &str, port: u16) -> String {
    let link = format!(
        "{}/connect#port={port}&token={}",
        site.trim_end_matches('/'),
        prepared.token
    );
    let mut lines = vec![
        format!("ml-intro runner: training on {}", prepared.device),
        format!("ml-intro runner: pair a page with {link}"),
    ];
    for job in &prepared.interrupted {
        lines.push(format!(
            "ml-intro runner: job {job} was interrupted; a paired page can resume it"
        ));
    }
    let mut out = std::io::stdout();
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
    link
}

pub fn run(args: RunnerArgs) -> Result<()> {
    let site_origin = origin_of(&args.site)?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args, site_origin))
}

async fn serve(args: RunnerArgs, site_origin: String) -> Result<()> {
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
    let mut origins = vec![site_origin];
    origins.extend(args.allow_origin.iter().cloned());
    let setup = RunnerSetup {
        data_dir: args.data_dir.clone(),
        device: args.device,
        checkpoint_every: args.checkpoint_every,
        scripts: args.scripts,
        origins,
        models: args.models.clone(),
    };
    let prepared = prepare(setup, port).await?;
    let link = announce(&prepared, &args.site, port);
    if args.open
        && let Err(error) = open::that_detached(&link)
    {
        eprintln!("ml-intro runner: could not open a browser ({error}); open the link by hand");
    }
    let make_service = prepared
        .router
        .into_make_service_with_connect_info::<SocketAddr>();
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
