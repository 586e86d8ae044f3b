//! The leaders' weekly schedule: the week as a person sees it, entries, publishing, the
//! printed bulletin; and, open to anyone, what was published (the portal's page and the
//! calendar feeds), which the office server also serves at `GET /public/…`.

use super::command::{Access, Ctx, FileContent, organisation};
use crate::permission::Action;
use crate::schedule::delegations::{self, Delegation, DelegationId, DelegationInput};
use crate::schedule::model::{EntryId, Line, Viewer};
use crate::schedule::programme;
use crate::schedule::publish::{self, Publication, Week};
use crate::schedule::{self, EntryInput, ScheduleChoices, feed, print};
use crate::vocabulary::{AgencyId, UserId};
use chrono::NaiveDate;
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

request! {
    pub struct ScheduleWeekRequest {
        /// Any day of the week; none: this week by the app's clock.
        #[serde(default)]
        pub day: Option<NaiveDate>,
        /// Only this leader's lines.
        #[serde(default)]
        pub leader_id: Option<UserId>,
    }
}

command!(
    /// Add one of the Office's rooms, which the schedule books.
    ScheduleRoomCreate, Access::Allowed(Action::SchedulePublish),
    RoomCreateRequest { name: String } => ScheduleChoices,
    |ctx, r| {
        ctx.write(|w| schedule::add_room(w, &r.name))?;
        ctx.read(schedule::choices)
    }
);

command!(
    ScheduleWeekGet, VIEW, ScheduleWeekRequest => Week, reads [ScheduleEntry, ScheduleWeek, Meeting],
    |ctx, r, actor| {
        let day = crate::calendar::check_day("day", r.day.unwrap_or_else(|| today(ctx)))?;
        ctx.read(|conn| publish::week(conn, actor, day, r.leader_id))
    }
);

command!(
    /// The lines of a period (a day, a month: at most 62 days) for the day and month views.
    ScheduleLinesGet, VIEW, ScheduleLinesRequest {
        from: NaiveDate,
        to: NaiveDate,
        #[serde(default)]
        leader_id: Option<UserId>,
    } => Vec<Line>, reads [ScheduleEntry, ScheduleWeek, Meeting],
    |ctx, r, actor| {
        ctx.read(|conn| schedule::period_lines(conn, Viewer::Person(actor), r.from, r.to, r.leader_id))
    }
);

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

command!(ScheduleEntryCreate, EDIT, EntryInput => EntryRef, |ctx, input, actor| {
    Ok(EntryRef { id: ctx.write(|w| schedule::create(w, actor, &input))? })
});

command!(
    ScheduleEntryUpdate, EDIT, ScheduleEntryUpdateRequest { id: EntryId, input: EntryInput } => EntryRef,
    |ctx, r, actor| {
        ctx.write(|w| schedule::update(w, actor, r.id, &r.input))?;
        Ok(EntryRef { id: r.id })
    }
);

command!(
    ScheduleEntryCancel, EDIT, ScheduleEntryCancelRequest { id: EntryId, reason: String } => EntryRef,
    |ctx, r, actor| {
        ctx.write(|w| schedule::cancel(w, actor, r.id, &r.reason))?;
        Ok(EntryRef { id: r.id })
    }
);

command!(ScheduleEntryRemove, EDIT, EntryRef => (), |ctx, r, actor| {
    ctx.write(|w| schedule::remove(w, actor, r.id))
});

request! {
    pub struct ScheduleWeekRef {
        /// Any day of the week.
        pub day: NaiveDate,
    }
}

