//! What the directions' screens show: the list and its counts, a direction's page with
//! its trail, and the directions linked to a document.

use super::model::{
    DirectionId, DirectionRow, DirectionStatus, Source, get_row, row_from, row_select, soon_limit,
};

use super::tracking;
use crate::calendar::Calendar;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult, Noun};
use crate::permission::role;
use crate::search::{Conditions, Index, Page};
use crate::secrecy::{self, DocumentKind, DocumentLink};
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, UserId, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// The order of the directions list.
    pub enum DirectionSort {
        /// Open ones by deadline (overdue first), then done ones, latest first.
        Pressing = "pressing",
        /// By number (NV 01/2026, NV 02/2026 …).
        Code = "code",
        /// Nearest deadline first, done or not.
        Deadline = "deadline",
        /// Latest given first.
        Assigned = "assigned",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct DirectionFilter {
    /// Words of the content, the agency or the number, diacritics optional.
    pub search: Option<String>,
    pub statuses: Vec<DirectionStatus>,
    pub lead_agency_id: Option<AgencyId>,
    pub follower_id: Option<UserId>,
    pub leader_id: Option<UserId>,
    pub source: Option<Source>,
    /// Given on or after.
    pub assigned_from: Option<NaiveDate>,
    /// Given on or before.
    pub assigned_to: Option<NaiveDate>,
    /// Only the directions the person follows.
    pub mine: bool,
    /// Statuses as they stood at the end of this day (for the monthly figures' drill-down);
    /// today when absent.
    pub as_of: Option<NaiveDate>,
    pub sort: Option<DirectionSort>,
    pub offset: u32,
    pub limit: u32,
}

/// The SQL condition of a status seen on the day bound as `?{day}` (`?{soon}`: that day's
/// [`soon_limit`], needed by the open statuses that are not overdue).
fn status_clause(status: DirectionStatus, day: usize, soon: usize) -> String {
    let open = format!("(d.completed_on IS NULL OR d.completed_on > ?{day})");
    match status {
        DirectionStatus::Overdue => format!("({open} AND d.deadline < ?{day})"),
        DirectionStatus::DueSoon => format!("({open} AND d.deadline >= ?{day} AND d.deadline < ?{soon})"),
        DirectionStatus::NotYetDue => format!("({open} AND d.deadline >= ?{soon})"),
        DirectionStatus::DoneOnTime => format!("(d.completed_on <= ?{day} AND d.completed_on <= d.deadline)"),
        DirectionStatus::DoneLate => format!("(d.completed_on <= ?{day} AND d.completed_on > d.deadline)"),
    }
}

pub fn list(
    conn: &Connection,
    actor: &Actor,
    filter: &DirectionFilter,
    now: DateTime<Utc>,
) -> CoreResult<Page<DirectionRow>> {
    let calendar = Calendar::load(conn)?;
    let today = filter.as_of.unwrap_or_else(|| vietnam_date(now));
    // Only what the person may see (clearance; an agency's own directions).
    let mut c = Conditions::new("direction d", format!(" WHERE {}", secrecy::direction_condition(actor)));
    // Nothing given after the day looked at exists yet on that day.
    let day = c.bind(today);
    c.raw(&format!(" AND d.assigned_on <= ?{day}"));
    if !filter.statuses.is_empty() {
        let needs_soon = filter
            .statuses
            .iter()
            .any(|s| matches!(s, DirectionStatus::DueSoon | DirectionStatus::NotYetDue));
        let soon = if needs_soon { c.bind(soon_limit(&calendar, today)) } else { 0 };
        let any: Vec<String> = filter.statuses.iter().map(|s| status_clause(*s, day, soon)).collect();
        c.raw(&format!(" AND ({})", any.join(" OR ")));
    }
    if let Some(agency) = filter.lead_agency_id {
        c.push(" AND d.lead_agency_id = ?", agency);
    }
    if let Some(follower) = if filter.mine { Some(actor.user_id) } else { filter.follower_id } {
        c.push(" AND d.follower_id = ?", follower);
    }
    if let Some(leader) = filter.leader_id {
        c.push(" AND d.leader_id = ?", leader);
    }
    if let Some(source) = filter.source {
        c.push(" AND d.source = ?", source);
    }
    if let Some(from) = filter.assigned_from {
        c.push(" AND d.assigned_on >= ?", from);
    }
    if let Some(to) = filter.assigned_to {
        c.push(" AND d.assigned_on <= ?", to);
    }
    c.matching(filter.search.as_deref(), Index::Direction)?;
    let order = match filter.sort.unwrap_or(DirectionSort::Pressing) {
        // Open ones first, by deadline (overdue first of all); then done ones, latest first.
        DirectionSort::Pressing => format!(
            "(d.completed_on IS NOT NULL AND d.completed_on <= ?{day}),
             CASE WHEN d.completed_on IS NULL OR d.completed_on > ?{day} THEN d.deadline END,
             d.completed_on DESC, d.id DESC"
        ),
        DirectionSort::Code => "d.year, d.number, d.id".to_string(),
        DirectionSort::Deadline => "d.deadline, d.id".to_string(),
        DirectionSort::Assigned => "d.assigned_on DESC, d.id DESC".to_string(),
    };
    c.page(conn, row_select, &order, filter.offset, filter.limit, row_from(&calendar, today))
}

/// Counts for the sidebar and the dashboard, as seen today.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionCounts {
    /// Open directions the person follows (or, for an agency, leads).
    pub mine_open: u32,
    pub mine_overdue: u32,
    pub mine_due_soon: u32,
    /// Extension requests waiting for this person's decision.
    pub extensions_waiting: u32,
    /// For a leader: open directions they gave, and how many of those are overdue.
    pub given_open: u32,
    pub given_overdue: u32,
}

