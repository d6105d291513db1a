//! `parent-sum`: a parent or section row that carries amounts equals the
//! sum of its children, per amount column. Children that carry no amount
//! themselves count with the sum of theirs; breakdowns never count.
//!
//! A parent whose listed children are visibly incomplete is not an
//! arithmetic error but a gap, reported once for the row as
//! `items-incomplete` (warning) with the reason: it exceeds its items in
//! every column alike (units not disclosed), its children's numbering skips,
//! or it is a reserve ("dự phòng", "chưa phân bổ").

use super::{
    agree, sum_finding, sum_some, Addend, Code, Context, Detail, Effective, Finding, GapReason,
    Severity, SumOver,
};
use crate::model::{Item, ItemKind};
use crate::text::fold;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    let width = table.numeric.len();
    // Children before parents (bottom-up): a parent off by what one of its
    // children is off by its own items is that child's mistake.
    let tree = table.items.iter().filter(|i| i.kind == ItemKind::Item);
    for item in tree.rev() {
        if item.children.is_empty() {
            continue;
        }
        // A heading with a stray 0 and no other figure states nothing.
        if table.is_stray_zero_heading(item) {
            continue;
        }
        // (column, found, expected) where they disagree.
        let mut off: Vec<(usize, Decimal, Decimal)> = Vec::new();
        let mut compared = 0usize;
        for k in 0..width {
            if !table.numeric_column(k).role.is_additive() {
                continue;
            }
            let Some(found) = item.amount(k) else {
                continue;
            };
            // The sum first; addends (and their addresses) only on a mismatch.
            let Some(expected) = sum_some(item.child_indices().map(|c| eff.get(c, k))) else {
                continue;
            };
            if !found.is_zero() {
                compared += 1;
            }
            if !agree(found, expected) {
                off.push((k, found, expected));
            }
        }
        if off.is_empty() {
            continue;
        }
        let addends_of = |k: usize| -> Vec<Addend> {
            item.child_indices()
                .filter_map(|c| Addend::of(table, eff, c, k))
                .collect()
        };
        off.retain(|&(k, found, expected)| {
            !super::caused_by_a_row(
                &mut cx.causes,
                out,
                table,
                &addends_of(k),
                k,
                found,
                expected,
                item.row,
            )
        });
        if off.is_empty() {
            continue;
        }
        let findings: Vec<Finding> = off
            .iter()
            .map(|&(k, found, expected)| {
                let addends = addends_of(k);
                sum_finding(
                    cx,
                    Code::ParentSum,
                    item,
                    k,
                    found,
                    expected,
                    &addends,
                    SumOver::Children,
                )
            })
            .collect();
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let exceeding = off.iter().all(|&(_, found, expected)| found > expected);
        let gap = off.first().map(|&(_, f, e)| f.saturating_sub(e));
        // Columns off by more than their rounding: a unit or two in the
        // other columns of an integer allocation table is not a column
        // "exceeding alike".
        let slack = super::sums::rounding_slack(item.children.len());
        let material = off
            .iter()
            .filter(|&&(_, found, expected)| found.saturating_sub(expected).abs() > slack)
            .count();
        match gap_reason(table, item, exceeding, material, compared, gap, slack) {
            Some(reason) if !errors.is_empty() => {
                let first = errors[0];
                let columns = errors.len();
                out.push(Finding {
                    code: Code::ItemsIncomplete,
                    severity: Severity::Warning,
                    related: errors[1..].iter().map(|f| f.cell.clone()).collect(),
                    hints: Vec::new(),
                    detail: Detail::ItemsIncomplete {
                        row: super::row_name(item),
                        column: match &first.detail {
                            Detail::Sum { column, .. } => column.clone(),
                            _ => String::new(),
                        },
                        columns,
                        reason,
                    },
                    ..first.clone()
                });
                // Rounding notes on the other columns still stand.
                out.extend(
                    findings
                        .into_iter()
                        .filter(|f| f.severity != Severity::Error),
                );
            }
            _ => out.extend(findings),
        }
    }
}

