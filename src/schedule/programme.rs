//! The Committee's work programme (chương trình công tác; DOMAIN.md §6): the year's items
//! — schemes, reports, draft decisions and resolutions — that agencies must submit, each
//! due in a month (so in a quarter), with the leader in charge, the Office's department
//! that follows it and its status: not started, submitted, on a meeting's agenda, passed,
//! or postponed with the reason (to a later month).
//!
//! An item whose month has ended without a submission is overdue; one submitted after its
//! month is late; a submission the Office returns for rework is recorded
//! (`programme_return`). The monthly programme is derived from the items due in the month
//! and published like the weekly schedule, revision by revision. Each quarter the
//! Committee evaluates the quality of each agency's advice (`../shared/seeds/000_…`:
//! "Hằng quý, UBND tỉnh sẽ đánh giá chất lượng tham mưu"): late submissions, returned ones,
//! and the agency's overdue directions, in [`evaluation`].

use super::model::Viewer;
use super::publish::Mark;
use crate::audit::{ObjectRef, Writer, said};
use crate::directions::stats::{self, Period, PeriodKind, StatsFilter};
use crate::error::{CoreError, CoreResult, Noun};
use crate::meetings::model::MeetingId;
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, DepartmentId, UserId, clean_optional, clean_required, id_type, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(ProgrammeItemId);

text_enum! {
    pub enum ProgrammeKind {
        /// Đề án.
        Scheme = "scheme",
        /// Báo cáo.
        Report = "report",
        /// Dự thảo Quyết định của UBND tỉnh.
        Decision = "decision",
        /// Dự thảo Nghị quyết trình HĐND tỉnh.
        Resolution = "resolution",
        Other = "other",
    }
}

impl ProgrammeKind {
    pub fn name_vi(self) -> &'static str {
        match self {
            ProgrammeKind::Scheme => "Đề án",
            ProgrammeKind::Report => "Báo cáo",
            ProgrammeKind::Decision => "Dự thảo Quyết định",
            ProgrammeKind::Resolution => "Dự thảo Nghị quyết",
            ProgrammeKind::Other => "Nội dung khác",
        }
    }
}

text_enum! {
    pub enum ProgrammeStatus {
        NotStarted = "not_started",
        Submitted = "submitted",
        /// On a meeting's agenda.
        OnAgenda = "on_agenda",
        Passed = "passed",
        /// Postponed (to a later month), with the reason.
        Postponed = "postponed",
    }
}

impl ProgrammeStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            ProgrammeStatus::NotStarted => "Chưa trình",
            ProgrammeStatus::Submitted => "Đã trình",
            ProgrammeStatus::OnAgenda => "Đưa vào phiên họp",
            ProgrammeStatus::Passed => "Đã thông qua",
            ProgrammeStatus::Postponed => "Lùi thời gian trình",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    pub year: i32,
    pub month: u32,
    pub kind: ProgrammeKind,
    pub title: String,
    pub agency_id: AgencyId,
    #[serde(default)]
    pub leader_id: Option<UserId>,
    #[serde(default)]
    pub office_department_id: Option<DepartmentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeItem {
    pub id: ProgrammeItemId,
    pub year: i32,
    pub month: u32,
    pub planned_month: u32,
    pub quarter: u32,
    pub kind: ProgrammeKind,
    pub title: String,
    pub agency_id: AgencyId,
    pub agency_name: String,
    pub leader_id: Option<UserId>,
    pub leader_name: String,
    pub office_department_id: Option<DepartmentId>,
    pub department_name: String,
    pub status: ProgrammeStatus,
    pub status_reason: String,
    pub submitted_on: Option<NaiveDate>,
    pub meeting_id: Option<MeetingId>,
    /// Times the Office returned its submission for rework.
    pub returned: u32,
    /// Its month has ended and nothing was submitted.
    pub overdue: bool,
    /// Submitted after its month ended.
    pub late: bool,
}

fn last_day(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.expect("a month").pred_opt().expect("a day")
}

