//! The desktop shell of Văn phòng số: a window around the web UI, and one IPC command
//! that forwards every call to the core's command layer. No rule of the product lives
//! here; see `vanphong::commands`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use vanphong::{ApiError, App, CoreError};

/// The core, or the reason it could not open (shown by the UI instead of the app).
struct Core(Result<Arc<App>, ApiError>);

/// The session of the person using this window, as last seen on a call: whose events reach
/// the window and whose alerts become desktop notifications.
#[derive(Default, Clone)]
struct WindowSession(Arc<Mutex<Option<String>>>);

/// Forward one command to the core, off the UI thread.
#[tauri::command]
async fn call(
    core: tauri::State<'_, Core>,
    session: tauri::State<'_, WindowSession>,
    name: String,
    request: serde_json::Value,
    token: Option<String>,
) -> Result<serde_json::Value, ApiError> {
    let app = core.0.clone()?;
    *session.0.lock().expect("session lock") = token.clone().filter(|t| !t.is_empty());
    tauri::async_runtime::spawn_blocking(move || {
        vanphong::commands::dispatch(&app, token.as_deref(), &name, request)
    })
    .await
    .map_err(|e| ApiError::from(CoreError::Io(std::io::Error::other(e.to_string()))))?
}

fn header(request: &tauri::ipc::Request<'_>, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A file's bytes as the raw IPC body (no JSON, no base64), its name in `x-file-name`
/// (percent-encoded) and the session in `authorization`: into the core's store by the
/// same `commands::upload` as the office server's endpoint.
#[tauri::command]
async fn upload(
    core: tauri::State<'_, Core>,
    request: tauri::ipc::Request<'_>,
) -> Result<vanphong::attachments::Upload, ApiError> {
    let app = core.0.clone()?;
    let token = header(&request, "authorization").map(|v| v.trim_start_matches("Bearer ").to_string());
    let name = header(&request, "x-file-name")
        .map(|v| percent_encoding::percent_decode_str(&v).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body().clone() else {
        return Err(CoreError::BadRequest("the file must come as raw bytes".into()).into());
    };
    tauri::async_runtime::spawn_blocking(move || {
        let caller = vanphong::commands::Caller { token: token.as_deref(), source: None };
        vanphong::commands::upload(&app, caller, &name, &mut std::io::Cursor::new(bytes))
    })
    .await
    .map_err(|e| ApiError::from(CoreError::Io(std::io::Error::other(e.to_string()))))?
}

/// A stored file a command handed to this person (`downloadId`), as raw bytes.
#[tauri::command]
async fn download(
    core: tauri::State<'_, Core>,
    id: String,
    token: Option<String>,
) -> Result<tauri::ipc::Response, ApiError> {
    let app = core.0.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        let caller = vanphong::commands::Caller { token: token.as_deref(), source: None };
        let file = vanphong::commands::download(&app, caller, &id)?;
        let bytes = match file.body {
            vanphong::commands::DownloadBody::File(path) => {
                std::fs::read(path).map_err(|e| ApiError::from(CoreError::Io(e)))?
            }
            vanphong::commands::DownloadBody::Bytes(bytes) => bytes.to_vec(),
        };
        Ok(tauri::ipc::Response::new(bytes))
    })
    .await
    .map_err(|e| ApiError::from(CoreError::Io(std::io::Error::other(e.to_string()))))?
}

/// What the command line sets: the data directory (`--data-dir DIR`, else the platform
/// data directory); for end-to-end tests, as for `vanphong serve`, a clock read from a
/// file (`--clock-file F`) and the deadline scan's interval (`--alert-interval SECONDS`).
struct Options {
    data_dir: PathBuf,
    clock_file: Option<PathBuf>,
    alert_interval: Duration,
}

