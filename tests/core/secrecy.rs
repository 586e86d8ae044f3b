//! Secrecy follows every link (DOMAIN.md §3): whoever may not see a secret document learns
//! nothing of it from anything that names it — a direction, a reply, a correction, an
//! alert, a log line, an event, a count. Through the commands the UI calls.

use crate::incoming::Office;
use crate::outgoing::{Leaders, content, issue, leaders, signed};
use crate::support::profile;
use serde_json::{Value, json};
use vanphong::alerts;
use vanphong::commands::{self, DirectionRef};
use vanphong::directions::model::{DirectionId, Priority, Source};
use vanphong::directions::tracking::CompleteInput;
use vanphong::events::DomainEvent;
use vanphong::incoming::flow::DirectRequest;
use vanphong::incoming::model::IncomingId;
use vanphong::outgoing::OutgoingId;
use vanphong::outgoing::draft::DraftSave;
use vanphong::register::Issuer;
use vanphong::vocabulary::ObjectKind;
use vanphong::vocabulary::{Clearance, Role, UserId};

/// Words that occur only in the secret document and what is copied from it.
const MARKERS: [&str; 3] = ["TKX-47", "15/CAT-M", "TKX 47"];

struct Secret {
    l: Leaders,
    /// Cleared for MẬT in the lead department, so the document can be handled there.
    cleared_head: String,
    cleared_specialist: String,
    cleared_specialist_id: UserId,
    agency_account: String,
    incoming: IncomingId,
    /// The direction created from it (secret, inherited).
    direction: DirectionId,
    /// A second one from it, lowered to none by the cleared specialist.
    lowered: DirectionId,
    /// A reply drafted to it, lowered to none; its head can see it.
    reply: OutgoingId,
    /// A secret document issued by the Office.
    issued_secret: OutgoingId,
}

fn person(
    o: &Office,
    username: &str,
    role: Role,
    department: &str,
    clearance: Clearance,
) -> (UserId, String) {
    let mut p = profile(username, role, Some(o.t.department(&o.admin, department)));
    p.clearance = clearance;
    let (user, token) = o.t.person(&o.admin, username, p);
    (user.id, token)
}

