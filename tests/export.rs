//! `phuluc export` and `phuluc import`: exact CSV contents in both layouts,
//! totals preserved, integrity, neutralised formulas, units, folders, and
//! workbook → CSV → workbook → CSV byte for byte.

mod common;
use common::*;
use phuluc::export::{export, ExportOptions, Layout};
use rust_decimal::Decimal;
use std::path::Path;

fn plan() -> phuluc::sample::SampleTable {
    table(
        &[
            "STT",
            "Nội dung",
            "Đơn vị chủ trì",
            "Năm 2026",
            "Năm 2027",
            "Ghi chú",
        ],
        &[
            &["I", "Chuyển đổi số", "", "150", "150", ""],
            &["1", "Tập huấn", "Phòng VH-XH", "50", "50", ""],
            &[
                "2",
                "Thiết bị",
                "Văn phòng",
                "100",
                "100",
                "'=HYPERLINK(\"http://x\")",
            ],
            &["II", "Kiểm tra", "", "", "", ""],
            &["1", "Kiểm tra", "Phòng KT", "'Thụ hưởng", "30", ""],
            &["", "Tổng cộng", "", "150", "180", ""],
        ],
    )
}

/// The checked appendix, named as `export` names a file given by itself.
fn appendix(t: &phuluc::sample::SampleTable) -> phuluc::Appendix {
    let mut a = check1(t).appendix;
    a.path = "t.xlsx".into();
    a
}

#[test]
fn long_layout_exact() {
    let t = plan();
    let out = export(&[appendix(&t)], &ExportOptions::default()).unwrap();
    let r = |i: u32, c: &str| format!("'Phụ lục'!{c}{}", t.body_row() + i + 1);
    let expected = [
        "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam,loai,nguon,so_tien,don_vi_tinh,ghi_chu,o_nguon,tep".to_string(),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,I,1,,Chuyển đổi số,,,2026,nam,,,triệu đồng,,{},t.xlsx", r(0, "D")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,I,1,,Chuyển đổi số,,,2027,nam,,,triệu đồng,,{},t.xlsx", r(0, "E")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,I,Tập huấn,Phòng VH-XH,,2026,nam,,50,triệu đồng,,{},t.xlsx", r(1, "D")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,I,Tập huấn,Phòng VH-XH,,2027,nam,,50,triệu đồng,,{},t.xlsx", r(1, "E")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,2,2,I,Thiết bị,Văn phòng,,2026,nam,,100,triệu đồng,\"'=HYPERLINK(\"\"http://x\"\")\",{},t.xlsx", r(2, "D")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,2,2,I,Thiết bị,Văn phòng,,2027,nam,,100,triệu đồng,\"'=HYPERLINK(\"\"http://x\"\")\",{},t.xlsx", r(2, "E")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,II,1,,Kiểm tra,,,2026,nam,,,triệu đồng,,{},t.xlsx", r(3, "D")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,II,1,,Kiểm tra,,,2027,nam,,,triệu đồng,,{},t.xlsx", r(3, "E")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,II,Kiểm tra,Phòng KT,,2026,nam,,,triệu đồng,Thụ hưởng,{},t.xlsx", r(4, "D")),
        format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,II,Kiểm tra,Phòng KT,,2027,nam,,30,triệu đồng,Thụ hưởng,{},t.xlsx", r(4, "E")),
    ]
    .join("\r\n")
        + "\r\n";
    assert_eq!(out.text, expected);
    assert_eq!(
        out.neutralised.len(),
        1,
        "reported once: {:?}",
        out.neutralised
    );
    assert!(out.neutralised[0].1.starts_with("=HYPERLINK"));
}

