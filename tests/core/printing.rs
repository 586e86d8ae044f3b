//! Printed forms read back as text (poppler's pdftotext): what a civil servant would file
//! must be on the page, in Vietnamese, on the right page.

use base64::Engine;
use std::process::Command;
use vanphong::commands::{self, FileContent};

/// Write the PDF out and return its text, page by page.
pub fn pdf_pages(file: &FileContent) -> Vec<String> {
    assert_eq!(file.media_type, "application/pdf");
    let bytes = crate::support::fetched(file);
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
        "Hạn giải quyết: 30/11/2026",
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

/// The register of a period is read by the Vietnam days it covers, across a new year:
/// a document that arrived at 23:30 on 31 December (16:30 UTC) is the last of its year,
/// one at 00:30 on 1 January (17:30 UTC the day before) opens the next year's numbers.
#[test]
fn a_register_across_the_new_year_lists_each_document_by_its_vietnam_day() {
    let o = crate::incoming::Office::new();
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    for (symbol, received) in [
        ("1/CUOI-NAM", "2025-12-31T16:30:00Z"),
        ("2/DAU-NAM", "2025-12-31T17:30:00Z"),
        ("3/DAU-NAM", "2026-01-01T10:00:00Z"),
    ] {
        let mut input = o.input(symbol, &format!("Văn bản {symbol}"));
        input.received_at = at(received);
        o.register(input);
    }
    let day =
        |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(if m == 12 { 2025 } else { 2026 }, m, d).unwrap();
    let cases = [
        ((12, 31), (12, 31), vec!["1/CUOI-NAM"]),
        ((1, 1), (1, 1), vec!["2/DAU-NAM", "3/DAU-NAM"]),
        ((12, 31), (1, 1), vec!["1/CUOI-NAM", "2/DAU-NAM", "3/DAU-NAM"]),
        ((12, 1), (12, 30), vec![]),
        ((1, 2), (1, 31), vec![]),
    ];
    for ((from_m, from_d), (to_m, to_d), expected) in cases {
        let file =
            o.t.call::<commands::IncomingRegisterPdf>(
                Some(&o.clerk),
                commands::RegisterPrintRequest {
                    register_id: o.ordinary,
                    from: day(from_m, from_d),
                    to: day(to_m, to_d),
                },
            )
            .unwrap();
        let text = pdf_pages(&file).join("\n");
        let listed: Vec<&str> =
            ["1/CUOI-NAM", "2/DAU-NAM", "3/DAU-NAM"].into_iter().filter(|s| text.contains(*s)).collect();
        assert_eq!(listed, expected, "{from_d}/{from_m} to {to_d}/{to_m}");
        assert!(text.contains(&format!("· {} văn bản", expected.len())), "{text}");
    }
}

fn import_request(
    register_id: vanphong::register::RegisterId,
    file_name: &str,
    bytes: &[u8],
) -> commands::ImportRequest {
    commands::ImportRequest {
        register_id,
        file_name: file_name.into(),
        content_base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        upload_id: None,
        skip_invalid: None,
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
    let bytes = crate::support::fetched(&xlsx);

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
                issuer: None,
                document_types: vec![],
                legal_normative: false,
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
            vanphong::incoming::views::IncomingFilter {
                register_id: Some(old.id),
                sort: Some(vanphong::incoming::views::IncomingSort::Number),
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
            vanphong::incoming::views::IncomingFilter {
                sort: Some(vanphong::incoming::views::IncomingSort::Number),
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

/// Words of a PDF with their boxes (poppler's `pdftotext -bbox`): (page, x_min, y_min, word).
pub fn word_boxes(file: &FileContent) -> Vec<(usize, f32, f32, String)> {
    let bytes = crate::support::fetched(file);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let output = Command::new("pdftotext").arg("-bbox").arg(&path).arg("-").output().unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        let Some(rest) = line.trim().strip_prefix("<word ") else { continue };
        let attribute = |name: &str| -> f32 {
            let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[start..].split('"').next().unwrap().parse().unwrap()
        };
        let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
        words.push((page, attribute("xMin"), attribute("yMin"), text));
    }
    words
}

pub fn run(text: &str) -> vanphong::pdf::official::Run {
    vanphong::pdf::official::Run { text: text.into(), bold: false, italic: false }
}

/// The issue's own example: the conclusion notice of a vice chairman's working session.
pub(crate) fn conclusion_notice(extra_paragraphs: usize) -> vanphong::pdf::official::OfficialDocument {
    use vanphong::pdf::official::{Block, OfficialDocument, Signature};
    let mut blocks = vec![
        Block::Paragraph {
            runs: vec![run(
                "Ngày 14 tháng 11 năm 2026, đồng chí Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà đã làm việc với Văn phòng UBND tỉnh về tình hình thực hiện nhiệm vụ năm 2026 và kế hoạch năm 2027. Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp¹, đồng chí Phó Chủ tịch kết luận như sau:",
            )],
        },
        Block::Point {
            label: "1.".into(),
            runs: vec![vanphong::pdf::official::Run {
                text: "Đánh giá chung".into(),
                bold: true,
                italic: false,
            }],
        },
        Block::Paragraph {
            runs: vec![run(
                "Năm 2026, Văn phòng UBND tỉnh đã chủ động tham mưu, phục vụ tốt hoạt động chỉ đạo, điều hành của UBND tỉnh, Chủ tịch và các Phó Chủ tịch UBND tỉnh; thực hiện tốt công tác văn thư, lưu trữ.",
            )],
        },
        Block::Point {
            label: "2.".into(),
            runs: vec![vanphong::pdf::official::Run {
                text: "Nhiệm vụ trọng tâm năm 2027".into(),
                bold: true,
                italic: false,
            }],
        },
        Block::Bullet {
            runs: vec![run(
                "Tiếp tục nâng cao chất lượng tham mưu, bảo đảm đúng quy trình, thời hạn theo Quy chế làm việc của UBND tỉnh.",
            )],
        },
        Block::Bullet {
            runs: vec![run(
                "Đẩy mạnh chuyển đổi số, vận hành hiệu quả hệ thống quản lý văn bản và điều hành, phòng họp không giấy.",
            )],
        },
        Block::Point {
            label: "3.".into(),
            runs: vec![vanphong::pdf::official::Run {
                text: "Tổ chức thực hiện".into(),
                bold: true,
                italic: false,
            }],
        },
        Block::Paragraph {
            runs: vec![run(
                "Giao Chánh Văn phòng UBND tỉnh chỉ đạo các phòng, đơn vị triển khai thực hiện các nội dung trên; định kỳ báo cáo kết quả về UBND tỉnh.",
            )],
        },
    ];
    for n in 0..extra_paragraphs {
        blocks.push(Block::Paragraph { runs: vec![run(&format!("Đoạn bổ sung số {n}: các phòng chuyên môn rà soát nhiệm vụ được giao, báo cáo tiến độ định kỳ hằng tháng và đề xuất giải pháp tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện."))] });
    }
    OfficialDocument {
        parent_body: "Ủy ban nhân dân tỉnh Nghệ An".into(),
        issuing_body: "Văn phòng".into(),
        number_symbol: "245/TB-VP".into(),
        place: "Nghệ An".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 18),
        type_name: Some("Thông báo".into()),
        summary: "Kết luận của đồng chí Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà tại buổi làm việc với Văn phòng UBND tỉnh".into(),
        urgency: None,
        secrecy: None,
        addressees: vec![],
        blocks,
        signature: Signature {
            authority: vec!["TL. Chủ tịch".into()],
            title: "Chánh Văn phòng".into(),
            name: "Nguyễn Thanh Tùng".into(),
            electronic: None,
        },
        recipients: vec![
            "- Chủ tịch, các PCT UBND tỉnh;".into(),
            "- Các Sở, ban, ngành cấp tỉnh;".into(),
            "- Chánh VP, các PCVP UBND tỉnh;".into(),
            "- Các phòng, đơn vị thuộc VP;".into(),
            "- Cổng Thông tin điện tử tỉnh;".into(),
            "- Lưu: VT, TH.".into(),
            "- (7 nơi nhận)".into(),
        ],
        footnotes: vec!["Gồm đại diện lãnh đạo các phòng, đơn vị thuộc Văn phòng UBND tỉnh.".into()],
        draft: false,
    }
}

#[test]
fn a_conclusion_notice_comes_out_as_a_civil_servant_would_file_it() {
    let o = crate::incoming::Office::new();
    let file = o.t.call::<commands::DocumentPreviewPdf>(Some(&o.clerk), conclusion_notice(0)).unwrap();
    assert_eq!(file.file_name, "245-TB-VP.pdf");
    let pages = pdf_pages(&file);
    assert_eq!(pages.len(), 1, "a short notice fits one page");
    let text = &pages[0];
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 245/TB-VP",
        "Nghệ An, ngày 18 tháng 11 năm 2026",
        "THÔNG BÁO",
        "1. Đánh giá chung",
        "- Đẩy mạnh chuyển đổi số",
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Nguyễn Thanh Tùng",
        "Nơi nhận:",
        "- Lưu: VT, TH.",
        "1 Gồm đại diện lãnh đạo",
    ] {
        assert!(text.contains(expected), "{expected:?} on the page:\n{text}");
    }

    // Positions (points from the top-left of an A4 page, 595 × 842).
    let words = word_boxes(&file);
    let find = |word: &str| {
        words.iter().find(|w| w.3 == word).unwrap_or_else(|| panic!("{word} is on the page")).clone()
    };
    let (_, x, y, _) = find("CỘNG");
    assert!(x > 297.0 / 1.0 - 20.0 && y < 90.0, "national title top right: {x} {y}");
    let (_, x, _, _) = find("Số:");
    assert!(x < 200.0, "number top left: {x}");
    let (_, _, title_y, _) = find("THÔNG");
    assert!(title_y > y + 40.0, "the type name comes under the header blocks");
    let (_, x, nơi_y, _) = find("Nơi");
    let (_, sign_x, sign_y, _) = find("TL.");
    assert!(x < 100.0 && sign_x > 300.0, "'Nơi nhận' left, signature right");
    assert!((nơi_y - sign_y).abs() < 3.0, "they start on the same line");
    let left_margin = words.iter().filter(|w| w.3.starts_with("Năm")).map(|w| w.1).next().unwrap();
    assert!(
        (left_margin - 30.0 * 72.0 / 25.4 - 10.0 * 72.0 / 25.4).abs() < 2.0,
        "first-line indent of 1 cm from a 30 mm margin: {left_margin}"
    );
}

#[test]
fn a_long_body_flows_over_pages_numbered_from_the_second() {
    let o = crate::incoming::Office::new();
    let file = o.t.call::<commands::DocumentPreviewPdf>(Some(&o.clerk), conclusion_notice(40)).unwrap();
    let pages = pdf_pages(&file);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(!pages[0].trim_start().starts_with('1'), "no number on page 1");
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(page.trim_start().starts_with(&(n + 1).to_string()), "page {} is numbered", n + 1);
    }
    let all = pages.join("\n");
    for n in [0, 20, 39] {
        assert!(all.contains(&format!("Đoạn bổ sung số {n}:")), "paragraph {n} is not lost");
    }
    assert!(pages.last().unwrap().contains("Nơi nhận:"), "the closing blocks come last");
}

/// The fonts of a PDF as poppler lists them (`pdffonts`): (name, embedded, subset, has a
/// ToUnicode map).
fn pdf_fonts(bytes: &[u8]) -> Vec<(String, bool, bool, bool)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new("pdffonts").arg(&path).output().expect("pdffonts (poppler-utils) runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|line| {
            // name type… encoding emb sub uni object ID: read the flags from the right.
            let fields: Vec<&str> = line.split_whitespace().collect();
            let flag = |from_end: usize| fields[fields.len() - from_end] == "yes";
            (fields[0].to_string(), flag(5), flag(4), flag(3))
        })
        .collect()
}

