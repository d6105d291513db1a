//! `phuluc reconcile INPUT... [--format text|json] [--aliases FILE]
//!  [--annotate REVIEW.xlsx] [--force]`
//!
//! Finds the tables that restate others — a summary per unit or per
//! section beside its detail (in the same workbook or another), a
//! province's summary per commune beside the communes' workbooks — and
//! compares every line, year by year, with what the detail adds up to.
//! Reported as `check` reports: a `summary-mismatch` error names the
//! summary's cell and the detail; a line on one side only is a warning.
//! Exit status: 0 every summary agrees, 1 a summary disagrees or none was
//! found, 2 a file could not be read.

use super::OutputFormat;
use phuluc::report::FileResult;
use std::path::PathBuf;

/// Arguments of `phuluc reconcile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks, CSV files or folders of them: the summaries and their detail.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// More names of the same units (a TOML file like data/aliases.toml).
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    /// Also write a review copy of the summary's workbook: every finding's
    /// cell highlighted with a note, and a sheet "Kiểm tra" listing them
    /// (one summary file only).
    #[arg(long, value_name = "REVIEW.xlsx")]
    pub annotate: Option<PathBuf>,
    /// Replace an existing review copy.
    #[arg(long)]
    pub force: bool,
}

/// Runs `phuluc reconcile`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let fail = |e: &phuluc::Error| super::fail(e, lang);
    let read = match super::read_for_reconcile(&args.inputs, args.aliases.as_deref(), lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (aliases, appendices, mut code) = (read.aliases, read.appendices, read.code);
    let done = phuluc::reconcile::summary::reconcile(&appendices, &aliases);
    if done.matches.is_empty() {
        eprintln!(
            "phuluc: {}",
            super::say(
                lang,
                "không tìm thấy bảng tổng hợp nào khớp với bảng chi tiết (cần ít nhất hai dòng, ba phần năm số dòng, mang tên một đơn vị, mục hay xã của chi tiết)",
                "no summary found that restates a detail (at least two lines, three in five, must name a unit, section or commune of the detail)"
            )
        );
        return code.max(1);
    }
    for m in &done.matches {
        // Which of the summary's columns were compared.
        let column = super::say(lang, "cột", "column");
        let columns: Vec<String> = m
            .columns
            .iter()
            .map(|(c, h)| format!("{column} {c} «{h}»"))
            .collect();
        eprintln!(
            "phuluc: {} {} ↔ {} ({}; {})",
            m.summary.0,
            m.summary.1,
            m.detail,
            m.by.code(),
            columns.join(", ")
        );
    }
    // Reported per summary file, as `check` reports.
    let mut results: Vec<(String, FileResult)> = Vec::new();
    for a in &appendices {
        let findings: Vec<phuluc::Finding> = done
            .findings
            .iter()
            .filter(|f| f.file == a.path)
            .cloned()
            .collect();
        if done.matches.iter().any(|m| m.summary.0 == a.path) {
            results.push((
                a.path.clone(),
                Ok(phuluc::Outcome {
                    appendix: a.clone(),
                    findings,
                }),
            ));
        }
    }
    let text = match args.format {
        OutputFormat::Text => phuluc::report::check_text(&results, lang),
        OutputFormat::Json => phuluc::report::check_json(&results, lang),
    };
    super::print(&text);
    if let Some(review) = &args.annotate {
        let [(path, Ok(outcome))] = results.as_slice() else {
            eprintln!(
                "phuluc: {}",
                super::say(
                    lang,
                    "--annotate cần đúng một tệp tổng hợp",
                    "--annotate needs exactly one summary file"
                )
            );
            return 2;
        };
        let input = PathBuf::from(path);
        let written =
            phuluc::write::annotate::annotate(&input, &outcome.findings, lang).and_then(|bytes| {
                // The summary's errors are marked, not mended; its formulas
                // are copied as they are.
                let expect = phuluc::write::verify::Expectation {
                    allow_errors: true,
                    formulas_copied: true,
                    ..phuluc::write::verify::Expectation::of(&outcome.appendix)
                };
                phuluc::write::write_workbook(review, &bytes, args.force, &read.files, &expect)
            });
        if let Err(e) = written {
            return fail(&e);
        }
    }
    if done
        .findings
        .iter()
        .any(|f| f.severity == phuluc::Severity::Error)
    {
        code = code.max(1);
    }
    code
}
