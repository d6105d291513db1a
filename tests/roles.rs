//! Columns mean what their header says, confirmed by their rows (issue
//! 25): a family of commune tables whose plan years sit beside last
//! year's estimate, running totals ("Lũy kế từ đầu năm"), a period's
//! figure ("Trong tháng"), revenue and a percentage, in varied orders and
//! wordings. Each variant is checked clean (no "should add" on columns
//! that are periods of the same money), exported with only the plan's
//! years, its period total and its funding sources, rolled up by the
//! plan's years, both naming the columns they took; and an injected wrong
//! plan-year amount is still found.

mod common;

use common::{scratch, Rng};
use phuluc::model::roles::{column_roles, Confirmation, Meaning};
use phuluc::reconcile::rollup::{rollup, By, Note, RollupOptions};
use phuluc::sample::{SampleCell, SampleTable};
use phuluc::Severity;
use std::path::Path;

/// Whole numbers from the families' generator.
trait Int {
    fn int(&mut self, lo: i64, hi: i64) -> i64;
    fn word(&mut self, xs: &[&'static str]) -> &'static str;
}

impl Int for Rng {
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.range(lo as u64, hi as u64) as i64
    }
    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        let word: &&'static str = self.pick(xs);
        word
    }
}

const VARIANTS: u64 = 60;

/// What a generated column is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Plan(u16),
    PeriodTotal,
    Source,
    Previous,
    Period,
    Cumulative,
    Revenue,
    Percent,
}

/// A generated commune table: its header (one or two rows), its columns'
/// kinds (from column C), its body rows as numbers per column.
struct Variant {
    table: SampleTable,
    kinds: Vec<Kind>,
    /// Body rows: (STT, content, whether a leaf, a value per column).
    rows: Vec<(String, String, bool, Vec<Option<f64>>)>,
}

const PLAN_WORDS: &[&str] = &["Năm {y}", "Kế hoạch năm {y}", "Dự kiến kinh phí năm {y}"];
const PREVIOUS_WORDS: &[&str] = &[
    "Dự toán năm {p}",
    "Ước thực hiện năm {p}",
    "Quyết toán năm {p}",
    "Thực hiện năm {p}",
];
const CUMULATIVE_WORDS: &[&str] = &[
    "Lũy kế từ đầu năm",
    "Lũy kế vốn đã bố trí đến hết năm {p}",
    "Luỹ kế đến kỳ báo cáo",
    "Từ đầu dự án",
    "Lũy kế thực hiện",
];
const PERIOD_WORDS: &[&str] = &[
    "Thực hiện trong tháng",
    "Trong quý",
    "Thực hiện trong kỳ",
    "Kỳ này",
];
const REVENUE_WORDS: &[&str] = &[
    "Dự toán thu năm {y}",
    "Số thu năm {y}",
    "Dự toán thu ngân sách năm {y}",
];
const PERCENT_WORDS: &[&str] = &["So sánh (%)", "Tỷ lệ (%)", "So sánh {y}/{p} (%)", "%"];
const TOTAL_WORDS: &[&str] = &["Tổng giai đoạn {y}-{z}", "Tổng cộng", "Tổng số"];
const CONTENT: &[&str] = &[
    "Sửa chữa trường mầm non",
    "Đường giao thông nông thôn",
    "Nhà văn hóa thôn",
    "Kênh mương nội đồng",
    "Trạm y tế xã",
    "Chi sự nghiệp văn hóa",
    "Chi quốc phòng địa phương",
    "Chi an ninh trật tự",
    "Hỗ trợ hộ nghèo",
    "Chi sự nghiệp môi trường",
];

fn words(w: &str, first: u16, last: u16) -> String {
    w.replace("{y}", &first.to_string())
        .replace("{z}", &last.to_string())
        .replace("{p}", &(first - 1).to_string())
}

