//! Every check of `phuluc check`, on workbooks the tests build: with the
//! mistake (the finding's code and cell are asserted) and without it.

mod common;
use common::*;

const YEARS: &[&str] = &[
    "STT",
    "Nội dung",
    "Đơn vị chủ trì",
    "Năm 2026",
    "Năm 2027",
    "Tổng giai đoạn 2026-2027",
    "Ghi chú",
];

fn plan(total_2026: &str, parent_2026: &str) -> phuluc::sample::SampleTable {
    table(
        YEARS,
        &[
            &["I", "Chuyển đổi số", "", parent_2026, "150", "300", ""],
            &["1", "Tập huấn", "Phòng VH-XH", "50", "50", "100", ""],
            &[
                "2",
                "Mua sắm thiết bị",
                "Văn phòng",
                "100",
                "100",
                "200",
                "",
            ],
            &["II", "Kiểm tra", "", "", "", "", ""],
            &["1", "Kiểm tra định kỳ", "Phòng KT", "30", "30", "60", ""],
            &["", "Tổng cộng", "", total_2026, "180", "360", ""],
        ],
    )
}

#[test]
fn a_clean_plan_has_no_finding() {
    let o = check(&[plan("180", "150")]);
    assert_eq!(codes(&o), Vec::<(String, String)>::new());
    assert!(!o.has_errors());
}

#[test]
fn parent_row_must_equal_its_children() {
    let t = plan("180", "160");
    let o = check1(&t);
    let f = find(&o, "parent-sum", &addr(&t, 0, 3)).expect("parent-sum at the section's 2026 cell");
    assert_eq!(f.severity, phuluc::Severity::Error);
    assert_eq!(f.expected.as_deref(), Some("150"));
    assert_eq!(f.found.as_deref(), Some("160"));
    assert_eq!(f.difference.map(|d| d.to_string()).as_deref(), Some("10"));
    assert_eq!(f.related[..2], [addr(&t, 1, 3), addr(&t, 2, 3)]);
    // The total, right over the items, is not blamed for the section's
    // typo: it is named as a related cell of the one error.
    assert_eq!(f.related.get(2), Some(&addr(&t, 5, 3)));
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 0, 3))]);
}

#[test]
fn total_row_must_equal_the_top_level_items() {
    let t = plan("200", "150");
    let o = check1(&t);
    let f = find(&o, "total-sum", &addr(&t, 5, 3)).expect("total-sum");
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("180"), Some("200"))
    );
    let msg = f.message(phuluc::report::lang::Lang::Vi);
    assert!(
        msg.contains("ghi 200 nhưng tổng các mục là 180 (chênh lệch +20)"),
        "{msg}"
    );
    let en = f.message(phuluc::report::lang::Lang::En);
    assert!(en.contains("shows 200 but the items add up to 180"), "{en}");
}

#[test]
fn total_with_blank_parents_sums_the_leaves() {
    let t = plan("170", "");
    let o = check1(&t);
    let f = find(&o, "total-sum", &addr(&t, 5, 3)).expect("total-sum");
    assert_eq!(f.expected.as_deref(), Some("180"));
    assert!(find(&o, "parent-sum", &addr(&t, 0, 3)).is_none());
}

#[test]
fn total_at_the_top_is_checked_too() {
    let t = table(
        YEARS,
        &[
            &["", "Tổng cộng", "", "90", "80", "170", ""],
            &["1", "Tập huấn", "", "50", "50", "100", ""],
            &["2", "Hội nghị", "", "30", "30", "60", ""],
        ],
    );
    let o = check1(&t);
    assert!(
        find(&o, "total-sum", &addr(&t, 0, 3)).is_some(),
        "{:?}",
        codes(&o)
    );
    assert!(find(&o, "total-sum", &addr(&t, 0, 4)).is_none());
    assert!(find(&o, "period-sum", &addr(&t, 0, 5)).is_none());
}

