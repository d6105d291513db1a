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
const PER_PART: usize = phuluc::sample::ESTIMATE_PART_LINES;

/// The row (0-based, in `rows`) of line `n` (1-based) of the estimate:
/// each part has its "*" row before its lines and its total after them.
fn line_row(n: usize) -> usize {
    let part = (n - 1) / PER_PART;
    part * (PER_PART + 2) + 1 + (n - 1) % PER_PART
}

/// An 8,000-line estimate with four mistakes: line 120's amount typed over,
/// line 2,005 a copy of line 2,004, line 3,333 measured per 100m3 where its
/// code is priced per m3, and part 70's total 1,000,000 too high.
fn estimate() -> SampleTable {
    let mut t = phuluc::sample::large_estimate(LINES);
    let rows = &mut t.rows;
    if let SampleCell::Number(x) = &mut rows[line_row(120)][6] {
        *x += 5_000.0;
    }
    let copied: Vec<SampleCell> = rows[line_row(2_004)][1..].to_vec();
    rows[line_row(2_005)].splice(1.., copied);
    let slip = &mut rows[line_row(3_333)];
    if let (SampleCell::Number(q), SampleCell::Number(p)) = (slip[4].clone(), slip[5].clone()) {
        slip[3] = SampleCell::text("100m3");
        slip[4] = SampleCell::Number(q / 100.0);
        slip[5] = SampleCell::Number(p * 100.0);
        slip[6] = SampleCell::Number((q / 100.0) * (p * 100.0));
    }
    phuluc::sample::retotal_estimate(&mut t);
    if let SampleCell::Number(x) = &mut t.rows[69 * (PER_PART + 2) + PER_PART + 1][6] {
        *x += 1_000_000.0;
    }
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
    assert_eq!(cells_with(&o, "unit-scale"), [cell(line_row(3_333), 3)]);
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
