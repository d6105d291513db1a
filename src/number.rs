//! Numbers as offices type them: reading amounts from cells and text, and
//! writing them the Vietnamese way (`1.234.567,5`).
//!
//! Money is always [`Decimal`]. Excel stores doubles, so a number cell is
//! converted with [`decimal_from_f64`], which keeps the 15 significant digits
//! Excel itself shows and nothing of the binary noise beyond them.
//!
//! ```
//! use phuluc::number::{parse_amount, format_vn, Parsed};
//! use rust_decimal::Decimal;
//!
//! assert_eq!(parse_amount("1.234.567"), Parsed::Number { value: Decimal::from(1_234_567), style: phuluc::number::Style::DotGrouped });
//! assert_eq!(parse_amount("-"), Parsed::Empty);
//! assert_eq!(format_vn(Decimal::new(12345675, 1)), "1.234.567,5");
//! ```

use rust_decimal::prelude::*;
use rust_decimal::Decimal;

/// How a text number was written; used to decide ambiguous cells from the
/// rest of their column and to explain findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// Only digits: `1000`.
    Plain,
    /// Dots group thousands, Vietnamese style: `1.234.567`, maybe `,5` after.
    DotGrouped,
    /// Commas group thousands, English style: `1,234,567`, maybe `.5` after.
    CommaGrouped,
    /// Spaces group thousands: `3 000`.
    SpaceGrouped,
    /// A lone comma is the decimal mark: `1,5` (Vietnamese).
    DecimalComma,
    /// A lone dot is the decimal mark: `1.5` (English).
    DecimalDot,
}

impl Style {
    /// Which separator convention this style proves, if any.
    pub fn convention(self) -> Option<Convention> {
        match self {
            Style::DotGrouped | Style::DecimalComma => Some(Convention::Vietnamese),
            Style::CommaGrouped | Style::DecimalDot => Some(Convention::English),
            Style::Plain | Style::SpaceGrouped => None,
        }
    }
}

/// The two ways of writing separators met in commune workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    /// `1.234.567,5`
    Vietnamese,
    /// `1,234,567.5`
    English,
}

/// The result of reading a text amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Blank, or a dash standing for "no amount" (never zero).
    Empty,
    /// A number read without doubt.
    Number {
        /// The amount.
        value: Decimal,
        /// How it was written.
        style: Style,
    },
    /// `1.200` or `1,200`: a thousands separator or a decimal mark. The two
    /// readings are given; the column decides.
    Ambiguous {
        /// Separator read as thousands grouping (`1.200` → 1200).
        grouped: Decimal,
        /// Separator read as the decimal mark (`1.200` → 1,2).
        decimal: Decimal,
        /// The separator character.
        separator: char,
    },
    /// Looks like a number but is not one (`3.277.0000.000`, `1.2.3`).
    Malformed,
    /// Words, such as "Thụ hưởng": kept as a note, not an amount.
    Text,
}

impl Parsed {
    /// The value when the reading is certain.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Parsed::Number { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// Whether two amounts agree at the precision they carry. Figures computed
/// by Excel carry binary noise in their last digits
/// (182.225.780,05478 against 182.225.780,05478002): a relative difference
/// of 10⁻⁹ or less is equality.
pub fn agree(found: Decimal, expected: Decimal) -> bool {
    if found == expected {
        return true;
    }
    let Some(diff) = found.checked_sub(expected) else {
        return false;
    };
    let scale = found.abs().max(expected.abs());
    diff.abs() <= scale * Decimal::new(1, 9)
}

/// Converts an Excel double to a [`Decimal`] without drift: the exact binary
/// value rounded to 15 significant digits (what Excel displays), normalised.
/// Returns `None` for NaN, infinities and magnitudes beyond `Decimal`.
///
/// ```
/// use phuluc::number::decimal_from_f64;
/// assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
/// assert_eq!(decimal_from_f64(13923.0).unwrap().to_string(), "13923");
/// ```
pub fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    // Whole amounts are the norm and convert exactly.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return Some(Decimal::from(x as i64));
    }
    if let Some(d) = few_decimals(x) {
        return Some(d);
    }
    slow_decimal_from_f64(x)
}

