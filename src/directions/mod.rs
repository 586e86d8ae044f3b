//! Directions (nhiệm vụ, chỉ đạo; DOMAIN.md §3): what a leader asked an agency to do, by
//! when, followed by a specialist of the Office until it is done.
//!
//! A direction's status is never stored: it is computed from its deadline, its completion
//! date and the day it is looked at ([`status`]), so the list, the alerts and the monthly
//! figures always agree. Progress, extensions, deadline changes, completion and reminders
//! are in [`tracking`]; figures per agency in [`stats`].

pub mod model;
pub mod print;
pub mod stats;
pub mod tracking;
pub mod views;

use model::{DirectionId, Priority, Source, get_row};

use crate::audit::{ObjectRef, Writer};
use crate::calendar::Calendar;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::incoming::model::IncomingId;
use crate::org::user::Person;
use crate::outgoing::OutgoingId;
use crate::outgoing::is_conclusion_notice;
use crate::permission::role;
use crate::search::{self, Index};
use crate::secrecy::{self};
use crate::vocabulary::Actor;
use crate::vocabulary::LIMITS;
use crate::vocabulary::{AgencyId, Clearance, Role, UserId, clean_optional, clean_required};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a direction is made of, for creating and editing.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DirectionInput {
    pub source: Source,
    /// For a direction given on an incoming document.
    #[serde(default)]
    pub incoming_id: Option<IncomingId>,
    /// For a direction from a conclusion notice (an issued thông báo).
    #[serde(default)]
    pub outgoing_id: Option<OutgoingId>,
    /// The programme item, the Government's document, or any reference.
    #[serde(default)]
    pub source_reference: String,
    pub content: String,
    pub leader_id: UserId,
    pub lead_agency_id: AgencyId,
    #[serde(default)]
    pub cooperating_agency_ids: Vec<AgencyId>,
    /// The deadline; or `working_days` after the day it is given.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub working_days: Option<u32>,
    /// The Office's specialist who follows it; the person creating it when absent.
    #[serde(default)]
    pub follower_id: Option<UserId>,
    pub priority: Priority,
    /// The day it was given; today when absent (a direction entered late keeps its date).
    #[serde(default)]
    pub assigned_on: Option<NaiveDate>,
    /// Độ mật. Absent: that of the source document (a direction from a secret document is
    /// secret at its level); a person cleared for the source may lower it, and the trail
    /// records that it was lowered.
    #[serde(default)]
    pub secrecy: Option<Clearance>,
}

/// Who may follow a direction for the Office: its own people who manage directions (not
/// an agency's account).
pub fn may_follow(role: Role, agency: Option<AgencyId>) -> bool {
    agency.is_none() && crate::permission::allows(role, crate::permission::Action::DirectionManage)
}

/// The people a direction may name, for the form's and the statistics' pickers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionPeople {
    pub leaders: Vec<Person>,
    pub followers: Vec<Person>,
}

pub fn people(conn: &Connection) -> CoreResult<DirectionPeople> {
    let everyone = crate::org::user::list(conn, &crate::org::user::UserFilter::default())?;
    let (mut leaders, mut followers) = (Vec::new(), Vec::new());
    for user in everyone {
        let (role, agency) = (user.role, user.agency_id);
        let person = Person::from(user);
        if may_follow(role, agency) {
            followers.push(person.clone());
        }
        if role::gives_directions(role) {
            leaders.push(person);
        }
    }
    Ok(DirectionPeople { leaders, followers })
}

fn check_leader(conn: &Connection, id: UserId) -> CoreResult<String> {
    let row: Option<(Role, String, bool)> = conn
        .query_row("SELECT role, full_name, active FROM user WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match row {
        Some((role, name, true)) if role::gives_directions(role) => Ok(name),
        _ => Err(CoreError::invalid(
            "leaderId",
            "Người chỉ đạo phải là lãnh đạo UBND tỉnh hoặc Chánh Văn phòng.",
            "The leader must be a leader of the Committee or the chief of office.",
        )),
    }
}

