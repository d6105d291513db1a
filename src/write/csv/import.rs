//! Back again: an exported CSV (any layout) rebuilt into a workbook, one
//! sheet per table, every amount at the cell its `o_nguon` names — so the
//! rebuilt workbook exports to the very same CSV.
//!
//! ```
//! use phuluc::export::{export, ExportOptions};
//! let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii-sua.xlsx".as_ref(), &Default::default())?;
//! let csv = export(&[outcome.appendix], &ExportOptions::default())?.text;
//! let bytes = phuluc::import::import_csv("xa-da-kia.csv".as_ref(), &csv)?;
//! // The rebuilt workbook exports to the very same CSV.
//! let back = phuluc::analyse_bytes("xa-da-kia.xlsx".as_ref(), bytes, &Default::default())?;
//! assert!(!back.has_errors());
//! let again = export(&[back.appendix], &ExportOptions::default())?.text;
//! let without_tep = |t: &str| t.lines().map(|l| l.rsplit_once(',').unwrap().0.to_string()).collect::<Vec<_>>();
//! assert_eq!(without_tep(&again), without_tep(&csv));
//! # Ok::<(), phuluc::Error>(())
//! ```

use crate::text::is_formula_like;
use crate::write::parts;
use crate::write::styles::{styles, RowStyle};
use crate::{CsvProblem, Error, Problem};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};
use std::collections::BTreeMap;
use std::path::Path;

/// Why an import failed, before it is told against its file.
enum Fail {
    Csv(CsvProblem),
    Build(rust_xlsxwriter::XlsxError),
}

impl From<CsvProblem> for Fail {
    fn from(p: CsvProblem) -> Self {
        Fail::Csv(p)
    }
}

impl From<rust_xlsxwriter::XlsxError> for Fail {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Fail::Build(e)
    }
}

