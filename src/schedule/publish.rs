//! Publishing a week of the schedule: the first publication and each adjustment after it
//! ("Điều chỉnh lần 3, cập nhật lần cuối 14:36 17/03/2026"). A publication keeps its
//! lines exactly as published (never changed: SQL triggers), each marked against the
//! revision before it (new, changed, cancelled, moved to another week) and carrying its
//! calendar SEQUENCE, raised every time the line changes, so the feeds are read from
//! publications alone. Only what is not secret is published.

use super::lines;
use super::model::{Line, ScheduleAllowed, Viewer, week_start, week_title_vi};
use crate::audit::{ObjectRef, Writer, said};
use crate::clock::vietnam_offset;
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, UserId, text_enum};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// How a line differs from the same week's revision before.
    pub enum Mark {
        Same = "same",
        /// Bổ sung: not in the revision before.
        New = "new",
        /// Điều chỉnh: its time, place, people or words changed.
        Changed = "changed",
        /// Hoãn: cancelled since the revision before.
        Cancelled = "cancelled",
        /// Moved to another week.
        Moved = "moved",
    }
}

impl Mark {
    /// The word the printed bulletin puts in the notes, if any.
    pub fn word_vi(self) -> &'static str {
        match self {
            Mark::Same => "",
            Mark::New => "Bổ sung",
            Mark::Changed => "Điều chỉnh",
            Mark::Cancelled => "Hoãn",
            Mark::Moved => "Chuyển lịch",
        }
    }
}

/// A week's publication.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Publication {
    #[ts(type = "number")]
    pub id: i64,
    pub week_start: NaiveDate,
    /// 1 for the first publication; n for the (n-1)th adjustment.
    pub revision: u32,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
}

impl Publication {
    /// "(Điều chỉnh lần 2) (Cập nhật lần cuối: 14:36 02/12/2026)", or for the first
    /// publication "(Cập nhật lần cuối: …)".
    pub fn revision_title_vi(&self) -> String {
        let at = self.published_at.with_timezone(&vietnam_offset()).format("%H:%M %d/%m/%Y");
        if self.revision > 1 {
            format!("(Điều chỉnh lần {}) (Cập nhật lần cuối: {at})", self.revision - 1)
        } else {
            format!("(Cập nhật lần cuối: {at})")
        }
    }

    pub fn revision_title_en(&self) -> String {
        let at = self.published_at.with_timezone(&vietnam_offset()).format("%H:%M %d/%m/%Y");
        if self.revision > 1 {
            format!("(Adjustment {}) (last updated {at})", self.revision - 1)
        } else {
            format!("(last updated {at})")
        }
    }
}

/// A line as a publication holds it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishedLine {
    pub line: Line,
    pub mark: Mark,
    pub sequence: u32,
}

fn publication_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Publication> {
    Ok(Publication {
        id: r.get(0)?,
        week_start: r.get(1)?,
        revision: r.get(2)?,
        published_at: r.get(3)?,
        published_by: r.get(4)?,
    })
}

const PUBLICATION: &str = "SELECT p.id, p.week_start, p.revision, p.published_at, u.full_name
     FROM schedule_publication p JOIN user u ON u.id = p.published_by";

/// The week's latest publication, or the one of `revision`.
pub fn publication(
    conn: &Connection,
    monday: NaiveDate,
    revision: Option<u32>,
) -> CoreResult<Option<Publication>> {
    Ok(conn
        .prepare_cached(&format!(
            "{PUBLICATION} WHERE p.week_start = ?1 AND (?2 IS NULL OR p.revision = ?2) ORDER BY p.revision DESC LIMIT 1"
        ))?
        .query_row(params![monday.to_string(), revision], publication_row)
        .optional()?)
}

/// Every publication of the week, newest first.
pub fn publications(conn: &Connection, monday: NaiveDate) -> CoreResult<Vec<Publication>> {
    let mut statement =
        conn.prepare_cached(&format!("{PUBLICATION} WHERE p.week_start = ?1 ORDER BY p.revision DESC"))?;
    Ok(statement.query_map([monday.to_string()], publication_row)?.collect::<Result<_, _>>()?)
}

/// The lines of a publication, in their published order.
pub fn published_lines(conn: &Connection, publication: i64) -> CoreResult<Vec<PublishedLine>> {
    let mut statement = conn.prepare_cached(
        "SELECT line, mark, sequence FROM schedule_line WHERE publication_id = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([publication], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Mark>(1)?, r.get::<_, u32>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (json, mark, sequence) = row?;
        let line: Line = serde_json::from_str(&json)
            .map_err(|e| CoreError::BadRequest(format!("a published line does not read back: {e}")))?;
        out.push(PublishedLine { line, mark, sequence });
    }
    Ok(out)
}