#[test]
fn period_total_must_equal_the_years_on_every_row() {
    let mut t = plan("180", "150");
    t.rows[1][5] = cell("110");
    let o = check1(&t);
    let f = find(&o, "period-sum", &addr(&t, 1, 5)).expect("period-sum");
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("100"), Some("110"))
    );
    assert_eq!(f.related[..2], [addr(&t, 1, 3), addr(&t, 1, 4)]);
    // The totals above it are off by the same 10: this row is the cause,
    // and the total it throws off is named, not reported again.
    assert!(f.related.len() > 2, "{:?}", f.related);
    assert!(
        errors(&o).iter().all(|(code, _)| code == "period-sum"),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn line_amount_is_quantity_times_price() {
    let header = [
        "STT",
        "Nội dung",
        "Đơn vị tính",
        "Số lượng",
        "Đơn giá",
        "Thành tiền",
    ];
    let good = table(
        &header,
        &[
            &["1", "Máy tính", "bộ", "3", "15", "45"],
            &["2", "Máy in", "cái", "2", "7.5", "15"],
            &["", "Tổng cộng", "", "", "", "60"],
        ],
    );
    assert_eq!(errors(&check(&[good])), vec![]);
    let bad = table(
        &header,
        &[
            &["1", "Máy tính", "bộ", "3", "15", "54"],
            &["", "Tổng cộng", "", "", "", "54"],
        ],
    );
    let o = check1(&bad);
    let f = find(&o, "line-amount", &addr(&bad, 0, 5)).expect("line-amount");
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("45"), Some("54"))
    );
    // 54 − 45 = 9: the mark of transposed digits.
    assert!(
        f.message(phuluc::report::lang::Lang::Vi).contains("đảo"),
        "{}",
        f.message(phuluc::report::lang::Lang::Vi)
    );
}

#[test]
fn a_sum_formula_that_stops_short_is_reported_with_its_range() {
    // The formula agrees with itself (saved 150 = SUM of its range) but
    // leaves out item 3.
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Tập huấn", "50"],
            &["2", "Hội nghị", "100"],
            &["3", "Thiết bị", "70"],
        ],
    );
    let first = t.body_row() + 1;
    t.rows.push(vec![
        cell(""),
        cell("Tổng cộng"),
        cell(&format!("=SUM(C{}:C{})|150", first, first + 1)),
    ]);
    let o = check1(&t);
    let f = find(&o, "total-sum", &addr(&t, 3, 2)).expect("total-sum");
    assert_eq!(
        f.formula.as_deref(),
        Some(format!("SUM(C{}:C{})", first, first + 1).as_str())
    );
    let msg = f.message(phuluc::report::lang::Lang::Vi);
    assert!(msg.contains("Công thức không bao gồm dòng 3"), "{msg}");
    assert!(msg.contains("Tổng thiếu dòng 3"), "{msg}");
}

#[test]
fn a_text_number_that_sum_skipped_is_named() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "Tập huấn", "50"], &["2", "Hội nghị", "'100"]],
    );
    let first = t.body_row() + 1;
    t.rows.push(vec![
        cell(""),
        cell("Tổng cộng"),
        cell(&format!("=SUM(C{}:C{})|50", first, first + 1)),
    ]);
    let o = check1(&t);
    assert!(
        find(&o, "text-number", &addr(&t, 1, 2)).is_some(),
        "{:?}",
        codes(&o)
    );
    let f = find(&o, "total-sum", &addr(&t, 2, 2)).expect("total-sum");
    let msg = f.message(phuluc::report::lang::Lang::Vi);
    assert!(
        msg.contains(&format!("Ô {} là số dạng văn bản", addr(&t, 1, 2))),
        "{msg}"
    );
}

