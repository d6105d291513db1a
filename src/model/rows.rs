//! Reading the rows of a table: what each row is (an item, a total, a
//! words line, a row to skip), the cells of an item, and how an amount cell
//! reads.

use super::labels::{
    is_closing_text, is_estimate_closing, is_estimate_total, is_footnote_text, is_tax_label,
    is_total_label,
};
use super::{Ambiguity, Item, ItemKind, Reading, Text, Value, ValueDetail, Values};
use crate::detect::Layout;
use crate::number::{decimal_from_f64, parse_amount, Convention, Parsed};
use crate::read::CellValue;
use crate::read::{cell_str, cell_text, Sheet};
use crate::stt::{self, Stt};
use crate::text::{clean, fold};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// What pass one decided a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowClass {
    Body,
    Total,
    Words(u32),
    Skip,
}

pub(super) struct Cols {
    pub(super) stt: Option<u32>,
    pub(super) content: Option<u32>,
    pub(super) lead: Option<u32>,
    pub(super) partner: Option<u32>,
    pub(super) note: Option<u32>,
    pub(super) code: Option<u32>,
    /// Budget classification columns with their depth, left to right.
    pub(super) budget_codes: Vec<(u32, u8)>,
    pub(super) numeric: Vec<u32>,
    pub(super) texts: Vec<u32>,
    /// The table's first and last columns.
    pub(super) span: (u32, u32),
    /// A cost estimate's detail table (quantity, unit price and amount):
    /// its part totals do not end it, its words lines state part totals.
    pub(super) estimate: bool,
    /// What a work line of an estimate fills and its closing lines leave
    /// blank: the code, unit of measure, quantity and price columns.
    pub(super) line_cells: Vec<u32>,
}