impl Fail {
    fn about(self, path: &Path) -> Error {
        match self {
            Fail::Csv(p) => Error::new(path, Problem::Csv(p)),
            Fail::Build(e) => Error::caused_by(path, Problem::Build(e.to_string()), e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Long,
    Wide,
    Tasks,
}

/// One item of a table, as the CSV tells it.
#[derive(Debug, Default, Clone)]
struct Row {
    row: u32,
    stt: String,
    content: String,
    lead: String,
    partner: String,
    note: String,
    /// (column, amount) for long; (label, amount) comes from `wide`.
    amounts: BTreeMap<u32, Decimal>,
    /// Amount-column labels (long: "Năm 2026" by column).
    extra: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct Sheet {
    /// The source file (`tep`), empty in CSVs exported before it existed.
    tep: String,
    name: String,
    xa: String,
    phu_luc: String,
    unit: String,
    /// Column → label of amount columns.
    labels: BTreeMap<u32, String>,
    rows: BTreeMap<u32, Row>,
    /// Where the STT sits (wide and task layouts name it).
    stt_col: Option<u32>,
    /// Extra text columns of task tables, by label.
    text_labels: Vec<String>,
    /// The wide layout's amounts of each row, by slot, before they are
    /// given columns (`place_wide`).
    wide: BTreeMap<u32, Vec<(Slot, Decimal)>>,
    /// The wide layout's slots in header order: years, `tong`, parts.
    wide_slots: Vec<(Slot, String)>,
    /// Where the wide layout's first amount column goes (after the texts).
    wide_base: u32,
}

/// An amount column of the wide layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Year(usize),
    Total,
    Part(usize),
}

fn unneutralise(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if is_formula_like(rest) => rest.to_string(),
        _ => s.to_string(),
    }
}

/// "'Phụ lục III'!E12" → ("Phụ lục III", row 11, col 4).
fn parse_source(s: &str) -> Option<(String, u32, u32)> {
    let (sheet, cell) = s.rsplit_once('!')?;
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(sheet)
        .replace("''", "'");
    // Only what export writes: no `$`.
    if cell.contains('$') {
        return None;
    }
    let (row, col) = crate::a1::parse(cell)?;
    Some((sheet, row, col))
}

fn amount(s: &str, line: u64) -> Result<Option<Decimal>, CsvProblem> {
    if s.is_empty() {
        return Ok(None);
    }
    Decimal::from_str_exact(&s.replace(',', "."))
        .map(Some)
        .map_err(|_| CsvProblem::NotAnAmount(line, s.to_string()))
}

/// One workbook rebuilt from an exported CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The file it was exported from (`tep`; empty in older CSVs).
    pub tep: String,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
    /// How many items it holds: what reading it back must find.
    pub items: usize,
}

/// Rebuilds a workbook (xlsx bytes) from an exported CSV: every file of it
/// in one workbook (see [`import_files`] for one workbook per file).
/// `path` names the CSV in errors.
pub fn import_csv(path: &Path, text: &str) -> Result<Vec<u8>, Error> {
    let sheets = read_sheets(text).map_err(|p| Error::new(path, Problem::Csv(p)))?;
    let refs: Vec<&Sheet> = sheets.iter().collect();
    write(&unique_names(&refs)).map_err(|f| f.about(path))
}

/// Rebuilds one workbook per source file (`tep`) of an exported CSV, in the
/// order the files first appear: two communes never share a workbook, even
/// when they share a name or have none.
///
/// ```
/// let csv = "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam,so_tien,don_vi_tinh,ghi_chu,o_nguon,tep\r\n\
///            ,,P,1,1,,A,,,2026,40,triệu đồng,,'P'!C9,a.xlsx\r\n\
///            ,,P,1,1,,B,,,2026,60,triệu đồng,,'P'!C9,b.xlsx\r\n";
/// let books = phuluc::import::import_files("x.csv".as_ref(), csv)?;
/// assert_eq!(books.iter().map(|b| b.tep.as_str()).collect::<Vec<_>>(), ["a.xlsx", "b.xlsx"]);
/// assert_eq!(books[0].items, 1);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn import_files(path: &Path, text: &str) -> Result<Vec<Imported>, Error> {
    let sheets = read_sheets(text).map_err(|p| Error::new(path, Problem::Csv(p)))?;
    let mut teps: Vec<&str> = Vec::new();
    for s in &sheets {
        if !teps.contains(&s.tep.as_str()) {
            teps.push(&s.tep);
        }
    }
    teps.into_iter()
        .map(|tep| {
            let mine: Vec<&Sheet> = sheets.iter().filter(|s| s.tep == tep).collect();
            Ok(Imported {
                tep: tep.to_string(),
                items: mine.iter().map(|s| s.rows.len()).sum(),
                bytes: write(&mine).map_err(|f| f.about(path))?,
            })
        })
        .collect()
}

/// Sheets of several files in one workbook: a name two files share is
/// prefixed with its file's name, cut to Excel's 31 characters.
fn unique_names<'a>(sheets: &[&'a Sheet]) -> Vec<std::borrow::Cow<'a, Sheet>> {
    let mut used: Vec<String> = Vec::new();
    sheets
        .iter()
        .map(|s| {
            let shared = sheets.iter().any(|o| o.name == s.name && o.tep != s.tep);
            if !shared {
                used.push(s.name.clone());
                return std::borrow::Cow::Borrowed(*s);
            }
            let stem = std::path::Path::new(&s.tep)
                .file_stem()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut name: String = format!("{stem} - {}", s.name).chars().take(31).collect();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{} ({n})", name.chars().take(26).collect::<String>());
                n += 1;
            }
            used.push(name.clone());
            std::borrow::Cow::Owned(Sheet {
                name,
                ..(*s).clone()
            })
        })
        .collect()
}

