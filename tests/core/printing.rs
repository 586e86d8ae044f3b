//! Printed forms read back as text (poppler's pdftotext): what a civil servant would file
//! must be on the page, in Vietnamese, on the right page.

use base64::Engine;
use std::process::Command;
use vanphong::commands::{self, FileContent};

/// Write the PDF out and return its text, page by page.
pub fn pdf_pages(file: &FileContent) -> Vec<String> {
    assert_eq!(file.media_type, "application/pdf");
    let bytes = base64::engine::general_purpose::STANDARD.decode(&file.content_base64).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&file.file_name);
    std::fs::write(&path, &bytes).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn the_handling_slip_carries_the_document_and_its_direction() {
    let o = crate::incoming::Office::new();
    let id = crate::incoming::directed_document(&o);
    let slip = o.t.call::<commands::IncomingSlipPdf>(Some(&o.clerk), commands::IncomingRef { id }).unwrap();
    let pages = pdf_pages(&slip);
    assert_eq!(pages.len(), 1);
    let text = &pages[0];
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "VĂN PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN",
        "Số đến: 1/2026",
        "88/STC-QLNS",
        "Công văn Đề nghị bổ sung dự toán ngân sách năm 2026",
        "Ý kiến chỉ đạo của lãnh đạo",
        "tham mưu trả lời Sở Tài chính",
        "Hạn giải quyết: 27/11/2026",
    ] {
        assert!(text.contains(expected), "{expected:?} is on the slip:\n{text}");
    }
}

#[test]
fn the_register_runs_over_pages_with_its_header_on_each() {
    let o = crate::incoming::Office::new();
    for n in 1..=60 {
        o.register(o.input(
            &format!("{n}/STC-NS"),
            &format!("Về việc số {n}: đề nghị bổ sung dự toán ngân sách cho các xã miền núi phía tây"),
        ));
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let file =
        o.t.call::<commands::IncomingRegisterPdf>(
            Some(&o.clerk),
            commands::RegisterPrintRequest { register_id: o.ordinary, from: day, to: day },
        )
        .unwrap();
    let pages = pdf_pages(&file);
    assert!(pages.len() >= 3, "60 documents fill several pages ({})", pages.len());
    assert!(
        pages[0].contains("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
            && pages[0].contains("Từ ngày 20/11/2026 đến ngày 20/11/2026 · 60 văn bản")
    );
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains("Tên loại và trích yếu nội dung"), "the header is repeated on page {}", n + 1);
    }
    let all = pages.join("\n");
    for n in [1, 30, 60] {
        assert!(all.contains(&format!("{n}/STC-NS")), "document {n} is in the register");
    }
    assert!(pages[1].trim_start().starts_with('2'), "pages are numbered from the second");
    let error =
        o.t.call::<commands::IncomingRegisterPdf>(
            Some(&o.clerk),
            commands::RegisterPrintRequest {
                register_id: o.ordinary,
                from: day,
                to: day.pred_opt().unwrap(),
            },
        )
        .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("to"));
}

