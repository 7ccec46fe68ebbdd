//! `tracker serve` through the real binary and plain HTTP/1.1 over a socket (hand-written on
//! purpose: an HTTP client library would normalise the `..` and `%2e%2e` of the traversal
//! attempts away before they reach the server).
//!
//! Checked: content types, the injected live-reload script (served pages only, never the
//! files on disk), the site's 404 page, path traversal, the server-sent events after good and
//! broken saves, a busy port, and Ctrl-C with an event stream or a stuck request still open;
//! a request during a slow first build (it waits for the site), a first build that fails (a
//! page of its errors), and the defences against DNS rebinding: only the host names served
//! are answered, `--allow-host` adds one, and the event stream refuses other origins.

#[path = "../benches/corpus/mod.rs"]
mod corpus;
mod support_watch;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use support_watch::{Running, STEP, Site, done, leftovers, note, seed_tracker, tick, wait_for};

/// The tag the server adds to served HTML.
/// The start of the live-reload script's tag; it carries the number of the build served.
const SCRIPT_TAG: &str = "<script src=\"/__tracker/live.js\" data-build=\"";

/// A served page without the live-reload script's tag.
fn without_script(page: &str) -> String {
    match page.find(SCRIPT_TAG) {
        Some(start) => {
            let end = page[start..]
                .find("</script>")
                .map_or(page.len(), |i| start + i + "</script>".len());
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding an ephemeral port");
    listener.local_addr().expect("its address").port()
}

/// An HTTP response, its body de-chunked.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(STEP))?;
    stream.set_write_timeout(Some(STEP))?;
    Ok(stream)
}

/// Reads a status line and headers.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP status line: {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok((status, headers))
}

/// Reads one chunk of a chunked body; `None` at the last one.
fn read_chunk(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
        .map_err(|_| std::io::Error::other(format!("bad chunk size {line:?}")))?;
    let mut chunk = vec![0; size];
    reader.read_exact(&mut chunk)?;
    line.clear();
    reader.read_line(&mut line)?;
    Ok((size > 0).then_some(chunk))
}

/// `GET target` exactly as written (no normalisation), `Connection: close`.
fn get(port: u16, target: &str) -> std::io::Result<Response> {
    get_with(port, target, &[("Host", &format!("127.0.0.1:{port}"))])
}

