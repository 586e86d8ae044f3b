//! Directions, their statistics and monthly report, deadline alerts, and the working
//! calendar.

use super::command::{Access, Ctx, FileContent, department_code, organisation, store_attachments};
use crate::alerts::{self, AlertPage};
use crate::calendar::{self, Calendar};
use crate::directions::model::{DirectionId, DirectionRow};
use crate::directions::stats::{self, DirectionStats, MonthlyReport, Period, StatsFilter};
use crate::directions::tracking::{
    self, CompleteInput, DeadlineInput, ExtensionDecision, ExtensionInput, ProgressInput,
};
use crate::directions::views::{DirectionCounts, DirectionDetail, DirectionFilter};
use crate::directions::{self, DirectionInput};
use crate::error::{CoreError, CoreResult};
use crate::incoming::model::IncomingId;
use crate::org::user::{self, User};
use crate::outgoing::draft::{self, DraftContent, DraftSave};
use crate::outgoing::views::OutgoingDetail;
use crate::outgoing::{self, OutgoingId};
use crate::permission::Action;
use crate::search::Page;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(
    DirectionList, Access::Allowed(Action::DirectionView), DirectionFilter => Page<DirectionRow>,
    reads [Direction], |ctx, filter, actor| ctx.read(|conn| directions::views::list(conn, actor, &filter, ctx.now))
);

