//! The leaders' weekly schedule through its commands: a room is never booked twice, a
//! busy leader is a warning to confirm, both explained without a word of what the person
//! may not see; publications with revisions, marks and sequences; the calendar feed
//! parsed back; the public page and the printed bulletin read back; the meeting room's
//! sittings on the schedule; secrecy.

use crate::outgoing::{Leaders, leaders};
use crate::printing::pdf_pages;
use crate::support::profile;
use chrono::{NaiveDate, NaiveDateTime};
use icalendar::Component;
use vanphong::commands::{self, EntryRef, ScheduleWeekRef};
use vanphong::error::ErrorCode;
use vanphong::schedule::model::RoomId;
use vanphong::schedule::publish::{Mark, Week};
use vanphong::schedule::{EntryInput, LeaderInput};
use vanphong::vocabulary::{Clearance, Role, UserId};

struct Desk {
    l: Leaders,
    chairman: UserId,
    vice: UserId,
    rooms: Vec<RoomId>,
}

fn desk() -> Desk {
    let l = leaders();
    let id = |token: &str| l.o.t.call::<commands::SessionCurrent>(Some(token), ()).unwrap().user.id;
    let (chairman, vice) = (id(&l.chairman), l.vice_id);
    let rooms =
        l.o.t
            .call::<commands::ScheduleChoicesGet>(Some(&l.chief), ())
            .unwrap()
            .rooms
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>();
    // Rooms come in name order: the hall, then rooms 1 and 2.
    let rooms = vec![rooms[1], rooms[2], rooms[0]];
    Desk { l, chairman, vice, rooms }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

const MONDAY: &str = "2026-11-23";

fn monday() -> NaiveDate {
    MONDAY.parse().unwrap()
}

fn entry(content: &str, starts: &str, leader: UserId, room: Option<RoomId>) -> EntryInput {
    EntryInput {
        starts_at: at(starts),
        ends_at: None,
        content: content.into(),
        preparing_agency_id: None,
        preparing_note: String::new(),
        leaders: vec![LeaderInput { user_id: leader, chairs: true }],
        agency_ids: Vec::new(),
        participants: "Lãnh đạo các sở, ngành liên quan".into(),
        room_id: room,
        place: if room.is_none() { "Huyện Nghi Lộc".into() } else { String::new() },
        office_leader_id: None,
        office_department_id: None,
        notes: String::new(),
        secrecy: Clearance::None,
        confirm_leader_busy: false,
    }
}

impl Desk {
    fn call<C: commands::Command>(
        &self,
        token: &str,
        request: C::Request,
    ) -> Result<C::Response, vanphong::ApiError> {
        self.l.o.t.call::<C>(Some(token), request)
    }

    fn add(&self, token: &str, input: EntryInput) -> Result<EntryRef, vanphong::ApiError> {
        self.call::<commands::ScheduleEntryCreate>(token, input)
    }

    fn week(&self, token: &str) -> Week {
        self.call::<commands::ScheduleWeekGet>(
            token,
            commands::ScheduleWeekRequest { day: Some(monday()), leader_id: None },
        )
        .unwrap()
    }

    fn publish(&self) -> Result<Week, vanphong::ApiError> {
        self.call::<commands::SchedulePublish>(&self.l.chief, ScheduleWeekRef { day: monday() })
    }

    fn feed(&self, leader: Option<UserId>) -> icalendar::Calendar {
        let text = self
            .l
            .o
            .t
            .call::<commands::ScheduleFeedGet>(None, commands::ScheduleFeedRequest { leader_id: leader })
            .unwrap();
        text.parse::<icalendar::Calendar>().unwrap_or_else(|e| panic!("the feed parses back: {e}\n{text}"))
    }
}

fn lines(week: &Week) -> Vec<&vanphong::schedule::publish::WeekLine> {
    week.days.iter().flat_map(|d| d.lines.iter()).collect()
}

#[test]
fn a_room_is_never_booked_twice_and_a_busy_leader_is_a_warning_to_confirm() {
    let d = desk();
    let chief = &d.l.chief;
    d.add(
        chief,
        entry("Làm việc với Sở Xây dựng về quy hoạch tỉnh", "2026-11-24 08:00", d.chairman, Some(d.rooms[0])),
    )
    .unwrap();
    // The same room at an overlapping time: refused, saying what holds it.
    let refused = d
        .add(chief, entry("Họp Ban chỉ đạo chuyển đổi số", "2026-11-24 10:00", d.vice, Some(d.rooms[0])))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Invalid);
    assert_eq!(refused.field.as_deref(), Some("roomId"));
    assert!(
        refused.message.vi.contains("8h00–11h30 ngày 24/11/2026")
            && refused.message.vi.contains("Làm việc với Sở Xây dựng"),
        "{}",
        refused.message.vi
    );
    // After the first one ends, the room is free.
    d.add(chief, entry("Họp Ban chỉ đạo chuyển đổi số", "2026-11-24 14:00", d.vice, Some(d.rooms[0])))
        .unwrap();
    // The chairman elsewhere at the same time: a warning the secretary confirms.
    let mut busy =
        entry("Tiếp đoàn công tác của Bộ Tài chính", "2026-11-24 09:00", d.chairman, Some(d.rooms[1]));
    let warned = d.add(chief, busy.clone()).unwrap_err();
    assert_eq!(warned.code, ErrorCode::ConfirmLeaderBusy);
    assert!(warned.message.vi.contains("Làm việc với Sở Xây dựng"), "{}", warned.message.vi);
    busy.confirm_leader_busy = true;
    d.add(chief, busy).unwrap();
    // A secret entry holds its room for everyone, but whoever may not see it learns only
    // that the room is taken.
    let mut secret =
        entry("Họp bàn phương án bảo vệ bí mật quân sự", "2026-11-25 08:00", d.vice, Some(d.rooms[2]));
    secret.secrecy = Clearance::Secret;
    d.add(chief, secret).unwrap();
    let specialist = &d.l.o.specialist;
    let refused = d
        .add(specialist, entry("Hội nghị tổng kết năm", "2026-11-25 09:00", d.chairman, Some(d.rooms[2])))
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("roomId"));
    // Not its words, nor its hours ("08:00", "8h00"), nor its day: only that it is taken.
    let says_nothing = |text: &str| !["quân sự", "08", "8h", "25/11"].iter().any(|w| text.contains(w));
    assert!(
        says_nothing(&refused.message.vi) && refused.message.vi.contains("vào thời gian này"),
        "{}",
        refused.message.vi
    );
    let refused = d.add(specialist, entry("Kiểm tra dự án", "2026-11-25 10:00", d.vice, None)).unwrap_err();
    assert_eq!(refused.code, ErrorCode::ConfirmLeaderBusy);
    assert!(says_nothing(&refused.message.vi) && says_nothing(&refused.message.en), "{}", refused.message.vi);
    // A cleared specialist may not declassify the chief's secret entry.
    let cleared = {
        let mut p = profile("cv.mat", Role::Specialist, Some(d.l.o.t.department(&d.l.o.admin, "TH")));
        p.clearance = Clearance::Secret;
        d.l.o.t.person(&d.l.o.admin, "cv.mat", p).1
    };
    let secret_id = d
        .call::<commands::ScheduleLinesGet>(
            chief,
            commands::ScheduleLinesRequest {
                from: monday(),
                to: monday() + chrono::Duration::days(6),
                leader_id: None,
            },
        )
        .unwrap()
        .into_iter()
        .find(|l| l.secrecy == Clearance::Secret)
        .and_then(|l| l.entry_id)
        .unwrap();
    let mut lowered = d.call::<commands::ScheduleEntryGet>(&cleared, EntryRef { id: secret_id }).unwrap();
    lowered.secrecy = Clearance::None;
    lowered.confirm_leader_busy = true;
    let refused = d.call::<commands::ScheduleEntryUpdate>(
        &cleared,
        commands::ScheduleEntryUpdateRequest { id: secret_id, input: lowered },
    );
    assert_eq!(refused.unwrap_err().field.as_deref(), Some("secrecy"));
    // A day outside the years kept is refused, never a crash.
    let far = d.call::<commands::ScheduleWeekGet>(
        chief,
        commands::ScheduleWeekRequest { day: NaiveDate::from_ymd_opt(262_000, 12, 31), leader_id: None },
    );
    assert_eq!(far.unwrap_err().field.as_deref(), Some("day"));
    // An entry removed before publication keeps its id: the next one gets another.
    let gone = d.add(chief, entry("Họp thử", "2026-11-27 15:00", d.vice, None)).unwrap();
    d.call::<commands::ScheduleEntryRemove>(chief, gone).unwrap();
    assert!(d.call::<commands::ScheduleEntryGet>(chief, gone).is_err());
    let next = d.add(chief, entry("Họp thử lại", "2026-11-27 15:00", d.vice, None)).unwrap();
    assert_ne!(next.id, gone.id);
    // Plain mistakes are told next to their field.
    let mut wrong = entry("Họp", "2026-11-26 08:00", d.chairman, None);
    wrong.ends_at = Some(at("2026-11-26 07:00"));
    assert_eq!(d.add(chief, wrong).unwrap_err().field.as_deref(), Some("endsAt"));
    let mut nobody = entry("Họp", "2026-11-26 08:00", d.chairman, None);
    nobody.leaders.clear();
    assert_eq!(d.add(chief, nobody).unwrap_err().field.as_deref(), Some("leaders"));
    let specialist_id = d.l.o.specialist_id;
    let not_a_leader = entry("Họp", "2026-11-26 08:00", specialist_id, None);
    assert_eq!(d.add(chief, not_a_leader).unwrap_err().field.as_deref(), Some("leaders"));
}

