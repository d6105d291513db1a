//! The command line: one file per subcommand, each with its usage at the top
//! and a small `run` that calls the library and prints.

pub mod check;
pub mod export;
pub mod format;
pub mod import;
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
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Show(a) => show::run(a),
        Command::Words(a) => words::run(a),
        Command::Export(a) => export::run(a),
        Command::Import(a) => import::run(a),
        Command::Format(a) => format::run(a),
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

impl From<LangArg> for phuluc::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => phuluc::lang::Lang::Vi,
            LangArg::En => phuluc::lang::Lang::En,
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
