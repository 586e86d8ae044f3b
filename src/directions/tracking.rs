//! Following a direction: progress reports, extension requests and their decisions, the
//! history of its deadline, completion with a result, and reminder công văn (đôn đốc).

use super::model::{DirectionId, DirectionRow, DirectionStatus, get_row};
use crate::attachments::NewAttachment;
use crate::audit::{ObjectRef, Writer};
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult, Noun};
use crate::incoming::Attachment;
use crate::incoming::model::IncomingId;
use crate::outgoing::OutgoingId;
use crate::permission::{self, Action};
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, Role, UserId, clean_optional, clean_required, text_enum};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[ts(type = "number")]
    pub id: i64,
    pub reported_on: NaiveDate,
    pub text: String,
    pub percent: u8,
    pub author_name: String,
    /// Set when the agency reported through its own account.
    pub agency_name: Option<String>,
    pub attachments: Vec<Attachment>,
}

text_enum! {
    /// The answer to an extension request.
    pub enum Decision {
        Pending = "pending",
        Granted = "granted",
        Refused = "refused",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    #[ts(type = "number")]
    pub id: i64,
    pub requested_by_name: String,
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub proposed_deadline: NaiveDate,
    pub reason: String,
    pub decision: Decision,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub decision_reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeadlineChange {
    pub old_deadline: Option<NaiveDate>,
    pub new_deadline: NaiveDate,
    pub reason: String,
    pub changed_by_name: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
}

/// What the person looking at a direction may do with it now.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionAllowed {
    pub edit: bool,
    pub report: bool,
    pub request_extension: bool,
    pub decide_extension: bool,
    pub set_deadline: bool,
    pub complete: bool,
    pub remind: bool,
}

/// Whether `actor` works on this direction for the Office: its follower, a head of the
/// follower's department, a deputy chief or the chief of office.
fn office_side(conn: &Connection, actor: &Actor, row: &DirectionRow) -> CoreResult<bool> {
    if actor.agency_id.is_some() || !permission::allows(actor.role, Action::DirectionManage) {
        return Ok(false);
    }
    if actor.user_id == row.follower_id || crate::permission::role::oversees_directions(actor.role) {
        return Ok(true);
    }
    if actor.role == Role::DepartmentHead {
        let department: Option<i64> =
            conn.query_row("SELECT department_id FROM user WHERE id = ?1", [row.follower_id], |r| r.get(0))?;
        return Ok(department.is_some() && department == actor.department_id.map(|d| d.0));
    }
    Ok(false)
}

fn agency_side(actor: &Actor, row: &DirectionRow) -> bool {
    actor.agency_id == Some(row.lead_agency_id)
}

fn decider(actor: &Actor, row: &DirectionRow) -> bool {
    permission::allows_user(actor.role, actor.agency_id.is_some(), Action::DirectionDecide)
        && (crate::permission::role::decides_any_extension(actor.role) || row.leader_id == actor.user_id)
}

pub fn allowed(conn: &Connection, actor: &Actor, row: &DirectionRow) -> CoreResult<DirectionAllowed> {
    let open = row.completed_on.is_none();
    let office = office_side(conn, actor, row)?;
    let agency = agency_side(actor, row);
    let pending: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM direction_extension WHERE direction_id = ?1 AND decision = 'pending')",
        [row.id],
        |r| r.get(0),
    )?;
    Ok(DirectionAllowed {
        edit: open && office,
        report: open && (office || agency),
        request_extension: open && (office || agency) && !pending,
        decide_extension: open && pending && decider(actor, row),
        set_deadline: open && decider(actor, row),
        complete: open && office,
        remind: open
            && permission::allows(actor.role, Action::DirectionManage)
            && actor.agency_id.is_none()
            && matches!(row.status, DirectionStatus::Overdue | DirectionStatus::DueSoon),
    })
}

pub(crate) fn refuse(what: &str, what_en: &str) -> CoreError {
    CoreError::conflict(
        format!("Bạn không thể {what} cho nhiệm vụ này."),
        format!("You cannot {what_en} on this direction."),
    )
}

fn audit(
    w: &mut Writer<'_>,
    id: DirectionId,
    summary: impl Into<crate::audit::Said>,
    details: &impl Serialize,
) -> CoreResult<()> {
    w.audit(ObjectRef { kind: crate::vocabulary::ObjectKind::Direction, id: Some(id.0) }, summary, details)
}