#[test]
fn wide_layout_exact() {
    let t = plan();
    let opts = ExportOptions {
        layout: Layout::Wide,
        unit: Some(phuluc::unit::Unit::Nghin),
        decimal_comma: true,
        bom: true,
        ..Default::default()
    };
    let out = export(&[appendix(&t)], &opts).unwrap();
    let r = |i: u32| format!("'Phụ lục'!A{}", t.body_row() + i + 1);
    let lines: Vec<&str> = out.text.split("\r\n").collect();
    assert!(out.text.starts_with('\u{feff}'));
    assert_eq!(lines[0], "\u{feff}xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam_2026,nam_2027,tong,don_vi_tinh,ghi_chu,o_nguon,tep");
    assert_eq!(
        lines[1],
        format!(
            "Xã Thử Nghiệm,Phụ lục I,Phụ lục,I,1,,Chuyển đổi số,,,,,,nghìn đồng,,{},t.xlsx",
            r(0)
        )
    );
    assert_eq!(lines[2], format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,I,Tập huấn,Phòng VH-XH,,50000,50000,100000,nghìn đồng,,{},t.xlsx", r(1)));
    assert_eq!(lines[5], format!("Xã Thử Nghiệm,Phụ lục I,Phụ lục,1,2,II,Kiểm tra,Phòng KT,,,30000,30000,nghìn đồng,Thụ hưởng,{},t.xlsx", r(4)));
    assert_eq!(lines.len(), 7);
}

#[test]
fn decimals_use_the_chosen_mark() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "12.5"], &["", "Tổng cộng", "12.5"]],
    );
    let opts = ExportOptions {
        decimal_comma: true,
        ..Default::default()
    };
    let out = export(&[appendix(&t)], &opts).unwrap();
    assert!(out.text.contains(",\"12,5\",triệu đồng,"), "{}", out.text);
    let out = export(&[appendix(&t)], &ExportOptions::default()).unwrap();
    assert!(out.text.contains(",12.5,triệu đồng,"), "{}", out.text);
}