fn variant(seed: u64) -> Variant {
    let mut rng = Rng::new(seed);
    let first: u16 = 2026;
    let years = rng.int(1, 3) as u16;
    let last = first + years - 1;
    let plan_word = rng.word(PLAN_WORDS);
    // The plan block: its years, the period total beside several years,
    // and funding sources under it.
    let mut plan: Vec<(Kind, String)> = (first..=last)
        .map(|y| (Kind::Plan(y), words(plan_word, y, last)))
        .collect();
    if years > 1 {
        plan.push((Kind::PeriodTotal, words(rng.word(TOTAL_WORDS), first, last)));
    }
    let sources = rng.below(3) == 0;
    // Extras beside it: at least one, in any order.
    let mut extras: Vec<(Kind, String)> = Vec::new();
    let previous = rng.coin();
    if previous {
        extras.push((Kind::Previous, words(rng.word(PREVIOUS_WORDS), first, last)));
    }
    let running = rng.coin() || extras.is_empty();
    if running {
        if rng.coin() {
            extras.push((Kind::Period, rng.word(PERIOD_WORDS).to_string()));
        }
        extras.push((
            Kind::Cumulative,
            words(rng.word(CUMULATIVE_WORDS), first, last),
        ));
    }
    if rng.coin() {
        extras.push((Kind::Revenue, words(rng.word(REVENUE_WORDS), first, last)));
    }
    if previous && rng.coin() {
        extras.push((Kind::Percent, words(rng.word(PERCENT_WORDS), first, last)));
    }
    // Shuffle the extras, then place the plan block among them (a period's
    // figure stays before its running total).
    for i in (1..extras.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        extras.swap(i, j);
    }
    if let (Some(p), Some(c)) = (
        extras.iter().position(|e| e.0 == Kind::Period),
        extras.iter().position(|e| e.0 == Kind::Cumulative),
    ) {
        if p > c {
            let period = extras.remove(p);
            extras.insert(c, period);
        }
    }
    let at = rng.below(extras.len() as u64 + 1) as usize;
    let mut columns: Vec<(Kind, String)> = extras[..at].to_vec();
    columns.extend(plan);
    if sources {
        columns.push((Kind::Source, "NSTW".into()));
        columns.push((Kind::Source, "NSĐP".into()));
    }
    columns.extend(extras[at..].iter().cloned());
    let kinds: Vec<Kind> = columns.iter().map(|c| c.0).collect();
    // Groups over two columns: "Nguồn vốn" over the sources; sometimes a
    // group over a period's figure and its running total (what it is
    // headed, nothing in it adds).
    let mut groups: Vec<(usize, &str)> = Vec::new();
    if let Some(s) = kinds.iter().position(|k| *k == Kind::Source) {
        groups.push((s, "Nguồn vốn"));
    }
    if let Some(p) = kinds.iter().position(|k| *k == Kind::Period) {
        if kinds.get(p + 1) == Some(&Kind::Cumulative) && rng.coin() {
            groups.push((p, rng.word(&["Thực hiện", "Kết quả giải ngân", "Trong đó"])));
        }
    }

    // The body: sections (I, II) of items, or items alone; a total row.
    let sections = rng.below(3) as usize;
    let mut rows: Vec<(String, String, bool, Vec<Option<f64>>)> = Vec::new();
    let mut content = 0usize;
    let mut leaf = |rng: &mut Rng, stt: String| {
        let mut values: Vec<Option<f64>> = Vec::new();
        let plan_years: Vec<i64> = (0..years).map(|_| rng.int(10, 900)).collect();
        let plan_total: i64 = plan_years.iter().sum();
        let period = rng.int(1, 60);
        for k in &kinds {
            values.push(Some(match k {
                Kind::Plan(y) => plan_years[(*y - first) as usize] as f64,
                Kind::PeriodTotal => plan_total as f64,
                Kind::Source => 0.0, // set below
                Kind::Previous => rng.int(10, 900) as f64,
                Kind::Period => period as f64,
                Kind::Cumulative => (period + rng.int(0, 400)) as f64,
                Kind::Revenue => rng.int(5, 300) as f64,
                Kind::Percent => 0.0, // set below
            }));
        }
        // NSTW + NSĐP = the column just before them.
        if let Some(s) = kinds.iter().position(|k| *k == Kind::Source) {
            let whole = values[s - 1].unwrap_or(0.0) as i64;
            let central = rng.int(0, whole);
            values[s] = Some(central as f64);
            values[s + 1] = Some((whole - central) as f64);
        }
        content += 1;
        (
            stt,
            CONTENT[content % CONTENT.len()].to_string(),
            true,
            values,
        )
    };
    let sum = |rows: &[(String, String, bool, Vec<Option<f64>>)]| -> Vec<Option<f64>> {
        (0..kinds.len())
            .map(|k| {
                Some(
                    rows.iter()
                        .filter(|r| r.2)
                        .map(|r| r.3[k].unwrap_or(0.0))
                        .sum(),
                )
            })
            .collect()
    };
    if sections == 0 {
        for i in 0..rng.int(3, 7) {
            rows.push(leaf(&mut rng, (i + 1).to_string()));
        }
    } else {
        const ROMAN: [&str; 3] = ["I", "II", "III"];
        for (s, roman) in ROMAN.iter().enumerate().take(sections + 1) {
            let items: Vec<_> = (0..rng.int(2, 4))
                .map(|i| leaf(&mut rng, (i + 1).to_string()))
                .collect();
            let head = (
                roman.to_string(),
                ["Chi thường xuyên", "Chi đầu tư phát triển", "Chi khác"][s].to_string(),
                false,
                sum(&items),
            );
            rows.push(head);
            rows.extend(items);
        }
    }
    let total = ("".to_string(), "Tổng cộng".to_string(), false, sum(&rows));
    let total_on_top = rng.coin();
    if total_on_top {
        rows.insert(0, total);
    } else {
        rows.push(total);
    }
    // A percentage: this year's plan over last year's, to one place.
    if let Some(p) = kinds.iter().position(|k| *k == Kind::Percent) {
        let plan = kinds.iter().position(|k| *k == Kind::Plan(first)).unwrap();
        let prev = kinds.iter().position(|k| *k == Kind::Previous).unwrap();
        for r in &mut rows {
            let (a, b) = (r.3[plan].unwrap_or(0.0), r.3[prev].unwrap_or(0.0));
            r.3[p] = (b != 0.0).then(|| (a / b * 1000.0).round() / 10.0);
        }
    }

    let mut table = SampleTable::new("Phụ lục");
    table.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ THỬ NGHIỆM".into()];
    table.title = vec![
        "Phụ lục I".into(),
        "DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2026".into(),
    ];
    table.unit_line = Some("Đơn vị tính: triệu đồng".into());
    let labels: Vec<String> = ["STT".to_string(), "Nội dung".to_string()]
        .into_iter()
        .chain(columns.iter().map(|c| c.1.clone()))
        .collect();
    table.header = if groups.is_empty() {
        vec![labels]
    } else {
        // The group's label over its two columns; every other label merged
        // down.
        let mut top: Vec<String> = labels.clone();
        let mut bottom: Vec<String> = vec![String::new(); labels.len()];
        for &(k, label) in &groups {
            bottom[2 + k] = top[2 + k].clone();
            bottom[3 + k] = top[3 + k].clone();
            top[2 + k] = label.to_string();
            top[3 + k] = String::new();
        }
        vec![top, bottom]
    };
    table.column_numbers = rng.below(4) == 0;
    table.rows = rows
        .iter()
        .map(|(stt, content, _, values)| {
            [SampleCell::text(stt), SampleCell::text(content)]
                .into_iter()
                .chain(values.iter().map(|v| match v {
                    Some(n) => SampleCell::Number(*n),
                    None => SampleCell::Empty,
                }))
                .collect()
        })
        .collect();
    Variant { table, kinds, rows }
}

