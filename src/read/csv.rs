//! CSV input: UTF-8 (with or without BOM) or UTF-16 with BOM; the delimiter
//! (`,`, `;` or tab) is taken from the first lines. Every cell stays text:
//! numbers are read later, by the same rules as text cells of a workbook.

use super::Sheet;
use crate::error::{Error, Limit, Problem};
use std::path::Path;

/// Largest CSV accepted, in bytes.
const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Largest grid accepted, in cells (rows × widest row).
const MAX_CELLS: usize = 100_000_000;

/// Reads a CSV's bytes; `path` names it in errors and gives the sheet name.
/// `max_cells` (`--max-cells`) bounds both a row and the whole file: the
/// fields of every row are counted before any is kept (a row of twelve
/// million fields is refused without holding them), and the cells are
/// stored as they are read, one record at a time, into the sheet's compact
/// store.
pub(super) fn read(path: &Path, bytes: &[u8], tab: bool, max_cells: usize) -> Result<Sheet, Error> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::new(
            path,
            Problem::TooLarge(Limit::CsvBytes {
                bytes: bytes.len() as u64,
                limit: MAX_BYTES,
            }),
        ));
    }
    let (text, legacy) = match decode(bytes) {
        Ok(text) => (text, None),
        // Not Unicode: an 8-bit file in a Vietnamese encoding.
        Err(e)
            if std::str::from_utf8(bytes).is_err()
                && !e.contains("UTF-16")
                && !e.contains("BOM")
                && !e.contains("UTF-32") =>
        {
            let (text, enc) = decode_legacy(bytes);
            (std::borrow::Cow::Owned(text), Some(enc))
        }
        Err(e) => return Err(Error::new(path, Problem::Encoding(e))),
    };
    let delimiter = if tab { b'\t' } else { sniff_delimiter(&text) };
    if let Some(line) = unclosed_quote(&text, delimiter as char) {
        return Err(Error::new(
            path,
            Problem::Corrupt(format!(
                "the quote that opens a cell on line {line} is never closed, so the rest of the file would be one cell"
            )),
        ));
    }
    let too_many = || Error::new(path, Problem::TooLarge(Limit::Cells { limit: max_cells }));
    if count_fields(&text, delimiter, max_cells).is_err() {
        return Err(too_many());
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = super::Cells::new();
    let mut held = 0usize;
    let mut width = 0usize;
    let mut converted: Vec<(u32, u32)> = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let mut r = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(Error::new(path, Problem::Corrupt(e.to_string()))),
        }
        let used = (0..record.len())
            .rev()
            .find(|&i| record.get(i).is_some_and(|c| !c.is_empty()))
            .map_or(0, |i| i + 1);
        width = width.max(used);
        if width.saturating_mul(r + 1) > MAX_CELLS {
            return Err(Error::new(
                path,
                Problem::TooLarge(Limit::CsvCells { limit: MAX_CELLS }),
            ));
        }
        let row = u32::try_from(r).map_err(|_| too_many())?;
        for (c, field) in record.iter().enumerate().take(used) {
            if field.is_empty() {
                continue;
            }
            held += 1;
            if held > max_cells {
                return Err(too_many());
            }
            let col = u32::try_from(c).map_err(|_| too_many())?;
            if legacy.is_some() && !field.is_ascii() {
                converted.push((row, col));
            }
            cells.push_ref(row, col, &calamine::DataRef::SharedString(field));
        }
        r += 1;
    }
    cells.seal();
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("csv")
        .to_string();
    let mut sheet = Sheet::new(&name, cells, Vec::new(), None);
    if let Some(encoding) = legacy {
        sheet.legacy = converted.first().map(|&first| super::LegacyNote {
            encoding,
            cells: converted.len(),
            first,
        });
    }
    Ok(sheet)
}

/// Counts the fields of every record without keeping any (RFC 4180: a
/// quote opens a field only at its start, `""` inside is a quote): `Err`
/// as soon as one record has more than `max_cells` fields, or the file
/// more than `max_cells` fields that hold something.
fn count_fields(text: &str, delimiter: u8, max_cells: usize) -> Result<(), ()> {
    let b = text.as_bytes();
    let (mut in_row, mut filled, mut field_has) = (0usize, 0usize, false);
    // A field ends: whether the row or the file is now over the limit.
    let mut end_field = |in_row: &mut usize, field_has: &mut bool| {
        *in_row += 1;
        filled += usize::from(*field_has);
        *field_has = false;
        *in_row > max_cells || filled > max_cells
    };
    let mut i = 0;
    while i < b.len() {
        // From one delimiter, quote or line end to the next.
        let next = memchr::memchr3(delimiter, b'"', b'\n', &b[i..]).map(|n| i + n);
        let stop = next.unwrap_or(b.len());
        if stop > i && &b[i..stop] != b"\r" {
            field_has = true;
        }
        let Some(at) = next else { break };
        i = at + 1;
        match b[at] {
            b'"' if !field_has => {
                // A quoted field: to its closing quote (`""` is a quote).
                loop {
                    match memchr::memchr(b'"', &b[i..]) {
                        Some(n) if b.get(i + n + 1) == Some(&b'"') => i += n + 2,
                        Some(n) => {
                            i += n + 1;
                            break;
                        }
                        None => {
                            i = b.len();
                            break;
                        }
                    }
                }
                field_has = true;
            }
            b'"' => field_has = true,
            b'\n' => {
                if (in_row > 0 || field_has) && end_field(&mut in_row, &mut field_has) {
                    return Err(());
                }
                in_row = 0;
            }
            _ => {
                if end_field(&mut in_row, &mut field_has) {
                    return Err(());
                }
            }
        }
    }
    if (in_row > 0 || field_has) && end_field(&mut in_row, &mut field_has) {
        return Err(());
    }
    Ok(())
}

