//! The exchange inbox: documents from the national interconnection axis (edXML).

use super::command::{Access, Ctx, FileContent, organisation};
use crate::error::{CoreError, CoreResult, Noun};
use crate::exchange::edxml::{self, Message};
use crate::exchange::send::{self, Delivery};
use crate::exchange::{
    self, ExchangeDetail, ExchangeFilter, ExchangeId, ExchangePage, ExchangeRegisterInput, ExchangeRow,
};
use crate::incoming::model::IncomingRow;
use crate::outgoing::OutgoingId;
use crate::permission::Action;
use crate::vocabulary::AgencyId;

/// The message `id` as it came, from the file store.
fn message_bytes(ctx: &Ctx<'_>, id: ExchangeId) -> CoreResult<Vec<u8>> {
    let (sha256, size) =
        ctx.read(|conn| Ok((exchange::sha256_of(conn, id)?, exchange::stored_size(conn, id)?)))?;
    if size > exchange::message_limit(ctx.app) {
        // Kept as too large to read: nothing of it is read to show it either.
        return Ok(Vec::new());
    }
    ctx.app.attachments().get(&sha256)
}

/// The document message `id`, read.
fn document(ctx: &Ctx<'_>, id: ExchangeId) -> CoreResult<(Vec<u8>, edxml::DocumentMessage)> {
    let bytes = message_bytes(ctx, id)?;
    match edxml::parse(&bytes) {
        Ok(Message::Document(m)) => Ok((bytes, *m)),
        _ => Err(CoreError::NotFound { what: Noun::Attachment }),
    }
}

/// The files a document message carries, put in the file store (before the step's
/// transaction: a file left there by a refused step is harmless, and reused).
fn store_files(ctx: &Ctx<'_>, m: &edxml::DocumentMessage) -> CoreResult<Vec<crate::incoming::StoredFile>> {
    let mut stored = Vec::with_capacity(m.attachments.len());
    for file in &m.attachments {
        let sha256 = ctx.app.attachments().put(&file.bytes)?;
        stored.push((
            file.name.clone(),
            crate::attachments::media_type(&file.name),
            sha256,
            file.bytes.len(),
        ));
    }
    Ok(stored)
}

command!(
    ExchangeList, Access::Allowed(Action::IncomingRegister), ExchangeFilter => ExchangePage,
    reads [ExchangeMessage], |ctx, filter| ctx.read(|conn| exchange::list(conn, &filter))
);

command!(
    ExchangeGet, Access::Allowed(Action::IncomingRegister), ExchangeRef { id: ExchangeId } => ExchangeDetail,
    reads [ExchangeMessage], |ctx, request| {
        let bytes = message_bytes(ctx, request.id)?;
        let trust = ctx.app.signing().trust()?;
        ctx.read(|conn| exchange::detail_checked(conn, request.id, &bytes, &trust, ctx.now))
    }
);

command!(
    /// A file a document message carries, to look at before registering it.
    ExchangeFileGet, Access::Allowed(Action::IncomingRegister),
    ExchangeFileRef { id: ExchangeId, index: u32 } => FileContent,
    reads [ExchangeMessage], |ctx, request| {
        let (_, mut m) = document(ctx, request.id)?;
        let index = request.index as usize;
        if index >= m.attachments.len() {
            return Err(CoreError::NotFound { what: Noun::Attachment });
        }
        let file = m.attachments.swap_remove(index);
        let media_type = exchange::media_type(&file);
        FileContent::new(ctx, file.name, &media_type, file.bytes)
    }
);

command!(
    /// A message file a clerk has (from an e-mail, a USB stick), uploaded first.
    ExchangeReceive, Access::Allowed(Action::IncomingRegister),
    ExchangeUpload { file_name: String, upload_id: String } => ExchangeRow,
    |ctx, request, actor| {
        let (sha256, _) = ctx.read(|conn| {
            crate::attachments::uploaded(conn, actor.user_id, &request.upload_id, "file", &request.file_name)
        })?;
        if let Some(row) = ctx.read(|conn| exchange::known(conn, &sha256))? {
            return Ok(row);
        }
        let bytes = ctx.app.attachments().get(&sha256)?;
        ctx.write(|w| exchange::receive(w, &request.file_name, &sha256, &bytes))
    }
);

