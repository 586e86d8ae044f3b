//! The meeting room through its commands: readiness, quorum, one vote per member, the
//! secret ballot's unlinkability (read from the database itself), written rounds with
//! their rules and deadlines, private notes, secrecy, and the conclusion into a notice
//! and directions.

use crate::incoming::Office;
use crate::outgoing::{Leaders, get, issue, leaders, leaders_of};
use crate::support::{TestApp, opened, profile};
use chrono::{Duration, NaiveDate};
use vanphong::attachments::NewAttachment;
use vanphong::ballot::Choice;
use vanphong::commands::{self, MeetingRef};
use vanphong::meetings::agenda::{DocumentRole, ItemInput};
use vanphong::meetings::conclusion::PointInput;
use vanphong::meetings::model::{Attendance, MeetingId, MeetingKind, PollId};
use vanphong::meetings::opinions::Opinion;
use vanphong::meetings::room::{AttendanceMark, PollOutcome, PollStatus};
use vanphong::meetings::views::MeetingDetail;
use vanphong::outgoing::OutgoingStatus;
use vanphong::outgoing::review::ReviewRequest;
use vanphong::vocabulary::{Clearance, Role, UserId};

struct Room {
    l: Leaders,
    /// The Committee's members: chairman, two vice chairmen and three members.
    members: Vec<(UserId, String)>,
    /// The chief of office prepares and is the secretary.
    secretary: String,
}

fn room() -> Room {
    room_of(leaders())
}

fn room_of(l: Leaders) -> Room {
    let mut members = Vec::new();
    for (name, token) in [("chutich", &l.chairman), ("pct1", &l.vice), ("pct2", &l.other_vice)] {
        let me = l.o.t.call::<commands::SessionCurrent>(Some(token), ()).unwrap();
        let _ = name;
        members.push((me.user.id, token.clone()));
    }
    for n in 1..=3 {
        let mut p = profile(&format!("tv{n}"), Role::CommitteeMember, None);
        p.clearance = Clearance::Secret;
        let (user, token) = l.o.t.person(&l.o.admin, &format!("tv{n}"), p);
        members.push((user.id, token));
    }
    let secretary = l.chief.clone();
    Room { l, members, secretary }
}

impl Room {
    fn call<C: commands::Command>(
        &self,
        token: &str,
        request: C::Request,
    ) -> Result<C::Response, vanphong::ApiError> {
        self.l.o.t.call::<C>(Some(token), request)
    }

    fn meeting(&self, kind: MeetingKind, secrecy: Clearance) -> MeetingId {
        let mut input = self
            .call::<commands::MeetingTemplate>(
                &self.secretary,
                commands::MeetingTemplateRequest { kind, meeting_id: None },
            )
            .unwrap();
        assert_eq!(input.members.len(), 6, "the Committee's members by default");
        input.title = "Phiên họp UBND tỉnh thường kỳ tháng 12 năm 2026".into();
        input.secrecy = secrecy;
        self.call::<commands::MeetingCreate>(&self.secretary, input).unwrap().id
    }

    /// An item with its submission uploaded and the files complete, put on the agenda.
    fn ready_item(&self, meeting: MeetingId, title: &str) -> MeetingDetail {
        let detail = self
            .call::<commands::MeetingItemSave>(
                &self.secretary,
                commands::MeetingItemSaveRequest {
                    meeting_id: meeting,
                    item_id: None,
                    input: item(title, "Thông qua dự thảo Nghị quyết", true),
                },
            )
            .unwrap();
        let item = detail.items.iter().find(|i| i.title == title).unwrap().id;
        self.call::<commands::MeetingDocumentAdd>(
            &self.secretary,
            commands::MeetingDocumentAddRequest {
                item_id: item,
                role: DocumentRole::Submission,
                agency_id: None,
                title: "Tờ trình số 120/TTr-SKHĐT".into(),
                incoming_id: None,
                outgoing_id: None,
                file: Some(pdf_file("to-trinh.pdf")),
            },
        )
        .unwrap();
        self.call::<commands::MeetingItemAdmit>(
            &self.secretary,
            commands::MeetingItemAdmitRequest { item_id: item, admit: true, reason: String::new() },
        )
        .unwrap()
    }

    fn mark(&self, meeting: MeetingId, people: &[usize], attendance: Attendance) -> MeetingDetail {
        let marks = people
            .iter()
            .map(|i| AttendanceMark {
                user_id: self.members[*i].0,
                attendance,
                reason: if attendance == Attendance::Absent {
                    "Đi công tác Trung ương".into()
                } else {
                    String::new()
                },
                delegate: String::new(),
            })
            .collect();
        self.call::<commands::MeetingAttendanceSet>(
            &self.l.chairman,
            commands::MeetingAttendanceSetRequest { id: meeting, marks },
        )
        .unwrap()
    }

    fn get(&self, token: &str, id: MeetingId) -> Result<MeetingDetail, vanphong::ApiError> {
        self.call::<commands::MeetingGet>(token, MeetingRef { id })
    }
}

/// An item of `title` asking `decision`, its files complete or not.
fn item(title: &str, decision: impl Into<String>, files_complete: bool) -> ItemInput {
    ItemInput {
        title: title.into(),
        parent_id: None,
        presenter_agency_id: None,
        specialist_id: None,
        minutes: 30,
        decision_asked: decision.into(),
        required_agency_ids: vec![],
        files_complete,
    }
}

fn pdf_file(name: &str) -> NewAttachment {
    use base64::Engine;
    let bytes = "%PDF-1.7\nTờ trình của Sở Kế hoạch và Đầu tư".as_bytes();
    NewAttachment {
        file_name: name.into(),
        content_base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        upload_id: None,
    }
}