fn read_sheets(text: &str) -> Result<Vec<Sheet>, CsvProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CsvProblem::Unreadable(1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let kind = if header.iter().any(|h| h == "so_tien") {
        Kind::Long
    } else if header.iter().any(|h| h == "tong") {
        Kind::Wide
    } else if header.iter().any(|h| h == "ket_qua") {
        Kind::Tasks
    } else {
        return Err(CsvProblem::NotExported);
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| col(name).ok_or_else(|| CsvProblem::MissingColumn(name.to_string()));
    // `bang` must be there; the sheet itself comes from `o_nguon`.
    let (i_xa, i_pl, _bang, i_stt, i_nd, i_lead, i_partner, i_note, i_src) = (
        need("xa")?,
        need("phu_luc")?,
        need("bang")?,
        need("stt")?,
        need("noi_dung")?,
        need("don_vi_chu_tri")?,
        need("don_vi_phoi_hop")?,
        need("ghi_chu")?,
        need("o_nguon")?,
    );
    let i_tep = col("tep");
    // What each long row's amount is (`loai`, `nguon`): absent in CSVs
    // exported before they existed.
    let (i_kind, i_part) = (col("loai"), col("nguon"));
    let part_cols: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            h.strip_prefix(crate::export::WIDE_PART)
                .map(|l| (i, l.to_string()))
        })
        .collect();
    let wide_slots: Vec<(Slot, String)> = year_cols_of(&header)
        .iter()
        .enumerate()
        .map(|(k, (_, y))| (Slot::Year(k), format!("Năm {y}")))
        .chain(std::iter::once((Slot::Total, String::new())))
        .chain(
            part_cols
                .iter()
                .enumerate()
                .map(|(j, (_, l))| (Slot::Part(j), l.clone())),
        )
        .collect();
    let year_cols = year_cols_of(&header);
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut placed: std::collections::HashMap<(usize, u32, u32), u64> =
        std::collections::HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = n as u64 + 2;
        let record = record.map_err(|e| CsvProblem::Unreadable(line, e.to_string()))?;
        let get = |i: usize| unneutralise(record.get(i).unwrap_or(""));
        let (sheet_name, row, c) =
            parse_source(&get(i_src)).ok_or_else(|| CsvProblem::NotACell(line, get(i_src)))?;
        let tep = i_tep.map(get).unwrap_or_default();
        let pos = match sheets.iter().position(|s| {
            s.tep == tep && s.name == sheet_name && s.xa == get(i_xa) && s.phu_luc == get(i_pl)
        }) {
            Some(p) => p,
            None => {
                sheets.push(Sheet {
                    tep,
                    name: sheet_name.clone(),
                    xa: get(i_xa),
                    phu_luc: get(i_pl),
                    ..Default::default()
                });
                sheets.len() - 1
            }
        };
        // Two lines for one cell (an amount's in the long layout, an item's
        // STT in the others): the second could only overwrite the first.
        if let Some(first) = placed.insert((pos, row, c), line) {
            return Err(CsvProblem::SameCell(line, get(i_src), first));
        }
        let sheet = &mut sheets[pos];
        let entry = sheet.rows.entry(row).or_insert_with(|| Row {
            row,
            stt: get(i_stt),
            content: get(i_nd),
            lead: get(i_lead),
            partner: get(i_partner),
            note: get(i_note),
            ..Default::default()
        });
        match kind {
            Kind::Long => {
                let year = get(need("nam")?);
                let kind = i_kind.map(get).unwrap_or_default();
                let part = i_part.map(get).unwrap_or_default();
                sheet
                    .labels
                    .entry(c)
                    .or_insert_with(|| match kind.as_str() {
                        "tong" => "Tổng giai đoạn".into(),
                        "nguon" if !part.is_empty() => part.clone(),
                        _ if year.is_empty() => "Kinh phí".into(),
                        _ => format!("Năm {year}"),
                    });
                if let Some(v) = amount(&get(need("so_tien")?), line)? {
                    entry.amounts.insert(c, v);
                }
                if sheet.unit.is_empty() {
                    sheet.unit = get(need("don_vi_tinh")?);
                }
            }
            Kind::Wide => {
                sheet.stt_col = Some(c);
                sheet.wide_base = c + 4;
                sheet.wide_slots.clone_from(&wide_slots);
                let slots = sheet.wide.entry(row).or_default();
                for (k, (i, _)) in year_cols.iter().enumerate() {
                    if let Some(v) = amount(&get(*i), line)? {
                        slots.push((Slot::Year(k), v));
                    }
                }
                // `tong` is a column of its own, after the years: an amount
                // only there (a table without years beside one with them, an
                // item with its period total alone) is kept, and the table
                // exports the same `tong` again.
                if let Some(v) = amount(&get(need("tong")?), line)? {
                    slots.push((Slot::Total, v));
                }
                for (j, (i, _)) in part_cols.iter().enumerate() {
                    if let Some(v) = amount(&get(*i), line)? {
                        slots.push((Slot::Part(j), v));
                    }
                }
                if sheet.unit.is_empty() {
                    sheet.unit = get(need("don_vi_tinh")?);
                }
            }
            Kind::Tasks => {
                sheet.stt_col = Some(c);
                sheet.text_labels = vec!["Chỉ tiêu".into(), "Kết quả".into(), "Thời gian".into()];
                entry.extra = vec![
                    get(need("chi_tieu")?),
                    get(need("ket_qua")?),
                    get(need("thoi_gian")?),
                ];
            }
        }
    }
    if sheets.is_empty() {
        return Err(CsvProblem::NoRows);
    }
    for sheet in &mut sheets {
        place_wide(sheet);
    }
    Ok(sheets)
}

