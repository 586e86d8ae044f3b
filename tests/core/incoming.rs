//! Incoming documents: numbering, duplicates, secrecy, urgency, search, routing, and the
//! whole flow from registration to closing, through the command layer.

use crate::support::{TestApp, profile};
use chrono::{Duration, TimeZone, Utc};
use std::sync::Arc;
use vanphong::attachments::NewAttachment;
use vanphong::commands::{self, IncomingRef};
use vanphong::incoming::IncomingInput;
use vanphong::incoming::flow::{
    AssignRequest, CloseRequest, DirectRequest, GiveBackRequest, ProgressRequest,
};
use vanphong::incoming::model::{Closure, IncomingStatus, Urgency};
use vanphong::incoming::routing::{RouteQuery, RoutingRuleInput};
use vanphong::incoming::views::IncomingFilter;
use vanphong::org::agency::AgencyFilter;
use vanphong::register::{RegisterId, RegisterKind};
use vanphong::vocabulary::{AgencyGroup, AgencyId, Clearance, Role, UserId};

/// An office with the people of one document's path.
pub struct Office {
    pub t: TestApp,
    pub admin: String,
    pub clerk: String,
    pub secret_clerk: String,
    pub deputy: String,
    pub deputy_id: UserId,
    pub other_deputy: String,
    pub head: String,
    pub other_head: String,
    pub specialist: String,
    pub specialist_id: UserId,
    pub ordinary: RegisterId,
    pub secret: RegisterId,
}

impl Office {
    pub fn new() -> Office {
        Office::of(TestApp::with_admin())
    }

    /// The office's people and registers in `t`, set up with its administrator `admin`.
    pub fn of((t, admin): (TestApp, String)) -> Office {
        let person = |username: &str, role: Role, department: Option<&str>, clearance: Clearance| {
            let mut p = profile(username, role, department.map(|d| t.department(&admin, d)));
            p.clearance = clearance;
            if role == Role::DeputyChief {
                let supervised = if username == "pcvp2" { "KT" } else { "NC" };
                p.supervised_department_ids = vec![t.department(&admin, supervised)];
            }
            let (user, token) = t.person(&admin, username, p);
            (user.id, token)
        };
        let clerk = person("vt1", Role::Clerk, Some("HCTC"), Clearance::None).1;
        let secret_clerk = person("vt2", Role::Clerk, Some("HCTC"), Clearance::TopSecret).1;
        let (deputy_id, deputy) = person("pcvp2", Role::DeputyChief, Some("LĐVP"), Clearance::Secret);
        let other_deputy = person("pcvp3", Role::DeputyChief, Some("LĐVP"), Clearance::Secret).1;
        let head = person("tp.kt", Role::DepartmentHead, Some("KT"), Clearance::None).1;
        let other_head = person("tp.nc", Role::DepartmentHead, Some("NC"), Clearance::None).1;
        let (specialist_id, specialist) = person("cv.kt1", Role::Specialist, Some("KT"), Clearance::None);
        let registers = t
            .call::<commands::RegisterList>(
                Some(&admin),
                commands::RegisterListRequest { kind: Some(RegisterKind::Incoming), fits: None },
            )
            .unwrap();
        let ordinary = registers.iter().find(|r| !r.secret).unwrap().id;
        let secret = registers.iter().find(|r| r.secret).unwrap().id;
        Office {
            t,
            admin,
            clerk,
            secret_clerk,
            deputy,
            deputy_id,
            other_deputy,
            head,
            other_head,
            specialist,
            specialist_id,
            ordinary,
            secret,
        }
    }

    pub fn agency(&self, search: &str) -> AgencyId {
        self.t
            .call::<commands::AgencyList>(
                Some(&self.admin),
                AgencyFilter { search: Some(search.into()), ..Default::default() },
            )
            .unwrap()
            .items[0]
            .id
    }

    pub fn input(&self, symbol: &str, summary: &str) -> IncomingInput {
        IncomingInput {
            register_id: self.ordinary,
            received_at: self.t.clock_now(),
            agency_id: Some(self.agency("so tai chinh")),
            agency_name: String::new(),
            add_agency_to_directory: None,
            number_symbol: symbol.into(),
            document_date: None,
            document_type: "CV".into(),
            summary: summary.into(),
            urgency: Urgency::Normal,
            secrecy: Clearance::None,
            page_count: Some(2),
            reply_deadline: None,
            signer: "Nguyễn Văn A".into(),
            electronic: true,
            attachments: Vec::new(),
            lead_department_id: None,
            supervisor_id: None,
            routing_rule_id: None,
            present_to_id: None,
            confirm_duplicate: false,
        }
    }

    pub fn register(&self, input: IncomingInput) -> vanphong::incoming::model::IncomingRow {
        let token = if input.secrecy == Clearance::None { &self.clerk } else { &self.secret_clerk };
        self.t.call::<commands::IncomingRegister>(Some(token), input).expect("registered")
    }

    fn list(&self, token: &str, filter: IncomingFilter) -> Vec<String> {
        self.t
            .call::<commands::IncomingList>(Some(token), filter)
            .unwrap()
            .items
            .into_iter()
            .map(|r| r.number_symbol)
            .collect()
    }

