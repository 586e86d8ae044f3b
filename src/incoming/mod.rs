//! Incoming documents (văn bản đến), Decree 30 Art. 20–24: registered by a clerk in a
//! register, routed, presented to a leader who gives a direction, assigned by the head of
//! the lead department, handled, and closed with a reply or "for information".
//!
//! Secrecy is enforced here, in every query: a person sees a secret document only when
//! cleared to its level — in lists, counts, search, detail and attachments alike.

pub mod flow;
pub mod model;
pub mod print;
pub mod routing;
pub mod spreadsheet;
pub mod views;

use model::{IncomingId, IncomingStatus, Urgency, reindex, vietnam_year, visible_levels};

use crate::attachments::NewAttachment;
use crate::audit::{ObjectRef, Writer};
use crate::clock::timestamp;
use crate::clock::vietnam_date;
use crate::doctype;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::fold::fold;
use crate::org::agency::AgencyInput;
use crate::register::{self, RegisterId, RegisterKind};
use crate::vocabulary::Actor;
use crate::vocabulary::LIMITS;
use crate::vocabulary::{
    AgencyGroup, AgencyId, Clearance, DepartmentId, UserId, clean_optional, clean_required,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the clerk enters to register a document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct IncomingInput {
    pub register_id: RegisterId,
    pub received_at: DateTime<Utc>,
    /// The sender from the directory; or `None` with `agency_name` typed freely.
    pub agency_id: Option<AgencyId>,
    pub agency_name: String,
    /// Add a freely typed sender to the directory, in this group.
    pub add_agency_to_directory: Option<AgencyGroup>,
    /// As printed, e.g. `123/QĐ-UBND`.
    pub number_symbol: String,
    pub document_date: Option<NaiveDate>,
    /// A Decree 30 type key (see `document_type_list`).
    pub document_type: String,
    pub summary: String,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    pub page_count: Option<u32>,
    pub reply_deadline: Option<NaiveDate>,
    pub signer: String,
    pub electronic: bool,
    pub attachments: Vec<NewAttachment>,
    /// The route the clerk accepted or chose.
    pub lead_department_id: Option<DepartmentId>,
    pub supervisor_id: Option<UserId>,
    pub routing_rule_id: Option<i64>,
    /// Present at once to this leader (usually the supervising deputy chief).
    pub present_to_id: Option<UserId>,
    /// The clerk has seen the duplicate warning and registers anyway.
    pub confirm_duplicate: bool,
}

/// An earlier registration that looks like the same document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidate {
    pub id: IncomingId,
    pub number: i64,
    pub year: i32,
    pub register_name: String,
    pub received_at: DateTime<Utc>,
    pub summary: String,
}

fn symbol_key(number_symbol: &str) -> String {
    fold(number_symbol).replace(' ', "")
}

