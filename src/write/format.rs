//! `phuluc format`: a clean appendix in the conventions of Decree
//! 30/2020 — title block, bordered header with merged groups, bold sections,
//! Times New Roman, A4 landscape fitted to the page width, header rows
//! repeated on every page, page numbers, the words line — with live totals:
//! subtotals, total rows and period totals are SUM formulas saved with their
//! results, so a viewer that does not recalculate still shows them right.
//!
//! Numbers carry the format `[$-42A]#,##0` (with decimals where a value has
//! them): the Vietnamese locale tag makes LibreOffice show 1.234.567 and
//! 1.234,5 whatever its own language. Excel shows the separators of the
//! computer's regional settings (1.234.567 on Vietnamese Windows, 1,234,567
//! on English Windows): number formats cannot force them there without
//! literal dots, which break negative numbers, decimals and amounts of a
//! billion and more. See docs/FORMAT.md.

use super::parts::wrapped_lines;
use super::sheet::{words_line, write_out, write_table, TablePlace};
use super::styles::{styles, Out, RowStyle, Styles};
use crate::check::{Finding, Severity};
use crate::lang::Lang;
use crate::model::{Appendix, Table};
use crate::read::a1;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Note, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

pub use super::styles::number_format;

/// What to put in the title block and whether to correct.
#[derive(Debug, Clone, Default)]
pub struct FormatOptions {
    /// The commune ("Xã Đa Kia"), instead of the one in the input.
    pub commune: Option<String>,
    /// The appendix title ("DANH MỤC …"), instead of the input's.
    pub title: Option<String>,
    /// The appendix ("Phụ lục III"), instead of the input's.
    pub appendix: Option<String>,
    /// Lines of a signature block ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name).
    pub signature: Vec<String>,
    /// Replace wrong totals by formulas with the right values.
    pub fix: bool,
    /// Add a words line ("Bằng chữ: …") under a table that has none;
    /// without it, only the input's words lines are written.
    pub words: bool,
}

/// What a changed cell held or holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeValue {
    /// Nothing.
    Empty,
    /// An amount, in the table's unit.
    Amount(Decimal),
    /// A line of text (a words line).
    Text(String),
}

impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Empty => Ok(()),
            ChangeValue::Amount(v) => write!(f, "{}", v.normalize()),
            ChangeValue::Text(t) => f.write_str(t),
        }
    }
}

/// A cell `--fix` changed, from the table's [`crate::fix::Fixes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Sheet of the output.
    pub sheet: String,
    /// Address in the output.
    pub cell: String,
    /// Address in the input, with its sheet.
    pub input_cell: String,
    /// What the input said.
    pub old: ChangeValue,
    /// What the output says.
    pub new: ChangeValue,
    /// Why: the message of the finding that decided it.
    pub why: String,
}

/// A formatted workbook.
pub struct Formatted {
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
    /// Cells changed by `--fix`.
    pub changes: Vec<Change>,
    /// The errors the workbook still has: all of the input's without
    /// `--fix`; with it, what the fix plans could not correct.
    pub remaining: Vec<Finding>,
}

/// Formats appendices into one workbook. With `fix`, each table is written
/// as its [`crate::fix::plan`] corrects it; what stays wrong is in
/// [`Formatted::remaining`]. Save the bytes with
/// [`crate::write::write_workbook`], which checks them first.
///
/// ```
/// use phuluc::write::format::{format_workbook, FormatOptions};
/// let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), &Default::default())?;
/// let options = FormatOptions { fix: true, ..Default::default() };
/// let formatted = format_workbook(&outcome.appendix, &outcome.findings, &options).unwrap();
/// assert!(formatted.remaining.is_empty());
/// // The five wrong year totals of Phụ lục III, corrected.
/// assert_eq!(formatted.changes.len(), 5);
/// let expect = phuluc::write::verify::Expectation::of(&outcome.appendix);
/// phuluc::write::verify::verify("da-kia.xlsx".as_ref(), &formatted.bytes, &expect).unwrap();
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn format_workbook(
    appendix: &Appendix,
    findings: &[Finding],
    options: &FormatOptions,
) -> Result<Formatted, crate::Error> {
    build(appendix, findings, options).map_err(|e| {
        let problem = crate::Problem::Build(e.to_string());
        crate::Error::caused_by(appendix.path.as_ref(), problem, e)
    })
}

