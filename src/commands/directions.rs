//! Directions, their statistics and monthly report, deadline alerts, and the working
//! calendar.

use super::command::{Access, Command, Ctx, FileContent, department_code, organisation, store_attachments};
use crate::alerts::{self, AlertPage};
use crate::calendar::{self, Calendar, Override, SpecialDay};
use crate::directions::model::{DirectionId, DirectionRow};
use crate::directions::stats::{self, DirectionStats, MonthlyReport, Period, StatsFilter};
use crate::directions::tracking::{
    self, CompleteInput, DeadlineInput, ExtensionDecision, ExtensionInput, ProgressInput,
};
use crate::directions::{self, DirectionCounts, DirectionDetail, DirectionFilter, DirectionInput};
use crate::error::{CoreError, CoreResult};
use crate::incoming::model::IncomingId;
use crate::org::user::{self, User};
use crate::outgoing::draft::{self, DraftContent, DraftSave};
use crate::outgoing::views::OutgoingDetail;
use crate::outgoing::{self, OutgoingId};
use crate::permission::Action;
use crate::search::Page;
use crate::xlsx::{Section, Value};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(
    DirectionList, Access::Allowed(Action::DirectionView), DirectionFilter => Page<DirectionRow>,
    reads [Direction], |ctx, filter, actor| ctx.read(|conn| directions::list(conn, actor, &filter, ctx.now))
);

