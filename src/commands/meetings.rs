//! The meeting room: preparing meetings and written rounds, the room live, the papers
//! after. Every step in the room answers with the meeting as the person sees it now, so
//! the screen that acted shows its effect at once; the other screens hear of it from the
//! event stream and read it afresh.

use super::command::{Access, Ctx, FileContent, organisation};
use crate::attachments::NewAttachment;
use crate::ballot::Choice;
use crate::directions::model::DirectionId;
use crate::error::CoreResult;
use crate::incoming::model::IncomingId;
use crate::meetings::agenda::{self, DocumentRole, ItemInput, NewDocument};
use crate::meetings::conclusion::{self, Paper, PointInput};
use crate::meetings::model::{
    AgendaDocumentId, ItemId, MeetingFilter, MeetingId, MeetingKind, MeetingRow, PollId, SpeakerId,
};
use crate::meetings::opinions::{self, Opinion};
use crate::meetings::room::{self, AttendanceMark};
use crate::meetings::views::{self, MeetingDetail};
use crate::meetings::{self, MeetingInput, MeetingPeople, print};
use crate::outgoing::OutgoingId;
use crate::permission::Action;
use crate::search::Page;
use crate::vocabulary::AgencyId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const VIEW: Access = Access::Allowed(Action::MeetingView);
const PREPARE: Access = Access::Allowed(Action::MeetingPrepare);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeetingRef {
    pub id: MeetingId,
}

/// The meeting as `ctx`'s person sees it now.
fn now_seen(ctx: &Ctx<'_>, id: MeetingId) -> CoreResult<MeetingDetail> {
    ctx.read(|conn| views::detail(conn, ctx.actor()?, id))
}

