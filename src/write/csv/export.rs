//! CSV for provincial submission: one flat, stable file per commune (or a
//! whole folder of communes), saying exactly what the checked workbook says.
//! The schema is in docs/csv.md.
//!
//! - `long`: one row per item and year (or amount column), money tables.
//! - `wide`: one row per item, a column per year and the total.
//! - Tables without money (targets, task lists) export their own columns:
//!   target, result, deadline instead of year and amount.
//!
//! `so_tien` holds only amounts that are not subtotals (a parent whose
//! children carry amounts leaves it blank), so the sum of `so_tien` per
//! year is the table's total; "Trong đó" rows and total rows are not
//! exported. A blank amount stays blank: it is never written as 0.
//!
//! ```
//! use phuluc::export::{export, ExportOptions};
//! let outcome = phuluc::analyse(std::path::Path::new("workbooks/da-kia-phu-luc-iii-sua.xlsx"), &Default::default())?;
//! let csv = export(&[outcome.appendix], &ExportOptions::default())?;
//! assert!(csv.text.starts_with("xa,phu_luc,bang,stt"));
//! assert!(csv.text.contains("Xã Đa Kia,Phụ lục III"));
//! # Ok::<(), phuluc::Error>(())
//! ```

use crate::detect::{appendix_of, commune_of, Role};
use crate::model::roles::{column_roles, plan_columns, Confirmation, Meaning, PlanColumns};
use crate::model::{Appendix, Item, ItemKind, Table};
use crate::read::a1;
use crate::unit::Unit;
use crate::{Error, Problem};
use rust_decimal::Decimal;
use std::path::Path;

pub use super::stream::ExportStream;

/// Row layout of the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One row per item and year.
    #[default]
    Long,
    /// One row per item, a column per year.
    Wide,
    /// A cost estimate's lines: code, work, unit of measure, quantity,
    /// price, amount, and the part each belongs to.
    Estimate,
}

/// How to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Row layout.
    pub layout: Layout,
    /// Convert amounts to this unit (the table's unit must be known).
    pub unit: Option<Unit>,
    /// The commune, instead of the one in the title block.
    pub commune: Option<String>,
    /// The appendix, instead of the one in the title block.
    pub appendix: Option<String>,
    /// Start with a UTF-8 byte order mark (for Excel).
    pub bom: bool,
    /// Write decimals with ',' instead of '.'.
    pub decimal_comma: bool,
}

/// The exported CSV and what was changed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The CSV, UTF-8 (NFC), RFC 4180.
    pub text: String,
    /// Cells whose text a spreadsheet would run as a formula, neutralised
    /// with a leading apostrophe: (sheet-qualified cell, original text).
    pub neutralised: Vec<(String, String)>,
    /// Tables left out (money tables and tables without money do not share
    /// a file): their sheet and range.
    pub skipped: Vec<String>,
    /// Tables of a cost estimate (its detail lines, its summary's computed
    /// rows), left out: the CSV's columns are an appendix's, which cannot
    /// carry codes, quantities, prices and computations.
    pub estimates: Vec<String>,
    /// Files that name the same commune, or none: `tep` keeps them apart,
    /// but whoever reads the CSV by `xa` alone would merge them.
    pub warnings: Vec<CommuneWarning>,
    /// Per table that has money columns the CSV does not carry (or whose
    /// header the rows refute): which columns were taken, which not.
    pub columns: Vec<TableColumns>,
    /// Tables left out because their amount columns cannot be told apart
    /// (several, no year, none the total of the others): the file, the
    /// table and its columns ("a.xlsx: 'M08'!A8:E26: C «Quyết toán», …").
    pub ambiguous: Vec<String>,
}

/// What an [`Problem::AmbiguousColumns`] error names: the file, the table
/// and its columns.
pub(super) fn ambiguous_text(e: &Error) -> String {
    match &e.problem {
        Problem::AmbiguousColumns(what) => format!("{}: {what}", e.path.display()),
        _ => e.path.display().to_string(),
    }
}

/// Which of a table's money columns an export took, and which it left
/// out, with what each means (`model::roles`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumns {
    /// The file and the table: `a.xlsx: 'Phụ lục'!A4:G8`.
    pub table: String,
    /// Taken: (letter, header, meaning, confirmed by the rows or not
    /// testable — false when the rows refute the header).
    pub taken: Vec<(String, String, Taken, bool)>,
    /// Left out: (letter, header, meaning, rows refute it).
    pub left: Vec<(String, String, Meaning, bool)>,
}

