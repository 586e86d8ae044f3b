//! Outgoing documents (văn bản đi), Decree 30 Art. 14–19: a specialist drafts, the
//! approval path of the document's type and issuing body takes it through review,
//! verification and signature, and the clerk numbers, registers and dispatches it.
//!
//! - `draft`: the content of a draft, its versions (every save is one) and what changed.
//! - `review`: approval paths, submission, approve / return / sign, signature forms.
//! - `issue`: numbering and symbols, issuing, dispatch, recall, correction, the register.
//! - `print`: the document as printed (`pdf::official`), the register as PDF and XLSX.
//!
//! As for incoming documents, secrecy is applied in the query of every read; a draft is
//! seen only by the people it concerns, an issued document by everyone with access to
//! the outgoing area and the clearance for it.

pub mod draft;
pub mod issue;
pub mod print;
pub mod review;
pub mod sign;
pub mod views;

use crate::audit::Writer;
use crate::doctype;
use crate::error::{CoreError, CoreResult, Noun};
use crate::incoming::model::Urgency;
use crate::register::Issuer;
use crate::register::RegisterId;
use crate::search::{Conditions, Index, Page};
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, DepartmentId, Role, UserId, id_type, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(OutgoingId);

/// Whether an outgoing document can be the source of directions: an issued notice
/// (thông báo, as a meeting's conclusions are issued).
pub fn is_conclusion_notice(document_type: &str, status: OutgoingStatus) -> bool {
    document_type == "TB" && status == OutgoingStatus::Issued
}

text_enum! {
    pub enum OutgoingStatus {
        /// Being written by the drafter, not yet submitted.
        Draft = "draft",
        /// On its approval path, waiting for `holder`.
        InReview = "in_review",
        /// Sent back to the drafter with comments.
        Returned = "returned",
        /// Signed; waiting for the clerk to number and issue it.
        Signed = "signed",
        /// Numbered, dated and registered.
        Issued = "issued",
        /// Recalled (thu hồi) after issue: frozen.
        Recalled = "recalled",
        /// Abandoned by its drafter before signature.
        Cancelled = "cancelled",
    }
}

/// One line of a list or of "việc cần làm".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingRow {
    pub id: OutgoingId,
    pub status: OutgoingStatus,
    pub issuer: Issuer,
    pub document_type: String,
    pub legal_normative: bool,
    pub summary: String,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    pub drafter_name: String,
    pub department_id: DepartmentId,
    pub department_code: String,
    /// The person it waits for (in review), the drafter (returned).
    pub holder_name: Option<String>,
    pub signer_name: Option<String>,
    pub register_id: Option<RegisterId>,
    pub number_symbol: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

fn row_select(from: &str) -> String {
    format!(
        "SELECT d.id, d.status, d.issuer, d.document_type, d.legal_normative, d.summary, d.urgency,
            d.secrecy, drafter.full_name, d.department_id, dep.code, holder.full_name, signer.full_name,
            d.register_id, d.number_symbol, d.issue_date, d.updated_at
         FROM {from}
         JOIN user drafter ON drafter.id = d.drafter_id
         JOIN department dep ON dep.id = d.department_id
         LEFT JOIN user holder ON holder.id = d.holder_id
         LEFT JOIN user signer ON signer.id = d.signer_id"
    )
}

fn row_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<OutgoingRow> {
    Ok(OutgoingRow {
        id: row.get(0)?,
        status: row.get(1)?,
        issuer: row.get(2)?,
        document_type: row.get(3)?,
        legal_normative: row.get(4)?,
        summary: row.get(5)?,
        urgency: row.get(6)?,
        secrecy: row.get(7)?,
        drafter_name: row.get(8)?,
        department_id: row.get(9)?,
        department_code: row.get(10)?,
        holder_name: row.get(11)?,
        signer_name: row.get(12)?,
        register_id: row.get(13)?,
        number_symbol: row.get(14)?,
        issue_date: row.get(15)?,
        updated_at: row.get(16)?,
    })
}

const DOCUMENTS: &str = "outgoing_document d";

