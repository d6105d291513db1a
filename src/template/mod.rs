//! Templates (`phuluc new`): workbooks an office fills in, made so that the
//! cheapest mistakes cannot be typed. They look like phuluc's formatted
//! output (the title block, title lines, unit line, header with merged
//! groups and column-number row of `write::parts`, in the styles
//! of `write::styles`), and:
//!
//! - every total and subtotal is a formula whose range already spans the
//!   rows that can be inserted inside its section (a section's SUM covers
//!   its blank spare rows, `rows`);
//! - amount and quantity cells take only numbers ≥ 0 (data validation, with
//!   a Vietnamese message); rates only 0–100;
//! - header, label and formula cells are locked and the sheet is protected
//!   without a password (the office can lift it: Review › Unprotect), rows
//!   may still be inserted and deleted;
//! - the words line (Bằng chữ) is a cell whose note says phuluc fills it
//!   on `format`;
//! - defined names record the layout (`phuluc_header`, `phuluc_legend`,
//!   `phuluc_table`, `phuluc_amounts`, a `phuluc_role_…` per column: see
//!   [`crate::read::names`]), so `check` reads the template and anything
//!   filled from it without guessing — even with its header in English.
//!
//! The kinds: [`Kind::KeHoach`] (a multi-year task budget),
//! [`Kind::DuToan`] (a cost estimate: detail sheet and summary sheet, the
//! GTGT rate from [`crate::rates`] for the date), [`Kind::ChiTieu`] (a
//! target list), [`Kind::NhiemVu`] (a task list, no money) and
//! [`Kind::TongHop`] (a summary whose lines are formulas over the detail
//! sheets of the same workbook). [`from_file`] turns a table phuluc read
//! into a template of the same content.
//!
//! Every formula is saved with the value it computes (0 in an empty
//! template), and the workbook passes [`crate::write::verify`] before it
//! is written.

mod estimate;
mod from;
mod plan;

pub use from::from_file;

use crate::detect::Role;
use crate::lang::Lang;
use crate::rates::{Date, Rates};
use crate::unit::Unit;
use crate::write::parts;
use crate::write::styles::{styles, RowStyle, Styles, LOCALE};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, Formula, Note, ProtectionOptions, Workbook, XlsxError,
};

/// What kind of table a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ke-hoach`: a multi-year task budget (STT, nội dung, đơn vị chủ trì,
    /// đơn vị phối hợp, one column per year, the period total, ghi chú).
    KeHoach,
    /// `du-toan`: a cost estimate, detail sheet and summary sheet.
    DuToan,
    /// `chi-tieu`: a target list (chỉ tiêu, đơn vị tính, mục tiêu by year).
    ChiTieu,
    /// `nhiem-vu`: a task list, no money.
    NhiemVu,
    /// `tong-hop`: a per-unit summary over detail sheets of the workbook.
    TongHop,
}

impl Kind {
    /// Every kind, in the order of the help.
    pub const ALL: [Kind; 5] = [
        Kind::KeHoach,
        Kind::DuToan,
        Kind::ChiTieu,
        Kind::NhiemVu,
        Kind::TongHop,
    ];

    /// The kind's name on the command line (`ke-hoach` …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::KeHoach => "ke-hoach",
            Kind::DuToan => "du-toan",
            Kind::ChiTieu => "chi-tieu",
            Kind::NhiemVu => "nhiem-vu",
            Kind::TongHop => "tong-hop",
        }
    }

    /// The money unit a kind uses when none is asked for: an estimate in
    /// đồng, a plan in triệu đồng.
    pub fn default_unit(self) -> Unit {
        match self {
            Kind::DuToan => Unit::Dong,
            _ => Unit::Trieu,
        }
    }
}

/// What a template says besides its kind.
#[derive(Debug, Clone)]
pub struct Options {
    /// The commune ("Xã Đa Kia"); dots to fill in when none.
    pub commune: Option<String>,
    /// The first and last year of the plan (2026, 2030).
    pub years: (u16, u16),
    /// The money unit.
    pub unit: Unit,
    /// The appendix ("Phụ lục III").
    pub appendix: Option<String>,
    /// Blank rows each section (or part) offers to fill.
    pub rows: u32,
    /// Sections (parts of an estimate, detail sheets of a summary).
    pub sections: u32,
    /// The date of the document: the estimate's GTGT rate is the one in
    /// force on it.
    pub date: Date,
    /// The rates table.
    pub rates: Rates,
    /// The language of the header labels (the body stays Vietnamese).
    pub header: Lang,
    /// An estimate's unit price and amount split into vật liệu, nhân công,
    /// máy thi công.
    pub split: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            commune: None,
            years: (2026, 2030),
            unit: Unit::Trieu,
            appendix: None,
            rows: 5,
            sections: 3,
            date: Date::new(2026, 1, 1),
            rates: Rates::builtin(),
            header: Lang::Vi,
            split: false,
        }
    }
}

