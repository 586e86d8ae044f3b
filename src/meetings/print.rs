//! A meeting's printed pages, A4 portrait in the Office's layout (agency and national
//! headers, title, then text and tables; pages numbered from the second): the agenda,
//! the attendance list, a vote's result, a written round's summary of opinions (tổng hợp
//! ý kiến) with the rules it was counted by, and the minutes (biên bản).

use super::agenda::ItemView;
use super::model::{MeetingKind, Part};
use super::opinions::opinion_vi;
use super::room::{PollOutcome, PollStatus, attendance_vi, choice_vi};
use super::views::MeetingDetail;
use crate::error::CoreResult;
use crate::pdf::faces::{Face, fonts};
use crate::pdf::forms::{agency_header, national_header};
use crate::pdf::{Align, Canvas, Column, Font, Pdf, TableStyle, table};
use crate::settings::Organisation;
use chrono::NaiveDate;

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = WIDTH - 15.0;
const BOTTOM: f32 = HEIGHT - 20.0;
const SIZE: f32 = 13.0;
const LINE: f32 = 6.2;

/// A page being written top to bottom, continuing on new pages.
struct Sheet {
    pdf: Pdf,
    canvas: Canvas,
    y: f32,
}

fn new_page(pdf: &mut Pdf) -> (Canvas, f32) {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let number = pdf.page_count() + 1;
    canvas.text(pdf, Font(Face::Regular, 12.0), WIDTH / 2.0, 12.0, Align::Center, &number.to_string());
    (canvas, 22.0)
}

impl Sheet {
    /// The headers, the place and date, the title and the lines under it.
    fn new(organisation: &Organisation, m: &MeetingDetail, title: &str, dated: NaiveDate) -> Sheet {
        let subtitle = heading(m);
        let pdf = Pdf::new(title);
        let mut canvas = Canvas::new(WIDTH, HEIGHT);
        agency_header(&pdf, &mut canvas, organisation, LEFT + 38.0, 18.0);
        national_header(&pdf, &mut canvas, WIDTH - 62.0, 18.0);
        let place = crate::pdf::official::place_and_date(&organisation.place_name, dated);
        canvas.text(&pdf, Font(Face::Italic, 12.0), WIDTH - 62.0, 32.0, Align::Center, &place);
        // The secrecy mark, under the agency's header (Decree 30, Annex I).
        if m.meeting.secrecy != crate::vocabulary::Clearance::None {
            let mark = m.meeting.secrecy.mark();
            canvas.text(&pdf, Font(Face::Bold, 13.0), LEFT + 38.0, 33.0, Align::Center, mark);
            let width = fonts().width(Face::Bold, 13.0, mark);
            canvas.rect(LEFT + 38.0 - width / 2.0 - 2.0, 28.5, width + 4.0, 6.5, 0.8);
        }
        canvas.text(&pdf, Font(Face::Bold, 14.0), WIDTH / 2.0, 44.0, Align::Center, title);
        let mut sheet = Sheet { pdf, canvas, y: 50.5 };
        for line in &subtitle {
            for part in fonts().wrap(Face::Bold, SIZE, line, RIGHT - LEFT - 10.0) {
                sheet.canvas.text(
                    &sheet.pdf,
                    Font(Face::Bold, SIZE),
                    WIDTH / 2.0,
                    sheet.y,
                    Align::Center,
                    &part,
                );
                sheet.y += LINE;
            }
        }
        sheet.y += 4.0;
        sheet
    }

    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            let (canvas, top) = new_page(&mut self.pdf);
            let done = std::mem::replace(&mut self.canvas, canvas);
            self.pdf.add(done);
            self.y = top;
        }
    }

    /// A wrapped paragraph, indented by `indent` millimetres.
    fn text(&mut self, face: Face, indent: f32, text: &str) {
        for line in fonts().wrap(face, SIZE, text, RIGHT - LEFT - indent) {
            self.room(LINE);
            self.canvas.text(&self.pdf, Font(face, SIZE), LEFT + indent, self.y, Align::Left, &line);
            self.y += LINE;
        }
    }

    fn gap(&mut self) {
        self.y += 2.5;
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        self.room(20.0);
        let style = TableStyle { size: 11.0, heading_size: 10.5, padding: 1.2 };
        let canvas = std::mem::replace(&mut self.canvas, Canvas::new(WIDTH, HEIGHT));
        let (canvas, bottom) =
            table(&mut self.pdf, canvas, LEFT, self.y, BOTTOM, columns, rows, &style, &mut new_page);
        self.canvas = canvas;
        self.y = bottom + 6.0;
    }

    /// Signatures side by side: (title, name) each, centred in equal parts.
    fn signatures(&mut self, signers: &[(&str, String)]) {
        self.room(40.0);
        let part = (RIGHT - LEFT) / signers.len() as f32;
        for (i, (title, name)) in signers.iter().enumerate() {
            let centre = LEFT + part * (i as f32 + 0.5);
            self.canvas.text(&self.pdf, Font(Face::Bold, SIZE), centre, self.y, Align::Center, title);
            self.canvas.text(&self.pdf, Font(Face::Bold, SIZE), centre, self.y + 28.0, Align::Center, name);
        }
        self.y += 36.0;
    }

    fn finish(mut self) -> CoreResult<Vec<u8>> {
        self.pdf.add(self.canvas);
        self.pdf.finish()
    }
}

