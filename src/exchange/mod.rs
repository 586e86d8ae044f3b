//! Documents that travel over the national document interconnection axis (edXML,
//! DOMAIN.md §7, §10). A message that arrives (from the gateway's folder, or a file a clerk
//! uploads) is kept as it came and waits for the clerk, every field read from it; the
//! clerk registers it in one step or refuses it with a reason. Each step answers the
//! sender with a status message in the outbox (01 arrived, 02 refused, 03 registered, and
//! later 04 directed, 05 being handled, 06 done as the document moves), which the server
//! hands to the gateway's folder. A message that cannot be read is kept too, with the
//! reason in words, and answered 02 when its sender can be told.
//!
//! Nothing that travels is secret: state secrets go on paper (Decision 28/2018), so these
//! messages and what they register carry no secrecy; who sees them is the clerks'
//! permission to register incoming documents.

pub mod edxml;
pub mod folder;
pub mod office;
pub mod send;

use crate::attachments::record_blob;
use crate::audit::{ObjectRef, Writer};
use crate::doctype::DOCUMENT_TYPES;
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::incoming::model::{IncomingId, IncomingStatus, Urgency};
use crate::incoming::{IncomingInput, StoredFile};
use crate::register::RegisterId;
use crate::signature::SignatureCheck;
use crate::vocabulary::{Actor, AgencyId, Clearance, DepartmentId, ObjectKind, UserId, id_type, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use edxml::{Business, DocumentMessage, Message, Organ, ResponseFor, StatusCode, StatusMessage};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(ExchangeId);

text_enum! {
    /// Where a message that came in stands.
    pub enum ExchangeState {
        /// A document waiting for the clerk.
        Waiting = "waiting",
        Registered = "registered",
        Refused = "refused",
        /// It could not be read; kept, with the reason.
        Unreadable = "unreadable",
        /// A status about a document this Office sent, recorded.
        Recorded = "recorded",
    }
}

text_enum! {
    pub enum ExchangeKind {
        Document = "document",
        Status = "status",
        Unreadable = "unreadable",
    }
}

impl ObjectRef {
    pub fn exchange(id: ExchangeId) -> Self {
        ObjectRef { kind: ObjectKind::ExchangeMessage, id: Some(id.0) }
    }
}

/// A message as the exchange inbox lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeRow {
    pub id: ExchangeId,
    pub received_at: DateTime<Utc>,
    pub file_name: String,
    pub kind: ExchangeKind,
    pub state: ExchangeState,
    pub from_code: String,
    pub from_name: String,
    pub document_id: String,
    /// 0 new, 1 recall, 2 update, 3 replace.
    pub business: u8,
    pub number_symbol: String,
    pub subject: String,
    /// For a status: its code ("01"…"16").
    pub status_code: String,
    /// Why it could not be read (in Vietnamese), or why it was refused (as the clerk
    /// typed it).
    pub reason: String,
    /// Why it could not be read, in English; empty for a clerk's reason.
    pub reason_en: String,
    pub incoming_id: Option<IncomingId>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeFilter {
    /// Only messages in this state; all when absent.
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<ExchangeState>,
    pub offset: u32,
    /// At most 200; 50 when 0.
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangePage {
    pub items: Vec<ExchangeRow>,
    pub total: u32,
    /// Documents waiting for the clerk (the tab's count).
    pub waiting: u32,
}

/// A file a message carries, as the clerk sees it before registering.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeFile {
    pub index: u32,
    pub name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    /// A PDF's digital signatures, each checked (none: not a PDF).
    pub signatures: Option<Vec<SignatureCheck>>,
}

/// Everything a document message says, read for the clerk.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeDocument {
    pub number: String,
    pub notation: String,
    pub place: String,
    pub date: Option<NaiveDate>,
    pub type_name: String,
    /// The Decree 30 type it will be registered as.
    pub document_type: String,
    pub signer_competence: String,
    pub signer_position: String,
    pub signer_name: String,
    pub due_date: Option<NaiveDate>,
    pub urgency: Urgency,
    pub page_count: Option<u32>,
    pub recipients: Vec<String>,
    pub places: Vec<String>,
    pub reason: String,
    pub files: Vec<ExchangeFile>,
    /// The sender in the directory, found by its code.
    pub agency_id: Option<AgencyId>,
    pub agency_name: Option<String>,
}

