//! `total-sum`: the total row equals the sum of the top-level items (whose
//! amounts are their own, or their children's when they carry none). A
//! total that cannot be read is reported with the amount it should state.

use super::{
    sum_finding, Addend, Code, Context, Detail, Effective, Finding, Hint, Severity, SumOver,
};
use crate::model::{ItemKind, Reading};
use crate::number::digits_only;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    let table = cx.table();
    // A table with a tax line ("Cộng", "Thuế VAT 10%", "TỔNG CỘNG") adds
    // its totals as an estimate does.
    if table.estimate
        || table
            .totals
            .iter()
            .any(|t| crate::model::is_tax_label(&t.content))
    {
        return check_estimate(cx, eff, out);
    }
    let top: Vec<usize> = table
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.kind == ItemKind::Item && it.parent_index().is_none())
        .map(|(i, _)| i)
        .collect();
    let mut plain: Vec<Option<(Vec<Addend>, Option<Decimal>)>> =
        (0..table.numeric.len()).map(|_| None).collect();
    for total in &table.totals {
        // "Tổng số (A+B+C)" names exactly what it adds.
        let spelled = spelled_children(&total.content);
        let named: Vec<usize>;
        let top: &[usize] = match &spelled {
            Some(names) => {
                named = top
                    .iter()
                    .copied()
                    .filter(|&i| {
                        table.items[i]
                            .numbering
                            .as_ref()
                            .is_some_and(|n| names.contains(&n.render()))
                    })
                    .collect();
                &named
            }
            None => &top,
        };
        for (k, cached) in plain.iter_mut().enumerate() {
            if !table.numeric_column(k).role.is_additive() {
                continue;
            }
            let own;
            let (addends, expected) = match &spelled {
                // A total that adds every top-level item: the same addends
                // and sum for each such total, made once (made for each, a
                // sheet of running totals was quadratic).
                None => {
                    let (addends, expected) = cached.get_or_insert_with(|| {
                        let addends: Vec<Addend> = top
                            .iter()
                            .filter_map(|&i| Addend::of(table, eff, i, k))
                            .collect();
                        let expected = super::sum_some(addends.iter().map(|a| Some(a.amount)));
                        (addends, expected)
                    });
                    (&addends[..], *expected)
                }
                Some(_) => {
                    let addends: Vec<Addend> = top
                        .iter()
                        .filter_map(|&i| Addend::of(table, eff, i, k))
                        .collect();
                    let expected = super::sum_some(addends.iter().map(|a| Some(a.amount)));
                    own = addends;
                    (&own[..], expected)
                }
            };
            if addends.is_empty() {
                continue;
            }
            let Some(expected) = expected else {
                continue;
            };
            match (&total.values[k].amount(), &total.values[k].reading()) {
                (Some(found), _)
                    if !super::agree(*found, expected)
                        && !super::caused_by_a_row(
                            &mut cx.causes,
                            out,
                            table,
                            addends,
                            k,
                            *found,
                            expected,
                            total.row,
                        ) =>
                {
                    let finding = sum_finding(
                        cx,
                        Code::TotalSum,
                        total,
                        k,
                        *found,
                        expected,
                        addends,
                        SumOver::TopLevel,
                    );
                    // A total above its items by what a footnote states.
                    let gap = found.saturating_sub(expected);
                    let note = (gap > Decimal::ZERO)
                        .then(|| {
                            super::parent_sum::footnote_stating(
                                table,
                                gap,
                                super::sums::rounding_slack(addends.len()),
                            )
                        })
                        .flatten();
                    out.push(match note {
                        Some(note) => Finding {
                            code: Code::ItemsIncomplete,
                            severity: Severity::Warning,
                            hints: Vec::new(),
                            detail: Detail::ItemsIncomplete {
                                row: super::row_name(total),
                                column: table.numeric_column(k).label.clone(),
                                columns: 1,
                                reason: super::GapReason::Footnote(note),
                            },
                            ..finding
                        },
                        None => finding,
                    });
                }
                (None, Reading::Malformed) => {
                    let text = total.values.text(k).unwrap_or_default();
                    // Replaces the plain malformed-number finding with one
                    // that says what the cell should hold.
                    let cell = table.cell(total.row, k);
                    out.retain(|f| {
                        !(f.code == Code::MalformedNumber
                            && f.cell == cell
                            && f.sheet == table.sheet)
                    });
                    let mut hints = Vec::new();
                    if let Some(k10) = digits_only(text).and_then(|d| scale_between(d, expected)) {
                        hints.push(Hint::Scale(k10));
                    }
                    let detail = Detail::Malformed {
                        row: super::row_name(total),
                        column: table.numeric_column(k).label.clone(),
                        text: text.to_string(),
                    };
                    out.push(Finding {
                        related: addends.iter().take(50).map(Addend::cell).collect(),
                        expected: Some(expected.normalize().to_string()),
                        found: Some(text.to_string()),
                        hints,
                        ..Finding::at(
                            Code::MalformedNumber,
                            Severity::Error,
                            table,
                            total.row,
                            table.numeric_column(k).col,
                            detail,
                        )
                    });
                }
                _ => {}
            }
        }
    }
}

