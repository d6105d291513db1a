//! Reading: any workbook calamine reads, and CSV, become sheets of cells with
//! their addresses. Nothing is interpreted here.
//!
//! A sheet's cells are kept sparsely ([`Cells`]): an xlsx is streamed cell
//! by cell from calamine's cell reader, so a stray cell at XFD1048576 costs
//! one entry, and a sheet is refused past a cell limit before its memory is
//! spent; other formats come through calamine's `Range` and are compacted.
//! Before any of it, a zip bomb is refused from the zip's directory.

mod cells;
mod cfb;
mod csv;
mod formulas;
mod guards;
mod layout;
mod legacy_cells;
mod merges;
pub mod names;
mod ods_formula;
mod sheets;
mod styles;
mod text;
mod xlsx;
mod xml;

pub use cells::{CellValue, Cells};
pub use text::Text;

use guards::{check_dense, check_xls_dimensions, check_zip, ods_scan, xls_spans};
use legacy_cells::convert_legacy;
use merges::MergeIndex;
pub(crate) use sheets::to_merge;
use sheets::{fast_sheet, read_cells};

use crate::error::{Error, Limit, Problem};
use calamine::{Data, Reader};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file formats phuluc reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97-2003 (.xls).
    Xls,
    /// Excel binary (.xlsb).
    Xlsb,
    /// OpenDocument (.ods).
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
}

/// A merged region, inclusive, absolute 0-based rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Its first row.
    pub first_row: u32,
    /// Its first column.
    pub first_col: u32,
    /// Its last row.
    pub last_row: u32,
    /// Its last column.
    pub last_col: u32,
}

/// One sheet: its cells and merged regions.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name (the file name for CSV).
    pub name: String,
    /// The cells, addressed absolutely (see [`Sheet::get`]), stored sparsely.
    pub cells: Cells,
    /// Merged regions (xlsx and xls only; other formats report none).
    /// Looked up through an index built on the first [`Sheet::merge_at`]:
    /// change them before that, or build a new sheet.
    pub merges: Vec<Merge>,
    /// Cells converted from a legacy Vietnamese encoding, if any.
    pub legacy: Option<LegacyNote>,
    /// Whether some formula was saved without its result (xlsx written by
    /// a program that does not calculate): see
    /// [`crate::check::formula::fill_missing_values`].
    pub uncached_formulas: bool,
    /// Whether the sheet may hold formulas: `false` only when its cells
    /// were read and none holds one (so [`Source::formulas`] would find
    /// none).
    pub has_formulas: bool,
    /// The table layout the workbook's defined names record for this
    /// sheet (a workbook `phuluc new` made), if any.
    pub named: Option<names::NamedLayout>,
    /// The merged regions by row, built on the first lookup.
    merge_index: std::sync::OnceLock<MergeIndex>,
}

/// Cells of a sheet that were in a legacy encoding and were converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyNote {
    /// The encoding most converted cells were in.
    pub encoding: crate::legacy::Encoding,
    /// How many cells were converted.
    pub cells: usize,
    /// The first converted cell (absolute row, column).
    pub first: (u32, u32),
}

impl Sheet {
    /// Builds a sheet from rows of text, for CSV input and for tests.
    pub fn from_rows(name: &str, rows: &[Vec<String>]) -> Sheet {
        let mut cells = Cells::new();
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    cells.push(i as u32, j as u32, Data::String(v.clone()));
                }
            }
        }
        cells.seal();
        Sheet::new(name, cells, Vec::new(), None)
    }

    /// The cell at an absolute position, or [`CellValue::Empty`].
    pub fn get(&self, row: u32, col: u32) -> CellValue<'_> {
        self.cells.get_value((row, col)).unwrap_or(CellValue::Empty)
    }

    /// [`cell_clean`] of a cell, as the model keeps it: shared with the
    /// sheet's text when that is already clean (no copy), else cleaned.
    pub fn clean_text(&self, row: u32, col: u32) -> Text {
        match self.cells.text_handle((row, col)) {
            Some(t) if crate::text::is_clean(&t) => t,
            _ => Text::from(cell_clean(self.get(row, col))),
        }
    }

    /// The cells of a row between two columns (inclusive) that hold
    /// something, in column order: a row is walked by what it holds, never
    /// column by column up to a far cell.
    pub fn row_cells(
        &self,
        row: u32,
        first_col: u32,
        last_col: u32,
    ) -> impl Iterator<Item = (u32, CellValue<'_>)> {
        self.cells
            .row(row)
            .filter(move |(c, _)| (first_col..=last_col).contains(c))
    }

    /// First and last used rows and columns, absolute; `None` when empty.
    pub fn bounds(&self) -> Option<((u32, u32), (u32, u32))> {
        Some((self.cells.start()?, self.cells.end()?))
    }

    /// The merge that covers a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        if self.merges.is_empty() {
            return None;
        }
        let index = self
            .merge_index
            .get_or_init(|| MergeIndex::of(&self.merges));
        let covers = |m: &&Merge| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        };
        index
            .by_row
            .get(&row)
            .into_iter()
            .flatten()
            .chain(&index.tall)
            .filter_map(|&i| self.merges.get(i))
            .filter(covers)
            .min_by_key(|m| (m.first_row, m.first_col))
    }

    /// A sheet of these cells and merged regions.
    pub fn new(name: &str, cells: Cells, merges: Vec<Merge>, legacy: Option<LegacyNote>) -> Sheet {
        Sheet {
            name: name.to_string(),
            cells,
            merges,
            legacy,
            uncached_formulas: false,
            has_formulas: true,
            named: None,
            merge_index: std::sync::OnceLock::new(),
        }
    }
}

