//! A year of meetings for the demo office, taken through the real functions: the
//! Committee's monthly sessions and a few topical ones, each with its agenda (the
//! departments' submissions linked from the year's incoming documents, the Finance
//! department's opinion where one is needed), attendance, speakers, votes (secret ones
//! for personnel), outcomes, the conclusion notice signed by the chief of office and,
//! once issued, its directions; written rounds each month, answered, reminded and closed;
//! next month's session being prepared (one item not ready), and, on a working day, this
//! morning's session in progress.
//!
//! The notices are signed here and numbered with the other outgoing documents, in the
//! order of signature ([`crate::demo_outgoing::fill`] takes them), so the register's
//! numbers follow its dates; [`give_directions`] then turns their points into directions.

use crate::demo_incoming::{Dice, actor, writer};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use vanphong::audit::Writer;
use vanphong::ballot::Choice;
use vanphong::calendar::Calendar;
use vanphong::clock::vietnam_date;
use vanphong::error::CoreResult;
use vanphong::incoming::model::IncomingId;
use vanphong::meetings::agenda::{self, DocumentRole, ItemInput, NewDocument};
use vanphong::meetings::conclusion::{self, Paper, PointInput};
use vanphong::meetings::model::{Attendance, ItemId, MeetingId, MeetingKind};
use vanphong::meetings::opinions::{self, Opinion};
use vanphong::meetings::room::{self, AttendanceMark};
use vanphong::meetings::{self, MeetingInput};
use vanphong::outgoing::OutgoingId;
use vanphong::outgoing::review::{self, ReviewRequest};
use vanphong::vocabulary::Actor;
use vanphong::vocabulary::{AgencyId, Clearance, UserId};

/// Items of the Committee's sessions: what is decided, and the department that presents
/// it (its name as the directory has it, found by words).
const ITEMS: &[(&str, &str, &str)] = &[
    ("Dự thảo Nghị quyết quy định giá dịch vụ sử dụng đất", "Sở Tài chính", "Thông qua để trình HĐND tỉnh"),
    (
        "Kế hoạch đầu tư công trung hạn, điều chỉnh lần 2",
        "Sở Tài chính",
        "Cho ý kiến về phương án điều chuyển vốn",
    ),
    ("Tình hình kinh tế - xã hội tháng, nhiệm vụ tháng tới", "Sở Tài chính", "Cho ý kiến về báo cáo"),
    ("Đề án sắp xếp trụ sở, tài sản công sau sắp xếp đơn vị hành chính", "Sở Xây dựng", "Thông qua đề án"),
    ("Quy hoạch chung đô thị ven biển", "Sở Xây dựng", "Cho ý kiến về nhiệm vụ quy hoạch"),
    ("Chương trình phát triển nhà ở xã hội", "Sở Xây dựng", "Thông qua chương trình"),
    ("Quy chế phối hợp quản lý nhà nước về đất đai", "Sở Nông nghiệp và Môi trường", "Ban hành quy chế"),
    ("Phương án phòng, chống thiên tai mùa mưa bão", "Sở Nông nghiệp và Môi trường", "Thông qua phương án"),
    ("Kế hoạch chuyển đổi số năm tới", "Sở Khoa học và Công nghệ", "Thông qua kế hoạch"),
    ("Kiện toàn tổ chức bộ máy các cơ quan chuyên môn", "Sở Nội vụ", "Cho ý kiến về nhân sự"),
    ("Kết quả cải cách hành chính, chỉ số PAR INDEX", "Sở Nội vụ", "Cho ý kiến về giải pháp"),
    (
        "Dự thảo Quyết định quy định bảng giá đất điều chỉnh",
        "Sở Nông nghiệp và Môi trường",
        "Ban hành quyết định",
    ),
];

