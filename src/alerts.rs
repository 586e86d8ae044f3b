//! Deadline alerts. [`scan_now`] looks at every open deadline — directions, incoming
//! documents being handled, drafts waiting for review that answer a document with a
//! deadline — and raises, for each person responsible, "due in N working days" (N from
//! the person's settings, default 3 and 1), "due today" and "overdue".
//!
//! Each alert is one row per person, object, deadline and kind, so a scan can run any
//! number of times and raises each alert once; a scan after days of downtime raises
//! what fell due meanwhile (the most pressing kind only: an overdue item does not also
//! get its missed "due in 3 days"). A nearer "due in N" stage (the person's settings)
//! and the Office's next reminder renew that row — unread again, with the new count —
//! rather than add another, so the bell never repeats itself. A new deadline (an
//! extension) is alerted afresh. Raised alerts are audited, so they reach the UI through
//! the event stream.
//!
//! What the bell shows is true today: "due in N working days" is counted when listed (the
//! working days after today up to and including the deadline), a "due soon" or "due
//! today" that has since become due today or overdue gives way to it, and the alerts of
//! an object that is finished (a direction completed, a document closed, a draft no
//! longer waiting for that person, a meeting or round closed or cancelled) or whose
//! deadline has changed are no longer shown — and, as the scan watches only open
//! deadlines, not raised again.

use crate::app::App;
use crate::audit::{ObjectRef, Writer};
use crate::calendar::Calendar;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, UserId, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use ts_rs::TS;

text_enum! {
    pub enum AlertKind {
        DueSoon = "due_soon",
        DueToday = "due_today",
        Overdue = "overdue",
        /// A meeting's invitation has been sent.
        Invitation = "invitation",
        /// A written round asks for the person's opinion.
        OpinionRequest = "opinion_request",
        /// The Office reminds the person of an answer not given (`days`: the reminder's
        /// number).
        Reminder = "reminder",
    }
}

text_enum! {
    pub enum AlertObject {
        Direction = "direction",
        Incoming = "incoming",
        Outgoing = "outgoing",
        Meeting = "meeting",
    }
}

