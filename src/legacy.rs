//! Legacy Vietnamese text: TCVN3 (ABC, fonts .VnTime / .VnTimeH), VNI
//! Windows and Windows-1258, converted to Unicode cell by cell.
//!
//! Workbooks typed with a legacy font keep each character as one byte that
//! the font draws as a Vietnamese letter; Excel stores the bytes as Latin-1
//! or Windows-1252 characters, so "Đơn vị tính: Triệu đồng" arrives as
//! "§¬n vÞ tÝnh: TriÖu ®ång" (TCVN3) or "Ñôn vò tính: Trieäu ñoàng" (VNI).
//! A cell is converted only when the converted text reads better as
//! Vietnamese than the cell as it is: no stray symbols, no syllable with two
//! tone marks, more Vietnamese letters. A cell that could be either (short
//! Latin-1 words such as "Tên") stays as it is unless the sheet is mostly in
//! that encoding. In an xlsx the cell's font decides: a cell set in a TCVN3
//! font (.VnTime, .VnArial …) is TCVN3 whatever its letters, and one set in a
//! capitals font (.VnTimeH …), which draws capitals over the lower-case
//! codes, is upper case. calamine does not give .xls fonts: there capitals
//! fonts' text comes out lower case (labels are compared case-folded, so
//! they are recognised all the same).
//!
//! ```
//! use phuluc::legacy::{convert, Encoding};
//! assert_eq!(
//!     convert("§¬n vÞ tÝnh: TriÖu ®ång"),
//!     Some(("Đơn vị tính: Triệu đồng".to_string(), Encoding::Tcvn3))
//! );
//! assert_eq!(convert("Ñôn vò tính"), Some(("Đơn vị tính".to_string(), Encoding::Vni)));
//! assert_eq!(convert("Tên"), None);
//! ```

use unicode_normalization::UnicodeNormalization;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// TCVN3 (TCVN 5712:1993, "ABC"), fonts .VnTime, .VnArial …
    Tcvn3,
    /// VNI Windows, fonts VNI-Times …
    Vni,
    /// Windows-1258 (base letters followed by combining marks).
    Windows1258,
}

impl Encoding {
    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI-Windows",
            Encoding::Windows1258 => "Windows-1258",
        }
    }
}

include!("legacy_tables.rs");

/// Windows-1252's characters for bytes 0x80–0x9F (0 where undefined).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The byte a legacy font had under a character as Excel stored it
/// (Latin-1, or Windows-1252 for 0x80–0x9F); `None` for any other
/// character, which no legacy font produces.
fn byte_of(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&w| u32::from(w) == u && w != 0)
        .map(|i| 0x80 + i as u8)
}

fn tcvn3_char(b: u8) -> Option<char> {
    TCVN3.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
}

/// Decodes TCVN3 bytes (NFC: its tone-mark bytes combine).
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| tcvn3_char(b).unwrap_or(b as char))
        .collect::<String>()
        .nfc()
        .collect()
}

/// A cell's text known to be TCVN3 (its font says so), in Unicode; `None`
/// when it holds a character no TCVN3 font produces.
pub fn tcvn3_text(text: &str) -> Option<String> {
    let bytes: Vec<u8> = text.chars().map(byte_of).collect::<Option<_>>()?;
    Some(decode_tcvn3(&bytes))
}

/// Decodes VNI-Windows bytes; `None` when a byte is no part of a letter.
pub fn decode_vni(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(&next) = bytes.get(i + 1) {
            if let Some((c, ..)) = VNI.iter().find(|(_, lo, hi)| *lo == b && *hi == next) {
                out.push(*c);
                i += 2;
                continue;
            }
        }
        if let Some((c, ..)) = VNI.iter().find(|(_, lo, hi)| *lo == b && *hi == 0) {
            out.push(*c);
        } else if b < 0x80 || b == 0xA0 {
            out.push(b as char);
        } else {
            return None;
        }
        i += 1;
    }
    Some(out)
}

/// Decodes Windows-1258 bytes (NFC).
pub fn decode_windows_1258(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    text.nfc().collect()
}

/// Whether a character is a letter of Vietnamese (ASCII or with marks).
fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || VNI.iter().any(|(v, ..)| *v == c) || matches!(c, 'Đ' | 'đ')
}

/// Symbols Unicode text has without being legacy.
fn is_neutral(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_alphabetic())
        || c.is_whitespace()
        || matches!(
            c,
            '\u{a0}'
                | '–'
                | '—'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '…'
                | '•'
                | '«'
                | '»'
                | '°'
                | '±'
                | '²'
                | '³'
                | '×'
                | '·'
                | '©'
                | '®'
                | '§'
                | '¼'
                | '½'
                | '¾'
                | 'µ'
        )
}

