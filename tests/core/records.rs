//! Records that stay right: days of arrival that cannot be, numbers typed in other
//! forms, invisible characters, a dispatch recorded twice, and a reply named by number.

use crate::incoming::{Office, directed_document};
use crate::outgoing::{content, issue, leaders, signed};
use chrono::Duration;
use vanphong::commands::{self, IncomingRef, OutgoingRef};
use vanphong::incoming::flow::{AssignRequest, CloseRequest};
use vanphong::incoming::model::Closure;
use vanphong::register::Issuer;

#[test]
fn a_day_of_arrival_that_cannot_be_is_refused_by_its_field() {
    let o = Office::new();
    let refused = |input| o.t.call::<commands::IncomingRegister>(Some(&o.clerk), input).unwrap_err();
    let mut future = o.input("1/STC", "Văn bản đến từ tương lai");
    future.received_at = o.t.clock_now() + Duration::days(400);
    let error = refused(future);
    assert_eq!((error.field.as_deref(), error.code.as_str()), (Some("receivedAt"), "invalid"));
    assert!(error.message.vi.contains("tương lai"), "{}", error.message.vi);
    let mut old = o.input("2/STC", "Gõ nhầm năm");
    old.received_at = chrono::DateTime::parse_from_rfc3339("1900-11-20T01:00:00Z").unwrap().to_utc();
    let error = refused(old);
    assert_eq!(error.field.as_deref(), Some("receivedAt"));
    assert!(error.message.vi.contains("kiểm tra lại năm"));
    let mut dated_later = o.input("3/STC", "Văn bản ký sau khi đến");
    dated_later.document_date = Some(o.t.clock_now().date_naive() + Duration::days(3));
    assert_eq!(refused(dated_later).field.as_deref(), Some("documentDate"));
}

#[test]
fn fullwidth_numbers_are_the_same_document_and_invisible_characters_are_not_kept() {
    let o = Office::new();
    let first = o.register(o.input("123/QĐ-UBND", "Quyết định phê duyệt dự toán"));
    let mut again = o.input("１２３/ＱĐ-ＵＢＮＤ", "Quyết\u{200B} định phê duyệt\u{202E} dự toán");
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), again.clone()).unwrap_err();
    assert!(error.code.is_confirmation(), "fullwidth digits are the same number: {error:?}");
    again.confirm_duplicate = true;
    let second = o.t.call::<commands::IncomingRegister>(Some(&o.clerk), again).unwrap();
    assert_eq!(second.number_symbol, "123/QĐ-UBND");
    assert_eq!(second.summary, "Quyết định phê duyệt dự toán");
    assert_ne!(first.id, second.id);
}

#[test]
fn a_dispatch_recorded_twice_is_recorded_once() {
    let l = leaders();
    let issued = issue(&l, &signed(&l, content("TB", Issuer::Office, "kết luận giao ban tuần")));
    let dispatch = crate::outgoing::sent_electronically(issued.row.id);
    for _ in 0..2 {
        l.o.t.call::<commands::OutgoingDispatch>(Some(&l.o.clerk), dispatch.clone()).unwrap();
        l.o.t.clock.advance(Duration::seconds(1));
    }
    let detail =
        l.o.t.call::<commands::OutgoingGet>(Some(&l.o.clerk), OutgoingRef { id: issued.row.id }).unwrap();
    assert_eq!(detail.dispatches.len(), 1, "a double click sends once");
}