pub fn progress(conn: &Connection, id: DirectionId) -> CoreResult<Vec<Progress>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.reported_on, p.text, p.percent, p.author_name, a.name FROM direction_progress p
         LEFT JOIN agency a ON a.id = p.agency_id WHERE p.direction_id = ?1 ORDER BY p.reported_on DESC, p.id DESC",
    )?;
    let mut reports: Vec<Progress> = statement
        .query_map([id], |r| {
            Ok(Progress {
                id: r.get(0)?,
                reported_on: r.get(1)?,
                text: r.get(2)?,
                percent: r.get(3)?,
                author_name: r.get(4)?,
                agency_name: r.get(5)?,
                attachments: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut files = conn.prepare_cached(
        "SELECT id, sha256, file_name, media_type, size FROM direction_progress_attachment WHERE progress_id = ?1 ORDER BY id",
    )?;
    for report in &mut reports {
        report.attachments = files.query_map([report.id], Attachment::from_row)?.collect::<Result<_, _>>()?;
    }
    Ok(reports)
}

pub fn extensions(conn: &Connection, id: DirectionId) -> CoreResult<Vec<Extension>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, requested_by_name, requested_at, proposed_deadline, reason, decision, decided_by_name, decided_at,
             decision_reason FROM direction_extension WHERE direction_id = ?1 ORDER BY id DESC",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(Extension {
            id: r.get(0)?,
            requested_by_name: r.get(1)?,
            requested_at: r.get(2)?,
            proposed_deadline: r.get(3)?,
            reason: r.get(4)?,
            decision: r.get(5)?,
            decided_by_name: r.get(6)?,
            decided_at: r.get(7)?,
            decision_reason: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn deadline_history(conn: &Connection, id: DirectionId) -> CoreResult<Vec<DeadlineChange>> {
    let mut statement = conn.prepare_cached(
        "SELECT old_deadline, new_deadline, reason, changed_by_name, changed_at FROM direction_deadline_change
         WHERE direction_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(DeadlineChange {
            old_deadline: r.get(0)?,
            new_deadline: r.get(1)?,
            reason: r.get(2)?,
            changed_by_name: r.get(3)?,
            changed_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    pub id: DirectionId,
    /// The day the progress refers to; today when absent.
    #[serde(default)]
    pub reported_on: Option<NaiveDate>,
    pub text: String,
    pub percent: u8,
    #[serde(default)]
    pub attachments: Vec<NewAttachment>,
}

/// Record a progress report; `stored` are the attachments already put in the file store
/// (name, media type, sha256, size).
pub fn add_progress(
    w: &mut Writer<'_>,
    actor: &Actor,
    input: &ProgressInput,
    stored: &[(String, &'static str, String, usize)],
) -> CoreResult<()> {
    let row = get_row(w, actor, input.id, w.now())?;
    if !allowed(w, actor, &row)?.report {
        return Err(refuse("báo cáo tiến độ", "report progress"));
    }
    let text = clean_required("text", ("Nội dung báo cáo", "Report"), &input.text, 4000)?;
    if input.percent > 100 {
        return Err(CoreError::invalid(
            "percent",
            "Tỷ lệ hoàn thành từ 0 đến 100%.",
            "The percentage is from 0 to 100.",
        ));
    }
    let today = vietnam_date(w.now());
    let reported_on = input.reported_on.unwrap_or(today);
    if reported_on > today || reported_on < row.assigned_on {
        return Err(CoreError::invalid(
            "reportedOn",
            "Ngày báo cáo phải từ ngày giao đến hôm nay.",
            "The report's date must be between the day given and today.",
        ));
    }
    let (by, name) = w.actor();
    let name = name.to_string();
    w.execute(
        "INSERT INTO direction_progress (direction_id, reported_on, text, percent, author_id, author_name, agency_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![input.id, reported_on, text, input.percent, by, name, actor.agency_id, w.now_text()],
    )?;
    let progress_id = w.last_insert_rowid();
    for (file_name, kind, sha256, size) in stored {
        crate::attachments::record_blob(w, sha256, *size)?;
        w.execute(
            "INSERT INTO direction_progress_attachment (progress_id, sha256, file_name, media_type, size)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![progress_id, sha256, file_name, kind, *size as i64],
        )?;
    }
    w.execute(
        "UPDATE direction SET percent = (SELECT percent FROM direction_progress WHERE direction_id = ?1
             ORDER BY reported_on DESC, id DESC LIMIT 1), updated_at = ?2 WHERE id = ?1",
        params![input.id, w.now_text()],
    )?;
    audit(
        w,
        input.id,
        crate::audit::said(
            format!("Báo cáo tiến độ {} ({}%)", row.code, input.percent),
            format!("Progress on {} ({}%)", row.code, input.percent),
        ),
        &serde_json::json!({ "text": text }),
    )
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ExtensionInput {
    pub id: DirectionId,
    pub proposed_deadline: NaiveDate,
    pub reason: String,
}

pub fn request_extension(w: &mut Writer<'_>, actor: &Actor, input: &ExtensionInput) -> CoreResult<i64> {
    let row = get_row(w, actor, input.id, w.now())?;
    if !allowed(w, actor, &row)?.request_extension {
        return Err(refuse("đề nghị gia hạn", "ask for an extension"));
    }
    let reason = clean_required("reason", ("Lý do", "Reason"), &input.reason, 2000)?;
    if input.proposed_deadline <= row.deadline {
        return Err(CoreError::invalid(
            "proposedDeadline",
            "Thời hạn đề nghị phải sau thời hạn hiện tại.",
            "The proposed deadline must be after the current one.",
        ));
    }
    let (by, name) = w.actor();
    let name = name.to_string();
    w.execute(
        "INSERT INTO direction_extension (direction_id, requested_by, requested_by_name, requested_at, proposed_deadline, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![input.id, by, name, w.now_text(), input.proposed_deadline, reason],
    )?;
    let extension = w.last_insert_rowid();
    audit(
        w,
        input.id,
        crate::audit::said(
            format!("Đề nghị gia hạn {} đến {}", row.code, input.proposed_deadline.format("%d/%m/%Y")),
            format!("Asked to extend {} to {}", row.code, input.proposed_deadline.format("%d/%m/%Y")),
        ),
        &serde_json::json!({ "reason": reason }),
    )?;
    Ok(extension)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ExtensionDecision {
    #[ts(type = "number")]
    pub extension_id: i64,
    pub grant: bool,
    /// Required when refusing.
    #[serde(default)]
    pub reason: String,
    /// Granting to another day than the one asked (later than the deadline now).
    #[serde(default)]
    pub granted_deadline: Option<NaiveDate>,
}

fn change_deadline(
    w: &mut Writer<'_>,
    id: DirectionId,
    old: NaiveDate,
    new: NaiveDate,
    reason: &str,
    extension: Option<i64>,
) -> CoreResult<()> {
    let (by, name) = w.actor();
    let name = name.to_string();
    w.execute(
        "UPDATE direction SET deadline = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, new, w.now_text()],
    )?;
    w.execute(
        "INSERT INTO direction_deadline_change (direction_id, old_deadline, new_deadline, reason, extension_id,
             changed_by, changed_by_name, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, old, new, reason, extension, by, name, w.now_text()],
    )?;
    Ok(())
}

pub fn decide_extension(
    w: &mut Writer<'_>,
    actor: &Actor,
    decision: &ExtensionDecision,
) -> CoreResult<DirectionId> {
    let found: Option<(DirectionId, NaiveDate, Decision)> = w
        .query_row(
            "SELECT direction_id, proposed_deadline, decision FROM direction_extension WHERE id = ?1",
            [decision.extension_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    // A request on a direction the person may not see is not there for them: the same
    // answer as for no request at all.
    let missing = || CoreError::NotFound { what: Noun::Extension };
    let (id, proposed, state) = found.ok_or_else(missing)?;
    let row = get_row(w, actor, id, w.now()).map_err(|e| match e {
        CoreError::NotFound { .. } => missing(),
        other => other,
    })?;
    if !allowed(w, actor, &row)?.decide_extension && state == Decision::Pending {
        return Err(refuse("quyết định gia hạn", "decide on the extension"));
    }
    if state != Decision::Pending {
        return Err(CoreError::conflict(
            "Đề nghị này đã được quyết định.",
            "This request has been decided already.",
        ));
    }
    let reason = clean_optional("reason", ("Lý do", "Reason"), &decision.reason, 2000)?;
    if !decision.grant && reason.is_empty() {
        return Err(CoreError::invalid(
            "reason",
            "Nêu lý do không đồng ý gia hạn.",
            "Give the reason for refusing the extension.",
        ));
    }
    let (by, name) = w.actor();
    let name = name.to_string();
    let state = if decision.grant { Decision::Granted } else { Decision::Refused };
    w.execute(
        "UPDATE direction_extension SET decision = ?2, decided_by = ?3, decided_by_name = ?4, decided_at = ?5,
             decision_reason = ?6 WHERE id = ?1",
        params![decision.extension_id, state, by, name, w.now_text(), reason],
    )?;
    if decision.grant {
        let granted = decision.granted_deadline.unwrap_or(proposed);
        check_far(granted, w.now(), "grantedDeadline")?;
        if granted <= row.deadline {
            return Err(CoreError::invalid(
                "grantedDeadline",
                format!("Hạn gia hạn phải sau hạn hiện tại ({}).", row.deadline.format("%d/%m/%Y")),
                format!(
                    "The extended deadline must be after the current one ({}).",
                    row.deadline.format("%d/%m/%Y")
                ),
            ));
        }
        let mut why = if granted == proposed {
            "Đồng ý gia hạn".to_string()
        } else {
            format!(
                "Đồng ý gia hạn đến {} (đề nghị {})",
                granted.format("%d/%m/%Y"),
                proposed.format("%d/%m/%Y")
            )
        };
        if !reason.is_empty() {
            why = format!("{why}: {reason}");
        }
        change_deadline(w, id, row.deadline, granted, &why, Some(decision.extension_id))?;
    }
    let (verb, verb_en) =
        if decision.grant { ("Đồng ý", "Granted") } else { ("Không đồng ý", "Refused") };
    let granted = decision.grant.then(|| decision.granted_deadline.unwrap_or(proposed));
    audit(
        w,
        id,
        crate::audit::said(
            format!("{verb} gia hạn {}", row.code),
            format!("{verb_en} the extension of {}", row.code),
        ),
        &serde_json::json!({ "reason": reason, "proposed": proposed, "granted": granted }),
    )?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    pub id: DirectionId,
    pub deadline: NaiveDate,
    pub reason: String,
}

/// A leader or the chief changes the deadline directly (a new direction on the matter).
/// The furthest a deadline may be set: five years ahead catches a mistyped year.
const FURTHEST_YEARS: i32 = 5;

fn check_far(deadline: NaiveDate, now: chrono::DateTime<chrono::Utc>, field: &'static str) -> CoreResult<()> {
    let today = vietnam_date(now);
    let furthest = today.with_year(today.year() + FURTHEST_YEARS).unwrap_or(today);
    if deadline > furthest {
        return Err(CoreError::invalid(
            field,
            format!("Thời hạn quá xa (sau {}): kiểm tra lại năm.", furthest.format("%d/%m/%Y")),
            format!("The deadline is too far ahead (after {}): check the year.", furthest.format("%d/%m/%Y")),
        ));
    }
    Ok(())
}

pub fn set_deadline(w: &mut Writer<'_>, actor: &Actor, input: &DeadlineInput) -> CoreResult<()> {
    let row = get_row(w, actor, input.id, w.now())?;
    if !allowed(w, actor, &row)?.set_deadline {
        return Err(refuse("đổi thời hạn", "change the deadline"));
    }
    let reason = clean_required("reason", ("Lý do", "Reason"), &input.reason, 2000)?;
    check_far(input.deadline, w.now(), "deadline")?;
    if input.deadline < row.assigned_on {
        return Err(CoreError::invalid(
            "deadline",
            "Thời hạn không thể trước ngày giao.",
            "The deadline cannot be before the day given.",
        ));
    }
    if input.deadline == row.deadline {
        return Err(CoreError::invalid(
            "deadline",
            "Thời hạn mới trùng thời hạn hiện tại.",
            "The new deadline is the current one.",
        ));
    }
    change_deadline(w, input.id, row.deadline, input.deadline, &reason, None)?;
    audit(
        w,
        input.id,
        crate::audit::said(
            format!("Đổi thời hạn {} thành {}", row.code, input.deadline.format("%d/%m/%Y")),
            format!("Moved the deadline of {} to {}", row.code, input.deadline.format("%d/%m/%Y")),
        ),
        &serde_json::json!({ "reason": reason }),
    )
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct CompleteInput {
    pub id: DirectionId,
    /// The day it was done; today when absent.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    #[serde(default)]
    pub result: String,
    /// The document that carries the result: a report received, a document issued.
    #[serde(default)]
    pub result_outgoing_id: Option<OutgoingId>,
    #[serde(default)]
    pub result_incoming_id: Option<IncomingId>,
}

pub fn complete(w: &mut Writer<'_>, actor: &Actor, input: &CompleteInput) -> CoreResult<()> {
    let row = get_row(w, actor, input.id, w.now())?;
    if !allowed(w, actor, &row)?.complete {
        return Err(refuse("xác nhận hoàn thành", "mark it done"));
    }
    let result = clean_optional("result", ("Kết quả", "Result"), &input.result, 4000)?;
    if result.is_empty() && input.result_outgoing_id.is_none() && input.result_incoming_id.is_none() {
        return Err(CoreError::invalid(
            "result",
            "Hoàn thành nhiệm vụ cần có kết quả: nội dung hoặc văn bản kết quả.",
            "Completing a direction needs a result: a text or a document.",
        ));
    }
    let today = vietnam_date(w.now());
    let completed_on = input.completed_on.unwrap_or(today);
    if completed_on > today || completed_on < row.assigned_on {
        return Err(CoreError::invalid(
            "completedOn",
            "Ngày hoàn thành phải từ ngày giao đến hôm nay.",
            "The completion date must be between the day given and today.",
        ));
    }
    // A result the person may not see is refused as one that does not exist.
    if let Some(id) = input.result_incoming_id {
        crate::secrecy::require(
            w,
            actor,
            crate::vocabulary::ObjectKind::IncomingDocument,
            id.0,
            Noun::IncomingDocument,
        )?;
    }
    if let Some(id) = input.result_outgoing_id {
        crate::secrecy::require(
            w,
            actor,
            crate::vocabulary::ObjectKind::OutgoingDocument,
            id.0,
            Noun::OutgoingDocument,
        )?;
        let issued: Option<String> = w
            .query_row("SELECT status FROM outgoing_document WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if issued.as_deref() != Some("issued") {
            return Err(CoreError::invalid(
                "resultOutgoingId",
                "Văn bản kết quả phải là văn bản đã ban hành.",
                "The result document must be an issued one.",
            ));
        }
    }
    w.execute(
        "UPDATE direction SET completed_on = ?2, result = ?3, result_outgoing_id = ?4, result_incoming_id = ?5,
             completed_by = ?6, percent = 100, updated_at = ?7 WHERE id = ?1",
        params![input.id, completed_on, result, input.result_outgoing_id, input.result_incoming_id, actor.user_id, w.now_text()],
    )?;
    let (late, late_en) = if completed_on > row.deadline { (" (trễ hạn)", " (late)") } else { ("", "") };
    let line = crate::audit::said(
        format!("Hoàn thành {}{late}", row.code),
        format!("Completed {}{late_en}", row.code),
    );
    audit(w, input.id, line, &serde_json::json!({ "result": result }))
}

/// The agencies a reminder is addressed to and the directions it lists, checked: each
/// open and overdue or due soon, visible to the person.
pub fn reminder_rows(
    conn: &Connection,
    actor: &Actor,
    ids: &[DirectionId],
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Vec<DirectionRow>> {
    if ids.is_empty() {
        return Err(CoreError::invalid(
            "ids",
            "Chọn ít nhất một nhiệm vụ cần đôn đốc.",
            "Choose at least one direction to remind about.",
        ));
    }
    let mut rows = Vec::new();
    for id in ids {
        let row = get_row(conn, actor, *id, now)?;
        if !matches!(row.status, DirectionStatus::Overdue | DirectionStatus::DueSoon) {
            return Err(CoreError::invalid(
                "ids",
                format!("Nhiệm vụ {} không quá hạn hay sắp đến hạn: không cần đôn đốc.", row.code),
                format!("Direction {} is neither overdue nor due soon: no reminder is needed.", row.code),
            ));
        }
        if !rows.iter().any(|r: &DirectionRow| r.id == row.id) {
            rows.push(row);
        }
    }
    rows.sort_by_key(|r| (r.lead_agency_name.clone(), r.deadline));
    Ok(rows)
}

/// The reminder công văn (đôn đốc) listing `rows`, as a draft's content not yet saved:
/// the person reads and edits it, and it exists only once they save it
/// ([`link_reminders`] then ties it to each direction).
pub fn reminder_content(
    conn: &Connection,
    actor: &Actor,
    rows: &[DirectionRow],
    department_code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<crate::outgoing::draft::DraftContent> {
    use crate::outgoing::draft;
    use crate::pdf::official::{Block, Run};
    let run = |text: String| Run { text, bold: false, italic: false };
    let today = vietnam_date(now);
    let mut agencies: Vec<(AgencyId, String)> = Vec::new();
    for row in rows {
        if !agencies.iter().any(|(id, _)| *id == row.lead_agency_id) {
            agencies.push((row.lead_agency_id, row.lead_agency_name.clone()));
        }
    }
    let mut content = draft::template(actor, department_code, "CV");
    // It quotes each direction: it is as secret as the most secret of them.
    for row in rows {
        let level: crate::vocabulary::Clearance =
            conn.query_row("SELECT secrecy FROM direction WHERE id = ?1", [row.id], |r| r.get(0))?;
        content.secrecy = content.secrecy.max(level);
    }
    content.issuer = crate::register::Issuer::Committee;
    content.summary = "đôn đốc thực hiện nhiệm vụ được giao".to_string();
    content.addressees = agencies.iter().map(|(_, name)| name.clone()).collect();
    let mut blocks = vec![Block::Paragraph {
        runs: vec![run(format!(
            "Theo dõi tình hình thực hiện nhiệm vụ do lãnh đạo Ủy ban nhân dân tỉnh giao, đến ngày {}, \
             các nhiệm vụ sau đây đã quá hạn hoặc sắp đến hạn mà chưa có báo cáo kết quả:",
            today.format("%d/%m/%Y")
        ))],
    }];
    for (index, (agency, name)) in agencies.iter().enumerate() {
        blocks.push(Block::Point {
            label: format!("{}.", index + 1),
            runs: vec![Run { text: name.clone(), bold: true, italic: false }],
        });
        for row in rows.iter().filter(|r| r.lead_agency_id == *agency) {
            let state =
                if row.status == DirectionStatus::Overdue { "đã quá hạn" } else { "sắp đến hạn" };
            blocks.push(Block::Bullet {
                runs: vec![run(format!(
                    "{} ({}, {} chỉ đạo ngày {}): thời hạn {}, {state}.",
                    row.content.trim_end_matches('.'),
                    row.code,
                    row.leader_name,
                    row.assigned_on.format("%d/%m/%Y"),
                    row.deadline.format("%d/%m/%Y"),
                ))],
            });
        }
    }
    blocks.push(Block::Paragraph {
        runs: vec![run(
            "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị khẩn trương thực hiện, báo cáo kết quả (qua Văn phòng \
             Ủy ban nhân dân tỉnh) để tổng hợp, báo cáo lãnh đạo Ủy ban nhân dân tỉnh; trường hợp cần gia hạn, nêu rõ \
             lý do và thời hạn đề nghị."
                .to_string(),
        )],
    });
    content.blocks = blocks;
    Ok(content)
}

/// Tie the reminder just saved as the draft `outgoing` to each direction it reminds of
/// (checked again: each still the person's to see, late or nearly).
pub fn link_reminders(
    w: &mut Writer<'_>,
    actor: &Actor,
    ids: &[DirectionId],
    outgoing: OutgoingId,
) -> CoreResult<()> {
    let rows = reminder_rows(w, actor, ids, w.now())?;
    for row in &rows {
        w.execute(
            "INSERT INTO direction_reminder (direction_id, outgoing_id, created_at) VALUES (?1, ?2, ?3)",
            params![row.id, outgoing, w.now_text()],
        )?;
        audit(
            w,
            row.id,
            crate::audit::said(
                format!("Soạn công văn đôn đốc {}", row.code),
                format!("Drafted a reminder for {}", row.code),
            ),
            &serde_json::json!({ "outgoingId": outgoing }),
        )?;
    }
    Ok(())
}

/// The people who answer for a direction's deadline: its follower and the accounts of
/// its lead agency.
pub fn responsible(conn: &Connection, follower: UserId, agency: AgencyId) -> CoreResult<Vec<UserId>> {
    let mut statement = conn.prepare_cached("SELECT id FROM user WHERE agency_id = ?1 AND active = 1")?;
    let mut people: Vec<UserId> = vec![follower];
    for id in statement.query_map([agency], |r| r.get(0))? {
        people.push(id?);
    }
    Ok(people)
}
