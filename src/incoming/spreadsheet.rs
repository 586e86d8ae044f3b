//! The incoming register as a spreadsheet: export to XLSX, and import of the registers
//! offices kept in Excel (XLSX or CSV), a whole year's at once. An import is previewed
//! row by row with the reason for every error; then taken whole, or — when the clerk
//! says so — its good rows only, the rejected ones downloadable with their reasons.
//! What an office's register really holds is not refused: citizens' petitions without a
//! number and symbol, the column-number row "(1) … (10)", blank rows and the closing
//! "Tổng cộng" line (skipped), and rows noted "Mật", which go to the secret register or
//! are flagged — never silently into an ordinary one.

use super::model::reindex;
use super::model::{IncomingStatus, Urgency, vietnam_year};
use super::views::RegisterLine;
use super::{Record, flow, store};
use crate::audit::{ObjectRef, Writer};
use crate::clock::vietnam_offset;
use crate::doctype::DOCUMENT_TYPES;
use crate::error::{CoreError, CoreResult, Message};
use crate::fold::{fold, nfc};
use crate::register::{self, RegisterId};
use crate::vocabulary::Actor;
use crate::vocabulary::Clearance;
use crate::xlsx;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// The register's lines as an XLSX workbook with the Annex IV columns.
pub fn export(
    register_name: &str,
    from: NaiveDate,
    to: NaiveDate,
    lines: &[RegisterLine],
) -> CoreResult<Vec<u8>> {
    let columns: [(&str, f64); 10] = [
        ("Ngày đến", 11.0),
        ("Số đến", 8.0),
        ("Tác giả", 28.0),
        ("Số, ký hiệu", 18.0),
        ("Ngày tháng", 11.0),
        ("Tên loại và trích yếu nội dung", 55.0),
        ("Đơn vị hoặc người nhận", 24.0),
        ("Ngày chuyển", 11.0),
        ("Ký nhận", 10.0),
        ("Ghi chú", 14.0),
    ];
    let day = |instant: DateTime<Utc>| instant.with_timezone(&vietnam_offset()).date_naive();
    let rows: Vec<Vec<xlsx::Value>> = lines
        .iter()
        .map(|line| {
            vec![
                xlsx::Value::Date(day(line.received_at)),
                xlsx::Value::Number(line.number as f64),
                xlsx::Value::Text(line.agency_name.clone()),
                xlsx::Value::Text(line.number_symbol.clone()),
                xlsx::Value::day(line.document_date),
                xlsx::Value::Text(line.type_and_summary.clone()),
                xlsx::Value::Text(line.recipient.clone()),
                xlsx::Value::day(line.handed_over.map(day)),
                xlsx::Value::Text(String::new()),
                xlsx::Value::Text(line.notes.clone()),
            ]
        })
        .collect();
    xlsx::register_book("So van ban den", register_name, from, to, &columns, &rows)
}

/// One cell as read from a file.
#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    date: Option<NaiveDate>,
}

fn read_rows(file_name: &str, bytes: &[u8]) -> CoreResult<Vec<Vec<Cell>>> {
    let unreadable = |detail: String| {
        CoreError::invalid(
            "file",
            format!("Không đọc được tệp {file_name}: {detail}"),
            format!("Cannot read {file_name}: {detail}"),
        )
    };
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") {
        let text = String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).to_vec())
            .map_err(|_| unreadable("tệp CSV phải mã hóa UTF-8 / CSV must be UTF-8".into()))?;
        // Excel saves CSV with ';' where the decimal separator is ','; a title line may
        // come first, so look at several lines.
        let head: Vec<&str> = text.lines().take(10).collect();
        let count = |c: char| head.iter().map(|l| l.matches(c).count()).sum::<usize>();
        let delimiter = if count(';') > count(',') { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        return reader
            .records()
            .map(|r| {
                r.map(|record| record.iter().map(|t| Cell { text: nfc(t.trim()), date: None }).collect())
                    .map_err(|e| unreadable(e.to_string()))
            })
            .collect();
    }
    if !(lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || lower.ends_with(".xls")) {
        return Err(unreadable("chỉ nhận tệp XLSX, XLS hoặc CSV / only XLSX, XLS or CSV".into()));
    }
    use calamine::{Data, Reader};
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("không có trang tính / no worksheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|data| match data {
                    Data::DateTime(value) => {
                        Cell { text: String::new(), date: value.as_datetime().map(|d| d.date()) }
                    }
                    Data::Float(f) if f.fract() == 0.0 => Cell { text: format!("{}", *f as i64), date: None },
                    Data::Empty => Cell::default(),
                    other => Cell { text: nfc(other.to_string().trim()), date: None },
                })
                .collect()
        })
        .collect())
}

