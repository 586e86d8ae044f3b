//! Documents from the national interconnection axis (edXML): messages as other systems
//! write them read correctly, a clerk registers one in one step or refuses it, every step
//! answers the sender in the outbox, and the gateway's folder is followed.

use crate::incoming::Office;
use crate::support::repo_root;
use vanphong::commands::{self, Caller};
use vanphong::exchange::edxml::{self, Business, Message, StatusCode};
use vanphong::exchange::{
    ExchangeFilter, ExchangeKind, ExchangeRegisterInput, ExchangeRow, ExchangeState, folder,
};
use vanphong::incoming::model::{IncomingStatus, Urgency};
use vanphong::org::agency::{AgencyFilter, AgencyInput};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/data/edxml").join(name)).expect("sample message")
}

fn document(bytes: &[u8]) -> edxml::DocumentMessage {
    match edxml::parse(bytes) {
        Ok(Message::Document(m)) => *m,
        other => panic!("not a document: {other:?}"),
    }
}

#[test]
fn document_messages_are_read_as_other_systems_write_them() {
    let m = document(&sample("new-document.edxml"));
    assert_eq!(m.from.code, "000.00.12.H41");
    assert_eq!(m.from.name, "Sở Tài chính tỉnh Nghệ An");
    assert_eq!(m.to[0].code, "000.00.00.H41");
    assert_eq!(m.number_symbol(), "1234/STC-QLNS");
    assert_eq!(m.document_id, "000.00.12.H41,2026/11/18,1234/STC-QLNS");
    assert_eq!(m.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 18));
    assert_eq!(m.place, "Nghệ An");
    assert_eq!(m.type_name, "Công văn");
    assert_eq!(m.signer.competence, "KT. GIÁM ĐỐC");
    assert_eq!(m.signer.position, "PHÓ GIÁM ĐỐC");
    assert_eq!(m.signer.full_name, "Trần Văn Lâm");
    assert_eq!(m.due_date, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    assert_eq!((m.priority, m.page_count), (1, Some(3)));
    assert_eq!(m.places, ["UBND tỉnh (để b/c)", "Lưu: VT, QLNS."]);
    assert_eq!(m.business, Business::New);
    let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
    // The second file has no name of its own: the manifest names it.
    assert_eq!(names, ["1234-STC-QLNS.pdf", "phu-luc.txt"]);
    assert!(m.attachments[0].bytes.starts_with(b"%PDF-1.4"));
    assert_eq!(String::from_utf8_lossy(&m.attachments[1].bytes), "Phụ lục: danh mục công trình");

    // No prefixes, day-first dates with a time, a subject over several lines, base64 in
    // lines, a lower-case code, no DocumentId (made from the header, as the standard does).
    let bare = document(&sample("new-bare.edxml"));
    assert_eq!(bare.from.code, "000.00.31.H41");
    assert_eq!(bare.to.len(), 2);
    assert_eq!(bare.number_symbol(), "57/QĐ-UBND");
    assert_eq!(bare.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 5));
    assert_eq!(bare.due_date, chrono::NaiveDate::from_ymd_opt(2026, 11, 20));
    assert_eq!(bare.subject, "Về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2027");
    assert_eq!(bare.document_id, "000.00.31.H41,2026/11/05,57/QĐ-UBND");
    assert_eq!((bare.priority, bare.page_count), (3, None), "a page count of 0 is not known");
    assert!(bare.attachments[0].bytes.starts_with(b"%PDF-1.4"));

    // A sender's file name is a name, not a path.
    let named = String::from_utf8(sample("new-document.edxml"))
        .unwrap()
        .replace("<AttachmentName>1234-STC-QLNS.pdf<", "<AttachmentName>..\\..\\C:/Windows/1234\t.pdf<");
    assert_eq!(document(named.as_bytes()).attachments[0].name, "1234 .pdf", "white space as one space");

    // A common gateway writes "N/A" for what it does not know.
    let unknown = String::from_utf8(sample("new-document.edxml"))
        .unwrap()
        .replace("<edXML:Place>Nghệ An</edXML:Place>", "<edXML:Place>N/A</edXML:Place>")
        .replace(
            "<edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence>",
            "<edXML:Competence>N/A</edXML:Competence>",
        );
    let unknown = document(unknown.as_bytes());
    assert_eq!((unknown.place.as_str(), unknown.signer.competence.as_str()), ("", ""));

    let recall = document(&sample("recall.edxml"));
    assert_eq!(recall.business, Business::Recall);
    assert_eq!(recall.reason, "Thu hồi do sai số liệu phụ lục");
}

