//! The same appendix saved by another program in every format phuluc reads
//! (.ods, .xls, .csv by LibreOffice; .xlsm) gives the same findings at the
//! same cells: headers are understood with merges (xlsx, xls) and without
//! them (ods, csv).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Converts `input` to `format` with LibreOffice into `dir`.
fn convert(soffice: &Path, input: &Path, format: &str, dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    let _one_at_a_time = common::soffice_lock();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let ext = format.split(':').next().unwrap();
    let out = dir.join(input.file_stem().unwrap()).with_extension(ext);
    assert!(out.exists(), "{} not written", out.display());
    out
}

fn findings(path: &Path) -> Vec<(String, String)> {
    let o = phuluc::analyse(path, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    o.findings
        .iter()
        .filter(|f| f.severity != phuluc::Severity::Info)
        .map(|f| (f.code.to_string(), f.cell.clone()))
        .collect()
}

#[test]
fn every_format_gives_the_same_findings() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let input = Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
    let want = findings(input);
    assert_eq!(want.len(), 6);
    for format in ["ods", "xls", "csv:Text - txt - csv (StarCalc):44,34,76"] {
        let out = convert(&soffice, input, format, dir.path());
        assert_eq!(findings(&out), want, "{}", out.display());
    }
    let xlsm = dir.path().join("da-kia.xlsm");
    std::fs::copy(input, &xlsm).unwrap();
    assert_eq!(findings(&xlsm), want);
}

#[test]
fn the_words_line_and_unit_survive_conversion() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let input = Path::new("workbooks/ha-long-phu-luc-2.xlsx");
    for format in ["ods", "xls"] {
        let out = convert(&soffice, input, format, dir.path());
        let o = phuluc::analyse(&out, &Default::default()).unwrap();
        let t = &o.appendix.tables[0];
        assert_eq!(t.money_unit(), Some(phuluc::unit::Unit::Trieu), "{format}");
        assert_eq!(t.legend_row, Some(9), "{format}");
        assert!(
            find(&o, "words-match", "A19").is_some(),
            "{format}: {:?}",
            codes(&o)
        );
        assert!(find(&o, "malformed-number", "F18").is_some(), "{format}");
    }
}

/// A formula in an .ods is quoted as Excel shows it: "=SUM(C8:C9)", never
/// OpenDocument's "of:=SUM([.C8:.C9])".
#[test]
fn ods_formulas_are_quoted_in_excel_syntax() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["2", "B", "60"], &["3", "C", "10"]],
    );
    let (first, second) = (addr(&t, 0, 2), addr(&t, 1, 2));
    t.rows.push(vec![
        cell(""),
        cell("'Tổng cộng"),
        cell(&format!("=SUM({first}:{second})|100")),
    ]);
    let input = write(dir.path(), "range.xlsx", &[t]);
    let ods = convert(&soffice, &input, "ods", dir.path());
    let o = phuluc::analyse(&ods, &Default::default()).unwrap();
    let f = o
        .findings
        .iter()
        .find(|f| f.code.to_string() == "total-sum")
        .unwrap_or_else(|| panic!("{:?}", codes(&o)));
    let message = f.message(phuluc::report::lang::Lang::En);
    assert!(
        message.contains(&format!("=SUM({first}:{second})")),
        "{message}"
    );
    assert!(!message.contains("of:"), "{message}");
}
