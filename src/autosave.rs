//! A person's own working state, kept in the core so it follows them to any
//! workstation: the forms they have not saved, and the filters they named.
//!
//! What a person is writing and has not saved: a form keeps its fields here as they type
//! (a draft công văn, a registration), so a closed window, a crash or a click elsewhere
//! loses nothing. It is the person's own scratch, never a version of a document and never
//! shown to anyone else; saving the form for real discards it. It is not audited (it
//! records nothing the Office decided), and it is given back only while the person is
//! cleared for the secrecy level the form had.

use crate::error::{CoreError, CoreResult};
use crate::vocabulary::Actor;
use crate::vocabulary::Clearance;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The largest form kept (the text of a long công văn is well under it).
pub const MAX_BYTES: usize = 1 << 20;

/// The forms kept for one person: the most recently touched ones (nobody writes twenty
/// things at once; an account cannot fill the disk with them).
pub const MAX_FORMS: u32 = 20;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Autosaved {
    /// The form's fields as the form wrote them.
    #[ts(type = "unknown")]
    pub content: serde_json::Value,
    pub saved_at: DateTime<Utc>,
}

/// A form's name: `outgoing-new-CV`, `outgoing-15`, `incoming-new`, …
pub fn check_form(form: &str) -> CoreResult<()> {
    let fine = !form.is_empty() && form.chars().count() <= 80 && !form.chars().any(char::is_control);
    if fine {
        Ok(())
    } else {
        Err(CoreError::invalid("form", "Tên biểu mẫu không hợp lệ.", "Not a form name."))
    }
}

pub fn put(
    conn: &Connection,
    actor: &Actor,
    form: &str,
    content: &serde_json::Value,
    secrecy: Clearance,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    check_form(form)?;
    let text = content.to_string();
    if text.len() > MAX_BYTES {
        return Err(CoreError::invalid(
            "content",
            "Nội dung quá dài để lưu tạm (tối đa 1 MB).",
            "Too long to keep as unsaved work (1 MB at most).",
        ));
    }
    if !crate::secrecy::covers(actor, secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Bạn không được phép soạn văn bản ở độ mật này.",
            "You are not cleared for this secrecy level.",
        ));
    }
    conn.execute(
        "INSERT INTO autosave (user_id, form, content, secrecy, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id, form) DO UPDATE SET content = excluded.content, secrecy = excluded.secrecy,
             saved_at = excluded.saved_at",
        params![actor.user_id, form, text, secrecy, crate::clock::timestamp(now)],
    )?;
    conn.execute(
        "DELETE FROM autosave WHERE user_id = ?1 AND form NOT IN
             (SELECT form FROM autosave WHERE user_id = ?1 ORDER BY saved_at DESC, form LIMIT ?2)",
        params![actor.user_id, MAX_FORMS],
    )?;
    Ok(())
}

/// The person's unsaved work on `form`, if any (and if they are still cleared for it).
pub fn get(conn: &Connection, actor: &Actor, form: &str) -> CoreResult<Option<Autosaved>> {
    check_form(form)?;
    let row: Option<(String, Clearance, DateTime<Utc>)> = conn
        .query_row(
            "SELECT content, secrecy, saved_at FROM autosave WHERE user_id = ?1 AND form = ?2",
            params![actor.user_id, form],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.filter(|(_, level, _)| crate::secrecy::covers(actor, *level)).and_then(|(text, _, saved_at)| {
        serde_json::from_str(&text).ok().map(|content| Autosaved { content, saved_at })
    }))
}

pub fn discard(conn: &Connection, actor: &Actor, form: &str) -> CoreResult<()> {
    check_form(form)?;
    conn.execute("DELETE FROM autosave WHERE user_id = ?1 AND form = ?2", params![actor.user_id, form])?;
    Ok(())
}

/// The lists a filter can be saved for (their paths in the UI).
pub const LISTS: &[&str] = &["incoming", "outgoing", "directions", "alerts"];

/// The most filters one person keeps for one list.
pub const MAX_FILTERS: u32 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFilter {
    pub name: String,
    /// The list's state as its address carries it (`tab=all&overdue=true`).
    pub query: String,
}

fn check_list(list: &str) -> CoreResult<()> {
    if LISTS.contains(&list) {
        Ok(())
    } else {
        Err(CoreError::invalid("list", "Không có danh sách này.", "No such list."))
    }
}

/// The person's saved filters of `list`, by name.
pub fn filters(conn: &Connection, actor: &Actor, list: &str) -> CoreResult<Vec<SavedFilter>> {
    check_list(list)?;
    let mut statement = conn.prepare_cached(
        "SELECT name, query FROM saved_filter WHERE user_id = ?1 AND list = ?2 ORDER BY name",
    )?;
    let rows = statement
        .query_map(params![actor.user_id, list], |r| Ok(SavedFilter { name: r.get(0)?, query: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Save (or replace) the filter `name` of `list`.
pub fn save_filter(
    conn: &Connection,
    actor: &Actor,
    list: &str,
    filter: &SavedFilter,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    check_list(list)?;
    let name = crate::vocabulary::clean_required("name", ("Tên bộ lọc", "Filter name"), &filter.name, 80)?;
    if filter.query.len() > 2000 || filter.query.chars().any(char::is_control) {
        return Err(CoreError::invalid("query", "Bộ lọc không hợp lệ.", "Not a filter."));
    }
    let count: u32 = conn.query_row(
        "SELECT count(*) FROM saved_filter WHERE user_id = ?1 AND list = ?2 AND name <> ?3",
        params![actor.user_id, list, name],
        |r| r.get(0),
    )?;
    if count >= MAX_FILTERS {
        return Err(CoreError::invalid(
            "name",
            format!("Mỗi danh sách giữ tối đa {MAX_FILTERS} bộ lọc; xóa bớt bộ lọc cũ."),
            format!("A list keeps at most {MAX_FILTERS} filters; delete an old one."),
        ));
    }
    conn.execute(
        "INSERT INTO saved_filter (user_id, list, name, query, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id, list, name) DO UPDATE SET query = excluded.query, saved_at = excluded.saved_at",
        params![actor.user_id, list, name, filter.query, crate::clock::timestamp(now)],
    )?;
    Ok(())
}

pub fn delete_filter(conn: &Connection, actor: &Actor, list: &str, name: &str) -> CoreResult<()> {
    check_list(list)?;
    conn.execute(
        "DELETE FROM saved_filter WHERE user_id = ?1 AND list = ?2 AND name = ?3",
        params![actor.user_id, list, name],
    )?;
    Ok(())
}