#[test]
fn an_item_not_ready_stays_off_the_agenda_unless_the_chief_gives_a_reason() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    let detail = r
        .call::<commands::MeetingItemSave>(
            &r.secretary,
            commands::MeetingItemSaveRequest {
                meeting_id: meeting,
                item_id: None,
                input: item("Đề án phát triển du lịch", "", false),
            },
        )
        .unwrap();
    let item = &detail.items[0];
    assert!(!item.readiness.ready && !item.readiness.submission);
    // An Office specialist who is not the meeting's own does not even see an item not yet
    // on the agenda; the chief must give his reason.
    let specialist = &r.l.o.specialist;
    let refused = r
        .call::<commands::MeetingItemAdmit>(
            specialist,
            commands::MeetingItemAdmitRequest { item_id: item.id, admit: true, reason: "Gấp".into() },
        )
        .unwrap_err();
    assert_eq!(refused.code, vanphong::error::ErrorCode::NotFound, "{:?}", refused.message);
    let no_reason = r
        .call::<commands::MeetingItemAdmit>(
            &r.secretary,
            commands::MeetingItemAdmitRequest { item_id: item.id, admit: true, reason: String::new() },
        )
        .unwrap_err();
    assert_eq!(no_reason.field.as_deref(), Some("reason"));
    let admitted = r
        .call::<commands::MeetingItemAdmit>(
            &r.secretary,
            commands::MeetingItemAdmitRequest {
                item_id: item.id,
                admit: true,
                reason: "Chủ tịch chỉ đạo cho ý kiến ngay".into(),
            },
        )
        .unwrap();
    assert!(admitted.items[0].admitted);
    assert_eq!(admitted.items[0].override_reason, "Chủ tịch chỉ đạo cho ý kiến ngay");
    // Members see only what is on the agenda; a nested item is numbered under its parent.
    let member = &r.members[3].1;
    assert_eq!(r.get(member, meeting).unwrap().items.len(), 1);
}

#[test]
fn no_vote_without_quorum_and_each_present_member_votes_once() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    let detail = r.ready_item(meeting, "Dự thảo Nghị quyết về giá đất");
    let item = detail.items[0].id;
    r.call::<commands::MeetingOpen>(&r.l.chairman, commands::MeetingOpenRequest { id: meeting, open: true })
        .unwrap();
    let detail = r.mark(meeting, &[0, 1, 2], Attendance::Room);
    assert_eq!((detail.quorum.present, detail.quorum.members, detail.quorum.needed), (3, 6, 4));
    assert!(!detail.quorum.met);
    let start = commands::PollStartRequest {
        meeting_id: meeting,
        item_id: Some(item),
        question: "Thông qua dự thảo Nghị quyết về giá đất".into(),
        secret: false,
    };
    let refused = r.call::<commands::PollStart>(&r.l.chairman, start.clone()).unwrap_err();
    assert!(refused.message.vi.contains("Chưa đủ số thành viên"), "{:?}", refused.message);
    r.mark(meeting, &[3], Attendance::Online);
    r.mark(meeting, &[5], Attendance::Absent);
    // Only the chair or the secretary drives the room.
    assert!(r.call::<commands::PollStart>(&r.members[3].1, start.clone()).is_err());
    let detail = r.call::<commands::PollStart>(&r.l.chairman, start).unwrap();
    let poll = detail.polls[0].id;
    r.call::<commands::MeetingCurrentSet>(
        &r.secretary,
        commands::MeetingCurrentSetRequest { id: meeting, item_id: Some(item) },
    )
    .unwrap();
    for (i, choice) in [(0, Choice::Yes), (1, Choice::Yes), (2, Choice::No), (3, Choice::Yes)] {
        r.call::<commands::PollVote>(&r.members[i].1, commands::PollVoteRequest { poll_id: poll, choice })
            .unwrap();
    }
    let twice = r
        .call::<commands::PollVote>(
            &r.members[0].1,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::No },
        )
        .unwrap_err();
    assert!(twice.message.vi.contains("đã biểu quyết"));
    // Absent, not a member, or going round the command: the database refuses.
    assert!(
        r.call::<commands::PollVote>(
            &r.members[5].1,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::Yes }
        )
        .is_err()
    );
    assert!(
        r.call::<commands::PollVote>(
            &r.l.o.specialist,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::Yes }
        )
        .is_err()
    );
    let absent = r.members[5].0;
    let direct = r.l.o.t.app.db().write(|tx| {
        tx.execute(
            "INSERT INTO poll_voter (poll_id, user_id) VALUES (?1, ?2)",
            rusqlite::params![poll.0, absent.0],
        )?;
        Ok(())
    });
    assert!(direct.is_err(), "the trigger refuses a vote from someone not present");
    let first = r.members[0].0;
    let changed = r.l.o.t.app.db().write(|tx| {
        tx.execute(
            "UPDATE poll_vote SET choice = 'no' WHERE poll_id = ?1 AND user_id = ?2",
            rusqlite::params![poll.0, first.0],
        )?;
        Ok(())
    });
    assert!(changed.is_err(), "a vote once cast cannot be changed");
    // The console sees the open vote live; a member only how many voted.
    let console = r.get(&r.l.chairman, meeting).unwrap();
    assert_eq!((console.polls[0].yes, console.polls[0].no), (Some(3), Some(1)));
    let member = r.get(&r.members[4].1, meeting).unwrap();
    assert_eq!((member.polls[0].voted, member.polls[0].yes), (4, None));
    let stopped = r.call::<commands::PollStop>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    let p = &stopped.polls[0];
    assert_eq!((p.members, p.present, p.yes, p.no, p.abstain), (Some(6), Some(4), Some(3), Some(1), Some(0)));
    assert_eq!(p.passed, Some(false), "3 of 6 is not a majority of all the members");
    assert!(r.get(&r.members[4].1, meeting).unwrap().polls[0].yes.is_none(), "not published yet");
    r.call::<commands::PollPublish>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    let seen = r.get(&r.members[4].1, meeting).unwrap();
    assert_eq!(seen.polls[0].yes, Some(3));
    assert_eq!(seen.polls[0].voters.len(), 4, "an open vote names its voters");
    let result =
        r.call::<commands::PollResultPdf>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    let text = crate::printing::pdf_pages(&result).join("\n");
    assert!(text.contains("KẾT QUẢ BIỂU QUYẾT") && text.contains("KHÔNG THÔNG QUA"), "{text}");
}

