//! The model: an [`Appendix`] holds the tables found in a file; a [`Table`]
//! holds its columns, unit and items; each [`Item`] knows its STT, level,
//! parent, amounts as [`Decimal`] and the cells they came from.
//!
//! Building a table reads the rows below a detected header (see
//! [`crate::detect`]) and decides, row by row, what each one is: an item, a
//! total, a breakdown ("Trong đó"), the wrapped continuation of the row above,
//! a header repeated at a page break, the words line, or the end.

use crate::detect::{Column, Layout, Relation, Role, UnitSource};
use crate::number::{decimal_from_f64, parse_amount, Convention, Parsed, Style};
use crate::read::{a1, cell_text, Format, Sheet};
use crate::stt::{self, Outline, Stt};
use crate::text::{clean, fold, starts_with_word};
use crate::unit::Unit;
use calamine::Data;
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

/// How an amount cell was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "detail")]
pub enum Reading {
    /// Nothing in the cell: no amount (not zero).
    Blank,
    /// A dash: no amount (not zero).
    Dash,
    /// A number cell.
    Number,
    /// A number typed as text, read without doubt.
    Text(Style),
    /// `1.200`: read one way, decided by the rest of the column.
    Ambiguous {
        /// The reading kept.
        chosen: Decimal,
        /// The reading not kept.
        other: Decimal,
        /// Why: the convention the column shows, if any.
        convention: Option<Convention>,
    },
    /// Text that looks like a number but is not one.
    Malformed(String),
    /// Words, such as "Thụ hưởng".
    Words(String),
    /// An error value (#REF!, #VALUE!).
    Error(String),
    /// A footnote marker ("(1)") where an amount would be: no amount.
    Footnote(String),
    /// A number beyond any budget (over 10²⁴ đồng): reported, never added,
    /// so that no sum can overflow.
    TooLarge(String),
}

/// The largest amount phuluc adds, in đồng: far above any budget (the
/// State's is about 10¹⁵), far below where decimal arithmetic overflows.
pub const MAX_DONG: Decimal = Decimal::from_parts(0xA100_0000, 0x1BCE_CCED, 0xD3C2, false, 0);

/// One amount cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    /// The amount, if the cell holds one.
    pub amount: Option<Decimal>,
    /// How it was read.
    #[serde(flatten)]
    pub reading: Reading,
}

impl Value {
    const BLANK: Value = Value {
        amount: None,
        reading: Reading::Blank,
    };
}

/// A row of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Absolute 0-based row of the item's first line.
    pub row: u32,
    /// Rows of wrapped text that continue it (absolute).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continued: Vec<u32>,
    /// The STT as written.
    pub stt: String,
    /// The STT as understood (ambiguity resolved).
    #[serde(skip)]
    pub numbering: Option<Stt>,
    /// Depth in the tree, 0 outermost.
    pub level: usize,
    /// Index of the parent in [`Table::items`].
    pub parent: Option<usize>,
    /// Indices of children in [`Table::items`] (breakdowns excluded).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<usize>,
    /// What the row is.
    pub kind: ItemKind,
    /// Nội dung.
    pub content: String,
    /// Đơn vị chủ trì.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub lead: String,
    /// Đơn vị phối hợp.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub partner: String,
    /// Ghi chú, plus words found in amount cells.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Other text columns (results, deadlines, targets, units of measure),
    /// aligned with [`Table::text_columns`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<String>,
    /// Amounts, aligned with [`Table::numeric`].
    pub values: Vec<Value>,
}

impl Item {
    /// The amount in numeric column `k`, if any.
    pub fn amount(&self, k: usize) -> Option<Decimal> {
        self.values.get(k).and_then(|v| v.amount)
    }

    /// Whether any additive amount is present.
    pub fn has_amount(&self) -> bool {
        self.values.iter().any(|v| v.amount.is_some())
    }

    /// "Thụ hưởng" in an amount cell: the commune benefits from another
    /// budget's project and spends nothing.
    pub fn is_beneficiary(&self) -> bool {
        self.values
            .iter()
            .any(|v| matches!(&v.reading, Reading::Words(w) if fold(w).contains("thụ hưởng")))
    }

