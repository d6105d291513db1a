//! Checks: rules that read a [`Table`] and produce [`Finding`]s, one rule per
//! file. Every finding names its sheet and A1 cell; arithmetic ones say what
//! was expected, what was found, by how much and, where it can, why.
//!
//! | code | severity | rule |
//! |---|---|---|
//! | `parent-sum` | error | a parent row's amount equals the sum of its children |
//! | `total-sum` | error | the total row equals the sum of the top-level items |
//! | `period-sum` | error | the period total equals the sum of the year columns |
//! | `line-amount` | error | Thành tiền = Số lượng × Đơn giá |
//! | `rounding` | info | a sum off by rounding only (1–3 units, items not round) |
//! | `malformed-number` | error | an amount cell that is no number |
//! | `broken-formula` | error | `#REF!`, `#VALUE!` … in an amount cell |
//! | `text-number` | warning | a number stored as text |
//! | `ambiguous-number` | info | `1.200`: how it was read and why |
//! | `duplicate-stt` | warning | the same numbering twice |
//! | `numbering-gap` | warning | numbering skips (I then III) |
//! | `numbering-order` | warning | numbering goes backwards |
//! | `wrong-parent` | warning | 1.4.1 under 1.3 |
//! | `duplicate-row` | warning | two items that state the same thing |
//! | `unit-missing` | warning | a money table that states no unit |
//! | `unit-magnitude` | warning | an amount implausible for the stated unit |
//! | `thousand-outlier` | warning | a value ~1000× off its column |
//! | `words-match` | info | the words line states a total of the table |
//! | `words-mismatch` | error | the words line states another amount |
//! | `words-unreadable` | warning | the words line cannot be read |

pub mod ceiling;
pub(crate) use estimate_summary::check as check_estimate_summary;
mod code;
mod column_sum;
mod copies;
pub(crate) mod cost_summary;
mod duplicate_row;
pub(crate) mod estimate;
mod estimate_lines;
mod estimate_summary;
mod explain;
mod finding;
pub mod formula;
mod line_amount;
mod numbering;
mod numbers;
mod outlier;
mod parent_sum;
mod period_sum;
mod quantity_breakdown;
mod sums;
mod total_sum;
mod unit;
mod unit_scale;
pub(crate) mod vat_rate;
mod words;

pub use code::Code;
pub use copies::fold_copies;
pub use explain::Hint;
pub use finding::{
    Detail, Finding, GapReason, Location, MagnitudeReason, Severity, Suggestion, SumOver,
};
pub use sums::coverage;
pub(crate) use sums::{agree, is_rounded_table, row_name, sum_some, Addend, Effective};
use sums::{
    caused_by_a_row, drop_consequences, effective_amounts, recurring_rounding, sum_finding,
};

use crate::model::{Item, ItemKind, Reading, Table};
use rust_decimal::Decimal;

/// What a rule may look at beyond the table: the sheet's formulas, read on
/// first use only.
pub struct Context<'a> {
    table: &'a Table,
    formulas: Option<crate::read::Formulas>,
    load_formulas: &'a mut dyn FnMut() -> crate::read::Formulas,
    /// Text cells are the norm in CSV: not worth a warning there.
    pub text_is_normal: bool,
    /// Whether the table's figures are rounded from finer ones (see
    /// `is_rounded_table`): only then is a small difference rounding.
    pub rounded: bool,
    /// Addends the explanations of wrong sums may still look through
    /// (which rows are missing, counted twice): a sheet of thousands of
    /// wrong running totals, each over thousands of rows, must not take
    /// hours. Past it, a wrong sum is still found, with fewer hints.
    explain_budget: usize,
    /// The row errors a wrong sum may be the consequence of.
    causes: sums::Causes,
}

/// Addends explained per check of a table (see `Context::explain_budget`).
const EXPLAIN_BUDGET: usize = 500_000;

