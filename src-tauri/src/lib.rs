//! The desktop shell of Văn phòng số: a window around the web UI, and one IPC command
//! that forwards every call to the core's command layer. No rule of the product lives
//! here; see `vanphong::commands`.

use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Emitter, Manager};
use vanphong::{ApiError, App, CoreError};

/// The core, or the reason it could not open (shown by the UI instead of the app).
struct Core(Result<Arc<App>, ApiError>);

/// Forward one command to the core, off the UI thread.
#[tauri::command]
async fn call(
    core: tauri::State<'_, Core>,
    name: String,
    request: serde_json::Value,
    token: Option<String>,
) -> Result<serde_json::Value, ApiError> {
    let app = core.0.clone()?;
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

    tauri::Builder::default()
        .manage(Core(core))
        .invoke_handler(tauri::generate_handler![call])
        .setup(move |app| {
            // Forward the core's domain events to the window.
            if let Some(mut events) = events {
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    while let Some(event) = events.blocking_next() {
                        let _ = handle.emit("vanphong://event", &event);
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