/// An empty cell, or one of spaces only.
pub(super) fn is_blank(v: &CellValue) -> bool {
    match v {
        CellValue::Empty => true,
        CellValue::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Whether row `r` repeats the column-number row: the same cells as the
/// header's own, or, where the header had none, "(1) (2) (3) …" marked in
/// brackets across the row.
pub(super) fn repeats_legend(
    sheet: &Sheet,
    legend: Option<u32>,
    r: u32,
    first_col: u32,
    last_col: u32,
) -> bool {
    let has_bracket = (first_col..=last_col).any(
        |c| matches!(sheet.get(r, c), CellValue::String(s) if s.trim_start().starts_with('(')),
    );
    if !has_bracket {
        return false;
    }
    match legend {
        Some(l) if l != r => (first_col..=last_col)
            .all(|c| cell_text(sheet.get(r, c)).trim() == cell_text(sheet.get(l, c)).trim()),
        Some(_) => false,
        None => {
            let marked = (first_col..=last_col)
                .filter(|&c| {
                    let t = cell_text(sheet.get(r, c));
                    let t = t.trim();
                    t.starts_with('(')
                        && t.ends_with(')')
                        && t[1..t.len() - 1].parse::<u32>().is_ok()
                })
                .count();
            marked >= 3 && crate::detect::is_legend_row(sheet, r, first_col, last_col)
        }
    }
}

/// Whether row `r` repeats header row `h`: text only, and each of its
/// cells the text of the header row's cell above it (a cell the repeat
/// leaves blank, as under a vertical merge, may differ).
fn repeats_header_row(sheet: &Sheet, h: u32, r: u32, first_col: u32, last_col: u32) -> bool {
    let mut matched = 0;
    for c in first_col..=last_col {
        let here = sheet.get(r, c);
        if matches!(here, CellValue::Float(_) | CellValue::Int(_)) {
            return false;
        }
        let t = fold(&cell_text(here));
        if t.trim().is_empty() {
            continue;
        }
        if t != fold(&cell_text(sheet.get(h, c))) {
            return false;
        }
        matched += 1;
    }
    matched > 0
}

/// A column-number row in the body ("A | B | 1 | 2 | 3=4+5", repeated per
/// unit block, or under a blank row the header search did not cross): the
/// numbers of the columns, never an item, a total's items or the end of the
/// table. It spans most of the row (three cells at least).
fn is_column_number_row(sheet: &Sheet, r: u32, first_col: u32, last_col: u32) -> bool {
    let cells = sheet
        .row_cells(r, first_col, last_col)
        .filter(|(_, d)| !cell_text(*d).trim().is_empty())
        .count() as u32;
    cells >= 3
        && cells * 2 > last_col - first_col
        && crate::detect::is_legend_row(sheet, r, first_col, last_col)
}

/// Pass one: what every row below the header is, and where the table ends.
pub(super) fn classify_rows(
    sheet: &Sheet,
    layout: &Layout,
    cols: &Cols,
    first_col: u32,
    last_col: u32,
    last_row: u32,
) -> (Vec<(u32, RowClass)>, u32) {
    let header_sig: Vec<String> = (first_col..=last_col)
        .map(|c| fold(&cell_text(sheet.get(layout.header_rows[0], c))))
        .collect();
    let mut classes = Vec::new();
    let mut end = layout
        .body_start
        .saturating_sub(1)
        .max(*layout.header_rows.last().unwrap_or(&0));
    let mut blank_run = 0;
    let mut seen_items = false;
    let mut after_total: Option<u32> = None;
    // Whether the last row classified was a total (a tax line follows one).
    let mut after_total_row = false;
    let mut r = layout.body_start;
    while r <= last_row {
        let mut any_text = false;
        let mut any_number = false;
        for (_, d) in sheet.row_cells(r, first_col, last_col) {
            match d {
                CellValue::Empty => {}
                CellValue::String(s) if s.trim().is_empty() => {}
                CellValue::Float(_) | CellValue::Int(_) => any_number = true,
                _ => any_text = true,
            }
        }
        if !any_text && !any_number {
            blank_run += 1;
            if blank_run >= 3 && seen_items {
                break;
            }
            r += 1;
            continue;
        }
        blank_run = 0;
        if let Some(total_row) = after_total {
            // Below a closing total only a words line may still belong.
            if r > total_row + 3 {
                break;
            }
        }
        // The column-number row again ("(1) (2) (3)"), repeated at a page
        // break: "(3)" would read as −3.
        if repeats_legend(sheet, layout.legend_row, r, first_col, last_col)
            || is_column_number_row(sheet, r, first_col, last_col)
        {
            classes.push((r, RowClass::Skip));
            r += 1;
            continue;
        }
        let numbers_in_money = cols.numeric.iter().any(|&c| match sheet.get(r, c) {
            CellValue::Float(_) | CellValue::Int(_) => true,
            CellValue::String(s) => parse_amount(s).value().is_some(),
            _ => false,
        });
        // Rows without amounts may be a words line, the signature block, the
        // header again or a new table: only they are looked at closely.
        if !numbers_in_money {
            let texts: Vec<(u32, String)> = (first_col..=last_col)
                .filter_map(|c| match sheet.get(r, c) {
                    CellValue::Empty => None,
                    CellValue::String(s) if s.trim().is_empty() => None,
                    d => Some((c, fold(&cell_text(d)))),
                })
                .collect();
            if let Some((c, _)) = texts.iter().find(|(_, t)| t.contains("bằng chữ")) {
                classes.push((r, RowClass::Words(*c)));
                end = r;
                if seen_items && !cols.estimate {
                    break;
                }
                r += 1;
                continue;
            }
            if after_total.is_some() {
                // Amount words written right under the total, unlabelled.
                if let Some((c, _)) = texts
                    .iter()
                    .find(|(_, t)| t.contains("đồng") && crate::words::parse_words(t).is_ok())
                {
                    classes.push((r, RowClass::Words(*c)));
                    end = r;
                    break;
                }
                r += 1;
                continue;
            }
            if texts.iter().any(|(_, t)| is_closing_text(t))
                || texts.first().is_some_and(|(_, t)| is_footnote_text(t))
                || (texts.len() == 1 && is_date_line(&texts[0].1))
            {
                break;
            }
            let sig_matches = texts
                .iter()
                .filter(|(c, t)| {
                    header_sig.get((c - first_col) as usize) == Some(t) && !t.is_empty()
                })
                .count();
            // The header again under a unit line of its own ("Đơn vị
            // tính: …" in the rows just above it) is another table's, not
            // a page break's repeat: this table ends here.
            let own_unit_line = || {
                (r.saturating_sub(3).max(layout.body_start)..r).any(|above| {
                    sheet
                        .row_cells(above, first_col, last_col)
                        .any(|(_, d)| match d {
                            CellValue::String(s) => crate::unit::unit_statement(s).is_some(),
                            _ => false,
                        })
                })
            };
            if !any_number && sig_matches >= 2 && seen_items && own_unit_line() {
                break;
            }
            if !any_number && sig_matches >= 2 {
                // The header again, repeated at a page break: its first
                // row, then each further header row only as far as the
                // repeat has it (a page may repeat the first row alone,
                // and the row after it is an item), with its column
                // numbers when they are repeated too.
                classes.push((r, RowClass::Skip));
                r += 1;
                for &h in layout.header_rows.iter().skip(1) {
                    if r > last_row || !repeats_header_row(sheet, h, r, first_col, last_col) {
                        break;
                    }
                    classes.push((r, RowClass::Skip));
                    r += 1;
                }
                if r <= last_row
                    && (repeats_legend(sheet, layout.legend_row, r, first_col, last_col)
                        || crate::detect::is_legend_row(sheet, r, first_col, last_col))
                {
                    classes.push((r, RowClass::Skip));
                    r += 1;
                }
                continue;
            }
            if seen_items && !any_number && crate::detect::is_header_at(sheet, r) {
                break;
            }
        } else if after_total.is_some() {
            // Another section after a total ("Tổng số (A+B+C)", then "D"),
            // or the next total: the table goes on.
            let label = row_label(sheet, r, cols);
            let numbered = cols.stt.is_some_and(|c| {
                stt::parse(&cell_str(sheet.get(r, c))).is_some_and(|n| !matches!(n, Stt::Bullet(_)))
            });
            if !(numbered || is_total_label(&label) || is_tax_label(&label)) {
                r += 1;
                continue;
            }
            after_total = None;
        }
        let label = row_label(sheet, r, cols);
        let stt_numbered = cols
            .stt
            .is_some_and(|c| stt::parse(&cell_str(sheet.get(r, c))).is_some());
        if !stt_numbered
            && !super::states_computation(&label)
            && (is_total_label(&label)
                || cols.estimate
                    && (is_estimate_total(&label)
                        || is_estimate_closing(&label)
                            && cols.line_cells.iter().all(|&c| is_blank(&sheet.get(r, c))))
                || after_total_row && is_tax_label(&label))
        {
            classes.push((r, RowClass::Total));
            after_total_row = true;
            end = r;
            // An estimate's part totals close a part, not the table.
            if seen_items && !cols.estimate {
                after_total = Some(r);
            }
            r += 1;
            continue;
        }
        classes.push((r, RowClass::Body));
        after_total_row = false;
        seen_items = true;
        end = r;
        r += 1;
    }
    (classes, end)
}

/// The text that names a row: its STT cell, else its content cell, else its
/// first text cell.
pub(super) fn row_label<'a>(sheet: &'a Sheet, r: u32, cols: &Cols) -> Cow<'a, str> {
    for c in [cols.stt, cols.content].into_iter().flatten() {
        let t = cell_str(sheet.get(r, c));
        if !t.trim().is_empty() {
            return t;
        }
    }
    // A total written in whichever text column holds it ("Tổng cộng" in
    // the unit column of a table keyed by unit).
    let (first_col, last_col) = cols.span;
    (first_col..=last_col)
        .filter(|c| Some(*c) != cols.stt && !cols.numeric.contains(c))
        .find_map(|c| match sheet.get(r, c) {
            CellValue::String(s) if !s.trim().is_empty() => Some(Cow::Borrowed(s)),
            _ => None,
        })
        .unwrap_or_default()
}

