//! What a row's label says it is: a total, a tax line, a rate, a
//! breakdown, an estimate's totals; and the lines under a table (footnotes,
//! date and signature).

use super::ClosingLine;
pub use crate::detect::is_total_label;
use crate::read::CellValue;
use crate::read::Sheet;
use crate::text::{clean, fold, starts_with_word};
use rust_decimal::Decimal;

/// A tax line under a total: "Thuế VAT 10%", "Thuế GTGT", "Thuế giá trị
/// gia tăng (10%)". It is a total line (the tax on the total above it),
/// never an item.
pub fn is_tax_label(text: &str) -> bool {
    let first = text.trim_start_matches(['-', '+', '*', ' ']).chars().next();
    if !matches!(first, Some('T' | 't' | 'V' | 'v')) {
        return false;
    }
    let folded = fold(text);
    let t = folded.trim_start_matches(['-', '+', '*', ' ']);
    (starts_with_word(t, "thuế")
        && ["vat", "gtgt", "giá trị gia tăng"]
            .iter()
            .any(|w| t.contains(w)))
        || starts_with_word(t, "vat")
}

/// The rate a label states, in percent: "Thuế VAT 10%" → 10, "(5,25 %)" →
/// 5.25.
pub fn stated_rate(text: &str) -> Option<Decimal> {
    let pct = text.find('%')?;
    let before = text[..pct].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let number = before[start..].replace(',', ".");
    Decimal::from_str_exact(&number).ok()
}

/// A rate or share row: "Tỷ lệ phần trăm (%) bội chi NSNN so với GDP".
pub(super) fn is_ratio_label(text: &str) -> bool {
    // Cheap rejection first: most rows are not rates.
    let first = text.trim_start_matches(['-', '+', '*', ' ']).chars().next();
    if !matches!(first, Some('T' | 't')) && !text.contains('%') {
        return false;
    }
    let folded = fold(text);
    let t = folded.trim_start_matches(['-', '+', '*', ' ']);
    starts_with_word(t, "tỷ lệ") || starts_with_word(t, "tỉ lệ") || t.contains("(%)")
}

pub(super) fn is_breakdown_label(text: &str) -> bool {
    let first = text.trim_start().chars().next();
    if !matches!(
        first,
        Some('T' | 't' | 'C' | 'c' | 'B' | 'b' | 'G' | 'g' | '(' | '*' | '-' | '+')
    ) {
        return false;
    }
    // The words' first two letters, before anything is folded: a task's
    // wording, folded on every row, was a tenth of building a large table.
    let rest = text.trim_start_matches(|c: char| {
        matches!(c, '(' | '*' | '-' | '+' | '\u{a0}' | '\u{202f}') || c.is_whitespace()
    });
    let mut letters = rest.chars().flat_map(char::to_lowercase);
    if !matches!(
        (letters.next(), letters.next()),
        (Some('t'), Some('r'))
            | (Some('c'), Some('h'))
            | (Some('b'), Some('a'))
            | (Some('g'), Some('ồ' | 'o'))
    ) {
        return false;
    }
    let folded = fold(text);
    ["trong đó", "chia ra", "bao gồm", "gồm có"]
        .iter()
        .any(|w| starts_with_word(folded.trim_start_matches(['(', '*', '-', '+', ' ']), w))
}

/// Words that start the signature block or the next document: the table
/// has ended.
pub(super) fn is_closing_text(folded: &str) -> bool {
    const WORDS: [&str; 14] = [
        "tm. ủy ban",
        "tm.ủy ban",
        "tm. ubnd",
        "kt. chủ tịch",
        "kt.chủ tịch",
        "chủ tịch",
        "người lập",
        "nơi nhận",
        "thủ trưởng",
        "kế toán trưởng",
        "ủy ban nhân dân",
        "cộng hòa xã hội",
        "cộng hoà xã hội",
        "phụ lục",
    ];
    WORDS.iter().any(|w| folded.starts_with(w))
}

/// Totals an estimate writes besides "Tổng cộng": "TỔNG HẠNG MỤC", "TỔNG
/// CÔNG TRÌNH", "LÀM TRÒN", "Cộng hạng mục".
pub fn is_estimate_total(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_start_matches(['*', '-', ' ']);
    [
        "tổng hạng mục",
        "tổng công trình",
        "làm tròn",
        "cộng hạng mục",
        "giá trị làm tròn",
    ]
    .iter()
    .any(|w| starts_with_word(t, w))
}

/// A closing line as estimators write it: a label that opens with the
/// word "Cộng" or "Tổng" ("CỘNG PHẦN NỀN ĐƯỜNG", "Tổng cộng hạng mục",
/// "TỔNG GIÁ TRỊ DỰ TOÁN"), any case, with or without a colon — but not
/// the national motto. It is a total only on a row that holds nothing of a
/// work line (no STT, code, unit, quantity or price): the caller checks.
pub fn is_estimate_closing(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_start_matches(['*', '-', ' ']);
    if t.starts_with("cộng hòa") || t.starts_with("cộng hoà") {
        return false;
    }
    starts_with_word(t, "cộng") || starts_with_word(t, "tổng")
}

