//! What a meeting is as its screens show it: everything a person may see of it, gathered
//! from the model ([`super`]) and the agenda, the room and the conclusion's points. The
//! papers drafted from it (`conclusion.rs`) and the prints (`print.rs`) read
//! this; nothing here is read back by the parts it gathers.

use super::model::{Attendance, ItemId, MeetingAllowed, MeetingId, MeetingRow, Part, Participant, Quorum};
use super::{agenda, allowed, get_row, participants, quorum, room};
use crate::directions::model::DirectionId;
use crate::error::CoreResult;
use crate::secrecy::{self, DocumentLink};
use crate::vocabulary::{Actor, AgencyId};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything about a meeting that `actor` may see, for every screen of it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDetail {
    pub meeting: MeetingRow,
    pub online_link: String,
    pub silence_agrees: bool,
    pub opinion_sent: bool,
    pub opinion_closed: bool,
    pub reminders_sent: u32,
    pub current_item_id: Option<ItemId>,
    pub invitation: Option<DocumentLink>,
    pub notice: Option<DocumentLink>,
    pub secretary_notes: String,
    pub people: Vec<Participant>,
    pub agencies: Vec<crate::directions::views::NamedAgency>,
    pub items: Vec<agenda::ItemView>,
    pub quorum: Quorum,
    pub speakers: Vec<room::SpeakerView>,
    pub polls: Vec<room::PollView>,
    pub points: Vec<PointView>,
    pub allowed: MeetingAllowed,
    /// The person's own part, if any.
    pub my_part: Option<Part>,
    pub my_attendance: Option<Attendance>,
}

pub fn detail(conn: &Connection, actor: &Actor, id: MeetingId) -> CoreResult<MeetingDetail> {
    let meeting = get_row(conn, actor, id)?;
    let allowed = allowed(conn, actor, &meeting)?;
    type Extra =
        (String, bool, Option<String>, Option<String>, u32, Option<ItemId>, Option<i64>, Option<i64>, String);
    let extra: Extra = conn.query_row(
        "SELECT online_link, silence_agrees, opinion_sent_at, opinion_closed_at, reminders_sent, current_item_id,
             invitation_id, notice_id, secretary_notes FROM meeting WHERE id = ?1",
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
            ))
        },
    )?;
    let people = participants(conn, id)?;
    let mine = people.iter().find(|p| p.user_id == actor.user_id);
    let (my_part, my_attendance) = (mine.map(|p| p.part), mine.map(|p| p.attendance));
    let mut statement = conn.prepare(
        "SELECT a.id, a.name FROM meeting_agency m JOIN agency a ON a.id = m.agency_id WHERE m.meeting_id = ?1
         ORDER BY a.name",
    )?;
    let agencies = statement
        .query_map([id], |r| Ok(crate::directions::views::NamedAgency { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<Result<_, _>>()?;
    let items = agenda::items(conn, actor, &meeting, &people)?;
    let runs = allowed.run;
    Ok(MeetingDetail {
        invitation: extra.6.map(|o| secrecy::outgoing_link(conn, actor, o)).transpose()?.flatten(),
        notice: extra.7.map(|o| secrecy::outgoing_link(conn, actor, o)).transpose()?.flatten(),
        online_link: extra.0,
        silence_agrees: extra.1,
        opinion_sent: extra.2.is_some(),
        opinion_closed: extra.3.is_some(),
        reminders_sent: extra.4,
        current_item_id: extra.5,
        secretary_notes: if allowed.prepare || runs { extra.8 } else { String::new() },
        quorum: quorum(conn, id)?,
        speakers: room::speakers(conn, extra.5)?,
        polls: room::polls(conn, actor, id, runs)?,
        points: points(conn, id)?,
        agencies,
        items,
        people,
        allowed,
        my_part,
        my_attendance,
        meeting,
    })
}

/// A point of the conclusion as the meeting's screens and papers show it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointView {
    #[ts(type = "number")]
    pub id: i64,
    pub position: u32,
    pub text: String,
    pub agency_id: Option<AgencyId>,
    pub agency_name: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub direction_id: Option<DirectionId>,
    /// "NV 12/2026".
    pub direction_code: Option<String>,
}

pub fn points(conn: &Connection, id: MeetingId) -> CoreResult<Vec<PointView>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.position, p.text, p.agency_id, a.name, p.deadline, p.direction_id,
             CASE WHEN d.id IS NOT NULL THEN 'NV ' || printf('%02d', d.number) || '/' || d.year END
         FROM conclusion_point p LEFT JOIN agency a ON a.id = p.agency_id LEFT JOIN direction d ON d.id = p.direction_id
         WHERE p.meeting_id = ?1 ORDER BY p.position",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(PointView {
            id: r.get(0)?,
            position: r.get(1)?,
            text: r.get(2)?,
            agency_id: r.get(3)?,
            agency_name: r.get(4)?,
            deadline: r.get(5)?,
            direction_id: r.get(6)?,
            direction_code: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whoever sees a meeting is cleared for its documents (a document is never more secret
/// than its meeting, `agenda::add_document`): a linked document is read as the Office
/// reads it, within the person's own clearance.
fn office_reader(actor: &Actor) -> Actor {
    Actor { role: crate::vocabulary::Role::ChiefOfOffice, agency_id: None, ..actor.clone() }
}

/// What a meeting document shows on screen.
pub enum DocumentContent {
    /// A stored file: the upload, or the linked incoming document's file (its PDF first).
    Stored { file_name: String, media_type: String, sha256: String },
    /// Printed now: the linked outgoing document as issued, or an incoming one registered
    /// without its file (a paper document), as its slip prints it.
    Printed(Vec<u8>),
}

pub fn document_content(
    conn: &Connection,
    organisation: &crate::settings::Organisation,
    actor: &Actor,
    id: super::model::AgendaDocumentId,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<DocumentContent> {
    Ok(match agenda::document_source(conn, actor, id)? {
        agenda::DocumentSource::File { file_name, media_type, sha256 } => {
            DocumentContent::Stored { file_name, media_type, sha256 }
        }
        agenda::DocumentSource::Incoming(id) => {
            let files = crate::incoming::attachments(conn, id)?;
            match files.iter().find(|f| f.media_type == "application/pdf").or(files.first()) {
                Some(first) => DocumentContent::Stored {
                    file_name: first.file_name.clone(),
                    media_type: first.media_type.clone(),
                    sha256: first.sha256.clone(),
                },
                None => {
                    let detail = crate::incoming::views::detail(conn, &office_reader(actor), id, now)?;
                    DocumentContent::Printed(crate::incoming::print::slip(organisation, &detail)?)
                }
            }
        }
        agenda::DocumentSource::Outgoing(id) => DocumentContent::Printed(crate::outgoing::print::document(
            conn,
            &office_reader(actor),
            organisation,
            id,
            None,
        )?),
    })
}