#[test]
fn a_reply_named_by_a_number_the_office_issued_links_to_it_and_any_other_is_said_to_be_outside() {
    let l = leaders();
    let o = &l.o;
    let answer = issue(&l, &signed(&l, content("CV", Issuer::Office, "trả lời Sở Tài chính về dự toán")));
    let symbol = answer.row.number_symbol.clone().unwrap();
    let close = |reply: &str| {
        let id = directed_document(o);
        o.t.call::<commands::IncomingAssign>(
            Some(&o.head),
            AssignRequest { id, handler_id: o.specialist_id, other_ids: vec![], note: String::new() },
        )
        .unwrap();
        o.t.call::<commands::IncomingClose>(
            Some(&o.specialist),
            CloseRequest {
                id,
                closure: Closure::Replied,
                reply_outgoing_id: None,
                reply_number_symbol: Some(reply.into()),
                text: String::new(),
            },
        )
        .unwrap();
        let linked: Option<i64> = o
            .t
            .app
            .db()
            .read(|c| {
                Ok(c.query_row("SELECT reply_outgoing_id FROM incoming_document WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?)
            })
            .unwrap();
        let detail = o.t.call::<commands::IncomingGet>(Some(&o.specialist), IncomingRef { id }).unwrap();
        (linked, detail.steps.last().unwrap().text.clone())
    };
    let (linked, text) = close(&symbol.to_lowercase());
    assert_eq!(linked, Some(answer.row.id.0), "the number the office issued links to the document");
    assert!(!text.contains("ngoài hệ thống"), "{text}");
    let (linked, text) = close("999/UBND-XX");
    assert_eq!(linked, None);
    assert!(text.contains("văn bản ngoài hệ thống"), "{text}");
    // An id of a document the person may not see is refused as none.
    let id = directed_document(o);
    o.t.call::<commands::IncomingAssign>(
        Some(&o.head),
        AssignRequest { id, handler_id: o.specialist_id, other_ids: vec![], note: String::new() },
    )
    .unwrap();
    let mut secret = content("TB", Issuer::Office, "thông báo mật");
    secret.secrecy = vanphong::vocabulary::Clearance::Secret;
    let hidden = issue(&l, &signed(&l, secret)).row.id.0;
    let error =
        o.t.call::<commands::IncomingClose>(
            Some(&o.specialist),
            CloseRequest {
                id,
                closure: Closure::Replied,
                reply_outgoing_id: Some(hidden),
                reply_number_symbol: None,
                text: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(error.code, "not_found");
}

#[test]
fn the_clerk_corrects_a_registration_and_cancels_one_whose_number_stays() {
    use vanphong::incoming::flow::{CancelRequest, CorrectRequest};
    let o = Office::new();
    let row = o.register(o.input("45/STC-NS", "Về việc bổ sung kinh phí"));
    let correction = CorrectRequest {
        id: row.id,
        agency_name: "Sở Tài chính".into(),
        number_symbol: "54/STC-NS".into(),
        document_date: None,
        document_type: "CV".into(),
        summary: "Về việc bổ sung kinh phí sự nghiệp giáo dục".into(),
        page_count: Some(2),
        signer: "Nguyễn Văn A".into(),
        reason: "Gõ nhầm số".into(),
    };
    let refused = o.t.call::<commands::IncomingCorrect>(Some(&o.specialist), correction.clone()).unwrap_err();
    assert_eq!(refused.code, "auth.permission_denied", "the clerk corrects the register");
    let corrected = o.t.call::<commands::IncomingCorrect>(Some(&o.clerk), correction).unwrap();
    assert_eq!((corrected.number, corrected.number_symbol.as_str()), (row.number, "54/STC-NS"));
    let detail = o.t.call::<commands::IncomingGet>(Some(&o.clerk), IncomingRef { id: row.id }).unwrap();
    let step = detail.steps.last().unwrap();
    assert_eq!(step.kind, "corrected");
    assert!(
        step.text.contains("số, ký hiệu")
            && step.text.contains("trích yếu")
            && step.text.contains("Gõ nhầm số")
    );
    let before: String =
        o.t.app
            .db()
            .read(|c| {
                Ok(c.query_row(
                    "SELECT json_extract(details, '$.before.numberSymbol') FROM incoming_step WHERE id = ?1",
                    [step.id],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
    assert_eq!(before, "45/STC-NS", "the trail keeps the old value");
    // Found under its corrected number.
    let found =
        o.t.call::<commands::IncomingList>(
            Some(&o.clerk),
            vanphong::incoming::views::IncomingFilter { search: Some("54/STC".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(found.items.len(), 1);

    // Cancelled: the number stays, marked, and the next one is the next number.
    let cancel = CancelRequest { id: row.id, reason: String::new() };
    let error = o.t.call::<commands::IncomingCancel>(Some(&o.clerk), cancel).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("reason"));
    let cancelled =
        o.t.call::<commands::IncomingCancel>(
            Some(&o.clerk),
            CancelRequest { id: row.id, reason: "Vào sổ hai lần".into() },
        )
        .unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.number, row.number);
    let again = o
        .t
        .call::<commands::IncomingCancel>(Some(&o.clerk), CancelRequest { id: row.id, reason: "x".into() });
    assert_eq!(again.unwrap_err().code, "conflict");
    let next = o.register(o.input("46/STC-NS", "Văn bản tiếp theo"));
    assert_eq!(next.number, row.number + 1, "a cancelled number is never given again");
    let inbox = o.t.call::<commands::IncomingInbox>(Some(&o.clerk), ()).unwrap();
    assert!(inbox.iter().all(|r| r.id != row.id), "a cancelled document waits for nobody");
    let lines =
        o.t.app
            .db()
            .read(|c| {
                let actor = vanphong::auth::actor(c, vanphong::vocabulary::UserId(1))?.unwrap();
                let day = o.t.clock_now().date_naive();
                vanphong::incoming::views::register_lines(c, &actor, o.ordinary, day, day)
            })
            .unwrap();
    let line = lines.iter().find(|l| l.number == row.number).unwrap();
    assert!(line.notes.contains("Đã hủy: Vào sổ hai lần"), "{}", line.notes);
}
