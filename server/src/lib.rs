//! The HTTP transport: `vanphong serve`. Serves the built web UI and the same commands as
//! the desktop app: `POST /api/<command>` with the JSON request as body and
//! `Authorization: Bearer <token>`; the person's domain events as server-sent events on
//! `GET /api/events` (the token in the same header).
//!
//! What a web server facing an office network needs besides: only host names it was
//! told (or an address) — no DNS rebinding; only JSON bodies and only same-origin
//! requests (scheme and host) — no other web page can post to the API; security headers
//! on everything; connections that do not send their headers within [`HEADER_TIMEOUT`]
//! are closed; TLS (rustls, HTTP/2 or HTTP/1.1) when given a certificate, with HSTS.

mod metrics;
pub mod revocation;
pub mod timestamp;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};
use vanphong::app::App;
use vanphong::commands::{self, SessionCurrent};
use vanphong::error::{ApiError, CoreError, ErrorCode};

/// The UI built by `npm run build` in `ui/`, when no other directory is given.
pub fn default_ui_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/dist"))
}

/// How long a connection may take to send a request's headers (and a TLS handshake).
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long browsers are told to reach a TLS server only over HTTPS: a year.
const HSTS: &str = "max-age=31536000";

/// How the server itself is reached: the scheme of the origin its own pages have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP: on a closed network, or on `127.0.0.1` behind a reverse proxy that
    /// may terminate TLS (it says so in `X-Forwarded-Proto`).
    Http,
    /// HTTPS served by the server itself (`--tls-cert`): responses carry HSTS.
    Https,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// What the guard knows of the server: the names it answers to and how it is reached.
struct Site {
    hosts: Vec<String>,
    scheme: Scheme,
}

/// The router with the default options: addresses and `localhost` as the only hosts.
pub fn router(app: Arc<App>, ui_dir: PathBuf) -> Router {
    router_with(app, ui_dir, Vec::new())
}

/// The router of a plain HTTP server; `hosts` are the names (besides any address and
/// `localhost`) the office server may be reached by, e.g. `vanphong.ubnd.nghean.gov.vn`.
pub fn router_with(app: Arc<App>, ui_dir: PathBuf, hosts: Vec<String>) -> Router {
    router_with_scheme(app, ui_dir, hosts, Scheme::Http)
}

/// The router of a server reached over `scheme`, answering to `hosts` as [`router_with`].
pub fn router_with_scheme(app: Arc<App>, ui_dir: PathBuf, hosts: Vec<String>, scheme: Scheme) -> Router {
    let index = ui_dir.join("index.html");
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .route("/api/events", get(events))
        .route("/api/upload", post(upload))
        .route("/api/download/{id}", get(download))
        .route("/api/{command}", post(call))
        .route("/public/schedule", get(public_schedule))
        .route("/public/schedule.ics", get(public_feed))
        .route("/public/schedule/{leader}", get(public_leader_feed))
        .route("/public/programme", get(public_programme))
        .fallback_service(ServeDir::new(&ui_dir).fallback(ServeFile::new(index)))
        .layer(axum::middleware::from_fn_with_state(Arc::new(Site { hosts, scheme }), guard))
        .with_state(app)
}

/// The UI's own scripts, styles, workers and API only; no framing by other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn refuse(code: ErrorCode, vi: &str, en: &str) -> Response {
    let error = ApiError { code, message: vanphong::error::Message::new(vi, en), field: None };
    (status_of(&error), Json(error)).into_response()
}

/// The name in a `Host` header or an origin's authority, without the port.
fn host_name(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match authority.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => authority,
    }
}

