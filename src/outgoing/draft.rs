//! The content of a draft and its versions. Every save stores the whole content as a new
//! version, never changed afterwards; a reviewer compares any two versions word by word.

use super::{OutgoingId, OutgoingStatus, record_step, state};
use crate::attachments::NewAttachment;
use crate::audit::{ObjectRef, Writer};
use crate::doctype;
use crate::error::{CoreError, CoreResult};
use crate::incoming::model::{IncomingId, Urgency};
use crate::pdf::official::{Block, Run};
use crate::register::Issuer;
use crate::search::{self, Index};
use crate::vocabulary::Actor;
use crate::vocabulary::LIMITS;
use crate::vocabulary::{AgencyId, Clearance, DepartmentId, clean_optional, clean_required};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A line of "Nơi nhận": an agency of the directory, a department of the Office, or free
/// text ("Lưu: VT, KT."). `text` is what is printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub text: String,
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
    #[serde(default)]
    pub department_id: Option<DepartmentId>,
}

/// "Như trên": the addressees of "Kính gửi", as listed under "Nơi nhận".
pub const AS_ABOVE: &str = "Như trên";

impl Recipient {
    pub fn line(text: impl Into<String>) -> Recipient {
        Recipient { text: text.into(), agency_id: None, department_id: None }
    }

    /// "Lưu: VT, KT.": where the file copies stay; always the last line.
    pub fn is_file_copy(&self) -> bool {
        self.text.trim_start_matches(['-', ' ']).starts_with("Lưu")
    }
}

/// A file kept with a draft: the body as DOCX/PDF, or an attachment (phụ lục).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileRef {
    pub file_name: String,
    pub sha256: String,
    pub size: u32,
}

/// Everything a drafter writes; one version stores one of these whole.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftContent {
    /// A Decree 30 type key (see `document_type_list`).
    pub document_type: String,
    pub issuer: Issuer,
    /// A legal normative document (văn bản quy phạm pháp luật): its own register, and
    /// the year in its symbol.
    #[serde(default)]
    pub legal_normative: bool,
    /// Trích yếu: printed under the type name, or as "V/v …" for a công văn.
    pub summary: String,
    /// "Kính gửi:" lines.
    #[serde(default)]
    pub addressees: Vec<String>,
    /// The body written in the app.
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub footnotes: Vec<String>,
    /// "Nơi nhận:", ending with "Lưu: VT, <unit>."
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    /// The body as an uploaded DOCX or PDF, instead of `blocks`.
    #[serde(default)]
    pub body_file: Option<FileRef>,
    #[serde(default)]
    pub attachments: Vec<FileRef>,
}

impl DraftContent {
    /// Where the document is sent: the addressees and every recipient but "Như trên"
    /// and the file copy.
    pub fn dispatch_targets(&self) -> Vec<String> {
        let listed = self.recipients.iter().filter(|r| !r.is_file_copy() && r.text != AS_ABOVE);
        self.addressees.iter().cloned().chain(listed.map(|r| r.text.clone())).collect()
    }

    /// The document is sent to the gazette: "Công báo" is among its recipients.
    pub fn sends_to_gazette(&self) -> bool {
        self.recipients.iter().any(|r| crate::fold::fold(&r.text).contains("cong bao"))
    }
}

/// The types whose body is usually written in the app (any type may be).
pub const COMMON_FORMS: &[&str] = &["CV", "TB", "GM", "TTr", "BC", "KH", "QĐ"];

/// Types sent upward or to named addressees, which carry "Kính gửi".
pub fn has_addressees(document_type: &str) -> bool {
    matches!(document_type, "CV" | "TTr" | "BC" | "CĐ")
}

fn clean_runs(runs: &[Run]) -> Vec<Run> {
    runs.iter()
        .filter(|r| !r.text.trim().is_empty())
        .map(|r| Run { text: crate::fold::nfc(&r.text), bold: r.bold, italic: r.italic })
        .collect()
}

fn runs_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("")
}