fn heading(m: &MeetingDetail) -> Vec<String> {
    let mut lines = vec![m.meeting.title.clone()];
    if m.meeting.kind != MeetingKind::Written {
        lines.push(format!("{} — {}", super::conclusion::when_vi(m.meeting.starts_at), m.meeting.place));
    }
    lines
}

fn column(heading: &'static str, width: f32, align: Align) -> Column {
    Column { heading, width, align }
}

fn presenter(item: &ItemView) -> String {
    item.presenter_agency_name.clone().unwrap_or_default()
}

/// The agenda: the admitted items in order with who presents, the time planned and the
/// decision asked.
pub fn agenda(organisation: &Organisation, m: &MeetingDetail, today: NaiveDate) -> CoreResult<Vec<u8>> {
    let mut sheet = Sheet::new(organisation, m, "CHƯƠNG TRÌNH", today);
    sheet.text(Face::Regular, 0.0, &format!("Chủ trì: đồng chí {}.", m.meeting.chair_name));
    sheet.gap();
    let rows: Vec<Vec<String>> = m
        .items
        .iter()
        .filter(|i| i.admitted)
        .map(|i| {
            let mut what = i.title.clone();
            if !i.decision_asked.is_empty() {
                what.push_str(&format!(" — Xin ý kiến: {}", i.decision_asked));
            }
            vec![
                i.number.clone(),
                what,
                presenter(i),
                if i.minutes > 0 { format!("{} phút", i.minutes) } else { String::new() },
            ]
        })
        .collect();
    sheet.table(
        &[
            column("TT", 12.0, Align::Center),
            column("Nội dung", 98.0, Align::Left),
            column("Cơ quan trình bày", 45.0, Align::Left),
            column("Thời gian", 20.0, Align::Center),
        ],
        &rows,
    );
    sheet.finish()
}

/// The attendance list with the quorum.
pub fn attendance(organisation: &Organisation, m: &MeetingDetail, today: NaiveDate) -> CoreResult<Vec<u8>> {
    let mut sheet = Sheet::new(organisation, m, "DANH SÁCH ĐIỂM DANH", today);
    let q = &m.quorum;
    sheet.text(
        Face::Regular,
        0.0,
        &format!(
            "Thành viên có mặt: {}/{}{}.",
            q.present,
            q.members,
            if q.needed > 0 {
                format!(" (cần {}: {})", q.needed, if q.met { "đủ điều kiện tiến hành" } else { "chưa đủ" })
            } else {
                String::new()
            }
        ),
    );
    sheet.gap();
    let rows: Vec<Vec<String>> = m
        .people
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let note = match (p.reason.is_empty(), p.delegate.is_empty()) {
                (_, false) => format!("Dự thay: {}", p.delegate),
                (false, _) => p.reason.clone(),
                _ => String::new(),
            };
            vec![
                (n + 1).to_string(),
                format!(
                    "{}{}",
                    p.full_name,
                    if p.title.is_empty() { String::new() } else { format!(", {}", p.title) }
                ),
                part_vi(p.part).to_string(),
                attendance_vi(p.attendance).to_string(),
                note,
            ]
        })
        .collect();
    sheet.table(
        &[
            column("TT", 10.0, Align::Center),
            column("Họ và tên, chức vụ", 70.0, Align::Left),
            column("Tư cách", 28.0, Align::Center),
            column("Điểm danh", 28.0, Align::Center),
            column("Ghi chú", 39.0, Align::Left),
        ],
        &rows,
    );
    sheet.finish()
}

