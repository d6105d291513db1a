//! `phuluc check --annotate`: the input's own sheets, cell for cell at the
//! same addresses with their fonts, borders, fills, alignment, number
//! formats, merged regions, column widths and row heights (as far as the
//! input's format tells them: all of it for .xlsx, values and merges for
//! .xls, values for the others), every finding's cell highlighted by
//! severity with a note holding its message, and a sheet "Kiểm tra"
//! listing the findings with links to their cells.

use crate::check::{Finding, Severity};
use crate::lang::Lang;
use crate::read::CellValue;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatPattern, FormatUnderline, Formula, Note,
    Workbook, Worksheet, XlsxError,
};
use std::collections::HashMap;
use std::path::Path;

/// The highlight of a finding's cell.
fn colour(s: Severity) -> Color {
    match s {
        Severity::Error => Color::RGB(0xFFC7CE),
        Severity::Warning => Color::RGB(0xFFEB9C),
        Severity::Info => Color::RGB(0xDDEBF7),
    }
}

/// The annotated copy of `path`, as .xlsx bytes.
///
/// ```
/// let input = std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
/// let outcome = phuluc::analyse(input, &Default::default())?;
/// let bytes = phuluc::write::annotate::annotate(input, &outcome.findings, phuluc::lang::Lang::Vi)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn annotate(path: &Path, findings: &[Finding], lang: Lang) -> Result<Vec<u8>, crate::Error> {
    annotate_source(crate::read::Source::open(path)?, findings, lang)
}

/// [`annotate`] of a file already in memory (an upload to `phuluc serve`);
/// `name` names it in errors.
pub fn annotate_bytes(
    name: &Path,
    bytes: Vec<u8>,
    findings: &[Finding],
    lang: Lang,
) -> Result<Vec<u8>, crate::Error> {
    annotate_source(
        crate::read::Source::from_bytes(name, bytes)?,
        findings,
        lang,
    )
}

fn annotate_source(
    mut source: crate::read::Source,
    findings: &[Finding],
    lang: Lang,
) -> Result<Vec<u8>, crate::Error> {
    let path = source.path().to_path_buf();
    let path = path.as_path();
    let werr = |e: XlsxError| {
        let problem = crate::Problem::Build(e.to_string());
        crate::Error::caused_by(path, problem, e)
    };
    let mut wb = Workbook::new();
    // A fixed creation time (the same report, the same bytes) and the
    // marker by which a folder run knows it is no appendix.
    wb.set_properties(&super::report_properties("ban-kiem-tra"));
    let names: Vec<String> = source.sheet_names().to_vec();
    for name in &names {
        let (sheet, styles) = source.sheet_styled(name)?;
        let formulas = source.formulas(name);
        let ws = wb.add_worksheet();
        ws.set_name(name.chars().take(31).collect::<String>())
            .map_err(werr)?;
        let here: Vec<&Finding> = findings.iter().filter(|f| &f.sheet == name).collect();
        let marked: HashMap<(u32, u32), Severity> =
            here.iter().map(|f| ((f.row, f.col), f.severity)).collect();
        // One format per (input style, highlight): styles are few.
        let mut formats: HashMap<(Option<usize>, u8), Format> = HashMap::new();
        let mut format_of = |r: u32, c: u32| -> Format {
            let id = styles.ids.get(&(r, c)).copied();
            let mark = marked.get(&(r, c)).copied();
            let key = match mark {
                None => 0,
                Some(Severity::Info) => 1,
                Some(Severity::Warning) => 2,
                Some(Severity::Error) => 3,
            };
            formats
                .entry((id, key))
                .or_insert_with(|| {
                    let base = id
                        .and_then(|i| styles.styles.get(i))
                        .map(to_format)
                        .unwrap_or_default();
                    match mark {
                        Some(s) => base
                            .set_pattern(FormatPattern::Solid)
                            .set_background_color(colour(s)),
                        None => base,
                    }
                })
                .clone()
        };
        for &(first, last, width) in &styles.columns {
            // The file stores the width with Excel's cell padding, which
            // rust_xlsxwriter adds again.
            let width = if width > 1.72 {
                width - 0.7109375
            } else {
                width
            };
            for c in first..=last.min(first.saturating_add(256)).min(16_383) {
                ws.set_column_width(c as u16, width).map_err(werr)?;
            }
        }
        for &(r, height) in &styles.rows {
            ws.set_row_height(r, height).map_err(werr)?;
        }
        // Merged regions first; their first cell is written over below.
        for m in &sheet.merges {
            if m.first_row == m.last_row && m.first_col == m.last_col {
                continue;
            }
            let f = format_of(m.first_row, m.first_col);
            let text = match sheet.cells.get_value((m.first_row, m.first_col)) {
                Some(d @ CellValue::String(_)) => crate::read::cell_text(d),
                _ => String::new(),
            };
            let _ = ws.merge_range(
                m.first_row,
                m.first_col.min(16_383) as u16,
                m.last_row,
                m.last_col.min(16_383) as u16,
                &text,
                &f,
            );
        }
        for (r, c, data) in sheet.cells.used_cells() {
            let fmt = format_of(r, c);
            write_cell(ws, r, c, data, formulas.get(&(r, c)), &fmt).map_err(werr)?;
        }
        for f in &here {
            if sheet.cells.get_value((f.row, f.col)).is_none() {
                let fmt = format_of(f.row, f.col);
                ws.write_blank(f.row, f.col.min(16_383) as u16, &fmt)
                    .map_err(werr)?;
            }
            let note = Note::new(format!("[{}] {}", f.code, f.message(lang))).set_author("phuluc");
            ws.insert_note(f.row, f.col.min(16_383) as u16, &note)
                .map_err(werr)?;
        }
    }
    list_findings(wb.add_worksheet(), findings, lang).map_err(werr)?;
    wb.save_to_buffer().map_err(werr)
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u32,
    data: CellValue<'_>,
    formula: Option<&String>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let c16 = c.min(16_383) as u16;
    let number = match data {
        CellValue::Float(x) => Some(x),
        CellValue::Int(i) => Some(i as f64),
        _ => None,
    };
    match (data, number) {
        (_, Some(v)) => {
            match formula.filter(|s| !s.is_empty()) {
                // The input's formula, with the value it saved.
                Some(f) => ws.write_formula_with_format(
                    r,
                    c16,
                    Formula::new(format!("={f}")).set_result(v.to_string()),
                    fmt,
                ),
                None => ws.write_number_with_format(r, c16, v, fmt),
            }?;
        }
        (CellValue::Bool(b), _) => {
            ws.write_boolean_with_format(r, c16, b, fmt)?;
        }
        (CellValue::Empty, _) => {
            ws.write_blank(r, c16, fmt)?;
        }
        (other, _) => {
            ws.write_string_with_format(r, c16, crate::read::cell_text(other), fmt)?;
        }
    }
    Ok(())
}

