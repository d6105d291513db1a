//! The model: an [`Appendix`] holds the tables found in a file; a [`Table`]
//! holds its columns, unit and items; each [`Item`] knows its STT, level,
//! parent, amounts as [`Decimal`] and the cells they came from.
//!
//! Building a table reads the rows below a detected header (see
//! [`crate::detect`]) and decides, row by row, what each one is: an item, a
//! total, a breakdown ("Trong đó"), the wrapped continuation of the row above,
//! a header repeated at a page break, the words line, or the end.

pub mod graph;
mod groups;
mod labels;
mod quantity_rows;
mod repeats;
pub mod roles;
mod rows;
mod values;
mod wrapped;

pub use crate::read::Text;
pub use labels::is_total_label;
pub(crate) use labels::{is_tax_label, stated_rate, states_computation};
pub(crate) use rows::footnote_marker;
pub(crate) use rows::read_value;
use values::ValueRead;
pub use values::{Ambiguity, Reading, Value, ValueDetail, Values};

use labels::{closing_lines, footnotes, is_breakdown_label, is_ratio_label};
use rows::{classify_rows, column_conventions, read_item, row_label, Cols, RowClass};
use wrapped::Wrapped;

use crate::detect::{Column, Layout, Relation, Role, UnitSource};
use crate::read::CellValue;
use crate::read::{a1, Format, Sheet};
use crate::stt::{self, Outline, Stt};
use crate::text::fold;
use crate::unit::Unit;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

/// Everything phuluc understood of one file.
#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    /// The file, as given.
    pub path: String,
    /// Its format.
    pub format: Format,
    /// Tables found, in sheet order, top to bottom.
    pub tables: Vec<Table>,
    /// Sheets in which no table was found (said, never guessed at).
    pub sheets_without_table: Vec<String>,
    /// Of those, the sheets that hold numbers: nothing on them was checked,
    /// so a report never says "0 lỗi" of them without saying so.
    pub unchecked_sheets: Vec<String>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A task, a section or a heading.
    Item,
    /// "Trong đó", "Chia ra", "Bao gồm" and the rows under it: a partial
    /// breakdown of the row above, never added into a total.
    Breakdown,
    /// A total row ("Tổng cộng", "Cộng", "Tổng số").
    Total,
    /// A rate or share row ("Tỷ lệ bội chi so với GDP (%)"): a ratio, never
    /// added into anything.
    Ratio,
}

/// The largest amount phuluc adds, in đồng: far above any budget (the
/// State's is about 10¹⁵), far below where decimal arithmetic overflows.
pub const MAX_DONG: Decimal = Decimal::from_parts(0xA100_0000, 0x1BCE_CCED, 0xD3C2, false, 0);

/// A row of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Absolute 0-based row of the item's first line.
    pub row: u32,
    /// Rows of wrapped text that continue it (absolute).
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    pub continued: Box<[u32]>,
    /// The STT as written.
    pub stt: Text,
    /// The STT as understood (ambiguity resolved).
    #[serde(skip)]
    pub numbering: Option<Stt>,
    /// Depth in the tree, 0 outermost.
    pub level: u16,
    /// Index of the parent in [`Table::items`] (see [`Item::parent_index`]).
    pub parent: Option<u32>,
    /// Indices of children in [`Table::items`] (breakdowns excluded).
    /// Indices are `u32`: a table has at most a sheet's 1,048,576 rows, and
    /// a million-row table's items are 16 bytes smaller each.
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    pub children: Box<[u32]>,
    /// What the row is.
    pub kind: ItemKind,
    /// Nội dung.
    pub content: Text,
    /// Đơn vị chủ trì.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub lead: Text,
    /// Đơn vị phối hợp.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub partner: Text,
    /// Ghi chú, plus words found in amount cells.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub note: Text,
    /// Other text columns (results, deadlines, targets, units of measure),
    /// aligned with [`Table::text_columns`].
    #[serde(skip_serializing_if = "<[Text]>::is_empty")]
    pub texts: Box<[Text]>,
    /// Amounts, aligned with [`Table::numeric`].
    pub values: Values,
}

impl Item {
    /// The index of the parent in [`Table::items`], if any.
    pub fn parent_index(&self) -> Option<usize> {
        self.parent.map(|p| p as usize)
    }

    /// The indices of the children in [`Table::items`].
    pub fn child_indices(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.children.iter().map(|&c| c as usize)
    }

