//! People who use vanphong: their role, department, clearance and account state.

use crate::audit::{ObjectRef, Writer};
use crate::auth;
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::vocabulary::{AgencyId, Clearance, DepartmentId, Role, UserId, clean_optional, clean_required};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub full_name: String,
    /// Position as printed, e.g. "Phó Trưởng phòng Kinh tế".
    pub title: String,
    pub role: Role,
    pub department_id: Option<DepartmentId>,
    pub department_name: Option<String>,
    pub clearance: Clearance,
    pub email: String,
    pub phone: String,
    pub active: bool,
    pub must_change_password: bool,
    /// Until when wrong passwords lock the account out; only while in force (see
    /// [`User::as_of`]).
    pub locked_until: Option<DateTime<Utc>>,
    /// For a deputy chief: the departments he supervises.
    pub supervised_department_ids: Vec<DepartmentId>,
    /// For a deputy chief: the fields (lĩnh vực) he supervises.
    pub supervised_fields: Vec<String>,
    /// For an agency's account: the agency outside the Office it reports for.
    pub agency_id: Option<AgencyId>,
    pub agency_name: Option<String>,
    /// Working days before a deadline at which this person is alerted, largest first.
    pub alert_days: Vec<u32>,
    pub created_at: DateTime<Utc>,
}

/// The editable profile of a user; the same for creating and editing.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct UserProfile {
    pub full_name: String,
    pub title: String,
    pub role: Role,
    pub department_id: Option<DepartmentId>,
    pub clearance: Clearance,
    pub email: String,
    pub phone: String,
    pub supervised_department_ids: Vec<DepartmentId>,
    pub supervised_fields: Vec<String>,
    /// Makes this an agency's account (a department or commune outside the Office),
    /// which sees and reports on that agency's directions only.
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Words of the name or username, diacritics optional.
    pub search: Option<String>,
    pub department_id: Option<DepartmentId>,
    pub role: Option<Role>,
    pub include_disabled: bool,
}

const SELECT: &str = "SELECT u.id, u.username, u.full_name, u.title, u.role, u.department_id,
        d.name, u.clearance, u.email, u.phone, u.active, u.must_change_password,
        u.locked_until, u.created_at, u.agency_id, a.name, u.alert_days
    FROM user u LEFT JOIN department d ON d.id = u.department_id
        LEFT JOIN agency a ON a.id = u.agency_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        username: row.get(1)?,
        full_name: row.get(2)?,
        title: row.get(3)?,
        role: row.get(4)?,
        department_id: row.get(5)?,
        department_name: row.get(6)?,
        clearance: row.get(7)?,
        email: row.get(8)?,
        phone: row.get(9)?,
        active: row.get(10)?,
        must_change_password: row.get(11)?,
        locked_until: row.get(12)?,
        supervised_department_ids: Vec::new(),
        supervised_fields: Vec::new(),
        created_at: row.get(13)?,
        agency_id: row.get(14)?,
        agency_name: row.get(15)?,
        alert_days: parse_alert_days(&row.get::<_, String>(16)?),
    })
}