/// Whether the server answers to `host`: any address (a browser that typed it), the
/// machine itself, or a name it was given. A name it was not given is how a DNS
/// rebinding attack reaches a server on the office network from outside.
pub fn host_allowed(host: &str, names: &[String]) -> bool {
    let name = host_name(host);
    name.parse::<std::net::IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The host a request names: the authority in its address (HTTP/2 sends no `Host`
/// header, only `:authority`; an HTTP/1.1 request may come in absolute form), else its
/// `Host` header (HTTP/1.1), or `""` when it names none. `None` when it names two hosts
/// that differ: whichever one the server believed, the other could slip past the checks.
fn requested_host<'a>(uri: &'a axum::http::Uri, headers: &'a HeaderMap) -> Option<&'a str> {
    let header = headers.get(header::HOST).map(|v| v.to_str().unwrap_or(""));
    match (uri.authority().map(|a| a.as_str()), header) {
        (Some(authority), Some(host)) if !authority.eq_ignore_ascii_case(host) => None,
        (Some(authority), _) => Some(authority),
        (None, host) => Some(host.unwrap_or("")),
    }
}

/// The scheme of the page a same-origin request comes from: HTTPS on a TLS server; behind
/// a reverse proxy, the one the proxy says the browser used (`X-Forwarded-Proto`), a
/// header a page elsewhere cannot add without the CORS preflight this server never grants.
fn origin_scheme(scheme: Scheme, headers: &HeaderMap) -> &'static str {
    let forwarded = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).map(str::trim);
    match (scheme, forwarded) {
        (Scheme::Http, Some(proto)) if proto.eq_ignore_ascii_case("https") => Scheme::Https.name(),
        (scheme, _) => scheme.name(),
    }
}

/// Whether an API request comes from the server's own pages: no `Origin` (not sent by a
/// page elsewhere), or exactly the origin of `host` over the scheme browsers use to
/// reach it — an `http://` page of the same name is another site to an HTTPS server.
fn from_own_origin(headers: &HeaderMap, host: &str, scheme: Scheme) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let own = format!("{}://{host}", origin_scheme(scheme, headers));
    origin.to_str().is_ok_and(|origin| origin.eq_ignore_ascii_case(&own))
}

/// Whether a POST's body is of the type its endpoint takes: JSON, or raw bytes to the
/// upload. A web page elsewhere can post text/plain or a form without asking; JSON (or
/// raw bytes) it can send only to its own origin.
fn body_type_accepted(request: &axum::extract::Request) -> bool {
    let wanted =
        if request.uri().path() == "/api/upload" { "application/octet-stream" } else { "application/json" };
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(wanted))
}

async fn guard(
    State(site): State<Arc<Site>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = match requested_host(request.uri(), request.headers()) {
        None => refuse(
            ErrorCode::RequestHostRefused,
            "Địa chỉ của yêu cầu và tiêu đề Host chỉ hai tên máy khác nhau.",
            "The request's address and its Host header name different hosts.",
        ),
        Some(host) if !host_allowed(host, &site.hosts) => refuse(
            ErrorCode::RequestHostRefused,
            "Máy chủ không phục vụ tên miền này.",
            "This server does not answer to that host name.",
        ),
        Some(host) if api && !from_own_origin(request.headers(), host, site.scheme) => refuse(
            ErrorCode::RequestOriginRefused,
            "Yêu cầu từ một trang khác bị từ chối.",
            "A request from another site was refused.",
        ),
        _ if api && request.method() == axum::http::Method::POST && !body_type_accepted(&request) => refuse(
            ErrorCode::RequestContentType,
            "Yêu cầu phải gửi dữ liệu JSON (Content-Type: application/json).",
            "Requests must send JSON (Content-Type: application/json).",
        ),
        _ => next.run(request).await,
    };
    secure(response, api, site.scheme)
}

fn secure(mut response: Response, api: bool, scheme: Scheme) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, header::HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    if api {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    // Only over TLS: a browser ignores HSTS heard over plain HTTP, and a plain server
    // behind a proxy leaves it to the proxy that holds the certificate.
    if scheme == Scheme::Https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
}

fn status_of(error: &ApiError) -> StatusCode {
    StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Turns for requests that only read: as many as the database has readers, and one more
/// for the next in line. A hundred people reading at once would otherwise be a hundred
/// threads, each waiting for a reader connection; here they wait as tasks, and the
/// threads that run are the ones that can. (bench server, 1M documents, 2 cores, three
/// interleaved pairs: 4,468 / 4,237 / 2,951 reads a second and p95 30.0 / 31.9 / 45.0 ms
/// with turns, 3,686 / 4,036 / 2,189 and 36.6 / 34.9 / 60.3 ms without.)
fn read_turns() -> &'static tokio::sync::Semaphore {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| tokio::sync::Semaphore::new(vanphong::db::READERS + 1))
}