/// Which separator convention each numeric column shows in its unambiguous
/// text cells.
pub(super) fn column_conventions(
    sheet: &Sheet,
    classes: &[(u32, RowClass)],
    cols: &Cols,
) -> Vec<Option<Convention>> {
    let mut table_wide = (0usize, 0usize);
    let mut per: Vec<(usize, usize)> = vec![(0, 0); cols.numeric.len()];
    for &(r, class) in classes {
        if !matches!(class, RowClass::Body | RowClass::Total) {
            continue;
        }
        for (k, &c) in cols.numeric.iter().enumerate() {
            if let CellValue::String(s) = sheet.get(r, c) {
                if let Parsed::Number { style, .. } = parse_amount(s) {
                    match style.convention() {
                        Some(Convention::Vietnamese) => {
                            per[k].0 += 1;
                            table_wide.0 += 1;
                        }
                        Some(Convention::English) => {
                            per[k].1 += 1;
                            table_wide.1 += 1;
                        }
                        None => {}
                    }
                }
            }
        }
    }
    let decide = |(vi, en): (usize, usize)| match vi.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Convention::Vietnamese),
        std::cmp::Ordering::Less => Some(Convention::English),
        std::cmp::Ordering::Equal => None,
    };
    per.into_iter()
        .map(|p| decide(p).or_else(|| decide(table_wide)))
        .collect()
}

