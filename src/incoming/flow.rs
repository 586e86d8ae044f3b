//! The steps of an incoming document after registration, who may take each, and the
//! trail they leave. Every transition checks the document's state and the person's
//! place in it, not only their role.

use super::model::{Closure, IncomingId, IncomingRow, IncomingStatus, row};
use crate::audit::{ObjectRef, Writer};
use crate::calendar::Calendar;
use crate::clock::timestamp;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult};
use crate::org::user::{Person, User};
use crate::permission::role;
use crate::vocabulary::Actor;
use crate::vocabulary::LIMITS;
use crate::vocabulary::{Clearance, DepartmentId, Role, UserId, clean_optional, clean_required};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Record a step of a document's trail: `text` as the system writes it, in Vietnamese
/// and English (the English empty when the line is only what a person wrote).
pub(crate) fn record_step(
    w: &Writer<'_>,
    id: IncomingId,
    kind: &str,
    (text, text_en): (&str, &str),
    details: &serde_json::Value,
) -> CoreResult<()> {
    let (actor_id, actor_name) = w.actor();
    w.execute(
        "INSERT INTO incoming_step (document_id, at, actor_id, actor_name, kind, text, details, text_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, w.now_text(), actor_id, actor_name, kind, text, details.to_string(), text_en],
    )?;
    w.execute("UPDATE incoming_document SET updated_at = ?2 WHERE id = ?1", params![id, w.now_text()])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    /// registered, presented, directed, assigned, returned, progress, closed
    pub kind: String,
    pub text: String,
    /// The line in English, where the system wrote it (empty: show `text`).
    pub text_en: String,
}

