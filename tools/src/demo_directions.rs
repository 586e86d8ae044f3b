//! A year of directions for the demo office: given by the Committee's leaders on
//! incoming documents, in meetings and programmes, to provincial departments and
//! communes; followed by the Office's specialists, with progress reports, a few
//! extensions and the completion of a well-run province (most done on time, some late,
//! a handful overdue).

use crate::demo_incoming::{Dice, People, actor, writer};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use vanphong::calendar::Calendar;
use vanphong::clock::vietnam_date;
use vanphong::directions::model::{Priority, Source};
use vanphong::directions::tracking::{self, CompleteInput, ExtensionDecision, ExtensionInput, ProgressInput};
use vanphong::directions::{self, DirectionInput};
use vanphong::error::CoreResult;
use vanphong::vocabulary::{AgencyId, UserId};

const TASKS: &[&str] = &[
    "Rà soát, báo cáo tiến độ giải ngân vốn đầu tư công, đề xuất điều chuyển vốn các dự án chậm giải ngân",
    "Hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới nâng cao",
    "Kiểm tra, xử lý dứt điểm kiến nghị của công dân về bồi thường giải phóng mặt bằng",
    "Xây dựng kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão",
    "Tham mưu phương án sắp xếp trụ sở, tài sản công dôi dư sau sắp xếp đơn vị hành chính",
    "Báo cáo tình hình thu ngân sách nhà nước, đề xuất giải pháp tăng thu",
    "Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân",
    "Tổ chức kiểm tra an toàn thực phẩm dịp cuối năm và Tết Nguyên đán",
    "Rà soát thủ tục hành chính, đề xuất cắt giảm thời gian giải quyết",
    "Chuẩn bị nội dung làm việc với đoàn công tác của Chính phủ",
    "Xử lý tình trạng ô nhiễm môi trường tại cụm công nghiệp",
    "Đánh giá kết quả thực hiện chương trình mục tiêu quốc gia giảm nghèo bền vững",
];

/// About one direction for every 25 incoming documents: ~2,000 a year at 200 a day.
pub fn fill(tx: &rusqlite::Transaction<'_>, now: DateTime<Utc>, per_day: usize) -> CoreResult<usize> {
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let people: People = crate::demo_incoming::people(conn)?;
    let calendar = Calendar::load(conn)?;
    let mut dice = Dice(0xD1E_C7ED);
    let leaders: Vec<UserId> = {
        let mut s = conn.prepare(
            "SELECT id FROM user WHERE role IN ('chairman', 'vice_chairman') AND active = 1 ORDER BY id",
        )?;
        s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let agencies: Vec<AgencyId> = {
        let mut s = conn.prepare(
            "SELECT id FROM agency WHERE active = 1 AND (agency_group = 'provincial_department'
                 OR (agency_group = 'commune' AND id % 9 = 0)) ORDER BY id",
        )?;
        s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    // Documents from provincial departments that were directed and assigned, in the order
    // of their direction, with the specialist handling each: he follows the direction.
    let directed: Vec<(i64, NaiveDate, String)> = {
        let mut s = conn.prepare(
            "SELECT d.id, (SELECT substr(at, 1, 10) FROM incoming_step WHERE document_id = d.id AND kind = 'assigned'
                     ORDER BY id LIMIT 1) AS day, u.username
             FROM incoming_document d JOIN user u ON u.id = d.handler_id
             WHERE d.secrecy = 'none' AND d.id % 20 = 0
                 AND d.agency_id IN (SELECT id FROM agency WHERE agency_group = 'provincial_department')
             ORDER BY day",
        )?;
        s.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?, r.get(2)?)))?
            .filter_map(|r| r.ok().and_then(|(id, day, who)| day?.parse().ok().map(|d| (id, d, who))))
            .collect()
    };
    if leaders.is_empty() || agencies.is_empty() {
        return Ok(0);
    }
    let followers: Vec<&vanphong::vocabulary::Actor> = people.specialists.values().flatten().collect();
    let today = vietnam_date(now);
    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let per_day = per_day.div_ceil(25);
    let mut made = 0;
    let at_nine =
        |day: NaiveDate| Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).expect("09:00 in Vietnam"));
    let mut directed = directed.into_iter().peekable();
    for day in first.iter_days().take_while(|d| *d <= today).filter(|d| calendar.is_working_day(*d)) {
        for _ in 0..per_day {
            let at = at_nine(day);
            if at > now {
                continue;
            }
            let roll = dice.below(10);
            let document = if roll <= 3 { directed.next_if(|(_, d, _)| *d <= day) } else { None };
            let handler = match &document {
                Some((_, _, username)) => Some(actor(conn, username)?),
                None => None,
            };
            let follower = match &handler {
                Some(handler) => handler,
                None => *dice.pick(&followers),
            };
            let (source, incoming_id, reference) = match (document, roll) {
                (Some((id, _, _)), _) => {
                    (Source::Incoming, Some(vanphong::incoming::model::IncomingId(id)), String::new())
                }
                (None, 4..=5) => (
                    Source::Programme,
                    None,
                    format!("Chương trình công tác năm {}, mục {}", day.year(), 1 + dice.below(60)),
                ),
                (None, 6) => (
                    Source::Government,
                    None,
                    format!("Văn bản số {}/VPCP-KTTH của Văn phòng Chính phủ", 1000 + dice.below(8000)),
                ),
                _ => (Source::Manual, None, String::new()),
            };
            let input = DirectionInput {
                source,
                incoming_id,
                outgoing_id: None,
                source_reference: reference,
                content: dice.pick(TASKS).to_string(),
                leader_id: *dice.pick(&leaders),
                lead_agency_id: *dice.pick(&agencies),
                cooperating_agency_ids: if dice.chance(30) {
                    vec![*dice.pick(&agencies)]
                } else {
                    Vec::new()
                },
                deadline: None,
                working_days: Some(*dice.pick(&[5u32, 10, 15, 20, 30, 45])),
                follower_id: Some(follower.user_id),
                priority: if dice.chance(15) { Priority::High } else { Priority::Normal },
                assigned_on: Some(day),
                secrecy: None,
            };
            let id = directions::create(&mut writer(tx, at, follower, "direction_create"), follower, &input)?;
            made += 1;
            follow_up(tx, &calendar, &mut dice, follower, id, day, now)?;
        }
    }
    Ok(made)
}

