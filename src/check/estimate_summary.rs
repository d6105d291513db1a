//! `summary-base` (error): a cost estimate's summary sheet (rows with
//! symbols: T, VL, NC, M …) must start from what its detail sheet adds up
//! to. T (chi phí trực tiếp) is the detail's total — as printed under
//! TỔNG HẠNG MỤC / TỔNG CÔNG TRÌNH / LÀM TRÒN, or that total rounded to
//! the thousand đồng; VL, NC and M are the detail's material, labour and
//! machine totals where it has those columns. The finding names both
//! cells.

use super::{Code, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::{is_tax_label, Item, Table};
use crate::text::fold;
use rust_decimal::Decimal;

/// The summaries of `tables` whose base rows are not their detail's totals.
pub(crate) fn check(tables: &[Table]) -> Vec<Finding> {
    let Some(detail) = tables.iter().find(|t| t.estimate) else {
        return Vec::new();
    };
    let Some(detail_factor) = detail.money_unit().map(|u| u.factor()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for summary in tables.iter().filter(|t| !t.estimate) {
        let Some(symbol_at) = summary
            .text_columns
            .iter()
            .position(|&c| summary.columns[c].role == Role::Symbol)
        else {
            continue;
        };
        let Some(k) =
            (0..summary.numeric.len()).find(|&k| summary.numeric_column(k).role.is_additive())
        else {
            continue;
        };
        let Some(factor) = summary.money_unit().map(|u| u.factor()) else {
            continue;
        };
        for item in summary.items.iter().chain(&summary.totals) {
            let symbol = item
                .texts
                .get(symbol_at)
                .map(|s| s.trim().to_uppercase())
                .unwrap_or_default();
            let role = match symbol.as_str() {
                "T" => Role::Amount,
                "VL" => Role::AmountMaterial,
                "NC" => Role::AmountLabour,
                "M" => Role::AmountMachine,
                _ => continue,
            };
            let Some(found) = item.amount(k) else {
                continue;
            };
            let candidates = detail_totals(detail, role);
            let Some((last_cell, last)) = candidates.last().cloned() else {
                continue;
            };
            // Both sides in đồng.
            let in_dong = |v: Decimal, f: Decimal| v.checked_mul(f);
            let Some(found_dong) = in_dong(found, factor) else {
                continue;
            };
            let agrees = candidates.iter().any(|(_, v)| {
                in_dong(*v, detail_factor).is_some_and(|d| super::agree(found_dong, d))
            });
            if agrees {
                continue;
            }
            let expected = in_dong(last, detail_factor)
                .and_then(|d| d.checked_div(factor))
                .unwrap_or(last);
            out.push(Finding {
                expected: Some(expected.normalize().to_string()),
                found: Some(found.normalize().to_string()),
                difference: found.checked_sub(expected).map(|d| d.normalize()),
                related: vec![last_cell.clone()],
                ..Finding::at(
                    Code::SummaryBase,
                    Severity::Error,
                    summary,
                    item.row,
                    summary.numeric_column(k).col,
                    Detail::SummaryBase {
                        symbol,
                        detail_cell: last_cell,
                    },
                )
            });
        }
    }
    out
}

/// The detail's whole-work totals in the column of `role`, with their
/// cells: each total row that closes no single part and is no tax line
/// (TỔNG HẠNG MỤC, TỔNG CÔNG TRÌNH, LÀM TRÒN), and for the whole amount
/// each of them rounded to the thousand đồng. The last is the grand total.
fn detail_totals(detail: &Table, role: Role) -> Vec<(String, Decimal)> {
    let Some(k) = (0..detail.numeric.len()).find(|&k| detail.numeric_column(k).role == role) else {
        return Vec::new();
    };
    let whole = |t: &&Item| {
        let f = fold(&t.content);
        !is_tax_label(&t.content) && !f.starts_with("tổng cộng:") && !f.starts_with("cộng:")
    };
    let mut out = Vec::new();
    for t in detail.totals.iter().filter(whole) {
        let Some(v) = t.amount(k) else { continue };
        let cell = format!("'{}'!{}", detail.sheet, detail.cell(t.row, k));
        if role == Role::Amount {
            if let Some(rounded) = v
                .checked_div(Decimal::ONE_THOUSAND)
                .map(|x| x.round() * Decimal::ONE_THOUSAND)
            {
                out.push((cell.clone(), rounded));
            }
        }
        out.push((cell, v));
    }
    out
}
