//! The live formulas of a cost estimate (dự toán), for the appendix-sheet
//! writer: a line's Thành tiền as Khối lượng × Đơn giá (and its material,
//! labour and machine parts likewise, Đơn giá as their sum), each total as
//! a SUM over what it adds (its part's lines, or the part totals), LÀM TRÒN
//! as ROUND of the total above, a tax line as its rate of its base, and a
//! cost summary's rows from their stated computation ("(T+C) x 5,5%").
//!
//! Each formula comes with the value it computes, and is offered only when
//! that value is the amount the table states (exactly, or rounded as the
//! amount is written: `=ROUND(E9*F9,0)`); otherwise the writer keeps the
//! number, so that a saved value never differs from what its formula
//! computes.

use crate::check::estimate::Scope;
use crate::check::sum_some;
use crate::detect::Role;
use crate::model::{ItemKind, Table};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// A formula body (without '=') and the value it computes.
pub(super) type Computed = (String, Decimal);

/// The numeric column (index into `Table::numeric`) of a role.
fn numeric_of(table: &Table, role: Role) -> Option<usize> {
    (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == role)
}

/// `formula` if it computes `stated` (at the precision the figures carry),
/// `ROUND(formula, places)` if it does at the decimals `stated` is written
/// with; else nothing.
fn as_stated(formula: String, value: Decimal, stated: Option<Decimal>) -> Option<Computed> {
    let stated = stated?;
    // Equal at the precision the figures carry (a total Excel saved as a
    // double is the exact sum to 15 digits): the formula, with its value.
    if crate::check::agree(stated, value) {
        return Some((formula, value));
    }
    let places = stated.normalize().scale();
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    (rounded == stated).then(|| (format!("ROUND({formula},{places})"), rounded))
}

/// Cell references as Excel reads them best: consecutive rows of one
/// column as a range (`G9:G11`), the rest one by one; `None` past Excel's
/// limits on a formula (the total is then written as its number).
fn sum_of(col: &str, rows: &mut [u32]) -> Option<String> {
    rows.sort_unstable();
    let formula = super::parts::sum_of_rows(col, rows.iter().copied())?;
    Some(formula.trim_start_matches('=').to_string())
}

/// The formula of an estimate line's cell in numeric column `k`, in output
/// row `row`; `col_of(k)` is the output column's letters.
pub(super) fn line_formula(
    table: &Table,
    i: usize,
    k: usize,
    row: u32,
    col_of: &dyn Fn(usize) -> String,
) -> Option<Computed> {
    let item = &table.items[i];
    if !table.estimate || item.kind != ItemKind::Item {
        return None;
    }
    let at = |k: usize| format!("{}{}", col_of(k), row + 1);
    let product = |a: Role, b: Role| {
        let (ka, kb) = (numeric_of(table, a)?, numeric_of(table, b)?);
        let value = item.amount(ka)?.checked_mul(item.amount(kb)?)?;
        as_stated(format!("{}*{}", at(ka), at(kb)), value, item.amount(k))
    };
    match table.numeric_column(k).role {
        Role::Amount => product(Role::Quantity, Role::UnitPrice),
        Role::AmountMaterial => product(Role::Quantity, Role::PriceMaterial),
        Role::AmountLabour => product(Role::Quantity, Role::PriceLabour),
        Role::AmountMachine => product(Role::Quantity, Role::PriceMachine),
        Role::UnitPrice => {
            let parts: Vec<usize> = [Role::PriceMaterial, Role::PriceLabour, Role::PriceMachine]
                .into_iter()
                .filter_map(|r| numeric_of(table, r))
                .filter(|&p| item.amount(p).is_some())
                .collect();
            if parts.len() < 2 {
                return None;
            }
            let value = sum_some(parts.iter().map(|&p| item.amount(p)))?;
            let refs: Vec<String> = parts.iter().map(|&p| at(p)).collect();
            as_stated(refs.join("+"), value, item.amount(k))
        }
        _ => None,
    }
}

