//! Sending an issued document over the axis: one edXML message per recipient that has an
//! electronic identification code, with the printed document and its annexes; the
//! sending recorded as the document's dispatch; each recipient's delivery followed by the
//! statuses it sends back, and a recipient that never answers flagged.

use super::edxml::{self, Attachment, Business, DocumentMessage, Organ, Signer, StatusCode};
use super::office::office_code;
use crate::attachments::AttachmentStore;
use crate::audit::{ObjectRef, Writer};
use crate::error::{CoreError, CoreResult, Noun};
use crate::outgoing::OutgoingId;
use crate::outgoing::issue::{DispatchEntry, DispatchMethod, DispatchRequest};
use crate::settings::Organisation;
use crate::vocabulary::{Actor, AgencyId, Clearance};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What will leave: the message (without its `To`) and whom it goes to.
pub struct Plan {
    pub message: DocumentMessage,
    pub recipients: Vec<(AgencyId, Organ)>,
}

impl Plan {
    /// The message with the electronic original `pdf` (signed and sealed) as its first
    /// attachment.
    pub fn with_document(mut self, pdf: Vec<u8>) -> CoreResult<Plan> {
        self.message.page_count = Some(crate::signature::pdf::page_count(&pdf)? as u32);
        self.message.attachments[0].bytes = pdf;
        Ok(self)
    }
}

