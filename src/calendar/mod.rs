//! The Vietnamese working calendar (DOMAIN.md §4): Monday to Friday minus public holidays.
//! Holidays come from the rules of the Labour Code ([`holidays`], with the lunar dates of
//! [`lunar`]), and the administrator's overrides for a year win over the rules: a day
//! added off, a holiday taken back, a Saturday worked in a swap the Government announced.
//!
//! Every deadline in the product is counted here: "N working days after"
//! ([`Calendar::add_working_days`]) and "N days after, moved to the next working day if it
//! ends on a day off" ([`Calendar::add_days`]); the first day is never counted.

pub mod holidays;
pub mod lunar;

use crate::error::{CoreError, CoreResult};
use chrono::{Datelike, Days, NaiveDate, Weekday};
pub use holidays::{FIRST_YEAR, HolidayName, LAST_YEAR};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// An administrator's decision about one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub date: NaiveDate,
    /// `true`: a working day (a swapped Saturday, a holiday taken back); `false`: a day off.
    pub working: bool,
    /// What the day is, e.g. "Nghỉ Tết (hoán đổi với thứ Bảy 07/02)".
    pub name: String,
}

/// One day of a year that differs from an ordinary week: a day off, or a weekend day
/// worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub working: bool,
    pub name: HolidayName,
    /// Whether it comes from the administrator rather than the rules.
    pub overridden: bool,
    /// For an overridden day, what the rules alone would say (`None`: an ordinary day).
    pub by_rule: Option<HolidayName>,
}

/// The working calendar as stored: the rules plus the overrides read from the database.
/// Years are computed when first asked for and kept for the life of the value.
pub struct Calendar {
    overrides: BTreeMap<NaiveDate, Override>,
    years: RefCell<HashMap<i32, BTreeMap<NaiveDate, HolidayName>>>,
}

/// A year the working calendar covers ([`FIRST_YEAR`]–[`LAST_YEAR`]): the one rule for
/// every year and date a person gives the product (a schedule's day, a programme's
/// month, a gazette's year, a meeting's date, a statistics period). Made only by
/// [`Year::check`], so a function that takes a `Year` takes a checked one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(i32);

