//! The parts every appendix sheet phuluc writes is made of — the title
//! block (UBND / XÃ left, the national motto right), the title lines, the
//! unit line, the header with its merged groups, the column-number row —
//! written the same way by `format` (through [`super::sheet`]), `import`
//! and the examples generator ([`crate::sample`]), in the styles of
//! [`super::styles`]; and what a total's SUM adds, within Excel's limits.

use super::styles::Styles;
use crate::model::{ItemKind, Table};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Writes `text` across columns `c0..=c1` of row `r`, merged when that is
/// more than one column.
pub(crate) fn merge(
    ws: &mut Worksheet,
    r: u32,
    c0: u16,
    c1: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if c1 > c0 {
        ws.merge_range(r, c0, r, c1, text, f)?;
    } else {
        ws.write_string_with_format(r, c0, text, f)?;
    }
    Ok(())
}

/// The columns of the title block's left part (UBND, the commune): the
/// first third of the table's width, and two columns from four on (the
/// first is the narrow STT column).
fn split(ncols: u16) -> u16 {
    if ncols >= 4 {
        (ncols / 3).max(2)
    } else {
        (ncols / 3).max(1)
    }
}

/// Writes the title block from row `row`: `left` lines over the first third
/// of the columns, `right` lines over the rest (the first bold, the motto
/// under it underlined). Returns the number of rows it takes.
pub(crate) fn title_block(
    ws: &mut Worksheet,
    row: u32,
    left: &[String],
    right: &[String],
    ncols: u16,
    st: &Styles,
) -> Result<u32, XlsxError> {
    let last_col = ncols.max(1) - 1;
    let split = split(ncols);
    let rows = left.len().max(right.len());
    for i in 0..rows {
        let r = row + i as u32;
        if let Some(s) = left.get(i) {
            merge(ws, r, 0, split.saturating_sub(1), s, &st.bold_center)?;
        }
        if let Some(s) = right.get(i) {
            let f = if i == 0 { &st.bold_center } else { &st.motto };
            merge(ws, r, split.min(last_col), last_col, s, f)?;
        }
    }
    Ok(rows as u32)
}

/// Writes title lines across the table from row `row`, a line in
/// parentheses ("(Kèm theo Kế hoạch …)") as a subtitle; returns the next
/// row.
pub(crate) fn title_lines(
    ws: &mut Worksheet,
    row: u32,
    lines: &[String],
    ncols: u16,
    st: &Styles,
) -> Result<u32, XlsxError> {
    let last_col = ncols.max(1) - 1;
    let mut r = row;
    for line in lines {
        let f = if line.starts_with('(') {
            &st.subtitle
        } else {
            &st.title
        };
        merge(ws, r, 0, last_col, line, f)?;
        ws.set_row_height(r, if line.chars().count() > 110 { 33 } else { 18 })?;
        r += 1;
    }
    Ok(r)
}

/// Writes the unit line ("Đơn vị tính: Triệu đồng") over the last third of
/// the columns of row `row`.
pub(crate) fn unit_line(
    ws: &mut Worksheet,
    row: u32,
    text: &str,
    ncols: u16,
    st: &Styles,
) -> Result<(), XlsxError> {
    let last_col = ncols.max(1) - 1;
    merge(
        ws,
        row,
        (ncols * 2 / 3).min(last_col),
        last_col,
        text,
        &st.unit,
    )
}