/// `x` as m / 10^k with k ≤ 6 and m of at most 15 digits, when `x` is the
/// double nearest that (prices and rates typed with a few decimals): then
/// rounding `x` to 15 significant digits gives exactly m / 10^k, without
/// the work of doing so. IEEE division is correctly rounded and m and 10^k
/// are exact doubles, so the test is exact.
fn few_decimals(x: f64) -> Option<Decimal> {
    let mut scale = 1.0;
    for k in 1..=6u32 {
        scale *= 10.0;
        let y = x * scale;
        if y.abs() >= 1.0e15 {
            return None;
        }
        let m = y.round();
        if m / scale == x {
            return Some(Decimal::new(m as i64, k).normalize());
        }
    }
    None
}

fn slow_decimal_from_f64(x: f64) -> Option<Decimal> {
    let exact = Decimal::from_f64_retain(x)?;
    if exact.is_zero() {
        return Some(Decimal::ZERO);
    }
    // Digits before the decimal point decide how many may follow it.
    let magnitude = x.abs().log10().floor() as i32 + 1;
    let scale = (15 - magnitude).clamp(0, 28) as u32;
    Some(
        exact
            .round_dp_with_strategy(scale, RoundingStrategy::MidpointNearestEven)
            .normalize(),
    )
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "--" | "−" | "_" | "x" | "X")
}

/// Reads an amount typed as text, in any of the ways offices type them.
///
/// Accepts `1.234.567`, `1,234,567`, `1 234 567`, `3 000`, `1.234,5`,
/// `1,234.5`, `-1.234`, `(1.234)`, `1000`; `-` and blanks are
/// [`Parsed::Empty`]. `1.200` is [`Parsed::Ambiguous`]. Text with letters is
/// [`Parsed::Text`]; digit strings that break the grouping rules are
/// [`Parsed::Malformed`].
pub fn parse_amount(text: &str) -> Parsed {
    let plain = plain_text(text);
    let t = plain.trim();
    // A leading apostrophe is how a number is typed as text (Excel's
    // marker, kept in a CSV): not part of what the cell says.
    let t = match t.strip_prefix(['\'', '’']) {
        Some(rest)
            if rest
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || "-−(+".contains(c)) =>
        {
            rest.trim()
        }
        _ => t,
    };
    let t = strip_currency(t);
    if t.is_empty() || is_dash(t) {
        return Parsed::Empty;
    }
    let (negative, body) = strip_sign(t);
    let body = strip_currency(body.trim());
    if body.is_empty() {
        return Parsed::Text;
    }
    if body
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ')))
    {
        return if looks_numeric(body) || leads_with_number(body) {
            Parsed::Malformed
        } else {
            Parsed::Text
        };
    }
    if !body.starts_with(|c: char| c.is_ascii_digit())
        || !body.ends_with(|c: char| c.is_ascii_digit())
    {
        return Parsed::Malformed;
    }
    let sign = |d: Decimal| if negative { -d } else { d };
    match parse_unsigned(body) {
        Some(Reading::One(value, style)) => Parsed::Number {
            value: sign(value),
            style,
        },
        Some(Reading::Two {
            grouped,
            decimal,
            separator,
        }) => Parsed::Ambiguous {
            grouped: sign(grouped),
            decimal: sign(decimal),
            separator,
        },
        None => Parsed::Malformed,
    }
}

