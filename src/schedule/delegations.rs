//! Working and inspection delegations (đoàn công tác), organised through the Office so
//! that no department sends its own delegation that overlaps another's and burdens the
//! communes (the Nghệ An report in `../shared/seeds/`; DOMAIN.md §6).
//!
//! Two delegations that visit the same commune within the configured number of working
//! days of each other (`settings::delegation_gap`, 5 by default) overlap: both show it,
//! and neither may be approved until the Office resolves it — by moving one (the overlap
//! is gone) or by recording its decision on the pair, with the reason. A change to either
//! delegation drops that decision, so the Office looks again. An approved delegation led
//! by one of the leaders is on the leader's schedule, day by day.
//!
//! What one person may ask for is bounded: a delegation visits at most
//! [`MOST_COMMUNES`] communes with at most [`MOST_AGENCIES`] agencies, at most
//! [`MOST_PER_MONTH`] delegations start in one month, and the list is read a month
//! ([`PAGE_DAYS`]) at a time, each delegation with its first [`LISTED_OVERLAPS`]
//! overlaps. Overlaps are found through an index of the communes, sweeping each
//! commune's visits in date order, and reported once per pair of delegations with the
//! communes they share, so a page costs what it shows.

use super::model::{DayPart, LineLeader};
use crate::audit::{ObjectRef, Writer, said};
use crate::calendar::Calendar;
use crate::error::{CoreError, CoreResult, Noun};
use crate::permission::role;
use crate::settings;
use crate::vocabulary::Actor;
use crate::vocabulary::{
    AgencyGroup, AgencyId, Clearance, UserId, clean_optional, clean_required, id_type, text_enum,
};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

id_type!(DelegationId);

/// Days one page of the list covers at most: a month.
pub const PAGE_DAYS: i64 = 31;
/// Communes one delegation visits at most. A real delegation visits a few (an
/// inspection tour a dozen or two); one visiting a commune a day for its longest
/// (60 days) still fits. A province has 100–200 communes: the whole province is a
/// sector ("toàn tỉnh"), not a list.
pub const MOST_COMMUNES: usize = 60;
/// Agencies taking part in one delegation at most.
pub const MOST_AGENCIES: usize = 100;
/// Delegations starting in one month at most (not counting cancelled ones). The Office
/// co-ordinates a few dozen a month.
pub const MOST_PER_MONTH: usize = 100;

text_enum! {
    pub enum DelegationKind {
        /// Đoàn kiểm tra.
        Inspection = "inspection",
        /// Đoàn công tác, làm việc.
        Working = "working",
        /// Đoàn khảo sát.
        Survey = "survey",
    }
}

impl DelegationKind {
    pub fn name_vi(self) -> &'static str {
        match self {
            DelegationKind::Inspection => "Đoàn kiểm tra",
            DelegationKind::Working => "Đoàn công tác",
            DelegationKind::Survey => "Đoàn khảo sát",
        }
    }
}

text_enum! {
    pub enum DelegationStatus {
        Proposed = "proposed",
        Approved = "approved",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct DelegationInput {
    pub kind: DelegationKind,
    pub purpose: String,
    /// One of the leaders whose schedule shows it …
    #[serde(default)]
    pub leader_user_id: Option<UserId>,
    /// … or the leader in words ("Đ/c Nguyễn Văn A, Giám đốc Sở Nông nghiệp và Môi trường").
    #[serde(default)]
    pub leader_name: String,
    /// The agency that leads it; none: the Committee itself.
    #[serde(default)]
    pub lead_agency_id: Option<AgencyId>,
    #[serde(default)]
    pub agency_ids: Vec<AgencyId>,
    #[serde(default)]
    pub members: String,
    /// The communes visited (agencies of the directory's commune group).
    pub commune_ids: Vec<AgencyId>,
    /// Sectors or places visited besides the communes.
    #[serde(default)]
    pub sectors: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: AgencyId,
    pub name: String,
}

/// Another delegation visiting some of the same communes too close in time: one per
/// pair of delegations.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    pub other_id: DelegationId,
    pub other_title: String,
    pub other_starts_on: NaiveDate,
    pub other_ends_on: NaiveDate,
    /// Working days between the two visits; 0 when they are at the same time.
    pub gap: u32,
    /// The communes both visit that the Office has not decided on, in name order (named
    /// in the delegation's `communes`).
    pub open: Vec<AgencyId>,
    /// The communes both visit that the Office has decided on, with its decision.
    pub decided: Vec<OverlapDecision>,
}

/// The Office's decision on a commune two overlapping delegations both visit.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverlapDecision {
    pub commune_id: AgencyId,
    pub reason: String,
}