#[test]
fn a_secret_ballot_cannot_be_joined_to_its_voter_even_from_the_database() {
    let (r, meeting, poll) = secret_vote(room());
    let choices = [Choice::Yes, Choice::No, Choice::Yes, Choice::Abstain, Choice::Yes, Choice::Yes];
    for (i, choice) in choices.iter().enumerate() {
        r.call::<commands::PollVote>(
            &r.members[i].1,
            commands::PollVoteRequest { poll_id: poll, choice: *choice },
        )
        .unwrap();
        // While it runs, even the console sees only how many have voted.
        let console = r.get(&r.l.chairman, meeting).unwrap();
        assert_eq!((console.polls[0].voted, console.polls[0].yes), (i as u32 + 1, None));
        let mine = r.get(&r.members[i].1, meeting).unwrap();
        assert!(mine.polls[0].i_voted && mine.polls[0].my_choice.is_none());
    }
    let stopped = r.call::<commands::PollStop>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    assert_eq!(
        (stopped.polls[0].yes, stopped.polls[0].no, stopped.polls[0].abstain),
        (Some(4), Some(1), Some(1))
    );
    assert_eq!(stopped.polls[0].passed, Some(true));
    // The database itself: who voted, and counts; no row carries a person and a choice.
    let (named, columns_with_people_and_choices, logged): (i64, i64, i64) = r
        .l
        .o
        .t
        .app
        .db()
        .read(|conn| {
            let named: i64 =
                conn.query_row("SELECT count(*) FROM poll_vote WHERE poll_id = ?1", [poll.0], |r| r.get(0))?;
            let tables: Vec<String> = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut both = 0;
            for table in tables {
                let columns: Vec<String> = conn
                    .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let has = |c: &str| columns.iter().any(|x| x == c);
                if has("poll_id") && has("user_id") && has("choice") {
                    both += conn.query_row(
                        &format!("SELECT count(*) FROM {table} WHERE poll_id = ?1"),
                        [poll.0],
                        |r| r.get::<_, i64>(0),
                    )?;
                }
            }
            let logged: i64 = conn.query_row(
                "SELECT count(*) FROM audit_entry WHERE action = 'poll_vote' AND (details LIKE '%yes%'
                     OR details LIKE '%abstain%' OR details LIKE '%\"no\"%' OR summary LIKE '%tán thành%')",
                [],
                |r| r.get(0),
            )?;
            Ok((named, both, logged))
        })
        .unwrap();
    assert_eq!((named, columns_with_people_and_choices, logged), (0, 0, 0));
    let (voters, counted): (i64, i64) = r
        .l
        .o
        .t
        .app
        .db()
        .read(|conn| {
            Ok((
                conn.query_row("SELECT count(*) FROM poll_voter WHERE poll_id = ?1", [poll.0], |r| r.get(0))?,
                conn.query_row("SELECT yes + no + abstain FROM poll WHERE id = ?1", [poll.0], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!((voters, counted), (6, 6));
}

/// `r` with a sitting open, all six members present and a secret vote on its item
/// started.
fn secret_vote(r: Room) -> (Room, MeetingId, PollId) {
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    let item = r.ready_item(meeting, "Nhân sự Giám đốc Sở").items[0].id;
    r.call::<commands::MeetingOpen>(&r.l.chairman, commands::MeetingOpenRequest { id: meeting, open: true })
        .unwrap();
    r.mark(meeting, &[0, 1, 2, 3, 4, 5], Attendance::Room);
    let poll = r
        .call::<commands::PollStart>(
            &r.l.chairman,
            commands::PollStartRequest {
                meeting_id: meeting,
                item_id: Some(item),
                question: "Giới thiệu nhân sự Giám đốc Sở".into(),
                secret: true,
            },
        )
        .unwrap()
        .polls[0]
        .id;
    (r, meeting, poll)
}

/// As [`secret_vote`], in a room whose data directory is on disk.
fn secret_vote_on_disk() -> (Room, MeetingId, PollId) {
    secret_vote(room_of(leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())))))
}

/// Every row of every table of a copy of `data_dir` (database and write-ahead log, as a
/// file-level backup or a snapshot of the machine would take them), but the hashes of
/// passwords and tokens, which are random.
fn copy_of(data_dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(data_dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    let conn = rusqlite::Connection::open(copy.path().join("vanphong.db")).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = std::collections::BTreeSet::new();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let kept: Vec<String> =
            columns.into_iter().filter(|c| !c.ends_with("hash")).map(|c| format!("quote(\"{c}\")")).collect();
        let mut statement =
            conn.prepare(&format!("SELECT {} FROM \"{table}\"", kept.join(" || '|' || "))).unwrap();
        for row in statement.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            rows.insert(format!("{table}: {}", row.unwrap()));
        }
    }
    rows
}

/// What changed between two copies: rows gone and rows new.
fn changes(
    before: &std::collections::BTreeSet<String>,
    after: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let gone = before.difference(after).map(|r| format!("- {r}"));
    gone.chain(after.difference(before).map(|r| format!("+ {r}"))).collect()
}

#[test]
fn a_copy_of_the_data_taken_after_any_ballot_cannot_tell_a_yes_from_a_no() {
    use Choice::{Abstain, No, Yes};
    // Two sittings alike but for two members' choices: the first says yes and the second
    // no in one, the other way round in the other. The counts at the end are the same.
    let runs = [[Yes, No, Yes, Abstain, Yes, Yes], [No, Yes, Yes, Abstain, Yes, Yes]];
    let mut seen: Vec<(Vec<Vec<String>>, Vec<String>)> = Vec::new();
    for choices in runs {
        let (r, meeting, poll) = secret_vote_on_disk();
        let data = r.l.o.t.dir.path().to_path_buf();
        let start = copy_of(&data);
        let mut events = r.l.o.t.app.events().subscribe();
        let mut after_each = Vec::new();
        for (i, choice) in choices.iter().enumerate() {
            r.call::<commands::PollVote>(
                &r.members[i].1,
                commands::PollVoteRequest { poll_id: poll, choice: *choice },
            )
            .unwrap();
            after_each.push(changes(&start, &copy_of(&data)));
        }
        let stopped =
            r.call::<commands::PollStop>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
        assert_eq!((stopped.polls[0].yes, stopped.polls[0].no), (Some(4), Some(1)));
        after_each.push(changes(&start, &copy_of(&data)));
        let mut published = Vec::new();
        while let Some(event) = events.try_next() {
            published.push(format!("{event:?}"));
        }
        assert!(published.len() >= 7, "each ballot and the stop were published: {published:?}");
        let _ = meeting;
        seen.push((after_each, published));
    }
    let (first, second) = (&seen[0], &seen[1]);
    for (ballot, (a, b)) in first.0.iter().zip(&second.0).enumerate() {
        assert!(!a.is_empty(), "ballot {ballot} wrote that its member voted");
        assert_eq!(a, b, "after ballot {}, the data differ with the choices", ballot + 1);
    }
    assert_eq!(first.1, second.1, "the events differ with the choices");
}

