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

use model::{
    Closure, DOCUMENTS, IncomingId, IncomingRow, IncomingStatus, Urgency, reindex, row, row_from, row_select,
    vietnam_year, visible_levels,
};

use crate::attachments::NewAttachment;
use crate::audit::{ObjectRef, Writer};
use crate::clock::timestamp;
use crate::clock::vietnam_date;
use crate::doctype;
use crate::error::{CoreError, CoreResult, ErrorCode, Noun};
use crate::fold::fold;
use crate::org::agency::AgencyInput;
use crate::register::{self, RegisterId, RegisterKind};
use crate::search::{Conditions, Index, Page, day_start};
use crate::vocabulary::Actor;
use crate::vocabulary::LIMITS;
use crate::vocabulary::text_enum;
use crate::vocabulary::{
    AgencyGroup, AgencyId, Clearance, DepartmentId, UserId, clean_optional, clean_required,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
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
            // Today's are read from the received index and sorted (a few); ordered by the
            // urgency index, SQLite would walk every urgent document of twenty years.
            let first = (urgent_today.as_str(), "+d.urgency_rank DESC, d.received_at DESC, d.id DESC");
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
/// its own index, the counts added up.
pub fn inbox_counts(conn: &Connection, actor: &Actor, now: DateTime<Utc>) -> CoreResult<InboxCounts> {
    let today = vietnam_date(now);
    let soon = today + chrono::Days::new(3);
    let mut values = vec![Value::Text(today.to_string()), Value::Text(soon.to_string())];
    let levels = visible_levels(actor);
    let branches: Vec<String> = flow::inbox_branches(actor)
        .into_iter()
        .map(|(branch, args)| {
            format!(
                "SELECT count(*) AS total, count(*) FILTER (WHERE d.urgency_rank > 0) AS urgent,
                     count(*) FILTER (WHERE d.deadline < ?1) AS overdue,
                     count(*) FILTER (WHERE d.deadline >= ?1 AND d.deadline <= ?2) AS due_soon
                 FROM incoming_document d WHERE {} AND d.secrecy IN ({levels})",
                numbered(branch, args, &mut values)
            )
        })
        .collect();
    let sql = format!(
        "SELECT sum(total), sum(urgent), sum(overdue), sum(due_soon) FROM ({})",
        branches.join(" UNION ALL ")
    );
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(values.iter()), |r| {
        Ok(InboxCounts { total: r.get(0)?, urgent: r.get(1)?, overdue: r.get(2)?, due_soon: r.get(3)? })
    })?)
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

pub fn urgency_label(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Normal => "",
        Urgency::Urgent => "KHẨN",
        Urgency::VeryUrgent => "THƯỢNG KHẨN",
        Urgency::Immediate => "HỎA TỐC",
    }
}