fn letter(k: usize) -> String {
    phuluc::read::column_letters(2 + k as u32)
}

/// The letters of the columns of kinds `pick`.
fn letters(v: &Variant, pick: impl Fn(Kind) -> bool) -> Vec<String> {
    let mut out: Vec<String> = (0..v.kinds.len())
        .filter(|&k| pick(v.kinds[k]))
        .map(letter)
        .collect();
    out.sort();
    out
}

fn carried(k: Kind) -> bool {
    matches!(k, Kind::Plan(_) | Kind::PeriodTotal | Kind::Source)
}

fn save(v: &Variant, dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    phuluc::sample::save(std::slice::from_ref(&v.table), &path).expect("saved");
    path
}

#[test]
fn plan_years_beside_reference_running_revenue_and_percentage_columns() {
    let dir = scratch();
    for seed in 0..VARIANTS {
        let v = variant(seed);
        let path = save(&v, dir.path(), &format!("v{seed}.xlsx"));
        let o = phuluc::analyse(&path, &Default::default()).expect("readable");
        let said: Vec<String> = o
            .findings
            .iter()
            .map(|f| format!("{} {} {}", f.code, f.cell, f.message(Default::default())))
            .collect();
        // Clean: no error, and nothing claims that the periods of one money
        // (or last year's estimate, revenue) add.
        assert!(
            o.findings
                .iter()
                .all(|f| f.severity != Severity::Error
                    && f.code.to_string() != "structure-unconfirmed"),
            "seed {seed}: {:?}\n{said:#?}",
            v.table.header
        );
        let table = &o.appendix.tables[0];
        assert_eq!(
            table.coverage.as_ref().map(|c| c.unchecked.len()),
            Some(0),
            "seed {seed}: {:?}",
            v.table.header
        );

        // The meanings, from the headers and confirmed where rows can.
        let roles = column_roles(table);
        let meaning_of = |k: usize| {
            roles
                .iter()
                .find(|r| r.letter == letter(k))
                .map(|r| (r.meaning, r.confirmation))
        };
        for (k, kind) in v.kinds.iter().enumerate() {
            let got = meaning_of(k);
            let ok = match kind {
                Kind::Plan(y) => matches!(got, Some((Meaning::PlanYear(g), _)) if g == *y),
                Kind::PeriodTotal => got == Some((Meaning::PeriodTotal, Confirmation::Confirmed)),
                Kind::Previous => matches!(got, Some((Meaning::Reference(_), _))),
                Kind::Cumulative => matches!(
                    got,
                    Some((
                        Meaning::Cumulative,
                        Confirmation::Confirmed | Confirmation::Untested
                    ))
                ),
                Kind::Period => matches!(got, Some((Meaning::Period, Confirmation::Confirmed))),
                Kind::Revenue => matches!(got, Some((Meaning::Revenue, _))),
                Kind::Percent => got == Some((Meaning::Percentage, Confirmation::Confirmed)),
                Kind::Source => true,
            };
            assert!(
                ok,
                "seed {seed}: column {} {kind:?} read as {got:?}\n{:?}",
                letter(k),
                v.table.header
            );
        }

        // Export: only the plan's years, its period total and its sources,
        // and the columns it took and left said.
        let exported = phuluc::export::export(
            std::slice::from_ref(&o.appendix),
            &phuluc::export::ExportOptions::default(),
        )
        .expect("exported");
        let mut sources: Vec<String> = exported
            .text
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').rev().nth(1))
            .filter_map(|cell| cell.rsplit('!').next())
            .map(|a1| {
                a1.trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_string()
            })
            .collect();
        sources.sort();
        sources.dedup();
        let expected = letters(&v, carried);
        assert_eq!(sources, expected, "seed {seed}: {:?}", v.table.header);
        let left = letters(&v, |k| {
            matches!(
                k,
                Kind::Previous | Kind::Period | Kind::Cumulative | Kind::Revenue
            )
        });
        assert_eq!(exported.columns.len(), usize::from(!left.is_empty()));
        if let Some(c) = exported.columns.first() {
            let mut taken: Vec<String> = c.taken.iter().map(|t| t.0.clone()).collect();
            taken.sort();
            let mut not: Vec<String> = c.left.iter().map(|t| t.0.clone()).collect();
            not.sort();
            assert_eq!(
                (taken, not),
                (expected.clone(), left.clone()),
                "seed {seed}"
            );
            let line = c.message(Default::default());
            assert!(
                line.contains("xuất cột") && line.contains("không xuất cột"),
                "{line}"
            );
        }

        // The leaves' plan-year amounts, summed, are the plan's total.
        for (k, kind) in v.kinds.iter().enumerate() {
            let Kind::Plan(y) = kind else { continue };
            let in_csv: f64 = exported
                .text
                .lines()
                .filter(|l| l.contains(&format!(",{y},nam,")))
                .filter_map(|l| l.split(',').nth(12)?.parse::<f64>().ok())
                .sum();
            let leaves: f64 = v
                .rows
                .iter()
                .filter(|r| r.2)
                .map(|r| r.3[k].unwrap_or(0.0))
                .sum();
            assert_eq!(in_csv, leaves, "seed {seed} year {y}");
        }

        // Rollup: by the plan's years only, naming them; nothing left over.
        let r = rollup(
            std::slice::from_ref(&o.appendix),
            &RollupOptions::new(By::Section),
        )
        .expect("rolled up");
        let difference = r.difference.as_ref().expect("a total row");
        assert!(
            difference.iter().all(|(_, d)| d.is_zero()),
            "seed {seed}: {difference:?}"
        );
        let years: Vec<String> = letters(&v, |k| matches!(k, Kind::Plan(_)));
        let rolled: Vec<String> = r
            .notes
            .iter()
            .find_map(|n| match n {
                Note::Columns { taken, .. } => Some(taken.iter().map(|t| t.0.clone()).collect()),
                _ => None,
            })
            .unwrap_or_default();
        let mut rolled_years: Vec<String> =
            rolled.into_iter().filter(|l| years.contains(l)).collect();
        rolled_years.sort();
        if !left.is_empty() {
            assert_eq!(rolled_years, years, "seed {seed}");
        }

        // A wrong plan-year amount on a leaf is still found.
        let k = v
            .kinds
            .iter()
            .position(|k| matches!(k, Kind::Plan(_)))
            .unwrap();
        let i = v.rows.iter().position(|r| r.2).unwrap();
        let mut wrong = v.table.clone();
        let Some(SampleCell::Number(n)) = wrong.rows[i].get(2 + k).cloned() else {
            panic!("seed {seed}: no number");
        };
        wrong.rows[i][2 + k] = SampleCell::Number(n + 7.0);
        let bad = dir.path().join(format!("bad{seed}.xlsx"));
        phuluc::sample::save(&[wrong.clone()], &bad).unwrap();
        let o = phuluc::analyse(&bad, &Default::default()).expect("readable");
        let cell = phuluc::read::a1(wrong.body_row() + i as u32, 2 + k as u32);
        let col = letter(k);
        assert!(
            o.findings.iter().any(|f| f.severity == Severity::Error
                && (f.cell == cell
                    || f.related.contains(&cell)
                    || f.cell.trim_end_matches(|c: char| c.is_ascii_digit()) == col)),
            "seed {seed}: {cell} not found: {:?}",
            o.findings
                .iter()
                .map(|f| (f.code.to_string(), f.cell.clone()))
                .collect::<Vec<_>>()
        );
    }
}

