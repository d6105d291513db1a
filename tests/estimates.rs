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
        w.message(phuluc::report::lang::Lang::Vi)
            .contains("Hai mươi bảy triệu không trăm ba mươi mốt nghìn đồng"),
        "{}",
        w.message(phuluc::report::lang::Lang::Vi)
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

/// A cost summary: symbols and stated computations, VAT 8 %.
fn cost_summary(c: &str, tl: &str) -> phuluc::sample::SampleTable {
    let mut t = table(
        &[
            "STT",
            "Khoản mục chi phí",
            "Cách tính",
            "Giá trị",
            "Ký hiệu",
        ],
        &[
            &["1", "Chi phí vật liệu", "", "1000000", "VL"],
            &["2", "Chi phí nhân công", "", "500000", "NC"],
            &["3", "Chi phí máy thi công", "", "200000", "M"],
            &["4", "Chi phí trực tiếp", "VL+NC+M", "1700000", "T"],
            &["5", "Chi phí chung", "T x 6,5%", c, "C"],
            &[
                "6",
                "Thu nhập chịu thuế tính trước",
                "(T+C) x 5,5%",
                tl,
                "TL",
            ],
            &["7", "Giá trị dự toán trước thuế", "T+C+TL", "1910078", "G"],
            &["8", "Thuế giá trị gia tăng", "G x 8%", "152806", "GTGT"],
            &["9", "Giá trị dự toán sau thuế", "G+GTGT", "2062884", "Gxd"],
        ],
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t
}

#[test]
fn a_cost_summary_that_follows_its_stated_computations_is_clean() {
    let o = check1(&cost_summary("110500", "99578"));
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    let roles: Vec<String> = o.appendix.tables[0]
        .columns
        .iter()
        .map(|c| format!("{:?}", c.role))
        .collect();
    assert_eq!(roles, ["Stt", "Content", "Formula", "Amount", "Symbol"]);
}

#[test]
fn a_rate_row_off_its_stated_rate_is_reported_with_the_rate_it_applies() {
    // C written as 114.410 (6,73 % of T) where "T x 6,5%" gives 110.500;
    // TL and G are computed from the rows as written, so only C is off.
    let t = cost_summary("114410", "99793");
    let o = check1(&t);
    let f = find(&o, "summary-formula", &addr(&t, 4, 3)).expect("C is off");
    assert_eq!(f.expected.as_deref(), Some("110500"));
    let m = f.message(phuluc::report::lang::Lang::Vi);
    assert!(m.contains("Tỷ lệ thực tế là 6,73 %, ghi 6,5 %"), "{m}");
    let en = f.message(phuluc::report::lang::Lang::En);
    assert!(
        en.contains("«T x 6,5%» gives 110.500 but the row shows 114.410"),
        "{en}"
    );
}

/// (code, name, unit, quantity, VL, NC, M) of a detail sheet that prices
/// each line by its parts, as estimating software exports it.
const PARTS_LINES: [(&str, &str, &str, f64, f64, f64, f64); 3] = [
    (
        "AB.11312",
        "Đào móng băng, đất cấp II",
        "m3",
        12.5,
        0.0,
        150_000.0,
        0.0,
    ),
    (
        "AF.11111",
        "Bê tông lót móng M100",
        "m3",
        3.2,
        850_000.0,
        210_000.0,
        45_000.0,
    ),
    (
        "AF.61110",
        "Cốt thép móng D≤10mm",
        "tấn",
        0.4537,
        14_512_345.67,
        1_803_210.5,
        251_033.1,
    ),
];

/// A detail sheet with "Đơn giá" (its parts VL, NC, M and their sum) and
/// "Thành tiền" (the same), float products as Excel computes them. `tamper`
/// changes the body before the total row is added from it.
fn parts_estimate(tamper: impl Fn(&mut Vec<Vec<f64>>)) -> SampleTable {
    let mut table = SampleTable::new("Chi tiết");
    table.title = vec!["BẢNG DỰ TOÁN CHI TIẾT".into()];
    table.unit_line = Some("Đơn vị tính: đồng".into());
    let top = [
        "STT",
        "Mã hiệu",
        "Nội dung công việc",
        "Đơn vị",
        "Khối lượng",
        "Đơn giá",
        "",
        "",
        "",
        "Thành tiền",
        "",
        "",
        "",
    ];
    let below = [
        "",
        "",
        "",
        "",
        "",
        "Vật liệu",
        "Nhân công",
        "Máy",
        "Cộng",
        "Vật liệu",
        "Nhân công",
        "Máy",
        "Cộng",
    ];
    table.header = vec![
        top.iter().map(|s| s.to_string()).collect(),
        below.iter().map(|s| s.to_string()).collect(),
    ];
    // Numbers per line: qty, VL, NC, M, price, aVL, aNC, aM, amount.
    let mut body: Vec<Vec<f64>> = PARTS_LINES
        .iter()
        .map(|&(_, _, _, q, vl, nc, m)| {
            vec![
                q,
                vl,
                nc,
                m,
                vl + nc + m,
                q * vl,
                q * nc,
                q * m,
                q * vl + q * nc + q * m,
            ]
        })
        .collect();
    tamper(&mut body);
    let mut rows: Vec<Vec<SampleCell>> = Vec::new();
    for (n, (line, numbers)) in PARTS_LINES.iter().zip(&body).enumerate() {
        let mut row = vec![
            SampleCell::text(&(n + 1).to_string()),
            SampleCell::text(line.0),
            SampleCell::text(line.1),
            SampleCell::text(line.2),
        ];
        row.extend(numbers.iter().map(|&x| SampleCell::Number(x)));
        rows.push(row);
    }
    let mut total = vec![t(""), t(""), t("TỔNG CỘNG"), t("")];
    total.extend((0..5).map(|_| t("")));
    total.extend((5..9).map(|k| SampleCell::Number(body.iter().map(|r| r[k]).sum())));
    rows.push(total);
    table.rows = rows;
    table
}

#[test]
fn an_estimate_priced_by_its_parts_checks_clean() {
    let o = check(&[parts_estimate(|_| {})]);
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    let t = &o.appendix.tables[0];
    assert!(t.estimate);
    let roles: Vec<phuluc::detect::Role> = t.columns.iter().map(|c| c.role).collect();
    use phuluc::detect::Role;
    assert_eq!(
        roles[5..],
        [
            Role::PriceMaterial,
            Role::PriceLabour,
            Role::PriceMachine,
            Role::UnitPrice,
            Role::AmountMaterial,
            Role::AmountLabour,
            Role::AmountMachine,
            Role::Amount
        ]
    );
}

/// A labour cost typed over (700.000 for 3,2 × 210.000) is found at its
/// cell with the product; the totals that carry it are not blamed.
#[test]
fn a_wrong_part_cost_is_found_at_its_cell_not_in_the_totals() {
    let table = parts_estimate(|body| {
        body[1][6] = 700_000.0;
        body[1][8] = body[1][5] + 700_000.0 + body[1][7];
    });
    let body_row = table.body_row();
    let o = check(&[table]);
    let cell = phuluc::read::a1(body_row + 1, 10);
    let f = find(&o, "line-amount", &cell).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.expected.as_deref(), Some("672000"));
    assert_eq!(f.found.as_deref(), Some("700000"));
    assert!(f.message(phuluc::report::lang::Lang::Vi).contains(
        "Thành tiền NC ghi 700.000 nhưng Khối lượng × Đơn giá NC = 3,2 × 210.000 = 672.000"
    ));
    assert_eq!(errors(&o).len(), 1, "{:?}", errors(&o));
}

