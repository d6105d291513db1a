//! Tables as real offices and published disclosures write them (issue 9):
//! each case built with and without its mistake, asserting code, severity
//! and cell.

mod common;
use common::*;
use phuluc::sample::SampleTable;
use phuluc::Severity;

fn two_row(top: &[&str], below: &[&str]) -> Vec<Vec<String>> {
    vec![
        top.iter().map(|s| s.to_string()).collect(),
        below.iter().map(|s| s.to_string()).collect(),
    ]
}

fn severity_at(o: &phuluc::Outcome, code: &str, cell: &str) -> Option<Severity> {
    find(o, code, cell).map(|f| f.severity)
}

/// A 2026-2028 plan with sections, sub-items and the header repeated at a
/// page break between 2.2.5 and 2.2.6.
fn page_break_plan(total_2026: &str) -> SampleTable {
    let mut t = table(
        &[],
        &[
            &["I", "Chuyển đổi số", "", "300", "300", "600"],
            &["1", "Hạ tầng", "", "300", "300", "600"],
            &["1.1", "Máy chủ", "VP", "300", "300", "600"],
            &["II", "Khoa học", "", "240", "240", "480"],
            &["2", "Đề tài", "", "240", "240", "480"],
            &["2.1", "Đề tài A", "VP", "40", "40", "80"],
            &["2.2", "Đề tài B", "", "200", "200", "400"],
            &["2.2.1", "B1", "VP", "40", "40", "80"],
            &["2.2.2", "B2", "VP", "40", "40", "80"],
            &["2.2.3", "B3", "VP", "40", "40", "80"],
            &["2.2.4", "B4", "VP", "40", "40", "80"],
            &["2.2.5", "B5", "VP", "20", "20", "40"],
            &["'TT", "'Nội dung", "'Chủ trì", "'Kinh phí", "", ""],
            &["", "", "", "'Năm 2026", "'Năm 2027", "'Tổng giai đoạn"],
            &["2.2.6", "B6", "VP", "20", "20", "40"],
            &["", "Tổng cộng", "", total_2026, "540", "1080"],
        ],
    );
    t.header = two_row(
        &["TT", "Nội dung", "Chủ trì", "Kinh phí", "", ""],
        &["", "", "", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
    );
    t
}

#[test]
fn a_header_repeated_inside_a_section_keeps_the_tree() {
    let t = page_break_plan("540");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    assert!(
        !o.findings
            .iter()
            .any(|f| f.code.as_str() == "numbering-gap"),
        "{:?}",
        codes(&o)
    );
    let table = &o.appendix.tables[0];
    let b6 = table
        .items
        .iter()
        .find(|i| i.stt == "2.2.6")
        .expect("2.2.6 read");
    let parent = &table.items[b6.parent_index().expect("2.2.6 has a parent")];
    assert_eq!(parent.stt, "2.2");
    // With the mistake: only the total is wrong, at its 2026 cell.
    let t = page_break_plan("500");
    let o = check1(&t);
    // The period total, off only through that cell, is named with it.
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 15, 3))]);
    let f = find(&o, "total-sum", &addr(&t, 15, 3)).unwrap();
    assert!(f.related.contains(&addr(&t, 15, 5)), "{:?}", f.related);
}