#[test]
fn a_secret_vote_shows_its_counts_only_when_they_identify_no_ballot() {
    // (ballots, present, quorum) → counts shown.
    let table = [
        ((0, 6, 4), false),
        ((1, 6, 4), false),
        ((1, 1, 1), false),
        ((2, 6, 4), false),
        ((3, 6, 4), false),
        ((4, 6, 4), true),
        ((5, 6, 4), true),
        ((6, 6, 4), true),
        ((3, 3, 4), true),
        // Of two ballots, each voter would read the other's choice.
        ((2, 2, 2), false),
        ((3, 3, 2), true),
    ];
    for ((voted, present, quorum), shown) in table {
        assert_eq!(
            vanphong::meetings::room::enough_ballots(voted, present, quorum),
            shown,
            "{voted} ballots, {present} present, quorum {quorum}"
        );
    }
    // Stopped at two ballots of six present (quorum four): "không đủ số phiếu", no counts,
    // to the console, once published, in the log or the database.
    let (r, meeting, poll) = secret_vote_on_disk();
    for i in [0, 1] {
        r.call::<commands::PollVote>(
            &r.members[i].1,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::Yes },
        )
        .unwrap();
    }
    let stopped = r.call::<commands::PollStop>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    let p = &stopped.polls[0];
    assert_eq!(
        (p.outcome, p.voted, p.yes, p.no, p.passed),
        (Some(PollOutcome::Insufficient), 2, None, None, None)
    );
    r.call::<commands::PollPublish>(&r.l.chairman, commands::PollRef { poll_id: poll }).unwrap();
    for token in [&r.l.chairman, &r.members[3].1, &r.secretary] {
        let p = &r.get(token, meeting).unwrap().polls[0];
        assert_eq!((p.outcome, p.yes, p.abstain), (Some(PollOutcome::Insufficient), None, None));
    }
    let (counts, logged): (Option<i64>, String) =
        r.l.o
            .t
            .app
            .db()
            .read(|conn| {
                Ok((
                    conn.query_row("SELECT yes FROM poll WHERE id = ?1", [poll.0], |r| r.get(0))?,
                    conn.query_row(
                        "SELECT summary FROM audit_entry WHERE action = 'poll_stop' ORDER BY id DESC LIMIT 1",
                        [],
                        |r| r.get(0),
                    )?,
                ))
            })
            .unwrap();
    assert_eq!(counts, None);
    assert!(logged.contains("không đủ số phiếu") && !logged.contains("tán thành"), "{logged}");
    let pdf = r.call::<commands::PollResultPdf>(&r.l.chairman, commands::PollRef { poll_id: poll });
    assert!(pdf.is_err(), "no result to print");
}

#[test]
fn a_secret_vote_interrupted_by_a_restart_is_void_and_held_again() {
    let (mut r, meeting, poll) = secret_vote_on_disk();
    for i in [0, 1, 2, 3] {
        r.call::<commands::PollVote>(
            &r.members[i].1,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::No },
        )
        .unwrap();
    }
    r.l.o.t.restart();
    // The box went with the process: no ballot is recoverable, the vote is void.
    let detail = r.get(&r.l.chairman, meeting).unwrap();
    let p = &detail.polls[0];
    assert_eq!(
        (p.status, p.outcome, p.voted, p.yes),
        (PollStatus::Finished, Some(PollOutcome::Void), 4, None)
    );
    let late = r
        .call::<commands::PollVote>(
            &r.members[4].1,
            commands::PollVoteRequest { poll_id: poll, choice: Choice::Yes },
        )
        .unwrap_err();
    assert!(late.message.vi.contains("đã kết thúc"), "{}", late.message.vi);
    let said: String = r
        .l
        .o
        .t
        .app
        .db()
        .read(|conn| {
            Ok(conn
                .query_row("SELECT summary FROM audit_entry WHERE action = 'poll_void'", [], |r| r.get(0))?)
        })
        .unwrap();
    assert!(said.contains("cần biểu quyết lại"), "{said}");
    // Held again, and counted.
    let again = r
        .call::<commands::PollStart>(
            &r.l.chairman,
            commands::PollStartRequest {
                meeting_id: meeting,
                item_id: None,
                question: "Giới thiệu nhân sự Giám đốc Sở (biểu quyết lại)".into(),
                secret: true,
            },
        )
        .unwrap()
        .polls[1]
        .id;
    for i in 0..6 {
        r.call::<commands::PollVote>(
            &r.members[i].1,
            commands::PollVoteRequest { poll_id: again, choice: Choice::Yes },
        )
        .unwrap();
    }
    let counted = r.call::<commands::PollStop>(&r.l.chairman, commands::PollRef { poll_id: again }).unwrap();
    assert_eq!((counted.polls[1].outcome, counted.polls[1].yes), (Some(PollOutcome::Counted), Some(6)));
}

