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

/// The cells of the findings with this code, in order.
pub fn cells_with<'a>(o: &'a Outcome, code: &str) -> Vec<&'a str> {
    o.findings
        .iter()
        .filter(|f| f.code.as_str() == code)
        .map(|f| f.cell.as_str())
        .collect()
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
    // Messages follow LANG when --lang is not given: the tests' own
    // environment must not decide them.
    std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(args)
        .env_remove("LANG")
        .output()
        .expect("run phuluc")
}

/// `phuluc format INPUT -o OUT`, which must succeed (its stderr shown if
/// not).
pub fn format_ok(input: &Path, out: &Path) {
    let o = phuluc(&[
        "format",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&o.stderr)
    );
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

/// LibreOffice, recalculating every formula on load, saves the first sheet
/// as CSV (raw values); returns its rows.
pub fn recalculated(soffice: &Path, xlsx: &Path, dir: &Path) -> Vec<Vec<String>> {
    recalculated_sheet(soffice, xlsx, dir, 0)
}

/// [`recalculated`] of the sheet at 0-based index `sheet`.
pub fn recalculated_sheet(
    soffice: &Path,
    xlsx: &Path,
    dir: &Path,
    sheet: usize,
) -> Vec<Vec<String>> {
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
    )
    .unwrap();
    let out_dir = dir.join("lo-out");
    let _one_at_a_time = soffice_lock();
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            &format!(
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{}",
                sheet + 1
            ),
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(xlsx)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let csv = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let rows = phuluc::sample::read_seed_csv(&csv).unwrap();
    std::fs::remove_dir_all(&out_dir).unwrap();
    rows
}

/// Every numeric cell phuluc saved (calamine reads cached values), as text.
pub fn saved_numbers(xlsx: &Path) -> Vec<(usize, usize, String)> {
    saved_numbers_of(xlsx, 0)
}

/// [`saved_numbers`] of the sheet at 0-based index `sheet`.
pub fn saved_numbers_of(xlsx: &Path, sheet: usize) -> Vec<(usize, usize, String)> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let name = wb.sheet_names()[sheet].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap();
    range
        .used_cells()
        .filter(|(_, _, d)| matches!(d, calamine::Data::Float(_) | calamine::Data::Int(_)))
        .map(|(r, c, d)| (r + r0 as usize, c + c0 as usize, phuluc::read::cell_text(d)))
        .collect()
}

pub fn assert_recalculates_to_saved(soffice: &Path, xlsx: &Path, dir: &Path) {
    assert_sheet_recalculates_to_saved(soffice, xlsx, dir, 0);
}

/// [`assert_recalculates_to_saved`] for the sheet at 0-based index `sheet`.
pub fn assert_sheet_recalculates_to_saved(soffice: &Path, xlsx: &Path, dir: &Path, sheet: usize) {
    let lo = recalculated_sheet(soffice, xlsx, dir, sheet);
    let saved = saved_numbers_of(xlsx, sheet);
    assert!(!saved.is_empty());
    for (r, c, v) in saved {
        // Raw values, no grouping; the decimal mark follows the cell's
        // locale ([$-42A]: a comma).
        let got = lo
            .get(r)
            .and_then(|row| row.get(c))
            .cloned()
            .unwrap_or_default()
            .replace(',', ".");
        let as_decimal = |s: &str| {
            rust_decimal::Decimal::from_str_exact(s)
                .map(|d| d.normalize())
                .ok()
        };
        assert_eq!(
            as_decimal(&got),
            as_decimal(&v),
            "{}: {} recalculated {got}, saved {v}",
            xlsx.display(),
            phuluc::read::a1(r as u32, c as u32)
        );
    }
}

/// The workbook `bytes` with its first sheet's XML rewritten (deflated).
pub fn rewrite_sheet(bytes: &[u8], rewrite: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = rewrite(data);
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A small seeded generator (xorshift): the same family on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    pub fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}
