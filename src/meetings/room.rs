//! The room, live: opening and closing the sitting, attendance and the quorum, the item
//! under discussion, the speakers list and the votes. The chair and the meeting's
//! secretary drive it; every change is audited against the meeting, which is what moves
//! every screen following it.
//!
//! Votes follow OpenSlides' model: started → finished (the counts and the base frozen) →
//! published. Each member present votes once; that, and that only a present member
//! votes while the vote runs, are enforced by the database (`poll_voter`'s key and
//! trigger). A secret vote writes only who has voted; its choices are counted in the
//! memory of the process ([`crate::ballot::BallotBox`]) and reach the database once, as
//! counts, when the vote is stopped with enough ballots that the counts identify none
//! ([`stop_poll`]). While it runs even the console sees only how many have voted.

use super::{audit, get_row, quorum, require};

use super::model::{
    Attendance, ItemId, MeetingId, MeetingKind, MeetingRow, MeetingStatus, PollId, SpeakerId,
};
use crate::audit::Writer;
use crate::ballot::{BallotBox, Choice, Counts};
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::Actor;
use crate::vocabulary::{UserId, clean_optional, clean_required, text_enum};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

fn running(conn: &Connection, actor: &Actor, id: MeetingId) -> CoreResult<MeetingRow> {
    let meeting = get_row(conn, actor, id)?;
    require(super::allowed(conn, actor, &meeting)?.run, "điều hành cuộc họp này", "run this meeting")?;
    Ok(meeting)
}

fn in_session(meeting: &MeetingRow) -> CoreResult<()> {
    if meeting.status != MeetingStatus::Open {
        return Err(CoreError::conflict(
            "Phiên họp chưa khai mạc hoặc đã bế mạc.",
            "The sitting is not open.",
        ));
    }
    Ok(())
}

/// The chair opens the sitting; `open` false closes it (a running vote must be stopped
/// first).
pub fn open(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, open: bool) -> CoreResult<()> {
    let meeting = running(w, actor, id)?;
    if open {
        if !matches!(meeting.status, MeetingStatus::Preparing | MeetingStatus::Invited) {
            return Err(CoreError::conflict("Phiên họp đã khai mạc.", "The sitting is already open."));
        }
        w.execute(
            "UPDATE meeting SET status = 'open', opened_at = ?2 WHERE id = ?1",
            params![id, w.now_text()],
        )?;
        return audit(
            w,
            id,
            "Khai mạc phiên họp".into(),
            "Opened the sitting".into(),
            &serde_json::json!({}),
        );
    }
    in_session(&meeting)?;
    let voting: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM poll WHERE meeting_id = ?1 AND status = 'started')",
        [id],
        |r| r.get(0),
    )?;
    if voting {
        return Err(CoreError::conflict(
            "Đang biểu quyết: kết thúc biểu quyết trước khi bế mạc.",
            "A vote is running: stop it before closing the sitting.",
        ));
    }
    let now = w.now_text();
    w.execute(
        "UPDATE meeting_speaker SET status = 'done', ended_at = ?2 WHERE status = 'speaking'
             AND item_id IN (SELECT id FROM agenda_item WHERE meeting_id = ?1)",
        params![id, now],
    )?;
    w.execute(
        "UPDATE meeting SET status = 'closed', closed_at = ?2, current_item_id = NULL WHERE id = ?1",
        params![id, now],
    )?;
    audit(w, id, "Bế mạc phiên họp".into(), "Closed the sitting".into(), &serde_json::json!({}))
}

/// One person's attendance.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    pub user_id: UserId,
    pub attendance: Attendance,
    #[serde(default)]
    pub reason: String,
    /// Who attends in the member's stead (ủy quyền).
    #[serde(default)]
    pub delegate: String,
}