#[test]
fn a_written_round_counts_by_its_rules_reminds_and_closes_at_its_deadline() {
    let r = room();
    let round = r.meeting(MeetingKind::Written, Clearance::None);
    let item = r.ready_item(round, "Dự thảo Quyết định ban hành Quy chế phối hợp").items[0].id;
    let sent = r
        .call::<commands::OpinionSend>(
            &r.secretary,
            commands::OpinionSendRequest { id: round, working_days: None },
        )
        .unwrap();
    // Friday 20 November 2026 + 5 working days, 24 November (Vietnamese Culture Day)
    // being a day off from 2026: Monday 30 November.
    assert_eq!(sent.meeting.opinion_deadline, NaiveDate::from_ymd_opt(2026, 11, 30));
    let alerts =
        r.call::<commands::AlertList>(&r.members[4].1, vanphong::alerts::AlertFilter::default()).unwrap();
    assert!(alerts.items.iter().any(|a| a.kind == vanphong::alerts::AlertKind::OpinionRequest));
    let answer = |i: usize, choice: Opinion, comment: &str| {
        r.call::<commands::OpinionAnswer>(
            &r.members[i].1,
            commands::OpinionAnswerRequest { item_id: item, choice: Some(choice), comment: comment.into() },
        )
    };
    answer(0, Opinion::Agree, "").unwrap();
    answer(1, Opinion::Agree, "").unwrap();
    assert_eq!(answer(2, Opinion::Other, "").unwrap_err().field.as_deref(), Some("comment"));
    answer(2, Opinion::Other, "Đề nghị bổ sung trách nhiệm của UBND cấp xã").unwrap();
    let tally = r.get(&r.secretary, round).unwrap().items[0].opinions.clone().unwrap();
    assert_eq!((tally.agree, tally.other, tally.unanswered, tally.agree_counted), (2, 1, 3, 2));
    assert_eq!(tally.passed, None, "open: the silent have not failed to answer yet; 2 of 6 settles nothing");
    assert_eq!(tally.waiting.len(), 3);
    // A member sees the tally and their own answer, not the others'.
    let member = r.get(&r.members[1].1, round).unwrap().items[0].opinions.clone().unwrap();
    assert!(member.answers.is_empty() && member.mine.is_some());
    let reminded = r.call::<commands::OpinionRemind>(&r.secretary, MeetingRef { id: round }).unwrap();
    assert_eq!(reminded.reminders_sent, 1);
    let alerts =
        r.call::<commands::AlertList>(&r.members[5].1, vanphong::alerts::AlertFilter::default()).unwrap();
    assert!(alerts.items.iter().any(|a| a.kind == vanphong::alerts::AlertKind::Reminder && a.days == 1));
    assert!(
        !r.call::<commands::AlertList>(&r.members[0].1, vanphong::alerts::AlertFilter::default())
            .unwrap()
            .items
            .iter()
            .any(|a| a.kind == vanphong::alerts::AlertKind::Reminder),
        "who answered is not reminded"
    );
    let early = r.call::<commands::OpinionClose>(&r.secretary, MeetingRef { id: round }).unwrap_err();
    assert!(early.message.vi.contains("Chưa đến hạn"));
    // After the deadline no answer is taken; the round closes.
    r.l.o.t.clock.advance(Duration::days(11));
    // (Sessions last a week at most: log in again.)
    let login = |name: &str| r.l.o.t.login(name, crate::support::PASSWORD).unwrap().token;
    let (late_member, secretary) = (login("tv2"), login("cvp"));
    let late = r
        .call::<commands::OpinionAnswer>(
            &late_member,
            commands::OpinionAnswerRequest {
                item_id: item,
                choice: Some(Opinion::Disagree),
                comment: String::new(),
            },
        )
        .unwrap_err();
    assert!(late.message.vi.contains("quá hạn"), "{:?}", late.message);
    let r = Room { secretary, ..r };
    let closed = r.call::<commands::OpinionClose>(&r.secretary, MeetingRef { id: round }).unwrap();
    assert!(closed.opinion_closed);
    let tally = closed.items[0].opinions.clone().unwrap();
    assert_eq!(
        (tally.agree_counted, tally.passed, tally.over),
        (5, Some(true), true),
        "closed: silence counts as agreeing by default, 5 of 6"
    );
    let login = |name: &str| r.l.o.t.login(name, crate::support::PASSWORD).unwrap().token;
    // Once held, a round's particulars and rules stay as they were.
    let mut input = r
        .call::<commands::MeetingTemplate>(
            &r.secretary,
            commands::MeetingTemplateRequest { kind: MeetingKind::Written, meeting_id: Some(round) },
        )
        .unwrap();
    input.silence_agrees = false;
    assert!(
        r.call::<commands::MeetingUpdate>(&r.secretary, commands::MeetingUpdateRequest { id: round, input })
            .is_err()
    );
    // The other rule, set before sending: the silent are not counted, and 2 of 6 is not a
    // majority; the summary prints the rule it was counted by.
    let mut input = r
        .call::<commands::MeetingTemplate>(
            &r.secretary,
            commands::MeetingTemplateRequest { kind: MeetingKind::Written, meeting_id: None },
        )
        .unwrap();
    input.title = "Lấy ý kiến về chủ trương đầu tư".into();
    input.silence_agrees = false;
    let strict = r.call::<commands::MeetingCreate>(&r.secretary, input).unwrap().id;
    let question = r.ready_item(strict, "Chủ trương đầu tư dự án đường liên xã").items[0].id;
    r.call::<commands::OpinionSend>(
        &r.secretary,
        commands::OpinionSendRequest { id: strict, working_days: Some(3) },
    )
    .unwrap();
    for name in ["tv1", "tv3"] {
        let token = login(name);
        r.call::<commands::OpinionAnswer>(
            &token,
            commands::OpinionAnswerRequest {
                item_id: question,
                choice: Some(Opinion::Agree),
                comment: String::new(),
            },
        )
        .unwrap();
    }
    let tally = r.get(&r.secretary, strict).unwrap().items[0].opinions.clone().unwrap();
    assert_eq!((tally.agree, tally.unanswered, tally.agree_counted, tally.passed), (2, 4, 2, None));
    let summary = r.call::<commands::MeetingOpinionsPdf>(&r.secretary, MeetingRef { id: strict }).unwrap();
    let text = crate::printing::pdf_pages(&summary).join("\n");
    assert!(text.contains("TỔNG HỢP Ý KIẾN") && text.contains("không được tính"), "{text}");
}