/// Checked and cleaned content: trimmed, NFC, empty lines dropped.
pub(crate) fn validate(actor: &Actor, content: &DraftContent) -> CoreResult<DraftContent> {
    if !doctype::is_known(&content.document_type) {
        return Err(CoreError::invalid(
            "documentType",
            "Loại văn bản không có trong danh mục của Nghị định 30/2020/NĐ-CP.",
            "The document type is not in the Decree 30/2020/NĐ-CP list.",
        ));
    }
    if content.legal_normative && !(content.issuer == Issuer::Committee && content.document_type == "QĐ") {
        return Err(CoreError::invalid(
            "legalNormative",
            "Chỉ quyết định của UBND tỉnh mới là văn bản quy phạm pháp luật trong sổ này.",
            "Only the Committee's decisions are legal normative documents here.",
        ));
    }
    if !actor.clearance.covers(content.secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Bạn không được phép soạn văn bản ở độ mật này.",
            "You are not cleared to draft a document at this secrecy level.",
        ));
    }
    let summary =
        clean_required("summary", ("Trích yếu", "Summary"), &content.summary, LIMITS.summary as usize)?;
    let line = |field, label, text: &String, max| clean_optional(field, label, text, max);
    let mut addressees = Vec::new();
    for a in &content.addressees {
        let a = line("addressees", ("Kính gửi", "To"), a, 300)?;
        if !a.is_empty() {
            addressees.push(a);
        }
    }
    let mut blocks = Vec::new();
    for block in &content.blocks {
        let cleaned = match block {
            Block::Paragraph { runs } => Block::Paragraph { runs: clean_runs(runs) },
            Block::Point { label, runs } => Block::Point {
                label: line("blocks", ("Số thứ tự", "Label"), label, 20)?,
                runs: clean_runs(runs),
            },
            Block::Bullet { runs } => Block::Bullet { runs: clean_runs(runs) },
        };
        let empty = match &cleaned {
            Block::Paragraph { runs } | Block::Bullet { runs } => runs.is_empty(),
            Block::Point { label, runs } => label.is_empty() && runs.is_empty(),
        };
        if !empty {
            blocks.push(cleaned);
        }
    }
    let mut footnotes = Vec::new();
    for f in &content.footnotes {
        let f = line("footnotes", ("Chú thích", "Footnote"), f, 1000)?;
        if !f.is_empty() {
            footnotes.push(f);
        }
    }
    let mut recipients = Vec::new();
    for r in &content.recipients {
        let text = line("recipients", ("Nơi nhận", "Recipient"), &r.text, 300)?;
        if !text.is_empty() {
            recipients.push(Recipient { text, agency_id: r.agency_id, department_id: r.department_id });
        }
    }
    // The file copy line ends the list wherever it was added.
    recipients.sort_by_key(Recipient::is_file_copy);
    if let Some(file) = &content.body_file {
        check_body_file_name(&file.file_name)?;
    }
    Ok(DraftContent {
        document_type: content.document_type.clone(),
        issuer: content.issuer,
        legal_normative: content.legal_normative,
        summary,
        addressees,
        blocks,
        footnotes,
        recipients,
        urgency: content.urgency,
        secrecy: content.secrecy,
        body_file: content.body_file.clone(),
        attachments: content.attachments.clone(),
    })
}

fn check_body_file_name(name: &str) -> CoreResult<()> {
    let lower = name.to_lowercase();
    if !(lower.ends_with(".docx") || lower.ends_with(".pdf")) {
        return Err(CoreError::invalid(
            "bodyFile",
            "Tệp nội dung văn bản phải là DOCX hoặc PDF.",
            "The body file must be a DOCX or a PDF.",
        ));
    }
    Ok(())
}

/// What must be there before a draft goes on its path.
pub(crate) fn check_complete(content: &DraftContent) -> CoreResult<()> {
    if content.blocks.is_empty() && content.body_file.is_none() {
        return Err(CoreError::invalid(
            "blocks",
            "Văn bản chưa có nội dung: hãy soạn nội dung hoặc tải lên tệp DOCX/PDF.",
            "The document has no body: write it or upload a DOCX/PDF file.",
        ));
    }
    if content.recipients.is_empty() {
        return Err(CoreError::invalid(
            "recipients",
            "Hãy ghi nơi nhận (kết thúc bằng \"Lưu: VT, …\").",
            "List the recipients (ending with \"Lưu: VT, …\").",
        ));
    }
    Ok(())
}

