//! Amounts in Vietnamese words, accounting style ("Bằng chữ: Ba tỷ hai trăm
//! bảy mươi bảy triệu đồng"): writing them, and reading them back.
//!
//! Rules (see ../shared/DOMAIN.md): groups of three with nghìn (or ngàn),
//! triệu, tỷ; above tỷ the part is read as one number of tỷ (10^12 "một
//! nghìn tỷ", 10^15 "một triệu tỷ", 10^18 "một tỷ tỷ"). Inside a group:
//! "mười" for 10-19, "X mươi" above; a final 1 after "mươi" is "mốt", a
//! final 5 after a ten is "lăm", a final 4 after "mươi" may be "tư"; a zero
//! ten before a unit is "linh" (north) or "lẻ" (south). Groups after the
//! first are read in full ("một nghìn không trăm linh năm"); a group of 000
//! is skipped.
//!
//! ```
//! use phuluc::words::{to_words, parse_words, Style};
//! use rust_decimal::Decimal;
//!
//! let amount = Decimal::from(3_277_000_000u64);
//! assert_eq!(to_words(amount, &Style::default()), "Ba tỷ hai trăm bảy mươi bảy triệu đồng");
//! assert_eq!(parse_words("Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng./.").unwrap(), amount);
//! assert_eq!(parse_words("mot nghin khong tram le nam dong").unwrap(), Decimal::from(1005));
//! ```

use crate::text::fold;
use rust_decimal::Decimal;

/// How to write words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// "lẻ" (south) instead of "linh" (north) for a zero ten: 105.
    pub le: bool,
    /// "ngàn" (south) instead of "nghìn".
    pub ngan: bool,
    /// "tư" instead of "bốn" for a final 4 after "mươi" (24 "hai mươi tư").
    pub tu: bool,
    /// End with "đồng chẵn" for whole amounts.
    pub chan: bool,
    /// End with "./.".
    pub end_mark: bool,
}

impl Default for Style {
    /// The northern style: linh, nghìn, bốn, no "chẵn", no "./.".
    fn default() -> Self {
        Style {
            le: false,
            ngan: false,
            tu: false,
            chan: false,
            end_mark: false,
        }
    }
}

impl Style {
    /// The southern style: lẻ, ngàn.
    pub fn south() -> Self {
        Style {
            le: true,
            ngan: true,
            ..Style::default()
        }
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Reads a group of three digits. `full`: the group is not the leading one,
/// so its hundreds are read even when 0 ("không trăm").
fn group(n: u32, full: bool, style: &Style, out: &mut Vec<&'static str>) {
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let read_hundreds = h > 0 || full;
    if read_hundreds {
        out.push(DIGITS[h as usize]);
        out.push("trăm");
    }
    match t {
        0 => {
            if u > 0 && read_hundreds {
                out.push(if style.le { "lẻ" } else { "linh" });
            }
            if u > 0 {
                out.push(DIGITS[u as usize]);
            }
        }
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u as usize]),
            }
        }
        _ => {
            out.push(DIGITS[t as usize]);
            out.push("mươi");
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 if style.tu => out.push("tư"),
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u as usize]),
            }
        }
    }
}

/// Reads a whole number of đồng below 10^9 into words; `full` when it
/// follows a higher part (its leading group is then read in full).
fn below_billion(n: u64, full: bool, style: &Style, out: &mut Vec<&'static str>) {
    let groups = [
        (n / 1_000_000) as u32,
        (n / 1000 % 1000) as u32,
        (n % 1000) as u32,
    ];
    let scales = ["triệu", if style.ngan { "ngàn" } else { "nghìn" }, ""];
    let mut started = full;
    for (g, scale) in groups.into_iter().zip(scales) {
        if g == 0 {
            continue;
        }
        group(g, started, style, out);
        if !scale.is_empty() {
            out.push(scale);
        }
        started = true;
    }
}

fn integer_words(n: u128, style: &Style, out: &mut Vec<&'static str>) {
    const BILLION: u128 = 1_000_000_000;
    if n >= BILLION {
        // The part above tỷ is one number of tỷ: 1.001 × 10^12 is
        // "một nghìn không trăm linh một tỷ", 10^18 "một tỷ tỷ".
        integer_words(n / BILLION, style, out);
        out.push("tỷ");
        let rest = (n % BILLION) as u64;
        if rest > 0 {
            below_billion(rest, true, style, out);
        }
    } else {
        below_billion(n as u64, false, style, out);
    }
}

