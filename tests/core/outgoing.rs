//! Outgoing documents through the commands the UI uses: drafting and versions, the
//! approval path through every role, signature forms, numbering and symbols, issue,
//! dispatch, recall, correction, the register, and the printed page of each common form.

use crate::incoming::{Office, directed_document};
use crate::printing::{pdf_pages, run, word_boxes};
use crate::support::{PASSWORD, profile};
use chrono::{TimeZone, Utc};
use vanphong::commands::{self, OutgoingRef};
use vanphong::incoming::model::{IncomingStatus, Urgency};
use vanphong::outgoing::draft::{DraftContent, DraftSave, Recipient};
use vanphong::outgoing::issue::{
    DispatchEntry, DispatchMethod, DispatchRequest, IssueRequest, RecallRequest,
};
use vanphong::outgoing::review::{ApprovalPathInput, ReviewRequest};
use vanphong::outgoing::views::OutgoingDetail;
use vanphong::outgoing::{OutgoingFilter, OutgoingId, OutgoingStatus};
use vanphong::pdf::official::{Block, Run};
use vanphong::register::Issuer;
use vanphong::register::RegisterKind;
use vanphong::vocabulary::{Clearance, Role, UserId};

/// The Office of the incoming tests plus its leaders: the chief of office, two vice
/// chairmen and the chairman of the Committee.
pub struct Leaders {
    pub o: Office,
    pub chief: String,
    pub vice: String,
    pub vice_id: UserId,
    pub other_vice: String,
    pub chairman: String,
}

pub fn leaders() -> Leaders {
    leaders_of(Office::new())
}

pub fn leaders_of(o: Office) -> Leaders {
    let person = |username: &str, role: Role, full_name: &str, title: &str| {
        let department = matches!(role, Role::ChiefOfOffice).then(|| o.t.department(&o.admin, "LĐVP"));
        let mut p = profile(username, role, department);
        p.full_name = full_name.into();
        p.title = title.into();
        p.clearance = Clearance::Secret;
        let (user, token) = o.t.person(&o.admin, username, p);
        (user.id, token)
    };
    let chief = person("cvp", Role::ChiefOfOffice, "Nguyễn Thanh Tùng", "Chánh Văn phòng").1;
    let (vice_id, vice) = person("pct1", Role::ViceChairman, "Lê Thị Thu Hà", "Phó Chủ tịch");
    let other_vice = person("pct2", Role::ViceChairman, "Trần Văn Nam", "Phó Chủ tịch").1;
    let chairman = person("chutich", Role::Chairman, "Võ Văn Dũng", "Chủ tịch").1;
    Leaders { o, chief, vice, vice_id, other_vice, chairman }
}

pub fn paragraph(text: &str) -> Block {
    Block::Paragraph { runs: vec![run(text)] }
}

pub fn content(document_type: &str, issuer: Issuer, summary: &str) -> DraftContent {
    DraftContent {
        document_type: document_type.into(),
        issuer,
        legal_normative: false,
        summary: summary.into(),
        addressees: if document_type == "CV" { vec!["Sở Tài chính".into()] } else { vec![] },
        blocks: vec![paragraph(
            "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện.",
        )],
        footnotes: vec![],
        recipients: vec![
            Recipient { text: "Như trên".into(), agency_id: None, department_id: None },
            Recipient { text: "Lưu: VT, KT".into(), agency_id: None, department_id: None },
        ],
        urgency: Urgency::Normal,
        secrecy: Clearance::None,
        body_file: None,
        attachments: vec![],
    }
}

/// Saving `content` as draft `id` (a new one when none), with no files and no comment.
pub fn draft_save(id: Option<OutgoingId>, content: DraftContent) -> DraftSave {
    DraftSave {
        id,
        content,
        new_body_file: None,
        new_attachments: vec![],
        reply_to_incoming_id: None,
        comment: String::new(),
    }
}

pub fn save(l: &Leaders, token: &str, id: Option<OutgoingId>, content: DraftContent) -> OutgoingDetail {
    l.o.t.call::<commands::OutgoingSave>(Some(token), draft_save(id, content)).unwrap()
}

fn review(id: OutgoingId, next: Option<UserId>, comment: &str) -> ReviewRequest {
    ReviewRequest { id, next_user_id: next, comment: comment.into() }
}

pub fn get(l: &Leaders, token: &str, id: OutgoingId) -> OutgoingDetail {
    l.o.t.call::<commands::OutgoingGet>(Some(token), OutgoingRef { id }).unwrap()
}

/// Drafted by the chief of office, so the path is short: signed by the chief himself
/// (the Office's documents, the Committee's notices and invitations) or by a vice
/// chairman (the Committee's other documents).
pub fn signed(l: &Leaders, content: DraftContent) -> OutgoingDetail {
    let id = save(l, &l.chief, None, content).row.id;
    submitted_and_signed(l, id)
}