pub fn part_vi(part: Part) -> &'static str {
    match part {
        Part::Member => "Thành viên",
        Part::Invited => "Khách mời",
        Part::Secretary => "Thư ký",
        Part::Specialist => "Chuyên viên",
    }
}

/// A vote's result, once stopped: the question, the counts, the base and the outcome;
/// the names for an open vote.
pub fn poll(
    organisation: &Organisation,
    m: &MeetingDetail,
    poll: &super::room::PollView,
    today: NaiveDate,
) -> CoreResult<Vec<u8>> {
    let mut sheet = Sheet::new(organisation, m, "KẾT QUẢ BIỂU QUYẾT", today);
    sheet.text(Face::Bold, 0.0, &format!("Nội dung biểu quyết: {}", poll.question));
    sheet.text(
        Face::Regular,
        0.0,
        &format!("Hình thức: {}.", if poll.secret { "bỏ phiếu kín" } else { "biểu quyết công khai" }),
    );
    let (members, present) = (poll.members.unwrap_or(0), poll.present.unwrap_or(0));
    let rows = vec![
        vec!["Tổng số thành viên".into(), members.to_string()],
        vec!["Thành viên có mặt".into(), present.to_string()],
        vec!["Đã biểu quyết".into(), poll.voted.to_string()],
        vec!["Tán thành".into(), count(poll.yes, members)],
        vec!["Không tán thành".into(), count(poll.no, members)],
        vec!["Không biểu quyết".into(), count(poll.abstain, members)],
    ];
    sheet.gap();
    sheet.table(
        &[
            column("", 110.0, Align::Left),
            column("Số lượng (tỷ lệ trên tổng số thành viên)", 65.0, Align::Center),
        ],
        &rows,
    );
    let outcome = match poll.passed {
        Some(true) => "Kết quả: THÔNG QUA (quá nửa tổng số thành viên tán thành).",
        Some(false) => "Kết quả: KHÔNG THÔNG QUA (chưa được quá nửa tổng số thành viên tán thành).",
        None => "Kết quả: chưa kết thúc biểu quyết.",
    };
    sheet.text(Face::Bold, 0.0, outcome);
    if !poll.voters.is_empty() {
        sheet.gap();
        let rows: Vec<Vec<String>> = poll
            .voters
            .iter()
            .enumerate()
            .map(|(n, v)| vec![(n + 1).to_string(), v.full_name.clone(), choice_vi(v.choice).to_string()])
            .collect();
        sheet.table(
            &[
                column("TT", 12.0, Align::Center),
                column("Thành viên", 110.0, Align::Left),
                column("Biểu quyết", 53.0, Align::Center),
            ],
            &rows,
        );
    }
    if poll.status == PollStatus::Started {
        sheet.text(Face::Italic, 0.0, "Biểu quyết đang diễn ra.");
    }
    sheet.signatures(&[("THƯ KÝ", secretary(m)), ("CHỦ TRÌ", m.meeting.chair_name.clone())]);
    sheet.finish()
}

fn count(n: Option<u32>, members: u32) -> String {
    match n {
        Some(n) if members > 0 => {
            let rate = format!("{:.1}", n as f64 * 100.0 / members as f64).replace('.', ",");
            format!("{n} ({rate}%)")
        }
        Some(n) => n.to_string(),
        None => String::new(),
    }
}