#[test]
fn the_difference_names_the_missing_row_or_the_double_count() {
    let rows: &[&[&str]] = &[
        &["1", "A", "120"],
        &["2", "B", "35"],
        &["3", "C", "7"],
        &["", "Tổng cộng", "127"],
    ];
    let t = table(&["STT", "Nội dung", "Kinh phí"], rows);
    let o = check1(&t);
    let msg = find(&o, "total-sum", &addr(&t, 3, 2))
        .unwrap()
        .message(phuluc::report::lang::Lang::Vi);
    assert!(msg.contains("Tổng thiếu dòng 2"), "{msg}");
    let rows: &[&[&str]] = &[
        &["1", "A", "120"],
        &["2", "B", "35"],
        &["3", "C", "7"],
        &["", "Tổng cộng", "197"],
    ];
    let t = table(&["STT", "Nội dung", "Kinh phí"], rows);
    let o = check1(&t);
    let msg = find(&o, "total-sum", &addr(&t, 3, 2))
        .unwrap()
        .message(phuluc::report::lang::Lang::Vi);
    assert!(msg.contains("Dòng 2 có thể bị cộng hai lần"), "{msg}");
}

#[test]
fn rounding_is_a_note_unless_the_items_are_round() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "10.4"],
            &["2", "B", "20.3"],
            &["3", "C", "5.4"],
            &["", "Tổng cộng", "37"],
        ],
    );
    let o = check1(&t);
    let f = find(&o, "rounding", &addr(&t, 3, 2)).expect("rounding note");
    assert_eq!(f.severity, phuluc::Severity::Info);
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "10"],
            &["2", "B", "20"],
            &["3", "C", "50"],
            &["", "Tổng cộng", "81"],
        ],
    );
    let o = check1(&t);
    assert!(
        find(&o, "total-sum", &addr(&t, 3, 2)).is_some(),
        "round items have no rounding excuse"
    );
}

#[test]
fn trong_do_rows_are_never_added() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Đầu tư hạ tầng số", "500"],
            &["", "Trong đó: ngân sách tỉnh", "300"],
            &["2", "Tập huấn", "100"],
            &["", "Tổng cộng", "600"],
        ],
    );
    let o = check(&[t]);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    assert_eq!(
        o.appendix.tables[0].items[1].kind,
        phuluc::model::ItemKind::Breakdown
    );
}

#[test]
fn blank_and_dash_are_no_amount_and_thu_huong_carries_none() {
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Ghi chú"],
        &[
            &["1", "Cổng dịch vụ công", "'-", "", "Thụ hưởng"],
            &["2", "Tập huấn", "40", "40", ""],
            &["3", "Nền tảng định danh", "'Thụ hưởng", "'Thụ hưởng", ""],
            &["", "Tổng cộng", "40", "40", ""],
        ],
    );
    let o = check(&[t]);
    assert_eq!(errors(&o), vec![], "{:?}", codes(&o));
    let items = &o.appendix.tables[0].items;
    assert_eq!(items[0].values[0].amount(), None);
    assert_eq!(items[0].values[0].reading(), phuluc::model::Reading::Dash);
    assert!(items[2].is_beneficiary());
    assert!(items[2].note.contains("Thụ hưởng"));
}

#[test]
fn malformed_total_says_what_the_items_make() {
    let t = table(
        &["STT", "Tên nhiệm vụ", "Dự kiến kinh phí (triệu đồng)"],
        &[
            &["1", "A", "40"],
            &["2", "B", "3 000"],
            &["", "Tổng cộng", "3.040.0000.000"],
        ],
    );
    let o = check1(&t);
    let f = find(&o, "malformed-number", &addr(&t, 2, 2)).expect("malformed-number");
    assert_eq!(f.expected.as_deref(), Some("3040"));
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("các mục cộng lại là 3.040 triệu đồng"));
    assert!(find(&o, "text-number", &addr(&t, 1, 2)).is_some());
}