/// The key's latest published line anywhere (it may have been in another week), and
/// its sequence.
fn last_published(conn: &Connection, key: &str) -> CoreResult<Option<(String, u32)>> {
    Ok(conn
        .prepare_cached(
            "SELECT line, sequence FROM schedule_line WHERE key = ?1 AND mark <> 'moved'
             ORDER BY publication_id DESC LIMIT 1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Where an entry or sitting is now, if it is still on the public schedule in another
/// week: its line's start.
fn now_elsewhere(conn: &Connection, key: &str) -> CoreResult<Option<chrono::NaiveDateTime>> {
    let sql = match key.split_once(':') {
        Some(("entry", _)) => {
            "SELECT starts_at FROM schedule_entry WHERE id = ?1 AND cancelled = 0 AND secrecy = 'none'
                 AND removed_at IS NULL"
        }
        Some(("meeting", _)) => {
            "SELECT starts_at FROM meeting WHERE id = ?1 AND status <> 'cancelled' AND secrecy = 'none'
                 AND kind <> 'written'"
        }
        _ => return Ok(None),
    };
    let Some(id) = key.split_once(':').and_then(|(_, id)| id.parse::<i64>().ok()) else { return Ok(None) };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?)
}

/// What publishing the week would publish now: each public line and, for lines of the
/// latest publication no longer there, their cancellation or move; each marked against
/// that publication and given its sequence.
pub fn pending(conn: &Connection, monday: NaiveDate) -> CoreResult<Vec<PublishedLine>> {
    let monday = week_start(monday);
    let current = lines(conn, Viewer::Public, monday, monday + Duration::days(6), None)?;
    let previous = match publication(conn, monday, None)? {
        Some(p) => published_lines(conn, p.id)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for line in current {
        let before = previous.iter().find(|p| p.line.key == line.key);
        let mark = match before {
            None => Mark::New,
            Some(p) if p.line == line => Mark::Same,
            Some(p) if line.cancelled && !p.line.cancelled => Mark::Cancelled,
            Some(_) => Mark::Changed,
        };
        let sequence = match last_published(conn, &line.key)? {
            None => 0,
            Some((json, sequence)) if json == line.fingerprint() => sequence,
            Some((_, sequence)) => sequence + 1,
        };
        out.push(PublishedLine { line, mark, sequence });
    }
    let current_keys: Vec<String> = out.iter().map(|o| o.line.key.clone()).collect();
    for gone in previous.iter().filter(|p| !current_keys.contains(&p.line.key)) {
        if gone.mark == Mark::Moved {
            continue;
        }
        let mut line = gone.line.clone();
        let mark = match now_elsewhere(conn, &line.key)? {
            Some(at) => {
                line.notes = format!(
                    "Chuyển sang {} ngày {}",
                    super::model::hour_vi(at.time()),
                    at.format("%d/%m/%Y")
                );
                Mark::Moved
            }
            None if line.cancelled => Mark::Same,
            None => {
                line.cancelled = true;
                line.notes = "Hoãn".into();
                Mark::Cancelled
            }
        };
        let sequence = if mark == Mark::Same { gone.sequence } else { gone.sequence + 1 };
        out.push(PublishedLine { line, mark, sequence });
    }
    out.sort_by(|a, b| (a.line.starts_at, &a.line.key).cmp(&(b.line.starts_at, &b.line.key)));
    Ok(out)
}

/// Publish the week that starts on `monday` (or contains it): its first publication, or
/// an adjustment when something changed since the last one.
pub fn publish(w: &mut Writer<'_>, actor: &Actor, monday: NaiveDate) -> CoreResult<Publication> {
    if !super::model::allowed(actor).publish {
        return Err(CoreError::PermissionDenied { action: "schedule_publish" });
    }
    let monday = week_start(monday);
    let lines = pending(w, monday)?;
    let previous = publication(w, monday, None)?;
    if lines.is_empty() && previous.is_none() {
        return Err(CoreError::conflict(
            "Tuần này chưa có lịch nào để công bố.",
            "There is nothing on this week's schedule to publish.",
        ));
    }
    if previous.is_some() && lines.iter().all(|l| l.mark == Mark::Same) {
        return Err(CoreError::conflict(
            "Lịch tuần không có gì thay đổi so với lần công bố trước.",
            "Nothing has changed since the week was last published.",
        ));
    }
    let revision = previous.as_ref().map_or(1, |p| p.revision + 1);
    let now = w.now_text();
    w.execute(
        "INSERT INTO schedule_publication (week_start, revision, published_at, published_by) VALUES (?1, ?2, ?3, ?4)",
        params![monday.to_string(), revision, now, actor.user_id],
    )?;
    let id = w.last_insert_rowid();
    for (position, published) in lines.iter().enumerate() {
        debug_assert_eq!(published.line.secrecy, Clearance::None, "only what is not secret is published");
        w.prepare_cached(
            "INSERT INTO schedule_line (publication_id, key, position, mark, sequence, starts_at, line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            published.line.key,
            position as i64,
            published.mark,
            published.sequence,
            published.line.starts_at,
            published.line.fingerprint()
        ])?;
    }
    let changed = lines.iter().filter(|l| l.mark != Mark::Same).count();
    let title = week_title_vi(monday);
    let (vi, en) = if revision == 1 {
        (format!("Công bố lịch công tác {title}"), format!("Published the schedule of {title}"))
    } else {
        (
            format!(
                "Công bố điều chỉnh lần {} lịch công tác {title}: {changed} nội dung thay đổi",
                revision - 1
            ),
            format!(
                "Published adjustment {} of the schedule of {title}: {changed} lines changed",
                revision - 1
            ),
        )
    };
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ScheduleWeek, id: Some(id) },
        said(vi, en),
        &serde_json::json!({ "weekStart": monday, "revision": revision, "changed": changed }),
    )?;
    publication(w, monday, Some(revision))?.ok_or(CoreError::NotFound { what: Noun::SchedulePublication })
}