command!(
    /// Publish the week, or its adjustment; answers with the week as it now stands.
    SchedulePublish, Access::Allowed(Action::SchedulePublish), ScheduleWeekRef => Week,
    |ctx, r, actor| {
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

command!(
    /// The printed weekly schedule (A4 landscape).
    ScheduleBulletinPdf, VIEW, ScheduleBulletinRequest {
        day: NaiveDate,
        /// A publication of the week; none: the latest, or the draft if never published.
        #[serde(default)]
        revision: Option<u32>,
        /// What a publication now would publish, as a draft.
        #[serde(default)]
        draft: bool,
    } => FileContent, reads [ScheduleEntry, ScheduleWeek, Meeting],
    |ctx, r| {
        let monday = schedule::model::week_start(crate::calendar::check_day("day", r.day)?);
        let organisation = organisation(ctx)?;
        let (name, bytes) =
            ctx.read(|conn| print::bulletin_file(conn, &organisation, monday, r.revision, r.draft))?;
        FileContent::pdf(ctx, name, bytes)
    }
);

command!(
    /// The published schedule as an iCalendar feed (public: what the portal publishes).
    ScheduleFeedGet, Access::Public, ScheduleFeedRequest {
        /// One leader's feed; none: the whole Committee's.
        #[serde(default)]
        leader_id: Option<UserId>,
    } => String, reads [ScheduleEntry, ScheduleWeek],
    |ctx, r| {
        feed::schedule_feed(ctx.app.db(), ctx.app.data_dir(), &organisation(ctx)?, r.leader_id, today(ctx))
    }
);

command!(
    /// The published week as the public HTML page the portal links to.
    SchedulePublicPageGet, Access::Public, SchedulePageRequest {
        #[serde(default)]
        week: Option<NaiveDate>,
    } => String, reads [ScheduleEntry, ScheduleWeek],
    |ctx, r| {
        let organisation = organisation(ctx)?;
        let monday = schedule::model::week_start(crate::calendar::check_day(
            "week",
            r.week.unwrap_or_else(|| today(ctx)),
        )?);
        let key = format!("page:{monday}");
        let (db, store) = (ctx.app.db(), ctx.app.data_dir());
        feed::kept(db, store, &organisation, feed::Publications::Schedule, key, "", |conn| {
            feed::public_page(conn, &organisation, monday)
        })
    }
);

command!(
    DelegationList, VIEW,
    DelegationListRequest { from: NaiveDate, to: NaiveDate } => delegations::DelegationPage,
    reads [Delegation, System],
    |ctx, r, actor| ctx.read(|conn| delegations::page(conn, actor, r.from, r.to))
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationRef {
    pub id: DelegationId,
}

command!(
    DelegationGet, VIEW, DelegationRef => DelegationInput,
    reads [Delegation], |ctx, r| ctx.read(|conn| delegations::input_of(conn, r.id))
);

command!(DelegationCreate, EDIT, DelegationInput => Delegation, |ctx, input, actor| {
    let id = ctx.write(|w| delegations::create(w, actor, &input))?;
    ctx.read(|conn| delegations::get(conn, id))
});

command!(
    DelegationUpdate, EDIT,
    DelegationUpdateRequest { id: DelegationId, input: DelegationInput } => Delegation,
    |ctx, r| {
        ctx.write(|w| delegations::update(w, r.id, &r.input))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

command!(
    /// Approve a delegation (the chief and deputy chiefs): refused while it overlaps
    /// another the Office has not decided on.
    DelegationApprove, Access::Allowed(Action::SchedulePublish), DelegationRef => Delegation,
    |ctx, r, actor| {
        ctx.write(|w| delegations::approve(w, actor, r.id))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

command!(
    DelegationCancel, EDIT, DelegationCancelRequest { id: DelegationId, reason: String } => Delegation,
    |ctx, r, actor| {
        ctx.write(|w| delegations::cancel(w, actor, r.id, &r.reason))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

command!(
    /// The Office's decision on an overlap (the chief and deputy chiefs).
    DelegationResolve, Access::Allowed(Action::SchedulePublish), DelegationResolveRequest {
        id: DelegationId,
        other_id: DelegationId,
        commune_id: AgencyId,
        /// What the Office decided: merged, kept apart on purpose, one moved.
        reason: String,
    } => Delegation,
    |ctx, r, actor| {
        ctx.write(|w| delegations::resolve(w, actor, r.id, r.other_id, r.commune_id, &r.reason))?;
        ctx.read(|conn| delegations::get(conn, r.id))
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationGapRequest {
    pub days: u32,
}

command!(
    /// Set how many working days must separate two delegations to one commune.
    DelegationGapSet, Access::Allowed(Action::SchedulePublish), DelegationGapRequest => DelegationGapRequest,
    |ctx, r| {
        ctx.write(|w| delegations::set_gap(w, r.days))?;
        Ok(r)
    }
);

request! {
    pub struct ProgrammeMonthRequest {
        pub year: i32,
        pub month: u32,
    }
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

command!(
    /// The year's programme (one agency's if given).
    ProgrammeItemList, VIEW, ProgrammeYearRequest {
        year: i32,
        #[serde(default)]
        agency_id: Option<AgencyId>,
    } => Vec<programme::ProgrammeItem>,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r, actor| {
        crate::calendar::Year::check("year", r.year)?;
        ctx.read(|conn| {
            programme::list(conn, Some(Viewer::Person(actor)), r.year, None, r.agency_id, today(ctx))
        })
    }
);

command!(
    ProgrammeItemCreate, EDIT, programme::ProgrammeInput => programme::ProgrammeItem,
    |ctx, input, actor| {
        let id = ctx.write(|w| programme::create(w, actor, &input))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), id, today(ctx)))
    }
);

command!(
    ProgrammeItemUpdate, EDIT,
    ProgrammeItemUpdateRequest {
        id: programme::ProgrammeItemId,
        input: programme::ProgrammeInput,
    } => programme::ProgrammeItem,
    |ctx, r, actor| {
        ctx.write(|w| programme::update(w, r.id, &r.input))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(actor)), r.id, today(ctx)))
    }
);

command!(
    /// Record a step in an item's life: submitted, on the agenda, passed, postponed.
    ProgrammeStatusSet, EDIT,
    ProgrammeStatusRequest {
        id: programme::ProgrammeItemId,
        input: programme::StatusInput,
    } => programme::ProgrammeItem,
    |ctx, r, actor| {
        ctx.write(|w| programme::set_status(w, actor, r.id, &r.input, today(ctx)))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), r.id, today(ctx)))
    }
);

command!(
    /// The Office returns a submission for rework (counted in the quarterly evaluation).
    ProgrammeSubmissionReturn, EDIT,
    ProgrammeReturnRequest { id: programme::ProgrammeItemId, reason: String } => programme::ProgrammeItem,
    |ctx, r, actor| {
        ctx.write(|w| programme::return_submission(w, actor, r.id, &r.reason, today(ctx)))?;
        ctx.read(|conn| programme::get(conn, Some(Viewer::Person(ctx.actor()?)), r.id, today(ctx)))
    }
);

command!(
    /// Publish the month's programme, or its adjustment.
    ProgrammeMonthPublish, Access::Allowed(Action::SchedulePublish),
    ProgrammeMonthRequest => programme::ProgrammeMonth,
    |ctx, r, actor| {
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

command!(
    /// The month's published work programme as the public page the portal links to.
    ProgrammePublicPageGet, Access::Public, ProgrammePageRequest {
        /// Year and month; none: this month by the app's clock.
        #[serde(default)]
        month: Option<(i32, u32)>,
    } => String,
    reads [ProgrammeItem, ProgrammeMonth],
    |ctx, r| {
        let day = today(ctx);
        let (year, month) = r.month.unwrap_or((chrono::Datelike::year(&day), chrono::Datelike::month(&day)));
        programme::check_period(year, month)?;
        let organisation = organisation(ctx)?;
        let key = format!("programme:{year}-{month:02}");
        let (db, store) = (ctx.app.db(), ctx.app.data_dir());
        feed::kept(db, store, &organisation, feed::Publications::Programme, key, "", |conn| {
            feed::programme_page(conn, &organisation, year, month)
        })
    }
);

command!(
    /// The quarterly evaluation of advisory quality per agency.
    ProgrammeEvaluationGet, Access::Allowed(Action::ReportView), QuarterRequest => programme::Evaluation,
    reads [ProgrammeItem, ProgrammeMonth], |ctx, r, actor| {
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