#[test]
fn numbering_mistakes_are_warnings_at_the_stt_cell() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["I", "Phần một", ""],
            &["1", "A", "10"],
            &["1.1", "A1", ""],
            &["1.2", "A2", ""],
            &["1.2", "A2 lần nữa", ""],
            &["1.4.1", "Lạc chỗ", ""],
            &["3", "C", "10"],
            &["2", "B", "10"],
            &["III", "Phần ba", ""],
            &["1", "D", "10"],
            &["", "Tổng cộng", "40"],
        ],
    );
    let o = check1(&t);
    let c = codes(&o);
    assert!(
        c.contains(&("duplicate-stt".into(), addr(&t, 4, 0))),
        "{c:?}"
    );
    assert!(
        c.contains(&("wrong-parent".into(), addr(&t, 5, 0))),
        "{c:?}"
    );
    assert!(
        c.contains(&("numbering-gap".into(), addr(&t, 6, 0))),
        "{c:?}"
    );
    assert!(
        c.contains(&("numbering-order".into(), addr(&t, 7, 0))),
        "{c:?}"
    );
    assert!(
        c.contains(&("numbering-gap".into(), addr(&t, 8, 0))),
        "{c:?}"
    );
    let gap = find(&o, "numbering-gap", &addr(&t, 8, 0)).unwrap();
    assert!(gap
        .message(phuluc::report::lang::Lang::Vi)
        .contains("thiếu II"));
    assert!(o
        .findings
        .iter()
        .filter(|f| f.code.as_str().contains("stt") || f.code.as_str().contains("numbering"))
        .all(|f| f.severity == phuluc::Severity::Warning));
}

#[test]
fn numbering_may_continue_across_sections() {
    let t = table(
        &["TT", "Nội dung", "Kinh phí"],
        &[
            &["I", "A", ""],
            &["1", "a", "1"],
            &["2", "b", "1"],
            &["II", "B", ""],
            &["3", "c", "1"],
            &["", "Tổng cộng", "3"],
        ],
    );
    let o = check(&[t]);
    assert_eq!(codes(&o), vec![]);
}

#[test]
fn a_total_in_dong_in_a_trieu_table_is_a_unit_mistake() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "40"],
            &["2", "B", "60"],
            &["", "Tổng cộng", "100000000"],
        ],
    );
    let o = check1(&t);
    let f = find(&o, "unit-magnitude", &addr(&t, 2, 2)).expect("unit-magnitude");
    assert!(
        f.message(phuluc::report::lang::Lang::Vi)
            .contains("1.000.000"),
        "{}",
        f.message(phuluc::report::lang::Lang::Vi)
    );
    assert!(find(&o, "total-sum", &addr(&t, 2, 2)).is_some());
}

#[test]
fn a_value_a_thousand_times_off_is_flagged() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "28709"],
            &["2", "B", "31250"],
            &["3", "C", "28.709234"],
            &["4", "D", "30000"],
            &["5", "E", "27500"],
        ],
    );
    let o = check1(&t);
    assert!(
        find(&o, "thousand-outlier", &addr(&t, 2, 2)).is_some(),
        "{:?}",
        codes(&o)
    );
    assert_eq!(
        o.findings
            .iter()
            .filter(|f| f.code.as_str() == "thousand-outlier")
            .count(),
        1
    );
}

#[test]
fn a_money_table_without_unit_is_told() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["", "Tổng cộng", "40"]],
    );
    t.unit_line = None;
    let o = check(&[t]);
    assert!(o.findings.iter().any(|f| f.code.as_str() == "unit-missing"));
}

#[test]
fn target_tables_in_percent_raise_nothing() {
    let t = table(
        &[
            "TT",
            "Nội dung chỉ tiêu",
            "Đơn vị tính",
            "Chỉ tiêu",
            "Đơn vị thực hiện",
        ],
        &[
            &["I", "HẠ TẦNG", "", "", ""],
            &["1", "Phủ sóng 5G", "%", "60%", "Phòng VH-XH"],
            &["2", "Băng rộng", "%", "60%", "VNPT"],
        ],
    );
    let o = check(&[t]);
    assert_eq!(codes(&o), vec![]);
    assert!(!o.appendix.tables[0].has_money);
}