    /// The amount in numeric column `k`, if any.
    pub fn amount(&self, k: usize) -> Option<Decimal> {
        self.values.get(k).and_then(|v| v.amount())
    }

    /// Whether any additive amount is present.
    pub fn has_amount(&self) -> bool {
        self.values.iter().any(|v| v.amount().is_some())
    }

    /// "Thụ hưởng" in an amount cell: the commune benefits from another
    /// budget's project and spends nothing.
    pub fn is_beneficiary(&self) -> bool {
        (0..self.values.len()).any(|k| {
            self.values[k].reading() == Reading::Words
                && self
                    .values
                    .text(k)
                    .is_some_and(|w| fold(w).contains("thụ hưởng"))
        })
    }

    /// A short name for messages: "2.1.3" or the start of its content.
    pub fn name(&self) -> String {
        if !self.stt.is_empty() {
            return self.stt.to_string();
        }
        let mut s: String = self.content.chars().take(40).collect();
        if s.len() < self.content.len() {
            s.push('…');
        }
        s
    }
}

/// A line "Bằng chữ: …" in or below a table.
#[derive(Debug, Clone, Serialize)]
pub struct WordsLine {
    /// Absolute row of the cell.
    pub row: u32,
    /// Absolute column of the cell.
    pub col: u32,
    /// The cell's text.
    pub text: String,
}

/// A line under a table, where it was relative to the table's last row and
/// first column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClosingLine {
    /// Rows below the table's last row (1 = the next row).
    pub below: u32,
    /// Columns right of the table's first column.
    pub col: u32,
    /// The text.
    pub text: String,
}

/// One table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The sheet it is on.
    pub sheet: String,
    /// Its range, A1 style ("A6:J52").
    pub range: String,
    /// Absolute bounds.
    #[serde(skip)]
    pub bounds: (u32, u32, u32, u32),
    /// Header rows (1-based, as Excel shows them).
    pub header_rows: Vec<u32>,
    /// The column-number row (1-based), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legend_row: Option<u32>,
    /// Every column with its role.
    pub columns: Vec<Column>,
    /// Relations every row must satisfy (legends, column groups).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Relations the header declares that the rows refute: checked on no
    /// row, said once (`structure-unconfirmed`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<Relation>,
    /// Columns whose body holds numbers under a header phuluc cannot read
    /// (absolute columns): not checked, and said so (`Coverage`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread_columns: Vec<u32>,
    /// Indices into `columns` of the numeric columns, in order.
    pub numeric: Vec<usize>,
    /// Indices into `columns` of the other text columns, in order.
    pub text_columns: Vec<usize>,
    /// The money unit and where it was stated.
    pub unit: Option<UnitSource>,
    /// Lines of the title block above the header.
    pub title: Vec<String>,
    /// Items in row order (sections, tasks, breakdowns).
    pub items: Vec<Item>,
    /// Total rows.
    pub totals: Vec<Item>,
    /// Words lines ("Bằng chữ").
    pub words: Vec<WordsLine>,
    /// Footnotes right under the table ("Ghi chú: (1) …", "(2) …"), which
    /// may state an amount that explains a gap.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The column-number row under the header ("(1)", "(2)", "1=2+3" …),
    /// one text per column from the table's first; empty when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legend: Vec<String>,
    /// The lines under the table that are neither words nor footnotes: the
    /// place and date, the signature block ("TM. ỦY BAN NHÂN DÂN", "CHỦ
    /// TỊCH", the name), kept so that an output carries them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<ClosingLine>,
    /// Whether the table carries money to add up (it has additive columns
    /// with amounts); target and task lists do not.
    pub has_money: bool,
    /// Whether it is a cost estimate's detail table (Khối lượng, Đơn giá,
    /// Thành tiền): its totals close parts, hạng mục and the whole work.
    pub estimate: bool,
    /// What `check` compared of its relations graph, and what it could not
    /// (`None` until it is checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<graph::Coverage>,
}

impl Table {
    /// The money unit, when known.
    pub fn money_unit(&self) -> Option<Unit> {
        self.unit.as_ref().and_then(|u| u.unit)
    }

    /// The column of numeric column `k`.
    pub fn numeric_column(&self, k: usize) -> &Column {
        &self.columns[self.numeric[k]]
    }

    /// The A1 address of numeric column `k` on `row`.
    pub fn cell(&self, row: u32, k: usize) -> String {
        a1(row, self.numeric_column(k).col)
    }

