//! The agenda: nested items (1, 1.1 …) with their presenting agency, specialist, planned
//! time, decision asked and documents, and the readiness rule of the Office's working
//! practice: an item goes on the agenda only when the submission is in, the required
//! agencies' opinions are in and the files are complete ("không tham mưu tổ chức họp"
//! what cannot be decided); the chief of office may put it on with a recorded reason.
//!
//! A document linked into a meeting may not be more secret than the meeting, so whoever
//! sees the meeting is cleared for every document in it.
//!
//! An agenda holds at most [`MOST_ITEMS`] items and an item at most [`MOST_DOCUMENTS`]
//! documents: every screen following the meeting reads all of it at each step.

use super::{audit, get_row, require};

use super::model::{
    AgendaDocumentId, ItemId, MeetingId, MeetingKind, MeetingRow, MeetingStatus, Participant,
};
use crate::audit::Writer;
use crate::directions::views::NamedAgency;
use crate::error::{CoreError, CoreResult, Noun};
use crate::incoming::model::IncomingId;
use crate::outgoing::OutgoingId;
use crate::secrecy::{self, DocumentLink};
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, Clearance, UserId, clean_optional, clean_required, text_enum};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Items (main items and sub-items) on one meeting's agenda at most. A monthly session
/// of the Committee takes 10–30; a long one with its sub-items stays well within.
pub const MOST_ITEMS: usize = 100;
/// Documents of one agenda item at most: a submission, drafts, the required agencies'
/// opinions and supporting files come to 5–25 in practice.
pub const MOST_DOCUMENTS: usize = 60;

text_enum! {
    pub enum DocumentRole {
        /// Tờ trình of the presenting agency.
        Submission = "submission",
        /// Dự thảo: the decision, plan or report to pass.
        Draft = "draft",
        Supporting = "supporting",
        /// An agency's opinion (ý kiến thẩm định, góp ý).
        Opinion = "opinion",
    }
}

/// Whether an item can be decided.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    pub submission: bool,
    /// The required agencies whose opinion is not in.
    pub opinions_missing: Vec<String>,
    pub files_complete: bool,
    pub ready: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    pub id: AgendaDocumentId,
    pub role: DocumentRole,
    pub title: String,
    pub agency_name: Option<String>,
    /// A linked incoming or outgoing document.
    pub link: Option<DocumentLink>,
    /// An uploaded file.
    pub file_name: Option<String>,
    /// The person has private notes on it.
    pub has_note: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: ItemId,
    pub parent_id: Option<ItemId>,
    /// "1", "1.1" …
    pub number: String,
    pub title: String,
    pub presenter_agency_id: Option<AgencyId>,
    pub presenter_agency_name: Option<String>,
    pub specialist_id: Option<UserId>,
    pub specialist_name: Option<String>,
    pub minutes: u32,
    pub decision_asked: String,
    pub required_agencies: Vec<NamedAgency>,
    pub readiness: Readiness,
    pub admitted: bool,
    pub override_reason: String,
    pub outcome: String,
    pub documents: Vec<DocumentView>,
    /// A written round's answers to this question, as far as the person may see them.
    pub opinions: Option<super::opinions::ItemOpinions>,
}

