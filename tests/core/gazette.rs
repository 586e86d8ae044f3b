//! The gazette through its commands: what waits (issued, sent to "Công báo", not secret),
//! issues numbered through the year with the pages each document takes, the printed
//! issue read back (cover, contents by type with the pages recorded, running headers and
//! continuous numbers), and who may make an issue.

use crate::outgoing::{content, issue, leaders, signed};
use crate::printing::pdf_pages;
use vanphong::commands;
use vanphong::error::ErrorCode;
use vanphong::org::Clearance;
use vanphong::outgoing::Issuer;
use vanphong::outgoing::draft::Recipient;

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
}
