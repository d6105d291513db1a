//! The shipped examples: the seeds' workbooks report exactly the seeds'
//! known mistakes, their corrected variants report no error, and the
//! workbooks in `workbooks/` are what `make-workbooks` builds from `seeds/`.

mod common;
use common::*;
use phuluc::Severity;
use std::path::Path;

fn outcome(name: &str) -> phuluc::Outcome {
    phuluc::analyse(&Path::new("workbooks").join(name), &Default::default()).expect("readable")
}

#[test]
fn da_kia_reports_the_five_wrong_year_totals_and_the_missing_section() {
    let o = outcome("da-kia-phu-luc-iii.xlsx");
    let errs: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let got: Vec<(&str, &str, &str, &str)> = errs
        .iter()
        .map(|f| {
            (
                f.code.as_str(),
                f.cell.as_str(),
                f.found.as_deref().unwrap(),
                f.expected.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("total-sum", "E62", "5624", "13923"),
            ("total-sum", "F62", "4121", "10984"),
            ("total-sum", "G62", "4971", "11834"),
            ("total-sum", "H62", "4271", "11134"),
            ("total-sum", "I62", "4271", "11134"),
        ]
    );
    assert!(errs[0]
        .message(phuluc::report::lang::Lang::Vi)
        .contains("ghi 5.624 nhưng tổng các mục là 13.923 (chênh lệch -8.299)"));
    let gap = find(&o, "numbering-gap", "A59").expect("section II missing");
    assert!(gap
        .message(phuluc::report::lang::Lang::Vi)
        .contains("thiếu II"));
    assert_eq!(o.appendix.tables.len(), 1);
    assert_eq!(
        o.appendix.tables[0].money_unit(),
        Some(phuluc::unit::Unit::Trieu)
    );
}

#[test]
fn ha_long_reports_the_malformed_total_and_what_the_items_make() {
    let o = outcome("ha-long-phu-luc-2.xlsx");
    let f = find(&o, "malformed-number", "F18").expect("malformed total");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.expected.as_deref(), Some("3277"));
    assert_eq!(f.found.as_deref(), Some("3.277.0000.000"));
    assert!(f
        .message(phuluc::report::lang::Lang::Vi)
        .contains("các mục cộng lại là 3.277 triệu đồng"));
    assert!(f
        .message(phuluc::report::lang::Lang::En)
        .contains("the items add up to 3.277 million dong"));
    assert_eq!(errors(&o).len(), 1);
    assert_eq!(o.appendix.tables[0].words.len(), 1);
    // The words line agrees with the items, though the printed total is wrong.
    let words = find(&o, "words-match", "A19").expect("words confirmed");
    assert_eq!(words.found.as_deref(), Some("3277000000"));
    assert!(words
        .message(phuluc::report::lang::Lang::Vi)
        .contains("3.277 triệu đồng"));
}

#[test]
fn corrected_variants_report_no_error() {
    for name in [
        "da-kia-phu-luc-iii-sua.xlsx",
        "ha-long-phu-luc-2-sua.xlsx",
        "ha-long-phu-luc-1.xlsx",
    ] {
        let o = outcome(name);
        assert_eq!(errors(&o), vec![], "{name}");
        assert!(
            o.findings.iter().all(|f| f.severity == Severity::Info),
            "{name}: {:?}",
            codes(&o)
        );
    }
}

#[test]
fn seed_csvs_report_the_same_mistakes() {
    let o = phuluc::analyse(
        Path::new("seeds/da-kia-phu-luc-iii.csv"),
        &Default::default(),
    )
    .unwrap();
    let totals: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "total-sum")
        .map(|f| f.expected.clone().unwrap())
        .collect();
    assert_eq!(totals, vec!["13923", "10984", "11834", "11134", "11134"]);
    let o = phuluc::analyse(
        Path::new("seeds/ha-long-phu-luc-2.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        errors(&o),
        vec![("malformed-number".to_string(), "F10".to_string())]
    );
}

