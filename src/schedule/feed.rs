//! The published schedule for people outside the Office: calendar feeds (RFC 5545 with
//! RFC 7986's NAME and REFRESH-INTERVAL; icalendar builds and parses them) for the whole
//! Committee and for each leader, and the public page the provincial portal links to.
//! Both are read from publications alone ([`super::publish`]), so they show exactly
//! what was published, never a secret line, and never what is still being edited.
//!
//! An entry keeps one UID for its life; its SEQUENCE is the one its publication gave
//! (raised at every change), and a cancelled entry stays in the feed as
//! `STATUS:CANCELLED` with its raised sequence, which is how clients learn of it.
//!
//! What is published changes only when something is published, so what these pages are
//! built from is kept once built (`Published`, `kept`): keyed by the latest publication, a
//! publication replaces it, and anonymous readers cost a lookup, not a build.

use super::model::{Line, WEEKDAYS_VI, week_start, week_title_vi};
use super::publish::{Mark, Publication, PublishedLine, publication, published_lines};
use crate::clock::vietnam_offset;
use crate::db::Database;
use crate::error::CoreResult;
use crate::settings::Organisation;
use crate::vocabulary::UserId;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// One public text (a feed, a week's page, a month's programme) as built from one state
/// of the publications of one office.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Published {
    /// The office's data directory: one process may open several (the tests do).
    store: PathBuf,
    /// Which text: "ics:all", "ics:12", "page:2026-11-23", "programme:2026-11".
    text: String,
    /// Everything else it is built from: the span read, the organisation and leader named,
    /// and the latest publication (id and time). Publications are never changed (SQL
    /// triggers), so until the next one the same text comes out.
    version: String,
}

/// Texts kept at most; the oldest go first when more are asked for (a crawler walking
/// the weeks of the public page).
const MOST_KEPT: usize = 256;

type Slot = Arc<Mutex<Option<Arc<str>>>>;

/// The texts built, each with the order it was kept in.
#[derive(Default)]
struct Kept {
    counter: u64,
    texts: HashMap<Published, (u64, Slot)>,
}

/// Process-wide rather than a field of `App`: the key names the office (its data
/// directory) anyway.
static KEPT: LazyLock<Mutex<Kept>> = LazyLock::new(Default::default);

/// The latest publication of the weekly schedule (`schedule_publication`) or of the work
/// programme (`programme_publication`), as a version: its id and time.
fn latest_publication(conn: &Connection, table: Publications) -> CoreResult<String> {
    let sql = match table {
        Publications::Schedule => {
            "SELECT id, published_at FROM schedule_publication ORDER BY id DESC LIMIT 1"
        }
        Publications::Programme => {
            "SELECT id, published_at FROM programme_publication ORDER BY id DESC LIMIT 1"
        }
    };
    let latest: Option<(i64, String)> =
        conn.prepare_cached(sql)?.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(latest.map_or_else(|| "none".to_string(), |(id, at)| format!("{id}@{at}")))
}

/// Which publications a public text is built from.
#[derive(Debug, Clone, Copy)]
pub enum Publications {
    Schedule,
    Programme,
}

impl Published {
    fn new(store: &Path, text: String, version: String) -> Published {
        Published { store: store.to_path_buf(), text, version }
    }

    /// The text kept for this key, or `build`'s, kept. While one caller builds, the
    /// others asking for the same wait for it rather than build it again; an older
    /// version of the same text is dropped.
    fn get_or_build(self, build: impl FnOnce() -> CoreResult<String>) -> CoreResult<String> {
        let slot = {
            let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
            let Kept { counter, texts } = &mut *kept;
            texts.retain(|k, _| k.store != self.store || k.text != self.text || k.version == self.version);
            if !texts.contains_key(&self) && texts.len() >= MOST_KEPT {
                let oldest = texts.iter().min_by_key(|(_, (order, _))| *order).map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    texts.remove(&oldest);
                }
            }
            *counter += 1;
            let order = *counter;
            texts.entry(self).or_insert_with(|| (order, Slot::default())).1.clone()
        };
        let mut built = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = built.as_ref() {
            return Ok(text.to_string());
        }
        let text = build()?;
        *built = Some(Arc::from(text.as_str()));
        Ok(text)
    }
}

/// A public text as it was last built, or as `build` makes it now if a publication (or
/// the Office's own name) came since: `key` names the text ("ics:all", "page:2026-12-07"),
/// `window` anything else it depends on.
pub fn kept(
    db: &Database,
    store: &Path,
    organisation: &Organisation,
    publications: Publications,
    key: String,
    window: &str,
    build: impl FnOnce(&Connection) -> CoreResult<String>,
) -> CoreResult<String> {
    let latest = db.read(|conn| latest_publication(conn, publications))?;
    Published::new(store, key, format!("{window} {organisation:?} {latest}")).get_or_build(|| db.read(build))
}

