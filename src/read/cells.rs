//! A sheet's cells, stored sparsely: the rows that hold something, each
//! with its cells in column order. A cell far away (XFD1048576) costs one
//! entry, not the 17 billion cells a rectangle up to it would hold.

use calamine::Data;

/// The cells of a sheet, by absolute 0-based row and column.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// Every cell that holds something, in row-then-column order, as
    /// (column, value); `rows` says where each row's cells start.
    cells: Vec<(u32, Data)>,
    /// (row, index of its first cell in `cells`), rows in increasing order.
    rows: Vec<(u32, u32)>,
    /// First and last used columns.
    cols: Option<(u32, u32)>,
    /// Cells that came out of order, merged in on the next read.
    late: Vec<(u32, u32, Data)>,
    /// For each row from the first to the last, its index in `rows` + 1
    /// (0: no cell); built by [`Cells::seal`] when rows are not too sparse.
    index: Vec<u32>,
}

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

    /// Adds a cell. Cells come in row-then-column order (as a sheet stores
    /// them) at no cost; a cell out of order is merged in by [`Cells::seal`].
    /// An empty value is ignored.
    pub fn push(&mut self, row: u32, col: u32, value: Data) {
        if matches!(value, Data::Empty) {
            return;
        }
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(col), b.max(col)),
            None => (col, col),
        });
        let in_order = match (self.rows.last(), self.cells.last()) {
            (Some(&(r, _)), Some(&(c, _))) => row > r || row == r && col > c,
            _ => true,
        };
        if !in_order || !self.late.is_empty() {
            self.late.push((row, col, value));
            return;
        }
        if self.rows.last().is_none_or(|&(r, _)| r != row) {
            self.rows.push((row, self.cells.len() as u32));
        }
        self.cells.push((col, value));
    }

    /// Merges cells that came out of order (a later one at the same place
    /// wins). Reading the sheet calls it once.
    pub fn seal(&mut self) {
        self.merge_late();
        self.index.clear();
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
        let mut all: Vec<(u32, u32, usize, Data)> = Vec::with_capacity(self.len());
        let mut n = 0;
        for (r, c, v) in self.take_in_order() {
            all.push((r, c, n, v));
            n += 1;
        }
        for (r, c, v) in std::mem::take(&mut self.late) {
            all.push((r, c, n, v));
            n += 1;
        }
        all.sort_by_key(|(r, c, k, _)| (*r, *c, std::cmp::Reverse(*k)));
        all.dedup_by_key(|(r, c, _, _)| (*r, *c));
        for (r, c, _, v) in all {
            self.push(r, c, v);
        }
    }

    fn take_in_order(&mut self) -> Vec<(u32, u32, Data)> {
        let rows = std::mem::take(&mut self.rows);
        let cells = std::mem::take(&mut self.cells);
        let mut out = Vec::with_capacity(cells.len());
        let mut row_at = rows.iter().peekable();
        let mut current = 0;
        for (i, (c, v)) in cells.into_iter().enumerate() {
            while let Some(&&(r, start)) = row_at.peek() {
                if start as usize <= i {
                    current = r;
                    row_at.next();
                } else {
                    break;
                }
            }
            out.push((current, c, v));
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
        let start = self.rows[i].1 as usize;
        let end = self
            .rows
            .get(i + 1)
            .map(|(_, s)| *s as usize)
            .unwrap_or(self.cells.len());
        Some((start, end))
    }

    /// The cells of one row that hold something, in column order.
    pub fn row(&self, row: u32) -> &[(u32, Data)] {
        match self.row_span(row) {
            Some((a, b)) => &self.cells[a..b],
            None => &[],
        }
    }

    /// The cell at an absolute position, if it holds something.
    pub fn get_value(&self, (row, col): (u32, u32)) -> Option<&Data> {
        let cells = self.row(row);
        if cells.len() <= 16 {
            return cells.iter().find(|(c, _)| *c == col).map(|(_, v)| v);
        }
        cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &cells[i].1)
    }

    /// Replaces the value of a cell that holds something (or adds it).
    pub fn set_value(&mut self, (row, col): (u32, u32), value: Data) {
        if let Some((a, b)) = self.row_span(row) {
            if let Some(cell) = self.cells[a..b].iter_mut().find(|(c, _)| *c == col) {
                cell.1 = value;
                return;
            }
        }
        self.push(row, col, value);
        self.seal();
    }

    /// The first used row and column.
    pub fn start(&self) -> Option<(u32, u32)> {
        Some((self.rows.first()?.0, self.cols?.0))
    }

    /// The last used row and column.
    pub fn end(&self) -> Option<(u32, u32)> {
        Some((self.rows.last()?.0, self.cols?.1))
    }

    /// Every cell that holds something, with its absolute row and column,
    /// in row-then-column order.
    pub fn used_cells(&self) -> impl Iterator<Item = (u32, u32, &Data)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(move |(i, &(r, start))| {
                let end = self
                    .rows
                    .get(i + 1)
                    .map(|(_, s)| *s as usize)
                    .unwrap_or(self.cells.len());
                self.cells[start as usize..end]
                    .iter()
                    .map(move |(c, v)| (r, *c, v))
            })
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
        c.push(3, 7, Data::Int(3));
        c.push(5, 1, Data::Int(4));
        c.push(5, 1, Data::Int(5));
        c.push(9, 9, Data::Empty);
        c.seal();
        assert_eq!(c.len(), 4);
        assert_eq!(c.get_value((5, 1)), Some(&Data::Int(5)));
        assert_eq!(c.get_value((1_048_575, 16_383)), Some(&Data::Int(2)));
        assert_eq!(c.get_value((4, 1)), None);
        assert_eq!(c.start(), Some((3, 1)));
        assert_eq!(c.end(), Some((1_048_575, 16_383)));
        let order: Vec<(u32, u32)> = c.used_cells().map(|(r, c, _)| (r, c)).collect();
        assert_eq!(order, vec![(3, 7), (5, 1), (5, 2), (1_048_575, 16_383)]);
    }
}
