//! `phuluc format INPUT -o OUTPUT.xlsx [--fix] [--force] [--commune NAME]
//!  [--title TEXT] [--appendix NAME] [--signature LINE]...`
//!
//! Writes a clean appendix (docs/FORMAT.md): title block, bordered header
//! with merged groups, bold sections, Vietnamese number formats, live SUM
//! totals saved with their results, A4 landscape, repeated header rows,
//! page numbers, the words line, and everything around the table the input
//! has. An input with arithmetic errors is refused (exit 1, errors listed)
//! unless --fix (the table's fix plan corrects it bottom-up; each changed
//! cell gets a note, and a hidden sheet "Thay đổi" lists them) or --force
//! (written as it is). The workbook is read back and checked before it is
//! saved; one that would fail is not written (exit 1, with the reasons).
//! --force also replaces an existing output.

use phuluc::write::format::{format_workbook, FormatOptions};
use std::path::PathBuf;

/// Arguments of `phuluc format`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A workbook or CSV (a seeds CSV, or any table phuluc reads).
    pub input: PathBuf,
    /// The workbook to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace wrong totals by formulas with the right values; list them in "Thay đổi".
    #[arg(long)]
    pub fix: bool,
    /// Write despite errors that remain; replace an existing output.
    #[arg(long)]
    pub force: bool,
    /// The commune, e.g. "Xã Đa Kia" (default: from the input's title block).
    #[arg(long)]
    pub commune: Option<String>,
    /// The appendix title (default: from the input).
    #[arg(long)]
    pub title: Option<String>,
    /// The appendix, e.g. "Phụ lục III" (default: from the input).
    #[arg(long)]
    pub appendix: Option<String>,
    /// A line of the signature block (repeat: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", the name).
    #[arg(long)]
    pub signature: Vec<String>,
    /// Only this sheet.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Add the words line ("Bằng chữ: …") of the grand total under a table that has none.
    #[arg(long)]
    pub words: bool,
}

/// Runs `phuluc format`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    // A workbook cannot go to standard output: said before any work.
    if phuluc::write::is_stdout(&args.output) {
        let problem = phuluc::Problem::NotWritten(phuluc::NotWritten::Stdout);
        eprintln!(
            "phuluc: {}",
            phuluc::Error::new(&args.output, problem).message(lang)
        );
        return 2;
    }
    let outcome = match phuluc::analyse(
        &args.input,
        &phuluc::Options {
            sheet: args.sheet.clone(),
            ..Default::default()
        },
    ) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("phuluc: {}", e.message(lang));
            return 2;
        }
    };
    if outcome.appendix.tables.is_empty() {
        eprintln!(
            "phuluc: {}: {}",
            args.input.display(),
            super::say(
                lang,
                "không có bảng phụ lục để định dạng",
                "no appendix table to format"
            )
        );
        return 2;
    }
    let options = FormatOptions {
        commune: args.commune,
        title: args.title,
        appendix: args.appendix,
        signature: args.signature,
        fix: args.fix,
        words: args.words,
    };
    let formatted = match format_workbook(&outcome.appendix, &outcome.findings, &options) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("phuluc: {}", e.message(lang));
            return 2;
        }
    };
    let remaining = &formatted.remaining;
    for f in remaining {
        eprintln!(
            "phuluc: {}: '{}'!{} [{}] {}",
            args.input.display(),
            f.sheet,
            f.cell,
            f.code,
            f.message(lang)
        );
    }
    if !remaining.is_empty() && !args.force {
        let what = match (args.fix, lang) {
            (true, phuluc::lang::Lang::En) => "error(s) that --fix cannot correct: nothing written; correct them in the input, or pass --force to write the table as it is",
            (false, phuluc::lang::Lang::En) => "error(s): nothing written; pass --fix to correct totals, or --force to write the table as it is",
            (true, phuluc::lang::Lang::Vi) => "lỗi mà --fix không sửa được: chưa ghi gì; sửa trong tệp gốc, hoặc thêm --force để ghi bảng như hiện có",
            (false, phuluc::lang::Lang::Vi) => "lỗi: chưa ghi gì; thêm --fix để sửa các dòng tổng, hoặc --force để ghi bảng như hiện có",
        };
        eprintln!("phuluc: {} {what}", remaining.len());
        return 1;
    }
    for c in &formatted.changes {
        let (fixed, input) = match lang {
            phuluc::lang::Lang::Vi => ("đã sửa", "trong tệp gốc"),
            phuluc::lang::Lang::En => ("fixed", "in the input"),
        };
        eprintln!(
            "phuluc: {fixed} '{}'!{} ({input} {}): {} → {}",
            c.sheet, c.cell, c.input_cell, c.old, c.new
        );
    }
    // The workbook is read back and checked before it is saved.
    let expect = phuluc::write::verify::Expectation {
        errors_left: formatted.remaining.iter().map(|f| f.code).collect(),
        ..phuluc::write::verify::Expectation::of(&outcome.appendix)
    };
    match phuluc::write::write_workbook(
        &args.output,
        &formatted.bytes,
        args.force,
        std::slice::from_ref(&args.input),
        &expect,
    ) {
        Ok(_) => 0,
        Err(e) => {
            eprintln!("phuluc: {}", e.message(lang));
            if matches!(e.problem, phuluc::Problem::Refused(_)) {
                1
            } else {
                2
            }
        }
    }
}