/// The footnotes in the few rows under a table: lines that open with
/// "Ghi chú", "(1)", "(*)" or "*".
pub(super) fn footnotes(
    sheet: &Sheet,
    end_row: u32,
    first_col: u32,
    last_col: u32,
    last_row: u32,
) -> Vec<String> {
    let mut notes = Vec::new();
    for r in end_row.saturating_add(1)..=last_row.min(end_row.saturating_add(12)) {
        // Each text of the row that reads as a footnote: two notes may
        // share a row ("(2) Chưa bao gồm …" | "(2) Trong đó bao gồm …").
        let mut texts = (first_col..=last_col).filter_map(|c| match sheet.get(r, c) {
            CellValue::String(s) if !s.trim().is_empty() => Some(clean(s)),
            _ => None,
        });
        let Some(first) = texts.next() else {
            continue;
        };
        for (i, text) in std::iter::once(first).chain(texts).enumerate() {
            let folded = fold(&text);
            let marked = text
                .strip_prefix('(')
                .and_then(|t| t.split_once(')'))
                .is_some_and(|(n, _)| {
                    (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit() || b == b'*')
                });
            // The row's first text may be a "Ghi chú" line; later ones
            // only when marked as notes of their own.
            if marked || (i == 0 && (is_footnote_text(&folded) || text.starts_with('*'))) {
                notes.push(text);
            }
        }
    }
    notes
}

/// The lines under a table, up to the next figure or header: its date and
/// signature block. Footnotes are left out (they are the table's notes).
pub(super) fn closing_lines(
    sheet: &Sheet,
    end_row: u32,
    first_col: u32,
    last_col: u32,
    last_row: u32,
    notes: &[String],
) -> Vec<ClosingLine> {
    let mut lines = Vec::new();
    for r in end_row.saturating_add(1)..=last_row.min(end_row.saturating_add(16)) {
        let cells: Vec<(u32, CellValue<'_>)> = sheet.row_cells(r, first_col, last_col).collect();
        if cells
            .iter()
            .any(|(_, d)| matches!(d, CellValue::Float(_) | CellValue::Int(_)))
            || crate::detect::is_header_at(sheet, r)
        {
            break;
        }
        for (c, d) in cells {
            let CellValue::String(s) = d else { continue };
            let text = clean(s);
            if text.is_empty() || notes.contains(&text) || fold(&text).contains("bằng chữ") {
                continue;
            }
            lines.push(ClosingLine {
                below: r - end_row,
                col: c - first_col,
                text,
            });
        }
    }
    lines
}

/// A footnote under the table: "Ghi chú: (1) …", "Chú thích:", "Note:".
/// The bare label "Ghi chú" is a header cell (repeated at a page break),
/// not a footnote.
pub(super) fn is_footnote_text(folded: &str) -> bool {
    [
        "ghi chú",
        "chú thích",
        "chú giải",
        "note",
        "notes",
        "remark",
    ]
    .iter()
    .any(|w| {
        folded.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with(':') || rest.starts_with('(') || rest.starts_with('-')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_labels() {
        assert!(is_tax_label("Thuế VAT 10%"));
        assert!(is_tax_label("- Thuế GTGT (8%)"));
        assert!(!is_tax_label("Thu thuế, phí"));
    }

    #[test]
    fn stated_rates() {
        assert_eq!(stated_rate("Thuế VAT 10%"), Some(Decimal::from(10)));
        assert_eq!(
            stated_rate("Thuế GTGT (5,25 %)"),
            Some(Decimal::new(525, 2))
        );
        assert_eq!(stated_rate("Thuế GTGT"), None);
    }
}

/// Whether a label states its own computation from column or row markers:
/// "Tổng số: (1)=(3)-(2)", "Tổng cộng: (3) = (1) + (2)". Such a line sits
/// inside an item as its sub-line; it is not a total of the table.
pub(crate) fn states_computation(text: &str) -> bool {
    if !text.contains('=') {
        return false;
    }
    let t: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    // A bracketed number of one to three digits at `i`: the index after it.
    let marker = |i: usize| -> Option<usize> {
        if t.get(i) != Some(&'(') {
            return None;
        }
        let digits = t[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        ((1..=3).contains(&digits) && t.get(i + 1 + digits) == Some(&')')).then_some(i + 2 + digits)
    };
    (0..t.len()).any(|i| {
        let Some(after) = marker(i) else {
            return false;
        };
        if t.get(after) != Some(&'=') {
            return false;
        }
        let Some(next) = marker(after + 1) else {
            return false;
        };
        matches!(t.get(next), Some('+' | '-' | '–' | 'x' | '*' | '×' | '/'))
            && marker(next + 1).is_some()
    })
}

#[cfg(test)]
mod computation_tests {
    use super::states_computation;

    #[test]
    fn a_stated_computation() {
        assert!(states_computation("Tổng số: (1)=(3)-(2)"));
        assert!(states_computation("Tổng cộng: (3) = (1) + (2)"));
        assert!(!states_computation("Tổng số (A+B+C)"));
        assert!(!states_computation("Tổng cộng"));
        assert!(!states_computation("(1) = 2 + 3"));
    }
}
