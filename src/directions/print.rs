//! The monthly report on document handling and directions, A4 portrait: the Office's
//! header, the title and period, then each part with its table (headers repeated over
//! pages, pages numbered from the second).

use crate::directions::stats::{
    self, DIRECTION_COLUMNS, HANDLING_COLUMNS, LATE_COLUMNS, MonthlyReport, OUTGOING_COLUMNS,
};
use crate::error::CoreResult;
use crate::pdf::faces::Face;
use crate::pdf::forms::{agency_header, national_header};
use crate::pdf::{Align, Canvas, Column, Font, Pdf, TableStyle, table};
use crate::settings::Organisation;
use crate::xlsx::{Section, Value};

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const LEFT: f32 = 20.0;
const BOTTOM: f32 = HEIGHT - 20.0;

fn columns(headings: &'static [&'static str], widths: &[f32]) -> Vec<Column> {
    headings
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (heading, width))| Column {
            heading,
            width: *width,
            align: if i == 1 { Align::Left } else { Align::Center },
        })
        .collect()
}

fn new_page(pdf: &mut Pdf) -> (Canvas, f32) {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let number = pdf.page_count() + 1;
    canvas.text(pdf, Font(Face::Regular, 12.0), WIDTH / 2.0, 12.0, Align::Center, &number.to_string());
    (canvas, 20.0)
}

/// A part of the report: its heading, its columns and its rows.
type Part<'a> = (String, Vec<Column>, &'a Vec<Vec<String>>);

pub fn monthly(organisation: &Organisation, report: &MonthlyReport) -> CoreResult<Vec<u8>> {
    let mut pdf = Pdf::new(&report.title());
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    agency_header(&pdf, &mut canvas, organisation, LEFT + 38.0, 18.0);
    national_header(&pdf, &mut canvas, WIDTH - 62.0, 18.0);
    // The Office's number is given when the report is issued as a document; until then
    // it is left to be filled, as on a draft.
    canvas.text(&pdf, Font(Face::Regular, 12.0), LEFT + 38.0, 32.0, Align::Center, "Số:        /BC-VP");
    let dated = crate::pdf::official::place_and_date(&organisation.place_name, report.as_of);
    canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH - 62.0, 32.0, Align::Center, &dated);
    canvas.text(&pdf, Font(Face::Bold, 14.0), WIDTH / 2.0, 42.0, Align::Center, "BÁO CÁO");
    let subtitle = format!("Tình hình xử lý văn bản và thực hiện nhiệm vụ {}", report.label);
    canvas.text(&pdf, Font(Face::Bold, 13.0), WIDTH / 2.0, 48.5, Align::Center, &subtitle);
    let as_of = format!("(Số liệu tính đến ngày {})", report.as_of.format("%d/%m/%Y"));
    canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH / 2.0, 54.5, Align::Center, &as_of);
    let tables = report.tables();
    let style = TableStyle { size: 10.5, heading_size: 10.0, padding: 1.2 };
    let d = &report.directions.total;
    let parts: [Part<'_>; 4] = [
        (
            format!(
                "I. VĂN BẢN ĐẾN: tiếp nhận {} văn bản, {} văn bản có hạn xử lý",
                report.incoming_received, report.incoming_with_deadline
            ),
            columns(&HANDLING_COLUMNS, &[10.0, 50.0, 22.0, 21.0, 21.0, 23.0, 23.0]),
            &tables.handling,
        ),
        (
            format!("II. VĂN BẢN ĐI: ban hành {} văn bản", report.outgoing_issued),
            columns(&OUTGOING_COLUMNS, &[10.0, 100.0, 60.0]),
            &tables.outgoing,
        ),
        (
            format!("III. NHIỆM VỤ ĐƯỢC GIAO TRONG THÁNG: {}", d.summary),
            columns(&DIRECTION_COLUMNS, &[10.0, 52.0, 16.0, 19.0, 19.0, 20.0, 16.0, 18.0]),
            &tables.directions,
        ),
        (
            "IV. CƠ QUAN CÒN NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH".to_string(),
            columns(&LATE_COLUMNS, &[10.0, 110.0, 50.0]),
            &tables.late,
        ),
    ];
    let mut y = 64.0;
    for (heading, columns, rows) in parts {
        if y + 30.0 > BOTTOM {
            pdf.add(canvas);
            let (next, top) = new_page(&mut pdf);
            canvas = next;
            y = top;
        }
        canvas.text(&pdf, Font(Face::Bold, 12.0), LEFT, y, Align::Left, &heading);
        if rows.is_empty() {
            canvas.text(
                &pdf,
                Font(Face::Italic, 12.0),
                LEFT + 5.0,
                y + 7.0,
                Align::Left,
                "Không có số liệu.",
            );
            y += 16.0;
            continue;
        }
        let (next, bottom) =
            table(&mut pdf, canvas, LEFT, y + 3.0, BOTTOM, &columns, rows, &style, &mut new_page);
        canvas = next;
        y = bottom + 10.0;
    }
    // "Nơi nhận" and the chief of office's signature, kept together on one page.
    if y + 42.0 > BOTTOM {
        pdf.add(canvas);
        let (next, top) = new_page(&mut pdf);
        canvas = next;
        y = top;
    }
    canvas.text(&pdf, Font(Face::BoldItalic, 12.0), LEFT, y, Align::Left, "Nơi nhận:");
    for (n, line) in ["- Chủ tịch, các PCT UBND tỉnh (để b/c);", "- Lãnh đạo Văn phòng;", "- Lưu: VT, TH."]
        .iter()
        .enumerate()
    {
        canvas.text(&pdf, Font(Face::Regular, 11.0), LEFT, y + 5.0 + n as f32 * 4.6, Align::Left, line);
    }
    let centre = WIDTH - 55.0;
    canvas.text(&pdf, Font(Face::Bold, 13.0), centre, y, Align::Center, "CHÁNH VĂN PHÒNG");
    if let Some(name) = &report.signer_name {
        canvas.text(&pdf, Font(Face::Bold, 13.5), centre, y + 30.0, Align::Center, name);
    }
    pdf.add(canvas);
    pdf.finish()
}