    fn search(&self, token: &str, words: &str) -> Vec<String> {
        self.list(token, IncomingFilter { search: Some(words.into()), ..Default::default() })
    }
}

#[test]
fn numbers_run_per_register_and_per_year_from_one() {
    let mut o = Office::new();
    let today = o.t.clock_now(); // 20 November 2026
    // 31 December 23:59 in Vietnam is still 2026; a minute later is 2027.
    let last_minute = Utc.with_ymd_and_hms(2026, 12, 31, 16, 59, 0).unwrap();
    let new_year = last_minute + Duration::minutes(1);
    let cases = [
        // symbol, register, received, (number, year), why
        ("1/STC-NS", Clearance::None, today, (1, 2026), "a register's series starts at one"),
        ("2/STC-NS", Clearance::None, today, (2, 2026), "and runs on"),
        ("3/STC-NS", Clearance::None, today, (3, 2026), "and runs on"),
        ("7/STC-M", Clearance::Secret, today, (1, 2026), "the secret register has its own series"),
        ("8/STC-M", Clearance::Secret, today, (2, 2026), "which runs on by itself"),
        ("9/STC-NS", Clearance::None, last_minute, (4, 2026), "23:59 on 31 December is still the year"),
        ("1/STC-NS", Clearance::None, new_year, (1, 2027), "the series restarts on 1 January, Vietnam time"),
        ("10/STC-M", Clearance::Secret, new_year, (1, 2027), "each register's series restarts"),
        ("2/STC-NS", Clearance::None, new_year, (2, 2027), "and runs on in the new year"),
    ];
    for (symbol, secrecy, received_at, expected, why) in cases {
        // Registered as they arrive (a day of arrival in the future is refused), by
        // clerks at work that day.
        o.t.clock.set(received_at + Duration::minutes(5));
        o.admin = o.t.login("admin", crate::support::ADMIN_PASSWORD).unwrap().token;
        o.clerk = o.t.login("vt1", crate::support::PASSWORD).unwrap().token;
        o.secret_clerk = o.t.login("vt2", crate::support::PASSWORD).unwrap().token;
        let mut input = o.input(symbol, "Về ngân sách");
        if secrecy != Clearance::None {
            (input.register_id, input.secrecy) = (o.secret, secrecy);
        }
        input.received_at = received_at;
        let row = o.register(input);
        assert_eq!((row.number, row.year), expected, "{symbol}: {why}");
    }
}

#[test]
fn concurrent_registration_gives_every_number_once_without_gaps() {
    let o = Arc::new(Office::new());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let o = o.clone();
            std::thread::spawn(move || {
                (0..10)
                    .map(|n| o.register(o.input(&format!("{t}{n}/X"), "Song song")).number)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<i64> = threads.into_iter().flat_map(|h| h.join().unwrap()).collect();
    numbers.sort();
    assert_eq!(numbers, (1..=80).collect::<Vec<_>>());
}

#[test]
fn registering_the_same_document_twice_needs_confirmation() {
    let o = Office::new();
    o.register(o.input("123/QĐ-UBND", "Quyết định phê duyệt"));
    let again = o.input("123 / qđ-ubnd", "Quyết định phê duyệt");
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), again.clone()).unwrap_err();
    assert_eq!(error.code, "confirm.possible_duplicate");
    assert!(error.message.vi.contains("số đến 1/2026"), "{}", error.message.vi);
    assert!(error.message.en.contains("may already be registered"));

    let candidates =
        o.t.call::<commands::IncomingCheckDuplicates>(
            Some(&o.clerk),
            commands::DuplicateQuery {
                agency_id: again.agency_id,
                agency_name: String::new(),
                number_symbol: "123/QĐ-UBND".into(),
                received_at: o.t.clock_now(),
            },
        )
        .unwrap();
    assert_eq!(candidates.len(), 1, "the form can warn before saving");

    let mut from_elsewhere = again.clone();
    from_elsewhere.agency_id = Some(o.agency("so y te"));
    assert_eq!(
        o.register(from_elsewhere).number,
        2,
        "the same symbol from another sender is another document"
    );
    let confirmed = IncomingInput { confirm_duplicate: true, ..again };
    assert_eq!(o.register(confirmed).number, 3, "a confirmed duplicate is registered");
}