/// A status message this Office wrote about a message, for the trail.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeAnswer {
    pub status_code: String,
    pub words: String,
    pub created_at: DateTime<Utc>,
    /// When the server handed it to the gateway; none while it waits.
    pub written_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeDetail {
    pub row: ExchangeRow,
    /// What the message says, when it is a readable document.
    pub document: Option<ExchangeDocument>,
    /// An earlier message of the same document (the same DocumentId) already registered.
    pub registered_as: Option<IncomingId>,
    pub answers: Vec<ExchangeAnswer>,
}

/// What the clerk chooses when registering: the rest comes from the message.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeRegisterInput {
    pub id: ExchangeId,
    pub register_id: RegisterId,
    pub lead_department_id: Option<DepartmentId>,
    /// The route the clerk accepted (as `incoming_route` proposes it).
    #[serde(default)]
    #[ts(optional)]
    pub supervisor_id: Option<UserId>,
    #[serde(default)]
    #[ts(optional)]
    pub routing_rule_id: Option<i64>,
    pub present_to_id: Option<UserId>,
    /// The clerk saw the Decree 30 duplicate warning and registers anyway.
    #[serde(default)]
    pub confirm_duplicate: bool,
}

const SELECT: &str = "SELECT id, received_at, file_name, kind, state, from_code, from_name, document_id,
    business, number_symbol, subject, status_code, reason, incoming_id, reason_en FROM exchange_message";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ExchangeRow> {
    Ok(ExchangeRow {
        id: r.get(0)?,
        received_at: r.get(1)?,
        file_name: r.get(2)?,
        kind: r.get(3)?,
        state: r.get(4)?,
        from_code: r.get(5)?,
        from_name: r.get(6)?,
        document_id: r.get(7)?,
        business: r.get(8)?,
        number_symbol: r.get(9)?,
        subject: r.get(10)?,
        status_code: r.get(11)?,
        reason: r.get(12)?,
        incoming_id: r.get(13)?,
        reason_en: r.get(14)?,
    })
}

/// The most a message file may weigh to be read: twice the largest file a person may
/// upload (an edXML message carries its files in base64, a third more, and its envelope).
pub fn message_limit(app: &crate::app::App) -> u64 {
    app.max_file().saturating_mul(2)
}

/// How many bytes the file of message `id` weighs, as it was stored.
pub fn stored_size(conn: &Connection, id: ExchangeId) -> CoreResult<u64> {
    let size: Option<i64> = conn
        .query_row(
            "SELECT b.size FROM exchange_message m JOIN attachment_blob b ON b.sha256 = m.sha256 WHERE m.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(size.unwrap_or(0).max(0) as u64)
}

/// Where the message `id` is kept in the file store.
pub fn sha256_of(conn: &Connection, id: ExchangeId) -> CoreResult<String> {
    conn.query_row("SELECT sha256 FROM exchange_message WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::ExchangeMessage })
}

pub fn row(conn: &Connection, id: ExchangeId) -> CoreResult<ExchangeRow> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::ExchangeMessage })
}

/// The inbox, newest first.
pub fn list(conn: &Connection, filter: &ExchangeFilter) -> CoreResult<ExchangePage> {
    let limit = match filter.limit {
        0 => 50,
        n => n.min(200),
    };
    let state = filter.state.map(|s| s.as_str());
    let condition = "WHERE (?1 IS NULL OR state = ?1)";
    let items = conn
        .prepare_cached(&format!("{SELECT} {condition} ORDER BY id DESC LIMIT ?2 OFFSET ?3"))?
        .query_map(params![state, limit, filter.offset], from_row)?
        .collect::<Result<_, _>>()?;
    let total =
        conn.query_row(&format!("SELECT count(*) FROM exchange_message {condition}"), params![state], |r| {
            r.get(0)
        })?;
    let waiting =
        conn.query_row("SELECT count(*) FROM exchange_message WHERE state = 'waiting'", [], |r| r.get(0))?;
    Ok(ExchangePage { items, total, waiting })
}

/// The message kept from the file `sha256`: the same file twice (a gateway that delivers
/// again) is the same message, received once.
pub fn known(conn: &Connection, sha256: &str) -> CoreResult<Option<ExchangeRow>> {
    let id: Option<ExchangeId> = conn
        .query_row("SELECT id FROM exchange_message WHERE sha256 = ?1", [sha256], |r| r.get(0))
        .optional()?;
    id.map(|id| row(conn, id)).transpose()
}

