//! What the Office's printed forms share: the agency and national headers, and the
//! register book (Annex IV) that incoming and outgoing registers are printed as.

use super::faces::{Face, fonts};
use super::{Align, Canvas, Column, Font, Pdf, TableStyle, table};
use crate::error::CoreResult;
use crate::settings::Organisation;
use chrono::NaiveDate;

const A4_LONG: f32 = 297.0;
const A4_SHORT: f32 = 210.0;

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Parent body and issuing body, top left, as on every document of the Office.
pub fn agency_header(pdf: &Pdf, canvas: &mut Canvas, organisation: &Organisation, centre: f32, top: f32) {
    canvas.text(
        pdf,
        Font(Face::Regular, 12.0),
        centre,
        top,
        Align::Center,
        &organisation.committee_name.to_uppercase(),
    );
    canvas.text(pdf, Font(Face::Bold, 12.0), centre, top + 5.5, Align::Center, "VĂN PHÒNG");
    canvas.line(centre - 12.0, top + 7.2, centre + 12.0, top + 7.2, 0.5);
}

/// The national title and motto, top right, with the full rule under the motto.
pub fn national_header(pdf: &Pdf, canvas: &mut Canvas, centre: f32, top: f32) {
    canvas.text(
        pdf,
        Font(Face::Bold, 12.0),
        centre,
        top,
        Align::Center,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    canvas.text(pdf, Font(Face::Bold, 13.0), centre, top + 5.5, Align::Center, "Độc lập - Tự do - Hạnh phúc");
    let width = fonts().width(Face::Bold, 13.0, "Độc lập - Tự do - Hạnh phúc");
    canvas.line(centre - width / 2.0, top + 7.2, centre + width / 2.0, top + 7.2, 0.5);
}

/// A register (Annex IV) for a period: A4 landscape, the agency and national headers,
/// the register's name and period, and its columns with the heading repeated on every
/// page; pages numbered from the second.
pub fn register_book(
    organisation: &Organisation,
    register_name: &str,
    from: NaiveDate,
    to: NaiveDate,
    columns: &[Column],
    rows: &[Vec<String>],
) -> CoreResult<Vec<u8>> {
    let mut pdf = Pdf::new(&format!("{register_name} {} - {}", date(from), date(to)));
    let (left, right, bottom) = (12.0, A4_LONG - 12.0, A4_SHORT - 14.0);
    let mut canvas = Canvas::new(A4_LONG, A4_SHORT);
    agency_header(&pdf, &mut canvas, organisation, left + 45.0, 16.0);
    national_header(&pdf, &mut canvas, right - 55.0, 16.0);
    canvas.text(
        &pdf,
        Font(Face::Bold, 15.0),
        A4_LONG / 2.0,
        36.0,
        Align::Center,
        &register_name.to_uppercase(),
    );
    canvas.text(
        &pdf,
        Font(Face::Italic, 12.0),
        A4_LONG / 2.0,
        42.5,
        Align::Center,
        &format!("Từ ngày {} đến ngày {} · {} văn bản", date(from), date(to), rows.len()),
    );
    let style = TableStyle { size: 10.0, heading_size: 10.0, padding: 1.2 };
    let mut new_page = |pdf: &mut Pdf| {
        let mut canvas = Canvas::new(A4_LONG, A4_SHORT);
        let number = pdf.page_count() + 1;
        canvas.text(pdf, Font(Face::Regular, 11.0), A4_LONG / 2.0, 9.0, Align::Center, &number.to_string());
        (canvas, 13.0)
    };
    let (canvas, _) = table(&mut pdf, canvas, left, 48.0, bottom, columns, rows, &style, &mut new_page);
    pdf.add(canvas);
    pdf.finish()
}
