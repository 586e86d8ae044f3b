//! A year of incoming documents for the demo office, in the volumes and mix real offices
//! report (DOMAIN.md §1): about two hundred a working day, mostly from provincial
//! departments and communes, some from ministries and the Government, invitations,
//! petitions, a few secret ones; each taken through the real flow (present, direct,
//! assign, close) by the people whose turn it is, at plausible times, so that the demo
//! has queues, overdue items and a history. Deterministic: the same office every time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use std::collections::HashMap;
use vanphong::audit::Writer;
use vanphong::calendar::Calendar;
use vanphong::error::{CoreError, CoreResult};
use vanphong::incoming::flow::{self, AssignRequest, CloseRequest, DirectRequest, PresentRequest};
use vanphong::incoming::model::{Closure, Urgency};
use vanphong::incoming::{self, IncomingInput};
use vanphong::register::RegisterId;
use vanphong::vocabulary::Actor;
use vanphong::vocabulary::{AgencyGroup, AgencyId, Clearance, DepartmentId, Role, UserId};

/// A small deterministic generator (xorshift64*), so the demo needs no randomness crate.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ACTIONS: &[&str] = &[
    "Về việc đề nghị thẩm định",
    "Về việc xin ý kiến về",
    "Báo cáo kết quả thực hiện",
    "Về việc đề nghị phê duyệt",
    "Về việc triển khai",
    "Về việc đề nghị hỗ trợ kinh phí cho",
    "Về việc tăng cường công tác",
    "Về việc điều chỉnh",
    "Về việc góp ý dự thảo",
    "Báo cáo tình hình",
];

pub(crate) const SUBJECTS: &[(&str, &str)] = &[
    ("KT", "kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030"),
    ("KT", "dự toán ngân sách nhà nước năm 2027"),
    ("KT", "giải ngân vốn đầu tư công năm 2026"),
    ("KT", "chủ trương đầu tư dự án khu đô thị mới"),
    ("CN", "dự án nâng cấp Quốc lộ 7A"),
    ("CN", "quy hoạch cụm công nghiệp"),
    ("CN", "cấp điện cho các xã miền núi"),
    ("NN", "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão"),
    ("NN", "giao đất, cho thuê đất để thực hiện dự án"),
    ("NN", "khai thác khoáng sản làm vật liệu xây dựng thông thường"),
    ("NN", "phòng, chống dịch bệnh trên đàn gia súc"),
    ("NC", "giải quyết đơn khiếu nại của công dân"),
    ("NC", "công tác cải cách hành chính"),
    ("NC", "bảo đảm an ninh, trật tự dịp Tết Nguyên đán"),
    ("KGVX", "sửa chữa, nâng cấp trường học"),
    ("KGVX", "tổ chức kỳ thi tốt nghiệp trung học phổ thông"),
    ("KGVX", "chính sách hỗ trợ đồng bào dân tộc thiểu số"),
    ("KGVX", "công tác y tế dự phòng"),
    ("TH", "chương trình công tác tháng của UBND tỉnh"),
    ("TH", "tổng kết công tác năm 2026"),
];

const PETITIONS: &[&str] = &[
    "Đơn kiến nghị về việc bồi thường giải phóng mặt bằng",
    "Đơn đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất",
    "Thư phản ánh về ô nhiễm môi trường tại khu dân cư",
];

/// Per-document facts drawn before the flow runs.
struct Draft {
    received_at: DateTime<Utc>,
    agency: (AgencyId, String, AgencyGroup, String),
    department_code: &'static str,
    input_summary: String,
    document_type: &'static str,
    urgency: Urgency,
    secret: bool,
}

pub struct People {
    pub(crate) clerk: Actor,
    pub(crate) secret_clerk: Actor,
    pub(crate) deputies: HashMap<DepartmentId, Actor>,
    pub(crate) chief: Actor,
    pub(crate) heads: HashMap<DepartmentId, Actor>,
    pub(crate) specialists: HashMap<DepartmentId, Vec<Actor>>,
    pub(crate) departments: HashMap<&'static str, (DepartmentId, String)>,
}

pub(crate) fn actor(conn: &Connection, username: &str) -> CoreResult<Actor> {
    Ok(conn.query_row(
        "SELECT id, username, full_name, role, department_id, clearance, agency_id FROM user WHERE username = ?1",
        [username],
        |r| {
            Ok(Actor {
                user_id: r.get(0)?,
                username: r.get(1)?,
                full_name: r.get(2)?,
                role: r.get(3)?,
                department_id: r.get(4)?,
                clearance: r.get(5)?,
                must_change_password: false,
                agency_id: r.get(6)?,
            })
        },
    )?)
}

