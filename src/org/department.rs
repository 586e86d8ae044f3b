//! The Office's own departments (phòng) and units.

use crate::audit::{ObjectRef, Writer};
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::{DepartmentId, DepartmentKind, clean_required};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub id: DepartmentId,
    /// Short symbol used in document symbols, e.g. `KT` in `05/UBND-KT`.
    pub code: String,
    pub name: String,
    pub kind: DepartmentKind,
    pub sort_order: i32,
    pub active: bool,
    /// Active users in the department.
    pub user_count: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DepartmentInput {
    pub code: String,
    pub name: String,
    pub kind: DepartmentKind,
    pub sort_order: i32,
}

const SELECT: &str = "SELECT d.id, d.code, d.name, d.kind, d.sort_order, d.active,
        (SELECT count(*) FROM user u WHERE u.department_id = d.id AND u.active = 1)
    FROM department d";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Department> {
    Ok(Department {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        kind: row.get(3)?,
        sort_order: row.get(4)?,
        active: row.get(5)?,
        user_count: row.get(6)?,
    })
}

pub fn list(conn: &Connection) -> CoreResult<Vec<Department>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY d.sort_order, d.name"))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: DepartmentId) -> CoreResult<Department> {
    conn.query_row(&format!("{SELECT} WHERE d.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Department })
}

struct Clean {
    code: String,
    name: String,
}

fn validate(input: &DepartmentInput) -> CoreResult<Clean> {
    let code = clean_required("code", ("Ký hiệu", "Code"), &input.code, 12)?.to_uppercase();
    if code.chars().any(|c| c.is_whitespace() || c == '/' || c == '-') {
        return Err(CoreError::invalid(
            "code",
            "Ký hiệu không được chứa khoảng trắng, dấu / hoặc dấu -.",
            "The code may not contain spaces, '/' or '-'.",
        ));
    }
    let name = clean_required("name", ("Tên phòng", "Name"), &input.name, 200)?;
    Ok(Clean { code, name })
}

fn code_taken(conn: &Connection, code: &str, except: Option<DepartmentId>) -> CoreResult<bool> {
    let found: Option<DepartmentId> =
        conn.query_row("SELECT id FROM department WHERE code = ?1", [code], |r| r.get(0)).optional()?;
    Ok(matches!(found, Some(id) if Some(id) != except))
}

fn taken_error(code: &str) -> CoreError {
    CoreError::invalid(
        "code",
        format!("Ký hiệu {code} đã được dùng cho phòng khác."),
        format!("The code {code} is already used by another department."),
    )
}

/// The code of a person's department ("KT"), for the file copy line "Lưu: VT, KT."; empty
/// for someone outside the departments.
pub fn code_of(conn: &Connection, department: Option<DepartmentId>) -> CoreResult<String> {
    match department {
        Some(d) => Ok(conn.query_row("SELECT code FROM department WHERE id = ?1", [d], |r| r.get(0))?),
        None => Ok(String::new()),
    }
}

pub fn create(w: &mut Writer<'_>, input: &DepartmentInput) -> CoreResult<Department> {
    let clean = validate(input)?;
    if code_taken(w, &clean.code, None)? {
        return Err(taken_error(&clean.code));
    }
    let now = w.now_text();
    w.execute(
        "INSERT INTO department (code, name, kind, sort_order, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![clean.code, clean.name, input.kind, input.sort_order, now],
    )?;
    let id = DepartmentId(w.last_insert_rowid());
    w.audit(
        ObjectRef::department(id),
        crate::audit::said(
            format!("Tạo phòng {} ({})", clean.name, clean.code),
            format!("Added the department {} ({})", clean.name, clean.code),
        ),
        input,
    )?;
    get(w, id)
}

pub fn update(
    w: &mut Writer<'_>,
    id: DepartmentId,
    input: &DepartmentInput,
    active: bool,
) -> CoreResult<Department> {
    let before = get(w, id)?;
    let clean = validate(input)?;
    if code_taken(w, &clean.code, Some(id))? {
        return Err(taken_error(&clean.code));
    }
    if !active && before.active && before.user_count > 0 {
        return Err(CoreError::conflict(
            format!(
                "Phòng {} còn {} người dùng đang hoạt động; hãy chuyển họ sang phòng khác trước.",
                before.name, before.user_count
            ),
            format!("{} still has {} active users; move them first.", before.name, before.user_count),
        ));
    }
    w.execute(
        "UPDATE department SET code = ?2, name = ?3, kind = ?4, sort_order = ?5, active = ?6,
             updated_at = ?7 WHERE id = ?1",
        params![id, clean.code, clean.name, input.kind, input.sort_order, active, w.now_text()],
    )?;
    w.audit(
        ObjectRef::department(id),
        crate::audit::said(
            format!("Sửa phòng {} ({})", clean.name, clean.code),
            format!("Edited the department {} ({})", clean.name, clean.code),
        ),
        &serde_json::json!({ "before": before, "after": input, "active": active }),
    )?;
    get(w, id)
}
