//! The stable codes of findings, as reports and JSON print them
//! (docs/findings.md).

use serde::Serialize;

/// The stable code of a finding (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// `parent-sum` (error): a parent or section row is not the sum of its children.
    ParentSum,
    /// `total-sum` (error): a total row is not the sum of what it totals.
    TotalSum,
    /// `period-sum` (error): a row's period total is not the sum of its years.
    PeriodSum,
    /// `line-amount` (error): Thành tiền is not Khối lượng × Đơn giá.
    LineAmount,
    /// `quantity-breakdown` (error): an estimate line's quantity is not
    /// what its diễn giải rows add up to, where the table's other lines
    /// agree with theirs.
    QuantityBreakdown,
    /// `rounding` (info): a sum off by what rounding explains, in a rounded table.
    Rounding,
    /// `malformed-number` (error): an amount cell holds text that is no number.
    MalformedNumber,
    /// `broken-formula` (error): an amount cell holds an error value (`#REF!`).
    BrokenFormula,
    /// `text-number` (warning): a number stored as text, which SUM skips.
    TextNumber,
    /// `ambiguous-number` (warning): `1.200` could be read two ways.
    AmbiguousNumber,
    /// `duplicate-stt` (warning): the same numbering twice.
    DuplicateStt,
    /// `numbering-gap` (warning): the numbering skips.
    NumberingGap,
    /// `numbering-order` (warning): the numbering goes backwards.
    NumberingOrder,
    /// `wrong-parent` (warning): a dotted number under another parent.
    WrongParent,
    /// `duplicate-row` (warning): two items state the same thing.
    DuplicateRow,
    /// `unit-missing` (warning): a money table states no unit.
    UnitMissing,
    /// `unit-magnitude` (warning): an amount implausible for the unit.
    UnitMagnitude,
    /// `thousand-outlier` (warning): a value about 1000 times off its column.
    ThousandOutlier,
    /// `words-match` (info): the words line states a total of the table.
    WordsMatch,
    /// `words-mismatch` (error): the words line states another amount.
    WordsMismatch,
    /// `words-unreadable` (warning): the words line cannot be read.
    WordsUnreadable,
    /// `column-sum` (error): a column that a legend or group says is a sum of others is not.
    ColumnSum,
    /// `column-partial` (warning): "Trong đó" parts exceed the column they break down, or fall short in a way that may be incomplete.
    ColumnPartial,
    /// `items-incomplete` (warning): a row exceeds its listed items for a reason the sheet shows.
    ItemsIncomplete,
    /// `legacy-text` (info): cells typed in TCVN3 or VNI, read as Unicode.
    LegacyText,
    /// `stale-formula` (warning): a SUM over the right rows whose saved value is stale.
    StaleFormula,
    /// `amount-too-large` (error): an amount beyond any budget, never added.
    AmountTooLarge,
    /// `provisional-price` (info): an estimate line priced provisionally (TT).
    ProvisionalPrice,
    /// `repeated-line` (warning): an estimate line repeated within one part.
    RepeatedLine,
    /// `summary-formula` (error): a cost summary row is not what its stated
    /// computation ("T x 6,5%") gives.
    SummaryFormula,
    /// `over-ceiling` (error): an estimate's total above the approved
    /// ceiling (`--ceiling`, or a "Tổng mức đầu tư" row).
    OverCeiling,
    /// `implied-rate` (info): a cost summary's rate row written without its
    /// computation, and the rate it applies to its usual base.
    ImpliedRate,
    /// `summary-base` (error): a cost summary's base row (T, VL, NC, M) is
    /// not its detail sheet's total.
    SummaryBase,
    /// `unit-scale` (warning; error for a quantity typed in m3 into a
    /// 100m3 line): an estimate line priced or measured about 100 or 1000
    /// times off the other lines of its work code.
    UnitScale,
    /// `summary-mismatch` (error): a summary's line is not what its detail
    /// adds up to (`phuluc reconcile`).
    SummaryMismatch,
    /// `summary-line-missing` (warning): a line on one side of a summary
    /// and its detail only (`phuluc reconcile`).
    SummaryLineMissing,
    /// `vat-rate` (warning): a VAT line at a rate other than the one in
    /// force on the estimate's date (rates table).
    VatRate,
    /// `formula-no-value` (warning): formulas saved without their results
    /// (a file written by a program that does not calculate); phuluc
    /// computed them.
    FormulaNoValue,
    /// `structure-unconfirmed` (warning; info for a reading phuluc
    /// inferred): a relation between columns that the header declares
    /// fails on most rows — a misreading, checked on no row.
    StructureUnconfirmed,
    /// `copy-of-table` (info): the table repeats another sheet's table
    /// figure for figure; its findings are said there, once.
    CopyOfTable,
}

