//! Outputs that never lie: every workbook `format` writes is checked before
//! it is written, `--fix` corrects bottom-up (a parent follows its corrected
//! child, a right parent stays), suggestions come from the same plan, and
//! no row or total of the input is lost.

mod common;
use common::*;
use phuluc::sample::SampleTable;
use std::path::{Path, PathBuf};

/// Runs `phuluc format INPUT -o OUT [extra]`: (exit code, stderr, output).
fn format(input: &Path, extra: &[&str]) -> (i32, String, PathBuf) {
    let out = input.with_extension("out.xlsx");
    let mut args = vec![
        "format",
        "--lang",
        "en",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = phuluc(&args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        out,
    )
}

/// The cell's text in the first sheet of a workbook, by A1 address.
fn cell_at(xlsx: &Path, sheet: &str, a1: &str) -> String {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let col = a1
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .fold(0u32, |a, b| a * 26 + u32::from(b - b'A') + 1)
        - 1;
    let row: u32 = a1
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
        .unwrap()
        - 1;
    range
        .get_value((row, col))
        .map(phuluc::read::cell_text)
        .unwrap_or_default()
}

/// Item 1 leaves out 1.2 (600 instead of 1.000); section I and the total
/// agree with the wrong item, and the words line states the true total.
fn nested_plan() -> SampleTable {
    let mut t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Phần một", "2600", "1000"],
            &["1", "A", "600", "500"],
            &["1.1", "A1", "600", "300"],
            &["1.2", "A2", "400", "200"],
            &["2", "B", "2000", "500"],
            &["II", "Phần hai", "5400", "0"],
            &["1", "D", "5400", "0"],
            &["", "Tổng cộng", "8000", "1000"],
        ],
    );
    t.below = vec!["Bằng chữ: Chín tỷ bốn trăm triệu đồng".into()];
    t
}

#[test]
fn check_suggests_the_correction_and_what_follows_it() {
    let t = nested_plan();
    let o = check1(&t);
    // One error, at its cause; the words, which state the corrected
    // total, are not an error.
    assert_eq!(errors(&o), vec![("parent-sum".to_string(), addr(&t, 1, 2))]);
    let f = find(&o, "parent-sum", &addr(&t, 1, 2)).unwrap();
    let fix = f.fix.as_ref().expect("a correction");
    assert_eq!(fix.value, "1000");
    assert_eq!(
        fix.then,
        vec![
            (addr(&t, 0, 2), "3000".to_string()),
            (addr(&t, 7, 2), "8400".to_string())
        ]
    );
    let m = f.message(phuluc::report::lang::Lang::Vi);
    assert!(m.contains("Sửa thành 1.000; theo đó sửa cả"), "{m}");
    assert!(m.contains("3.000") && m.contains("8.400"), "{m}");
}

#[test]
fn fix_corrects_bottom_up_and_the_output_recalculates_to_what_it_saved() {
    let dir = scratch();
    let t = nested_plan();
    let input = write(dir.path(), "nested.xlsx", std::slice::from_ref(&t));
    let (code, err, out) = format(&input, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    // The three cells, cause first, each with its input address.
    for (cell, old, new) in [
        (addr(&t, 1, 2), "600", "1000"),
        (addr(&t, 0, 2), "2600", "3000"),
        (addr(&t, 7, 2), "8000", "8400"),
    ] {
        assert!(
            err.contains(&format!("'Phụ lục'!{cell}): {old} → {new}")),
            "{cell}: {err}"
        );
    }
    let checked = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!checked.has_errors(), "{:?}", codes(&checked));
    // The words line was right: it stays, and it agrees with the total.
    assert!(
        find(&checked, "words-match", "A16").is_some(),
        "{:?}",
        codes(&checked)
    );
    // The change list stores amounts as numbers.
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let changes = wb.worksheet_range("Thay đổi").unwrap();
    assert_eq!(changes.height(), 4);
    assert!(matches!(changes.get_value((1, 2)), Some(Data::Float(v)) if *v == 600.0));
    assert!(matches!(changes.get_value((1, 3)), Some(Data::Float(v)) if *v == 1000.0));
    // The list is not printed with the appendix: the sheet is hidden, and
    // each changed cell carries a note with its old value and the reason.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    assert!(read("xl/workbook.xml").contains(r#"name="Thay đổi" sheetId="2" state="hidden""#));
    let notes = read("xl/comments1.xml");
    assert!(notes.contains("600 → 1000"), "{notes}");
    if let Some(s) = soffice() {
        assert_recalculates_to_saved(&s, &out, dir.path());
    }
}