    /// The numeric column index `k` of an absolute column, if it is one.
    pub fn numeric_index(&self, col: u32) -> Option<usize> {
        self.numeric
            .iter()
            .position(|&i| self.columns[i].col == col)
    }

    /// The column with a role, if any.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// A cost summary (Bảng tổng hợp dự toán): rows with a Ký hiệu and a
    /// Cách tính. Each row is what its Cách tính computes from the others,
    /// never the sum of the rows under it.
    pub fn is_cost_summary(&self) -> bool {
        self.column(Role::Formula).is_some() && self.column(Role::Symbol).is_some()
    }

    /// A heading whose only figures are zeros in some of its amount
    /// columns (a stray 0 typed in a section row): it states nothing, so no
    /// sum is checked on it and none is written into it.
    pub fn is_stray_zero_heading(&self, item: &Item) -> bool {
        let additive: Vec<usize> = (0..self.numeric.len())
            .filter(|&k| self.numeric_column(k).role.is_additive())
            .collect();
        let present = additive
            .iter()
            .filter(|&&k| item.amount(k).is_some())
            .count();
        present > 0
            && present < additive.len()
            && additive
                .iter()
                .all(|&k| item.amount(k).is_none_or(|a| a.is_zero()))
    }

    /// Whether item `i` repeats its parent — the same numeral and words, as
    /// a "Chi tiết" part or a unit's block repeats a summary line (see
    /// `model/repeats.rs`): its numbering and words are its parent's, not
    /// a duplicate among its siblings.
    pub fn is_repeat(&self, i: usize) -> bool {
        let Some(item) = self.items.get(i) else {
            return false;
        };
        let Some(parent) = item.parent_index().and_then(|p| self.items.get(p)) else {
            return false;
        };
        matches!((&item.numbering, &parent.numbering), (Some(a), Some(b)) if a.render() == b.render())
            && fold(&item.content) == fold(&parent.content)
    }

    /// Items in the tree (breakdowns left out).
    pub fn tree_items(&self) -> impl Iterator<Item = (usize, &Item)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == ItemKind::Item)
    }
}

/// Rows from which a table's rows are read on every core.
const PARALLEL_ROWS: usize = 5_000;

/// Rows read ahead at a time.
const ROWS_PER_CHUNK: usize = 4_096;

/// Builds the table that starts at `layout`; returns it with the last row it
/// used, so the caller can look for another table below.
pub fn build_table(sheet: &Sheet, layout: &Layout) -> (Table, u32) {
    build(SheetRows::Keep(sheet), layout)
}

/// [`build_table`] that lets go of the sheet's rows as they become items
/// (see [`crate::read::Cells::release_rows_before`]): afterwards the sheet
/// holds only the rows below the table, which is all a search for the next
/// table reads. A million-row sheet and its table are then never held
/// whole together.
///
/// ```
/// let t = phuluc::sample::large_appendix(20_000);
/// let bytes = phuluc::sample::to_buffer(&[t])?;
/// let mut source = phuluc::read::Source::from_bytes("a.xlsx".as_ref(), bytes)?;
/// let mut sheet = source.sheet("Phụ lục III")?;
/// let layout = phuluc::detect::find_layout(&sheet, 0).unwrap();
/// let kept = phuluc::model::build_table(&sheet, &layout).0;
/// let cells = sheet.cells.len();
/// let (table, end) = phuluc::model::build_table_releasing(&mut sheet, &layout);
/// assert_eq!(table.items.len(), kept.items.len());
/// assert_eq!(serde_json::to_string(&table)?, serde_json::to_string(&kept)?);
/// assert!(sheet.cells.len() * 4 < cells);
/// assert!(phuluc::detect::find_layout(&sheet, end + 1).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_table_releasing(sheet: &mut Sheet, layout: &Layout) -> (Table, u32) {
    build(SheetRows::Release(sheet), layout)
}

/// The sheet a table is built from, and whether its rows are let go.
enum SheetRows<'a> {
    Keep(&'a Sheet),
    Release(&'a mut Sheet),
}

impl SheetRows<'_> {
    fn sheet(&self) -> &Sheet {
        match self {
            SheetRows::Keep(s) => s,
            SheetRows::Release(s) => s,
        }
    }

    fn release_before(&mut self, row: u32) {
        if let SheetRows::Release(s) = self {
            s.cells.release_rows_before(row);
        }
    }
}

