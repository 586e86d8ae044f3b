//! Figures per agency and period (DOMAIN.md §3: done on time, done late, in progress,
//! overdue), and the monthly report on document handling and directions that the Office
//! presents at the Committee's monthly session, as PDF and XLSX.
//!
//! A period's figures count the directions given in the period, each with its status at
//! the end of the period (or today, for the period still running): a report printed
//! again later says what it said then.

use crate::clock::vietnam_date;
use crate::error::{CoreError, CoreResult};
use crate::secrecy;
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyGroup, AgencyId, text_enum};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    pub enum PeriodKind {
        Month = "month",
        Quarter = "quarter",
        Year = "year",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    /// The month (1–12) or the quarter (1–4); ignored for a year.
    #[serde(default)]
    pub number: u32,
}

impl Period {
    fn check(&self) -> CoreResult<()> {
        let max = match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Year => u32::MAX,
        };
        crate::calendar::Year::check("period", self.year)?;
        if self.kind != PeriodKind::Year && !(1..=max).contains(&self.number) {
            return Err(CoreError::invalid(
                "period",
                "Kỳ báo cáo không hợp lệ.",
                "The reporting period is not valid.",
            ));
        }
        Ok(())
    }

    pub fn first_day(&self) -> NaiveDate {
        let month = match self.kind {
            PeriodKind::Month => self.number,
            PeriodKind::Quarter => (self.number - 1) * 3 + 1,
            PeriodKind::Year => 1,
        };
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a valid period")
    }

    pub fn last_day(&self) -> NaiveDate {
        let months = match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        };
        self.first_day()
            .checked_add_months(Months::new(months))
            .expect("within range")
            .pred_opt()
            .expect("a day before")
    }

    pub fn label_vi(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("tháng {:02}/{}", self.number, self.year),
            PeriodKind::Quarter => {
                format!("quý {}/{}", ["I", "II", "III", "IV"][self.number as usize - 1], self.year)
            }
            PeriodKind::Year => format!("năm {}", self.year),
        }
    }

    pub fn label_en(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{:02}/{}", self.number, self.year),
            PeriodKind::Quarter => format!("Q{} {}", self.number, self.year),
            PeriodKind::Year => self.year.to_string(),
        }
    }
}