async fn call(
    State(app): State<Arc<App>>,
    Path(command): Path<String>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    body: axum::body::Bytes,
) -> Response {
    let start = std::time::Instant::now();
    let name = command.clone();
    let token = bearer(&headers).map(str::to_string);
    let source =
        extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string());
    // Reads wait here, as tasks, for a turn to run; a command that writes does not wait.
    // (The semaphore is never closed: `acquire` does not fail.)
    let _turn = if commands::writes(&command) { None } else { read_turns().acquire().await.ok() };
    let result = tokio::task::spawn_blocking(move || {
        let caller = commands::Caller { token: token.as_deref(), source: source.as_deref() };
        commands::dispatch_bytes(&app, caller, &command, &body)
    })
    .await
    .unwrap_or_else(|e| Err(CoreError::Io(std::io::Error::other(e.to_string())).into()));
    metrics::record(&name, start.elapsed(), result.is_ok());
    match result {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => (status_of(&error), Json(error)).into_response(),
    }
}

/// `GET /public/schedule?week=YYYY-MM-DD`: the published weekly schedule as the page
/// the provincial portal links to (the public command `schedule_public_page_get`).
async fn public_schedule(
    State(app): State<Arc<App>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let week = match query.get("week").map(|w| w.parse::<chrono::NaiveDate>()) {
        None => None,
        Some(Ok(day)) => Some(day),
        Some(Err(_)) => return (StatusCode::BAD_REQUEST, "week=YYYY-MM-DD").into_response(),
    };
    public_text::<commands::SchedulePublicPageGet>(
        app,
        commands::SchedulePageRequest { week },
        "text/html; charset=utf-8",
    )
    .await
}

/// `GET /public/programme?month=YYYY-MM`: the month's published work programme.
async fn public_programme(
    State(app): State<Arc<App>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let month = match query.get("month").map(|m| m.split_once('-')) {
        None => None,
        Some(Some((y, m))) => match (y.parse(), m.parse()) {
            (Ok(y), Ok(m)) => Some((y, m)),
            _ => return (StatusCode::BAD_REQUEST, "month=YYYY-MM").into_response(),
        },
        Some(None) => return (StatusCode::BAD_REQUEST, "month=YYYY-MM").into_response(),
    };
    let request = commands::ProgrammePageRequest { month };
    public_text::<commands::ProgrammePublicPageGet>(app, request, "text/html; charset=utf-8").await
}

/// `GET /public/schedule.ics`: the Committee's published schedule as a calendar feed.
async fn public_feed(State(app): State<Arc<App>>) -> Response {
    let request = commands::ScheduleFeedRequest { leader_id: None };
    public_text::<commands::ScheduleFeedGet>(app, request, "text/calendar; charset=utf-8").await
}

/// `GET /public/schedule/<leader id>.ics`: one leader's published schedule.
async fn public_leader_feed(State(app): State<Arc<App>>, Path(leader): Path<String>) -> Response {
    let Some(id) = leader.strip_suffix(".ics").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let request = commands::ScheduleFeedRequest { leader_id: Some(vanphong::vocabulary::UserId(id)) };
    public_text::<commands::ScheduleFeedGet>(app, request, "text/calendar; charset=utf-8").await
}

async fn public_text<C>(app: Arc<App>, request: C::Request, content_type: &'static str) -> Response
where
    C: commands::Command<Response = String>,
    C::Request: Send + 'static,
{
    let result = tokio::task::spawn_blocking(move || commands::execute::<C>(&app, None, request))
        .await
        .unwrap_or_else(|e| Err(CoreError::Io(std::io::Error::other(e.to_string()))));
    match result {
        Ok(text) => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], text)
            .into_response(),
        Err(error) => {
            let error = ApiError::from(error);
            (status_of(&error), Json(error)).into_response()
        }
    }
}

