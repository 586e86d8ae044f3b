//! What an outgoing document's page shows: its row and content, its versions, timeline,
//! approval path and what the person may do, its dispatches, and the documents it
//! answers and corrects, gathered from the model ([`super`]) and the drafting, review
//! and issue steps. Nothing here is read back by the parts it gathers.

use super::draft::{self, DraftContent};
use super::{OutgoingId, OutgoingRow, OutgoingStatus, TimelineStep, issue, review, row, timeline};
use crate::error::CoreResult;
use crate::incoming::model::IncomingId;
use crate::register::RegisterId;
use crate::secrecy::{self, DocumentLink};
use crate::vocabulary::Actor;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything the document's page shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingDetail {
    pub row: OutgoingRow,
    pub content: DraftContent,
    #[ts(type = "number")]
    pub version: i64,
    pub versions: Vec<draft::VersionInfo>,
    pub timeline: Vec<TimelineStep>,
    pub path: review::PathView,
    pub allowed: review::OutgoingAllowed,
    pub dispatches: Vec<issue::Dispatch>,
    /// Where it is sent (`DraftContent::dispatch_targets`), for the clerk's dispatch form.
    pub send_to: Vec<String>,
    /// The incoming document it answers.
    pub reply_to: Option<DocumentLink>,
    /// The document a correcting công văn corrects, and the corrections of this one.
    pub corrects: Option<DocumentLink>,
    /// Only the corrections the person may see.
    pub corrected_by: Vec<DocumentLink>,
    pub electronic: bool,
    pub signed_at: Option<DateTime<Utc>>,
    /// What is signed digitally: nothing (a draft, or signed on paper), the signer's
    /// signature, or the signer's and the body's (the electronic original).
    pub digital: DigitalSignatures,
    /// Issued, why it cannot go over the interconnection axis (issued on paper, signed on
    /// paper); none when it can, or is not issued.
    pub axis_refusal: Option<crate::error::Message>,
    pub recalled_at: Option<DateTime<Utc>>,
    pub recall_reason: Option<String>,
    /// For the clerk: the register the document goes to.
    pub proposed_register_id: Option<RegisterId>,
}

/// How far a document is signed digitally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DigitalSignatures {
    None,
    Signer,
    SignerAndSeal,
}

/// The columns of a document the row does not carry.
struct Extra {
    version: i64,
    reply_to: Option<IncomingId>,
    corrects: Option<OutgoingId>,
    electronic: bool,
    signed_at: Option<DateTime<Utc>>,
    recalled_at: Option<DateTime<Utc>>,
    recall_reason: Option<String>,
    digital: DigitalSignatures,
}

pub fn detail(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<OutgoingDetail> {
    let row = row(conn, actor, id)?;
    let content = draft::content(conn, id, None)?;
    let Extra { version, reply_to, corrects, electronic, signed_at, recalled_at, recall_reason, digital } = conn
        .query_row(
        "SELECT version, reply_to_incoming_id, corrects_id, electronic, signed_at, recalled_at, recall_reason,
                nullif(signed_file, '') IS NOT NULL, sealed_file IS NOT NULL
         FROM outgoing_document WHERE id = ?1",
        [id],
        |r| {
            Ok(Extra {
                version: r.get(0)?,
                reply_to: r.get(1)?,
                corrects: r.get(2)?,
                electronic: r.get(3)?,
                signed_at: r.get(4)?,
                recalled_at: r.get(5)?,
                recall_reason: r.get(6)?,
                digital: match (r.get(7)?, r.get(8)?) {
                    (_, true) => DigitalSignatures::SignerAndSeal,
                    (true, false) => DigitalSignatures::Signer,
                    (false, false) => DigitalSignatures::None,
                },
            })
        },
    )?;
    let mut corrected_by = Vec::new();
    let mut corrections = conn.prepare_cached(
        "SELECT id FROM outgoing_document WHERE corrects_id = ?1 AND status <> 'cancelled' ORDER BY id",
    )?;
    for correction in corrections.query_map([id], |r| r.get::<_, i64>(0))? {
        corrected_by.extend(secrecy::outgoing_link(conn, actor, correction?)?.filter(|link| !link.hidden));
    }
    let proposed_register_id = if row.status == OutgoingStatus::Signed {
        issue::propose_register(
            conn,
            content.issuer,
            &content.document_type,
            content.legal_normative,
            content.secrecy,
        )?
        .map(|r| r.id)
    } else {
        None
    };
    Ok(OutgoingDetail {
        version,
        versions: draft::versions(conn, id)?,
        timeline: timeline(conn, id)?,
        path: review::path_view(conn, actor, id)?,
        allowed: review::allowed(conn, actor, id)?,
        dispatches: issue::dispatches(conn, id)?,
        send_to: content.dispatch_targets(),
        reply_to: match reply_to {
            Some(incoming) => secrecy::incoming_link(conn, actor, incoming.0)?,
            None => None,
        },
        corrects: match corrects {
            Some(original) => secrecy::outgoing_link(conn, actor, original.0)?,
            None => None,
        },
        corrected_by,
        electronic,
        digital,
        axis_refusal: match row.status {
            OutgoingStatus::Issued => super::sign::without_original(conn, id)?,
            _ => None,
        },
        signed_at,
        recalled_at,
        recall_reason,
        proposed_register_id,
        row,
        content,
    })
}