const ITEM: &str =
    "SELECT p.id, p.year, p.month, p.planned_month, p.kind, p.title, p.agency_id, a.name, p.leader_id,
         coalesce(u.full_name, ''), p.office_department_id, coalesce(o.name, ''), p.status, p.status_reason,
         p.submitted_on, p.meeting_id, (SELECT count(*) FROM programme_return r WHERE r.item_id = p.id)";
const ITEM_FROM: &str = "FROM programme_item p JOIN agency a ON a.id = p.agency_id
         LEFT JOIN user u ON u.id = p.leader_id LEFT JOIN department o ON o.id = p.office_department_id";

/// The meetings whose link an item shows to `viewer` (`d`): to a person those they may
/// see, to the public those that are not secret; `None` reads as stored, for the core's
/// own rules. To anyone else an item on a meeting's agenda is as it was before, submitted,
/// with no meeting.
fn meetings_seen(viewer: Option<Viewer<'_>>) -> String {
    match viewer {
        None => "1".into(),
        Some(Viewer::Person(actor)) => crate::secrecy::meeting_condition(actor),
        Some(Viewer::Public) => "d.secrecy = 'none'".into(),
    }
}

fn read(
    conn: &Connection,
    viewer: Option<Viewer<'_>>,
    where_: &str,
    values: &[&dyn rusqlite::ToSql],
    today: NaiveDate,
) -> CoreResult<Vec<ProgrammeItem>> {
    let mut statement = conn.prepare_cached(&format!(
        "{ITEM}, (p.meeting_id IS NULL OR EXISTS (SELECT 1 FROM meeting d WHERE d.id = p.meeting_id AND {}))
         {ITEM_FROM} WHERE {where_} ORDER BY p.year, p.month, a.name, p.id",
        meetings_seen(viewer)
    ))?;
    let rows = statement.query_map(values, |r| {
        let (year, month): (i32, u32) = (r.get(1)?, r.get(2)?);
        let planned: u32 = r.get(3)?;
        let meeting_seen: bool = r.get(17)?;
        let status = match r.get(12)? {
            ProgrammeStatus::OnAgenda if !meeting_seen => ProgrammeStatus::Submitted,
            status => status,
        };
        let submitted: Option<NaiveDate> = r.get(14)?;
        // Measured against the month first planned: a postponement is itself a delay.
        let due = last_day(year, planned);
        Ok(ProgrammeItem {
            id: r.get(0)?,
            year,
            month,
            planned_month: planned,
            quarter: (month - 1) / 3 + 1,
            kind: r.get(4)?,
            title: r.get(5)?,
            agency_id: r.get(6)?,
            agency_name: r.get(7)?,
            leader_id: r.get(8)?,
            leader_name: r.get(9)?,
            office_department_id: r.get(10)?,
            department_name: r.get(11)?,
            status,
            status_reason: r.get(13)?,
            submitted_on: submitted,
            meeting_id: if meeting_seen { r.get(15)? } else { None },
            returned: r.get(16)?,
            overdue: submitted.is_none() && today > last_day(year, month),
            late: submitted.is_some_and(|s| s > due),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The items of `year` (of `month` if given, of `agency` if given), as seen `today` by
/// `viewer` (see [`meetings_seen`]).
pub fn list(
    conn: &Connection,
    viewer: Option<Viewer<'_>>,
    year: i32,
    month: Option<u32>,
    agency: Option<AgencyId>,
    today: NaiveDate,
) -> CoreResult<Vec<ProgrammeItem>> {
    read(
        conn,
        viewer,
        "p.year = ?1 AND (?2 IS NULL OR p.month = ?2) AND (?3 IS NULL OR p.agency_id = ?3)",
        &[&year, &month, &agency],
        today,
    )
}

pub fn get(
    conn: &Connection,
    viewer: Option<Viewer<'_>>,
    id: ProgrammeItemId,
    today: NaiveDate,
) -> CoreResult<ProgrammeItem> {
    read(conn, viewer, "p.id = ?1", &[&id], today)?
        .pop()
        .ok_or(CoreError::NotFound { what: Noun::ProgrammeItem })
}

fn check(conn: &Connection, input: &ProgrammeInput) -> CoreResult<String> {
    let title = clean_required("title", ("Nội dung", "Title"), &input.title, 1000)?;
    crate::calendar::Year::check("year", input.year)?;
    if !(1..=12).contains(&input.month) {
        return Err(CoreError::invalid("month", "Tháng phải từ 1 đến 12.", "The month is 1 to 12."));
    }
    let agency: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [input.agency_id], |r| {
            r.get(0)
        })?;
    if !agency {
        return Err(CoreError::NotFound { what: Noun::Agency });
    }
    if let Some(leader) = input.leader_id {
        let role: Option<crate::vocabulary::Role> = conn
            .query_row(
                "SELECT role FROM user WHERE id = ?1 AND active = 1 AND agency_id IS NULL",
                [leader],
                |r| r.get(0),
            )
            .optional()?;
        if !role.is_some_and(|r| {
            matches!(r, crate::vocabulary::Role::Chairman | crate::vocabulary::Role::ViceChairman)
        }) {
            return Err(CoreError::invalid(
                "leaderId",
                "Lãnh đạo phụ trách là Chủ tịch hoặc một Phó Chủ tịch UBND tỉnh.",
                "The leader in charge is the Chairman or a Vice Chairman.",
            ));
        }
    }
    if let Some(department) = input.office_department_id {
        let found: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM department WHERE id = ?1)", [department], |r| {
                r.get(0)
            })?;
        if !found {
            return Err(CoreError::NotFound { what: Noun::Department });
        }
    }
    Ok(title)
}

fn audit(
    w: &mut Writer<'_>,
    id: ProgrammeItemId,
    vi: String,
    en: String,
    details: serde_json::Value,
) -> CoreResult<()> {
    // An item on a meeting's agenda is recorded at that meeting's secrecy: its entries
    // name the meeting.
    let level: Option<crate::vocabulary::Clearance> = w
        .query_row(
            "SELECT m.secrecy FROM programme_item p JOIN meeting m ON m.id = p.meeting_id WHERE p.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    w.audit_at(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ProgrammeItem, id: Some(id.0) },
        level.unwrap_or(crate::vocabulary::Clearance::None),
        said(vi, en),
        &details,
    )
}

/// The item `id` as its rules read it, when `actor` sees it the same; an item on the
/// agenda of a meeting the person may not see is not theirs to move, and they are told
/// only that it cannot be changed now.
fn to_change(
    w: &Writer<'_>,
    actor: &Actor,
    id: ProgrammeItemId,
    today: NaiveDate,
) -> CoreResult<ProgrammeItem> {
    let item = get(w, None, id, today)?;
    let seen = get(w, Some(Viewer::Person(actor)), id, today)?;
    if seen.meeting_id != item.meeting_id {
        return Err(CoreError::conflict(
            "Nội dung này không thay đổi được lúc này.",
            "This item cannot be changed now.",
        ));
    }
    Ok(item)
}

/// Items of one month's programme at most. A provincial Committee's monthly programme
/// has 20–60; the bound keeps the month's page, its publication and its PDF in proportion.
pub const MOST_ITEMS_PER_MONTH: usize = 200;

/// There is room in the month of `input` for one more item (or `id` moved there).
fn check_room_in_month(
    conn: &Connection,
    id: Option<ProgrammeItemId>,
    year: i32,
    month: u32,
) -> CoreResult<()> {
    let count: u32 = conn.query_row(
        "SELECT count(*) FROM programme_item WHERE year = ?1 AND month = ?2 AND id IS NOT ?3",
        params![year, month, id],
        |r| r.get(0),
    )?;
    if count as usize >= MOST_ITEMS_PER_MONTH {
        return Err(CoreError::invalid(
            "month",
            format!(
                "Chương trình tháng {month}/{year} đã có {MOST_ITEMS_PER_MONTH} nội dung, mức tối đa của một tháng."
            ),
            format!(
                "The programme of {month}/{year} already has {MOST_ITEMS_PER_MONTH} items, the most one month holds."
            ),
        ));
    }
    Ok(())
}

pub fn create(w: &mut Writer<'_>, actor: &Actor, input: &ProgrammeInput) -> CoreResult<ProgrammeItemId> {
    let title = check(w, input)?;
    check_room_in_month(w, None, input.year, input.month)?;
    let now = w.now_text();
    w.execute(
        "INSERT INTO programme_item (year, month, planned_month, kind, title, agency_id, leader_id, office_department_id,
             created_by, created_at, updated_at)
         VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![input.year, input.month, input.kind, title, input.agency_id, input.leader_id, input.office_department_id, actor.user_id, now],
    )?;
    let id = ProgrammeItemId(w.last_insert_rowid());
    audit(
        w,
        id,
        format!("Đưa vào chương trình công tác tháng {}/{}: {title}", input.month, input.year),
        format!("Added to the work programme, {}/{}: {title}", input.month, input.year),
        serde_json::json!({ "input": input }),
    )?;
    Ok(id)
}

