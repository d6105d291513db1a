//! `cargo bench --bench rollup`: generates 1,000 commune workbooks (each
//! a 2026-2030 appendix of ~50 rows, its own commune in the title block)
//! and measures, on the same files, `phuluc rollup --by xa` (the release
//! binary, every core) and calamine's bare read of every file on one
//! thread. Prints wall times (median of runs).
//!
//! Options (environment): PHULUC_BENCH_COMMUNES (default 1000),
//! PHULUC_BENCH_RUNS (default 3).

use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let communes: usize = std::env::var("PHULUC_BENCH_COMMUNES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runs: usize = std::env::var("PHULUC_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = (0..communes)
        .map(|n| {
            let path = dir.path().join(format!("xa-{n:04}.xlsx"));
            phuluc::sample::save(&[phuluc::sample::commune_appendix(n)], &path).expect("write");
            path
        })
        .collect();
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/phuluc");
    assert!(
        bin.exists(),
        "build the release binary first: cargo build --release"
    );
    let phuluc = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let o = std::process::Command::new(&bin)
                    .args(["rollup", "--by", "xa", "--format", "csv"])
                    .arg(dir.path())
                    .output()
                    .expect("run phuluc");
                assert_eq!(
                    o.status.code(),
                    Some(0),
                    "{}",
                    String::from_utf8_lossy(&o.stderr)
                );
                let lines = o.stdout.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(
                    lines,
                    1 + (communes + 3) * 6,
                    "a row per commune and period"
                );
                start.elapsed().as_secs_f64()
            })
            .collect(),
    );
    let calamine = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                for f in &files {
                    use calamine::Reader;
                    let mut wb = calamine::open_workbook_auto(f).expect("open");
                    let name = wb.sheet_names()[0].clone();
                    let _ = wb.worksheet_range(&name).expect("read");
                }
                start.elapsed().as_secs_f64()
            })
            .collect(),
    );
    println!("communes: {communes}");
    println!("phuluc rollup --by xa (every core): {phuluc:.2} s");
    println!("calamine bare read, one thread:     {calamine:.2} s");
    println!("ratio: {:.2}", phuluc / calamine);
}
