//! The work programme's quarterly evaluation, counted as a table: each item once, in the
//! quarter of the month it was done (submitted) or, not yet done, of the month it is due
//! now; its columns add up to the items counted; the Office issues and signs its PDF.

use crate::outgoing::leaders;
use crate::printing::pdf_pages;
use vanphong::commands;
use vanphong::schedule::programme::{ProgrammeInput, ProgrammeKind, ProgrammeStatus, StatusInput};

#[test]
fn the_quarterly_evaluation_counts_each_item_once_and_its_columns_add_up() {
    let l = leaders();
    let (finance, building) = (l.o.agency("so tai chinh"), l.o.agency("so xay dung"));
    let specialist = &l.o.specialist;
    // Today is 20 November 2026. (agency, month planned, submitted on, postponed to).
    let items = [
        (finance, 10, Some("2026-10-20"), None, "on time in October"),
        (finance, 10, Some("2026-11-05"), None, "late: after October"),
        (finance, 10, None, None, "October ended with nothing"),
        (finance, 11, None, None, "November has not ended"),
        (finance, 9, Some("2026-10-02"), None, "September's, done in October: the fourth quarter's, late"),
        (finance, 11, None, Some(12), "postponed to December"),
        (finance, 8, Some("2026-08-10"), None, "on time in August"),
        (building, 12, None, None, "December"),
        (building, 7, None, None, "July ended with nothing"),
        (building, 2, Some("2026-02-27"), None, "on time in February"),
    ];
    for (n, (agency, month, submitted, postponed, title)) in items.iter().enumerate() {
        let item =
            l.o.t
                .call::<commands::ProgrammeItemCreate>(
                    Some(specialist),
                    ProgrammeInput {
                        year: 2026,
                        month: *month,
                        kind: ProgrammeKind::Resolution,
                        title: format!("Nội dung {n}: {title}"),
                        agency_id: *agency,
                        leader_id: Some(l.vice_id),
                        office_department_id: None,
                    },
                )
                .unwrap();
        let step = |status, submitted_on: Option<&str>, month, reason: &str| {
            l.o.t
                .call::<commands::ProgrammeStatusSet>(
                    Some(specialist),
                    commands::ProgrammeStatusRequest {
                        id: item.id,
                        input: StatusInput {
                            status,
                            reason: reason.into(),
                            submitted_on: submitted_on.map(|s| s.parse().unwrap()),
                            month,
                            meeting_id: None,
                        },
                    },
                )
                .unwrap()
        };
        if let Some(later) = postponed {
            step(ProgrammeStatus::Postponed, None, Some(*later), "Chờ ý kiến của Bộ");
        }
        if let Some(on) = submitted {
            step(ProgrammeStatus::Submitted, Some(on), None, "");
            // Passed afterwards: still one item, counted once.
            step(ProgrammeStatus::Passed, None, None, "");
        }
    }
    let evaluate = |quarter| {
        l.o.t
            .call::<commands::ProgrammeEvaluationGet>(
                Some(&l.chief),
                commands::QuarterRequest { year: 2026, quarter },
            )
            .unwrap()
    };
    // (quarter, agency) → (counted, on time, late, not submitted, not yet due, of which postponed)
    let expected = [
        (1, finance, None),
        (1, building, Some((1, 1, 0, 0, 0, 0))),
        (2, finance, None),
        (3, finance, Some((1, 1, 0, 0, 0, 0))),
        (3, building, Some((1, 0, 0, 1, 0, 0))),
        (4, finance, Some((6, 1, 2, 1, 2, 1))),
        (4, building, Some((1, 0, 0, 0, 1, 0))),
    ];
    let mut counted = 0;
    for quarter in 1..=4 {
        let evaluation = evaluate(quarter);
        for a in &evaluation.agencies {
            assert_eq!(
                a.due,
                a.on_time + a.late + a.not_submitted + a.not_yet_due,
                "quarter {quarter}: the columns add up to the total: {a:?}"
            );
            assert!(a.postponed <= a.due, "{a:?}");
            counted += a.due;
        }
        for (q, agency, figures) in expected.iter().filter(|e| e.0 == quarter) {
            let line = evaluation.agencies.iter().find(|a| a.agency_id == *agency);
            let got = line.map(|a| (a.due, a.on_time, a.late, a.not_submitted, a.not_yet_due, a.postponed));
            assert_eq!(got, *figures, "quarter {q}, agency {agency:?}");
        }
    }
    assert_eq!(counted as usize, items.len(), "every item counted once in the year");

    // The PDF: headed by the Office, signed by its Chief, with a line that sums it.
    let pdf =
        l.o.t
            .call::<commands::ProgrammeEvaluationPdf>(
                Some(&l.chief),
                commands::QuarterRequest { year: 2026, quarter: 4 },
            )
            .unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(text.contains("VĂN PHÒNG") && text.contains("CHÁNH VĂN PHÒNG"), "{text}");
    assert!(!text.contains("CHỦ TỊCH"), "not signed for the Chairman: {text}");
    let total: Vec<u32> = text
        .lines()
        .find(|line| line.trim_start().starts_with("Cộng"))
        .unwrap_or_else(|| panic!("a line that sums the columns: {text}"))
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(total, vec![7, 1, 2, 1, 3, 1, 0, 0], "{text}");
    assert_eq!(total[0], total[1..5].iter().sum::<u32>(), "the printed columns add up too");
}
