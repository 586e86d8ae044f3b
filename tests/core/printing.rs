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
