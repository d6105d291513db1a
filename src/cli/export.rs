//! `phuluc export INPUT... -o OUT.csv [--layout long|wide] [--unit dong|nghin|trieu]
//!  [--commune NAME] [--appendix NAME] [--bom] [--decimal .|,] [--force]`
//!
//! Exports appendices to one CSV for provincial submission (schema:
//! docs/csv.md). INPUT may be files or folders (their workbooks and CSV
//! files, sorted by name). An input with arithmetic errors is refused (exit
//! 1, errors listed) unless --force, which exports anyway and lists them on
//! stderr. Text a spreadsheet would run as a formula is neutralised and
//! reported. -o - writes to standard output. --force also replaces an
//! existing OUT; an input is never written over.

use phuluc::export::{export, ExportOptions, ExportStream, Exported, Layout};
use phuluc::unit::Unit;
use phuluc::Severity;
use std::path::PathBuf;

/// Arguments of `phuluc export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks, CSV files or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The CSV to write ("-" for standard output).
    #[arg(short, long)]
    pub output: PathBuf,
    /// long: a row per item and year; wide: a row per item; du-toan: a
    /// cost estimate's lines (code, unit, quantity, price, amount, part).
    #[arg(long, value_enum, default_value = "long")]
    pub layout: LayoutArg,
    /// Convert amounts to this unit.
    #[arg(long, value_enum)]
    pub unit: Option<UnitArg>,
    /// The commune (default: from the title block, "XÃ ĐA KIA").
    #[arg(long)]
    pub commune: Option<String>,
    /// The appendix (default: from the title block, "Phụ lục III").
    #[arg(long)]
    pub appendix: Option<String>,
    /// Start the file with a byte order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// Decimal mark of amounts.
    #[arg(long, default_value = ".", value_parser = ["." , ","])]
    pub decimal: String,
    /// Export despite arithmetic errors; replace an existing output.
    #[arg(long)]
    pub force: bool,
    /// Only this sheet.
    #[arg(long)]
    pub sheet: Option<String>,
    /// The most cells a sheet may hold (default 10 million): a larger
    /// sheet is refused before its memory is spent.
    #[arg(long, value_name = "N")]
    pub max_cells: Option<usize>,
    /// The most sheets a workbook may hold (default 1,000).
    #[arg(long, value_name = "N")]
    pub max_sheets: Option<usize>,
}

/// Layouts on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LayoutArg {
    Long,
    Wide,
    DuToan,
}

/// Units on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UnitArg {
    Dong,
    Nghin,
    Trieu,
}

