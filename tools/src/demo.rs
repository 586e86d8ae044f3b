//! `vanphong demo`: a realistic Office in an empty database — the usual departments, about
//! forty people in every role with a known password, and the agency directory of the
//! province (central bodies, provincial departments, communes). All names of people are
//! invented. National agency codes are placeholders of the right shape (the real codes
//! are issued per agency and the administrator enters them).

use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;
use std::fmt::Write as _;
use vanphong::app::App;
use vanphong::audit::{ObjectRef, Writer};
use vanphong::commands::{self, execute_as_operator};
use vanphong::error::{CoreError, CoreResult};
use vanphong::org::user::UserProfile;
use vanphong::vocabulary::{AgencyGroup, Clearance, Role};

/// Every demo account uses this password.
pub const DEMO_PASSWORD: &str = "Demo@2026!";

pub struct DemoAccount {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub department: String,
}

pub struct DemoReport {
    pub office_name: String,
    pub accounts: Vec<DemoAccount>,
    pub agencies: u32,
    pub incoming_documents: usize,
    pub outgoing_documents: usize,
    pub directions: usize,
    pub meetings: usize,
    pub schedule_entries: usize,
    pub delegations: usize,
    pub gazette_issues: usize,
    pub programme_items: usize,
    pub axis_documents: u32,
}

impl DemoReport {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Đã tạo dữ liệu mẫu cho {} / demo office ready.", self.office_name);
        let _ = writeln!(out, "{} cơ quan trong danh bạ / agencies in the directory.", self.agencies);
        let _ = writeln!(out, "{} văn bản đến / incoming documents.", self.incoming_documents);
        let _ = writeln!(
            out,
            "{} văn bản điện tử chờ vào sổ trên trục liên thông / documents waiting on the axis.",
            self.axis_documents
        );
        let _ = writeln!(out, "{} văn bản đi / outgoing documents.", self.outgoing_documents);
        let _ = writeln!(out, "{} nhiệm vụ / directions.", self.directions);
        let _ = writeln!(out, "{} cuộc họp, đợt lấy ý kiến / meetings and written rounds.", self.meetings);
        let _ = writeln!(
            out,
            "{} lịch công tác của lãnh đạo / entries on the leaders' schedule.",
            self.schedule_entries
        );
        let _ = writeln!(out, "{} đoàn công tác / delegations.", self.delegations);
        let _ = writeln!(out, "{} số Công báo / gazette issues.", self.gazette_issues);
        let _ =
            writeln!(out, "{} nội dung chương trình công tác / work programme items.", self.programme_items);
        let _ = writeln!(out, "\nTài khoản mẫu / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
        for account in &self.accounts {
            let _ = writeln!(
                out,
                "  {:<12} {:<18} {:<26} {}",
                account.username,
                account.role.as_str(),
                account.full_name,
                account.department
            );
        }
        out
    }
}

struct Person {
    username: String,
    full_name: String,
    title: String,
    role: Role,
    department: Option<&'static str>,
    clearance: Clearance,
    supervises: &'static [&'static str],
    fields: &'static [&'static str],
    /// For an agency's own account: the agency's abbreviation in the directory.
    agency: Option<&'static str>,
}

fn leader(
    username: &str,
    full_name: &str,
    title: &str,
    role: Role,
    department: Option<&'static str>,
    clearance: Clearance,
) -> Person {
    Person {
        username: username.to_string(),
        full_name: full_name.into(),
        title: title.into(),
        role,
        department,
        clearance,
        supervises: &[],
        fields: &[],
        agency: None,
    }
}

/// Department code, its name in titles, and the usernames' suffix.
const WORKING_DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("TH", "Tổng hợp", "th"),
    ("KT", "Kinh tế", "kt"),
    ("NC", "Nội chính", "nc"),
    ("NN", "Nông nghiệp", "nn"),
    ("CN", "Công nghiệp", "cn"),
    ("KGVX", "Khoa giáo - Văn xã", "vx"),
];

const FAMILY: &[&str] =
    &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLE: &[&str] = &["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Xuân", "Thu"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Hiếu", "Hoa", "Khánh", "Linh", "Lộc", "Nam", "Nga",
    "Phúc", "Quyên", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Đạt", "Ánh",
];