#[test]
fn publishing_marks_each_adjustment_and_the_feed_follows_with_its_sequences() {
    let d = desk();
    let chief = &d.l.chief;
    assert_eq!(d.publish().unwrap_err().code, ErrorCode::Conflict, "nothing to publish yet");
    let visit = d
        .add(chief, entry("Kiểm tra tiến độ dự án đường ven biển", "2026-11-24 08:00", d.vice, None))
        .unwrap();
    let session = d
        .add(chief, entry("Họp UBND tỉnh thường kỳ", "2026-11-26 08:00", d.chairman, Some(d.rooms[0])))
        .unwrap();
    let mut secret = entry(
        "Làm việc với Công an tỉnh về công tác bảo vệ",
        "2026-11-27 14:00",
        d.chairman,
        Some(d.rooms[1]),
    );
    secret.secrecy = Clearance::Secret;
    d.add(chief, secret).unwrap();

    let week = d.publish().unwrap();
    let first = week.publication.clone().unwrap();
    assert_eq!(first.revision, 1);
    assert_eq!(week.changes, 0);
    assert!(
        week.revision_title.starts_with("(Cập nhật lần cuối: 08:00 20/11/2026"),
        "{}",
        week.revision_title
    );
    assert!(lines(&week).iter().any(|l| l.unpublished), "the secret line stays on the Office's screens");
    assert_eq!(d.publish().unwrap_err().code, ErrorCode::Conflict, "nothing changed");

    // An adjustment: the visit moves to the afternoon; the session is cancelled.
    d.l.o.t.clock.advance(chrono::Duration::hours(6));
    let mut moved = d.call::<commands::ScheduleEntryGet>(chief, visit).unwrap();
    moved.starts_at = at("2026-11-24 14:00");
    moved.ends_at = None;
    d.call::<commands::ScheduleEntryUpdate>(
        chief,
        commands::ScheduleEntryUpdateRequest { id: visit.id, input: moved },
    )
    .unwrap();
    d.call::<commands::ScheduleEntryCancel>(
        chief,
        commands::ScheduleEntryCancelRequest { id: session.id, reason: "Lùi sang tuần sau".into() },
    )
    .unwrap();
    let before = d.week(chief);
    assert_eq!(before.changes, 2);
    let marks: Vec<(Mark, bool)> =
        lines(&before).iter().filter(|l| !l.unpublished).map(|l| (l.mark, l.pending)).collect();
    assert_eq!(marks, [(Mark::Changed, true), (Mark::Cancelled, true)]);
    // A published entry is cancelled, never removed.
    assert_eq!(
        d.call::<commands::ScheduleEntryRemove>(chief, session).unwrap_err().code,
        ErrorCode::Conflict
    );
    let week = d.publish().unwrap();
    assert_eq!(week.publication.as_ref().unwrap().revision, 2);
    let visit_line = lines(&week).into_iter().find(|l| l.line.entry_id == Some(visit.id)).unwrap();
    assert_eq!((visit_line.mark, visit_line.pending), (Mark::Changed, false), "as the adjustment marked it");
    assert!(
        week.revision_title.starts_with("(Điều chỉnh lần 1) (Cập nhật lần cuối: 14:00 20/11/2026"),
        "{}",
        week.revision_title
    );

    // The feed: one UID per entry for its life, SEQUENCE raised by each change, the
    // cancelled one sent as cancelled, nothing secret; NAME and REFRESH-INTERVAL set.
    let calendar = d.feed(None);
    assert!(calendar.get_name().is_some_and(|n| n.contains("Lịch công tác")));
    assert_eq!(calendar.get_ttl(), Some(chrono::Duration::minutes(60)));
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 2, "{calendar}");
    let visit_event = events.iter().find(|e| e.get_summary().unwrap().contains("đường ven biển")).unwrap();
    assert_eq!(visit_event.get_sequence(), Some(1));
    // Its UID is opaque: no internal id whose gaps would count the secret entries, and
    // the same in the next feed.
    let uid = visit_event.get_uid().unwrap().to_string();
    let (name, host) = uid.split_once('@').unwrap();
    assert!(name.len() == 32 && name.chars().all(|c| c.is_ascii_hexdigit()), "{uid}");
    assert!(!uid.contains("entry"), "{uid}");
    assert!(host.starts_with("lich.vanphong."), "{uid}");
    let again = d.feed(None);
    assert!(again.events().any(|e| e.get_uid() == Some(uid.as_str())), "one UID for the entry's life");
    assert_eq!(
        visit_event.get_start(),
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(
            chrono::DateTime::parse_from_rfc3339("2026-11-24T07:00:00Z").unwrap().to_utc()
        )))
    );
    let session_event = events.iter().find(|e| e.get_summary().unwrap().contains("thường kỳ")).unwrap();
    assert_eq!(session_event.get_status(), Some(icalendar::EventStatus::Cancelled));
    assert_eq!(session_event.get_sequence(), Some(1));
    assert!(!calendar.to_string().contains("Công an"), "nothing secret in the feed");
    // The vice chairman's own feed holds only his lines.
    let his: Vec<String> =
        d.feed(Some(d.vice)).events().map(|e| e.get_summary().unwrap().to_string()).collect();
    assert_eq!(his, ["Kiểm tra tiến độ dự án đường ven biển"]);

    // The public page and the printed bulletin show the revision and what changed.
    let page = d
        .l
        .o
        .t
        .call::<commands::SchedulePublicPageGet>(None, commands::SchedulePageRequest { week: Some(monday()) })
        .unwrap();
    assert!(page.contains("(Điều chỉnh lần 1)") && page.contains("Tuần 48"), "{page}");
    assert!(page.contains("class=\"cancelled\"") && !page.contains("Công an"));
    let pdf = d
        .call::<commands::ScheduleBulletinPdf>(
            chief,
            commands::ScheduleBulletinRequest { day: monday(), revision: None, draft: false },
        )
        .unwrap();
    let text = pdf_pages(&pdf).join("\n");
    for words in
        ["LỊCH CÔNG TÁC TUẦN", "Điều chỉnh lần 1", "Chiều (14h00)", "Điều chỉnh", "[HOÃN]", "Hoãn: Lùi sang"]
    {
        assert!(text.contains(words), "{words} in\n{text}");
    }
    assert!(!text.contains("Công an"));
    // The first publication stays as it was printed.
    let original = d
        .call::<commands::ScheduleBulletinPdf>(
            chief,
            commands::ScheduleBulletinRequest { day: monday(), revision: Some(1), draft: false },
        )
        .unwrap();
    let text = pdf_pages(&original).join("\n");
    assert!(text.contains("Sáng (8h00)") && !text.contains("HOÃN"), "{text}");
}

