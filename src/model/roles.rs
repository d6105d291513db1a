//! What a table's columns mean, decided from their header and confirmed by
//! their data, for the consumers that must take the right ones: `rollup`,
//! `reconcile` and the province report add only the years of the plan;
//! `format` writes a percentage as a percentage.
//!
//! Detection gives a column a [`Role`] from its label alone: "Dự toán năm
//! 2025" and "Lũy kế vốn đã bố trí đến hết năm 2025" both end in a year and
//! read `Year(2025)`. A comparison table ("Dự toán năm 2025 | Dự toán năm
//! 2026 | So sánh (%)") has one year of the plan, the year before it as a
//! reference, and a ratio of the two; adding its years together, or
//! counting the cumulative allocations as a year's spending, states a
//! figure the input never did. [`meanings`] tells them apart.

use super::{ItemKind, Table};
use crate::detect::meanings::{is_comparison, is_percentage_label, meanings_of};
pub use crate::detect::meanings::{is_cumulative_label, is_period_label, Meaning};
use crate::detect::{Role, Support};
use crate::text::fold;
use rust_decimal::Decimal;

/// The meaning of every numeric column of `table`, in the order of
/// [`Table::numeric`], from the headers and, where a period total states
/// what the years add to, the rows: a year the total leaves out is a
/// reference, not a year of the plan.
pub fn meanings(table: &Table) -> Vec<Meaning> {
    let columns: Vec<(String, Role)> = (0..table.numeric.len())
        .map(|k| {
            let c = table.numeric_column(k);
            (fold(&c.label), c.role)
        })
        .collect();
    let mut m = meanings_of(&columns, has_comparison(table));
    // The rows say which years the period total adds: when the earliest
    // year is what keeps it from adding, that year is a reference.
    let years: Vec<usize> = (0..m.len())
        .filter(|&k| matches!(m[k], Meaning::PlanYear(_)))
        .collect();
    if let (Some(total), true) = (
        (0..m.len()).find(|&k| m[k] == Meaning::PeriodTotal),
        years.len() >= 2,
    ) {
        if let Some(&first) = years.iter().min_by_key(|&&k| match m[k] {
            Meaning::PlanYear(y) => y,
            _ => 0,
        }) {
            let all = sum_support(table, total, &years);
            let rest: Vec<usize> = years.iter().copied().filter(|&k| k != first).collect();
            let without = sum_support(table, total, &rest);
            if !held_by_most(all) && held_by_most(without) && without.tested >= MIN_TESTED {
                if let Meaning::PlanYear(y) = m[first] {
                    m[first] = Meaning::Reference(y);
                }
            }
        }
    }
    m
}

/// Whether the table has a comparison column ("So sánh (%)", "Tỷ lệ",
/// "Tăng/giảm") that marks two of its years as compared, not added.
fn has_comparison(table: &Table) -> bool {
    table.columns.iter().any(|c| is_comparison(&fold(&c.label)))
}

/// The numeric columns whose meaning is a year of the plan, with the year.
pub fn plan_years(table: &Table) -> Vec<(usize, u16)> {
    meanings(table)
        .iter()
        .enumerate()
        .filter_map(|(k, m)| match m {
            Meaning::PlanYear(y) => Some((k, *y)),
            _ => None,
        })
        .collect()
}

/// Rows a column's meaning must be tested on before the rows may refute
/// it (as for relations: a wrong cell or two is that cell's mistake).
const MIN_TESTED: u32 = 3;

/// Whether most of the rows tested bear it out.
fn held_by_most(s: Support) -> bool {
    s.tested > 0 && s.held * 2 > s.tested
}

/// How far the data bear out what a column's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confirmation {
    /// Most rows bear it out.
    Confirmed,
    /// Nothing on the rows can test it (no period total beside the years,
    /// no period figure beside a running total), or too few rows do.
    Untested,
    /// Most rows refute it: the header is reported, not obeyed.
    Unconfirmed,
}

impl Confirmation {
    fn of(s: Support) -> Confirmation {
        if s.tested >= MIN_TESTED {
            if held_by_most(s) {
                Confirmation::Confirmed
            } else {
                Confirmation::Unconfirmed
            }
        } else if s.tested > 0 && s.held == s.tested {
            Confirmation::Confirmed
        } else {
            Confirmation::Untested
        }
    }
}

