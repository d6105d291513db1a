//! Words lines ("Bằng chữ: …", or amount words right under a total):
//! `words-match` (info) when they state a total of the table, in its unit;
//! `words-mismatch` (error) when they state another amount; and
//! `words-unreadable` (warning) when they cannot be read.
//!
//! The amounts compared are the sums of the items — what the table really
//! adds up to — and the printed totals: words that agree with the items are
//! confirmed even where the printed total is wrong.

use super::{sum_some, Code, Context, Detail, Effective, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use crate::unit::Unit;
use crate::words::{parse_words, to_words, Style};
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    if table.words.is_empty() {
        return;
    }
    let top: Vec<usize> = (0..table.items.len())
        .filter(|&i| {
            table.items[i].kind == ItemKind::Item && table.items[i].parent_index().is_none()
        })
        .collect();
    // (what, amount in the table's unit), the truest first.
    let mut candidates: Vec<(String, Decimal)> = Vec::new();
    let additive: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .collect();
    let order = |k: &usize| match table.numeric_column(*k).role {
        Role::PeriodTotal => 0,
        Role::Amount => 1,
        _ => 2,
    };
    let mut ordered = additive.clone();
    ordered.sort_by_key(order);
    for &k in &ordered {
        if let Some(sum) = sum_some(top.iter().map(|&i| eff.get(i, k))) {
            candidates.push((table.numeric_column(k).label.clone(), sum));
        }
    }
    let years: Vec<usize> = additive
        .iter()
        .copied()
        .filter(|&k| matches!(table.numeric_column(k).role, Role::Year(_)))
        .collect();
    if years.len() > 1 {
        if let Some(all) = sum_some(
            years
                .iter()
                .flat_map(|&k| top.iter().map(move |&i| eff.get(i, k))),
        ) {
            candidates.insert(
                usize::from(ordered.first().is_some_and(|k| order(k) == 0)),
                ("∑".to_string(), all),
            );
        }
    }
    for total in &table.totals {
        for &k in &ordered {
            if let Some(v) = total.amount(k) {
                candidates.push((table.numeric_column(k).label.clone(), v));
            }
        }
    }
    let factors: Vec<Unit> = match table.money_unit() {
        Some(u) => vec![u],
        None => vec![Unit::Dong, Unit::Nghin, Unit::Trieu, Unit::Ty],
    };
    // An estimate's words line states the total right above it.
    let estimate_totals: Option<Vec<Option<Decimal>>> = table.estimate.then(|| {
        let k = (0..table.numeric.len())
            .find(|&k| table.numeric_column(k).role == Role::Amount)
            .unwrap_or(0);
        let scopes = super::estimate::scopes(table);
        super::estimate::expected(table, &scopes, eff, k)
    });
    for line in &table.words {
        // "Bằng chữ:" left to be filled (a template's): `format` fills it.
        if crate::words::is_blank_line(&line.text) {
            continue;
        }
        let col = line.col;
        let mut candidates = candidates.clone();
        if table.is_cost_summary() {
            // A summary's words line states the row right above it (LÀM
            // TRÒN, TỔNG DỰ TOÁN).
            let above = table
                .items
                .iter()
                .chain(&table.totals)
                .filter(|it| it.row < line.row)
                .filter_map(|it| {
                    let k = (0..table.numeric.len()).find(|&k| {
                        table.numeric_column(k).role.is_additive() && it.amount(k).is_some()
                    })?;
                    Some((it.row, it.content.to_string(), it.amount(k)?))
                })
                .max_by_key(|(r, _, _)| *r);
            if let Some((_, label, v)) = above {
                candidates = vec![(label, v)];
            }
        } else if let Some(exp) = &estimate_totals {
            let above = (0..table.totals.len())
                .filter(|&t| table.totals[t].row < line.row)
                .max_by_key(|&t| table.totals[t].row);
            if let Some(t) = above {
                let label = table.totals[t].content.clone();
                candidates = exp[t].into_iter().map(|v| (label.to_string(), v)).collect();
            }
        }
        match parse_words(&line.text) {
            Err(e) => {
                let detail = Detail::WordsUnreadable {
                    word: e.word.clone(),
                    position: e.position,
                    reason: e.reason,
                };
                out.push(Finding {
                    found: Some(line.text.clone()),
                    ..Finding::at(
                        Code::WordsUnreadable,
                        Severity::Warning,
                        table,
                        line.row,
                        col,
                        detail,
                    )
                });
            }
            Ok(stated) => {
                // Words state whole đồng: a total with a fraction of a đồng
                // (a rounded table in millions) agrees with its rounding.
                let states = |v: Decimal, u: &Unit| {
                    v.checked_mul(u.factor()).is_some_and(|d| {
                        d == stated
                            || stated.fract().is_zero()
                                && d.round_dp_with_strategy(
                                    0,
                                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                                ) == stated
                    })
                };
                let matched = candidates.iter().find_map(|(what, v)| {
                    factors
                        .iter()
                        .find(|u| states(*v, u))
                        .map(|u| (what.clone(), *v, *u))
                });
                let (code, severity, detail, expected) = match matched {
                    Some((column, value, unit)) => (
                        Code::WordsMatch,
                        Severity::Info,
                        Detail::Words {
                            stated,
                            column,
                            value,
                            unit: Some(unit),
                            expected_words: None,
                        },
                        value,
                    ),
                    None => {
                        let Some((column, value)) = candidates.first().cloned() else {
                            continue;
                        };
                        let unit = table.money_unit();
                        let dong = value
                            .checked_mul(unit.unwrap_or(Unit::Dong).factor())
                            .unwrap_or(value);
                        let words = to_words(dong, &Style::default());
                        (
                            Code::WordsMismatch,
                            Severity::Error,
                            Detail::Words {
                                stated,
                                column,
                                value,
                                unit,
                                expected_words: Some(words),
                            },
                            value,
                        )
                    }
                };
                out.push(Finding {
                    expected: Some(expected.normalize().to_string()),
                    found: Some(stated.normalize().to_string()),
                    ..Finding::at(code, severity, table, line.row, col, detail)
                });
            }
        }
    }
}