#[test]
fn status_messages_are_read_bare_or_in_a_soap_envelope() {
    let read = |name: &str| match edxml::parse(&sample(name)) {
        Ok(Message::Status(s)) => *s,
        other => panic!("{name}: not a status: {other:?}"),
    };
    let registered = read("status-registered.edxml");
    assert_eq!(registered.status, StatusCode::Registered);
    assert_eq!(registered.from.code, "000.00.12.H41");
    assert_eq!(registered.response_for.document_id, "000.00.00.H41,2026/11/17,245/UBND-KT");
    assert_eq!(registered.staff, "Lê Thị Mai");
    // 10:32 in Vietnam.
    assert_eq!(registered.at.unwrap().to_rfc3339(), "2026-11-18T03:32:00+00:00");
    // A common gateway binds the edXML prefix to the SOAP namespace, writes "6" and the
    // day first.
    let done = read("status-soap.edxml");
    assert_eq!(done.status, StatusCode::Completed);
    assert_eq!(done.response_for.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 17));
    assert_eq!(done.at.unwrap().to_rfc3339(), "2026-11-20T09:05:09+00:00");
    // What this Office writes reads back the same.
    let written = edxml::write_status(&registered);
    match edxml::parse(written.as_bytes()) {
        Ok(Message::Status(again)) => assert_eq!(*again, registered),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_cannot_be_read_is_said_in_words() {
    let standard = String::from_utf8(sample("new-document.edxml")).unwrap();
    let cases: &[(&str, String, &str)] = &[
        ("not XML", "%PDF-1.4 not a message".into(), "không phải XML"),
        ("no header", "<edXML><Other/></edXML>".into(), "không phải gói tin edXML"),
        ("no sender", standard.replace("<edXML:OrganId>000.00.12.H41</edXML:OrganId>", ""), "cơ quan gửi"),
        (
            "no subject",
            standard
                .replace(
                    "<edXML:Subject>Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các huyện miền núi</edXML:Subject>",
                    "",
                )
                .replace(
                    "<edXML:Content>Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các huyện miền núi</edXML:Content>",
                    "",
                ),
            "trích yếu",
        ),
        ("a date nobody can read", standard.replace("2026/11/18</edXML:PromulgationDate>", "hôm qua</edXML:PromulgationDate>"), "hôm qua"),
        ("broken base64", standard.replace("<ContentTransferEncoded>JVBER", "<ContentTransferEncoded>!!!"), "base64"),
        (
            "an unknown business type",
            standard.replace("<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>7<"),
            "Loại nghiệp vụ 7",
        ),
        ("an entity bomb", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>".into(), "XML"),
    ];
    for (what, text, said) in cases {
        match edxml::parse(text.as_bytes()) {
            Err(e) => assert!(e.vi.contains(said), "{what}: {}", e.vi),
            Ok(m) => panic!("{what}: read as {m:?}"),
        }
    }
    let invalid_utf8 = [b'<', b'a', b'>', 0xff, b'<', b'/', b'a', b'>'];
    assert!(edxml::parse(&invalid_utf8).unwrap_err().vi.contains("UTF-8"));
}

/// An Office whose directory knows the Department of Finance by its code, with the
/// Office's own code set.
fn office() -> Office {
    with_codes(Office::new(), "000.00.00.h41")
}

/// `o` with its own code and the Department of Finance's (`000.00.12.H41`).
fn with_codes(o: Office, own: &str) -> Office {
    give_code(&o, "so tai chinh", "000.00.12.H41");
    o.t.call::<commands::ExchangeOfficeSet>(Some(&o.admin), commands::OfficeCode { code: own.into() })
        .unwrap();
    o
}

/// Give the agency found by `search` the code `code`; its id.
fn give_code(o: &Office, search: &str, code: &str) -> vanphong::vocabulary::AgencyId {
    let agency =
        o.t.call::<commands::AgencyList>(
            Some(&o.admin),
            AgencyFilter { search: Some(search.into()), ..Default::default() },
        )
        .unwrap()
        .items
        .remove(0);
    o.t.call::<commands::AgencyUpdate>(
        Some(&o.admin),
        commands::AgencyUpdateRequest {
            id: agency.id,
            input: AgencyInput {
                code: Some(code.into()),
                name: agency.name,
                abbreviation: agency.abbreviation,
                group: agency.group,
            },
            active: true,
        },
    )
    .unwrap();
    agency.id
}

fn receive(o: &Office, name: &str, bytes: &[u8]) -> ExchangeRow {
    let upload =
        commands::upload(&o.t.app, Caller { token: Some(&o.clerk), source: None }, name, &mut &bytes[..])
            .unwrap();
    o.t.call::<commands::ExchangeReceive>(
        Some(&o.clerk),
        commands::ExchangeUpload { file_name: name.into(), upload_id: upload.upload_id },
    )
    .unwrap()
}

/// The status messages waiting for the gateway, as (to, code).
fn outbox(o: &Office) -> Vec<(String, String)> {
    o.t.app
        .db()
        .read(|conn| vanphong::exchange::unwritten(conn, 100))
        .unwrap()
        .into_iter()
        .map(|m| (m.to_code, m.status_code))
        .collect()
}

fn register(
    o: &Office,
    row: &ExchangeRow,
) -> Result<vanphong::incoming::model::IncomingRow, vanphong::ApiError> {
    o.t.call::<commands::ExchangeRegister>(
        Some(&o.clerk),
        ExchangeRegisterInput {
            id: row.id,
            register_id: o.ordinary,
            lead_department_id: None,
            supervisor_id: None,
            routing_rule_id: None,
            present_to_id: Some(o.deputy_id),
            confirm_duplicate: false,
        },
    )
}

#[test]
fn a_clerk_registers_a_document_from_the_axis_in_one_step() {
    let o = office();
    let row = receive(&o, "stc-1234.edxml", &sample("new-document.edxml"));
    assert_eq!(row.state, ExchangeState::Waiting);
    assert_eq!(row.number_symbol, "1234/STC-QLNS");
    assert_eq!(outbox(&o), [("000.00.12.H41".to_string(), "01".to_string())], "told it arrived");

    let detail =
        o.t.call::<commands::ExchangeGet>(Some(&o.clerk), commands::ExchangeRef { id: row.id }).unwrap();
    let seen = detail.document.expect("read");
    assert_eq!(seen.agency_name.as_deref(), Some("Sở Tài chính"), "the sender found by its code");
    assert_eq!((seen.document_type.as_str(), seen.urgency), ("CV", Urgency::Urgent));
    assert_eq!(seen.files.len(), 2);
    let pdf = o
        .t
        .call::<commands::ExchangeFileGet>(Some(&o.clerk), commands::ExchangeFileRef { id: row.id, index: 0 })
        .unwrap();
    assert!(crate::support::fetched(&pdf).starts_with(b"%PDF-1.4"));

    let incoming = register(&o, &row).unwrap();
    assert_eq!(incoming.number_symbol, "1234/STC-QLNS");
    assert_eq!(incoming.agency_name, "Sở Tài chính");
    assert_eq!(incoming.summary, "Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các huyện miền núi");
    assert_eq!(incoming.urgency, Urgency::Urgent);
    assert_eq!(incoming.status, IncomingStatus::Presented);
    let whole =
        o.t.call::<commands::IncomingGet>(Some(&o.clerk), commands::IncomingRef { id: incoming.id }).unwrap();
    assert!(whole.electronic);
    assert_eq!(whole.page_count, Some(3));
    assert_eq!(whole.reply_deadline, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    assert_eq!(whole.signer, "KT. GIÁM ĐỐC — PHÓ GIÁM ĐỐC — Trần Văn Lâm");
    let files: Vec<&str> = whole.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(files, ["1234-STC-QLNS.pdf", "phu-luc.txt"]);
    // Its page leads the clerk back to the message; the leader it was presented to does
    // not see the axis, nor the way to it.
    assert_eq!(whole.axis_message_id, Some(row.id.0));
    let presented =
        o.t.call::<commands::IncomingGet>(Some(&o.deputy), commands::IncomingRef { id: incoming.id })
            .unwrap();
    assert_eq!(presented.axis_message_id, None);
    let codes: Vec<String> = outbox(&o).into_iter().map(|(_, c)| c).collect();
    assert_eq!(codes, ["01", "03"]);

    // The answer is a status message the sender's system reads: from the Office's code,
    // about the document as the sender named it.
    let written = o.t.app.db().read(|conn| vanphong::exchange::unwritten(conn, 10)).unwrap();
    let Ok(Message::Status(registered)) = edxml::parse(written[1].content.as_bytes()) else { panic!() };
    assert_eq!(registered.from.code, "000.00.00.H41");
    assert_eq!(registered.response_for.document_id, "000.00.12.H41,2026/11/18,1234/STC-QLNS");
    assert_eq!(registered.response_for.code, "1234/STC-QLNS");
    assert!(registered.staff.contains("vt"), "{}", registered.staff);

    // Registered once: the message is done with.
    let again = register(&o, &row).unwrap_err();
    assert_eq!(again.field.as_deref(), Some("id"));
    // The same file delivered again is the same message; the same document in another
    // message joins the document registered, and nothing is numbered twice.
    assert_eq!(receive(&o, "again.edxml", &sample("new-document.edxml")).id, row.id);
    let resent = sample("new-document.edxml");
    let resent = String::from_utf8(resent).unwrap().replace("Nguyễn Thị Hoa", "Nguyễn Thị Hoa (gửi lại)");
    let second = receive(&o, "stc-1234-lan-2.edxml", resent.as_bytes());
    assert_ne!(second.id, row.id);
    let detail =
        o.t.call::<commands::ExchangeGet>(Some(&o.clerk), commands::ExchangeRef { id: second.id }).unwrap();
    assert_eq!(detail.registered_as, Some(incoming.id));
    assert_eq!(register(&o, &second).unwrap().id, incoming.id);
    let page = o.t.call::<commands::IncomingList>(Some(&o.clerk), Default::default()).unwrap();
    assert_eq!(page.items.iter().filter(|d| d.number_symbol == "1234/STC-QLNS").count(), 1);
}

#[test]
fn a_clerk_refuses_with_a_reason_and_the_unreadable_is_kept_and_answered() {
    let o = office();
    let row = receive(&o, "xa.edxml", &sample("new-bare.edxml"));
    let refused =
        o.t.call::<commands::ExchangeRefuse>(
            Some(&o.clerk),
            commands::ExchangeRefusal { id: row.id, reason: "  ".into() },
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("reason"), "a refusal says why");
    let refused =
        o.t.call::<commands::ExchangeRefuse>(
            Some(&o.clerk),
            commands::ExchangeRefusal {
                id: row.id, reason: "Không đúng thẩm quyền giải quyết".into()
            },
        )
        .unwrap();
    assert_eq!(refused.state, ExchangeState::Refused);
    let written = o.t.app.db().read(|conn| vanphong::exchange::unwritten(conn, 10)).unwrap();
    let last = written.last().unwrap();
    assert_eq!((last.to_code.as_str(), last.status_code.as_str()), ("000.00.31.H41", "02"));
    assert!(last.content.contains("Không đúng thẩm quyền giải quyết"));

    // Half a message: kept, the reason in words, its sender told.
    let broken = String::from_utf8(sample("new-document.edxml"))
        .unwrap()
        .replace("<ContentTransferEncoded>JVBER", "<ContentTransferEncoded>!!!");
    let kept = receive(&o, "hong.edxml", broken.as_bytes());
    assert_eq!(kept.state, ExchangeState::Unreadable);
    assert!(kept.reason.contains("base64"), "{}", kept.reason);
    assert!(
        kept.reason_en.contains("base64") && kept.reason_en.is_ascii(),
        "in English too: {}",
        kept.reason_en
    );
    assert!(refused.reason_en.is_empty(), "a clerk's reason is kept as typed");
    assert_eq!(outbox(&o).last().unwrap(), &("000.00.12.H41".to_string(), "02".to_string()));
    // Not even XML: kept; nobody to tell.
    let before = outbox(&o).len();
    let junk = receive(&o, "rac.xml", b"not a message at all");
    assert_eq!(junk.state, ExchangeState::Unreadable);
    assert_eq!(outbox(&o).len(), before);
    assert!(register(&o, &junk).is_err());

    // A recall waits for the clerk and is not registered as a new document.
    let recall = receive(&o, "thu-hoi.edxml", &sample("recall.edxml"));
    assert_eq!(recall.business, 1);
    assert_eq!(register(&o, &recall).unwrap_err().field.as_deref(), Some("id"));

    // A status about what this Office sent is recorded.
    let status = receive(&o, "trang-thai.edxml", &sample("status-soap.edxml"));
    assert_eq!((status.state, status.status_code.as_str()), (ExchangeState::Recorded, "06"));

    let waiting =
        o.t.call::<commands::ExchangeList>(
            Some(&o.clerk),
            ExchangeFilter { state: Some(ExchangeState::Waiting), ..Default::default() },
        )
        .unwrap();
    assert_eq!(waiting.waiting, 1);
    assert_eq!(waiting.items.len(), 1, "the recall");
}

#[test]
fn only_those_who_register_documents_see_the_axis() {
    let o = office();
    let row = receive(&o, "stc.edxml", &sample("new-document.edxml"));
    for (who, token) in
        [("a specialist", &o.specialist), ("a department head", &o.head), ("a deputy chief", &o.deputy)]
    {
        let denied =
            o.t.call::<commands::ExchangeGet>(Some(token), commands::ExchangeRef { id: row.id }).unwrap_err();
        assert_eq!(denied.code, vanphong::error::ErrorCode::AuthPermissionDenied, "{who}");
        let denied = o.t.call::<commands::ExchangeList>(Some(token), Default::default()).unwrap_err();
        assert_eq!(denied.code, vanphong::error::ErrorCode::AuthPermissionDenied, "{who}");
    }
}

#[test]
fn a_message_too_large_to_read_is_kept_without_being_read() {
    let o = office();
    o.t.app.set_max_file(1024);
    let dir = tempfile::tempdir().unwrap();
    let folders = folder::Folders::open(dir.path()).unwrap();
    let mut huge = sample("new-document.edxml");
    huge.resize(4096, b' ');
    std::fs::write(folders.inbox.join("0001.edxml"), &huge).unwrap();
    let pass = folder::pass(&o.t.app, &folders, o.t.clock_now()).unwrap();
    let kept = &pass.received[0];
    assert_eq!((kept.kind, kept.state), (ExchangeKind::Unreadable, ExchangeState::Unreadable));
    assert!(kept.reason.contains("quá lớn (4 KB; giới hạn 2 KB)"), "{}", kept.reason);
    assert!(kept.reason_en.contains("too large"), "{}", kept.reason_en);
    assert_eq!(pass.sent, 0, "nobody to tell without reading it");
    // Its page opens without reading it; the file is kept, and the same file again is the
    // same message.
    let seen =
        o.t.call::<commands::ExchangeGet>(Some(&o.clerk), commands::ExchangeRef { id: kept.id }).unwrap();
    assert!(seen.document.is_none());
    std::fs::write(folders.inbox.join("0002.edxml"), &huge).unwrap();
    let again = folder::pass(&o.t.app, &folders, o.t.clock_now()).unwrap();
    assert_eq!(again.received[0].id, kept.id);
}

#[test]
fn the_gateways_folder_is_followed_and_the_sender_told_as_the_document_moves() {
    let o = office();
    let dir = tempfile::tempdir().unwrap();
    let folders = folder::Folders::open(dir.path()).unwrap();
    std::fs::write(folders.inbox.join("0001.edxml"), sample("new-document.edxml")).unwrap();
    std::fs::write(folders.inbox.join("0002.edxml"), sample("status-registered.edxml")).unwrap();
    // A file the gateway is still writing (hidden, as it names them) waits.
    std::fs::write(folders.inbox.join(".0003.edxml.part"), b"<edXML").unwrap();
    std::fs::write(folders.inbox.join("0004.edxml.tmp"), b"<edXML").unwrap();
    let now = o.t.clock_now();
    let pass = folder::pass(&o.t.app, &folders, now).unwrap();
    assert_eq!(pass.received.len(), 2);
    assert_eq!(pass.sent, 1, "01 for the document; nothing for a status");
    let names = |d: &std::path::Path| {
        let mut n: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&folders.inbox), [".0003.edxml.part", "0004.edxml.tmp"]);
    assert_eq!(names(&folders.archive).len(), 2);
    let out = names(&folders.outbox);
    assert_eq!(out.len(), 1);
    assert!(out[0].contains("status-01-000.00.12.H41"), "{out:?}");
    // Written whole: it reads as a status message.
    let written = std::fs::read(folders.outbox.join(&out[0])).unwrap();
    assert!(matches!(edxml::parse(&written), Ok(Message::Status(s)) if s.status == StatusCode::Arrived));
    assert!(o.t.app.db().read(|conn| vanphong::exchange::unwritten(conn, 10)).unwrap().is_empty());

    // Registered, then directed by the deputy chief: 03 and 04 go out on the next pass.
    let document =
        pass.received.iter().find(|r| r.kind == vanphong::exchange::ExchangeKind::Document).unwrap();
    let incoming = register(&o, document).unwrap();
    o.t.call::<commands::IncomingDirect>(
        Some(&o.deputy),
        vanphong::incoming::flow::DirectRequest {
            id: incoming.id,
            lead_department_id: o.t.department(&o.admin, "KT"),
            cooperating_department_ids: Vec::new(),
            deadline: None,
            working_days: Some(5),
            text: "Phòng KT tham mưu".into(),
        },
    )
    .unwrap();
    let second = folder::pass(&o.t.app, &folders, now).unwrap();
    assert_eq!(second.sent, 2);
    let codes: Vec<String> =
        names(&folders.outbox).iter().map(|n| n.split('-').nth(2).unwrap().to_string()).collect();
    assert_eq!(codes, ["01", "03", "04"]);
    // Nothing new: nothing written again.
    assert_eq!(folder::pass(&o.t.app, &folders, now).unwrap().sent, 0);
}

#[test]
fn a_document_message_this_office_writes_reads_back_whole() {
    let mut m = document(&sample("new-document.edxml"));
    m.subject = "Về việc <khẩn> & \"quan trọng\"".into();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T08:00:00+07:00").unwrap().to_utc();
    let written = edxml::write_document(&m, at);
    assert_eq!(document(written.as_bytes()), m);
}

/// Move every message one Office's gateway took from its outbox into the other's inbox,
/// as the axis carries them.
fn carry(from: &folder::Folders, to: &folder::Folders) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&from.outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        std::fs::rename(from.outbox.join(name), to.inbox.join(name)).unwrap();
    }
    names
}