/// Earlier registrations of the same number and symbol from the same sender in the same
/// year (Decree 30 requires the warning). Only documents the clerk may see are named.
pub fn find_duplicates(
    conn: &Connection,
    actor: &Actor,
    agency_id: Option<AgencyId>,
    agency_name: &str,
    number_symbol: &str,
    year: i32,
) -> CoreResult<Vec<DuplicateCandidate>> {
    let key = symbol_key(number_symbol);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(&format!(
        "SELECT d.id, d.number, d.year, r.name, d.received_at, d.summary, d.agency_id, d.agency_name
         FROM incoming_document d JOIN register r ON r.id = d.register_id
         WHERE d.symbol_key = ?1 AND d.year = ?2 AND d.cancelled_at IS NULL AND d.secrecy IN ({})",
        visible_levels(actor)
    ))?;
    let sender = fold(agency_name);
    let rows = statement.query_map(params![key, year], |r| {
        Ok((
            DuplicateCandidate {
                id: r.get(0)?,
                number: r.get(1)?,
                year: r.get(2)?,
                register_name: r.get(3)?,
                received_at: r.get(4)?,
                summary: r.get(5)?,
            },
            r.get::<_, Option<AgencyId>>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (candidate, their_agency, their_name) = row?;
        let same_sender = match (agency_id, their_agency) {
            (Some(a), Some(b)) => a == b,
            _ => fold(&their_name) == sender,
        };
        if same_sender {
            found.push(candidate);
        }
    }
    Ok(found)
}

/// Store decoded attachments of document `id` (files are already in the store).
pub(crate) fn link_attachments(
    w: &Writer<'_>,
    id: IncomingId,
    stored: &[StoredFile],
    by: UserId,
) -> CoreResult<()> {
    for (name, kind, sha256, size) in stored {
        crate::attachments::record_blob(w, sha256, *size)?;
        w.execute(
            "INSERT INTO incoming_attachment (document_id, sha256, file_name, media_type, size, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, sha256, name, kind, *size as i64, by, w.now_text()],
        )?;
    }
    Ok(())
}

/// Checked and cleaned registration fields.
pub(crate) struct CleanInput {
    pub agency_name: String,
    pub number_symbol: String,
    pub summary: String,
    pub signer: String,
}

/// The earliest day a document can have arrived: registers kept electronically start
/// later than this; a year before it is a typing slip (1900 for 2019).
pub const EARLIEST_RECEIVED: (i32, u32, u32) = (2000, 1, 1);

/// Check what the clerk entered, at `now` (the app's clock).
pub(crate) fn validate(
    conn: &Connection,
    input: &IncomingInput,
    now: DateTime<Utc>,
) -> CoreResult<CleanInput> {
    let received = vietnam_date(input.received_at);
    // A few minutes' leeway for a workstation clock slightly ahead.
    if input.received_at > now + chrono::Duration::minutes(10) {
        return Err(CoreError::invalid(
            "receivedAt",
            "Thời điểm đến không thể ở tương lai.",
            "The time of arrival cannot be in the future.",
        ));
    }
    let (y, m, d) = EARLIEST_RECEIVED;
    if received < NaiveDate::from_ymd_opt(y, m, d).expect("a real day") {
        return Err(CoreError::invalid(
            "receivedAt",
            format!("Ngày đến trước {d:02}/{m:02}/{y}: kiểm tra lại năm."),
            format!("A day of arrival before {d:02}/{m:02}/{y}: check the year."),
        ));
    }
    if let Some(dated) = input.document_date
        && dated > received
    {
        return Err(CoreError::invalid(
            "documentDate",
            "Ngày của văn bản không thể sau ngày văn bản đến.",
            "The document cannot be dated after the day it arrived.",
        ));
    }
    let register = register::get(conn, input.register_id)?;
    if register.kind != RegisterKind::Incoming || !register.active {
        return Err(CoreError::invalid(
            "registerId",
            "Sổ đã chọn không phải sổ văn bản đến đang dùng.",
            "The chosen register is not an active incoming register.",
        ));
    }
    if !register.fits(input.secrecy) {
        return Err(if input.secrecy != Clearance::None {
            CoreError::invalid(
                "registerId",
                "Văn bản mật chỉ được đăng ký vào sổ văn bản mật.",
                "A secret document may only be registered in a secret register.",
            )
        } else {
            CoreError::invalid(
                "registerId",
                "Sổ văn bản mật chỉ dành cho văn bản có độ mật.",
                "A secret register is for secret documents only.",
            )
        });
    }
    if !doctype::is_known(&input.document_type) {
        return Err(CoreError::invalid(
            "documentType",
            "Loại văn bản không có trong danh mục của Nghị định 30/2020/NĐ-CP.",
            "The document type is not in the Decree 30/2020/NĐ-CP list.",
        ));
    }
    let agency_name = match input.agency_id {
        Some(id) => crate::org::agency::get(conn, id)?.name,
        None => {
            clean_required("agencyName", ("Cơ quan ban hành", "Issuing agency"), &input.agency_name, 250)?
        }
    };
    // Fullwidth digits typed on some keyboards are the same number: NFKC.
    let number_symbol = clean_required(
        "numberSymbol",
        ("Số, ký hiệu", "Number and symbol"),
        &crate::fold::clean_symbol(&input.number_symbol),
        60,
    )?;
    let summary =
        clean_required("summary", ("Trích yếu", "Summary"), &input.summary, LIMITS.summary as usize)?;
    let signer = clean_optional("signer", ("Người ký", "Signer"), &input.signer, 120)?;
    if input.page_count == Some(0) {
        return Err(CoreError::invalid(
            "pageCount",
            "Số trang phải lớn hơn 0.",
            "The page count must be above 0.",
        ));
    }
    Ok(CleanInput { agency_name, number_symbol, summary, signer })
}

/// Register a document: take the next number of its register for the year it arrived,
/// store it with its attachments, index it, and record the first step of its trail.
/// Register an incoming document (Decree 30 Art. 22), the clerk's one step: the clerk must
/// be cleared for its secrecy; the same number and symbol from the same sender in the
/// same year is refused until the clerk confirms it is not the same document twice; a
/// sender typed freely may be added to the directory on purpose. `stored` are the
/// attachments already put in the content-addressed store.
pub fn register(
    w: &mut Writer<'_>,
    actor: &Actor,
    input: &IncomingInput,
    stored: &[StoredFile],
) -> CoreResult<IncomingId> {
    if !crate::secrecy::covers(actor, input.secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Bạn không được tiếp cận độ mật này nên không thể vào sổ văn bản này.",
            "You are not cleared for this secrecy level, so you cannot register this document.",
        ));
    }
    let clean = validate(w, input, w.now())?;
    if !input.confirm_duplicate {
        let year = vietnam_year(input.received_at);
        let duplicates =
            find_duplicates(w, actor, input.agency_id, &clean.agency_name, &clean.number_symbol, year)?;
        if let Some(first) = duplicates.first() {
            return Err(CoreError::NeedsConfirmation {
                code: ErrorCode::ConfirmPossibleDuplicate,
                vi: format!(
                    "Văn bản {} của {} có thể đã được vào sổ: số đến {}/{} ({}). Kiểm tra lại trước khi vào sổ lần nữa.",
                    clean.number_symbol, clean.agency_name, first.number, first.year, first.register_name
                ),
                en: format!(
                    "{} from {} may already be registered: incoming number {}/{} ({}). Check before registering it again.",
                    clean.number_symbol, clean.agency_name, first.number, first.year, first.register_name
                ),
            });
        }
    }
    let agency_id = match (input.agency_id, input.add_agency_to_directory) {
        (Some(id), _) => Some(id),
        (None, Some(group)) => {
            let agency = AgencyInput {
                code: None,
                name: clean.agency_name.clone(),
                abbreviation: String::new(),
                group,
            };
            Some(crate::org::agency::create(w, &agency)?.id)
        }
        (None, None) => None,
    };
    insert(w, actor, input, clean, agency_id, stored)
}

/// A file already in the attachment store: its name, media type, SHA-256 and size.
pub type StoredFile = (String, &'static str, String, usize);

fn insert(
    w: &mut Writer<'_>,
    actor: &Actor,
    input: &IncomingInput,
    clean: CleanInput,
    agency_id: Option<AgencyId>,
    stored: &[StoredFile],
) -> CoreResult<IncomingId> {
    if let Some(leader) = input.present_to_id {
        flow::presentee(w, leader, input.secrecy, "presentToId")?;
    }
    let year = vietnam_year(input.received_at);
    let number = register::take_number(w, input.register_id, year)?;
    let status =
        if input.present_to_id.is_some() { IncomingStatus::Presented } else { IncomingStatus::Registered };
    let now = w.now_text();
    let id = store(
        w,
        &Record {
            register_id: input.register_id,
            year,
            number,
            received_at: input.received_at,
            agency_id,
            agency_name: &clean.agency_name,
            number_symbol: &clean.number_symbol,
            document_date: input.document_date,
            document_type: &input.document_type,
            summary: &clean.summary,
            urgency: input.urgency,
            secrecy: input.secrecy,
            page_count: input.page_count,
            reply_deadline: input.reply_deadline,
            signer: &clean.signer,
            electronic: input.electronic,
            status,
            routing_rule_id: input.routing_rule_id,
            lead_department_id: input.lead_department_id,
            supervisor_id: input.supervisor_id,
            presented_to_id: input.present_to_id,
            handler_id: None,
            deadline: None,
            registered_by: actor.user_id,
        },
        &now,
    )?;
    link_attachments(w, id, stored, actor.user_id)?;
    reindex(w, id)?;
    flow::record_step(
        w,
        id,
        "registered",
        (&format!("Số đến {number}/{year}"), &format!("Incoming no. {number}/{year}")),
        &serde_json::json!({ "number": number }),
    )?;
    if let Some(leader) = input.present_to_id {
        let name = crate::org::user::get(w, leader)?.full_name;
        flow::record_step(
            w,
            id,
            "presented",
            (&format!("Trình {name}"), &format!("Presented to {name}")),
            &serde_json::json!({ "to": leader }),
        )?;
    }
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::IncomingDocument, id: Some(id.0) },
        crate::audit::said(
            format!("Vào sổ văn bản đến số {number}/{year}: {}", clean.number_symbol),
            format!("Registered incoming no. {number}/{year}: {}", clean.number_symbol),
        ),
        &serde_json::json!({ "number": number, "year": year, "register": input.register_id }),
    )?;
    Ok(id)
}

