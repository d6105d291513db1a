//! Cost estimates (dự toán) as estimating software exports them: parts
//! opened by "*", closed by "TỔNG CỘNG: <part>", a TỔNG HẠNG MỤC over the
//! parts, LÀM TRÒN, words lines under the totals, float amounts with
//! binary noise, and work items repeated on purpose.

mod common;
use common::*;
use phuluc::sample::{SampleCell, SampleTable};
use phuluc::Severity;

const HEADER: [&str; 7] = [
    "STT",
    "Mã hiệu",
    "Tên công tác",
    "Đơn vị",
    "Khối lượng",
    "Đơn giá",
    "Thành tiền",
];

struct Line {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    qty: f64,
    price: f64,
}

const PART_A: [Line; 2] = [
    Line {
        code: "AB.11312",
        name: "Đào móng công trình, đất cấp II",
        unit: "m3",
        qty: 38.0814,
        price: 215_340.123_4,
    },
    Line {
        code: "AF.11213",
        name: "Bê tông lót móng đá 4x6 M100",
        unit: "m3",
        qty: 3.5,
        price: 1_234_567.89,
    },
];
const PART_B: [Line; 2] = [
    Line {
        code: "AB.11312",
        name: "Đào móng công trình, đất cấp II",
        unit: "m3",
        qty: 12.0,
        price: 215_340.123_4,
    },
    Line {
        code: "AK.21224",
        name: "Trát tường ngoài dày 1,5cm",
        unit: "m2",
        qty: 120.75,
        price: 98_765.432_1,
    },
];

fn f(x: f64) -> SampleCell {
    SampleCell::Number(x)
}

fn t(s: &str) -> SampleCell {
    SampleCell::text(s)
}

/// The estimate; `tamper` changes the cells before the totals are written
/// (the totals are what Excel computed from the clean lines unless set).
struct Estimate {
    part_a_total: Option<f64>,
    rounded: Option<f64>,
    words: String,
}

fn sum(lines: &[Line]) -> f64 {
    lines.iter().map(|l| l.qty * l.price).sum()
}

fn build(e: &Estimate) -> SampleTable {
    let mut table = SampleTable::new("Dự toán chi tiết");
    table.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ THỬ NGHIỆM".into()];
    table.title = vec![
        "BẢNG DỰ TOÁN CHI TIẾT".into(),
        "Công trình: Kênh mương nội đồng".into(),
    ];
    table.unit_line = Some("Đơn vị tính: đồng".into());
    table.header = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    let mut rows: Vec<Vec<SampleCell>> = Vec::new();
    let mut n = 0;
    let mut part = |rows: &mut Vec<Vec<SampleCell>>, name: &str, lines: &[Line], total: f64| {
        rows.push(vec![t(""), t("*"), t(name), t(""), f(0.0), t(""), t("")]);
        for l in lines {
            n += 1;
            rows.push(vec![
                t(&n.to_string()),
                t(l.code),
                t(l.name),
                t(l.unit),
                f(l.qty),
                f(l.price),
                f(l.qty * l.price),
            ]);
        }
        rows.push(vec![
            t(""),
            t(""),
            t(&format!("TỔNG CỘNG: {name}")),
            t(""),
            t(""),
            t(""),
            f(total),
        ]);
    };
    let a = e.part_a_total.unwrap_or(sum(&PART_A));
    part(&mut rows, "Đập bê tông", &PART_A, a);
    let b = sum(&PART_B);
    part(&mut rows, "Kênh dẫn", &PART_B, b);
    let whole = sum(&PART_A) + b;
    rows.push(vec![
        t(""),
        t(""),
        t("TỔNG HẠNG MỤC"),
        t(""),
        t(""),
        t(""),
        f(whole),
    ]);
    let rounded = e.rounded.unwrap_or((whole / 1000.0).round() * 1000.0);
    rows.push(vec![
        t(""),
        t(""),
        t("LÀM TRÒN"),
        t(""),
        t(""),
        t(""),
        f(rounded),
    ]);
    rows.push(vec![t(""), t(""), t(&e.words)]);
    table.rows = rows;
    table
}