/// An amount's text as keyboards, copies from the web and other programs
/// leave it, made plain before it is read: characters that show nothing
/// (NUL and other control characters, zero-width spaces and joiners, soft
/// hyphens, byte order marks) are dropped; full-width forms (`５０`, `，`)
/// become their ASCII selves; every kind of space (non-breaking, narrow,
/// thin, figure, ideographic) becomes a plain space, which groups
/// thousands. Borrowed when there is nothing to do (most cells).
///
/// ```
/// use phuluc::number::plain_text;
/// assert_eq!(plain_text("5\u{200b}0"), "50");
/// assert_eq!(plain_text("５０"), "50");
/// assert_eq!(plain_text("1\u{202f}234"), "1 234");
/// ```
pub fn plain_text(text: &str) -> std::borrow::Cow<'_, str> {
    let combining = |c: char| ('\u{300}'..='\u{36f}').contains(&c);
    let changes = |c: char| is_invisible(c) || fold_char(c) != Some(c) || combining(c);
    if !text.chars().any(changes) {
        return std::borrow::Cow::Borrowed(text);
    }
    let folded: String = text.chars().filter_map(fold_char).collect();
    // "đồng" typed with combining marks (a Mac, a web copy) is the word.
    std::borrow::Cow::Owned(crate::text::nfc(&folded))
}

/// Characters that show nothing: never part of what a cell says.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}'
    ) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// What [`plain_text`] makes of one character (`None`: dropped).
fn fold_char(c: char) -> Option<char> {
    match c {
        c if is_invisible(c) => None,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some(' '),
        // Full-width ASCII (Japanese and Chinese keyboards, some PDF copies).
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        c => Some(c),
    }
}

/// `t` without a currency sign or word before or after the number: `50 ₫`,
/// `50đ`, `50 VNĐ`, `50 đồng`, `₫50`. The sign names the currency, not a
/// scale (`triệu đồng` is not stripped: it is a unit, and the number with
/// it is words).
fn strip_currency(t: &str) -> &str {
    const SIGNS: [&str; 12] = [
        "VNĐ", "VND", "vnđ", "vnd", "Vnđ", "Vnd", "đồng", "Đồng", "ĐỒNG", "₫", "đ", "Đ",
    ];
    let digit_next = |s: &str, at_end: bool| {
        let s = s.trim();
        let c = if at_end {
            s.chars().last()
        } else {
            s.chars().next()
        };
        c.is_some_and(|c| c.is_ascii_digit() || c == ')')
    };
    for sign in SIGNS {
        if let Some(rest) = t.strip_suffix(sign) {
            if digit_next(rest, true) {
                return rest.trim();
            }
        }
        if let Some(rest) = t.strip_prefix(sign) {
            if digit_next(rest, false) {
                return rest.trim();
            }
        }
    }
    t
}

/// A single token of digits with a few ASCII letters or signs among them
/// (`0x10`, `5O0`, `1e5`, `12#`): meant as a number and not one, so a
/// mistake to report, not words to keep as a note.
fn looks_numeric(body: &str) -> bool {
    let digits = body.chars().filter(|c| c.is_ascii_digit()).count();
    let others = body
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '.' | ','))
        .count();
    digits > 0
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.is_ascii()
        && !body.contains(' ')
        && !body.contains(['%', '/', ':', '='])
        && others <= digits
}

/// A number followed by words (`50 triệu đồng`, `40 (tạm tính)`, `12 người`):
/// an amount written with what it is, which no sum can add — a mistake to
/// report at its cell, not a note. A legend's formula (`3=4+5`), a
/// percentage and a date are not.
fn leads_with_number(body: &str) -> bool {
    let number = body
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    !number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !body.contains(['=', '%', '/', ':', '+'])
        && body[number.len()..].chars().any(char::is_alphabetic)
}

fn strip_sign(t: &str) -> (bool, &str) {
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        return (true, inner);
    }
    for minus in ['-', '−', '–'] {
        if let Some(rest) = t.strip_prefix(minus) {
            return (true, rest);
        }
    }
    if let Some(rest) = t.strip_prefix('+') {
        return (false, rest);
    }
    (false, t)
}

enum Reading {
    One(Decimal, Style),
    Two {
        grouped: Decimal,
        decimal: Decimal,
        separator: char,
    },
}