fn build(mut rows: SheetRows<'_>, layout: &Layout) -> (Table, u32) {
    let sheet = rows.sheet();
    let sheet_name = sheet.name.clone();
    let ((_, _), (last_row, _)) = sheet.bounds().unwrap_or(((0, 0), (0, 0)));
    let (first_col, last_col) = layout.span;
    let col_of = |role: Role| layout.column(role).map(|c| c.col);
    let numeric: Vec<usize> = (0..layout.columns.len())
        .filter(|&i| layout.columns[i].role.is_numeric())
        .collect();
    let text_columns: Vec<usize> = (0..layout.columns.len())
        .filter(|&i| {
            !layout.columns[i].role.is_numeric()
                && !matches!(
                    layout.columns[i].role,
                    Role::Stt | Role::Content | Role::Lead | Role::Partner | Role::Note
                )
        })
        .collect();
    let cols = Cols {
        stt: col_of(Role::Stt),
        content: col_of(Role::Content),
        lead: col_of(Role::Lead),
        partner: col_of(Role::Partner),
        note: col_of(Role::Note),
        code: col_of(Role::Code),
        span: layout.span,
        budget_codes: layout
            .columns
            .iter()
            .filter(|c| c.role == Role::BudgetCode)
            .filter_map(|c| crate::detect::budget_code_depth(&fold(&c.label)).map(|d| (c.col, d)))
            .collect(),
        estimate: col_of(Role::Quantity).is_some()
            && (col_of(Role::UnitPrice).is_some()
                || col_of(Role::PriceMaterial).is_some()
                || col_of(Role::PriceLabour).is_some()
                || col_of(Role::PriceMachine).is_some())
            && (col_of(Role::Amount).is_some()
                || col_of(Role::AmountMaterial).is_some()
                || col_of(Role::AmountLabour).is_some()
                || col_of(Role::AmountMachine).is_some()),
        line_cells: layout
            .columns
            .iter()
            .filter(|c| {
                matches!(c.role, Role::Code | Role::MeasureUnit | Role::Quantity)
                    || c.role.is_price()
            })
            .map(|c| c.col)
            .collect(),
        numeric: numeric.iter().map(|&i| layout.columns[i].col).collect(),
        texts: text_columns
            .iter()
            .map(|&i| layout.columns[i].col)
            .collect(),
    };

    let money_columns = numeric
        .iter()
        .any(|&i| layout.columns[i].role.is_additive());
    let line_columns = quantity_rows::LineColumns {
        priced: (0..numeric.len())
            .filter(|&k| {
                let role = layout.columns[numeric[k]].role;
                role.is_price() || role.is_additive()
            })
            .collect(),
        quantity: (0..numeric.len()).find(|&k| layout.columns[numeric[k]].role == Role::Quantity),
    };
    // The priced line whose quantity breakdown rows may follow.
    let mut broken_down: Option<usize> = None;
    let (classes, end_row) = classify_rows(sheet, layout, &cols, first_col, last_col, last_row);
    let conventions = column_conventions(sheet, &classes, &cols);
    let notes = footnotes(sheet, end_row, first_col, last_col, last_row);
    let closing_text = closing_lines(sheet, end_row, first_col, last_col, last_row, &notes);
    let legend: Vec<String> = layout
        .legend_row
        .map(|r| {
            (first_col..=last_col)
                .map(|c| crate::read::cell_clean(sheet.get(r, c)))
                .collect()
        })
        .unwrap_or_default();

    // Sized once: moving every item again as the list grew was a tenth of
    // placing a large table's rows.
    let mut items: Vec<Item> = Vec::with_capacity(classes.len());
    let mut totals: Vec<Item> = Vec::new();
    let mut words = Vec::new();
    let mut outline = Outline::new();
    let mut outline_items: Vec<usize> = Vec::new();
    // The row a "Trong đó" breaks down: Some(parent) while inside one, with
    // the numbering kinds that close it (the parent's and its ancestors').
    let mut breakdown: Option<Option<usize>> = None;
    let mut closing: Vec<stt::Kind> = Vec::new();
    // The letter of the lettered section a breakdown lies in, if any.
    let mut closing_letter: Option<char> = None;
    let mut last_was_total = false;
    // The last row placed in the tree: what a rate row or a "Trong đó"
    // belongs to (found by looking back, it made a sheet of rate rows
    // quadratic).
    let mut last_item: Option<usize> = None;
    let mut wrapped: Option<Wrapped> = None;
    // The numerals of the top-level rows so far (what a block repeating
    // them brings back).
    let mut top_numbers: Vec<String> = Vec::new();

    // "(1)" in an amount cell with its value on the row below, alone (a
    // blank row may stand between): the value belongs to the marked row,
    // and the row below is no item.
    // (marked row, the row its values are on, the values by column)
    type Carried = (u32, u32, Vec<(usize, ValueRead)>);
    let mut carried: Vec<Carried> = Vec::new();
    for w in classes.windows(2) {
        let ((r, class), (below, below_class)) = (w[0], w[1]);
        if below > r + 2
            || !matches!(class, RowClass::Body | RowClass::Total)
            || below_class != RowClass::Body
            || !row_label(sheet, below, &cols).trim().is_empty()
        {
            continue;
        }
        let marked: Vec<usize> = cols
            .numeric
            .iter()
            .enumerate()
            .filter(|(_, &c)| matches!(sheet.get(r, c), CellValue::String(t) if footnote_marker(t).is_some_and(|(_, rest)| rest.is_empty())))
            .map(|(k, _)| k)
            .collect();
        if marked.is_empty() {
            continue;
        }
        let values: Vec<(usize, ValueRead)> = marked
            .iter()
            .map(|&k| {
                (
                    k,
                    read_value(sheet.get(below, cols.numeric[k]), conventions[k]),
                )
            })
            .filter(|(_, (v, _))| v.amount().is_some())
            .collect();
        if !values.is_empty() {
            carried.push((r, below, values));
        }
    }
    // Both in row order (the pairs were found top to bottom): looked up by
    // halving, so that a sheet of nothing but such pairs stays linear.
    let skip_rows: Vec<u32> = carried.iter().map(|(_, below, _)| *below).collect();
    let carry = |item: &mut Item| {
        if let Ok(at) = carried.binary_search_by_key(&item.row, |(r, _, _)| *r) {
            let values = &carried[at].2;
            for (k, (v, detail)) in values {
                item.values.set(*k, *v, detail.clone());
            }
        }
    };
    // Rows are read into items (the costly part: text, numbers, STT) a
    // chunk at a time, on every core for a large table, then placed in the
    // tree in order; a chunk bounds what is held besides the items.
    let parallel = classes.len() >= PARALLEL_ROWS;
    let read = |sheet: &Sheet, &(r, class): &(u32, RowClass)| match class {
        RowClass::Body | RowClass::Total if skip_rows.binary_search(&r).is_err() => {
            Some(read_item(sheet, r, &cols, &conventions))
        }
        _ => None,
    };
    let mut ready: Vec<Option<Item>> = Vec::with_capacity(ROWS_PER_CHUNK.min(classes.len()));
    for (n, chunk) in classes.chunks(ROWS_PER_CHUNK).enumerate() {
        // The rows of the chunks before are items now.
        if let Some(&(first, _)) = chunk.first().filter(|_| n > 0) {
            rows.release_before(first);
        }
        let sheet = rows.sheet();
        ready.clear();
        if parallel {
            ready.par_extend(chunk.par_iter().map(|row| read(sheet, row)));
        } else {
            ready.extend(chunk.iter().map(|row| read(sheet, row)));
        }
        for (&(r, class), ready) in chunk.iter().zip(ready.iter_mut()) {
            if skip_rows.binary_search(&r).is_ok() {
                continue;
            }
            match class {
                RowClass::Skip => continue,
                RowClass::Words(c) => {
                    words.push(WordsLine {
                        row: r,
                        col: c,
                        text: crate::read::cell_clean(sheet.get(r, c)),
                    });
                    continue;
                }
                RowClass::Total => {
                    let Some(mut item) = ready.take() else {
                        continue;
                    };
                    carry(&mut item);
                    item.kind = ItemKind::Total;
                    if item.content.is_empty() {
                        item.content = std::mem::take(&mut item.stt);
                    }
                    item.numbering = None;
                    totals.push(item);
                    broken_down = None;
                    last_was_total = true;
                    breakdown = None;
                    continue;
                }
                RowClass::Body => {}
            }
            let Some(mut item) = ready.take() else {
                continue;
            };
            carry(&mut item);
            let numbered = item.numbering.is_some();
            let sub_numbering = matches!(
                item.numbering,
                None | Some(Stt::Bullet(_)) | Some(Stt::Lower(_))
            );
            // Under "Trong đó", rows stay in the breakdown until a numbering of
            // the broken-down row's kind (or an outer one) comes back: "III …
            // Trong đó: 1 … 2 … IV".
            let stays = match &item.numbering {
                _ if item.content.is_empty() => false,
                None => true,
                Some(n) if closing.is_empty() => sub_numbering && !matches!(n, Stt::Number(_)),
                // A letter that reads as a Roman numeral (C, D) closes a lettered
                // section as well.
                Some(n) => !(closing.contains(&n.kind()) || closes_letters(n, closing_letter)),
            };

            if cols.estimate {
                let coded = cols.code.is_some_and(|c| !rows::is_blank(&sheet.get(r, c)));
                match broken_down {
                    Some(line) if line_columns.is_quantity_row(&item, coded) => {
                        item.kind = ItemKind::Breakdown;
                        item.parent = Some(index32(line));
                        item.level = items[line].level.saturating_add(1);
                        items.push(item);
                        continue;
                    }
                    _ => broken_down = None,
                }
                if line_columns.is_priced(&item) {
                    broken_down = Some(items.len());
                }
            }
            // A rate row, and a line stating its own computation ("Tổng
            // số: (1)=(3)-(2)"), belong to the item above, never added.
            let under_last = if money_columns && is_ratio_label(&item.content) {
                Some(ItemKind::Ratio)
            } else if !numbered && states_computation(&item.content) {
                Some(ItemKind::Breakdown)
            } else {
                None
            };
            if let Some(kind) = under_last {
                item.kind = kind;
                item.parent = last_item.map(index32);
                item.level = last_item
                    .map(|a| items[a].level.saturating_add(1))
                    .unwrap_or(0);
                items.push(item);
                continue;
            }
            if is_breakdown_label(&item.content) || (breakdown.is_some() && stays) {
                let anchor = match breakdown {
                    Some(a) => a,
                    None if last_was_total => None,
                    None => last_item,
                };
                if breakdown.is_none() {
                    closing.clear();
                    closing_letter = None;
                    let mut at = anchor;
                    while let Some(a) = at {
                        if let Some(n) = &items[a].numbering {
                            closing.push(n.kind());
                            if let Stt::Upper(u) = n {
                                closing_letter = closing_letter.or(Some(*u));
                            }
                        }
                        at = items[a].parent_index();
                    }
                }
                breakdown = Some(anchor);
                item.kind = ItemKind::Breakdown;
                item.parent = anchor.map(index32);
                item.level = anchor
                    .map(|a| items[a].level.saturating_add(1))
                    .unwrap_or(0);
                items.push(item);
                continue;
            }
            breakdown = None;
            last_was_total = false;

            let has_amount = item.has_amount();
            let has_words = item.values.iter().any(|v| v.reading() == Reading::Words);
            if !numbered
                && !has_amount
                && !has_words
                && opens_repeat(sheet, &classes, r, cols.stt, &top_numbers)
            {
                // The heading of a block that repeats the sections above
                // ("Chi tiết", a unit's name): a line of its own, outside
                // the outline, not wrapped text of the row above.
                item.parent = None;
                item.level = 0;
                items.push(item);
                continue;
            }
            if !numbered && !has_amount && !has_words {
                if let Some(last) = items.len().checked_sub(1) {
                    // Wrapped text of the row above.
                    if wrapped.as_ref().is_some_and(|w| w.item != last) {
                        if let Some(w) = wrapped.take() {
                            w.finish(&mut items);
                        }
                    }
                    wrapped
                        .get_or_insert_with(|| Wrapped::new(last))
                        .join(&items[last], &item);
                    continue;
                }
            }
            // An unnumbered row with its own subtotal right above a list's
            // first number opens that list: a group heading.
            let opens = (!numbered && has_amount)
                .then(|| {
                    opens_list(sheet, &classes, r, cols.stt).or_else(|| {
                        outline
                            .heading_open()
                            .then(|| continues_list(sheet, &classes, r, &cols))
                            .flatten()
                    })
                })
                .flatten();
            let place = match opens {
                Some(kind) => outline.place_heading(kind),
                None => outline.place(item.numbering.take()),
            };
            if place.parent.is_none() {
                if let Some(n) = &place.stt {
                    top_numbers.push(n.render());
                }
            }
            item.level = u16::try_from(place.level).unwrap_or(u16::MAX);
            item.parent = place.parent.map(|p| index32(outline_items[p]));
            item.numbering = place.stt;
            outline_items.push(items.len());
            last_item = Some(items.len());
            items.push(item);
        }
    }

    if let Some(w) = wrapped.take() {
        w.finish(&mut items);
    }
    let additive: Vec<bool> = numeric
        .iter()
        .map(|&i| layout.columns[i].role.is_additive())
        .collect();
    // An estimate restarts its numbering in every part and closes each
    // with its own total: its lines are neither unnumbered groups nor a
    // summary's repeated sections.
    if !cols.estimate {
        groups::nest_unnumbered_headings(&mut items, &totals, &additive);
        repeats::nest_repeated_sections(&mut items);
    }
    // The rows are items now: what reading them took is let go before the
    // tree's lists are made.
    drop((ready, classes, carried, skip_rows));
    rows.release_before(end_row.saturating_add(1));
    // Each list sized once: a section of 100,000 tasks does not hold
    // twice the room it needs.
    let mut count = vec![0u32; items.len()];
    for item in &items {
        if let (ItemKind::Item, Some(p)) = (item.kind, item.parent_index()) {
            if let Some(n) = count.get_mut(p) {
                *n += 1;
            }
        }
    }
    for (item, &n) in items.iter_mut().zip(&count) {
        if n > 0 {
            item.children = vec![0; n as usize].into_boxed_slice();
        }
    }
    count.fill(0);
    for i in 0..items.len() {
        if let (ItemKind::Item, Some(p)) = (items[i].kind, items[i].parent_index()) {
            if let (Some(at), Some(parent)) = (count.get_mut(p), items.get_mut(p)) {
                if let Some(slot) = parent.children.get_mut(*at as usize) {
                    *slot = index32(i);
                }
                *at += 1;
            }
        }
    }
    // Amounts beyond any budget are set aside before anything adds them.
    let factor = layout
        .unit
        .as_ref()
        .and_then(|u| u.unit)
        .map(|u| u.factor())
        .unwrap_or(Decimal::ONE);
    for values in items
        .iter_mut()
        .chain(totals.iter_mut())
        .map(|i| &mut i.values)
    {
        for k in 0..values.len() {
            if let Some(a) = values[k].amount() {
                if a.abs().checked_mul(factor).is_none_or(|d| d > MAX_DONG) {
                    let too_large = Value::new(None, Reading::TooLarge);
                    values.set(k, too_large, Some(ValueDetail::Text(a.to_string().into())));
                }
            }
        }
    }
    let has_money = numeric
        .iter()
        .any(|&i| layout.columns[i].role.is_additive())
        && (items.iter().chain(&totals)).any(|i| {
            i.values
                .iter()
                .zip(&numeric)
                .any(|(v, &c)| v.amount().is_some() && layout.columns[c].role.is_additive())
        });

    let table_first = layout.header_rows[0];
    let table = Table {
        sheet: sheet_name,
        range: format!("{}:{}", a1(table_first, first_col), a1(end_row, last_col)),
        bounds: (table_first, first_col, end_row, last_col),
        header_rows: layout.header_rows.iter().map(|r| r + 1).collect(),
        legend_row: layout.legend_row.map(|r| r + 1),
        columns: layout.columns.clone(),
        relations: layout.relations.clone(),
        unconfirmed: layout.unconfirmed.clone(),
        unread_columns: layout.unread_columns.clone(),
        numeric,
        text_columns,
        unit: layout.unit.clone(),
        title: layout.title.clone(),
        items,
        totals,
        words,
        notes,
        legend,
        closing: closing_text,
        has_money,
        estimate: cols.estimate,
        coverage: None,
    };
    (table, end_row)
}