/// The month's report as a spreadsheet: the four tables of the printed report, counts as
/// numbers and days as dates, each under its heading.
pub fn monthly_xlsx(report: &MonthlyReport) -> CoreResult<Vec<u8>> {
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
    let (handling, outgoing, directions, late) =
        (cells(&tables.handling), cells(&tables.outgoing), cells(&tables.directions), cells(&tables.late));
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
    crate::xlsx::sections_book("BaoCao", &report.title(), &subtitle, &sections)
}

/// The monthly report as the Office's report (báo cáo) to draft, review, sign and issue
/// like any document: it then carries the Office's number, date and signature. The
/// figures of the tables are written out as points, one line per unit.
pub fn monthly_draft(
    report: &MonthlyReport,
    mut content: crate::outgoing::draft::DraftContent,
) -> crate::outgoing::draft::DraftContent {
    use crate::pdf::official::{Block, Run};
    let run = |text: String| vec![Run { text, bold: false, italic: false }];
    let bold = |text: &str| vec![Run { text: text.to_string(), bold: true, italic: false }];
    content.document_type = "BC".into();
    content.issuer = crate::register::Issuer::Office;
    content.summary = format!("Tình hình xử lý văn bản và thực hiện nhiệm vụ {}", report.label);
    let mut blocks = vec![Block::Paragraph {
        runs: run(format!(
            "Văn phòng Ủy ban nhân dân tỉnh báo cáo tình hình xử lý văn bản và thực hiện nhiệm vụ {} \
             (số liệu tính đến ngày {}) như sau:",
            report.label,
            report.as_of.format("%d/%m/%Y")
        )),
    }];
    blocks.push(Block::Point { label: "1.".into(), runs: bold("Văn bản đến") });
    blocks.push(Block::Paragraph {
        runs: run(format!(
            "Tiếp nhận {} văn bản, trong đó {} văn bản có hạn xử lý.",
            report.incoming_received, report.incoming_with_deadline
        )),
    });
    for h in &report.handling {
        blocks.push(Block::Bullet {
            runs: run(format!(
                "{}: {} văn bản có hạn; xong đúng hạn {}, xong trễ hạn {}; đang xử lý trong hạn {}; quá hạn chưa xong {}.",
                h.department_name, h.received, h.closed_on_time, h.closed_late, h.open_in_time, h.open_overdue
            )),
        });
    }
    blocks.push(Block::Point { label: "2.".into(), runs: bold("Văn bản đi") });
    let types: Vec<String> = report.outgoing_by_type.iter().map(|(t, n)| format!("{t}: {n}")).collect();
    blocks.push(Block::Paragraph {
        runs: run(if types.is_empty() {
            format!("Ban hành {} văn bản.", report.outgoing_issued)
        } else {
            format!("Ban hành {} văn bản ({}).", report.outgoing_issued, types.join("; "))
        }),
    });
    blocks.push(Block::Point { label: "3.".into(), runs: bold("Nhiệm vụ được giao trong tháng") });
    blocks.push(Block::Paragraph { runs: run(format!("Tổng số: {}.", report.directions.total.summary)) });
    for f in &report.directions.agencies {
        blocks.push(Block::Bullet {
            runs: run(format!(
                "{}: giao {}, hoàn thành đúng hạn {}, trễ hạn {}, đang thực hiện {}, quá hạn {} (đạt {}).",
                f.agency_name, f.assigned, f.done_on_time, f.done_late, f.in_progress, f.overdue, f.rate
            )),
        });
    }
    if !report.late_agencies.is_empty() {
        blocks.push(Block::Point {
            label: "4.".into(),
            runs: bold("Cơ quan còn nhiệm vụ quá hạn chưa hoàn thành"),
        });
        for (agency, count) in &report.late_agencies {
            blocks.push(Block::Bullet { runs: run(format!("{agency}: {count} nhiệm vụ.")) });
        }
    }
    blocks.push(Block::Paragraph {
        runs: run(
            "Văn phòng Ủy ban nhân dân tỉnh báo cáo Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh./."
                .into(),
        ),
    });
    content.blocks = blocks;
    let file_copy = content.recipients.pop();
    content.recipients =
        vec![crate::outgoing::draft::Recipient::line("Chủ tịch, các PCT UBND tỉnh (để b/c)")];
    content.recipients.extend(file_copy);
    content
}
