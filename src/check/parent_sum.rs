//! `parent-sum`: a parent or section row that carries amounts equals the
//! sum of its children, per amount column. Children that carry no amount
//! themselves count with the sum of theirs; breakdowns never count.

use super::{sum_finding, sum_some, Addend, Code, Context, Effective, Finding, SumOver};

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    let width = table.numeric.len();
    for (_, item) in table.tree_items() {
        if item.children.is_empty() {
            continue;
        }
        for k in 0..width {
            if !table.numeric_column(k).role.is_additive() {
                continue;
            }
            let Some(found) = item.amount(k) else {
                continue;
            };
            // The sum first; addends (and their addresses) only on a mismatch.
            let Some(expected) = sum_some(item.children.iter().map(|&c| eff.get(c, k))) else {
                continue;
            };
            if found == expected {
                continue;
            }
            let addends: Vec<Addend> = item
                .children
                .iter()
                .filter_map(|&c| Addend::of(table, eff, c, k))
                .collect();
            out.push(sum_finding(
                cx,
                Code::ParentSum,
                item,
                k,
                found,
                expected,
                &addends,
                SumOver::Children,
            ));
        }
    }
}
