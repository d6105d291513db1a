//! `parent-sum`: a parent or section row that carries amounts equals the
//! sum of its children, per amount column. Children that carry no amount
//! themselves count with the sum of theirs; breakdowns never count.

use super::{sum_finding, Addend, Code, Context, Effective, Finding, SumOver};

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    for (_, item) in table.tree_items() {
        if item.children.is_empty() {
            continue;
        }
        for k in 0..table.numeric.len() {
            if !table.numeric_column(k).role.is_additive() {
                continue;
            }
            let Some(found) = item.amount(k) else { continue };
            let addends: Vec<Addend> = item.children.iter().filter_map(|&c| Addend::of(table, eff, c, k)).collect();
            if addends.is_empty() {
                continue;
            }
            let expected = addends.iter().map(|a| a.amount).sum();
            if found != expected {
                out.push(sum_finding(cx, Code::ParentSum, item, k, found, expected, &addends, SumOver::Children));
            }
        }
    }
}
