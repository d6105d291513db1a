//! A reviewer's checks on an estimate's lines (`../shared/DOMAIN.md`, "Cost
//! estimates"): `provisional-price` (info), a line still priced
//! provisionally ("TT" in the code column), and `repeated-line` (warning),
//! the same code, wording and quantity twice within one part — a possible
//! double count. Repetition across parts is normal and never reported.

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use crate::text::fold;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    if !table.estimate {
        return;
    }
    let Some(code_at) = table
        .text_columns
        .iter()
        .position(|&i| table.columns[i].role == Role::Code)
    else {
        return;
    };
    let code_col = table.columns[table.text_columns[code_at]].col;
    let quantity =
        (0..table.numeric.len()).find(|&k| table.numeric_column(k).role == Role::Quantity);
    let mut seen: HashMap<(Option<usize>, String, String, String), usize> = HashMap::new();
    for (i, item) in table.items.iter().enumerate() {
        if item.kind != ItemKind::Item {
            continue;
        }
        let code = item.texts.get(code_at).map(|s| s.trim()).unwrap_or("");
        if code.is_empty() || code == "*" {
            continue;
        }
        if fold(code).starts_with("tt") {
            out.push(Finding {
                found: Some(code.to_string()),
                ..Finding::at(
                    Code::ProvisionalPrice,
                    Severity::Info,
                    table,
                    item.row,
                    code_col,
                    Detail::EstimateLine {
                        row: item.name(),
                        code: code.to_string(),
                        other: None,
                    },
                )
            });
        }
        let qty = quantity
            .and_then(|k| item.amount(k))
            .map(|q| q.normalize().to_string())
            .unwrap_or_default();
        let key = (item.parent, fold(code), fold(&item.content), qty);
        if let Some(&first) = seen.get(&key) {
            let other = &table.items[first];
            out.push(Finding {
                related: vec![crate::read::a1(other.row, code_col)],
                found: Some(code.to_string()),
                ..Finding::at(
                    Code::RepeatedLine,
                    Severity::Warning,
                    table,
                    item.row,
                    code_col,
                    Detail::EstimateLine {
                        row: item.name(),
                        code: code.to_string(),
                        other: Some(other.name()),
                    },
                )
            });
        } else {
            seen.insert(key, i);
        }
    }
}