#[test]
fn a_total_right_under_the_header_is_a_total_even_as_text() {
    let rows: &[&[&str]] = &[
        &["", "Tổng cộng", "'13,923", "'10,984", "'24,907"],
        &["1", "Nhiệm vụ A", "'13,000", "'10,000", "'23,000"],
        &["2", "Nhiệm vụ B", "'923", "'984", "'1,907"],
    ];
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
        rows,
    );
    let o = check1(&t);
    let read = &o.appendix.tables[0];
    assert_eq!(read.header_rows.len(), 1, "{:?}", read.columns);
    assert_eq!(read.totals.len(), 1);
    assert_eq!(read.columns[2].label, "Năm 2026");
    assert_eq!(errors(&o), vec![]);
    // A wrong period total in that table is found.
    let rows: &[&[&str]] = &[
        &["", "Tổng cộng", "'13,923", "'10,984", "'24,907"],
        &["1", "Nhiệm vụ A", "'13,000", "'10,000", "'23,000"],
        &["2", "Nhiệm vụ B", "'923", "'984", "'1,970"],
    ];
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
        rows,
    );
    let o = check1(&t);
    assert_eq!(
        severity_at(&o, "period-sum", &addr(&t, 2, 4)),
        Some(Severity::Error),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_difference_of_one_among_whole_numbers_is_an_error() {
    let t = table(
        &["STT", "Nội dung", "Năm 2026"],
        &[
            &["1", "A", "5624"],
            &["2", "B", "5510"],
            &["", "Tổng cộng", "11135"],
        ],
    );
    let o = check1(&t);
    assert_eq!(
        severity_at(&o, "total-sum", &addr(&t, 2, 2)),
        Some(Severity::Error),
        "{:?}",
        codes(&o)
    );
    assert!(find(&o, "rounding", &addr(&t, 2, 2)).is_none());
    // Where the items carry decimals, it is rounding.
    let t = table(
        &["STT", "Nội dung", "Năm 2026"],
        &[
            &["1", "A", "5623.6"],
            &["2", "B", "5510.3"],
            &["", "Tổng cộng", "11135"],
        ],
    );
    let o = check1(&t);
    assert_eq!(
        severity_at(&o, "rounding", &addr(&t, 2, 2)),
        Some(Severity::Info)
    );
}

#[test]
fn binary_noise_is_equality() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "0.1"],
            &["2", "B", "0.2"],
            &["", "Tổng cộng", "0.30000000000000004"],
        ],
    );
    let o = check1(&t);
    assert!(o.findings.is_empty(), "{:?}", codes(&o));
}

#[test]
fn a_number_typed_as_text_among_numbers_is_a_warning() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "2000"],
            &["2", "B", "'1,500"],
            &["3", "C", "3000"],
            &["", "Tổng cộng", "6500"],
        ],
    );
    let o = check1(&t);
    assert_eq!(
        severity_at(&o, "text-number", &addr(&t, 1, 2)),
        Some(Severity::Warning),
        "{:?}",
        codes(&o)
    );
}

fn funding_sources(group: &str, sources: [&str; 3]) -> SampleTable {
    let mut t = table(
        &[],
        &[
            &["1", "Đường xã", "1000", "600", "300", "100"],
            &[
                "2",
                "Trường học",
                "2000",
                sources[0],
                sources[1],
                sources[2],
            ],
            &["", "Tổng cộng", "3000", "1400", "1300", "300"],
        ],
    );
    t.header = two_row(
        &["STT", "Danh mục dự án", "Tổng mức đầu tư", group, "", ""],
        &["", "", "", "NS tỉnh", "NS xã", "Huy động khác"],
    );
    t
}