#[test]
fn a_right_parent_is_not_corrected_to_a_wrong_childs_sum() {
    // Item 1 is wrong (600), but I (3.000) and the total (8.400) are right.
    let mut t = nested_plan();
    t.rows[0][2] = cell("3000");
    t.rows[7][2] = cell("8400");
    let o = check1(&t);
    let fix = find(&o, "parent-sum", &addr(&t, 1, 2))
        .and_then(|f| f.fix.clone())
        .expect("item 1 is corrected");
    assert!(fix.then.is_empty(), "{:?}", fix.then);
    assert!(
        o.findings
            .iter()
            .all(|f| f.fix.as_ref().is_none_or(|x| x.value != "2600")),
        "never suggest the sum of a wrong child: {:?}",
        codes(&o)
    );
    let dir = scratch();
    let input = write(dir.path(), "t.xlsx", &[t]);
    let (code, err, out) = format(&input, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("fixed").count(), 1, "{err}");
    // The header as typed, one row: item I on row 8.
    assert_eq!(cell_at(&out, "Phụ lục", "C8"), "3000");
}

/// A purchase estimate: two parts, "Cộng (I + II)", VAT and the grand total.
fn with_vat(vat: &str, grand: &str, words: &str) -> SampleTable {
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
            &["I", "Thiết bị", "", "", "", "1000000"],
            &["1", "Máy tính", "bộ", "2", "500000", "1000000"],
            &["II", "Phần mềm", "", "", "", "500000"],
            &["1", "Bản quyền", "gói", "1", "500000", "500000"],
            &["", "Cộng (I + II)", "", "", "", "1500000"],
            &["", "Thuế VAT 10%", "", "", "", vat],
            &["", "TỔNG CỘNG", "", "", "", grand],
        ],
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.below = vec![format!("Bằng chữ: {words}")];
    t
}

#[test]
fn a_correct_estimate_with_vat_checks_clean_and_keeps_every_row() {
    let t = with_vat(
        "150000",
        "1650000",
        "Một triệu sáu trăm năm mươi nghìn đồng",
    );
    let o = check1(&t);
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    assert!(
        find(&o, "words-match", &addr(&t, 7, 0)).is_some(),
        "{:?}",
        codes(&o)
    );
    assert_eq!(o.appendix.tables[0].totals.len(), 3);
    let dir = scratch();
    let input = write(dir.path(), "vat.xlsx", &[t]);
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!again.has_errors(), "{:?}", codes(&again));
    let totals: Vec<String> = again.appendix.tables[0]
        .totals
        .iter()
        .map(|t| format!("{} {}", t.content, t.amount(2).unwrap_or_default()))
        .collect();
    assert_eq!(
        totals,
        [
            "Cộng (I + II) 1500000",
            "Thuế VAT 10% 150000",
            "TỔNG CỘNG 1650000"
        ]
    );
    assert!(
        find(&again, "words-match", "A15").is_some(),
        "{:?}",
        codes(&again)
    );
}

#[test]
fn a_wrong_vat_is_found_and_fixed_with_the_grand_total_and_words() {
    let t = with_vat(
        "160000",
        "1660000",
        "Một triệu sáu trăm sáu mươi nghìn đồng",
    );
    let o = check1(&t);
    let vat = find(&o, "total-sum", &addr(&t, 5, 5)).expect("the VAT line");
    assert_eq!(vat.expected.as_deref(), Some("150000"));
    let dir = scratch();
    let input = write(dir.path(), "vat.xlsx", &[t]);
    let (code, err, out) = format(&input, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!again.has_errors(), "{:?}", codes(&again));
    assert_eq!(cell_at(&out, "Phụ lục", "F14"), "1650000");
    assert_eq!(
        cell_at(&out, "Phụ lục", "A15"),
        "Bằng chữ: Một triệu sáu trăm năm mươi nghìn đồng./."
    );
}