pub fn counts(conn: &Connection, actor: &Actor, now: DateTime<Utc>) -> CoreResult<DirectionCounts> {
    let calendar = Calendar::load(conn)?;
    let today = vietnam_date(now);
    let limit = soon_limit(&calendar, today);
    let (column, who): (&str, i64) = match actor.agency_id {
        Some(agency) => ("d.lead_agency_id", agency.0),
        None => ("d.follower_id", actor.user_id.0),
    };
    let visible = secrecy::direction_condition(actor);
    let (open, overdue, soon): (u32, u32, u32) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(d.deadline < ?2), 0), coalesce(sum(d.deadline >= ?2 AND d.deadline < ?3), 0)
             FROM direction d WHERE {column} = ?1 AND d.completed_on IS NULL AND {visible}"
        ),
        params![who, today, limit],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let extensions_waiting = if crate::permission::allows_user(
        actor.role,
        actor.agency_id.is_some(),
        crate::permission::Action::DirectionDecide,
    ) {
        conn.query_row(
            &format!(
                "SELECT count(*) FROM direction_extension e JOIN direction d ON d.id = e.direction_id
                 WHERE e.decision = 'pending' AND (?2 OR d.leader_id = ?1) AND {visible}"
            ),
            params![actor.user_id, role::decides_any_extension(actor.role)],
            |r| r.get(0),
        )?
    } else {
        0
    };
    let (given_open, given_overdue): (u32, u32) =
        if actor.agency_id.is_none() && role::gives_directions(actor.role) {
            conn.query_row(
                &format!(
                    "SELECT count(*), coalesce(sum(d.deadline < ?2), 0) FROM direction d
                 WHERE d.leader_id = ?1 AND d.completed_on IS NULL AND {visible}"
                ),
                params![actor.user_id, today],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
        } else {
            (0, 0)
        };
    Ok(DirectionCounts {
        mine_open: open,
        mine_overdue: overdue,
        mine_due_soon: soon,
        extensions_waiting,
        given_open,
        given_overdue,
    })
}