/// The year columns of a wide header (`nam_2026` …), with their years.
fn year_cols_of(header: &[String]) -> Vec<(usize, String)> {
    header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("nam_").map(|y| (i, y.to_string())))
        .collect()
}

/// The wide layout's columns of one table, side by side after its texts:
/// its years when it has an amount in any (a table without years, exported
/// beside tables with them, has none), then `tong` — "Tổng số" beside
/// years (the period total), "Kinh phí" alone (the table's amount) — then
/// each part (a funding source) that holds an amount, under its group.
fn place_wide(sheet: &mut Sheet) {
    if sheet.wide_slots.is_empty() {
        return;
    }
    let used = |slot: Slot| {
        sheet
            .wide
            .values()
            .any(|r| r.iter().any(|(s, _)| *s == slot))
    };
    let has_years = sheet
        .wide_slots
        .iter()
        .any(|(s, _)| matches!(s, Slot::Year(_)) && used(*s));
    let mut at: Vec<(Slot, u32)> = Vec::new();
    let mut next = sheet.wide_base;
    for (slot, label) in &sheet.wide_slots {
        let keep = match slot {
            Slot::Year(_) => has_years,
            Slot::Total => !has_years || used(*slot),
            Slot::Part(_) => used(*slot),
        };
        if !keep {
            continue;
        }
        let label = match slot {
            Slot::Total if has_years => "Tổng số".to_string(),
            Slot::Total => "Kinh phí".to_string(),
            _ => label.clone(),
        };
        sheet.labels.insert(next, label);
        at.push((*slot, next));
        next += 1;
    }
    for (row, slots) in std::mem::take(&mut sheet.wide) {
        let Some(r) = sheet.rows.get_mut(&row) else {
            continue;
        };
        for (slot, v) in slots {
            if let Some(&(_, c)) = at.iter().find(|(s, _)| *s == slot) {
                r.amounts.insert(c, v);
            }
        }
    }
}

/// The custom document property naming the file a rebuilt workbook comes
/// from.
const TEP_PROPERTY: &str = "phuluc-tep";

