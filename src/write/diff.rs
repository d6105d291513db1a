//! `phuluc diff --format xlsx`: what changed between two versions, as a
//! workbook in phuluc's look — a sheet listing every renumbered, added,
//! removed and changed item with both cells, and the table's total per
//! year, old and new, the movement a live formula saved with its value.

use super::parts;
use super::sheet::write_out;
use super::styles::{styles, Out, RowStyle};
use crate::reconcile::diff::Diff;
use crate::reconcile::rollup::Period;
use crate::{Error, Problem};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The differences as xlsx bytes; `name` names the output in errors. Save
/// them with [`super::write_workbook`], which checks them first.
///
/// ```
/// let read = |p: &str| phuluc::read_appendix(p.as_ref(), &Default::default());
/// let d = phuluc::reconcile::diff::diff(&read("workbooks/da-kia-phu-luc-iii.xlsx")?, &read("workbooks/da-kia-phu-luc-iii-sua.xlsx")?);
/// let bytes = phuluc::write::diff::diff_workbook("thay-doi.xlsx".as_ref(), &d, "cũ.xlsx", "mới.xlsx")?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn diff_workbook(
    name: &std::path::Path,
    d: &Diff,
    old: &str,
    new: &str,
) -> Result<Vec<u8>, Error> {
    build(d, old, new).map_err(|e| {
        let problem = Problem::Build(e.to_string());
        Error::caused_by(name, problem, e)
    })
}

fn amount_or_text(s: &str) -> Option<Out> {
    if s.is_empty() {
        return None;
    }
    Some(match Decimal::from_str_exact(s) {
        Ok(d) => Out::Number(d),
        Err(_) => Out::Text(s.to_string()),
    })
}

fn build(d: &Diff, old: &str, new: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same comparison gives the same bytes.
    // A fixed creation time (the same report, the same bytes) and the
    // marker by which a folder run knows it is no appendix.
    wb.set_properties(&super::report_properties("so-sanh"));
    let st = styles();
    let ws = wb.add_worksheet();
    ws.set_name("Thay đổi")?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    let labels = [
        "STT",
        "Loại",
        "Nội dung",
        "Cột",
        "Cũ",
        "Mới",
        "Ô cũ",
        "Ô mới",
    ];
    let ncols = labels.len() as u16;
    let title = vec![
        "CÁC THAY ĐỔI GIỮA HAI BẢN".to_string(),
        format!("(Bản trước: {old}; bản sau: {new})"),
    ];
    let mut row = parts::title_lines(ws, 0, &title, ncols, &st)?;
    let paths: Vec<Vec<String>> = labels.iter().map(|l| vec![l.to_string()]).collect();
    let width = |c: u16| match c {
        0 => 6.0,
        1 => 14.0,
        2 => 44.0,
        3 => 36.0,
        6 | 7 => 22.0,
        _ => 14.0,
    };
    row += parts::header(ws, row, &paths, 1, &width, &st)?;
    for c in 0..ncols {
        ws.set_column_width(c, width(c))?;
    }
    let mut n = 0;
    let mut line = |ws: &mut rust_xlsxwriter::Worksheet,
                    kind: &str,
                    content: &str,
                    column: &str,
                    values: (Option<Out>, Option<Out>),
                    cells: (&str, &str)|
     -> Result<(), XlsxError> {
        n += 1;
        ws.write_string_with_format(row, 0, n.to_string(), &st.text)?;
        ws.write_string_with_format(row, 1, kind, &st.text)?;
        ws.write_string_with_format(row, 2, content, &st.text)?;
        ws.write_string_with_format(row, 3, column, &st.text)?;
        write_out(ws, row, 4, values.0, &st, RowStyle::Text)?;
        write_out(ws, row, 5, values.1, &st, RowStyle::Text)?;
        ws.write_string_with_format(row, 6, cells.0, &st.text)?;
        ws.write_string_with_format(row, 7, cells.1, &st.text)?;
        row += 1;
        Ok(())
    };
    for r in &d.renumbered {
        let values = (
            Some(Out::Text(r.old_stt.clone())),
            Some(Out::Text(r.new_stt.clone())),
        );
        line(
            ws,
            "Đánh số lại",
            &r.content,
            "STT",
            values,
            (&r.old_cell, &r.new_cell),
        )?;
    }
    for (kind, items, added) in [("Thêm", &d.added, true), ("Bỏ", &d.removed, false)] {
        for i in items {
            let content = format!("{} {}", i.stt, i.content).trim().to_string();
            if i.amounts.is_empty() {
                let cells = if added {
                    ("", i.cell.as_str())
                } else {
                    (i.cell.as_str(), "")
                };
                line(ws, kind, &content, "", (None, None), cells)?;
            }
            for (label, v) in &i.amounts {
                let (values, cells) = if added {
                    ((None, Some(Out::Number(*v))), ("", i.cell.as_str()))
                } else {
                    ((Some(Out::Number(*v)), None), (i.cell.as_str(), ""))
                };
                line(ws, kind, &content, label, values, cells)?;
            }
        }
    }
    for c in &d.changed {
        let content = if c.stt == c.content {
            c.content.clone()
        } else {
            format!("{} {}", c.stt, c.content)
        };
        let values = (amount_or_text(&c.old), amount_or_text(&c.new));
        line(
            ws,
            "Thay đổi",
            &content,
            &c.column,
            values,
            (&c.old_cell, &c.new_cell),
        )?;
    }
    // The table's total per year: old, new and the movement as a formula.
    if !d.totals.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Tổng")?;
        ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
        let labels = ["Năm", "Bản trước", "Bản sau", "Thay đổi"];
        let paths: Vec<Vec<String>> = labels.iter().map(|l| vec![l.to_string()]).collect();
        let mut row = parts::header(ws, 0, &paths, 1, &|_| 16.0, &st)?;
        for c in 0..4 {
            ws.set_column_width(c, 16.0)?;
        }
        for (p, (o, n)) in &d.totals {
            let label = match p {
                Period::Year(y) => y.to_string(),
                Period::Total => "Tổng giai đoạn".into(),
            };
            ws.write_string_with_format(row, 0, &label, &st.text)?;
            write_out(ws, row, 1, o.map(Out::Number), &st, RowStyle::Text)?;
            write_out(ws, row, 2, n.map(Out::Number), &st, RowStyle::Text)?;
            let movement = match (o, n) {
                (Some(o), Some(n)) => n
                    .checked_sub(*o)
                    .map(|m| Out::Formula(format!("=C{}-B{}", row + 1, row + 1), m)),
                _ => None,
            };
            write_out(ws, row, 3, movement, &st, RowStyle::Text)?;
            row += 1;
        }
    }
    wb.save_to_buffer()
}
