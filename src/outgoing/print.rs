//! Outgoing documents on paper: the document itself (`pdf::official`) built from its
//! current version and its issue, and the outgoing register as PDF and XLSX.

use super::draft::{self, DraftContent};
use super::issue::RegisterLine;
use super::review::{self, signature};
use super::{OutgoingId, OutgoingStatus, state, type_name};
use crate::clock::vietnam_offset;
use crate::error::CoreResult;
use crate::incoming::urgency_label;
use crate::pdf::forms::register_book;
use crate::pdf::official::{OfficialDocument, SealMark, Signature};
use crate::pdf::{Align, Column};
use crate::register::Issuer;
use crate::settings::Organisation;
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, Role};
use crate::xlsx;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};

/// "- Như trên;" … "- Lưu: VT, KT.": each line with its dash, a semicolon between, a
/// full stop at the end — whatever punctuation the drafter typed.
pub fn recipient_lines(content: &DraftContent) -> Vec<String> {
    let count = content.recipients.len();
    content
        .recipients
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let text = r.text.trim().trim_start_matches(['-', '–', ' ']).trim_end_matches(['.', ';', ',']);
            format!("- {text}{}", if n + 1 == count { "." } else { ";" })
        })
        .collect()
}

/// Who signs (or will sign) and how.
struct Signer {
    role: Role,
    title: String,
    name: String,
    signed_at: Option<DateTime<Utc>>,
}

/// The issue as the page shows it: number and symbol, date, on paper or electronically,
/// and when (the time the body's digital signature shows).
struct Issued {
    symbol: String,
    date: NaiveDate,
    electronic: bool,
    at: Option<DateTime<Utc>>,
}

/// The page of `content`, numbered and dated when issued; the signature of the signer,
/// or of the role expected to sign while a draft. `signing`: the page its signer signs
/// digitally — signed, not yet numbered, and no draft.
fn official(
    organisation: &Organisation,
    content: &DraftContent,
    (signer, expected_signer): (Option<&Signer>, Option<Role>),
    by_authorisation: bool,
    issued: Option<&Issued>,
    signing: bool,
) -> OfficialDocument {
    let (parent_body, issuing_body) = match content.issuer {
        Issuer::Committee => (String::new(), organisation.committee_name.to_uppercase()),
        Issuer::Office => (organisation.committee_name.to_uppercase(), "VĂN PHÒNG".to_string()),
    };
    let mut sign = match (signer, expected_signer) {
        (Some(s), _) => signature(content.issuer, s.role, &s.title, by_authorisation, &s.name),
        (None, Some(role)) => signature(content.issuer, role, "", by_authorisation, ""),
        (None, None) => {
            Signature { authority: vec![], title: String::new(), name: String::new(), electronic: None }
        }
    };
    let electronic_issue = issued.filter(|i| i.electronic);
    if let Some(Signer { name, signed_at: Some(at), .. }) = signer
        && (signing || electronic_issue.is_some())
    {
        let local = |at: &DateTime<Utc>| at.with_timezone(&vietnam_offset());
        sign.electronic = Some(crate::pdf::official::ElectronicSignature {
            signer: name.clone(),
            signed_at: local(at).format("%d/%m/%Y %H:%M:%S").to_string(),
            seal: electronic_issue.map(|issue| SealMark {
                organisation: match content.issuer {
                    Issuer::Committee => organisation.committee_name.to_uppercase(),
                    Issuer::Office => format!("VĂN PHÒNG {}", organisation.committee_name.to_uppercase()),
                },
                at_iso: local(issue.at.as_ref().unwrap_or(at)).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            }),
        });
    }
    OfficialDocument {
        parent_body,
        issuing_body,
        number_symbol: issued.map(|i| i.symbol.clone()).unwrap_or_default(),
        place: organisation.place_name.clone(),
        date: issued.map(|i| i.date),
        type_name: (content.document_type != "CV").then(|| type_name(&content.document_type).to_uppercase()),
        summary: content.summary.clone(),
        urgency: (content.urgency != crate::incoming::model::Urgency::Normal)
            .then(|| urgency_label(content.urgency).to_string()),
        secrecy: (content.secrecy != Clearance::None).then(|| content.secrecy.mark().to_string()),
        addressees: content.addressees.clone(),
        blocks: content.blocks.clone(),
        signature: sign,
        recipients: recipient_lines(content),
        footnotes: content.footnotes.clone(),
        draft: issued.is_none() && !signing,
    }
}

/// The document as the person may see it, printed, and its file name: its number and
/// symbol once issued ("01-UBND-KT.pdf"), "du-thao-N.pdf" before. `unsaved`: the
/// editor's content instead of the saved version, checked as saving would check it.
pub fn document_file(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    id: OutgoingId,
    unsaved: Option<&DraftContent>,
) -> CoreResult<(String, Vec<u8>)> {
    let row = super::row(conn, actor, id)?;
    let unsaved = unsaved.map(|content| draft::validate(actor, content)).transpose()?;
    let name = match &row.number_symbol {
        Some(symbol) => symbol.replace('/', "-"),
        None => format!("du-thao-{}", row.id.0),
    };
    Ok((format!("{name}.pdf"), document(conn, actor, organisation, id, unsaved.as_ref())?))
}

/// The printed document: the current version (or `content`, unsaved, for a preview).
pub fn document(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    id: OutgoingId,
    unsaved: Option<&DraftContent>,
) -> CoreResult<Vec<u8>> {
    crate::pdf::official::render(&official_document(conn, actor, organisation, id, unsaved)?)
}