#[test]
fn funding_sources_add_up_to_the_total_on_every_row() {
    let o = check1(&funding_sources("Chia ra", ["800", "1000", "200"]));
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let t = funding_sources("Chia ra", ["800", "900", "200"]);
    let o = check1(&t);
    let f = find(&o, "column-sum", &addr(&t, 1, 2)).expect("column-sum at the whole");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.expected.as_deref(), Some("1900"));
    assert_eq!(
        f.related,
        vec![addr(&t, 1, 3), addr(&t, 1, 4), addr(&t, 1, 5)]
    );
    // Under "Trong đó", parts short of the whole may be partial: a warning.
    let t = funding_sources("Trong đó", ["800", "900", "200"]);
    let o = check1(&t);
    assert_eq!(
        severity_at(&o, "column-partial", &addr(&t, 1, 2)),
        Some(Severity::Warning),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_three_year_total_is_a_period_total() {
    let t = table(
        &[
            "STT",
            "Nội dung",
            "Năm 2026",
            "Năm 2027",
            "Năm 2028",
            "Cộng 3 năm",
        ],
        &[
            &["1", "A", "10", "20", "30", "60"],
            &["2", "B", "10", "20", "30", "70"],
            &["", "Tổng cộng", "20", "40", "60", "120"],
        ],
    );
    let o = check1(&t);
    assert_eq!(
        errors(&o),
        vec![("period-sum".to_string(), addr(&t, 1, 5))],
        "{:?}",
        o.appendix.tables[0].columns
    );
}

#[test]
fn a_legend_row_is_checked_on_every_row_and_never_summed() {
    let mut t = table(
        &["STT", "Nội dung", "Tổng số", "NSTW", "NSĐP"],
        &[
            &["'A", "'B", "'1=2+3", "2", "3"],
            &["1", "Giáo dục", "100", "40", "60"],
            &["2", "Y tế", "50", "20", "20"],
            &["", "Tổng cộng", "150", "60", "80"],
        ],
    );
    t.column_numbers = false;
    let o = check1(&t);
    let table = &o.appendix.tables[0];
    assert!(table.legend_row.is_some(), "{:?}", table.items);
    assert_eq!(table.items.len(), 2);
    assert_eq!(
        errors(&o),
        vec![
            ("column-sum".to_string(), addr(&t, 2, 2)),
            ("column-sum".to_string(), addr(&t, 3, 2)),
        ]
    );
}

#[test]
fn a_unit_line_above_two_tables_applies_to_both() {
    let mut one = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
        &[
            &["1", "A", "100", "200", "300"],
            &["", "Tổng cộng", "100", "200", "300"],
        ],
    );
    let mut rows = one.rows.clone();
    rows.push(vec![]);
    rows.push(vec![cell("'Bảng 2. Kinh phí nguồn xã")]);
    rows.push(vec![
        cell("'STT"),
        cell("'Nội dung"),
        cell("'Năm 2026"),
        cell("'Năm 2027"),
        cell("'Tổng giai đoạn"),
    ]);
    rows.push(vec![
        cell("1"),
        cell("B"),
        cell("1000"),
        cell("2000"),
        cell("3000"),
    ]);
    rows.push(vec![
        cell("2"),
        cell("C"),
        cell("250"),
        cell("1000"),
        cell("1250"),
    ]);
    rows.push(vec![
        cell(""),
        cell("Tổng cộng"),
        cell("3620"),
        cell("3000"),
        cell("4250"),
    ]);
    one.rows = rows;
    let o = check1(&one);
    assert_eq!(o.appendix.tables.len(), 2);
    assert_eq!(
        o.appendix.tables[1].money_unit(),
        Some(phuluc::unit::Unit::Trieu)
    );
    assert!(!o.findings.iter().any(|f| f.code.as_str() == "unit-missing"));
    // The wrong cell is the 2026 total; its period total is right, and
    // named as a related cell, not as a second error.
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), addr(&one, 7, 2))]
    );
}

#[test]
fn a_summary_keyed_by_unit_reads_its_total() {
    let t = table(
        &["STT", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Phòng Kinh tế", "100", "200"],
            &["2", "Văn phòng HĐND-UBND", "50", "60"],
            &["", "Tổng cộng", "150", "260"],
        ],
    );
    let o = check1(&t);
    let read = &o.appendix.tables[0];
    assert_eq!(read.totals.len(), 1, "{:?}", read.items);
    assert_eq!(read.items.len(), 2);
    assert_eq!(errors(&o), vec![]);
    let t = table_with_total(&t, "150", "250");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 3))]);
}

fn table_with_total(t: &SampleTable, a: &str, b: &str) -> SampleTable {
    let mut t = t.clone();
    let last = t.rows.len() - 1;
    t.rows[last][2] = cell(a);
    t.rows[last][3] = cell(b);
    t
}

#[test]
fn numbered_rows_under_trong_do_are_a_breakdown() {
    let t = table(
        &["STT", "Chỉ tiêu", "Quyết toán"],
        &[
            &["I", "Chi đầu tư", "300"],
            &["II", "Chi thường xuyên", "700"],
            &["", "Trong đó:", ""],
            &["1", "Giáo dục", "200"],
            &["2", "Y tế", "100"],
            &["III", "Dự phòng", "50"],
            &["", "Tổng cộng", "1050"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let table = &o.appendix.tables[0];
    let iii = table.items.iter().find(|i| i.stt == "III").unwrap();
    assert_eq!(iii.parent_index(), None);
}

#[test]
fn dash_rows_and_unnumbered_rows_belong_to_the_item_above() {
    let t = table(
        &["STT", "Chỉ tiêu", "Kinh phí"],
        &[
            &["I", "Nguồn thu", "600"],
            &["1", "Thu phân cấp", "450"],
            &["", "- Thu thuế, phí", "400"],
            &["", "- Viện trợ", "50"],
            &["2", "Thu bổ sung", "150"],
            &["", "Bổ sung cân đối", "100"],
            &["", "Bổ sung có mục tiêu", "50"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // A typo in a dash row is the item's error, not the section's.
    let mut t = t;
    t.rows[3][2] = cell("60");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 1, 2))]);
}

#[test]
fn a_broken_formula_in_a_total_is_an_error() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "40"],
            &["2", "B", "60"],
            &["", "Tổng cộng", "'#REF!"],
        ],
    );
    let o = check1(&t);
    assert!(
        o.findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.cell == addr(&t, 2, 2)),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_rate_column_and_a_rate_row_are_never_summed() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí", "Tỷ lệ %"],
        &[
            &["1", "Bội chi", "112034", "100"],
            &["2", "Tỷ lệ bội chi so với GDP (%)", "4.4", "100"],
            &["", "Tổng cộng", "112034", ""],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
}

