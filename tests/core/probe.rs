//! Attacks found by a security review of the secret ballot, secrecy and the login
//! throttle, each tried the way the attacker would, through the commands, and each
//! refused.

use crate::incoming::Office;
use crate::outgoing::{content, leaders_of, paragraph};
use crate::support::{TestApp, profile};
use vanphong::ballot::Choice;
use vanphong::commands::{self, MeetingRef};
use vanphong::meetings::model::{Attendance, MeetingKind};
use vanphong::meetings::room::{AttendanceMark, PollOutcome};
use vanphong::outgoing::draft::DraftSave;
use vanphong::register::Issuer;
use vanphong::vocabulary::{Clearance, Role};

/// The chair, who is also a member, tries to learn one member's secret choice: after the
/// chair and the target have voted, the chair marks every other member absent and stops.
/// The base was frozen when the vote opened: two ballots are not enough, and no counts.
#[test]
fn marking_the_others_absent_does_not_let_the_chair_read_a_secret_choice() {
    let l = leaders_of(Office::of(TestApp::set_up(TestApp::new())));
    let t = &l.o.t;
    let mut members = Vec::new();
    for token in [&l.chairman, &l.vice, &l.other_vice] {
        let me = t.call::<commands::SessionCurrent>(Some(token), ()).unwrap();
        members.push((me.user.id, token.clone()));
    }
    for n in 1..=3 {
        let mut p = profile(&format!("tv{n}"), Role::CommitteeMember, None);
        p.clearance = Clearance::Secret;
        let (user, token) = t.person(&l.o.admin, &format!("tv{n}"), p);
        members.push((user.id, token));
    }
    let mut input = t
        .call::<commands::MeetingTemplate>(
            Some(&l.chief),
            commands::MeetingTemplateRequest { kind: MeetingKind::Regular, meeting_id: None },
        )
        .unwrap();
    input.title = "Phiên họp thử".into();
    let meeting = t.call::<commands::MeetingCreate>(Some(&l.chief), input).unwrap().id;
    t.call::<commands::MeetingOpen>(
        Some(&l.chairman),
        commands::MeetingOpenRequest { id: meeting, open: true },
    )
    .unwrap();
    let mark = |who: &[usize], attendance: Attendance| {
        let marks = who
            .iter()
            .map(|i| AttendanceMark {
                user_id: members[*i].0,
                attendance,
                reason: if attendance == Attendance::Absent { "Bận việc".into() } else { String::new() },
                delegate: String::new(),
            })
            .collect();
        t.call::<commands::MeetingAttendanceSet>(
            Some(&l.chairman),
            commands::MeetingAttendanceSetRequest { id: meeting, marks },
        )
        .unwrap()
    };
    mark(&[0, 1, 2, 3, 4, 5], Attendance::Room);
    let poll = t
        .call::<commands::PollStart>(
            Some(&l.chairman),
            commands::PollStartRequest {
                meeting_id: meeting,
                item_id: None,
                question: "Nhân sự".into(),
                secret: true,
            },
        )
        .unwrap()
        .polls[0]
        .id;
    // The chair (member 0) votes yes; the target (member 3) votes no.
    for (i, choice) in [(0, Choice::Yes), (3, Choice::No)] {
        t.call::<commands::PollVote>(
            Some(&members[i].1),
            commands::PollVoteRequest { poll_id: poll, choice },
        )
        .unwrap();
    }
    // Mid-vote, everyone else is marked absent.
    mark(&[1, 2, 4, 5], Attendance::Absent);
    let running = t.call::<commands::MeetingGet>(Some(&l.chairman), MeetingRef { id: meeting }).unwrap();
    assert_eq!(running.polls[0].least, Some(4), "what a result needs is what it needed when it opened");
    let stopped =
        t.call::<commands::PollStop>(Some(&l.chairman), commands::PollRef { poll_id: poll }).unwrap();
    let p = &stopped.polls[0];
    assert_eq!(
        (p.outcome, p.voted, p.yes, p.no, p.present),
        (Some(PollOutcome::Insufficient), 2, None, None, Some(6)),
        "two ballots of six present: no counts"
    );
}

