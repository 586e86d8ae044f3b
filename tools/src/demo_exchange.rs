//! The demo office's interconnection axis: the Office's own code, and a few documents the
//! province's departments sent over the axis that wait in the exchange inbox, each a
//! real PDF in the Decree 30 layout inside a standard edXML message.

use vanphong::App;
use vanphong::audit::Writer;
use vanphong::error::CoreResult;
use vanphong::exchange::edxml::{Attachment, Business, DocumentMessage, Organ, Signer};
use vanphong::pdf::official::{Block, OfficialDocument, Run, Signature};

/// A document a department sent over the axis.
struct Sent {
    /// The sender's abbreviation in the directory.
    from: &'static str,
    number_symbol: &'static str,
    type_name: &'static str,
    subject: &'static str,
    body: &'static str,
    position: &'static str,
    name: &'static str,
    priority: u8,
    /// Days until the answer is due (none when 0).
    due_days: i64,
}

const WAITING: &[Sent] = &[
    Sent {
        from: "STC",
        number_symbol: "2815/STC-QLNS",
        type_name: "Công văn",
        subject: "Về việc bổ sung dự toán kinh phí phòng, chống thiên tai năm 2026",
        body: "Căn cứ đề nghị của UBND các xã vùng lũ, Sở Tài chính đề nghị UBND tỉnh xem xét bổ sung dự toán kinh phí khắc phục hậu quả mưa lũ tháng 10 năm 2026 cho các địa phương.",
        position: "GIÁM ĐỐC",
        name: "Trần Quốc Bảo",
        priority: 1,
        due_days: 7,
    },
    Sent {
        from: "SXD",
        number_symbol: "1460/SXD-QLXD",
        type_name: "Báo cáo",
        subject: "Báo cáo tiến độ các công trình trọng điểm quý IV năm 2026",
        body: "Sở Xây dựng báo cáo tiến độ thi công, giải ngân của các công trình trọng điểm trên địa bàn tỉnh và kiến nghị tháo gỡ vướng mắc về giải phóng mặt bằng.",
        position: "PHÓ GIÁM ĐỐC",
        name: "Nguyễn Hữu Phước",
        priority: 0,
        due_days: 0,
    },
    Sent {
        from: "SNNMT",
        number_symbol: "902/SNNMT-TL",
        type_name: "Tờ trình",
        subject: "Đề nghị phê duyệt phương án vận hành hồ chứa mùa mưa lũ",
        body: "Sở Nông nghiệp và Môi trường kính trình UBND tỉnh phê duyệt phương án vận hành liên hồ chứa trên lưu vực sông Cả trong mùa mưa lũ năm 2026.",
        position: "GIÁM ĐỐC",
        name: "Hồ Sỹ Dũng",
        priority: 2,
        due_days: 3,
    },
];

fn run(text: &str) -> Run {
    Run { text: text.into(), bold: false, italic: false }
}