/// Keep a message that came in as `file_name`, its file in the store as `sha256`.
fn insert(w: &Writer<'_>, file_name: &str, sha256: &str, kept: &Kept<'_>) -> CoreResult<ExchangeId> {
    w.prepare_cached(
        "INSERT INTO exchange_message (received_at, file_name, sha256, kind, state, from_code, from_name,
         document_id, number_symbol, subject, status_code, reason, business, reason_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        w.now_text(),
        file_name,
        sha256,
        kept.kind,
        kept.state,
        kept.from_code,
        kept.from_name,
        kept.document_id,
        kept.number_symbol,
        kept.subject,
        kept.status_code,
        kept.reason,
        kept.business,
        kept.reason_en
    ])?;
    Ok(ExchangeId(w.last_insert_rowid()))
}

/// A message file of `size` bytes, over the `limit` a message may weigh, already in the
/// file store as `sha256` (streamed there, never read whole): kept as unreadable, saying
/// why, for the clerk to ask its sender another way. No status answers it: who sent it
/// would mean reading it.
pub fn receive_too_large(
    w: &mut Writer<'_>,
    file_name: &str,
    sha256: &str,
    (size, limit): (u64, u64),
) -> CoreResult<ExchangeRow> {
    record_blob(w, sha256, size as usize)?;
    let file_name: String = file_name.chars().take(255).collect();
    let weight = |bytes: u64| match bytes {
        0..1_048_576 => format!("{} KB", bytes.div_ceil(1024)),
        _ => format!("{} MB", bytes.div_ceil(1_048_576)),
    };
    let (size_text, limit_text) = (weight(size), weight(limit));
    let vi = format!(
        "Gói tin quá lớn ({size_text}; giới hạn {limit_text}): không đọc; hãy đề nghị nơi gửi gửi lại cách khác."
    );
    let en = format!(
        "The message is too large ({size_text}; the limit is {limit_text}): not read; ask its sender to send it another way."
    );
    let kept = Kept {
        reason: &vi,
        reason_en: &en,
        ..Kept::new(ExchangeKind::Unreadable, ExchangeState::Unreadable)
    };
    let id = insert(w, &file_name, sha256, &kept)?;
    w.audit(
        ObjectRef::exchange(id),
        (format!("Gói tin {file_name}: {vi}"), format!("Message {file_name}: {en}")),
        &serde_json::json!({ "size": size, "limit": limit }),
    )?;
    row(w, id)
}

/// A message file that arrived, already in the file store as `sha256` and not [`known`]:
/// kept, read, and answered 01 (a document) or 02 (one that cannot be read, when its
/// sender is known).
pub fn receive(w: &mut Writer<'_>, file_name: &str, sha256: &str, bytes: &[u8]) -> CoreResult<ExchangeRow> {
    record_blob(w, sha256, bytes.len())?;
    let file_name: String = file_name.chars().take(255).collect();
    let insert = |w: &Writer<'_>, kept: Kept<'_>| insert(w, &file_name, sha256, &kept);
    let id = match edxml::parse(bytes) {
        Ok(Message::Document(message)) => {
            let m = &*message;
            let id = insert(
                w,
                Kept {
                    from_code: &m.from.code,
                    from_name: &m.from.name,
                    document_id: &m.document_id,
                    number_symbol: &m.number_symbol(),
                    subject: &m.subject,
                    reason: &m.reason,
                    business: m.business.code(),
                    ..Kept::new(ExchangeKind::Document, ExchangeState::Waiting)
                },
            )?;
            w.audit(
                ObjectRef::exchange(id),
                (
                    format!("Nhận văn bản điện tử {} của {}", m.number_symbol(), m.from.name),
                    format!("Electronic document {} from {} received", m.number_symbol(), m.from.name),
                ),
                &serde_json::json!({ "documentId": m.document_id, "business": m.business.code() }),
            )?;
            answer(w, id, &respond_to(m), StatusCode::Arrived, "")?;
            id
        }
        Ok(Message::Status(status)) => {
            let id = insert(
                w,
                Kept {
                    from_code: &status.from.code,
                    from_name: &status.from.name,
                    document_id: &status.response_for.document_id,
                    number_symbol: &status.response_for.code,
                    subject: &status.description,
                    status_code: status.status.code(),
                    ..Kept::new(ExchangeKind::Status, ExchangeState::Recorded)
                },
            )?;
            send::delivered(w, &status)?;
            w.audit(
                ObjectRef::exchange(id),
                (
                    format!("{} báo: {} ({})", status.from.name, status.status.words(), status.response_for.code),
                    format!("{} reports status {} ({})", status.from.name, status.status.code(), status.response_for.code),
                ),
                &serde_json::json!({ "documentId": status.response_for.document_id, "status": status.status.code() }),
            )?;
            id
        }
        Err(unreadable) => {
            let sender = edxml::sender_of(bytes);
            let id = insert(
                w,
                Kept {
                    from_code: sender.as_ref().map_or("", |s| &s.from.code),
                    from_name: sender.as_ref().map_or("", |s| &s.from.name),
                    document_id: sender.as_ref().map_or("", |s| &s.document_id),
                    reason: &unreadable.vi,
                    reason_en: &unreadable.en,
                    ..Kept::new(ExchangeKind::Unreadable, ExchangeState::Unreadable)
                },
            )?;
            w.audit(
                ObjectRef::exchange(id),
                (
                    format!("Gói tin {file_name} không đọc được: {}", unreadable.vi),
                    format!("Message {file_name} cannot be read: {}", unreadable.en),
                ),
                &serde_json::json!({ "reason": unreadable.en }),
            )?;
            if let Some(sender) = sender {
                answer(
                    w,
                    id,
                    &sender,
                    StatusCode::Refused,
                    &format!("Không đọc được gói tin: {}", unreadable.vi),
                )?;
            }
            id
        }
    };
    row(w, id)
}

