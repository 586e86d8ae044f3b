//! Printed forms of incoming documents: the register (sổ đăng ký văn bản đến, Decree 30
//! Annex IV) and the handling slip (phiếu giải quyết văn bản đến).

use crate::clock::vietnam_offset;
use crate::error::CoreResult;
use crate::incoming::views::{IncomingDetail, RegisterLine};
use crate::pdf::faces::{Face, fonts};
use crate::pdf::forms::{agency_header, national_header, register_book};
use crate::pdf::{Align, Canvas, Column, Font, Pdf};
use crate::settings::Organisation;
use chrono::{DateTime, NaiveDate, Utc};

const A4_LONG: f32 = 297.0;
const A4_SHORT: f32 = 210.0;

fn day(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&vietnam_offset()).format("%d/%m/%Y").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The incoming register for a period, A4 landscape, the Annex IV columns.
pub fn register(
    organisation: &Organisation,
    register_name: &str,
    from: NaiveDate,
    to: NaiveDate,
    lines: &[RegisterLine],
) -> CoreResult<Vec<u8>> {
    let columns = [
        Column { heading: "Ngày đến", width: 19.0, align: Align::Center },
        Column { heading: "Số đến", width: 14.0, align: Align::Center },
        Column { heading: "Tác giả", width: 38.0, align: Align::Left },
        Column { heading: "Số, ký hiệu", width: 28.0, align: Align::Left },
        Column { heading: "Ngày tháng", width: 19.0, align: Align::Center },
        Column { heading: "Tên loại và trích yếu nội dung", width: 75.0, align: Align::Left },
        Column { heading: "Đơn vị hoặc người nhận", width: 32.0, align: Align::Left },
        Column { heading: "Ngày chuyển", width: 19.0, align: Align::Center },
        Column { heading: "Ký nhận", width: 14.0, align: Align::Center },
        Column { heading: "Ghi chú", width: 15.0, align: Align::Left },
    ];
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                day(l.received_at),
                l.number.to_string(),
                l.agency_name.clone(),
                l.number_symbol.clone(),
                l.document_date.map(date).unwrap_or_default(),
                l.type_and_summary.clone(),
                l.recipient.clone(),
                l.handed_over.map(day).unwrap_or_default(),
                String::new(),
                l.notes.clone(),
            ]
        })
        .collect();
    register_book(organisation, register_name, from, to, &columns, &rows)
}

/// The handling slip of one document: what it is, the leader's direction, the unit's
/// assignment and the handler's work, A4 portrait.
pub fn slip(organisation: &Organisation, detail: &IncomingDetail) -> CoreResult<Vec<u8>> {
    let mut pdf =
        Pdf::new(&format!("Phiếu giải quyết văn bản đến số {}/{}", detail.row.number, detail.row.year));
    let f = fonts();
    let (left, right) = (30.0, A4_SHORT - 15.0);
    let width = right - left;
    let mut canvas = Canvas::new(A4_SHORT, A4_LONG);
    agency_header(&pdf, &mut canvas, organisation, left + 30.0, 22.0);
    national_header(&pdf, &mut canvas, right - 48.0, 22.0);
    canvas.text(
        &pdf,
        Font(Face::Bold, 14.0),
        A4_SHORT / 2.0 + 7.5,
        45.0,
        Align::Center,
        "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN",
    );

    let mut y = 55.0;
    let line_height = 6.2;
    let field = |canvas: &mut Canvas, pdf: &Pdf, label: &str, value: &str, y: &mut f32| {
        let label_width = f.width(Face::Bold, 12.5, label) + 2.0;
        canvas.text(pdf, Font(Face::Bold, 12.5), left, *y, Align::Left, label);
        for (n, line) in f.wrap(Face::Regular, 12.5, value, width - label_width).iter().enumerate() {
            canvas.text(
                pdf,
                Font(Face::Regular, 12.5),
                left + label_width,
                *y + n as f32 * line_height,
                Align::Left,
                line,
            );
            if n > 0 {
                *y += line_height;
            }
        }
        *y += line_height;
    };
    let row = &detail.row;
    field(
        &mut canvas,
        &pdf,
        "Số đến:",
        &format!("{}/{} ({})", row.number, row.year, detail.register_name),
        &mut y,
    );
    field(&mut canvas, &pdf, "Ngày đến:", &day(row.received_at), &mut y);
    field(&mut canvas, &pdf, "Cơ quan ban hành:", &row.agency_name, &mut y);
    let dated = row.document_date.map(|d| format!(" ngày {}", date(d))).unwrap_or_default();
    field(&mut canvas, &pdf, "Số, ký hiệu:", &format!("{}{dated}", row.number_symbol), &mut y);
    field(&mut canvas, &pdf, "Trích yếu:", &format!("{} {}", detail.document_type_name, row.summary), &mut y);

    let section = |canvas: &mut Canvas, pdf: &Pdf, title: &str, texts: &[String], y: &mut f32| {
        *y += 3.0;
        canvas.text(pdf, Font(Face::Bold, 12.5), left, *y, Align::Left, title);
        *y += line_height;
        if texts.is_empty() {
            // Room to write by hand on a printed slip.
            for _ in 0..3 {
                canvas.line(left, *y, right, *y, 0.3);
                *y += line_height + 1.0;
            }
        }
        for text in texts {
            for line in f.wrap(Face::Regular, 12.5, text, width) {
                canvas.text(pdf, Font(Face::Regular, 12.5), left, *y, Align::Left, &line);
                *y += line_height;
            }
        }
    };
    let steps = |kinds: &[&str]| -> Vec<String> {
        detail
            .steps
            .iter()
            .filter(|s| kinds.contains(&s.kind.as_str()))
            .map(|s| format!("{} ({}, {}).", s.text.trim_end_matches('.'), s.actor_name, day(s.at)))
            .collect()
    };
    section(&mut canvas, &pdf, "1. Ý kiến chỉ đạo của lãnh đạo:", &steps(&["directed"]), &mut y);
    if let Some(deadline) = row.deadline {
        canvas.text(
            &pdf,
            Font(Face::Italic, 12.5),
            left,
            y,
            Align::Left,
            &format!("Hạn giải quyết: {}", date(deadline)),
        );
        y += line_height;
    }
    section(&mut canvas, &pdf, "2. Ý kiến phân công của lãnh đạo đơn vị:", &steps(&["assigned"]), &mut y);
    section(
        &mut canvas,
        &pdf,
        "3. Ý kiến đề xuất, kết quả giải quyết của người xử lý:",
        &steps(&["progress", "closed", "returned"]),
        &mut y,
    );
    let _ = y;
    pdf.add(canvas);
    pdf.finish()
}
