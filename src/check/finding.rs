//! What a check says: a [`Finding`] at a cell, its [`Severity`], its
//! [`Detail`] (the facts it rests on) and the correction it suggests. The
//! words are made in the report stage (`report::lang`), never here.

use super::{ceiling, Code, Hint};
use crate::model::Table;
use rust_decimal::Decimal;
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Arithmetic that does not hold, amounts that cannot be read.
    Error,
    /// Structure: numbering, units, text numbers.
    Warning,
    /// Confirmations and notes on how something was read.
    Info,
}

/// The facts a message is made from; rendered in either language by
/// [`crate::report::lang`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    /// A sum that does not hold: which row, which column.
    Sum {
        /// The row whose amount is wrong ("2.1", "Tổng cộng").
        row: String,
        /// The column label.
        column: String,
        /// What the sum is taken over.
        over: SumOver,
    },
    /// A column that a legend or column group says is a sum of others.
    ColumnSum {
        /// The row, by its STT or label.
        row: String,
        /// The column, by its label.
        column: String,
        /// The relation as stated ("9=10+11+…+18", "Chia ra").
        relation: String,
        /// The parts are "Trong đó": they may be incomplete.
        partial: bool,
    },
    /// A relation between columns that most rows refute.
    Unconfirmed {
        /// The whole's column, by its label.
        column: String,
        /// The relation as stated or read.
        relation: String,
        /// Rows where it holds.
        held: u32,
        /// Rows where it could be tested.
        tested: u32,
    },
    /// A row that exceeds its listed items, for a reason the sheet shows.
    ItemsIncomplete {
        /// The row, by its STT or label.
        row: String,
        /// Columns that exceed (label of the first), how many.
        column: String,
        /// How many columns.
        columns: usize,
        /// Why.
        reason: GapReason,
    },
    /// An estimate line: provisional (`other` none) or repeated within its
    /// part (`other` the earlier line).
    EstimateLine {
        /// The row, by its STT or label.
        row: String,
        /// The line's code (Mã hiệu).
        code: String,
        /// The other row.
        other: Option<String>,
    },
    /// The rate a rate row applies to its usual base.
    ImpliedRate {
        /// The row, by its STT or label.
        row: String,
        /// Its symbol (C, TL, GTGT).
        symbol: String,
        /// The base, as symbols ("T + C").
        base: String,
        /// The rate, in percent.
        rate: Decimal,
    },
    /// A cost summary's base row against the detail's total.
    SummaryBase {
        /// The row's symbol (T, VL, NC, M).
        symbol: String,
        /// The detail's total cell.
        detail_cell: String,
    },
    /// An estimate's total above its ceiling.
    OverCeiling {
        /// The total row's label.
        row: String,
        /// Where the ceiling comes from.
        source: ceiling::CeilingSource,
    },
    /// An estimate line at another scale than its code's other lines.
    UnitScale {
        /// The row, by its STT or label.
        row: String,
        /// The work code.
        code: String,
        /// The line's unit of measure.
        unit: String,
        /// The unit most lines of the code have.
        usual_unit: String,
        /// About how many times off (100 or 1000), when known.
        factor: Option<Decimal>,
    },
    /// A quantity about 100 or 1000 times those of the other lines of its
    /// code in the same unit: typed in m3 into a line priced per 100m3.
    QuantityScale {
        /// The row, by its STT or label.
        row: String,
        /// The work code.
        code: String,
        /// The unit of measure the line (and the code) is priced in.
        unit: String,
        /// The median quantity of the code's other lines.
        usual: Decimal,
        /// About how many times off (100 or 1000).
        factor: Decimal,
        /// The line's amount cell, off by as much.
        amount_cell: Option<String>,
    },
    /// An estimate line's quantity against its diễn giải rows.
    QuantityBreakdown {
        /// The row, by its STT or label.
        row: String,
        /// How many diễn giải rows.
        rows: usize,
        /// On how many lines of the table the breakdown agrees, of how
        /// many that have one.
        agree: (usize, usize),
    },
    /// A summary's line against its detail.
    SummaryLine {
        /// The line's name.
        line: String,
        /// The year (or "Tổng"), for a mismatch.
        period: Option<String>,
        /// The detail, in words.
        other: String,
        /// Whether the line is in the summary (else in the detail only).
        in_summary: bool,
    },
    /// A VAT line at a rate other than the one in force.
    VatRate {
        /// The row, by its STT or label.
        row: String,
        /// The rate the line states, in percent.
        stated: Decimal,
        /// The rule in force.
        rule: crate::rates::VatRule,
        /// The date judged.
        date: crate::rates::Date,
        /// Whether the date is the sheet's own (else `--date`).
        date_from_sheet: bool,
    },
    /// Formulas saved without their results, computed by phuluc.
    FormulaNoValue {
        /// How many cells.
        cells: usize,
        /// How many of them phuluc could not compute (functions it does
        /// not evaluate): they are read as empty.
        not_computed: usize,
    },
    /// The table repeats another one figure for figure
    /// (`copy-of-table`).
    CopyOf {
        /// The sheet of the table it repeats.
        sheet: String,
        /// That table's first cell.
        cell: String,
        /// How many of its findings are the other table's, said there.
        findings: usize,
    },
    /// Cells typed in a legacy encoding, read as Unicode.
    LegacyText {
        /// The encoding's name ("TCVN3").
        encoding: &'static str,
        /// How many cells.
        cells: usize,
    },
    /// Thành tiền ≠ Số lượng × Đơn giá (or one part of them: VL, NC, M).
    LineAmount {
        /// The row, by its STT or label.
        row: String,
        /// Khối lượng.
        quantity: Decimal,
        /// Đơn giá.
        price: Decimal,
        /// The part of the price ("VL", "NC", "M"); `None` for the whole.
        part: Option<&'static str>,
    },
    /// A unit price or line cost ≠ the sum of its parts (VL + NC + M).
    PartsSum {
        /// The row, by its STT or label.
        row: String,
        /// Whether the unit price (else the line's Thành tiền).
        price: bool,
        /// Each part's symbol and amount.
        parts: Vec<(&'static str, Decimal)>,
    },
    /// A price part (VL, NC, M) that makes the unit price no longer its
    /// parts' sum, where the price is borne out by the line's amount and
    /// the other lines of the same code price that part otherwise.
    PricePart {
        /// The row, by its STT or label.
        row: String,
        /// "VL", "NC" or "M".
        part: &'static str,
        /// The line's code.
        code: String,
        /// The unit price the amount bears out.
        price: Decimal,
    },
    /// An amount that is no number.
    Malformed {
        /// The row, by its STT or label.
        row: String,
        /// The column, by its label.
        column: String,
        /// The cell's text.
        text: String,
    },
    /// An error value in an amount cell.
    BrokenFormula {
        /// The row, by its STT or label.
        row: String,
        /// The column, by its label.
        column: String,
        /// The error value.
        error: String,
    },
    /// Numbers stored as text: the first one, and how many in the column.
    TextNumber {
        /// The cell's text.
        text: String,
        /// The column, by its label.
        column: String,
        /// How many cells of the column alike.
        count: usize,
    },
    /// `1.200`: read as `chosen`, not `other`; `count` cells of the column alike.
    Ambiguous {
        /// The cell's text.
        text: String,
        /// The reading kept.
        chosen: Decimal,
        /// The other row.
        other: Decimal,
        /// The convention the column shows, if any.
        column_shows: Option<crate::number::Convention>,
        /// How many cells of the column alike.
        count: usize,
    },
    /// The same numbering twice.
    DuplicateStt {
        /// The numbering.
        stt: String,
        /// Where it was first.
        first_cell: String,
    },
    /// Numbering that skips: `missing` lists what is not there.
    NumberingGap {
        /// The numbering.
        stt: String,
        /// What is not there.
        missing: Vec<String>,
    },
    /// Numbering that goes backwards.
    NumberingOrder {
        /// The numbering.
        stt: String,
        /// The numbering it follows.
        after: String,
    },
    /// A dotted number under the wrong parent.
    WrongParent {
        /// The numbering.
        stt: String,
        /// The parent it sits under.
        parent: String,
    },
    /// Two items that state the same thing (`same`: word for word).
    DuplicateRow {
        /// The row, by its STT or label.
        row: String,
        /// The other row.
        other: String,
        /// Word for word.
        same: bool,
    },
    /// A money table with no unit.
    UnitMissing,
    /// An amount implausible for the unit.
    UnitMagnitude {
        /// The row, by its STT or label.
        row: String,
        /// The unit.
        unit: Option<crate::unit::Unit>,
        /// Why.
        reason: MagnitudeReason,
    },
    /// A value ~1000× off its column.
    ThousandOutlier {
        /// The row, by its STT or label.
        row: String,
        /// The column, by its label.
        column: String,
        /// The column's median.
        median: Decimal,
        /// Larger than the column, or smaller.
        larger: bool,
    },
    /// A words line: the amount it states (in đồng) and the total it was
    /// compared with (`value` in `unit`, from `column`); `expected_words`
    /// when they disagree.
    Words {
        /// The amount the words state, in đồng.
        stated: Decimal,
        /// The column, by its label.
        column: String,
        /// The total compared with, in `unit`.
        value: Decimal,
        /// The unit.
        unit: Option<crate::unit::Unit>,
        /// The words to write, when they disagree.
        expected_words: Option<String>,
    },
    /// A cost summary row that is not what its stated computation gives.
    SummaryFormula {
        /// The row, by its STT or label.
        row: String,
        /// The row's symbol (C, TL, GTGT …).
        symbol: String,
        /// The computation as written ("T x 6,5%").
        formula: String,
        /// For "BASE x RATE%", the rate written, in percent.
        stated_rate: Option<Decimal>,
        /// The rate the row's value really applies to the base, in percent.
        implied_rate: Option<Decimal>,
    },
    /// A words line that cannot be read.
    WordsUnreadable {
        /// The word that broke.
        word: String,
        /// Its position, from 1.
        position: usize,
        /// Why.
        reason: &'static str,
    },
}