fn build(
    appendix: &Appendix,
    findings: &[Finding],
    options: &FormatOptions,
) -> Result<Formatted, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same input gives the same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let st = styles();
    let mut changes = Vec::new();
    let mut remaining: Vec<Finding> = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    // Tables of one input sheet stay on one sheet, in their order.
    let mut sheet_tables: Vec<Vec<&Table>> = Vec::new();
    for table in &appendix.tables {
        match sheet_tables.last_mut() {
            Some(group) if group[0].sheet == table.sheet => group.push(table),
            _ => sheet_tables.push(vec![table]),
        }
    }
    let plans = options.fix.then(|| plans(appendix, findings));
    // Layouts recorded in defined names (see `labels_read`).
    let mut names: Vec<(String, String)> = Vec::new();
    for group in &sheet_tables {
        let sheet = &group[0].sheet;
        let mut name: String = sheet.chars().take(31).collect();
        let mut n = 2;
        while used_names.contains(&name) {
            name = format!("{} ({n})", sheet.chars().take(26).collect::<String>());
            n += 1;
        }
        used_names.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut next_row = 0u32;
        for (t, table) in group.iter().enumerate() {
            let plan = plans.as_ref().and_then(|p| {
                let i = appendix
                    .tables
                    .iter()
                    .position(|x| std::ptr::eq(x, *table))?;
                p.get(i)
            });
            let at_table = TablePlace {
                start: next_row,
                first: t == 0,
                last: t + 1 == group.len(),
            };
            next_row = format_one(
                ws,
                &name,
                table,
                plan,
                findings,
                options,
                &st,
                at_table,
                &mut changes,
                &mut remaining,
                &mut names,
            )?;
        }
    }
    // Each changed cell carries a note saying what it was and why; the list
    // is a sheet of its own, hidden so that it is not printed with the
    // appendix (Excel: right-click a sheet tab › Unhide).
    for ch in changes.iter().filter(|c| !c.cell.is_empty()) {
        let ws = wb.worksheet_from_name(&ch.sheet)?;
        let (row, col) = cell_of(&ch.cell);
        let note = Note::new(format!(
            "phuluc --fix: {} {} → {}. {}",
            ch.input_cell, ch.old, ch.new, ch.why
        ))
        .set_author("phuluc");
        ws.insert_note(row, col, &note)?;
    }
    if !changes.is_empty() {
        let ws = wb.add_worksheet();
        write_changes(ws, &changes, &st)?;
        ws.set_hidden(true);
    }
    for (name, formula) in &names {
        wb.define_name(name, formula)?;
    }
    Ok(Formatted {
        bytes: wb.save_to_buffer()?,
        changes,
        remaining,
    })
}

/// Whether a table's header labels, as written, are found by their words
/// (two known labels, one of them STT or content), as `detect` finds a
/// header: when not, the output names its layout.
fn labels_read(table: &Table) -> bool {
    let roles: Vec<crate::detect::Role> = table
        .columns
        .iter()
        .map(|c| {
            let (group, label) = c.label.rsplit_once(" / ").unwrap_or(("", &c.label));
            crate::detect::classify(label, group)
        })
        .collect();
    let known = roles
        .iter()
        .filter(|r| **r != crate::detect::Role::Other)
        .count();
    let anchor = roles
        .iter()
        .any(|r| matches!(r, crate::detect::Role::Stt | crate::detect::Role::Content));
    known >= 2 && anchor
}

/// The fix plan of every table, in order. A cost summary's plan comes after
/// the detail sheet's: its base rows take the corrected detail totals (the
/// `summary-base` findings of the corrected tables), and its computed rows
/// follow them.
fn plans(appendix: &Appendix, findings: &[Finding]) -> Vec<crate::fix::Fixes> {
    // The input's summary-base findings compare with the detail as typed:
    // those of the corrected detail replace them.
    let findings: Vec<Finding> = findings
        .iter()
        .filter(|f| f.code != crate::check::Code::SummaryBase)
        .cloned()
        .collect();
    let findings = findings.as_slice();
    let mut plans: Vec<crate::fix::Fixes> = appendix
        .tables
        .iter()
        .map(|t| crate::fix::plan(t, findings))
        .collect();
    // Only a workbook with a cost summary has bases to carry over.
    let summary = |t: &Table| {
        t.columns
            .iter()
            .any(|c| c.role == crate::detect::Role::Symbol)
    };
    if !appendix.tables.iter().any(summary) {
        return plans;
    }
    let corrected: Vec<Table> = plans.iter().map(|p| p.table.clone()).collect();
    let bases = crate::check::check_estimate_summary(&corrected);
    if bases.is_empty() {
        return plans;
    }
    for (i, table) in appendix.tables.iter().enumerate() {
        let own = crate::fix::findings_of(table, &bases);
        if own.is_empty() {
            continue;
        }
        let mut with_bases: Vec<Finding> = findings.to_vec();
        with_bases.extend(own.into_iter().cloned());
        plans[i] = crate::fix::plan(table, &with_bases);
    }
    plans
}