#[test]
fn a_stale_sum_is_a_warning_naming_its_formula() {
    let probe = table(&["STT", "Nội dung", "Kinh phí"], &[&["1", "A", "40"]]);
    let (c1, c2) = (addr(&probe, 0, 2), addr(&probe, 1, 2));
    // The formula covers both items, but its saved value was never updated.
    let stale = format!("=SUM({c1}:{c2})|90");
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "40"],
            &["2", "B", "60"],
            &["", "Tổng cộng", &stale],
        ],
    );
    let o = check1(&t);
    let f = find(&o, "stale-formula", &addr(&t, 2, 2)).expect("stale-formula");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains(&format!("=SUM({c1}:{c2})")));
    assert_eq!(errors(&o), vec![]);
    // A formula that leaves a row out is a real error.
    let short = format!("=SUM({c1}:{c1})|40");
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "40"],
            &["2", "B", "60"],
            &["", "Tổng cộng", &short],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 2))]);
}

#[test]
fn a_row_sum_formula_is_not_explained_as_missing_rows() {
    let probe = table(
        &["STT", "Nội dung", "2026", "2027", "Tổng giai đoạn"],
        &[&["1"]],
    );
    let row_sum = format!("=SUM({}:{})|35", addr(&probe, 0, 2), addr(&probe, 0, 3));
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
        &[
            &["I", "Phần I", "30", "10", &row_sum],
            &["1", "A", "10", "10", "20"],
            &["2", "B", "10", "", "10"],
        ],
    );
    let o = check1(&t);
    for f in &o.findings {
        let m = f.message(phuluc::report::lang::Lang::Vi);
        assert!(!m.contains("không bao gồm dòng"), "{m}");
    }
}

#[test]
fn a_gap_a_footnote_states_is_a_warning() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "400"],
            &["2", "B", "500"],
            &["", "Tổng cộng", "1000"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 2))]);
    t.below = vec![
        "".into(),
        "(1) Tổng cộng bao gồm 100 triệu đồng dự phòng chưa phân bổ.".into(),
    ];
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let f = find(&o, "items-incomplete", &addr(&t, 2, 2)).expect("items-incomplete");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("dự phòng chưa phân bổ"));
    // A footnote with another amount explains nothing.
    t.below[1] = "(1) Tổng cộng bao gồm 90 triệu đồng dự phòng.".into();
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 2))]);
}

#[test]
fn a_parent_with_a_numbering_gap_among_its_children_is_a_warning() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["I", "Phần I", "1000"],
            &["1", "A", "400"],
            &["2", "B", "300"],
            &["4", "D", "200"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let f = find(&o, "items-incomplete", &addr(&t, 0, 2)).expect("items-incomplete");
    assert!(
        f.message(phuluc::report::lang::Lang::En).contains('3'),
        "{}",
        f.message(phuluc::report::lang::Lang::En)
    );
    // Smaller than its items: an error whatever the numbering.
    let mut t = t;
    t.rows[0][2] = cell("800");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 0, 2))]);
}