/// Writes an amount of đồng in words: capitalised, ending in "đồng".
/// Negative amounts start with "Âm"; decimals are read after "phẩy".
///
/// ```
/// use phuluc::words::{to_words, Style};
/// use rust_decimal::Decimal;
/// assert_eq!(to_words(Decimal::from(1_000_005), &Style::default()), "Một triệu không trăm linh năm đồng");
/// assert_eq!(to_words(Decimal::from(105), &Style::south()), "Một trăm lẻ năm đồng");
/// assert_eq!(to_words(Decimal::ZERO, &Style::default()), "Không đồng");
/// ```
pub fn to_words(amount: Decimal, style: &Style) -> String {
    let amount = amount.normalize();
    let mut words: Vec<&'static str> = Vec::new();
    if amount.is_sign_negative() && !amount.is_zero() {
        words.push("âm");
    }
    let abs = amount.abs();
    let int = abs.trunc();
    let int_value: u128 = int.mantissa().unsigned_abs() / 10u128.pow(int.scale());
    if int_value == 0 {
        words.push("không");
    } else {
        integer_words(int_value, style, &mut words);
    }
    let mut text = words.join(" ");
    let frac = abs - int;
    if !frac.is_zero() {
        // "phẩy" then the decimals: leading zeros one by one, then the rest
        // as a number (0,05 → "không phẩy không năm").
        let digits = frac.to_string();
        let digits = digits.trim_start_matches("0.");
        let zeros = digits.len() - digits.trim_start_matches('0').len();
        let rest: u128 = digits.trim_start_matches('0').parse().unwrap_or(0);
        text.push_str(" phẩy");
        for _ in 0..zeros {
            text.push_str(" không");
        }
        let mut w = Vec::new();
        integer_words(rest, style, &mut w);
        text.push(' ');
        text.push_str(&w.join(" "));
    }
    text.push_str(" đồng");
    if style.chan && frac.is_zero() {
        text.push_str(" chẵn");
    }
    if style.end_mark {
        text.push_str("./.");
    }
    capitalise(&text)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Why words could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordsError {
    /// The word that broke, as written.
    pub word: String,
    /// Its position: 1-based word number in the text as given, prefix
    /// ("Bằng chữ:") included.
    pub position: usize,
    /// What was wrong with it.
    pub reason: &'static str,
}

impl WordsError {
    /// The error in Vietnamese: "từ thứ 5 «nghìm»: không phải chữ số".
    pub fn vietnamese(&self) -> String {
        if self.position == 0 {
            return format!("«{}»: {}", self.word, reason_vi(self.reason));
        }
        format!(
            "từ thứ {} «{}»: {}",
            self.position,
            self.word,
            reason_vi(self.reason)
        )
    }
}

/// A reason of [`WordsError`] in Vietnamese.
pub fn reason_vi(reason: &str) -> &'static str {
    match reason {
        "no amount words" => "không có chữ số tiền nào",
        "not a number word" => "không phải chữ số",
        "decimals too long" => "phần thập phân quá dài",
        "no number" => "thiếu số",
        "hundreds out of place" => "«trăm» sai chỗ",
        "tens out of place" => "«mươi» sai chỗ",
        "two units in a row" => "hai chữ số hàng đơn vị liền nhau",
        "ten out of place" => "«mười» sai chỗ",
        "linh/lẻ must follow hundreds" => "«linh»/«lẻ» phải đứng sau hàng trăm",
        "needs a digit before it" => "thiếu chữ số đứng trước",
        "needs a number before it" => "thiếu số đứng trước",
        "scale words out of order" => "«tỷ», «triệu», «nghìn» sai thứ tự",
        "too large" => "số quá lớn",
        "out of place" => "sai chỗ",
        _ => "không đọc được",
    }
}

impl std::fmt::Display for WordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "word {} «{}»: {}", self.position, self.word, self.reason)
    }
}

impl std::error::Error for WordsError {}

/// One word of the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Digit(u32),
    /// "mười", or "muoi" where no digit comes before it.
    Ten,
    /// "mươi", or "muoi" after a digit.
    Tens,
    Hundred,
    /// "linh", "lẻ".
    ZeroTen,
    Thousand,
    Million,
    Billion,
    Point,
    Minus,
}