/// The sheet "Kiểm tra" ("Findings"): severity, code, a link to the cell,
/// the message.
fn list_findings(ws: &mut Worksheet, findings: &[Finding], lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(match lang {
        Lang::Vi => "Kiểm tra",
        Lang::En => "Findings",
    })?;
    let head = Format::new()
        .set_font_name("Times New Roman")
        .set_bold()
        .set_border(FormatBorder::Thin);
    let heads = match lang {
        Lang::Vi => ["Mức", "Mã", "Ô", "Nội dung"],
        Lang::En => ["Severity", "Code", "Cell", "Message"],
    };
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (n, f) in findings.iter().enumerate() {
        let r = n as u32 + 1;
        let sev = match (f.severity, lang) {
            (Severity::Error, Lang::Vi) => "Lỗi",
            (Severity::Warning, Lang::Vi) => "Cảnh báo",
            (Severity::Info, Lang::Vi) => "Ghi chú",
            (Severity::Error, Lang::En) => "Error",
            (Severity::Warning, Lang::En) => "Warning",
            (Severity::Info, Lang::En) => "Info",
        };
        ws.write_string(r, 0, sev)?;
        ws.write_string(r, 1, f.code.as_str())?;
        let target = format!("internal:'{}'!{}", f.sheet.replace('\'', "''"), f.cell);
        ws.write_url_with_text(r, 2, target.as_str(), format!("'{}'!{}", f.sheet, f.cell))?;
        ws.write_string(r, 3, f.message(lang))?;
    }
    ws.set_column_width(3, 100)?;
    Ok(())
}