/// A column's meaning, and how far the rows bear it out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnRole {
    /// Absolute 0-based column.
    pub col: u32,
    /// Its letter ("E").
    pub letter: String,
    /// The header as typed, group first ("Thực hiện / Trong tháng").
    pub label: String,
    /// Index into [`Table::numeric`]; `None` for a percentage typed among
    /// the text columns.
    pub numeric: Option<usize>,
    /// What the header says it holds.
    #[serde(flatten)]
    pub meaning: Meaning,
    /// Whether the rows bear it out.
    pub confirmation: Confirmation,
    /// The rows that bear it out, of those that could test it.
    pub support: Support,
}

/// Every money column of `table` and every percentage column, with what
/// it means and whether its rows bear that out:
///
/// - a running total ("Lũy kế từ đầu năm") is at least its period's figure
///   ("Trong tháng") on most rows where both are non-negative — and that
///   period's figure is confirmed by the same rows;
/// - the years of the plan and the period total: the total is their sum on
///   most rows;
/// - a percentage is the ratio of two money columns of its row on most rows
///   (within rounding).
///
/// Anything nothing on the rows can test is [`Confirmation::Untested`]:
/// read from its header alone.
pub fn column_roles(table: &Table) -> Vec<ColumnRole> {
    let m = meanings(table);
    let mut support = vec![Support::default(); m.len()];
    let periods: Vec<usize> = (0..m.len()).filter(|&k| m[k] == Meaning::Period).collect();
    for k in (0..m.len()).filter(|&k| m[k] == Meaning::Cumulative) {
        let col = table.numeric_column(k).col;
        // Its period: the nearest period figure to its left, else any.
        let Some(&p) = periods
            .iter()
            .rev()
            .find(|&&p| table.numeric_column(p).col < col)
            .or_else(|| periods.first())
        else {
            continue;
        };
        let s = running_support(table, k, p);
        support[k] = s;
        let q = &mut support[p];
        q.held += s.held;
        q.tested += s.tested;
    }
    let years: Vec<usize> = (0..m.len())
        .filter(|&k| matches!(m[k], Meaning::PlanYear(_)))
        .collect();
    if let Some(total) = (0..m.len()).find(|&k| m[k] == Meaning::PeriodTotal) {
        if !years.is_empty() {
            let s = sum_support(table, total, &years);
            for k in years.iter().copied().chain([total]) {
                support[k] = s;
            }
        }
    }
    let mut out: Vec<ColumnRole> = (0..m.len())
        .filter(|&k| {
            let role = table.numeric_column(k).role;
            role.is_additive() || m[k] == Meaning::Percentage
        })
        .filter(|&k| {
            !matches!(
                table.numeric_column(k).role,
                Role::AmountMaterial | Role::AmountLabour | Role::AmountMachine
            )
        })
        .map(|k| {
            let c = table.numeric_column(k);
            let s = if m[k] == Meaning::Percentage {
                percent_counts(table, Some(k), None).support()
            } else {
                support[k]
            };
            ColumnRole {
                col: c.col,
                letter: crate::read::column_letters(c.col),
                label: c.label.clone(),
                numeric: Some(k),
                meaning: m[k],
                confirmation: Confirmation::of(s),
                support: s,
            }
        })
        .collect();
    for (i, &c) in table.text_columns.iter().enumerate() {
        let Some(col) = table.columns.get(c) else {
            continue;
        };
        if !is_percentage_label(&fold(&col.label)) {
            continue;
        }
        let s = percent_counts(table, None, Some(i)).support();
        out.push(ColumnRole {
            col: col.col,
            letter: crate::read::column_letters(col.col),
            label: col.label.clone(),
            numeric: None,
            meaning: Meaning::Percentage,
            confirmation: Confirmation::of(s),
            support: s,
        });
    }
    out.sort_by_key(|r| r.col);
    out
}

/// The rows a table's meanings are tested on: its items and totals.
fn rows(table: &Table) -> impl Iterator<Item = &super::Item> {
    table
        .items
        .iter()
        .chain(&table.totals)
        .filter(|item| matches!(item.kind, ItemKind::Item | ItemKind::Total))
        .take(SAMPLE_ROWS)
}