fn token(w: &str) -> Option<Token> {
    use Token::*;
    Some(match w {
        "không" | "khong" => Digit(0),
        "một" | "mốt" | "mot" => Digit(1),
        "hai" => Digit(2),
        "ba" => Digit(3),
        "bốn" | "bon" | "tư" | "tu" => Digit(4),
        "năm" | "nam" | "lăm" | "lam" | "nhăm" | "nham" => Digit(5),
        "sáu" | "sau" => Digit(6),
        "bảy" | "bẩy" | "bay" => Digit(7),
        "tám" | "tam" => Digit(8),
        "chín" | "chin" => Digit(9),
        "mười" => Ten,
        "mươi" => Tens,
        "muoi" => Tens, // decided by what precedes it
        "trăm" | "tram" => Hundred,
        "linh" | "lẻ" | "le" => ZeroTen,
        "nghìn" | "ngàn" | "nghin" | "ngan" => Thousand,
        "triệu" | "trieu" => Million,
        "tỷ" | "tỉ" | "ty" | "ti" => Billion,
        "phẩy" | "phay" => Point,
        "âm" | "am" => Minus,
        _ => return None,
    })
}

/// Strips what surrounds amount words: "Bằng chữ:", "(Viết bằng chữ)",
/// "Số tiền bằng chữ:", brackets, "đồng", "đồng chẵn", "VNĐ", "./.".
fn strip_frame(text: &str) -> String {
    let mut t = fold(text)
        .replace("./.", " ")
        .replace(['(', ')', '[', ']', '"', '“', '”'], " ");
    for prefix in [
        "số tiền viết bằng chữ",
        "số tiền bằng chữ",
        "viết bằng chữ",
        "bằng chữ",
        "so tien bang chu",
        "bang chu",
    ] {
        if let Some(pos) = t.find(prefix) {
            t = t[pos + prefix.len()..].to_string();
            break;
        }
    }
    let t = t.trim_start_matches([':', ' ', '-']).to_string();
    let mut words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(last) = words.last() {
        if matches!(
            *last,
            "đồng" | "dong" | "chẵn" | "chan" | "vnđ" | "vnd" | "đ" | "/"
        ) {
            words.pop();
        } else {
            break;
        }
    }
    words.join(" ")
}

/// Reads amount words back into a number of đồng. Accepts every regional
/// variant (linh/lẻ, nghìn/ngàn, mốt, lăm/nhăm, tư), text with or without
/// diacritics, NFC or NFD, any capitalisation, the usual prefixes and
/// endings. An unreadable word is an error that names it and its position.
pub fn parse_words(text: &str) -> Result<Decimal, WordsError> {
    parse_body(text).map_err(|e| as_written(text, e))
}

/// The error pointed at the word as the text writes it ("Nghìm", not
/// "nghìm") and counted in the whole text: the frame stripped before
/// reading ("Số tiền bằng chữ:") is words the user sees.
fn as_written(text: &str, e: WordsError) -> WordsError {
    let split = |t: &str| -> Vec<String> {
        t.split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '“' | '”'
                )
        })
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
    };
    let written = split(text);
    let body: Vec<String> = strip_frame(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let folded: Vec<String> = written.iter().map(|w| fold(w)).collect();
    let at = (0..=folded.len().saturating_sub(body.len())).find(|&p| {
        folded[p..].iter().zip(&body).all(|(a, b)| a == b) && folded.len() >= p + body.len()
    });
    match at.and_then(|p| Some((p, written.get(p + e.position.checked_sub(1)?)?))) {
        Some((p, word)) => WordsError {
            word: word.clone(),
            position: p + e.position,
            reason: e.reason,
        },
        None => e,
    }
}

fn parse_body(text: &str) -> Result<Decimal, WordsError> {
    let body = strip_frame(text);
    let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(WordsError {
            word: text.trim().to_string(),
            position: 0,
            reason: "no amount words",
        });
    }
    let mut tokens = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let Some(mut t) = token(w) else {
            return Err(WordsError {
                word: w.to_string(),
                position: i + 1,
                reason: "not a number word",
            });
        };
        // Without diacritics "muoi" is mười at the start of a ten and mươi
        // after a digit.
        if *w == "muoi" && !matches!(tokens.last(), Some(Token::Digit(_))) {
            t = Token::Ten;
        }
        tokens.push(t);
    }
    let err = |i: usize, reason| WordsError {
        word: words[i].to_string(),
        position: i + 1,
        reason,
    };
    let mut negative = false;
    let mut start = 0;
    if tokens.first() == Some(&Token::Minus) {
        negative = true;
        start = 1;
    }
    let point = tokens.iter().position(|t| *t == Token::Point);
    let int_end = point.unwrap_or(tokens.len());
    let int = read_integer(&tokens[start..int_end]).map_err(|(i, r)| err(start + i, r))?;
    let mut value = i128::try_from(int)
        .ok()
        .and_then(|n| Decimal::try_from_i128_with_scale(n, 0).ok())
        .ok_or_else(|| err(int_end.saturating_sub(1).max(start), "too large"))?;
    if let Some(p) = point {
        let frac = &tokens[p + 1..];
        let zeros = frac.iter().take_while(|t| **t == Token::Digit(0)).count();
        let rest = read_integer(&frac[zeros..]).map_err(|(i, r)| err(p + 1 + zeros + i, r))?;
        let digits = format!(
            "0.{}{}",
            "0".repeat(zeros),
            if rest > 0 {
                rest.to_string()
            } else {
                String::new()
            }
        );
        value += Decimal::from_str_exact(digits.trim_end_matches('.'))
            .map_err(|_| err(p, "decimals too long"))?;
    }
    Ok(if negative { -value } else { value })
}

