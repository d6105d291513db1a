//! The appendix-sheet writer: one table of the model written as an
//! appendix — title block, bordered header with merged groups, the
//! column-number row, items with SUM formulas saved with their values
//! (written only where they compute the value shown), totals, words line,
//! footnotes, date and signature lines, page setup. `format` writes every
//! table through it.

use super::parts::{self, addends, merge, sum_of_rows, wrapped_lines, Placed};
use super::styles::{number_format, Out, RowStyle, Styles};
use crate::detect::Role;
use crate::model::roles::PercentScale;
use crate::model::{Item, ItemKind, Table};
use crate::read::column_letters;
use crate::read::Text;
use crate::stt::Stt;
use crate::text::fold;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Worksheet, XlsxError};
use std::collections::HashMap;

pub(crate) use super::format::FormatOptions;

/// Where a table goes on its sheet: from which row, and whether it is the
/// sheet's first (it writes the title block and sets up the page) and last
/// (the signature block follows it).
#[derive(Clone, Copy)]
pub(crate) struct TablePlace {
    pub(crate) start: u32,
    pub(crate) first: bool,
    pub(crate) last: bool,
}

/// Lines of the title block that phuluc writes itself, recognised on
/// re-reading so they are not repeated.
fn is_standard_line(line: &str) -> bool {
    let f = fold(line);
    is_office_line(line)
        || f.starts_with("cộng hòa xã hội")
        || f.starts_with("cộng hoà xã hội")
        || f.starts_with("độc lập - tự do")
        || f.starts_with("đơn vị tính")
        || f.starts_with("đvt")
        || f.starts_with("xã ")
        || f.starts_with("phường ")
        || f.starts_with("đặc khu ")
}

/// A line of the title block's left side, naming the office that issues
/// the appendix: "UBND XÃ ĐA KIA", "ỦY BAN NHÂN DÂN", "XÃ ĐA KIA".
fn is_office_line(line: &str) -> bool {
    let f = fold(line);
    let office = f == "ủy ban nhân dân"
        || f == "uỷ ban nhân dân"
        || ["ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân "]
            .iter()
            .any(|p| f.starts_with(p) && f.chars().count() <= 60);
    let commune = ["xã ", "phường ", "đặc khu ", "thị trấn "]
        .iter()
        .any(|p| f.starts_with(p) && f.chars().count() <= 40);
    office || commune
}

/// The words line as phuluc writes it.
pub(crate) fn words_line(words: &str) -> String {
    format!(
        "Bằng chữ: {}./.",
        words.trim_end_matches("./.").trim_end_matches('.')
    )
}

/// A words line as the input wrote it, in phuluc's layout ("Bằng chữ:
/// …./.") when it is one: its words are kept as they are.
fn restyled_words(text: &str) -> String {
    // Cleaned first, so that its letters line up with the folded text's.
    let t = crate::text::clean(text);
    if !fold(&t).starts_with("bằng chữ") {
        return t;
    }
    let rest: String = t.chars().skip("bằng chữ".chars().count()).collect();
    words_line(rest.trim_start_matches([':', ' ']).trim())
}