fn secret_office() -> Secret {
    let l = leaders();
    let o = &l.o;
    let cleared_head = person(o, "tp.kt2", Role::DepartmentHead, "KT", Clearance::Secret).1;
    let (cleared_specialist_id, cleared_specialist) =
        person(o, "cv.kt2", Role::Specialist, "KT", Clearance::Secret);
    let agency = o.agency("so tai chinh");
    let mut p = profile("so.tc", Role::Specialist, None);
    p.agency_id = Some(agency);
    let agency_account = o.t.person(&o.admin, "so.tc", p).1;

    let mut input = o.input("15/CAT-M", "Phương án TKX-47 bảo vệ mục tiêu trọng điểm");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    input.present_to_id = Some(o.deputy_id);
    let incoming = o.register(input).id;
    o.t.call::<commands::IncomingDirect>(
        Some(&o.deputy),
        DirectRequest {
            id: incoming,
            lead_department_id: o.t.department(&o.admin, "KT"),
            cooperating_department_ids: vec![],
            deadline: None,
            working_days: Some(2),
            text: "Giao Phòng Kinh tế triển khai phương án TKX-47 cùng Sở Tài chính.".into(),
        },
    )
    .unwrap();

    // A direction from it is secret at its level, without anyone asking for it.
    let template =
        o.t.call::<commands::DirectionTemplate>(
            Some(&cleared_specialist),
            commands::DirectionTemplateRequest { incoming_id: Some(incoming), ..Default::default() },
        )
        .unwrap();
    assert_eq!(template.secrecy, Some(Clearance::Secret));
    let mut input = template.clone();
    input.leader_id = l.vice_id;
    input.secrecy = None;
    let direction = o.t.call::<commands::DirectionCreate>(Some(&cleared_specialist), input).unwrap().id;
    // A cleared person may lower one, in words of their own; the trail says so.
    let mut input = template;
    input.leader_id = l.vice_id;
    input.secrecy = Some(Clearance::None);
    input.content = "Rà soát lực lượng bảo vệ các cơ quan trên địa bàn.".into();
    input.priority = Priority::High;
    let lowered = o.t.call::<commands::DirectionCreate>(Some(&cleared_specialist), input).unwrap().id;

    // A reply starts secret; lowered by its drafter, it still names nothing of the source.
    let mut draft =
        o.t.call::<commands::OutgoingTemplate>(
            Some(&cleared_specialist),
            commands::TemplateRequest { document_type: "CV".into(), reply_to_incoming_id: Some(incoming) },
        )
        .unwrap();
    assert_eq!(draft.secrecy, Clearance::Secret, "a reply to a secret document is secret");
    draft.secrecy = Clearance::None;
    draft.blocks = content("CV", Issuer::Office, "x").blocks;
    // Copied text is a link too: lowered, it may not keep quoting the source's number.
    let save = |draft: &vanphong::outgoing::draft::DraftContent| {
        o.t.call::<commands::OutgoingSave>(
            Some(&cleared_specialist),
            DraftSave {
                id: None,
                content: draft.clone(),
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: Some(incoming),
                comment: String::new(),
            },
        )
    };
    let quoting = save(&draft).unwrap_err();
    assert_eq!(quoting.field.as_deref(), Some("summary"));
    assert!(quoting.message.vi.contains("không được nêu số, ký hiệu"), "{}", quoting.message.vi);
    assert!(!quoting.message.vi.contains("15/CAT-M"), "the refusal quotes nothing itself");
    let mut in_body = draft.clone();
    in_body.summary = "về việc bảo vệ mục tiêu".into();
    in_body.blocks = vec![crate::outgoing::paragraph("Thực hiện Văn bản số 15/CAT-M, Văn phòng đề nghị.")];
    assert!(save(&in_body).is_err(), "nor in its body");
    draft.summary = "về việc bảo vệ mục tiêu".into();
    draft.blocks = content("CV", Issuer::Office, "x").blocks;
    let reply =
        o.t.call::<commands::OutgoingSave>(
            Some(&cleared_specialist),
            DraftSave {
                id: None,
                content: draft,
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: Some(incoming),
                comment: String::new(),
            },
        )
        .unwrap()
        .row
        .id;

    let mut notice = content("TB", Issuer::Office, "kết luận về phương án TKX-47");
    notice.secrecy = Clearance::Secret;
    let issued_secret = issue(&l, &signed(&l, notice)).row.id;
    Secret {
        cleared_head,
        cleared_specialist,
        cleared_specialist_id,
        agency_account,
        incoming,
        direction,
        lowered,
        reply,
        issued_secret,
        l,
    }
}

fn leaks(text: &str) -> Option<&'static str> {
    MARKERS.into_iter().find(|m| text.contains(m))
}

fn dispatch(s: &Secret, token: &str, name: &str, request: Value) -> String {
    match commands::dispatch(&s.l.o.t.app, Some(token), name, request) {
        Ok(value) => value.to_string(),
        Err(error) => serde_json::to_string(&error).unwrap(),
    }
}