/// The plain text of a content, for the search index and for comparing versions.
pub fn plain_text(content: &DraftContent) -> String {
    let mut out = Vec::new();
    for block in &content.blocks {
        out.push(match block {
            Block::Paragraph { runs } => runs_text(runs),
            Block::Point { label, runs } => format!("{label} {}", runs_text(runs)),
            Block::Bullet { runs } => format!("- {}", runs_text(runs)),
        });
    }
    out.join("\n")
}

/// Copied text is a link too: a draft less secret than the document it answers may not
/// quote that document's number and symbol (in its summary, addressees, recipients, body,
/// footnotes or the version's comment), or the secret document's number and sender would reach everyone who
/// may read the draft once it is signed or issued. The reply template quotes it; a
/// cleared drafter who lowers the reply's secrecy takes the number out.
fn refuse_quoting_more_secret(
    conn: &Connection,
    content: &DraftContent,
    comment: &str,
    incoming: IncomingId,
) -> CoreResult<()> {
    let row: Option<(String, Clearance)> = conn
        .query_row("SELECT number_symbol, secrecy FROM incoming_document WHERE id = ?1", [incoming], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((symbol, secrecy)) = row else { return Ok(()) };
    if content.secrecy >= secrecy || symbol.trim().is_empty() {
        return Ok(());
    }
    let mut text = vec![content.summary.clone(), plain_text(content), comment.to_string()];
    text.extend(content.addressees.iter().cloned());
    text.extend(content.recipients.iter().map(|r| r.text.clone()));
    text.extend(content.footnotes.iter().cloned());
    let quoted = crate::fold::fold(&symbol);
    if text.iter().any(|t| crate::fold::fold(t).contains(&quoted)) {
        return Err(CoreError::invalid(
            "summary",
            "Văn bản này trả lời một văn bản mật hơn nó: không được nêu số, ký hiệu của văn bản được trả lời. \
             Bỏ số, ký hiệu ra khỏi văn bản, hoặc giữ độ mật của văn bản trả lời.",
            "This draft answers a document more secret than itself: it may not quote the number and symbol of \
             the document it answers. Take them out, or keep the reply's secrecy.",
        ));
    }
    Ok(())
}

/// A new draft or a change to one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DraftSave {
    /// None for a new draft.
    pub id: Option<OutgoingId>,
    pub content: DraftContent,
    /// A body file to upload, replacing `content.bodyFile`.
    #[serde(default)]
    pub new_body_file: Option<NewAttachment>,
    #[serde(default)]
    pub new_attachments: Vec<NewAttachment>,
    /// The incoming document this draft answers (set when the draft is created).
    #[serde(default)]
    pub reply_to_incoming_id: Option<IncomingId>,
    /// What the change is, for the timeline (a reviewer's edit).
    #[serde(default)]
    pub comment: String,
}

