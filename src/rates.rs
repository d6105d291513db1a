//! The rates a reviewer checks a cost estimate against, as data: the
//! table in `rates/rates.toml` (built in), or another file of the same
//! shape (`--rates FILE`). See docs/RATES.md.
//!
//! ```
//! use phuluc::rates::{Date, Rates};
//! let rates = Rates::builtin();
//! // Most goods and services: 8 % from 1 July 2025 to 31 December 2026.
//! let rule = rates.vat_on(Date::new(2026, 3, 15)).unwrap();
//! assert_eq!(rule.rate, rust_decimal::Decimal::from(8));
//! assert_eq!(rates.vat_on(Date::new(2027, 1, 1)).unwrap().rate, rust_decimal::Decimal::from(10));
//! ```

use crate::error::{Error, Problem};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::Path;

/// A calendar date (no time zone: the date written on a document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–31.
    pub day: u8,
}

impl Date {
    /// A date. Out-of-range parts are kept as given; [`Date::parse`]
    /// refuses them.
    pub const fn new(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// "2026-03-15" (as in the rates file and `--date`).
    ///
    /// ```
    /// use phuluc::rates::Date;
    /// assert_eq!(Date::parse("2026-03-15"), Some(Date::new(2026, 3, 15)));
    /// assert_eq!(Date::parse("2026-13-01"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let year: u16 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::checked(year, month, day)
    }

    /// The date if it is one (1900–2200).
    pub(crate) fn checked(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1900..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// "15/03/2026", as Vietnamese documents write dates.
    pub fn vietnamese(self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A rate of value added tax and when it is in force.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VatRule {
    /// The rate, in percent.
    pub rate: Decimal,
    /// The first day it is in force.
    pub from: Date,
    /// The last day, if it ends.
    pub to: Option<Date>,
    /// What it applies to.
    pub applies_to: String,
    /// The law that sets it.
    pub source: String,
}

/// The rates file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    /// When the table was last checked against the law.
    pub version: String,
    /// The VAT rules.
    pub vat: Vec<VatRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    #[serde(default)]
    vat: Vec<VatEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VatEntry {
    rate: String,
    from: String,
    to: Option<String>,
    applies_to: String,
    source: String,
}

const BUILTIN: &str = include_str!("../rates/rates.toml");

impl Rates {
    /// The table shipped in `rates/rates.toml`.
    pub fn builtin() -> Rates {
        // Tested below: the shipped file always parses.
        Rates::parse(BUILTIN).unwrap_or(Rates {
            version: String::new(),
            vat: Vec::new(),
        })
    }

    /// Reads a rates file; an unreadable or malformed one is an error that
    /// names the file and what is wrong.
    pub fn from_file(path: &Path) -> Result<Rates, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::caused_by(path, Problem::Open(e.to_string()), e))?;
        Rates::parse(&text).map_err(|why| Error::new(path, Problem::BadRates(why)))
    }

    fn parse(text: &str) -> Result<Rates, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let date =
            |s: &str| Date::parse(s).ok_or_else(|| format!("'{s}' is not a date (YYYY-MM-DD)"));
        let vat = file
            .vat
            .into_iter()
            .map(|v| {
                let rate = Decimal::from_str_exact(v.rate.trim())
                    .map_err(|_| format!("'{}' is not a rate in percent", v.rate))?;
                Ok(VatRule {
                    rate,
                    from: date(&v.from)?,
                    to: v.to.as_deref().map(date).transpose()?,
                    applies_to: v.applies_to,
                    source: v.source,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Rates {
            version: file.version,
            vat,
        })
    }

    /// The VAT rule in force on `date` for most goods and services: of the
    /// rules covering it, the one that starts latest (a reduction over the
    /// standard rate).
    pub fn vat_on(&self, date: Date) -> Option<&VatRule> {
        self.vat
            .iter()
            .filter(|r| r.from <= date && r.to.is_none_or(|to| date <= to))
            .max_by_key(|r| r.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses() {
        let rates = Rates::parse(BUILTIN).unwrap();
        assert_eq!(rates.vat.len(), 2);
        assert!(rates.vat.iter().all(|r| !r.source.is_empty()));
        assert_eq!(
            rates.vat_on(Date::new(2025, 7, 1)).unwrap().rate,
            Decimal::from(8)
        );
        assert_eq!(
            rates.vat_on(Date::new(2026, 12, 31)).unwrap().rate,
            Decimal::from(8)
        );
        assert_eq!(
            rates.vat_on(Date::new(2027, 1, 1)).unwrap().rate,
            Decimal::from(10)
        );
        // Before the table: no rule, nothing said.
        assert!(rates.vat_on(Date::new(2020, 1, 1)).is_none());
    }

    #[test]
    fn a_malformed_file_says_what_is_wrong() {
        let e = Rates::parse("version = \"x\"\n[[vat]]\nrate = \"8\"\nfrom = \"2025-13-01\"\napplies_to = \"\"\nsource = \"\"\n").unwrap_err();
        assert!(e.contains("2025-13-01"), "{e}");
        let e = Rates::parse("version = 1").unwrap_err();
        assert!(!e.is_empty());
    }
}