const OUTCOMES: &[&str] = &[
    "Thống nhất thông qua; giao cơ quan trình tiếp thu ý kiến thành viên, hoàn thiện hồ sơ trình HĐND tỉnh.",
    "Cơ bản thống nhất; đề nghị làm rõ nguồn lực thực hiện và lộ trình từng năm.",
    "Giao rà soát, bổ sung số liệu, báo cáo lại UBND tỉnh tại phiên họp tháng sau.",
    "Thống nhất; giao các sở, ngành, địa phương theo chức năng triển khai thực hiện.",
];

const QUESTIONS: &[&str] = &[
    "Dự thảo Quyết định ban hành Quy chế làm việc của UBND tỉnh (sửa đổi)",
    "Chủ trương đầu tư dự án đường giao thông liên xã",
    "Dự thảo Kế hoạch tổ chức các hoạt động chào mừng ngày lễ lớn",
    "Phương án hỗ trợ người dân vùng bị ảnh hưởng thiên tai",
    "Dự thảo Nghị quyết về chính sách thu hút nguồn nhân lực chất lượng cao",
];

/// What the demo's meetings leave for the outgoing register: the notices signed, in
/// the order they were signed.
pub struct SignedNotice {
    pub at: DateTime<Utc>,
    pub id: OutgoingId,
}

struct Cast {
    chief: Actor,
    chair: Actor,
    members: Vec<Actor>,
    specialist: Option<UserId>,
    agencies: Vec<(String, AgencyId)>,
    finance: Option<AgencyId>,
}

fn at(local: NaiveDateTime) -> DateTime<Utc> {
    vanphong::clock::vietnam_offset().from_local_datetime(&local).single().expect("a fixed offset").to_utc()
}