/// Change an item's particulars (not its status); its planned month follows while it
/// was never postponed.
pub fn update(w: &mut Writer<'_>, id: ProgrammeItemId, input: &ProgrammeInput) -> CoreResult<()> {
    let title = check(w, input)?;
    let status: ProgrammeStatus = w
        .query_row("SELECT status FROM programme_item WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::ProgrammeItem })?;
    check_room_in_month(w, Some(id), input.year, input.month)?;
    w.execute(
        "UPDATE programme_item SET year = ?2, month = ?3,
             planned_month = CASE WHEN status = 'postponed' THEN planned_month ELSE ?3 END,
             kind = ?4, title = ?5, agency_id = ?6, leader_id = ?7, office_department_id = ?8, updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            input.year,
            input.month,
            input.kind,
            title,
            input.agency_id,
            input.leader_id,
            input.office_department_id,
            w.now_text()
        ],
    )?;
    audit(
        w,
        id,
        format!("Sửa nội dung chương trình công tác: {title}"),
        format!("Changed a programme item: {title}"),
        serde_json::json!({ "input": input, "status": status }),
    )
}

/// A step in an item's life, as the form sends it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    pub status: ProgrammeStatus,
    /// Why it is postponed (required then).
    #[serde(default)]
    pub reason: String,
    /// The day the agency submitted it (for submitted; default today).
    #[serde(default)]
    pub submitted_on: Option<NaiveDate>,
    /// The later month it is postponed to.
    #[serde(default)]
    pub month: Option<u32>,
    /// The meeting whose agenda it is on.
    #[serde(default)]
    pub meeting_id: Option<MeetingId>,
}

