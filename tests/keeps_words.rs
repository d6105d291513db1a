//! `format` keeps the input's words (issue 25): on a commune's comparison
//! table typed by hand — one-line "UBND XÃ …" title block, headers that
//! name an earlier year's estimate and cumulative allocations, a "So sánh
//! (%)" column of ratios, a note, the place-and-date line and a signature
//! block in two columns — the output carries every header text, every
//! number (a percentage as a number), the note and the whole signature
//! block, invents no words line, and prints the signature unclipped.

mod common;
use calamine::{Data, Reader};
use common::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::{Path, PathBuf};

const HEADERS: [&str; 6] = [
    "STT",
    "Nội dung",
    "Dự toán năm 2025",
    "Lũy kế vốn đã bố trí đến hết năm 2025",
    "Dự toán năm 2026",
    "So sánh (%)",
];

const CLOSING: [&str; 6] = [
    "Đa Kia, ngày 15 tháng 7 năm 2025",
    "NGƯỜI LẬP BIỂU",
    "TM. ỦY BAN NHÂN DÂN XÃ",
    "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
    "Nguyễn Văn Lập",
    "Trần Thị Bình",
];

const NOTE: &str = "Ghi chú: (1) Số liệu ước thực hiện đến 30/6/2025.";

/// The comparison table as a commune types it: header row 6 (1-based),
/// each label merged over two header rows, items on rows 8 and 9, the total
/// on row 10, the percentages as formulas saved with their values.
fn comparison(dir: &Path) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Biểu 01").unwrap();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_bold().set_text_wrap();
    ws.write_string_with_format(0, 0, "UBND XÃ ĐA KIA", &bold)
        .unwrap();
    ws.write_string_with_format(0, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)
        .unwrap();
    ws.write_string(1, 4, "Độc lập - Tự do - Hạnh phúc")
        .unwrap();
    ws.merge_range(
        3,
        0,
        3,
        5,
        "BÁO CÁO DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2026",
        &bold,
    )
    .unwrap();
    ws.write_string(4, 5, "Đơn vị tính: đồng").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.merge_range(5, c as u16, 6, c as u16, h, &wrap).unwrap();
    }
    let rows: [(&str, &str, f64, f64, f64); 2] = [
        (
            "1",
            "Chi sự nghiệp giáo dục",
            1_000_000.0,
            2_500_000.0,
            1_076_000.0,
        ),
        (
            "2",
            "Chi sự nghiệp y tế",
            2_000_000.0,
            3_000_000.0,
            2_100_000.0,
        ),
    ];
    let pct = Format::new().set_num_format("0.0");
    for (i, (stt, name, a, b, c)) in rows.iter().enumerate() {
        let r = 7 + i as u32;
        ws.write_string(r, 0, *stt).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_number(r, 2, *a).unwrap();
        ws.write_number(r, 3, *b).unwrap();
        ws.write_number(r, 4, *c).unwrap();
        let f =
            Formula::new(format!("=E{0}/C{0}*100", r + 1)).set_result((c / a * 100.0).to_string());
        ws.write_formula_with_format(r, 5, f, &pct).unwrap();
    }
    ws.write_string(9, 1, "Tổng cộng").unwrap();
    for (c, v, col) in [
        (2u16, 3_000_000.0, 'C'),
        (3, 5_500_000.0, 'D'),
        (4, 3_176_000.0, 'E'),
    ] {
        let f = Formula::new(format!("=SUM({col}8:{col}9)")).set_result(format!("{v}"));
        ws.write_formula(9, c, f).unwrap();
    }
    let f =
        Formula::new("=E10/C10*100").set_result((3_176_000.0f64 / 3_000_000.0 * 100.0).to_string());
    ws.write_formula_with_format(9, 5, f, &pct).unwrap();
    ws.write_string(10, 0, NOTE).unwrap();
    ws.write_string(12, 4, CLOSING[0]).unwrap();
    ws.write_string_with_format(13, 1, CLOSING[1], &bold)
        .unwrap();
    ws.write_string_with_format(13, 4, CLOSING[2], &bold)
        .unwrap();
    ws.write_string_with_format(14, 4, CLOSING[3], &bold)
        .unwrap();
    ws.write_string_with_format(17, 1, CLOSING[4], &bold)
        .unwrap();
    ws.write_string_with_format(17, 4, CLOSING[5], &bold)
        .unwrap();
    let path = dir.join("so-sanh.xlsx");
    wb.save(&path).unwrap();
    path
}

fn cells(xlsx: &Path) -> Vec<Vec<Data>> {
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    // Absolute rows from A1, so that an empty first row does not shift them.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    rows
}

