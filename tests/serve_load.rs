//! A loaded server (issue 8, item 5): `tracker serve` under 50 concurrent keep-alive clients
//! for ten seconds, while the site is edited and while stuck clients hold connections open.
//!
//! The clients fetch the dashboard, `progress.json`, the stylesheet, every session and phase
//! page, and pages that do not exist. Meanwhile the tracker and notes are saved every 400 ms
//! (ticking boxes, adding topics: no page appears or goes), and these stay connected all
//! along: clients that sent half a request and stall, clients that asked for a page and never
//! read it, event streams that are never read.
//!
//! Checked: every response is the expected 200 or 404 with a whole body (its framing
//! complete, HTML ending in `</html>` with the live-reload script, JSON that parses); the
//! server stays up; a healthy event-stream client still gets `reload` after the edits; the
//! slowest healthy request stays far below the time the stuck clients have been stuck; and
//! Ctrl-C still stops the server with the stuck clients connected. Requests per second and
//! latency percentiles are printed, not asserted beyond the generous bound.
//!
//! HTTP/1.1 is spoken by hand over tokio's sockets, as in `tests/serve.rs`: it takes no new
//! dependency, and checks the framing itself.

#[path = "../benches/corpus/mod.rs"]
mod corpus;
mod support_watch;

use corpus::Rng;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support_watch::{STEP, Site, note, seed_tracker, tick, wait_for};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Concurrent healthy clients.
const CLIENTS: usize = 50;

/// How long they fetch.
const LOAD: Duration = Duration::from_secs(10);

/// Between two edits of the site during the load.
const EDIT_EVERY: Duration = Duration::from_millis(400);

/// The slowest a healthy request may be. Generous (a debug build on two shared cores, which
/// also rebuild the site), yet a client held up behind a stuck one would wait the whole load.
const SLOWEST: Duration = Duration::from_secs(3);

/// The start of the tag the server adds to served HTML.
const SCRIPT_TAG: &str = "<script src=\"/__tracker/live.js\"";

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a port");
    listener.local_addr().expect("its address").port()
}

/// What a request should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Page,
    Json,
    Css,
    Missing,
}

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Conn {
    async fn open(port: u16) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await?;
        stream.set_nodelay(true)?;
        let (read, writer) = stream.into_split();
        Ok(Conn {
            reader: BufReader::new(read),
            writer,
        })
    }

    /// `GET path`; returns the status, the headers and the whole body, checking the framing.
    async fn get(&mut self, path: &str) -> Result<(u16, Vec<(String, String)>, Vec<u8>), String> {
        fn e(what: &'static str) -> impl Fn(std::io::Error) -> String {
            move |err| format!("{what}: {err}")
        }
        self.writer
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
            .await
            .map_err(e("sending"))?;
        let mut line = String::new();
        if self
            .reader
            .read_line(&mut line)
            .await
            .map_err(e("status line"))?
            == 0
        {
            return Err("closed before the status line".into());
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("not a status line: {line:?}"))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .await
                .map_err(e("headers"))?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((n, v)) = l.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let mut body = Vec::new();
        if let Some(length) = header("content-length") {
            let length: usize = length.parse().map_err(|_| "a bad content-length")?;
            body.resize(length, 0);
            self.reader
                .read_exact(&mut body)
                .await
                .map_err(e("the body (shorter than its content-length)"))?;
        } else if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                line.clear();
                self.reader
                    .read_line(&mut line)
                    .await
                    .map_err(e("a chunk size"))?;
                let size = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| format!("a bad chunk size {line:?}"))?;
                let mut chunk = vec![0; size + 2];
                self.reader
                    .read_exact(&mut chunk)
                    .await
                    .map_err(e("a chunk"))?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            return Err(format!("a response without framing: {headers:?}"));
        }
        Ok((status, headers, body))
    }
}

