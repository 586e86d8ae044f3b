//! Directions, the working calendar and deadline alerts, through the command layer: a
//! direction from an incoming document to its result, statuses from the dates,
//! extensions, reminders, figures and the monthly report, the administrator's calendar,
//! and alerts raised once each and caught up after downtime.

use crate::incoming::{Office, directed_document};
use crate::support::{PASSWORD, profile};
use chrono::{NaiveDate, TimeZone, Utc};
use vanphong::alerts::{AlertKind, AlertObject};
use vanphong::attachments::NewAttachment;
use vanphong::commands::{self, DirectionRef};
use vanphong::directions::DirectionInput;
use vanphong::directions::model::{DirectionId, DirectionStatus, Priority, Source};
use vanphong::directions::stats::{Period, PeriodKind, StatsFilter};
use vanphong::directions::tracking::{
    CompleteInput, DeadlineInput, ExtensionDecision, ExtensionInput, ProgressInput,
};
use vanphong::directions::views::DirectionFilter;
use vanphong::secrecy::DocumentKind;
use vanphong::vocabulary::{AgencyId, Role, UserId};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Set the clock to 08:00 in Vietnam on `date`.
fn morning(o: &Office, date: NaiveDate) {
    o.t.clock.set(Utc.from_utc_datetime(&date.and_hms_opt(1, 0, 0).unwrap()));
}

struct People {
    o: Office,
    vice: String,
    vice_id: UserId,
    other_vice: String,
    chief: String,
    agency: AgencyId,
    agency_user: String,
    other_agency: AgencyId,
}

fn person(o: &Office, username: &str, role: Role, agency: Option<AgencyId>) -> (UserId, String) {
    let department = matches!(role, Role::ChiefOfOffice).then(|| o.t.department(&o.admin, "LĐVP"));
    let mut p = profile(username, role, department);
    p.agency_id = agency;
    let (user, token) = o.t.person(&o.admin, username, p);
    (user.id, token)
}

/// A direction `leader` gives by hand to `agency`, due on `deadline`.
pub fn manual(leader: UserId, agency: AgencyId, content: &str, deadline: NaiveDate) -> DirectionInput {
    DirectionInput {
        source: Source::Manual,
        incoming_id: None,
        outgoing_id: None,
        source_reference: String::new(),
        content: content.into(),
        leader_id: leader,
        lead_agency_id: agency,
        cooperating_agency_ids: vec![],
        deadline: Some(deadline),
        working_days: None,
        follower_id: None,
        priority: Priority::Normal,
        assigned_on: None,
        secrecy: None,
    }
}

fn people() -> People {
    let o = Office::new();
    let (vice_id, vice) = person(&o, "pct1", Role::ViceChairman, None);
    let other_vice = person(&o, "pct2", Role::ViceChairman, None).1;
    let chief = person(&o, "cvp", Role::ChiefOfOffice, None).1;
    let agency = o.agency("so tai chinh");
    let other_agency = o.agency("so xay dung");
    let agency_user = person(&o, "so.tc", Role::Specialist, Some(agency)).1;
    People { o, vice, vice_id, other_vice, chief, agency, agency_user, other_agency }
}

impl People {
    fn manual(&self, content: &str, agency: AgencyId, deadline: NaiveDate) -> DirectionInput {
        manual(self.vice_id, agency, content, deadline)
    }

    fn create(&self, input: DirectionInput) -> DirectionId {
        self.o.t.call::<commands::DirectionCreate>(Some(&self.o.specialist), input).expect("created").id
    }

    fn get(&self, token: &str, id: DirectionId) -> vanphong::directions::views::DirectionDetail {
        self.o.t.call::<commands::DirectionGet>(Some(token), DirectionRef { id }).expect("visible")
    }

    /// Four directions given on Friday 20/11/2026 (the test clock's day), three to the
    /// agency with an account; returns the one of the other agency, due Monday.
    fn four_deadlines(&self) -> DirectionId {
        self.create(self.manual("Một: hạn xa", self.agency, day(2026, 12, 18)));
        self.create(self.manual("Hai: hạn thứ Năm tuần sau", self.agency, day(2026, 11, 26)));
        self.create(self.manual("Ba: hạn hôm nay", self.agency, day(2026, 11, 20)));
        self.create(self.manual("Bốn: sẽ trễ", self.other_agency, day(2026, 11, 23)))
    }

    fn statuses(&self, statuses: Vec<DirectionStatus>) -> Vec<String> {
        let filter = DirectionFilter { statuses, ..Default::default() };
        let page = self.o.t.call::<commands::DirectionList>(Some(&self.o.specialist), filter).unwrap();
        page.items.into_iter().map(|r| r.content).collect()
    }
}

