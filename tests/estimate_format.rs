//! `format` of a cost estimate writes it with live formulas: each line's
//! Thành tiền as Khối lượng × Đơn giá, each part total as a SUM of its
//! lines, TỔNG HẠNG MỤC as a SUM of the part totals, LÀM TRÒN as ROUND, the
//! summary's rows from their "Cách tính"; saved with the values they
//! compute, which LibreOffice's recalculation confirms. `--fix` corrects
//! the detail and carries the corrected total into the summary sheet.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// Runs `phuluc format INPUT -o OUT [extra]` into `dir`: (exit, stderr, output).
fn format(input: &str, dir: &Path, extra: &[&str]) -> (i32, String, PathBuf) {
    let out = dir.join("out.xlsx");
    let mut args = vec!["format", "--lang", "en", input, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = phuluc(&args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    (o.status.code().unwrap_or(-1), err, out)
}

/// Every formula of a sheet, by A1 address, without '='.
fn formulas(xlsx: &Path, sheet: &str) -> Vec<(String, String)> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let range = wb.worksheet_formula(sheet).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| {
            (
                phuluc::read::a1(r as u32 + r0, c as u32 + c0),
                f.trim_start_matches('=').to_string(),
            )
        })
        .collect()
}

fn formula_at<'a>(all: &'a [(String, String)], cell: &str) -> &'a str {
    all.iter()
        .find(|(a, _)| a == cell)
        .map(|(_, f)| f.as_str())
        .unwrap_or_else(|| panic!("no formula at {cell}: {all:?}"))
}

/// The amount of a summary row by its symbol, from the model.
fn summary_amount(out: &Path, symbol: &str) -> rust_decimal::Decimal {
    let o = phuluc::analyse(out, &Default::default()).unwrap();
    let summary = &o.appendix.tables[1];
    let symbol_at = summary
        .text_columns
        .iter()
        .position(|&c| summary.columns[c].role == phuluc::detect::Role::Symbol)
        .unwrap();
    summary
        .items
        .iter()
        .find(|i| i.texts[symbol_at] == symbol)
        .and_then(|i| i.amount(0))
        .unwrap()
}

