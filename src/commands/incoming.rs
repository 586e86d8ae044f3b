//! Incoming documents, registers and routing.

use super::command::{Access, Ctx, FileContent, RegisterPrintRequest, organisation, store_attachments};
use crate::doctype::{self, DocumentType};
use crate::error::{CoreError, CoreResult};
use crate::incoming::flow::{
    self, AssignRequest, CancelRequest, CloseRequest, CorrectRequest, DirectRequest, GiveBackRequest,
    PresentRequest, ProgressRequest,
};
use crate::incoming::model::{IncomingId, IncomingRow};
use crate::incoming::routing::{self, RouteProposal, RouteQuery, RoutingRule, RoutingRuleInput, Territory};
use crate::incoming::views::{InboxCounts, IncomingDetail, IncomingFilter, IncomingPage};
use crate::incoming::{self, DuplicateCandidate, IncomingInput};
use crate::permission::{self, Action};
use crate::register::{self, Register, RegisterId, RegisterInput, RegisterKind};
use crate::signature::SignatureCheck;
use crate::vocabulary::{AgencyId, Clearance, DepartmentId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(DocumentTypeList, Access::Authenticated, () => Vec<DocumentType>, |_ctx, _| {
    Ok(doctype::all())
});

command!(
    RegisterList, Access::Authenticated, RegisterListRequest {
        kind: Option<RegisterKind>,
        /// Only the registers a document at this secrecy may be numbered in.
        #[serde(default)]
        #[ts(optional)]
        fits: Option<Clearance>,
    } => Vec<Register>, reads [Register],
    |ctx, request| {
        let mut registers = ctx.read(|conn| register::list(conn, request.kind))?;
        if let Some(secrecy) = request.fits {
            registers.retain(|r| r.fits(secrecy));
        }
        Ok(registers)
    }
);

command!(
    RegisterCreate, Access::Allowed(Action::RegisterManage), RegisterInput => Register,
    |ctx, input| ctx.write(|w| register::create(w, &input))
);

command!(
    RegisterUpdate, Access::Allowed(Action::RegisterManage),
    RegisterUpdateRequest { id: RegisterId, input: RegisterInput, active: bool } => Register,
    |ctx, request| ctx.write(|w| register::update(w, request.id, &request.input, request.active))
);

command!(
    /// The Decree 30 warning, asked for before saving.
    IncomingCheckDuplicates, Access::Allowed(Action::IncomingRegister),
    DuplicateQuery {
        agency_id: Option<AgencyId>,
        agency_name: String,
        number_symbol: String,
        received_at: DateTime<Utc>,
    } => Vec<DuplicateCandidate>,
    reads [IncomingDocument], |ctx, q, actor| {
        let year = incoming::model::vietnam_year(q.received_at);
        ctx.read(|conn| {
            incoming::find_duplicates(conn, actor, q.agency_id, &q.agency_name, &q.number_symbol, year)
        })
    }
);

command!(
    IncomingRoute, Access::Allowed(Action::IncomingRegister), RouteQuery => RouteProposal,
    reads [RoutingRule], |ctx, query| ctx.read(|conn| routing::propose(conn, &query))
);

command!(
    IncomingRegister, Access::Allowed(Action::IncomingRegister), IncomingInput => IncomingRow,
    |ctx, input, actor| {
        let actor = actor.clone();
        // Files go to the content-addressed store first; one left there by a refused
        // registration is harmless (nothing refers to it, and the same bytes reuse it).
        let stored = store_attachments(ctx, &input.attachments)?;
        ctx.write(|w| {
            let id = incoming::register(w, &actor, &input, &stored)?;
            incoming::model::row(w, &actor, id, w.now())
        })
    }
);

request! {
    pub struct PeopleRequest {
        /// The secrecy of the document the form is about (none when absent); people not
        /// cleared for it are left out.
        #[serde(default)]
        #[ts(optional)]
        pub secrecy: Option<Clearance>,
    }
}

command!(
    /// Who the incoming forms may name (present to, assign to, filter by handler), from the
    /// same rules the steps check.
    // Names of the Office's people, as the directory shows them (the administrator's
    // routing rules name leaders too).
    IncomingPeopleGet, Access::Allowed(Action::DirectoryView), PeopleRequest => flow::IncomingPeople,
    reads [User],
    |ctx, request, actor| {
        ctx.read(|conn| flow::people(conn, actor, request.secrecy.unwrap_or(Clearance::None)))
    }
);

request! {
    pub struct AllowedRequest {
        /// At most 200 (a page of a list).
        pub ids: Vec<IncomingId>,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IncomingAllowed {
    pub id: IncomingId,
    pub allowed: flow::Allowed,
}

command!(
    /// What the person may do now with each of several documents (those they may see), for
    /// a step done to several at once: the same answer each document's page has.
    IncomingAllowedGet, Access::Allowed(Action::IncomingView), AllowedRequest => Vec<IncomingAllowed>,
    reads [IncomingDocument], |ctx, request, actor| {
        ctx.read(|conn| {
            let each =
                super::command::allowed_each(&request.ids, |id| flow::allowed(conn, actor, id, ctx.now))?;
            Ok(each.into_iter().map(|(id, allowed)| IncomingAllowed { id, allowed }).collect())
        })
    }
);

command!(
    IncomingList, Access::Allowed(Action::IncomingView), IncomingFilter => IncomingPage,
    reads [IncomingDocument],
    |ctx, filter, actor| ctx.read(|conn| incoming::views::list(conn, actor, &filter, ctx.now))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingRef {
    pub id: IncomingId,
}

command!(
    IncomingGet, Access::Allowed(Action::IncomingView), IncomingRef => IncomingDetail,
    reads [IncomingDocument],
    |ctx, request, actor| ctx.read(|conn| incoming::views::detail(conn, actor, request.id, ctx.now))
);

command!(
    IncomingInbox, Access::Allowed(Action::IncomingView), () => Vec<IncomingRow>, reads [IncomingDocument],
    |ctx, _, actor| ctx.read(|conn| incoming::views::inbox(conn, actor, ctx.now))
);

command!(
    /// Counts for the sidebar; zero for people who do not work with incoming documents.
    IncomingInboxCounts, Access::Authenticated, () => InboxCounts,
    reads [IncomingDocument], |ctx, _, actor| {
        if !permission::allows_user(actor.role, actor.agency_id.is_some(), Action::IncomingView) {
            return Ok(InboxCounts::default());
        }
        ctx.read(|conn| incoming::views::inbox_counts(conn, actor, ctx.now))
    }
);

macro_rules! flow_command {
    ($name:ident, $request:ty, $function:path) => {
        flow_command!($name, $request, $function, IncomingHandle);
    };
    ($name:ident, $request:ty, $function:path, $action:ident) => {
        command!($name, Access::Allowed(Action::$action), $request => IncomingRow, |ctx, request, actor| {
            ctx.write(|w| $function(w, actor, &request))
        });
    };
}

flow_command!(IncomingPresent, PresentRequest, flow::present);
flow_command!(IncomingDirect, DirectRequest, flow::direct);
flow_command!(IncomingAssign, AssignRequest, flow::assign);
flow_command!(IncomingGiveBack, GiveBackRequest, flow::give_back);
flow_command!(IncomingProgress, ProgressRequest, flow::report_progress);
flow_command!(IncomingClose, CloseRequest, flow::close);
flow_command!(IncomingCorrect, CorrectRequest, flow::correct, IncomingRegister);
flow_command!(IncomingCancel, CancelRequest, flow::cancel, IncomingRegister);

command!(
    IncomingAttachmentGet, Access::Allowed(Action::IncomingView), AttachmentRef {
        #[ts(type = "number")]
        attachment_id: i64,
    } => FileContent,
    reads [IncomingDocument], |ctx, request, actor| {
        let attachment =
            ctx.read(|conn| incoming::views::attachment(conn, actor, request.attachment_id, ctx.now))?;
        FileContent::stored(ctx, attachment.file_name, &attachment.media_type, &attachment.sha256)
    }
);

command!(
    /// The digital signatures of an incoming PDF, checked now against the authorities the
    /// Office trusts ("Kiểm tra chữ ký số"); none for a file that is not a PDF.
    IncomingAttachmentSignatureList, Access::Allowed(Action::IncomingView), AttachmentRef => Option<Vec<SignatureCheck>>,
    reads [IncomingDocument], |ctx, request, actor| {
        let attachment =
            ctx.read(|conn| incoming::views::attachment(conn, actor, request.attachment_id, ctx.now))?;
        let bytes = ctx.app.attachments().get(&attachment.sha256)?;
        let trust = ctx.app.signing().trust()?;
        Ok(crate::exchange::pdf_signatures(&attachment.media_type, &bytes, &trust, ctx.now))
    }
);

command!(
    RoutingRuleList, Access::Allowed(Action::RegisterManage), () => Vec<RoutingRule>,
    reads [RoutingRule], |ctx, _| ctx.read(routing::list)
);

command!(
    RoutingRuleCreate, Access::Allowed(Action::RegisterManage), RoutingRuleInput => RoutingRule,
    operator, |ctx, input| ctx.write(|w| routing::create(w, &input))
);

command!(
    RoutingRuleUpdate, Access::Allowed(Action::RegisterManage), RoutingRuleUpdateRequest {
        #[ts(type = "number")]
        id: i64,
        input: RoutingRuleInput,
    } => RoutingRule,
    |ctx, request| ctx.write(|w| routing::update(w, request.id, &request.input))
);

command!(
    RoutingRuleMove, Access::Allowed(Action::RegisterManage), RoutingRuleMoveRequest {
        #[ts(type = "number")]
        id: i64,
        /// 1 is first.
        position: i32,
    } => Vec<RoutingRule>,
    |ctx, request| ctx.write(|w| routing::move_to(w, request.id, request.position))
);

command!(
    TerritorySet, Access::Allowed(Action::RegisterManage),
    TerritorySetRequest { department_id: DepartmentId, commune_ids: Vec<AgencyId> } => (),
    operator, |ctx, request| {
        ctx.write(|w| routing::set_territory(w, request.department_id, &request.commune_ids))
    }
);

command!(
    TerritoryList, Access::Allowed(Action::RegisterManage), () => Vec<Territory>,
    |ctx, _| ctx.read(routing::territories)
);

command!(
    /// The incoming register (Annex IV) for a period, as a PDF to print and bind.
    IncomingRegisterPdf, Access::Allowed(Action::IncomingView), RegisterPrintRequest => FileContent,
    reads [IncomingDocument],
    |ctx, request, actor| {
        request.check()?;
        let register = ctx.read(|conn| register::get(conn, request.register_id))?;
        let lines = ctx.read(|conn| {
            incoming::views::register_lines(conn, actor, request.register_id, request.from, request.to)
        })?;
        let bytes = crate::incoming::print::register(
            &organisation(ctx)?,
            &register.name,
            request.from,
            request.to,
            &lines,
        )?;
        FileContent::pdf(ctx, request.file_name("so-van-ban-den", "pdf"), bytes)
    }
);

command!(
    /// The handling slip (phiếu giải quyết văn bản đến) of one document.
    IncomingSlipPdf, Access::Allowed(Action::IncomingView), IncomingRef => FileContent,
    reads [IncomingDocument],
    |ctx, request, actor| {
        let detail = ctx.read(|conn| incoming::views::detail(conn, actor, request.id, ctx.now))?;
        let bytes = crate::incoming::print::slip(&organisation(ctx)?, &detail)?;
        FileContent::pdf(
            ctx,
            format!("phieu-giai-quyet-{}-{}.pdf", detail.row.number, detail.row.year),
            bytes,
        )
    }
);

command!(
    /// The incoming register for a period as an XLSX workbook.
    IncomingRegisterXlsx, Access::Allowed(Action::IncomingView), RegisterPrintRequest => FileContent,
    reads [IncomingDocument],
    |ctx, request, actor| {
        request.check()?;
        let register = ctx.read(|conn| register::get(conn, request.register_id))?;
        let lines = ctx.read(|conn| {
            incoming::views::register_lines(conn, actor, request.register_id, request.from, request.to)
        })?;
        let bytes = incoming::spreadsheet::export(&register.name, request.from, request.to, &lines)?;
        FileContent::xlsx(ctx, request.file_name("so-van-ban-den", "xlsx"), bytes)
    }
);

request! {
    pub struct ImportRequest {
        pub register_id: RegisterId,
        /// XLSX, XLS or CSV (UTF-8, comma or semicolon).
        pub file_name: String,
        /// The file inline, base64-encoded …
        #[serde(default)]
        #[ts(optional)]
        pub content_base64: Option<String>,
        /// … or uploaded first (a year's register is megabytes).
        #[serde(default)]
        #[ts(optional)]
        pub upload_id: Option<String>,
        /// Import the rows without an error and leave the others out (the clerk downloads
        /// them with `incoming_import_rejected_xlsx`); otherwise all rows or none.
        #[serde(default)]
        #[ts(optional)]
        pub skip_invalid: Option<bool>,
    }
}

fn import_bytes(ctx: &Ctx<'_>, request: &ImportRequest) -> CoreResult<Vec<u8>> {
    use base64::Engine;
    if let Some(upload) = &request.upload_id {
        let by = ctx.actor()?.user_id;
        let (sha256, _) =
            ctx.read(|conn| crate::attachments::uploaded(conn, by, upload, "file", &request.file_name))?;
        return ctx.app.attachments().get(&sha256);
    }
    base64::engine::general_purpose::STANDARD
        .decode(request.content_base64.as_deref().unwrap_or("").trim())
        .map_err(|_| CoreError::invalid("file", "Tệp bị hỏng khi gửi lên.", "The file arrived damaged."))
}

command!(
    /// Read an old register and report, row by row, what would be imported and what not.
    IncomingImportPreview, Access::Allowed(Action::IncomingRegister),
    ImportRequest => incoming::spreadsheet::ImportPreview,
    reads [IncomingDocument], |ctx, request| {
        let bytes = import_bytes(ctx, &request)?;
        let preview = ctx.read(|conn| {
            incoming::spreadsheet::preview(conn, request.register_id, &request.file_name, &bytes)
        })?;
        Ok(preview.for_display())
    }
);

command!(
    /// The rows of an old register that cannot be imported, with the reason in a column, as
    /// an XLSX workbook to correct and import again.
    IncomingImportRejectedXlsx, Access::Allowed(Action::IncomingRegister), ImportRequest => FileContent,
    reads [IncomingDocument],
    |ctx, request| {
        let bytes = import_bytes(ctx, &request)?;
        let preview = ctx.read(|conn| {
            incoming::spreadsheet::preview(conn, request.register_id, &request.file_name, &bytes)
        })?;
        let book = incoming::spreadsheet::rejected_book(&request.file_name, &preview)?;
        let stem = request.file_name.rsplit_once('.').map_or(request.file_name.as_str(), |(stem, _)| stem);
        FileContent::xlsx(ctx, format!("{stem}-dong-loi.xlsx"), book)
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub imported: u32,
}

command!(
    /// Import an old register in one transaction: every row, or none if any row is wrong —
    /// or, when asked, the good rows only.
    IncomingImport, Access::Allowed(Action::IncomingRegister), ImportRequest => ImportResult,
    |ctx, request, actor| {
        let actor = actor.clone();
        let bytes = import_bytes(ctx, &request)?;
        // Checked again inside the writing transaction: nothing can take a number between.
        let imported = ctx.write(|w| {
            let preview = incoming::spreadsheet::preview(w, request.register_id, &request.file_name, &bytes)?;
            incoming::spreadsheet::commit(
                w,
                &actor,
                request.register_id,
                &preview,
                request.skip_invalid.unwrap_or(false),
            )
        })?;
        Ok(ImportResult { imported })
    }
);

command!(
    /// The printed page of a document described in full, for previewing drafts.
    DocumentPreviewPdf, Access::Authenticated, crate::pdf::official::OfficialDocument => FileContent,
    |ctx, document| {
        let bytes = crate::pdf::official::render(&document)?;
        let name = if document.number_symbol.is_empty() {
            "du-thao".to_string()
        } else {
            document.number_symbol.replace('/', "-")
        };
        FileContent::pdf(ctx, format!("{name}.pdf"), bytes)
    }
);
