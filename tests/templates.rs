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
            if in_section > per_section {
                continue;
            }
            for c in named.header.2..=named.header.3 {
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
) {
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
        let Some(k) = table
            .numeric
            .iter()
            .position(|&i| table.columns[i].col == c)
        else {
            continue;
        };
        let item = table
            .items
            .iter()
            .find(|i| i.row == r)
            .unwrap_or_else(|| panic!("'{}'!{at}: no item read on its row", sheets[*s]));
        assert_eq!(item.amount(k), Some(*v), "'{}'!{at}", sheets[*s]);
        found += 1;
    }
    assert!(found > 0, "no amount typed was found");
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
    assert_every_amount_read(&outcome, &plan, &sheets);
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
        if lang == "en" {
            continue;
        }
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