/// The draft `id` (by the chief of office) taken to its signature: submitted, to a vice
/// chairman when the chief may not sign it, and signed.
pub fn submitted_and_signed(l: &Leaders, id: OutgoingId) -> OutgoingDetail {
    let detail =
        l.o.t.call::<commands::OutgoingSubmit>(Some(&l.chief), review(id, None, "")).unwrap_or_else(|_| {
            l.o.t.call::<commands::OutgoingSubmit>(Some(&l.chief), review(id, Some(l.vice_id), "")).unwrap()
        });
    let holder =
        if detail.row.holder_name.as_deref() == Some("Lê Thị Thu Hà") { &l.vice } else { &l.chief };
    let detail = l.o.t.call::<commands::OutgoingApprove>(Some(holder), review(id, None, "")).unwrap();
    assert_eq!(detail.row.status, OutgoingStatus::Signed);
    detail
}

/// The request recording that `id` was sent electronically to the Finance department.
pub fn sent_electronically(id: OutgoingId) -> DispatchRequest {
    DispatchRequest {
        id,
        entries: vec![DispatchEntry {
            recipient: "Sở Tài chính".into(),
            agency_id: None,
            method: DispatchMethod::Electronic,
        }],
        sent_at: None,
        note: String::new(),
    }
}

pub fn issue(l: &Leaders, detail: &OutgoingDetail) -> OutgoingDetail {
    let clerk = if detail.row.secrecy == Clearance::None { &l.o.clerk } else { &l.o.secret_clerk };
    let fresh = get(l, clerk, detail.row.id);
    let register_id = fresh.proposed_register_id.expect("a register fits");
    // The confirmation names the number and symbol the issue then gives.
    let preview = vanphong::outgoing::issue::IssuePreviewRequest { id: detail.row.id, register_id };
    let promised = l.o.t.call::<commands::OutgoingIssuePreview>(Some(clerk), preview.clone()).unwrap();
    assert!(
        l.o.t.call::<commands::OutgoingIssuePreview>(Some(&l.o.specialist), preview).is_err(),
        "only who may issue sees the number it would take"
    );
    let issued =
        l.o.t
            .call::<commands::OutgoingIssue>(
                Some(clerk),
                IssueRequest { id: detail.row.id, register_id, electronic: true, copies: Some(2) },
            )
            .unwrap();
    assert_eq!(issued.row.number_symbol.as_deref(), Some(promised.as_str()));
    // Ticked in a list, it answers as its page does: the clerk may now record its dispatch.
    let ids = commands::OutgoingAllowedRequest { ids: vec![detail.row.id] };
    let rows = l.o.t.call::<commands::OutgoingAllowedGet>(Some(clerk), ids).unwrap();
    assert!(rows[0].allowed.dispatch && rows[0].allowed.dispatch == issued.allowed.dispatch);
    issued
}

fn symbol(detail: &OutgoingDetail) -> String {
    detail.row.number_symbol.clone().unwrap()
}