/// Issue #11: a one-page công văn is sent and kept by the thousand, so it carries only the
/// glyphs it shows — under 100 kB, its Vietnamese still on the page and copyable.
#[test]
fn a_one_page_cong_van_is_light_and_its_text_still_reads() {
    use vanphong::pdf::official::{Block, Run};
    let o = crate::incoming::Office::new();
    let styled = |text: &str, bold: bool, italic: bool| Run { text: text.into(), bold, italic };
    let mut document = conclusion_notice(0);
    document.type_name = None;
    document.number_symbol = "4321/UBND-KT".into();
    document.summary = "rà soát, báo cáo tiến độ giải ngân vốn đầu tư công năm 2026".into();
    document.addressees = vec!["Sở Tài chính;".into(), "Sở Xây dựng.".into()];
    document.blocks.insert(
        0,
        Block::Paragraph {
            runs: vec![
                styled("Thực hiện ", false, false),
                styled("Nghị quyết số 12/NQ-HĐND", false, true),
                styled(" và ", false, false),
                styled("Chỉ thị khẩn", true, true),
                styled(", Chủ tịch UBND tỉnh yêu cầu:", false, false),
            ],
        },
    );
    let file = o.t.call::<commands::DocumentPreviewPdf>(Some(&o.clerk), document).unwrap();
    let bytes = crate::support::fetched(&file);
    assert!(bytes.len() < 100_000, "a one-page công văn weighs {} bytes", bytes.len());

    let pages = pdf_pages(&file);
    assert_eq!(pages.len(), 1);
    let text = &pages[0];
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 4321/UBND-KT",
        "V/v rà soát, báo cáo tiến độ giải ngân",
        "Kính gửi:",
        "Sở Tài chính;",
        "Nghị quyết số 12/NQ-HĐND",
        "Chỉ thị khẩn",
        "Nghệ An, ngày 18 tháng 11 năm 2026",
        "1. Đánh giá chung",
        "- Đẩy mạnh chuyển đổi số",
        "Nguyễn Thanh Tùng",
        "Nơi nhận:",
    ] {
        assert!(text.contains(expected), "{expected:?} on the page:\n{text}");
    }
    // What poppler extracts is NFC, as typed: no decomposed marks, no replacement glyphs.
    assert!(!text.contains('\u{fffd}'), "{text}");
    assert_eq!(unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect::<String>(), *text);

    let fonts = pdf_fonts(&bytes);
    assert_eq!(fonts.len(), 4, "the four faces are used: {fonts:?}");
    for (name, embedded, subset, to_unicode) in &fonts {
        assert!(*embedded && *subset && *to_unicode, "{name}: embedded subset with ToUnicode");
        assert!(name.contains("+LiberationSerif"), "{name} carries a subset tag");
    }
}