impl AlertObject {
    /// The object's name in the audit log and for [`crate::secrecy::may_see`].
    pub fn object_type(self) -> crate::vocabulary::ObjectKind {
        use crate::vocabulary::ObjectKind;
        match self {
            AlertObject::Direction => ObjectKind::Direction,
            AlertObject::Incoming => ObjectKind::IncomingDocument,
            AlertObject::Outgoing => ObjectKind::OutgoingDocument,
            AlertObject::Meeting => ObjectKind::Meeting,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: AlertKind,
    /// Working days left, for `due_soon`.
    pub days: u32,
    pub object_type: AlertObject,
    #[ts(type = "number")]
    pub object_id: i64,
    pub deadline: NaiveDate,
    pub title: String,
    pub raised_at: DateTime<Utc>,
    pub read: bool,
}

/// Something with a deadline and the people who answer for it.
struct Watched {
    object: AlertObject,
    id: i64,
    secrecy: Clearance,
    deadline: NaiveDate,
    title: String,
    people: Vec<UserId>,
}

fn watched(conn: &Connection) -> CoreResult<Vec<Watched>> {
    let mut items = Vec::new();
    // Directions: the follower and the lead agency's accounts.
    let mut statement = conn.prepare(
        "SELECT d.id, d.deadline, 'NV ' || printf('%02d', d.number) || '/' || d.year || ': ' || d.content,
             d.follower_id, d.lead_agency_id, d.secrecy
         FROM direction d WHERE d.completed_on IS NULL",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    for row in rows {
        let (id, deadline, title, follower, agency, secrecy) = row?;
        let people = crate::directions::tracking::responsible(conn, follower, agency)?;
        items.push(Watched { object: AlertObject::Direction, id, secrecy, deadline, title, people });
    }
    // Incoming documents being handled: the lead specialist and the others assigned; while
    // not yet assigned, the heads of the lead department.
    let mut statement = conn.prepare(
        "SELECT d.id, d.deadline, d.number_symbol || ' – ' || d.summary, d.handler_id, d.lead_department_id,
             d.secrecy
         FROM incoming_document d WHERE d.status <> 'closed' AND d.deadline IS NOT NULL",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<UserId>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Clearance>(5)?,
        ))
    })?;
    let mut assignees = conn.prepare("SELECT user_id FROM incoming_assignee WHERE document_id = ?1")?;
    let mut heads = conn.prepare(
        "SELECT id FROM user WHERE department_id = ?1 AND role = 'department_head' AND active = 1",
    )?;
    for row in rows {
        let (id, deadline, title, handler, department, secrecy) = row?;
        let mut people: Vec<UserId> = Vec::new();
        if let Some(handler) = handler {
            people.push(handler);
            for user in assignees.query_map([id], |r| r.get(0))? {
                people.push(user?);
            }
        } else if let Some(department) = department {
            for user in heads.query_map([department], |r| r.get(0))? {
                people.push(user?);
            }
        }
        items.push(Watched { object: AlertObject::Incoming, id, secrecy, deadline, title, people });
    }
    // Drafts waiting for someone's review that answer a document with a deadline.
    let mut statement = conn.prepare(
        "SELECT o.id, i.deadline, 'Dự thảo trả lời ' || i.number_symbol || ' – ' || o.summary, o.holder_id,
             max(o.secrecy, i.secrecy)
         FROM outgoing_document o JOIN incoming_document i ON i.id = o.reply_to_incoming_id
         WHERE o.status = 'in_review' AND o.holder_id IS NOT NULL AND i.deadline IS NOT NULL",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(Watched {
            object: AlertObject::Outgoing,
            id: r.get(0)?,
            deadline: r.get(1)?,
            title: r.get(2)?,
            people: vec![r.get(3)?],
            secrecy: r.get(4)?,
        })
    })?;
    for row in rows {
        items.push(row?);
    }
    // Written rounds sent and not closed: the members who have not answered every
    // question.
    let mut statement = conn.prepare(
        "SELECT m.id, m.opinion_deadline, 'Lấy ý kiến: ' || m.title, m.secrecy FROM meeting m
         WHERE m.kind = 'written' AND m.opinion_sent_at IS NOT NULL AND m.opinion_closed_at IS NULL
             AND m.status <> 'cancelled' AND m.opinion_deadline IS NOT NULL",
    )?;
    let rounds: Vec<(i64, NaiveDate, String, Clearance)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    for (id, deadline, title, secrecy) in rounds {
        let people = unanswered(conn, id)?;
        items.push(Watched { object: AlertObject::Meeting, id, secrecy, deadline, title, people });
    }
    Ok(items)
}

