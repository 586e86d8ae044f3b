//! What an incoming document is: its id, urgency, status and closure, the row every
//! list shows, reading one row as a person may see it ([`row`]) and its entry in the
//! search index ([`reindex`]). The registration
//! and lists ([`super`]), the flow (`flow.rs`), the register's spreadsheets and
//! prints use it; it uses none of them.

use crate::clock::{vietnam_date, vietnam_offset};
use crate::error::{CoreError, CoreResult, Noun};
use crate::register::RegisterId;
use crate::search::{self, Index};
use crate::vocabulary::{Actor, Clearance, DepartmentId, id_type, text_enum};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(IncomingId);

text_enum! {
    /// Độ khẩn.
    pub enum Urgency {
        Normal = "normal",
        /// KHẨN
        Urgent = "khan",
        /// THƯỢNG KHẨN
        VeryUrgent = "thuong_khan",
        /// HỎA TỐC
        Immediate = "hoa_toc",
    }
}

impl Urgency {
    /// Higher is more urgent; lists sort on it first.
    pub fn rank(self) -> i32 {
        match self {
            Urgency::Normal => 0,
            Urgency::Urgent => 1,
            Urgency::VeryUrgent => 2,
            Urgency::Immediate => 3,
        }
    }
}

text_enum! {
    pub enum IncomingStatus {
        /// Registered, not yet presented to a leader.
        Registered = "registered",
        /// Waiting for the direction of the leader it was presented to.
        Presented = "presented",
        /// Directed to a lead department; waiting for its head to assign.
        Directed = "directed",
        /// A specialist handles it.
        Assigned = "assigned",
        /// Passed back to the clerk as misrouted.
        Returned = "returned",
        Closed = "closed",
    }
}

text_enum! {
    pub enum Closure {
        /// Answered by an outgoing document.
        Replied = "replied",
        /// Lưu, để biết: no reply needed.
        ForInformation = "for_information",
    }
}

/// Secrecy levels a person may see, as an SQL list for `secrecy IN (…)`; the rule is
/// [`crate::secrecy`]'s.
pub(crate) fn visible_levels(actor: &Actor) -> String {
    crate::secrecy::levels(actor)
}

/// The calendar year of an instant in Vietnam: numbering restarts on 1 January there.
pub fn vietnam_year(instant: DateTime<Utc>) -> i32 {
    instant.with_timezone(&vietnam_offset()).year()
}

/// One line of a list or queue.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IncomingRow {
    pub id: IncomingId,
    pub register_id: RegisterId,
    pub number: i64,
    pub year: i32,
    pub received_at: DateTime<Utc>,
    pub agency_name: String,
    pub number_symbol: String,
    pub document_date: Option<NaiveDate>,
    pub document_type: String,
    pub summary: String,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    pub status: IncomingStatus,
    pub lead_department_id: Option<DepartmentId>,
    pub lead_department_name: Option<String>,
    pub presented_to_name: Option<String>,
    pub handler_name: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Open and due within the next three days.
    pub due_soon: bool,
    /// Cancelled by the clerk: the number stays in the register, marked "đã hủy".
    pub cancelled: bool,
}

/// The columns of an `IncomingRow` and the joins that name its people and unit, over
/// `from` (the documents as `d`, possibly joined to the search index).
pub(super) fn row_select(from: &str) -> String {
    format!(
        "SELECT d.id, d.register_id, d.number, d.year, d.received_at, d.agency_name,
            d.number_symbol, d.document_date, d.document_type, d.summary, d.urgency, d.secrecy, d.status,
            dep.name, pres.full_name, hand.full_name, d.deadline, d.lead_department_id,
            d.cancelled_at IS NOT NULL
         FROM {from}
         LEFT JOIN department dep ON dep.id = d.lead_department_id
         LEFT JOIN user pres ON pres.id = d.presented_to_id
         LEFT JOIN user hand ON hand.id = d.handler_id"
    )
}

pub(super) const DOCUMENTS: &str = "incoming_document d";

pub(super) fn row_from(row: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<IncomingRow> {
    let status: IncomingStatus = row.get(12)?;
    let deadline: Option<NaiveDate> = row.get(16)?;
    let open = status != IncomingStatus::Closed;
    Ok(IncomingRow {
        id: row.get(0)?,
        register_id: row.get(1)?,
        number: row.get(2)?,
        year: row.get(3)?,
        received_at: row.get(4)?,
        agency_name: row.get(5)?,
        number_symbol: row.get(6)?,
        document_date: row.get(7)?,
        document_type: row.get(8)?,
        summary: row.get(9)?,
        urgency: row.get(10)?,
        secrecy: row.get(11)?,
        status,
        lead_department_id: row.get(17)?,
        lead_department_name: row.get(13)?,
        presented_to_name: row.get(14)?,
        handler_name: row.get(15)?,
        deadline,
        overdue: open && deadline.is_some_and(|d| d < today),
        due_soon: open && deadline.is_some_and(|d| d >= today && (d - today).num_days() <= 3),
        cancelled: row.get(18)?,
    })
}

/// A document's header, with the visibility check: a person not cleared for it gets
/// "not found", exactly as if it did not exist.
pub fn row(conn: &Connection, actor: &Actor, id: IncomingId, now: DateTime<Utc>) -> CoreResult<IncomingRow> {
    let sql =
        format!("{} WHERE d.id = ?1 AND d.secrecy IN ({})", row_select(DOCUMENTS), visible_levels(actor));
    conn.query_row(&sql, [id], |r| row_from(r, vietnam_date(now)))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::IncomingDocument })
}

/// Re-index a document from what is stored (summary, symbol, sender, file names; the
/// month it arrived and its lead department as tags): after every change to any of them.
pub(crate) fn reindex(conn: &Connection, id: IncomingId) -> CoreResult<()> {
    search::index(conn, Index::Incoming, id.0, &search_entry(conn, id)?)
}

/// What the search index holds of a document, from what is stored.
pub fn search_entry(conn: &Connection, id: IncomingId) -> CoreResult<search::Entry> {
    let (summary, symbol, agency, received_at, department): (
        String,
        String,
        String,
        DateTime<Utc>,
        Option<i64>,
    ) = conn
        .prepare_cached(
            "SELECT summary, number_symbol, agency_name, received_at, lead_department_id
             FROM incoming_document WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let mut statement =
        conn.prepare_cached("SELECT file_name FROM incoming_attachment WHERE document_id = ?1")?;
    let names: Vec<String> = statement.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut parts = vec![summary.as_str(), symbol.as_str(), agency.as_str()];
    parts.extend(names.iter().map(String::as_str));
    Ok(search::Entry::tagged(&parts, vietnam_date(received_at), department))
}