#[test]
fn a_direction_from_an_incoming_document_is_followed_to_its_result() {
    let p = people();
    let o = &p.o;
    let incoming = directed_document(o);
    // The template carries the leader's words and the document's deadline.
    let mut input =
        o.t.call::<commands::DirectionTemplate>(
            Some(&o.specialist),
            commands::DirectionTemplateRequest { incoming_id: Some(incoming), ..Default::default() },
        )
        .unwrap();
    assert_eq!(input.source, Source::Incoming);
    assert_eq!(input.content, "Giao Phòng Kinh tế chủ trì, tham mưu trả lời Sở Tài chính.", "the words only");
    assert_eq!(input.lead_agency_id, p.agency, "the sender leads by default");
    assert_eq!(input.deadline, Some(day(2026, 11, 30)), "five working days over Culture Day");
    input.leader_id = p.vice_id;
    input.cooperating_agency_ids = vec![p.other_agency];
    let id = p.create(input);

    // Linked both ways.
    let detail = p.get(&o.specialist, id);
    assert_eq!(detail.row.code, "NV 01/2026");
    assert!(detail.source_document.as_ref().unwrap().label.ends_with(" · 88/STC-QLNS"));
    let linked =
        o.t.call::<commands::DirectionLinked>(
            Some(&o.head),
            commands::LinkedRequest { kind: DocumentKind::Incoming, id: incoming.0 },
        )
        .unwrap();
    assert_eq!(linked.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(detail.row.status, DirectionStatus::NotYetDue);
    assert_eq!(detail.deadline_history.len(), 1);

    // The agency reports through its own account, with a file, and asks for more time.
    o.t.call::<commands::DirectionProgressAdd>(
        Some(&p.agency_user),
        ProgressInput {
            id,
            reported_on: None,
            text: "Đã rà soát nhu cầu của 12 xã, đang tổng hợp.".into(),
            percent: 40,
            attachments: vec![NewAttachment::inline("bao-cao.pdf", "JVBERi0xLjQK")],
        },
    )
    .unwrap();
    o.t.call::<commands::DirectionExtensionRequest>(
        Some(&p.agency_user),
        ExtensionInput {
            id,
            proposed_deadline: day(2026, 12, 10),
            reason: "Chờ số liệu của các xã miền núi.".into(),
        },
    )
    .unwrap();
    let detail = p.get(&p.agency_user, id);
    assert_eq!(detail.row.percent, 40);
    assert_eq!(detail.progress[0].agency_name.as_deref(), Some("Sở Tài chính"));
    assert_eq!(detail.progress[0].attachments.len(), 1);
    // The Office opens the file the agency sent.
    let file = commands::ProgressFileRequest { id, attachment_id: detail.progress[0].attachments[0].id };
    let opened = o.t.call::<commands::DirectionProgressFile>(Some(&o.specialist), file).unwrap();
    assert_eq!(
        (opened.file_name.as_str(), crate::support::opened(&o.t.app, &o.specialist, &opened).as_slice()),
        ("bao-cao.pdf", b"%PDF-1.4\n".as_slice())
    );
    assert!(!detail.allowed.complete, "the Office confirms completion, not the agency");

    // Another vice chairman may not decide on it; the one who gave it grants it.
    let extension = detail.extensions[0].id;
    let decision = ExtensionDecision {
        extension_id: extension,
        grant: true,
        reason: String::new(),
        granted_deadline: None,
    };
    let refused =
        o.t.call::<commands::DirectionExtensionDecide>(Some(&p.other_vice), decision.clone()).unwrap_err();
    assert_eq!(refused.code, "conflict");
    // The leader grants less than asked, in the same step; never a day before the deadline.
    let too_early = ExtensionDecision { granted_deadline: Some(day(2026, 11, 27)), ..decision.clone() };
    let error = o.t.call::<commands::DirectionExtensionDecide>(Some(&p.vice), too_early).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("grantedDeadline"));
    let mistyped = ExtensionDecision { granted_deadline: Some(day(2062, 12, 9)), ..decision.clone() };
    let error = o.t.call::<commands::DirectionExtensionDecide>(Some(&p.vice), mistyped).unwrap_err();
    assert!(error.message.vi.contains("quá xa"), "a mistyped year is caught: {}", error.message.vi);
    let shorter = ExtensionDecision { granted_deadline: Some(day(2026, 12, 9)), ..decision };
    o.t.call::<commands::DirectionExtensionDecide>(Some(&p.vice), shorter).unwrap();
    let detail = p.get(&o.specialist, id);
    assert_eq!(detail.row.deadline, day(2026, 12, 9));
    let history: Vec<NaiveDate> = detail.deadline_history.iter().map(|c| c.new_deadline).collect();
    assert_eq!(history, vec![day(2026, 11, 30), day(2026, 12, 9)]);
    assert!(
        detail.deadline_history[1].reason.contains("Đồng ý gia hạn đến 09/12/2026 (đề nghị 10/12/2026)"),
        "{:?}",
        detail.deadline_history[1]
    );

    // Completing needs a result.
    morning(o, day(2026, 12, 8));
    let relog = |username: &str| o.t.login(username, PASSWORD).unwrap().token;
    let specialist = relog("cv.kt1");
    let empty = CompleteInput {
        id,
        completed_on: None,
        result: String::new(),
        result_outgoing_id: None,
        result_incoming_id: None,
    };
    let error = o.t.call::<commands::DirectionComplete>(Some(&specialist), empty.clone()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("result"));
    assert!(error.message.vi.contains("cần có kết quả"), "{}", error.message.vi);
    let done = CompleteInput {
        result: "Sở Tài chính đã trình phương án bổ sung dự toán.".into(), ..empty
    };
    o.t.call::<commands::DirectionComplete>(Some(&specialist), done).unwrap();
    assert_eq!(p.get(&specialist, id).row.status, DirectionStatus::DoneOnTime);
}