command!(
    DirectionCountsGet, Access::Allowed(Action::DirectionView), () => DirectionCounts,
    reads [Direction], |ctx, _, actor| ctx.read(|conn| directions::counts(conn, actor, ctx.now))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectionRef {
    pub id: DirectionId,
}

command!(
    DirectionGet, Access::Allowed(Action::DirectionView), DirectionRef => DirectionDetail,
    reads [Direction],
    |ctx, request, actor| ctx.read(|conn| directions::detail(conn, actor, request.id, ctx.now))
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
    |ctx, input| {
        let actor = ctx.actor()?;
        Ok(DirectionRef { id: ctx.write(|w| directions::create(w, actor, &input))? })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectionUpdateRequest {
    pub id: DirectionId,
    pub input: DirectionInput,
}

command!(
    DirectionUpdate, Access::Allowed(Action::DirectionManage), DirectionUpdateRequest => DirectionRef,
    |ctx, request| {
        let actor = ctx.actor()?;
        ctx.write(|w| directions::update(w, actor, request.id, &request.input))?;
        Ok(DirectionRef { id: request.id })
    }
);

/// Directions linked to a document: created from an incoming document's direction or a
/// conclusion notice.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkedRequest {
    pub kind: crate::secrecy::DocumentKind,
    #[ts(type = "number")]
    pub id: i64,
}

command!(
    DirectionLinked, Access::Allowed(Action::DirectionView), LinkedRequest => Vec<DirectionRow>,
    reads [Direction],
    |ctx, request, actor| ctx.read(|conn| directions::linked_to(conn, actor, request.kind, request.id, ctx.now))
);

command!(
    /// A progress report, by the Office's side or by the lead agency's own account.
    DirectionProgressAdd, Access::Allowed(Action::DirectionView), ProgressInput => DirectionRef,
    |ctx, input| {
        let actor = ctx.actor()?;
        let stored = store_attachments(ctx, &input.attachments)?;
        ctx.write(|w| tracking::add_progress(w, actor, &input, &stored))?;
        Ok(DirectionRef { id: input.id })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressFileRequest {
    pub id: DirectionId,
    #[ts(type = "number")]
    pub attachment_id: i64,
}

pub struct DirectionProgressFile;
impl Command for DirectionProgressFile {
    const ACCESS: Access = Access::Allowed(Action::DirectionView);
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([Direction]);
    type Request = ProgressFileRequest;
    type Response = FileContent;

    fn run(ctx: &Ctx<'_>, request: ProgressFileRequest) -> CoreResult<FileContent> {
        let actor = ctx.actor()?;
        let detail = ctx.read(|conn| directions::detail(conn, actor, request.id, ctx.now))?;
        let file = detail
            .progress
            .iter()
            .flat_map(|p| &p.attachments)
            .find(|a| a.id == request.attachment_id)
            .ok_or(CoreError::NotFound { what: crate::error::Noun::Attachment })?;
        FileContent::stored(ctx, file.file_name.clone(), &file.media_type, &file.sha256)
    }
}

command!(
    DirectionExtensionRequest, Access::Allowed(Action::DirectionView), ExtensionInput => DirectionRef,
    |ctx, input| {
        let actor = ctx.actor()?;
        ctx.write(|w| tracking::request_extension(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    DirectionExtensionDecide, Access::Allowed(Action::DirectionDecide), ExtensionDecision => DirectionRef,
    |ctx, decision| {
        let actor = ctx.actor()?;
        Ok(DirectionRef { id: ctx.write(|w| tracking::decide_extension(w, actor, &decision))? })
    }
);

command!(
    DirectionSetDeadline, Access::Allowed(Action::DirectionDecide), DeadlineInput => DirectionRef,
    |ctx, input| {
        let actor = ctx.actor()?;
        ctx.write(|w| tracking::set_deadline(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

command!(
    DirectionComplete, Access::Allowed(Action::DirectionManage), CompleteInput => DirectionRef,
    |ctx, input| {
        let actor = ctx.actor()?;
        ctx.write(|w| tracking::complete(w, actor, &input))?;
        Ok(DirectionRef { id: input.id })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemindRequest {
    pub ids: Vec<DirectionId>,
}

command!(
    /// The reminder công văn for late directions, as a draft not yet saved (it opens in the
    /// editor; nothing exists until the person saves it).
    DirectionRemindTemplate, Access::Allowed(Action::DirectionManage), RemindRequest => DraftContent,
    reads [Direction], |ctx, request| {
        let actor = ctx.actor()?;
        let code = department_code(ctx, actor)?;
        ctx.read(|conn| {
            let rows = tracking::reminder_rows(conn, actor, &request.ids, ctx.now)?;
            tracking::reminder_content(conn, actor, &rows, &code, ctx.now)
        })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemindSaveRequest {
    /// The directions it reminds of.
    pub ids: Vec<DirectionId>,
    /// The draft as the person wrote it (a new one: `draft.id` is none).
    pub draft: DraftSave,
}

/// Save the reminder as the person's draft, tied to each direction, in one transaction.
pub struct DirectionRemindSave;
impl Command for DirectionRemindSave {
    const ACCESS: Access = Access::Allowed(Action::DirectionManage);
    type Request = RemindSaveRequest;
    type Response = OutgoingDetail;

    fn run(ctx: &Ctx<'_>, request: RemindSaveRequest) -> CoreResult<OutgoingDetail> {
        let actor = ctx.actor()?.clone();
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
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatsRequest {
    pub period: Period,
    #[serde(default)]
    pub filter: StatsFilter,
}

command!(
    DirectionStatsGet, Access::Allowed(Action::DirectionView), StatsRequest => DirectionStats,
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
    ReportMonthlyPdf, Access::Allowed(Action::ReportView), MonthRequest => FileContent, reads [IncomingDocument, OutgoingDocument, Direction],
    |ctx, request| {
        let report = monthly(ctx, request)?;
        let bytes = crate::directions::print::monthly(&organisation(ctx)?, &report)?;
        FileContent::pdf(ctx, report_file_name(request, "pdf"), bytes)
    }
);

/// The month's report as the Office's document to draft (not saved: it opens in the
/// editor, goes through review and signature, and gets its number when issued).
pub struct ReportMonthlyDraft;
impl Command for ReportMonthlyDraft {
    const ACCESS: Access = Access::Allowed(Action::OutgoingDraft);
    const READS: &'static [crate::vocabulary::ObjectKind] =
        kinds!([IncomingDocument, OutgoingDocument, Direction]);
    type Request = MonthRequest;
    type Response = DraftContent;

    fn run(ctx: &Ctx<'_>, request: MonthRequest) -> CoreResult<DraftContent> {
        let actor = ctx.actor()?;
        if !crate::permission::allows_user(actor.role, actor.agency_id.is_some(), Action::ReportView) {
            return Err(CoreError::PermissionDenied { action: Action::ReportView.as_str() });
        }
        let report = monthly(ctx, request)?;
        let code = department_code(ctx, actor)?;
        Ok(crate::directions::print::monthly_draft(&report, draft::template(actor, &code, "BC")))
    }
}

pub struct ReportMonthlyXlsx;
impl Command for ReportMonthlyXlsx {
    const ACCESS: Access = Access::Allowed(Action::ReportView);
    const READS: &'static [crate::vocabulary::ObjectKind] =
        kinds!([IncomingDocument, OutgoingDocument, Direction]);
    type Request = MonthRequest;
    type Response = FileContent;

    fn run(ctx: &Ctx<'_>, request: MonthRequest) -> CoreResult<FileContent> {
        let report = monthly(ctx, request)?;
        let tables = report.tables();
        // Counts stay numbers and days dates in the spreadsheet; the rate stays as written
        // ("99,5%").
        let cells = |rows: &[Vec<String>]| -> Vec<Vec<Value>> {
            rows.iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .map(|(i, text)| match Value::typed(text) {
                            Value::Number(_) if i <= 1 => Value::Text(text.clone()),
                            typed => typed,
                        })
                        .collect()
                })
                .collect()
        };
        let widths = |headings: &[&'static str]| -> Vec<(&'static str, f64)> {
            headings.iter().enumerate().map(|(i, h)| (*h, if i == 1 { 45.0 } else { 14.0 })).collect()
        };
        let (handling, outgoing, directions, late) = (
            cells(&tables.handling),
            cells(&tables.outgoing),
            cells(&tables.directions),
            cells(&tables.late),
        );
        let (hc, oc, dc, lc) = (
            widths(&stats::HANDLING_COLUMNS),
            widths(&stats::OUTGOING_COLUMNS),
            widths(&stats::DIRECTION_COLUMNS),
            widths(&stats::LATE_COLUMNS),
        );
        let sections = [
            Section {
                heading: Some(format!(
                    "I. Văn bản đến: tiếp nhận {}, có hạn xử lý {}",
                    report.incoming_received, report.incoming_with_deadline
                )),
                columns: &hc,
                rows: &handling,
            },
            Section {
                heading: Some(format!("II. Văn bản đi: ban hành {}", report.outgoing_issued)),
                columns: &oc,
                rows: &outgoing,
            },
            Section {
                heading: Some(format!(
                    "III. Nhiệm vụ được giao trong tháng: {}",
                    report.directions.total.summary
                )),
                columns: &dc,
                rows: &directions,
            },
            Section {
                heading: Some("IV. Cơ quan còn nhiệm vụ quá hạn chưa hoàn thành".to_string()),
                columns: &lc,
                rows: &late,
            },
        ];
        let subtitle = format!("Số liệu tính đến ngày {}", report.as_of.format("%d/%m/%Y"));
        let bytes = crate::xlsx::sections_book("BaoCao", &report.title(), &subtitle, &sections)?;
        FileContent::xlsx(ctx, report_file_name(request, "xlsx"), bytes)
    }
}

pub type AlertListRequest = alerts::AlertFilter;

command!(
    /// The person's notification centre.
    AlertList, Access::Authenticated, AlertListRequest => AlertPage,
    reads [Alert, Direction, IncomingDocument, OutgoingDocument, Meeting], |ctx, request| {
        let actor = ctx.actor()?;
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

pub struct AlertMarkRead;
impl Command for AlertMarkRead {
    const ACCESS: Access = Access::Authenticated;
    type Request = AlertMarkReadRequest;
    type Response = AlertPage;

    fn run(ctx: &Ctx<'_>, request: AlertMarkReadRequest) -> CoreResult<AlertPage> {
        let actor = ctx.actor()?;
        let page =
            ctx.read(|conn| alerts::list(conn, actor, request.filter, crate::clock::vietnam_date(ctx.now)))?;
        if page.unread == 0 {
            return Ok(page);
        }
        ctx.write(|w| alerts::mark_read(w, actor, &request.ids))?;
        ctx.read(|conn| alerts::list(conn, actor, request.filter, crate::clock::vietnam_date(ctx.now)))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertDaysRequest {
    pub days: Vec<u32>,
}

command!(
    /// The person's own alert settings: working days ahead of a deadline.
    UserAlertDaysSet, Access::Authenticated, AlertDaysRequest => User,
    |ctx, request| {
        let actor = ctx.actor()?;
        ctx.write(|w| user::set_alert_days(w, actor.user_id, &request.days))
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct YearRequest {
    pub year: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarYear {
    pub year: i32,
    /// Days off and worked weekend days, rules and overrides merged.
    pub days: Vec<SpecialDay>,
    pub overrides: Vec<Override>,
    /// Every day of the year that is not worked (weekends included), for month views.
    pub off_days: Vec<NaiveDate>,
    pub working_days: u32,
}

fn calendar_year(conn: &rusqlite::Connection, year: i32) -> CoreResult<CalendarYear> {
    let calendar = Calendar::load(conn)?;
    let days = calendar.special_days(year)?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
    let (working, off_days): (Vec<NaiveDate>, Vec<NaiveDate>) = first
        .iter_days()
        .take_while(|d| chrono::Datelike::year(d) == year)
        .partition(|d| calendar.is_working_day(*d));
    Ok(CalendarYear {
        year,
        overrides: calendar.overrides(year),
        days,
        off_days,
        working_days: working.len() as u32,
    })
}

command!(
    CalendarYearGet, Access::Authenticated, YearRequest => CalendarYear,
    reads [Calendar], |ctx, request| ctx.read(|conn| calendar_year(conn, request.year))
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalendarDayRequest {
    pub date: NaiveDate,
    /// `true`: a working day; `false`: a day off; absent: back to the rules.
    #[serde(default)]
    pub working: Option<bool>,
    #[serde(default)]
    pub name: String,
}

/// The administrator's decision about a day (a swap, an extra day off, a holiday taken back).
pub struct CalendarDaySet;
impl Command for CalendarDaySet {
    const ACCESS: Access = Access::Allowed(Action::CalendarManage);
    type Request = CalendarDayRequest;
    type Response = CalendarYear;

    fn run(ctx: &Ctx<'_>, request: CalendarDayRequest) -> CoreResult<CalendarYear> {
        let name = crate::vocabulary::clean_optional("name", ("Tên ngày", "Name"), &request.name, 150)?;
        if request.working == Some(false) && name.is_empty() {
            return Err(CoreError::invalid(
                "name",
                "Ghi tên ngày nghỉ (ví dụ: Nghỉ Tết hoán đổi).",
                "Name the day off (e.g. a Tết swap).",
            ));
        }
        let actor = ctx.actor()?;
        ctx.write(|w| {
            let name = if name.is_empty() { "Ngày làm việc (hoán đổi)".to_string() } else { name };
            calendar::set_override(
                w,
                request.date,
                request.working.map(|working| (working, name.as_str())),
                Some(actor.user_id.0),
                &w.now_text(),
            )?;
            let (what, what_en) = match request.working {
                Some(true) => ("làm việc", "a working day"),
                Some(false) => ("nghỉ", "a day off"),
                None => ("theo quy định", "as the rules say"),
            };
            w.audit(
                crate::audit::ObjectRef { kind: crate::vocabulary::ObjectKind::Calendar, id: None },
                crate::audit::said(
                    format!("Lịch làm việc: ngày {} là ngày {what}", request.date.format("%d/%m/%Y")),
                    format!("Working calendar: {} is {what_en}", request.date.format("%d/%m/%Y")),
                ),
                &request,
            )?;
            Ok(())
        })?;
        ctx.read(|conn| calendar_year(conn, chrono::Datelike::year(&request.date)))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeadlineRequest {
    pub start: NaiveDate,
    pub days: u32,
    /// `true`: N working days; `false`: N calendar days, moved to the next working day.
    pub working: bool,
}

pub struct CalendarDeadline;
impl Command for CalendarDeadline {
    const ACCESS: Access = Access::Authenticated;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([Calendar]);
    type Request = DeadlineRequest;
    type Response = NaiveDate;

    fn run(ctx: &Ctx<'_>, request: DeadlineRequest) -> CoreResult<NaiveDate> {
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
}
