//! `phuluc new --from FILE`: a table phuluc reads (any layout), made into a
//! template of the same content — the same rows, texts and amounts, each
//! table on a sheet of its own — with live formulas where they compute the
//! amount the table states (a parent as the SUM of its children, a total as
//! the SUM of what it adds, a period total as the SUM of its years, a line's
//! amount as quantity × price, LÀM TRÒN as ROUND), validation on the amount
//! cells, locked formulas and labels, and the layout in defined names. An
//! amount no formula computes stays the number it is: the template says
//! only what the table says, mistakes included (`check` finds them where
//! the input had them).

use super::{Cell, Col, Input, Options, Spec, Value};
use crate::check::agree;
use crate::detect::Role;
use crate::model::{Item, ItemKind, Table};
use crate::write::styles::RowStyle;
use rust_decimal::Decimal;
use std::path::Path;

/// The template of every table of `path`, and what the written workbook
/// must keep: at least the input's items and totals, and no error the
/// input did not have.
pub fn from_file(
    path: &Path,
    options: &Options,
    name: &Path,
) -> Result<(Vec<u8>, crate::write::verify::Expectation), crate::Error> {
    let outcome = crate::analyse(path, &Default::default())?;
    if outcome.appendix.tables.is_empty() {
        return Err(crate::Error::new(path, crate::Problem::NoTable));
    }
    let mut used: Vec<String> = Vec::new();
    let specs: Vec<Spec> = outcome
        .appendix
        .tables
        .iter()
        .map(|t| {
            let sheet = sheet_name(&t.sheet, &mut used);
            spec_of(t, options, sheet)
        })
        .collect();
    let bytes = super::write_book(&specs, options.header)
        .map_err(|e| crate::Error::caused_by(name, crate::Problem::Build(e.to_string()), e))?;
    let expect = crate::write::verify::Expectation {
        errors_left: outcome
            .findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .map(|f| f.code)
            .collect(),
        ..crate::write::verify::Expectation::of(&outcome.appendix)
    };
    Ok((bytes, expect))
}

/// A sheet name Excel takes (31 characters, none of `[]:*?/\`), not yet
/// used in the workbook.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let clean = if clean.is_empty() {
        "Bảng".to_string()
    } else {
        clean
    };
    let mut name: String = clean.chars().take(31).collect();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = clean
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Lines of a title block a template writes itself.
fn is_block_line(line: &str) -> bool {
    let f = crate::text::fold(line);
    f == "ủy ban nhân dân"
        || f == "uỷ ban nhân dân"
        || f.starts_with("cộng hòa xã hội")
        || f.starts_with("cộng hoà xã hội")
        || f.starts_with("độc lập - tự do")
        || f.starts_with("đơn vị tính")
        || f.starts_with("đvt")
        || f.starts_with("xã ")
}

fn width(role: Role) -> f64 {
    match role {
        Role::Stt => 7.0,
        Role::Content => 45.0,
        Role::Lead | Role::Partner | Role::Result | Role::Note => 20.0,
        Role::Year(_) => 12.0,
        _ => 14.0,
    }
}

