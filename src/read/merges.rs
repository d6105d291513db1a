//! Merged cells of an .xlsx sheet, found by scanning the sheet's XML for
//! `<mergeCell ref="…"/>` without tokenising its cells: they sit after all
//! the cells, and calamine's own way re-parses the whole sheet to reach
//! them, which doubled the cost of reading a large appendix. Anything
//! unexpected returns `None`, and the caller asks calamine instead.

use super::Merge;
use memchr::memmem;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// A workbook's zip, opened once per file: the sheets' entries are found
/// from `workbook.xml` and its relationships once, however many sheets are
/// read (reading them again for each of 10,000 sheets was quadratic).
pub(super) struct Package {
    zip: zip::ZipArchive<Cursor<Arc<[u8]>>>,
    /// Sheet name → zip entry, read on first use.
    entries: Option<HashMap<String, String>>,
    /// The workbook's `phuluc_…` defined names, read on first use.
    names: Option<Vec<(String, String)>>,
}

impl Package {
    /// The zip of a workbook's bytes, `None` if they are not a zip.
    pub(super) fn new(bytes: Arc<[u8]>) -> Option<Package> {
        Some(Package {
            zip: zip::ZipArchive::new(Cursor::new(bytes)).ok()?,
            entries: None,
            names: None,
        })
    }

    /// The layout the workbook's `phuluc_…` defined names record for sheet
    /// `name` (see [`super::names`]).
    pub(super) fn named_layout(&mut self, name: &str) -> Option<super::names::NamedLayout> {
        if self.names.is_none() {
            let workbook = read_entry(&mut self.zip, "xl/workbook.xml", 16 << 20);
            self.names = Some(
                workbook
                    .map(|w| super::names::defined_names(&w))
                    .unwrap_or_default(),
            );
        }
        let names = self.names.as_ref()?;
        if names.is_empty() {
            return None;
        }
        super::names::layout_of(names, name)
    }

    /// The zip itself, for the checks made before anything is inflated.
    pub(super) fn zip(&mut self) -> &mut zip::ZipArchive<Cursor<Arc<[u8]>>> {
        &mut self.zip
    }

    /// The zip entry that holds sheet `name`'s XML.
    pub(super) fn entry_of(&mut self, name: &str) -> Option<String> {
        if self.entries.is_none() {
            self.entries = Some(sheet_entries(&mut self.zip).unwrap_or_default());
        }
        self.entries.as_ref()?.get(name).cloned()
    }

    /// The compressed size of sheet `name`'s XML, if it is found.
    pub(super) fn packed_size(&mut self, name: &str) -> Option<u64> {
        let entry = self.entry_of(name)?;
        self.zip
            .by_name_raw(entry.as_bytes())
            .ok()
            .map(|e| e.compressed_size())
    }

    /// The merged regions of sheet `name`, or `None` when this quick path
    /// does not apply. `Err` when the sheet's data does not match its zip
    /// checksum (CRC-32): the file is damaged, whatever else still reads.
    ///
    /// The same pass tells whether a formula was saved without its result
    /// (`<f>…</f>` followed by no value or an empty one): the second field.
    pub(super) fn merges(&mut self, name: &str) -> Result<Option<(Vec<Merge>, bool)>, String> {
        let Some(entry) = self.entry_of(name) else {
            return Ok(None);
        };
        let mut damaged = None;
        let merges = match self.zip.by_name(&entry) {
            Ok(mut sheet) => scan(&mut sheet, &mut damaged),
            Err(_) => None,
        };
        match damaged {
            Some(e) => Err(e),
            None => Ok(merges),
        }
    }

    /// An entry's bytes, whole, within the entry limit.
    pub(super) fn entry_bytes(&mut self, entry: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.zip
            .by_name(entry)
            .ok()?
            .take(super::MAX_ENTRY_BYTES)
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    }

    /// Sheet `name`'s XML, whole (for its layout), within the entry limit.
    pub(super) fn sheet_xml(&mut self, name: &str) -> Option<Vec<u8>> {
        let entry = self.entry_of(name)?;
        self.entry_bytes(&entry)
    }
}

