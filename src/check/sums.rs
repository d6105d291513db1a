//! The arithmetic every sum rule shares: effective amounts (an item's own,
//! or its children's), how two amounts agree, the addends of a sum and the
//! finding that reports it, and how a consequence is traced to its cause.

use super::*;
use std::collections::HashMap;

/// Effective amounts: an item's own amount, or the sum of its children's
/// effective amounts when it has none; `None` when nothing below it has one.
/// Only the items whose effective amounts differ from their own keep a row.
pub struct Effective<'a> {
    table: &'a Table,
    /// Per item, the row of `rows` that holds its effective amounts, or
    /// [`Effective::OWN`]: they are its own (most items: leaves).
    row_of: Vec<u32>,
    /// The effective amounts of the items whose amounts are not their own
    /// (parents, blank headings), `width` per item. (A row for every item
    /// was 10 MB per 100,000 rows, held through the checks.)
    rows: Vec<Option<Decimal>>,
    width: usize,
}

impl Effective<'_> {
    const OWN: u32 = u32::MAX;

    /// The effective amount of item `i` in numeric column `k`.
    pub fn get(&self, i: usize, k: usize) -> Option<Decimal> {
        match self.row_of.get(i) {
            Some(&r) if r != Effective::OWN => self.rows[r as usize * self.width + k],
            _ => self.table.items[i].amount(k),
        }
    }
}

pub(super) fn effective_amounts(table: &Table) -> Effective<'_> {
    let n = table.items.len();
    let width = table.numeric.len();
    let mut eff = Effective {
        table,
        row_of: vec![Effective::OWN; n],
        rows: Vec::new(),
        width,
    };
    let mut row = vec![None; width];
    // Children always come after their parent: fill from the bottom up.
    for i in (0..n).rev() {
        let item = &table.items[i];
        // A heading whose only figure is a stray 0 states nothing: it
        // stands for the sum of its rows, as a blank heading does.
        let stray = table.is_stray_zero_heading(item);
        for (c, slot) in row.iter_mut().enumerate() {
            let typed = if stray { None } else { item.amount(c) };
            *slot = typed
                .or_else(|| sum_some(item.child_indices().map(|ch| eff.get(ch, c))))
                .or_else(|| net_of_breakdown(table, i, c));
        }
        let own = row.iter().enumerate().all(|(c, v)| *v == item.amount(c));
        if !own {
            let Ok(at) = u32::try_from(eff.rows.len() / width.max(1)) else {
                continue;
            };
            if at == Effective::OWN {
                continue;
            }
            eff.row_of[i] = at;
            eff.rows.extend_from_slice(&row);
        }
    }
    eff
}

/// A blank row broken down as gross / refund / net ("Trong đó: tổng số thu
/// 66.633; số hoàn thuế −38.000; số thu cân đối 28.633"): its amount is the
/// last line, which the lines before it add up to.
pub(super) fn net_of_breakdown(table: &Table, i: usize, k: usize) -> Option<Decimal> {
    let lines: Vec<Decimal> = table
        .items
        .iter()
        .skip(i + 1)
        .take_while(|it| it.kind == ItemKind::Breakdown && it.parent_index() == Some(i))
        .filter_map(|it| it.amount(k))
        .collect();
    let (net, rest) = lines.split_last()?;
    if rest.len() < 2 || !rest.iter().any(|a| a.is_sign_negative()) {
        return None;
    }
    let sum = sum_some(rest.iter().map(|a| Some(*a)))?;
    agree(*net, sum).then_some(*net)
}

pub use crate::number::sum_some;

/// An addend of a sum, for explanations.
#[derive(Debug, Clone)]
pub struct Addend<'a> {
    /// The row added.
    pub item: &'a Item,
    /// Its (effective) amount.
    pub amount: Decimal,
    /// Its table and the numeric column summed, for its cell.
    table: &'a Table,
    k: usize,
    /// Whether the amount was typed as text (which SUM skips).
    pub from_text: bool,
}

impl<'a> Addend<'a> {
    /// The addend for item `i` of the table in numeric column `k`.
    pub fn of(table: &'a Table, eff: &Effective, i: usize, k: usize) -> Option<Addend<'a>> {
        let item = &table.items[i];
        Some(Addend {
            item,
            amount: eff.get(i, k)?,
            table,
            k,
            from_text: item
                .values
                .get(k)
                .is_some_and(|v| is_text_number(&v.reading())),
        })
    }

    /// An earlier total added by a later one (an estimate's hạng mục adds
    /// its part totals), with the amount it should state.
    pub fn of_total(table: &'a Table, total: &'a Item, amount: Decimal, k: usize) -> Addend<'a> {
        Addend {
            item: total,
            amount,
            table,
            k,
            from_text: false,
        }
    }