/// Every read that returns document data, for every person not cleared for the document
/// (an agency's account, the administrator, a clerk, a specialist, a head): nothing of it
/// in any answer, errors included.
#[test]
fn no_read_shows_anything_of_a_secret_document_to_the_uncleared() {
    let s = secret_office();
    let o = &s.l.o;
    alerts::scan_now(&o.t.app).unwrap();
    let (incoming, direction, lowered) = (s.incoming.0, s.direction.0, s.lowered.0);
    let reads: Vec<(&str, Value)> = vec![
        ("incoming_list", json!({ "search": "TKX 47" })),
        ("incoming_list", json!({})),
        ("incoming_inbox", Value::Null),
        ("incoming_get", json!({ "id": incoming })),
        (
            "incoming_check_duplicates",
            json!({ "agencyId": null, "agencyName": "", "numberSymbol": "15/CAT-M", "receivedAt": o.t.clock_now() }),
        ),
        ("incoming_slip_pdf", json!({ "id": incoming })),
        ("outgoing_list", json!({ "search": "TKX 47" })),
        ("outgoing_list", json!({})),
        ("outgoing_get", json!({ "id": s.reply.0 })),
        ("outgoing_get", json!({ "id": s.issued_secret.0 })),
        ("outgoing_template", json!({ "documentType": "CV", "replyToIncomingId": incoming })),
        ("direction_list", json!({ "search": "TKX 47" })),
        ("direction_list", json!({})),
        ("direction_get", json!({ "id": direction })),
        ("direction_get", json!({ "id": lowered })),
        ("direction_template", json!({ "incomingId": incoming })),
        ("direction_template", json!({ "directionId": direction })),
        ("direction_linked", json!({ "kind": "incoming", "id": incoming })),
        ("direction_linked", json!({ "kind": "outgoing", "id": s.issued_secret.0 })),
        ("alert_list", json!({ "unreadOnly": false, "limit": 200 })),
        ("audit_list", json!({ "limit": 200 })),
        ("audit_list", json!({ "objectType": "incoming_document", "objectId": incoming, "limit": 200 })),
    ];
    let uncleared = [
        ("an agency's account", &s.agency_account),
        ("the administrator", &o.admin),
        ("a clerk", &o.clerk),
        ("a specialist", &o.specialist),
        ("the head of the lead department", &o.head),
    ];
    for (who, token) in uncleared {
        for (name, request) in &reads {
            let answer = dispatch(&s, token, name, request.clone());
            assert_eq!(leaks(&answer), None, "{name} {request} shows {who} the secret document: {answer}");
        }
    }
    // The same reads do show it to the cleared, so the table tests something.
    let seen = reads
        .iter()
        .filter(|(name, request)| {
            leaks(&dispatch(&s, &s.cleared_specialist, name, request.clone())).is_some()
        })
        .count();
    assert!(seen >= 8, "the cleared specialist sees the document through {seen} reads");
}

#[test]
fn a_direction_from_a_secret_document_is_secret_and_a_lowered_one_names_nothing() {
    let s = secret_office();
    let o = &s.l.o;
    let not_found = |token: &str, id: DirectionId| {
        o.t.call::<commands::DirectionGet>(Some(token), DirectionRef { id }).unwrap_err().code
    };
    assert_eq!(not_found(&o.specialist, s.direction), "not_found");
    assert_eq!(not_found(&s.agency_account, s.direction), "not_found", "even the lead agency's account");
    assert_eq!(not_found(&o.specialist, DirectionId(9999)), "not_found", "as for no direction at all");
    // The lowered one is seen, with the source as a placeholder and no copied reference.
    let detail =
        o.t.call::<commands::DirectionGet>(Some(&o.specialist), DirectionRef { id: s.lowered }).unwrap();
    let source = detail.source_document.unwrap();
    assert!(source.hidden && source.id.is_none() && source.summary.is_empty(), "{source:?}");
    assert_eq!(source.label, "Văn bản mật");
    assert_eq!(detail.source_reference, "");
    let cleared =
        o.t.call::<commands::DirectionGet>(Some(&s.cleared_specialist), DirectionRef { id: s.lowered })
            .unwrap();
    assert_eq!(cleared.source_document.unwrap().id, Some(s.incoming.0));
    // The trail records that it was lowered, at the level it had: an auditor cleared for
    // it reads it, the uncleared administrator sees only that something happened.
    let mut p = profile("kiemtra", Role::Administrator, None);
    p.clearance = Clearance::Secret;
    let auditor = o.t.person(&o.admin, "kiemtra", p).1;
    let trail = |token: &str| {
        o.t.call::<commands::AuditList>(
            Some(token),
            vanphong::audit::AuditFilter { object_type: Some("direction".into()), ..Default::default() },
        )
        .unwrap()
    };
    assert!(trail(&auditor).iter().any(|e| e.summary.contains("hạ độ mật: mat → none")));
    let uncleared = trail(&o.admin);
    assert!(uncleared.iter().all(|e| !e.summary.contains("hạ độ mật") && leaks(&e.details).is_none()));
    // The secret one is there as an entry, saying neither what nor what was done to it.
    assert!(uncleared.iter().any(|e| e.hidden && e.action.is_empty()));
    // Counts: the uncleared agency account counts only the lowered one.
    let counts = o.t.call::<commands::DirectionCountsGet>(Some(&s.agency_account), ()).unwrap();
    assert_eq!(counts.mine_open, 1);
    let counts = o.t.call::<commands::DirectionCountsGet>(Some(&s.cleared_specialist), ()).unwrap();
    assert_eq!(counts.mine_open, 2);
    // Someone who cannot see the source cannot lower what they cannot see either.
    let mut input =
        o.t.call::<commands::DirectionTemplate>(
            Some(&s.cleared_specialist),
            commands::DirectionTemplateRequest { direction_id: Some(s.lowered), ..Default::default() },
        )
        .unwrap();
    input.source = Source::Incoming;
    let refused = o.t.call::<commands::DirectionCreate>(Some(&o.specialist), input).unwrap_err();
    assert_eq!(refused.code, "not_found", "a link to what one may not see is refused as to nothing");
}