pub fn set_status(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: ProgrammeItemId,
    input: &StatusInput,
    today: NaiveDate,
) -> CoreResult<()> {
    let item = to_change(w, actor, id, today)?;
    let reason = clean_optional("reason", ("Lý do", "Reason"), &input.reason, 500)?;
    let (month, submitted) = match input.status {
        ProgrammeStatus::Postponed => {
            if reason.is_empty() {
                return Err(CoreError::invalid(
                    "reason",
                    "Cần ghi lý do lùi thời gian trình.",
                    "Give the reason for postponing.",
                ));
            }
            match input.month {
                Some(m) if m > item.month && m <= 12 => {
                    check_room_in_month(w, Some(id), item.year, m)?;
                    (m, item.submitted_on)
                }
                _ => {
                    return Err(CoreError::invalid(
                        "month",
                        "Chọn một tháng sau tháng đang trình, trong năm.",
                        "Choose a later month of the year.",
                    ));
                }
            }
        }
        ProgrammeStatus::Submitted => {
            let on = crate::calendar::check_day("submittedOn", input.submitted_on.unwrap_or(today))?;
            if on > today {
                return Err(CoreError::invalid(
                    "submittedOn",
                    "Ngày trình không thể ở tương lai.",
                    "The day of submission cannot be in the future.",
                ));
            }
            (item.month, Some(on))
        }
        ProgrammeStatus::OnAgenda | ProgrammeStatus::Passed => {
            if item.submitted_on.is_none() {
                return Err(CoreError::conflict(
                    "Nội dung chưa được trình.",
                    "The item has not been submitted.",
                ));
            }
            (item.month, item.submitted_on)
        }
        ProgrammeStatus::NotStarted => (item.month, None),
    };
    if let Some(meeting) = input.meeting_id {
        crate::secrecy::require(w, actor, crate::vocabulary::ObjectKind::Meeting, meeting.0, Noun::Meeting)?;
    }
    w.execute(
        "UPDATE programme_item SET status = ?2, status_reason = ?3, month = ?4, submitted_on = ?5,
             meeting_id = coalesce(?6, meeting_id), updated_at = ?7 WHERE id = ?1",
        params![id, input.status, reason, month, submitted, input.meeting_id, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!(
            "{}: {}{}",
            input.status.name_vi(),
            item.title,
            if reason.is_empty() { String::new() } else { format!(" ({reason})") }
        ),
        format!("Programme item {}: {}", input.status.as_str(), item.title),
        serde_json::json!({ "before": item.status, "after": input }),
    )
}

/// The Office returns a submission for rework: recorded, and the item waits again.
pub fn return_submission(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: ProgrammeItemId,
    reason: &str,
    today: NaiveDate,
) -> CoreResult<()> {
    let item = to_change(w, actor, id, today)?;
    let reason = clean_required("reason", ("Lý do trả lại", "Reason"), reason, 500)?;
    if item.status != ProgrammeStatus::Submitted {
        return Err(CoreError::conflict(
            "Chỉ trả lại được hồ sơ đã trình.",
            "Only a submitted item can be returned.",
        ));
    }
    w.execute(
        "INSERT INTO programme_return (item_id, returned_on, reason, returned_by) VALUES (?1, ?2, ?3, ?4)",
        params![id, today.to_string(), reason, actor.user_id],
    )?;
    w.execute(
        "UPDATE programme_item SET status = 'not_started', submitted_on = NULL, status_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Trả lại hồ sơ để hoàn thiện: {} ({reason})", item.title),
        format!("Returned for rework: {} ({reason})", item.title),
        serde_json::json!({ "reason": reason }),
    )
}

