//! A year of the leaders' weekly schedule for the demo office, kept through the real
//! functions: each week's entries (working visits, receptions, meetings of steering
//! committees), entered by the Office's specialist during the week before, published by
//! the chief of office on the Friday afternoon, and adjusted now and then (a visit moved,
//! a reception cancelled) with the adjustment published in turn. This week's adjustment
//! is entered and not yet published, so the demo shows what is waiting. The meeting
//! room's sittings are on the schedule by themselves.

use crate::auth::Actor;
use crate::calendar::Calendar;
use crate::demo_incoming::{Dice, actor, writer};
use crate::error::CoreResult;
use crate::incoming::vietnam_date;
use crate::org::{AgencyId, Clearance, UserId};
use crate::schedule::{self, EntryInput, LeaderInput, RoomId, publish};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};

/// What leaders do in a week, with the agency that prepares it (by a word of its name).
const WORK: &[(&str, &str, &str)] = &[
    (
        "Làm việc với Sở Kế hoạch và Đầu tư về tình hình giải ngân vốn đầu tư công",
        "Kế hoạch",
        "chuẩn bị nội dung và giấy mời",
    ),
    ("Họp Ban Chỉ đạo chuyển đổi số của tỉnh", "Khoa học", "chuẩn bị nội dung"),
    ("Tiếp công dân định kỳ", "Thanh tra", "chuẩn bị nội dung và giấy mời"),
    ("Kiểm tra tiến độ dự án đường ven biển", "Xây dựng", "chuẩn bị nội dung"),
    ("Họp nghe báo cáo phương án phòng, chống thiên tai", "Nông nghiệp", "chuẩn bị nội dung và giấy mời"),
    ("Làm việc với Sở Tài chính về dự toán ngân sách", "Tài chính", "chuẩn bị nội dung"),
    ("Họp Hội đồng thẩm định bảng giá đất", "Tài nguyên", "chuẩn bị nội dung và giấy mời"),
    ("Dự Hội nghị trực tuyến của Chính phủ với các địa phương", "", ""),
    ("Tiếp và làm việc với đoàn công tác của Bộ Xây dựng", "Xây dựng", "chuẩn bị nội dung"),
    ("Họp giao ban khối văn hóa - xã hội", "Văn hóa", "chuẩn bị nội dung"),
    ("Kiểm tra công tác giải phóng mặt bằng khu công nghiệp", "Xây dựng", "chuẩn bị nội dung"),
    ("Làm việc với Ban Quản lý Khu kinh tế về thu hút đầu tư", "Kế hoạch", "chuẩn bị nội dung"),
    ("Họp xử lý các kiến nghị của doanh nghiệp", "Công Thương", "chuẩn bị nội dung và giấy mời"),
    ("Giao ban Lãnh đạo Văn phòng UBND tỉnh", "", ""),
    ("Duyệt đề án sắp xếp đơn vị sự nghiệp công lập", "Nội vụ", "chuẩn bị nội dung"),
];

const PLACES: &[&str] = &[
    "UBND xã Nghi Sơn",
    "Khu kinh tế Đông Nam",
    "Trung tâm Hội nghị tỉnh",
    "Công trường dự án đường ven biển",
];