#[test]
fn a_result_document_one_may_not_see_is_refused_as_one_that_does_not_exist() {
    let s = secret_office();
    let o = &s.l.o;
    let complete = |outgoing: i64| {
        o.t.call::<commands::DirectionComplete>(
            Some(&s.cleared_specialist),
            CompleteInput {
                id: s.lowered,
                result: "Đã rà soát.".into(),
                completed_on: None,
                result_outgoing_id: Some(OutgoingId(outgoing)),
                result_incoming_id: None,
            },
        )
    };
    // The lowered direction is followed by the cleared specialist; make an uncleared one
    // try through the HTTP-shaped path instead: the same command as the specialist.
    let uncleared = |outgoing: i64| {
        commands::dispatch(
            &o.t.app,
            Some(&o.specialist),
            "direction_complete",
            json!({ "id": s.lowered.0, "result": "x", "resultOutgoingId": outgoing }),
        )
        .unwrap_err()
    };
    let secret = uncleared(s.issued_secret.0);
    let missing = uncleared(999_999);
    assert_eq!(
        (secret.code.as_str(), secret.field.as_deref()),
        (missing.code.as_str(), missing.field.as_deref())
    );
    assert_eq!(secret.message.vi, missing.message.vi, "the answers are the same");
    assert!(complete(s.issued_secret.0).is_ok(), "the cleared follower may name it");
}

#[test]
fn replies_and_corrections_show_a_placeholder_for_what_one_may_not_see() {
    let s = secret_office();
    let o = &s.l.o;
    // The head of the drafting department sees the (lowered) reply, not what it answers.
    let reply =
        o.t.call::<commands::OutgoingGet>(Some(&o.head), commands::OutgoingRef { id: s.reply }).unwrap();
    let answered = reply.reply_to.unwrap();
    assert!(answered.hidden && answered.id.is_none() && answered.summary.is_empty());
    let reply =
        o.t.call::<commands::OutgoingGet>(Some(&s.cleared_head), commands::OutgoingRef { id: s.reply })
            .unwrap();
    assert_eq!(reply.reply_to.unwrap().id, Some(s.incoming.0));
    // A correction still in draft is not named to those who may not see the draft.
    let public = issue(&s.l, &signed(&s.l, content("TB", Issuer::Office, "kết luận cuộc họp giao ban")));
    let correction =
        o.t.call::<commands::OutgoingCorrect>(Some(&s.l.chief), commands::OutgoingRef { id: public.row.id })
            .unwrap();
    let seen =
        o.t.call::<commands::OutgoingGet>(Some(&o.specialist), commands::OutgoingRef { id: public.row.id })
            .unwrap();
    assert!(seen.corrected_by.is_empty(), "the chief's draft is not named: {:?}", seen.corrected_by);
    let seen =
        o.t.call::<commands::OutgoingGet>(Some(&s.l.chief), commands::OutgoingRef { id: public.row.id })
            .unwrap();
    assert_eq!(seen.corrected_by[0].id, Some(correction.row.id.0));
    // The correction of a secret document is secret too.
    let secret = o
        .t
        .call::<commands::OutgoingCorrect>(Some(&s.l.chief), commands::OutgoingRef { id: s.issued_secret })
        .unwrap();
    assert_eq!(secret.row.secrecy, Clearance::Secret);
}