#[test]
fn a_clean_estimate_is_written_with_live_formulas_that_recalculate_to_what_is_saved() {
    let dir = scratch();
    let (code, err, out) = format("workbooks/du-toan-kenh-muong-sua.xlsx", dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let detail = formulas(&out, "Dự toán chi tiết");
    // Lines: quantity × price, in their own row.
    assert_eq!(formula_at(&detail, "G9"), "E9*F9");
    assert_eq!(formula_at(&detail, "G16"), "E16*F16");
    // Part totals over their own lines; the hạng mục over the part totals;
    // LÀM TRÒN rounds it to 1.000 đồng.
    assert_eq!(formula_at(&detail, "G12"), "SUM(G9:G11)");
    assert_eq!(formula_at(&detail, "G17"), "SUM(G14:G16)");
    assert_eq!(formula_at(&detail, "G18"), "SUM(G12,G17)");
    assert_eq!(formula_at(&detail, "G19"), "ROUND(G18,-3)");
    // Part headings stay blank.
    assert!(!detail.iter().any(|(a, _)| a == "G8" || a == "G13"));
    // The summary's rows from their stated computation.
    let summary = formulas(&out, "Tổng hợp dự toán");
    assert_eq!(formula_at(&summary, "D9"), "D8*0.065");
    assert_eq!(formula_at(&summary, "D10"), "(D8+D9)*0.055");
    assert_eq!(formula_at(&summary, "D11"), "D8+D9+D10");
    assert_eq!(formula_at(&summary, "D12"), "D11*0.08");
    assert_eq!(formula_at(&summary, "D13"), "D11+D12");
    // The base row T is the detail's total, typed: no formula.
    assert!(!summary.iter().any(|(a, _)| a == "D8"));
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(errors(&back).is_empty(), "{:?}", errors(&back));
    if let Some(s) = soffice() {
        assert_sheet_recalculates_to_saved(&s, &out, dir.path(), 0);
        assert_sheet_recalculates_to_saved(&s, &out, dir.path(), 1);
    }
}

/// The example with a mistake of each kind: `--fix` corrects the line, the
/// part total, the hạng mục and LÀM TRÒN, then the summary's base T takes
/// the corrected 52.164.000 and every row computed from it follows (C at
/// the stated 6,5 %, not the 6,73 % typed); the output checks clean and
/// recalculates to what it saved.
#[test]
fn fix_carries_the_corrected_detail_total_into_the_summary() {
    let dir = scratch();
    let (code, err, out) = format("workbooks/du-toan-kenh-muong.xlsx", dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(errors(&back).is_empty(), "{:?}", errors(&back));
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(summary_amount(&out, "T"), d("52164000"));
    assert_eq!(summary_amount(&out, "C"), d("3390660"));
    assert_eq!(summary_amount(&out, "TL"), d("3055506.3"));
    // Each change is said, with its cell in the input.
    for cell in [
        "'Tổng hợp dự toán'!D8",
        "'Tổng hợp dự toán'!D9",
        "'Dự toán chi tiết'!G10",
    ] {
        assert!(
            err.contains(&format!("(in the input {cell})")),
            "{cell}: {err}"
        );
    }
    let summary = formulas(&out, "Tổng hợp dự toán");
    assert_eq!(formula_at(&summary, "D9"), "D8*0.065");
    if let Some(s) = soffice() {
        assert_sheet_recalculates_to_saved(&s, &out, dir.path(), 0);
        assert_sheet_recalculates_to_saved(&s, &out, dir.path(), 1);
    }
}

/// A line whose amount is its product rounded to whole đồng gets
/// `ROUND(…,0)`; a line whose amount is neither keeps its number (and
/// `check` reports it), never a formula computing something else.
#[test]
fn a_rounded_line_gets_round_and_a_wrong_one_keeps_its_number() {
    let t = table(
        &phuluc::sample::ESTIMATE_HEADER,
        &[
            &[
                "1",
                "AF.11213",
                "Bê tông lót móng",
                "m3",
                "3.5",
                "1234567.89",
                "4320988",
            ],
            &["2", "AB.11312", "Đào móng", "100m3", "2", "1000", "2000"],
            &["3", "AK.21224", "Trát tường", "m2", "2", "10", "25"],
            // As Excel saves a product: the double, noise and all.
            &[
                "4",
                "AK.21225",
                "Trát trần",
                "m2",
                "12.345678",
                "1234.5678",
                &(12.345678f64 * 1234.5678).to_string(),
            ],
            &[
                "",
                "",
                "TỔNG CỘNG",
                "",
                "",
                "",
                &(4323013.0 + 12.345678f64 * 1234.5678).to_string(),
            ],
        ],
    );
    let dir = scratch();
    let input = write(dir.path(), "dt.xlsx", &[t]);
    let checked = phuluc::analyse(&input, &Default::default()).unwrap();
    assert_eq!(errors(&checked).len(), 1, "{:?}", errors(&checked));
    // Written as it is with --force, the error it keeps said.
    let (code, err, out) = format(input.to_str().unwrap(), dir.path(), &["--force"]);
    assert!(out.exists(), "{code}: {err}");
    assert!(err.contains("line-amount"), "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    let table = &back.appendix.tables[0];
    let f = formulas(&out, &table.sheet);
    let line = |stt: &str| {
        let item = table.items.iter().find(|i| i.stt == stt).unwrap();
        let cell = format!("G{}", item.row + 1);
        f.iter().find(|(a, _)| *a == cell).map(|(_, f)| f.clone())
    };
    let rounded = line("1").expect("a formula on line 1");
    assert!(
        rounded.starts_with("ROUND(") && rounded.ends_with(",0)"),
        "{rounded}"
    );
    assert!(line("2").is_some_and(|f| !f.starts_with("ROUND")));
    assert_eq!(line("3"), None, "a wrong amount stays a number");
    assert_eq!(
        line("4").as_deref(),
        Some(
            format!(
                "E{r}*F{r}",
                r = { table.items.iter().find(|i| i.stt == "4").unwrap().row + 1 }
            )
            .as_str()
        ),
        "a product with a double's noise is its formula"
    );
    // The one error of the input, and no other.
    assert_eq!(errors(&back).len(), 1, "{:?}", errors(&back));
    if let Some(s) = soffice() {
        assert_recalculates_to_saved(&s, &out, dir.path());
    }
}

/// The gate before a workbook is saved lets through only the errors the
/// fix plan left, one for one: any other error refuses the output (a
/// summary left behind by a corrected detail was once let through because
/// some other error remained).
#[test]
fn the_gate_lets_through_only_the_errors_left() {
    use phuluc::check::Code;
    use phuluc::write::verify::{verify, Expectation, Refusal};
    let name = Path::new("workbooks/du-toan-kenh-muong.xlsx");
    let bytes = std::fs::read(name).unwrap();
    let base = Expectation::of(&phuluc::analyse(name, &Default::default()).unwrap().appendix);
    let left = vec![
        Code::LineAmount,
        Code::TotalSum,
        Code::TotalSum,
        Code::WordsMismatch,
    ];
    let refused = verify(
        name,
        &bytes,
        &Expectation {
            errors_left: left.clone(),
            ..base.clone()
        },
    )
    .unwrap_err();
    let errors: Vec<Code> = refused
        .iter()
        .flat_map(|r| match r {
            Refusal::Errors(e) => e.iter().map(|f| f.code).collect(),
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(errors, vec![Code::SummaryFormula], "{refused:?}");
    let mut all = left;
    all.push(Code::SummaryFormula);
    assert!(verify(
        name,
        &bytes,
        &Expectation {
            errors_left: all,
            ..base
        },
    )
    .is_ok());
}

/// The two example estimates saved as .xls by LibreOffice (as an older
/// Excel or estimating software would hand them over: whole numbers come
/// back as integers, the rest as doubles) read to the same findings, cell
/// for cell, as the .xlsx; the .xls with its mistakes formats with `--fix`
/// into a clean workbook.
#[test]
fn an_estimate_saved_as_xls_reads_and_fixes_like_the_xlsx() {
    let Some(soffice) = soffice() else {
        return;
    };
    let dir = scratch();
    let key = |o: &phuluc::Outcome| {
        let mut v: Vec<(String, String, String)> = o
            .findings
            .iter()
            .map(|f| (f.code.to_string(), f.sheet.clone(), f.cell.clone()))
            .collect();
        v.sort();
        v
    };
    for name in ["du-toan-kenh-muong", "du-toan-kenh-muong-sua"] {
        let xlsx = format!("workbooks/{name}.xlsx");
        {
            let _one_at_a_time = soffice_lock();
            let o = std::process::Command::new(&soffice)
                .arg(format!(
                    "-env:UserInstallation=file://{}/lo-profile",
                    dir.path().display()
                ))
                .args(["--headless", "--convert-to", "xls", "--outdir"])
                .arg(dir.path())
                .arg(&xlsx)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let xls = dir.path().join(format!("{name}.xls"));
        let from_xls = phuluc::analyse(&xls, &Default::default()).unwrap();
        let from_xlsx = phuluc::analyse(Path::new(&xlsx), &Default::default()).unwrap();
        assert_eq!(from_xls.appendix.format, phuluc::read::Format::Xls);
        assert_eq!(key(&from_xls), key(&from_xlsx), "{name}");
    }
    let xls = dir.path().join("du-toan-kenh-muong.xls");
    let (code, err, out) = format(xls.to_str().unwrap(), dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(errors(&back).is_empty(), "{:?}", errors(&back));
    assert_eq!(summary_amount(&out, "T"), 52_164_000.into());
}

/// Two summary rows stated from each other ("A = B x 2", "B = A / 2"):
/// only the lower one becomes a formula, over the row above; the upper
/// keeps its number — never a circular reference, which Excel refuses.
#[test]
fn summary_rows_that_refer_to_each_other_never_make_a_cycle() {
    let mut t = table(
        &[
            "STT",
            "Khoản mục chi phí",
            "Cách tính",
            "Giá trị",
            "Ký hiệu",
        ],
        &[
            &["1", "Chi phí A", "B x 2", "200", "A"],
            &["2", "Chi phí B", "A / 2", "100", "B"],
        ],
    );
    t.unit_line = Some("Đơn vị tính: đồng".into());
    let dir = scratch();
    let input = write(dir.path(), "vong.xlsx", &[t]);
    let (code, err, out) = format(input.to_str().unwrap(), dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    let table = &back.appendix.tables[0];
    let row = |stt: &str| table.items.iter().find(|i| i.stt == stt).unwrap().row + 1;
    let f = formulas(&out, &table.sheet);
    assert!(
        !f.iter().any(|(a, _)| *a == format!("D{}", row("1"))),
        "{f:?}"
    );
    assert_eq!(
        formula_at(&f, &format!("D{}", row("2"))),
        format!("D{}/2", row("1"))
    );
}
