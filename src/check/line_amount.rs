//! `line-amount`: on every line of an estimate that has the figures,
//! Thành tiền = Khối lượng × Đơn giá — for the whole price and for each of
//! its parts (Vật liệu, Nhân công, Máy: VL, NC, M) — and a unit price or a
//! line's cost equals the sum of its parts where both are written.
//! Compared at the precision the cell is written in.

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::Item;
use crate::text::Folded;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

const PRICE_PARTS: [Role; 3] = [Role::PriceMaterial, Role::PriceLabour, Role::PriceMachine];
const AMOUNT_PARTS: [Role; 3] = [
    Role::AmountMaterial,
    Role::AmountLabour,
    Role::AmountMachine,
];

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let find =
        |role: Role| (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == role);
    // (price column, amount column, the part's symbol).
    let mut products: Vec<(usize, usize, Option<&'static str>)> = Vec::new();
    if let (Some(u), Some(a)) = (find(Role::UnitPrice), find(Role::Amount)) {
        products.push((u, a, None));
    }
    for part in PRICE_PARTS {
        let amount = part.component_pair().and_then(find);
        if let (Some(u), Some(a)) = (find(part), amount) {
            products.push((u, a, part.component_symbol()));
        }
    }
    // (whole column, its parts' columns, whether prices).
    let mut sums: Vec<(usize, Vec<usize>, bool)> = Vec::new();
    for (whole, parts, price) in [
        (Role::UnitPrice, PRICE_PARTS, true),
        (Role::Amount, AMOUNT_PARTS, false),
    ] {
        let cols: Vec<usize> = parts.iter().filter_map(|&p| find(p)).collect();
        if let (Some(w), true) = (find(whole), cols.len() >= 2) {
            sums.push((w, cols, price));
        }
    }
    let quantity = find(Role::Quantity);
    let code_at = table
        .text_columns
        .iter()
        .position(|&c| table.columns[c].role == Role::Code);
    let usual = usual_parts(cx, code_at, &sums);
    for item in &table.items {
        // The parts' own costs first: a part's cost typed over is that
        // cell's mistake.
        let before = out.len();
        if let Some(q) = quantity {
            for &(u, a, part) in products.iter().filter(|p| p.2.is_some()) {
                product_check(cx, item, (q, u, a), part, Excuses::default(), out);
            }
        }
        let parts_off = out[before..]
            .iter()
            .map(|f| f.difference.unwrap_or_default())
            .try_fold(Decimal::ZERO, |acc, d| acc.checked_add(d))
            .filter(|_| out.len() > before);
        // A whole price that is not the sum of its parts is that cell's
        // mistake; the line's cost is then judged by the parts' price too.
        let mut parts_price = None;
        for (whole, parts, _) in sums.iter().filter(|s| s.2) {
            parts_price = parts_sum(item, parts);
            let at = out.len();
            parts_check(cx, item, *whole, parts, true, out);
            if out.len() > at {
                let columns = (*whole, parts.as_slice(), quantity, code_at);
                if let Some(f) = part_to_blame(cx, item, columns, &usual) {
                    out[at] = f;
                    // The price stands: the line's cost is judged by it.
                    parts_price = None;
                }
            }
        }
        // The parts' costs, each right: the whole cost may be their sum,
        // each rounded on its own.
        let parts_amount = sums
            .iter()
            .filter(|s| !s.2)
            .find_map(|(_, parts, _)| parts_sum(item, parts))
            .filter(|_| parts_off.is_none());
        if let Some(q) = quantity {
            for &(u, a, _) in products.iter().filter(|p| p.2.is_none()) {
                let excuses = Excuses {
                    parts_price,
                    parts_off,
                    parts_amount,
                };
                product_check(cx, item, (q, u, a), None, excuses, out);
            }
        }
        // A cost off by what its parts are off by is theirs to answer for.
        if parts_off.is_some() {
            continue;
        }
        for (whole, parts, _) in sums.iter().filter(|s| !s.2) {
            parts_check(cx, item, *whole, parts, false, out);
        }
    }
}

/// What may explain a line's whole cost besides quantity × price: the
/// price its parts give (when the whole price is the wrong cell), and how
/// far its part costs are off (when the whole adds them).
#[derive(Default, Clone, Copy)]
struct Excuses {
    parts_price: Option<Decimal>,
    parts_off: Option<Decimal>,
    /// The sum of the line's part costs, when each is right.
    parts_amount: Option<Decimal>,
}

/// A code's price parts (VL, NC, M) on the lines of the table where they
/// add up to the unit price: a norm prices its parts the same on every
/// line of an estimate.
type UsualParts<'t> = HashMap<Folded<'t>, Vec<Option<Decimal>>>;

fn usual_parts<'t>(
    cx: &Context<'t>,
    code_at: Option<usize>,
    sums: &[(usize, Vec<usize>, bool)],
) -> UsualParts<'t> {
    let table = cx.table();
    let mut usual: UsualParts = HashMap::new();
    let Some(code_at) = code_at else {
        return usual;
    };
    let Some((whole, parts, _)) = sums.iter().find(|s| s.2) else {
        return usual;
    };
    for item in &table.items {
        let Some(code) = item.texts.get(code_at).map(|c| c.trim()) else {
            continue;
        };
        if code.is_empty() || code == "*" {
            continue;
        }
        let (Some(price), Some(sum)) = (item.amount(*whole), parts_sum(item, parts)) else {
            continue;
        };
        if written_as(price, sum) {
            usual
                .entry(Folded::new(code))
                .or_insert_with(|| parts.iter().map(|&k| item.amount(k)).collect());
        }
    }
    usual
}