#[test]
fn status_is_computed_from_the_dates_as_seen_on_any_day() {
    let p = people();
    let o = &p.o;
    let late = p.four_deadlines();
    assert_eq!(p.statuses(vec![DirectionStatus::NotYetDue]), vec!["Một: hạn xa"]);
    // 23, 25, 26: three working days (24/11 is Culture Day) → due soon; today too.
    assert_eq!(
        p.statuses(vec![DirectionStatus::DueSoon]),
        vec!["Ba: hạn hôm nay", "Bốn: sẽ trễ", "Hai: hạn thứ Năm tuần sau"]
    );
    morning(o, day(2026, 11, 25));
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    let overdue = DirectionFilter { statuses: vec![DirectionStatus::Overdue], ..Default::default() };
    let page = o.t.call::<commands::DirectionList>(Some(&specialist), overdue).unwrap();
    assert_eq!(
        page.items.iter().map(|r| r.content.as_str()).collect::<Vec<_>>(),
        vec!["Ba: hạn hôm nay", "Bốn: sẽ trễ"]
    );
    // The column headers sort: by number, and newest given first.
    let sorted = |sort| {
        let filter = DirectionFilter { sort: Some(sort), ..Default::default() };
        o.t.call::<commands::DirectionList>(Some(&specialist), filter).unwrap().items
    };
    let codes: Vec<String> =
        sorted(vanphong::directions::views::DirectionSort::Code).into_iter().map(|r| r.code).collect();
    let mut ascending = codes.clone();
    ascending.sort_by_key(|c| {
        c.split_whitespace().nth(1).map(|n| n.split('/').next().unwrap_or("").parse::<u32>().unwrap_or(0))
    });
    assert_eq!(codes, ascending, "by number");
    let given: Vec<chrono::NaiveDate> = sorted(vanphong::directions::views::DirectionSort::Assigned)
        .into_iter()
        .map(|r| r.assigned_on)
        .collect();
    assert!(given.windows(2).all(|w| w[0] >= w[1]), "latest given first: {given:?}");
    o.t.call::<commands::DirectionComplete>(
        Some(&specialist),
        CompleteInput {
            id: late,
            completed_on: None,
            result: "Đã báo cáo.".into(),
            result_outgoing_id: None,
            result_incoming_id: None,
        },
    )
    .unwrap();
    let done_late = DirectionFilter { statuses: vec![DirectionStatus::DoneLate], ..Default::default() };
    assert_eq!(o.t.call::<commands::DirectionList>(Some(&specialist), done_late.clone()).unwrap().total, 1);
    // Seen from the day before, the same direction was still open and due soon.
    let before = DirectionFilter { as_of: Some(day(2026, 11, 23)), ..done_late };
    assert_eq!(o.t.call::<commands::DirectionList>(Some(&specialist), before).unwrap().total, 0);
    // An agency's account sees its own agency's directions only.
    let agency_user = o.t.login("so.tc", PASSWORD).unwrap().token;
    let page = o.t.call::<commands::DirectionList>(Some(&agency_user), DirectionFilter::default()).unwrap();
    assert_eq!(page.total, 3);
    assert!(o.t.call::<commands::DirectionGet>(Some(&agency_user), DirectionRef { id: late }).is_err());
}

#[test]
fn the_counts_agree_with_the_statuses_of_the_list() {
    let p = people();
    let o = &p.o;
    p.four_deadlines();
    for today in [day(2026, 11, 20), day(2026, 11, 25), day(2026, 12, 21)] {
        morning(o, today);
        let relog = |username: &str| o.t.login(username, PASSWORD).unwrap().token;
        let (specialist, vice, other_vice, agency) =
            (relog("cv.kt1"), relog("pct1"), relog("pct2"), relog("so.tc"));
        let listed = |token: &str, status: DirectionStatus| {
            let filter = DirectionFilter { statuses: vec![status], ..Default::default() };
            o.t.call::<commands::DirectionList>(Some(token), filter).unwrap().total
        };
        let counts = |token: &str| o.t.call::<commands::DirectionCountsGet>(Some(token), ()).unwrap();
        let mine = counts(&specialist);
        assert_eq!(mine.mine_open, 4, "{today}");
        assert_eq!(mine.mine_overdue, listed(&specialist, DirectionStatus::Overdue), "{today}");
        assert_eq!(mine.mine_due_soon, listed(&specialist, DirectionStatus::DueSoon), "{today}");
        // The leader who gave them counts them too; another leader does not.
        let given = counts(&vice);
        assert_eq!((given.given_open, given.given_overdue), (4, mine.mine_overdue), "{today}");
        assert_eq!(counts(&other_vice).given_open, 0);
        assert_eq!(mine.given_open, 0, "a specialist gives no directions");
        // The agency counts its own: three of the four.
        let own = counts(&agency);
        assert_eq!(own.mine_open, 3);
        assert_eq!(own.mine_overdue, listed(&agency, DirectionStatus::Overdue), "{today}");
    }
}

#[test]
fn editing_keeps_the_deadline_and_only_a_leader_changes_it_with_a_reason() {
    let p = people();
    let o = &p.o;
    let id = p.create(p.manual("Rà soát đất công", p.agency, day(2026, 12, 4)));
    let request = commands::DirectionTemplateRequest { direction_id: Some(id), ..Default::default() };
    let mut input = o.t.call::<commands::DirectionTemplate>(Some(&o.specialist), request).unwrap();
    assert_eq!((input.content.as_str(), input.deadline), ("Rà soát đất công", Some(day(2026, 12, 4))));
    assert_eq!(input.lead_agency_id, p.agency);
    input.content = "Rà soát, báo cáo đất công chưa sử dụng".into();
    input.cooperating_agency_ids = vec![p.other_agency];
    input.deadline = Some(day(2027, 1, 1));
    let update = |token: &str, input: DirectionInput| {
        o.t.call::<commands::DirectionUpdate>(Some(token), commands::DirectionUpdateRequest { id, input })
    };
    // The head of another department does not edit what the Economy department follows.
    assert_eq!(update(&o.other_head, input.clone()).unwrap_err().code, "conflict");
    update(&o.specialist, input).unwrap();
    let detail = p.get(&o.specialist, id);
    assert_eq!(detail.row.content, "Rà soát, báo cáo đất công chưa sử dụng");
    assert_eq!(detail.cooperating_agencies.len(), 1);
    assert_eq!(detail.row.deadline, day(2026, 12, 4), "an edit does not move the deadline");
    assert_eq!(detail.deadline_history.len(), 1);
    assert!(detail.allowed.edit && !detail.allowed.set_deadline);

    // The leader who gave it moves the deadline, with a reason that stays in the history.
    let set =
        DeadlineInput {
            id, deadline: day(2026, 12, 18), reason: "Chờ ý kiến của Bộ Tài chính.".into()
        };
    assert!(o.t.call::<commands::DirectionSetDeadline>(Some(&o.specialist), set.clone()).is_err());
    let refused = o.t.call::<commands::DirectionSetDeadline>(Some(&p.other_vice), set.clone()).unwrap_err();
    assert_eq!(refused.code, "conflict");
    let no_reason = DeadlineInput { reason: " ".into(), ..set.clone() };
    let error = o.t.call::<commands::DirectionSetDeadline>(Some(&p.vice), no_reason).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("reason"));
    assert!(p.get(&p.vice, id).allowed.set_deadline);
    o.t.call::<commands::DirectionSetDeadline>(Some(&p.vice), set).unwrap();
    let detail = p.get(&o.specialist, id);
    assert_eq!(detail.row.deadline, day(2026, 12, 18));
    let last = detail.deadline_history.last().unwrap();
    assert_eq!((last.old_deadline, last.new_deadline), (Some(day(2026, 12, 4)), day(2026, 12, 18)));
    assert_eq!(last.reason, "Chờ ý kiến của Bộ Tài chính.");
}