/// Take a step on meeting `id` in one transaction and answer with the meeting after it.
fn step(
    ctx: &Ctx<'_>,
    id: MeetingId,
    f: impl FnOnce(&mut crate::audit::Writer<'_>, &crate::vocabulary::Actor) -> CoreResult<()>,
) -> CoreResult<MeetingDetail> {
    let actor = ctx.actor()?;
    ctx.write(|w| f(w, actor))?;
    now_seen(ctx, id)
}

fn meeting_of_item(ctx: &Ctx<'_>, item: ItemId) -> CoreResult<MeetingId> {
    ctx.read(|conn| Ok(meetings::meeting_of_item(conn, ctx.actor()?, item)?.id))
}

command!(
    MeetingList, VIEW, MeetingFilter => Page<MeetingRow>,
    reads [Meeting], |ctx, filter, actor| ctx.read(|conn| meetings::list(conn, actor, &filter))
);

command!(
    MeetingGet, VIEW, MeetingRef => MeetingDetail, reads [Meeting],
    |ctx, request| now_seen(ctx, request.id)
);

command!(MeetingPeopleGet, PREPARE, () => MeetingPeople, reads [User], |ctx, _| ctx.read(meetings::people));

command!(MeetingTemplate, PREPARE, MeetingTemplateRequest {
    kind: MeetingKind,
    /// An existing meeting as it stands, to edit it.
    #[serde(default)]
    meeting_id: Option<MeetingId>,
} => MeetingInput, |ctx, request, actor| {
    ctx.read(|conn| match request.meeting_id {
        Some(id) => meetings::input_of(conn, actor, id),
        None => meetings::template(conn, actor, request.kind, crate::clock::vietnam_date(ctx.now)),
    })
});

command!(MeetingCreate, PREPARE, MeetingInput => MeetingRef, |ctx, input, actor| {
    Ok(MeetingRef { id: ctx.write(|w| meetings::create(w, actor, &input))? })
});

command!(
    MeetingUpdate, PREPARE, MeetingUpdateRequest { id: MeetingId, input: MeetingInput } => MeetingDetail,
    |ctx, request| step(ctx, request.id, |w, actor| meetings::update(w, actor, request.id, &request.input))
);

command!(
    MeetingCancel, PREPARE, MeetingCancelRequest { id: MeetingId, reason: String } => MeetingDetail,
    |ctx, request| step(ctx, request.id, |w, actor| meetings::cancel(w, actor, request.id, &request.reason))
);

command!(MeetingItemSave, PREPARE, MeetingItemSaveRequest {
    meeting_id: MeetingId,
    /// None for a new item.
    #[serde(default)]
    item_id: Option<ItemId>,
    input: ItemInput,
} => MeetingDetail, |ctx, r| {
    step(ctx, r.meeting_id, |w, actor| {
        agenda::save(w, actor, r.meeting_id, r.item_id, &r.input).map(|_| ())
    })
});

command!(MeetingItemRemove, PREPARE, ItemRef { item_id: ItemId } => MeetingDetail, |ctx, r| {
    let id = meeting_of_item(ctx, r.item_id)?;
    step(ctx, id, |w, actor| agenda::remove(w, actor, r.item_id))
});

command!(
    MeetingItemMove, PREPARE, MeetingItemMoveRequest { item_id: ItemId, up: bool } => MeetingDetail,
    |ctx, r| {
        let id = meeting_of_item(ctx, r.item_id)?;
        step(ctx, id, |w, actor| agenda::shift(w, actor, r.item_id, r.up))
    }
);

command!(MeetingItemAdmit, PREPARE, MeetingItemAdmitRequest {
    item_id: ItemId,
    /// False takes it off the agenda.
    admit: bool,
    /// Why an item that is not ready goes on anyway (the chief of office).
    #[serde(default)]
    reason: String,
} => MeetingDetail, |ctx, r| {
    let id = meeting_of_item(ctx, r.item_id)?;
    step(ctx, id, |w, actor| agenda::admit(w, actor, r.item_id, r.admit, &r.reason))
});

command!(MeetingDocumentAdd, PREPARE, MeetingDocumentAddRequest {
    item_id: ItemId,
    role: DocumentRole,
    /// Whose opinion, for an opinion.
    #[serde(default)]
    agency_id: Option<AgencyId>,
    /// The title shown; the linked document's number and summary, or the file's name,
    /// when empty.
    #[serde(default)]
    title: String,
    /// Exactly one of these three.
    #[serde(default)]
    incoming_id: Option<IncomingId>,
    #[serde(default)]
    outgoing_id: Option<OutgoingId>,
    #[serde(default)]
    file: Option<NewAttachment>,
} => MeetingDetail, |ctx, r| {
    let id = meeting_of_item(ctx, r.item_id)?;
    let document = match (r.incoming_id, r.outgoing_id, &r.file) {
        (Some(i), None, None) => NewDocument::Incoming(i),
        (None, Some(o), None) => NewDocument::Outgoing(o),
        (None, None, Some(file)) => {
            let stored = super::command::store_attachments(ctx, std::slice::from_ref(file))?;
            let (file_name, media_type, sha256, size) =
                stored.into_iter().next().expect("one file stored");
            NewDocument::File { file_name, media_type: media_type.to_string(), sha256, size: size as u64 }
        }
        _ => {
            return Err(crate::error::CoreError::invalid(
                "file",
                "Chọn một văn bản hoặc tải lên một tệp.",
                "Choose one document or upload one file.",
            ));
        }
    };
    step(ctx, id, |w, actor| {
        agenda::add_document(w, actor, r.item_id, r.role, r.agency_id, &r.title, document).map(|_| ())
    })
});

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeetingDocumentRef {
    pub document_id: AgendaDocumentId,
}

command!(MeetingDocumentRemove, PREPARE, MeetingDocumentRef => MeetingDetail, |ctx, r| {
    let id = ctx.read(|conn| Ok(agenda::document_meeting(conn, ctx.actor()?, r.document_id)?.1.id))?;
    step(ctx, id, |w, actor| agenda::remove_document(w, actor, r.document_id))
});

command!(
    /// A meeting document's content, to read on screen: the uploaded file, the linked
    /// incoming document's first file, or the linked outgoing document as printed.
    MeetingDocumentFile, VIEW, MeetingDocumentRef => FileContent, reads [Meeting], |ctx, r, actor| {
        let organisation = organisation(ctx)?;
        match ctx.read(|conn| views::document_content(conn, &organisation, actor, r.document_id, ctx.now))? {
            views::DocumentContent::Stored { file_name, media_type, sha256 } => {
                FileContent::stored(ctx, file_name, &media_type, &sha256)
            }
            views::DocumentContent::Printed(bytes) => {
                FileContent::pdf(ctx, format!("tai-lieu-hop-{}.pdf", r.document_id.0), bytes)
            }
        }
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingNote {
    pub text: String,
}

command!(
    /// The person's own note on a meeting document.
    MeetingNoteGet, VIEW, MeetingDocumentRef => MeetingNote,
    reads [Meeting],
    |ctx, r, actor| Ok(MeetingNote { text: ctx.read(|conn| agenda::note(conn, actor, r.document_id))? })
);

command!(
    /// Keep the person's note: their own, not audited (no one else reads it).
    MeetingNotePut, VIEW,
    MeetingNotePutRequest { document_id: AgendaDocumentId, text: String } => MeetingNote,
    |ctx, r, actor| {
        let now = ctx.now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        ctx.app.db().write(|tx| agenda::put_note(tx, actor, r.document_id, &r.text, &now))?;
        Ok(MeetingNote { text: ctx.read(|conn| agenda::note(conn, actor, r.document_id))? })
    }
);

command!(
    MeetingOpen, VIEW, MeetingOpenRequest {
        id: MeetingId,
        /// False closes the sitting.
        open: bool,
    } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::open(w, actor, r.id, r.open))
);

command!(
    MeetingAttendanceSet, VIEW,
    MeetingAttendanceSetRequest { id: MeetingId, marks: Vec<AttendanceMark> } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::mark(w, actor, r.id, &r.marks))
);

command!(
    MeetingCurrentSet, VIEW, MeetingCurrentSetRequest {
        id: MeetingId,
        #[serde(default)]
        item_id: Option<ItemId>,
    } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::set_current(w, actor, r.id, r.item_id))
);