/// What is kept of a message that came in, beside its file.
struct Kept<'a> {
    kind: ExchangeKind,
    state: ExchangeState,
    from_code: &'a str,
    from_name: &'a str,
    document_id: &'a str,
    number_symbol: &'a str,
    subject: &'a str,
    status_code: &'a str,
    reason: &'a str,
    reason_en: &'a str,
    business: u8,
}

impl Kept<'_> {
    fn new(kind: ExchangeKind, state: ExchangeState) -> Self {
        Kept {
            kind,
            state,
            from_code: "",
            from_name: "",
            document_id: "",
            number_symbol: "",
            subject: "",
            status_code: "",
            reason: "",
            reason_en: "",
            business: 0,
        }
    }
}

/// Whom a status about `m` goes to, and how it names the document.
fn respond_to(m: &DocumentMessage) -> edxml::Sender {
    edxml::Sender {
        from: m.from.clone(),
        document_id: m.document_id.clone(),
        code: m.number_symbol(),
        date: m.date,
    }
}

/// Queue the status `code` about message `id` for its sender.
fn answer(
    w: &Writer<'_>,
    id: ExchangeId,
    to: &edxml::Sender,
    code: StatusCode,
    description: &str,
) -> CoreResult<()> {
    let office = office::office_code(w)?.unwrap_or_default();
    let office_name = crate::settings::organisation(w)?.map(|o| o.office_name).unwrap_or_default();
    let (staff, department) = match w.actor_id() {
        Some(user) => {
            let person = crate::org::user::get(w, user)?;
            (person.full_name, person.department_name.unwrap_or_default())
        }
        None => (w.actor().1.to_string(), String::new()),
    };
    let status = StatusMessage {
        response_for: ResponseFor {
            organ_code: to.from.code.clone(),
            code: to.code.clone(),
            date: to.date,
            document_id: to.document_id.clone(),
        },
        from: Organ { code: office, name: office_name },
        status: code,
        description: if description.is_empty() { code.words().to_string() } else { description.to_string() },
        at: Some(w.now()),
        department,
        staff,
    };
    w.prepare_cached(
        "INSERT INTO exchange_outbox (created_at, message_id, to_code, status_code, content)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![w.now_text(), id, to.from.code, code.code(), edxml::write_status(&status)])?;
    Ok(())
}

/// What the clerk sees of a message.
pub fn detail(conn: &Connection, id: ExchangeId, bytes: Option<&[u8]>) -> CoreResult<ExchangeDetail> {
    let row = row(conn, id)?;
    let document = match bytes.map(edxml::parse) {
        Some(Ok(Message::Document(m))) => Some(document_view(conn, &m)?),
        _ => None,
    };
    let registered_as = registered_as(conn, &row)?;
    let answers = conn
        .prepare_cached(
            "SELECT status_code, created_at, written_at FROM exchange_outbox WHERE message_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            let code: String = r.get(0)?;
            Ok(ExchangeAnswer {
                words: StatusCode::parse(&code).map_or("", |c| c.words()).to_string(),
                status_code: code,
                created_at: r.get(1)?,
                written_at: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(ExchangeDetail { row, document, registered_as, answers })
}

/// [`detail`], with the digital signatures of each PDF the message carries checked
/// against the authorities the Office trusts (`trust`), at `now` when a signature does
/// not say when it signed.
pub fn detail_checked(
    conn: &Connection,
    id: ExchangeId,
    bytes: &[u8],
    trust: &crate::signature::Trust,
    now: DateTime<Utc>,
) -> CoreResult<ExchangeDetail> {
    let mut detail = detail(conn, id, Some(bytes))?;
    if let (Some(document), Ok(Message::Document(m))) = (detail.document.as_mut(), edxml::parse(bytes)) {
        for (file, carried) in document.files.iter_mut().zip(&m.attachments) {
            file.signatures = pdf_signatures(&file.media_type, &carried.bytes, trust, now);
        }
    }
    Ok(detail)
}

/// The signatures of a file, checked, when it is a PDF; a PDF that cannot be read has one
/// unreadable signature, so that it is never shown as simply unsigned.
pub fn pdf_signatures(
    media_type: &str,
    bytes: &[u8],
    trust: &crate::signature::Trust,
    now: DateTime<Utc>,
) -> Option<Vec<SignatureCheck>> {
    (media_type == "application/pdf").then(|| {
        crate::signature::verify(bytes, trust, now).unwrap_or_else(|_| vec![SignatureCheck::unreadable()])
    })
}

/// The incoming document an earlier message of the same document became.
fn registered_as(conn: &Connection, row: &ExchangeRow) -> CoreResult<Option<IncomingId>> {
    if row.document_id.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT incoming_id FROM exchange_message WHERE document_id = ?1 AND incoming_id IS NOT NULL
             AND id <> ?2 ORDER BY id LIMIT 1",
            params![row.document_id, row.id],
            |r| r.get(0),
        )
        .optional()?)
}

fn document_view(conn: &Connection, m: &DocumentMessage) -> CoreResult<ExchangeDocument> {
    let agency: Option<(AgencyId, String)> = conn
        .query_row("SELECT id, name FROM agency WHERE code = ?1 AND active", [&m.from.code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(ExchangeDocument {
        number: m.number.clone(),
        notation: m.notation.clone(),
        place: m.place.clone(),
        date: m.date,
        type_name: m.type_name.clone(),
        document_type: document_type(&m.type_name).to_string(),
        signer_competence: m.signer.competence.clone(),
        signer_position: m.signer.position.clone(),
        signer_name: m.signer.full_name.clone(),
        due_date: m.due_date,
        urgency: urgency(m.priority),
        page_count: m.page_count,
        recipients: m.to.iter().map(|o| format!("{} ({})", o.name, o.code)).collect(),
        places: m.places.clone(),
        reason: m.reason.clone(),
        files: m
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| ExchangeFile {
                index: i as u32,
                name: a.name.clone(),
                media_type: media_type(a),
                size: a.bytes.len() as u64,
                signatures: None,
            })
            .collect(),
        agency_id: agency.as_ref().map(|a| a.0),
        agency_name: agency.map(|a| a.1),
    })
}

/// The media type a carried file is kept with: the Office's own for the kinds it knows,
/// else what the sender said.
pub fn media_type(file: &edxml::Attachment) -> String {
    match crate::attachments::media_type(&file.name) {
        "application/octet-stream" if !file.content_type.is_empty() => file.content_type.clone(),
        known => known.to_string(),
    }
}

/// The Decree 30 type a sender's type name is (a Công văn when it names none we know).
pub fn document_type(type_name: &str) -> &'static str {
    let wanted = fold(type_name);
    DOCUMENT_TYPES.iter().find(|(_, _, name)| fold(name) == wanted).map_or("CV", |(key, _, _)| key)
}

/// The standard's priority (0 ordinary … 3, 4 immediate) as Decree 30's urgency.
pub fn urgency(priority: u8) -> Urgency {
    match priority {
        0 => Urgency::Normal,
        1 => Urgency::Urgent,
        2 => Urgency::VeryUrgent,
        _ => Urgency::Immediate,
    }
}

/// The message `id`, waiting, read again from its bytes for a step.
fn waiting_document(
    w: &Writer<'_>,
    id: ExchangeId,
    bytes: &[u8],
) -> CoreResult<(ExchangeRow, DocumentMessage)> {
    let row = row(w, id)?;
    if row.state != ExchangeState::Waiting {
        return Err(CoreError::invalid(
            "id",
            "Gói tin này đã được xử lý.",
            "This message has already been dealt with.",
        ));
    }
    match edxml::parse(bytes) {
        Ok(Message::Document(m)) => Ok((row, *m)),
        _ => Err(CoreError::invalid(
            "id",
            "Gói tin này không phải văn bản.",
            "This message is not a document.",
        )),
    }
}

/// Register the waiting document message `input.id` (its bytes `bytes`, its files already
/// in the store as `stored`) as an incoming document, every field from the message, and
/// answer 03. The same DocumentId registered before is the same document: this message
/// joins it and nothing is registered twice.
pub fn register(
    w: &mut Writer<'_>,
    actor: &Actor,
    input: &ExchangeRegisterInput,
    bytes: &[u8],
    stored: &[StoredFile],
) -> CoreResult<IncomingId> {
    let (row, m) = waiting_document(w, input.id, bytes)?;
    if m.business != Business::New {
        return Err(CoreError::invalid(
            "id",
            "Gói tin này thu hồi, cập nhật hoặc thay thế một văn bản đã gửi; không vào sổ như văn bản mới.",
            "This message recalls, updates or replaces a document sent before; it is not registered as a new one.",
        ));
    }
    let incoming = match registered_as(w, &row)? {
        Some(existing) => existing,
        None => {
            let view = document_view(w, &m)?;
            let signer =
                [m.signer.competence.as_str(), m.signer.position.as_str(), m.signer.full_name.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" — ");
            let document = IncomingInput {
                register_id: input.register_id,
                received_at: row.received_at,
                agency_id: view.agency_id,
                agency_name: view.agency_name.clone().unwrap_or_else(|| m.from.name.clone()),
                add_agency_to_directory: None,
                number_symbol: m.number_symbol(),
                document_date: m.date,
                document_type: view.document_type.clone(),
                summary: m.subject.clone(),
                urgency: view.urgency,
                secrecy: Clearance::None,
                page_count: m.page_count,
                reply_deadline: m.due_date,
                signer,
                electronic: true,
                attachments: Vec::new(),
                lead_department_id: input.lead_department_id,
                supervisor_id: input.supervisor_id,
                routing_rule_id: input.routing_rule_id,
                present_to_id: input.present_to_id,
                confirm_duplicate: input.confirm_duplicate,
            };
            crate::incoming::register(w, actor, &document, stored)?
        }
    };
    w.execute(
        "UPDATE exchange_message SET state = 'registered', incoming_id = ?2, decided_by = ?3, decided_at = ?4
         WHERE id = ?1",
        params![input.id, incoming, actor.user_id, w.now_text()],
    )?;
    w.audit(
        ObjectRef::exchange(input.id),
        (
            format!("Vào sổ văn bản điện tử {} của {}", m.number_symbol(), m.from.name),
            format!("Electronic document {} from {} registered", m.number_symbol(), m.from.name),
        ),
        &serde_json::json!({ "incomingId": incoming }),
    )?;
    answer(w, input.id, &respond_to(&m), StatusCode::Registered, "")?;
    Ok(incoming)
}

/// Accept the waiting recall, update or replacement `id` of a document registered here
/// from an earlier message: a recall cancels the registration (its number stays, marked
/// cancelled), an update or a replacement is written in the document's trail with the
/// files it brings (`stored`); the sender is answered 15. The incoming document.
pub fn accept(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: ExchangeId,
    bytes: &[u8],
    stored: &[StoredFile],
) -> CoreResult<IncomingId> {
    let (row, m) = waiting_document(w, id, bytes)?;
    let Some(incoming) = registered_as(w, &row)? else {
        return Err(CoreError::invalid(
            "id",
            "Văn bản gốc chưa được vào sổ ở Văn phòng: không có gì để thu hồi, cập nhật hay thay thế. Có thể từ chối gói tin.",
            "The original document was not registered here: there is nothing to recall, update or replace. The message can be refused.",
        ));
    };
    let sender = &m.from.name;
    let because = if m.reason.is_empty() { String::new() } else { format!(": {}", m.reason) };
    match m.business {
        Business::New => {
            return Err(CoreError::invalid(
                "id",
                "Gói tin này là văn bản mới.",
                "This message is a new document.",
            ));
        }
        Business::Recall => {
            let request = crate::incoming::flow::CancelRequest {
                id: incoming,
                reason: format!("{sender} thu hồi văn bản qua trục liên thông{because}"),
            };
            crate::incoming::flow::cancel(w, actor, &request)?;
        }
        Business::Update | Business::Replace => {
            let (vi, en) = if m.business == Business::Update {
                ("cập nhật", "updated")
            } else {
                ("thay thế", "replaced")
            };
            crate::incoming::link_attachments(w, incoming, stored, actor.user_id)?;
            let files: Vec<&str> = stored.iter().map(|f| f.0.as_str()).collect();
            crate::incoming::flow::record_step(
                w,
                incoming,
                en,
                (
                    &format!(
                        "{sender} {vi} văn bản qua trục liên thông{because} (tệp mới: {})",
                        files.join(", ")
                    ),
                    &format!(
                        "{sender} {en} the document over the axis{because} (new files: {})",
                        files.join(", ")
                    ),
                ),
                &serde_json::json!({ "message": id, "subject": m.subject, "files": files }),
            )?;
            w.execute(
                "UPDATE incoming_document SET updated_at = ?2 WHERE id = ?1",
                params![incoming, w.now_text()],
            )?;
        }
    }
    w.execute(
        "UPDATE exchange_message SET state = 'registered', incoming_id = ?2, decided_by = ?3, decided_at = ?4
         WHERE id = ?1",
        params![id, incoming, actor.user_id, w.now_text()],
    )?;
    let (vi, en) = business_words(m.business);
    w.audit(
        ObjectRef::exchange(id),
        (
            format!("Chấp nhận gói tin {vi} của {sender} ({})", m.number_symbol()),
            format!("{en} from {sender} accepted ({})", m.number_symbol()),
        ),
        &serde_json::json!({ "incomingId": incoming }),
    )?;
    answer(w, id, &respond_to(&m), StatusCode::RecallAccepted, "")?;
    Ok(incoming)
}

fn business_words(business: Business) -> (&'static str, &'static str) {
    match business {
        Business::New => ("văn bản mới", "A new document"),
        Business::Recall => ("thu hồi", "A recall"),
        Business::Update => ("cập nhật", "An update"),
        Business::Replace => ("thay thế", "A replacement"),
    }
}

/// Refuse the waiting message `id` for `reason`, and answer with it: 02 for a document,
/// 16 for a recall, update or replacement.
pub fn refuse(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: ExchangeId,
    reason: &str,
    bytes: &[u8],
) -> CoreResult<()> {
    let reason = crate::vocabulary::clean_required("reason", ("Lý do", "Reason"), reason, 2000)?;
    let (_, m) = waiting_document(w, id, bytes)?;
    w.execute(
        "UPDATE exchange_message SET state = 'refused', reason = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
        params![id, reason, actor.user_id, w.now_text()],
    )?;
    w.audit(
        ObjectRef::exchange(id),
        (
            format!("Từ chối văn bản điện tử {} của {}: {reason}", m.number_symbol(), m.from.name),
            format!("Electronic document {} from {} refused: {reason}", m.number_symbol(), m.from.name),
        ),
        &serde_json::json!({ "reason": reason }),
    )?;
    let code = if m.business == Business::New { StatusCode::Refused } else { StatusCode::RecallRefused };
    answer(w, id, &respond_to(&m), code, &reason)
}

/// The statuses documents registered from the axis have reached and their senders were
/// not yet told: 04 a leader directed it, 05 someone handles it, 06 it is done.
pub fn progress_due(conn: &Connection) -> CoreResult<Vec<(ExchangeId, StatusCode)>> {
    let registered: Vec<(ExchangeId, IncomingStatus)> = conn
        .prepare_cached(
            "SELECT m.id, d.status FROM exchange_message m JOIN incoming_document d ON d.id = m.incoming_id
             WHERE m.state = 'registered' AND m.kind = 'document'
             AND NOT EXISTS (SELECT 1 FROM exchange_outbox o WHERE o.message_id = m.id AND o.status_code = '06')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut due = Vec::new();
    for (id, status) in registered {
        let reached: &[StatusCode] = match status {
            IncomingStatus::Directed => &[StatusCode::Directed],
            IncomingStatus::Assigned => &[StatusCode::Directed, StatusCode::Handling],
            IncomingStatus::Closed => &[StatusCode::Directed, StatusCode::Handling, StatusCode::Completed],
            IncomingStatus::Registered | IncomingStatus::Presented | IncomingStatus::Returned => &[],
        };
        for code in reached {
            let told: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM exchange_outbox WHERE message_id = ?1 AND status_code = ?2)",
                )?
                .query_row(params![id, code.code()], |r| r.get(0))?;
            if !told {
                due.push((id, *code));
            }
        }
    }
    Ok(due)
}

/// Tell the senders the statuses `due` ([`progress_due`]), queued in the outbox.
pub fn report_progress(w: &mut Writer<'_>, due: &[(ExchangeId, StatusCode)]) -> CoreResult<()> {
    for &(id, code) in due {
        let kept = row(w, id)?;
        let sender = edxml::Sender {
            from: Organ { code: kept.from_code, name: kept.from_name },
            date: edxml::date_of_document_id(&kept.document_id),
            document_id: kept.document_id,
            code: kept.number_symbol,
        };
        answer(w, id, &sender, code, "")?;
        w.audit(
            ObjectRef::exchange(id),
            (format!("Báo nơi gửi: {}", code.words()), format!("Sender told: status {}", code.code())),
            &serde_json::json!({ "status": code.code() }),
        )?;
    }
    Ok(())
}

/// A message file that arrived (from the gateway's folder, or uploaded by `actor`): kept
/// in the file store, then in the exchange inbox ([`receive`]).
pub fn receive_file(
    app: &crate::app::App,
    now: DateTime<Utc>,
    actor: (Option<UserId>, String),
    file_name: &str,
    bytes: &[u8],
) -> CoreResult<ExchangeRow> {
    let sha256 = app.attachments().put(bytes)?;
    if let Some(row) = app.db().read(|conn| known(conn, &sha256))? {
        return Ok(row);
    }
    app.write(now, actor, "exchange_receive", |w| receive(w, file_name, &sha256, bytes))
}

/// A message waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    /// "status" or "document".
    pub kind: String,
    pub to_code: String,
    pub status_code: String,
    pub content: String,
}