/// What an exported column is in the CSV (`loai`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// A year of the plan (`nam`).
    Year(u16),
    /// The period total (`tong`).
    Total,
    /// The amount of a table without years (`kinh_phi`).
    Amount,
    /// A funding source (`nguon`).
    Part,
}

impl TableColumns {
    fn of(table_name: String, table: &Table, plan: &PlanColumns) -> TableColumns {
        let roles = column_roles(table);
        let refuted = |k: usize| {
            roles
                .iter()
                .any(|r| r.numeric == Some(k) && r.confirmation == Confirmation::Unconfirmed)
        };
        let described = |k: usize| {
            let c = table.numeric_column(k);
            (crate::read::column_letters(c.col), c.label.clone())
        };
        let mut taken: Vec<(usize, Taken)> = plan
            .years
            .iter()
            .map(|&(k, y)| (k, Taken::Year(y)))
            .collect();
        if let Some(k) = plan.total {
            let kind = if plan.years.is_empty() {
                Taken::Amount
            } else {
                Taken::Total
            };
            taken.push((k, kind));
        }
        taken.extend(plan.parts.iter().map(|&k| (k, Taken::Part)));
        TableColumns {
            table: table_name,
            taken: taken
                .into_iter()
                .map(|(k, kind)| {
                    let (l, h) = described(k);
                    (l, h, kind, !refuted(k))
                })
                .collect(),
            left: plan
                .left
                .iter()
                .map(|&(k, m)| {
                    let (l, h) = described(k);
                    (l, h, m, refuted(k))
                })
                .collect(),
        }
    }

    /// Whether the choice needs saying: a column was left out, or a header
    /// the rows refute was taken.
    pub fn worth_saying(&self) -> bool {
        !self.left.is_empty() || self.taken.iter().any(|t| !t.3)
    }

    /// The line said on stderr: "a.xlsx: 'Phụ lục'!A4:G8: xuất cột E «Năm
    /// 2026» (năm 2026), cột G «Tổng» (tổng giai đoạn); không xuất cột C
    /// «Dự toán năm 2025» (số năm 2025 để so sánh, …)".
    ///
    /// ```
    /// use phuluc::export::{TableColumns, Taken};
    /// use phuluc::model::roles::Meaning;
    /// use phuluc::lang::Lang;
    /// let c = TableColumns {
    ///     table: "a.xlsx: 'Phụ lục'!A4:E8".into(),
    ///     taken: vec![("D".into(), "Năm 2026".into(), Taken::Year(2026), true)],
    ///     left: vec![("C".into(), "Lũy kế từ đầu năm".into(), Meaning::Cumulative, false)],
    /// };
    /// assert_eq!(
    ///     c.message(Lang::Vi),
    ///     "a.xlsx: 'Phụ lục'!A4:E8: xuất cột D «Năm 2026» (năm 2026); không xuất cột C «Lũy kế từ đầu năm» (lũy kế)"
    /// );
    /// ```
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let vi = lang == Lang::Vi;
        let col = if vi { "cột" } else { "column" };
        let refuted = if vi {
            ", dữ liệu không xác nhận tiêu đề"
        } else {
            ", the rows do not bear its header out"
        };
        let taken: Vec<String> = self
            .taken
            .iter()
            .map(|(l, h, kind, confirmed)| {
                let what = match (kind, vi) {
                    (Taken::Year(y), true) => format!("năm {y}"),
                    (Taken::Year(y), false) => format!("year {y}"),
                    (Taken::Total, _) => Meaning::PeriodTotal.name(lang),
                    (Taken::Amount, _) => Meaning::Amount.name(lang),
                    (Taken::Part, true) => "nguồn".into(),
                    (Taken::Part, false) => "funding source".into(),
                };
                let flag = if *confirmed { "" } else { refuted };
                format!("{col} {l} «{h}» ({what}{flag})")
            })
            .collect();
        let left: Vec<String> = self
            .left
            .iter()
            .map(|(l, h, m, unconfirmed)| {
                let flag = if *unconfirmed { refuted } else { "" };
                format!("{col} {l} «{h}» ({}{flag})", m.name(lang))
            })
            .collect();
        let mut out = format!(
            "{}: {} {}",
            self.table,
            if vi { "xuất" } else { "exported" },
            taken.join(", ")
        );
        if !left.is_empty() {
            out.push_str(&format!(
                "; {} {}",
                if vi { "không xuất" } else { "left out" },
                left.join(", ")
            ));
        }
        out
    }
}