#[test]
fn a_secret_meeting_is_nothing_to_those_not_cleared_or_not_in_it() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::Secret);
    let detail = r.ready_item(meeting, "Phương án bảo đảm an ninh");
    let document = detail.items[0].documents[0].id;
    let uncleared = &r.l.o.specialist;
    let hidden = r.get(uncleared, meeting).unwrap_err();
    let nothing = r.get(uncleared, MeetingId(9999)).unwrap_err();
    assert_eq!((hidden.code, hidden.message.vi.clone()), (nothing.code, nothing.message.vi.clone()));
    let list = r
        .call::<commands::MeetingList>(uncleared, vanphong::meetings::model::MeetingFilter::default())
        .unwrap();
    assert_eq!(list.total, 0);
    assert!(
        r.call::<commands::MeetingDocumentFile>(
            uncleared,
            commands::MeetingDocumentRef { document_id: document }
        )
        .is_err()
    );
    // A committee member not in the meeting does not see it either; one in it does.
    let mut p = profile("tv9", Role::CommitteeMember, None);
    p.clearance = Clearance::Secret;
    let outsider = r.l.o.t.person(&r.l.o.admin, "tv9", p).1;
    assert!(r.get(&outsider, meeting).is_err());
    assert!(r.get(&r.members[3].1, meeting).is_ok());
    // An agency's account and the administrator see no meeting at all.
    assert!(r.get(&r.l.o.admin, meeting).is_err());
    // The administrator's log says someone did something to a secret object, not what.
    let log = r
        .call::<commands::AuditList>(
            &r.l.o.admin,
            vanphong::audit::AuditFilter { object_type: Some("meeting".into()), ..Default::default() },
        )
        .unwrap();
    assert!(!log.is_empty() && log.iter().all(|e| e.hidden && e.action.is_empty()), "{log:?}");
    let by_action = r
        .call::<commands::AuditList>(
            &r.l.o.admin,
            vanphong::audit::AuditFilter { action: Some("meeting_item_admit".into()), ..Default::default() },
        )
        .unwrap();
    assert!(by_action.is_empty(), "asking by action finds only what may be read");
    // Its printed pages carry its secrecy.
    let list = r.call::<commands::MeetingAttendancePdf>(&r.secretary, MeetingRef { id: meeting }).unwrap();
    assert!(crate::printing::pdf_pages(&list)[0].contains("MẬT"));
    // The leaders' schedule (the seam the schedules area reads) shows it to who may see it.
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let schedule = |token: &str| {
        let me = r.call::<commands::SessionCurrent>(token, ()).unwrap().user.id;
        r.l.o
            .t
            .app
            .db()
            .read(|conn| {
                let actor = vanphong::auth::actor(conn, me)?.unwrap();
                vanphong::meetings::on_schedule(conn, Some(&actor), day, day + Duration::days(6))
            })
            .unwrap()
    };
    let seen = schedule(&r.l.chairman);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].meeting_id, meeting);
    assert!(seen[0].leader_ids.contains(&r.members[1].0), "on the vice chairman's schedule too");
    assert!(schedule(uncleared).is_empty());
}

#[test]
fn a_members_notes_are_theirs_alone() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    let document = r.ready_item(meeting, "Kế hoạch đầu tư công").items[0].documents[0].id;
    let (a, b) = (&r.members[3].1, &r.members[4].1);
    r.call::<commands::MeetingNotePut>(
        a,
        commands::MeetingNotePutRequest {
            document_id: document,
            text: "Hỏi Sở Tài chính về nguồn vốn".into(),
        },
    )
    .unwrap();
    let mine = r
        .call::<commands::MeetingNoteGet>(a, commands::MeetingDocumentRef { document_id: document })
        .unwrap();
    assert_eq!(mine.text, "Hỏi Sở Tài chính về nguồn vốn");
    let theirs = r
        .call::<commands::MeetingNoteGet>(b, commands::MeetingDocumentRef { document_id: document })
        .unwrap();
    assert_eq!(theirs.text, "");
    let seen = r.get(b, meeting).unwrap();
    assert!(!seen.items[0].documents[0].has_note);
    assert!(r.get(a, meeting).unwrap().items[0].documents[0].has_note);
    let audited: i64 =
        r.l.o
            .t
            .app
            .db()
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM audit_entry WHERE details LIKE '%nguồn vốn%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
    assert_eq!(audited, 0, "a note never reaches the log");
    // The document opens for a member on screen.
    let file = r
        .call::<commands::MeetingDocumentFile>(a, commands::MeetingDocumentRef { document_id: document })
        .unwrap();
    assert!(opened(&r.l.o.t.app, a, &file).starts_with(b"%PDF"));
}

