//! `phuluc check --report REPORT.xlsx`: the province report as a workbook
//! in the look of every workbook phuluc writes (title, unit line, bordered
//! header in the styles of `write/styles.rs`): a summary sheet (a line per
//! file), a findings sheet (each cell a link into its file), and the yearly
//! totals per commune. Words in the report's language.

use super::parts;
use super::styles::styles;
use super::verify::{CellDigest, Written};
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

/// Findings whose cell is a link into its file: the first 10,000 (Excel
/// allows 65,530). rust_xlsxwriter holds every link until it saves (about
/// 1 KB each, for the `<hyperlinks>` part written after the rows), so this
/// bounds what the report holds; the findings beyond name their cell as
/// text, their file and sheet beside it.
const MAX_LINKS: usize = 10_000;

/// The report as xlsx bytes (a report small enough to hold: `phuluc
/// serve`'s); `name` names the output in errors. Check them with
/// [`super::verify::verify_or_refuse`] before they leave. The same bytes
/// as [`save_report`] writes.
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
    let mut bytes = Vec::new();
    build(report, None, &mut bytes).map_err(|e| built(name, e))?;
    Ok(bytes)
}

/// Saves the report to `to` as [`super::write_output_file`] does, in
/// memory that does not grow with its rows: each sheet is written a row at
/// a time into a temporary file of its own beside `to` (rust_xlsxwriter's
/// constant-memory worksheets), the workbook streamed into the output's
/// temporary file, and that file read back a cell at a time by the gate
/// ([`super::verify::verify_streamed`]) before it is moved into place.
pub fn save_report(
    to: &Path,
    report: &ProvinceReport,
    force: bool,
    inputs: &[std::path::PathBuf],
) -> Result<(), Error> {
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    super::write_output_file(to, force, inputs, |file| {
        let written = {
            let mut out = std::io::BufWriter::new(&mut *file);
            let written = build(report, Some(dir), &mut out).map_err(|e| saved(to, e))?;
            std::io::Write::flush(&mut out)
                .map_err(|e| Error::caused_by(to, Problem::Write(e.to_string()), e))?;
            written
        };
        let io = |e: std::io::Error| Error::caused_by(to, Problem::Write(e.to_string()), e);
        std::io::Seek::rewind(file).map_err(io)?;
        let reader = file.try_clone().map_err(io)?;
        super::verify::verify_streamed_or_refuse(to, reader, &written)
    })
}

/// An error while the workbook is streamed into the output: the disk's
/// (full, failing) is a write error, anything else one of building it.
fn saved(name: &Path, e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(io) | XlsxError::ZipError(zip::result::ZipError::Io(io)) => {
            Error::caused_by(name, Problem::Write(io.to_string()), io)
        }
        other => built(name, other),
    }
}

fn built(name: &Path, e: XlsxError) -> Error {
    let problem = Problem::Build(e.to_string());
    Error::caused_by(name, problem, e)
}

fn words(lang: Lang, vi: &'static str, en: &'static str) -> String {
    match lang {
        Lang::Vi => vi.into(),
        Lang::En => en.into(),
    }
}