fn check_follower(conn: &Connection, id: UserId) -> CoreResult<()> {
    let row: Option<(Role, bool, Option<AgencyId>)> = conn
        .query_row("SELECT role, active, agency_id FROM user WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match row {
        Some((role, true, agency)) if may_follow(role, agency) => Ok(()),
        _ => Err(CoreError::invalid(
            "followerId",
            "Người theo dõi phải là chuyên viên hoặc lãnh đạo của Văn phòng.",
            "The follower must be a specialist or a manager of the Office.",
        )),
    }
}

fn check_agency(conn: &Connection, field: &'static str, id: AgencyId) -> CoreResult<String> {
    conn.query_row("SELECT name FROM agency WHERE id = ?1 AND active = 1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            CoreError::invalid(
                field,
                "Cơ quan đã chọn không có trong danh bạ.",
                "The chosen agency is not in the directory.",
            )
        })
}

/// The checked values of an input: content, reference, deadline, follower, assigned day.
struct Checked {
    content: String,
    reference: String,
    deadline: NaiveDate,
    follower: UserId,
    assigned_on: NaiveDate,
    agency_name: String,
    cooperators: Vec<AgencyId>,
    secrecy: Clearance,
    /// The source's level, when the secrecy chosen is below it.
    lowered_from: Option<Clearance>,
}

fn check(
    conn: &Connection,
    actor: &Actor,
    input: &DirectionInput,
    now: DateTime<Utc>,
) -> CoreResult<Checked> {
    let content = clean_required(
        "content",
        ("Nội dung nhiệm vụ", "Content"),
        &input.content,
        LIMITS.direction as usize,
    )?;
    let reference = clean_optional("sourceReference", ("Nguồn", "Reference"), &input.source_reference, 300)?;
    check_leader(conn, input.leader_id)?;
    let agency_name = check_agency(conn, "leadAgencyId", input.lead_agency_id)?;
    let mut cooperators = Vec::new();
    for agency in &input.cooperating_agency_ids {
        check_agency(conn, "cooperatingAgencyIds", *agency)?;
        if *agency != input.lead_agency_id && !cooperators.contains(agency) {
            cooperators.push(*agency);
        }
    }
    let follower = input.follower_id.unwrap_or(actor.user_id);
    check_follower(conn, follower)?;
    let today = vietnam_date(now);
    let assigned_on = input.assigned_on.unwrap_or(today);
    if assigned_on > today {
        return Err(CoreError::invalid(
            "assignedOn",
            "Ngày giao không thể ở tương lai.",
            "The day given cannot be in the future.",
        ));
    }
    let calendar = Calendar::load(conn)?;
    let deadline = match (input.deadline, input.working_days) {
        (Some(date), _) => date,
        (None, Some(days)) if days > 0 => calendar.add_working_days(assigned_on, days),
        _ => {
            return Err(CoreError::invalid(
                "deadline",
                "Nhiệm vụ cần có thời hạn hoàn thành.",
                "A direction needs a deadline.",
            ));
        }
    };
    if deadline < assigned_on {
        return Err(CoreError::invalid(
            "deadline",
            "Thời hạn không thể trước ngày giao.",
            "The deadline cannot be before the day given.",
        ));
    }
    match input.source {
        Source::Incoming if input.incoming_id.is_none() => {
            return Err(CoreError::invalid(
                "incomingId",
                "Chọn văn bản đến có ý kiến chỉ đạo.",
                "Choose the incoming document with the direction.",
            ));
        }
        Source::Conclusion if input.outgoing_id.is_none() => {
            return Err(CoreError::invalid(
                "outgoingId",
                "Chọn thông báo kết luận.",
                "Choose the conclusion notice.",
            ));
        }
        Source::Programme | Source::Government if reference.is_empty() => {
            return Err(CoreError::invalid(
                "sourceReference",
                "Ghi rõ nguồn: mục chương trình công tác hoặc văn bản giao nhiệm vụ.",
                "Name the source: the work-programme item or the document that assigned it.",
            ));
        }
        _ => {}
    }
    let mut source_level = Clearance::None;
    if let Some(incoming) = input.incoming_id {
        // The document must be one this person can see and that carries a direction.
        let row = crate::incoming::model::row(conn, actor, incoming, now)?;
        source_level = row.secrecy;
        if row.lead_department_id.is_none() {
            return Err(CoreError::invalid(
                "incomingId",
                format!("Văn bản {} chưa có ý kiến chỉ đạo.", row.number_symbol),
                format!("Document {} has no direction yet.", row.number_symbol),
            ));
        }
    }
    if let Some(outgoing) = input.outgoing_id {
        // A notice this person can see (`state` applies the outgoing visibility rules).
        let notice = crate::outgoing::state(conn, actor, outgoing)?;
        source_level = source_level.max(notice.secrecy);
        if !is_conclusion_notice(&notice.document_type, notice.status) {
            return Err(CoreError::invalid(
                "outgoingId",
                "Chỉ tạo nhiệm vụ từ một thông báo kết luận đã ban hành.",
                "Directions come only from an issued conclusion notice.",
            ));
        }
    }
    let secrecy = input.secrecy.unwrap_or(source_level);
    if !secrecy::covers(actor, secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Bạn không được tiếp cận độ mật này.",
            "You are not cleared for this secrecy level.",
        ));
    }
    let lowered_from = (secrecy < source_level).then_some(source_level);
    // The follower answers for it: they must be cleared for it.
    let cleared: Option<Clearance> =
        conn.query_row("SELECT clearance FROM user WHERE id = ?1", [follower], |r| r.get(0)).optional()?;
    if !cleared.is_some_and(|c| c.covers(secrecy)) {
        return Err(CoreError::invalid(
            "followerId",
            "Người theo dõi không được tiếp cận độ mật của nhiệm vụ này.",
            "The follower is not cleared for this direction's secrecy.",
        ));
    }
    // A reference copied from a source that is more secret than the direction would
    // name it to people who may not see it: the link stays (shown to them as a
    // placeholder), the copied words do not.
    let reference = if lowered_from.is_some() { String::new() } else { reference };
    Ok(Checked {
        content,
        reference,
        deadline,
        follower,
        assigned_on,
        agency_name,
        cooperators,
        secrecy,
        lowered_from,
    })
}

