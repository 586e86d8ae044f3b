//! What the schedule is made of: its ids, the room, the line every view of it shows
//! (its leaders, its part of the day), whose lines are shown (`Viewer`), the week's
//! dates and words, and who may keep it (`allowed`). The steps ([`super`]), the
//! publications, feeds, delegations and prints all use it; it uses none of them.

use crate::meetings::model::MeetingId;
use crate::permission::Action;
use crate::vocabulary::{Actor, Clearance, UserId, id_type, text_enum};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(EntryId, RoomId);

/// A room of the Office, which the schedule books.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Room {
    pub id: RoomId,
    pub name: String,
}

/// A leader on a line: who chairs it, and who attends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineLeader {
    pub user_id: UserId,
    pub name: String,
    pub title: String,
    pub chairs: bool,
}

/// One line of the schedule, as the printed table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// What the line shows: "entry:12", or "meeting:5" for a sitting of the meeting room.
    pub key: String,
    pub entry_id: Option<EntryId>,
    pub meeting_id: Option<MeetingId>,
    /// Vietnam time.
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// Of `starts_at`.
    pub part: DayPart,
    pub content: String,
    /// "Sở Kế hoạch và Đầu tư chuẩn bị nội dung và giấy mời"; empty if nobody is named.
    pub preparing: String,
    pub leaders: Vec<LineLeader>,
    pub room_id: Option<RoomId>,
    pub place: String,
    /// Thành phần: the agencies invited and the people named.
    pub participants: String,
    /// The Office's leader and department that follow it.
    pub follow: String,
    pub notes: String,
    pub cancelled: bool,
    pub secrecy: Clearance,
}

impl Line {
    /// "Sáng (8h00)", "Chiều (14h30)".
    pub fn time_vi(&self) -> String {
        session_vi(self.starts_at)
    }

    /// What readers compare between two publications: everything they read.
    pub(crate) fn fingerprint(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

text_enum! {
    /// The part of the day a line is in, as the schedule's time column names it.
    pub enum DayPart {
        /// Sáng: before noon.
        Morning = "morning",
        /// Chiều: until 18:00.
        Afternoon = "afternoon",
        /// Tối.
        Evening = "evening",
    }
}

impl DayPart {
    pub fn of(at: NaiveDateTime) -> DayPart {
        match at.hour() {
            0..=11 => DayPart::Morning,
            12..=17 => DayPart::Afternoon,
            _ => DayPart::Evening,
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            DayPart::Morning => "Sáng",
            DayPart::Afternoon => "Chiều",
            DayPart::Evening => "Tối",
        }
    }
}

/// "Sáng (8h00)", "Chiều (14h30)", "Tối (19h00)".
pub fn session_vi(at: NaiveDateTime) -> String {
    format!("{} ({})", DayPart::of(at).name_vi(), hour_vi(at.time()))
}

/// "8h00", "14h30".
pub fn hour_vi(time: NaiveTime) -> String {
    format!("{}h{:02}", time.hour(), time.minute())
}

pub const WEEKDAYS_VI: [&str; 7] =
    ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];

/// Entries starting on one day at most. A busy day of the Chairman, the Vice Chairmen
/// and the Office's leaders together has 10–20 lines; the bound keeps a week's answers
/// and printed bulletin to a few pages whatever one person types.
pub const MOST_ENTRIES_PER_DAY: usize = 60;
/// Entries starting in one week (Monday to Sunday) at most: published weeks have 30–80.
pub const MOST_ENTRIES_PER_WEEK: usize = 250;

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// "Tuần 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)": the ISO week, as provinces number it.
pub fn week_title_vi(monday: NaiveDate) -> String {
    format!(
        "Tuần {} (từ ngày {} đến ngày {})",
        monday.iso_week().week(),
        monday.format("%d/%m/%Y"),
        (monday + Duration::days(6)).format("%d/%m/%Y")
    )
}

/// Whose lines the schedule shows.
#[derive(Clone, Copy)]
pub enum Viewer<'a> {
    /// A person of the Office or a leader: the public lines and the secret ones they may see.
    Person(&'a Actor),
    /// The published schedule, the portal, the feeds: nothing secret.
    Public,
}

/// Who may keep the schedule and what `actor` may do with an entry.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleAllowed {
    pub edit: bool,
    pub publish: bool,
}

pub fn allowed(actor: &Actor) -> ScheduleAllowed {
    let may = |action| crate::permission::allows_user(actor.role, actor.agency_id.is_some(), action);
    ScheduleAllowed { edit: may(Action::ScheduleEdit), publish: may(Action::SchedulePublish) }
}