/// `POST /api/upload`: a file's bytes as the body (`application/octet-stream`), its name in
/// `X-File-Name` (percent-encoded UTF-8). Streamed into the store by the core's
/// `commands::upload` while it arrives, never held whole in memory; the answer is the
/// reference commands take (`uploadId`), or `request.too_large` past the limit.
async fn upload(State(app): State<Arc<App>>, headers: HeaderMap, body: axum::body::Body) -> Response {
    use http_body_util::BodyExt;
    let token = bearer(&headers).map(str::to_string);
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(16);
    let writing = tokio::task::spawn_blocking(move || {
        let mut reader = ChannelReader { receiver, current: axum::body::Bytes::new() };
        commands::upload(&app, commands::Caller { token: token.as_deref(), source: None }, &name, &mut reader)
    });
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let chunk = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => Ok(data),
                Err(_) => continue,
            },
            Err(e) => Err(std::io::Error::other(e.to_string())),
        };
        let failed = chunk.is_err();
        // The core stops reading when it refuses (no session, too large): stop sending.
        if sender.send(chunk).await.is_err() || failed {
            break;
        }
    }
    drop(sender);
    match writing.await {
        Ok(Ok(upload)) => Json(upload).into_response(),
        Ok(Err(error)) => (status_of(&error), Json(error)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The request body as a blocking reader for the core, fed chunk by chunk.
struct ChannelReader {
    receiver: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>,
    current: axum::body::Bytes,
}

impl std::io::Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.receiver.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len());
        out[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

/// `GET /api/download/<id>`: a stored file a command handed to this session's person,
/// streamed from the store with its name (ranges supported), never through JSON.
async fn download(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let token = bearer(&headers).map(str::to_string);
    let found = tokio::task::spawn_blocking(move || {
        commands::download(&app, commands::Caller { token: token.as_deref(), source: None }, &id)
    })
    .await
    .unwrap_or_else(|e| Err(CoreError::Io(std::io::Error::other(e.to_string())).into()));
    let file = match found {
        Ok(file) => file,
        Err(error) => return (status_of(&error), Json(error)).into_response(),
    };
    let mut response = match &file.body {
        commands::DownloadBody::File(path) => match ServeFile::new(path).try_call(request).await {
            Ok(response) => response.map(axum::body::Body::new),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        commands::DownloadBody::Bytes(bytes) => axum::body::Body::from(bytes.to_vec()).into_response(),
    };
    let headers = response.headers_mut();
    if let Ok(kind) = header::HeaderValue::from_str(&file.media_type) {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    let encoded = percent_encoding::utf8_percent_encode(&file.file_name, percent_encoding::NON_ALPHANUMERIC);
    if let Ok(disposition) = header::HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}"))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

/// How often a quiet stream checks that its session is still alive.
const EVENT_SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(15);

/// The person's event stream: only events about objects they may see, and it ends when
/// the session ends or the account is disabled. The token comes in the `Authorization`
/// header, never in the address (addresses end up in logs and histories).
/// Who may read the server's figures besides the machine itself (`--metrics-from`).
#[derive(Clone, Default)]
pub struct MetricsFrom(pub Arc<Vec<std::net::IpAddr>>);

/// Whether the caller may read the server's figures: the machine itself, or an address
/// the settings name. Without a known peer (a router driven in-process), nobody.
fn may_monitor(extensions: &axum::http::Extensions) -> bool {
    let Some(peer) = extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|info| info.0.ip())
    else {
        return false;
    };
    let named = extensions.get::<MetricsFrom>().is_some_and(|from| from.0.contains(&peer));
    peer.to_canonical().is_loopback() || named
}

/// For a workstation checking it reached a server that answers: `{"status":"ok"}`; for
/// monitoring (the machine itself, `--metrics-from`), also the database's size and the
/// last backup. No session needed; nothing about the Office's documents or people.
async fn health(State(app): State<Arc<App>>, extensions: axum::http::Extensions) -> Response {
    // Anyone else learns that the server answers, and costs it nothing more.
    if !may_monitor(&extensions) {
        return Json(serde_json::json!({ "status": "ok" })).into_response();
    }
    match tokio::task::spawn_blocking(move || vanphong::backup::health(&app)).await {
        Ok(Ok(health)) => Json(health).into_response(),
        Ok(Err(error)) => {
            let error = ApiError::from(error);
            (StatusCode::SERVICE_UNAVAILABLE, Json(error)).into_response()
        }
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `GET /metrics`, Prometheus' text format, for the machine itself and `--metrics-from`;
/// anyone else is told there is no such page.
async fn metrics_text(State(app): State<Arc<App>>, extensions: axum::http::Extensions) -> Response {
    if !may_monitor(&extensions) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let now = app.now();
    match tokio::task::spawn_blocking(move || vanphong::backup::health(&app)).await {
        Ok(Ok(health)) => {
            ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics::render(&health, now))
                .into_response()
        }
        _ => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn events(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers).map(str::to_string) else {
        let error = ApiError::from(CoreError::NotAuthenticated);
        return (status_of(&error), Json(error)).into_response();
    };
    // The same check as any command: only a live session may listen.
    let check_app = app.clone();
    let check_token = token.clone();
    let allowed = tokio::task::spawn_blocking(move || {
        commands::execute::<SessionCurrent>(&check_app, Some(&check_token), ())
    })
    .await;
    match allowed {
        Ok(Ok(_)) => {}
        Ok(Err(error)) => {
            let error = ApiError::from(error);
            return (status_of(&error), Json(error)).into_response();
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let mut subscription = app.events().subscribe();
    let stream = async_stream(move |sender| async move {
        let _listening = metrics::Listening::start();
        let mut ticks = tokio::time::interval(EVENT_SESSION_CHECK);
        ticks.tick().await;
        loop {
            let event = tokio::select! {
                event = subscription.next() => match event {
                    Some(event) => event,
                    None => break,
                },
                _ = ticks.tick() => {
                    let (app, token) = (app.clone(), token.clone());
                    let alive = tokio::task::spawn_blocking(move || commands::session_alive(&app, &token)).await;
                    if !matches!(alive, Ok(true)) {
                        break;
                    }
                    continue;
                }
            };
            let (check_app, check_token) = (app.clone(), token.clone());
            let checked = event.clone();
            let verdict =
                tokio::task::spawn_blocking(move || commands::event_for(&check_app, &check_token, &checked))
                    .await;
            match verdict {
                Ok(Ok(true)) => {}
                Ok(Ok(false)) => continue,
                // The session is over: so is its stream.
                _ => break,
            }
            let data = serde_json::to_string(&event).unwrap_or_default();
            if sender.send(Ok(Event::default().event("domain").data(data))).await.is_err() {
                break;
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// A stream fed by a task, without pulling in a macro crate for it.
fn async_stream<F, Fut>(producer: F) -> tokio_stream::wrappers::ReceiverStream<Result<Event, Infallible>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<Event, Infallible>>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (sender, receiver) = tokio::sync::mpsc::channel(64);
    tokio::spawn(producer(sender));
    tokio_stream::wrappers::ReceiverStream::new(receiver)
}

/// Where and how `vanphong serve` listens.
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub ui_dir: PathBuf,
    /// Host names besides addresses and `localhost` (`--host`).
    pub hosts: Vec<String>,
    /// PEM certificate chain and private key, for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// How long a connection may take to send its headers; [`HEADER_TIMEOUT`] by default.
    pub header_timeout: std::time::Duration,
    /// Addresses besides the machine itself that may read `/metrics` (`--metrics-from`).
    pub metrics_from: Vec<std::net::IpAddr>,
}

fn tls_acceptor(cert: &std::path::Path, key: &std::path::Path) -> std::io::Result<tokio_rustls::TlsAcceptor> {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |what: &str, e: &dyn std::fmt::Display| std::io::Error::other(format!("{what}: {e}"));
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad("certificate", &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad("certificate", &e))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| bad("private key", &e))?;
    let provider = std::sync::Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad("TLS", &e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| bad("certificate", &e))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Serve until Ctrl-C or SIGTERM. Prints the address once listening.
pub async fn serve(app: Arc<App>, options: ServeOptions) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    serve_on(listener, app, options, shutdown_signal()).await
}

/// Serve on `listener` until `shutdown` completes.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let ServeOptions { ui_dir, hosts, tls, header_timeout, metrics_from, .. } = options;
    if !ui_dir.join("index.html").exists() {
        tracing::warn!(dir = %ui_dir.display(), "no built UI here; only /api is served");
        eprintln!(
            "Chú ý: chưa có giao diện đã build tại {0} (chạy `npm run build` trong ui/).\n\
             Note: no built UI at {0} (run `npm run build` in ui/).",
            ui_dir.display()
        );
    }
    let acceptor = match &tls {
        Some((cert, key)) => Some(tls_acceptor(cert, key)?),
        None => None,
    };
    let address = listener.local_addr()?;
    let scheme = if acceptor.is_some() { Scheme::Https } else { Scheme::Http };
    println!("Văn phòng số: {}://{address}/", scheme.name());
    tracing::info!(%address, scheme = scheme.name(), "serving");
    let router = router_with_scheme(app, ui_dir, hosts, scheme)
        .layer(axum::Extension(MetricsFrom(Arc::new(metrics_from))));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Answers go out when written, not held back for the client's acknowledgement.
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(
            router.clone().layer(axum::Extension(axum::extract::ConnectInfo(peer))),
        );
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let mut builder =
                hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
            builder.http1().timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(header_timeout);
            let result = match acceptor {
                None => {
                    builder
                        .serve_connection_with_upgrades(hyper_util::rt::TokioIo::new(stream), service)
                        .await
                }
                Some(acceptor) => match tokio::time::timeout(header_timeout, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => {
                        builder
                            .serve_connection_with_upgrades(hyper_util::rt::TokioIo::new(stream), service)
                            .await
                    }
                    _ => return,
                },
            };
            if let Err(error) = result {
                tracing::debug!(%error, %peer, "connection ended");
            }
        });
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{Request, Version};
    use tower::ServiceExt;

    /// One request to the guard: over which server and protocol, the authority in its
    /// address (HTTP/2's `:authority`), its `Host` and `Origin` headers, and the answer.
    type Case = (
        &'static str,
        Scheme,
        Version,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        u16,
    );

    const TLS: Scheme = Scheme::Https;
    const PLAIN: Scheme = Scheme::Http;
    const H1: Version = Version::HTTP_11;
    const H2: Version = Version::HTTP_2;

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        ("HTTP/1.1: the Host header", PLAIN, H1, None, Some("127.0.0.1:8080"), None, 200),
        ("HTTP/1.1 to a name it was given", PLAIN, H1, None, Some("vanphong.ubnd.local"), None, 200),
        ("HTTP/1.1 to a name it was not given", PLAIN, H1, None, Some("evil.example"), None, 421),
        ("HTTP/1.1 naming no host", PLAIN, H1, None, None, None, 421),
        ("HTTP/2: only the authority, as browsers send it", TLS, H2, Some("127.0.0.1:8443"), None, None, 200),
        ("HTTP/2 to a name it was given", TLS, H2, Some("vanphong.ubnd.local"), None, None, 200),
        ("HTTP/2 to a name it was not given", TLS, H2, Some("evil.example:8443"), None, None, 421),
        ("authority and Host agree", TLS, H2, Some("localhost:8443"), Some("LOCALHOST:8443"), None, 200),
        ("authority and Host differ", TLS, H2, Some("127.0.0.1:8443"), Some("localhost:8443"), None, 421),
        ("an allowed Host cannot cover another authority", PLAIN, H1, Some("evil.example"), Some("127.0.0.1:8080"), None, 421),
        ("HTTPS page of the same host over HTTP/2", TLS, H2, Some("127.0.0.1:8443"), None, Some("https://127.0.0.1:8443"), 200),
        ("HTTPS page of the same host over HTTP/1.1", TLS, H1, None, Some("vanphong.ubnd.local"), Some("https://vanphong.ubnd.local"), 200),
        ("HTTP page of the same host on a TLS server", TLS, H2, Some("127.0.0.1:8443"), None, Some("http://127.0.0.1:8443"), 403),
        ("HTTPS page of another host", TLS, H2, Some("127.0.0.1:8443"), None, Some("https://evil.example"), 403),
        ("HTTPS page of the same host on another port", TLS, H2, Some("127.0.0.1:8443"), None, Some("https://127.0.0.1:9443"), 403),
        ("HTTP page of the same host on a plain server", PLAIN, H1, None, Some("127.0.0.1:8080"), Some("http://127.0.0.1:8080"), 200),
        ("HTTPS page on a plain server that no proxy vouches for", PLAIN, H1, None, Some("127.0.0.1:8080"), Some("https://127.0.0.1:8080"), 403),
        ("an opaque origin", TLS, H2, Some("127.0.0.1:8443"), None, Some("null"), 403),
    ];

    fn routers() -> (Router, Router, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("data"), Arc::new(vanphong::clock::SystemClock)).unwrap();
        let (app, ui, names) =
            (Arc::new(app), dir.path().to_path_buf(), vec!["vanphong.ubnd.local".to_string()]);
        let plain = router_with_scheme(app.clone(), ui.clone(), names.clone(), Scheme::Http);
        (plain, router_with_scheme(app, ui, names, Scheme::Https), dir)
    }

    /// A JSON command any caller may send, as `version` carries it to the router: hyper
    /// puts an HTTP/2 request's `:scheme` and `:authority` into its URI.
    fn status_request(version: Version, authority: Option<&str>) -> axum::http::request::Builder {
        let uri = match (version, authority) {
            (Version::HTTP_2, Some(authority)) => format!("https://{authority}/api/setup_status"),
            (_, Some(authority)) => format!("http://{authority}/api/setup_status"),
            (_, None) => "/api/setup_status".to_string(),
        };
        Request::post(uri).version(version).header(header::CONTENT_TYPE, "application/json")
    }

    async fn answer(router: &Router, request: axum::http::request::Builder) -> Response {
        router.clone().oneshot(request.body(axum::body::Body::from("null")).unwrap()).await.unwrap()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_host_is_the_address_authority_or_the_host_header_and_the_origin_has_the_servers_scheme() {
        let (plain, tls, _dir) = routers();
        for &(why, scheme, version, authority, host, origin, expected) in CASES {
            let mut request = status_request(version, authority);
            if let Some(host) = host {
                request = request.header(header::HOST, host);
            }
            if let Some(origin) = origin {
                request = request.header(header::ORIGIN, origin);
            }
            let router = if scheme == Scheme::Https { &tls } else { &plain };
            let response = answer(router, request).await;
            assert_eq!(response.status().as_u16(), expected, "{why}");
            let code = match expected {
                421 => Some("request.host_refused"),
                403 => Some("request.origin_refused"),
                _ => None,
            };
            if let Some(code) = code {
                use http_body_util::BodyExt;
                let body = response.into_body().collect().await.unwrap().to_bytes();
                let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(error["code"], code, "{why}: {error}");
                assert!(error["message"]["vi"].as_str().is_some_and(|m| !m.is_empty()), "{why}: {error}");
                assert!(error["message"]["en"].as_str().is_some_and(|m| !m.is_empty()), "{why}: {error}");
            }
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn behind_a_proxy_the_origin_has_the_scheme_the_proxy_received() {
        let (plain, _, _dir) = routers();
        let through_proxy = |proto: &str, origin: &str| {
            status_request(H1, None)
                .header(header::HOST, "vanphong.ubnd.local")
                .header("x-forwarded-proto", proto)
                .header(header::ORIGIN, origin)
        };
        let https_page = answer(&plain, through_proxy("https", "https://vanphong.ubnd.local")).await;
        assert_eq!(https_page.status(), StatusCode::OK, "the proxy received HTTPS from the page");
        let http_page = answer(&plain, through_proxy("https", "http://vanphong.ubnd.local")).await;
        assert_eq!(http_page.status(), StatusCode::FORBIDDEN, "an HTTP page behind an HTTPS proxy");
        let plain_proxy = answer(&plain, through_proxy("http", "http://vanphong.ubnd.local")).await;
        assert_eq!(plain_proxy.status(), StatusCode::OK, "a proxy that received plain HTTP");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_tls_server_sends_hsts_on_every_answer_and_a_plain_one_never() {
        let (plain, tls, _dir) = routers();
        let h2 = |authority| status_request(H2, Some(authority));
        for (why, request) in [
            ("a command", h2("127.0.0.1:8443")),
            ("a refused host", h2("evil.example")),
            ("a page of the UI", Request::get("https://127.0.0.1:8443/").version(H2)),
        ] {
            let response = answer(&tls, request).await;
            assert_eq!(response.headers().get(header::STRICT_TRANSPORT_SECURITY).unwrap(), HSTS, "{why}");
        }
        let response = answer(&plain, status_request(H1, None).header(header::HOST, "127.0.0.1:8080")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "plain HTTP has no HSTS"
        );
    }
}
