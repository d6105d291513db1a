//! `phuluc check FILE|FOLDER... [--format text|json|jsonl] [--quiet] [--sheet NAME] [--max-cells N]
//!  [--max-sheets N] [--rates FILE] [--date YYYY-MM-DD] [--ceiling AMOUNT]
//!  [--annotate REVIEW.xlsx] [--report REPORT.xlsx|csv|json]
//!  [--force] [--lang vi|en]`
//!
//! Checks every table of every file: parent rows against their children,
//! total rows against the items, period totals against the years, Thành tiền
//! against Số lượng × Đơn giá, numbers typed as text or malformed, numbering,
//! units. Folders are read with their subfolders, their files on every
//! core, reported in path order. `--report` also writes the province's
//! report: a line per file (province and commune folders, the commune the
//! title names, appendices, the columns its totals were taken from — also
//! said beside the file in the text —, total per year, errors, status), every finding
//! with a link to its cell, and the yearly totals per commune. Exit status: 0 no error, 1 errors found, 2
//! a file was unreadable, held no table, or no input was found.

use phuluc::report::{check_text, FileResult};
use std::path::PathBuf;

/// Report formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Jsonl,
}

/// Arguments of `phuluc check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks (.xlsx .xlsm .xls .xlsb .ods), CSV files, or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Report format: text, json (one document), jsonl (one line per file).
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// No progress bar, even on a terminal.
    #[arg(long, short)]
    pub quiet: bool,
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
    /// Also write one report of every file: a summary line per file, the
    /// findings, the yearly totals per commune (.xlsx: three sheets; .csv:
    /// REPORT.csv with REPORT-phat-hien.csv and REPORT-theo-xa.csv; .json).
    #[arg(long, value_name = "REPORT.xlsx|csv|json")]
    pub report: Option<PathBuf>,
    /// Replace an existing review copy or report.
    #[arg(long)]
    pub force: bool,
}