pub fn steps(conn: &Connection, id: IncomingId) -> CoreResult<Vec<Step>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, at, actor_name, kind, text, text_en FROM incoming_step WHERE document_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(Step {
            id: r.get(0)?,
            at: r.get(1)?,
            actor_name: r.get(2)?,
            kind: r.get(3)?,
            text: r.get(4)?,
            text_en: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The state a transition needs about a document.
struct State {
    status: IncomingStatus,
    secrecy: crate::vocabulary::Clearance,
    lead_department_id: Option<DepartmentId>,
    presented_to_id: Option<UserId>,
    handler_id: Option<UserId>,
    number: i64,
    year: i32,
    cancelled: bool,
}

fn state(conn: &Connection, actor: &Actor, id: IncomingId, now: DateTime<Utc>) -> CoreResult<State> {
    // Goes through `row` first so that a document the actor may not see is "not found".
    row(conn, actor, id, now)?;
    Ok(conn.query_row(
        "SELECT status, lead_department_id, presented_to_id, handler_id, number, year, secrecy,
             cancelled_at IS NOT NULL
         FROM incoming_document WHERE id = ?1",
        [id],
        |r| {
            Ok(State {
                status: r.get(0)?,
                lead_department_id: r.get(1)?,
                presented_to_id: r.get(2)?,
                handler_id: r.get(3)?,
                number: r.get(4)?,
                year: r.get(5)?,
                secrecy: r.get(6)?,
                cancelled: r.get(7)?,
            })
        },
    )?)
}

fn is_assignee(conn: &Connection, id: IncomingId, user: UserId) -> CoreResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM incoming_assignee WHERE document_id = ?1 AND user_id = ?2",
            params![id, user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// A secret document may only be handed to someone cleared for its level.
fn require_clearance(
    person: &crate::org::user::User,
    level: crate::vocabulary::Clearance,
    field: &'static str,
) -> CoreResult<()> {
    if person.clearance.covers(level) {
        return Ok(());
    }
    Err(CoreError::invalid(
        field,
        format!("{} không được tiếp cận văn bản có độ mật này.", person.full_name),
        format!("{} is not cleared for this document's secrecy level.", person.full_name),
    ))
}

/// The leader a document of secrecy `level` may be presented to: active, one who gives
/// directions, cleared for the level. The same check whether the document is presented
/// at registration or afterwards.
pub(crate) fn presentee(
    conn: &Connection,
    to: UserId,
    level: crate::vocabulary::Clearance,
    field: &'static str,
) -> CoreResult<crate::org::user::User> {
    let leader = crate::org::user::get(conn, to)?;
    require_clearance(&leader, level, field)?;
    if !may_direct(&leader, level) {
        return Err(CoreError::invalid(
            field,
            "Chỉ trình văn bản cho Chủ tịch, Phó Chủ tịch, Chánh hoặc Phó Chánh Văn phòng.",
            "Documents are presented to the Chairman, a Vice Chairman, or the chief or a deputy chief of office.",
        ));
    }
    Ok(leader)
}

/// Whether `person` may be given a document of `department` at `secrecy` to handle: an
/// active specialist or head of that department, cleared for it.
fn may_handle(person: &User, department: Option<DepartmentId>, secrecy: Clearance) -> bool {
    person.active
        && person.agency_id.is_none()
        && role::handles_documents(person.role)
        && department.is_some()
        && person.department_id == department
        && person.clearance.covers(secrecy)
}

/// Whether `person` may be presented a document at `secrecy`.
fn may_direct(person: &User, secrecy: Clearance) -> bool {
    person.active
        && person.agency_id.is_none()
        && role::directs_incoming(person.role)
        && person.clearance.covers(secrecy)
}

/// The people the incoming forms may name for a document at `secrecy`, exactly those
/// the steps accept: the leaders it may be presented to, the colleagues of `actor`'s
/// department it may be assigned to, and everyone who handles documents (the lists'
/// filter by handler).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IncomingPeople {
    pub leaders: Vec<Person>,
    pub colleagues: Vec<Person>,
    pub handlers: Vec<Person>,
}

pub fn people(conn: &Connection, actor: &Actor, secrecy: Clearance) -> CoreResult<IncomingPeople> {
    let everyone = crate::org::user::list(conn, &crate::org::user::UserFilter::default())?;
    let mut people = IncomingPeople { leaders: Vec::new(), colleagues: Vec::new(), handlers: Vec::new() };
    for user in everyone {
        if may_direct(&user, secrecy) && user.id != actor.user_id {
            people.leaders.push(Person::from(user.clone()));
        }
        if may_handle(&user, actor.department_id, secrecy) && user.id != actor.user_id {
            people.colleagues.push(Person::from(user.clone()));
        }
        if user.active && user.agency_id.is_none() && role::handles_documents(user.role) {
            people.handlers.push(Person::from(user));
        }
    }
    Ok(people)
}

fn not_now(vi: &str, en: &str) -> CoreError {
    CoreError::conflict(vi, en)
}

/// What `actor` may do with a document in its current state; the UI offers only these,
/// and each transition checks again.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Allowed {
    pub present: bool,
    pub direct: bool,
    pub assign: bool,
    pub give_back: bool,
    pub report_progress: bool,
    pub close: bool,
    /// The clerk corrects what was entered at registration, or cancels the registration.
    pub correct: bool,
    pub cancel: bool,
}

pub fn allowed(conn: &Connection, actor: &Actor, id: IncomingId, now: DateTime<Utc>) -> CoreResult<Allowed> {
    let s = state(conn, actor, id, now)?;
    let me = actor.user_id;
    let heads_lead = actor.role == Role::DepartmentHead && s.lead_department_id == actor.department_id;
    let handles = s.handler_id == Some(me) || is_assignee(conn, id, me)?;
    let registers = crate::permission::allows_user(
        actor.role,
        actor.agency_id.is_some(),
        crate::permission::Action::IncomingRegister,
    );
    Ok(Allowed {
        present: (role::keeps_registers(actor.role)
            && matches!(s.status, IncomingStatus::Registered | IncomingStatus::Returned))
            || (s.status == IncomingStatus::Presented
                && s.presented_to_id == Some(me)
                && role::directs_incoming(actor.role)),
        direct: s.status == IncomingStatus::Presented
            && s.presented_to_id == Some(me)
            && role::directs_incoming(actor.role),
        assign: heads_lead && matches!(s.status, IncomingStatus::Directed | IncomingStatus::Assigned),
        give_back: (s.handler_id == Some(me) || heads_lead)
            && matches!(s.status, IncomingStatus::Directed | IncomingStatus::Assigned),
        report_progress: handles && s.status == IncomingStatus::Assigned,
        close: (s.handler_id == Some(me) || heads_lead) && s.status == IncomingStatus::Assigned,
        correct: registers && !s.cancelled,
        cancel: registers && !s.cancelled && s.status != IncomingStatus::Closed,
    })
}

/// What the clerk may correct in a registration (not the register, number, day of
/// arrival or secrecy, which decide the number).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct CorrectRequest {
    pub id: IncomingId,
    pub agency_name: String,
    pub number_symbol: String,
    pub document_date: Option<NaiveDate>,
    pub document_type: String,
    pub summary: String,
    pub page_count: Option<u32>,
    pub signer: String,
    /// Why, for the trail.
    pub reason: String,
}

