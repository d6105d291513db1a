//! `cargo bench --bench rollup`: generates 1,000 commune workbooks (each
//! a 2026-2030 appendix of ~50 rows, its own commune in the title block)
//! and measures, on the same files, `phuluc rollup --by xa` (the release
//! binary, every core) and calamine's bare read of every file on one
//! thread. Prints wall times (median of runs).
//!
//! Options (environment): PHULUC_BENCH_COMMUNES (default 1000),
//! PHULUC_BENCH_RUNS (default 3).

use phuluc::sample::{SampleCell, SampleTable};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn commune(n: usize) -> SampleTable {
    let mut t = SampleTable::new("Phụ lục");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), format!("XÃ THỬ NGHIỆM {n}")];
    t.title = vec!["Phụ lục I".into(), "KẾ HOẠCH CHUYỂN ĐỔI SỐ".into()];
    t.unit_line = Some("Đơn vị tính: triệu đồng".into());
    t.header = vec![[
        "STT",
        "Nội dung",
        "Đơn vị chủ trì",
        "Năm 2026",
        "Năm 2027",
        "Năm 2028",
        "Năm 2029",
        "Năm 2030",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    let units = [
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Văn phòng HĐND và UBND",
        "Công an xã",
    ];
    let mut totals = [0.0f64; 5];
    for s in 0..5 {
        let mut rows = Vec::new();
        let mut sub = [0.0f64; 5];
        for i in 0..9 {
            let v = ((n * 7 + s * 13 + i * 3) % 50 + 10) as f64;
            let mut row = vec![
                SampleCell::text(&format!("{}", i + 1)),
                SampleCell::text(&format!("Nhiệm vụ {}.{}", s + 1, i + 1)),
                SampleCell::text(units[(i + s) % units.len()]),
            ];
            for (y, slot) in sub.iter_mut().enumerate() {
                row.push(SampleCell::Number(v + y as f64));
                *slot += v + y as f64;
            }
            rows.push(row);
        }
        let roman = ["I", "II", "III", "IV", "V"][s];
        let mut head = vec![
            SampleCell::text(roman),
            SampleCell::text(&format!("Mục {roman}")),
            SampleCell::Empty,
        ];
        head.extend(sub.iter().map(|v| SampleCell::Number(*v)));
        t.rows.push(head);
        t.rows.extend(rows);
        for (total, part) in totals.iter_mut().zip(sub) {
            *total += part;
        }
    }
    let mut total = vec![
        SampleCell::Empty,
        SampleCell::text("Tổng cộng"),
        SampleCell::Empty,
    ];
    total.extend(totals.iter().map(|v| SampleCell::Number(*v)));
    t.rows.push(total);
    t
}

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
            phuluc::sample::save(&[commune(n)], &path).expect("write");
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
