//! Departments, users and the agency directory.

use super::command::{Access, Command, Ctx};
use crate::auth;
use crate::error::CoreResult;
use crate::org::agency::{self, Agency, AgencyFilter, AgencyInput, AgencyPage};
use crate::org::department::{self, Department, DepartmentInput};
use crate::org::user::{self, User, UserFilter, UserProfile};
use crate::permission::Action;
use crate::vocabulary::{AgencyId, DepartmentId, UserId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(
    DepartmentList, Access::Allowed(Action::DirectoryView), () => Vec<Department>,
    reads [Department], |ctx, _| ctx.read(department::list)
);

command!(
    DepartmentCreate, Access::Allowed(Action::DepartmentManage), DepartmentInput => Department,
    |ctx, input| ctx.write(|w| department::create(w, &input))
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentUpdateRequest {
    pub id: DepartmentId,
    pub input: DepartmentInput,
    pub active: bool,
}

command!(
    DepartmentUpdate, Access::Allowed(Action::DepartmentManage), DepartmentUpdateRequest => Department,
    |ctx, request| ctx.write(|w| department::update(w, request.id, &request.input, request.active))
);

command!(
    UserList, Access::Allowed(Action::DirectoryView), UserFilter => Vec<User>, reads [User],
    |ctx, filter| {
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCreateRequest {
    pub username: String,
    /// Temporary password; the user must change it at first login.
    pub password: String,
    pub profile: UserProfile,
}

pub struct UserCreate;
impl Command for UserCreate {
    const ACCESS: Access = Access::Allowed(Action::UserManage);
    type Request = UserCreateRequest;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserCreateRequest) -> CoreResult<User> {
        auth::validate_new_password(
            "password",
            &request.password,
            &[&request.username, &request.profile.full_name],
        )?;
        let hash = auth::hash_password(&request.password)?;
        ctx.write(|w| user::create(w, &request.username, &request.profile, &hash, true))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserUpdateRequest {
    pub id: UserId,
    pub profile: UserProfile,
}

command!(
    UserUpdate, Access::Allowed(Action::UserManage), UserUpdateRequest => User,
    |ctx, request| ctx.write(|w| user::update(w, request.id, &request.profile))
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSetActiveRequest {
    pub id: UserId,
    pub active: bool,
}

command!(
    UserSetActive, Access::Allowed(Action::UserManage), UserSetActiveRequest => User,
    |ctx, request| ctx.write(|w| user::set_active(w, request.id, request.active))
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserResetPasswordRequest {
    pub id: UserId,
    /// Temporary password to hand to the user.
    pub new_password: String,
}

pub struct UserResetPassword;
impl Command for UserResetPassword {
    const ACCESS: Access = Access::Allowed(Action::UserManage);
    type Request = UserResetPasswordRequest;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserResetPasswordRequest) -> CoreResult<User> {
        let target = ctx.read(|conn| user::get(conn, request.id))?;
        auth::validate_new_password(
            "newPassword",
            &request.new_password,
            &[&target.username, &target.full_name],
        )?;
        let hash = auth::hash_password(&request.new_password)?;
        ctx.write(|w| {
            crate::throttle::clear(w, &crate::throttle::account_key(&target.username))?;
            user::reset_password(w, request.id, &hash)
        })
    }
}

command!(
    /// Forget an account's wrong passwords (its login throttle) without changing the
    /// password: from the running server's UI, whenever the administrator wants.
    UserUnlock, Access::Allowed(Action::UserManage), UserRef => User,
    |ctx, request| {
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyRef {
    pub id: AgencyId,
}

command!(
    AgencyGet, Access::Allowed(Action::DirectoryView), AgencyRef => Agency,
    reads [Agency], |ctx, request| ctx.read(|conn| agency::get(conn, request.id))
);

command!(
    AgencyCreate, Access::Allowed(Action::AgencyManage), AgencyInput => Agency,
    |ctx, input| ctx.write(|w| agency::create(w, &input))
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyUpdateRequest {
    pub id: AgencyId,
    pub input: AgencyInput,
    pub active: bool,
}

command!(
    AgencyUpdate, Access::Allowed(Action::AgencyManage), AgencyUpdateRequest => Agency,
    |ctx, request| ctx.write(|w| agency::update(w, request.id, &request.input, request.active))
);
