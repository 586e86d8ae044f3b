//! The public holidays of a year by the rules of Labour Code 2019 Art. 112 (DOMAIN.md §4):
//! what the calendar gives before the administrator's overrides for the year.

use super::lunar::{self, LunarDate};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The first and last years the rules are computed for.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HolidayName {
    pub vi: String,
    pub en: String,
}

impl HolidayName {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> HolidayName {
        HolidayName { vi: vi.into(), en: en.into() }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid holiday date")
}

/// The days off of `year` by the rules, with their names, in date order: the holidays
/// themselves, then a make-up day (nghỉ bù) on the next working day for each holiday that
/// falls on a Saturday or Sunday.
pub fn rules(year: i32) -> BTreeMap<NaiveDate, HolidayName> {
    let mut days: BTreeMap<NaiveDate, HolidayName> = BTreeMap::new();
    days.insert(date(year, 1, 1), HolidayName::new("Tết Dương lịch", "New Year's Day"));

    // Tết Nguyên Đán: five days, the last day of the old lunar year and the first four of
    // the new one (the Government often adds days by swapping; the administrator enters those).
    let tet = lunar::new_year(year);
    let eve = tet - Days::new(1);
    days.insert(eve, HolidayName::new("Tết Nguyên Đán (ngày cuối năm âm lịch)", "Lunar New Year (eve)"));
    for n in 0..4u64 {
        days.insert(
            tet + Days::new(n),
            HolidayName::new(
                format!("Tết Nguyên Đán (mùng {})", n + 1),
                format!("Lunar New Year (day {})", n + 1),
            ),
        );
    }
    // Tết of the next lunar year can start on the last days of this solar year only in
    // theory (it never falls before 21 January), so one lunar year per solar year suffices.

    let gio_to = lunar::to_solar(LunarDate { day: 10, month: 3, year, leap: false })
        .expect("the third lunar month always has a tenth day");
    days.insert(gio_to, HolidayName::new("Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration"));
    days.insert(date(year, 4, 30), HolidayName::new("Ngày Chiến thắng (30/4)", "Reunification Day"));
    days.insert(
        date(year, 5, 1),
        HolidayName::new("Ngày Quốc tế Lao động (1/5)", "International Labour Day"),
    );

    // National Day with its adjacent day: the one that joins the holiday to a weekend.
    let national = date(year, 9, 2);
    days.insert(national, HolidayName::new("Quốc khánh (2/9)", "National Day"));
    let adjacent = match national.weekday() {
        Weekday::Wed | Weekday::Thu | Weekday::Sun => date(year, 9, 3),
        _ => date(year, 9, 1),
    };
    days.insert(adjacent, HolidayName::new("Quốc khánh (ngày liền kề)", "National Day (adjacent day)"));

    if year >= 2026 {
        days.insert(
            date(year, 11, 24),
            HolidayName::new("Ngày Văn hóa Việt Nam (24/11)", "Vietnamese Culture Day"),
        );
    }

    // Make-up days, each on the first weekday after the holiday that is not itself off.
    let on_weekend: Vec<(NaiveDate, HolidayName)> =
        days.iter().filter(|(d, _)| is_weekend(**d)).map(|(d, n)| (*d, n.clone())).collect();
    for (day, name) in on_weekend {
        let mut makeup = day + Days::new(1);
        while is_weekend(makeup) || days.contains_key(&makeup) {
            makeup = makeup + Days::new(1);
        }
        days.insert(
            makeup,
            HolidayName::new(format!("Nghỉ bù {}", name.vi), format!("Day off in lieu: {}", name.en)),
        );
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(year: i32) -> Vec<NaiveDate> {
        rules(year).into_keys().collect()
    }

    #[test]
    fn fixed_holidays_and_national_day_follow_the_published_calendars() {
        // 2021: 2/9 on a Thursday, 3/9 given (published).
        assert!(off(2021).contains(&date(2021, 9, 3)));
        // 2022: 2/9 on a Friday, 1/9 given; 30/4 and 1/5 on a weekend, made up on 2 and 3 May.
        let y2022 = off(2022);
        for d in [date(2022, 9, 1), date(2022, 9, 2), date(2022, 5, 2), date(2022, 5, 3)] {
            assert!(y2022.contains(&d), "{d}");
        }
        // 2023: 2/9 on a Saturday: 1/9 and the make-up Monday 4/9 (published 1–4/9).
        let y2023 = off(2023);
        for d in [date(2023, 9, 1), date(2023, 9, 4)] {
            assert!(y2023.contains(&d), "{d}");
        }
        // 2024: 2/9 on a Monday, 1/9 a Sunday made up on Tuesday 3/9 (published 31/8–3/9).
        assert!(off(2024).contains(&date(2024, 9, 3)));
        // 2025: 2/9 on a Tuesday, 1/9 given (published).
        assert!(off(2025).contains(&date(2025, 9, 1)));
        // 24/11 from 2026 only.
        assert!(off(2026).contains(&date(2026, 11, 24)));
        assert!(!off(2025).contains(&date(2025, 11, 24)));
    }

    #[test]
    fn tet_is_five_days_around_the_lunar_new_year_with_make_up_days() {
        let y2026 = rules(2026);
        // Tết Bính Ngọ: 17/2/2026 (Tuesday); 16/2 to 20/2.
        for d in 16..=20 {
            assert!(y2026.contains_key(&date(2026, 2, d)), "{d}/2/2026");
        }
        assert!(y2026[&date(2026, 2, 17)].vi.contains("mùng 1"));
        // Tết Giáp Thìn: 10/2/2024 (Saturday): 9/2 to 13/2, with the Saturday and Sunday
        // made up on 14 and 15 February.
        let y2024 = rules(2024);
        for d in 9..=15 {
            assert!(y2024.contains_key(&date(2024, 2, d)), "{d}/2/2024");
        }
        assert!(y2024[&date(2024, 2, 15)].vi.starts_with("Nghỉ bù"));
        // Giỗ Tổ 2026 on Sunday 26 April: made up on Monday 27 April.
        assert!(rules(2026)[&date(2026, 4, 27)].vi.contains("Giỗ Tổ"));
    }

    #[test]
    fn every_year_of_the_span_has_its_days_off() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let days = rules(year);
            // 11 statutory days (12 from 2026) plus make-up days; never on a weekend
            // unless it is the holiday itself.
            let statutory = if year >= 2026 { 12 } else { 11 };
            assert!(days.len() >= statutory, "{year}: {}", days.len());
            for (day, name) in &days {
                assert!(!name.vi.starts_with("Nghỉ bù") || !is_weekend(*day), "{year}: {day}");
            }
        }
    }
}