#[test]
fn the_meeting_rooms_sittings_are_on_the_schedule_and_secrets_stay_with_the_cleared() {
    let d = desk();
    let chief = &d.l.chief;
    let mut input = d
        .call::<commands::MeetingTemplate>(
            chief,
            commands::MeetingTemplateRequest {
                kind: vanphong::meetings::model::MeetingKind::Regular,
                meeting_id: None,
            },
        )
        .unwrap();
    input.title = "Phiên họp thường kỳ tháng 11".into();
    input.starts_at = at("2026-11-27 08:00");
    input.ends_at = at("2026-11-27 11:30");
    input.place = "Phòng họp số 1, trụ sở UBND tỉnh".into();
    let meeting = d.call::<commands::MeetingCreate>(chief, input).unwrap().id;
    let week = d.week(chief);
    let sitting =
        lines(&week).into_iter().find(|l| l.line.key == format!("meeting:{}", meeting.0)).unwrap().clone();
    assert_eq!(sitting.line.meeting_id, Some(meeting), "linked to the meeting");
    assert_eq!(sitting.line.room_id, Some(d.rooms[0]), "its room is one of the Office's");
    // The sitting holds its room.
    let refused = d
        .add(chief, entry("Tiếp công dân định kỳ", "2026-11-27 09:00", d.vice, Some(d.rooms[0])))
        .unwrap_err();
    assert!(refused.message.vi.contains("Phiên họp thường kỳ tháng 11"), "{}", refused.message.vi);

    // And the other way round: a sitting is refused a room an entry or another sitting holds.
    d.add(chief, entry("Tiếp công dân định kỳ", "2026-11-26 08:00", d.vice, Some(d.rooms[1]))).unwrap();
    let mut clash = d
        .call::<commands::MeetingTemplate>(
            chief,
            commands::MeetingTemplateRequest {
                kind: vanphong::meetings::model::MeetingKind::Working,
                meeting_id: None,
            },
        )
        .unwrap();
    clash.title = "Làm việc với Sở Xây dựng".into();
    clash.starts_at = at("2026-11-26 09:00");
    clash.ends_at = at("2026-11-26 10:00");
    clash.place = "Phòng họp số 2, trụ sở UBND tỉnh".into();
    let refused = d.call::<commands::MeetingCreate>(chief, clash.clone()).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("place"));
    assert!(refused.message.vi.contains("Tiếp công dân định kỳ"), "{}", refused.message.vi);
    clash.starts_at = at("2026-11-27 09:00");
    clash.ends_at = at("2026-11-27 10:00");
    clash.place = "Phòng họp số 1, trụ sở UBND tỉnh".into();
    let refused = d.call::<commands::MeetingCreate>(chief, clash.clone()).unwrap_err();
    assert!(refused.message.vi.contains("Phiên họp thường kỳ tháng 11"), "{}", refused.message.vi);
    clash.place = "Trụ sở Sở Xây dựng".into();
    d.call::<commands::MeetingCreate>(chief, clash).unwrap();

    // Secrecy: a secret entry is invisible to the uncleared, everywhere.
    let mut secret = entry("Họp về phương án phòng thủ dân sự", "2026-11-24 08:00", d.vice, Some(d.rooms[1]));
    secret.secrecy = Clearance::Secret;
    let hidden = d.add(chief, secret).unwrap();
    let specialist = &d.l.o.specialist;
    let seen = d.week(specialist);
    assert!(lines(&seen).iter().all(|l| l.line.secrecy == Clearance::None));
    let missing = d.call::<commands::ScheduleEntryGet>(
        specialist,
        EntryRef { id: vanphong::schedule::model::EntryId(9999) },
    );
    let secret_one = d.call::<commands::ScheduleEntryGet>(specialist, hidden);
    assert_eq!(
        missing.unwrap_err().message.vi,
        secret_one.unwrap_err().message.vi,
        "hidden answers as missing"
    );
    let lines_of = d
        .call::<commands::ScheduleLinesGet>(
            specialist,
            commands::ScheduleLinesRequest {
                from: monday(),
                to: monday() + chrono::Duration::days(30),
                leader_id: None,
            },
        )
        .unwrap();
    assert!(lines_of.iter().all(|l| !l.content.contains("phòng thủ")));
    // The specialist may not publish; an agency's account has no schedule at all.
    let refused = d.call::<commands::SchedulePublish>(specialist, ScheduleWeekRef { day: monday() });
    assert_eq!(refused.unwrap_err().code, ErrorCode::AuthPermissionDenied);
    let agency = d.l.o.agency("so tai chinh");
    let mut p = profile("stc", Role::Specialist, None);
    p.agency_id = Some(agency);
    let (_, agency_token) = d.l.o.t.person(&d.l.o.admin, "stc", p);
    let refused = d.call::<commands::ScheduleWeekGet>(
        &agency_token,
        commands::ScheduleWeekRequest { day: Some(monday()), leader_id: None },
    );
    assert_eq!(refused.unwrap_err().code, ErrorCode::AuthPermissionDenied);
    // The sitting is published with the week and leaves it as cancelled when cancelled.
    d.publish().unwrap();
    d.call::<commands::MeetingCancel>(
        chief,
        commands::MeetingCancelRequest { id: meeting, reason: "Hoãn họp".into() },
    )
    .unwrap();
    let week = d.week(chief);
    assert!(
        lines(&week)
            .iter()
            .any(|l| l.line.key == format!("meeting:{}", meeting.0) && l.mark == Mark::Cancelled)
    );
    d.publish().unwrap();
    let calendar = d.feed(Some(d.chairman));
    let cancelled = calendar.events().find(|e| e.get_summary().unwrap().contains("tháng 11")).unwrap();
    assert_eq!(cancelled.get_status(), Some(icalendar::EventStatus::Cancelled));
}