#[test]
fn sums_of_so_tien_per_year_are_the_checked_totals() {
    let o = phuluc::analyse(
        Path::new("workbooks/da-kia-phu-luc-iii-sua.xlsx"),
        &Default::default(),
    )
    .unwrap();
    let out = export(&[o.appendix], &ExportOptions::default()).unwrap();
    let mut reader = csv::Reader::from_reader(out.text.as_bytes());
    let mut sums = std::collections::BTreeMap::<String, Decimal>::new();
    for r in reader.records() {
        let r = r.unwrap();
        // The years' amounts (not the period total, not the funding sources).
        if &r[10] == "nam" && !r[12].is_empty() {
            *sums.entry(r[9].to_string()).or_default() += Decimal::from_str_exact(&r[12]).unwrap();
        }
    }
    let want: Vec<(String, Decimal)> = [
        ("2026", 13923),
        ("2027", 10984),
        ("2028", 11834),
        ("2029", 11134),
        ("2030", 11134),
    ]
    .iter()
    .map(|(y, v)| (y.to_string(), Decimal::from(*v)))
    .collect();
    assert_eq!(sums.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn an_input_with_arithmetic_errors_is_refused_unless_forced() {
    let dir = scratch();
    let out = dir.path().join("out.csv");
    let refused = phuluc(&[
        "export",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("E62 [total-sum]") && err.contains("--force"),
        "{err}"
    );
    let forced = phuluc(&[
        "export",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("E62 [total-sum]"));
    assert!(out.exists());
}

#[test]
fn outputs_are_never_written_over_without_force_and_inputs_never() {
    let dir = scratch();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "keep me").unwrap();
    let o = phuluc(&[
        "export",
        "workbooks/ha-long-phu-luc-2-sua.xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let input = dir.path().join("in.csv");
    std::fs::copy("seeds/ha-long-phu-luc-1.csv", &input).unwrap();
    let o = phuluc(&[
        "export",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read("seeds/ha-long-phu-luc-1.csv").unwrap()
    );
}

#[test]
fn a_folder_of_communes_becomes_one_csv() {
    let dir = scratch();
    for (name, commune) in [("b-xa.xlsx", "XÃ BÌNH AN"), ("a-xa.xlsx", "XÃ AN PHÚ")] {
        let mut t = table(
            &["STT", "Nội dung", "Năm 2026"],
            &[&["1", "Tập huấn", "40"], &["", "Tổng cộng", "40"]],
        );
        t.left_block[1] = commune.into();
        write(dir.path(), name, &[t]);
    }
    let out = dir.path().join("tinh.csv");
    let o = phuluc(&[
        "export",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let communes: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(communes, vec!["Xã An Phú", "Xã Bình An"]);
}

#[test]
fn converting_a_table_without_unit_is_refused() {
    let mut t = table(&["STT", "Nội dung", "Kinh phí"], &[&["1", "A", "40"]]);
    t.unit_line = None;
    let err = export(
        &[appendix(&t)],
        &ExportOptions {
            unit: Some(phuluc::unit::Unit::Dong),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("states no unit"));
}

#[test]
fn workbook_csv_workbook_csv_is_byte_identical() {
    let dir = scratch();
    let csv1 = dir.path().join("1.csv");
    let back = dir.path().join("back");
    let csv2 = dir.path().join("3.csv");
    let run = |args: &[&str]| {
        let o = phuluc(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    for wb in [
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
        "workbooks/ha-long-phu-luc-2-sua.xlsx",
        "workbooks/ha-long-phu-luc-1.xlsx",
    ] {
        for layout in ["long", "wide"] {
            let _ = std::fs::remove_dir_all(&back);
            run(&[
                "export",
                wb,
                "-o",
                csv1.to_str().unwrap(),
                "--layout",
                layout,
                "--force",
            ]);
            // Into a folder: the workbook comes back under its own name.
            run(&[
                "import",
                csv1.to_str().unwrap(),
                "-o",
                back.to_str().unwrap(),
            ]);
            let book = back.join(Path::new(wb).file_name().unwrap());
            run(&[
                "export",
                book.to_str().unwrap(),
                "-o",
                csv2.to_str().unwrap(),
                "--layout",
                layout,
                "--force",
            ]);
            assert_eq!(
                std::fs::read(&csv1).unwrap(),
                std::fs::read(&csv2).unwrap(),
                "{wb} {layout}"
            );
            // The rebuilt workbook is clean and its total is live.
            let o = phuluc::analyse(&book, &Default::default()).unwrap();
            assert!(!o.has_errors(), "{wb} {layout}: {:?}", codes(&o));
        }
    }
}

#[test]
fn the_whole_examples_folder_comes_back_file_by_file() {
    let dir = scratch();
    let csv1 = dir.path().join("1.csv");
    let back = dir.path().join("back");
    let csv2 = dir.path().join("2.csv");
    let o = phuluc(&[
        "export",
        "workbooks",
        "-o",
        csv1.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    // Two versions of one commune's appendix: said, never merged.
    assert!(err.contains("cùng ghi xã «Xã Đa Kia»"), "{err}");
    let o = phuluc(&[
        "import",
        csv1.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&back)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "da-kia-phu-luc-iii-sua.xlsx",
            "da-kia-phu-luc-iii.xlsx",
            "ha-long-phu-luc-2-sua.xlsx",
            "ha-long-phu-luc-2.xlsx"
        ]
    );
    let o = phuluc(&[
        "export",
        back.to_str().unwrap(),
        "-o",
        csv2.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let (a, b) = (std::fs::read(&csv1).unwrap(), std::fs::read(&csv2).unwrap());
    assert!(a.len() > 40_000, "every line: {}", a.len());
    assert_eq!(a, b);
    // A CSV of several files is not squeezed into one workbook by mistake.
    let one = dir.path().join("one.xlsx");
    let o = phuluc(&[
        "import",
        csv1.to_str().unwrap(),
        "-o",
        one.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!one.exists());
    // Unless asked: then every file's sheets are in it, none merged.
    let o = phuluc(&[
        "import",
        csv1.to_str().unwrap(),
        "-o",
        one.to_str().unwrap(),
        "--one-workbook",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let whole = phuluc::analyse(&one, &Default::default()).unwrap();
    let lines = String::from_utf8(a).unwrap().lines().count() - 1;
    let items: usize = whole.appendix.tables.iter().map(|t| t.items.len()).sum();
    let per_year: usize = whole
        .appendix
        .tables
        .iter()
        .map(|t| t.items.len() * t.numeric.len())
        .sum();
    assert_eq!(whole.appendix.tables.len(), 4);
    assert!(
        items > 0 && per_year >= lines,
        "{items} items for {lines} lines"
    );
}

#[test]
fn communes_without_a_name_are_kept_apart() {
    let dir = scratch();
    let mut t = plan();
    t.left_block.clear();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    write(&dir.path().join("in"), "a.xlsx", std::slice::from_ref(&t));
    write(&dir.path().join("in"), "b.xlsx", std::slice::from_ref(&t));
    let csv = dir.path().join("x.csv");
    let o = phuluc(&[
        "export",
        dir.path().join("in").to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a.xlsx: không ghi tên xã") && err.contains("b.xlsx: không ghi tên xã"),
        "{err}"
    );
    let o = phuluc(&[
        "export",
        "--lang",
        "en",
        dir.path().join("in").to_str().unwrap(),
        "-o",
        "-",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a.xlsx: names no commune"), "{err}");
    let books =
        phuluc::import::import_files(&csv, &std::fs::read_to_string(&csv).unwrap()).unwrap();
    assert_eq!(books.len(), 2);
    assert_eq!(books[0].items, books[1].items);
}

#[test]
fn same_input_same_bytes() {
    let a = phuluc(&["export", "workbooks/da-kia-phu-luc-iii-sua.xlsx", "-o", "-"]);
    let b = phuluc(&["export", "workbooks/da-kia-phu-luc-iii-sua.xlsx", "-o", "-"]);
    assert_eq!(a.stdout, b.stdout);
    let csv = String::from_utf8(a.stdout).unwrap();
    assert!(csv.lines().count() > 200, "every item and year: {csv}");
    assert_eq!(
        phuluc::import::import_csv("x.csv".as_ref(), &csv).unwrap(),
        phuluc::import::import_csv("x.csv".as_ref(), &csv).unwrap()
    );
}

#[test]
fn neutralised_text_is_restored_by_import() {
    let t = plan();
    let out = export(&[appendix(&t)], &ExportOptions::default()).unwrap();
    let dir = scratch();
    let book = dir.path().join("b.xlsx");
    std::fs::write(
        &book,
        phuluc::import::import_csv("x.csv".as_ref(), &out.text).unwrap(),
    )
    .unwrap();
    let a = phuluc::read_appendix(&book, &Default::default()).unwrap();
    assert!(a.tables[0]
        .items
        .iter()
        .any(|i| i.note == "=HYPERLINK(\"http://x\")"));
}

#[test]
fn a_csv_import_cannot_read_is_one_line_naming_the_line_in_the_chosen_language() {
    let dir = scratch();
    let csv = dir.path().join("x.csv");
    let header = "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam,so_tien,don_vi_tinh,ghi_chu,o_nguon,tep";
    std::fs::write(
        &csv,
        format!("{header}\r\n,,P,1,1,,A,,,2026,40,triệu đồng,,'P'!C9,a.xlsx\r\n,,P,2,1,,B,,,2026,60,triệu đồng,,somewhere,a.xlsx\r\n"),
    )
    .unwrap();
    let out = dir.path().join("x.xlsx");
    let o = phuluc(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("x.csv: dòng 3: o_nguon «somewhere» không phải một ô"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists());
    let o = phuluc(&[
        "--lang",
        "en",
        "import",
        csv.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("x.csv: line 3: o_nguon 'somewhere' is not a cell"),
        "{err}"
    );
    // The library says the same, about the same file.
    let e =
        phuluc::import::import_files(&csv, &std::fs::read_to_string(&csv).unwrap()).unwrap_err();
    assert_eq!(
        e.problem,
        phuluc::Problem::Csv(phuluc::CsvProblem::NotACell(3, "somewhere".into()))
    );
}

/// A cost estimate's tables do not fit the appendix CSV: exported alone,
/// they are one line that says so, exit 2; beside appendices, they are
/// left out with a note and the appendices are exported.
#[test]
fn an_estimate_alone_is_not_exported_and_says_why() {
    let o = phuluc(&["export", "workbooks/du-toan-kenh-muong-sua.xlsx", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("chỉ có bảng dự toán"), "{err}");
    let o = phuluc(&[
        "export",
        "workbooks/du-toan-kenh-muong-sua.xlsx",
        "workbooks/ha-long-phu-luc-2-sua.xlsx",
        "-o",
        "-",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("không xuất: bảng dự toán"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ha-long-phu-luc-2-sua.xlsx"));
}

/// `--layout du-toan`: every line of an estimate with its part, code, unit
/// of measure, quantity, price and amount; the sum of the amounts is the
/// estimate's TỔNG HẠNG MỤC.
#[test]
fn an_estimates_lines_export_with_their_parts() {
    let o = phuluc(&[
        "export",
        "--layout",
        "du-toan",
        "workbooks/du-toan-kenh-muong-sua.xlsx",
        "-o",
        "-",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, phuluc::export::ESTIMATE);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6, "the six lines, no part heading nor total");
    assert_eq!(&rows[0][2], "Đập bê tông");
    assert_eq!(&rows[3][2], "Kênh dẫn");
    assert_eq!(
        (&rows[0][4], &rows[0][6], &rows[0][7]),
        ("AB.11312", "100m3", "0.380814")
    );
    let sum: Decimal = rows.iter().map(|r| r[9].parse::<Decimal>().unwrap()).sum();
    let whole = phuluc::analyse(
        "workbooks/du-toan-kenh-muong-sua.xlsx".as_ref(),
        &Default::default(),
    )
    .unwrap()
    .appendix
    .tables[0]
        .totals
        .iter()
        .find(|t| t.content == "TỔNG HẠNG MỤC")
        .and_then(|t| t.values.last().and_then(|v| v.amount()))
        .unwrap();
    assert!((sum - whole).abs() < Decimal::new(1, 6), "{sum} vs {whole}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--layout du-toan chỉ xuất"));
}

/// Written to a file, the CSV streams as the files are read; to standard
/// output it is made once all are read. Both give the same bytes, for every
/// layout, over a folder mixing a task list (before any money table), money
/// tables, and an estimate that is left out. A folder whose last file has
/// an error streams its first files and then writes nothing at all: no
/// output, no temporary file.
#[test]
fn streamed_to_a_file_or_made_for_stdout_the_csv_is_the_same() {
    let dir = scratch();
    let folder = dir.path().join("nop");
    std::fs::create_dir(&folder).unwrap();
    for (from, to) in [
        ("ha-long-phu-luc-1.xlsx", "a-nhiem-vu.xlsx"),
        ("da-kia-phu-luc-iii-sua.xlsx", "b-da-kia.xlsx"),
        ("du-toan-kenh-muong-sua.xlsx", "c-du-toan.xlsx"),
        ("ha-long-phu-luc-2-sua.xlsx", "d-ha-long.xlsx"),
    ] {
        std::fs::copy(Path::new("workbooks").join(from), folder.join(to)).unwrap();
    }
    for layout in ["long", "wide"] {
        let file = dir.path().join(format!("{layout}.csv"));
        let to_file = phuluc(&[
            "export",
            folder.to_str().unwrap(),
            "--layout",
            layout,
            "--bom",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(
            to_file.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&to_file.stderr)
        );
        let to_stdout = phuluc(&[
            "export",
            folder.to_str().unwrap(),
            "--layout",
            layout,
            "--bom",
            "-o",
            "-",
        ]);
        assert_eq!(to_stdout.status.code(), Some(0));
        let written = std::fs::read(&file).unwrap();
        assert!(written.len() > 1000, "{layout}");
        // print adds nothing: the same bytes.
        assert_eq!(written, to_stdout.stdout, "{layout}");
        // Both say the same about the files left out.
        assert_eq!(
            String::from_utf8_lossy(&to_file.stderr),
            String::from_utf8_lossy(&to_stdout.stderr),
            "{layout}"
        );
    }
    // An error in the last file: the first ones were streamed, and still
    // nothing is left behind.
    std::fs::copy(
        "workbooks/da-kia-phu-luc-iii.xlsx",
        folder.join("z-loi.xlsx"),
    )
    .unwrap();
    let out = dir.path().join("loi.csv");
    let o = phuluc(&[
        "export",
        folder.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 26: `export --layout wide` → `import` → `export` keeps amounts
/// that are only in `tong`: a table without years exported beside one with
/// them (its amounts are all in `tong`), and an item whose period total is
/// stated without its years. The round trip is byte-identical, and the
/// rebuilt workbooks hold the amounts (before, they summed to 0).
#[test]
fn the_wide_round_trip_keeps_amounts_only_in_tong() {
    let dir = scratch();
    let input = dir.path().join("vao");
    std::fs::create_dir(&input).unwrap();
    let years = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Tổng giai đoạn"],
        &[
            &["1", "Tập huấn", "50", "70", "120"],
            &["2", "Thiết bị", "", "", "300"],
            &["", "Tổng cộng", "50", "70", "420"],
        ],
    );
    let amount = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Sửa đường", "400"],
            &["2", "Sửa trường", "250"],
            &["", "Tổng cộng", "650"],
        ],
    );
    write(&input, "a-nam.xlsx", &[years]);
    write(&input, "b-kinh-phi.xlsx", &[amount]);
    let csv1 = dir.path().join("1.csv");
    let back = dir.path().join("back");
    let csv2 = dir.path().join("2.csv");
    let ok = |args: &[&str]| {
        let o = phuluc(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let p = |x: &Path| x.to_str().unwrap().to_string();
    ok(&[
        "export",
        &p(&input),
        "-o",
        &p(&csv1),
        "--layout",
        "wide",
        "--force",
    ]);
    ok(&["import", &p(&csv1), "-o", &p(&back)]);
    ok(&[
        "export",
        &p(&back),
        "-o",
        &p(&csv2),
        "--layout",
        "wide",
        "--force",
    ]);
    let (a, b) = (
        std::fs::read_to_string(&csv1).unwrap(),
        std::fs::read_to_string(&csv2).unwrap(),
    );
    assert!(a.contains(",300,"), "{a}");
    assert!(a.contains(",400,") && a.contains(",250,"), "{a}");
    assert_eq!(a, b);
    // The rebuilt workbooks hold the amounts.
    let rebuilt = phuluc::analyse(&back.join("b-kinh-phi.xlsx"), &Default::default()).unwrap();
    let total = &rebuilt.appendix.tables[0].totals[0];
    assert_eq!(total.values[0].amount(), Some(Decimal::from(650)));
    let rebuilt = phuluc::analyse(&back.join("a-nam.xlsx"), &Default::default()).unwrap();
    let t = &rebuilt.appendix.tables[0];
    let k = (0..t.numeric.len())
        .find(|&k| t.numeric_column(k).role == phuluc::detect::Role::PeriodTotal)
        .expect("a period total column");
    assert_eq!(t.totals[0].values[k].amount(), Some(Decimal::from(420)));
}

/// Issue 25: `import X.csv -o Y.xlsx` round-trips as a folder output does:
/// the rebuilt workbook, whatever it is called, exports with the source's
/// file name in `tep`, byte for byte, in both layouts.
#[test]
fn import_to_a_named_workbook_round_trips_like_a_folder() {
    let dir = scratch();
    let input = write(dir.path(), "xa-thu-nghiem.xlsx", &[plan()]);
    let p = |x: &Path| x.to_str().unwrap().to_string();
    let ok = |args: &[&str]| {
        let o = phuluc(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    for layout in ["long", "wide"] {
        let csv1 = dir.path().join(format!("1-{layout}.csv"));
        let csv2 = dir.path().join(format!("2-{layout}.csv"));
        let csv3 = dir.path().join(format!("3-{layout}.csv"));
        let book = dir.path().join(format!("dung-lai-{layout}.xlsx"));
        let folder = dir.path().join(format!("thu-muc-{layout}"));
        ok(&[
            "export",
            &p(&input),
            "-o",
            &p(&csv1),
            "--layout",
            layout,
            "--force",
        ]);
        ok(&["import", &p(&csv1), "-o", &p(&book)]);
        ok(&[
            "export",
            &p(&book),
            "-o",
            &p(&csv2),
            "--layout",
            layout,
            "--force",
        ]);
        ok(&["import", &p(&csv1), "-o", &p(&folder)]);
        ok(&[
            "export",
            &p(&folder),
            "-o",
            &p(&csv3),
            "--layout",
            layout,
            "--force",
        ]);
        let first = std::fs::read_to_string(&csv1).unwrap();
        assert!(first.contains(",xa-thu-nghiem.xlsx\r\n"), "{first}");
        assert_eq!(
            first,
            std::fs::read_to_string(&csv2).unwrap(),
            "{layout}: file output"
        );
        assert_eq!(
            first,
            std::fs::read_to_string(&csv3).unwrap(),
            "{layout}: folder output"
        );
    }
}

/// Issue 25: a commune's event budget (Nội dung, Đơn vị tính, Số lượng,
/// Đơn giá, Thành tiền — no unit-price codes) is an appendix: it exports in
/// the long and wide layouts, its Thành tiền the amount, and round-trips;
/// an estimate with codes is refused by the appendix layouts with a line
/// naming the layout that takes it.
#[test]
fn an_event_budget_exports_and_an_estimate_refusal_names_its_layout() {
    let dir = scratch();
    let budget = table(
        &[
            "STT",
            "Nội dung",
            "Đơn vị tính",
            "Số lượng",
            "Đơn giá",
            "Thành tiền",
        ],
        &[
            &["1", "Thuê hội trường", "ngày", "2", "3", "6"],
            &["2", "Nước uống", "người", "100", "0.02", "2"],
            &["", "Tổng cộng", "", "", "", "8"],
        ],
    );
    let input = write(dir.path(), "hoi-nghi.xlsx", &[budget]);
    let p = |x: &Path| x.to_str().unwrap().to_string();
    for layout in ["long", "wide"] {
        let csv1 = dir.path().join(format!("1-{layout}.csv"));
        let csv2 = dir.path().join(format!("2-{layout}.csv"));
        let book = dir.path().join(format!("b-{layout}.xlsx"));
        for args in [
            vec![
                "export".to_string(),
                p(&input),
                "-o".into(),
                p(&csv1),
                "--layout".into(),
                layout.into(),
            ],
            vec!["import".to_string(), p(&csv1), "-o".into(), p(&book)],
            vec![
                "export".to_string(),
                p(&book),
                "-o".into(),
                p(&csv2),
                "--layout".into(),
                layout.into(),
            ],
        ] {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = phuluc(&args);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let text = std::fs::read_to_string(&csv1).unwrap();
        assert!(
            text.contains("Thuê hội trường") && text.contains(",6,"),
            "{text}"
        );
        assert_eq!(text, std::fs::read_to_string(&csv2).unwrap(), "{layout}");
    }
    // A cost estimate: refused, and the refusal names --layout du-toan.
    for lang in ["vi", "en"] {
        let o = phuluc(&[
            "export",
            "--lang",
            lang,
            "workbooks/du-toan-kenh-muong-sua.xlsx",
            "-o",
            "-",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--layout du-toan"), "{err}");
    }
}

/// A plan with years, its period total and its funding sources under a
/// merged "Nguồn vốn" group.
fn plan_with_sources() -> phuluc::sample::SampleTable {
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Năm 2026",
            "Năm 2027",
            "Tổng giai đoạn",
            "Nguồn vốn",
            "",
        ],
        &[
            &["I", "Hạ tầng", "", "", "", "", ""],
            &["1", "Tập huấn", "50", "70", "120", "100", "20"],
            &["2", "Thiết bị", "100", "", "100", "40", "60"],
            &["", "Tổng cộng", "150", "70", "220", "140", "80"],
        ],
    );
    t.header.push(
        ["", "", "", "", "", "NSTW", "NSĐP"]
            .map(String::from)
            .to_vec(),
    );
    t
}

/// Issue 25: CSV carries the whole table — the period total and the
/// funding sources (a "Nguồn vốn" group beside years, a "Chia ra" group
/// beside a single amount) are exported, said apart from the years in
/// `loai`/`nguon` (long) or in their own columns (wide), never added to the
/// years; and export → import → export is byte-identical with them, for a
/// file output and a folder output alike.
#[test]
fn funding_sources_and_the_period_total_are_exported_and_round_trip() {
    let dir = scratch();
    let mut split = table(
        &["STT", "Nội dung", "Tổng số", "Chia ra", ""],
        &[
            &["1", "Sửa đường", "120", "100", "20"],
            &["2", "Sửa trường", "100", "40", "60"],
            &["", "Tổng cộng", "220", "140", "80"],
        ],
    );
    split.header.push(
        ["", "", "", "Vốn ngân sách xã", "Vốn khác"]
            .map(String::from)
            .to_vec(),
    );
    let inputs = [
        write(dir.path(), "ke-hoach.xlsx", &[plan_with_sources()]),
        write(dir.path(), "chia-ra.xlsx", &[split]),
    ];
    let p = |x: &Path| x.to_str().unwrap().to_string();
    let ok = |args: &[&str]| {
        let o = phuluc(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    for input in &inputs {
        for layout in ["long", "wide"] {
            let name = input.file_stem().unwrap().to_string_lossy();
            let csv1 = dir.path().join(format!("{name}-{layout}-1.csv"));
            let csv2 = dir.path().join(format!("{name}-{layout}-2.csv"));
            let csv3 = dir.path().join(format!("{name}-{layout}-3.csv"));
            let book = dir.path().join(format!("{name}-{layout}-lai.xlsx"));
            let folder = dir.path().join(format!("{name}-{layout}-thu-muc"));
            ok(&["export", &p(input), "-o", &p(&csv1), "--layout", layout]);
            ok(&["import", &p(&csv1), "-o", &p(&book)]);
            ok(&["export", &p(&book), "-o", &p(&csv2), "--layout", layout]);
            ok(&["import", &p(&csv1), "-o", &p(&folder)]);
            ok(&["export", &p(&folder), "-o", &p(&csv3), "--layout", layout]);
            let first = std::fs::read_to_string(&csv1).unwrap();
            assert_eq!(
                first,
                std::fs::read_to_string(&csv2).unwrap(),
                "{name} {layout}: file"
            );
            assert_eq!(
                first,
                std::fs::read_to_string(&csv3).unwrap(),
                "{name} {layout}: folder"
            );
            if layout == "wide" {
                let head = first.lines().next().unwrap();
                assert!(head.contains(",tong,nguon: "), "{head}");
            }
        }
    }
    // What the long layout says, row by row.
    let long = std::fs::read_to_string(dir.path().join("ke-hoach-long-1.csv")).unwrap();
    for line in [
        ",Tập huấn,,,2026,nam,,50,",
        ",Tập huấn,,,,tong,,120,",
        ",Tập huấn,,,,nguon,Nguồn vốn / NSTW,100,",
        ",Tập huấn,,,,nguon,Nguồn vốn / NSĐP,20,",
        ",Thiết bị,,,,nguon,Nguồn vốn / NSĐP,60,",
    ] {
        assert!(long.contains(line), "{line}\n{long}");
    }
    // The single amount is summed alone: its parts are not added to it.
    let split = std::fs::read_to_string(dir.path().join("chia-ra-long-1.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(split.as_bytes());
    let mut by_kind = std::collections::BTreeMap::<String, Decimal>::new();
    for r in reader.records() {
        let r = r.unwrap();
        *by_kind.entry(format!("{}|{}", &r[10], &r[11])).or_default() +=
            Decimal::from_str_exact(&r[12]).unwrap();
    }
    assert_eq!(
        by_kind.into_iter().collect::<Vec<_>>(),
        [
            ("kinh_phi|".to_string(), Decimal::from(220)),
            ("nguon|Chia ra / Vốn khác".to_string(), Decimal::from(80)),
            (
                "nguon|Chia ra / Vốn ngân sách xã".to_string(),
                Decimal::from(140)
            ),
        ]
    );
}

/// Issue 26: `import` refuses what it cannot place: two lines naming the
/// same cell (the second would overwrite the first, an amount lost) are one
/// line naming the line and the cell, nothing written; in both layouts.
#[test]
fn an_import_refuses_two_lines_for_one_cell() {
    let dir = scratch();
    let long = "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam,loai,nguon,so_tien,don_vi_tinh,ghi_chu,o_nguon,tep\r\n\
                ,,P,1,1,,A,,,2026,nam,,40,triệu đồng,,'P'!C9,a.xlsx\r\n\
                ,,P,2,1,,B,,,2026,nam,,60,triệu đồng,,'P'!C9,a.xlsx\r\n";
    let wide = "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam_2026,tong,don_vi_tinh,ghi_chu,o_nguon,tep\r\n\
                ,,P,1,1,,A,,,40,40,triệu đồng,,'P'!A9,a.xlsx\r\n\
                ,,P,2,1,,B,,,60,60,triệu đồng,,'P'!A9,a.xlsx\r\n";
    for (name, text, cell) in [("long.csv", long, "'P'!C9"), ("wide.csv", wide, "'P'!A9")] {
        let csv = dir.path().join(name);
        std::fs::write(&csv, text).unwrap();
        let out = dir.path().join("x.xlsx");
        let o = phuluc(&[
            "--lang",
            "en",
            "import",
            csv.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!(
                "{name}: line 3: o_nguon '{cell}' is the cell line 2 already placed"
            )),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists());
    }
}