/// Writes one table, corrected by its fix plan with `--fix`, and records
/// its changes and the errors it keeps. Returns the next free row.
#[allow(clippy::too_many_arguments)]
fn format_one(
    ws: &mut Worksheet,
    name: &str,
    table: &Table,
    plan: Option<&crate::fix::Fixes>,
    findings: &[Finding],
    options: &FormatOptions,
    st: &Styles,
    place: TablePlace,
    changes: &mut Vec<Change>,
    remaining: &mut Vec<Finding>,
    names: &mut Vec<(String, String)>,
) -> Result<u32, XlsxError> {
    {
        let name = name.to_string();
        // --fix writes the table as the plan corrects it.
        let written = plan.map_or(table, |p| &p.table);
        let mut new_words: HashMap<u32, String> = plan
            .iter()
            .flat_map(|p| &p.words)
            .map(|w| (w.row, w.new.clone()))
            .collect();
        // A words line left blank to be filled (a template's "Bằng chữ:")
        // is filled, with or without --fix.
        if plan.is_none() {
            new_words.extend(
                crate::fix::blank_words(table)
                    .into_iter()
                    .map(|w| (w.row, w.new)),
            );
        }
        let (placed, next_row) = write_table(ws, written, &new_words, options, st, place)?;
        // A header whose labels phuluc does not read (a template's in
        // English) keeps its layout in defined names, as the template had.
        if let (true, Some((first, last, legend))) = (place.first, placed.layout) {
            if !labels_read(written) {
                let roles: Vec<crate::detect::Role> =
                    written.columns.iter().map(|c| c.role).collect();
                names.extend(super::parts::layout_names(
                    &name,
                    (first, last),
                    (legend != last).then_some(legend),
                    next_row.saturating_sub(1),
                    &roles,
                ));
            }
        }
        let Some(plan) = plan else {
            remaining.extend(
                crate::fix::findings_of(table, findings)
                    .into_iter()
                    .filter(|f| f.severity == Severity::Error)
                    .cloned(),
            );
            return Ok(next_row);
        };
        remaining.extend(plan.remaining.iter().cloned());
        let at = |row: u32, col: u32| {
            placed
                .get(&(row, col))
                .map(|&(r, c)| a1(r, u32::from(c)))
                .unwrap_or_default()
        };
        let input_cell = |cell: &str| format!("'{}'!{}", table.sheet, cell);
        for c in &plan.cells {
            changes.push(Change {
                sheet: name.clone(),
                cell: at(c.row, c.col),
                input_cell: input_cell(&c.cell),
                old: c.old.map_or(ChangeValue::Empty, ChangeValue::Amount),
                new: ChangeValue::Amount(c.new),
                why: c.why.message(Lang::Vi),
            });
        }
        for w in &plan.words {
            changes.push(Change {
                sheet: name.clone(),
                cell: at(w.row, w.col),
                input_cell: input_cell(&w.cell),
                old: ChangeValue::Text(w.old.clone()),
                new: ChangeValue::Text(words_line(&w.new)),
                why: w.why.message(Lang::Vi),
            });
        }
        Ok(next_row)
    }
}

/// The 0-based (row, column) of an A1 address phuluc wrote.
fn cell_of(a1: &str) -> (u32, u16) {
    let (row, col) = crate::a1::parse(a1).unwrap_or((0, 0));
    (row, col.min(16_383) as u16)
}

fn write_changes(ws: &mut Worksheet, changes: &[Change], st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Thay đổi")?;
    let heads = ["Ô", "Ô trong tệp gốc", "Giá trị cũ", "Giá trị mới", "Lý do"];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
    }
    for (n, ch) in changes.iter().enumerate() {
        let r = n as u32 + 1;
        let target = format!("internal:'{}'!{}", ch.sheet.replace('\'', "''"), ch.cell);
        ws.write_url_with_text(r, 0, target.as_str(), format!("'{}'!{}", ch.sheet, ch.cell))?;
        ws.write_string_with_format(r, 1, &ch.input_cell, &st.text)?;
        for (c, v) in [(2u16, &ch.old), (3, &ch.new)] {
            match v {
                ChangeValue::Amount(a) => {
                    write_out(ws, r, c, Some(Out::Number(*a)), st, RowStyle::Text)?
                }
                ChangeValue::Text(t) => {
                    ws.write_string_with_format(r, c, t, &st.text)?;
                }
                ChangeValue::Empty => {
                    ws.write_blank(r, c, &st.text)?;
                }
            }
        }
        ws.write_string_with_format(r, 4, &ch.why, &st.text)?;
        ws.set_row_height(r, 15.75 * wrapped_lines(&ch.why, 90.0) as f64 + 2.0)?;
    }
    for (c, w) in [18.0, 22.0, 16.0, 16.0, 90.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    Ok(())
}
