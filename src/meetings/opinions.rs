//! Written opinions of the Committee's members (lấy ý kiến thành viên bằng văn bản): a
//! round is a meeting of kind `written` whose admitted items are the questions. The
//! Office sends it (each member is asked, with a deadline in working days), members
//! answer agree / disagree / other with a comment, the Office reminds those who have not
//! answered (and the deadline watcher does, before the deadline), and closes the round.
//!
//! The rules differ between provinces, so they are the round's settings and are printed
//! on its result: whether a member who did not answer counts as agreeing, and the
//! majority needed (more than half of all the members). Silence is silence only once the
//! round is closed: while it is open nobody has failed to answer yet and any answer may
//! still change, so the tally says nothing before the first answer, and after it only
//! what the answers so far already make (a majority agreeing, or one no longer possible).

use super::{audit, get_row, require};

use super::model::{ItemId, MeetingId, MeetingKind, MeetingRow, MeetingStatus, Part, Participant};
use crate::alerts::{self, AlertKind};
use crate::audit::Writer;
use crate::calendar::Calendar;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult};
use crate::vocabulary::Actor;
use crate::vocabulary::{UserId, clean_optional, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    pub enum Opinion {
        /// Đồng ý.
        Agree = "agree",
        /// Không đồng ý.
        Disagree = "disagree",
        /// Ý kiến khác (the comment says what).
        Other = "other",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerView {
    pub user_id: UserId,
    pub full_name: String,
    pub choice: Opinion,
    pub comment: String,
    pub answered_at: DateTime<Utc>,
}

/// A question's tally and answers, as the person may see them: the Office and the chair
/// see every answer; a member sees the tally and their own.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemOpinions {
    pub members: u32,
    pub agree: u32,
    pub disagree: u32,
    pub other: u32,
    pub unanswered: u32,
    /// Agreeing, with the silent counted as the round's rule says once the round is
    /// closed (while it is open, the answers only).
    pub agree_counted: u32,
    /// More than half of all the members agree (as counted): once the round is closed, by
    /// its rules; while it is open, only as far as the answers so far already make it
    /// (`None`: not known yet, always before the first answer).
    pub passed: Option<bool>,
    /// The round is closed: `passed` is final.
    pub over: bool,
    pub answers: Vec<AnswerView>,
    /// The members who have not answered (for the Office).
    pub waiting: Vec<String>,
    pub mine: Option<AnswerView>,
}

pub fn item_opinions(
    conn: &Connection,
    actor: &Actor,
    meeting: &MeetingRow,
    item: ItemId,
    people: &[Participant],
) -> CoreResult<ItemOpinions> {
    let silence_agrees: bool =
        conn.query_row("SELECT silence_agrees FROM meeting WHERE id = ?1", [meeting.id], |r| r.get(0))?;
    let mut statement = conn.prepare_cached(
        "SELECT a.user_id, u.full_name, a.choice, a.comment, a.answered_at FROM opinion_answer a
             JOIN user u ON u.id = a.user_id JOIN meeting_person p ON p.meeting_id = ?2 AND p.user_id = a.user_id
         WHERE a.item_id = ?1 AND p.part = 'member' ORDER BY a.answered_at, a.user_id",
    )?;
    let answers: Vec<AnswerView> = statement
        .query_map(params![item, meeting.id], |r| {
            Ok(AnswerView {
                user_id: r.get(0)?,
                full_name: r.get(1)?,
                choice: r.get(2)?,
                comment: r.get(3)?,
                answered_at: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let members: Vec<&Participant> = people.iter().filter(|p| p.part == Part::Member).collect();
    let count = |o: Opinion| answers.iter().filter(|a| a.choice == o).count() as u32;
    let (agree, disagree, other) = (count(Opinion::Agree), count(Opinion::Disagree), count(Opinion::Other));
    let unanswered = members.len() as u32 - answers.len() as u32;
    let over: bool = conn.query_row(
        "SELECT opinion_closed_at IS NOT NULL FROM meeting WHERE id = ?1",
        [meeting.id],
        |r| r.get(0),
    )?;
    let agree_counted = agree + if silence_agrees && over { unanswered } else { 0 };
    let passed = outcome(members.len() as u32, agree_counted, disagree + other, over);
    let allowed = super::allowed(conn, actor, meeting)?;
    let sees_all = allowed.prepare || meeting.chair_id == actor.user_id;
    let waiting = if sees_all {
        members
            .iter()
            .filter(|m| !answers.iter().any(|a| a.user_id == m.user_id))
            .map(|m| m.full_name.clone())
            .collect()
    } else {
        vec![]
    };
    let mine = answers.iter().find(|a| a.user_id == actor.user_id).cloned();
    Ok(ItemOpinions {
        members: members.len() as u32,
        agree,
        disagree,
        other,
        unanswered,
        agree_counted,
        passed,
        over,
        answers: if sees_all { answers } else { vec![] },
        waiting,
        mine,
    })
}

/// Whether a question of `members` passes with `agreeing` (as counted) and `against`
/// (disagreeing or another opinion): closed (`over`), by the count; open, as the answers
/// stand only when they already make it — more than half agree, or too many do not for a
/// majority to remain possible. Nothing is said before the first answer.
pub fn outcome(members: u32, agreeing: u32, against: u32, over: bool) -> Option<bool> {
    if over {
        return Some(agreeing * 2 > members);
    }
    if agreeing + against == 0 {
        None
    } else if agreeing * 2 > members {
        Some(true)
    } else if members.saturating_sub(against) * 2 <= members {
        Some(false)
    } else {
        None
    }
}

fn round(conn: &Connection, actor: &Actor, id: MeetingId) -> CoreResult<MeetingRow> {
    let meeting = get_row(conn, actor, id)?;
    if meeting.kind != MeetingKind::Written {
        return Err(CoreError::conflict(
            "Đây không phải đợt lấy ý kiến bằng văn bản.",
            "This is not a written-opinion round.",
        ));
    }
    Ok(meeting)
}

/// Send the round: every member is asked, the deadline `working_days` (default 5) working
/// days from today.
pub fn send(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: MeetingId,
    working_days: Option<u32>,
) -> CoreResult<NaiveDate> {
    let meeting = round(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.prepare, "gửi phiếu lấy ý kiến", "send the opinion form")?;
    if meeting.status != MeetingStatus::Preparing {
        return Err(CoreError::conflict("Phiếu lấy ý kiến đã được gửi.", "The round has already been sent."));
    }
    let days = working_days.unwrap_or(super::model::OPINION_WORKING_DAYS);
    if !(1..=30).contains(&days) {
        return Err(CoreError::invalid(
            "workingDays",
            "Thời hạn cho ý kiến từ 1 đến 30 ngày làm việc.",
            "Allow between 1 and 30 working days.",
        ));
    }
    let questions: u32 =
        w.query_row("SELECT count(*) FROM agenda_item WHERE meeting_id = ?1 AND admitted = 1", [id], |r| {
            r.get(0)
        })?;
    if questions == 0 {
        return Err(CoreError::conflict(
            "Chưa có nội dung nào đủ điều kiện để xin ý kiến.",
            "No question is ready to be put to the members.",
        ));
    }
    let today = vietnam_date(w.now());
    let deadline = Calendar::load(w)?.add_working_days(today, days);
    w.execute(
        "UPDATE meeting SET status = 'invited', opinion_sent_at = ?2, opinion_deadline = ?3 WHERE id = ?1",
        params![id, w.now_text(), deadline],
    )?;
    let members = member_ids(w, id)?;
    alerts::notify(
        w,
        &members,
        AlertKind::OpinionRequest,
        0,
        id.0,
        deadline,
        &meeting.title,
        meeting.secrecy,
    )?;
    audit(
        w,
        id,
        format!("Gửi phiếu lấy ý kiến {} thành viên, hạn {}", members.len(), deadline.format("%d/%m/%Y")),
        format!("Sent the opinion form to {} members, due {}", members.len(), deadline.format("%d/%m/%Y")),
        &serde_json::json!({ "deadline": deadline, "workingDays": days }),
    )?;
    Ok(deadline)
}

fn member_ids(conn: &Connection, id: MeetingId) -> CoreResult<Vec<UserId>> {
    let mut statement =
        conn.prepare_cached("SELECT user_id FROM meeting_person WHERE meeting_id = ?1 AND part = 'member'")?;
    let rows = statement.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn open_round(conn: &Connection, id: MeetingId) -> CoreResult<NaiveDate> {
    let (sent, closed, deadline): (Option<String>, Option<String>, Option<NaiveDate>) = conn.query_row(
        "SELECT opinion_sent_at, opinion_closed_at, opinion_deadline FROM meeting WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    match (sent, closed, deadline) {
        (Some(_), None, Some(deadline)) => Ok(deadline),
        (None, _, _) => {
            Err(CoreError::conflict("Phiếu lấy ý kiến chưa được gửi.", "The round has not been sent."))
        }
        _ => Err(CoreError::conflict("Đợt lấy ý kiến đã kết thúc.", "The round is closed.")),
    }
}

/// A member answers one question. The answer may be changed until the deadline. Nothing
/// is chosen for the member: without a `choice` the answer is refused.
pub fn answer(
    w: &mut Writer<'_>,
    actor: &Actor,
    item: ItemId,
    choice: Option<Opinion>,
    comment: &str,
) -> CoreResult<()> {
    let meeting = super::meeting_of_item(w, actor, item)?;
    if meeting.kind != MeetingKind::Written {
        return Err(CoreError::conflict("Đây không phải đợt lấy ý kiến.", "This is not a written round."));
    }
    require(super::allowed(w, actor, &meeting)?.member, "cho ý kiến", "answer")?;
    let deadline = open_round(w, meeting.id)?;
    if vietnam_date(w.now()) > deadline {
        return Err(CoreError::conflict(
            format!("Đã quá hạn cho ý kiến ({}).", deadline.format("%d/%m/%Y")),
            format!("The deadline for answers has passed ({}).", deadline.format("%d/%m/%Y")),
        ));
    }
    let admitted: bool =
        w.query_row("SELECT admitted FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    if !admitted {
        return Err(CoreError::NotFound { what: crate::error::Noun::AgendaItem });
    }
    let Some(choice) = choice else {
        return Err(CoreError::invalid(
            "choice",
            "Chọn Đồng ý, Không đồng ý hoặc Ý kiến khác.",
            "Choose Agree, Disagree or Other opinion.",
        ));
    };
    let comment = clean_optional("comment", ("Ý kiến", "Comment"), comment, 4000)?;
    if choice == Opinion::Other && comment.is_empty() {
        return Err(CoreError::invalid(
            "comment",
            "Ý kiến khác: ghi rõ ý kiến.",
            "Another opinion: say what it is.",
        ));
    }
    let before: Option<Opinion> = w
        .query_row(
            "SELECT choice FROM opinion_answer WHERE item_id = ?1 AND user_id = ?2",
            params![item, actor.user_id],
            |r| r.get(0),
        )
        .optional()?;
    w.execute(
        "INSERT INTO opinion_answer (item_id, user_id, choice, comment, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (item_id, user_id) DO UPDATE SET choice = excluded.choice, comment = excluded.comment,
             answered_at = excluded.answered_at",
        params![item, actor.user_id, choice, comment, w.now_text()],
    )?;
    let title: String = w.query_row("SELECT title FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    audit(
        w,
        meeting.id,
        format!("{} cho ý kiến {}: {title}", actor.full_name, opinion_vi(choice)),
        format!("{} answered {}: {title}", actor.full_name, choice.as_str()),
        &serde_json::json!({ "itemId": item, "choice": choice, "comment": comment, "before": before }),
    )
}

pub fn opinion_vi(o: Opinion) -> &'static str {
    match o {
        Opinion::Agree => "đồng ý",
        Opinion::Disagree => "không đồng ý",
        Opinion::Other => "ý kiến khác",
    }
}

/// Remind the members who have not answered; returns how many were reminded.
pub fn remind(w: &mut Writer<'_>, actor: &Actor, id: MeetingId) -> CoreResult<usize> {
    let meeting = round(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.prepare, "nhắc thành viên", "remind the members")?;
    let deadline = open_round(w, id)?;
    let waiting = alerts::unanswered(w, id.0)?;
    if waiting.is_empty() {
        return Err(CoreError::conflict("Mọi thành viên đã cho ý kiến.", "Every member has answered."));
    }
    let n: u32 = w.query_row("SELECT reminders_sent + 1 FROM meeting WHERE id = ?1", [id], |r| r.get(0))?;
    w.execute("UPDATE meeting SET reminders_sent = ?2 WHERE id = ?1", params![id, n])?;
    let reminded =
        alerts::notify(w, &waiting, AlertKind::Reminder, n, id.0, deadline, &meeting.title, meeting.secrecy)?;
    audit(
        w,
        id,
        format!("Nhắc lần {n}: {} thành viên chưa cho ý kiến", waiting.len()),
        format!("Reminder {n}: {} members have not answered", waiting.len()),
        &serde_json::json!({ "reminded": waiting }),
    )?;
    Ok(reminded)
}

/// Close the round: at or after its deadline, or earlier once every member has answered.
pub fn close(w: &mut Writer<'_>, actor: &Actor, id: MeetingId) -> CoreResult<()> {
    let meeting = round(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.prepare, "kết thúc lấy ý kiến", "close the round")?;
    let deadline = open_round(w, id)?;
    let waiting = alerts::unanswered(w, id.0)?;
    if vietnam_date(w.now()) < deadline && !waiting.is_empty() {
        return Err(CoreError::conflict(
            format!(
                "Chưa đến hạn ({}) và còn {} thành viên chưa cho ý kiến.",
                deadline.format("%d/%m/%Y"),
                waiting.len()
            ),
            format!(
                "The deadline ({}) has not come and {} members have not answered.",
                deadline.format("%d/%m/%Y"),
                waiting.len()
            ),
        ));
    }
    let now = w.now_text();
    w.execute(
        "UPDATE meeting SET opinion_closed_at = ?2, status = 'closed', closed_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    audit(
        w,
        id,
        format!("Kết thúc lấy ý kiến; {} thành viên không trả lời", waiting.len()),
        format!("Closed the round; {} members did not answer", waiting.len()),
        &serde_json::json!({ "silent": waiting }),
    )
}
