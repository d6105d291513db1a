//! Numbers as offices type them, read from workbook cells and CSV text.

mod common;
use common::*;
use phuluc::model::Reading;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn amounts(o: &phuluc::Outcome) -> Vec<Option<Decimal>> {
    o.appendix.tables[0]
        .items
        .iter()
        .map(|i| i.values[0].amount())
        .collect()
}

#[test]
fn every_typed_form_is_read() {
    let rows: Vec<[&str; 3]> = vec![
        ["1", "số", "1234567"],
        ["2", "chấm", "'1.234.567"],
        ["3", "phẩy", "'1,234,567"],
        ["4", "cách", "'1 234 567"],
        ["5", "cách 3", "'3 000"],
        ["6", "thập phân", "'1.234,5"],
        ["7", "âm", "'-1.234"],
        ["8", "ngoặc", "'(1.234)"],
        ["9", "gạch", "'-"],
        ["10", "trống", ""],
        ["11", "chữ", "'Thụ hưởng"],
    ];
    let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
    let o = check(&[table(&["STT", "Nội dung", "Kinh phí"], &rows)]);
    assert_eq!(
        amounts(&o),
        vec![
            Some(d("1234567")),
            Some(d("1234567")),
            Some(d("1234567")),
            Some(d("1234567")),
            Some(d("3000")),
            Some(d("1234.5")),
            Some(d("-1234")),
            Some(d("-1234")),
            None,
            None,
            None
        ]
    );
    let items = &o.appendix.tables[0].items;
    assert_eq!(items[8].values[0].reading(), Reading::Dash);
    assert_eq!(items[9].values[0].reading(), Reading::Blank);
    assert_eq!(items[10].note, "Thụ hưởng");
}

#[test]
fn malformed_text_is_reported_never_guessed() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "'3.277.0000.000"],
            &["2", "B", "'1.2.3"],
            &["3", "C", "5"],
        ],
    );
    let o = check1(&t);
    assert_eq!(amounts(&o), vec![None, None, Some(d("5"))]);
    assert!(find(&o, "malformed-number", &addr(&t, 0, 2)).is_some());
    assert!(find(&o, "malformed-number", &addr(&t, 1, 2)).is_some());
}

#[test]
fn ambiguous_numbers_follow_the_column() {
    // Vietnamese separators elsewhere in the column: "1.200" is 1200.
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "'1.234.567"], &["2", "B", "'1.200"]],
    );
    let o = check1(&t);
    assert_eq!(amounts(&o)[1], Some(d("1200")));
    let f = find(&o, "ambiguous-number", &addr(&t, 1, 2)).expect("said so");
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("kiểu Việt Nam"));
    // English decimals elsewhere: "1.200" is 1,2.
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "'12.75"], &["2", "B", "'1.200"]],
    );
    assert_eq!(amounts(&check(&[t]))[1], Some(d("1.2")));
    // English grouping elsewhere: "1,200" is 1200.
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "'1,234,567"], &["2", "B", "'1,200"]],
    );
    assert_eq!(amounts(&check(&[t]))[1], Some(d("1200")));
    // Nothing to go by: whole amounts.
    let o = check_csv(&[
        &["STT", "Nội dung", "Kinh phí"],
        &["1", "A", "2,000"],
        &["2", "B", "50"],
    ]);
    assert_eq!(amounts(&o)[0], Some(d("2000")));
    assert!(o
        .findings
        .iter()
        .any(|f| f.code.as_str() == "ambiguous-number" && f.cell == "C2"));
}

#[test]
fn excel_doubles_convert_without_drift() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "0.1"],
            &["2", "B", "0.2"],
            &["", "Tổng cộng", "0.3"],
        ],
    );
    let o = check(&[t]);
    assert_eq!(amounts(&o), vec![Some(d("0.1")), Some(d("0.2"))]);
    assert_eq!(errors(&o), vec![], "0.1 + 0.2 is 0.3 in money");
}

#[test]
fn text_numbers_are_one_warning_per_column() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "'40"],
            &["2", "B", "'60"],
            &["3", "C", "10"],
            &["", "Tổng cộng", "110"],
        ],
    );
    let o = check1(&t);
    let text: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "text-number")
        .collect();
    assert_eq!(text.len(), 1);
    assert_eq!(text[0].cell, addr(&t, 0, 2));
    assert_eq!(text[0].related, vec![addr(&t, 1, 2)]);
    // CSV cells are all text: no warning there.
    let o = check_csv(&[&["STT", "Nội dung", "Kinh phí"], &["1", "A", "40"]]);
    assert!(o.findings.iter().all(|f| f.code.as_str() != "text-number"));
}
