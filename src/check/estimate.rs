//! What each total of a cost estimate's detail table adds up (see
//! `../shared/DOMAIN.md`, "Cost estimates"). A closing line is ranked by
//! its words (`level`): a part total ("TỔNG CỘNG: PHẦN …", "Cộng phần …",
//! "Cộng: …") adds the lines since the last total — headings without an
//! amount ("A | HẠNG MỤC: CỐNG", "* PHẦN ĐÀO ĐẮP") are counted through to
//! the lines under them; a hạng mục total ("TỔNG HẠNG MỤC", "Tổng cộng
//! hạng mục") adds the part totals since the last one; the work's total
//! ("TỔNG CÔNG TRÌNH", "TỔNG GIÁ TRỊ DỰ TOÁN", a bare "TỔNG CỘNG") adds the
//! hạng mục totals (or the part totals where there are none); "LÀM TRÒN"
//! rounds the total above it to 1.000 đồng. A total with nothing to add
//! since the last one adds the part totals before it.

use super::Effective;
use crate::model::{ItemKind, Table};
use crate::text::{fold, starts_with_word};
use rust_decimal::Decimal;

/// What one total of an estimate covers.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    /// Top-level items (parts, or lines outside any part), by index.
    Items(Vec<usize>),
    /// Earlier totals, by index in `Table::totals`.
    Totals(Vec<usize>),
    /// The total at this index, rounded to 1.000 đồng.
    Rounded(usize),
    /// A tax line: the rate it states (10 for "Thuế VAT 10%") of the total
    /// at this index; `None` when it states no rate.
    Tax(usize, Option<Decimal>),
}

#[derive(PartialEq)]
enum Level {
    Part,
    HangMuc,
    CongTrinh,
    Rounding,
    Tax,
}

/// A closing line's rank, by its words: a part ("TỔNG CỘNG: PHẦN ĐÀO
/// ĐẮP", "Cộng phần …", "Cộng: Kênh dẫn") below a hạng mục ("TỔNG HẠNG
/// MỤC", "Tổng cộng hạng mục") below the whole work ("TỔNG CÔNG TRÌNH",
/// "TỔNG GIÁ TRỊ DỰ TOÁN", a bare "TỔNG CỘNG"), any case, colon or not.
fn level(label: &str) -> Level {
    let t = fold(label);
    let t = t.trim_start_matches(['*', '-', ' ']);
    if crate::model::is_tax_label(label) {
        return Level::Tax;
    }
    if is_rounding_label(label) {
        return Level::Rounding;
    }
    // What the closing words ("tổng cộng", "cộng", "tổng" …) close.
    let rest = ["tổng cộng", "tổng số", "tổng", "cộng"]
        .iter()
        .find(|w| starts_with_word(t, w))
        .map_or(t, |w| &t[w.len()..])
        .trim_start_matches([':', ' ', '-', '–']);
    if starts_with_word(rest, "phần") {
        Level::Part
    } else if starts_with_word(rest, "hạng mục") {
        Level::HangMuc
    } else if rest.is_empty()
        || starts_with_word(rest, "công trình")
        || starts_with_word(rest, "giá trị dự toán")
        || starts_with_word(rest, "dự toán")
        || starts_with_word(rest, "giá trị công trình")
    {
        Level::CongTrinh
    } else {
        Level::Part
    }
}

/// "LÀM TRÒN", "Giá trị làm tròn": the total above, rounded.
pub(crate) fn is_rounding_label(label: &str) -> bool {
    let t = fold(label);
    let t = t.trim_start_matches(['*', '-', ' ']);
    starts_with_word(t, "làm tròn") || starts_with_word(t, "giá trị làm tròn")
}

/// The rows a scope may count: an item whose ancestors are all headings
/// without an amount ("A | HẠNG MỤC: CỐNG", "* PHẦN ĐÀO ĐẮP" stand for
/// nothing of their own: the lines under them are counted), itself holding
/// an amount or standing alone.
fn counted(table: &Table) -> Vec<bool> {
    let additive: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .collect();
    let holds = |i: usize| additive.iter().any(|&k| table.items[i].amount(k).is_some());
    let mut out = vec![false; table.items.len()];
    // Whether every ancestor of the item is a heading without an amount:
    // parents come before their children.
    let mut open = vec![false; table.items.len()];
    for (i, it) in table.items.iter().enumerate() {
        let reachable = match it.parent_index() {
            None => true,
            Some(p) => open[p],
        };
        if !reachable || it.kind != ItemKind::Item {
            continue;
        }
        let heading = !holds(i) && it.child_indices().len() > 0;
        open[i] = heading;
        out[i] = !heading;
    }
    out
}