fn import_request(
    register_id: vanphong::register::RegisterId,
    file_name: &str,
    bytes: &[u8],
) -> commands::ImportRequest {
    commands::ImportRequest {
        register_id,
        file_name: file_name.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

#[test]
fn an_exported_register_imports_back_whole_with_its_numbers() {
    let o = crate::incoming::Office::new();
    for n in 1..=5 {
        o.register(o.input(&format!("{n}/SXD-QH"), &format!("Về việc quy hoạch khu {n}")));
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let xlsx =
        o.t.call::<commands::IncomingRegisterXlsx>(
            Some(&o.clerk),
            commands::RegisterPrintRequest { register_id: o.ordinary, from: day, to: day },
        )
        .unwrap();
    assert!(xlsx.file_name.ends_with(".xlsx"));
    let bytes = base64::engine::general_purpose::STANDARD.decode(&xlsx.content_base64).unwrap();

    // An old register kept in Excel goes into a register of its own.
    let old =
        o.t.call::<commands::RegisterCreate>(
            Some(&o.admin),
            vanphong::register::RegisterInput {
                kind: vanphong::register::RegisterKind::Incoming,
                code: "CU".into(),
                name: "Sổ văn bản đến (bản Excel cũ)".into(),
                secret: false,
                sort_order: 90,
            },
        )
        .unwrap();
    let preview =
        o.t.call::<commands::IncomingImportPreview>(
            Some(&o.clerk),
            import_request(old.id, &xlsx.file_name, &bytes),
        )
        .unwrap();
    assert_eq!((preview.valid, preview.invalid, preview.keeps_numbers), (5, 0, true));
    assert_eq!(preview.rows[2].number, Some(3));
    assert_eq!(preview.rows[2].document_type, "CV", "'Công văn' was split from the summary");
    assert_eq!(preview.rows[2].summary, "Về việc quy hoạch khu 3");

    let result =
        o.t.call::<commands::IncomingImport>(Some(&o.clerk), import_request(old.id, &xlsx.file_name, &bytes))
            .unwrap();
    assert_eq!(result.imported, 5);
    let list =
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            vanphong::incoming::IncomingFilter {
                register_id: Some(old.id),
                sort: Some(vanphong::incoming::IncomingSort::Number),
                ..Default::default()
            },
        )
        .unwrap();
    let numbers: Vec<i64> = list.items.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    let again =
        o.t.call::<commands::IncomingImport>(Some(&o.clerk), import_request(old.id, &xlsx.file_name, &bytes))
            .unwrap_err();
    assert_eq!(again.code, "invalid", "importing the same numbers twice is refused");
    let next =
        o.t.call::<commands::IncomingRegister>(
            Some(&o.clerk),
            vanphong::incoming::IncomingInput { register_id: old.id, ..o.input("9/X", "Sau khi nhập") },
        )
        .unwrap();
    assert_eq!(next.number, 6, "registration continues after the imported numbers");
}

#[test]
fn a_file_with_bad_rows_is_explained_row_by_row_and_imports_nothing() {
    let o = crate::incoming::Office::new();
    let csv = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2025\n\
               Ngày đến;Số đến;Tác giả;Số, ký hiệu;Ngày tháng;Tên loại và trích yếu nội dung;Độ khẩn;Ghi chú\n\
               02/01/2025;1;Sở Tài chính;1/STC;31/12/2024;Công văn Về việc quyết toán;;\n\
               hôm qua;2;Sở Y tế;2/SYT;;Về việc tiêm chủng;;\n\
               03/01/2025;1;Sở Xây dựng;5/SXD;;Quyết định Về quy hoạch;khẩn;\n\
               03/01/2025;4;;7/TTr;;Về việc thanh tra;rất gấp;\n";
    let request = import_request(o.ordinary, "so-cu-2025.csv", csv.as_bytes());
    let preview = o.t.call::<commands::IncomingImportPreview>(Some(&o.clerk), request.clone()).unwrap();
    assert_eq!((preview.valid, preview.invalid), (1, 3));
    let line = |n: u32| preview.rows.iter().find(|r| r.line == n).unwrap();
    assert!(line(4).errors[0].vi.contains("ngày đến"), "{:?}", line(4).errors);
    assert!(line(5).errors.iter().any(|e| e.vi.contains("lặp lại trong tệp")), "{:?}", line(5).errors);
    assert_eq!(line(5).document_type, "QĐ");
    let six: Vec<&str> = line(6).errors.iter().map(|e| e.en.as_str()).collect();
    assert!(six.contains(&"The issuing agency is missing.") && six.contains(&"Unknown urgency."), "{six:?}");

    let error = o.t.call::<commands::IncomingImport>(Some(&o.clerk), request).unwrap_err();
    assert!(error.message.vi.contains("Chưa có dòng nào được nhập"), "{}", error.message.vi);
    let list = o.t.call::<commands::IncomingList>(Some(&o.clerk), Default::default()).unwrap();
    assert_eq!(list.total, 0, "nothing half-imported");
}

#[test]
fn a_file_without_numbers_is_numbered_in_order_of_arrival() {
    let o = crate::incoming::Office::new();
    let csv = "Ngày đến,Tác giả,\"Số, ký hiệu\",Trích yếu\n\
               05/03/2025,Sở Y tế,12/SYT,Về việc A\n\
               04/03/2025,Sở Tư pháp,3/STP,Về việc B\n";
    let result = o
        .t
        .call::<commands::IncomingImport>(Some(&o.clerk), import_request(o.ordinary, "b.csv", csv.as_bytes()))
        .unwrap();
    assert_eq!(result.imported, 2);
    let list =
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            vanphong::incoming::IncomingFilter {
                sort: Some(vanphong::incoming::IncomingSort::Number),
                ..Default::default()
            },
        )
        .unwrap();
    let order: Vec<(i64, &str)> = list.items.iter().map(|r| (r.number, r.number_symbol.as_str())).collect();
    assert_eq!(order, vec![(1, "3/STP"), (2, "12/SYT")]);
    let detail =
        o.t.call::<commands::IncomingGet>(Some(&o.clerk), commands::IncomingRef { id: list.items[0].id })
            .unwrap();
    assert_eq!(detail.steps[0].kind, "imported");
}
