//! `phuluc diff OLD NEW [--format text|json] [-o OUT] [--force]`
//!
//! What changed between two versions of an appendix: items renumbered,
//! added, removed and changed (every amount with both cells), and the
//! total's movement per year. Items are matched by content first, then by
//! numbering, then by most words in common, so a renumbered section or a
//! reworded row is not reported as removed and added. Exit status: 0 the
//! versions say the same, 1 they differ, 2 a file could not be read.

use super::OutputFormat;
use std::path::PathBuf;

/// Arguments of `phuluc diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
}

/// Runs `phuluc diff`.
pub fn run(args: Args, lang: phuluc::report::lang::Lang) -> i32 {
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
    let text = match args.format {
        OutputFormat::Text => phuluc::report::diff_text(
            &d,
            &args.old.display().to_string(),
            &args.new.display().to_string(),
            lang,
        ),
        OutputFormat::Json => phuluc::report::diff_json(&d),
    };
    match &args.output {
        None => super::print(&text),
        Some(out) => {
            let inputs = [args.old.clone(), args.new.clone()];
            if let Err(e) = phuluc::write::write_output(out, text.as_bytes(), args.force, &inputs) {
                eprintln!("phuluc: {}", e.message(lang));
                return 2;
            }
        }
    }
    i32::from(!d.is_empty())
}
