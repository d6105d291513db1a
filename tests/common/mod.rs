//! Helpers for tests: build commune-style workbooks, check them, and look
//! findings up by code and cell.
#![allow(dead_code)]

use phuluc::sample::{SampleCell, SampleTable};
use phuluc::{Finding, Outcome};
use std::path::{Path, PathBuf};

/// A cell as a test writes it: "" empty; "'text" forced text; "=F|v" a
/// formula saved with value v; otherwise numbers become number cells
/// ("3 000" and malformed numbers stay text).
pub fn cell(s: &str) -> SampleCell {
    if s.is_empty() {
        SampleCell::Empty
    } else if let Some(t) = s.strip_prefix('\'') {
        SampleCell::Text(t.to_string())
    } else if let Some(f) = s.strip_prefix('=') {
        let (formula, value) = f.split_once('|').expect("formula needs |value");
        SampleCell::Formula(format!("={formula}"), value.parse().expect("formula value"))
    } else {
        SampleCell::typed(s)
    }
}

/// A table with the usual title block and "Đơn vị tính: triệu đồng".
pub fn table(header: &[&str], rows: &[&[&str]]) -> SampleTable {
    let mut t = SampleTable::new("Phụ lục");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ THỬ NGHIỆM".into()];
    t.title = vec!["Phụ lục I".into(), "DANH MỤC NHIỆM VỤ".into()];
    t.unit_line = Some("Đơn vị tính: triệu đồng".into());
    t.header = vec![header.iter().map(|s| s.to_string()).collect()];
    // STT is text, as offices type "1.1" (a number cell would lose "1.10").
    t.rows = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 {
                        SampleCell::text(s.trim_start_matches('\''))
                    } else {
                        cell(s)
                    }
                })
                .collect()
        })
        .collect();
    t
}

/// The A1 address of body row `i` (0-based), column `col` (0-based).
pub fn addr(t: &SampleTable, i: u32, col: u32) -> String {
    phuluc::read::a1(t.body_row() + i, col)
}

/// A scratch folder that lives as long as the value.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes the tables to an .xlsx in `dir` and returns its path.
pub fn write(dir: &Path, name: &str, tables: &[SampleTable]) -> PathBuf {
    let path = dir.join(name);
    phuluc::sample::save(tables, &path).expect("write workbook");
    path
}

/// Writes and checks tables.
pub fn check(tables: &[SampleTable]) -> Outcome {
    let dir = scratch();
    let path = write(dir.path(), "t.xlsx", tables);
    phuluc::analyse(&path, &Default::default()).expect("readable")
}

/// Writes rows as a UTF-8 CSV and checks it.
pub fn check_csv(rows: &[&[&str]]) -> Outcome {
    let dir = scratch();
    let path = dir.path().join("t.csv");
    let mut w = csv::Writer::from_path(&path).expect("csv");
    for r in rows {
        w.write_record(*r).expect("row");
    }
    w.flush().expect("flush");
    drop(w);
    phuluc::analyse(&path, &Default::default()).expect("readable")
}

/// (code, cell) of every finding.
pub fn codes(o: &Outcome) -> Vec<(String, String)> {
    o.findings
        .iter()
        .map(|f| (f.code.to_string(), f.cell.clone()))
        .collect()
}

/// The finding with a code at a cell, if any.
pub fn find<'a>(o: &'a Outcome, code: &str, cell: &str) -> Option<&'a Finding> {
    o.findings
        .iter()
        .find(|f| f.code.as_str() == code && f.cell == cell)
}

/// Whether any finding is an error.
pub fn errors(o: &Outcome) -> Vec<(String, String)> {
    o.findings
        .iter()
        .filter(|f| f.severity == phuluc::Severity::Error)
        .map(|f| (f.code.to_string(), f.cell.clone()))
        .collect()
}

/// Writes and checks one table.
pub fn check1(t: &SampleTable) -> Outcome {
    check(std::slice::from_ref(t))
}

/// Runs the phuluc binary.
pub fn phuluc(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(args)
        .output()
        .expect("run phuluc")
}

/// LibreOffice's soffice, if installed; CI must have it (`.ci/run` installs
/// it), elsewhere its absence is said and the caller skips.
pub fn soffice() -> Option<PathBuf> {
    let out = std::process::Command::new("sh")
        .args(["-c", "command -v soffice"])
        .output()
        .ok()?;
    if out.status.success() {
        return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have LibreOffice (.ci/run installs it)"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: LibreOffice (soffice) is not installed; the conversion and recalculation tests did not run");
    None
}

/// One LibreOffice at a time: parallel test threads starting soffice with
/// fresh profiles at once make some of them fail to start.
pub fn soffice_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}
