//! Confirming what the header declares before anything is blamed on it.
//!
//! A legend ("1 = 2 + 3"), a merged group ("Chia ra", a group led by its
//! "Tổng số") or a set of labels ("Quý I" … "Quý IV" beside "Cả năm") says
//! how columns relate; the rows say whether they do. A reading enters the
//! table only where it holds on most of the rows it can be tested on.
//! Competing readings of one group — flat ("Tổng số" = every column under
//! it) or nested (an inner "Tổng số" standing for its own parts) — are each
//! scored by how many rows they explain, and the best is taken. A reading
//! that fails on most rows is a misreading: it is kept aside as
//! unconfirmed, so that the checks say once that the structure could not be
//! confirmed, never a hundred times that a cell is wrong.

use super::{Column, Relation, RelationSource, Role};
use crate::read::{CellValue, Sheet};
use crate::text::{fold, starts_with_word};
use rust_decimal::Decimal;

/// Rows looked at to score a reading: enough to tell a relation from a
/// misreading, bounded on a sheet of a million rows.
const SAMPLE_ROWS: u32 = 5_000;

/// Rows a reading must be tested on before the rows may refute it: a
/// relation tested on one or two rows stands (a wrong cell there is that
/// cell's mistake, not a misreading). A printed legend is the author's own
/// declaration, and a wrong row drags its parent and total along: it takes
/// more rows to refute.
const MIN_TESTED: u32 = 3;
const MIN_TESTED_LEGEND: u32 = 5;

/// How far a relation holds on the rows of the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Support {
    /// Rows where it holds (within binary noise, or the rounding of whole
    /// allocations).
    pub held: u32,
    /// Rows where it could be tested: the whole and a part hold numbers.
    pub tested: u32,
}

impl Support {
    /// Whether the rows confirm it, or are too few to refute it.
    pub fn confirms(self) -> bool {
        self.tested < MIN_TESTED || self.held * 2 > self.tested
    }

    /// [`Support::confirms`], for a relation read from `source`.
    pub fn confirms_for(self, source: RelationSource) -> bool {
        let min = match source {
            RelationSource::Legend => MIN_TESTED_LEGEND,
            _ => MIN_TESTED,
        };
        self.tested < min || self.held * 2 > self.tested
    }

    /// Agreements less disagreements: how a reading is ranked.
    fn score(self) -> i64 {
        i64::from(self.held) - i64::from(self.tested - self.held)
    }
}

/// The body rows a reading is scored on, with what their cells read.
pub(super) struct Body<'s> {
    sheet: &'s Sheet,
    rows: Vec<u32>,
}

