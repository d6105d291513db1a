//! `phuluc show FILE [--format text|json] [--sheet NAME]`
//!
//! Prints what phuluc understood of a file: each table's sheet and range,
//! header rows, the role of every column, the unit, and the item tree (STT,
//! level, content, amounts as read, source cell). When a finding looks wrong,
//! `show` tells why phuluc saw it so. The JSON is the model that `export` and
//! `format` build on.

use super::{print, OutputFormat};
use std::path::PathBuf;

/// Arguments of `phuluc show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A workbook or CSV file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Only this sheet.
    #[arg(long)]
    pub sheet: Option<String>,
}

/// Runs `phuluc show`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let options = phuluc::Options {
        sheet: args.sheet,
        ..Default::default()
    };
    match phuluc::read_appendix(&args.file, &options) {
        Ok(a) => {
            match args.format {
                OutputFormat::Text => print(&phuluc::report::show_text(&a)),
                OutputFormat::Json => print(&phuluc::report::show_json(&a)),
            }
            0
        }
        Err(e) => {
            eprintln!("phuluc: {}", e.message(lang));
            2
        }
    }
}