fn linked(
    conn: &Connection,
    actor: &Actor,
    kind: DocumentKind,
    id: Option<i64>,
) -> CoreResult<Option<DocumentLink>> {
    match id {
        Some(id) => secrecy::link(conn, actor, kind, id),
        None => Ok(None),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionDetail {
    #[serde(flatten)]
    pub row: DirectionRow,
    pub source_reference: String,
    pub source_document: Option<DocumentLink>,
    pub cooperating_agencies: Vec<NamedAgency>,
    pub result: String,
    pub result_document: Option<DocumentLink>,
    pub completed_by_name: Option<String>,
    pub created_by_name: Option<String>,
    pub progress: Vec<tracking::Progress>,
    pub extensions: Vec<tracking::Extension>,
    pub deadline_history: Vec<tracking::DeadlineChange>,
    pub reminders: Vec<DocumentLink>,
    /// Working days left before the deadline (negative: days overdue, in calendar days).
    pub days_left: i64,
    pub allowed: tracking::DirectionAllowed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NamedAgency {
    pub id: AgencyId,
    pub name: String,
}

/// Reference, source ids, result, result ids, who completed and who created it.
type DetailColumns =
    (String, Option<i64>, Option<i64>, String, Option<i64>, Option<i64>, Option<String>, Option<String>);

/// A file of one of the direction's progress reports, for whoever sees the direction.
pub fn progress_file(
    conn: &Connection,
    actor: &Actor,
    id: DirectionId,
    attachment_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<crate::incoming::Attachment> {
    detail(conn, actor, id, now)?
        .progress
        .into_iter()
        .flat_map(|p| p.attachments)
        .find(|a| a.id == attachment_id)
        .ok_or(CoreError::NotFound { what: crate::error::Noun::Attachment })
}

pub fn detail(
    conn: &Connection,
    actor: &Actor,
    id: DirectionId,
    now: DateTime<Utc>,
) -> CoreResult<DirectionDetail> {
    let row = get_row(conn, actor, id, now)?;
    let (reference, incoming, outgoing, result, result_out, result_in, completed_by, created_by): DetailColumns = conn.query_row(
        "SELECT d.source_reference, d.incoming_id, d.outgoing_id, d.result, d.result_outgoing_id, d.result_incoming_id,
             c.full_name, m.full_name
         FROM direction d LEFT JOIN user c ON c.id = d.completed_by LEFT JOIN user m ON m.id = d.created_by
         WHERE d.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
    )?;
    let source_document = match incoming {
        Some(_) => linked(conn, actor, DocumentKind::Incoming, incoming)?,
        None => linked(conn, actor, DocumentKind::Outgoing, outgoing)?,
    };
    let result_document = match result_out {
        Some(_) => linked(conn, actor, DocumentKind::Outgoing, result_out)?,
        None => linked(conn, actor, DocumentKind::Incoming, result_in)?,
    };
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.name FROM direction_cooperator x JOIN agency a ON a.id = x.agency_id
         WHERE x.direction_id = ?1 ORDER BY a.name",
    )?;
    let cooperating_agencies = statement
        .query_map([id], |r| Ok(NamedAgency { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<Result<_, _>>()?;
    let mut statement = conn.prepare_cached(
        "SELECT outgoing_id FROM direction_reminder WHERE direction_id = ?1 ORDER BY created_at",
    )?;
    let reminder_ids: Vec<i64> = statement.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut reminders = Vec::new();
    for reminder in reminder_ids {
        reminders.extend(linked(conn, actor, DocumentKind::Outgoing, Some(reminder))?.filter(|r| !r.hidden));
    }
    let calendar = Calendar::load(conn)?;
    let today = vietnam_date(now);
    let days_left = if row.deadline >= today {
        i64::from(calendar.working_days_between(today, row.deadline))
    } else {
        -(row.deadline - today).num_days().abs()
    };
    let allowed = tracking::allowed(conn, actor, &row)?;
    Ok(DirectionDetail {
        progress: tracking::progress(conn, id)?,
        extensions: tracking::extensions(conn, id)?,
        deadline_history: tracking::deadline_history(conn, id)?,
        row,
        // The reference was copied from the source document: it goes where the source goes.
        source_reference: if source_document.as_ref().is_some_and(|d| d.hidden) {
            String::new()
        } else {
            reference
        },
        source_document,
        cooperating_agencies,
        result,
        result_document,
        completed_by_name: completed_by,
        created_by_name: created_by,
        reminders,
        days_left,
        allowed,
    })
}

/// The directions created from an incoming document or a conclusion notice: the other
/// end of the link, shown on the document.
pub fn linked_to(
    conn: &Connection,
    actor: &Actor,
    kind: DocumentKind,
    id: i64,
    now: DateTime<Utc>,
) -> CoreResult<Vec<DirectionRow>> {
    // Asking about a document one may not see is asking about nothing.
    let (column, noun) = match kind {
        DocumentKind::Incoming => ("incoming_id", Noun::IncomingDocument),
        DocumentKind::Outgoing => ("outgoing_id", Noun::OutgoingDocument),
    };
    secrecy::require(conn, actor, kind.object_type(), id, noun)?;
    let calendar = Calendar::load(conn)?;
    let today = vietnam_date(now);
    let mut statement = conn.prepare(&format!(
        "{} WHERE d.{column} = ?1 AND {} ORDER BY d.id",
        row_select("direction d"),
        secrecy::direction_condition(actor)
    ))?;
    let rows = statement.query_map([id], row_from(&calendar, today))?.collect::<Result<_, _>>()?;
    Ok(rows)
}