/// Overlapping delegations a list shows of each delegation at most, those waiting for
/// the Office's decision first; the delegation itself (`get`) has them all.
pub const LISTED_OVERLAPS: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Delegation {
    pub id: DelegationId,
    pub kind: DelegationKind,
    pub purpose: String,
    /// "Đoàn kiểm tra của Sở Xây dựng: …".
    pub title: String,
    pub leader_user_id: Option<UserId>,
    pub leader: String,
    pub lead_agency: Option<Named>,
    pub agencies: Vec<Named>,
    pub members: String,
    pub communes: Vec<Named>,
    pub sectors: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: DelegationStatus,
    pub cancel_reason: String,
    pub overlaps: Vec<Overlap>,
    /// Overlapping delegations a list leaves out (beyond [`LISTED_OVERLAPS`]).
    pub overlaps_more: u32,
}

impl Delegation {
    /// Overlaps the Office has not decided on, with the communes still to decide.
    pub fn unresolved(&self) -> impl Iterator<Item = (&Overlap, Vec<&Named>)> {
        self.overlaps.iter().filter_map(|o| {
            let open: Vec<&Named> =
                o.open.iter().filter_map(|id| self.communes.iter().find(|n| n.id == *id)).collect();
            (!open.is_empty()).then_some((o, open))
        })
    }
}

fn title_of(kind: DelegationKind, lead: Option<&str>, purpose: &str) -> String {
    format!("{} của {}: {purpose}", kind.name_vi(), lead.unwrap_or("UBND tỉnh"))
}

