//! First start: the province the Office serves, its departments and the directory of
//! agencies seeded from the official lists, and the administrator's account — once, on
//! an empty database.

use crate::audit::{ObjectRef, Writer};
use crate::auth;
use crate::error::{CoreError, CoreResult};
use crate::org::seed::{self, Province};
use crate::org::user::{self, UserProfile};
use crate::settings::{self, Organisation};
use crate::vocabulary::{Clearance, Role, UserId};
use rusqlite::Connection;
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

/// Whether the system still waits for its first start, and the provinces to choose from.
pub fn status(conn: &Connection) -> CoreResult<SetupState> {
    let users: i64 = conn.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?;
    let needs_administrator = users == 0;
    let provinces = if needs_administrator { seed::provinces() } else { Vec::new() };
    Ok(SetupState { needs_administrator, organisation: settings::organisation(conn)?, provinces })
}

/// What the person at the first start types.
pub struct FirstStart<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    pub password: &'a str,
    pub province_code: i32,
}

impl FirstStart<'_> {
    /// The checks that need no database, and the password's hash (slow on purpose, so
    /// computed before the transaction).
    pub fn check(&self) -> CoreResult<String> {
        auth::validate_new_password("password", self.password, &[self.username, self.full_name])?;
        seed::province(self.province_code)?;
        auth::hash_password(self.password)
    }
}

/// Set the Office up for its province and create its administrator; refused once anyone
/// has an account. Departments and the directory are seeded only where empty, so a
/// database restored without users keeps its own.
pub fn first_start(w: &mut Writer<'_>, office: &FirstStart<'_>, password_hash: &str) -> CoreResult<UserId> {
    let users: i64 = w.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?;
    if users > 0 {
        return Err(CoreError::SetupAlreadyDone);
    }
    let province = seed::province(office.province_code)?;
    w.set_actor(None, office.full_name.trim().to_string());
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
        crate::audit::said(
            format!("Khởi tạo hệ thống cho {}", organisation.office_name),
            format!("First start for {}", organisation.office_name),
        ),
        &serde_json::json!({ "province": province.code, "agenciesSeeded": seeded }),
    )?;
    let profile = UserProfile {
        full_name: office.full_name.to_string(),
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
    Ok(user::create(w, office.username, &profile, password_hash, false)?.id)
}
