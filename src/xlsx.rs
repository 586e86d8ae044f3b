//! Registers as spreadsheets (rust_xlsxwriter): the register's name and period, then its
//! columns with thin borders and wrapped text, one row per document.

use crate::error::{CoreError, CoreResult};
use crate::fold::nfc;
use chrono::NaiveDate;

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::Io(std::io::Error::other(error.to_string()))
}

/// A cell's value: numbers stay numbers and days stay dates (shown dd/mm/yyyy), so a
/// spreadsheet can sum, sort and filter them.
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    /// A day, or an empty cell.
    pub fn day(day: Option<NaiveDate>) -> Value {
        day.map_or(Value::Text(String::new()), Value::Date)
    }

    /// What a printed table shows, typed: "15/12/2026" is a date, "12" a number.
    pub fn typed(text: &str) -> Value {
        if let Ok(day) = NaiveDate::parse_from_str(text, "%d/%m/%Y") {
            return Value::Date(day);
        }
        match text.parse::<f64>() {
            Ok(number) if !text.starts_with('0') || text == "0" => Value::Number(number),
            _ => Value::Text(text.to_string()),
        }
    }
}

/// A titled table within a sheet.
pub struct Section<'a> {
    /// Printed in bold above the table; none for a sheet of one table.
    pub heading: Option<String>,
    pub columns: &'a [(&'a str, f64)],
    pub rows: &'a [Vec<Value>],
}

/// One sheet named `sheet_name` (ASCII: some spreadsheet programs mangle others) with
/// the title, the period and `columns` (heading, width in characters).
pub fn register_book(
    sheet_name: &str,
    title: &str,
    from: NaiveDate,
    to: NaiveDate,
    columns: &[(&str, f64)],
    rows: &[Vec<Value>],
) -> CoreResult<Vec<u8>> {
    let period = format!("Từ ngày {} đến ngày {}", from.format("%d/%m/%Y"), to.format("%d/%m/%Y"));
    sections_book(sheet_name, title, &period, &[Section { heading: None, columns, rows }])
}

/// One sheet with a title, a subtitle line and `sections` one under the other, each
/// with its heading, column headings (thin borders, wrapped) and rows. Column widths
/// come from the first section.
pub fn sections_book(
    sheet_name: &str,
    title: &str,
    subtitle: &str,
    sections: &[Section<'_>],
) -> CoreResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(xlsx_error)?;
    let title_format = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let date = cell.clone().set_num_format("dd/mm/yyyy");
    sheet.write_string_with_format(0, 0, nfc(&title.to_uppercase()), &title_format).map_err(xlsx_error)?;
    sheet.write_string(1, 0, nfc(subtitle)).map_err(xlsx_error)?;
    if let Some(first) = sections.first() {
        for (col, (_, width)) in first.columns.iter().enumerate() {
            sheet.set_column_width(col as u16, *width).map_err(xlsx_error)?;
        }
    }
    let mut row = 3u32;
    for section in sections {
        if let Some(text) = &section.heading {
            sheet.write_string_with_format(row, 0, nfc(text), &bold).map_err(xlsx_error)?;
            row += 1;
        }
        for (col, (name, _)) in section.columns.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *name, &heading).map_err(xlsx_error)?;
        }
        row += 1;
        for values in section.rows {
            for (col, value) in values.iter().enumerate() {
                match value {
                    Value::Text(text) => sheet.write_string_with_format(row, col as u16, nfc(text), &cell),
                    Value::Number(number) => sheet.write_number_with_format(row, col as u16, *number, &cell),
                    Value::Date(day) => {
                        use chrono::Datelike;
                        let excel = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            day.year() as u16,
                            day.month() as u8,
                            day.day() as u8,
                        )
                        .map_err(xlsx_error)?;
                        sheet.write_datetime_with_format(row, col as u16, &excel, &date)
                    }
                }
                .map_err(xlsx_error)?;
            }
            row += 1;
        }
        row += 1;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
