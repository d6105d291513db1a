//! `phuluc check FILE... [--format text|json] [--sheet NAME] [--lang vi|en]`
//!
//! Checks every table of every file: parent rows against their children,
//! total rows against the items, period totals against the years, Thành tiền
//! against Số lượng × Đơn giá, numbers typed as text or malformed, numbering,
//! units. Exit status: 0 no error, 1 errors found, 2 a file was unreadable.

use super::{print, LangArg, OutputFormat};
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
    /// Language of messages.
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
}

/// Runs `phuluc check`.
pub fn run(args: Args) -> i32 {
    let options = phuluc::Options { sheet: args.sheet.clone() };
    let files = phuluc::write::expand_inputs(&args.files);
    let results: Vec<(String, FileResult)> = files
        .iter()
        .map(|p| (p.display().to_string(), phuluc::analyse(p, &options)))
        .collect();
    let lang = args.lang.into();
    match args.format {
        OutputFormat::Text => print(&check_text(&results, lang)),
        OutputFormat::Json => print(&check_json(&results, lang)),
    }
    for (_, r) in &results {
        if let Err(e) = r {
            eprintln!("phuluc: {e}");
        }
    }
    if results.iter().any(|(_, r)| r.is_err()) {
        2
    } else if results.iter().any(|(_, r)| r.as_ref().is_ok_and(|o| o.has_errors())) {
        1
    } else {
        0
    }
}
