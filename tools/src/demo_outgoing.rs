//! A year of outgoing documents for the demo office, in the mix DOMAIN.md §1 reports
//! (mostly công văn and decisions; invitations, notices, reports, plans; a few legal
//! normative, secret and Office documents), each drafted by a specialist and taken
//! through its real approval path — some returned and corrected, the recent ones still
//! in review — then numbered and sent by the clerks in the order they were signed.
//! Deterministic, like the incoming year.

use crate::demo_incoming::{Dice, People, SUBJECTS, writer};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use vanphong::calendar::Calendar;
use vanphong::error::CoreResult;
use vanphong::incoming::model::Urgency;
use vanphong::outgoing::OutgoingId;
use vanphong::outgoing::draft::{self, DraftContent, DraftSave, Recipient, StoredFiles};
use vanphong::outgoing::issue::{self, DispatchEntry, DispatchMethod, DispatchRequest, IssueRequest};
use vanphong::outgoing::review::{self, ReviewRequest};
use vanphong::pdf::official::{Block, Run};
use vanphong::register::Issuer;
use vanphong::vocabulary::Actor;
use vanphong::vocabulary::{Clearance, Role};

/// (type, issuer, legal normative, secret) drawn in the proportions of 2016's 12,264.
fn kind(dice: &mut Dice) -> (&'static str, Issuer, bool, bool) {
    match dice.below(10_000) {
        0..=5599 => ("CV", Issuer::Committee, false, false),
        5600..=8559 => ("QĐ", Issuer::Committee, false, false),
        8560..=8599 => ("QĐ", Issuer::Committee, true, false),
        8600..=8979 => ("GM", Issuer::Committee, false, false),
        8980..=9139 => (*dice.pick(&["CV", "BC", "QĐ"]), Issuer::Committee, false, true),
        9140..=9159 => ("CĐ", Issuer::Committee, false, false),
        9160..=9549 => (*dice.pick(&["TB", "BC", "TTr"]), Issuer::Committee, false, false),
        9550..=9559 => ("CT", Issuer::Committee, false, false),
        9560..=9679 => ("KH", Issuer::Committee, false, false),
        _ => (*dice.pick(&["BC", "KH", "TB", "CV"]), Issuer::Office, false, false),
    }
}

fn text(t: &str) -> Block {
    Block::Paragraph { runs: vec![Run { text: t.to_string(), bold: false, italic: false }] }
}

