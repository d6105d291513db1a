//! `phuluc reconcile`: tables that restate others — a summary per unit or
//! per section beside its detail, a province's summary per commune beside
//! the communes' workbooks — are found by their lines' names, and every
//! line is compared, year by year, with what the detail adds up to
//! ([`super::rollup`]). A disagreement is a `summary-mismatch` error naming
//! both sides; a line on one side only is a `summary-line-missing`
//! warning.
//!
//! A table is taken as a summary of another when at least two of its lines
//! and at least three in five name one of the other's groups (lead units,
//! sections; or communes, for the tables of the other files together).

use super::names::{key, Aliases};
use super::rollup::{rollup, By, Period, Rollup, RollupOptions};
use crate::check::{Code, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::roles::Meaning;
use crate::model::{Appendix, ItemKind, Table};
use rust_decimal::Decimal;

/// A summary found and what it restates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The summary: its file and table ("'Tổng hợp'!A3:D9").
    pub summary: (String, String),
    /// What it restates, in words ("'Chi tiết'!A3:H40 by lead unit", "3
    /// communes' workbooks").
    pub detail: String,
    /// The grouping that matched.
    pub by: By,
    /// The summary's columns compared, each (letter, header): its years
    /// of the plan and its period total, never a reference year beside
    /// them.
    pub columns: Vec<(String, String)>,
}

/// What `reconcile` found: the summaries and their findings.
#[derive(Debug, Clone, Default)]
pub struct Reconciled {
    /// Each summary and what it restates.
    pub matches: Vec<Match>,
    /// The findings, each with its file.
    pub findings: Vec<Finding>,
}

/// A candidate detail: the rollup, and how to name it.
struct Candidate {
    rollup: Rollup,
    detail: String,
    by: By,
}

