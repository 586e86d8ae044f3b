//! The province's official gazette (công báo; DOMAIN.md §6: Decree 78/2025, Circular
//! 02/2025/TT-VPCP). A document is sent for publication the way the Office writes it:
//! "Công báo" among the recipients under Nơi nhận. Once issued (and not secret, never
//! recalled) it waits for an issue; the Office gathers what waits into an issue numbered
//! through the year, whose pages are laid out once — cover, table of contents by document
//! type with page numbers, then the documents with running headers and continuous page
//! numbers — and recorded with it. An issue is never changed, and its number is never
//! given again. The printed issue is in [`print`].

pub mod model;
pub mod print;

use model::{GazetteDocument, Issue, IssueId, IssueItem};

use crate::audit::{ObjectRef, Writer, said};
use crate::error::{CoreError, CoreResult, Noun};
use crate::outgoing::{OutgoingId, draft, type_name};
use crate::settings::Organisation;
use crate::vocabulary::Actor;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

/// Whether a document's recipients send it to the gazette.
fn sent_to_gazette(conn: &Connection, id: OutgoingId) -> CoreResult<bool> {
    Ok(draft::content(conn, id, None)?.sends_to_gazette())
}

const DOCUMENT: &str = "SELECT d.id, d.document_type, d.number_symbol, d.issue_date, d.summary
     FROM outgoing_document d JOIN outgoing_version v ON v.document_id = d.id AND v.version = d.version";

fn document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GazetteDocument> {
    let document_type: String = r.get(1)?;
    Ok(GazetteDocument {
        outgoing_id: r.get(0)?,
        type_name: type_name(&document_type).to_string(),
        document_type,
        number_symbol: r.get(2)?,
        issue_date: r.get(3)?,
        summary: r.get(4)?,
    })
}

/// The issued documents sent to the gazette up to `until` that no issue holds yet, in
/// order of issue: never a secret one, never one recalled. Read from those marked sent
/// to the gazette when issued (`to_gazette`, migration 0029), each checked by the rule.
pub fn pending(conn: &Connection, until: NaiveDate) -> CoreResult<Vec<GazetteDocument>> {
    let mut statement = conn.prepare_cached(&format!(
        "{DOCUMENT}
         WHERE d.to_gazette = 1 AND d.issue_date <= ?1 AND d.status = 'issued' AND d.secrecy = 'none'
             AND NOT EXISTS (SELECT 1 FROM gazette_item g WHERE g.outgoing_id = d.id)
         ORDER BY d.issue_date, d.number, d.id"
    ))?;
    let rows: Vec<GazetteDocument> =
        statement.query_map([until.to_string()], document_row)?.collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for row in rows {
        if sent_to_gazette(conn, row.outgoing_id)? {
            out.push(row);
        }
    }
    Ok(out)
}

fn items(conn: &Connection, issue: IssueId) -> CoreResult<Vec<IssueItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.document_type, d.number_symbol, d.issue_date, d.summary, g.first_page, g.last_page
         FROM gazette_item g JOIN outgoing_document d ON d.id = g.outgoing_id
         WHERE g.issue_id = ?1 ORDER BY g.position",
    )?;
    Ok(statement
        .query_map([issue], |r| {
            Ok(IssueItem { document: document_row(r)?, first_page: r.get(5)?, last_page: r.get(6)? })
        })?
        .collect::<Result<_, _>>()?)
}

fn issue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issue> {
    Ok(Issue {
        id: r.get(0)?,
        year: r.get(1)?,
        number: r.get(2)?,
        issued_on: r.get(3)?,
        pages: r.get(4)?,
        items: Vec::new(),
    })
}

/// The register of issues of `year`, newest first.
pub fn issues(conn: &Connection, year: crate::calendar::Year) -> CoreResult<Vec<Issue>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, year, number, issued_on, pages FROM gazette_issue WHERE year = ?1 ORDER BY number DESC",
    )?;
    let mut out: Vec<Issue> = statement.query_map([year.get()], issue_row)?.collect::<Result<_, _>>()?;
    for issue in &mut out {
        issue.items = items(conn, issue.id)?;
    }
    Ok(out)
}