/// "3,1" → [3, 1]; anything unreadable is skipped.
pub fn parse_alert_days(text: &str) -> Vec<u32> {
    text.split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

/// Set the working days before a deadline at which `id` is alerted: one to three values
/// from 1 to 30, kept largest first.
pub fn set_alert_days(w: &mut Writer<'_>, id: UserId, days: &[u32]) -> CoreResult<User> {
    let mut days: Vec<u32> = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    if days.is_empty() || days.len() > 3 || days.iter().any(|d| !(1..=30).contains(d)) {
        return Err(CoreError::invalid(
            "alertDays",
            "Chọn từ 1 đến 3 mốc nhắc, mỗi mốc từ 1 đến 30 ngày làm việc.",
            "Choose one to three reminders, each 1 to 30 working days ahead.",
        ));
    }
    let text = days.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    w.execute(
        "UPDATE user SET alert_days = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, text, w.now_text()],
    )?;
    let user = get(w, id)?;
    w.audit(
        ObjectRef::user(id),
        crate::audit::said(
            format!("Đặt mốc nhắc hạn: {text} ngày làm việc"),
            format!("Reminder days set: {text} working days"),
        ),
        &serde_json::json!({ "alertDays": days }),
    )?;
    Ok(user)
}

fn with_supervision(conn: &Connection, mut user: User) -> CoreResult<User> {
    if user.role == Role::DeputyChief {
        let mut departments = conn.prepare_cached(
            "SELECT department_id FROM supervised_department WHERE user_id = ?1 ORDER BY department_id",
        )?;
        user.supervised_department_ids =
            departments.query_map([user.id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut fields =
            conn.prepare_cached("SELECT field FROM supervised_field WHERE user_id = ?1 ORDER BY field")?;
        user.supervised_fields = fields.query_map([user.id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    }
    Ok(user)
}

/// Someone a form may name, as its pickers show them (nothing more: an agency's account
/// sees such lists too).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: UserId,
    pub full_name: String,
    pub title: String,
    pub role: Role,
    pub department_name: Option<String>,
}

impl From<User> for Person {
    fn from(user: User) -> Person {
        Person {
            id: user.id,
            full_name: user.full_name,
            title: user.title,
            role: user.role,
            department_name: user.department_name,
        }
    }
}

impl User {
    /// The account as it stands at `now`: a lock-out that has run out is no lock.
    pub fn as_of(mut self, now: DateTime<Utc>) -> User {
        self.locked_until = self.locked_until.filter(|until| *until > now);
        self
    }
}

pub fn get(conn: &Connection, id: UserId) -> CoreResult<User> {
    let user = conn
        .query_row(&format!("{SELECT} WHERE u.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::User })?;
    with_supervision(conn, user)
}

/// The Chief of Office's name, who signs what the Office reports in its own name; the
/// first account made if there are several, `None` if there is none yet.
/// A person's title as printed under their name ("Chủ tịch UBND tỉnh").
pub fn title(conn: &Connection, id: UserId) -> CoreResult<String> {
    conn.query_row("SELECT title FROM user WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::User })
}

pub fn chief_of_office_name(conn: &Connection) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT full_name FROM user WHERE role = 'chief_of_office' AND active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn list(conn: &Connection, filter: &UserFilter) -> CoreResult<Vec<User>> {
    let mut sql = format!("{SELECT} WHERE 1 = 1");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if !filter.include_disabled {
        sql.push_str(" AND u.active = 1");
    }
    if let Some(department) = filter.department_id {
        args.push(Box::new(department));
        sql.push_str(&format!(" AND u.department_id = ?{}", args.len()));
    }
    if let Some(role) = filter.role {
        args.push(Box::new(role));
        sql.push_str(&format!(" AND u.role = ?{}", args.len()));
    }
    // Whole words, the last a prefix, as every list's search reads what is typed.
    sql.push_str(&crate::search::words_at_starts(filter.search.as_deref(), "u.search_text", &mut args)?);
    // The order of an office directory: the Committee's leaders, then each department
    // from its head down; the administrator last.
    sql.push_str(&format!(
        " ORDER BY CASE WHEN u.role = 'administrator' THEN 1000000 ELSE coalesce(d.sort_order, -1) END, {}, u.username",
        crate::permission::role::rank_sql("u.role")
    ));
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(args.iter()), from_row)?;
    let users: Vec<User> = rows.collect::<Result<_, _>>()?;
    users.into_iter().map(|u| with_supervision(conn, u)).collect()
}

struct CleanProfile {
    full_name: String,
    title: String,
    email: String,
    phone: String,
    supervised_fields: Vec<String>,
}

fn validate_profile(conn: &Connection, profile: &UserProfile) -> CoreResult<CleanProfile> {
    let full_name = clean_required("fullName", ("Họ và tên", "Full name"), &profile.full_name, 100)?;
    let title = clean_optional("title", ("Chức vụ", "Title"), &profile.title, 150)?;
    let email = clean_optional("email", ("Thư điện tử", "Email"), &profile.email, 150)?;
    if !email.is_empty() && !email.contains('@') {
        return Err(CoreError::invalid(
            "email",
            "Địa chỉ thư điện tử không hợp lệ.",
            "The email address is not valid.",
        ));
    }
    let phone = clean_optional("phone", ("Điện thoại", "Phone"), &profile.phone, 30)?;
    if let Some(agency) = profile.agency_id {
        if profile.role != Role::Specialist || profile.department_id.is_some() {
            return Err(CoreError::invalid(
                "agencyId",
                "Tài khoản của cơ quan, đơn vị có vai trò chuyên viên và không thuộc phòng nào của Văn phòng.",
                "An agency's account has the specialist role and belongs to no department of the Office.",
            ));
        }
        let active: Option<bool> =
            conn.query_row("SELECT active FROM agency WHERE id = ?1", [agency], |r| r.get(0)).optional()?;
        if active != Some(true) {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    let needs_department =
        profile.agency_id.is_none() && crate::permission::role::works_in_a_department(profile.role);
    match profile.department_id {
        None if needs_department => {
            return Err(CoreError::invalid(
                "departmentId",
                "Văn thư, chuyên viên và trưởng phòng phải thuộc một phòng.",
                "Clerks, specialists and heads of department must belong to a department.",
            ));
        }
        Some(id) => {
            let active: Option<bool> = conn
                .query_row("SELECT active FROM department WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if active != Some(true) {
                return Err(CoreError::invalid(
                    "departmentId",
                    "Phòng đã chọn không tồn tại hoặc đã ngừng hoạt động.",
                    "The chosen department does not exist or is inactive.",
                ));
            }
        }
        None => {}
    }
    let mut supervised_fields = Vec::new();
    if profile.role == Role::DeputyChief {
        for field in &profile.supervised_fields {
            let field = clean_optional("supervisedFields", ("Lĩnh vực", "Field"), field, 100)?;
            if !field.is_empty() && !supervised_fields.contains(&field) {
                supervised_fields.push(field);
            }
        }
    }
    Ok(CleanProfile { full_name, title, email, phone, supervised_fields })
}

fn validate_username(username: &str) -> CoreResult<String> {
    let username = username.trim().to_lowercase();
    let valid_chars = username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !(3..=32).contains(&username.len()) || !valid_chars {
        return Err(CoreError::invalid(
            "username",
            "Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.",
            "A username has 3–32 characters: unaccented letters, digits, '.', '_' or '-'.",
        ));
    }
    Ok(username)
}

fn search_text(username: &str, profile: &CleanProfile) -> String {
    fold(&format!("{} {} {}", profile.full_name, username, profile.title))
}

fn write_supervision(w: &Writer<'_>, id: UserId, profile: &UserProfile, fields: &[String]) -> CoreResult<()> {
    w.execute("DELETE FROM supervised_department WHERE user_id = ?1", [id])?;
    w.execute("DELETE FROM supervised_field WHERE user_id = ?1", [id])?;
    if profile.role != Role::DeputyChief {
        return Ok(());
    }
    for department in &profile.supervised_department_ids {
        let exists: Option<i64> =
            w.query_row("SELECT 1 FROM department WHERE id = ?1", [department], |r| r.get(0)).optional()?;
        if exists.is_none() {
            return Err(CoreError::NotFound { what: Noun::Department });
        }
        w.execute(
            "INSERT OR IGNORE INTO supervised_department (user_id, department_id) VALUES (?1, ?2)",
            params![id, department],
        )?;
    }
    for field in fields {
        w.execute("INSERT INTO supervised_field (user_id, field) VALUES (?1, ?2)", params![id, field])?;
    }
    Ok(())
}

/// Profile of a new user, with the password the administrator gave. The user must change
/// it at first login unless it is the first administrator choosing his own.
pub fn create(
    w: &mut Writer<'_>,
    username: &str,
    profile: &UserProfile,
    password_hash: &str,
    must_change_password: bool,
) -> CoreResult<User> {
    let username = validate_username(username)?;
    let clean = validate_profile(w, profile)?;
    let taken: Option<i64> =
        w.query_row("SELECT 1 FROM user WHERE username = ?1", [&username], |r| r.get(0)).optional()?;
    if taken.is_some() {
        return Err(CoreError::invalid(
            "username",
            format!("Tên đăng nhập {username} đã tồn tại."),
            format!("The username {username} is already taken."),
        ));
    }
    let now = w.now_text();
    w.execute(
        "INSERT INTO user (username, full_name, title, role, department_id, clearance, email,
             phone, password_hash, must_change_password, search_text, created_at, updated_at, agency_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
        params![
            username,
            clean.full_name,
            clean.title,
            profile.role,
            profile.department_id,
            profile.clearance,
            clean.email,
            clean.phone,
            password_hash,
            must_change_password,
            search_text(&username, &clean),
            now,
            profile.agency_id
        ],
    )?;
    let id = UserId(w.last_insert_rowid());
    write_supervision(w, id, profile, &clean.supervised_fields)?;
    let user = get(w, id)?;
    w.audit(
        ObjectRef::user(id),
        crate::audit::said(
            format!("Tạo người dùng {} ({})", user.full_name, user.username),
            format!("Created the user {} ({})", user.full_name, user.username),
        ),
        &user,
    )?;
    Ok(user)
}

fn active_administrators(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM user WHERE role = 'administrator' AND active = 1", [], |r| {
        r.get(0)
    })?)
}

fn last_administrator_error() -> CoreError {
    CoreError::conflict(
        "Đây là quản trị hệ thống cuối cùng đang hoạt động; hãy chỉ định người khác trước.",
        "This is the last active administrator; appoint another one first.",
    )
}

pub fn update(w: &mut Writer<'_>, id: UserId, profile: &UserProfile) -> CoreResult<User> {
    let before = get(w, id)?;
    let clean = validate_profile(w, profile)?;
    if before.role == Role::Administrator
        && profile.role != Role::Administrator
        && before.active
        && active_administrators(w)? <= 1
    {
        return Err(last_administrator_error());
    }
    w.execute(
        "UPDATE user SET full_name = ?2, title = ?3, role = ?4, department_id = ?5, clearance = ?6,
             email = ?7, phone = ?8, search_text = ?9, updated_at = ?10, agency_id = ?11 WHERE id = ?1",
        params![
            id,
            clean.full_name,
            clean.title,
            profile.role,
            profile.department_id,
            profile.clearance,
            clean.email,
            clean.phone,
            search_text(&before.username, &clean),
            w.now_text(),
            profile.agency_id
        ],
    )?;
    write_supervision(w, id, profile, &clean.supervised_fields)?;
    let after = get(w, id)?;
    w.audit(
        ObjectRef::user(id),
        crate::audit::said(
            format!("Sửa thông tin người dùng {} ({})", after.full_name, after.username),
            format!("Edited the user {} ({})", after.full_name, after.username),
        ),
        &serde_json::json!({ "before": before, "after": after }),
    )?;
    Ok(after)
}

pub fn set_active(w: &mut Writer<'_>, id: UserId, active: bool) -> CoreResult<User> {
    let before = get(w, id)?;
    if !active && w.actor_id() == Some(id) {
        return Err(CoreError::conflict(
            "Bạn không thể tự vô hiệu hóa tài khoản của mình.",
            "You cannot disable your own account.",
        ));
    }
    if !active && before.role == Role::Administrator && before.active && active_administrators(w)? <= 1 {
        return Err(last_administrator_error());
    }
    w.execute(
        "UPDATE user SET active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active, w.now_text()],
    )?;
    if !active {
        auth::revoke_sessions(w, id)?;
    }
    let (verb, verb_en) = if active { ("Kích hoạt", "Enabled") } else { ("Vô hiệu hóa", "Disabled") };
    w.audit(
        ObjectRef::user(id),
        crate::audit::said(
            format!("{verb} tài khoản {} ({})", before.full_name, before.username),
            format!("{verb_en} the account {} ({})", before.full_name, before.username),
        ),
        &serde_json::json!({ "active": active }),
    )?;
    get(w, id)
}

/// Set a temporary password chosen by the administrator; unlocks the account, ends its
/// sessions and makes the user choose a new password at next login.
pub fn reset_password(w: &mut Writer<'_>, id: UserId, password_hash: &str) -> CoreResult<User> {
    let user = get(w, id)?;
    w.execute(
        "UPDATE user SET password_hash = ?2, must_change_password = 1, failed_logins = 0,
             locked_until = NULL, updated_at = ?3 WHERE id = ?1",
        params![id, password_hash, w.now_text()],
    )?;
    auth::revoke_sessions(w, id)?;
    w.audit(
        ObjectRef::user(id),
        crate::audit::said(
            format!("Đặt lại mật khẩu cho {} ({})", user.full_name, user.username),
            format!("Reset the password of {} ({})", user.full_name, user.username),
        ),
        &serde_json::json!({}),
    )?;
    get(w, id)
}