fn by_code(muc_total: &str) -> SampleTable {
    table(
        &["Loại", "Khoản", "Mục", "Tiểu mục", "Nội dung", "Dự toán"],
        &[
            &["340", "", "", "", "Quản lý hành chính", "1000"],
            &["", "341", "", "", "Quản lý nhà nước", "1000"],
            &["", "", "6000", "", "Tiền lương", muc_total],
            &["", "", "", "6001", "Lương ngạch, bậc", "400"],
            &["", "", "", "6003", "Lương hợp đồng", "200"],
            &["", "", "6050", "", "Tiền công", "400"],
            &["", "", "", "6051", "Tiền công hợp đồng", "400"],
        ],
    )
}

#[test]
fn budget_codes_give_the_hierarchy() {
    let t = by_code("600");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // No numbering gap between 6001 and 6003: codes are not counted.
    assert!(o
        .findings
        .iter()
        .all(|f| f.code.as_str() != "numbering-gap"));
    let read = &o.appendix.tables[0];
    let tm = read.items.iter().find(|i| i.stt == "6003").unwrap();
    assert_eq!(read.items[tm.parent_index().unwrap()].stt, "6000");
    let t = by_code("650");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 2, 5))]);
}

#[test]
fn one_muc_column_nests_tieu_muc_by_code_range() {
    let t = table(
        &["Mục", "Nội dung", "Dự toán"],
        &[
            &["6000", "Tiền lương", "600"],
            &["6001", "Lương ngạch, bậc", "400"],
            &["6003", "Lương hợp đồng", "200"],
            &["6050", "Tiền công", "400"],
            &["6051", "Tiền công hợp đồng", "400"],
            &["", "Tổng cộng", "1000"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
}

#[test]
fn a_table_beside_the_table_is_not_its_items() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí", "", "STT", "Nháp", "Số"],
        &[
            &["1", "A", "40", "", "1", "cộng thử", "999"],
            &["2", "B", "60", "", "2", "tạm tính", "1"],
            &["", "Tổng cộng", "100", "", "", "", "1000"],
        ],
    );
    t.below = vec![];
    let o = check1(&t);
    let read = &o.appendix.tables[0];
    assert_eq!(read.columns.len(), 3, "{:?}", read.columns);
    assert_eq!(read.items.len(), 2);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
}

#[test]
fn a_footnote_marker_with_its_value_below_is_that_value() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["", "Tổng cộng", "'(1)"],
            &["", "", "100"],
            &["1", "A", "40"],
            &["2", "B", "60"],
        ],
    );
    let o = check1(&t);
    let read = &o.appendix.tables[0];
    assert_eq!(read.totals.len(), 1);
    assert_eq!(
        read.totals[0].values[0].amount(),
        Some(rust_decimal::Decimal::from(100))
    );
    assert_eq!(read.items.len(), 2, "{:?}", read.items);
    assert_eq!(errors(&o), vec![]);
}

#[test]
fn gross_refund_net_lines_give_a_blank_item_its_net() {
    let t = table(
        &["STT", "Chỉ tiêu", "Quyết toán"],
        &[
            &["IV", "Thu từ xuất nhập khẩu", "105629"],
            &["1", "Thuế xuất khẩu", "76996"],
            &["2", "Thuế GTGT hàng nhập khẩu", ""],
            &["", "Trong đó: - Tổng số thu", "66633"],
            &["", "- Số hoàn thuế GTGT", "-38000"],
            &["", "- Số thu cân đối", "28633"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let mut t = t;
    t.rows[5][2] = cell("28000");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 0, 2))]);
}

#[test]
fn lettered_sections_over_roman_ones() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["A", "Chi đầu tư", "300"],
            &["I", "Hạ tầng", "200"],
            &["1", "Đường", "200"],
            &["II", "Thiết bị", "100"],
            &["1", "Máy tính", "100"],
            &["B", "Chi thường xuyên", "50"],
            &["I", "Đào tạo", "50"],
            &["", "Tổng cộng (A+B)", "350"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let read = &o.appendix.tables[0];
    let b = read.items.iter().position(|i| i.stt == "B").unwrap();
    assert_eq!(read.items[b].parent_index(), None);
    assert_eq!(read.items[b].children.len(), 1);
}

#[test]
fn a_reserve_above_its_items_is_a_warning() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Dự phòng chưa phân bổ", "500"],
            &["", "- Phòng chống thiên tai", "100"],
            &["2", "Tập huấn", "50"],
            &["", "Tổng cộng", "550"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    assert!(
        find(&o, "items-incomplete", &addr(&t, 0, 2)).is_some(),
        "{:?}",
        codes(&o)
    );
}