/// Digits with `.`, `,` and spaces only, starting and ending with a digit.
fn parse_unsigned(body: &str) -> Option<Reading> {
    let is_space = |c: char| c == ' ';
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let spaces = body.chars().filter(|c| is_space(*c)).count();

    if dots == 0 && commas == 0 && spaces == 0 {
        return Some(Reading::One(digits(body)?, Style::Plain));
    }
    if spaces > 0 {
        // Spaces group thousands; at most one '.' or ',' as decimal mark.
        if dots + commas > 1 {
            return None;
        }
        let (int, frac) = split_once_any(body, &['.', ',']);
        let int: String = int.chars().filter(|c| !is_space(*c)).collect();
        let groups: Vec<&str> = body_int_groups(body, is_space);
        if !valid_groups(&groups) {
            return None;
        }
        return Some(Reading::One(
            with_fraction(&int, frac)?,
            Style::SpaceGrouped,
        ));
    }
    match (dots, commas) {
        (_, 0) => one_kind(body, '.'),
        (0, _) => one_kind(body, ','),
        _ => {
            // Both present: the last one is the decimal mark and appears once.
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            let (group, decimal, style) = if last_comma > last_dot {
                ('.', ',', Style::DotGrouped)
            } else {
                (',', '.', Style::CommaGrouped)
            };
            if body.matches(decimal).count() != 1 {
                return None;
            }
            let (int, frac) = body.split_once(decimal)?;
            if frac.contains(group) {
                return None;
            }
            let groups: Vec<&str> = int.split(group).collect();
            if !valid_groups(&groups) {
                return None;
            }
            Some(Reading::One(
                with_fraction(&groups.concat(), Some(frac))?,
                style,
            ))
        }
    }
}

fn body_int_groups(body: &str, is_space: impl Fn(char) -> bool) -> Vec<&str> {
    let int = body.split(['.', ',']).next().unwrap_or("");
    int.split(is_space).collect()
}