/// A header the rows refute is said to be unconfirmed: a "Lũy kế" column
/// below its period's figure on every row, a "%" column that is no ratio.
#[test]
fn a_header_the_rows_refute_is_reported_not_obeyed() {
    let t = common::table(
        &[
            "STT",
            "Nội dung",
            "Năm 2026",
            "Trong quý",
            "Lũy kế từ đầu năm",
            "Tỷ lệ (%)",
        ],
        &[
            &["1", "Đường", "100", "40", "10", "55"],
            &["2", "Trường", "120", "30", "20", "66"],
            &["3", "Trạm y tế", "80", "30", "20", "77"],
            &["", "Tổng cộng", "300", "100", "50", "12"],
        ],
    );
    let dir = scratch();
    let path = common::write(dir.path(), "refuted.xlsx", &[t]);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let roles = column_roles(&o.appendix.tables[0]);
    let state = |l: &str| {
        roles
            .iter()
            .find(|r| r.letter == l)
            .map(|r| (r.meaning, r.confirmation))
    };
    assert_eq!(
        state("E"),
        Some((Meaning::Cumulative, Confirmation::Unconfirmed))
    );
    assert_eq!(
        state("F"),
        Some((Meaning::Percentage, Confirmation::Unconfirmed))
    );
    // `show` says so; export says it left the refuted columns out.
    let shown = common::phuluc(&["show", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("E    cumulative: NOT CONFIRMED: holds on 0/4 rows"),
        "{text}"
    );
    let out = dir.path().join("x.csv");
    let e = common::phuluc(&[
        "export",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&e.stderr);
    assert_eq!(e.status.code(), Some(0), "{err}");
    assert!(
        err.contains("xuất cột C «Năm 2026» (năm 2026); không xuất cột D «Trong quý» (số trong kỳ, dữ liệu không xác nhận tiêu đề), cột E «Lũy kế từ đầu năm» (lũy kế, dữ liệu không xác nhận tiêu đề)"),
        "{err}"
    );
    let e = common::phuluc(&["--lang", "en", "export", path.to_str().unwrap(), "-o", "-"]);
    let err = String::from_utf8_lossy(&e.stderr);
    assert!(
        err.contains("exported column C «Năm 2026» (year 2026); left out column D «Trong quý» (this period's, the rows do not bear its header out)"),
        "{err}"
    );
}

/// Money columns that cannot be told apart (two amounts, no year, neither
/// the total of the other) are refused for export, naming the table.
#[test]
fn an_export_of_columns_that_cannot_be_told_apart_is_refused() {
    let t = common::table(
        &["STT", "Nội dung", "Kinh phí NSTW", "Kinh phí NSĐP"],
        &[
            &["1", "Đường", "100", "50"],
            &["2", "Trường", "200", "20"],
            &["", "Tổng cộng", "300", "70"],
        ],
    );
    let dir = scratch();
    let path = common::write(dir.path(), "nguon.xlsx", &[t]);
    let out = dir.path().join("x.csv");
    let o = common::phuluc(&[
        "export",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("không phân biệt được cột số tiền nào là kinh phí ('Phụ lục'!A")
            && err.contains("C «Kinh phí NSTW», D «Kinh phí NSĐP»"),
        "{err}"
    );
    assert!(!out.exists());

    // Beside a table it can read, that one is exported and the other named.
    let mut plan = common::table(
        &["STT", "Nội dung", "Năm 2026"],
        &[&["1", "Đường", "100"], &["", "Tổng cộng", "100"]],
    );
    plan.sheet = "Kế hoạch".into();
    let mut t = common::table(
        &["STT", "Nội dung", "Kinh phí NSTW", "Kinh phí NSĐP"],
        &[
            &["1", "Đường", "100", "50"],
            &["", "Tổng cộng", "100", "50"],
        ],
    );
    t.sheet = "Nguồn".into();
    let path = common::write(dir.path(), "hai.xlsx", &[plan, t]);
    let o = common::phuluc(&["export", path.to_str().unwrap(), "-o", "-"]);
    let err = String::from_utf8_lossy(&o.stderr);
    let csv = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("hai.xlsx: 'Nguồn'!A")
            && err.contains("C «Kinh phí NSTW», D «Kinh phí NSĐP»: không xuất: không phân biệt được cột số tiền nào là kinh phí"),
        "{err}"
    );
    assert!(
        csv.contains("'Kế hoạch'!C") && !csv.contains("'Nguồn'!"),
        "{csv}"
    );
}

/// A Mục with its Tiểu mục, each with an amount per year.
type Muc = (u32, Vec<(u32, Vec<i64>)>);

/// A body row: STT, (Mục, Tiểu mục) codes, content, an amount per year.
type BodyRow = (String, Option<(u32, Option<u32>)>, String, Vec<i64>);

/// One table of a two-table budget sheet: its unit (name, đồng per unit),
/// whether it has Mục / Tiểu mục columns, its years, its Mục with their
/// Tiểu mục amounts per year.
struct Part {
    unit: (&'static str, i64),
    codes: bool,
    years: u16,
    mucs: Vec<Muc>,
    total_on_top: bool,
}

/// `rollup --by muc` of a clean sheet holding two tables (chi thường
/// xuyên, chi đầu tư), each under its own section title and unit line,
/// with Mục / Tiểu mục codes or none, a total per table at its top or
/// bottom, units that differ between the tables (triệu and nghìn): every
/// table is read in its own unit, and the rollup's groups add up to the
/// tables' totals — no phantom "Chênh lệch", also where the second
/// table's header repeats the first's cell for cell (the phantom issue 25
/// reported: the second header was skipped as a page break's repeat).
#[test]
fn a_two_table_sheet_rolls_up_by_muc_without_a_phantom_difference() {
    use rust_xlsxwriter::Workbook;
    let dir = scratch();
    for seed in 0..VARIANTS {
        let mut rng = Rng::new(seed + 1000);
        const UNITS: [(&str, i64); 2] = [("triệu đồng", 1_000_000), ("nghìn đồng", 1_000)];
        let first_unit = UNITS[rng.below(2) as usize];
        let second_unit = if rng.coin() {
            first_unit
        } else {
            UNITS[rng.below(2) as usize]
        };
        let first_codes = rng.coin();
        let first_years = rng.int(1, 2) as u16;
        // The second header laid out like the first or not: one that
        // repeats the first's cells column for column, under its own unit
        // line, is another table's, not a page break's repeat.
        let second_codes = if rng.coin() {
            first_codes
        } else {
            !first_codes
        };
        let second_years = rng.int(1, 2) as u16;
        let mut parts = Vec::new();
        for (t, (unit, codes, years)) in [
            (first_unit, first_codes, first_years),
            (second_unit, second_codes, second_years),
        ]
        .into_iter()
        .enumerate()
        {
            let mucs = (0..rng.int(1, 3))
                .map(|m| {
                    let muc = 6000 + 50 * m as u32 + 3000 * t as u32;
                    let subs = (0..rng.int(1, 3))
                        .map(|s| {
                            let amounts = (0..years).map(|_| rng.int(1, 999) * 10).collect();
                            (muc + 1 + s as u32, amounts)
                        })
                        .collect();
                    (muc, subs)
                })
                .collect();
            parts.push(Part {
                unit,
                codes,
                years,
                mucs,
                total_on_top: rng.coin(),
            });
        }
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Dự toán").unwrap();
        let mut r = 0u32;
        ws.write(r, 0, "UBND XÃ AN BÌNH").unwrap();
        ws.write(r + 1, 0, "DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2026")
            .unwrap();
        r += 3;
        let mut expected_total: i64 = 0; // đồng, every year
        for (t, p) in parts.iter().enumerate() {
            ws.write(
                r,
                0,
                ["I. CHI THƯỜNG XUYÊN", "II. CHI ĐẦU TƯ PHÁT TRIỂN"][t],
            )
            .unwrap();
            ws.write(r + 1, 0, format!("Đơn vị tính: {}", p.unit.0))
                .unwrap();
            r += 2;
            let mut header: Vec<String> = vec!["STT".into()];
            if p.codes {
                header.extend(["Mục".into(), "Tiểu mục".into()]);
            }
            header.push("Nội dung".into());
            header.extend((0..p.years).map(|y| format!("Năm {}", 2026 + y)));
            for (c, h) in header.iter().enumerate() {
                ws.write(r, c as u16, h.as_str()).unwrap();
            }
            r += 1;
            let money = 1 + 2 * u16::from(p.codes) + 1;
            let mut rows: Vec<BodyRow> = Vec::new();
            let mut total = vec![0i64; p.years as usize];
            for (m, (muc, subs)) in p.mucs.iter().enumerate() {
                let sum: Vec<i64> = (0..p.years as usize)
                    .map(|y| subs.iter().map(|s| s.1[y]).sum())
                    .collect();
                for (y, v) in sum.iter().enumerate() {
                    total[y] += v;
                }
                rows.push((
                    (m + 1).to_string(),
                    Some((*muc, None)),
                    format!("Mục {muc}"),
                    sum,
                ));
                for (j, (tm, a)) in subs.iter().enumerate() {
                    let stt = if p.codes {
                        "-".to_string()
                    } else {
                        format!("{}.{}", m + 1, j + 1)
                    };
                    rows.push((
                        stt,
                        Some((*muc, Some(*tm))),
                        format!("Tiểu mục {tm}"),
                        a.clone(),
                    ));
                }
            }
            expected_total += total.iter().sum::<i64>() * p.unit.1;
            let total_row = (
                String::new(),
                None,
                ["Cộng", "Tổng cộng"][t].to_string(),
                total,
            );
            if p.total_on_top {
                rows.insert(0, total_row);
            } else {
                rows.push(total_row);
            }
            for (stt, codes, content, amounts) in rows {
                if !stt.is_empty() {
                    ws.write(r, 0, stt.as_str()).unwrap();
                }
                if let (true, Some((muc, tm))) = (p.codes, codes) {
                    ws.write(r, 1, muc).unwrap();
                    if let Some(tm) = tm {
                        ws.write(r, 2, tm).unwrap();
                    }
                }
                ws.write(r, money - 1, content.as_str()).unwrap();
                for (y, v) in amounts.iter().enumerate() {
                    ws.write(r, money + y as u16, *v as f64).unwrap();
                }
                r += 1;
            }
            r += 2;
        }
        let path = dir.path().join(format!("two{seed}.xlsx"));
        wb.save(&path).unwrap();

        let o = phuluc::analyse(&path, &Default::default()).expect("readable");
        let tables = &o.appendix.tables;
        assert_eq!(tables.len(), 2, "seed {seed}");
        for (t, p) in tables.iter().zip(&parts) {
            assert_eq!(
                t.money_unit().map(|u| u.name_vi()),
                Some(p.unit.0),
                "seed {seed}: {}",
                t.range
            );
        }
        assert!(
            o.findings.iter().all(|f| f.severity != Severity::Error),
            "seed {seed}: {:?}",
            o.findings
                .iter()
                .map(|f| (f.code.to_string(), f.cell.clone()))
                .collect::<Vec<_>>()
        );
        let r = rollup(
            std::slice::from_ref(&o.appendix),
            &RollupOptions::new(By::Section),
        )
        .expect("rolled up");
        let difference = r.difference.as_ref().expect("both tables have a total");
        assert!(
            difference.iter().all(|(_, d)| d.is_zero()),
            "seed {seed}: phantom difference {difference:?}"
        );
        // Every amount counted once, each in its own unit.
        let unit = r.unit.expect("a unit").factor();
        let counted = r
            .sum_of_groups
            .get(phuluc::reconcile::rollup::Period::Total)
            .expect("a period total");
        let dong = rust_decimal::Decimal::from(expected_total);
        assert_eq!(counted * unit, dong, "seed {seed}");
    }
}

/// A summary per Mục keyed by its code ("STT | Mục | Năm 2026", lines
/// "6000", "6050") under a detail whose sections name the Mục in words
/// ("Mục 6000 - Tiền lương"): the rollup by Mục counts the detail once and
/// names the summary, and `reconcile` pairs them.
#[test]
fn a_summary_keyed_by_mục_codes_is_not_added_beside_its_detail() {
    use rust_xlsxwriter::Workbook;
    const NAMES: [&str; 4] = ["Tiền lương", "Tiền công", "Phụ cấp lương", "Tiền thưởng"];
    let dir = scratch();
    for seed in 0..20u64 {
        let mut rng = Rng::new(seed + 2000);
        let years = rng.int(1, 2) as u16;
        let mucs: Vec<(u32, Vec<Vec<i64>>)> = (0..rng.int(2, 4))
            .map(|m| {
                let subs = (0..rng.int(1, 3))
                    .map(|_| (0..years).map(|_| rng.int(1, 900) * 10).collect())
                    .collect();
                (6000 + 50 * m as u32, subs)
            })
            .collect();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "UBND XÃ AN BÌNH").unwrap();
        ws.write(1, 0, "DỰ TOÁN CHI THƯỜNG XUYÊN NĂM 2026").unwrap();
        ws.write(2, 0, "Đơn vị tính: triệu đồng").unwrap();
        let year_labels: Vec<String> = (0..years).map(|y| format!("Năm {}", 2026 + y)).collect();
        for (c, h) in ["STT", "Nội dung"]
            .iter()
            .map(|s| s.to_string())
            .chain(year_labels.iter().cloned())
            .enumerate()
        {
            ws.write(3, c as u16, h).unwrap();
        }
        let mut r = 4u32;
        let mut totals = vec![0i64; years as usize];
        let mut per_muc: Vec<Vec<i64>> = Vec::new();
        for (m, (muc, subs)) in mucs.iter().enumerate() {
            let sum: Vec<i64> = (0..years as usize)
                .map(|y| subs.iter().map(|s| s[y]).sum())
                .collect();
            ws.write(r, 0, (m + 1).to_string()).unwrap();
            ws.write(r, 1, format!("Mục {muc} - {}", NAMES[m])).unwrap();
            for (y, v) in sum.iter().enumerate() {
                ws.write(r, 2 + y as u16, *v as f64).unwrap();
                totals[y] += v;
            }
            r += 1;
            for (j, s) in subs.iter().enumerate() {
                ws.write(r, 0, format!("{}.{}", m + 1, j + 1)).unwrap();
                ws.write(r, 1, format!("Tiểu mục {}", muc + 1 + j as u32))
                    .unwrap();
                for (y, v) in s.iter().enumerate() {
                    ws.write(r, 2 + y as u16, *v as f64).unwrap();
                }
                r += 1;
            }
            per_muc.push(sum);
        }
        ws.write(r, 1, "Tổng cộng").unwrap();
        for (y, v) in totals.iter().enumerate() {
            ws.write(r, 2 + y as u16, *v as f64).unwrap();
        }
        r += 3;
        ws.write(r, 0, "TỔNG HỢP THEO MỤC").unwrap();
        ws.write(r + 1, 0, "Đơn vị tính: triệu đồng").unwrap();
        r += 2;
        for (c, h) in ["STT", "Mục"]
            .iter()
            .map(|s| s.to_string())
            .chain(year_labels.iter().cloned())
            .enumerate()
        {
            ws.write(r, c as u16, h).unwrap();
        }
        r += 1;
        for (m, ((muc, _), sum)) in mucs.iter().zip(&per_muc).enumerate() {
            ws.write(r, 0, (m + 1).to_string()).unwrap();
            ws.write(r, 1, *muc).unwrap();
            for (y, v) in sum.iter().enumerate() {
                ws.write(r, 2 + y as u16, *v as f64).unwrap();
            }
            r += 1;
        }
        ws.write(r, 1, "Cộng").unwrap();
        for (y, v) in totals.iter().enumerate() {
            ws.write(r, 2 + y as u16, *v as f64).unwrap();
        }
        let path = dir.path().join(format!("muc{seed}.xlsx"));
        wb.save(&path).unwrap();

        let o = phuluc::analyse(&path, &Default::default()).expect("readable");
        assert_eq!(o.appendix.tables.len(), 2, "seed {seed}");
        let r = rollup(
            std::slice::from_ref(&o.appendix),
            &RollupOptions::new(By::Section),
        )
        .expect("rolled up");
        assert!(
            r.notes.iter().any(|n| matches!(n, Note::Summary { .. })),
            "seed {seed}: {:?}",
            r.notes
        );
        assert_eq!(r.groups.len(), mucs.len(), "seed {seed}");
        let whole: i64 = totals.iter().sum();
        assert_eq!(
            r.sum_of_groups
                .get(phuluc::reconcile::rollup::Period::Total)
                .map(|d| d.to_string()),
            Some(whole.to_string()),
            "seed {seed}"
        );
        assert!(r
            .difference
            .as_ref()
            .is_some_and(|d| d.iter().all(|(_, v)| v.is_zero())));
    }
}