/// A deterministic invented name for the n-th staff member.
fn staff_name(n: usize) -> String {
    format!(
        "{} {} {}",
        FAMILY[(n * 7) % FAMILY.len()],
        MIDDLE[(n * 3) % MIDDLE.len()],
        GIVEN[n % GIVEN.len()]
    )
}

fn people() -> Vec<Person> {
    use Clearance::{AbsoluteSecret, Secret, TopSecret};
    let mut people = vec![
        leader("chutich", "Trần Minh Quang", "Chủ tịch UBND tỉnh", Role::Chairman, None, AbsoluteSecret),
        leader(
            "pct1",
            "Lê Thị Thu Hà",
            "Phó Chủ tịch Thường trực UBND tỉnh",
            Role::ViceChairman,
            None,
            TopSecret,
        ),
        leader("pct2", "Phan Văn Dũng", "Phó Chủ tịch UBND tỉnh", Role::ViceChairman, None, TopSecret),
        leader("pct3", "Hoàng Quốc Bảo", "Phó Chủ tịch UBND tỉnh", Role::ViceChairman, None, TopSecret),
        leader(
            "tv1",
            "Đặng Văn Khôi",
            "Ủy viên UBND tỉnh, Giám đốc Sở Tài chính",
            Role::CommitteeMember,
            None,
            Secret,
        ),
        leader(
            "tv2",
            "Ngô Thị Lan",
            "Ủy viên UBND tỉnh, Giám đốc Sở Nội vụ",
            Role::CommitteeMember,
            None,
            Secret,
        ),
        leader(
            "tv3",
            "Vũ Đức Thắng",
            "Ủy viên UBND tỉnh, Giám đốc Sở Xây dựng",
            Role::CommitteeMember,
            None,
            Secret,
        ),
        leader(
            "tv4",
            "Đinh Công Minh",
            "Ủy viên UBND tỉnh, Giám đốc Sở Tư pháp",
            Role::CommitteeMember,
            None,
            Secret,
        ),
        leader("cvp", "Nguyễn Thanh Tùng", "Chánh Văn phòng", Role::ChiefOfOffice, Some("LĐVP"), TopSecret),
        Person {
            supervises: &["TH", "HCTC", "QT", "CTTĐT"],
            fields: &["Tổng hợp", "Hành chính - Tổ chức", "Quản trị"],
            ..leader(
                "pcvp1",
                "Trần Thị Mai",
                "Phó Chánh Văn phòng",
                Role::DeputyChief,
                Some("LĐVP"),
                TopSecret,
            )
        },
        Person {
            supervises: &["KT", "CN"],
            fields: &["Kinh tế", "Đầu tư", "Công nghiệp", "Giao thông"],
            ..leader(
                "pcvp2",
                "Lê Văn Hùng",
                "Phó Chánh Văn phòng",
                Role::DeputyChief,
                Some("LĐVP"),
                TopSecret,
            )
        },
        Person {
            supervises: &["NC", "NN", "KGVX", "TTPVHCC"],
            fields: &["Nội chính", "Nông nghiệp - Môi trường", "Văn hóa - Xã hội"],
            ..leader(
                "pcvp3",
                "Phạm Quốc Toàn",
                "Phó Chánh Văn phòng",
                Role::DeputyChief,
                Some("LĐVP"),
                TopSecret,
            )
        },
    ];
    let mut n = 0;
    for (index, (code, name, suffix)) in WORKING_DEPARTMENTS.iter().enumerate() {
        people.push(leader(
            &format!("tp.{suffix}"),
            &staff_name(n),
            &format!("Trưởng phòng {name}"),
            Role::DepartmentHead,
            Some(code),
            Secret,
        ));
        n += 1;
        for k in 1..=3 {
            let username = format!("cv.{suffix}{k}");
            let clearance = if k == 1 || index == 2 { Secret } else { Clearance::None };
            people.push(leader(
                &username,
                &staff_name(n),
                "Chuyên viên",
                Role::Specialist,
                Some(code),
                clearance,
            ));
            n += 1;
        }
    }
    people.push(leader(
        "tp.hctc",
        &staff_name(n),
        "Trưởng phòng Hành chính - Tổ chức",
        Role::DepartmentHead,
        Some("HCTC"),
        Secret,
    ));
    people.push(leader("vt1", &staff_name(n + 1), "Văn thư", Role::Clerk, Some("HCTC"), TopSecret));
    people.push(leader("vt2", &staff_name(n + 2), "Văn thư", Role::Clerk, Some("HCTC"), Clearance::None));
    people.push(leader("vt3", &staff_name(n + 3), "Văn thư", Role::Clerk, Some("HCTC"), Clearance::None));
    people.push(leader(
        "tp.qt",
        &staff_name(n + 4),
        "Trưởng phòng Quản trị",
        Role::DepartmentHead,
        Some("QT"),
        Clearance::None,
    ));
    people.push(leader(
        "cv.cttdt",
        &staff_name(n + 5),
        "Biên tập viên",
        Role::Specialist,
        Some("CTTĐT"),
        Clearance::None,
    ));
    // An agency's own account: the Department of Finance reports on its directions itself.
    people.push(Person {
        agency: Some("STC"),
        ..leader(
            "stc",
            &staff_name(n + 6),
            "Chuyên viên Văn phòng Sở Tài chính",
            Role::Specialist,
            None,
            Clearance::None,
        )
    });
    people
}