/// Correct a registration; the trail keeps every old value.
pub fn correct(w: &mut Writer<'_>, actor: &Actor, request: &CorrectRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.correct {
        return Err(not_now("Bạn không thể sửa văn bản này.", "You cannot correct this document."));
    }
    let reason = clean_required("reason", ("Lý do sửa", "Reason"), &request.reason, LIMITS.reason as usize)?;
    let agency_name =
        clean_required("agencyName", ("Cơ quan ban hành", "Issuing agency"), &request.agency_name, 250)?;
    let number_symbol = clean_required(
        "numberSymbol",
        ("Số, ký hiệu", "Number and symbol"),
        &crate::fold::clean_symbol(&request.number_symbol),
        60,
    )?;
    let summary =
        clean_required("summary", ("Trích yếu", "Summary"), &request.summary, LIMITS.summary as usize)?;
    let signer = clean_optional("signer", ("Người ký", "Signer"), &request.signer, 120)?;
    if !crate::doctype::is_known(&request.document_type) {
        return Err(CoreError::invalid(
            "documentType",
            "Loại văn bản không có trong danh mục của Nghị định 30/2020/NĐ-CP.",
            "The document type is not in the Decree 30/2020/NĐ-CP list.",
        ));
    }
    let before = row(w, actor, request.id, w.now())?;
    if request.document_date.is_some_and(|d| d > vietnam_date(before.received_at)) {
        return Err(CoreError::invalid(
            "documentDate",
            "Ngày của văn bản không thể sau ngày văn bản đến.",
            "The document cannot be dated after the day it arrived.",
        ));
    }
    let (old_pages, old_signer): (Option<u32>, String) =
        w.query_row("SELECT page_count, signer FROM incoming_document WHERE id = ?1", [request.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let old = serde_json::json!({
        "agencyName": before.agency_name, "numberSymbol": before.number_symbol, "documentDate": before.document_date,
        "documentType": before.document_type, "summary": before.summary, "pageCount": old_pages, "signer": old_signer,
    });
    let new = serde_json::json!({
        "agencyName": agency_name, "numberSymbol": number_symbol, "documentDate": request.document_date,
        "documentType": request.document_type, "summary": summary, "pageCount": request.page_count, "signer": signer,
    });
    let changed: Vec<&str> =
        ["agencyName", "numberSymbol", "documentDate", "documentType", "summary", "pageCount", "signer"]
            .into_iter()
            .filter(|k| old[k] != new[k])
            .collect();
    if changed.is_empty() {
        return Err(CoreError::conflict("Không có thay đổi nào để lưu.", "There is no change to save."));
    }
    w.execute(
        "UPDATE incoming_document SET agency_name = ?2, number_symbol = ?3, symbol_key = ?4, document_date = ?5,
             document_type = ?6, summary = ?7, page_count = ?8, signer = ?9, updated_at = ?10 WHERE id = ?1",
        params![
            request.id,
            agency_name,
            number_symbol,
            crate::fold::fold(&number_symbol).replace(' ', ""),
            request.document_date,
            request.document_type,
            summary,
            request.page_count,
            signer,
            w.now_text()
        ],
    )?;
    super::model::reindex(w, request.id)?;
    let label = |k: &str| match k {
        "agencyName" => ("cơ quan ban hành", "issuing agency"),
        "numberSymbol" => ("số, ký hiệu", "number and symbol"),
        "documentDate" => ("ngày văn bản", "date"),
        "documentType" => ("loại văn bản", "type"),
        "summary" => ("trích yếu", "summary"),
        "pageCount" => ("số trang", "pages"),
        _ => ("người ký", "signer"),
    };
    let labels: Vec<&str> = changed.iter().map(|k| label(k).0).collect();
    let labels_en: Vec<&str> = changed.iter().map(|k| label(k).1).collect();
    let text = format!("Sửa thông tin vào sổ ({}). Lý do: {reason}", labels.join(", "));
    let text_en = format!("Registration corrected ({}). Reason: {reason}", labels_en.join(", "));
    record_step(
        w,
        request.id,
        "corrected",
        (&text, &text_en),
        &serde_json::json!({ "before": old, "after": new, "reason": reason }),
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        crate::audit::said(
            format!("Sửa văn bản đến số {}/{}: {}", before.number, before.year, labels.join(", ")),
            format!("Corrected incoming no. {}/{}: {}", before.number, before.year, labels_en.join(", ")),
        ),
        &serde_json::json!({ "before": old, "after": new, "reason": reason }),
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    pub id: IncomingId,
    pub reason: String,
}

/// Cancel a registration (registered twice, not for this Office …): the number stays in
/// the register, marked "đã hủy", and is never given again.
pub fn cancel(w: &mut Writer<'_>, actor: &Actor, request: &CancelRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.cancel {
        return Err(not_now("Bạn không thể hủy vào sổ văn bản này.", "You cannot cancel this registration."));
    }
    let reason = clean_required("reason", ("Lý do hủy", "Reason"), &request.reason, LIMITS.reason as usize)?;
    let s = state(w, actor, request.id, w.now())?;
    w.execute(
        "UPDATE incoming_document SET status = 'closed', closed_at = ?2, cancelled_at = ?2, cancel_reason = ?3,
             updated_at = ?2 WHERE id = ?1",
        params![request.id, timestamp(w.now()), reason],
    )?;
    record_step(
        w,
        request.id,
        "cancelled",
        (&format!("Hủy vào sổ. Lý do: {reason}"), &format!("Registration cancelled. Reason: {reason}")),
        &serde_json::json!({ "reason": reason }),
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        crate::audit::said(
            format!("Hủy vào sổ văn bản đến số {}/{}: {reason}", s.number, s.year),
            format!("Cancelled the registration of incoming no. {}/{}: {reason}", s.number, s.year),
        ),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct PresentRequest {
    pub id: IncomingId,
    /// A leader who gives directions (deputy chief, chief of office, chairman, vice chairman).
    pub to_id: UserId,
    pub note: String,
}

pub fn present(w: &mut Writer<'_>, actor: &Actor, request: &PresentRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.present {
        return Err(not_now(
            "Văn bản không ở bước trình lãnh đạo, hoặc bạn không phải người trình.",
            "The document is not waiting to be presented by you.",
        ));
    }
    let leader = presentee(w, request.to_id, state(w, actor, request.id, w.now())?.secrecy, "toId")?;
    let note = clean_optional("note", ("Ghi chú", "Note"), &request.note, LIMITS.note as usize)?;
    w.execute(
        "UPDATE incoming_document SET status = 'presented', presented_to_id = ?2 WHERE id = ?1",
        params![request.id, request.to_id],
    )?;
    let (text, text_en) = if note.is_empty() {
        (format!("Trình {}", leader.full_name), format!("Presented to {}", leader.full_name))
    } else {
        (format!("Trình {}: {note}", leader.full_name), format!("Presented to {}: {note}", leader.full_name))
    };
    record_step(w, request.id, "presented", (&text, &text_en), &serde_json::json!({ "to": request.to_id }))?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        (text, text_en),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DirectRequest {
    pub id: IncomingId,
    pub lead_department_id: DepartmentId,
    pub cooperating_department_ids: Vec<DepartmentId>,
    /// A date, or …
    pub deadline: Option<NaiveDate>,
    /// … a number of working days from today.
    pub working_days: Option<u32>,
    /// The direction (ý kiến chỉ đạo) in the leader's words.
    pub text: String,
}

pub fn direct(w: &mut Writer<'_>, actor: &Actor, request: &DirectRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.direct {
        return Err(not_now(
            "Văn bản không đang chờ ý kiến chỉ đạo của bạn.",
            "The document is not waiting for your direction.",
        ));
    }
    let text =
        clean_required("text", ("Ý kiến chỉ đạo", "Direction"), &request.text, LIMITS.steering as usize)?;
    let lead = crate::org::department::get(w, request.lead_department_id)?;
    let secrecy = state(w, actor, request.id, w.now())?.secrecy;
    if secrecy != crate::vocabulary::Clearance::None {
        let heads = crate::org::user::list(
            w,
            &crate::org::user::UserFilter {
                department_id: Some(lead.id),
                role: Some(Role::DepartmentHead),
                ..Default::default()
            },
        )?;
        if !heads.iter().any(|h| h.clearance.covers(secrecy)) {
            return Err(CoreError::invalid(
                "leadDepartmentId",
                format!("Trưởng {} không được tiếp cận văn bản có độ mật này: chọn đơn vị khác.", lead.name),
                format!("The head of {} is not cleared for this document: choose another unit.", lead.name),
            ));
        }
    }
    let today = vietnam_date(w.now());
    let deadline = match (request.deadline, request.working_days) {
        (Some(date), _) => Some(date),
        (None, Some(days)) => Some(Calendar::load(w)?.add_working_days(today, days)),
        (None, None) => None,
    };
    if deadline.is_some_and(|d| d < today) {
        return Err(CoreError::invalid("deadline", "Hạn xử lý đã qua.", "The deadline is in the past."));
    }
    w.execute(
        "UPDATE incoming_document SET status = 'directed', lead_department_id = ?2, deadline = ?3,
             presented_to_id = NULL, handler_id = NULL WHERE id = ?1",
        params![request.id, request.lead_department_id, deadline],
    )?;
    // The search index carries the lead department.
    super::model::reindex(w, request.id)?;
    w.execute("DELETE FROM incoming_cooperation WHERE document_id = ?1", [request.id])?;
    let mut cooperating = Vec::new();
    for department in &request.cooperating_department_ids {
        if *department == request.lead_department_id {
            continue;
        }
        cooperating.push(crate::org::department::get(w, *department)?.name);
        w.execute(
            "INSERT OR IGNORE INTO incoming_cooperation (document_id, department_id) VALUES (?1, ?2)",
            params![request.id, department],
        )?;
    }
    let mut summary = format!("{text} — Chủ trì: {}", lead.name);
    let mut summary_en = format!("{text} — Lead: {}", lead.name);
    if !cooperating.is_empty() {
        summary.push_str(&format!("; phối hợp: {}", cooperating.join(", ")));
        summary_en.push_str(&format!("; with: {}", cooperating.join(", ")));
    }
    if let Some(deadline) = deadline {
        summary.push_str(&format!("; hạn xử lý: {}", deadline.format("%d/%m/%Y")));
        summary_en.push_str(&format!("; deadline: {}", deadline.format("%d/%m/%Y")));
    }
    record_step(
        w,
        request.id,
        "directed",
        (&summary, &summary_en),
        &serde_json::json!({ "lead": lead.id, "deadline": deadline, "text": text }),
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        crate::audit::said(format!("Cho ý kiến chỉ đạo: {summary}"), format!("Directed: {summary_en}")),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub id: IncomingId,
    /// The specialist who leads the handling.
    pub handler_id: UserId,
    pub other_ids: Vec<UserId>,
    pub note: String,
}

pub fn assign(w: &mut Writer<'_>, actor: &Actor, request: &AssignRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.assign {
        return Err(not_now(
            "Chỉ trưởng phòng chủ trì mới giao xử lý văn bản đã có ý kiến chỉ đạo.",
            "Only the head of the lead department assigns a directed document.",
        ));
    }
    let note = clean_optional("note", ("Ghi chú", "Note"), &request.note, LIMITS.note as usize)?;
    let secrecy = state(w, actor, request.id, w.now())?.secrecy;
    let mut names = Vec::new();
    for user_id in std::iter::once(&request.handler_id).chain(&request.other_ids) {
        let person = crate::org::user::get(w, *user_id)?;
        require_clearance(&person, secrecy, "handlerId")?;
        if !may_handle(&person, actor.department_id, secrecy) {
            return Err(CoreError::invalid(
                "handlerId",
                format!("{} không phải chuyên viên hoặc trưởng phòng của phòng bạn.", person.full_name),
                format!("{} is not a specialist or the head of your department.", person.full_name),
            ));
        }
        names.push(person.full_name);
    }
    w.execute(
        "UPDATE incoming_document SET status = 'assigned', handler_id = ?2 WHERE id = ?1",
        params![request.id, request.handler_id],
    )?;
    w.execute("DELETE FROM incoming_assignee WHERE document_id = ?1", [request.id])?;
    for other in &request.other_ids {
        w.execute(
            "INSERT OR IGNORE INTO incoming_assignee (document_id, user_id) VALUES (?1, ?2)",
            params![request.id, other],
        )?;
    }
    let mut text = format!("Giao {} chủ trì xử lý", names[0]);
    let mut text_en = format!("Assigned to {} to lead", names[0]);
    if names.len() > 1 {
        text.push_str(&format!("; cùng xử lý: {}", names[1..].join(", ")));
        text_en.push_str(&format!("; with: {}", names[1..].join(", ")));
    }
    if !note.is_empty() {
        text.push_str(&format!(". {note}"));
        text_en.push_str(&format!(". {note}"));
    }
    let details = serde_json::json!({ "handler": request.handler_id });
    record_step(w, request.id, "assigned", (&text, &text_en), &details)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        (text, text_en),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct GiveBackRequest {
    pub id: IncomingId,
    /// Why the document is misrouted.
    pub reason: String,
}

/// Pass a misrouted document back to the clerk, who routes it again.
pub fn give_back(w: &mut Writer<'_>, actor: &Actor, request: &GiveBackRequest) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.give_back {
        return Err(not_now("Bạn không thể trả lại văn bản này.", "You cannot pass this document back."));
    }
    let reason = clean_required("reason", ("Lý do", "Reason"), &request.reason, 1000)?;
    w.execute(
        "UPDATE incoming_document SET status = 'returned', handler_id = NULL, lead_department_id = NULL,
             presented_to_id = NULL WHERE id = ?1",
        [request.id],
    )?;
    super::model::reindex(w, request.id)?;
    w.execute("DELETE FROM incoming_assignee WHERE document_id = ?1", [request.id])?;
    let text = format!("Trả lại văn thư: {reason}");
    let text_en = format!("Given back to the clerk: {reason}");
    record_step(w, request.id, "returned", (&text, &text_en), &serde_json::json!({}))?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        (text, text_en),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    pub id: IncomingId,
    pub text: String,
}

pub fn report_progress(
    w: &mut Writer<'_>,
    actor: &Actor,
    request: &ProgressRequest,
) -> CoreResult<IncomingRow> {
    if !allowed(w, actor, request.id, w.now())?.report_progress {
        return Err(not_now("Bạn không xử lý văn bản này.", "You are not handling this document."));
    }
    let text = clean_required("text", ("Tiến độ", "Progress"), &request.text, 2000)?;
    record_step(w, request.id, "progress", (&text, ""), &serde_json::json!({}))?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        crate::audit::said(format!("Cập nhật tiến độ: {text}"), format!("Progress: {text}")),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    pub id: IncomingId,
    pub closure: Closure,
    /// For a reply: the outgoing document that answers (once the outgoing flow exists) …
    #[ts(type = "number | null")]
    pub reply_outgoing_id: Option<i64>,
    /// … or its number and symbol as issued, e.g. `245/UBND-KT`.
    pub reply_number_symbol: Option<String>,
    pub text: String,
}

pub fn close(w: &mut Writer<'_>, actor: &Actor, request: &CloseRequest) -> CoreResult<IncomingRow> {
    let s = state(w, actor, request.id, w.now())?;
    if !allowed(w, actor, request.id, w.now())?.close {
        return Err(not_now("Bạn không thể kết thúc văn bản này.", "You cannot close this document."));
    }
    let text = clean_optional("text", ("Kết quả", "Result"), &request.text, 2000)?;
    let reply =
        request.reply_number_symbol.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if request.closure == Closure::Replied && reply.is_none() && request.reply_outgoing_id.is_none() {
        return Err(CoreError::invalid(
            "replyNumberSymbol",
            "Hãy ghi số, ký hiệu văn bản trả lời.",
            "Give the number and symbol of the reply.",
        ));
    }
    // The reply named: one the person may see (an id that is not is refused as none);
    // a number the system has issued links to that document; any other number is an
    // outside reply, and the trail says so.
    let mut reply_id = request.reply_outgoing_id;
    if let Some(id) = reply_id {
        crate::secrecy::require(
            w,
            actor,
            crate::vocabulary::ObjectKind::OutgoingDocument,
            id,
            crate::error::Noun::OutgoingDocument,
        )?;
    }
    let reply = reply.map(|r| crate::fold::clean_symbol(&r));
    if reply_id.is_none()
        && request.closure == Closure::Replied
        && let Some(symbol) = &reply
    {
        reply_id = w
            .query_row(
                &format!(
                    "SELECT d.id FROM outgoing_document d WHERE d.status = 'issued' AND d.symbol_key = ?1 AND {}
                     ORDER BY d.id DESC LIMIT 1",
                    crate::secrecy::outgoing_condition(actor)
                ),
                [crate::fold::fold(symbol).replace(' ', "")],
                |r| r.get(0),
            )
            .optional()?;
    }
    w.execute(
        "UPDATE incoming_document SET status = 'closed', closure = ?2, closed_at = ?3, reply_outgoing_id = ?4,
             reply_number_symbol = ?5 WHERE id = ?1",
        params![request.id, request.closure, timestamp(w.now()), reply_id, reply],
    )?;
    let (head, head_en) = match (&request.closure, &reply, reply_id) {
        (Closure::Replied, Some(symbol), Some(_)) => {
            (format!("Đã trả lời bằng văn bản {symbol}"), format!("Answered by {symbol}"))
        }
        (Closure::Replied, Some(symbol), None) => (
            format!("Đã trả lời bằng văn bản {symbol} (văn bản ngoài hệ thống)"),
            format!("Answered by {symbol} (a document outside the system)"),
        ),
        (Closure::Replied, None, _) => ("Đã trả lời".to_string(), "Answered".to_string()),
        (Closure::ForInformation, _, _) => ("Lưu, để biết".to_string(), "Filed for information".to_string()),
    };
    let (summary, summary_en) = if text.is_empty() {
        (head, head_en)
    } else {
        (format!("{head}. {text}"), format!("{head_en}. {text}"))
    };
    let details = serde_json::json!({ "closure": request.closure });
    record_step(w, request.id, "closed", (&summary, &summary_en), &details)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(request.id.0) },
        crate::audit::said(
            format!("Kết thúc văn bản đến số {}/{}: {summary}", s.number, s.year),
            format!("Closed incoming no. {}/{}: {summary_en}", s.number, s.year),
        ),
        request,
    )?;
    row(w, actor, request.id, w.now())
}