command!(
    MeetingOutcomeSet, VIEW, MeetingOutcomeSetRequest { item_id: ItemId, outcome: String } => MeetingDetail,
    |ctx, r| {
        let id = meeting_of_item(ctx, r.item_id)?;
        step(ctx, id, |w, actor| room::set_outcome(w, actor, r.item_id, &r.outcome))
    }
);

command!(
    /// The secretary's notes for the minutes.
    MeetingSecretaryNotesSet, VIEW, MeetingNotesSetRequest { id: MeetingId, notes: String } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::set_secretary_notes(w, actor, r.id, &r.notes))
);

command!(
    MeetingFloorRequest, VIEW, MeetingFloorRequestRequest {
        id: MeetingId,
        /// False withdraws the request.
        ask: bool,
        #[serde(default)]
        point_of_order: bool,
    } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::request_floor(w, actor, r.id, r.ask, r.point_of_order))
);

command!(
    MeetingFloorGive, VIEW, MeetingFloorGiveRequest {
        id: MeetingId,
        /// None ends the current speech.
        #[serde(default)]
        speaker_id: Option<SpeakerId>,
    } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| room::give_floor(w, actor, r.id, r.speaker_id))
);

command!(PollStart, VIEW, PollStartRequest {
    meeting_id: MeetingId,
    #[serde(default)]
    item_id: Option<ItemId>,
    question: String,
    secret: bool,
} => MeetingDetail, |ctx, r| {
    step(ctx, r.meeting_id, |w, actor| {
        room::start_poll(w, actor, r.meeting_id, r.item_id, &r.question, r.secret, ctx.app.ballots())
            .map(|_| ())
    })
});

request! {
    pub struct PollVoteRequest {
        pub poll_id: PollId,
        pub choice: Choice,
    }
}

fn poll_meeting(ctx: &Ctx<'_>, poll: PollId) -> CoreResult<MeetingId> {
    ctx.read(|conn| room::meeting_of_poll(conn, ctx.actor()?, poll))
}

command!(PollVote, VIEW, PollVoteRequest => MeetingDetail, |ctx, r| {
    let id = poll_meeting(ctx, r.poll_id)?;
    step(ctx, id, |w, actor| room::vote(w, actor, r.poll_id, r.choice, ctx.app.ballots()))
});

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PollRef {
    pub poll_id: PollId,
}

command!(PollStop, VIEW, PollRef => MeetingDetail, |ctx, r| {
    let id = poll_meeting(ctx, r.poll_id)?;
    step(ctx, id, |w, actor| room::stop_poll(w, actor, r.poll_id, ctx.app.ballots()))
});

command!(PollPublish, VIEW, PollRef => MeetingDetail, |ctx, r| {
    let id = poll_meeting(ctx, r.poll_id)?;
    step(ctx, id, |w, actor| room::publish_poll(w, actor, r.poll_id))
});

command!(
    /// A stopped vote's result as printed.
    PollResultPdf, VIEW, PollRef => FileContent, reads [Meeting], |ctx, r| {
        let id = poll_meeting(ctx, r.poll_id)?;
        let detail = now_seen(ctx, id)?;
        let poll = detail
            .polls
            .iter()
            .find(|p| p.id == r.poll_id && p.yes.is_some())
            .ok_or(crate::error::CoreError::NotFound { what: crate::error::Noun::Poll })?;
        let bytes = print::poll(&organisation(ctx)?, &detail, poll, crate::clock::vietnam_date(ctx.now))?;
        FileContent::pdf(ctx, format!("ket-qua-bieu-quyet-{}.pdf", r.poll_id.0), bytes)
    }
);

