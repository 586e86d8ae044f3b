//! The province's gazette: what waits for it, its numbered issues (made by the clerks and
//! the Office's leaders), the printed issue and the register of the year's issues.

use super::command::{Access, Command, Ctx, FileContent, organisation};
use crate::calendar::Year;
use crate::error::CoreResult;
use crate::gazette::model::{GazetteDocument, Issue, IssueId};
use crate::gazette::{self, print};
use crate::outgoing::OutgoingId;
use crate::permission::Action;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const VIEW: Access = Access::Allowed(Action::OutgoingView);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GazettePendingRequest {
    /// Issued by this day; none: today.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

command!(
    /// The issued documents sent to the gazette that no issue holds yet.
    GazettePendingGet, VIEW, GazettePendingRequest => Vec<GazetteDocument>,
    reads [GazetteIssue, OutgoingDocument], |ctx, r| {
        let until = crate::calendar::check_day(
            "until",
            r.until.unwrap_or_else(|| crate::clock::vietnam_date(ctx.now)),
        )?;
        ctx.read(|conn| gazette::pending(conn, until))
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GazetteIssueRequest {
    pub issued_on: NaiveDate,
    pub outgoing_ids: Vec<OutgoingId>,
}

command!(
    /// Make the year's next issue from documents waiting for it.
    GazetteIssueCreate, Access::Allowed(Action::GazettePublish), GazetteIssueRequest => Issue,
    |ctx, r| {
        let actor = ctx.actor()?;
        let organisation = organisation(ctx)?;
        ctx.write(|w| gazette::create(w, actor, &organisation, r.issued_on, &r.outgoing_ids))
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GazetteYearRequest {
    pub year: i32,
}

command!(
    /// The register of a year's issues, newest first.
    GazetteIssueList, VIEW, GazetteYearRequest => Vec<Issue>,
    reads [GazetteIssue, OutgoingDocument], |ctx, r| {
        let year = Year::check("year", r.year)?;
        ctx.read(|conn| gazette::issues(conn, year))
    }
);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GazetteIssueRef {
    pub id: IssueId,
}

/// The printed issue: cover, contents, the documents with running headers.
pub struct GazetteIssuePdf;
impl Command for GazetteIssuePdf {
    const ACCESS: Access = VIEW;
    const READS: &'static [crate::vocabulary::ObjectKind] = kinds!([GazetteIssue, OutgoingDocument]);
    type Request = GazetteIssueRef;
    type Response = FileContent;

    fn run(ctx: &Ctx<'_>, r: GazetteIssueRef) -> CoreResult<FileContent> {
        let actor = ctx.actor()?;
        let organisation = organisation(ctx)?;
        let (issue, bytes) = ctx.read(|conn| {
            let issue = gazette::issue(conn, r.id)?;
            let bytes = print::issue_pdf(conn, actor, &organisation, &issue)?;
            Ok((issue, bytes))
        })?;
        FileContent::pdf(ctx, format!("cong-bao-so-{}-{}.pdf", issue.number, issue.year), bytes)
    }
}

command!(
    /// The register of the year's issues as PDF.
    GazetteRegisterPdf, VIEW, GazetteYearRequest => FileContent,
    reads [GazetteIssue, OutgoingDocument], |ctx, r| {
        let year = Year::check("year", r.year)?;
        let organisation = organisation(ctx)?;
        let bytes =
            ctx.read(|conn| print::register_pdf(&organisation, year, &gazette::issues(conn, year)?))?;
        FileContent::pdf(ctx, format!("so-cong-bao-{}.pdf", r.year), bytes)
    }
);
