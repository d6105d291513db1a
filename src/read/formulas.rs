//! A sheet's formulas, read when a finding needs them, and letting go of a
//! workbook's bytes once nothing more is read from them.

use super::{guarded, ods_formula, read_file, Fast, Formulas, Inner, Lazy, Origin, Source};
use calamine::Reader;

impl Source {
    /// Lets go of the workbook's bytes (a large file's own size, 43 MB for
    /// a million-row sheet) once no other sheet will be read. What was read
    /// stays valid. [`Source::formulas`] afterwards reads the file again
    /// when it was opened from one and has not changed since
    /// ([`Source::can_reopen`]); otherwise it finds none — so close such a
    /// source only after reading a sheet whose [`crate::read::Sheet::has_formulas`] is
    /// false.
    ///
    /// ```
    /// use phuluc::read::Source;
    /// let t = phuluc::sample::large_appendix(2_000);
    /// let bytes = phuluc::sample::to_buffer(&[t])?;
    /// let mut source = Source::from_bytes("a.xlsx".as_ref(), bytes)?;
    /// let sheet = source.sheet("Phụ lục III")?;
    /// assert!(!sheet.has_formulas);
    /// source.close();
    /// assert!(source.formulas("Phụ lục III").is_empty());
    /// assert!(source.sheet("Phụ lục III").is_err());
    /// assert_eq!(phuluc::read::cell_text(sheet.get(8, 0)), "I");
    /// # Ok::<(), phuluc::Error>(())
    /// ```
    pub fn close(&mut self) {
        if let Inner::Book(book, package, fast) = &mut self.inner {
            *book = Lazy::Closed;
            *package = None;
            *fast = Fast::Off;
        }
    }

    /// Whether [`Source::formulas`] can read the file again after
    /// [`Source::close`]: it was opened from a file (not from bytes).
    pub fn can_reopen(&self) -> bool {
        self.origin.is_some()
    }

    /// The formulas of one sheet (none for CSV), without the leading '=',
    /// read only when a finding needs them: reading them costs a second
    /// pass over the sheet. Streamed for xlsx, like the cells. After
    /// [`Source::close`], the file is read again if it can be (and is
    /// unchanged); else there are none.
    pub fn formulas(&mut self, name: &str) -> Formulas {
        let path = self.path.clone();
        let max_cells = self.max_cells;
        if let Inner::Book(Lazy::Closed, _, _) = &self.inner {
            if !self.reopen() {
                return Formulas::default();
            }
        }
        match &mut self.inner {
            Inner::Csv(_) => Formulas::default(),
            Inner::Book(book, _, _) => guarded(&path, || {
                let mut out = Formulas::default();
                let Ok(book) = book.get(&path) else {
                    return Ok(out);
                };
                match book {
                    calamine::Sheets::Xlsx(x) => {
                        let Ok(mut reader) = x.worksheet_cells_reader(name) else {
                            return Ok(out);
                        };
                        while let Ok(Some(cell)) = reader.next_formula() {
                            if !cell.get_value().is_empty() {
                                out.insert(cell.get_position(), cell.get_value().clone());
                            }
                            if out.len() > max_cells {
                                break;
                            }
                        }
                    }
                    other => {
                        let ods = matches!(other, calamine::Sheets::Ods(_));
                        if let Ok(range) = other.worksheet_formula(name) {
                            let (r0, c0) = range.start().unwrap_or((0, 0));
                            for (r, c, f) in range.used_cells() {
                                if !f.is_empty() {
                                    // .ods formulas as Excel shows them.
                                    let f = if ods {
                                        ods_formula::excel_syntax(f)
                                    } else {
                                        f.clone()
                                    };
                                    out.insert((r as u32 + r0, c as u32 + c0), f);
                                }
                            }
                        }
                    }
                }
                Ok(out)
            })
            .unwrap_or_default(),
        }
    }

    /// Reads the file again after [`Source::close`], as long as it is the
    /// file that was read (same size, same time of change: a file changed
    /// since would give formulas for other cells). Whether it was.
    fn reopen(&mut self) -> bool {
        let Some(origin) = &self.origin else {
            return false;
        };
        if Origin::of(&self.path).as_ref() != Some(origin) {
            return false;
        }
        let Ok(bytes) = read_file(&self.path) else {
            return false;
        };
        match Source::from_bytes_limited(&self.path, bytes, self.max_cells) {
            Ok(again) if again.names == self.names => {
                self.inner = again.inner;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook_with_a_sum(path: &std::path::Path, extra: bool) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Kinh phí").unwrap();
        ws.write_number(1, 0, 10).unwrap();
        ws.write_number(2, 0, 20).unwrap();
        ws.write_formula(
            3,
            0,
            rust_xlsxwriter::Formula::new("=SUM(A2:A3)").set_result("30"),
        )
        .unwrap();
        if extra {
            ws.write_string(5, 0, "Ghi chú thêm").unwrap();
        }
        wb.save(path).unwrap();
    }

    #[test]
    fn formulas_are_read_again_after_closing_only_from_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tong.xlsx");
        workbook_with_a_sum(&path, false);
        let mut source = Source::open(&path).unwrap();
        let sheet = source.sheet("Sheet1").unwrap();
        assert!(sheet.has_formulas);
        assert!(source.can_reopen());
        source.close();
        let formulas = source.formulas("Sheet1");
        assert_eq!(
            formulas.get(&(3, 0)).map(String::as_str),
            Some("SUM(A2:A3)")
        );
        // Read again from then on, without closing.
        assert_eq!(source.formulas("Sheet1").len(), 1);

        // A file changed since it was read gives none.
        let mut source = Source::open(&path).unwrap();
        source.close();
        workbook_with_a_sum(&path, true);
        assert!(source.formulas("Sheet1").is_empty());

        // Bytes without a file cannot be read again.
        let bytes = std::fs::read(&path).unwrap();
        let mut source = Source::from_bytes(&path, bytes).unwrap();
        assert!(!source.can_reopen());
        source.close();
        assert!(source.formulas("Sheet1").is_empty());
    }
}