/// Files an export cannot tell apart by commune alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommuneWarning {
    /// A file whose title block names no commune (`xa` is empty).
    NoCommune {
        /// The file (`tep`).
        file: String,
    },
    /// Files that name the same commune.
    SameCommune {
        /// The files (`tep`).
        files: Vec<String>,
        /// The commune they name.
        commune: String,
    },
}

impl CommuneWarning {
    /// The warning in a language.
    ///
    /// ```
    /// use phuluc::export::CommuneWarning;
    /// let w = CommuneWarning::NoCommune { file: "a.xlsx".into() };
    /// assert!(w.message(phuluc::lang::Lang::Vi).starts_with("a.xlsx: không ghi tên xã"));
    /// ```
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (CommuneWarning::NoCommune { file }, Lang::Vi) => format!(
                "{file}: không ghi tên xã (cột xa để trống); thêm --commune, hoặc phân biệt các tệp bằng cột tep"
            ),
            (CommuneWarning::NoCommune { file }, Lang::En) => format!(
                "{file}: names no commune (xa is empty); pass --commune, or tell the files apart by tep"
            ),
            (CommuneWarning::SameCommune { files, commune }, Lang::Vi) => format!(
                "{} cùng ghi xã «{commune}»; các dòng của chúng được phân biệt bằng cột tep",
                files.join(", ")
            ),
            (CommuneWarning::SameCommune { files, commune }, Lang::En) => format!(
                "{} name the same commune «{commune}»; their rows are told apart by tep",
                files.join(", ")
            ),
        }
    }
}

/// Columns of the long layout for money tables.
pub const LONG: [&str; 17] = [
    "xa",
    "phu_luc",
    "bang",
    "stt",
    "cap",
    "stt_cha",
    "noi_dung",
    "don_vi_chu_tri",
    "don_vi_phoi_hop",
    "nam",
    "loai",
    "nguon",
    "so_tien",
    "don_vi_tinh",
    "ghi_chu",
    "o_nguon",
    "tep",
];

/// The wide layout names a part's column by its label after this:
/// `nguon: Nguồn vốn / NSTW`.
pub const WIDE_PART: &str = "nguon: ";

/// Columns for tables without money (targets, tasks).
pub const TASKS: [&str; 15] = [
    "xa",
    "phu_luc",
    "bang",
    "stt",
    "cap",
    "stt_cha",
    "noi_dung",
    "don_vi_chu_tri",
    "don_vi_phoi_hop",
    "chi_tieu",
    "ket_qua",
    "thoi_gian",
    "ghi_chu",
    "o_nguon",
    "tep",
];

pub use crate::text::is_formula_like;

pub(super) fn quote_sheet(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(super) struct Writer<'a> {
    out: csv::Writer<&'a mut dyn std::io::Write>,
    neutralised: Vec<(String, String)>,
    options: &'a ExportOptions,
    /// The first write that failed (a full disk): the export fails with it.
    failed: Option<csv::Error>,
}

impl<'a> Writer<'a> {
    /// A writer of CSV records (CRLF, RFC 4180) into `out`, after the byte
    /// order mark when asked for.
    pub(super) fn new(out: &'a mut dyn std::io::Write, options: &'a ExportOptions) -> Writer<'a> {
        let failed = if options.bom {
            out.write_all("\u{feff}".as_bytes())
                .err()
                .map(csv::Error::from)
        } else {
            None
        };
        Writer {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out),
            neutralised: Vec::new(),
            options,
            failed,
        }
    }

    /// Flushes what is buffered; the first failure, if any.
    pub(super) fn finish(mut self, to: &Path) -> Result<Vec<(String, String)>, Error> {
        let flushed = self.out.flush().err().map(csv::Error::from);
        match self.failed.take().or(flushed) {
            None => Ok(self.neutralised),
            Some(e) => Err(Error::caused_by(to, Problem::Write(e.to_string()), e)),
        }
    }

    /// Writes a record; text fields are NFC and neutralised, `numeric`
    /// marks the field that holds an amount.
    pub(super) fn record(&mut self, fields: &[String], numeric: &[usize], source: &str) {
        let cleaned: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = crate::text::nfc(f);
                if !numeric.contains(&i) && is_formula_like(&f) {
                    // Once per cell, not once per year row.
                    if !self.neutralised.iter().any(|(s, t)| s == source && *t == f) {
                        self.neutralised.push((source.to_string(), f.clone()));
                    }
                    format!("'{f}")
                } else {
                    f
                }
            })
            .collect();
        if let Err(e) = self.out.write_record(&cleaned) {
            self.failed.get_or_insert(e);
        }
    }

    fn amount(&self, v: Option<Decimal>) -> String {
        match v {
            None => String::new(),
            Some(d) => {
                let s = d.normalize().to_string();
                if self.options.decimal_comma {
                    s.replace('.', ",")
                } else {
                    s
                }
            }
        }
    }
}

