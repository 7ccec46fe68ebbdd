//! `tracker serve`: build, watch, and serve the site on loopback with live reload.
//!
//! The site is served from the output folder with tower-http's `ServeDir` (content types,
//! no path traversal, the site's own 404 page). Served HTML pages, and only they, get a small
//! script that listens for server-sent events: `reload` after each good build, `failed` with
//! the errors (shown over the last good page) after a broken save.
//!
//! The port is bound before the first build, so a busy port fails at once, but no request is
//! answered until that build is over: a page asked for meanwhile waits and gets the built site
//! (or, when the build failed and there is no site yet, a page of its errors that reloads when
//! they are fixed), never a 404 without live reload. Only the host names the server is served
//! under are answered, and the event stream refuses other origins ([`hosts`]).

pub mod hosts;

use crate::site::Overrides;
use crate::watch::{BuildError, Builder, Built, Signal, run_loop};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use futures_util::stream::{self, Stream, StreamExt};
use hosts::AllowedHosts;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::validate_request::ValidateRequestHeaderLayer;

/// Where the live-reload script and its events are served.
pub const LIVE_JS: &str = "/__tracker/live.js";
/// The server-sent events endpoint.
pub const EVENTS: &str = "/__tracker/events";

/// How long Ctrl-C waits for requests in flight before the server stops anyway.
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// The script injected into served pages.
const SCRIPT: &str = include_str!("serve/live.js");

/// What the browser is told after a build.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// A good build: reload the page.
    Reload,
    /// A broken save: show these lines over the page.
    Failed(Vec<String>),
}

/// The server's shared state.
#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveEvent>,
    /// How many good builds there were: a page is served with the number it was built by,
    /// and reloads when the server's is newer, so a build during a reload is never missed.
    generation: Arc<std::sync::atomic::AtomicU64>,
    failing: Arc<Mutex<Option<Vec<String>>>>,
    stopping: tokio::sync::watch::Receiver<bool>,
    /// Whether the first build is over: until then every request waits.
    built_once: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Live {
    /// The state, and the switch that ends every event stream when the server stops.
    pub fn new() -> (Self, tokio::sync::watch::Sender<bool>) {
        let (tx, _) = broadcast::channel(64);
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let live = Live {
            tx,
            generation: Arc::default(),
            failing: Arc::new(Mutex::new(None)),
            stopping,
            built_once: Arc::new(tokio::sync::watch::Sender::new(false)),
        };
        (live, stop)
    }

    /// Tells every open page about a build.
    pub fn after_build(&self, outcome: &Result<Built, BuildError>) {
        let event = match outcome {
            Ok(_) => {
                self.generation
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                LiveEvent::Reload
            }
            Err(e) => LiveEvent::Failed(e.lines()),
        };
        if let Ok(mut failing) = self.failing.lock() {
            *failing = match &event {
                LiveEvent::Failed(lines) => Some(lines.clone()),
                LiveEvent::Reload => None,
            };
        }
        self.built_once.send_replace(true);
        let _ = self.tx.send(event);
    }

    /// The errors of the last build, when it failed.
    fn failing(&self) -> Option<Vec<String>> {
        self.failing.lock().ok().and_then(|f| f.clone())
    }
}

fn sse_event(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Failed(lines) => Event::default()
            .event("failed")
            .data(serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into())),
    }
}

async fn events(State(live): State<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = live.failing();
    let generation = live.generation.load(std::sync::atomic::Ordering::SeqCst);
    let build = Event::default().event("build").data(generation.to_string());
    let first = stream::iter(
        std::iter::once(build)
            .chain(current.map(|lines| sse_event(LiveEvent::Failed(lines))))
            .map(Ok),
    );
    let updates = BroadcastStream::new(live.tx.subscribe())
        .filter_map(|e| async move { e.ok().map(|e| Ok(sse_event(e))) });
    // Open event streams would keep a graceful shutdown waiting forever: end them.
    let mut stopping = live.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    Sse::new(first.chain(updates).take_until(stopped)).keep_alive(KeepAlive::default())
}

async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

/// Adds the live-reload script to HTML responses, with the number of the build it serves.
async fn inject(State(live): State<Live>, request: Request<Body>, next: Next) -> Response {
    // Read before the page: the page is at least as new as the number says.
    let generation = live.generation.load(std::sync::atomic::Ordering::SeqCst);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let tag = format!("<script src=\"{LIVE_JS}\" data-build=\"{generation}\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &tag),
        None => html.push_str(&tag),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(html))
}

/// Holds every request until the first build is over, so that none is answered from a site
/// that is not there yet.
async fn hold(State(live): State<Live>, request: Request<Body>, next: Next) -> Response {
    let mut built = live.built_once.subscribe();
    // An error means the state is gone with the server: answer with what there is.
    let _ = built.wait_for(|b| *b).await;
    next.run(request).await
}