/// Which column holds what, found from the headings (diacritics and case ignored).
#[derive(Debug, Default)]
struct Layout {
    header_row: usize,
    received: Option<usize>,
    number: Option<usize>,
    agency: Option<usize>,
    symbol: Option<usize>,
    document_date: Option<usize>,
    summary: Option<usize>,
    kind: Option<usize>,
    urgency: Option<usize>,
    secrecy: Option<usize>,
    notes: Option<usize>,
}

fn layout(rows: &[Vec<Cell>]) -> Option<Layout> {
    for (index, row) in rows.iter().enumerate().take(15) {
        let headings: Vec<String> = row.iter().map(|c| fold(&c.text)).collect();
        let find = |test: &dyn Fn(&str) -> bool| headings.iter().position(|h| test(h));
        let layout = Layout {
            header_row: index,
            received: find(&|h| h.contains("ngay den")),
            number: find(&|h| h.contains("so den")),
            agency: find(&|h| h.contains("tac gia") || h.contains("co quan")),
            symbol: find(&|h| h.contains("so ky hieu")),
            document_date: find(&|h| h.contains("ngay thang") || h.contains("ngay van ban")),
            summary: find(&|h| h.contains("trich yeu")),
            kind: find(&|h| h == "loai van ban" || h == "loai"),
            urgency: find(&|h| h.contains("do khan")),
            secrecy: find(&|h| h.contains("do mat")),
            notes: find(&|h| h.contains("ghi chu")),
        };
        if layout.received.is_some() && layout.summary.is_some() && layout.symbol.is_some() {
            return Some(layout);
        }
    }
    None
}

/// A row that is not a document: blank, the column-number row under the headings
/// ("(1)", "(2)" … or 1, 2 …), or a closing total ("Tổng cộng: 34.747 văn bản").
fn not_a_document(row: &[Cell]) -> bool {
    let texts: Vec<&str> = row.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect();
    if texts.is_empty() && row.iter().all(|c| c.date.is_none()) {
        return true;
    }
    let column_numbers: Vec<u32> = texts
        .iter()
        .filter_map(|t| t.trim_start_matches('(').trim_end_matches(')').parse::<u32>().ok())
        .collect();
    if texts.len() >= 3
        && column_numbers.len() == texts.len()
        && column_numbers.windows(2).all(|w| w[1] == w[0] + 1)
    {
        return true;
    }
    texts.iter().any(|t| {
        let folded = fold(t);
        folded.starts_with("tong cong")
            || folded.starts_with("tong so")
            || folded == "cong"
            || folded.starts_with("cong:")
    })
}

/// The secrecy a row is noted with anywhere in its cells ("Mật", "(MẬT)", "Tối mật"),
/// read with its diacritics: "mặt" (as in "mặt bằng") is not "mật".
fn noted_secrecy(row: &[Cell]) -> Option<Clearance> {
    let mut found = None;
    for cell in row {
        let lower = cell.text.to_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for (i, word) in words.iter().enumerate() {
            if *word != "mật" {
                continue;
            }
            let level = match i.checked_sub(1).map(|p| words[p]) {
                Some("tối") => Clearance::TopSecret,
                Some("tuyệt") => Clearance::AbsoluteSecret,
                _ => Clearance::Secret,
            };
            found = found.max(Some(level));
        }
    }
    found
}