/// Why a parent's listed children may be incomplete, when the sheet shows it.
fn gap_reason(
    table: &crate::model::Table,
    item: &Item,
    exceeding: bool,
    errors: usize,
    compared: usize,
    gap: Option<Decimal>,
    slack: Decimal,
) -> Option<GapReason> {
    if !exceeding {
        return None;
    }
    if let Some(note) = gap.and_then(|g| footnote_stating(table, g, slack)) {
        return Some(GapReason::Footnote(note));
    }
    let words = fold(&format!("{} {}", item.content, item.note));
    if ["dự phòng", "chưa phân bổ", "chưa phân khai"]
        .iter()
        .any(|w| words.contains(w))
    {
        return Some(GapReason::Reserve);
    }
    let missing = missing_children(table, item);
    if !missing.is_empty() {
        return Some(GapReason::NumberingGap(missing));
    }
    // Every column short alike: listed items are a selection (the Ministry
    // never lists defence and security per unit).
    (errors >= 3 && errors * 2 >= compared).then_some(GapReason::EveryColumn)
}

/// The footnotes under the table that state `amount` ("(1) Bao gồm 3.728
/// tỷ đồng chưa phân bổ"), if any: one amount a note states, or several
/// together — in one note ("hoàn thuế 85.000 tỷ; cổ tức 38.895 tỷ; phí
/// 1.180 tỷ …") or one from each of several ("(1) … 207 tỷ", "(2) … 300
/// tỷ" under a column that holds both) — in whatever unit the notes write
/// them (tỷ in a table of triệu). `slack` is the rounding the gap may
/// carry besides (a national row of rounded provinces): a stated 507.000
/// explains a gap of 506.998,1, never a gap that is small itself.
pub(super) fn footnote_stating(
    table: &crate::model::Table,
    amount: Decimal,
    slack: Decimal,
) -> Option<String> {
    // Differences of a few units are rounding's, never a footnote's.
    if amount.abs() <= Decimal::from(3) {
        return None;
    }
    let table_factor = table.money_unit().map(|u| u.factor());
    // (amount, the note that states it), at most twelve in all.
    let stated: Vec<(Decimal, usize)> = table
        .notes
        .iter()
        .enumerate()
        .flat_map(|(n, note)| {
            amounts_stated(note, table_factor)
                .into_iter()
                .map(move |v| (v, n))
        })
        .take(12)
        .collect();
    let close = |s: Decimal| {
        super::agree(s, amount)
            || (s - amount).abs() <= slack
                && amount.abs() >= slack.saturating_mul(Decimal::ONE_THOUSAND)
    };
    // Every subset of them; the first that states the gap, fewest notes first.
    let mut best: Option<(u32, u32)> = None;
    for mask in 1u32..1 << stated.len() {
        let sum = stated
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .try_fold(Decimal::ZERO, |acc, (_, (v, _))| acc.checked_add(*v));
        if !sum.is_some_and(close) {
            continue;
        }
        let notes = notes_of(&stated, mask);
        if best.is_none_or(|(_, n)| notes.count_ones() < n) {
            best = Some((mask, notes.count_ones()));
        }
    }
    let (mask, _) = best?;
    let notes = notes_of(&stated, mask);
    let texts: Vec<String> = table
        .notes
        .iter()
        .enumerate()
        .filter(|(n, _)| notes & (1 << n) != 0)
        .map(|(_, note)| {
            let mut short: String = note.chars().take(120).collect();
            if short.len() < note.len() {
                short.push('…');
            }
            short
        })
        .collect();
    Some(texts.join(" "))
}

/// The notes (as bits) the chosen amounts come from.
fn notes_of(stated: &[(Decimal, usize)], mask: u32) -> u32 {
    stated
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .fold(0, |acc, (_, &(_, n))| {
            acc | 1u32.checked_shl(n as u32).unwrap_or(0)
        })
}

