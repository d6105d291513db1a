//! A1 cell addresses: writing them from 0-based (row, column) and reading
//! them back. Every stage uses these; they depend on nothing.

/// An A1 address from absolute 0-based row and column: `(0, 0)` → `A1`.
///
/// ```
/// assert_eq!(phuluc::a1::a1(51, 4), "E52");
/// assert_eq!(phuluc::a1::a1(0, 27), "AB1");
/// ```
pub fn a1(row: u32, col: u32) -> String {
    column_letters(col) + &(u64::from(row) + 1).to_string()
}

/// The column letters alone: `4` → `E`, `27` → `AB`.
///
/// ```
/// assert_eq!(phuluc::a1::column_letters(27), "AB");
/// ```
pub fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based (row, column) of an A1 address ("E12", "$E$12"); `None` for
/// anything else, or beyond Excel's grid (16,384 columns, 1,048,576 rows).
///
/// ```
/// assert_eq!(phuluc::a1::parse("E12"), Some((11, 4)));
/// assert_eq!(phuluc::a1::parse("$AB$1"), Some((0, 27)));
/// assert_eq!(phuluc::a1::parse("E0"), None);
/// assert_eq!(phuluc::a1::parse("XFE1"), None);
/// ```
pub fn parse(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A') + 1)
        - 1;
    let row: u32 = digits.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col < 16_384).then(|| (row - 1, col))
}