/// Builds a template's workbook bytes. An `Error` names `name` (the file it
/// is for) and what could not be built — a date with no GTGT rate in the
/// rates table, years out of order, too many rows.
pub fn build(
    kind: Kind,
    options: &Options,
    name: &std::path::Path,
) -> Result<(Vec<u8>, crate::write::verify::Expectation), crate::Error> {
    let bad = |why: String| crate::Error::new(name, crate::Problem::Build(why));
    let (first, last) = options.years;
    if first > last || last - first > 20 {
        return Err(bad(format!(
            "years {first}-{last}: at most 21 years, first to last"
        )));
    }
    if options.rows == 0 || options.rows > 10_000 || options.sections == 0 || options.sections > 100
    {
        return Err(bad("--rows 1–10000 and --sections 1–100".into()));
    }
    let sheets = match kind {
        Kind::KeHoach => vec![plan::ke_hoach(options, "Kế hoạch").0],
        Kind::ChiTieu => vec![plan::chi_tieu(options)],
        Kind::NhiemVu => vec![plan::nhiem_vu(options)],
        Kind::TongHop => plan::tong_hop(options),
        Kind::DuToan => {
            let rule = options.rates.vat_on(options.date).ok_or_else(|| {
                bad(format!(
                    "the rates table has no GTGT rate for {}",
                    options.date.vietnamese()
                ))
            })?;
            estimate::du_toan(options, rule.rate)
        }
    };
    let bytes = write_book(&sheets, options.header)
        .map_err(|e| crate::Error::caused_by(name, crate::Problem::Build(e.to_string()), e))?;
    // An empty template has no item or total to keep; it must check clean.
    Ok((bytes, crate::write::verify::Expectation::default()))
}

/// How a column's body cells are typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// Text, unlocked.
    Text,
    /// A number ≥ 0 (amounts, quantities, prices), unlocked and validated.
    Number,
    /// A rate in percent, 0–100, unlocked and validated.
    Rate,
    /// A number of either sign (a column of `--from` that holds negative
    /// amounts), unlocked and validated as a number.
    Signed,
    /// Locked: formulas, labels.
    Locked,
}

/// One column of a template.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    /// The header label as its levels, top first (a group over it).
    pub path: Vec<String>,
    /// What the column holds (its `phuluc_role_…` name).
    pub role: Role,
    /// Width in characters.
    pub width: f64,
    /// How its body cells are typed.
    pub input: Input,
}

impl Col {
    pub(crate) fn new(label: &str, role: Role, width: f64, input: Input) -> Col {
        Col {
            path: vec![label.to_string()],
            role,
            width,
            input,
        }
    }

    pub(crate) fn grouped(group: &str, label: &str, role: Role, width: f64, input: Input) -> Col {
        Col {
            path: vec![group.to_string(), label.to_string()],
            role,
            width,
            input,
        }
    }
}

/// A body cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// A cell to fill in, as its column is typed; with what it holds.
    Input(Option<Value>),
    /// A locked text (a label) or number.
    Fixed(Value),
    /// A formula (without `=`) and the value it computes.
    Formula(String, Decimal),
    /// Nothing, locked.
    Blank,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Number(Decimal),
}

impl Cell {
    pub(crate) fn label(s: &str) -> Cell {
        Cell::Fixed(Value::Text(s.to_string()))
    }

    pub(crate) fn input_text(s: &str) -> Cell {
        Cell::Input(Some(Value::Text(s.to_string())))
    }
}

/// A body row.
#[derive(Clone)]
pub(crate) struct Row {
    pub style: RowStyle,
    pub cells: Vec<Cell>,
}