    /// A short name for messages: "2.1.3" or the start of its content.
    pub fn name(&self) -> String {
        if !self.stt.is_empty() {
            return self.stt.clone();
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
    /// Absolute row and column of the cell.
    pub row: u32,
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

    /// Items in the tree (breakdowns left out).
    pub fn tree_items(&self) -> impl Iterator<Item = (usize, &Item)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == ItemKind::Item)
    }
}

/// Labels of total rows.
pub fn is_total_label(text: &str) -> bool {
    // Cheap rejection first: every total label starts with T, C or G (or a
    // bracket or bullet) — most rows are not totals.
    let first = text.trim_start().chars().next();
    if !matches!(
        first,
        Some('T' | 't' | 'C' | 'c' | 'G' | 'g' | '(' | '*' | '-')
    ) {
        return false;
    }
    let t = fold(text);
    let t = t.trim_start_matches(['(', '*', '-', ' ']);
    if t.starts_with("cộng hòa") || t.starts_with("cộng hoà") {
        return false;
    }
    for word in [
        "tổng cộng",
        "tổng số",
        "tổng kinh phí",
        "tổng",
        "cộng",
        "total",
        "grand total",
    ] {
        if starts_with_word(t, word) {
            let rest = t[word.len()..].trim_start();
            return rest.is_empty()
                || rest.starts_with(['(', ':', '-', '–', '/'])
                || matches!(rest, "kinh phí" | "toàn xã" | "chung" | "cộng" | "số")
                // "TỔNG THU CÂN ĐỐI NSNN", "Tổng chi ngân sách xã".
                || word == "tổng" && (starts_with_word(rest, "thu") || starts_with_word(rest, "chi"));
        }
    }
    false
}

/// A tax line under a total: "Thuế VAT 10%", "Thuế GTGT", "Thuế giá trị
/// gia tăng (10%)". It is a total line (the tax on the total above it),
/// never an item.
///
/// ```
/// assert!(phuluc::model::is_tax_label("Thuế VAT 10%"));
/// assert!(phuluc::model::is_tax_label("- Thuế GTGT (8%)"));
/// assert!(!phuluc::model::is_tax_label("Thu thuế, phí"));
/// ```
pub fn is_tax_label(text: &str) -> bool {
    let first = text.trim_start_matches(['-', '+', '*', ' ']).chars().next();
    if !matches!(first, Some('T' | 't' | 'V' | 'v')) {
        return false;
    }
    let folded = fold(text);
    let t = folded.trim_start_matches(['-', '+', '*', ' ']);
    (starts_with_word(t, "thuế")
        && ["vat", "gtgt", "giá trị gia tăng"]
            .iter()
            .any(|w| t.contains(w)))
        || starts_with_word(t, "vat")
}

/// The rate a label states, in percent: "Thuế VAT 10%" → 10, "(5,25 %)" →
/// 5.25.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(phuluc::model::stated_rate("Thuế VAT 10%"), Some(Decimal::from(10)));
/// assert_eq!(phuluc::model::stated_rate("Thuế GTGT (5,25 %)"), Some(Decimal::new(525, 2)));
/// assert_eq!(phuluc::model::stated_rate("Thuế GTGT"), None);
/// ```
pub fn stated_rate(text: &str) -> Option<Decimal> {
    let pct = text.find('%')?;
    let before = text[..pct].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let number = before[start..].replace(',', ".");
    Decimal::from_str_exact(&number).ok()
}

/// A rate or share row: "Tỷ lệ phần trăm (%) bội chi NSNN so với GDP".
fn is_ratio_label(text: &str) -> bool {
    // Cheap rejection first: most rows are not rates.
    let first = text.trim_start_matches(['-', '+', '*', ' ']).chars().next();
    if !matches!(first, Some('T' | 't')) && !text.contains('%') {
        return false;
    }
    let folded = fold(text);
    let t = folded.trim_start_matches(['-', '+', '*', ' ']);
    starts_with_word(t, "tỷ lệ") || starts_with_word(t, "tỉ lệ") || t.contains("(%)")
}