/// The amount in one cell of a workbook, by reference ("'Tổng hợp'!C5",
/// "Sheet1!C5"): a number cell, or text that reads as one amount. The
/// reference names what is wrong when it is not one.
///
/// ```
/// let v = phuluc::read::amount_at("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), "'Phụ lục III'!E62")?;
/// assert_eq!(v, rust_decimal::Decimal::from(5624));
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn amount_at(path: &Path, reference: &str) -> Result<rust_decimal::Decimal, Error> {
    let bad = |why: &str| Error::new(path, Problem::NoSuchSheet(format!("{reference} ({why})")));
    let (sheet, cell) = reference
        .rsplit_once('!')
        .ok_or_else(|| bad("not a cell reference like 'Sheet'!C5"))?;
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(sheet)
        .replace("''", "'");
    let (row, col) =
        crate::a1::parse(&cell.replace('$', "")).ok_or_else(|| bad("not a cell address"))?;
    let mut source = Source::open(path)?;
    let sheet = source.sheet(&sheet)?;
    let value = match sheet.get(row, col) {
        CellValue::Float(f) => crate::number::decimal_from_f64(f),
        CellValue::Int(i) => Some(rust_decimal::Decimal::from(i)),
        CellValue::String(s) => crate::number::parse_amount(s).value(),
        _ => None,
    };
    value.ok_or_else(|| bad("the cell holds no amount"))
}

/// A cell's text cleaned for display ([`crate::text::clean`]): a text cell
/// is cleaned in place of a copy of it.
pub fn cell_clean(d: CellValue<'_>) -> String {
    match d {
        CellValue::String(s) => crate::text::clean(s),
        other => crate::text::clean(&cell_text(other)),
    }
}

/// The text of a cell as a person sees it (numbers without exponent noise).
pub fn cell_text<'a>(d: impl Into<CellValue<'a>>) -> String {
    cell_str(d.into()).into_owned()
}

/// [`cell_text`], borrowed from the sheet when the cell holds text: the
/// rows of a large table are classified without a copy of each label.
pub(crate) fn cell_str(d: CellValue<'_>) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match d {
        CellValue::Empty => Cow::Borrowed(""),
        CellValue::String(s) | CellValue::DateTimeIso(s) | CellValue::DurationIso(s) => {
            Cow::Borrowed(s)
        }
        CellValue::Int(i) => Cow::Owned(i.to_string()),
        CellValue::Float(f) => Cow::Owned(
            crate::number::decimal_from_f64(f)
                .map(|d| d.to_string())
                .unwrap_or_else(|| f.to_string()),
        ),
        CellValue::Bool(b) => Cow::Owned(b.to_string()),
        CellValue::DateTime(dt) => Cow::Owned(dt.as_f64().to_string()),
        CellValue::Error(e) => Cow::Owned(format!("#{e:?}")),
    }
}

pub use crate::a1::{a1, column_letters};

/// The styles of a sheet's cells, and its column widths and row heights,
/// as far as the format tells them (xlsx).
#[derive(Debug, Default)]
pub(crate) struct CellStyles {
    /// Each cell's index into `styles`.
    pub ids: std::collections::HashMap<(u32, u32), usize>,
    /// The workbook's cell styles.
    pub styles: Vec<calamine::Style>,
    /// (first, last column, width in characters), 0-based.
    pub columns: Vec<(u32, u32, f64)>,
    /// (row, height in points), 0-based.
    pub rows: Vec<(u32, f64)>,
}

