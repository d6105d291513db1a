//! `phuluc rollup INPUT... [--by chu-tri|phoi-hop|muc|xa|phu-luc]
//!  [--unit dong|nghin|trieu|ty] [--format text|json|csv|xlsx] [--aliases FILE]
//!  [--total-budget AMOUNT|YEAR=AMOUNT,…|CELL] [--share-target PERCENT]
//!  [-o OUT] [--force]`
//!
//! Totals per group (lead unit, partner unit, section, commune, appendix)
//! per year and for the period, from the leaf items only, then the sum of
//! the groups, the tables' own totals as printed and the difference. INPUT
//! may be files or folders (read with their subfolders, on every core).
//! Exit status: 0 the groups add up to the tables' totals, 1 they do not
//! (or a table has no total to compare with), 2 a file was unreadable (the
//! others are still rolled up) or no money table was found.

use super::{Report, UnitArg};
use phuluc::reconcile::rollup::{By, RollupBuilder, RollupOptions, TotalBudget};
use phuluc::unit::Unit;
use std::path::PathBuf;

/// Arguments of `phuluc rollup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks, CSV files or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// What to group by: lead unit, partner unit, section, commune, appendix.
    #[arg(long, value_enum, default_value = "chu-tri")]
    pub by: ByArg,
    /// Convert amounts to this unit (default: the first table's).
    #[arg(long, value_enum)]
    pub unit: Option<UnitArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// More names of the same units (a TOML file like data/aliases.toml).
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    /// The commune's total budget spending, in the rollup's unit: one
    /// amount for every year, "2026=450000,2027=480000", or a cell of the
    /// first input ("'Tổng hợp'!C5"); the table's share of it is reported
    /// per year against --share-target.
    #[arg(long, value_name = "AMOUNT|YEAR=AMOUNT,…|CELL")]
    pub total_budget: Option<String>,
    /// The share target, in percent (default 3: Resolution 57's target for
    /// science, technology, innovation and digital transformation).
    #[arg(long, value_name = "PERCENT")]
    pub share_target: Option<rust_decimal::Decimal>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
}

/// Groupings on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ByArg {
    ChuTri,
    PhoiHop,
    Muc,
    Xa,
    PhuLuc,
}

/// Output formats of a rollup.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Csv,
    Xlsx,
}

/// Runs `phuluc rollup`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let fail = |e: phuluc::Error| super::fail(&e, lang);
    let aliases = match super::load_aliases(args.aliases.as_deref(), lang) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let (files, mut code) = super::files_of(&args.inputs, lang);
    if files.is_empty() {
        return 2;
    }
    let total_budget = match args.total_budget.as_deref() {
        None => None,
        Some(cell) if cell.contains('!') => {
            let Some(first) = files.first() else {
                return 2;
            };
            match phuluc::read::amount_at(first, cell) {
                Ok(v) => Some(TotalBudget::Each(v)),
                Err(e) => return fail(e),
            }
        }
        Some(text) => match TotalBudget::parse(text) {
            Some(b) => Some(b),
            None => {
                eprintln!(
                    "phuluc: --total-budget {text}: {}",
                    super::say(
                        lang,
                        "không phải số tiền, danh sách «2026=450000,2027=480000» hay một ô («'Tổng hợp'!C5»)",
                        "not an amount, a list like «2026=450000,2027=480000» or a cell («'Tổng hợp'!C5»)"
                    )
                );
                return 2;
            }
        },
    };
    let options = RollupOptions {
        total_budget,
        share_target: args.share_target,
        by: match args.by {
            ByArg::ChuTri => By::Lead,
            ByArg::PhoiHop => By::Partner,
            ByArg::Muc => By::Section,
            ByArg::Xa => By::Commune,
            ByArg::PhuLuc => By::Appendix,
        },
        unit: args.unit.map(Unit::from),
        aliases,
        name_columns: false,
    };
    // Each file is added as it is read and dropped: a country of workbooks
    // is rolled up without holding their tables.
    let mut builder = RollupBuilder::new(&options);
    let mut read_any = false;
    let mut first_error = None;
    code = code.max(super::each_appendix(&files, lang, |appendix| {
        read_any = true;
        if first_error.is_none() {
            first_error = builder.add(&appendix).err();
        }
    }));
    if !read_any {
        return 2;
    }
    if let Some(e) = first_error {
        return fail(e);
    }
    let r = match builder.finish() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let report = match args.format {
        FormatArg::Text => Report::Text(phuluc::report::rollup_text(&r, lang)),
        FormatArg::Json => Report::Text(phuluc::report::rollup_json(&r)),
        FormatArg::Csv => Report::Text(phuluc::report::rollup_csv(&r)),
        FormatArg::Xlsx => {
            let name = args.output.as_deref().unwrap_or("-".as_ref());
            match phuluc::write::rollup::rollup_workbook(name, &r) {
                // Every group a row, every formula's saved value what it
                // computes.
                Ok(bytes) => Report::Workbook(
                    bytes,
                    phuluc::write::verify::Expectation {
                        items: r.groups.len(),
                        allow_errors: true,
                        ..Default::default()
                    },
                ),
                Err(e) => return fail(e),
            }
        }
    };
    if let Err(code) = super::save_report(args.output.as_deref(), report, args.force, &files, lang)
    {
        return code;
    }
    let agrees = r
        .difference
        .as_ref()
        .is_some_and(|d| d.iter().all(|(_, v)| v.is_zero()));
    if code == 0 && !agrees {
        code = 1;
    }
    code
}