/// Per table: what its rows say, in a form both layouts use.
pub(super) struct TableRows<'a> {
    table: &'a Table,
    /// The source file, as named in the export (`tep`).
    tep: String,
    xa: String,
    phu_luc: String,
    bang: String,
    /// Numeric column index and the year it holds (None: an amount or total).
    years: Vec<(usize, Option<u16>)>,
    /// The period total beside the years, if the table has one.
    period_total: Option<usize>,
    /// Columns that break down another (funding sources under "Nguồn
    /// vốn", "Chia ra", "Trong đó", or a legend's parts), with their labels:
    /// never added to the years or the amount.
    parts: Vec<(usize, String)>,
    factor: Decimal,
    unit_name: String,
    /// Which columns were taken, and which left out.
    columns: TableColumns,
}

impl TableRows<'_> {
    /// The commune and the file, for the commune warnings.
    pub(super) fn commune_and_file(&self) -> (String, String) {
        (self.xa.clone(), self.tep.clone())
    }

    /// Which columns were taken, when that needs saying.
    pub(super) fn columns_said(&self) -> Option<TableColumns> {
        self.columns.worth_saying().then(|| self.columns.clone())
    }
}

pub(super) fn prepare<'a>(
    appendix: &'a Appendix,
    table: &'a Table,
    index: usize,
    options: &ExportOptions,
) -> Result<TableRows<'a>, Error> {
    let xa = options
        .commune
        .clone()
        .or_else(|| commune_of(&table.title))
        .unwrap_or_default();
    let phu_luc = options
        .appendix
        .clone()
        .or_else(|| appendix_of(&table.title))
        .unwrap_or_default();
    let same_sheet = appendix
        .tables
        .iter()
        .filter(|t| t.sheet == table.sheet)
        .count();
    let bang = if same_sheet > 1 {
        format!("{}#{}", table.sheet, index + 1)
    } else {
        table.sheet.clone()
    };
    // Only the columns whose confirmed meaning the CSV's columns carry: the
    // plan's years, its period total (or the table's one amount) and the
    // funding sources that break them down (`model::roles`).
    let name = format!(
        "{}: {}!{}",
        appendix.path,
        quote_sheet(&table.sheet),
        table.range
    );
    let plan = plan_columns(table).map_err(|several| {
        let columns: Vec<String> = several
            .iter()
            .map(|&k| {
                let c = table.numeric_column(k);
                format!("{} «{}»", crate::read::column_letters(c.col), c.label)
            })
            .collect();
        Error::new(
            appendix.path.as_ref(),
            Problem::AmbiguousColumns(format!(
                "{}!{}: {}",
                quote_sheet(&table.sheet),
                table.range,
                columns.join(", ")
            )),
        )
    })?;
    let (years, period_total): (Vec<(usize, Option<u16>)>, Option<usize>) = if plan.years.is_empty()
    {
        (plan.total.map(|k| (k, None)).into_iter().collect(), None)
    } else {
        (
            plan.years.iter().map(|&(k, y)| (k, Some(y))).collect(),
            plan.total,
        )
    };
    let parts = plan
        .parts
        .iter()
        .map(|&k| (k, table.numeric_column(k).label.clone()))
        .collect();
    let columns = TableColumns::of(name, table, &plan);
    let (factor, unit_name) = match (options.unit, table.money_unit()) {
        (Some(to), Some(from)) => (from.factor() / to.factor(), to.name_vi().to_string()),
        (Some(_), None) => {
            let table = format!("{}!{}", quote_sheet(&table.sheet), table.range);
            return Err(Error::new(appendix.path.as_ref(), Problem::NoUnit(table)));
        }
        (None, Some(from)) => (Decimal::ONE, from.name_vi().to_string()),
        (None, None) => (Decimal::ONE, String::new()),
    };
    Ok(TableRows {
        table,
        tep: appendix.path.replace('\\', "/"),
        xa,
        phu_luc,
        bang,
        years,
        period_total,
        parts,
        factor,
        unit_name,
        columns,
    })
}