/// One incoming document's row as it is stored, numbered already.
pub struct Record<'a> {
    pub register_id: RegisterId,
    pub year: i32,
    pub number: i64,
    pub received_at: DateTime<Utc>,
    pub agency_id: Option<AgencyId>,
    pub agency_name: &'a str,
    pub number_symbol: &'a str,
    pub document_date: Option<NaiveDate>,
    pub document_type: &'a str,
    pub summary: &'a str,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    pub page_count: Option<u32>,
    pub reply_deadline: Option<NaiveDate>,
    pub signer: &'a str,
    pub electronic: bool,
    pub status: IncomingStatus,
    pub routing_rule_id: Option<i64>,
    pub lead_department_id: Option<DepartmentId>,
    pub supervisor_id: Option<UserId>,
    pub presented_to_id: Option<UserId>,
    pub handler_id: Option<UserId>,
    pub deadline: Option<NaiveDate>,
    pub registered_by: UserId,
}

/// Write one incoming document's row: the one place that inserts into
/// `incoming_document` (registration, import of an old register, the demo and the
/// benchmarks all come through here). The search index is the caller's next step.
pub fn store(conn: &Connection, record: &Record<'_>, now: &str) -> CoreResult<IncomingId> {
    let closed_at = (record.status == IncomingStatus::Closed).then(|| timestamp(record.received_at));
    conn.prepare_cached(
        "INSERT INTO incoming_document (register_id, year, number, received_at, agency_id, agency_name,
             number_symbol, symbol_key, document_date, document_type, summary, urgency, urgency_rank, secrecy,
             page_count, reply_deadline, signer, electronic, status, routing_rule_id, lead_department_id,
             supervisor_id, presented_to_id, handler_id, deadline, closed_at, registered_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?28)",
    )?
    .execute(params![
        record.register_id,
        record.year,
        record.number,
        timestamp(record.received_at),
        record.agency_id,
        record.agency_name,
        record.number_symbol,
        symbol_key(record.number_symbol),
        record.document_date,
        record.document_type,
        record.summary,
        record.urgency,
        record.urgency.rank(),
        record.secrecy,
        record.page_count,
        record.reply_deadline,
        record.signer,
        record.electronic,
        record.status,
        record.routing_rule_id,
        record.lead_department_id,
        record.supervisor_id,
        record.presented_to_id,
        record.handler_id,
        record.deadline,
        closed_at,
        record.registered_by,
        now
    ])?;
    Ok(IncomingId(conn.last_insert_rowid()))
}

/// How many documents a person may see, for the register's totals.
pub fn visible_count(conn: &Connection, actor: &Actor) -> CoreResult<u32> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM incoming_document WHERE secrecy IN ({})", visible_levels(actor)),
        [],
        |r| r.get(0),
    )?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[ts(type = "number")]
    pub id: i64,
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: i64,
}

pub fn attachments(conn: &Connection, id: IncomingId) -> CoreResult<Vec<Attachment>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, sha256, file_name, media_type, size FROM incoming_attachment WHERE document_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([id], Attachment::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Attachment {
    /// From the columns id, sha256, file_name, media_type, size.
    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
        Ok(Attachment {
            id: r.get(0)?,
            sha256: r.get(1)?,
            file_name: r.get(2)?,
            media_type: r.get(3)?,
            size: r.get(4)?,
        })
    }
}

pub fn urgency_label(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Normal => "",
        Urgency::Urgent => "KHẨN",
        Urgency::VeryUrgent => "THƯỢNG KHẨN",
        Urgency::Immediate => "HỎA TỐC",
    }
}
