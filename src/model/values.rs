//! An item's amount cells: [`Values`], one [`Value`] per numeric column.
//!
//! Every amount cell of a table is a [`Value`], so it is kept small: the
//! amount and how it was read, 16 bytes. The rare texts a cell said instead
//! of an amount (a malformed number, words, an error value, a footnote
//! marker) and the two readings of an ambiguous number are not in each
//! value: they sit beside the item's values, in a list that is empty — no
//! allocation — for the ordinary row. A million-row table's amounts took
//! 48 bytes each, then 24.

use crate::number::{Convention, Style};
use rust_decimal::Decimal;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

/// The two readings of a text number such as `1.200`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    /// The reading kept.
    pub chosen: Decimal,
    /// The reading not kept.
    pub other: Decimal,
    /// Why: the convention the column shows, if any.
    pub convention: Option<Convention>,
}

/// How an amount cell was read. The text of the readings that carry one
/// (malformed, words, error, footnote, too large) and an ambiguous cell's
/// two readings are the item's: [`Values::text`], [`Values::ambiguity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Nothing in the cell: no amount (not zero).
    Blank,
    /// A dash: no amount (not zero).
    Dash,
    /// A number cell.
    Number,
    /// A number typed as text, read without doubt.
    Text(Style),
    /// `1.200`: read one way, decided by the rest of the column.
    Ambiguous,
    /// Text that looks like a number but is not one.
    Malformed,
    /// Words, such as "Thụ hưởng".
    Words,
    /// An error value (#REF!, #VALUE!).
    Error,
    /// A footnote marker ("(1)") where an amount would be: no amount.
    Footnote,
    /// A number beyond any budget (over 10²⁴ đồng): reported, never added,
    /// so that no sum can overflow.
    TooLarge,
}

/// One amount cell: the amount, if the cell holds one, and how it was
/// read. 16 bytes: how it was read rides in bits of the amount that
/// rust_decimal leaves unused (every amount cell of a million-row table
/// took 24).
///
/// ```
/// use phuluc::model::{Reading, Value};
/// use rust_decimal::Decimal;
/// let v = Value::new(Some(Decimal::new(-12345, 2)), Reading::Number);
/// assert_eq!(v.amount(), Some(Decimal::new(-12345, 2)));
/// assert_eq!(v.reading(), Reading::Number);
/// assert_eq!(Value::BLANK.amount(), None);
/// assert_eq!(std::mem::size_of::<Value>(), 16);
/// ```
#[derive(Clone, Copy)]
pub struct Value {
    /// The amount as `Decimal::serialize` gives it (zero when absent);
    /// byte 0, flag bits the decimal does not use, holds whether there is
    /// an amount (bit 7) and the reading (bits 0-6, [`Reading::code`]).
    bits: [u8; 16],
}

impl Value {
    /// An empty cell.
    pub const BLANK: Value = Value::new(None, Reading::Blank);

    /// A cell's amount and how it was read.
    pub const fn new(amount: Option<Decimal>, reading: Reading) -> Value {
        let mut bits = match amount {
            Some(a) => a.serialize(),
            None => [0; 16],
        };
        bits[0] = reading.code() | if amount.is_some() { 0x80 } else { 0 };
        Value { bits }
    }

    /// The amount, if the cell holds one.
    pub fn amount(&self) -> Option<Decimal> {
        // `deserialize` keeps only the flag bits a decimal uses.
        (self.bits[0] & 0x80 != 0).then(|| Decimal::deserialize(self.bits))
    }

    /// How the cell was read.
    pub fn reading(&self) -> Reading {
        Reading::from_code(self.bits[0] & 0x7f)
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.amount() == other.amount() && self.reading() == other.reading()
    }
}

impl Eq for Value {}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Value")
            .field("amount", &self.amount())
            .field("reading", &self.reading())
            .finish()
    }
}

impl Reading {
    /// A number for each reading, below 128.
    const fn code(self) -> u8 {
        match self {
            Reading::Blank => 0,
            Reading::Dash => 1,
            Reading::Number => 2,
            Reading::Text(style) => {
                3 + match style {
                    Style::Plain => 0,
                    Style::DotGrouped => 1,
                    Style::CommaGrouped => 2,
                    Style::SpaceGrouped => 3,
                    Style::DecimalComma => 4,
                    Style::DecimalDot => 5,
                }
            }
            Reading::Ambiguous => 9,
            Reading::Malformed => 10,
            Reading::Words => 11,
            Reading::Error => 12,
            Reading::Footnote => 13,
            Reading::TooLarge => 14,
        }
    }