/// Progress, perhaps an extension, and the completion of one direction up to `now`.
fn follow_up(
    tx: &rusqlite::Transaction<'_>,
    calendar: &Calendar,
    dice: &mut Dice,
    follower: &vanphong::vocabulary::Actor,
    id: directions::model::DirectionId,
    given: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let today = vietnam_date(now);
    let row = directions::model::get_row(tx, follower, id, now)?;
    let mut deadline = row.deadline;
    let at = |day: NaiveDate, hour: i64| {
        Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).expect("08:00")) + Duration::hours(hour)
    };
    let midway = calendar.add_working_days(given, calendar.working_days_between(given, deadline) / 2);
    if midway < today {
        let progress = ProgressInput {
            id,
            reported_on: Some(midway),
            text: "Đang triển khai, đã hoàn thành các bước chuẩn bị.".into(),
            percent: 40 + dice.below(30) as u8,
            attachments: Vec::new(),
        };
        tracking::add_progress(
            &mut writer(tx, at(midway, 6), follower, "direction_progress_add"),
            follower,
            &progress,
            &[],
        )?;
    }
    // One in twelve asks for more time, and is usually granted it.
    if dice.chance(8) && midway < today {
        let proposed = calendar.add_working_days(deadline, 10);
        let request = ExtensionInput {
            id,
            proposed_deadline: proposed,
            reason: "Chờ ý kiến của các bộ, ngành trung ương.".into(),
        };
        let extension = tracking::request_extension(
            &mut writer(tx, at(midway, 7), follower, "direction_extension_request"),
            follower,
            &request,
        )?;
        let decider = actor(tx, "cvp")?;
        let grant = dice.chance(80);
        let decision = ExtensionDecision {
            extension_id: extension,
            grant,
            granted_deadline: None,
            reason: if grant {
                String::new()
            } else {
                "Nhiệm vụ cấp bách, đề nghị hoàn thành đúng hạn.".into()
            },
        };
        tracking::decide_extension(
            &mut writer(tx, at(midway + Duration::days(1), 2), &decider, "direction_extension_decide"),
            &decider,
            &decision,
        )?;
        if grant {
            deadline = proposed;
        }
    }
    // 88 in 100 are done by their deadline, 8 late, 4 still open past it.
    let roll = dice.below(100);
    let done_on = if roll < 88 {
        calendar.add_working_days(
            given,
            calendar.working_days_between(given, deadline).saturating_sub(dice.below(3) as u32),
        )
    } else if roll < 96 {
        calendar.add_working_days(deadline, 1 + dice.below(8) as u32)
    } else {
        return Ok(());
    };
    if done_on >= today {
        return Ok(());
    }
    let complete = CompleteInput {
        id,
        completed_on: Some(done_on),
        result: "Cơ quan chủ trì đã báo cáo kết quả thực hiện.".into(),
        result_outgoing_id: None,
        result_incoming_id: None,
    };
    tracking::complete(&mut writer(tx, at(done_on, 8), follower, "direction_complete"), follower, &complete)
}