struct Cast {
    chief: Actor,
    specialist: Actor,
    leaders: Vec<UserId>,
    office_leaders: Vec<UserId>,
    rooms: Vec<RoomId>,
    agencies: Vec<(&'static str, Option<AgencyId>)>,
    department: Option<crate::org::DepartmentId>,
}

fn cast(conn: &Connection) -> CoreResult<Option<Cast>> {
    let one =
        |sql: &str| -> CoreResult<Option<String>> { Ok(conn.query_row(sql, [], |r| r.get(0)).optional()?) };
    let Some(chief) =
        one("SELECT username FROM user WHERE role = 'chief_of_office' AND active = 1 ORDER BY id LIMIT 1")?
    else {
        return Ok(None);
    };
    let Some(specialist) = one("SELECT u.username FROM user u JOIN department d ON d.id = u.department_id
         WHERE u.role = 'specialist' AND d.code = 'TH' AND u.active = 1 ORDER BY u.id LIMIT 1")?
    else {
        return Ok(None);
    };
    let ids = |sql: &str| -> CoreResult<Vec<UserId>> {
        Ok(conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
    };
    let leaders = ids(
        "SELECT id FROM user WHERE role IN ('chairman', 'vice_chairman') AND active = 1 AND agency_id IS NULL
         ORDER BY role, id",
    )?;
    let office_leaders = ids(
        "SELECT id FROM user WHERE role IN ('chief_of_office', 'deputy_chief') AND active = 1 ORDER BY role, id",
    )?;
    if leaders.is_empty() {
        return Ok(None);
    }
    let mut agencies = Vec::new();
    for (_, word, _) in WORK {
        let id: Option<AgencyId> = if word.is_empty() {
            None
        } else {
            conn.query_row(
                "SELECT id FROM agency WHERE agency_group = 'provincial_department' AND name LIKE '%' || ?1 || '%'
                 ORDER BY length(name) LIMIT 1",
                [word],
                |r| r.get(0),
            )
            .optional()?
        };
        agencies.push((*word, id));
    }
    let department =
        conn.query_row("SELECT id FROM department WHERE code = 'TH' LIMIT 1", [], |r| r.get(0)).optional()?;
    Ok(Some(Cast {
        chief: actor(conn, &chief)?,
        specialist: actor(conn, &specialist)?,
        leaders,
        office_leaders,
        rooms: schedule::rooms(conn)?.into_iter().map(|r| r.id).collect(),
        agencies,
        department,
    }))
}

/// A publication made, or refused because a week holds nothing public to publish.
fn published(result: CoreResult<publish::Publication>) -> CoreResult<()> {
    match result {
        Ok(_) | Err(crate::error::CoreError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

fn at(local: NaiveDateTime) -> DateTime<Utc> {
    crate::clock::vietnam_offset().from_local_datetime(&local).single().expect("a fixed offset").to_utc()
}

/// The year's weeks up to four weeks ahead; returns how many entries were made.
pub fn fill(tx: &rusqlite::Transaction<'_>, now: DateTime<Utc>, per_day: usize) -> CoreResult<usize> {
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let Some(c) = cast(conn)? else { return Ok(0) };
    let calendar = Calendar::load(conn)?;
    let mut dice = Dice(0x5C4E_D01E);
    let today = vietnam_date(now);
    let this_week = schedule::week_start(today);
    let mut monday = schedule::week_start(NaiveDate::from_ymd_opt(today.year(), 1, 5).expect("5 January"));
    let mut made = 0;
    while monday <= this_week + Duration::days(28) {
        // Entered during the week before, on its Wednesday.
        let entered = at((monday - Duration::days(5)).and_hms_opt(9, 0, 0).expect("09:00")).min(now);
        let mut week_entries = Vec::new();
        for n in 0..5 {
            let day = monday + Duration::days(n);
            if !calendar.is_working_day(day) {
                continue;
            }
            for (hour, minute) in [(8, 0), (14, 0)] {
                let mut room = 0;
                for (position, leader) in c.leaders.iter().enumerate() {
                    if !dice.chance(45) {
                        continue;
                    }
                    let pick = dice.below(WORK.len());
                    let (content, _, note) = WORK[pick];
                    let starts = day
                        .and_hms_opt(hour, minute + if position % 2 == 1 { 30 } else { 0 }, 0)
                        .expect("a time");
                    let (room_id, place) = if room < c.rooms.len() && !content.starts_with("Kiểm tra") {
                        room += 1;
                        (Some(c.rooms[room - 1]), String::new())
                    } else {
                        (None, PLACES[dice.below(PLACES.len())].to_string())
                    };
                    let input = EntryInput {
                        starts_at: starts,
                        ends_at: None,
                        content: content.into(),
                        preparing_agency_id: c.agencies[pick].1,
                        preparing_note: if c.agencies[pick].1.is_some() {
                            note.into()
                        } else {
                            String::new()
                        },
                        leaders: vec![LeaderInput { user_id: *leader, chairs: true }],
                        agency_ids: c.agencies[pick].1.into_iter().collect(),
                        participants: "Lãnh đạo các sở, ngành và địa phương liên quan".into(),
                        room_id,
                        place,
                        office_leader_id: c
                            .office_leaders
                            .get(dice.below(c.office_leaders.len().max(1)))
                            .copied(),
                        office_department_id: c.department,
                        notes: String::new(),
                        secrecy: if dice.chance(3) { Clearance::Secret } else { Clearance::None },
                        confirm_leader_busy: true,
                    };
                    let mut w = writer(tx, entered, &c.specialist, "schedule_entry_create");
                    if let Ok(id) = schedule::create(&mut w, &c.specialist, &input) {
                        week_entries.push((id, input));
                        made += 1;
                    }
                }
            }
        }
        let friday = at((monday - Duration::days(3)).and_hms_opt(16, 0, 0).expect("16:00"));
        if friday <= now && !week_entries.is_empty() {
            let mut w = writer(tx, friday, &c.chief, "schedule_publish");
            published(publish::publish(&mut w, &c.chief, monday))?;
        }
        // An adjustment in the week itself: a visit moved to the afternoon, or a
        // reception cancelled; published the same day, except this week's.
        let adjusted = at(monday.and_hms_opt(10, 0, 0).expect("10:00"));
        if adjusted <= now && week_entries.len() > 2 && (dice.chance(35) || monday == this_week) {
            let (id, _) = &week_entries[dice.below(week_entries.len())];
            let mut w = writer(tx, adjusted, &c.specialist, "schedule_entry_cancel");
            let _ = schedule::cancel(&mut w, &c.specialist, *id, "Lãnh đạo tỉnh bận công tác đột xuất");
            let (other, other_input) =
                &week_entries[(dice.below(week_entries.len()) + 1) % week_entries.len()];
            if other != id && other_input.starts_at.date() > monday {
                let mut moved = other_input.clone();
                moved.starts_at = other_input.starts_at.date().and_hms_opt(15, 30, 0).expect("15:30");
                moved.ends_at = None;
                moved.room_id = None;
                moved.place = PLACES[dice.below(PLACES.len())].to_string();
                let mut w = writer(tx, adjusted, &c.specialist, "schedule_entry_update");
                let _ = schedule::update(&mut w, &c.specialist, *other, &moved);
            }
            if monday != this_week {
                let mut w = writer(tx, adjusted + Duration::hours(1), &c.chief, "schedule_publish");
                published(publish::publish(&mut w, &c.chief, monday))?;
            }
        }
        monday += Duration::days(7);
    }
    Ok(made)
}
