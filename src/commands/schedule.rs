//! The leaders' weekly schedule: the week as a person sees it, entries, publishing, the
//! printed bulletin; and, open to anyone, what was published (the portal's page and the
//! calendar feeds), which the office server also serves at `GET /public/…`.

use super::command::{Access, Command, Ctx, FileContent, organisation};
use crate::error::{CoreError, CoreResult};
use crate::permission::Action;
use crate::schedule::delegations::{self, Delegation, DelegationId, DelegationInput};
use crate::schedule::model::{EntryId, Line, Viewer};
use crate::schedule::programme;
use crate::schedule::publish::{self, Publication, Week};
use crate::schedule::{self, EntryInput, ScheduleChoices, feed, print};
use crate::vocabulary::{AgencyId, UserId};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const VIEW: Access = Access::Allowed(Action::ScheduleView);
const EDIT: Access = Access::Allowed(Action::ScheduleEdit);

fn today(ctx: &Ctx<'_>) -> NaiveDate {
    crate::clock::vietnam_date(ctx.now)
}

command!(
    ScheduleChoicesGet, VIEW, () => ScheduleChoices, reads [User, Room],
    |ctx, _| ctx.read(schedule::choices)
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleWeekRequest {
    /// Any day of the week; none: this week by the app's clock.
    #[serde(default)]
    pub day: Option<NaiveDate>,
    /// Only this leader's lines.
    #[serde(default)]
    pub leader_id: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoomCreateRequest {
    pub name: String,
}

command!(
    /// Add one of the Office's rooms, which the schedule books.
    ScheduleRoomCreate, Access::Allowed(Action::SchedulePublish), RoomCreateRequest => ScheduleChoices,
    |ctx, r| {
        ctx.write(|w| schedule::add_room(w, &r.name))?;
        ctx.read(schedule::choices)
    }
);

command!(
    ScheduleWeekGet, VIEW, ScheduleWeekRequest => Week, reads [ScheduleEntry, ScheduleWeek],
    |ctx, r, actor| {
        let day = crate::calendar::check_day("day", r.day.unwrap_or_else(|| today(ctx)))?;
        ctx.read(|conn| publish::week(conn, actor, day, r.leader_id))
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleLinesRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub leader_id: Option<UserId>,
}

/// The lines of a period (a day, a month: at most 62 days) for the day and month views.
pub struct ScheduleLinesGet;
impl Command for ScheduleLinesGet {
    const ACCESS: Access = VIEW;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([ScheduleEntry, ScheduleWeek]);
    type Request = ScheduleLinesRequest;
    type Response = Vec<Line>;

    fn run(ctx: &Ctx<'_>, r: ScheduleLinesRequest) -> CoreResult<Vec<Line>> {
        crate::calendar::check_day("from", r.from)?;
        crate::calendar::check_day("to", r.to)?;
        if r.to < r.from {
            return Err(CoreError::invalid(
                "to",
                "Ngày cuối phải từ ngày đầu trở đi.",
                "The last day cannot come before the first.",
            ));
        }
        if r.to - r.from > Duration::days(62) {
            return Err(CoreError::invalid(
                "to",
                "Chọn khoảng thời gian tối đa 62 ngày.",
                "Choose a period of 62 days at most.",
            ));
        }
        ctx.read(|conn| schedule::lines(conn, Viewer::Person(ctx.actor()?), r.from, r.to, r.leader_id))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryRef {
    pub id: EntryId,
}

command!(
    ScheduleEntryGet, VIEW, EntryRef => EntryInput,
    reads [ScheduleEntry, ScheduleWeek],
    |ctx, r, actor| ctx.read(|conn| schedule::input_of(conn, actor, r.id))
);

command!(ScheduleEntryCreate, EDIT, EntryInput => EntryRef, |ctx, input| {
    let actor = ctx.actor()?;
    Ok(EntryRef { id: ctx.write(|w| schedule::create(w, actor, &input))? })
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleEntryUpdateRequest {
    pub id: EntryId,
    pub input: EntryInput,
}

command!(ScheduleEntryUpdate, EDIT, ScheduleEntryUpdateRequest => EntryRef, |ctx, r| {
    let actor = ctx.actor()?;
    ctx.write(|w| schedule::update(w, actor, r.id, &r.input))?;
    Ok(EntryRef { id: r.id })
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleEntryCancelRequest {
    pub id: EntryId,
    pub reason: String,
}

command!(ScheduleEntryCancel, EDIT, ScheduleEntryCancelRequest => EntryRef, |ctx, r| {
    let actor = ctx.actor()?;
    ctx.write(|w| schedule::cancel(w, actor, r.id, &r.reason))?;
    Ok(EntryRef { id: r.id })
});

command!(ScheduleEntryRemove, EDIT, EntryRef => (), |ctx, r| {
    let actor = ctx.actor()?;
    ctx.write(|w| schedule::remove(w, actor, r.id))
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleWeekRef {
    /// Any day of the week.
    pub day: NaiveDate,
}

command!(
    /// Publish the week, or its adjustment; answers with the week as it now stands.
    SchedulePublish, Access::Allowed(Action::SchedulePublish), ScheduleWeekRef => Week,
    |ctx, r| {
        let actor = ctx.actor()?;
        crate::calendar::check_day("day", r.day)?;
        ctx.write(|w| publish::publish(w, actor, r.day))?;
        ctx.read(|conn| publish::week(conn, actor, r.day, None))
    }
);

command!(
    SchedulePublicationList, VIEW, ScheduleWeekRef => Vec<Publication>, reads [ScheduleEntry, ScheduleWeek],
    |ctx, r| {
        ctx.read(|conn| {
            publish::publications(conn, schedule::model::week_start(crate::calendar::check_day("day", r.day)?))
        })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleBulletinRequest {
    pub day: NaiveDate,
    /// A publication of the week; none: the latest, or the draft if never published.
    #[serde(default)]
    pub revision: Option<u32>,
    /// What a publication now would publish, as a draft.
    #[serde(default)]
    pub draft: bool,
}

/// The printed weekly schedule (A4 landscape).
pub struct ScheduleBulletinPdf;
impl Command for ScheduleBulletinPdf {
    const ACCESS: Access = VIEW;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([ScheduleEntry, ScheduleWeek]);
    type Request = ScheduleBulletinRequest;
    type Response = FileContent;

    fn run(ctx: &Ctx<'_>, r: ScheduleBulletinRequest) -> CoreResult<FileContent> {
        let monday = schedule::model::week_start(crate::calendar::check_day("day", r.day)?);
        let organisation = organisation(ctx)?;
        let bytes = ctx.read(|conn| {
            let publication = if r.draft { None } else { publish::publication(conn, monday, r.revision)? };
            if r.revision.is_some() && publication.is_none() {
                return Err(CoreError::NotFound { what: crate::error::Noun::SchedulePublication });
            }
            let lines = match &publication {
                Some(p) => publish::published_lines(conn, p.id)?,
                None => publish::pending(conn, monday)?,
            };
            print::bulletin(&organisation, monday, publication.as_ref(), &lines)
        })?;
        let revision = ctx.read(|conn| publish::publication(conn, monday, r.revision))?;
        let suffix = match (r.draft, revision) {
            (false, Some(p)) => format!("-lan-{}", p.revision),
            _ => "-du-kien".to_string(),
        };
        FileContent::pdf(ctx, format!("lich-cong-tac-tuan-{monday}{suffix}.pdf"), bytes)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleFeedRequest {
    /// One leader's feed; none: the whole Committee's.
    #[serde(default)]
    pub leader_id: Option<UserId>,
}

/// Days before and after today a feed covers.
const FEED_DAYS: i64 = 366;

/// The published schedule as an iCalendar feed (public: what the portal publishes).
pub struct ScheduleFeedGet;
impl Command for ScheduleFeedGet {
    const ACCESS: Access = Access::Public;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([ScheduleEntry, ScheduleWeek]);
    type Request = ScheduleFeedRequest;
    type Response = String;

    fn run(ctx: &Ctx<'_>, r: ScheduleFeedRequest) -> CoreResult<String> {
        let organisation = organisation(ctx)?;
        let day = today(ctx);
        let (from, to) = (day - Duration::days(FEED_DAYS), day + Duration::days(FEED_DAYS));
        let (leader, latest) = ctx.read(|conn| {
            let leader = match r.leader_id {
                Some(id) => {
                    let name = schedule::choices(conn)?
                        .leaders
                        .into_iter()
                        .find(|l| l.id == id)
                        .map(|l| l.full_name)
                        .ok_or(CoreError::NotFound { what: crate::error::Noun::User })?;
                    Some((id, name))
                }
                None => None,
            };
            Ok((leader, feed::latest_publication(conn, feed::Publications::Schedule)?))
        })?;
        let text = match &leader {
            Some((id, _)) => format!("ics:{id}"),
            None => "ics:all".to_string(),
        };
        let version = format!("{from}..{to} {organisation:?} {leader:?} {latest}");
        feed::Published::new(ctx.app.data_dir(), text, version).get_or_build(|| {
            ctx.read(|conn| {
                feed::ics(
                    conn,
                    &organisation,
                    leader.as_ref().map(|(id, name)| (*id, name.as_str())),
                    from,
                    to,
                )
            })
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchedulePageRequest {
    #[serde(default)]
    pub week: Option<NaiveDate>,
}

/// The published week as the public HTML page the portal links to.
pub struct SchedulePublicPageGet;
impl Command for SchedulePublicPageGet {
    const ACCESS: Access = Access::Public;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([ScheduleEntry, ScheduleWeek]);
    type Request = SchedulePageRequest;
    type Response = String;

    fn run(ctx: &Ctx<'_>, r: SchedulePageRequest) -> CoreResult<String> {
        let organisation = organisation(ctx)?;
        let monday = schedule::model::week_start(crate::calendar::check_day(
            "week",
            r.week.unwrap_or_else(|| today(ctx)),
        )?);
        let latest = ctx.read(|conn| feed::latest_publication(conn, feed::Publications::Schedule))?;
        feed::Published::new(
            ctx.app.data_dir(),
            format!("page:{monday}"),
            format!("{organisation:?} {latest}"),
        )
        .get_or_build(|| ctx.read(|conn| feed::public_page(conn, &organisation, monday)))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationListRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The delegations of a period with their overlaps, and the rule they are checked by.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DelegationPage {
    pub items: Vec<Delegation>,
    /// Working days that must separate two delegations to one commune.
    pub gap: u32,
    pub allowed: schedule::model::ScheduleAllowed,
}

pub struct DelegationList;
impl Command for DelegationList {
    const ACCESS: Access = VIEW;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([Delegation]);
    type Request = DelegationListRequest;
    type Response = DelegationPage;

    fn run(ctx: &Ctx<'_>, r: DelegationListRequest) -> CoreResult<DelegationPage> {
        crate::calendar::check_day("from", r.from)?;
        crate::calendar::check_day("to", r.to)?;
        if r.to < r.from || r.to - r.from > Duration::days(delegations::PAGE_DAYS - 1) {
            return Err(CoreError::invalid(
                "to",
                format!("Xem từng tháng: chọn khoảng tối đa {} ngày.", delegations::PAGE_DAYS),
                format!("One month at a time: choose {} days at most.", delegations::PAGE_DAYS),
            ));
        }
        let actor = ctx.actor()?;
        ctx.read(|conn| {
            Ok(DelegationPage {
                items: delegations::list(conn, r.from, r.to)?,
                gap: crate::settings::delegation_gap(conn)?,
                allowed: schedule::model::allowed(actor),
            })
        })
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationRef {
    pub id: DelegationId,
}

command!(
    DelegationGet, VIEW, DelegationRef => DelegationInput,
    reads [Delegation], |ctx, r| ctx.read(|conn| delegations::input_of(conn, r.id))
);

command!(DelegationCreate, EDIT, DelegationInput => Delegation, |ctx, input| {
    let actor = ctx.actor()?;
    let id = ctx.write(|w| delegations::create(w, actor, &input))?;
    ctx.read(|conn| delegations::get(conn, id))
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationUpdateRequest {
    pub id: DelegationId,
    pub input: DelegationInput,
}

command!(DelegationUpdate, EDIT, DelegationUpdateRequest => Delegation, |ctx, r| {
    ctx.write(|w| delegations::update(w, r.id, &r.input))?;
    ctx.read(|conn| delegations::get(conn, r.id))
});

command!(
    /// Approve a delegation (the chief and deputy chiefs): refused while it overlaps
    /// another the Office has not decided on.
    DelegationApprove, Access::Allowed(Action::SchedulePublish), DelegationRef => Delegation,
    |ctx, r| {
        let actor = ctx.actor()?;
        ctx.write(|w| delegations::approve(w, actor, r.id))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationCancelRequest {
    pub id: DelegationId,
    pub reason: String,
}

command!(DelegationCancel, EDIT, DelegationCancelRequest => Delegation, |ctx, r| {
    let actor = ctx.actor()?;
    ctx.write(|w| delegations::cancel(w, actor, r.id, &r.reason))?;
    ctx.read(|conn| delegations::get(conn, r.id))
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationResolveRequest {
    pub id: DelegationId,
    pub other_id: DelegationId,
    pub commune_id: AgencyId,
    /// What the Office decided: merged, kept apart on purpose, one moved.
    pub reason: String,
}

command!(
    /// The Office's decision on an overlap (the chief and deputy chiefs).
    DelegationResolve, Access::Allowed(Action::SchedulePublish), DelegationResolveRequest => Delegation,
    |ctx, r| {
        let actor = ctx.actor()?;
        ctx.write(|w| delegations::resolve(w, actor, r.id, r.other_id, r.commune_id, &r.reason))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationGapRequest {
    pub days: u32,
}

/// Set how many working days must separate two delegations to one commune.
pub struct DelegationGapSet;
impl Command for DelegationGapSet {
    const ACCESS: Access = Access::Allowed(Action::SchedulePublish);
    type Request = DelegationGapRequest;
    type Response = DelegationGapRequest;

    fn run(ctx: &Ctx<'_>, r: DelegationGapRequest) -> CoreResult<DelegationGapRequest> {
        ctx.write(|w| {
            let before = crate::settings::delegation_gap(w)?;
            crate::settings::set_delegation_gap(w, r.days)?;
            w.audit(
                crate::audit::ObjectRef::system(),
                crate::audit::said(
                    format!("Khoảng cách giữa hai đoàn đến một xã: {} ngày làm việc", r.days),
                    format!("Working days between two delegations to one commune: {}", r.days),
                ),
                &serde_json::json!({ "before": before, "after": r.days }),
            )
        })?;
        Ok(r)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeMonthRequest {
    pub year: i32,
    pub month: u32,
}

command!(
    /// The month's work programme, marked against its last publication, with the year's
    /// overdue count.
    ProgrammeMonthGet, VIEW, ProgrammeMonthRequest => programme::ProgrammeMonth,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r, actor| {
        ctx.read(|conn| {
            programme::month(conn, Some(Viewer::Person(actor)), r.year, r.month, today(ctx))
        })
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeYearRequest {
    pub year: i32,
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
}

command!(
    /// The year's programme (one agency's if given).
    ProgrammeItemList, VIEW, ProgrammeYearRequest => Vec<programme::ProgrammeItem>,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r, actor| {
        crate::calendar::Year::check("year", r.year)?;
        ctx.read(|conn| {
            programme::list(conn, Some(Viewer::Person(actor)), r.year, None, r.agency_id, today(ctx))
        })
    }
);

command!(ProgrammeItemCreate, EDIT, programme::ProgrammeInput => programme::ProgrammeItem, |ctx, input| {
    let actor = ctx.actor()?;
    let id = ctx.write(|w| programme::create(w, actor, &input))?;
    ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), id, today(ctx)))
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeItemUpdateRequest {
    pub id: programme::ProgrammeItemId,
    pub input: programme::ProgrammeInput,
}

command!(ProgrammeItemUpdate, EDIT, ProgrammeItemUpdateRequest => programme::ProgrammeItem, |ctx, r, actor| {
    ctx.write(|w| programme::update(w, r.id, &r.input))?;
    ctx.read(|conn| programme::get(conn, Some(Viewer::Person(actor)), r.id, today(ctx)))
});

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeStatusRequest {
    pub id: programme::ProgrammeItemId,
    pub input: programme::StatusInput,
}

command!(
    /// Record a step in an item's life: submitted, on the agenda, passed, postponed.
    ProgrammeStatusSet, EDIT, ProgrammeStatusRequest => programme::ProgrammeItem,
    |ctx, r| {
        let actor = ctx.actor()?;
        ctx.write(|w| programme::set_status(w, actor, r.id, &r.input, today(ctx)))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), r.id, today(ctx)))
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeReturnRequest {
    pub id: programme::ProgrammeItemId,
    pub reason: String,
}

command!(
    /// The Office returns a submission for rework (counted in the quarterly evaluation).
    ProgrammeSubmissionReturn, EDIT, ProgrammeReturnRequest => programme::ProgrammeItem,
    |ctx, r| {
        let actor = ctx.actor()?;
        ctx.write(|w| programme::return_submission(w, actor, r.id, &r.reason, today(ctx)))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), r.id, today(ctx)))
    }
);

command!(
    /// Publish the month's programme, or its adjustment.
    ProgrammeMonthPublish, Access::Allowed(Action::SchedulePublish), ProgrammeMonthRequest => programme::ProgrammeMonth,
    |ctx, r| {
        let actor = ctx.actor()?;
        ctx.write(|w| programme::publish(w, actor, r.year, r.month, today(ctx)))?;
        ctx.read(|conn| {
            programme::month(conn, Some(Viewer::Person(ctx.actor()?)), r.year, r.month, today(ctx))
        })
    }
);

command!(
    /// The month's programme as PDF.
    ProgrammeMonthPdf, VIEW, ProgrammeMonthRequest => FileContent,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r| {
        let organisation = organisation(ctx)?;
        let month = ProgrammeMonthGet::run(ctx, r.clone())?;
        let bytes = print::programme(&organisation, &month)?;
        FileContent::pdf(ctx, format!("chuong-trinh-cong-tac-{:02}-{}.pdf", r.month, r.year), bytes)
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuarterRequest {
    pub year: i32,
    pub quarter: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammePageRequest {
    /// Year and month; none: this month by the app's clock.
    #[serde(default)]
    pub month: Option<(i32, u32)>,
}

/// The month's published work programme as the public page the portal links to.
pub struct ProgrammePublicPageGet;
impl Command for ProgrammePublicPageGet {
    const ACCESS: Access = Access::Public;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([ProgrammeItem, ProgrammeMonth]);
    type Request = ProgrammePageRequest;
    type Response = String;

    fn run(ctx: &Ctx<'_>, r: ProgrammePageRequest) -> CoreResult<String> {
        let day = today(ctx);
        let (year, month) = r.month.unwrap_or((chrono::Datelike::year(&day), chrono::Datelike::month(&day)));
        programme::check_period(year, month)?;
        let organisation = organisation(ctx)?;
        let latest = ctx.read(|conn| feed::latest_publication(conn, feed::Publications::Programme))?;
        let text = format!("programme:{year}-{month:02}");
        feed::Published::new(ctx.app.data_dir(), text, format!("{organisation:?} {latest}"))
            .get_or_build(|| ctx.read(|conn| feed::programme_page(conn, &organisation, year, month)))
    }
}

command!(
    /// The quarterly evaluation of advisory quality per agency.
    ProgrammeEvaluationGet, Access::Allowed(Action::ReportView), QuarterRequest => programme::Evaluation,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r| {
        let actor = ctx.actor()?;
        ctx.read(|conn| programme::evaluation(conn, actor, r.year, r.quarter, ctx.now))
    }
);

command!(
    /// The quarterly evaluation as PDF, issued by the Office and signed by its Chief.
    ProgrammeEvaluationPdf, Access::Allowed(Action::ReportView), QuarterRequest => FileContent,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r| {
        let organisation = organisation(ctx)?;
        let evaluation = ProgrammeEvaluationGet::run(ctx, r)?;
        let chief = ctx.read(crate::org::user::chief_of_office_name)?.unwrap_or_default();
        let bytes = print::evaluation(&organisation, &evaluation, &chief)?;
        FileContent::pdf(ctx, format!("danh-gia-tham-muu-quy-{}-{}.pdf", r.quarter, r.year), bytes)
    }
);