#[test]
fn alerts_reach_only_those_cleared_for_their_object() {
    let s = secret_office();
    let o = &s.l.o;
    // Due in two working days: the document (not yet assigned) for the heads of KT, the
    // secret direction for its follower; the uncleared head and the agency hear nothing.
    assert!(alerts::scan_now(&o.t.app).unwrap() > 0);
    let alerts_of = |token: &str| {
        o.t.call::<commands::AlertList>(
            Some(token),
            commands::AlertListRequest { limit: 200, ..Default::default() },
        )
        .unwrap()
    };
    let cleared = alerts_of(&s.cleared_head);
    assert!(cleared.items.iter().any(|a| a.title.contains("15/CAT-M")), "{:?}", cleared.items);
    for token in [&o.head, &s.agency_account] {
        let page = alerts_of(token);
        assert!(page.items.iter().all(|a| leaks(&a.title).is_none()), "{:?}", page.items);
    }
    let follower = alerts_of(&s.cleared_specialist);
    assert!(follower.items.iter().any(|a| a.object_id == s.direction.0));
    let agency = alerts_of(&s.agency_account);
    assert!(agency.items.iter().all(|a| a.object_id != s.direction.0));
}

#[test]
fn presenting_at_registration_checks_the_leader_as_presenting_later_does() {
    let s = secret_office();
    let o = &s.l.o;
    let (uncleared_leader, _) = person(o, "pcvp9", Role::DeputyChief, "LĐVP", Clearance::None);
    let mut input = o.input("16/CAT-M", "Một văn bản mật khác");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    input.present_to_id = Some(uncleared_leader);
    let refused = o.t.call::<commands::IncomingRegister>(Some(&o.secret_clerk), input.clone()).unwrap_err();
    assert_eq!((refused.code.as_str(), refused.field.as_deref()), ("invalid", Some("presentToId")));
    input.present_to_id = Some(s.cleared_specialist_id);
    let refused = o.t.call::<commands::IncomingRegister>(Some(&o.secret_clerk), input).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("presentToId"), "only a leader is presented to");
}

#[test]
fn the_monthly_report_is_the_offices_and_counts_only_what_the_reader_may_see() {
    let s = secret_office();
    let o = &s.l.o;
    let today = o.t.clock_now().date_naive();
    let month = commands::MonthRequest {
        year: chrono::Datelike::year(&today),
        month: chrono::Datelike::month(&today),
    };
    let refused = o.t.call::<commands::ReportMonthlyPdf>(Some(&s.agency_account), month).unwrap_err();
    assert_eq!(refused.code, "auth.permission_denied");
    let report = |token: &str| {
        let user = user_of(&o.t.app, token);
        o.t.app
            .db()
            .read(|conn| {
                let actor = vanphong::auth::actor(conn, user)?.unwrap();
                vanphong::directions::stats::monthly_report(
                    conn,
                    &actor,
                    month.year,
                    month.month,
                    o.t.clock_now(),
                )
            })
            .unwrap()
    };
    let (uncleared, cleared) = (report(&o.specialist), report(&s.cleared_specialist));
    assert_eq!(cleared.incoming_received, uncleared.incoming_received + 1, "the secret document");
    assert_eq!(cleared.outgoing_issued, uncleared.outgoing_issued + 1, "the secret notice");
    assert_eq!(cleared.directions.total.assigned, uncleared.directions.total.assigned + 1);
}

