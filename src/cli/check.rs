//! `phuluc check FILE|FOLDER... [--format text|json] [--sheet NAME] [--max-cells N]
//!  [--max-sheets N] [--rates FILE] [--date YYYY-MM-DD] [--ceiling AMOUNT]
//!  [--annotate REVIEW.xlsx]
//!  [--force] [--lang vi|en]`
//!
//! Checks every table of every file: parent rows against their children,
//! total rows against the items, period totals against the years, Thành tiền
//! against Số lượng × Đơn giá, numbers typed as text or malformed, numbering,
//! units. Folders are read with their subfolders, their files on every
//! core, reported in path order. Exit status: 0 no error, 1 errors found, 2
//! a file was unreadable, held no table, or no input was found.

use super::{print, OutputFormat};
use phuluc::report::{check_json, check_text, FileResult};
use std::path::PathBuf;

/// Arguments of `phuluc check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks (.xlsx .xlsm .xls .xlsb .ods), CSV files, or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Only this sheet.
    #[arg(long)]
    pub sheet: Option<String>,
    /// The most cells a sheet may hold (default 10 million): a larger
    /// sheet is refused before its memory is spent.
    #[arg(long, value_name = "N")]
    pub max_cells: Option<usize>,
    /// The most sheets a workbook may hold (default 1,000).
    #[arg(long, value_name = "N")]
    pub max_sheets: Option<usize>,
    /// The rates table estimates are checked against, instead of the one
    /// built in (rates/rates.toml; see docs/RATES.md).
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
    /// The date estimates are judged on (VAT in force), instead of the
    /// date they state.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<phuluc::rates::Date>,
    /// The approved ceiling of an estimate, in đồng: a total above it is
    /// an error (without it, a "Tổng mức đầu tư" row of the workbook).
    #[arg(long, value_name = "AMOUNT")]
    pub ceiling: Option<rust_decimal::Decimal>,
    /// Also write a review copy: every finding's cell highlighted with a
    /// note, and a sheet "Kiểm tra" listing the findings (one input only).
    #[arg(long, value_name = "REVIEW.xlsx")]
    pub annotate: Option<PathBuf>,
    /// Replace an existing review copy.
    #[arg(long)]
    pub force: bool,
}

fn parse_date(s: &str) -> Result<phuluc::rates::Date, String> {
    phuluc::rates::Date::parse(s).ok_or_else(|| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

/// Runs `phuluc check`.
pub fn run(args: Args, lang: phuluc::report::lang::Lang) -> i32 {
    let rates = match args.rates.as_deref().map(phuluc::rates::Rates::from_file) {
        Some(Err(e)) => {
            eprintln!("phuluc: {}", e.message(lang));
            return 2;
        }
        other => other.and_then(Result::ok),
    };
    let options = phuluc::Options {
        sheet: args.sheet.clone(),
        max_cells: args.max_cells,
        max_sheets: args.max_sheets,
        rates,
        date: args.date,
        ceiling: args.ceiling,
    };
    let phuluc::write::Inputs {
        files,
        empty,
        skipped,
        ..
    } = phuluc::write::find_inputs(&args.files);
    for path in &skipped {
        eprintln!(
            "phuluc: {}: {}",
            path.display(),
            super::say(
                lang,
                "ghi chú: tệp CSV do phuluc xuất, bỏ qua (ghi tên tệp để kiểm tra nó)",
                "note: a CSV phuluc exported, skipped (name the file to check it)"
            )
        );
    }
    // Files are checked on every core; the results keep the files' order.
    use rayon::prelude::*;
    let checked: Vec<(String, FileResult)> = files
        .par_iter()
        .map(|p| {
            (
                p.display().to_string(),
                phuluc::analyse_guarded(p, &options),
            )
        })
        .collect();
    let results: Vec<(String, FileResult)> = empty
        .into_iter()
        .map(|e| (e.path.display().to_string(), Err(e)))
        .chain(checked)
        .collect();
    match args.format {
        OutputFormat::Text => print(&check_text(&results, lang)),
        OutputFormat::Json => print(&check_json(&results, lang)),
    }
    for (_, r) in &results {
        if let Err(e) = r {
            eprintln!("phuluc: {}", e.message(lang));
        }
    }
    if let Some(review) = &args.annotate {
        match (files.as_slice(), results.first()) {
            ([input], Some((_, Ok(outcome)))) => {
                let written = phuluc::write::annotate::annotate(input, &outcome.findings, lang)
                    .and_then(|bytes| {
                        // The input's errors are marked, not mended; its
                        // formulas are copied as they are.
                        let expect = phuluc::write::verify::Expectation {
                            allow_errors: true,
                            formulas_copied: true,
                            ..phuluc::write::verify::Expectation::of(&outcome.appendix)
                        };
                        phuluc::write::write_workbook(
                            review,
                            &bytes,
                            args.force,
                            std::slice::from_ref(input),
                            &expect,
                        )
                    });
                if let Err(e) = written {
                    eprintln!("phuluc: {}", e.message(lang));
                    return 2;
                }
            }
            ([_], _) => {}
            _ => {
                eprintln!(
                    "phuluc: {}",
                    super::say(
                        lang,
                        "--annotate nhận đúng một tệp đầu vào",
                        "--annotate takes exactly one input"
                    )
                );
                return 2;
            }
        }
    }
    if results.iter().any(|(_, r)| r.is_err()) {
        2
    } else if results
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|o| o.has_errors()))
    {
        1
    } else {
        0
    }
}
