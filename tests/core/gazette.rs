//! The gazette through its commands: what waits (issued, sent to "Công báo", not secret),
//! issues numbered through the year with the pages each document takes, the printed
//! issue read back (cover, contents by type with the pages recorded, running headers and
//! continuous numbers), and who may make an issue.

use crate::outgoing::{content, issue, leaders, signed};
use crate::printing::pdf_pages;
use vanphong::commands;
use vanphong::error::ErrorCode;
use vanphong::outgoing::draft::Recipient;
use vanphong::register::Issuer;
use vanphong::vocabulary::Clearance;

fn to_gazette(mut c: vanphong::outgoing::draft::DraftContent) -> vanphong::outgoing::draft::DraftContent {
    c.recipients.insert(1, Recipient { text: "Công báo tỉnh".into(), agency_id: None, department_id: None });
    c
}

#[test]
fn issues_are_numbered_through_the_year_and_print_with_their_contents_and_pages() {
    let l = leaders();
    let mut decision =
        to_gazette(content("QĐ", Issuer::Committee, "ban hành Quy định quản lý cụm công nghiệp"));
    decision.legal_normative = true;
    let decision = issue(&l, &signed(&l, decision));
    let resolution =
        issue(&l, &signed(&l, to_gazette(content("CT", Issuer::Committee, "tăng cường kỷ luật hành chính"))));
    let plan = issue(
        &l,
        &signed(&l, to_gazette(content("KH", Issuer::Committee, "thực hiện chuyển đổi số năm 2027"))),
    );
    // Not sent to the gazette, and secret: neither waits.
    let _ = issue(&l, &signed(&l, content("QĐ", Issuer::Committee, "khen thưởng tập thể")));
    let mut secret = to_gazette(content("QĐ", Issuer::Committee, "phương án bảo vệ mục tiêu"));
    secret.secrecy = Clearance::Secret;
    let _ = issue(&l, &signed(&l, secret));

    let clerk = &l.o.clerk;
    let waiting =
        l.o.t
            .call::<commands::GazettePendingGet>(Some(clerk), commands::GazettePendingRequest { until: None })
            .unwrap();
    let ids: Vec<_> = waiting.iter().map(|d| d.outgoing_id).collect();
    assert_eq!(ids, [decision.row.id, resolution.row.id, plan.row.id]);

    let today = vanphong::clock::vietnam_date(l.o.t.clock_now());
    let request = |ids: Vec<vanphong::outgoing::OutgoingId>| commands::GazetteIssueRequest {
        issued_on: today,
        outgoing_ids: ids,
    };
    // A specialist does not publish the gazette.
    assert_eq!(
        l.o.t
            .call::<commands::GazetteIssueCreate>(Some(&l.o.specialist), request(ids.clone()))
            .unwrap_err()
            .code,
        ErrorCode::AuthPermissionDenied
    );
    let first =
        l.o.t
            .call::<commands::GazetteIssueCreate>(Some(clerk), request(vec![plan.row.id, decision.row.id]))
            .unwrap();
    assert_eq!((first.year, first.number), (2026, 1));
    // Contents by type: decisions before the other documents, whatever order they came in.
    assert_eq!(first.items[0].document.outgoing_id, decision.row.id);
    assert_eq!(first.items[0].first_page, 3, "after the cover and one page of contents");
    assert_eq!(first.items[1].first_page, first.items[0].last_page + 1, "continuous");
    assert_eq!(first.pages, first.items[1].last_page);
    // Once in an issue, a document waits no more and is refused for another.
    let again = l.o.t.call::<commands::GazetteIssueCreate>(Some(clerk), request(vec![plan.row.id]));
    assert_eq!(again.unwrap_err().field.as_deref(), Some("outgoingIds"));
    let second =
        l.o.t.call::<commands::GazetteIssueCreate>(Some(clerk), request(vec![resolution.row.id])).unwrap();
    assert_eq!(second.number, 2, "the next number of the year");

    let pdf =
        l.o.t
            .call::<commands::GazetteIssuePdf>(Some(clerk), commands::GazetteIssueRef { id: first.id })
            .unwrap();
    crate::outgoing::keep_for_review(&pdf, "core-gazette-issue");
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len() as u32, first.pages);
    assert!(
        pages[0].contains("CÔNG BÁO") && pages[0].contains("Số 1") && pages[0].contains("tháng 11 năm 2026"),
        "{}",
        pages[0]
    );
    assert!(
        pages[1].contains("MỤC LỤC") && pages[1].contains("QUYẾT ĐỊNH") && pages[1].contains("VĂN BẢN KHÁC"),
        "{}",
        pages[1]
    );
    assert!(pages[1].contains("Quy định quản lý cụm"), "{}", pages[1]);
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(page.contains("CÔNG BÁO/Số 1/Ngày 20-11-2026"), "running header on page {}", n + 1);
        assert!(page.contains(&(n + 1).to_string()), "page number {}", n + 1);
    }
    let start = first.items[1].first_page as usize;
    assert!(pages[start - 1].contains("KẾ HOẠCH"), "the plan starts on the page the contents give");
    let register =
        l.o.t
            .call::<commands::GazetteRegisterPdf>(Some(clerk), commands::GazetteYearRequest { year: 2026 })
            .unwrap();
    let text = pdf_pages(&register).join("\n");
    assert!(text.contains("SỔ THEO DÕI CÁC SỐ CÔNG BÁO") && text.contains("chuyển đổi số"), "{text}");

    // Without a seal the issue prints unsigned; once the Office's key is installed, the
    // electronic issue carries the Office's signature, and reads the same.
    let keys = l.o.t.app.signing();
    let unsigned = crate::support::fetched(&pdf);
    assert!(
        vanphong::signature::verify(&unsigned, &vanphong::signature::Trust::default(), l.o.t.clock_now())
            .unwrap()
            .is_empty()
    );
    let office = "Văn phòng Ủy ban nhân dân tỉnh Nghệ An".to_string();
    vanphong_tools::demo_signing::make(
        keys.dir(),
        &office,
        &[("office", office.clone())],
        &[],
        l.o.t.clock_now(),
    )
    .unwrap();
    let sealed =
        l.o.t
            .call::<commands::GazetteIssuePdf>(Some(clerk), commands::GazetteIssueRef { id: first.id })
            .unwrap();
    let sealed = crate::support::fetched(&sealed);
    assert!(sealed.starts_with(&unsigned), "the seal is added to the issue as printed");
    let checks = vanphong::signature::verify(&sealed, &keys.trust().unwrap(), l.o.t.clock_now()).unwrap();
    let seen: Vec<_> = checks.iter().map(|c| (c.state, c.signer.as_str(), c.reason.as_deref())).collect();
    assert_eq!(
        seen,
        vec![(vanphong::signature::SignatureState::Valid, office.as_str(), Some("Công báo điện tử"))]
    );
}