/// Writes a header from row `row`: `paths[c]` is column `c`'s label as its
/// levels, top first ("Kinh phí thực hiện" / "Năm 2026"). The header has as
/// many rows as the deepest path; neighbours that share a level's prefix
/// are merged across (a group), a path that ends early is merged down.
/// `width(c)` is column `c`'s width in characters, for row heights; the
/// header takes at least `min_rows` rows (a typed header keeps its rows).
/// Returns the number of rows written.
pub(crate) fn header(
    ws: &mut Worksheet,
    row: u32,
    paths: &[Vec<String>],
    min_rows: u32,
    width: &dyn Fn(u16) -> f64,
    st: &Styles,
) -> Result<u32, XlsxError> {
    let ncols = paths.len() as u16;
    let deepest = paths.iter().map(Vec::len).max().unwrap_or(1);
    let depth = (deepest as u32).max(min_rows).max(1);
    let bottom = row + depth - 1;
    for d in 0..depth as usize {
        let r = row + d as u32;
        let mut lines = 1;
        let mut c = 0u16;
        while c < ncols {
            let p = &paths[c as usize];
            if p.len() <= d {
                c += 1;
                continue;
            }
            if p.len() == d + 1 {
                if r < bottom {
                    ws.merge_range(r, c, bottom, c, &p[d], &st.header)?;
                } else {
                    ws.write_string_with_format(r, c, &p[d], &st.header)?;
                }
                lines = lines.max(wrapped_lines(&p[d], width(c)) / (bottom - r + 1) as usize);
                c += 1;
            } else {
                let mut end = c;
                while end + 1 < ncols && {
                    let q = &paths[end as usize + 1];
                    q.len() > d + 1 && q[..=d] == p[..=d]
                } {
                    end += 1;
                }
                merge(ws, r, c, end, &p[d], &st.header)?;
                let span: f64 = (c..=end).map(width).sum();
                lines = lines.max(wrapped_lines(&p[d], span));
                c = end + 1;
            }
        }
        ws.set_row_height(
            r,
            15.75 * lines.max(if depth == 1 { 2 } else { 1 }) as f64 + 2.0,
        )?;
    }
    Ok(depth)
}

/// Header rows as typed (a label in the first row over empty cells whose
/// second-row cells are labelled is a group; a first-row label with
/// nothing below stands alone) → each column's path, for [`header`].
pub(crate) fn paths_of_rows(rows: &[Vec<String>], ncols: u16) -> Vec<Vec<String>> {
    let label = |r: usize, c: usize| {
        rows.get(r)
            .and_then(|h| h.get(c))
            .cloned()
            .unwrap_or_default()
    };
    let mut group: Option<String> = None;
    (0..ncols as usize)
        .map(|c| {
            let (top, below) = (label(0, c), label(1, c));
            if rows.len() < 2 || below.is_empty() {
                group = None;
                return vec![top];
            }
            if !top.is_empty() {
                group = Some(top);
            }
            match &group {
                Some(g) => vec![g.clone(), below],
                None => vec![String::new(), below],
            }
        })
        .collect()
}

/// Writes the column-number row ("(1)", "(2)" … or the input's own texts)
/// at `row`, one text per column.
pub(crate) fn column_numbers(
    ws: &mut Worksheet,
    row: u32,
    texts: &[&str],
    st: &Styles,
) -> Result<(), XlsxError> {
    for (c, text) in texts.iter().enumerate() {
        if text.is_empty() {
            ws.write_blank(row, c as u16, &st.legend)?;
        } else {
            ws.write_string_with_format(row, c as u16, *text, &st.legend)?;
        }
    }
    Ok(())
}

/// Lines a text takes in a column `width` characters wide (word wrap; a
/// little under one character per unit of width, to be safe with capitals
/// and diacritics).
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = ((width * 0.95) as usize).max(4);
    // No more bytes than fit a line: no more characters either, one line.
    if text.len() <= per_line {
        return 1;
    }
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > per_line {
            lines += 1;
            used = n;
        } else {
            used += if used > 0 { n + 1 } else { n };
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_header_rows_become_paths() {
        let rows = vec![
            vec![
                "STT".into(),
                "Nội dung".into(),
                "Kinh phí".into(),
                String::new(),
            ],
            vec![String::new(), String::new(), "2026".into(), "2027".into()],
        ];
        let paths = paths_of_rows(&rows, 4);
        assert_eq!(paths[0], ["STT"]);
        assert_eq!(paths[2], ["Kinh phí", "2026"]);
        assert_eq!(paths[3], ["Kinh phí", "2027"]);
    }
}