    fn from_code(code: u8) -> Reading {
        match code {
            1 => Reading::Dash,
            2 => Reading::Number,
            3 => Reading::Text(Style::Plain),
            4 => Reading::Text(Style::DotGrouped),
            5 => Reading::Text(Style::CommaGrouped),
            6 => Reading::Text(Style::SpaceGrouped),
            7 => Reading::Text(Style::DecimalComma),
            8 => Reading::Text(Style::DecimalDot),
            9 => Reading::Ambiguous,
            10 => Reading::Malformed,
            11 => Reading::Words,
            12 => Reading::Error,
            13 => Reading::Footnote,
            14 => Reading::TooLarge,
            _ => Reading::Blank,
        }
    }
}

/// What a cell said beyond its [`Value`]: its text, or the two readings of
/// an ambiguous number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueDetail {
    /// The cell's text (malformed number, words, error, footnote marker, a
    /// number too large).
    Text(Box<str>),
    /// The two readings of `1.200`.
    Ambiguity(Ambiguity),
}

/// An item's amount cells, aligned with [`super::Table::numeric`]:
/// dereferences to `[Value]`.
///
/// ```
/// use phuluc::model::{Reading, Value, ValueDetail, Values};
/// use rust_decimal::Decimal;
///
/// let mut values = Values::blank(2);
/// values.set(0, Value::new(Some(Decimal::from(450)), Reading::Number), None);
/// let words = Value::new(None, Reading::Words);
/// values.set(1, words, Some(ValueDetail::Text("Thụ hưởng".into())));
/// assert_eq!(values[0].amount(), Some(Decimal::from(450)));
/// assert_eq!(values.text(1), Some("Thụ hưởng"));
/// assert_eq!(values.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    cells: Box<[Value]>,
    /// `None` for the ordinary row. Boxed: 8 bytes in every item rather
    /// than a list's 24.
    details: Option<Box<Details>>,
}

/// (column, detail), in column order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Details(Vec<(usize, ValueDetail)>);

/// A cell's value with what it said beyond it, as [`super::read_value`]
/// gives them.
pub(crate) type ValueRead = (Value, Option<ValueDetail>);

impl Values {
    /// `n` empty cells.
    pub fn blank(n: usize) -> Values {
        Values {
            cells: vec![Value::BLANK; n].into_boxed_slice(),
            details: None,
        }
    }

    /// Cell `k`'s value and detail, replacing what it held. Out of range
    /// does nothing.
    pub fn set(&mut self, k: usize, value: Value, detail: Option<ValueDetail>) {
        let Some(cell) = self.cells.get_mut(k) else {
            return;
        };
        *cell = value;
        if detail.is_none() && self.details.is_none() {
            return;
        }
        let details = &mut self.details.get_or_insert_with(Default::default).0;
        let at = details.partition_point(|(c, _)| *c < k);
        match (details.get(at).is_some_and(|(c, _)| *c == k), detail) {
            (true, Some(d)) => details[at].1 = d,
            (true, None) => {
                details.remove(at);
            }
            (false, Some(d)) => details.insert(at, (k, d)),
            (false, None) => {}
        }
        if details.is_empty() {
            self.details = None;
        }
    }

    /// What cell `k` said beyond its value, if anything.
    pub fn detail(&self, k: usize) -> Option<&ValueDetail> {
        let details = &self.details.as_deref()?.0;
        let at = details.binary_search_by_key(&k, |(c, _)| *c).ok()?;
        Some(&details[at].1)
    }

    /// The text of cell `k` when it was read as text that is no amount
    /// (malformed, words, an error value, a footnote marker, too large).
    pub fn text(&self, k: usize) -> Option<&str> {
        match self.detail(k)? {
            ValueDetail::Text(t) => Some(t),
            ValueDetail::Ambiguity(_) => None,
        }
    }

    /// The two readings of cell `k`, when it is ambiguous.
    pub fn ambiguity(&self, k: usize) -> Option<&Ambiguity> {
        match self.detail(k)? {
            ValueDetail::Ambiguity(a) => Some(a),
            ValueDetail::Text(_) => None,
        }
    }

    /// Cell `k` with its detail, for copying it elsewhere.
    pub fn get_with_detail(&self, k: usize) -> Option<(Value, Option<ValueDetail>)> {
        Some((*self.cells.get(k)?, self.detail(k).cloned()))
    }
}