/// A month's programme as published.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeMonth {
    pub year: i32,
    pub month: u32,
    pub items: Vec<MarkedItem>,
    pub revision: Option<u32>,
    pub published_at: Option<DateTime<Utc>>,
    /// Items changed since the last publication.
    pub changes: u32,
    /// Overdue items of the year so far.
    pub overdue: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MarkedItem {
    pub item: ProgrammeItem,
    pub mark: Mark,
}

/// What the monthly programme publishes of an item: what readers compare.
fn published_form(item: &ProgrammeItem) -> serde_json::Value {
    serde_json::json!({
        "id": item.id, "kind": item.kind, "title": item.title, "agency": item.agency_name, "leader": item.leader_name,
        "department": item.department_name, "status": item.status, "reason": item.status_reason, "month": item.month,
    })
}

/// A month's latest publication: its revision, when, and its lines.
pub(super) type Published = (u32, DateTime<Utc>, Vec<serde_json::Value>);

pub(super) fn last_publication(conn: &Connection, year: i32, month: u32) -> CoreResult<Option<Published>> {
    let row: Option<(u32, DateTime<Utc>, String)> = conn
        .query_row(
            "SELECT revision, published_at, lines FROM programme_publication WHERE year = ?1 AND month = ?2
             ORDER BY revision DESC LIMIT 1",
            params![year, month],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.map(|(revision, at, lines)| (revision, at, serde_json::from_str(&lines).unwrap_or_default())))
}

/// A month of the programme: a month of a year the working calendar covers.
pub fn check_period(year: i32, month: u32) -> CoreResult<()> {
    crate::calendar::Year::check("year", year)?;
    if !(1..=12).contains(&month) {
        return Err(CoreError::invalid("month", "Tháng không hợp lệ.", "The month is not valid."));
    }
    Ok(())
}

