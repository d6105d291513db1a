//! Reading one sheet's cells: through the xlsx fast path (`xlsx.rs`), or
//! through calamine — streamed cell by cell for xlsx and xlsb, compacted
//! from its `Range` for the other formats.

use super::legacy_cells::convert_legacy;
use super::{
    book_error, merges, too_many_cells, xlsx, xml, Bytes, CellStyles, Cells, Fast, Merge, Sheet,
    MAX_ENTRY_BYTES,
};
use crate::error::{Error, Problem};
use calamine::Reader;
use std::path::Path;

/// A sheet read by the xlsx fast path, or `None` when it steps aside.
pub(super) fn fast_sheet(
    package: &mut merges::Package,
    fast: &mut Fast,
    name: &str,
    max_cells: usize,
    path: &Path,
) -> Result<Option<Sheet>, Error> {
    if matches!(fast, Fast::Untried) {
        *fast = match xlsx::Parts::read(package.zip()) {
            Ok(parts) => Fast::Ready(Box::new(parts)),
            Err(_) => Fast::Off,
        };
    }
    let Fast::Ready(parts) = fast else {
        return Ok(None);
    };
    let Some(entry) = package.entry_of(name) else {
        return Ok(None);
    };
    let Ok(file) = package.zip().by_name(&entry) else {
        return Ok(None);
    };
    let mut fonts = Vec::new();
    match xlsx::read_sheet(
        parts,
        std::io::Read::take(file, MAX_ENTRY_BYTES),
        max_cells,
        &mut fonts,
    ) {
        Ok(Ok(mut read)) => {
            fonts.sort_unstable();
            let legacy = convert_legacy(&mut read.cells, &fonts);
            let mut sheet = Sheet::new(name, read.cells, read.merges, legacy);
            sheet.uncached_formulas = read.uncached;
            sheet.has_formulas = read.formulas;
            Ok(Some(sheet))
        }
        Ok(Err(xlsx::TooMany)) => Err(too_many_cells(path, max_cells)),
        Err(xml::Stop::Damaged(why)) => Err(Error::new(path, Problem::Corrupt(why))),
        Err(xml::Stop::Aside) => Ok(None),
    }
}

/// A sheet's cells, or `None` for a sheet that has none by nature (a chart
/// sheet). Text in a legacy font is noted in `fonts` (row, column,
/// capitals); each cell's style goes to `keep` when asked.
pub(super) fn read_cells(
    book: &mut calamine::Sheets<Bytes>,
    name: &str,
    path: &Path,
    max_cells: usize,
    mut keep: Option<&mut CellStyles>,
    fonts: &mut Vec<(u32, u32, bool)>,
) -> Result<Option<Cells>, Error> {
    let cells = match book {
        // Streamed cell by cell: only what the sheet holds is
        // kept, however far its last cell.
        calamine::Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                // A chart sheet, a dialog sheet: no cells, as
                // calamine's own reader treats them.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(None),
                Err(e) => return Err(book_error(path, calamine::Error::Xlsx(e))),
            };
            let mut cells = Cells::new();
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| book_error(path, calamine::Error::Xlsx(e)))?
            {
                let (r, c) = cell.get_position();
                let value = cell.get_value();
                // Text in a legacy font (.VnTime, .VnTimeH for
                // capitals): the font says the encoding and case.
                if matches!(
                    value,
                    calamine::DataRef::String(_) | calamine::DataRef::SharedString(_)
                ) {
                    let font = reader
                        .styles()
                        .get(style)
                        .and_then(|s| s.font.as_ref())
                        .and_then(|f| f.name.as_deref());
                    if let Some(f) = font.filter(|f| f.starts_with(".Vn")) {
                        fonts.push((r, c, f.trim_end().ends_with('H')));
                    }
                }
                if let Some(keep) = keep.as_deref_mut() {
                    keep.ids.insert((r, c), style);
                }
                cells.push_ref(r, c, value);
                if cells.len() > max_cells {
                    return Err(too_many_cells(path, max_cells));
                }
            }
            cells.seal();
            if let Some(keep) = keep {
                keep.styles = reader.styles().to_vec();
            }
            cells
        }
        // Streamed too: a damaged dimension must not make
        // calamine allocate its whole rectangle.
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| book_error(path, calamine::Error::Xlsb(e)))?;
            let mut cells = Cells::new();
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| book_error(path, calamine::Error::Xlsb(e)))?
            {
                let (r, c) = cell.get_position();
                cells.push_ref(r, c, cell.get_value());
                if cells.len() > max_cells {
                    return Err(too_many_cells(path, max_cells));
                }
            }
            cells.seal();
            cells
        }
        other => {
            let range = other
                .worksheet_range(name)
                .map_err(|e| book_error(path, e))?;
            let cells = Cells::from_range(&range);
            if cells.len() > max_cells {
                return Err(too_many_cells(path, max_cells));
            }
            cells
        }
    };
    Ok(Some(cells))
}

pub(crate) fn to_merge(d: &calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}