/// Finds the summaries among `appendices` and compares them with their
/// detail.
pub fn reconcile(appendices: &[Appendix], aliases: &Aliases) -> Reconciled {
    let mut out = Reconciled::default();
    for (ai, appendix) in appendices.iter().enumerate() {
        for (ti, table) in appendix.tables.iter().enumerate() {
            if !table.has_money {
                continue;
            }
            let lines = summary_lines(table);
            if lines.len() < 2 {
                continue;
            }
            let Some(periods) = summary_periods(table) else {
                continue;
            };
            // A yearly allocation table ("Kế hoạch năm 2026") restates a
            // plan's period table line by line, lead units and all.
            let one_year = single_year(table, &periods);
            // Otherwise a table that gives its rows lead units is a plan,
            // not a summary of one.
            let plan = is_plan(table);
            if plan && one_year.is_none() {
                continue;
            }
            let periods = match one_year {
                Some(y) => periods
                    .into_iter()
                    .map(|(p, k)| {
                        (
                            if p == Period::Total {
                                Period::Year(y)
                            } else {
                                p
                            },
                            k,
                        )
                    })
                    .collect(),
                None => periods,
            };
            let options = |by: By| RollupOptions {
                unit: table.money_unit(),
                aliases: aliases.clone(),
                ..RollupOptions::new(by)
            };
            let mut candidates: Vec<Candidate> = Vec::new();
            // Detail in the same file, or any other, table by table.
            for (aj, other) in appendices.iter().enumerate() {
                for (tj, detail) in other.tables.iter().enumerate() {
                    // A detail whose amount columns are not years, and more
                    // than one, says no one amount per line either.
                    if (aj, tj) == (ai, ti)
                        || !detail.has_money
                        || summary_periods(detail).is_none()
                    {
                        continue;
                    }
                    let one = Appendix {
                        path: other.path.clone(),
                        format: other.format,
                        tables: vec![detail.clone()],
                        sheets_without_table: Vec::new(),
                        unchecked_sheets: Vec::new(),
                    };
                    // Per section only of a detail with rows under its
                    // sections: a flat table is no detail of another.
                    let deeper = detail
                        .items
                        .iter()
                        .any(|i| i.parent_index().is_none() && !i.children.is_empty());
                    for by in [By::Lead, By::Section, By::Item] {
                        if by == By::Section && !deeper {
                            continue;
                        }
                        // Line by line only for a yearly table, against a
                        // table of several years.
                        let years = detail
                            .columns
                            .iter()
                            .filter(|c| matches!(c.role, Role::Year(_)))
                            .count();
                        if by == By::Item && (one_year.is_none() || years < 2) {
                            continue;
                        }
                        if by != By::Item && plan {
                            continue;
                        }
                        if let Ok(r) = rollup(std::slice::from_ref(&one), &options(by)) {
                            candidates.push(Candidate {
                                rollup: r,
                                detail: format!(
                                    "{}: '{}'!{}",
                                    other.path, detail.sheet, detail.range
                                ),
                                by,
                            });
                        }
                    }
                }
            }
            // The other files together, per commune — only for a summary
            // whose lines name communes ("Xã An Bình"), so that a folder of
            // a thousand plans is not rolled up once per table.
            let communes = lines
                .iter()
                .filter(|(_, name)| {
                    let f = crate::text::fold(name);
                    ["xã ", "phường ", "thị trấn ", "đặc khu "]
                        .iter()
                        .any(|k| f.starts_with(k))
                })
                .count();
            let others: Vec<Appendix> = if communes >= 2 {
                appendices
                    .iter()
                    .enumerate()
                    .filter(|(aj, _)| *aj != ai)
                    .map(|(_, a)| a.clone())
                    .collect()
            } else {
                Vec::new()
            };
            if others.len() >= 2 {
                if let Ok(r) = rollup(&others, &options(By::Commune)) {
                    candidates.push(Candidate {
                        rollup: r,
                        detail: format!("{} tệp / files", others.len()),
                        by: By::Commune,
                    });
                }
            }
            // Most lines of the summary name a group, most groups have a
            // line, and a year (or the period) is on both sides.
            let best = candidates
                .into_iter()
                .map(|c| (matched(&lines, &c.rollup, aliases), c))
                .filter(|(n, c)| {
                    let groups = c.rollup.groups.len();
                    *n >= 2
                        && *n * 5 >= lines.len() * 3
                        && *n * 2 > groups
                        && periods.iter().any(|(p, _)| c.rollup.periods.contains(p))
                })
                .max_by_key(|(n, c)| (*n, c.by == By::Commune));
            let Some((_, c)) = best else { continue };
            compare(
                appendix,
                table,
                &lines,
                &periods,
                &c,
                aliases,
                &mut out.findings,
            );
            let columns = periods
                .iter()
                .map(|&(_, k)| {
                    (
                        crate::read::column_letters(table.numeric_column(k).col),
                        table.numeric_column(k).label.clone(),
                    )
                })
                .collect();
            out.matches.push(Match {
                summary: (
                    appendix.path.clone(),
                    format!("'{}'!{}", table.sheet, table.range),
                ),
                detail: c.detail,
                by: c.by,
                columns,
            });
        }
    }
    out
}

/// Whether a table is a plan: its rows are tasks each with a lead unit. A
/// summary per unit whose key column is headed "Đơn vị chủ trì" names the
/// unit in its only text column — the line's name and its "lead" are the
/// same cell — and is no plan.
fn is_plan(table: &Table) -> bool {
    let content = table.columns.iter().any(|c| c.role == Role::Content);
    content
        && table
            .items
            .iter()
            .any(|i| !i.lead.trim().is_empty() && i.lead.trim() != i.content.trim())
}

/// The tables of one file that are summaries of another of its tables,
/// with what they restate ("'Chi tiết'!A5:F12 by lead unit"): their
/// lines name the other's groups and state their amounts. A rollup counts
/// the detail only; adding a summary beside it counts every group twice.
pub fn summaries_in(appendix: &Appendix, aliases: &Aliases) -> Vec<(usize, String)> {
    let money = appendix.tables.iter().filter(|t| t.has_money).count();
    // A summary has a line per group: a table of thousands of lines is a
    // detail, and a file without a small table is not rolled up twice
    // to find out.
    let candidate = appendix.tables.iter().any(|t| {
        t.has_money
            && t.items.len() <= MAX_SUMMARY_LINES
            && summary_lines(t).len() >= 2
            && summary_periods(t).is_some()
    });
    if money < 2 || !candidate {
        return Vec::new();
    }
    let found = reconcile(std::slice::from_ref(appendix), aliases);
    found
        .matches
        .iter()
        .filter_map(|m| {
            let i = appendix
                .tables
                .iter()
                .position(|t| format!("'{}'!{}", t.sheet, t.range) == m.summary.1)?;
            Some((i, m.detail.clone()))
        })
        .collect()
}

