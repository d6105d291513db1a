//! How amount cells were read: `malformed-number` (error), `broken-formula`
//! (error), one per cell; `text-number` (warning) and `ambiguous-number`
//! (info), one per column, at its first cell with the others as related
//! cells — a column pasted from Word is one problem, not a hundred.

use super::{row_name, Code, Context, Detail, Finding, Severity};
use crate::model::{Ambiguity, Item, Reading};

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    for k in 0..table.numeric.len() {
        let col = table.numeric_column(k);
        let mut text_cells: Vec<&Item> = Vec::new();
        let mut ambiguous: Vec<&Item> = Vec::new();
        for item in table.items.iter().chain(&table.totals) {
            let value = &item.values[k];
            let text = || item.values.text(k).unwrap_or_default().to_string();
            let detail = match value.reading() {
                Reading::Malformed | Reading::TooLarge => Detail::Malformed {
                    row: row_name(item),
                    column: col.label.clone(),
                    text: text(),
                },
                Reading::Error => Detail::BrokenFormula {
                    row: row_name(item),
                    column: col.label.clone(),
                    error: text(),
                },
                Reading::Text(_) => {
                    text_cells.push(item);
                    continue;
                }
                Reading::Ambiguous => {
                    // Stored as text all the same: SUM skips it.
                    ambiguous.push(item);
                    text_cells.push(item);
                    continue;
                }
                _ => continue,
            };
            let too_large = value.reading() == Reading::TooLarge;
            let (code, found) = match &detail {
                Detail::Malformed { text, .. } if too_large => (Code::AmountTooLarge, text.clone()),
                Detail::Malformed { text, .. } => (Code::MalformedNumber, text.clone()),
                Detail::BrokenFormula { error, .. } => (Code::BrokenFormula, error.clone()),
                _ => continue,
            };
            let formula = if code == Code::BrokenFormula {
                cx.formula(item.row, col.col)
            } else {
                None
            };
            out.push(Finding {
                found: Some(found),
                formula,
                ..Finding::at(code, Severity::Error, table, item.row, col.col, detail)
            });
        }
        if !cx.text_is_normal {
            if let Some((first, rest)) = text_cells.split_first() {
                let amount = first.values[k].amount().unwrap_or_default();
                let detail = Detail::TextNumber {
                    text: crate::number::format_vn(amount),
                    column: col.label.clone(),
                    count: text_cells.len(),
                };
                out.push(Finding {
                    related: rest.iter().take(50).map(|i| table.cell(i.row, k)).collect(),
                    found: Some(amount.normalize().to_string()),
                    ..Finding::at(
                        Code::TextNumber,
                        Severity::Warning,
                        table,
                        first.row,
                        col.col,
                        detail,
                    )
                });
            }
        }
        if let Some((first, rest)) = ambiguous.split_first() {
            let Some(&Ambiguity {
                chosen,
                other,
                convention,
            }) = first.values.ambiguity(k)
            else {
                continue;
            };
            let detail = Detail::Ambiguous {
                text: crate::number::format_vn(chosen),
                chosen,
                other,
                column_shows: convention,
                count: ambiguous.len(),
            };
            out.push(Finding {
                related: rest.iter().take(50).map(|i| table.cell(i.row, k)).collect(),
                found: Some(chosen.normalize().to_string()),
                ..Finding::at(
                    Code::AmbiguousNumber,
                    Severity::Info,
                    table,
                    first.row,
                    col.col,
                    detail,
                )
            });
        }
    }
}