/// How far column `whole` is the sum of `parts` on the rows.
fn sum_support(table: &Table, whole: usize, parts: &[usize]) -> Support {
    let mut s = Support::default();
    for item in rows(table) {
        let Some(w) = item.amount(whole) else {
            continue;
        };
        let Some(sum) = crate::number::sum_some(parts.iter().map(|&k| item.amount(k))) else {
            continue;
        };
        if w.is_zero() && sum.is_zero() {
            continue;
        }
        s.tested += 1;
        s.held += u32::from(crate::number::agree(w, sum));
    }
    s
}

/// How far running total `cumulative` is at least period figure `period`
/// on the rows where both are non-negative.
fn running_support(table: &Table, cumulative: usize, period: usize) -> Support {
    let mut s = Support::default();
    for item in rows(table) {
        let (Some(c), Some(p)) = (item.amount(cumulative), item.amount(period)) else {
            continue;
        };
        if c.is_sign_negative() || p.is_sign_negative() || c.is_zero() && p.is_zero() {
            continue;
        }
        s.tested += 1;
        s.held += u32::from(c >= p || crate::number::agree(c, p));
    }
    s
}

/// The numeric columns a consumer of the plan takes from a table: the
/// years of the plan (a table of outturns alone: its years), the period
/// total (or, without years, the table's one amount), and the
/// funding-source parts that break them down; and
/// every other money column, left out (a reference year, a running total,
/// a period's figure, revenue, a percentage). Indices into
/// [`Table::numeric`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanColumns {
    /// The years of the plan, with the year.
    pub years: Vec<(usize, u16)>,
    /// The period total beside the years, or the single amount of a table
    /// without years.
    pub total: Option<usize>,
    /// Parts of the years or the total (funding sources under "Nguồn
    /// vốn", "Chia ra", "Trong đó", or a legend's parts).
    pub parts: Vec<usize>,
    /// The money columns not taken, with what they mean.
    pub left: Vec<(usize, Meaning)>,
}

/// The columns of `table` that carry the plan ([`PlanColumns`]); `Err`
/// with the money columns that cannot be told apart (several amounts, no
/// year, none the whole of the others or headed as a total): reported by
/// the consumer, never guessed.
pub fn plan_columns(table: &Table) -> Result<PlanColumns, Vec<usize>> {
    let m = meanings(table);
    let mut years: Vec<(usize, u16)> = (0..m.len())
        .filter_map(|k| match m[k] {
            Meaning::PlanYear(y) => Some((k, y)),
            _ => None,
        })
        .collect();
    // A table of outturns alone ("Quyết toán năm 2011", no plan beside
    // it): its years are its own.
    if years.is_empty() {
        years = (0..m.len())
            .filter_map(|k| match m[k] {
                Meaning::Reference(y) => Some((k, y)),
                _ => None,
            })
            .collect();
    }
    let is_part = |k: usize| {
        let column = table.numeric_column(k);
        matches!(m[k], Meaning::Amount | Meaning::PeriodTotal)
            && table
                .relations
                .iter()
                .any(|r| r.parts.iter().any(|&(c, _)| c == column.col))
    };
    // The period total; else the one amount that is no part of another
    // (beside years: "Tổng kinh phí | Năm 2026 | Năm 2027").
    let whole: Vec<Meaning> = (0..m.len())
        .map(|k| match m[k] {
            _ if is_part(k) => Meaning::Other,
            Meaning::PeriodTotal => Meaning::Amount,
            x => x,
        })
        .collect();
    let total = match (0..m.len()).find(|&k| m[k] == Meaning::PeriodTotal && !is_part(k)) {
        Some(k) => Some(k),
        None if years.is_empty() => the_amount(table, &whole)?,
        None => the_amount(table, &whole).ok().flatten(),
    };
    let parts: Vec<usize> = (0..m.len())
        .filter(|&k| is_part(k) && Some(k) != total)
        .collect();
    let taken =
        |k: usize| years.iter().any(|(y, _)| *y == k) || Some(k) == total || parts.contains(&k);
    let left = (0..m.len())
        .filter(|&k| !taken(k))
        .filter(|&k| {
            let role = table.numeric_column(k).role;
            role.is_additive()
                && !matches!(
                    role,
                    Role::AmountMaterial | Role::AmountLabour | Role::AmountMachine
                )
        })
        .map(|k| (k, m[k]))
        .collect();
    Ok(PlanColumns {
        years,
        total,
        parts,
        left,
    })
}

