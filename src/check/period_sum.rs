//! `period-sum`: on every row, the period-total column ("Tổng giai đoạn
//! 2026-2030") equals the sum of the year columns.

use super::{sum_some, Code, Context, Detail, Finding, Severity, SumOver};
use crate::detect::Role;
use crate::model::roles::Meaning;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    // The period total and the plan's years as their headers and rows say
    // (`model::roles`): a running total, last year's estimate or revenue
    // headed with a year add to nothing.
    let meanings = crate::model::roles::meanings(table);
    let Some(p) = (0..table.numeric.len()).find(|&k| {
        table.numeric_column(k).role == Role::PeriodTotal && meanings[k] == Meaning::PeriodTotal
    }) else {
        return;
    };
    let years: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| matches!(meanings[k], Meaning::PlanYear(_)))
        .collect();
    if years.is_empty() {
        return;
    }
    // Years that the rows show are not one period's do not add.
    let period_col = table.numeric_column(p).col;
    if table.unconfirmed.iter().any(|r| r.whole == period_col) {
        return;
    }
    for item in table.items.iter().chain(&table.totals) {
        let Some(found) = item.amount(p) else {
            continue;
        };
        let Some(expected) = sum_some(years.iter().map(|&k| item.amount(k))) else {
            continue;
        };
        if super::agree(found, expected) {
            continue;
        }
        let diff = found - expected;
        let mut hints = Vec::new();
        if let Some(&k) = years.iter().find(|&&k| item.amount(k) == Some(-diff)) {
            hints.push(super::Hint::Missing(vec![table
                .numeric_column(k)
                .label
                .clone()]));
        }
        let col = table.numeric_column(p);
        let formula = cx.formula(item.row, col.col);
        let detail = Detail::Sum {
            row: super::row_name(item),
            column: col.label.clone(),
            over: SumOver::Years,
        };
        out.push(Finding {
            related: years.iter().map(|&k| table.cell(item.row, k)).collect(),
            expected: Some(expected.normalize().to_string()),
            found: Some(found.normalize().to_string()),
            difference: Some(diff.normalize()),
            hints,
            formula,
            ..Finding::at(
                Code::PeriodSum,
                Severity::Error,
                table,
                item.row,
                col.col,
                detail,
            )
        });
    }
}