/// Fill an empty database, with `documents_per_day` incoming documents on each working
/// day of the year so far. Fails, changing nothing, if the database already has users.
pub fn fill(app: &App, province_code: i32, documents_per_day: usize) -> CoreResult<DemoReport> {
    let setup = commands::SetupRequest {
        username: "admin".into(),
        full_name: "Quản trị hệ thống".into(),
        password: DEMO_PASSWORD.into(),
        province_code,
    };
    let admin = execute_as_operator::<commands::SetupCreateAdministrator>(app, setup).map_err(|e| match e {
        CoreError::SetupAlreadyDone => CoreError::conflict(
            "CSDL đã có dữ liệu; dữ liệu mẫu chỉ tạo trên thư mục dữ liệu trống (dùng --data-dir).",
            "The database already has data; the demo fills an empty data directory only (use --data-dir).",
        ),
        other => other,
    })?;
    let place = admin.me.organisation.as_ref().map(|o| o.place_name.clone()).unwrap_or_default();
    let committee_name = admin.me.organisation.as_ref().map(|o| o.committee_name.clone()).unwrap_or_default();
    let office_name = admin.me.organisation.map(|o| o.office_name).unwrap_or_default();
    let departments: HashMap<String, vanphong::vocabulary::DepartmentId> =
        execute_as_operator::<commands::DepartmentList>(app, ())?
            .into_iter()
            .map(|d| (d.code, d.id))
            .collect();
    let department_id = |code: &str| departments.get(code).copied();
    let agency_id = |abbreviation: &str| {
        app.db().read(|conn| {
            conn.query_row(
                "SELECT id FROM agency WHERE abbreviation = ?1 AND province_code = ?2
                 AND agency_group = 'provincial_department' AND active = 1",
                rusqlite::params![abbreviation, province_code],
                |r| r.get(0),
            )
            .optional()
            .map_err(CoreError::from)
        })
    };

    let mut accounts = vec![DemoAccount {
        username: "admin".into(),
        full_name: "Quản trị hệ thống".into(),
        role: Role::Administrator,
        department: String::new(),
    }];
    for person in people() {
        let profile = UserProfile {
            full_name: person.full_name.clone(),
            title: person.title.clone(),
            role: person.role,
            department_id: person.department.and_then(department_id),
            clearance: person.clearance,
            email: format!("{}@demo.vanphong.local", person.username.replace('.', "_")),
            phone: String::new(),
            supervised_department_ids: person.supervises.iter().filter_map(|c| department_id(c)).collect(),
            supervised_fields: person.fields.iter().map(|f| f.to_string()).collect(),
            agency_id: match person.agency {
                Some(abbreviation) => agency_id(abbreviation)?,
                None => None,
            },
        };
        let request = commands::UserCreateRequest {
            username: person.username.clone(),
            password: DEMO_PASSWORD.into(),
            profile,
        };
        let user = execute_as_operator::<commands::UserCreate>(app, request)?;
        accounts.push(DemoAccount {
            username: user.username,
            full_name: user.full_name,
            role: user.role,
            department: user.department_name.or(user.agency_name).unwrap_or_default(),
        });
    }

    let agencies = app.db().write(|tx| {
        let mut w = Writer::new(tx, app.now(), (None, vanphong::audit::OPERATOR_NAME.into()), "demo_fill");
        // Demo accounts are meant to be tried at once, without the first-login change.
        w.execute("UPDATE user SET must_change_password = 0", [])?;
        let agencies = placeholder_agency_codes(&w, province_code)?;
        w.audit(
            ObjectRef::system(),
            vanphong::audit::said(
                "Dữ liệu mẫu: bỏ yêu cầu đổi mật khẩu của tài khoản mẫu, gán mã định danh giả định",
                "Demo data: sample accounts need no first password change; placeholder agency codes",
            ),
            &serde_json::json!({ "agencies": agencies }),
        )?;
        Ok(agencies)
    })?;
    routing(app, province_code, &department_id, &agency_id)?;
    let incoming_documents = app.db().write(|tx| {
        let registers: Vec<(vanphong::register::RegisterId, bool)> = tx
            .prepare("SELECT id, secret FROM register WHERE kind = 'incoming' ORDER BY sort_order")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let ordinary = registers.iter().find(|r| !r.1).map(|r| r.0);
        let secret = registers.iter().find(|r| r.1).map(|r| r.0);
        match (ordinary, secret) {
            (Some(ordinary), Some(secret)) => {
                crate::demo_incoming::fill(tx, app.now(), documents_per_day, (ordinary, secret))
            }
            _ => Ok(0),
        }
    })?;
    // The year's meetings; their conclusion notices are numbered with the other outgoing
    // documents, in the order of signature.
    let (meetings, notices) =
        app.db().write(|tx| crate::demo_meetings::fill(tx, app.now(), documents_per_day))?;
    // Offices issue about a third as many documents as they receive (DOMAIN.md §1).
    let outgoing_documents = app
        .db()
        .write(|tx| crate::demo_outgoing::fill(tx, app.now(), documents_per_day.div_ceil(3), &notices))?;
    let mut directions =
        app.db().write(|tx| crate::demo_directions::fill(tx, app.now(), documents_per_day))?;
    directions += app.db().write(|tx| crate::demo_meetings::give_directions(tx, app.now()))?;
    // The leaders' weekly schedule, beside the meeting room's sittings.
    let (schedule_entries, delegations) =
        app.db().write(|tx| crate::demo_schedule::fill(tx, app.now(), documents_per_day))?;
    let programme_items =
        app.db().write(|tx| crate::demo_schedule::fill_programme(tx, app.now(), documents_per_day))?;
    let gazette_issues =
        app.db().write(|tx| crate::demo_schedule::fill_gazette(tx, app.now(), documents_per_day))?;
    // The signing folder: the demo's own authority, the Committee's and the Office's seals,
    // and a key for each person who signs for either.
    use vanphong::permission::role;
    let signers: Vec<(String, String)> = accounts
        .iter()
        .filter(|a| role::signs_for_committee(a.role) || role::signs_for_office(a.role))
        .map(|a| (a.username.clone(), a.full_name.clone()))
        .collect();
    let seals = [("committee", committee_name.clone()), ("office", office_name.clone())];
    let ca = crate::demo_signing::make(app.signing().dir(), &committee_name, &seals, &signers, app.now())?;
    let axis_documents = crate::demo_exchange::fill(app, &office_code(province_code), &place, &ca)?;
    crate::demo_outgoing::sign_recent(app, 300)?;
    Ok(DemoReport {
        office_name,
        accounts,
        agencies,
        incoming_documents,
        outgoing_documents,
        directions,
        meetings,
        schedule_entries,
        delegations,
        gazette_issues,
        programme_items,
        axis_documents,
    })
}

