//! The Office's rooms as something booked: whether a room is free at a time, asked by
//! both the meeting room (its sittings name their place) and the schedule (its entries
//! choose a room). One answer for both, so that a room is never booked twice, whichever
//! area books it (DOMAIN.md §6). What holds a room is described to the person asking only
//! as far as they may see it.

use crate::error::CoreResult;
use crate::fold::fold;
use crate::secrecy;
use crate::vocabulary::{Actor, ObjectKind};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

/// One of the Office's rooms named by a place typed in a form, if it is one.
pub fn named(conn: &Connection, place: &str) -> CoreResult<Option<(i64, String)>> {
    let folded = fold(place.trim());
    if folded.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT id, name FROM room WHERE name_folded = ?1 AND active = 1")?
        .query_row([folded], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// What holds a room at a time: when and what, if the person may see it; otherwise
/// only that the slot is taken — not its hours, not what it is.
pub enum Holder {
    Seen { starts_at: NaiveDateTime, ends_at: NaiveDateTime, content: String },
    Hidden,
}

impl Holder {
    fn described(
        actor: &Actor,
        kind: ObjectKind,
        id: i64,
        seen: bool,
        shown: (NaiveDateTime, NaiveDateTime, String),
    ) -> Holder {
        if seen {
            let (starts_at, ends_at, content) = shown;
            return Holder::Seen { starts_at, ends_at, content };
        }
        // A refused attempt over something the person may not see is recorded: probing
        // the schedule for secret engagements leaves a trace.
        tracing::warn!(
            user = actor.user_id.0,
            kind = kind.as_str(),
            id,
            "room refused over a hidden engagement"
        );
        Holder::Hidden
    }
}

/// What holds `room` between `starts` and `ends` besides the meeting `except_meeting`:
/// a schedule entry that chose it, or another sitting whose place names it.
pub fn holder(
    conn: &Connection,
    actor: &Actor,
    room: i64,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    except_meeting: Option<i64>,
) -> CoreResult<Option<Holder>> {
    let entry: Option<(i64, NaiveDateTime, NaiveDateTime, String)> = conn
        .prepare_cached(
            "SELECT id, starts_at, ends_at, content FROM schedule_entry
             WHERE room_id = ?1 AND cancelled = 0 AND removed_at IS NULL AND starts_at < ?3 AND ends_at > ?2
             ORDER BY starts_at LIMIT 1",
        )?
        .query_row(params![room, starts, ends], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((id, starts_at, ends_at, content)) = entry {
        let seen = secrecy::may_see(conn, actor, ObjectKind::ScheduleEntry, Some(id))?;
        return Ok(Some(Holder::described(
            actor,
            ObjectKind::ScheduleEntry,
            id,
            seen,
            (starts_at, ends_at, content),
        )));
    }
    let name: String = conn.query_row("SELECT name_folded FROM room WHERE id = ?1", [room], |r| r.get(0))?;
    let mut sittings = conn.prepare_cached(
        "SELECT id, starts_at, ends_at, title, place FROM meeting
         WHERE kind <> 'written' AND status <> 'cancelled' AND starts_at < ?2 AND ends_at > ?1 AND id <> ?3
         ORDER BY starts_at",
    )?;
    let rows = sittings.query_map(params![starts, ends, except_meeting.unwrap_or(0)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    for row in rows {
        let (id, starts_at, ends_at, title, place) = row?;
        if fold(place.trim()) == name {
            let seen = secrecy::may_see(conn, actor, ObjectKind::Meeting, Some(id))?;
            return Ok(Some(Holder::described(
                actor,
                ObjectKind::Meeting,
                id,
                seen,
                (starts_at, ends_at, title),
            )));
        }
    }
    Ok(None)
}
