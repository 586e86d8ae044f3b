//! The Vietnamese lunar calendar: conversion between solar (Gregorian) dates and lunar
//! dates, computed from the positions of the Sun and the Moon at the meridian of Vietnam
//! (UTC+7), after the astronomical algorithm published by Hồ Ngọc Đức ("Thuật toán tính
//! âm lịch", itself after Jean Meeus, *Astronomical Algorithms*, 1998).
//!
//! A lunar month starts on the day (at UTC+7) of a new moon; month 11 is the one that
//! contains the winter solstice; a year with 13 months repeats, as a leap month, the
//! first month after month 11 that contains no major solar term. Because the new moon is
//! dated at UTC+7, the Vietnamese calendar differs from the Chinese (UTC+8) in some years:
//! Tết fell on 17 February 2007 in Vietnam and on 18 February in China.

use chrono::{Datelike, NaiveDate};
use std::f64::consts::PI;

/// Vietnam's time zone, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;

/// Julian day number of 1 January 1900 (noon), the epoch of the new-moon series.
const EPOCH: f64 = 2_415_021.076_998_695;
/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    /// The lunar year, numbered as the solar year in which it mostly falls.
    pub year: i32,
    /// Whether the month is the leap (repeated) month of its year.
    pub leap: bool,
}

fn julian_day(date: NaiveDate) -> i64 {
    // chrono counts days from 1 January of year 1 (CE day 1); JDN of that day is 1721426.
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn from_julian_day(jd: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt((jd - 1_721_425) as i32).expect("a date within chrono's range")
}

/// Julian date (fractional) of the `k`-th new moon after the one of 1 January 1900.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3; // Sun's mean anomaly
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3; // Moon's mean anomaly
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3; // Moon's argument of latitude
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The Sun's ecliptic longitude, in radians in [0, 2π), at Julian date `jdn`.
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Julian day number of the local day on which the `k`-th new moon falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors the Sun is in at the start of local day `jd`.
fn sun_sector(jd: i64) -> i64 {
    (sun_longitude(jd as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

/// First day of the lunar month 11 (the one holding the winter solstice) that begins in
/// solar year `year`.
fn month_11(year: i32) -> i64 {
    let off = julian_day(NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December")) as f64 - 2_415_021.0;
    let k = (off / SYNODIC_MONTH).floor() as i64;
    let start = new_moon_day(k);
    if sun_sector(start) >= 9 { new_moon_day(k - 1) } else { start }
}

/// Position, counted from month 11 starting at `a11`, of the leap month of a 13-month year:
/// the first month with no major solar term.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

pub fn to_lunar(date: NaiveDate) -> LunarDate {
    let day_number = julian_day(date);
    // The mean lunation gives the month to within one; true new moons wander around it.
    let mut k = ((day_number as f64 - EPOCH) / SYNODIC_MONTH).floor() as i64 + 1;
    while new_moon_day(k) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k);
    let mut a11 = month_11(date.year());
    let mut b11 = a11;
    let mut year;
    if a11 >= month_start {
        year = date.year();
        a11 = month_11(date.year() - 1);
    } else {
        year = date.year() + 1;
        b11 = month_11(date.year() + 1);
    }
    let day = (day_number - month_start + 1) as u32;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    LunarDate { day, month: month as u32, year, leap }
}

/// The solar date of a lunar date; `None` when it does not exist (a leap month the year
/// does not have, or day 30 of a 29-day month).
pub fn to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return None;
    }
    let month = i64::from(lunar.month);
    let (a11, b11) = if month < 11 {
        (month_11(lunar.year - 1), month_11(lunar.year))
    } else {
        (month_11(lunar.year), month_11(lunar.year + 1))
    };
    let k = (0.5 + (a11 as f64 - EPOCH) / SYNODIC_MONTH).floor() as i64;
    let mut off = month - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if lunar.leap && month != leap_month {
            return None;
        }
        if lunar.leap || off >= leap_off {
            off += 1;
        }
    } else if lunar.leap {
        return None;
    }
    let start = new_moon_day(k + off);
    let date = from_julian_day(start + i64::from(lunar.day) - 1);
    // Day 30 of a 29-day month runs into the next month.
    (to_lunar(date) == lunar).then_some(date)
}

/// Mùng 1 Tết: the first day of the lunar year `year`.
pub fn new_year(year: i32) -> NaiveDate {
    to_solar(LunarDate { day: 1, month: 1, year, leap: false }).expect("every lunar year has a first day")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn julian_day_numbers_match_the_standard_epochs() {
        assert_eq!(julian_day(day(2000, 1, 1)), 2_451_545);
        assert_eq!(julian_day(day(1900, 1, 1)), 2_415_021);
        assert_eq!(from_julian_day(2_451_545), day(2000, 1, 1));
    }

    #[test]
    fn lunar_new_year_matches_the_published_dates_in_vietnam() {
        // Mùng 1 Tết, as published in Vietnam. 1968, 1985, 2007 and 2030 are years in which
        // the new moon at UTC+7 falls on another day than at UTC+8 (China).
        let published = [
            (1968, 1, 29),
            (1985, 1, 21),
            (1990, 1, 27),
            (1991, 2, 15),
            (1992, 2, 4),
            (1993, 1, 23),
            (1994, 2, 10),
            (1995, 1, 31),
            (1996, 2, 19),
            (1997, 2, 7),
            (1998, 1, 28),
            (1999, 2, 16),
            (2000, 2, 5),
            (2001, 1, 24),
            (2002, 2, 12),
            (2003, 2, 1),
            (2004, 1, 22),
            (2005, 2, 9),
            (2006, 1, 29),
            (2007, 2, 17),
            (2008, 2, 7),
            (2009, 1, 26),
            (2010, 2, 14),
            (2011, 2, 3),
            (2012, 1, 23),
            (2013, 2, 10),
            (2014, 1, 31),
            (2015, 2, 19),
            (2016, 2, 8),
            (2017, 1, 28),
            (2018, 2, 16),
            (2019, 2, 5),
            (2020, 1, 25),
            (2021, 2, 12),
            (2022, 2, 1),
            (2023, 1, 22),
            (2024, 2, 10),
            (2025, 1, 29),
            (2026, 2, 17),
            (2027, 2, 6),
            (2028, 1, 26),
            (2029, 2, 13),
            (2030, 2, 2),
        ];
        for (y, m, d) in published {
            assert_eq!(new_year(y), day(y, m, d), "Tết {y}");
        }
    }

    #[test]
    fn solar_and_lunar_dates_convert_both_ways() {
        // Giỗ Tổ Hùng Vương (10/3) and Tết Trung thu (15/8) as published.
        let known = [
            (day(2019, 4, 14), 10, 3, 2019),
            (day(2020, 4, 2), 10, 3, 2020),
            (day(2022, 4, 10), 10, 3, 2022),
            (day(2023, 4, 29), 10, 3, 2023),
            (day(2024, 4, 18), 10, 3, 2024),
            (day(2025, 4, 7), 10, 3, 2025),
            (day(2026, 4, 26), 10, 3, 2026),
            (day(2024, 9, 17), 15, 8, 2024),
            (day(2025, 10, 6), 15, 8, 2025),
        ];
        for (solar, d, m, y) in known {
            let lunar = LunarDate { day: d, month: m, year: y, leap: false };
            assert_eq!(to_lunar(solar), lunar, "{solar}");
            assert_eq!(to_solar(lunar), Some(solar), "{d}/{m}/{y}");
        }
        // 2023 had a leap second month (tháng 2 nhuận), 2025 a leap sixth month.
        assert_eq!(to_lunar(day(2023, 3, 22)), LunarDate { day: 1, month: 2, year: 2023, leap: true });
        assert_eq!(to_lunar(day(2025, 7, 25)), LunarDate { day: 1, month: 6, year: 2025, leap: true });
        assert_eq!(to_solar(LunarDate { day: 1, month: 4, year: 2025, leap: true }), None);
        // The last day of a lunar year is the day before Tết, in the previous lunar year.
        assert_eq!(to_lunar(day(2026, 2, 16)).year, 2025);
    }

    #[test]
    fn every_day_of_the_supported_span_round_trips() {
        let mut date = day(1990, 1, 1);
        while date <= day(2100, 12, 31) {
            let lunar = to_lunar(date);
            assert!((1..=30).contains(&lunar.day) && (1..=12).contains(&lunar.month), "{date}: {lunar:?}");
            assert_eq!(to_solar(lunar), Some(date), "{date}: {lunar:?}");
            date = date.succ_opt().unwrap();
        }
    }
}