/// The scope of every total of an estimate table, aligned with
/// `Table::totals`.
pub(crate) fn scopes(table: &Table) -> Vec<Scope> {
    let mut events: Vec<(u32, bool, usize)> = table
        .items
        .iter()
        .enumerate()
        .zip(counted(table))
        .filter(|(_, counted)| *counted)
        .map(|((i, it), _)| (it.row, false, i))
        .chain(
            table
                .totals
                .iter()
                .enumerate()
                .map(|(t, it)| (it.row, true, t)),
        )
        .collect();
    events.sort();
    // A total above every line ("Tổng số" right under the header, the
    // parts below it) totals what follows it, up to the next total.
    let mut top_total: Option<(usize, Vec<usize>)> = None;
    if let Some(&(_, true, t)) = events.first() {
        let below: Vec<usize> = events[1..]
            .iter()
            .take_while(|e| !e.1)
            .map(|e| e.2)
            .collect();
        if !below.is_empty() {
            top_total = Some((t, below));
        }
    }
    let mut out: Vec<Option<Scope>> = vec![None; table.totals.len()];
    let mut since: Vec<usize> = Vec::new();
    let mut parts: Vec<usize> = Vec::new();
    let mut hang_muc: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    for (_, is_total, i) in events {
        if !is_total {
            since.push(i);
            continue;
        }
        let scope = match level(&table.totals[i].content) {
            // A tax line is a part of the grand total after it.
            Level::Tax => match last {
                Some(t) => {
                    parts.push(i);
                    Scope::Tax(t, crate::model::stated_rate(&table.totals[i].content))
                }
                None => Scope::Items(std::mem::take(&mut since)),
            },
            Level::Rounding => match last {
                Some(t) => Scope::Rounded(t),
                None => Scope::Items(std::mem::take(&mut since)),
            },
            Level::HangMuc if !parts.is_empty() => {
                let s = Scope::Totals(std::mem::take(&mut parts));
                hang_muc.push(i);
                s
            }
            Level::CongTrinh if !hang_muc.is_empty() => {
                Scope::Totals(std::mem::take(&mut hang_muc))
            }
            Level::CongTrinh | Level::HangMuc if since.is_empty() && !parts.is_empty() => {
                Scope::Totals(std::mem::take(&mut parts))
            }
            Level::HangMuc => {
                hang_muc.push(i);
                Scope::Items(std::mem::take(&mut since))
            }
            Level::Part if since.is_empty() && !parts.is_empty() => {
                Scope::Totals(std::mem::take(&mut parts))
            }
            Level::Part | Level::CongTrinh => {
                parts.push(i);
                Scope::Items(std::mem::take(&mut since))
            }
        };
        out[i] = Some(scope);
        last = Some(i);
    }
    if let Some((t, below)) = top_total {
        out[t] = Some(Scope::Items(below));
    }
    out.into_iter()
        .map(|s| s.unwrap_or(Scope::Items(Vec::new())))
        .collect()
}

/// What a total should state in numeric column `k`, from its scope: sums
/// of effective amounts and of the totals' own expected amounts (so a
/// corrected part total corrects the grand total above it), and the
/// rounding of the total above. `None` where the scope holds no amount.
pub(crate) fn expected(
    table: &Table,
    scopes: &[Scope],
    eff: &Effective,
    k: usize,
) -> Vec<Option<Decimal>> {
    let mut exp: Vec<Option<Decimal>> = vec![None; table.totals.len()];
    let mut order: Vec<usize> = (0..table.totals.len()).collect();
    order.sort_by_key(|&t| table.totals[t].row);
    let unit = table.money_unit().unwrap_or(crate::unit::Unit::Dong);
    for t in order {
        exp[t] = match &scopes[t] {
            Scope::Items(items) => super::sum_some(items.iter().map(|&i| eff.get(i, k))),
            Scope::Totals(ts) => super::sum_some(ts.iter().map(|&j| exp[j])),
            Scope::Rounded(j) => {
                // Rounded from what the total above states (or should).
                let base = table.totals[*j].amount(k).or(exp[*j]);
                base.map(|b| round_to_thousand_dong(b, unit))
            }
            Scope::Tax(j, rate) => {
                let base = table.totals[*j].amount(k).or(exp[*j]);
                match (base, rate) {
                    (Some(b), Some(r)) => b
                        .checked_mul(*r)
                        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                        .map(|x| round_like(x, table.totals[t].amount(k))),
                    _ => None,
                }
            }
        };
    }
    exp
}

/// A computed tax rounded as the line states it: to its decimals (to whole
/// units when it has none), so that 10 % of 1.234.567 agrees with 123.457.
fn round_like(x: Decimal, stated: Option<Decimal>) -> Decimal {
    let places = stated.map_or(0, |s| s.normalize().scale());
    x.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds an amount in `unit` to the nearest 1.000 đồng.
pub(crate) fn round_to_thousand_dong(v: Decimal, unit: crate::unit::Unit) -> Decimal {
    let step = Decimal::from(1000) / unit.factor();
    if step <= Decimal::ZERO {
        return v;
    }
    let q =
        (v / step).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    q.checked_mul(step).unwrap_or(v)
}