fn split_once_any<'a>(s: &'a str, seps: &[char]) -> (&'a str, Option<&'a str>) {
    match s.find(|c| seps.contains(&c)) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

/// Only one kind of separator, `sep`, possibly several times.
fn one_kind(body: &str, sep: char) -> Option<Reading> {
    let groups: Vec<&str> = body.split(sep).collect();
    let (grouped_style, decimal_style) = if sep == '.' {
        (Style::DotGrouped, Style::DecimalDot)
    } else {
        (Style::CommaGrouped, Style::DecimalComma)
    };
    if groups.len() > 2 {
        if !valid_groups(&groups) {
            return None;
        }
        return Some(Reading::One(digits(&groups.concat())?, grouped_style));
    }
    let (int, frac) = (groups[0], groups[1]);
    if frac.len() == 3 && valid_groups(&groups) && int != "0" {
        return Some(Reading::Two {
            grouped: digits(&groups.concat())?,
            decimal: with_fraction(int, Some(frac))?,
            separator: sep,
        });
    }
    Some(Reading::One(with_fraction(int, Some(frac))?, decimal_style))
}

/// Thousands groups: the first 1 to 3 digits, every other exactly 3.
fn valid_groups(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

fn digits(s: &str) -> Option<Decimal> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Decimal::from_str_exact(s).ok()
}

fn with_fraction(int: &str, frac: Option<&str>) -> Option<Decimal> {
    match frac {
        None => digits(int),
        Some(f) => {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Decimal::from_str_exact(&format!("{}.{}", if int.is_empty() { "0" } else { int }, f))
                .ok()
                .map(|d| d.normalize())
        }
    }
}

/// The digits of a malformed number, read as one integer, used to explain
/// what the typist probably meant ("3.277.0000.000" → 32770000000).
pub fn digits_only(text: &str) -> Option<Decimal> {
    let d: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.is_empty() || d.len() > 28 {
        return None;
    }
    Decimal::from_str_exact(&d).ok()
}

/// An amount a person types into `phuluc words` or the words box of
/// `phuluc serve`, read the Vietnamese way: `3.277` is three thousand,
/// `3.277,5` has a decimal; plain digits as they are. None when it is no
/// amount.
///
/// ```
/// use phuluc::number::parse_typed_amount;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_typed_amount("3.277"), Some(Decimal::from(3277)));
/// assert_eq!(parse_typed_amount("3.277,5"), Some(Decimal::new(32775, 1)));
/// assert_eq!(parse_typed_amount("ba"), None);
/// ```
pub fn parse_typed_amount(raw: &str) -> Option<Decimal> {
    match parse_amount(raw) {
        Parsed::Number { value, .. } => Some(value),
        Parsed::Ambiguous {
            grouped,
            separator: '.',
            ..
        } => Some(grouped),
        Parsed::Ambiguous { decimal, .. } => Some(decimal),
        _ => None,
    }
}

/// Formats an amount the Vietnamese way: `.` groups thousands, `,` marks
/// decimals, trailing zeros dropped.
///
/// ```
/// use phuluc::number::format_vn;
/// use rust_decimal::Decimal;
/// assert_eq!(format_vn(Decimal::from(-8299)), "-8.299");
/// assert_eq!(format_vn(Decimal::new(15, 1)), "1,5");
/// ```
pub fn format_vn(value: Decimal) -> String {
    format_grouped(value, '.', ',')
}

/// Formats with English separators (`1,234,567.5`), for `--lang en`.
pub fn format_en(value: Decimal) -> String {
    format_grouped(value, ',', '.')
}

/// How many characters [`format_vn`] (or [`format_en`]) prints for
/// `value`, counted without printing it: a large table's column widths
/// measured every amount by printing it.
///
/// ```
/// use phuluc::number::{format_vn, printed_len};
/// use rust_decimal::Decimal;
/// let v = Decimal::new(-12345675, 1);
/// assert_eq!(format_vn(v), "-1.234.567,5");
/// assert_eq!(printed_len(v), 12);
/// ```
pub fn printed_len(value: Decimal) -> usize {
    let v = value.normalize();
    let scale = v.scale() as usize;
    let mut digits = 1usize;
    let mut m = v.mantissa().unsigned_abs();
    while m >= 10 {
        m /= 10;
        digits += 1;
    }
    let int = digits.saturating_sub(scale).max(1);
    let sign = usize::from(v.is_sign_negative() && !v.is_zero());
    let frac = if scale > 0 { scale + 1 } else { 0 };
    sign + int + (int - 1) / 3 + frac
}

fn format_grouped(value: Decimal, group: char, decimal: char) -> String {
    let v = value.normalize();
    let s = v.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 2);
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    let len = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push(decimal);
        out.push_str(f);
    }
    out
}

