//! Checks made before a workbook's parts are inflated or parsed: zip bombs,
//! and .ods content that would make calamine loop.

use super::{first_line, merges, MAX_ENTRY_BYTES};
use crate::error::{Error, Limit, Problem};
use std::path::Path;

/// Refuses a zip bomb before anything is inflated: an entry that would
/// inflate beyond [`MAX_ENTRY_BYTES`], or by more than 100 times (Apache
/// POI refuses under 1 % too: real sheets compress 5 to 20 times). The
/// sizes are the ones the zip declares, which the reader then enforces.
pub(super) fn check_zip(path: &Path, package: Option<&mut merges::Package>) -> Result<(), Error> {
    let Some(package) = package else {
        // Unreadable as a zip: the workbook reader says why.
        return Ok(());
    };
    let zip = package.zip();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size());
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if size > MAX_ENTRY_BYTES {
            return Err(Error::new(
                path,
                Problem::TooLarge(Limit::EntryBytes {
                    entry: name,
                    bytes: size,
                    limit: MAX_ENTRY_BYTES,
                }),
            ));
        }
        if size > 1024 * 1024 && packed.saturating_mul(100) < size {
            return Err(Error::new(
                path,
                Problem::TooLarge(Limit::InflateRatio {
                    entry: name,
                    packed,
                    bytes: size,
                }),
            ));
        }
    }
    // The parts every cell's text and style come from are checked against
    // their CRC-32 once, whole: calamine stops reading them at their last
    // element, before the zip reader compares the checksum. (Sheets are
    // checked by the pass that finds their merged cells.)
    for name in ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"] {
        let Ok(mut entry) = zip.by_name(name) else {
            continue;
        };
        if let Err(e) = std::io::copy(&mut entry, &mut std::io::sink()) {
            let why = e.to_string();
            let what = if why.to_ascii_lowercase().contains("checksum") {
                format!("{name}: its data does not match its checksum (bad CRC-32)")
            } else {
                format!("{name}: {why}")
            };
            return Err(Error::caused_by(path, Problem::Corrupt(what), e));
        }
    }
    Ok(())
}

/// The cells a sheet will cost when calamine reads it whole (.xls and .ods
/// sheets are read as one rectangle from the first used cell to the last,
/// every sheet of the workbook when it is opened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Span {
    /// The sheet's name, when the format says it before its cells.
    pub name: Option<String>,
    /// First used (row, column).
    pub first: (u32, u32),
    /// Last used (row, column).
    pub last: (u32, u32),
    /// Cells the reader keeps besides the rectangle (an .ods row's cells).
    pub extra: u64,
}

impl Span {
    fn of(name: Option<String>) -> Span {
        Span {
            name,
            first: (u32::MAX, u32::MAX),
            last: (0, 0),
            extra: 0,
        }
    }

    fn add(&mut self, (r0, c0): (u32, u32), (r1, c1): (u32, u32)) {
        self.first = (self.first.0.min(r0), self.first.1.min(c0));
        self.last = (self.last.0.max(r1), self.last.1.max(c1));
    }

    fn is_used(&self) -> bool {
        self.first.0 <= self.last.0
    }

    /// Cells of the rectangle, plus the extra.
    pub fn cells(&self) -> u64 {
        if !self.is_used() {
            return self.extra;
        }
        let rows = u64::from(self.last.0 - self.first.0) + 1;
        let cols = u64::from(self.last.1 - self.first.1) + 1;
        (rows * cols).saturating_add(self.extra)
    }
}

/// Refuses a workbook whose sheets would make calamine allocate more than
/// `limit` cells when it opens the file (.xls and .ods: every sheet is read
/// as a dense rectangle up to its last used cell, so one cell at IV65536
/// costs 16 million): an error naming the sheet, its extent and the flag.
pub(super) fn check_dense(path: &Path, spans: &[Span], limit: usize) -> Result<(), Error> {
    let total: u64 = spans.iter().map(Span::cells).fold(0, u64::saturating_add);
    if total <= limit as u64 {
        return Ok(());
    }
    let Some(worst) = spans.iter().max_by_key(|s| s.cells()) else {
        return Ok(());
    };
    let extent = if worst.is_used() {
        format!(
            "{}:{}",
            crate::a1::a1(worst.first.0, worst.first.1),
            crate::a1::a1(worst.last.0, worst.last.1)
        )
    } else {
        "its rows".into()
    };
    Err(Error::new(
        path,
        Problem::TooLarge(Limit::Rectangle {
            sheet: worst.name.clone(),
            extent,
            cells: worst.cells(),
            total,
            limit,
        }),
    ))
}

