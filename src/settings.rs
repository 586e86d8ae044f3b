//! Settings of this installation, kept in the `setting` table. For now: which province's
//! People's Committee the Office serves, which names every printed document carries.

use crate::error::{CoreError, CoreResult};
use crate::org::seed;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const PROVINCE_CODE: &str = "province_code";
const DELEGATION_GAP: &str = "delegation_gap_working_days";

/// Two delegations visiting one commune this many working days apart or closer need the
/// Office's decision (DOMAIN.md §6), unless the Office sets another number.
pub const DEFAULT_DELEGATION_GAP: u32 = 5;

/// The working days that must separate two delegations to one commune.
pub fn delegation_gap(conn: &Connection) -> CoreResult<u32> {
    Ok(get(conn, DELEGATION_GAP)?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_DELEGATION_GAP))
}

/// The installation's secret for the opaque identifiers of what it publishes (made once
/// by migration 0024).
pub fn public_id_salt(conn: &Connection) -> CoreResult<String> {
    Ok(conn.query_row("SELECT value FROM setting WHERE key = 'public_id_salt'", [], |r| r.get(0))?)
}

pub fn set_delegation_gap(conn: &Connection, days: u32) -> CoreResult<()> {
    if days > 30 {
        return Err(CoreError::invalid("days", "Tối đa 30 ngày làm việc.", "30 working days at most."));
    }
    set(conn, DELEGATION_GAP, &days.to_string())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub province_code: i32,
    /// As in the statistics list: "Nghệ An", "Thành phố Hà Nội".
    pub province_name: String,
    /// Used in place-and-date lines: "Nghệ An", "Hà Nội".
    pub place_name: String,
    /// "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" is this in capitals.
    pub committee_name: String,
    pub office_name: String,
}

impl Organisation {
    pub fn for_province(province: &seed::Province) -> Organisation {
        let place_name = seed::short_name(&province.name).to_string();
        let level = if seed::is_city(&province.name) { "thành phố" } else { "tỉnh" };
        Organisation {
            province_code: province.code,
            province_name: province.name.clone(),
            committee_name: format!("Ủy ban nhân dân {level} {place_name}"),
            office_name: format!("Văn phòng Ủy ban nhân dân {level} {place_name}"),
            place_name,
        }
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> CoreResult<Option<String>> {
    Ok(conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// How many hours a recipient of a document sent over the interconnection axis may stay
/// silent before the clerk is shown it never answered, unless the server is told otherwise
/// (`App::answer_within`, `serve --axis-answer-hours`).
pub const AXIS_ANSWER_HOURS: u64 = 24;

pub fn organisation(conn: &Connection) -> CoreResult<Option<Organisation>> {
    let Some(code) = get(conn, PROVINCE_CODE)? else { return Ok(None) };
    let code: i32 =
        code.parse().map_err(|_| CoreError::BadRequest(format!("stored province code {code:?}")))?;
    Ok(Some(Organisation::for_province(&seed::province(code)?)))
}

pub fn set_province(conn: &Connection, code: i32) -> CoreResult<Organisation> {
    let province = seed::province(code)?;
    set(conn, PROVINCE_CODE, &code.to_string())?;
    Ok(Organisation::for_province(&province))
}