#[test]
fn bad_input_is_refused_with_the_field_and_both_languages() {
    let p = people();
    let o = &p.o;
    let mut input = p.manual("Báo cáo tình hình", p.agency, day(2026, 11, 10));
    let error = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input.clone()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("deadline"));
    assert!(error.message.en.contains("before the day given"));
    input.deadline = Some(day(2026, 12, 1));
    input.leader_id = o.specialist_id;
    let error = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input.clone()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("leaderId"));
    input.leader_id = p.vice_id;
    input.source = Source::Government;
    let error = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input.clone()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("sourceReference"));
    input.source_reference = "Công văn số 123/VPCP-KTTH của Văn phòng Chính phủ".into();
    p.create(input);
    // Refusing an extension needs a reason.
    let id = p.create(p.manual("Kiểm tra dự án", p.agency, day(2026, 12, 4)));
    o.t.call::<commands::DirectionExtensionRequest>(
        Some(&o.specialist),
        ExtensionInput { id, proposed_deadline: day(2026, 12, 31), reason: "Cơ quan đề nghị".into() },
    )
    .unwrap();
    let extension = p.get(&p.chief, id).extensions[0].id;
    let error =
        o.t.call::<commands::DirectionExtensionDecide>(
            Some(&p.chief),
            ExtensionDecision {
                extension_id: extension,
                grant: false,
                reason: " ".into(),
                granted_deadline: None,
            },
        )
        .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("reason"));
    o.t.call::<commands::DirectionExtensionDecide>(
        Some(&p.chief),
        ExtensionDecision {
            extension_id: extension,
            grant: false,
            reason: "Nhiệm vụ cấp bách.".into(),
            granted_deadline: None,
        },
    )
    .unwrap();
    let detail = p.get(&p.chief, id);
    assert_eq!(detail.row.deadline, day(2026, 12, 4), "a refusal keeps the deadline");
    assert_eq!(detail.deadline_history.len(), 1);
}

#[test]
fn the_pickers_offer_exactly_the_people_a_direction_accepts() {
    let p = people();
    let o = &p.o;
    let offered = o.t.call::<commands::DirectionPeopleGet>(Some(&o.specialist), ()).unwrap();
    let all = o.t.call::<commands::UserList>(Some(&o.admin), Default::default()).unwrap();
    let username = |id| all.iter().find(|u| u.id == id).unwrap().username.clone();
    let names =
        |people: &[vanphong::org::user::Person]| people.iter().map(|p| username(p.id)).collect::<Vec<_>>();
    let (leaders, followers) = (names(&offered.leaders), names(&offered.followers));
    for leader in ["pct1", "pct2", "cvp"] {
        assert!(leaders.contains(&leader.to_string()), "{leader} gives directions: {leaders:?}");
    }
    assert!(!leaders.contains(&"cv.kt1".to_string()) && !leaders.contains(&"so.tc".to_string()));
    assert!(followers.contains(&"cv.kt1".to_string()) && followers.contains(&"cvp".to_string()));
    assert!(!followers.contains(&"so.tc".to_string()), "an agency's account does not follow for the Office");
    assert!(!followers.contains(&"pct1".to_string()));
    // An agency's account sees who gives and follows its directions, and only that: not
    // the Office's directory with its clearances and contacts.
    assert!(o.t.call::<commands::DirectionPeopleGet>(Some(&p.agency_user), ()).is_ok());
    assert!(o.t.call::<commands::UserList>(Some(&p.agency_user), Default::default()).is_err());
    // Whoever is offered is accepted, and whoever is not is refused.
    for user in &all {
        let mut input = p.manual("Rà soát hồ sơ", p.agency, day(2026, 12, 4));
        input.leader_id = user.id;
        let accepted = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input).is_ok();
        assert_eq!(accepted, leaders.contains(&user.username), "leader {}", user.username);
        let mut input = p.manual("Rà soát hồ sơ", p.agency, day(2026, 12, 4));
        input.follower_id = Some(user.id);
        let accepted = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input).is_ok();
        assert_eq!(accepted, followers.contains(&user.username), "follower {}", user.username);
    }
}

