//! How columns relate on every row: the legend row's formulas ("1=2+3"),
//! else what merged groups say ("Trong đó", "Chia ra", "Nguồn vốn").

use super::*;

/// Relations between columns: the legend row's formulas when there are any,
/// else what merged groups say.
pub(super) fn relations_of(
    sheet: &Sheet,
    header_rows: &[u32],
    legend_row: Option<u32>,
    columns: &mut [Column],
    numbers: &[u32],
) -> Vec<Relation> {
    let first_col = columns.first().map(|c| c.col).unwrap_or(0);
    let last_col = columns.last().map(|c| c.col).unwrap_or(0);
    let mut out = Vec::new();
    if let Some(lr) = legend_row {
        let mut by_number: Vec<(u32, u32)> = Vec::new();
        for c in first_col..=last_col {
            if let Some(n) = legend_number(&cell_text(sheet.get(lr, c))) {
                by_number.push((n, c));
            }
        }
        let col_of = |n: u32| by_number.iter().find(|(k, _)| *k == n).map(|(_, c)| *c);
        for c in first_col..=last_col {
            let text = cell_text(sheet.get(lr, c));
            let Some((whole, parts)) = legend_formula(&text) else {
                continue;
            };
            let Some(whole) = col_of(whole) else { continue };
            let parts: Option<Vec<(u32, bool)>> = parts
                .iter()
                .map(|&(n, neg)| col_of(n).map(|c| (c, neg)))
                .collect();
            let Some(parts) = parts else { continue };
            let label_of = |c: u32| {
                columns
                    .iter()
                    .find(|x| x.col == c)
                    .map(|x| fold(&x.label))
                    .unwrap_or_default()
            };
            let partial = parts.iter().all(|&(p, _)| {
                label_of(p).contains("trong đó") && !label_of(whole).contains("trong đó")
            });
            out.push(Relation {
                whole,
                parts,
                partial,
                source: RelationSource::Legend,
                text: clean(&text),
                support: Default::default(),
            });
        }
        // A numbered column whose body is numbers holds amounts.
        for &(_, c) in &by_number {
            let numeric = numbers.get((c - first_col) as usize).copied().unwrap_or(0) >= 2;
            if let Some(col) = columns.iter_mut().find(|x| x.col == c) {
                if numeric && col.role == Role::Other {
                    col.role = Role::Amount;
                }
            }
        }
        // Every column a legend names holds amounts.
        for r in &out {
            for c in std::iter::once(r.whole).chain(r.parts.iter().map(|p| p.0)) {
                if let Some(col) = columns.iter_mut().find(|x| x.col == c) {
                    if !col.role.is_numeric() && col.role != Role::Rate {
                        col.role = Role::Amount;
                    }
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    // Groups: a label over several columns.
    let top = header_rows[0];
    for (level, &hr) in header_rows.iter().enumerate() {
        if level + 1 >= header_rows.len() {
            break;
        }
        for m in sheet.merges.iter().filter(|m| {
            m.first_row == hr
                && m.last_col > m.first_col
                && m.last_row < *header_rows.last().unwrap_or(&top)
        }) {
            let label = fold(&cell_text(sheet.get(m.first_row, m.first_col)));
            let Some(under) = direct_columns(sheet, header_rows, m, columns) else {
                continue;
            };
            if under.len() < 2 {
                continue;
            }
            let breakdown = [
                "trong đó",
                "chia ra",
                "bao gồm",
                "gồm",
                "nguồn vốn",
                "trong đó:",
            ]
            .iter()
            .any(|w| starts_with_word(&label, w));
            let first_sub = sub_label(sheet, header_rows, m.last_row + 1, under[0].col);
            let leads_with_total = ["tổng số", "tổng", "cộng", "tổng cộng"]
                .iter()
                .any(|w| starts_with_word(&first_sub, w));
            if leads_with_total {
                out.push(Relation {
                    whole: under[0].col,
                    parts: under[1..].iter().map(|c| (c.col, false)).collect(),
                    partial: under[1..]
                        .iter()
                        .all(|c| fold(&c.label).contains("trong đó")),
                    source: RelationSource::Group,
                    text: crate::read::cell_clean(sheet.get(m.first_row, m.first_col)),
                    support: Default::default(),
                });
            } else if breakdown {
                let whole = columns
                    .iter()
                    .rfind(|c| c.col < m.first_col && c.role.is_additive());
                if let Some(whole) = whole {
                    out.push(Relation {
                        whole: whole.col,
                        parts: under.iter().map(|c| (c.col, false)).collect(),
                        partial: label.starts_with("trong đó"),
                        source: RelationSource::Group,
                        text: crate::read::cell_clean(sheet.get(m.first_row, m.first_col)),
                        support: Default::default(),
                    });
                }
            }
        }
    }
    out.sort_by_key(|r| r.whole);
    out.dedup_by_key(|r| r.whole);
    out
}

/// The columns directly under a group: its own columns, and for a nested
/// group the nested group's leading "Tổng số" column. `None` when a nested
/// group has no such column (what it adds up to is not stated).
pub(super) fn direct_columns<'c>(
    sheet: &Sheet,
    header_rows: &[u32],
    m: &crate::read::Merge,
    columns: &'c [Column],
) -> Option<Vec<&'c Column>> {
    let sub_row = m.last_row + 1;
    let header_end = *header_rows.last()?;
    let mut out = Vec::new();
    let mut c = m.first_col;
    while c <= m.last_col {
        let nested = sheet
            .merge_at(sub_row, c)
            .filter(|n| n.first_col == c && n.last_col > c && n.last_row < header_end)
            .copied();
        let col = columns.iter().find(|x| x.col == c && x.role.is_additive());
        match nested {
            Some(n) => {
                let first_sub = sub_label(sheet, header_rows, n.last_row + 1, c);
                let leads = ["tổng số", "tổng", "cộng"]
                    .iter()
                    .any(|w| starts_with_word(&first_sub, w));
                if !leads {
                    return None;
                }
                out.extend(col);
                c = n.last_col + 1;
            }
            None => {
                out.extend(col);
                c += 1;
            }
        }
    }
    Some(out)
}