fn clean() -> Estimate {
    Estimate {
        part_a_total: None,
        rounded: None,
        words: "Bằng chữ: Hai mươi bảy triệu không trăm ba mươi mốt nghìn đồng".into(),
    }
}

#[test]
fn whole_amounts_for_reference() {
    // 38,0814 × 215.340,1234 + 3,5 × 1.234.567,89 + 12 × 215.340,1234
    // + 120,75 × 98.765,4321 = 27.031.448,397… đồng, rounded to 27.031.000.
    let whole = sum(&PART_A) + sum(&PART_B);
    assert_eq!((whole / 1000.0).round() * 1000.0, 27_031_000.0, "{whole}");
}

#[test]
fn a_clean_estimate_raises_nothing() {
    let table = build(&clean());
    let o = check1(&table);
    let read = &o.appendix.tables[0];
    assert!(read.estimate);
    assert_eq!(read.totals.len(), 4, "{:?}", read.totals);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // The repeated excavation is no duplicate in an estimate.
    assert!(
        o.findings
            .iter()
            .all(|f| f.code.as_str() != "duplicate-row"),
        "{:?}",
        codes(&o)
    );
    assert!(
        o.findings.iter().any(|f| f.code.as_str() == "words-match"),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_part_total_that_leaves_out_its_last_line_is_found() {
    let e = Estimate {
        part_a_total: Some(PART_A[0].qty * PART_A[0].price),
        ..clean()
    };
    let table = build(&e);
    let o = check1(&table);
    // Row 3 of the body is "TỔNG CỘNG: Đập bê tông".
    let f = find(&o, "total-sum", &addr(&table, 3, 6)).expect("total-sum at the part total");
    assert_eq!(f.severity, Severity::Error);
    // The hạng mục total, right as printed, is not blamed.
    assert!(
        find(&o, "total-sum", &addr(&table, 8, 6)).is_none(),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_wrong_rounding_and_stale_words_are_found() {
    let e = Estimate {
        rounded: Some(27_030_000.0),
        words: "Bằng chữ: Mười hai triệu đồng".into(),
        ..clean()
    };
    let table = build(&e);
    let o = check1(&table);
    let f = find(&o, "total-sum", &addr(&table, 9, 6)).expect("LÀM TRÒN checked");
    assert_eq!(f.expected.as_deref(), Some("27031000"));
    let w = find(&o, "words-mismatch", &addr(&table, 10, 2)).expect("words-mismatch");
    assert!(
        w.message(phuluc::lang::Lang::Vi)
            .contains("Hai mươi bảy triệu không trăm ba mươi mốt nghìn đồng"),
        "{}",
        w.message(phuluc::lang::Lang::Vi)
    );
}

#[test]
fn a_line_twice_in_one_part_and_a_provisional_price_are_flagged() {
    let mut table = build(&clean());
    // Body row 2 (line 2 of "Đập bê tông") becomes a copy of line 1, and a
    // line of "Kênh dẫn" keeps a provisional price.
    let first = table.rows[1].clone();
    table.rows[2] = first;
    table.rows[2][0] = SampleCell::text("2");
    table.rows[6][1] = SampleCell::text("TT");
    let o = check1(&table);
    let f = find(&o, "repeated-line", &addr(&table, 2, 1)).expect("repeated-line");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.related, vec![addr(&table, 1, 1)]);
    let p = find(&o, "provisional-price", &addr(&table, 6, 1)).expect("provisional-price");
    assert_eq!(p.severity, Severity::Info);
    // The same excavation in the other part is no repetition.
    assert_eq!(
        o.findings
            .iter()
            .filter(|f| f.code.as_str() == "repeated-line")
            .count(),
        1,
        "{:?}",
        codes(&o)
    );
}