#[test]
fn a_reminder_drafts_a_cong_van_listing_the_late_directions() {
    let p = people();
    let o = &p.o;
    let a = p.create(p.manual("Báo cáo kết quả giải ngân vốn đầu tư công", p.agency, day(2026, 11, 23)));
    let b = p.create(p.manual("Rà soát quy hoạch xây dựng vùng huyện", p.other_agency, day(2026, 11, 25)));
    let c = p.create(p.manual("Tổng kết năm", p.agency, day(2026, 12, 31)));
    let error =
        o.t.call::<commands::DirectionRemindTemplate>(
            Some(&o.specialist),
            commands::RemindRequest { ids: vec![a, c] },
        )
        .unwrap_err();
    assert!(error.message.vi.contains("không cần đôn đốc"), "{}", error.message.vi);
    // The reminder is drafted for the person to read; nothing exists until they save it.
    let drafts = |token: &str| {
        let mine = vanphong::outgoing::OutgoingFilter { mine: true, ..Default::default() };
        o.t.call::<commands::OutgoingList>(Some(token), mine).unwrap().total
    };
    let before = drafts(&o.specialist);
    let content =
        o.t.call::<commands::DirectionRemindTemplate>(
            Some(&o.specialist),
            commands::RemindRequest { ids: vec![a, b] },
        )
        .unwrap();
    assert_eq!(drafts(&o.specialist), before, "no draft yet");
    assert!(p.get(&o.specialist, a).reminders.is_empty());
    let draft =
        o.t.call::<commands::DirectionRemindSave>(
            Some(&o.specialist),
            commands::RemindSaveRequest {
                ids: vec![a, b],
                draft: crate::outgoing::draft_save(None, content),
            },
        )
        .unwrap();
    let reminder = draft.row.id;
    assert_eq!(drafts(&o.specialist), before + 1);
    assert_eq!(draft.content.document_type, "CV");
    assert_eq!(draft.content.summary, "đôn đốc thực hiện nhiệm vụ được giao");
    assert_eq!(draft.content.addressees, vec!["Sở Tài chính".to_string(), "Sở Xây dựng".to_string()]);
    let body = serde_json::to_string(&draft.content.blocks).unwrap();
    assert!(body.contains("NV 01/2026") && body.contains("NV 02/2026") && !body.contains("NV 03/2026"));
    assert_eq!(p.get(&o.specialist, a).reminders[0].id, Some(reminder.0));
}

#[test]
fn figures_per_agency_and_the_monthly_report_use_the_decimal_comma() {
    let p = people();
    let o = &p.o;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(p.create(p.manual(&format!("Nhiệm vụ {n}"), p.agency, day(2026, 11, 27))));
    }
    p.create(p.manual("Nhiệm vụ của Sở Xây dựng", p.other_agency, day(2026, 11, 23)));
    for id in &ids[..2] {
        o.t.call::<commands::DirectionComplete>(
            Some(&o.specialist),
            CompleteInput {
                id: *id,
                completed_on: None,
                result: "Xong.".into(),
                result_outgoing_id: None,
                result_incoming_id: None,
            },
        )
        .unwrap();
    }
    morning(o, day(2026, 11, 30));
    let chief = o.t.login("cvp", PASSWORD).unwrap().token;
    let period = Period { kind: PeriodKind::Month, year: 2026, number: 11 };
    let stats =
        o.t.call::<commands::DirectionStatsGet>(
            Some(&chief),
            commands::StatsRequest { period, filter: StatsFilter::default() },
        )
        .unwrap();
    let tc = stats.agencies.iter().find(|f| f.agency_name == "Sở Tài chính").unwrap();
    assert_eq!((tc.assigned, tc.done_on_time, tc.overdue), (3, 2, 1));
    assert_eq!(tc.summary, "2/3 nhiệm vụ, đạt 66,7%");
    assert_eq!(stats.total.summary, "2/4 nhiệm vụ, đạt 50%");
    let quarter = Period { kind: PeriodKind::Quarter, year: 2026, number: 4 };
    let q = o.t.call::<commands::DirectionStatsGet>(
        Some(&chief),
        commands::StatsRequest { period: quarter, filter: StatsFilter::default() },
    );
    assert_eq!(q.unwrap().label, "quý IV/2026");

    let month = commands::MonthRequest { year: 2026, month: 11 };
    let pdf = o.t.call::<commands::ReportMonthlyPdf>(Some(&chief), month).unwrap();
    let text = crate::printing::pdf_pages(&pdf).join("\n");
    assert!(text.contains("BÁO CÁO"), "{text}");
    assert!(text.contains("tháng 11/2026"), "{text}");
    assert!(text.contains("66,7%"), "{text}");
    assert!(text.contains("2/4 nhiệm vụ, đạt 50%"), "{text}");
    // It goes out as the Office's document: number line, place and date, totals,
    // "Nơi nhận" and the chief of office's signature.
    for expected in [
        "/BC-VP",
        "Nghệ An, ngày 30 tháng 11 năm 2026",
        "Tổng cộng",
        "Nơi nhận:",
        "CHÁNH VĂN PHÒNG",
        "Người dùng cvp",
    ] {
        assert!(text.contains(expected), "{expected:?} in the report:\n{text}");
    }
    let xlsx = o.t.call::<commands::ReportMonthlyXlsx>(Some(&chief), month).unwrap();
    assert!(xlsx.file_name.ends_with(".xlsx") && crate::support::fetched(&xlsx).len() > 1000);

    // To go out with the Office's number, the report is drafted as the Office's báo cáo
    // and takes the outgoing flow (issuing gives "…/BC-VP").
    let draft = o.t.call::<commands::ReportMonthlyDraft>(Some(&chief), month).unwrap();
    assert_eq!((draft.document_type.as_str(), draft.issuer), ("BC", vanphong::register::Issuer::Office));
    assert_eq!(draft.summary, "Tình hình xử lý văn bản và thực hiện nhiệm vụ tháng 11/2026");
    let body = serde_json::to_string(&draft.blocks).unwrap();
    assert!(body.contains("Sở Tài chính: giao 3, hoàn thành đúng hạn 2"), "{body}");
    let saved =
        o.t.call::<commands::OutgoingSave>(Some(&chief), crate::outgoing::draft_save(None, draft)).unwrap();
    let page =
        o.t.call::<commands::OutgoingPdf>(
            Some(&chief),
            commands::OutgoingPdfRequest { id: saved.row.id, content: None },
        )
        .unwrap();
    let printed = crate::printing::pdf_pages(&page).join("\n");
    for expected in
        ["VĂN PHÒNG", "BÁO CÁO", "DỰ THẢO", "CHÁNH VĂN PHÒNG", "Chủ tịch, các PCT UBND tỉnh (để b/c)"]
    {
        assert!(printed.contains(expected), "{expected:?} on the report:\n{printed}");
    }
    assert!(
        o.t.call::<commands::ReportMonthlyDraft>(Some(&p.agency_user), month).is_err(),
        "not for an agency"
    );
}

