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
    // Each compared content, folded, in the buffer of its block of rows: a
    // key is where its text is (a string of its own per row made this
    // rule's working memory as large as a tenth of the table's).
    let fold_block = |(block, rows): (usize, &[(usize, &crate::model::Item)])| {
        let mut text = String::new();
        let mut keys: Vec<Key> = Vec::with_capacity(rows.len());
        for &(i, it) in rows {
            let folded = fold(it.content.trim_end_matches(['.', ';', ',', ':', ' ']));
            let at = (
                u32::try_from(text.len()),
                u32::try_from(folded.len()),
                u32::try_from(i),
            );
            let (Ok(start), Ok(len), Ok(index)) = at else {
                continue;
            };
            keys.push(Key {
                parent: it.parent.map_or(u32::MAX, |p| p as u32),
                block: block as u32,
                start,
                len,
                index,
            });
            text.push_str(&folded);
        }
        (text, keys)
    };
    let rows: Vec<(usize, &crate::model::Item)> =
        table.items.iter().enumerate().filter(compared).collect();
    let parallel = table.items.len() >= super::PARALLEL_RULES_ITEMS;
    let blocks: Vec<(String, Vec<Key>)> = if parallel {
        rows.par_chunks(BLOCK).enumerate().map(fold_block).collect()
    } else {
        rows.chunks(BLOCK).enumerate().map(fold_block).collect()
    };
    drop(rows);
    let mut keyed: Vec<Key> = Vec::with_capacity(blocks.iter().map(|b| b.1.len()).sum());
    let mut texts: Vec<String> = Vec::with_capacity(blocks.len());
    for (text, keys) in blocks {
        keyed.extend(keys);
        texts.push(text);
    }
    let text_of = |k: &Key| {
        let start = k.start as usize;
        &texts[k.block as usize][start..start + k.len as usize]
    };
    // Sorted by parent then text, a text sits right before the texts of its
    // siblings that extend it. (Every key differs by its index: sorting is
    // the same however it is done, and a large table is sorted on every
    // core.)
    let order =
        |a: &Key, b: &Key| (a.parent, text_of(a), a.index).cmp(&(b.parent, text_of(b), b.index));
    if parallel {
        keyed.par_sort_unstable_by(order);
    } else {
        keyed.sort_unstable_by(order);
    }
    for pair in keyed.windows(2) {
        let (ka, kb) = (&pair[0], &pair[1]);
        if ka.parent != kb.parent {
            continue;
        }
        let (short, long) = (text_of(ka), text_of(kb));
        let (a, b) = (ka.index as usize, kb.index as usize);
        let same = short == long;
        let extended = long.starts_with(short)
            && long[short.len()..].starts_with(' ')
            && short.chars().count() * 10 >= long.chars().count() * 8;
        if !(same || extended) {
            continue;
        }
        let (first, second) = if table.items[a].row < table.items[b].row {
            (a, b)
        } else {
            (b, a)
        };
        let (first, second) = (&table.items[first], &table.items[second]);
        let detail = Detail::DuplicateRow {
            row: second.name(),
            other: first.name(),
            same,
        };
        out.push(Finding {
            related: vec![a1(first.row, col)],
            found: Some(second.content.to_string()),
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

/// Rows folded into one buffer (and, for a large table, on one core).
const BLOCK: usize = 4096;

/// A compared row: its parent (`u32::MAX`: none), where its folded content
/// is (block, start, length), and its index among the items.
#[derive(Debug, Clone, Copy)]
struct Key {
    parent: u32,
    block: u32,
    start: u32,
    len: u32,
    index: u32,
}
