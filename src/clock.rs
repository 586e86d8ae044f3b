//! Where time comes from. Logic never asks the system for the time: the transport reads
//! the application's clock once per command and passes the instant down, so tests can
//! set the clock to any day (a holiday, a deadline, a year boundary).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use ts_rs::TS;

/// An instant as the database stores it: RFC 3339 in UTC with milliseconds, so that text
/// order is time order.
pub fn timestamp(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Vietnam keeps one offset all year (UTC+7, no daylight saving).
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The day an instant falls on in Vietnam, whatever the machine's own zone.
pub fn vietnam_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&vietnam_offset()).date_naive()
}

/// What "today" is for the Office, by the app's clock: the one source of business dates
/// for the UI (the dashboard's day, the default periods of lists and statistics, the
/// date pickers' "today"). The browser's own clock is never asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Today {
    /// The instant the app's clock reads.
    pub now: DateTime<Utc>,
    /// The day in Vietnam.
    pub day: NaiveDate,
    /// Monday of the day's week (weeks start on Monday in Vietnam).
    pub week_start: NaiveDate,
    /// The first day of the day's month.
    pub month_start: NaiveDate,
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Today {
    pub fn at(now: DateTime<Utc>) -> Today {
        let day = vietnam_date(now);
        Today {
            now,
            day,
            week_start: day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            month_start: day.with_day(1).expect("every month has a first day"),
            year: day.year(),
            month: day.month(),
        }
    }
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved; for tests and demos.
pub struct ManualClock {
    instant: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock { instant: Mutex::new(start) }
    }

    pub fn set(&self, instant: DateTime<Utc>) {
        *self.instant.lock().expect("clock lock") = instant;
    }

    pub fn advance(&self, by: Duration) {
        *self.instant.lock().expect("clock lock") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.instant.lock().expect("clock lock")
    }
}

/// The clock of a running app: the wall clock, or a [`FileClock`] on `clock_file` when a
/// test asked for one.
pub fn wall_or_file(clock_file: Option<std::path::PathBuf>) -> std::sync::Arc<dyn Clock> {
    match clock_file {
        Some(path) => std::sync::Arc::new(FileClock::new(path)),
        None => std::sync::Arc::new(SystemClock),
    }
}

/// The wall clock, unless a file holds an instant (RFC 3339) to use instead; read at
/// every tick. For end-to-end tests of a running server ("the clock passes the
/// deadline"): `vanphong serve --clock-file F`. Never used unless asked for.
pub struct FileClock {
    path: std::path::PathBuf,
}

impl FileClock {
    pub fn new(path: std::path::PathBuf) -> Self {
        FileClock { path }
    }
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
            .map(|instant| instant.to_utc())
            .unwrap_or_else(Utc::now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_day_in_vietnam_with_its_week_and_month() {
        // 20:00 UTC on Sunday 31 January 2027 is already Monday 1 February in Vietnam.
        let now = DateTime::parse_from_rfc3339("2027-01-31T20:00:00Z").unwrap().to_utc();
        let today = Today::at(now);
        assert_eq!(today.day, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
        assert_eq!(today.week_start, today.day);
        assert_eq!(today.month_start, today.day);
        assert_eq!((today.year, today.month), (2027, 2));
        let sunday = Today::at(DateTime::parse_from_rfc3339("2027-02-07T03:00:00Z").unwrap().to_utc());
        assert_eq!(sunday.week_start, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
    }
}