/// Why a row's listed items may not be all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum GapReason {
    /// It exceeds its items in every amount column alike: items not listed
    /// (units not disclosed, such as defence and security).
    EveryColumn,
    /// Its items' numbering skips: these are missing.
    NumberingGap(Vec<String>),
    /// A footnote states the gap ("(1) bao gồm … chưa phân bổ").
    Footnote(String),
    /// It holds a reserve or unallocated amount ("dự phòng", "chưa phân bổ").
    Reserve,
}

/// What a sum runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SumOver {
    /// The children of a parent row.
    Children,
    /// The top-level items of the table (or its leaves).
    TopLevel,
    /// The year columns of the same row.
    Years,
    /// The total above, rounded to 1.000 đồng ("LÀM TRÒN").
    Rounded,
    /// Earlier totals ("TỔNG HẠNG MỤC" over its parts).
    Totals,
    /// The rate a tax line states, of the total above it ("Thuế VAT 10%").
    Tax,
}

/// Why an amount is implausible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MagnitudeReason {
    /// It is the expected amount × 1000^k: written in a smaller unit.
    ScaledBy(u32),
    /// More than a commune could plan (over 100.000 tỷ đồng).
    TooLarge,
    /// A total in đồng below 1.000 đồng.
    TooSmall,
}