/// The members of written round `meeting` who have not answered every question put to
/// them.
pub fn unanswered(conn: &Connection, meeting: i64) -> CoreResult<Vec<UserId>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.user_id FROM meeting_person p WHERE p.meeting_id = ?1 AND p.part = 'member'
             AND EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = ?1 AND i.admitted = 1
                 AND NOT EXISTS (SELECT 1 FROM opinion_answer a WHERE a.item_id = i.id AND a.user_id = p.user_id))",
    )?;
    let rows = statement.query_map([meeting], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Tell `people` about meeting `meeting` now (an invitation, a written round's request, a
/// reminder): one alert each, audited so it reaches them, for those who may see it.
#[allow(clippy::too_many_arguments)]
pub fn notify(
    w: &mut Writer<'_>,
    people: &[UserId],
    kind: AlertKind,
    days: u32,
    meeting: i64,
    deadline: NaiveDate,
    title: &str,
    secrecy: Clearance,
) -> CoreResult<usize> {
    let mut due = Vec::new();
    for person in people {
        let Some(actor) = crate::auth::actor(w, *person)? else { continue };
        if !crate::secrecy::may_see(w, &actor, crate::vocabulary::ObjectKind::Meeting, Some(meeting))? {
            continue;
        }
        due.push(Pending {
            person: *person,
            kind,
            days,
            object: AlertObject::Meeting,
            id: meeting,
            deadline,
            title: title.to_string(),
            secrecy,
            renew: if kind == AlertKind::Reminder { Renew::IfDaysBelow(days) } else { Renew::Never },
        });
    }
    raise(w, &due)
}

/// Which alert is due for a deadline seen on `today` by a person alerted `days` working
/// days ahead: overdue, due today, "due in N" with N the working days left (once N is
/// within one of the person's `days`), or none.
pub fn due(
    calendar: &Calendar,
    deadline: NaiveDate,
    today: NaiveDate,
    days: &[u32],
) -> Option<(AlertKind, u32)> {
    if deadline < today {
        return Some((AlertKind::Overdue, 0));
    }
    if deadline == today {
        return Some((AlertKind::DueToday, 0));
    }
    let left = calendar.working_days_between(today, deadline);
    stage(left, days).map(|_| (AlertKind::DueSoon, left))
}

/// The person's nearest setting that `left` working days have reached ("3, 1": 2 left
/// reach 3), if any: each setting reached is alerted once.
fn stage(left: u32, days: &[u32]) -> Option<u32> {
    days.iter().copied().filter(|n| left <= *n).min()
}

/// How an alert reads in Vietnamese: "Quá hạn", "Đến hạn hôm nay", "Còn 3 ngày làm việc".
pub fn heading(kind: AlertKind, days: u32) -> String {
    match kind {
        AlertKind::Overdue => "Quá hạn".to_string(),
        AlertKind::DueToday => "Đến hạn hôm nay".to_string(),
        AlertKind::DueSoon => format!("Còn {days} ngày làm việc"),
        AlertKind::Invitation => "Giấy mời họp".to_string(),
        AlertKind::OpinionRequest => "Đề nghị cho ý kiến".to_string(),
        AlertKind::Reminder => format!("Nhắc lần {days}: đề nghị cho ý kiến"),
    }
}

/// The same in English: "Overdue", "Due today", "3 working days left".
pub fn heading_en(kind: AlertKind, days: u32) -> String {
    match kind {
        AlertKind::Overdue => "Overdue".to_string(),
        AlertKind::DueToday => "Due today".to_string(),
        AlertKind::DueSoon if days == 1 => "1 working day left".to_string(),
        AlertKind::DueSoon => format!("{days} working days left"),
        AlertKind::Invitation => "Meeting invitation".to_string(),
        AlertKind::OpinionRequest => "Your opinion is asked".to_string(),
        AlertKind::Reminder => format!("Reminder {days}: your opinion is asked"),
    }
}

impl Alert {
    pub fn heading(&self) -> String {
        heading(self.kind, self.days)
    }

    /// Overdue first, then due today, then the fewest days left.
    fn urgency(&self) -> (u8, u32) {
        match self.kind {
            AlertKind::Overdue => (0, 0),
            AlertKind::DueToday => (1, 0),
            AlertKind::DueSoon => (2, self.days),
            AlertKind::Reminder => (3, 0),
            AlertKind::OpinionRequest | AlertKind::Invitation => (4, 0),
        }
    }
}

/// What a desktop notification says about alerts raised together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// One notice for `alerts` raised at once: a single alert reads as itself; several (a
/// scan after a holiday can raise dozens) become one notice that names the most pressing,
/// rather than a flood.
pub fn notice(alerts: &[Alert]) -> Option<Notice> {
    let first = alerts.iter().min_by_key(|a| (a.urgency(), a.deadline, a.id))?;
    if alerts.len() == 1 {
        return Some(Notice { title: first.heading(), body: first.title.clone() });
    }
    let overdue = alerts.iter().filter(|a| a.kind == AlertKind::Overdue).count();
    let title = if overdue > 0 {
        format!("{} cảnh báo hạn mới, {overdue} quá hạn", alerts.len())
    } else {
        format!("{} cảnh báo hạn mới", alerts.len())
    };
    Some(Notice { title, body: format!("{}: {}", first.heading(), first.title) })
}

/// An alert due and not yet raised.
struct Pending {
    person: UserId,
    kind: AlertKind,
    days: u32,
    object: AlertObject,
    id: i64,
    deadline: NaiveDate,
    title: String,
    secrecy: Clearance,
    renew: Renew,
}

/// When an alert already raised for the same person, object, deadline and kind is
/// renewed (made unread again, with the new `days`) rather than left as it is.
#[derive(Debug, Clone, Copy)]
enum Renew {
    Never,
    /// A nearer "due in N" stage: the row's days left are beyond the stage now reached.
    IfDaysAbove(u32),
    /// The Office's next reminder: the row holds an earlier reminder's number.
    IfDaysBelow(u32),
}

impl Renew {
    fn applies(self, raised_days: u32) -> bool {
        match self {
            Renew::Never => false,
            Renew::IfDaysAbove(n) => raised_days > n,
            Renew::IfDaysBelow(n) => raised_days < n,
        }
    }
}

/// The alert already raised for a person, object, deadline and kind: its id and days.
fn raised_before(
    conn: &Connection,
    person: UserId,
    object: AlertObject,
    id: i64,
    deadline: NaiveDate,
    kind: AlertKind,
) -> CoreResult<Option<(i64, u32)>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, days FROM alert WHERE user_id = ?1 AND object_type = ?2 AND object_id = ?3 AND deadline = ?4
             AND kind = ?5 ORDER BY id DESC LIMIT 1",
    )?;
    Ok(rusqlite::OptionalExtension::optional(
        statement.query_row(params![person, object, id, deadline, kind], |r| Ok((r.get(0)?, r.get(1)?))),
    )?)
}

