//! Large tables take other paths than small ones: from 5,000 items the rows
//! are read into items on every core and the rules are shared between two
//! cores, and a sheet whose XML is large has its merged cells scanned while
//! its cells are read. These tests build tables past those thresholds with
//! mistakes planted in them and assert each mistake is found at its cell,
//! and that one core and two give the same bytes.

mod common;
use common::*;
use phuluc::sample::{SampleCell, SampleTable};

const LINES: usize = 8_000;
const PER_PART: usize = 50;

/// The row (0-based, in `rows`) of line `n` (1-based) of the estimate:
/// each part has its "*" row before its lines and its total after them.
fn line_row(n: usize) -> usize {
    let part = (n - 1) / PER_PART;
    part * (PER_PART + 2) + 1 + (n - 1) % PER_PART
}

/// An 8,000-line estimate in parts of 50, products and totals as Excel
/// computes them, with four mistakes: line 120's amount typed over, line
/// 2,005 a copy of line 2,004, line 3,333 measured in m3 where its code is
/// priced per 100m3, and part 70's total 1,000,000 too high.
fn estimate() -> SampleTable {
    let mut t = SampleTable::new("Dự toán chi tiết");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ THỬ NGHIỆM".into()];
    t.title = vec!["BẢNG DỰ TOÁN CHI TIẾT".into()];
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.header = vec![[
        "STT",
        "Mã hiệu",
        "Nội dung công việc",
        "Đơn vị",
        "Khối lượng",
        "Đơn giá",
        "Thành tiền",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    let text = SampleCell::text;
    let mut whole = 0.0;
    for part in 0..LINES / PER_PART {
        let name = format!("Hạng mục {}", part + 1);
        t.rows.push(vec![
            text(""),
            text("*"),
            text(&name),
            text(""),
            SampleCell::Number(0.0),
            text(""),
            text(""),
        ]);
        let mut sum = 0.0;
        for i in 0..PER_PART {
            let n = part * PER_PART + i + 1;
            // Line 2,005 repeats line 2,004: same code, wording, quantity.
            let m = if n == 2_005 { 2_004 } else { n };
            let (mut q, mut p) = (
                1.0 + (m % 97) as f64 * 0.37,
                10_000.0 + (m % 53) as f64 * 1_234.567,
            );
            let code = format!("AB.{:05}", m % 400);
            let mut unit = "100m3";
            if n == 3_333 {
                // The same work in m3: a hundred times the quantity at a
                // hundredth of the price.
                unit = "m3";
                (q, p) = (q * 100.0, p / 100.0);
            }
            let mut amount = q * p;
            if n == 120 {
                amount += 5_000.0;
            }
            t.rows.push(vec![
                text(&n.to_string()),
                text(&code),
                text(&format!("Công tác số {m}")),
                text(unit),
                SampleCell::Number(q),
                SampleCell::Number(p),
                SampleCell::Number(amount),
            ]);
            sum += amount;
        }
        let stated = if part == 69 { sum + 1_000_000.0 } else { sum };
        t.rows.push(vec![
            text(""),
            text(""),
            text(&format!("TỔNG CỘNG: {name}")),
            text(""),
            text(""),
            text(""),
            SampleCell::Number(stated),
        ]);
        whole += sum;
    }
    t.rows.push(vec![
        text(""),
        text(""),
        text("TỔNG HẠNG MỤC"),
        text(""),
        text(""),
        text(""),
        SampleCell::Number(whole),
    ]);
    t
}

fn json_with_threads(path: &std::path::Path, threads: &str) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["check", "--format", "json"])
        .arg(path)
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("LANG")
        .output()
        .expect("run phuluc");
    assert!(
        !out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn a_large_estimate_has_every_planted_mistake_found_at_its_cell() {
    let t = estimate();
    let body = t.body_row() as usize;
    let cell = |row: usize, col: u32| phuluc::read::a1((body + row) as u32, col);
    let dir = scratch();
    let path = write(dir.path(), "du-toan-lon.xlsx", &[t]);
    let o = phuluc::analyse(&path, &Default::default()).expect("check");
    assert!(o.appendix.tables[0].items.len() >= 5_000);

    let line_amount = cell(line_row(120), 6);
    let part_total = cell(69 * (PER_PART + 2) + PER_PART + 1, 6);
    let errors = errors(&o);
    assert!(
        errors.iter().any(|(_, c)| *c == line_amount),
        "line 120 at {line_amount}: {errors:?}"
    );
    assert!(
        errors.iter().any(|(_, c)| *c == part_total),
        "part 70's total at {part_total}: {errors:?}"
    );
    assert_eq!(errors.len(), 2, "{errors:?}");

    let repeated = find(&o, "repeated-line", &cell(line_row(2_005), 1)).expect("repeated-line");
    assert_eq!(repeated.related, [cell(line_row(2_004), 1)]);
    let scale: Vec<&str> = o
        .findings
        .iter()
        .filter(|f| f.code.to_string() == "unit-scale")
        .map(|f| f.cell.as_str())
        .collect();
    assert_eq!(scale, [cell(line_row(3_333), 3)]);
}

#[test]
fn a_large_table_gives_the_same_bytes_on_one_core_and_two() {
    let dir = scratch();
    let estimate = write(dir.path(), "du-toan-lon.xlsx", &[estimate()]);
    // A plan of 6,000 rows with a subtotal typed over and a task pasted
    // twice under one parent.
    let mut plan = phuluc::sample::large_appendix(6_000);
    let body = plan.body_row();
    let copied = plan.rows[3][1].clone();
    plan.rows[4][1] = copied;
    plan.rows[1][4] = SampleCell::Number(1.0);
    let plan_path = write(dir.path(), "ke-hoach-lon.xlsx", &[plan]);
    // Its header's groups are merged cells, found while the cells are read.
    let mut source = phuluc::read::Source::open(&plan_path).expect("open");
    let name = source.sheet_names()[0].clone();
    assert!(!source.sheet(&name).expect("sheet").merges.is_empty());

    let o = phuluc::analyse(&plan_path, &Default::default()).expect("check");
    assert!(o.appendix.tables[0].items.len() >= 5_000);
    assert!(find(&o, "duplicate-row", &phuluc::read::a1(body + 4, 1)).is_some());
    let errors = errors(&o);
    assert!(
        errors
            .iter()
            .any(|(_, c)| *c == phuluc::read::a1(body + 1, 4)),
        "{errors:?}"
    );

    for path in [&estimate, &plan_path] {
        let one = json_with_threads(path, "1");
        let two = json_with_threads(path, "2");
        assert!(
            one == two,
            "{} differs between one core and two",
            path.display()
        );
    }
}