/// How well a text reads as Vietnamese: (stray characters, syllables with
/// more than one tone mark, −letters with marks); smaller is better.
pub(crate) fn score(text: &str) -> (usize, usize, isize) {
    let stray = text
        .chars()
        .filter(|&c| !is_vietnamese_letter(c) && !is_neutral(c))
        .count();
    // Letters with marks inside words: a lone "Ặ" from "10+…+18" is none.
    let marked = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .flat_map(str::chars)
        .filter(|&c| !c.is_ascii() && is_vietnamese_letter(c))
        .count();
    let two_tones = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            w.nfd()
                .filter(|m| {
                    matches!(
                        *m,
                        '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'
                    )
                })
                .count()
                > 1
        })
        .count();
    // "oồ", "aá": a vowel doubled with marks, what VNI text read as TCVN3
    // (or the reverse) looks like; Vietnamese writes it almost never.
    let chars: Vec<char> = text.chars().collect();
    let doubled = chars
        .windows(2)
        .filter(|w| {
            !w[1].is_ascii()
                && w[1]
                    .to_lowercase()
                    .flat_map(|l| l.to_string().nfd().next())
                    .next()
                    .is_some_and(|base| {
                        base == w[0].to_ascii_lowercase() && w[0].is_ascii_alphabetic()
                    })
        })
        .count();
    (stray, two_tones + doubled, -(marked as isize))
}

/// The cell's text in Unicode, and its encoding, when it reads better
/// converted; `None` when it is Unicode already (or cannot be told).
pub fn convert(text: &str) -> Option<(String, Encoding)> {
    convert_with(text, None)
}

/// [`convert`], breaking ties towards `prior` (the encoding most of the
/// sheet is in).
pub fn convert_with(text: &str, prior: Option<Encoding>) -> Option<(String, Encoding)> {
    // A cell without a letter ("50\u{ad}0": a number with a soft hyphen in
    // it) has no word to convert, and must not make the sheet look legacy.
    if text.is_ascii() || !text.chars().any(char::is_alphabetic) {
        return None;
    }
    // Unicode Vietnamese has letters no legacy font produces (ơ, ư, ệ …):
    // decided without allocating, as most cells are.
    if text
        .chars()
        .any(|c| c as u32 > 0xFF && byte_of(c).is_none())
    {
        return None;
    }
    // Without a sheet that is clearly legacy, a cell needs a character that
    // Vietnamese Unicode text does not use ("æ", "§", "×"): "Các phòng,
    // ban chuyên môn xã" is Unicode in Latin-1 letters, and is most cells.
    if prior.is_none()
        && !text
            .chars()
            .any(|c| !c.is_ascii() && !is_vietnamese_letter(c) && c != '\u{a0}')
    {
        return None;
    }
    let bytes: Vec<u8> = text.chars().map(byte_of).collect::<Option<_>>()?;
    let here = score(text);
    let mut best: Option<(String, Encoding, (usize, usize, isize))> = None;
    let tcvn = decode_tcvn3(&bytes);
    let candidates = [
        Some((tcvn, Encoding::Tcvn3)),
        decode_vni(&bytes).map(|v| (v, Encoding::Vni)),
    ];
    for (converted, enc) in candidates.into_iter().flatten() {
        let s = score(&converted);
        let better = match &best {
            None => true,
            Some((.., b)) => s < *b || s == *b && Some(enc) == prior,
        };
        if better {
            best = Some((converted, enc, s));
        }
    }
    let (converted, enc, s) = best?;
    let tie_goes_over = Some(enc) == prior && s.0 == 0 && s.1 <= here.1;
    (s < here || s == here && tie_goes_over).then_some((converted, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_decode_every_letter() {
        // Every TCVN3 byte gives the character the charmap names.
        for (b, c) in TCVN3 {
            assert_eq!(decode_tcvn3(&[b]), c.to_string().nfc().collect::<String>());
        }
        // Every VNI letter's bytes give the letter.
        for (c, lo, hi) in VNI {
            let bytes: Vec<u8> = if hi == 0 { vec![lo] } else { vec![lo, hi] };
            assert_eq!(decode_vni(&bytes), Some(c.to_string()), "{c}");
        }
    }

    #[test]
    fn labels_convert() {
        assert_eq!(convert("Tæng céng").map(|c| c.0), Some("Tổng cộng".into()));
        assert_eq!(convert("Ninh B×nh").map(|c| c.0), Some("Ninh Bình".into()));
        assert_eq!(
            convert("Toång coäng").map(|c| c.0),
            Some("Tổng cộng".into())
        );
        assert_eq!(convert("Tổng cộng"), None);
        assert_eq!(convert("Phòng Tài chính"), None);
        assert_eq!(convert("Kinh phí"), None);
        // "…" is 0x85, TCVN3's "Ặ": a legend is no legacy text.
        assert_eq!(convert("9=10+11+…+18"), None);
    }
}
