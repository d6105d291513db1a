//! The Ministry of Finance's published settlement tables (../shared/real,
//! CC0), checked by hand in ../shared/real/README.md: no real arithmetic
//! error in any of them. phuluc must report none, must give the warnings
//! the README says are due, and must call the rounding differences it lists
//! rounding. The files are read in place, never copied here. In CI the
//! folder must exist: the test fails, not skips, without it.

use phuluc::{Finding, Severity};
use std::path::PathBuf;

fn real_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/real/mof-final");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have ../shared/real/mof-final beside the checkout"
    );
    eprintln!("SKIPPED: ../shared/real/mof-final is not here");
    None
}

fn check(name: &str) -> Option<phuluc::Outcome> {
    let path = real_dir()?.join(name);
    Some(phuluc::analyse(&path, &Default::default()).expect("the Ministry's file reads"))
}

fn describe(f: &Finding) -> String {
    format!(
        "{} {}!{} {}",
        f.code,
        f.sheet,
        f.cell,
        f.message(phuluc::report::lang::Lang::En)
    )
}

/// The row number of an A1 address.
fn row_of(cell: &str) -> u32 {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap()
}

/// Asserts no error, exactly these warnings (code, sheet, cell), and a
/// rounding note at each of `rounding` ("Sheet!C14", or "Sheet!row 13" for
/// any cell of the row).
fn assert_file(name: &str, warnings: &[(&str, &str, &str)], rounding: &[&str]) {
    let Some(o) = check(name) else { return };
    let errors: Vec<String> = o
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(describe)
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: false errors:\n{}",
        errors.join("\n")
    );
    let mut got: Vec<(String, String, String)> = o
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| (f.code.to_string(), f.sheet.clone(), f.cell.clone()))
        .collect();
    got.sort();
    let mut want: Vec<(String, String, String)> = warnings
        .iter()
        .map(|(c, s, a)| (c.to_string(), s.to_string(), a.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want, "{name}: warnings");
    for r in rounding {
        let (sheet, at) = r.split_once('!').unwrap();
        let hit = o.findings.iter().any(|f| {
            f.code.as_str() == "rounding"
                && f.severity == Severity::Info
                && f.sheet == sheet
                && match at.strip_prefix("row ") {
                    Some(row) => row_of(&f.cell) == row.parse::<u32>().unwrap(),
                    None => f.cell == at,
                }
        });
        assert!(hit, "{name}: no rounding note at {r}");
    }
    // Every sheet with figures was read as a table.
    assert!(
        o.appendix
            .sheets_without_table
            .iter()
            .all(|s| s == "Sheet1" && name == "Final_2013.xls"),
        "{name}: sheets without a table: {:?}",
        o.appendix.sheets_without_table
    );
}

#[test]
fn final_2006_rounding_only() {
    let cells = [
        "E13", "C14", "C26", "C31", "F31", "H31", "C43", "C50", "E50", "C59", "C65", "E65", "C72",
        "F72", "H72",
    ];
    let rounding: Vec<String> = cells.iter().map(|c| format!("Sheet1!{c}")).collect();
    let rounding: Vec<&str> = rounding.iter().map(String::as_str).collect();
    assert_file("Final_2006.xls", &[], &rounding);
    // Exactly those fifteen: nothing else in the file is off.
    let o = check("Final_2006.xls").unwrap();
    let mut notes: Vec<&str> = o.findings.iter().map(|f| f.cell.as_str()).collect();
    notes.sort();
    let mut want = cells.to_vec();
    want.sort();
    assert_eq!(notes, want);
}

#[test]
fn final_2007_agrees_with_nested_spelled_totals() {
    assert_file("Final_2007.xls", &[], &["M03+!C12", "M08+!C14"]);
    // "Tổng số (A+B+C)", "(A+B+C+D)", "(A+B+C+D+E)" are three totals.
    let o = check("Final_2007.xls").unwrap();
    let m04 = o
        .appendix
        .tables
        .iter()
        .find(|t| t.sheet == "M04+")
        .unwrap();
    assert_eq!(m04.totals.len(), 3);
}

#[test]
fn final_2008_text_total_with_footnote_marker() {
    assert_file(
        "Final_2008.xls",
        &[("text-number", "Sheet1", "C10")],
        &[
            "Sheet1!row 10",
            "Sheet1!row 11",
            "Sheet1!row 23",
            "Sheet1!row 39",
            "Sheet1!row 46",
            "Sheet1!row 55",
            "Sheet1!row 61",
            "Sheet1!row 68",
        ],
    );
    // "(1)     419.278.223" is the national total, and it is checked.
    let o = check("Final_2008.xls").unwrap();
    let t = &o.appendix.tables[0];
    assert_eq!(
        t.totals[0].values[0].amount(),
        Some(rust_decimal::Decimal::from(419_278_223))
    );
}

#[test]
fn final_2009_partial_breakdown_is_a_warning() {
    assert_file(
        "Final_2009.xls",
        &[
            ("duplicate-stt", "M01+", "A14"),
            ("duplicate-stt", "M03+", "A40"),
            ("column-partial", "M07+", "K36"),
            ("numbering-gap", "M07+", "A59"),
        ],
        &[
            "M05+!C14",
            "M07+!K21",
            "M09+!row 12",
            "M09+!row 30",
            "M09+!row 41",
            "M09+!row 57",
            "M09+!row 63",
        ],
    );
}