/// Days before and after today a feed covers.
const FEED_DAYS: i64 = 366;

/// The schedule's feed, a year either side of `today`: the whole Committee's, or one
/// leader's (a leader the schedule does not know is not found).
pub fn schedule_feed(
    db: &Database,
    store: &Path,
    organisation: &Organisation,
    leader_id: Option<UserId>,
    today: NaiveDate,
) -> CoreResult<String> {
    let (from, to) = (today - Duration::days(FEED_DAYS), today + Duration::days(FEED_DAYS));
    let leader = match leader_id {
        Some(id) => Some((id, db.read(|conn| super::leader_name(conn, id))?)),
        None => None,
    };
    let key = leader.as_ref().map_or_else(|| "ics:all".to_string(), |(id, _)| format!("ics:{id}"));
    let window = format!("{from}..{to} {leader:?}");
    kept(db, store, organisation, Publications::Schedule, key, &window, |conn| {
        ics(conn, organisation, leader.as_ref().map(|(id, name)| (*id, name.as_str())), from, to)
    })
}

/// How often calendar clients are asked to read the feed again.
pub const REFRESH_MINUTES: i64 = 60;

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    vietnam_offset()
        .from_local_datetime(&at)
        .single()
        .expect("Vietnam has no daylight saving")
        .with_timezone(&Utc)
}

/// The UID of a line: the same for the life of the entry or sitting, and opaque — a
/// keyed digest of its key (`entry:12`) under the installation's `salt`
/// ([`crate::settings::public_id_salt`]), so the published feed tells nothing of how many
/// entries, secret ones among them, lie between two it shows.
pub fn uid(salt: &str, organisation: &Organisation, key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new().chain_update(salt).chain_update(":").chain_update(key).finalize();
    format!("{}@lich.vanphong.{}", &hex::encode(digest)[..32], organisation.province_code)
}

/// The latest published line of every entry and sitting starting from `from` to `to`,
/// with the time of its publication, in time order.
pub fn published_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<(PublishedLine, DateTime<Utc>)>> {
    let mut statement = conn.prepare_cached(
        "SELECT l.line, l.mark, l.sequence, p.published_at FROM schedule_line l
             JOIN schedule_publication p ON p.id = l.publication_id
         WHERE p.revision = (SELECT max(q.revision) FROM schedule_publication q WHERE q.week_start = p.week_start)
             AND p.week_start >= ?1 AND p.week_start <= ?2 AND l.mark <> 'moved'
         ORDER BY l.starts_at, l.key",
    )?;
    let rows = statement.query_map(params![week_start(from).to_string(), to.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Mark>(1)?, r.get::<_, u32>(2)?, r.get::<_, DateTime<Utc>>(3)?))
    })?;
    let mut out: Vec<(PublishedLine, DateTime<Utc>)> = Vec::new();
    for row in rows {
        let (json, mark, sequence, at) = row?;
        let Ok(line) = serde_json::from_str::<Line>(&json) else { continue };
        if line.starts_at.date() < from || line.starts_at.date() > to {
            continue;
        }
        // An entry moved from one published week to another is in both; the later
        // publication holds its truth.
        if let Some(i) = out.iter().position(|(p, _)| p.line.key == line.key) {
            if out[i].0.sequence > sequence {
                continue;
            }
            out.remove(i);
        }
        out.push((PublishedLine { line, mark, sequence }, at));
    }
    Ok(out)
}