impl Year {
    /// `year`, or a refusal next to `field` that names the span.
    pub fn check(field: &'static str, year: i32) -> CoreResult<Year> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
            Ok(Year(year))
        } else {
            Err(CoreError::invalid(
                field,
                format!(
                    "Lịch làm việc tính cho các năm {FIRST_YEAR}–{LAST_YEAR}; năm {year} nằm ngoài khoảng đó."
                ),
                format!("The working calendar covers {FIRST_YEAR}–{LAST_YEAR}; {year} is outside it."),
            ))
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// `day`, if its year is one the calendar covers ([`Year::check`]), else refused next to
/// `field`.
pub fn check_day(field: &'static str, day: NaiveDate) -> CoreResult<NaiveDate> {
    Year::check(field, day.year())?;
    Ok(day)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// The rules alone, without overrides (what a new installation has).
    pub fn rules_only() -> Calendar {
        Calendar { overrides: BTreeMap::new(), years: RefCell::default() }
    }

    pub fn load(conn: &Connection) -> CoreResult<Calendar> {
        let mut statement = conn.prepare_cached("SELECT date, working, name FROM calendar_override")?;
        let overrides = statement
            .query_map([], |row| Ok(Override { date: row.get(0)?, working: row.get(1)?, name: row.get(2)? }))?
            .map(|o| o.map(|o| (o.date, o)))
            .collect::<Result<_, _>>()?;
        Ok(Calendar { overrides, years: RefCell::default() })
    }

    fn rule(&self, date: NaiveDate) -> Option<HolidayName> {
        let year = date.year();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        let mut years = self.years.borrow_mut();
        years.entry(year).or_insert_with(|| holidays::rules(year)).get(&date).cloned()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if let Some(o) = self.overrides.get(&date) {
            return o.working;
        }
        !is_weekend(date) && self.rule(date).is_none()
    }

    /// The date `n` working days after `start`; the start day itself is not counted.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date + Days::new(1);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// `n` calendar days after `start`, moved to the next working day when it ends on a
    /// day off (the period then ends at the close of that working day).
    pub fn add_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.next_working_day_from(start + Days::new(u64::from(n)))
    }

    /// `date` if it is a working day, else the first working day after it.
    pub fn next_working_day_from(&self, date: NaiveDate) -> NaiveDate {
        let mut date = date;
        while !self.is_working_day(date) {
            date = date + Days::new(1);
        }
        date
    }

    /// Working days after `from` up to and including `to` (0 when `to` ≤ `from`): how many
    /// working days are left before a deadline.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }

    /// The year's days off and worked weekend days, rules and overrides merged.
    pub fn special_days(&self, year: i32) -> CoreResult<Vec<SpecialDay>> {
        Year::check("year", year)?;
        let rules = holidays::rules(year);
        let mut days: BTreeMap<NaiveDate, SpecialDay> = rules
            .iter()
            .map(|(date, name)| {
                let day = SpecialDay {
                    date: *date,
                    working: false,
                    name: name.clone(),
                    overridden: false,
                    by_rule: None,
                };
                (*date, day)
            })
            .collect();
        for o in self.overrides.values().filter(|o| o.date.year() == year) {
            let by_rule = rules.get(&o.date).cloned();
            // A working override of an ordinary weekday changes nothing worth listing.
            if o.working && by_rule.is_none() && !is_weekend(o.date) {
                days.remove(&o.date);
                continue;
            }
            let name = HolidayName { vi: o.name.clone(), en: o.name.clone() };
            days.insert(
                o.date,
                SpecialDay { date: o.date, working: o.working, name, overridden: true, by_rule },
            );
        }
        Ok(days.into_values().collect())
    }

    /// The overrides of `year`, for the administrator's screen.
    pub fn overrides(&self, year: i32) -> Vec<Override> {
        self.overrides.values().filter(|o| o.date.year() == year).cloned().collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarYear {
    pub year: i32,
    /// Days off and worked weekend days, rules and overrides merged.
    pub days: Vec<SpecialDay>,
    pub overrides: Vec<Override>,
    /// Every day of the year that is not worked (weekends included), for month views.
    pub off_days: Vec<NaiveDate>,
    pub working_days: u32,
}

/// The year as the calendar screen shows it.
pub fn year_view(conn: &Connection, year: i32) -> CoreResult<CalendarYear> {
    let calendar = Calendar::load(conn)?;
    let days = calendar.special_days(year)?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
    let (working, off_days): (Vec<NaiveDate>, Vec<NaiveDate>) =
        first.iter_days().take_while(|d| d.year() == year).partition(|d| calendar.is_working_day(*d));
    Ok(CalendarYear {
        year,
        overrides: calendar.overrides(year),
        days,
        off_days,
        working_days: working.len() as u32,
    })
}

/// What the administrator decides for a day, checked: a day off must be named (a Tết
/// swap…); a working day without a name is "Ngày làm việc (hoán đổi)". `None`: back
/// to the rules.
fn decision(working: Option<bool>, name: &str) -> CoreResult<Option<(bool, String)>> {
    let name = crate::vocabulary::clean_optional("name", ("Tên ngày", "Name"), name, 150)?;
    match working {
        None => Ok(None),
        Some(false) if name.is_empty() => Err(CoreError::invalid(
            "name",
            "Ghi tên ngày nghỉ (ví dụ: Nghỉ Tết hoán đổi).",
            "Name the day off (e.g. a Tết swap).",
        )),
        Some(true) if name.is_empty() => Ok(Some((true, "Ngày làm việc (hoán đổi)".to_string()))),
        Some(working) => Ok(Some((working, name))),
    }
}

/// What the log keeps of a decision about a day.
#[derive(Serialize)]
struct Decided<'a> {
    date: NaiveDate,
    working: Option<bool>,
    name: &'a str,
}

/// The administrator decides about a day (a swap, an extra day off, a holiday taken
/// back; `working` none: back to the rules), and the log says what.
pub fn decide_day(
    w: &mut crate::audit::Writer<'_>,
    by: crate::vocabulary::UserId,
    date: NaiveDate,
    working: Option<bool>,
    name: &str,
) -> CoreResult<()> {
    let decided = decision(working, name)?;
    let at = w.now_text();
    set_override(
        w,
        date,
        decided.as_ref().map(|(working, name)| (*working, name.as_str())),
        Some(by.0),
        &at,
    )?;
    let (what, what_en) = match working {
        Some(true) => ("làm việc", "a working day"),
        Some(false) => ("nghỉ", "a day off"),
        None => ("theo quy định", "as the rules say"),
    };
    let day = date.format("%d/%m/%Y");
    w.audit(
        crate::audit::ObjectRef { kind: crate::vocabulary::ObjectKind::Calendar, id: None },
        crate::audit::said(
            format!("Lịch làm việc: ngày {day} là ngày {what}"),
            format!("Working calendar: {day} is {what_en}"),
        ),
        &Decided { date, working, name },
    )
}

/// Record the administrator's decision for a day; `None` removes it (the rules apply).
pub fn set_override(
    tx: &Connection,
    date: NaiveDate,
    decision: Option<(bool, &str)>,
    by: Option<i64>,
    at: &str,
) -> CoreResult<()> {
    Year::check("year", date.year())?;
    match decision {
        None => {
            tx.execute("DELETE FROM calendar_override WHERE date = ?1", params![date])?;
        }
        Some((working, name)) => {
            tx.execute(
                "INSERT INTO calendar_override (date, working, name, changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (date) DO UPDATE SET working = excluded.working, name = excluded.name,
                     changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                params![date, working, name, by, at],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn with(overrides: &[(NaiveDate, bool)]) -> Calendar {
        let overrides = overrides
            .iter()
            .map(|(date, working)| (*date, Override { date: *date, working: *working, name: "x".into() }))
            .collect();
        Calendar { overrides, years: RefCell::default() }
    }

    #[test]
    fn counts_working_days_after_the_start() {
        let calendar = Calendar::rules_only();
        let cases = [
            (day(2026, 11, 16), 1, day(2026, 11, 17)), // Monday → Tuesday
            (day(2026, 11, 20), 1, day(2026, 11, 23)), // Friday → Monday
            (day(2026, 11, 21), 1, day(2026, 11, 23)), // Saturday → Monday
            (day(2026, 11, 20), 5, day(2026, 11, 30)), // over Culture Day (Tue 24/11)
            (day(2026, 12, 30), 3, day(2027, 1, 5)),   // over the year boundary, 1/1 and a weekend
            (day(2026, 11, 20), 0, day(2026, 11, 20)),
            (day(2026, 2, 13), 1, day(2026, 2, 23)), // Friday before Tết → the Monday after it
        ];
        for (start, n, expected) in cases {
            assert_eq!(calendar.add_working_days(start, n), expected, "{start} + {n}");
        }
    }

    #[test]
    fn calendar_days_ending_on_a_day_off_move_to_the_next_working_day() {
        let calendar = Calendar::rules_only();
        assert_eq!(calendar.add_days(day(2026, 11, 2), 10), day(2026, 11, 12));
        // 14/11/2026 is a Saturday → Monday 16/11.
        assert_eq!(calendar.add_days(day(2026, 11, 4), 10), day(2026, 11, 16));
        // Ends on Culture Day (Tuesday 24/11) → Wednesday 25/11.
        assert_eq!(calendar.add_days(day(2026, 11, 14), 10), day(2026, 11, 25));
        // Ends on 30/4/2027 (Friday) → 1/5 Saturday off, 3/5 Monday is the make-up of 1/5.
        assert_eq!(calendar.add_days(day(2027, 4, 20), 10), day(2027, 5, 4));
    }

    #[test]
    fn overrides_win_over_the_rules() {
        // The Government's swap: Saturday 7/2/2026 worked, Monday 23/2/2026 off.
        let calendar = with(&[(day(2026, 2, 7), true), (day(2026, 2, 23), false), (day(2026, 11, 24), true)]);
        assert!(calendar.is_working_day(day(2026, 2, 7)));
        assert!(!calendar.is_working_day(day(2026, 2, 23)));
        assert!(calendar.is_working_day(day(2026, 11, 24)));
        assert_eq!(calendar.add_working_days(day(2026, 2, 6), 1), day(2026, 2, 7));
        assert_eq!(calendar.add_working_days(day(2026, 2, 13), 1), day(2026, 2, 24));
        let special = calendar.special_days(2026).unwrap();
        let saturday = special.iter().find(|d| d.date == day(2026, 2, 7)).unwrap();
        assert!(saturday.working && saturday.overridden && saturday.by_rule.is_none());
        let culture = special.iter().find(|d| d.date == day(2026, 11, 24)).unwrap();
        assert!(culture.working && culture.by_rule.is_some());
    }

    #[test]
    fn working_days_left_before_a_deadline() {
        let calendar = Calendar::rules_only();
        assert_eq!(calendar.working_days_between(day(2026, 11, 20), day(2026, 11, 25)), 2); // Mon, Wed
        assert_eq!(calendar.working_days_between(day(2026, 11, 25), day(2026, 11, 25)), 0);
        assert_eq!(calendar.working_days_between(day(2026, 11, 26), day(2026, 11, 25)), 0);
    }

    #[test]
    fn years_outside_the_span_are_refused_clearly() {
        let error = Calendar::rules_only().special_days(2101).unwrap_err();
        assert!(error.to_string().contains("2101"));
    }
}