command!(
    OpinionSend, PREPARE, OpinionSendRequest {
        id: MeetingId,
        /// Working days to answer; 5 when absent.
        #[serde(default)]
        working_days: Option<u32>,
    } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| opinions::send(w, actor, r.id, r.working_days).map(|_| ()))
);

command!(OpinionAnswer, VIEW, OpinionAnswerRequest {
    item_id: ItemId,
    /// None when the member chose nothing: refused next to the choices.
    #[serde(default)]
    choice: Option<Opinion>,
    #[serde(default)]
    comment: String,
} => MeetingDetail, |ctx, r| {
    let id = meeting_of_item(ctx, r.item_id)?;
    step(ctx, id, |w, actor| opinions::answer(w, actor, r.item_id, r.choice, &r.comment))
});

command!(
    OpinionRemind, PREPARE, MeetingRef => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| opinions::remind(w, actor, r.id).map(|_| ()))
);

command!(
    OpinionClose, PREPARE, MeetingRef => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| opinions::close(w, actor, r.id))
);

command!(
    /// The points proposed from the items' outcomes.
    MeetingPointsTemplate, PREPARE, MeetingRef => Vec<PointInput>,
    reads [Meeting], |ctx, r| Ok(conclusion::proposed_points(&now_seen(ctx, r.id)?))
);

command!(
    MeetingPointsSave, PREPARE,
    MeetingPointsSaveRequest { id: MeetingId, points: Vec<PointInput> } => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| conclusion::save_points(w, actor, r.id, &r.points))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftedRef {
    pub outgoing_id: OutgoingId,
}

fn draft_paper(ctx: &Ctx<'_>, id: MeetingId, paper: Paper) -> CoreResult<DraftedRef> {
    let actor = ctx.actor()?;
    Ok(DraftedRef { outgoing_id: ctx.write(|w| conclusion::draft_paper(w, actor, id, paper))? })
}

command!(
    /// Draft the invitation with the agenda as an outgoing document (giấy mời).
    MeetingInvitationDraft, PREPARE, MeetingRef => DraftedRef,
    |ctx, r| draft_paper(ctx, r.id, Paper::Invitation)
);

command!(
    /// Send the issued invitation to every participant.
    MeetingInvitationSend, PREPARE, MeetingRef => MeetingDetail,
    |ctx, r| step(ctx, r.id, |w, actor| conclusion::send_invitation(w, actor, r.id).map(|_| ()))
);

command!(
    /// Draft the conclusion notice from the points (thông báo kết luận).
    MeetingNoticeDraft, PREPARE, MeetingRef => DraftedRef,
    |ctx, r| draft_paper(ctx, r.id, Paper::Notice)
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionsMade {
    pub ids: Vec<DirectionId>,
}

command!(
    /// Give the issued notice's directions, one per point that assigns work.
    MeetingDirectionsCreate, Access::Allowed(Action::DirectionManage), MeetingRef => DirectionsMade,
    |ctx, r, actor| Ok(DirectionsMade { ids: ctx.write(|w| conclusion::make_directions(w, actor, r.id))? })
);

fn printed(
    ctx: &Ctx<'_>,
    id: MeetingId,
    name: &str,
    f: impl FnOnce(&crate::settings::Organisation, &MeetingDetail, chrono::NaiveDate) -> CoreResult<Vec<u8>>,
) -> CoreResult<FileContent> {
    let detail = now_seen(ctx, id)?;
    let bytes = f(&organisation(ctx)?, &detail, crate::clock::vietnam_date(ctx.now))?;
    FileContent::pdf(ctx, format!("{name}-{}.pdf", id.0), bytes)
}

command!(
    MeetingAgendaPdf, VIEW, MeetingRef => FileContent,
    reads [Meeting], |ctx, r| printed(ctx, r.id, "chuong-trinh-hop", print::agenda)
);

command!(
    MeetingAttendancePdf, VIEW, MeetingRef => FileContent,
    reads [Meeting], |ctx, r| printed(ctx, r.id, "diem-danh", print::attendance)
);

command!(
    MeetingMinutesPdf, PREPARE, MeetingRef => FileContent,
    reads [Meeting], |ctx, r| printed(ctx, r.id, "bien-ban", print::minutes)
);

command!(
    MeetingOpinionsPdf, PREPARE, MeetingRef => FileContent,
    reads [Meeting], |ctx, r| printed(ctx, r.id, "tong-hop-y-kien", print::opinions)
);
