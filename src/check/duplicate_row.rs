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
    // Only siblings are compared, so the rows are taken a few sibling
    // groups at a time — each parent's children, then the rows at the top —
    // and what is folded and sorted at once is a batch, not the table (a
    // million-row table's folded contents were 120 MB beside it).
    let compared = |i: usize| {
        let it = &table.items[i];
        it.kind == ItemKind::Item && it.content.chars().count() >= MIN_CHARS && !table.is_repeat(i)
    };
    let top: Vec<u32> = table
        .items
        .iter()
        .enumerate()
        .filter(|(i, it)| it.parent.is_none() && compared(*i))
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    let groups = table
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| !it.children.is_empty())
        .map(|(p, it)| (u32::try_from(p).unwrap_or(u32::MAX - 1), &it.children[..]))
        .chain(std::iter::once((u32::MAX, &top[..])));
    let parallel = table.items.len() >= super::PARALLEL_RULES_ITEMS;
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    let mut batch: Vec<(u32, u32)> = Vec::new();
    for (parent, children) in groups {
        batch.extend(
            children
                .iter()
                .filter(|&&c| compared(c as usize))
                .map(|&c| (parent, c)),
        );
        if batch.len() >= BATCH {
            found.extend(pairs(table, &batch, parallel));
            batch.clear();
        }
    }
    found.extend(pairs(table, &batch, parallel));
    for (a, b, same) in found {
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

/// The duplicate pairs (item, item, same text) among a batch of whole
/// sibling groups, `(parent, item)` in order.
fn pairs(
    table: &crate::model::Table,
    batch: &[(u32, u32)],
    parallel: bool,
) -> Vec<(usize, usize, bool)> {
    // Each compared content, folded, in the buffer of its block of rows: a
    // key is where its text is (a string of its own per row made this
    // rule's working memory as large as a tenth of the table's).
    let fold_block = |(block, rows): (usize, &[(u32, u32)])| {
        let mut text = String::new();
        let mut keys: Vec<Key> = Vec::with_capacity(rows.len());
        for &(parent, i) in rows {
            let it = &table.items[i as usize];
            let folded = fold(it.content.trim_end_matches(['.', ';', ',', ':', ' ']));
            let at = (u32::try_from(text.len()), u32::try_from(folded.len()));
            let (Ok(start), Ok(len)) = at else {
                continue;
            };
            keys.push(Key {
                parent,
                block: block as u32,
                start,
                len,
                index: i,
            });
            text.push_str(&folded);
        }
        (text, keys)
    };
    // A batch of one large group is still folded and sorted on every core.
    let parallel = parallel && batch.len() > BLOCK;
    let blocks: Vec<(String, Vec<Key>)> = if parallel {
        batch
            .par_chunks(BLOCK)
            .enumerate()
            .map(fold_block)
            .collect()
    } else {
        batch.chunks(BLOCK).enumerate().map(fold_block).collect()
    };
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
    // the same however it is done.)
    let order =
        |a: &Key, b: &Key| (a.parent, text_of(a), a.index).cmp(&(b.parent, text_of(b), b.index));
    if parallel {
        keyed.par_sort_unstable_by(order);
    } else {
        keyed.sort_unstable_by(order);
    }
    let mut found = Vec::new();
    for pair in keyed.windows(2) {
        let (ka, kb) = (&pair[0], &pair[1]);
        if ka.parent != kb.parent {
            continue;
        }
        let (short, long) = (text_of(ka), text_of(kb));
        let same = short == long;
        let extended = long.starts_with(short)
            && long[short.len()..].starts_with(' ')
            && short.chars().count() * 10 >= long.chars().count() * 8;
        if same || extended {
            found.push((ka.index as usize, kb.index as usize, same));
        }
    }
    found
}

/// Rows compared at once, at least (a batch ends with its last sibling
/// group).
const BATCH: usize = 16_384;

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
