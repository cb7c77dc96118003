//! Calendar months, the unit of every contribution.
//!
//! Contributions are due per month and every legal figure is published for a range of months, so the
//! engine works on `YearMonth` rather than on dates.

use std::fmt;
use std::str::FromStr;

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    /// 1..=12
    month: u8,
}

/// Years outside this range are rejected: the social insurance law dates from 2011 and nobody
/// alive was born before 1900; the upper bound keeps projections finite.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

impl YearMonth {
    /// The first and last supported months.
    pub const MIN: YearMonth = YearMonth {
        year: MIN_YEAR,
        month: 1,
    };
    pub const MAX: YearMonth = YearMonth {
        year: MAX_YEAR,
        month: 12,
    };

    /// Returns `None` when the month is not 1..=12 or the year is outside [`MIN_YEAR`, `MAX_YEAR`].
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if (1..=12).contains(&month) && (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Some(YearMonth {
                year,
                month: month as u8,
            })
        } else {
            None
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// Months since year 0, a total order that makes differences easy.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub fn from_index(index: i64) -> Option<Self> {
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        YearMonth::new(year, month)
    }

    /// `self + n` months; `None` when the result leaves the supported range.
    pub fn plus(self, months: i64) -> Option<Self> {
        YearMonth::from_index(self.index().checked_add(months)?)
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i64 {
        later.index() - self.index()
    }

    pub fn days(self) -> u32 {
        match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if is_leap(self.year) => 29,
            _ => 28,
        }
    }

    /// Hours in the month: the upper bound for hours worked.
    pub fn hours(self) -> u32 {
        self.days() * 24
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl YearMonth {
    /// `YYYY-MM` as bytes. Years are within [`MIN_YEAR`, `MAX_YEAR`], so always four digits; written
    /// by hand because months are formatted for every warning and every result row.
    pub fn text(self) -> [u8; 7] {
        let y = self.year.unsigned_abs();
        let digit = |n: u32| b'0' + (n % 10) as u8;
        [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(u32::from(self.month) / 10),
            digit(u32::from(self.month)),
        ]
    }

    /// The month in Chinese words for a sentence: "2049年11月".
    pub fn words_zh(self) -> String {
        let mut s = String::with_capacity(12);
        self.push_words_zh(&mut s);
        s
    }

    /// The month in English words for a sentence: "November 2049".
    pub fn words_en(self) -> String {
        let mut s = String::with_capacity(14);
        self.push_words_en(&mut s);
        s
    }

    /// Appends the month in Chinese words, "2049年11月" (a warning lists many).
    pub fn push_words_zh(self, out: &mut String) {
        let text = self.text();
        out.push_str(std::str::from_utf8(&text[..4]).unwrap_or_default());
        out.push('年');
        let m = std::str::from_utf8(&text[5..]).unwrap_or_default();
        out.push_str(m.strip_prefix('0').unwrap_or(m));
        out.push('月');
    }

    /// Appends the month in English words, "November 2049".
    pub fn push_words_en(self, out: &mut String) {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        out.push_str(
            NAMES
                .get(usize::from(self.month).wrapping_sub(1))
                .copied()
                .unwrap_or(""),
        );
        out.push(' ');
        out.push_str(std::str::from_utf8(&self.text()[..4]).unwrap_or_default());
    }

    /// Appends `YYYY-MM` to `out`.
    pub fn push_to(self, out: &mut String) {
        let text = self.text();
        // The bytes are ASCII digits and a hyphen.
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.text();
        f.pad(std::str::from_utf8(&text).unwrap_or_default())
    }
}

/// Why a month string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthParseError;

impl FromStr for YearMonth {
    type Err = MonthParseError;

    /// Accepts exactly `YYYY-MM`: four digits, a hyphen, two digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return Err(MonthParseError);
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let year = digits(0..4).ok_or(MonthParseError)?;
        let month = digits(5..7).ok_or(MonthParseError)?;
        YearMonth::new(year as i32, month).ok_or(MonthParseError)
    }
}

impl serde::Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.text();
        s.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every month's name, and single-digit months without a leading zero in Chinese.
    #[test]
    fn months_in_words() {
        let m = |s: &str| s.parse::<YearMonth>().unwrap();
        assert_eq!(m("2049-11").words_zh(), "2049年11月");
        assert_eq!(m("2049-11").words_en(), "November 2049");
        assert_eq!(m("2026-03").words_zh(), "2026年3月");
        assert_eq!(m("2026-01").words_en(), "January 2026");
        assert_eq!(m("1900-12").words_en(), "December 1900");
        let names: Vec<String> = (1..=12).map(|k| YearMonth::new(2030, k).unwrap().words_en()).collect();
        assert_eq!(names[4], "May 2030");
        assert_eq!(names[8], "September 2030");
    }

    #[test]
    fn parses_and_prints() {
        let m: YearMonth = "2025-09".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2025, 9));
        assert_eq!(m.to_string(), "2025-09");
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "2025-13",
            "2025-00",
            "25-09",
            "2025-9",
            "2025/09",
            "２０２５-09",
            "",
            "2025-09-01",
        ] {
            assert!(s.parse::<YearMonth>().is_err(), "{s}");
        }
    }

    #[test]
    fn days_and_leap_years() {
        assert_eq!("2024-02".parse::<YearMonth>().unwrap().days(), 29);
        assert_eq!("2025-02".parse::<YearMonth>().unwrap().days(), 28);
        assert_eq!("1900-02".parse::<YearMonth>().unwrap().days(), 28);
        assert_eq!("2000-02".parse::<YearMonth>().unwrap().days(), 29);
        assert_eq!("2025-09".parse::<YearMonth>().unwrap().hours(), 720);
    }

    #[test]
    fn arithmetic() {
        let m: YearMonth = "2025-11".parse().unwrap();
        assert_eq!(m.plus(3).unwrap().to_string(), "2026-02");
        assert_eq!(m.plus(-11).unwrap().to_string(), "2024-12");
        assert_eq!(m.months_until("2026-01".parse().unwrap()), 2);
    }
}
