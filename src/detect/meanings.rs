//! What a money column's label says it holds — a year of the plan, an
//! earlier year for comparison, a running total, one period's figure,
//! revenue, a ratio — by its words and its neighbours' (the model's
//! `roles.rs` confirms them with the rows).

use super::Role;
use crate::text::{fold, starts_with_word};

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
    pub fn name(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
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
pub(crate) fn is_percentage_label(folded: &str) -> bool {
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
pub(crate) fn label_meaning(l: &str, role: Role) -> Option<Meaning> {
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
pub(crate) fn stem(l: &str) -> String {
    let own = l.rsplit(" / ").next().unwrap_or(l);
    own.split(|c: char| c.is_ascii_digit() || c == '(' || c == ')')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The meaning of each column given its folded label and detected role;
/// `comparison`: the table has a comparison column ("So sánh (%)").
pub(crate) fn meanings_of(columns: &[(String, Role)], comparison: bool) -> Vec<Meaning> {
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

/// The meaning of each of a header's columns (detection's columns, before
/// the table is built): non-numeric columns are [`Meaning::Other`].
pub(crate) fn column_meanings(columns: &[super::Column]) -> Vec<Meaning> {
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
pub(crate) fn is_revenue(l: &str) -> bool {
    l.contains("dự toán thu")
        || l.starts_with("thu ")
        || l.contains("/ thu ")
        || l.contains("tổng thu")
        || l.contains("số thu")
}

/// A comparison column's label: "So sánh (%)", "Tỷ lệ", "Tăng/giảm".
pub(crate) fn is_comparison(l: &str) -> bool {
    l.contains("so sánh") || l.contains('%') || l.contains("tăng") || l.contains("giảm")
}
