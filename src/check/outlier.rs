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
        let mut sorted: Vec<Decimal> = leaves.iter().map(|(_, v)| *v).collect();
        sorted.sort();
        let median = sorted[sorted.len() / 2];
        let thousand = Decimal::from(1000);
        for &(i, v) in &leaves {
            let fractional_thousands = v.fract() != Decimal::ZERO
                && v.normalize().scale() >= 3
                && v.checked_mul(Decimal::from(200)).is_some_and(|x| x < median);
            let thousandfold = v.checked_div(median).is_some_and(|r| r >= Decimal::from(500))
                && (v % thousand).is_zero()
                && sorted.len() >= 4;
            if !(fractional_thousands || thousandfold) {
                continue;
            }
            let item = &table.items[i];
            let col = table.numeric_column(k);
            let detail = Detail::ThousandOutlier { row: item.name(), column: col.label.clone(), median, larger: thousandfold };
            out.push(Finding {
                found: item.amount(k).map(|a| a.normalize().to_string()),
                ..Finding::at(Code::ThousandOutlier, Severity::Warning, table, item.row, col.col, detail)
            });
        }
    }
}
