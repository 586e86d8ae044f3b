//! What the incoming documents' screens show: the lists (register and inbox) and their
//! counts, a document's page with its trail and files, and the register's lines for a
//! period.

use super::model::{
    Closure, DOCUMENTS, IncomingId, IncomingRow, IncomingStatus, Urgency, row, row_from, row_select,
    visible_levels,
};

use super::flow;
use super::{Attachment, attachments, urgency_label};
use crate::clock::vietnam_date;
use crate::doctype;
use crate::error::{CoreError, CoreResult, Noun};
use crate::register::RegisterId;
use crate::search::{Conditions, Index, Page, day_start};
use crate::vocabulary::Actor;
use crate::vocabulary::text_enum;
use crate::vocabulary::{AgencyGroup, AgencyId, Clearance, DepartmentId, UserId};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    pub enum IncomingSort {
        /// Newest first (urgent ones first of all, as in every list).
        Received = "received",
        /// By incoming number, ascending.
        Number = "number",
        /// Nearest deadline first.
        Deadline = "deadline",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct IncomingFilter {
    pub register_id: Option<RegisterId>,
    /// Received on or after this day (Vietnam time).
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
    pub agency_id: Option<AgencyId>,
    pub agency_group: Option<AgencyGroup>,
    pub document_type: Option<String>,
    pub status: Option<IncomingStatus>,
    /// Everything but closed.
    pub open_only: bool,
    pub urgency: Option<Urgency>,
    pub department_id: Option<DepartmentId>,
    pub handler_id: Option<UserId>,
    pub overdue: bool,
    /// Open, due within the next three days (as the inbox counts them).
    pub due_soon: bool,
    /// Khẩn, thượng khẩn or hỏa tốc.
    pub urgent: bool,
    /// Only what waits for the person ("Việc cần làm", as [`inbox`] has it).
    pub inbox: bool,
    /// Words of the summary, number and symbol, sender or attachment names.
    pub search: Option<String>,
    pub sort: Option<IncomingSort>,
    pub offset: u32,
    /// At most 200; 0 means 50.
    pub limit: u32,
}

pub type IncomingPage = Page<IncomingRow>;

pub fn list(
    conn: &Connection,
    actor: &Actor,
    filter: &IncomingFilter,
    now: DateTime<Utc>,
) -> CoreResult<IncomingPage> {
    let mut c = Conditions::new(DOCUMENTS, format!(" WHERE d.secrecy IN ({})", visible_levels(actor)));
    if let Some(register) = filter.register_id {
        c.push(" AND d.register_id = ?", register);
    }
    c.dated(filter.from, filter.to);
    if let Some(from) = filter.from {
        c.push(" AND d.received_at >= ?", day_start(from));
    }
    if let Some(to) = filter.to {
        c.push(" AND d.received_at < ?", day_start(to.succ_opt().unwrap_or(to)));
    }
    if let Some(agency) = filter.agency_id {
        c.push(" AND d.agency_id = ?", agency);
    }
    if let Some(group) = filter.agency_group {
        c.push(" AND d.agency_id IN (SELECT id FROM agency WHERE agency_group = ?)", group);
    }
    if let Some(kind) = &filter.document_type {
        c.push(" AND d.document_type = ?", kind.clone());
    }
    if let Some(status) = filter.status {
        c.push(" AND d.status = ?", status);
    } else if filter.open_only {
        c.raw(" AND d.is_open = 1");
    }
    if let Some(urgency) = filter.urgency {
        c.push(" AND d.urgency = ?", urgency);
    }
    if let Some(department) = filter.department_id {
        c.push(" AND d.lead_department_id = ?", department);
        c.department(department.0);
    }
    if let Some(handler) = filter.handler_id {
        c.push(" AND (d.handler_id = ?", handler);
        c.push(" OR d.id IN (SELECT document_id FROM incoming_assignee WHERE user_id = ?))", handler);
    }
    let today = vietnam_date(now);
    if filter.overdue {
        c.push(" AND d.is_open = 1 AND d.deadline < ?", today.to_string());
    }
    if filter.due_soon {
        c.push(" AND d.is_open = 1 AND d.deadline >= ?", today.to_string());
        c.push(" AND d.deadline <= ?", (today + chrono::Days::new(3)).to_string());
    }
    if filter.urgent {
        c.raw(" AND d.urgency_rank > 0");
    }
    if filter.inbox {
        let (condition, args) = flow::inbox_condition(actor);
        c.push_all(&format!(" AND ({condition})"), args);
    }
    // A search drives the query from the full-text index (newest first, as people expect
    // of a search); text that looks like a number and symbol uses the symbol's index.
    c.search(filter.search.as_deref(), Index::Incoming, "d.symbol_key")?;
    let order = match (filter.sort.unwrap_or(IncomingSort::Received), c.searching()) {
        (IncomingSort::Received, true) => "s.rowid DESC",
        // Newest first, today's urgent documents on top (a closed "hỏa tốc" from July is
        // just an old document); the rest in the order of the received index.
        (IncomingSort::Received, false) => {
            let urgent_today = format!("d.urgency_rank > 0 AND d.received_at >= '{}'", day_start(today));
            // Today's are read from the urgent documents' index by arrival and sorted (a
            // few); ordered by urgency, SQLite would walk every urgent document of twenty
            // years, and from the list's index, every document that arrived today.
            let first = (
                urgent_today.as_str(),
                "+d.urgency_rank DESC, d.received_at DESC, d.id DESC",
                "incoming_urgent_received",
            );
            return c.page_first(
                conn,
                row_select,
                first,
                "d.received_at DESC, d.id DESC",
                filter.offset,
                filter.limit,
                |r| row_from(r, today),
            );
        }
        (IncomingSort::Number, _) => "d.year, d.register_id, d.number",
        (IncomingSort::Deadline, _) => "d.urgency_rank DESC, d.deadline IS NULL, d.deadline, d.received_at",
    };
    c.page(conn, row_select, order, filter.offset, filter.limit, |r| row_from(r, today))
}

/// The folded number and symbol used to recognise the same document twice.
/// What waits for `actor` ("việc cần làm"), urgent first, then nearest deadline.
pub fn inbox(conn: &Connection, actor: &Actor, now: DateTime<Utc>) -> CoreResult<Vec<IncomingRow>> {
    let (condition, args) = numbered_inbox_condition(actor);
    let sql = format!(
        "{} WHERE ({condition}) AND d.secrecy IN ({}) ORDER BY d.urgency_rank DESC,
         d.deadline IS NULL, d.deadline, d.received_at LIMIT 500",
        row_select(DOCUMENTS),
        visible_levels(actor)
    );
    let today = vietnam_date(now);
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(args.iter()), |r| row_from(r, today))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn numbered_inbox_condition(actor: &Actor) -> (String, Vec<Value>) {
    let (condition, args) = flow::inbox_condition(actor);
    let mut values = Vec::new();
    (numbered(&condition, args, &mut values), values)
}

/// `clause` with each `?` numbered after the `values` already bound, `args` bound to them.
fn numbered(clause: &str, args: Vec<i64>, values: &mut Vec<Value>) -> String {
    let mut args = args.into_iter();
    let mut out = String::new();
    for c in clause.chars() {
        if c == '?' {
            values.push(Value::Integer(args.next().expect("one value per ? of the clause")));
            out.push_str(&format!("?{}", values.len()));
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxCounts {
    pub total: u32,
    pub urgent: u32,
    pub overdue: u32,
    pub due_soon: u32,
}

/// The inbox's counts: each branch of the inbox (`flow::inbox_branches`) counted from
/// its own index, the counts added up. The values (two dates and ids) are written into
/// the statement rather than bound: SQLite re-plans a statement at every run when a bound
/// value could change its plan (the deadlines here), and planning these branches cost as
/// much as counting them. The statement stays cached for the person and the day.
pub fn inbox_counts(conn: &Connection, actor: &Actor, now: DateTime<Utc>) -> CoreResult<InboxCounts> {
    let today = vietnam_date(now);
    let soon = today + chrono::Days::new(3);
    let levels = visible_levels(actor);
    let branches: Vec<String> = flow::inbox_branches(actor)
        .into_iter()
        .map(|(branch, args)| {
            format!(
                "SELECT count(*) AS total, count(*) FILTER (WHERE d.urgency_rank > 0) AS urgent,
                     count(*) FILTER (WHERE d.deadline < '{today}') AS overdue,
                     count(*) FILTER (WHERE d.deadline >= '{today}' AND d.deadline <= '{soon}') AS due_soon
                 FROM incoming_document d WHERE {} AND d.secrecy IN ({levels})",
                with_ids(branch, args)
            )
        })
        .collect();
    let sql = format!(
        "SELECT sum(total), sum(urgent), sum(overdue), sum(due_soon) FROM ({})",
        branches.join(" UNION ALL ")
    );
    Ok(conn.prepare_cached(&sql)?.query_row([], |r| {
        Ok(InboxCounts { total: r.get(0)?, urgent: r.get(1)?, overdue: r.get(2)?, due_soon: r.get(3)? })
    })?)
}

/// `clause` with each `?` replaced by the next of `ids`, written as a number.
fn with_ids(clause: &str, ids: Vec<i64>) -> String {
    let mut ids = ids.into_iter();
    clause
        .split('?')
        .enumerate()
        .map(|(n, part)| match n {
            0 => part.to_string(),
            _ => format!("{}{part}", ids.next().expect("one id per ? of the clause")),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IncomingDetail {
    #[serde(flatten)]
    pub row: IncomingRow,
    /// The Decree 30 name of `row.document_type`, e.g. "Công văn".
    pub document_type_name: String,
    pub register_name: String,
    pub page_count: Option<u32>,
    pub reply_deadline: Option<NaiveDate>,
    pub signer: String,
    pub electronic: bool,
    pub supervisor_name: Option<String>,
    pub routing_rule_name: Option<String>,
    pub cooperating_departments: Vec<String>,
    pub assignees: Vec<String>,
    pub closure: Option<Closure>,
    pub reply_number_symbol: Option<String>,
    pub registered_by_name: String,
    pub attachments: Vec<Attachment>,
    pub steps: Vec<flow::Step>,
    pub allowed: flow::Allowed,
    /// The interconnection axis message it was registered from (its id there), for those
    /// who see the axis (who register documents).
    #[ts(type = "number | null")]
    pub axis_message_id: Option<i64>,
}

pub fn detail(
    conn: &Connection,
    actor: &Actor,
    id: IncomingId,
    now: DateTime<Utc>,
) -> CoreResult<IncomingDetail> {
    let row = row(conn, actor, id, now)?;
    let (register_name, page_count, reply_deadline, signer, electronic, supervisor_name, routing_rule_name, closure, reply, registered_by_name) =
        conn.query_row(
            "SELECT r.name, d.page_count, d.reply_deadline, d.signer, d.electronic, s.full_name, rr.name, d.closure,
                 d.reply_number_symbol, u.full_name
             FROM incoming_document d JOIN register r ON r.id = d.register_id
             JOIN user u ON u.id = d.registered_by
             LEFT JOIN user s ON s.id = d.supervisor_id
             LEFT JOIN routing_rule rr ON rr.id = d.routing_rule_id
             WHERE d.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )?;
    let names = |sql: &str| -> CoreResult<Vec<String>> {
        let mut statement = conn.prepare_cached(sql)?;
        let rows = statement.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    Ok(IncomingDetail {
        cooperating_departments: names(
            "SELECT d.name FROM incoming_cooperation c JOIN department d ON d.id = c.department_id
             WHERE c.document_id = ?1 ORDER BY d.sort_order",
        )?,
        assignees: names(
            "SELECT u.full_name FROM incoming_assignee a JOIN user u ON u.id = a.user_id WHERE a.document_id = ?1
             ORDER BY u.full_name",
        )?,
        attachments: attachments(conn, id)?,
        steps: flow::steps(conn, id)?,
        allowed: flow::allowed(conn, actor, id, now)?,
        document_type_name: doctype::name(&row.document_type).unwrap_or_default().to_string(),
        row,
        register_name,
        page_count,
        reply_deadline,
        signer,
        electronic,
        supervisor_name,
        routing_rule_name,
        closure,
        reply_number_symbol: reply,
        registered_by_name,
        axis_message_id: if crate::permission::allows_user(
            actor.role,
            actor.agency_id.is_some(),
            crate::permission::Action::IncomingRegister,
        ) {
            conn.query_row("SELECT id FROM exchange_message WHERE incoming_id = ?1", [id], |r| r.get(0)).optional()?
        } else {
            None
        },
    })
}

/// An attachment's bytes, for a person allowed to see its document.
pub fn attachment(
    conn: &Connection,
    actor: &Actor,
    attachment_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<Attachment> {
    let document: IncomingId = conn
        .query_row("SELECT document_id FROM incoming_attachment WHERE id = ?1", [attachment_id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Attachment })?;
    // A file of a document the person may not see is a file that does not exist.
    row(conn, actor, document, now).map_err(|_| CoreError::NotFound { what: Noun::Attachment })?;
    let attachment = attachments(conn, document)?
        .into_iter()
        .find(|a| a.id == attachment_id)
        .ok_or(CoreError::NotFound { what: Noun::Attachment })?;
    Ok(attachment)
}

/// One line of the printed incoming register (Decree 30, Annex IV).
pub struct RegisterLine {
    pub received_at: DateTime<Utc>,
    pub number: i64,
    pub agency_name: String,
    pub number_symbol: String,
    pub document_date: Option<NaiveDate>,
    pub type_and_summary: String,
    pub recipient: String,
    pub handed_over: Option<DateTime<Utc>>,
    pub notes: String,
}

/// The register's lines for documents received between `from` and `to` (inclusive, Vietnam
/// days), in number order; secret documents only for those cleared to see them.
pub fn register_lines(
    conn: &Connection,
    actor: &Actor,
    register: RegisterId,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<RegisterLine>> {
    let sql = format!(
        "SELECT d.received_at, d.number, d.agency_name, d.number_symbol, d.document_date, d.document_type,
             d.summary, coalesce(h.full_name, dep.name, ''), d.urgency, d.secrecy,
             (SELECT min(s.at) FROM incoming_step s WHERE s.document_id = d.id AND s.kind IN ('directed', 'assigned')),
             d.cancel_reason
         FROM incoming_document d
         LEFT JOIN department dep ON dep.id = d.lead_department_id
         LEFT JOIN user h ON h.id = d.handler_id
         WHERE d.register_id = ?1 AND d.year BETWEEN ?4 AND ?5
           AND d.received_at >= ?2 AND d.received_at < ?3 AND d.secrecy IN ({})
         ORDER BY d.year, d.number",
        visible_levels(actor)
    );
    let mut statement = conn.prepare(&sql)?;
    // A document is numbered in the Vietnam year it arrived (`insert`): the years bound the
    // register's own index to the period, instead of every year the register has run.
    let rows = statement.query_map(
        params![register, day_start(from), day_start(to.succ_opt().unwrap_or(to)), from.year(), to.year()],
        |r| {
            let kind: String = r.get(5)?;
            let summary: String = r.get(6)?;
            let urgency: Urgency = r.get(8)?;
            let secrecy: Clearance = r.get(9)?;
            let mut notes = Vec::new();
            if let Some(reason) = r.get::<_, Option<String>>(11)? {
                notes.push(format!("Đã hủy: {reason}"));
            }
            if urgency != Urgency::Normal {
                notes.push(urgency_label(urgency).to_string());
            }
            if secrecy != Clearance::None {
                notes.push(secrecy.mark().to_string());
            }
            Ok(RegisterLine {
                received_at: r.get(0)?,
                number: r.get(1)?,
                agency_name: r.get(2)?,
                number_symbol: r.get(3)?,
                document_date: r.get(4)?,
                type_and_summary: format!("{} {}", doctype::name(&kind).unwrap_or(""), summary),
                recipient: r.get(7)?,
                handed_over: r.get(10)?,
                notes: notes.join(", "),
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
