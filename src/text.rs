//! Text as it arrives from workbooks: NFC or NFD, line breaks inside cells,
//! non-breaking spaces, any capitalisation.

use unicode_normalization::UnicodeNormalization;

/// Normalises a label for comparison: NFC, lower case, every run of white
/// space (line breaks and non-breaking spaces included) folded to one space.
/// Diacritics are kept: "đồng", "dòng" and "động" stay different words.
///
/// ```
/// assert_eq!(phuluc::text::fold("Năm\n2026"), "năm 2026");
/// assert_eq!(phuluc::text::fold("TỔNG  CỘNG"), "tổng cộng");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.nfc().flat_map(char::to_lowercase) {
        if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{202f}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

/// Cleans a cell's text for display: NFC, white space folded, case kept.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.nfc() {
        if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{202f}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

/// Whether `s` (already folded) starts with `word` followed by a word break.
pub fn starts_with_word(s: &str, word: &str) -> bool {
    s.strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfd: String = "Tổng cộng".nfd().collect();
        assert_eq!(fold(&nfd), fold("Tổng cộng"));
    }

    #[test]
    fn words() {
        assert!(starts_with_word("tổng cộng", "tổng"));
        assert!(!starts_with_word("tổngx", "tổng"));
        assert_eq!(clean("  Năm\n 2026 "), "Năm 2026");
    }
}