fn named(conn: &Connection, sql: &str, id: DelegationId) -> CoreResult<Vec<Named>> {
    let mut statement = conn.prepare_cached(sql)?;
    Ok(statement
        .query_map([id], |r| Ok(Named { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<Result<_, _>>()?)
}

const ROW: &str = "SELECT d.id, d.kind, d.purpose, d.leader_user_id, coalesce(u.full_name, d.leader_name),
         coalesce(u.title, ''), d.lead_agency_id, coalesce(a.name, ''), d.members, d.sectors, d.starts_on, d.ends_on,
         d.status, d.cancel_reason
     FROM delegation d LEFT JOIN user u ON u.id = d.leader_user_id LEFT JOIN agency a ON a.id = d.lead_agency_id";

fn read(conn: &Connection, where_: &str, values: &[&dyn rusqlite::ToSql]) -> CoreResult<Vec<Delegation>> {
    let mut statement = conn.prepare_cached(&format!("{ROW} WHERE {where_} ORDER BY d.starts_on, d.id"))?;
    let rows = statement.query_map(values, |r| {
        let kind: DelegationKind = r.get(1)?;
        let (name, title): (String, String) = (r.get(4)?, r.get(5)?);
        let lead: Option<AgencyId> = r.get(6)?;
        let lead_name: String = r.get(7)?;
        let purpose: String = r.get(2)?;
        Ok(Delegation {
            id: r.get(0)?,
            kind,
            title: title_of(kind, lead.map(|_| lead_name.as_str()), &purpose),
            purpose,
            leader_user_id: r.get(3)?,
            leader: if title.is_empty() { name } else { format!("{name} - {title}") },
            lead_agency: lead.map(|id| Named { id, name: lead_name }),
            agencies: Vec::new(),
            members: r.get(8)?,
            communes: Vec::new(),
            sectors: r.get(9)?,
            starts_on: r.get(10)?,
            ends_on: r.get(11)?,
            status: r.get(12)?,
            cancel_reason: r.get(13)?,
            overlaps: Vec::new(),
            overlaps_more: 0,
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut d = row?;
        d.agencies = named(
            conn,
            "SELECT a.id, a.name FROM delegation_agency x JOIN agency a ON a.id = x.agency_id
             WHERE x.delegation_id = ?1 ORDER BY a.name",
            d.id,
        )?;
        d.communes = named(
            conn,
            "SELECT a.id, a.name FROM delegation_commune x JOIN agency a ON a.id = x.commune_id
             WHERE x.delegation_id = ?1 ORDER BY a.name",
            d.id,
        )?;
        out.push(d);
    }
    Ok(out)
}

/// A delegation that is not cancelled, near enough in time to overlap one being shown.
struct Candidate {
    id: DelegationId,
    title: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// The overlaps of each delegation of `list` with the others that are not cancelled (at
/// most `listed` of each, those waiting for a decision first).
///
/// Near-linear in what it reports: the delegations within reach of the list's dates are
/// read once with their communes (two queries), indexed by commune in date order; each
/// delegation of the list walks, for each of its communes, only the visits that start
/// early enough to be within reach, and the gap in working days is counted once per pair.
fn with_overlaps(
    conn: &Connection,
    mut list: Vec<Delegation>,
    listed: Option<usize>,
) -> CoreResult<Vec<Delegation>> {
    let shown = || list.iter().filter(|d| d.status != DelegationStatus::Cancelled);
    let (Some(first), Some(last)) = (shown().map(|d| d.starts_on).min(), shown().map(|d| d.ends_on).max())
    else {
        return Ok(list);
    };
    let calendar = Calendar::load(conn)?;
    let gap = settings::delegation_gap(conn)?;
    // Far enough to hold `gap` working days on either side, holidays included.
    let reach = Duration::days(i64::from(gap) * 2 + 21);
    let (from, to) = (first - reach, last + reach);

    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.kind, d.purpose, a.name, d.starts_on, d.ends_on FROM delegation d
             LEFT JOIN agency a ON a.id = d.lead_agency_id
         WHERE d.status <> 'cancelled' AND d.starts_on <= ?2 AND d.ends_on >= ?1
         ORDER BY d.starts_on, d.id",
    )?;
    let candidates: Vec<Candidate> = statement
        .query_map(params![from, to], |r| {
            let (kind, purpose, lead): (DelegationKind, String, Option<String>) =
                (r.get(1)?, r.get(2)?, r.get(3)?);
            Ok(Candidate {
                id: r.get(0)?,
                title: title_of(kind, lead.as_deref(), &purpose),
                starts_on: r.get(4)?,
                ends_on: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let position: HashMap<DelegationId, usize> =
        candidates.iter().enumerate().map(|(n, c)| (c.id, n)).collect();
    // Each commune's visits, in date order (the candidates are in date order).
    let mut visits: HashMap<AgencyId, Vec<usize>> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT c.delegation_id, c.commune_id FROM delegation_commune c JOIN delegation d ON d.id = c.delegation_id
         WHERE d.status <> 'cancelled' AND d.starts_on <= ?2 AND d.ends_on >= ?1",
    )?;
    for row in statement.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (delegation, commune): (DelegationId, AgencyId) = row?;
        if let Some(n) = position.get(&delegation) {
            visits.entry(commune).or_default().push(*n);
        }
    }
    for visits in visits.values_mut() {
        visits.sort_unstable();
    }
    let mut statement = conn.prepare_cached(
        "SELECT r.first_id, r.second_id, r.commune_id, r.reason FROM delegation_resolution r
             JOIN delegation d ON d.id = r.first_id
         WHERE d.starts_on <= ?2 AND d.ends_on >= ?1",
    )?;
    let resolutions: HashMap<(DelegationId, DelegationId, AgencyId), String> = statement
        .query_map(params![from, to], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?
        .collect::<Result<_, _>>()?;

    for d in list.iter_mut().filter(|d| d.status != DelegationStatus::Cancelled) {
        // The pairs met so far, by the other's position: its overlap, or none when the
        // two are further apart than the rule in working days.
        let mut pairs: HashMap<usize, Option<Overlap>> = HashMap::new();
        let latest_start = d.ends_on + reach;
        for commune in &d.communes {
            let Some(others) = visits.get(&commune.id) else { continue };
            let end = others.partition_point(|n| candidates[*n].starts_on <= latest_start);
            for &n in &others[..end] {
                let other = &candidates[n];
                if other.id == d.id || other.ends_on < d.starts_on - reach {
                    continue;
                }
                let pair = pairs.entry(n).or_insert_with(|| {
                    let between = if other.starts_on <= d.ends_on && d.starts_on <= other.ends_on {
                        0
                    } else if other.ends_on < d.starts_on {
                        calendar.working_days_between(other.ends_on, d.starts_on)
                    } else {
                        calendar.working_days_between(d.ends_on, other.starts_on)
                    };
                    (between <= gap).then(|| Overlap {
                        other_id: other.id,
                        other_title: other.title.clone(),
                        other_starts_on: other.starts_on,
                        other_ends_on: other.ends_on,
                        gap: between,
                        open: Vec::new(),
                        decided: Vec::new(),
                    })
                });
                if let Some(overlap) = pair {
                    let (first, second) = if d.id < other.id { (d.id, other.id) } else { (other.id, d.id) };
                    match resolutions.get(&(first, second, commune.id)) {
                        Some(reason) => overlap
                            .decided
                            .push(OverlapDecision { commune_id: commune.id, reason: reason.clone() }),
                        None => overlap.open.push(commune.id),
                    }
                }
            }
        }
        let mut found: Vec<(usize, Overlap)> = pairs.into_iter().filter_map(|(n, o)| Some((n, o?))).collect();
        // Those waiting for a decision first, each in the other's date order.
        found.sort_unstable_by_key(|(n, o)| (o.open.is_empty(), *n));
        if let Some(most) = listed {
            d.overlaps_more = found.len().saturating_sub(most) as u32;
            found.truncate(most);
        }
        d.overlaps = found.into_iter().map(|(_, o)| o).collect();
    }
    Ok(list)
}

/// The delegations of a period with their overlaps, and the rule they are checked by.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DelegationPage {
    pub items: Vec<Delegation>,
    /// Working days that must separate two delegations to one commune.
    pub gap: u32,
    pub allowed: super::model::ScheduleAllowed,
}

/// Set how many working days must separate two delegations to one commune.
pub fn set_gap(w: &mut Writer<'_>, days: u32) -> CoreResult<()> {
    let before = settings::delegation_gap(w)?;
    settings::set_delegation_gap(w, days)?;
    w.audit(
        ObjectRef::system(),
        said(
            format!("Khoảng cách giữa hai đoàn đến một xã: {days} ngày làm việc"),
            format!("Working days between two delegations to one commune: {days}"),
        ),
        &serde_json::json!({ "before": before, "after": days }),
    )
}

/// One page of the list: a month at most ([`PAGE_DAYS`]).
pub fn page(conn: &Connection, actor: &Actor, from: NaiveDate, to: NaiveDate) -> CoreResult<DelegationPage> {
    crate::calendar::check_day("from", from)?;
    crate::calendar::check_day("to", to)?;
    if to < from || to - from > Duration::days(PAGE_DAYS - 1) {
        return Err(CoreError::invalid(
            "to",
            format!("Xem từng tháng: chọn khoảng tối đa {PAGE_DAYS} ngày."),
            format!("One month at a time: choose {PAGE_DAYS} days at most."),
        ));
    }
    Ok(DelegationPage {
        items: list(conn, from, to)?,
        gap: settings::delegation_gap(conn)?,
        allowed: super::model::allowed(actor),
    })
}

/// The delegations under way from `from` to `to`, with their overlaps (the first
/// [`LISTED_OVERLAPS`] of each).
pub fn list(conn: &Connection, from: NaiveDate, to: NaiveDate) -> CoreResult<Vec<Delegation>> {
    let rows = read(conn, "d.starts_on <= ?2 AND d.ends_on >= ?1", &[&from, &to])?;
    with_overlaps(conn, rows, Some(LISTED_OVERLAPS))
}

pub fn get(conn: &Connection, id: DelegationId) -> CoreResult<Delegation> {
    let rows = read(conn, "d.id = ?1", &[&id])?;
    with_overlaps(conn, rows, None)?.pop().ok_or(CoreError::NotFound { what: Noun::Delegation })
}

/// The delegation as its form edits it.
pub fn input_of(conn: &Connection, id: DelegationId) -> CoreResult<DelegationInput> {
    let d = get(conn, id)?;
    let leader_name: String =
        conn.query_row("SELECT leader_name FROM delegation WHERE id = ?1", [id], |r| r.get(0))?;
    Ok(DelegationInput {
        kind: d.kind,
        purpose: d.purpose,
        leader_user_id: d.leader_user_id,
        leader_name,
        lead_agency_id: d.lead_agency.map(|a| a.id),
        agency_ids: d.agencies.iter().map(|a| a.id).collect(),
        members: d.members,
        commune_ids: d.communes.iter().map(|c| c.id).collect(),
        sectors: d.sectors,
        starts_on: d.starts_on,
        ends_on: d.ends_on,
    })
}

/// The columns a delegation's form fills, in the order of [`fields`].
const FIELDS: &str =
    "kind, purpose, leader_user_id, leader_name, lead_agency_id, members, sectors, starts_on, ends_on";

fn fields<'a>(input: &'a DelegationInput, checked: &'a Checked) -> Vec<&'a dyn rusqlite::ToSql> {
    vec![
        &input.kind,
        &checked.purpose,
        &input.leader_user_id,
        &checked.leader_name,
        &input.lead_agency_id,
        &checked.members,
        &checked.sectors,
        &input.starts_on,
        &input.ends_on,
    ]
}

struct Checked {
    purpose: String,
    leader_name: String,
    members: String,
    sectors: String,
}

fn check(conn: &Connection, input: &DelegationInput) -> CoreResult<Checked> {
    let purpose = clean_required("purpose", ("Mục đích, nội dung", "Purpose"), &input.purpose, 1000)?;
    let leader_name = clean_optional("leaderName", ("Trưởng đoàn", "Leader"), &input.leader_name, 300)?;
    let members = clean_optional("members", ("Thành viên", "Members"), &input.members, 2000)?;
    let sectors = clean_optional("sectors", ("Lĩnh vực, địa bàn", "Sectors"), &input.sectors, 1000)?;
    crate::calendar::check_day("startsOn", input.starts_on)?;
    crate::calendar::check_day("endsOn", input.ends_on)?;
    if input.ends_on < input.starts_on {
        return Err(CoreError::invalid(
            "endsOn",
            "Ngày kết thúc phải từ ngày bắt đầu trở đi.",
            "The last day cannot come before the first.",
        ));
    }
    if input.ends_on > input.starts_on + Duration::days(60) {
        return Err(CoreError::invalid(
            "endsOn",
            "Một đoàn đi tối đa 60 ngày.",
            "A delegation lasts 60 days at most.",
        ));
    }
    match input.leader_user_id {
        Some(id) => {
            let role: Option<crate::vocabulary::Role> = conn
                .query_row(
                    "SELECT role FROM user WHERE id = ?1 AND active = 1 AND agency_id IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if !role.is_some_and(role::leads_schedule) {
                return Err(CoreError::invalid(
                    "leaderUserId",
                    "Trưởng đoàn chọn từ danh sách là lãnh đạo UBND tỉnh hoặc lãnh đạo Văn phòng.",
                    "A leader chosen from the list is one of the Committee's or the Office's leaders.",
                ));
            }
        }
        None if leader_name.is_empty() => {
            return Err(CoreError::invalid(
                "leaderName",
                "Cần có trưởng đoàn.",
                "The delegation needs a leader.",
            ));
        }
        None => {}
    }
    if input.commune_ids.is_empty() && sectors.is_empty() {
        return Err(CoreError::invalid(
            "communeIds",
            "Chọn xã, phường đến làm việc hoặc ghi lĩnh vực, địa bàn.",
            "Choose the communes visited or name the sectors.",
        ));
    }
    if input.commune_ids.len() > MOST_COMMUNES {
        return Err(CoreError::invalid(
            "communeIds",
            format!(
                "Một đoàn đến tối đa {MOST_COMMUNES} xã, phường; đoàn đi nhiều hơn thì ghi địa bàn (ví dụ \"toàn tỉnh\")."
            ),
            format!(
                "A delegation visits {MOST_COMMUNES} communes at most; for more, name the area (e.g. \"the whole province\")."
            ),
        ));
    }
    if input.agency_ids.len() > MOST_AGENCIES {
        return Err(CoreError::invalid(
            "agencyIds",
            format!("Một đoàn có tối đa {MOST_AGENCIES} cơ quan tham gia."),
            format!("A delegation has {MOST_AGENCIES} agencies at most."),
        ));
    }
    for commune in &input.commune_ids {
        let group: Option<AgencyGroup> = conn
            .query_row("SELECT agency_group FROM agency WHERE id = ?1", [commune], |r| r.get(0))
            .optional()?;
        match group {
            Some(AgencyGroup::Commune) => {}
            Some(_) => {
                return Err(CoreError::invalid(
                    "communeIds",
                    "Chỉ chọn xã, phường, đặc khu ở mục này.",
                    "Only communes and wards go here.",
                ));
            }
            None => return Err(CoreError::NotFound { what: Noun::Agency }),
        }
    }
    for agency in input.lead_agency_id.iter().chain(&input.agency_ids) {
        let found: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [agency], |r| r.get(0))?;
        if !found {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    Ok(Checked { purpose, leader_name, members, sectors })
}

/// At most [`MOST_PER_MONTH`] delegations start in one month (`id`, being changed, aside).
fn check_month(conn: &Connection, id: Option<DelegationId>, starts_on: NaiveDate) -> CoreResult<()> {
    let first = starts_on.with_day(1).expect("the first of a month");
    let next = first.checked_add_months(chrono::Months::new(1)).expect("within the calendar");
    let count: u32 = conn.query_row(
        "SELECT count(*) FROM delegation
         WHERE status <> 'cancelled' AND starts_on >= ?1 AND starts_on < ?2 AND id IS NOT ?3",
        params![first, next, id],
        |r| r.get(0),
    )?;
    if count as usize >= MOST_PER_MONTH {
        return Err(CoreError::invalid(
            "startsOn",
            format!(
                "Tháng {} đã có {MOST_PER_MONTH} đoàn, mức tối đa của một tháng.",
                starts_on.format("%m/%Y")
            ),
            format!(
                "{} already has {MOST_PER_MONTH} delegations, the most one month holds.",
                starts_on.format("%m/%Y")
            ),
        ));
    }
    Ok(())
}

fn write_links(w: &Writer<'_>, id: DelegationId, input: &DelegationInput) -> CoreResult<()> {
    w.execute("DELETE FROM delegation_agency WHERE delegation_id = ?1", [id])?;
    w.execute("DELETE FROM delegation_commune WHERE delegation_id = ?1", [id])?;
    for agency in &input.agency_ids {
        w.execute(
            "INSERT OR IGNORE INTO delegation_agency (delegation_id, agency_id) VALUES (?1, ?2)",
            params![id, agency],
        )?;
    }
    for commune in &input.commune_ids {
        w.execute(
            "INSERT OR IGNORE INTO delegation_commune (delegation_id, commune_id) VALUES (?1, ?2)",
            params![id, commune],
        )?;
    }
    Ok(())
}

fn audit(
    w: &mut Writer<'_>,
    id: DelegationId,
    vi: String,
    en: String,
    details: serde_json::Value,
) -> CoreResult<()> {
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Delegation, id: Some(id.0) },
        said(vi, en),
        &details,
    )
}

pub fn create(w: &mut Writer<'_>, actor: &Actor, input: &DelegationInput) -> CoreResult<DelegationId> {
    let checked = check(w, input)?;
    check_month(w, None, input.starts_on)?;
    let now = w.now_text();
    let mut values = fields(input, &checked);
    values.extend([&actor.user_id as &dyn rusqlite::ToSql, &now]);
    w.execute(
        &format!(
            "INSERT INTO delegation ({FIELDS}, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)"
        ),
        values.as_slice(),
    )?;
    let id = DelegationId(w.last_insert_rowid());
    write_links(w, id, input)?;
    audit(
        w,
        id,
        format!("Đăng ký {}: {}", input.kind.name_vi().to_lowercase(), checked.purpose),
        format!("Proposed a delegation: {}", checked.purpose),
        serde_json::json!({ "input": input }),
    )?;
    Ok(id)
}

fn status_of(conn: &Connection, id: DelegationId) -> CoreResult<DelegationStatus> {
    conn.query_row("SELECT status FROM delegation WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::Delegation })
}

/// Change a delegation that is not approved yet; the Office's decisions on its overlaps
/// are dropped, to be taken again on what it now is.
pub fn update(w: &mut Writer<'_>, id: DelegationId, input: &DelegationInput) -> CoreResult<()> {
    if status_of(w, id)? != DelegationStatus::Proposed {
        return Err(CoreError::conflict(
            "Chỉ sửa được đoàn chưa duyệt; đoàn đã duyệt thì hủy và đăng ký lại.",
            "Only a delegation not yet approved can change; cancel an approved one and propose it again.",
        ));
    }
    let before = input_of(w, id)?;
    let checked = check(w, input)?;
    check_month(w, Some(id), input.starts_on)?;
    let now = w.now_text();
    let mut values = fields(input, &checked);
    values.extend([&now as &dyn rusqlite::ToSql, &id]);
    let set: Vec<String> = FIELDS.split(", ").enumerate().map(|(n, f)| format!("{f} = ?{}", n + 1)).collect();
    w.execute(
        &format!("UPDATE delegation SET {}, updated_at = ?10 WHERE id = ?11", set.join(", ")),
        values.as_slice(),
    )?;
    write_links(w, id, input)?;
    w.execute("DELETE FROM delegation_resolution WHERE first_id = ?1 OR second_id = ?1", [id])?;
    audit(
        w,
        id,
        format!("Sửa đoàn công tác: {}", checked.purpose),
        format!("Changed a delegation: {}", checked.purpose),
        serde_json::json!({ "before": before, "after": input }),
    )
}

/// Approve a delegation: refused while it overlaps another one the Office has not
/// decided on, naming them.
pub fn approve(w: &mut Writer<'_>, actor: &Actor, id: DelegationId) -> CoreResult<()> {
    let d = get(w, id)?;
    if d.status != DelegationStatus::Proposed {
        return Err(CoreError::conflict(
            "Đoàn này không ở trạng thái chờ duyệt.",
            "This delegation is not waiting for approval.",
        ));
    }
    let open: Vec<(&Overlap, Vec<&Named>)> = d.unresolved().collect();
    if !open.is_empty() {
        // The refusal names the first few; the list shows the rest.
        const NAMED: usize = 5;
        let names = |communes: &[&Named]| {
            let shown: Vec<&str> = communes.iter().take(NAMED).map(|c| c.name.as_str()).collect();
            match communes.len().saturating_sub(NAMED) {
                0 => shown.join(", "),
                more => format!("{} (+{more})", shown.join(", ")),
            }
        };
        let more = open.len().saturating_sub(NAMED);
        let mut vi: Vec<String> = open
            .iter()
            .take(NAMED)
            .map(|(o, communes)| {
                format!(
                    "{} ({} – {}) cũng đến {}",
                    o.other_title,
                    o.other_starts_on.format("%d/%m/%Y"),
                    o.other_ends_on.format("%d/%m/%Y"),
                    names(communes)
                )
            })
            .collect();
        let mut en: Vec<String> = open
            .iter()
            .take(NAMED)
            .map(|(o, communes)| {
                format!(
                    "{} ({} – {}) also visits {}",
                    o.other_title,
                    o.other_starts_on,
                    o.other_ends_on,
                    names(communes)
                )
            })
            .collect();
        if more > 0 {
            vi.push(format!("và {more} đoàn khác"));
            en.push(format!("and {more} other delegations"));
        }
        return Err(CoreError::conflict(
            format!(
                "Chưa duyệt được: trùng địa bàn. {}. Văn phòng cần xử lý trước khi duyệt.",
                vi.join("; ")
            ),
            format!(
                "Cannot approve yet: the visits overlap. {}. The Office must resolve it first.",
                en.join("; ")
            ),
        ));
    }
    w.execute(
        "UPDATE delegation SET status = 'approved', approved_by = ?2, approved_at = ?3, updated_at = ?3 WHERE id = ?1",
        params![id, actor.user_id, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Duyệt {}", d.title),
        format!("Approved the delegation: {}", d.purpose),
        serde_json::json!({}),
    )
}

/// Cancel a delegation with the reason; one already approved only by those who approve.
pub fn cancel(w: &mut Writer<'_>, actor: &Actor, id: DelegationId, reason: &str) -> CoreResult<()> {
    let reason = clean_required("reason", ("Lý do", "Reason"), reason, 500)?;
    match status_of(w, id)? {
        DelegationStatus::Cancelled => {
            return Err(CoreError::conflict("Đoàn này đã hủy.", "This delegation is already cancelled."));
        }
        DelegationStatus::Approved if !super::model::allowed(actor).publish => {
            return Err(CoreError::conflict(
                "Đoàn đã được duyệt: chỉ Chánh, Phó Chánh Văn phòng hủy được.",
                "The delegation is approved: only the chief or a deputy chief of office may cancel it.",
            ));
        }
        _ => {}
    }
    w.execute(
        "UPDATE delegation SET status = 'cancelled', cancel_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Hủy đoàn công tác: {reason}"),
        format!("Cancelled a delegation: {reason}"),
        serde_json::json!({ "reason": reason }),
    )
}

/// The Office's decision on the overlap of `id` and `other` in `commune`.
pub fn resolve(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: DelegationId,
    other: DelegationId,
    commune: AgencyId,
    reason: &str,
) -> CoreResult<()> {
    let reason = clean_required("reason", ("Cách xử lý", "Decision"), reason, 500)?;
    let d = get(w, id)?;
    if !d.overlaps.iter().any(|o| {
        o.other_id == other
            && (o.open.contains(&commune) || o.decided.iter().any(|c| c.commune_id == commune))
    }) {
        return Err(CoreError::conflict(
            "Hai đoàn này không trùng địa bàn.",
            "These two delegations do not overlap.",
        ));
    }
    let (first, second) = if id < other { (id, other) } else { (other, id) };
    w.execute(
        "INSERT INTO delegation_resolution (first_id, second_id, commune_id, reason, resolved_by, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (first_id, second_id, commune_id) DO UPDATE SET reason = excluded.reason,
             resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at",
        params![first, second, commune, reason, actor.user_id, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Xử lý trùng địa bàn với đoàn #{other}: {reason}"),
        format!("Resolved the overlap with delegation #{other}: {reason}"),
        serde_json::json!({ "other": other, "commune": commune, "reason": reason }),
    )
}

/// The approved delegations led by a leader, as lines of the schedule, one per day from
/// `from` to `to`.
pub(super) fn lines(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    leader: Option<UserId>,
) -> CoreResult<Vec<super::model::Line>> {
    let rows = read(
        conn,
        "d.status = 'approved' AND d.leader_user_id IS NOT NULL AND d.starts_on <= ?2 AND d.ends_on >= ?1
             AND (?3 IS NULL OR d.leader_user_id = ?3)",
        &[&from, &to, &leader],
    )?;
    let mut person = conn.prepare_cached("SELECT full_name, title FROM user WHERE id = ?1")?;
    let mut out = Vec::new();
    for d in rows {
        let Some(user_id) = d.leader_user_id else { continue };
        let (name, title): (String, String) = person.query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut day = d.starts_on.max(from);
        while day <= d.ends_on.min(to) {
            let places: Vec<&str> = d.communes.iter().map(|c| c.name.as_str()).collect();
            out.push(super::model::Line {
                key: format!("delegation:{}:{day}", d.id),
                entry_id: None,
                meeting_id: None,
                starts_at: day.and_hms_opt(7, 30, 0).expect("07:30"),
                part: DayPart::of(day.and_hms_opt(7, 30, 0).expect("07:30")),
                ends_at: day.and_hms_opt(17, 0, 0).expect("17:00"),
                content: format!(
                    "{} (ngày {}/{})",
                    d.title,
                    (day - d.starts_on).num_days() + 1,
                    (d.ends_on - d.starts_on).num_days() + 1
                ),
                preparing: d
                    .lead_agency
                    .as_ref()
                    .map(|a| format!("{} chủ trì, chuẩn bị", a.name))
                    .unwrap_or_default(),
                leaders: vec![LineLeader { user_id, name: name.clone(), title: title.clone(), chairs: true }],
                room_id: None,
                place: [places.join(", "), d.sectors.clone()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                participants: [
                    d.agencies.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "),
                    d.members.clone(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
                follow: String::new(),
                notes: String::new(),
                cancelled: false,
                secrecy: Clearance::None,
            });
            day += Duration::days(1);
        }
    }
    Ok(out)
}