/// Everything needed to send the issued document `id` to `agencies` but the electronic
/// original itself (see [`Plan::with_document`]), checked: a document that must not
/// travel electronically (a state secret, one not issued or recalled) is refused with the
/// reason before anything is written.
pub fn plan(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    store: &AttachmentStore,
    id: OutgoingId,
    agencies: &[AgencyId],
    resend: bool,
) -> CoreResult<Plan> {
    let row = crate::outgoing::row(conn, actor, id)?;
    if row.secrecy != Clearance::None {
        return Err(CoreError::invalid(
            "id",
            "Văn bản mật không được gửi qua trục liên thông (Quyết định 28/2018/QĐ-TTg): hãy gửi bản giấy.",
            "A secret document does not travel over the interconnection axis (Decision 28/2018): send it on paper.",
        ));
    }
    let (Some(number_symbol), Some(date), crate::outgoing::OutgoingStatus::Issued) =
        (row.number_symbol.clone(), row.issue_date, row.status)
    else {
        return Err(CoreError::invalid(
            "id",
            "Chỉ gửi được văn bản đã phát hành (và chưa bị thu hồi).",
            "Only an issued document (not recalled) can be sent.",
        ));
    };
    let office = office_code(conn)?.ok_or_else(|| {
        CoreError::invalid(
            "id",
            "Văn phòng chưa có mã định danh: quản trị viên khai báo ở Danh bạ cơ quan.",
            "The Office has no electronic identification code yet: the administrator sets it in the agency directory.",
        )
    })?;
    if agencies.is_empty() {
        return Err(CoreError::invalid("agencyIds", "Hãy chọn nơi nhận.", "Choose the recipients."));
    }
    let mut recipients = Vec::new();
    let mut without = Vec::new();
    for agency in agencies {
        let found: Option<(Option<String>, String)> = conn
            .query_row("SELECT code, name FROM agency WHERE id = ?1 AND active", [agency], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match found {
            Some((Some(code), name)) => recipients.push((*agency, Organ { code, name })),
            Some((None, name)) => without.push(name),
            None => return Err(CoreError::NotFound { what: Noun::Agency }),
        }
    }
    if !resend {
        let mut again = Vec::new();
        for (_, organ) in &recipients {
            let sent: Option<DateTime<Utc>> = conn
                .query_row(
                    "SELECT max(sent_at) FROM exchange_sent WHERE outgoing_id = ?1 AND to_code = ?2",
                    params![id, organ.code],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if let Some(at) = sent {
                let at = at.with_timezone(&crate::clock::vietnam_offset()).format("%H:%M %d/%m/%Y");
                again.push(format!("{} ({at})", organ.name));
            }
        }
        if !again.is_empty() {
            let names = again.join(", ");
            return Err(CoreError::NeedsConfirmation {
                code: crate::error::ErrorCode::ConfirmResend,
                vi: format!("Văn bản đã được gửi qua trục đến: {names}. Gửi lại?"),
                en: format!("The document was sent over the axis to: {names} already. Send it again?"),
            });
        }
    }
    if !without.is_empty() {
        let names = without.join(", ");
        return Err(CoreError::invalid(
            "agencyIds",
            format!(
                "Chưa có mã định danh: {names}. Gửi các nơi này bằng cách khác, hoặc khai báo mã trong danh bạ."
            ),
            format!(
                "No electronic identification code: {names}. Send to them another way, or set their codes in the directory."
            ),
        ));
    }
    let official = crate::outgoing::print::official_document(conn, actor, organisation, id, None)?;
    let content = crate::outgoing::draft::content(conn, id, None)?;
    let mut attachments = vec![Attachment {
        name: format!("{}.pdf", number_symbol.replace('/', "-")),
        content_type: "application/pdf".into(),
        bytes: Vec::new(),
    }];
    // The body as the drafter's own file, when it was one, and the annexes.
    for file in content.body_file.iter().chain(&content.attachments) {
        attachments.push(Attachment {
            name: file.file_name.clone(),
            content_type: crate::attachments::media_type(&file.file_name).to_string(),
            bytes: store.get(&file.sha256)?,
        });
    }
    let (number, notation) = number_symbol.split_once('/').unwrap_or((number_symbol.as_str(), ""));
    let type_name = crate::doctype::name(&row.document_type).unwrap_or("Công văn").to_string();
    let signature = &official.signature;
    let message = DocumentMessage {
        from: Organ { code: office.clone(), name: organisation.office_name.clone() },
        to: Vec::new(),
        document_id: format!("{office},{},{number_symbol}", date.format("%Y/%m/%d")),
        number: number.to_string(),
        notation: notation.to_string(),
        place: organisation.place_name.clone(),
        date: Some(date),
        type_name,
        subject: row.summary.clone(),
        signer: Signer {
            competence: signature.authority.join(" "),
            position: signature.title.clone(),
            full_name: signature.name.clone(),
        },
        due_date: None,
        priority: row.urgency.rank() as u8,
        page_count: None,
        places: content.recipients.iter().map(|r| r.text.clone()).collect(),
        business: Business::New,
        reason: String::new(),
        attachments,
    };
    Ok(Plan { message, recipients })
}

/// The signing folder as the administrator checks it, with the signers still without a
/// usable key.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SigningOverview {
    #[serde(flatten)]
    pub folder: crate::signature::SigningFolder,
    /// Who may sign what the Office sends and has no usable key yet.
    pub signers_without_keys: Vec<String>,
}

pub fn signing_overview(
    conn: &Connection,
    folder: crate::signature::SigningFolder,
) -> CoreResult<SigningOverview> {
    let signers_without_keys = signers_without_keys(conn, &folder)?;
    Ok(SigningOverview { folder, signers_without_keys })
}

/// The people who may sign what the Office sends (for the Committee or for the Office)
/// and have no key in the signing folder `folder`, as "Full Name (login)".
fn signers_without_keys(
    conn: &Connection,
    folder: &crate::signature::SigningFolder,
) -> CoreResult<Vec<String>> {
    use crate::permission::role;
    let mut statement =
        conn.prepare("SELECT username, full_name, role FROM user WHERE active ORDER BY full_name")?;
    let people = statement.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, crate::vocabulary::Role>(2)?))
    })?;
    let mut missing = Vec::new();
    for person in people {
        let (login, name, role) = person?;
        let signs = role::signs_for_committee(role) || role::signs_for_office(role);
        let has_key = folder.keys.iter().any(|k| !k.seal && k.owner == login && k.problem.is_none());
        if signs && !has_key {
            missing.push(format!("{name} ({login})"));
        }
    }
    Ok(missing)
}