#[test]
fn a_reply_goes_from_specialist_to_issued_through_every_role_and_closes_the_incoming_document() {
    let l = leaders();
    let o = &l.o;
    let incoming = directed_document(o);
    let created =
        o.t.call::<commands::OutgoingSave>(
            Some(&o.specialist),
            DraftSave {
                id: None,
                content: content("CV", Issuer::Committee, "bổ sung dự toán ngân sách năm 2026"),
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: Some(incoming),
                comment: String::new(),
            },
        )
        .unwrap();
    let id = created.row.id;
    assert_eq!(created.row.status, OutgoingStatus::Draft);
    assert_eq!(created.reply_to.as_ref().unwrap().id, Some(incoming.0));
    assert_eq!(created.send_to, ["Sở Tài chính"], "the addressee; not \"Như trên\" nor the file copy");
    assert_eq!(
        created.path.steps,
        [Role::DepartmentHead, Role::DeputyChief, Role::ChiefOfOffice, Role::ViceChairman]
    );
    assert!(created.allowed.submit && created.allowed.edit && !created.allowed.approve);

    // Specialist → head of KT → the deputy chief supervising KT → chief of office.
    let d =
        o.t.call::<commands::OutgoingSubmit>(Some(&o.specialist), review(id, None, "Kính trình")).unwrap();
    assert_eq!(d.row.holder_name.as_deref(), Some("Người dùng tp.kt"));
    let waiting = |token: &str| {
        o.t.call::<commands::OutgoingList>(
            Some(token),
            OutgoingFilter { waiting_for_me: true, ..Default::default() },
        )
        .unwrap()
        .items
        .iter()
        .map(|r| r.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(waiting(&o.head), [id], "in the head's việc cần làm");
    assert!(waiting(&o.specialist).is_empty());
    let refused = o.t.call::<commands::OutgoingApprove>(Some(&o.deputy), review(id, None, "")).unwrap_err();
    assert_eq!(refused.code, "not_found", "not the deputy's turn: he does not even see it yet");
    let d = o.t.call::<commands::OutgoingApprove>(Some(&o.head), review(id, None, "Đồng ý")).unwrap();
    assert_eq!(d.row.holder_name.as_deref(), Some("Người dùng pcvp2"), "the deputy supervising KT");
    let d = o.t.call::<commands::OutgoingApprove>(Some(&o.deputy), review(id, None, "Đã thẩm tra")).unwrap();
    assert_eq!(d.row.holder_name.as_deref(), Some("Nguyễn Thanh Tùng"));

    // The chief passes it to a leader: several could sign, so he must choose.
    let d = get(&l, &l.chief, id);
    assert_eq!(d.path.next_role, Some(Role::ViceChairman));
    assert_eq!(d.path.next_candidates.len(), 3, "two vice chairmen and the chairman");
    let unchosen = o.t.call::<commands::OutgoingApprove>(Some(&l.chief), review(id, None, "")).unwrap_err();
    assert_eq!(unchosen.field.as_deref(), Some("nextUserId"));
    let d =
        o.t.call::<commands::OutgoingApprove>(Some(&l.chief), review(id, Some(l.vice_id), "Kính trình PCT"))
            .unwrap();
    assert_eq!(d.row.holder_name.as_deref(), Some("Lê Thị Thu Hà"));
    assert!(get(&l, &l.vice, id).allowed.sign, "the last step signs");
    let other = o.t.call::<commands::OutgoingApprove>(Some(&l.other_vice), review(id, None, "")).unwrap_err();
    assert_eq!(other.code, "not_found", "another vice chairman does not even see it");
    let d = o.t.call::<commands::OutgoingApprove>(Some(&l.vice), review(id, None, "")).unwrap();
    assert_eq!(d.row.status, OutgoingStatus::Signed);
    assert_eq!(d.row.signer_name.as_deref(), Some("Lê Thị Thu Hà"));

    // The clerk numbers it from the công văn register: 01/UBND-KT (drafted by KT).
    assert_eq!(waiting(&o.clerk), [id]);
    let denied =
        o.t.call::<commands::OutgoingIssue>(
            Some(&o.specialist),
            IssueRequest {
                id,
                register_id: d.proposed_register_id.unwrap_or(vanphong::register::RegisterId(1)),
                electronic: true,
                copies: None,
            },
        )
        .unwrap_err();
    assert_eq!(denied.code, "auth.permission_denied");
    let d = issue(&l, &d);
    assert_eq!(d.row.status, OutgoingStatus::Issued);
    assert_eq!(symbol(&d), "01/UBND-KT");
    // Issued, not yet sent: it still waits for the clerk, in the list and the count.
    let waiting_count =
        |token: &str| o.t.call::<commands::OutgoingCountsGet>(Some(token), ()).unwrap().waiting;
    assert_eq!(waiting(&o.clerk), [id]);
    assert_eq!(waiting_count(&o.clerk), 1);
    assert_eq!(d.row.issue_date, Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()));
    let kinds: Vec<&str> = d.timeline.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "submitted", "approved", "approved", "approved", "signed", "issued"]);
    assert_eq!(d.timeline[2].comment, "Đồng ý");

    // Issuing the reply closed the incoming document, pointing to it.
    let answered =
        o.t.call::<commands::IncomingGet>(Some(&o.specialist), commands::IncomingRef { id: incoming })
            .unwrap();
    assert_eq!(answered.row.status, IncomingStatus::Closed);
    assert!(answered.steps.last().unwrap().text.contains("01/UBND-KT"));

    // Dispatch; then the clerk has nothing left to do with it.
    let d = o.t.call::<commands::OutgoingDispatch>(Some(&o.clerk), sent_electronically(id)).unwrap();
    assert_eq!(d.dispatches.len(), 1);
    assert!(waiting(&o.clerk).is_empty());
    assert_eq!(waiting_count(&o.clerk), 0);

    // The issued page: number, V/v, the vice chairman's signature form, the e-signature mark.
    let pdf =
        o.t.call::<commands::OutgoingPdf>(Some(&o.clerk), commands::OutgoingPdfRequest { id, content: None })
            .unwrap();
    assert_eq!(pdf.file_name, "01-UBND-KT.pdf");
    let text = pdf_pages(&pdf).join("\n");
    for expected in [
        "Số: 01/UBND-KT",
        "V/v bổ sung dự toán ngân sách năm 2026",
        "Nghệ An, ngày 20 tháng 11 năm 2026",
        "Kính gửi: Sở Tài chính",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Thị Thu Hà",
        "Ký số bởi: Lê Thị Thu Hà",
        "Thời gian ký:",
        "20/11/2026 08:00:00",
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN · 2026-11-20T",
        "+07:00",
        "- Như trên;",
        "- Lưu: VT, KT.",
    ] {
        assert!(text.contains(expected), "{expected:?} on the page:\n{text}");
    }
    assert!(!text.contains("DỰ THẢO"), "the issued document is not a draft");
}