/// The rows a total adds for item `i` in numeric column `k`: the item
/// itself, or — for a heading whose only figure is a stray 0, written as
/// typed — the rows under it, whose sum it stands for.
pub(crate) fn addends(
    table: &Table,
    stray: &[bool],
    eff: &[Option<Decimal>],
    i: usize,
    k: usize,
) -> Vec<usize> {
    let w = table.numeric.len();
    let item = &table.items[i];
    if eff[i * w + k].is_none() {
        return Vec::new();
    }
    if !stray[i] {
        return vec![i];
    }
    item.child_indices()
        .filter(|&c| table.items[c].kind == ItemKind::Item)
        .flat_map(|c| addends(table, stray, eff, c, k))
        .collect()
}

/// Excel's limits on one formula: its length (8,192 characters, less room
/// for a ROUND around a sum), and a function's arguments. Past either Excel
/// reports the file damaged and LibreOffice shows Err:512 — a section of
/// 3,000 tasks listed each of them.
const MAX_FORMULA_CHARS: usize = 8_192 - 32;
const MAX_ARGUMENTS: usize = 255;

/// `=SUM(…)` of the cells in column `letters` on 0-based output `rows`, in
/// increasing order: a run of adjacent rows is one range (`F12:F111`).
/// `None` when Excel could not hold it (over 255 ranges, or 8,192
/// characters): the cell is then written as the number it is.
pub(crate) fn sum_of_rows(letters: &str, rows: impl IntoIterator<Item = u32>) -> Option<String> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for r in rows {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(r) => *last = r,
            _ => {
                if runs.len() == MAX_ARGUMENTS {
                    return None;
                }
                runs.push((r, r));
            }
        }
    }
    let mut formula = String::from("=SUM(");
    for (n, &(first, last)) in runs.iter().enumerate() {
        if n > 0 {
            formula.push(',');
        }
        formula.push_str(letters);
        formula.push_str(&(u64::from(first) + 1).to_string());
        if last > first {
            formula.push(':');
            formula.push_str(letters);
            formula.push_str(&(u64::from(last) + 1).to_string());
        }
        if formula.len() > MAX_FORMULA_CHARS {
            return None;
        }
    }
    formula.push(')');
    (!runs.is_empty() && formula.len() <= MAX_FORMULA_CHARS).then_some(formula)
}

/// The defined names that record a table's layout for `check` (see
/// [`crate::read::names`]), local to sheet `sheet`: `phuluc_header` over
/// the header rows (`header`, first and last), `phuluc_legend` over the
/// column-number row, `phuluc_table` from the header to `last_row`,
/// `phuluc_amounts` over the body of the numeric columns, and a
/// `phuluc_role_…` on each column's last header cell. `roles[c]` is column
/// `c`'s role.
pub(crate) fn layout_names(
    sheet: &str,
    header: (u32, u32),
    legend: Option<u32>,
    last_row: u32,
    roles: &[crate::detect::Role],
) -> Vec<(String, String)> {
    let quoted = format!("'{}'", sheet.replace('\'', "''"));
    let at = |row: u32, col: usize| {
        format!(
            "${}${}",
            crate::a1::column_letters(col as u32),
            u64::from(row) + 1
        )
    };
    let last_col = roles.len().saturating_sub(1);
    let range =
        |r0: u32, c0: usize, r1: u32, c1: usize| format!("={quoted}!{}:{}", at(r0, c0), at(r1, c1));
    let local = |n: &str| format!("{quoted}!phuluc_{n}");
    let mut names = vec![(local("header"), range(header.0, 0, header.1, last_col))];
    let body = legend.unwrap_or(header.1) + 1;
    if let Some(l) = legend {
        names.push((local("legend"), range(l, 0, l, last_col)));
    }
    names.push((
        local("table"),
        range(header.0, 0, last_row.max(body), last_col),
    ));
    let amounts: Vec<String> = roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_numeric())
        .map(|(c, _)| format!("{quoted}!{}:{}", at(body, c), at(last_row.max(body), c)))
        .collect();
    if !amounts.is_empty() && last_row >= body {
        names.push((local("amounts"), format!("={}", amounts.join(","))));
    }
    let mut used: Vec<String> = Vec::new();
    for (c, role) in roles.iter().enumerate() {
        let Some(mut name) = crate::detect::name_of_role(*role) else {
            continue;
        };
        // A role twice on a sheet (targets by year): numbered.
        if used.contains(&name) {
            name = format!("{name}_{}", c + 1);
        }
        used.push(name.clone());
        names.push((
            local(&format!("role_{name}")),
            format!("={quoted}!{}", at(header.1, c)),
        ));
    }
    names
}