/// The message in `folders`' outbox addressed to `code`.
fn addressed(folders: &folder::Folders, code: &str) -> std::path::PathBuf {
    std::fs::read_dir(&folders.outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(code))
        .unwrap_or_else(|| panic!("a message to {code}"))
}

#[test]
fn an_issued_document_travels_to_another_office_and_every_status_comes_back() {
    use crate::outgoing::{content, issue, leaders_of, signed};
    use vanphong::register::Issuer;
    // Two provinces' Offices, each with its server's exchange folder.
    let mut l = leaders_of(with_codes(Office::new(), "000.00.01.H41"));
    let there = with_codes(Office::new(), "000.00.01.H29");
    let (here_dir, there_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let here_folders = folder::Folders::open(here_dir.path()).unwrap();
    let there_folders = folder::Folders::open(there_dir.path()).unwrap();
    // In this Office's directory the other Office is an agency with its code; another
    // recipient has a code too, and a third none.
    let other_office = give_code(&l.o, "so tai chinh", "000.00.01.H29");
    let builders = give_code(&l.o, "so xay dung", "000.00.07.H41");
    let uncoded =
        l.o.t
            .call::<commands::AgencyList>(
                Some(&l.o.admin),
                AgencyFilter { search: Some("so y te".into()), ..Default::default() },
            )
            .unwrap()
            .items[0]
            .id;

    // Signed before the server had the signer's key: on paper only.
    let paper = issue(&l, &signed(&l, content("CV", Issuer::Committee, "Về việc kiểm tra công tác văn thư")));
    let on_paper = paper.row.id;
    let send_document = |id, token: &str, agencies: Vec<vanphong::vocabulary::AgencyId>| {
        l.o.t.call::<commands::ExchangeSend>(
            Some(token),
            commands::ExchangeSendRequest { id, agency_ids: agencies, resend: None },
        )
    };
    // Nothing leaves unsigned: without the signer's key on the server, the clerk is told.
    let (signer_login, signer_name) = signer_of(&l, on_paper);
    let unsigned = send_document(on_paper, &l.o.clerk, vec![other_office]).unwrap_err();
    assert!(unsigned.message.vi.contains("chưa có khóa ký số"), "{}", unsigned.message.vi);
    assert!(unsigned.message.vi.contains("chỉ có bản giấy"), "{}", unsigned.message.vi);
    // The administrator installs the signer's and the Committee's keys; the other Office
    // trusts the same authority.
    let committee = "Ủy ban nhân dân tỉnh Nghệ An".to_string();
    vanphong_tools::demo_signing::make(
        l.o.t.app.signing().dir(),
        &committee,
        &[("committee", committee.clone())],
        &[(signer_login.clone(), signer_name.clone())],
        l.o.t.clock_now(),
    )
    .unwrap();
    // The administrator sees what the folder holds: the seal and the signer's key, each
    // opened; a file whose password is wrong, said so; the signers still without a key.
    let folder = l.o.t.app.signing().dir().to_path_buf();
    std::fs::copy(folder.join("seal-committee.p12"), folder.join("people/kt.p12")).unwrap();
    std::fs::write(folder.join("people/kt.pass"), "not its password").unwrap();
    let overview = l.o.t.call::<commands::SigningFolderGet>(Some(&l.o.admin), ()).unwrap();
    let files: Vec<(&str, bool, bool)> = overview
        .folder
        .keys
        .iter()
        .map(|k| (k.file.as_str(), k.certificate.is_some(), k.problem.is_some()))
        .collect();
    let signer_file = format!("people/{signer_login}.p12");
    let mut expected = vec![("seal-committee.p12", true, false), ("people/kt.p12", false, true)];
    expected.push((signer_file.as_str(), true, false));
    expected.sort();
    let mut files_sorted = files.clone();
    files_sorted.sort();
    assert_eq!(files_sorted, expected);
    assert_eq!(overview.folder.trusted.len(), 1);
    assert!(!overview.signers_without_keys.iter().any(|s| s.contains(&signer_name)));
    assert!(!overview.signers_without_keys.is_empty(), "the other leaders have no key yet");
    assert!(l.o.t.call::<commands::SigningFolderGet>(Some(&l.o.clerk), ()).is_err(), "the administrator's");
    std::fs::remove_file(folder.join("people/kt.p12")).unwrap();

    // Signed with the key, but issued on paper: no electronic original, and the page says so.
    let on_paper_too = signed(&l, content("CV", Issuer::Committee, "Về việc chuẩn bị hội nghị tổng kết"));
    let register_id = crate::outgoing::get(&l, &l.o.clerk, on_paper_too.row.id).proposed_register_id.unwrap();
    let paper_issue =
        l.o.t
            .call::<commands::OutgoingIssue>(
                Some(&l.o.clerk),
                vanphong::outgoing::issue::IssueRequest {
                    id: on_paper_too.row.id,
                    register_id,
                    electronic: false,
                    copies: Some(3),
                },
            )
            .unwrap();
    assert_eq!(paper_issue.digital, vanphong::outgoing::views::DigitalSignatures::Signer);
    let why = paper_issue.axis_refusal.expect("the page says why it cannot be sent");
    assert!(why.vi.contains("bản giấy") && why.en.contains("on paper"), "{why:?}");
    let refused = send_document(on_paper_too.row.id, &l.o.clerk, vec![other_office]).unwrap_err();
    assert_eq!(refused.message, why);

    // Signed now with the signer's key, sealed when the clerk issues it.
    let issued = issue(
        &l,
        &signed(&l, content("CV", Issuer::Committee, "Về việc phối hợp tổ chức hội chợ thương mại vùng")),
    );
    let id = issued.row.id;
    let symbol = issued.row.number_symbol.clone().unwrap();
    assert_eq!(issued.digital, vanphong::outgoing::views::DigitalSignatures::SignerAndSeal);
    assert!(issued.axis_refusal.is_none());
    let send =
        |token: &str, agencies: Vec<vanphong::vocabulary::AgencyId>| send_document(id, token, agencies);

    let trust = there.t.app.signing().dir().join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    std::fs::copy(l.o.t.app.signing().dir().join("trust/demo-ca.pem"), trust.join("ca.pem")).unwrap();

    let refused = send(&l.o.clerk, vec![other_office, uncoded]).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("agencyIds"));
    assert!(refused.message.vi.contains("Sở Y tế"), "{}", refused.message.vi);
    assert!(send(&l.o.specialist, vec![other_office]).is_err(), "a specialist does not send");
    let sent = send(&l.o.clerk, vec![other_office, builders]).unwrap();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|d| !d.left && d.status_code.is_empty()));
    let detail = crate::outgoing::get(&l, &l.o.clerk, id);
    assert_eq!(detail.dispatches.len(), 2, "recorded as its dispatch");
    // Again to where it went: asked first, then sent as asked.
    let again = send(&l.o.clerk, vec![builders]).unwrap_err();
    assert_eq!(again.code, vanphong::error::ErrorCode::ConfirmResend);
    assert!(again.message.vi.contains("Sở Xây dựng"), "{}", again.message.vi);

    // This Office's server hands the messages to its gateway.
    let now = l.o.t.clock_now();
    assert_eq!(folder::pass(&l.o.t.app, &here_folders, now).unwrap().sent, 2);
    let m = document(&std::fs::read(addressed(&here_folders, "000.00.01.H29")).unwrap());
    assert_eq!((m.from.code.as_str(), m.to[0].code.as_str()), ("000.00.01.H41", "000.00.01.H29"));
    assert_eq!(m.number_symbol(), symbol);
    assert_eq!(m.subject, "Về việc phối hợp tổ chức hội chợ thương mại vùng");
    assert!(m.attachments[0].bytes.starts_with(b"%PDF"), "the printed document travels");
    assert!(!m.signer.full_name.is_empty());
    // Only the other Office's message travels to it; the other recipient's goes elsewhere.
    std::fs::remove_file(addressed(&here_folders, "000.00.07.H41")).unwrap();
    carry(&here_folders, &there_folders);

    // There: it arrives, is registered in one step and directed.
    let arrived = folder::pass(&there.t.app, &there_folders, now).unwrap();
    let row = &arrived.received[0];
    assert_eq!(row.number_symbol, symbol);
    // The clerk there sees the printed document signed by the signer, then sealed.
    let seen = there
        .t
        .call::<commands::ExchangeGet>(Some(&there.clerk), commands::ExchangeRef { id: row.id })
        .unwrap();
    let checks = seen.document.unwrap().files[0].signatures.clone().expect("a PDF's signatures");
    let verdicts: Vec<(vanphong::signature::SignatureState, &str)> =
        checks.iter().map(|c| (c.state, c.signer.as_str())).collect();
    use vanphong::signature::SignatureState::Valid;
    assert_eq!(verdicts, vec![(Valid, signer_name.as_str()), (Valid, committee.as_str())]);
    let incoming = register(&there, row).unwrap();
    // Registered, its PDF is checked again on demand from the document's page.
    let page = there
        .t
        .call::<commands::IncomingGet>(Some(&there.clerk), commands::IncomingRef { id: incoming.id })
        .unwrap();
    let file = commands::AttachmentRef { attachment_id: page.attachments[0].id };
    let again = there.t.call::<commands::IncomingAttachmentSignatureList>(Some(&there.clerk), file).unwrap();
    assert_eq!(again, Some(checks));
    there
        .t
        .call::<commands::IncomingDirect>(
            Some(&there.deputy),
            vanphong::incoming::flow::DirectRequest {
                id: incoming.id,
                lead_department_id: there.t.department(&there.admin, "KT"),
                cooperating_department_ids: Vec::new(),
                deadline: None,
                working_days: Some(5),
                text: "Phòng KT chủ trì".into(),
            },
        )
        .unwrap();
    folder::pass(&there.t.app, &there_folders, now).unwrap();
    let statuses = carry(&there_folders, &here_folders);
    assert_eq!(statuses.len(), 3, "01, 03, 04: {statuses:?}");

    // Back here: the deliveries follow, and the silent recipient is flagged a day later.
    folder::pass(&l.o.t.app, &here_folders, now).unwrap();
    l.o.t.clock.advance(chrono::Duration::hours(25));
    let clerk = l.o.t.login("vt1", crate::support::PASSWORD).unwrap().token;
    let deliveries =
        l.o.t
            .call::<commands::ExchangeDeliveryList>(Some(&clerk), commands::OutgoingDeliveries { id })
            .unwrap();
    let of = |code: &str| deliveries.iter().find(|d| d.to_code == code).unwrap();
    assert_eq!(of("000.00.01.H29").status_code, "04");
    assert!(of("000.00.01.H29").left && !of("000.00.01.H29").silent);
    assert!(of("000.00.07.H41").silent, "never answered");
    // An Office that allows two days (`serve --axis-answer-hours 48`) is still waiting.
    l.o.t.app.set_answer_within_hours(48);
    let patient =
        l.o.t
            .call::<commands::ExchangeDeliveryList>(Some(&clerk), commands::OutgoingDeliveries { id })
            .unwrap();
    assert!(patient.iter().all(|d| !d.silent));
    l.o.t.app.set_answer_within_hours(24);

    // The next day's sessions.
    l.chief = l.o.t.login("cvp", crate::support::PASSWORD).unwrap().token;
    l.vice = l.o.t.login("pct1", crate::support::PASSWORD).unwrap().token;
    l.o.clerk = clerk.clone();
    // A correcting công văn goes to the other Office as an update of what it registered
    // (business type 2, under the original's DocumentId): accepted there, it joins the
    // registered document's trail and files.
    let correction =
        l.o.t.call::<commands::OutgoingCorrect>(Some(&l.chief), commands::OutgoingRef { id }).unwrap();
    let correction = issue(&l, &crate::outgoing::submitted_and_signed(&l, correction.row.id));
    let correction_symbol = correction.row.number_symbol.clone().unwrap();
    send_document(correction.row.id, &clerk, vec![other_office]).unwrap();
    let later = l.o.t.clock_now();
    folder::pass(&l.o.t.app, &here_folders, later).unwrap();
    let m = document(&std::fs::read(addressed(&here_folders, "000.00.01.H29")).unwrap());
    assert_eq!((m.business, m.number_symbol()), (Business::Update, correction_symbol.clone()));
    assert_eq!(
        m.document_id,
        format!("000.00.01.H41,{},{symbol}", issued.row.issue_date.unwrap().format("%Y/%m/%d"))
    );
    assert!(m.reason.contains(&symbol), "{}", m.reason);
    carry(&here_folders, &there_folders);
    let update = folder::pass(&there.t.app, &there_folders, later).unwrap().received.remove(0);
    assert_eq!(update.business, 2);
    there
        .t
        .call::<commands::ExchangeAccept>(Some(&there.clerk), commands::ExchangeAcceptance { id: update.id })
        .unwrap();
    let page = there
        .t
        .call::<commands::IncomingGet>(Some(&there.clerk), commands::IncomingRef { id: incoming.id })
        .unwrap();
    assert_eq!(page.steps.last().unwrap().kind, "updated");
    assert!(page.attachments.len() > 1, "the correction's files joined the document");

    // Recalled here, the recall reaches it too (business type 1); accepted there, the
    // registration is cancelled and 15 comes back.
    l.o.t
        .call::<commands::OutgoingRecall>(
            Some(&l.chief),
            vanphong::outgoing::issue::RecallRequest {
                id, reason: "Ban hành chưa đúng thẩm quyền".into()
            },
        )
        .unwrap();
    folder::pass(&l.o.t.app, &here_folders, later).unwrap();
    let m = document(&std::fs::read(addressed(&here_folders, "000.00.01.H29")).unwrap());
    assert_eq!((m.business, m.reason.as_str()), (Business::Recall, "Ban hành chưa đúng thẩm quyền"));
    assert!(m.attachments.is_empty());
    std::fs::remove_file(addressed(&here_folders, "000.00.07.H41")).unwrap();
    carry(&here_folders, &there_folders);
    let recall = folder::pass(&there.t.app, &there_folders, later).unwrap().received.remove(0);
    there
        .t
        .call::<commands::ExchangeAccept>(Some(&there.clerk), commands::ExchangeAcceptance { id: recall.id })
        .unwrap();
    folder::pass(&there.t.app, &there_folders, later).unwrap();
    carry(&there_folders, &here_folders);
    folder::pass(&l.o.t.app, &here_folders, later).unwrap();
    let deliveries =
        l.o.t
            .call::<commands::ExchangeDeliveryList>(Some(&clerk), commands::OutgoingDeliveries { id })
            .unwrap();
    assert_eq!(deliveries.iter().find(|d| d.to_code == "000.00.01.H29").unwrap().status_code, "15");
}