/// A unit price that is not VL + NC + M is found at its cell.
#[test]
fn a_unit_price_that_is_not_the_sum_of_its_parts_is_found() {
    let table = parts_estimate(|body| {
        // 1.105.000 typed as 1.150.000: the line's cost is computed from
        // the parts, so only the price is wrong.
        body[1][4] = 1_150_000.0;
    });
    let body_row = table.body_row();
    let o = check(&[table]);
    let cell = phuluc::read::a1(body_row + 1, 8);
    let f = find(&o, "line-amount", &cell).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.expected.as_deref(), Some("1105000"));
    assert!(f.message(phuluc::report::lang::Lang::En).contains(
        "the unit price shows 1.150.000 but VL + NC + M = 850.000 + 210.000 + 45.000 = 1.105.000"
    ));
}

/// A purchase estimate with "Thuế VAT <rate>%", dated by its date line.
fn purchase(rate: &str, date_line: Option<&str>) -> SampleTable {
    let vat = if rate == "8" { "120000" } else { "150000" };
    let grand = if rate == "8" { "1620000" } else { "1650000" };
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Đơn vị",
            "Khối lượng",
            "Đơn giá",
            "Thành tiền",
        ],
        &[
            &["1", "Máy tính", "bộ", "2", "500000", "1000000"],
            &["2", "Bản quyền phần mềm", "gói", "1", "500000", "500000"],
            &["", "Cộng", "", "", "", "1500000"],
            &["", &format!("Thuế VAT {rate}%"), "", "", "", vat],
            &["", "TỔNG CỘNG", "", "", "", grand],
        ],
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.below = date_line.map(|d| vec![d.to_string()]).unwrap_or_default();
    t
}

