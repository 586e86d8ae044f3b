//! The HTTP transport: `vanphong serve`. Serves the built web UI and the same commands as
//! the desktop app: `POST /api/<command>` with the JSON request as body and
//! `Authorization: Bearer <token>`; the person's domain events as server-sent events on
//! `GET /api/events` (the token in the same header).

use crate::app::App;
use crate::commands::{self, SessionCurrent};
use crate::error::{ApiError, CoreError};
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

/// The UI built by `npm run build` in `ui/`, when no other directory is given.
pub fn default_ui_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/dist"))
}

pub fn router(app: Arc<App>, ui_dir: PathBuf) -> Router {
    let index = ui_dir.join("index.html");
    Router::new()
        .route("/api/events", get(events))
        .route("/api/{command}", post(call))
        .fallback_service(ServeDir::new(&ui_dir).fallback(ServeFile::new(index)))
        .with_state(app)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
}

fn status_of(error: &ApiError) -> StatusCode {
    match error.code.as_str() {
        "auth.wrong_credentials" | "auth.not_authenticated" | "auth.session_expired" => {
            StatusCode::UNAUTHORIZED
        }
        "auth.permission_denied" | "auth.account_disabled" | "auth.password_change_required" => {
            StatusCode::FORBIDDEN
        }
        "auth.throttled" => StatusCode::TOO_MANY_REQUESTS,
        "not_found" | "request.unknown_command" => StatusCode::NOT_FOUND,
        "invalid" => StatusCode::UNPROCESSABLE_ENTITY,
        "conflict" | "setup.already_done" | "setup.required" => StatusCode::CONFLICT,
        code if code.starts_with("confirm.") => StatusCode::CONFLICT,
        "request.malformed" => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn call(
    State(app): State<Arc<App>>,
    Path(command): Path<String>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    body: axum::body::Bytes,
) -> Response {
    let token = bearer(&headers).map(str::to_string);
    let source =
        extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string());
    let request = if body.is_empty() {
        Ok(serde_json::Value::Null)
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::from(CoreError::BadRequest(e.to_string())))
    };
    let result = match request {
        Ok(request) => tokio::task::spawn_blocking(move || {
            let caller = commands::Caller { token: token.as_deref(), source: source.as_deref() };
            commands::dispatch_from(&app, caller, &command, request)
        })
        .await
        .unwrap_or_else(|e| Err(CoreError::Io(std::io::Error::other(e.to_string())).into())),
        Err(error) => Err(error),
    };
    match result {
        Ok(value) => Json(value).into_response(),
        Err(error) => (status_of(&error), Json(error)).into_response(),
    }
}

/// How often a quiet stream checks that its session is still alive.
const EVENT_SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(15);

/// The person's event stream: only events about objects they may see, and it ends when
/// the session ends or the account is disabled. The token comes in the `Authorization`
/// header, never in the address (addresses end up in logs and histories).
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

/// Serve until Ctrl-C or SIGTERM. Prints the address once listening.
pub async fn serve(app: Arc<App>, listen: SocketAddr, ui_dir: PathBuf) -> std::io::Result<()> {
    if !ui_dir.join("index.html").exists() {
        tracing::warn!(dir = %ui_dir.display(), "no built UI here; only /api is served");
        eprintln!(
            "Chú ý: chưa có giao diện đã build tại {0} (chạy `npm run build` trong ui/).\n\
             Note: no built UI at {0} (run `npm run build` in ui/).",
            ui_dir.display()
        );
    }
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    println!("Văn phòng số: http://{address}/");
    tracing::info!(%address, "serving");
    axum::serve(listener, router(app, ui_dir).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
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
