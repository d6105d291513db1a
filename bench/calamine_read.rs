//! `cargo run --release --example bench-calamine -- FILE|FOLDER...`: reads
//! every sheet of every workbook with calamine alone (`open_workbook_auto`
//! and `worksheet_range`, on one thread) — the baseline phuluc is measured
//! against. Prints the files and cells read.

use calamine::Reader;
use std::path::{Path, PathBuf};

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            walk(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "xlsx") {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        walk(Path::new(&arg), &mut files);
    }
    let mut cells = 0usize;
    for f in &files {
        let Ok(mut wb) = calamine::open_workbook_auto(f) else {
            continue;
        };
        for name in wb.sheet_names() {
            if let Ok(range) = wb.worksheet_range(&name) {
                cells += range.used_cells().count();
            }
        }
    }
    println!("{} files, {cells} cells", files.len());
}