/// Whether item `i`'s amount in column `k` is a subtotal of its children.
fn is_subtotal(table: &Table, i: usize, k: usize) -> bool {
    fn any_below(table: &Table, i: usize, k: usize) -> bool {
        table.items[i]
            .child_indices()
            .any(|c| table.items[c].amount(k).is_some() || any_below(table, c, k))
    }
    any_below(table, i, k)
}

fn item_fields(t: &TableRows, item: &Item) -> Vec<String> {
    let parent = item
        .parent_index()
        .map(|p| t.table.items[p].stt.to_string())
        .unwrap_or_default();
    vec![
        t.xa.clone(),
        t.phu_luc.clone(),
        t.bang.clone(),
        item.stt.to_string(),
        (item.level + 1).to_string(),
        parent,
        item.content.to_string(),
        item.lead.to_string(),
        item.partner.to_string(),
    ]
}

/// Exports appendices to one CSV. Appendices without a table are an
/// error ([`Problem::NoTable`], about the first of them): an export that
/// holds nothing is never a success.
pub fn export(appendices: &[Appendix], options: &ExportOptions) -> Result<Exported, Error> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut exported = export_to(appendices, options, &mut bytes, Path::new("-"))?;
    exported.text = String::from_utf8(bytes).unwrap_or_default();
    Ok(exported)
}

/// [`export`], writing the CSV into `out` as it goes instead of into
/// [`Exported::text`] (left empty): a country's CSV is hundreds of
/// megabytes. `to` names `out` in a write error.
///
/// ```
/// let a = phuluc::read_appendix("workbooks/da-kia-phu-luc-iii-sua.xlsx".as_ref(), &Default::default())?;
/// let mut out = Vec::new();
/// let x = phuluc::export::export_to(&[a.clone()], &Default::default(), &mut out, "-".as_ref())?;
/// assert!(x.text.is_empty());
/// assert_eq!(out, phuluc::export::export(&[a], &Default::default())?.text.into_bytes());
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn export_to(
    appendices: &[Appendix],
    options: &ExportOptions,
    out: &mut dyn std::io::Write,
    to: &Path,
) -> Result<Exported, Error> {
    let tables: Vec<(&Appendix, usize, &Table)> = appendices
        .iter()
        .flat_map(|a| tables_of(a).into_iter().map(move |(i, t)| (a, i, t)))
        .collect();
    if tables.is_empty() {
        let first = appendices.first().map(|a| a.path.as_str()).unwrap_or("-");
        return Err(Error::new(first.as_ref(), Problem::NoTable));
    }
    if options.layout == Layout::Estimate {
        return export_estimates(appendices, options, out, to);
    }
    // A cost estimate's tables are not appendices: said, left out.
    let (estimate_tables, tables): (Vec<_>, Vec<_>) =
        tables.into_iter().partition(|(_, _, t)| is_estimate(t));
    let estimates: Vec<String> = estimate_tables
        .iter()
        .map(|(a, _, t)| format!("{}: {}!{}", a.path, quote_sheet(&t.sheet), t.range))
        .collect();
    if tables.is_empty() {
        let first = appendices.first().map(|a| a.path.as_str()).unwrap_or("-");
        return Err(Error::new(first.as_ref(), Problem::OnlyEstimates));
    }
    // One kind per file: money tables if there are any.
    let money = tables.iter().any(|(_, _, t)| t.has_money);
    let mut skipped = Vec::new();
    let mut chosen = Vec::new();
    let mut ambiguous: Vec<Error> = Vec::new();
    for (a, i, t) in tables {
        if t.has_money == money {
            match prepare(a, t, i, options) {
                Ok(rows) => chosen.push(rows),
                // Amount columns that cannot be told apart: the table is
                // left out and named, never guessed.
                Err(e) if matches!(e.problem, Problem::AmbiguousColumns(_)) => ambiguous.push(e),
                Err(e) => return Err(e),
            }
        } else {
            skipped.push(format!("{}: {}!{}", a.path, quote_sheet(&t.sheet), t.range));
        }
    }
    // Nothing else to export: the export fails with the first such table.
    if chosen.is_empty() && !ambiguous.is_empty() {
        return Err(ambiguous.swap_remove(0));
    }
    let mut w = Writer::new(out, options);
    if !money {
        write_tasks(&mut w, &chosen);
    } else if options.layout == Layout::Long {
        write_long(&mut w, &chosen);
    } else {
        write_wide(&mut w, &chosen);
    }
    Ok(Exported {
        text: String::new(),
        neutralised: w.finish(to)?,
        skipped,
        estimates,
        warnings: commune_warnings(&chosen),
        columns: chosen.iter().filter_map(TableRows::columns_said).collect(),
        ambiguous: ambiguous.into_iter().map(|e| ambiguous_text(&e)).collect(),
    })
}

