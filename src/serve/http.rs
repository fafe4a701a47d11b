//! The HTTP side of the preview: serve the site from memory, with PRODUCT.md §9's rules.
//!
//! Requests:
//!
//! - Exactly one `Host` header: two or more are `400 Bad Request` (RFC 9112 §3.2: which one
//!   would we check?), and so is an HTTP/1.1 request without one.
//! - A request whose `Host` is neither the bound address nor `localhost` (with the port) is
//!   refused with `403`: a web page elsewhere cannot reach the preview through a DNS name
//!   that it points at 127.0.0.1 (DNS rebinding). When bound to every interface, any IP
//!   literal is accepted, since rebinding needs a name. An HTTP/1.0 request without `Host`
//!   is not addressed to us either: `403`.
//! - Only origin-form targets (a path starting with `/`, and a query): an absolute URL
//!   (`GET http://evil.example/x`, which would make `Host` meaningless), an authority
//!   (`CONNECT`'s form) or `*` (`OPTIONS *`) is `400`.
//! - Only `GET` and `HEAD`; anything else is `405 Method Not Allowed`.
//! - The path is percent-decoded once, must be UTF-8, and may not contain `..`: `400`.
//!   Pages come from the site in memory, so no path can reach a file anyway.
//! - `Content-Type` by extension; `/x` redirects to `/x/` when that is a page; an unknown
//!   path gets the site's `404.html` with status 404.
//! - A redirect's `Location` is a path with exactly one leading `/`, built from the request
//!   path with its leading slashes (and backslashes) dropped: `//sessions` goes to
//!   `/sessions/`, never to `//sessions/`, which browsers read as the host `sessions` (an
//!   open redirect). Building it so is safe whatever a path looks like; refusing `//`
//!   instead would have to be right about every spelling of it.
//! - HTML pages get the live-reload script; nothing is cached by the browser.
//!
//! Connections ([`serve`], hyper's HTTP/1.1 under our own accept loop, since `axum::serve`
//! sets no timer):
//!
//! - A connection must send a complete request head within [`HEAD_TIMEOUT`] of opening, or
//!   of the end of its previous response: hyper starts the same clock when a keep-alive
//!   connection goes idle, so this is also the idle timeout (a longer idle time would need
//!   a clock of our own beside hyper's; a short one costs a browser a new local connection
//!   now and then). The clock stops while a response is sent, so the live-reload event
//!   stream, one long response, is never cut.
//! - At most [`MAX_CONNECTIONS`] at once: beyond that, new connections wait in the
//!   system's queue, unaccepted, until one ends, so that slow connections cannot use up
//!   file descriptors.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, Version, header};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;

use super::live_reload;
use super::state::Shared;

/// Which `Host` headers are ours.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostRule {
    /// The address bound.
    pub ip: IpAddr,
    /// The port bound.
    pub port: u16,
}

impl HostRule {
    /// Whether a request with this `Host` header may be answered.
    #[must_use]
    pub(crate) fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        let (name, port) = split_host(host);
        let port_ok = match port {
            Some(p) => p.parse::<u16>().is_ok_and(|p| p == self.port),
            None => self.port == 80,
        };
        if !port_ok || name.is_empty() {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            // Bound to every interface: any address of this machine will do, and a literal
            // cannot be rebound.
            Ok(_) if self.ip.is_unspecified() => true,
            Ok(ip) => ip == self.ip,
            Err(_) => false,
        }
    }
}

/// `name:port`, `[v6]:port`, or either without a port.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => {
                let rest = &host[end + 1..];
                (&host[..=end], rest.strip_prefix(':'))
            }
            None => ("", None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => (name, Some(port)),
        Some(_) => ("", None),
        None => (host, None),
    }
}

/// Everything a request needs.
pub(crate) struct App {
    /// Site and status.
    pub shared: Arc<Shared>,
    /// Our hosts.
    pub hosts: HostRule,
}