/// The items of `meeting` that `actor` sees, in agenda order: everything for those who
/// prepare or run it; the admitted items for the others.
pub fn items(
    conn: &Connection,
    actor: &Actor,
    meeting: &MeetingRow,
    people: &[Participant],
) -> CoreResult<Vec<ItemView>> {
    let allowed = super::allowed(conn, actor, meeting)?;
    let all = allowed.prepare || allowed.run;
    let mut statement = conn.prepare_cached(
        "SELECT i.id, i.parent_id, i.title, i.presenter_agency_id, a.name, i.specialist_id, u.full_name, i.minutes,
             i.decision_asked, i.files_complete, i.admitted, i.override_reason, i.outcome
         FROM agenda_item i LEFT JOIN agency a ON a.id = i.presenter_agency_id
             LEFT JOIN user u ON u.id = i.specialist_id
         WHERE i.meeting_id = ?1
         ORDER BY coalesce((SELECT p.position FROM agenda_item p WHERE p.id = i.parent_id), i.position),
             i.parent_id IS NOT NULL, i.position, i.id",
    )?;
    type Raw =
        (ItemId, Option<ItemId>, String, Option<AgencyId>, Option<String>, Option<UserId>, Option<String>);
    let rows: Vec<(Raw, u32, String, bool, bool, String, String)> = statement
        .query_map([meeting.id], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<ItemView> = Vec::new();
    let (mut top, mut sub) = (0, 0);
    for (
        (id, parent_id, title, presenter_agency_id, presenter_agency_name, specialist_id, specialist_name),
        minutes,
        decision_asked,
        files_complete,
        admitted,
        override_reason,
        outcome,
    ) in rows
    {
        // Only what is on the agenda is numbered (a sub-item's main item is on it first).
        let number = match parent_id {
            _ if !admitted => String::new(),
            None => {
                top += 1;
                sub = 0;
                top.to_string()
            }
            Some(_) => {
                sub += 1;
                format!("{top}.{sub}")
            }
        };
        if !all && !admitted {
            continue;
        }
        let documents = documents(conn, actor, id)?;
        let required_agencies = required(conn, id)?;
        let readiness = readiness_of(&documents, &required_agencies, files_complete);
        let opinions = if meeting.kind == MeetingKind::Written {
            Some(super::opinions::item_opinions(conn, actor, meeting, id, people)?)
        } else {
            None
        };
        out.push(ItemView {
            id,
            parent_id,
            number,
            title,
            presenter_agency_id,
            presenter_agency_name,
            specialist_id,
            specialist_name,
            minutes,
            decision_asked,
            required_agencies,
            readiness,
            admitted,
            override_reason,
            outcome,
            documents,
            opinions,
        });
    }
    Ok(out)
}

fn required(conn: &Connection, item: ItemId) -> CoreResult<Vec<NamedAgency>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.name FROM agenda_opinion_required r JOIN agency a ON a.id = r.agency_id
         WHERE r.item_id = ?1 ORDER BY a.name",
    )?;
    let rows = statement.query_map([item], |r| Ok(NamedAgency { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn readiness_of(documents: &[DocumentView], required: &[NamedAgency], files_complete: bool) -> Readiness {
    let submission = documents.iter().any(|d| d.role == DocumentRole::Submission);
    let opinions_missing: Vec<String> = required
        .iter()
        .filter(|a| {
            !documents
                .iter()
                .any(|d| d.role == DocumentRole::Opinion && d.agency_name.as_deref() == Some(&a.name))
        })
        .map(|a| a.name.clone())
        .collect();
    let ready = submission && opinions_missing.is_empty() && files_complete;
    Readiness { submission, opinions_missing, files_complete, ready }
}

fn documents(conn: &Connection, actor: &Actor, item: ItemId) -> CoreResult<Vec<DocumentView>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.role, d.title, a.name, d.incoming_id, d.outgoing_id, d.file_name,
             EXISTS (SELECT 1 FROM meeting_note n WHERE n.document_id = d.id AND n.user_id = ?2)
         FROM agenda_document d LEFT JOIN agency a ON a.id = d.agency_id
         WHERE d.item_id = ?1 AND d.removed_at IS NULL ORDER BY
             CASE d.role WHEN 'submission' THEN 0 WHEN 'draft' THEN 1 WHEN 'opinion' THEN 2 ELSE 3 END, d.id",
    )?;
    type Raw = (
        AgendaDocumentId,
        DocumentRole,
        String,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
        bool,
    );
    let rows: Vec<Raw> = statement
        .query_map(params![item, actor.user_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, role, title, agency_name, incoming, outgoing, file_name, has_note) in rows {
        // Whoever sees the meeting is cleared for its documents (a document is never more
        // secret than its meeting); the label is the document's own, read here.
        let link = match (incoming, outgoing) {
            (Some(i), _) => label(conn, actor, secrecy::DocumentKind::Incoming, i)?,
            (_, Some(o)) => label(conn, actor, secrecy::DocumentKind::Outgoing, o)?,
            _ => None,
        };
        out.push(DocumentView { id, role, title, agency_name, link, file_name, has_note });
    }
    Ok(out)
}

/// A linked document's number and summary, for those who see the meeting.
/// (A document's secrecy may rise after it was linked, by a correction: then it is the
/// placeholder for whoever is not cleared for it now.)
fn label(
    conn: &Connection,
    actor: &Actor,
    kind: secrecy::DocumentKind,
    id: i64,
) -> CoreResult<Option<DocumentLink>> {
    let sql = match kind {
        secrecy::DocumentKind::Incoming => {
            "SELECT number || '/' || year || ' · ' || number_symbol, summary, secrecy FROM incoming_document
             WHERE id = ?1"
        }
        secrecy::DocumentKind::Outgoing => {
            "SELECT coalesce(number_symbol, '(dự thảo)'), summary, secrecy FROM outgoing_document WHERE id = ?1"
        }
    };
    let row: Option<(String, String, Clearance)> =
        conn.query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    Ok(row.map(|(label, summary, level)| {
        if secrecy::covers(actor, level) {
            DocumentLink { kind, id: Some(id), label, summary, hidden: false }
        } else {
            DocumentLink {
                kind,
                id: None,
                label: secrecy::PLACEHOLDER_VI.into(),
                summary: String::new(),
                hidden: true,
            }
        }
    }))
}

/// What an agenda item is made of.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub title: String,
    /// Under another item (one level: 1.1, 1.2 …).
    #[serde(default)]
    pub parent_id: Option<ItemId>,
    #[serde(default)]
    pub presenter_agency_id: Option<AgencyId>,
    #[serde(default)]
    pub specialist_id: Option<UserId>,
    #[serde(default)]
    pub minutes: u32,
    #[serde(default)]
    pub decision_asked: String,
    /// The agencies whose opinion the item needs.
    #[serde(default)]
    pub required_agency_ids: Vec<AgencyId>,
    #[serde(default)]
    pub files_complete: bool,
}

fn preparing(conn: &Connection, actor: &Actor, meeting: &MeetingRow) -> CoreResult<()> {
    require(super::allowed(conn, actor, meeting)?.prepare, "chuẩn bị cuộc họp này", "prepare this meeting")?;
    if matches!(meeting.status, MeetingStatus::Closed | MeetingStatus::Cancelled) {
        return Err(CoreError::conflict(
            "Cuộc họp đã kết thúc, không sửa được chương trình.",
            "The meeting is over; its agenda cannot change.",
        ));
    }
    Ok(())
}

/// Add an item (`id` None) or edit one.
pub fn save(
    w: &mut Writer<'_>,
    actor: &Actor,
    meeting: MeetingId,
    id: Option<ItemId>,
    input: &ItemInput,
) -> CoreResult<ItemId> {
    let row = get_row(w, actor, meeting)?;
    preparing(w, actor, &row)?;
    let title = clean_required("title", ("Nội dung", "Item"), &input.title, 500)?;
    let decision = clean_optional(
        "decisionAsked",
        ("Nội dung xin ý kiến", "Decision asked"),
        &input.decision_asked,
        2000,
    )?;
    if input.minutes > 600 {
        return Err(CoreError::invalid("minutes", "Thời lượng tối đa 600 phút.", "At most 600 minutes."));
    }
    if let Some(parent) = input.parent_id {
        let (parent_meeting, grand): (MeetingId, Option<ItemId>) = w
            .query_row("SELECT meeting_id, parent_id FROM agenda_item WHERE id = ?1", [parent], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or(CoreError::NotFound { what: Noun::AgendaItem })?;
        if parent_meeting != meeting || grand.is_some() || Some(parent) == id {
            return Err(CoreError::invalid(
                "parentId",
                "Nội dung con chỉ đặt dưới một nội dung chính của cùng cuộc họp.",
                "A sub-item goes under a main item of the same meeting.",
            ));
        }
        if let Some(id) = id {
            let children: bool =
                w.query_row("SELECT EXISTS (SELECT 1 FROM agenda_item WHERE parent_id = ?1)", [id], |r| {
                    r.get(0)
                })?;
            if children {
                return Err(CoreError::invalid(
                    "parentId",
                    "Nội dung có nội dung con không thể thành nội dung con.",
                    "An item with sub-items cannot become a sub-item.",
                ));
            }
        }
    }
    if let Some(specialist) = input.specialist_id {
        let fits: bool = w.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM user WHERE id = ?1 AND active = 1 AND agency_id IS NULL
                     AND role IN {})",
                crate::permission::role::sql_list(crate::permission::role::follows_agenda_items)
            ),
            [specialist],
            |r| r.get(0),
        )?;
        if !fits {
            return Err(CoreError::invalid(
                "specialistId",
                "Chuyên viên theo dõi phải là người của Văn phòng.",
                "The specialist must be one of the Office's people.",
            ));
        }
    }
    for agency in input.presenter_agency_id.iter().chain(&input.required_agency_ids) {
        let exists: bool =
            w.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [agency], |r| r.get(0))?;
        if !exists {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    let id = match id {
        Some(id) => {
            if super::item_meeting(w, id)? != meeting {
                return Err(CoreError::NotFound { what: Noun::AgendaItem });
            }
            w.execute(
                "UPDATE agenda_item SET title = ?2, parent_id = ?3, presenter_agency_id = ?4, specialist_id = ?5,
                     minutes = ?6, decision_asked = ?7, files_complete = ?8 WHERE id = ?1",
                params![
                    id,
                    title,
                    input.parent_id,
                    input.presenter_agency_id,
                    input.specialist_id,
                    input.minutes,
                    decision,
                    input.files_complete
                ],
            )?;
            id
        }
        None => {
            let held: u32 =
                w.query_row("SELECT count(*) FROM agenda_item WHERE meeting_id = ?1", [meeting], |r| {
                    r.get(0)
                })?;
            if held as usize >= MOST_ITEMS {
                return Err(CoreError::invalid(
                    "meetingId",
                    format!("Chương trình họp đã có {MOST_ITEMS} nội dung, mức tối đa của một cuộc họp."),
                    format!("The agenda already has {MOST_ITEMS} items, the most one meeting holds."),
                ));
            }
            let position: i64 = w.query_row(
                "SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?1 AND parent_id IS ?2",
                params![meeting, input.parent_id],
                |r| r.get(0),
            )?;
            w.execute(
                "INSERT INTO agenda_item (meeting_id, parent_id, position, title, presenter_agency_id, specialist_id,
                     minutes, decision_asked, files_complete, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    meeting,
                    input.parent_id,
                    position,
                    title,
                    input.presenter_agency_id,
                    input.specialist_id,
                    input.minutes,
                    decision,
                    input.files_complete,
                    w.now_text()
                ],
            )?;
            ItemId(w.last_insert_rowid())
        }
    };
    w.execute("DELETE FROM agenda_opinion_required WHERE item_id = ?1", [id])?;
    for agency in &input.required_agency_ids {
        w.execute(
            "INSERT OR IGNORE INTO agenda_opinion_required (item_id, agency_id) VALUES (?1, ?2)",
            params![id, agency],
        )?;
    }
    // An item changed after it was admitted is checked again.
    let documents = documents(w, actor, id)?;
    let ready = readiness_of(&documents, &required(w, id)?, input.files_complete).ready;
    w.execute("UPDATE agenda_item SET admitted = 0 WHERE id = ?1 AND admitted = 1 AND override_reason = '' AND ?2 = 0", params![id, ready])?;
    super::refresh_search(w, meeting)?;
    audit(
        w,
        meeting,
        format!("Chương trình họp: {title}"),
        format!("Agenda item: {title}"),
        &serde_json::json!({ "itemId": id, "input": input }),
    )?;
    Ok(id)
}