fn secretary(m: &MeetingDetail) -> String {
    m.people.iter().find(|p| p.part == Part::Secretary).map(|p| p.full_name.clone()).unwrap_or_default()
}

/// A written round's summary of opinions: per question the tally and each member's
/// answer, with the round's rules, and the resulting proposal to the Chairman.
pub fn opinions(organisation: &Organisation, m: &MeetingDetail, today: NaiveDate) -> CoreResult<Vec<u8>> {
    let mut sheet = Sheet::new(organisation, m, "TỔNG HỢP Ý KIẾN THÀNH VIÊN UBND TỈNH", today);
    let deadline = m.meeting.opinion_deadline.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    sheet.text(
        Face::Italic,
        0.0,
        &format!(
            "Quy tắc: hạn trả lời {deadline}; thành viên không trả lời {}; thông qua khi quá nửa tổng số thành viên đồng ý.",
            if m.silence_agrees { "được tính là đồng ý" } else { "không được tính" }
        ),
    );
    sheet.gap();
    let mut passed_all = true;
    for item in m.items.iter().filter(|i| i.admitted) {
        let Some(o) = &item.opinions else { continue };
        passed_all &= o.passed == Some(true);
        sheet.text(Face::Bold, 0.0, &format!("{}. {}", item.number, item.title));
        sheet.text(
            Face::Regular,
            5.0,
            &format!(
                "Tổng số thành viên {}: đồng ý {}, không đồng ý {}, ý kiến khác {}, chưa trả lời {}. \
                 Tính theo quy tắc: {} đồng ý — {}.",
                o.members,
                o.agree,
                o.disagree,
                o.other,
                o.unanswered,
                o.agree_counted,
                match (o.passed, o.over) {
                    (Some(true), true) => "đạt quá nửa",
                    (Some(false), true) => "không đạt quá nửa",
                    (Some(true), false) => "tạm tính đạt quá nửa (chưa kết thúc lấy ý kiến)",
                    (Some(false), false) => "tạm tính không thể đạt quá nửa (chưa kết thúc lấy ý kiến)",
                    (None, _) => "chưa đủ ý kiến để kết luận",
                }
            ),
        );
        let rows: Vec<Vec<String>> = o
            .answers
            .iter()
            .enumerate()
            .map(|(n, a)| {
                vec![
                    (n + 1).to_string(),
                    a.full_name.clone(),
                    opinion_vi(a.choice).to_string(),
                    a.comment.clone(),
                ]
            })
            .chain(
                o.waiting
                    .iter()
                    .map(|name| vec![String::new(), name.clone(), "chưa trả lời".into(), String::new()]),
            )
            .collect();
        if !rows.is_empty() {
            sheet.table(
                &[
                    column("TT", 10.0, Align::Center),
                    column("Thành viên", 55.0, Align::Left),
                    column("Ý kiến", 30.0, Align::Center),
                    column("Nội dung ý kiến", 80.0, Align::Left),
                ],
                &rows,
            );
        }
    }
    sheet.text(
        Face::Bold,
        0.0,
        if passed_all {
            "Đề xuất: đa số thành viên UBND tỉnh đồng ý; Văn phòng kính trình Chủ tịch UBND tỉnh xem xét, ký ban hành."
        } else {
            "Đề xuất: có nội dung chưa được quá nửa thành viên đồng ý; Văn phòng kính trình Chủ tịch UBND tỉnh \
             xem xét, cho ý kiến chỉ đạo."
        },
    );
    let compiler = m.people.iter().find(|p| p.part == Part::Specialist).map(|p| p.full_name.clone());
    sheet.signatures(&[
        ("CHUYÊN VIÊN TỔNG HỢP", compiler.unwrap_or_else(|| secretary(m))),
        ("CHÁNH VĂN PHÒNG", String::new()),
    ]);
    sheet.finish()
}