fn cast(conn: &Connection) -> CoreResult<Option<Cast>> {
    let names: Vec<String> = conn
        .prepare("SELECT username FROM user WHERE role IN ('chairman', 'vice_chairman', 'committee_member') AND active = 1 ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut members = Vec::new();
    for name in &names {
        members.push(actor(conn, name)?);
    }
    let Some(chair) = members.iter().find(|m| m.role == vanphong::vocabulary::Role::Chairman).cloned() else {
        return Ok(None);
    };
    let chief: Option<String> = conn
        .query_row(
            "SELECT username FROM user WHERE role = 'chief_of_office' AND active = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(chief) = chief else { return Ok(None) };
    let specialist: Option<UserId> = conn
        .query_row(
            "SELECT u.id FROM user u JOIN department d ON d.id = u.department_id
             WHERE u.role = 'specialist' AND d.code = 'TH' AND u.active = 1 ORDER BY u.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let mut agencies = Vec::new();
    for (_, agency, _) in ITEMS {
        let id: Option<AgencyId> = conn
            .query_row(
                "SELECT id FROM agency WHERE name LIKE '%' || ?1 || '%' ORDER BY length(name) LIMIT 1",
                [agency],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            agencies.push((agency.to_string(), id));
        }
    }
    let finance = agencies.iter().find(|(n, _)| n == "Sở Tài chính").map(|(_, id)| *id);
    Ok(Some(Cast { chief: actor(conn, &chief)?, chair, members, specialist, agencies, finance }))
}

/// A non-secret incoming document from `agency` received before `day` (the latest), or
/// any received before it.
fn submission(
    conn: &Connection,
    agency: Option<AgencyId>,
    day: NaiveDate,
    skip: i64,
) -> CoreResult<Option<IncomingId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM incoming_document WHERE secrecy = 'none' AND status <> 'cancelled'
                 AND substr(received_at, 1, 10) < ?2 AND (?1 IS NULL OR agency_id = ?1)
             ORDER BY received_at DESC LIMIT 1 OFFSET ?3",
            params![agency, day, skip],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn fill(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    per_day: usize,
) -> CoreResult<(usize, Vec<SignedNotice>)> {
    if per_day == 0 {
        return Ok((0, vec![]));
    }
    let conn: &Connection = tx;
    let Some(c) = cast(conn)? else { return Ok((0, vec![])) };
    let calendar = Calendar::load(conn)?;
    let mut dice = Dice(0x04EE_71A6);
    let today = vietnam_date(now);
    let mut made = 0;
    let mut signed = Vec::new();
    let working = |d: NaiveDate| {
        let mut d = d;
        while !calendar.is_working_day(d) {
            d = d.pred_opt().expect("a day before");
        }
        d
    };
    let first_month = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let mut month = first_month;
    while month <= today + Duration::days(31) {
        // The monthly session, around the 25th; the written round, early in the month.
        let session = working(month.with_day(26).expect("the 26th"));
        let topical = month.month().is_multiple_of(3).then(|| working(month.with_day(15).expect("the 15th")));
        let round = calendar.add_working_days(month.pred_opt().expect("a day before"), 1);
        if round <= today {
            written_round(tx, &c, &calendar, &mut dice, round, now)?;
            made += 1;
        }
        for (day, kind) in [(Some(session), MeetingKind::Regular), (topical, MeetingKind::Topical)] {
            let Some(day) = day else { continue };
            if day > today + Duration::days(31) {
                continue;
            }
            if let Some(notice) = session_on(tx, &c, &calendar, &mut dice, day, kind, now)? {
                signed.push(notice);
            }
            made += 1;
        }
        month = month.checked_add_months(chrono::Months::new(1)).expect("next month");
    }
    // A session in progress, on a working day's working hours.
    if calendar.is_working_day(today)
        && now > at(today.and_hms_opt(8, 30, 0).expect("08:30"))
        && now < at(today.and_hms_opt(17, 0, 0).expect("17:00"))
    {
        session_on(tx, &c, &calendar, &mut dice, today, MeetingKind::Topical, now)?;
        made += 1;
    }
    Ok((made, signed))
}

fn create(
    w: &mut Writer<'_>,
    c: &Cast,
    kind: MeetingKind,
    title: String,
    starts: NaiveDateTime,
    place: &str,
) -> CoreResult<MeetingId> {
    let input = MeetingInput {
        kind,
        title,
        chair_id: c.chair.user_id,
        place: place.into(),
        online_link: String::new(),
        starts_at: starts,
        ends_at: starts + Duration::minutes(210),
        secrecy: Clearance::None,
        members: c.members.iter().map(|m| m.user_id).collect(),
        invited: vec![],
        secretaries: vec![c.chief.user_id],
        specialists: c.specialist.into_iter().collect(),
        agency_ids: vec![],
        silence_agrees: true,
    };
    meetings::create(w, &c.chief, &input)
}

/// Items with their submissions; `ready` false leaves the last one without its
/// submission and off the agenda.
fn items(
    w: &mut Writer<'_>,
    c: &Cast,
    dice: &mut Dice,
    meeting: MeetingId,
    day: NaiveDate,
    count: usize,
    ready: bool,
) -> CoreResult<Vec<ItemId>> {
    let mut out = Vec::new();
    let start = dice.below(ITEMS.len());
    for n in 0..count {
        let (title, agency_name, decision) = ITEMS[(start + n) % ITEMS.len()];
        let agency = c.agencies.iter().find(|(a, _)| a == agency_name).map(|(_, id)| *id);
        let needs_finance = agency != c.finance && c.finance.is_some() && dice.chance(40);
        let input = ItemInput {
            title: title.into(),
            parent_id: None,
            presenter_agency_id: agency,
            specialist_id: c.specialist,
            minutes: 20 + 10 * dice.below(4) as u32,
            decision_asked: decision.into(),
            required_agency_ids: if needs_finance { c.finance.into_iter().collect() } else { vec![] },
            files_complete: true,
        };
        let item = agenda::save(w, &c.chief, meeting, None, &input)?;
        let last = n + 1 == count;
        if !ready && last {
            out.push(item);
            continue;
        }
        if let Some(document) = submission(w, agency, day, 0)?.or(submission(w, None, day, n as i64)?) {
            agenda::add_document(
                w,
                &c.chief,
                item,
                DocumentRole::Submission,
                None,
                "",
                NewDocument::Incoming(document),
            )?;
        }
        if needs_finance && let Some(opinion) = submission(w, c.finance, day, 1)? {
            agenda::add_document(
                w,
                &c.chief,
                item,
                DocumentRole::Opinion,
                c.finance,
                "",
                NewDocument::Incoming(opinion),
            )?;
        }
        if agenda::admit(w, &c.chief, item, true, "").is_err() {
            agenda::admit(w, &c.chief, item, true, "Chủ tịch UBND tỉnh chỉ đạo đưa vào phiên họp")?;
        }
        out.push(item);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn session_on(
    tx: &rusqlite::Transaction<'_>,
    c: &Cast,
    calendar: &Calendar,
    dice: &mut Dice,
    day: NaiveDate,
    kind: MeetingKind,
    now: DateTime<Utc>,
) -> CoreResult<Option<SignedNotice>> {
    let today = vietnam_date(now);
    let prepared = at(calendar
        .add_working_days(day, 0)
        .pred_opt()
        .expect("a day before")
        .and_hms_opt(9, 0, 0)
        .expect("09:00"));
    let prepared = prepared.min(now);
    let title = match kind {
        MeetingKind::Regular => {
            format!("Phiên họp UBND tỉnh thường kỳ tháng {} năm {}", day.month(), day.year())
        }
        _ if day == today => "Phiên họp chuyên đề về đầu tư công và giải ngân".to_string(),
        _ => format!("Phiên họp chuyên đề quý {} năm {}", day.month().div_ceil(3), day.year()),
    };
    // Today's session began an hour ago (on the hour), so that it stands, live, at its
    // second item.
    let began = if day == today {
        let began =
            (now - Duration::minutes(70)).with_timezone(&vanphong::clock::vietnam_offset()).naive_local();
        began.date().and_hms_opt(chrono::Timelike::hour(&began), 0, 0).expect("on the hour")
    } else {
        day.and_hms_opt(8, 0, 0).expect("08:00")
    };
    let mut w = writer(tx, prepared, &c.chief, "meeting_create");
    // Today's session sits in the hall, so that it never takes the room of a monthly
    // session held the same day.
    let place = if day == today && kind == MeetingKind::Topical {
        "Hội trường UBND tỉnh"
    } else {
        "Phòng họp số 1, trụ sở UBND tỉnh"
    };
    let id = create(&mut w, c, kind, title, began, place)?;
    let upcoming = day > today;
    let list = items(&mut w, c, dice, id, day, if kind == MeetingKind::Regular { 4 } else { 2 }, !upcoming)?;
    if upcoming {
        return Ok(None);
    }
    let start = at(began);
    let mut w = writer(tx, start, &c.chair, "meeting_open");
    room::open(&mut w, &c.chair, id, true)?;
    let absent = dice.below(c.members.len() + 3);
    let marks: Vec<AttendanceMark> = c
        .members
        .iter()
        .enumerate()
        .map(|(n, m)| AttendanceMark {
            user_id: m.user_id,
            attendance: if n == absent {
                Attendance::Absent
            } else if n % 5 == 4 {
                Attendance::Online
            } else {
                Attendance::Room
            },
            reason: if n == absent { "Đi công tác tại Trung ương".into() } else { String::new() },
            delegate: String::new(),
        })
        .chain(std::iter::once(AttendanceMark {
            user_id: c.chief.user_id,
            attendance: Attendance::Room,
            reason: String::new(),
            delegate: String::new(),
        }))
        .collect();
    room::mark(&mut w, &c.chair, id, &marks)?;
    let present: Vec<&Actor> =
        c.members.iter().enumerate().filter(|(n, _)| *n != absent).map(|(_, m)| m).collect();
    let in_progress = day == today;
    for (n, item) in list.iter().enumerate() {
        let t = start + Duration::minutes(15 + 40 * n as i64);
        if t > now {
            break;
        }
        let mut w = writer(tx, t, &c.chair, "meeting_current_set");
        room::set_current(&mut w, &c.chair, id, Some(*item))?;
        let speaker = present[dice.below(present.len())];
        let mut w = writer(tx, t + Duration::minutes(5), speaker, "meeting_floor_request");
        room::request_floor(&mut w, speaker, id, true, false)?;
        let speaker_row: i64 = w.query_row(
            "SELECT id FROM meeting_speaker WHERE item_id = ?1 AND user_id = ?2 AND status = 'waiting'",
            params![item, speaker.user_id],
            |r| r.get(0),
        )?;
        let mut w = writer(tx, t + Duration::minutes(8), &c.chair, "meeting_floor_give");
        room::give_floor(&mut w, &c.chair, id, Some(meetings::model::SpeakerId(speaker_row)))?;
        if in_progress && n + 1 == list.len().min(((now - start).num_minutes() / 40 + 1) as usize) {
            // The room as it stands this morning: an item under discussion, someone speaking.
            return Ok(None);
        }
        let title: String = w.query_row(
            "SELECT title || ': ' || decision_asked FROM agenda_item WHERE id = ?1",
            [item],
            |r| r.get(0),
        )?;
        let secret = title.contains("nhân sự");
        let mut w = writer(tx, t + Duration::minutes(25), &c.chair, "poll_start");
        let ballots = vanphong::ballot::BallotBox::default();
        let poll = room::start_poll(&mut w, &c.chair, id, Some(*item), &title, secret, &ballots)?;
        for (k, m) in present.iter().enumerate() {
            let choice = match dice.below(20) {
                0 => Choice::No,
                1 => Choice::Abstain,
                _ => Choice::Yes,
            };
            let mut w =
                writer(tx, t + Duration::minutes(26) + Duration::seconds(k as i64 * 7), m, "poll_vote");
            room::vote(&mut w, m, poll, choice, &ballots)?;
        }
        let mut w = writer(tx, t + Duration::minutes(28), &c.chair, "poll_stop");
        room::stop_poll(&mut w, &c.chair, poll, &ballots)?;
        room::publish_poll(&mut w, &c.chair, poll)?;
        room::set_outcome(&mut w, &c.chief, *item, OUTCOMES[dice.below(OUTCOMES.len())])?;
    }
    if in_progress {
        return Ok(None);
    }
    let end = at(day.and_hms_opt(11, 20, 0).expect("11:20"));
    let mut w = writer(tx, end, &c.chair, "meeting_open");
    room::open(&mut w, &c.chair, id, false)?;
    // The conclusion, drafted the next working day and signed by the chief of office.
    let next = calendar.add_working_days(day, 1);
    let drafted = at(next.and_hms_opt(9, 0, 0).expect("09:00"));
    if drafted > now {
        return Ok(None);
    }
    let mut w = writer(tx, drafted, &c.chief, "meeting_points_save");
    let detail = meetings::views::detail(&w, &c.chief, id)?;
    let mut points = conclusion::proposed_points(&detail);
    for (n, point) in points.iter_mut().enumerate() {
        if n % 2 == 0 {
            point.agency_id = detail.items.get(n).and_then(|i| i.presenter_agency_id);
            point.deadline = point.agency_id.map(|_| calendar.add_working_days(day, 10 + 5 * n as u32));
        }
    }
    points.push(PointInput {
        text: "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện các kết luận trên.".into(),
        agency_id: None,
        deadline: None,
    });
    conclusion::save_points(&mut w, &c.chief, id, &points)?;
    let mut w = writer(tx, drafted, &c.chief, "meeting_notice_draft");
    let notice = conclusion::draft_paper(&mut w, &c.chief, id, Paper::Notice)?;
    let signed_at = drafted + Duration::hours(2);
    if signed_at > now {
        return Ok(None);
    }
    let request = ReviewRequest { id: notice, next_user_id: None, comment: String::new() };
    review::submit(&mut writer(tx, signed_at, &c.chief, "outgoing_submit"), &c.chief, &request)?;
    review::approve(&mut writer(tx, signed_at, &c.chief, "outgoing_approve"), &c.chief, &request)?;
    Ok(Some(SignedNotice { at: signed_at, id: notice }))
}

fn written_round(
    tx: &rusqlite::Transaction<'_>,
    c: &Cast,
    calendar: &Calendar,
    dice: &mut Dice,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let sent = at(day.and_hms_opt(9, 0, 0).expect("09:00"));
    let question = QUESTIONS[dice.below(QUESTIONS.len())];
    let mut w = writer(tx, sent, &c.chief, "meeting_create");
    let title = format!("Lấy ý kiến thành viên UBND tỉnh: {question}");
    let id = create(&mut w, c, MeetingKind::Written, title, day.and_hms_opt(9, 0, 0).expect("09:00"), "")?;
    let list = items(&mut w, c, dice, id, day, 1, true)?;
    let deadline = opinions::send(&mut w, &c.chief, id, None)?;
    for (n, m) in c.members.iter().enumerate() {
        let answered =
            at(calendar.add_working_days(day, 1 + (n as u32 % 4)).and_hms_opt(15, 0, 0).expect("15:00"));
        if answered > now || dice.chance(15) {
            continue;
        }
        let (choice, comment) = match dice.below(10) {
            0 => (Opinion::Other, "Đề nghị bổ sung đánh giá tác động đối với UBND cấp xã."),
            1 => (Opinion::Disagree, "Chưa đủ cơ sở pháp lý."),
            _ => (Opinion::Agree, ""),
        };
        let mut w = writer(tx, answered, m, "opinion_answer");
        opinions::answer(&mut w, m, list[0], Some(choice), comment)?;
    }
    let reminder = at(calendar.add_working_days(day, 3).and_hms_opt(8, 0, 0).expect("08:00"));
    if reminder <= now {
        let mut w = writer(tx, reminder, &c.chief, "opinion_remind");
        let _ = opinions::remind(&mut w, &c.chief, id);
    }
    let closing = at(calendar.add_working_days(deadline, 1).and_hms_opt(8, 0, 0).expect("08:00"));
    if closing <= now {
        let mut w = writer(tx, closing, &c.chief, "opinion_close");
        opinions::close(&mut w, &c.chief, id)?;
    }
    Ok(())
}

/// Once the notices are issued, their points that assign work become directions.
pub fn give_directions(tx: &rusqlite::Transaction<'_>, now: DateTime<Utc>) -> CoreResult<usize> {
    let conn: &Connection = tx;
    let rows: Vec<(MeetingId, String)> = conn
        .prepare(
            "SELECT m.id, o.issued_at FROM meeting m JOIN outgoing_document o ON o.id = m.notice_id
             WHERE o.status = 'issued' AND EXISTS (SELECT 1 FROM conclusion_point p WHERE p.meeting_id = m.id
                 AND p.agency_id IS NOT NULL AND p.direction_id IS NULL) ORDER BY o.issued_at",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let chief: Option<String> = conn
        .query_row(
            "SELECT username FROM user WHERE role = 'chief_of_office' AND active = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(chief) = chief else { return Ok(0) };
    let chief = actor(conn, &chief)?;
    let mut made = 0;
    for (meeting, issued) in rows {
        let when =
            DateTime::parse_from_rfc3339(&issued).map(|t| t.to_utc()).unwrap_or(now) + Duration::hours(1);
        if when > now {
            continue;
        }
        let mut w = writer(tx, when, &chief, "meeting_directions_create");
        made += conclusion::make_directions(&mut w, &chief, meeting)?.len();
    }
    Ok(made)
}
