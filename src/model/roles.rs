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
use crate::detect::{Role, Support};
use crate::text::{fold, starts_with_word};
use rust_decimal::Decimal;

/// What a numeric column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "meaning", content = "year")]
pub enum Meaning {
    /// A year of the plan: what is to be spent that year.
    PlanYear(u16),
    /// An earlier year's estimate or its expected outturn, beside the plan
    /// as a reference ("Dự toán năm 2025", "Ước thực hiện năm 2025").
    Reference(u16),
    /// Allocations or spending to date ("Lũy kế … đến hết năm 2025",
    /// "Lũy kế từ đầu năm", "Từ đầu dự án"): not a year, not an addend.
    Cumulative,
    /// One period's figure of the money a cumulative column runs over
    /// ("Thực hiện trong tháng", "Trong quý", "Kỳ này"): beside its
    /// cumulative, never added to it.
    Period,
    /// Revenue ("Dự toán thu"), not spending.
    Revenue,
    /// The period total of the plan's years.
    PeriodTotal,
    /// The table's single amount (Kinh phí, Thành tiền).
    Amount,
    /// A ratio of two other columns ("So sánh (%)", "Tỷ lệ").
    Percentage,
    /// A quantity, a price or a part of a line's cost.
    Other,
}

impl Meaning {
    /// What the meaning is called, in a language: "năm 2026 của kế hoạch",
    /// "lũy kế" …
    pub fn name(self, lang: crate::report::lang::Lang) -> String {
        use crate::report::lang::Lang::{En, Vi};
        match (self, lang) {
            (Meaning::PlanYear(y), Vi) => format!("năm {y} của kế hoạch"),
            (Meaning::PlanYear(y), En) => format!("plan year {y}"),
            (Meaning::Reference(y), Vi) => {
                format!("số năm {y} để so sánh, không phải năm của kế hoạch")
            }
            (Meaning::Reference(y), En) => format!("{y} for comparison, not a year of the plan"),
            (Meaning::Cumulative, Vi) => "lũy kế".into(),
            (Meaning::Cumulative, En) => "cumulative".into(),
            (Meaning::Period, Vi) => "số trong kỳ".into(),
            (Meaning::Period, En) => "this period's".into(),
            (Meaning::Revenue, Vi) => "số thu".into(),
            (Meaning::Revenue, En) => "revenue".into(),
            (Meaning::PeriodTotal, Vi) => "tổng giai đoạn".into(),
            (Meaning::PeriodTotal, En) => "period total".into(),
            (Meaning::Amount, Vi) => "kinh phí".into(),
            (Meaning::Amount, En) => "amount".into(),
            (Meaning::Percentage, Vi) => "tỷ lệ phần trăm".into(),
            (Meaning::Percentage, En) => "percentage".into(),
            (Meaning::Other, Vi) => "khác".into(),
            (Meaning::Other, En) => "other".into(),
        }
    }
}

/// The words that make a money column a running total: "Lũy kế", "Từ đầu
/// năm", "Từ đầu dự án", "Đến kỳ báo cáo".
const CUMULATIVE_WORDS: [&str; 10] = [
    "lũy kế",
    "luỹ kế",
    "lũy tiến",
    "luỹ tiến",
    "từ đầu năm",
    "từ đầu dự án",
    "từ khởi công",
    "từ đầu kỳ",
    "đến kỳ báo cáo",
    "đến nay",
];

/// The words of one period's figure beside its running total: "Trong
/// tháng", "Trong quý", "Kỳ này".
const PERIOD_WORDS: [&str; 8] = [
    "trong tháng",
    "trong quý",
    "trong kỳ",
    "kỳ này",
    "kỳ báo cáo",
    "tháng này",
    "quý này",
    "thực hiện tháng",
];

/// Whether a (folded) label names a running total.
pub fn is_cumulative_label(folded: &str) -> bool {
    CUMULATIVE_WORDS.iter().any(|w| folded.contains(w))
}

/// Whether a (folded) label names one period's figure of a running total.
pub fn is_period_label(folded: &str) -> bool {
    !is_cumulative_label(folded) && PERIOD_WORDS.iter().any(|w| folded.contains(w))
}

/// Whether a (folded) label is a percentage's: "So sánh (%)", "Tỷ lệ".
fn is_percentage_label(folded: &str) -> bool {
    folded.contains('%')
        || starts_with_word(folded, "so sánh")
        || starts_with_word(folded, "tỷ lệ")
        || starts_with_word(folded, "tỉ lệ")
        || folded.contains("/ so sánh")
        || folded.contains("/ tỷ lệ")
}

/// The meaning a column's label decides by itself, whatever its
/// neighbours: a running total, a period's figure, revenue, a ratio, an
/// outturn.
fn label_meaning(l: &str, role: Role) -> Option<Meaning> {
    if is_cumulative_label(l) {
        return Some(Meaning::Cumulative);
    }
    if is_period_label(l) {
        return Some(Meaning::Period);
    }
    if is_revenue(l) {
        return Some(Meaning::Revenue);
    }
    if is_percentage_label(l) {
        return Some(Meaning::Percentage);
    }
    let Role::Year(y) = role else {
        return None;
    };
    if l.contains("ước thực hiện")
        || l.contains("ước th")
        || l.contains("thực hiện năm")
        || l.contains("quyết toán")
        || l.contains("đã giao")
        || l.contains("đã bố trí")
    {
        return Some(Meaning::Reference(y));
    }
    None
}