#[test]
fn the_conclusion_becomes_a_notice_and_its_points_directions_linked_both_ways() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    let item = r.ready_item(meeting, "Tình hình giải ngân vốn đầu tư công").items[0].id;
    r.call::<commands::MeetingOpen>(&r.l.chairman, commands::MeetingOpenRequest { id: meeting, open: true })
        .unwrap();
    r.mark(meeting, &[0, 1, 2, 3, 4], Attendance::Room);
    r.call::<commands::MeetingOutcomeSet>(
        &r.secretary,
        commands::MeetingOutcomeSetRequest {
            item_id: item,
            outcome: "Các chủ đầu tư đẩy nhanh tiến độ giải ngân.".into(),
        },
    )
    .unwrap();
    let refused =
        r.call::<commands::MeetingNoticeDraft>(&r.secretary, MeetingRef { id: meeting }).unwrap_err();
    assert!(refused.message.vi.contains("kết thúc"));
    r.call::<commands::MeetingOpen>(&r.l.chairman, commands::MeetingOpenRequest { id: meeting, open: false })
        .unwrap();
    let proposed =
        r.call::<commands::MeetingPointsTemplate>(&r.secretary, MeetingRef { id: meeting }).unwrap();
    assert_eq!(proposed[0].text, "Các chủ đầu tư đẩy nhanh tiến độ giải ngân.");
    let agency = r.l.o.agency("so tai chinh");
    let points = vec![
        PointInput { text: proposed[0].text.clone(), agency_id: None, deadline: None },
        PointInput {
            text: "Rà soát, điều chuyển vốn của các dự án chậm giải ngân.".into(),
            agency_id: Some(agency),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 15),
        },
    ];
    r.call::<commands::MeetingPointsSave>(
        &r.secretary,
        commands::MeetingPointsSaveRequest { id: meeting, points },
    )
    .unwrap();
    let drafted = r.call::<commands::MeetingNoticeDraft>(&r.secretary, MeetingRef { id: meeting }).unwrap();
    // Through the ordinary flow: submitted, signed by the chief of office, issued.
    let id = drafted.outgoing_id;
    let submit = |next: Option<UserId>| ReviewRequest { id, next_user_id: next, comment: String::new() };
    r.call::<commands::OutgoingSubmit>(&r.secretary, submit(None)).unwrap();
    let signed = r.call::<commands::OutgoingApprove>(&r.secretary, submit(None)).unwrap();
    assert_eq!(signed.row.status, OutgoingStatus::Signed);
    let issued = issue(&r.l, &signed);
    assert_eq!(issued.row.status, OutgoingStatus::Issued);
    let pdf = r
        .call::<commands::OutgoingPdf>(&r.secretary, commands::OutgoingPdfRequest { id, content: None })
        .unwrap();
    let text = crate::printing::pdf_pages(&pdf).join("\n");
    assert!(
        text.contains("THÔNG BÁO") && text.contains("TL. CHỦ TỊCH") && text.contains("kết luận như sau"),
        "{text}"
    );
    let made = r.call::<commands::MeetingDirectionsCreate>(&r.secretary, MeetingRef { id: meeting }).unwrap();
    assert_eq!(made.ids.len(), 1, "only the point that assigns work");
    let direction =
        r.call::<commands::DirectionGet>(&r.secretary, commands::DirectionRef { id: made.ids[0] }).unwrap();
    assert_eq!(direction.row.lead_agency_id, agency);
    assert_eq!(direction.row.deadline, NaiveDate::from_ymd_opt(2026, 12, 15).unwrap());
    let after = r.get(&r.secretary, meeting).unwrap();
    assert_eq!(after.points[1].direction_id, Some(made.ids[0]));
    assert!(after.notice.is_some_and(|n| n.id == Some(id.0)));
    let _ = get(&r.l, &r.secretary, id);
    let minutes = r.call::<commands::MeetingMinutesPdf>(&r.secretary, MeetingRef { id: meeting }).unwrap();
    let text = crate::printing::pdf_pages(&minutes).join("\n");
    assert!(text.contains("BIÊN BẢN") && text.contains("đẩy nhanh tiến độ"), "{text}");
}

