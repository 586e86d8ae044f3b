//! A real Office's year of incoming mail, as it kept it in Excel: tens of thousands of
//! rows under a title, the Annex IV headings and their column numbers, citizens' petitions
//! without a number and symbol, rows noted "Mật", blank rows, a closing total and a few
//! mistakes. It imports in one go; the rows that cannot come in are explained and can be
//! downloaded; secret rows never slip into the ordinary register.

use crate::incoming::Office;
use rust_xlsxwriter::Workbook;
use vanphong::commands::{self, ImportRequest};

const ROWS: u32 = 34_747;

/// The workbook, and how many rows of each kind it holds.
fn year_register() -> (Vec<u8>, u32, u32, u32) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2016").unwrap();
    let headings = [
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Đơn vị hoặc người nhận",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    ];
    for (c, heading) in headings.iter().enumerate() {
        sheet.write(2, c as u16, *heading).unwrap();
        sheet.write(3, c as u16, format!("({})", c + 1)).unwrap();
    }
    let (mut petitions, mut secret, mut wrong) = (0, 0, 0);
    let mut line = 4;
    for n in 1..=ROWS {
        if n % 5000 == 0 {
            line += 1; // a blank row between pages
        }
        let day = chrono::NaiveDate::from_ymd_opt(2016, 1, 4).unwrap()
            + chrono::Days::new(u64::from(n) * 362 / u64::from(ROWS));
        let (author, symbol, summary, note) = match n % 97 {
            0 => {
                petitions += 1;
                (
                    "Ông Nguyễn Văn Hải, xóm 3, xã Nghi Lộc",
                    "",
                    "Đơn kiến nghị về việc bồi thường giải phóng mặt bằng",
                    "",
                )
            }
            1 => {
                secret += 1;
                ("Công an tỉnh", "15/CAT-PV01", "Công văn Về việc bảo đảm an ninh trật tự", "Mật")
            }
            _ => ("Sở Tài chính", "", "Công văn Về việc giải phóng mặt bằng dự án đường ven biển", ""),
        };
        let symbol = if symbol.is_empty() && author == "Sở Tài chính" {
            format!("{n}/STC-QLNS")
        } else {
            symbol.to_string()
        };
        let received = if n % 4001 == 0 {
            wrong += 1;
            "32/13/2016".to_string()
        } else {
            day.format("%d/%m/%Y").to_string()
        };
        for (c, value) in
            [received, n.to_string(), author.into(), symbol, String::new(), summary.into()].iter().enumerate()
        {
            sheet.write(line, c as u16, value.as_str()).unwrap();
        }
        sheet.write(line, 9, note).unwrap();
        line += 1;
    }
    sheet.write(line + 1, 0, format!("Tổng cộng: {ROWS} văn bản")).unwrap();
    (book.save_to_buffer().unwrap(), petitions, secret, wrong)
}

#[test]
fn a_year_of_an_offices_register_imports_in_one_go() {
    let o = Office::new();
    let (bytes, petitions, secret, wrong) = year_register();
    assert!(bytes.len() > 500_000, "a real year's file: {} bytes", bytes.len());
    let upload = commands::upload(
        &o.t.app,
        commands::Caller { token: Some(&o.clerk), source: None },
        "so-van-ban-den-2016.xlsx",
        &mut bytes.as_slice(),
    )
    .unwrap();
    let request = |skip| ImportRequest {
        register_id: o.ordinary,
        file_name: "so-van-ban-den-2016.xlsx".into(),
        content_base64: None,
        upload_id: Some(upload.upload_id.clone()),
        skip_invalid: Some(skip),
    };
    let preview = o.t.call::<commands::IncomingImportPreview>(Some(&o.clerk), request(false)).unwrap();
    assert_eq!(
        preview.valid + preview.invalid,
        ROWS,
        "headings, column numbers, blank rows and the total skipped"
    );
    assert_eq!(
        preview.invalid,
        secret + wrong,
        "petitions without a number and symbol are not refused ({petitions})"
    );
    assert!(
        preview.rows.len() <= vanphong::incoming::spreadsheet::SHOWN_VALID_ROWS + preview.invalid as usize
    );
    let flagged = preview.rows.iter().filter(|r| r.errors.iter().any(|e| e.vi.contains("Mật"))).count();
    assert_eq!(flagged as u32, secret, "every row noted Mật is flagged, none slips in as ordinary");

    // The clerk downloads what will be left out, with the reasons, before importing.
    let rejected = o.t.call::<commands::IncomingImportRejectedXlsx>(Some(&o.clerk), request(true)).unwrap();
    let book = crate::support::opened(&o.t.app, &o.clerk, &rejected);
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(book)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let reasons: Vec<String> = sheet
        .rows()
        .map(|r| r[8].to_string())
        .filter(|r| !r.is_empty() && r != "Lý do không nhập được")
        .collect();
    assert_eq!(reasons.len() as u32, secret + wrong, "one line per row left out, with its reason");
    assert!(
        reasons.iter().any(|r| r.contains("sổ văn bản mật"))
            && reasons.iter().any(|r| r.contains("ngày đến"))
    );

    let error = o.t.call::<commands::IncomingImport>(Some(&o.clerk), request(false)).unwrap_err();
    assert!(error.message.vi.contains("Chưa có dòng nào được nhập"), "all or nothing unless asked");
    let imported = o.t.call::<commands::IncomingImport>(Some(&o.clerk), request(true)).unwrap();
    assert_eq!(imported.imported, ROWS - secret - wrong);

    let petitions_in =
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            vanphong::incoming::views::IncomingFilter {
                search: Some("don kien nghi boi thuong".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(petitions_in.total, petitions, "petitions came in without a number and symbol");
}
