//! `phuluc new`: every kind of template, with its header in Vietnamese and
//! in English, filled with numbers (typed into its cells, as an office
//! types them), recalculated and saved by LibreOffice, then checked: no
//! error, every typed amount read where it was typed, totals that add up.
//! A total typed over its formula and a row left outside a SUM range are
//! found at their cells. The estimate's GTGT follows the rates table for
//! its date.

mod common;

use phuluc::detect::Role;
use phuluc::read::Source;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// `phuluc new ARGS… -o dir/name`, which must succeed.
fn new(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut all: Vec<&str> = vec!["new"];
    all.extend(args);
    let out_s = out.to_str().unwrap().to_string();
    all.extend(["-o", &out_s]);
    let o = common::phuluc(&all);
    assert!(
        o.status.success(),
        "phuluc new {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// What to type into a cell.
#[derive(Debug, Clone)]
enum Typed {
    Number(Decimal),
    Text(String),
    Formula(String),
}

/// Sets cell `at` (A1) of a sheet's XML to `typed`, keeping its style: a
/// cell the template wrote (blank, text or formula) is replaced whole.
fn set_cell(xml: &str, at: &str, typed: &Typed) -> String {
    let open = format!("<c r=\"{at}\"");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no cell {at}"));
    let head_end = start + xml[start..].find('>').unwrap();
    let end = if xml.as_bytes()[head_end - 1] == b'/' {
        head_end + 1
    } else {
        head_end + xml[head_end..].find("</c>").unwrap() + 4
    };
    let head = &xml[start..head_end];
    let style = head
        .split_whitespace()
        .find_map(|a| a.strip_prefix("s=\""))
        .map(|s| s.trim_end_matches(['"', '/']).to_string())
        .unwrap_or_else(|| "0".into());
    let cell = match typed {
        Typed::Number(v) => format!("<c r=\"{at}\" s=\"{style}\"><v>{v}</v></c>"),
        Typed::Text(t) => {
            format!("<c r=\"{at}\" s=\"{style}\" t=\"inlineStr\"><is><t>{t}</t></is></c>")
        }
        Typed::Formula(f) => format!("<c r=\"{at}\" s=\"{style}\"><f>{f}</f></c>"),
    };
    format!("{}{}{}", &xml[..start], cell, &xml[end..])
}

/// The workbook `bytes` with cells of its sheets (by 0-based index) typed.
fn typed_into(bytes: &[u8], cells: &[(usize, String, Typed)]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some(n) = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|s| s.strip_suffix(".xml"))
            .and_then(|s| s.parse::<usize>().ok())
        {
            let mut xml = String::from_utf8(data).unwrap();
            for (_, at, typed) in cells.iter().filter(|(s, ..)| *s + 1 == n) {
                xml = set_cell(&xml, at, typed);
            }
            data = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// LibreOffice opens `xlsx`, recalculates every formula and saves it as
/// xlsx in `dir/lo-out`; the path of what it saved.
fn recalculated(soffice: &Path, xlsx: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
    )
    .unwrap();
    let out_dir = dir.join("lo-out");
    let _one_at_a_time = common::soffice_lock();
    let o = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out_dir)
        .arg(xlsx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let saved = out_dir.join(xlsx.file_name().unwrap());
    assert!(
        saved.exists(),
        "LibreOffice saved nothing for {}",
        xlsx.display()
    );
    saved
}

/// A template's cells to fill: on every sheet, the first `per_section`
/// numbered spare rows of each section get a content, a code and a unit
/// where the sheet has them, and a number in every number column phuluc
/// named (years, targets, quantities, prices). Returns the cells and the
/// numbers typed, by (sheet, row, column).
fn fill_plan(template: &Path, per_section: usize) -> Vec<(usize, String, Typed)> {
    let mut source = Source::open(template).unwrap();
    let names = source.sheet_names().to_vec();
    let mut cells = Vec::new();
    for (s, name) in names.iter().enumerate() {
        let sheet = source.sheet(name).unwrap();
        let Some(named) = sheet.named.clone() else {
            continue;
        };
        // Formulas are locked: an office cannot type over them.
        let formulas = source.formulas(name);
        let role = |c: u32| {
            named
                .roles
                .iter()
                .find(|(col, _)| *col == c)
                .and_then(|(_, r)| phuluc::detect::role_of_name(r))
        };
        let stt_col = named.roles.iter().find(|(_, r)| r == "stt").unwrap().0;
        let body = named.legend.unwrap() + 1;
        let ((_, _), (last_row, _)) = sheet.bounds().unwrap();
        let mut in_section = 0usize;
        for r in body..=last_row {
            let stt = phuluc::read::cell_text(sheet.get(r, stt_col));
            if stt.parse::<u32>().is_err() {
                in_section = 0;
                continue;
            }
            in_section += 1;
            // A spare row: numbered, its content blank (a summary's lines
            // are labelled).
            let content_col = named.roles.iter().find(|(_, r)| r == "content").unwrap().0;
            let blank = phuluc::read::cell_text(sheet.get(r, content_col)).is_empty();
            if in_section > per_section || !blank {
                continue;
            }
            for c in named.header.2..=named.header.3 {
                if formulas.contains_key(&(r, c)) {
                    continue;
                }
                let at = phuluc::read::a1(r, c);
                let typed = match role(c) {
                    Some(Role::Content) => Typed::Text(format!("Nhiệm vụ thử dòng {}", r + 1)),
                    Some(Role::Code) => Typed::Text("AB.11312".into()),
                    Some(Role::MeasureUnit) => Typed::Text("m3".into()),
                    Some(Role::Lead) => Typed::Text("Phòng Kinh tế".into()),
                    Some(Role::Year(_)) | Some(Role::Target) => {
                        Typed::Number(Decimal::from(10 + (r * 7 + c * 3) % 40))
                    }
                    Some(Role::Quantity) => Typed::Number(Decimal::new(25 + i64::from(r % 4), 1)),
                    Some(Role::UnitPrice)
                    | Some(Role::PriceMaterial)
                    | Some(Role::PriceLabour)
                    | Some(Role::PriceMachine) => {
                        Typed::Number(Decimal::from(1000 * (1 + (r + c) % 9) + 500))
                    }
                    _ => continue,
                };
                cells.push((s, at, typed));
            }
        }
        // The estimate summary's rates to type: chi phí chung, thu nhập.
        if let Some(rate_col) = named.roles.iter().find(|(_, r)| r == "rate").map(|r| r.0) {
            let symbol_col = named.roles.iter().find(|(_, r)| r == "symbol").unwrap().0;
            for r in body..=last_row {
                let rate = match phuluc::read::cell_text(sheet.get(r, symbol_col)).as_str() {
                    "C" => Decimal::new(65, 1),
                    "TL" => Decimal::new(55, 1),
                    _ => continue,
                };
                cells.push((s, phuluc::read::a1(r, rate_col), Typed::Number(rate)));
            }
        }
    }
    cells
}

/// Every number typed is read as an amount of an item on its row and in
/// its column.
fn assert_every_amount_read(
    outcome: &phuluc::Outcome,
    typed: &[(usize, String, Typed)],
    sheets: &[String],
) -> usize {
    let mut found = 0;
    for (s, at, t) in typed {
        let Typed::Number(v) = t else { continue };
        let (r, c) = phuluc::a1::parse(at).unwrap();
        let Some(table) = outcome
            .appendix
            .tables
            .iter()
            .find(|t| t.sheet == sheets[*s])
        else {
            // A rate cell of a summary is no amount.
            continue;
        };
        let item = || {
            table
                .items
                .iter()
                .find(|i| i.row == r)
                .unwrap_or_else(|| panic!("'{}'!{at}: no item read on its row", sheets[*s]))
        };
        match table
            .numeric
            .iter()
            .position(|&i| table.columns[i].col == c)
        {
            Some(k) => assert_eq!(item().amount(k), Some(*v), "'{}'!{at}", sheets[*s]),
            // A target is read as the text it shows.
            None => {
                let Some(j) = table
                    .text_columns
                    .iter()
                    .position(|&i| table.columns[i].col == c)
                else {
                    continue;
                };
                assert_eq!(
                    item().texts[j].to_string(),
                    v.to_string(),
                    "'{}'!{at}",
                    sheets[*s]
                );
            }
        }
        found += 1;
    }
    found
}

fn errors(o: &phuluc::Outcome) -> Vec<String> {
    o.findings
        .iter()
        .filter(|f| f.severity == phuluc::Severity::Error)
        .map(|f| format!("'{}'!{} {}", f.sheet, f.cell, f.code))
        .collect()
}

/// The number saved in a cell (calamine reads the cached value).
fn saved(xlsx: &Path, sheet: &str, at: &str) -> Option<Decimal> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r, c) = phuluc::a1::parse(at).unwrap();
    match range.get_value((r, c))? {
        calamine::Data::Float(f) => phuluc::number::decimal_from_f64(*f),
        calamine::Data::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// Builds, fills, recalculates and checks one kind in one header language.
fn round_trip(
    soffice: &Path,
    kind: &str,
    lang: &str,
    extra: &[&str],
) -> (tempfile::TempDir, PathBuf, PathBuf, phuluc::Outcome) {
    let scratch = common::scratch();
    let dir = scratch.path().to_path_buf();
    let mut args = vec![
        kind,
        "--lang",
        lang,
        "--commune",
        "Xã Đa Kia",
        "--date",
        "15/03/2026",
    ];
    args.extend(extra);
    let template = new(&dir, &format!("{kind}-{lang}.xlsx"), &args);
    // The empty template checks clean.
    let empty = phuluc::analyse(&template, &Default::default()).unwrap();
    assert!(
        errors(&empty).is_empty(),
        "{kind} {lang}: {:?}",
        errors(&empty)
    );
    let plan = fill_plan(&template, 3);
    assert!(!plan.is_empty());
    let filled = dir.join(format!("{kind}-{lang}-filled.xlsx"));
    std::fs::write(
        &filled,
        typed_into(&std::fs::read(&template).unwrap(), &plan),
    )
    .unwrap();
    let saved_by_lo = recalculated(soffice, &filled, &dir);
    let outcome = phuluc::analyse(&saved_by_lo, &Default::default()).unwrap();
    assert!(
        errors(&outcome).is_empty(),
        "{kind} {lang}: {:?}",
        errors(&outcome)
    );
    let sheets = Source::open(&template).unwrap().sheet_names().to_vec();
    let read = assert_every_amount_read(&outcome, &plan, &sheets);
    // Amounts (targets) were typed and read; a task list has none.
    if kind != "nhiem-vu" {
        assert!(read > 0, "{kind} {lang}: no amount typed was found");
    }
    // Every sheet's table is read: none is left out.
    for s in &sheets {
        assert!(
            outcome.appendix.tables.iter().any(|t| &t.sheet == s),
            "{kind} {lang}: no table read on '{s}'"
        );
    }
    (scratch, template, saved_by_lo, outcome)
}

/// The sum of the numbers typed in column `col` of sheet `s`.
fn typed_sum(plan: &[(usize, String, Typed)], s: usize, col: u32) -> Decimal {
    plan.iter()
        .filter(|(sh, at, _)| *sh == s && phuluc::a1::parse(at).unwrap().1 == col)
        .filter_map(|(_, _, t)| match t {
            Typed::Number(v) => Some(*v),
            _ => None,
        })
        .sum()
}

#[test]
fn a_plan_template_filled_and_recalculated_checks_clean_in_both_languages() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    for lang in ["vi", "en"] {
        let (dir, template, by_lo, outcome) = round_trip(&soffice, "ke-hoach", lang, &[]);
        let table = &outcome.appendix.tables[0];
        // The total is the sum of every number typed in its column.
        let total = &table.totals[0];
        let year = table
            .numeric
            .iter()
            .position(|&i| table.columns[i].role == Role::Year(2026))
            .unwrap();
        let col = table.columns[table.numeric[year]].col;
        let plan = fill_plan(&template, 3);
        assert_eq!(total.amount(year), Some(typed_sum(&plan, 0, col)));
        // The English header is read through the names, as the Vietnamese.
        assert_eq!(table.columns[0].role, Role::Stt);
        // `format` fills the words line the template left blank.
        assert!(phuluc::words::is_blank_line(&table.words[0].text));
        let formatted = dir.path().join("formatted.xlsx");
        common::format_ok(&by_lo, &formatted);
        let again = phuluc::analyse(&formatted, &Default::default()).unwrap();
        let words = &again.appendix.tables[0].words[0].text;
        assert!(!phuluc::words::is_blank_line(words), "{words}");
        assert!(
            again
                .findings
                .iter()
                .any(|f| f.code.to_string() == "words-match"),
            "{words}"
        );
    }
}

#[test]
fn an_estimate_template_filled_and_recalculated_checks_clean_in_both_languages() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    for (lang, extra) in [("vi", &[][..]), ("en", &["--split"][..])] {
        let (_dir, _, saved_by_lo, outcome) = round_trip(&soffice, "du-toan", lang, extra);
        assert!(outcome.appendix.tables[0].estimate);
        // The summary's T is the detail's LÀM TRÒN, in the saved values.
        let detail = &outcome.appendix.tables[0];
        let rounded = detail.totals.last().unwrap();
        let k = detail
            .numeric
            .iter()
            .position(|&i| detail.columns[i].role == Role::Amount)
            .unwrap();
        let t = saved(&saved_by_lo, "Tổng hợp dự toán", "E9").unwrap();
        assert_eq!(Some(t), rounded.amount(k));
        assert!(t > Decimal::ZERO);
    }
}

