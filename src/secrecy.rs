//! Who may see what (DOMAIN.md §3). This is the one place that decides whether a person
//! may see an object: the SQL conditions every read of documents and directions puts in
//! its WHERE clause, [`may_see`] for a single object of any kind (the event stream, the
//! alerts, links typed by a person), and the projection of a document that another
//! object names ([`incoming_link`], [`outgoing_link`]): its number and summary, or a
//! neutral placeholder that says nothing of it.
//!
//! Whoever may not see a secret document learns nothing of it from anything else: a
//! link to it that they type is refused exactly as a link to nothing ([`require`]).

use crate::error::{CoreError, CoreResult, Noun};
use crate::permission::{self, Action};
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, ObjectKind, Role, text_enum};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a person sees instead of a document they may not see.
pub const PLACEHOLDER_VI: &str = "Văn bản mật";

/// Whether `actor` is cleared for `level`.
pub fn covers(actor: &Actor, level: Clearance) -> bool {
    actor.clearance.covers(level)
}

/// Secrecy levels `actor` may see, as an SQL list for `secrecy IN (…)`.
pub fn levels(actor: &Actor) -> String {
    Clearance::ALL
        .iter()
        .filter(|level| covers(actor, **level))
        .map(|level| format!("'{}'", level.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn allowed(actor: &Actor, action: Action) -> bool {
    permission::allows_user(actor.role, actor.agency_id.is_some(), action)
}

/// Which incoming documents (`d`) `actor` sees: within clearance, for the people who work
/// with incoming documents.
pub fn incoming_condition(actor: &Actor) -> String {
    if !allowed(actor, Action::IncomingView) {
        return "0".into();
    }
    format!("d.secrecy IN ({})", levels(actor))
}

/// Which outgoing documents (`d`) `actor` sees, with the actor's values inlined (numbers
/// and fixed words, never typed text): issued and recalled documents for everyone with
/// the outgoing area; a draft for its drafter, the person holding it, everyone who
/// already acted on it, the head of the drafting unit, the chief of office, and — once
/// signed — the clerks who number it. Always within the person's clearance.
pub fn outgoing_condition(actor: &Actor) -> String {
    if !allowed(actor, Action::OutgoingView) {
        return "0".into();
    }
    let me = actor.user_id.0;
    let mut who = format!(
        "d.status IN ('issued', 'recalled') OR d.drafter_id = {me} OR d.holder_id = {me}
         OR EXISTS (SELECT 1 FROM outgoing_step s WHERE s.actor_id = {me} AND s.document_id = d.id)"
    );
    match actor.role {
        Role::ChiefOfOffice => who = "1".into(),
        Role::Clerk => who.push_str(" OR d.status = 'signed'"),
        Role::DepartmentHead => {
            if let Some(department) = actor.department_id {
                who.push_str(&format!(" OR d.department_id = {}", department.0));
            }
        }
        _ => {}
    }
    format!("d.secrecy IN ({}) AND ({who})", levels(actor))
}

/// Which directions (`d`) `actor` sees: within clearance (a direction carries the
/// secrecy of the document it came from); an agency's account only its agency's, as the
/// lead or a co-operating agency.
pub fn direction_condition(actor: &Actor) -> String {
    if !allowed(actor, Action::DirectionView) {
        return "0".into();
    }
    let mut condition = format!("d.secrecy IN ({})", levels(actor));
    if let Some(agency) = actor.agency_id {
        condition.push_str(&format!(
            " AND (d.lead_agency_id = {a} OR EXISTS (SELECT 1 FROM direction_cooperator x
                 WHERE x.direction_id = d.id AND x.agency_id = {a}))",
            a = agency.0
        ));
    }
    condition
}

/// Which meetings (`d`) `actor` sees: within clearance; the Office's people every
/// meeting, the leaders and members those they chair or take part in. An agency's
/// account sees none.
pub fn meeting_condition(actor: &Actor) -> String {
    if !allowed(actor, Action::MeetingView) {
        return "0".into();
    }
    let levels = levels(actor);
    if permission::role::serves_meetings(actor.role) {
        return format!("d.secrecy IN ({levels})");
    }
    format!(
        "d.secrecy IN ({levels}) AND (d.chair_id = {me} OR EXISTS (SELECT 1 FROM meeting_person p
             WHERE p.meeting_id = d.id AND p.user_id = {me}))",
        me = actor.user_id.0
    )
}