/// An uncleared specialist tries to learn the number and symbol of a secret incoming
/// document they may not see, by guessing it in a reply: every guess, right or wrong, is
/// "not found", as the document is to them.
#[test]
fn guessing_a_hidden_documents_symbol_in_a_reply_learns_nothing() {
    let o = Office::new();
    let mut input = o.input("15/CAT-M", "Phương án TKX-47 bảo vệ mục tiêu trọng điểm");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    input.present_to_id = Some(o.deputy_id);
    let incoming = o.register(input).id;
    // The specialist cannot see it.
    assert!(
        o.t.call::<commands::IncomingGet>(Some(&o.specialist), commands::IncomingRef { id: incoming })
            .is_err()
    );
    let save = |text: &str| {
        let mut draft = content("CV", Issuer::Office, "về việc phối hợp");
        draft.blocks = vec![paragraph(text)];
        o.t.call::<commands::OutgoingSave>(
            Some(&o.specialist),
            DraftSave {
                id: None,
                content: draft,
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: Some(incoming),
                comment: String::new(),
            },
        )
        .unwrap_err()
    };
    // A wrong guess: refused as "not found", as it should be.
    let wrong = save("Văn bản số 14/CAT-M và 16/CAT-M");
    assert_eq!(wrong.code.as_str(), "not_found", "{wrong:?}");
    // Many guesses in one body, the right one among them: the same answer.
    let guesses: Vec<String> = (1..=400).map(|n| format!("{n}/CAT-M")).collect();
    let right = save(&guesses.join(", "));
    assert_eq!((right.code, &right.message), (wrong.code, &wrong.message));
}

/// Wrong passwords sent all at once do not outrun the throttle: however they interleave,
/// three are checked against the password and the rest wait, as one after another.
#[test]
fn logins_sent_at_once_do_not_outrun_the_throttle() {
    let (t, admin) = TestApp::with_admin();
    t.user(&admin, "cv.kt1", Role::Specialist);
    let attempt = |app: &vanphong::app::App| {
        let request =
            serde_json::json!({ "username": "cv.kt1", "password": "sai-mat-khau-1", "device": null });
        let caller = commands::Caller { token: None, source: Some("203.0.113.9") };
        commands::dispatch_from(app, caller, "session_login", request).unwrap_err().code.as_str().to_string()
    };
    let codes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..24).map(|_| s.spawn(|| attempt(&t.app))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wrong = codes.iter().filter(|c| c.as_str() == "auth.wrong_credentials").count();
    let waited = codes.iter().filter(|c| c.as_str() == "auth.throttled").count();
    assert_eq!((wrong, waited), (3, 21), "{codes:?}");
}

/// A lowered reply may not quote the secret document's number and symbol anywhere a
/// reader of the draft would see it, its version's comment included; and a reply to a
/// document that does not exist answers as one to a document hidden from the person.
/// (Retyped in other words — "số 15, ký hiệu CAT-M" — it is not caught: a cleared person
/// can always retype what they read; the rule stops the template's text from travelling.)
#[test]
fn a_lowered_reply_quotes_nothing_and_a_missing_document_answers_as_a_hidden_one() {
    let o = Office::new();
    let mut p = profile("cv.kt2", Role::Specialist, Some(o.t.department(&o.admin, "KT")));
    p.clearance = Clearance::Secret;
    let cleared = o.t.person(&o.admin, "cv.kt2", p).1;
    let mut input = o.input("15/CAT-M", "Phương án TKX-47 bảo vệ mục tiêu trọng điểm");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    input.present_to_id = Some(o.deputy_id);
    let incoming = o.register(input).id;
    let save = |token: &str, to: vanphong::incoming::model::IncomingId, text: &str, comment: &str| {
        let mut draft = content("CV", Issuer::Office, "về việc phối hợp");
        draft.blocks = vec![paragraph(text)];
        o.t.call::<commands::OutgoingSave>(
            Some(token),
            DraftSave {
                id: None,
                content: draft,
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: Some(to),
                comment: comment.into(),
            },
        )
    };
    for (text, comment) in [
        ("Thực hiện Văn bản số 15/CAT-M", ""),
        ("Thực hiện văn bản số 15 / cat - m", ""),
        ("x", "Trả lời 15/CAT-M"),
    ] {
        let refused = save(&cleared, incoming, text, comment).unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("summary"), "{text} / {comment}");
    }
    assert!(save(&cleared, incoming, "Thực hiện ý kiến chỉ đạo của UBND tỉnh", "").is_ok());
    let missing = save(&o.specialist, vanphong::incoming::model::IncomingId(999_999), "x", "").unwrap_err();
    let hidden = save(&o.specialist, incoming, "x", "").unwrap_err();
    assert_eq!((missing.code, &missing.message), (hidden.code, &hidden.message));
}

