//! `duplicate-row`: two sibling items that state the same thing — the same
//! content, or one the other with a few words added at the end ("… vào tăng
//! trưởng kinh tế" and "… vào tăng trưởng kinh tế xã") — are likely one line
//! pasted twice. Items under different parents may repeat a task by design
//! ("Tập huấn" in every section).

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use crate::read::a1;
use crate::text::fold;
use rayon::prelude::*;

/// Shortest content compared: short labels ("Kế hoạch") repeat by nature.
const MIN_CHARS: usize = 24;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let Some(col) = table.column(Role::Content).map(|c| c.col) else {
        return;
    };
    let compared = |(_, it): &(usize, &crate::model::Item)| {
        it.kind == ItemKind::Item && it.content.chars().count() >= MIN_CHARS
    };
    let key = |(i, it): (usize, &crate::model::Item)| {
        (
            it.parent,
            fold(it.content.trim_end_matches(['.', ';', ',', ':', ' '])),
            i,
        )
    };
    // Sorted by parent then text, a text sits right before the texts of its
    // siblings that extend it. (Every key differs by its index: sorting is
    // the same however it is done, and a large table is folded and sorted
    // on every core.)
    let mut keyed: Vec<(Option<usize>, String, usize)>;
    if table.items.len() >= super::PARALLEL_RULES_ITEMS {
        keyed = (table.items.par_iter().enumerate())
            .filter(compared)
            .map(key)
            .collect();
        keyed.par_sort_unstable();
    } else {
        keyed = table
            .items
            .iter()
            .enumerate()
            .filter(compared)
            .map(key)
            .collect();
        keyed.sort_unstable();
    }
    for pair in keyed.windows(2) {
        let ((pa, short, a), (pb, long, b)) = (&pair[0], &pair[1]);
        if pa != pb {
            continue;
        }
        let same = short == long;
        let extended = long.starts_with(short.as_str())
            && long[short.len()..].starts_with(' ')
            && short.chars().count() * 10 >= long.chars().count() * 8;
        if !(same || extended) {
            continue;
        }
        let (first, second) = if table.items[*a].row < table.items[*b].row {
            (*a, *b)
        } else {
            (*b, *a)
        };
        let (first, second) = (&table.items[first], &table.items[second]);
        let detail = Detail::DuplicateRow {
            row: second.name(),
            other: first.name(),
            same,
        };
        out.push(Finding {
            related: vec![a1(first.row, col)],
            found: Some(second.content.clone()),
            ..Finding::at(
                Code::DuplicateRow,
                Severity::Warning,
                table,
                second.row,
                col,
                detail,
            )
        });
    }
}