#[test]
fn a_parent_above_its_listed_items_is_kept_as_a_number_not_a_false_formula() {
    // 1 exceeds its items in every column (units not listed): a gap, not an
    // error; format must not write =SUM(…) saved with a value it does not
    // compute.
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Năm 2028"],
        &[
            &["1", "Quốc phòng", "500", "500", "500"],
            &["1.1", "Dân quân", "100", "100", "100"],
            &["1.2", "Huấn luyện", "100", "100", "100"],
            &["2", "Khác", "50", "50", "50"],
            &["", "Tổng cộng", "550", "550", "550"],
        ],
    );
    let o = check1(&t);
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    let dir = scratch();
    let input = write(dir.path(), "gap.xlsx", &[t]);
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let formulas = wb.worksheet_formula("Phụ lục").unwrap();
    let formula_at = |a: (u32, u32)| formulas.get_value(a).cloned().unwrap_or_default();
    // Output rows: the header as typed on row 7, item 1 on row 8.
    assert_eq!(formula_at((7, 2)), "", "item 1 stays a number");
    assert_eq!(cell_at(&out, "Phụ lục", "C8"), "500");
    assert_eq!(formula_at((9, 2)), "", "its item 1.2 is no formula");
    if let Some(s) = soffice() {
        assert_recalculates_to_saved(&s, &out, dir.path());
    }
}

mod refusals {
    use super::*;
    use phuluc::write::verify::{verify, Expectation, Refusal};

    fn bytes(t: &SampleTable) -> Vec<u8> {
        phuluc::sample::to_buffer(std::slice::from_ref(t)).unwrap()
    }

    /// Items 1 and 2, and a total that is a live SUM over them.
    fn clean() -> SampleTable {
        let mut t = table(
            &["STT", "Nội dung", "Kinh phí"],
            &[
                &["1", "A", "40"],
                &["2", "B", "60"],
                &["", "Tổng cộng", "100"],
            ],
        );
        let (a, b) = (addr(&t, 0, 2), addr(&t, 1, 2));
        t.rows[2][2] = cell(&format!("=SUM({a}:{b})|100"));
        t
    }

    #[test]
    fn a_clean_workbook_passes() {
        let t = clean();
        let expect = Expectation {
            items: 2,
            totals: 1,
            ..Default::default()
        };
        verify("t.xlsx".as_ref(), &bytes(&t), &expect).unwrap();
    }

    #[test]
    fn a_workbook_that_would_fail_check_is_refused() {
        let mut t = clean();
        t.rows[2][2] = cell("90");
        let r = verify("t.xlsx".as_ref(), &bytes(&t), &Expectation::default()).unwrap_err();
        assert!(
            matches!(&r[..], [Refusal::Errors(e)] if e[0].code.as_str() == "total-sum"),
            "{r:?}"
        );
        // With errors allowed (format --force), it passes.
        let allowed = Expectation {
            allow_errors: true,
            ..Default::default()
        };
        verify("t.xlsx".as_ref(), &bytes(&t), &allowed).unwrap();
    }

    #[test]
    fn a_formula_saved_with_a_value_it_does_not_compute_is_refused() {
        let mut t = clean();
        // A note cell whose formula computes 100 but saves 90: no check
        // rule reads it, the formula check does.
        t.header[0].push("Ghi chú".into());
        for row in &mut t.rows {
            row.push(cell(""));
        }
        let (a, b) = (addr(&t, 0, 2), addr(&t, 1, 2));
        t.rows[0][3] = cell(&format!("={a}+{b}|90"));
        let r = verify("t.xlsx".as_ref(), &bytes(&t), &Expectation::default()).unwrap_err();
        match &r[..] {
            [Refusal::FormulaValue { cell, computed, .. }] => {
                assert_eq!(cell, &addr(&t, 0, 3));
                assert_eq!(computed.as_ref().unwrap().to_string(), "100");
            }
            other => panic!("{other:?}"),
        }
        assert!(r[0]
            .to_string()
            .contains("would be saved as 90 but computes 100"));
    }

    #[test]
    fn a_formula_phuluc_cannot_evaluate_is_refused() {
        let mut t = clean();
        t.header[0].push("Ghi chú".into());
        for row in &mut t.rows {
            row.push(cell(""));
        }
        t.rows[0][3] = cell("=VLOOKUP(C9,A1:B2,2)|1");
        let r = verify("t.xlsx".as_ref(), &bytes(&t), &Expectation::default()).unwrap_err();
        assert!(r[0].to_string().contains("cannot be verified"), "{}", r[0]);
    }