/// The table's one amount column, when it has no years: the only one, or
/// the whole that the others break down ("Tổng số" over "NSTW", "NSĐP"),
/// or the one headed as a total. `Err` with the columns when several
/// cannot be told apart.
fn the_amount(table: &Table, meanings: &[Meaning]) -> Result<Option<usize>, Vec<usize>> {
    let amounts: Vec<usize> = (0..meanings.len())
        .filter(|&k| meanings[k] == Meaning::Amount)
        .collect();
    match amounts.as_slice() {
        [] => Ok(None),
        [k] => Ok(Some(*k)),
        several => {
            let col = |k: usize| table.numeric_column(k).col;
            let whole = several.iter().copied().find(|&k| {
                table.relations.iter().any(|r| {
                    r.whole == col(k)
                        && r.parts
                            .iter()
                            .any(|(p, _)| several.iter().any(|&o| col(o) == *p))
                })
            });
            let headed = || {
                several.iter().copied().find(|&k| {
                    let l = fold(&table.numeric_column(k).label);
                    l.starts_with("tổng") || l.starts_with("cộng") || l.contains("/ tổng")
                })
            };
            whole
                .or_else(headed)
                .map(Some)
                .ok_or_else(|| several.to_vec())
        }
    }
}

/// How many rows a column's meaning is tested on: the first few hundred
/// bear it out or not.
const SAMPLE_ROWS: usize = 300;

/// How a percentage column states its ratios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentScale {
    /// 107,6 for a ratio of 1,076 ("So sánh (%)" holding 107.6).
    Hundred,
    /// 1,076 shown as 107,6% by its number format.
    Fraction,
}

/// A percentage column among the text columns (`index` into
/// [`Table::text_columns`]), confirmed by its data: its header says so ("%",
/// "So sánh", "Tỷ lệ") and, on its rows, it holds the ratio of two money
/// columns of the same row — in hundreds or as a fraction. `None` for a
/// column that is no percentage, or whose figures are no such ratio.
pub fn percent_scale(table: &Table, index: usize) -> Option<PercentScale> {
    let col = table.columns.get(*table.text_columns.get(index)?)?;
    if !is_percentage_label(&fold(&col.label)) {
        return None;
    }
    let counts = percent_counts(table, None, Some(index));
    // Most rows bear it out; a row or two typed by hand may not.
    let confirmed = counts.hundred + counts.fraction;
    if confirmed == 0 || counts.other > confirmed {
        return None;
    }
    Some(if counts.fraction > counts.hundred {
        PercentScale::Fraction
    } else {
        PercentScale::Hundred
    })
}

/// How a percentage column's figures compare with the ratios of the money
/// columns of their rows.
#[derive(Debug, Clone, Copy, Default)]
struct PercentCounts {
    /// Rows holding a ratio in hundreds (107,6).
    hundred: u32,
    /// Rows holding a ratio as a fraction (1,076).
    fraction: u32,
    /// Rows holding a figure that is no ratio of two money columns.
    other: u32,
}

impl PercentCounts {
    fn support(self) -> Support {
        Support {
            held: self.hundred + self.fraction,
            tested: self.hundred + self.fraction + self.other,
        }
    }
}