/// Remove an item that has no sub-items, votes or answers yet.
pub fn remove(w: &mut Writer<'_>, actor: &Actor, item: ItemId) -> CoreResult<()> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    preparing(w, actor, &meeting)?;
    let used: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM agenda_item WHERE parent_id = ?1)
             OR EXISTS (SELECT 1 FROM poll WHERE item_id = ?1)
             OR EXISTS (SELECT 1 FROM opinion_answer WHERE item_id = ?1)
             OR EXISTS (SELECT 1 FROM meeting_speaker WHERE item_id = ?1)
             OR EXISTS (SELECT 1 FROM meeting m WHERE m.current_item_id = ?1)",
        [item],
        |r| r.get(0),
    )?;
    if used {
        return Err(CoreError::conflict(
            "Nội dung đã có nội dung con, phát biểu, biểu quyết hoặc ý kiến: không xóa được.",
            "The item has sub-items, speakers, votes or answers and cannot be removed.",
        ));
    }
    let title: String = w.query_row("SELECT title FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    w.execute("DELETE FROM agenda_opinion_required WHERE item_id = ?1", [item])?;
    w.execute(
        "DELETE FROM meeting_note WHERE document_id IN (SELECT id FROM agenda_document WHERE item_id = ?1)",
        [item],
    )?;
    w.execute("DELETE FROM agenda_document WHERE item_id = ?1", [item])?;
    w.execute("DELETE FROM agenda_item WHERE id = ?1", [item])?;
    super::refresh_search(w, meeting.id)?;
    audit(
        w,
        meeting.id,
        format!("Bỏ nội dung: {title}"),
        format!("Removed item: {title}"),
        &serde_json::json!({ "itemId": item }),
    )
}