/// Merged regions by the rows they cover, so that a lookup costs the few
/// regions of its row, not all of them (100,000 regions took 11 s).
#[derive(Debug, Default, Clone)]
pub(super) struct MergeIndex {
    /// Row → indices of the regions of at most `TALL` rows that cover it.
    pub(super) by_row: std::collections::HashMap<u32, Vec<usize>>,
    /// Regions taller than that, looked at on every lookup: few.
    pub(super) tall: Vec<usize>,
}

/// Regions up to this many rows tall are indexed by each of their rows.
const TALL: u32 = 64;

impl MergeIndex {
    pub(super) fn of(merges: &[Merge]) -> MergeIndex {
        let mut index = MergeIndex::default();
        for (i, m) in merges.iter().enumerate() {
            if m.last_row.saturating_sub(m.first_row) >= TALL {
                index.tall.push(i);
            } else {
                for r in m.first_row..=m.last_row {
                    index.by_row.entry(r).or_default().push(i);
                }
            }
        }
        index
    }
}

/// Every sheet's zip entry, by sheet name.
fn sheet_entries<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Option<HashMap<String, String>> {
    let workbook = read_entry(zip, "xl/workbook.xml", 16 << 20)?;
    let rels = read_entry(zip, "xl/_rels/workbook.xml.rels", 16 << 20)?;
    Some(entries_of(&workbook, &rels))
}

/// Sheet name → zip entry, from `workbook.xml` and its relationships.
fn entries_of(workbook: &str, rels: &str) -> HashMap<String, String> {
    let targets: HashMap<&str, String> = rels
        .split('<')
        .filter(|e| e.starts_with("Relationship ") || e.contains(":Relationship "))
        .filter_map(|e| Some((attr(e, "Id")?, unescape(attr(e, "Target")?))))
        .collect();
    let mut entries = HashMap::new();
    for element in workbook
        .split('<')
        .filter(|e| e.starts_with("sheet ") || e.contains(":sheet "))
    {
        let Some(name) = attr(element, "name").map(unescape) else {
            continue;
        };
        // r:id, whatever the namespace prefix.
        let Some(id) = element.find(":id=\"") else {
            continue;
        };
        let rest = &element[id + 5..];
        let Some(rid) = rest.find('"').map(|end| &rest[..end]) else {
            continue;
        };
        if let Some(target) = targets.get(rid) {
            let entry = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            entries.insert(name, entry);
        }
    }
    entries
}

fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut s = String::new();
    entry.take(limit).read_to_string(&mut s).ok()?;
    Some(s)
}

/// The value of attribute `attr` in an element's text.
pub(super) fn attr<'a>(element: &'a str, attr: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(pos) = element[from..].find(attr) {
        let at = from + pos;
        let before_ok = at == 0
            || element.as_bytes()[at - 1].is_ascii_whitespace()
            || element.as_bytes()[at - 1] == b':';
        let rest = &element[at + attr.len()..];
        if before_ok {
            if let Some(rest) = rest.strip_prefix("=\"") {
                return rest.find('"').map(|end| &rest[..end]);
            }
        }
        from = at + attr.len();
    }
    None
}

/// The five XML entities of an attribute value, as text.
pub(super) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Streams the sheet XML and collects every `mergeCell` reference.
fn scan(r: &mut impl Read, damaged: &mut Option<String>) -> Option<(Vec<Merge>, bool)> {
    let finder = memmem::Finder::new(b"mergeCell ");
    let formula_end = memmem::Finder::new(b"</f>");
    let mut uncached = false;
    let mut buf = vec![0u8; 1 << 16];
    let mut filled = 0;
    let mut merges = Vec::new();
    loop {
        let n = match r.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) => {
                // The zip reader checks the CRC-32 at the end of the entry.
                if e.to_string().to_ascii_lowercase().contains("checksum") {
                    *damaged = Some(format!(
                        "the sheet's data does not match its checksum (bad CRC-32): {e}"
                    ));
                }
                return None;
            }
        };
        filled += n;
        let at_end = n == 0;
        // Everything but a tail that may hold a cut element is complete.
        let done = if at_end {
            filled
        } else {
            filled.saturating_sub(512)
        };
        if !uncached {
            let mut at = 0;
            while let Some(i) = buf.get(at..done).and_then(|rest| formula_end.find(rest)) {
                let after = &buf[at + i + 4..filled];
                if [&b"</c>"[..], b"<v/>", b"<v />", b"<v></v>"]
                    .iter()
                    .any(|end| after.starts_with(end))
                {
                    uncached = true;
                    break;
                }
                at += i + 4;
            }
        }
        let mut pos = 0;
        // An element found before `done` may end after it: `pos` can pass it.
        while let Some(i) = buf.get(pos..done).and_then(|rest| finder.find(rest)) {
            let start = pos + i;
            let close = memchr::memchr(b'>', &buf[start..filled]).map(|e| start + e)?;
            let element = std::str::from_utf8(&buf[start..close]).ok()?;
            merges.push(parse_ref(attr(element, "ref")?)?);
            pos = close;
        }
        if at_end {
            return Some((merges, uncached));
        }
        let keep = pos.max(done);
        buf.copy_within(keep..filled, 0);
        filled -= keep;
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
    }
}