fn communes(d: &Desk, n: u32) -> Vec<vanphong::vocabulary::AgencyId> {
    let filter = vanphong::org::agency::AgencyFilter {
        group: Some(vanphong::vocabulary::AgencyGroup::Commune),
        limit: n,
        ..Default::default()
    };
    d.call::<commands::AgencyList>(&d.l.o.admin, filter).unwrap().items.iter().map(|a| a.id).collect()
}

fn delegation(
    purpose: &str,
    from: &str,
    to: &str,
    communes: Vec<vanphong::vocabulary::AgencyId>,
) -> vanphong::schedule::delegations::DelegationInput {
    vanphong::schedule::delegations::DelegationInput {
        kind: vanphong::schedule::delegations::DelegationKind::Inspection,
        purpose: purpose.into(),
        leader_user_id: None,
        leader_name: "Đ/c Nguyễn Văn Bình, Phó Giám đốc Sở Xây dựng".into(),
        lead_agency_id: None,
        agency_ids: Vec::new(),
        members: "Phòng Quản lý xây dựng".into(),
        commune_ids: communes,
        sectors: String::new(),
        starts_on: from.parse().unwrap(),
        ends_on: to.parse().unwrap(),
    }
}

#[test]
fn two_delegations_to_one_commune_close_together_wait_for_the_offices_decision() {
    let d = desk();
    let chief = &d.l.chief;
    let specialist = &d.l.o.specialist;
    let places = communes(&d, 2);
    let first = d
        .call::<commands::DelegationCreate>(
            specialist,
            delegation("Kiểm tra trật tự xây dựng", "2026-11-24", "2026-11-25", vec![places[0]]),
        )
        .unwrap();
    let mut led =
        delegation("Làm việc về xây dựng nông thôn mới", "2026-11-30", "2026-12-01", places.clone());
    led.kind = vanphong::schedule::delegations::DelegationKind::Working;
    led.leader_user_id = Some(d.vice);
    led.leader_name.clear();
    let second = d.call::<commands::DelegationCreate>(specialist, led).unwrap();
    // Three working days apart (26, 27 and 30 November), within five: both show it.
    assert_eq!(second.overlaps.len(), 1);
    assert_eq!((second.overlaps[0].other_id, second.overlaps[0].gap), (first.id, 3));
    let refused =
        d.call::<commands::DelegationApprove>(chief, commands::DelegationRef { id: second.id }).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(
        refused.message.vi.contains("Kiểm tra trật tự xây dựng")
            && refused.message.vi.contains("trùng địa bàn")
    );
    // Far enough: approved at once.
    let third = d
        .call::<commands::DelegationCreate>(
            specialist,
            delegation("Khảo sát hạ tầng", "2026-12-10", "2026-12-10", vec![places[0]]),
        )
        .unwrap();
    assert!(third.overlaps.is_empty(), "seven working days after the second");
    // The Office widens the rule: now the third overlaps the second.
    d.call::<commands::DelegationGapSet>(chief, commands::DelegationGapRequest { days: 10 }).unwrap();
    let third = d.call::<commands::DelegationApprove>(chief, commands::DelegationRef { id: third.id });
    assert_eq!(third.unwrap_err().code, ErrorCode::Conflict);
    d.call::<commands::DelegationGapSet>(chief, commands::DelegationGapRequest { days: 5 }).unwrap();
    // A specialist may not decide; the chief records why both go ahead.
    let resolve = commands::DelegationResolveRequest {
        id: second.id,
        other_id: first.id,
        commune_id: places[0],
        reason: "Khác lĩnh vực; đã thống nhất lịch với UBND xã".into(),
    };
    assert_eq!(
        d.call::<commands::DelegationResolve>(specialist, resolve.clone()).unwrap_err().code,
        ErrorCode::AuthPermissionDenied
    );
    d.call::<commands::DelegationResolve>(chief, resolve).unwrap();
    let approved =
        d.call::<commands::DelegationApprove>(chief, commands::DelegationRef { id: second.id }).unwrap();
    assert_eq!(approved.status, vanphong::schedule::delegations::DelegationStatus::Approved);
    // On the vice chairman's schedule, day by day, holding him.
    let his = d
        .call::<commands::ScheduleWeekGet>(
            chief,
            commands::ScheduleWeekRequest {
                day: Some("2026-11-30".parse().unwrap()),
                leader_id: Some(d.vice),
            },
        )
        .unwrap();
    let days: Vec<String> = lines(&his).iter().map(|l| l.line.key.clone()).collect();
    assert_eq!(
        days,
        [format!("delegation:{}:2026-11-30", second.id.0), format!("delegation:{}:2026-12-01", second.id.0)]
    );
    let busy =
        d.add(chief, entry("Tiếp công dân", "2026-11-30 08:00", d.vice, Some(d.rooms[0]))).unwrap_err();
    assert_eq!(busy.code, ErrorCode::ConfirmLeaderBusy);
    // Only those who approve may cancel an approved delegation.
    let refused = d.call::<commands::DelegationCancel>(
        specialist,
        commands::DelegationCancelRequest { id: second.id, reason: "Không cần nữa".into() },
    );
    assert_eq!(refused.unwrap_err().code, ErrorCode::Conflict);
    // Changing the first drops the decision: the Office looks again.
    let mut moved =
        d.call::<commands::DelegationGet>(specialist, commands::DelegationRef { id: first.id }).unwrap();
    moved.ends_on = "2026-11-26".parse().unwrap();
    let first = d
        .call::<commands::DelegationUpdate>(
            specialist,
            commands::DelegationUpdateRequest { id: first.id, input: moved },
        )
        .unwrap();
    assert!(first.overlaps.iter().all(|o| o.decided.is_empty()) && !first.overlaps.is_empty());
    // Only communes go where communes go.
    let wrong = delegation("Kiểm tra", "2026-12-15", "2026-12-15", vec![d.l.o.agency("so tai chinh")]);
    assert_eq!(
        d.call::<commands::DelegationCreate>(specialist, wrong).unwrap_err().field.as_deref(),
        Some("communeIds")
    );
}