fn parse_day(cell: &Cell) -> Option<NaiveDate> {
    if cell.date.is_some() {
        return cell.date;
    }
    let text = cell.text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// "Công văn Về việc …" → ("CV", "Về việc …"); a summary without a type name is a công văn.
fn split_type(text: &str) -> (String, String) {
    let folded = fold(text);
    let mut best: Option<(&str, &str)> = None;
    for (key, _, name) in DOCUMENT_TYPES {
        let name_folded = fold(name);
        if (folded == name_folded || folded.starts_with(&format!("{name_folded} ")))
            && best.is_none_or(|(_, n)| name.len() > n.len())
        {
            best = Some((key, name));
        }
    }
    match best {
        Some((key, name)) => {
            (key.to_string(), text.chars().skip(name.chars().count()).collect::<String>().trim().to_string())
        }
        None => ("CV".to_string(), text.to_string()),
    }
}

fn parse_urgency(text: &str) -> Option<Urgency> {
    match fold(text).as_str() {
        "" | "thuong" => Some(Urgency::Normal),
        "khan" => Some(Urgency::Urgent),
        "thuong khan" => Some(Urgency::VeryUrgent),
        "hoa toc" => Some(Urgency::Immediate),
        _ => None,
    }
}

fn parse_secrecy(text: &str) -> Option<Clearance> {
    match fold(text).as_str() {
        "" | "khong" => Some(Clearance::None),
        "mat" => Some(Clearance::Secret),
        "toi mat" => Some(Clearance::TopSecret),
        "tuyet mat" => Some(Clearance::AbsoluteSecret),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// Line in the file, counting from 1 as a spreadsheet does.
    pub line: u32,
    pub received: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub number: Option<i64>,
    pub agency_name: String,
    pub number_symbol: String,
    pub document_date: Option<NaiveDate>,
    pub document_type: String,
    pub summary: String,
    pub urgency: Urgency,
    pub secrecy: Clearance,
    pub notes: String,
    /// Why the row cannot be imported; empty when it can.
    pub errors: Vec<Message>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub valid: u32,
    pub invalid: u32,
    /// The file has its own incoming numbers (kept); otherwise numbers are given in order.
    pub keeps_numbers: bool,
}

fn problem(vi: impl Into<String>, en: impl Into<String>) -> Message {
    Message::new(vi, en)
}

/// Read a file and check every row against the register, without writing anything.
pub fn preview(
    conn: &Connection,
    register_id: RegisterId,
    file_name: &str,
    bytes: &[u8],
) -> CoreResult<ImportPreview> {
    let register = register::get(conn, register_id)?;
    let rows = read_rows(file_name, bytes)?;
    let layout = layout(&rows).ok_or_else(|| {
        CoreError::invalid(
            "file",
            "Không tìm thấy dòng tiêu đề có các cột \"Ngày đến\", \"Số, ký hiệu\" và \"Trích yếu\".",
            "No heading row with the columns \"Ngày đến\", \"Số, ký hiệu\" and \"Trích yếu\" was found.",
        )
    })?;
    let get =
        |row: &[Cell], column: Option<usize>| column.and_then(|c| row.get(c)).cloned().unwrap_or_default();
    let mut seen_numbers: HashSet<(i32, i64)> = HashSet::new();
    let mut out = Vec::new();
    for (index, row) in rows.iter().enumerate().skip(layout.header_row + 1) {
        if not_a_document(row) {
            continue;
        }
        let mut errors = Vec::new();
        let received = parse_day(&get(row, layout.received));
        if received.is_none() {
            errors.push(problem(
                "Thiếu hoặc sai ngày đến (dd/mm/yyyy).",
                "Arrival date missing or not dd/mm/yyyy.",
            ));
        }
        let number_text = get(row, layout.number).text;
        let number = if layout.number.is_some() {
            match number_text.trim().parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.push(problem(
                        "Số đến phải là số nguyên dương.",
                        "The incoming number must be a positive whole number.",
                    ));
                    None
                }
            }
        } else {
            None
        };
        let agency_name = get(row, layout.agency).text;
        if agency_name.is_empty() {
            errors.push(problem("Thiếu tác giả (cơ quan ban hành).", "The issuing agency is missing."));
        }
        // Citizens' petitions (đơn, thư) carry no number and symbol: kept without one.
        let number_symbol = get(row, layout.symbol).text;
        let (mut document_type, summary) = split_type(&get(row, layout.summary).text);
        if let Some(kind) = layout.kind.map(|c| get(row, Some(c)).text).filter(|k| !k.is_empty()) {
            match DOCUMENT_TYPES.iter().find(|(key, abbreviation, name)| {
                fold(name) == fold(&kind) || *key == kind || *abbreviation == kind
            }) {
                Some((key, _, _)) => document_type = key.to_string(),
                None => errors.push(problem(
                    format!("Loại văn bản \"{kind}\" không có trong danh mục."),
                    format!("Unknown document type \"{kind}\"."),
                )),
            }
        }
        if summary.is_empty() {
            errors.push(problem("Thiếu trích yếu.", "The summary is missing."));
        }
        let urgency = parse_urgency(&get(row, layout.urgency).text).unwrap_or_else(|| {
            errors.push(problem("Độ khẩn không hợp lệ.", "Unknown urgency."));
            Urgency::Normal
        });
        let stated = parse_secrecy(&get(row, layout.secrecy).text).unwrap_or_else(|| {
            errors.push(problem("Độ mật không hợp lệ.", "Unknown secrecy level."));
            Clearance::None
        });
        // A row noted "Mật" in any column is secret, whatever the secrecy column says.
        let secrecy = stated.max(noted_secrecy(row).unwrap_or(Clearance::None));
        if (secrecy != Clearance::None) != register.secret {
            errors.push(if register.secret {
                problem(
                    "Sổ mật chỉ nhận văn bản có độ mật.",
                    "A secret register takes secret documents only.",
                )
            } else {
                problem(
                    "Dòng ghi \"Mật\": văn bản mật phải nhập vào sổ văn bản mật, không vào sổ này.",
                    "The row is noted \"Mật\" (secret): it goes to the secret register, not this one.",
                )
            });
        }
        if let (Some(day), Some(number)) = (received, number) {
            let year = vietnam_year(day_noon(day));
            if !seen_numbers.insert((year, number)) {
                errors.push(problem(
                    format!("Số đến {number}/{year} lặp lại trong tệp."),
                    format!("Incoming number {number}/{year} appears twice in the file."),
                ));
            }
            let taken: Option<i64> = conn
                .query_row(
                    "SELECT 1 FROM incoming_document WHERE register_id = ?1 AND year = ?2 AND number = ?3",
                    params![register_id, year, number],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                errors.push(problem(
                    format!("Số đến {number}/{year} đã có trong sổ."),
                    format!("Incoming number {number}/{year} is already in the register."),
                ));
            }
        }
        out.push(ImportRow {
            line: index as u32 + 1,
            received,
            number,
            agency_name,
            number_symbol,
            document_date: parse_day(&get(row, layout.document_date)),
            document_type,
            summary,
            urgency,
            secrecy,
            notes: get(row, layout.notes).text,
            errors,
        });
    }
    let invalid = out.iter().filter(|r| !r.errors.is_empty()).count() as u32;
    Ok(ImportPreview {
        valid: out.len() as u32 - invalid,
        invalid,
        keeps_numbers: layout.number.is_some(),
        rows: out,
    })
}