/// GTGT at the rate the rates table gives for the date: 8 % on 15/03/2026,
/// 10 % on 15/03/2027 (rates/rates.toml).
#[test]
fn the_estimate_summary_takes_gtgt_from_the_rates_table_for_its_date() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    for (date, rate) in [("15/03/2026", 8), ("15/03/2027", 10)] {
        let dir = common::scratch();
        let template = new(dir.path(), "du-toan.xlsx", &["du-toan", "--date", date]);
        let summary = "Tổng hợp dự toán";
        // Rows 9–14: T, C, TL, G, GTGT, Gxd; D is the rate, E the amount.
        let mut source = Source::open(&template).unwrap();
        let sheet = source.sheet(summary).unwrap();
        assert_eq!(
            phuluc::read::cell_text(sheet.get(12, 2)),
            format!("G x {rate}%")
        );
        assert_eq!(phuluc::read::cell_text(sheet.get(12, 5)), "GTGT");
        let plan = fill_plan(&template, 2);
        let filled = dir.path().join("filled.xlsx");
        std::fs::write(
            &filled,
            typed_into(&std::fs::read(&template).unwrap(), &plan),
        )
        .unwrap();
        let by_lo = recalculated(&soffice, &filled, dir.path());
        let g = saved(&by_lo, summary, "E12").unwrap();
        let gtgt = saved(&by_lo, summary, "E13").unwrap();
        assert!(g > Decimal::ZERO);
        let expected = g * Decimal::from(rate) / Decimal::ONE_HUNDRED;
        assert!(
            (gtgt - expected).abs() < Decimal::new(1, 6),
            "{date}: {gtgt} ≠ {expected}"
        );
        // And `check` agrees with the summary as LibreOffice saved it.
        let outcome = phuluc::analyse(&by_lo, &Default::default()).unwrap();
        assert!(
            errors(&outcome).is_empty(),
            "{date}: {:?}",
            errors(&outcome)
        );
    }
    // No rate for the date: nothing is written, and the message says why.
    let dir = common::scratch();
    let out = dir.path().join("x.xlsx");
    let o = common::phuluc(&[
        "new",
        "du-toan",
        "--date",
        "01/01/2020",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("01/01/2020"));
    assert!(!out.exists());
}