/// The login and name of the person who signed `id`.
fn signer_of(l: &crate::outgoing::Leaders, id: vanphong::outgoing::OutgoingId) -> (String, String) {
    l.o.t
        .app
        .db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT u.username, u.full_name FROM outgoing_document d JOIN user u ON u.id = d.signer_id
                 WHERE d.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
}

/// A document signed before the flow signed digitally (migration 0035 marks it) is signed
/// by its signer's key and sealed when it is first sent, as sending did then: its
/// message's PDF carries both signatures.
#[test]
fn a_document_signed_before_the_flow_signed_digitally_is_signed_when_sent() {
    use crate::outgoing::{content, issue, leaders_of, signed};
    use vanphong::register::Issuer;
    let l = leaders_of(office());
    let finance = give_code(&l.o, "so tai chinh", "000.00.12.H41");
    let issued = issue(&l, &signed(&l, content("CV", Issuer::Committee, "Về việc tổng kết năm")));
    let id = issued.row.id;
    l.o.t
        .app
        .db()
        .write(|c| Ok(c.execute("UPDATE outgoing_document SET signed_file = '' WHERE id = ?1", [id])?))
        .unwrap();
    let page = crate::outgoing::get(&l, &l.o.clerk, id);
    assert_eq!(page.digital, vanphong::outgoing::views::DigitalSignatures::None);
    assert!(page.axis_refusal.is_none(), "it can still be sent");
    let (login, name) = signer_of(&l, id);
    let committee = "Ủy ban nhân dân tỉnh Nghệ An".to_string();
    let dir = l.o.t.app.signing().dir().to_path_buf();
    vanphong_tools::demo_signing::make(
        &dir,
        &committee,
        &[("committee", committee.clone())],
        &[(login, name.clone())],
        l.o.t.clock_now(),
    )
    .unwrap();
    l.o.t
        .call::<commands::ExchangeSend>(
            Some(&l.o.clerk),
            commands::ExchangeSendRequest { id, agency_ids: vec![finance], resend: None },
        )
        .unwrap();
    let written = l.o.t.app.db().read(|conn| vanphong::exchange::unwritten(conn, 10)).unwrap();
    let m = document(written.last().unwrap().content.as_bytes());
    let checks = vanphong::signature::verify(
        &m.attachments[0].bytes,
        &l.o.t.app.signing().trust().unwrap(),
        l.o.t.clock_now(),
    )
    .unwrap();
    let signers: Vec<(vanphong::signature::SignatureState, &str)> =
        checks.iter().map(|c| (c.state, c.signer.as_str())).collect();
    use vanphong::signature::SignatureState::Valid;
    assert_eq!(signers, vec![(Valid, name.as_str()), (Valid, committee.as_str())]);
    assert_eq!(
        crate::outgoing::get(&l, &l.o.clerk, id).digital,
        vanphong::outgoing::views::DigitalSignatures::SignerAndSeal
    );
}