#[test]
fn a_returned_draft_is_edited_and_every_version_can_be_compared() {
    let l = leaders();
    let o = &l.o;
    let id =
        save(&l, &o.specialist, None, content("TTr", Issuer::Committee, "phê duyệt kế hoạch vốn")).row.id;
    o.t.call::<commands::OutgoingSubmit>(Some(&o.specialist), review(id, None, "")).unwrap();
    let silent = o.t.call::<commands::OutgoingGiveBack>(Some(&o.head), review(id, None, "  ")).unwrap_err();
    assert_eq!(silent.field.as_deref(), Some("comment"), "a return says why");
    let d =
        o.t.call::<commands::OutgoingGiveBack>(Some(&o.head), review(id, None, "Bổ sung số liệu vốn"))
            .unwrap();
    assert_eq!(d.row.status, OutgoingStatus::Returned);
    assert!(get(&l, &o.specialist, id).allowed.edit);

    let mut changed = d.content.clone();
    changed.blocks.push(paragraph("Tổng vốn đề nghị phê duyệt là 125 tỷ đồng."));
    changed
        .recipients
        .push(Recipient { text: "Sở Kế hoạch".into(), agency_id: None, department_id: None });
    let d = save(&l, &o.specialist, Some(id), changed.clone());
    assert_eq!(d.version, 2);
    assert!(d.content.recipients.last().unwrap().text.starts_with("Lưu"), "the file copy line stays last");
    changed = d.content.clone();
    let again = save(&l, &o.specialist, Some(id), changed.clone());
    assert_eq!((again.version, again.versions.len()), (2, 2), "saving the same content makes no version");
    o.t.call::<commands::OutgoingSubmit>(Some(&o.specialist), review(id, None, "Đã bổ sung")).unwrap();
    let refused =
        o.t.call::<commands::OutgoingSave>(
            Some(&o.specialist),
            DraftSave {
                id: Some(id),
                content: DraftContent { summary: "đổi trích yếu".into(), ..changed.clone() },
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: None,
                comment: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.code, "conflict", "the drafter cannot edit while the head holds it");

    // The head edits while holding it: a third version, in the timeline with his note.
    changed.summary = "phê duyệt kế hoạch vốn đầu tư công năm 2027".into();
    changed.blocks[1] = paragraph("Tổng vốn đề nghị phê duyệt là 120 tỷ đồng.");
    let d =
        o.t.call::<commands::OutgoingSave>(
            Some(&o.head),
            DraftSave {
                id: Some(id),
                content: changed,
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: None,
                comment: "Sửa số vốn".into(),
            },
        )
        .unwrap();
    assert_eq!(d.version, 3);
    assert_eq!(d.versions.len(), 3);
    let edit = d.timeline.iter().rfind(|s| s.kind == "edited").unwrap();
    assert_eq!((edit.comment.as_str(), edit.version), ("Sửa số vốn", Some(3)));

    let diff =
        o.t.call::<commands::OutgoingDiff>(Some(&o.specialist), commands::DiffRequest { id, from: 2, to: 3 })
            .unwrap();
    let fields: Vec<&str> = diff.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["summary", "body"]);
    let body = &diff[1].changes;
    assert!(body.iter().any(|c| c.kind == "removed" && c.text.contains("125")), "{body:?}");
    assert!(body.iter().any(|c| c.kind == "added" && c.text.contains("120")), "{body:?}");
    assert!(body.iter().any(|c| c.kind == "same" && c.text.contains("Tổng vốn")), "{body:?}");
    let added = &diff[0].changes;
    assert!(added.iter().any(|c| c.kind == "added" && c.text.contains("đầu tư công năm 2027")));
}

