//! `phuluc format` and `phuluc check --annotate`: every workbook format
//! writes is re-read by phuluc (no error) and recalculated by LibreOffice to
//! the values phuluc saved; --fix corrects the Đa Kia totals; formatting
//! its own output changes nothing.

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn libreoffice_really_recalculates() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["2", "B", "60"]],
    );
    let first = t.body_row() + 1;
    // A saved value that is wrong on purpose: LibreOffice must show 100.
    t.rows.push(vec![
        cell(""),
        cell("Tổng cộng"),
        cell(&format!("=SUM(C{first}:C{})|7", first + 1)),
    ]);
    let path = write(dir.path(), "stale.xlsx", &[t.clone()]);
    let lo = recalculated(&soffice, &path, dir.path());
    assert_eq!(lo[(t.body_row() + 2) as usize][2], "100");
}

#[test]
fn da_kia_fixed_totals_recalculate_to_the_items_sums() {
    let dir = scratch();
    let out = dir.path().join("out.xlsx");
    let o = phuluc(&[
        "format",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "--fix",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The "Thay đổi" sheet lists the five corrected cells.
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Phụ lục III".to_string(), "Thay đổi".to_string()]
    );
    let changes = wb.worksheet_range("Thay đổi").unwrap();
    let rows: Vec<Vec<String>> = changes
        .rows()
        .map(|r| r.iter().map(phuluc::read::cell_text).collect())
        .collect();
    assert_eq!(rows.len(), 6);
    let old_new: Vec<(String, String, String)> = rows[1..]
        .iter()
        .map(|r| (r[1].clone(), r[2].clone(), r[3].clone()))
        .collect();
    assert_eq!(
        old_new,
        vec![
            ("'Phụ lục III'!E62".into(), "5624".into(), "13923".into()),
            ("'Phụ lục III'!F62".into(), "4121".into(), "10984".into()),
            ("'Phụ lục III'!G62".into(), "4971".into(), "11834".into()),
            ("'Phụ lục III'!H62".into(), "4271".into(), "11134".into()),
            ("'Phụ lục III'!I62".into(), "4271".into(), "11134".into()),
        ]
    );
    let checked = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!checked.has_errors(), "{:?}", codes(&checked));
    let Some(soffice) = soffice() else { return };
    let lo = recalculated(&soffice, &out, dir.path());
    let total = lo
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "Tổng cộng"))
        .expect("total row");
    assert_eq!(&total[4..9], &["13923", "10984", "11834", "11134", "11134"]);
    assert_recalculates_to_saved(&soffice, &out, dir.path());
}