/// Why a response is not what `expect` wants, if it is not.
fn wrong(expect: Expect, status: u16, headers: &[(String, String)], body: &[u8]) -> Option<String> {
    let kind = headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map_or("", |(_, v)| v.as_str());
    let text = String::from_utf8_lossy(body);
    let html_whole = kind.starts_with("text/html")
        && text.trim_end().ends_with("</html>")
        && text.contains(SCRIPT_TAG);
    let ok = match expect {
        Expect::Page => status == 200 && html_whole,
        Expect::Missing => status == 404 && html_whole,
        Expect::Json => {
            status == 200
                && serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v["schema"] == 2)
        }
        Expect::Css => status == 200 && kind.starts_with("text/css") && body.len() > 100,
    };
    (!ok).then(|| {
        format!(
            "{status} {kind}, {} bytes, ending {:?}",
            body.len(),
            &text[text.len().saturating_sub(40)..]
        )
    })
}

/// What one client did.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    failures: Vec<String>,
    reconnects: usize,
}

/// A healthy client: fetches random targets on one connection until `stop`.
async fn client(
    port: u16,
    targets: Arc<Vec<(String, Expect)>>,
    seed: u64,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let mut conn = None;
    while !stop.load(Ordering::Relaxed) {
        let (path, expect) = &targets[rng.below(targets.len())];
        let started = Instant::now();
        let mut outcome = Err(String::new());
        // A kept connection the server closed in between is opened anew, once.
        for attempt in 0..2 {
            let fresh = conn.is_none();
            if fresh {
                match Conn::open(port).await {
                    Ok(c) => conn = Some(c),
                    Err(e) => {
                        outcome = Err(format!("connecting: {e}"));
                        break;
                    }
                }
            }
            let c = conn.as_mut().expect("a connection");
            outcome = match tokio::time::timeout(STEP, c.get(path)).await {
                Ok(r) => r,
                Err(_) => Err(format!("no whole answer within {STEP:?}")),
            };
            if outcome.is_ok() {
                break;
            }
            conn = None;
            if fresh || attempt == 1 {
                break;
            }
            tally.reconnects += 1;
        }
        let elapsed = started.elapsed();
        match outcome {
            Ok((status, headers, body)) => {
                if let Some(why) = wrong(*expect, status, &headers, &body) {
                    tally.failures.push(format!("GET {path}: {why}"));
                }
                tally.latencies.push(elapsed);
            }
            Err(e) => tally.failures.push(format!("GET {path}: {e}")),
        }
    }
    tally
}

/// The targets: every page of the built site, its JSON and CSS, and pages that are missing.
fn targets(public: &std::path::Path) -> Vec<(String, Expect)> {
    let mut out = vec![
        ("/".to_string(), Expect::Page),
        ("/progress.json".to_string(), Expect::Json),
        ("/style.css".to_string(), Expect::Css),
        ("/no/such/page/".to_string(), Expect::Missing),
        (
            "/sessions/2020-01-01-never.html".to_string(),
            Expect::Missing,
        ),
        ("/missing.json".to_string(), Expect::Missing),
    ];
    for (rel, _) in support_watch::tree(public) {
        if rel == "index.html" || rel == "404.html" || !rel.ends_with(".html") {
            continue;
        }
        // Folders are asked for as `folder/`, other pages by their name.
        let url = match rel.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{rel}"),
        };
        out.push((url, Expect::Page));
    }
    out
}

/// The value at quantile `q` of sorted `values`.
fn quantile(values: &[Duration], q: f64) -> Duration {
    values[((values.len() - 1) as f64 * q).round() as usize]
}

