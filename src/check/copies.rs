//! A workbook that holds one table twice — a sheet copied to retype it, to
//! convert it from a legacy font, or to keep a version — has the same
//! mistakes twice. They are said once: at the copy phuluc reads as the
//! current one (typed in Unicode rather than converted from TCVN3 or VNI;
//! otherwise the first), and the other copy gets one note naming it.

use super::{Code, Detail, Finding, Severity};
use crate::model::Table;

/// Amount cells two tables must both hold before they are called copies:
/// below it, two small tables may agree by chance.
const MIN_SHARED_AMOUNTS: usize = 10;

/// Whether `b` holds `a`'s items and amounts at the same places relative
/// to the table's corner, with at least [`MIN_SHARED_AMOUNTS`] amounts.
fn same_figures(a: &Table, b: &Table) -> bool {
    if a.sheet == b.sheet
        || a.items.len() != b.items.len()
        || a.numeric.len() != b.numeric.len()
        || a.bounds.2 - a.bounds.0 != b.bounds.2 - b.bounds.0
    {
        return false;
    }
    let mut amounts = 0usize;
    for (x, y) in a.items.iter().zip(&b.items) {
        if x.row - a.bounds.0 != y.row - b.bounds.0 || x.values.len() != y.values.len() {
            return false;
        }
        for (u, v) in x.values.iter().zip(y.values.iter()) {
            if u.amount() != v.amount() {
                return false;
            }
            amounts += usize::from(u.amount().is_some());
        }
    }
    (0..a.numeric.len())
        .all(|k| a.numeric_column(k).col - a.bounds.1 == b.numeric_column(k).col - b.bounds.1)
        && amounts >= MIN_SHARED_AMOUNTS
}

/// Whether a finding lies in a table.
fn within(f: &Finding, t: &Table) -> bool {
    f.sheet == t.sheet && f.row >= t.bounds.0 && f.row <= t.bounds.2
}

/// Says each copy's repeated findings once: a copy's finding with the same
/// code at the same place in the table it copies is dropped, and the copy
/// gets a `copy-of-table` note with how many. `legacy` names the sheets
/// whose text was converted from a legacy encoding.
pub fn fold_copies(tables: &[Table], legacy: &[String], findings: &mut Vec<Finding>) {
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for (j, copy) in tables.iter().enumerate() {
        let converted = legacy.contains(&copy.sheet);
        // The current copy: one typed in Unicode over one converted,
        // otherwise the first. A table already found a copy is no
        // original.
        let original = tables.iter().enumerate().find(|&(i, t)| {
            i != j
                && !copies.iter().any(|&(c, _)| c == i)
                && (if converted == legacy.contains(&t.sheet) {
                    i < j
                } else {
                    converted
                })
                && same_figures(t, copy)
        });
        if let Some((i, _)) = original {
            copies.push((j, i));
        }
    }
    for (j, i) in copies {
        let (copy, original) = (&tables[j], &tables[i]);
        let place =
            |f: &Finding, t: &Table| (f.code, f.row - t.bounds.0, f.col.wrapping_sub(t.bounds.1));
        let said: std::collections::HashSet<_> = findings
            .iter()
            .filter(|f| within(f, original))
            .map(|f| place(f, original))
            .collect();
        let before = findings.len();
        findings.retain(|f| {
            !(within(f, copy) && f.code != Code::LegacyText && said.contains(&place(f, copy)))
        });
        let repeated = before - findings.len();
        if repeated > 0 {
            findings.push(Finding::at(
                Code::CopyOfTable,
                Severity::Info,
                copy,
                copy.bounds.0,
                copy.bounds.1,
                Detail::CopyOf {
                    sheet: original.sheet.clone(),
                    cell: crate::a1::a1(original.bounds.0, original.bounds.1),
                    findings: repeated,
                },
            ));
        }
    }
}
