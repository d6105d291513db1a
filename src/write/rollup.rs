//! `phuluc rollup --format xlsx`: the rollup as a workbook in the look of
//! every appendix phuluc writes (title, unit line, bordered header, the
//! parts of `write/parts.rs` in the styles of `write/styles.rs`), with live
//! formulas saved with their values: each group's period total is the SUM
//! of its years, `Cộng các nhóm` the SUM of the groups, `Chênh lệch` the
//! sum minus the table's printed total.

use super::parts;
use super::sheet::write_out;
use super::styles::{styles, Out, RowStyle};
use crate::a1::column_letters;
use crate::reconcile::rollup::{Amounts, Period, Rollup};
use crate::{Error, Problem};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The rollup as xlsx bytes; `name` names the output in errors. Save them
/// with [`super::write_workbook`], which checks them first.
///
/// ```
/// use phuluc::reconcile::rollup::{rollup, By, RollupOptions};
/// let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), &Default::default())?;
/// let r = rollup(&[outcome.appendix], &RollupOptions::new(By::Lead))?;
/// let bytes = phuluc::write::rollup::rollup_workbook("tong-hop.xlsx".as_ref(), &r)?;
/// let back = phuluc::analyse_bytes("tong-hop.xlsx".as_ref(), bytes, &Default::default())?;
/// let numbered = back.appendix.tables[0].items.iter().filter(|i| !i.stt.is_empty()).count();
/// assert_eq!(numbered, r.groups.len());
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn rollup_workbook(name: &std::path::Path, r: &Rollup) -> Result<Vec<u8>, Error> {
    build(r).map_err(|e| {
        let problem = Problem::Build(e.to_string());
        Error::caused_by(name, problem, e)
    })
}

fn by_title(r: &Rollup) -> &'static str {
    use crate::reconcile::rollup::By;
    match r.by {
        By::Lead => "TỔNG HỢP KINH PHÍ THEO ĐƠN VỊ CHỦ TRÌ",
        By::Partner => "TỔNG HỢP KINH PHÍ THEO ĐƠN VỊ PHỐI HỢP",
        By::Section => "TỔNG HỢP KINH PHÍ THEO MỤC",
        By::Commune => "TỔNG HỢP KINH PHÍ THEO XÃ",
        By::Appendix => "TỔNG HỢP KINH PHÍ THEO PHỤ LỤC",
        By::Item => "TỔNG HỢP KINH PHÍ THEO NHIỆM VỤ",
    }
}