#[test]
fn workbooks_are_regenerated_exactly_from_the_seeds() {
    let dir = scratch();
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "make-workbooks"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PHULUC_WORKBOOKS", dir.path())
        .status()
        .expect("cargo run");
    assert!(status.success());
    for entry in std::fs::read_dir("workbooks").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let fresh = dir.path().join(path.file_name().unwrap());
            let a = phuluc::read_appendix(&path, &Default::default()).unwrap();
            let b = phuluc::read_appendix(&fresh, &Default::default()).unwrap();
            assert_eq!(
                phuluc::report::show_json(&a).replace(&a.path, ""),
                phuluc::report::show_json(&b).replace(&b.path, ""),
                "{} differs from what make-workbooks builds",
                path.display()
            );
        }
    }
}

#[test]
fn every_seed_table_reads_as_transcribed() {
    /// File, items, totals, findings as (code, cell).
    type Expected<'a> = (&'a str, usize, usize, Vec<(&'a str, &'a str)>);
    let expected: [Expected; 7] = [
        ("lien-minh-phu-luc-i.csv", 47, 0, vec![]),
        ("da-kia-phu-luc-i.csv", 23, 0, vec![("duplicate-row", "B8")]),
        ("da-kia-phu-luc-ii.csv", 38, 0, vec![]),
        ("da-kia-phu-luc-iv.csv", 62, 0, vec![]),
        ("ha-long-phu-luc-1.csv", 26, 0, vec![]),
        (
            "ha-long-phu-luc-2.csv",
            8,
            1,
            vec![("malformed-number", "F10"), ("words-match", "A11")],
        ),
        (
            "da-kia-phu-luc-iii.csv",
            51,
            1,
            vec![
                ("unit-missing", "A1"),
                ("ambiguous-number", "E14"),
                ("ambiguous-number", "F14"),
                ("ambiguous-number", "G14"),
                ("ambiguous-number", "H14"),
                ("ambiguous-number", "I14"),
                ("numbering-gap", "A50"),
                ("total-sum", "E53"),
                ("total-sum", "F53"),
                ("total-sum", "G53"),
                ("total-sum", "H53"),
                ("total-sum", "I53"),
            ],
        ),
    ];
    for (file, items, totals, findings) in expected {
        let o = phuluc::analyse(&Path::new("seeds").join(file), &Default::default()).unwrap();
        assert_eq!(o.appendix.tables.len(), 1, "{file}");
        let t = &o.appendix.tables[0];
        assert_eq!(
            t.items
                .iter()
                .filter(|i| i.kind == phuluc::model::ItemKind::Item)
                .count(),
            items,
            "{file}"
        );
        assert_eq!(t.totals.len(), totals, "{file}");
        // Exactly these findings: an empty list means none at all.
        let got: Vec<(String, String)> = codes(&o);
        let want: Vec<(String, String)> = findings
            .iter()
            .map(|(c, a)| (c.to_string(), a.to_string()))
            .collect();
        assert_eq!(got, want, "{file}");
    }
}

/// The example estimate carries one mistake of each kind phuluc finds in
/// an estimate, each reported at its cell; its corrected variant none.
#[test]
fn the_example_estimate_reports_one_mistake_of_each_kind() {
    let o = outcome("du-toan-kenh-muong.xlsx");
    let got: Vec<(&str, &str, &str)> = o
        .findings
        .iter()
        .filter(|f| f.code.as_str() != "words-match")
        .map(|f| (f.code.as_str(), f.sheet.as_str(), f.cell.as_str()))
        .collect();
    let detail = "Dự toán chi tiết";
    let summary = "Tổng hợp dự toán";
    assert_eq!(
        got,
        [
            ("line-amount", detail, "G10"),
            ("unit-scale", detail, "D14"),
            ("repeated-line", detail, "B16"),
            ("provisional-price", detail, "B17"),
            ("total-sum", detail, "G18"),
            ("total-sum", detail, "G20"),
            ("words-mismatch", detail, "A21"),
            ("summary-formula", summary, "D9"),
            ("vat-rate", summary, "B12"),
        ]
    );
    let part = o.findings.iter().find(|f| f.cell == "G18").unwrap();
    assert_eq!(
        part.difference,
        Some((-4_625_000).into()),
        "the last line left out"
    );
    let sua = outcome("du-toan-kenh-muong-sua.xlsx");
    assert!(
        sua.findings.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        sua.findings
            .iter()
            .map(|f| (f.code.as_str(), f.cell.as_str()))
            .collect::<Vec<_>>()
    );
}