/// Each table of an appendix with its index among the tables of its sheet.
pub(super) fn tables_of(appendix: &Appendix) -> Vec<(usize, &Table)> {
    let mut per_sheet: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    appendix
        .tables
        .iter()
        .map(|t| {
            let n = per_sheet.entry(t.sheet.as_str()).or_insert(0);
            *n += 1;
            (*n - 1, t)
        })
        .collect()
}

/// A cost estimate's table (its detail lines, with their unit-price codes
/// or price parts; its summary's computed rows): not an appendix, left out
/// of the appendix layouts. A commune's budget of quantities and prices
/// (Nội dung, Đơn vị tính, Số lượng, Đơn giá, Thành tiền — no codes, no
/// parts) is an appendix: its Thành tiền is the amount.
pub(super) fn is_estimate(t: &Table) -> bool {
    let has = |roles: &[Role]| t.columns.iter().any(|c| roles.contains(&c.role));
    has(&[Role::Formula, Role::Symbol])
        || t.estimate
            && has(&[
                Role::Code,
                Role::PriceMaterial,
                Role::PriceLabour,
                Role::PriceMachine,
                Role::AmountMaterial,
                Role::AmountLabour,
                Role::AmountMachine,
            ])
}

/// Files that share a commune name, or name none.
fn commune_warnings(tables: &[TableRows]) -> Vec<CommuneWarning> {
    commune_warnings_of(tables.iter().map(|t| (t.xa.as_str(), t.tep.as_str())))
}

/// [`commune_warnings`] from each exported table's (commune, file).
pub(super) fn commune_warnings_of<'x>(
    tables: impl Iterator<Item = (&'x str, &'x str)>,
) -> Vec<CommuneWarning> {
    let mut by_commune: Vec<(&str, Vec<&str>)> = Vec::new();
    for (xa, tep) in tables {
        match by_commune.iter_mut().find(|(x, _)| *x == xa) {
            Some((_, files)) if files.contains(&tep) => {}
            Some((_, files)) => files.push(tep),
            None => by_commune.push((xa, vec![tep])),
        }
    }
    let mut out = Vec::new();
    if by_commune.iter().map(|(_, f)| f.len()).sum::<usize>() < 2 {
        return out;
    }
    for (xa, files) in by_commune {
        if xa.is_empty() {
            out.extend(files.iter().map(|f| CommuneWarning::NoCommune {
                file: f.to_string(),
            }));
        } else if files.len() > 1 {
            out.push(CommuneWarning::SameCommune {
                files: files.iter().map(|f| f.to_string()).collect(),
                commune: xa.to_string(),
            });
        }
    }
    out
}

fn exported_items(table: &Table) -> impl Iterator<Item = (usize, &Item)> {
    table
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == ItemKind::Item)
}

/// Columns of the estimate layout.
pub const ESTIMATE: [&str; 13] = [
    "xa",
    "bang",
    "phan",
    "stt",
    "ma_hieu",
    "noi_dung",
    "don_vi",
    "khoi_luong",
    "don_gia",
    "thanh_tien",
    "don_vi_tinh",
    "o_nguon",
    "tep",
];