/// Mark attendance (điểm danh), several people at once. An absence needs its reason; a
/// delegation the delegate's name.
pub fn mark(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, marks: &[AttendanceMark]) -> CoreResult<()> {
    let meeting = running(w, actor, id)?;
    if matches!(meeting.status, MeetingStatus::Closed | MeetingStatus::Cancelled) {
        return Err(CoreError::conflict("Cuộc họp đã kết thúc.", "The meeting is over."));
    }
    if marks.is_empty() || marks.len() > 500 {
        return Err(CoreError::invalid("marks", "Chọn người cần điểm danh.", "Choose whom to mark."));
    }
    let mut seen = std::collections::HashSet::new();
    if !marks.iter().all(|m| seen.insert(m.user_id)) {
        return Err(CoreError::invalid(
            "marks",
            "Một người được điểm danh hai lần trong cùng lần lưu.",
            "Someone is marked twice at once.",
        ));
    }
    let mut names = Vec::new();
    for m in marks {
        let reason = clean_optional(
            "reason",
            ("Lý do", "Reason"),
            &m.reason,
            crate::vocabulary::LIMITS.reason as usize,
        )?;
        let delegate = clean_optional("delegate", ("Người dự thay", "Delegate"), &m.delegate, 200)?;
        match m.attendance {
            Attendance::Absent if reason.is_empty() => {
                return Err(CoreError::invalid(
                    "reason",
                    "Vắng mặt cần ghi lý do.",
                    "An absence needs a reason.",
                ));
            }
            Attendance::Delegated if delegate.is_empty() => {
                return Err(CoreError::invalid(
                    "delegate",
                    "Ủy quyền cần ghi người dự thay.",
                    "A delegation needs the delegate's name.",
                ));
            }
            _ => {}
        }
        let keep = matches!(m.attendance, Attendance::Absent | Attendance::Delegated);
        let changed = w.execute(
            "UPDATE meeting_person SET attendance = ?3, reason = ?4, delegate = ?5, marked_at = ?6
             WHERE meeting_id = ?1 AND user_id = ?2",
            params![
                id,
                m.user_id,
                m.attendance,
                if keep { reason.as_str() } else { "" },
                if m.attendance == Attendance::Delegated { delegate.as_str() } else { "" },
                w.now_text()
            ],
        )?;
        if changed == 0 {
            return Err(CoreError::NotFound { what: Noun::User });
        }
        let name: String =
            w.query_row("SELECT full_name FROM user WHERE id = ?1", [m.user_id], |r| r.get(0))?;
        names.push(format!("{name}: {}", attendance_vi(m.attendance)));
    }
    let q = quorum(w, id)?;
    audit(
        w,
        id,
        format!("Điểm danh {} — có mặt {}/{} thành viên", names.join("; "), q.present, q.members),
        format!("Attendance of {} — {}/{} members present", marks.len(), q.present, q.members),
        &serde_json::json!({ "marks": marks }),
    )
}

pub fn attendance_vi(a: Attendance) -> &'static str {
    match a {
        Attendance::Unknown => "chưa điểm danh",
        Attendance::Room => "có mặt",
        Attendance::Online => "dự trực tuyến",
        Attendance::Absent => "vắng",
        Attendance::Delegated => "ủy quyền",
    }
}

