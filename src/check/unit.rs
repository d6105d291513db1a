//! Units: `unit-missing` (a money table that states no unit) and
//! `unit-magnitude` (a total that is the items' sum × 1000^k — typed in a
//! smaller unit — or an amount no commune plans in the stated unit).

use super::{
    row_name, Addend, Code, Context, Detail, Effective, Finding, MagnitudeReason, Severity,
};
use crate::model::ItemKind;
use crate::read::a1;
use crate::unit::Unit;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    let unit = table.money_unit();
    if table.unit.as_ref().is_none() {
        let row = table.header_rows[0] - 1;
        let col = table.bounds.1;
        out.push(Finding::at(
            Code::UnitMissing,
            Severity::Warning,
            table,
            row,
            col,
            Detail::UnitMissing,
        ));
    }
    let top: Vec<usize> = (0..table.items.len())
        .filter(|&i| {
            table.items[i].kind == ItemKind::Item && table.items[i].parent_index().is_none()
        })
        .collect();
    // 100.000 tỷ đồng: more than any commune plans. National and provincial
    // tables (the Ministry's disclosures) are far above it, rightly.
    let ceiling = Decimal::from(100_000_000_000_000u64);
    let above_commune = table.title.iter().any(|t| {
        let f = crate::text::fold(t);
        [
            "bộ tài chính",
            "ngân sách nhà nước",
            "trung ương",
            "nsnn",
            "ministry of finance",
            "các tỉnh",
        ]
        .iter()
        .any(|w| f.contains(w))
    });
    // What the top-level items add up to, per column: the same for every
    // total (summed again for each, a sheet of running totals was
    // quadratic).
    let mut sums: Vec<Option<Option<Decimal>>> = vec![None; table.numeric.len()];
    for total in &table.totals {
        for (k, sum) in sums.iter_mut().enumerate() {
            if !table.numeric_column(k).role.is_additive() {
                continue;
            }
            let Some(found) = total.amount(k) else {
                continue;
            };
            let expected: Option<Decimal> = *sum.get_or_insert_with(|| {
                super::sum_some(
                    top.iter()
                        .filter_map(|&i| Addend::of(table, eff, i, k))
                        .map(|a| Some(a.amount)),
                )
            });
            let reason = match (expected, unit) {
                (Some(e), _) if !e.is_zero() && found != e => {
                    thousands_power(found, e).map(MagnitudeReason::ScaledBy)
                }
                _ => None,
            }
            .or_else(|| {
                let factor = unit?.factor();
                let dong = found.abs().checked_mul(factor)?;
                if dong > ceiling && !above_commune {
                    Some(MagnitudeReason::TooLarge)
                } else if unit == Some(Unit::Dong)
                    && !found.is_zero()
                    && found.abs() < Decimal::from(1000)
                {
                    Some(MagnitudeReason::TooSmall)
                } else {
                    None
                }
            });
            let Some(reason) = reason else { continue };
            let col = table.numeric_column(k).col;
            let detail = Detail::UnitMagnitude {
                row: row_name(total),
                unit,
                reason,
            };
            out.push(Finding {
                related: table.unit.iter().map(|u| a1(u.row, u.col)).collect(),
                expected: expected.map(|e| e.normalize().to_string()),
                found: Some(found.normalize().to_string()),
                ..Finding::at(
                    Code::UnitMagnitude,
                    Severity::Warning,
                    table,
                    total.row,
                    col,
                    detail,
                )
            });
        }
    }
}

/// k when `found` = `expected` × 1000^k, k = 1..=3.
fn thousands_power(found: Decimal, expected: Decimal) -> Option<u32> {
    let mut p = Decimal::ONE;
    for k in 1..=3 {
        p *= Decimal::from(1000);
        if expected.checked_mul(p) == Some(found) {
            return Some(k);
        }
    }
    None
}