/// [`PercentCounts`] of a percentage column: numeric column `numeric`, or
/// text column `text` (an index into [`Table::text_columns`]).
fn percent_counts(table: &Table, numeric: Option<usize>, text: Option<usize>) -> PercentCounts {
    let money: Vec<usize> = (0..table.numeric.len())
        .filter(|&k| Some(k) != numeric && table.numeric_column(k).role.is_additive())
        .collect();
    let mut counts = PercentCounts::default();
    // The first few hundred figures bear it out or not: a long table is
    // not divided column by column on every row.
    let figures = rows(table).filter_map(|item| {
        let v = match (numeric, text) {
            (Some(k), _) => item.amount(k)?,
            (None, Some(i)) => plain_number(item.texts.get(i)?)?,
            (None, None) => return None,
        };
        Some((item, v))
    });
    for (item, v) in figures {
        let ratios: Vec<Decimal> = money
            .iter()
            .flat_map(|&a| money.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a != b)
            .filter_map(|(a, b)| item.amount(a)?.checked_div(item.amount(b)?))
            .collect();
        let near = |target: Decimal, tolerance: Decimal| {
            ratios.iter().any(|r| {
                r.checked_mul(target)
                    .and_then(|x| x.checked_sub(v))
                    .is_some_and(|d| d.abs() <= tolerance)
            })
        };
        if near(Decimal::ONE_HUNDRED, Decimal::new(51, 2)) {
            counts.hundred += 1;
        } else if near(Decimal::ONE, Decimal::new(51, 4)) {
            counts.fraction += 1;
        } else {
            counts.other += 1;
        }
    }
    counts
}

/// A number as a number cell's text reads ("107.6", "-5", "0.25"): digits
/// with at most one dot. Text typed with grouping is not one.
pub fn plain_number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let mut parts = digits.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some()
        || int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::meanings::is_period_member;

    /// The meanings of labels typed one after another, with their roles as
    /// detection reads them.
    fn read(labels: &[&str]) -> Vec<Meaning> {
        let columns: Vec<(String, Role)> = labels
            .iter()
            .map(|l| {
                let (group, own) = l.rsplit_once(" / ").unwrap_or(("", l));
                (fold(l), crate::detect::classify(own, group))
            })
            .collect();
        let comparison = labels.iter().any(|l| is_comparison(&fold(l)));
        meanings_of(&columns, comparison)
    }

    #[test]
    fn last_years_estimate_is_no_year_of_the_plan() {
        use Meaning::*;
        assert_eq!(
            read(&["Dự toán năm 2025", "Năm 2026", "Năm 2027"]),
            [Reference(2025), PlanYear(2026), PlanYear(2027)]
        );
        assert_eq!(
            read(&["Ước thực hiện năm 2025", "Kế hoạch năm 2026"]),
            [Reference(2025), PlanYear(2026)]
        );
        assert_eq!(
            read(&["Dự toán năm 2025", "Kế hoạch năm 2026"]),
            [Reference(2025), PlanYear(2026)]
        );
        // A plan's years worded a little apart stay the plan's.
        assert_eq!(
            read(&["Năm 2026", "Dự kiến năm 2027"]),
            [PlanYear(2026), PlanYear(2027)]
        );
        // Two estimates: compared only beside a comparison column.
        assert_eq!(
            read(&["Dự toán năm 2025", "Dự toán năm 2026"]),
            [PlanYear(2025), PlanYear(2026)]
        );
        assert_eq!(
            read(&["Dự toán năm 2025", "Dự toán năm 2026", "So sánh (%)"])[..2],
            [Reference(2025), PlanYear(2026)]
        );
    }

    #[test]
    fn running_totals_periods_revenue_and_ratios() {
        use Meaning::*;
        assert_eq!(
            read(&[
                "Thực hiện trong tháng",
                "Lũy kế từ đầu năm",
                "Từ đầu dự án",
                "Luỹ kế đến kỳ báo cáo",
                "Lũy kế vốn đã bố trí đến hết năm 2025",
                "Kết quả giải ngân / Kỳ này",
                "Dự toán thu năm 2026",
                "So sánh 2026/2025 (%)",
                "Năm 2026",
            ]),
            [
                Period,
                Cumulative,
                Cumulative,
                Cumulative,
                Cumulative,
                Period,
                Revenue,
                Percentage,
                PlanYear(2026)
            ]
        );
    }

    #[test]
    fn members_of_a_period_group_by_their_own_label() {
        assert!(is_period_member("Thực hiện / Trong tháng"));
        assert!(is_period_member("Lũy kế từ đầu năm"));
        // A running total's funding sources do add up.
        assert!(!is_period_member("Lũy kế từ đầu năm / NSTW"));
        assert!(!is_period_member("Năm 2026"));
    }
}
