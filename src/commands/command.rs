//! What every command file uses: the `Command` trait and its `Access`, the context a
//! command runs in (`Ctx`), and the helpers the areas share: a file handed to the
//! person (`FileContent`), a register's period to print, attachments stored before a
//! write, the Office's organisation and a person's department code. The registry and
//! the transports' entry points are in [`super`]; this file names none of the
//! command files.

use crate::app::App;
use crate::attachments::Source;
use crate::audit::{OPERATOR_NAME, Writer};
use crate::error::{CoreError, CoreResult};
use crate::permission::Action;
use crate::register::RegisterId;
use crate::vocabulary::{Actor, ObjectKind};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a caller needs before a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (login itself, first-start set-up).
    Public,
    /// Any logged-in user.
    Authenticated,
    /// Any logged-in user, even one who must still replace a temporary password: their
    /// own session (who they are, logging out, changing the password).
    Session,
    /// A logged-in user whose role allows the action.
    Allowed(Action),
}

/// A command's name, noun_verb: its type's name in snake_case, given by `command!`,
/// which also registers it.
pub trait Named {
    const NAME: &'static str;
}

pub trait Command: Named {
    const ACCESS: Access;
    /// The kinds of objects whose change can change its answer: the UI reads it again
    /// on their events (generated into `bindings.ts` as `COMMAND_READS`). Empty for a
    /// command that writes, or whose answer no event changes.
    const READS: &'static [ObjectKind] = &[];
    type Request: Serialize + DeserializeOwned + TS + 'static;
    type Response: Serialize + DeserializeOwned + TS + 'static;

    fn run(ctx: &Ctx<'_>, request: Self::Request) -> CoreResult<Self::Response>;
}

/// A command the operator at the machine's console may run (`vanphong user …`, the
/// demo): one that asks for nobody's name. Only these reach `execute_as_operator`; a
/// command for a person cannot be run without one.
pub trait ForOperator: Command {}

/// Everything a command may use: the app, the instant of the request, and who asks.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub now: DateTime<Utc>,
    pub command: &'static str,
    pub(super) actor: Option<Actor>,
    pub(super) token: Option<&'a str>,
    /// The caller's network address as the transport saw it (the office server); `None`
    /// for the desktop app and the CLI.
    pub source: Option<&'a str>,
}