/// The lines a total adds for one top-level item: the item itself when it
/// states an amount, else the lines under it (a part heading is blank).
fn lines_of(table: &Table, i: usize, k: usize, out: &mut Vec<usize>) {
    let item = &table.items[i];
    if item.amount(k).is_some() {
        out.push(i);
        return;
    }
    for c in item.child_indices() {
        if table.items[c].kind == ItemKind::Item {
            lines_of(table, c, k, out);
        }
    }
}

/// Where items and totals were written: output rows by index.
pub(super) struct Placed<'a> {
    pub(super) items: &'a [u32],
    pub(super) totals: &'a [u32],
}

/// The value an estimate line's cell in column `k` is written with: what
/// its formula computes, or its amount where it gets none.
fn line_value(table: &Table, i: usize, k: usize) -> Option<Decimal> {
    line_formula(table, i, k, 0, &|_| String::new())
        .map(|(_, v)| v)
        .or_else(|| table.items[i].amount(k))
}

/// The formula of every total (by index into `Table::totals`) in numeric
/// column `k`, from what each covers (`scopes`, see `check::estimate`),
/// computed in row order from the values the cells they add are written
/// with — so that each saved value is exactly what its formula computes.
pub(super) fn total_formulas(
    table: &Table,
    scopes: &[Scope],
    k: usize,
    placed: &Placed<'_>,
    col_of: &dyn Fn(usize) -> String,
) -> Vec<Option<Computed>> {
    let mut out: Vec<Option<Computed>> = vec![None; table.totals.len()];
    if !table.estimate || !table.numeric_column(k).role.is_additive() {
        return out;
    }
    let col = col_of(k);
    let total_at = |j: usize| Some(format!("{col}{}", placed.totals.get(j)? + 1));
    // What each total is written with, filled in row order.
    let mut written: Vec<Option<Decimal>> = table.totals.iter().map(|t| t.amount(k)).collect();
    let mut order: Vec<usize> = (0..table.totals.len()).collect();
    order.sort_by_key(|&t| table.totals[t].row);
    for t in order {
        let stated = table.totals[t].amount(k);
        let formula = match scopes.get(t) {
            Some(Scope::Items(items)) => {
                let mut lines = Vec::new();
                for &i in items {
                    lines_of(table, i, k, &mut lines);
                }
                sum_some(lines.iter().map(|&i| line_value(table, i, k))).and_then(|value| {
                    let mut rows: Vec<u32> = lines
                        .iter()
                        .filter_map(|&i| placed.items.get(i).copied())
                        .collect();
                    as_stated(sum_of(&col, &mut rows)?, value, stated)
                })
            }
            Some(Scope::Totals(ts)) => {
                let with: Vec<usize> = ts
                    .iter()
                    .copied()
                    .filter(|&j| written[j].is_some())
                    .collect();
                sum_some(with.iter().map(|&j| written[j])).and_then(|value| {
                    let mut rows: Vec<u32> = with
                        .iter()
                        .filter_map(|&j| placed.totals.get(j).copied())
                        .collect();
                    as_stated(sum_of(&col, &mut rows)?, value, stated)
                })
            }
            Some(Scope::Rounded(j)) => written[*j].and_then(|base| {
                let unit = table.money_unit().unwrap_or(crate::unit::Unit::Dong);
                let value = crate::check::estimate::round_to_thousand_dong(base, unit);
                // 1.000 đồng in the table's unit, as ROUND's digits.
                let digits = match unit {
                    crate::unit::Unit::Dong => -3,
                    crate::unit::Unit::Nghin => 0,
                    crate::unit::Unit::Trieu => 3,
                    crate::unit::Unit::Ty => 6,
                };
                let formula = format!("ROUND({},{digits})", total_at(*j)?);
                (Some(value) == stated).then_some((formula, value))
            }),
            Some(Scope::Tax(j, Some(rate))) => written[*j].and_then(|base| {
                let value = base.checked_mul(*rate)?.checked_div(Decimal::ONE_HUNDRED)?;
                let fraction = rate.checked_div(Decimal::ONE_HUNDRED)?.normalize();
                as_stated(format!("{}*{fraction}", total_at(*j)?), value, stated)
            }),
            _ => None,
        };
        if let Some((_, v)) = &formula {
            written[t] = Some(*v);
        }
        out[t] = formula;
    }
    out
}

