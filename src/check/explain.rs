//! Why a sum may be off: the difference equals a row or a few rows (left
//! out, or counted twice), a text number that SUM skipped, a formula range
//! that stops short, two transposed digits, or a scale of 1000.

use super::Addend;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A possible reason for a difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hint {
    /// The rows named are missing from the stated amount.
    Missing(Vec<String>),
    /// The row named is counted twice in the stated amount.
    CountedTwice(String),
    /// A number stored as text that a SUM formula skipped (its cell).
    TextSkipped(String),
    /// The cell's formula leaves out these rows (their names).
    FormulaMisses(Vec<String>),
    /// A SUBTOTAL whose saved value leaves out rows of its own range: it
    /// was saved while a filter hid them (SUBTOTAL skips filtered rows), so
    /// recalculating does not mend it.
    Filtered,
    /// Two adjacent digits swapped.
    Transposed,
    /// The difference is divisible by 9, the mark of transposed digits.
    DivisibleByNine,
    /// The stated amount is the sum × 10^k (k may be negative).
    Scale(i32),
}

/// Explanations for `found` where `expected` was due, from the addends.
pub fn explain(found: Decimal, expected: Decimal, addends: &[Addend]) -> Vec<Hint> {
    let diff = found - expected;
    let mut hints = Vec::new();
    if diff.is_zero() {
        return hints;
    }
    // A text number SUM skipped accounts for exactly the shortfall.
    if let Some(a) = addends.iter().find(|a| a.amount == -diff && a.from_text) {
        hints.push(Hint::TextSkipped(a.cell()));
    }
    if let Some(names) = subset_summing_to(-diff, addends) {
        hints.push(Hint::Missing(names));
    } else if let Some(a) = addends.iter().find(|a| a.amount == diff) {
        hints.push(Hint::CountedTwice(a.item.name()));
    }
    if let Some(k) = power_of_ten_ratio(found, expected) {
        hints.push(Hint::Scale(k));
    } else if is_transposition(found, expected) {
        hints.push(Hint::Transposed);
    } else if diff.fract().is_zero() && (diff % Decimal::from(9)).is_zero() {
        hints.push(Hint::DivisibleByNine);
    }
    hints
}

/// One, two or three addends whose amounts add up to `target`.
fn subset_summing_to(target: Decimal, addends: &[Addend]) -> Option<Vec<String>> {
    if target <= Decimal::ZERO {
        return None;
    }
    let names = |ix: &[usize]| ix.iter().map(|&i| addends[i].item.name()).collect();
    if let Some(i) = addends.iter().position(|a| a.amount == target) {
        return Some(names(&[i]));
    }
    // Pairs in one pass with a map of amounts seen.
    let mut seen: HashMap<Decimal, usize> = HashMap::new();
    for (j, a) in addends.iter().enumerate() {
        if let Some(&i) = seen.get(&(target - a.amount)) {
            return Some(names(&[i, j]));
        }
        seen.entry(a.amount.normalize()).or_insert(j);
        seen.entry(a.amount).or_insert(j);
    }
    if addends.len() <= 60 {
        for i in 0..addends.len() {
            for j in i + 1..addends.len() {
                let rest = target - addends[i].amount - addends[j].amount;
                if let Some(k) = (j + 1..addends.len()).find(|&k| addends[k].amount == rest) {
                    return Some(names(&[i, j, k]));
                }
            }
        }
    }
    None
}

/// k when found = expected × 10^k exactly (|k| between 1 and 12).
fn power_of_ten_ratio(found: Decimal, expected: Decimal) -> Option<i32> {
    if found.is_zero()
        || expected.is_zero()
        || found.is_sign_negative() != expected.is_sign_negative()
    {
        return None;
    }
    let (big, small, sign) = if found.abs() > expected.abs() {
        (found, expected, 1)
    } else {
        (expected, found, -1)
    };
    let ratio = big.checked_div(small)?;
    let mut p = Decimal::ONE;
    for k in 1..=12 {
        p *= Decimal::TEN;
        if ratio == p {
            return Some(sign * k);
        }
    }
    None
}

/// Whether two numbers differ by one swap of adjacent digits.
fn is_transposition(a: Decimal, b: Decimal) -> bool {
    let (x, y) = (
        a.abs().normalize().to_string(),
        b.abs().normalize().to_string(),
    );
    if x.len() != y.len() || x == y {
        return false;
    }
    let diffs: Vec<usize> = x
        .bytes()
        .zip(y.bytes())
        .enumerate()
        .filter(|(_, (p, q))| p != q)
        .map(|(i, _)| i)
        .collect();
    diffs.len() == 2 && diffs[1] == diffs[0] + 1 && {
        let (xb, yb) = (x.as_bytes(), y.as_bytes());
        xb[diffs[0]] == yb[diffs[1]] && xb[diffs[1]] == yb[diffs[0]]
    }
}

