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

/// A line's part, folded code and quantity.
type LineKey = (Option<usize>, String, String);

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
    // Lines by part, code and quantity (cheap to key); the wording, folded,
    // is compared only among lines that share those: few.
    let mut seen: HashMap<LineKey, Vec<(usize, Option<String>)>> = HashMap::new();
    for (i, item) in table.items.iter().enumerate() {
        if item.kind != ItemKind::Item {
            continue;
        }
        let code = item.texts.get(code_at).map(|s| s.trim()).unwrap_or("");
        if code.is_empty() || code == "*" {
            continue;
        }
        if is_provisional(code) {
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
        let key = (item.parent, fold(code), qty);
        let same = seen.entry(key).or_default();
        let mut first = None;
        if !same.is_empty() {
            let wording = fold(&item.content);
            for (j, w) in same.iter_mut() {
                let w = w.get_or_insert_with(|| fold(&table.items[*j].content));
                if *w == wording {
                    first = Some(*j);
                    break;
                }
            }
        }
        if first.is_none() {
            same.push((i, None));
        }
        if let Some(first) = first {
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
        }
    }
}

/// A provisional price's code: "TT", "TT1", "tt.02" (tạm tính).
pub(super) fn is_provisional(code: &str) -> bool {
    code.as_bytes()
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"tt"))
}
