//! The last gate before a workbook phuluc built is saved: it is read back
//! from its bytes and checked as `phuluc check` would check it, its saved
//! formula values are recomputed, and its rows are counted against the
//! input's. A workbook that fails is never written; the caller says why.

use crate::check::formula::evaluate;
use crate::check::{agree, Finding, Severity};
use crate::error::Error;
use crate::number::decimal_from_f64;
use crate::read::CellValue;
use crate::read::{a1, Source};
use rust_decimal::Decimal;
use std::fmt;
use std::path::Path;

/// What the output must keep of its input.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    /// The item rows of the input's tables: the output has at least these.
    pub items: usize,
    /// The total rows of the input's tables: the output has at least these.
    pub totals: usize,
    /// Errors may remain (`format --force` writes a table as it is;
    /// `--annotate` marks the input's own).
    pub allow_errors: bool,
    /// Errors the output may keep, one per entry, by code: those `format
    /// --fix` could not correct. Any other error refuses the output.
    pub errors_left: Vec<crate::check::Code>,
    /// The formulas are the input's own, copied as they are (`--annotate`):
    /// their saved values are the input's, not phuluc's to vouch for.
    pub formulas_copied: bool,
}

impl Expectation {
    /// What an output built from `appendix` must keep.
    pub fn of(appendix: &crate::Appendix) -> Expectation {
        Expectation {
            items: appendix.tables.iter().map(|t| t.items.len()).sum(),
            totals: appendix.tables.iter().map(|t| t.totals.len()).sum(),
            allow_errors: false,
            errors_left: Vec::new(),
            formulas_copied: false,
        }
    }
}

/// Why a built workbook is not written.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// phuluc cannot read back what it built.
    Unreadable(Error),
    /// `phuluc check` would report these errors on it.
    Errors(Vec<Finding>),
    /// A formula whose saved value is not what it computes.
    FormulaValue {
        /// The output's sheet.
        sheet: String,
        /// The cell, A1.
        cell: String,
        /// The formula, without `=`.
        formula: String,
        /// The value saved with it.
        saved: Option<Decimal>,
        /// What it computes, or why that cannot be known.
        computed: Result<Decimal, String>,
    },
    /// A sheet of a report read back does not hold what was written: `read`
    /// cells where `written` were written, or the same count with other
    /// contents ([`verify_streamed`]).
    ReadBack {
        /// The sheet.
        sheet: String,
        /// Cells written under its header.
        written: u64,
        /// Cells read back there.
        read: u64,
    },
    /// A formula in a report, which holds none: no value of it was
    /// computed by phuluc ([`verify_streamed`]).
    UnexpectedFormula {
        /// The sheet.
        sheet: String,
        /// The cell, A1.
        cell: String,
        /// The formula.
        formula: String,
    },
    /// Fewer rows of a kind than the input had.
    RowsLost {
        /// "item" or "total".
        what: &'static str,
        /// How many the input has.
        input: usize,
        /// How many the output has.
        output: usize,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::lang::Lang::En))
    }
}