#[test]
fn a_meeting_is_prepared_by_its_own_people_and_what_is_not_on_the_agenda_stays_theirs() {
    let r = room();
    let meeting = r.meeting(MeetingKind::Regular, Clearance::None);
    r.ready_item(meeting, "Kế hoạch đầu tư công năm 2027");
    let hidden = r
        .call::<commands::MeetingItemSave>(
            &r.secretary,
            commands::MeetingItemSaveRequest {
                meeting_id: meeting,
                item_id: None,
                input: item("Phương án sáp nhập các ban quản lý dự án", "", false),
            },
        )
        .unwrap();
    let draft_item = hidden.items.iter().find(|i| !i.admitted).unwrap();
    assert_eq!(draft_item.number, "", "only what is on the agenda is numbered");
    // An Office specialist who is neither its secretary nor its specialist cannot touch it.
    let outsider = &r.l.o.specialist;
    let refused = r.call::<commands::MeetingSecretaryNotesSet>(
        outsider,
        commands::MeetingNotesSetRequest { id: meeting, notes: "x".into() },
    );
    assert!(refused.is_err());
    assert!(!r.get(outsider, meeting).unwrap().allowed.prepare);
    // A member learns nothing of the item not yet on the agenda: not its title, not its
    // number, not that it exists.
    let member = &r.members[4].1;
    let seen = r.get(member, meeting).unwrap();
    assert_eq!((seen.items.len(), seen.meeting.items), (1, 1));
    let found = r
        .call::<commands::MeetingList>(
            member,
            vanphong::meetings::model::MeetingFilter {
                text: "sáp nhập".into(),
                when: vanphong::meetings::model::MeetingWhen::All,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(found.total, 0);
    let answer = r
        .call::<commands::MeetingOutcomeSet>(
            member,
            commands::MeetingOutcomeSetRequest { item_id: draft_item.id, outcome: "x".into() },
        )
        .unwrap_err();
    let nothing = r
        .call::<commands::MeetingOutcomeSet>(
            member,
            commands::MeetingOutcomeSetRequest {
                item_id: vanphong::meetings::model::ItemId(99_999),
                outcome: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!((answer.code, answer.message.vi), (nothing.code, nothing.message.vi));
    // A draft that is still changing is not linked into a meeting: it is uploaded.
    let draft = crate::outgoing::save(
        &r.l,
        &r.l.chief,
        None,
        crate::outgoing::content("CV", vanphong::register::Issuer::Office, "Về kế hoạch đầu tư công"),
    );
    let linked = r
        .call::<commands::MeetingDocumentAdd>(
            &r.secretary,
            commands::MeetingDocumentAddRequest {
                item_id: seen.items[0].id,
                role: DocumentRole::Draft,
                agency_id: None,
                title: String::new(),
                incoming_id: None,
                outgoing_id: Some(draft.row.id),
                file: None,
            },
        )
        .unwrap_err();
    assert_eq!(linked.field.as_deref(), Some("outgoingId"));
}

#[test]
fn a_written_round_says_whether_a_question_passes_only_as_far_as_its_answers_and_rules_go() {
    use vanphong::meetings::opinions::outcome;
    // (members, agreeing as counted, disagreeing or other, closed) → passes?
    let cases = [
        (6, 0, 0, false, None, "nobody has answered: nothing is said"),
        (6, 1, 0, false, None, "one agrees: the other five may still go either way"),
        (6, 3, 0, false, None, "half is not more than half"),
        (6, 4, 0, false, Some(true), "four of six agree already"),
        (6, 2, 3, false, Some(false), "three against: at most three more can agree, not a majority"),
        (6, 2, 2, false, None, "four of six could still agree"),
        (7, 3, 3, false, None, "the seventh decides"),
        (7, 0, 4, false, Some(false), "four of seven against"),
        (6, 0, 0, true, Some(false), "closed, nobody counted as agreeing"),
        (6, 6, 0, true, Some(true), "closed, silence counted as agreeing by the rule: six of six"),
        (6, 3, 1, true, Some(false), "closed: three of six is not more than half"),
        (5, 3, 2, true, Some(true), "closed: three of five"),
    ];
    for (members, agreeing, against, closed, expected, why) in cases {
        assert_eq!(outcome(members, agreeing, against, closed), expected, "{why}");
    }
}

#[test]
fn a_written_rounds_reminders_come_once_each_and_its_alerts_go_when_it_is_closed() {
    use vanphong::alerts::{AlertFilter, AlertKind, AlertObject};
    let r = room();
    let round = r.meeting(MeetingKind::Written, Clearance::None);
    r.ready_item(round, "Dự thảo Quy chế quản lý cụm công nghiệp");
    r.call::<commands::OpinionSend>(
        &r.secretary,
        commands::OpinionSendRequest { id: round, working_days: None },
    )
    .unwrap();
    let meeting_alerts = |token: &str| {
        r.call::<commands::AlertList>(token, AlertFilter::default())
            .unwrap()
            .items
            .into_iter()
            .filter(|a| a.object_type == AlertObject::Meeting && a.object_id == round.0)
            .map(|a| (a.kind, a.days, a.read))
            .collect::<Vec<_>>()
    };
    let member = &r.members[5].1;
    r.call::<commands::AlertMarkRead>(
        member,
        commands::AlertMarkReadRequest { ids: vec![], filter: AlertFilter::default() },
    )
    .unwrap();
    // The Office reminds twice: the member has one reminder, the latest, unread again.
    for _ in 0..2 {
        r.call::<commands::OpinionRemind>(&r.secretary, MeetingRef { id: round }).unwrap();
    }
    let mut seen = meeting_alerts(member);
    seen.sort_by_key(|a| a.0.as_str());
    assert_eq!(
        seen,
        vec![(AlertKind::OpinionRequest, 0, true), (AlertKind::Reminder, 2, false)],
        "one alert per person, round, deadline and kind"
    );
    // Two working days before the deadline (Monday 30/11) the watcher says so, once.
    r.l.o.t.clock.advance(Duration::days(5)); // Wednesday 25/11
    assert!(vanphong::alerts::scan_now(&r.l.o.t.app).unwrap() > 0);
    assert_eq!(vanphong::alerts::scan_now(&r.l.o.t.app).unwrap(), 0, "never twice");
    let member = r.l.o.t.login("tv3", crate::support::PASSWORD).unwrap().token;
    assert!(meeting_alerts(&member).contains(&(AlertKind::DueSoon, 3, false)), "26, 27, 30");
    // Who has answered is done with the round: nothing of it stays in their bell.
    let answered = r.l.o.t.login("tv1", crate::support::PASSWORD).unwrap().token;
    let item = r.get(&answered, round).unwrap().items[0].id;
    assert!(!meeting_alerts(&answered).is_empty());
    r.call::<commands::OpinionAnswer>(
        &answered,
        commands::OpinionAnswerRequest {
            item_id: item,
            choice: Some(Opinion::Agree),
            comment: String::new(),
        },
    )
    .unwrap();
    assert_eq!(meeting_alerts(&answered), vec![]);
    // Closed after its deadline: the round's alerts leave the bell and are not raised
    // again, months later.
    r.l.o.t.clock.advance(Duration::days(6));
    let secretary = r.l.o.t.login("cvp", crate::support::PASSWORD).unwrap().token;
    r.call::<commands::OpinionClose>(&secretary, MeetingRef { id: round }).unwrap();
    let member = r.l.o.t.login("tv3", crate::support::PASSWORD).unwrap().token;
    assert_eq!(meeting_alerts(&member), vec![]);
    let page = r.call::<commands::AlertList>(&member, AlertFilter::default()).unwrap();
    assert_eq!(page.unread, page.items.iter().filter(|a| !a.read).count() as u32);
    r.l.o.t.clock.advance(Duration::days(90));
    assert_eq!(vanphong::alerts::scan_now(&r.l.o.t.app).unwrap(), 0);
    let member = r.l.o.t.login("tv3", crate::support::PASSWORD).unwrap().token;
    assert_eq!(meeting_alerts(&member), vec![]);
}

#[test]
fn a_written_answer_without_a_choice_is_refused_next_to_the_choices() {
    let r = room();
    let round = r.meeting(MeetingKind::Written, Clearance::None);
    let item = r.ready_item(round, "Dự thảo Kế hoạch chuyển đổi số năm 2027").items[0].id;
    r.call::<commands::OpinionSend>(
        &r.secretary,
        commands::OpinionSendRequest { id: round, working_days: None },
    )
    .unwrap();
    // What the form sends when nothing is ticked: no choice at all.
    let request = serde_json::json!({ "itemId": item, "comment": "" });
    let error =
        commands::dispatch(&r.l.o.t.app, Some(&r.members[0].1), "opinion_answer", request).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("choice"));
    assert_eq!(
        (error.message.vi.as_str(), error.message.en.as_str()),
        ("Chọn Đồng ý, Không đồng ý hoặc Ý kiến khác.", "Choose Agree, Disagree or Other opinion.")
    );
    let tally = r.get(&r.secretary, round).unwrap().items[0].opinions.clone().unwrap();
    assert_eq!((tally.agree, tally.unanswered, tally.passed), (0, 6, None), "nothing was counted");
}