/// Where a unit price is not the sum of its parts but the line's amount
/// bears the price out (quantity × price = Thành tiền), and exactly one
/// part differs from what the other lines of the same code give it: that
/// part is the cell to blame, not the price.
fn part_to_blame(
    cx: &mut Context,
    item: &Item,
    (whole, parts, quantity, code_at): (usize, &[usize], Option<usize>, Option<usize>),
    usual: &UsualParts,
) -> Option<Finding> {
    let table = cx.table();
    let amount =
        (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Amount)?;
    let price = item.amount(whole)?;
    let product = item.amount(quantity?)?.checked_mul(price)?;
    if !written_as(item.amount(amount)?, product) {
        return None;
    }
    let code = item.texts.get(code_at?)?.trim();
    let theirs = usual.get(&Folded::new(code))?;
    let differing: Vec<usize> = (0..parts.len())
        .filter(|&i| item.amount(parts[i]) != theirs[i])
        .collect();
    let [i] = differing[..] else {
        return None;
    };
    let (k, expected) = (parts[i], theirs[i]?);
    let found = item.amount(k)?;
    // With the other lines' value the parts add up to the price again.
    let mut sum = Decimal::ZERO;
    for (j, &p) in parts.iter().enumerate() {
        sum = sum.checked_add(if j == i { expected } else { item.amount(p)? })?;
    }
    if !written_as(price, sum) {
        return None;
    }
    let col = table.numeric_column(k).col;
    Some(Finding {
        related: vec![table.cell(item.row, whole), table.cell(item.row, amount)],
        expected: Some(expected.normalize().to_string()),
        found: Some(found.normalize().to_string()),
        difference: found.checked_sub(expected).map(|d| d.normalize()),
        formula: cx.formula(item.row, col),
        ..Finding::at(
            Code::LineAmount,
            Severity::Error,
            table,
            item.row,
            col,
            Detail::PricePart {
                row: item.name(),
                part: table.numeric_column(k).role.component_symbol()?,
                code: code.to_string(),
                price,
            },
        )
    })
}

/// The sum of the parts of a row that are written, if any is.
fn parts_sum(item: &Item, parts: &[usize]) -> Option<Decimal> {
    let given: Vec<Decimal> = parts.iter().filter_map(|&k| item.amount(k)).collect();
    if given.is_empty() {
        return None;
    }
    given
        .iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
}

/// Whether `found` is `exact` at the precision `found` is written in.
pub(super) fn written_as(found: Decimal, exact: Decimal) -> bool {
    let shown = exact.round_dp_with_strategy(found.scale(), RoundingStrategy::MidpointAwayFromZero);
    shown == found || super::agree(found, exact)
}

fn product_check(
    cx: &mut Context,
    item: &Item,
    (q, u, a): (usize, usize, usize),
    part: Option<&'static str>,
    excuses: Excuses,
    out: &mut Vec<Finding>,
) {
    let table = cx.table();
    let (Some(qty), Some(price), Some(found)) = (item.amount(q), item.amount(u), item.amount(a))
    else {
        return;
    };
    let Some(product) = qty.checked_mul(price) else {
        return;
    };
    if written_as(found, product) {
        return;
    }
    let by_parts = excuses.parts_price.and_then(|p| qty.checked_mul(p));
    if by_parts.is_some_and(|p| written_as(found, p)) {
        return;
    }
    // Each part's cost rounded on its own: their sum is off the product by
    // up to half a đồng a part.
    if let Some(sum) = excuses.parts_amount {
        let slack = Decimal::new(5, 1) * Decimal::from(3);
        if written_as(found, sum) && (sum - product).abs() <= slack {
            return;
        }
    }
    let off = found.checked_sub(by_parts.unwrap_or(product));
    if let (Some(off), Some(parts_off)) = (off, excuses.parts_off) {
        if super::agree(off, parts_off) {
            return;
        }
    }
    let col = table.numeric_column(a).col;
    let detail = Detail::LineAmount {
        row: item.name(),
        quantity: qty,
        price,
        part,
    };
    out.push(Finding {
        related: vec![table.cell(item.row, q), table.cell(item.row, u)],
        expected: Some(product.normalize().to_string()),
        found: Some(found.normalize().to_string()),
        difference: Some((found - product).normalize()),
        hints: super::explain::explain(found, product, &[]),
        formula: cx.formula(item.row, col),
        ..Finding::at(
            Code::LineAmount,
            Severity::Error,
            table,
            item.row,
            col,
            detail,
        )
    });
}

fn parts_check(
    cx: &mut Context,
    item: &Item,
    whole: usize,
    parts: &[usize],
    price: bool,
    out: &mut Vec<Finding>,
) {
    let table = cx.table();
    let Some(found) = item.amount(whole) else {
        return;
    };
    let given: Vec<(&'static str, Decimal)> = parts
        .iter()
        .filter_map(|&k| {
            let symbol = table.numeric_column(k).role.component_symbol()?;
            Some((symbol, item.amount(k)?))
        })
        .collect();
    if given.is_empty() {
        return;
    }
    let Some(sum) = given
        .iter()
        .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v))
    else {
        return;
    };
    if written_as(found, sum) {
        return;
    }
    let col = table.numeric_column(whole).col;
    out.push(Finding {
        related: parts
            .iter()
            .filter(|&&k| item.amount(k).is_some())
            .map(|&k| table.cell(item.row, k))
            .collect(),
        expected: Some(sum.normalize().to_string()),
        found: Some(found.normalize().to_string()),
        difference: Some((found - sum).normalize()),
        hints: super::explain::explain(found, sum, &[]),
        formula: cx.formula(item.row, col),
        ..Finding::at(
            Code::LineAmount,
            Severity::Error,
            table,
            item.row,
            col,
            Detail::PartsSum {
                row: item.name(),
                price,
                parts: given,
            },
        )
    });
}
