//! `thousand-outlier`: a value about 1000 times off the rest of its column —
//! the mark of a thousands separator read as a decimal point (28.709.234
//! become 28,709234) or of an amount typed in đồng in a triệu đồng table.

use super::{Code, Context, Detail, Finding, Severity};
use crate::model::ItemKind;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let decimals_common = table
        .items
        .iter()
        .chain(&table.totals)
        .flat_map(|i| i.values.iter())
        .filter(|v| v.amount().is_some_and(|a| !a.fract().is_zero()))
        .nth(3)
        .is_some();
    for k in 0..table.numeric.len() {
        if !table.numeric_column(k).role.is_additive() {
            continue;
        }
        // Leaves only: parents and totals are large by design. Kept as
        // indices, 4 bytes a row (a million rows' amounts copied were 40 MB
        // beside the table).
        let leaf = |it: &crate::model::Item| {
            (it.kind == ItemKind::Item && it.children.is_empty())
                .then(|| it.amount(k).filter(|v| !v.is_zero()).map(|v| v.abs()))
                .flatten()
        };
        let mut leaves: Vec<u32> = table
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| leaf(it).is_some())
            .filter_map(|(i, _)| u32::try_from(i).ok())
            .collect();
        if leaves.len() < 4 {
            continue;
        }
        let value_of = |i: u32| leaf(&table.items[i as usize]).unwrap_or_default();
        // A column whose figures commonly carry decimals (accounts kept to
        // the đồng in a triệu đồng table) and that spans orders of magnitude
        // by nature (ministries, provinces) gives a stray decimal no
        // meaning: only a column of whole numbers is judged.
        let fractional = leaves
            .iter()
            .filter(|&&i| !value_of(i).fract().is_zero())
            .count();
        if fractional * 5 > leaves.len() {
            continue;
        }
        let mid = leaves.len() / 2;
        let median = value_of(*leaves.select_nth_unstable_by_key(mid, |&i| value_of(i)).1);
        // Back in row order, as the findings were made.
        leaves.sort_unstable();
        let thousand = Decimal::from(1000);
        // Thresholds computed once: no division per value.
        let small = median / Decimal::from(200);
        let large = median
            .checked_mul(Decimal::from(500))
            .unwrap_or(Decimal::MAX);
        for &i in &leaves {
            let v = value_of(i);
            // A stray decimal in a table of whole numbers: 28,709234 where
            // 28.709.234 was meant. Where decimals are common, it is a figure.
            let fractional_thousands = !decimals_common
                && v < small
                && v.fract() != Decimal::ZERO
                && v.normalize().scale() >= 3;
            let thousandfold = v >= large && (v % thousand).is_zero();
            if !(fractional_thousands || thousandfold) {
                continue;
            }
            let item = &table.items[i as usize];
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