/// The router: one handler, so that every rule applies to every path.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new().fallback(handle).with_state(app)
}

/// How long a connection may take to send a complete request head, counted from its
/// opening or from the end of its previous response (so also how long a keep-alive
/// connection may stay idle). Browsers send a head at once, and open a new connection when
/// an idle one was closed.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are served at once. A browser opens at most six to one server,
/// live-reload streams included; far more than that are slow or idle connections that would
/// only use up file descriptors.
pub(crate) const MAX_CONNECTIONS: usize = 256;

/// The limits on connections: `HEAD_TIMEOUT` and `MAX_CONNECTIONS` unless a test sets
/// others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a connection may take to send a request head, idle time included.
    pub head_timeout: Duration,
    /// How many connections are served at once (at least one).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            head_timeout: HEAD_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves `router` on the connections of `listener`, under `limits`, until the future is
/// dropped. Connections being served go on in their own tasks: they end with the runtime.
pub(crate) async fn serve(listener: tokio::net::TcpListener, router: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout);
    loop {
        // A slot first, then a connection: while all are taken, new connections wait in
        // the system's queue and hold none of our file descriptors.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // The client gave up before we accepted: nothing to do. Anything else (no
                // file descriptors left) may pass: try again in a moment, as axum does.
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionRefused
                ) {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                continue;
            }
        };
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        tokio::spawn(async move {
            // An error is the client's: it went away, sent garbage, or took too long.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Why a path is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not UTF-8 once decoded.
    NotUtf8,
    /// It climbs with `..`, or holds a NUL or a backslash.
    LeavesSite,
}

/// The page a request path names: percent-decoded once, leading `/` removed, checked.
///
/// # Errors
/// When the path is not UTF-8 or tries to leave the site.
pub(crate) fn page_path(raw: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| BadPath::NotUtf8)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(BadPath::LeavesSite);
    }
    if decoded.split('/').any(|segment| segment == "..") {
        return Err(BadPath::LeavesSite);
    }
    let trimmed = decoded.trim_start_matches('/');
    Ok(if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    })
}

/// `Content-Type` by extension.
#[must_use]
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = (status, format!("{text}\n")).into_response();
    set_common(r.headers_mut(), "text/plain; charset=utf-8");
    r
}