/// The alerts due on `today` that have not been raised yet.
fn pending(conn: &Connection, today: NaiveDate) -> CoreResult<Vec<Pending>> {
    let calendar = Calendar::load(conn)?;
    let settings: HashMap<UserId, Vec<u32>> = {
        let mut statement = conn.prepare("SELECT id, alert_days FROM user WHERE active = 1")?;
        let rows = statement.query_map([], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| r.map(|(id, text)| (id, crate::org::user::parse_alert_days(&text))))
            .collect::<Result<_, _>>()?
    };
    let mut out = Vec::new();
    let mut actors: HashMap<UserId, Option<Actor>> = HashMap::new();
    for item in watched(conn)? {
        for person in &item.people {
            let Some(days) = settings.get(person) else { continue };
            // Only someone who may see the object hears of it (secrecy, an agency's own).
            let actor = match actors.get(person) {
                Some(actor) => actor.clone(),
                None => {
                    let actor = crate::auth::actor(conn, *person)?;
                    actors.insert(*person, actor.clone());
                    actor
                }
            };
            let Some(actor) = actor else { continue };
            if !crate::secrecy::may_see(conn, &actor, item.object.object_type(), Some(item.id))? {
                continue;
            }
            let Some((kind, n)) = due(&calendar, item.deadline, today, days) else { continue };
            let renew = match kind {
                AlertKind::DueSoon => Renew::IfDaysAbove(stage(n, days).unwrap_or(n)),
                _ => Renew::Never,
            };
            let known = raised_before(conn, *person, item.object, item.id, item.deadline, kind)?;
            if known.is_none_or(|(_, raised_days)| renew.applies(raised_days)) {
                out.push(Pending {
                    person: *person,
                    kind,
                    days: n,
                    object: item.object,
                    id: item.id,
                    deadline: item.deadline,
                    title: item.title.clone(),
                    secrecy: item.secrecy,
                    renew,
                });
            }
        }
    }
    Ok(out)
}

