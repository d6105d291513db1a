//! A reviewer's checks on an estimate's lines (`../shared/DOMAIN.md`, "Cost
//! estimates"): `provisional-price` (info), a line still priced
//! provisionally ("TT" in the code column), and `repeated-line` (warning),
//! the same code, wording and quantity twice within one part — a possible
//! double count. Repetition across parts is normal and never reported.

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::ItemKind;
use crate::text::{fold, Folded};
use rust_decimal::Decimal;
use std::collections::hash_map::{Entry, HashMap};

/// A line's part, code and quantity (normalised: 2.50 is 2.5).
type LineKey<'a> = (Option<usize>, Folded<'a>, Option<Decimal>);

/// The lines seen with one key: most keys have one, kept without a list.
enum Seen {
    One(usize),
    /// An index into the groups of lines sharing a key.
    Many(usize),
}

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
    // Lines by part, code and quantity (cheap to key: no string is made
    // for a plain code); the wording, folded, is compared only among lines
    // that share those: few.
    let mut seen: HashMap<LineKey, Seen> = HashMap::with_capacity(table.items.len());
    // Lines that share a key, with their folded wordings, repeats left out.
    let mut groups: Vec<Vec<(usize, String)>> = Vec::new();
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
        let qty = quantity.and_then(|k| item.amount(k)).map(|q| q.normalize());
        let mut first = None;
        match seen.entry((item.parent_index(), Folded::new(code), qty)) {
            Entry::Vacant(slot) => {
                slot.insert(Seen::One(i));
            }
            Entry::Occupied(mut slot) => {
                let wording = fold(&item.content);
                let g = match *slot.get() {
                    Seen::One(j) => {
                        groups.push(vec![(j, fold(&table.items[j].content))]);
                        slot.insert(Seen::Many(groups.len() - 1));
                        groups.len() - 1
                    }
                    Seen::Many(g) => g,
                };
                first = groups[g]
                    .iter()
                    .find(|(_, w)| *w == wording)
                    .map(|(j, _)| *j);
                if first.is_none() {
                    groups[g].push((i, wording));
                }
            }
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