/// The formulas of a cost summary's rows (by item index), from the stated
/// computation in its "Cách tính" column, with the symbols ("T", "C") as
/// the cells of the amount column; `rows[i]` is where item `i` was written.
pub(super) fn summary_formulas(
    table: &Table,
    rows: &[u32],
    col_of: &dyn Fn(usize) -> String,
) -> HashMap<(usize, usize), Computed> {
    let mut out = HashMap::new();
    let text_at = |role: Role| {
        table
            .text_columns
            .iter()
            .position(|&c| table.columns[c].role == role)
    };
    let (Some(formula_at), Some(symbol_at)) = (text_at(Role::Formula), text_at(Role::Symbol))
    else {
        return out;
    };
    let Some(k) = numeric_of(table, Role::Amount)
        .or_else(|| (0..table.numeric.len()).find(|&k| table.numeric_column(k).role.is_additive()))
    else {
        return out;
    };
    let col = col_of(k);
    let text = |i: usize, at: usize| {
        table.items[i]
            .texts
            .get(at)
            .map(|t| t.trim().to_uppercase())
            .unwrap_or_default()
    };
    // The cells of the symbols of the rows above: a formula refers only to
    // them, so that no two rows can refer to each other (a circular
    // reference is an error in Excel); a row computed from a row below
    // keeps its number.
    let mut cells: HashMap<String, String> = HashMap::new();
    // Each symbol's value: as stated, then, row by row, as written (what
    // its formula computes), so that the rows below compute from it.
    let mut values: HashMap<String, Decimal> = HashMap::new();
    for (i, item) in table.items.iter().enumerate() {
        let symbol = text(i, symbol_at);
        if let (false, Some(v)) = (symbol.is_empty(), item.amount(k)) {
            values.insert(symbol, v);
        }
    }
    let mut order: Vec<usize> = (0..table.items.len()).collect();
    order.sort_by_key(|&i| table.items[i].row);
    for i in order {
        let item = &table.items[i];
        let own = text(i, symbol_at);
        let stated_text = item.texts.get(formula_at).map(|t| t.trim()).unwrap_or("");
        let cell_of = |name: &str| cells.get(&name.to_uppercase()).cloned();
        let lookup = |name: &str| values.get(&name.to_uppercase()).copied();
        let done = (!stated_text.is_empty())
            .then(|| {
                let formula = crate::check::cost_summary::to_excel(stated_text, &cell_of)?;
                let eval = crate::check::cost_summary::evaluate(stated_text, &lookup)?;
                as_stated(formula, eval.value, item.amount(k))
            })
            .flatten();
        if let Some(done) = done {
            if !own.is_empty() {
                values.insert(own.clone(), done.1);
            }
            out.insert((i, k), done);
        }
        // Rows below may now refer to this one.
        if let (false, Some(_), Some(r)) = (own.is_empty(), item.amount(k), rows.get(i)) {
            cells.insert(own, format!("{col}{}", r + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_make_one_range() {
        assert_eq!(
            sum_of("G", &mut [8, 10, 9, 13]).as_deref(),
            Some("SUM(G9:G11,G14)")
        );
        assert_eq!(sum_of("G", &mut [4]).as_deref(), Some("SUM(G5)"));
    }

    #[test]
    fn a_formula_is_offered_only_for_the_value_stated() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            as_stated("E9*F9".into(), d("4320987.615"), Some(d("4320987.615"))),
            Some(("E9*F9".into(), d("4320987.615")))
        );
        assert_eq!(
            as_stated("E9*F9".into(), d("4320987.615"), Some(d("4320988"))),
            Some(("ROUND(E9*F9,0)".into(), d("4320988")))
        );
        assert_eq!(
            as_stated("E9*F9".into(), d("4320987.615"), Some(d("4320990"))),
            None
        );
        assert_eq!(as_stated("E9*F9".into(), d("1"), None), None);
    }
}
