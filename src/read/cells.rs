//! A sheet's cells, stored sparsely and compactly: the rows that hold
//! something, each with its cells in column order. A cell far away
//! (XFD1048576) costs one entry, not the 17 billion cells a rectangle up to
//! it would hold; a cell costs 16 bytes, and its text lives in a shared
//! buffer rather than in a string of its own (a million-row sheet took
//! 950 MiB as calamine values, a third of that this way).

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, ExcelDateTimeType};

/// One cell's value, borrowed from the sheet that holds it.
///
/// ```
/// use phuluc::read::{CellValue, Sheet};
/// let sheet = Sheet::from_rows("S", &[vec!["STT".into(), "12".into()]]);
/// assert_eq!(sheet.get(0, 0), CellValue::String("STT"));
/// assert_eq!(sheet.get(5, 5), CellValue::Empty);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue<'a> {
    /// Nothing.
    Empty,
    /// Text.
    String(&'a str),
    /// A number (xlsx, ods, csv).
    Float(f64),
    /// A whole number (xls).
    Int(i64),
    /// TRUE or FALSE.
    Bool(bool),
    /// An error value (#REF!, #VALUE!).
    Error(&'static CellErrorType),
    /// A date or duration as Excel stores it.
    DateTime(ExcelDateTime),
    /// A date in ISO text (ods).
    DateTimeIso(&'a str),
    /// A duration in ISO text (ods).
    DurationIso(&'a str),
}

impl CellValue<'_> {
    /// The value as calamine's owned type.
    pub fn to_data(self) -> Data {
        match self {
            CellValue::Empty => Data::Empty,
            CellValue::String(s) => Data::String(s.to_string()),
            CellValue::Float(f) => Data::Float(f),
            CellValue::Int(i) => Data::Int(i),
            CellValue::Bool(b) => Data::Bool(b),
            CellValue::Error(e) => Data::Error(e.clone()),
            CellValue::DateTime(d) => Data::DateTime(d),
            CellValue::DateTimeIso(s) => Data::DateTimeIso(s.to_string()),
            CellValue::DurationIso(s) => Data::DurationIso(s.to_string()),
        }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(self) -> bool {
        matches!(self, CellValue::Empty)
    }
}

impl<'a> From<&'a Data> for CellValue<'a> {
    /// A calamine value seen as a cell of a sheet.
    ///
    /// ```
    /// use phuluc::read::{cell_text, CellValue};
    /// let d = calamine::Data::Float(1234.5);
    /// assert_eq!(CellValue::from(&d), CellValue::Float(1234.5));
    /// assert_eq!(cell_text(&d), "1234.5");
    /// ```
    fn from(d: &'a Data) -> CellValue<'a> {
        match d {
            Data::Empty => CellValue::Empty,
            Data::String(s) => CellValue::String(s),
            Data::Float(f) => CellValue::Float(*f),
            Data::Int(i) => CellValue::Int(*i),
            Data::Bool(b) => CellValue::Bool(*b),
            Data::Error(e) => CellValue::Error(&ERRORS[error_index(e)]),
            Data::DateTime(d) => CellValue::DateTime(*d),
            Data::DateTimeIso(s) => CellValue::DateTimeIso(s),
            Data::DurationIso(s) => CellValue::DurationIso(s),
        }
    }
}

fn error_index(e: &CellErrorType) -> usize {
    ERRORS.iter().position(|x| x == e).unwrap_or(0)
}

/// The error values, so that a cell can point at one.
static ERRORS: [CellErrorType; 8] = [
    CellErrorType::Div0,
    CellErrorType::NA,
    CellErrorType::Name,
    CellErrorType::Null,
    CellErrorType::Num,
    CellErrorType::Ref,
    CellErrorType::Value,
    CellErrorType::GettingData,
];

const TEXT: u32 = 1;
const FLOAT: u32 = 2;
const INT: u32 = 3;
const BOOL: u32 = 4;
const ERROR: u32 = 5;
const DATE: u32 = 6;
const DURATION: u32 = 7;
const DATE_ISO: u32 = 8;
const DURATION_ISO: u32 = 9;
/// Text in the workbook's shared strings (`bits` where it starts there).
const SHARED: u32 = 10;

/// Text buffers are this large; a text never straddles two.
const CHUNK: usize = 1 << 20;

/// The most bytes a text cell keeps: Excel's 32,767 characters, each at
/// most four bytes. Fits a chunk and the 24 bits a cell has for it.
const MAX_TEXT_BYTES: usize = crate::read::MAX_CELL_CHARS * 4;

/// One stored cell: its column, its kind (low 8 bits of `meta`, the high
/// 24 the length of its text) and its payload (the number's bits, or where
/// its text starts).
#[derive(Debug, Clone, Copy)]
struct Slot {
    col: u32,
    meta: u32,
    bits: u64,
}

/// The cells of a sheet, by absolute 0-based row and column.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// Every cell that holds something, in row-then-column order; `rows`
    /// says where each row's cells start.
    cells: Vec<Slot>,
    /// (row, index of its first cell in `cells` + `released`), rows in
    /// increasing order.
    rows: Vec<(u32, u32)>,
    /// Cells let go from the front of `cells` ([`Cells::release_rows_before`]).
    released: u32,
    /// The first and last used rows before any was let go.
    span: Option<(u32, u32)>,
    /// First and last used columns.
    cols: Option<(u32, u32)>,
    /// Cells that came out of order, merged in on the next read.
    late: Vec<(u32, Slot)>,
    /// For each row from the first to the last, its index in `rows` + 1
    /// (0: no cell); built by [`Cells::seal`] when rows are not too sparse.
    index: Vec<u32>,
    /// The cells' text, in buffers of [`CHUNK`] bytes; shared with the
    /// model's texts (see [`Cells::text_handle`]) once read.
    text: Vec<std::sync::Arc<String>>,
    /// The last text stored in each of the first columns (start, length):
    /// a column that repeats its text (the lead unit on every row) stores
    /// it once.
    recent: Vec<(u64, u32)>,
    /// The workbook's shared strings, which [`SHARED`] cells point into
    /// rather than holding a copy (most of a large sheet's text).
    shared: Option<std::sync::Arc<String>>,
}

/// Columns whose last text is remembered.
const RECENT_COLUMNS: usize = 64;

impl Cells {
    /// No cells.
    pub fn new() -> Cells {
        Cells::default()
    }

    /// How many cells hold something.
    pub fn len(&self) -> usize {
        self.cells.len() + self.late.len()
    }

    /// Whether no cell holds anything.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps a text, cut at Excel's limit of 32,767 characters; returns
    /// where it starts and its length in bytes.
    fn store_text(&mut self, s: &str) -> (u64, u32) {
        let s = if s.len() > crate::read::MAX_CELL_CHARS {
            match s.char_indices().nth(crate::read::MAX_CELL_CHARS) {
                Some((cut, _)) => &s[..cut],
                None => s,
            }
        } else {
            s
        };
        debug_assert!(s.len() <= MAX_TEXT_BYTES);
        // The last buffer takes the text if it has room and no text of the
        // model points into it yet (else a new one is begun).
        let fits = self
            .text
            .last_mut()
            .and_then(std::sync::Arc::get_mut)
            .is_some_and(|b| b.len() + s.len() <= CHUNK);
        if !fits {
            self.text.push(std::sync::Arc::new(String::with_capacity(
                CHUNK.min(s.len().max(4096) * 16),
            )));
        }
        let chunk = self.text.len() - 1;
        let Some(buffer) = self.text.last_mut().and_then(std::sync::Arc::get_mut) else {
            return (0, 0);
        };
        if buffer.capacity() < buffer.len() + s.len() {
            // Grow within the chunk's bound, never past it.
            let want = (buffer.capacity() * 2)
                .max(buffer.len() + s.len())
                .min(CHUNK);
            buffer.reserve_exact(want - buffer.len());
        }
        let start = (chunk * CHUNK + buffer.len()) as u64;
        buffer.push_str(s);
        (start, s.len() as u32)
    }

    fn text_at(&self, start: u64, len: u32) -> &str {
        let (chunk, offset) = (start as usize / CHUNK, start as usize % CHUNK);
        self.text
            .get(chunk)
            .and_then(|b| b.get(offset..offset + len as usize))
            .unwrap_or("")
    }

    /// Cells pushed by [`Cells::push_shared`] point into `strings`.
    pub(crate) fn share_strings(&mut self, strings: std::sync::Arc<String>) {
        self.shared = Some(strings);
    }

    /// Adds a cell whose text is `len` bytes at `start` of the strings
    /// given to [`Cells::share_strings`]: no copy is made. A text beyond
    /// Excel's limit is copied and cut, as [`Cells::push`] does.
    pub(crate) fn push_shared(&mut self, row: u32, col: u32, start: u32, len: u32) {
        let text = self
            .shared
            .as_ref()
            .and_then(|t| t.get(start as usize..(start as usize).checked_add(len as usize)?));
        let Some(text) = text else {
            return;
        };
        if text.len() > crate::read::MAX_CELL_CHARS {
            let owned = text.to_string();
            let slot = self.text_slot(col, TEXT, &owned);
            self.push_slot(row, slot);
            return;
        }
        self.push_slot(
            row,
            Slot {
                col,
                meta: SHARED | (len << 8),
                bits: u64::from(start),
            },
        );
    }

    /// The text of a text cell, shared with the buffer it is in (no copy).
    pub(crate) fn text_handle(&self, (row, col): (u32, u32)) -> Option<super::Text> {
        let slot = self.slot_at((row, col))?;
        let len = (slot.meta >> 8) as usize;
        match slot.meta & 0xff {
            TEXT => {
                let (chunk, offset) = (slot.bits as usize / CHUNK, slot.bits as usize % CHUNK);
                let buffer = self.text.get(chunk)?;
                Some(super::Text::shared(buffer, offset, len))
            }
            SHARED => Some(super::Text::shared(
                self.shared.as_ref()?,
                slot.bits as usize,
                len,
            )),
            _ => None,
        }
    }

    fn shared_at(&self, start: u64, len: u32) -> &str {
        let start = start as usize;
        self.shared
            .as_ref()
            .and_then(|t| t.get(start..start + len as usize))
            .unwrap_or("")
    }

    fn text_slot(&mut self, col: u32, kind: u32, s: &str) -> Slot {
        let c = col as usize;
        let again = self
            .recent
            .get(c)
            .filter(|&&(start, len)| len as usize == s.len() && self.text_at(start, len) == s);
        let (start, len) = match again {
            Some(&known) => known,
            None => {
                let stored = self.store_text(s);
                if c < RECENT_COLUMNS {
                    if self.recent.len() <= c {
                        self.recent.resize(c + 1, (0, u32::MAX));
                    }
                    self.recent[c] = stored;
                }
                stored
            }
        };
        Slot {
            col,
            meta: kind | (len << 8),
            bits: start,
        }
    }

    fn number_slot(col: u32, kind: u32, bits: u64) -> Slot {
        Slot {
            col,
            meta: kind,
            bits,
        }
    }

    fn date_slot(col: u32, d: &ExcelDateTime) -> Slot {
        let kind = if d.is_duration() { DURATION } else { DATE };
        // The 1904 date system rides in bit 8.
        let kind_of = if d.is_duration() {
            ExcelDateTimeType::TimeDelta
        } else {
            ExcelDateTimeType::DateTime
        };
        let is_1904 = ExcelDateTime::new(d.as_f64(), kind_of, true) == *d;
        Slot {
            col,
            meta: kind | (u32::from(is_1904) << 8),
            bits: d.as_f64().to_bits(),
        }
    }

    fn error_slot(col: u32, e: &CellErrorType) -> Slot {
        Cells::number_slot(col, ERROR, error_index(e) as u64)
    }

    /// Adds a cell. Cells come in row-then-column order (as a sheet stores
    /// them) at no cost; a cell out of order is merged in by [`Cells::seal`].
    /// An empty value is ignored.
    pub fn push(&mut self, row: u32, col: u32, value: Data) {
        let slot = match &value {
            Data::Empty => return,
            Data::String(s) => self.text_slot(col, TEXT, s),
            Data::Float(f) => Cells::number_slot(col, FLOAT, f.to_bits()),
            Data::Int(i) => Cells::number_slot(col, INT, *i as u64),
            Data::Bool(b) => Cells::number_slot(col, BOOL, u64::from(*b)),
            Data::Error(e) => Cells::error_slot(col, e),
            Data::DateTime(d) => Cells::date_slot(col, d),
            Data::DateTimeIso(s) => self.text_slot(col, DATE_ISO, s),
            Data::DurationIso(s) => self.text_slot(col, DURATION_ISO, s),
        };
        self.push_slot(row, slot);
    }

    /// [`Cells::push`] of a value calamine streams (xlsx, xlsb), without
    /// making an owned copy of its text first.
    pub fn push_ref(&mut self, row: u32, col: u32, value: &DataRef<'_>) {
        let slot = match value {
            DataRef::Empty => return,
            DataRef::String(s) => self.text_slot(col, TEXT, s),
            DataRef::SharedString(s) => self.text_slot(col, TEXT, s),
            DataRef::Float(f) => Cells::number_slot(col, FLOAT, f.to_bits()),
            DataRef::Int(i) => Cells::number_slot(col, INT, *i as u64),
            DataRef::Bool(b) => Cells::number_slot(col, BOOL, u64::from(*b)),
            DataRef::Error(e) => Cells::error_slot(col, e),
            DataRef::DateTime(d) => Cells::date_slot(col, d),
            DataRef::DateTimeIso(s) => self.text_slot(col, DATE_ISO, s),
            DataRef::DurationIso(s) => self.text_slot(col, DURATION_ISO, s),
        };
        self.push_slot(row, slot);
    }

    fn push_slot(&mut self, row: u32, slot: Slot) {
        let col = slot.col;
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(col), b.max(col)),
            None => (col, col),
        });
        let in_order = match (self.rows.last(), self.cells.last()) {
            (Some(&(r, _)), Some(c)) => row > r || row == r && col > c.col,
            _ => true,
        };
        if !in_order || !self.late.is_empty() {
            self.late.push((row, slot));
            return;
        }
        if self.rows.last().is_none_or(|&(r, _)| r != row) {
            self.rows
                .push((row, self.released + self.cells.len() as u32));
        }
        self.cells.push(slot);
    }

    fn value(&self, slot: &Slot) -> CellValue<'_> {
        let text = || self.text_at(slot.bits, slot.meta >> 8);
        match slot.meta & 0xff {
            TEXT => CellValue::String(text()),
            SHARED => CellValue::String(self.shared_at(slot.bits, slot.meta >> 8)),
            FLOAT => CellValue::Float(f64::from_bits(slot.bits)),
            INT => CellValue::Int(slot.bits as i64),
            BOOL => CellValue::Bool(slot.bits != 0),
            ERROR => CellValue::Error(&ERRORS[(slot.bits as usize).min(ERRORS.len() - 1)]),
            kind @ (DATE | DURATION) => CellValue::DateTime(ExcelDateTime::new(
                f64::from_bits(slot.bits),
                if kind == DURATION {
                    ExcelDateTimeType::TimeDelta
                } else {
                    ExcelDateTimeType::DateTime
                },
                slot.meta >> 8 & 1 == 1,
            )),
            DATE_ISO => CellValue::DateTimeIso(text()),
            DURATION_ISO => CellValue::DurationIso(text()),
            _ => CellValue::Empty,
        }
    }

    /// Merges cells that came out of order (a later one at the same place
    /// wins). Reading the sheet calls it once.
    pub fn seal(&mut self) {
        self.merge_late();
        // A list that grew by doubling holds up to twice what it needs (a
        // million-row sheet: 100 MB of slots unused); a large block is
        // shrunk in place, without a copy.
        if self.cells.capacity() > self.cells.len() + self.cells.len() / 16 + 1024 {
            self.cells.shrink_to_fit();
        }
        if self.rows.capacity() > self.rows.len() + self.rows.len() / 16 + 1024 {
            self.rows.shrink_to_fit();
        }
        self.build_index();
    }

    fn build_index(&mut self) {
        self.index = Vec::new();
        if let (Some(&(first, _)), Some(&(last, _))) = (self.rows.first(), self.rows.last()) {
            let span = (last - first) as usize + 1;
            if span <= self.rows.len() * 4 + 1024 {
                self.index = vec![0; span];
                for (i, &(r, _)) in self.rows.iter().enumerate() {
                    self.index[(r - first) as usize] = i as u32 + 1;
                }
            }
        }
    }

    fn merge_late(&mut self) {
        if self.late.is_empty() {
            return;
        }
        let mut all: Vec<(u32, usize, Slot)> = Vec::with_capacity(self.len());
        for (r, slot) in self.take_in_order() {
            all.push((r, all.len(), slot));
        }
        for (r, slot) in std::mem::take(&mut self.late) {
            all.push((r, all.len(), slot));
        }
        all.sort_by_key(|(r, k, s)| (*r, s.col, std::cmp::Reverse(*k)));
        all.dedup_by_key(|(r, _, s)| (*r, s.col));
        // The text stays where it is: only the slots move.
        for (r, _, slot) in all {
            self.push_slot(r, slot);
        }
    }

    fn take_in_order(&mut self) -> Vec<(u32, Slot)> {
        let released = std::mem::take(&mut self.released);
        let mut rows = std::mem::take(&mut self.rows);
        rows.retain(|&(_, start)| start >= released);
        let cells = std::mem::take(&mut self.cells);
        let mut out = Vec::with_capacity(cells.len());
        let mut row_at = rows.iter().peekable();
        let mut current = 0;
        for (i, slot) in cells.into_iter().enumerate() {
            while let Some(&&(r, start)) = row_at.peek() {
                if (start - released) as usize <= i {
                    current = r;
                    row_at.next();
                } else {
                    break;
                }
            }
            out.push((current, slot));
        }
        out
    }

    fn row_span(&self, row: u32) -> Option<(usize, usize)> {
        let first = self.rows.first()?.0;
        let offset = row.checked_sub(first)? as usize;
        let i = if !self.index.is_empty() {
            (*self.index.get(offset)? as usize).checked_sub(1)?
        } else {
            self.rows.binary_search_by_key(&row, |(r, _)| *r).ok()?
        };
        // A row let go has no cells left.
        let start = self.rows[i].1.checked_sub(self.released)? as usize;
        let end = self
            .rows
            .get(i + 1)
            .map(|(_, s)| (s - self.released) as usize)
            .unwrap_or(self.cells.len());
        Some((start, end))
    }

    fn row_slots(&self, row: u32) -> &[Slot] {
        match self.row_span(row) {
            Some((a, b)) => &self.cells[a..b],
            None => &[],
        }
    }

    /// The cells of one row that hold something, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, CellValue<'_>)> + '_ {
        self.row_slots(row).iter().map(|s| (s.col, self.value(s)))
    }

    /// The cell at an absolute position, if it holds something.
    pub fn get_value(&self, at: (u32, u32)) -> Option<CellValue<'_>> {
        self.slot_at(at).map(|s| self.value(s))
    }

    fn slot_at(&self, (row, col): (u32, u32)) -> Option<&Slot> {
        let slots = self.row_slots(row);
        if slots.len() <= 16 {
            slots.iter().find(|s| s.col == col)
        } else {
            slots
                .binary_search_by_key(&col, |s| s.col)
                .ok()
                .map(|i| &slots[i])
        }
    }

    /// Replaces the value of a cell that holds something (or adds it).
    pub fn set_value(&mut self, (row, col): (u32, u32), value: Data) {
        let mut staged = Cells::new();
        staged.push(0, col, value);
        let Some(&slot) = staged.cells.first() else {
            return;
        };
        // Text goes to this sheet's buffers, not the staging one.
        let slot = match slot.meta & 0xff {
            TEXT | DATE_ISO | DURATION_ISO => {
                let text = staged.text_at(slot.bits, slot.meta >> 8).to_string();
                self.text_slot(col, slot.meta & 0xff, &text)
            }
            _ => slot,
        };
        if let Some((a, b)) = self.row_span(row) {
            if let Some(cell) = self.cells[a..b].iter_mut().find(|s| s.col == col) {
                *cell = slot;
                return;
            }
        }
        self.push_slot(row, slot);
        self.seal();
    }

    /// The first used row and column.
    pub fn start(&self) -> Option<(u32, u32)> {
        let first = self.span.map(|s| s.0).or(self.rows.first().map(|r| r.0));
        Some((first?, self.cols?.0))
    }

    /// The last used row and column.
    pub fn end(&self) -> Option<(u32, u32)> {
        let last = self.rows.last().map(|r| r.0).or(self.span.map(|s| s.1));
        Some((last?, self.cols?.1))
    }

    /// Every cell that holds something, with its absolute row and column,
    /// in row-then-column order.
    pub fn used_cells(&self) -> impl Iterator<Item = (u32, u32, CellValue<'_>)> {
        // Rows let go are skipped: they start before what is held.
        let first = self.rows.partition_point(|&(_, s)| s < self.released);
        self.rows[first..]
            .iter()
            .enumerate()
            .flat_map(move |(i, &(r, start))| {
                let end = self.rows[first..]
                    .get(i + 1)
                    .map(|(_, s)| (s - self.released) as usize)
                    .unwrap_or(self.cells.len());
                self.cells[(start - self.released) as usize..end]
                    .iter()
                    .map(move |s| (r, s.col, self.value(s)))
            })
    }

    /// Lets go of the cells of the rows above `row`, which the caller will
    /// not read again: a table read into its model top to bottom calls it
    /// as it goes, so that a million-row sheet is not held whole beside the
    /// table made of it. They are let go in batches — once at least a
    /// quarter of the cells held are above `row` (the rest are moved to the
    /// front) — so what is held never passes 4/3 of what is still needed
    /// and the moves add up to at most three passes over the cells; until
    /// then they can still be read, after it they read as empty.
    /// [`Cells::start`] and [`Cells::end`] still say where the sheet's
    /// cells were.
    ///
    /// ```
    /// use phuluc::read::{CellValue, Cells};
    /// let mut cells = Cells::new();
    /// for r in 0..10 {
    ///     cells.push(r, 0, calamine::Data::Float(f64::from(r)));
    /// }
    /// cells.seal();
    /// cells.release_rows_before(6);
    /// assert_eq!(cells.get_value((5, 0)), None);
    /// assert_eq!(cells.get_value((6, 0)), Some(CellValue::Float(6.0)));
    /// assert_eq!(cells.used_cells().count(), 4);
    /// assert_eq!(cells.start(), Some((0, 0)));
    /// cells.release_rows_before(10);
    /// assert!(cells.is_empty());
    /// assert_eq!((cells.start(), cells.end()), (Some((0, 0)), Some((9, 0))));
    /// ```
    pub fn release_rows_before(&mut self, row: u32) {
        if !self.late.is_empty() {
            return;
        }
        let held_from = self.rows.partition_point(|&(r, _)| r < row);
        let cut = match self.rows.get(held_from) {
            Some(&(_, start)) => start - self.released,
            None => self.cells.len() as u32,
        } as usize;
        if cut == 0 || cut * 4 < self.cells.len() {
            return;
        }
        self.cells.drain(..cut);
        self.cells.shrink_to_fit();
        self.released += cut as u32;
        // The rows let go leave the row list too; where the sheet's cells
        // were is remembered.
        let first = self.rows.first().map(|&(r, _)| r);
        let last = self.rows.last().map(|&(r, _)| r);
        self.span = self.span.or(first.zip(last));
        self.rows.drain(..held_from);
        self.rows.shrink_to_fit();
        self.build_index();
    }

    /// The cells of a calamine range (for the readers that build one).
    pub(crate) fn from_range(range: &calamine::Range<Data>) -> Cells {
        let mut cells = Cells::new();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            cells.push(r as u32 + r0, c as u32 + c0, v.clone());
        }
        cells.seal();
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_and_in_any_order() {
        let mut c = Cells::new();
        c.push(5, 2, Data::Int(1));
        c.push(1_048_575, 16_383, Data::Int(2));
        c.push(3, 7, Data::String("ba".into()));
        c.push(5, 1, Data::Int(4));
        c.push(5, 1, Data::Int(5));
        c.push(9, 9, Data::Empty);
        c.seal();
        assert_eq!(c.len(), 4);
        assert_eq!(c.get_value((5, 1)), Some(CellValue::Int(5)));
        assert_eq!(c.get_value((1_048_575, 16_383)), Some(CellValue::Int(2)));
        assert_eq!(c.get_value((3, 7)), Some(CellValue::String("ba")));
        assert_eq!(c.get_value((4, 1)), None);
        assert_eq!(c.start(), Some((3, 1)));
        assert_eq!(c.end(), Some((1_048_575, 16_383)));
        let order: Vec<(u32, u32)> = c.used_cells().map(|(r, c, _)| (r, c)).collect();
        assert_eq!(order, vec![(3, 7), (5, 1), (5, 2), (1_048_575, 16_383)]);
    }

    #[test]
    fn every_kind_of_value_comes_back_as_it_went_in() {
        let values = vec![
            Data::String("Tổng cộng".into()),
            Data::Float(1234.5),
            Data::Float(-0.1),
            Data::Int(-7),
            Data::Bool(true),
            Data::Bool(false),
            Data::Error(CellErrorType::Ref),
            Data::Error(CellErrorType::GettingData),
            Data::DateTime(ExcelDateTime::new(
                45000.5,
                ExcelDateTimeType::DateTime,
                false,
            )),
            Data::DateTime(ExcelDateTime::new(
                1.25,
                ExcelDateTimeType::TimeDelta,
                false,
            )),
            Data::DateTimeIso("2026-01-01".into()),
            Data::DurationIso("PT1H".into()),
            Data::String(String::new()),
        ];
        let mut c = Cells::new();
        for (i, v) in values.iter().enumerate() {
            c.push(i as u32, 0, v.clone());
        }
        c.seal();
        for (i, v) in values.iter().enumerate() {
            assert_eq!(
                c.get_value((i as u32, 0)).map(|x| x.to_data()).as_ref(),
                Some(v)
            );
        }
    }

    #[test]
    fn text_is_cut_at_excels_limit_and_spans_buffers() {
        let mut c = Cells::new();
        let long = "ă".repeat(40_000);
        c.push(0, 0, Data::String(long));
        for r in 1..200u32 {
            c.push(r, 0, Data::String(format!("{r}").repeat(8_000)));
        }
        c.set_value((1, 0), Data::String("sửa".into()));
        c.seal();
        match c.get_value((0, 0)) {
            Some(CellValue::String(s)) => assert_eq!(s.chars().count(), 32_767),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.get_value((1, 0)), Some(CellValue::String("sửa")));
        assert_eq!(
            c.get_value((199, 0)),
            Some(CellValue::String("199".repeat(8_000).as_str()))
        );
        assert!(c.text.iter().all(|b| b.len() <= CHUNK));
    }
}
