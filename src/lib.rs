#![deny(missing_docs)]
//! # phuluc
//!
//! Reads the budget appendices (phụ lục) of Vietnamese commune plans as they
//! really are, finds every arithmetic and structural mistake with its cell,
//! and explains it.
//!
//! Data flows one way:
//! [`read`] (calamine / CSV → sheets of cells) →
//! [`detect`] (header, column roles, unit) →
//! [`model`] (tables of items with STT, level, parent, amounts) →
//! [`check`] (rules producing findings) →
//! [`report`] (text and JSON).
//!
//! ```
//! let outcome = phuluc::analyse(std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx"), &Default::default())?;
//! for finding in &outcome.findings {
//!     println!("{} {}", finding.cell, finding.code);
//! }
//! // Phụ lục III prints 5.624 where its rows add up to 13.923.
//! assert!(outcome.findings.iter().any(|f| f.cell == "E62" && f.expected.as_deref() == Some("13923")));
//! # Ok::<(), phuluc::Error>(())
//! ```

pub mod a1;
pub mod check;
pub mod detect;
pub mod error;
pub mod fix;
pub mod lang;
pub mod legacy;
pub mod model;
pub mod number;
pub mod rates;
pub mod read;
pub mod reconcile;
pub mod report;
pub mod sample;
pub mod serve;
pub mod stt;
pub mod template;
pub mod text;
pub mod unit;
pub mod words;
pub mod write;

pub use check::{Finding, Location, Severity};
pub use error::{CsvProblem, Error, Limit, NotRead, NotWritten, Problem, Skipped, Worded};
pub use model::{Appendix, Table};
pub use write::csv::{export, import};

use std::path::Path;

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this sheet.
    pub sheet: Option<String>,
    /// The most cells a sheet may hold (default
    /// [`read::DEFAULT_MAX_CELLS`]); a larger sheet is refused before its
    /// memory is spent.
    pub max_cells: Option<usize>,
    /// The most sheets a workbook may hold (default
    /// [`read::DEFAULT_MAX_SHEETS`]).
    pub max_sheets: Option<usize>,
    /// The rates an estimate is checked against (default
    /// [`rates::Rates::builtin`]).
    pub rates: Option<rates::Rates>,
    /// The date an estimate is judged on, instead of the one it states.
    pub date: Option<rates::Date>,
    /// The approved ceiling of an estimate, in đồng (else a "Tổng mức đầu
    /// tư" row of the workbook, if any).
    pub ceiling: Option<rust_decimal::Decimal>,
}

/// A file read, modelled and checked.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What phuluc understood.
    pub appendix: Appendix,
    /// What is wrong (and what was confirmed), in sheet and row order.
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Reads a file and models its tables without checking them.
pub fn read_appendix(path: &Path, options: &Options) -> Result<Appendix, Error> {
    analyse_with(path, options, false).map(|o| o.appendix)
}

/// Reads a file, models its tables and checks them.
///
/// ```
/// let outcome = phuluc::analyse("workbooks/ha-long-phu-luc-2-sua.xlsx".as_ref(), &Default::default())?;
/// assert_eq!(outcome.appendix.tables.len(), 1);
/// assert!(!outcome.has_errors());
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn analyse(path: &Path, options: &Options) -> Result<Outcome, Error> {
    analyse_with(path, options, true)
}

/// [`analyse`], with a guard: should phuluc itself fail on this file (a
/// bug), the file gets an [`Problem::Internal`] error and the caller goes on
/// with the next one. A file in which no table is found is
/// [`Problem::NoTable`]: "nothing to check" is never "all clear".
pub fn analyse_guarded(path: &Path, options: &Options) -> Result<Outcome, Error> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(path, options)))
        .unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Err(Error::new(path, Problem::Internal(what)))
        })?;
    if outcome.appendix.tables.is_empty() {
        return Err(Error::new(path, Problem::NoTable));
    }
    Ok(outcome)
}