/// A label without its group and its year: what kind of figure a year
/// column is ("dự toán năm", "năm", "kế hoạch năm").
fn stem(l: &str) -> String {
    let own = l.rsplit(" / ").next().unwrap_or(l);
    own.split(|c: char| c.is_ascii_digit() || c == '(' || c == ')')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The meaning of each column given its folded label and detected role;
/// `comparison`: the table has a comparison column ("So sánh (%)").
fn meanings_of(columns: &[(String, Role)], comparison: bool) -> Vec<Meaning> {
    let decided: Vec<Option<Meaning>> = columns
        .iter()
        .map(|(l, role)| label_meaning(l, *role))
        .collect();
    // The plan's years are the later ones: a "Dự toán năm 2025" beside a
    // "Dự toán năm 2026" is last year's estimate, the reference the plan
    // is compared with — a plan of several years lists them side by side
    // with no such word between them.
    let years: Vec<(usize, u16)> = (0..columns.len())
        .filter(|&k| decided[k].is_none())
        .filter_map(|k| match columns[k].1 {
            Role::Year(y) => Some((k, y)),
            _ => None,
        })
        .collect();
    let estimates: Vec<u16> = years
        .iter()
        .filter(|(k, _)| columns[*k].0.starts_with("dự toán") || columns[*k].0.contains("kế hoạch"))
        .map(|&(_, y)| y)
        .collect();
    let compared =
        estimates.len() == 2 && years.len() == 2 && estimates[0] != estimates[1] && comparison;
    let latest = estimates.iter().copied().max();
    // The earliest year, worded unlike the years after it ("Dự toán năm
    // 2025" before "Năm 2026 | Năm 2027", or before a single "Kế hoạch năm
    // 2026"), is the estimate the plan follows: a plan's years are worded
    // alike.
    let earlier = {
        let first = years.iter().min_by_key(|(_, y)| *y).copied();
        first.filter(|&(k, y)| {
            let others: Vec<&(usize, u16)> = years.iter().filter(|(o, _)| *o != k).collect();
            let s = stem(&columns[k].0);
            let worded = ["dự toán", "ước", "thực hiện", "quyết toán", "kế hoạch"]
                .iter()
                .any(|w| starts_with_word(&s, w));
            (others.len() >= 2 || worded)
                && !others.is_empty()
                && others.iter().all(|(_, oy)| *oy > y)
                && others.iter().all(|(o, _)| stem(&columns[*o].0) != s)
                && others
                    .windows(2)
                    .all(|w| stem(&columns[w[0].0].0) == stem(&columns[w[1].0].0))
        })
    };
    (0..columns.len())
        .map(|k| {
            if let Some(m) = decided[k] {
                return m;
            }
            match columns[k].1 {
                Role::Year(y) if compared && Some(y) != latest => Meaning::Reference(y),
                Role::Year(y) if earlier.is_some_and(|(e, _)| e == k) => Meaning::Reference(y),
                Role::Year(y) => Meaning::PlanYear(y),
                Role::PeriodTotal => Meaning::PeriodTotal,
                Role::Amount => Meaning::Amount,
                _ => Meaning::Other,
            }
        })
        .collect()
}

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

/// The meaning of each of a header's columns (detection's columns, before
/// the table is built): non-numeric columns are [`Meaning::Other`].
pub(crate) fn column_meanings(columns: &[crate::detect::Column]) -> Vec<Meaning> {
    let folded: Vec<(String, Role)> = columns.iter().map(|c| (fold(&c.label), c.role)).collect();
    let comparison = columns.iter().any(|c| is_comparison(&fold(&c.label)));
    let numeric: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].role.is_numeric())
        .collect();
    let picked: Vec<(String, Role)> = numeric.iter().map(|&i| folded[i].clone()).collect();
    let m = meanings_of(&picked, comparison);
    let mut out = vec![Meaning::Other; columns.len()];
    for (j, &i) in numeric.iter().enumerate() {
        out[i] = m[j];
    }
    out
}

/// A period group's member, by its own label (the group's left off): a
/// running total or one period's figure. Columns of two such kinds in one
/// group are periods of the same money, which add to nothing.
pub(crate) fn is_period_member(label: &str) -> bool {
    let own = fold(label.rsplit(" / ").next().unwrap_or(label));
    is_cumulative_label(&own) || is_period_label(&own)
}

/// "Dự toán thu", "Thu ngân sách", "Thu NSNN": revenue.
fn is_revenue(l: &str) -> bool {
    l.contains("dự toán thu")
        || l.starts_with("thu ")
        || l.contains("/ thu ")
        || l.contains("tổng thu")
        || l.contains("số thu")
}

/// A comparison column's label: "So sánh (%)", "Tỷ lệ", "Tăng/giảm".
fn is_comparison(l: &str) -> bool {
    l.contains("so sánh") || l.contains('%') || l.contains("tăng") || l.contains("giảm")
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
        let Some(sum) = crate::check::sum_some(parts.iter().map(|&k| item.amount(k))) else {
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