/// An 8-bit CSV in TCVN3, VNI-Windows or Windows-1258: the decoding that
/// reads best as Vietnamese.
fn decode_legacy(bytes: &[u8]) -> (String, crate::legacy::Encoding) {
    use crate::legacy::{decode_tcvn3, decode_vni, decode_windows_1258, Encoding};
    let mut candidates = vec![
        (decode_windows_1258(bytes), Encoding::Windows1258),
        (decode_tcvn3(bytes), Encoding::Tcvn3),
    ];
    if let Some(v) = decode_vni(bytes) {
        candidates.push((v, Encoding::Vni));
    }
    candidates
        .into_iter()
        .min_by_key(|(t, _)| crate::legacy::score(t))
        .unwrap_or_else(|| {
            (
                String::from_utf8_lossy(bytes).into_owned(),
                Encoding::Windows1258,
            )
        })
}

/// The text of a CSV: borrowed when the bytes are UTF-8 already (most
/// files), so a large file is not held twice.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| "not valid UTF-8 after its BOM".into());
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err("the CSV is in UTF-32".into());
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, String> {
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| "not valid UTF-16".to_string())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true).map(std::borrow::Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false).map(std::borrow::Cow::Owned);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => Err(format!(
            "not UTF-8 (byte {} is invalid; TCVN3, VNI and Windows-1258 files must be converted)",
            e.valid_up_to()
        )),
    }
}

/// The line on which a quoted cell opens and never closes, if any (RFC 4180:
/// a quote opens a cell only at its start; `""` inside is a quote).
fn unclosed_quote(text: &str, delimiter: char) -> Option<usize> {
    let b = text.as_bytes();
    // A delimiter other than these three is never asked for.
    let d = u8::try_from(delimiter).unwrap_or(b',');
    let mut line = 1;
    let mut at_start = true;
    let mut i = 0;
    while i < b.len() {
        let next = memchr::memchr3(d, b'"', b'\n', &b[i..]).map(|n| i + n);
        let stop = next.unwrap_or(b.len());
        if stop > i && &b[i..stop] != b"\r" {
            at_start = false;
        }
        let Some(at) = next else { break };
        i = at + 1;
        match b[at] {
            b'"' if at_start => {
                let opened = line;
                // To the closing quote, counting the lines inside.
                loop {
                    let Some(n) = memchr::memchr2(b'"', b'\n', &b[i..]) else {
                        return Some(opened);
                    };
                    let q = i + n;
                    i = q + 1;
                    if b[q] == b'\n' {
                        line += 1;
                    } else if b.get(i) == Some(&b'"') {
                        i += 1;
                    } else {
                        break;
                    }
                }
                at_start = false;
            }
            b'"' => at_start = false,
            b'\n' => {
                line += 1;
                at_start = true;
            }
            _ => at_start = true,
        }
    }
    None
}

/// The delimiter that splits the first lines most consistently.
fn sniff_delimiter(text: &str) -> u8 {
    // The first lines are in the first 64 KiB (a file of one long line is
    // judged by its start).
    let mut cut = text.len().min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let lines: Vec<&str> = text[..cut]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .collect();
        let min = counts.iter().copied().min().unwrap_or(0);
        let total: usize = counts.iter().sum();
        let score = if min > 0 { total * 2 } else { total };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
    }

    #[test]
    fn unclosed_quotes_are_found_with_their_line() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\n", ','), Some(2));
        assert_eq!(unclosed_quote("a,\"b\n\"\"c\"\n1,\"x", ','), Some(3));
        assert_eq!(unclosed_quote("a,b\"c\n1,2\n", ','), None);
        assert_eq!(unclosed_quote("\"a\";\"b\"\r\n", ';'), None);
    }

    #[test]
    fn fields_are_counted_per_row_and_per_file() {
        assert!(count_fields("a,b,c\n1,2,3\n", b',', 6).is_ok());
        assert!(count_fields("a,b,c\n1,2,3\n", b',', 5).is_err());
        // A row over the limit, even of empty fields.
        assert!(count_fields(&",".repeat(10), b',', 10).is_err());
        assert!(count_fields(&",".repeat(8), b',', 10).is_ok());
        // Quoted delimiters and line ends are inside a field.
        assert!(count_fields("\"a,b\nc\",d\n", b',', 2).is_ok());
        assert!(count_fields("\"a,b\nc\",d\n", b',', 1).is_err());
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0, b'b', 0]).unwrap(), "ab");
        assert!(decode(&[0x80, 0x81]).is_err());
    }
}
