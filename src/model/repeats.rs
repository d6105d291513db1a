//! Sections repeated below a summary.
//!
//! A working book often states its sections once as a summary ("I Chi đầu
//! tư 600", "II Chi thường xuyên 400") and then repeats them below — in a
//! "Chi tiết" part that lists each section's items, or in one block per
//! unit ("Xã An Bình": I, II …; "Xã Tân Lập": I, II …). Read by their
//! numbering alone, the repeated sections are more siblings of the summary
//! and every total above them counts them twice. What the sheet declares is
//! the repeat itself: the outer numbering comes back with the same numeral
//! and the same words as a summary line above that lists nothing under it.
//! Such a repeat is that line's breakdown: it becomes its child, so the
//! summary line is compared with what repeats it (its one repeat, or the
//! sum of the units' blocks) and the total adds the summary only.

use super::{Item, ItemKind};
use crate::stt::Kind;
use crate::text::fold;
use std::collections::HashMap;

/// Places each repeated top-level section under the summary line it
/// repeats, then sets every item's level from its parent. A repeat is taken
/// where the numbering goes back (its numeral after a later one of its
/// kind) and the block shows itself as one: at least two summary lines
/// repeated, or a repeat with items of its own — a single row pasted twice
/// stays a duplicate for `check` to report.
pub(super) fn nest_repeated_sections(items: &mut [Item]) {
    // Most tables never bring a top-level numeral back: nothing to fold.
    let mut last_of_kind: HashMap<Kind, u32> = HashMap::new();
    let goes_back = items
        .iter()
        .filter(|i| i.kind == ItemKind::Item && i.parent.is_none())
        .filter_map(|i| i.numbering.as_ref())
        .any(|n| {
            let Some(o) = n.ordinal() else {
                return false;
            };
            last_of_kind.insert(n.kind(), o).is_some_and(|l| l >= o)
        });
    if !goes_back {
        return;
    }
    let mut has_child = vec![false; items.len()];
    for item in items.iter() {
        if let (ItemKind::Item, Some(p)) = (item.kind, item.parent_index()) {
            if let Some(h) = has_child.get_mut(p) {
                *h = true;
            }
        }
    }
    // The summary lines: top-level numbered items with nothing under them,
    // by numeral and words, first occurrence first.
    let mut summary: HashMap<(String, String), usize> = HashMap::new();
    last_of_kind.clear();
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for j in 0..items.len() {
        let item = &items[j];
        if item.kind != ItemKind::Item || item.parent.is_some() {
            continue;
        }
        let Some(numbering) = &item.numbering else {
            continue;
        };
        let (kind, ord) = (numbering.kind(), numbering.ordinal());
        let back = ord.is_some_and(|o| last_of_kind.get(&kind).is_some_and(|&l| l >= o));
        if let Some(o) = ord {
            last_of_kind.insert(kind, o);
        }
        let key = (numbering.render(), fold(&item.content));
        if key.1.is_empty() {
            continue;
        }
        match summary.get(&key) {
            // The first repeat brings the numbering back; the lines after
            // it in the block follow on.
            Some(&i) if back || !moves.is_empty() => moves.push((j, i)),
            Some(_) => {}
            None if !has_child[j] => {
                summary.insert(key, j);
            }
            None => {}
        }
    }
    let lines: std::collections::HashSet<usize> = moves.iter().map(|&(_, i)| i).collect();
    let block = lines.len() >= 2 || moves.iter().any(|&(j, _)| has_child[j]);
    if !block {
        return;
    }
    for &(j, i) in &moves {
        items[j].parent = u32::try_from(i).ok();
    }
    for j in 0..items.len() {
        let level = items[j]
            .parent_index()
            .and_then(|p| items.get(p))
            .map_or(0, |p| p.level.saturating_add(1));
        items[j].level = level;
    }
}