/// Files decoded and stored before the transaction; a file left in the store by a failed
/// save is harmless (nothing refers to it, and the same bytes reuse it).
pub struct StoredFiles {
    pub body: Option<(FileRef, &'static str)>,
    pub attachments: Vec<(FileRef, &'static str)>,
}

pub fn store_files(
    store: &crate::attachments::AttachmentStore,
    conn: &Connection,
    by: crate::vocabulary::UserId,
    request: &DraftSave,
) -> CoreResult<StoredFiles> {
    let put = |files: &[NewAttachment]| -> CoreResult<Vec<(FileRef, &'static str)>> {
        Ok(crate::attachments::accept(store, conn, by, files)?
            .into_iter()
            .map(|f| {
                (FileRef { file_name: f.file_name, sha256: f.sha256, size: f.size as u32 }, f.media_type)
            })
            .collect())
    };
    if let Some(body) = &request.new_body_file {
        check_body_file_name(&body.file_name)?;
    }
    let body = put(request.new_body_file.as_slice())?.into_iter().next();
    let attachments = put(&request.new_attachments)?;
    Ok(StoredFiles { body, attachments })
}

fn record_blob(w: &Writer<'_>, file: &FileRef) -> CoreResult<()> {
    crate::attachments::record_blob(w, &file.sha256, file.size as usize)
}

/// Who may change the content now: the drafter while it is a draft or returned, the
/// person holding it during review.
pub(crate) fn may_edit(
    actor: &Actor,
    status: OutgoingStatus,
    drafter: crate::vocabulary::UserId,
    holder: Option<crate::vocabulary::UserId>,
) -> bool {
    match status {
        OutgoingStatus::Draft | OutgoingStatus::Returned => actor.user_id == drafter,
        OutgoingStatus::InReview => holder == Some(actor.user_id),
        _ => false,
    }
}

/// Whether saving `request` would change nothing (same content as the current version,
/// no new files): then nothing is written and no version made.
pub fn unchanged(conn: &Connection, actor: &Actor, request: &DraftSave) -> CoreResult<bool> {
    let Some(id) = request.id else { return Ok(false) };
    if request.new_body_file.is_some() || !request.new_attachments.is_empty() {
        return Ok(false);
    }
    Ok(to_json(&validate(actor, &request.content)?)? == to_json(&self::content(conn, id, None)?)?)
}

/// A content as stored in a version.
fn to_json(content: &DraftContent) -> CoreResult<String> {
    serde_json::to_string(content).map_err(|e| CoreError::BadRequest(e.to_string()))
}

/// Create a draft or save a new version of one.
pub fn save(
    w: &mut Writer<'_>,
    actor: &Actor,
    request: &DraftSave,
    files: StoredFiles,
) -> CoreResult<OutgoingId> {
    let mut content = validate(actor, &request.content)?;
    // Files named in the content must be ones this document already holds: a reference
    // cannot be used to reach somebody else's file.
    let before = match request.id {
        Some(id) => Some(self::content(w, id, None)?),
        None => None,
    };
    let held: Vec<&FileRef> = before.iter().flat_map(|b| b.body_file.iter().chain(&b.attachments)).collect();
    if content.body_file.iter().chain(&content.attachments).any(|f| !held.contains(&f)) {
        return Err(CoreError::invalid(
            "attachments",
            "Tệp đính kèm không thuộc văn bản này.",
            "An attached file does not belong to this document.",
        ));
    }
    if let Some((file, _)) = files.body {
        record_blob(w, &file)?;
        content.body_file = Some(file);
    }
    for (file, _) in files.attachments {
        record_blob(w, &file)?;
        content.attachments.push(file);
    }
    let comment = clean_optional("comment", ("Ghi chú", "Comment"), &request.comment, 2000)?;
    let json = to_json(&content)?;
    let now = w.now_text();
    let (id, version) = match request.id {
        None => {
            if !crate::permission::allows_user(
                actor.role,
                actor.agency_id.is_some(),
                crate::permission::Action::OutgoingDraft,
            ) {
                return Err(CoreError::PermissionDenied { action: "outgoing_draft" });
            }
            let Some(department) = actor.department_id else {
                return Err(CoreError::invalid(
                    "departmentId",
                    "Bạn chưa thuộc phòng nào: không thể ghi đơn vị soạn thảo.",
                    "You belong to no department, so the drafting unit is unknown.",
                ));
            };
            if let Some(incoming) = request.reply_to_incoming_id {
                // The answered document must be one the drafter can see.
                crate::incoming::model::row(w, actor, incoming, w.now())?;
            }
            w.execute(
                "INSERT INTO outgoing_document (status, issuer, document_type, legal_normative, summary, urgency,
                     urgency_rank, secrecy, drafter_id, department_id, version, reply_to_incoming_id,
                     created_at, updated_at)
                 VALUES ('draft', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?11)",
                params![
                    content.issuer,
                    content.document_type,
                    content.legal_normative,
                    content.summary,
                    content.urgency,
                    content.urgency.rank(),
                    content.secrecy,
                    actor.user_id,
                    department,
                    request.reply_to_incoming_id,
                    now
                ],
            )?;
            (OutgoingId(w.last_insert_rowid()), 1)
        }
        Some(id) => {
            let s = state(w, actor, id)?;
            if !may_edit(actor, s.status, s.drafter_id, s.holder_id) {
                return Err(CoreError::conflict(
                    "Bạn không thể sửa văn bản này lúc này.",
                    "You cannot change this document now.",
                ));
            }
            if s.status == OutgoingStatus::InReview && s.issuer != content.issuer {
                return Err(CoreError::invalid(
                    "issuer",
                    "Không thể đổi cơ quan ban hành khi văn bản đang trình duyệt: trả lại người soạn thảo.",
                    "The issuing body cannot change during review: return the draft to its drafter.",
                ));
            }
            // Earlier versions stay readable (versions, comparison, their files) by whoever
            // may see the document: its secrecy can rise, never fall below what it held.
            let mut highest = s.secrecy;
            let mut versions = w.prepare_cached(
                "SELECT json_extract(content, '$.secrecy') FROM outgoing_version WHERE document_id = ?1",
            )?;
            for level in versions.query_map([id], |r| r.get::<_, Option<String>>(0))? {
                if let Some(level) = level?.as_deref().and_then(Clearance::parse) {
                    highest = highest.max(level);
                }
            }
            drop(versions);
            if content.secrecy < highest {
                return Err(CoreError::invalid(
                    "secrecy",
                    "Không thể hạ độ mật của dự thảo đã lưu ở độ mật cao hơn (các phiên bản trước vẫn mang độ mật đó). Hãy soạn một dự thảo mới.",
                    "A draft saved at a higher secrecy cannot be lowered (its earlier versions keep it). Start a new draft.",
                ));
            }
            if before.as_ref().map(to_json).transpose()? == Some(json.clone()) {
                return Err(CoreError::conflict(
                    "Không có thay đổi nào để lưu.",
                    "There is no change to save.",
                ));
            }
            let version = s.version + 1;
            w.execute(
                "UPDATE outgoing_document SET issuer = ?2, document_type = ?3, legal_normative = ?4, summary = ?5,
                     urgency = ?6, urgency_rank = ?7, secrecy = ?8, version = ?9 WHERE id = ?1",
                params![
                    id,
                    content.issuer,
                    content.document_type,
                    content.legal_normative,
                    content.summary,
                    content.urgency,
                    content.urgency.rank(),
                    content.secrecy,
                    version
                ],
            )?;
            (id, version)
        }
    };
    // Only now, once the person is known to see the document answered and to be able to
    // change this draft: a refusal must tell nobody else anything.
    let answers: Option<IncomingId> =
        w.query_row("SELECT reply_to_incoming_id FROM outgoing_document WHERE id = ?1", [id], |r| r.get(0))?;
    if let Some(incoming) = answers {
        refuse_quoting_more_secret(w, &content, &comment, incoming)?;
    }
    let (author_id, author_name) = w.actor();
    let author_name = author_name.to_string();
    w.execute(
        "INSERT INTO outgoing_version (document_id, version, content, author_id, author_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, version, json, author_id, author_name, now],
    )?;
    let kind = if version == 1 { "created" } else { "edited" };
    record_step(w, id, kind, &comment, Some(version), None)?;
    reindex(w, id)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(id.0) },
        if version == 1 {
            crate::audit::said(
                format!("Soạn dự thảo {}: {}", super::type_name(&content.document_type), content.summary),
                format!("Drafted a {}: {}", content.document_type, content.summary),
            )
        } else {
            crate::audit::said(
                format!("Sửa dự thảo (phiên bản {version}): {}", content.summary),
                format!("Edited the draft (version {version}): {}", content.summary),
            )
        },
        &serde_json::json!({ "version": version, "comment": comment }),
    )?;
    Ok(id)
}