/// A national row over provinces, in triệu đồng: two programme columns
/// exceed their provinces by what two footnotes — side by side on one row
/// — state in tỷ, and the group column that holds both carries their sum,
/// give or take the provinces' rounding. `group_gap` is how far the group
/// column's total exceeds its provinces.
fn national_row_csv(group_gap: i64) -> phuluc::Outcome {
    let provinces: Vec<[i64; 2]> = (0..8)
        .map(|i| [1_000_000 + i * 7_919, 400_000 + i * 3_301])
        .collect();
    let sum = |k: usize| provinces.iter().map(|p| p[k]).sum::<i64>();
    let (a, b) = (sum(0) + 207_000, sum(1) + 300_000);
    let group = sum(0) + sum(1) + group_gap;
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Đơn vị: triệu đồng".into()],
        vec![
            "STT".into(),
            "Tỉnh, thành phố".into(),
            "Tổng số".into(),
            "Vốn đầu tư".into(),
            "Vốn sự nghiệp".into(),
        ],
        vec![
            "".into(),
            "TỔNG SỐ".into(),
            group.to_string(),
            a.to_string(),
            b.to_string(),
        ],
    ];
    for (i, p) in provinces.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            format!("Tỉnh {}", i + 1),
            (p[0] + p[1]).to_string(),
            p[0].to_string(),
            p[1].to_string(),
        ]);
    }
    rows.push(vec![]);
    rows.push(vec!["Ghi chú:".into()]);
    rows.push(vec![
        "(1) Bao gồm 207 tỷ đồng thu hồi vốn tạm ứng.".into(),
        "(2) Trong đó 300 tỷ đồng dự phòng chưa phân bổ cho các địa phương.".into(),
    ]);
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r.resize(5, String::new());
            r
        })
        .collect();
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    check_csv(&refs)
}

#[test]
fn gaps_footnotes_state_side_by_side_and_their_sum_in_the_group_column_are_warnings() {
    // The group column exceeds by both notes together, less 2 of rounding.
    let o = national_row_csv(506_998);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    for cell in ["C3", "D3", "E3"] {
        let f =
            find(&o, "items-incomplete", cell).unwrap_or_else(|| panic!("{cell}: {:?}", codes(&o)));
        assert_eq!(f.severity, Severity::Warning);
    }
    // The second note, beside the first on its row, is what explains E3.
    let e = find(&o, "items-incomplete", "E3").unwrap();
    assert!(
        e.message(phuluc::report::lang::Lang::Vi).contains("300 tỷ"),
        "{}",
        e.message(phuluc::report::lang::Lang::Vi)
    );
    // Off by more than rounding, the group column's gap is no note's.
    let o = national_row_csv(506_960);
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), "C3".to_string())],
        "{:?}",
        codes(&o)
    );
}

/// A plan of `sections` sections of four tasks, its first task's 2027
/// amount typed `wrong` (its section then no longer adds up).
fn plan_with(sections: usize, wrong: Option<&str>) -> SampleTable {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in 0..sections {
        let base = 100 + 10 * s as i64;
        rows.push(vec![
            ["I", "II", "III", "IV"][s % 4].into(),
            format!("Lĩnh vực {}", s + 1),
            (4 * base + 6).to_string(),
            (4 * base + 10).to_string(),
        ]);
        for t in 0..4 {
            rows.push(vec![
                (t + 1).to_string(),
                format!("Nhiệm vụ {}.{}", s + 1, t + 1),
                (base + t as i64).to_string(),
                (base + 1 + t as i64).to_string(),
            ]);
        }
    }
    if let Some(w) = wrong {
        rows[1][3] = w.to_string();
    }
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    table(&["STT", "Nội dung", "Năm 2026", "Năm 2027"], &refs)
}

