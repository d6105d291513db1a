//! `column-sum`: on every row, a column that the table says is the sum of
//! others equals it — a legend under the header ("1 = 2 + 3",
//! "9=10+11+…+18", "12=1-5") or a merged group ("Chia ra", "Nguồn vốn",
//! "Trong đó" over the columns that break down the one before it; a group
//! led by its own "Tổng số"). Parts under "Trong đó" may cover only part of
//! the whole: parts short of the whole are a warning (`column-partial`),
//! parts beyond it an error.

use super::{agree, sum_some, Code, Context, Detail, Finding, Severity};
use crate::detect::RelationSource;
use crate::model::ItemKind;
use rust_decimal::Decimal;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    // A relation the rows refute is said once, where its whole is headed.
    for rel in &table.unconfirmed {
        let Some(col) = table.columns.iter().find(|c| c.col == rel.whole) else {
            continue;
        };
        let declared = rel.source == RelationSource::Legend;
        let row = table
            .legend_row
            .or(table.header_rows.last().copied())
            .unwrap_or(1)
            - 1;
        out.push(Finding {
            related: rel
                .parts
                .iter()
                .map(|&(c, _)| crate::read::a1(row, c))
                .collect(),
            ..Finding::at(
                Code::StructureUnconfirmed,
                if declared {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                table,
                row,
                col.col,
                Detail::Unconfirmed {
                    column: col.label.clone(),
                    relation: rel.text.clone(),
                    held: rel.support.held,
                    tested: rel.support.tested,
                },
            )
        });
    }
    for rel in &table.relations {
        let Some(w) = table.numeric_index(rel.whole) else {
            continue;
        };
        let parts: Option<Vec<(usize, bool)>> = rel
            .parts
            .iter()
            .map(|&(c, neg)| table.numeric_index(c).map(|k| (k, neg)))
            .collect();
        let Some(parts) = parts else { continue };
        for item in table.items.iter().chain(&table.totals) {
            if item.kind == ItemKind::Ratio {
                continue;
            }
            let Some(found) = item.amount(w) else {
                continue;
            };
            let Some(expected) = sum_some(
                parts
                    .iter()
                    .map(|&(k, neg)| item.amount(k).map(|a| if neg { -a } else { a })),
            ) else {
                continue;
            };
            if agree(found, expected) {
                continue;
            }
            let diff = found.saturating_sub(expected);
            let rounding = cx.rounded
                && diff.abs() <= Decimal::from(3)
                && diff.abs() <= Decimal::from(parts.len() + 1) / Decimal::TWO;
            let (code, severity) = if rounding {
                (Code::Rounding, Severity::Info)
            } else if rel.partial && diff > Decimal::ZERO {
                (Code::ColumnPartial, Severity::Warning)
            } else {
                (Code::ColumnSum, Severity::Error)
            };
            let col = table.numeric_column(w);
            let detail = Detail::ColumnSum {
                row: super::row_name(item),
                column: col.label.clone(),
                relation: rel.text.clone(),
                partial: rel.partial,
            };
            let formula = cx.formula(item.row, col.col);
            out.push(Finding {
                related: parts
                    .iter()
                    .map(|&(k, _)| table.cell(item.row, k))
                    .collect(),
                expected: Some(expected.normalize().to_string()),
                found: Some(found.normalize().to_string()),
                difference: Some(diff.normalize()),
                formula,
                ..Finding::at(code, severity, table, item.row, col.col, detail)
            });
        }
    }
}