#[test]
fn broken_formulas_are_errors() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["", "Tổng cộng", "'#REF!"]],
    );
    // "#REF!" saved as text (a CSV export, a pasted value) is as broken as
    // the error value itself: the total states nothing.
    let o = check1(&t);
    let f = find(&o, "broken-formula", &addr(&t, 1, 2)).expect("broken-formula");
    assert_eq!(f.severity, phuluc::Severity::Error);
    // A word in an amount cell is not.
    let mut t = t;
    t.rows[1][2] = cell("'Thụ hưởng");
    let o = check(&[t]);
    assert!(o
        .findings
        .iter()
        .all(|f| f.code.as_str() != "broken-formula"));
}

#[test]
fn dotted_numbers_restart_in_each_section() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["I", "Phần một", "20"],
            &["1", "A", "20"],
            &["1.1", "A1", "20"],
            &["II", "Phần hai", "30"],
            &["1", "B", "30"],
            &["1.1", "B1", "30"],
            &["", "Tổng cộng", "50"],
        ],
    );
    assert_eq!(codes(&check1(&t)), vec![]);
}

fn with_words(total: &str, words: &str) -> phuluc::sample::SampleTable {
    let mut t = table(
        &["STT", "Tên nhiệm vụ", "Dự kiến kinh phí"],
        &[
            &["1", "Tập huấn", "40"],
            &["2", "Đài truyền thanh", "3000"],
            &["", "Tổng cộng", total],
        ],
    );
    t.below = vec![words.to_string()];
    t
}

#[test]
fn words_that_agree_with_the_items_are_confirmed() {
    let t = with_words("3040", "(Bằng chữ: Ba tỷ không trăm bốn mươi triệu đồng)");
    let o = check1(&t);
    let f = find(&o, "words-match", &addr(&t, 3, 0)).expect("confirmed");
    assert_eq!(f.severity, phuluc::Severity::Info);
    assert_eq!(errors(&o), vec![]);
}

#[test]
fn words_that_state_another_amount_are_an_error_at_the_words_cell() {
    let t = with_words("3040", "Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng");
    let o = check1(&t);
    let f = find(&o, "words-mismatch", &addr(&t, 3, 0)).expect("mismatch");
    assert_eq!(f.severity, phuluc::Severity::Error);
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("3040"), Some("3277000000"))
    );
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("phải viết «Ba tỷ không trăm bốn mươi triệu đồng»"));
}

#[test]
fn words_confirm_the_items_even_when_the_total_is_wrong() {
    let t = with_words(
        "3.040.0000.000",
        "Bằng chữ: Ba tỷ không trăm bốn mươi triệu đồng",
    );
    let o = check1(&t);
    assert!(find(&o, "words-match", &addr(&t, 3, 0)).is_some());
    assert!(find(&o, "malformed-number", &addr(&t, 2, 2)).is_some());
}

#[test]
fn unreadable_words_name_the_word() {
    let t = with_words("3040", "Bằng chữ: Ba tỷ không trăm bốn mươi chiệu đồng");
    let o = check1(&t);
    let f = find(&o, "words-unreadable", &addr(&t, 3, 0)).expect("unreadable");
    assert!(
        f.message(phuluc::report::lang::Lang::Vi)
            .contains("«chiệu»"),
        "{}",
        f.message(phuluc::report::lang::Lang::Vi)
    );
}