/// One sheet of a template.
#[derive(Clone)]
pub(crate) struct Spec {
    pub name: String,
    /// Left of the title block ("ỦY BAN NHÂN DÂN", "XÃ …").
    pub left: Vec<String>,
    /// Right of it (the national motto).
    pub right: Vec<String>,
    /// Title lines.
    pub title: Vec<String>,
    /// The unit line.
    pub unit_line: Option<String>,
    pub cols: Vec<Col>,
    pub rows: Vec<Row>,
    /// The column-number row's texts, when not "(1)", "(2)" …
    pub legend: Option<Vec<String>>,
    /// The words line under the table (Bằng chữ), with its note.
    pub words: Option<(String, String)>,
    /// Lines under it: the date, the signature block.
    pub below: Vec<String>,
    /// Amounts may carry decimals (a unit above the đồng): shown.
    pub decimals: bool,
    /// Each number shown with the decimals it has, as `format` shows it
    /// (`--from`); else by its column.
    pub per_value: bool,
}

impl Spec {
    pub(crate) fn new(name: &str, options: &Options, title: Vec<String>, cols: Vec<Col>) -> Spec {
        let commune = match &options.commune {
            Some(c) => {
                let c = c.trim();
                let bare = strip_commune(c);
                format!("XÃ {}", bare.to_uppercase())
            }
            None => "XÃ ....................".to_string(),
        };
        let mut lines = Vec::new();
        if let Some(a) = &options.appendix {
            lines.push(a.clone());
        }
        lines.extend(title);
        Spec {
            name: name.to_string(),
            left: vec!["ỦY BAN NHÂN DÂN".into(), commune],
            right: vec![
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                "Độc lập - Tự do - Hạnh phúc".into(),
            ],
            title: lines,
            unit_line: None,
            cols,
            rows: Vec::new(),
            legend: None,
            words: None,
            below: Vec::new(),
            decimals: options.unit != Unit::Dong,
            per_value: false,
        }
    }

    /// The header's depth in rows.
    fn header_depth(&self) -> u32 {
        self.cols
            .iter()
            .map(|c| c.path.len())
            .max()
            .unwrap_or(1)
            .max(1) as u32
    }

    /// The first row (0-based) of the header once written.
    pub(crate) fn header_row(&self) -> u32 {
        let block = self.left.len().max(self.right.len()) as u32;
        block + u32::from(block > 0) + self.title.len() as u32 + u32::from(self.unit_line.is_some())
    }

    /// The column-number row.
    pub(crate) fn legend_row(&self) -> u32 {
        self.header_row() + self.header_depth()
    }

    /// The first body row (0-based).
    pub(crate) fn body_row(&self) -> u32 {
        self.legend_row() + 1
    }

    /// The next body row to be pushed.
    pub(crate) fn next_row(&self) -> u32 {
        self.body_row() + self.rows.len() as u32
    }

    /// The column (0-based) of a role.
    pub(crate) fn col_of(&self, role: Role) -> Option<u16> {
        self.cols
            .iter()
            .position(|c| c.role == role)
            .map(|c| c as u16)
    }

    /// Pushes a row; returns its 0-based row.
    pub(crate) fn push(&mut self, style: RowStyle, cells: Vec<Cell>) -> u32 {
        let at = self.next_row();
        self.rows.push(Row { style, cells });
        at
    }

    /// The date line and the signature block under the table.
    pub(crate) fn closing(&mut self, options: &Options, signer: &str) {
        let place = options
            .commune
            .as_deref()
            .map(|c| strip_commune(c.trim()).to_string())
            .unwrap_or_else(|| "..........".into());
        let d = options.date;
        self.below = vec![
            format!("{place}, ngày {} tháng {} năm {}", d.day, d.month, d.year),
            signer.to_string(),
        ];
    }

    /// The words line: "Bằng chữ:" and the note saying phuluc fills it.
    pub(crate) fn words_line(&mut self) {
        self.words = Some((
            "Bằng chữ: ".into(),
            "phuluc điền dòng này khi chạy «phuluc format»: số tiền của dòng tổng bằng chữ.".into(),
        ));
    }
}