#[test]
fn a_secret_document_is_invisible_to_anyone_not_cleared() {
    let o = Office::new();
    let mut secret = o.input("15/CAT-M", "Kế hoạch bảo vệ mục tiêu trọng điểm");
    secret.register_id = o.secret;
    secret.secrecy = Clearance::TopSecret;
    secret.attachments = vec![NewAttachment::inline("ke-hoach.pdf", "JVBERi0xLjcgbWF0")];
    let row = o.register(secret);
    o.register(o.input("16/STC", "Kế hoạch thu ngân sách"));

    for token in [&o.specialist, &o.clerk, &o.deputy] {
        assert_eq!(o.search(token, "ke hoach"), vec!["16/STC"], "search hides it");
        assert_eq!(o.list(token, IncomingFilter::default()), vec!["16/STC"], "lists hide it");
        let page = o.t.call::<commands::IncomingList>(Some(token), IncomingFilter::default()).unwrap();
        assert_eq!(page.total, 1, "counts hide it");
        let error = o.t.call::<commands::IncomingGet>(Some(token), IncomingRef { id: row.id }).unwrap_err();
        assert_eq!(error.code, "not_found", "the detail is as if it did not exist");
        let duplicates =
            o.t.call::<commands::IncomingCheckDuplicates>(
                Some(&o.clerk),
                commands::DuplicateQuery {
                    agency_id: Some(o.agency("so tai chinh")),
                    agency_name: String::new(),
                    number_symbol: "15/CAT-M".into(),
                    received_at: o.t.clock_now(),
                },
            )
            .unwrap();
        assert!(duplicates.is_empty(), "even the duplicate warning does not reveal it");
    }
    let detail =
        o.t.call::<commands::IncomingGet>(Some(&o.secret_clerk), IncomingRef { id: row.id }).unwrap();
    let attachment = detail.attachments[0].id;
    let denied =
        o.t.call::<commands::IncomingAttachmentGet>(
            Some(&o.specialist),
            commands::AttachmentRef { attachment_id: attachment },
        )
        .unwrap_err();
    assert_eq!(denied.code, "not_found", "nor its attachments");
    assert_eq!(o.search(&o.secret_clerk, "ke hoach").len(), 2, "a cleared clerk sees both");

    let mut misfiled = o.input("17/CAT-M", "Mật");
    misfiled.secrecy = Clearance::Secret;
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.secret_clerk), misfiled).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("registerId"), "secret documents go to a secret register only");
}

#[test]
fn the_list_is_newest_first_with_todays_urgent_documents_on_top() {
    let o = Office::new();
    o.register(o.input("1/A", "Thường"));
    let mut urgent = o.input("2/A", "Khẩn");
    urgent.urgency = Urgency::Urgent;
    urgent.received_at = o.t.clock_now() - Duration::days(3);
    o.register(urgent);
    let mut immediate = o.input("3/A", "Hỏa tốc");
    immediate.urgency = Urgency::Immediate;
    immediate.received_at = o.t.clock_now() - Duration::days(5);
    o.register(immediate);
    let mut urgent_today = o.input("5/A", "Khẩn, hôm nay");
    urgent_today.urgency = Urgency::Urgent;
    urgent_today.received_at = o.t.clock_now() - Duration::minutes(30);
    o.register(urgent_today);
    o.register(o.input("4/A", "Thường, mới hơn"));
    // An urgent document of last week is an old document; today's urgent one leads.
    assert_eq!(o.list(&o.clerk, IncomingFilter::default()), vec!["5/A", "4/A", "1/A", "2/A", "3/A"]);
    // Pages run across the two parts without losing or repeating a document.
    let page = |offset, limit| o.list(&o.clerk, IncomingFilter { offset, limit, ..Default::default() });
    assert_eq!(page(0, 2), vec!["5/A", "4/A"]);
    assert_eq!(page(1, 2), vec!["4/A", "1/A"]);
    assert_eq!(page(3, 2), vec!["2/A", "3/A"]);
    // What waits is ordered by urgency and deadline, as the inbox has always been.
    let inbox: Vec<String> =
        o.t.call::<commands::IncomingInbox>(Some(&o.clerk), ())
            .unwrap()
            .into_iter()
            .map(|r| r.number_symbol)
            .collect();
    assert_eq!(
        &inbox[..3],
        &["3/A".to_string(), "2/A".to_string(), "5/A".to_string()],
        "the clerk's queue too"
    );
    let listed = o.list(
        &o.clerk,
        IncomingFilter {
            inbox: true,
            sort: Some(vanphong::incoming::views::IncomingSort::Deadline),
            ..Default::default()
        },
    );
    assert_eq!(listed, inbox, "the inbox as a list, with search and pages, is the same queue");
    let urgent_only = o.list(&o.clerk, IncomingFilter { inbox: true, urgent: true, ..Default::default() });
    assert_eq!(urgent_only, vec!["5/A", "2/A", "3/A"]);

    // Ticking several for one step asks the core what each allows, as each page does.
    let ids: Vec<_> =
        o.t.call::<commands::IncomingList>(Some(&o.clerk), IncomingFilter::default())
            .unwrap()
            .items
            .iter()
            .map(|r| r.id)
            .collect();
    let request = || commands::AllowedRequest { ids: ids.clone() };
    let clerk = o.t.call::<commands::IncomingAllowedGet>(Some(&o.clerk), request()).unwrap();
    assert_eq!(clerk.len(), 5);
    assert!(clerk.iter().all(|a| a.allowed.present && !a.allowed.assign), "the clerk presents");
    let specialist = o.t.call::<commands::IncomingAllowedGet>(Some(&o.specialist), request()).unwrap();
    assert!(specialist.iter().all(|a| !a.allowed.present), "the specialist does not");
}