impl<'s> Body<'s> {
    /// The rows from `from` that hold a number, at most [`SAMPLE_ROWS`].
    pub(super) fn new(sheet: &'s Sheet, from: u32, first_col: u32, last_col: u32) -> Body<'s> {
        let last_row = sheet.bounds().map(|(_, (r, _))| r).unwrap_or(0);
        let rows = (from..=last_row.min(from.saturating_add(SAMPLE_ROWS)))
            .filter(|&r| {
                sheet
                    .row_cells(r, first_col, last_col)
                    .any(|(_, d)| matches!(d, CellValue::Float(_) | CellValue::Int(_)))
            })
            .collect();
        Body { sheet, rows }
    }

    fn value(&self, row: u32, col: u32) -> Option<Decimal> {
        match self.sheet.get(row, col) {
            CellValue::Float(x) => crate::number::decimal_from_f64(x),
            CellValue::Int(i) => Some(Decimal::from(i)),
            _ => None,
        }
    }

    /// How far `whole` = Σ `parts` holds (for a partial relation: the parts
    /// do not exceed the whole).
    pub(super) fn support(&self, whole: u32, parts: &[(u32, bool)], partial: bool) -> Support {
        let mut s = Support::default();
        for &r in &self.rows {
            let Some(w) = self.value(r, whole) else {
                continue;
            };
            let mut sum: Option<Decimal> = None;
            let mut overflow = false;
            for &(c, neg) in parts {
                if let Some(v) = self.value(r, c) {
                    let v = if neg { -v } else { v };
                    match sum.unwrap_or(Decimal::ZERO).checked_add(v) {
                        Some(t) => sum = Some(t),
                        None => overflow = true,
                    }
                }
            }
            let Some(sum) = sum else { continue };
            if overflow || w.is_zero() && sum.is_zero() {
                continue;
            }
            s.tested += 1;
            let held = if partial {
                sum <= w || close(w, sum, parts.len())
            } else {
                close(w, sum, parts.len())
            };
            s.held += u32::from(held);
        }
        s
    }
}

/// Equal within binary noise, or within the rounding of whole allocations
/// (one unit per part, on amounts far larger than that).
fn close(found: Decimal, expected: Decimal, parts: usize) -> bool {
    if crate::number::agree(found, expected) {
        return true;
    }
    let slack = Decimal::from(parts + 1);
    let Some(diff) = found.checked_sub(expected) else {
        return false;
    };
    diff.abs() <= slack && found.abs() >= slack * Decimal::ONE_HUNDRED
}

/// The words a column's own label starts with when it stands for the
/// columns after it.
fn is_total_head(label: &str) -> bool {
    let own = label.rsplit(" / ").next().unwrap_or(label);
    let own = fold(own);
    ["tổng số", "tổng cộng", "tổng", "cộng"]
        .iter()
        .any(|w| starts_with_word(&own, w))
}

/// The header label of column `c` ("" when it has none).
fn label_of(columns: &[Column], c: u32) -> &str {
    columns
        .iter()
        .find(|x| x.col == c)
        .map(|x| x.label.as_str())
        .unwrap_or("")
}

/// The readings of one group relation: as read, and nested at each member
/// whose label is a total of the members after it (outer whole = the
/// members up to it and those after its own parts; inner = its parts).
fn readings(rel: &Relation, columns: &[Column]) -> Vec<Vec<Relation>> {
    let mut out = vec![vec![rel.clone()]];
    if rel.source != RelationSource::Group || rel.parts.iter().any(|p| p.1) {
        return out;
    }
    let label = |c: u32| label_of(columns, c);
    let n = rel.parts.len();
    for i in 0..n.saturating_sub(1) {
        let head = rel.parts[i].0;
        if !is_total_head(label(head)) {
            continue;
        }
        for j in i + 1..n {
            let outer: Vec<(u32, bool)> = rel.parts[..=i]
                .iter()
                .chain(&rel.parts[j + 1..])
                .copied()
                .collect();
            let inner: Vec<(u32, bool)> = rel.parts[i + 1..=j].to_vec();
            out.push(vec![
                Relation {
                    parts: outer,
                    ..rel.clone()
                },
                Relation {
                    whole: head,
                    parts: inner,
                    partial: false,
                    ..rel.clone()
                },
            ]);
        }
    }
    out
}

/// The relations the rows confirm, each with its support, and those they
/// refute. For every relation read from the header, the best-scoring of its
/// readings is taken.
pub(super) fn confirm(
    body: &Body<'_>,
    read: Vec<Relation>,
    columns: &[Column],
) -> (Vec<Relation>, Vec<Relation>) {
    let mut confirmed = Vec::new();
    let mut refuted = Vec::new();
    for rel in read {
        if periods_of_one_money(&rel, columns) {
            continue;
        }
        let mut best: Option<(i64, Vec<Relation>)> = None;
        for mut reading in readings(&rel, columns) {
            let mut score = 0i64;
            for r in &mut reading {
                r.support = body.support(r.whole, &r.parts, r.partial);
                score += r.support.score();
            }
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, reading));
            }
        }
        for r in best.map(|b| b.1).unwrap_or_default() {
            if r.support.confirms_for(r.source) {
                confirmed.push(r);
            } else {
                refuted.push(r);
            }
        }
    }
    (confirmed, refuted)
}

/// A group whose members are periods of the same money ("Trong tháng |
/// Lũy kế từ đầu năm | Từ đầu dự án"): nothing in it adds, so it is no sum
/// to score — neither confirmed nor refuted. A printed legend is the
/// author's own statement and is kept ("Lũy kế kỳ này = lũy kế kỳ trước +
/// kỳ này").
fn periods_of_one_money(rel: &Relation, columns: &[Column]) -> bool {
    if rel.source == RelationSource::Legend {
        return false;
    }
    let label = |c: u32| label_of(columns, c);
    std::iter::once(rel.whole)
        .chain(rel.parts.iter().map(|p| p.0))
        .filter(|&c| super::meanings::is_period_member(label(c)))
        .count()
        >= 2
}

/// "Quý I" … "Quý IV", "6 tháng đầu năm": a part of the year.
fn part_of_year(label: &str) -> bool {
    let own = fold(label.rsplit(" / ").next().unwrap_or(label));
    let own = own.trim();
    let quarter = own
        .strip_prefix("quý")
        .or_else(|| own.strip_prefix("quí"))
        .map(|rest| {
            let rest = rest.trim().trim_end_matches('.');
            matches!(rest, "i" | "ii" | "iii" | "iv" | "1" | "2" | "3" | "4")
        })
        .unwrap_or(false);
    let q = own.len() == 2 && own.starts_with('q') && matches!(&own[1..], "1" | "2" | "3" | "4");
    let half = own.starts_with("6 tháng") || own.starts_with("sáu tháng");
    quarter || q || half
}

/// What a whole year is headed: "Cả năm", "Tổng cộng", "Tổng số", "Cộng".
fn whole_year(label: &str) -> bool {
    let own = fold(label.rsplit(" / ").next().unwrap_or(label));
    ["cả năm", "tổng cộng", "tổng số", "cộng", "tổng", "năm"]
        .iter()
        .any(|w| own.trim() == *w || starts_with_word(&own, w) && own.contains("năm"))
        && !part_of_year(label)
}