/// The most lines a table taken for a summary inside a file has.
const MAX_SUMMARY_LINES: usize = 2_000;

/// A summary's lines: (item index, name key).
fn summary_lines(table: &Table) -> Vec<(usize, String)> {
    table
        .items
        .iter()
        .enumerate()
        // Lines, not sections: a summary's rows carry their own amounts.
        .filter(|(_, i)| {
            i.kind == ItemKind::Item
                && i.parent_index().is_none()
                && i.children.is_empty()
                && i.values.iter().any(|v| v.amount().is_some())
        })
        .map(|(n, i)| (n, i.content.to_string()))
        .filter(|(_, c)| !c.trim().is_empty())
        .collect()
}

/// The key a name is matched by: the alias list's name, else the name;
/// a section's "I. " numbering left out.
fn match_key(name: &str, aliases: &Aliases) -> String {
    let name = aliases.canonical(name).unwrap_or(name);
    let k = key(name);
    match k.split_once(". ") {
        Some((stt, rest)) if crate::stt::parse(&stt.to_uppercase()).is_some() => rest.to_string(),
        _ => k,
    }
}

/// Whether a summary line's key names a detail group's: the same name,
/// or a budget code ("6000", a summary keyed by its Mục column) that the
/// group's name carries as a word ("Mục 6000 - Tiền lương").
fn same_group(line: &str, group: &str) -> bool {
    line == group
        || (3..=4).contains(&line.len())
            && line.bytes().all(|b| b.is_ascii_digit())
            && group
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == line)
}

fn matched(lines: &[(usize, String)], r: &Rollup, aliases: &Aliases) -> usize {
    lines
        .iter()
        .filter(|(_, name)| {
            let k = match_key(name, aliases);
            r.groups
                .iter()
                .any(|g| same_group(&k, &match_key(&g.name, aliases)))
        })
        .count()
}

/// The one year a table is about: its only year column, or — with a
/// single amount column — the one year its title names ("KẾ HOẠCH NĂM
/// 2026").
fn single_year(table: &Table, periods: &[(Period, usize)]) -> Option<u16> {
    let years: Vec<u16> = periods
        .iter()
        .filter_map(|(p, _)| match p {
            Period::Year(y) => Some(*y),
            Period::Total => None,
        })
        .collect();
    match years.as_slice() {
        [y] => return Some(*y),
        [] => {}
        _ => return None,
    }
    let mut named: Vec<u16> = Vec::new();
    for line in &table.title {
        let f = crate::text::fold(line);
        let mut rest = f.as_str();
        while let Some(at) = rest.find("năm ") {
            let after = &rest[at + "năm ".len()..];
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(y @ 2000..=2100) = digits.parse::<u16>() {
                let follows = after[digits.len()..].chars().next();
                // "giai đoạn 2026-2030" names a period, not a year.
                if !matches!(follows, Some('-' | '–')) && !named.contains(&y) {
                    named.push(y);
                }
            }
            rest = after;
        }
    }
    match named.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// A summary's amount columns by period: its years (and period total), or
/// its one amount column. `None` when it has several amount columns that
/// are no years ("Tổng số", "NSTW", "NSĐP"): what each restates is not
/// known.
fn summary_periods(table: &Table) -> Option<Vec<(Period, usize)>> {
    // The plan's years (`model::roles`): an earlier year's estimate,
    // cumulative allocations and revenue beside them are not compared.
    let meanings = crate::model::roles::meanings(table);
    let years: Vec<(Period, usize)> = crate::model::roles::plan_years(table)
        .into_iter()
        .map(|(k, y)| (Period::Year(y), k))
        .collect();
    let others: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| matches!(meanings[k], Meaning::PeriodTotal | Meaning::Amount))
        .collect();
    match (years.is_empty(), others.as_slice()) {
        (true, [k]) => Some(vec![(Period::Total, *k)]),
        (true, _) => None,
        (false, []) => Some(years),
        (false, [k]) if meanings[*k] == Meaning::PeriodTotal => {
            Some(years.into_iter().chain([(Period::Total, *k)]).collect())
        }
        (false, _) => None,
    }
}