#[test]
fn a_secret_document_is_refused_before_anything_is_written() {
    use crate::outgoing::{content, issue, leaders_of, signed};
    use vanphong::register::Issuer;
    let l = leaders_of(office());
    let finance = give_code(&l.o, "so tai chinh", "000.00.12.H41");
    let mut secret = content("CV", Issuer::Committee, "Về việc bảo đảm an ninh hội nghị");
    secret.secrecy = vanphong::vocabulary::Clearance::Secret;
    let issued = issue(&l, &signed(&l, secret));
    let refused =
        l.o.t
            .call::<commands::ExchangeSend>(
                Some(&l.o.secret_clerk),
                commands::ExchangeSendRequest { id: issued.row.id, agency_ids: vec![finance], resend: None },
            )
            .unwrap_err();
    assert!(refused.message.vi.contains("bản giấy"), "{}", refused.message.vi);
    assert!(outbox(&l.o).is_empty());
    // Nor is its dispatch recorded as electronic.
    let electronic =
        l.o.t
            .call::<commands::OutgoingDispatch>(
                Some(&l.o.secret_clerk),
                crate::outgoing::sent_electronically(issued.row.id),
            )
            .unwrap_err();
    assert_eq!(electronic.field.as_deref(), Some("entries"), "{}", electronic.message.en);
    // Who may not see it learns nothing of where it went, not even that it exists.
    let unseen =
        l.o.t
            .call::<commands::ExchangeDeliveryList>(
                Some(&l.o.clerk),
                commands::OutgoingDeliveries { id: issued.row.id },
            )
            .unwrap_err();
    assert_eq!(unseen.code, vanphong::error::ErrorCode::NotFound);
    // Nor one signed and not issued yet.
    let unissued = signed(&l, content("CV", Issuer::Committee, "Về việc chưa phát hành"));
    let refused = l
        .o
        .t
        .call::<commands::ExchangeSend>(
            Some(&l.o.clerk),
            commands::ExchangeSendRequest { id: unissued.row.id, agency_ids: vec![finance], resend: None },
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("id"), "{}", refused.message.en);
    assert!(outbox(&l.o).is_empty());
}