#[test]
fn symbols_follow_the_rules_of_each_register_and_restart_each_year() {
    use vanphong::outgoing::issue::number_symbol;
    assert_eq!(number_symbol(15, 2026, "QĐ", Issuer::Committee, false, "KT"), "15/QĐ-UBND");
    assert_eq!(number_symbol(15, 2026, "QĐ", Issuer::Committee, true, "KT"), "15/2026/QĐ-UBND");
    assert_eq!(number_symbol(5, 2026, "CV", Issuer::Committee, false, "KT"), "05/UBND-KT");
    assert_eq!(number_symbol(1, 2026, "BC", Issuer::Office, false, "TH"), "01/BC-VP");
    assert_eq!(number_symbol(7, 2026, "CV", Issuer::Office, false, "HCTC"), "07/VP-HCTC");
    assert_eq!(number_symbol(123, 2026, "GM", Issuer::Committee, false, "KT"), "123/GM-UBND");

    let l = leaders();
    let decision = |l: &Leaders, legal: bool| {
        let mut c = content("QĐ", Issuer::Committee, "phê duyệt quy hoạch");
        c.legal_normative = legal;
        symbol(&issue(l, &signed(l, c)))
    };
    assert_eq!(decision(&l, false), "01/QĐ-UBND");
    assert_eq!(decision(&l, false), "02/QĐ-UBND", "the decisions' own series");
    assert_eq!(decision(&l, true), "01/2026/QĐ-UBND", "legal normative documents: a series of their own");
    assert_eq!(symbol(&issue(&l, &signed(&l, content("TB", Issuer::Committee, "kết luận")))), "01/TB-UBND");
    assert_eq!(
        symbol(&issue(&l, &signed(&l, content("GM", Issuer::Committee, "dự họp")))),
        "02/GM-UBND",
        "other types share one register"
    );
    assert_eq!(symbol(&issue(&l, &signed(&l, content("BC", Issuer::Office, "công tác tháng")))), "01/BC-VP");
    let mut secret = content("BC", Issuer::Office, "tình hình an ninh");
    secret.secrecy = Clearance::Secret;
    let secret = issue(&l, &signed(&l, secret));
    assert_eq!(symbol(&secret), "01/BC-VP", "the secret register numbers on its own");
    assert_ne!(secret.row.register_id, None);

    // A signed decision waiting over New Year is numbered in the new year, from 01.
    let waiting = signed(&l, content("QĐ", Issuer::Committee, "giao chỉ tiêu"));
    l.o.t.clock.set(Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap()); // 00:00 on 1 January in Vietnam
    let clerk = l.o.t.login("vt1", PASSWORD).unwrap().token;
    let register = get(&l, &clerk, waiting.row.id).proposed_register_id.unwrap();
    let d =
        l.o.t
            .call::<commands::OutgoingIssue>(
                Some(&clerk),
                IssueRequest { id: waiting.row.id, register_id: register, electronic: true, copies: None },
            )
            .unwrap();
    assert_eq!(symbol(&d), "01/QĐ-UBND");
    assert_eq!(d.row.issue_date, Some(chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
}

#[test]
fn two_clerks_issuing_at_once_get_consecutive_numbers_and_a_refusal_leaves_no_gap() {
    let l = leaders();
    let o = &l.o;
    let documents: Vec<OutgoingDetail> =
        (0..8).map(|n| signed(&l, content("QĐ", Issuer::Committee, &format!("quyết định {n}")))).collect();
    let register = get(&l, &o.clerk, documents[0].row.id).proposed_register_id.unwrap();
    // A register that does not fit is refused, and takes no number.
    let registers =
        o.t.call::<commands::RegisterList>(
            Some(&o.clerk),
            commands::RegisterListRequest { kind: Some(RegisterKind::Outgoing), fits: None },
        )
        .unwrap();
    let wrong = registers.iter().find(|r| r.code == "CV").unwrap().id;
    let refused =
        o.t.call::<commands::OutgoingIssue>(
            Some(&o.clerk),
            IssueRequest { id: documents[0].row.id, register_id: wrong, electronic: true, copies: None },
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("registerId"));

    let symbols = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for (n, chunk) in documents.chunks(4).enumerate() {
            let clerk = if n == 0 { &o.clerk } else { &o.secret_clerk };
            let symbols = &symbols;
            scope.spawn(move || {
                for d in chunk {
                    let issued =
                        o.t.call::<commands::OutgoingIssue>(
                            Some(clerk),
                            IssueRequest {
                                id: d.row.id,
                                register_id: register,
                                electronic: false,
                                copies: None,
                            },
                        )
                        .unwrap();
                    symbols.lock().unwrap().push(symbol(&issued));
                }
            });
        }
    });
    let mut numbers: Vec<u32> =
        symbols.into_inner().unwrap().iter().map(|s| s.split('/').next().unwrap().parse().unwrap()).collect();
    numbers.sort();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>(), "no gap, no duplicate");
}