/// Raise `alerts` (or renew the row already raised, as each says), each audited;
/// returns how many were raised or renewed. Checked again here, in the writing
/// transaction, so two scans at once still raise each alert once.
fn raise(w: &mut Writer<'_>, alerts: &[Pending]) -> CoreResult<usize> {
    let mut raised = 0;
    for a in alerts {
        let id = match raised_before(w, a.person, a.object, a.id, a.deadline, a.kind)? {
            None => {
                w.execute(
                    "INSERT INTO alert (user_id, kind, days, object_type, object_id, deadline, title, raised_at,
                         secrecy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![a.person, a.kind, a.days, a.object, a.id, a.deadline, a.title, w.now_text(), a.secrecy],
                )?;
                Some(w.last_insert_rowid())
            }
            Some((id, raised_days)) if a.renew.applies(raised_days) => {
                w.execute(
                    "UPDATE OR IGNORE alert SET days = ?2, title = ?3, raised_at = ?4, read_at = NULL WHERE id = ?1",
                    params![id, a.days, a.title, w.now_text()],
                )?;
                Some(id)
            }
            Some(_) => None,
        };
        if let Some(id) = id {
            let title = a.title.chars().take(120).collect::<String>();
            w.audit(
                ObjectRef { kind: crate::vocabulary::ObjectKind::Alert, id: Some(id) },
                crate::audit::said(
                    format!("{}: {title}", heading(a.kind, a.days)),
                    format!("{}: {title}", heading_en(a.kind, a.days)),
                ),
                &serde_json::json!({ "userId": a.person }),
            )?;
            raised += 1;
        }
    }
    Ok(raised)
}

/// Raise the alerts due at the app clock's time, as the system; returns how many. Most
/// scans find nothing new, and then nothing is written.
pub fn scan_now(app: &App) -> CoreResult<usize> {
    let now = app.now();
    let due = app.db().read(|conn| pending(conn, vietnam_date(now)))?;
    if due.is_empty() {
        return Ok(0);
    }
    app.write(now, (None, "Hệ thống nhắc hạn".to_string()), "alert_scan", |w| raise(w, &due))
}

/// Scan at start (catching up on what fell due while the app was closed), then every
/// `interval`, until the runtime stops.
pub fn spawn_watcher(app: Arc<App>, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for scan in 0u64.. {
            // Hourly at the usual minute's pace: the planner's statistics kept fresh.
            if scan % 60 == 59 {
                let app2 = Arc::clone(&app);
                if let Ok(Err(error)) =
                    tokio::task::spawn_blocking(move || app2.db().keep_statistics(false)).await
                {
                    tracing::warn!(%error, "keeping the statistics failed");
                }
            }
            let app2 = Arc::clone(&app);
            match tokio::task::spawn_blocking(move || scan_now(&app2)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(raised)) => tracing::info!(raised, "deadline alerts raised"),
                Ok(Err(error)) => tracing::warn!(%error, "deadline scan failed"),
                Err(error) => tracing::warn!(%error, "deadline scan stopped"),
            }
            tokio::time::sleep(interval).await;
        }
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertPage {
    pub items: Vec<Alert>,
    /// The alerts the filter matches (all pages).
    pub total: u32,
    pub unread: u32,
    /// The unread ones by kind, for the bell's groups and the page's filter.
    pub unread_overdue: u32,
    pub unread_due_today: u32,
    pub unread_due_soon: u32,
}

/// Which of the person's alerts to list.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct AlertFilter {
    pub unread_only: bool,
    pub kind: Option<AlertKind>,
    pub object_type: Option<AlertObject>,
    pub offset: u32,
    /// At most 200; 50 when 0.
    pub limit: u32,
}

/// An alert still stands: its object is not finished and its deadline unchanged (a
/// draft's alert, while the draft waits for that person; a written round's, while the
/// person has a question left to answer), a "due soon" or "due today"
/// has not since become due today or overdue (`?7`: today), and it is the latest of its
/// person, object, deadline and kind (rows raised before there was one, a reminder or a
/// setting each, show as one). SQL over `alert`.
const STANDING: &str = "alert.id = (SELECT max(b.id) FROM alert b WHERE b.user_id = alert.user_id
        AND b.object_type = alert.object_type AND b.object_id = alert.object_id AND b.deadline = alert.deadline
        AND b.kind = alert.kind)
    AND CASE object_type
        WHEN 'direction' THEN EXISTS (SELECT 1 FROM direction d WHERE d.id = alert.object_id
            AND d.completed_on IS NULL AND d.deadline = alert.deadline)
        WHEN 'incoming' THEN EXISTS (SELECT 1 FROM incoming_document d WHERE d.id = alert.object_id
            AND d.status <> 'closed' AND d.deadline = alert.deadline)
        WHEN 'outgoing' THEN EXISTS (SELECT 1 FROM outgoing_document o WHERE o.id = alert.object_id
            AND o.status = 'in_review' AND o.holder_id = alert.user_id)
        WHEN 'meeting' THEN EXISTS (SELECT 1 FROM meeting m WHERE m.id = alert.object_id
            AND m.status NOT IN ('closed', 'cancelled') AND m.opinion_closed_at IS NULL)
            AND (kind = 'invitation' OR EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = alert.object_id
                AND i.admitted = 1 AND NOT EXISTS (SELECT 1 FROM opinion_answer a WHERE a.item_id = i.id
                    AND a.user_id = alert.user_id)))
        ELSE 0 END
    AND NOT (kind = 'due_soon' AND deadline <= ?7) AND NOT (kind = 'due_today' AND deadline < ?7)";

