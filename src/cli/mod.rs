//! The command line: one file per subcommand, each with its usage at the top
//! and a small `run` that calls the library and prints.

pub mod check;
pub mod diff;
pub mod export;
pub mod format;
pub mod help;
pub mod import;
pub mod new;
pub mod reconcile;
pub mod rollup;
pub mod serve;
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
pub fn language(asked: Option<LangArg>) -> phuluc::lang::Lang {
    match asked {
        Some(l) => l.into(),
        None => match std::env::var("LANG") {
            Ok(v) if v.to_ascii_lowercase().starts_with("en") => phuluc::lang::Lang::En,
            _ => phuluc::lang::Lang::Vi,
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
    /// A local web page: drop workbooks, see findings at their cells, download corrected copies.
    Serve(serve::Args),
    /// A template to fill in: live totals over every row, numbers-only amount cells, locked formulas.
    New(new::Args),
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
        Command::Serve(a) => serve::run(a, lang),
        Command::New(a) => new::run(a, lang),
    }
}

/// Picks the message of the language: `say(lang, "…", "…")`.
pub fn say(lang: phuluc::lang::Lang, vi: &str, en: &str) -> String {
    match lang {
        phuluc::lang::Lang::Vi => vi.to_string(),
        phuluc::lang::Lang::En => en.to_string(),
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

/// Writes to stdout; a failed write is noted for [`stdout_failure`]
/// (a closed pipe, `phuluc check … | head`, is not a failure).
pub fn print(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    note_stdout(out.write_all(s.as_bytes()).and_then(|()| out.flush()));
}

/// The first error writing to standard output, other than a closed pipe.
static STDOUT_ERROR: std::sync::Mutex<Option<std::io::Error>> = std::sync::Mutex::new(None);

/// Notes the result of a write to standard output: the first error other
/// than a closed pipe (EPIPE: the reader stopped, as `head` does) is kept,
/// and the run ends with it ([`stdout_failure`]).
pub fn note_stdout(result: std::io::Result<()>) {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            if let Ok(mut first) = STDOUT_ERROR.lock() {
                first.get_or_insert(e);
            }
        }
        _ => {}
    }
}

/// Flushes standard output and says whether anything written to it was
/// lost (a full disk, `> /dev/full`, an I/O error): the message to print,
/// in the user's language. A run whose output was lost never exits 0.
pub fn stdout_failure(lang: phuluc::lang::Lang) -> Option<String> {
    use std::io::Write;
    note_stdout(std::io::stdout().lock().flush());
    let first = STDOUT_ERROR.lock().ok()?.take()?;
    let problem = phuluc::Problem::Write(first.to_string());
    let e = phuluc::Error::caused_by(
        std::path::Path::new(&say(lang, "đầu ra chuẩn", "standard output")),
        problem,
        first,
    );
    Some(e.message(lang))
}

/// Money units on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UnitArg {
    Dong,
    Nghin,
    Trieu,
    Ty,
}

impl From<UnitArg> for phuluc::unit::Unit {
    fn from(u: UnitArg) -> Self {
        match u {
            UnitArg::Dong => phuluc::unit::Unit::Dong,
            UnitArg::Nghin => phuluc::unit::Unit::Nghin,
            UnitArg::Trieu => phuluc::unit::Unit::Trieu,
            UnitArg::Ty => phuluc::unit::Unit::Ty,
        }
    }
}

/// Prints an error in the user's language; returns exit status 2.
pub fn fail(e: &phuluc::Error, lang: phuluc::lang::Lang) -> i32 {
    eprintln!("phuluc: {}", e.message(lang));
    2
}

/// What `rollup` and `reconcile` read: the alias list (the shipped one
/// extended by `--aliases`), and every file of the inputs, read on every
/// core; an unreadable file is said and the others go on.
pub struct ReadForReconcile {
    /// The alias list.
    pub aliases: phuluc::reconcile::names::Aliases,
    /// The files found.
    pub files: Vec<std::path::PathBuf>,
    /// The files read.
    pub appendices: Vec<phuluc::Appendix>,
    /// 2 when a file could not be read, else 0.
    pub code: i32,
}

/// The alias list: the shipped one, extended by `file`; `Err` is the exit
/// status when the file cannot be read.
pub fn load_aliases(
    file: Option<&std::path::Path>,
    lang: phuluc::lang::Lang,
) -> Result<phuluc::reconcile::names::Aliases, i32> {
    use phuluc::reconcile::names::Aliases;
    match file {
        Some(file) => Aliases::builtin()
            .with_file(file)
            .map_err(|e| fail(&e, lang)),
        None => Ok(Aliases::builtin()),
    }
}