pub(crate) fn reindex(conn: &Connection, id: OutgoingId) -> CoreResult<()> {
    search::index(conn, Index::Outgoing, id.0, &search_entry(conn, id)?)
}

/// What the search index holds of a document: summary, type, body, number and symbol,
/// recipients and addressees of its current version.
pub(crate) fn search_entry(conn: &Connection, id: OutgoingId) -> CoreResult<search::Entry> {
    let (symbol, content): (Option<String>, String) = conn.query_row(
        "SELECT d.number_symbol, v.content FROM outgoing_document d
         JOIN outgoing_version v ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let content: DraftContent =
        serde_json::from_str(&content).map_err(|e| CoreError::BadRequest(e.to_string()))?;
    let recipients: Vec<&str> = content.recipients.iter().map(|r| r.text.as_str()).collect();
    let body = plain_text(&content);
    let mut parts = vec![content.summary.as_str(), super::type_name(&content.document_type), body.as_str()];
    parts.extend(symbol.as_deref());
    parts.extend(recipients);
    parts.extend(content.addressees.iter().map(String::as_str));
    Ok(search::Entry::new(&parts))
}

/// Version `version` of a document (the current one when `None`).
pub fn content(conn: &Connection, id: OutgoingId, version: Option<i64>) -> CoreResult<DraftContent> {
    let json: String = conn
        .query_row(
            "SELECT v.content FROM outgoing_version v JOIN outgoing_document d ON d.id = v.document_id
             WHERE v.document_id = ?1 AND v.version = coalesce(?2, d.version)",
            params![id, version],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: crate::error::Noun::OutgoingDocument })?;
    serde_json::from_str(&json).map_err(|e| CoreError::BadRequest(e.to_string()))
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    #[ts(type = "number")]
    pub version: i64,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// A file kept with a document (its body or an attachment) in any of its versions.
pub fn file_of(conn: &Connection, id: OutgoingId, sha256: &str) -> CoreResult<FileRef> {
    for version in versions(conn, id)? {
        let content = content(conn, id, Some(version.version))?;
        if let Some(file) =
            content.body_file.into_iter().chain(content.attachments).find(|f| f.sha256 == sha256)
        {
            return Ok(file);
        }
    }
    Err(CoreError::NotFound { what: crate::error::Noun::Attachment })
}

pub fn versions(conn: &Connection, id: OutgoingId) -> CoreResult<Vec<VersionInfo>> {
    let mut statement = conn.prepare_cached(
        "SELECT version, author_name, created_at FROM outgoing_version WHERE document_id = ?1 ORDER BY version",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(VersionInfo { version: r.get(0)?, author_name: r.get(1)?, created_at: r.get(2)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A piece of a compared text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// "same", "added" or "removed".
    pub kind: String,
    pub text: String,
}

/// What changed in one field between two versions.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldDiff {
    /// "summary", "addressees", "body", "footnotes", "recipients", "documentType", …
    pub field: String,
    pub changes: Vec<Change>,
}

/// Word-by-word differences between two texts (whitespace kept with the words).
pub fn diff_words(before: &str, after: &str) -> Vec<Change> {
    let diff = similar::TextDiff::configure().diff_words(before, after);
    let mut out: Vec<Change> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => "same",
            similar::ChangeTag::Insert => "added",
            similar::ChangeTag::Delete => "removed",
        };
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => out.push(Change { kind: kind.into(), text: change.value().to_string() }),
        }
    }
    out
}