/// Writes the report's workbook into `out`, each sheet a row at a time
/// (its rows wait in a temporary file in `tempdir`, else the system's), and
/// returns what was written under each header, for the gate.
fn build(
    r: &ProvinceReport,
    tempdir: Option<&Path>,
    out: impl std::io::Write + Send,
) -> Result<Written, XlsxError> {
    let lang = r.lang;
    let mut wb = Workbook::new();
    if let Some(dir) = tempdir {
        // The report's folder has room for the report; the system's
        // temporary folder may be memory.
        if wb.set_tempdir(dir).is_err() {
            wb = Workbook::new();
        }
    }
    // A fixed creation time (the same report, the same bytes) and the
    // marker by which a folder run knows it is no appendix.
    wb.set_properties(&super::report_properties("bao-cao"));
    let mut written = Written::default();
    let st = styles();
    let number = st.text.clone().set_num_format("[$-42A]#,##0.###");
    // One line a row: paths and codes read better whole than wrapped.
    let line = st.text.clone().unset_text_wrap();
    let years: Vec<u16> = r.years.iter().copied().collect();
    let year_label = |y: u16| format!("{} {y}", words(lang, "Năm", "Year"));
    let unit = words(lang, "Đơn vị tính: Triệu đồng", "Unit: million đồng");

    // Summary: a line per file.
    let ws = wb.add_worksheet_with_constant_memory()?;
    let sheet = words(lang, "Tổng hợp", "Summary");
    ws.set_name(&sheet)?;
    let mut paths: Vec<Vec<String>> = vec![
        vec!["STT".into()],
        vec![words(lang, "Tệp", "File")],
        vec![words(lang, "Tỉnh (thư mục)", "Province (folder)")],
        vec![words(lang, "Xã (thư mục)", "Commune (folder)")],
        vec![words(lang, "Xã (tiêu đề)", "Commune (title)")],
        vec![words(lang, "Phụ lục", "Appendices")],
        vec![words(lang, "Số bảng", "Tables")],
        vec![words(lang, "Cột kinh phí", "Amount columns")],
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
            7 => 60.0,
            _ => 12.0,
        })
        .collect();
    let mut row = start(ws, &title, &unit, &paths, &widths, &st)?;
    let mut cells = Cells::new(ws, row);
    for (i, f) in r.files().enumerate() {
        let mut c = 0u16;
        let text = |cells: &mut Cells, s: &str, c: &mut u16| -> Result<(), XlsxError> {
            cells.text(row, *c, s, &line)?;
            *c += 1;
            Ok(())
        };
        text(&mut cells, &(i + 1).to_string(), &mut c)?;
        text(&mut cells, &f.file, &mut c)?;
        text(&mut cells, &f.province, &mut c)?;
        text(&mut cells, &f.commune_folder, &mut c)?;
        text(&mut cells, f.commune.as_deref().unwrap_or(""), &mut c)?;
        text(&mut cells, &f.appendices.join("; "), &mut c)?;
        cells.number(row, c, f.tables as f64, &number)?;
        c += 1;
        text(&mut cells, &f.columns, &mut c)?;
        for y in &years {
            cells.amount(row, c, f.years.get(y).copied(), &number, &st.text)?;
            c += 1;
        }
        cells.amount(row, c, f.total, &number, &st.text)?;
        c += 1;
        for n in [f.errors, f.warnings, f.notes] {
            cells.number(row, c, n as f64, &number)?;
            c += 1;
        }
        cells.text(row, c, f.status.word(lang), &line)?;
        row += 1;
        if row as usize >= MAX_ROWS {
            break;
        }
    }
    written.sheets.push(cells.done(sheet));

    // Findings: each cell a link into its file.
    let ws = wb.add_worksheet_with_constant_memory()?;
    let sheet = words(lang, "Phát hiện", "Findings");
    ws.set_name(&sheet)?;
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
    let mut cells = Cells::new(ws, first);
    let mut links = 0usize;
    for (row, (n, f)) in (first..).zip(r.findings().enumerate()) {
        if row as usize >= MAX_ROWS {
            let left = r.finding_count() - n;
            let note = match lang {
                Lang::Vi => format!("… và {left} phát hiện khác: xem báo cáo JSON hoặc CSV"),
                Lang::En => format!("… and {left} more findings: see the JSON or CSV report"),
            };
            cells.text(row, 0, &note, &st.text)?;
            break;
        }
        let severity = match (f.severity, lang) {
            (s, Lang::En) => severity_code(s).to_string(),
            (crate::check::Severity::Error, Lang::Vi) => "lỗi".into(),
            (crate::check::Severity::Warning, Lang::Vi) => "cảnh báo".into(),
            (crate::check::Severity::Info, Lang::Vi) => "ghi chú".into(),
        };
        cells.text(row, 0, &f.file, &line)?;
        cells.text(row, 1, &f.sheet, &line)?;
        let linked = !f.cell.is_empty() && links < MAX_LINKS && {
            let target = link_to(&f.file, &f.sheet, &f.cell);
            cells.link(row, 2, Url::new(target).set_text(&f.cell), &f.cell, &line)
        };
        if linked {
            links += 1;
        } else {
            cells.text(row, 2, &f.cell, &line)?;
        }
        cells.text(row, 3, &f.code, &line)?;
        cells.text(row, 4, &severity, &line)?;
        cells.text(row, 5, &f.message, &line)?;
        cells.text(row, 6, f.expected.as_deref().unwrap_or(""), &st.text)?;
        cells.text(row, 7, f.found.as_deref().unwrap_or(""), &st.text)?;
    }
    written.sheets.push(cells.done(sheet));

    // Yearly totals per commune.
    let ws = wb.add_worksheet_with_constant_memory()?;
    let sheet = words(lang, "Theo xã", "By commune");
    ws.set_name(&sheet)?;
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
    let mut cells = Cells::new(ws, row);
    for (i, (commune, (amounts, total))) in r.communes.iter().enumerate() {
        cells.text(row, 0, &(i + 1).to_string(), &line)?;
        cells.text(row, 1, commune, &line)?;
        for (k, y) in years.iter().enumerate() {
            cells.amount(
                row,
                2 + k as u16,
                amounts.get(y).copied(),
                &number,
                &st.text,
            )?;
        }
        cells.amount(row, 2 + years.len() as u16, *total, &number, &st.text)?;
        row += 1;
        if row as usize >= MAX_ROWS {
            break;
        }
    }
    written.sheets.push(cells.done(sheet));
    wb.save_to_writer(out)?;
    Ok(written)
}