/// The document as it prints, for `actor` (who must see it), to render alone or bound
/// with others (a gazette issue).
pub fn official_document(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    id: OutgoingId,
    unsaved: Option<&DraftContent>,
) -> CoreResult<OfficialDocument> {
    page(conn, actor, organisation, id, unsaved, false)
}

/// The page its signer signs digitally: the current version, signed by them (the blue
/// mark of their signature), not numbered or dated yet (the clerk adds those, with the
/// seal, when issuing).
pub fn signing_document(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    id: OutgoingId,
) -> CoreResult<OfficialDocument> {
    page(conn, actor, organisation, id, None, true)
}

fn page(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    id: OutgoingId,
    unsaved: Option<&DraftContent>,
    signing: bool,
) -> CoreResult<OfficialDocument> {
    let s = state(conn, actor, id)?;
    let content = match unsaved {
        Some(c) => c.clone(),
        None => draft::content(conn, id, None)?,
    };
    let (signer, issued, by_authorisation): (Option<Signer>, Option<Issued>, bool) = conn.query_row(
        "SELECT u.role, u.title, u.full_name, d.signed_at, d.number_symbol, d.issue_date, d.electronic,
                d.by_authorisation, d.issued_at
         FROM outgoing_document d LEFT JOIN user u ON u.id = d.signer_id WHERE d.id = ?1",
        params![id],
        |r| {
            let role: Option<Role> = r.get(0)?;
            let signer = match role {
                Some(role) => Some(Signer { role, title: r.get(1)?, name: r.get(2)?, signed_at: r.get(3)? }),
                None => None,
            };
            let symbol: Option<String> = r.get(4)?;
            let date: Option<NaiveDate> = r.get(5)?;
            let issued = match (symbol, date) {
                (Some(symbol), Some(date)) => Some(Issued {
                    symbol,
                    date,
                    electronic: r.get::<_, Option<bool>>(6)?.unwrap_or(true),
                    at: r.get(8)?,
                }),
                _ => None,
            };
            Ok((signer, issued, r.get(7)?))
        },
    )?;
    let expected = match s.status {
        OutgoingStatus::Draft | OutgoingStatus::Returned => {
            review::path_for(conn, content.issuer, &content.document_type)
                .ok()
                .and_then(|p| p.steps.last().copied())
        }
        _ => s.path_steps.last().copied(),
    };
    let issued = issued.filter(|_| !signing);
    Ok(official(
        organisation,
        &content,
        (signer.as_ref(), expected),
        by_authorisation,
        issued.as_ref(),
        signing,
    ))
}

fn day(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&vietnam_offset()).format("%d/%m/%Y").to_string()
}

const COLUMNS: [(&str, f32, f64, Align); 10] = [
    ("Số, ký hiệu văn bản", 28.0, 16.0, Align::Left),
    ("Ngày tháng văn bản", 20.0, 11.0, Align::Center),
    ("Tên loại và trích yếu nội dung văn bản", 66.0, 55.0, Align::Left),
    ("Người ký", 28.0, 20.0, Align::Left),
    ("Nơi nhận văn bản", 40.0, 30.0, Align::Left),
    ("Đơn vị, người nhận bản lưu", 20.0, 12.0, Align::Left),
    ("Số lượng bản", 12.0, 8.0, Align::Center),
    ("Ngày chuyển", 20.0, 11.0, Align::Center),
    ("Ký nhận", 14.0, 10.0, Align::Center),
    ("Ghi chú", 25.0, 16.0, Align::Left),
];

fn cells(line: &RegisterLine) -> [String; 10] {
    [
        line.number_symbol.clone(),
        line.issue_date.format("%d/%m/%Y").to_string(),
        line.type_and_summary.clone(),
        line.signer.clone(),
        line.recipients.clone(),
        line.file_copy.clone(),
        line.copies.map(|c| c.to_string()).unwrap_or_default(),
        line.sent.map(day).unwrap_or_default(),
        String::new(),
        line.notes.clone(),
    ]
}

/// The outgoing register (Annex IV) for a period as PDF, A4 landscape.
pub fn register_pdf(
    organisation: &Organisation,
    register_name: &str,
    from: NaiveDate,
    to: NaiveDate,
    lines: &[RegisterLine],
) -> CoreResult<Vec<u8>> {
    let columns: Vec<Column> = COLUMNS
        .iter()
        .map(|(heading, width, _, align)| Column { heading, width: *width, align: *align })
        .collect();
    let rows: Vec<Vec<String>> = lines.iter().map(|l| cells(l).to_vec()).collect();
    register_book(organisation, register_name, from, to, &columns, &rows)
}

/// The outgoing register for a period as XLSX.
pub fn register_xlsx(
    register_name: &str,
    from: NaiveDate,
    to: NaiveDate,
    lines: &[RegisterLine],
) -> CoreResult<Vec<u8>> {
    let columns: Vec<(&str, f64)> = COLUMNS.iter().map(|(heading, _, width, _)| (*heading, *width)).collect();
    let rows: Vec<Vec<xlsx::Value>> = lines
        .iter()
        .map(|l| {
            cells(l)
                .into_iter()
                .enumerate()
                .map(|(n, text)| match (n, l.copies) {
                    (6, Some(copies)) => xlsx::Value::Number(copies as f64),
                    // The issue date is a date; a number and symbol stays text.
                    _ => match xlsx::Value::typed(&text) {
                        xlsx::Value::Number(_) => xlsx::Value::Text(text),
                        typed => typed,
                    },
                })
                .collect()
        })
        .collect();
    xlsx::register_book("So van ban di", register_name, from, to, &columns, &rows)
}