impl Refusal {
    /// The reason in a language (Display is the English).
    pub fn words(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
        match self {
            Refusal::Unreadable(e) => match lang {
                Vi => format!("không đọc lại được bảng tính vừa dựng: {}", e.message(lang)),
                En => format!("the workbook built cannot be read back: {e}"),
            },
            Refusal::Errors(found) => {
                let mut s = match lang {
                    Vi => "bảng tính vừa dựng sẽ không qua `phuluc check`:".to_string(),
                    En => "the workbook built would fail `phuluc check`:".to_string(),
                };
                for x in found.iter().take(5) {
                    s.push_str(&format!(" '{}'!{} {};", x.sheet, x.cell, x.message(lang)));
                }
                if found.len() > 5 {
                    s.push_str(&match lang {
                        Vi => format!(" và {} lỗi khác", found.len() - 5),
                        En => format!(" and {} more", found.len() - 5),
                    });
                }
                s
            }
            Refusal::FormulaValue {
                sheet,
                cell,
                formula,
                saved,
                computed,
            } => {
                let saved = saved.map_or(
                    match lang {
                        Vi => "không có gì".to_string(),
                        En => "nothing".to_string(),
                    },
                    |v| v.normalize().to_string(),
                );
                match (computed, lang) {
                    (Ok(v), Vi) => format!(
                        "'{sheet}'!{cell} =({formula}) sẽ được lưu là {saved} nhưng tính ra {}",
                        v.normalize()
                    ),
                    (Ok(v), En) => format!(
                        "'{sheet}'!{cell} =({formula}) would be saved as {saved} but computes {}",
                        v.normalize()
                    ),
                    (Err(why), Vi) => {
                        format!("'{sheet}'!{cell} =({formula}) không kiểm chứng được ({why})")
                    }
                    (Err(why), En) => {
                        format!("'{sheet}'!{cell} =({formula}) cannot be verified ({why})")
                    }
                }
            }
            Refusal::ReadBack {
                sheet,
                written,
                read,
            } => match lang {
                Vi => format!(
                    "trang '{sheet}' đọc lại không đúng như đã ghi: {written} ô đã ghi, {read} ô đọc lại{}",
                    if written == read { ", nội dung khác" } else { "" }
                ),
                En => format!(
                    "sheet '{sheet}' does not read back as written: {written} cells written, {read} read back{}",
                    if written == read { ", with other contents" } else { "" }
                ),
            },
            Refusal::UnexpectedFormula {
                sheet,
                cell,
                formula,
            } => match lang {
                Vi => format!("'{sheet}'!{cell} có công thức ={formula} mà báo cáo không có công thức nào"),
                En => format!("'{sheet}'!{cell} holds the formula ={formula} but a report holds none"),
            },
            Refusal::RowsLost {
                what,
                input,
                output,
            } => match lang {
                Vi => {
                    let what = match *what {
                        "item" => "mục",
                        "total" => "dòng tổng",
                        other => other,
                    };
                    format!("tệp đầu vào có {input} {what} nhưng bảng tính vừa dựng có {output}")
                }
                En => {
                    format!("the input has {input} {what} rows but the workbook built has {output}")
                }
            },
        }
    }
}

/// [`verify`], its refusals as one [`Problem::Refused`] error about `name`:
/// what [`crate::write::write_workbook`] says before it writes, and what
/// `phuluc serve` says instead of sending a workbook.
///
/// [`Problem::Refused`]: crate::Problem::Refused
pub fn verify_or_refuse(
    name: &Path,
    bytes: &[u8],
    expect: &Expectation,
) -> Result<crate::Outcome, crate::Error> {
    verify(name, bytes, expect).map_err(|refusals| refused(name, &refusals))
}

/// Reads `bytes` back as phuluc would read the saved file, and returns what
/// it finds there, or every reason it must not be written.
pub fn verify(
    name: &Path,
    bytes: &[u8],
    expect: &Expectation,
) -> Result<crate::Outcome, Vec<Refusal>> {
    let outcome = crate::analyse_bytes(name, bytes.to_vec(), &Default::default())
        .map_err(|e| vec![Refusal::Unreadable(e)])?;
    let mut refusals = Vec::new();
    if !expect.allow_errors {
        let mut left = expect.errors_left.clone();
        let errors: Vec<Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| match left.iter().position(|c| *c == f.code) {
                // One of the errors the fix plan left: expected.
                Some(i) => {
                    left.swap_remove(i);
                    false
                }
                None => true,
            })
            .cloned()
            .collect();
        if !errors.is_empty() {
            refusals.push(Refusal::Errors(errors));
        }
    }
    let items: usize = outcome.appendix.tables.iter().map(|t| t.items.len()).sum();
    let totals: usize = outcome.appendix.tables.iter().map(|t| t.totals.len()).sum();
    if items < expect.items {
        refusals.push(Refusal::RowsLost {
            what: "item",
            input: expect.items,
            output: items,
        });
    }
    if totals < expect.totals {
        refusals.push(Refusal::RowsLost {
            what: "total",
            input: expect.totals,
            output: totals,
        });
    }
    if !expect.formulas_copied {
        refusals.extend(formula_values(name, bytes));
    }
    if refusals.is_empty() {
        Ok(outcome)
    } else {
        Err(refusals)
    }
}