/// "Xã Đa Kia" → "Đa Kia".
fn strip_commune(c: &str) -> &str {
    for prefix in ["Xã ", "xã ", "XÃ ", "UBND xã ", "UBND Xã "] {
        if let Some(rest) = c.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    c
}

/// The unit line: "Đơn vị tính: triệu đồng".
pub(crate) fn unit_line(unit: Unit) -> String {
    let name = unit.name_vi();
    let mut chars = name.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("Đơn vị tính: {capital}")
}

/// The header label in the language asked for.
pub(crate) fn say(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Roman numeral of a section (1 → I).
pub(crate) fn roman(n: u32) -> String {
    crate::stt::to_roman(n)
}

/// `A1` of a 0-based cell.
pub(crate) fn at(col: u16, row: u32) -> String {
    crate::a1::a1(row, u32::from(col))
}

/// A reference to a cell of another sheet: `'Chi tiết'!G20`.
pub(crate) fn on_sheet(sheet: &str, col: u16, row: u32) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), at(col, row))
}

/// The formats of a template's cells, made once.
struct Formats {
    input_text: Format,
    input_number: [Format; 4],
    input_rate: Format,
    rate: Format,
    words: Format,
    closing: Format,
}

fn formats(st: &Styles) -> Formats {
    let general = format!("{LOCALE}General");
    Formats {
        input_text: st.text.clone().set_unlocked(),
        input_number: [0, 1, 2, 3].map(|i| st.numbers[i].clone().set_unlocked()),
        input_rate: st.numbers[0]
            .clone()
            .set_num_format(&general)
            .set_unlocked(),
        rate: st.numbers[0].clone().set_num_format(&general),
        words: st.words.clone(),
        closing: st.bold_center.clone(),
    }
}

pub(crate) fn write_book(sheets: &[Spec], header: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same options give the same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let st = styles();
    let fm = formats(&st);
    let mut names: Vec<(String, String)> = Vec::new();
    for spec in sheets {
        write_sheet(&mut wb, spec, &st, &fm, header, &mut names)?;
    }
    for (name, formula) in &names {
        wb.define_name(name, formula)?;
    }
    wb.save_to_buffer()
}

