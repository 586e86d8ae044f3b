//! The desktop shell of Văn phòng số: a window around the web UI, and one IPC command
//! that forwards every call to the core's command layer. No rule of the product lives
//! here; see `vanphong::commands`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::{Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use vanphong::{ApiError, App, CoreError};

/// The core, or the reason it could not open (shown by the UI instead of the app).
struct Core(Result<Arc<App>, ApiError>);

/// The session of the person using this window, as last seen on a call: whose alerts
/// become desktop notifications.
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

/// `--data-dir DIR` from the command line, else the platform data directory.
fn data_dir_from_args() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return PathBuf::from(dir);
        }
    }
    vanphong::app::default_data_dir()
}

/// Show alert `id` on the desktop if it belongs to the person logged in here. The core
/// says whose it is: the shell only asks for the person's unread alerts.
fn notify(handle: &tauri::AppHandle, core: &App, session: &WindowSession, id: Option<i64>) {
    let Some(token) = session.0.lock().expect("session lock").clone() else { return };
    let request = serde_json::json!({ "unreadOnly": true, "limit": 20 });
    let Ok(page) = vanphong::commands::dispatch(core, Some(&token), "alert_list", request) else { return };
    let Ok(page) = serde_json::from_value::<vanphong::alerts::AlertPage>(page) else { return };
    let Some(alert) = page.items.into_iter().find(|a| Some(a.id) == id) else { return };
    match handle.notification().builder().title(alert.heading()).body(&alert.title).show() {
        Ok(()) => tracing::info!(alert = alert.id, "desktop notification shown"),
        Err(error) => tracing::warn!(%error, "desktop notification not shown"),
    }
}

pub fn run() {
    let data_dir = data_dir_from_args();
    let _log_guard = vanphong::logging::init(Some(&data_dir));
    let core = vanphong::app::App::open(&data_dir, Arc::new(vanphong::clock::SystemClock))
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
        .invoke_handler(tauri::generate_handler![call])
        .setup(move |app| {
            // The core's deadline scan: at start (catching up) and every minute.
            if let Some(core) = watched.clone() {
                tauri::async_runtime::spawn(async move {
                    vanphong::alerts::spawn_watcher(core, std::time::Duration::from_secs(60));
                });
            }
            // Forward the core's domain events to the window; a new alert of the person
            // in this window also becomes a desktop notification.
            if let (Some(mut events), Some(core)) = (events, watched) {
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    while let Some(event) = events.blocking_next() {
                        let _ = handle.emit("vanphong://event", &event);
                        if event.object_type == "alert" {
                            notify(&handle, &core, &session_for_events, event.object_id);
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