pub fn issue(conn: &Connection, id: IssueId) -> CoreResult<Issue> {
    let mut found = conn
        .query_row(
            "SELECT id, year, number, issued_on, pages FROM gazette_issue WHERE id = ?1",
            [id],
            issue_row,
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::GazetteIssue })?;
    found.items = items(conn, id)?;
    Ok(found)
}

/// Make the next issue of the year of `issued_on` from `documents` (all waiting, at least
/// one, at most 200), in the order the table of contents gives them; lay its pages out
/// and record where each document stands.
pub fn create(
    w: &mut Writer<'_>,
    actor: &Actor,
    organisation: &Organisation,
    issued_on: NaiveDate,
    documents: &[OutgoingId],
) -> CoreResult<Issue> {
    // Issues are numbered within their year as they come out: today's, or a past day's of
    // this year, never a day to come.
    let today = crate::clock::vietnam_date(w.now());
    crate::calendar::check_day("issuedOn", issued_on)?;
    if issued_on > today || issued_on.year() != today.year() {
        return Err(CoreError::invalid(
            "issuedOn",
            "Ngày phát hành Công báo phải là hôm nay hoặc một ngày đã qua trong năm.",
            "The issue's date must be today or a past day of this year.",
        ));
    }
    // An issue is never changed: one with nothing in it would stand in the register for
    // good, so none is made without a document chosen.
    if documents.is_empty() {
        return Err(CoreError::invalid(
            "outgoingIds",
            "Chưa chọn văn bản nào: một số Công báo phải đăng ít nhất một văn bản, và đã xuất bản thì không sửa được.",
            "No document chosen: an issue of the gazette must hold at least one document, and once published it cannot be changed.",
        ));
    }
    if documents.len() > 200 {
        return Err(CoreError::invalid(
            "outgoingIds",
            "Một số Công báo đăng nhiều nhất 200 văn bản.",
            "An issue of the gazette holds at most 200 documents.",
        ));
    }
    let waiting = pending(w, issued_on)?;
    let mut chosen = Vec::new();
    for id in documents {
        match waiting.iter().find(|d| d.outgoing_id == *id) {
            Some(d) if !chosen.iter().any(|c: &GazetteDocument| c.outgoing_id == *id) => {
                chosen.push(d.clone())
            }
            Some(_) => {}
            None => {
                return Err(CoreError::invalid(
                    "outgoingIds",
                    "Có văn bản không chờ đăng Công báo (chưa phát hành đến ngày này, không gửi Công báo, hoặc đã đăng).",
                    "A document is not waiting for the gazette (not issued by that day, not sent to it, or already in an issue).",
                ));
            }
        }
    }
    print::order(&mut chosen);
    let year = issued_on.year();
    // Numbers follow the dates: an issue is never dated before the year's last one.
    let latest: Option<NaiveDate> =
        w.query_row("SELECT max(issued_on) FROM gazette_issue WHERE year = ?1", [year], |r| r.get(0))?;
    if latest.is_some_and(|latest| issued_on < latest) {
        return Err(CoreError::invalid(
            "issuedOn",
            "Ngày phát hành không được trước số Công báo gần nhất.",
            "An issue cannot be dated before the latest one.",
        ));
    }
    let number: u32 =
        w.query_row("SELECT coalesce(max(number), 0) + 1 FROM gazette_issue WHERE year = ?1", [year], |r| {
            r.get(0)
        })?;
    let laid = print::lay_out(w, actor, organisation, number, issued_on, &chosen)?;
    w.execute(
        "INSERT INTO gazette_issue (year, number, issued_on, pages, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![year, number, issued_on.to_string(), laid.pages, actor.user_id, w.now_text()],
    )?;
    let id = IssueId(w.last_insert_rowid());
    for (position, (document, (first, last))) in chosen.iter().zip(&laid.spans).enumerate() {
        w.execute(
            "INSERT INTO gazette_item (issue_id, outgoing_id, position, first_page, last_page) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, document.outgoing_id, position as i64, first, last],
        )?;
    }
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::GazetteIssue, id: Some(id.0) },
        said(
            format!("Xuất bản Công báo số {number}/{year}: {} văn bản, {} trang", chosen.len(), laid.pages),
            format!(
                "Published gazette issue {number}/{year}: {} documents, {} pages",
                chosen.len(),
                laid.pages
            ),
        ),
        &serde_json::json!({ "number": number, "year": year, "documents": documents }),
    )?;
    issue(w, id)
}
