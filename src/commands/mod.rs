//! The one command layer. Every operation of the product is a [`Command`]: a name in
//! noun_verb form, a request type, a response type, the access it needs, and a `run`
//! function. Tauri IPC, HTTP and the CLI all come in through [`dispatch`] (JSON) or
//! [`execute`] (typed); nothing else reaches the core's rules.

/// A command in one declaration: its type, the access it needs, its request (a type, or
/// a request struct declared in place: `EntryCancel { id: EntryId, reason: String }`) and
/// response types, the kinds of objects it reads (`reads [Department],`, see [`Command::READS`]),
/// whether the operator at the console may run it (`operator,`, see [`ForOperator`]), and
/// its body, a closure over the context and the request. The caller is in the closure's
/// shape: with a third name, the command is for a person, bound to it (`&Actor`; the
/// operator cannot run it); without, it asks nobody's name.
///
/// ```text
/// command!(DepartmentList, Access::Allowed(Action::DirectoryView), () => Vec<Department>,
///     reads [Department], operator, |ctx, _| ctx.read(department::list));
/// ```
macro_rules! command {
    ($(#[$meta:meta])* $name:ident, $access:expr,
     $request:ident { $($(#[$field_meta:meta])* $field:ident : $field_type:ty),* $(,)? } => $($rest:tt)*) => {
        request! {
            pub struct $request { $($(#[$field_meta])* pub $field: $field_type),* }
        }
        command!($(#[$meta])* $name, $access, $request => $($rest)*);
    };
    ($(#[$meta:meta])* $name:ident, $access:expr, $request:ty => $response:ty, $(reads $reads:tt,)?
     |$ctx:ident, $r:pat_param| $body:expr $(,)?) => {
        $(#[$meta])*
        pub struct $name;
        impl $crate::commands::Named for $name {
            const NAME: &'static str = $crate::commands::naming::command_name!($name);
        }
        ::inventory::submit! { $crate::commands::Registered::of::<$name>() }
        impl $crate::commands::Command for $name {
            const ACCESS: $crate::commands::Access = $access;
            $(const READS: &'static [$crate::vocabulary::ObjectKind] = kinds!($reads);)?
            type Request = $request;
            type Response = $response;

            fn run($ctx: &$crate::commands::Ctx<'_>, $r: $request) -> $crate::error::CoreResult<$response> {
                $body
            }
        }
    };
    ($(#[$meta:meta])* $name:ident, $access:expr, $request:ty => $response:ty, $(reads $reads:tt,)? operator,
     |$ctx:ident, $r:pat_param| $body:expr $(,)?) => {
        command!($(#[$meta])* $name, $access, $request => $response, $(reads $reads,)? |$ctx, $r| $body);
        impl $crate::commands::ForOperator for $name {}
    };
    ($(#[$meta:meta])* $name:ident, $access:expr, $request:ty => $response:ty, $(reads $reads:tt,)?
     |$ctx:ident, $r:pat_param, $actor:ident| $body:expr $(,)?) => {
        command!($(#[$meta])* $name, $access, $request => $response, $(reads $reads,)? |$ctx, $r| {
            let $actor = $ctx.actor()?;
            $body
        });
    };
}

/// A command's request: the fields a caller sends, in camelCase, and nothing else (an
/// unknown field is refused, not ignored).
macro_rules! request {
    ($(#[$meta:meta])* pub struct $name:ident $fields:tt) => {
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        $(#[$meta])*
        pub struct $name $fields
    };
}

/// The kinds a command reads: `[IncomingDocument, Alert]`, or `all` (the log, which any
/// change adds to).
macro_rules! kinds {
    (all) => {
        $crate::vocabulary::ObjectKind::ALL
    };
    ([$($kind:ident),* $(,)?]) => {
        &[$($crate::vocabulary::ObjectKind::$kind),*]
    };
}

mod audit;
mod backup;
mod command;
mod directions;
mod directory;
mod exchange;
mod gazette;
mod incoming;
mod meetings;
mod naming;
mod outgoing;
mod schedule;
mod session;
mod typescript;

pub use audit::*;
pub use backup::*;
pub use command::{Access, Command, Ctx, FileContent, ForOperator, Named, RegisterPrintRequest};
pub use directions::*;
pub use directory::*;
pub use exchange::*;
pub use gazette::*;
pub use incoming::*;
pub use meetings::*;
pub use outgoing::*;
pub use schedule::*;
pub use session::*;

use crate::app::App;
use crate::auth;
use crate::error::{ApiError, CoreError, CoreResult};
use crate::permission::{self};
use crate::vocabulary::Actor;
use crate::vocabulary::ObjectKind;
use chrono::{DateTime, Utc};

/// Who is asking, and whether they may run `C` at `now`. Checked before the request body
/// is even parsed, so a caller without the right learns nothing about the command.
fn authorize<C: Command>(app: &App, token: Option<&str>, now: DateTime<Utc>) -> CoreResult<Option<Actor>> {
    authorize_as(app, token, now, C::NAME, C::ACCESS)
}

fn authorize_as(
    app: &App,
    token: Option<&str>,
    now: DateTime<Utc>,
    name: &'static str,
    access: Access,
) -> CoreResult<Option<Actor>> {
    if access == Access::Public {
        return Ok(None);
    }
    let token = token.filter(|t| !t.is_empty()).ok_or(CoreError::NotAuthenticated)?;
    let check = app.sessions().authenticate(app.db(), token, now)?;
    if check.needs_touch {
        app.db().write(|tx| auth::touch_session(tx, token, now))?;
    }
    let actor = check.actor;
    if actor.must_change_password && access != Access::Session {
        return Err(CoreError::PasswordChangeRequired);
    }
    if let Access::Allowed(action) = access
        && !permission::allows_user(actor.role, actor.agency_id.is_some(), action)
    {
        tracing::warn!(command = name, user = %actor.username, "permission denied");
        return Err(CoreError::PermissionDenied { action: action.as_str() });
    }
    Ok(Some(actor))
}

/// Who calls: the session token, and the network address when a transport has one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Caller<'a> {
    pub token: Option<&'a str>,
    pub source: Option<&'a str>,
}

fn run_authorized<C: Command>(
    app: &App,
    now: DateTime<Utc>,
    actor: Option<Actor>,
    caller: Caller<'_>,
    request: C::Request,
) -> CoreResult<C::Response> {
    let ctx = Ctx { app, now, command: C::NAME, actor, token: caller.token, source: caller.source };
    let span = tracing::info_span!("command", name = C::NAME);
    let _entered = span.enter();
    let result = C::run(&ctx, request);
    if let Err(error) = &result {
        tracing::debug!(%error, "command failed");
    }
    result
}

/// Run command `C` for the holder of `token` (if any), at the app clock's current time.
pub fn execute<C: Command>(app: &App, token: Option<&str>, request: C::Request) -> CoreResult<C::Response> {
    let now = app.now();
    let actor = authorize::<C>(app, token, now)?;
    run_authorized::<C>(app, now, actor, Caller { token, source: None }, request)
}

/// Run command `C` as the local operator: someone at the machine's console, who owns the
/// data files anyway (`vanphong user …`, `vanphong demo`). No session is needed; changes
/// are audited under [`OPERATOR_NAME`].
pub fn execute_as_operator<C: ForOperator>(app: &App, request: C::Request) -> CoreResult<C::Response> {
    let ctx = Ctx { app, now: app.now(), command: C::NAME, actor: None, token: None, source: None };
    let span = tracing::info_span!("command", name = C::NAME, operator = true);
    let _entered = span.enter();
    C::run(&ctx, request)
}

/// The command called `name` writes (every one that does has an audit title). Asked on
/// every request, so the titles are looked up in a set built once.
pub fn writes(name: &str) -> bool {
    static WRITING: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    WRITING
        .get_or_init(|| crate::audit::titles::TITLES.iter().map(|(command, ..)| *command).collect())
        .contains(name)
}

fn run_json<C: Command>(
    app: &App,
    caller: Caller<'_>,
    body: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    crate::db::writer_first(writes(C::NAME), || run_json_now::<C>(app, caller, body))
}

fn run_json_now<C: Command>(
    app: &App,
    caller: Caller<'_>,
    body: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let now = app.now();
    let actor = authorize::<C>(app, caller.token, now)?;
    let request: C::Request =
        serde_json::from_value(body).map_err(|e| CoreError::BadRequest(e.to_string()))?;
    let response = run_authorized::<C>(app, now, actor, caller, request)?;
    serde_json::to_value(response).map_err(|e| CoreError::BadRequest(e.to_string()).into())
}

/// As [`run_json`], from and to the bytes a transport carries: no `serde_json::Value` in
/// between (a list page is parsed and written once, not twice).
fn run_bytes<C: Command>(app: &App, caller: Caller<'_>, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    crate::db::writer_first(writes(C::NAME), || run_bytes_now::<C>(app, caller, body))
}

fn run_bytes_now<C: Command>(app: &App, caller: Caller<'_>, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let now = app.now();
    let actor = authorize::<C>(app, caller.token, now)?;
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"null".as_slice() } else { body };
    let request: C::Request =
        serde_json::from_slice(body).map_err(|e| CoreError::BadRequest(e.to_string()))?;
    let response = run_authorized::<C>(app, now, actor, caller, request)?;
    serde_json::to_vec(&response).map_err(|e| CoreError::BadRequest(e.to_string()).into())
}

/// Stream a file into the attachment store for the holder of `token`, outside JSON (the
/// office server's upload endpoint, the desktop shell): the session is checked before a
/// byte is read, the name must be of a kind the Office takes, the size at most
/// [`App::max_file`].
/// Returns the reference that commands take in place of the bytes (`uploadId`).
pub fn upload(
    app: &App,
    caller: Caller<'_>,
    file_name: &str,
    reader: &mut dyn std::io::Read,
) -> Result<crate::attachments::Upload, ApiError> {
    let now = app.now();
    let actor = authorize_as(app, caller.token, now, "file_upload", Access::Authenticated)?
        .ok_or(CoreError::NotAuthenticated)?;
    let name = crate::attachments::check_upload_name(file_name)?;
    let (sha256, size) = app.attachments().put_stream(reader, app.max_file())?;
    tracing::info!(user = %actor.username, size, "file uploaded");
    Ok(app
        .db()
        .write(|tx| crate::attachments::record_upload(tx, actor.user_id, &name, &sha256, size, now))?)
}

/// A file to send out, as a command handed it to the holder of the session.
pub struct Download {
    pub body: DownloadBody,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
}

pub enum DownloadBody {
    /// In the attachment store: streamed from the file.
    File(std::path::PathBuf),
    /// Made by the command (a printed register, a report).
    Bytes(std::sync::Arc<[u8]>),
}

/// The file behind a `downloadId` a command gave (`FileContent::download_id`): only for
/// the person it was given to, while it lasts; anyone else is told it does not exist.
pub fn download(app: &App, caller: Caller<'_>, download_id: &str) -> Result<Download, ApiError> {
    let now = app.now();
    let actor = authorize_as(app, caller.token, now, "file_download", Access::Authenticated)?
        .ok_or(CoreError::NotAuthenticated)?;
    let ticket = app.downloads().take(download_id, actor.user_id, now)?;
    let body = match ticket.source {
        crate::attachments::Source::Stored { sha256 } => {
            DownloadBody::File(app.attachments().file_path(&sha256)?)
        }
        crate::attachments::Source::Made(bytes) => DownloadBody::Bytes(bytes),
    };
    Ok(Download { body, file_name: ticket.file_name, media_type: ticket.media_type, size: ticket.size })
}

/// Whether the holder of `token` may receive `event`, the one rule of every transport's
/// event stream: `Err` once the session has ended (logout, expiry, a disabled account —
/// the stream stops), `Ok(false)` for an event about something the person may not see.
pub fn event_for(app: &App, token: &str, event: &crate::events::DomainEvent) -> CoreResult<bool> {
    let now = app.now();
    let check = app.sessions().authenticate(app.db(), token, now)?;
    app.db().read(|conn| crate::secrecy::may_see(conn, &check.actor, event.object_type, event.object_id))
}

/// Whether `token` still holds a live session, for a stream that has been quiet.
pub fn session_alive(app: &App, token: &str) -> bool {
    let now = app.now();
    app.sessions().authenticate(app.db(), token, now).is_ok()
}

/// Name, access and what a command reads, for generated bindings and tests.
pub struct CommandInfo {
    pub name: &'static str,
    pub access: Access,
    pub reads: &'static [ObjectKind],
}

type RunJson = fn(&App, Caller<'_>, serde_json::Value) -> Result<serde_json::Value, ApiError>;
type RunBytes = fn(&App, Caller<'_>, &[u8]) -> Result<Vec<u8>, ApiError>;

/// A command as the registry holds it: every [`command!`] submits one, so a command is
/// declared in one place and cannot be declared without being reachable.
pub struct Registered {
    info: CommandInfo,
    json: RunJson,
    bytes: RunBytes,
    typescript: fn(&mut typescript::Bindings),
}

impl Registered {
    pub const fn of<C: Command>() -> Registered {
        Registered {
            info: CommandInfo { name: C::NAME, access: C::ACCESS, reads: C::READS },
            json: run_json::<C>,
            bytes: run_bytes::<C>,
            typescript: typescript::Bindings::command::<C>,
        }
    }
}

inventory::collect!(Registered);

/// Every command by name, built once.
fn registry() -> &'static std::collections::HashMap<&'static str, &'static Registered> {
    static REGISTRY: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Registered>> =
        std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut by_name = std::collections::HashMap::new();
        for command in inventory::iter::<Registered> {
            let earlier = by_name.insert(command.info.name, command);
            assert!(earlier.is_none(), "two commands are called {}", command.info.name);
        }
        by_name
    })
}

fn registered(name: &str) -> Result<&'static Registered, ApiError> {
    registry().get(name).copied().ok_or_else(|| CoreError::UnknownCommand(name.to_string()).into())
}

/// Run the command called `name` with a JSON request; the entry point of every transport
/// that speaks JSON.
pub fn dispatch(
    app: &App,
    token: Option<&str>,
    name: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    dispatch_from(app, Caller { token, source: None }, name, body)
}

/// As [`dispatch`], for a transport that knows the caller's address.
pub fn dispatch_from(
    app: &App,
    caller: Caller<'_>,
    name: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    (registered(name)?.json)(app, caller, body)
}

/// As [`dispatch_from`], with the request and the answer as JSON bytes (the office
/// server's path).
pub fn dispatch_bytes(app: &App, caller: Caller<'_>, name: &str, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    (registered(name)?.bytes)(app, caller, body)
}

/// Every command, by name.
pub fn catalogue() -> Vec<&'static CommandInfo> {
    let mut all: Vec<&CommandInfo> = registry().values().map(|c| &c.info).collect();
    all.sort_by_key(|c| c.name);
    all
}

/// The TypeScript bindings of every command (`ui/src/lib/api/bindings.ts`).
pub fn typescript_bindings() -> String {
    typescript::bindings_of(|out| {
        let mut all: Vec<&Registered> = registry().values().copied().collect();
        all.sort_by_key(|c| c.info.name);
        for command in all {
            (command.typescript)(out);
        }
    })
}
