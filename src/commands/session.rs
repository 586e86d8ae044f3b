//! First start, login, logout, the current user, and changing one's password.

use super::command::Access;
use crate::auth;
use crate::clock::Today;
use crate::error::CoreResult;
use crate::org::user::{self, User};
use crate::permission::{self, Action};
use crate::settings::{self, Organisation};
use crate::setup::{self, SetupState};
use crate::vocabulary::UserId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(SetupStatus, Access::Public, () => SetupState, |ctx, _| ctx.read(setup::status));

request! {
    pub struct SetupRequest {
        pub username: String,
        pub full_name: String,
        pub password: String,
        /// Statistics office code of the province the Office serves.
        pub province_code: i32,
    }
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

command!(
    /// On an empty database only: create the administrator, choose the province, fill the
    /// Office's usual departments and the agency directory, and log the administrator in.
    SetupCreateAdministrator, Access::Public, SetupRequest => LoginResponse, operator, |ctx, request| {
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
            let device = auth::remember_device(w, admin, None, ctx.source.unwrap_or_default(), w.now())?;
            Ok(LoginResponse { token, me: me(w, admin, ctx.app.max_file())?, device })
        })
    }
);

command!(SessionLogin, Access::Public, LoginRequest {
    username: String,
    password: String,
    /// The token this workstation was given at an earlier login, if any.
    #[serde(default)]
    device: Option<String>,
} => LoginResponse, |ctx, request| {
    let device = request.device.as_deref();
    let source = ctx.source.unwrap_or("");
    let attempt =
        ctx.read(|conn| auth::LoginAttempt::begin(conn, &request.username, device, source, ctx.now))?;
    let password_ok = attempt.password_matches(&request.password);
    let done = ctx.write(|w| attempt.finish(w, password_ok, device))??;
    let me = ctx.read(|conn| me(conn, done.user_id, ctx.app.max_file()))?;
    Ok(LoginResponse { token: done.token, me, device: done.device })
});

command!(ClockGet, Access::Public, () => Today, |ctx, _| Ok(Today::at(ctx.now)));

command!(SessionCurrent, Access::Session, () => Me, reads [User], |ctx, _, actor| {
    ctx.read(|conn| me(conn, actor.user_id, ctx.app.max_file()))
});

command!(SessionLogout, Access::Session, () => (), |ctx, _, actor| {
    let token = ctx.token().unwrap_or_default();
    ctx.write(|w| auth::log_out(w, actor.user_id, token))
});

command!(
    /// Change one's own password; other sessions of the same user end.
    SessionChangePassword, Access::Session,
    ChangePasswordRequest { current_password: String, new_password: String } => Me,
    |ctx, request, actor| {
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
);

request! {
    pub struct AutosaveRequest {
        /// The form: `outgoing-new`, `outgoing-15`, `incoming-new`, …
        pub form: String,
    }
}

command!(
    /// The person's unsaved work on a form (none when there is none).
    AutosaveGet, Access::Authenticated, AutosaveRequest => Option<crate::autosave::Autosaved>,
    |ctx, request, actor| ctx.read(|conn| crate::autosave::get(conn, actor, &request.form))
);

command!(
    /// Keep what the person is writing (replacing what was kept of that form).
    AutosavePut, Access::Authenticated, AutosavePutRequest {
        form: String,
        #[ts(type = "unknown")]
        content: serde_json::Value,
        /// The secrecy level chosen in the form.
        secrecy: crate::vocabulary::Clearance,
    } => crate::autosave::Autosaved,
    |ctx, request, actor| {
        ctx.app.db().write(|tx| {
            crate::autosave::put(tx, actor, &request.form, &request.content, request.secrecy, ctx.now)
        })?;
        Ok(crate::autosave::Autosaved { content: request.content, saved_at: ctx.now })
    }
);

command!(
    /// Drop the person's unsaved work on a form (they chose not to keep it, or saved it).
    AutosaveDiscard, Access::Authenticated, AutosaveRequest => (),
    |ctx, request, actor| ctx.app.db().write(|tx| crate::autosave::discard(tx, actor, &request.form))
);

command!(
    /// The person's named filters of a list.
    SavedFilterList, Access::Authenticated, SavedFilterListRequest {
        /// `incoming`, `outgoing`, `directions`, `alerts`.
        list: String,
    } => Vec<crate::autosave::SavedFilter>,
    |ctx, request, actor| ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
);

command!(
    /// Save the list's state under a name (replacing a filter of that name); answers with the
    /// list's filters.
    SavedFilterSave, Access::Authenticated,
    SavedFilterSaveRequest {
        list: String,
        filter: crate::autosave::SavedFilter,
    } => Vec<crate::autosave::SavedFilter>,
    |ctx, request, actor| {
        ctx.app
            .db()
            .write(|tx| crate::autosave::save_filter(tx, actor, &request.list, &request.filter, ctx.now))?;
        ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
    }
);

command!(
    SavedFilterDelete, Access::Authenticated,
    SavedFilterDeleteRequest { list: String, name: String } => Vec<crate::autosave::SavedFilter>,
    |ctx, request, actor| {
        ctx.app.db().write(|tx| crate::autosave::delete_filter(tx, actor, &request.list, &request.name))?;
        ctx.read(|conn| crate::autosave::filters(conn, actor, &request.list))
    }
);
