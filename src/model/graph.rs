//! The table's relations graph: every amount cell that must equal something,
//! what it must equal, and the evidence that decided it.
//!
//! A node is a stated amount (row, column); an edge says what it adds —
//! its children, the table's top-level items, other columns of its row (a
//! legend, a group, labels the rows confirm), the years of its period —
//! with the evidence for it, strongest first: the printed legend, a merged
//! group, numbering and labels, agreement of the rows. A relation the rows
//! refute stays in the graph, marked unconfirmed, so that nothing it would
//! have checked is ever reported as checked. `phuluc show` prints the graph;
//! `check` counts from it what it compared and what it could not
//! ([`Coverage`]).

use super::{ItemKind, Table};
use crate::detect::{RelationSource, Role, Support};
use serde::Serialize;

/// What an edge adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A parent row: the sum of its children.
    Children,
    /// A total row: the sum of the table's top-level items.
    Total,
    /// Other columns of the same row (legend, group, labels).
    Columns,
    /// The years of the same row (a period total).
    Period,
    /// A cost summary's row: what its Cách tính computes from the rows
    /// whose Ký hiệu it names ("T x 6,5%", "G+GTGT").
    Computation,
}

/// Why phuluc believes an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The column-number row's formula ("3 = 4 + 5").
    Legend,
    /// A merged group over the columns ("Chia ra", a group led by its
    /// "Tổng số").
    Group,
    /// The numbering of the rows (I, 1, 1.1, a, -).
    Numbering,
    /// Labels: a total's words, a heading's bullets, column headers that
    /// the rows confirm.
    Label,
}

/// One edge: the cell at (`row`, `col`) must equal what `kind` adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The stated cell's absolute row.
    pub row: u32,
    /// The stated cell's absolute column.
    pub col: u32,
    /// What it adds.
    pub kind: EdgeKind,
    /// The cells it adds (absolute rows and columns); empty for a total,
    /// which adds the table's top-level items in its column.
    pub addends: Vec<(u32, u32)>,
    /// Why.
    pub evidence: Evidence,
    /// How far the rows bear out a column relation (none for rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
    /// Whether it is checked: false for a relation the rows refute.
    pub confirmed: bool,
}

/// How much of a table's arithmetic was checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Stated sum cells compared with what they must equal.
    pub checked: usize,
    /// Stated sum cells that were not, each with the reason.
    pub unchecked: Vec<Unchecked>,
    /// Columns of numbers whose header phuluc cannot read (absolute): no
    /// cell of theirs was checked.
    pub unread_columns: Vec<u32>,
}

impl Coverage {
    /// Every stated sum cell.
    pub fn total(&self) -> usize {
        self.checked + self.unchecked.len()
    }
}

/// A stated sum cell that was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unchecked {
    /// Absolute row.
    pub row: u32,
    /// Absolute column.
    pub col: u32,
    /// Why.
    pub reason: UncheckedReason,
}

/// Why a stated sum cell was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UncheckedReason {
    /// Its relation fails on most rows: the structure is not confirmed.
    Unconfirmed,
    /// The cell holds no readable amount (an error value, malformed text).
    Unreadable,
    /// Nothing it adds holds an amount.
    NoAddends,
}

/// The edges of a table, row by row.
///
/// ```
/// let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), &Default::default())?;
/// let edges = phuluc::model::graph::edges(&outcome.appendix.tables[0]);
/// assert!(edges.iter().any(|e| e.kind == phuluc::model::graph::EdgeKind::Total));
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn edges(table: &Table) -> Vec<Edge> {
    let mut out = Vec::new();
    for_each_edge(table, |e| out.push(e));
    out
}