/// What waits for `actor` ("việc cần làm"), as disjoint conditions on `d` (an
/// incoming_document), each with its values: a document meets at most one of them.
///
/// Each is answered from one index on its own, whether or not the planner has
/// statistics: a specialist's documents from the handler's covering index, and those
/// where they are only an assignee by id (`+d.status` keeps SQLite, without statistics,
/// from reading every assigned document of the Office by the status index instead —
/// 50 ms at 24,000). Counts add them up; lists join them with OR.
pub fn inbox_branches(actor: &Actor) -> Vec<(&'static str, Vec<i64>)> {
    let me = actor.user_id.0;
    match actor.role {
        Role::Clerk => vec![("d.status IN ('registered', 'returned')", vec![])],
        Role::DepartmentHead => vec![
            ("d.status = 'directed' AND d.lead_department_id = ?", vec![actor.department_id.map(|d| d.0).unwrap_or(-1)]),
            ("d.status = 'assigned' AND d.handler_id = ?", vec![me]),
        ],
        role if role::directs_incoming(role) => vec![("d.status = 'presented' AND d.presented_to_id = ?", vec![me])],
        _ => vec![
            ("d.status = 'assigned' AND d.handler_id = ?", vec![me]),
            (
                "d.id IN (SELECT document_id FROM incoming_assignee WHERE user_id = ?) AND d.handler_id IS NOT ?
                 AND +d.status = 'assigned'",
                vec![me, me],
            ),
        ],
    }
}

