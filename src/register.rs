//! Registers (sổ đăng ký): each numbers its documents in its own series per calendar year,
//! from 1 on 1 January, with no gaps and no duplicates. Which registers exist is the
//! head of the agency's decision, so they are data the administrator edits.

use crate::audit::{ObjectRef, Writer};
use crate::doctype;
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::{clean_required, id_type, text_enum};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// The body in whose name a document is issued.
    pub enum Issuer {
        /// Ủy ban nhân dân tỉnh: symbol `UBND`.
        Committee = "committee",
        /// Văn phòng UBND tỉnh: symbol `VP`.
        Office = "office",
    }
}

impl Issuer {
    /// The issuing body's part of a symbol: `15/QĐ-UBND`, `01/BC-VP`.
    pub fn symbol(self) -> &'static str {
        match self {
            Issuer::Committee => "UBND",
            Issuer::Office => "VP",
        }
    }
}

id_type!(RegisterId);

text_enum! {
    pub enum RegisterKind {
        Incoming = "incoming",
        Outgoing = "outgoing",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Register {
    pub id: RegisterId,
    pub kind: RegisterKind,
    pub code: String,
    pub name: String,
    /// Holds secret documents only (and only secret documents go to such registers).
    pub secret: bool,
    pub sort_order: i32,
    pub active: bool,
    /// Outgoing registers: the issuing body whose documents it numbers.
    pub issuer: Option<Issuer>,
    /// Outgoing registers: the type keys it numbers; empty for every type that has no
    /// register of its own.
    pub document_types: Vec<String>,
    /// Numbers legal normative documents, whose symbol carries the year (15/2026/QĐ-UBND).
    pub legal_normative: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    pub kind: RegisterKind,
    pub code: String,
    pub name: String,
    pub secret: bool,
    pub sort_order: i32,
    #[serde(default)]
    pub issuer: Option<Issuer>,
    #[serde(default)]
    pub document_types: Vec<String>,
    #[serde(default)]
    pub legal_normative: bool,
}

const SELECT: &str = "SELECT id, kind, code, name, secret, sort_order, active, issuer, document_types,
    legal_normative FROM register";

fn split_types(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Register> {
    Ok(Register {
        id: row.get(0)?,
        kind: row.get(1)?,
        code: row.get(2)?,
        name: row.get(3)?,
        secret: row.get(4)?,
        sort_order: row.get(5)?,
        active: row.get(6)?,
        issuer: row.get(7)?,
        document_types: split_types(&row.get::<_, String>(8)?),
        legal_normative: row.get(9)?,
    })
}

pub fn list(conn: &Connection, kind: Option<RegisterKind>) -> CoreResult<Vec<Register>> {
    let mut statement = conn
        .prepare_cached(&format!("{SELECT} WHERE ?1 IS NULL OR kind = ?1 ORDER BY kind, sort_order, name"))?;
    let rows = statement.query_map([kind], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: RegisterId) -> CoreResult<Register> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Register })
}

struct Clean {
    code: String,
    name: String,
    issuer: Option<Issuer>,
    document_types: String,
    legal_normative: bool,
}

fn validate(conn: &Connection, input: &RegisterInput, except: Option<RegisterId>) -> CoreResult<Clean> {
    let code = clean_required("code", ("Ký hiệu sổ", "Register code"), &input.code, 12)?.to_uppercase();
    let name = clean_required("name", ("Tên sổ", "Register name"), &input.name, 200)?;
    let owner: Option<RegisterId> = conn
        .query_row("SELECT id FROM register WHERE kind = ?1 AND code = ?2", params![input.kind, code], |r| {
            r.get(0)
        })
        .optional()?;
    if matches!(owner, Some(id) if Some(id) != except) {
        return Err(CoreError::invalid(
            "code",
            format!("Ký hiệu sổ {code} đã được dùng."),
            format!("The register code {code} is already used."),
        ));
    }
    if input.kind == RegisterKind::Incoming {
        return Ok(Clean { code, name, issuer: None, document_types: String::new(), legal_normative: false });
    }
    let Some(issuer) = input.issuer else {
        return Err(CoreError::invalid(
            "issuer",
            "Sổ văn bản đi phải ghi cơ quan ban hành.",
            "An outgoing register must name its issuing body.",
        ));
    };
    let mut types = Vec::new();
    for key in &input.document_types {
        let key = key.trim();
        if !doctype::is_known(key) {
            return Err(CoreError::invalid(
                "documentTypes",
                format!("Không có loại văn bản {key}."),
                format!("There is no document type {key}."),
            ));
        }
        if !types.contains(&key) {
            types.push(key);
        }
    }
    Ok(Clean {
        code,
        name,
        issuer: Some(issuer),
        document_types: types.join(","),
        legal_normative: input.legal_normative,
    })
}

pub fn create(w: &mut Writer<'_>, input: &RegisterInput) -> CoreResult<Register> {
    let Clean { code, name, issuer, document_types, legal_normative } = validate(w, input, None)?;
    w.execute(
        "INSERT INTO register (kind, code, name, secret, sort_order, issuer, document_types, legal_normative,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            input.kind,
            code,
            name,
            input.secret,
            input.sort_order,
            issuer,
            document_types,
            legal_normative,
            w.now_text()
        ],
    )?;
    let id = RegisterId(w.last_insert_rowid());
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Register, id: Some(id.0) },
        crate::audit::said(format!("Tạo sổ {name}"), format!("Added the register {name}")),
        input,
    )?;
    get(w, id)
}