#[test]
fn the_work_programme_counts_what_is_late_returned_and_overdue_and_the_quarter_is_evaluated() {
    use vanphong::schedule::programme::{ProgrammeInput, ProgrammeKind, ProgrammeStatus, StatusInput};
    let d = desk();
    let (chief, specialist) = (&d.l.chief, &d.l.o.specialist);
    let agency = d.l.o.agency("so tai chinh");
    let item = |month: u32, title: &str| {
        d.call::<commands::ProgrammeItemCreate>(
            specialist,
            ProgrammeInput {
                year: 2026,
                month,
                kind: ProgrammeKind::Decision,
                title: title.into(),
                agency_id: agency,
                leader_id: Some(d.vice),
                office_department_id: None,
            },
        )
        .unwrap()
    };
    let status = |id, status, reason: &str, submitted: Option<&str>, month: Option<u32>| {
        d.call::<commands::ProgrammeStatusSet>(
            specialist,
            commands::ProgrammeStatusRequest {
                id,
                input: StatusInput {
                    status,
                    reason: reason.into(),
                    submitted_on: submitted.map(|s| s.parse().unwrap()),
                    month,
                    meeting_id: None,
                },
            },
        )
    };
    // Today is 20 November 2026.
    let never = item(10, "Quy định giá dịch vụ xe ra, vào bến xe khách");
    assert!(never.overdue, "October has ended with nothing submitted");
    let on_time = item(11, "Quy định mức thu học phí năm học 2026-2027");
    status(on_time.id, ProgrammeStatus::Submitted, "", Some("2026-11-18"), None).unwrap();
    let late = item(10, "Quy định phân cấp quản lý tài sản công");
    let late = status(late.id, ProgrammeStatus::Submitted, "", Some("2026-11-19"), None).unwrap();
    assert!(late.late && !late.overdue);
    let returned = item(11, "Quy định định mức chi hỗ trợ doanh nghiệp nhỏ và vừa");
    status(returned.id, ProgrammeStatus::Submitted, "", None, None).unwrap();
    let returned = d
        .call::<commands::ProgrammeSubmissionReturn>(
            specialist,
            commands::ProgrammeReturnRequest {
                id: returned.id,
                reason: "Thiếu ý kiến thẩm định của Sở Tư pháp".into(),
            },
        )
        .unwrap();
    assert_eq!((returned.status, returned.returned), (ProgrammeStatus::NotStarted, 1));
    // Postponing needs its reason and a later month, next to the fields.
    let moved = item(11, "Đề án phát triển kinh tế đêm");
    assert_eq!(
        status(moved.id, ProgrammeStatus::Postponed, "", None, Some(12)).unwrap_err().field.as_deref(),
        Some("reason")
    );
    assert_eq!(
        status(moved.id, ProgrammeStatus::Postponed, "Chờ ý kiến của Bộ", None, Some(10))
            .unwrap_err()
            .field
            .as_deref(),
        Some("month")
    );
    let moved =
        status(moved.id, ProgrammeStatus::Postponed, "Chờ ý kiến của Bộ Văn hóa", None, Some(12)).unwrap();
    assert_eq!((moved.month, moved.planned_month), (12, 11));

    // The month's programme, published and adjusted.
    let november = commands::ProgrammeMonthRequest { year: 2026, month: 11 };
    let published = d.call::<commands::ProgrammeMonthPublish>(chief, november.clone()).unwrap();
    assert_eq!((published.revision, published.changes, published.items.len()), (Some(1), 0, 2));
    assert_eq!(published.overdue, 1, "the year's overdue submissions are counted");
    status(returned.id, ProgrammeStatus::Submitted, "", None, None).unwrap();
    let waiting = d.call::<commands::ProgrammeMonthGet>(chief, november.clone()).unwrap();
    assert_eq!(waiting.changes, 1);
    assert_eq!(
        d.call::<commands::ProgrammeMonthPublish>(specialist, november.clone()).unwrap_err().code,
        ErrorCode::AuthPermissionDenied
    );
    assert_eq!(d.call::<commands::ProgrammeMonthPublish>(chief, november.clone()).unwrap().revision, Some(2));
    let pdf = d.call::<commands::ProgrammeMonthPdf>(chief, november).unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(
        text.contains("CHƯƠNG TRÌNH CÔNG TÁC THÁNG 11 NĂM 2026") && text.contains("(Điều chỉnh lần 1)"),
        "{text}"
    );

    // The public page the portal links to shows the latest publication.
    let page =
        d.l.o
            .t
            .call::<commands::ProgrammePublicPageGet>(
                None,
                commands::ProgrammePageRequest { month: Some((2026, 11)) },
            )
            .unwrap();
    assert!(
        page.contains("CHƯƠNG TRÌNH CÔNG TÁC THÁNG 11 NĂM 2026") && page.contains("(Điều chỉnh lần 1)"),
        "{page}"
    );
    assert!(page.contains("mức thu học phí") && page.contains("Đã trình"), "{page}");
    // The quarter's evaluation of the agency's advice.
    let quarter = commands::QuarterRequest { year: 2026, quarter: 4 };
    let evaluation = d.call::<commands::ProgrammeEvaluationGet>(chief, quarter).unwrap();
    let line = evaluation.agencies.iter().find(|a| a.agency_id == agency).unwrap();
    assert_eq!(
        (
            line.due,
            line.on_time,
            line.late,
            line.not_submitted,
            line.not_yet_due,
            line.postponed,
            line.returned
        ),
        (5, 2, 1, 1, 1, 1, 1),
        "{line:?}"
    );
    let pdf = d.call::<commands::ProgrammeEvaluationPdf>(chief, quarter).unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(
        text.contains("ĐÁNH GIÁ CHẤT LƯỢNG THAM MƯU QUÝ IV NĂM 2026")
            && text.contains("VĂN PHÒNG")
            && text.contains("CHÁNH VĂN PHÒNG")
            && !text.contains("CHỦ TỊCH"),
        "the Office issues it and its Chief signs it: {text}"
    );
    // The leader in charge is the Chairman or a Vice Chairman.
    let wrong = ProgrammeInput {
        year: 2026,
        month: 12,
        kind: ProgrammeKind::Report,
        title: "Báo cáo".into(),
        agency_id: agency,
        leader_id: Some(d.l.o.specialist_id),
        office_department_id: None,
    };
    assert_eq!(
        d.call::<commands::ProgrammeItemCreate>(specialist, wrong).unwrap_err().field.as_deref(),
        Some("leaderId")
    );
}