/// The span of every sheet of an .xls, from the BIFF records of its
/// Workbook stream: each cell record starts with its row and column. An
/// encrypted workbook (FILEPASS) gives none: its records cannot be read,
/// and calamine refuses it.
pub(super) fn xls_spans(stream: &[u8]) -> Vec<Span> {
    let u16_at = |d: &[u8], at: usize| d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let mut spans = Vec::new();
    let mut current: Option<Span> = None;
    let mut depth = 0u32;
    let mut at = 0usize;
    while let (Some(kind), Some(size)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let from = at + 4;
        let data = &stream[from.min(stream.len())..(from + size as usize).min(stream.len())];
        at = from + size as usize;
        match kind {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    current = Some(Span::of(None));
                }
            }
            0x000A => {
                if depth == 1 {
                    spans.extend(current.take().filter(Span::is_used));
                }
                depth = depth.saturating_sub(1);
            }
            0x002F => return Vec::new(),
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if depth == 1 => {
                if let (Some(r), Some(c), Some(span)) =
                    (u16_at(data, 0), u16_at(data, 2), current.as_mut())
                {
                    let at = (u32::from(r), u32::from(c));
                    span.add(at, at);
                }
            }
            // MulRk: a row, its first column, …, its last column.
            0x00BD if depth == 1 && data.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1), Some(span)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len() - 2),
                    current.as_mut(),
                ) {
                    let r = u32::from(r);
                    span.add((r, u32::from(c0)), (r, u32::from(c1.max(c0))));
                }
            }
            _ => {}
        }
    }
    spans.extend(current.filter(Span::is_used));
    spans
}

/// The most cells an .xls sheet holds (BIFF8: 65,536 rows × 256 columns).
const XLS_MAX_CELLS: u64 = 65_536 * 256;