pub fn people(conn: &Connection) -> CoreResult<People> {
    let mut departments = HashMap::new();
    for code in ["TH", "KT", "NC", "NN", "CN", "KGVX"] {
        let found: (DepartmentId, String) =
            conn.query_row("SELECT id, name FROM department WHERE code = ?1", [code], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        departments.insert(code, found);
    }
    let mut deputies = HashMap::new();
    let mut heads = HashMap::new();
    let mut specialists: HashMap<DepartmentId, Vec<Actor>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT u.username, u.role, s.department_id FROM user u
         LEFT JOIN supervised_department s ON s.user_id = u.id
         WHERE u.role IN ('deputy_chief', 'department_head', 'specialist')",
    )?;
    let rows: Vec<(String, Role, Option<DepartmentId>)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    for (username, role, supervised) in rows {
        let person = actor(conn, &username)?;
        match (role, supervised, person.department_id) {
            (Role::DeputyChief, Some(department), _) => {
                deputies.insert(department, person);
            }
            (Role::DepartmentHead, _, Some(department)) => {
                heads.insert(department, person);
            }
            (Role::Specialist, _, Some(department)) => {
                specialists.entry(department).or_default().push(person)
            }
            _ => {}
        }
    }
    Ok(People {
        clerk: actor(conn, "vt2")?,
        secret_clerk: actor(conn, "vt1")?,
        chief: actor(conn, "cvp")?,
        deputies,
        heads,
        specialists,
        departments,
    })
}

fn agencies(conn: &Connection) -> CoreResult<Vec<(AgencyId, String, AgencyGroup, String)>> {
    let mut statement =
        conn.prepare("SELECT id, name, agency_group, abbreviation FROM agency WHERE active = 1")?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn draft(dice: &mut Dice, day: NaiveDate, all: &[(AgencyId, String, AgencyGroup, String)]) -> Draft {
    let by_group = |group: AgencyGroup| all.iter().filter(move |a| a.2 == group).collect::<Vec<_>>();
    // Hà Tĩnh 2016: 70% local bodies, 14% ministries, 3% Government, the rest mixed.
    let roll = dice.below(1000);
    let group = match roll {
        0..=29 => AgencyGroup::Government,
        30..=169 => AgencyGroup::Ministry,
        170..=549 => AgencyGroup::ProvincialDepartment,
        550..=949 => AgencyGroup::Commune,
        _ => AgencyGroup::Other,
    };
    let candidates = by_group(group);
    let agency = (*dice.pick(&candidates)).clone();
    let (department_code, subject) = *dice.pick(SUBJECTS);
    let invitation = dice.chance(4);
    let petition = group == AgencyGroup::Other && dice.chance(40);
    let (document_type, summary) = if invitation {
        ("GM", format!("Mời dự hội nghị về {subject}"))
    } else if petition {
        ("CV", dice.pick(PETITIONS).to_string())
    } else {
        let kind = *dice.pick(&["CV", "CV", "CV", "CV", "BC", "TTr", "QĐ", "KH", "TB"]);
        (kind, format!("{} {subject}", dice.pick(ACTIONS)))
    };
    let minutes = 7 * 60 + 30 + dice.below(9 * 60) as i64;
    let local = day.and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minutes);
    let received_at =
        vanphong::clock::vietnam_offset().from_local_datetime(&local).single().expect("fixed").to_utc();
    let urgency = match dice.below(100) {
        0..=1 => Urgency::Immediate,
        2..=5 => Urgency::VeryUrgent,
        6..=15 => Urgency::Urgent,
        _ => Urgency::Normal,
    };
    Draft {
        received_at,
        agency,
        department_code,
        input_summary: summary,
        document_type,
        urgency,
        secret: dice.chance(1) && group != AgencyGroup::Commune,
    }
}

fn symbol(dice: &mut Dice, draft: &Draft) -> String {
    let sender = match draft.agency.3.as_str() {
        "" => "UBND".to_string(),
        abbreviation => abbreviation.to_string(),
    };
    let number = 1 + dice.below(3000);
    match draft.document_type {
        "CV" => format!("{number}/{sender}-VP"),
        kind => format!("{number}/{kind}-{sender}"),
    }
}

/// Register `per_day` documents on each working day of this year up to `now`, and take
/// each as far through its flow as its age makes plausible.
pub fn fill(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    per_day: usize,
    registers: (RegisterId, RegisterId),
) -> CoreResult<usize> {
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let today = vanphong::clock::vietnam_date(now);
    let people = people(conn)?;
    let all = agencies(conn)?;
    let mut dice = Dice(0x5EED_2026);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let calendar = Calendar::load(conn)?;
    let days: Vec<NaiveDate> =
        year_start.iter_days().take_while(|d| *d <= today).filter(|d| calendar.is_working_day(*d)).collect();
    let mut made = 0;
    for (index, day) in days.iter().enumerate() {
        // Age in working days: the last working day's mail is still in the queues.
        let age = (days.len() - 1 - index) as i64;
        for _ in 0..per_day {
            let draft = draft(&mut dice, *day, &all);
            if draft.received_at > now {
                continue;
            }
            take_through_flow(tx, &people, &mut dice, &draft, age, now, registers)?;
            made += 1;
        }
    }
    Ok(made)
}

pub(crate) fn writer<'t>(
    tx: &'t rusqlite::Transaction<'t>,
    at: DateTime<Utc>,
    who: &Actor,
    action: &'static str,
) -> Writer<'t> {
    Writer::new(tx, at, (Some(who.user_id), who.full_name.clone()), action)
}

