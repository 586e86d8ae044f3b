//! Issuing (văn thư): the number from the right register, the symbol by the rules of
//! Decree 30, the issue date; dispatch records; recall; the correcting công văn; the
//! outgoing register (Annex IV).

use super::draft;
use super::{OutgoingId, OutgoingStatus, record_step, record_system_step, state, type_name};
use crate::audit::{ObjectRef, Writer, said};
use crate::doctype;
use crate::error::{CoreError, CoreResult};
use crate::fold::fold;
use crate::incoming;
use crate::incoming::model::IncomingId;
use crate::pdf::official::{Block, Run};
use crate::register::Issuer;
use crate::register::{self, Register, RegisterId, RegisterKind};
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, Clearance, clean_optional, clean_required, text_enum};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The number and symbol of Decree 30: `15/QĐ-UBND`; a legal normative document carries
/// the year, `15/2026/QĐ-UBND`; a công văn has no type but the drafting unit,
/// `05/UBND-KT`; the Office's own documents end in `VP`, `01/BC-VP`. Numbers below 10
/// take a leading zero.
pub fn number_symbol(
    number: i64,
    year: i32,
    document_type: &str,
    issuer: Issuer,
    legal_normative: bool,
    unit: &str,
) -> String {
    let abbreviation = doctype::abbreviation(document_type).unwrap_or("");
    let body = issuer.symbol();
    match (abbreviation, legal_normative) {
        ("", _) if unit.is_empty() => format!("{number:02}/{body}"),
        ("", _) => format!("{number:02}/{body}-{unit}"),
        (abbreviation, true) => format!("{number:02}/{year}/{abbreviation}-{body}"),
        (abbreviation, false) => format!("{number:02}/{abbreviation}-{body}"),
    }
}

/// Whether `register` numbers a document of this kind.
pub fn fits(
    register: &Register,
    issuer: Issuer,
    document_type: &str,
    legal_normative: bool,
    secrecy: Clearance,
) -> bool {
    register.kind == RegisterKind::Outgoing
        && register.active
        && register.issuer == Some(issuer)
        && register.secret == (secrecy != Clearance::None)
        && register.legal_normative == legal_normative
        && (register.secret
            || register.document_types.is_empty()
            || register.document_types.iter().any(|t| t == document_type))
}