/// Send `plan` for the outgoing document `id`: one message per recipient in the outbox,
/// the sending recorded as the document's electronic dispatch.
pub fn send(w: &mut Writer<'_>, actor: &Actor, id: OutgoingId, plan: &Plan) -> CoreResult<u32> {
    let entries = plan
        .recipients
        .iter()
        .map(|(agency, organ)| DispatchEntry {
            recipient: organ.name.clone(),
            agency_id: Some(*agency),
            method: DispatchMethod::Electronic,
        })
        .collect();
    let request = DispatchRequest { id, entries, sent_at: None, note: "Qua trục liên thông".into() };
    crate::outgoing::issue::dispatch(w, actor, &request)?;
    let corrected = corrected_there(w, id)?;
    for (agency, organ) in &plan.recipients {
        let mut message = DocumentMessage { to: vec![organ.clone()], ..plan.message.clone() };
        // A correction of a document this recipient received over the axis travels as its
        // update (business type 2), under the original's DocumentId, for the recipient's
        // system to attach it to the document it registered.
        if let Some((original_id, symbol)) =
            corrected.iter().find(|(code, _, _)| code == &organ.code).map(|(_, d, s)| (d, s))
        {
            message.business = Business::Update;
            message.document_id = original_id.clone();
            message.reason =
                format!("Đính chính văn bản {symbol} bằng văn bản {}", plan.message.number_symbol());
        }
        w.prepare_cached(
            "INSERT INTO exchange_outbox (created_at, to_code, kind, content, outgoing_id)
             VALUES (?1, ?2, 'document', ?3, ?4)",
        )?
        .execute(params![w.now_text(), organ.code, edxml::write_document(&message, w.now()), id])?;
        let outbox = w.last_insert_rowid();
        w.prepare_cached(
            "INSERT INTO exchange_sent (outgoing_id, agency_id, to_code, to_name, document_id, sent_at, outbox_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![id, agency, organ.code, organ.name, message.document_id, w.now_text(), outbox])?;
    }
    let names: Vec<&str> = plan.recipients.iter().map(|(_, o)| o.name.as_str()).collect();
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(id.0) },
        (
            format!("Gửi qua trục liên thông: {}", names.join("; ")),
            format!("Sent over the interconnection axis: {}", names.join("; ")),
        ),
        &serde_json::json!({ "documentId": plan.message.document_id, "to": names }),
    )?;
    Ok(plan.recipients.len() as u32)
}

/// Where the document `id` corrects was sent over the axis: (recipient's code, the
/// DocumentId it went under, its number and symbol) each.
fn corrected_there(conn: &Connection, id: OutgoingId) -> CoreResult<Vec<(String, String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.to_code, s.document_id, coalesce(o.number_symbol, '') FROM outgoing_document d
             JOIN exchange_sent s ON s.outgoing_id = d.corrects_id JOIN outgoing_document o ON o.id = d.corrects_id
             WHERE d.id = ?1 ORDER BY s.id DESC",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?)
}