impl<'a> Context<'a> {
    /// The formula of a cell (absolute position), without the leading '='.
    pub fn formula(&mut self, row: u32, col: u32) -> Option<String> {
        if self.formulas.is_none() {
            self.formulas = Some((self.load_formulas)());
        }
        self.formulas
            .as_ref()
            .and_then(|f| f.get(&(row, col)))
            .filter(|s| !s.is_empty())
            .cloned()
    }

    /// The table being checked.
    pub fn table(&self) -> &'a Table {
        self.table
    }
}

/// Items from which the rules are shared between two cores: below it, the
/// hand-over costs more than it saves (a commune's table has a few hundred).
const PARALLEL_RULES_ITEMS: usize = 5_000;

/// Runs every rule on a table. `formulas` reads the sheet's formulas; it is
/// called at most once, and only when a finding needs them.
pub fn run(table: &Table, formulas: &mut dyn FnMut() -> crate::read::Formulas) -> Vec<Finding> {
    run_with(table, formulas, false)
}

/// [`run`], telling whether text numbers are normal (CSV input).
pub fn run_with(
    table: &Table,
    formulas: &mut dyn FnMut() -> crate::read::Formulas,
    text_is_normal: bool,
) -> Vec<Finding> {
    let mut cx = Context {
        table,
        formulas: None,
        load_formulas: formulas,
        text_is_normal,
        rounded: is_rounded_table(table),
        explain_budget: EXPLAIN_BUDGET,
        causes: sums::Causes::default(),
    };
    let rounded = cx.rounded;
    // The rules that read neither formulas nor earlier findings (numbering,
    // repetition, an estimate's lines and summary) run on another core
    // while the sums are checked, when the table is large enough for it to
    // pay; their findings follow the others' as if run after them, so the
    // output is the same either way.
    let independent = move |part: usize, out: &mut Vec<Finding>| {
        let mut none = crate::read::Formulas::default;
        let mut cx = Context {
            table,
            formulas: None,
            load_formulas: &mut none,
            text_is_normal,
            rounded,
            explain_budget: 0,
            causes: sums::Causes::default(),
        };
        if part == 0 {
            numbering::check(&mut cx, out);
            // An estimate repeats work items on purpose (the same excavation
            // in every part): repetition there is not a pasted line, except
            // the same line twice within one part (`estimate_lines`).
            if !table.estimate {
                duplicate_row::check(&mut cx, out);
            }
            estimate_lines::check(&mut cx, out);
        } else {
            unit_scale::check(&mut cx, out);
            cost_summary::check(&mut cx, out);
        }
    };
    let mut out = Vec::new();
    let (mut side, mut last) = (Vec::new(), Vec::new());
    let parallel = table.items.len() >= PARALLEL_RULES_ITEMS;
    rayon::in_place_scope(|scope| {
        if parallel {
            scope.spawn(|_| independent(0, &mut side));
            scope.spawn(|_| independent(1, &mut last));
        }
        numbers::check(&mut cx, &mut out);
        // Lines first: a total off by what one line is off by is that line's
        // mistake (see `caused_by_a_row`).
        line_amount::check(&mut cx, &mut out);
        quantity_breakdown::check(&mut cx, &mut out);
        if table.has_money {
            let eff = effective_amounts(table);
            // Row relations first: a subtotal off by what one item's own row
            // is off by is that item's mistake (see `caused_by_a_row`).
            period_sum::check(&mut cx, &mut out);
            column_sum::check(&mut cx, &mut out);
            // A cost summary's rows are checked by their Cách tính
            // (`cost_summary`), never as an outline.
            if !table.is_cost_summary() {
                parent_sum::check(&mut cx, &eff, &mut out);
            }
            total_sum::check(&mut cx, &eff, &mut out);
            drop_consequences(&mut out);
            if !rounded {
                recurring_rounding(&mut out);
            }
            unit::check(&mut cx, &eff, &mut out);
            outlier::check(&mut cx, &mut out);
            words::check(&mut cx, &eff, &mut out);
        }
    });
    if !parallel {
        independent(0, &mut side);
        independent(1, &mut last);
    }
    out.append(&mut side);
    out.append(&mut last);
    out.sort_by_key(|f| (f.row, f.col, f.code));
    out
}
