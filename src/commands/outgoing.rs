//! Outgoing documents: drafts and versions, review, issue, dispatch, recall, correction,
//! printing, and the approval paths the administrator configures.

use super::command::{Access, Ctx, FileContent, RegisterPrintRequest, organisation};
use crate::error::CoreResult;
use crate::outgoing::draft::{self, DraftContent, DraftSave, FieldDiff};
use crate::outgoing::issue::{self, DispatchRequest, IssueRequest, RecallRequest};
use crate::outgoing::review::{self, ApprovalPath, ApprovalPathId, ApprovalPathInput, ReviewRequest};
use crate::outgoing::views::OutgoingDetail;
use crate::outgoing::{self, OutgoingCounts, OutgoingFilter, OutgoingId, OutgoingPage, print, sign};
use crate::permission::Action;
use crate::register;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

request! {
    pub struct OutgoingRef {
        pub id: OutgoingId,
    }
}

command!(
    /// The content a new draft of a type starts from.
    OutgoingTemplate, Access::Allowed(Action::OutgoingDraft), TemplateRequest {
        document_type: String,
        /// A reply: the summary, "Kính gửi" and recipients start from this incoming document.
        #[serde(default)]
        reply_to_incoming_id: Option<crate::incoming::model::IncomingId>,
    } => DraftContent, reads [OutgoingDocument],
    |ctx, request, actor| {
        let reply_to = request.reply_to_incoming_id;
        ctx.read(|conn| draft::starting(conn, actor, &request.document_type, reply_to, ctx.now))
    }
);

command!(
    /// Create a draft, or save a new version of one (the drafter, or the reviewer holding it).
    OutgoingSave, Access::Allowed(Action::OutgoingView), DraftSave => OutgoingDetail, |ctx, request, actor| {
        let actor = actor.clone();
        if let Some(id) = request.id
            && ctx.read(|conn| draft::unchanged(conn, &actor, &request))?
        {
            // Saving again what is saved makes no version (and writes nothing).
            return ctx.read(|conn| outgoing::views::detail(conn, &actor, id));
        }
        let by = actor.user_id;
        let files = ctx.read(|conn| draft::store_files(ctx.app.attachments(), conn, by, &request))?;
        let id = ctx.write(|w| draft::save(w, &actor, &request, files))?;
        ctx.read(|conn| outgoing::views::detail(conn, &actor, id))
    }
);

command!(
    OutgoingList, Access::Allowed(Action::OutgoingView), OutgoingFilter => OutgoingPage,
    reads [OutgoingDocument],
    |ctx, filter, actor| ctx.read(|conn| outgoing::list(conn, actor, &filter))
);

command!(
    OutgoingCountsGet, Access::Allowed(Action::OutgoingView), () => OutgoingCounts, reads [OutgoingDocument],
    |ctx, _, actor| ctx.read(|conn| outgoing::counts(conn, actor))
);

command!(
    OutgoingGet, Access::Allowed(Action::OutgoingView), OutgoingRef => OutgoingDetail,
    reads [OutgoingDocument],
    |ctx, request, actor| ctx.read(|conn| outgoing::views::detail(conn, actor, request.id))
);

