//! What one person may ask of the schedule, the programme, the meeting room's agenda and
//! the gazette is bounded, through the commands: every day these areas take is within the
//! working calendar's years (one rule, refused next to its field, never a crash), and
//! each area holds a documented number of things (refused at one more, in both languages,
//! next to the field).

use crate::outgoing::{Leaders, leaders};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{Value, json};
use vanphong::ApiError;
use vanphong::commands;
use vanphong::error::ErrorCode;
use vanphong::schedule::delegations::{self, DelegationInput, DelegationKind};
use vanphong::schedule::programme::{self, ProgrammeInput, ProgrammeKind};
use vanphong::schedule::{self, EntryInput, LeaderInput};
use vanphong::vocabulary::{AgencyId, Clearance, UserId};

fn call(l: &Leaders, token: Option<&str>, name: &str, body: Value) -> Result<Value, ApiError> {
    commands::dispatch(&l.o.t.app, token, name, body)
}

/// A request with the day (or its year) put in, and an agency where one is needed.
type Asking = fn(&str, i32, AgencyId) -> Value;

#[test]
fn every_day_the_schedule_programme_gazette_meetings_and_statistics_take_is_within_the_calendars_years() {
    let l = leaders();
    let chief = Some(l.chief.as_str());
    let agency = l.o.agency("so tai chinh");
    // (command, request with the day or year put in, the field refused)
    let cases: Vec<(&str, Asking, &str)> = vec![
        ("schedule_bulletin_pdf", |day, _, _| json!({ "day": day }), "day"),
        ("schedule_week_get", |day, _, _| json!({ "day": day }), "day"),
        ("schedule_lines_get", |day, _, _| json!({ "from": day, "to": "2026-11-27" }), "from"),
        ("schedule_lines_get", |day, _, _| json!({ "from": "2026-11-23", "to": day }), "to"),
        ("schedule_publish", |day, _, _| json!({ "day": day }), "day"),
        ("schedule_publication_list", |day, _, _| json!({ "day": day }), "day"),
        ("schedule_public_page_get", |day, _, _| json!({ "week": day }), "week"),
        (
            "schedule_entry_create",
            |day, _, _| json!({ "startsAt": format!("{day}T08:00:00"), "content": "Họp", "leaders": [], "place": "Hội trường" }),
            "startsAt",
        ),
        ("delegation_list", |day, _, _| json!({ "from": day, "to": day }), "from"),
        (
            "delegation_create",
            |day, _, _| {
                json!({ "kind": "working", "purpose": "Làm việc", "leaderName": "Đ/c A", "communeIds": [],
                        "sectors": "Toàn tỉnh", "startsOn": day, "endsOn": day })
            },
            "startsOn",
        ),
        ("programme_month_get", |_, year, _| json!({ "year": year, "month": 1 }), "year"),
        ("programme_item_list", |_, year, _| json!({ "year": year }), "year"),
        (
            "programme_item_create",
            |_, year, agency| json!({ "year": year, "month": 1, "kind": "decision", "title": "Đề án", "agencyId": agency }),
            "year",
        ),
        ("programme_public_page_get", |_, year, _| json!({ "month": [year, 1] }), "year"),
        ("programme_evaluation_get", |_, year, _| json!({ "year": year, "quarter": 1 }), "year"),
        ("gazette_pending_get", |day, _, _| json!({ "until": day }), "until"),
        ("gazette_issue_create", |day, _, _| json!({ "issuedOn": day, "outgoingIds": [1] }), "issuedOn"),
        ("gazette_issue_list", |_, year, _| json!({ "year": year }), "year"),
        ("gazette_register_pdf", |_, year, _| json!({ "year": year }), "year"),
        (
            "meeting_create",
            |day, _, _| {
                json!({ "kind": "regular", "title": "Phiên họp", "chairId": 1, "place": "Phòng họp số 1", "startsAt": format!("{day}T08:00:00"),
                        "endsAt": format!("{day}T11:00:00"), "secrecy": "none", "members": [] })
            },
            "startsAt",
        ),
        ("direction_stats_get", |_, year, _| json!({ "period": { "kind": "year", "year": year } }), "period"),
    ];
    for (day, year) in [("0001-01-01", 1), ("1989-12-31", 1989), ("2101-01-01", 2101), ("9999-12-31", 9999)] {
        for (name, request, field) in &cases {
            let refused = call(&l, chief, name, request(day, year, agency)).unwrap_err();
            assert_eq!(
                (refused.code, refused.field.as_deref()),
                (ErrorCode::Invalid, Some(*field)),
                "{name} with {day}: {refused}"
            );
            assert_eq!(refused.code.http_status(), 422, "a person's mistake, not the server's");
            assert!(
                refused.message.vi.contains("1990–2100") && refused.message.en.contains("1990–2100"),
                "{name}: the rule is said in both languages: {refused}"
            );
        }
    }
    // A day inside a request about something that exists: an item's submission.
    let item = call(
        &l,
        Some(&l.o.specialist),
        "programme_item_create",
        json!({ "year": 2026, "month": 12, "kind": "decision", "title": "Đề án chuyển đổi số", "agencyId": agency }),
    )
    .unwrap();
    for day in ["0001-01-01", "1989-12-31"] {
        let refused = call(
            &l,
            Some(&l.o.specialist),
            "programme_status_set",
            json!({ "id": item["id"], "input": { "status": "submitted", "submittedOn": day } }),
        )
        .unwrap_err();
        assert_eq!(
            (refused.code, refused.field.as_deref()),
            (ErrorCode::Invalid, Some("submittedOn")),
            "{day}"
        );
    }
    // The calendar's first and last days print.
    for day in ["1990-01-01", "2100-12-31"] {
        let bulletin = call(&l, chief, "schedule_bulletin_pdf", json!({ "day": day, "draft": true }));
        assert!(bulletin.is_ok(), "{day}: {bulletin:?}");
        let page = call(&l, None, "schedule_public_page_get", json!({ "week": day }));
        assert!(page.is_ok(), "{day}: {page:?}");
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn entry(starts_at: NaiveDateTime, leader: UserId) -> EntryInput {
    EntryInput {
        starts_at,
        ends_at: Some(starts_at + Duration::minutes(30)),
        content: "Làm việc với các sở, ngành".into(),
        preparing_agency_id: None,
        preparing_note: String::new(),
        leaders: vec![LeaderInput { user_id: leader, chairs: true }],
        agency_ids: Vec::new(),
        participants: String::new(),
        room_id: None,
        place: "Trụ sở UBND tỉnh".into(),
        office_leader_id: None,
        office_department_id: None,
        notes: String::new(),
        secrecy: Clearance::None,
        confirm_leader_busy: true,
    }
}

fn delegation(starts_on: NaiveDate, communes: Vec<AgencyId>) -> DelegationInput {
    DelegationInput {
        kind: DelegationKind::Working,
        purpose: "Làm việc về xây dựng nông thôn mới".into(),
        leader_user_id: None,
        leader_name: "Đ/c Nguyễn Văn Bình, Phó Giám đốc Sở Xây dựng".into(),
        lead_agency_id: None,
        agency_ids: Vec::new(),
        members: String::new(),
        sectors: if communes.is_empty() { "Toàn tỉnh".into() } else { String::new() },
        commune_ids: communes,
        starts_on,
        ends_on: starts_on,
    }
}

fn communes(l: &Leaders, n: u32) -> Vec<AgencyId> {
    let filter = vanphong::org::agency::AgencyFilter {
        group: Some(vanphong::vocabulary::AgencyGroup::Commune),
        limit: n,
        ..Default::default()
    };
    let found: Vec<AgencyId> =
        l.o.t
            .call::<commands::AgencyList>(Some(&l.o.admin), filter)
            .unwrap()
            .items
            .iter()
            .map(|a| a.id)
            .collect();
    assert_eq!(found.len(), n as usize, "the province has enough communes");
    found
}

/// A meeting being prepared, with one item; its id and the item's.
fn meeting(l: &Leaders) -> (vanphong::meetings::model::MeetingId, vanphong::meetings::model::ItemId) {
    use vanphong::meetings::model::MeetingKind;
    let mut input =
        l.o.t
            .call::<commands::MeetingTemplate>(
                Some(&l.chief),
                commands::MeetingTemplateRequest { kind: MeetingKind::Regular, meeting_id: None },
            )
            .unwrap();
    input.title = "Phiên họp UBND tỉnh thường kỳ tháng 12 năm 2026".into();
    let id = l.o.t.call::<commands::MeetingCreate>(Some(&l.chief), input).unwrap().id;
    let detail = add_item(l, id, 0).unwrap();
    (id, detail.items[0].id)
}

fn add_item(
    l: &Leaders,
    meeting: vanphong::meetings::model::MeetingId,
    n: usize,
) -> Result<vanphong::meetings::views::MeetingDetail, ApiError> {
    l.o.t.call::<commands::MeetingItemSave>(
        Some(&l.chief),
        commands::MeetingItemSaveRequest {
            meeting_id: meeting,
            item_id: None,
            input: vanphong::meetings::agenda::ItemInput {
                title: format!("Nội dung {n}"),
                parent_id: None,
                presenter_agency_id: None,
                specialist_id: None,
                minutes: 10,
                decision_asked: String::new(),
                required_agency_ids: Vec::new(),
                files_complete: false,
            },
        },
    )
}

fn add_document(l: &Leaders, item: vanphong::meetings::model::ItemId, n: usize) -> Result<(), ApiError> {
    use base64::Engine;
    let file = vanphong::attachments::NewAttachment {
        file_name: format!("phu-luc-{n}.pdf"),
        content_base64: Some(
            base64::engine::general_purpose::STANDARD.encode(format!("%PDF-1.7\nPhụ lục {n}")),
        ),
        upload_id: None,
    };
    l.o.t
        .call::<commands::MeetingDocumentAdd>(
            Some(&l.chief),
            commands::MeetingDocumentAddRequest {
                item_id: item,
                role: vanphong::meetings::agenda::DocumentRole::Supporting,
                agency_id: None,
                title: String::new(),
                incoming_id: None,
                outgoing_id: None,
                file: Some(file),
            },
        )
        .map(|_| ())
}

/// One row of the table of what each area holds: its name, how many it holds, the n-th
/// addition (from 0), the field a refusal names and a word its message has.
type Bound<'a> = (&'a str, usize, Box<dyn Fn(usize) -> Result<(), ApiError> + 'a>, &'a str, &'a str);

#[test]
fn each_area_holds_a_bounded_number_of_things_and_refuses_one_more_next_to_its_field() {
    let l = leaders();
    let chairman = l.o.t.call::<commands::SessionCurrent>(Some(&l.chairman), ()).unwrap().user.id;
    let agency = l.o.agency("so tai chinh");
    let specialist = l.o.specialist.clone();
    let (meeting, item) = meeting(&l);
    let monday = at("2026-11-23 07:00");
    let next_monday = at("2026-11-30 07:00");
    let per_day = schedule::model::MOST_ENTRIES_PER_DAY;
    let add_entry = |starts| {
        l.o.t.call::<commands::ScheduleEntryCreate>(Some(&specialist), entry(starts, chairman)).map(|_| ())
    };
    let table: Vec<Bound<'_>> = vec![
        (
            "schedule entries starting on one day",
            per_day,
            Box::new(|n| {
                let starts = monday + Duration::minutes(n as i64 * 10);
                add_entry(starts)
            }),
            "startsAt",
            "ngày",
        ),
        (
            "schedule entries starting in one week",
            schedule::model::MOST_ENTRIES_PER_WEEK,
            // A day's worth on each day, then the next day, until the week is full.
            Box::new(|n| {
                let starts = next_monday
                    + Duration::days((n / per_day) as i64)
                    + Duration::minutes((n % per_day) as i64 * 10);
                add_entry(starts)
            }),
            "startsAt",
            "tuần",
        ),
        (
            "items of one month's work programme",
            programme::MOST_ITEMS_PER_MONTH,
            Box::new(|n| {
                let input = ProgrammeInput {
                    year: 2026,
                    month: 12,
                    kind: ProgrammeKind::Decision,
                    title: format!("Đề án số {n}"),
                    agency_id: agency,
                    leader_id: None,
                    office_department_id: None,
                };
                l.o.t.call::<commands::ProgrammeItemCreate>(Some(&specialist), input).map(|_| ())
            }),
            "month",
            "tháng",
        ),
        (
            "delegations starting in one month",
            delegations::MOST_PER_MONTH,
            Box::new(|n| {
                let day = NaiveDate::from_ymd_opt(2027, 1, 1 + (n % 28) as u32).unwrap();
                l.o.t
                    .call::<commands::DelegationCreate>(Some(&specialist), delegation(day, Vec::new()))
                    .map(|_| ())
            }),
            "startsOn",
            "đoàn",
        ),
        (
            "items on one meeting's agenda",
            vanphong::meetings::agenda::MOST_ITEMS,
            // The meeting has its first item already.
            Box::new(|n| if n == 0 { Ok(()) } else { add_item(&l, meeting, n).map(|_| ()) }),
            "meetingId",
            "nội dung",
        ),
        (
            "documents of one agenda item",
            vanphong::meetings::agenda::MOST_DOCUMENTS,
            Box::new(|n| add_document(&l, item, n)),
            "itemId",
            "tài liệu",
        ),
    ];
    for (what, most, add, field, word) in &table {
        for n in 0..*most {
            add(n).unwrap_or_else(|e| panic!("{what}: the {}th is within the bound: {e}", n + 1));
        }
        let refused = add(*most).expect_err(what);
        assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::Invalid, Some(*field)), "{what}");
        let number = most.to_string();
        assert!(
            refused.message.vi.contains(&number) && refused.message.en.contains(&number),
            "{what}: the bound is said in both languages: {refused}"
        );
        assert!(refused.message.vi.contains(word), "{what}: {refused}");
    }
}

#[test]
fn one_request_names_a_bounded_number_of_things() {
    let l = leaders();
    let specialist = Some(l.o.specialist.as_str());
    let most = delegations::MOST_COMMUNES;
    let places = communes(&l, most as u32 + 1);
    let day = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let create = |communes: &[AgencyId]| {
        l.o.t.call::<commands::DelegationCreate>(specialist, delegation(day, communes.to_vec()))
    };
    assert!(create(&places[..most]).is_ok(), "{most} communes are within the bound");
    let refused = create(&places).unwrap_err();
    assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::Invalid, Some("communeIds")));
    assert!(refused.message.vi.contains(&most.to_string()) && refused.message.en.contains(&most.to_string()));

    // The list is read a month at a time.
    let page = |from: &str, to: &str| {
        l.o.t.call::<commands::DelegationList>(
            specialist,
            commands::DelegationListRequest { from: from.parse().unwrap(), to: to.parse().unwrap() },
        )
    };
    assert!(page("2026-12-01", "2026-12-31").is_ok(), "a whole month");
    let refused = page("2026-12-01", "2027-01-01").unwrap_err();
    assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::Invalid, Some("to")));
    assert!(refused.message.en.contains(&delegations::PAGE_DAYS.to_string()));
}