#[test]
fn final_2010_agrees() {
    assert_file(
        "Final_2010.xls",
        &[],
        &["M08+!C14", "M08+!D14", "M08+!E14", "M09+!H12"],
    );
}

#[test]
fn final_2011_undisclosed_units_are_a_gap() {
    assert_file(
        "Final_2011.xls",
        &[
            ("numbering-gap", "M01+", "A13"),
            ("numbering-gap", "M02+", "A16"),
            ("items-incomplete", "M07+", "C12"),
        ],
        &["M03+!C11", "M03+!C30", "M08+!row 13"],
    );
}

#[test]
fn final_2012_undisclosed_units_are_a_gap() {
    assert_file(
        "Final_2012.xls",
        &[("items-incomplete", "M07+", "C12")],
        &[],
    );
}

#[test]
fn final_2013_agrees() {
    assert_file("Final_2013.xls", &[], &[]);
}

#[test]
fn final_2014_undisclosed_units_are_a_gap() {
    assert_file("Final_2014.xls", &[("items-incomplete", "M07+", "C9")], &[]);
}

#[test]
fn dash_rows_belong_to_their_item_not_to_its_parent() {
    // Final_2011 M02+: I = 1 + 3 + 4, and 1 = its two "-" rows.
    let Some(o) = check("Final_2011.xls") else {
        return;
    };
    let t = o
        .appendix
        .tables
        .iter()
        .find(|t| t.sheet == "M02+")
        .unwrap();
    let one = t.items.iter().position(|i| i.stt == "1").unwrap();
    let dashes: Vec<&str> = t.items[one]
        .child_indices()
        .map(|c| t.items[c].content.as_str())
        .collect();
    assert_eq!(dashes.len(), 2, "{dashes:?}");
    assert!(dashes[0].starts_with("- Thu thuế"));
}

/// `format` of every published table either writes a workbook that checks
/// clean, keeps every item and recalculates to what it saved, or refuses
/// with its reasons and writes nothing — never an output that lies. All
/// nine are written (three-level headers restated level by level; 2013's
/// heading with a stray zero kept as a heading, the total adding the rows
/// under it).
#[test]
fn format_writes_a_clean_copy_or_refuses() {
    let Some(dir) = real_dir() else { return };
    let out_dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for year in 2006..=2014 {
        let input = dir.join(format!("Final_{year}.xls"));
        let out = out_dir.path().join(format!("{year}.xlsx"));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["format", "--lang", "en"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => {
                let back = phuluc::analyse(&out, &Default::default()).unwrap();
                assert!(!back.has_errors(), "{year}: {err}");
                let before = phuluc::analyse(&input, &Default::default()).unwrap();
                let items = |o: &phuluc::Outcome| -> usize {
                    o.appendix.tables.iter().map(|t| t.items.len()).sum()
                };
                assert!(items(&back) >= items(&before), "{year}: items lost");
                written.push(year);
            }
            Some(1) => {
                assert!(err.contains("not written"), "{year}: {err}");
                assert!(!out.exists(), "{year}: refused but written");
            }
            other => panic!("{year}: {other:?} {err}"),
        }
    }
    assert_eq!(written, (2006..=2014).collect::<Vec<_>>());
}

/// The published tables restate each other under other scopes (a
/// balance's "Tổng số / NSTW / NSĐP" against the central budget's sections,
/// one year against the next): `reconcile` must not take them for a summary
/// and its detail, and so reports no mismatch.
#[test]
fn reconcile_finds_no_false_summary_among_the_published_tables() {
    let Some(dir) = real_dir() else { return };
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["reconcile", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("summary-mismatch"), "{out}");
    assert_eq!(
        o.status.code(),
        Some(1),
        "no summary found is never all clear"
    );
}

/// Plan_2006's national row, under a bilingual total label split over lines
/// ("TỔNG SỐ" ⏎ "TOTAL"), is read as the total and checked: it exceeds the
/// provinces in J and M by what footnotes (1) and (2) state in English
/// ("200 billion … 280 billion … 55 billion dongs", "987,640 million
/// dongs"), and F and H carry the sum of both notes — warnings, no error.
#[test]
fn plan_2006_footnoted_gaps_under_a_bilingual_total() {
    let Some(dir) = real_dir() else { return };
    let path = dir.join("../mof-plan/Plan_2006.xls");
    let o = phuluc::analyse(&path, &Default::default()).expect("readable");
    let errors: Vec<String> = o
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(describe)
        .collect();
    assert!(errors.is_empty(), "false errors:\n{}", errors.join("\n"));
    assert_eq!(
        o.appendix.tables[0].totals.len(),
        1,
        "the national row is the total"
    );
    let mut gaps: Vec<&str> = o
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "items-incomplete")
        .map(|f| f.cell.as_str())
        .collect();
    gaps.sort();
    assert_eq!(gaps, ["F14", "H14", "J14", "M14"]);
}