#[test]
fn search_folds_vietnamese_and_takes_any_input() {
    let o = Office::new();
    o.register(o.input("245/UBND-KT", "Về việc hỗ trợ kinh phí cho đồng bào vùng lũ"));
    o.register(o.input("12/BC-STC", "Báo cáo tình hình thực hiện văn bản quy phạm"));
    assert_eq!(o.search(&o.clerk, "dong bao"), vec!["245/UBND-KT"], "'dong' finds 'đồng'");
    assert_eq!(o.search(&o.clerk, "van ban"), vec!["12/BC-STC"], "'van ban' finds 'văn bản'");
    assert_eq!(o.search(&o.clerk, "VĂN BẢN"), vec!["12/BC-STC"]);
    assert_eq!(o.search(&o.clerk, "245/UBND-KT"), vec!["245/UBND-KT"], "a number and symbol as typed");
    assert_eq!(o.search(&o.clerk, "ho tr"), vec!["245/UBND-KT"], "the last word may be unfinished");
    // A word being typed is looked for in the text only: not in the month the index
    // carries beside it ("m202611"), which every document has.
    assert_eq!(o.search(&o.clerk, "bao cao m"), Vec::<String>::new(), "no word of it begins with m");
    assert_eq!(o.search(&o.clerk, "m"), Vec::<String>::new());
    for hostile in ["\"", "' OR 1=1 --", "NEAR(", "*", "a\"b", "((()))", "/", "%_"] {
        assert!(
            o.t.call::<commands::IncomingList>(
                Some(&o.clerk),
                IncomingFilter { search: Some(hostile.into()), ..Default::default() }
            )
            .is_ok(),
            "{hostile}"
        );
    }
}

/// A person typing: every letter is a search, the last word a prefix of any length (the
/// index keeps prefixes of one to six letters, so none of them merges every word it
/// begins), and nothing matches that does not hold every word.
#[test]
fn a_search_finds_the_same_documents_at_every_letter_typed() {
    let o = Office::new();
    o.register(o.input("1/VP", "Văn phòng UBND tỉnh tham mưu giải phóng mặt bằng"));
    o.register(o.input("2/STC", "Tham mưu về phòng, chống thiên tai"));
    o.register(o.input("3/SXD", "Thẩm định dự án nhà ở xã hội"));
    o.register(o.input("4/SYT", "Phòng khám đa khoa khu vực"));
    let all = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for (typed, found) in [
        ("t", all(&["4/SYT", "3/SXD", "2/STC", "1/VP"])),
        ("th", all(&["3/SXD", "2/STC", "1/VP"])),
        ("tha", all(&["3/SXD", "2/STC", "1/VP"])),
        ("tham", all(&["3/SXD", "2/STC", "1/VP"])),
        ("tham m", all(&["2/STC", "1/VP"])),
        ("tham mu", all(&["2/STC", "1/VP"])),
        ("tham muu", all(&["2/STC", "1/VP"])),
        ("tham muu p", all(&["2/STC", "1/VP"])),
        ("tham muu ph", all(&["2/STC", "1/VP"])),
        ("tham muu pho", all(&["2/STC", "1/VP"])),
        ("tham muu phon", all(&["2/STC", "1/VP"])),
        ("tham muu phong", all(&["2/STC", "1/VP"])),
        ("tham muu phong c", all(&["2/STC", "1/VP"])),
        ("tham muu phong chon", all(&["2/STC"])),
        ("giai phong m", all(&["1/VP"])),
        ("phong kham da khoa khu vu", all(&["4/SYT"])),
        ("tham muu x", all(&[])),
        ("thamm", all(&[])),
    ] {
        assert_eq!(o.search(&o.clerk, typed), found, "{typed}");
    }
}

/// A list counts up to a thousand matches and reads its page in the same pass; pages
/// before, across and past that bound follow one order and say "more than" alike.
#[test]
fn pages_of_a_search_past_the_count_bound_follow_one_order() {
    let o = Office::new();
    let input = o.input("0/STC", "Kế hoạch đầu tư công trung hạn");
    for n in 1..=1_010 {
        o.register(IncomingInput { number_symbol: format!("{n}/STC"), ..input.clone() });
    }
    let page = |offset: u32, limit: u32| {
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            IncomingFilter { search: Some("dau tu cong".into()), offset, limit, ..Default::default() },
        )
        .unwrap()
    };
    let symbols = |p: &vanphong::search::Page<vanphong::incoming::model::IncomingRow>| {
        p.items.iter().map(|r| r.number_symbol.clone()).collect::<Vec<_>>()
    };
    let expected = |from: u32, to: u32| (from..=to).rev().map(|n| format!("{n}/STC")).collect::<Vec<_>>();
    for (offset, limit, newest, oldest) in
        [(0, 50, 1_010, 961), (950, 50, 60, 11), (980, 50, 30, 1), (1_000, 50, 10, 1), (1_010, 50, 0, 1)]
    {
        let p = page(offset, limit);
        assert_eq!((p.total, p.total_capped, p.indexing), (1_000, true, false), "offset {offset}");
        let want = if newest == 0 { Vec::new() } else { expected(oldest, newest) };
        assert_eq!(symbols(&p), want, "offset {offset}");
    }
}

