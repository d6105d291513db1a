//! The styles of every appendix phuluc writes, in one place: Times New
//! Roman 12, thin borders, bold sections, italic breakdowns, and numbers in
//! the format `[$-42A]#,##0` (with decimals where a value has them), whose
//! Vietnamese locale tag makes LibreOffice show 1.234.567 and 1.234,5
//! whatever its own language (see docs/FORMAT.md).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

pub(crate) const LOCALE: &str = "[$-42A]";

/// The number format of a value: integers with grouping, decimals with as
/// many places as the value has.
pub fn number_format(v: Decimal) -> String {
    // Shown, not stored: an amount of a thousand and more shows at most
    // two decimals (Excel's products carry binary noise to the 15th
    // digit: 8.200.453,37524476); smaller figures (quantities such as
    // 0,380814) up to six. The cell keeps its exact value.
    let cap = if v.abs() >= Decimal::ONE_THOUSAND {
        2
    } else {
        6
    };
    let scale = v.normalize().scale().min(cap);
    if scale == 0 {
        format!("{LOCALE}#,##0")
    } else {
        format!("{LOCALE}#,##0.{}", "0".repeat(scale as usize))
    }
}

pub(crate) struct Styles {
    pub(crate) plain: Format,
    pub(crate) bold_center: Format,
    pub(crate) motto: Format,
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    pub(crate) unit: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) section: Format,
    pub(crate) breakdown: Format,
    pub(crate) total: Format,
    pub(crate) words: Format,
    pub(crate) legend: Format,
    /// The row styles with the integer number format, made once: a format
    /// per cell was a third of the time of formatting a large appendix.
    pub(crate) numbers: [Format; 4],
}

/// Row styles, as indices of [`Styles::numbers`].
#[derive(Clone, Copy)]
pub(crate) enum RowStyle {
    Text = 0,
    Section = 1,
    Breakdown = 2,
    Total = 3,
}

impl Styles {
    pub(crate) fn of(&self, s: RowStyle) -> &Format {
        match s {
            RowStyle::Text => &self.text,
            RowStyle::Section => &self.section,
            RowStyle::Breakdown => &self.breakdown,
            RowStyle::Total => &self.total,
        }
    }
}

pub(crate) fn styles() -> Styles {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let numbered = |f: &Format| {
        f.clone()
            .set_num_format(format!("{LOCALE}#,##0"))
            .set_align(FormatAlign::Right)
    };
    let text = cell.clone();
    let section = cell.clone().set_bold();
    let breakdown = cell.clone().set_italic();
    let total = cell.clone().set_bold().set_align(FormatAlign::Center);
    let numbers = [
        numbered(&text),
        numbered(&section),
        numbered(&breakdown),
        numbered(&total),
    ];
    Styles {
        numbers,
        plain: base.clone(),
        bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
        motto: base
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        title: base
            .clone()
            .set_bold()
            .set_font_size(13)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        subtitle: base
            .clone()
            .set_italic()
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        unit: base.clone().set_italic().set_align(FormatAlign::Right),
        header: cell.clone().set_bold().set_align(FormatAlign::Center),
        text,
        section,
        breakdown,
        total,
        legend: cell.clone().set_italic().set_align(FormatAlign::Center),
        words: base.set_italic(),
    }
}

/// A cell to write: text, number, or formula with its saved value.
#[derive(Debug, Clone)]
pub(crate) enum Out {
    Text(String),
    Number(Decimal),
    Formula(String, Decimal),
}
