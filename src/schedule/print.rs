//! The printed weekly schedule: A4 landscape, the Office's headers, the week and its
//! revision in the title ("(Điều chỉnh lần 2) (Cập nhật lần cuối: 14:36 02/12/2026)"),
//! and the table provinces publish — Ngày | Thời gian | Nội dung | Lãnh đạo chủ trì /
//! tham dự | Địa điểm | Thành phần | Lãnh đạo Văn phòng và phòng theo dõi | Ghi chú —
//! with what the adjustment changed named in the notes. Before the week is published it
//! prints as a draft of what would be published.

use super::feed::{leaders_cell, notes_cell};
use super::model::{WEEKDAYS_VI, week_title_vi};
use super::publish::{Publication, PublishedLine};
use crate::error::CoreResult;
use crate::pdf::faces::Face;
use crate::pdf::forms::{agency_header, national_header};
use crate::pdf::{Align, Canvas, Column, Font, Pdf, TableStyle, table};
use crate::settings::Organisation;
use chrono::{Datelike, NaiveDate};

const WIDTH: f32 = 297.0;
const HEIGHT: f32 = 210.0;
const LEFT: f32 = 10.0;

const COLUMNS: [Column; 8] = [
    Column { heading: "Ngày", width: 22.0, align: Align::Center },
    Column { heading: "Thời gian", width: 25.0, align: Align::Center },
    Column { heading: "Nội dung", width: 66.0, align: Align::Left },
    Column { heading: "Lãnh đạo chủ trì / tham dự", width: 40.0, align: Align::Left },
    Column { heading: "Địa điểm", width: 30.0, align: Align::Left },
    Column { heading: "Thành phần", width: 40.0, align: Align::Left },
    Column { heading: "Lãnh đạo Văn phòng và phòng theo dõi", width: 29.0, align: Align::Left },
    Column { heading: "Ghi chú", width: 25.0, align: Align::Left },
];

/// The first page of a landscape form: the Office's headers and the title.
fn first_page(pdf: &Pdf, organisation: &Organisation, title: &str) -> Canvas {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    agency_header(pdf, &mut canvas, organisation, LEFT + 45.0, 14.0);
    national_header(pdf, &mut canvas, WIDTH - LEFT - 55.0, 14.0);
    canvas.text(pdf, Font(Face::Bold, 14.0), WIDTH / 2.0, 32.0, Align::Center, title);
    canvas
}

/// A following page, its number at the top; the table resumes below it.
fn numbered_page(pdf: &mut Pdf) -> (Canvas, f32) {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let number = pdf.page_count() + 1;
    canvas.text(pdf, Font(Face::Regular, 11.0), WIDTH / 2.0, 9.0, Align::Center, &number.to_string());
    (canvas, 13.0)
}

/// The bulletin of the week of `monday` and its file name: a publication (the latest
/// when `revision` is none), or what publishing now would publish (`draft`, or a week
/// never published).
pub fn bulletin_file(
    conn: &rusqlite::Connection,
    organisation: &Organisation,
    monday: NaiveDate,
    revision: Option<u32>,
    draft: bool,
) -> CoreResult<(String, Vec<u8>)> {
    let publication = if draft { None } else { super::publish::publication(conn, monday, revision)? };
    if revision.is_some() && publication.is_none() {
        return Err(crate::error::CoreError::NotFound { what: crate::error::Noun::SchedulePublication });
    }
    let lines = match &publication {
        Some(p) => super::publish::published_lines(conn, p.id)?,
        None => super::publish::pending(conn, monday)?,
    };
    let suffix =
        publication.as_ref().map_or_else(|| "-du-kien".to_string(), |p| format!("-lan-{}", p.revision));
    let name = format!("lich-cong-tac-tuan-{monday}{suffix}.pdf");
    Ok((name, bulletin(organisation, monday, publication.as_ref(), &lines)?))
}

