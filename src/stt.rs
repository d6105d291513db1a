//! The STT ("số thứ tự") column: numbering as commune tables write it, and
//! the item tree it implies.
//!
//! Sections are Roman (I, II) or capital letters (A, B); items are numbers
//! (1, 2), dotted paths (1.1, 1.3.1), lower-case letters (a, b, a), b.) and
//! bullets (-, +). The tree is not fixed by the kind of numbering but by the
//! order kinds first appear in: a kind seen for the first time nests under
//! the row above, a kind seen before closes everything opened since. That is
//! how readers of these tables understand them, whatever the office chose.
//!
//! ```
//! use phuluc::stt::{parse, Stt};
//! assert_eq!(parse("1.3.1"), Some(Stt::Number(vec![1, 3, 1].into())));
//! assert_eq!(parse("III"), Some(Stt::Roman(3)));
//! assert_eq!(parse("b)"), Some(Stt::Lower('b')));
//! ```

/// A parsed STT cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stt {
    /// Roman numeral section: `I`, `II`, `IV.`
    Roman(u32),
    /// Capital letter section: `A`, `B.`
    Upper(char),
    /// A single letter that is both a Roman numeral and a capital letter
    /// (`I`, `V`, `X`, `L`, `C`, `D`, `M`): decided by what surrounds it.
    RomanOrUpper(u32, char),
    /// Number or dotted path: `1`, `1.1`, `1.3.1`, `2.`
    Number(Path),
    /// Lower-case letter: `a`, `b)`, `đ.`
    Lower(char),
    /// A bullet: `-`, `+`, `*`, `•`
    Bullet(char),
    /// A budget classification code (Chương, Loại, Khoản, Mục, Tiểu mục):
    /// its depth in the classification, and the code. Codes nest by depth,
    /// never by counting: 6001 follows 6000 with 6002 … absent by design.
    Code(u8, u32),
}

/// The parts of a dotted number (1.3.1 → 1, 3, 1), read as a slice. Up to
/// three are kept inline and more behind one pointer, so that a numbering
/// takes 16 bytes: every numbered row of a million-row table was an
/// allocation of its own (32 MB) and 32 bytes in its item.
///
/// ```
/// use phuluc::stt::Path;
/// let p = Path::from(vec![1, 3, 1]);
/// assert_eq!(p.as_slice(), [1, 3, 1]);
/// assert_eq!(p.last(), Some(&1));
/// assert_eq!(Path::from(vec![1, 2, 3, 4, 5]).len(), 5);
/// assert_eq!(format!("{p:?}"), "[1, 3, 1]");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Path(PathParts);

// Canonical: `Inline` whenever the parts fit, its unused parts zero, so
// the derived comparisons are the slices'.
#[derive(Clone, PartialEq, Eq, Hash)]
enum PathParts {
    Inline(u8, [u32; 3]),
    // Boxed twice: a thin pointer keeps the path at 16 bytes.
    Heap(Box<Box<[u32]>>),
}

impl Path {
    /// The parts.
    pub fn as_slice(&self) -> &[u32] {
        match &self.0 {
            PathParts::Inline(len, parts) => &parts[..*len as usize],
            PathParts::Heap(parts) => &parts[..],
        }
    }
}

impl std::ops::Deref for Path {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Path {
    fn deref_mut(&mut self) -> &mut [u32] {
        match &mut self.0 {
            PathParts::Inline(len, parts) => &mut parts[..*len as usize],
            PathParts::Heap(parts) => &mut parts[..],
        }
    }
}

impl From<Vec<u32>> for Path {
    fn from(parts: Vec<u32>) -> Path {
        if parts.len() <= 3 {
            let mut inline = [0; 3];
            inline[..parts.len()].copy_from_slice(&parts);
            Path(PathParts::Inline(parts.len() as u8, inline))
        } else {
            Path(PathParts::Heap(Box::new(parts.into_boxed_slice())))
        }
    }
}

impl std::fmt::Debug for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The kind of numbering a row uses; rows of one kind are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "depth")]
pub enum Kind {
    /// I, II, III.
    Roman,
    /// A, B, C.
    Upper,
    /// 1, 1.1, 1.1.1, by depth (1 for "1").
    Number(u8),
    /// a, b, c (or a), b)).
    Lower,
    /// -, +, *: the bullet.
    Bullet(char),
    /// A row with amounts and no STT below a heading.
    Unnumbered,
    /// A budget classification code at a depth.
    Code(u8),
}