/// A total typed over its formula, and a row left outside its section's
/// SUM (as when a row is inserted just under the range), are reported at
/// their cells.
#[test]
fn a_total_typed_over_and_a_row_outside_a_sum_are_found_at_their_cells() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = common::scratch();
    let template = new(dir.path(), "ke-hoach.xlsx", &["ke-hoach", "--rows", "4"]);
    let mut plan = fill_plan(&template, 4);
    // Layout: header rows 6–7, column numbers 8, section I on row 9 with
    // rows 10–13, section II on 14 … the total on the last body row.
    let mut source = Source::open(&template).unwrap();
    let sheet = source.sheet("Kế hoạch").unwrap();
    assert_eq!(phuluc::read::cell_text(sheet.get(8, 0)), "I");
    let formulas = source.formulas("Kế hoạch");
    assert_eq!(
        formulas.get(&(8, 4)).map(String::as_str),
        Some("SUM(E10:E13)")
    );
    let total_row = (9..60)
        .find(|&r| phuluc::read::cell_text(sheet.get(r, 1)) == "Tổng cộng")
        .unwrap();
    let total_at = phuluc::read::a1(total_row, 5);
    // Section I's SUM stops before its last row: that row is outside it.
    plan.push((0, "E9".into(), Typed::Formula("SUM(E10:E12)".into())));
    // The 2027 total typed over with a number.
    plan.push((0, total_at.clone(), Typed::Number(Decimal::from(123))));
    let filled = dir.path().join("filled.xlsx");
    std::fs::write(
        &filled,
        typed_into(&std::fs::read(&template).unwrap(), &plan),
    )
    .unwrap();
    let by_lo = recalculated(&soffice, &filled, dir.path());
    let outcome = phuluc::analyse(&by_lo, &Default::default()).unwrap();
    // The section's finding names the row its SUM leaves out (item 4).
    let short = outcome
        .findings
        .iter()
        .find(|f| f.cell == "E9" && f.code.to_string() == "parent-sum")
        .expect("parent-sum at E9");
    let why = short.message(phuluc::report::lang::Lang::En);
    assert!(why.contains("formula leaves out 4"), "{why}");
    let errors = errors(&outcome);
    assert!(
        errors.iter().any(|e| e.starts_with("'Kế hoạch'!E9 ")),
        "the section left short: {errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("'Kế hoạch'!{total_at} "))),
        "the typed total: {errors:?}"
    );
}