/// What a direction is found by, folded: its code (the number as the list shows it,
/// "NV 05/2026", and as typed without its zero, "5/2026"), content, lead agency, source
/// reference and cooperating agencies. Kept in `search_text` and in the search index
/// (`direction_search`), together ([`write_cooperators`]).
fn search_text(conn: &Connection, id: DirectionId) -> CoreResult<String> {
    let text: String = conn.query_row(
        "SELECT printf('nv %02d %d/%d ', d.number, d.number, d.year) || d.content || ' ' || a.name || ' ' || d.source_reference
             || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM direction_cooperator x
                 JOIN agency c ON c.id = x.agency_id WHERE x.direction_id = d.id), '')
         FROM direction d JOIN agency a ON a.id = d.lead_agency_id WHERE d.id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(fold(&text))
}

fn write_cooperators(w: &Writer<'_>, id: DirectionId, cooperators: &[AgencyId]) -> CoreResult<()> {
    w.execute("DELETE FROM direction_cooperator WHERE direction_id = ?1", [id])?;
    for agency in cooperators {
        w.execute(
            "INSERT INTO direction_cooperator (direction_id, agency_id) VALUES (?1, ?2)",
            params![id, agency],
        )?;
    }
    let text = search_text(w, id)?;
    w.execute("UPDATE direction SET search_text = ?2 WHERE id = ?1", params![id, text])?;
    search::index(w, Index::Direction, id.0, &search::Entry::new(&[&text]))
}