fn parse_date(s: &str) -> Result<phuluc::rates::Date, String> {
    phuluc::rates::Date::parse(s).ok_or_else(|| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

/// Runs `phuluc check`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
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
    // A report phuluc wrote before is never an input (by its marker); the
    // report is never written over an input (by device and inode).
    let found = phuluc::write::find_inputs(&args.files);
    for e in &found.skipped {
        eprintln!("phuluc: {}", e.message(lang));
    }
    let phuluc::write::Inputs {
        files,
        empty,
        unread,
        ..
    } = found;
    // Files are checked on every core, a chunk at a time, and reported in
    // their order as each chunk is done: memory does not grow with the
    // number of files.
    let progress = progress_bar(files.len(), args.quiet, lang);
    let mut out = std::io::stdout().lock();
    let mut written = 0usize;
    let mut any_error = false;
    let mut unreadable = false;
    // The single file's outcome, kept for --annotate.
    let mut only: Option<phuluc::Outcome> = None;
    let single = files.len() == 1;
    if args.report.as_deref().is_some_and(phuluc::write::is_stdout) {
        eprintln!(
            "phuluc: {}",
            super::say(
                lang,
                "--report -: đầu ra chuẩn đã dành cho kết quả kiểm tra; cho --report một tên tệp .xlsx, .csv hoặc .json",
                "--report -: standard output already carries the check's own report; give --report a .xlsx, .csv or .json file"
            )
        );
        return 2;
    }
    let report_kind = match args.report.as_deref().map(ReportKind::of) {
        Some(None) => {
            eprintln!(
                "phuluc: {}",
                super::say(
                    lang,
                    "--report cần tệp .xlsx, .csv hoặc .json",
                    "--report needs a .xlsx, .csv or .json file"
                )
            );
            return 2;
        }
        Some(Some(kind)) => Some(kind),
        None => None,
    };
    // The report's lines wait in a temporary file in its own folder, not
    // in memory, until it is written.
    let mut report = match (report_kind, &args.report) {
        (Some(_), Some(to)) => {
            let dir = to
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            Some(phuluc::report::province::ProvinceReport::new_in(lang, dir))
        }
        _ => None,
    };
    let mut emit = |out: &mut std::io::StdoutLock, path: String, r: FileResult| {
        use std::io::Write;
        let columns = report
            .as_mut()
            .map(|report| report.add(std::path::Path::new(&path), &args.files, &r))
            .unwrap_or_default();
        let item = (path, r);
        let text = match args.format {
            CheckFormat::Text => with_columns(
                check_text(std::slice::from_ref(&item), lang),
                &columns,
                lang,
            ),
            CheckFormat::Json => {
                phuluc::report::check_json_file(&item.0, &item.1, lang, written == 0)
            }
            CheckFormat::Jsonl => phuluc::report::check_jsonl_file(&item.0, &item.1, lang),
        };
        let r = item.1;
        super::note_stdout(out.write_all(text.as_bytes()));
        written += 1;
        match r {
            Err(e) => {
                eprintln!("phuluc: {}", e.message(lang));
                unreadable = true;
            }
            Ok(o) => {
                any_error |= o.has_errors();
                if single {
                    only = Some(o);
                }
            }
        }
    };
    if args.format == CheckFormat::Json {
        use std::io::Write;
        super::note_stdout(out.write_all(phuluc::report::JSON_START.as_bytes()));
    }
    // Folders without input, and whatever under them could not be read,
    // are reported as files that could not be read: exit status 2.
    for e in empty.into_iter().chain(unread) {
        emit(&mut out, e.path.display().to_string(), Err(e));
    }
    use rayon::prelude::*;
    for chunk in files.chunks(CHUNK) {
        let checked: Vec<(String, FileResult)> = chunk
            .par_iter()
            .map(|p| {
                let r = phuluc::analyse_guarded(p, &options);
                if let Some(bar) = &progress {
                    bar.inc(1);
                    if r.as_ref().is_ok_and(|o| o.has_errors()) {
                        let so_far = bar.message().parse::<usize>().unwrap_or(0);
                        bar.set_message((so_far + 1).to_string());
                    }
                }
                (p.display().to_string(), r)
            })
            .collect();
        for (path, r) in checked {
            emit(&mut out, path, r);
        }
    }
    if args.format == CheckFormat::Json {
        use std::io::Write;
        let end = if written == 0 {
            phuluc::report::JSON_END_EMPTY
        } else {
            phuluc::report::JSON_END
        };
        super::note_stdout(out.write_all(end.as_bytes()));
    }
    {
        use std::io::Write;
        super::note_stdout(out.flush());
    }
    drop(out);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let (Some(report), Some(kind), Some(to)) = (&report, report_kind, &args.report) {
        if let Err(code) = save_province_report(report, kind, to, args.force, &files, lang) {
            return code;
        }
    }
    if let Some(review) = &args.annotate {
        match (files.as_slice(), &only) {
            ([input], Some(outcome)) => {
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
    if unreadable {
        2
    } else if any_error {
        1
    } else {
        0
    }
}

/// The format of a `--report` file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportKind {
    Xlsx,
    Csv,
    Json,
}

impl ReportKind {
    fn of(path: &std::path::Path) -> Option<ReportKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(ReportKind::Xlsx),
            "csv" => Some(ReportKind::Csv),
            "json" => Some(ReportKind::Json),
            _ => None,
        }
    }
}

/// The three files of a CSV report: REPORT.csv, REPORT-phat-hien.csv and
/// REPORT-theo-xa.csv.
fn csv_report_paths(to: &std::path::Path) -> [PathBuf; 3] {
    let beside = |suffix: &str| {
        let stem = to.file_stem().and_then(|s| s.to_str()).unwrap_or("bao-cao");
        to.with_file_name(format!("{stem}-{suffix}.csv"))
    };
    [to.to_path_buf(), beside("phat-hien"), beside("theo-xa")]
}

/// Writes the province report; `Err` is the exit status.
fn save_province_report(
    report: &phuluc::report::province::ProvinceReport,
    kind: ReportKind,
    to: &std::path::Path,
    force: bool,
    inputs: &[PathBuf],
    lang: phuluc::lang::Lang,
) -> Result<(), i32> {
    use phuluc::report::province::CsvTable;
    // JSON and CSV are written into the output as they are made.
    let stream = |to: &std::path::Path,
                  write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
        phuluc::write::write_output_with(to, force, inputs, |out| {
            write(out)
                .map_err(|e| phuluc::Error::caused_by(to, phuluc::Problem::Write(e.to_string()), e))
        })
        .map_err(|e| super::fail(&e, lang))
    };
    match kind {
        ReportKind::Json => stream(to, &|out| report.write_json(out)),
        ReportKind::Csv => {
            let [_, beside_findings, beside_communes] = csv_report_paths(to);
            stream(to, &|out| report.write_csv(CsvTable::Files, out))?;
            stream(&beside_findings, &|out| {
                report.write_csv(CsvTable::Findings, out)
            })?;
            stream(&beside_communes, &|out| {
                report.write_csv(CsvTable::Communes, out)
            })
        }
        // Written a row at a time and checked as it is read back: memory
        // does not grow with the number of files.
        ReportKind::Xlsx => phuluc::write::province::save_report(to, report, force, inputs)
            .map_err(|e| super::write_failed(&e, lang)),
    }
}

/// A file's text with the province report's columns said above its
/// closing line ("  Báo cáo tỉnh: Kinh phí = cột E «Năm 2026», …").
fn with_columns(text: String, columns: &str, lang: phuluc::lang::Lang) -> String {
    if columns.is_empty() {
        return text;
    }
    let line = format!(
        "  {}: {columns}\n",
        super::say(lang, "Báo cáo tỉnh", "Province report")
    );
    match text.rfind("\n  =>") {
        Some(at) => format!("{}{line}{}", &text[..=at], &text[at + 1..]),
        None => text + &line,
    }
}

/// Files checked together on every core before their reports are written.
const CHUNK: usize = 64;

/// A progress bar on a terminal for more than a few files: files done,
/// files with errors so far, time left. None when stderr is not a terminal
/// (piped, redirected) or with --quiet.
fn progress_bar(
    files: usize,
    quiet: bool,
    lang: phuluc::lang::Lang,
) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || files < 4 || !std::io::stderr().is_terminal() {
        return None;
    }
    let template = match lang {
        phuluc::lang::Lang::Vi => "{bar:30} {pos}/{len} tệp · {msg} tệp có lỗi · còn {eta}",
        phuluc::lang::Lang::En => "{bar:30} {pos}/{len} files · {msg} with errors · {eta} left",
    };
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message("0");
    Some(bar)
}