/// The Office's code and the documents waiting on the axis, each PDF signed by its signer
/// and sealed by its department with keys `ca` issued — but the last, whose keys come from
/// an authority the Office does not trust, as a clerk will meet one; how many documents.
pub fn fill(app: &App, office_code: &str, place: &str, ca: &crate::demo_signing::DemoCa) -> CoreResult<u32> {
    let now = app.now();
    let stranger = crate::demo_signing::DemoCa::new("CA không rõ nguồn gốc (thử nghiệm)", now)?;
    app.db().write(|tx| {
        let mut w = Writer::new(tx, now, (None, vanphong::audit::OPERATOR_NAME.into()), "demo_fill");
        vanphong::exchange::office::set_office_code(&mut w, office_code)?;
        Ok(())
    })?;
    let office = Organ { code: office_code.into(), name: "Văn phòng UBND tỉnh".into() };
    let today = vanphong::clock::vietnam_date(now);
    let mut count = 0;
    for (i, sent) in WAITING.iter().enumerate() {
        let Sent {
            from: abbreviation,
            number_symbol,
            type_name,
            subject,
            body,
            position,
            name,
            priority,
            due_days: due,
        } = sent;
        let sender: Option<(String, String)> = app.db().read(|conn| {
            use rusqlite::OptionalExtension;
            Ok(conn
                .query_row(
                    "SELECT code, name FROM agency WHERE abbreviation = ?1 AND code IS NOT NULL
                     AND agency_group = 'provincial_department'",
                    [abbreviation],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })?;
        let Some((code, agency)) = sender else { continue };
        let date = today - chrono::Duration::days(1 + i as i64);
        let (number, notation) = number_symbol.split_once('/').unwrap_or((number_symbol, ""));
        let pdf = vanphong::pdf::official::render(&OfficialDocument {
            parent_body: format!("UBND tỉnh {place}"),
            issuing_body: agency.clone(),
            number_symbol: number_symbol.to_string(),
            place: place.to_string(),
            date: Some(date),
            type_name: (*type_name != "Công văn").then(|| type_name.to_string()),
            summary: subject.trim_start_matches("Về việc ").to_string(),
            urgency: match priority {
                1 => Some("KHẨN".into()),
                2 => Some("THƯỢNG KHẨN".into()),
                _ => None,
            },
            secrecy: None,
            addressees: vec!["Ủy ban nhân dân tỉnh.".into()],
            blocks: vec![Block::Paragraph { runs: vec![run(body)] }],
            signature: Signature {
                authority: if position.starts_with("PHÓ") {
                    vec!["KT. GIÁM ĐỐC".into()]
                } else {
                    vec![]
                },
                title: position.to_string(),
                name: name.to_string(),
                electronic: None,
            },
            recipients: vec!["- Như trên;".into(), "- Lưu: VT.".into()],
            footnotes: vec![],
            draft: false,
        })?;
        let authority = if i + 1 == WAITING.len() { &stranger } else { ca };
        let mark = |reason| vanphong::signature::pdf::Mark {
            reason,
            location: place,
            at: now - chrono::Duration::hours(2),
        };
        let pdf =
            vanphong::signature::pdf::sign(&pdf, &authority.signer(name, &agency)?, &mark("Ký ban hành"))?;
        let pdf = vanphong::signature::pdf::sign(
            &pdf,
            &authority.signer(&agency, &agency)?,
            &mark("Văn thư ký số"),
        )?;
        let message = DocumentMessage {
            from: Organ { code: code.clone(), name: agency },
            to: vec![office.clone()],
            document_id: format!("{code},{},{number_symbol}", date.format("%Y/%m/%d")),
            number: number.into(),
            notation: notation.into(),
            place: place.into(),
            date: Some(date),
            type_name: type_name.to_string(),
            subject: subject.to_string(),
            signer: Signer {
                competence: if position.starts_with("PHÓ") {
                    "KT. GIÁM ĐỐC".into()
                } else {
                    String::new()
                },
                position: position.to_string(),
                full_name: name.to_string(),
            },
            due_date: (*due > 0).then(|| today + chrono::Duration::days(*due)),
            priority: *priority,
            page_count: Some(vanphong::pdf::page_count(&pdf) as u32),
            places: vec!["UBND tỉnh".into()],
            business: Business::New,
            reason: String::new(),
            attachments: vec![Attachment {
                name: format!("{}.pdf", number_symbol.replace('/', "-")),
                content_type: "application/pdf".into(),
                bytes: pdf,
            }],
        };
        let xml = vanphong::exchange::edxml::write_document(&message, now);
        let file = format!("{}.edxml", number_symbol.replace('/', "-"));
        vanphong::exchange::receive_file(
            app,
            now,
            (None, vanphong::exchange::folder::OPERATOR.to_string()),
            &file,
            xml.as_bytes(),
        )?;
        count += 1;
    }
    Ok(count)
}
