//! What a table's columns mean, decided from their header and confirmed by
//! their data, for the consumers that must take the right ones: `rollup`,
//! `reconcile` and the province report add only the years of the plan;
//! `format` writes a percentage as a percentage.
//!
//! Detection gives a column a [`Role`] from its label alone: "Dự toán năm
//! 2025" and "Lũy kế vốn đã bố trí đến hết năm 2025" both end in a year and
//! read `Year(2025)`. A comparison table ("Dự toán năm 2025 | Dự toán năm
//! 2026 | So sánh (%)") has one year of the plan, the year before it as a
//! reference, and a ratio of the two; adding its years together, or
//! counting the cumulative allocations as a year's spending, states a
//! figure the input never did. [`meanings`] tells them apart.

use super::{ItemKind, Table};
use crate::detect::Role;
use crate::text::fold;
use rust_decimal::Decimal;

/// What a numeric column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "meaning", content = "year")]
pub enum Meaning {
    /// A year of the plan: what is to be spent that year.
    PlanYear(u16),
    /// An earlier year's estimate or its expected outturn, beside the plan
    /// as a reference ("Dự toán năm 2025", "Ước thực hiện năm 2025").
    Reference(u16),
    /// Allocations to date ("Lũy kế … đến hết năm 2025"): not a year.
    Cumulative,
    /// Revenue ("Dự toán thu"), not spending.
    Revenue,
    /// The period total of the plan's years.
    PeriodTotal,
    /// The table's single amount (Kinh phí, Thành tiền).
    Amount,
    /// A quantity, a price or a part of a line's cost.
    Other,
}

/// The meaning of every numeric column of `table`, in the order of
/// [`Table::numeric`].
pub fn meanings(table: &Table) -> Vec<Meaning> {
    let labels: Vec<String> = (0..table.numeric.len())
        .map(|k| fold(&table.numeric_column(k).label))
        .collect();
    let first = |k: usize| -> Option<Meaning> {
        let l = &labels[k];
        let role = table.numeric_column(k).role;
        if l.contains("lũy kế") || l.contains("luỹ kế") || l.contains("lũy tiến") {
            return Some(Meaning::Cumulative);
        }
        if is_revenue(l) {
            return Some(Meaning::Revenue);
        }
        let Role::Year(y) = role else {
            return None;
        };
        if l.contains("ước thực hiện")
            || l.contains("ước th")
            || l.contains("thực hiện năm")
            || l.contains("quyết toán")
            || l.contains("đã giao")
            || l.contains("đã bố trí")
        {
            return Some(Meaning::Reference(y));
        }
        None
    };
    let decided: Vec<Option<Meaning>> = (0..labels.len()).map(first).collect();
    // The plan's years are the later ones: a "Dự toán năm 2025" beside a
    // "Dự toán năm 2026" is last year's estimate, the reference the plan
    // is compared with — a plan of several years lists them side by side
    // with no such word between them.
    let years: Vec<(usize, u16)> = (0..labels.len())
        .filter(|&k| decided[k].is_none())
        .filter_map(|k| match table.numeric_column(k).role {
            Role::Year(y) => Some((k, y)),
            _ => None,
        })
        .collect();
    let estimates: Vec<u16> = years
        .iter()
        .filter(|(k, _)| labels[*k].starts_with("dự toán") || labels[*k].contains("kế hoạch"))
        .map(|&(_, y)| y)
        .collect();
    let compared = estimates.len() == 2
        && years.len() == 2
        && estimates[0] != estimates[1]
        && has_comparison(table);
    let latest = estimates.iter().copied().max();
    (0..labels.len())
        .map(|k| {
            if let Some(m) = decided[k] {
                return m;
            }
            match table.numeric_column(k).role {
                Role::Year(y) if compared && Some(y) != latest => Meaning::Reference(y),
                Role::Year(y) => Meaning::PlanYear(y),
                Role::PeriodTotal => Meaning::PeriodTotal,
                Role::Amount => Meaning::Amount,
                _ => Meaning::Other,
            }
        })
        .collect()
}

