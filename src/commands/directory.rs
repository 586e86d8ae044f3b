//! Departments, users and the agency directory.

use super::{Access, Command, Ctx};
use crate::auth;
use crate::error::CoreResult;
use crate::org::agency::{self, Agency, AgencyFilter, AgencyInput, AgencyPage};
use crate::org::department::{self, Department, DepartmentInput};
use crate::org::user::{self, User, UserFilter, UserProfile};
use crate::permission::Action;
use crate::vocabulary::{AgencyId, DepartmentId, UserId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub struct DepartmentList;
impl Command for DepartmentList {
    const ACCESS: Access = Access::Allowed(Action::DirectoryView);
    type Request = ();
    type Response = Vec<Department>;

    fn run(ctx: &Ctx<'_>, _: ()) -> CoreResult<Vec<Department>> {
        ctx.read(department::list)
    }
}

pub struct DepartmentCreate;
impl Command for DepartmentCreate {
    const ACCESS: Access = Access::Allowed(Action::DepartmentManage);
    type Request = DepartmentInput;
    type Response = Department;

    fn run(ctx: &Ctx<'_>, input: DepartmentInput) -> CoreResult<Department> {
        ctx.write(|w| department::create(w, &input))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DepartmentUpdateRequest {
    pub id: DepartmentId,
    pub input: DepartmentInput,
    pub active: bool,
}

pub struct DepartmentUpdate;
impl Command for DepartmentUpdate {
    const ACCESS: Access = Access::Allowed(Action::DepartmentManage);
    type Request = DepartmentUpdateRequest;
    type Response = Department;

    fn run(ctx: &Ctx<'_>, request: DepartmentUpdateRequest) -> CoreResult<Department> {
        ctx.write(|w| department::update(w, request.id, &request.input, request.active))
    }
}

pub struct UserList;
impl Command for UserList {
    const ACCESS: Access = Access::Allowed(Action::DirectoryView);
    type Request = UserFilter;
    type Response = Vec<User>;

    fn run(ctx: &Ctx<'_>, filter: UserFilter) -> CoreResult<Vec<User>> {
        let users = ctx.read(|conn| user::list(conn, &filter))?;
        Ok(users.into_iter().map(|u| u.as_of(ctx.now)).collect())
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct UserRef {
    pub id: UserId,
}

pub struct UserGet;
impl Command for UserGet {
    const ACCESS: Access = Access::Allowed(Action::DirectoryView);
    type Request = UserRef;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserRef) -> CoreResult<User> {
        Ok(ctx.read(|conn| user::get(conn, request.id))?.as_of(ctx.now))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
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
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct UserUpdateRequest {
    pub id: UserId,
    pub profile: UserProfile,
}

pub struct UserUpdate;
impl Command for UserUpdate {
    const ACCESS: Access = Access::Allowed(Action::UserManage);
    type Request = UserUpdateRequest;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserUpdateRequest) -> CoreResult<User> {
        ctx.write(|w| user::update(w, request.id, &request.profile))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct UserSetActiveRequest {
    pub id: UserId,
    pub active: bool,
}

pub struct UserSetActive;
impl Command for UserSetActive {
    const ACCESS: Access = Access::Allowed(Action::UserManage);
    type Request = UserSetActiveRequest;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserSetActiveRequest) -> CoreResult<User> {
        ctx.write(|w| user::set_active(w, request.id, request.active))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
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

/// Forget an account's wrong passwords (its login throttle) without changing the
/// password: from the running server's UI, whenever the administrator wants.
pub struct UserUnlock;
impl Command for UserUnlock {
    const ACCESS: Access = Access::Allowed(Action::UserManage);
    type Request = UserRef;
    type Response = User;

    fn run(ctx: &Ctx<'_>, request: UserRef) -> CoreResult<User> {
        ctx.write(|w| {
            user::get(w, request.id)?;
            auth::unlock(w, request.id)?;
            user::get(w, request.id)
        })
    }
}

pub struct AgencyList;
impl Command for AgencyList {
    const ACCESS: Access = Access::Allowed(Action::DirectoryView);
    type Request = AgencyFilter;
    type Response = AgencyPage;

    fn run(ctx: &Ctx<'_>, filter: AgencyFilter) -> CoreResult<AgencyPage> {
        ctx.read(|conn| agency::list(conn, &filter))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AgencyRef {
    pub id: AgencyId,
}

pub struct AgencyGet;
impl Command for AgencyGet {
    const ACCESS: Access = Access::Allowed(Action::DirectoryView);
    type Request = AgencyRef;
    type Response = Agency;

    fn run(ctx: &Ctx<'_>, request: AgencyRef) -> CoreResult<Agency> {
        ctx.read(|conn| agency::get(conn, request.id))
    }
}

pub struct AgencyCreate;
impl Command for AgencyCreate {
    const ACCESS: Access = Access::Allowed(Action::AgencyManage);
    type Request = AgencyInput;
    type Response = Agency;

    fn run(ctx: &Ctx<'_>, input: AgencyInput) -> CoreResult<Agency> {
        ctx.write(|w| agency::create(w, &input))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AgencyUpdateRequest {
    pub id: AgencyId,
    pub input: AgencyInput,
    pub active: bool,
}

pub struct AgencyUpdate;
impl Command for AgencyUpdate {
    const ACCESS: Access = Access::Allowed(Action::AgencyManage);
    type Request = AgencyUpdateRequest;
    type Response = Agency;

    fn run(ctx: &Ctx<'_>, request: AgencyUpdateRequest) -> CoreResult<Agency> {
        ctx.write(|w| agency::update(w, request.id, &request.input, request.active))
    }
}