#[test]
fn a_recall_or_a_replacement_of_a_registered_document_is_accepted_or_refused() {
    let o = office();
    let original = receive(&o, "goc.edxml", &sample("new-document.edxml"));
    // Before the original is registered here, there is nothing to recall.
    let early = receive(&o, "thu-hoi.edxml", &sample("recall.edxml"));
    let nothing =
        o.t.call::<commands::ExchangeAccept>(Some(&o.clerk), commands::ExchangeAcceptance { id: early.id })
            .unwrap_err();
    assert!(nothing.message.vi.contains("chưa được vào sổ"), "{}", nothing.message.vi);
    let incoming = register(&o, &original).unwrap();

    // A replacement brings a new file: accepted, it joins the document and its trail.
    let replacement = String::from_utf8(sample("new-document.edxml"))
        .unwrap()
        .replace("<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>3<")
        .replace("Văn bản điện tử mới", "Thay thế do sai phụ lục")
        .replace("<AttachmentName>1234-STC-QLNS.pdf<", "<AttachmentName>1234-STC-QLNS-thay-the.pdf<");
    let replacing = receive(&o, "thay-the.edxml", replacement.as_bytes());
    assert_eq!(replacing.business, 3);
    let accepted = o
        .t
        .call::<commands::ExchangeAccept>(Some(&o.clerk), commands::ExchangeAcceptance { id: replacing.id })
        .unwrap();
    assert_eq!(accepted.id, incoming.id);
    let whole =
        o.t.call::<commands::IncomingGet>(Some(&o.clerk), commands::IncomingRef { id: incoming.id }).unwrap();
    assert!(whole.attachments.iter().any(|a| a.file_name == "1234-STC-QLNS-thay-the.pdf"));
    assert!(
        whole
            .steps
            .iter()
            .any(|s| s.text.contains("thay thế văn bản qua trục liên thông: Thay thế do sai phụ lục")),
        "{:?}",
        whole.steps.iter().map(|s| &s.text).collect::<Vec<_>>()
    );

    // An update refused is answered 16 with the reason.
    let update = replacement.replace("<edXML:BussinessDocType>3<", "<edXML:BussinessDocType>2<");
    let updating = receive(&o, "cap-nhat.edxml", update.as_bytes());
    o.t.call::<commands::ExchangeRefuse>(
        Some(&o.clerk),
        commands::ExchangeRefusal {
            id: updating.id, reason: "Văn bản đã được xử lý xong".into()
        },
    )
    .unwrap();
    assert_eq!(outbox(&o).last().unwrap().1, "16");

    // The recall, accepted now: the registration is cancelled (its number kept), 15 goes back.
    let recalled =
        o.t.call::<commands::ExchangeAccept>(Some(&o.clerk), commands::ExchangeAcceptance { id: early.id })
            .unwrap();
    assert!(recalled.cancelled);
    assert_eq!(recalled.number, incoming.number);
    assert_eq!(outbox(&o).last().unwrap().1, "15");
    let whole =
        o.t.call::<commands::IncomingGet>(Some(&o.clerk), commands::IncomingRef { id: incoming.id }).unwrap();
    assert!(whole.steps.iter().any(|s| s.text.contains("thu hồi văn bản qua trục liên thông")));
    // A new document is registered, not accepted.
    let fresh = receive(&o, "moi.edxml", &sample("new-bare.edxml"));
    assert!(
        o.t.call::<commands::ExchangeAccept>(Some(&o.clerk), commands::ExchangeAcceptance { id: fresh.id })
            .is_err()
    );
}