/// Rows among the addends that a SUM formula's ranges leave out.
pub fn formula_hints(formula: &str, addends: &[Addend], own_row: u32) -> Vec<super::Hint> {
    let upper = formula.to_ascii_uppercase();
    if !upper.contains("SUM") {
        return Vec::new();
    }
    let ranges = cell_ranges(&upper);
    if ranges.is_empty() {
        return Vec::new();
    }
    // A row's own sum across its columns (=SUM(E11:I11)) leaves out no row.
    if ranges
        .iter()
        .all(|&(r0, r1)| r0 == own_row + 1 && r1 == own_row + 1)
    {
        return Vec::new();
    }
    let missed: Vec<String> = addends
        .iter()
        .filter(|a| a.item.row != own_row)
        .filter(|a| {
            !ranges
                .iter()
                .any(|(r0, r1)| (*r0..=*r1).contains(&(a.item.row + 1)))
        })
        .map(|a| a.item.name())
        .collect();
    if missed.is_empty() {
        Vec::new()
    } else {
        vec![Hint::FormulaMisses(missed)]
    }
}

/// What a SUM or SUBTOTAL(9, …) formula over column `col` computes from the
/// table's own saved values: `None` when the formula is anything else, or
/// refers to another column or sheet. SUM skips text; SUBTOTAL also skips
/// rows that are subtotals themselves (`is_subtotal`).
pub fn sum_formula_value(
    formula: &str,
    col: u32,
    amount_at: &dyn Fn(u32) -> Option<(Decimal, bool)>,
    is_subtotal: &dyn Fn(u32) -> bool,
) -> Option<Decimal> {
    let upper = formula.trim_start_matches('=').to_ascii_uppercase();
    let (subtotal, inner) = if let Some(rest) = upper.strip_prefix("SUBTOTAL(9,") {
        (true, rest.strip_suffix(')')?)
    } else if let Some(rest) = upper
        .strip_prefix("+SUM(")
        .or_else(|| upper.strip_prefix("SUM("))
    {
        (false, rest.strip_suffix(')')?)
    } else {
        return None;
    };
    if inner.contains(['!', '(', '+', '-', '*', '/']) {
        return None;
    }
    let letters = crate::read::column_letters(col);
    let mut total = Decimal::ZERO;
    for part in inner.split([',', ';']) {
        let part = part.trim().replace('$', "");
        let (a, b) = part.split_once(':').unwrap_or((&part, &part));
        let row_of = |r: &str| -> Option<u32> {
            let digits = r.strip_prefix(letters.as_str())?;
            digits.parse::<u32>().ok().filter(|n| *n > 0)
        };
        let (r0, r1) = (row_of(a)?, row_of(b)?);
        for row in r0.min(r1)..=r0.max(r1) {
            let Some((v, text)) = amount_at(row - 1) else {
                continue;
            };
            if text || subtotal && is_subtotal(row - 1) {
                continue;
            }
            total = total.checked_add(v)?;
        }
    }
    Some(total)
}

/// The 1-based row spans of the references in a formula: `E9:E40` → (9, 40),
/// `E12` → (12, 12). Sheet-qualified and absolute ($E$9) references count.
fn cell_ranges(formula: &str) -> Vec<(u32, u32)> {
    let b = formula.as_bytes();
    let mut refs: Vec<(usize, usize, u32)> = Vec::new(); // (start, end, row)
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let mut j = i;
        if j < b.len() && b[j] == b'$' {
            j += 1;
        }
        let letters = j;
        while j < b.len() && b[j].is_ascii_uppercase() {
            j += 1;
        }
        if j == letters
            || j - letters > 3
            || (start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_'))
        {
            i = start + 1;
            continue;
        }
        if j < b.len() && b[j] == b'$' {
            j += 1;
        }
        let digits = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == digits || (j < b.len() && (b[j].is_ascii_alphabetic() || b[j] == b'(')) {
            i = start + 1;
            continue;
        }
        if let Ok(row) = formula[digits..j].parse::<u32>() {
            refs.push((start, j, row));
        }
        i = j;
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while k < refs.len() {
        let (_, end, row) = refs[k];
        if k + 1 < refs.len() && refs[k + 1].0 == end + 1 && b.get(end) == Some(&b':') {
            let r2 = refs[k + 1].2;
            spans.push((row.min(r2), row.max(r2)));
            k += 2;
        } else {
            spans.push((row, row));
            k += 1;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(cell_ranges("SUM(E9:E40)"), vec![(9, 40)]);
        assert_eq!(cell_ranges("SUM($E$9:$E$40)+E42"), vec![(9, 40), (42, 42)]);
        assert_eq!(cell_ranges("SUM('Phụ lục'!E9:E12)"), vec![(9, 12)]);
        assert_eq!(cell_ranges("LOG10(A1)"), vec![(1, 1)]);
    }

    #[test]
    fn digits() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert!(is_transposition(d("1243"), d("1234")));
        assert!(!is_transposition(d("1234"), d("1234")));
        assert!(!is_transposition(d("4231"), d("1234")));
        assert_eq!(power_of_ten_ratio(d("3277000"), d("3277")), Some(3));
        assert_eq!(power_of_ten_ratio(d("3.277"), d("3277")), Some(-3));
    }
}