/// A percentage with the Vietnamese decimal comma and one decimal when needed:
/// "99,5%", "100%".
pub fn percent_vi(numerator: u32, denominator: u32) -> String {
    if denominator == 0 {
        return "—".to_string();
    }
    let tenths = (f64::from(numerator) * 1000.0 / f64::from(denominator)).round() as u64;
    if tenths.is_multiple_of(10) {
        format!("{}%", tenths / 10)
    } else {
        format!("{},{}%", tenths / 10, tenths % 10)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub agency_id: Option<AgencyId>,
    pub agency_name: String,
    pub assigned: u32,
    pub done_on_time: u32,
    pub done_late: u32,
    /// Open and not past the deadline (due soon included).
    pub in_progress: u32,
    pub overdue: u32,
    /// Done (on time or late) over assigned, e.g. "99,5%".
    pub rate: String,
    /// "207/208 nhiệm vụ, đạt 99,5%".
    pub summary: String,
    /// "207/208 directions, 99.5% done".
    pub summary_en: String,
}

impl Figures {
    fn finish(mut self) -> Figures {
        let done = self.done_on_time + self.done_late;
        self.rate = percent_vi(done, self.assigned);
        self.summary = format!("{done}/{} nhiệm vụ, đạt {}", self.assigned, self.rate);
        self.summary_en =
            format!("{done}/{} directions, {} done", self.assigned, self.rate.replace(',', "."));
        self
    }

    fn add(&mut self, other: &Figures) {
        self.assigned += other.assigned;
        self.done_on_time += other.done_on_time;
        self.done_late += other.done_late;
        self.in_progress += other.in_progress;
        self.overdue += other.overdue;
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct StatsFilter {
    pub agency_group: Option<AgencyGroup>,
    pub leader_id: Option<crate::vocabulary::UserId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionStats {
    pub period: Period,
    pub label: String,
    pub label_en: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The day the statuses are seen from: the period's last day, or today.
    pub as_of: NaiveDate,
    pub agencies: Vec<Figures>,
    pub total: Figures,
}

pub fn stats(
    conn: &Connection,
    actor: &Actor,
    period: Period,
    filter: &StatsFilter,
    now: DateTime<Utc>,
) -> CoreResult<DirectionStats> {
    period.check()?;
    let (first, last) = (period.first_day(), period.last_day());
    let as_of = last.min(vietnam_date(now));
    // Only the directions the person may see are counted (clearance; an agency's own).
    let mut statement = conn.prepare_cached(&format!(
        "SELECT d.lead_agency_id, a.name, count(*),
             coalesce(sum(d.completed_on <= ?3 AND d.completed_on <= d.deadline), 0),
             coalesce(sum(d.completed_on <= ?3 AND d.completed_on > d.deadline), 0),
             coalesce(sum((d.completed_on IS NULL OR d.completed_on > ?3) AND d.deadline >= ?3), 0),
             coalesce(sum((d.completed_on IS NULL OR d.completed_on > ?3) AND d.deadline < ?3), 0)
         FROM direction d JOIN agency a ON a.id = d.lead_agency_id
         WHERE d.assigned_on >= ?1 AND d.assigned_on <= ?2 AND d.assigned_on <= ?3
             AND (?4 IS NULL OR a.agency_group = ?4) AND (?5 IS NULL OR d.leader_id = ?5) AND {}
         GROUP BY d.lead_agency_id ORDER BY count(*) DESC, a.name",
        secrecy::direction_condition(actor)
    ))?;
    let agencies: Vec<Figures> = statement
        .query_map(params![first, last, as_of, filter.agency_group, filter.leader_id], |r| {
            Ok(Figures {
                agency_id: r.get(0)?,
                agency_name: r.get(1)?,
                assigned: r.get(2)?,
                done_on_time: r.get(3)?,
                done_late: r.get(4)?,
                in_progress: r.get(5)?,
                overdue: r.get(6)?,
                ..Figures::default()
            }
            .finish())
        })?
        .collect::<Result<_, _>>()?;
    let mut total = Figures { agency_name: "Tổng cộng".to_string(), ..Figures::default() };
    for figures in &agencies {
        total.add(figures);
    }
    Ok(DirectionStats {
        period,
        label: period.label_vi(),
        label_en: period.label_en(),
        first_day: first,
        last_day: last,
        as_of,
        agencies,
        total: total.finish(),
    })
}

/// Incoming documents of a month by the Office's department that led them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandlingFigures {
    pub department_name: String,
    pub received: u32,
    pub closed_on_time: u32,
    pub closed_late: u32,
    pub open_in_time: u32,
    pub open_overdue: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthlyReport {
    pub organisation_name: String,
    pub period: Period,
    pub label: String,
    pub as_of: NaiveDate,
    pub incoming_received: u32,
    pub incoming_with_deadline: u32,
    pub handling: Vec<HandlingFigures>,
    /// Issued in the month, by type name.
    pub outgoing_by_type: Vec<(String, u32)>,
    pub outgoing_issued: u32,
    pub directions: DirectionStats,
    /// Directions open and overdue at the end of the month, whenever given, by agency:
    /// the agencies that are late.
    pub late_agencies: Vec<(String, u32)>,
    /// The chief of office, who signs the report for the Office (none when the post is
    /// empty in the directory).
    pub signer_name: Option<String>,
}

pub fn monthly_report(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    month: u32,
    now: DateTime<Utc>,
) -> CoreResult<MonthlyReport> {
    let period = Period { kind: PeriodKind::Month, year, number: month };
    let directions = stats(conn, actor, period, &StatsFilter::default(), now)?;
    let (first, last, as_of) = (directions.first_day, directions.last_day, directions.as_of);
    let start = crate::search::day_start(first);
    let end = crate::search::day_start(last.succ_opt().expect("a next day"));
    // Every figure counts only what the person may see: no secret document is counted for
    // someone not cleared for it, so nothing can be learnt by subtraction.
    let incoming = secrecy::incoming_condition(actor);
    let outgoing = secrecy::outgoing_condition(actor);
    let (received, with_deadline): (u32, u32) = conn.query_row(
        &format!(
            "SELECT count(*), count(deadline) FROM incoming_document d
             WHERE received_at >= ?1 AND received_at < ?2 AND {incoming}"
        ),
        params![start, end],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let as_of_end = crate::search::day_start(as_of.succ_opt().expect("a next day"));
    let mut statement = conn.prepare_cached(&format!(
        "SELECT dp.name, count(*),
             coalesce(sum(d.closed_at IS NOT NULL AND d.closed_at < ?3 AND substr(d.closed_at, 1, 10) <= d.deadline), 0),
             coalesce(sum(d.closed_at IS NOT NULL AND d.closed_at < ?3 AND substr(d.closed_at, 1, 10) > d.deadline), 0),
             coalesce(sum((d.closed_at IS NULL OR d.closed_at >= ?3) AND d.deadline >= ?4), 0),
             coalesce(sum((d.closed_at IS NULL OR d.closed_at >= ?3) AND d.deadline < ?4), 0)
         FROM incoming_document d JOIN department dp ON dp.id = d.lead_department_id
         WHERE d.received_at >= ?1 AND d.received_at < ?2 AND d.deadline IS NOT NULL AND {incoming}
         GROUP BY dp.id ORDER BY dp.sort_order, dp.name"
    ))?;
    let handling = statement
        .query_map(params![start, end, as_of_end, as_of], |r| {
            Ok(HandlingFigures {
                department_name: r.get(0)?,
                received: r.get(1)?,
                closed_on_time: r.get(2)?,
                closed_late: r.get(3)?,
                open_in_time: r.get(4)?,
                open_overdue: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT document_type, count(*) FROM outgoing_document d WHERE status IN ('issued', 'recalled')
             AND issue_date >= ?1 AND issue_date <= ?2 AND {outgoing} GROUP BY document_type ORDER BY count(*) DESC"
    ))?;
    let outgoing_by_type: Vec<(String, u32)> = statement
        .query_map(params![first, last], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
        .map(|row| row.map(|(code, n)| (crate::doctype::name(&code).unwrap_or(&code).to_string(), n)))
        .collect::<Result<_, _>>()?;
    let outgoing_issued = outgoing_by_type.iter().map(|(_, n)| n).sum();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT a.name, count(*) FROM direction d JOIN agency a ON a.id = d.lead_agency_id
         WHERE d.assigned_on <= ?1 AND d.deadline < ?1 AND (d.completed_on IS NULL OR d.completed_on > ?1)
             AND {}
         GROUP BY a.id ORDER BY count(*) DESC, a.name",
        secrecy::direction_condition(actor)
    ))?;
    let late_agencies =
        statement.query_map(params![as_of], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let organisation_name =
        crate::settings::organisation(conn)?.map(|o| o.committee_name).unwrap_or_default();
    let signer_name = crate::org::user::chief_of_office_name(conn)?;
    Ok(MonthlyReport {
        signer_name,
        organisation_name,
        period,
        label: period.label_vi(),
        as_of,
        incoming_received: received,
        incoming_with_deadline: with_deadline,
        handling,
        outgoing_by_type,
        outgoing_issued,
        directions,
        late_agencies,
    })
}

/// `rows` and, when there are any, a "Tổng cộng" row adding up the columns from `first`.
fn with_total(mut rows: Vec<Vec<String>>, first: usize) -> Vec<Vec<String>> {
    let Some(width) = rows.first().map(Vec::len) else {
        return rows;
    };
    let mut total = vec![String::new(), "Tổng cộng".to_string()];
    for column in first..width {
        let sum: u64 = rows.iter().filter_map(|r| r.get(column)?.parse::<u64>().ok()).sum();
        total.push(sum.to_string());
    }
    rows.push(total);
    rows
}

/// The figures as table rows, shared by the PDF and the spreadsheet.
pub struct ReportTables {
    pub handling: Vec<Vec<String>>,
    pub outgoing: Vec<Vec<String>>,
    pub directions: Vec<Vec<String>>,
    pub late: Vec<Vec<String>>,
}

pub const HANDLING_COLUMNS: [&str; 7] = [
    "STT",
    "Phòng chủ trì",
    "Văn bản có hạn xử lý",
    "Xong đúng hạn",
    "Xong trễ hạn",
    "Đang xử lý trong hạn",
    "Quá hạn chưa xong",
];
pub const OUTGOING_COLUMNS: [&str; 3] = ["STT", "Loại văn bản", "Số văn bản ban hành"];
pub const DIRECTION_COLUMNS: [&str; 8] = [
    "STT",
    "Cơ quan chủ trì",
    "Được giao",
    "Hoàn thành đúng hạn",
    "Hoàn thành trễ hạn",
    "Đang thực hiện trong hạn",
    "Quá hạn",
    "Tỷ lệ hoàn thành",
];
pub const LATE_COLUMNS: [&str; 3] = ["STT", "Cơ quan", "Nhiệm vụ quá hạn chưa hoàn thành"];

impl MonthlyReport {
    pub fn tables(&self) -> ReportTables {
        let n = |i: usize| (i + 1).to_string();
        let handling = self
            .handling
            .iter()
            .enumerate()
            .map(|(i, h)| {
                vec![
                    n(i),
                    h.department_name.clone(),
                    h.received.to_string(),
                    h.closed_on_time.to_string(),
                    h.closed_late.to_string(),
                    h.open_in_time.to_string(),
                    h.open_overdue.to_string(),
                ]
            })
            .collect();
        // Every table ends with its totals.
        let handling = with_total(handling, 2);
        let outgoing = with_total(
            self.outgoing_by_type
                .iter()
                .enumerate()
                .map(|(i, (t, c))| vec![n(i), t.clone(), c.to_string()])
                .collect(),
            2,
        );
        let figures = |index: String, f: &Figures| {
            vec![
                index,
                f.agency_name.clone(),
                f.assigned.to_string(),
                f.done_on_time.to_string(),
                f.done_late.to_string(),
                f.in_progress.to_string(),
                f.overdue.to_string(),
                f.rate.clone(),
            ]
        };
        let mut directions: Vec<Vec<String>> =
            self.directions.agencies.iter().enumerate().map(|(i, f)| figures(n(i), f)).collect();
        directions.push(figures(String::new(), &self.directions.total));
        let late = with_total(
            self.late_agencies
                .iter()
                .enumerate()
                .map(|(i, (a, c))| vec![n(i), a.clone(), c.to_string()])
                .collect(),
            2,
        );
        ReportTables { handling, outgoing, directions, late }
    }

    pub fn title(&self) -> String {
        format!("Báo cáo tình hình xử lý văn bản và thực hiện nhiệm vụ {}", self.label)
    }
}