/// The template of one table, on sheet `sheet`.
fn spec_of(table: &Table, options: &Options, sheet: String) -> Spec {
    let numeric_k = |c: usize| table.numeric.iter().position(|&i| i == c);
    let text_j = |c: usize| table.text_columns.iter().position(|&i| i == c);
    let negative = |k: usize| {
        table
            .items
            .iter()
            .chain(&table.totals)
            .any(|i| i.amount(k).is_some_and(|v| v.is_sign_negative()))
    };
    let cols: Vec<Col> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let input = match numeric_k(c) {
                Some(k) if negative(k) => Input::Signed,
                Some(_) => Input::Number,
                None => Input::Text,
            };
            let mut path: Vec<String> = col.label.split(" / ").map(str::to_string).collect();
            // A label merged down over several header rows is one level.
            path.dedup();
            Col {
                path,
                role: col.role,
                width: width(col.role),
                input,
            }
        })
        .collect();
    let commune = options
        .commune
        .clone()
        .or_else(|| crate::detect::commune_of(&table.title));
    let appendix = options
        .appendix
        .clone()
        .or_else(|| crate::detect::appendix_of(&table.title));
    let lines: Vec<String> = table
        .title
        .iter()
        .filter(|l| !is_block_line(l))
        .filter(|l| {
            appendix
                .as_deref()
                .is_none_or(|a| crate::text::fold(l) != crate::text::fold(a))
        })
        .cloned()
        .collect();
    let own = Options {
        commune,
        appendix,
        ..options.clone()
    };
    let mut spec = Spec::new(&sheet, &own, lines, cols);
    spec.unit_line = table.money_unit().map(super::unit_line);
    spec.per_value = true;
    if !table.legend.is_empty() {
        // The legend is kept by the input's columns, from the table's first.
        spec.legend = Some(
            table
                .columns
                .iter()
                .map(|col| {
                    col.col
                        .checked_sub(table.bounds.1)
                        .and_then(|i| table.legend.get(i as usize))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect(),
        );
    }
    // Every row in the table's order: items (breakdowns and rates among
    // them) and totals.
    let mut order: Vec<(u32, bool, usize)> = table
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.row, false, i))
        .chain(
            table
                .totals
                .iter()
                .enumerate()
                .map(|(i, t)| (t.row, true, i)),
        )
        .collect();
    order.sort();
    let body = spec.body_row();
    let mut item_row = vec![0u32; table.items.len()];
    for (n, &(_, total, i)) in order.iter().enumerate() {
        if !total {
            item_row[i] = body + n as u32;
        }
    }
    let letters = |c: usize| crate::a1::column_letters(c as u32);
    let mut previous_totals: Vec<(u32, usize)> = Vec::new();
    let mut since_total: Vec<usize> = Vec::new();
    for (n, &(_, is_total, i)) in order.iter().enumerate() {
        let r = body + n as u32;
        let item = if is_total {
            &table.totals[i]
        } else {
            &table.items[i]
        };
        let mut cells: Vec<Cell> = Vec::with_capacity(table.columns.len());
        for (c, col) in table.columns.iter().enumerate() {
            let text = |t: &str| {
                if t.is_empty() {
                    Cell::Input(None)
                } else {
                    Cell::input_text(t)
                }
            };
            let cell = if let Some(k) = numeric_k(c) {
                let stated = item.amount(k);
                let formula = stated.and_then(|v| {
                    formula_of(
                        table,
                        item,
                        is_total,
                        k,
                        c,
                        r,
                        v,
                        &item_row,
                        &previous_totals,
                        &since_total,
                        &letters,
                    )
                });
                match (formula, stated) {
                    // Saved as stated (it agrees with what the formula
                    // computes to the 15th digit): every amount is kept.
                    (Some((f, _)), Some(v)) => Cell::Formula(f, v),
                    (Some((f, v)), None) => Cell::Formula(f, v),
                    (None, Some(v)) => Cell::Input(Some(Value::Number(v))),
                    // Text in an amount cell ("3 000", a footnote marker, a
                    // label) is kept as it was typed.
                    (None, None) => match item.values.text(k) {
                        Some(t) => Cell::input_text(t),
                        None => Cell::Input(None),
                    },
                }
            } else {
                match col.role {
                    Role::Stt => text(&item.stt),
                    Role::Content if is_total => Cell::label(&item.content),
                    Role::Content => text(&item.content),
                    Role::Lead => text(&item.lead),
                    Role::Partner => text(&item.partner),
                    Role::Note => text(&item.note),
                    _ => text_j(c)
                        .and_then(|j| item.texts.get(j))
                        .map_or(Cell::Input(None), |t| text(t)),
                }
            };
            cells.push(cell);
        }
        let style = if is_total {
            RowStyle::Total
        } else if item.kind == ItemKind::Breakdown {
            RowStyle::Breakdown
        } else if item.level == 0 && !item.children.is_empty() {
            RowStyle::Section
        } else {
            RowStyle::Text
        };
        spec.push(style, cells);
        if is_total {
            previous_totals.push((r, i));
            since_total.clear();
        } else if item.level == 0 && item.kind == ItemKind::Item {
            since_total.push(i);
        }
    }
    spec.below = table
        .words
        .iter()
        .map(|w| w.text.clone())
        .chain(table.notes.iter().cloned())
        .chain(table.closing.iter().map(|l| l.text.clone()))
        .collect();
    spec
}

/// The rows a sum adds for item `i` in column `k`: the item itself when it
/// states an amount, else the rows under it that do.
fn addends(table: &Table, i: usize, k: usize, item_row: &[u32], out: &mut Vec<(u32, Decimal)>) {
    let item = &table.items[i];
    if let Some(v) = item.amount(k) {
        out.push((item_row[i], v));
        return;
    }
    for c in item.child_indices() {
        if table.items[c].kind == ItemKind::Item {
            addends(table, c, k, item_row, out);
        }
    }
}

/// `SUM` of `rows` in column `letters` and its value, if it is `stated`.
fn sum_if_stated(
    letters: &str,
    mut rows: Vec<(u32, Decimal)>,
    stated: Decimal,
) -> Option<(String, Decimal)> {
    if rows.is_empty() {
        return None;
    }
    let value = rows
        .iter()
        .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v))?;
    if !agree(stated, value) {
        return None;
    }
    rows.sort_by_key(|(r, _)| *r);
    let f = crate::write::parts::sum_of_rows(letters, rows.iter().map(|(r, _)| *r))?;
    Some((f.trim_start_matches('=').to_string(), value))
}

