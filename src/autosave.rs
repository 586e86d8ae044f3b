//! What a person is writing and has not saved: a form keeps its fields here as they type
//! (a draft công văn, a registration), so a closed window, a crash or a click elsewhere
//! loses nothing. It is the person's own scratch, never a version of a document and never
//! shown to anyone else; saving the form for real discards it. It is not audited (it
//! records nothing the Office decided), and it is given back only while the person is
//! cleared for the secrecy level the form had.

use crate::auth::Actor;
use crate::error::{CoreError, CoreResult};
use crate::org::Clearance;
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
