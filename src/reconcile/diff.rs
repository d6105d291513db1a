//! `phuluc diff OLD NEW`: what changed between two versions of a table.
//! Items are matched by their content first (names made comparable as in
//! [`super::names::key`]), then by their numbering under the same parent,
//! then by most words in common — so a renumbered section ("III" → "II")
//! or a reworded row is matched, never reported as removed and added. The
//! result lists renumbered, added, removed and changed items (every amount
//! with both cells) and the total's movement per year (total rows as
//! printed).
//!
//! ```
//! use phuluc::reconcile::diff::diff;
//! let read = |p: &str| phuluc::read_appendix(p.as_ref(), &Default::default());
//! let d = diff(&read("workbooks/da-kia-phu-luc-iii.xlsx")?, &read("workbooks/da-kia-phu-luc-iii-sua.xlsx")?);
//! assert_eq!(d.renumbered.len(), 1);
//! assert_eq!((d.renumbered[0].old_stt.as_str(), d.renumbered[0].new_stt.as_str()), ("III", "II"));
//! assert_eq!(d.changed.len(), 5); // the five year totals corrected
//! # Ok::<(), phuluc::Error>(())
//! ```

use super::names::key;
use super::rollup::Period;
use crate::detect::Role;
use crate::model::{is_tax_label, Appendix, Item, Table};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An item numbered differently in the new version, or moved under
/// another row (then each STT is told with its sections': "I › 2").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbered {
    /// The old STT.
    pub old_stt: String,
    /// The new STT.
    pub new_stt: String,
    /// The item's content (new).
    pub content: String,
    /// Its STT cell in the old version ("'Phụ lục III'!A59").
    pub old_cell: String,
    /// Its STT cell in the new version.
    pub new_cell: String,
}

/// An item in one version only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Only {
    /// Its STT.
    pub stt: String,
    /// Its content.
    pub content: String,
    /// Its STT cell.
    pub cell: String,
    /// Its amounts: (column label, amount).
    pub amounts: Vec<(String, Decimal)>,
}

/// One cell of an item that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The item's STT (new), or its label for a total row.
    pub stt: String,
    /// The item's content (new).
    pub content: String,
    /// The column, by its label ("Năm 2026", "Nội dung").
    pub column: String,
    /// What it said (an amount as digits; empty when blank).
    pub old: String,
    /// What it says.
    pub new: String,
    /// The old cell.
    pub old_cell: String,
    /// The new cell.
    pub new_cell: String,
}

/// The tables' totals per period: (old, new).
pub type Totals = BTreeMap<Period, (Option<Decimal>, Option<Decimal>)>;

/// What changed between two versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Items numbered differently.
    pub renumbered: Vec<Renumbered>,
    /// Items only in the new version.
    pub added: Vec<Only>,
    /// Items only in the old version.
    pub removed: Vec<Only>,
    /// Cells that changed, in the new version's order.
    pub changed: Vec<Changed>,
    /// The total per period, old and new: the tables' total rows as
    /// printed (a table without one adds nothing).
    pub totals: Totals,
}

