//! The directory of outside agencies: the Government Office, ministries, provincial
//! departments, the province's communes and others that send and receive documents.

use crate::audit::{ObjectRef, Writer};
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::vocabulary::{AgencyGroup, AgencyId, clean_optional, clean_required};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub id: AgencyId,
    /// National agency code used on the document interconnection axis, e.g. `000.00.00.H41`.
    pub code: Option<String>,
    pub name: String,
    pub abbreviation: String,
    pub group: AgencyGroup,
    /// Statistics office codes, for communes.
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AgencyInput {
    pub code: Option<String>,
    pub name: String,
    pub abbreviation: String,
    pub group: AgencyGroup,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AgencyFilter {
    /// Words of the name, abbreviation or code; diacritics optional ("so y te" finds "Sở Y tế").
    pub search: Option<String>,
    pub group: Option<AgencyGroup>,
    pub include_inactive: bool,
    pub offset: u32,
    /// At most 500; 0 means the default of 50.
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgencyPage {
    pub items: Vec<Agency>,
    pub total: u32,
}

const SELECT: &str = "SELECT id, code, name, abbreviation, agency_group, province_code,
    commune_code, active FROM agency";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Agency> {
    Ok(Agency {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        abbreviation: row.get(3)?,
        group: row.get(4)?,
        province_code: row.get(5)?,
        commune_code: row.get(6)?,
        active: row.get(7)?,
    })
}

pub fn get(conn: &Connection, id: AgencyId) -> CoreResult<Agency> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Agency })
}

pub fn list(conn: &Connection, filter: &AgencyFilter) -> CoreResult<AgencyPage> {
    let mut conditions = String::from(" WHERE 1 = 1");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if !filter.include_inactive {
        conditions.push_str(" AND active = 1");
    }
    if let Some(group) = filter.group {
        args.push(Box::new(group));
        conditions.push_str(&format!(" AND agency_group = ?{}", args.len()));
    }
    // Whole words, the last a prefix, as every list's search reads what is typed.
    conditions.push_str(&crate::search::words_at_starts(filter.search.as_deref(), "search_text", &mut args)?);
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM agency{conditions}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let limit = match filter.limit {
        0 => 50,
        n => n.min(500),
    };
    let sql = format!(
        "{SELECT}{conditions} ORDER BY CASE agency_group WHEN 'government' THEN 0
            WHEN 'ministry' THEN 1 WHEN 'provincial_department' THEN 2 WHEN 'other' THEN 3
            ELSE 4 END, name LIMIT {limit} OFFSET {}",
        filter.offset
    );
    let mut statement = conn.prepare(&sql)?;
    let items =
        statement.query_map(rusqlite::params_from_iter(args.iter()), from_row)?.collect::<Result<_, _>>()?;
    Ok(AgencyPage { items, total })
}

/// An agency code has the shape `000.00.00.H41`: three groups of digits and a letter
/// followed by two digits.
pub fn is_valid_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && digits(parts[0], 3)
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && parts[3].len() == 3
        && parts[3].as_bytes()[0].is_ascii_uppercase()
        && digits(&parts[3][1..], 2)
}

/// `code` in capitals if it has the shape of an agency code; else why not, on `code`.
pub fn check_code(code: &str) -> CoreResult<String> {
    let code = code.trim().to_uppercase();
    if !is_valid_code(&code) {
        return Err(CoreError::invalid(
            "code",
            format!("Mã định danh {code} không đúng dạng 000.00.00.H41."),
            format!("The agency code {code} does not have the form 000.00.00.H41."),
        ));
    }
    Ok(code)
}

struct Clean {
    code: Option<String>,
    name: String,
    abbreviation: String,
}

fn validate(conn: &Connection, input: &AgencyInput, except: Option<AgencyId>) -> CoreResult<Clean> {
    let name = clean_required("name", ("Tên cơ quan", "Agency name"), &input.name, 250)?;
    let abbreviation =
        clean_optional("abbreviation", ("Tên viết tắt", "Abbreviation"), &input.abbreviation, 30)?;
    let code = match input.code.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => {
            let code = check_code(code)?;
            let owner: Option<AgencyId> =
                conn.query_row("SELECT id FROM agency WHERE code = ?1", [&code], |r| r.get(0)).optional()?;
            if matches!(owner, Some(id) if Some(id) != except) {
                return Err(CoreError::invalid(
                    "code",
                    format!("Mã định danh {code} đã được gán cho cơ quan khác."),
                    format!("The agency code {code} already belongs to another agency."),
                ));
            }
            Some(code)
        }
    };
    Ok(Clean { code, name, abbreviation })
}

fn search_text(clean: &Clean) -> String {
    fold(&format!("{} {} {}", clean.name, clean.abbreviation, clean.code.as_deref().unwrap_or("")))
}

/// Insert without auditing; for seeding the directory inside an audited write.
pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    input: &AgencyInput,
    place: (Option<i32>, Option<i32>),
) -> CoreResult<AgencyId> {
    let clean = validate(conn, input, None)?;
    conn.execute(
        "INSERT INTO agency (code, name, abbreviation, agency_group, province_code, commune_code,
             search_text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            clean.code,
            clean.name,
            clean.abbreviation,
            input.group,
            place.0,
            place.1,
            search_text(&clean),
            now
        ],
    )?;
    Ok(AgencyId(conn.last_insert_rowid()))
}

pub fn create(w: &mut Writer<'_>, input: &AgencyInput) -> CoreResult<Agency> {
    let now = w.now_text();
    let id = insert(w, &now, input, (None, None))?;
    let agency = get(w, id)?;
    w.audit(
        ObjectRef::agency(id),
        crate::audit::said(
            format!("Thêm cơ quan {}", agency.name),
            format!("Added the agency {}", agency.name),
        ),
        &agency,
    )?;
    Ok(agency)
}

pub fn update(w: &mut Writer<'_>, id: AgencyId, input: &AgencyInput, active: bool) -> CoreResult<Agency> {
    let before = get(w, id)?;
    let clean = validate(w, input, Some(id))?;
    w.execute(
        "UPDATE agency SET code = ?2, name = ?3, abbreviation = ?4, agency_group = ?5, active = ?6,
             search_text = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            clean.code,
            clean.name,
            clean.abbreviation,
            input.group,
            active,
            search_text(&clean),
            w.now_text()
        ],
    )?;
    let after = get(w, id)?;
    w.audit(
        ObjectRef::agency(id),
        crate::audit::said(
            format!("Sửa cơ quan {}", after.name),
            format!("Edited the agency {}", after.name),
        ),
        &serde_json::json!({ "before": before, "after": after }),
    )?;
    Ok(after)
}