fn write_sheet(
    wb: &mut Workbook,
    spec: &Spec,
    st: &Styles,
    fm: &Formats,
    _header: Lang,
    names: &mut Vec<(String, String)>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&spec.name)?;
    let ncols = spec.cols.len() as u16;
    let last_col = ncols.saturating_sub(1);
    for (c, col) in spec.cols.iter().enumerate() {
        ws.set_column_width(c as u16, col.width)?;
    }
    let mut row = parts::title_block(ws, 0, &spec.left, &spec.right, ncols, st)?;
    if row > 0 {
        row += 1;
    }
    row = parts::title_lines(ws, row, &spec.title, ncols, st)?;
    if let Some(u) = &spec.unit_line {
        parts::unit_line(ws, row, u, ncols, st)?;
        row += 1;
    }
    debug_assert_eq!(row, spec.header_row());
    let header_row = row;
    let paths: Vec<Vec<String>> = spec.cols.iter().map(|c| c.path.clone()).collect();
    let width = |c: u16| spec.cols.get(c as usize).map_or(12.0, |col| col.width);
    let depth = parts::header(ws, row, &paths, spec.header_depth(), &width, st)?;
    row += depth;
    let legend = row;
    let texts: Vec<String> = match &spec.legend {
        Some(own) => (0..ncols as usize)
            .map(|c| own.get(c).cloned().unwrap_or_default())
            .collect(),
        None => (1..=ncols).map(|c| format!("({c})")).collect(),
    };
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    parts::column_numbers(ws, row, &texts, st)?;
    row += 1;
    let body = row;
    // Quantities, prices, targets and rates show what was typed (2,5 is not
    // 3); amounts in a unit above the đồng show their decimals.
    let col_format: Vec<Option<String>> = spec
        .cols
        .iter()
        .map(|col| match col.role {
            Role::Quantity
            | Role::UnitPrice
            | Role::PriceMaterial
            | Role::PriceLabour
            | Role::PriceMachine
            | Role::Target
            | Role::Rate => Some(format!("{LOCALE}General")),
            r if r.is_additive() && spec.decimals => Some(format!("{LOCALE}#,##0.##")),
            _ => None,
        })
        .collect();
    let shown = |base: &Format, c: usize, v: Option<Decimal>| -> Format {
        match (spec.per_value, v) {
            (true, Some(v)) => base
                .clone()
                .set_num_format(crate::write::styles::number_format(v)),
            (true, None) => base.clone(),
            (false, _) => match &col_format[c] {
                Some(f) => base.clone().set_num_format(f),
                None => base.clone(),
            },
        }
    };
    for r in &spec.rows {
        let style = r.style as usize;
        for (c, col) in spec.cols.iter().enumerate() {
            let c16 = c as u16;
            let cell = r.cells.get(c).unwrap_or(&Cell::Blank);
            let numeric = matches!(col.input, Input::Number | Input::Rate | Input::Signed);
            match cell {
                Cell::Input(value) => {
                    let f = match col.input {
                        Input::Number | Input::Signed => &fm.input_number[style],
                        Input::Rate => &fm.input_rate,
                        _ => &fm.input_text,
                    };
                    match value {
                        None if numeric => ws.write_blank(row, c16, &shown(f, c, None))?,
                        None => ws.write_blank(row, c16, f)?,
                        Some(Value::Text(s)) => ws.write_string_with_format(row, c16, s, f)?,
                        Some(Value::Number(n)) => ws.write_number_with_format(
                            row,
                            c16,
                            to_f64(*n),
                            &shown(f, c, Some(*n)),
                        )?,
                    };
                }
                Cell::Fixed(Value::Text(s)) => {
                    ws.write_string_with_format(row, c16, s, st.of(r.style))?;
                }
                Cell::Fixed(Value::Number(n)) => {
                    let f = if col.input == Input::Rate {
                        &fm.rate
                    } else {
                        &st.numbers[style]
                    };
                    ws.write_number_with_format(row, c16, to_f64(*n), &shown(f, c, Some(*n)))?;
                }
                Cell::Formula(text, value) => {
                    let formula =
                        Formula::new(format!("={text}")).set_result(to_f64(*value).to_string());
                    let f = shown(&st.numbers[style], c, Some(*value));
                    ws.write_formula_with_format(row, c16, formula, &f)?;
                }
                Cell::Blank if numeric => {
                    ws.write_blank(row, c16, &shown(&st.numbers[style], c, None))?;
                }
                Cell::Blank => {
                    ws.write_blank(row, c16, st.of(r.style))?;
                }
            }
        }
        row += 1;
    }
    let last_body = row.saturating_sub(1).max(body);
    // Only numbers ≥ 0 in amount and quantity cells; rates 0–100.
    for (c, col) in spec.cols.iter().enumerate() {
        let validation = match col.input {
            Input::Number => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_title("Số không hợp lệ")?
                .set_error_message(
                    "Ô này chỉ nhận một số lớn hơn hoặc bằng 0 (không nhận chữ, số âm). Gõ số, ví dụ 1250,5.",
                )?,
            Input::Signed => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
                .set_error_title("Số không hợp lệ")?
                .set_error_message("Ô này chỉ nhận một số (không nhận chữ). Gõ số, ví dụ 1250,5.")?,
            Input::Rate => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                .set_error_title("Tỷ lệ không hợp lệ")?
                .set_error_message("Ô này chỉ nhận tỷ lệ phần trăm từ 0 đến 100, ví dụ 6,5.")?,
            _ => continue,
        }
        .set_error_style(DataValidationErrorStyle::Stop);
        if !spec.rows.is_empty() {
            ws.add_data_validation(body, c as u16, last_body, c as u16, &validation)?;
        }
    }
    // The words line, then the date and signature.
    row += 1;
    if let Some((text, note)) = &spec.words {
        ws.write_string_with_format(row, 0, text, &fm.words)?;
        ws.insert_note(row, 0, &Note::new(note).add_author_prefix(false))?;
        row += 2;
    }
    // The date and signature over the right half.
    let split = (ncols / 2).min(last_col);
    for line in &spec.below {
        parts::merge(ws, row, split, last_col, line, &fm.closing)?;
        row += 1;
    }
    // Page setup as `format` does it.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, legend)?;
    ws.set_footer("&CTrang &P/&N");
    ws.protect_with_options(&ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    // The layout, for `check`.
    let roles: Vec<Role> = spec.cols.iter().map(|c| c.role).collect();
    names.extend(parts::layout_names(
        &spec.name,
        (header_row, legend - 1),
        Some(legend),
        last_body,
        &roles,
    ));
    Ok(())
}

/// The f64 a cell holds for a decimal (Excel holds doubles).
pub(crate) fn to_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_and_units() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(unit_line(Unit::Trieu), "Đơn vị tính: Triệu đồng");
        assert_eq!(strip_commune("Xã Đa Kia"), "Đa Kia");
    }
}