#[test]
fn target_task_and_summary_templates_filled_and_recalculated_check_clean_in_both_languages() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    for lang in ["vi", "en"] {
        for kind in ["chi-tieu", "nhiem-vu"] {
            let (_dir, _, _, outcome) = round_trip(&soffice, kind, lang, &[]);
            let table = &outcome.appendix.tables[0];
            // Three sections of five numbered rows, all read.
            assert_eq!(table.items.len(), 18, "{kind} {lang}");
            assert!(table.totals.is_empty());
        }
        let (_dir, _, by_lo, outcome) = round_trip(&soffice, "tong-hop", lang, &[]);
        // The summary's lines are the detail sheets' totals, and its total
        // their sum, as LibreOffice computed them.
        let summary = &outcome.appendix.tables[0];
        assert_eq!(summary.sheet, "Tổng hợp");
        let k = summary
            .numeric
            .iter()
            .position(|&i| summary.columns[i].role == Role::Year(2028))
            .unwrap();
        let details: Decimal = outcome.appendix.tables[1..]
            .iter()
            .map(|t| {
                let dk = t
                    .numeric
                    .iter()
                    .position(|&i| t.columns[i].role == Role::Year(2028))
                    .unwrap();
                t.totals[0].amount(dk).unwrap()
            })
            .sum();
        assert!(details > Decimal::ZERO);
        assert_eq!(summary.totals[0].amount(k), Some(details), "{lang}");
        for (line, detail) in summary.items.iter().zip(&outcome.appendix.tables[1..]) {
            let dk = detail
                .numeric
                .iter()
                .position(|&i| detail.columns[i].role == Role::Year(2028))
                .unwrap();
            assert_eq!(line.amount(k), detail.totals[0].amount(dk));
        }
        assert!(by_lo.exists());
    }
}

