//! The printed gazette issue, A4 portrait with the fonts and page rules of the Office's
//! documents: the cover with the issue's number and date; the table of contents by
//! document type (resolutions, decisions, directives, then the others) with the page
//! each document starts on; then the documents as they were issued, every page under the
//! running header "CÔNG BÁO/Số 12/Ngày 02-12-2026" and numbered through the issue.
//!
//! The layout is made twice — once to count each document's pages, once for real — so
//! the contents can name pages; it is the same every time for the same documents, so the
//! pages recorded when the issue was made are the pages it prints with.

use super::model::{GazetteDocument, Issue};
use crate::error::CoreResult;
use crate::outgoing::print::official_document;
use crate::pdf::faces::{Face, fonts};
use crate::pdf::official::{OfficialDocument, draw};
use crate::pdf::{Align, Canvas, Font, Pdf};
use crate::settings::Organisation;
use crate::vocabulary::Actor;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const LEFT: f32 = 30.0;
const RIGHT: f32 = WIDTH - 15.0;

/// The groups of the table of contents, in order; other types come last, together.
const GROUPS: [(&str, &str); 3] = [("NQ", "NGHỊ QUYẾT"), ("QĐ", "QUYẾT ĐỊNH"), ("CT", "CHỈ THỊ")];

fn group_of(document_type: &str) -> usize {
    GROUPS.iter().position(|(key, _)| *key == document_type).unwrap_or(GROUPS.len())
}

fn group_title(index: usize) -> &'static str {
    GROUPS.get(index).map_or("VĂN BẢN KHÁC", |(_, title)| title)
}

/// The order of the contents: by group, then by date and number of issue.
pub fn order(documents: &mut [GazetteDocument]) {
    documents.sort_by(|a, b| {
        (group_of(&a.document_type), a.issue_date, &a.number_symbol).cmp(&(
            group_of(&b.document_type),
            b.issue_date,
            &b.number_symbol,
        ))
    });
}

/// The pages an issue takes, and each document's first and last page.
pub struct Laid {
    pub pages: u32,
    pub spans: Vec<(u32, u32)>,
}

struct Heading {
    title: String,
}

impl Heading {
    fn new(number: u32, issued_on: NaiveDate) -> Heading {
        Heading { title: format!("CÔNG BÁO/Số {number}/Ngày {}", issued_on.format("%d-%m-%Y")) }
    }

    /// The running header: the issue on the outer side, the page number on the inner,
    /// as a bound issue has them (odd pages right, even pages left).
    fn draw(&self, pdf: &Pdf, canvas: &mut Canvas, page: usize) {
        let font = Font(Face::Italic, 11.0);
        let number = Font(Face::Bold, 11.0);
        if page.is_multiple_of(2) {
            canvas.text(pdf, number, LEFT, 11.0, Align::Left, &page.to_string());
            canvas.text(pdf, font, RIGHT, 11.0, Align::Right, &self.title);
        } else {
            canvas.text(pdf, font, LEFT, 11.0, Align::Left, &self.title);
            canvas.text(pdf, number, RIGHT, 11.0, Align::Right, &page.to_string());
        }
        canvas.line(LEFT, 13.0, RIGHT, 13.0, 0.5);
    }
}

fn cover(pdf: &Pdf, organisation: &Organisation, number: u32, issued_on: NaiveDate) -> Canvas {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let centre = WIDTH / 2.0;
    canvas.line(LEFT, 30.0, RIGHT, 30.0, 2.0);
    canvas.text(pdf, Font(Face::Bold, 60.0), centre, 62.0, Align::Center, "CÔNG BÁO");
    let province = organisation.committee_name.replace("Ủy ban nhân dân ", "").to_uppercase();
    canvas.text(pdf, Font(Face::Bold, 22.0), centre, 78.0, Align::Center, &province);
    canvas.line(LEFT, 86.0, RIGHT, 86.0, 0.8);
    canvas.text(pdf, Font(Face::Bold, 16.0), LEFT, 95.0, Align::Left, &format!("Số {number}"));
    let date = format!("Ngày {:02} tháng {:02} năm {}", issued_on.day(), issued_on.month(), issued_on.year());
    canvas.text(pdf, Font(Face::Bold, 16.0), RIGHT, 95.0, Align::Right, &date);
    canvas.line(LEFT, 99.0, RIGHT, 99.0, 0.8);
    canvas.text(
        pdf,
        Font(Face::Italic, 12.0),
        centre,
        HEIGHT - 30.0,
        Align::Center,
        &format!("{} xuất bản", organisation.office_name),
    );
    canvas.line(LEFT, HEIGHT - 25.0, RIGHT, HEIGHT - 25.0, 2.0);
    canvas
}

