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
    for (name, tables) in [
        ("du-toan-kenh-muong", du_toan(false)),
        ("du-toan-kenh-muong-sua", du_toan(true)),
    ] {
        let path = out.join(format!("{name}.xlsx"));
        save(&tables, &path)?;
        println!("{}", path.display());
    }
    Ok(())
}

/// One line of the estimate: code, work, unit, quantity, unit price.
type Line = (&'static str, &'static str, &'static str, f64, f64);

/// A cost estimate (dự toán) as estimating software exports it: a detail
/// sheet in two parts and a summary sheet computing the price from it.
/// Uncorrected, it carries one mistake of each kind phuluc finds in
/// estimates: a line amount typed over, a part total that leaves out its
/// last line, a line counted twice in a part, a line measured in m3 where
/// its code is priced per 100m3, a provisional price, a wrong LÀM TRÒN, a
/// stale words line, a rate row off its stated rate and VAT at 10 % while
/// 8 % is in force.
fn du_toan(corrected: bool) -> Vec<SampleTable> {
    let cell = |x: f64| SampleCell::Number(x);
    let text = SampleCell::text;
    let dap: Vec<Line> = vec![
        (
            "AB.11312",
            "Đào móng công trình, đất cấp II",
            "100m3",
            0.380814,
            21_534_012.34,
        ),
        (
            "AF.11213",
            "Bê tông lót móng đá 4x6 mác 100",
            "m3",
            3.5,
            1_234_567.89,
        ),
        (
            "AF.61110",
            "Cốt thép móng đường kính ≤10mm",
            "tấn",
            0.4537,
            18_914_589.27,
        ),
    ];
    let mut kenh: Vec<Line> = vec![
        (
            "AB.11312",
            "Đào móng công trình, đất cấp II",
            "100m3",
            0.12,
            21_534_012.34,
        ),
        (
            "AK.21224",
            "Trát tường ngoài dày 1,5cm, vữa XM mác 75",
            "m2",
            120.75,
            98_765.43,
        ),
        (
            "BB.13104",
            "Lắp đặt ống nhựa HDPE đường kính 110mm",
            "100m",
            0.25,
            18_500_000.0,
        ),
    ];
    if !corrected {
        // Measured in m3 where the code is priced per 100m3.
        kenh[0] = (
            "AB.11312",
            "Đào móng công trình, đất cấp II",
            "m3",
            12.0,
            215_340.12,
        );
        // Priced provisionally, never replaced by its code.
        kenh[2] = (
            "TT",
            "Ống nhựa HDPE đường kính 110mm (tạm tính)",
            "m",
            25.0,
            185_000.0,
        );
    }
    let mut detail = SampleTable::new("Dự toán chi tiết");
    detail.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ ĐA KIA".into()];
    detail.title = vec![
        "BẢNG DỰ TOÁN CHI TIẾT".into(),
        "Công trình: Kênh mương nội đồng thôn 3".into(),
    ];
    detail.unit_line = Some("Đơn vị tính: đồng".into());
    detail.header = vec![phuluc::sample::ESTIMATE_HEADER
        .iter()
        .map(|s| s.to_string())
        .collect()];
    detail.widths = vec![6.0, 11.0, 44.0, 9.0, 11.0, 14.0, 16.0];
    let mut rows = Vec::new();
    let mut n = 0;
    let mut whole = 0.0;
    for (part, lines) in [("Đập bê tông", &dap), ("Kênh dẫn", &kenh)] {
        rows.push(vec![
            text(""),
            text("*"),
            text(part),
            text(""),
            cell(0.0),
            text(""),
            text(""),
        ]);
        let mut sum = 0.0;
        let mut last = 0.0;
        for (i, &(code, work, unit, q, p)) in lines.iter().enumerate() {
            n += 1;
            let mut amount = q * p;
            if !corrected && part == "Đập bê tông" && i == 1 {
                // Typed over: 4.320.987,62 with two digits swapped.
                amount = 4_302_987.62;
            }
            let line = |n: usize| {
                vec![
                    text(&n.to_string()),
                    text(code),
                    text(work),
                    text(unit),
                    cell(q),
                    cell(p),
                    cell(amount),
                ]
            };
            rows.push(line(n));
            sum += amount;
            last = amount;
            if !corrected && part == "Kênh dẫn" && i == 1 {
                // Counted twice.
                n += 1;
                rows.push(line(n));
                sum += amount;
            }
        }
        // The part's total leaves out its last line.
        let printed = if !corrected && part == "Kênh dẫn" {
            sum - last
        } else {
            sum
        };
        rows.push(vec![
            text(""),
            text(""),
            text(&format!("TỔNG CỘNG: {part}")),
            text(""),
            text(""),
            text(""),
            cell(printed),
        ]);
        whole += sum;
    }
    let rounded = (whole / 1000.0).round() * 1000.0;
    let rounded_shown = if corrected {
        rounded
    } else {
        rounded + 10_000.0
    };
    rows.push(vec![
        text(""),
        text(""),
        text("TỔNG HẠNG MỤC"),
        text(""),
        text(""),
        text(""),
        cell(whole),
    ]);
    rows.push(vec![
        text(""),
        text(""),
        text("LÀM TRÒN"),
        text(""),
        text(""),
        text(""),
        cell(rounded_shown),
    ]);
    detail.rows = rows;
    let words_of = |x: f64| {
        let d = rust_decimal::Decimal::from_f64_retain(x)
            .unwrap_or_default()
            .round();
        phuluc::words::to_words(d, &Default::default())
    };
    // Stale: the words of an earlier total.
    let stated = if corrected {
        rounded
    } else {
        rounded - 1_250_000.0
    };
    detail.below = vec![
        format!("Bằng chữ: {}", words_of(stated)),
        String::new(),
        "Đa Kia, ngày 15 tháng 3 năm 2026".into(),
        "NGƯỜI LẬP".into(),
    ];

    // The summary: T from the detail, C and TL at their rates, VAT.
    let t = rounded;
    let c = t * 0.065;
    let c_shown = if corrected { c } else { t * 0.0673 };
    let tl = (t + c_shown) * 0.055;
    let g = t + c_shown + tl;
    let vat_rate = if corrected { 0.08 } else { 0.10 };
    let vat = g * vat_rate;
    let mut summary = SampleTable::new("Tổng hợp dự toán");
    summary.left_block = detail.left_block.clone();
    summary.title = vec![
        "BẢNG TỔNG HỢP DỰ TOÁN".into(),
        "Công trình: Kênh mương nội đồng thôn 3".into(),
    ];
    summary.unit_line = Some("Đơn vị tính: đồng".into());
    summary.header = vec![[
        "STT",
        "Khoản mục chi phí",
        "Cách tính",
        "Giá trị",
        "Ký hiệu",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    summary.widths = vec![6.0, 40.0, 18.0, 16.0, 10.0];
    let vat_text = if corrected { "G x 8%" } else { "G x 10%" };
    summary.rows = vec![
        vec![
            text("1"),
            text("Chi phí trực tiếp"),
            text(""),
            cell(t),
            text("T"),
        ],
        vec![
            text("2"),
            text("Chi phí chung"),
            text("T x 6,5%"),
            cell(c_shown),
            text("C"),
        ],
        vec![
            text("3"),
            text("Thu nhập chịu thuế tính trước"),
            text("(T+C) x 5,5%"),
            cell(tl),
            text("TL"),
        ],
        vec![
            text("4"),
            text("Chi phí xây dựng trước thuế"),
            text("T+C+TL"),
            cell(g),
            text("G"),
        ],
        vec![
            text("5"),
            text("Thuế giá trị gia tăng"),
            text(vat_text),
            cell(vat),
            text("GTGT"),
        ],
        vec![
            text("6"),
            text("Chi phí xây dựng sau thuế"),
            text("G+GTGT"),
            cell(g + vat),
            text("Gxd"),
        ],
    ];
    summary.below = vec![String::new(), "Đa Kia, ngày 15 tháng 3 năm 2026".into()];
    vec![detail, summary]
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