/// The minutes: when, where, who chaired and who attended (with the quorum), each item
/// with its discussion, votes and outcome, and the secretary's notes.
pub fn minutes(organisation: &Organisation, m: &MeetingDetail, today: NaiveDate) -> CoreResult<Vec<u8>> {
    let mut sheet = Sheet::new(organisation, m, "BIÊN BẢN", today);
    sheet.text(Face::Regular, 0.0, &format!("Chủ trì: đồng chí {}.", m.meeting.chair_name));
    let present: Vec<String> =
        m.people.iter().filter(|p| p.attendance.present()).map(|p| p.full_name.clone()).collect();
    let absent: Vec<String> = m
        .people
        .iter()
        .filter(|p| {
            matches!(p.attendance, super::model::Attendance::Absent | super::model::Attendance::Delegated)
        })
        .map(|p| {
            if p.delegate.is_empty() {
                format!("{} ({})", p.full_name, p.reason)
            } else {
                format!("{} (ủy quyền {})", p.full_name, p.delegate)
            }
        })
        .collect();
    sheet.text(
        Face::Regular,
        0.0,
        &format!("Có mặt: {}.", if present.is_empty() { "—".into() } else { present.join(", ") }),
    );
    if !absent.is_empty() {
        sheet.text(Face::Regular, 0.0, &format!("Vắng: {}.", absent.join(", ")));
    }
    let q = &m.quorum;
    sheet.text(Face::Regular, 0.0, &format!("Thành viên có mặt {}/{}.", q.present, q.members));
    if let Some(secretary) = m.people.iter().find(|p| p.part == Part::Secretary) {
        sheet.text(Face::Regular, 0.0, &format!("Thư ký: {}.", secretary.full_name));
    }
    sheet.gap();
    sheet.text(Face::Bold, 0.0, "NỘI DUNG");
    for item in m.items.iter().filter(|i| i.admitted) {
        sheet.text(Face::Bold, 0.0, &format!("{}. {}", item.number, item.title));
        if let Some(agency) = &item.presenter_agency_name {
            sheet.text(Face::Regular, 5.0, &format!("Cơ quan trình bày: {agency}."));
        }
        for poll in m.polls.iter().filter(|p| p.item_id == Some(item.id) && p.status != PollStatus::Started) {
            let kind = if poll.secret { "kín" } else { "công khai" };
            let line = match poll.outcome {
                Some(PollOutcome::Insufficient) => format!(
                    "Biểu quyết ({kind}) «{}»: không đủ số phiếu ({} phiếu), không có kết quả.",
                    poll.question, poll.voted
                ),
                Some(PollOutcome::Void) => {
                    format!(
                        "Biểu quyết ({kind}) «{}»: bị hủy do gián đoạn, phải biểu quyết lại.",
                        poll.question
                    )
                }
                _ => format!(
                    "Biểu quyết ({kind}) «{}»: tán thành {}, không tán thành {}, không biểu quyết {} trên {} thành viên — {}.",
                    poll.question,
                    poll.yes.unwrap_or(0),
                    poll.no.unwrap_or(0),
                    poll.abstain.unwrap_or(0),
                    poll.members.unwrap_or(0),
                    if poll.passed == Some(true) { "thông qua" } else { "không thông qua" }
                ),
            };
            sheet.text(Face::Regular, 5.0, &line);
        }
        if !item.outcome.is_empty() {
            sheet.text(Face::Regular, 5.0, &format!("Kết luận: {}", item.outcome));
        }
    }
    if !m.secretary_notes.trim().is_empty() {
        sheet.gap();
        sheet.text(Face::Bold, 0.0, "GHI CHÉP CỦA THƯ KÝ");
        for paragraph in m.secretary_notes.lines().filter(|l| !l.trim().is_empty()) {
            sheet.text(Face::Regular, 0.0, paragraph.trim());
        }
    }
    sheet.gap();
    sheet.text(Face::Italic, 0.0, "Biên bản kết thúc vào hồi ...... giờ ...... cùng ngày.");
    sheet.gap();
    sheet.signatures(&[("THƯ KÝ", secretary(m)), ("CHỦ TRÌ", m.meeting.chair_name.clone())]);
    sheet.finish()
}