/// The source file (`tep`) a workbook rebuilt by `import` names in its
/// document properties, if it is one: exported again by itself, it is named
/// as its source was, so that `import X.csv -o Y.xlsx` round-trips exactly
/// as a folder output does, whatever Y is called.
///
/// ```
/// let csv = "xa,phu_luc,bang,stt,cap,stt_cha,noi_dung,don_vi_chu_tri,don_vi_phoi_hop,nam,so_tien,don_vi_tinh,ghi_chu,o_nguon,tep\r\n\
///            ,,P,1,1,,A,,,2026,40,triệu đồng,,'P'!C9,xa-a.xlsx\r\n";
/// let bytes = phuluc::import::import_csv("x.csv".as_ref(), csv)?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("khac-ten.xlsx");
/// std::fs::write(&path, bytes).unwrap();
/// assert_eq!(phuluc::import::rebuilt_from(&path).as_deref(), Some("xa-a.xlsx"));
/// assert_eq!(phuluc::import::rebuilt_from("workbooks/da-kia-phu-luc-iii.xlsx".as_ref()), None);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn rebuilt_from(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let entry = zip.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    entry.take(64 * 1024).read_to_string(&mut xml).ok()?;
    let at = xml.find(&format!("name=\"{TEP_PROPERTY}\""))?;
    let rest = &xml[at..];
    let open = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let close = open + rest[open..].find("</vt:lpwstr>")?;
    let value = quick_xml::escape::unescape(&rest[open..close]).ok()?;
    (!value.is_empty()).then(|| value.into_owned())
}