impl Stt {
    /// The kind, once ambiguity is resolved.
    pub fn kind(&self) -> Kind {
        match self {
            Stt::Roman(_) | Stt::RomanOrUpper(..) => Kind::Roman,
            Stt::Upper(_) => Kind::Upper,
            Stt::Number(p) => Kind::Number(p.len().min(255) as u8),
            Stt::Lower(_) => Kind::Lower,
            Stt::Bullet(c) => Kind::Bullet(*c),
            Stt::Code(depth, _) => Kind::Code(*depth),
        }
    }

    /// The position among siblings (II → 2, c → 3, 1.3.2 → 2); bullets have none.
    pub fn ordinal(&self) -> Option<u32> {
        match self {
            Stt::Roman(n) | Stt::RomanOrUpper(n, _) => Some(*n),
            Stt::Upper(c) => Some(letter_index(c.to_ascii_lowercase())),
            Stt::Number(p) => p.last().copied(),
            Stt::Lower(c) => Some(letter_index(*c)),
            Stt::Bullet(_) | Stt::Code(..) => None,
        }
    }

    /// Renders the numbering back, canonically (`II`, `1.3`, `a`).
    pub fn render(&self) -> String {
        match self {
            Stt::Roman(n) | Stt::RomanOrUpper(n, _) => to_roman(*n),
            Stt::Upper(c) => c.to_string(),
            Stt::Number(p) => p
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("."),
            Stt::Lower(c) => c.to_string(),
            Stt::Bullet(c) => c.to_string(),
            Stt::Code(_, code) => code.to_string(),
        }
    }
}

/// Alphabet used to order letters: Vietnamese adds đ after d and never uses
/// f, j, w, z; both orders are accepted as "next".
const LETTERS: &str = "abcdđefghijklmnopqrstuvwxyz";

/// The 1-based index of a lower-case letter in the Vietnamese alphabet (0 for
/// none).
pub fn letter_index(c: char) -> u32 {
    LETTERS
        .chars()
        .position(|l| l == c)
        .map(|p| p as u32 + 1)
        .unwrap_or(0)
}

/// The letter at a 1-based index in the Vietnamese alphabet (a, b, c, d, đ, e …).
pub fn letter_at(i: u32) -> Option<char> {
    LETTERS.chars().nth(i.checked_sub(1)? as usize)
}

/// Whether ordinal `next` directly follows `prev` for letters, in the
/// Vietnamese alphabet (a b c d đ e g h …) or the English one.
pub fn letter_follows(prev: u32, next: u32) -> bool {
    if next == prev + 1 {
        return true;
    }
    // Skipping one letter that one of the two alphabets lacks.
    next == prev + 2
        && letter_at(prev + 1).is_some_and(|skipped| matches!(skipped, 'đ' | 'f' | 'j' | 'w' | 'z'))
}

/// Parses an STT cell; `None` for a blank or for text that is no numbering.
pub fn parse(text: &str) -> Option<Stt> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if t.is_empty() {
        return None;
    }
    if t.chars().count() == 1 {
        if let Some(c) = t.chars().next() {
            if matches!(c, '-' | '+' | '*' | '•' | '–' | '·' | '○' | '●') {
                return Some(Stt::Bullet(if c == '–' { '-' } else { c }));
            }
        }
    }
    let core = t
        .strip_suffix(['.', ')', ':'])
        .unwrap_or(t)
        .trim_start_matches('(');
    if core.is_empty() || core.len() > 24 {
        return None;
    }
    if core.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 8 || parts.iter().any(|p| p.is_empty() || p.len() > 5) {
            return None;
        }
        let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        return nums.map(|n| Stt::Number(n.into()));
    }
    let mut chars = core.chars();
    let first = chars.next()?;
    if chars.next().is_none() {
        if first.is_lowercase() && letter_index(first) > 0 {
            return Some(Stt::Lower(first));
        }
        if first.is_uppercase() {
            let lower = first.to_lowercase().next()?;
            if letter_index(lower) > 0 {
                return Some(match from_roman(core) {
                    Some(n) => Stt::RomanOrUpper(n, first),
                    None => Stt::Upper(first),
                });
            }
        }
        return None;
    }
    from_roman(core).map(Stt::Roman)
}