command!(
    DirectionCountsGet, Access::Allowed(Action::DirectionView), () => DirectionCounts,
    reads [Direction], |ctx, _, actor| ctx.read(|conn| directions::views::counts(conn, actor, ctx.now))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectionRef {
    pub id: DirectionId,
}

command!(
    DirectionGet, Access::Allowed(Action::DirectionView), DirectionRef => DirectionDetail,
    reads [Direction],
    |ctx, request, actor| ctx.read(|conn| directions::views::detail(conn, actor, request.id, ctx.now))
);

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct DirectionTemplateRequest {
    pub incoming_id: Option<IncomingId>,
    pub outgoing_id: Option<OutgoingId>,
    /// An existing direction, as it stands, to edit it.
    pub direction_id: Option<DirectionId>,
}

command!(
    /// A new direction prefilled from the incoming document or conclusion notice it comes from;
    /// or an existing one as it stands, for the edit form.
    DirectionTemplate, Access::Allowed(Action::DirectionManage), DirectionTemplateRequest => DirectionInput,
    reads [Direction], |ctx, request, actor| {
        ctx.read(|conn| match request.direction_id {
            Some(id) => directions::input_of(conn, actor, id, ctx.now),
            None => {
                directions::template(conn, actor, request.incoming_id, request.outgoing_id, ctx.now)
            }
        })
    }
);

command!(
    /// The leaders who may give directions and the Office's people who may follow them.
    DirectionPeopleGet, Access::Allowed(Action::DirectionView), () => directions::DirectionPeople,
    reads [User], |ctx, _| ctx.read(directions::people)
);

command!(
    DirectionCreate, Access::Allowed(Action::DirectionManage), DirectionInput => DirectionRef,
    |ctx, input, actor| Ok(DirectionRef { id: ctx.write(|w| directions::create(w, actor, &input))? })
);

command!(
    DirectionUpdate, Access::Allowed(Action::DirectionManage),
    DirectionUpdateRequest { id: DirectionId, input: DirectionInput } => DirectionRef,
    |ctx, request, actor| {
        ctx.write(|w| directions::update(w, actor, request.id, &request.input))?;
        Ok(DirectionRef { id: request.id })
    }
);

request! {
    /// Directions linked to a document: created from an incoming document's direction or a
    /// conclusion notice.
    pub struct LinkedRequest {
        pub kind: crate::secrecy::DocumentKind,
        #[ts(type = "number")]
        pub id: i64,
    }
}

command!(
    DirectionLinked, Access::Allowed(Action::DirectionView), LinkedRequest => Vec<DirectionRow>,
    reads [Direction],
    |ctx, request, actor| {
        ctx.read(|conn| directions::views::linked_to(conn, actor, request.kind, request.id, ctx.now))
    }
);

command!(
    /// A progress report, by the Office's side or by the lead agency's own account.
    DirectionProgressAdd, Access::Allowed(Action::DirectionView), ProgressInput => DirectionRef,
    |ctx, input, actor| {
        let stored = store_attachments(ctx, &input.attachments)?;
        ctx.write(|w| tracking::add_progress(w, actor, &input, &stored))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    DirectionProgressFile, Access::Allowed(Action::DirectionView), ProgressFileRequest {
        id: DirectionId,
        #[ts(type = "number")]
        attachment_id: i64,
    } => FileContent, reads [Direction],
    |ctx, request, actor| {
        let (id, attachment) = (request.id, request.attachment_id);
        let file = ctx.read(|conn| directions::views::progress_file(conn, actor, id, attachment, ctx.now))?;
        FileContent::stored(ctx, file.file_name.clone(), &file.media_type, &file.sha256)
    }
);

command!(
    DirectionExtensionRequest, Access::Allowed(Action::DirectionView), ExtensionInput => DirectionRef,
    |ctx, input, actor| {
        ctx.write(|w| tracking::request_extension(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    DirectionExtensionDecide, Access::Allowed(Action::DirectionDecide), ExtensionDecision => DirectionRef,
    |ctx, decision, actor| {
        Ok(DirectionRef { id: ctx.write(|w| tracking::decide_extension(w, actor, &decision))? })
    }
);

command!(
    DirectionSetDeadline, Access::Allowed(Action::DirectionDecide), DeadlineInput => DirectionRef,
    |ctx, input, actor| {
        ctx.write(|w| tracking::set_deadline(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    DirectionComplete, Access::Allowed(Action::DirectionManage), CompleteInput => DirectionRef,
    |ctx, input, actor| {
        ctx.write(|w| tracking::complete(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    /// The reminder công văn for late directions, as a draft not yet saved (it opens in the
    /// editor; nothing exists until the person saves it).
    DirectionRemindTemplate, Access::Allowed(Action::DirectionManage),
    RemindRequest { ids: Vec<DirectionId> } => DraftContent,
    reads [Direction], |ctx, request, actor| {
        let code = department_code(ctx, actor)?;
        ctx.read(|conn| {
            let rows = tracking::reminder_rows(conn, actor, &request.ids, ctx.now)?;
            tracking::reminder_content(conn, actor, &rows, &code, ctx.now)
        })
    }
);

command!(
    /// Save the reminder as the person's draft, tied to each direction, in one transaction.
    DirectionRemindSave, Access::Allowed(Action::DirectionManage), RemindSaveRequest {
        /// The directions it reminds of.
        ids: Vec<DirectionId>,
        /// The draft as the person wrote it (a new one: `draft.id` is none).
        draft: DraftSave,
    } => OutgoingDetail,
    |ctx, request, actor| {
        let actor = actor.clone();
        if request.draft.id.is_some() {
            return Err(CoreError::invalid(
                "id",
                "Công văn đôn đốc đã lưu; sửa tiếp như mọi dự thảo.",
                "The reminder is saved already; edit it as any draft.",
            ));
        }
        // The draft is the person's: `draft::save` refuses those who may not draft.
        let files =
            ctx.read(|conn| draft::store_files(ctx.app.attachments(), conn, actor.user_id, &request.draft))?;
        let id = ctx.write(|w| {
            let id = draft::save(w, &actor, &request.draft, files)?;
            tracking::link_reminders(w, &actor, &request.ids, id)?;
            Ok(id)
        })?;
        ctx.read(|conn| outgoing::views::detail(conn, &actor, id))
    }
);

command!(
    DirectionStatsGet, Access::Allowed(Action::DirectionView), StatsRequest {
        period: Period,
        #[serde(default)]
        filter: StatsFilter,
    } => DirectionStats,
    reads [Direction],
    |ctx, request, actor| ctx.read(|conn| stats::stats(conn, actor, request.period, &request.filter, ctx.now))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MonthRequest {
    pub year: i32,
    pub month: u32,
}

fn monthly(ctx: &Ctx<'_>, request: MonthRequest) -> CoreResult<MonthlyReport> {
    ctx.read(|conn| stats::monthly_report(conn, ctx.actor()?, request.year, request.month, ctx.now))
}

fn report_file_name(request: MonthRequest, extension: &str) -> String {
    format!("bao-cao-thang-{:02}-{}.{extension}", request.month, request.year)
}

command!(
    ReportMonthlyPdf, Access::Allowed(Action::ReportView), MonthRequest => FileContent,
    reads [IncomingDocument, OutgoingDocument, Direction],
    |ctx, request| {
        let report = monthly(ctx, request)?;
        let bytes = crate::directions::print::monthly(&organisation(ctx)?, &report)?;
        FileContent::pdf(ctx, report_file_name(request, "pdf"), bytes)
    }
);

command!(
    /// The month's report as the Office's document to draft (not saved: it opens in the
    /// editor, goes through review and signature, and gets its number when issued).
    ReportMonthlyDraft, Access::Allowed(Action::OutgoingDraft), MonthRequest => DraftContent,
    reads [IncomingDocument, OutgoingDocument, Direction],
    |ctx, request, actor| {
        if !crate::permission::allows_user(actor.role, actor.agency_id.is_some(), Action::ReportView) {
            return Err(CoreError::PermissionDenied { action: Action::ReportView.as_str() });
        }
        let report = monthly(ctx, request)?;
        let code = department_code(ctx, actor)?;
        Ok(crate::directions::print::monthly_draft(&report, draft::template(actor, &code, "BC")))
    }
);

command!(
    ReportMonthlyXlsx, Access::Allowed(Action::ReportView), MonthRequest => FileContent,
    reads [IncomingDocument, OutgoingDocument, Direction],
    |ctx, request| {
        let report = monthly(ctx, request)?;
        let bytes = crate::directions::print::monthly_xlsx(&report)?;
        FileContent::xlsx(ctx, report_file_name(request, "xlsx"), bytes)
    }
);

pub type AlertListRequest = alerts::AlertFilter;

command!(
    /// The person's notification centre.
    AlertList, Access::Authenticated, AlertListRequest => AlertPage,
    reads [Alert, Direction, IncomingDocument, OutgoingDocument, Meeting], |ctx, request, actor| {
        ctx.read(|conn| alerts::list(conn, actor, request, crate::clock::vietnam_date(ctx.now)))
    }
);

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct AlertMarkReadRequest {
    /// The alerts to mark; all of the person's unread alerts when empty.
    #[ts(type = "number[]")]
    pub ids: Vec<i64>,
    /// The list to answer with afterwards (the bell's or the alerts page's).
    pub filter: alerts::AlertFilter,
}

command!(AlertMarkRead, Access::Authenticated, AlertMarkReadRequest => AlertPage, |ctx, request, actor| {
    let page =
        ctx.read(|conn| alerts::list(conn, actor, request.filter, crate::clock::vietnam_date(ctx.now)))?;
    if page.unread == 0 {
        return Ok(page);
    }
    ctx.write(|w| alerts::mark_read(w, actor, &request.ids))?;
    ctx.read(|conn| alerts::list(conn, actor, request.filter, crate::clock::vietnam_date(ctx.now)))
});

command!(
    /// The person's own alert settings: working days ahead of a deadline.
    UserAlertDaysSet, Access::Authenticated, AlertDaysRequest { days: Vec<u32> } => User,
    |ctx, request, actor| ctx.write(|w| user::set_alert_days(w, actor.user_id, &request.days))
);

command!(
    CalendarYearGet, Access::Authenticated, YearRequest { year: i32 } => calendar::CalendarYear,
    reads [Calendar], |ctx, request| ctx.read(|conn| calendar::year_view(conn, request.year))
);

command!(
    /// The administrator's decision about a day (a swap, an extra day off, a holiday taken back).
    CalendarDaySet, Access::Allowed(Action::CalendarManage), CalendarDayRequest {
        date: NaiveDate,
        /// `true`: a working day; `false`: a day off; absent: back to the rules.
        #[serde(default)]
        working: Option<bool>,
        #[serde(default)]
        name: String,
    } => calendar::CalendarYear,
    |ctx, request, actor| {
        ctx.write(|w| calendar::decide_day(w, actor.user_id, request.date, request.working, &request.name))?;
        ctx.read(|conn| calendar::year_view(conn, chrono::Datelike::year(&request.date)))
    }
);

command!(
    CalendarDeadline, Access::Authenticated, DeadlineRequest {
        start: NaiveDate,
        days: u32,
        /// `true`: N working days; `false`: N calendar days, moved to the next working day.
        working: bool,
    } => NaiveDate, reads [Calendar], |ctx, request| {
        if request.days > 3650 {
            return Err(CoreError::invalid("days", "Số ngày quá lớn.", "Too many days."));
        }
        let calendar = ctx.read(Calendar::load)?;
        Ok(if request.working {
            calendar.add_working_days(request.start, request.days)
        } else {
            calendar.add_days(request.start, request.days)
        })
    }
);
