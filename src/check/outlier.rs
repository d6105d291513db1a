//! `thousand-outlier`: a value about 1000 times off the rest of its column —
//! the mark of a thousands separator read as a decimal point (28.709.234
//! become 28,709234) or of an amount typed in đồng in a triệu đồng table.

use super::{Code, Context, Detail, Finding, Severity};
use crate::model::ItemKind;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    for k in 0..table.numeric.len() {
        if !table.numeric_column(k).role.is_additive() {
            continue;
        }
        // Leaves only: parents and totals are large by design.
        let leaves: Vec<(usize, Decimal)> = table
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.kind == ItemKind::Item && it.children.is_empty())
            .filter_map(|(i, it)| it.amount(k).filter(|v| !v.is_zero()).map(|v| (i, v.abs())))
            .collect();
        if leaves.len() < 4 {
            continue;
        }
        let mut values: Vec<Decimal> = leaves.iter().map(|(_, v)| *v).collect();
        let mid = values.len() / 2;
        let median = *values.select_nth_unstable(mid).1;
        let thousand = Decimal::from(1000);
        // Thresholds computed once: no division per value.
        let small = median / Decimal::from(200);
        let large = median
            .checked_mul(Decimal::from(500))
            .unwrap_or(Decimal::MAX);
        for &(i, v) in &leaves {
            let fractional_thousands =
                v < small && v.fract() != Decimal::ZERO && v.normalize().scale() >= 3;
            let thousandfold = v >= large && (v % thousand).is_zero();
            if !(fractional_thousands || thousandfold) {
                continue;
            }
            let item = &table.items[i];
            let col = table.numeric_column(k);
            let detail = Detail::ThousandOutlier {
                row: item.name(),
                column: col.label.clone(),
                median,
                larger: thousandfold,
            };
            out.push(Finding {
                found: item.amount(k).map(|a| a.normalize().to_string()),
                ..Finding::at(
                    Code::ThousandOutlier,
                    Severity::Warning,
                    table,
                    item.row,
                    col.col,
                    detail,
                )
            });
        }
    }
}