#[cfg(target_os = "linux")]
#[test]
fn fifty_clients_edits_and_stuck_clients() {
    let site = Site::empty();
    let seed = seed_tracker();
    site.write("content/tracker.md", &seed);
    for i in 0..20 {
        let date = format!("2026-01-{:02}", i + 1);
        site.write(
            &format!("content/sessions/{date}-note-{i}.md"),
            note(&date, &format!("Session {i}"), "45m"),
        );
    }
    let port = free_port();
    let mut server = site.start(&["serve", "--port", &port.to_string()]);
    server.wait_watching();
    let targets = Arc::new(targets(&site.public()));
    let pages = targets.iter().filter(|(_, e)| *e == Expect::Page).count();
    assert!(
        pages > 25,
        "the site has its session and phase pages: {targets:?}"
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        wait_for(
            "the server to answer",
            STEP,
            || std::net::TcpStream::connect(("127.0.0.1", port)).ok(),
            || server.output(),
        );

        // The stuck clients, connected before the load and kept until the end.
        let mut stuck = Vec::new();
        for _ in 0..3 {
            let mut s = TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connecting");
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/ht")
                .await
                .expect("half a request");
            stuck.push(s);
        }
        for _ in 0..3 {
            let mut s = TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connecting");
            let many: String = (0..200)
                .map(|_| "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .collect();
            s.write_all(many.as_bytes())
                .await
                .expect("requests never read");
            stuck.push(s);
        }
        for _ in 0..3 {
            let mut s = TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connecting");
            s.write_all(b"GET /__tracker/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .await
                .expect("an event stream never read");
            stuck.push(s);
        }
        let stuck_since = Instant::now();

        // A healthy event-stream client, counting `reload` events as they come.
        let reloads = Arc::new(std::sync::Mutex::new(Vec::<Instant>::new()));
        let mut events = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connecting");
        events
            .write_all(b"GET /__tracker/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .expect("asking for events");
        let seen = reloads.clone();
        let listener = tokio::spawn(async move {
            let mut text = String::new();
            let mut buf = vec![0; 4096];
            loop {
                match events.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => text.push_str(&String::from_utf8_lossy(&buf[..n])),
                }
                while let Some(at) = text.find("event: reload") {
                    seen.lock().expect("the reload list").push(Instant::now());
                    text.drain(..at + "event: reload".len());
                }
            }
        });

        // The load.
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|i| tokio::spawn(client(port, targets.clone(), 100 + i as u64, stop.clone())))
            .collect();

        // The edits, meanwhile: ticks in the tracker, topics added to notes.
        let mut edits = 0;
        let mut last_edit = Instant::now();
        while started.elapsed() < LOAD {
            tokio::time::sleep(EDIT_EVERY).await;
            edits += 1;
            if edits % 2 == 0 {
                site.write("content/tracker.md", tick(&seed, edits / 2));
            } else {
                let i = edits % 20;
                let date = format!("2026-01-{:02}", i + 1);
                site.save_by_rename(
                    &format!("content/sessions/{date}-note-{i}.md"),
                    format!(
                        "{}- topic of edit {edits}\n",
                        note(&date, &format!("Session {i}"), "45m")
                    ),
                );
            }
            last_edit = Instant::now();
        }
        stop.store(true, Ordering::Relaxed);
        let load = started.elapsed();
        let mut all = Tally::default();
        for t in tasks {
            let t = t.await.expect("a client task");
            all.latencies.extend(t.latencies);
            all.failures.extend(t.failures);
            all.reconnects += t.reconnects;
        }

        // A reload after the last edit reaches the healthy event client.
        wait_for(
            "a reload event after the last edit",
            STEP,
            || {
                reloads
                    .lock()
                    .expect("the reload list")
                    .iter()
                    .any(|t| *t > last_edit)
                    .then_some(())
            },
            || server.output(),
        );
        let reload_count = reloads.lock().expect("the reload list").len();
        listener.abort();

        all.latencies.sort();
        let n = all.latencies.len();
        eprintln!(
            "{CLIENTS} clients, {n} requests in {load:.2?}: {:.0} requests/s; latency p50 \
             {:.2?}, p99 {:.2?}, max {:.2?}; {} reconnects; {edits} edits, {reload_count} \
             reload events; {} stuck clients held for {:.2?}",
            n as f64 / load.as_secs_f64(),
            quantile(&all.latencies, 0.5),
            quantile(&all.latencies, 0.99),
            all.latencies[n - 1],
            all.reconnects,
            stuck.len(),
            stuck_since.elapsed()
        );
        assert!(
            all.failures.is_empty(),
            "{} of {} requests failed; the first: {:#?}",
            all.failures.len(),
            n + all.failures.len(),
            &all.failures[..all.failures.len().min(10)]
        );
        assert!(n > CLIENTS * 10, "too few requests were made: {n}");
        assert!(
            all.latencies[n - 1] < SLOWEST,
            "the slowest healthy request took {:.2?}",
            all.latencies[n - 1]
        );
        assert!(server.alive(), "the server is up\n{}", server.output());

        // Ctrl-C stops it even with the stuck clients still connected.
        let status = server.interrupt();
        assert!(
            status.success(),
            "SIGINT must stop serve with exit 0 with stuck clients connected: {status}\n{}",
            server.output()
        );
        drop(stuck);
    });
}
