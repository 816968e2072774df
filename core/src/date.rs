//! The one written form of a date the documents and rule packs use: `YYYY-MM-DD`.
//!
//! Read and written here rather than with chrono's `parse_from_str`/`format`: those interpret a
//! format string at run time, and that machinery was 27 KB of the wasm (BENCHMARKS.md, size).
//! It was also more lenient than the form the documents promise (`2024-1-5`, ` 2024-01-05`,
//! `+2024-01-05` and `2024-01-\t05` all read as dates), so that the shape check needed a
//! length test beside it to refuse them; here exactly one spelling of each date is accepted.

use chrono::{Datelike, NaiveDate};

/// Reads `YYYY-MM-DD`: four digits, two, two, each group separated by `-`, naming a day of the
/// calendar. Nothing else (no sign, space, or shorter group) is read as a date.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Writes a date as `YYYY-MM-DD` (what [`parse_ymd`] reads). A year outside 0–9999, which
/// cannot be read back, is written as chrono writes it (`+12345-01-01`, `-0001-01-01`).
pub fn format_ymd(d: NaiveDate) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if (0..=9999).contains(&y) { format!("{y:04}-{m:02}-{day:02}") } else { format!("{y:+05}-{m:02}-{day:02}") }
}

/// A date in a document (申报日期, the service plan's date), read and written as `YYYY-MM-DD`
/// by [`parse_ymd`] and [`format_ymd`]. A type rather than a `deserialize_with` on the field:
/// the editor reads a document section by section (`model::live`), each section with its
/// type's own `Deserialize`, which for a bare `NaiveDate` would be chrono's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd(pub NaiveDate);

impl serde::Serialize for Ymd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_ymd(self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Ymd {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::one(d).map(Ymd)
    }
}

/// For `#[serde(deserialize_with)]` on the trust lists (and [`Ymd`] in the documents): their dates
/// read by [`parse_ymd`] too (chrono's own `Deserialize` parses with its format machinery, and
/// more leniently).
pub mod de {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de::Error};

    fn read<E: Error>(s: &str) -> Result<NaiveDate, E> {
        super::parse_ymd(s).ok_or_else(|| E::custom(format!("日期“{s}”应为 YYYY-MM-DD")))
    }

    /// A date that must be there.
    pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        read(&String::deserialize(d)?)
    }

    /// A date that may be absent (field missing) or `null`.
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?.map(|s| read(&s)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_written_form_of_every_day() {
        // Every day of a span with leap years, a century non-leap year and the edges of 0–9999.
        let spans = [(NaiveDate::from_ymd_opt(0, 1, 1), 800), (NaiveDate::from_ymd_opt(1896, 1, 1), 365 * 130), (NaiveDate::from_ymd_opt(9998, 1, 1), 730)];
        for (start, days) in spans {
            let mut d = start.unwrap();
            for _ in 0..days {
                let s = format_ymd(d);
                assert_eq!(s, d.format("%Y-%m-%d").to_string(), "written as chrono writes it");
                assert_eq!(parse_ymd(&s), Some(d), "{s}");
                assert_eq!(NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), Some(d), "{s} reads the same as before");
                d = d.succ_opt().unwrap();
            }
        }
        assert_eq!(format_ymd(NaiveDate::from_ymd_opt(12345, 1, 1).unwrap()), "+12345-01-01");
        assert_eq!(format_ymd(NaiveDate::from_ymd_opt(-1, 12, 31).unwrap()), "-0001-12-31");
    }

    #[test]
    fn refuses_every_other_spelling() {
        for s in [
            "",
            "2024-1-5",
            "2024-01-5",
            " 2024-01-05",
            "2024-01-05 ",
            "+2024-01-05",
            "-024-01-05",
            "2024- 1-05",
            "2024-01-\t5",
            "\u{3000}2024-01-05",
            "2024/01/05",
            "20240105",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
            "２０２４-01-05",
            "2024-01-05T00:00:00Z",
            "12345-01-01",
            "2024-0a-05",
        ] {
            assert_eq!(parse_ymd(s), None, "{s:?}");
        }
        assert_eq!(parse_ymd("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_ymd("0000-01-01"), NaiveDate::from_ymd_opt(0, 1, 1));
    }
}