#[test]
fn the_administrator_swaps_days_and_deadlines_follow() {
    let p = people();
    let o = &p.o;
    // Work Saturday 2/1/2027, rest Monday 4/1/2027 (a swap like the Government's).
    for (date, working, name) in
        [(day(2027, 1, 2), Some(true), ""), (day(2027, 1, 4), Some(false), "Nghỉ hoán đổi")]
    {
        let request = commands::CalendarDayRequest { date, working, name: name.into() };
        let refused = o.t.call::<commands::CalendarDaySet>(Some(&p.chief), request.clone()).unwrap_err();
        assert_eq!(refused.code, "auth.permission_denied");
        o.t.call::<commands::CalendarDaySet>(Some(&o.admin), request).unwrap();
    }
    let year =
        o.t.call::<commands::CalendarYearGet>(Some(&o.specialist), commands::YearRequest { year: 2027 })
            .unwrap();
    let swapped: Vec<_> = year.days.iter().filter(|d| d.overridden).map(|d| (d.date, d.working)).collect();
    assert_eq!(swapped, vec![(day(2027, 1, 2), true), (day(2027, 1, 4), false)]);
    assert!(year.off_days.contains(&day(2027, 1, 4)) && !year.off_days.contains(&day(2027, 1, 2)));
    assert!(year.off_days.contains(&day(2027, 1, 3)), "an ordinary Sunday is off");
    let deadline = |start, days, working| {
        o.t.call::<commands::CalendarDeadline>(
            Some(&o.specialist),
            commands::DeadlineRequest { start, days, working },
        )
        .unwrap()
    };
    assert_eq!(deadline(day(2026, 12, 31), 1, true), day(2027, 1, 2));
    assert_eq!(deadline(day(2026, 12, 31), 2, true), day(2027, 1, 5));
    assert_eq!(deadline(day(2026, 12, 25), 10, false), day(2027, 1, 5), "ends on the swapped Monday");
    // The incoming flow counts on the same calendar.
    let mut input = o.input("5/STC", "Đề nghị");
    morning(o, day(2026, 12, 31));
    let clerk = o.t.login("vt1", PASSWORD).unwrap().token;
    let deputy = o.t.login("pcvp2", PASSWORD).unwrap().token;
    let admin = o.t.login("admin", crate::support::ADMIN_PASSWORD).unwrap().token;
    input.received_at = o.t.clock_now();
    input.present_to_id = Some(o.deputy_id);
    let id = o.t.call::<commands::IncomingRegister>(Some(&clerk), input).unwrap().id;
    let directed =
        o.t.call::<commands::IncomingDirect>(
            Some(&deputy),
            vanphong::incoming::flow::DirectRequest {
                id,
                lead_department_id: o.t.department(&admin, "KT"),
                cooperating_department_ids: vec![],
                deadline: None,
                working_days: Some(2),
                text: "Giao KT.".into(),
            },
        )
        .unwrap();
    assert_eq!(directed.deadline, Some(day(2027, 1, 5)));
    // Back to the rules.
    o.t.call::<commands::CalendarDaySet>(
        Some(&admin),
        commands::CalendarDayRequest { date: day(2027, 1, 4), working: None, name: String::new() },
    )
    .unwrap();
    let request = commands::DeadlineRequest { start: day(2026, 12, 31), days: 2, working: true };
    assert_eq!(o.t.call::<commands::CalendarDeadline>(Some(&clerk), request).unwrap(), day(2027, 1, 4));
}

fn alerts_of(o: &Office, token: &str) -> Vec<(AlertKind, u32, AlertObject)> {
    let page = o.t.call::<commands::AlertList>(Some(token), commands::AlertListRequest::default()).unwrap();
    page.items.into_iter().rev().map(|a| (a.kind, a.days, a.object_type)).collect()
}

#[test]
fn alerts_are_raised_once_each_and_caught_up_after_downtime() {
    let p = people();
    let o = &p.o;
    // Deadline Friday 27/11; today Friday 20/11 (four working days left: no alert yet).
    p.create(p.manual("Báo cáo tiến độ giải phóng mặt bằng", p.agency, day(2026, 11, 27)));
    assert_eq!(vanphong::alerts::scan_now(&o.t.app).unwrap(), 0);
    assert!(alerts_of(o, &o.specialist).is_empty());

    let at = |date| {
        morning(o, date);
        vanphong::alerts::scan_now(&o.t.app).unwrap()
    };
    assert_eq!(at(day(2026, 11, 23)), 2, "three working days left: the follower and the agency's account");
    assert_eq!(at(day(2026, 11, 23)), 0, "never twice");
    assert_eq!(at(day(2026, 11, 25)), 0, "still within three days: nothing new");
    assert_eq!(at(day(2026, 11, 26)), 2, "one working day left: the alert renewed");
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    assert_eq!(
        alerts_of(o, &specialist),
        vec![(AlertKind::DueSoon, 1, AlertObject::Direction)],
        "one alert per person, object, deadline and kind, saying the days left"
    );

    // The app is closed over the deadline and a weekend: at start, only "overdue" is due,
    // and "due soon" gives way to it.
    assert_eq!(at(day(2026, 11, 30)), 2);
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    let kinds: Vec<AlertKind> = alerts_of(o, &specialist).into_iter().map(|a| a.0).collect();
    assert_eq!(kinds, vec![AlertKind::Overdue]);
    assert_eq!(at(day(2026, 12, 1)), 0, "overdue is said once");

    // A person's own reminder days; marking read.
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    let user =
        o.t.call::<commands::UserAlertDaysSet>(
            Some(&specialist),
            commands::AlertDaysRequest { days: vec![1, 5, 5] },
        )
        .unwrap();
    assert_eq!(user.alert_days, vec![5, 1]);
    let bad = o
        .t
        .call::<commands::UserAlertDaysSet>(Some(&specialist), commands::AlertDaysRequest { days: vec![0] });
    assert_eq!(bad.unwrap_err().field.as_deref(), Some("alertDays"));

    // The alerts page: counts by kind, a filter by kind, pages.
    let list = |filter: vanphong::alerts::AlertFilter| {
        o.t.call::<commands::AlertList>(Some(&specialist), filter).unwrap()
    };
    let all = list(Default::default());
    assert_eq!((all.total, all.unread, all.unread_overdue, all.unread_due_soon), (1, 1, 1, 0));
    let overdue =
        list(vanphong::alerts::AlertFilter { kind: Some(AlertKind::Overdue), ..Default::default() });
    assert_eq!(overdue.total, 1);
    assert!(overdue.items.iter().all(|a| a.kind == AlertKind::Overdue));
    let due_soon =
        list(vanphong::alerts::AlertFilter { kind: Some(AlertKind::DueSoon), ..Default::default() });
    assert_eq!((due_soon.total, due_soon.items.len()), (0, 0));
    let second = list(vanphong::alerts::AlertFilter { offset: 1, limit: 1, ..Default::default() });
    assert_eq!((second.total, second.items.len()), (1, 0));

    let page =
        o.t.call::<commands::AlertMarkRead>(
            Some(&specialist),
            commands::AlertMarkReadRequest { ids: vec![], filter: Default::default() },
        )
        .unwrap();
    assert_eq!(page.unread, 0);
    assert_eq!(page.total, 1, "read alerts stay on the page");
}