pub fn create(w: &mut Writer<'_>, actor: &Actor, input: &DirectionInput) -> CoreResult<DirectionId> {
    let checked = check(w, actor, input, w.now())?;
    let year = checked.assigned_on.year();
    let number: i64 =
        w.query_row("SELECT coalesce(max(number), 0) + 1 FROM direction WHERE year = ?1", [year], |r| {
            r.get(0)
        })?;
    let now = w.now_text();
    w.execute(
        "INSERT INTO direction (year, number, source, incoming_id, outgoing_id, source_reference, content,
             leader_id, lead_agency_id, follower_id, priority, assigned_on, deadline, search_text,
             created_by, created_at, updated_at, secrecy)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, '', ?14, ?15, ?15, ?16)",
        params![
            year,
            number,
            input.source,
            input.incoming_id,
            input.outgoing_id,
            checked.reference,
            checked.content,
            input.leader_id,
            input.lead_agency_id,
            checked.follower,
            input.priority,
            checked.assigned_on,
            checked.deadline,
            actor.user_id,
            now,
            checked.secrecy
        ],
    )?;
    let id = DirectionId(w.last_insert_rowid());
    write_cooperators(w, id, &checked.cooperators)?;
    let (by, by_name) = w.actor();
    let by_name = by_name.to_string();
    w.execute(
        "INSERT INTO direction_deadline_change (direction_id, old_deadline, new_deadline, reason, changed_by,
             changed_by_name, changed_at) VALUES (?1, NULL, ?2, 'Giao nhiệm vụ', ?3, ?4, ?5)",
        params![id, checked.deadline, by, by_name, now],
    )?;
    w.audit_at(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Direction, id: Some(id.0) },
        checked.lowered_from.unwrap_or(Clearance::None),
        crate::audit::said(
            format!("Giao nhiệm vụ NV {number:02}/{year} cho {}{}", checked.agency_name, lowered(&checked)),
            format!("Gave direction NV {number:02}/{year} to {}{}", checked.agency_name, lowered(&checked)),
        ),
        &serde_json::json!({ "input": recorded(input, &checked), "deadline": checked.deadline }),
    )?;
    Ok(id)
}

/// The input as the trail keeps it: with the reference as stored.
fn recorded(input: &DirectionInput, checked: &Checked) -> DirectionInput {
    DirectionInput { source_reference: checked.reference.clone(), ..input.clone() }
}

/// The trail's words when a direction is less secret than its source.
fn lowered(checked: &Checked) -> String {
    match checked.lowered_from {
        Some(from) => format!(" (hạ độ mật: {} → {})", from.as_str(), checked.secrecy.as_str()),
        None => String::new(),
    }
}

/// Edit what a direction says and who works on it. The deadline changes only through
/// [`tracking::set_deadline`] or an extension, so that its history is complete.
pub fn update(w: &mut Writer<'_>, actor: &Actor, id: DirectionId, input: &DirectionInput) -> CoreResult<()> {
    let current = get_row(w, actor, id, w.now())?;
    if current.completed_on.is_some() {
        return Err(CoreError::conflict(
            "Nhiệm vụ đã hoàn thành, không sửa được.",
            "The direction is done and cannot be edited.",
        ));
    }
    if !tracking::allowed(w, actor, &current)?.edit {
        return Err(tracking::refuse("sửa", "edit"));
    }
    let mut input = input.clone();
    let before_level = current_secrecy(w, id)?;
    if input.secrecy.is_none() {
        input.secrecy = Some(before_level);
    }
    input.deadline = Some(current.deadline);
    input.working_days = None;
    input.assigned_on = Some(current.assigned_on);
    let checked = check(w, actor, &input, w.now())?;
    w.execute(
        "UPDATE direction SET source = ?2, incoming_id = ?3, outgoing_id = ?4, source_reference = ?5, content = ?6,
             leader_id = ?7, lead_agency_id = ?8, follower_id = ?9, priority = ?10, updated_at = ?11,
             secrecy = ?12 WHERE id = ?1",
        params![
            id,
            input.source,
            input.incoming_id,
            input.outgoing_id,
            checked.reference,
            checked.content,
            input.leader_id,
            input.lead_agency_id,
            checked.follower,
            input.priority,
            w.now_text(),
            checked.secrecy
        ],
    )?;
    write_cooperators(w, id, &checked.cooperators)?;
    w.audit_at(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Direction, id: Some(id.0) },
        before_level.max(checked.lowered_from.unwrap_or(Clearance::None)),
        crate::audit::said(
            format!("Sửa nhiệm vụ {}{}", current.code, lowered(&checked)),
            format!("Edited direction {}{}", current.code, lowered(&checked)),
        ),
        &serde_json::json!({ "before": current, "input": recorded(&input, &checked) }),
    )?;
    Ok(())
}