pub fn month(
    conn: &Connection,
    viewer: Option<Viewer<'_>>,
    year: i32,
    month: u32,
    today: NaiveDate,
) -> CoreResult<ProgrammeMonth> {
    check_period(year, month)?;
    let items = list(conn, viewer, year, Some(month), None, today)?;
    let last = last_publication(conn, year, month)?;
    let before: Vec<serde_json::Value> = last.as_ref().map(|l| l.2.clone()).unwrap_or_default();
    let marked: Vec<MarkedItem> = items
        .into_iter()
        .map(|item| {
            let form = published_form(&item);
            let mark = match before.iter().find(|b| b["id"] == form["id"]) {
                None => Mark::New,
                Some(b) if *b == form => Mark::Same,
                Some(_) => Mark::Changed,
            };
            MarkedItem { item, mark }
        })
        .collect();
    let gone =
        before.iter().filter(|b| !marked.iter().any(|m| published_form(&m.item)["id"] == b["id"])).count();
    let changes = if last.is_none() {
        0
    } else {
        (marked.iter().filter(|m| m.mark != Mark::Same).count() + gone) as u32
    };
    let overdue = list(conn, viewer, year, None, None, today)?.iter().filter(|i| i.overdue).count() as u32;
    Ok(ProgrammeMonth {
        year,
        month,
        items: marked,
        revision: last.as_ref().map(|l| l.0),
        published_at: last.map(|l| l.1),
        changes,
        overdue,
    })
}

/// Publish the month's programme, or its adjustment.
pub fn publish(
    w: &mut Writer<'_>,
    actor: &Actor,
    year: i32,
    month_number: u32,
    today: NaiveDate,
) -> CoreResult<u32> {
    check_period(year, month_number)?;
    // What is published is what the public may see.
    let now = month(w, Some(Viewer::Public), year, month_number, today)?;
    if now.items.is_empty() && now.revision.is_none() {
        return Err(CoreError::conflict("Tháng này chưa có nội dung nào.", "Nothing is due this month."));
    }
    if now.revision.is_some() && now.changes == 0 {
        return Err(CoreError::conflict(
            "Không có gì thay đổi so với lần công bố trước.",
            "Nothing changed since the last publication.",
        ));
    }
    let revision = now.revision.map_or(1, |r| r + 1);
    let lines: Vec<serde_json::Value> = now.items.iter().map(|m| published_form(&m.item)).collect();
    w.execute(
        "INSERT INTO programme_publication (year, month, revision, published_at, published_by, lines) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![year, month_number, revision, w.now_text(), actor.user_id, serde_json::Value::Array(lines).to_string()],
    )?;
    let id = w.last_insert_rowid();
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ProgrammeMonth, id: Some(id) },
        said(
            format!("Công bố chương trình công tác tháng {month_number}/{year} (lần {revision})"),
            format!("Published the work programme of {month_number}/{year} (revision {revision})"),
        ),
        &serde_json::json!({ "year": year, "month": month_number, "revision": revision }),
    )?;
    Ok(revision)
}

/// One agency's line in the quarterly evaluation of advisory quality.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgencyEvaluation {
    pub agency_id: AgencyId,
    pub agency_name: String,
    /// The items counted in the quarter, each once, in the month it was done (submitted)
    /// or, not yet done, the month it is due now: `on_time + late + not_submitted +
    /// not_yet_due`.
    pub due: u32,
    /// Submitted in the quarter by the end of the month first planned.
    pub on_time: u32,
    /// Submitted in the quarter after the month first planned (a postponement is itself
    /// a delay).
    pub late: u32,
    /// Not submitted, its month ended by the quarter's end (or by today).
    pub not_submitted: u32,
    /// Not submitted, its month not yet ended.
    pub not_yet_due: u32,
    /// Of `due`, the items postponed from the month first planned (not a column of the
    /// sum: they are also on time, late, not submitted or not yet due).
    pub postponed: u32,
    /// Submissions returned for rework in the quarter.
    pub returned: u32,
    /// The agency's directions overdue at the quarter's end.
    pub directions_overdue: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub year: i32,
    pub quarter: u32,
    pub as_of: NaiveDate,
    pub agencies: Vec<AgencyEvaluation>,
}