/// While the last build failed and the output holds no site (a first build that failed), a
/// page of its errors instead of an empty 404, so that an open tab shows them and reloads when
/// they are fixed. A site from before is served as after any broken save, under the overlay.
async fn no_site(
    State((live, output)): State<(Live, Arc<Path>)>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND || output.join("index.html").is_file() {
        return response;
    }
    match live.failing() {
        Some(lines) => errors_page(&lines),
        None => response,
    }
}

/// The page shown while the site cannot be built: its errors, `503`, no cache.
fn errors_page(lines: &[String]) -> Response {
    let mut escaped = Vec::new();
    let _ = tera::escape_html(&lines.join("\n"), &mut escaped);
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>tracker: the site has errors</title>\n</head>\n<body>\n\
         <h1>The site could not be built</h1>\n<pre>{}</pre>\n\
         <p>Fix the file and save: this page reloads by itself once the site builds.</p>\n\
         </body>\n</html>\n",
        String::from_utf8_lossy(&escaped)
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// The HTTP app serving `output` under the names in `hosts`.
pub fn app(output: &Path, live: Live, hosts: AllowedHosts) -> Router {
    let hosts = Arc::new(hosts);
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let output: Arc<Path> = Arc::from(output);
    let events = get(events).layer(ValidateRequestHeaderLayer::custom(hosts::check_origin(
        hosts.clone(),
    )));
    // The last layer added is the first to see a request.
    Router::new()
        .route(LIVE_JS, get(live_js))
        .route(EVENTS, events)
        .with_state(live.clone())
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            (live.clone(), output),
            no_site,
        ))
        .layer(middleware::from_fn_with_state(live.clone(), inject))
        .layer(middleware::from_fn_with_state(live, hold))
        .layer(ValidateRequestHeaderLayer::custom(hosts::check_host(hosts)))
}

/// Options of `tracker serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub bind: String,
    /// The port.
    pub port: u16,
    /// Host names to answer besides loopback and `bind` (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// Open the dashboard in the browser once serving.
    pub open: bool,
    /// Poll instead of native file events.
    pub poll: bool,
}

/// Builds, watches and serves until Ctrl-C.
pub fn run(
    root: &Path,
    mut build: Overrides,
    today: Option<NaiveDate>,
    options: &Options,
) -> Result<(), String> {
    // Served at the root of this server, whatever the published address.
    build.base_url = Some("/".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let addr: SocketAddr = format!("{}:{}", options.bind, options.port)
        .parse()
        .or_else(|_| format!("[{}]:{}", options.bind, options.port).parse())
        .map_err(|_| {
            format!(
                "'{}' is not an address to listen on; use an IP such as 127.0.0.1",
                options.bind
            )
        })?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("port {} is already in use on {}; stop the other server or pick another port with --port", options.port, options.bind)
        } else {
            format!("cannot listen on {addr}: {e}")
        }
    })?;

    let mut builder = Builder::new(root, build, today);
    let output: PathBuf = builder.output_dir();
    let (live, stop_streams) = Live::new();
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    let notify = live.clone();
    let poll = options.poll;
    let watcher = std::thread::spawn(move || {
        run_loop(&mut builder, poll, tx, rx, |outcome| {
            notify.after_build(outcome)
        })
    });

    let url = format!("http://{addr}/");
    println!("serving {} at {url}", output.display());
    let hosts = AllowedHosts::new(&options.bind, &options.allow_hosts);
    if addr.ip().is_unspecified() {
        println!(
            "other machines reach it only under the names it answers ({}); add theirs with --allow-host NAME",
            hosts.names().join(", ")
        );
    }
    if options.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("warning: cannot open a browser: {e}; open {url} yourself");
    }
    let mut stopped = stop_streams.subscribe();
    let server =
        axum::serve(listener, app(&output, live, hosts)).with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop_streams.send(true);
        });
    // A graceful shutdown waits for every connection to finish its request; one that never
    // does (half a request sent, or a response never read) would keep Ctrl-C from stopping
    // the server. After GRACE, stop anyway.
    let served = runtime.block_on(async {
        tokio::select! {
            served = async { server.await } => served,
            () = async {
                let _ = stopped.wait_for(|s| *s).await;
                tokio::time::sleep(GRACE).await;
            } => Ok(()),
        }
    });
    let _ = stop.send(Signal::Stop);
    let watched = watcher
        .join()
        .map_err(|_| "the watcher stopped unexpectedly".to_string())?;
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served.map_err(|e| format!("the server failed: {e}"))?;
    watched
}
