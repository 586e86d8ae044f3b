//! The desktop shell of Văn phòng số: a window around the web UI, and the IPC commands
//! that forward every call to the core's command layer, either on this computer or on
//! the Office's server (`vanphong_remote`). No rule of the product lives here; see
//! `vanphong::commands`.

use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;
use tauri::{Emitter, Manager};
use vanphong::error::{ErrorCode, Message};
use vanphong::{ApiError, App, CoreError};
use vanphong_remote::server::{Heard, Server};
use vanphong_remote::settings::{Files, Mode};
use vanphong_remote::{ConnectionState, Workstation};

/// Where this window's calls go.
#[derive(Clone)]
enum Backend {
    /// Nobody has chosen yet (first start): the UI asks.
    Unchosen,
    /// The database on this computer.
    Local(Arc<App>),
    /// The Office's server.
    Remote(Arc<Server>),
    /// The local data could not open, or the workstation's settings could not be read:
    /// the UI shows why instead of the app.
    Failed(ApiError),
}

struct Shell {
    workstation: Option<Arc<Workstation>>,
    backend: RwLock<Backend>,
    session: WindowSession,
    options: Options,
    /// Which choice of where the data is the background work follows: a thread that
    /// followed an earlier server stops when this moves on.
    generation: Arc<AtomicU64>,
}

impl Shell {
    fn backend(&self) -> Backend {
        self.backend.read().expect("backend lock").clone()
    }

    fn workstation(&self) -> Result<&Arc<Workstation>, ApiError> {
        match (&self.workstation, self.backend()) {
            (Some(workstation), _) => Ok(workstation),
            (None, Backend::Failed(error)) => Err(error),
            (None, _) => Err(unchosen()),
        }
    }
}

fn unchosen() -> ApiError {
    ApiError {
        code: ErrorCode::TransportUnreachable,
        message: Message::new(
            "Chưa chọn nơi lưu dữ liệu của máy này (máy chủ của Văn phòng hoặc chỉ trên máy này).",
            "Where this workstation's data is has not been chosen yet (the Office's server, or this computer only).",
        ),
        field: None,
    }
}

/// The session of the person using this window, as last seen on a call: whose events reach
/// the window and whose alerts become desktop notifications.
#[derive(Default, Clone)]
struct WindowSession(Arc<(Mutex<Option<String>>, Condvar)>);

impl WindowSession {
    fn get(&self) -> Option<String> {
        self.0.0.lock().expect("session lock").clone()
    }

    fn set(&self, token: Option<String>) {
        let mut current = self.0.0.lock().expect("session lock");
        if *current != token {
            *current = token;
            self.0.1.notify_all();
        }
    }

    /// The session once there is one, while `wanted` holds (else none).
    fn wait(&self, wanted: impl Fn() -> bool) -> Option<String> {
        let mut current = self.0.0.lock().expect("session lock");
        loop {
            if !wanted() {
                return None;
            }
            if let Some(token) = current.clone() {
                return Some(token);
            }
            current = self.0.1.wait(current).expect("session lock");
        }
    }
}

fn joined(error: tauri::Error) -> ApiError {
    ApiError::from(CoreError::Io(std::io::Error::other(error.to_string())))
}

/// Forward one command to the core or the server, off the UI thread.
#[tauri::command]
async fn call(
    shell: tauri::State<'_, Shell>,
    name: String,
    request: Value,
    token: Option<String>,
) -> Result<Value, ApiError> {
    let backend = shell.backend();
    shell.session.set(token.clone().filter(|t| !t.is_empty()));
    tauri::async_runtime::spawn_blocking(move || match backend {
        Backend::Local(app) => vanphong::commands::dispatch(&app, token.as_deref(), &name, request),
        Backend::Remote(server) => server.call(&name, &request, token.as_deref()),
        Backend::Unchosen => Err(unchosen()),
        Backend::Failed(error) => Err(error),
    })
    .await
    .map_err(joined)?
}