/// The bulletin of the week starting `monday`: `publication`'s lines, or (none given)
/// the lines a publication would have now, as a draft.
pub fn bulletin(
    organisation: &Organisation,
    monday: NaiveDate,
    publication: Option<&Publication>,
    lines: &[PublishedLine],
) -> CoreResult<Vec<u8>> {
    let title = format!("LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO {}", organisation.committee_name.to_uppercase());
    let mut pdf = Pdf::new(&format!("{title} - {}", week_title_vi(monday)));
    let mut canvas = first_page(&pdf, organisation, &title);
    canvas.text(&pdf, Font(Face::Bold, 12.0), WIDTH / 2.0, 38.0, Align::Center, &week_title_vi(monday));
    let revision = match publication {
        Some(p) => p.revision_title_vi(),
        None => "(Dự kiến, chưa công bố)".to_string(),
    };
    canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH / 2.0, 43.5, Align::Center, &revision);
    if publication.is_none() {
        canvas.text(&pdf, Font(Face::Bold, 13.0), WIDTH - LEFT, 32.0, Align::Right, "DỰ THẢO");
    }
    let mut rows = Vec::new();
    for n in 0..7 {
        let date = monday + chrono::Duration::days(n);
        let of_day: Vec<&PublishedLine> = lines.iter().filter(|l| l.line.starts_at.date() == date).collect();
        for (i, published) in of_day.iter().enumerate() {
            let line = &published.line;
            let day = if i == 0 {
                format!(
                    "{} {}",
                    WEEKDAYS_VI[date.weekday().num_days_from_monday() as usize],
                    date.format("%d/%m")
                )
            } else {
                String::new()
            };
            let mut content = line.content.clone();
            if line.cancelled {
                content = format!("[HOÃN] {content}");
            }
            if !line.preparing.is_empty() {
                content = format!("{content} ({})", line.preparing);
            }
            rows.push(vec![
                day,
                line.time_vi(),
                content,
                leaders_cell(line),
                line.place.clone(),
                line.participants.clone(),
                line.follow.clone(),
                notes_cell(published),
            ]);
        }
    }
    if rows.is_empty() {
        rows.push(vec![
            String::new(),
            String::new(),
            "Không có lịch.".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let style = TableStyle { size: 10.0, heading_size: 10.0, padding: 1.2 };
    let mut new_page = numbered_page;
    let (mut canvas, y) =
        table(&mut pdf, canvas, LEFT, 48.0, HEIGHT - 14.0, &COLUMNS, &rows, &style, &mut new_page);
    let note = "Lịch có thể được điều chỉnh; bản công bố mới nhất thay thế các bản trước.";
    if y + 8.0 > HEIGHT - 8.0 {
        pdf.add(canvas);
        canvas = new_page(&mut pdf).0;
        canvas.text(&pdf, Font(Face::Italic, 11.0), LEFT, 20.0, Align::Left, note);
    } else {
        canvas.text(&pdf, Font(Face::Italic, 11.0), LEFT, y + 6.0, Align::Left, note);
    }
    pdf.add(canvas);
    pdf.finish()
}

/// The month's work programme as published (or, not yet published, as it stands), A4
/// landscape: STT | Nội dung | Cơ quan trình | Lãnh đạo phụ trách | Phòng theo dõi |
/// Tình trạng.
pub fn programme(
    organisation: &Organisation,
    month: &super::programme::ProgrammeMonth,
) -> CoreResult<Vec<u8>> {
    let title = format!("CHƯƠNG TRÌNH CÔNG TÁC THÁNG {} NĂM {}", month.month, month.year);
    let mut pdf = Pdf::new(&title);
    let mut canvas = first_page(&pdf, organisation, &title);
    canvas.text(
        &pdf,
        Font(Face::Bold, 12.0),
        WIDTH / 2.0,
        38.0,
        Align::Center,
        &format!("CỦA {}", organisation.committee_name.to_uppercase()),
    );
    let revision = match (month.revision, month.published_at) {
        (Some(r), Some(at)) if r > 1 => format!(
            "(Điều chỉnh lần {}) (Cập nhật lần cuối: {})",
            r - 1,
            at.with_timezone(&crate::clock::vietnam_offset()).format("%H:%M %d/%m/%Y")
        ),
        (Some(_), Some(at)) => {
            format!(
                "(Cập nhật lần cuối: {})",
                at.with_timezone(&crate::clock::vietnam_offset()).format("%H:%M %d/%m/%Y")
            )
        }
        _ => "(Dự kiến, chưa công bố)".to_string(),
    };
    canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH / 2.0, 43.5, Align::Center, &revision);
    const COLUMNS: [Column; 6] = [
        Column { heading: "STT", width: 12.0, align: Align::Center },
        Column { heading: "Nội dung", width: 100.0, align: Align::Left },
        Column { heading: "Cơ quan trình", width: 50.0, align: Align::Left },
        Column { heading: "Lãnh đạo phụ trách", width: 40.0, align: Align::Left },
        Column { heading: "Phòng theo dõi", width: 35.0, align: Align::Left },
        Column { heading: "Tình trạng", width: 40.0, align: Align::Left },
    ];
    let rows: Vec<Vec<String>> = month
        .items
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let i = &m.item;
            let mut status = i.status.name_vi().to_string();
            if !i.status_reason.is_empty() {
                status = format!("{status}: {}", i.status_reason);
            }
            if i.overdue {
                status = format!("{status} (quá hạn)");
            }
            if i.month != i.planned_month {
                status = format!("{status}; chuyển từ tháng {}", i.planned_month);
            }
            vec![
                (n + 1).to_string(),
                format!("{}: {}", i.kind.name_vi(), i.title),
                i.agency_name.clone(),
                i.leader_name.clone(),
                i.department_name.clone(),
                status,
            ]
        })
        .collect();
    let style = TableStyle { size: 10.5, heading_size: 10.5, padding: 1.2 };
    let mut new_page = numbered_page;
    let (canvas, _) =
        table(&mut pdf, canvas, LEFT, 48.0, HEIGHT - 14.0, &COLUMNS, &rows, &style, &mut new_page);
    pdf.add(canvas);
    pdf.finish()
}