/// The amounts of every item and total of every table, in order, with
/// the text of each item's STT and content.
/// A row as compared: STT, content, amounts.
type RowRead = (String, String, Vec<Option<Decimal>>);

fn amounts(o: &phuluc::Outcome) -> Vec<Vec<RowRead>> {
    o.appendix
        .tables
        .iter()
        .map(|t| {
            let mut rows: Vec<&phuluc::model::Item> = t.items.iter().chain(&t.totals).collect();
            rows.sort_by_key(|i| i.row);
            rows.iter()
                .map(|i| {
                    (
                        i.stt.to_string(),
                        i.content.to_string(),
                        (0..t.numeric.len()).map(|k| i.amount(k)).collect(),
                    )
                })
                .collect()
        })
        .collect()
}

/// `new --from` on every example workbook and every published practice
/// table: the template has the same tables, items, totals and amounts,
/// and `check` finds no error the input did not have.
#[test]
fn a_template_from_an_existing_table_keeps_every_amount() {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir("workbooks")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let real = Path::new("../shared/real");
    if real.exists() {
        for folder in ["mof-final", "mof-plan"] {
            inputs.extend(
                std::fs::read_dir(real.join(folder))
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "xls")),
            );
        }
    }
    inputs.sort();
    assert!(inputs.len() >= 7);
    let dir = common::scratch();
    let mut made = 0;
    for input in &inputs {
        let before = match phuluc::analyse(input, &Default::default()) {
            Ok(o) if !o.appendix.tables.is_empty() => o,
            // No table read: nothing to make a template of, and `new`
            // says so (exit 2) as `check` does.
            _ => {
                let out = dir.path().join("none.xlsx");
                let o = common::phuluc(&[
                    "new",
                    "--from",
                    input.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                ]);
                assert_eq!(o.status.code(), Some(2), "{}", input.display());
                continue;
            }
        };
        let out = dir.path().join(format!(
            "{}.xlsx",
            input.file_stem().unwrap().to_string_lossy()
        ));
        let o = common::phuluc(&[
            "new",
            "--from",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{}: {}",
            input.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let after = phuluc::analyse(&out, &Default::default()).unwrap();
        let (a, b) = (amounts(&before), amounts(&after));
        assert_eq!(a.len(), b.len(), "{}: tables", input.display());
        for (t, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_eq!(x.len(), y.len(), "{} table {t}: rows", input.display());
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_eq!(p, q, "{} table {t} row {i}", input.display());
            }
        }
        // No error the input did not have.
        let codes = |o: &phuluc::Outcome| {
            let mut c: Vec<String> = o
                .findings
                .iter()
                .filter(|f| f.severity == phuluc::Severity::Error)
                .map(|f| f.code.to_string())
                .collect();
            c.sort();
            c
        };
        let (was, now) = (codes(&before), codes(&after));
        for c in &now {
            assert!(was.contains(c), "{}: new error {c}", input.display());
        }
        // Its totals are live where they add up: the corrected example's
        // total is a SUM.
        if input.ends_with("da-kia-phu-luc-iii-sua.xlsx") {
            let mut source = Source::open(&out).unwrap();
            let name = source.sheet_names()[0].clone();
            let formulas = source.formulas(&name);
            assert!(
                formulas.values().any(|f| f.starts_with("SUM(")),
                "{formulas:?}"
            );
        }
        made += 1;
    }
    // The seven examples, and the 22 practice tables phuluc reads a table
    // from (Plan_2003 has none).
    assert!(made >= if real.exists() { 29 } else { 7 }, "{made}");
}