/// The amounts a note states, in the table's unit (`table_factor` đồng per
/// unit; without one, as written): a number followed by a money word ("3.728
/// tỷ đồng", "100 triệu", "987,640 million dongs"), not a marker "(2)" or a
/// date.
fn amounts_stated(note: &str, table_factor: Option<Decimal>) -> Vec<Decimal> {
    let words: Vec<&str> = note.split_whitespace().collect();
    words
        .windows(2)
        .filter_map(|w| {
            let unit = crate::text::fold(w[1]);
            let (factor, english) = if unit.starts_with("tỷ") || unit.starts_with("tỉ") {
                (Decimal::from(1_000_000_000u64), false)
            } else if unit.starts_with("triệu")
                || unit.starts_with("trđ")
                || unit.starts_with("tr.đ")
            {
                (Decimal::from(1_000_000u64), false)
            } else if unit.starts_with("nghìn") || unit.starts_with("ngàn") {
                (Decimal::ONE_THOUSAND, false)
            } else if unit.starts_with("đồng") {
                (Decimal::ONE, false)
            } else if unit.starts_with("billion") {
                (Decimal::from(1_000_000_000u64), true)
            } else if unit.starts_with("million") {
                (Decimal::from(1_000_000u64), true)
            } else {
                return None;
            };
            // Vietnamese prose groups thousands with '.' and marks decimals
            // with ',' ("38.895 tỷ", "1,5 tỷ"); the English of bilingual
            // tables the other way ("987,640 million dongs").
            let v = match crate::number::parse_amount(
                w[0].trim_start_matches(|c: char| !c.is_ascii_digit())
                    .trim_end_matches([',', ';', ':']),
            ) {
                crate::number::Parsed::Number { value, .. } => value,
                crate::number::Parsed::Ambiguous {
                    grouped,
                    decimal,
                    separator,
                } => {
                    if (separator == '.') != english {
                        grouped
                    } else {
                        decimal
                    }
                }
                _ => return None,
            };
            match table_factor {
                Some(t) if !t.is_zero() => v.checked_mul(factor)?.checked_div(t),
                _ => Some(v),
            }
        })
        .collect()
}

/// Whether the sections beside `item` (its siblings) number their children
/// afresh: of those with numbered children, one other than the first has
/// its first child numbered 1. Then a first child numbered 3 is an extract,
/// not the list running on.
fn restarts_per_section(table: &crate::model::Table, item: &Item) -> bool {
    let siblings: Vec<usize> = match item.parent_index() {
        Some(p) => table.items[p].child_indices().collect(),
        None => table
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.parent.is_none() && i.kind == crate::model::ItemKind::Item)
            .map(|(k, _)| k)
            .collect(),
    };
    let first_child = |s: usize| {
        table.items[s]
            .child_indices()
            .find_map(|c| match &table.items[c].numbering {
                Some(n @ crate::stt::Stt::Number(_)) => n.ordinal(),
                _ => None,
            })
    };
    siblings
        .iter()
        .filter(|&&s| !std::ptr::eq(&table.items[s], item))
        .filter_map(|&s| first_child(s))
        .skip(1)
        .any(|first| first == 1)
}

/// How far back the number a first child continues is looked for.
const CONTINUED_FROM_WITHIN: usize = 10_000;

/// The numbering missing among a parent's children (1, 3 → "2"), and before
/// its first one: an extract that lists from 2, or a lone 2.6 under 2,
/// shows the rows it left out — unless the number continues the list of
/// the section before (numbering may run on across sections: 1–5, 6–9).
fn missing_children(table: &crate::model::Table, item: &Item) -> Vec<String> {
    let mut missing = Vec::new();
    let first = item.child_indices().find_map(|c| {
        let n = table.items[c].numbering.as_ref()?;
        Some((c, n, n.ordinal()?))
    });
    if let Some((c, crate::stt::Stt::Number(path), ord)) = first {
        if ord > 1 {
            let kind = table.items[c].numbering.as_ref().map(|n| n.kind());
            let before = table.items[c.saturating_sub(CONTINUED_FROM_WITHIN)..c]
                .iter()
                .rev()
                .filter(|i| i.kind == crate::model::ItemKind::Item)
                .find_map(|i| {
                    let n = i.numbering.as_ref()?;
                    (Some(n.kind()) == kind).then(|| n.ordinal()).flatten()
                });
            let from = match before {
                Some(b) if b < ord && !restarts_per_section(table, item) => b + 1,
                _ => 1,
            };
            missing.extend((from..ord).take(10).map(|k| {
                let mut p = path.clone();
                if let Some(last) = p.last_mut() {
                    *last = k;
                }
                crate::stt::Stt::Number(p).render()
            }));
        }
    }
    let mut prev: Option<(crate::stt::Stt, u32)> = None;
    for c in item.child_indices() {
        let Some(n) = &table.items[c].numbering else {
            continue;
        };
        let Some(ord) = n.ordinal() else { continue };
        if let Some((p, po)) = &prev {
            if p.kind() == n.kind() && ord > po + 1 && matches!(n, crate::stt::Stt::Number(_)) {
                missing.extend((po + 1..ord).take(10).map(|k| k.to_string()));
            }
        }
        prev = Some((n.clone(), ord));
    }
    missing
}
