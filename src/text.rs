//! Text as it arrives from workbooks: NFC or NFD, line breaks inside cells,
//! non-breaking spaces, any capitalisation.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whether `s` is already NFC, decided cheaply (ASCII, or the quick check).
/// Most cells are: normalising them anyway was most of the time of a check.
fn already_nfc(s: &str) -> bool {
    s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Folds white space and maps characters, from an iterator of characters.
fn collapse(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = false;
    for ch in chars {
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

/// Normalises a label for comparison: NFC, lower case, every run of white
/// space (line breaks and non-breaking spaces included) folded to one space.
/// Diacritics are kept: "đồng", "dòng" and "động" stay different words.
///
/// ```
/// assert_eq!(phuluc::text::fold("Năm\n2026"), "năm 2026");
/// assert_eq!(phuluc::text::fold("TỔNG  CỘNG"), "tổng cộng");
/// ```
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Codes, numbers, units: nothing to normalise, and ASCII lower case
        // is a table lookup.
        collapse(s.chars().map(|c| c.to_ascii_lowercase()), s.len())
    } else if already_nfc(s) {
        collapse(s.chars().flat_map(char::to_lowercase), s.len())
    } else {
        collapse(s.nfc().flat_map(char::to_lowercase), s.len())
    }
}

/// `s` in NFC (the composed form Vietnamese text is compared and exported
/// in); text that already is, most of it, is copied without normalising.
///
/// ```
/// assert_eq!(phuluc::text::nfc("Nha\u{300}"), "Nhà");
/// ```
pub fn nfc(s: &str) -> String {
    if already_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Cleans a cell's text for display: NFC, white space folded, case kept.
pub fn clean(s: &str) -> String {
    let plain = |c: char| !(c.is_whitespace() && c != ' ') && c != '\u{a0}' && c != '\u{202f}';
    if already_nfc(s) {
        // The common case: nothing to normalise, maybe nothing to fold.
        let trimmed = s.trim();
        if !trimmed.contains("  ") && trimmed.chars().all(plain) {
            return trimmed.to_string();
        }
        collapse(s.chars(), s.len())
    } else {
        collapse(s.nfc(), s.len())
    }
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