/// A search with a date filter matches the months inside the index and the exact days in
/// SQL: Vietnam days, both ends included, whatever the UTC instant.
#[test]
fn a_search_with_dates_finds_exactly_the_days_asked_for() {
    use chrono::TimeZone;
    let o = Office::new();
    let at = |d: u32, m: u32, h: u32, min: u32| {
        vanphong::clock::vietnam_offset().with_ymd_and_hms(2026, m, d, h, min, 0).unwrap().to_utc()
    };
    for (symbol, received) in [
        ("1/STC", at(30, 9, 23, 30)),
        ("2/STC", at(1, 10, 0, 10)),
        ("3/STC", at(31, 10, 23, 50)),
        ("4/STC", at(1, 11, 7, 0)),
        ("5/STC", at(15, 10, 9, 0)),
    ] {
        let mut input = o.input(symbol, "Về việc giao dự toán ngân sách");
        input.received_at = received;
        o.register(input);
    }
    let found = |search: &str, from: (u32, u32), to: (u32, u32)| {
        let mut symbols = o.list(
            &o.clerk,
            IncomingFilter {
                search: Some(search.into()),
                from: chrono::NaiveDate::from_ymd_opt(2026, from.1, from.0),
                to: chrono::NaiveDate::from_ymd_opt(2026, to.1, to.0),
                ..Default::default()
            },
        );
        symbols.sort();
        symbols
    };
    assert_eq!(
        found("ngân sách", (1, 10), (31, 10)),
        vec!["2/STC", "3/STC", "5/STC"],
        "October, in Vietnam time"
    );
    assert_eq!(
        found("du toan ng", (30, 9), (1, 10)),
        vec!["1/STC", "2/STC"],
        "across two months, while typing"
    );
    assert_eq!(found("ngân sách", (2, 10), (31, 10)), vec!["3/STC", "5/STC"], "the exact first day");
    assert_eq!(found("ngân sách", (1, 1), (31, 12)).len(), 5, "a whole year");
}

#[test]
fn a_document_goes_from_the_clerk_to_the_answer_and_leaves_a_trail() {
    let o = Office::new();
    let mut input = o.input("88/STC-QLNS", "Đề nghị bổ sung dự toán ngân sách năm 2026");
    input.attachments = vec![NewAttachment::inline("88-STC.pdf", "JVBERi0xLjcKJcOkw7w=")];
    input.present_to_id = Some(o.deputy_id);
    let row = o.register(input);
    assert_eq!(row.status, IncomingStatus::Presented);
    let id = row.id;

    let waiting: Vec<_> =
        o.t.call::<commands::IncomingInbox>(Some(&o.deputy), ()).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(waiting, vec![id], "the deputy chief finds it in his queue");
    assert!(o.t.call::<commands::IncomingInbox>(Some(&o.other_deputy), ()).unwrap().is_empty());

    let direction = DirectRequest {
        id,
        lead_department_id: o.t.department(&o.admin, "KT"),
        cooperating_department_ids: vec![o.t.department(&o.admin, "TH")],
        deadline: None,
        working_days: Some(5),
        text: "Giao Phòng Kinh tế chủ trì, tham mưu trả lời Sở Tài chính.".into(),
    };
    let error = o.t.call::<commands::IncomingDirect>(Some(&o.other_deputy), direction.clone()).unwrap_err();
    assert_eq!(error.code, "conflict", "only the leader it was presented to directs it");
    let directed = o.t.call::<commands::IncomingDirect>(Some(&o.deputy), direction).unwrap();
    // Friday 20 November 2026 + 5 working days, over Culture Day (Tuesday 24/11) = Monday 30 November.
    assert_eq!(directed.deadline, chrono::NaiveDate::from_ymd_opt(2026, 11, 30));

    let assign =
        AssignRequest { id, handler_id: o.specialist_id, other_ids: vec![], note: "Xử lý gấp".into() };
    assert!(
        o.t.call::<commands::IncomingAssign>(Some(&o.other_head), assign.clone()).is_err(),
        "not the lead department's head"
    );
    let counts = o.t.call::<commands::IncomingInboxCounts>(Some(&o.head), ()).unwrap();
    assert_eq!(counts.total, 1);
    o.t.call::<commands::IncomingAssign>(Some(&o.head), assign).unwrap();

    o.t.call::<commands::IncomingProgress>(
        Some(&o.specialist),
        ProgressRequest { id, text: "Đã làm việc với Sở Tài chính.".into() },
    )
    .unwrap();
    o.t.clock.advance(Duration::days(11));
    // Eleven idle days end any session; the specialist logs in again.
    let specialist = o.t.login("cv.kt1", crate::support::PASSWORD).unwrap().token;
    let overdue =
        o.t.call::<commands::IncomingList>(
            Some(&specialist),
            IncomingFilter { overdue: true, ..Default::default() },
        )
        .unwrap();
    assert_eq!(overdue.total, 1, "past its deadline it is overdue");
    assert!(overdue.items[0].overdue);

    let missing_reply = CloseRequest {
        id,
        closure: Closure::Replied,
        reply_outgoing_id: None,
        reply_number_symbol: None,
        text: String::new(),
    };
    assert_eq!(
        o.t.call::<commands::IncomingClose>(Some(&specialist), missing_reply).unwrap_err().field.as_deref(),
        Some("replyNumberSymbol")
    );
    let closed =
        o.t.call::<commands::IncomingClose>(
            Some(&specialist),
            CloseRequest {
                id,
                closure: Closure::Replied,
                reply_outgoing_id: None,
                reply_number_symbol: Some("301/UBND-KT".into()),
                text: "UBND tỉnh đã có văn bản trả lời.".into(),
            },
        )
        .unwrap();
    assert_eq!(closed.status, IncomingStatus::Closed);
    assert!(!closed.overdue, "a closed document is no longer overdue");

    let clerk = o.t.login("vt1", crate::support::PASSWORD).unwrap().token;
    let detail = o.t.call::<commands::IncomingGet>(Some(&clerk), IncomingRef { id }).unwrap();
    let kinds: Vec<&str> = detail.steps.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["registered", "presented", "directed", "assigned", "progress", "closed"]);
    let directed_step = &detail.steps[2];
    assert!(
        directed_step.text.contains("tham mưu trả lời Sở Tài chính")
            && directed_step.text.contains("30/11/2026")
    );
    assert_eq!(directed_step.actor_name, "Người dùng pcvp2", "who gave the direction");
    assert!(detail.steps[5].text.contains("301/UBND-KT"));
    // What the system wrote reads in English too; what a person wrote stays theirs.
    let english: Vec<&str> = detail.steps.iter().map(|s| s.text_en.as_str()).collect();
    assert!(english[0].starts_with("Incoming no. "), "{english:?}");
    assert!(english[1].starts_with("Presented to "), "{english:?}");
    assert!(english[2].contains("— Lead: ") && english[2].contains("deadline: 30/11/2026"), "{english:?}");
    assert!(english[3].starts_with("Assigned to "), "{english:?}");
    assert_eq!(english[4], "", "a progress report is the person's own words");
    assert!(english[5].starts_with("Answered by 301/UBND-KT"), "{english:?}");
    assert_eq!(detail.cooperating_departments, vec!["Phòng Tổng hợp".to_string()]);
    assert_eq!(detail.attachments[0].file_name, "88-STC.pdf");
    let file =
        o.t.call::<commands::IncomingAttachmentGet>(
            Some(&specialist),
            commands::AttachmentRef { attachment_id: detail.attachments[0].id },
        )
        .unwrap();
    assert_eq!(crate::support::opened(&o.t.app, &specialist, &file), b"%PDF-1.7\n%\xc3\xa4\xc3\xbc");
    assert_eq!(file.media_type, "application/pdf");
}