/// Noon of a Vietnam day, as the arrival time of an imported line (registers keep days).
fn day_noon(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(12, 0, 0).expect("noon exists");
    vietnam_offset().from_local_datetime(&local).single().expect("fixed offset").to_utc()
}

/// A preview as the clerk's screen shows it: every rejected row, and the valid ones only
/// while there are few (a year's register has tens of thousands).
pub const SHOWN_VALID_ROWS: usize = 200;

impl ImportPreview {
    pub fn for_display(mut self) -> ImportPreview {
        let mut valid = 0;
        self.rows.retain(|row| {
            let keep = !row.errors.is_empty() || valid < SHOWN_VALID_ROWS;
            valid += usize::from(row.errors.is_empty());
            keep
        });
        self
    }
}

/// The rejected rows of a preview as an XLSX workbook, with the reason in a column, for
/// the clerk to correct and import again.
pub fn rejected_book(file_name: &str, preview: &ImportPreview) -> CoreResult<Vec<u8>> {
    let columns: [(&str, f64); 9] = [
        ("Dòng", 6.0),
        ("Ngày đến", 11.0),
        ("Số đến", 8.0),
        ("Tác giả", 28.0),
        ("Số, ký hiệu", 18.0),
        ("Ngày tháng", 11.0),
        ("Tên loại và trích yếu nội dung", 50.0),
        ("Ghi chú", 14.0),
        ("Lý do không nhập được", 45.0),
    ];
    let rows: Vec<Vec<xlsx::Value>> = preview
        .rows
        .iter()
        .filter(|row| !row.errors.is_empty())
        .map(|row| {
            let type_name = DOCUMENT_TYPES.iter().find(|(key, _, _)| *key == row.document_type).map(|t| t.2);
            vec![
                xlsx::Value::Number(f64::from(row.line)),
                xlsx::Value::day(row.received),
                row.number.map_or(xlsx::Value::Text(String::new()), |n| xlsx::Value::Number(n as f64)),
                xlsx::Value::Text(row.agency_name.clone()),
                xlsx::Value::Text(row.number_symbol.clone()),
                xlsx::Value::day(row.document_date),
                xlsx::Value::Text(match type_name {
                    Some(name) if row.document_type != "CV" => format!("{name} {}", row.summary),
                    _ => row.summary.clone(),
                }),
                xlsx::Value::Text(row.notes.clone()),
                xlsx::Value::Text(row.errors.iter().map(|e| e.vi.as_str()).collect::<Vec<_>>().join(" ")),
            ]
        })
        .collect();
    xlsx::sections_book(
        "Dong loi",
        "CÁC DÒNG CHƯA NHẬP ĐƯỢC",
        &format!("Từ tệp {file_name}: {} dòng", rows.len()),
        &[xlsx::Section { heading: None, columns: &columns, rows: &rows }],
    )
}

