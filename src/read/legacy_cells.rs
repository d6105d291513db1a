//! Text cells in a legacy Vietnamese encoding (TCVN3, VNI), converted to
//! Unicode as a sheet is read.

use super::{CellValue, Cells, LegacyNote};
use calamine::Data;

/// Converts a sheet's legacy-encoded text cells to Unicode, in place.
///
/// `fonts` lists the cells set in a TCVN3 font (.VnTime …, xlsx only), and
/// whether it is a capitals font (.VnTimeH …): such a cell is TCVN3 whatever
/// its letters, and a capitals font's text is upper case.
pub(super) fn convert_legacy(cells: &mut Cells, fonts: &[(u32, u32, bool)]) -> Option<LegacyNote> {
    use crate::legacy::{convert, convert_with, Encoding};
    let mut found: Vec<(u32, u32, String, Encoding)> = Vec::new();
    let mut undecided: Vec<(u32, u32)> = Vec::new();
    let font_of = |r: u32, c: u32| {
        fonts
            .binary_search_by_key(&(r, c), |&(fr, fc, _)| (fr, fc))
            .ok()
            .map(|i| fonts[i].2)
    };
    for (r, c, d) in cells.used_cells() {
        let CellValue::String(s) = d else { continue };
        if let Some(capitals) = font_of(r, c) {
            if let Some(t) = crate::legacy::tcvn3_text(s) {
                let t = if capitals { t.to_uppercase() } else { t };
                if t != s {
                    found.push((r, c, t, Encoding::Tcvn3));
                }
                continue;
            }
        }
        if s.is_ascii() {
            continue;
        }
        match convert(s) {
            Some((t, e)) => found.push((r, c, t, e)),
            None => undecided.push((r, c)),
        }
    }
    if found.is_empty() {
        return None;
    }
    let count = |found: &[(u32, u32, String, Encoding)], e: Encoding| {
        found.iter().filter(|f| f.3 == e).count()
    };
    let prior = if count(&found, Encoding::Vni) > count(&found, Encoding::Tcvn3) {
        Encoding::Vni
    } else {
        Encoding::Tcvn3
    };
    // Cells that read either way follow the sheet, when the sheet is
    // clearly in one encoding.
    if count(&found, prior) >= 2 {
        for (r, c) in undecided {
            if let Some(CellValue::String(s)) = cells.get_value((r, c)) {
                if let Some((t, e)) = convert_with(s, Some(prior)) {
                    found.push((r, c, t, e));
                }
            }
        }
    }
    let first = found.iter().map(|f| (f.0, f.1)).min()?;
    let n = found.len();
    let encoding = prior;
    for (r, c, t, _) in found {
        cells.set_value((r, c), Data::String(t));
    }
    Some(LegacyNote {
        encoding,
        cells: n,
        first,
    })
}
