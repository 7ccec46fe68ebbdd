//! The host names `tracker serve` answers to: its defence against DNS rebinding.
//!
//! A page of any web site can make its own name resolve to 127.0.0.1 and then read this server
//! as if it were that site, notes and all (Vite's CVE-2025-24010, webpack-dev-server's 2018
//! advisory). The browser still names the attacker's site in `Host`, so the server answers only
//! the names it is served under: `localhost`, `127.0.0.1`, `[::1]`, the `--bind` address and
//! each `--allow-host` name, with any port (a tunnel or a port forward changes the port, never
//! the point). The event stream also refuses pages of other origins (`Origin`).

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use std::net::Ipv6Addr;
use std::sync::Arc;

/// The names always answered: this machine's loopback, by name and by address.
pub const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// The host names a server answers to, each lowercase, without a port, IPv6 in brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// The loopback names, the address the server is bound to, and the `extra` names.
    pub fn new(bind: &str, extra: &[String]) -> Self {
        let mut names: Vec<String> = LOOPBACK.iter().map(|n| n.to_string()).collect();
        for name in std::iter::once(bind)
            .chain(extra.iter().map(String::as_str))
            .filter_map(host_name)
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        AllowedHosts { names }
    }

    /// Every name answered, in the order given.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether a `Host` header (`name` or `name:port`) is one of the names.
    pub fn allows(&self, authority: &str) -> bool {
        host_name(authority).is_some_and(|name| self.names.contains(&name))
    }

    /// Whether an `Origin` header (`http://name:port`) is a page of one of the names. `null`
    /// (a sandboxed frame, a file) is not.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|authority| self.allows(authority))
    }
}

/// The host name in `text`, a host with or without a port (`localhost:1111`, `[::1]`, or a
/// bare IPv6 address such as `--bind ::1`): lowercase, IPv6 in brackets in its shortest form.
/// `None` when `text` is not a host.
pub fn host_name(text: &str) -> Option<String> {
    if let Ok(ip) = text.parse::<Ipv6Addr>() {
        return Some(format!("[{ip}]"));
    }
    // A user name (`evil@localhost`) is never part of a Host header.
    if text.contains('@') {
        return None;
    }
    let authority: axum::http::uri::Authority = text.parse().ok()?;
    let host = authority.host();
    if host.is_empty() {
        return None;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ip: Ipv6Addr = inner.parse().ok()?;
        return Some(format!("[{ip}]"));
    }
    Some(host.to_ascii_lowercase())
}

/// The name a request is addressed to: the request target's authority when it has one
/// (HTTP/2, or an absolute URL), else its `Host` header.
fn addressed_to<B>(request: &Request<B>) -> Option<String> {
    if let Some(authority) = request.uri().authority() {
        return Some(authority.as_str().to_string());
    }
    let host = request.headers().get(header::HOST)?;
    host.to_str().ok().map(str::to_string)
}

fn forbidden(message: String) -> Response<Body> {
    let mut response = Response::new(Body::from(message));
    *response.status_mut() = StatusCode::FORBIDDEN;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Refuses, with `403` and how to allow it, a request addressed to a name not in `hosts`;
/// for tower-http's `ValidateRequestHeaderLayer::custom`.
// tower-http's `ValidateRequest` takes the refusal as the whole response.
#[allow(clippy::result_large_err)]
pub fn check_host<B>(
    hosts: Arc<AllowedHosts>,
) -> impl FnMut(&mut Request<B>) -> Result<(), Response<Body>> + Clone {
    move |request| {
        let addressed = addressed_to(request);
        if addressed.as_deref().is_some_and(|a| hosts.allows(a)) {
            return Ok(());
        }
        let served = hosts.names().join(", ");
        let message = match addressed.as_deref().and_then(host_name) {
            Some(name) => format!(
                "403 Forbidden: tracker serve answers only the host names it serves ({served}), \
                 not {name}; this keeps other web sites from reading your notes.\n\
                 If you opened this address yourself, allow the name: tracker serve --allow-host {name}\n"
            ),
            None => format!(
                "403 Forbidden: this request names no host that tracker serve serves ({served}).\n\
                 To answer another name: tracker serve --allow-host NAME\n"
            ),
        };
        Err(forbidden(message))
    }
}

/// Refuses, with `403`, a request from a page of another origin (an `Origin` header that is
/// not one of `hosts`); a request without `Origin` (the browser's same-origin `EventSource`,
/// curl) passes. For tower-http's `ValidateRequestHeaderLayer::custom`.
// tower-http's `ValidateRequest` takes the refusal as the whole response.
#[allow(clippy::result_large_err)]
pub fn check_origin<B>(
    hosts: Arc<AllowedHosts>,
) -> impl FnMut(&mut Request<B>) -> Result<(), Response<Body>> + Clone {
    move |request| {
        let Some(origin) = request.headers().get(header::ORIGIN) else {
            return Ok(());
        };
        if origin.to_str().is_ok_and(|o| hosts.allows_origin(o)) {
            return Ok(());
        }
        Err(forbidden(format!(
            "403 Forbidden: the live-reload events are for pages of this server only ({}), \
             not for a page of {}.\n\
             To serve under another name: tracker serve --allow-host NAME\n",
            hosts.names().join(", "),
            String::from_utf8_lossy(origin.as_bytes())
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port_and_case() {
        for (text, name) in [
            ("localhost", "localhost"),
            ("localhost:1111", "localhost"),
            ("LocalHost:80", "localhost"),
            ("127.0.0.1:1111", "127.0.0.1"),
            ("[::1]", "[::1]"),
            ("[::1]:1111", "[::1]"),
            ("[0:0:0:0:0:0:0:1]:1111", "[::1]"),
            ("::1", "[::1]"),
            ("::", "[::]"),
            ("0.0.0.0", "0.0.0.0"),
            ("study.local", "study.local"),
        ] {
            assert_eq!(host_name(text).as_deref(), Some(name), "{text}");
        }
        for text in [
            "",
            ":1111",
            "evil@localhost",
            "a b",
            "local/host",
            "[::1",
            "[nope]",
        ] {
            assert_eq!(host_name(text), None, "{text:?}");
        }
    }

    #[test]
    fn loopback_the_bind_address_and_the_extra_names_are_allowed() {
        let hosts = AllowedHosts::new("192.168.1.5", &["Study.Local".into(), "::1".into()]);
        assert_eq!(
            hosts.names(),
            [
                "localhost",
                "127.0.0.1",
                "[::1]",
                "192.168.1.5",
                "study.local"
            ]
        );
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:8080",
            "[::1]:1111",
            "192.168.1.5:1111",
            "study.local",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.test",
            "evil.test:1111",
            "localhost.evil.test",
            "127.0.0.1.nip.io",
            "192.168.1.6",
            "localhost.",
            "attacker@localhost",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        let ipv6 = AllowedHosts::new("::", &[]);
        assert!(ipv6.allows("[::]:1111"));
    }

    #[test]
    fn origins_are_pages_of_the_allowed_names() {
        let hosts = AllowedHosts::new("127.0.0.1", &[]);
        for origin in [
            "http://127.0.0.1:1111",
            "http://localhost:1111",
            "http://[::1]:1111",
        ] {
            assert!(hosts.allows_origin(origin), "{origin}");
        }
        for origin in [
            "http://evil.test",
            "https://evil.test:1111",
            "null",
            "file://",
            "localhost:1111",
            "http://localhost.evil.test",
        ] {
            assert!(!hosts.allows_origin(origin), "{origin}");
        }
    }
}