/// The files under `inputs`, each folder in which none was found reported;
/// the exit status so far (2 after such a folder).
pub fn files_of(
    inputs: &[std::path::PathBuf],
    lang: phuluc::lang::Lang,
) -> (Vec<std::path::PathBuf>, i32) {
    let found = phuluc::write::find_inputs(inputs);
    let code = say_found(&found, lang);
    (found.files, code)
}

/// Says what a folder run did not read (folders without input, folders
/// that cannot be read, too deep, links to nothing: exit status 2) and
/// what it left out on purpose (phuluc's own outputs, a folder already
/// read: a note); returns 2 when an input was not read, else 0.
pub fn say_found(found: &phuluc::write::Inputs, lang: phuluc::lang::Lang) -> i32 {
    let mut code = 0;
    for e in &found.skipped {
        eprintln!("phuluc: {}", e.message(lang));
    }
    for e in found.empty.iter().chain(&found.unread) {
        code = fail(e, lang);
    }
    code
}

/// Reads `files` on every core, a chunk at a time, and hands each file's
/// tables to `each` in the files' order: only a chunk is held at once.
/// Returns 2 when a file could not be read (said on stderr), else 0.
pub fn each_appendix(
    files: &[std::path::PathBuf],
    lang: phuluc::lang::Lang,
    mut each: impl FnMut(phuluc::Appendix),
) -> i32 {
    use rayon::prelude::*;
    let mut code = 0;
    for chunk in files.chunks(64) {
        let read: Vec<_> = chunk
            .par_iter()
            .map(|file| phuluc::read_appendix(file, &Default::default()))
            .collect();
        for result in read {
            match result {
                Ok(a) => each(a),
                Err(e) => code = fail(&e, lang),
            }
        }
    }
    code
}

/// Reads the inputs of `reconcile`, which compares them with each other;
/// `Err` is the exit status when the alias file cannot be read.
pub fn read_for_reconcile(
    inputs: &[std::path::PathBuf],
    aliases: Option<&std::path::Path>,
    lang: phuluc::lang::Lang,
) -> Result<ReadForReconcile, i32> {
    let aliases = load_aliases(aliases, lang)?;
    let (files, found) = files_of(inputs, lang);
    let mut appendices = Vec::new();
    let read = each_appendix(&files, lang, |a| appendices.push(a));
    Ok(ReadForReconcile {
        aliases,
        files,
        appendices,
        code: found.max(read),
    })
}

/// Saves a report: a workbook (read back and checked first, as every
/// workbook phuluc writes), or text to `out` or standard output. `Err` is
/// the exit status: 1 when the workbook was refused, 2 when it could not
/// be written.
pub fn save_report(
    out: Option<&std::path::Path>,
    report: Report,
    force: bool,
    inputs: &[std::path::PathBuf],
    lang: phuluc::lang::Lang,
) -> Result<(), i32> {
    let to_stdout = out.is_none_or(phuluc::write::is_stdout);
    let written = match (report, out) {
        (Report::Text(text), _) if to_stdout => {
            print(&text);
            Ok(())
        }
        (Report::Text(text), Some(out)) => {
            phuluc::write::write_output(out, text.as_bytes(), force, inputs)
        }
        (Report::Text(_), None) => Ok(()),
        (Report::Workbook(bytes, expect), Some(out)) => {
            phuluc::write::write_workbook(out, &bytes, force, inputs, &expect).map(|_| ())
        }
        (Report::Workbook(..), None) => {
            eprintln!(
                "phuluc: {}",
                say(
                    lang,
                    "--format xlsx cần -o TỆP.xlsx",
                    "--format xlsx needs -o FILE.xlsx"
                )
            );
            return Err(2);
        }
    };
    written.map_err(|e| write_failed(&e, lang))
}

/// Says why an output was not written; the exit status: 1 when the gate
/// refused what was built, 2 when it could not be written.
pub fn write_failed(e: &phuluc::Error, lang: phuluc::lang::Lang) -> i32 {
    let refused = matches!(e.problem, phuluc::Problem::Refused(_));
    fail(e, lang);
    if refused {
        1
    } else {
        2
    }
}

/// A report to save: text, or a workbook with what its check expects.
pub enum Report {
    /// Text (a table, JSON, CSV).
    Text(String),
    /// Workbook bytes, and what reading them back must find.
    Workbook(Vec<u8>, phuluc::write::verify::Expectation),
}