/// Move an item one place up (`up`) or down among its siblings.
pub fn shift(w: &mut Writer<'_>, actor: &Actor, item: ItemId, up: bool) -> CoreResult<()> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    preparing(w, actor, &meeting)?;
    let (parent, position): (Option<ItemId>, i64) =
        w.query_row("SELECT parent_id, position FROM agenda_item WHERE id = ?1", [item], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let neighbour: Option<(ItemId, i64)> = w
        .query_row(
            &format!(
                "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 AND parent_id IS ?2 AND position {} ?3
                 ORDER BY position {} LIMIT 1",
                if up { "<" } else { ">" },
                if up { "DESC" } else { "ASC" }
            ),
            params![meeting.id, parent, position],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((other, other_position)) = neighbour else { return Ok(()) };
    w.execute("UPDATE agenda_item SET position = ?2 WHERE id = ?1", params![item, other_position])?;
    w.execute("UPDATE agenda_item SET position = ?2 WHERE id = ?1", params![other, position])?;
    audit(
        w,
        meeting.id,
        "Đổi thứ tự chương trình họp".into(),
        "Reordered the agenda".into(),
        &serde_json::json!({ "itemId": item, "up": up }),
    )
}

/// A document to add to an item: a link to an incoming or outgoing document, or a file
/// stored before the transaction.
pub enum NewDocument {
    Incoming(IncomingId),
    Outgoing(OutgoingId),
    File { file_name: String, media_type: String, sha256: String, size: u64 },
}

pub fn add_document(
    w: &mut Writer<'_>,
    actor: &Actor,
    item: ItemId,
    role: DocumentRole,
    agency: Option<AgencyId>,
    title: &str,
    document: NewDocument,
) -> CoreResult<AgendaDocumentId> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    preparing(w, actor, &meeting)?;
    let held: u32 = w.query_row(
        "SELECT count(*) FROM agenda_document WHERE item_id = ?1 AND removed_at IS NULL",
        [item],
        |r| r.get(0),
    )?;
    if held as usize >= MOST_DOCUMENTS {
        return Err(CoreError::invalid(
            "itemId",
            format!("Nội dung họp này đã có {MOST_DOCUMENTS} tài liệu, mức tối đa của một nội dung."),
            format!("This item already has {MOST_DOCUMENTS} documents, the most one item holds."),
        ));
    }
    if role == DocumentRole::Opinion && agency.is_none() {
        return Err(CoreError::invalid("agencyId", "Ý kiến của cơ quan nào?", "Whose opinion is it?"));
    }
    if let Some(agency) = agency {
        let exists: bool =
            w.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [agency], |r| r.get(0))?;
        if !exists {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    // A linked document is one the person may see, and never more secret than the meeting.
    let (incoming, outgoing, linked_title) = match &document {
        NewDocument::Incoming(id) => {
            secrecy::require(
                w,
                actor,
                crate::vocabulary::ObjectKind::IncomingDocument,
                id.0,
                Noun::IncomingDocument,
            )?;
            let (level, summary): (Clearance, String) = w.query_row(
                "SELECT secrecy, number_symbol || ' – ' || summary FROM incoming_document WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            more_secret(level, meeting.secrecy)?;
            (Some(*id), None, summary)
        }
        NewDocument::Outgoing(id) => {
            secrecy::require(
                w,
                actor,
                crate::vocabulary::ObjectKind::OutgoingDocument,
                id.0,
                Noun::OutgoingDocument,
            )?;
            let (level, summary, status): (Clearance, String, crate::outgoing::OutgoingStatus) = w.query_row(
                "SELECT secrecy, coalesce(number_symbol || ' – ', '') || summary, status FROM outgoing_document
                 WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            // A draft changes and is read only along its path: a meeting takes the issued
            // document (a draft decision is uploaded as a file, as the agency sent it).
            if status != crate::outgoing::OutgoingStatus::Issued {
                return Err(CoreError::invalid(
                    "outgoingId",
                    "Chỉ đưa vào tài liệu họp văn bản đi đã phát hành; dự thảo thì tải tệp lên.",
                    "Only an issued outgoing document can be linked; upload a draft as a file.",
                ));
            }
            more_secret(level, meeting.secrecy)?;
            (None, Some(*id), summary)
        }
        NewDocument::File { file_name, .. } => (None, None, file_name.clone()),
    };
    let title = if title.trim().is_empty() { linked_title } else { title.to_string() };
    let title = clean_required("title", ("Tên tài liệu", "Document title"), &title, 500)?;
    let (sha, name, media, size) = match &document {
        NewDocument::File { file_name, media_type, sha256, size } => {
            crate::attachments::record_blob(w, sha256, *size as usize)?;
            (Some(sha256.clone()), Some(file_name.clone()), Some(media_type.clone()), Some(*size as i64))
        }
        _ => (None, None, None, None),
    };
    w.execute(
        "INSERT INTO agenda_document (item_id, role, agency_id, title, incoming_id, outgoing_id, sha256, file_name,
             media_type, size, added_by, added_at, secrecy)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             coalesce((SELECT secrecy FROM incoming_document WHERE id = ?5),
                 (SELECT secrecy FROM outgoing_document WHERE id = ?6), ?13))",
        params![
            item,
            role,
            agency,
            title,
            incoming,
            outgoing,
            sha,
            name,
            media,
            size,
            actor.user_id,
            w.now_text(),
            meeting.secrecy
        ],
    )?;
    let id = AgendaDocumentId(w.last_insert_rowid());
    audit(
        w,
        meeting.id,
        format!("Thêm tài liệu họp: {title}"),
        format!("Added a meeting document: {title}"),
        &serde_json::json!({ "itemId": item, "documentId": id, "role": role }),
    )?;
    Ok(id)
}

fn more_secret(level: Clearance, meeting: Clearance) -> CoreResult<()> {
    if level > meeting {
        return Err(CoreError::invalid(
            "documentId",
            "Văn bản có độ mật cao hơn cuộc họp: nâng độ mật của cuộc họp trước.",
            "The document is more secret than the meeting: raise the meeting's secrecy first.",
        ));
    }
    Ok(())
}

/// The item and meeting of a document `actor` may see ("not found" alike otherwise).
pub fn document_meeting(
    conn: &Connection,
    actor: &Actor,
    document: AgendaDocumentId,
) -> CoreResult<(ItemId, MeetingRow)> {
    let item: ItemId = conn
        .query_row(
            "SELECT item_id FROM agenda_document WHERE id = ?1 AND removed_at IS NULL",
            [document],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Attachment })?;
    let meeting = super::meeting_of_item(conn, actor, item)
        .map_err(|_| CoreError::NotFound { what: Noun::Attachment })?;
    let allowed = super::allowed(conn, actor, &meeting)?;
    let admitted: bool =
        conn.query_row("SELECT admitted FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    if !(admitted || allowed.prepare || allowed.run) {
        return Err(CoreError::NotFound { what: Noun::Attachment });
    }
    Ok((item, meeting))
}

pub fn remove_document(w: &mut Writer<'_>, actor: &Actor, document: AgendaDocumentId) -> CoreResult<()> {
    let (_, meeting) = document_meeting(w, actor, document)?;
    preparing(w, actor, &meeting)?;
    let title: String =
        w.query_row("SELECT title FROM agenda_document WHERE id = ?1", [document], |r| r.get(0))?;
    // Kept, marked removed: members' notes on it stay theirs.
    w.execute("UPDATE agenda_document SET removed_at = ?2 WHERE id = ?1", params![document, w.now_text()])?;
    audit(
        w,
        meeting.id,
        format!("Bỏ tài liệu họp: {title}"),
        format!("Removed a meeting document: {title}"),
        &serde_json::json!({ "documentId": document }),
    )
}

/// Where a document's content is: an uploaded file, or the linked document.
pub enum DocumentSource {
    File { file_name: String, media_type: String, sha256: String },
    Incoming(IncomingId),
    Outgoing(OutgoingId),
}

pub fn document_source(
    conn: &Connection,
    actor: &Actor,
    document: AgendaDocumentId,
) -> CoreResult<DocumentSource> {
    document_meeting(conn, actor, document)?;
    let level: Clearance = conn.query_row(
        "SELECT max(a.secrecy, coalesce(i.secrecy, o.secrecy, 'none')) FROM agenda_document a
             LEFT JOIN incoming_document i ON i.id = a.incoming_id LEFT JOIN outgoing_document o ON o.id = a.outgoing_id
         WHERE a.id = ?1",
        [document],
        |r| r.get(0),
    )?;
    if !secrecy::covers(actor, level) {
        return Err(CoreError::NotFound { what: Noun::Attachment });
    }
    type Row = (Option<IncomingId>, Option<OutgoingId>, Option<String>, Option<String>, Option<String>);
    let (incoming, outgoing, sha, name, media): Row = conn.query_row(
        "SELECT incoming_id, outgoing_id, sha256, file_name, media_type FROM agenda_document WHERE id = ?1",
        [document],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    Ok(match (incoming, outgoing, sha) {
        (Some(i), _, _) => DocumentSource::Incoming(i),
        (_, Some(o), _) => DocumentSource::Outgoing(o),
        (_, _, Some(sha256)) => DocumentSource::File {
            file_name: name.unwrap_or_default(),
            media_type: media.unwrap_or_else(|| "application/octet-stream".into()),
            sha256,
        },
        _ => return Err(CoreError::NotFound { what: Noun::Attachment }),
    })
}

/// Put an item on the agenda: when it is ready; or, by the chief of office, with the
/// reason recorded. `admit` false takes it off.
pub fn admit(w: &mut Writer<'_>, actor: &Actor, item: ItemId, admit: bool, reason: &str) -> CoreResult<()> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    preparing(w, actor, &meeting)?;
    let title: String = w.query_row("SELECT title FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    if !admit {
        // Its sub-items go off with it.
        w.execute(
            "UPDATE agenda_item SET admitted = 0, override_reason = '', override_by = NULL
             WHERE id = ?1 OR parent_id = ?1",
            [item],
        )?;
        super::refresh_search(w, meeting.id)?;
        return audit(
            w,
            meeting.id,
            format!("Đưa ra khỏi chương trình: {title}"),
            format!("Taken off the agenda: {title}"),
            &serde_json::json!({ "itemId": item }),
        );
    }
    let parent_off: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM agenda_item i JOIN agenda_item p ON p.id = i.parent_id
             WHERE i.id = ?1 AND p.admitted = 0)",
        [item],
        |r| r.get(0),
    )?;
    if parent_off {
        return Err(CoreError::conflict(
            "Đưa nội dung chính vào chương trình trước nội dung con.",
            "Put the main item on the agenda before its sub-items.",
        ));
    }
    let files_complete: bool =
        w.query_row("SELECT files_complete FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    let readiness = readiness_of(&documents(w, actor, item)?, &required(w, item)?, files_complete);
    let reason =
        clean_optional("reason", ("Lý do", "Reason"), reason, crate::vocabulary::LIMITS.reason as usize)?;
    if !readiness.ready {
        if !super::allowed(w, actor, &meeting)?.override_readiness {
            return Err(CoreError::conflict(
                format!("Nội dung chưa đủ điều kiện đưa ra họp: {}.", missing_vi(&readiness)),
                format!("The item is not ready to be decided: {}.", missing_en(&readiness)),
            ));
        }
        if reason.is_empty() {
            return Err(CoreError::invalid(
                "reason",
                "Nội dung chưa đủ điều kiện: ghi lý do vẫn đưa ra họp.",
                "The item is not ready: give the reason to put it on the agenda anyway.",
            ));
        }
    }
    let reason = if readiness.ready { String::new() } else { reason };
    w.execute(
        "UPDATE agenda_item SET admitted = 1, override_reason = ?2, override_by = ?3 WHERE id = ?1",
        params![item, reason, if reason.is_empty() { None } else { Some(actor.user_id) }],
    )?;
    super::refresh_search(w, meeting.id)?;
    let (vi, en) = if reason.is_empty() {
        (format!("Đưa vào chương trình họp: {title}"), format!("Put on the agenda: {title}"))
    } else {
        (
            format!(
                "Đưa vào chương trình họp khi chưa đủ điều kiện ({}): {title}. Lý do: {reason}",
                missing_vi(&readiness)
            ),
            format!(
                "Put on the agenda though not ready ({}): {title}. Reason: {reason}",
                missing_en(&readiness)
            ),
        )
    };
    audit(
        w,
        meeting.id,
        vi,
        en,
        &serde_json::json!({ "itemId": item, "readiness": readiness, "reason": reason }),
    )
}

fn missing_vi(r: &Readiness) -> String {
    let mut out = Vec::new();
    if !r.submission {
        out.push("chưa có tờ trình".to_string());
    }
    if !r.opinions_missing.is_empty() {
        out.push(format!("chưa có ý kiến của {}", r.opinions_missing.join(", ")));
    }
    if !r.files_complete {
        out.push("hồ sơ chưa đầy đủ".to_string());
    }
    out.join("; ")
}

fn missing_en(r: &Readiness) -> String {
    let mut out = Vec::new();
    if !r.submission {
        out.push("no submission".to_string());
    }
    if !r.opinions_missing.is_empty() {
        out.push(format!("no opinion from {}", r.opinions_missing.join(", ")));
    }
    if !r.files_complete {
        out.push("the files are not complete".to_string());
    }
    out.join("; ")
}

/// A member's private note on a document: theirs alone.
pub fn note(conn: &Connection, actor: &Actor, document: AgendaDocumentId) -> CoreResult<String> {
    document_meeting(conn, actor, document)?;
    Ok(conn
        .query_row(
            "SELECT text FROM meeting_note WHERE user_id = ?1 AND document_id = ?2",
            params![actor.user_id, document],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Keep `text` as the person's note on a document (empty deletes it). Not audited: no
/// one else, the administrator included, reads it through the system.
pub fn put_note(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    document: AgendaDocumentId,
    text: &str,
    now: &str,
) -> CoreResult<()> {
    document_meeting(tx, actor, document)?;
    let text = clean_optional("text", ("Ghi chú", "Note"), text, 20_000)?;
    if text.is_empty() {
        tx.execute(
            "DELETE FROM meeting_note WHERE user_id = ?1 AND document_id = ?2",
            params![actor.user_id, document],
        )?;
    } else {
        tx.execute(
            "INSERT INTO meeting_note (user_id, document_id, text, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, document_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            params![actor.user_id, document, text, now],
        )?;
    }
    Ok(())
}
