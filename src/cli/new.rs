//! `phuluc new KIND -o FILE.xlsx [--commune NAME] [--years 2026-2030]
//!  [--unit trieu|nghin|dong] [--appendix "Phụ lục III"] [--rows N]
//!  [--sections N] [--date DD/MM/YYYY] [--rates FILE] [--split]`
//! `phuluc new --from FILE -o OUT.xlsx`
//!
//! Writes a template an office fills in (`phuluc::template`): totals as
//! formulas over every row a section may take, amount cells that take only
//! numbers ≥ 0, locked formulas, the layout in defined names. `--lang en`
//! writes the header in English. `--from` makes a template of an existing
//! table, its amounts kept. The workbook is read back and checked before it
//! is saved, as every workbook phuluc writes.

use phuluc::rates::{Date, Rates};
use phuluc::template::{Kind, Options};
use std::path::PathBuf;

/// Template kinds on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// A multi-year task budget.
    KeHoach,
    /// A cost estimate: detail and summary sheets.
    DuToan,
    /// A target list.
    ChiTieu,
    /// A task list (no money).
    NhiemVu,
    /// A per-unit summary over detail sheets.
    TongHop,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::KeHoach => Kind::KeHoach,
            KindArg::DuToan => Kind::DuToan,
            KindArg::ChiTieu => Kind::ChiTieu,
            KindArg::NhiemVu => Kind::NhiemVu,
            KindArg::TongHop => Kind::TongHop,
        }
    }
}

/// Arguments of `phuluc new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the template is for.
    #[arg(value_enum, required_unless_present = "from")]
    pub kind: Option<KindArg>,
    /// The workbook to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// A table phuluc reads, made into a template of the same content (amounts kept).
    #[arg(long, conflicts_with = "kind")]
    pub from: Option<PathBuf>,
    /// The commune, e.g. "Xã Đa Kia".
    #[arg(long)]
    pub commune: Option<String>,
    /// The years of the plan, first-last.
    #[arg(long, default_value = "2026-2030", value_parser = parse_years)]
    pub years: (u16, u16),
    /// The money unit (default: dong for du-toan, trieu otherwise).
    #[arg(long, value_enum)]
    pub unit: Option<super::UnitArg>,
    /// The appendix, e.g. "Phụ lục III".
    #[arg(long)]
    pub appendix: Option<String>,
    /// Blank rows each section offers to fill.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rows: u32,
    /// Sections (parts of an estimate, units of a summary).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub sections: u32,
    /// The date of the document, DD/MM/YYYY (default: today): the GTGT rate in force on it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// A rates table instead of the shipped one (rates/rates.toml).
    #[arg(long)]
    pub rates: Option<PathBuf>,
    /// Split an estimate's unit price and amount into materials, labour, machines.
    #[arg(long)]
    pub split: bool,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
}

fn parse_years(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("«{s}»: cần dạng 2026-2030 (years as 2026-2030)");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (a, b): (u16, u16) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if !(1900..=2200).contains(&a) || b < a || b - a > 20 {
        return Err(bad());
    }
    Ok((a, b))
}

fn parse_date(s: &str) -> Result<Date, String> {
    let bad = || format!("«{s}»: cần dạng NN/TT/NNNN, ví dụ 15/03/2026 (a date DD/MM/YYYY)");
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, m, y] = parts[..] else {
        return Err(bad());
    };
    Date::parse(&format!("{y}-{m}-{d}")).ok_or_else(bad)
}

/// Today's date (UTC), from the days since 1970 (the civil calendar).
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date::new(year, month, day)
}

/// Runs `phuluc new`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let rates = match &args.rates {
        Some(file) => match Rates::from_file(file) {
            Ok(r) => r,
            Err(e) => return super::fail(&e, lang),
        },
        None => Rates::builtin(),
    };
    let kind: Option<Kind> = args.kind.map(Kind::from);
    let options = Options {
        commune: args.commune.clone(),
        years: args.years,
        unit: args
            .unit
            .map(Into::into)
            .unwrap_or_else(|| kind.map_or(phuluc::unit::Unit::Trieu, Kind::default_unit)),
        appendix: args.appendix.clone(),
        rows: args.rows,
        sections: args.sections,
        date: args.date.unwrap_or_else(today),
        rates,
        header: lang,
        split: args.split,
    };
    // An estimate's GTGT is the rate in force on its date: a date the rates
    // table does not cover is said, not guessed.
    if kind == Some(Kind::DuToan) && options.rates.vat_on(options.date).is_none() {
        eprintln!(
            "phuluc: {}",
            match lang {
                phuluc::lang::Lang::Vi => format!(
                    "bảng tỷ lệ không có thuế suất GTGT cho ngày {}; chọn --date khác hoặc --rates TỆP (xem docs/RATES.md) — chưa ghi gì",
                    options.date.vietnamese()
                ),
                phuluc::lang::Lang::En => format!(
                    "the rates table has no GTGT rate for {}; give another --date or --rates FILE (see docs/RATES.md) — nothing written",
                    options.date.vietnamese()
                ),
            }
        );
        return 2;
    }
    let (built, inputs) = match (&args.from, kind) {
        (Some(from), _) => (
            phuluc::template::from_file(from, &options, &args.output),
            vec![from.clone()],
        ),
        (None, Some(kind)) => (
            phuluc::template::build(kind, &options, &args.output),
            Vec::new(),
        ),
        (None, None) => {
            eprintln!(
                "phuluc: {}",
                super::say(
                    lang,
                    "cần KIND hoặc --from TỆP",
                    "KIND or --from FILE is needed"
                )
            );
            return 2;
        }
    };
    let (bytes, expect) = match built {
        Ok(b) => b,
        Err(e) => return super::fail(&e, lang),
    };
    match phuluc::write::write_workbook(&args.output, &bytes, args.force, &inputs, &expect) {
        Ok(_) => {
            eprintln!(
                "phuluc: {} {}",
                super::say(lang, "đã ghi", "wrote"),
                args.output.display()
            );
            0
        }
        Err(e) => {
            super::fail(&e, lang);
            if matches!(e.problem, phuluc::Problem::Refused(_)) {
                1
            } else {
                2
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_years_parse_as_offices_write_them() {
        assert_eq!(parse_date("15/03/2026"), Ok(Date::new(2026, 3, 15)));
        assert!(parse_date("2026-03-15").is_err());
        assert!(parse_date("32/01/2026").is_err());
        assert_eq!(parse_years("2026-2030"), Ok((2026, 2030)));
        assert!(parse_years("2030-2026").is_err());
        let t = today();
        assert!(t.year >= 2025 && (1..=12).contains(&t.month));
    }
}