#[test]
fn overlaps_are_reported_once_per_pair_with_the_communes_both_visit() {
    let d = desk();
    let (chief, specialist) = (&d.l.chief, &d.l.o.specialist);
    let places = communes(&d, 5);
    let create = |purpose: &str, from: &str, to: &str, of: &[usize]| {
        let input = delegation(purpose, from, to, of.iter().map(|n| places[*n]).collect());
        d.call::<commands::DelegationCreate>(specialist, input).unwrap()
    };
    let a = create("Kiểm tra đất đai", "2026-12-07", "2026-12-08", &[0, 1, 2]);
    let b = create("Kiểm tra xây dựng", "2026-12-07", "2026-12-07", &[1, 2, 3]);
    let c = create("Khảo sát thủy lợi", "2026-12-09", "2026-12-09", &[2, 4]);
    // Seven weeks later: too far to overlap anything.
    let far = create("Kiểm tra môi trường", "2027-01-25", "2027-01-26", &[0, 1, 2, 3, 4]);
    // A cancelled one overlaps nothing.
    let gone = create("Kiểm tra trùng", "2026-12-07", "2026-12-08", &[0, 1, 2]);
    d.call::<commands::DelegationCancel>(
        specialist,
        commands::DelegationCancelRequest {
            id: gone.id, reason: "Gộp với đoàn kiểm tra đất đai".into()
        },
    )
    .unwrap();
    let december = || {
        let month = commands::DelegationListRequest {
            from: "2026-12-01".parse().unwrap(),
            to: "2026-12-31".parse().unwrap(),
        };
        d.call::<commands::DelegationList>(specialist, month).unwrap()
    };
    let page = december();
    let of = |id| page.items.iter().find(|x| x.id == id).unwrap();
    // Each pair once, in the other's date order, with the shared communes in name order
    // (as the delegation lists its communes) and the working days between.
    let shared = |d: &vanphong::schedule::delegations::Delegation, with: &[usize]| -> Vec<_> {
        d.communes.iter().map(|c| c.id).filter(|id| with.iter().any(|n| places[*n] == *id)).collect()
    };
    let seen = |d: &vanphong::schedule::delegations::Delegation| -> Vec<_> {
        d.overlaps.iter().map(|o| (o.other_id, o.gap, o.open.clone())).collect()
    };
    let (a, b, c) = (of(a.id), of(b.id), of(c.id));
    assert_eq!(seen(a), [(b.id, 0, shared(a, &[1, 2])), (c.id, 1, shared(a, &[2]))]);
    assert_eq!(seen(b), [(a.id, 0, shared(b, &[1, 2])), (c.id, 2, shared(b, &[2]))]);
    assert_eq!(seen(c), [(a.id, 1, shared(c, &[2])), (b.id, 2, shared(c, &[2]))]);
    assert!(of(gone.id).overlaps.is_empty());
    assert!(page.items.iter().all(|x| x.id != far.id), "January is another page");
    // The Office decides on one commune of a pair; both sides show it, the rest waits.
    d.call::<commands::DelegationResolve>(
        chief,
        commands::DelegationResolveRequest {
            id: b.id,
            other_id: a.id,
            commune_id: places[1],
            reason: "Hai lĩnh vực khác nhau".into(),
        },
    )
    .unwrap();
    let refused =
        d.call::<commands::DelegationApprove>(chief, commands::DelegationRef { id: a.id }).unwrap_err();
    let name = |id| a.communes.iter().find(|c| c.id == id).unwrap().name.clone();
    assert!(
        refused.message.vi.contains(&name(places[2])) && refused.message.vi.contains("Khảo sát thủy lợi")
    );
    let again = december();
    for (mine, other) in [(a.id, b.id), (b.id, a.id)] {
        let pair =
            again.items.iter().find(|x| x.id == mine).unwrap().overlaps.iter().find(|o| o.other_id == other);
        let pair = pair.unwrap();
        assert_eq!(pair.open, [places[2]]);
        let decided: Vec<_> = pair.decided.iter().map(|c| (c.commune_id, c.reason.as_str())).collect();
        assert_eq!(decided, [(places[1], "Hai lĩnh vực khác nhau")]);
    }
    // A list shows the first overlaps of each, those waiting for a decision first; the
    // delegation itself has them all.
    let most = vanphong::schedule::delegations::LISTED_OVERLAPS;
    let crowd: Vec<_> =
        (0..=most + 1).map(|n| create(&format!("Đoàn thứ {n}"), "2026-12-21", "2026-12-21", &[3])).collect();
    let last = crowd.last().unwrap();
    assert_eq!(last.overlaps.len(), most + 1, "all of them");
    let listed = december();
    let listed = listed.items.iter().find(|x| x.id == last.id).unwrap();
    assert_eq!((listed.overlaps.len(), listed.overlaps_more), (most, 1));
}

