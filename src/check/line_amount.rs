//! `line-amount`: Thành tiền = Số lượng × Đơn giá, on every row that has all
//! three, compared at the precision Thành tiền is written in.

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use rust_decimal::RoundingStrategy;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let find =
        |role: Role| (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == role);
    let (Some(q), Some(u), Some(a)) = (
        find(Role::Quantity),
        find(Role::UnitPrice),
        find(Role::Amount),
    ) else {
        return;
    };
    for item in &table.items {
        let (Some(qty), Some(price), Some(found)) =
            (item.amount(q), item.amount(u), item.amount(a))
        else {
            continue;
        };
        let Some(product) = qty.checked_mul(price) else {
            continue;
        };
        let expected =
            product.round_dp_with_strategy(found.scale(), RoundingStrategy::MidpointAwayFromZero);
        if expected == found || super::agree(found, product) {
            continue;
        }
        let col = table.numeric_column(a).col;
        let detail = Detail::LineAmount {
            row: item.name(),
            quantity: qty,
            price,
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
}
