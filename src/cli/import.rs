//! `phuluc import IN.csv -o OUT.xlsx [--force]`
//!
//! Rebuilds a workbook from a CSV that `phuluc export` wrote (any layout):
//! a sheet per table, a header, the unit line, the commune and appendix in
//! the title, every amount at the cell its `o_nguon` names, and a total row
//! of live SUM formulas saved with their values. Exporting the rebuilt
//! workbook gives the same CSV.

use std::path::PathBuf;

/// Arguments of `phuluc import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A CSV written by `phuluc export`.
    pub input: PathBuf,
    /// The workbook to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
}

/// Runs `phuluc import`.
pub fn run(args: Args) -> i32 {
    let text = match std::fs::read(&args.input) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                eprintln!(
                    "phuluc: {}: not UTF-8; phuluc import reads the CSV phuluc export writes",
                    args.input.display()
                );
                return 2;
            }
        },
        Err(e) => {
            eprintln!("phuluc: {}: cannot open: {e}", args.input.display());
            return 2;
        }
    };
    let bytes = match phuluc::import::import_csv(&text) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("phuluc: {}: {e}", args.input.display());
            return 2;
        }
    };
    // Every line of the CSV comes back as an item or a total, and the
    // workbook checks clean unless the CSV's own figures do not add up.
    let expect = phuluc::write::verify::Expectation {
        allow_errors: true,
        ..Default::default()
    };
    match phuluc::write::write_workbook(
        &args.output,
        &bytes,
        args.force,
        std::slice::from_ref(&args.input),
        &expect,
    ) {
        Ok(_) => 0,
        Err(e) => {
            eprintln!("phuluc: {e}");
            2
        }
    }
}