/// What `allowed` answers for each of `ids` (a page of a list, at most 200), leaving out
/// those the person may not see: for a step done to several objects at once.
pub(crate) fn allowed_each<I: Copy, A>(
    ids: &[I],
    allowed: impl Fn(I) -> CoreResult<A>,
) -> CoreResult<Vec<(I, A)>> {
    if ids.len() > 200 {
        return Err(CoreError::invalid(
            "ids",
            "Tối đa 200 văn bản một lần.",
            "At most 200 documents at once.",
        ));
    }
    let mut out = Vec::new();
    for id in ids {
        match allowed(*id) {
            Ok(answer) => out.push((*id, answer)),
            Err(CoreError::NotFound { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(out)
}

impl<'a> Ctx<'a> {
    pub fn actor(&self) -> CoreResult<&Actor> {
        self.actor.as_ref().ok_or(CoreError::NotAuthenticated)
    }

    pub fn token(&self) -> Option<&'a str> {
        self.token
    }

    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        self.app.db().read(f)
    }

    /// Change data in one transaction. The change must record at least one audit entry;
    /// each entry is published as a domain event once the transaction has committed.
    pub fn write<T>(&self, f: impl FnOnce(&mut Writer<'_>) -> CoreResult<T>) -> CoreResult<T> {
        let actor = match &self.actor {
            Some(actor) => (Some(actor.user_id), actor.full_name.clone()),
            None => (None, OPERATOR_NAME.to_string()),
        };
        self.app.write(self.now, actor, self.command, f)
    }
}

/// A file for the person to view or save: an attachment or a generated document. Its
/// bytes never travel in JSON: the transport fetches them by `download_id`, as they are,
/// streamed (`GET /api/download/<id>`, the desktop's `download`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileContent {
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    pub download_id: String,
}

impl FileContent {
    fn handed_out(
        ctx: &Ctx<'_>,
        file_name: String,
        media_type: &str,
        size: u64,
        source: Source,
    ) -> CoreResult<FileContent> {
        let ticket = crate::attachments::Ticket {
            source,
            file_name: file_name.clone(),
            media_type: media_type.to_string(),
            size,
            user_id: ctx.actor()?.user_id,
            expires: ctx.now + crate::attachments::TICKET_KEPT,
        };
        let download_id = ctx.app.downloads().hand_out(ticket)?;
        Ok(FileContent { file_name, media_type: media_type.into(), size, download_id })
    }

    /// A document the command made just now, handed to the person who asked.
    pub(crate) fn new(
        ctx: &Ctx<'_>,
        file_name: String,
        media_type: &str,
        bytes: Vec<u8>,
    ) -> CoreResult<FileContent> {
        let size = bytes.len() as u64;
        FileContent::handed_out(ctx, file_name, media_type, size, Source::Made(bytes.into()))
    }

    /// A stored file the person may have (the command has checked), checked whole on disk.
    pub(crate) fn stored(
        ctx: &Ctx<'_>,
        file_name: String,
        media_type: &str,
        sha256: &str,
    ) -> CoreResult<FileContent> {
        let size = ctx.app.attachments().verify(sha256)?;
        FileContent::handed_out(
            ctx,
            file_name,
            media_type,
            size,
            Source::Stored { sha256: sha256.to_string() },
        )
    }

    pub(crate) fn pdf(ctx: &Ctx<'_>, file_name: String, bytes: Vec<u8>) -> CoreResult<FileContent> {
        FileContent::new(ctx, file_name, "application/pdf", bytes)
    }

    pub(crate) fn xlsx(ctx: &Ctx<'_>, file_name: String, bytes: Vec<u8>) -> CoreResult<FileContent> {
        FileContent::new(
            ctx,
            file_name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterPrintRequest {
    pub register_id: RegisterId,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

impl RegisterPrintRequest {
    pub(crate) fn check(&self) -> CoreResult<()> {
        if self.to < self.from {
            return Err(CoreError::invalid(
                "to",
                "Ngày cuối phải sau ngày đầu.",
                "The end date must follow the start date.",
            ));
        }
        Ok(())
    }

    /// "so-van-ban-den-20260101-20260131.pdf"
    pub(crate) fn file_name(&self, stem: &str, extension: &str) -> String {
        format!("{stem}-{}-{}.{extension}", self.from.format("%Y%m%d"), self.to.format("%Y%m%d"))
    }
}

/// Check uploaded files and put them in the content-addressed store before anything is
/// written: (name, media type, sha256, size) for the rows that will refer to them.
pub(crate) fn store_attachments(
    ctx: &Ctx<'_>,
    files: &[crate::attachments::NewAttachment],
) -> CoreResult<Vec<crate::incoming::StoredFile>> {
    let by = ctx.actor()?.user_id;
    let accepted = ctx.read(|conn| crate::attachments::accept(ctx.app.attachments(), conn, by, files))?;
    Ok(accepted.into_iter().map(|f| (f.file_name, f.media_type, f.sha256, f.size as usize)).collect())
}

pub(crate) fn organisation(ctx: &Ctx<'_>) -> CoreResult<crate::settings::Organisation> {
    ctx.read(crate::settings::organisation)?.ok_or(CoreError::SetupRequired)
}

/// The code of the person's department ("KT"), for the file copy line "Lưu: VT, KT.".
pub(crate) fn department_code(ctx: &Ctx<'_>, actor: &crate::vocabulary::Actor) -> CoreResult<String> {
    ctx.read(|conn| crate::org::department::code_of(conn, actor.department_id))
}