/// A workbook's bytes, read once and shared by calamine and the merge scan.
type Bytes = Cursor<Arc<[u8]>>;

/// calamine's reader of a workbook, opened when first needed: an xlsx
/// whose sheets the fast path reads never needs it.
enum Lazy {
    Open(Box<calamine::Sheets<Bytes>>),
    Xlsx(Arc<[u8]>),
    /// Let go by [`Source::close`].
    Closed,
}

impl Lazy {
    fn is_xlsx(&self) -> bool {
        match self {
            Lazy::Xlsx(_) => true,
            Lazy::Open(book) => matches!(book.as_ref(), calamine::Sheets::Xlsx(_)),
            Lazy::Closed => false,
        }
    }

    fn get(&mut self, path: &Path) -> Result<&mut calamine::Sheets<Bytes>, Error> {
        if let Lazy::Xlsx(bytes) = self {
            let book = calamine::Xlsx::new(Cursor::new(bytes.clone()))
                .map_err(|e| book_error(path, calamine::Error::Xlsx(e)))?;
            *self = Lazy::Open(Box::new(calamine::Sheets::Xlsx(book)));
        }
        match self {
            Lazy::Open(book) => Ok(book.as_mut()),
            Lazy::Xlsx(_) => Err(Error::new(path, Problem::Corrupt("not opened".into()))),
            Lazy::Closed => Err(Error::new(
                path,
                Problem::Corrupt("read after the workbook was closed".into()),
            )),
        }
    }
}

enum Inner {
    Book(Lazy, Option<Box<merges::Package>>, Fast),
    /// The CSV's one sheet, until [`Source::sheet`] hands it out.
    Csv(Option<Box<Sheet>>),
}

/// The xlsx fast path's view of a workbook: not yet read, read, or not
/// for it (then calamine reads every sheet).
enum Fast {
    Untried,
    Ready(Box<xlsx::Parts>),
    Off,
}

/// The most one zip entry (a sheet's XML) may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;

/// A sheet's formulas by absolute (row, column), without the leading '='.
pub type Formulas = std::collections::HashMap<(u32, u32), String>;

/// The most sheets a workbook may hold unless raised (`--max-sheets`): a
/// commune's workbook has a few dozen at most.
pub const DEFAULT_MAX_SHEETS: usize = 1_000;

/// The most characters a text cell keeps: Excel's own limit. Longer text
/// (from other writers, or crafted) is cut there, so that no rule works
/// through megabytes of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most cells a sheet may hold unless raised (`--max-cells`).
pub const DEFAULT_MAX_CELLS: usize = 10_000_000;

fn too_many_cells(path: &Path, limit: usize) -> Error {
    Error::new(path, Problem::TooLarge(Limit::Cells { limit }))
}

/// An opened input: a workbook or a CSV file.
pub struct Source {
    path: PathBuf,
    format: Format,
    inner: Inner,
    names: Vec<String>,
    max_cells: usize,
    /// The file read, when it was read from one: [`Source::formulas`] reads
    /// it again after [`Source::close`].
    origin: Option<Origin>,
    /// Sheets the xlsx fast path has read.
    pub(crate) fast_reads: usize,
}

/// Runs calamine, turning a panic inside it into a "damaged" error: one bad
/// file must never take the whole run down.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "reader failure".into());
            Err(Error::new(path, Problem::Corrupt(first_line(&what))))
        }
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(160).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

fn book_error(path: &Path, e: calamine::Error) -> Error {
    use calamine::Error as E;
    let text = e.to_string();
    let encrypted = matches!(
        &e,
        E::Xls(calamine::XlsError::Password)
            | E::Xlsx(calamine::XlsxError::Password)
            | E::Xlsb(calamine::XlsbError::Password)
            | E::Ods(calamine::OdsError::Password)
    );
    if encrypted {
        Error::new(path, Problem::Encrypted)
    } else {
        Error::caused_by(path, Problem::Corrupt(first_line(&text)), e)
    }
}

/// The largest file read: a workbook is read whole into memory once.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file's bytes, refusing folders, empty files and files over
/// [`MAX_FILE_BYTES`] before reading them.
fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let open = |e: std::io::Error| Error::caused_by(path, Problem::Open(e.to_string()), e);
    let meta = std::fs::metadata(path).map_err(open)?;
    if meta.is_dir() {
        // Caused by the system's own reason, so it is worded in Vietnamese too.
        let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        return Err(Error::caused_by(
            path,
            Problem::Open("is a folder".into()),
            e,
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            path,
            Problem::TooLarge(Limit::FileBytes {
                bytes: meta.len(),
                limit: MAX_FILE_BYTES,
            }),
        ));
    }
    std::fs::read(path).map_err(open)
}