/// A strict Roman numeral (`I`..`MMMCMXCIX`), upper case.
fn from_roman(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return None;
    }
    let value = |b: u8| -> i64 {
        match b {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            b'C' => 100,
            b'D' => 500,
            _ => 1000,
        }
    };
    let bytes = s.as_bytes();
    let mut total = 0i64;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value(b);
        match bytes.get(i + 1) {
            Some(&n) if value(n) > v => total -= v,
            _ => total += v,
        }
    }
    // Only the canonical spelling counts: "IIII" or "VX" are not numerals.
    let total = u32::try_from(total).ok()?;
    (total > 0 && total < 4000 && to_roman(total) == s).then_some(total)
}

/// Writes a number as a Roman numeral.
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// One row's place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Depth: 0 for the outermost rows.
    pub level: usize,
    /// Index of the parent row in the sequence given to [`Outline::place`].
    pub parent: Option<usize>,
    /// The numbering with ambiguity resolved (`None` for unnumbered rows).
    pub stt: Option<Stt>,
}

/// Builds the tree row by row (see the module documentation).
#[derive(Debug, Default)]
pub struct Outline {
    /// Open kinds, outermost first, with the row that opened each and, for
    /// a capital-letter section, its letter (what `resolve` needs: the rest
    /// of the numbering is in the rows themselves).
    stack: Vec<(Kind, usize, Option<char>, bool)>,
    /// How many rows were placed.
    placed: usize,
    /// The last row placed: its level, parent and whether it was numbered
    /// (all that placing the next one looks at; keeping every row's place
    /// cost a large table 6 MB per 100,000 rows).
    last: Option<(usize, Option<usize>, bool)>,
    /// Each kind the sheet has used, with the kind it first appeared under
    /// (`None` at the top): the nesting order the sheet declares, first
    /// appearance first (Roman numerals may sit below arabic numbers).
    first_under: Vec<(Kind, Option<Kind>)>,
}

impl Outline {
    /// Creates an empty outline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Places the next row. An unnumbered row right below a numbered one is
    /// its child; further unnumbered rows are siblings of the row above.
    pub fn place(&mut self, stt: Option<Stt>) -> Place {
        let index = self.placed;
        let place = match stt {
            Some(stt) => {
                let stt = self.mixed_case(self.resolve(stt));
                let kind = stt.kind();
                let seen = self
                    .first_under
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map(|s| s.1);
                if let Some(pos) = self.stack.iter().position(|(k, ..)| *k == kind) {
                    self.stack.truncate(pos);
                } else if let Some(pos) = seen
                    .flatten()
                    .and_then(|u| self.stack.iter().position(|(k, ..)| *k == u))
                {
                    // A kind the sheet has nested before goes back under
                    // the kind it first appeared under, when that is open.
                    self.stack.truncate(pos + 1);
                } else if matches!(kind, Kind::Roman | Kind::Upper)
                    && stt.ordinal() != Some(1)
                    && !self
                        .stack
                        .iter()
                        .any(|(k, ..)| matches!(k, Kind::Roman | Kind::Upper))
                {
                    // A section (II, B) after plain numbered rows opens a new
                    // section; it never nests under item 46 of a list whose
                    // first section had no heading row. A first one (I, A)
                    // right under a numbered row nests below it: the sheet
                    // numbers its sections below arabic numbers.
                    self.stack.clear();
                }
                if seen.is_none() {
                    let under = self.stack.last().map(|(k, ..)| *k);
                    self.first_under.push((kind, under));
                }
                let parent = self.stack.last().map(|(_, i, ..)| *i);
                let letter = match stt {
                    Stt::Upper(u) => Some(u),
                    _ => None,
                };
                self.stack.push((kind, index, letter, false));
                Place {
                    level: self.stack.len() - 1,
                    parent,
                    stt: Some(stt),
                }
            }
            None => match self.last {
                // Right below a numbered row: a child, whether the row is a
                // heading or carries the subtotal ("1 … 213.391", then its
                // unnumbered "Thu thuế …" and "Viện trợ …" rows).
                Some((_, _, numbered))
                    if numbered && self.stack.last().map(|s| s.1) == Some(index - 1) =>
                {
                    self.stack.push((Kind::Unnumbered, index, None, false));
                    Place {
                        level: self.stack.len() - 1,
                        parent: Some(index - 1),
                        stt: None,
                    }
                }
                // Otherwise a sibling of the row above.
                Some((level, parent, _)) => Place {
                    level,
                    parent,
                    stt: None,
                },
                None => Place {
                    level: 0,
                    parent: None,
                    stt: None,
                },
            },
        };
        self.placed += 1;
        self.last = Some((place.level, place.parent, place.stt.is_some()));
        place
    }