/// The quarterly evaluation of advisory quality per agency. The Office compiles and issues
/// it in its own name — headed "ỦY BAN NHÂN DÂN TỈNH … / VĂN PHÒNG" — so the Chief of
/// Office signs it as the head of the issuing body ("CHÁNH VĂN PHÒNG", no TL., DOMAIN.md
/// §2 and `outgoing::review::signature`), with `chief`'s name. The columns on time, late,
/// not submitted and not yet due add up to the items counted; "of which postponed" is
/// apart; a last line sums every column.
pub fn evaluation(
    organisation: &Organisation,
    e: &super::programme::Evaluation,
    chief: &str,
) -> CoreResult<Vec<u8>> {
    let title = format!("ĐÁNH GIÁ CHẤT LƯỢNG THAM MƯU QUÝ {} NĂM {}", roman(e.quarter), e.year);
    let mut pdf = Pdf::new(&title);
    let mut canvas = first_page(&pdf, organisation, &title);
    // The Office's number is given when it is issued as a document; until then it is
    // left to be filled, as on the monthly report.
    canvas.text(&pdf, Font(Face::Regular, 12.0), LEFT + 45.0, 25.5, Align::Center, "Số:        /BC-VP");
    let dated = crate::pdf::official::place_and_date(&organisation.place_name, e.as_of);
    canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH - LEFT - 55.0, 25.5, Align::Center, &dated);
    canvas.text(
        &pdf,
        Font(Face::Italic, 12.0),
        WIDTH / 2.0,
        38.0,
        Align::Center,
        &format!("(Số liệu đến ngày {})", e.as_of.format("%d/%m/%Y")),
    );
    const COLUMNS: [Column; 10] = [
        Column { heading: "STT", width: 11.0, align: Align::Center },
        Column { heading: "Cơ quan", width: 82.0, align: Align::Left },
        Column { heading: "Nội dung phải trình", width: 22.0, align: Align::Center },
        Column { heading: "Trình đúng hạn", width: 22.0, align: Align::Center },
        Column { heading: "Trình chậm", width: 22.0, align: Align::Center },
        Column { heading: "Quá hạn chưa trình", width: 22.0, align: Align::Center },
        Column { heading: "Chưa đến hạn", width: 22.0, align: Align::Center },
        Column { heading: "Trong đó xin lùi", width: 22.0, align: Align::Center },
        Column { heading: "Bị trả lại, làm lại", width: 26.0, align: Align::Center },
        Column { heading: "Nhiệm vụ quá hạn", width: 26.0, align: Align::Center },
    ];
    let figures = |a: &super::programme::AgencyEvaluation| {
        [
            a.due,
            a.on_time,
            a.late,
            a.not_submitted,
            a.not_yet_due,
            a.postponed,
            a.returned,
            a.directions_overdue,
        ]
    };
    let mut sums = [0u32; 8];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (n, a) in e.agencies.iter().enumerate() {
        let line = figures(a);
        for (sum, x) in sums.iter_mut().zip(line) {
            *sum += x;
        }
        let mut row = vec![(n + 1).to_string(), a.agency_name.clone()];
        row.extend(line.iter().map(u32::to_string));
        rows.push(row);
    }
    let mut total = vec![String::new(), "Cộng".to_string()];
    total.extend(sums.iter().map(u32::to_string));
    rows.push(total);
    let style = TableStyle { size: 10.5, heading_size: 10.5, padding: 1.2 };
    let mut new_page = numbered_page;
    let (mut canvas, mut y) =
        table(&mut pdf, canvas, LEFT, 44.0, HEIGHT - 14.0, &COLUMNS, &rows, &style, &mut new_page);
    if y + 40.0 > HEIGHT - 10.0 {
        pdf.add(canvas);
        let (next, top) = new_page(&mut pdf);
        canvas = next;
        y = top;
    }
    let centre = WIDTH - LEFT - 55.0;
    canvas.text(&pdf, Font(Face::Bold, 13.0), centre, y + 10.0, Align::Center, "CHÁNH VĂN PHÒNG");
    canvas.text(&pdf, Font(Face::Bold, 13.0), centre, y + 34.0, Align::Center, chief);
    canvas.text(&pdf, Font(Face::Bold, 11.0), LEFT + 8.0, y + 10.0, Align::Left, "Nơi nhận:");
    for (n, line) in ["- Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "- Các cơ quan có tên trên;", "- Lưu: VT."]
        .iter()
        .enumerate()
    {
        canvas.text(
            &pdf,
            Font(Face::Regular, 10.0),
            LEFT + 8.0,
            y + 15.0 + n as f32 * 4.5,
            Align::Left,
            line,
        );
    }
    pdf.add(canvas);
    pdf.finish()
}

fn roman(n: u32) -> &'static str {
    ["I", "II", "III", "IV"].get(n.saturating_sub(1) as usize).copied().unwrap_or("")
}