/// An uncleared specialist sees an item on a secret meeting's agenda as "submitted";
/// returning it is refused without a word of the meeting or of its status, and the log's
/// entries about the item, which name the meeting, are as secret as the meeting.
#[test]
fn an_item_on_a_secret_agenda_is_not_moved_or_read_through_its_log_by_the_uncleared() {
    use vanphong::schedule::programme::{ProgrammeInput, ProgrammeKind, ProgrammeStatus, StatusInput};
    let l = crate::outgoing::leaders();
    let (chief, specialist) = (&l.chief, &l.o.specialist);
    let mut input =
        l.o.t
            .call::<commands::MeetingTemplate>(
                Some(chief),
                commands::MeetingTemplateRequest { kind: MeetingKind::Topical, meeting_id: None },
            )
            .unwrap();
    input.title = "Phiên họp chuyên đề về quy hoạch khu vực phòng thủ".into();
    input.secrecy = Clearance::Secret;
    let meeting = l.o.t.call::<commands::MeetingCreate>(Some(chief), input).unwrap().id;
    let today = vanphong::clock::vietnam_date(l.o.t.clock_now());
    use chrono::Datelike;
    let make = |title: &str| {
        l.o.t
            .call::<commands::ProgrammeItemCreate>(
                Some(specialist),
                ProgrammeInput {
                    year: today.year(),
                    month: today.month(),
                    kind: ProgrammeKind::Decision,
                    title: title.into(),
                    agency_id: l.o.agency("so tai chinh"),
                    leader_id: Some(l.vice_id),
                    office_department_id: None,
                },
            )
            .unwrap()
            .id
    };
    let (secret_one, plain_one) = (make("Quy định quản lý đất quốc phòng"), make("Quy định về chợ"));
    for (item, statuses) in [
        (secret_one, vec![ProgrammeStatus::Submitted, ProgrammeStatus::OnAgenda]),
        (plain_one, vec![ProgrammeStatus::Submitted]),
    ] {
        for status in statuses {
            l.o.t
                .call::<commands::ProgrammeStatusSet>(
                    Some(chief),
                    commands::ProgrammeStatusRequest {
                        id: item,
                        input: StatusInput {
                            status,
                            reason: String::new(),
                            submitted_on: Some(today),
                            month: None,
                            meeting_id: (status == ProgrammeStatus::OnAgenda).then_some(meeting),
                        },
                    },
                )
                .unwrap();
        }
    }
    let back = |id| {
        l.o.t.call::<commands::ProgrammeSubmissionReturn>(
            Some(specialist),
            commands::ProgrammeReturnRequest { id, reason: "Thiếu hồ sơ".into() },
        )
    };
    assert!(back(plain_one).is_ok());
    let refused = back(secret_one).unwrap_err();
    assert_eq!(refused.message.vi, "Nội dung này không thay đổi được lúc này.");
    // The administrator, not cleared, reads nothing of the entries that name the meeting.
    let log = l.o.t.call::<commands::AuditList>(Some(&l.o.admin), Default::default()).unwrap();
    assert!(
        !log.iter().any(|e| e.object_id == Some(secret_one.0) && e.summary.contains("phiên họp")),
        "{:?}",
        log.iter().filter(|e| e.object_id == Some(secret_one.0)).map(|e| &e.summary).collect::<Vec<_>>()
    );
}
