//! `phuluc check --report REPORT.xlsx`: the province report as a workbook
//! in the look of every workbook phuluc writes (title, unit line, bordered
//! header in the styles of `write/styles.rs`): a summary sheet (a line per
//! file), a findings sheet (each cell a link into its file), and the yearly
//! totals per commune. Words in the report's language.

use super::parts;
use super::styles::styles;
use crate::lang::Lang;
use crate::report::province::{severity_code, ProvinceReport};
use crate::{Error, Problem};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Url, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Rows a sheet takes at most (Excel's 1,048,576, less the title and
/// header): findings beyond are left to the JSON and CSV reports, and said.
const MAX_ROWS: usize = 1_048_000;

/// Links a sheet may hold (Excel's limit is 65,530).
const MAX_LINKS: usize = 65_000;

/// The report as xlsx bytes; `name` names the output in errors. Save them
/// with [`super::write_workbook`], which checks them first.
///
/// ```
/// use phuluc::report::province::ProvinceReport;
/// let path = std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
/// let mut report = ProvinceReport::new(phuluc::lang::Lang::Vi);
/// report.add(path, &[], &phuluc::analyse(path, &Default::default()));
/// let bytes = phuluc::write::province::report_workbook("bao-cao.xlsx".as_ref(), &report)?;
/// let mut source = phuluc::read::Source::from_bytes("bao-cao.xlsx".as_ref(), bytes)?;
/// assert_eq!(source.sheet_names(), ["Tổng hợp", "Phát hiện", "Theo xã"]);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn report_workbook(name: &Path, report: &ProvinceReport) -> Result<Vec<u8>, Error> {
    build(report).map_err(|e| {
        let problem = Problem::Build(e.to_string());
        Error::caused_by(name, problem, e)
    })
}

fn words(lang: Lang, vi: &'static str, en: &'static str) -> String {
    match lang {
        Lang::Vi => vi.into(),
        Lang::En => en.into(),
    }
}