/// [`analyse`] of a file already in memory: an upload, or a workbook
/// phuluc has built and checks before saving it. `name` names it in
/// findings and errors.
///
/// ```
/// let bytes = b"STT,N\xe1\xbb\x99i dung,Kinh ph\xc3\xad\n1,A,40\n2,B,60\n,T\xe1\xbb\x95ng c\xe1\xbb\x99ng,100\n".to_vec();
/// let outcome = phuluc::analyse_bytes("upload.csv".as_ref(), bytes, &Default::default())?;
/// assert_eq!(outcome.appendix.tables[0].items.len(), 2);
/// assert_eq!(outcome.appendix.tables[0].totals.len(), 1);
/// assert!(!outcome.has_errors());
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn analyse_bytes(name: &Path, bytes: Vec<u8>, options: &Options) -> Result<Outcome, Error> {
    let limit = options.max_cells.unwrap_or(read::DEFAULT_MAX_CELLS);
    analyse_source(
        read::Source::from_bytes_limited(name, bytes, limit)?,
        options,
        true,
    )
}

fn analyse_with(path: &Path, options: &Options, run_checks: bool) -> Result<Outcome, Error> {
    let limit = options.max_cells.unwrap_or(read::DEFAULT_MAX_CELLS);
    analyse_source(
        read::Source::open_limited(path, limit)?,
        options,
        run_checks,
    )
}

fn analyse_source(
    mut source: read::Source,
    options: &Options,
    run_checks: bool,
) -> Result<Outcome, Error> {
    let path = source.path().to_path_buf();
    let path = path.as_path();
    if let Some(limit) = options.max_cells {
        source.set_max_cells(limit);
    }
    let max_sheets = options.max_sheets.unwrap_or(read::DEFAULT_MAX_SHEETS);
    if source.sheet_names().len() > max_sheets {
        return Err(Error::new(
            path,
            Problem::TooLarge(Limit::Sheets {
                sheets: source.sheet_names().len(),
                limit: max_sheets,
            }),
        ));
    }
    let names: Vec<String> = match &options.sheet {
        Some(s) => {
            if !source.sheet_names().iter().any(|n| n == s) {
                return Err(Error::new(path, Problem::NoSuchSheet(s.clone())));
            }
            vec![s.clone()]
        }
        None => source.sheet_names().to_vec(),
    };
    let mut appendix = Appendix {
        path: path.display().to_string(),
        format: source.format(),
        tables: Vec::new(),
        sheets_without_table: Vec::new(),
        unchecked_sheets: Vec::new(),
    };
    let mut findings = Vec::new();
    // Sheets whose text was converted from a legacy encoding.
    let mut converted: Vec<String> = Vec::new();
    for (n, name) in names.iter().enumerate() {
        // One sheet at a time: its grid is dropped before the next is read.
        let mut sheet = source.sheet(name)?;
        let before = appendix.tables.len();
        if let (true, Some(note)) = (run_checks, &sheet.legacy) {
            findings.push(Finding::legacy_text(name, note));
            converted.push(name.clone());
        }
        // Formulas saved without their results are computed, as Excel
        // would on opening the file, and said.
        if sheet.uncached_formulas {
            let formulas = source.formulas(name);
            if let Some(done) = check::formula::fill_missing_values(&mut sheet, &formulas) {
                if run_checks {
                    findings.push(Finding::formula_no_value(name, &done));
                }
            }
        }
        // Nothing more to read from the file: its bytes are let go before
        // the last sheet's tables are built (a formula a finding needs is
        // then read from the file again, if it can be).
        if n + 1 == names.len() && (source.can_reopen() || !sheet.has_formulas) {
            source.close();
        }
        let mut start = 0u32;
        let mut sheet_unit: Option<detect::UnitSource> = None;
        // The sheet's unit lines, read before any row is let go: a table
        // may read down to the next one's unit line.
        let unit_lines = unit_lines(&sheet);
        let mut built: Vec<model::Table> = Vec::new();
        while let Some(mut layout) = detect::find_layout(&sheet, start) {
            // A unit line stated once above several tables holds for all.
            match &layout.unit {
                Some(u) if u.row < layout.header_rows[0] => sheet_unit = Some(u.clone()),
                Some(_) => {}
                // Its own unit line, right above its header, comes first:
                // the table above may have read to it (its rows end where
                // this header starts), and a triệu table under a nghìn one
                // is not in nghìn.
                None => {
                    layout.unit = unit_lines
                        .iter()
                        .rev()
                        .find(|u| {
                            u.row < layout.header_rows[0]
                                && u.row + UNIT_LINE_ABOVE >= layout.header_rows[0]
                        })
                        .cloned()
                        .or_else(|| sheet_unit.clone())
                }
            }
            let (table, end) = model::build_table_releasing(&mut sheet, &layout);
            // Lines under the previous table that are this one's title
            // are not its closing lines.
            if let Some(prev) = built.last_mut() {
                let last = prev.bounds.2;
                let cut = prev.closing.iter().position(|l| {
                    last + l.below >= table.bounds.0 || table.title.contains(&l.text)
                });
                if let Some(cut) = cut {
                    prev.closing.truncate(cut);
                }
            }
            built.push(table);
            if end == u32::MAX {
                break;
            }
            start = end + 1;
        }
        // The sheet's cells are let go before its tables are checked: a
        // million-row sheet and the checks' working memory are never held
        // together.
        let holds_numbers = built.is_empty()
            && sheet.bounds().is_some_and(|((r0, c0), (r1, c1))| {
                (r0..=r1).any(|r| {
                    sheet.row_cells(r, c0, c1).any(|(_, d)| {
                        matches!(d, read::CellValue::Float(_) | read::CellValue::Int(_))
                    })
                })
            });
        drop(sheet);
        for mut table in built {
            if run_checks {
                table.coverage = Some(check::coverage(&table));
                let text_is_normal = source.format() == read::Format::Csv;
                let mut formulas = || source.formulas(name);
                let mut found = check::run_with(&table, &mut formulas, text_is_normal);
                // Parsed once per run, not once per table: a country's
                // 16,000 workbooks each have one.
                static BUILTIN: std::sync::OnceLock<rates::Rates> = std::sync::OnceLock::new();
                let rates = match &options.rates {
                    Some(r) => r,
                    None => BUILTIN.get_or_init(rates::Rates::builtin),
                };
                found.extend(check::vat_rate::check(&table, rates, options.date));
                fix::suggest(&table, &mut found);
                findings.extend(found);
            }
            appendix.tables.push(table);
        }
        if appendix.tables.len() == before {
            appendix.sheets_without_table.push(name.clone());
            if holds_numbers {
                appendix.unchecked_sheets.push(name.clone());
            }
        }
    }
    if run_checks {
        findings.extend(check::ceiling::check(&appendix.tables, options.ceiling));
        findings.extend(check::check_estimate_summary(&appendix.tables));
        check::fold_copies(&appendix.tables, &converted, &mut findings);
    }
    let file = path.display().to_string();
    for f in &mut findings {
        f.file.clone_from(&file);
    }
    Ok(Outcome { appendix, findings })
}