/// An estimate's totals, each over its own scope (see `estimate`).
fn check_estimate(cx: &mut Context, eff: &Effective, out: &mut Vec<Finding>) {
    use super::estimate::{expected, scopes, Scope};
    let table = cx.table();
    let scopes = scopes(table);
    for k in 0..table.numeric.len() {
        if !table.numeric_column(k).role.is_additive() {
            continue;
        }
        let exp = expected(table, &scopes, eff, k);
        for (t, total) in table.totals.iter().enumerate() {
            let (Some(found), Some(want)) = (total.amount(k), exp[t]) else {
                continue;
            };
            if super::agree(found, want) {
                continue;
            }
            let (addends, over): (Vec<Addend>, SumOver) = match &scopes[t] {
                Scope::Items(items) => (
                    items
                        .iter()
                        .filter_map(|&i| Addend::of(table, eff, i, k))
                        .collect(),
                    SumOver::TopLevel,
                ),
                Scope::Totals(ts) => (
                    ts.iter()
                        .filter_map(|&j| {
                            Some(Addend::of_total(table, &table.totals[j], exp[j]?, k))
                        })
                        .collect(),
                    SumOver::Totals,
                ),
                Scope::Rounded(_) => (Vec::new(), SumOver::Rounded),
                Scope::Tax(..) => (Vec::new(), SumOver::Tax),
            };
            if super::caused_by_a_row(
                &mut cx.causes,
                out,
                table,
                &addends,
                k,
                found,
                want,
                total.row,
            ) {
                continue;
            }
            out.push(sum_finding(
                cx,
                Code::TotalSum,
                total,
                k,
                found,
                want,
                &addends,
                over,
            ));
        }
    }
}

/// The sections a total's label names: "Tổng số (A+B+C) - Total" →
/// ["A", "B", "C"]; "Tổng cộng (I+II+III)" → ["I", "II", "III"].
pub(crate) fn spelled_children(label: &str) -> Option<Vec<String>> {
    let open = label.find('(')?;
    let close = open + label[open..].find(')')?;
    let inner: String = label[open + 1..close]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !inner.contains('+') {
        return None;
    }
    inner
        .split('+')
        .map(|t| crate::stt::parse(t).map(|n| n.render()))
        .collect()
}

/// k when `digits` is `expected` × 10^k give or take stray zeros: the digits
/// of "3.277.0000.000" are 32770000000 = 3277 × 10^7.
fn scale_between(digits: Decimal, expected: Decimal) -> Option<i32> {
    if expected <= Decimal::ZERO || digits <= Decimal::ZERO {
        return None;
    }
    let mut v = digits;
    let mut k = 0;
    while v > expected && (v % Decimal::TEN).is_zero() {
        v /= Decimal::TEN;
        k += 1;
    }
    (v == expected && k > 0).then_some(k)
}