fn set_common(headers: &mut HeaderMap, content_type: &'static str) {
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    version: Version,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(refusal) = refuse(&app.hosts, &method, version, &headers, &uri) {
        return refusal;
    }
    let raw = uri.path();
    match raw {
        live_reload::EVENTS_PATH => {
            // `?page=PATHNAME`: the page listening, as the browser shows it in its address.
            let page = query
                .as_deref()
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("page=")))
                .map(|v| {
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .unwrap_or_else(|| "/".to_owned());
            let key = page_path(&page).unwrap_or_default();
            return live_reload::events(&app.shared, key);
        }
        live_reload::SCRIPT_PATH => {
            let mut r = live_reload::SCRIPT.into_response();
            set_common(r.headers_mut(), "text/javascript; charset=utf-8");
            return r;
        }
        live_reload::STATUS_PATH => {
            let body = serde_json::to_vec(&*app.shared.status.borrow()).unwrap_or_default();
            let mut r = body.into_response();
            set_common(r.headers_mut(), "application/json");
            return r;
        }
        _ => {}
    }
    let path = match page_path(raw) {
        Ok(p) => p,
        Err(BadPath::NotUtf8) => return plain(StatusCode::BAD_REQUEST, "400 Bad Request"),
        Err(BadPath::LeavesSite) => {
            return plain(
                StatusCode::BAD_REQUEST,
                "400 Bad Request: the path leaves the site",
            );
        }
    };
    let site = app.shared.snapshot();
    let tag = site.tag_of(&path);
    if let Some(found) = site.pages.get(&path) {
        return page(&path, &found.bytes, &tag, StatusCode::OK);
    }
    if !path.ends_with("index.html") && site.pages.contains(&format!("{path}/index.html")) {
        let location = folder_location(raw, uri.query());
        let mut r = StatusCode::FOUND.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    if !site.has_site {
        return page(
            "index.html",
            &Arc::from(NO_SITE_YET.as_bytes()),
            &tag,
            StatusCode::SERVICE_UNAVAILABLE,
        );
    }
    match site.pages.get("404.html") {
        Some(found) => page("404.html", &found.bytes, &tag, StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "404 Not Found"),
    }
}

/// The answer to a request that breaks a rule before its path is looked at: one `Host`,
/// ours, an origin-form target, `GET` or `HEAD`. `None` when it may be answered.
fn refuse(
    hosts: &HostRule,
    method: &Method,
    version: Version,
    headers: &HeaderMap,
    uri: &Uri,
) -> Option<Response> {
    let mut values = headers.get_all(header::HOST).iter();
    let host = match (values.next(), values.next()) {
        (Some(_), Some(_)) => {
            return Some(plain(
                StatusCode::BAD_REQUEST,
                "400 Bad Request: more than one Host header",
            ));
        }
        (None, _) if !matches!(version, Version::HTTP_09 | Version::HTTP_10) => {
            return Some(plain(
                StatusCode::BAD_REQUEST,
                "400 Bad Request: no Host header",
            ));
        }
        (None, _) => "",
        (Some(value), None) => value.to_str().unwrap_or(""),
    };
    if !is_origin_form(uri) {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: the request target must be a path, such as /sessions/",
        ));
    }
    if !hosts.allows(host) {
        return Some(plain(
            StatusCode::FORBIDDEN,
            "403 Forbidden: this preview answers only to its own address and localhost",
        ));
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: the preview is read-only",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(r);
    }
    None
}

/// Whether a request target is a path (and query), not an absolute URL, an authority or `*`.
fn is_origin_form(uri: &Uri) -> bool {
    uri.scheme().is_none() && uri.authority().is_none() && uri.path().starts_with('/')
}

/// Where the folder page `raw_path` without its slash is: the same path with exactly one
/// leading `/` and a trailing one. Never `//host/` nor `/\host/`, which browsers read as
/// another host.
fn folder_location(raw_path: &str, query: Option<&str>) -> String {
    let path = raw_path.trim_start_matches(['/', '\\']);
    match query {
        Some(q) => format!("/{path}/?{q}"),
        None => format!("/{path}/"),
    }
}

/// Shown while no build has succeeded: the overlay says why.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>mentorlog: the site does not build yet</title></head>\n<body>\n<main>\n<h1>The site does not build yet</h1>\n<p>mentorlog shows the errors over this page and reloads it as soon as the site builds.</p>\n</main>\n</body>\n</html>\n";

fn page(path: &str, bytes: &Arc<[u8]>, tag: &str, status: StatusCode) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        Body::from(live_reload::inject(bytes, tag))
    } else {
        Body::from(Bytes::from_owner(ArcBytes(bytes.clone())))
    };
    let mut r = (status, body).into_response();
    set_common(r.headers_mut(), kind);
    r
}

