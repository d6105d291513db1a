//! Regenerates the example workbooks in `workbooks/` from the transcribed
//! seeds in `seeds/`: `cargo run --example make-workbooks`.
//!
//! Each workbook looks like what the commune sent (title block, unit line,
//! merged two-row header, printed totals typed as numbers, mistakes kept);
//! each `…-sua.xlsx` is the same table corrected.

use phuluc::sample::{read_seed_csv, save, SampleCell, SampleTable};
use rust_decimal::Decimal;
use std::path::Path;

fn main() {
    // PHULUC_WORKBOOKS lets tests build into a scratch folder.
    let out = std::env::var_os("PHULUC_WORKBOOKS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "workbooks".into());
    if let Err(e) = run(&out) {
        eprintln!("make-workbooks: {e}");
        std::process::exit(2);
    }
}

fn run(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out)?;
    for (name, table) in [
        ("da-kia-phu-luc-iii", da_kia(false)?),
        ("da-kia-phu-luc-iii-sua", da_kia(true)?),
        ("ha-long-phu-luc-2", ha_long_2(false)?),
        ("ha-long-phu-luc-2-sua", ha_long_2(true)?),
        ("ha-long-phu-luc-1", ha_long_1()?),
    ] {
        let path = out.join(format!("{name}.xlsx"));
        save(&[table], &path)?;
        println!("{}", path.display());
    }
    Ok(())
}

fn seed(name: &str) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
    Ok(read_seed_csv(&Path::new("seeds").join(name))?)
}

/// Đa Kia, Phụ lục III: tasks × years 2026-2030, triệu đồng.
fn da_kia(corrected: bool) -> Result<SampleTable, Box<dyn std::error::Error>> {
    let rows = seed("da-kia-phu-luc-iii.csv")?;
    let mut t = SampleTable::new("Phụ lục III");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ ĐA KIA".into()];
    t.title = vec![
        "Phụ lục III".into(),
        "DANH MỤC ĐỀ XUẤT CÁC NHIỆM VỤ KHOA HỌC CÔNG NGHỆ".into(),
        "GIAI ĐOẠN NĂM 2025-2030, HƯỚNG ĐẾN NĂM 2045".into(),
        "(Kèm theo Kế hoạch số:         /KH-UBND ngày          /           /2025 của UBND xã Đa Kia)".into(),
    ];
    t.unit_line = Some("Đơn vị tính: Triệu đồng".into());
    let labels = &rows[0];
    let mut top = Vec::new();
    let mut sub = Vec::new();
    for (c, label) in labels.iter().enumerate() {
        if let Some(year) = label.strip_prefix("Năm ") {
            top.push(if c == 4 {
                "Kinh phí thực hiện".to_string()
            } else {
                String::new()
            });
            sub.push(format!("Năm\n{year}"));
        } else {
            top.push(label.clone());
            sub.push(String::new());
        }
    }
    t.header = vec![top, sub];
    t.widths = vec![7.0, 42.0, 18.0, 18.0, 9.0, 9.0, 9.0, 9.0, 9.0, 30.0];
    t.rows = rows[1..].iter().map(|r| SampleCell::typed_row(r)).collect();
    t.below = vec![
        String::new(),
        "TM. ỦY BAN NHÂN DÂN".into(),
        "CHỦ TỊCH".into(),
    ];
    if corrected {
        for row in &mut t.rows {
            if matches!(row.first(), Some(SampleCell::Text(s)) if s == "III") {
                row[0] = SampleCell::text("II");
            }
        }
        fix_total(&mut t.rows, 4..9);
    }
    Ok(t)
}

/// Hà Long, Phụ lục 2: tasks with one amount column, triệu đồng, a
/// malformed total and a words line.
fn ha_long_2(corrected: bool) -> Result<SampleTable, Box<dyn std::error::Error>> {
    let rows = seed("ha-long-phu-luc-2.csv")?;
    let mut t = SampleTable::new("Phụ lục 2");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ HÀ LONG".into()];
    t.title = vec![
        "Phụ lục 2".into(),
        "DANH MỤC CÁC NHIỆM VỤ, DỰ ÁN CẦN THỰC HIỆN NĂM 2025".into(),
        "(Kèm theo Kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025)".into(),
    ];
    t.header = vec![rows[0].clone(), vec![String::new(); rows[0].len()]];
    t.column_numbers = true;
    t.widths = vec![6.0, 36.0, 12.0, 24.0, 30.0, 14.0, 14.0];
    let (body, words): (Vec<&Vec<String>>, Vec<&Vec<String>>) =
        rows[1..].iter().partition(|r| !r[0].contains("Bằng chữ"));
    t.rows = body.iter().map(|r| SampleCell::typed_row(r)).collect();
    t.below = words.iter().map(|r| r[0].clone()).collect();
    if corrected {
        for row in &mut t.rows {
            if let Some(SampleCell::Text(s)) = row.get(5) {
                if let Some(v) = phuluc::number::parse_amount(s).value() {
                    row[5] = SampleCell::Number(v.to_string().parse()?);
                }
            }
        }
        fix_total(&mut t.rows, 5..6);
    }
    Ok(t)
}

/// Hà Long, Phụ lục 1: targets in %, no money, a grouped header.
fn ha_long_1() -> Result<SampleTable, Box<dyn std::error::Error>> {
    let rows = seed("ha-long-phu-luc-1.csv")?;
    let mut t = SampleTable::new("Phụ lục 1");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ HÀ LONG".into()];
    t.title = vec![
        "Phụ lục 1".into(),
        "CÁC CHỈ TIÊU PHẤN ĐẤU HOÀN THÀNH NĂM 2025".into(),
        "(Kèm theo Kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025)".into(),
    ];
    t.header = vec![rows[0].clone(), rows[1].clone()];
    t.widths = vec![6.0, 48.0, 12.0, 10.0, 10.0, 16.0, 24.0];
    // The header repeated at the page break stays, as it was pasted.
    t.rows = rows[2..].iter().map(|r| SampleCell::typed_row(r)).collect();
    Ok(t)
}

/// Replaces the total row's amounts by the sum of the rows above it.
fn fix_total(rows: &mut [Vec<SampleCell>], cols: std::ops::Range<usize>) {
    let Some(total) = rows.iter().position(|r| {
        r.iter()
            .any(|c| matches!(c, SampleCell::Text(s) if s.to_lowercase().starts_with("tổng cộng")))
    }) else {
        return;
    };
    for c in cols {
        let sum: Decimal = rows[..total]
            .iter()
            .filter_map(|r| match r.get(c) {
                Some(SampleCell::Number(n)) => Decimal::from_f64_retain(*n),
                _ => None,
            })
            .sum();
        rows[total][c] = SampleCell::Number(sum.to_string().parse().unwrap_or(0.0));
    }
}