/// Writes one table; returns where each input cell of an amount or words
/// line went: input (row, col) → output (row, col).
pub(crate) fn write_table(
    ws: &mut Worksheet,
    table: &Table,
    new_words: &HashMap<u32, String>,
    options: &FormatOptions,
    st: &Styles,
    place: TablePlace,
) -> Result<(Placed, u32), XlsxError> {
    let mut placed = Placed::default();
    let ncols = table.columns.len().max(2) as u16;
    let last_col = ncols - 1;
    let col_of_numeric: Vec<u16> = table.numeric.iter().map(|&i| i as u16).collect();
    let commune = options
        .commune
        .clone()
        .or_else(|| crate::detect::commune_of(&table.title))
        .map(|c| c.to_uppercase());
    let appendix_name = options
        .appendix
        .clone()
        .or_else(|| crate::detect::appendix_of(&table.title));
    // Title lines of the input other than the ones written here.
    let mut lines: Vec<String> = table
        .title
        .iter()
        .filter(|l| !is_standard_line(l))
        .filter(|l| appendix_name.as_deref().is_none_or(|a| fold(l) != fold(a)))
        .cloned()
        .collect();
    if let Some(t) = &options.title {
        lines.retain(|l| fold(l).starts_with('('));
        lines.insert(0, t.clone());
    }

    // Title block: UBND / XÃ left — as the input wrote it ("UBND XÃ ĐA
    // KIA" is one line, not two more), else made from the commune — the
    // national motto right.
    let mut row: u32 = place.start + 1;
    if place.first {
        let typed: Vec<String> = table
            .title
            .iter()
            .filter(|l| is_office_line(l))
            .cloned()
            .collect();
        let left = if options.commune.is_none() && !typed.is_empty() {
            typed
        } else {
            let mut left = vec!["ỦY BAN NHÂN DÂN".to_string()];
            left.extend(commune);
            left
        };
        let right = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
            "Độc lập - Tự do - Hạnh phúc".to_string(),
        ];
        parts::title_block(ws, 0, &left, &right, ncols, st)?;
        row = 3;
        if let Some(a) = &appendix_name {
            parts::merge(ws, row, 0, last_col, a, &st.title)?;
            row += 1;
        }
    }
    row = parts::title_lines(ws, row, &lines, ncols, st)?;
    if let Some(u) = table.money_unit() {
        // The input's own unit line when it has one ("Đơn vị tính: đồng").
        let typed = table.title.iter().find(|t| {
            let f = fold(t);
            (f.starts_with("đơn vị tính") || f.starts_with("đvt"))
                && crate::unit::unit_statement(t).is_some_and(|(stated, _)| stated == Some(u))
        });
        let text = typed
            .cloned()
            .unwrap_or_else(|| format!("Đơn vị tính: {}", capitalise(u.name_vi())));
        parts::unit_line(ws, row, &text, ncols, st)?;
        row += 1;
    }

    // Header: as many rows as the deepest label has levels ("I. Chi đầu
    // tư phát triển" over "Trong đó" over "Vốn trong nước").
    let header_row = row;
    let mut paths = header_paths(table);
    // A one-column table is written two columns wide.
    paths.resize(usize::from(ncols).max(paths.len()), vec![String::new()]);
    let width = |c: u16| {
        table
            .columns
            .get(c as usize)
            .map_or(12.0, |col| column_width(col.role))
    };
    let depth = parts::header(ws, header_row, &paths, 1, &width, st)?;
    let bottom = header_row + depth - 1;
    let header_last = bottom;
    // The input's column-number row, under the header, repeated with it.
    let out_col_of = |input_col: u32| {
        table
            .columns
            .iter()
            .position(|c| c.col == input_col)
            .map(|p| p as u16)
    };
    let header_last = if table.legend.is_empty() {
        header_last
    } else {
        let legend_row = header_last + 1;
        let texts: Vec<&str> = (0..ncols)
            .map(|c| {
                table
                    .columns
                    .get(c as usize)
                    .and_then(|col| {
                        table
                            .legend
                            .get(col.col.checked_sub(table.bounds.1)? as usize)
                    })
                    .map(String::as_str)
                    .unwrap_or("")
            })
            .collect();
        parts::column_numbers(ws, legend_row, &texts, st)?;
        legend_row
    };
    let body_start = header_last + 1;

    // Where each item goes, totals at the top or bottom as in the input.
    let first_item_row = table.items.first().map(|i| i.row).unwrap_or(u32::MAX);
    let top_totals: Vec<&Item> = table
        .totals
        .iter()
        .filter(|t| t.row < first_item_row)
        .collect();
    let mut bottom_totals: Vec<&Item> = table
        .totals
        .iter()
        .filter(|t| t.row >= first_item_row)
        .collect();
    // A cost summary's rows are each computed from the others (T, C, TL,
    // G …): adding them up means nothing, so no total and no words line
    // are made for it.
    let cost_summary = table
        .columns
        .iter()
        .any(|c| matches!(c.role, Role::Formula | Role::Symbol));
    let synthetic_total;
    if table.has_money && table.totals.is_empty() && !cost_summary {
        synthetic_total = Item {
            row: u32::MAX,
            continued: Box::default(),
            stt: Text::default(),
            numbering: None,
            level: 0,
            parent: None,
            children: Box::default(),
            kind: ItemKind::Total,
            content: "Tổng cộng".into(),
            lead: Text::default(),
            partner: Text::default(),
            note: Text::default(),
            texts: Box::default(),
            values: crate::model::Values::blank(table.numeric.len()),
        };
        bottom_totals.push(&synthetic_total);
    }
    // Items follow the top totals, and the other totals sit among them as
    // in the input (an estimate closes each part with its total): rows in
    // input order.
    let first_out = body_start + top_totals.len() as u32;
    let mut order: Vec<(u32, Option<usize>, Option<usize>)> = table
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.row, Some(i), None))
        .chain(
            bottom_totals
                .iter()
                .enumerate()
                .map(|(t, total)| (total.row, None, Some(t))),
        )
        .collect();
    // Stable: an item and a total never share a row.
    order.sort_by_key(|(row, item, _)| (*row, item.is_none()));
    let mut out_row: Vec<u32> = vec![0; table.items.len()];
    let mut total_row: Vec<u32> = vec![0; bottom_totals.len()];
    for (n, (_, item, total)) in order.iter().enumerate() {
        let at = first_out + n as u32;
        match (item, total) {
            (Some(i), _) => out_row[*i] = at,
            (_, Some(t)) => total_row[*t] = at,
            _ => {}
        }
    }
    let after_items = first_out + order.len() as u32;
    // Every total's output row, by its index in the table.
    let mut total_out: Vec<u32> = Vec::with_capacity(table.totals.len());
    let (mut top_n, mut bottom_n) = (0u32, 0usize);
    for t in &table.totals {
        if t.row < first_item_row {
            total_out.push(body_start + top_n);
            top_n += 1;
        } else {
            total_out.push(total_row.get(bottom_n).copied().unwrap_or(u32::MAX));
            bottom_n += 1;
        }
    }

    let w = table.numeric.len();
    let eff = shown(table);
    let stray: Vec<bool> = table
        .items
        .iter()
        .map(|item| table.is_stray_zero_heading(item))
        .collect();
    let cell_ref = |row: u32, k: usize| {
        format!(
            "{}{}",
            column_letters(u32::from(col_of_numeric[k])),
            row + 1
        )
    };
    let years: Vec<usize> = (0..w)
        .filter(|&k| matches!(table.numeric_column(k).role, Role::Year(_)))
        .collect();
    // A period total is a SUM over its row's years only when they sit side
    // by side, with nothing else between them.
    let contiguous = years
        .windows(2)
        .all(|p| col_of_numeric[p[1]] == col_of_numeric[p[0]] + 1);
    let period = (0..w).find(|&k| {
        table.numeric_column(k).role == Role::PeriodTotal && !years.is_empty() && contiguous
    });

    // An estimate's lines, totals and summary rows as live formulas.
    let letters_of = |k: usize| column_letters(u32::from(col_of_numeric[k]));
    let scopes = if table.estimate {
        crate::check::estimate::scopes(table)
    } else {
        Vec::new()
    };
    let summary = if cost_summary {
        super::estimate::summary_formulas(table, &out_row, &letters_of)
    } else {
        HashMap::new()
    };
    let placed_rows = super::estimate::Placed {
        items: &out_row,
        totals: &total_out,
    };
    let total_formulas: Vec<Vec<Option<super::estimate::Computed>>> = if table.estimate {
        (0..table.numeric.len())
            .map(|k| super::estimate::total_formulas(table, &scopes, k, &placed_rows, &letters_of))
            .collect()
    } else {
        Vec::new()
    };

    // Percentage columns, confirmed by their figures: written as numbers.
    let percent: Vec<Option<Percent>> = (0..table.text_columns.len())
        .map(|i| {
            let Some(scale) = crate::model::roles::percent_scale(table, i) else {
                return holds_numbers(table, i).then_some(Percent {
                    scale: None,
                    places: 0,
                });
            };
            // The places the typed figures show (a computed one, 105,8666…,
            // is shown with as many, at most two).
            let places = table
                .items
                .iter()
                .chain(&table.totals)
                .filter_map(|it| crate::model::roles::plain_number(it.texts.get(i)?))
                .map(|v| v.normalize().scale())
                .filter(|&p| {
                    p <= if scale == PercentScale::Fraction {
                        4
                    } else {
                        2
                    }
                })
                .max()
                .unwrap_or(if scale == PercentScale::Fraction {
                    3
                } else {
                    1
                });
            Some(Percent {
                scale: Some(scale),
                places,
            })
        })
        .collect();

    // Items.
    for (i, item) in table.items.iter().enumerate() {
        let orow = out_row[i];
        let row_style = match item.kind {
            ItemKind::Breakdown => RowStyle::Breakdown,
            _ if is_section(item) => RowStyle::Section,
            _ => RowStyle::Text,
        };
        write_texts(ws, table, item, orow, st.of(row_style), &percent)?;
        for k in 0..w {
            let role = table.numeric_column(k).role;
            // Leaves (most rows) have no addends: no list is made for them.
            let kids: Vec<usize> = if item.children.is_empty() {
                Vec::new()
            } else {
                item.child_indices()
                    .filter(|&c| eff[c * w + k].is_some())
                    .collect()
            };
            // An estimate's part heading ("* Đập bê tông") stays blank:
            // its part closes with its own total row.
            let formula = if item.kind == ItemKind::Item
                && !stray[i]
                && !(table.estimate && item.amount(k).is_none())
                && role.is_additive()
                && Some(k) != period
                && !kids.is_empty()
            {
                let letters = letters_of(k);
                let formula = sum_of_rows(&letters, kids.iter().map(|&c| out_row[c]));
                let sum = crate::check::sum_some(kids.iter().map(|&c| eff[c * w + k]));
                formula.zip(sum)
            } else if Some(k) == period && years.iter().any(|&y| eff[i * w + y].is_some()) {
                let (a, b) = (
                    cell_ref(orow, years[0]),
                    cell_ref(orow, *years.last().unwrap_or(&years[0])),
                );
                crate::check::sum_some(years.iter().map(|&y| eff[i * w + y]))
                    .map(|sum| (format!("=SUM({a}:{b})"), sum))
            } else {
                super::estimate::line_formula(table, i, k, orow, &letters_of)
                    .or_else(|| summary.get(&(i, k)).cloned())
                    .map(|(f, v)| (format!("={f}"), v))
            };
            // A heading with a stray 0 stays as typed, a heading: totals
            // add the rows under it instead (see `addends`).
            let here = if stray[i] || (table.estimate && item.amount(k).is_none()) {
                item.amount(k)
            } else {
                eff[i * w + k]
            };
            let out = honest(formula, here, &item.values, k);
            placed.insert(
                (item.row, table.numeric_column(k).col),
                (orow, col_of_numeric[k]),
            );
            write_out(ws, orow, col_of_numeric[k], out, st, row_style)?;
        }
    }

    // Totals.
    let top: Vec<usize> = (0..table.items.len())
        .filter(|&i| {
            table.items[i].kind == ItemKind::Item && table.items[i].parent_index().is_none()
        })
        .collect();
    // What a total adds in each column, the same for every total row: made
    // once (made per total, 33,000 running "Cộng" rows took 80 s).
    let top_sums: Vec<Option<(Option<String>, Option<Decimal>)>> = (0..w)
        .map(|k| {
            let with_amount: Vec<usize> = top
                .iter()
                .flat_map(|&t| addends(table, &stray, &eff, t, k))
                .collect();
            (table.numeric_column(k).role.is_additive() && !with_amount.is_empty()).then(|| {
                let rows = with_amount.iter().map(|&t| out_row[t]);
                let formula = sum_of_rows(&letters_of(k), rows);
                (
                    formula,
                    crate::check::sum_some(with_amount.iter().map(|&t| eff[t * w + k])),
                )
            })
        })
        .collect();
    let mut write_total = |ws: &mut Worksheet, total: &Item, orow: u32| -> Result<(), XlsxError> {
        let label = if total.content.is_empty() {
            "Tổng cộng".to_string()
        } else {
            total.content.to_string()
        };
        let content_col = table
            .columns
            .iter()
            .position(|c| c.role == Role::Content)
            .unwrap_or(1)
            .min(last_col as usize) as u16;
        // The total's own texts stay: its percentage, its note.
        let text_of = |c: u16| {
            table
                .text_columns
                .iter()
                .position(|&i| i == c as usize)
                .and_then(|i| Some((total.texts.get(i)?.as_str(), percent[i])))
        };
        for c in 0..ncols {
            if c == content_col {
                ws.write_string_with_format(orow, c, &label, &st.total)?;
            } else if let Some((text, scale)) = text_of(c) {
                write_text_cell(ws, orow, c, text, scale, &st.total)?;
            } else if !col_of_numeric.contains(&c) {
                ws.write_blank(orow, c, &st.total)?;
            }
        }
        for k in 0..w {
            // An estimate's totals each add their own part (or the parts,
            // or round): written as the numbers they are, not as a SUM of
            // the part headings, which stay blank.
            let mut added = None;
            let formula = if table.estimate {
                table
                    .totals
                    .iter()
                    .position(|t| std::ptr::eq(t, total))
                    .and_then(|t| total_formulas.get(k)?.get(t)?.clone())
                    .map(|(f, v)| (format!("={f}"), v))
            } else if let Some((formula, sum)) = &top_sums[k] {
                added = *sum;
                formula.clone().zip(added)
            } else {
                None
            };
            // A total phuluc adds where the input had none is its formula
            // (or its sum, where Excel could not hold the formula).
            let printed = if total.row == u32::MAX {
                formula.as_ref().map(|f| f.1).or(added)
            } else {
                total.values[k].amount()
            };
            let out = honest(formula, printed, &total.values, k);
            if total.row != u32::MAX {
                placed.insert(
                    (total.row, table.numeric_column(k).col),
                    (orow, col_of_numeric[k]),
                );
            }
            write_out(ws, orow, col_of_numeric[k], out, st, RowStyle::Total)?;
        }
        Ok(())
    };
    for (n, t) in top_totals.iter().enumerate() {
        write_total(ws, t, body_start + n as u32)?;
    }
    for (t, total) in bottom_totals.iter().enumerate() {
        write_total(ws, total, total_row[t])?;
    }
    let mut r = after_items;

    // Amount columns wide enough for their longest figure: a narrow one
    // prints "###".
    let mut widths: Vec<f64> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let longest = table
                .numeric
                .iter()
                .position(|&i| i == c)
                .map(|k| {
                    table
                        .items
                        .iter()
                        .chain(&table.totals)
                        .filter_map(|it| it.amount(k))
                        .map(crate::number::printed_len)
                        .max()
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            column_width(col.role).max(longest as f64 + 2.0)
        })
        .collect();
    // The words lines: as the input has them, or as the plan rewrites them;
    // where the input had none, the grand total's, in đồng.
    let lines: Vec<String> = if table.words.is_empty() && !options.words {
        Vec::new()
    } else if table.words.is_empty() {
        grand_total(table, &eff, &top, period)
            .and_then(|total| total.checked_mul(table.money_unit()?.factor()))
            // Words state whole đồng.
            .map(|dong| {
                dong.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            })
            .filter(|_| table.has_money && !cost_summary)
            .map(|dong| {
                words_line(&crate::words::to_words(
                    dong,
                    &crate::words::Style::default(),
                ))
            })
            .into_iter()
            .collect()
    } else {
        table
            .words
            .iter()
            .map(|line| {
                placed.insert((line.row, line.col), (r, 0));
                let text = new_words
                    .get(&line.row)
                    .map(|w| words_line(w))
                    .unwrap_or_else(|| restyled_words(&line.text));
                r += 1;
                text
            })
            .collect()
    };
    let words_start = r - if table.words.is_empty() {
        0
    } else {
        lines.len() as u32
    };
    for (n, text) in lines.iter().enumerate() {
        merge(ws, words_start + n as u32, 0, last_col, text, &st.words)?;
    }
    r = words_start + lines.len() as u32;
    // Footnotes, then the date and signature block, where the input had
    // them relative to the table (a --signature replaces the input's).
    for note in &table.notes {
        merge(ws, r, 0, last_col, note, &st.words)?;
        r += 1;
    }
    if options.signature.is_empty() {
        if let Some(first) = table.closing.first().map(|l| l.below) {
            let from = r + 1;
            // Each line spans the columns up to the next line's column (or
            // the table's last), centred and wrapped there: a signature
            // overflowing its one cell is clipped at the page's edge when
            // printed ("ƠI LẬP BIỂU").
            let col_of = |line: &crate::model::ClosingLine| {
                out_col_of(table.bounds.1 + line.col).unwrap_or(last_col)
            };
            let mut slots: Vec<u16> = table.closing.iter().map(col_of).collect();
            slots.sort_unstable();
            slots.dedup();
            // A line wider than its span widens the span's last column (the
            // sheet's columns are set by its first table): printed fitted
            // to the page, the whole text shows on one line.
            if place.first {
                for line in &table.closing {
                    let col = col_of(line);
                    let end = slots
                        .iter()
                        .find(|&&s| s > col)
                        .map_or(last_col, |&s| s - 1)
                        .max(col);
                    let span: f64 = (col..=end)
                        .map(|c| widths.get(c as usize).copied().unwrap_or(12.0))
                        .sum();
                    let needed = printed_width(&line.text);
                    if needed > span {
                        if let Some(w) = widths.get_mut(end as usize) {
                            *w += needed - span;
                        }
                    }
                }
            }
            let width_of = |c: u16| widths.get(c as usize).copied().unwrap_or(12.0);
            let dated_format = st
                .words
                .clone()
                .set_align(FormatAlign::Center)
                .set_text_wrap();
            let signed_format = st.bold_center.clone().set_text_wrap();
            let mut heights: HashMap<u32, usize> = HashMap::new();
            for line in &table.closing {
                let row = from + (line.below - first);
                let col = col_of(line);
                let end = slots
                    .iter()
                    .find(|&&s| s > col)
                    .map_or(last_col, |&s| s - 1)
                    .max(col);
                let dated = fold(&line.text).contains("ngày");
                let f = if dated { &dated_format } else { &signed_format };
                merge(ws, row, col, end, &line.text, f)?;
                let width: f64 = (col..=end).map(width_of).sum();
                let scale = printed_width(&line.text) / (line.text.chars().count() as f64 + 2.0);
                let lines = wrapped_lines(&line.text, width / scale.max(1.0));
                let h = heights.entry(row).or_insert(1);
                *h = (*h).max(lines);
                r = r.max(row + 1);
            }
            for (row, lines) in heights {
                if lines > 1 {
                    ws.set_row_height(row, 15.75 * lines as f64 + 2.0)?;
                }
            }
        }
    }
    if place.last && !options.signature.is_empty() {
        r += 1;
        let from = (ncols * 2 / 3).min(last_col);
        for line in &options.signature {
            merge(ws, r, from, last_col, line, &st.bold_center)?;
            r += 1;
        }
    }

    // Page: A4 landscape, fitted to the width, header repeated, numbered.
    if place.first {
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    // Viewers do not fit row heights to wrapped text in a generated file:
    // give each row the lines its longest text needs.
    for (i, item) in table.items.iter().enumerate() {
        let mut texts = item.texts.iter();
        let lines = table
            .columns
            .iter()
            .zip(&widths)
            .filter(|(col, _)| !col.role.is_numeric())
            .map(|(col, w)| {
                let text = match col.role {
                    Role::Stt => item.stt.as_str(),
                    Role::Content => item.content.as_str(),
                    Role::Lead => item.lead.as_str(),
                    Role::Partner => item.partner.as_str(),
                    Role::Note => item.note.as_str(),
                    _ => texts.next().unwrap_or(&item.note).as_str(),
                };
                wrapped_lines(text, *w)
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(out_row[i], 15.75 * lines as f64 + 2.0)?;
        }
    }
    // The page, set up by the sheet's first table: its header repeats.
    if place.first {
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(header_row, header_last)?;
        ws.set_footer("&CTrang &P/&N");
        ws.set_freeze_panes(body_start, 0)?;
    }
    placed.layout = Some((header_row, bottom, header_last));
    placed.seal();
    Ok((placed, r))
}

/// The width, in Excel's column characters, that a line of the closing
/// block needs in 12-point Times New Roman: capitals in bold run a third
/// wider than the default font's digits.
fn printed_width(text: &str) -> f64 {
    let chars = text.chars().count() as f64;
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1) as f64;
    let capitals = text.chars().filter(|c| c.is_uppercase()).count() as f64;
    let factor = if capitals / letters > 0.5 { 1.4 } else { 1.1 };
    chars * factor + 2.0
}