/// The fields that differ between two contents, each compared word by word.
pub fn diff(before: &DraftContent, after: &DraftContent) -> Vec<FieldDiff> {
    let lines = |items: Vec<String>| items.join("\n");
    let fields: [(&str, String, String); 10] = [
        (
            "documentType",
            super::type_name(&before.document_type).into(),
            super::type_name(&after.document_type).into(),
        ),
        ("issuer", before.issuer.as_str().into(), after.issuer.as_str().into()),
        ("summary", before.summary.clone(), after.summary.clone()),
        ("addressees", lines(before.addressees.clone()), lines(after.addressees.clone())),
        ("body", plain_text(before), plain_text(after)),
        ("footnotes", lines(before.footnotes.clone()), lines(after.footnotes.clone())),
        (
            "recipients",
            lines(before.recipients.iter().map(|r| r.text.clone()).collect()),
            lines(after.recipients.iter().map(|r| r.text.clone()).collect()),
        ),
        ("urgency", before.urgency.as_str().into(), after.urgency.as_str().into()),
        ("secrecy", before.secrecy.as_str().into(), after.secrecy.as_str().into()),
        (
            "files",
            lines(before.body_file.iter().chain(&before.attachments).map(|f| f.file_name.clone()).collect()),
            lines(after.body_file.iter().chain(&after.attachments).map(|f| f.file_name.clone()).collect()),
        ),
    ];
    let mut out: Vec<FieldDiff> = fields
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, a, b)| FieldDiff { field: field.into(), changes: diff_words(&a, &b) })
        .collect();
    // Formatting alone (bold, italic, a point's label) changes no words; say so.
    if plain_text(before) == plain_text(after)
        && serde_json::to_string(&before.blocks).ok() != serde_json::to_string(&after.blocks).ok()
    {
        out.push(FieldDiff {
            field: "formatting".into(),
            changes: vec![Change { kind: "same".into(), text: String::new() }],
        });
    }
    out
}

