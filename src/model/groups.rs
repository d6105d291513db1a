//! Unnumbered group headings with their own subtotal.
//!
//! Working books list their works without numbers and group them under
//! headings typed at the same indent ("Công trình chuyển tiếp", "Dự án hoàn
//! thành"), each heading carrying the subtotal of the works under it. Read
//! by their numbering alone, heading and works are siblings and every total
//! above them counts each work twice. Two readings compete for a run of
//! unnumbered siblings: flat, or split into groups each led by a heading
//! that adds the rows after it. Each is scored by the relations it explains
//! — a heading equal to its rows' sum in a column, the parent (or the
//! table's total) equal to the sum of the headings, or of every row — and
//! the grouping is taken only when it explains more. Nothing here names a
//! label: the rows' arithmetic decides, so a heading typed wrong in one
//! column still leads its group when the other relations confirm the
//! grouping, and its wrong subtotal is the error `check` reports.

use super::{Item, ItemKind};
use crate::number::agree;
use rust_decimal::Decimal;

/// The longest group a heading is tried over: bounds the search on a long
/// unnumbered list (a group longer than this stays flat).
const MAX_GROUP: usize = 120;

/// The longest run of unnumbered siblings searched for headings.
const MAX_RUN: usize = 2_000;

/// Re-parents the works under their unnumbered headings where the grouping
/// explains more of the table's arithmetic than the flat list. `additive`
/// says which amount columns add; `totals` are the table's total rows (the
/// parent of the top level).
pub(super) fn nest_unnumbered_headings(items: &mut [Item], totals: &[Item], additive: &[bool]) {
    if !additive.iter().any(|&a| a) {
        return;
    }
    for run in unnumbered_runs(items) {
        if let Some(groups) = grouping(items, &run, totals, additive) {
            for (lead, members) in groups {
                let parent = u32::try_from(run[lead]).unwrap_or(u32::MAX);
                let level = items[run[lead]].level.saturating_add(1);
                for &m in &run[members] {
                    items[m].parent = Some(parent);
                    items[m].level = level;
                }
            }
        }
    }
}

/// Runs of consecutive unnumbered siblings with amounts and no children,
/// at least three long: (indices into `items`).
fn unnumbered_runs(items: &[Item]) -> Vec<Vec<usize>> {
    let mut has_child = vec![false; items.len()];
    for item in items {
        if let Some(p) = item.parent_index() {
            if let Some(h) = has_child.get_mut(p) {
                *h = true;
            }
        }
    }
    let mut runs = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut close = |run: &mut Vec<usize>| {
        if run.len() >= 3 && run.len() <= MAX_RUN {
            runs.push(std::mem::take(run));
        } else {
            run.clear();
        }
    };
    for (i, item) in items.iter().enumerate() {
        let fits = item.kind == ItemKind::Item
            && item.numbering.is_none()
            && !has_child[i]
            && item.has_amount();
        if !fits {
            close(&mut run);
            continue;
        }
        if run.last().is_some_and(|&l| items[l].parent != item.parent) {
            close(&mut run);
        }
        run.push(i);
    }
    close(&mut run);
    runs
}

/// The amount of column `k`, a blank as zero.
fn amount(item: &Item, k: usize) -> Decimal {
    item.amount(k).unwrap_or(Decimal::ZERO)
}

/// Sums of `rows` per column (`None` on overflow).
fn sums<'a>(rows: impl Iterator<Item = &'a Item>, columns: &[usize]) -> Option<Vec<Decimal>> {
    let mut out = vec![Decimal::ZERO; columns.len()];
    for item in rows {
        for (s, &k) in out.iter_mut().zip(columns) {
            *s = s.checked_add(amount(item, k))?;
        }
    }
    Some(out)
}

/// The best split of a run into groups, each (heading, its members) as
/// positions in `run`, when it explains more than the flat list.
#[allow(clippy::type_complexity)]
fn grouping(
    items: &[Item],
    run: &[usize],
    totals: &[Item],
    additive: &[bool],
) -> Option<Vec<(usize, std::ops::Range<usize>)>> {
    let columns: Vec<usize> = (0..additive.len()).filter(|&k| additive[k]).collect();
    let n = run.len();
    // Prefix sums per column: a group's sum in constant time.
    let mut prefix = vec![vec![Decimal::ZERO; columns.len()]; n + 1];
    for (p, &i) in run.iter().enumerate() {
        for (c, &k) in columns.iter().enumerate() {
            prefix[p + 1][c] = prefix[p][c].checked_add(amount(&items[i], k))?;
        }
    }
    // How many columns a heading at `h` explains over the rows after it
    // up to `end` (inclusive): a non-zero amount equal to their sum.
    let explained = |h: usize, end: usize| -> usize {
        columns
            .iter()
            .enumerate()
            .filter(|&(c, &k)| {
                let stated = amount(&items[run[h]], k);
                let sum = prefix[end + 1][c].checked_sub(prefix[h + 1][c]);
                !stated.is_zero() && sum.is_some_and(|s| agree(stated, s))
            })
            .count()
    };
    // best[p]: the most relations a split of run[p..] explains, with the
    // fewest headings among those, and the end of its first group; every
    // group has a heading and one row. Fewer headings win a tie: a row is
    // read as a heading only where some relation needs it.
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, 0, n));
    for p in (0..n.saturating_sub(1)).rev() {
        let mut choice: Option<(usize, usize, usize)> = None;
        for end in p + 1..n.min(p + 1 + MAX_GROUP) {
            let Some((rest, heads, _)) = best[end + 1] else {
                continue;
            };
            let score = explained(p, end) + rest;
            let better = choice.is_none_or(|(s, h, _)| score > s || score == s && heads + 1 < h);
            if better {
                choice = Some((score, heads + 1, end));
            }
        }
        best[p] = choice;
    }
    let (score, _, _) = best[0]?;
    let mut groups = Vec::new();
    let mut p = 0;
    let mut full = 0;
    while p < n {
        let (_, _, end) = best[p]?;
        if explained(p, end) == columns.len() {
            full += 1;
        }
        groups.push((p, p + 1..end + 1));
        p = end + 1;
    }
    if full == 0 {
        return None;
    }
    let relations = groups.len() * columns.len();
    // The parent's side: the row above the run, or the table's totals for
    // the top level.
    let parent: Vec<&Item> = match items[run[0]].parent_index() {
        Some(p) => vec![&items[p]],
        None => totals.iter().collect(),
    };
    let headings = sums(groups.iter().map(|(h, _)| &items[run[*h]]), &columns)?;
    let every = sums(run.iter().map(|&i| &items[i]), &columns)?;
    let agreeing = |side: &[Decimal]| -> usize {
        parent
            .iter()
            .map(|p| {
                columns
                    .iter()
                    .zip(side)
                    .filter(|&(&k, s)| p.amount(k).is_some_and(|a| !a.is_zero() && agree(a, *s)))
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    let (grouped, flat) = (agreeing(&headings), agreeing(&every));
    let has_parent = parent
        .iter()
        .any(|p| columns.iter().any(|&k| p.amount(k).is_some()));
    let confirmed = if has_parent {
        score + grouped > flat
    } else {
        score >= 2
    };
    (confirmed && 2 * score >= relations).then_some(groups)
}