/// Who sees which outgoing documents, as a condition on `d`: [`crate::secrecy`] decides.
pub(crate) fn visibility(actor: &Actor) -> String {
    crate::secrecy::outgoing_condition(actor)
}

text_enum! {
    pub enum OutgoingSort {
        /// Most recently changed first (urgent ones first of all).
        Recent = "recent",
        /// By register and number, as in the register.
        Number = "number",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct OutgoingFilter {
    pub status: Option<OutgoingStatus>,
    pub issuer: Option<Issuer>,
    pub document_type: Option<String>,
    pub register_id: Option<RegisterId>,
    pub department_id: Option<DepartmentId>,
    /// Issued on or after this day.
    pub from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub to: Option<NaiveDate>,
    /// Only what waits for the person asking ("việc cần làm").
    pub waiting_for_me: bool,
    /// Only drafts the person asking wrote.
    pub mine: bool,
    /// Words of the summary, body, recipients; or a number and symbol.
    pub search: Option<String>,
    pub sort: Option<OutgoingSort>,
    pub offset: u32,
    /// At most 200; 0 means 50.
    pub limit: u32,
}

pub type OutgoingPage = Page<OutgoingRow>;

/// What waits for `actor`: drafts they hold, their own returned drafts, and for a clerk
/// the signed documents to number and the issued ones not yet dispatched.
pub(crate) fn waiting_condition(actor: &Actor) -> String {
    let me = actor.user_id.0;
    let mut waiting = format!(
        "(d.status = 'in_review' AND d.holder_id = {me}) OR (d.status = 'returned' AND d.drafter_id = {me})"
    );
    if crate::permission::role::keeps_registers(actor.role) {
        waiting.push_str(
            // `dispatched` is kept by the dispatch table's trigger (migration 0028).
            " OR d.status = 'signed' OR (d.status = 'issued' AND d.dispatched = 0)",
        );
    }
    format!("({waiting})")
}

pub fn list(conn: &Connection, actor: &Actor, filter: &OutgoingFilter) -> CoreResult<OutgoingPage> {
    let mut c = Conditions::new(DOCUMENTS, format!(" WHERE {}", visibility(actor)));
    if let Some(status) = filter.status {
        c.push(" AND d.status = ?", status);
    }
    if let Some(issuer) = filter.issuer {
        c.push(" AND d.issuer = ?", issuer);
    }
    if let Some(kind) = &filter.document_type {
        c.push(" AND d.document_type = ?", kind.clone());
    }
    if let Some(register) = filter.register_id {
        c.push(" AND d.register_id = ?", register);
    }
    if let Some(department) = filter.department_id {
        c.push(" AND d.department_id = ?", department);
    }
    if let Some(from) = filter.from {
        c.push(" AND d.issue_date >= ?", from.to_string());
    }
    if let Some(to) = filter.to {
        c.push(" AND d.issue_date <= ?", to.to_string());
    }
    if filter.waiting_for_me {
        c.raw(&format!(" AND {}", waiting_condition(actor)));
    }
    if filter.mine {
        c.push(" AND d.drafter_id = ?", actor.user_id);
    }
    c.search(filter.search.as_deref(), Index::Outgoing, "d.symbol_key")?;
    let order = match (filter.sort.unwrap_or(OutgoingSort::Recent), c.searching()) {
        (OutgoingSort::Recent, true) => "s.rowid DESC",
        (OutgoingSort::Recent, false) => "d.urgency_rank DESC, d.updated_at DESC, d.id DESC",
        (OutgoingSort::Number, _) => "d.year, d.register_id, d.number, d.id",
    };
    c.page(conn, row_select, order, filter.offset, filter.limit, row_from)
}

/// The row of one document, if `actor` may see it.
pub fn row(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<OutgoingRow> {
    conn.query_row(
        &format!("{} WHERE d.id = ?1 AND {}", row_select(DOCUMENTS), visibility(actor)),
        [id],
        row_from,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: Noun::OutgoingDocument })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingCounts {
    /// What waits for the person ("việc cần làm").
    pub waiting: u32,
}

pub fn counts(conn: &Connection, actor: &Actor) -> CoreResult<OutgoingCounts> {
    let waiting = conn.query_row(
        &format!(
            "SELECT count(*) FROM outgoing_document d WHERE {} AND {}",
            waiting_condition(actor),
            visibility(actor)
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(OutgoingCounts { waiting })
}

/// The state a transition needs about a document.
pub struct State {
    pub status: OutgoingStatus,
    pub issuer: Issuer,
    pub document_type: String,
    pub secrecy: Clearance,
    pub drafter_id: UserId,
    pub department_id: DepartmentId,
    pub version: i64,
    pub holder_id: Option<UserId>,
    pub step_index: Option<usize>,
    pub path_steps: Vec<Role>,
    pub number_symbol: Option<String>,
}

/// The document's state, if `actor` may see it.
pub(crate) fn state(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<State> {
    conn.query_row(
        &format!(
            "SELECT d.status, d.issuer, d.document_type, d.secrecy, d.drafter_id, d.department_id, d.version,
                d.holder_id, d.step_index, d.path_steps, d.number_symbol
             FROM outgoing_document d WHERE d.id = ?1 AND {}",
            visibility(actor)
        ),
        [id],
        |r| {
            let steps: String = r.get(9)?;
            Ok(State {
                status: r.get(0)?,
                issuer: r.get(1)?,
                document_type: r.get(2)?,
                secrecy: r.get(3)?,
                drafter_id: r.get(4)?,
                department_id: r.get(5)?,
                version: r.get(6)?,
                holder_id: r.get(7)?,
                step_index: r.get::<_, Option<i64>>(8)?.map(|i| i as usize),
                path_steps: serde_json::from_str(&steps).unwrap_or_default(),
                number_symbol: r.get(10)?,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: Noun::OutgoingDocument })
}

/// A step of the timeline.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStep {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    /// created, edited, submitted, approved, returned, signed, issued, dispatched,
    /// recalled, corrected, cancelled
    pub kind: String,
    pub comment: String,
    /// The line in English, where the system wrote it (empty: show `comment`).
    pub comment_en: String,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    pub to_name: Option<String>,
}

pub(crate) fn record_step(
    w: &Writer<'_>,
    id: OutgoingId,
    kind: &str,
    comment: &str,
    version: Option<i64>,
    to: Option<UserId>,
) -> CoreResult<()> {
    record_system_step(w, id, kind, (comment, ""), version, to)
}

/// A step whose line the system writes, in Vietnamese and English.
pub(crate) fn record_system_step(
    w: &Writer<'_>,
    id: OutgoingId,
    kind: &str,
    (comment, comment_en): (&str, &str),
    version: Option<i64>,
    to: Option<UserId>,
) -> CoreResult<()> {
    let (actor_id, actor_name) = w.actor();
    w.execute(
        "INSERT INTO outgoing_step (document_id, at, actor_id, actor_name, kind, comment, version, to_user_id, comment_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, w.now_text(), actor_id, actor_name, kind, comment, version, to, comment_en],
    )?;
    w.execute("UPDATE outgoing_document SET updated_at = ?2 WHERE id = ?1", params![id, w.now_text()])?;
    Ok(())
}

pub fn timeline(conn: &Connection, id: OutgoingId) -> CoreResult<Vec<TimelineStep>> {
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.at, s.actor_name, s.kind, s.comment, s.version, u.full_name, s.comment_en
         FROM outgoing_step s LEFT JOIN user u ON u.id = s.to_user_id
         WHERE s.document_id = ?1 ORDER BY s.id",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(TimelineStep {
            id: r.get(0)?,
            at: r.get(1)?,
            actor_name: r.get(2)?,
            kind: r.get(3)?,
            comment: r.get(4)?,
            version: r.get(5)?,
            to_name: r.get(6)?,
            comment_en: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The type's name for lists and registers: "Quyết định", "Công văn".
pub fn type_name(key: &str) -> &'static str {
    doctype::name(key).unwrap_or("Văn bản")
}
