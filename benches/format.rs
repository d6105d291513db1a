//! `cargo bench --bench format`: `phuluc format` of a 100,000-row appendix
//! (model already read) against rust_xlsxwriter writing the same cells —
//! the same strings, numbers and SUM formulas with results, one format per
//! kind of cell — to memory. One of each per round; medians of the times
//! and of the rounds' ratios.
//!
//! PHULUC_BENCH_ROWS (default 100000), PHULUC_BENCH_RUNS (default 5).

use phuluc::write::format::{format_workbook, FormatOptions};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rows: usize = std::env::var("PHULUC_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("PHULUC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = std::env::temp_dir().join(format!("phuluc-bench-format-{rows}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("appendix.xlsx");
    phuluc::sample::save(&[phuluc::sample::large_appendix(rows)], &path).expect("write input");
    let outcome = phuluc::analyse(&path, &Default::default()).expect("read");
    let table = &outcome.appendix.tables[0];
    println!(
        "appendix: {} items × {} columns",
        table.items.len(),
        table.columns.len()
    );

    // Alternated, one of each per round, and compared round by round: the
    // machine's speed drifts by ±20 % over a minute, which made two blocks
    // of runs disagree by more than the difference measured.
    let mut ours = Vec::new();
    let mut bare = Vec::new();
    let mut ratios = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let out = format_workbook(
            &outcome.appendix,
            &outcome.findings,
            &FormatOptions::default(),
        )
        .expect("format");
        let our_time = start.elapsed().as_secs_f64();
        ours.push(our_time);
        size = out.bytes.len();

        // The same cells, written directly: texts, numbers, and a SUM formula
        // with its result wherever phuluc writes one.
        let start = Instant::now();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let text = Format::new().set_font_name("Times New Roman");
        let number = Format::new()
            .set_font_name("Times New Roman")
            .set_num_format("[$-42A]#,##0");
        for (r, item) in table.items.iter().enumerate() {
            let r = r as u32 + 10;
            for (c, t) in [
                item.stt.as_str(),
                item.content.as_str(),
                item.lead.as_str(),
                item.partner.as_str(),
                item.note.as_str(),
            ]
            .into_iter()
            .enumerate()
            {
                ws.write_string_with_format(r, c as u16, t, &text).unwrap();
            }
            for k in 0..table.numeric.len() {
                let v = item
                    .amount(k)
                    .map(|d| d.to_string().parse::<f64>().unwrap_or(0.0))
                    .unwrap_or(0.0);
                if item.children.is_empty() {
                    ws.write_number_with_format(r, 5 + k as u16, v, &number)
                        .unwrap();
                } else {
                    let f = Formula::new(format!("=SUM(E{}:E{})", r + 2, r + 100))
                        .set_result(v.to_string());
                    ws.write_formula_with_format(r, 5 + k as u16, f, &number)
                        .unwrap();
                }
            }
        }
        let _ = wb.save_to_buffer().unwrap();
        let bare_time = start.elapsed().as_secs_f64();
        bare.push(bare_time);
        ratios.push(our_time / bare_time);
    }
    let (o, b) = (median(ours), median(bare));
    println!("rust_xlsxwriter, same cells : {b:>7.3} s");
    println!("phuluc format               : {o:>7.3} s ({size} bytes)");
    println!("ratio (median of the rounds'): {:>7.2}×", median(ratios));
}