fn content(
    dice: &mut Dice,
    (document_type, issuer, legal, secret): (&'static str, Issuer, bool, bool),
    subject: &str,
    code: &str,
) -> DraftContent {
    let summary = match document_type {
        "CV" => format!("triển khai {subject}"),
        "QĐ" => format!("Về việc phê duyệt {subject}"),
        "GM" => format!("Dự họp về {subject}"),
        "TB" => format!("Kết luận của Phó Chủ tịch UBND tỉnh về {subject}"),
        "BC" => format!("Kết quả thực hiện {subject}"),
        "TTr" => format!("Đề nghị thông qua {subject}"),
        "CĐ" => format!("Về việc chủ động ứng phó, {subject}"),
        _ => format!("Triển khai {subject}"),
    };
    let urgency = match dice.below(100) {
        0 => Urgency::Immediate,
        1..=3 => Urgency::VeryUrgent,
        4..=10 => Urgency::Urgent,
        _ => Urgency::Normal,
    };
    let addressees = if draft::has_addressees(document_type) {
        vec![
            dice.pick(&["Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Y tế"])
                .to_string(),
        ]
    } else {
        Vec::new()
    };
    let mut recipients = Vec::new();
    if !addressees.is_empty() {
        recipients.push(Recipient { text: draft::AS_ABOVE.into(), agency_id: None, department_id: None });
    }
    recipients.push(Recipient {
        text: "Chủ tịch, các PCT UBND tỉnh".into(),
        agency_id: None,
        department_id: None,
    });
    // The Committee's legal documents, decisions and directives are published in the
    // gazette; a document goes there by naming it among its recipients.
    if legal || (issuer == Issuer::Committee && matches!(document_type, "QĐ" | "CT" | "NQ")) {
        recipients.push(Recipient { text: "Công báo tỉnh".into(), agency_id: None, department_id: None });
    }
    recipients.push(Recipient { text: format!("Lưu: VT, {code}."), agency_id: None, department_id: None });
    DraftContent {
        document_type: document_type.to_string(),
        issuer,
        legal_normative: legal,
        summary,
        addressees,
        blocks: vec![
            text(&format!(
                "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh về {subject}, đề nghị các cơ quan, đơn vị liên quan khẩn trương triển khai các nội dung sau:"
            )),
            Block::Point {
                label: "1.".into(),
                runs: vec![Run { text: "Rà soát, tổng hợp tình hình thực hiện; đề xuất giải pháp tháo gỡ khó khăn, vướng mắc.".into(), bold: false, italic: false }],
            },
            Block::Point {
                label: "2.".into(),
                runs: vec![Run { text: "Báo cáo kết quả về UBND tỉnh (qua Văn phòng UBND tỉnh) đúng thời hạn.".into(), bold: false, italic: false }],
            },
        ],
        footnotes: Vec::new(),
        recipients,
        urgency,
        secrecy: if secret { Clearance::Secret } else { Clearance::None },
        body_file: None,
        attachments: Vec::new(),
    }
}

/// `at`, or the next moment the Office is open (working days, 7:30–17:00 in Vietnam).
fn office_time(calendar: &Calendar, at: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    let offset = vanphong::clock::vietnam_offset();
    let mut local = at.with_timezone(&offset).naive_local();
    let opening = |day: NaiveDate| day.and_hms_opt(7, 30, 0).expect("7:30");
    if local.hour() >= 17 {
        local = opening(local.date() + Duration::days(1));
    } else if local < opening(local.date()) {
        local = opening(local.date());
    }
    while !calendar.is_working_day(local.date()) {
        local = opening(local.date() + Duration::days(1));
    }
    offset.from_local_datetime(&local).single().expect("fixed").to_utc()
}

/// A signed document waiting for the clerks, issued in signature order at the end.
struct Signed {
    at: DateTime<Utc>,
    id: OutgoingId,
    secret: bool,
    proposed: vanphong::register::RegisterId,
}

/// Draft `per_day` documents on each working day of this year up to `now`.
pub fn fill(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    per_day: usize,
    notices: &[crate::demo_meetings::SignedNotice],
) -> CoreResult<usize> {
    if per_day == 0 {
        return Ok(0);
    }
    let conn: &Connection = tx;
    let people = crate::demo_incoming::people(conn)?;
    let leaders = vice_chairmen(conn)?;
    let mut dice = Dice(0x0D1_2026);
    let today = vanphong::clock::vietnam_date(now);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let calendar = Calendar::load(conn)?;
    let days: Vec<NaiveDate> =
        year_start.iter_days().take_while(|d| *d <= today).filter(|d| calendar.is_working_day(*d)).collect();
    let mut signed = Vec::new();
    let mut made = 0;
    for (index, day) in days.iter().enumerate() {
        let age = (days.len() - 1 - index) as i64;
        for _ in 0..per_day {
            let minutes = 7 * 60 + 30 + dice.below(8 * 60) as i64;
            let local = day.and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minutes);
            let at = vanphong::clock::vietnam_offset()
                .from_local_datetime(&local)
                .single()
                .expect("fixed")
                .to_utc();
            if at > now {
                continue;
            }
            if let Some(done) = draft_and_review(tx, &people, &leaders, &calendar, &mut dice, at, age, now)? {
                signed.push(done);
            }
            made += 1;
        }
    }
    // The meetings' conclusion notices, signed by the chief of office, join them.
    for notice in notices {
        if let Some(register) =
            issue::propose_register(conn, Issuer::Committee, "TB", false, Clearance::None)?
        {
            signed.push(Signed { at: notice.at, id: notice.id, secret: false, proposed: register.id });
        }
    }
    // The clerks number in the order documents were signed: numbers follow dates.
    signed.sort_by_key(|s| s.at);
    let mut last = DateTime::<Utc>::MIN_UTC;
    for s in signed {
        let clerk = if s.secret { &people.secret_clerk } else { &people.clerk };
        let at = office_time(&calendar, s.at + Duration::minutes(30 + dice.below(180) as i64)).max(last);
        last = at;
        if at > now {
            continue;
        }
        let request =
            IssueRequest { id: s.id, register_id: s.proposed, electronic: dice.chance(90), copies: Some(2) };
        issue::issue(&mut writer(tx, at, clerk, "outgoing_issue"), clerk, &request)?;
        let sent = at + Duration::minutes(20 + dice.below(60) as i64);
        if sent > now {
            continue;
        }
        let entries: Vec<DispatchEntry> = draft::content(conn, s.id, None)?
            .dispatch_targets()
            .into_iter()
            .map(|recipient| DispatchEntry {
                recipient,
                agency_id: None,
                // Secrets go on paper.
                method: if s.secret { DispatchMethod::Hand } else { DispatchMethod::Electronic },
            })
            .collect();
        let request = DispatchRequest { id: s.id, entries, sent_at: Some(sent), note: String::new() };
        issue::dispatch(&mut writer(tx, sent, clerk, "outgoing_dispatch"), clerk, &request)?;
    }
    Ok(made)
}