/// The sum of the values present; `None` when none is.
pub fn sum_some(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    let mut acc: Option<Decimal> = None;
    for v in values.flatten() {
        // Beyond Decimal's range (10²⁸) no budget goes: saturate rather than
        // panic; the amounts themselves are reported as too large.
        acc = Some(acc.unwrap_or(Decimal::ZERO).saturating_add(v));
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_len_counts_what_format_vn_prints() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            Decimal::ZERO,
            Decimal::new(-0, 3),
            Decimal::new(5, 1),
            Decimal::new(-5, 3),
            Decimal::new(1000, 3),
            Decimal::new(999, 0),
            Decimal::new(1000, 0),
            Decimal::MAX,
            Decimal::MIN,
        ];
        for _ in 0..20_000 {
            let m = (next() as i64) >> (next() % 60);
            values.push(Decimal::new(m, (next() % 12) as u32));
        }
        for v in values {
            assert_eq!(printed_len(v), format_vn(v).chars().count(), "{v}");
            assert_eq!(printed_len(v), format_en(v).chars().count(), "{v}");
        }
    }

    #[test]
    fn the_few_decimals_path_agrees_with_rounding_to_15_digits() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let m = (next() % 1_000_000_000_000_000) as i64 * if next() % 2 == 0 { 1 } else { -1 };
            let k = (next() % 9) as u32;
            let x = m as f64 / 10f64.powi(k as i32);
            // Products and sums as Excel leaves them, too.
            let noisy = x * 1.000_000_000_000_001;
            for v in [x, noisy, x / 3.0] {
                if v.is_finite() && v.fract() != 0.0 {
                    assert_eq!(decimal_from_f64(v), slow_decimal_from_f64(v), "{v:e}");
                }
            }
        }
    }

    fn num(s: &str) -> Option<Decimal> {
        parse_amount(s).value()
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn grouped_forms() {
        assert_eq!(num("1.234.567"), Some(d("1234567")));
        assert_eq!(num("1,234,567"), Some(d("1234567")));
        assert_eq!(num("1 234 567"), Some(d("1234567")));
        assert_eq!(num("3 000"), Some(d("3000")));
        assert_eq!(num("1.234,5"), Some(d("1234.5")));
        assert_eq!(num("1,234.5"), Some(d("1234.5")));
        assert_eq!(num("1 234,5"), Some(d("1234.5")));
        assert_eq!(num("1000"), Some(d("1000")));
        assert_eq!(num(" 42 "), Some(d("42")));
    }

    #[test]
    fn signs() {
        assert_eq!(num("-1.234.567"), Some(d("-1234567")));
        assert_eq!(num("(1.234.567)"), Some(d("-1234567")));
        assert_eq!(num("−5"), Some(d("-5")));
    }

    #[test]
    fn empty_and_text() {
        assert_eq!(parse_amount(""), Parsed::Empty);
        assert_eq!(parse_amount("-"), Parsed::Empty);
        assert_eq!(parse_amount("  "), Parsed::Empty);
        assert_eq!(parse_amount("Thụ hưởng"), Parsed::Text);
        assert_eq!(parse_amount("60%"), Parsed::Text);
    }

    #[test]
    fn ambiguous_and_decimals() {
        assert_eq!(
            parse_amount("1.200"),
            Parsed::Ambiguous {
                grouped: d("1200"),
                decimal: d("1.2"),
                separator: '.'
            }
        );
        assert!(matches!(
            parse_amount("2,000"),
            Parsed::Ambiguous { separator: ',', .. }
        ));
        assert_eq!(num("1,5"), Some(d("1.5")));
        assert_eq!(num("12.75"), Some(d("12.75")));
        assert_eq!(num("0.125"), Some(d("0.125")));
    }

    #[test]
    fn hidden_marks_apostrophes_and_decomposed_words() {
        assert_eq!(num("'1.234.567"), Some(d("1234567")));
        assert_eq!(num("’-50"), Some(d("-50")));
        assert_eq!(num("50 \u{111}o\u{302}\u{300}ng"), Some(d("50")));
        assert_eq!(num("\u{feff}5\u{200b}0\u{a0}đ"), Some(d("50")));
        assert_eq!(parse_amount("'Thụ hưởng"), Parsed::Text);
    }

    #[test]
    fn malformed() {
        assert_eq!(parse_amount("3.277.0000.000"), Parsed::Malformed);
        assert_eq!(parse_amount("1.2.3"), Parsed::Malformed);
        assert_eq!(parse_amount("1.234.56"), Parsed::Malformed);
        assert_eq!(parse_amount("1,234.567,8"), Parsed::Malformed);
        assert_eq!(parse_amount("12 34"), Parsed::Malformed);
        assert_eq!(parse_amount("1."), Parsed::Malformed);
    }

    #[test]
    fn f64_without_drift() {
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(d("0.3")));
        assert_eq!(decimal_from_f64(1234567.89), Some(d("1234567.89")));
        assert_eq!(decimal_from_f64(-0.0), Some(Decimal::ZERO));
        assert_eq!(decimal_from_f64(1e300), None);
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(3277000000.0), Some(d("3277000000")));
    }

    #[test]
    fn vietnamese_format() {
        assert_eq!(format_vn(d("1234567.5")), "1.234.567,5");
        assert_eq!(format_vn(d("13923")), "13.923");
        assert_eq!(format_vn(d("-8299")), "-8.299");
        assert_eq!(format_vn(d("999")), "999");
        assert_eq!(format_vn(d("0")), "0");
        assert_eq!(format_en(d("1234567.5")), "1,234,567.5");
    }
}
