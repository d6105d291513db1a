//! Issue 26's last memory bound: `check FOLDER --report REPORT.xlsx` holds
//! memory that does not grow with the number of files. The report's lines
//! wait on disk, its sheets are written a row at a time, and the gate
//! reads the saved report back a row at a time.
//!
//! A process's peak counts the memory of the process it was started from
//! (see tests/memory.rs), so this file holds no other test and builds only
//! small workbooks: the test process stays small, and the child's own peak
//! (`wait4`) is what is compared.

#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::path::Path;
use std::process::{Command, Stdio};

/// The exit code and peak resident memory (KiB) of one run.
fn run_measured(command: &mut Command) -> (i32, i64) {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointers are to live locals, and the child is waited for
    // only here (its handle is just dropped).
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    drop(child);
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
}

/// A province of `n` communes, a folder each, each appendix with one wrong
/// amount (a finding per file, so the findings sheet grows too).
fn province(root: &Path, n: usize) {
    for i in 0..n {
        let mut t = phuluc::sample::commune_appendix(i);
        // The first task of section I one unit more than its section says.
        if let phuluc::sample::SampleCell::Number(v) = &mut t.rows[1][3] {
            *v += 1.0;
        }
        let dir = root.join(format!("Xã {i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        phuluc::sample::save(&[t], &dir.join("phu-luc.xlsx")).unwrap();
    }
}

/// Peak KiB of `check -q ROOT --report REPORT.xlsx`, which finds errors.
fn report_peak(root: &Path, report: &Path) -> i64 {
    let (code, kib) = run_measured(
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["check", "-q"])
            .arg(root)
            .arg("--report")
            .arg(report),
    );
    assert_eq!(code, 1, "every file has an error");
    assert!(report.exists(), "the report was written");
    kib
}

/// About 24 KB a file before (the workbook's every cell held until it was
/// saved, and the saved report read back whole by the gate): 600 files
/// more cost about 14 MB. Now the difference is the file list and the
/// totals per commune (well under 1 KB a file).
#[test]
fn the_workbook_report_of_four_times_the_files_takes_no_more_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (small, large) = (dir.path().join("small"), dir.path().join("large"));
    province(&small, 200);
    province(&large, 800);
    // The smaller run twice, the larger once: a growth of the larger
    // beyond the spread of the smaller's is the report's.
    let a = report_peak(&small, &dir.path().join("small-1.xlsx"));
    let b = report_peak(&small, &dir.path().join("small-2.xlsx"));
    let big = report_peak(&large, &dir.path().join("large.xlsx"));
    let grown = big - a.max(b);
    eprintln!("peaks: {a} and {b} KiB for 200 files, {big} KiB for 800");
    assert!(
        grown < 3 * 1024,
        "800 files peak {big} KiB, 200 files {a}/{b} KiB: grew {grown} KiB"
    );
    // What the comparison is worth: the larger report is four times the
    // lines (read back here with calamine, outside the measured runs).
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(dir.path().join("large.xlsx")).unwrap();
    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    assert!(summary.height() >= 800, "{} rows", summary.height());
}