/// An Office's documents issued before migrations 0028 and 0029: those sent to the
/// gazette still wait for it, and a clerk's waiting outgoing documents are those not yet
/// dispatched, as before the upgrade.
#[test]
fn documents_issued_before_the_upgrade_wait_for_the_gazette_and_the_dispatch_as_before() {
    use crate::incoming::Office;
    use crate::outgoing::leaders_of;
    use crate::support::TestApp;
    let mut l = leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())));
    let published =
        issue(&l, &signed(&l, to_gazette(content("CT", Issuer::Committee, "kỷ luật hành chính"))));
    let sent = issue(&l, &signed(&l, content("KH", Issuer::Committee, "chuyển đổi số năm 2027")));
    l.o.t
        .call::<commands::OutgoingDispatch>(
            Some(&l.o.clerk),
            crate::outgoing::sent_electronically(sent.row.id),
        )
        .unwrap();

    // Stopped, and taken back to the schema as 0027 left it.
    l.o.t.reopen_from_schema(27);

    let waiting =
        l.o.t
            .call::<commands::GazettePendingGet>(
                Some(&l.o.clerk),
                commands::GazettePendingRequest { until: None },
            )
            .unwrap();
    assert_eq!(waiting.iter().map(|d| d.outgoing_id).collect::<Vec<_>>(), [published.row.id]);
    let for_clerk =
        l.o.t
            .call::<commands::OutgoingList>(
                Some(&l.o.clerk),
                vanphong::outgoing::OutgoingFilter { waiting_for_me: true, ..Default::default() },
            )
            .unwrap();
    assert_eq!(
        for_clerk.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [published.row.id],
        "not dispatched"
    );
    assert_eq!(l.o.t.call::<commands::OutgoingCountsGet>(Some(&l.o.clerk), ()).unwrap().waiting, 1);
}