#[test]
fn the_public_feed_and_page_are_kept_until_the_next_publication() {
    let d = desk();
    let chief = &d.l.chief;
    d.add(chief, entry("Kiểm tra tiến độ dự án đường ven biển", "2026-11-24 08:00", d.vice, None)).unwrap();
    d.publish().unwrap();
    let summaries = |calendar: &icalendar::Calendar| -> Vec<String> {
        calendar.events().map(|e| e.get_summary().unwrap_or_default().to_string()).collect()
    };
    let page = || {
        d.l.o
            .t
            .call::<commands::SchedulePublicPageGet>(
                None,
                commands::SchedulePageRequest { week: Some(monday()) },
            )
            .unwrap()
    };
    assert_eq!(summaries(&d.feed(None)), ["Kiểm tra tiến độ dự án đường ven biển"]);
    assert!(page().contains("Kiểm tra tiến độ dự án"));
    // A line changed in the publication behind the program's back (a copy of the
    // visit's, read after it): what was built from the publication is kept, so no reader
    // sees it …
    let tamper = || {
        d.l.o.t
            .app
            .db()
            .write(|tx| {
                tx.execute(
                    "INSERT INTO schedule_line (publication_id, key, position, mark, sequence, starts_at, line)
                     SELECT publication_id, key || ':chen', position + 100, mark, sequence, starts_at,
                         replace(line, 'Kiểm tra tiến độ', 'Dòng chen vào')
                     FROM schedule_line WHERE line LIKE '%Kiểm tra tiến độ%' ORDER BY rowid DESC LIMIT 1",
                    [],
                )?;
                Ok(())
            })
            .unwrap()
    };
    tamper();
    assert_eq!(summaries(&d.feed(None)), ["Kiểm tra tiến độ dự án đường ven biển"], "the kept feed");
    assert!(!page().contains("Dòng chen vào"), "the kept page");
    // … until a publication …
    d.add(chief, entry("Tiếp công dân định kỳ", "2026-11-26 08:00", d.chairman, None)).unwrap();
    d.publish().unwrap();
    let feed = summaries(&d.feed(None));
    assert!(feed.contains(&"Tiếp công dân định kỳ".to_string()) && feed.len() == 2, "{feed:?}");
    assert_eq!(summaries(&d.feed(Some(d.chairman))), ["Tiếp công dân định kỳ"]);
    assert!(page().contains("Tiếp công dân định kỳ"));
    // … or another day, when the feed's span moves.
    tamper();
    assert!(!summaries(&d.feed(None)).iter().any(|s| s.starts_with("Dòng chen vào")), "kept");
    d.l.o.t.clock.advance(chrono::Duration::days(1));
    assert!(
        summaries(&d.feed(None)).iter().any(|s| s.starts_with("Dòng chen vào")),
        "built again for the new day, from the publication as it now reads"
    );
}