/// The feed for the whole Committee, or for `leader` (with their name), of what was
/// published from `from` to `to`.
pub fn ics(
    conn: &Connection,
    organisation: &Organisation,
    leader: Option<(UserId, &str)>,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<String> {
    let name = match leader {
        Some((_, name)) => format!("Lịch công tác - {name}"),
        None => format!("Lịch công tác lãnh đạo {}", organisation.committee_name),
    };
    let salt = crate::settings::public_id_salt(conn)?;
    let mut calendar = Calendar::new();
    calendar
        .name(&name)
        .description(&format!("{} - {}", name, organisation.office_name))
        .timezone("Asia/Ho_Chi_Minh")
        .ttl(&Duration::minutes(REFRESH_MINUTES));
    for (published, at) in published_between(conn, from, to)? {
        let line = &published.line;
        if let Some((id, _)) = leader
            && !line.leaders.iter().any(|l| l.user_id == id)
        {
            continue;
        }
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(&salt, organisation, &line.key))
            .timestamp(at)
            .sequence(published.sequence)
            .summary(&line.content)
            .location(&line.place)
            .description(&describe(line))
            .starts(utc(line.starts_at))
            .ends(utc(line.ends_at))
            .status(if line.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        calendar.push(event.done());
    }
    Ok(calendar.done().to_string())
}

/// A line's people and preparation, in words, for a calendar entry's description.
fn describe(line: &Line) -> String {
    let mut parts = Vec::new();
    let chair: Vec<&str> = line.leaders.iter().filter(|l| l.chairs).map(|l| l.name.as_str()).collect();
    let others: Vec<&str> = line.leaders.iter().filter(|l| !l.chairs).map(|l| l.name.as_str()).collect();
    if !chair.is_empty() {
        parts.push(format!("Chủ trì: {}", chair.join(", ")));
    }
    if !others.is_empty() {
        parts.push(format!("Lãnh đạo dự: {}", others.join(", ")));
    }
    if !line.participants.is_empty() {
        parts.push(format!("Thành phần: {}", line.participants));
    }
    if !line.preparing.is_empty() {
        parts.push(line.preparing.clone());
    }
    if !line.notes.is_empty() {
        parts.push(format!("Ghi chú: {}", line.notes));
    }
    parts.join("\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The leaders of a line as the table's column shows them: "Chủ trì: …; Dự: …".
pub fn leaders_cell(line: &Line) -> String {
    let chair: Vec<String> = line.leaders.iter().filter(|l| l.chairs).map(leader_name).collect();
    let others: Vec<String> = line.leaders.iter().filter(|l| !l.chairs).map(leader_name).collect();
    let mut parts = Vec::new();
    if !chair.is_empty() {
        parts.push(format!("Chủ trì: {}", chair.join(", ")));
    }
    if !others.is_empty() {
        parts.push(format!("{}{}", if chair.is_empty() { "" } else { "Dự: " }, others.join(", ")));
    }
    parts.join("; ")
}

fn leader_name(leader: &super::model::LineLeader) -> String {
    if leader.title.is_empty() {
        format!("Đ/c {}", leader.name)
    } else {
        format!("Đ/c {} - {}", leader.name, leader.title)
    }
}

/// The notes column: the mark of an adjustment first, then the line's own notes.
pub fn notes_cell(published: &PublishedLine) -> String {
    // A cancelled line's notes say so, with the reason.
    let word = if published.line.cancelled { "" } else { published.mark.word_vi() };
    [word, published.line.notes.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(". ")
}

/// The public page of a week, as the portal links to it: its latest publication, or a
/// line saying it is not published yet. A full HTML document with its own styles.
pub fn public_page(conn: &Connection, organisation: &Organisation, day: NaiveDate) -> CoreResult<String> {
    let monday = week_start(day);
    let publication: Option<Publication> = publication(conn, monday, None)?;
    let title = week_title_vi(monday);
    let mut html = String::new();
    let heading = format!("LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO {}", organisation.committee_name.to_uppercase());
    html.push_str(&format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} - {}</title><style>{}</style></head><body>",
        escape(&heading),
        escape(&title),
        PAGE_STYLE
    ));
    html.push_str(&format!(
        "<header><p class=\"office\">{}</p>",
        escape(&organisation.office_name.to_uppercase())
    ));
    html.push_str(&format!("<h1>{}</h1><p class=\"week\">{}</p>", escape(&heading), escape(&title)));
    let previous = monday - Duration::days(7);
    let next = monday + Duration::days(7);
    html.push_str(&format!(
        "<nav><a href=\"?week={previous}\">← Tuần trước</a> <a href=\"?week={next}\">Tuần sau →</a></nav>"
    ));
    let Some(publication) = publication else {
        html.push_str(
            "</header><p class=\"empty\">Lịch công tác tuần này chưa được công bố.</p></body></html>",
        );
        return Ok(html);
    };
    html.push_str(&format!(
        "<p class=\"revision\">{}</p></header>",
        escape(&publication.revision_title_vi())
    ));
    html.push_str(
        "<table><thead><tr><th>Ngày</th><th>Thời gian</th><th>Nội dung</th><th>Lãnh đạo chủ trì / tham dự</th>\
         <th>Địa điểm</th><th>Thành phần</th><th>Lãnh đạo Văn phòng và phòng theo dõi</th><th>Ghi chú</th></tr>\
         </thead><tbody>",
    );
    let lines = published_lines(conn, publication.id)?;
    if lines.is_empty() {
        html.push_str("<tr><td colspan=\"8\" class=\"empty\">Không có lịch.</td></tr>");
    }
    for n in 0..7 {
        let date = monday + Duration::days(n);
        let of_day: Vec<&PublishedLine> = lines.iter().filter(|l| l.line.starts_at.date() == date).collect();
        for (i, published) in of_day.iter().enumerate() {
            let line = &published.line;
            let class = match (line.cancelled, published.mark) {
                (true, _) => " class=\"cancelled\"",
                (_, Mark::New | Mark::Changed | Mark::Moved) => " class=\"changed\"",
                _ => "",
            };
            html.push_str(&format!("<tr{class}>"));
            if i == 0 {
                html.push_str(&format!(
                    "<td rowspan=\"{}\" class=\"day\">{}<br>{}</td>",
                    of_day.len(),
                    WEEKDAYS_VI[date.weekday().num_days_from_monday() as usize],
                    date.format("%d/%m/%Y")
                ));
            }
            let content = if line.preparing.is_empty() {
                escape(&line.content)
            } else {
                format!("{}<br><em>({})</em>", escape(&line.content), escape(&line.preparing))
            };
            html.push_str(&format!(
                "<td>{}</td><td>{content}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&line.time_vi()),
                escape(&leaders_cell(line)),
                escape(&line.place),
                escape(&line.participants),
                escape(&line.follow),
                escape(&notes_cell(published)),
            ));
        }
    }
    html.push_str(&format!(
        "</tbody></table><footer>Lịch lãnh đạo dạng lịch điện tử (iCalendar): <a href=\"schedule.ics\">schedule.ics</a> · \
         công bố lần {} lúc {}.</footer></body></html>",
        publication.revision,
        publication.published_at.with_timezone(&vietnam_offset()).format("%H:%M %d/%m/%Y"),
    ));
    Ok(html)
}

const PAGE_STYLE: &str = "body{font-family:'Liberation Serif','Times New Roman',serif;margin:1.5rem;color:#111}\
header{text-align:center}h1{font-size:1.25rem;margin:.4rem 0}.office{font-weight:bold;margin:0}\
.week{font-weight:bold;margin:.2rem 0}.revision{font-style:italic;margin:.2rem 0 1rem}\
nav a{margin:0 .6rem}table{border-collapse:collapse;width:100%;font-size:.95rem}\
th,td{border:1px solid #444;padding:.3rem .4rem;vertical-align:top;text-align:left}th{background:#eee}\
td.day{font-weight:bold;white-space:nowrap}tr.changed td{color:#b00020}tr.cancelled td{text-decoration:line-through;color:#666}\
.empty{text-align:center;font-style:italic}footer{margin-top:1rem;font-size:.85rem;color:#444}";

/// The public page of a month's work programme: its latest publication, as published.
pub fn programme_page(
    conn: &Connection,
    organisation: &Organisation,
    year: i32,
    month: u32,
) -> CoreResult<String> {
    let heading = format!(
        "CHƯƠNG TRÌNH CÔNG TÁC THÁNG {month} NĂM {year} CỦA {}",
        organisation.committee_name.to_uppercase()
    );
    let mut html = format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{PAGE_STYLE}</style>\
         </head><body><header><p class=\"office\">{}</p><h1>{}</h1>",
        escape(&heading),
        escape(&organisation.office_name.to_uppercase()),
        escape(&heading)
    );
    let published = super::programme::last_publication(conn, year, month)?;
    let Some((revision, at, lines)) = published else {
        html.push_str("</header><p class=\"empty\">Chương trình công tác tháng này chưa được công bố.</p></body></html>");
        return Ok(html);
    };
    let at = at.with_timezone(&vietnam_offset()).format("%H:%M %d/%m/%Y");
    let title = if revision > 1 {
        format!("(Điều chỉnh lần {}) (Cập nhật lần cuối: {at})", revision - 1)
    } else {
        format!("(Cập nhật lần cuối: {at})")
    };
    html.push_str(&format!("<p class=\"revision\">{}</p></header>", escape(&title)));
    html.push_str(
        "<table><thead><tr><th>STT</th><th>Nội dung</th><th>Cơ quan trình</th><th>Lãnh đạo phụ trách</th>\
         <th>Phòng theo dõi</th><th>Tình trạng</th></tr></thead><tbody>",
    );
    for (n, line) in lines.iter().enumerate() {
        let text = |key: &str| escape(line[key].as_str().unwrap_or_default());
        let kind = line["kind"]
            .as_str()
            .and_then(super::programme::ProgrammeKind::parse)
            .map_or("", |k| k.name_vi());
        let status = line["status"]
            .as_str()
            .and_then(super::programme::ProgrammeStatus::parse)
            .map_or("", |k| k.name_vi());
        let reason = text("reason");
        html.push_str(&format!(
            "<tr><td>{}</td><td>{kind}: {}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}{}</td></tr>",
            n + 1,
            text("title"),
            text("agency"),
            text("leader"),
            text("department"),
            if reason.is_empty() { String::new() } else { format!(": {reason}") }
        ));
    }
    html.push_str("</tbody></table></body></html>");
    Ok(html)
}