/// A step of the flow: take it in one transaction, answer with the document as it is now.
fn step(
    ctx: &Ctx<'_>,
    id: OutgoingId,
    f: impl FnOnce(&mut crate::audit::Writer<'_>, &crate::vocabulary::Actor) -> CoreResult<()>,
) -> CoreResult<OutgoingDetail> {
    let actor = ctx.actor()?.clone();
    ctx.write(|w| f(w, &actor))?;
    ctx.read(|conn| outgoing::views::detail(conn, &actor, id))
}

macro_rules! flow_command {
    ($(#[$meta:meta])* $name:ident, $action:expr, $request:ty, $run:path) => {
        command!($(#[$meta])* $name, Access::Allowed($action), $request => OutgoingDetail, |ctx, request| {
            step(ctx, request.id, |w, actor| $run(w, actor, &request).map(|_| ()))
        });
    };
}

flow_command!(
    /// The drafter sends a draft on its approval path.
    OutgoingSubmit, Action::OutgoingView, ReviewRequest, review::submit
);
/// A step of the flow that signs: with the keys the server keeps and where signed files go.
fn signing_step(
    ctx: &Ctx<'_>,
    id: OutgoingId,
    f: impl FnOnce(&mut crate::audit::Writer<'_>, &crate::vocabulary::Actor, &sign::Signing<'_>) -> CoreResult<()>,
) -> CoreResult<OutgoingDetail> {
    let organisation = organisation(ctx)?;
    let keys = ctx.app.signing();
    let signing = sign::Signing { keys: &keys, store: ctx.app.attachments(), organisation: &organisation };
    step(ctx, id, |w, actor| f(w, actor, &signing))
}

command!(
    /// The holder approves and passes it on — or signs, at the last step (digitally too,
    /// when the server keeps a key for them).
    OutgoingApprove, Access::Allowed(Action::OutgoingView), ReviewRequest => OutgoingDetail,
    |ctx, request| signing_step(ctx, request.id, |w, actor, signing| sign::approve(w, actor, &request, signing))
);
flow_command!(
    /// The holder returns the draft to its drafter with comments.
    OutgoingGiveBack, Action::OutgoingView, ReviewRequest, review::give_back
);
flow_command!(
    /// The drafter abandons a draft.
    OutgoingCancel, Action::OutgoingView, ReviewRequest, review::cancel
);
command!(
    /// The clerk numbers, dates and registers a signed document (and seals it, issued
    /// electronically).
    OutgoingIssue, Access::Allowed(Action::OutgoingIssue), IssueRequest => OutgoingDetail,
    |ctx, request| signing_step(ctx, request.id, |w, actor, signing| sign::issue(w, actor, &request, signing).map(|_| ()))
);
flow_command!(
    /// The clerk records where an issued document was sent, how and when.
    OutgoingDispatch, Action::OutgoingIssue, DispatchRequest, issue::dispatch
);
flow_command!(
    /// Recall an issued document: it is frozen, the recall recorded, and each recipient it
    /// went to over the axis sent a recall message.
    OutgoingRecall, Action::OutgoingRecall, RecallRequest, crate::exchange::send::recall
);

request! {
    pub struct OutgoingAllowedRequest {
        /// At most 200 (a page of a list).
        pub ids: Vec<OutgoingId>,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingAllowedRow {
    pub id: OutgoingId,
    pub allowed: review::OutgoingAllowed,
}

command!(
    /// What the person may do now with each of several documents (those they may see), for
    /// a step done to several at once: the same answer each document's page has.
    OutgoingAllowedGet, Access::Allowed(Action::OutgoingView),
    OutgoingAllowedRequest => Vec<OutgoingAllowedRow>,
    reads [OutgoingDocument], |ctx, request, actor| {
        ctx.read(|conn| {
            let each = super::command::allowed_each(&request.ids, |id| review::allowed(conn, actor, id))?;
            Ok(each.into_iter().map(|(id, allowed)| OutgoingAllowedRow { id, allowed }).collect())
        })
    }
);

command!(
    /// The number and symbol issuing from a register would give now, for the confirmation.
    OutgoingIssuePreview, Access::Allowed(Action::OutgoingIssue), issue::IssuePreviewRequest => String,
    reads [OutgoingDocument], |ctx, request, actor| {
        ctx.read(|conn| issue::preview(conn, actor, &request, ctx.now))
    }
);

command!(
    /// Start a correcting công văn for an issued document; answers with the new draft.
    OutgoingCorrect, Access::Allowed(Action::OutgoingDraft), OutgoingRef => OutgoingDetail,
    |ctx, request| {
        let actor = ctx.actor()?.clone();
        let id = ctx.write(|w| issue::start_correction(w, &actor, request.id))?;
        ctx.read(|conn| outgoing::views::detail(conn, &actor, id))
    }
);

command!(
    /// What changed between two versions, field by field, word by word.
    OutgoingDiff, Access::Allowed(Action::OutgoingView), DiffRequest {
        id: OutgoingId,
        #[ts(type = "number")]
        from: i64,
        #[ts(type = "number")]
        to: i64,
    } => Vec<FieldDiff>, reads [OutgoingDocument],
    |ctx, request, actor| {
        ctx.read(|conn| {
            outgoing::row(conn, actor, request.id)?;
            let before = draft::content(conn, request.id, Some(request.from))?;
            let after = draft::content(conn, request.id, Some(request.to))?;
            Ok(draft::diff(&before, &after))
        })
    }
);

command!(
    /// The printed document: numbered, dated and signed once issued; a draft before.
    OutgoingPdf, Access::Allowed(Action::OutgoingView), OutgoingPdfRequest {
        id: OutgoingId,
        /// Render this unsaved content instead of the saved version (the editor's preview).
        #[serde(default)]
        content: Option<DraftContent>,
    } => FileContent, reads [OutgoingDocument],
    |ctx, request, actor| {
        let organisation = organisation(ctx)?;
        let (name, bytes) = ctx.read(|conn| {
            print::document_file(conn, actor, &organisation, request.id, request.content.as_ref())
        })?;
        FileContent::pdf(ctx, name, bytes)
    }
);

command!(
    /// The document signed digitally, as kept: the electronic original (signed and
    /// sealed) once issued electronically, the signer's signed page before.
    OutgoingSignedPdf, Access::Allowed(Action::OutgoingView), OutgoingRef => FileContent,
    reads [OutgoingDocument],
    |ctx, request, actor| {
        let (name, sha256) = ctx.read(|conn| sign::kept(conn, actor, request.id))?.ok_or_else(|| {
            crate::error::CoreError::conflict(
                "Văn bản này chưa được ký số.",
                "This document is not signed digitally.",
            )
        })?;
        FileContent::stored(ctx, name, "application/pdf", &sha256)
    }
);

command!(
    /// What the signatures of the document's signed file are worth, checked now against
    /// the authorities the Office trusts; empty while nothing is signed digitally.
    OutgoingSignatureList, Access::Allowed(Action::OutgoingView), OutgoingRef => Vec<crate::signature::SignatureCheck>,
    reads [OutgoingDocument],
    |ctx, request, actor| {
        let Some((_, sha256)) = ctx.read(|conn| sign::kept(conn, actor, request.id))? else { return Ok(Vec::new()) };
        let bytes = ctx.app.attachments().get(&sha256)?;
        crate::signature::verify(&bytes, &ctx.app.signing().trust()?, ctx.now)
    }
);

command!(
    /// A file kept with a document (its DOCX/PDF body or an attachment), in any version.
    OutgoingFileGet, Access::Allowed(Action::OutgoingView),
    OutgoingFileRef { id: OutgoingId, sha256: String } => FileContent, reads [OutgoingDocument],
    |ctx, request, actor| {
        let file = ctx.read(|conn| {
            outgoing::row(conn, actor, request.id)?;
            draft::file_of(conn, request.id, &request.sha256)
        })?;
        let media_type = crate::attachments::media_type(&file.file_name);
        FileContent::stored(ctx, file.file_name.clone(), media_type, &file.sha256)
    }
);

command!(
    /// The outgoing register (Annex IV) for a period, as a PDF to print and bind.
    OutgoingRegisterPdf, Access::Allowed(Action::OutgoingIssue), RegisterPrintRequest => FileContent,
    reads [OutgoingDocument],
    |ctx, request, actor| {
        request.check()?;
        let register = ctx.read(|conn| register::get(conn, request.register_id))?;
        let lines = ctx
            .read(|conn| issue::register_lines(conn, actor, request.register_id, request.from, request.to))?;
        let bytes =
            print::register_pdf(&organisation(ctx)?, &register.name, request.from, request.to, &lines)?;
        FileContent::pdf(ctx, request.file_name("so-van-ban-di", "pdf"), bytes)
    }
);

command!(
    /// The outgoing register for a period as an XLSX workbook.
    OutgoingRegisterXlsx, Access::Allowed(Action::OutgoingIssue), RegisterPrintRequest => FileContent,
    reads [OutgoingDocument],
    |ctx, request, actor| {
        request.check()?;
        let register = ctx.read(|conn| register::get(conn, request.register_id))?;
        let lines = ctx
            .read(|conn| issue::register_lines(conn, actor, request.register_id, request.from, request.to))?;
        let bytes = print::register_xlsx(&register.name, request.from, request.to, &lines)?;
        FileContent::xlsx(ctx, request.file_name("so-van-ban-di", "xlsx"), bytes)
    }
);

command!(
    /// The roles that can hold a step of an approval path, lowest first: the order a path's
    /// steps must rise in.
    ApprovalRolesGet, Access::Authenticated, () => Vec<crate::vocabulary::Role>, |_ctx, _| {
        Ok(crate::permission::role::APPROVAL_ORDER.to_vec())
    }
);

command!(
    ApprovalPathList, Access::Authenticated, () => Vec<ApprovalPath>, reads [ApprovalPath],
    |ctx, _| ctx.read(review::paths)
);

command!(
    /// Create or replace the approval path of a type and issuing body.
    ApprovalPathSet, Access::Allowed(Action::RegisterManage), ApprovalPathInput => ApprovalPath,
    |ctx, input| ctx.write(|w| review::set_path(w, &input))
);

command!(
    ApprovalPathDelete, Access::Allowed(Action::RegisterManage), ApprovalPathRef { id: ApprovalPathId } => (),
    |ctx, request| ctx.write(|w| review::delete_path(w, request.id))
);