command!(
    /// Register a document from the axis in one step: every field from the message, the
    /// register and the route from the clerk.
    ExchangeRegister, Access::Allowed(Action::IncomingRegister), ExchangeRegisterInput => IncomingRow,
    |ctx, input, actor| {
        let (bytes, m) = document(ctx, input.id)?;
        let stored = store_files(ctx, &m)?;
        ctx.write(|w| {
            let id = exchange::register(w, actor, &input, &bytes, &stored)?;
            crate::incoming::model::row(w, actor, id, w.now())
        })
    }
);

command!(
    /// Accept a recall, update or replacement of a document registered from an earlier
    /// message.
    ExchangeAccept, Access::Allowed(Action::IncomingRegister), ExchangeAcceptance { id: ExchangeId } => IncomingRow,
    |ctx, request, actor| {
        let (bytes, m) = document(ctx, request.id)?;
        let stored = store_files(ctx, &m)?;
        ctx.write(|w| {
            let id = exchange::accept(w, actor, request.id, &bytes, &stored)?;
            crate::incoming::model::row(w, actor, id, w.now())
        })
    }
);

command!(
    ExchangeRefuse, Access::Allowed(Action::IncomingRegister),
    ExchangeRefusal { id: ExchangeId, reason: String } => ExchangeRow,
    |ctx, request, actor| {
        let bytes = message_bytes(ctx, request.id)?;
        ctx.write(|w| {
            exchange::refuse(w, actor, request.id, &request.reason, &bytes)?;
            exchange::row(w, request.id)
        })
    }
);

command!(
    /// The Office's own electronic identification code.
    ExchangeOfficeGet, Access::Allowed(Action::DirectoryView), () => Option<String>,
    reads [System], |ctx, _| ctx.read(exchange::office::office_code)
);

command!(
    ExchangeOfficeSet, Access::Allowed(Action::AgencyManage), OfficeCode { code: String } => Option<String>,
    |ctx, request| ctx.write(|w| exchange::office::set_office_code(w, &request.code))
);

command!(
    /// Send an issued document over the axis to the recipients chosen (each with its
    /// electronic identification code): one message each, recorded as its dispatch.
    ExchangeSend, Access::Allowed(Action::OutgoingIssue),
        ExchangeSendRequest {
        id: OutgoingId,
        agency_ids: Vec<AgencyId>,
        /// The clerk saw that some went there already, and sends again.
        #[serde(default)]
        #[ts(optional)]
        resend: Option<bool>,
    } => Vec<Delivery>,
    |ctx, request, actor| {
        let organisation = organisation(ctx)?;
        let resend = request.resend.unwrap_or(false);
        let store = ctx.app.attachments();
        let plan = ctx.read(|conn| send::plan(conn, actor, &organisation, store, request.id, &request.agency_ids, resend))?;
        let keys = ctx.app.signing();
        let signing = crate::outgoing::sign::Signing { keys: &keys, store, organisation: &organisation };
        ctx.write(|w| {
            let plan = plan.with_document(crate::outgoing::sign::sealed(w, actor, request.id, &signing)?)?;
            send::send(w, actor, request.id, &plan)?;
            send::deliveries(w, actor, request.id, (w.now(), ctx.app.answer_within()))
        })
    }
);

command!(
    /// Where an outgoing document went over the axis, and how far each recipient got.
    ExchangeDeliveryList, Access::Allowed(Action::OutgoingView), OutgoingDeliveries { id: OutgoingId } => Vec<Delivery>,
    reads [OutgoingDocument, ExchangeMessage],
    |ctx, request, actor| {
        ctx.read(|conn| send::deliveries(conn, actor, request.id, (ctx.now, ctx.app.answer_within())))
    }
);

command!(
    /// The signing folder as the administrator checks it: each key file opened (whose, by
    /// which authority, until when, or why it cannot be used), the trusted authorities, and
    /// the signers still without a key.
    SigningFolderGet, Access::Allowed(Action::UserManage), () => send::SigningOverview,
    reads [System, User], |ctx, _| {
        let folder = ctx.app.signing().inventory(ctx.now)?;
        ctx.read(|conn| send::signing_overview(conn, folder))
    }
);