fn compare(
    appendix: &Appendix,
    table: &Table,
    lines: &[(usize, String)],
    columns: &[(Period, usize)],
    c: &Candidate,
    aliases: &Aliases,
    out: &mut Vec<Finding>,
) {
    let content_col = table
        .columns
        .iter()
        .find(|col| col.role == Role::Content)
        .map_or(table.bounds.1, |col| col.col);
    let mut seen: Vec<String> = Vec::new();
    for (i, name) in lines {
        let item = &table.items[*i];
        let k = match_key(name, aliases);
        let Some(group) = c
            .rollup
            .groups
            .iter()
            .find(|g| same_group(&k, &match_key(&g.name, aliases)))
        else {
            let mut f = Finding::at(
                Code::SummaryLineMissing,
                Severity::Warning,
                table,
                item.row,
                content_col,
                Detail::SummaryLine {
                    line: name.clone(),
                    period: None,
                    other: c.detail.clone(),
                    in_summary: true,
                },
            );
            f.file.clone_from(&appendix.path);
            out.push(f);
            continue;
        };
        seen.push(match_key(&group.name, aliases));
        let first_of_line = out.len();
        for &(p, col) in columns {
            let (Some(found), Some(expected)) = (item.amount(col), group.amounts.get(p)) else {
                continue;
            };
            if crate::check::agree(found, expected) {
                continue;
            }
            let period = match p {
                Period::Year(y) => y.to_string(),
                Period::Total => "Tổng".into(),
            };
            let mut f = Finding {
                expected: Some(expected.normalize().to_string()),
                found: Some(found.normalize().to_string()),
                difference: found.checked_sub(expected).map(|d| d.normalize()),
                related: vec![c.detail.clone()],
                ..Finding::at(
                    Code::SummaryMismatch,
                    Severity::Error,
                    table,
                    item.row,
                    table.numeric_column(col).col,
                    Detail::SummaryLine {
                        line: name.clone(),
                        period: Some(period),
                        other: c.detail.clone(),
                        in_summary: true,
                    },
                )
            };
            f.file.clone_from(&appendix.path);
            out.push(f);
        }
        let mut line = out.split_off(first_of_line);
        one_cause_per_line(table, item, columns, &mut line);
        out.append(&mut line);
    }
    for g in &c.rollup.groups {
        if g.amounts.total() == Decimal::ZERO || seen.contains(&match_key(&g.name, aliases)) {
            continue;
        }
        let mut f = Finding::at(
            Code::SummaryLineMissing,
            Severity::Warning,
            table,
            table.bounds.0,
            content_col,
            Detail::SummaryLine {
                line: g.name.clone(),
                period: None,
                other: c.detail.clone(),
                in_summary: false,
            },
        );
        f.file.clone_from(&appendix.path);
        out.push(f);
    }
}

/// A line's period total that is off only because its years are — the
/// line adds up, and the total is off by what its years are off by — is
/// no second error: its cell becomes a related cell of the year findings.
fn one_cause_per_line(
    table: &Table,
    item: &crate::model::Item,
    columns: &[(Period, usize)],
    line: &mut Vec<Finding>,
) {
    let Some(&(_, total_col)) = columns.iter().find(|(p, _)| *p == Period::Total) else {
        return;
    };
    let total_cell = table.cell(item.row, total_col);
    let Some(at) = line.iter().position(|f| f.cell == total_cell) else {
        return;
    };
    let years: Vec<usize> = (0..line.len()).filter(|&i| i != at).collect();
    if years.is_empty() {
        return;
    }
    // The line adds up as typed: its total is the sum of its years.
    let year_cols: Vec<usize> = columns
        .iter()
        .filter(|(p, _)| matches!(p, Period::Year(_)))
        .map(|&(_, k)| k)
        .collect();
    let added = crate::check::sum_some(year_cols.iter().map(|&k| item.amount(k)));
    let (Some(added), Some(total)) = (added, item.amount(total_col)) else {
        return;
    };
    if !crate::check::agree(added, total) {
        return;
    }
    let off: Option<Decimal> = years.iter().try_fold(Decimal::ZERO, |acc, &i| {
        acc.checked_add(line[i].difference?)
    });
    if off
        .zip(line[at].difference)
        .is_none_or(|(a, b)| !crate::check::agree(a, b))
    {
        return;
    }
    for &i in &years {
        line[i].related.push(total_cell.clone());
    }
    line.remove(at);
}
