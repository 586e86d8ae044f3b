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

/// The half-days a time span touches: from the start of the morning (00:00) or afternoon
/// (12:00) it begins in to the end of the half-day it ends in. What the person may not
/// see holds its room and its leaders for whole half-days in their eyes, so that probing
/// one time after another tells at most which half-days are taken, never the hours.
pub fn half_days(starts: NaiveDateTime, ends: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let noon = chrono::NaiveTime::from_hms_opt(12, 0, 0).expect("noon");
    let floor = |t: NaiveDateTime| {
        if t.time() < noon { t.date().and_time(chrono::NaiveTime::MIN) } else { t.date().and_time(noon) }
    };
    let last = ends - chrono::Duration::seconds(1);
    let end = floor(last.max(starts)) + chrono::Duration::hours(12);
    (floor(starts), end)
}

/// What holds `room` between `starts` and `ends` besides the meeting `except_meeting`:
/// a schedule entry that chose it, or another sitting whose place names it — what the
/// person may see at its hours, what they may not for its whole half-days
/// ([`half_days`]).
pub fn holder(
    conn: &Connection,
    actor: &Actor,
    room: i64,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    except_meeting: Option<i64>,
) -> CoreResult<Option<Holder>> {
    let (wide_starts, wide_ends) = half_days(starts, ends);
    // What holds the room, if `kind` `id` of `from`–`to` does, as the person may see it.
    let holding = |kind: ObjectKind, id: i64, from: NaiveDateTime, to: NaiveDateTime, words: String| {
        let seen = secrecy::may_see(conn, actor, kind, Some(id))?;
        let (wide_from, wide_to) = if seen { (from, to) } else { half_days(from, to) };
        let holds = wide_from < ends && starts < wide_to;
        CoreResult::Ok(holds.then(|| Holder::described(actor, kind, id, seen, (from, to, words))))
    };
    let mut entries = conn.prepare_cached(
        "SELECT id, starts_at, ends_at, content FROM schedule_entry
         WHERE room_id = ?1 AND cancelled = 0 AND removed_at IS NULL AND starts_at < ?3 AND ends_at > ?2
         ORDER BY starts_at",
    )?;
    let rows = entries.query_map(params![room, wide_starts, wide_ends], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (id, from, to, content) = row?;
        if let Some(holder) = holding(ObjectKind::ScheduleEntry, id, from, to, content)? {
            return Ok(Some(holder));
        }
    }
    let name: String = conn.query_row("SELECT name_folded FROM room WHERE id = ?1", [room], |r| r.get(0))?;
    let mut sittings = conn.prepare_cached(
        "SELECT id, starts_at, ends_at, title, place FROM meeting
         WHERE kind <> 'written' AND status <> 'cancelled' AND starts_at < ?2 AND ends_at > ?1 AND id <> ?3
         ORDER BY starts_at",
    )?;
    let rows = sittings.query_map(params![wide_starts, wide_ends, except_meeting.unwrap_or(0)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    for row in rows {
        let (id, from, to, title, place) = row?;
        if fold(place.trim()) == name
            && let Some(holder) = holding(ObjectKind::Meeting, id, from, to, title)?
        {
            return Ok(Some(holder));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::half_days;
    use chrono::NaiveDateTime;

    #[test]
    fn a_hidden_engagement_fills_the_half_days_it_touches() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // (starts, ends) → (from, to)
        let table = [
            (("2026-11-25 08:00", "2026-11-25 09:30"), ("2026-11-25 00:00", "2026-11-25 12:00")),
            (("2026-11-25 08:00", "2026-11-25 12:00"), ("2026-11-25 00:00", "2026-11-25 12:00")),
            (("2026-11-25 11:00", "2026-11-25 13:00"), ("2026-11-25 00:00", "2026-11-26 00:00")),
            (("2026-11-25 12:00", "2026-11-25 17:00"), ("2026-11-25 12:00", "2026-11-26 00:00")),
            (("2026-11-25 14:00", "2026-11-26 09:00"), ("2026-11-25 12:00", "2026-11-26 12:00")),
            (("2026-11-25 09:00", "2026-11-25 09:00"), ("2026-11-25 00:00", "2026-11-25 12:00")),
        ];
        for ((starts, ends), (from, to)) in table {
            assert_eq!(half_days(at(starts), at(ends)), (at(from), at(to)), "{starts} – {ends}");
        }
    }
}