/// Runs `phuluc export`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let found = phuluc::write::find_inputs(&args.inputs);
    // An export that left out a folder it could not read (or one without
    // any input) would be a province's CSV short of communes: nothing is
    // exported then.
    if super::say_found(&found, lang) != 0 {
        return 2;
    }
    let files = found.files;
    if files.is_empty() {
        eprintln!(
            "phuluc: {} {}",
            super::say(
                lang,
                "không có bảng tính hay tệp CSV nào trong",
                "no workbook or CSV file in"
            ),
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    let options = phuluc::Options {
        sheet: args.sheet.clone(),
        max_cells: args.max_cells,
        max_sheets: args.max_sheets,
        ..Default::default()
    };
    let export_options = ExportOptions {
        layout: match args.layout {
            LayoutArg::Long => Layout::Long,
            LayoutArg::Wide => Layout::Wide,
            LayoutArg::DuToan => Layout::Estimate,
        },
        unit: args.unit.map(|u| match u {
            UnitArg::Dong => Unit::Dong,
            UnitArg::Nghin => Unit::Nghin,
            UnitArg::Trieu => Unit::Trieu,
        }),
        commune: args.commune.clone(),
        appendix: args.appendix.clone(),
        bom: args.bom,
        decimal_comma: args.decimal == ",",
    };
    let named: Vec<(&PathBuf, &String)> = files.iter().zip(&found.names).collect();
    // Reads every file, a chunk at a time on every core, handing each to
    // `add` in order (its findings dropped once its errors are noted);
    // stops short of exporting when a file is unreadable or, without
    // --force, has arithmetic errors (each said).
    let read =
        |add: &mut dyn FnMut(phuluc::Appendix) -> Result<(), phuluc::Error>| -> Result<(), Stop> {
            use rayon::prelude::*;
            let mut unreadable = false;
            let mut errors = 0usize;
            for chunk in named.chunks(64) {
                let read: Vec<_> = chunk
                    .par_iter()
                    .map(|(file, _)| phuluc::analyse_guarded(file, &options))
                    .collect();
                for ((file, name), result) in chunk.iter().zip(read) {
                    match result {
                        Ok(o) => {
                            for f in o.findings.iter().filter(|f| f.severity == Severity::Error) {
                                errors += 1;
                                eprintln!(
                                    "phuluc: {}: '{}'!{} [{}] {}",
                                    file.display(),
                                    f.sheet,
                                    f.cell,
                                    f.code,
                                    f.message(lang)
                                );
                            }
                            // `tep` names the file as it sits in the folder given;
                            // a workbook `import` rebuilt, given by itself, as
                            // the file it was rebuilt from.
                            let mut appendix = o.appendix;
                            appendix.path = args
                                .inputs
                                .contains(file)
                                .then(|| phuluc::import::rebuilt_from(file))
                                .flatten()
                                .unwrap_or_else(|| (*name).clone());
                            add(appendix)?;
                        }
                        Err(e) => {
                            eprintln!("phuluc: {}", e.message(lang));
                            unreadable = true;
                        }
                    }
                }
            }
            if unreadable {
                return Err(Stop::Unreadable);
            }
            if errors > 0 && !args.force {
                return Err(Stop::Refused(errors));
            }
            Ok(())
        };
    // To a file, the CSV is written as each file is read (a country's is
    // hundreds of megabytes) into a temporary file, renamed when it is
    // complete and removed when the export stops; to standard output, once
    // every file has been read.
    let to_stdout = phuluc::write::is_stdout(&args.output);
    let made: Result<Exported, Stop> = if to_stdout {
        let mut appendices = Vec::new();
        read(&mut |a| {
            appendices.push(a);
            Ok(())
        })
        .and_then(|()| export(&appendices, &export_options).map_err(Stop::from))
    } else {
        phuluc::write::write_output_with(&args.output, args.force, &files, |out| {
            let mut stream = ExportStream::new(&export_options, out);
            read(&mut |a| stream.add(a))?;
            Ok(stream.finish(&args.output)?)
        })
    };
    let exported = match made {
        Ok(x) => x,
        Err(Stop::Failed(e)) => {
            // The layout that takes what the appendix layouts cannot.
            let hint = match e.problem {
                phuluc::Problem::OnlyEstimates => super::say(
                    lang,
                    "; xuất các dòng của nó bằng --layout du-toan",
                    "; export its lines with --layout du-toan",
                ),
                _ => String::new(),
            };
            eprintln!("phuluc: {}{hint}", e.message(lang));
            return 2;
        }
        Err(Stop::Unreadable) => return 2,
        Err(Stop::Refused(errors)) => {
            eprintln!(
                "phuluc: {errors} {}",
                super::say(
                    lang,
                    "lỗi số học: không xuất gì; sửa chúng (phuluc check) hoặc thêm --force để vẫn xuất",
                    "arithmetic error(s): nothing exported; correct them (phuluc check) or pass --force to export anyway"
                )
            );
            return 1;
        }
    };
    for (cell, text) in &exported.neutralised {
        let mut shown: String = text.chars().take(60).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        eprintln!(
            "phuluc: {cell}: {}: {shown}",
            super::say(
                lang,
                "chữ mà bảng tính sẽ chạy như công thức đã được thêm dấu ' ở đầu",
                "text a spreadsheet would run as a formula was neutralised with a leading '"
            )
        );
    }
    for w in &exported.warnings {
        eprintln!(
            "phuluc: {}: {}",
            super::say(lang, "cảnh báo", "warning"),
            w.message(lang)
        );
    }
    // Which columns each table was exported by, when some were left out:
    // said, not chosen silently.
    for c in &exported.columns {
        eprintln!("phuluc: {}", c.message(lang));
    }
    for t in &exported.ambiguous {
        eprintln!(
            "phuluc: {t}: {}",
            super::say(
                lang,
                "không xuất: không phân biệt được cột số tiền nào là kinh phí (không có cột năm, không cột nào là tổng của các cột kia)",
                "left out: which amount column is the spending cannot be told (no year column, none the total of the others)"
            )
        );
    }
    for t in &exported.estimates {
        eprintln!(
            "phuluc: {t}: {}",
            super::say(
                lang,
                "không xuất: bảng dự toán (mã hiệu, khối lượng, đơn giá, cách tính) không thuộc các cột của tệp CSV phụ lục; xuất các dòng của nó bằng --layout du-toan",
                "left out: a cost estimate's table (codes, quantities, prices, computations) does not fit the appendix CSV's columns; export its lines with --layout du-toan"
            )
        );
    }
    let why = if matches!(args.layout, LayoutArg::DuToan) {
        super::say(
            lang,
            "không xuất (--layout du-toan chỉ xuất các dòng của bảng dự toán chi tiết)",
            "left out (--layout du-toan exports only the lines of estimate detail tables)",
        )
    } else {
        super::say(
            lang,
            "không xuất (một tệp chỉ chứa bảng có tiền hoặc bảng không có tiền)",
            "left out (a file holds either money tables or tables without money)",
        )
    };
    for t in &exported.skipped {
        eprintln!("phuluc: {t}: {why}");
    }
    if to_stdout {
        super::print(&exported.text);
    }
    0
}

/// Why an export stopped short.
enum Stop {
    /// Reading, exporting or writing failed.
    Failed(phuluc::Error),
    /// A file could not be read (said as it was found).
    Unreadable,
    /// Arithmetic errors, this many, and no --force.
    Refused(usize),
}

impl From<phuluc::Error> for Stop {
    fn from(e: phuluc::Error) -> Stop {
        Stop::Failed(e)
    }
}