fn is_breakdown_label(text: &str) -> bool {
    let first = text.trim_start().chars().next();
    if !matches!(
        first,
        Some('T' | 't' | 'C' | 'c' | 'B' | 'b' | 'G' | 'g' | '(' | '*' | '-' | '+')
    ) {
        return false;
    }
    let folded = fold(text);
    ["trong đó", "chia ra", "bao gồm", "gồm có"]
        .iter()
        .any(|w| starts_with_word(folded.trim_start_matches(['(', '*', '-', '+', ' ']), w))
}

/// Words that start the signature block or the next document: the table
/// has ended.
fn is_closing_text(folded: &str) -> bool {
    const WORDS: [&str; 14] = [
        "tm. ủy ban",
        "tm.ủy ban",
        "tm. ubnd",
        "kt. chủ tịch",
        "kt.chủ tịch",
        "chủ tịch",
        "người lập",
        "nơi nhận",
        "thủ trưởng",
        "kế toán trưởng",
        "ủy ban nhân dân",
        "cộng hòa xã hội",
        "cộng hoà xã hội",
        "phụ lục",
    ];
    WORDS.iter().any(|w| folded.starts_with(w))
}

/// Totals an estimate writes besides "Tổng cộng": "TỔNG HẠNG MỤC", "TỔNG
/// CÔNG TRÌNH", "LÀM TRÒN", "Cộng hạng mục".
pub fn is_estimate_total(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_start_matches(['*', '-', ' ']);
    [
        "tổng hạng mục",
        "tổng công trình",
        "làm tròn",
        "cộng hạng mục",
        "giá trị làm tròn",
    ]
    .iter()
    .any(|w| starts_with_word(t, w))
}

/// The footnotes in the few rows under a table: lines that open with
/// "Ghi chú", "(1)", "(*)" or "*".
fn footnotes(
    sheet: &Sheet,
    end_row: u32,
    first_col: u32,
    last_col: u32,
    last_row: u32,
) -> Vec<String> {
    let mut notes = Vec::new();
    for r in end_row.saturating_add(1)..=last_row.min(end_row.saturating_add(12)) {
        let Some(text) = (first_col..=last_col).find_map(|c| match sheet.get(r, c) {
            Data::String(s) if !s.trim().is_empty() => Some(clean(s)),
            _ => None,
        }) else {
            continue;
        };
        let folded = fold(&text);
        let marked = text
            .strip_prefix('(')
            .and_then(|t| t.split_once(')'))
            .is_some_and(|(n, _)| {
                (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit() || b == b'*')
            });
        if is_footnote_text(&folded) || marked || text.starts_with('*') {
            notes.push(text);
        }
    }
    notes
}

/// The lines under a table, up to the next figure or header: its date and
/// signature block. Footnotes are left out (they are the table's notes).
fn closing_lines(
    sheet: &Sheet,
    end_row: u32,
    first_col: u32,
    last_col: u32,
    last_row: u32,
    notes: &[String],
) -> Vec<ClosingLine> {
    let mut lines = Vec::new();
    for r in end_row.saturating_add(1)..=last_row.min(end_row.saturating_add(16)) {
        let cells: Vec<(u32, &Data)> = sheet.row_cells(r, first_col, last_col).collect();
        if cells
            .iter()
            .any(|(_, d)| matches!(d, Data::Float(_) | Data::Int(_)))
            || crate::detect::is_header_at(sheet, r)
        {
            break;
        }
        for (c, d) in cells {
            let Data::String(s) = d else { continue };
            let text = clean(s);
            if text.is_empty() || notes.contains(&text) || fold(&text).contains("bằng chữ") {
                continue;
            }
            lines.push(ClosingLine {
                below: r - end_row,
                col: c - first_col,
                text,
            });
        }
    }
    lines
}

/// A footnote under the table: "Ghi chú: (1) …", "Chú thích:", "Note:".
/// The bare label "Ghi chú" is a header cell (repeated at a page break),
/// not a footnote.
fn is_footnote_text(folded: &str) -> bool {
    [
        "ghi chú",
        "chú thích",
        "chú giải",
        "note",
        "notes",
        "remark",
    ]
    .iter()
    .any(|w| {
        folded.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with(':') || rest.starts_with('(') || rest.starts_with('-')
        })
    })
}