#[test]
fn drafts_are_seen_only_by_the_people_they_concern() {
    let l = leaders();
    let o = &l.o;
    let id = save(&l, &o.specialist, None, content("BC", Issuer::Committee, "tình hình kinh tế")).row.id;
    assert_eq!(get(&l, &o.head, id).row.id, id, "the head of the drafting unit");
    assert_eq!(get(&l, &l.chief, id).row.id, id, "the chief of office");
    for token in [&o.other_head, &o.clerk, &o.deputy, &l.vice, &l.chairman] {
        let error = o.t.call::<commands::OutgoingGet>(Some(token), OutgoingRef { id }).unwrap_err();
        assert_eq!(error.code, "not_found");
    }
    o.t.call::<commands::OutgoingSubmit>(Some(&o.specialist), review(id, None, "")).unwrap();
    o.t.call::<commands::OutgoingApprove>(Some(&o.head), review(id, None, "")).unwrap();
    assert_eq!(get(&l, &o.deputy, id).row.id, id, "the deputy holding it");

    // Secret drafts only for the cleared; an uncleared drafter cannot even write one.
    let mut secret = content("BC", Issuer::Committee, "tình hình an ninh");
    secret.secrecy = Clearance::Secret;
    let refused =
        o.t.call::<commands::OutgoingSave>(
            Some(&o.specialist),
            DraftSave {
                id: None,
                content: secret.clone(),
                new_body_file: None,
                new_attachments: vec![],
                reply_to_incoming_id: None,
                comment: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("secrecy"));
    let issued = issue(&l, &signed(&l, secret));
    let list = |token: &str| {
        o.t.call::<commands::OutgoingList>(
            Some(token),
            OutgoingFilter { search: Some("an ninh".into()), ..Default::default() },
        )
        .unwrap()
        .total
    };
    assert_eq!(list(&o.secret_clerk), 1);
    assert_eq!(list(&o.clerk), 0, "not in an uncleared clerk's search");
    let error =
        o.t.call::<commands::OutgoingGet>(Some(&o.clerk), OutgoingRef { id: issued.row.id }).unwrap_err();
    assert_eq!(error.code, "not_found");

    // Committee members and the administrator have no outgoing area.
    let error = o.t.call::<commands::OutgoingList>(Some(&o.admin), OutgoingFilter::default()).unwrap_err();
    assert_eq!(error.code, "auth.permission_denied");
}

#[test]
fn the_administrator_configures_approval_paths_and_they_apply_to_new_submissions() {
    let l = leaders();
    let o = &l.o;
    let bad =
        o.t.call::<commands::ApprovalPathSet>(
            Some(&o.admin),
            ApprovalPathInput {
                issuer: Issuer::Committee,
                document_type: "TTr".into(),
                steps: vec![Role::ChiefOfOffice, Role::DepartmentHead],
                by_authorisation: false,
            },
        )
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("steps"), "steps go up");
    let bad =
        o.t.call::<commands::ApprovalPathSet>(
            Some(&o.admin),
            ApprovalPathInput {
                issuer: Issuer::Office,
                document_type: "TTr".into(),
                steps: vec![Role::Chairman],
                by_authorisation: false,
            },
        )
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("steps"), "the chairman does not sign for the Office");
    let denied =
        o.t.call::<commands::ApprovalPathSet>(
            Some(&l.chief),
            ApprovalPathInput {
                issuer: Issuer::Committee,
                document_type: "TTr".into(),
                steps: vec![Role::ChiefOfOffice],
                by_authorisation: false,
            },
        )
        .unwrap_err();
    assert_eq!(denied.code, "auth.permission_denied");

    // Tờ trình of the Committee: head → chief of office, who signs by authorisation.
    o.t.call::<commands::ApprovalPathSet>(
        Some(&o.admin),
        ApprovalPathInput {
            issuer: Issuer::Committee,
            document_type: "TTr".into(),
            steps: vec![Role::DepartmentHead, Role::ChiefOfOffice],
            by_authorisation: true,
        },
    )
    .unwrap();
    let id = save(&l, &o.specialist, None, content("TTr", Issuer::Committee, "đề nghị thẩm định")).row.id;
    let d = o.t.call::<commands::OutgoingSubmit>(Some(&o.specialist), review(id, None, "")).unwrap();
    assert_eq!(d.path.steps, [Role::DepartmentHead, Role::ChiefOfOffice]);
    o.t.call::<commands::OutgoingApprove>(Some(&o.head), review(id, None, "")).unwrap();
    let d = o.t.call::<commands::OutgoingApprove>(Some(&l.chief), review(id, None, "")).unwrap();
    assert_eq!(d.row.status, OutgoingStatus::Signed);
    // Until it has its number, every printed page says it is a draft.
    let signed =
        o.t.call::<commands::OutgoingPdf>(Some(&o.clerk), commands::OutgoingPdfRequest { id, content: None })
            .unwrap();
    assert!(pdf_pages(&signed).iter().all(|page| page.contains("DỰ THẢO")));
    let d = issue(&l, &d);
    let pdf =
        o.t.call::<commands::OutgoingPdf>(
            Some(&o.clerk),
            commands::OutgoingPdfRequest { id: d.row.id, content: None },
        )
        .unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(text.contains("TUQ. CHỦ TỊCH") && text.contains("CHÁNH VĂN PHÒNG"), "{text}");
}