impl Code {
    /// The code as printed: `total-sum`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::ParentSum => "parent-sum",
            Code::TotalSum => "total-sum",
            Code::PeriodSum => "period-sum",
            Code::LineAmount => "line-amount",
            Code::QuantityBreakdown => "quantity-breakdown",
            Code::Rounding => "rounding",
            Code::MalformedNumber => "malformed-number",
            Code::BrokenFormula => "broken-formula",
            Code::TextNumber => "text-number",
            Code::AmbiguousNumber => "ambiguous-number",
            Code::DuplicateStt => "duplicate-stt",
            Code::NumberingGap => "numbering-gap",
            Code::NumberingOrder => "numbering-order",
            Code::WrongParent => "wrong-parent",
            Code::DuplicateRow => "duplicate-row",
            Code::UnitMissing => "unit-missing",
            Code::UnitMagnitude => "unit-magnitude",
            Code::ThousandOutlier => "thousand-outlier",
            Code::WordsMatch => "words-match",
            Code::WordsMismatch => "words-mismatch",
            Code::WordsUnreadable => "words-unreadable",
            Code::ColumnSum => "column-sum",
            Code::ColumnPartial => "column-partial",
            Code::ItemsIncomplete => "items-incomplete",
            Code::LegacyText => "legacy-text",
            Code::StaleFormula => "stale-formula",
            Code::AmountTooLarge => "amount-too-large",
            Code::ProvisionalPrice => "provisional-price",
            Code::RepeatedLine => "repeated-line",
            Code::SummaryFormula => "summary-formula",
            Code::FormulaNoValue => "formula-no-value",
            Code::StructureUnconfirmed => "structure-unconfirmed",
            Code::CopyOfTable => "copy-of-table",
            Code::VatRate => "vat-rate",
            Code::UnitScale => "unit-scale",
            Code::OverCeiling => "over-ceiling",
            Code::SummaryBase => "summary-base",
            Code::ImpliedRate => "implied-rate",
            Code::SummaryMismatch => "summary-mismatch",
            Code::SummaryLineMissing => "summary-line-missing",
        }
    }

    /// Every code, in documentation order.
    pub const ALL: [Code; 40] = [
        Code::ParentSum,
        Code::TotalSum,
        Code::PeriodSum,
        Code::ColumnSum,
        Code::ColumnPartial,
        Code::StructureUnconfirmed,
        Code::ItemsIncomplete,
        Code::LineAmount,
        Code::QuantityBreakdown,
        Code::Rounding,
        Code::MalformedNumber,
        Code::BrokenFormula,
        Code::TextNumber,
        Code::AmbiguousNumber,
        Code::DuplicateStt,
        Code::NumberingGap,
        Code::NumberingOrder,
        Code::WrongParent,
        Code::DuplicateRow,
        Code::UnitMissing,
        Code::UnitMagnitude,
        Code::ThousandOutlier,
        Code::WordsMatch,
        Code::WordsMismatch,
        Code::WordsUnreadable,
        Code::LegacyText,
        Code::CopyOfTable,
        Code::FormulaNoValue,
        Code::StaleFormula,
        Code::AmountTooLarge,
        Code::ProvisionalPrice,
        Code::RepeatedLine,
        Code::SummaryFormula,
        Code::VatRate,
        Code::UnitScale,
        Code::OverCeiling,
        Code::SummaryBase,
        Code::ImpliedRate,
        Code::SummaryMismatch,
        Code::SummaryLineMissing,
    ];
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