/// The chair moves the room to `item` (or to none).
pub fn set_current(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, item: Option<ItemId>) -> CoreResult<()> {
    let meeting = running(w, actor, id)?;
    in_session(&meeting)?;
    let title = match item {
        Some(item) => {
            let row: Option<(MeetingId, bool, String)> = w
                .query_row("SELECT meeting_id, admitted, title FROM agenda_item WHERE id = ?1", [item], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            match row {
                Some((m, true, title)) if m == id => title,
                Some((m, false, _)) if m == id => {
                    return Err(CoreError::conflict(
                        "Nội dung chưa được đưa vào chương trình họp.",
                        "The item is not on the agenda.",
                    ));
                }
                _ => return Err(CoreError::NotFound { what: Noun::AgendaItem }),
            }
        }
        None => String::new(),
    };
    let now = w.now_text();
    // Whoever had the floor on the item left ends.
    w.execute(
        "UPDATE meeting_speaker SET status = 'done', ended_at = ?2 WHERE status = 'speaking'
             AND item_id = (SELECT current_item_id FROM meeting WHERE id = ?1)",
        params![id, now],
    )?;
    w.execute("UPDATE meeting SET current_item_id = ?2 WHERE id = ?1", params![id, item])?;
    audit(
        w,
        id,
        if title.is_empty() {
            "Chưa vào nội dung".into()
        } else {
            format!("Chuyển sang nội dung: {title}")
        },
        if title.is_empty() {
            "No item under discussion".into()
        } else {
            format!("Moved to the item: {title}")
        },
        &serde_json::json!({ "itemId": item }),
    )
}

/// Record the item's outcome (what was concluded), for the minutes and the notice.
pub fn set_outcome(w: &mut Writer<'_>, actor: &Actor, item: ItemId, outcome: &str) -> CoreResult<()> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    let allowed = super::allowed(w, actor, &meeting)?;
    require(allowed.run || allowed.prepare, "ghi kết luận", "record the outcome")?;
    let outcome = clean_optional("outcome", ("Kết luận", "Outcome"), outcome, 4000)?;
    w.execute("UPDATE agenda_item SET outcome = ?2 WHERE id = ?1", params![item, outcome])?;
    let title: String = w.query_row("SELECT title FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    audit(
        w,
        meeting.id,
        format!("Ghi kết luận nội dung: {title}"),
        format!("Recorded the outcome of: {title}"),
        &serde_json::json!({ "itemId": item, "outcome": outcome }),
    )
}

/// The secretary's notes for the minutes.
pub fn set_secretary_notes(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, notes: &str) -> CoreResult<()> {
    let meeting = get_row(w, actor, id)?;
    let allowed = super::allowed(w, actor, &meeting)?;
    require(allowed.run || allowed.prepare, "ghi biên bản", "write the minutes' notes")?;
    let notes = clean_optional("notes", ("Ghi chép", "Notes"), notes, 50_000)?;
    w.execute("UPDATE meeting SET secretary_notes = ?2 WHERE id = ?1", params![id, notes])?;
    audit(
        w,
        id,
        "Ghi chép của thư ký".into(),
        "The secretary's notes".into(),
        &serde_json::json!({ "length": notes.len() }),
    )
}

text_enum! {
    pub enum SpeakerStatus {
        Waiting = "waiting",
        Speaking = "speaking",
        Done = "done",
        Withdrawn = "withdrawn",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpeakerView {
    pub id: SpeakerId,
    pub user_id: UserId,
    pub full_name: String,
    pub point_of_order: bool,
    pub status: SpeakerStatus,
    pub requested_at: DateTime<Utc>,
    /// When the floor was given: the timer counts from here.
    pub started_at: Option<DateTime<Utc>>,
}

/// The speakers list of `item`: who speaks, then who waits (points of order first, then in
/// the order asked), then who has spoken.
pub fn speakers(conn: &Connection, item: Option<ItemId>) -> CoreResult<Vec<SpeakerView>> {
    let Some(item) = item else { return Ok(vec![]) };
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.user_id, u.full_name, s.point_of_order, s.status, s.requested_at, s.started_at
         FROM meeting_speaker s JOIN user u ON u.id = s.user_id
         WHERE s.item_id = ?1 AND s.status <> 'withdrawn'
         ORDER BY CASE s.status WHEN 'speaking' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,
             CASE WHEN s.status = 'waiting' THEN -s.point_of_order END, s.requested_at, s.id",
    )?;
    let rows = statement.query_map([item], |r| {
        Ok(SpeakerView {
            id: r.get(0)?,
            user_id: r.get(1)?,
            full_name: r.get(2)?,
            point_of_order: r.get(3)?,
            status: r.get(4)?,
            requested_at: r.get(5)?,
            started_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn current_item(conn: &Connection, id: MeetingId) -> CoreResult<ItemId> {
    conn.query_row("SELECT current_item_id FROM meeting WHERE id = ?1", [id], |r| {
        r.get::<_, Option<ItemId>>(0)
    })?
    .ok_or_else(|| CoreError::conflict("Chưa vào nội dung nào.", "No item is under discussion."))
}

/// Ask to speak on the current item (or withdraw, `ask` false).
pub fn request_floor(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: MeetingId,
    ask: bool,
    point_of_order: bool,
) -> CoreResult<()> {
    let meeting = get_row(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.speak, "đăng ký phát biểu", "ask to speak")?;
    in_session(&meeting)?;
    let item = current_item(w, id)?;
    if ask {
        let inserted = w.execute(
            "INSERT OR IGNORE INTO meeting_speaker (item_id, user_id, point_of_order, requested_at) VALUES (?1, ?2, ?3, ?4)",
            params![item, actor.user_id, point_of_order, w.now_text()],
        )?;
        if inserted == 0 {
            return Err(CoreError::conflict("Bạn đã đăng ký phát biểu.", "You have already asked to speak."));
        }
        let what = if point_of_order { "Đề nghị về thủ tục" } else { "Đăng ký phát biểu" };
        let what_en = if point_of_order { "Point of order" } else { "Asked to speak" };
        return audit(
            w,
            id,
            format!("{what}: {}", actor.full_name),
            format!("{what_en}: {}", actor.full_name),
            &serde_json::json!({ "itemId": item }),
        );
    }
    let changed = w.execute(
        "UPDATE meeting_speaker SET status = 'withdrawn', ended_at = ?3 WHERE item_id = ?1 AND user_id = ?2
             AND status = 'waiting'",
        params![item, actor.user_id, w.now_text()],
    )?;
    if changed == 0 {
        return Err(CoreError::conflict(
            "Bạn không có trong danh sách chờ phát biểu.",
            "You are not waiting to speak.",
        ));
    }
    audit(
        w,
        id,
        format!("Rút đăng ký phát biểu: {}", actor.full_name),
        format!("Withdrew from the speakers list: {}", actor.full_name),
        &serde_json::json!({ "itemId": item }),
    )
}

/// The chair gives the floor to `speaker` (whoever spoke before ends), or ends the
/// current speech (`speaker` None).
pub fn give_floor(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: MeetingId,
    speaker: Option<SpeakerId>,
) -> CoreResult<()> {
    let meeting = running(w, actor, id)?;
    in_session(&meeting)?;
    let item = current_item(w, id)?;
    let now = w.now_text();
    w.execute(
        "UPDATE meeting_speaker SET status = 'done', ended_at = ?2 WHERE item_id = ?1 AND status = 'speaking'",
        params![item, now],
    )?;
    let Some(speaker) = speaker else {
        return audit(
            w,
            id,
            "Kết thúc phát biểu".into(),
            "Ended the speech".into(),
            &serde_json::json!({ "itemId": item }),
        );
    };
    let name: Option<String> = w
        .query_row(
            "SELECT u.full_name FROM meeting_speaker s JOIN user u ON u.id = s.user_id
             WHERE s.id = ?1 AND s.item_id = ?2 AND s.status = 'waiting'",
            params![speaker, item],
            |r| r.get(0),
        )
        .optional()?;
    let Some(name) = name else {
        return Err(CoreError::conflict(
            "Người này không có trong danh sách chờ.",
            "That person is not waiting to speak.",
        ));
    };
    w.execute(
        "UPDATE meeting_speaker SET status = 'speaking', started_at = ?2 WHERE id = ?1",
        params![speaker, now],
    )?;
    audit(
        w,
        id,
        format!("Mời phát biểu: {name}"),
        format!("Gave the floor to {name}"),
        &serde_json::json!({ "speakerId": speaker }),
    )
}

text_enum! {
    pub enum PollStatus {
        Started = "started",
        /// Stopped: the counts and the base are frozen.
        Finished = "finished",
        /// Shown to the room.
        Published = "published",
    }
}

text_enum! {
    /// How a stopped vote ended.
    pub enum PollOutcome {
        /// Counted: the counts are kept.
        Counted = "counted",
        /// A secret vote stopped with too few ballots: counts would identify a ballot, so
        /// none were kept ("không đủ số phiếu").
        Insufficient = "insufficient",
        /// A secret vote interrupted by the server stopping: its ballots are gone, it is
        /// held again.
        Void = "void",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PollVoter {
    pub full_name: String,
    pub choice: Choice,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PollView {
    pub id: PollId,
    pub item_id: Option<ItemId>,
    pub question: String,
    pub secret: bool,
    pub status: PollStatus,
    /// How it ended, once stopped.
    pub outcome: Option<PollOutcome>,
    pub started_at: DateTime<Utc>,
    /// How many have voted (always shown).
    pub voted: u32,
    /// A running secret vote: the fewest ballots for its counts to be shown when it is
    /// stopped now ([`enough_ballots`]); stopped with fewer it ends without counts.
    pub least: Option<u32>,
    /// The counts: live to the console for a named vote, to the console once stopped, to
    /// everyone once published; never for a secret vote that was not counted.
    pub yes: Option<u32>,
    pub no: Option<u32>,
    pub abstain: Option<u32>,
    /// The base, frozen when stopped.
    pub members: Option<u32>,
    pub present: Option<u32>,
    /// Passed: a majority of all the members voted for it (once the counts are shown and
    /// the vote stopped).
    pub passed: Option<bool>,
    /// The person has voted in it.
    pub i_voted: bool,
    /// The person's own choice, for an open vote.
    pub my_choice: Option<Choice>,
    /// The named votes of an open vote, with the counts.
    pub voters: Vec<PollVoter>,
}

pub fn polls(conn: &Connection, actor: &Actor, id: MeetingId, console: bool) -> CoreResult<Vec<PollView>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.item_id, p.question, p.secret, p.status, p.outcome, p.started_at, p.members, p.present,
             p.yes, p.no, p.abstain, (SELECT count(*) FROM poll_voter v WHERE v.poll_id = p.id),
             EXISTS (SELECT 1 FROM poll_voter v WHERE v.poll_id = p.id AND v.user_id = ?2),
             (SELECT choice FROM poll_vote v WHERE v.poll_id = p.id AND v.user_id = ?2)
         FROM poll p WHERE p.meeting_id = ?1 ORDER BY p.id",
    )?;
    type Raw = (
        PollId,
        Option<ItemId>,
        String,
        bool,
        PollStatus,
        Option<PollOutcome>,
        DateTime<Utc>,
        [Option<u32>; 5],
        u32,
        bool,
        Option<Choice>,
    );
    let rows: Vec<Raw> = statement
        .query_map(params![id, actor.user_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                [r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (poll, item_id, question, secret, status, outcome, started_at, frozen, voted, i_voted, my_choice) in
        rows
    {
        let shown = match status {
            PollStatus::Started => console && !secret,
            PollStatus::Finished => console,
            PollStatus::Published => true,
        };
        let [members, present, yes, no, abstain] = if status == PollStatus::Started {
            let live = if shown { named_counts(conn, poll)? } else { [None; 3] };
            [None, None, live[0], live[1], live[2]]
        } else if shown && outcome == Some(PollOutcome::Counted) {
            frozen
        } else if shown {
            [frozen[0], frozen[1], None, None, None]
        } else {
            [None; 5]
        };
        let passed = match (status, yes, members) {
            (PollStatus::Finished | PollStatus::Published, Some(yes), Some(members)) => {
                Some(yes * 2 > members)
            }
            _ => None,
        };
        // What a running secret vote needs for a result, against the base frozen as it opened.
        let least = if secret && status == PollStatus::Started {
            let q = quorum(conn, id)?;
            Some(least_ballots(frozen[1].unwrap_or(q.present), q.needed))
        } else {
            None
        };
        let voters = if !secret && (yes.is_some()) { named_votes(conn, poll)? } else { vec![] };
        out.push(PollView {
            id: poll,
            item_id,
            question,
            secret,
            status,
            outcome,
            started_at,
            voted,
            least,
            yes,
            no,
            abstain,
            members,
            present,
            passed,
            i_voted,
            my_choice: if secret { None } else { my_choice },
            voters,
        });
    }
    Ok(out)
}

/// The counts of a named vote, from its named votes.
fn named_counts(conn: &Connection, poll: PollId) -> CoreResult<[Option<u32>; 3]> {
    let (y, n, a): (u32, u32, u32) = conn.query_row(
        "SELECT count(*) FILTER (WHERE choice = 'yes'), count(*) FILTER (WHERE choice = 'no'),
             count(*) FILTER (WHERE choice = 'abstain') FROM poll_vote WHERE poll_id = ?1",
        [poll],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok([Some(y), Some(n), Some(a)])
}

fn named_votes(conn: &Connection, poll: PollId) -> CoreResult<Vec<PollVoter>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT u.full_name, v.choice FROM poll_vote v JOIN user u ON u.id = v.user_id WHERE v.poll_id = ?1
         ORDER BY {}, u.full_name",
        crate::permission::role::rank_sql("u.role")
    ))?;
    let rows = statement.query_map([poll], |r| Ok(PollVoter { full_name: r.get(0)?, choice: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn refuse_without_quorum(conn: &Connection, meeting: &MeetingRow) -> CoreResult<()> {
    let q = quorum(conn, meeting.id)?;
    if !q.met {
        return Err(CoreError::conflict(
            format!(
                "Chưa đủ số thành viên tham dự ({}/{}, cần {}): chưa thể biểu quyết.",
                q.present, q.members, q.needed
            ),
            format!(
                "No quorum ({}/{} present, {} needed): no vote can be taken.",
                q.present, q.members, q.needed
            ),
        ));
    }
    Ok(())
}

/// The chair opens a vote on `item` (or the meeting as a whole) and starts it at once.
pub fn start_poll(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: MeetingId,
    item: Option<ItemId>,
    question: &str,
    secret: bool,
    ballots: &BallotBox,
) -> CoreResult<PollId> {
    let meeting = running(w, actor, id)?;
    in_session(&meeting)?;
    if meeting.kind == MeetingKind::Working {
        return Err(CoreError::conflict(
            "Buổi làm việc không biểu quyết.",
            "A working session takes no votes.",
        ));
    }
    refuse_without_quorum(w, &meeting)?;
    let question = clean_required("question", ("Nội dung biểu quyết", "Question"), question, 1000)?;
    if let Some(item) = item {
        let ok: bool = w.query_row(
            "SELECT EXISTS (SELECT 1 FROM agenda_item WHERE id = ?1 AND meeting_id = ?2 AND admitted = 1)",
            params![item, id],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(CoreError::NotFound { what: Noun::AgendaItem });
        }
    }
    let inserted = w.execute(
        "INSERT OR IGNORE INTO poll (meeting_id, item_id, question, secret, status, started_at)
         VALUES (?1, ?2, ?3, ?4, 'started', ?5)",
        params![id, item, question, secret, w.now_text()],
    )?;
    if inserted == 0 {
        return Err(CoreError::conflict(
            "Đang có một biểu quyết: kết thúc trước khi mở biểu quyết mới.",
            "A vote is running: stop it before opening another.",
        ));
    }
    let poll = PollId(w.last_insert_rowid());
    // The base is frozen as the vote opens: those present then are those it counts on, and
    // marking people absent while it runs changes nothing of what its result needs.
    let q = quorum(w, id)?;
    w.execute(
        "UPDATE poll SET members = ?2, present = ?3 WHERE id = ?1",
        params![poll, q.members, q.present],
    )?;
    let kind = if secret { "kín" } else { "công khai" };
    audit(
        w,
        id,
        format!("Mở biểu quyết ({kind}): {question}"),
        format!("Opened a {} vote: {question}", if secret { "secret" } else { "named" }),
        &serde_json::json!({ "pollId": poll, "itemId": item, "secret": secret }),
    )?;
    if secret {
        ballots.open(poll.0);
    }
    Ok(poll)
}

/// The meeting of `poll`, as `actor` may see it ("not found" alike otherwise).
pub fn meeting_of_poll(conn: &Connection, actor: &Actor, poll: PollId) -> CoreResult<MeetingId> {
    Ok(poll_meeting(conn, actor, poll)?.0.id)
}

fn poll_meeting(
    conn: &Connection,
    actor: &Actor,
    poll: PollId,
) -> CoreResult<(MeetingRow, bool, PollStatus, String)> {
    let row: Option<(MeetingId, bool, PollStatus, String)> = conn
        .query_row("SELECT meeting_id, secret, status, question FROM poll WHERE id = ?1", [poll], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((meeting, secret, status, question)) = row else {
        return Err(CoreError::NotFound { what: Noun::Poll });
    };
    let meeting = get_row(conn, actor, meeting).map_err(|_| CoreError::NotFound { what: Noun::Poll })?;
    Ok((meeting, secret, status, question))
}

/// A member present casts their vote. Once only, and never changed: the database says so.
///
/// A secret ballot writes only that the member has voted, the same whatever the choice;
/// the choice goes into the ballot box in memory, last, once everything else has passed.
/// Should the transaction still fail to commit, the box holds one ballot more than the
/// voters' list, and the vote is void when stopped.
pub fn vote(
    w: &mut Writer<'_>,
    actor: &Actor,
    poll: PollId,
    choice: Choice,
    ballots: &BallotBox,
) -> CoreResult<()> {
    let (meeting, secret, status, question) = poll_meeting(w, actor, poll)?;
    if status != PollStatus::Started {
        return Err(CoreError::conflict("Biểu quyết đã kết thúc.", "The vote is over."));
    }
    if secret && !ballots.holds(poll.0) {
        return Err(interrupted());
    }
    let attendance: Option<(super::model::Part, Attendance)> = w
        .query_row(
            "SELECT part, attendance FROM meeting_person WHERE meeting_id = ?1 AND user_id = ?2",
            params![meeting.id, actor.user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match attendance {
        Some((super::model::Part::Member, a)) if a.present() => {}
        Some((super::model::Part::Member, _)) => {
            return Err(CoreError::conflict(
                "Bạn chưa được điểm danh có mặt: chưa thể biểu quyết.",
                "You are not marked present and cannot vote.",
            ));
        }
        _ => {
            return Err(CoreError::conflict(
                "Chỉ thành viên của phiên họp được biểu quyết.",
                "Only the meeting's members vote.",
            ));
        }
    }
    let already: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM poll_voter WHERE poll_id = ?1 AND user_id = ?2)",
        params![poll, actor.user_id],
        |r| r.get(0),
    )?;
    if already {
        return Err(CoreError::conflict(
            "Bạn đã biểu quyết; phiếu đã bỏ không thay đổi được.",
            "You have voted; a vote once cast cannot be changed.",
        ));
    }
    w.execute("INSERT INTO poll_voter (poll_id, user_id) VALUES (?1, ?2)", params![poll, actor.user_id])?;
    if secret {
        audit(
            w,
            meeting.id,
            format!("{} đã bỏ phiếu kín: {question}", actor.full_name),
            format!("{} cast a secret ballot: {question}", actor.full_name),
            &serde_json::json!({ "pollId": poll }),
        )?;
        if !ballots.cast(poll.0, choice) {
            return Err(interrupted());
        }
        Ok(())
    } else {
        w.execute(
            "INSERT INTO poll_vote (poll_id, user_id, choice) VALUES (?1, ?2, ?3)",
            params![poll, actor.user_id, choice],
        )?;
        audit(
            w,
            meeting.id,
            format!("{} biểu quyết {}: {question}", actor.full_name, choice_vi(choice)),
            format!("{} voted {}: {question}", actor.full_name, choice.as_str()),
            &serde_json::json!({ "pollId": poll, "choice": choice }),
        )
    }
}

pub fn choice_vi(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "tán thành",
        Choice::No => "không tán thành",
        Choice::Abstain => "không biểu quyết",
    }
}

fn interrupted() -> CoreError {
    CoreError::conflict(
        "Biểu quyết kín này đã bị gián đoạn (máy chủ dừng khi đang bỏ phiếu): phiếu không còn; \
         chủ tọa kết thúc và mở biểu quyết lại.",
        "This secret vote was interrupted (the server stopped during the vote): its ballots are gone; \
         the chair stops it and opens the vote again.",
    )
}

/// The fewest ballots whose counts a secret vote may show: every member present (when it
/// opened) has voted, or at least as many as the quorum — and never fewer than three: of
/// two, each voter would read the other's choice.
pub fn enough_ballots(voted: u32, present: u32, quorum: u32) -> bool {
    voted >= least_ballots(present, quorum)
}

fn least_ballots(present: u32, quorum: u32) -> u32 {
    present.min(quorum).max(3)
}

/// Stop a running vote: its counts are kept when they may be, against the base frozen
/// when it opened (the members, and those present). A secret vote's counts come out of
/// the ballot box, which is emptied; with too few ballots ([`enough_ballots`]) it ends
/// "không đủ số phiếu" and its counts are dropped unread; a box that is missing or does not match the voters' list (the
/// server stopped, a ballot's write failed) makes it void.
pub fn stop_poll(w: &mut Writer<'_>, actor: &Actor, poll: PollId, ballots: &BallotBox) -> CoreResult<()> {
    let (meeting, secret, status, question) = poll_meeting(w, actor, poll)?;
    require(super::allowed(w, actor, &meeting)?.run, "kết thúc biểu quyết", "stop the vote")?;
    if status != PollStatus::Started {
        return Err(CoreError::conflict("Biểu quyết đã kết thúc.", "The vote is already stopped."));
    }
    let mut q = quorum(w, meeting.id)?;
    (q.members, q.present) = w.query_row(
        "SELECT coalesce(members, ?2), coalesce(present, ?3) FROM poll WHERE id = ?1",
        params![poll, q.members, q.present],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let voted: u32 =
        w.query_row("SELECT count(*) FROM poll_voter WHERE poll_id = ?1", [poll], |r| r.get(0))?;
    let (outcome, counts) = if secret {
        match ballots.take(poll.0) {
            Some(counts) if counts.total() == voted => {
                if enough_ballots(voted, q.present, q.needed) {
                    (PollOutcome::Counted, Some(counts))
                } else {
                    (PollOutcome::Insufficient, None)
                }
            }
            _ => (PollOutcome::Void, None),
        }
    } else {
        let [yes, no, abstain] = named_counts(w, poll)?;
        let counts = Counts { yes: yes.unwrap_or(0), no: no.unwrap_or(0), abstain: abstain.unwrap_or(0) };
        (PollOutcome::Counted, Some(counts))
    };
    w.execute(
        "UPDATE poll SET status = 'finished', outcome = ?9, finished_at = ?2, members = ?3, present = ?4,
             voted = ?5, yes = ?6, no = ?7, abstain = ?8 WHERE id = ?1",
        params![
            poll,
            w.now_text(),
            q.members,
            q.present,
            voted,
            counts.map(|c| c.yes),
            counts.map(|c| c.no),
            counts.map(|c| c.abstain),
            outcome
        ],
    )?;
    let (vi, en) = match counts {
        Some(Counts { yes: y, no: n, abstain: a }) => {
            let passed = y * 2 > q.members;
            (
                format!(
                    "Kết thúc biểu quyết: {question} — tán thành {y}, không tán thành {n}, không biểu quyết {a} \
                     (có mặt {}/{} thành viên): {}",
                    q.present,
                    q.members,
                    if passed { "thông qua" } else { "không thông qua" }
                ),
                format!(
                    "Vote stopped: {question} — for {y}, against {n}, abstaining {a} ({}/{} members present): {}",
                    q.present,
                    q.members,
                    if passed { "passed" } else { "not passed" }
                ),
            )
        }
        None if outcome == PollOutcome::Insufficient => (
            format!(
                "Kết thúc biểu quyết kín: {question} — không đủ số phiếu ({voted} phiếu, cần {}): \
                 không có kết quả",
                least_ballots(q.present, q.needed)
            ),
            format!(
                "Secret vote stopped: {question} — too few ballots ({voted}, {} needed): no result",
                least_ballots(q.present, q.needed)
            ),
        ),
        None => (
            format!("Biểu quyết kín bị hủy (bị gián đoạn, phiếu không còn): {question} — cần biểu quyết lại"),
            format!("Secret vote void (interrupted, its ballots are gone): {question} — to be held again"),
        ),
    };
    audit(w, meeting.id, vi, en, &serde_json::json!({ "pollId": poll, "outcome": outcome }))
}

/// Show a stopped vote's result to the room.
pub fn publish_poll(w: &mut Writer<'_>, actor: &Actor, poll: PollId) -> CoreResult<()> {
    let (meeting, _, status, question) = poll_meeting(w, actor, poll)?;
    require(super::allowed(w, actor, &meeting)?.run, "công bố kết quả", "publish the result")?;
    if status != PollStatus::Finished {
        return Err(CoreError::conflict(
            "Chỉ công bố được biểu quyết đã kết thúc.",
            "Only a stopped vote can be published.",
        ));
    }
    w.execute(
        "UPDATE poll SET status = 'published', published_at = ?2 WHERE id = ?1",
        params![poll, w.now_text()],
    )?;
    audit(
        w,
        meeting.id,
        format!("Công bố kết quả biểu quyết: {question}"),
        format!("Published the vote's result: {question}"),
        &serde_json::json!({ "pollId": poll }),
    )
}

#[cfg(test)]
mod tests {
    use super::enough_ballots;

    /// A secret vote's counts are shown only with enough ballots: all present members, or
    /// the quorum, and never fewer than three (of two, each would read the other's choice).
    #[test]
    fn a_secret_vote_shows_its_counts_only_with_enough_ballots() {
        let cases = [
            // voted, present, quorum, shown
            (10, 10, 10, true),
            (9, 10, 10, false),
            (10, 12, 10, true), // the quorum is enough
            (8, 8, 10, true),   // all present voted
            (7, 8, 10, false),
            (2, 2, 0, false), // never fewer than three
            (3, 3, 0, true),
            (3, 15, 0, true), // no quorum rule: three ballots
            (2, 15, 0, false),
        ];
        for (voted, present, quorum, shown) in cases {
            assert_eq!(
                enough_ballots(voted, present, quorum),
                shown,
                "{voted} of {present}, quorum {quorum}"
            );
        }
    }
}