/// "B3:D4" (or "B3") → 0-based inclusive bounds.
pub(super) fn parse_ref(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (r0, c0) = crate::a1::parse(a)?;
    let (r1, c1) = crate::a1::parse(b)?;
    Some(Merge {
        first_row: r0.min(r1),
        first_col: c0.min(c1),
        last_row: r0.max(r1),
        last_col: c0.max(c1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(
            parse_ref("B3:D4"),
            Some(Merge {
                first_row: 2,
                first_col: 1,
                last_row: 3,
                last_col: 3
            })
        );
        assert_eq!(
            parse_ref("AA10"),
            Some(Merge {
                first_row: 9,
                first_col: 26,
                last_row: 9,
                last_col: 26
            })
        );
        assert_eq!(parse_ref("A0"), None);
    }

    #[test]
    fn scanning_across_chunk_boundaries() {
        let mut xml = String::from("<worksheet><sheetData>");
        xml.push_str(&"<row><c r=\"A1\"><v>1</v></c></row>".repeat(5000));
        xml.push_str("</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/><x:mergeCell ref=\"C2:C3\"/></mergeCells></worksheet>");
        let (merges, uncached) = scan(&mut xml.as_bytes(), &mut None).unwrap();
        assert!(!uncached);
        assert_eq!(merges.len(), 2);
        assert_eq!(
            merges[1],
            Merge {
                first_row: 1,
                first_col: 2,
                last_row: 2,
                last_col: 2
            }
        );
    }

    #[test]
    fn a_formula_without_its_result_is_noticed_wherever_it_falls() {
        for (tail, uncached) in [
            ("<v>3</v></c>", false),
            ("</c>", true),
            ("<v/></c>", true),
            ("<v /></c>", true),
            ("<v></v></c>", true),
        ] {
            // Across the 64 KiB chunk boundary too.
            for pad in [0, 65_530, 65_536 - 600] {
                let xml = format!(
                    "{}<c r=\"A1\"><f>SUM(A2:A3)</f>{tail}{}",
                    "x".repeat(pad),
                    "y".repeat(700)
                );
                let (_, found) = scan(&mut xml.as_bytes(), &mut None).unwrap();
                assert_eq!(found, uncached, "{tail} at {pad}");
            }
        }
    }

    #[test]
    fn an_element_across_the_complete_part_ends_the_pass() {
        // The element starts before the last 512 bytes and ends inside them.
        let xml = format!(
            "{}<mergeCell ref=\"A1:B2\"/>{}",
            "x".repeat(1000),
            "y".repeat(500)
        );
        let (merges, _) = scan(&mut xml.as_bytes(), &mut None).unwrap();
        assert_eq!(
            merges,
            vec![Merge {
                first_row: 0,
                first_col: 0,
                last_row: 1,
                last_col: 1
            }]
        );
    }

    #[test]
    fn workbook_lookups() {
        let wb = r#"<workbook><sheets><sheet name="Phụ lục &amp; III" sheetId="1" r:id="rId3"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId3" Type="x" Target="worksheets/sheet1.xml"/></Relationships>"#;
        assert_eq!(
            entries_of(wb, rels)
                .get("Phụ lục & III")
                .map(String::as_str),
            Some("xl/worksheets/sheet1.xml")
        );
    }
}