/// `GET target` with these headers (and no others but `Connection: close`).
fn get_with(port: u16, target: &str, headers: &[(&str, &str)]) -> std::io::Result<Response> {
    let mut head = format!("GET {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    send(connect(port)?, &head)
}

/// Sends a request head on `stream` and reads the whole response.
fn send(mut stream: TcpStream, head: &str) -> std::io::Result<Response> {
    stream.write_all(head.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader)?;
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let mut body = Vec::new();
    if chunked {
        while let Some(chunk) = read_chunk(&mut reader)? {
            body.extend(chunk);
        }
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// A GET that must get an answer.
fn fetch(port: u16, target: &str) -> Response {
    get(port, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

/// One server-sent event.
#[derive(Debug, Clone)]
struct Sse {
    event: String,
    data: String,
}

/// A client of `/__tracker/events`, its events read on a thread.
struct Events {
    stream: TcpStream,
    rx: mpsc::Receiver<Sse>,
    seen: Vec<Sse>,
}

impl Events {
    /// Connects and waits for the response head, so the server has subscribed it.
    fn open(port: u16) -> Events {
        Events::open_with(port, "")
    }

    /// The same, with `extra` header lines (each ending in `\r\n`).
    fn open_with(port: u16, extra: &str) -> Events {
        let mut stream = connect(port).expect("connecting to the event stream");
        stream.set_read_timeout(None).expect("no read timeout");
        write!(
            stream,
            "GET /__tracker/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n{extra}\r\n"
        )
        .expect("asking for events");
        let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let (status, headers) = read_head(&mut reader).expect("the event stream's head");
        assert_eq!(status, 200, "the event stream answers 200");
        let kind = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        let chunked = headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            loop {
                let bytes = if chunked {
                    match read_chunk(&mut reader) {
                        Ok(Some(c)) => c,
                        _ => return,
                    }
                } else {
                    let mut buf = vec![0; 4096];
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf[..n].to_vec(),
                    }
                };
                text.push_str(&String::from_utf8_lossy(&bytes));
                while let Some(end) = text.find("\n\n") {
                    let block: String = text.drain(..end + 2).collect();
                    let mut event = Sse {
                        event: "message".into(),
                        data: String::new(),
                    };
                    for line in block.lines() {
                        if let Some(v) = line.strip_prefix("event:") {
                            event.event = v.trim().to_string();
                        } else if let Some(v) = line.strip_prefix("data:") {
                            if !event.data.is_empty() {
                                event.data.push('\n');
                            }
                            event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        }
                    }
                    // Keep-alive comments carry no data.
                    if (block.contains("event:") || block.contains("data:"))
                        && tx.send(event).is_err()
                    {
                        return;
                    }
                }
            }
        });
        Events {
            stream,
            rx,
            seen: Vec::new(),
        }
    }

    /// Waits for the next event named `name`, skipping others; fails after [`STEP`].
    fn next(&mut self, name: &str) -> Sse {
        let deadline = std::time::Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(e) => {
                    self.seen.push(e.clone());
                    if e.event == name {
                        return e;
                    }
                }
                Err(_) => panic!(
                    "no `{name}` event within {STEP:?}; events so far: {:?}",
                    self.seen
                ),
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Starts `tracker serve --port <free>` and waits until it answers.
fn serve(site: &Site, extra: &[&str]) -> (Running, u16) {
    let port = free_port();
    let port_arg = port.to_string();
    let mut args = vec!["serve", "--port", &port_arg];
    args.extend_from_slice(extra);
    let running = site.start(&args);
    running.wait_watching();
    wait_for(
        "the server to answer",
        STEP,
        || get(port, "/").ok(),
        || running.output(),
    );
    (running, port)
}

#[test]
fn serve_answers_pages_json_404_and_refuses_traversal() {
    let site = Site::with_notes();
    let secret = "SECRET-OUTSIDE-THE-OUTPUT-7d1f";
    site.write("secret.txt", secret);
    std::fs::write(site.outer().join("secret.txt"), secret).expect("a file beside the root");
    let (mut server, port) = serve(&site, &[]);
    assert!(
        server
            .stdout()
            .iter()
            .any(|l| l.contains(&format!("http://127.0.0.1:{port}/"))),
        "the address is printed and is loopback by default\n{}",
        server.output()
    );

    let index = fetch(port, "/");
    assert_eq!(index.status, 200);
    assert!(index.content_type().starts_with("text/html"), "{index:?}");
    assert!(
        index.text().contains(SCRIPT_TAG),
        "served pages carry the live-reload script"
    );
    let on_disk = site.read("public/index.html");
    assert!(
        !on_disk.contains("__tracker"),
        "the script is injected when serving, never written into the output"
    );
    assert_eq!(without_script(&index.text()), on_disk);

    let script = fetch(port, "/__tracker/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script.content_type().starts_with("text/javascript")
            || script.content_type().starts_with("application/javascript"),
        "{}",
        script.content_type()
    );
    assert!(script.text().contains("/__tracker/events"));

    let json = fetch(port, "/progress.json");
    assert_eq!(json.status, 200);
    assert!(
        json.content_type().starts_with("application/json"),
        "{}",
        json.content_type()
    );
    assert_eq!(
        json.text(),
        site.status_json(),
        "progress.json is what `tracker status --json` prints for the same inputs and date"
    );

    let phase = fetch(port, "/phases/phase-1-foundations/");
    assert_eq!(phase.status, 200);
    assert!(phase.content_type().starts_with("text/html"));
    assert!(phase.text().contains("Foundations"));
    assert!(phase.text().contains(SCRIPT_TAG));

    let css = fetch(port, "/style.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type().starts_with("text/css"));
    assert!(
        !css.text().contains(SCRIPT_TAG),
        "only HTML gets the script"
    );

    let missing = fetch(port, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.content_type().starts_with("text/html"));
    assert_eq!(
        without_script(&missing.text()),
        site.read("public/404.html"),
        "a missing page gets the site's own 404 page"
    );
    let missing_file = fetch(port, "/nothing.json");
    assert_eq!(missing_file.status, 404);

    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/phases/../../secret.txt",
        "/phases/%2e%2e/%2e%2e/content/tracker.md",
        "/%2e%2e%2fcontent%2ftracker.md",
        "//etc/passwd",
    ] {
        let r = fetch(port, target);
        let text = r.text();
        assert!(
            r.status == 404 || r.status == 400,
            "GET {target} must be refused with 404 or 400, got {}",
            r.status
        );
        assert!(
            !text.contains(secret)
                && !text.contains("root:x:0:0")
                && !text.contains("[package]")
                && !text.contains("## Phase 1: Foundations"),
            "GET {target} leaked a file from outside the output"
        );
    }

    let status = server.interrupt();
    assert!(status.success(), "{status}\n{}", server.output());
    assert!(leftovers(&site.outer()).is_empty());
}

#[test]
fn serve_tells_the_page_to_reload_or_show_the_error() {
    let site = Site::with_notes();
    let (mut server, port) = serve(&site, &[]);
    let base = done(&serde_json::from_slice(&fetch(port, "/progress.json").body).unwrap());
    let mut events = Events::open(port);

    // A good save: reload, and the new numbers are already there when the event comes.
    let tracker = seed_tracker();
    site.write("content/tracker.md", tick(&tracker, 1));
    events.next("reload");
    let json: serde_json::Value =
        serde_json::from_slice(&fetch(port, "/progress.json").body).expect("JSON");
    assert_eq!(done(&json), base + 1, "the reload comes after the new site");

    // A broken save: `failed` with the error's file and line, as a JSON array of lines.
    site.write(
        "content/sessions/broken.md",
        "---\ntitle: \"Broken\"\ndate: 2026-02-30\n---\n",
    );
    let failed = events.next("failed");
    let lines: Vec<String> = serde_json::from_str(&failed.data)
        .unwrap_or_else(|e| panic!("failed carries a JSON array of lines ({e}): {failed:?}"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/sessions/broken.md:3: error: ")),
        "{lines:?}"
    );
    assert!(server.alive());
    assert_eq!(
        fetch(port, "/").status,
        200,
        "the last good site is still served"
    );

    // A page opened while the site is broken learns about the error at once.
    let mut late = Events::open(port);
    let current = late.next("failed");
    assert!(
        current.data.contains("content/sessions/broken.md:3"),
        "{current:?}"
    );

    // The fix: reload for both.
    site.write(
        "content/sessions/broken.md",
        note("2026-01-22", "Fixed", "10m"),
    );
    events.next("reload");
    late.next("reload");
    drop(late);

    // Ctrl-C with an event stream still open: stops, exit 0, nothing left behind.
    let status = server.interrupt();
    assert!(
        status.success(),
        "SIGINT must stop serve with exit 0 even with a client connected: {status}\n{}",
        server.output()
    );
    server.wait_stdout("the goodbye line", |l| l == "stopped");
    assert!(leftovers(&site.outer()).is_empty());
    drop(events);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = Site::with_notes();
    let (mut first, port) = serve(&site, &[]);
    let other = Site::with_notes();
    let mut second = other.start(&["serve", "--port", &port.to_string()]);
    let status = second.wait_exit();
    assert!(!status.success(), "a second serve on a busy port must fail");
    let stderr = second.stderr().join("\n");
    assert!(
        stderr.contains(&port.to_string()) && stderr.contains("port"),
        "the error names the busy port: {stderr}"
    );
    assert!(
        !other.public().exists(),
        "nothing is built when the port is busy"
    );
    assert!(first.alive(), "the first server is unaffected");
    assert_eq!(fetch(port, "/").status, 200);
    assert!(first.interrupt().success());
}

#[test]
fn serve_with_a_broken_site_still_starts_and_reports() {
    let site = Site::with_notes();
    site.write(
        "content/sessions/broken.md",
        "---\ndate: 2026-02-30\ntitle: \"<b>x</b>\"\n---\n",
    );
    let port = free_port();
    let mut server = site.start(&["serve", "--port", &port.to_string()]);
    server.wait_stderr("the error", |l| {
        l.starts_with("content/sessions/broken.md:2: error: ")
    });
    server.wait_watching();
    assert!(
        !site.public().exists(),
        "a failed first build writes no site"
    );
    // No site was ever built: a page of the errors, which reloads itself once they are fixed.
    let page = fetch(port, "/");
    assert_eq!(page.status, 503, "{}", page.text());
    assert!(page.content_type().starts_with("text/html"), "{page:?}");
    let text = page.text();
    assert!(
        text.contains("content/sessions/broken.md:2: error: "),
        "the page shows the errors:\n{text}"
    );
    assert!(
        text.contains(SCRIPT_TAG),
        "and listens for the fix:\n{text}"
    );
    assert_eq!(
        fetch(port, "/phases/phase-1-foundations/").status,
        503,
        "every page"
    );
    let mut events = Events::open(port);
    assert!(events.next("failed").data.contains("broken.md:2"));
    site.write(
        "content/sessions/broken.md",
        note("2026-01-22", "Fixed", "10m"),
    );
    events.next("reload");
    let fixed = fetch(port, "/");
    assert_eq!(fixed.status, 200);
    assert_eq!(
        without_script(&fixed.text()),
        site.read("public/index.html")
    );
    assert_eq!(
        fetch(port, "/no/such/page/").status,
        404,
        "the site's own 404 again"
    );
    assert!(server.interrupt().success());
}

/// A request that comes while the first build runs waits for it, and gets the built page
/// with live reload, not a 404 that would never reload.
#[test]
fn a_request_during_a_slow_first_build_gets_the_built_page() {
    let site = Site::empty();
    // About 3 s for a debug build on two cores.
    corpus::write_site(&site.root(), 1500, 5).expect("writing a big site");
    let port = free_port();
    let server = site.start(&["serve", "--port", &port.to_string()]);
    // The port is bound before the build begins: connect as soon as it is.
    let stream = wait_for(
        "the port to be bound",
        STEP,
        || connect(port).ok(),
        || server.output(),
    );
    let building = server.build_lines().is_empty();
    stream
        .set_read_timeout(Some(STEP * 6))
        .expect("a long read timeout");
    let page = send(
        stream,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
    .expect("an answer once the build is over");
    assert!(
        building,
        "the first build was over before the request: this test needs a bigger site\n{}",
        server.output()
    );
    assert_eq!(page.status, 200, "{}\n{}", page.text(), server.output());
    assert!(page.text().contains(SCRIPT_TAG), "with live reload");
    assert_eq!(without_script(&page.text()), site.read("public/index.html"));
}

/// Every header a request to `port` needs but `Host`.
fn with_host(host: &str) -> Vec<(&str, &str)> {
    vec![("Host", host)]
}

/// The defence against DNS rebinding: a page of another site that made its name resolve to
/// 127.0.0.1 still sends that name as `Host`, and gets 403 with how to allow it.
#[test]
fn only_the_host_names_served_are_answered() {
    let site = Site::with_notes();
    let (_server, port) = serve(&site, &[]);
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        let r = get_with(port, "/", &with_host(&host)).expect("an answer");
        assert_eq!(r.status, 200, "Host: {host}\n{}", r.text());
    }
    for (host, name) in [
        (format!("evil.test:{port}"), "evil.test"),
        ("evil.test".to_string(), "evil.test"),
        (format!("localhost.evil.test:{port}"), "localhost.evil.test"),
        (format!("127.0.0.1.nip.io:{port}"), "127.0.0.1.nip.io"),
    ] {
        for target in [
            "/",
            "/progress.json",
            "/__tracker/live.js",
            "/__tracker/events",
        ] {
            let r = get_with(port, target, &with_host(&host)).expect("an answer");
            assert_eq!(r.status, 403, "Host: {host}, GET {target}");
            let text = r.text();
            assert!(
                !text.contains("Foundations") && !text.contains("\"progress\""),
                "nothing of the site: {text}"
            );
            assert!(
                text.lines()
                    .any(|l| l.contains(&format!("--allow-host {name}"))),
                "the refusal says how to allow {name}:\n{text}"
            );
        }
    }
    // No name at all (HTTP/1.0 without Host), or one that is not a name.
    for head in [
        "GET / HTTP/1.0\r\n\r\n".to_string(),
        "GET / HTTP/1.1\r\nHost: attacker@localhost\r\nConnection: close\r\n\r\n".to_string(),
    ] {
        let r = send(connect(port).expect("connecting"), &head).expect("an answer");
        assert_eq!(r.status, 403, "{head:?}");
        assert!(r.text().contains("--allow-host NAME"), "{}", r.text());
    }
}

#[test]
fn allow_host_admits_the_names_given() {
    let site = Site::with_notes();
    let (_server, port) = serve(
        &site,
        &["--allow-host", "Study.Local", "--allow-host", "192.168.1.5"],
    );
    for host in [
        format!("study.local:{port}"),
        "STUDY.local".to_string(),
        format!("192.168.1.5:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        let r = get_with(port, "/", &with_host(&host)).expect("an answer");
        assert_eq!(r.status, 200, "Host: {host}");
    }
    let r = get_with(port, "/", &with_host("evil.test")).expect("an answer");
    assert_eq!(r.status, 403, "other names are still refused");
    assert!(
        r.text().contains("study.local") && r.text().contains("192.168.1.5"),
        "the refusal lists the names served: {}",
        r.text()
    );

    let out = site
        .command(&["serve", "--allow-host", "not a name"])
        .output()
        .expect("running tracker");
    assert_eq!(out.status.code(), Some(2), "a bad name is a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'not a name' is not a host name"),
        "{stderr}"
    );
}

/// The event stream answers pages of this server only: a page of another origin that asks
/// for it (its `Origin` header names that origin) gets 403; the server's own pages get it.
#[test]
fn the_event_stream_refuses_other_origins() {
    let site = Site::with_notes();
    let (_server, port) = serve(&site, &[]);
    let host = format!("127.0.0.1:{port}");
    for origin in [
        "http://evil.test",
        &format!("http://evil.test:{port}"),
        "http://localhost.evil.test",
        "https://example.com",
        "null",
    ] {
        let r = get_with(
            port,
            "/__tracker/events",
            &[("Host", &host), ("Origin", origin)],
        )
        .expect("an answer");
        assert_eq!(r.status, 403, "Origin: {origin}");
        assert!(
            !r.text().contains("event:"),
            "no event for {origin}: {}",
            r.text()
        );
    }
    // The server's own pages, under any name it answers, and requests without Origin.
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let mut events = Events::open_with(port, &format!("Origin: {origin}\r\n"));
        events.next("build");
    }
    Events::open(port).next("build");
    // Pages themselves are not for the event stream's rule: any origin may link to them.
    let page = get_with(
        port,
        "/",
        &[("Host", &host), ("Origin", "http://evil.test")],
    )
    .expect("an answer");
    assert_eq!(page.status, 200);
}

/// The number in a served page's live-reload tag.
fn build_number(page: &str) -> u64 {
    let start = page.find(SCRIPT_TAG).expect("the live-reload tag") + SCRIPT_TAG.len();
    page[start..]
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a build number")
}

#[test]
fn a_page_that_missed_a_reload_learns_of_it_when_it_connects() {
    let site = Site::with_notes();
    let (_server, port) = serve(&site, &[]);
    let served = build_number(&fetch(port, "/").text());
    // A build happens while the page is loading, before it listens for events.
    let mut watching = Events::open(port);
    site.write("content/tracker.md", tick(&seed_tracker(), 1));
    watching.next("reload");
    // When the page connects, the server tells it the newest build, which is newer.
    let mut late = Events::open(port);
    let newest: u64 = late.next("build").data.trim().parse().expect("a number");
    assert!(newest > served, "{newest} > {served}");
    assert_eq!(build_number(&fetch(port, "/").text()), newest);
}

/// Ctrl-C stops the server even while clients hold requests open that will never finish:
/// one sent half a request and stalls, one asked for many pages and reads none of them.
#[test]
fn ctrl_c_stops_the_server_with_clients_stuck_mid_request() {
    let site = Site::with_notes();
    let (mut server, port) = serve(&site, &[]);
    let mut half = connect(port).expect("connecting");
    half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/ht")
        .expect("half a request");
    let mut unread = connect(port).expect("connecting");
    unread
        .write_all(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .repeat(200)
                .as_bytes(),
        )
        .expect("requests never read");
    assert_eq!(fetch(port, "/").status, 200, "others are still served");
    let started = std::time::Instant::now();
    let status = server.interrupt();
    assert!(
        status.success(),
        "SIGINT must stop serve with exit 0 with stuck clients: {status}\n{}",
        server.output()
    );
    server.wait_stdout("the goodbye line", |l| l == "stopped");
    eprintln!("stopped {:.2?} after SIGINT", started.elapsed());
    assert!(leftovers(&site.outer()).is_empty());
    drop((half, unread));
}