#[test]
fn signature_forms_follow_the_signers_role() {
    use vanphong::outgoing::review::signature;
    let form = |issuer, role, title: &str| {
        let s = signature(issuer, role, title, false, "X");
        let mut lines = s.authority.clone();
        lines.push(s.title);
        lines.join(" / ")
    };
    assert_eq!(form(Issuer::Committee, Role::Chairman, "Chủ tịch"), "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH");
    assert_eq!(
        form(Issuer::Committee, Role::ViceChairman, ""),
        "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    );
    assert_eq!(form(Issuer::Committee, Role::ChiefOfOffice, ""), "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG");
    assert_eq!(
        form(Issuer::Committee, Role::DeputyChief, ""),
        "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG"
    );
    assert_eq!(form(Issuer::Office, Role::ChiefOfOffice, "Quyền Chánh Văn phòng"), "Q. CHÁNH VĂN PHÒNG");
    assert_eq!(form(Issuer::Office, Role::DeputyChief, ""), "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG");
    assert_eq!(
        form(Issuer::Committee, Role::Chairman, "Quyền Chủ tịch"),
        "TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH"
    );
    let tuq = signature(Issuer::Committee, Role::ChiefOfOffice, "", true, "X");
    assert_eq!(tuq.authority, ["TUQ. CHỦ TỊCH"]);
}

#[test]
fn a_recalled_document_is_frozen_and_a_correction_links_to_the_original() {
    let l = leaders();
    let o = &l.o;
    let original = issue(&l, &signed(&l, content("QĐ", Issuer::Committee, "thành lập tổ công tác")));
    let id = original.row.id;
    assert!(get(&l, &l.chief, id).allowed.correct);

    // A correcting công văn: a new draft naming the original, issued in its own series.
    let correction = o.t.call::<commands::OutgoingCorrect>(Some(&l.chief), OutgoingRef { id }).unwrap();
    assert_eq!(correction.content.document_type, "CV");
    assert_eq!(correction.corrects.as_ref().unwrap().id, Some(id.0));
    assert!(correction.content.summary.contains("01/QĐ-UBND"), "{}", correction.content.summary);
    o.t.call::<commands::OutgoingSubmit>(Some(&l.chief), review(correction.row.id, Some(l.vice_id), ""))
        .unwrap();
    let signed_correction =
        o.t.call::<commands::OutgoingApprove>(Some(&l.vice), review(correction.row.id, None, "")).unwrap();
    let issued_correction = issue(&l, &signed_correction);
    assert_eq!(symbol(&issued_correction), "01/UBND-LĐVP");
    let d = get(&l, &o.clerk, id);
    assert_eq!(d.corrected_by.len(), 1);
    assert_eq!(d.timeline.last().unwrap().kind, "corrected");

    // Recall: frozen, recorded, and shown in the register's notes.
    let denied =
        o.t.call::<commands::OutgoingRecall>(Some(&o.specialist), RecallRequest { id, reason: "x".into() })
            .unwrap_err();
    assert_eq!(denied.code, "auth.permission_denied");
    let d =
        o.t.call::<commands::OutgoingRecall>(
            Some(&l.chief),
            RecallRequest { id, reason: "Ban hành sai thẩm quyền".into() },
        )
        .unwrap();
    assert_eq!(d.row.status, OutgoingStatus::Recalled);
    assert!(!d.allowed.dispatch && !d.allowed.correct && !d.allowed.recall);
    let refused =
        o.t.call::<commands::OutgoingDispatch>(
            Some(&o.clerk),
            DispatchRequest {
                id,
                entries: vec![DispatchEntry {
                    recipient: "Sở Nội vụ".into(),
                    agency_id: None,
                    method: DispatchMethod::Post,
                }],
                sent_at: None,
                note: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.code, "conflict");

    let register = original.row.register_id.unwrap();
    let request = commands::RegisterPrintRequest {
        register_id: register,
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    let pdf = o.t.call::<commands::OutgoingRegisterPdf>(Some(&o.clerk), request.clone()).unwrap();
    let text = pdf_pages(&pdf).join("\n");
    for expected in ["SỔ QUYẾT ĐỊNH", "01/QĐ-UBND", "Quyết định thành lập tổ", "Đã thu hồi:", "Đính"]
    {
        assert!(text.contains(expected), "{expected:?} in the register:\n{text}");
    }
    let xlsx = o.t.call::<commands::OutgoingRegisterXlsx>(Some(&o.clerk), request).unwrap();
    assert!(xlsx.file_name.ends_with(".xlsx"));
    // Read back: the issue date is a date a spreadsheet can sort, the symbol stays text.
    use calamine::{Data, Reader};
    let book = crate::support::opened(&o.t.app, &o.clerk, &xlsx);
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(book)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "01/QĐ-UBND")))
        .expect("the document's row");
    let dates: Vec<chrono::NaiveDate> = row
        .iter()
        .filter_map(|c| if let Data::DateTime(d) = c { d.as_datetime().map(|t| t.date()) } else { None })
        .collect();
    assert_eq!(dates.len(), 1, "{row:?}");
    assert!(row.iter().any(|c| matches!(c, Data::String(s) if s == "01/QĐ-UBND")));
}