    #[test]
    fn lost_rows_are_refused() {
        let t = clean();
        let expect = Expectation {
            items: 3,
            totals: 2,
            ..Default::default()
        };
        let r = verify("t.xlsx".as_ref(), &bytes(&t), &expect).unwrap_err();
        let said: Vec<String> = r.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            said,
            [
                "the input has 3 item rows but the workbook built has 2",
                "the input has 2 total rows but the workbook built has 1"
            ]
        );
    }

    #[test]
    fn format_refuses_and_writes_nothing_when_its_output_would_lie() {
        // Errors --fix cannot correct: a legend relation (1 = 2 + 3) broken
        // with two possible culprits stays an error, so nothing is written.
        let t = table(
            &["STT", "Nội dung", "Tổng số", "Vốn tỉnh", "Vốn xã"],
            &[
                &["", "", "1=2+3", "2", "3"],
                &["1", "A", "100", "50", "40"],
                &["", "Tổng cộng", "100", "50", "40"],
            ],
        );
        let dir = scratch();
        let input = write(dir.path(), "t.xlsx", &[t]);
        let (code, err, out) = format(&input, &["--fix"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("cannot correct"), "{err}");
        assert!(!out.exists());
    }
}

#[test]
fn two_tables_on_one_sheet_stay_on_it_each_with_its_own_total() {
    let h = ["STT", "Nội dung", "Năm 2026", "Năm 2027"];
    let t = table(
        &h,
        &[
            &["1", "A", "1000", "500"],
            &["2", "B", "1000", "500"],
            &["", "Tổng cộng", "2000", "1000"],
            &["", "", "", ""],
            &["", "'Bảng 2: DỰ KIẾN NGUỒN VỐN", "", ""],
            &["STT", "Nội dung", "'Năm 2026", "'Năm 2027"],
            &["1", "C", "1500", "750"],
            &["2", "D", "750", "0"],
            &["", "Tổng cộng", "2250", "750"],
        ],
    );
    let dir = scratch();
    let input = write(dir.path(), "two.xlsx", &[t]);
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!again.has_errors(), "{:?}", codes(&again));
    let tables: Vec<(String, usize, Vec<String>)> = again
        .appendix
        .tables
        .iter()
        .map(|t| {
            (
                t.sheet.clone(),
                t.items.len(),
                t.totals
                    .iter()
                    .map(|x| x.amount(0).unwrap_or_default().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        tables,
        [
            ("Phụ lục".to_string(), 2, vec!["2000".to_string()]),
            ("Phụ lục".to_string(), 2, vec!["2250".to_string()])
        ]
    );
    assert!(again.appendix.tables[1]
        .title
        .iter()
        .any(|l| l.contains("Bảng 2")));
}

#[test]
fn a_header_repeated_with_its_column_numbers_inside_a_section_is_no_row() {
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
        &[
            &["2", "Phần hai", "600", "60"],
            &["2.2", "Mục", "600", "60"],
            &["2.2.5", "E", "300", "30"],
            &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
            &["(1)", "'(2)", "'(3)", "'(4)"],
            &["2.2.6", "F", "300", "30"],
            &["", "Tổng cộng", "600", "60"],
        ],
    );
    let o = check1(&t);
    assert!(errors(&o).is_empty(), "{:?}", codes(&o));
    let stts: Vec<&str> = o.appendix.tables[0]
        .items
        .iter()
        .map(|i| i.stt.as_str())
        .collect();
    assert_eq!(stts, ["2", "2.2", "2.2.5", "2.2.6"]);
    let dir = scratch();
    let input = write(dir.path(), "repeat.xlsx", &[t]);
    let (code, err, out) = format(&input, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("fixed"), "nothing to correct: {err}");
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    let stts: Vec<String> = again.appendix.tables[0]
        .items
        .iter()
        .map(|i| i.stt.to_string())
        .collect();
    assert_eq!(stts, ["2", "2.2", "2.2.5", "2.2.6"]);
}

#[test]
fn column_groups_column_numbers_date_and_signature_are_carried() {
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Tổng số",
            "Ngân sách tỉnh",
            "Ngân sách xã",
            "Ghi chú",
        ],
        &[
            &["1", "A", "100", "60", "40", ""],
            &["2", "B", "50", "20", "30", ""],
            &["", "Tổng cộng", "150", "80", "70", ""],
        ],
    );
    t.header = vec![
        ["STT", "Nội dung", "Tổng số", "Trong đó", "", "Ghi chú"]
            .map(String::from)
            .to_vec(),
        ["", "", "", "Ngân sách tỉnh", "Ngân sách xã", ""]
            .map(String::from)
            .to_vec(),
    ];
    t.column_numbers = true;
    t.below = [
        "Bằng chữ: Một trăm năm mươi triệu đồng",
        "Đa Kia, ngày 10 tháng 3 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
    ]
    .map(String::from)
    .to_vec();
    let dir = scratch();
    let input = write(dir.path(), "group.xlsx", std::slice::from_ref(&t));
    let before = phuluc::analyse(&input, &Default::default()).unwrap();
    assert_eq!(before.appendix.tables[0].closing.len(), 4);
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!again.has_errors(), "{:?}", codes(&again));
    let table = &again.appendix.tables[0];
    assert_eq!(table.legend, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]);
    let closing: Vec<&str> = table.closing.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        closing,
        [
            "Đa Kia, ngày 10 tháng 3 năm 2026",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Nguyễn Văn A"
        ]
    );
    // The funding sources keep their totals.
    let total: Vec<String> = (0..3)
        .map(|k| table.totals[0].amount(k).unwrap_or_default().to_string())
        .collect();
    assert_eq!(total, ["150", "80", "70"]);
    if let Some(s) = soffice() {
        assert_recalculates_to_saved(&s, &out, dir.path());
    }
}