/// One thing found in a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// The sheet.
    pub sheet: String,
    /// The A1 address of the cell.
    pub cell: String,
    /// Cells the finding relates to (children, year cells).
    pub related: Vec<String>,
    /// What was expected, as a plain decimal or text.
    pub expected: Option<String>,
    /// What was found.
    pub found: Option<String>,
    /// found − expected, for arithmetic findings.
    pub difference: Option<Decimal>,
    /// The facts of the message.
    pub detail: Detail,
    /// Possible reasons, best first.
    pub hints: Vec<Hint>,
    /// The cell's formula, when it has one and the finding concerns it.
    pub formula: Option<String>,
    /// The table's money unit, for messages.
    pub unit: Option<crate::unit::Unit>,
    /// Absolute row, for ordering.
    pub row: u32,
    /// Absolute column, for ordering.
    pub col: u32,
    /// The correction [`crate::fix::plan`] makes here, when it makes one.
    pub fix: Option<Suggestion>,
    /// The file, as it was named to [`crate::analyse`] (set once the file
    /// is read; empty for findings made on a table alone).
    pub file: String,
}

/// Where a finding is: file, sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as named.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The A1 address of the cell.
    pub cell: String,
}

/// A correction a finding suggests, from the table's fix plan: the value to
/// write, and the cells that must follow it (a parent that agreed with the
/// wrong child, the total above them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The value to write: a plain decimal ("13923").
    pub value: String,
    /// Cells that change with it: (A1 cell, plain decimal).
    pub then: Vec<(String, String)>,
}

