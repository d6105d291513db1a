//! `quantity-breakdown` (error): an estimate line's Khối lượng is not what
//! the diễn giải rows under it add up to ("- Đoạn K0 – K0+150: 4 × 53,1 ×
//! 0,01", each a quantity and no price). Only where the table confirms the
//! relation: its lines whose breakdown rows all carry a quantity agree with
//! them on two thirds at least, three lines at least — elsewhere the rows
//! may be notes, partial measurements or another unit, and nothing is said.
//! Compared at the precision the line's quantity is written in.

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use rust_decimal::Decimal;

/// Lines tested before the relation is taken as the table's.
const MIN_TESTED: usize = 3;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    if !table.estimate {
        return;
    }
    let Some(q) =
        (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Quantity)
    else {
        return;
    };
    let additive: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .collect();
    // Per broken-down line: its index, the rows' sum, how many rows, and
    // whether every row carries a quantity (and no money).
    let mut lines: Vec<(usize, Decimal, usize, bool)> = Vec::new();
    for item in &table.items {
        let (ItemKind::Breakdown, Some(p)) = (item.kind, item.parent_index()) else {
            continue;
        };
        if table.items[p].kind != ItemKind::Item {
            continue;
        }
        if lines.last().is_none_or(|l| l.0 != p) {
            lines.push((p, Decimal::ZERO, 0, true));
        }
        let Some(line) = lines.last_mut() else {
            continue;
        };
        line.2 += 1;
        let money = additive.iter().any(|&k| item.amount(k).is_some());
        match (item.amount(q), money) {
            (Some(v), false) => match line.1.checked_add(v) {
                Some(s) => line.1 = s,
                None => line.3 = false,
            },
            _ => line.3 = false,
        }
    }
    let tested: Vec<(usize, Decimal, Decimal, usize)> = lines
        .into_iter()
        .filter(|l| l.3)
        .filter_map(|(p, sum, n, _)| Some((p, table.items[p].amount(q)?, sum, n)))
        .collect();
    let held = tested
        .iter()
        .filter(|(_, stated, sum, _)| super::line_amount::written_as(*stated, *sum))
        .count();
    if tested.len() < MIN_TESTED || held * 3 < tested.len() * 2 {
        return;
    }
    let col = table.numeric_column(q).col;
    for &(p, stated, sum, n) in &tested {
        if super::line_amount::written_as(stated, sum) {
            continue;
        }
        let line = &table.items[p];
        out.push(Finding {
            expected: Some(sum.normalize().to_string()),
            found: Some(stated.normalize().to_string()),
            difference: stated.checked_sub(sum).map(|d| d.normalize()),
            formula: cx.formula(line.row, col),
            ..Finding::at(
                Code::QuantityBreakdown,
                Severity::Error,
                table,
                line.row,
                col,
                Detail::QuantityBreakdown {
                    row: line.name(),
                    rows: n,
                    agree: (held, tested.len()),
                },
            )
        });
    }
}