/// Refuses an .xls one of whose sheets states, in its DIMENSIONS record,
/// more cells than an .xls sheet can hold: calamine sets that many aside
/// when it opens the file, before reading a cell (a damaged record asked
/// for a terabyte, and the process aborted). The sheets are found as
/// calamine finds them — at the positions the BOUNDSHEET records give —
/// and the rectangle is computed as calamine computes it.
pub(super) fn check_xls_dimensions(path: &Path, stream: &[u8]) -> Result<(), Error> {
    let u16_at = |d: &[u8], at: usize| d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |d: &[u8], at: usize| {
        d.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    // Each record from `at`: (kind, data), until the stream ends or a
    // record runs past it (where calamine stops with an error).
    let records = |mut at: usize| {
        std::iter::from_fn(move || {
            let (kind, size) = (u16_at(stream, at)?, u16_at(stream, at + 2)?);
            let data = stream.get(at + 4..at + 4 + size as usize)?;
            at += 4 + size as usize;
            Some((kind, data))
        })
    };
    let mut sheets = Vec::new();
    for (kind, data) in records(0) {
        match kind {
            0x002F => return Ok(()), // encrypted: calamine refuses it
            0x0085 => sheets.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (kind, data) in records(pos as usize) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    let Some(cells) = xls_dimensions_cells(data) else {
                        continue;
                    };
                    if cells > XLS_MAX_CELLS {
                        return Err(Error::new(
                            path,
                            Problem::Corrupt(format!(
                                "a sheet's DIMENSIONS record states {cells} cells, more than an .xls sheet holds"
                            )),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The cells of the rectangle a DIMENSIONS record states, as calamine
/// computes them (in 32 bits, wrapping as a release build does), or `None`
/// for a record calamine refuses.
fn xls_dimensions_cells(r: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| {
        r.get(at..at + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |at: usize| {
        r.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (first_row, last_row, mut first_col, last_col) = match r.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if 0xFF < first_col || last_col < first_col {
        first_col = 0;
    }
    let (start, end) = if last_row >= 1 && last_col >= 1 {
        ((first_row, first_col), (last_row - 1, last_col - 1))
    } else {
        ((first_row, first_col), (first_row, first_col))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1);
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1);
    Some(u64::from(rows).saturating_mul(u64::from(cols)))
}

/// The most rows and columns an .ods sheet has (calamine caps repeats
/// there too).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Refuses an .ods whose `content.xml` is not well-formed (an end tag that
/// does not match, an element never closed) before calamine reads it: on
/// some such files calamine's reader loops for ever. Returns the span of
/// every sheet (cells repeated by `number-rows-repeated` and
/// `number-columns-repeated` counted as calamine will lay them out). A zip
/// without `content.xml` is left to calamine to refuse.
pub(super) fn ods_scan(
    path: &Path,
    package: Option<&mut merges::Package>,
) -> Result<Vec<Span>, Error> {
    use quick_xml::events::{BytesStart, Event};
    let Some(xml) = package.and_then(|p| p.entry_bytes("content.xml")) else {
        return Ok(Vec::new());
    };
    let damaged = |why: String| {
        Error::new(
            path,
            Problem::Corrupt(format!("content.xml is not well-formed XML ({why})")),
        )
    };
    let attr = |e: &BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.value.to_string())
    };
    let repeats = |e: &BytesStart<'_>, name: &str, cap: u64| {
        attr(e, name)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, cap)
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut spans = Vec::new();
    let mut sheet: Option<Span> = None;
    // The current row: its first index, how many times it repeats, the
    // next column, and the columns its values reach.
    let (mut row, mut row_repeats, mut col) = (0u64, 1u64, 0u64);
    let mut reach: Option<(u64, u64)> = None;
    loop {
        let event = reader.read_event_into(&mut buf);
        let (e, closed) = match &event {
            Ok(Event::Start(e)) => {
                depth += 1;
                (Some(e), false)
            }
            Ok(Event::Empty(e)) => (Some(e), true),
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table-row" => {
                        if let (Some((c0, c1)), Some(s)) = (reach.take(), sheet.as_mut()) {
                            let last = (row + row_repeats - 1).min(ODS_MAX_ROWS - 1);
                            s.add((row as u32, c0 as u32), (last as u32, c1 as u32));
                            s.extra = s.extra.saturating_add(c1 + 1);
                        }
                        row = (row + row_repeats).min(ODS_MAX_ROWS);
                    }
                    "table:table" => spans.extend(sheet.take()),
                    _ => {}
                }
                (None, false)
            }
            Ok(Event::Eof) if depth == 0 => break,
            Ok(Event::Eof) => return Err(damaged("an element is never closed".into())),
            Ok(_) => (None, false),
            Err(e) => return Err(damaged(first_line(&e.to_string()))),
        };
        if let Some(e) = e {
            match e.name().as_ref() {
                "table:table" if !closed => {
                    sheet = Some(Span::of(attr(e, "table:name")));
                    row = 0;
                }
                "table:table-row" => {
                    row_repeats = repeats(e, "table:number-rows-repeated", ODS_MAX_ROWS);
                    col = 0;
                    reach = None;
                    if closed {
                        row = (row + row_repeats).min(ODS_MAX_ROWS);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(e, "table:number-columns-repeated", ODS_MAX_COLUMNS);
                    let has_value = !closed
                        || attr(e, "office:value-type").is_some()
                        || attr(e, "table:formula").is_some();
                    if has_value && col < ODS_MAX_COLUMNS {
                        let last = (col + n - 1).min(ODS_MAX_COLUMNS - 1);
                        reach = Some(match reach {
                            Some((a, _)) => (a.min(col), last),
                            None => (col, last),
                        });
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            }
        }
        buf.clear();
    }
    Ok(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        d
    }

    #[test]
    fn an_xls_dimensions_record_beyond_any_sheet_is_refused_before_calamine_reserves_it() {
        let sheet_at = |stream: &[u8]| stream.len() as u32;
        // Globals: BOF, a BOUNDSHEET pointing at the sheet, EOF; then the
        // sheet: BOF, DIMENSIONS, EOF.
        let build = |dims: &[u8]| {
            let mut s = record(0x0809, &[0; 16]);
            let mut bound = Vec::new();
            bound.extend_from_slice(&0u32.to_le_bytes());
            bound.extend_from_slice(&[0, 0, 1, 0, b'S']);
            let at = s.len();
            s.extend(record(0x0085, &bound));
            s.extend(record(0x000A, &[]));
            let pos = sheet_at(&s);
            s[at + 4..at + 8].copy_from_slice(&pos.to_le_bytes());
            s.extend(record(0x0809, &[0; 16]));
            s.extend(record(0x0200, dims));
            s.extend(record(0x000A, &[]));
            s
        };
        let dims = |r0: u32, r1: u32, c0: u16, c1: u16| {
            let mut d = Vec::new();
            d.extend_from_slice(&r0.to_le_bytes());
            d.extend_from_slice(&r1.to_le_bytes());
            d.extend_from_slice(&c0.to_le_bytes());
            d.extend_from_slice(&c1.to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            d
        };
        let path = Path::new("x.xls");
        // A whole sheet is allowed: 65,536 rows × 256 columns.
        assert!(check_xls_dimensions(path, &build(&dims(0, 65_536, 0, 256))).is_ok());
        assert!(check_xls_dimensions(path, &build(&dims(2, 40, 1, 9))).is_ok());
        // Rows beyond any sheet, and a first row after the last (which
        // wraps to four billion rows in calamine's arithmetic): refused.
        for bad in [dims(0, 4_000_000, 0, 200), dims(100, 50, 0, 240)] {
            let e = check_xls_dimensions(path, &build(&bad)).unwrap_err();
            assert!(matches!(e.problem, Problem::Corrupt(_)), "{e}");
        }
    }

    #[test]
    fn xls_spans_come_from_the_cell_records_of_each_sheet() {
        let mut s = Vec::new();
        // Globals, then two sheets; a chart nested in the first.
        s.extend(record(0x0809, &[0; 16]));
        s.extend(record(0x000A, &[]));
        s.extend(record(0x0809, &[0; 16]));
        s.extend(record(0x0203, &cell(2, 1)));
        s.extend(record(0x0809, &[0; 16]));
        s.extend(record(0x0203, &cell(60_000, 200)));
        s.extend(record(0x000A, &[]));
        // MulRk on row 9 from column 3 to column 7.
        let mut mulrk = 9u16.to_le_bytes().to_vec();
        mulrk.extend(3u16.to_le_bytes());
        mulrk.extend([0u8; 30]);
        mulrk.extend(7u16.to_le_bytes());
        s.extend(record(0x00BD, &mulrk));
        s.extend(record(0x000A, &[]));
        s.extend(record(0x0809, &[0; 16]));
        s.extend(record(0x00FD, &cell(65_535, 255)));
        s.extend(record(0x00FD, &cell(0, 0)));
        s.extend(record(0x000A, &[]));
        let spans = xls_spans(&s);
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0].first, spans[0].last), ((2, 1), (9, 7)));
        assert_eq!(spans[0].cells(), 8 * 7);
        assert_eq!(spans[1].cells(), 65_536 * 256);
        let path = Path::new("x.xls");
        assert!(check_dense(path, &spans, 20_000_000).is_ok());
        let err = check_dense(path, &spans, 10_000_000)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("A1:IV65536") && err.contains("--max-cells"),
            "{err}"
        );
        // Encrypted: the records cannot be read; calamine says why.
        let mut encrypted = record(0x0809, &[0; 16]);
        encrypted.extend(record(0x002F, &[0; 6]));
        encrypted.extend(s);
        assert!(xls_spans(&encrypted).is_empty());
        // Truncated in the middle of a record: no panic.
        assert!(xls_spans(&record(0x0809, &[0; 16])[..7]).is_empty());
    }
}