    /// Whether a group heading (`place_heading`) is open: a list under it
    /// may be carried on under the next one.
    pub fn heading_open(&self) -> bool {
        self.stack.iter().any(|e| e.3)
    }

    /// Places an unnumbered row with its own subtotal that opens a numbered
    /// list (the next row is the first of `next`'s kind: 1, I, A, a): a
    /// group heading ("Thu ngân sách xã", then 1, 2 …; "Chi ngân sách xã",
    /// then 1, 2 …). It is a sibling of the heading before it, or, for the
    /// first, stands where the list it opens would; the list goes under it.
    pub fn place_heading(&mut self, next: Kind) -> Place {
        let index = self.placed;
        if let Some(pos) = self.stack.iter().rposition(|e| e.3) {
            self.stack.truncate(pos);
        } else if let Some(pos) = self.stack.iter().position(|(k, ..)| *k == next) {
            self.stack.truncate(pos);
        }
        let parent = self.stack.last().map(|(_, i, ..)| *i);
        self.stack.push((Kind::Unnumbered, index, None, true));
        let place = Place {
            level: self.stack.len() - 1,
            parent,
            stt: None,
        };
        self.placed += 1;
        self.last = Some((place.level, place.parent, false));
        place
    }

    /// A lower-case letter that continues the open capital's sequence ("A",
    /// then "b", "c") is a capital of that sequence: one sequence typed in
    /// mixed case, siblings, not a list nested under "A".
    fn mixed_case(&self, stt: Stt) -> Stt {
        let Stt::Lower(c) = stt else {
            return stt;
        };
        if self.stack.iter().any(|(k, ..)| *k == Kind::Lower) {
            return stt;
        }
        let open_upper = self
            .stack
            .iter()
            .rev()
            .find_map(|(k, _, s, _)| match (k, s) {
                (Kind::Upper, Some(u)) => Some(*u),
                _ => None,
            });
        match open_upper {
            Some(u) if letter_follows(letter_index(u.to_ascii_lowercase()), letter_index(c)) => {
                Stt::Upper(c.to_ascii_uppercase())
            }
            _ => stt,
        }
    }