/// VAT at 10 % on an estimate dated within the 8 % reduction is a warning
/// that names the rule; at 8 % it is not; after the reduction, 8 % is;
/// without a date nothing is said; `--date` and `--rates` decide instead.
#[test]
fn a_vat_rate_not_in_force_on_the_estimates_date_is_a_warning_naming_the_rule() {
    let dated = "Thử Nghiệm, ngày 15 tháng 3 năm 2026";
    let t = purchase("10", Some(dated));
    let vat_row = phuluc::read::a1(t.body_row() + 3, 1);
    let o = check(&[t]);
    assert!(errors(&o).is_empty(), "{:?}", errors(&o));
    // The date line under the totals closes the table: it is no part of
    // the last item's text.
    let table = &o.appendix.tables[0];
    assert_eq!(table.items[1].content, "Bản quyền phần mềm");
    assert_eq!(table.closing[0].text, dated);
    let f = find(&o, "vat-rate", &vat_row).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        (f.found.as_deref(), f.expected.as_deref()),
        (Some("10"), Some("8"))
    );
    let message = f.message(phuluc::report::lang::Lang::Vi);
    assert!(
        message.contains("thuế GTGT ghi 10 % nhưng ngày 15/03/2026"),
        "{message}"
    );
    assert!(message.contains("204/2025/QH15"), "{message}");
    // 8 % then: nothing to say.
    assert!(find(&check(&[purchase("8", Some(dated))]), "vat-rate", &vat_row).is_none());
    // 8 % after the reduction ended: the standard rate.
    let late = check(&[purchase("8", Some("ngày 02 tháng 01 năm 2027"))]);
    let f = find(&late, "vat-rate", &vat_row).expect("8 % in 2027");
    assert_eq!(f.expected.as_deref(), Some("10"));
    // No date: nothing said.
    assert!(find(&check(&[purchase("10", None)]), "vat-rate", &vat_row).is_none());
    // --date decides over the sheet's date.
    let dir = scratch();
    let path = write(dir.path(), "vat.xlsx", &[purchase("10", Some(dated))]);
    let options = phuluc::Options {
        date: phuluc::rates::Date::parse("2027-03-01"),
        ..Default::default()
    };
    let o = phuluc::analyse(&path, &options).unwrap();
    assert!(find(&o, "vat-rate", &vat_row).is_none());
    // A rates file of the standard rate only: 10 % is right.
    let rates = dir.path().join("rates.toml");
    std::fs::write(
        &rates,
        "version = \"test\"\n[[vat]]\nrate = \"10\"\nfrom = \"2020-01-01\"\napplies_to = \"mọi thứ\"\nsource = \"thử\"\n",
    )
    .unwrap();
    let out = phuluc(&[
        "check",
        "--rates",
        rates.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("vat-rate"));
    let out = phuluc(&["check", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[vat-rate]"));
    // A malformed rates file is one line naming it, exit 2.
    std::fs::write(&rates, "version = \"x\"\n[[vat]]\nrate = \"tám\"\nfrom = \"2020-01-01\"\napplies_to = \"\"\nsource = \"\"\n").unwrap();
    let out = phuluc(&[
        "check",
        "--rates",
        rates.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "rates.toml: không phải tệp tỷ lệ phuluc đọc được ('tám' is not a rate in percent)"
        ),
        "{err}"
    );
}

/// The same work code priced per 100m3 on two lines and per m3 on a third
/// (its quantity typed in m3): the odd line is a warning at its unit cell,
/// saying about how many times it is off.
#[test]
fn a_line_at_another_scale_than_its_code_is_a_warning() {
    let t = table(
        &[
            "STT",
            "Mã hiệu",
            "Tên công tác",
            "Đơn vị",
            "Khối lượng",
            "Đơn giá",
            "Thành tiền",
        ],
        &[
            &[
                "1",
                "AB.11312",
                "Đào móng, đất cấp II",
                "100m3",
                "0,38",
                "21534012",
                "8182924,56",
            ],
            &[
                "2",
                "AB.11312",
                "Đào móng, đất cấp II",
                "100m3",
                "0,12",
                "21534012",
                "2584081,44",
            ],
            &[
                "3",
                "AB.11312",
                "Đào rãnh, đất cấp II",
                "m3",
                "15",
                "215340",
                "3230100",
            ],
            &[
                "4",
                "AF.11111",
                "Bê tông lót móng",
                "m3",
                "3,2",
                "1105000",
                "3536000",
            ],
            &["", "TỔNG CỘNG", "", "", "", "", "17533106"],
        ],
    );
    let unit_cell = phuluc::read::a1(t.body_row() + 2, 3);
    let o = check(&[t]);
    assert!(errors(&o).is_empty(), "{:?}", errors(&o));
    assert_eq!(cells_with(&o, "unit-scale"), [unit_cell.as_str()]);
    let f = find(&o, "unit-scale", &unit_cell).unwrap();
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("đơn giá lệch khoảng 100 lần"));
    // The clean estimates of this file repeat codes at the same scale:
    // nothing to say.
    let clean = check(&[build(&clean())]);
    assert!(clean
        .findings
        .iter()
        .all(|f| f.code.to_string() != "unit-scale"));
}

/// An estimate whose total is above the approved ceiling — `--ceiling`, or
/// a "Tổng mức đầu tư" row elsewhere in the workbook — is an error at its
/// total.
#[test]
fn a_total_above_the_approved_ceiling_is_an_error() {
    let estimate = || two_lines("TỔNG CỘNG", "14303006", None);
    let t = estimate();
    let total = phuluc::read::a1(t.body_row() + 2, 6);
    let dir = scratch();
    let path = write(dir.path(), "du-toan.xlsx", &[t]);
    let options = |c: i64| phuluc::Options {
        ceiling: Some(c.into()),
        ..Default::default()
    };
    let o = phuluc::analyse(&path, &options(14_000_000)).unwrap();
    let f = find(&o, "over-ceiling", &total).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(
        (f.found.as_deref(), f.expected.as_deref()),
        (Some("14303006"), Some("14000000"))
    );
    let o = phuluc::analyse(&path, &options(15_000_000)).unwrap();
    assert!(find(&o, "over-ceiling", &total).is_none());
    // From the workbook's own "Tổng mức đầu tư" row.
    let mut approved = table(
        &["STT", "Nội dung", "Giá trị"],
        &[
            &["1", "Chi phí xây dựng", "13000000"],
            &["", "Tổng mức đầu tư", "13000000"],
        ],
    );
    approved.sheet = "Tổng mức".into();
    approved.unit_line = Some("Đơn vị tính: đồng".into());
    let path = write(dir.path(), "hai-trang.xlsx", &[estimate(), approved]);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let f = find(&o, "over-ceiling", &total).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("vượt tổng mức đầu tư được duyệt 13.000.000 (ô 'Tổng mức'!C"));
    // On the command line.
    let out = phuluc(&[
        "check",
        "--ceiling",
        "14000000",
        write(dir.path(), "x.xlsx", &[estimate()]).to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[over-ceiling]"));
}

/// The summary's T (chi phí trực tiếp) must be the detail's total: a T
/// typed from an older detail is an error naming the detail's cell.
#[test]
fn a_summary_whose_base_is_not_the_details_total_is_an_error() {
    // The shipped corrected estimate's summary starts from its detail.
    let o = phuluc::analyse(
        "workbooks/du-toan-kenh-muong-sua.xlsx".as_ref(),
        &Default::default(),
    )
    .unwrap();
    assert!(o.findings.iter().all(|f| f.code.as_str() != "summary-base"));
    let mut t = phuluc::sample::SampleTable::new("Tổng hợp dự toán");
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.header = vec![[
        "STT",
        "Khoản mục chi phí",
        "Cách tính",
        "Giá trị",
        "Ký hiệu",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    t.rows = vec![
        vec![
            cell("'1"),
            cell("'Chi phí trực tiếp"),
            cell(""),
            cell("39000000"),
            cell("'T"),
        ],
        vec![
            cell("'2"),
            cell("'Chi phí chung"),
            cell("'T x 6,5%"),
            cell("2535000"),
            cell("'C"),
        ],
    ];
    let detail = two_lines("TỔNG HẠNG MỤC", "14303006", Some(("LÀM TRÒN", "14303000")));
    let dir = scratch();
    let path = write(dir.path(), "du-toan.xlsx", &[detail.clone(), t.clone()]);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let f = o
        .findings
        .iter()
        .find(|f| f.code.as_str() == "summary-base")
        .unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.sheet, "Tổng hợp dự toán");
    assert_eq!(
        (f.found.as_deref(), f.expected.as_deref()),
        (Some("39000000"), Some("14303000"))
    );
    assert!(f.related[0].starts_with("'Chi tiết'!G"), "{:?}", f.related);
    // T as the detail's total: nothing to say.
    t.rows[0][3] = cell("14303000");
    t.rows[1][3] = cell("929695");
    let path = write(dir.path(), "du-toan-dung.xlsx", &[detail, t]);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    assert!(
        o.findings.iter().all(|f| f.code.as_str() != "summary-base"),
        "{:?}",
        codes(&o)
    );
}

/// A summary whose rate rows carry no computation: each one's rate on its
/// usual base is said (info), so that a reviewer sees "C = 6,5 % của T".
#[test]
fn rate_rows_without_their_computation_show_the_rate_they_apply() {
    let mut t = table(
        &["STT", "Khoản mục chi phí", "Giá trị", "Ký hiệu"],
        &[
            &["1", "Chi phí trực tiếp", "40000000", "'T"],
            &["2", "Chi phí chung", "2600000", "'C"],
            &["3", "Thu nhập chịu thuế tính trước", "2343000", "'TL"],
            &["4", "Chi phí xây dựng trước thuế", "44943000", "'G"],
            &["5", "Thuế giá trị gia tăng", "3595440", "'GTGT"],
        ],
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    let o = check(&[t]);
    let rates: Vec<(String, Severity)> = o
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "implied-rate")
        .map(|f| (f.message(phuluc::report::lang::Lang::Vi), f.severity))
        .collect();
    assert_eq!(rates.len(), 3, "{rates:?}");
    assert!(rates[0].0.ends_with("C = 6,5 % của T."), "{rates:?}");
    assert!(rates[1].0.ends_with("TL = 5,5 % của T + C."), "{rates:?}");
    assert!(rates[2].0.ends_with("GTGT = 8 % của G."), "{rates:?}");
    assert!(o
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "implied-rate")
        .all(|f| f.severity == Severity::Info));
}

/// `show` prints an estimate as parts, lines (code, unit of measure) and
/// each part's total under its lines, and a summary's rows with their
/// symbols and computations.
#[test]
fn show_prints_an_estimate_as_parts_lines_and_summary_rows() {
    let o = phuluc(&["show", "workbooks/du-toan-kenh-muong.xlsx"]);
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {text}"))
    };
    assert!(lines[at("Đập bê tông [phần]")].contains("mã: *"));
    assert!(lines[at("Đào móng công trình")].contains("mã: AB.11312, đv: 100m3"));
    assert!(at("Cốt thép móng") < at("TỔNG CỘNG: Đập bê tông"));
    assert!(at("TỔNG CỘNG: Đập bê tông") < at("Kênh dẫn [phần]"));
    let c = lines[at("Chi phí chung")];
    assert!(
        c.contains("cách tính: T x 6,5%") && c.contains("ký hiệu: C"),
        "{c}"
    );
}

/// `--fix` corrects a line amount typed over to quantity × price, and the
/// part total, TỔNG HẠNG MỤC, LÀM TRÒN and the words line follow it.
#[test]
fn fix_corrects_a_line_amount_and_the_totals_above_it_follow() {
    let o = phuluc::analyse(
        "workbooks/du-toan-kenh-muong.xlsx".as_ref(),
        &Default::default(),
    )
    .unwrap();
    let detail = &o.appendix.tables[0];
    let plan = phuluc::fix::plan(detail, &o.findings);
    let cells: Vec<(&str, String)> = plan
        .cells
        .iter()
        .map(|c| (c.cell.as_str(), c.new.normalize().to_string()))
        .collect();
    assert_eq!(cells[0], ("G10", "4320987.615".to_string()), "{cells:?}");
    let cell = |a: &str| {
        cells
            .iter()
            .position(|c| c.0 == a)
            .unwrap_or_else(|| panic!("{a}: {cells:?}"))
    };
    assert!(cell("G10") < cell("G12"), "the part total follows its line");
    assert!(cell("G12") < cell("G19") && cell("G19") < cell("G20"));
    assert_eq!(cells[cell("G20")].1, "52164000");
    assert_eq!(plan.words.len(), 1);
}

/// A two-line estimate in đồng on sheet "Chi tiết": its total row, and a
/// second total (LÀM TRÒN) when given.
fn two_lines(total: &str, amount: &str, then: Option<(&str, &str)>) -> SampleTable {
    let mut rows: Vec<&[&str]> = vec![
        &[
            "1",
            "AF.11111",
            "Bê tông lót móng",
            "m3",
            "3,2",
            "1105000",
            "3536000",
        ],
        &[
            "2",
            "AB.11312",
            "Đào móng",
            "100m3",
            "0,5",
            "21534012",
            "10767006",
        ],
    ];
    let total_row = ["", total, "", "", "", "", amount];
    rows.push(&total_row);
    let then_row = then.map(|(label, v)| ["", label, "", "", "", "", v]);
    if let Some(r) = &then_row {
        rows.push(r);
    }
    let mut t = table(
        &[
            "STT",
            "Mã hiệu",
            "Tên công tác",
            "Đơn vị",
            "Khối lượng",
            "Đơn giá",
            "Thành tiền",
        ],
        &rows,
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.sheet = "Chi tiết".into();
    t
}
