//! The command line: one file per subcommand, each with its usage at the top
//! and a small `run` that calls the library and prints.

pub mod check;
pub mod diff;
pub mod export;
pub mod format;
pub mod help;
pub mod import;
pub mod reconcile;
pub mod rollup;
pub mod show;
pub mod words;

use clap::{Parser, Subcommand};

/// phuluc — đọc, kiểm tra và xuất các phụ lục dự toán của UBND xã.
///
/// Reads the budget appendices (phụ lục) of Vietnamese commune plans, finds
/// every arithmetic and structural mistake with its cell, and explains it.
#[derive(Debug, Parser)]
#[command(name = "phuluc", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages and help: vi (default) or en; without it, LANG
    /// decides (en… for English).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

/// The language asked for: `--lang`, else `LANG` (English for `en…`,
/// Vietnamese otherwise).
pub fn language(asked: Option<LangArg>) -> phuluc::report::lang::Lang {
    match asked {
        Some(l) => l.into(),
        None => match std::env::var("LANG") {
            Ok(v) if v.to_ascii_lowercase().starts_with("en") => phuluc::report::lang::Lang::En,
            _ => phuluc::report::lang::Lang::Vi,
        },
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check appendices: sums, totals, numbering, units (exit 0 clean, 1 errors, 2 unreadable).
    Check(check::Args),
    /// Show what phuluc understood of a file: tables, header, column roles, unit, item tree.
    Show(show::Args),
    /// Write an amount in Vietnamese words, or read words back (--parse).
    Words(words::Args),
    /// Export appendices to one CSV for provincial submission.
    Export(export::Args),
    /// Rebuild a workbook from a CSV that export wrote.
    Import(import::Args),
    /// Write a clean, formatted appendix with live totals (--fix corrects them).
    Format(format::Args),
    /// Totals per lead unit, partner unit, section, commune or appendix, per year.
    Rollup(rollup::Args),
    /// What changed between two versions: renumbered, added, removed, changed items.
    Diff(diff::Args),
    /// Summaries against their detail: per unit, per section, per commune.
    Reconcile(reconcile::Args),
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let lang = language(cli.lang);
    match cli.command {
        Command::Check(a) => check::run(a, lang),
        Command::Show(a) => show::run(a, lang),
        Command::Words(a) => words::run(a, lang),
        Command::Export(a) => export::run(a, lang),
        Command::Import(a) => import::run(a, lang),
        Command::Format(a) => format::run(a, lang),
        Command::Rollup(a) => rollup::run(a, lang),
        Command::Diff(a) => diff::run(a, lang),
        Command::Reconcile(a) => reconcile::run(a, lang),
    }
}

/// Picks the message of the language: `say(lang, "…", "…")`.
pub fn say(lang: phuluc::report::lang::Lang, vi: &str, en: &str) -> String {
    match lang {
        phuluc::report::lang::Lang::Vi => vi.to_string(),
        phuluc::report::lang::Lang::En => en.to_string(),
    }
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// Message languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for phuluc::report::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => phuluc::report::lang::Lang::Vi,
            LangArg::En => phuluc::report::lang::Lang::En,
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`phuluc check … | head`).
pub fn print(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