/// The messages not yet handed to the gateway, oldest first.
pub fn unwritten(conn: &Connection, limit: u32) -> CoreResult<Vec<Outgoing>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, kind, to_code, status_code, content FROM exchange_outbox WHERE written_at IS NULL
             ORDER BY id LIMIT ?1",
        )?
        .query_map([limit], |r| {
            Ok(Outgoing {
                id: r.get(0)?,
                kind: r.get(1)?,
                to_code: r.get(2)?,
                status_code: r.get(3)?,
                content: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

/// Record that the outbox messages `ids` are in the gateway's folder.
pub fn written(w: &mut Writer<'_>, ids: &[i64]) -> CoreResult<()> {
    // Said on what each is about (the outgoing document it carries, the message it
    // answers), so that the pages showing them hear it.
    let mut about = std::collections::BTreeMap::<(ObjectKind, Option<i64>), Vec<i64>>::new();
    for id in ids {
        w.execute("UPDATE exchange_outbox SET written_at = ?2 WHERE id = ?1", params![id, w.now_text()])?;
        let (outgoing, message): (Option<i64>, Option<ExchangeId>) =
            w.query_row("SELECT outgoing_id, message_id FROM exchange_outbox WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let object = match (outgoing, message) {
            (Some(document), _) => ObjectRef { kind: ObjectKind::OutgoingDocument, id: Some(document) },
            (None, Some(message)) => ObjectRef::exchange(message),
            (None, None) => ObjectRef::system(),
        };
        about.entry((object.kind, object.id)).or_default().push(*id);
    }
    for ((kind, id), outbox) in about {
        w.audit(
            ObjectRef { kind, id },
            (
                format!("Chuyển {} gói tin sang trục liên thông", outbox.len()),
                format!("{} messages handed to the interconnection axis", outbox.len()),
            ),
            &serde_json::json!({ "outbox": outbox }),
        )?;
    }
    Ok(())
}
