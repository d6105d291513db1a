//! `cargo bench --bench check`: generates a 100,000-row appendix (sections,
//! items, sub-items × 5 years, subtotals and a total row), then measures
//! `phuluc::analyse` against calamine's bare read of the same file: wall
//! time (median of runs) and peak heap (a counting allocator).
//!
//! Options (environment): PHULUC_BENCH_ROWS (default 100000),
//! PHULUC_BENCH_RUNS (default 5); PHULUC_BENCH_STAGES_ONLY=1 prints only the
//! time and live heap of each stage, reusing the generated file if it is there.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, usize) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let base = NOW.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed().as_secs_f64());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        drop(out);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], peak)
}

fn calamine_read(path: &Path) -> usize {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).expect("open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("read");
    range.get_size().0
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing else.
    let rows: usize = std::env::var("PHULUC_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("PHULUC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = std::env::temp_dir().join(format!("phuluc-bench-{rows}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("appendix.xlsx");
    if std::env::var_os("PHULUC_BENCH_STAGES_ONLY").is_some() && path.exists() {
        phases(&path);
        return;
    }
    let t = phuluc::sample::large_appendix(rows);
    let n = t.rows.len();
    let start = Instant::now();
    phuluc::sample::save(&[t], &path).expect("write");
    println!(
        "generated {n} rows × 10 columns in {:.2} s ({} bytes)",
        start.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
    );
    if std::env::var_os("PHULUC_BENCH_STAGES_ONLY").is_some() {
        phases(&path);
        return;
    }

    let (t_cal, m_cal) = measure(runs, || calamine_read(&path));
    let (t_chk, m_chk) = measure(runs, || {
        let o = phuluc::analyse(&path, &Default::default()).expect("check");
        assert!(
            o.findings
                .iter()
                .all(|f| f.severity != phuluc::Severity::Error),
            "generated appendix must be clean"
        );
        o
    });
    let mb = |b: usize| b as f64 / 1_048_576.0;
    println!(
        "calamine bare read : {t_cal:>7.3} s  peak heap {:>7.1} MiB",
        mb(m_cal)
    );
    println!(
        "phuluc check       : {t_chk:>7.3} s  peak heap {:>7.1} MiB",
        mb(m_chk)
    );
    println!(
        "ratio              : {:>7.2}×        {:>7.2}×",
        t_chk / t_cal,
        m_chk as f64 / m_cal as f64
    );
    phases(&path);
    estimate(runs, &dir);
}

/// A 20,000-line cost estimate (parts of 50 lines, each closed by its
/// "TỔNG CỘNG: <part>", then TỔNG HẠNG MỤC and LÀM TRÒN), products as
/// Excel computes them: phuluc check against calamine's bare read.
fn estimate(runs: usize, dir: &Path) {
    let lines: usize = std::env::var("PHULUC_BENCH_LINES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let t = phuluc::sample::large_estimate(lines);
    let path = dir.join("estimate.xlsx");
    phuluc::sample::save(&[t], &path).expect("write");
    // Runs alternate, one of each in turn: on a shared machine whose speed
    // drifts, both see the same drift, and the median of their per-pair
    // ratios is steadier than the ratio of separate medians.
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    for _ in 0..runs.max(5) {
        let (t_cal, _) = measure(1, || calamine_read(&path));
        let (t_chk, _) = measure(1, || {
            let o = phuluc::analyse(&path, &Default::default()).expect("check");
            assert!(
                o.findings
                    .iter()
                    .all(|f| f.severity != phuluc::Severity::Error),
                "generated estimate must be clean"
            );
            o
        });
        pairs.push((t_cal, t_chk));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let t_cal = median(pairs.iter().map(|p| p.0).collect());
    let t_chk = median(pairs.iter().map(|p| p.1).collect());
    let ratio = median(pairs.iter().map(|p| p.1 / p.0).collect());
    println!("estimate of {lines} lines:");
    phases(&path);
    println!("calamine bare read : {t_cal:>7.3} s");
    println!("phuluc check       : {t_chk:>7.3} s");
    println!(
        "ratio              : {ratio:>7.2}× (median of {} alternating pairs)",
        pairs.len()
    );
}

/// Where the time of one check goes, stage by stage.
fn phases(path: &Path) {
    let mib = |b: usize| b as f64 / 1_048_576.0;
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let mut source = phuluc::read::Source::open(path).expect("open");
    let name = source.sheet_names()[0].clone();
    let sheet = source.sheet(&name).expect("sheet");
    let t_read = start.elapsed().as_secs_f64();
    let (m_read, p_read) = (
        NOW.load(Ordering::Relaxed) - base,
        PEAK.load(Ordering::Relaxed) - base,
    );
    let start = Instant::now();
    let layout = phuluc::detect::find_layout(&sheet, 0).expect("layout");
    let t_detect = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let (table, _) = phuluc::model::build_table(&sheet, &layout);
    let t_model = start.elapsed().as_secs_f64();
    let m_model = NOW.load(Ordering::Relaxed) - base;
    drop(sheet);
    drop(source);
    let m_table = NOW.load(Ordering::Relaxed) - base;
    let start = Instant::now();
    let findings = phuluc::check::run(&table, &mut phuluc::read::Formulas::default);
    let t_check = start.elapsed().as_secs_f64();
    println!(
        "stages             : read+merges {t_read:.3} s, detect {t_detect:.3} s, model {t_model:.3} s, check {t_check:.3} s ({} findings)",
        findings.len()
    );
    println!(
        "live heap          : sheet {:.1} MiB (peak while reading {:.1}), sheet + table {:.1} MiB, table alone {:.1} MiB, peak {:.1} MiB",
        mib(m_read),
        mib(p_read),
        mib(m_model),
        mib(m_table),
        mib(PEAK.load(Ordering::Relaxed) - base)
    );
}