fn vice_chairmen(conn: &Connection) -> CoreResult<Vec<Actor>> {
    let mut statement =
        conn.prepare("SELECT username FROM user WHERE role = 'vice_chairman' ORDER BY username")?;
    let names: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    names.iter().map(|n| crate::demo_incoming::actor(conn, n)).collect()
}

/// One document from its draft as far along its path as its age allows; `Some` when it
/// was signed (the clerk issues it later).
#[allow(clippy::too_many_arguments)]
fn draft_and_review(
    tx: &rusqlite::Transaction<'_>,
    people: &People,
    leaders: &[Actor],
    calendar: &Calendar,
    dice: &mut Dice,
    mut at: DateTime<Utc>,
    age: i64,
    now: DateTime<Utc>,
) -> CoreResult<Option<Signed>> {
    let conn: &Connection = tx;
    let (code, subject) = *dice.pick(SUBJECTS);
    let (department, _) = &people.departments[code];
    let kind = kind(dice);
    let secret = kind.3;
    let Some(team) = people.specialists.get(department) else { return Ok(None) };
    let cleared: Vec<&Actor> = team
        .iter()
        .filter(|p| p.clearance.covers(if secret { Clearance::Secret } else { Clearance::None }))
        .collect();
    let Some(drafter) = (!cleared.is_empty()).then(|| *dice.pick(&cleared)) else { return Ok(None) };
    let body = content(dice, kind, subject, code);
    let save = DraftSave {
        id: None,
        content: body.clone(),
        new_body_file: None,
        new_attachments: Vec::new(),
        reply_to_incoming_id: None,
        comment: String::new(),
    };
    let empty = || StoredFiles { body: None, attachments: Vec::new() };
    let id = draft::save(&mut writer(tx, at, drafter, "outgoing_save"), drafter, &save, empty())?;
    // Each step takes a few working hours; the last days' documents are still on their way.
    let step = |dice: &mut Dice, at: DateTime<Utc>| {
        office_time(calendar, at + Duration::minutes(30 + dice.below(6 * 60) as i64))
    };
    let stop = |dice: &mut Dice| age <= 3 && dice.chance(35);
    at = step(dice, at);
    if at > now || (age == 0 && dice.chance(50)) {
        return Ok(None);
    }
    let path = review::path_for(conn, body.issuer, &body.document_type)?;
    let steps = review::steps_for(&path, drafter.role);
    let choose = |dice: &mut Dice, role: Role| -> CoreResult<Option<vanphong::vocabulary::UserId>> {
        let candidates = review::candidates(conn, role, *department, body.secrecy)?;
        Ok(match role {
            Role::ViceChairman => {
                let vice: Vec<_> = candidates.iter().filter(|c| c.role == Role::ViceChairman).collect();
                (!vice.is_empty()).then(|| dice.pick(&vice).id)
            }
            _ => candidates.first().map(|c| c.id),
        })
    };
    let Some(first) = choose(dice, steps[0])? else { return Ok(None) };
    let request = |next: Option<vanphong::vocabulary::UserId>, comment: &str| ReviewRequest {
        id,
        next_user_id: next,
        comment: comment.into(),
    };
    review::submit(&mut writer(tx, at, drafter, "outgoing_submit"), drafter, &request(Some(first), ""))?;
    let mut holder = first;
    // One in twenty is returned by the head with a comment, corrected and resubmitted.
    if dice.chance(5) {
        at = step(dice, at);
        if at > now {
            return Ok(None);
        }
        let head = actor_by_id(people, leaders, holder)?;
        review::give_back(
            &mut writer(tx, at, &head, "outgoing_give_back"),
            &head,
            &request(None, "Đề nghị bổ sung số liệu, làm rõ thời hạn báo cáo."),
        )?;
        at = step(dice, at);
        if at > now || stop(dice) {
            return Ok(None);
        }
        let mut edited = body.clone();
        edited.blocks.push(text("Thời hạn báo cáo: trước ngày 25 hằng tháng."));
        let save = DraftSave { id: Some(id), content: edited, ..save.clone() };
        draft::save(&mut writer(tx, at, drafter, "outgoing_save"), drafter, &save, empty())?;
        review::submit(
            &mut writer(tx, at, drafter, "outgoing_submit"),
            drafter,
            &request(Some(first), "Đã bổ sung theo ý kiến."),
        )?;
    }
    for (index, _) in steps.iter().enumerate() {
        at = step(dice, at);
        if at > now || stop(dice) {
            return Ok(None);
        }
        let person = actor_by_id(people, leaders, holder)?;
        let next = match steps.get(index + 1) {
            Some(role) => match choose(dice, *role)? {
                Some(next) => Some(next),
                None => return Ok(None),
            },
            None => None,
        };
        review::approve(&mut writer(tx, at, &person, "outgoing_approve"), &person, &request(next, ""))?;
        if let Some(next) = next {
            holder = next;
        }
    }
    let proposed =
        issue::propose_register(conn, body.issuer, &body.document_type, body.legal_normative, body.secrecy)?;
    Ok(proposed.map(|r| Signed { at, id, secret, proposed: r.id }))
}

