//! `phuluc diff OLD NEW [--format text|json|xlsx] [-o OUT] [--force]`
//!
//! What changed between two versions of an appendix: items renumbered,
//! added, removed and changed (every amount with both cells), and the
//! total's movement per year. Items are matched by content first, then by
//! numbering, then by most words in common, so a renumbered section or a
//! reworded row is not reported as removed and added. Exit status: 0 the
//! versions say the same, 1 they differ, 2 a file could not be read.

use super::Report;
use std::path::PathBuf;

/// Output formats of a comparison.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Xlsx,
}

/// Arguments of `phuluc diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
}

/// Runs `phuluc diff`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let read = |p: &PathBuf| phuluc::read_appendix(p, &Default::default());
    let (old, new) = match (read(&args.old), read(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for e in [o.err(), n.err()].into_iter().flatten() {
                eprintln!("phuluc: {}", e.message(lang));
            }
            return 2;
        }
    };
    for a in [&old, &new] {
        if a.tables.is_empty() {
            let e = phuluc::Error::new(a.path.as_ref(), phuluc::Problem::NoTable);
            eprintln!("phuluc: {}", e.message(lang));
            return 2;
        }
    }
    let d = phuluc::reconcile::diff::diff(&old, &new);
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let inputs = [args.old.clone(), args.new.clone()];
    let report = match args.format {
        DiffFormat::Text => Report::Text(phuluc::report::diff_text(&d, &old_name, &new_name, lang)),
        DiffFormat::Json => Report::Text(phuluc::report::diff_json(&d)),
        DiffFormat::Xlsx => {
            let name = args.output.as_deref().unwrap_or("-".as_ref());
            match phuluc::write::diff::diff_workbook(name, &d, &old_name, &new_name) {
                // Every saved formula value is what it computes.
                Ok(bytes) => Report::Workbook(
                    bytes,
                    phuluc::write::verify::Expectation {
                        allow_errors: true,
                        ..Default::default()
                    },
                ),
                Err(e) => return super::fail(&e, lang),
            }
        }
    };
    if let Err(code) = super::save_report(args.output.as_deref(), report, args.force, &inputs, lang)
    {
        return code;
    }
    i32::from(!d.is_empty())
}