/// The Office's routing as a trial clerk should meet it: rules by sender, by words of the
/// summary and by type, and each commune followed by a department, so registering a
/// document proposes where it goes.
fn routing(
    app: &App,
    province_code: i32,
    department_id: &dyn Fn(&str) -> Option<vanphong::vocabulary::DepartmentId>,
    agency_id: &dyn Fn(&str) -> CoreResult<Option<vanphong::vocabulary::AgencyId>>,
) -> CoreResult<()> {
    use vanphong::incoming::routing::RoutingRuleInput;
    // Name, sender (abbreviation), document type, words of the summary, department.
    type Rule<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, &'a str);
    let rules: [Rule<'_>; 7] = [
        ("Văn bản của Sở Tài chính", Some("STC"), None, "", "KT"),
        ("Đầu tư công, ngân sách", None, None, "đầu tư công, giải ngân, dự toán, ngân sách", "KT"),
        (
            "Đất đai, nông nghiệp, thiên tai",
            None,
            None,
            "đất đai, nông nghiệp, thủy lợi, thiên tai, lũ",
            "NN",
        ),
        (
            "Giao thông, công nghiệp, xây dựng",
            None,
            None,
            "quốc lộ, giao thông, cụm công nghiệp, xây dựng",
            "CN",
        ),
        ("Giáo dục, y tế, văn hóa, xã hội", None, None, "giáo dục, y tế, văn hóa, dân tộc, bảo hiểm", "KGVX"),
        ("Khiếu nại, tố cáo, an ninh", None, None, "khiếu nại, tố cáo, an ninh, quốc phòng", "NC"),
        ("Giấy mời họp", None, Some("GM"), "", "TH"),
    ];
    for (name, sender, document_type, keywords, department) in rules {
        let Some(lead_department_id) = department_id(department) else { continue };
        let input = RoutingRuleInput {
            name: name.into(),
            sender_group: None,
            sender_agency_id: match sender {
                Some(abbreviation) => agency_id(abbreviation)?,
                None => None,
            },
            document_type: document_type.map(str::to_string),
            keywords: keywords.into(),
            lead_department_id,
            supervisor_id: None,
            competent_agency_id: None,
            active: true,
        };
        execute_as_operator::<commands::RoutingRuleCreate>(app, input)?;
    }
    // The communes, in turn, to the departments that follow localities.
    let communes: Vec<vanphong::vocabulary::AgencyId> = app.db().read(|conn| {
        Ok(conn
            .prepare(
                "SELECT id FROM agency WHERE agency_group = 'commune' AND province_code = ?1 AND active = 1 ORDER BY name",
            )?
            .query_map([province_code], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    })?;
    let followers: Vec<vanphong::vocabulary::DepartmentId> =
        ["KT", "NN", "CN", "KGVX", "NC"].iter().filter_map(|code| department_id(code)).collect();
    for (n, department) in followers.iter().enumerate() {
        let commune_ids = communes.iter().skip(n).step_by(followers.len()).copied().collect();
        execute_as_operator::<commands::TerritorySet>(
            app,
            commands::TerritorySetRequest { department_id: *department, commune_ids },
        )?;
    }
    Ok(())
}

/// Give agencies codes of the national shape `AAA.BB.CC.Hpp`, unique and recognisably
/// invented (the province part uses the statistics code).
/// The letter code of a province on the axis (QCVN 102: `Hxx` for its People's
/// Committee), where DOMAIN.md names it; other provinces get a placeholder of the shape.
fn province_letter_code(province_code: i32) -> String {
    match province_code {
        40 => "H41".into(), // Nghệ An
        other => format!("H{:02}", other % 100),
    }
}

/// The Office's own code in the demo: a level-2 unit of the Committee
/// (`000.00.01.Hxx`), a placeholder of the official shape.
fn office_code(province_code: i32) -> String {
    format!("000.00.01.{}", province_letter_code(province_code))
}

fn placeholder_agency_codes(w: &Writer<'_>, province_code: i32) -> CoreResult<u32> {
    let mut statement = w.prepare("SELECT id, agency_group FROM agency ORDER BY id")?;
    let rows: Vec<(i64, AgencyGroup)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut counters: HashMap<AgencyGroup, u32> = HashMap::new();
    for (id, group) in &rows {
        let n = counters.entry(*group).or_default();
        *n += 1;
        let code = match group {
            AgencyGroup::Government => format!("000.00.{:02}.G{:02}", *n, 1),
            AgencyGroup::Ministry => format!("000.00.00.G{:02}", *n + 1),
            // The Committee's departments are its level-2 units, `000.00.Y1Y2.Hxx` (01 is
            // the Office); other bodies follow them.
            AgencyGroup::ProvincialDepartment => {
                format!("000.00.{:02}.{}", *n + 1, province_letter_code(province_code))
            }
            AgencyGroup::Other => format!("000.00.{:02}.{}", 60 + *n, province_letter_code(province_code)),
            AgencyGroup::Commune => {
                format!("{:03}.{:02}.00.{}", *n % 1000, 10 + *n / 1000, province_letter_code(province_code))
            }
        };
        w.execute(
            "UPDATE agency SET code = ?2, search_text = search_text || ' ' || ?3 WHERE id = ?1",
            params![id, code, vanphong::fold::fold(&code)],
        )?;
    }
    Ok(rows.len() as u32)
}
