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
        // Vietnamese is mostly ASCII letters: those by the lookup, only the
        // others through the Unicode tables.
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for ch in s.chars() {
            if ch.is_ascii() {
                if ch.is_whitespace() {
                    space = true;
                    continue;
                }
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(ch.to_ascii_lowercase());
            } else if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{202f}' {
                space = true;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(ch.to_lowercase());
            }
        }
        out
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

/// A character [`clean`] keeps as it is.
fn plain(c: char) -> bool {
    !(c.is_whitespace() && c != ' ') && c != '\u{a0}' && c != '\u{202f}'
}

/// Whether [`clean`] gives `s` back unchanged (most cells' text).
///
/// ```
/// assert!(phuluc::text::is_clean("Tổng cộng"));
/// assert!(!phuluc::text::is_clean(" Tổng  cộng"));
/// assert!(!phuluc::text::is_clean("Nha\u{300}"));
/// ```
pub fn is_clean(s: &str) -> bool {
    already_nfc(s) && s.trim() == s && !s.contains("  ") && s.chars().all(plain)
}

/// Cleans a cell's text for display: NFC, white space folded, case kept.
pub fn clean(s: &str) -> String {
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

/// A text as a key compared the way [`fold`] compares, without making a
/// new string for the common case: a code or unit in plain ASCII ("AF.11213",
/// "100m3") is borrowed and compared without regard to case; anything else
/// is folded once.
///
/// ```
/// use phuluc::text::Folded;
/// assert_eq!(Folded::new(" AF.11213 "), Folded::new("af.11213"));
/// assert_eq!(Folded::new("Cái"), Folded::new("CÁI"));
/// assert_ne!(Folded::new("m3"), Folded::new("m2"));
/// ```
#[derive(Debug, Clone)]
pub struct Folded<'a>(std::borrow::Cow<'a, str>);

impl<'a> Folded<'a> {
    /// The key of `s`.
    pub fn new(s: &'a str) -> Folded<'a> {
        let t = s.trim();
        if t.bytes().all(|b| b.is_ascii_graphic() || b == b' ') && !t.contains("  ") {
            Folded(std::borrow::Cow::Borrowed(t))
        } else {
            Folded(std::borrow::Cow::Owned(fold(t)))
        }
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        // Folded text is lower case already: comparing it without regard
        // to ASCII case changes nothing for it.
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Folded<'_> {}

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Eight bytes at a time: a hasher's call per byte was most of the
        // cost of keying an estimate's lines.
        let bytes = self.0.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = b.to_ascii_lowercase();
            }
            state.write_u64(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        for (w, b) in tail.iter_mut().zip(chunks.remainder()) {
            *w = b.to_ascii_lowercase();
        }
        state.write_u64(u64::from_le_bytes(tail));
        state.write_usize(bytes.len());
    }
}

/// Text a spreadsheet would run as a formula: starts with = + - @, a tab or
/// a carriage return. A lone bullet ("-", "+") is not.
pub fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !matches!(s, "-" | "+")
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

    /// The reference: what `fold` computed before its fast paths.
    fn fold_slow(s: &str) -> String {
        collapse(s.nfc().flat_map(char::to_lowercase), s.len())
    }

    proptest::proptest! {
        #[test]
        fn fast_fold_is_the_slow_fold(s in "[ a-zA-Z0-9.,\t\n\u{a0}\u{202f}\u{b}\u{85}ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹĂÂĐÊÔƠƯÀÁẠẢÃỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕỒỐỘỔỖỜỚỢỞỠÙÚỤỦŨỪỨỰỬỮỲÝỴỶỸ\u{300}\u{301}\u{303}\u{309}\u{323}İ]{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_slow(&s));
        }

        #[test]
        fn folded_keys_agree_with_fold(a in "[ a-zA-Z0-9.ăđêÊĐ\t]{0,12}", b in "[ a-zA-Z0-9.ăđêÊĐ\t]{0,12}") {
            let same_fold = fold(a.trim()) == fold(b.trim());
            proptest::prop_assert_eq!(Folded::new(&a) == Folded::new(&b), same_fold, "{:?} {:?}", a, b);
        }
    }
}