/// Store the rows of a preview: every row, or nothing if any row has an error — unless
/// `skip_invalid`, when the rows without an error are stored and the others left out.
pub fn commit(
    w: &mut Writer<'_>,
    actor: &Actor,
    register_id: RegisterId,
    preview: &ImportPreview,
    skip_invalid: bool,
) -> CoreResult<u32> {
    if preview.valid == 0 || (preview.invalid > 0 && !skip_invalid) {
        return Err(CoreError::invalid(
            "file",
            format!(
                "Tệp còn {} dòng lỗi: hãy sửa tệp rồi nhập lại. Chưa có dòng nào được nhập.",
                preview.invalid
            ),
            format!(
                "The file still has {} rows with errors: fix them and import again. Nothing was imported.",
                preview.invalid
            ),
        ));
    }
    let mut rows: Vec<&ImportRow> = preview.rows.iter().filter(|r| r.errors.is_empty()).collect();
    if rows.iter().any(|r| !crate::secrecy::covers(actor, r.secrecy)) {
        return Err(CoreError::invalid(
            "file",
            "Tệp có văn bản mật ở độ mật bạn không được tiếp cận: người được giao sổ mật nhập tệp này.",
            "The file holds secret documents above your clearance: the keeper of the secret register imports it.",
        ));
    }
    rows.sort_by_key(|r| (r.received, r.number));
    for row in &rows {
        let received = day_noon(row.received.expect("checked in preview"));
        let year = vietnam_year(received);
        let number = match row.number {
            Some(number) => {
                register::record_number(w, register_id, year, number)?;
                number
            }
            None => register::take_number(w, register_id, year)?,
        };
        let now = w.now_text();
        let record = Record {
            register_id,
            year,
            number,
            received_at: received,
            agency_id: None,
            agency_name: &row.agency_name,
            number_symbol: &row.number_symbol,
            document_date: row.document_date,
            document_type: &row.document_type,
            summary: &row.summary,
            urgency: row.urgency,
            secrecy: row.secrecy,
            page_count: None,
            reply_deadline: None,
            signer: "",
            electronic: false,
            status: IncomingStatus::Closed,
            routing_rule_id: None,
            lead_department_id: None,
            supervisor_id: None,
            presented_to_id: None,
            handler_id: None,
            deadline: None,
            registered_by: actor.user_id,
        };
        let id = store(w, &record, &now)?;
        reindex(w, id)?;
        let note = if row.notes.is_empty() { String::new() } else { format!(": {}", row.notes) };
        flow::record_step(
            w,
            id,
            "imported",
            (
                &format!("Nhập từ sổ cũ (dòng {}){note}", row.line),
                &format!("Imported from the old register (line {}){note}", row.line),
            ),
            &serde_json::json!({}),
        )?;
    }
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Register, id: Some(register_id.0) },
        crate::audit::said(format!("Nhập {} văn bản đến từ tệp", rows.len()), format!("Imported {} incoming documents from a file", rows.len())),
        &serde_json::json!({ "rows": rows.len(), "leftOut": preview.rows.len() - rows.len(), "keepsNumbers": preview.keeps_numbers }),
    )?;
    Ok(rows.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::split_type;

    #[test]
    fn the_type_name_is_split_from_the_summary() {
        assert_eq!(split_type("Công văn Về việc hỗ trợ"), ("CV".into(), "Về việc hỗ trợ".into()));
        assert_eq!(split_type("QUYẾT ĐỊNH Phê duyệt dự án"), ("QĐ".into(), "Phê duyệt dự án".into()));
        assert_eq!(split_type("Quy định về quản lý"), ("QyĐ".into(), "về quản lý".into()));
        assert_eq!(split_type("Về việc tăng cường"), ("CV".into(), "Về việc tăng cường".into()));
    }
}