fn texts(rows: &[Vec<Data>]) -> Vec<String> {
    rows.iter()
        .flatten()
        .filter_map(|d| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn format_to(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "format",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = phuluc(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn format_keeps_headers_title_notes_signature_and_numbers() {
    let dir = scratch();
    let input = comparison(dir.path());
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &[]);
    let rows = cells(&out);
    let all = texts(&rows);
    // Every header as typed, none renamed after a guessed role.
    for h in HEADERS {
        assert_eq!(
            all.iter().filter(|t| t.as_str() == h).count(),
            1,
            "{h}: {all:?}"
        );
    }
    for invented in ["Kinh phí thực hiện", "Năm 2025", "Năm 2026"] {
        assert!(!all.iter().any(|t| t == invented), "{invented}: {all:?}");
    }
    // The title block once, as typed.
    assert_eq!(
        all.iter().filter(|t| t.contains("XÃ ĐA KIA")).count(),
        1,
        "{all:?}"
    );
    assert!(!all.iter().any(|t| t == "ỦY BAN NHÂN DÂN"), "{all:?}");
    assert!(all.iter().any(|t| t == "Đơn vị tính: đồng"), "{all:?}");
    // The note, the date line and the signature block, whole.
    for line in CLOSING.iter().chain([&NOTE]) {
        assert!(all.iter().any(|t| t == line), "{line}: {all:?}");
    }
    // No words line the input never had.
    assert!(
        !all.iter().any(|t| t.to_lowercase().contains("bằng chữ")),
        "{all:?}"
    );
    // Every amount a number; the percentages numbers too, the total's kept.
    let numbers: Vec<f64> = rows
        .iter()
        .filter_map(|r| match r.get(5) {
            Some(Data::Float(v)) => Some(*v),
            Some(Data::Int(v)) => Some(*v as f64),
            _ => None,
        })
        .collect();
    assert_eq!(numbers.len(), 3, "{rows:?}");
    assert!((numbers[0] - 107.6).abs() < 1e-9, "{numbers:?}");
    assert!((numbers[1] - 105.0).abs() < 1e-9, "{numbers:?}");
    assert!(
        (numbers[2] - 105.866_666_666_666_7).abs() < 1e-6,
        "{numbers:?}"
    );
    assert!(!all.iter().any(|t| t.contains("107.6")), "{all:?}");
    // Read again, the output checks clean.
    let again = phuluc::analyse(&out, &Default::default()).unwrap();
    assert!(!again.has_errors(), "{:?}", codes(&again));
}

#[test]
fn a_words_line_only_when_asked_stating_the_plan_years_total() {
    let dir = scratch();
    let input = comparison(dir.path());
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &["--words"]);
    let words: Vec<String> = texts(&cells(&out))
        .into_iter()
        .filter(|t| t.starts_with("Bằng chữ"))
        .collect();
    // The 2026 estimate's total, not 2025 + cumulative + 2026.
    assert_eq!(
        words,
        vec!["Bằng chữ: Ba triệu một trăm bảy mươi sáu nghìn đồng./.".to_string()]
    );
}

#[test]
fn the_signature_block_prints_whole() {
    let Some(soffice) = soffice() else { return };
    let dir = scratch();
    let input = comparison(dir.path());
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &[]);
    let pdf_dir = dir.path().join("pdf");
    let profile = dir.path().join("lo-profile");
    let status = {
        let _one_at_a_time = soffice_lock();
        std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&pdf_dir)
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf_dir.join("out.pdf"))
        .arg("-")
        .output();
    let Ok(text) = text else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have pdftotext (poppler-utils)"
        );
        eprintln!("SKIPPED: pdftotext is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    // Each line of the block on one printed line, none cut at the edge.
    for line in CLOSING {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    assert!(text.contains("107,6"), "{text}");
}

/// `format --fix` of an estimate whose summary's T is not its detail's
/// total and whose C is not T × 6,5 % either: C is corrected twice (from
/// the typed T, then from the corrected one), and what it says about the
/// input states the input's value — never one phuluc wrote on the way.
#[test]
fn fix_of_an_estimate_summary_states_only_values_of_the_input() {
    let mut detail = table(
        &[
            "STT",
            "Mã hiệu",
            "Nội dung công việc",
            "Đơn vị",
            "Khối lượng",
            "Đơn giá",
            "Thành tiền",
        ],
        &[
            &[
                "1",
                "AB.11312",
                "Đào móng, đất cấp II",
                "m3",
                "10",
                "100000",
                "1000000",
            ],
            &[
                "2",
                "AF.11213",
                "Bê tông lót móng",
                "m3",
                "5",
                "200000",
                "1000000",
            ],
            &["", "", "TỔNG CỘNG", "", "", "", "2000000"],
        ],
    );
    detail.sheet = "Dự toán chi tiết".into();
    detail.unit_line = Some("Đơn vị tính: đồng".into());
    let mut summary = table(
        &[
            "STT",
            "Khoản mục chi phí",
            "Cách tính",
            "Giá trị",
            "Ký hiệu",
        ],
        &[
            &["1", "Chi phí trực tiếp", "", "7136117", "T"],
            &["2", "Chi phí chung", "T x 6,5%", "500000", "C"],
        ],
    );
    summary.sheet = "Tổng hợp dự toán".into();
    summary.unit_line = Some("Đơn vị tính: đồng".into());
    let dir = scratch();
    let input = write(dir.path(), "du-toan.xlsx", &[detail, summary]);
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &["--fix"]);
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let changes = wb.worksheet_range("Thay đổi").unwrap();
    let reasons: Vec<String> = changes
        .rows()
        .map(|r| {
            r.iter()
                .map(phuluc::read::cell_text)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let c = reasons
        .iter()
        .find(|r| r.contains("(C)"))
        .unwrap_or_else(|| panic!("{reasons:?}"));
    // 6,5 % of 2.000.000, and the 500.000 the input holds.
    assert!(c.contains("cho 130.000 nhưng ghi 500.000."), "{c}");
    // Not 463.847,605 (6,5 % of the typed T), which phuluc wrote between.
    assert!(
        !reasons.iter().any(|r| r.contains("463.847")),
        "{reasons:?}"
    );
}

/// A two-row header with a merged group and labels merged down keeps every
/// level as typed; a two-line title block stays as typed, once; figures in
/// text columns (a rate that is no ratio of two columns, a count of
/// households) stay numbers.
#[test]
fn a_merged_two_row_header_and_number_columns_are_kept() {
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Kinh phí thực hiện",
            "",
            "Tỷ lệ giải ngân (%)",
            "Số hộ hưởng lợi",
        ],
        &[
            &["1", "Sửa đường thôn 1", "300", "400", "85.5", "120"],
            &["2", "Nạo vét kênh", "200", "100", "90", "2025"],
            &["", "Tổng cộng", "500", "500", "", "2145"],
        ],
    );
    t.header.push(
        ["", "", "Năm 2026", "Năm 2027", "", ""]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ ĐA KIA".into()];
    let dir = scratch();
    let input = write(dir.path(), "hai-dong.xlsx", &[t]);
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &[]);
    let rows = cells(&out);
    let all = texts(&rows);
    for label in [
        "Kinh phí thực hiện",
        "Năm 2026",
        "Năm 2027",
        "Tỷ lệ giải ngân (%)",
        "Số hộ hưởng lợi",
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐA KIA",
    ] {
        assert_eq!(
            all.iter().filter(|t| t.as_str() == label).count(),
            1,
            "{label}: {all:?}"
        );
    }
    let column = |c: usize| -> Vec<f64> {
        rows.iter()
            .filter_map(|r| match r.get(c) {
                Some(Data::Float(v)) => Some(*v),
                Some(Data::Int(v)) => Some(*v as f64),
                _ => None,
            })
            .collect()
    };
    assert_eq!(column(4), vec![85.5, 90.0], "{rows:?}");
    assert_eq!(column(5), vec![120.0, 2025.0, 2145.0], "{rows:?}");
    assert!(!all.iter().any(|t| t == "85.5" || t == "2025"), "{all:?}");
}