/// "Quyết định số 15/2026/QĐ-UBND ngày 25/11/2026 ban hành Quy định …".
fn entry(document: &GazetteDocument) -> String {
    format!(
        "{} số {} ngày {} {}",
        document.type_name,
        document.number_symbol,
        document.issue_date.format("%d/%m/%Y"),
        document.summary
    )
}

/// Draw the table of contents from page `first`, each entry with its page (`None`: room
/// for one, to count the pages the contents take).
fn contents(pdf: &mut Pdf, heading: &Heading, documents: &[GazetteDocument], pages: Option<&[u32]>) {
    let f = fonts();
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    heading.draw(pdf, &mut canvas, pdf.page_count() + 1);
    canvas.text(pdf, Font(Face::Bold, 14.0), WIDTH / 2.0, 26.0, Align::Center, "MỤC LỤC");
    let mut y = 36.0;
    let mut group = usize::MAX;
    let size = 12.0;
    let line = 5.6;
    for (n, document) in documents.iter().enumerate() {
        let lines = f.wrap(Face::Regular, size, &entry(document), RIGHT - LEFT - 16.0);
        let this = group_of(&document.document_type);
        let needed = lines.len() as f32 * line + if this != group { 10.0 } else { 2.0 };
        if y + needed > HEIGHT - 20.0 {
            pdf.add(std::mem::replace(&mut canvas, Canvas::new(WIDTH, HEIGHT)));
            heading.draw(pdf, &mut canvas, pdf.page_count() + 1);
            y = 24.0;
        }
        if this != group {
            group = this;
            y += 3.0;
            canvas.text(pdf, Font(Face::Bold, 13.0), LEFT, y, Align::Left, group_title(group));
            y += 7.0;
        }
        for (i, text) in lines.iter().enumerate() {
            canvas.text(pdf, Font(Face::Regular, size), LEFT + 4.0, y, Align::Left, text);
            if i + 1 == lines.len() {
                let page = pages.map_or("000".to_string(), |p| p[n].to_string());
                canvas.text(pdf, Font(Face::Regular, size), RIGHT, y, Align::Right, &page);
            }
            y += line;
        }
        y += 2.0;
    }
    pdf.add(canvas);
}

/// The issue laid out in `pdf`: its pages and each document's span.
fn build(
    pdf: &mut Pdf,
    organisation: &Organisation,
    number: u32,
    issued_on: NaiveDate,
    documents: &[GazetteDocument],
    printed: &[OfficialDocument],
) -> Vec<(u32, u32)> {
    let heading = Heading::new(number, issued_on);
    let running = |pdf: &Pdf, canvas: &mut Canvas, page: usize| heading.draw(pdf, canvas, page);
    // How many pages each document takes, and the contents.
    let mut lengths = Vec::new();
    for document in printed {
        let mut scratch = Pdf::new("");
        draw(&mut scratch, document, Some(&running));
        lengths.push(scratch.page_count() as u32);
    }
    let mut scratch = Pdf::new("");
    scratch.add(Canvas::new(WIDTH, HEIGHT));
    contents(&mut scratch, &heading, documents, None);
    let mut page = scratch.page_count() as u32 + 1;
    let mut spans = Vec::new();
    for length in &lengths {
        spans.push((page, page + length - 1));
        page += length;
    }
    let starts: Vec<u32> = spans.iter().map(|s| s.0).collect();
    pdf.add(cover(pdf, organisation, number, issued_on));
    contents(pdf, &heading, documents, Some(&starts));
    for document in printed {
        draw(pdf, document, Some(&running));
    }
    spans
}