/// Which schedule entries (`e`) `actor` sees: within clearance, for the people who see the
/// schedule. (Its published form, for the public, shows no secret entry at all.)
pub fn schedule_condition(actor: &Actor) -> String {
    schedule_condition_on("e", actor)
}

fn schedule_condition_on(alias: &str, actor: &Actor) -> String {
    if !allowed(actor, Action::ScheduleView) {
        return "0".into();
    }
    format!("{alias}.secrecy IN ({}) AND {alias}.removed_at IS NULL", levels(actor))
}

text_enum! {
    /// The kinds of documents other objects name.
    pub enum DocumentKind {
        Incoming = "incoming",
        Outgoing = "outgoing",
    }
}

impl DocumentKind {
    pub fn object_type(self) -> ObjectKind {
        match self {
            DocumentKind::Incoming => ObjectKind::IncomingDocument,
            DocumentKind::Outgoing => ObjectKind::OutgoingDocument,
        }
    }
}

/// Whether `actor` may see the object `kind` / `id`. An object that does not exist is
/// not seen. Every kind is decided here, with no default: a new [`ObjectKind`] does not
/// compile until this says who sees it. What is not about documents, meetings or the
/// schedule (the directory, registers, the calendar) is the Office's own and is seen by
/// its people, not by an agency's account; a person's account by that person and the
/// administrators.
pub fn may_see(conn: &Connection, actor: &Actor, kind: ObjectKind, id: Option<i64>) -> CoreResult<bool> {
    let exists = |table: &str, condition: String| -> CoreResult<bool> {
        let Some(id) = id else { return Ok(false) };
        Ok(conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM {table} d WHERE d.id = ?1 AND {condition})"
            ))?
            .query_row([id], |r| r.get(0))?)
    };
    match kind {
        ObjectKind::IncomingDocument => exists("incoming_document", incoming_condition(actor)),
        ObjectKind::OutgoingDocument => exists("outgoing_document", outgoing_condition(actor)),
        ObjectKind::Direction => exists("direction", direction_condition(actor)),
        ObjectKind::Meeting => exists("meeting", meeting_condition(actor)),
        ObjectKind::ScheduleEntry => exists("schedule_entry", schedule_condition_on("d", actor)),
        ObjectKind::Alert => {
            exists("alert", format!("d.user_id = {} AND d.secrecy IN ({})", actor.user_id.0, levels(actor)))
        }
        ObjectKind::User => Ok(id == Some(actor.user_id.0) || allowed(actor, Action::UserManage)),
        ObjectKind::Delegation
        | ObjectKind::ScheduleWeek
        | ObjectKind::ProgrammeItem
        | ObjectKind::ProgrammeMonth
        | ObjectKind::Room => Ok(allowed(actor, Action::ScheduleView)),
        ObjectKind::GazetteIssue => Ok(allowed(actor, Action::OutgoingView)),
        // What arrives over the axis is the clerks' until they register it (and never
        // secret: state secrets do not travel electronically).
        ObjectKind::ExchangeMessage => Ok(allowed(actor, Action::IncomingRegister)),
        ObjectKind::Department
        | ObjectKind::Agency
        | ObjectKind::Register
        | ObjectKind::RoutingRule
        | ObjectKind::ApprovalPath
        | ObjectKind::Calendar
        | ObjectKind::System => Ok(actor.agency_id.is_none()),
    }
}