/// What a report workbook written a row at a time must read back as
/// ([`verify_streamed`]): its sheets in order, and under each one's header
/// the cells written, as a count and an order-free digest
/// ([`CellDigest`]).
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Each sheet: its name, the first row under its header, and the
    /// cells written from there.
    pub sheets: Vec<(String, u32, CellDigest)>,
}

/// The cells of a sheet as a count and a digest that does not depend on
/// their order: a sum of each cell's hash (its row, column and value). Empty
/// text and blank cells are not counted (a reader may skip them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CellDigest {
    /// Cells counted.
    pub cells: u64,
    /// The wrapping sum of their hashes.
    pub sum: u64,
}

impl CellDigest {
    /// Counts a text cell.
    pub fn text(&mut self, row: u32, col: u16, text: &str) {
        if !text.is_empty() {
            self.add(row, col, 0, text.as_bytes());
        }
    }

    /// Counts a number cell.
    pub fn number(&mut self, row: u32, col: u16, x: f64) {
        self.add(row, col, 1, &x.to_bits().to_le_bytes());
    }

    fn add(&mut self, row: u32, col: u16, kind: u8, value: &[u8]) {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: the same in the writer and the gate.
        let mut h = std::hash::DefaultHasher::new();
        (row, col, kind, value).hash(&mut h);
        self.cells += 1;
        self.sum = self.sum.wrapping_add(h.finish());
    }
}

