//! What a direction is: its id, where it comes from, its priority, its status computed
//! from the dates and the day it is looked at ([`status`]), the row every list shows,
//! and reading one row as a person may see it ([`get_row`]). The steps ([`super`],
//! `tracking.rs`) and the views and prints use it; it uses none of them.

use crate::calendar::Calendar;
use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult, Noun};
use crate::secrecy;
use crate::vocabulary::{Actor, AgencyId, UserId, id_type, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(DirectionId);

/// A direction is "due soon" from this many working days before its deadline.
pub const DUE_SOON_WORKING_DAYS: u32 = 3;

text_enum! {
    /// Where a direction comes from.
    pub enum Source {
        /// A leader's direction on an incoming document.
        Incoming = "incoming",
        /// A meeting's conclusion notice (thông báo kết luận).
        Conclusion = "conclusion",
        /// An item of the Committee's work programme.
        Programme = "programme",
        /// A task the Government or a ministry assigned to the province.
        Government = "government",
        /// Typed in by hand.
        Manual = "manual",
    }
}

text_enum! {
    pub enum Priority {
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

text_enum! {
    /// Computed from the dates, never typed.
    pub enum DirectionStatus {
        /// Open, more than [`DUE_SOON_WORKING_DAYS`] working days before the deadline.
        NotYetDue = "not_yet_due",
        /// Open, the deadline within [`DUE_SOON_WORKING_DAYS`] working days (or today).
        DueSoon = "due_soon",
        /// Open, the deadline passed.
        Overdue = "overdue",
        DoneOnTime = "done_on_time",
        DoneLate = "done_late",
    }
}

/// The status of a direction with `deadline`, completed on `completed_on` (if it is), as
/// seen on `today`. A direction completed after `today` is still open on `today`.
pub fn status(
    calendar: &Calendar,
    deadline: NaiveDate,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> DirectionStatus {
    match completed_on.filter(|done| *done <= today) {
        Some(done) if done <= deadline => DirectionStatus::DoneOnTime,
        Some(_) => DirectionStatus::DoneLate,
        None if deadline < today => DirectionStatus::Overdue,
        None if calendar.working_days_between(today, deadline) <= DUE_SOON_WORKING_DAYS => {
            DirectionStatus::DueSoon
        }
        None => DirectionStatus::NotYetDue,
    }
}

/// The first day on which an open direction is no longer "due soon" seen from `today`:
/// due soon ⇔ `today ≤ deadline < soon_limit`.
pub fn soon_limit(calendar: &Calendar, today: NaiveDate) -> NaiveDate {
    calendar.add_working_days(today, DUE_SOON_WORKING_DAYS + 1)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionRow {
    pub id: DirectionId,
    /// "NV 123/2026": the tracking number within the year.
    pub code: String,
    pub source: Source,
    pub content: String,
    pub leader_id: UserId,
    pub leader_name: String,
    pub lead_agency_id: AgencyId,
    pub lead_agency_name: String,
    pub follower_id: UserId,
    pub follower_name: String,
    pub priority: Priority,
    pub assigned_on: NaiveDate,
    pub deadline: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub percent: u8,
    pub status: DirectionStatus,
}

/// The columns of a `DirectionRow` and the joins that name its people and agency, over
/// `from` (the directions as `d`).
pub(super) fn row_select(from: &str) -> String {
    format!(
        "SELECT d.id, d.year, d.number, d.source, d.content, d.leader_id, l.full_name,
            d.lead_agency_id, a.name, d.follower_id, f.full_name, d.priority, d.assigned_on, d.deadline,
            d.completed_on, d.percent
         FROM {from} JOIN user l ON l.id = d.leader_id JOIN user f ON f.id = d.follower_id
            JOIN agency a ON a.id = d.lead_agency_id"
    )
}

pub(super) fn row_from(
    calendar: &Calendar,
    today: NaiveDate,
) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<DirectionRow> + '_ {
    move |r| {
        let (year, number): (i32, i64) = (r.get(1)?, r.get(2)?);
        let deadline: NaiveDate = r.get(13)?;
        let completed_on: Option<NaiveDate> = r.get(14)?;
        Ok(DirectionRow {
            id: r.get(0)?,
            code: format!("NV {number:02}/{year}"),
            source: r.get(3)?,
            content: r.get(4)?,
            leader_id: r.get(5)?,
            leader_name: r.get(6)?,
            lead_agency_id: r.get(7)?,
            lead_agency_name: r.get(8)?,
            follower_id: r.get(9)?,
            follower_name: r.get(10)?,
            priority: r.get(11)?,
            assigned_on: r.get(12)?,
            deadline,
            completed_on,
            percent: r.get(15)?,
            status: status(calendar, deadline, completed_on, today),
        })
    }
}

/// One direction as `actor` may see it.
pub fn get_row(
    conn: &Connection,
    actor: &Actor,
    id: DirectionId,
    now: DateTime<Utc>,
) -> CoreResult<DirectionRow> {
    let calendar = Calendar::load(conn)?;
    let today = vietnam_date(now);
    conn.query_row(
        &format!("{} WHERE d.id = ?1 AND {}", row_select("direction d"), secrecy::direction_condition(actor)),
        [id],
        row_from(&calendar, today),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: Noun::Direction })
}
