//! First start, login, logout, the current user, and changing one's password.

use super::command::{Access, Command, Ctx};
use crate::audit::ObjectRef;
use crate::auth;
use crate::clock::Today;
use crate::error::CoreResult;
use crate::org::user::{self, User};
use crate::permission::{self, Action};
use crate::settings::{self, Organisation};
use crate::setup::{self, SetupState};
use crate::vocabulary::Actor;
use crate::vocabulary::UserId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(SetupStatus, Access::Public, () => SetupState, |ctx, _| ctx.read(setup::status));

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetupRequest {
    pub username: String,
    pub full_name: String,
    pub password: String,
    /// Statistics office code of the province the Office serves.
    pub province_code: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub user: User,
    /// The largest file this office server takes, in bytes (the forms say so before
    /// sending a bigger one).
    #[ts(type = "number")]
    pub max_file_bytes: u64,
    /// The longest text each kind of field takes (the forms count against it).
    pub limits: crate::vocabulary::FieldLimits,
    /// What this user's role allows; the UI shows only what can be used.
    pub actions: Vec<Action>,
    pub organisation: Option<Organisation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// Bearer token for every later request.
    pub token: String,
    pub me: Me,
    /// This workstation's token for the account: kept by the UI and sent with the next
    /// login, it spares the owner the delays strangers' wrong passwords cause.
    pub device: String,
}

fn me(conn: &rusqlite::Connection, id: UserId, max_file_bytes: u64) -> CoreResult<Me> {
    let user = user::get(conn, id)?;
    Ok(Me {
        max_file_bytes,
        limits: crate::vocabulary::LIMITS,
        actions: permission::allowed_actions(user.role, user.agency_id.is_some()),
        organisation: settings::organisation(conn)?,
        user,
    })
}

/// On an empty database only: create the administrator, choose the province, fill the
/// Office's usual departments and the agency directory, and log the administrator in.
pub struct SetupCreateAdministrator;
impl Command for SetupCreateAdministrator {
    const ACCESS: Access = Access::Public;
    type Request = SetupRequest;
    type Response = LoginResponse;