/// The rust_xlsxwriter format of an input cell's style.
fn to_format(style: &calamine::Style) -> Format {
    use calamine::{BorderStyle, FontStyle, FontWeight, HorizontalAlignment, UnderlineStyle};
    use calamine::{TextRotation, VerticalAlignment};
    let rgb = |c: &calamine::Color| Color::RGB(c.to_argb() & 0x00FF_FFFF);
    let mut f = Format::new();
    if let Some(font) = &style.font {
        if let Some(n) = &font.name {
            f = f.set_font_name(n);
        }
        if let Some(size) = font.size.filter(|s| *s > 0.0 && *s < 410.0) {
            f = f.set_font_size(size);
        }
        if font.weight == FontWeight::Bold {
            f = f.set_bold();
        }
        if font.style == FontStyle::Italic {
            f = f.set_italic();
        }
        f = match font.underline {
            UnderlineStyle::Single => f.set_underline(FormatUnderline::Single),
            UnderlineStyle::Double => f.set_underline(FormatUnderline::Double),
            UnderlineStyle::SingleAccounting => f.set_underline(FormatUnderline::SingleAccounting),
            UnderlineStyle::DoubleAccounting => f.set_underline(FormatUnderline::DoubleAccounting),
            _ => f,
        };
        if font.strikethrough {
            f = f.set_font_strikethrough();
        }
        if let Some(c) = font.color.as_ref().filter(|c| !c.is_black()) {
            f = f.set_font_color(rgb(c));
        }
    }
    if let Some(fill) = &style.fill {
        if fill.pattern == calamine::FillPattern::Solid {
            if let Some(c) = fill
                .foreground_color
                .as_ref()
                .or(fill.background_color.as_ref())
            {
                f = f
                    .set_pattern(FormatPattern::Solid)
                    .set_background_color(rgb(c));
            }
        }
    }
    if let Some(b) = &style.borders {
        let kind = |s: &BorderStyle| match s {
            BorderStyle::None => None,
            BorderStyle::Thin => Some(FormatBorder::Thin),
            BorderStyle::Medium => Some(FormatBorder::Medium),
            BorderStyle::Thick => Some(FormatBorder::Thick),
            BorderStyle::Double => Some(FormatBorder::Double),
            BorderStyle::Hair => Some(FormatBorder::Hair),
            BorderStyle::Dashed => Some(FormatBorder::Dashed),
            BorderStyle::Dotted => Some(FormatBorder::Dotted),
            BorderStyle::MediumDashed => Some(FormatBorder::MediumDashed),
            BorderStyle::DashDot => Some(FormatBorder::DashDot),
            BorderStyle::MediumDashDot => Some(FormatBorder::MediumDashDot),
            BorderStyle::DashDotDot => Some(FormatBorder::DashDotDot),
            BorderStyle::MediumDashDotDot => Some(FormatBorder::MediumDashDotDot),
            BorderStyle::SlantDashDot => Some(FormatBorder::SlantDashDot),
            _ => Some(FormatBorder::Thin),
        };
        if let Some(k) = kind(&b.left.style) {
            f = f.set_border_left(k);
        }
        if let Some(k) = kind(&b.right.style) {
            f = f.set_border_right(k);
        }
        if let Some(k) = kind(&b.top.style) {
            f = f.set_border_top(k);
        }
        if let Some(k) = kind(&b.bottom.style) {
            f = f.set_border_bottom(k);
        }
    }
    if let Some(a) = &style.alignment {
        f = match a.horizontal {
            HorizontalAlignment::Left => f.set_align(FormatAlign::Left),
            HorizontalAlignment::Center => f.set_align(FormatAlign::Center),
            HorizontalAlignment::CenterContinuous => f.set_align(FormatAlign::CenterAcross),
            HorizontalAlignment::Right => f.set_align(FormatAlign::Right),
            HorizontalAlignment::Justify => f.set_align(FormatAlign::Justify),
            HorizontalAlignment::Distributed => f.set_align(FormatAlign::Distributed),
            HorizontalAlignment::Fill => f.set_align(FormatAlign::Fill),
            _ => f,
        };
        f = match a.vertical {
            VerticalAlignment::Top => f.set_align(FormatAlign::Top),
            VerticalAlignment::Center => f.set_align(FormatAlign::VerticalCenter),
            VerticalAlignment::Justify => f.set_align(FormatAlign::VerticalJustify),
            VerticalAlignment::Distributed => f.set_align(FormatAlign::VerticalDistributed),
            _ => f,
        };
        if a.wrap_text {
            f = f.set_text_wrap();
        }
        if let Some(i) = a.indent.filter(|i| *i > 0) {
            f = f.set_indent(i);
        }
        if let TextRotation::Degrees(d) = a.text_rotation {
            // Excel stores 91-180 for -1..-90.
            let angle = if d > 90 {
                90 - i16::try_from(d).unwrap_or(90)
            } else {
                d as i16
            };
            f = f.set_rotation(angle);
        }
    }
    if let Some(n) = &style.number_format {
        if !n.format_code.is_empty() && n.format_code != "General" {
            f = f.set_num_format(&n.format_code);
        }
    }
    f
}
