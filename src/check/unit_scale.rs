//! `unit-scale` (warning): on an estimate, a line whose unit price is
//! about 100 or 1000 times the price of the other lines of the same work
//! code — a quantity typed in m3 into a 100m3 row, kg into a tấn row —
//! or whose unit of measure is written at another scale than theirs
//! ("m3" where the code is priced per "100m3"). Reviewers and auditors find
//! it often (`../shared/DOMAIN.md`, "Cost estimates").

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use crate::text::{fold, Folded};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// "100m3" → (100, "m3"); "1 rọ" → (1, "rọ"); "m2" → (1, "m2").
fn scale_of(unit: &str) -> (Decimal, String) {
    let u = fold(unit).replace(' ', "");
    let digits: String = u.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = u[digits.len()..].to_string();
    let n = digits
        .parse::<u32>()
        .map(Decimal::from)
        .unwrap_or(Decimal::ONE);
    (n, rest)
}

/// How far `x` is from `y` as a power of ten near 100 or 1000: `Some(100)`
/// when x ≈ 100 y (within 10 %).
fn decade(x: Decimal, y: Decimal) -> Option<Decimal> {
    if x <= Decimal::ZERO || y <= Decimal::ZERO {
        return None;
    }
    let (big, small) = if x > y { (x, y) } else { (y, x) };
    // Most prices are nowhere near 90 times apart: no division for them.
    if big < small.checked_mul(Decimal::from(90))? {
        return None;
    }
    let ratio = big.checked_div(small)?;
    [Decimal::ONE_HUNDRED, Decimal::ONE_THOUSAND]
        .into_iter()
        .find(|&f| (ratio - f).abs() * Decimal::TEN <= f)
}

/// An estimate line: its item, its unit as written, its unit price.
type Line<'a> = (usize, &'a str, Option<Decimal>);

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    if !table.estimate {
        return;
    }
    let text_at = |role: Role| {
        table
            .text_columns
            .iter()
            .position(|&c| table.columns[c].role == role)
    };
    let (Some(code_at), unit_at) = (text_at(Role::Code), text_at(Role::MeasureUnit)) else {
        return;
    };
    let price = (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::UnitPrice);
    let quantity =
        (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Quantity);
    // Lines by code: (item, unit as written, price); a plain code is keyed
    // without a new string.
    let mut by_code: HashMap<Folded, Vec<Line>> = HashMap::new();
    for (i, item) in table.items.iter().enumerate() {
        if item.kind != ItemKind::Item {
            continue;
        }
        let code = item.texts.get(code_at).map(|s| s.trim()).unwrap_or("");
        if code.is_empty() || code == "*" || super::estimate_lines::is_provisional(code) {
            continue;
        }
        let unit = unit_at
            .and_then(|u| item.texts.get(u))
            .map(|s| s.trim())
            .unwrap_or_default();
        by_code.entry(Folded::new(code)).or_default().push((
            i,
            unit,
            price.and_then(|k| item.amount(k)),
        ));
    }
    let unit_col = unit_at.map(|u| table.columns[table.text_columns[u]].col);
    // Each way a unit is written, folded once for the whole table, with its
    // scale ("100m3" → 100, "m3").
    let mut folds: HashMap<&str, (String, Decimal, String)> = HashMap::new();
    for lines in by_code.values().filter(|l| l.len() >= 2) {
        for l in lines {
            folds.entry(l.1).or_insert_with(|| {
                let f = fold(l.1).replace(' ', "");
                let (scale, base) = scale_of(&f);
                (f, scale, base)
            });
        }
    }
    for lines in by_code.values().filter(|l| l.len() >= 2) {
        let folded: Vec<&(String, Decimal, String)> = lines.iter().map(|l| &folds[l.1]).collect();
        // The code's usual unit and price: those most of its lines have.
        let mut units: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &folded {
            *units.entry(u.0.as_str()).or_default() += 1;
        }
        // On a tie, the unit written at the larger scale: norm codes are
        // priced per 100m3, per tấn; the slip is the other way.
        let usual_unit = units
            .iter()
            .max_by_key(|(u, n)| (**n, scale_of(u).0))
            .map(|(u, _)| u.to_string())
            .unwrap_or_default();
        // The usual price: the median of the lines in the usual unit.
        let mut prices: Vec<Decimal> = lines
            .iter()
            .zip(&folded)
            .filter(|(_, u)| u.0 == usual_unit)
            .filter_map(|(l, _)| l.2)
            .collect();
        prices.sort();
        let usual_price = prices.get(prices.len() / 2).copied();
        let (usual_scale, usual_base) = scale_of(&usual_unit);
        if usual_scale >= Decimal::ONE_HUNDRED {
            quantity_off(table, lines, &folded, &usual_unit, (code_at, quantity), out);
        }
        for ((i, unit, p), folded) in lines.iter().zip(&folded) {
            let item = &table.items[*i];
            let (_, scale, base) = folded;
            let (scale, base) = (*scale, base);
            let unit_off = !unit.is_empty()
                && *base == usual_base
                && scale != usual_scale
                && decade(scale, usual_scale).is_some();
            let price_off = match (p, usual_price) {
                (Some(p), Some(u)) => decade(*p, u),
                _ => None,
            };
            if !unit_off && price_off.is_none() {
                continue;
            }
            let col = match (unit_off, unit_col, price) {
                (true, Some(c), _) => c,
                (_, _, Some(k)) => table.numeric_column(k).col,
                _ => table.bounds.1,
            };
            out.push(Finding {
                found: Some(unit.to_string()),
                expected: Some(usual_unit.clone()),
                ..Finding::at(
                    Code::UnitScale,
                    Severity::Warning,
                    table,
                    item.row,
                    col,
                    Detail::UnitScale {
                        row: item.name(),
                        code: item
                            .texts
                            .get(code_at)
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                        unit: unit.to_string(),
                        usual_unit: usual_unit.clone(),
                        factor: price_off.or_else(|| decade(scale, usual_scale)),
                    },
                )
            });
        }
    }
}