/// Where the input's amount and words cells went: input (row, col) →
/// output (row, col). A list sorted once the table is written, looked up by
/// halving: a hash map of a large table's half a million cells was a tenth
/// of the time of writing them, and `--fix` looks up a few.
#[derive(Debug, Default)]
pub(crate) struct Placed {
    cells: Vec<((u32, u32), (u32, u16))>,
    sorted: bool,
    /// Where the table was written: its first and last header rows, and its
    /// column-number row (the last header row when it has none).
    pub(crate) layout: Option<(u32, u32, u32)>,
}

impl Placed {
    pub(crate) fn insert(&mut self, input: (u32, u32), output: (u32, u16)) {
        self.cells.push((input, output));
        self.sorted = false;
    }

    /// Sorts the list; of two entries for one input cell the later wins,
    /// as it would in a map.
    pub(crate) fn seal(&mut self) {
        self.cells.sort_by_key(|(input, _)| *input);
        self.cells.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                *kept = *later;
            }
            same
        });
        self.sorted = true;
    }

    /// Where input cell `at` went. Only a sealed list answers.
    pub(crate) fn get(&self, at: &(u32, u32)) -> Option<&(u32, u16)> {
        if !self.sorted {
            return None;
        }
        let i = self
            .cells
            .binary_search_by_key(at, |(input, _)| *input)
            .ok()?;
        Some(&self.cells[i].1)
    }
}

#[cfg(test)]
mod placed_tests {
    use super::{sum_of_rows, Placed};

    #[test]
    fn adjacent_rows_sum_as_ranges_within_excels_limits() {
        assert_eq!(
            sum_of_rows("F", [11, 12, 13, 20, 22, 23]).as_deref(),
            Some("=SUM(F12:F14,F21,F23:F24)")
        );
        assert_eq!(sum_of_rows("F", [4]).as_deref(), Some("=SUM(F5)"));
        assert_eq!(
            sum_of_rows("F", 10..3010).as_deref(),
            Some("=SUM(F11:F3010)")
        );
        assert_eq!(sum_of_rows("F", []), None);
        // 255 separate cells are a function's most arguments; 256 are not.
        assert!(sum_of_rows("F", (0..255).map(|r| r * 2)).is_some());
        assert_eq!(sum_of_rows("F", (0..256).map(|r| r * 2)), None);
        // 255 of the longest ranges Excel has stay under its length limit.
        let far = sum_of_rows(
            "XFD",
            (0..255).flat_map(|r| [1_000_000 + r * 3, 1_000_001 + r * 3]),
        );
        assert!(far.is_some_and(|f| f.len() < 8_192));
    }

    #[test]
    fn the_later_of_two_places_wins_and_lookups_halve() {
        let mut placed = Placed::default();
        placed.insert((9, 4), (20, 4));
        placed.insert((3, 4), (12, 4));
        placed.insert((9, 4), (21, 4));
        assert_eq!(placed.get(&(3, 4)), None, "not sealed yet");
        placed.seal();
        assert_eq!(placed.get(&(3, 4)), Some(&(12, 4)));
        assert_eq!(placed.get(&(9, 4)), Some(&(21, 4)));
        assert_eq!(placed.get(&(5, 4)), None);
    }
}