/// A sheet's cells under its header, written and counted for the gate
/// ([`CellDigest`]) in one step, so that none is written uncounted.
struct Cells<'a> {
    ws: &'a mut Worksheet,
    body_from: u32,
    digest: CellDigest,
}

impl<'a> Cells<'a> {
    fn new(ws: &'a mut Worksheet, body_from: u32) -> Cells<'a> {
        Cells {
            ws,
            body_from,
            digest: CellDigest::default(),
        }
    }

    fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, f)?;
        self.digest.text(row, col, s);
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, x: f64, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, x, f)?;
        self.digest.number(row, col, x);
        Ok(())
    }

    /// A link showing `text`; false when the link cannot be written.
    fn link(&mut self, row: u32, col: u16, url: Url, text: &str, f: &Format) -> bool {
        let done = self.ws.write_url_with_format(row, col, url, f).is_ok();
        if done {
            self.digest.text(row, col, text);
        }
        done
    }

    /// An amount in triệu, or a blank cell.
    fn amount(
        &mut self,
        row: u32,
        col: u16,
        v: Option<Decimal>,
        number: &Format,
        blank: &Format,
    ) -> Result<(), XlsxError> {
        match v.and_then(|v| v.to_f64()) {
            Some(x) => self.number(row, col, x, number),
            None => self.ws.write_blank(row, col, blank).map(|_| ()),
        }
    }

    fn done(self, sheet: String) -> (String, u32, CellDigest) {
        (sheet, self.body_from, self.digest)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::verify::{verify_streamed, Refusal};
    use std::io::Cursor;

    fn report() -> ProvinceReport {
        let mut report = ProvinceReport::new(Lang::Vi);
        for name in ["ha-long-phu-luc-2.xlsx", "du-toan-kenh-muong.xlsx"] {
            let path = Path::new("workbooks").join(name);
            report.add(&path, &[], &crate::analyse(&path, &Default::default()));
        }
        report
    }

    /// The gate reads the report back a cell at a time and finds what was
    /// written; a cell missing or changed, or a formula, is refused.
    #[test]
    fn the_streamed_gate_finds_what_was_written_and_nothing_else() {
        let report = report();
        let mut bytes = Vec::new();
        let written = build(&report, None, &mut bytes).unwrap();
        assert!(report.finding_count() > 0);
        let name = Path::new("r.xlsx");
        assert!(verify_streamed(name, Cursor::new(&bytes), &written).is_ok());
        // One finding's message not what the sheet holds.
        let mut changed = written.clone();
        let body_from = changed.sheets[1].1;
        changed.sheets[1].2.text(body_from, 5, "khác");
        let refusals = verify_streamed(name, Cursor::new(&bytes), &changed).unwrap_err();
        assert!(
            matches!(&refusals[..], [Refusal::ReadBack { sheet, written, read }]
                if sheet == "Phát hiện" && *written == *read + 1),
            "{refusals:?}"
        );
        // A workbook with a formula under the same names.
        let mut wb = Workbook::new();
        for (sheet, _, _) in &written.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(sheet).unwrap();
            ws.write_formula(0, 0, "=1+1").unwrap();
        }
        let other = wb.save_to_buffer().unwrap();
        let refusals = verify_streamed(name, Cursor::new(&other), &written).unwrap_err();
        assert!(refusals
            .iter()
            .any(|r| matches!(r, Refusal::UnexpectedFormula { cell, .. } if cell == "A1")));
    }

    /// A disk that fails while the workbook is streamed into the output
    /// (full: ENOSPC) is a write error, not "a fault of phuluc's".
    #[test]
    fn a_failing_disk_is_a_write_error() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let e = build(&report(), None, Full).unwrap_err();
        let e = saved(Path::new("r.xlsx"), e);
        assert!(matches!(e.problem, Problem::Write(_)), "{e:?}");
    }

    /// What the serve page downloads and what `check --report` saves are
    /// the same bytes.
    #[test]
    fn the_report_saved_is_the_report_built_in_memory() {
        let report = report();
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("bao-cao.xlsx");
        save_report(&to, &report, false, &[]).unwrap();
        let bytes = report_workbook(&to, &report).unwrap();
        assert_eq!(std::fs::read(&to).unwrap(), bytes);
    }
}
