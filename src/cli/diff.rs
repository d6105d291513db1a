//! `phuluc diff OLD NEW [--format text|json|xlsx] [-o OUT] [--force]`
//!
//! What changed between two versions of an appendix: items renumbered,
//! added, removed and changed (every amount with both cells), and the
//! total's movement per year. Items are matched by content first, then by
//! numbering, then by most words in common, so a renumbered section or a
//! reworded row is not reported as removed and added. Exit status: 0 the
//! versions say the same, 1 they differ, 2 a file could not be read.

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
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let inputs = [args.old.clone(), args.new.clone()];
    let text = match args.format {
        DiffFormat::Text => phuluc::report::diff_text(&d, &old_name, &new_name, lang),
        DiffFormat::Json => phuluc::report::diff_json(&d),
        DiffFormat::Xlsx => {
            let Some(out) = &args.output else {
                eprintln!(
                    "phuluc: {}",
                    super::say(
                        lang,
                        "--format xlsx cần -o TỆP.xlsx",
                        "--format xlsx needs -o FILE.xlsx"
                    )
                );
                return 2;
            };
            let bytes = match phuluc::write::diff::diff_workbook(out, &d, &old_name, &new_name) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("phuluc: {}", e.message(lang));
                    return 2;
                }
            };
            // Read back and checked before it is written: every saved
            // formula value is what it computes.
            let expect = phuluc::write::verify::Expectation {
                allow_errors: true,
                ..Default::default()
            };
            if let Err(e) = phuluc::write::write_workbook(out, &bytes, args.force, &inputs, &expect)
            {
                eprintln!("phuluc: {}", e.message(lang));
                return if matches!(e.problem, phuluc::Problem::Refused(_)) {
                    1
                } else {
                    2
                };
            }
            String::new()
        }
    };
    match (&args.output, args.format) {
        (_, DiffFormat::Xlsx) => {}
        (None, _) => super::print(&text),
        (Some(out), _) => {
            if let Err(e) = phuluc::write::write_output(out, text.as_bytes(), args.force, &inputs) {
                eprintln!("phuluc: {}", e.message(lang));
                return 2;
            }
        }
    }
    i32::from(!d.is_empty())
}