/// What pass one decided a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowClass {
    Body,
    Total,
    Words(u32),
    Skip,
}

struct Cols {
    stt: Option<u32>,
    content: Option<u32>,
    lead: Option<u32>,
    partner: Option<u32>,
    note: Option<u32>,
    code: Option<u32>,
    /// Budget classification columns with their depth, left to right.
    budget_codes: Vec<(u32, u8)>,
    numeric: Vec<u32>,
    texts: Vec<u32>,
    /// The table's first and last columns.
    span: (u32, u32),
    /// A cost estimate's detail table (quantity, unit price and amount):
    /// its part totals do not end it, its words lines state part totals.
    estimate: bool,
}

/// Builds the table that starts at `layout`; returns it with the last row it
/// used, so the caller can look for another table below.
pub fn build_table(sheet: &Sheet, layout: &Layout) -> (Table, u32) {
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
            && col_of(Role::UnitPrice).is_some()
            && col_of(Role::Amount).is_some(),
        numeric: numeric.iter().map(|&i| layout.columns[i].col).collect(),
        texts: text_columns
            .iter()
            .map(|&i| layout.columns[i].col)
            .collect(),
    };

    let money_columns = numeric
        .iter()
        .any(|&i| layout.columns[i].role.is_additive());
    let (classes, end_row) = classify_rows(sheet, layout, &cols, first_col, last_col, last_row);
    let conventions = column_conventions(sheet, &classes, &cols);
    let notes = footnotes(sheet, end_row, first_col, last_col, last_row);
    let closing_text = closing_lines(sheet, end_row, first_col, last_col, last_row, &notes);
    let legend: Vec<String> = layout
        .legend_row
        .map(|r| {
            (first_col..=last_col)
                .map(|c| clean(&cell_text(sheet.get(r, c))))
                .collect()
        })
        .unwrap_or_default();

    let mut items: Vec<Item> = Vec::new();
    let mut totals: Vec<Item> = Vec::new();
    let mut words = Vec::new();
    let mut outline = Outline::new();
    let mut outline_items: Vec<usize> = Vec::new();
    // The row a "Trong đó" breaks down: Some(parent) while inside one, with
    // the numbering kinds that close it (the parent's and its ancestors').
    let mut breakdown: Option<Option<usize>> = None;
    let mut closing: Vec<stt::Kind> = Vec::new();
    let mut last_was_total = false;

    // "(1)" in an amount cell with its value on the row below, alone: the
    // value belongs to the marked row, and the row below is no item.
    let mut carried: Vec<(u32, Vec<(usize, Value)>)> = Vec::new();
    for w in classes.windows(2) {
        let ((r, class), (below, below_class)) = (w[0], w[1]);
        if below != r + 1
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
            .filter(|(_, &c)| matches!(sheet.get(r, c), Data::String(t) if footnote_marker(t).is_some_and(|(_, rest)| rest.is_empty())))
            .map(|(k, _)| k)
            .collect();
        if marked.is_empty() {
            continue;
        }
        let values: Vec<(usize, Value)> = marked
            .iter()
            .map(|&k| {
                (
                    k,
                    read_value(sheet.get(below, cols.numeric[k]), conventions[k]),
                )
            })
            .filter(|(_, v)| v.amount.is_some())
            .collect();
        if !values.is_empty() {
            carried.push((r, values));
        }
    }
    let skip_rows: Vec<u32> = carried.iter().map(|(r, _)| r + 1).collect();
    let carry = |item: &mut Item| {
        if let Some((_, values)) = carried.iter().find(|(r, _)| *r == item.row) {
            for (k, v) in values {
                item.values[*k] = v.clone();
            }
        }
    };
    for &(r, class) in &classes {
        if skip_rows.contains(&r) {
            continue;
        }
        match class {
            RowClass::Skip => continue,
            RowClass::Words(c) => {
                words.push(WordsLine {
                    row: r,
                    col: c,
                    text: clean(&cell_text(sheet.get(r, c))),
                });
                continue;
            }
            RowClass::Total => {
                let mut item = read_item(sheet, r, &cols, &conventions);
                carry(&mut item);
                item.kind = ItemKind::Total;
                if item.content.is_empty() {
                    item.content = std::mem::take(&mut item.stt);
                }
                item.numbering = None;
                totals.push(item);
                last_was_total = true;
                breakdown = None;
                continue;
            }
            RowClass::Body => {}
        }
        let mut item = read_item(sheet, r, &cols, &conventions);
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
            Some(n) => {
                !(closing.contains(&n.kind())
                    || n.kind() == stt::Kind::Roman && closing.contains(&stt::Kind::Upper))
            }
        };

        if money_columns && is_ratio_label(&item.content) {
            item.kind = ItemKind::Ratio;
            item.parent = items.iter().rposition(|i| i.kind == ItemKind::Item);
            item.level = item.parent.map(|a| items[a].level + 1).unwrap_or(0);
            items.push(item);
            continue;
        }
        if is_breakdown_label(&item.content) || (breakdown.is_some() && stays) {
            let anchor = match breakdown {
                Some(a) => a,
                None if last_was_total => None,
                None => items.iter().rposition(|i| i.kind == ItemKind::Item),
            };
            if breakdown.is_none() {
                closing.clear();
                let mut at = anchor;
                while let Some(a) = at {
                    if let Some(n) = &items[a].numbering {
                        closing.push(n.kind());
                    }
                    at = items[a].parent;
                }
            }
            breakdown = Some(anchor);
            item.kind = ItemKind::Breakdown;
            item.parent = anchor;
            item.level = anchor.map(|a| items[a].level + 1).unwrap_or(0);
            items.push(item);
            continue;
        }
        breakdown = None;
        last_was_total = false;

        let has_amount = item.has_amount();
        let has_words = item
            .values
            .iter()
            .any(|v| matches!(v.reading, Reading::Words(_)));
        if !numbered && !has_amount && !has_words {
            if let Some(prev) = items.last_mut() {
                // Wrapped text of the row above.
                append(&mut prev.content, &item.content);
                append(&mut prev.lead, &item.lead);
                append(&mut prev.partner, &item.partner);
                append(&mut prev.note, &item.note);
                for (a, b) in prev.texts.iter_mut().zip(&item.texts) {
                    append(a, b);
                }
                if !item.stt.is_empty() {
                    append(&mut prev.content, &item.stt);
                }
                prev.continued.push(r);
                continue;
            }
        }
        let place = outline.place(item.numbering.clone());
        item.level = place.level;
        item.parent = place.parent.map(|p| outline_items[p]);
        item.numbering = place.stt.clone();
        outline_items.push(items.len());
        items.push(item);
    }

    for i in 0..items.len() {
        if items[i].kind == ItemKind::Item {
            if let Some(p) = items[i].parent {
                items[p].children.push(i);
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
    for v in items
        .iter_mut()
        .chain(totals.iter_mut())
        .flat_map(|i| i.values.iter_mut())
    {
        if let Some(a) = v.amount {
            if a.abs().checked_mul(factor).is_none_or(|d| d > MAX_DONG) {
                v.reading = Reading::TooLarge(a.to_string());
                v.amount = None;
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
                .any(|(v, &c)| v.amount.is_some() && layout.columns[c].role.is_additive())
        });

    let table_first = layout.header_rows[0];
    let table = Table {
        sheet: sheet.name.clone(),
        range: format!("{}:{}", a1(table_first, first_col), a1(end_row, last_col)),
        bounds: (table_first, first_col, end_row, last_col),
        header_rows: layout.header_rows.iter().map(|r| r + 1).collect(),
        legend_row: layout.legend_row.map(|r| r + 1),
        columns: layout.columns.clone(),
        relations: layout.relations.clone(),
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
    };
    (table, end_row)
}

fn append(dst: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !dst.is_empty() {
        dst.push(' ');
    }
    dst.push_str(more);
}

/// Whether row `r` repeats the column-number row: the same cells as the
/// header's own, or, where the header had none, "(1) (2) (3) …" marked in
/// brackets across the row.
fn repeats_legend(
    sheet: &Sheet,
    legend: Option<u32>,
    r: u32,
    first_col: u32,
    last_col: u32,
) -> bool {
    let has_bracket = (first_col..=last_col)
        .any(|c| matches!(sheet.get(r, c), Data::String(s) if s.trim_start().starts_with('(')));
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

/// Pass one: what every row below the header is, and where the table ends.
fn classify_rows(
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
    let header_len = layout.header_rows.len() as u32 + u32::from(layout.legend_row.is_some());
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
                Data::Empty => {}
                Data::String(s) if s.trim().is_empty() => {}
                Data::Float(_) | Data::Int(_) => any_number = true,
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
        if repeats_legend(sheet, layout.legend_row, r, first_col, last_col) {
            classes.push((r, RowClass::Skip));
            r += 1;
            continue;
        }
        let numbers_in_money = cols.numeric.iter().any(|&c| match sheet.get(r, c) {
            Data::Float(_) | Data::Int(_) => true,
            Data::String(s) => parse_amount(s).value().is_some(),
            _ => false,
        });
        // Rows without amounts may be a words line, the signature block, the
        // header again or a new table: only they are looked at closely.
        if !numbers_in_money {
            let texts: Vec<(u32, String)> = (first_col..=last_col)
                .filter_map(|c| match sheet.get(r, c) {
                    Data::Empty => None,
                    Data::String(s) if s.trim().is_empty() => None,
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
            {
                break;
            }
            let sig_matches = texts
                .iter()
                .filter(|(c, t)| {
                    header_sig.get((c - first_col) as usize) == Some(t) && !t.is_empty()
                })
                .count();
            if !any_number && sig_matches >= 2 {
                // The header again, repeated at a page break, with its
                // column numbers when they are repeated too.
                for k in 0..header_len {
                    if r + k <= last_row {
                        classes.push((r + k, RowClass::Skip));
                    }
                }
                r += header_len.max(1);
                if r <= last_row && crate::detect::is_legend_row(sheet, r, first_col, last_col) {
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
                stt::parse(&cell_text(sheet.get(r, c)))
                    .is_some_and(|n| !matches!(n, Stt::Bullet(_)))
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
            .is_some_and(|c| stt::parse(&cell_text(sheet.get(r, c))).is_some());
        if !stt_numbered
            && (is_total_label(&label)
                || cols.estimate && is_estimate_total(&label)
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
fn row_label(sheet: &Sheet, r: u32, cols: &Cols) -> String {
    for c in [cols.stt, cols.content].into_iter().flatten() {
        let t = cell_text(sheet.get(r, c));
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
            Data::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Which separator convention each numeric column shows in its unambiguous
/// text cells.
fn column_conventions(
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
            if let Data::String(s) = sheet.get(r, c) {
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

fn read_item(sheet: &Sheet, r: u32, cols: &Cols, conventions: &[Option<Convention>]) -> Item {
    let text = |c: Option<u32>| {
        c.map(|c| clean(&cell_text(sheet.get(r, c))))
            .unwrap_or_default()
    };
    let stt_text = text(cols.stt);
    let numbering = stt::parse(&stt_text);
    let mut content = text(cols.content);
    if cols.content.is_none() {
        // No content column: the first text cell after the STT.
        if let Some(t) = (cols.span.0..=cols.span.1)
            .filter(|c| Some(*c) != cols.stt && !cols.numeric.contains(c))
            .map(|c| clean(&cell_text(sheet.get(r, c))))
            .find(|t| !t.is_empty())
        {
            content = t;
        }
    }
    let mut note = text(cols.note);
    let values: Vec<Value> = cols
        .numeric
        .iter()
        .zip(conventions)
        .map(|(&c, conv)| read_value(sheet.get(r, c), *conv))
        .collect();
    for v in &values {
        if let Reading::Words(w) = &v.reading {
            if !fold(&note).contains(&fold(w)) {
                append(&mut note, w);
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
            let t = text(Some(c));
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
            content = rest;
            (head, Some(stt))
        }
        (None, _) if !stt_text.is_empty() && content.is_empty() => {
            content = stt_text;
            (String::new(), None)
        }
        (None, _) => (stt_text, None),
    };
    finish_item(r, sheet, cols, stt_text, numbering, content, note, values)
}

/// A bullet that opens a content cell: "- Thu thuế", "+ Bổ sung", "* Đập".
fn content_bullet(content: &str) -> Option<char> {
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
fn finish_item(
    r: u32,
    sheet: &Sheet,
    cols: &Cols,
    stt_text: String,
    numbering: Option<Stt>,
    content: String,
    note: String,
    values: Vec<Value>,
) -> Item {
    let text = |c: Option<u32>| {
        c.map(|c| clean(&cell_text(sheet.get(r, c))))
            .unwrap_or_default()
    };
    Item {
        row: r,
        continued: Vec::new(),
        stt: stt_text,
        numbering,
        level: 0,
        parent: None,
        children: Vec::new(),
        kind: ItemKind::Item,
        content,
        lead: text(cols.lead),
        partner: text(cols.partner),
        note,
        texts: cols
            .texts
            .iter()
            .map(|&c| clean(&cell_text(sheet.get(r, c))))
            .collect(),
        values,
    }
}

/// "I. Lĩnh vực …" → ("I.", Roman 1, "Lĩnh vực …"): numbering that ends in
/// a dot or bracket, then text. A bare word such as "Tổng" is not split.
fn split_numbered(text: &str) -> Option<(String, Stt, String)> {
    let (head, rest) = text.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    if rest.is_empty() || !head.ends_with(['.', ')']) {
        return None;
    }
    let stt = stt::parse(head)?;
    Some((head.to_string(), stt, rest.to_string()))
}

/// A footnote marker at the start of an amount cell: "(1)", "(2)", "(*)",
/// with what follows it. A bracketed number of one or two digits alone is a
/// marker, not −1: budget tables write negatives with a sign, and amounts
/// that small in brackets are what footnotes look like.
pub(crate) fn footnote_marker(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let close = t.find(')')?;
    let inner = t.strip_prefix('(')?.get(..close - 1)?;
    let is_marker =
        (!inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()))
            || (!inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b == b'*'));
    if !is_marker {
        return None;
    }
    let rest = t[close + 1..].trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    Some((&t[..close + 1], rest))
}

/// Reads one amount cell.
pub fn read_value(d: &Data, convention: Option<Convention>) -> Value {
    let (amount, reading) = match d {
        Data::Empty => return Value::BLANK,
        Data::Int(i) => (Some(Decimal::from(*i)), Reading::Number),
        Data::Float(f) => match decimal_from_f64(*f) {
            Some(v) => (Some(v), Reading::Number),
            None => (None, Reading::Malformed(f.to_string())),
        },
        // An error value saved as text (a CSV export, a pasted cell).
        Data::String(s)
            if matches!(
                s.trim(),
                "#REF!" | "#VALUE!" | "#DIV/0!" | "#N/A" | "#NAME?" | "#NUM!" | "#NULL!"
            ) =>
        {
            return Value {
                amount: None,
                reading: Reading::Error(s.trim().to_string()),
            };
        }
        Data::String(s) if footnote_marker(s).is_some() => {
            let (marker, rest) = footnote_marker(s).unwrap_or_default();
            if rest.is_empty() {
                return Value {
                    amount: None,
                    reading: Reading::Footnote(marker.to_string()),
                };
            }
            // "(1)     419.278.223": the amount, marked for a footnote.
            return read_value(&Data::String(rest.to_string()), convention);
        }
        Data::String(s) => match parse_amount(s) {
            Parsed::Empty if s.trim().is_empty() => (None, Reading::Blank),
            Parsed::Empty => (None, Reading::Dash),
            Parsed::Number { value, style } => (Some(value), Reading::Text(style)),
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
                    Some(chosen),
                    Reading::Ambiguous {
                        chosen,
                        other,
                        convention,
                    },
                )
            }
            Parsed::Malformed => (None, Reading::Malformed(clean(s))),
            Parsed::Text => (None, Reading::Words(clean(s))),
        },
        Data::Error(e) => (None, Reading::Error(format!("{e}"))),
        Data::Bool(b) => (None, Reading::Words(b.to_string())),
        other => (None, Reading::Words(cell_text(other))),
    };
    Value { amount, reading }
}