/// Whether a numeral that may read as a letter (C, D, I, V) closes a
/// breakdown inside the lettered section `letter`: as the next letter (C
/// after B) it does; as I after A it is the breakdown's own first part.
fn closes_letters(n: &Stt, letter: Option<char>) -> bool {
    match (n, letter) {
        (Stt::RomanOrUpper(_, c), Some(u)) => stt::letter_follows(
            stt::letter_index(u.to_ascii_lowercase()),
            stt::letter_index(c.to_ascii_lowercase()),
        ),
        _ => false,
    }
}

/// The kind of numbering the next body row below row `r` starts, when it
/// is the first of its kind (1, I, A, a): a list opening there.
fn opens_list(
    sheet: &Sheet,
    classes: &[(u32, RowClass)],
    r: u32,
    stt_col: Option<u32>,
) -> Option<stt::Kind> {
    let stt_col = stt_col?;
    let at = classes.partition_point(|&(row, _)| row <= r);
    let &(next, _) = classes[at..].iter().find(|(_, c)| *c == RowClass::Body)?;
    let n = stt::parse(&crate::read::cell_str(sheet.get(next, stt_col)))?;
    (n.ordinal() == Some(1) && !matches!(n, Stt::Bullet(_) | Stt::Code(..))).then(|| n.kind())
}