/// On the lines of one code priced per a scaled unit ("100m3"), a
/// quantity at least 40 times every other one in that unit, which divided
/// by 100 (or 1000) falls among them, was typed in the smaller unit (m3):
/// an error at its quantity cell, its amount named too. Only the larger
/// side is blamed (typing m3 into a 100m3 line makes it larger).
fn quantity_off(
    table: &crate::model::Table,
    lines: &[Line],
    folded: &[&(String, Decimal, String)],
    usual_unit: &str,
    (code_at, quantity): (usize, Option<usize>),
    out: &mut Vec<Finding>,
) {
    let Some(q) = quantity else {
        return;
    };
    let same_unit: Vec<(usize, Decimal)> = lines
        .iter()
        .zip(folded)
        .filter(|(_, u)| u.0 == usual_unit)
        .filter_map(|(l, _)| Some((l.0, table.items[l.0].amount(q)?)))
        .filter(|(_, v)| *v > Decimal::ZERO)
        .collect();
    // Two other lines at least: one line beside another is no pattern.
    if same_unit.len() < 3 {
        return;
    }
    let amount = (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Amount);
    for (n, &(i, qty)) in same_unit.iter().enumerate() {
        let mut others: Vec<Decimal> = same_unit
            .iter()
            .enumerate()
            .filter(|&(m, _)| m != n)
            .map(|(_, x)| x.1)
            .collect();
        others.sort();
        let (min, max) = (others[0], others[others.len() - 1]);
        let median = others[others.len() / 2];
        // Far above every other line of the code, and back among them once
        // read in the larger unit.
        if max.checked_mul(Decimal::from(40)).is_none_or(|m| qty < m) {
            continue;
        }
        let two = Decimal::TWO;
        let Some(factor) = [Decimal::ONE_HUNDRED, Decimal::ONE_THOUSAND]
            .into_iter()
            .find(|&f| {
                let x = qty / f;
                x * two >= min && max.checked_mul(two).is_some_and(|m| x <= m)
            })
        else {
            continue;
        };
        let item = &table.items[i];
        let expected = qty.checked_div(factor).unwrap_or(qty);
        out.push(Finding {
            found: Some(qty.normalize().to_string()),
            expected: Some(expected.normalize().to_string()),
            related: amount
                .map(|k| table.cell(item.row, k))
                .into_iter()
                .collect(),
            ..Finding::at(
                Code::UnitScale,
                Severity::Error,
                table,
                item.row,
                table.numeric_column(q).col,
                Detail::QuantityScale {
                    row: item.name(),
                    code: item
                        .texts
                        .get(code_at)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    unit: usual_unit.to_string(),
                    usual: median.normalize(),
                    factor,
                    amount_cell: amount.map(|k| table.cell(item.row, k)),
                },
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_decades() {
        assert_eq!(scale_of("100m3"), (Decimal::from(100), "m3".into()));
        assert_eq!(scale_of("100 m3"), (Decimal::from(100), "m3".into()));
        assert_eq!(scale_of("m3"), (Decimal::ONE, "m3".into()));
        assert_eq!(
            decade(Decimal::from(21_534_012), Decimal::from(215_340)),
            Some(Decimal::ONE_HUNDRED)
        );
        assert_eq!(
            decade(Decimal::from(2), Decimal::from(2000)),
            Some(Decimal::ONE_THOUSAND)
        );
        assert_eq!(decade(Decimal::from(150), Decimal::from(2)), None);
        assert_eq!(decade(Decimal::from(5), Decimal::from(5)), None);
    }
}