/// The person's standing alerts (see [`STANDING`]) on `today`, within their clearance as
/// it is now, most urgent first: unread before read, overdue before due today before due
/// soon, then newest first (a bell of thirty must not hide what is overdue behind
/// reminders). A "due soon" says the working days left as of `today`.
pub fn list(
    conn: &Connection,
    actor: &Actor,
    filter: AlertFilter,
    today: NaiveDate,
) -> CoreResult<AlertPage> {
    let user = actor.user_id;
    let limit = if filter.limit == 0 { 50 } else { filter.limit.min(200) };
    let levels = crate::secrecy::levels(actor);
    let calendar = Calendar::load(conn)?;
    let matching = format!(
        "user_id = ?1 AND (?2 = 0 OR read_at IS NULL) AND (?3 IS NULL OR kind = ?3)
         AND (?4 IS NULL OR object_type = ?4) AND secrecy IN ({levels}) AND {STANDING}"
    );
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, kind, days, object_type, object_id, deadline, title, raised_at, read_at IS NOT NULL FROM alert
         WHERE {matching}
         ORDER BY read_at IS NOT NULL, CASE kind WHEN 'overdue' THEN 0 WHEN 'due_today' THEN 1 ELSE 2 END, id DESC
         LIMIT ?5 OFFSET ?6"
    ))?;
    let kind = filter.kind.map(AlertKind::as_str);
    let object = filter.object_type.map(AlertObject::as_str);
    let day = today.to_string();
    let items = statement
        .query_map(params![user, filter.unread_only, kind, object, limit, filter.offset, day], |r| {
            Ok(Alert {
                id: r.get(0)?,
                kind: r.get(1)?,
                days: r.get(2)?,
                object_type: r.get(3)?,
                object_id: r.get(4)?,
                deadline: r.get(5)?,
                title: r.get(6)?,
                raised_at: r.get(7)?,
                read: r.get(8)?,
            })
        })?
        .map(|alert| {
            alert.map(|mut a: Alert| {
                if a.kind == AlertKind::DueSoon {
                    a.days = calendar.working_days_between(today, a.deadline);
                }
                a
            })
        })
        .collect::<Result<_, _>>()?;
    let total = conn.query_row(
        &format!("SELECT count(*) FROM alert WHERE {matching}"),
        params![user, filter.unread_only, kind, object, limit, filter.offset, day],
        |r| r.get(0),
    )?;
    let (unread, unread_overdue, unread_due_today, unread_due_soon) = conn.query_row(
        &format!(
            "SELECT count(*), count(*) FILTER (WHERE kind = 'overdue'), count(*) FILTER (WHERE kind = 'due_today'),
                    count(*) FILTER (WHERE kind = 'due_soon')
             FROM alert WHERE {matching}"
        ),
        params![user, true, None::<&str>, None::<&str>, limit, filter.offset, day],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(AlertPage { items, total, unread, unread_overdue, unread_due_today, unread_due_soon })
}

/// The most alerts marked by their ids at once (a page holds fifty).
pub const MAX_MARKED: u32 = 200;