/// The inbox as one condition (its branches joined with OR) and its values.
pub fn inbox_condition(actor: &Actor) -> (String, Vec<i64>) {
    let branches = inbox_branches(actor);
    let condition = branches.iter().map(|(branch, _)| format!("({branch})")).collect::<Vec<_>>().join(" OR ");
    (condition, branches.into_iter().flat_map(|(_, values)| values).collect())
}

/// Close a document because the outgoing reply `outgoing_id` (`number_symbol`) was
/// issued. A document already closed keeps its closure; the reply is noted in its trail.
pub(crate) fn close_by_reply(
    w: &mut Writer<'_>,
    id: IncomingId,
    outgoing_id: i64,
    number_symbol: &str,
) -> CoreResult<()> {
    let (status, number, year): (IncomingStatus, i64, i32) =
        w.query_row("SELECT status, number, year FROM incoming_document WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let text = format!("Đã trả lời bằng văn bản {number_symbol}");
    let text_en = format!("Answered by {number_symbol}");
    if status != IncomingStatus::Closed {
        w.execute(
            "UPDATE incoming_document SET status = 'closed', closure = 'replied', closed_at = ?2,
                 reply_outgoing_id = ?3, reply_number_symbol = ?4 WHERE id = ?1",
            params![id, timestamp(w.now()), outgoing_id, number_symbol],
        )?;
    }
    record_step(
        w,
        id,
        "closed",
        (&text, &text_en),
        &serde_json::json!({ "closure": "replied", "outgoing": outgoing_id }),
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(id.0) },
        crate::audit::said(
            format!("Kết thúc văn bản đến số {number}/{year}: {text}"),
            format!("Closed incoming no. {number}/{year}: {text_en}"),
        ),
        &serde_json::json!({ "outgoing": outgoing_id, "numberSymbol": number_symbol }),
    )?;
    Ok(())
}