fn header(request: &tauri::ipc::Request<'_>, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A file's bytes as the raw IPC body (no JSON, no base64), its name in `x-file-name`
/// (percent-encoded) and the session in `authorization`: into the store by the same
/// `commands::upload` as the office server's endpoint, or to that endpoint.
#[tauri::command]
async fn upload(shell: tauri::State<'_, Shell>, request: tauri::ipc::Request<'_>) -> Result<Value, ApiError> {
    let backend = shell.backend();
    let token = header(&request, "authorization").map(|v| v.trim_start_matches("Bearer ").to_string());
    let name = header(&request, "x-file-name")
        .map(|v| percent_encoding::percent_decode_str(&v).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body().clone() else {
        return Err(CoreError::BadRequest("the file must come as raw bytes".into()).into());
    };
    tauri::async_runtime::spawn_blocking(move || match backend {
        Backend::Local(app) => {
            let caller = vanphong::commands::Caller { token: token.as_deref(), source: None };
            let upload = vanphong::commands::upload(&app, caller, &name, &mut std::io::Cursor::new(bytes))?;
            serde_json::to_value(upload).map_err(|e| CoreError::BadRequest(e.to_string()).into())
        }
        Backend::Remote(server) => server.upload(&name, &bytes, token.as_deref()),
        Backend::Unchosen => Err(unchosen()),
        Backend::Failed(error) => Err(error),
    })
    .await
    .map_err(joined)?
}

/// The bytes of a file a command handed to the holder of `token` (`downloadId`).
fn file_bytes(backend: Backend, id: &str, token: Option<&str>) -> Result<Vec<u8>, ApiError> {
    match backend {
        Backend::Local(app) => {
            let caller = vanphong::commands::Caller { token, source: None };
            match vanphong::commands::download(&app, caller, id)?.body {
                vanphong::commands::DownloadBody::File(path) => {
                    std::fs::read(path).map_err(|e| ApiError::from(CoreError::Io(e)))
                }
                vanphong::commands::DownloadBody::Bytes(bytes) => Ok(bytes.to_vec()),
            }
        }
        Backend::Remote(server) => server.download(id, token),
        Backend::Unchosen => Err(unchosen()),
        Backend::Failed(error) => Err(error),
    }
}

/// A stored file a command handed to this person (`downloadId`), as raw bytes.
#[tauri::command]
async fn download(
    shell: tauri::State<'_, Shell>,
    id: String,
    token: Option<String>,
) -> Result<tauri::ipc::Response, ApiError> {
    let backend = shell.backend();
    tauri::async_runtime::spawn_blocking(move || {
        file_bytes(backend, &id, token.as_deref()).map(tauri::ipc::Response::new)
    })
    .await
    .map_err(joined)?
}

/// Save a file a command handed to this person where they choose, with the system's save
/// dialog (a WebView saves nothing by itself). Answers whether it was saved (false: the
/// person closed the dialog). For end-to-end tests, `--save-as FILE` stands for the
/// person's answer to the dialog.
#[tauri::command]
async fn file_save(
    handle: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    id: String,
    token: Option<String>,
    file_name: String,
) -> Result<bool, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let backend = shell.backend();
    let answer = shell.options.save_as.clone();
    tauri::async_runtime::spawn_blocking(move || {
        // The bytes first: a file that cannot be had is said before a dialog is shown.
        let bytes = file_bytes(backend, &id, token.as_deref())?;
        let chosen = match answer {
            Some(path) => Some(path),
            None => handle
                .dialog()
                .file()
                .set_file_name(&file_name)
                .blocking_save_file()
                .and_then(|path| path.into_path().ok()),
        };
        let Some(path) = chosen else { return Ok(false) };
        std::fs::write(&path, bytes).map_err(|e| ApiError::from(CoreError::Io(e)))?;
        tracing::info!(path = %path.display(), "file saved");
        Ok(true)
    })
    .await
    .map_err(joined)?
}

/// The folder of files opened in the system's viewer, under the app's data directory
/// (the person's alone); emptied when the app starts.
fn opened_dir(options: &Options) -> PathBuf {
    options.data_dir.join("opened")
}

/// Open a file a command handed to this person in the system's viewer (a PDF in the PDF
/// reader, where it is printed). The file is written, for the person alone, under the
/// app's data directory, and removed at the app's next start.
#[tauri::command]
async fn file_open(
    shell: tauri::State<'_, Shell>,
    id: String,
    token: Option<String>,
    file_name: String,
) -> Result<(), ApiError> {
    let backend = shell.backend();
    let dir = opened_dir(&shell.options);
    tauri::async_runtime::spawn_blocking(move || {
        let bytes = file_bytes(backend, &id, token.as_deref())?;
        let io = |e: std::io::Error| ApiError::from(CoreError::Io(e));
        // A folder of its own for each file: two files of one name do not meet.
        let folder = dir.join(id.chars().filter(char::is_ascii_alphanumeric).collect::<String>());
        vanphong::db::private_dir_all(&folder).map_err(io)?;
        let name: String =
            file_name.chars().map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
        let path = folder.join(if name.trim().is_empty() { "tep".to_string() } else { name });
        std::fs::write(&path, bytes).map_err(io)?;
        open::that_detached(&path).map_err(io)?;
        tracing::info!(path = %path.display(), "file opened in the system's viewer");
        Ok(())
    })
    .await
    .map_err(joined)?
}

/// Where this workstation's data is, as the connection screen shows it.
#[tauri::command]
fn connection_get(shell: tauri::State<'_, Shell>) -> Result<ConnectionState, ApiError> {
    Ok(shell.workstation()?.state())
}

/// Choose where this workstation's data is: `local`, or `server` at `server` (with the
/// Office's CA file `ca_file`, else the system's trust store). A server must answer
/// with a trusted certificate before the choice is kept.
#[tauri::command]
async fn connection_set(
    handle: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    mode: Mode,
    server: Option<String>,
    ca_file: Option<PathBuf>,
) -> Result<ConnectionState, ApiError> {
    let workstation = shell.workstation()?.clone();
    let state =
        tauri::async_runtime::spawn_blocking(move || workstation.choose(mode, server.as_deref(), ca_file))
            .await
            .map_err(joined)??;
    use_choice(&handle, &shell);
    Ok(state)
}

/// Accept the changed certificate the server showed (`fingerprint`), after the person
/// confirmed it with the Office's IT, and connect with it.
#[tauri::command]
async fn connection_trust(
    handle: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    fingerprint: String,
) -> Result<ConnectionState, ApiError> {
    let workstation = shell.workstation()?.clone();
    let state = tauri::async_runtime::spawn_blocking(move || workstation.trust(&fingerprint))
        .await
        .map_err(joined)??;
    use_choice(&handle, &shell);
    Ok(state)
}

/// Send the window's calls where the workstation now says. Local data already open stays
/// open until the app starts again (its background work holds it), so leaving it
/// restarts the app.
fn use_choice(handle: &tauri::AppHandle, shell: &Shell) {
    let Some(workstation) = shell.workstation.clone() else { return };
    let was_local = matches!(shell.backend(), Backend::Local(_));
    // What followed the earlier choice stops, and no session of it goes anywhere else.
    shell.generation.fetch_add(1, Ordering::SeqCst);
    shell.session.set(None);
    match (workstation.mode(), workstation.server()) {
        (Some(Mode::Local), _) if was_local => {}
        (_, _) if was_local => handle.restart(),
        (Some(Mode::Local), _) => {
            let backend = open_local(&shell.options);
            *shell.backend.write().expect("backend lock") = backend.clone();
            if let Backend::Local(app) = backend {
                follow_local(handle, app, shell.session.clone(), shell.options.alert_interval);
            }
        }
        (Some(Mode::Server), Some(server)) => {
            *shell.backend.write().expect("backend lock") = Backend::Remote(server.clone());
            follow_server(handle, workstation, server, shell.session.clone(), shell.generation.clone());
        }
        _ => *shell.backend.write().expect("backend lock") = Backend::Unchosen,
    }
}

/// What the command line sets: the data directory (`--data-dir DIR`, else the platform
/// data directory: the local database, and this workstation's own choice of where its
/// data is), the file IT writes (`--system-config FILE`, else
/// `/etc/vanphong/desktop.toml`); for end-to-end tests, as for `vanphong serve`, a clock
/// read from a file (`--clock-file F`), the deadline scan's interval
/// (`--alert-interval SECONDS`) and the answer to every save dialog (`--save-as FILE`).
#[derive(Clone)]
struct Options {
    data_dir: PathBuf,
    system_config: PathBuf,
    clock_file: Option<PathBuf>,
    alert_interval: Duration,
    save_as: Option<PathBuf>,
}

fn system_config() -> PathBuf {
    // Windows has no /etc: IT's file is under ProgramData there.
    match std::env::var_os("ProgramData") {
        Some(program_data) if cfg!(windows) => {
            PathBuf::from(program_data).join("vanphong").join("desktop.toml")
        }
        _ => PathBuf::from(vanphong_remote::settings::SYSTEM_FILE),
    }
}

fn options_from_args() -> Options {
    let mut options = Options {
        data_dir: vanphong::app::default_data_dir(),
        system_config: system_config(),
        clock_file: None,
        alert_interval: MINUTE,
        save_as: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg, None),
        };
        // Anything else (what a platform or a test driver adds) is left alone, value and all.
        if !["--data-dir", "--system-config", "--clock-file", "--alert-interval", "--save-as"]
            .contains(&name.as_str())
        {
            continue;
        }
        let Some(value) = inline.or_else(|| args.next()) else { break };
        match name.as_str() {
            "--data-dir" => options.data_dir = PathBuf::from(value),
            "--system-config" => options.system_config = PathBuf::from(value),
            "--clock-file" => options.clock_file = Some(PathBuf::from(value)),
            "--save-as" => options.save_as = Some(PathBuf::from(value)),
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

/// After a cut the server is tried again this often.
const RETRY: Duration = Duration::from_secs(2);

fn open_local(options: &Options) -> Backend {
    match App::open(&options.data_dir, vanphong::clock::wall_or_file(options.clock_file.clone())) {
        Ok(app) => Backend::Local(Arc::new(app)),
        Err(error) => {
            tracing::error!(%error, "cannot open the data directory");
            eprintln!("{}", error.message().vi);
            Backend::Failed(ApiError::from(error))
        }
    }
}

/// How a command reaches the data with a session, for the shell's own reading (the alerts
/// of a notification).
type Dispatch<'a> = &'a dyn Fn(&str, Value, &str) -> Result<Value, ApiError>;

/// Show the alerts `ids`, raised together, on the desktop: those that belong to the person
/// logged in here, as one notification. The core says whose they are and how they read;
/// the shell only asks for the person's unread alerts.
fn notify(handle: &tauri::AppHandle, session: &WindowSession, dispatch: Dispatch<'_>, ids: &[i64]) {
    let Some(token) = session.get() else { return };
    let request = serde_json::json!({ "unreadOnly": true, "limit": 200 });
    let Ok(page) = dispatch("alert_list", request, &token) else { return };
    let Ok(page) = serde_json::from_value::<vanphong::alerts::AlertPage>(page) else { return };
    let mine: Vec<_> = page.items.into_iter().filter(|a| ids.contains(&a.id)).collect();
    let Some(notice) = vanphong::alerts::notice(&mine) else { return };
    let mut notification = notify_rust::Notification::new();
    notification.appname("Văn phòng số").summary(&notice.title).body(&notice.body).auto_icon();
    // The default action is what a click on the notification does (the servers of
    // GNOME, KDE, Dunst and Windows' toasts all invoke it).
    notification.action("default", "Mở");
    // Windows shows a toast under the app's identity once the installer registered it.
    #[cfg(windows)]
    if !cfg!(debug_assertions) {
        notification.app_id(&handle.config().identifier);
    }
    let shown = match notification.show() {
        Ok(shown) => shown,
        Err(error) => return tracing::warn!(%error, "desktop notification not shown"),
    };
    tracing::info!(alerts = mine.len(), "desktop notification shown");
    let (handle, session) = (handle.clone(), session.clone());
    // Waiting for the click holds a thread until the notification closes.
    std::thread::spawn(move || {
        shown.wait_for_action(|action| {
            if action == "default" {
                open_alerts(&handle, &mine, session.get() == Some(token));
            }
        })
    });
}

/// A click on a notification: the window comes to the front and opens what the alerts are
/// about, unless the person they were for has logged out of it since.
fn open_alerts(handle: &tauri::AppHandle, alerts: &[vanphong::alerts::Alert], theirs: bool) {
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    tracing::info!(alerts = alerts.len(), theirs, "desktop notification clicked");
    if theirs {
        let _ = handle.emit("vanphong://open-alerts", alerts);
    }
}

/// Alerts arrive one event each, and a scan raises many at once: gather those that come
/// within a moment of each other into one notification.
fn notifier(
    handle: tauri::AppHandle,
    session: WindowSession,
    dispatch: impl Fn(&str, Value, &str) -> Result<Value, ApiError> + Send + 'static,
) -> std::sync::mpsc::Sender<i64> {
    let (sender, alerts) = std::sync::mpsc::channel::<i64>();
    std::thread::spawn(move || {
        while let Ok(first) = alerts.recv() {
            let mut ids = vec![first];
            while let Ok(more) = alerts.recv_timeout(Duration::from_millis(200)) {
                ids.push(more);
            }
            notify(&handle, &session, &dispatch, &ids);
        }
    });
    sender
}

/// The local core's background work (the deadline scan, an index an upgrade rebuilt) and
/// its domain events, forwarded to the window; a new alert of the person in this window
/// also becomes a desktop notification.
fn follow_local(handle: &tauri::AppHandle, core: Arc<App>, session: WindowSession, interval: Duration) {
    let background = core.clone();
    tauri::async_runtime::spawn(async move {
        vanphong::reindex::spawn(Arc::clone(&background));
        vanphong::alerts::spawn_watcher(background, interval);
    });
    let mut events = core.events().subscribe();
    let handle = handle.clone();
    let alerts = {
        let core = core.clone();
        notifier(handle.clone(), session.clone(), move |name, request, token| {
            vanphong::commands::dispatch(&core, Some(token), name, request)
        })
    };
    std::thread::spawn(move || {
        while let Some(event) = events.blocking_next() {
            // Only what the person in this window may see reaches it; nothing once they
            // have logged out.
            let Some(token) = session.get() else { continue };
            if !matches!(vanphong::commands::event_for(&core, &token, &event), Ok(true)) {
                continue;
            }
            let _ = handle.emit("vanphong://event", &event);
            if event.object_type == vanphong::vocabulary::ObjectKind::Alert
                && let Some(id) = event.object_id
            {
                let _ = alerts.send(id);
            }
        }
    });
}

/// The server's event stream for the person in this window, forwarded to it (the server
/// sends only what they may see); a new alert becomes a desktop notification. A cut is
/// said to the window at once and the stream is tried again until it is back, when the
/// window reads afresh what it shows (what happened meanwhile was not heard).
fn follow_server(
    handle: &tauri::AppHandle,
    workstation: Arc<Workstation>,
    server: Arc<Server>,
    session: WindowSession,
    generation: Arc<AtomicU64>,
) {
    let mine = generation.load(Ordering::SeqCst);
    let current = move || generation.load(Ordering::SeqCst) == mine;
    let said = handle.clone();
    let watched = workstation.clone();
    server.watch_online(move |_| {
        let _ = said.emit("vanphong://connection", watched.state());
    });
    let alerts = {
        let server = server.clone();
        notifier(handle.clone(), session.clone(), move |name, request, token| {
            server.call(name, &request, Some(token))
        })
    };
    let handle = handle.clone();
    let first = workstation.clone();
    std::thread::spawn(move || {
        let mut cut = false;
        loop {
            let Some(token) = session.wait(&current) else { return };
            let mut opened = false;
            let followed = server.events(&token, &mut |heard| {
                if !current() {
                    return false;
                }
                if !opened {
                    opened = true;
                    if std::mem::take(&mut cut) {
                        let _ = handle.emit("vanphong://event", resync());
                    }
                }
                // Another person logged in here: follow their stream instead.
                if session.get().as_deref() != Some(token.as_str()) {
                    return false;
                }
                if let Heard::Event(event) = heard {
                    let _ = handle.emit("vanphong://event", &event);
                    if event["objectType"] == "alert"
                        && let Some(id) = event["objectId"].as_i64()
                    {
                        let _ = alerts.send(id);
                    }
                }
                true
            });
            if !current() {
                return;
            }
            match followed {
                Ok(()) if session.get().as_deref() == Some(token.as_str()) => {
                    // The server refused the session (ended, expired): the window hears
                    // of it on its next call; wait for another.
                    session.set(None);
                }
                Ok(()) => {}
                Err(error) => {
                    tracing::info!(%error, "event stream cut");
                    cut = true;
                    if workstation.remember_certificate().is_err() {
                        tracing::warn!("the server's certificate could not be recorded");
                    }
                    std::thread::sleep(RETRY);
                }
            }
        }
    });
    std::thread::spawn(move || {
        // Record the certificate of a server IT named but nobody connected to yet.
        if first.server().is_some_and(|s| s.check().is_ok()) && first.remember_certificate().is_err() {
            tracing::warn!("the server's certificate could not be recorded");
        }
    });
}

/// Not an event of the core: the stream came back after a cut (the UI's `RESYNC`).
fn resync() -> Value {
    serde_json::json!({ "at": "", "action": "stream_resync", "objectType": "*", "objectId": null, "actorId": null })
}

pub fn run() {
    let options = options_from_args();
    let _log_guard = vanphong::logging::init(Some(&options.data_dir));
    // Files opened in a viewer during the last run are not kept.
    let _ = std::fs::remove_dir_all(opened_dir(&options));
    let files = Files { system: options.system_config.clone(), own_dir: options.data_dir.clone() };
    let (workstation, backend) = match Workstation::open(files) {
        Ok(workstation) => {
            let backend = match (workstation.mode(), workstation.server()) {
                (Some(Mode::Local), _) => open_local(&options),
                (Some(Mode::Server), Some(server)) => Backend::Remote(server),
                _ => Backend::Unchosen,
            };
            (Some(Arc::new(workstation)), backend)
        }
        Err(error) => {
            tracing::error!(%error, "cannot read where this workstation's data is");
            (None, Backend::Failed(error))
        }
    };
    let shell = Shell {
        workstation,
        backend: RwLock::new(backend),
        session: WindowSession::default(),
        options,
        generation: Arc::new(AtomicU64::new(0)),
    };

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(shell)
        .invoke_handler(tauri::generate_handler![
            call,
            upload,
            download,
            file_save,
            file_open,
            connection_get,
            connection_set,
            connection_trust
        ])
        .setup(move |app| {
            let shell = app.state::<Shell>();
            match (shell.backend(), shell.workstation.clone()) {
                (Backend::Local(core), _) => {
                    follow_local(app.handle(), core, shell.session.clone(), shell.options.alert_interval);
                }
                (Backend::Remote(server), Some(workstation)) => {
                    follow_server(
                        app.handle(),
                        workstation,
                        server,
                        shell.session.clone(),
                        shell.generation.clone(),
                    );
                }
                _ => {}
            }
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title("Văn phòng số");
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Văn phòng số");
}