fn take_through_flow(
    tx: &rusqlite::Transaction<'_>,
    people: &People,
    dice: &mut Dice,
    draft: &Draft,
    age_days: i64,
    now: DateTime<Utc>,
    registers: (RegisterId, RegisterId),
) -> CoreResult<()> {
    let (department, department_name) = &people.departments[draft.department_code];
    let department = *department;
    let deputy = people.deputies.get(&department).unwrap_or(&people.chief);
    let clerk = if draft.secret { &people.secret_clerk } else { &people.clerk };
    let input = IncomingInput {
        register_id: if draft.secret { registers.1 } else { registers.0 },
        received_at: draft.received_at,
        agency_id: Some(draft.agency.0),
        agency_name: String::new(),
        add_agency_to_directory: None,
        number_symbol: symbol(dice, draft),
        document_date: Some(
            vanphong::clock::vietnam_date(draft.received_at) - Duration::days(1 + dice.below(4) as i64),
        ),
        document_type: draft.document_type.to_string(),
        summary: draft.input_summary.clone(),
        urgency: draft.urgency,
        secrecy: if draft.secret { Clearance::Secret } else { Clearance::None },
        page_count: Some(1 + dice.below(12) as u32),
        reply_deadline: None,
        signer: String::new(),
        electronic: dice.chance(85),
        attachments: Vec::new(),
        lead_department_id: Some(department),
        supervisor_id: Some(deputy.user_id),
        routing_rule_id: None,
        present_to_id: None,
        confirm_duplicate: false,
    };
    // The day's last documents are still with the clerk.
    let mut at = draft.received_at;
    let mut w = writer(tx, at, clerk, "incoming_register");
    // As at the desk: a number and symbol seen before from the same sender is registered
    // only once the clerk confirms it is another document (the demo's symbols repeat).
    let id = match incoming::register(&mut w, clerk, &input, &[]) {
        Err(CoreError::NeedsConfirmation { .. }) => {
            incoming::register(&mut w, clerk, &IncomingInput { confirm_duplicate: true, ..input }, &[])?
        }
        other => other?,
    };
    if age_days == 0 && dice.chance(50) {
        return Ok(());
    }
    at += Duration::minutes(20 + dice.below(120) as i64);
    let present = PresentRequest { id, to_id: deputy.user_id, note: String::new() };
    if at > now {
        return Ok(());
    }
    flow::present(&mut writer(tx, at, clerk, "incoming_present"), clerk, &present)?;
    if age_days <= 1 && dice.chance(40) {
        return Ok(());
    }
    at += Duration::hours(2 + dice.below(20) as i64);
    let working_days = *dice.pick(&[3u32, 5, 7, 10, 15]);
    let direct = DirectRequest {
        id,
        lead_department_id: department,
        cooperating_department_ids: Vec::new(),
        deadline: None,
        working_days: Some(working_days),
        text: format!("Giao {department_name} chủ trì, tham mưu xử lý theo quy định."),
    };
    if at > now {
        return Ok(());
    }
    flow::direct(&mut writer(tx, at, deputy, "incoming_direct"), deputy, &direct)?;
    let (Some(head), Some(team)) = (people.heads.get(&department), people.specialists.get(&department))
    else {
        return Ok(());
    };
    if age_days <= 2 && dice.chance(40) {
        return Ok(());
    }
    at += Duration::hours(1 + dice.below(24) as i64);
    let cleared: Vec<&Actor> = team
        .iter()
        .filter(|p| p.clearance.covers(if draft.secret { Clearance::Secret } else { Clearance::None }))
        .collect();
    if cleared.is_empty()
        || !head.clearance.covers(if draft.secret { Clearance::Secret } else { Clearance::None })
    {
        return Ok(());
    }
    let handler = *dice.pick(&cleared);
    let assign = AssignRequest {
        id,
        handler_id: handler.user_id,
        other_ids: Vec::<UserId>::new(),
        note: String::new(),
    };
    if at > now {
        return Ok(());
    }
    flow::assign(&mut writer(tx, at, head, "incoming_assign"), head, &assign)?;
    // Most documents are answered in time: some of those not yet due are still in
    // hand, and of those past their deadline only a few are left over (a specialist has
    // a handful of overdue documents, not a hundred).
    let open = if age_days < working_days as i64 {
        dice.chance(40)
    } else {
        dice.below(1000) < if age_days < 60 { 6 } else { 1 }
    };
    if open {
        return Ok(());
    }
    let days_taken = if dice.chance(90) { working_days as i64 - 1 } else { working_days as i64 + 3 };
    at += Duration::days(days_taken.max(1));
    let replied = draft.document_type != "GM" && dice.chance(70);
    let close = CloseRequest {
        id,
        closure: if replied { Closure::Replied } else { Closure::ForInformation },
        reply_outgoing_id: None,
        reply_number_symbol: replied
            .then(|| format!("{}/UBND-{}", 100 + dice.below(9000), draft.department_code)),
        text: String::new(),
    };
    // What would be answered after today is simply still open.
    if at <= now {
        flow::close(&mut writer(tx, at, handler, "incoming_close"), handler, &close)?;
    }
    Ok(())
}
