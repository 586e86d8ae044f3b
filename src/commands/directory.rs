//! Departments, users and the agency directory.

use super::command::Access;
use crate::auth;
use crate::org::agency::{self, Agency, AgencyFilter, AgencyInput, AgencyPage};
use crate::org::department::{self, Department, DepartmentInput};
use crate::org::user::{self, User, UserFilter, UserProfile};
use crate::permission::Action;
use crate::vocabulary::{AgencyId, DepartmentId, UserId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(
    DepartmentList, Access::Allowed(Action::DirectoryView), () => Vec<Department>,
    reads [Department], operator, |ctx, _| ctx.read(department::list)
);

command!(
    DepartmentCreate, Access::Allowed(Action::DepartmentManage), DepartmentInput => Department,
    |ctx, input| ctx.write(|w| department::create(w, &input))
);

command!(
    DepartmentUpdate, Access::Allowed(Action::DepartmentManage),
    DepartmentUpdateRequest { id: DepartmentId, input: DepartmentInput, active: bool } => Department,
    |ctx, request| ctx.write(|w| department::update(w, request.id, &request.input, request.active))
);

command!(
    UserList, Access::Allowed(Action::DirectoryView), UserFilter => Vec<User>, reads [User],
    operator, |ctx, filter| {
        let users = ctx.read(|conn| user::list(conn, &filter))?;
        Ok(users.into_iter().map(|u| u.as_of(ctx.now)).collect())
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserRef {
    pub id: UserId,
}

command!(
    UserGet, Access::Allowed(Action::DirectoryView), UserRef => User,
    reads [User], |ctx, request| Ok(ctx.read(|conn| user::get(conn, request.id))?.as_of(ctx.now))
);

command!(
    UserCreate, Access::Allowed(Action::UserManage), UserCreateRequest {
        username: String,
        /// Temporary password; the user must change it at first login.
        password: String,
        profile: UserProfile,
    } => User, operator, |ctx, request| {
        let names = [request.username.as_str(), &request.profile.full_name];
        let hash = auth::checked_hash("password", &request.password, &names)?;
        ctx.write(|w| user::create(w, &request.username, &request.profile, &hash, true))
    }
);

command!(
    UserUpdate, Access::Allowed(Action::UserManage),
    UserUpdateRequest { id: UserId, profile: UserProfile } => User,
    |ctx, request| ctx.write(|w| user::update(w, request.id, &request.profile))
);

command!(
    UserSetActive, Access::Allowed(Action::UserManage),
    UserSetActiveRequest { id: UserId, active: bool } => User,
    operator, |ctx, request| ctx.write(|w| user::set_active(w, request.id, request.active))
);

command!(
    UserResetPassword, Access::Allowed(Action::UserManage), UserResetPasswordRequest {
        id: UserId,
        /// Temporary password to hand to the user.
        new_password: String,
    } => User,
    operator, |ctx, request| {
        let target = ctx.read(|conn| user::get(conn, request.id))?;
        let names = [target.username.as_str(), &target.full_name];
        let hash = auth::checked_hash("newPassword", &request.new_password, &names)?;
        ctx.write(|w| {
            crate::throttle::clear(w, &crate::throttle::account_key(&target.username))?;
            user::reset_password(w, request.id, &hash)
        })
    }
);

command!(
    /// The workstations an account logs in from and trusts (not slowed by strangers'
    /// wrong passwords): when, and from what address.
    UserWorkstationList, Access::Allowed(Action::UserManage), UserRef => Vec<auth::Workstation>,
    reads [User], |ctx, request| {
        ctx.read(|conn| {
            user::get(conn, request.id)?;
            auth::workstations(conn, request.id, ctx.now)
        })
    }
);

command!(
    /// Stop trusting one of an account's workstations (a lost laptop, a machine given to
    /// someone else); answers with those left.
    UserWorkstationRevoke, Access::Allowed(Action::UserManage),
    UserWorkstationRevokeRequest { id: UserId, workstation_id: i64 } => Vec<auth::Workstation>,
    |ctx, request| {
        ctx.write(|w| {
            user::get(w, request.id)?;
            auth::revoke_workstation(w, request.id, request.workstation_id)?;
            auth::workstations(w, request.id, w.now())
        })
    }
);

command!(
    /// Forget an account's wrong passwords (its login throttle) without changing the
    /// password: from the running server's UI, whenever the administrator wants.
    UserUnlock, Access::Allowed(Action::UserManage), UserRef => User,
    operator, |ctx, request| {
        ctx.write(|w| {
            user::get(w, request.id)?;
            auth::unlock(w, request.id)?;
            user::get(w, request.id)
        })
    }
);

command!(
    AgencyList, Access::Allowed(Action::DirectoryView), AgencyFilter => AgencyPage,
    reads [Agency], |ctx, filter| ctx.read(|conn| agency::list(conn, &filter))
);

command!(
    AgencyGet, Access::Allowed(Action::DirectoryView), AgencyRef { id: AgencyId } => Agency,
    reads [Agency], |ctx, request| ctx.read(|conn| agency::get(conn, request.id))
);

command!(
    AgencyCreate, Access::Allowed(Action::AgencyManage), AgencyInput => Agency,
    |ctx, input| ctx.write(|w| agency::create(w, &input))
);

command!(
    AgencyUpdate, Access::Allowed(Action::AgencyManage),
    AgencyUpdateRequest { id: AgencyId, input: AgencyInput, active: bool } => Agency,
    |ctx, request| ctx.write(|w| agency::update(w, request.id, &request.input, request.active))
);