fn build(r: &ProvinceReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let mut wb = Workbook::new();
    // A fixed creation time: the same report gives the same bytes.
    // A fixed creation time (the same report, the same bytes) and the
    // marker by which a folder run knows it is no appendix.
    wb.set_properties(&super::report_properties("bao-cao"));
    let st = styles();
    let number = st.text.clone().set_num_format("[$-42A]#,##0.###");
    // One line a row: paths and codes read better whole than wrapped.
    let line = st.text.clone().unset_text_wrap();
    let years: Vec<u16> = r.years.iter().copied().collect();
    let year_label = |y: u16| format!("{} {y}", words(lang, "Năm", "Year"));
    let unit = words(lang, "Đơn vị tính: Triệu đồng", "Unit: million đồng");

    // Summary: a line per file.
    let ws = wb.add_worksheet();
    ws.set_name(words(lang, "Tổng hợp", "Summary"))?;
    let mut paths: Vec<Vec<String>> = vec![
        vec!["STT".into()],
        vec![words(lang, "Tệp", "File")],
        vec![words(lang, "Tỉnh (thư mục)", "Province (folder)")],
        vec![words(lang, "Xã (thư mục)", "Commune (folder)")],
        vec![words(lang, "Xã (tiêu đề)", "Commune (title)")],
        vec![words(lang, "Phụ lục", "Appendices")],
        vec![words(lang, "Số bảng", "Tables")],
    ];
    let money = words(lang, "Kinh phí", "Amount");
    paths.extend(years.iter().map(|&y| vec![money.clone(), year_label(y)]));
    paths.push(vec![money.clone(), words(lang, "Tổng", "Total")]);
    paths.extend([
        vec![words(lang, "Lỗi", "Errors")],
        vec![words(lang, "Cảnh báo", "Warnings")],
        vec![words(lang, "Ghi chú", "Notes")],
        vec![words(lang, "Trạng thái", "Status")],
    ]);
    let title = words(
        lang,
        "BÁO CÁO KIỂM TRA PHỤ LỤC KINH PHÍ",
        "BUDGET APPENDIX CHECK REPORT",
    );
    let widths: Vec<f64> = paths
        .iter()
        .enumerate()
        .map(|(c, _)| match c {
            0 => 6.0,
            1 => 55.0,
            2..=4 => 18.0,
            5 => 16.0,
            _ => 12.0,
        })
        .collect();
    let mut row = start(ws, &title, &unit, &paths, &widths, &st)?;
    for (i, f) in r.files().enumerate() {
        let mut c = 0u16;
        let text = |ws: &mut Worksheet, s: &str, c: &mut u16| -> Result<(), XlsxError> {
            ws.write_string_with_format(row, *c, s, &line)?;
            *c += 1;
            Ok(())
        };
        text(ws, &(i + 1).to_string(), &mut c)?;
        text(ws, &f.file, &mut c)?;
        text(ws, &f.province, &mut c)?;
        text(ws, &f.commune_folder, &mut c)?;
        text(ws, f.commune.as_deref().unwrap_or(""), &mut c)?;
        text(ws, &f.appendices.join("; "), &mut c)?;
        ws.write_number_with_format(row, c, f.tables as f64, &number)?;
        c += 1;
        for y in &years {
            amount(ws, row, c, f.years.get(y).copied(), &number, &st.text)?;
            c += 1;
        }
        amount(ws, row, c, f.total, &number, &st.text)?;
        c += 1;
        for n in [f.errors, f.warnings, f.notes] {
            ws.write_number_with_format(row, c, n as f64, &number)?;
            c += 1;
        }
        ws.write_string_with_format(row, c, f.status.word(lang), &line)?;
        row += 1;
        if row as usize >= MAX_ROWS {
            break;
        }
    }

    // Findings: each cell a link into its file.
    let ws = wb.add_worksheet();
    ws.set_name(words(lang, "Phát hiện", "Findings"))?;
    let paths: Vec<Vec<String>> = [
        ("Tệp", "File"),
        ("Trang", "Sheet"),
        ("Ô", "Cell"),
        ("Mã", "Code"),
        ("Mức", "Severity"),
        ("Nội dung", "Message"),
        ("Đúng ra", "Expected"),
        ("Thực tế", "Found"),
    ]
    .iter()
    .map(|(vi, en)| vec![words(lang, vi, en)])
    .collect();
    let widths = [55.0, 18.0, 8.0, 18.0, 10.0, 120.0, 16.0, 16.0];
    let title = words(lang, "CÁC PHÁT HIỆN", "FINDINGS");
    let first = start(ws, &title, "", &paths, &widths, &st)?;
    let mut links = 0usize;
    for (row, (n, f)) in (first..).zip(r.findings().enumerate()) {
        if row as usize >= MAX_ROWS {
            let left = r.finding_count() - n;
            let note = match lang {
                Lang::Vi => format!("… và {left} phát hiện khác: xem báo cáo JSON hoặc CSV"),
                Lang::En => format!("… and {left} more findings: see the JSON or CSV report"),
            };
            ws.write_string_with_format(row, 0, note, &st.text)?;
            break;
        }
        let severity = match (f.severity, lang) {
            (s, Lang::En) => severity_code(s).to_string(),
            (crate::check::Severity::Error, Lang::Vi) => "lỗi".into(),
            (crate::check::Severity::Warning, Lang::Vi) => "cảnh báo".into(),
            (crate::check::Severity::Info, Lang::Vi) => "ghi chú".into(),
        };
        ws.write_string_with_format(row, 0, &f.file, &line)?;
        ws.write_string_with_format(row, 1, &f.sheet, &line)?;
        let linked = !f.cell.is_empty() && links < MAX_LINKS && {
            let target = link_to(&f.file, &f.sheet, &f.cell);
            ws.write_url_with_format(row, 2, Url::new(target).set_text(&f.cell), &line)
                .is_ok()
        };
        if linked {
            links += 1;
        } else {
            ws.write_string_with_format(row, 2, &f.cell, &line)?;
        }
        ws.write_string_with_format(row, 3, &f.code, &line)?;
        ws.write_string_with_format(row, 4, &severity, &line)?;
        ws.write_string_with_format(row, 5, &f.message, &line)?;
        ws.write_string_with_format(row, 6, f.expected.as_deref().unwrap_or(""), &st.text)?;
        ws.write_string_with_format(row, 7, f.found.as_deref().unwrap_or(""), &st.text)?;
    }

    // Yearly totals per commune.
    let ws = wb.add_worksheet();
    ws.set_name(words(lang, "Theo xã", "By commune"))?;
    let mut paths: Vec<Vec<String>> = vec![vec!["STT".into()], vec![words(lang, "Xã", "Commune")]];
    paths.extend(years.iter().map(|&y| vec![money.clone(), year_label(y)]));
    paths.push(vec![money.clone(), words(lang, "Tổng", "Total")]);
    let widths: Vec<f64> = (0..paths.len())
        .map(|c| match c {
            0 => 6.0,
            1 => 36.0,
            _ => 14.0,
        })
        .collect();
    let title = words(
        lang,
        "KINH PHÍ TỪNG NĂM THEO XÃ",
        "AMOUNTS PER YEAR BY COMMUNE",
    );
    let mut row = start(ws, &title, &unit, &paths, &widths, &st)?;
    for (i, (commune, (amounts, total))) in r.communes.iter().enumerate() {
        ws.write_string_with_format(row, 0, (i + 1).to_string(), &line)?;
        ws.write_string_with_format(row, 1, commune, &line)?;
        for (k, y) in years.iter().enumerate() {
            amount(
                ws,
                row,
                2 + k as u16,
                amounts.get(y).copied(),
                &number,
                &st.text,
            )?;
        }
        amount(ws, row, 2 + years.len() as u16, *total, &number, &st.text)?;
        row += 1;
        if row as usize >= MAX_ROWS {
            break;
        }
    }
    wb.save_to_buffer()
}

/// Title, unit line and header of a report sheet; returns its first free row.
fn start(
    ws: &mut Worksheet,
    title: &str,
    unit: &str,
    paths: &[Vec<String>],
    widths: &[f64],
    st: &super::styles::Styles,
) -> Result<u32, XlsxError> {
    let ncols = paths.len() as u16;
    // Printed across: landscape, every column on one page's width.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row = parts::title_lines(ws, 0, &[title.to_string()], ncols, st)?;
    if !unit.is_empty() {
        parts::unit_line(ws, row, unit, ncols, st)?;
        row += 1;
    }
    let width = |c: u16| widths.get(c as usize).copied().unwrap_or(12.0);
    let depth = parts::header(ws, row, paths, 1, &width, st)?;
    ws.set_freeze_panes(row + depth, 0)?;
    Ok(row + depth)
}

fn amount(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<Decimal>,
    number: &Format,
    blank: &Format,
) -> Result<(), XlsxError> {
    match v.and_then(|v| v.to_f64()) {
        Some(x) => ws.write_number_with_format(row, col, x, number)?,
        None => ws.write_blank(row, col, blank)?,
    };
    Ok(())
}

/// A link to a cell of a local workbook: `file:///…/x.xlsx#'Sheet'!C5`.
fn link_to(file: &str, sheet: &str, cell: &str) -> String {
    let path = Path::new(file);
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let sheet = sheet.replace('\'', "''");
    format!(
        "file:///{}#'{sheet}'!{cell}",
        absolute.display().to_string().trim_start_matches('/')
    )
}