/// Relations the labels suggest and nothing declares: a whole year beside
/// its quarters or halves. Offered to the rows, taken only when they agree
/// on most of them (and never said to be refuted: nothing declared them).
pub(super) fn label_relations(body: &Body<'_>, columns: &[Column]) -> Vec<Relation> {
    let parts: Vec<&Column> = columns.iter().filter(|c| part_of_year(&c.label)).collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for whole in columns.iter().filter(|c| whole_year(&c.label)) {
        let parts: Vec<(u32, bool)> = parts.iter().map(|c| (c.col, false)).collect();
        let support = body.support(whole.col, &parts, false);
        if support.tested >= 2 && support.held * 2 > support.tested {
            out.push(Relation {
                whole: whole.col,
                text: format!(
                    "{} = {}",
                    whole.label.rsplit(" / ").next().unwrap_or(&whole.label),
                    parts
                        .iter()
                        .filter_map(|(c, _)| columns.iter().find(|x| x.col == *c))
                        .map(|x| x.label.rsplit(" / ").next().unwrap_or(&x.label))
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
                parts,
                partial: false,
                source: RelationSource::Label,
                support,
            });
            break;
        }
    }
    out
}

/// The period total's relation to the plan's years ("Tổng giai đoạn
/// 2026-2030" = Σ "Năm 2026" …), when the rows refute it: columns headed as
/// years that are not the years of one period do not add, and are not
/// blamed for it. Columns whose header says they are no year of the plan
/// (last year's estimate, a running total, revenue: `model::roles`) are
/// not offered at all, and a running total is no period total.
pub(super) fn period_refuted(body: &Body<'_>, columns: &[Column]) -> Option<Relation> {
    use super::meanings::Meaning;
    // Only the plan's years add to its period total: a running total, last
    // year's estimate or revenue headed with a year are none of them.
    let meanings = super::meanings::column_meanings(columns);
    let period = columns
        .iter()
        .zip(&meanings)
        .find(|(c, m)| c.role == super::Role::PeriodTotal && **m == Meaning::PeriodTotal)?
        .0;
    let years: Vec<(u32, bool)> = columns
        .iter()
        .zip(&meanings)
        .filter(|(_, m)| matches!(m, Meaning::PlanYear(_)))
        .map(|(c, _)| (c.col, false))
        .collect();
    if years.is_empty() {
        return None;
    }
    let support = body.support(period.col, &years, false);
    (!support.confirms()).then(|| Relation {
        whole: period.col,
        parts: years,
        partial: false,
        source: RelationSource::Label,
        text: period.label.clone(),
        support,
    })
}

/// "VẬT LIỆU | NHÂN CÔNG | MÁY | ĐƠN GIÁ | THÀNH TIỀN" in one header row:
/// under no "Đơn giá" group the three labels read as amounts, but where
/// the rows show VL + NC + M = Đơn giá on most of them, they are the parts
/// of the unit price. The rows decide; a sheet where they do not add stays
/// as it was read.
pub(super) fn price_parts(body: &Body<'_>, columns: &mut [Column]) {
    let Some(price) = columns.iter().position(|c| c.role == Role::UnitPrice) else {
        return;
    };
    let parts: Vec<(usize, usize)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.role.is_price())
        .filter_map(|(i, c)| super::labels::price_part(&fold(&c.label)).map(|p| (i, p)))
        .collect();
    let mut kinds: Vec<usize> = parts.iter().map(|p| p.1).collect();
    kinds.sort_unstable();
    if kinds != [0, 1, 2] {
        return;
    }
    let cells: Vec<(u32, bool)> = parts
        .iter()
        .map(|&(i, _)| (columns[i].col, false))
        .collect();
    let s = body.support(columns[price].col, &cells, false);
    if s.tested == 0 || s.held * 2 <= s.tested {
        return;
    }
    for (i, p) in parts {
        columns[i].role = [Role::PriceMaterial, Role::PriceLabour, Role::PriceMachine][p];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_the_year() {
        assert!(part_of_year("Quý I"));
        assert!(part_of_year("Thực hiện / Quý 3"));
        assert!(part_of_year("Q4"));
        assert!(part_of_year("6 tháng đầu năm"));
        assert!(!part_of_year("Năm 2026"));
        assert!(whole_year("Cả năm"));
        assert!(whole_year("Tổng cộng"));
        assert!(!whole_year("Quý II"));
    }

    #[test]
    fn support_is_refuting_only_past_a_few_rows() {
        assert!(Support { held: 0, tested: 2 }.confirms());
        assert!(!Support { held: 1, tested: 3 }.confirms());
        assert!(Support { held: 2, tested: 3 }.confirms());
    }

    #[test]
    fn allocations_round_by_a_unit_per_part() {
        let d = |x: i64| Decimal::from(x);
        assert!(close(d(1_000_001), d(1_000_000), 2));
        assert!(!close(d(1_000_010), d(1_000_000), 2));
        assert!(
            !close(d(101), d(100), 2),
            "small amounts are typed, not rounded"
        );
    }
}