fn options_from_args() -> Options {
    let mut options =
        Options { data_dir: vanphong::app::default_data_dir(), clock_file: None, alert_interval: MINUTE };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg, None),
        };
        // Anything else (what a platform or a test driver adds) is left alone, value and all.
        if !["--data-dir", "--clock-file", "--alert-interval"].contains(&name.as_str()) {
            continue;
        }
        let Some(value) = inline.or_else(|| args.next()) else { break };
        match name.as_str() {
            "--data-dir" => options.data_dir = PathBuf::from(value),
            "--clock-file" => options.clock_file = Some(PathBuf::from(value)),
            "--alert-interval" => match value.parse() {
                Ok(seconds) if seconds > 0 => options.alert_interval = Duration::from_secs(seconds),
                _ => eprintln!("--alert-interval: số giây không hợp lệ / not a number of seconds: {value}"),
            },
            _ => {}
        }
    }
    options
}

const MINUTE: Duration = Duration::from_secs(60);

/// Show the alerts `ids`, raised together, on the desktop: those that belong to the person
/// logged in here, as one notification. The core says whose they are and how they read;
/// the shell only asks for the person's unread alerts.
fn notify(handle: &tauri::AppHandle, core: &App, session: &WindowSession, ids: &[i64]) {
    let Some(token) = session.0.lock().expect("session lock").clone() else { return };
    let request = serde_json::json!({ "unreadOnly": true, "limit": 200 });
    let Ok(page) = vanphong::commands::dispatch(core, Some(&token), "alert_list", request) else { return };
    let Ok(page) = serde_json::from_value::<vanphong::alerts::AlertPage>(page) else { return };
    let mine: Vec<_> = page.items.into_iter().filter(|a| ids.contains(&a.id)).collect();
    let Some(notice) = vanphong::alerts::notice(&mine) else { return };
    match handle.notification().builder().title(&notice.title).body(&notice.body).show() {
        Ok(()) => tracing::info!(alerts = mine.len(), "desktop notification shown"),
        Err(error) => tracing::warn!(%error, "desktop notification not shown"),
    }
}

pub fn run() {
    let options = options_from_args();
    let _log_guard = vanphong::logging::init(Some(&options.data_dir));
    let interval = options.alert_interval;
    let core = vanphong::app::App::open(&options.data_dir, vanphong::clock::wall_or_file(options.clock_file))
        .map(Arc::new)
        .map_err(|error| {
            tracing::error!(%error, "cannot open the data directory");
            eprintln!("{}", error.message().vi);
            ApiError::from(error)
        });
    let events = core.as_ref().ok().map(|app| app.events().subscribe());
    let watched = core.as_ref().ok().cloned();
    let session = WindowSession::default();
    let session_for_events = session.clone();

    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(Core(core))
        .manage(session)
        .invoke_handler(tauri::generate_handler![call, upload, download])
        .setup(move |app| {
            // The core's deadline scan: at start (catching up) and every minute; and the
            // refilling of a search index an upgrade rebuilt, while the window works.
            if let Some(core) = watched.clone() {
                tauri::async_runtime::spawn(async move {
                    vanphong::reindex::spawn(Arc::clone(&core));
                    vanphong::alerts::spawn_watcher(core, interval);
                });
            }
            // Forward the core's domain events to the window; a new alert of the person
            // in this window also becomes a desktop notification.
            if let (Some(mut events), Some(core)) = (events, watched) {
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    while let Some(event) = events.blocking_next() {
                        // A scan publishes its alerts together: gather them, so that they
                        // make one notification and not one each.
                        let mut batch = vec![event];
                        if batch[0].object_type == vanphong::vocabulary::ObjectKind::Alert {
                            std::thread::sleep(Duration::from_millis(200));
                        }
                        while let Some(more) = events.try_next() {
                            batch.push(more);
                        }
                        // Only what the person in this window may see reaches it; nothing
                        // once they have logged out.
                        let token = session_for_events.0.lock().expect("session lock").clone();
                        let Some(token) = token else { continue };
                        let mut alerts = Vec::new();
                        for event in &batch {
                            if !matches!(vanphong::commands::event_for(&core, &token, event), Ok(true)) {
                                continue;
                            }
                            let _ = handle.emit("vanphong://event", event);
                            if event.object_type == vanphong::vocabulary::ObjectKind::Alert {
                                alerts.extend(event.object_id);
                            }
                        }
                        if !alerts.is_empty() {
                            notify(&handle, &core, &session_for_events, &alerts);
                        }
                    }
                });
            }
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title("Văn phòng số");
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Văn phòng số");
}
