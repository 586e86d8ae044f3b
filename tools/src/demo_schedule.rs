//! A year of the leaders' weekly schedule for the demo office, kept through the real
//! functions: each week's entries (working visits, receptions, meetings of steering
//! committees), entered by the Office's specialist during the week before, published by
//! the chief of office on the Friday afternoon, and adjusted now and then (a visit moved,
//! a reception cancelled) with the adjustment published in turn. This week's adjustment
//! is entered and not yet published, so the demo shows what is waiting. The meeting
//! room's sittings are on the schedule by themselves.

use crate::demo_incoming::{Dice, actor, writer};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use vanphong::calendar::Calendar;
use vanphong::clock::vietnam_date;
use vanphong::error::CoreResult;
use vanphong::schedule::delegations::{self, DelegationInput, DelegationKind};
use vanphong::schedule::model::RoomId;
use vanphong::schedule::{self, EntryInput, LeaderInput, publish};
use vanphong::vocabulary::Actor;
use vanphong::vocabulary::{AgencyId, Clearance, UserId};

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
    department: Option<vanphong::vocabulary::DepartmentId>,
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
        Ok(_) | Err(vanphong::error::CoreError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

fn at(local: NaiveDateTime) -> DateTime<Utc> {
    vanphong::clock::vietnam_offset().from_local_datetime(&local).single().expect("a fixed offset").to_utc()
}

/// The year's weeks up to four weeks ahead, and the year's delegations; returns how many
/// entries and delegations were made.
pub fn fill(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    per_day: usize,
) -> CoreResult<(usize, usize)> {
    if per_day == 0 {
        return Ok((0, 0));
    }
    let conn: &Connection = tx;
    let Some(c) = cast(conn)? else { return Ok((0, 0)) };
    let calendar = Calendar::load(conn)?;
    let mut dice = Dice(0x5C4E_D01E);
    let today = vietnam_date(now);
    let this_week = schedule::model::week_start(today);
    let mut monday =
        schedule::model::week_start(NaiveDate::from_ymd_opt(today.year(), 1, 5).expect("5 January"));
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
    let delegations = fill_delegations(tx, &c, &calendar, &mut dice, now)?;
    Ok((made, delegations))
}

const DELEGATIONS: &[(DelegationKind, &str, &str)] = &[
    (DelegationKind::Inspection, "Kiểm tra công tác quản lý trật tự xây dựng", "Xây dựng"),
    (DelegationKind::Inspection, "Kiểm tra tiến độ xây dựng nông thôn mới", "Nông nghiệp"),
    (DelegationKind::Working, "Làm việc về tình hình sản xuất, kinh doanh của doanh nghiệp", "Công Thương"),
    (DelegationKind::Survey, "Khảo sát hiện trạng trường học sau sắp xếp", "Giáo dục"),
    (DelegationKind::Inspection, "Kiểm tra công tác cải cách hành chính", "Nội vụ"),
];

/// A year of delegations, about three a month, approved as they come; in this month, two
/// that visit one commune a few working days apart, waiting for the Office.
fn fill_delegations(
    tx: &rusqlite::Transaction<'_>,
    c: &Cast,
    calendar: &Calendar,
    dice: &mut Dice,
    now: DateTime<Utc>,
) -> CoreResult<usize> {
    let conn: &Connection = tx;
    let communes: Vec<AgencyId> = conn
        .prepare("SELECT id FROM agency WHERE agency_group = 'commune' AND active = 1 ORDER BY id LIMIT 400")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if communes.len() < 10 {
        return Ok(0);
    }
    let lead = |word: &str| -> CoreResult<Option<AgencyId>> {
        Ok(conn
            .query_row(
                "SELECT id FROM agency WHERE agency_group = 'provincial_department' AND name LIKE '%' || ?1 || '%'
                 ORDER BY length(name) LIMIT 1",
                [word],
                |r| r.get(0),
            )
            .optional()?)
    };
    let today = vietnam_date(now);
    let mut made = 0;
    let mut day = NaiveDate::from_ymd_opt(today.year(), 1, 6).expect("6 January");
    while day <= today + Duration::days(30) {
        let (kind, purpose, word) = DELEGATIONS[dice.below(DELEGATIONS.len())];
        let starts = calendar.add_working_days(day, 0);
        let led_by_leader = dice.chance(30);
        let input = DelegationInput {
            kind,
            purpose: purpose.into(),
            leader_user_id: led_by_leader.then(|| c.leaders[dice.below(c.leaders.len())]),
            leader_name: if led_by_leader { String::new() } else { format!("Lãnh đạo Sở {word}") },
            lead_agency_id: lead(word)?,
            agency_ids: Vec::new(),
            members: "Đại diện các sở, ngành liên quan".into(),
            commune_ids: (0..1 + dice.below(3)).map(|_| communes[dice.below(communes.len())]).collect(),
            sectors: String::new(),
            starts_on: starts,
            ends_on: calendar.add_working_days(starts, dice.below(2) as u32),
        };
        let proposed_at = at((starts - Duration::days(10)).and_hms_opt(9, 0, 0).expect("09:00")).min(now);
        let mut w = writer(tx, proposed_at, &c.specialist, "delegation_create");
        let id = delegations::create(&mut w, &c.specialist, &input)?;
        made += 1;
        let approved_at = proposed_at + Duration::days(2);
        if approved_at <= now {
            let mut w = writer(tx, approved_at, &c.chief, "delegation_approve");
            // One that overlaps an earlier one stays waiting for the Office's decision.
            let _ = delegations::approve(&mut w, &c.chief, id);
        }
        day += Duration::days(9 + dice.below(5) as i64);
    }
    // This month: the agriculture inspection and a construction inspection in one commune,
    // three working days apart.
    let commune = communes[7];
    let first = calendar.add_working_days(today, 3);
    let second = calendar.add_working_days(first, 3);
    for (starts, (kind, purpose, word)) in [(first, DELEGATIONS[1]), (second, DELEGATIONS[0])] {
        let input = DelegationInput {
            kind,
            purpose: purpose.into(),
            leader_user_id: None,
            leader_name: format!("Lãnh đạo Sở {word}"),
            lead_agency_id: lead(word)?,
            agency_ids: Vec::new(),
            members: "Đại diện UBND xã và các phòng chuyên môn".into(),
            commune_ids: vec![commune],
            sectors: String::new(),
            starts_on: starts,
            ends_on: starts,
        };
        let mut w = writer(tx, now - Duration::days(1), &c.specialist, "delegation_create");
        delegations::create(&mut w, &c.specialist, &input)?;
        made += 1;
    }
    Ok(made)
}

/// The year's gazette: an issue on the 1st and the 15th (or the next working day), made
/// by the clerk from what waited for it. Returns how many issues.
pub fn fill_gazette(tx: &rusqlite::Transaction<'_>, now: DateTime<Utc>, per_day: usize) -> CoreResult<usize> {
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let Some(organisation) = vanphong::settings::organisation(conn)? else { return Ok(0) };
    let clerk: Option<String> = conn
        .query_row(
            "SELECT username FROM user WHERE role = 'clerk' AND active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(clerk) = clerk else { return Ok(0) };
    let clerk = actor(conn, &clerk)?;
    let calendar = Calendar::load(conn)?;
    let today = vietnam_date(now);
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let mut made = 0;
    let mut month = start.with_day(1).expect("the first");
    while month <= today {
        for day in [1, 15] {
            let on = calendar.add_days(month.with_day(day).expect("a day"), 0);
            if on < start || on > today {
                continue;
            }
            let waiting: Vec<_> =
                vanphong::gazette::pending(conn, on)?.into_iter().take(40).map(|d| d.outgoing_id).collect();
            if waiting.is_empty() {
                continue;
            }
            let mut w = writer(
                tx,
                at(on.and_hms_opt(15, 0, 0).expect("15:00")).min(now),
                &clerk,
                "gazette_issue_create",
            );
            vanphong::gazette::create(&mut w, &clerk, &organisation, on, &waiting)?;
            made += 1;
        }
        month = month.checked_add_months(chrono::Months::new(1)).expect("next month");
    }
    Ok(made)
}

const PROGRAMME: &[(vanphong::schedule::programme::ProgrammeKind, &str, &str)] = {
    use vanphong::schedule::programme::ProgrammeKind::*;
    &[
        (Decision, "Quy định bảng giá đất điều chỉnh", "Nông nghiệp"),
        (Resolution, "Nghị quyết về dự toán ngân sách địa phương", "Tài chính"),
        (Scheme, "Đề án phát triển du lịch cộng đồng", "Văn hóa"),
        (Report, "Báo cáo tình hình kinh tế - xã hội quý", "Tài chính"),
        (Decision, "Quy định phân cấp quản lý chất lượng công trình xây dựng", "Xây dựng"),
        (Scheme, "Đề án chuyển đổi số trong cơ quan nhà nước", "Khoa học"),
        (Resolution, "Nghị quyết quy định mức hỗ trợ giáo viên mầm non", "Giáo dục"),
        (Report, "Báo cáo công tác cải cách hành chính", "Nội vụ"),
        (Decision, "Quy chế phối hợp quản lý cụm công nghiệp", "Công Thương"),
        (Scheme, "Đề án nâng cao chất lượng y tế cơ sở", "Y tế"),
    ]
};

/// A month's items: each scheme, decision and resolution once in the year (a resolution
/// is passed once, not every month), the monthly report every month and the quarterly
/// ones at the quarter's end.
fn programme_of_month(
    month: u32,
) -> Vec<(vanphong::schedule::programme::ProgrammeKind, String, &'static str)> {
    use vanphong::schedule::programme::ProgrammeKind::Report;
    let mut items = Vec::new();
    let once: Vec<_> = PROGRAMME.iter().filter(|p| p.0 != Report).collect();
    for (i, (kind, title, word)) in once.iter().enumerate() {
        // Spread over the year: the first in February, the last in November.
        if 2 + (i as u32 * 9) / (once.len() as u32 - 1).max(1) == month {
            items.push((*kind, title.to_string(), *word));
        }
    }
    items.push((Report, format!("Báo cáo tình hình kinh tế - xã hội tháng {month}"), "Tài chính"));
    if month.is_multiple_of(3) {
        for (kind, title, word) in PROGRAMME.iter().filter(|p| p.0 == Report) {
            if title.ends_with("quý") {
                items.push((*kind, format!("{title} {}", month / 3), *word));
            } else {
                items.push((*kind, format!("{title} quý {}", month / 3), *word));
            }
        }
    }
    items
}

/// The year's work programme: a few items a month from the provincial departments,
/// the past ones mostly submitted and passed, some late, returned or postponed, a few
/// never submitted; each month's programme published at the start of the month.
/// Returns how many items.
pub fn fill_programme(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    per_day: usize,
) -> CoreResult<usize> {
    use vanphong::schedule::programme::{self, ProgrammeInput, ProgrammeStatus, StatusInput};
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let Some(c) = cast(conn)? else { return Ok(0) };
    let calendar = Calendar::load(conn)?;
    let mut dice = Dice(0x9806_A11E);
    let today = vietnam_date(now);
    let year = today.year();
    let mut made = 0;
    for month in 1..=12u32 {
        let first = NaiveDate::from_ymd_opt(year, month, 1).expect("a month");
        let entered =
            at(NaiveDate::from_ymd_opt(year, 1, 5).expect("5 January").and_hms_opt(9, 0, 0).expect("09:00"))
                .min(now);
        let mut ids = Vec::new();
        for (n, (kind, title, word)) in programme_of_month(month).into_iter().enumerate() {
            let agency: Option<AgencyId> = conn
                .query_row(
                    "SELECT id FROM agency WHERE agency_group = 'provincial_department' AND name LIKE '%' || ?1 || '%'
                     ORDER BY length(name) LIMIT 1",
                    [word],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(agency) = agency else { continue };
            let input = ProgrammeInput {
                year,
                month,
                kind,
                title,
                agency_id: agency,
                leader_id: Some(c.leaders[n % c.leaders.len()]),
                office_department_id: c.department,
            };
            let mut w = writer(tx, entered, &c.specialist, "programme_item_create");
            ids.push(programme::create(&mut w, &c.specialist, &input)?);
            made += 1;
        }
        // Published on the first working day of the month.
        let published = calendar.add_days(first, 0);
        if published <= today {
            let mut w = writer(
                tx,
                at(published.and_hms_opt(8, 0, 0).expect("08:00")).min(now),
                &c.chief,
                "programme_month_publish",
            );
            let _ = programme::publish(&mut w, &c.chief, year, month, published);
        }
        for id in ids {
            let roll = dice.below(100);
            let due = first
                .checked_add_months(chrono::Months::new(1))
                .expect("next month")
                .pred_opt()
                .expect("a day");
            let submitted = if roll < 60 {
                first + Duration::days(dice.below(25) as i64)
            } else if roll < 80 {
                due + Duration::days(3 + dice.below(20) as i64)
            } else {
                continue;
            };
            if submitted > today {
                continue;
            }
            let step = |status, submitted_on, reason: &str, later: Option<u32>| StatusInput {
                status,
                reason: reason.into(),
                submitted_on,
                month: later,
                meeting_id: None,
            };
            let at_day = |d: NaiveDate| at(d.and_hms_opt(10, 0, 0).expect("10:00")).min(now);
            if roll.is_multiple_of(7) && month < 12 {
                let mut w = writer(tx, at_day(first), &c.specialist, "programme_status_set");
                programme::set_status(
                    &mut w,
                    &c.specialist,
                    id,
                    &step(
                        ProgrammeStatus::Postponed,
                        None,
                        "Cơ quan trình đề nghị lùi để hoàn thiện hồ sơ",
                        Some(month + 1),
                    ),
                    first,
                )?;
            }
            let mut w = writer(tx, at_day(submitted), &c.specialist, "programme_status_set");
            programme::set_status(
                &mut w,
                &c.specialist,
                id,
                &step(ProgrammeStatus::Submitted, Some(submitted), "", None),
                submitted,
            )?;
            if roll.is_multiple_of(5) {
                let mut w = writer(
                    tx,
                    at_day(submitted + Duration::days(2)),
                    &c.specialist,
                    "programme_submission_return",
                );
                let back = (submitted + Duration::days(2)).min(today);
                programme::return_submission(
                    &mut w,
                    &c.specialist,
                    id,
                    "Hồ sơ chưa đủ ý kiến thẩm định",
                    back,
                )?;
                continue;
            }
            let decided = submitted + Duration::days(10);
            if decided <= today {
                let mut w = writer(tx, at_day(decided), &c.chief, "programme_status_set");
                programme::set_status(
                    &mut w,
                    &c.chief,
                    id,
                    &step(ProgrammeStatus::Passed, None, "", None),
                    decided,
                )?;
            }
        }
    }
    Ok(made)
}