/// Reads an integer from tokens; `Err((index, reason))` on the token that
/// breaks the grammar.
fn read_integer(tokens: &[Token]) -> Result<u128, (usize, &'static str)> {
    if tokens.is_empty() {
        return Err((0, "no number"));
    }
    let mut result: u128 = 0; // everything multiplied up to tỷ already
    let mut section: u128 = 0; // triệu and nghìn parts below the next tỷ
    let mut small: u128 = 0; // the current group, below 1000
                             // Where in a group we are: 0 start, 1 after hundreds, 2 after tens, 3 after unit.
    let mut place = 0;
    // The last triệu/nghìn within the current part, and the last run of tỷ.
    let mut section_scale: u128 = 0;
    let mut last_run: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let next = tokens.get(i + 1).copied();
        match tokens[i] {
            Token::Digit(d) => match next {
                Some(Token::Hundred) => {
                    if place != 0 {
                        return Err((i, "hundreds out of place"));
                    }
                    small += u128::from(d) * 100;
                    place = 1;
                    i += 1;
                }
                Some(Token::Tens) => {
                    if place > 1 || d < 2 {
                        return Err((i, "tens out of place"));
                    }
                    small += u128::from(d) * 10;
                    place = 2;
                    i += 1;
                }
                _ => {
                    if place > 2 {
                        return Err((i, "two units in a row"));
                    }
                    small += u128::from(d);
                    place = 3;
                }
            },
            Token::Ten => {
                if place > 1 {
                    return Err((i, "ten out of place"));
                }
                small += 10;
                place = 2;
            }
            Token::ZeroTen => {
                if place != 1 {
                    return Err((i, "linh/lẻ must follow hundreds"));
                }
                place = 2;
            }
            Token::Tens | Token::Hundred => return Err((i, "needs a digit before it")),
            Token::Thousand | Token::Million => {
                let scale: u128 = if tokens[i] == Token::Thousand {
                    1_000
                } else {
                    1_000_000
                };
                if place == 0 {
                    return Err((i, "needs a number before it"));
                }
                // Below each tỷ: triệu before nghìn, each at most once
                // ("hai nghìn ba triệu" is no number).
                if section_scale != 0 && scale >= section_scale {
                    return Err((i, "scale words out of order"));
                }
                section_scale = scale;
                section = section
                    .checked_add(small.checked_mul(scale).ok_or((i, "too large"))?)
                    .ok_or((i, "too large"))?;
                small = 0;
                place = 0;
            }
            Token::Billion => {
                // A run of tỷ: "tỷ" 10⁹, "tỷ tỷ" 10¹⁸. Runs go down from
                // left to right: "một tỷ tỷ hai tỷ" is a number, "một tỷ một
                // tỷ" (pasted twice) is not.
                let run = tokens[i..]
                    .iter()
                    .take_while(|t| **t == Token::Billion)
                    .count();
                if last_run.is_some_and(|prev| run >= prev) {
                    return Err((i, "scale words out of order"));
                }
                let part = section + small;
                if part == 0 {
                    return Err((i, "needs a number before it"));
                }
                let mut chunk = part;
                for _ in 0..run {
                    chunk = chunk.checked_mul(1_000_000_000).ok_or((i, "too large"))?;
                }
                result = result.checked_add(chunk).ok_or((i, "too large"))?;
                last_run = Some(run);
                section = 0;
                section_scale = 0;
                small = 0;
                place = 0;
                i += run - 1;
            }
            Token::Point | Token::Minus => return Err((i, "out of place")),
        }
        i += 1;
    }
    Ok(result + section + small)
}