/// Every edge of a table, row by row (a row's edges one after another),
/// without holding them: a table of a million rows has millions.
pub fn for_each_edge(table: &Table, mut emit: impl FnMut(Edge)) {
    let out = &mut emit;
    let additive: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .collect();
    let col_of = |k: usize| table.numeric_column(k).col;
    let states = |item: &super::Item, k: usize| {
        item.amount(k).is_some()
            || item.values.get(k).is_some_and(|v| {
                matches!(
                    v.reading(),
                    super::Reading::Malformed | super::Reading::Error
                )
            })
    };
    let period =
        (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::PeriodTotal);
    let years: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| matches!(table.numeric_column(k).role, Role::Year(_)))
        .collect();
    let summary = table.is_cost_summary().then(|| computations(table));
    for item in table.items.iter().chain(&table.totals) {
        let is_total = item.kind == ItemKind::Total;
        if let Some((formula_at, symbols)) = &summary {
            // A summary row is its Cách tính, never its children's sum.
            let how = item.texts.get(*formula_at).map(|t| t.trim()).unwrap_or("");
            if !how.is_empty() {
                for &k in &additive {
                    if states(item, k) {
                        out(Edge {
                            row: item.row,
                            col: col_of(k),
                            kind: EdgeKind::Computation,
                            addends: named_symbols(how, symbols)
                                .map(|r| (r, col_of(k)))
                                .collect(),
                            evidence: Evidence::Label,
                            support: None,
                            confirmed: true,
                        });
                    }
                }
            }
        } else if item.kind == ItemKind::Item
            && !item.children.is_empty()
            && !table.is_stray_zero_heading(item)
        {
            for &k in &additive {
                if states(item, k) {
                    out(Edge {
                        row: item.row,
                        col: col_of(k),
                        kind: EdgeKind::Children,
                        addends: item
                            .child_indices()
                            .map(|c| (table.items[c].row, col_of(k)))
                            .collect(),
                        evidence: if item.numbering.is_some() {
                            Evidence::Numbering
                        } else {
                            Evidence::Label
                        },
                        support: None,
                        confirmed: true,
                    });
                }
            }
        }
        if is_total {
            for &k in &additive {
                if states(item, k) {
                    out(Edge {
                        row: item.row,
                        col: col_of(k),
                        kind: EdgeKind::Total,
                        // The same for every total of the column: not
                        // listed (a table of running totals would list them
                        // a hundred thousand times).
                        addends: Vec::new(),
                        evidence: Evidence::Label,
                        support: None,
                        confirmed: true,
                    });
                }
            }
        }
        if item.kind == ItemKind::Ratio {
            continue;
        }
        let relations = table.relations.iter().map(|r| (r, true));
        let refuted = table.unconfirmed.iter().map(|r| (r, false));
        for (rel, confirmed) in relations.chain(refuted) {
            let Some(w) = table.numeric_index(rel.whole) else {
                continue;
            };
            if !states(item, w) {
                continue;
            }
            out(Edge {
                row: item.row,
                col: rel.whole,
                kind: if period.is_some_and(|p| col_of(p) == rel.whole) {
                    EdgeKind::Period
                } else {
                    EdgeKind::Columns
                },
                addends: rel.parts.iter().map(|&(c, _)| (item.row, c)).collect(),
                evidence: match rel.source {
                    RelationSource::Legend => Evidence::Legend,
                    RelationSource::Group => Evidence::Group,
                    RelationSource::Label => Evidence::Label,
                },
                support: Some(rel.support),
                confirmed,
            });
        }
        if let Some(p) = period {
            let refuted = table.unconfirmed.iter().any(|r| r.whole == col_of(p));
            if !years.is_empty() && !refuted && states(item, p) {
                out(Edge {
                    row: item.row,
                    col: col_of(p),
                    kind: EdgeKind::Period,
                    addends: years.iter().map(|&y| (item.row, col_of(y))).collect(),
                    evidence: Evidence::Label,
                    support: None,
                    confirmed: true,
                });
            }
        }
    }
}

/// A cost summary's Cách tính column (among the text columns) and its rows
/// by Ký hiệu (folded): (symbol, row).
fn computations(table: &Table) -> (usize, Vec<(String, u32)>) {
    let text_at = |role: Role| {
        table
            .text_columns
            .iter()
            .position(|&c| table.columns[c].role == role)
    };
    let (Some(formula_at), Some(symbol_at)) = (text_at(Role::Formula), text_at(Role::Symbol))
    else {
        return (usize::MAX, Vec::new());
    };
    let symbols = table
        .items
        .iter()
        .chain(&table.totals)
        .filter_map(|it| {
            let s = it.texts.get(symbol_at)?.trim();
            (!s.is_empty()).then(|| (s.to_lowercase(), it.row))
        })
        .collect();
    (formula_at, symbols)
}

/// The rows whose Ký hiệu a Cách tính names ("(T+GT) x 5,5%": T, GT).
fn named_symbols<'a>(how: &'a str, symbols: &'a [(String, u32)]) -> impl Iterator<Item = u32> + 'a {
    let words: Vec<String> = how
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        // "Gx10": the name before a multiplication sign "x".
        .map(|w| {
            let cut = w
                .char_indices()
                .find(|&(i, c)| {
                    i > 0
                        && matches!(c, 'x' | 'X')
                        && w[i + 1..].starts_with(|d: char| d.is_ascii_digit())
                })
                .map_or(w.len(), |(i, _)| i);
            w[..cut].to_lowercase()
        })
        .collect();
    symbols
        .iter()
        .filter(move |(s, _)| words.contains(s))
        .map(|&(_, r)| r)
}