/// "Dự toán thu", "Thu ngân sách", "Thu NSNN": revenue.
fn is_revenue(l: &str) -> bool {
    l.contains("dự toán thu")
        || l.starts_with("thu ")
        || l.contains("/ thu ")
        || l.contains("tổng thu")
        || l.contains("số thu")
}

/// Whether the table has a comparison column ("So sánh (%)", "Tỷ lệ",
/// "Tăng/giảm") that marks two of its years as compared, not added.
fn has_comparison(table: &Table) -> bool {
    table.columns.iter().any(|c| {
        let l = fold(&c.label);
        l.contains("so sánh") || l.contains('%') || l.contains("tăng") || l.contains("giảm")
    })
}

/// The numeric columns whose meaning is a year of the plan, with the year.
pub fn plan_years(table: &Table) -> Vec<(usize, u16)> {
    meanings(table)
        .iter()
        .enumerate()
        .filter_map(|(k, m)| match m {
            Meaning::PlanYear(y) => Some((k, *y)),
            _ => None,
        })
        .collect()
}

/// How many rows confirm a percentage column.
const SAMPLE_ROWS: usize = 300;

/// How a percentage column states its ratios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentScale {
    /// 107,6 for a ratio of 1,076 ("So sánh (%)" holding 107.6).
    Hundred,
    /// 1,076 shown as 107,6% by its number format.
    Fraction,
}

/// A percentage column among the text columns (`index` into
/// [`Table::text_columns`]), confirmed by its data: its header says so ("%",
/// "So sánh", "Tỷ lệ") and, on its rows, it holds the ratio of two money
/// columns of the same row — in hundreds or as a fraction. `None` for a
/// column that is no percentage, or whose figures are no such ratio.
pub fn percent_scale(table: &Table, index: usize) -> Option<PercentScale> {
    let col = table.columns.get(*table.text_columns.get(index)?)?;
    let l = fold(&col.label);
    if !(l.contains('%') || l.contains("so sánh") || l.contains("tỷ lệ") || l.contains("tỉ lệ"))
    {
        return None;
    }
    let money: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .collect();
    let (mut hundred, mut fraction, mut other) = (0, 0, 0);
    // The first few hundred figures bear it out or not: a long table is
    // not divided column by column on every row.
    let figures = table
        .items
        .iter()
        .chain(&table.totals)
        .filter(|item| matches!(item.kind, ItemKind::Item | ItemKind::Total))
        .filter_map(|item| Some((item, plain_number(item.texts.get(index)?)?)))
        .take(SAMPLE_ROWS);
    for (item, v) in figures {
        let ratios: Vec<Decimal> = money
            .iter()
            .flat_map(|&a| money.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a != b)
            .filter_map(|(a, b)| item.amount(a)?.checked_div(item.amount(b)?))
            .collect();
        let near = |target: Decimal, tolerance: Decimal| {
            ratios.iter().any(|r| (*r * target - v).abs() <= tolerance)
        };
        if near(Decimal::ONE_HUNDRED, Decimal::new(51, 2)) {
            hundred += 1;
        } else if near(Decimal::ONE, Decimal::new(51, 4)) {
            fraction += 1;
        } else {
            other += 1;
        }
    }
    // Most rows bear it out; a row or two typed by hand may not.
    let confirmed = hundred + fraction;
    if confirmed == 0 || other > confirmed {
        return None;
    }
    Some(if fraction > hundred {
        PercentScale::Fraction
    } else {
        PercentScale::Hundred
    })
}

/// A number as a number cell's text reads ("107.6", "-5", "0.25"): digits
/// with at most one dot. Text typed with grouping is not one.
pub fn plain_number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let mut parts = digits.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some()
        || int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    t.parse().ok()
}