pub fn update(
    w: &mut Writer<'_>,
    id: RegisterId,
    input: &RegisterInput,
    active: bool,
) -> CoreResult<Register> {
    let before = get(w, id)?;
    let Clean { code, name, issuer, document_types, legal_normative } = validate(w, input, Some(id))?;
    let used: i64 =
        w.query_row("SELECT count(*) FROM register_counter WHERE register_id = ?1", [id], |r| r.get(0))?;
    let changes_series = before.secret != input.secret
        || before.kind != input.kind
        || before.issuer != issuer
        || before.legal_normative != legal_normative;
    if used > 0 && changes_series {
        return Err(CoreError::conflict(
            "Sổ đã có văn bản: không thể đổi loại sổ, cơ quan ban hành, tính chất mật hoặc quy phạm pháp luật.",
            "The register already holds documents: its kind, issuing body, secrecy and legal normative flag cannot change.",
        ));
    }
    w.execute(
        "UPDATE register SET kind = ?2, code = ?3, name = ?4, secret = ?5, sort_order = ?6, active = ?7,
             issuer = ?8, document_types = ?9, legal_normative = ?10, updated_at = ?11 WHERE id = ?1",
        params![
            id,
            input.kind,
            code,
            name,
            input.secret,
            input.sort_order,
            active,
            issuer,
            document_types,
            legal_normative,
            w.now_text()
        ],
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Register, id: Some(id.0) },
        crate::audit::said(format!("Sửa sổ {name}"), format!("Edited the register {name}")),
        &serde_json::json!({ "before": before, "after": input, "active": active }),
    )?;
    get(w, id)
}

impl Register {
    /// Whether a document at `secrecy` may be numbered in this register: secret documents
    /// in secret registers only, and only secret documents there (Decree 30, separate
    /// series for secret documents).
    pub fn fits(&self, secrecy: crate::vocabulary::Clearance) -> bool {
        self.active && self.secret == (secrecy != crate::vocabulary::Clearance::None)
    }
}

/// Record that `register` holds `number` in `year`, given elsewhere (a register kept
/// before this system, imported): the next number taken follows the highest recorded.
pub fn record_number(conn: &Connection, register: RegisterId, year: i32, number: i64) -> CoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO register_counter (register_id, year, last_number) VALUES (?1, ?2, ?3)
         ON CONFLICT (register_id, year) DO UPDATE SET last_number = max(last_number, excluded.last_number)",
    )?
    .execute(params![register, year, number])?;
    Ok(())
}

/// The number [`take_number`] would give now (nothing is taken).
pub fn next_number(conn: &Connection, register: RegisterId, year: i32) -> CoreResult<i64> {
    let last: Option<i64> = conn
        .query_row(
            "SELECT last_number FROM register_counter WHERE register_id = ?1 AND year = ?2",
            params![register, year],
            |r| r.get(0),
        )
        .optional()?;
    Ok(last.unwrap_or(0) + 1)
}

/// Take the next number of `register` in `year`. Must run inside the transaction that
/// stores the numbered document: if that transaction rolls back, so does the number.
pub fn take_number(conn: &Connection, register: RegisterId, year: i32) -> CoreResult<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO register_counter (register_id, year, last_number) VALUES (?1, ?2, 1)
             ON CONFLICT (register_id, year) DO UPDATE SET last_number = last_number + 1
             RETURNING last_number",
        )?
        .query_row(params![register, year], |r| r.get(0))?)
}