/// The gate of a report workbook too large to hold (`check --report` of a
/// province): it is read back from `reader` a cell at a time, never whole,
/// and must hold exactly the sheets and cells [`Written`] says, and no
/// formula (a report's numbers are values phuluc computed, so no saved
/// formula value can disagree with its formula). Memory does not grow with
/// its rows.
pub fn verify_streamed<R: std::io::Read + std::io::Seek>(
    name: &Path,
    reader: R,
    written: &Written,
) -> Result<(), Vec<Refusal>> {
    use calamine::Reader;
    let unreadable = |e: &dyn fmt::Display| {
        vec![Refusal::Unreadable(Error::new(
            name,
            crate::Problem::Build(e.to_string()),
        ))]
    };
    let mut book =
        calamine::Xlsx::new(std::io::BufReader::new(reader)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let expected: Vec<&str> = written.sheets.iter().map(|(n, _, _)| n.as_str()).collect();
    if names != expected {
        return Err(unreadable(&format!("sheets {names:?}, not {expected:?}")));
    }
    let mut refusals = Vec::new();
    for (sheet, body_from, cells) in &written.sheets {
        let mut read = CellDigest::default();
        let mut cells_reader = book
            .worksheet_cells_reader(sheet)
            .map_err(|e| unreadable(&e))?;
        while let Some(cell) = cells_reader
            .next_cell_with_formula()
            .map_err(|e| unreadable(&e))?
        {
            let (row, col) = cell.pos;
            if let Some(formula) = cell.formula {
                refusals.push(Refusal::UnexpectedFormula {
                    sheet: sheet.clone(),
                    cell: a1(row, col),
                    formula,
                });
                continue;
            }
            if row < *body_from {
                continue;
            }
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match cell.value {
                calamine::DataRef::String(s) => read.text(row, col, &s),
                calamine::DataRef::SharedString(s) => read.text(row, col, s),
                calamine::DataRef::Float(x) => read.number(row, col, x),
                calamine::DataRef::Int(i) => read.number(row, col, i as f64),
                calamine::DataRef::Empty => {}
                // Nothing else is written: counted so that it differs.
                other => read.text(row, col, &format!("{other:?}")),
            }
        }
        if read != *cells {
            refusals.push(Refusal::ReadBack {
                sheet: sheet.clone(),
                written: cells.cells,
                read: read.cells,
            });
        }
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// [`verify_streamed`], its refusals as one [`Problem::Refused`] error
/// about `name`, as [`verify_or_refuse`] says them.
///
/// [`Problem::Refused`]: crate::Problem::Refused
pub fn verify_streamed_or_refuse<R: std::io::Read + std::io::Seek>(
    name: &Path,
    reader: R,
    written: &Written,
) -> Result<(), crate::Error> {
    verify_streamed(name, reader, written).map_err(|refusals| refused(name, &refusals))
}

fn refused(name: &Path, refusals: &[Refusal]) -> crate::Error {
    crate::Error::new(
        name,
        crate::Problem::Refused(
            refusals
                .iter()
                .map(|r| crate::error::Worded {
                    vi: r.words(crate::lang::Lang::Vi),
                    en: r.words(crate::lang::Lang::En),
                })
                .collect(),
        ),
    )
}

/// Every formula of the workbook whose saved value is not what it computes
/// from the other saved values. Checking each formula against the saved
/// values of the cells it reads is enough: if every one agrees, a full
/// recalculation changes nothing.
fn formula_values(name: &Path, bytes: &[u8]) -> Vec<Refusal> {
    let mut out = Vec::new();
    let mut source = match Source::from_bytes(name, bytes.to_vec()) {
        Ok(s) => s,
        Err(e) => return vec![Refusal::Unreadable(e)],
    };
    // The sheets other formulas refer to, read when one does.
    let mut source_for_others = other_sheets::Others::new(name, bytes);
    for sheet_name in source.sheet_names().to_vec() {
        let sheet = match source.sheet(&sheet_name) {
            Ok(s) => s,
            Err(e) => return vec![Refusal::Unreadable(e)],
        };
        let formulas = source.formulas(&sheet_name);
        let number = |r: u32, c: u32| match sheet.cells.get_value((r, c)) {
            Some(CellValue::Float(x)) => decimal_from_f64(x),
            Some(CellValue::Int(i)) => Some(Decimal::from(i)),
            _ => None,
        };
        let is_subtotal = |r: u32, c: u32| {
            formulas.get(&(r, c)).is_some_and(|f| {
                f.trim_start_matches('=')
                    .to_ascii_uppercase()
                    .starts_with("SUBTOTAL(")
            })
        };
        let mut cells: Vec<(&(u32, u32), &String)> = formulas.iter().collect();
        cells.sort();
        for (&(r, c), formula) in cells {
            let saved = number(r, c);
            // A reference to another sheet (a summary over its detail
            // sheets): evaluated with the number saved there.
            let inlined;
            let formula_here = if formula.contains('!') {
                inlined = other_sheets::inline(formula, &mut |other, row, col| {
                    other_sheets::saved_number(&mut source_for_others, other, row, col)
                });
                match &inlined {
                    Some(f) => f,
                    None => formula,
                }
            } else {
                formula
            };
            let computed = evaluate(formula_here, &number, &is_subtotal).map_err(|u| u.0);
            let right = match (&computed, saved) {
                (Ok(v), Some(s)) => agree(s, *v),
                // A formula saved without a value shows 0 until recalculated.
                (Ok(v), None) => {
                    v.is_zero() && sheet.cells.get_value((r, c)).is_none_or(|d| d.is_empty())
                }
                (Err(_), _) => false,
            };
            if !right {
                out.push(Refusal::FormulaValue {
                    sheet: sheet_name.clone(),
                    cell: a1(r, c),
                    formula: formula.clone(),
                    saved,
                    computed,
                });
            }
        }
    }
    out
}

/// References to other sheets of the workbook, for [`formula_values`].
mod other_sheets {
    use crate::number::decimal_from_f64;
    use crate::read::{CellValue, Sheet, Source};
    use rust_decimal::Decimal;
    use std::collections::HashMap;
    use std::path::Path;

    /// The workbook's sheets, read once each when a formula refers to them.
    pub(super) struct Others<'a> {
        name: &'a Path,
        bytes: &'a [u8],
        source: Option<Source>,
        sheets: HashMap<String, Option<Sheet>>,
    }

    impl<'a> Others<'a> {
        pub(super) fn new(name: &'a Path, bytes: &'a [u8]) -> Others<'a> {
            Others {
                name,
                bytes,
                source: None,
                sheets: HashMap::new(),
            }
        }
    }

    /// The number saved in a cell of sheet `sheet` (an empty cell is 0, as
    /// a formula reads it); `None` when it holds text or the sheet is not
    /// there.
    pub(super) fn saved_number(
        others: &mut Others<'_>,
        sheet: &str,
        row: u32,
        col: u32,
    ) -> Option<Decimal> {
        if !others.sheets.contains_key(sheet) {
            if others.source.is_none() {
                others.source = Source::from_bytes(others.name, others.bytes.to_vec()).ok();
            }
            let read = others.source.as_mut().and_then(|s| s.sheet(sheet).ok());
            others.sheets.insert(sheet.to_string(), read);
        }
        let found = others.sheets.get(sheet)?.as_ref()?;
        match found.cells.get_value((row, col)) {
            Some(CellValue::Float(x)) => decimal_from_f64(x),
            Some(CellValue::Int(i)) => Some(Decimal::from(i)),
            None | Some(CellValue::Empty) => Some(Decimal::ZERO),
            _ => None,
        }
    }

    /// `formula` with each reference to one cell of another sheet
    /// (`'Chi tiết'!G20`, `Sheet2!$B$3`) replaced by the number `value`
    /// gives for it; `None` when a reference is a range or not understood.
    pub(super) fn inline(
        formula: &str,
        value: &mut dyn FnMut(&str, u32, u32) -> Option<Decimal>,
    ) -> Option<String> {
        let chars: Vec<char> = formula.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let (name, after) = if chars[i] == '\'' {
                let mut name = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                            name.push('\'');
                            j += 2;
                        }
                        Some('\'') => break,
                        Some(&c) => {
                            name.push(c);
                            j += 1;
                        }
                        None => return None,
                    }
                }
                if chars.get(j + 1) != Some(&'!') {
                    return None;
                }
                (name, j + 2)
            } else if chars[i].is_alphabetic() || chars[i] == '_' {
                let start = i;
                let mut j = i;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '.'))
                {
                    j += 1;
                }
                if chars.get(j) != Some(&'!') {
                    out.extend(&chars[start..j]);
                    i = j;
                    continue;
                }
                (chars[start..j].iter().collect(), j + 1)
            } else {
                out.push(chars[i]);
                i += 1;
                continue;
            };
            let mut j = after;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '$') {
                j += 1;
            }
            if chars.get(j) == Some(&':') {
                return None;
            }
            let cell: String = chars[after..j].iter().collect();
            let (row, col) = crate::a1::parse(&cell)?;
            let v = value(&name, row, col)?;
            out.push_str(&format!("({})", v.normalize()));
            i = j;
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn references_to_other_sheets_become_their_numbers() {
            let mut value = |sheet: &str, row: u32, col: u32| match (sheet, row, col) {
                ("Chi tiết", 19, 6) => Some(Decimal::from(1500)),
                ("It's", 0, 1) => Some(Decimal::from(-2)),
                _ => None,
            };
            assert_eq!(
                inline("='Chi tiết'!G20*8/100", &mut value).as_deref(),
                Some("=(1500)*8/100")
            );
            assert_eq!(
                inline("SUM(E9)+'It''s'!$B$1", &mut value).as_deref(),
                Some("SUM(E9)+(-2)")
            );
            assert_eq!(inline("Other!A1:A3", &mut value), None);
            assert_eq!(inline("'Missing'!A1", &mut value), None);
        }
    }
}