/// A file as it was when read: its size and time of change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Origin {
    fn of(path: &Path) -> Option<Origin> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Origin {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Source {
    /// Opens a file, deciding its format from its first bytes and its name.
    pub fn open(path: &Path) -> Result<Source, Error> {
        Source::open_limited(path, DEFAULT_MAX_CELLS)
    }

    /// [`Source::open`] with a cell limit other than
    /// [`DEFAULT_MAX_CELLS`] (`--max-cells`): a sheet holding more cells is
    /// refused, and so is an .xls or .ods whose sheets would be read as
    /// rectangles of more cells, before they are.
    ///
    /// ```
    /// use phuluc::read::Source;
    /// let err = Source::open_limited("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), 10)
    ///     .and_then(|mut s| s.sheet("Phụ lục III"))
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("--max-cells"));
    /// ```
    pub fn open_limited(path: &Path, max_cells: usize) -> Result<Source, Error> {
        let origin = Origin::of(path);
        let bytes = read_file(path)?;
        let mut source = Source::from_bytes_limited(path, bytes, max_cells)?;
        source.origin = origin;
        Ok(source)
    }

    /// Reads a file already in memory (an upload, a workbook phuluc has just
    /// built): `name` is what errors and findings call it, and its
    /// extension tells a CSV (`.csv`, `.tsv`, `.txt`) from a workbook whose
    /// bytes do not say.
    ///
    /// ```
    /// use phuluc::read::Source;
    /// let mut source = Source::from_bytes("upload.csv".as_ref(), b"STT,Noi dung\n1,A\n".to_vec()).unwrap();
    /// assert_eq!(source.sheet_names(), ["upload"]);
    /// assert_eq!(phuluc::read::cell_text(source.sheet("upload").unwrap().get(1, 1)), "A");
    /// ```
    pub fn from_bytes(name: &Path, bytes: Vec<u8>) -> Result<Source, Error> {
        Source::from_bytes_limited(name, bytes, DEFAULT_MAX_CELLS)
    }

    /// [`Source::from_bytes`] with a cell limit (see [`Source::open_limited`]).
    pub fn from_bytes_limited(
        name: &Path,
        bytes: Vec<u8>,
        max_cells: usize,
    ) -> Result<Source, Error> {
        let path = name;
        if bytes.is_empty() {
            return Err(Error::new(path, Problem::Empty));
        }
        let mut head = [0u8; 8];
        let n = bytes.len().min(8);
        head[..n].copy_from_slice(&bytes[..n]);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        // A CSV is read from the bytes as they are: the shared copy below
        // would hold a large file twice.
        if !head.starts_with(ZIP)
            && !head.starts_with(CFB)
            && matches!(ext.as_str(), "csv" | "tsv" | "txt")
        {
            let sheet = guarded(path, || csv::read(path, &bytes, ext == "tsv", max_cells))?;
            drop(bytes);
            let names = vec![sheet.name.clone()];
            return Ok(Source {
                path: path.to_path_buf(),
                format: Format::Csv,
                inner: Inner::Csv(Some(Box::new(sheet))),
                names,
                max_cells,
                origin: None,
                fast_reads: 0,
            });
        }
        let shared: Arc<[u8]> = Arc::from(bytes);
        let cursor = || Cursor::new(shared.clone());
        guarded(path, || {
            let open_err = |e| book_error(path, e);
            // The zip is opened once here, for the bomb check and for every
            // sheet's merged cells and layout.
            let mut package = if head.starts_with(ZIP) {
                merges::Package::new(shared.clone())
            } else {
                None
            };
            if head.starts_with(ZIP) {
                check_zip(path, package.as_mut())?;
            }
            // An xlsx whose workbook the fast path reads opens without
            // calamine (which reads every part of it, styles and theme
            // included); calamine opens it only if a sheet needs it.
            if head.starts_with(ZIP) && !matches!(ext.as_str(), "ods" | "xlsb") {
                if let Some((names, parts)) = package.as_mut().and_then(xlsx::open) {
                    return Ok(Source {
                        path: path.to_path_buf(),
                        format: Format::Xlsx,
                        inner: Inner::Book(
                            Lazy::Xlsx(shared.clone()),
                            package.map(Box::new),
                            Fast::Ready(parts),
                        ),
                        names,
                        max_cells,
                        origin: None,
                        fast_reads: 0,
                    });
                }
            }
            let (format, book) = if head.starts_with(ZIP) {
                match ext.as_str() {
                    "ods" => (
                        Format::Ods,
                        calamine::Sheets::Ods(
                            ods_scan(path, package.as_mut())
                                .and_then(|spans| check_dense(path, &spans, max_cells))
                                .and_then(|()| {
                                    calamine::Ods::new(cursor())
                                        .map_err(|e| open_err(calamine::Error::Ods(e)))
                                })?,
                        ),
                    ),
                    "xlsb" => (
                        Format::Xlsb,
                        calamine::Sheets::Xlsb(
                            calamine::Xlsb::new(cursor())
                                .map_err(|e| open_err(calamine::Error::Xlsb(e)))?,
                        ),
                    ),
                    _ => match calamine::Xlsx::new(cursor()) {
                        Ok(b) => (Format::Xlsx, calamine::Sheets::Xlsx(b)),
                        Err(xlsx_err) => match ods_scan(path, package.as_mut()) {
                            Ok(spans) => {
                                check_dense(path, &spans, max_cells)?;
                                match calamine::Ods::new(cursor()) {
                                    Ok(b) => (Format::Ods, calamine::Sheets::Ods(b)),
                                    Err(_) => {
                                        return Err(open_err(calamine::Error::Xlsx(xlsx_err)))
                                    }
                                }
                            }
                            _ => return Err(open_err(calamine::Error::Xlsx(xlsx_err))),
                        },
                    },
                }
            } else if head.starts_with(CFB) {
                // An OLE container: a BIFF .xls, or an encrypted OOXML file.
                cfb::check(&shared).map_err(|e| Error::new(path, Problem::Corrupt(e)))?;
                // calamine reads every sheet of an .xls as a rectangle when
                // it opens the file: the cell records say how large first.
                if let Some(stream) = cfb::stream(&shared, &["Workbook", "Book"]) {
                    check_xls_dimensions(path, &stream)?;
                    check_dense(path, &xls_spans(&stream), max_cells)?;
                }
                match calamine::Xls::new(cursor()) {
                    Ok(b) => (Format::Xls, calamine::Sheets::Xls(b)),
                    Err(xls_err) => match calamine::Xlsx::new(cursor()) {
                        Err(calamine::XlsxError::Password) => {
                            return Err(Error::new(path, Problem::Encrypted))
                        }
                        Ok(b) => (Format::Xlsx, calamine::Sheets::Xlsx(b)),
                        Err(_) => return Err(open_err(calamine::Error::Xls(xls_err))),
                    },
                }
            } else {
                let what = if head.starts_with(b"<?xml") || head.starts_with(b"<") {
                    "an XML or HTML file"
                } else {
                    "unknown file signature"
                };
                return Err(Error::new(path, Problem::NotAWorkbook(what.into())));
            };
            let names = book.sheet_names();
            Ok(Source {
                path: path.to_path_buf(),
                format,
                inner: Inner::Book(
                    Lazy::Open(Box::new(book)),
                    package.map(Box::new),
                    if format == Format::Xlsx {
                        Fast::Untried
                    } else {
                        Fast::Off
                    },
                ),
                names,
                max_cells,
                origin: None,
                fast_reads: 0,
            })
        })
    }

    /// Reads every sheet through calamine, as before the fast path: the
    /// fast path's tests compare the two.
    #[cfg(test)]
    pub(crate) fn calamine_only(&mut self) {
        if let Inner::Book(_, _, fast) = &mut self.inner {
            *fast = Fast::Off;
        }
    }

    /// Sets the most cells a sheet may hold before it is refused.
    pub fn set_max_cells(&mut self, limit: usize) {
        self.max_cells = limit;
    }

    /// The file this source reads.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The detected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Sheet names, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// Reads one sheet's cells and merged regions.
    pub fn sheet(&mut self, name: &str) -> Result<Sheet, Error> {
        let mut sheet = self.read_sheet(name, None)?;
        sheet.named = self.named_layout(name);
        Ok(sheet)
    }

    /// The layout the workbook's defined names record for sheet `name`
    /// (see [`names`]); xlsx only.
    fn named_layout(&mut self, name: &str) -> Option<names::NamedLayout> {
        match &mut self.inner {
            Inner::Book(_, Some(package), _) => package.named_layout(name),
            _ => None,
        }
    }

    /// [`Source::sheet`], with each xlsx cell's style, and the sheet's
    /// column widths and row heights: what an annotated copy needs to look
    /// like its input. Other formats come without styles.
    pub(crate) fn sheet_styled(&mut self, name: &str) -> Result<(Sheet, CellStyles), Error> {
        let mut styles = CellStyles::default();
        let mut sheet = self.read_sheet(name, Some(&mut styles))?;
        sheet.named = self.named_layout(name);
        if let Inner::Book(_, Some(package), _) = &mut self.inner {
            if let Some(xml) = package.sheet_xml(name) {
                let layout = layout::parse_layout(&xml);
                styles.columns = layout.columns;
                styles.rows = layout.rows;
            }
        }
        Ok((sheet, styles))
    }

    fn read_sheet(&mut self, name: &str, keep: Option<&mut CellStyles>) -> Result<Sheet, Error> {
        let path = self.path.clone();
        match &mut self.inner {
            // Handed out, not copied: a CSV is read once.
            Inner::Csv(slot) => match slot.take() {
                Some(sheet) if sheet.name == name => Ok(*sheet),
                other => {
                    *slot = other;
                    Err(Error::new(&path, Problem::NoSuchSheet(name.into())))
                }
            },
            Inner::Book(book, package, fast) => guarded(&path, || {
                let max_cells = self.max_cells;
                // Cells, merges and unsaved results in one pass of the
                // sheet's XML, when the fast path reads it (not for an
                // annotated copy, which needs every cell's style).
                if keep.is_none() && book.is_xlsx() {
                    if let Some(package) = package.as_mut() {
                        if let Some(sheet) = fast_sheet(package, fast, name, max_cells, &path)? {
                            self.fast_reads += 1;
                            return Ok(sheet);
                        }
                    }
                }
                let book = book.get(&path)?;
                // Cells in a TCVN3 font, and whether it is a capitals font.
                let mut fonts: Vec<(u32, u32, bool)> = Vec::new();
                let scan = |package: &mut Option<Box<merges::Package>>| {
                    package
                        .as_mut()
                        .map(|p| p.merges(name))
                        .transpose()
                        .map_err(|e| Error::new(&path, Problem::Corrupt(e)))
                        .map(Option::flatten)
                };
                // A large sheet's merged cells are scanned (a second inflate
                // of its XML) on another core while calamine reads its cells.
                let large = matches!(book, calamine::Sheets::Xlsx(_))
                    && package
                        .as_mut()
                        .and_then(|p| p.packed_size(name))
                        .is_some_and(|n| n >= PARALLEL_SCAN_BYTES);
                let (cells, scanned) = if large {
                    let (cells, scanned) = rayon::join(
                        || read_cells(book, name, &path, max_cells, keep, &mut fonts),
                        || scan(package),
                    );
                    (cells?, Some(scanned?))
                } else {
                    (
                        read_cells(book, name, &path, max_cells, keep, &mut fonts)?,
                        None,
                    )
                };
                let Some(mut cells) = cells else {
                    // A chart sheet, a dialog sheet: no cells, as calamine's
                    // own reader treats them.
                    return Ok(Sheet::new(name, Cells::new(), Vec::new(), None));
                };
                let mut uncached = false;
                let merges = match book {
                    calamine::Sheets::Xlsx(x) => match match scanned {
                        Some(found) => found,
                        None => scan(package)?,
                    } {
                        Some((found, no_value)) => {
                            uncached = no_value;
                            found
                        }
                        None => x
                            .merge_cells_by_sheet_name(name)
                            .unwrap_or_default()
                            .iter()
                            .map(to_merge)
                            .collect(),
                    },
                    calamine::Sheets::Xls(x) => x
                        .merge_cells_by_sheet_name(name)
                        .unwrap_or_default()
                        .iter()
                        .map(to_merge)
                        .collect(),
                    _ => Vec::new(),
                };
                fonts.sort_unstable();
                let legacy = convert_legacy(&mut cells, &fonts);
                let mut sheet = Sheet::new(name, cells, merges, legacy);
                sheet.uncached_formulas = uncached;
                Ok(sheet)
            }),
        }
    }
}

/// Compressed size of a sheet's XML from which its merged cells are scanned
/// in parallel with its cells: below it, the second thread costs more than
/// it saves (a commune's sheet is a few KB; a 20,000-line estimate 900 KB).
const PARALLEL_SCAN_BYTES: u64 = 256 * 1024;