/// A direction as it was given, to edit it (the deadline changes through extensions and
/// `tracking::set_deadline`, with their history, not here).
pub fn input_of(
    conn: &Connection,
    actor: &Actor,
    id: DirectionId,
    now: DateTime<Utc>,
) -> CoreResult<DirectionInput> {
    let row = get_row(conn, actor, id, now)?;
    let (source_reference, incoming_id, outgoing_id): (String, Option<IncomingId>, Option<OutgoingId>) = conn
        .query_row(
            "SELECT source_reference, incoming_id, outgoing_id FROM direction WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
    let secrecy = Some(current_secrecy(conn, id)?);
    let cooperating_agency_ids = conn
        .prepare_cached(
            "SELECT agency_id FROM direction_cooperator WHERE direction_id = ?1 ORDER BY agency_id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(DirectionInput {
        source: row.source,
        incoming_id,
        outgoing_id,
        source_reference,
        content: row.content,
        leader_id: row.leader_id,
        lead_agency_id: row.lead_agency_id,
        cooperating_agency_ids,
        deadline: Some(row.deadline),
        working_days: None,
        follower_id: Some(row.follower_id),
        priority: row.priority,
        assigned_on: Some(row.assigned_on),
        secrecy,
    })
}

fn current_secrecy(conn: &Connection, id: DirectionId) -> CoreResult<Clearance> {
    Ok(conn.query_row("SELECT secrecy FROM direction WHERE id = ?1", [id], |r| r.get(0))?)
}

/// A direction prefilled from its source document: the leader's words on an incoming
/// document (with its deadline and handler), or a conclusion notice's summary and signer.
pub fn template(
    conn: &Connection,
    actor: &Actor,
    incoming: Option<IncomingId>,
    outgoing: Option<OutgoingId>,
    now: DateTime<Utc>,
) -> CoreResult<DirectionInput> {
    let mut input = DirectionInput {
        source: Source::Manual,
        incoming_id: None,
        outgoing_id: None,
        source_reference: String::new(),
        content: String::new(),
        leader_id: actor.user_id,
        lead_agency_id: AgencyId(0),
        cooperating_agency_ids: Vec::new(),
        deadline: None,
        working_days: None,
        follower_id: Some(actor.user_id),
        priority: Priority::Normal,
        assigned_on: None,
        secrecy: None,
    };
    if let Some(id) = incoming {
        let row = crate::incoming::model::row(conn, actor, id, now)?;
        let step: Option<(Option<UserId>, String)> = conn
            .query_row(
                // The leader's own words (kept in the details since they were first
                // recorded there); the step's whole line for older steps.
                "SELECT actor_id, coalesce(json_extract(details, '$.text'), text) FROM incoming_step
                 WHERE document_id = ?1 AND kind = 'directed' ORDER BY id DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (leader, text) = step.ok_or_else(|| {
            CoreError::invalid(
                "incomingId",
                format!("Văn bản {} chưa có ý kiến chỉ đạo.", row.number_symbol),
                format!("Document {} has no direction yet.", row.number_symbol),
            )
        })?;
        let agency: Option<AgencyId> =
            conn.query_row("SELECT agency_id FROM incoming_document WHERE id = ?1", [id], |r| r.get(0))?;
        input.source = Source::Incoming;
        input.incoming_id = Some(id);
        input.source_reference = format!("Văn bản số {} của {}", row.number_symbol, row.agency_name);
        input.content = if text.trim().is_empty() { row.summary.clone() } else { text };
        if let Some(leader) = leader.filter(|l| check_leader(conn, *l).is_ok()) {
            input.leader_id = leader;
        }
        input.lead_agency_id = agency.unwrap_or(AgencyId(0));
        input.deadline = row.deadline;
        input.priority = if row.urgency == crate::incoming::model::Urgency::Normal {
            Priority::Normal
        } else {
            Priority::High
        };
        input.secrecy = Some(row.secrecy);
    } else if let Some(id) = outgoing {
        input.secrecy = Some(crate::outgoing::state(conn, actor, id)?.secrecy);
        let (summary, symbol, signer): (String, Option<String>, Option<UserId>) = conn
            .query_row(
                "SELECT summary, number_symbol, signer_id FROM outgoing_document WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: Noun::OutgoingDocument })?;
        input.source = Source::Conclusion;
        input.outgoing_id = Some(id);
        input.source_reference = format!("Thông báo số {}", symbol.unwrap_or_default());
        input.content = summary;
        if let Some(signer) = signer.filter(|s| check_leader(conn, *s).is_ok()) {
            input.leader_id = signer;
        }
    }
    Ok(input)
}