#[test]
fn every_example_and_built_table_formats_and_recalculates() {
    let dir = scratch();
    let mut inputs: Vec<PathBuf> = [
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
        "workbooks/ha-long-phu-luc-2-sua.xlsx",
        "workbooks/ha-long-phu-luc-1.xlsx",
        "seeds/da-kia-phu-luc-ii.csv",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let built = table(
        &[
            "STT",
            "Nội dung",
            "Đơn vị chủ trì",
            "Năm 2026",
            "Năm 2027",
            "Tổng giai đoạn 2026-2027",
            "Ghi chú",
        ],
        &[
            &["I", "Chuyển đổi số", "", "150.5", "150", "300.5", ""],
            &["1", "Tập huấn", "Phòng VH-XH", "50.5", "50", "100.5", ""],
            &["", "Trong đó: ngân sách tỉnh", "", "20", "20", "40", ""],
            &["2", "Thiết bị", "Văn phòng", "100", "100", "200", ""],
            &["", "Tổng cộng", "", "150.5", "150", "300.5", ""],
        ],
    );
    inputs.push(write(dir.path(), "built.xlsx", &[built]));
    let soffice = soffice();
    for (n, input) in inputs.iter().enumerate() {
        let out = dir.path().join(format!("out{n}.xlsx"));
        format_ok(input, &out);
        let checked = phuluc::analyse(&out, &Default::default()).unwrap();
        assert!(
            !checked.has_errors(),
            "{}: {:?}",
            input.display(),
            codes(&checked)
        );
        let again = phuluc::analyse(input, &Default::default()).unwrap();
        assert_eq!(
            checked.appendix.tables[0].items.len(),
            again.appendix.tables[0].items.len(),
            "{}: every item is kept",
            input.display()
        );
        if let Some(s) = &soffice {
            if again.appendix.tables[0].has_money {
                assert_recalculates_to_saved(s, &out, dir.path());
            }
        }
        // Formatting its own output changes nothing.
        let out2 = dir.path().join(format!("again{n}.xlsx"));
        let o = phuluc(&[
            "format",
            out.to_str().unwrap(),
            "-o",
            out2.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(&out2).unwrap(),
            "{}: round trip",
            input.display()
        );
    }
}

#[test]
fn errors_are_refused_without_fix_and_kept_with_force() {
    let dir = scratch();
    let out = dir.path().join("o.xlsx");
    let o = phuluc(&[
        "format",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--fix"));
    let o = phuluc(&[
        "format",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // Written as it is: the wrong totals stay, nothing corrected silently.
    let checked = phuluc::analyse(&out, &Default::default()).unwrap();
    assert_eq!(
        checked
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "total-sum")
            .count(),
        5
    );
}

#[test]
fn the_page_is_set_up_for_signing() {
    let dir = scratch();
    let out = dir.path().join("o.xlsx");
    let o = phuluc(&[
        "format",
        "workbooks/ha-long-phu-luc-2-sua.xlsx",
        "-o",
        out.to_str().unwrap(),
        "--signature",
        "TM. ỦY BAN NHÂN DÂN",
        "--signature",
        "CHỦ TỊCH",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""),
        "A4 landscape"
    );
    assert!(sheet.contains("fitToHeight=\"0\""), "fit to width");
    assert!(sheet.contains("&amp;P"), "page numbers");
    assert!(
        sheet.contains("<pane ") && sheet.contains("state=\"frozen\""),
        "frozen header"
    );
    assert!(
        read("xl/workbook.xml").contains("_xlnm.Print_Titles"),
        "header repeated on every page"
    );
    let styles = read("xl/styles.xml");
    assert!(styles.contains("[$-42A]#,##0"), "Vietnamese number format");
    assert!(styles.contains("Times New Roman"));
    let strings = read("xl/sharedStrings.xml");
    for s in [
        "ỦY BAN NHÂN DÂN",
        "XÃ HÀ LONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phụ lục 2",
        // The input's words line, right, is kept as written.
        "(Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng)",
        "CHỦ TỊCH",
    ] {
        assert!(strings.contains(s), "{s}");
    }
}

#[test]
fn libreoffice_shows_vietnamese_separators() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let out = dir.path().join("o.xlsx");
    assert_eq!(
        phuluc(&[
            "format",
            "workbooks/da-kia-phu-luc-iii-sua.xlsx",
            "-o",
            out.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let pdf_dir = dir.path().join("shown");
    let profile = dir.path().join("p");
    let _one_at_a_time = common::soffice_lock();
    let o = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,1",
            "--outdir",
        ])
        .arg(&pdf_dir)
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let csv = std::fs::read_dir(&pdf_dir)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(
        text.contains("13.923"),
        "shown as 13.923 under an English locale:\n{text}"
    );
}

#[test]
fn annotate_marks_every_finding_and_lists_them() {
    let dir = scratch();
    let review = dir.path().join("review.xlsx");
    let o = phuluc(&[
        "check",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "--annotate",
        review.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&review).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Phụ lục III".to_string(), "Kiểm tra".to_string()]
    );
    let list = wb.worksheet_range("Kiểm tra").unwrap();
    let cells: Vec<String> = list
        .rows()
        .skip(1)
        .map(|r| phuluc::read::cell_text(&r[2]))
        .collect();
    assert_eq!(
        cells,
        vec![
            "'Phụ lục III'!A59",
            "'Phụ lục III'!E62",
            "'Phụ lục III'!F62",
            "'Phụ lục III'!G62",
            "'Phụ lục III'!H62",
            "'Phụ lục III'!I62"
        ]
    );
    // The copy keeps every cell where it was.
    let copy = wb.worksheet_range("Phụ lục III").unwrap();
    assert_eq!(
        copy.get_value((61, 4))
            .map(phuluc::read::cell_text)
            .as_deref(),
        Some("5624")
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&review).unwrap()).unwrap();
    let mut notes = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/comments1.xml").unwrap(), &mut notes)
        .unwrap();
    assert!(
        notes.contains("ref=\"E62\"") && notes.contains("13.923"),
        "{notes}"
    );
    // It looks like the input: its merged regions, column widths, borders
    // and number formats, as the input's own XML states them.
    let xml = |path: &std::path::Path, name: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let input = std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
    let (before, after) = (
        xml(input, "xl/worksheets/sheet1.xml"),
        xml(&review, "xl/worksheets/sheet1.xml"),
    );
    let merges = |s: &str| {
        let mut m: Vec<String> = s
            .split("<mergeCell ref=\"")
            .skip(1)
            .map(|x| x.split('"').next().unwrap().to_string())
            .collect();
        m.sort();
        m
    };
    assert_eq!(merges(&before).len(), 15);
    assert_eq!(merges(&before), merges(&after));
    let widths = |s: &str| -> Vec<String> {
        s.split("<col ")
            .skip(1)
            .map(|c| {
                c.split("width=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(widths(&before), widths(&after));
    let styles = xml(&review, "xl/styles.xml");
    assert!(styles.contains("<left style=\"thin\">"), "borders");
    assert!(
        styles.contains("formatCode=\"[$-42A]#,##0\""),
        "number formats"
    );
}

/// A section of 3,000 tasks, and a table of 300 sections: each SUM listed
/// every cell it adds — 3,000 arguments, 17,000 characters, past Excel's
/// limits of 255 arguments and 8,192 characters (Excel reports the file
/// damaged; LibreOffice showed Err:512). Adjacent rows are one range now,
/// and a sum Excel could not hold is written as the number it is.
#[test]
fn sums_of_thousands_of_rows_stay_within_excels_formula_limits() {
    let dir = scratch();
    let mut tasks: Vec<Vec<String>> = vec![vec!["I".into(), "Phần một".into(), "30000".into()]];
    for i in 1..=3000 {
        tasks.push(vec![i.to_string(), format!("Việc {i}"), "10".into()]);
    }
    tasks.push(vec![String::new(), "Tổng cộng".into(), "30000".into()]);
    let mut sections: Vec<Vec<String>> = Vec::new();
    for s in 1..=300u32 {
        let roman = phuluc::stt::to_roman(s);
        sections.push(vec![roman, format!("Phần {s}"), "10".into()]);
        sections.push(vec!["1".into(), format!("Việc của phần {s}"), "10".into()]);
    }
    sections.push(vec![String::new(), "Tổng cộng".into(), "3000".into()]);
    for (name, rows) in [("viec.xlsx", tasks), ("phan.xlsx", sections)] {
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let t = table(&["STT", "Nội dung", "Kinh phí"], &rows);
        let input = write(dir.path(), name, &[t]);
        let out = dir.path().join(format!("sach-{name}"));
        format_ok(&input, &out);
        use calamine::Reader;
        let mut wb = calamine::open_workbook_auto(&out).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        let mut sums = 0;
        for f in formulas
            .used_cells()
            .map(|(_, _, f)| f)
            .filter(|f| !f.is_empty())
        {
            assert!(
                f.len() <= 8_192,
                "{name}: a formula of {} characters",
                f.len()
            );
            assert!(f.matches(',').count() < 255, "{name}: {f:.80}…");
            sums += 1;
        }
        if name == "viec.xlsx" {
            // The section adds its 3,000 tasks as one range; the total adds it.
            assert!(
                formulas
                    .used_cells()
                    .any(|(_, _, f)| f.starts_with("SUM(C") && f.contains(':')),
                "no range among the formulas"
            );
            assert_eq!(sums, 2);
        }
        let checked = phuluc::analyse(&out, &Default::default()).unwrap();
        assert!(!checked.has_errors(), "{name}: {:?}", codes(&checked));
        if let Some(soffice) = soffice() {
            assert_recalculates_to_saved(&soffice, &out, dir.path());
        }
    }
}