    /// Its cell in the column summed, A1 — made only when a finding names
    /// it (a total's hundreds of addends are checked far more often).
    pub fn cell(&self) -> String {
        self.table.cell(self.item.row, self.k)
    }
}

/// Builds the finding for a sum that does not hold, deciding between error
/// and rounding note and adding explanations.
#[allow(clippy::too_many_arguments)]
pub(super) fn sum_finding(
    cx: &mut Context,
    code: Code,
    item: &Item,
    k: usize,
    found: Decimal,
    expected: Decimal,
    addends: &[Addend],
    over: SumOver,
) -> Finding {
    let table = cx.table;
    let col = table.numeric_column(k);
    let diff = found - expected;
    let rounding = cx.rounded && is_rounding(diff, addends);
    let searched = if cx.explain_budget >= addends.len() {
        cx.explain_budget -= addends.len();
        addends
    } else {
        &[]
    };
    let mut hints = explain::explain(found, expected, searched);
    let formula = cx.formula(item.row, col.col);
    if let Some(f) = &formula {
        hints.extend(explain::formula_hints(f, addends, item.row));
    }
    // A formula that covers the right rows but whose saved value is not what
    // it computes: the workbook was not recalculated before it was saved.
    let stale =
        !rounding
            && formula.as_deref().is_some_and(|f| {
                explain::sum_formula_value(f, col.col, &|row| row_amount(table, row, k), &|row| {
                    table.items.iter().chain(&table.totals).any(|i| {
                        i.row == row && (i.kind == ItemKind::Total || !i.children.is_empty())
                    })
                })
                .is_some_and(|v| agree(v, expected))
            });
    // A SUBTOTAL computes the same under the same filter: its saved value
    // short of its own range is not stale but filtered, and the cell shows
    // an amount its rows do not add — an error at that cell.
    let filtered = stale
        && formula
            .as_deref()
            .is_some_and(|f| f.to_ascii_uppercase().contains("SUBTOTAL("));
    if filtered {
        hints.push(Hint::Filtered);
    }
    let (code, severity) = if rounding {
        (Code::Rounding, Severity::Info)
    } else if stale && !filtered {
        (Code::StaleFormula, Severity::Warning)
    } else {
        (code, Severity::Error)
    };
    let detail = Detail::Sum {
        row: row_name(item),
        column: col.label.clone(),
        over,
    };
    Finding {
        related: related_cells(addends.iter().map(Addend::cell)),
        expected: Some(expected.normalize().to_string()),
        found: Some(found.normalize().to_string()),
        difference: Some(diff.normalize()),
        hints,
        formula,
        ..Finding::at(code, severity, table, item.row, col.col, detail)
    }
}

pub use crate::number::agree;

/// How far a sum of `n` rounded shares may drift from their rounded
/// whole: independent roundings drift by about √n units (at least 2).
pub(super) fn rounding_slack(n: usize) -> Decimal {
    Decimal::from((n.isqrt() + 1).max(2))
}

/// Sums of an integer table made from unrounded allocations (each province's
/// share rounded on its own, the region's figure rounded from the unrounded
/// sum) are off by a unit or two per handful of addends, on row after row.
/// When at least three sums of a table are off by so little, on amounts a
/// thousand times larger, that is the table's rounding, not three typos:
/// they become notes. An isolated small difference, or a larger one, stays
/// an error.
pub(super) fn recurring_rounding(out: &mut [Finding]) {
    let small = |f: &Finding| -> bool {
        if f.severity != Severity::Error
            || !matches!(
                f.code,
                Code::ParentSum | Code::TotalSum | Code::ColumnSum | Code::PeriodSum
            )
        {
            return false;
        }
        let Some(d) = f.difference else { return false };
        let slack = rounding_slack(f.related.len());
        let found = f
            .found
            .as_deref()
            .and_then(|s| s.parse::<Decimal>().ok())
            .unwrap_or_default();
        !d.is_zero()
            && d.fract().is_zero()
            && d.abs() <= slack
            && found.abs() >= slack * Decimal::ONE_THOUSAND
    };
    if out.iter().filter(|f| small(f)).count() < 3 {
        return;
    }
    for f in out.iter_mut() {
        if small(f) {
            f.code = Code::Rounding;
            f.severity = Severity::Info;
        }
    }
}

