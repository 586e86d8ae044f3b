//! The province's gazette: what waits for it, its numbered issues (made by the clerks and
//! the Office's leaders), the printed issue and the register of the year's issues.

use super::command::{Access, FileContent, organisation};
use crate::calendar::Year;
use crate::gazette::model::{GazetteDocument, Issue, IssueId};
use crate::gazette::{self, print};
use crate::outgoing::OutgoingId;
use crate::permission::Action;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const VIEW: Access = Access::Allowed(Action::OutgoingView);

command!(
    /// The issued documents sent to the gazette that no issue holds yet.
    GazettePendingGet, VIEW, GazettePendingRequest {
        /// Issued by this day; none: today.
        #[serde(default)]
        until: Option<NaiveDate>,
    } => Vec<GazetteDocument>,
    reads [GazetteIssue, OutgoingDocument], |ctx, r| {
        let until = crate::calendar::check_day(
            "until",
            r.until.unwrap_or_else(|| crate::clock::vietnam_date(ctx.now)),
        )?;
        ctx.read(|conn| gazette::pending(conn, until))
    }
);

command!(
    /// Make the year's next issue from documents waiting for it.
    GazetteIssueCreate, Access::Allowed(Action::GazettePublish),
    GazetteIssueRequest { issued_on: NaiveDate, outgoing_ids: Vec<OutgoingId> } => Issue,
    |ctx, r, actor| {
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

command!(
    /// The issue: cover, contents, the documents with running headers; sealed by the
    /// Office when its key is installed (the electronic issue).
    GazetteIssuePdf, VIEW, GazetteIssueRef { id: IssueId } => FileContent,
    reads [GazetteIssue, OutgoingDocument],
    |ctx, r, actor| {
        let organisation = organisation(ctx)?;
        // The gazette is the Office's: its seal signs the electronic issue.
        let seal = ctx.app.signing().seal("office")?;
        let (issue, bytes) = ctx.read(|conn| {
            let issue = gazette::issue(conn, r.id)?;
            let bytes = print::issue_pdf(conn, actor, &organisation, &issue, (seal.as_ref(), ctx.now))?;
            Ok((issue, bytes))
        })?;
        FileContent::pdf(ctx, format!("cong-bao-so-{}-{}.pdf", issue.number, issue.year), bytes)
    }
);

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
