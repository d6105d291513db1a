//! Column widths and row heights of an .xlsx sheet, from its `<col>` and
//! `<row ht="…">` elements: what calamine does not read, and what an
//! annotated copy needs to look like its input.

use super::merges::attr;
use memchr::memmem;

/// A sheet's column widths and custom row heights, 0-based.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SheetLayout {
    /// (first, last column, width in characters).
    pub columns: Vec<(u32, u32, f64)>,
    /// (row, height in points), for rows with a height of their own.
    pub rows: Vec<(u32, f64)>,
}

/// The layout a sheet's XML states.
pub(super) fn parse_layout(xml: &[u8]) -> SheetLayout {
    parse(xml)
}

fn parse(xml: &[u8]) -> SheetLayout {
    let mut layout = SheetLayout::default();
    let element = |start: usize| -> Option<&str> {
        let end = memchr::memchr(b'>', &xml[start..])? + start;
        std::str::from_utf8(&xml[start..end]).ok()
    };
    // Columns come before the data.
    if let Some(cols) = memmem::find(xml, b"<cols>") {
        let end = memmem::find(&xml[cols..], b"</cols>").map_or(xml.len(), |e| cols + e);
        for at in memmem::find_iter(&xml[cols..end], b"<col ") {
            let Some(e) = element(cols + at) else {
                continue;
            };
            let num = |a: &str| attr(e, a).and_then(|v| v.parse::<f64>().ok());
            if let (Some(min), Some(max), Some(width)) = (num("min"), num("max"), num("width")) {
                if min >= 1.0 && max >= min && max <= 16_384.0 {
                    layout
                        .columns
                        .push((min as u32 - 1, max as u32 - 1, width.clamp(0.0, 255.0)));
                }
            }
        }
    }
    for at in memmem::find_iter(xml, b"<row ") {
        let Some(e) = element(at) else { continue };
        if attr(e, "customHeight").is_none_or(|v| v != "1" && v != "true") {
            continue;
        }
        let row = attr(e, "r").and_then(|v| v.parse::<u32>().ok());
        let height = attr(e, "ht").and_then(|v| v.parse::<f64>().ok());
        if let (Some(row), Some(height)) = (row, height) {
            if (1..=1_048_576).contains(&row) {
                layout.rows.push((row - 1, height.clamp(0.0, 409.0)));
            }
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_heights() {
        let xml = br#"<worksheet><cols><col min="1" max="1" width="7.5" customWidth="1"/><col min="2" max="4" width="30"/></cols><sheetData><row r="1" ht="30" customHeight="1"><c r="A1"/></row><row r="2" ht="15"></row></sheetData></worksheet>"#;
        assert_eq!(
            parse(xml),
            SheetLayout {
                columns: vec![(0, 0, 7.5), (1, 3, 30.0)],
                rows: vec![(0, 30.0)],
            }
        );
    }
}