fn printed(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    documents: &[GazetteDocument],
) -> CoreResult<Vec<OfficialDocument>> {
    documents.iter().map(|d| official_document(conn, actor, organisation, d.outgoing_id, None)).collect()
}

/// Lay an issue out without printing it: its pages and each document's span.
pub fn lay_out(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    number: u32,
    issued_on: NaiveDate,
    documents: &[GazetteDocument],
) -> CoreResult<Laid> {
    let printed = printed(conn, actor, organisation, documents)?;
    let mut pdf = Pdf::new("");
    let spans = build(&mut pdf, organisation, number, issued_on, documents, &printed);
    Ok(Laid { pages: pdf.page_count() as u32, spans })
}

/// Bind `documents` (as `printed`) into issue `number` of `issued_on`: the PDF, and how
/// it is laid out.
pub fn bind(
    organisation: &Organisation,
    number: u32,
    issued_on: NaiveDate,
    documents: &[GazetteDocument],
    printed: &[OfficialDocument],
) -> CoreResult<(Vec<u8>, Laid)> {
    let mut pdf = Pdf::new(&format!("Công báo số {number}/{}", issued_on.year()));
    let spans = build(&mut pdf, organisation, number, issued_on, documents, printed);
    let pages = pdf.page_count() as u32;
    Ok((pdf.finish()?, Laid { pages, spans }))
}

/// The issue, printed; signed by the Office with its seal when one is installed (`seal`),
/// as the electronic issue must be (Decree 78/2025), at `now`.
pub fn issue_pdf(
    conn: &Connection,
    actor: &Actor,
    organisation: &Organisation,
    issue: &Issue,
    (seal, now): (Option<&crate::signature::key::Signer>, chrono::DateTime<chrono::Utc>),
) -> CoreResult<Vec<u8>> {
    let documents: Vec<GazetteDocument> = issue.items.iter().map(|i| i.document.clone()).collect();
    let printed = printed(conn, actor, organisation, &documents)?;
    let paper = bind(organisation, issue.number, issue.issued_on, &documents, &printed)?.0;
    match seal {
        Some(seal) => {
            let mark = crate::signature::pdf::Mark {
                reason: "Công báo điện tử",
                location: &organisation.place_name,
                at: now,
            };
            crate::signature::pdf::sign(&paper, seal, &mark)
        }
        None => Ok(paper),
    }
}

/// The register of the year's issues (Annex IV's book, landscape).
pub fn register_pdf(
    organisation: &Organisation,
    year: crate::calendar::Year,
    issues: &[Issue],
) -> CoreResult<Vec<u8>> {
    use crate::pdf::Column;
    let columns = [
        Column { heading: "Số", width: 18.0, align: Align::Center },
        Column { heading: "Ngày phát hành", width: 28.0, align: Align::Center },
        Column { heading: "Số trang", width: 18.0, align: Align::Center },
        Column {
            heading: "Văn bản đăng (số, ký hiệu, trích yếu, trang)", width: 209.0, align: Align::Left
        },
    ];
    let mut rows: Vec<Vec<String>> = issues
        .iter()
        .map(|i| {
            vec![
                i.number.to_string(),
                i.issued_on.format("%d/%m/%Y").to_string(),
                i.pages.to_string(),
                i.items
                    .iter()
                    .map(|item| {
                        format!(
                            "{} {}: {} (tr. {}–{})",
                            item.document.type_name,
                            item.document.number_symbol,
                            item.document.summary,
                            item.first_page,
                            item.last_page
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    rows.reverse();
    let from = NaiveDate::from_ymd_opt(year.get(), 1, 1).expect("1 January of a checked year");
    let to = NaiveDate::from_ymd_opt(year.get(), 12, 31).expect("31 December of a checked year");
    crate::pdf::forms::register_book(organisation, "Sổ theo dõi các số Công báo", from, to, &columns, &rows)
}