impl std::ops::Deref for Values {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        &self.cells
    }
}

impl std::ops::DerefMut for Values {
    fn deref_mut(&mut self) -> &mut [Value] {
        &mut self.cells
    }
}

impl FromIterator<(Value, Option<ValueDetail>)> for Values {
    fn from_iter<I: IntoIterator<Item = (Value, Option<ValueDetail>)>>(iter: I) -> Values {
        // Sized once: a list grown 4 → 8 and cut to 5 left a hole in the
        // allocator behind every row (70 MB over a million rows).
        let iter = iter.into_iter();
        let mut cells = Vec::with_capacity(iter.size_hint().0);
        let mut details = Vec::new();
        for (k, (value, detail)) in iter.enumerate() {
            cells.push(value);
            if let Some(d) = detail {
                details.push((k, d));
            }
        }
        Values {
            cells: cells.into_boxed_slice(),
            details: (!details.is_empty()).then(|| Box::new(Details(details))),
        }
    }
}

/// A value as it is serialized: the amount, the reading's state and its
/// detail — the shape JSON outputs have always had.
#[derive(Serialize)]
struct ValueView<'a> {
    amount: Option<Decimal>,
    #[serde(flatten)]
    reading: ReadingView<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "detail")]
enum ReadingView<'a> {
    Blank,
    Dash,
    Number,
    Text(Style),
    Ambiguous(Option<&'a Ambiguity>),
    Malformed(&'a str),
    Words(&'a str),
    Error(&'a str),
    Footnote(&'a str),
    TooLarge(&'a str),
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.cells.len()))?;
        for (k, v) in self.cells.iter().enumerate() {
            let text = || self.text(k).unwrap_or_default();
            let reading = match v.reading() {
                Reading::Blank => ReadingView::Blank,
                Reading::Dash => ReadingView::Dash,
                Reading::Number => ReadingView::Number,
                Reading::Text(style) => ReadingView::Text(style),
                Reading::Ambiguous => ReadingView::Ambiguous(self.ambiguity(k)),
                Reading::Malformed => ReadingView::Malformed(text()),
                Reading::Words => ReadingView::Words(text()),
                Reading::Error => ReadingView::Error(text()),
                Reading::Footnote => ReadingView::Footnote(text()),
                Reading::TooLarge => ReadingView::TooLarge(text()),
            };
            seq.serialize_element(&ValueView {
                amount: v.amount(),
                reading,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_small() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert!(std::mem::size_of::<Values>() <= 24);
        // A million-row table holds a million of each.
        assert!(std::mem::size_of::<crate::model::Item>() <= 184);
    }

    #[test]
    fn details_follow_their_cells() {
        let words = |t: &str| {
            (
                Value::new(None, Reading::Words),
                Some(ValueDetail::Text(t.into())),
            )
        };
        let number = (Value::new(Some(Decimal::ONE), Reading::Number), None);
        let mut values: Values = [words("a"), number.clone(), words("c")]
            .into_iter()
            .collect();
        assert_eq!(
            (values.text(0), values.text(1), values.text(2)),
            (Some("a"), None, Some("c"))
        );
        values.set(0, number.0, None);
        values.set(1, words("b").0, words("b").1);
        assert_eq!(
            (values.text(0), values.text(1), values.text(2)),
            (None, Some("b"), Some("c"))
        );
        values.set(1, number.0, None);
        values.set(2, number.0, None);
        assert!(values.details.is_none(), "no list is kept once empty");
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(json.matches("\"state\":\"number\"").count(), 3);
    }

    #[test]
    fn serialized_as_before() {
        let values: Values = [
            (
                Value::new(None, Reading::Words),
                Some(ValueDetail::Text("Thụ hưởng".into())),
            ),
            (
                Value::new(Some(Decimal::from(1200)), Reading::Ambiguous),
                Some(ValueDetail::Ambiguity(Ambiguity {
                    chosen: Decimal::from(1200),
                    other: Decimal::new(12, 1),
                    convention: None,
                })),
            ),
            (Value::BLANK, None),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"[{"amount":null,"state":"words","detail":"Thụ hưởng"},{"amount":"1200","state":"ambiguous","detail":{"chosen":"1200","other":"1.2","convention":null}},{"amount":null,"state":"blank"}]"#
        );
    }
}