#[test]
fn a_misrouted_document_goes_back_to_the_clerk() {
    let o = Office::new();
    let id = directed_document(&o);
    // A search within a department finds what it leads, as the index carries it.
    let in_kt = |o: &Office| {
        o.list(
            &o.clerk,
            IncomingFilter {
                search: Some("du toan ngan".into()),
                department_id: Some(o.t.department(&o.admin, "KT")),
                ..Default::default()
            },
        )
    };
    assert_eq!(in_kt(&o), vec!["88/STC-QLNS"], "directed to KT");
    o.t.call::<commands::IncomingAssign>(
        Some(&o.head),
        AssignRequest { id, handler_id: o.specialist_id, other_ids: vec![], note: String::new() },
    )
    .unwrap();
    let empty = GiveBackRequest { id, reason: " ".into() };
    assert_eq!(
        o.t.call::<commands::IncomingGiveBack>(Some(&o.specialist), empty).unwrap_err().field.as_deref(),
        Some("reason")
    );
    let back =
        o.t.call::<commands::IncomingGiveBack>(
            Some(&o.specialist),
            GiveBackRequest {
                id, reason: "Thuộc lĩnh vực y tế, đề nghị chuyển Phòng KGVX.".into()
            },
        )
        .unwrap();
    assert_eq!(back.status, IncomingStatus::Returned);
    assert!(in_kt(&o).is_empty(), "KT no longer leads it");
    let queue: Vec<_> =
        o.t.call::<commands::IncomingInbox>(Some(&o.clerk), ()).unwrap().into_iter().map(|r| r.id).collect();
    assert!(queue.contains(&id), "it waits for the clerk again");
    assert!(o.t.call::<commands::IncomingInbox>(Some(&o.specialist), ()).unwrap().is_empty());
    let detail = o.t.call::<commands::IncomingGet>(Some(&o.clerk), IncomingRef { id }).unwrap();
    assert!(detail.allowed.present, "the clerk may present it again");
    assert!(detail.steps.last().unwrap().text.contains("Phòng KGVX"));
}

