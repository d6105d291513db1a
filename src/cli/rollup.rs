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

use phuluc::reconcile::names::Aliases;
use phuluc::reconcile::rollup::{rollup, By, RollupOptions, TotalBudget};
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

/// Units on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UnitArg {
    Dong,
    Nghin,
    Trieu,
    Ty,
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
pub fn run(args: Args, lang: phuluc::report::lang::Lang) -> i32 {
    let fail = |e: phuluc::Error| {
        eprintln!("phuluc: {}", e.message(lang));
        2
    };
    let aliases = match &args.aliases {
        Some(file) => match Aliases::builtin().with_file(file) {
            Ok(a) => a,
            Err(e) => return fail(e),
        },
        None => Aliases::builtin(),
    };
    let found = phuluc::write::find_inputs(&args.inputs);
    let mut code = 0;
    for e in found.empty {
        code = fail(e);
    }
    use rayon::prelude::*;
    let read: Vec<_> = found
        .files
        .par_iter()
        .map(|file| phuluc::read_appendix(file, &Default::default()))
        .collect();
    let mut appendices = Vec::new();
    for result in read {
        match result {
            Ok(a) => appendices.push(a),
            Err(e) => code = fail(e),
        }
    }
    if appendices.is_empty() {
        return 2;
    }
    let total_budget = match args.total_budget.as_deref() {
        None => None,
        Some(cell) if cell.contains('!') => {
            let Some(first) = found.files.first() else {
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
        unit: args.unit.map(|u| match u {
            UnitArg::Dong => Unit::Dong,
            UnitArg::Nghin => Unit::Nghin,
            UnitArg::Trieu => Unit::Trieu,
            UnitArg::Ty => Unit::Ty,
        }),
        aliases,
    };
    let r = match rollup(&appendices, &options) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let text = match args.format {
        FormatArg::Text => phuluc::report::rollup_text(&r, lang),
        FormatArg::Json => phuluc::report::rollup_json(&r),
        FormatArg::Csv => phuluc::report::rollup_csv(&r),
        FormatArg::Xlsx => {
            let Some(out) = &args.output else {
                eprintln!(
                    "phuluc: {}",
                    super::say(
                        lang,
                        "--format xlsx cần -o TỆP.xlsx",
                        "--format xlsx needs -o FILE.xlsx"
                    )
                );
                return 2;
            };
            let bytes = match phuluc::write::rollup::rollup_workbook(out, &r) {
                Ok(b) => b,
                Err(e) => return fail(e),
            };
            // Read back and checked before it is written: every group a
            // row, every formula's saved value what it computes.
            let expect = phuluc::write::verify::Expectation {
                items: r.groups.len(),
                allow_errors: true,
                ..Default::default()
            };
            if let Err(e) =
                phuluc::write::write_workbook(out, &bytes, args.force, &found.files, &expect)
            {
                eprintln!("phuluc: {}", e.message(lang));
                return if matches!(e.problem, phuluc::Problem::Refused(_)) {
                    1
                } else {
                    2
                };
            }
            String::new()
        }
    };
    match (&args.output, args.format) {
        (_, FormatArg::Xlsx) => {}
        (None, _) => super::print(&text),
        (Some(out), _) => {
            if let Err(e) =
                phuluc::write::write_output(out, text.as_bytes(), args.force, &found.files)
            {
                return fail(e);
            }
        }
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