/// The quarterly evaluation: per agency with items counted in the quarter or directions.
/// Each item is counted once, in the quarter of the month it was done — the day it was
/// submitted — or, not yet submitted, of the month it is due now (after any
/// postponement); the partition is on time, late, not submitted, not yet due.
pub fn evaluation(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    quarter: u32,
    now: DateTime<Utc>,
) -> CoreResult<Evaluation> {
    check_period(year, 1)?;
    if !(1..=4).contains(&quarter) {
        return Err(CoreError::invalid("quarter", "Quý phải từ 1 đến 4.", "The quarter is 1 to 4."));
    }
    let today = crate::clock::vietnam_date(now);
    let (first_month, last_month) = (quarter * 3 - 2, quarter * 3);
    let end = last_day(year, last_month).min(today);
    let start = NaiveDate::from_ymd_opt(year, first_month, 1).expect("a month");
    let items: Vec<ProgrammeItem> = read(
        conn,
        None,
        "(p.submitted_on BETWEEN ?4 AND ?5)
             OR (p.submitted_on IS NULL AND p.year = ?1 AND p.month BETWEEN ?2 AND ?3)",
        &[&year as &dyn rusqlite::ToSql, &first_month, &last_month, &start, &end],
        end,
    )?;
    let mut returns = conn.prepare_cached(
        "SELECT count(*) FROM programme_return r JOIN programme_item p ON p.id = r.item_id
         WHERE p.agency_id = ?1 AND r.returned_on BETWEEN ?2 AND ?3",
    )?;
    let directions = stats::stats(
        conn,
        actor,
        Period { kind: PeriodKind::Quarter, year, number: quarter },
        &StatsFilter::default(),
        now,
    )?;
    let mut agencies: Vec<AgencyEvaluation> = Vec::new();
    for item in &items {
        let line = match agencies.iter_mut().position(|a| a.agency_id == item.agency_id) {
            Some(i) => &mut agencies[i],
            None => {
                agencies.push(AgencyEvaluation {
                    agency_id: item.agency_id,
                    agency_name: item.agency_name.clone(),
                    due: 0,
                    on_time: 0,
                    late: 0,
                    not_submitted: 0,
                    not_yet_due: 0,
                    postponed: 0,
                    returned: 0,
                    directions_overdue: 0,
                });
                agencies.last_mut().expect("just pushed")
            }
        };
        line.due += 1;
        match item.submitted_on {
            Some(_) if item.late => line.late += 1,
            Some(_) => line.on_time += 1,
            None if end >= last_day(item.year, item.month) => line.not_submitted += 1,
            None => line.not_yet_due += 1,
        }
        if item.status == ProgrammeStatus::Postponed || item.month != item.planned_month {
            line.postponed += 1;
        }
    }
    for figures in &directions.agencies {
        let Some(id) = figures.agency_id else { continue };
        if figures.overdue == 0 && !agencies.iter().any(|a| a.agency_id == id) {
            continue;
        }
        match agencies.iter_mut().find(|a| a.agency_id == id) {
            Some(line) => line.directions_overdue = figures.overdue,
            None => agencies.push(AgencyEvaluation {
                agency_id: id,
                agency_name: figures.agency_name.clone(),
                due: 0,
                on_time: 0,
                late: 0,
                not_submitted: 0,
                not_yet_due: 0,
                postponed: 0,
                returned: 0,
                directions_overdue: figures.overdue,
            }),
        }
    }
    for line in &mut agencies {
        line.returned =
            returns.query_row(params![line.agency_id, start.to_string(), end.to_string()], |r| r.get(0))?;
    }
    agencies.sort_by(|a, b| a.agency_name.cmp(&b.agency_name));
    Ok(Evaluation { year, quarter, as_of: end, agencies })
}