#[test]
fn routing_rules_propose_in_order_and_communes_by_territory() {
    let o = Office::new();
    let kt = o.t.department(&o.admin, "KT");
    let nn = o.t.department(&o.admin, "NN");
    let rule = |name: &str, group: Option<AgencyGroup>, keywords: &str, lead, competent: Option<AgencyId>| {
        RoutingRuleInput {
            name: name.into(),
            sender_group: group,
            sender_agency_id: None,
            document_type: None,
            keywords: keywords.into(),
            lead_department_id: lead,
            supervisor_id: None,
            competent_agency_id: competent,
            active: true,
        }
    };
    let environment = o.agency("so nong nghiep va moi truong");
    o.t.call::<commands::RoutingRuleCreate>(
        Some(&o.admin),
        rule("Đất đai từ xã", Some(AgencyGroup::Commune), "đất đai, giao đất", nn, Some(environment)),
    )
    .unwrap();
    o.t.call::<commands::RoutingRuleCreate>(
        Some(&o.admin),
        rule("Sở, ngành: kinh tế", Some(AgencyGroup::ProvincialDepartment), "", kt, None),
    )
    .unwrap();
    let commune = o.agency("dien chau");
    o.t.call::<commands::TerritorySet>(
        Some(&o.admin),
        commands::TerritorySetRequest { department_id: kt, commune_ids: vec![commune] },
    )
    .unwrap();

    let propose = |agency, summary: &str| {
        o.t.call::<commands::IncomingRoute>(
            Some(&o.clerk),
            RouteQuery { agency_id: Some(agency), document_type: "CV".into(), summary: summary.into() },
        )
        .unwrap()
    };
    let from_department = propose(o.agency("so tai chinh"), "Về dự toán");
    assert_eq!(from_department.lead_department_id, Some(kt));
    assert_eq!(
        from_department.supervisor_name.as_deref(),
        Some("Người dùng pcvp2"),
        "the deputy chief who supervises KT"
    );

    let by_territory = propose(commune, "Về việc sửa chữa trường học");
    assert_eq!(
        (by_territory.lead_department_id, by_territory.reason.as_deref()),
        (Some(kt), Some("Địa bàn"))
    );
    assert!(by_territory.warnings.is_empty());

    let land = propose(commune, "Về việc giao đất cho hộ gia đình");
    assert_eq!(land.lead_department_id, Some(nn), "a specific rule wins over territory");
    assert!(
        land.warnings[0].vi.contains("Sở Nông nghiệp và Môi trường"),
        "the clerk is warned about competence"
    );

    let rules = o.t.call::<commands::RoutingRuleList>(Some(&o.admin), ()).unwrap();
    let moved =
        o.t.call::<commands::RoutingRuleMove>(
            Some(&o.admin),
            commands::RoutingRuleMoveRequest { id: rules[1].id, position: 1 },
        )
        .unwrap();
    assert_eq!(moved[0].name, "Sở, ngành: kinh tế", "rules can be reordered");

    let mut input = o.input("3/UBND", "Về việc giao đất");
    input.agency_id = Some(commune);
    input.routing_rule_id = land.rule_id;
    input.lead_department_id = land.lead_department_id;
    let id = o.register(input).id;
    let detail = o.t.call::<commands::IncomingGet>(Some(&o.clerk), IncomingRef { id }).unwrap();
    assert_eq!(
        detail.routing_rule_name.as_deref(),
        Some("Đất đai từ xã"),
        "the document records which rule proposed its route"
    );
}

#[test]
fn a_new_sender_can_join_the_directory_while_registering() {
    let o = Office::new();
    let mut input = o.input("01/CV-DL", "Về lịch cắt điện");
    input.agency_id = None;
    input.agency_name = "Công ty Điện lực Nghệ An".into();
    input.add_agency_to_directory = Some(AgencyGroup::Other);
    o.register(input);
    let found =
        o.t.call::<commands::AgencyList>(
            Some(&o.clerk),
            AgencyFilter { search: Some("dien luc".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(found.items[0].name, "Công ty Điện lực Nghệ An");
    let list =
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            IncomingFilter { agency_id: Some(found.items[0].id), ..Default::default() },
        )
        .unwrap();
    assert_eq!(list.total, 1, "and the document is linked to it");
}

#[test]
fn attachments_must_be_documents_or_images() {
    let o = Office::new();
    let mut input = o.input("1/X", "Tệp lạ");
    input.attachments = vec![NewAttachment::inline("virus.exe", "TVo=")];
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), input).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("attachments"));
    let page = o.t.call::<commands::IncomingList>(Some(&o.clerk), IncomingFilter::default()).unwrap();
    assert_eq!(page.total, 0, "nothing was registered, and no number was used");
    assert_eq!(o.register(o.input("2/X", "Hợp lệ")).number, 1);
}

#[test]
fn a_secret_document_goes_only_to_people_cleared_for_it() {
    let o = Office::new();
    let mut secret = o.input("21/CAT-M", "Phương án bảo vệ");
    secret.register_id = o.secret;
    secret.secrecy = Clearance::Secret;
    secret.present_to_id = Some(o.deputy_id);
    let id = o.register(secret).id;
    let direction = DirectRequest {
        id,
        lead_department_id: o.t.department(&o.admin, "KT"),
        cooperating_department_ids: vec![],
        deadline: None,
        working_days: Some(3),
        text: "KT xử lý.".into(),
    };
    let error = o.t.call::<commands::IncomingDirect>(Some(&o.deputy), direction.clone()).unwrap_err();
    assert_eq!(
        error.field.as_deref(),
        Some("leadDepartmentId"),
        "no cleared head in KT: it would be stuck there"
    );
    // With a cleared head, the uncleared specialist still cannot be given it.
    let mut head = profile("tp.kt2", Role::DepartmentHead, Some(o.t.department(&o.admin, "KT")));
    head.clearance = Clearance::Secret;
    let head_token = o.t.person(&o.admin, "tp.kt2", head).1;
    o.t.call::<commands::IncomingDirect>(Some(&o.deputy), direction).expect("KT now has a cleared head");
    let error =
        o.t.call::<commands::IncomingAssign>(
            Some(&head_token),
            AssignRequest { id, handler_id: o.specialist_id, other_ids: vec![], note: String::new() },
        )
        .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("handlerId"));
    assert!(error.message.vi.contains("không được tiếp cận"), "{}", error.message.vi);
}