/// `--layout du-toan`: every line of every estimate detail table (not its
/// part headings, totals or rounding: the sum of `thanh_tien` is the
/// estimate's total before rounding), with the part it belongs to; the
/// other tables are left out and listed.
fn export_estimates(
    appendices: &[Appendix],
    options: &ExportOptions,
    out: &mut dyn std::io::Write,
    to: &Path,
) -> Result<Exported, Error> {
    let mut w = Writer::new(out, options);
    w.record(&ESTIMATE.map(String::from), &[], "");
    let mut skipped = Vec::new();
    let mut any = false;
    for a in appendices {
        for t in &a.tables {
            if !t.estimate {
                skipped.push(format!("{}: {}!{}", a.path, quote_sheet(&t.sheet), t.range));
                continue;
            }
            any = true;
            let numeric =
                |role: Role| (0..t.numeric.len()).find(|&k| t.numeric_column(k).role == role);
            let text = |role: Role, item: &Item| {
                t.text_columns
                    .iter()
                    .position(|&c| t.columns[c].role == role)
                    .and_then(|at| item.texts.get(at))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let factor = match (options.unit, t.money_unit()) {
                (Some(to), Some(from)) => from.factor() / to.factor(),
                (Some(_), None) => {
                    let table = format!("{}!{}", quote_sheet(&t.sheet), t.range);
                    return Err(Error::new(a.path.as_ref(), Problem::NoUnit(table)));
                }
                _ => Decimal::ONE,
            };
            let unit_name = options
                .unit
                .or(t.money_unit())
                .map(|u| u.name_vi().to_string())
                .unwrap_or_default();
            let xa = options
                .commune
                .clone()
                .or_else(|| commune_of(&t.title))
                .unwrap_or_default();
            let (q, p, amount) = (
                numeric(Role::Quantity),
                numeric(Role::UnitPrice),
                numeric(Role::Amount),
            );
            let mut part = String::new();
            for item in t.items.iter().filter(|i| i.kind == ItemKind::Item) {
                let code = text(Role::Code, item);
                if code == "*" {
                    part = item.content.to_string();
                    continue;
                }
                let get = |k: Option<usize>| k.and_then(|k| item.amount(k));
                let money = |v: Option<Decimal>| v.and_then(|v| v.checked_mul(factor));
                let cell = format!(
                    "{}!{}",
                    quote_sheet(&t.sheet),
                    amount.map_or_else(|| a1(item.row, t.bounds.1), |k| t.cell(item.row, k))
                );
                let fields = vec![
                    xa.clone(),
                    t.sheet.clone(),
                    part.clone(),
                    item.stt.to_string(),
                    code,
                    item.content.to_string(),
                    text(Role::MeasureUnit, item),
                    w.amount(get(q)),
                    w.amount(money(get(p))),
                    w.amount(money(get(amount))),
                    unit_name.clone(),
                    cell.clone(),
                    a.path.clone(),
                ];
                w.record(&fields, &[7, 8, 9], &cell);
            }
        }
    }
    if !any {
        let first = appendices.first().map(|a| a.path.as_str()).unwrap_or("-");
        return Err(Error::new(first.as_ref(), Problem::NoTable));
    }
    Ok(Exported {
        text: String::new(),
        neutralised: w.finish(to)?,
        skipped,
        estimates: Vec::new(),
        warnings: Vec::new(),
        columns: Vec::new(),
        ambiguous: Vec::new(),
    })
}

fn write_long(w: &mut Writer, tables: &[TableRows]) {
    w.record(&LONG.map(String::from), &[], "");
    write_long_rows(w, tables);
}

/// The rows of the long layout, without its header.
pub(super) fn write_long_rows(w: &mut Writer, tables: &[TableRows]) {
    for t in tables {
        for (i, item) in exported_items(t.table) {
            let row_cell = format!(
                "{}!{}",
                quote_sheet(&t.table.sheet),
                a1(item.row, t.table.bounds.1)
            );
            // The years (or the amount), then the period total, then the
            // parts that break them down: what each is, said in `loai`.
            let columns = t
                .years
                .iter()
                .map(|&(k, year)| {
                    let kind = if year.is_some() { "nam" } else { "kinh_phi" };
                    (k, year, kind, "")
                })
                .chain(t.period_total.map(|k| (k, None, "tong", "")))
                .chain(
                    t.parts
                        .iter()
                        .map(|(k, label)| (*k, None, "nguon", label.as_str())),
                );
            for (k, year, kind, part) in columns {
                let cell = format!(
                    "{}!{}",
                    quote_sheet(&t.table.sheet),
                    t.table.cell(item.row, k)
                );
                let amount = if is_subtotal(t.table, i, k) {
                    None
                } else {
                    item.amount(k).map(|a| a * t.factor)
                };
                let mut fields = item_fields(t, item);
                fields.push(year.map(|y| y.to_string()).unwrap_or_default());
                fields.push(kind.to_string());
                fields.push(part.to_string());
                fields.push(w.amount(amount));
                fields.push(t.unit_name.clone());
                fields.push(item.note.to_string());
                fields.push(cell);
                fields.push(t.tep.clone());
                w.record(&fields, &[12], &row_cell);
            }
        }
    }
}

fn write_wide(w: &mut Writer, tables: &[TableRows]) {
    let mut all_years: Vec<u16> = tables
        .iter()
        .flat_map(|t| t.years.iter().filter_map(|(_, y)| *y))
        .collect();
    all_years.sort_unstable();
    all_years.dedup();
    // Every part's label, in the order the files first show them.
    let mut all_parts: Vec<&str> = Vec::new();
    for t in tables {
        for (_, label) in &t.parts {
            if !all_parts.contains(&label.as_str()) {
                all_parts.push(label);
            }
        }
    }
    let mut header: Vec<String> = LONG[..9].iter().map(|s| s.to_string()).collect();
    header.extend(all_years.iter().map(|y| format!("nam_{y}")));
    header.push("tong".into());
    header.extend(all_parts.iter().map(|l| format!("{WIDE_PART}{l}")));
    header.extend(["don_vi_tinh", "ghi_chu", "o_nguon", "tep"].map(String::from));
    w.record(&header, &[], "");
    for t in tables {
        let stt_col = t
            .table
            .column(Role::Stt)
            .map(|c| c.col)
            .unwrap_or(t.table.bounds.1);
        // The period total, or the table's one amount when it has no years.
        let total_col = t
            .period_total
            .or_else(|| t.years.iter().find(|(_, y)| y.is_none()).map(|(k, _)| *k));
        for (i, item) in exported_items(t.table) {
            let cell = format!("{}!{}", quote_sheet(&t.table.sheet), a1(item.row, stt_col));
            let leaf = |k: usize| {
                if is_subtotal(t.table, i, k) {
                    None
                } else {
                    item.amount(k).map(|a| a * t.factor)
                }
            };
            let mut fields = item_fields(t, item);
            for y in &all_years {
                let k = t
                    .years
                    .iter()
                    .find(|(_, yy)| *yy == Some(*y))
                    .map(|(k, _)| *k);
                fields.push(w.amount(k.and_then(leaf)));
            }
            let total = match total_col {
                Some(k) => leaf(k),
                // No total column: the sum of the years present, if any.
                None => crate::check::sum_some(t.years.iter().map(|(k, _)| leaf(*k))),
            };
            fields.push(w.amount(total));
            for label in &all_parts {
                let k = t.parts.iter().find(|(_, l)| l == label).map(|(k, _)| *k);
                fields.push(w.amount(k.and_then(leaf)));
            }
            fields.push(t.unit_name.clone());
            fields.push(item.note.to_string());
            fields.push(cell.clone());
            fields.push(t.tep.clone());
            w.record(&fields, &[], &cell);
        }
    }
}

fn write_tasks(w: &mut Writer, tables: &[TableRows]) {
    w.record(&TASKS.map(String::from), &[], "");
    for t in tables {
        let by_role = |item: &Item, role: fn(Role) -> bool| -> String {
            let picked: Vec<(String, String)> = t
                .table
                .text_columns
                .iter()
                .zip(&item.texts)
                .filter(|(c, v)| role(t.table.columns[**c].role) && !v.is_empty())
                .map(|(c, v)| (t.table.columns[*c].label.clone(), v.to_string()))
                .collect();
            let several = t
                .table
                .text_columns
                .iter()
                .filter(|c| role(t.table.columns[**c].role))
                .count()
                > 1;
            picked
                .into_iter()
                .map(|(label, v)| {
                    if several {
                        format!("{}: {v}", label.rsplit(" / ").next().unwrap_or(&label))
                    } else {
                        v
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let stt_col = t
            .table
            .column(Role::Stt)
            .map(|c| c.col)
            .unwrap_or(t.table.bounds.1);
        for (_, item) in exported_items(t.table) {
            let cell = format!("{}!{}", quote_sheet(&t.table.sheet), a1(item.row, stt_col));
            let mut fields = item_fields(t, item);
            fields.push(by_role(item, |r| {
                matches!(r, Role::Target | Role::Rate | Role::MeasureUnit)
            }));
            fields.push(by_role(item, |r| r == Role::Result));
            fields.push(by_role(item, |r| r == Role::Deadline));
            fields.push(item.note.to_string());
            fields.push(cell.clone());
            fields.push(t.tep.clone());
            w.record(&fields, &[], &cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text() {
        assert!(is_formula_like("=HYPERLINK(\"http://x\")"));
        assert!(is_formula_like("- Thực hiện trong quý III"));
        assert!(is_formula_like("@SUM(A1)"));
        assert!(!is_formula_like("-"));
        assert!(!is_formula_like("Tập huấn"));
    }
}