pub(super) fn read_item(
    sheet: &Sheet,
    r: u32,
    cols: &Cols,
    conventions: &[Option<Convention>],
) -> Item {
    let text = |c: Option<u32>| {
        c.map(|c| crate::read::cell_clean(sheet.get(r, c)))
            .unwrap_or_default()
    };
    // The texts an item keeps point into the sheet's strings when they
    // are clean already (see `Text`).
    let shared = |c: Option<u32>| c.map(|c| sheet.clean_text(r, c)).unwrap_or_default();
    let stt_text = shared(cols.stt);
    let numbering = stt::parse(&stt_text);
    let mut content = shared(cols.content);
    if cols.content.is_none() {
        // No content column: the first text cell after the STT.
        if let Some(t) = (cols.span.0..=cols.span.1)
            .filter(|c| Some(*c) != cols.stt && !cols.numeric.contains(c))
            .map(|c| sheet.clean_text(r, c))
            .find(|t| !t.is_empty())
        {
            content = t;
        }
    }
    let mut note = shared(cols.note);
    let values: Values = cols
        .numeric
        .iter()
        .zip(conventions)
        .map(|(&c, conv)| read_value(sheet.get(r, c), *conv))
        .collect();
    for k in 0..values.len() {
        if let (Reading::Words, Some(w)) = (values[k].reading(), values.text(k)) {
            if !fold(&note).contains(&fold(w)) {
                super::append_text(&mut note, w);
            }
        }
    }
    // An STT cell holding more than numbering: "I. Lĩnh vực …" merged
    // across the row is a numbered heading; other text is content spilled
    // left.
    // A budget classification code gives the row its place: the column it
    // stands in, or, in one "Mục" column, 6000 (a Mục, a multiple of 50)
    // over 6001 (its Tiểu mục).
    if numbering.is_none() && stt_text.is_empty() {
        let code = cols.budget_codes.iter().find_map(|&(c, depth)| {
            let t = shared(Some(c));
            let n: u32 = t.trim().parse().ok()?;
            let depth = if cols.budget_codes.len() == 1 && depth >= 4 && t.trim().len() == 4 {
                if n % 50 == 0 {
                    4
                } else {
                    5
                }
            } else {
                depth
            };
            Some((t, Stt::Code(depth, n)))
        });
        if let Some((t, stt)) = code {
            return finish_item(r, sheet, cols, t, Some(stt), content, note, values);
        }
    }
    // "*" in an estimate's code column opens a part ("* Đập bê tông").
    if numbering.is_none() && stt_text.is_empty() {
        let code = text(cols.code);
        if code == "*" {
            return finish_item(
                r,
                sheet,
                cols,
                stt_text,
                Some(Stt::Bullet('*')),
                content,
                note,
                values,
            );
        }
    }
    // "- Thu thuế, phí …" in the content cell with no STT: a bullet item.
    if numbering.is_none() && stt_text.is_empty() {
        if let Some(b) = content_bullet(&content) {
            return finish_item(
                r,
                sheet,
                cols,
                stt_text,
                Some(Stt::Bullet(b)),
                content,
                note,
                values,
            );
        }
    }
    let (stt_text, numbering) = match (numbering, split_numbered(&stt_text)) {
        (Some(n), _) => (stt_text, Some(n)),
        (None, Some((head, stt, rest))) if content.is_empty() => {
            content = Text::from(rest);
            (Text::from(head), Some(stt))
        }
        (None, _) if !stt_text.is_empty() && content.is_empty() => {
            content = stt_text;
            (Text::default(), None)
        }
        (None, _) => (stt_text, None),
    };
    finish_item(r, sheet, cols, stt_text, numbering, content, note, values)
}