/// Mark the person's alerts `ids` (all when empty) as read; returns how many changed.
pub fn mark_read(w: &mut Writer<'_>, actor: &Actor, ids: &[i64]) -> CoreResult<usize> {
    let user = actor.user_id;
    let mut changed = 0;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_MARKED as usize {
        return Err(CoreError::invalid(
            "ids",
            format!("Đánh dấu tối đa {MAX_MARKED} thông báo một lần (hoặc tất cả)."),
            format!("Mark at most {MAX_MARKED} alerts at once (or all)."),
        ));
    }
    if ids.is_empty() {
        // All that the person sees now: an alert above their clearance stays as it was
        // (and is not counted in the trail line).
        let levels = crate::secrecy::levels(actor);
        changed = w.execute(
            &format!("UPDATE alert SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL AND secrecy IN ({levels})"),
            params![user, w.now_text()],
        )?;
    } else {
        let levels = crate::secrecy::levels(actor);
        for id in &ids {
            let owner: Option<UserId> = rusqlite::OptionalExtension::optional(w.query_row(
                &format!("SELECT user_id FROM alert WHERE id = ?1 AND secrecy IN ({levels})"),
                [id],
                |r| r.get(0),
            ))?;
            if owner != Some(user) {
                return Err(CoreError::NotFound { what: Noun::Alert });
            }
            changed += w.execute(
                "UPDATE alert SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL",
                params![id, w.now_text()],
            )?;
        }
    }
    w.audit(
        ObjectRef::user(user),
        crate::audit::said(
            format!("Đánh dấu đã đọc {changed} thông báo"),
            format!("Marked {changed} alerts read"),
        ),
        &serde_json::json!({ "count": ids.len(), "all": ids.is_empty() }),
    )?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_most_pressing_alert_is_due() {
        let calendar = Calendar::rules_only();
        let deadline = day(2026, 11, 27); // Friday; Tuesday 24/11 is a holiday
        let days = [3, 1];
        // From Friday 20/11: 23, 25, 26, 27 — four working days left, no alert yet.
        assert_eq!(due(&calendar, deadline, day(2026, 11, 20), &days), None);
        assert_eq!(due(&calendar, deadline, day(2026, 11, 23), &days), Some((AlertKind::DueSoon, 3)));
        // Two working days left (26, 27) say two, not the setting of three they reached.
        assert_eq!(due(&calendar, deadline, day(2026, 11, 25), &days), Some((AlertKind::DueSoon, 2)));
        assert_eq!(due(&calendar, deadline, day(2026, 11, 26), &days), Some((AlertKind::DueSoon, 1)));
        assert_eq!(due(&calendar, deadline, deadline, &days), Some((AlertKind::DueToday, 0)));
        assert_eq!(due(&calendar, deadline, day(2026, 11, 30), &days), Some((AlertKind::Overdue, 0)));
    }

    fn alert(id: i64, kind: AlertKind, days: u32, title: &str) -> Alert {
        Alert {
            id,
            kind,
            days,
            object_type: AlertObject::Direction,
            object_id: id,
            deadline: day(2026, 11, 27),
            title: title.to_string(),
            raised_at: DateTime::<Utc>::default(),
            read: false,
        }
    }

    #[test]
    fn alerts_raised_together_make_one_notice_led_by_the_most_pressing() {
        assert_eq!(notice(&[]), None);
        let one = [alert(1, AlertKind::DueSoon, 3, "NV 01/2026: Báo cáo giải ngân")];
        assert_eq!(
            notice(&one),
            Some(Notice {
                title: "Còn 3 ngày làm việc".into(),
                body: "NV 01/2026: Báo cáo giải ngân".into()
            })
        );
        let several = [
            alert(1, AlertKind::DueSoon, 1, "NV 01/2026: Báo cáo giải ngân"),
            alert(2, AlertKind::Overdue, 0, "NV 02/2026: Rà soát đất công"),
            alert(3, AlertKind::DueToday, 0, "NV 03/2026: Tổng kết năm"),
        ];
        assert_eq!(
            notice(&several),
            Some(Notice {
                title: "3 cảnh báo hạn mới, 1 quá hạn".into(),
                body: "Quá hạn: NV 02/2026: Rà soát đất công".into()
            })
        );
        assert_eq!(notice(&several[..1]).unwrap().title, "Còn 1 ngày làm việc");
        assert_eq!(notice(&[several[0].clone(), several[2].clone()]).unwrap().title, "2 cảnh báo hạn mới");
    }
}