/// The secrecy an object carries: its own for documents, directions, meetings, schedule
/// entries and alerts; none for the other kinds, which hold no secret. The audit log
/// records it with every entry about the object.
pub fn level_of(conn: &Connection, kind: ObjectKind, id: Option<i64>) -> CoreResult<Clearance> {
    let table = match kind {
        ObjectKind::IncomingDocument
        | ObjectKind::OutgoingDocument
        | ObjectKind::Direction
        | ObjectKind::Alert
        | ObjectKind::Meeting
        | ObjectKind::ScheduleEntry => kind.as_str(),
        ObjectKind::User
        | ObjectKind::Department
        | ObjectKind::Agency
        | ObjectKind::Register
        | ObjectKind::RoutingRule
        | ObjectKind::ApprovalPath
        | ObjectKind::Calendar
        | ObjectKind::Delegation
        | ObjectKind::ScheduleWeek
        | ObjectKind::ProgrammeItem
        | ObjectKind::ProgrammeMonth
        | ObjectKind::Room
        | ObjectKind::GazetteIssue
        | ObjectKind::ExchangeMessage
        | ObjectKind::System => return Ok(Clearance::None),
    };
    let Some(id) = id else { return Ok(Clearance::None) };
    Ok(conn
        .prepare_cached(&format!("SELECT secrecy FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(Clearance::None))
}

/// A link typed by `actor` (a result document, the document a reply answers): refused as
/// "not found" when the object does not exist *or* the person may not see it, so the
/// answer says nothing about what exists.
pub fn require(conn: &Connection, actor: &Actor, kind: ObjectKind, id: i64, what: Noun) -> CoreResult<()> {
    if may_see(conn, actor, kind, Some(id))? { Ok(()) } else { Err(CoreError::NotFound { what }) }
}

/// A document another object names, as the person looking may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentLink {
    pub kind: DocumentKind,
    /// None when the person may not see it.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// "12/2026 · 245/STC-NS" for an incoming document; the number and symbol (or
    /// "(dự thảo)") for an outgoing one; [`PLACEHOLDER_VI`] when hidden.
    pub label: String,
    /// Empty when hidden.
    pub summary: String,
    /// The person may not see the document: nothing of it is here.
    pub hidden: bool,
}

impl DocumentLink {
    fn hidden(kind: DocumentKind) -> DocumentLink {
        DocumentLink { kind, id: None, label: PLACEHOLDER_VI.into(), summary: String::new(), hidden: true }
    }
}

/// The incoming document `id` as `actor` may see it; `None` if it does not exist.
pub fn incoming_link(conn: &Connection, actor: &Actor, id: i64) -> CoreResult<Option<DocumentLink>> {
    let row: Option<(i64, i32, String, String)> = conn
        .query_row(
            "SELECT number, year, number_symbol, summary FROM incoming_document WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((number, year, symbol, summary)) = row else { return Ok(None) };
    if !may_see(conn, actor, ObjectKind::IncomingDocument, Some(id))? {
        return Ok(Some(DocumentLink::hidden(DocumentKind::Incoming)));
    }
    Ok(Some(DocumentLink {
        kind: DocumentKind::Incoming,
        id: Some(id),
        label: format!("{number}/{year} · {symbol}"),
        summary,
        hidden: false,
    }))
}

/// The outgoing document `id` as `actor` may see it; `None` if it does not exist.
pub fn outgoing_link(conn: &Connection, actor: &Actor, id: i64) -> CoreResult<Option<DocumentLink>> {
    let row: Option<(Option<String>, String)> = conn
        .query_row("SELECT number_symbol, summary FROM outgoing_document WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((symbol, summary)) = row else { return Ok(None) };
    if !may_see(conn, actor, ObjectKind::OutgoingDocument, Some(id))? {
        return Ok(Some(DocumentLink::hidden(DocumentKind::Outgoing)));
    }
    Ok(Some(DocumentLink {
        kind: DocumentKind::Outgoing,
        id: Some(id),
        label: symbol.unwrap_or_else(|| "(dự thảo)".into()),
        summary,
        hidden: false,
    }))
}

/// The document `kind` / `id` as `actor` may see it.
pub fn link(
    conn: &Connection,
    actor: &Actor,
    kind: DocumentKind,
    id: i64,
) -> CoreResult<Option<DocumentLink>> {
    match kind {
        DocumentKind::Incoming => incoming_link(conn, actor, id),
        DocumentKind::Outgoing => outgoing_link(conn, actor, id),
    }
}