#[test]
fn a_table_copied_onto_another_sheet_has_its_mistakes_said_once() {
    for sections in [2, 3, 4] {
        let original = plan_with(sections, Some("999"));
        let mut copy = plan_with(sections, Some("999"));
        copy.sheet = "Phụ lục (2)".into();
        let o = check(&[original.clone(), copy.clone()]);
        let errs = errors(&o);
        assert!(!errs.is_empty());
        assert!(
            o.findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .all(|f| f.sheet == "Phụ lục"),
            "{errs:?}"
        );
        let note = o
            .findings
            .iter()
            .find(|f| f.code.as_str() == "copy-of-table")
            .expect("copy-of-table");
        assert_eq!(
            (note.sheet.as_str(), note.severity),
            ("Phụ lục (2)", Severity::Info)
        );
        assert!(note
            .message(phuluc::report::lang::Lang::Vi)
            .contains("«Phụ lục»"));
        // A copy that differs in one figure is another table: its own
        // mistakes are its own.
        let mut other = plan_with(sections, Some("998"));
        other.sheet = "Phụ lục (2)".into();
        let o = check(&[original, other]);
        assert!(o
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.sheet == "Phụ lục (2)"));
        assert!(!o
            .findings
            .iter()
            .any(|f| f.code.as_str() == "copy-of-table"));
    }
}