/// The content a new draft starts from: for its type, the issuing body usual for it,
/// "Kính gửi" where the type has one, and "Nơi nhận" ending with the file copy line.
pub fn template(actor: &Actor, department_code: &str, document_type: &str) -> DraftContent {
    let issuer =
        if crate::permission::role::keeps_registers(actor.role) { Issuer::Office } else { Issuer::Committee };
    let mut recipients = Vec::new();
    if has_addressees(document_type) {
        recipients.push(Recipient::line(AS_ABOVE));
    }
    recipients.push(Recipient::line(format!("Lưu: VT, {department_code}.")));
    DraftContent {
        document_type: document_type.to_string(),
        issuer,
        legal_normative: false,
        summary: String::new(),
        addressees: Vec::new(),
        blocks: Vec::new(),
        footnotes: Vec::new(),
        recipients,
        urgency: Urgency::Normal,
        secrecy: Clearance::None,
        body_file: None,
        attachments: Vec::new(),
    }
}

/// The content a new draft of `document_type` starts from: the person's template, and,
/// for a reply, what the incoming document it answers gives it (as the person sees it).
pub fn starting(
    conn: &Connection,
    actor: &Actor,
    document_type: &str,
    reply_to: Option<crate::incoming::model::IncomingId>,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<DraftContent> {
    let code = crate::org::department::code_of(conn, actor.department_id)?;
    let mut content = template(actor, &code, document_type);
    if let Some(incoming) = reply_to {
        answer(conn, &mut content, &crate::incoming::views::detail(conn, actor, incoming, now)?)?;
    }
    Ok(content)
}

/// Start a reply to `incoming`: the summary names it, the sender is addressed (for a
/// công văn) and heads the recipients ("Như trên" when it is addressed already).
pub fn answer(
    conn: &Connection,
    content: &mut DraftContent,
    incoming: &crate::incoming::views::IncomingDetail,
) -> CoreResult<()> {
    let row = &incoming.row;
    let agency_id: Option<AgencyId> =
        conn.query_row("SELECT agency_id FROM incoming_document WHERE id = ?1", [row.id], |r| r.get(0))?;
    content.summary = format!("trả lời Văn bản số {} của {}", row.number_symbol, row.agency_name);
    content.urgency = row.urgency;
    // A reply to a secret document is secret at its level unless the (cleared) drafter
    // lowers it; the version records what was chosen.
    content.secrecy = content.secrecy.max(row.secrecy);
    let sender = Recipient { text: row.agency_name.clone(), agency_id, department_id: None };
    if has_addressees(&content.document_type) {
        content.addressees = vec![row.agency_name.clone()];
    } else {
        content.recipients.retain(|r| r.text != AS_ABOVE);
        content.recipients.insert(0, sender);
    }
    Ok(())
}