#[test]
fn incoming_documents_and_waiting_drafts_are_watched_too() {
    let o = Office::new();
    let id = directed_document(&o); // deadline 30/11, heads of KT answer until assigned
    morning(&o, day(2026, 11, 25));
    assert_eq!(vanphong::alerts::scan_now(&o.t.app).unwrap(), 1);
    let head = o.t.login("tp.kt", PASSWORD).unwrap().token;
    assert_eq!(alerts_of(&o, &head), vec![(AlertKind::DueSoon, 3, AlertObject::Incoming)]);
    o.t.call::<commands::IncomingAssign>(
        Some(&head),
        vanphong::incoming::flow::AssignRequest {
            id,
            handler_id: o.specialist_id,
            other_ids: vec![],
            note: String::new(),
        },
    )
    .unwrap();
    morning(&o, day(2026, 11, 30));
    vanphong::alerts::scan_now(&o.t.app).unwrap();
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    assert_eq!(alerts_of(&o, &specialist), vec![(AlertKind::DueToday, 0, AlertObject::Incoming)]);
    // The alert reaches the event stream, for the bell and desktop notifications.
    let mut events = o.t.app.events().subscribe();
    morning(&o, day(2026, 12, 1));
    vanphong::alerts::scan_now(&o.t.app).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let event = runtime
        .block_on(async { tokio::time::timeout(std::time::Duration::from_secs(1), events.next()).await });
    let event = event.expect("an event").expect("the bus is open");
    assert_eq!(event.object_type, vanphong::vocabulary::ObjectKind::Alert);
}

#[test]
fn the_demo_year_has_directions_from_documents_and_by_hand_mostly_done_on_time() {
    let t = crate::support::TestApp::new();
    let report = vanphong_tools::demo::fill(&t.app, crate::support::NGHE_AN, 3).expect("the demo fills");
    assert!(report.directions > 200, "about one a working day: {}", report.directions);
    let (from_documents, done, on_time): (u32, u32, u32) = t
        .app
        .db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT sum(source = 'incoming'), sum(completed_on IS NOT NULL), sum(completed_on <= deadline)
                 FROM direction",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert!(from_documents > 5, "directions given on incoming documents: {from_documents}");
    assert!(done * 10 > report.directions as u32 * 7, "most are done: {done}/{}", report.directions);
    assert!(on_time * 10 > done * 8, "mostly on time: {on_time}/{done}");

    // A trial clerk registering a document sees where the Office's routing sends it: by
    // sender, by the words of the summary, by the commune's territory.
    let clerk = t.login("vt1", vanphong_tools::demo::DEMO_PASSWORD).unwrap().token;
    let agency = |words: &str| {
        let filter = vanphong::org::agency::AgencyFilter {
            search: Some(words.into()),
            limit: 1,
            ..Default::default()
        };
        t.call::<commands::AgencyList>(Some(&clerk), filter).unwrap().items[0].clone()
    };
    let route = |agency_id, summary: &str| {
        let query = vanphong::incoming::routing::RouteQuery {
            agency_id: Some(agency_id),
            document_type: "CV".into(),
            summary: summary.into(),
        };
        t.call::<commands::IncomingRoute>(Some(&clerk), query).unwrap()
    };
    let by_sender = route(agency("so tai chinh").id, "Về việc quyết toán năm 2025");
    assert_eq!(by_sender.lead_department_name.as_deref(), Some("Phòng Kinh tế"), "{by_sender:?}");
    let by_words = route(agency("so y te").id, "Về việc đề nghị hỗ trợ kinh phí khắc phục thiên tai");
    assert_eq!(by_words.lead_department_name.as_deref(), Some("Phòng Nông nghiệp"), "{by_words:?}");
    let commune = agency("ubnd xa");
    let by_territory = route(commune.id, "Về việc báo cáo tình hình");
    assert!(
        by_territory.lead_department_id.is_some(),
        "a commune's document goes to its department: {by_territory:?}"
    );
}

#[test]
fn the_directions_benchmark_measures_what_it_names() {
    // A small run, so that `scripts/bench` cannot rot unseen.
    let report = vanphong_tools::bench::directions(20).unwrap();
    assert!(report.setup.contains("directions loaded"), "{}", report.setup);
    let names: Vec<&str> = report.lines.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(names.len(), 9, "{names:?}");
    assert!(names.iter().any(|n| n.contains("deadline scan")));
    assert!(names.iter().any(|n| n.contains("typed, every letter, p95")), "searches as they are typed");
    assert!(
        report.lines.iter().all(|(_, median, target)| median.is_finite() && *median >= 0.0 && *target > 0.0)
    );
}