/// Whether a table's figures are rounded from finer ones, so that a total
/// may differ from its items by rounding: some amount carries decimals, or
/// the unit is tỷ đồng, or the table reports accounts ("quyết toán", "ước
/// thực hiện"), which are summed before they are rounded. A plan whose items
/// are whole numbers typed by hand has nothing to round: a difference of 1
/// there is a typo.
pub fn is_rounded_table(table: &Table) -> bool {
    if table.money_unit() == Some(crate::unit::Unit::Ty) {
        return true;
    }
    let reported = table
        .title
        .iter()
        .chain(table.columns.iter().map(|c| &c.label))
        .any(|t| {
            let f = crate::text::fold(t);
            f.contains("quyết toán") || f.contains("ước thực hiện") || f.contains("final accounts")
        });
    if reported {
        return true;
    }
    table
        .items
        .iter()
        .chain(&table.totals)
        .filter(|i| i.kind != ItemKind::Ratio)
        .flat_map(|i| i.values.iter().zip(&table.numeric))
        .filter(|(_, &c)| table.columns[c].role.is_additive())
        .any(|(v, _)| v.amount().is_some_and(|a| !a.fract().is_zero()))
}

/// The row errors that could be the cause of a wrong sum (see
/// [`caused_by_a_row`]), by cell, the first of each: kept up to date as the
/// findings grow, so that each wrong sum looks at the new findings only (a
/// sheet of 100,000 running totals, each scanning every finding so far,
/// took half a minute).
#[derive(Debug, Default)]
pub(super) struct Causes {
    /// (row, column) → index in the findings, per sheet checked.
    by_cell: HashMap<(u32, u32), usize>,
    /// How many findings were looked at.
    scanned: usize,
}

impl Causes {
    fn is_cause(f: &Finding, sheet: &str) -> bool {
        f.severity == Severity::Error
            && matches!(
                f.code,
                Code::PeriodSum | Code::ColumnSum | Code::ParentSum | Code::LineAmount
            )
            && f.sheet == sheet
    }

    /// Takes in the findings added since the last look; starts over when
    /// some were removed.
    fn update(&mut self, out: &[Finding], sheet: &str) {
        if self.scanned > out.len() {
            self.by_cell.clear();
            self.scanned = 0;
        }
        for (i, f) in out.iter().enumerate().skip(self.scanned) {
            if Causes::is_cause(f, sheet) {
                self.by_cell.entry((f.row, f.col)).or_insert(i);
            }
        }
        self.scanned = out.len();
    }

    /// The finding at a cell, checked against the findings as they are now
    /// (an index gone stale when findings were removed and others added
    /// makes it look again from the start).
    fn at(&mut self, out: &[Finding], sheet: &str, cell: (u32, u32)) -> Option<usize> {
        let fresh = |i: usize| {
            out.get(i)
                .is_some_and(|f| Causes::is_cause(f, sheet) && (f.row, f.col) == cell)
        };
        match self.by_cell.get(&cell) {
            Some(&i) if fresh(i) => Some(i),
            None => None,
            Some(_) => {
                self.by_cell.clear();
                self.scanned = 0;
                self.update(out, sheet);
                self.by_cell.get(&cell).copied().filter(|&i| fresh(i))
            }
        }
    }
}

/// Points at the cause: when a sum over `addends` in numeric column `k`
/// disagrees with `found`, and one addend's own row breaks a relation
/// (`period-sum`, `column-sum`) or its own sum (`parent-sum`: a subtotal
/// typed over correct items) by exactly the difference, the mistake is
/// that addend's cell, already reported: the sum's cell becomes a related
/// cell of that finding and no second error is made. Returns whether so.
#[allow(clippy::too_many_arguments)]
pub(super) fn caused_by_a_row(
    causes: &mut Causes,
    out: &mut [Finding],
    table: &Table,
    addends: &[Addend],
    k: usize,
    found: Decimal,
    expected: Decimal,
    sum_row: u32,
) -> bool {
    let col = table.numeric_column(k).col;
    causes.update(out, &table.sheet);
    if causes.by_cell.is_empty() {
        return false;
    }
    for a in addends {
        let cell = (a.item.row, a.table.numeric_column(a.k).col);
        let Some(at) = causes.at(out, &table.sheet, cell) else {
            continue;
        };
        let f = &mut out[at];
        let Some(delta) = f.difference else { continue };
        if agree(found, expected.saturating_sub(delta)) {
            let sum_cell = crate::read::a1(sum_row, col);
            if !f.related.contains(&sum_cell) {
                f.related.push(sum_cell);
            }
            return true;
        }
    }
    false
}

