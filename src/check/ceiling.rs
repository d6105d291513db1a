//! `over-ceiling` (error): an estimate whose total is above the approved
//! ceiling — `--ceiling AMOUNT` (đồng), else a "Tổng mức đầu tư" row of
//! the same workbook (the approved total investment).

use super::{Code, Detail, Finding, Severity};
use crate::model::{is_tax_label, Item, Table};
use crate::text::fold;
use rust_decimal::Decimal;

/// Where the ceiling comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CeilingSource {
    /// `--ceiling`.
    Given,
    /// A "Tổng mức đầu tư" row: its sheet and cell.
    Row(String),
}

/// The estimates of `tables` whose total is above the ceiling.
pub(crate) fn check(tables: &[Table], given: Option<Decimal>) -> Vec<Finding> {
    // Only an estimate's total is held to a ceiling: a plan has none to
    // look for (folding its every row cost a tenth of checking it).
    if !tables.iter().any(|t| t.estimate) {
        return Vec::new();
    }
    let (ceiling, source) = match given {
        Some(c) => (c, CeilingSource::Given),
        None => match approved(tables) {
            Some(found) => found,
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    for table in tables.iter().filter(|t| t.estimate) {
        let Some(factor) = table.money_unit().map(|u| u.factor()) else {
            continue;
        };
        let Some((total, k)) = grand_total(table) else {
            continue;
        };
        let Some(v) = total.amount(k) else { continue };
        let Some(in_dong) = v.checked_mul(factor) else {
            continue;
        };
        if in_dong <= ceiling {
            continue;
        }
        let limit = ceiling.checked_div(factor).unwrap_or(ceiling);
        out.push(Finding {
            expected: Some(limit.normalize().to_string()),
            found: Some(v.normalize().to_string()),
            difference: v.checked_sub(limit).map(|d| d.normalize()),
            ..Finding::at(
                Code::OverCeiling,
                Severity::Error,
                table,
                total.row,
                table.numeric_column(k).col,
                Detail::OverCeiling {
                    row: if total.content.is_empty() {
                        "Tổng cộng".into()
                    } else {
                        total.content.to_string()
                    },
                    source: source.clone(),
                },
            )
        });
    }
    out
}

/// The estimate's total: its last total row that is not a tax line, in
/// its amount column.
fn grand_total(table: &Table) -> Option<(&Item, usize)> {
    let k = (0..table.numeric.len())
        .find(|&k| table.numeric_column(k).role == crate::detect::Role::Amount)?;
    let total = table
        .totals
        .iter()
        .rev()
        .find(|t| !is_tax_label(&t.content) && t.amount(k).is_some())?;
    Some((total, k))
}

/// A "Tổng mức đầu tư" row with an amount, in đồng, and where it is.
fn approved(tables: &[Table]) -> Option<(Decimal, CeilingSource)> {
    for table in tables {
        let factor = table.money_unit()?.factor();
        for item in table.items.iter().chain(&table.totals) {
            // A cheap test first: the label starts with a T.
            let starts_t = item.content.trim_start().starts_with(['t', 'T']);
            if !starts_t || !fold(&item.content).starts_with("tổng mức đầu tư") {
                continue;
            }
            let k = (0..table.numeric.len()).find(|&k| item.amount(k).is_some())?;
            let v = item.amount(k)?.checked_mul(factor)?;
            let cell = format!("'{}'!{}", table.sheet, table.cell(item.row, k));
            return Some((v, CeilingSource::Row(cell)));
        }
    }
    None
}
