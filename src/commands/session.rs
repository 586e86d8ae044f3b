//! First start, login, logout, the current user, and changing one's password.

use super::{Access, Command, Ctx};
use crate::audit::ObjectRef;
use crate::auth::{self, Actor};
use crate::clock::Today;
use crate::error::{CoreError, CoreResult};
use crate::org::seed::{self, Province};
use crate::org::user::{self, User, UserProfile};
use crate::org::{Clearance, Role, UserId};
use crate::permission::{self, Action};
use crate::settings::{self, Organisation};
use crate::throttle;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupState {
    /// True on first start: no account exists, so the app asks for the administrator's.
    pub needs_administrator: bool,
    pub organisation: Option<Organisation>,
    /// The provinces to choose from during set-up.
    pub provinces: Vec<Province>,
}

pub struct SetupStatus;
impl Command for SetupStatus {
    const ACCESS: Access = Access::Public;
    type Request = ();
    type Response = SetupState;

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<SetupState> {
        let (users, organisation) = ctx.read(|conn| {
            let users: i64 = conn.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?;
            Ok((users, settings::organisation(conn)?))
        })?;
        let needs_administrator = users == 0;
        let provinces = if needs_administrator { seed::provinces() } else { Vec::new() };
        Ok(SetupState { needs_administrator, organisation, provinces })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
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

fn me(conn: &rusqlite::Connection, id: UserId) -> CoreResult<Me> {
    let user = user::get(conn, id)?;
    Ok(Me {
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
        auth::validate_new_password("password", &request.password, &[&request.username, &request.full_name])?;
        let province = seed::province(request.province_code)?;
        let hash = auth::hash_password(&request.password)?;
        ctx.write(|w| {
            let users: i64 = w.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?;
            if users > 0 {
                return Err(CoreError::SetupAlreadyDone);
            }
            w.set_actor(None, request.full_name.trim().to_string());
            let now = w.now_text();
            let organisation = settings::set_province(w, province.code)?;
            let departments: i64 = w.query_row("SELECT count(*) FROM department", [], |r| r.get(0))?;
            if departments == 0 {
                seed::seed_departments(w, &now)?;
            }
            let agencies: i64 = w.query_row("SELECT count(*) FROM agency", [], |r| r.get(0))?;
            let seeded = if agencies == 0 { seed::seed_directory(w, &now, province.code)? } else { 0 };
            w.audit(
                ObjectRef::system(),
                format!("Khởi tạo hệ thống cho {}", organisation.office_name),
                &serde_json::json!({ "province": province.code, "agenciesSeeded": seeded }),
            )?;
            let profile = UserProfile {
                full_name: request.full_name.clone(),
                title: "Quản trị hệ thống".into(),
                role: Role::Administrator,
                department_id: None,
                clearance: Clearance::None,
                email: String::new(),
                phone: String::new(),
                supervised_department_ids: Vec::new(),
                supervised_fields: Vec::new(),
                agency_id: None,
            };
            let admin = user::create(w, &request.username, &profile, &hash, false)?;
            let token = auth::create_session(w, admin.id, w.now())?;
            let device = auth::remember_device(w, admin.id, None, w.now())?;
            Ok(LoginResponse { token, me: me(w, admin.id)?, device })
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
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
        let now = ctx.now;
        let account = throttle::account_key(&request.username);
        let source = ctx.source.unwrap_or("");
        let device = request.device.as_deref();
        let record = ctx.read(|conn| auth::login_record(conn, &request.username))?;
        let trusted = match &record {
            Some(record) => ctx.read(|conn| auth::trusted_device(conn, record.id, device))?,
            None => false,
        };
        // Keyed on the name as typed, so the answer is the same whether the account
        // exists or not.
        if let Some(until) = ctx.read(|conn| throttle::must_wait(conn, &account, source, trusted, now))? {
            return Err(CoreError::TooManyAttempts { until });
        }
        // Hashing is slow on purpose; do it outside the database lock, and as much of it
        // for a name that does not exist, so that the timing tells nothing either.
        let password_ok = match &record {
            Some(record) => auth::verify_password(&record.password_hash, &request.password),
            None => {
                let _ = auth::verify_password(auth::decoy_hash(), &request.password);
                false
            }
        };
        if record.is_none()
            && ctx
                .read(|conn| Ok(conn.query_row("SELECT count(*) FROM user", [], |r| r.get::<_, i64>(0))?))?
                == 0
        {
            return Err(CoreError::SetupRequired);
        }
        // A failed attempt is itself a change (the throttle's record) that must be
        // committed, so the write succeeds and carries the login's own outcome.
        ctx.write(|w| {
            let Some(record) = record.as_ref().filter(|_| password_ok) else {
                // Not the owner's act: audited as coming from the address, about the
                // account when it exists.
                let from = if source.is_empty() { "máy này".to_string() } else { source.to_string() };
                w.set_actor(None, format!("Không xác định ({from})"));
                let slowed = throttle::record_failure(w, &account, source, now)?;
                let object = match &record {
                    Some(record) => {
                        w.execute(
                            "UPDATE user SET locked_until = ?2 WHERE id = ?1",
                            params![record.id, slowed.map(crate::audit::timestamp)],
                        )?;
                        ObjectRef::user(record.id)
                    }
                    None => ObjectRef::system(),
                };
                w.audit(
                    object,
                    format!("Đăng nhập sai mật khẩu từ {from}"),
                    &serde_json::json!({ "account": account, "source": source }),
                )?;
                return Ok(Err(CoreError::WrongCredentials));
            };
            w.set_actor(Some(record.id), record.full_name.clone());
            if !record.active {
                w.audit(
                    ObjectRef::user(record.id),
                    "Đăng nhập bị từ chối: tài khoản đã vô hiệu hóa".into(),
                    &(),
                )?;
                return Ok(Err(CoreError::AccountDisabled));
            }
            // A success does not wipe a stranger's failures: they still slow other
            // workstations until they age out or an administrator clears them.
            let device = auth::remember_device(w, record.id, device, now)?;
            let token = auth::create_session(w, record.id, now)?;
            w.audit(
                ObjectRef::user(record.id),
                "Đăng nhập".into(),
                &serde_json::json!({ "source": source }),
            )?;
            Ok(Ok(LoginResponse { token, me: me(w, record.id)?, device }))
        })?
    }
}

/// What today is by the app's clock (Vietnam time). Public: the login page and the
/// first-start screen show dates too, and the day is no secret.
pub struct ClockGet;
impl Command for ClockGet {
    const ACCESS: Access = Access::Public;
    type Request = ();
    type Response = Today;

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<Today> {
        Ok(Today::at(ctx.now))
    }
}

pub struct SessionCurrent;
impl Command for SessionCurrent {
    const ACCESS: Access = Access::Authenticated;
    const ALLOWED_WITH_TEMPORARY_PASSWORD: bool = true;
    type Request = ();
    type Response = Me;

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<Me> {
        let id = ctx.actor()?.user_id;
        ctx.read(|conn| me(conn, id))
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
            w.audit(ObjectRef::user(actor.user_id), "Đăng xuất".into(), &())
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
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
        let actor = ctx.actor()?.clone();
        let current_hash: String = ctx.read(|conn| {
            Ok(conn
                .query_row("SELECT password_hash FROM user WHERE id = ?1", [actor.user_id], |r| r.get(0))?)
        })?;
        if !auth::verify_password(&current_hash, &request.current_password) {
            return Err(CoreError::invalid(
                "currentPassword",
                "Mật khẩu hiện tại không đúng.",
                "The current password is wrong.",
            ));
        }
        auth::validate_new_password(
            "newPassword",
            &request.new_password,
            &[&actor.username, &actor.full_name],
        )?;
        if request.new_password == request.current_password {
            return Err(CoreError::invalid(
                "newPassword",
                "Mật khẩu mới phải khác mật khẩu hiện tại.",
                "The new password must differ from the current one.",
            ));
        }
        let hash = auth::hash_password(&request.new_password)?;
        let token = ctx.token().unwrap_or_default();
        ctx.write(|w| {
            w.execute(
                "UPDATE user SET password_hash = ?2, must_change_password = 0, updated_at = ?3 WHERE id = ?1",
                params![actor.user_id, hash, w.now_text()],
            )?;
            auth::revoke_other_sessions(w, actor.user_id, token)?;
            w.audit(ObjectRef::user(actor.user_id), "Đổi mật khẩu".into(), &())?;
            me(w, actor.user_id)
        })
    }
}