    fn resolve(&self, stt: Stt) -> Stt {
        let Stt::RomanOrUpper(n, c) = stt else {
            return stt;
        };
        let last_upper = self
            .stack
            .iter()
            .rev()
            .find_map(|(k, _, s, _)| match (k, s) {
                (Kind::Upper, Some(u)) => Some(*u),
                _ => None,
            });
        let roman_open = self.stack.iter().any(|(k, ..)| *k == Kind::Roman);
        let follows_upper = last_upper.is_some_and(|u| {
            letter_follows(
                letter_index(u.to_ascii_lowercase()),
                letter_index(c.to_ascii_lowercase()),
            )
        });
        if follows_upper || (last_upper.is_some() && !roman_open && c != 'I') {
            Stt::Upper(c)
        } else if roman_open || c == 'I' {
            Stt::Roman(n)
        } else {
            Stt::Upper(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(parse("IV"), Some(Stt::Roman(4)));
        assert_eq!(parse("IX."), Some(Stt::Roman(9)));
        assert_eq!(parse("XIV"), Some(Stt::Roman(14)));
        assert_eq!(parse("I"), Some(Stt::RomanOrUpper(1, 'I')));
        assert_eq!(parse("IIII"), None);
        assert_eq!(parse("A"), Some(Stt::Upper('A')));
        assert_eq!(parse("2.1.3"), Some(Stt::Number(vec![2, 1, 3].into())));
        assert_eq!(parse("1."), Some(Stt::Number(vec![1].into())));
        let deep = parse("1.2.3.4.5.6").unwrap();
        assert_eq!(deep, Stt::Number(vec![1, 2, 3, 4, 5, 6].into()));
        assert_eq!(deep.render(), "1.2.3.4.5.6");
        assert_eq!(deep.ordinal(), Some(6));
        assert_eq!(std::mem::size_of::<Option<Stt>>(), 16);
        assert_eq!(parse("a)"), Some(Stt::Lower('a')));
        assert_eq!(parse("đ"), Some(Stt::Lower('đ')));
        assert_eq!(parse("-"), Some(Stt::Bullet('-')));
        assert_eq!(parse("+"), Some(Stt::Bullet('+')));
        assert_eq!(parse("Tổng cộng"), None);
        assert_eq!(parse(""), None);
        assert_eq!(to_roman(1994), "MCMXCIV");
    }

    fn outline(rows: &[&str]) -> Vec<(usize, Option<usize>)> {
        let mut o = Outline::new();
        rows.iter()
            .map(|r| {
                let p = o.place(parse(r));
                (p.level, p.parent)
            })
            .collect()
    }

    #[test]
    fn tree_from_numbering() {
        assert_eq!(
            outline(&["I", "1", "1.1", "1.2", "2", "II", "1"]),
            vec![
                (0, None),
                (1, Some(0)),
                (2, Some(1)),
                (2, Some(1)),
                (1, Some(0)),
                (0, None),
                (1, Some(5))
            ]
        );
        // Bullets under a lettered item, then the next number.
        assert_eq!(
            outline(&["1", "a", "-", "-", "b", "2"]),
            vec![
                (0, None),
                (1, Some(0)),
                (2, Some(1)),
                (2, Some(1)),
                (1, Some(0)),
                (0, None)
            ]
        );
    }

    #[test]
    fn letter_i_after_h_is_a_letter() {
        let rows = ["A", "B", "C", "D", "E", "G", "H", "I"];
        let mut o = Outline::new();
        let last = rows.iter().map(|r| o.place(parse(r)).stt).last().flatten();
        assert_eq!(last, Some(Stt::Upper('I')));
        let mut o = Outline::new();
        o.place(parse("I"));
        o.place(parse("1"));
        assert_eq!(o.place(parse("II")).stt, Some(Stt::Roman(2)));
    }

    #[test]
    fn unnumbered_rows_under_a_heading() {
        let mut o = Outline::new();
        o.place(parse("1"));
        assert_eq!(o.place(None).parent, Some(0));
        assert_eq!(o.place(None).parent, Some(0));
        assert_eq!(o.place(parse("2")).parent, None);
    }

    #[test]
    fn kinds_nest_in_the_order_the_sheet_declares() {
        // Roman numerals below arabic numbers: the first I under 1 sets it.
        assert_eq!(
            outline(&["1", "I", "II", "2", "I", "II"]),
            vec![
                (0, None),
                (1, Some(0)),
                (1, Some(0)),
                (0, None),
                (1, Some(3)),
                (1, Some(3))
            ]
        );
        // A section numbered II after a list whose first heading is
        // missing still opens a new section.
        assert_eq!(
            outline(&["1", "2", "II", "1"]),
            vec![(0, None), (0, None), (0, None), (1, Some(2))]
        );
    }

    #[test]
    fn a_heading_opens_the_list_under_it() {
        // "Thu ngân sách xã" 1 2, "Chi ngân sách xã" 1: siblings, each
        // over its own list.
        let mut o = Outline::new();
        assert_eq!(o.place_heading(Kind::Number(1)).parent, None);
        assert_eq!(o.place(parse("1")).parent, Some(0));
        assert_eq!(o.place(parse("2")).parent, Some(0));
        let h = o.place_heading(Kind::Number(1));
        assert_eq!((h.level, h.parent), (0, None));
        assert_eq!(o.place(parse("1")).parent, Some(3));
        assert_eq!(o.place(parse("II")).parent, None);
    }

    #[test]
    fn one_lettered_sequence_in_mixed_case() {
        assert_eq!(
            outline(&["A", "1", "b", "1", "c."]),
            vec![(0, None), (1, Some(0)), (0, None), (1, Some(2)), (0, None)]
        );
        // A list of its own under "A" starts at a.
        assert_eq!(
            outline(&["A", "a", "b", "B"]),
            vec![(0, None), (1, Some(0)), (1, Some(0)), (0, None)]
        );
    }
}