/// The forms name only people the steps accept: the leaders and colleagues the core
/// lists for a secrecy level are exactly those it lets a document at that level go to,
/// and the registers offered are exactly those the registration accepts.
#[test]
fn the_forms_offer_exactly_whom_and_where_the_steps_accept() {
    let o = Office::new();
    let people = |token: &str, secrecy| {
        o.t.call::<commands::IncomingPeopleGet>(Some(token), commands::PeopleRequest { secrecy }).unwrap()
    };
    let names =
        |list: &[vanphong::org::user::Person]| list.iter().map(|p| p.full_name.clone()).collect::<Vec<_>>();
    let open = people(&o.clerk, None);
    let secret = people(&o.clerk, Some(Clearance::Secret));
    assert_eq!(open.leaders.len(), 2, "both deputy chiefs direct: {:?}", names(&open.leaders));
    assert_eq!(names(&secret.leaders), names(&open.leaders), "both are cleared for MẬT");
    assert!(people(&o.clerk, Some(Clearance::TopSecret)).leaders.is_empty(), "nobody is cleared for TỐI MẬT");
    assert!(open.handlers.iter().all(|p| matches!(p.role, Role::Specialist | Role::DepartmentHead)));
    // Every leader offered is accepted by the registration; nobody else is.
    for leader in &secret.leaders {
        let mut input = o.input(&format!("{}/CAT-M", leader.id.0), "Phương án bảo vệ");
        input.register_id = o.secret;
        input.secrecy = Clearance::Secret;
        input.present_to_id = Some(leader.id);
        o.register(input);
    }
    let head_people = people(&o.head, None);
    assert_eq!(
        names(&head_people.colleagues),
        vec!["Người dùng cv.kt1".to_string()],
        "the head assigns within KT, not to himself"
    );
    assert!(
        people(&o.head, Some(Clearance::Secret)).colleagues.is_empty(),
        "the KT specialist is not cleared"
    );

    let fitting = |secrecy| {
        o.t.call::<commands::RegisterList>(
            Some(&o.clerk),
            commands::RegisterListRequest { kind: Some(RegisterKind::Incoming), fits: Some(secrecy) },
        )
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(fitting(Clearance::None), vec![o.ordinary]);
    assert_eq!(fitting(Clearance::Secret), vec![o.secret]);
    let mut misfiled = o.input("9/X", "Sai sổ");
    misfiled.register_id = o.secret;
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), misfiled).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("registerId"), "the register not offered is refused");
}

/// A document registered, presented to the deputy chief and directed to KT with five
/// working days, as the slip test and others need it.
pub fn directed_document(o: &Office) -> vanphong::incoming::model::IncomingId {
    let mut input = o.input("88/STC-QLNS", "Đề nghị bổ sung dự toán ngân sách năm 2026");
    input.present_to_id = Some(o.deputy_id);
    input.confirm_duplicate = true;
    let id = o.register(input).id;
    o.t.call::<commands::IncomingDirect>(
        Some(&o.deputy),
        DirectRequest {
            id,
            lead_department_id: o.t.department(&o.admin, "KT"),
            cooperating_department_ids: vec![],
            deadline: None,
            working_days: Some(5),
            text: "Giao Phòng Kinh tế chủ trì, tham mưu trả lời Sở Tài chính.".into(),
        },
    )
    .unwrap();
    id
}

/// A document assigned to a handler and a co-handler waits in both their inboxes (counts
/// and list) and in nobody else's.
#[test]
fn an_assigned_document_waits_for_its_handler_and_co_handlers_only() {
    let o = Office::new();
    let (co_handler, co_token) = o.t.user(&o.admin, "cv.kt2", Role::Specialist);
    let (_, bystander) = o.t.user(&o.admin, "cv.kt3", Role::Specialist);
    let id = directed_document(&o);
    // Another document handled by the co-handler alone: counted once, not twice.
    let other = directed_document(&o);
    o.t.call::<commands::IncomingAssign>(
        Some(&o.head),
        AssignRequest {
            id,
            handler_id: o.specialist_id,
            other_ids: vec![co_handler.id],
            note: String::new(),
        },
    )
    .unwrap();
    o.t.call::<commands::IncomingAssign>(
        Some(&o.head),
        AssignRequest { id: other, handler_id: co_handler.id, other_ids: vec![], note: String::new() },
    )
    .unwrap();
    let inbox = |token: &str| {
        let counts = o.t.call::<commands::IncomingInboxCounts>(Some(token), ()).unwrap();
        let page = o
            .t
            .call::<commands::IncomingList>(Some(token), IncomingFilter { inbox: true, ..Default::default() })
            .unwrap();
        let mut ids: Vec<_> = page.items.iter().map(|r| r.id).collect();
        ids.sort();
        (counts.total, page.total, ids)
    };
    let mut both = vec![id, other];
    both.sort();
    let cases = [
        ("handler", o.specialist.as_str(), (1, 1, vec![id])),
        ("co-handler", co_token.as_str(), (2, 2, both)),
        ("another specialist", bystander.as_str(), (0, 0, vec![])),
    ];
    for (who, token, expected) in cases {
        assert_eq!(inbox(token), expected, "{who}");
    }
}