/// The numbering kind an unnumbered row with its own subtotal (row `r`)
/// heads when it stands inside a numbered list that an earlier group
/// heading opened — "Công trình chuyển tiếp" over 1, 2, then "Công trình
/// làm mới" over 3, 4, 5: the next body row carries on the number before
/// the row, and the row's amounts are what the list's rows from there to
/// the next such row add up to in more columns than they equal the row
/// above's (the other reading: a line under it), or where neither reading
/// explains a column. A heading whose sum is wrong is still a heading, and
/// that sum an error.
fn continues_list(
    sheet: &Sheet,
    classes: &[(u32, RowClass)],
    r: u32,
    cols: &Cols,
) -> Option<stt::Kind> {
    let stt_col = cols.stt?;
    let number = |row: u32| stt::parse(&crate::read::cell_str(sheet.get(row, stt_col)));
    let at = classes.partition_point(|&(row, _)| row < r);
    let &(before, _) = classes[..at]
        .iter()
        .rev()
        .find(|(_, c)| *c == RowClass::Body)?;
    let &(next, _) = classes[at + 1..]
        .iter()
        .find(|(_, c)| *c == RowClass::Body)?;
    let (prev, first) = (number(before)?, number(next)?);
    if matches!(first, Stt::Bullet(_) | Stt::Code(..))
        || first.kind() != prev.kind()
        || first.ordinal()? != prev.ordinal()?.checked_add(1)?
    {
        return None;
    }
    let amount = |row: u32, col: u32| -> Option<Decimal> {
        match sheet.get(row, col) {
            CellValue::Float(f) => crate::number::decimal_from_f64(f),
            CellValue::Int(i) => Some(Decimal::from(i)),
            _ => None,
        }
    };
    // The list's rows of that kind, to the next unnumbered row or the end.
    let mut sums: Vec<Option<Decimal>> = vec![None; cols.numeric.len()];
    for &(row, class) in &classes[at + 1..] {
        if class != RowClass::Body {
            break;
        }
        match number(row) {
            Some(n) if n.kind() == first.kind() => {
                for (k, &c) in cols.numeric.iter().enumerate() {
                    if let Some(v) = amount(row, c) {
                        sums[k] = Some(sums[k].unwrap_or_default().saturating_add(v));
                    }
                }
            }
            Some(_) => {}
            None => break,
        }
    }
    // The two readings, by the columns each explains: a heading over the
    // rows that follow, or a line under the row before (then its only
    // child, equal to it).
    let (mut heading, mut child) = (0usize, 0usize);
    for (k, &c) in cols.numeric.iter().enumerate() {
        let Some(own) = amount(r, c) else { continue };
        heading += usize::from(sums[k].is_some_and(|s| crate::number::agree(own, s)));
        child += usize::from(amount(before, c).is_some_and(|p| crate::number::agree(own, p)));
    }
    // Neither explaining anything (one column, typed wrong), the heading
    // the list's numbering and the earlier heading declare stands.
    (heading > child || heading + child == 0).then(|| first.kind())
}

/// Whether the next body row below row `r` brings back the numeral of a
/// top-level row above (`top`): the start of a block repeating them.
fn opens_repeat(
    sheet: &Sheet,
    classes: &[(u32, RowClass)],
    r: u32,
    stt_col: Option<u32>,
    top: &[String],
) -> bool {
    let Some(stt_col) = stt_col else {
        return false;
    };
    let at = classes.partition_point(|&(row, _)| row <= r);
    let Some(&(next, _)) = classes[at..].iter().find(|(_, c)| *c == RowClass::Body) else {
        return false;
    };
    stt::parse(&crate::read::cell_str(sheet.get(next, stt_col)))
        .is_some_and(|n| top.contains(&n.render()))
}

/// An index into a table's items as the items keep it: a table has at
/// most a sheet's rows, far below `u32::MAX`.
fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// [`append`] to a text of the model (which becomes a copy of its own).
pub(super) fn append_text(dst: &mut Text, more: &str) {
    if more.is_empty() {
        return;
    }
    let mut joined = String::from(&*dst);
    append(&mut joined, more);
    *dst = Text::from(joined);
}

pub(super) fn append(dst: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !dst.is_empty() {
        dst.push(' ');
    }
    dst.push_str(more);
}