/// The formula of a cell, with the value it computes, when it computes the
/// amount `stated`; else none (the number stays).
#[allow(clippy::too_many_arguments)]
fn formula_of(
    table: &Table,
    item: &Item,
    is_total: bool,
    k: usize,
    c: usize,
    r: u32,
    stated: Decimal,
    item_row: &[u32],
    previous_totals: &[(u32, usize)],
    since_total: &[usize],
    letters: &dyn Fn(usize) -> String,
) -> Option<(String, Decimal)> {
    let role = table.columns[c].role;
    let col = letters(c);
    let numeric_of = |role: Role| {
        table
            .numeric
            .iter()
            .position(|&i| table.columns[i].role == role)
    };
    // A period total: the sum of the row's years.
    if role == Role::PeriodTotal {
        let years: Vec<usize> = table
            .numeric
            .iter()
            .copied()
            .filter(|&i| matches!(table.columns[i].role, Role::Year(_)))
            .collect();
        let values: Option<Vec<Decimal>> = years
            .iter()
            .map(|&i| item.amount(table.numeric.iter().position(|&x| x == i)?))
            .collect();
        if let (Some(values), false) = (values, years.is_empty()) {
            let sum = values
                .iter()
                .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))?;
            let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
            if contiguous && agree(stated, sum) {
                return Some((
                    format!(
                        "SUM({}{}:{}{})",
                        letters(years[0]),
                        r + 1,
                        letters(*years.last()?),
                        r + 1
                    ),
                    sum,
                ));
            }
        }
    }
    // An estimate line: quantity × price.
    if table.estimate && !is_total && item.children.is_empty() && role == Role::Amount {
        let (q, p) = (numeric_of(Role::Quantity)?, numeric_of(Role::UnitPrice));
        if let Some(p) = p {
            let (qv, pv) = (item.amount(q)?, item.amount(p)?);
            let v = qv.checked_mul(pv)?;
            if agree(stated, v) {
                return Some((
                    format!(
                        "{}{}*{}{}",
                        letters(table.numeric[q]),
                        r + 1,
                        letters(table.numeric[p]),
                        r + 1
                    ),
                    v,
                ));
            }
        }
    }
    if !role.is_additive() {
        return None;
    }
    if !is_total {
        // A parent: the sum of its children.
        if item.kind != ItemKind::Item || item.children.is_empty() {
            return None;
        }
        let mut rows = Vec::new();
        for ch in item.child_indices() {
            if table.items[ch].kind == ItemKind::Item {
                addends(table, ch, k, item_row, &mut rows);
            }
        }
        return sum_if_stated(&col, rows, stated);
    }
    // A total: the items since the last total, every top-level item, or
    // the totals above.
    let mut since = Vec::new();
    for &i in since_total {
        addends(table, i, k, item_row, &mut since);
    }
    if let Some(found) = sum_if_stated(&col, since, stated) {
        return Some(found);
    }
    let mut all = Vec::new();
    for (i, it) in table.items.iter().enumerate() {
        if it.level == 0 && it.kind == ItemKind::Item && item_row[i] < r {
            addends(table, i, k, item_row, &mut all);
        }
    }
    if let Some(found) = sum_if_stated(&col, all, stated) {
        return Some(found);
    }
    let above: Vec<(u32, Decimal)> = previous_totals
        .iter()
        .filter_map(|&(row, t)| Some((row, table.totals[t].amount(k)?)))
        .collect();
    // LÀM TRÒN: the total above, rounded.
    if let Some(&(row, v)) = above.last() {
        for places in [-6i32, -3, 0, 1, 2, 3] {
            let rounded = round(v, places)?;
            if rounded == stated && rounded != v {
                return Some((format!("ROUND({col}{},{places})", row + 1), rounded));
            }
        }
    }
    None
}

/// `v` rounded as Excel's ROUND(v, places), halves away from zero.
fn round(v: Decimal, places: i32) -> Option<Decimal> {
    use rust_decimal::RoundingStrategy::MidpointAwayFromZero;
    if places >= 0 {
        return Some(v.round_dp_with_strategy(places as u32, MidpointAwayFromZero));
    }
    let factor = Decimal::from(10i64.checked_pow(places.unsigned_abs())?);
    v.checked_div(factor)?
        .round_dp_with_strategy(0, MidpointAwayFromZero)
        .checked_mul(factor)
}