/// A line of the week as the people keeping it see it: marked against the latest
/// publication; a secret line is never published.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeekLine {
    pub line: Line,
    /// What changed: since the latest publication if `pending`, else what the latest
    /// publication marked (`New` for everything before the first one).
    pub mark: Mark,
    /// The change is not published yet.
    pub pending: bool,
    /// Secret: on the Office's screens, never on the published schedule.
    pub unpublished: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeekDay {
    pub date: NaiveDate,
    /// "Thứ Hai".
    pub weekday: String,
    pub lines: Vec<WeekLine>,
}

/// A week of the schedule as a person sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    pub week_start: NaiveDate,
    pub iso_week: u32,
    /// "Tuần 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)".
    pub title: String,
    pub publication: Option<Publication>,
    /// "(Điều chỉnh lần 2) (Cập nhật lần cuối: 14:36 02/12/2026)"; empty before the first.
    pub revision_title: String,
    pub revision_title_en: String,
    /// How many lines a publication now would add, change, cancel or move.
    pub changes: u32,
    pub days: Vec<WeekDay>,
    pub allowed: ScheduleAllowed,
}

pub fn week(conn: &Connection, actor: &Actor, day: NaiveDate, leader: Option<UserId>) -> CoreResult<Week> {
    let monday = week_start(day);
    let seen = lines(conn, Viewer::Person(actor), monday, monday + Duration::days(6), leader)?;
    let pending = pending(conn, monday)?;
    let publication = publication(conn, monday, None)?;
    let published = match &publication {
        Some(p) => published_lines(conn, p.id)?,
        None => Vec::new(),
    };
    let changes = if publication.is_none() && pending.is_empty() {
        0
    } else {
        pending.iter().filter(|p| p.mark != Mark::Same).count() as u32
    };
    let mut marked: Vec<WeekLine> = seen
        .into_iter()
        .map(|line| {
            let waiting = pending.iter().find(|p| p.line.key == line.key).map_or(Mark::New, |p| p.mark);
            let (mark, pending) = match published.iter().find(|p| p.line.key == line.key) {
                // A secret line is never published, so it never waits to be.
                _ if line.secrecy != Clearance::None => (Mark::Same, false),
                Some(p) if waiting == Mark::Same => (p.mark, false),
                _ => (waiting, true),
            };
            WeekLine { mark, pending, unpublished: line.secrecy != Clearance::None, line }
        })
        .collect();
    // What the next publication will cancel or move is shown in its place.
    for gone in pending.iter().filter(|p| matches!(p.mark, Mark::Cancelled | Mark::Moved)) {
        let mine = leader.is_none_or(|l| gone.line.leaders.iter().any(|x| x.user_id == l));
        if mine && !marked.iter().any(|m| m.line.key == gone.line.key) {
            marked.push(WeekLine {
                line: gone.line.clone(),
                mark: gone.mark,
                pending: true,
                unpublished: false,
            });
        }
    }
    marked.sort_by(|a, b| (a.line.starts_at, &a.line.key).cmp(&(b.line.starts_at, &b.line.key)));
    let days = (0..7)
        .map(|n| {
            let date = monday + Duration::days(n);
            WeekDay {
                date,
                weekday: super::model::WEEKDAYS_VI[n as usize].to_string(),
                lines: marked.iter().filter(|l| l.line.starts_at.date() == date).cloned().collect(),
            }
        })
        .collect();
    Ok(Week {
        week_start: monday,
        iso_week: chrono::Datelike::iso_week(&monday).week(),
        title: week_title_vi(monday),
        revision_title: publication.as_ref().map(Publication::revision_title_vi).unwrap_or_default(),
        revision_title_en: publication.as_ref().map(Publication::revision_title_en).unwrap_or_default(),
        publication,
        changes,
        days,
        allowed: super::model::allowed(actor),
    })
}