/// Recall the issued document `request.id` (see [`crate::outgoing::issue::recall`]) and
/// tell each recipient it went to over the axis: a recall message (business type 1) under
/// the DocumentId it received, with the reason; each answers 15 (agreed) or 16.
pub fn recall(
    w: &mut Writer<'_>,
    actor: &Actor,
    request: &crate::outgoing::issue::RecallRequest,
) -> CoreResult<()> {
    crate::outgoing::issue::recall(w, actor, request)?;
    let reason: String =
        w.query_row("SELECT recall_reason FROM outgoing_document WHERE id = ?1", [request.id], |r| {
            r.get::<_, Option<String>>(0).map(Option::unwrap_or_default)
        })?;
    // The last message each recipient was sent, to recall under its own header.
    let sent: Vec<(String, String)> = w
        .prepare_cached(
            "SELECT o.to_code, o.content FROM exchange_outbox o
             WHERE o.id IN (SELECT max(outbox_id) FROM exchange_sent WHERE outgoing_id = ?1 GROUP BY to_code)",
        )?
        .query_map([request.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut told = Vec::new();
    for (code, content) in sent {
        let Ok(edxml::Message::Document(original)) = edxml::parse(content.as_bytes()) else { continue };
        // A correction went there as an update of another document, under that one's
        // DocumentId: a recall under it would recall the other. Recalling a correction is
        // said to its recipients another way.
        if original.business != Business::New {
            continue;
        }
        let message = DocumentMessage {
            business: Business::Recall,
            reason: reason.clone(),
            attachments: Vec::new(),
            ..*original
        };
        w.prepare_cached(
            "INSERT INTO exchange_outbox (created_at, to_code, kind, content, outgoing_id)
             VALUES (?1, ?2, 'document', ?3, ?4)",
        )?
        .execute(params![
            w.now_text(),
            code,
            edxml::write_document(&message, w.now()),
            request.id
        ])?;
        told.push(message.to.first().map_or(code.clone(), |o| o.name.clone()));
    }
    if !told.is_empty() {
        w.audit(
            ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
            (
                format!("Gửi thông báo thu hồi qua trục liên thông: {}", told.join("; ")),
                format!("Recall sent over the interconnection axis: {}", told.join("; ")),
            ),
            &serde_json::json!({ "to": told }),
        )?;
    }
    Ok(())
}

/// A status a recipient reported about what this Office sent: its delivery follows it
/// (a later status never replaced by an earlier one arriving late). Whether it was one
/// of ours.
pub fn delivered(w: &Writer<'_>, status: &edxml::StatusMessage) -> CoreResult<bool> {
    let rank = |code: &str| StatusCode::ALL.iter().position(|s| s.code() == code);
    let sent: Vec<(i64, String)> = w
        .prepare_cached("SELECT id, status_code FROM exchange_sent WHERE document_id = ?1 AND to_code = ?2")?
        .query_map(params![status.response_for.document_id, status.from.code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    for (id, current) in &sent {
        let newer = match (rank(current), rank(status.status.code())) {
            (Some(before), Some(now)) => now >= before || status.status == StatusCode::Refused,
            _ => true,
        };
        if newer {
            let at = status.at.map(crate::clock::timestamp).unwrap_or_else(|| w.now_text());
            w.execute(
                "UPDATE exchange_sent SET status_code = ?2, status_at = ?3, status_note = ?4 WHERE id = ?1",
                params![id, status.status.code(), at, status.description],
            )?;
        }
    }
    Ok(!sent.is_empty())
}

/// A recipient's delivery, as the document's page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub to_code: String,
    pub to_name: String,
    pub sent_at: DateTime<Utc>,
    /// The last status reported ("" for none yet) and its words.
    pub status_code: String,
    pub status: String,
    pub status_at: Option<DateTime<Utc>>,
    pub note: String,
    /// Handed to the gateway (false while it waits in the outbox).
    pub left: bool,
    /// Nothing heard within the time the Office allows (`App::answer_within`).
    pub silent: bool,
}

/// Where the outgoing document `id` went over the axis and how far each got, for a person
/// who may see it.
pub fn deliveries(
    conn: &Connection,
    actor: &Actor,
    id: OutgoingId,
    (now, answer_within): (DateTime<Utc>, chrono::Duration),
) -> CoreResult<Vec<Delivery>> {
    crate::outgoing::row(conn, actor, id)?;
    let rows = conn
        .prepare_cached(
            "SELECT s.to_code, s.to_name, s.sent_at, s.status_code, s.status_at, s.status_note,
                                        o.written_at IS NOT NULL
             FROM exchange_sent s LEFT JOIN exchange_outbox o ON o.id = s.outbox_id
             WHERE s.outgoing_id = ?1 ORDER BY s.id",
        )?
        .query_map([id], |r| {
            let sent_at: DateTime<Utc> = r.get(2)?;
            let code: String = r.get(3)?;
            Ok(Delivery {
                to_code: r.get(0)?,
                to_name: r.get(1)?,
                silent: code.is_empty() && now - sent_at > answer_within,
                status: StatusCode::parse(&code).map_or("", |c| c.words()).to_string(),
                status_code: code,
                sent_at,
                status_at: r.get(4)?,
                note: r.get(5)?,
                left: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
