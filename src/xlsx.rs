//! Registers as spreadsheets (rust_xlsxwriter): the register's name and period, then its
//! columns with thin borders and wrapped text, one row per document.

use crate::error::{CoreError, CoreResult};
use crate::fold::nfc;
use chrono::NaiveDate;

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::Io(std::io::Error::other(error.to_string()))
}

/// A cell's value: numbers stay numbers, so a spreadsheet can sum and sort them.
pub enum Value {
    Text(String),
    Number(f64),
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
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(xlsx_error)?;
    let title_format = Format::new().set_bold().set_font_size(14);
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    sheet.write_string_with_format(0, 0, nfc(&title.to_uppercase()), &title_format).map_err(xlsx_error)?;
    let period = format!("Từ ngày {} đến ngày {}", from.format("%d/%m/%Y"), to.format("%d/%m/%Y"));
    sheet.write_string(1, 0, period).map_err(xlsx_error)?;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(3, col as u16, *name, &heading).map_err(xlsx_error)?;
        sheet.set_column_width(col as u16, *width).map_err(xlsx_error)?;
    }
    for (n, values) in rows.iter().enumerate() {
        let row = 4 + n as u32;
        for (col, value) in values.iter().enumerate() {
            match value {
                Value::Text(text) => sheet.write_string_with_format(row, col as u16, nfc(text), &cell),
                Value::Number(number) => sheet.write_number_with_format(row, col as u16, *number, &cell),
            }
            .map_err(xlsx_error)?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
