//! The text reports of `check` and `show`.

use super::FileResult;
use crate::check::Severity;
use crate::detect::Role;
use crate::lang::Lang;
use crate::model::graph::{Coverage, UncheckedReason};
use crate::model::{Appendix, ItemKind, Reading, Table};
use crate::number::format_vn;
use crate::read::a1;
use std::fmt::Write;

fn quote_sheet(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Vi) => "LỖI",
        (Severity::Warning, Lang::Vi) => "CẢNH BÁO",
        (Severity::Info, Lang::Vi) => "GHI CHÚ",
        (Severity::Error, Lang::En) => "ERROR",
        (Severity::Warning, Lang::En) => "WARNING",
        (Severity::Info, Lang::En) => "INFO",
    }
}

fn unit_name(t: &Table, lang: Lang) -> String {
    match (t.money_unit(), lang) {
        (Some(u), Lang::Vi) => u.name_vi().to_string(),
        (Some(u), Lang::En) => u.name_en().to_string(),
        (None, Lang::Vi) => "không rõ".to_string(),
        (None, Lang::En) => "unknown".to_string(),
    }
}

/// `phuluc check` as text: per file, its tables and findings, then counts.
pub fn check_text(results: &[(String, FileResult)], lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    for (path, result) in results {
        let _ = writeln!(out, "{path}");
        let outcome = match result {
            Ok(o) => o,
            Err(e) => {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    if vi {
                        "không đọc được"
                    } else {
                        "unreadable"
                    },
                    e.message(lang)
                );
                continue;
            }
        };
        for t in &outcome.appendix.tables {
            let items = t.items.iter().filter(|i| i.kind == ItemKind::Item).count();
            if vi {
                let checked = t
                    .coverage
                    .as_ref()
                    .filter(|c| c.total() > 0)
                    .map(|c| format!(", đã kiểm tra {}/{} ô tổng", c.checked, c.total()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  Bảng {}!{}: {items} mục, {} dòng tổng, đơn vị: {}{checked}",
                    quote_sheet(&t.sheet),
                    t.range,
                    t.totals.len(),
                    unit_name(t, lang)
                );
            } else {
                let n = |k: usize, one: &str, many: &str| {
                    format!("{k} {}", if k == 1 { one } else { many })
                };
                let checked = t
                    .coverage
                    .as_ref()
                    .filter(|c| c.total() > 0)
                    .map(|c| format!(", {} of {} sum cells checked", c.checked, c.total()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  Table {}!{}: {}, {}, unit: {}{checked}",
                    quote_sheet(&t.sheet),
                    t.range,
                    n(items, "item", "items"),
                    n(t.totals.len(), "total row", "total rows"),
                    unit_name(t, lang)
                );
            }
        }
        for t in &outcome.appendix.tables {
            if let Some(c) = t.coverage.as_ref().filter(|c| !c.unchecked.is_empty()) {
                let _ = writeln!(out, "  {}", coverage_line(t, c, lang));
            }
            if let Some(c) = t.coverage.as_ref().filter(|c| !c.unread_columns.is_empty()) {
                let _ = writeln!(out, "  {}", unread_columns_line(t, c, lang));
            }
        }
        for s in &outcome.appendix.sheets_without_table {
            let numbers = outcome.appendix.unchecked_sheets.contains(s);
            let _ = match (vi, numbers) {
                (true, false) => writeln!(
                    out,
                    "  Trang {}: không tìm thấy bảng phụ lục.",
                    quote_sheet(s)
                ),
                (false, false) => {
                    writeln!(out, "  Sheet {}: no appendix table found.", quote_sheet(s))
                }
                (true, true) => writeln!(
                    out,
                    "  Trang {}: có số nhưng không đọc được thành bảng phụ lục — CHƯA KIỂM TRA.",
                    quote_sheet(s)
                ),
                (false, true) => writeln!(
                    out,
                    "  Sheet {}: holds numbers but no appendix table could be read — NOT CHECKED.",
                    quote_sheet(s)
                ),
            };
        }
        for f in &outcome.findings {
            let _ = writeln!(
                out,
                "  {:<8} {}!{}  [{}]  {}",
                severity_word(f.severity, lang),
                quote_sheet(&f.sheet),
                f.cell,
                f.code,
                f.message(lang)
            );
        }
        let count = |s| outcome.findings.iter().filter(|f| f.severity == s).count();
        let (e, w, i) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let unchecked_cells: usize = outcome
            .appendix
            .tables
            .iter()
            .filter_map(|t| t.coverage.as_ref())
            .map(|c| c.unchecked.len())
            .sum();
        let unchecked_sheets = outcome.appendix.unchecked_sheets.len();
        let unread_columns: usize = outcome
            .appendix
            .tables
            .iter()
            .filter_map(|t| t.coverage.as_ref())
            .map(|c| c.unread_columns.len())
            .sum();
        let columns = match (vi, unread_columns) {
            (_, 0) => String::new(),
            (true, k) => format!(", {k} cột có số chưa rõ nghĩa"),
            (false, k) => format!(", {k} columns of numbers of unknown meaning"),
        };
        let gaps = match (vi, unchecked_cells + unread_columns, unchecked_sheets) {
            (_, 0, 0) => String::new(),
            (true, _, s) => {
                format!("; chưa kiểm tra: {unchecked_cells} ô tổng{columns}, {s} trang có số")
            }
            (false, _, s) => format!(
                "; not checked: {unchecked_cells} sum cells{columns}, {s} sheets with numbers"
            ),
        };
        if vi {
            let _ = writeln!(out, "  => {e} lỗi, {w} cảnh báo, {i} ghi chú{gaps}");
        } else {
            let plural = |n: usize, word: &str| {
                if n == 1 {
                    format!("1 {word}")
                } else {
                    format!("{n} {word}s")
                }
            };
            let _ = writeln!(
                out,
                "  => {}, {}, {}{gaps}",
                plural(e, "error"),
                plural(w, "warning"),
                plural(i, "note")
            );
        }
    }
    out
}

/// Why a sum cell was not checked, in the user's language.
pub(crate) fn unchecked_reason(r: UncheckedReason, lang: Lang) -> &'static str {
    match (r, lang) {
        (UncheckedReason::Unconfirmed, Lang::Vi) => "không xác nhận được cấu trúc",
        (UncheckedReason::Unconfirmed, Lang::En) => "structure not confirmed",
        (UncheckedReason::Unreadable, Lang::Vi) => "ô không đọc được số",
        (UncheckedReason::Unreadable, Lang::En) => "the cell holds no readable amount",
        (UncheckedReason::NoAddends, Lang::Vi) => "các ô cộng vào không có số",
        (UncheckedReason::NoAddends, Lang::En) => "nothing it adds holds an amount",
    }
}

