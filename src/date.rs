//! Calendar dates as the front matter writes them (`YYYY-MM-DD`), with day arithmetic.
//!
//! Hand-written because all mentorlog needs is a validated civil date and the number of
//! days between two of them; a time-zone-aware crate would add nothing but weight.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A valid proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not shaped like `YYYY-MM-DD`.
    #[error("`{0}` is not a date: write it as YYYY-MM-DD")]
    Shape(String),
    /// Shaped right, but no such day (2026-02-30).
    #[error("`{0}` is not a valid date: {1}")]
    NoSuchDay(String, &'static str),
}

impl Date {
    /// A date from its parts, if the day exists.
    #[must_use]
    pub(crate) fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    /// The year.
    #[must_use]
    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub(crate) fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    #[must_use]
    pub(crate) fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub(crate) fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Today, in UTC, from the system clock. Only commands that write new notes use it:
    /// builds never depend on the clock.
    #[must_use]
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The date `days` later.
    #[must_use]
    pub fn plus_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    #[must_use]
    pub(crate) fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// A long form for people: "23 September 2026".
    #[must_use]
    pub(crate) fn long(self) -> String {
        const MONTHS: [&str; 12] = [
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
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `s` has the shape `NNNN-NN-NN`, valid day or not.
#[must_use]
pub(crate) fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if !looks_like_date(s) {
            return Err(DateError::Shape(s.to_owned()));
        }
        let year: i32 = s[0..4]
            .parse()
            .map_err(|_| DateError::Shape(s.to_owned()))?;
        let month: u8 = s[5..7]
            .parse()
            .map_err(|_| DateError::Shape(s.to_owned()))?;
        let day: u8 = s[8..10]
            .parse()
            .map_err(|_| DateError::Shape(s.to_owned()))?;
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchDay(
                s.to_owned(),
                "the month must be 01 to 12",
            ));
        }
        Date::new(year, month, day).ok_or(DateError::NoSuchDay(
            s.to_owned(),
            "that month has no such day",
        ))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written by hand for the years of four digits: a build writes a date on nearly
        // every line of its pages, and `write!` with padding costs more than the page's
        // template does for it (issue 17).
        if let Ok(year) = u16::try_from(self.year)
            && year <= 9999
        {
            let digit = |n: u16| b'0' + u8::try_from(n % 10).unwrap_or(0);
            let b = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(u16::from(self.month) / 10),
                digit(u16::from(self.month)),
                b'-',
                digit(u16::from(self.day) / 10),
                digit(u16::from(self.day)),
            ];
            return f.write_str(std::str::from_utf8(&b).unwrap_or_default());
        }
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_padded_iso() {
        for days in (-800_000..3_000_000).step_by(997) {
            let d = Date::from_days_since_epoch(days);
            let expected = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            assert_eq!(d.to_string(), expected);
        }
        for (y, m, d) in [
            (0, 1, 1),
            (9999, 12, 31),
            (-1, 3, 4),
            (10_000, 1, 1),
            (7, 10, 9),
        ] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2026-09-23".parse::<Date>().unwrap().to_string(),
            "2026-09-23"
        );
        assert!(matches!(
            "2026-02-30".parse::<Date>(),
            Err(DateError::NoSuchDay(..))
        ));
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!(matches!(
            "23.09.2026".parse::<Date>(),
            Err(DateError::Shape(_))
        ));
    }

    #[test]
    fn days_round_trip() {
        for days in [-1000, 0, 59, 60, 365, 10_957, 20_000, 30_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(
            "2026-02-27"
                .parse::<Date>()
                .unwrap()
                .plus_days(2)
                .to_string(),
            "2026-03-01"
        );
    }

    #[test]
    fn counts_days() {
        let a: Date = "2026-02-27".parse().unwrap();
        let b: Date = "2026-03-01".parse().unwrap();
        assert_eq!(a.days_until(b), 2);
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days_since_epoch(), 0);
    }
}