#[test]
fn a_programme_item_on_a_secret_meetings_agenda_names_it_only_to_those_who_may_see_it() {
    use vanphong::schedule::programme::{ProgrammeInput, ProgrammeKind, ProgrammeStatus, StatusInput};
    let d = desk();
    let (chief, specialist) = (&d.l.chief, &d.l.o.specialist);
    let mut input = d
        .call::<commands::MeetingTemplate>(
            chief,
            commands::MeetingTemplateRequest {
                kind: vanphong::meetings::model::MeetingKind::Topical,
                meeting_id: None,
            },
        )
        .unwrap();
    input.title = "Phiên họp chuyên đề về quy hoạch khu vực phòng thủ".into();
    input.starts_at = at("2026-11-27 08:00");
    input.ends_at = at("2026-11-27 11:30");
    input.secrecy = Clearance::Secret;
    let meeting = d.call::<commands::MeetingCreate>(chief, input).unwrap().id;
    let item = d
        .call::<commands::ProgrammeItemCreate>(
            specialist,
            ProgrammeInput {
                year: 2026,
                month: 11,
                kind: ProgrammeKind::Decision,
                title: "Quy định quản lý đất quốc phòng kết hợp kinh tế".into(),
                agency_id: d.l.o.agency("so tai chinh"),
                leader_id: Some(d.vice),
                office_department_id: None,
            },
        )
        .unwrap();
    for status in [ProgrammeStatus::Submitted, ProgrammeStatus::OnAgenda] {
        d.call::<commands::ProgrammeStatusSet>(
            chief,
            commands::ProgrammeStatusRequest {
                id: item.id,
                input: StatusInput {
                    status,
                    reason: String::new(),
                    submitted_on: Some("2026-11-18".parse().unwrap()),
                    month: None,
                    meeting_id: Some(meeting),
                },
            },
        )
        .unwrap();
    }
    let seen_by = |token: &str| {
        d.call::<commands::ProgrammeItemList>(
            token,
            commands::ProgrammeYearRequest { year: 2026, agency_id: None },
        )
        .unwrap()
        .into_iter()
        .find(|i| i.id == item.id)
        .unwrap()
    };
    let chiefs = seen_by(chief);
    assert_eq!((chiefs.status, chiefs.meeting_id), (ProgrammeStatus::OnAgenda, Some(meeting)));
    // The uncleared specialist sees it submitted, as it was: no meeting, not even its id.
    let theirs = seen_by(specialist);
    assert_eq!((theirs.status, theirs.meeting_id), (ProgrammeStatus::Submitted, None));
    // Nor does the published programme say it went to a meeting.
    let november = commands::ProgrammeMonthRequest { year: 2026, month: 11 };
    d.call::<commands::ProgrammeMonthPublish>(chief, november).unwrap();
    let page =
        d.l.o
            .t
            .call::<commands::ProgrammePublicPageGet>(
                None,
                commands::ProgrammePageRequest { month: Some((2026, 11)) },
            )
            .unwrap();
    assert!(page.contains("đất quốc phòng") && !page.contains("Đưa vào phiên họp"), "{page}");
}

#[test]
fn probing_times_tells_the_uncleared_only_which_half_days_a_secret_engagement_takes() {
    let d = desk();
    let chief = &d.l.chief;
    let mut secret =
        entry("Họp bàn phương án bảo vệ bí mật quân sự", "2026-11-26 08:00", d.vice, Some(d.rooms[1]));
    secret.ends_at = Some(at("2026-11-26 09:00"));
    secret.secrecy = Clearance::Secret;
    d.add(chief, secret).unwrap();
    let specialist = &d.l.o.specialist;
    let cleared = {
        let mut p = profile("cv.mat", Role::Specialist, Some(d.l.o.t.department(&d.l.o.admin, "TH")));
        p.clearance = Clearance::Secret;
        d.l.o.t.person(&d.l.o.admin, "cv.mat", p).1
    };
    // (who, start, end) → refused: the room is taken for the whole morning in the
    // uncleared's eyes; at its hours only in the cleared's.
    let table = [
        (specialist, "2026-11-26 07:00", "2026-11-26 07:30", true),
        (specialist, "2026-11-26 10:30", "2026-11-26 11:30", true),
        (specialist, "2026-11-26 14:00", "2026-11-26 15:00", false),
        (&cleared, "2026-11-26 10:30", "2026-11-26 11:30", false),
        (&cleared, "2026-11-26 08:30", "2026-11-26 09:30", true),
    ];
    for (n, (who, starts, ends, refused)) in table.into_iter().enumerate() {
        let mut probe = entry(&format!("Làm việc {n}"), starts, d.chairman, Some(d.rooms[1]));
        probe.ends_at = Some(at(ends));
        probe.confirm_leader_busy = true;
        let answer = d.add(who, probe);
        assert_eq!(answer.is_err(), refused, "{starts}–{ends}: {answer:?}");
        if let Ok(made) = answer {
            d.call::<commands::ScheduleEntryRemove>(who, EntryRef { id: made.id }).unwrap();
        }
    }
}