/// Column width, in characters, by what the column holds.
fn column_width(role: Role) -> f64 {
    match role {
        Role::Stt => 7.0,
        Role::Content => 45.0,
        Role::Lead | Role::Partner | Role::Result | Role::Note => 22.0,
        Role::Year(_) => 11.0,
        _ => 14.0,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Each column's header label as its levels, top first, as the input
/// typed them ("Dự toán năm 2025", "Kinh phí thực hiện" / "Năm 2026"): a
/// header is the input's words, never the role phuluc read from it.
fn header_paths(table: &Table) -> Vec<Vec<String>> {
    table
        .columns
        .iter()
        .map(|col| col.label.split(" / ").map(str::to_string).collect())
        .collect()
}

fn is_section(item: &Item) -> bool {
    matches!(
        item.numbering,
        Some(Stt::Roman(_)) | Some(Stt::Upper(_)) | Some(Stt::RomanOrUpper(..))
    ) || (item.level == 0 && !item.children.is_empty())
}

fn write_texts(
    ws: &mut Worksheet,
    table: &Table,
    item: &Item,
    row: u32,
    f: &Format,
    percent: &[Option<Percent>],
) -> Result<(), XlsxError> {
    let mut text_iter = item.texts.iter().enumerate();
    for (c, col) in table.columns.iter().enumerate() {
        if col.role.is_numeric() {
            continue;
        }
        // Handed over as `&str`: rust_xlsxwriter makes the one copy it keeps.
        let (text, scale): (&str, Option<Percent>) = match col.role {
            Role::Stt => (&item.stt, None),
            Role::Content => (&item.content, None),
            Role::Lead => (&item.lead, None),
            Role::Partner => (&item.partner, None),
            Role::Note => (&item.note, None),
            _ => text_iter
                .next()
                .map(|(i, t)| (t.as_str(), percent.get(i).copied().flatten()))
                .unwrap_or_default(),
        };
        write_text_cell(ws, row, c as u16, text, scale, f)?;
    }
    Ok(())
}

/// A text column that holds numbers: a percentage (its scale and the
/// decimal places it shows), or plain numbers (`scale` none).
#[derive(Clone, Copy)]
struct Percent {
    scale: Option<PercentScale>,
    places: u32,
}

/// A text column every filled cell of which is a number as a number cell
/// reads ("12", "4.5"), none with a leading zero that a code keeps
/// ("0123"): written back as numbers.
fn holds_numbers(table: &Table, i: usize) -> bool {
    let role = table
        .text_columns
        .get(i)
        .and_then(|&c| table.columns.get(c))
        .map(|c| c.role);
    if !matches!(role, Some(Role::Other | Role::Rate | Role::Target)) {
        return false;
    }
    let mut any = false;
    for item in table.items.iter().chain(&table.totals) {
        let t = item.texts.get(i).map(|t| t.trim()).unwrap_or_default();
        if t.is_empty() {
            continue;
        }
        let digits = t.trim_start_matches('-');
        let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
        if leading_zero || crate::model::roles::plain_number(t).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// A text column's cell: its text, or — in a percentage column — the
/// number it holds, as a number in its own scale ("So sánh (%)" 107,6; a
/// fraction shown as 107,6%), never the text "107.6".
fn write_text_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    scale: Option<Percent>,
    f: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        ws.write_blank(row, col, f)?;
        return Ok(());
    }
    if let Some((percent, v)) = scale.zip(crate::model::roles::plain_number(text)) {
        let (places, sign, grouping) = match percent.scale {
            Some(PercentScale::Hundred) => (percent.places as usize, "", "#,##"),
            Some(PercentScale::Fraction) => {
                (percent.places.saturating_sub(2) as usize, "%", "#,##")
            }
            // A number of its own (a count, a year, a score): as many
            // places as it has, no grouping ("2025", not "2.025").
            None => (v.normalize().scale().min(6) as usize, "", ""),
        };
        let shown = if places == 0 {
            format!("{}{grouping}0{sign}", super::styles::LOCALE)
        } else {
            format!(
                "{}{grouping}0.{}{sign}",
                super::styles::LOCALE,
                "0".repeat(places)
            )
        };
        let format = f
            .clone()
            .set_num_format(shown)
            .set_align(FormatAlign::Right);
        ws.write_number_with_format(row, col, v.to_f64().unwrap_or(0.0), &format)?;
        return Ok(());
    }
    ws.write_string_with_format(row, col, text, f)?;
    Ok(())
}

pub(crate) fn write_out(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    out: Option<Out>,
    st: &Styles,
    style: RowStyle,
) -> Result<(), XlsxError> {
    let base = st.of(style);
    let number = |v: Decimal| -> std::borrow::Cow<'_, Format> {
        match st.numbers.get(style as usize) {
            Some(f) if v.normalize().scale() == 0 => std::borrow::Cow::Borrowed(f),
            _ => std::borrow::Cow::Owned(
                base.clone()
                    .set_num_format(number_format(v))
                    .set_align(FormatAlign::Right),
            ),
        }
    };
    match out {
        None => {
            ws.write_blank(row, col, base)?;
        }
        Some(Out::Text(s)) => {
            ws.write_string_with_format(row, col, &s, base)?;
        }
        Some(Out::Number(v)) => {
            ws.write_number_with_format(row, col, v.to_f64().unwrap_or(0.0), &number(v))?;
        }
        Some(Out::Formula(formula, v)) => {
            let f = number(v);
            let formula = Formula::new(formula).set_result(v.normalize().to_string());
            ws.write_formula_with_format(row, col, formula, &f)?;
        }
    }
    Ok(())
}

/// What an amount cell becomes: the SUM formula when it computes the value
/// the cell shows (saved with that value); otherwise the value as a number,
/// or the cell's text as it was — never a formula whose saved value is not
/// what it computes.
fn honest(
    formula: Option<(String, Decimal)>,
    shown: Option<Decimal>,
    values: &crate::model::Values,
    k: usize,
) -> Option<Out> {
    use crate::model::Reading;
    match (formula, shown) {
        (Some((f, sum)), Some(v)) if crate::check::agree(v, sum) => Some(Out::Formula(f, sum)),
        (Some((f, sum)), None) => Some(Out::Formula(f, sum)),
        (_, Some(v)) => Some(Out::Number(v)),
        (None, None) => match values[k].reading() {
            Reading::Dash => Some(Out::Text("-".into())),
            Reading::Malformed
            | Reading::Words
            | Reading::Error
            | Reading::Footnote
            | Reading::TooLarge => values.text(k).map(|t| Out::Text(t.to_string())),
            _ => None,
        },
    }
}

/// The amount each item's cells show: its own, or, where it has none, what
/// its children's add up to (its formula).
fn shown(table: &Table) -> Vec<Option<Decimal>> {
    let w = table.numeric.len();
    let mut v = vec![None; table.items.len() * w];
    for i in (0..table.items.len()).rev() {
        let item = &table.items[i];
        // A stray 0 in a heading states nothing: the heading stands for
        // the sum of its rows.
        let stray = table.is_stray_zero_heading(item);
        for k in 0..w {
            let typed = if stray { None } else { item.amount(k) };
            v[i * w + k] = typed.or_else(|| {
                if item.kind == ItemKind::Item && table.numeric_column(k).role.is_additive() {
                    crate::check::sum_some(
                        item.child_indices()
                            .filter(|&c| table.items[c].kind == ItemKind::Item)
                            .map(|c| v[c * w + k]),
                    )
                } else {
                    None
                }
            });
        }
    }
    v
}

/// The table's grand total, for a words line the input did not have
/// (`--words`): the last total row's amount in the period or amount
/// column, else what the top items add up to there — over the plan's
/// years when there is neither, never a reference year, the cumulative
/// allocations or revenue beside them.
fn grand_total(
    table: &Table,
    eff: &[Option<Decimal>],
    top: &[usize],
    period: Option<usize>,
) -> Option<Decimal> {
    let w = table.numeric.len();
    let meanings = crate::model::roles::meanings(table);
    let column =
        period.or_else(|| (0..w).find(|&k| meanings[k] == crate::model::roles::Meaning::Amount));
    let columns: Vec<usize> = column.map(|k| vec![k]).unwrap_or_else(|| {
        crate::model::roles::plan_years(table)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    });
    if let (Some(k), Some(last)) = (column, table.totals.last()) {
        if let Some(v) = last.amount(k) {
            return Some(v);
        }
    }
    if columns.len() == 1 {
        if let Some(v) = table.totals.last().and_then(|t| t.amount(columns[0])) {
            return Some(v);
        }
    }
    crate::check::sum_some(
        columns
            .iter()
            .flat_map(|&k| top.iter().map(move |&t| eff[t * w + k])),
    )
}