/// The register a document goes to: among those that fit, one naming its type before a
/// general one, then in the administrator's order.
pub fn propose_register(
    conn: &Connection,
    issuer: Issuer,
    document_type: &str,
    legal_normative: bool,
    secrecy: Clearance,
) -> CoreResult<Option<Register>> {
    let mut fitting: Vec<Register> = register::list(conn, Some(RegisterKind::Outgoing))?
        .into_iter()
        .filter(|r| fits(r, issuer, document_type, legal_normative, secrecy))
        .collect();
    fitting.sort_by_key(|r| (r.document_types.is_empty(), r.sort_order));
    Ok(fitting.into_iter().next())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct IssueRequest {
    pub id: OutgoingId,
    pub register_id: RegisterId,
    /// Issued electronically (the page shows who signed and when); false for paper.
    pub electronic: bool,
    /// Number of paper copies made.
    #[serde(default)]
    pub copies: Option<u32>,
}

/// The checks of issuing `id` from `register_id` at `now`, and what the number and symbol
/// are made of: the document's state and content, the register, the year, the unit.
fn plan(
    conn: &Connection,
    actor: &Actor,
    id: OutgoingId,
    register_id: RegisterId,
    now: DateTime<Utc>,
) -> CoreResult<(super::State, draft::DraftContent, Register, i32, String)> {
    let s = state(conn, actor, id)?;
    if !super::review::allowed(conn, actor, id)?.issue {
        return Err(CoreError::conflict(
            "Chỉ văn bản đã ký mới được cấp số và phát hành.",
            "Only a signed document can be numbered and issued.",
        ));
    }
    let content = draft::content(conn, id, None)?;
    let register = register::get(conn, register_id)?;
    if !fits(&register, s.issuer, &s.document_type, content.legal_normative, s.secrecy) {
        return Err(CoreError::invalid(
            "registerId",
            format!("Sổ {} không dùng cho loại văn bản, cơ quan ban hành hoặc độ mật này.", register.name),
            format!("The register {} is not for this type, issuing body or secrecy.", register.name),
        ));
    }
    let year = crate::clock::vietnam_date(now).year();
    let unit: String =
        conn.query_row("SELECT code FROM department WHERE id = ?1", [s.department_id], |r| r.get(0))?;
    Ok((s, content, register, year, unit))
}

/// The number and symbol issuing would give now (the confirmation asks "Cấp số
/// 8352/UBND-KT và phát hành?"). Another clerk may take it first: the issue then gives
/// the next one, and says which.
pub fn preview(
    conn: &Connection,
    actor: &Actor,
    request: &IssuePreviewRequest,
    now: DateTime<Utc>,
) -> CoreResult<String> {
    let (s, content, register, year, unit) = plan(conn, actor, request.id, request.register_id, now)?;
    let number = register::next_number(conn, register.id, year)?;
    Ok(number_symbol(number, year, &s.document_type, s.issuer, content.legal_normative, &unit))
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct IssuePreviewRequest {
    pub id: OutgoingId,
    pub register_id: RegisterId,
}

/// Number, date and register a signed document. The number is taken inside this
/// transaction, so two clerks issuing at once get consecutive numbers and a failure
/// leaves no gap. A reply closes the incoming document it answers.
pub fn issue(w: &mut Writer<'_>, actor: &Actor, request: &IssueRequest) -> CoreResult<String> {
    let (s, content, register, year, unit) = plan(w, actor, request.id, request.register_id, w.now())?;
    let date = crate::clock::vietnam_date(w.now());
    let number = register::take_number(w, register.id, year)?;
    let symbol = number_symbol(number, year, &s.document_type, s.issuer, content.legal_normative, &unit);
    let taken: Option<i64> = w
        .query_row(
            "SELECT id FROM outgoing_document WHERE year = ?1 AND number_symbol = ?2 AND (secrecy = 'none') = ?3",
            params![year, symbol, s.secrecy == Clearance::None],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        // Two registers producing the same symbol (e.g. two general registers of one
        // body) is a configuration error; refuse rather than issue a duplicate.
        return Err(CoreError::conflict(
            format!("Số và ký hiệu {symbol} đã được dùng trong năm {year}: kiểm tra cấu hình sổ."),
            format!("The number and symbol {symbol} is already used in {year}: check the registers."),
        ));
    }
    w.execute(
        "UPDATE outgoing_document SET status = 'issued', register_id = ?2, year = ?3, number = ?4,
             number_symbol = ?5, symbol_key = ?6, issue_date = ?7, issued_by = ?8, issued_at = ?9,
             electronic = ?10, copies = ?11, to_gazette = ?12
         WHERE id = ?1",
        params![
            request.id,
            register.id,
            year,
            number,
            symbol,
            fold(&symbol).replace(' ', ""),
            date.to_string(),
            actor.user_id,
            w.now_text(),
            request.electronic,
            request.copies,
            content.sends_to_gazette()
        ],
    )?;
    let line = format!("{symbol} · {}", register.name);
    record_system_step(w, request.id, "issued", (&line, &line), None, None)?;
    draft::reindex(w, request.id)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        said(
            format!("Phát hành văn bản {symbol}: {}", content.summary),
            format!("Issued {symbol}: {}", content.summary),
        ),
        request,
    )?;
    let (reply_to, corrects): (Option<IncomingId>, Option<OutgoingId>) = w.query_row(
        "SELECT reply_to_incoming_id, corrects_id FROM outgoing_document WHERE id = ?1",
        [request.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if let Some(incoming) = reply_to {
        incoming::flow::close_by_reply(w, incoming, request.id.0, &symbol)?;
    }
    if let Some(original) = corrects {
        let line = (format!("Đính chính bằng công văn {symbol}"), format!("Corrected by {symbol}"));
        record_system_step(w, original, "corrected", (&line.0, &line.1), None, None)?;
    }
    Ok(symbol)
}

text_enum! {
    /// How a document was sent.
    pub enum DispatchMethod {
        Electronic = "electronic",
        Post = "post",
        Hand = "hand",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DispatchEntry {
    pub recipient: String,
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
    pub method: DispatchMethod,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DispatchRequest {
    pub id: OutgoingId,
    pub entries: Vec<DispatchEntry>,
    /// When it left; now if not given.
    #[serde(default)]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dispatch {
    #[ts(type = "number")]
    pub id: i64,
    pub recipient: String,
    pub method: DispatchMethod,
    pub sent_at: DateTime<Utc>,
    pub note: String,
    pub recorded_by: Option<String>,
}

/// Record to whom, how and when an issued document was sent.
pub fn dispatch(w: &mut Writer<'_>, actor: &Actor, request: &DispatchRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !super::review::allowed(w, actor, request.id)?.dispatch {
        return Err(CoreError::conflict(
            "Chỉ gửi được văn bản đã phát hành (và chưa bị thu hồi).",
            "Only an issued document (not recalled) can be sent.",
        ));
    }
    if request.entries.is_empty() {
        return Err(CoreError::invalid("entries", "Hãy chọn nơi gửi.", "Choose where it goes."));
    }
    // State secrets travel on paper (Decision 28/2018/QĐ-TTg), never electronically.
    if s.secrecy != Clearance::None && request.entries.iter().any(|e| e.method == DispatchMethod::Electronic)
    {
        return Err(CoreError::invalid(
            "entries",
            "Văn bản mật không được gửi điện tử: hãy gửi bản giấy (qua bưu chính hoặc trực tiếp).",
            "A secret document is not sent electronically: send it on paper (by post or by hand).",
        ));
    }
    let note = clean_optional("note", ("Ghi chú", "Note"), &request.note, 500)?;
    let sent_at = request.sent_at.unwrap_or(w.now());
    if sent_at > w.now() {
        return Err(CoreError::invalid(
            "sentAt",
            "Ngày gửi không thể ở tương lai.",
            "The sending time cannot be in the future.",
        ));
    }
    let mut names = Vec::new();
    for entry in &request.entries {
        let recipient = clean_required("entries", ("Nơi gửi", "Recipient"), &entry.recipient, 300)?;
        // The same sending recorded again (a double click, a retried request) is the same
        // sending: recorded once.
        let recorded: bool = w.query_row(
            "SELECT EXISTS (SELECT 1 FROM outgoing_dispatch WHERE document_id = ?1 AND recipient = ?2
                 AND method = ?3 AND abs(julianday(sent_at) - julianday(?4)) * 1440 < 10)",
            params![request.id, recipient, entry.method, crate::clock::timestamp(sent_at)],
            |r| r.get(0),
        )?;
        if recorded {
            continue;
        }
        w.execute(
            "INSERT INTO outgoing_dispatch (document_id, recipient, agency_id, method, sent_at, note, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                request.id,
                recipient,
                entry.agency_id,
                entry.method,
                crate::clock::timestamp(sent_at),
                note,
                actor.user_id,
                w.now_text()
            ],
        )?;
        names.push(recipient);
    }
    if names.is_empty() {
        return w.audit(
            ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
            said(
                "Việc gửi này đã được ghi nhận; không ghi lại",
                "This dispatch was recorded already; not recorded again",
            ),
            request,
        );
    }
    let text = format!("Gửi {}", names.join("; "));
    let text_en = format!("Sent to {}", names.join("; "));
    record_system_step(w, request.id, "dispatched", (&text, &text_en), None, None)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        {
            let symbol = s.number_symbol.unwrap_or_default();
            said(format!("{text} ({symbol})"), format!("{text_en} ({symbol})"))
        },
        request,
    )?;
    Ok(())
}

pub fn dispatches(conn: &Connection, id: OutgoingId) -> CoreResult<Vec<Dispatch>> {
    let mut statement = conn.prepare_cached(
        "SELECT x.id, x.recipient, x.method, x.sent_at, x.note, u.full_name
         FROM outgoing_dispatch x LEFT JOIN user u ON u.id = x.recorded_by
         WHERE x.document_id = ?1 ORDER BY x.sent_at, x.id",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(Dispatch {
            id: r.get(0)?,
            recipient: r.get(1)?,
            method: r.get(2)?,
            sent_at: r.get(3)?,
            note: r.get(4)?,
            recorded_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct RecallRequest {
    pub id: OutgoingId,
    pub reason: String,
}

/// Recall (thu hồi): the document is frozen — no more sending, no correction — and the
/// recall stays in its trail and in the register's notes.
pub fn recall(w: &mut Writer<'_>, actor: &Actor, request: &RecallRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !super::review::allowed(w, actor, request.id)?.recall {
        return Err(CoreError::conflict(
            "Chỉ thu hồi được văn bản đã phát hành.",
            "Only an issued document can be recalled.",
        ));
    }
    let reason = clean_required("reason", ("Lý do thu hồi", "Reason"), &request.reason, 1000)?;
    w.execute(
        "UPDATE outgoing_document SET status = 'recalled', recalled_at = ?2, recall_reason = ?3 WHERE id = ?1",
        params![request.id, w.now_text(), reason],
    )?;
    record_step(w, request.id, "recalled", &reason, None, None)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        {
            let symbol = s.number_symbol.unwrap_or_default();
            crate::audit::said(
                format!("Thu hồi văn bản {symbol}: {reason}"),
                format!("Recalled {symbol}: {reason}"),
            )
        },
        request,
    )?;
    Ok(())
}

fn dmy(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Start a correcting công văn (công văn đính chính) for an issued document with a
/// format error: a draft of the actor's own, linked to the original, that names it.
pub fn start_correction(w: &mut Writer<'_>, actor: &Actor, original: OutgoingId) -> CoreResult<OutgoingId> {
    let s = state(w, actor, original)?;
    if !super::review::allowed(w, actor, original)?.correct {
        return Err(CoreError::conflict(
            "Chỉ đính chính được văn bản đã phát hành.",
            "Only an issued document can be corrected.",
        ));
    }
    let content = draft::content(w, original, None)?;
    let (symbol, date): (String, NaiveDate) = w.query_row(
        "SELECT number_symbol, issue_date FROM outgoing_document WHERE id = ?1",
        [original],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let kind = type_name(&s.document_type);
    let code: String = match actor.department_id {
        Some(d) => w.query_row("SELECT code FROM department WHERE id = ?1", [d], |r| r.get(0))?,
        None => String::new(),
    };
    let mut correction = draft::template(actor, &code, "CV");
    correction.issuer = s.issuer;
    correction.secrecy = s.secrecy;
    correction.summary = format!("Đính chính {} số {symbol} ngày {}", kind.to_lowercase(), dmy(date));
    correction.addressees =
        content.recipients.iter().filter(|r| r.agency_id.is_some()).map(|r| r.text.clone()).collect();
    let text = |t: String| Block::Paragraph { runs: vec![Run { text: t, bold: false, italic: false }] };
    correction.blocks = vec![
        text(format!(
            "Ngày {}, {} ban hành {} số {symbol} về {}.",
            dmy(date),
            if s.issuer == Issuer::Committee { "Ủy ban nhân dân tỉnh" } else { "Văn phòng" },
            kind,
            content.summary.trim_end_matches('.')
        )),
        text(format!(
            "Do sơ suất trong khâu soạn thảo, {} nêu trên có sai sót về thể thức. Xin đính chính như sau:",
            kind.to_lowercase()
        )),
        text("Tại …, đã ghi: “…”; nay đính chính lại là: “…”.".into()),
        text(format!("Các nội dung khác giữ nguyên như {} số {symbol}.", kind.to_lowercase())),
    ];
    // The template ends with the file copy line of the correcting unit.
    let file_copy = correction.recipients.pop();
    correction.recipients =
        content.recipients.iter().filter(|r| !r.is_file_copy()).cloned().chain(file_copy).collect();
    let request = draft::DraftSave {
        id: None,
        content: correction,
        new_body_file: None,
        new_attachments: Vec::new(),
        reply_to_incoming_id: None,
        comment: format!("Đính chính văn bản {symbol}"),
    };
    let id = draft::save(w, actor, &request, draft::StoredFiles { body: None, attachments: Vec::new() })?;
    w.execute("UPDATE outgoing_document SET corrects_id = ?2 WHERE id = ?1", params![id, original])?;
    Ok(id)
}

/// One line of the outgoing register (Decree 30, Annex IV).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterLine {
    pub number_symbol: String,
    pub issue_date: NaiveDate,
    pub type_and_summary: String,
    pub signer: String,
    pub recipients: String,
    /// Unit keeping the file copy.
    pub file_copy: String,
    #[ts(type = "number | null")]
    pub copies: Option<i64>,
    pub sent: Option<DateTime<Utc>>,
    pub notes: String,
}

/// A register line as read, before its content is decoded.
struct RawLine {
    number_symbol: String,
    issue_date: NaiveDate,
    kind: String,
    content: String,
    signer: Option<String>,
    code: String,
    copies: Option<i64>,
    sent: Option<DateTime<Utc>>,
    status: OutgoingStatus,
    recall: Option<String>,
    corrected: Option<String>,
}

/// The register's lines for a period, in number order, within the actor's clearance.
pub fn register_lines(
    conn: &Connection,
    actor: &Actor,
    register: RegisterId,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<RegisterLine>> {
    let mut statement = conn.prepare(&format!(
        "SELECT d.number_symbol, d.issue_date, d.document_type, v.content, signer.full_name, dep.code,
             d.copies, (SELECT min(sent_at) FROM outgoing_dispatch x WHERE x.document_id = d.id),
             d.status, d.recall_reason,
             (SELECT group_concat(c.number_symbol, ', ') FROM outgoing_document c
              WHERE c.corrects_id = d.id AND c.status = 'issued')
         FROM outgoing_document d
         JOIN outgoing_version v ON v.document_id = d.id AND v.version = d.version
         JOIN department dep ON dep.id = d.department_id
         LEFT JOIN user signer ON signer.id = d.signer_id
         WHERE d.register_id = ?1 AND d.year BETWEEN ?4 AND ?5
           AND d.issue_date >= ?2 AND d.issue_date <= ?3 AND {}
         ORDER BY d.year, d.number",
        super::visibility(actor)
    ))?;
    // A document is numbered in the year of its issue date (`issue`): the years bound the
    // register's own index to the period.
    let rows = statement.query_map(
        params![register, from.to_string(), to.to_string(), from.year(), to.year()],
        |r| {
            Ok(RawLine {
                number_symbol: r.get(0)?,
                issue_date: r.get(1)?,
                kind: r.get(2)?,
                content: r.get(3)?,
                signer: r.get(4)?,
                code: r.get(5)?,
                copies: r.get(6)?,
                sent: r.get(7)?,
                status: r.get(8)?,
                recall: r.get(9)?,
                corrected: r.get(10)?,
            })
        },
    )?;
    let mut lines = Vec::new();
    for row in rows {
        let raw = row?;
        let content: draft::DraftContent =
            serde_json::from_str(&raw.content).map_err(|e| CoreError::BadRequest(e.to_string()))?;
        let recipients = content
            .dispatch_targets()
            .iter()
            .map(|t| t.trim_end_matches(['.', ';']))
            .collect::<Vec<_>>()
            .join("; ");
        let mut notes = Vec::new();
        if raw.status == OutgoingStatus::Recalled {
            notes.push(format!("Đã thu hồi: {}", raw.recall.unwrap_or_default()));
        }
        if let Some(c) = raw.corrected {
            notes.push(format!("Đính chính bởi {c}"));
        }
        lines.push(RegisterLine {
            number_symbol: raw.number_symbol,
            issue_date: raw.issue_date,
            type_and_summary: format!("{} {}", type_name(&raw.kind), content.summary),
            signer: raw.signer.unwrap_or_default(),
            recipients,
            file_copy: format!("VT, {}", raw.code),
            copies: raw.copies,
            sent: raw.sent,
            notes: notes.join("; "),
        });
    }
    Ok(lines)
}