/// Whether a words line states no words yet: "Bằng chữ:" alone (or with
/// dots, "./."), as a template leaves it for `format` to fill.
///
/// ```
/// assert!(phuluc::words::is_blank_line("Bằng chữ: "));
/// assert!(phuluc::words::is_blank_line("Bằng chữ: ……./."));
/// assert!(!phuluc::words::is_blank_line("Bằng chữ: Năm triệu đồng"));
/// ```
pub fn is_blank_line(text: &str) -> bool {
    let folded = crate::text::fold(text);
    folded.strip_prefix("bằng chữ").is_some_and(|rest| {
        rest.chars()
            .all(|c| matches!(c, ':' | '.' | '…' | '/' | '-' | '_') || c.is_whitespace())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: u128) -> String {
        to_words(
            Decimal::from_i128_with_scale(n as i128, 0),
            &Style::default(),
        )
    }

    #[test]
    fn domain_examples() {
        for (n, words) in [
            (21u128, "Hai mươi mốt đồng"),
            (25, "Hai mươi lăm đồng"),
            (15, "Mười lăm đồng"),
            (14, "Mười bốn đồng"),
            (104, "Một trăm linh bốn đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (1_005, "Một nghìn không trăm linh năm đồng"),
            (
                523_056,
                "Năm trăm hai mươi ba nghìn không trăm năm mươi sáu đồng",
            ),
            (1_000_005, "Một triệu không trăm linh năm đồng"),
            (1_000_010, "Một triệu không trăm mười đồng"),
            (1_000_000_001, "Một tỷ không trăm linh một đồng"),
            (15_000_000, "Mười lăm triệu đồng"),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"),
            (1_000_000_000_000_000, "Một triệu tỷ đồng"),
            (1_000_000_000_000_000_000, "Một tỷ tỷ đồng"),
            (3_277_000_000, "Ba tỷ hai trăm bảy mươi bảy triệu đồng"),
            (0, "Không đồng"),
        ] {
            assert_eq!(w(n), words, "{n}");
            assert_eq!(
                parse_words(words).unwrap(),
                Decimal::from_i128_with_scale(n as i128, 0),
                "{words}"
            );
        }
    }

    #[test]
    fn variants_are_read() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(parse_words("Một trăm lẻ năm đồng").unwrap(), d(105));
        assert_eq!(
            parse_words("hai mươi tư nghìn đồng chẵn").unwrap(),
            d(24_000)
        );
        assert_eq!(parse_words("Mười nhăm ngàn đồng./.").unwrap(), d(15_000));
        assert_eq!(
            parse_words("(Viết bằng chữ: Một triệu đồng)").unwrap(),
            d(1_000_000)
        );
        assert_eq!(
            parse_words("Số tiền bằng chữ: Âm hai nghìn đồng").unwrap(),
            d(-2_000)
        );
        assert_eq!(parse_words("MOT TRAM MUOI LAM DONG").unwrap(), d(115));
        assert_eq!(parse_words("hai muoi mot").unwrap(), d(21));
        assert_eq!(
            parse_words("một nghìn không trăm linh năm VNĐ").unwrap(),
            d(1005)
        );
        assert_eq!(
            parse_words("Một phẩy năm đồng").unwrap(),
            Decimal::new(15, 1)
        );
        assert_eq!(
            parse_words("không phẩy không năm").unwrap(),
            Decimal::new(5, 2)
        );
    }

    #[test]
    fn nfd_reads_like_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Ba tỷ hai trăm bảy mươi bảy triệu đồng".nfd().collect();
        assert_eq!(parse_words(&nfd).unwrap(), Decimal::from(3_277_000_000u64));
    }

    #[test]
    fn the_word_that_breaks_is_named() {
        let e = parse_words("Ba tỷ hai trăm bảy mươi bẩy triệu xyz đồng").unwrap_err();
        assert_eq!((e.word.as_str(), e.position), ("xyz", 9));
        let e = parse_words("hai trăm ba trăm").unwrap_err();
        assert_eq!(e.position, 3);
        assert!(parse_words("Bằng chữ:").is_err());
    }

    #[test]
    fn styles() {
        let south = Style {
            chan: true,
            end_mark: true,
            ..Style::south()
        };
        assert_eq!(
            to_words(Decimal::from(1_105_000), &south),
            "Một triệu một trăm lẻ năm ngàn đồng chẵn./."
        );
        let tu = Style {
            tu: true,
            ..Style::default()
        };
        assert_eq!(to_words(Decimal::from(24), &tu), "Hai mươi tư đồng");
        assert_eq!(
            to_words(Decimal::from(-5), &Style::default()),
            "Âm năm đồng"
        );
        assert_eq!(
            to_words(Decimal::new(12345, 1), &Style::default()),
            "Một nghìn hai trăm ba mươi bốn phẩy năm đồng"
        );
    }
}