/// A row relation (`period-sum`, `column-sum`) that fails only because one
/// of the row's own cells is a subtotal typed wrong (its `parent-sum` or
/// `total-sum` error, by the opposite difference) says nothing new: the
/// relation's cell becomes a related cell of that error.
pub(super) fn drop_consequences(out: &mut Vec<Finding>) {
    // The subtotal errors by sheet and row: each relation looks at its own
    // row's only (scanning every finding for each made a sheet of many
    // wrong rows quadratic).
    let mut subtotals: HashMap<(&str, u32), Vec<usize>> = HashMap::new();
    for (i, g) in out.iter().enumerate() {
        if g.severity == Severity::Error && matches!(g.code, Code::ParentSum | Code::TotalSum) {
            subtotals
                .entry((g.sheet.as_str(), g.row))
                .or_default()
                .push(i);
        }
    }
    let mut causes: Vec<(usize, usize)> = Vec::new();
    for (i, f) in out.iter().enumerate() {
        if f.severity != Severity::Error || !matches!(f.code, Code::PeriodSum | Code::ColumnSum) {
            continue;
        }
        let Some(delta) = f.difference else { continue };
        let Some(candidates) = subtotals.get(&(f.sheet.as_str(), f.row)) else {
            continue;
        };
        let cause = candidates.iter().copied().find(|&c| {
            let g = &out[c];
            f.related.contains(&g.cell) && g.difference.is_some_and(|d| agree(d, -delta))
        });
        if let Some(c) = cause {
            causes.push((i, c));
        }
    }
    drop(subtotals);
    let mut dropped = vec![false; out.len()];
    for (i, c) in causes {
        let cell = out[i].cell.clone();
        if !out[c].related.contains(&cell) {
            out[c].related.push(cell);
        }
        dropped[i] = true;
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
}

/// The saved amount of the table's row `row` (absolute) in numeric column
/// `k`, and whether it is text (which SUM skips).
pub(super) fn row_amount(table: &Table, row: u32, k: usize) -> Option<(Decimal, bool)> {
    let item = table
        .items
        .iter()
        .chain(&table.totals)
        .find(|i| i.row == row)?;
    let v = item.values.get(k)?;
    Some((v.amount()?, is_text_number(&v.reading())))
}

/// At most 50 related cells: enough to find them, not a wall of addresses.
pub(super) fn related_cells(cells: impl Iterator<Item = String>) -> Vec<String> {
    cells.take(50).collect()
}

/// A difference that rounding explains: at most 3 units and half a unit per
/// addend, and only if the addends are not all round numbers (round items
/// have nothing to round).
pub(super) fn is_rounding(diff: Decimal, addends: &[Addend]) -> bool {
    let d = diff.abs();
    if d.is_zero() || d > Decimal::from(3) {
        return false;
    }
    // The total and each addend are rounded by at most half a unit each.
    let half_per_item = Decimal::from(addends.len().max(1) + 1) / Decimal::from(2);
    if d > half_per_item {
        return false;
    }
    let ten = Decimal::from(10);
    !addends.iter().all(|a| (a.amount % ten).is_zero())
}

/// How a row is named in messages.
pub fn row_name(item: &Item) -> String {
    match item.kind {
        ItemKind::Total => {
            if item.content.is_empty() {
                "Tổng cộng".into()
            } else {
                item.content.to_string()
            }
        }
        _ => item.name(),
    }
}

/// Whether a value was typed as text that SUM would skip.
pub fn is_text_number(reading: &Reading) -> bool {
    matches!(reading, Reading::Text(_) | Reading::Ambiguous)
}

/// How much of a table's arithmetic the checks compared: every stated cell
/// with an edge in the table's relations graph is checked when its edge is
/// confirmed, the cell holds an amount and something it adds does; else it
/// is listed with the reason. Computed row by row from
/// [`crate::model::graph::for_each_edge`], so a large table holds no more
/// than one row's cells.
pub fn coverage(table: &Table) -> crate::model::graph::Coverage {
    use crate::model::graph::{for_each_edge, Coverage, EdgeKind, Unchecked, UncheckedReason};
    let eff = effective_amounts(table);
    let mut index: HashMap<u32, usize> = HashMap::new();
    for (i, it) in table.items.iter().enumerate() {
        index.insert(it.row, i);
    }
    let totals: HashMap<u32, &Item> = table.totals.iter().map(|t| (t.row, t)).collect();
    let amount = |row: u32, col: u32| -> Option<Decimal> {
        let k = table.numeric_index(col)?;
        match index.get(&row) {
            Some(&i) => eff.get(i, k),
            None => totals.get(&row).and_then(|t| t.amount(k)),
        }
    };
    let stated = |row: u32, col: u32| -> Option<Decimal> {
        let k = table.numeric_index(col)?;
        match index.get(&row) {
            Some(&i) => table.items[i].amount(k),
            None => totals.get(&row).and_then(|t| t.amount(k)),
        }
    };
    // Whether a top-level item holds an amount in a column: what a total
    // adds, the same for every total.
    let top_has: Vec<(u32, bool)> = (0..table.numeric.len())
        .map(|k| {
            let any = table.items.iter().enumerate().any(|(i, it)| {
                it.kind == ItemKind::Item && it.parent_index().is_none() && eff.get(i, k).is_some()
            });
            (table.numeric_column(k).col, any)
        })
        .collect();
    let top_has_amount = |col: u32| top_has.iter().any(|&(c, any)| c == col && any);
    // An estimate's totals add their own scope (a part, a hạng mục, the
    // total above for LÀM TRÒN): checked only where the scope holds an
    // amount.
    let by_scope = table.estimate
        || table
            .totals
            .iter()
            .any(|t| crate::model::is_tax_label(&t.content));
    let scoped: HashMap<u32, Vec<Option<Decimal>>> = if by_scope {
        let scopes = super::estimate::scopes(table);
        let per_column: Vec<Vec<Option<Decimal>>> = (0..table.numeric.len())
            .map(|k| super::estimate::expected(table, &scopes, &eff, k))
            .collect();
        table
            .totals
            .iter()
            .enumerate()
            .map(|(t, total)| {
                (
                    total.row,
                    per_column
                        .iter()
                        .map(|exp| exp.get(t).copied().flatten())
                        .collect(),
                )
            })
            .collect()
    } else {
        HashMap::new()
    };
    let total_checked = |row: u32, col: u32| -> bool {
        if !by_scope {
            return top_has_amount(col);
        }
        let Some(k) = table.numeric_index(col) else {
            return false;
        };
        scoped
            .get(&row)
            .is_some_and(|exp| exp.get(k).copied().flatten().is_some())
    };
    let mut cov = Coverage::default();
    // The cells of the row being walked: (column, checked or why not).
    let mut row_cells: Vec<(u32, Result<(), UncheckedReason>)> = Vec::new();
    let mut current: Option<u32> = None;
    let mut flush = |cells: &mut Vec<(u32, Result<(), UncheckedReason>)>, row: u32| {
        for (col, status) in cells.drain(..) {
            match status {
                Ok(()) => cov.checked += 1,
                Err(reason) => cov.unchecked.push(Unchecked { row, col, reason }),
            }
        }
    };
    for_each_edge(table, |e| {
        if current != Some(e.row) {
            if let Some(r) = current {
                flush(&mut row_cells, r);
            }
            current = Some(e.row);
        }
        let status = if !e.confirmed {
            Err(UncheckedReason::Unconfirmed)
        } else if stated(e.row, e.col).is_none() {
            Err(UncheckedReason::Unreadable)
        } else if e.kind == EdgeKind::Total && total_checked(e.row, e.col)
            || e.addends.iter().any(|&(r, c)| amount(r, c).is_some())
        {
            Ok(())
        } else {
            Err(UncheckedReason::NoAddends)
        };
        match row_cells.iter_mut().find(|(c, _)| *c == e.col) {
            Some((_, s)) => {
                if status.is_ok() {
                    *s = Ok(());
                }
            }
            None => row_cells.push((e.col, status)),
        }
    });
    if let Some(r) = current {
        flush(&mut row_cells, r);
    }
    cov.unread_columns.clone_from(&table.unread_columns);
    cov
}
