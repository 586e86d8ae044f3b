//! Working days for deadlines. For now a working day is Monday to Friday; the working
//! calendar (public holidays, lunar Tết, the Government's yearly swaps) extends
//! [`is_working_day`] without changing its callers.

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The date `n` working days after `start`; the start day itself is not counted.
pub fn add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    let mut date = start;
    let mut left = n;
    while left > 0 {
        date = date + Days::new(1);
        if is_working_day(date) {
            left -= 1;
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::add_working_days;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn counts_working_days_after_the_start() {
        let cases = [
            (day(2026, 11, 16), 1, day(2026, 11, 17)), // Monday → Tuesday
            (day(2026, 11, 20), 1, day(2026, 11, 23)), // Friday → Monday
            (day(2026, 11, 21), 1, day(2026, 11, 23)), // Saturday → Monday
            (day(2026, 11, 20), 5, day(2026, 11, 27)),
            (day(2026, 12, 30), 3, day(2027, 1, 4)), // over the year boundary and a weekend
            (day(2026, 11, 20), 0, day(2026, 11, 20)),
        ];
        for (start, n, expected) in cases {
            assert_eq!(add_working_days(start, n), expected, "{start} + {n}");
        }
    }
}