/// The cells of a table that were not checked, the first few named.
fn coverage_line(t: &Table, c: &Coverage, lang: Lang) -> String {
    const NAMED: usize = 5;
    let named: Vec<String> = c
        .unchecked
        .iter()
        .take(NAMED)
        .map(|u| {
            format!(
                "{} ({})",
                a1(u.row, u.col),
                unchecked_reason(u.reason, lang)
            )
        })
        .collect();
    let more = c.unchecked.len().saturating_sub(NAMED);
    match lang {
        Lang::Vi => format!(
            "Bảng {}!{}: chưa kiểm tra {} ô tổng: {}{}",
            quote_sheet(&t.sheet),
            t.range,
            c.unchecked.len(),
            named.join(", "),
            if more > 0 {
                format!(" và {more} ô khác")
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "Table {}!{}: {} sum cells not checked: {}{}",
            quote_sheet(&t.sheet),
            t.range,
            c.unchecked.len(),
            named.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    }
}

/// The columns of numbers a table's header does not name, with their
/// labels: nothing in them was checked.
fn unread_columns_line(t: &Table, c: &Coverage, lang: Lang) -> String {
    let named: Vec<String> = c
        .unread_columns
        .iter()
        .map(|&col| {
            let label = t
                .columns
                .iter()
                .find(|x| x.col == col)
                .map(|x| x.label.as_str())
                .unwrap_or_default();
            format!("{} «{label}»", crate::read::column_letters(col))
        })
        .collect();
    match lang {
        Lang::Vi => format!(
            "Bảng {}!{}: chưa kiểm tra cột {}: có số nhưng tiêu đề không cho biết là khoản gì (sửa tiêu đề, ví dụ «Kinh phí …», «Vốn …», để phuluc kiểm tra)",
            quote_sheet(&t.sheet),
            t.range,
            named.join(", ")
        ),
        Lang::En => format!(
            "Table {}!{}: column {} not checked: it holds numbers but its header does not say what they are (a header such as «Kinh phí …» or «Vốn …» lets phuluc check it)",
            quote_sheet(&t.sheet),
            t.range,
            named.join(", ")
        ),
    }
}

fn role_name(role: Role) -> String {
    match role {
        Role::Stt => "stt".into(),
        Role::Content => "content".into(),
        Role::Lead => "lead".into(),
        Role::Partner => "partner".into(),
        Role::Year(y) => format!("year {y}"),
        Role::PeriodTotal => "period-total".into(),
        Role::Amount => "amount".into(),
        Role::MeasureUnit => "measure-unit".into(),
        Role::Quantity => "quantity".into(),
        Role::UnitPrice => "unit-price".into(),
        Role::PriceMaterial => "unit-price VL".into(),
        Role::PriceLabour => "unit-price NC".into(),
        Role::PriceMachine => "unit-price M".into(),
        Role::AmountMaterial => "amount VL".into(),
        Role::AmountLabour => "amount NC".into(),
        Role::AmountMachine => "amount M".into(),
        Role::Note => "note".into(),
        Role::Result => "result".into(),
        Role::Deadline => "deadline".into(),
        Role::Target => "target".into(),
        Role::Rate => "rate".into(),
        Role::Code => "code".into(),
        Role::BudgetCode => "budget-code".into(),
        Role::Formula => "formula".into(),
        Role::Symbol => "symbol".into(),
        Role::Other => "other".into(),
    }
}

/// What the table's money and percentage columns mean, and whether the
/// rows bear their headers out (`model::roles::column_roles`): a header the
/// rows refute is said to be NOT CONFIRMED.
fn show_roles(out: &mut String, t: &Table) {
    use crate::model::roles::Confirmation;
    let roles = crate::model::roles::column_roles(t);
    if roles.is_empty() {
        return;
    }
    let _ = writeln!(out, "  column meanings:");
    for r in roles {
        let state = match r.confirmation {
            Confirmation::Confirmed => {
                format!("confirmed on {}/{} rows", r.support.held, r.support.tested)
            }
            Confirmation::Untested => "from the header (nothing on the rows tests it)".into(),
            Confirmation::Unconfirmed => format!(
                "NOT CONFIRMED: holds on {}/{} rows",
                r.support.held, r.support.tested
            ),
        };
        let _ = writeln!(
            out,
            "    {:<4} {}: {state}",
            r.letter,
            r.meaning.name(Lang::En)
        );
    }
}

/// The table's relations graph: each stated sum cell, what it must equal
/// and the evidence for it; a column relation with how many rows bear it
/// out. Adjacent addends of one column are printed as a range.
fn show_graph(out: &mut String, t: &Table) {
    use crate::model::graph::{for_each_edge, EdgeKind, Evidence};
    let _ = writeln!(out, "  relations graph:");
    for r in t.relations.iter().chain(&t.unconfirmed) {
        let confirmed = t.relations.iter().any(|x| std::ptr::eq(x, r));
        let _ = writeln!(
            out,
            "    columns {} = {} ({:?}, «{}»): holds on {}/{} rows{}",
            crate::read::column_letters(r.whole),
            r.parts
                .iter()
                .map(|&(c, neg)| format!(
                    "{}{}",
                    if neg { "-" } else { "" },
                    crate::read::column_letters(c)
                ))
                .collect::<Vec<_>>()
                .join(" + "),
            r.source,
            r.text,
            r.support.held,
            r.support.tested,
            if confirmed {
                ""
            } else {
                " — NOT CONFIRMED, not checked"
            }
        );
    }
    for_each_edge(t, |e| {
        if e.kind == EdgeKind::Columns {
            return;
        }
        let kind = match e.kind {
            EdgeKind::Children => "children",
            EdgeKind::Total => "total",
            EdgeKind::Period => "years",
            EdgeKind::Columns => "columns",
            EdgeKind::Computation => "cách tính",
        };
        let evidence = match e.evidence {
            Evidence::Legend => "legend",
            Evidence::Group => "group",
            Evidence::Numbering => "numbering",
            Evidence::Label => "labels",
        };
        let _ = writeln!(
            out,
            "    {} = Σ {} [{kind}; {evidence}]{}",
            a1(e.row, e.col),
            if e.kind == EdgeKind::Total {
                "the top-level items".to_string()
            } else {
                cell_ranges(&e.addends)
            },
            if e.confirmed { "" } else { " NOT CONFIRMED" }
        );
    });
}

/// Cells as A1 ranges where they run down one column ("E10:E14, E20").
fn cell_ranges(cells: &[(u32, u32)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (r0, c) = cells[i];
        let mut j = i;
        while j + 1 < cells.len() && cells[j + 1].1 == c && cells[j + 1].0 == cells[j].0 + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}:{}", a1(r0, c), a1(cells[j].0, c))
        } else {
            a1(r0, c)
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// `phuluc show` as text: each table's place, header, column roles, unit and
/// item tree with amounts and source cells.
pub fn show_text(a: &Appendix) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({:?})", a.path, a.format);
    for t in &a.tables {
        let _ = writeln!(out, "\nTable {}!{}", quote_sheet(&t.sheet), t.range);
        for line in &t.title {
            let _ = writeln!(out, "  title: {line}");
        }
        let _ = writeln!(out, "  header rows: {:?}", t.header_rows);
        if let Some(r) = t.legend_row {
            let _ = writeln!(out, "  column-number row: {r}");
        }
        match &t.unit {
            Some(u) => {
                let _ = writeln!(
                    out,
                    "  unit: {} (\"{}\" at {})",
                    u.unit.map(|u| u.name_vi()).unwrap_or("unknown"),
                    u.text,
                    a1(u.row, u.col)
                );
            }
            None => {
                let _ = writeln!(out, "  unit: not stated");
            }
        }
        let _ = writeln!(out, "  columns:");
        for c in &t.columns {
            let _ = writeln!(
                out,
                "    {:<4} {:<14} {}",
                crate::read::column_letters(c.col),
                role_name(c.role),
                c.label
            );
        }
        show_roles(&mut out, t);
        let _ = writeln!(out, "  items:");
        // An estimate's rows in sheet order: each part's total under its
        // lines.
        let mut rows: Vec<&crate::model::Item> = t.items.iter().chain(&t.totals).collect();
        if t.estimate {
            rows.sort_by_key(|i| i.row);
        }
        for item in rows {
            let indent = "  ".repeat(usize::from(item.level));
            let kind = match item.kind {
                ItemKind::Item => "",
                ItemKind::Breakdown => " [trong đó]",
                ItemKind::Total => " [tổng]",
                ItemKind::Ratio => " [tỷ lệ]",
            };
            let amounts: Vec<String> = item
                .values
                .iter()
                .enumerate()
                .filter_map(|(k, v)| {
                    let label = role_name(t.numeric_column(k).role);
                    let s = item.values.text(k).unwrap_or_default();
                    match (&v.amount(), &v.reading()) {
                        (Some(a), _) => Some(format!("{label}={}", format_vn(*a))),
                        (None, Reading::Malformed) => Some(format!("{label}=«{s}»?")),
                        (None, Reading::Words) => Some(format!("{label}=«{s}»")),
                        (None, Reading::Error) => Some(format!("{label}={s}")),
                        _ => None,
                    }
                })
                .collect();
            let mut content: String = item.content.chars().take(70).collect();
            if content.len() < item.content.len() {
                content.push('…');
            }
            // An estimate's code and unit of measure, a cost summary's
            // symbol and computation.
            let texts: Vec<String> = t
                .text_columns
                .iter()
                .zip(&item.texts)
                .filter(|(_, text)| !text.trim().is_empty())
                .filter_map(|(&c, text)| {
                    let name = match t.columns[c].role {
                        Role::Code => "mã",
                        Role::MeasureUnit => "đv",
                        Role::Symbol => "ký hiệu",
                        Role::Formula => "cách tính",
                        _ => return None,
                    };
                    Some(format!("{name}: {}", text.trim()))
                })
                .collect();
            let kind = if item.kind == ItemKind::Item && texts.first().is_some_and(|x| x == "mã: *")
            {
                " [phần]"
            } else {
                kind
            };
            let texts = if texts.is_empty() {
                String::new()
            } else {
                format!("  | {}", texts.join(", "))
            };
            let _ = writeln!(
                out,
                "    {:<6} {indent}{} {content}{kind}{texts}{}{}",
                a1(item.row, t.bounds.1),
                if item.stt.is_empty() { "·" } else { &item.stt },
                if amounts.is_empty() {
                    String::new()
                } else {
                    format!("  | {}", amounts.join(" "))
                },
                if item.lead.is_empty() {
                    String::new()
                } else {
                    format!("  | chủ trì: {}", item.lead)
                },
            );
        }
        for w in &t.words {
            let _ = writeln!(out, "  words at {}: {}", a1(w.row, w.col), w.text);
        }
        show_graph(&mut out, t);
    }
    for s in &a.sheets_without_table {
        let _ = writeln!(out, "\nSheet {}: no appendix table found", quote_sheet(s));
    }
    out
}