#[test]
fn the_working_days_left_are_those_after_today_up_to_the_deadline() {
    use vanphong::alerts::{due, heading};
    use vanphong::calendar::Calendar;
    let calendar = Calendar::rules_only();
    let settings = [10, 3, 1];
    // (today, deadline, working days left): the first day is not counted, the deadline
    // day is; weekends and holidays are not working days (DOMAIN.md §4).
    let cases = [
        (day(2026, 11, 26), day(2026, 11, 27), 1, "Thursday to Friday"),
        (day(2026, 11, 25), day(2026, 11, 27), 2, "Wednesday to Friday"),
        (day(2026, 11, 20), day(2026, 11, 23), 1, "Friday to Monday: the weekend does not count"),
        (day(2026, 11, 23), day(2026, 11, 25), 1, "Tuesday 24/11, Vietnamese Culture Day, is a day off"),
        (day(2026, 11, 20), day(2026, 11, 27), 4, "a week with a holiday in it: 23, 25, 26, 27"),
        (day(2026, 4, 29), day(2026, 5, 4), 1, "30/4 and 1/5, then the weekend"),
        (day(2026, 12, 31), day(2027, 1, 4), 1, "New Year's Day, then the weekend"),
        (day(2026, 11, 21), day(2026, 11, 23), 1, "seen on a Saturday"),
    ];
    for (today, deadline, left, why) in cases {
        assert_eq!(calendar.working_days_between(today, deadline), left, "{why}");
        assert_eq!(due(&calendar, deadline, today, &settings), Some((AlertKind::DueSoon, left)), "{why}");
    }
    assert_eq!(heading(AlertKind::DueSoon, 2), "Còn 2 ngày làm việc");
    // Only once a setting is reached: four left with "3, 1" is nothing yet, two is "2".
    assert_eq!(due(&calendar, day(2026, 11, 27), day(2026, 11, 20), &[3, 1]), None);
    assert_eq!(due(&calendar, day(2026, 11, 27), day(2026, 11, 25), &[3, 1]), Some((AlertKind::DueSoon, 2)));
}

#[test]
fn the_bell_says_the_days_left_today_once_per_deadline_and_forgets_a_finished_direction() {
    let p = people();
    let o = &p.o;
    // Deadline Friday 27/11; Tuesday 24/11 is a day off.
    let id = p.create(p.manual("Báo cáo rà soát đất công", p.agency, day(2026, 11, 27)));
    let at = |date| {
        morning(o, date);
        vanphong::alerts::scan_now(&o.t.app).unwrap()
    };
    // (Each step is another day: log in afresh.)
    let login = || o.t.login("cv.kt1", PASSWORD).unwrap().token;
    let bell =
        || o.t.call::<commands::AlertList>(Some(&login()), vanphong::alerts::AlertFilter::default()).unwrap();
    assert_eq!(at(day(2026, 11, 23)), 2, "three working days left: follower and agency");
    assert_eq!(alerts_of(o, &login()), vec![(AlertKind::DueSoon, 3, AlertObject::Direction)]);
    // Two days on, the same alert, not a new one, and it says two (25 → 26, 27).
    assert_eq!(at(day(2026, 11, 25)), 0, "the same setting reached: nothing raised");
    let page = bell();
    assert_eq!((page.total, page.items[0].days), (1, 2), "{:?}", page.items);
    // Marked read, it stays read until the next setting (1) is reached.
    o.t.call::<commands::AlertMarkRead>(
        Some(&login()),
        commands::AlertMarkReadRequest { ids: vec![], filter: Default::default() },
    )
    .unwrap();
    assert_eq!(at(day(2026, 11, 25)), 0);
    assert_eq!(bell().unread, 0, "scanning again does not raise it again");
    assert_eq!(at(day(2026, 11, 26)), 2, "one day left: the same alert renewed");
    let page = bell();
    assert_eq!((page.total, page.unread, page.items[0].days), (1, 1, 1));
    // Done: its alerts are gone from the bell and the page, and nothing more is raised.
    let done = CompleteInput {
        id,
        completed_on: None,
        result: "Sở Tài chính đã gửi báo cáo.".into(),
        result_outgoing_id: None,
        result_incoming_id: None,
    };
    o.t.call::<commands::DirectionComplete>(Some(&login()), done).unwrap();
    let page = bell();
    assert_eq!((page.total, page.unread, page.items.len()), (0, 0, 0), "{:?}", page.items);
    assert_eq!(at(day(2026, 11, 30)), 0, "a finished direction is not overdue");
    assert_eq!(bell().total, 0);
}

#[test]
fn alerts_raised_twice_before_the_rule_show_as_one() {
    let p = people();
    let o = &p.o;
    p.create(p.manual("Báo cáo kết quả thu ngân sách", p.agency, day(2026, 11, 27)));
    morning(o, day(2026, 11, 23));
    assert_eq!(vanphong::alerts::scan_now(&o.t.app).unwrap(), 2);
    // What an older version wrote: a second "due soon" row for the next setting.
    o.t.app
        .db()
        .write(|tx| {
            tx.execute(
                "INSERT INTO alert (user_id, kind, days, object_type, object_id, deadline, title, raised_at, secrecy)
                 SELECT user_id, kind, 1, object_type, object_id, deadline, title, raised_at, secrecy FROM alert",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let specialist = o.t.login("cv.kt1", PASSWORD).unwrap().token;
    let page = o.t.call::<commands::AlertList>(Some(&specialist), Default::default()).unwrap();
    assert_eq!((page.total, page.unread, page.items.len()), (1, 1, 1), "{:?}", page.items);
    assert_eq!(page.items[0].days, 3, "the working days left today, whatever the row says");
}