/// A bullet that opens a content cell: "- Thu thuế", "+ Bổ sung", "* Đập".
pub(super) fn content_bullet(content: &str) -> Option<char> {
    let mut chars = content.chars();
    let first = chars.next()?;
    let b = match first {
        '-' | '–' => '-',
        '+' | '*' | '•' => first,
        _ => return None,
    };
    // "-5" or "--" is no bullet; "- Thu" and "-Thu" are.
    chars
        .next()
        .is_some_and(|c| c.is_whitespace() || c.is_alphabetic())
        .then_some(b)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn finish_item(
    r: u32,
    sheet: &Sheet,
    cols: &Cols,
    stt_text: Text,
    numbering: Option<Stt>,
    content: Text,
    note: Text,
    values: Values,
) -> Item {
    let shared = |c: Option<u32>| c.map(|c| sheet.clean_text(r, c)).unwrap_or_default();
    Item {
        row: r,
        continued: Box::default(),
        stt: stt_text,
        numbering,
        level: 0,
        parent: None,
        children: Box::default(),
        kind: ItemKind::Item,
        content,
        lead: shared(cols.lead),
        partner: shared(cols.partner),
        note,
        texts: cols.texts.iter().map(|&c| sheet.clean_text(r, c)).collect(),
        values,
    }
}

/// "I. Lĩnh vực …" → ("I.", Roman 1, "Lĩnh vực …"): numbering that ends in
/// a dot or bracket, then text. A bare word such as "Tổng" is not split.
pub(super) fn split_numbered(text: &str) -> Option<(String, Stt, String)> {
    let (head, rest) = text.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    if rest.is_empty() || !head.ends_with(['.', ')']) {
        return None;
    }
    let stt = stt::parse(head)?;
    Some((head.to_string(), stt, rest.to_string()))
}

/// What a footnote marker holds between its brackets: one or two digits,
/// or one to three asterisks ("1", "12", "*", "**").
fn is_marker(inner: &str) -> bool {
    (!inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()))
        || (!inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b == b'*'))
}

/// A footnote marker at the start of an amount cell: "(1)", "(2)", "(*)",
/// with what follows it. A bracketed number of one or two digits alone is a
/// marker, not −1: budget tables write negatives with a sign, and amounts
/// that small in brackets are what footnotes look like.
pub(crate) fn footnote_marker(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let close = t.find(')')?;
    let inner = t.strip_prefix('(')?.get(..close - 1)?;
    let is_marker = is_marker(inner);
    if !is_marker {
        return None;
    }
    let rest = t[close + 1..].trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    Some((&t[..close + 1], rest))
}

