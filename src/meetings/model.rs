//! What a meeting is made of: its ids, kinds and states, a person's part and attendance,
//! the row a list shows, what a person may do in it, and the quorum's arithmetic. The
//! steps (`super`), the room and the views import it; it imports none of them.

use crate::vocabulary::{Clearance, UserId, id_type, text_enum};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(MeetingId, ItemId, AgendaDocumentId, PollId, SpeakerId);

/// Written opinions are due this many working days after the round is sent (DOMAIN.md §5).
pub const OPINION_WORKING_DAYS: u32 = 5;

text_enum! {
    pub enum MeetingKind {
        /// Phiên họp thường kỳ of the Committee (monthly).
        Regular = "regular",
        /// Phiên họp chuyên đề.
        Topical = "topical",
        /// Buổi làm việc of a leader.
        Working = "working",
        /// Lấy ý kiến thành viên bằng văn bản: no sitting.
        Written = "written",
    }
}

impl MeetingKind {
    /// The share of the members that must be present: two thirds for the Committee's
    /// sessions, none for a working session or a written round.
    pub fn quorum(self) -> (u32, u32) {
        match self {
            MeetingKind::Regular | MeetingKind::Topical => (2, 3),
            MeetingKind::Working | MeetingKind::Written => (0, 1),
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            MeetingKind::Regular => "Phiên họp thường kỳ",
            MeetingKind::Topical => "Phiên họp chuyên đề",
            MeetingKind::Working => "Buổi làm việc",
            MeetingKind::Written => "Lấy ý kiến bằng văn bản",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            MeetingKind::Regular => "Regular session",
            MeetingKind::Topical => "Topical session",
            MeetingKind::Working => "Working session",
            MeetingKind::Written => "Written-opinion round",
        }
    }
}

text_enum! {
    pub enum MeetingStatus {
        Preparing = "preparing",
        /// The invitation (or a written round's request) has gone out.
        Invited = "invited",
        /// The chair has opened the sitting.
        Open = "open",
        /// The sitting has ended, or the round was closed at its deadline.
        Closed = "closed",
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// A person's part in a meeting.
    pub enum Part {
        /// A member of the Committee: counted for the quorum, votes.
        Member = "member",
        Invited = "invited",
        /// The Office's secretary of the meeting: drives the console with the chair.
        Secretary = "secretary",
        Specialist = "specialist",
    }
}

text_enum! {
    pub enum Attendance {
        Unknown = "unknown",
        /// Có mặt tại phòng họp.
        Room = "room",
        /// Dự trực tuyến.
        Online = "online",
        /// Vắng (a reason is required).
        Absent = "absent",
        /// Ủy quyền: someone attends in the member's stead; not counted, does not vote.
        Delegated = "delegated",
    }
}

impl Attendance {
    pub fn present(self) -> bool {
        matches!(self, Attendance::Room | Attendance::Online)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRow {
    pub id: MeetingId,
    pub kind: MeetingKind,
    pub title: String,
    pub chair_id: UserId,
    pub chair_name: String,
    pub place: String,
    /// Vietnam time.
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: MeetingStatus,
    pub secrecy: Clearance,
    pub items: u32,
    pub members: u32,
    /// A written round's deadline.
    pub opinion_deadline: Option<NaiveDate>,
}

pub(super) const ROW_COLUMNS: &str =
    "d.id, d.kind, d.title, d.chair_id, c.full_name, d.place, d.starts_at, d.ends_at,
    d.status, d.secrecy,
    (SELECT count(*) FROM agenda_item i WHERE i.meeting_id = d.id AND i.admitted = 1),
    (SELECT count(*) FROM meeting_person p WHERE p.meeting_id = d.id AND p.part = 'member'),
    d.opinion_deadline";

pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        chair_id: r.get(3)?,
        chair_name: r.get(4)?,
        place: r.get(5)?,
        starts_at: r.get(6)?,
        ends_at: r.get(7)?,
        status: r.get(8)?,
        secrecy: r.get(9)?,
        items: r.get(10)?,
        members: r.get(11)?,
        opinion_deadline: r.get(12)?,
    })
}

text_enum! {
    pub enum MeetingWhen {
        /// Not yet closed or cancelled, the soonest first.
        Upcoming = "upcoming",
        /// Closed or cancelled, the latest first.
        Past = "past",
        All = "all",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[serde(deny_unknown_fields)]
pub struct MeetingFilter {
    pub when: MeetingWhen,
    pub kind: Option<MeetingKind>,
    pub text: String,
    /// Only those the person takes part in.
    pub mine: bool,
    pub offset: u32,
    pub limit: u32,
}

impl Default for MeetingFilter {
    fn default() -> Self {
        MeetingFilter {
            when: MeetingWhen::Upcoming,
            kind: None,
            text: String::new(),
            mine: false,
            offset: 0,
            limit: 50,
        }
    }
}

/// What `actor` may do in a meeting now.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingAllowed {
    /// Edit the meeting, its agenda and documents; draft its papers.
    pub prepare: bool,
    /// Put an item that is not ready on the agenda, with a reason.
    pub override_readiness: bool,
    /// Drive the room: open and close, attendance, current item, floor, votes.
    pub run: bool,
    /// A member of the meeting: votes when present, answers a written round.
    pub member: bool,
    /// Ask to speak.
    pub speak: bool,
}

/// A person in a meeting, with their attendance.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user_id: UserId,
    pub full_name: String,
    pub title: String,
    pub part: Part,
    pub attendance: Attendance,
    pub reason: String,
    pub delegate: String,
}

/// The meeting's quorum as it stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Quorum {
    pub members: u32,
    pub present: u32,
    /// Members who must be present; 0 when the meeting has no quorum rule.
    pub needed: u32,
    pub met: bool,
}

impl Quorum {
    /// At least `share` (num/den) of the members: the smallest whole number not below it.
    pub fn of(members: u32, present: u32, (num, den): (u32, u32)) -> Quorum {
        let needed = (members * num).div_ceil(den);
        Quorum { members, present, needed, met: present >= needed }
    }
}

#[cfg(test)]
mod tests {
    use super::{MeetingKind, Quorum};

    /// Two thirds of the members present for the Committee's sessions, rounded up;
    /// no quorum for a working session or a written round.
    #[test]
    fn quorum_is_two_thirds_of_the_members_rounded_up() {
        use MeetingKind::{Regular, Topical, Working, Written};
        let cases = [
            // kind, members, present, needed, met
            (Regular, 15, 10, 10, true),
            (Regular, 15, 9, 10, false),
            (Regular, 14, 10, 10, true), // 9.33 → 10
            (Regular, 14, 9, 10, false),
            (Topical, 13, 9, 9, true), // 8.67 → 9
            (Topical, 12, 8, 8, true),
            (Topical, 12, 7, 8, false),
            (Regular, 3, 2, 2, true),
            (Regular, 0, 0, 0, true),
            (Working, 15, 0, 0, true),
            (Written, 15, 0, 0, true),
        ];
        for (kind, members, present, needed, met) in cases {
            let q = Quorum::of(members, present, kind.quorum());
            assert_eq!((q.needed, q.met), (needed, met), "{kind:?}: {present} of {members}");
        }
    }
}