/// The demo's people by id (the leaders are not in `People`'s departments).
fn actor_by_id(people: &People, leaders: &[Actor], id: vanphong::vocabulary::UserId) -> CoreResult<Actor> {
    let all = people
        .heads
        .values()
        .chain(people.deputies.values())
        .chain(std::iter::once(&people.chief))
        .chain(leaders.iter())
        .chain(people.specialists.values().flatten());
    all.into_iter()
        .find(|a| a.user_id == id)
        .cloned()
        .ok_or(vanphong::error::CoreError::NotFound { what: vanphong::error::Noun::User })
}

/// The latest `count` documents signed (in the last 300 days, while the demo's
/// certificates were valid), signed digitally as the flow signs them now that the signing
/// folder exists: each signer's page signed with their key when they signed it, and sealed
/// when the clerk issued it electronically. (Older documents stay signed on paper: a year
/// of signatures would cost the demo's start minutes.)
pub fn sign_recent(app: &vanphong::App, count: u32) -> CoreResult<u32> {
    use vanphong::outgoing::sign::{self, Signing};
    let organisation = app.db().read(vanphong::settings::organisation)?.expect("the demo's Office is set up");
    let keys = app.signing();
    let signing = Signing { keys: &keys, store: app.attachments(), organisation: &organisation };
    let since = app.now() - Duration::days(300);
    app.db().write(|tx| {
        // The document, who signed it and when, who issued it and when, electronically.
        type Recent = (OutgoingId, String, DateTime<Utc>, Option<String>, Option<DateTime<Utc>>, bool);
        let recent: Vec<Recent> = tx
            .prepare(
                "SELECT d.id, s.username, d.signed_at, c.username, d.issued_at, coalesce(d.electronic, 0)
                 FROM outgoing_document d JOIN user s ON s.id = d.signer_id LEFT JOIN user c ON c.id = d.issued_by
                 WHERE d.signed_at >= ?1 AND d.status IN ('signed', 'issued') ORDER BY d.signed_at DESC LIMIT ?2",
            )?
            .query_map(rusqlite::params![since, count], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<Result<_, _>>()?;
        let mut count = 0;
        for (id, signer, signed_at, clerk, issued_at, electronic) in recent.into_iter().rev() {
            let signer = crate::demo_incoming::actor(tx, &signer)?;
            if !sign::by_signer(&mut writer(tx, signed_at, &signer, "outgoing_approve"), &signer, id, &signing)? {
                continue;
            }
            count += 1;
            if let (Some(clerk), Some(at), true) = (clerk, issued_at, electronic) {
                let clerk = crate::demo_incoming::actor(tx, &clerk)?;
                sign::at_issue(&mut writer(tx, at, &clerk, "outgoing_issue"), &clerk, id, &signing)?;
            }
        }
        Ok(count)
    })
}