impl Diff {
    /// Whether the versions say the same.
    pub fn is_empty(&self) -> bool {
        self.renumbered.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// Compares two versions of an appendix, table by table in order.
pub fn diff(old: &Appendix, new: &Appendix) -> Diff {
    let mut out = Diff::default();
    let n = old.tables.len().max(new.tables.len());
    for t in 0..n {
        match (old.tables.get(t), new.tables.get(t)) {
            (Some(a), Some(b)) => diff_tables(a, b, &mut out),
            (Some(a), None) => out.removed.extend(a.items.iter().map(|i| only(a, i))),
            (None, Some(b)) => out.added.extend(b.items.iter().map(|i| only(b, i))),
            (None, None) => {}
        }
    }
    for (version, appendix) in [(0, old), (1, new)] {
        for table in &appendix.tables {
            for (p, v) in table_totals(table) {
                let slot = out.totals.entry(p).or_insert((None, None));
                let side = if version == 0 {
                    &mut slot.0
                } else {
                    &mut slot.1
                };
                *side = Some(side.unwrap_or_default().checked_add(v).unwrap_or(v));
            }
        }
    }
    out
}

fn stt_cell(table: &Table, item: &Item) -> String {
    format!(
        "'{}'!{}",
        table.sheet,
        crate::a1::a1(item.row, table.bounds.1)
    )
}

fn only(table: &Table, item: &Item) -> Only {
    Only {
        stt: item.stt.to_string(),
        content: item.content.to_string(),
        cell: stt_cell(table, item),
        amounts: (0..table.numeric.len())
            .filter_map(|k| Some((table.numeric_column(k).label.clone(), item.amount(k)?)))
            .collect(),
    }
}

/// An item's numbering with its parents': "I › 2 › 2.1".
fn path(table: &Table, i: usize) -> String {
    let mut parts = vec![table.items[i].stt.to_string()];
    let mut at = table.items[i].parent_index();
    while let Some(p) = at {
        parts.push(table.items[p].stt.to_string());
        at = table.items[p].parent_index();
    }
    parts.reverse();
    parts.join(" › ")
}

/// Words of a content key, for matching reworded rows.
fn words(s: &str) -> HashSet<String> {
    key(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_string)
        .collect()
}

/// Matches items of two versions: old index → new index.
fn match_items(a: &Table, b: &Table) -> HashMap<usize, usize> {
    let mut pairs: HashMap<usize, usize> = HashMap::new();
    let mut taken: HashSet<usize> = HashSet::new();
    // 1. The same content, in order of appearance for repeats.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, item) in b.items.iter().enumerate() {
        by_key.entry(key(&item.content)).or_default().push(j);
    }
    for (i, item) in a.items.iter().enumerate() {
        let k = key(&item.content);
        if k.is_empty() {
            continue;
        }
        if let Some(js) = by_key.get_mut(&k) {
            if let Some(pos) = js.iter().position(|j| !taken.contains(j)) {
                let j = js.remove(pos);
                taken.insert(j);
                pairs.insert(i, j);
            }
        }
    }
    // 2. The same numbering under the matched parent (a reworded row).
    for (i, item) in a.items.iter().enumerate() {
        if pairs.contains_key(&i) || item.stt.is_empty() {
            continue;
        }
        let parent = item.parent_index().and_then(|p| pairs.get(&p).copied());
        let found = (0..b.items.len()).find(|&j| {
            !taken.contains(&j) && b.items[j].stt == item.stt && b.items[j].parent_index() == parent
        });
        if let Some(j) = found {
            taken.insert(j);
            pairs.insert(i, j);
        }
    }
    // 3. Most words in common (at least half of the longer one's).
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (i, item) in a.items.iter().enumerate() {
        if pairs.contains_key(&i) {
            continue;
        }
        let wa = words(&item.content);
        for (j, other) in b.items.iter().enumerate() {
            if taken.contains(&j) {
                continue;
            }
            let wb = words(&other.content);
            let common = wa.intersection(&wb).count();
            if common * 2 >= wa.len().max(wb.len()) && common > 0 {
                candidates.push((common, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if pairs.contains_key(&i) || taken.contains(&j) {
            continue;
        }
        taken.insert(j);
        pairs.insert(i, j);
    }
    pairs
}

/// The numeric columns of two versions that say the same: the same year,
/// else the same label.
fn match_columns(a: &Table, b: &Table) -> Vec<(usize, usize)> {
    (0..a.numeric.len())
        .filter_map(|k| {
            let ca = a.numeric_column(k);
            let found = (0..b.numeric.len()).find(|&m| {
                let cb = b.numeric_column(m);
                match (ca.role, cb.role) {
                    (Role::Year(x), Role::Year(y)) => x == y,
                    (x, y) => x == y && key(&ca.label) == key(&cb.label),
                }
            });
            found.map(|m| (k, m))
        })
        .collect()
}

fn plain(v: Option<Decimal>) -> String {
    v.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn same(x: Option<Decimal>, y: Option<Decimal>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => crate::check::agree(x, y),
        (None, None) => true,
        _ => false,
    }
}

fn diff_tables(a: &Table, b: &Table, out: &mut Diff) {
    let pairs = match_items(a, b);
    let columns = match_columns(a, b);
    let matched_new: HashSet<usize> = pairs.values().copied().collect();
    let mut by_new: Vec<(usize, usize)> = pairs.iter().map(|(&i, &j)| (j, i)).collect();
    by_new.sort_unstable();
    let cell = |t: &Table, row: u32, k: usize| format!("'{}'!{}", t.sheet, t.cell(row, k));
    for (j, i) in by_new {
        let (x, y) = (&a.items[i], &b.items[j]);
        // Moved under another row: the numbering is told with its
        // sections' ("I › 2" → "II › 2").
        let moved = x.parent_index().and_then(|p| pairs.get(&p).copied()) != y.parent_index();
        if x.stt != y.stt || moved {
            let (old_stt, new_stt) = if moved {
                (path(a, i), path(b, j))
            } else {
                (x.stt.to_string(), y.stt.to_string())
            };
            out.renumbered.push(Renumbered {
                old_stt,
                new_stt,
                content: y.content.to_string(),
                old_cell: stt_cell(a, x),
                new_cell: stt_cell(b, y),
            });
        }
        let change =
            |column: &str, old: String, new: String, old_cell: String, new_cell: String| Changed {
                stt: y.stt.to_string(),
                content: y.content.to_string(),
                column: column.to_string(),
                old,
                new,
                old_cell,
                new_cell,
            };
        if key(&x.content) != key(&y.content) {
            out.changed.push(change(
                "Nội dung",
                x.content.to_string(),
                y.content.to_string(),
                stt_cell(a, x),
                stt_cell(b, y),
            ));
        }
        for (label, old, new) in [
            ("Đơn vị chủ trì", &x.lead, &y.lead),
            ("Đơn vị phối hợp", &x.partner, &y.partner),
        ] {
            if key(old) != key(new) {
                out.changed.push(change(
                    label,
                    old.to_string(),
                    new.to_string(),
                    stt_cell(a, x),
                    stt_cell(b, y),
                ));
            }
        }
        for &(k, m) in &columns {
            if !same(x.amount(k), y.amount(m)) {
                out.changed.push(change(
                    &b.numeric_column(m).label,
                    plain(x.amount(k)),
                    plain(y.amount(m)),
                    cell(a, x.row, k),
                    cell(b, y.row, m),
                ));
            }
        }
    }
    for (j, item) in b.items.iter().enumerate() {
        if !matched_new.contains(&j) {
            out.added.push(only(b, item));
        }
    }
    for (i, item) in a.items.iter().enumerate() {
        if !pairs.contains_key(&i) {
            out.removed.push(only(a, item));
        }
    }
    // Total rows: by their label, else in order.
    let mut used: HashSet<usize> = HashSet::new();
    for (n, t) in a.totals.iter().enumerate() {
        let found = (0..b.totals.len())
            .find(|&m| !used.contains(&m) && key(&b.totals[m].content) == key(&t.content))
            .or_else(|| (!used.contains(&n) && n < b.totals.len()).then_some(n));
        let Some(m) = found else { continue };
        used.insert(m);
        let u = &b.totals[m];
        let label = if u.content.is_empty() {
            "Tổng cộng"
        } else {
            &u.content
        };
        for &(k, c) in &columns {
            if !same(t.amount(k), u.amount(c)) {
                out.changed.push(Changed {
                    stt: label.to_string(),
                    content: label.to_string(),
                    column: b.numeric_column(c).label.clone(),
                    old: plain(t.amount(k)),
                    new: plain(u.amount(c)),
                    old_cell: cell(a, t.row, k),
                    new_cell: cell(b, u.row, c),
                });
            }
        }
    }
}

/// A table's total per period: its last total row that is not a tax line,
/// as printed (years, and the period total or their sum); nothing when it
/// has none.
fn table_totals(table: &Table) -> Vec<(Period, Decimal)> {
    let years: Vec<(u16, usize)> = (0..table.numeric.len())
        .filter_map(|k| match table.numeric_column(k).role {
            Role::Year(y) => Some((y, k)),
            _ => None,
        })
        .collect();
    let whole = (0..table.numeric.len())
        .find(|&k| table.numeric_column(k).role == Role::PeriodTotal)
        .or_else(|| {
            (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Amount)
        });
    let mut out = Vec::new();
    if let Some(total) = table
        .totals
        .iter()
        .rev()
        .find(|t| !is_tax_label(&t.content))
    {
        let mut sum = Decimal::ZERO;
        for &(y, k) in &years {
            if let Some(v) = total.amount(k) {
                out.push((Period::Year(y), v));
                sum = sum.checked_add(v).unwrap_or(sum);
            }
        }
        match whole.and_then(|k| total.amount(k)) {
            Some(v) => out.push((Period::Total, v)),
            None if !years.is_empty() => out.push((Period::Total, sum)),
            None => {}
        }
    }
    out
}