/// A zip entry of a workbook, as text.
fn entry(xlsx: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The style index of a cell in a sheet's XML.
fn style_of(xml: &str, at: &str) -> usize {
    let start = xml.find(&format!("<c r=\"{at}\"")).unwrap();
    let head = &xml[start..start + xml[start..].find('>').unwrap()];
    head.split("s=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Whether cell style `s` of styles.xml is unlocked.
fn unlocked(styles: &str, s: usize) -> bool {
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(s + 1).unwrap();
    let xf = &xf[..xf
        .find("</xf>")
        .unwrap_or(xf.len())
        .min(xf.find("<xf").unwrap_or(usize::MAX))];
    xf.contains("locked=\"0\"")
}

#[test]
fn a_template_guards_its_cells_and_is_made_the_same_each_time() {
    let dir = common::scratch();
    let template = new(dir.path(), "ke-hoach.xlsx", &["ke-hoach", "--rows", "4"]);
    let again = new(dir.path(), "again.xlsx", &["ke-hoach", "--rows", "4"]);
    assert_eq!(
        std::fs::read(&template).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let sheet = entry(&template, "xl/worksheets/sheet1.xml");
    let styles = entry(&template, "xl/styles.xml");
    // Protected without a password; rows may be inserted and deleted.
    let protection = sheet.split("<sheetProtection").nth(1).unwrap();
    let protection = &protection[..protection.find("/>").unwrap()];
    assert!(!protection.contains("password"), "{protection}");
    assert!(protection.contains("insertRows=\"0\""), "{protection}");
    // Every year column takes only numbers ≥ 0, with a Vietnamese message.
    for col in ["E", "F", "G", "H", "I"] {
        let rule = sheet
            .split("<dataValidation ")
            .find(|v| v.contains(&format!("sqref=\"{col}9:")))
            .unwrap_or_else(|| panic!("no validation on {col}"));
        assert!(rule.contains("type=\"decimal\""), "{rule}");
        assert!(rule.contains("operator=\"greaterThanOrEqual\""), "{rule}");
        assert!(rule.contains("chỉ nhận một số"), "{rule}");
    }
    // An amount cell is open to typing; a section's SUM, its label and the
    // header are locked.
    assert!(unlocked(&styles, style_of(&sheet, "E10")));
    assert!(unlocked(&styles, style_of(&sheet, "B10")));
    assert!(!unlocked(&styles, style_of(&sheet, "E9")));
    assert!(!unlocked(&styles, style_of(&sheet, "J10")));
    assert!(!unlocked(&styles, style_of(&sheet, "A6")));
    // The words line's note says phuluc fills it on format.
    let notes = entry(&template, "xl/comments1.xml");
    assert!(notes.contains("phuluc format"), "{notes}");
    // The layout is named: the header, the column numbers, the roles.
    let book = entry(&template, "xl/workbook.xml");
    for name in [
        "phuluc_header",
        "phuluc_legend",
        "phuluc_table",
        "phuluc_amounts",
        "phuluc_role_year2026",
        "phuluc_role_period",
    ] {
        assert!(book.contains(&format!("name=\"{name}\"")), "{name}");
    }
}

/// The number format code of cell style `s` of styles.xml.
fn format_code(styles: &str, s: usize) -> String {
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(s + 1).unwrap();
    let id = xf
        .split("numFmtId=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| f.contains(&format!("numFmtId=\"{id}\"")))
        .and_then(|f| f.split("formatCode=\"").nth(1))
        .map(|f| f.split('"').next().unwrap().to_string())
        .unwrap_or_else(|| format!("built-in {id}"))
}

/// A quantity typed 2,5 shows 2,5, not 3; an amount in triệu đồng shows
/// its decimals; an amount in đồng is whole.
#[test]
fn typed_numbers_show_as_typed() {
    let dir = common::scratch();
    let estimate = new(
        dir.path(),
        "du-toan.xlsx",
        &["du-toan", "--date", "15/03/2026"],
    );
    let sheet = entry(&estimate, "xl/worksheets/sheet1.xml");
    let styles = entry(&estimate, "xl/styles.xml");
    // Row 11: a line of the first part; E quantity, F price, G amount.
    assert!(format_code(&styles, style_of(&sheet, "E11")).ends_with("General"));
    assert!(format_code(&styles, style_of(&sheet, "F11")).ends_with("General"));
    assert!(format_code(&styles, style_of(&sheet, "G11")).ends_with("#,##0"));
    let plan = new(dir.path(), "ke-hoach.xlsx", &["ke-hoach"]);
    let sheet = entry(&plan, "xl/worksheets/sheet1.xml");
    let styles = entry(&plan, "xl/styles.xml");
    assert!(format_code(&styles, style_of(&sheet, "E10")).ends_with("#,##0.##"));
}
