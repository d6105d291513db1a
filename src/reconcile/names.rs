//! Names of units, sections and communes as appendices write them, made
//! comparable: case, spacing, dashes and the old or new place of tone
//! marks ("Phòng Văn hoá -Xã hội" = "Phòng Văn hóa - Xã hội") never make
//! two groups, and abbreviations ("VP HĐND-UBND") are read through an alias
//! list (`data/aliases.toml`, extendable with `--aliases FILE`).
//!
//! ```
//! use phuluc::reconcile::names::{key, Aliases};
//! assert_eq!(key("Phòng Văn hoá -Xã hội"), key("Phòng Văn hóa - Xã hội"));
//! let aliases = Aliases::builtin();
//! assert_eq!(aliases.canonical("VP HĐND-UBND"), Some("Văn phòng HĐND và UBND"));
//! ```

use crate::text::fold;
use crate::{Error, Problem};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The comparison key of a name: folded (lower case, NFC, spaces
/// collapsed), dashes spaced alike, tone marks in the new place, a final
/// full stop dropped.
pub fn key(name: &str) -> String {
    let folded = fold(name);
    let mut spaced = String::with_capacity(folded.len() + 4);
    for c in folded.chars() {
        match c {
            '-' | '–' | '—' => spaced.push_str(" - "),
            _ => spaced.push(c),
        }
    }
    let words: Vec<String> = spaced.split_whitespace().map(new_tone_place).collect();
    words.join(" ").trim_end_matches('.').trim().to_string()
}

/// "hoá" → "hóa", "thuỷ" → "thủy": the tone on the main vowel of "oa",
/// "oe", "uy", as the 2018 rules place it, so both spellings compare equal.
fn new_tone_place(word: &str) -> String {
    const PAIRS: [(&str, &str); 15] = [
        ("oá", "óa"),
        ("oà", "òa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oé", "óe"),
        ("oè", "òe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uý", "úy"),
        ("uỳ", "ùy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ];
    let mut w = word.to_string();
    for (old, new) in PAIRS {
        // Only at the end of the syllable ("hoá", "thuỷ"); "hoàng" keeps
        // its tone where it is.
        if let Some(stem) = w.strip_suffix(old) {
            w = format!("{stem}{new}");
            break;
        }
    }
    w
}

/// The alias list: spelling key → the name to count it under.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    canonical: HashMap<String, String>,
    /// Canonical name → the alias spellings listed for it.
    listed: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    unit: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

const BUILTIN: &str = include_str!("../../data/aliases.toml");

impl Aliases {
    /// The list shipped in `data/aliases.toml`.
    pub fn builtin() -> Aliases {
        // Tested below: the shipped list always parses.
        Aliases::parse(BUILTIN).unwrap_or_default()
    }

    /// The shipped list extended by a file of the same shape; a malformed
    /// file is an error naming it.
    pub fn with_file(mut self, path: &Path) -> Result<Aliases, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::caused_by(path, Problem::Open(e.to_string()), e))?;
        let more =
            Aliases::parse(&text).map_err(|why| Error::new(path, Problem::BadAliases(why)))?;
        for (k, v) in more.canonical {
            self.canonical.insert(k, v);
        }
        for (k, v) in more.listed {
            self.listed.entry(k).or_default().extend(v);
        }
        Ok(self)
    }

    fn parse(text: &str) -> Result<Aliases, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut out = Aliases::default();
        for e in file.unit {
            if e.name.trim().is_empty() {
                return Err("a unit with an empty name".into());
            }
            out.canonical.insert(key(&e.name), e.name.clone());
            for a in &e.aliases {
                out.canonical.insert(key(a), e.name.clone());
            }
            out.listed.entry(e.name).or_default().extend(e.aliases);
        }
        Ok(out)
    }

    /// The name `name` is counted under, when the list knows it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.canonical.get(&key(name)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_compare_equal() {
        assert_eq!(key("Phòng Văn hóa -Xã hội"), "phòng văn hóa - xã hội");
        assert_eq!(key("PHÒNG VĂN HOÁ – XÃ HỘI."), "phòng văn hóa - xã hội");
        assert_eq!(key("Uỷ ban nhân dân"), key("Ủy ban nhân dân"));
        assert_eq!(key("Thuỷ lợi"), key("Thủy lợi"));
        assert_ne!(key("Phòng Kinh tế"), key("Phòng Văn hóa - Xã hội"));
        assert_eq!(key("Hoàng"), "hoàng");
    }

    #[test]
    fn the_shipped_list_parses_and_extends() {
        let a = Aliases::builtin();
        assert_eq!(a.canonical("P. KT"), Some("Phòng Kinh tế"));
        assert_eq!(a.canonical("phòng kinh tế"), Some("Phòng Kinh tế"));
        assert_eq!(a.canonical("Công an xã"), None);
        assert!(Aliases::parse("[[unit]]\nname = \"\"\n").is_err());
        assert!(Aliases::parse("[[unit]]\nnam = \"x\"\n").is_err());
    }
}