#[test]
fn unlabelled_words_under_the_total_are_checked() {
    let t = with_words("3040", "Ba tỷ không trăm năm mươi triệu đồng chẵn");
    let o = check1(&t);
    assert!(
        find(&o, "words-mismatch", &addr(&t, 3, 0)).is_some(),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn a_line_repeated_with_a_word_added_is_flagged() {
    let t = table(
        &["STT", "Mục tiêu", "Chỉ tiêu"],
        &[
            &[
                "1",
                "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế xã",
                "'>=10%",
            ],
            &["2", "Tỷ lệ dân số trưởng thành có chữ ký số", "'>=20%"],
            &[
                "3",
                "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế",
                "'>=10%",
            ],
        ],
    );
    let o = check1(&t);
    let f = find(&o, "duplicate-row", &addr(&t, 2, 1)).expect("duplicate-row");
    assert_eq!(f.related, vec![addr(&t, 0, 1)]);
    assert_eq!(f.severity, phuluc::Severity::Warning);
    // Different statements that share a beginning are not duplicates.
    let t = table(
        &["STT", "Mục tiêu", "Chỉ tiêu"],
        &[
            &["1", "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến", "'100%"],
            &["2", "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình trên tổng số thủ tục hành chính", "'80%"],
        ],
    );
    assert_eq!(codes(&check1(&t)), vec![]);
}

#[test]
fn a_finding_knows_its_file_and_serializes() {
    let o = phuluc::analyse(
        std::path::Path::new("workbooks/ha-long-phu-luc-2.xlsx"),
        &Default::default(),
    )
    .unwrap();
    let f = o
        .findings
        .iter()
        .find(|f| f.code.as_str() == "malformed-number")
        .unwrap();
    let at = f.location();
    assert_eq!(at.file, "workbooks/ha-long-phu-luc-2.xlsx");
    assert_eq!((at.sheet.as_str(), at.cell.as_str()), ("Phụ lục 2", "F18"));
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["code"], "malformed-number");
    assert_eq!(json["file"], "workbooks/ha-long-phu-luc-2.xlsx");
    assert_eq!(json["detail"]["kind"], "malformed");
    assert_eq!(json["expected"], "3277");
}

/// The workbook of `t` with every formula's saved result removed, as
/// openpyxl writes formulas (`<f>SUM(C8:C9)</f><v></v>`).
fn without_results(dir: &std::path::Path, t: &phuluc::sample::SampleTable) -> std::path::PathBuf {
    let bytes = phuluc::sample::to_buffer(std::slice::from_ref(t)).unwrap();
    let bytes = rewrite_sheet(&bytes, |xml| {
        let xml = String::from_utf8(xml).unwrap();
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("</f><v>") {
            out.push_str(&rest[..i + 4]);
            let after = &rest[i + 7..];
            let end = after.find("</v>").unwrap();
            out.push_str("<v></v>");
            rest = &after[end + 4..];
        }
        out.push_str(rest);
        out.into_bytes()
    });
    let path = dir.join("openpyxl.xlsx");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A file written by a program that does not calculate has its subtotals
/// and total as formulas only: phuluc computes them (a total over
/// subtotals over items, in whatever order), checks the table with them,
/// and warns that a reader of saved values sees them empty.
#[test]
fn formulas_saved_without_results_are_computed_and_said() {
    let dir = scratch();
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["I", "Chuyển đổi số", ""],
            &["1", "A", "40"],
            &["2", "B", "60"],
        ],
    );
    let (i, a, b) = (addr(&t, 0, 2), addr(&t, 1, 2), addr(&t, 2, 2));
    t.rows[0][2] = cell(&format!("=SUM({a}:{b})|100"));
    t.rows.push(vec![
        cell(""),
        cell("'Tổng cộng"),
        cell(&format!("={i}|100")),
    ]);
    let path = without_results(dir.path(), &t);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    let f = find(&o, "formula-no-value", &i).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.severity, phuluc::Severity::Warning);
    assert!(f
        .message(phuluc::report::lang::Lang::En)
        .starts_with("2 cells hold formulas saved without their results"));
    let table = &o.appendix.tables[0];
    assert_eq!(table.totals[0].amount(0), Some(100.into()));
    // A wrong range is found with the computed value.
    t.rows[0][2] = cell(&format!("=SUM({a}:{a})|40"));
    let path = without_results(dir.path(), &t);
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let f = find(&o, "parent-sum", &i).unwrap_or_else(|| panic!("{:?}", codes(&o)));
    assert_eq!(f.found.as_deref(), Some("40"));
    assert_eq!(f.expected.as_deref(), Some("100"));
}