/// A CSV plan (every cell text, as CSV is) with a third money column
/// headed `third`, its second task's amount typed `wrong`.
fn csv_with_third_column(third: &str, wrong: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = scratch();
    let path = dir.path().join("xa.csv");
    let text = format!(
        "Đơn vị: triệu đồng,,,,\n\
         STT,Nội dung,Vốn đầu tư,Bổ sung có mục tiêu,{third}\n\
         ,Tổng cộng,300,60,90\n\
         1,Đường thôn 1,100,20,30\n\
         2,Đường thôn 2,100,20,{wrong}\n\
         3,Đường thôn 3,100,20,30\n"
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_column_of_numbers_under_a_header_phuluc_cannot_read_is_said_not_checked() {
    // A money word beside other money columns: checked, in CSV as in xlsx.
    let (_d, path) = csv_with_third_column("Vốn sự nghiệp", "31");
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), "E3".to_string())]
    );
    let cov = o.appendix.tables[0].coverage.as_ref().unwrap();
    assert!(cov.unread_columns.is_empty());
    // "Bổ sung có mục tiêu" is money: its wrong cell is found too.
    let dir = scratch();
    let p2 = dir.path().join("b.csv");
    std::fs::write(
        &p2,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace(",20,31", ",25,30"),
    )
    .unwrap();
    let o = phuluc::analyse(&p2, &Default::default()).unwrap();
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), "D3".to_string())]
    );
    // A header that names nothing phuluc knows: not guessed into a sum,
    // and said, by column and label, in the text and the JSON.
    let (_d, path) = csv_with_third_column("Chương trình 135", "31");
    let out = phuluc(&["check", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("chưa kiểm tra cột E «Chương trình 135»"),
        "{text}"
    );
    assert!(text.contains("1 cột có số chưa rõ nghĩa"), "{text}");
    let out = phuluc(&["check", "--format", "json", path.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unread = &json["files"][0]["tables"][0]["coverage"]["unread_columns"];
    assert_eq!(unread[0]["column"], "E", "{json}");
    assert_eq!(unread[0]["label"], "Chương trình 135");
}

#[test]
fn a_comparison_column_named_by_a_legend_is_a_ratio_never_summed() {
    // Dự toán | Quyết toán | Chênh lệch | So sánh (%), with the legend
    // "1 2 3=2-1 4=2/1" under the header.
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Dự toán",
            "Quyết toán",
            "Chênh lệch",
            "So sánh (%)",
        ],
        &[
            &["A", "B", "1", "2", "3=2-1", "4=2/1"],
            &["1", "Chi đầu tư", "1000", "950", "-50", "95"],
            &["2", "Chi thường xuyên", "2000", "2100", "100", "105"],
            &["3", "Dự phòng", "100", "50", "-50", "50"],
            &["", "Tổng chi", "3100", "3100", "0", "100"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // A wrong amount is still found; the ratio column is not summed.
    t.rows[2][3] = cell("2200");
    let o = check1(&t);
    let errs = errors(&o);
    assert!(
        errs.iter()
            .any(|(c, at)| c == "total-sum" && at == &addr(&t, 4, 3)),
        "{errs:?}"
    );
    assert!(
        !errs.iter().any(|(_, at)| at == &addr(&t, 4, 5)),
        "{errs:?}"
    );
}

#[test]
fn a_plan_column_headed_ke_hoach_is_money_when_it_holds_numbers() {
    let t = table(
        &["STT", "Tên dự án", "Tổng mức đầu tư", "Kế hoạch 2026-2030"],
        &[
            &["1", "Đường liên xã", "15", "14"],
            &["2", "Trường mầm non", "10", "9"],
            &["3", "Nhà văn hóa", "5", "4"],
            &["", "Tổng cộng", "30", "27"],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let cov = o.appendix.tables[0].coverage.as_ref().unwrap();
    assert!(cov.unread_columns.is_empty(), "{:?}", cov.unread_columns);
    let mut t = t;
    t.rows[3][3] = cell("26");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 3, 3))]);
}

/// A summary of an investment's costs whose "Cách tính" names rows by their
/// STT ("(1+2+3) × 5%"), in three money columns (before tax, tax, after
/// tax); `after_total` is the total's after-tax cell as typed.
fn summary_by_row_numbers(after_total: &str) -> SampleTable {
    let row = |stt: &str, what: &str, sym: &str, how: &str, v: i64| {
        let tax = v / 10;
        vec![
            stt.to_string(),
            what.to_string(),
            sym.to_string(),
            how.to_string(),
            v.to_string(),
            tax.to_string(),
            (v + tax).to_string(),
        ]
    };
    let mut rows = [
        row("1", "Chi phí xây dựng", "Gxd", "", 2_000_000_000),
        row("2", "Chi phí thiết bị", "Gtb", "", 500_000_000),
        row(
            "3",
            "Chi phí quản lý dự án",
            "Gqlda",
            "(1+2) × 2,4%",
            60_000_000,
        ),
        row("4", "Chi phí tư vấn", "Gtv", "(1+2) × 5,6%", 140_000_000),
        row(
            "5",
            "Chi phí dự phòng",
            "Gdp",
            "(1+2+3+4) × 5%",
            135_000_000,
        ),
        row("", "TỔNG DỰ TOÁN", "G", "1+2+3+4+5", 2_835_000_000),
    ];
    rows[5][6] = after_total.to_string();
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let mut t = table(
        &[
            "STT",
            "Nội dung chi phí",
            "Ký hiệu",
            "Cách tính",
            "Giá trị trước thuế",
            "Thuế GTGT",
            "Giá trị sau thuế",
        ],
        &refs,
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t
}

#[test]
fn a_summary_computation_that_names_rows_by_number_is_read_so_in_every_column() {
    let o = check1(&summary_by_row_numbers("3118500000"));
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // The after-tax total leaves out a row: found there, by its computation.
    let t = summary_by_row_numbers("2970000000");
    let o = check1(&t);
    let errs = errors(&o);
    assert!(
        errs.contains(&("summary-formula".to_string(), addr(&t, 5, 6))),
        "{errs:?}"
    );
}

#[test]
fn an_investment_list_headed_tt_cong_trinh_ke_hoach_von_is_read_and_checked() {
    let t = table(
        &["TT", "Công trình", "Kế hoạch vốn", "Ghi chú"],
        &[
            &["1", "Đường trục xã", "1200", ""],
            &["2", "Trường tiểu học", "1300", ""],
            &["3", "Trạm y tế", "900", ""],
            &["", "Tổng cộng", "3400", ""],
        ],
    );
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    assert_eq!(o.appendix.tables[0].coverage.as_ref().unwrap().checked, 1);
    let mut t = t;
    t.rows[1][2] = cell("1200");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 3, 2))]);
}

#[test]
fn an_amount_with_a_footnote_marker_after_it_is_that_amount() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Sửa đường", "300"],
            &["2", "Sửa trường", "'450"],
            &["", "Tổng cộng", "'800 (*)"],
        ],
    );
    // 300 + 450 = 750, not 800: the marked total is read, and found wrong.
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 2))]);
    let mut t = t;
    t.rows[2][2] = cell("'750 (1)");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    // Words in brackets are no marker: the cell stays words, not added.
    t.rows[2][2] = cell("'750 (tạm tính)");
    let o = check1(&t);
    assert!(
        !errors(&o).iter().any(|(c, _)| c == "total-sum"),
        "{:?}",
        codes(&o)
    );
}