/// A percentage kept as a fraction (1,076 shown as 107,6 %) stays that
/// number, with a percent format, not the text "1.076".
#[test]
fn a_percentage_typed_as_a_fraction_stays_a_fraction() {
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Ước thực hiện năm 2025",
            "Năm 2026",
            "Tỷ lệ (%)",
        ],
        &[
            &["1", "Giáo dục", "1000", "1076", ""],
            &["2", "Y tế", "2000", "2100", ""],
            &["", "Tổng cộng", "3000", "3176", ""],
        ],
    );
    // Number cells, as a percent-formatted column holds them.
    for (row, v) in t.rows.iter_mut().zip([1.076, 1.05, 1.0587]) {
        row[4] = phuluc::sample::SampleCell::Number(v);
    }
    let dir = scratch();
    let input = write(dir.path(), "ty-le.xlsx", &[t]);
    let out = dir.path().join("out.xlsx");
    format_to(&input, &out, &[]);
    let rows = cells(&out);
    let figures: Vec<f64> = rows
        .iter()
        .filter_map(|r| match r.get(4) {
            Some(Data::Float(v)) => Some(*v),
            _ => None,
        })
        .collect();
    assert_eq!(figures, vec![1.076, 1.05, 1.0587], "{rows:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("#,##0.00%\""), "{styles}");
}