/// The amount before a footnote marker that closes a cell ("800 (*)",
/// "1.250 (2)"): a number, then a bracketed one or two digits or one to
/// three asterisks. `None` when the cell is anything else.
fn trailing_marker(s: &str) -> Option<&str> {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let open = t.strip_suffix(')')?.rfind('(')?;
    let inner = &t[open + 1..t.len() - 1];
    let is_marker = is_marker(inner);
    let amount = t[..open].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    (is_marker
        && matches!(
            parse_amount(amount),
            Parsed::Number { .. } | Parsed::Ambiguous { .. }
        ))
    .then_some(amount)
}

/// Reads one amount cell: its value, and what it said beyond it (its text
/// when it holds no amount, an ambiguous number's two readings).
pub fn read_value(d: CellValue<'_>, convention: Option<Convention>) -> super::ValueRead {
    let value = |amount, reading| Value::new(amount, reading);
    let said = |reading, text: String| {
        (
            value(None, reading),
            Some(ValueDetail::Text(text.into_boxed_str())),
        )
    };
    match d {
        CellValue::Empty => (Value::BLANK, None),
        CellValue::Int(i) => (value(Some(Decimal::from(i)), Reading::Number), None),
        CellValue::Float(f) => match decimal_from_f64(f) {
            Some(v) => (value(Some(v), Reading::Number), None),
            None => said(Reading::Malformed, f.to_string()),
        },
        // An error value saved as text (a CSV export, a pasted cell).
        CellValue::String(s)
            if matches!(
                s.trim(),
                "#REF!" | "#VALUE!" | "#DIV/0!" | "#N/A" | "#NAME?" | "#NUM!" | "#NULL!"
            ) =>
        {
            said(Reading::Error, s.trim().to_string())
        }
        CellValue::String(s) if footnote_marker(s).is_some() => {
            let (marker, rest) = footnote_marker(s).unwrap_or_default();
            if rest.is_empty() {
                return said(Reading::Footnote, marker.to_string());
            }
            // "(1)     419.278.223": the amount, marked for a footnote.
            read_value(CellValue::String(rest), convention)
        }
        // "800 (*)", "1.250 (2)": the amount, marked for a footnote after it.
        CellValue::String(s) if trailing_marker(s).is_some() => read_value(
            CellValue::String(trailing_marker(s).unwrap_or_default()),
            convention,
        ),
        CellValue::String(s) => match parse_amount(s) {
            Parsed::Empty if crate::number::plain_text(s).trim().is_empty() => (Value::BLANK, None),
            Parsed::Empty => (value(None, Reading::Dash), None),
            Parsed::Number { value: v, style } => (value(Some(v), Reading::Text(style)), None),
            Parsed::Ambiguous {
                grouped,
                decimal,
                separator,
            } => {
                // Vietnamese use groups with '.', English with ','. With no
                // evidence, amounts in budget tables are whole: group.
                let group_it = match convention {
                    Some(Convention::Vietnamese) => separator == '.',
                    Some(Convention::English) => separator == ',',
                    None => true,
                };
                let (chosen, other) = if group_it {
                    (grouped, decimal)
                } else {
                    (decimal, grouped)
                };
                (
                    value(Some(chosen), Reading::Ambiguous),
                    Some(ValueDetail::Ambiguity(Ambiguity {
                        chosen,
                        other,
                        convention,
                    })),
                )
            }
            Parsed::Malformed => said(Reading::Malformed, clean(s)),
            Parsed::Text => said(Reading::Words, clean(s)),
        },
        CellValue::Error(e) => said(Reading::Error, format!("{e}")),
        CellValue::Bool(b) => said(Reading::Words, b.to_string()),
        other => said(Reading::Words, cell_text(other)),
    }
}

/// The place-and-date line under a table ("Đa Kia, ngày 15 tháng 3 năm
/// 2026", or with blanks to fill in): it starts the closing lines, never
/// continues an item's text.
fn is_date_line(folded: &str) -> bool {
    folded.chars().count() <= 80
        && ["ngày", "tháng", "năm"].iter().all(|w| {
            folded
                .split(|c: char| !c.is_alphanumeric())
                .any(|x| x == *w)
        })
        && !folded.starts_with(|c: char| c.is_ascii_digit())
}