/// Lets a page's bytes be sent without copying them.
struct ArcBytes(Arc<[u8]>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(page_path("/").unwrap(), "index.html");
        assert_eq!(page_path("/sessions/").unwrap(), "sessions/index.html");
        assert_eq!(page_path("/style.css").unwrap(), "style.css");
        assert_eq!(page_path("/a%20b/").unwrap(), "a b/index.html");
        assert_eq!(page_path("/../etc/passwd"), Err(BadPath::LeavesSite));
        assert_eq!(
            page_path("/%2e%2e/%2E%2E/etc/passwd"),
            Err(BadPath::LeavesSite)
        );
        assert_eq!(page_path("/a/..%2f..%2fb"), Err(BadPath::LeavesSite));
        assert_eq!(page_path("/a%5c..%5cb"), Err(BadPath::LeavesSite));
        assert_eq!(page_path("/%00"), Err(BadPath::LeavesSite));
        assert_eq!(page_path("/%ff"), Err(BadPath::NotUtf8));
        // Decoded once: `%252e` is the text `%2e`, not a dot.
        assert_eq!(page_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn hosts() {
        let local = HostRule {
            ip: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        assert!(local.allows("127.0.0.1:1111"));
        assert!(local.allows("localhost:1111"));
        assert!(local.allows("LOCALHOST:1111"));
        assert!(!local.allows("localhost:2222"));
        assert!(!local.allows("localhost"));
        assert!(!local.allows("evil.example:1111"));
        assert!(!local.allows("127.0.0.2:1111"));
        assert!(!local.allows("[::1]:1111"));
        assert!(!local.allows(""));
        let any = HostRule {
            ip: "0.0.0.0".parse().unwrap(),
            port: 80,
        };
        assert!(any.allows("192.168.1.20"));
        assert!(any.allows("10.0.0.1:80"));
        assert!(!any.allows("rebind.example"));
        let v6 = HostRule {
            ip: "::1".parse().unwrap(),
            port: 8080,
        };
        assert!(v6.allows("[::1]:8080"));
        assert!(!v6.allows("[::2]:8080"));
    }

    #[test]
    fn redirects_stay_on_this_server() {
        assert_eq!(folder_location("/sessions", None), "/sessions/");
        assert_eq!(folder_location("//sessions", None), "/sessions/");
        assert_eq!(
            folder_location("///sessions", Some("a=1")),
            "/sessions/?a=1"
        );
        assert_eq!(folder_location("/\\evil.example", None), "/evil.example/");
        assert_eq!(folder_location("/%2F%2Fx", None), "/%2F%2Fx/");
        for raw in ["/x", "//x", "///x", "/\\x", "/\\/x", "//\\x", "/%2fx"] {
            let location = folder_location(raw, Some("//y"));
            assert!(location.starts_with('/'), "{raw}: {location}");
            assert!(!location[1..].starts_with(['/', '\\']), "{raw}: {location}");
        }
    }

    #[test]
    fn targets() {
        let origin = |t: &str| is_origin_form(&t.parse::<Uri>().unwrap());
        assert!(origin("/"));
        assert!(origin("/sessions/?x=1"));
        assert!(origin("//sessions"));
        assert!(!origin("http://evil.example/log.json"));
        assert!(!origin("https://127.0.0.1:1111/"));
        assert!(!origin("127.0.0.1:1111"));
        assert!(!origin("*"));
    }

    #[test]
    fn one_host_of_ours() {
        let rule = HostRule {
            ip: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        let status = |hosts: &[&str], version| {
            let mut headers = HeaderMap::new();
            for host in hosts {
                headers.append(header::HOST, HeaderValue::from_str(host).unwrap());
            }
            let uri = Uri::from_static("/");
            refuse(&rule, &Method::GET, version, &headers, &uri).map(|r| r.status())
        };
        let ours = "127.0.0.1:1111";
        assert_eq!(status(&[ours], Version::HTTP_11), None);
        assert_eq!(status(&[ours], Version::HTTP_10), None);
        for hosts in [[ours, "evil.example"], ["evil.example", ours], [ours, ours]] {
            assert_eq!(
                status(&hosts, Version::HTTP_11),
                Some(StatusCode::BAD_REQUEST)
            );
        }
        assert_eq!(status(&[], Version::HTTP_11), Some(StatusCode::BAD_REQUEST));
        assert_eq!(status(&[], Version::HTTP_10), Some(StatusCode::FORBIDDEN));
        assert_eq!(
            status(&["evil.example:1111"], Version::HTTP_11),
            Some(StatusCode::FORBIDDEN)
        );
    }

    #[test]
    fn types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("log.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("x"), "application/octet-stream");
    }
}
