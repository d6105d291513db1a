//! Issue 14's memory bound, at a tenth of its size: `check` of a
//! 100,011-row appendix, its peak resident memory read from the child's
//! own rusage. (The million-row sheet is measured by `bench/memory.sh`.)
//!
//! A process's peak counts the memory of the process it was started from
//! (Linux records the parent's high-water mark when the child replaces
//! itself with the program), so this file holds no other test: the test
//! process stays small, and the workbook is written by a second run of this
//! test binary rather than in it.

#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::path::Path;
use std::process::{Command, Stdio};

/// Set to a path: [`write_the_large_appendix`] writes the workbook there.
const OUT: &str = "PHULUC_MEMORY_TEST_WORKBOOK";

/// Not a test: the helper run in a child process (see the module docs).
#[test]
#[ignore = "run by checking_a_large_appendix_stays_within_its_bound"]
fn write_the_large_appendix() {
    if let Some(path) = std::env::var_os(OUT) {
        phuluc::sample::save(&[phuluc::sample::large_appendix(100_000)], Path::new(&path)).unwrap();
    }
}

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

/// It peaked at 79 MB before the sheet's rows were let go as the table is
/// built, the file's bytes when no formula needs them, an allocator hole
/// per row, 24-byte amounts and 208-byte items; about 46 MB now (50 MB in
/// a test build). Any one of those coming back, or a rule whose working
/// memory grows with the table, passes 60 MiB.
#[test]
fn checking_a_large_appendix_stays_within_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phu-luc-100k.xlsx");
    let (code, _) = run_measured(
        Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "write_the_large_appendix"])
            .env(OUT, &path),
    );
    assert_eq!(code, 0);
    assert!(path.exists(), "the helper wrote the workbook");
    let (code, kib) = run_measured(
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .arg("check")
            .arg("-q")
            .arg(&path),
    );
    assert_eq!(code, 0, "a clean appendix");
    assert!(kib < 60 * 1024, "peak {kib} KiB");
    // What the bound is worth: a larger table does cost more.
    assert!(kib > 20 * 1024, "peak {kib} KiB: not measured?");
}