/// A section row with a stray 0 typed in one year (as in the published
/// 2013 accounts) is a heading: the total adds the rows under it, the check
/// says nothing, and `format` keeps the 0 as typed with a total that adds
/// the rows, not the 0.
#[test]
fn a_heading_with_a_stray_zero_is_kept_and_the_total_adds_its_rows() {
    let t = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Chuyển đổi số", "", "0"],
            &["1", "Phần mềm", "10", "20"],
            &["2", "Thiết bị", "5", "5"],
            &["II", "Đào tạo", "3", "4"],
            &["", "Tổng cộng", "18", "29"],
        ],
    );
    let dir = scratch();
    let input = write(dir.path(), "stray.xlsx", &[t]);
    let outcome = phuluc::analyse(&input, &Default::default()).unwrap();
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(errors(&back).is_empty(), "{:?}", errors(&back));
    let table = &back.appendix.tables[0];
    let heading = &table.items[0];
    assert_eq!(heading.stt, "I");
    assert_eq!(heading.amount(1), Some(0.into()), "the 0 is kept as typed");
    assert_eq!(
        heading.amount(0),
        None,
        "nothing is written into the heading"
    );
    assert_eq!(table.totals[0].amount(1), Some(29.into()));
}

/// A clean estimate formats clean: each part's total stays right under its
/// lines, the part headings stay blank, and the cost summary gets no total
/// adding rows that are computed from each other.
#[test]
fn a_clean_estimate_formats_with_each_part_total_in_place() {
    let dir = scratch();
    let input = dir.path().join("du-toan.xlsx");
    std::fs::copy("workbooks/du-toan-kenh-muong-sua.xlsx", &input).unwrap();
    let (code, err, out) = format(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(errors(&back).is_empty(), "{:?}", errors(&back));
    let detail = &back.appendix.tables[0];
    let part_total = detail
        .totals
        .iter()
        .find(|t| t.content == "TỔNG CỘNG: Đập bê tông")
        .unwrap();
    let next_part = detail
        .items
        .iter()
        .find(|i| i.content == "Kênh dẫn")
        .unwrap();
    let last_line = detail.items.iter().find(|i| i.stt == "3").unwrap();
    assert!(last_line.row < part_total.row && part_total.row < next_part.row);
    let heading = detail
        .items
        .iter()
        .find(|i| i.content == "Đập bê tông")
        .unwrap();
    let amount = (0..detail.numeric.len())
        .find(|&k| detail.numeric_column(k).role == phuluc::detect::Role::Amount)
        .unwrap();
    assert_eq!(heading.amount(amount), None, "a part heading stays blank");
    let summary = &back.appendix.tables[1];
    assert!(
        summary.totals.is_empty(),
        "no total added to a cost summary"
    );
    assert!(summary.words.is_empty(), "no words line made for it");
}