impl Finding {
    /// A finding at an absolute cell of a table, with nothing else said yet.
    pub fn at(
        code: Code,
        severity: Severity,
        table: &Table,
        row: u32,
        col: u32,
        detail: Detail,
    ) -> Finding {
        Finding {
            code,
            severity,
            sheet: table.sheet.clone(),
            cell: crate::read::a1(row, col),
            related: Vec::new(),
            expected: None,
            found: None,
            difference: None,
            detail,
            hints: Vec::new(),
            formula: None,
            unit: table.money_unit(),
            row,
            col,
            fix: None,
            file: String::new(),
        }
    }

    /// Where it is.
    ///
    /// ```
    /// let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), &Default::default())?;
    /// let first_error = outcome.findings.iter().find(|f| f.severity == phuluc::Severity::Error).unwrap();
    /// let at = first_error.location();
    /// assert_eq!((at.file.as_str(), at.sheet.as_str(), at.cell.as_str()),
    ///            ("workbooks/da-kia-phu-luc-iii.xlsx", "Phụ lục III", "E62"));
    /// # Ok::<(), phuluc::Error>(())
    /// ```
    pub fn location(&self) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
        }
    }
}

impl Finding {
    /// The warning that a sheet's formulas were saved without their
    /// results: at the first such cell, with how many there are.
    pub fn formula_no_value(sheet: &str, note: &crate::check::formula::Computed) -> Finding {
        let (row, col) = note.first;
        Finding {
            code: Code::FormulaNoValue,
            severity: Severity::Warning,
            sheet: sheet.to_string(),
            cell: crate::read::a1(row, col),
            related: Vec::new(),
            expected: None,
            found: None,
            difference: None,
            detail: Detail::FormulaNoValue {
                cells: note.cells,
                not_computed: note.not_computed,
            },
            hints: Vec::new(),
            formula: None,
            unit: None,
            row,
            col,
            fix: None,
            file: String::new(),
        }
    }

    /// The note that a sheet's text was converted from a legacy encoding.
    pub fn legacy_text(sheet: &str, note: &crate::read::LegacyNote) -> Finding {
        Finding {
            code: Code::LegacyText,
            severity: Severity::Info,
            sheet: sheet.to_string(),
            cell: crate::read::a1(note.first.0, note.first.1),
            related: Vec::new(),
            expected: None,
            found: None,
            difference: None,
            detail: Detail::LegacyText {
                encoding: note.encoding.name(),
                cells: note.cells,
            },
            hints: Vec::new(),
            formula: None,
            unit: None,
            row: note.first.0,
            col: note.first.1,
            fix: None,
            file: String::new(),
        }
    }
}