/// How far above a table's header its own unit line may sit.
const UNIT_LINE_ABOVE: u32 = 3;

/// Every unit line of a sheet ("Đơn vị tính: triệu đồng", "ĐVT: nghìn
/// đồng"), top to bottom. The next table's own unit line, right above its
/// header, comes before the one stated once at the top of the sheet: the
/// table above may have read down to it (its rows end where the next
/// header starts), and a triệu table under a nghìn one is not in nghìn.
/// Only rows of one or two cells are read.
fn unit_lines(sheet: &read::Sheet) -> Vec<detect::UnitSource> {
    let Some(((r0, c0), (r1, c1))) = sheet.bounds() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in r0..=r1 {
        // A unit line stands alone on its row (or beside a title): an
        // item's row, of many cells, is passed over without reading them.
        let mut texts = sheet
            .row_cells(r, c0, c1)
            .filter(|(_, v)| !matches!(v, read::CellValue::Empty));
        let (Some(first), second, None) = (texts.next(), texts.next(), texts.next()) else {
            continue;
        };
        for (c, v) in std::iter::once(first).chain(second) {
            let read::CellValue::String(s) = v else {
                continue;
            };
            if s.len() >= 120 {
                continue;
            }
            if let Some((unit, text)) = unit::unit_statement(s) {
                out.push(detect::UnitSource {
                    unit,
                    text,
                    row: r,
                    col: c,
                });
            }
        }
    }
    out
}