/// One document of each common form, issued, printed and read back: the header blocks
/// where Decree 30 puts them, the type name, number, date and signature.
#[test]
fn each_common_form_prints_in_the_decree_30_layout() {
    let l = leaders();
    let forms: [(&str, Issuer, &str, &str, &[&str]); 7] = [
        ("CV", Issuer::Committee, "01/UBND-LĐVP", "V/v triển khai", &["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]),
        ("TB", Issuer::Committee, "01/TB-UBND", "THÔNG BÁO", &["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        ("GM", Issuer::Committee, "02/GM-UBND", "GIẤY MỜI", &["TL. CHỦ TỊCH"]),
        ("TTr", Issuer::Committee, "03/TTr-UBND", "TỜ TRÌNH", &["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("BC", Issuer::Office, "01/BC-VP", "BÁO CÁO", &["CHÁNH VĂN PHÒNG"]),
        ("KH", Issuer::Office, "02/KH-VP", "KẾ HOẠCH", &["CHÁNH VĂN PHÒNG"]),
        ("QĐ", Issuer::Committee, "01/QĐ-UBND", "QUYẾT ĐỊNH", &["TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"]),
    ];
    for (kind, issuer, expected_symbol, title, signature) in forms {
        let mut c = content(kind, issuer, "triển khai nhiệm vụ trọng tâm");
        c.blocks.push(Block::Point {
            label: "1.".into(),
            runs: vec![Run { text: "Nhiệm vụ chung".into(), bold: true, italic: false }],
        });
        c.blocks.push(Block::Bullet {
            runs: vec![run("Rà soát, báo cáo kết quả trước ngày 30 tháng 11.")]
        });
        let d = issue(&l, &signed(&l, c));
        assert_eq!(symbol(&d), expected_symbol);
        let pdf =
            l.o.t
                .call::<commands::OutgoingPdf>(
                    Some(&l.o.clerk),
                    commands::OutgoingPdfRequest { id: d.row.id, content: None },
                )
                .unwrap();
        keep_for_review(&pdf, &format!("outgoing-{}", d.row.document_type.replace('Đ', "D")));
        let pages = pdf_pages(&pdf);
        assert_eq!(pages.len(), 1, "{kind} fits one page");
        let text = &pages[0];
        let issuing = if issuer == Issuer::Office { "VĂN PHÒNG" } else { "TỈNH NGHỆ AN" };
        for expected in [
            issuing,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            &format!("Số: {expected_symbol}"),
            "Nghệ An, ngày 20 tháng 11 năm 2026",
            title,
            "1. Nhiệm vụ chung",
            "- Rà soát",
            "Nơi nhận:",
            "- Lưu: VT, KT.",
        ] {
            assert!(text.contains(expected), "{kind}: {expected:?} on the page:\n{text}");
        }
        for line in signature {
            assert!(text.contains(line), "{kind}: signature {line:?}:\n{text}");
        }
        // Header blocks: issuing body and number top left, national title top right,
        // the title (or V/v) below them, "Nơi nhận" left and the signature right.
        let words = word_boxes(&pdf);
        let find = |word: &str| {
            words.iter().find(|w| w.3 == word).unwrap_or_else(|| panic!("{kind}: {word}")).clone()
        };
        let (_, national_x, national_y, _) = find("CỘNG");
        let (_, number_x, number_y, _) = find("Số:");
        assert!(
            national_x > 300.0 && national_y < 80.0,
            "{kind}: national title top right ({national_x}, {national_y})"
        );
        assert!(number_x < 200.0 && number_y < 130.0, "{kind}: number top left ({number_x}, {number_y})");
        let (_, _, place_y, _) = find("Nghệ");
        assert!(place_y > national_y, "{kind}: the date under the motto");
        let (_, recipients_x, recipients_y, _) = find("Nơi");
        assert!(recipients_x < 100.0 && recipients_y > place_y + 60.0, "{kind}: 'Nơi nhận' bottom left");
    }
}

/// The page as an image in `test-results/`, for people to look at after a run.
pub fn keep_for_review(pdf: &commands::FileContent, name: &str) {
    let dir = crate::support::repo_root().join("test-results");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, crate::support::fetched(pdf)).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(status.success());
}

#[test]
fn an_issued_conclusion_notice_gives_directions_linked_both_ways() {
    use vanphong::directions::model::{Priority, Source};
    use vanphong::secrecy::DocumentKind;
    let l = leaders();
    let notice = issue(
        &l,
        &signed(
            &l,
            content(
                "TB",
                Issuer::Committee,
                "Kết luận của Phó Chủ tịch tại buổi làm việc về giải ngân vốn đầu tư công",
            ),
        ),
    );
    assert!(get(&l, &l.chief, notice.row.id).allowed.create_direction);
    let mut input =
        l.o.t
            .call::<commands::DirectionTemplate>(
                Some(&l.chief),
                commands::DirectionTemplateRequest { outgoing_id: Some(notice.row.id), ..Default::default() },
            )
            .unwrap();
    assert_eq!(input.source, Source::Conclusion);
    assert_eq!(input.source_reference, format!("Thông báo số {}", symbol(&notice)));
    assert!(input.content.contains("giải ngân vốn đầu tư công"));
    input.leader_id = l.vice_id;
    input.lead_agency_id = l.o.agency("so tai chinh");
    input.working_days = Some(10);
    input.priority = Priority::High;
    let direction = l.o.t.call::<commands::DirectionCreate>(Some(&l.chief), input.clone()).unwrap().id;
    let detail =
        l.o.t
            .call::<commands::DirectionGet>(Some(&l.chief), commands::DirectionRef { id: direction })
            .unwrap();
    assert_eq!(detail.source_document.unwrap().label, symbol(&notice));
    let linked =
        l.o.t
            .call::<commands::DirectionLinked>(
                Some(&l.o.specialist),
                commands::LinkedRequest { kind: DocumentKind::Outgoing, id: notice.row.id.0 },
            )
            .unwrap();
    assert_eq!(linked.iter().map(|r| r.id).collect::<Vec<_>>(), vec![direction]);

    // A công văn is no conclusion notice.
    let letter = issue(&l, &signed(&l, content("CV", Issuer::Committee, "Về việc đôn đốc")));
    assert!(!get(&l, &l.chief, letter.row.id).allowed.create_direction);
    input.outgoing_id = Some(letter.row.id);
    let error = l.o.t.call::<commands::DirectionCreate>(Some(&l.chief), input).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("outgoingId"));
}