fn build(r: &Rollup) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same rollup gives the same bytes.
    // A fixed creation time (the same report, the same bytes) and the
    // marker by which a folder run knows it is no appendix.
    wb.set_properties(&super::report_properties("tong-hop"));
    let st = styles();
    let ws = wb.add_worksheet();
    ws.set_name("Tổng hợp")?;
    let periods: Vec<Period> = r.periods.clone();
    let ncols = 2 + periods.len() as u16;
    let mut row = parts::title_lines(ws, 0, &[by_title(r).to_string()], ncols, &st)?;
    if let Some(u) = r.unit {
        let name = u.name_vi();
        let mut c = name.chars();
        let name: String = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
        parts::unit_line(ws, row, &format!("Đơn vị tính: {name}"), ncols, &st)?;
        row += 1;
    }
    let mut paths: Vec<Vec<String>> = vec![vec!["STT".into()], vec!["Tên nhóm".into()]];
    for p in &periods {
        paths.push(match p {
            Period::Year(y) => vec!["Kinh phí".into(), format!("Năm {y}")],
            Period::Total => vec!["Tổng giai đoạn".into()],
        });
    }
    let width = |c: u16| match c {
        0 => 7.0,
        1 => 40.0,
        _ => 14.0,
    };
    row += parts::header(ws, row, &paths, 1, &width, &st)?;
    for c in 0..ncols {
        ws.set_column_width(c, width(c))?;
    }
    let col_of = |k: usize| 2 + k as u16;
    let years: Vec<usize> = (0..periods.len())
        .filter(|&k| matches!(periods[k], Period::Year(_)))
        .collect();
    let total_k = periods.iter().position(|p| *p == Period::Total);
    // A row of amounts: its period total a SUM of its years when it has
    // them side by side.
    let write_amounts = |ws: &mut rust_xlsxwriter::Worksheet,
                         row: u32,
                         a: &Amounts,
                         style: RowStyle|
     -> Result<(), XlsxError> {
        for (k, p) in periods.iter().enumerate() {
            let value = a.get(*p);
            let out = match (Some(k) == total_k, years.first(), years.last(), value) {
                (true, Some(&first), Some(&last), Some(v))
                    if years.iter().filter_map(|&y| a.get(periods[y])).count() == years.len() =>
                {
                    let (x, y) = (
                        column_letters(col_of(first).into()),
                        column_letters(col_of(last).into()),
                    );
                    let sum: Option<Decimal> = years
                        .iter()
                        .try_fold(Decimal::ZERO, |acc, &y| acc.checked_add(a.get(periods[y])?));
                    match sum {
                        Some(s) if s == v => Some(Out::Formula(
                            format!("=SUM({x}{}:{y}{})", row + 1, row + 1),
                            s,
                        )),
                        _ => Some(Out::Number(v)),
                    }
                }
                (_, _, _, Some(v)) => Some(Out::Number(v)),
                (_, _, _, None) => None,
            };
            write_out(ws, row, col_of(k), out, &st, style)?;
        }
        Ok(())
    };
    let first_group = row;
    for (n, g) in r.groups.iter().enumerate() {
        ws.write_string_with_format(row, 0, (n + 1).to_string(), &st.text)?;
        ws.write_string_with_format(row, 1, &g.name, &st.text)?;
        write_amounts(ws, row, &g.amounts, RowStyle::Text)?;
        row += 1;
    }
    let last_group = row.saturating_sub(1);
    // Cộng các nhóm: a SUM down each column, saved with its value.
    let sum_row = row;
    ws.write_blank(row, 0, &st.total)?;
    ws.write_string_with_format(row, 1, "Cộng các nhóm", &st.total)?;
    for (k, p) in periods.iter().enumerate() {
        let letters = column_letters(col_of(k).into());
        let out = r.sum_of_groups.get(*p).map(|v| {
            Out::Formula(
                format!(
                    "=SUM({letters}{}:{letters}{})",
                    first_group + 1,
                    last_group + 1
                ),
                v,
            )
        });
        write_out(ws, row, col_of(k), out, &st, RowStyle::Total)?;
    }
    row += 1;
    if let Some(t) = &r.table_total {
        let total_row = row;
        ws.write_blank(row, 0, &st.text)?;
        ws.write_string_with_format(row, 1, "Tổng của bảng (như bảng ghi)", &st.text)?;
        write_amounts(ws, row, t, RowStyle::Text)?;
        row += 1;
        if let Some(d) = &r.difference {
            ws.write_blank(row, 0, &st.text)?;
            ws.write_string_with_format(row, 1, "Chênh lệch", &st.text)?;
            for (k, p) in periods.iter().enumerate() {
                let letters = column_letters(col_of(k).into());
                let out = d.get(*p).map(|v| {
                    Out::Formula(
                        format!("={letters}{}-{letters}{}", sum_row + 1, total_row + 1),
                        v,
                    )
                });
                write_out(ws, row, col_of(k), out, &st, RowStyle::Text)?;
            }
            row += 1;
        }
    }
    if let Some(share) = &r.share {
        let below: Vec<String> = share
            .below()
            .map(|(p, _)| match p {
                Period::Year(y) => y.to_string(),
                Period::Total => "cả giai đoạn".into(),
            })
            .collect();
        let target = crate::number::format_vn(share.target);
        let line = if below.is_empty() {
            format!("Đạt mục tiêu {target} % tổng chi ngân sách (Nghị quyết 57) ở mọi năm.")
        } else {
            format!(
                "Dưới mục tiêu {target} % tổng chi ngân sách (Nghị quyết 57): {}.",
                below.join(", ")
            )
        };
        parts::merge(ws, row + 1, 0, ncols - 1, &line, &st.words)?;
    }
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    wb.save_to_buffer()
}