fn write<S: std::ops::Deref<Target = Sheet>>(sheets: &[S]) -> Result<Vec<u8>, Fail> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same CSV gives the same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    let mut properties = DocProperties::new().set_creation_datetime(&created);
    // The one file it comes from, said where `rebuilt_from` reads it.
    if let Some(first) = sheets.first() {
        if !first.tep.is_empty() && sheets.iter().all(|s| s.tep == first.tep) {
            properties = properties.set_custom_property(TEP_PROPERTY, first.tep.as_str());
        }
    }
    wb.set_properties(&properties);
    let st = styles();
    let number = &st.numbers[RowStyle::Text as usize];
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        let first_row = s.rows.keys().next().copied().unwrap_or(0);
        let last_row = s.rows.keys().last().copied().unwrap_or(0);
        // Text columns: before the amounts when there is room (as communes
        // lay them out), else after them.
        let first_amount = s.labels.keys().next().copied();
        let last_amount = s.labels.keys().last().copied();
        let stt_col = s.stt_col.unwrap_or(match first_amount {
            Some(a) if a >= 4 => a - 4,
            Some(_) => last_amount.unwrap_or(0) + 1,
            None => 0,
        });
        let mut text_cols: Vec<(u16, &str)> = vec![
            (stt_col as u16, "STT"),
            (stt_col as u16 + 1, "Nội dung"),
            (stt_col as u16 + 2, "Đơn vị chủ trì"),
            (stt_col as u16 + 3, "Đơn vị phối hợp"),
        ];
        let mut next = (stt_col + 4).max(last_amount.map(|a| a + 1).unwrap_or(0)) as u16;
        let extra_start = next;
        for label in &s.text_labels {
            text_cols.push((next, label));
            next += 1;
        }
        let note_col = next;
        text_cols.push((note_col, "Ghi chú"));
        // Header right above the first item; unit, appendix and commune
        // above it where the sheet has room.
        // A part's label names its group ("Nguồn vốn / NSTW"): a header of
        // two rows, the group merged over its parts.
        let depth = s
            .labels
            .values()
            .map(|l| l.split(" / ").count() as u32)
            .max()
            .unwrap_or(1)
            .max(1);
        let header_row = first_row
            .checked_sub(depth)
            .ok_or_else(|| CsvProblem::NoRoomForHeader(s.name.clone()))?;
        // The header, through the same writer as every appendix: a column
        // without a label (a gap between the texts and the amounts) is left
        // as it was.
        let mut paths: Vec<Vec<String>> = Vec::new();
        let mut put = |c: usize, label: &str| {
            if paths.len() <= c {
                paths.resize(c + 1, Vec::new());
            }
            paths[c] = vec![label.to_string()];
        };
        for (c, label) in &text_cols {
            put(usize::from(*c), label);
        }
        for (c, label) in &s.labels {
            put(*c as usize, label);
        }
        for (c, label) in &s.labels {
            paths[*c as usize] = label.split(" / ").map(str::to_string).collect();
        }
        parts::header(ws, header_row, &paths, 1, &|_| 14.0, &st)?;
        let mut above: Vec<String> = Vec::new();
        if !s.unit.is_empty() {
            above.push(format!("Đơn vị tính: {}", s.unit));
        }
        if !s.phu_luc.is_empty() {
            above.push(s.phu_luc.clone());
        }
        if !s.xa.is_empty() {
            above.push(s.xa.to_uppercase());
            above.push("ỦY BAN NHÂN DÂN".into());
        }
        for (k, line) in above.iter().enumerate() {
            let Some(r) = header_row.checked_sub(1 + k as u32) else {
                break;
            };
            let format = if k == 0 && !s.unit.is_empty() {
                &st.unit
            } else {
                &st.bold_center
            };
            let c = if k == 0 && !s.unit.is_empty() {
                note_col
            } else {
                stt_col as u16
            };
            ws.write_string_with_format(r, c, line, format)?;
        }
        for r in s.rows.values() {
            let texts = [&r.stt, &r.content, &r.lead, &r.partner];
            for (k, t) in texts.iter().enumerate() {
                ws.write_string_with_format(
                    r.row,
                    stt_col as u16 + k as u16,
                    t.as_str(),
                    &st.text,
                )?;
            }
            for (k, t) in r.extra.iter().enumerate() {
                ws.write_string_with_format(r.row, extra_start + k as u16, t, &st.text)?;
            }
            ws.write_string_with_format(r.row, note_col, &r.note, &st.text)?;
            for c in s.labels.keys() {
                match r.amounts.get(c) {
                    Some(v) => ws.write_number_with_format(
                        r.row,
                        *c as u16,
                        v.to_f64().unwrap_or(0.0),
                        number,
                    ),
                    None => ws.write_blank(r.row, *c as u16, &st.text),
                }?;
            }
        }
        // The total: live SUM formulas saved with their values. Subtotals
        // were left blank by export, so the column adds up the leaves.
        if !s.labels.is_empty() {
            let total_row = last_row + 1;
            ws.write_string_with_format(total_row, stt_col as u16 + 1, "Tổng cộng", &st.total)?;
            for c in s.labels.keys() {
                let sum = s
                    .rows
                    .values()
                    .filter_map(|r| r.amounts.get(c))
                    .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
                    .ok_or_else(|| CsvProblem::Overflow(s.name.clone()))?;
                let letters = crate::read::column_letters(*c);
                let formula = Formula::new(format!(
                    "=SUM({letters}{}:{letters}{})",
                    first_row + 1,
                    last_row + 1
                ))
                .set_result(sum.normalize().to_string());
                ws.write_formula_with_format(
                    total_row,
                    *c as u16,
                    formula,
                    &st.numbers[RowStyle::Total as usize],
                )?;
            }
        }
        ws.set_column_width(stt_col as u16 + 1, 40)?;
    }
    wb.save_to_buffer().map_err(Fail::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            parse_source("'Phụ lục III'!E12"),
            Some(("Phụ lục III".into(), 11, 4))
        );
        assert_eq!(parse_source("'It''s'!AA1"), Some(("It's".into(), 0, 26)));
        assert_eq!(parse_source("E12"), None);
    }

    #[test]
    fn neutralised_text_comes_back() {
        assert_eq!(unneutralise("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(unneutralise("'quoted"), "'quoted");
    }
}