fn user_of(app: &vanphong::App, token: &str) -> UserId {
    commands::execute::<commands::SessionCurrent>(app, Some(token), ()).unwrap().user.id
}

#[test]
fn the_event_stream_carries_only_what_the_person_may_see_and_ends_with_the_session() {
    let s = secret_office();
    let o = &s.l.o;
    let event = |object_type: &str, id: i64| DomainEvent {
        at: o.t.clock_now(),
        action: "test".into(),
        object_type: ObjectKind::parse(object_type).unwrap(),
        object_id: Some(id),
        actor_id: None,
    };
    let app = &o.t.app;
    let secret = event("incoming_document", s.incoming.0);
    assert!(!commands::event_for(app, &o.specialist, &secret).unwrap());
    assert!(commands::event_for(app, &s.cleared_specialist, &secret).unwrap());
    let direction = event("direction", s.direction.0);
    assert!(!commands::event_for(app, &s.agency_account, &direction).unwrap());
    let lowered = event("direction", s.lowered.0);
    assert!(commands::event_for(app, &s.agency_account, &lowered).unwrap(), "its own agency's direction");
    let someone = event("user", 1);
    assert!(!commands::event_for(app, &o.specialist, &someone).unwrap(), "nobody else's account events");
    let agency = event("agency", 1);
    assert!(!commands::event_for(app, &s.agency_account, &agency).unwrap(), "the Office's own business");
    commands::execute::<commands::SessionLogout>(app, Some(&o.specialist), ()).unwrap();
    assert!(commands::event_for(app, &o.specialist, &agency).is_err(), "the stream ends with the session");
}

