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

/// Shortest content compared: short labels ("Kế hoạch") repeat by nature.
const MIN_CHARS: usize = 24;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let Some(col) = table.column(Role::Content).map(|c| c.col) else {
        return;
    };
    let mut keyed: Vec<(Option<usize>, String, usize)> = table
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.kind == ItemKind::Item && it.content.chars().count() >= MIN_CHARS)
        .map(|(i, it)| {
            (
                it.parent,
                fold(it.content.trim_end_matches(['.', ';', ',', ':', ' '])),
                i,
            )
        })
        .collect();
    // Sorted by parent then text, a text sits right before the texts of its
    // siblings that extend it.
    keyed.sort();
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
