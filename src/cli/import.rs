//! `phuluc import IN.csv -o OUT [--one-workbook] [--force]`
//!
//! Rebuilds workbooks from a CSV that `phuluc export` wrote (any layout):
//! one workbook per source file (`tep`), a sheet per table, a header, the
//! unit line, the commune and appendix in the title, every amount at the
//! cell its `o_nguon` names, and a total row of live SUM formulas saved
//! with their values. OUT is a folder when the CSV holds several files
//! (each written as OUT/<tep>.xlsx), or an .xlsx when it holds one — or
//! with --one-workbook, which puts every file's sheets in one workbook.
//! Exporting the rebuilt workbooks gives the same CSV. Every workbook is
//! read back and checked before it is written.

use phuluc::import::{import_csv, import_files, Imported};
use std::path::{Component, Path, PathBuf};

/// Arguments of `phuluc import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A CSV written by `phuluc export`.
    pub input: PathBuf,
    /// The workbook to write, or the folder for one workbook per file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Every file's sheets in one workbook.
    #[arg(long)]
    pub one_workbook: bool,
    /// Replace existing outputs.
    #[arg(long)]
    pub force: bool,
}

/// Runs `phuluc import`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let fail = |e: phuluc::Error| {
        eprintln!("phuluc: {}", e.message(lang));
        2
    };
    // Workbooks cannot go to standard output: said before any work.
    if phuluc::write::is_stdout(&args.output) {
        let problem = phuluc::Problem::NotWritten(phuluc::NotWritten::Stdout);
        return fail(phuluc::Error::new(&args.output, problem));
    }
    let text = match std::fs::read(&args.input) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                let problem = phuluc::Problem::Csv(phuluc::CsvProblem::NotUtf8);
                return fail(phuluc::Error::new(&args.input, problem));
            }
        },
        Err(e) => {
            let problem = phuluc::Problem::Open(e.to_string());
            return fail(phuluc::Error::caused_by(&args.input, problem, e));
        }
    };
    let books = match import_files(&args.input, &text) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let to_file = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        && !args.output.is_dir();
    let targets: Vec<(PathBuf, Imported)> = if args.one_workbook || books.len() == 1 && to_file {
        let bytes = match import_csv(&args.input, &text) {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
        let items = books.iter().map(|b| b.items).sum();
        vec![(
            args.output.clone(),
            Imported {
                tep: String::new(),
                bytes,
                items,
            },
        )]
    } else if to_file {
        eprintln!(
            "phuluc: {}: {}",
            args.input.display(),
            match lang {
                phuluc::lang::Lang::Vi => format!("tệp CSV có {} tệp nguồn; cho -o một thư mục (mỗi tệp một bảng tính), hoặc thêm --one-workbook", books.len()),
                phuluc::lang::Lang::En => format!("the CSV holds {} files; give a folder for -o (one workbook per file), or pass --one-workbook", books.len()),
            }
        );
        return 2;
    } else {
        // Two files may come back under one name ("a.csv", "a.xlsx"): the
        // second gets a number, never the first's place.
        let mut taken: Vec<PathBuf> = Vec::new();
        books
            .into_iter()
            .enumerate()
            .map(|(n, b)| {
                let name = workbook_name(&b.tep, n);
                let mut path = args.output.join(&name);
                let mut k = 2;
                while taken.contains(&path) {
                    let stem = name.file_stem().unwrap_or_default().to_string_lossy();
                    path = args
                        .output
                        .join(name.with_file_name(format!("{stem}-{k}.xlsx")));
                    k += 1;
                }
                taken.push(path.clone());
                (path, b)
            })
            .collect()
    };
    let mut code = 0;
    for (path, book) in targets {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!(
                    "phuluc: {}: {}: {e}",
                    dir.display(),
                    super::say(lang, "không tạo được", "cannot create")
                );
                code = 2;
                continue;
            }
        }
        // Every line of the CSV comes back as an item, and the workbook
        // checks clean unless the CSV's own figures do not add up.
        let expect = phuluc::write::verify::Expectation {
            items: book.items,
            allow_errors: true,
            ..Default::default()
        };
        if let Err(e) = phuluc::write::write_workbook(
            &path,
            &book.bytes,
            args.force,
            std::slice::from_ref(&args.input),
            &expect,
        ) {
            eprintln!("phuluc: {}", e.message(lang));
            code = code.max(if matches!(e.problem, phuluc::Problem::Refused(_)) {
                1
            } else {
                2
            });
        }
    }
    code
}

/// The workbook a source file comes back as, inside the output folder: its
/// own relative path with the extension .xlsx; a name that would leave the
/// folder (absolute, "..") is cut to its file name.
fn workbook_name(tep: &str, n: usize) -> PathBuf {
    let path = Path::new(tep);
    let safe = !tep.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let relative = if safe {
        path.to_path_buf()
    } else {
        path.file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(format!("bang-{}", n + 1)))
    };
    relative.with_extension("xlsx")
}