    fn run(ctx: &Ctx<'_>, request: SetupRequest) -> CoreResult<LoginResponse> {
        let office = setup::FirstStart {
            username: &request.username,
            full_name: &request.full_name,
            password: &request.password,
            province_code: request.province_code,
        };
        let hash = office.check()?;
        ctx.write(|w| {
            let admin = setup::first_start(w, &office, &hash)?;
            let token = auth::create_session(w, admin, w.now())?;
            let device = auth::remember_device(w, admin, None, w.now())?;
            Ok(LoginResponse { token, me: me(w, admin, ctx.app.max_file())?, device })
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The token this workstation was given at an earlier login, if any.
    #[serde(default)]
    pub device: Option<String>,
}

pub struct SessionLogin;
impl Command for SessionLogin {
    const ACCESS: Access = Access::Public;
    type Request = LoginRequest;
    type Response = LoginResponse;

    fn run(ctx: &Ctx<'_>, request: LoginRequest) -> CoreResult<LoginResponse> {
        let device = request.device.as_deref();
        let source = ctx.source.unwrap_or("");
        let attempt =
            ctx.read(|conn| auth::LoginAttempt::begin(conn, &request.username, device, source, ctx.now))?;
        let password_ok = attempt.password_matches(&request.password);
        let done = ctx.write(|w| attempt.finish(w, password_ok, device))??;
        let me = ctx.read(|conn| me(conn, done.user_id, ctx.app.max_file()))?;
        Ok(LoginResponse { token: done.token, me, device: done.device })
    }
}

command!(ClockGet, Access::Public, () => Today, |ctx, _| Ok(Today::at(ctx.now)));

pub struct SessionCurrent;
impl Command for SessionCurrent {
    const ACCESS: Access = Access::Authenticated;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([User]);
    const ALLOWED_WITH_TEMPORARY_PASSWORD: bool = true;
    type Request = ();
    type Response = Me;

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<Me> {
        let id = ctx.actor()?.user_id;
        ctx.read(|conn| me(conn, id, ctx.app.max_file()))
    }
}

pub struct SessionLogout;
impl Command for SessionLogout {
    const ACCESS: Access = Access::Authenticated;
    const ALLOWED_WITH_TEMPORARY_PASSWORD: bool = true;
    type Request = ();
    type Response = ();

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<()> {
        let actor: Actor = ctx.actor()?.clone();
        let token = ctx.token().unwrap_or_default();
        ctx.write(|w| {
            auth::end_session(w, token)?;
            w.audit(ObjectRef::user(actor.user_id), crate::audit::said("Đăng xuất", "Logged out"), &())
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// Change one's own password; other sessions of the same user end.
pub struct SessionChangePassword;
impl Command for SessionChangePassword {
    const ACCESS: Access = Access::Authenticated;
    const ALLOWED_WITH_TEMPORARY_PASSWORD: bool = true;
    type Request = ChangePasswordRequest;
    type Response = Me;

    fn run(ctx: &Ctx<'_>, request: ChangePasswordRequest) -> CoreResult<Me> {
        let actor = ctx.actor()?;
        // Checked and hashed on a reader: the slow hash holds no write.
        let hash = ctx.read(|conn| {
            auth::checked_own_password(conn, actor, &request.current_password, &request.new_password)
        })?;
        let token = ctx.token().unwrap_or_default();
        ctx.write(|w| {
            auth::set_own_password(w, actor.user_id, &hash, token)?;
            me(w, actor.user_id, ctx.app.max_file())
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutosaveRequest {
    /// The form: `outgoing-new`, `outgoing-15`, `incoming-new`, …
    pub form: String,
}

/// The person's unsaved work on a form (none when there is none).
pub struct AutosaveGet;
impl Command for AutosaveGet {
    const ACCESS: Access = Access::Authenticated;
    type Request = AutosaveRequest;
    type Response = Option<crate::autosave::Autosaved>;

    fn run(ctx: &Ctx<'_>, request: AutosaveRequest) -> CoreResult<Self::Response> {
        let actor = ctx.actor()?;
        ctx.read(|conn| crate::autosave::get(conn, actor, &request.form))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutosavePutRequest {
    pub form: String,
    #[ts(type = "unknown")]
    pub content: serde_json::Value,
    /// The secrecy level chosen in the form.
    pub secrecy: crate::vocabulary::Clearance,
}

/// Keep what the person is writing (replacing what was kept of that form).
pub struct AutosavePut;
impl Command for AutosavePut {
    const ACCESS: Access = Access::Authenticated;
    type Request = AutosavePutRequest;
    type Response = crate::autosave::Autosaved;

    fn run(ctx: &Ctx<'_>, request: AutosavePutRequest) -> CoreResult<Self::Response> {
        let actor = ctx.actor()?;
        ctx.app.db().write(|tx| {
            crate::autosave::put(tx, actor, &request.form, &request.content, request.secrecy, ctx.now)
        })?;
        Ok(crate::autosave::Autosaved { content: request.content, saved_at: ctx.now })
    }
}

command!(
    /// Drop the person's unsaved work on a form (they chose not to keep it, or saved it).
    AutosaveDiscard, Access::Authenticated, AutosaveRequest => (),
    |ctx, request| {
        let actor = ctx.actor()?;
        ctx.app.db().write(|tx| crate::autosave::discard(tx, actor, &request.form))
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavedFilterListRequest {
    /// `incoming`, `outgoing`, `directions`, `alerts`.
    pub list: String,
}

/// The person's named filters of a list.
pub struct SavedFilterList;
impl Command for SavedFilterList {
    const ACCESS: Access = Access::Authenticated;
    type Request = SavedFilterListRequest;
    type Response = Vec<crate::autosave::SavedFilter>;

    fn run(ctx: &Ctx<'_>, request: SavedFilterListRequest) -> CoreResult<Self::Response> {
        let actor = ctx.actor()?;
        ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavedFilterSaveRequest {
    pub list: String,
    pub filter: crate::autosave::SavedFilter,
}

/// Save the list's state under a name (replacing a filter of that name); answers with the
/// list's filters.
pub struct SavedFilterSave;
impl Command for SavedFilterSave {
    const ACCESS: Access = Access::Authenticated;
    type Request = SavedFilterSaveRequest;
    type Response = Vec<crate::autosave::SavedFilter>;

    fn run(ctx: &Ctx<'_>, request: SavedFilterSaveRequest) -> CoreResult<Self::Response> {
        let actor = ctx.actor()?;
        ctx.app
            .db()
            .write(|tx| crate::autosave::save_filter(tx, actor, &request.list, &request.filter, ctx.now))?;
        ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavedFilterDeleteRequest {
    pub list: String,
    pub name: String,
}

pub struct SavedFilterDelete;
impl Command for SavedFilterDelete {
    const ACCESS: Access = Access::Authenticated;
    type Request = SavedFilterDeleteRequest;
    type Response = Vec<crate::autosave::SavedFilter>;

    fn run(ctx: &Ctx<'_>, request: SavedFilterDeleteRequest) -> CoreResult<Self::Response> {
        let actor = ctx.actor()?;
        ctx.app.db().write(|tx| crate::autosave::delete_filter(tx, actor, &request.list, &request.name))?;
        ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
    }
}
