//! [`Text`]: a cell's text as the model keeps it — a view into the sheet's
//! string buffers when the cell's text is already clean (most are), its own
//! copy when cleaning changed it. A large table's contents, units and STTs
//! were a string each (14 MB of 100,000 rows); now they cost 16 bytes each
//! and keep the buffers they point into alive.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A text of the model: reads as a `&str` (it dereferences to one), is
/// cheap to clone, and compares, hashes, orders, prints and serialises as
/// its string does.
///
/// ```
/// use phuluc::read::Text;
/// let mut t = Text::from("Tổng cộng");
/// assert_eq!(t, "Tổng cộng");
/// assert!(t.starts_with("Tổng"));
/// t.push_str(" chung");
/// assert_eq!(t.to_string(), "Tổng cộng chung");
/// assert!(Text::default().is_empty());
/// ```
#[derive(Clone, Default)]
pub struct Text {
    /// The buffer the text is in (`None`: the empty text).
    buffer: Option<Arc<String>>,
    start: u32,
    len: u32,
}

impl Text {
    /// The text of `len` bytes at `start` of `buffer`, shared with it.
    /// A range outside the buffer, or not on character boundaries, is the
    /// empty text.
    pub(crate) fn shared(buffer: &Arc<String>, start: usize, len: usize) -> Text {
        let fits = (u32::try_from(start), u32::try_from(len));
        let (Ok(s), Ok(l)) = fits else {
            return Text::default();
        };
        if len == 0 || buffer.get(start..start + len).is_none() {
            return Text::default();
        }
        Text {
            buffer: Some(Arc::clone(buffer)),
            start: s,
            len: l,
        }
    }

    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.buffer {
            None => "",
            Some(b) => {
                let start = self.start as usize;
                b.get(start..start + self.len as usize).unwrap_or("")
            }
        }
    }

    /// Appends `s` (the text becomes a copy of its own).
    pub fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let mut owned = String::with_capacity(self.len as usize + s.len());
        owned.push_str(self.as_str());
        owned.push_str(s);
        *self = Text::from(owned);
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if s.is_empty() || u32::try_from(s.len()).is_err() {
            return Text::default();
        }
        let len = s.len() as u32;
        Text {
            buffer: Some(Arc::new(s)),
            start: 0,
            len,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(s.to_string())
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> String {
        t.as_str().to_string()
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_is_the_slice_it_points_at_and_never_panics() {
        let buffer = Arc::new(String::from("STTNội dungĐơn vị"));
        let t = Text::shared(&buffer, 3, "Nội dung".len());
        assert_eq!(t, "Nội dung");
        assert_eq!(Arc::strong_count(&buffer), 2);
        // Not on a character boundary, past the end, empty: the empty text.
        assert!(Text::shared(&buffer, 4, 2).is_empty());
        assert!(Text::shared(&buffer, 10, 100).is_empty());
        assert!(Text::shared(&buffer, 0, 0).is_empty());
        assert_eq!(Arc::strong_count(&buffer), 2);
        let mut u = t.clone();
        u.push_str(" chính");
        assert_eq!(u, "Nội dung chính");
        assert_eq!(t, "Nội dung");
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"Nội dung chính\"");
        assert_eq!(format!("{u:?}"), "\"Nội dung chính\"");
    }
}