#[test]
fn what_is_made_from_secret_things_stays_secret() {
    let s = secret_office();
    let o = &s.l.o;
    // A reminder quoting a secret direction is a secret draft.
    let remind = |token: &str| -> Result<OutgoingId, vanphong::ApiError> {
        let ids = vec![s.direction, s.lowered];
        let content = o.t.call::<commands::DirectionRemindTemplate>(
            Some(token),
            commands::RemindRequest { ids: ids.clone() },
        )?;
        assert_eq!(content.secrecy, Clearance::Secret, "the drafted text is as secret as what it quotes");
        let draft = crate::outgoing::draft_save(None, content);
        Ok(o.t
            .call::<commands::DirectionRemindSave>(Some(token), commands::RemindSaveRequest { ids, draft })?
            .row
            .id)
    };
    let reminder = match remind(&s.cleared_specialist) {
        Ok(id) => id,
        // Neither is late yet on the test's day; make them late.
        Err(_) => {
            o.t.clock.set(o.t.clock_now() + chrono::Duration::days(6));
            let token = o.t.login("cv.kt2", crate::support::PASSWORD).unwrap().token;
            remind(&token).unwrap()
        }
    };
    let level: Clearance = o
        .t
        .app
        .db()
        .read(|c| {
            Ok(c.query_row("SELECT secrecy FROM outgoing_document WHERE id = ?1", [reminder], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(level, Clearance::Secret, "the reminder quotes the secret direction");
}

#[test]
fn a_saved_secret_draft_cannot_be_lowered_and_hidden_files_are_files_that_do_not_exist() {
    let s = secret_office();
    let o = &s.l.o;
    let mut secret = content("CV", Issuer::Office, "kế hoạch TKX-47");
    secret.secrecy = Clearance::Secret;
    let draft = crate::outgoing::save(&s.l, &s.cleared_specialist, None, secret.clone()).row.id;
    secret.secrecy = Clearance::None;
    secret.summary = "kế hoạch đã làm sạch".into();
    let refused =
        o.t.call::<commands::OutgoingSave>(
            Some(&s.cleared_specialist),
            DraftSave {
                id: Some(draft),
                content: secret,
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: None,
                comment: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("secrecy"), "{refused:?}");
    // The secret document's file and a file that does not exist get the same answer.
    let attachment = |id: i64| {
        o.t.call::<commands::IncomingAttachmentGet>(
            Some(&o.specialist),
            commands::AttachmentRef { attachment_id: id },
        )
        .unwrap_err()
    };
    let mut input = o.input("17/CAT-M", "Kế hoạch TKX-47 kèm phụ lục");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    input.attachments = vec![vanphong::attachments::NewAttachment::inline("phu-luc.pdf", "JVBERi0xLjcg")];
    let row = o.register(input);
    let detail =
        o.t.call::<commands::IncomingGet>(Some(&o.secret_clerk), commands::IncomingRef { id: row.id })
            .unwrap();
    let (hidden, missing) = (attachment(detail.attachments[0].id), attachment(999_999));
    assert_eq!((hidden.code, hidden.message.vi), (missing.code, missing.message.vi));
    // An uncleared clerk cannot register a secret document, and is told why.
    let mut input = o.input("18/CAT-M", "Văn bản mật khác");
    input.register_id = o.secret;
    input.secrecy = Clearance::Secret;
    let refused = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), input).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("secrecy"));
    // An uncleared specialist cannot follow a secret direction.
    let mut input =
        o.t.call::<commands::DirectionTemplate>(
            Some(&s.cleared_specialist),
            commands::DirectionTemplateRequest { direction_id: Some(s.direction), ..Default::default() },
        )
        .unwrap();
    input.follower_id = Some(o.specialist_id);
    let refused = o.t.call::<commands::DirectionCreate>(Some(&s.cleared_specialist), input).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("followerId"));
}

#[test]
fn unsaved_work_is_the_writers_own_and_stays_within_their_clearance() {
    let s = secret_office();
    let o = &s.l.o;
    let form = || commands::AutosaveRequest { form: "outgoing-new-CV".into() };
    let put = |token: &str, secrecy| {
        o.t.call::<commands::AutosavePut>(
            Some(token),
            commands::AutosavePutRequest {
                form: "outgoing-new-CV".into(),
                content: json!({ "summary": "Phương án TKX-47 (dự thảo)" }),
                secrecy,
            },
        )
    };
    put(&s.cleared_specialist, Clearance::Secret).unwrap();
    let kept = o.t.call::<commands::AutosaveGet>(Some(&s.cleared_specialist), form()).unwrap().unwrap();
    assert_eq!(kept.content["summary"], "Phương án TKX-47 (dự thảo)");
    // Nobody else's form holds it, and no one uncleared may keep work at that level.
    assert!(o.t.call::<commands::AutosaveGet>(Some(&o.specialist), form()).unwrap().is_none());
    assert!(o.t.call::<commands::AutosaveGet>(Some(&o.admin), form()).unwrap().is_none());
    assert_eq!(put(&o.specialist, Clearance::Secret).unwrap_err().field.as_deref(), Some("secrecy"));
    // Nor does it reach the audit log, the events or any list: it is not a record.
    let log = o.t.call::<commands::AuditList>(Some(&o.admin), Default::default()).unwrap();
    assert!(
        log.iter().all(|e| !e.action.starts_with("autosave") && !e.summary.contains("dự thảo)")),
        "{log:?}"
    );
    // Saving for real (or choosing not to keep it) removes it.
    o.t.call::<commands::AutosaveDiscard>(Some(&s.cleared_specialist), form()).unwrap();
    assert!(o.t.call::<commands::AutosaveGet>(Some(&s.cleared_specialist), form()).unwrap().is_none());
}

#[test]
fn an_extension_on_a_secret_direction_is_not_there_for_an_uncleared_decider() {
    let s = secret_office();
    let o = &s.l.o;
    let asked =
        o.t.call::<commands::DirectionExtensionRequest>(
            Some(&s.cleared_specialist),
            vanphong::directions::tracking::ExtensionInput {
                id: s.direction,
                proposed_deadline: o.t.clock_now().date_naive() + chrono::Days::new(40),
                reason: "Chờ ý kiến của Bộ Công an.".into(),
            },
        )
        .unwrap();
    let detail =
        o.t.call::<commands::DirectionGet>(Some(&s.cleared_specialist), DirectionRef { id: asked.id })
            .unwrap();
    let extension = detail.extensions.last().unwrap().id;
    // A chief of office not cleared for MẬT: the chief decides any extension, but this one
    // answers exactly as a request that does not exist.
    let mut p = profile("cvp.moi", Role::ChiefOfOffice, Some(o.t.department(&o.admin, "LĐVP")));
    p.clearance = Clearance::None;
    let chief = o.t.person(&o.admin, "cvp.moi", p).1;
    let decide = |id| vanphong::directions::tracking::ExtensionDecision {
        extension_id: id,
        grant: true,
        reason: String::new(),
        granted_deadline: None,
    };
    let hidden = o.t.call::<commands::DirectionExtensionDecide>(Some(&chief), decide(extension)).unwrap_err();
    let none =
        o.t.call::<commands::DirectionExtensionDecide>(Some(&chief), decide(extension + 1000)).unwrap_err();
    assert_eq!((hidden.code.as_str(), &hidden.message.vi), (none.code.as_str(), &none.message.vi));
}

#[test]
fn a_person_keeps_at_most_twenty_unsaved_forms() {
    let s = secret_office();
    let o = &s.l.o;
    for n in 0..25 {
        o.t.clock.set(o.t.clock_now() + chrono::Duration::seconds(1));
        o.t.call::<commands::AutosavePut>(
            Some(&o.specialist),
            commands::AutosavePutRequest {
                form: format!("outgoing-{n}"),
                content: json!({ "n": n }),
                secrecy: Clearance::None,
            },
        )
        .unwrap();
    }
    let kept = |n: u32| {
        o.t.call::<commands::AutosaveGet>(
            Some(&o.specialist),
            commands::AutosaveRequest { form: format!("outgoing-{n}") },
        )
        .unwrap()
    };
    assert!(kept(4).is_none(), "the oldest are dropped");
    assert_eq!(kept(5).unwrap().content["n"], 5);
    assert_eq!(kept(24).unwrap().content["n"], 24);
}

#[test]
fn named_filters_are_the_persons_own() {
    let s = secret_office();
    let o = &s.l.o;
    let save = |token: &str, name: &str, query: &str| {
        o.t.call::<commands::SavedFilterSave>(
            Some(token),
            commands::SavedFilterSaveRequest {
                list: "incoming".into(),
                filter: vanphong::autosave::SavedFilter { name: name.into(), query: query.into() },
            },
        )
    };
    let mine = save(&o.specialist, "Quá hạn của tôi", "overdue=true").unwrap();
    assert_eq!(mine.len(), 1);
    let replaced = save(&o.specialist, "Quá hạn của tôi", "overdue=true&urgent=true").unwrap();
    assert_eq!(replaced[0].query, "overdue=true&urgent=true", "the same name replaces it");
    let list = |token: &str| {
        o.t.call::<commands::SavedFilterList>(
            Some(token),
            commands::SavedFilterListRequest { list: "incoming".into() },
        )
        .unwrap()
    };
    assert!(list(&o.head).is_empty(), "nobody else sees them");
    assert_eq!(save(&o.specialist, "  ", "x=1").unwrap_err().field.as_deref(), Some("name"));
    let other = o.t.call::<commands::SavedFilterList>(
        Some(&o.specialist),
        commands::SavedFilterListRequest { list: "users".into() },
    );
    assert_eq!(other.unwrap_err().field.as_deref(), Some("list"));
    o.t.call::<commands::SavedFilterDelete>(
        Some(&o.head),
        commands::SavedFilterDeleteRequest { list: "incoming".into(), name: "Quá hạn của tôi".into() },
    )
    .unwrap();
    assert_eq!(list(&o.specialist).len(), 1, "another's delete touches only their own");
}
