//! `phuluc check FOLDER --report REPORT.xlsx|csv|json`: the province's
//! report — a line per file with its province and commune folders, the
//! commune its title names, its appendices, totals per year, counts and
//! status; every finding; the yearly totals per commune — the same in its
//! three forms.

mod common;
use common::*;
use std::path::Path;

/// A province's folder: two communes of province A, one of B holding a
/// damaged file beside an estimate.
fn province(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("nop");
    let da_kia = root.join("Tỉnh A").join("Xã Đa Kia");
    let ha_long = root.join("Tỉnh A").join("Phường Hạ Long");
    let c = root.join("Tỉnh B").join("Xã C");
    for d in [&da_kia, &ha_long, &c] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::copy(
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
        da_kia.join("phu-luc-iii.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        "workbooks/ha-long-phu-luc-2.xlsx",
        ha_long.join("phu-luc-2.xlsx"),
    )
    .unwrap();
    std::fs::copy("workbooks/du-toan-kenh-muong.xlsx", c.join("du-toan.xlsx")).unwrap();
    std::fs::write(c.join("hong.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    root
}

/// `phuluc check --lang LANG ROOT --report OUT`; the damaged file makes
/// the run exit 2, the others are reported.
fn check_with_report(root: &Path, out: &Path, lang: &str) {
    let o = phuluc(&[
        "check",
        "--lang",
        lang,
        root.to_str().unwrap(),
        "--report",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn json_report(root: &Path, out: &Path, lang: &str) -> serde_json::Value {
    check_with_report(root, out, lang);
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

#[test]
fn the_json_report_has_a_line_per_file_every_finding_and_the_communes() {
    let dir = scratch();
    let root = province(dir.path());
    let r = json_report(&root, &dir.path().join("r.json"), "vi");
    let files = r["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let by_name = |name: &str| {
        files
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {files:?}"))
    };
    let da_kia = by_name("phu-luc-iii.xlsx");
    assert_eq!(da_kia["province"], "Tỉnh A");
    assert_eq!(da_kia["commune_folder"], "Xã Đa Kia");
    assert_eq!(da_kia["commune"], "Xã Đa Kia");
    assert_eq!(da_kia["appendices"][0], "Phụ lục III");
    assert_eq!(da_kia["status"], "ok");
    assert_eq!(da_kia["years"]["2026"], "13923");
    assert_eq!(da_kia["total"], "59009");
    let ha_long = by_name("phu-luc-2.xlsx");
    assert_eq!(ha_long["status"], "errors");
    assert_eq!(ha_long["errors"], 1);
    assert_eq!(ha_long["total"], "3277");
    // An estimate's lines are no plan amounts: no totals for it.
    let estimate = by_name("du-toan.xlsx");
    assert_eq!(estimate["errors"], 5);
    assert!(estimate["total"].is_null(), "{estimate}");
    let damaged = by_name("hong.xlsx");
    assert_eq!(damaged["status"], "unreadable");
    assert_eq!(damaged["province"], "Tỉnh B");
    // Every finding of every file, the damaged file's reason among them.
    let findings = r["findings"].as_array().unwrap();
    let counted: u64 = files
        .iter()
        .map(|f| {
            f["errors"].as_u64().unwrap()
                + f["warnings"].as_u64().unwrap()
                + f["notes"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(findings.len() as u64, counted);
    assert!(findings
        .iter()
        .any(|f| f["code"] == "unreadable" && f["file"].as_str().unwrap().ends_with("hong.xlsx")));
    assert!(findings.iter().any(|f| f["code"] == "line-amount"
        && f["cell"] == "G10"
        && f["expected"] == "4320987.615"));
    // The communes: by the commune the title names.
    let communes = r["communes"].as_array().unwrap();
    let da_kia = communes
        .iter()
        .find(|c| c["commune"] == "Xã Đa Kia")
        .unwrap();
    assert_eq!(da_kia["years"]["2030"], "11134");
}

/// The workbook's three sheets hold what the JSON holds: as many files,
/// findings and communes, the same error counts; in English with --lang en.
#[test]
fn the_workbook_and_csv_reports_match_the_json() {
    use calamine::Reader;
    let dir = scratch();
    let root = province(dir.path());
    let json = json_report(&root, &dir.path().join("r.json"), "vi");
    let (files, findings, communes) = (
        json["files"].as_array().unwrap().len(),
        json["findings"].as_array().unwrap().len(),
        json["communes"].as_array().unwrap().len(),
    );
    let errors: u64 = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["errors"].as_u64().unwrap())
        .sum();
    for (lang, names) in [
        ("vi", ["Tổng hợp", "Phát hiện", "Theo xã"]),
        ("en", ["Summary", "Findings", "By commune"]),
    ] {
        let xlsx = dir.path().join(format!("r-{lang}.xlsx"));
        check_with_report(&root, &xlsx, lang);
        let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
        assert_eq!(wb.sheet_names(), names);
        // The rows under a sheet's header (the row whose first cell is
        // `first`; the summary's has a second row of years).
        let body = |wb: &mut calamine::Sheets<_>, name: &str, first: &str| {
            let range = wb.worksheet_range(name).unwrap();
            let rows: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(phuluc::read::cell_text).collect())
                .collect();
            let header = rows
                .iter()
                .position(|r| r.first().is_some_and(|c| c == first))
                .unwrap();
            rows[header + 1..]
                .iter()
                .filter(|r| r.first().is_some_and(|c| !c.is_empty()))
                .cloned()
                .collect::<Vec<_>>()
        };
        let summary = body(&mut wb, names[0], "STT");
        assert_eq!(summary.len(), files, "{summary:?}");
        let file_col = if lang == "vi" { "Tệp" } else { "File" };
        let listed = body(&mut wb, names[1], file_col);
        assert_eq!(listed.len(), findings);
        let by_commune = body(&mut wb, names[2], "STT");
        assert_eq!(by_commune.len(), communes);
        // The errors column: the fourth from the right.
        let summed: u64 = summary
            .iter()
            .map(|r| r[r.len() - 4].parse::<u64>().unwrap())
            .sum();
        assert_eq!(summed, errors);
    }
    let csv = dir.path().join("r.csv");
    check_with_report(&root, &csv, "vi");
    let lines = |p: &Path| phuluc::sample::read_seed_csv(p).unwrap().len() - 1;
    assert_eq!(lines(&csv), files);
    assert_eq!(lines(&dir.path().join("r-phat-hien.csv")), findings);
    assert_eq!(lines(&dir.path().join("r-theo-xa.csv")), communes);
}

#[test]
fn a_report_of_another_kind_is_refused_before_anything_is_checked() {
    let dir = scratch();
    let o = phuluc(&[
        "check",
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
        "--report",
        dir.path().join("r.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--report"));
}

/// The workbook report is written a row at a time (its memory does not
/// grow with the files: tests/memory_report.rs) and still gives the same
/// bytes on every run, and LibreOffice reads the numbers it saved.
#[test]
fn the_workbook_report_is_the_same_bytes_every_time_and_libreoffice_reads_it() {
    let dir = scratch();
    let root = province(dir.path());
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    check_with_report(&root, &a, "vi");
    check_with_report(&root, &b, "vi");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    if let Some(soffice) = soffice() {
        // The summary's and the communes' numbers: counts and totals.
        assert_sheet_recalculates_to_saved(&soffice, &a, dir.path(), 0);
        assert_sheet_recalculates_to_saved(&soffice, &a, dir.path(), 2);
    }
}
