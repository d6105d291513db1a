//! A rollup as text for people, JSON for programs and CSV for the province
//! (`nhom,nam,so_tien,don_vi_tinh`; docs/reconcile.md).

use super::lang::Lang;
use crate::number::format_vn;
use crate::reconcile::rollup::{Amounts, Note, Period, Rollup, UNNAMED};
use rust_decimal::Decimal;

/// The closing lines' names, as the CSV writes them.
const SUM_OF_GROUPS: &str = "Cộng các nhóm";
const TABLE_TOTAL: &str = "Tổng của bảng";
const DIFFERENCE: &str = "Chênh lệch";
const WHOLE_PERIOD: &str = "Tổng giai đoạn";
const BUDGET: &str = "Tổng chi ngân sách xã";
const SHARE: &str = "Tỷ lệ so với tổng chi (%)";

fn period_label(p: Period, lang: Lang) -> String {
    match (p, lang) {
        (Period::Year(y), _) => y.to_string(),
        (Period::Total, Lang::Vi) => WHOLE_PERIOD.into(),
        (Period::Total, Lang::En) => "Period".into(),
    }
}

fn by_label(r: &Rollup, lang: Lang) -> &'static str {
    use crate::reconcile::rollup::By;
    match (r.by, lang) {
        (By::Lead, Lang::Vi) => "đơn vị chủ trì",
        (By::Partner, Lang::Vi) => "đơn vị phối hợp",
        (By::Section, Lang::Vi) => "mục",
        (By::Commune, Lang::Vi) => "xã",
        (By::Appendix, Lang::Vi) => "phụ lục",
        (By::Item, Lang::Vi) => "nhiệm vụ",
        (By::Item, Lang::En) => "task",
        (By::Lead, Lang::En) => "lead unit",
        (By::Partner, Lang::En) => "partner unit",
        (By::Section, Lang::En) => "section",
        (By::Commune, Lang::En) => "commune",
        (By::Appendix, Lang::En) => "appendix",
    }
}

/// The rollup as a table of text: a row per group, a column per period,
/// then the sum of the groups, the tables' total and the difference.
pub fn rollup_text(r: &Rollup, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    // Amounts in Vietnamese format in either language, as everywhere.
    let amount = format_vn;
    let unit = match (r.unit, vi) {
        (Some(u), true) => u.name_vi().to_string(),
        (Some(u), false) => u.name_en().to_string(),
        (None, true) => "không rõ".into(),
        (None, false) => "unknown".into(),
    };
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let cells = |a: &Amounts| -> Vec<String> {
        r.periods
            .iter()
            .map(|&p| a.get(p).map(amount).unwrap_or_else(|| "—".into()))
            .collect()
    };
    for g in &r.groups {
        let name = if g.name == UNNAMED && !vi {
            "(none named)".to_string()
        } else {
            g.name.clone()
        };
        rows.push((name, cells(&g.amounts)));
    }
    let closing: Vec<(String, Vec<String>)> = vec![
        (
            if vi {
                SUM_OF_GROUPS
            } else {
                "Sum of the groups"
            }
            .into(),
            cells(&r.sum_of_groups),
        ),
        (
            if vi { TABLE_TOTAL } else { "Table's total" }.into(),
            r.table_total
                .as_ref()
                .map(cells)
                .unwrap_or_else(|| r.periods.iter().map(|_| "—".into()).collect()),
        ),
        (
            if vi { DIFFERENCE } else { "Difference" }.into(),
            r.difference
                .as_ref()
                .map(cells)
                .unwrap_or_else(|| r.periods.iter().map(|_| "—".into()).collect()),
        ),
    ];
    let mut closing = closing;
    if let Some(share) = &r.share {
        let row = |f: &dyn Fn(Decimal, Decimal) -> String| -> Vec<String> {
            r.periods
                .iter()
                .map(|p| {
                    share
                        .periods
                        .get(p)
                        .map(|(b, s)| f(*b, *s))
                        .unwrap_or_else(|| "—".into())
                })
                .collect()
        };
        closing.push((
            if vi { BUDGET } else { "Total budget spending" }.into(),
            row(&|b, _| amount(b)),
        ));
        closing.push((
            if vi { SHARE } else { "Share (%)" }.into(),
            row(&|_, s| format_vn(s)),
        ));
    }
    let header: Vec<String> = r.periods.iter().map(|&p| period_label(p, lang)).collect();
    let first = if vi { "Nhóm" } else { "Group" };
    let name_width = rows
        .iter()
        .chain(&closing)
        .map(|(n, _)| n.chars().count())
        .chain([first.chars().count()])
        .max()
        .unwrap_or(0)
        .min(60);
    let widths: Vec<usize> = (0..r.periods.len())
        .map(|c| {
            rows.iter()
                .chain(&closing)
                .map(|(_, v)| v[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |name: &str, values: &[String]| {
        let mut s = pad_right(name, name_width);
        for (v, w) in values.iter().zip(&widths) {
            s.push_str("  ");
            s.push_str(&pad_left(v, *w));
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = if vi {
        format!("Tổng hợp theo {} — đơn vị: {unit}\n", by_label(r, lang))
    } else {
        format!("Rollup by {} — unit: {unit}\n", by_label(r, lang))
    };
    out.push_str(&line(first, &header));
    for (n, v) in &rows {
        out.push_str(&line(n, v));
    }
    out.push_str(&"-".repeat(name_width + widths.iter().map(|w| w + 2).sum::<usize>()));
    out.push('\n');
    for (n, v) in &closing {
        out.push_str(&line(n, v));
    }
    for g in r.groups.iter().filter(|g| !g.spellings.is_empty()) {
        let spellings = g.spellings.join("», «");
        out.push_str(&if vi {
            format!("  ghi chú: «{spellings}» được tính vào «{}»\n", g.name)
        } else {
            format!("  note: «{spellings}» counted under «{}»\n", g.name)
        });
    }
    if let Some(share) = &r.share {
        let below: Vec<String> = share.below().map(|(p, _)| period_label(p, lang)).collect();
        let target = format_vn(share.target);
        out.push_str(&match (vi, below.is_empty()) {
            (true, true) => format!("  ghi chú: đạt mục tiêu {target} % tổng chi ngân sách (Nghị quyết 57) ở mọi năm\n"),
            (true, false) => format!("  ghi chú: dưới mục tiêu {target} % tổng chi ngân sách (Nghị quyết 57): {}\n", below.join(", ")),
            (false, true) => format!("  note: at or above the {target} % target of total budget spending (Resolution 57) every year\n"),
            (false, false) => format!("  note: below the {target} % target of total budget spending (Resolution 57): {}\n", below.join(", ")),
        });
    }
    for n in &r.notes {
        out.push_str(&match (n, vi) {
            (Note::Joint { cell, text }, true) => format!("  ghi chú: {cell} ghi nhiều đơn vị («{text}»): tính một lần, dưới tên chung\n"),
            (Note::Joint { cell, text }, false) => format!("  note: {cell} names several units («{text}»): counted once, under the joint name\n"),
            (Note::Unnamed { items }, true) => format!("  ghi chú: {items} mục không ghi đơn vị, tính vào «{UNNAMED}»\n"),
            (Note::Unnamed { items }, false) => format!("  note: {items} items name no unit, counted under «(none named)»\n"),
            (Note::NoTotal { table }, true) => format!("  ghi chú: bảng {table} không có dòng tổng: không so được với tổng của bảng\n"),
            (Note::NoTotal { table }, false) => format!("  note: table {table} has no total row: nothing to compare with\n"),
            (Note::Summary { table, detail }, true) => format!("  ghi chú: bảng {table} là bảng tổng hợp của {detail}: không cộng thêm lần nữa\n"),
            (Note::Summary { table, detail }, false) => format!("  note: table {table} summarises {detail}: not added a second time\n"),
            (Note::Unconfirmed { table, columns }, vi) => {
                let list: Vec<String> = columns
                    .iter()
                    .map(|(c, h, m)| format!("{} {c} «{h}» ({})", if vi { "cột" } else { "column" }, m.name(lang)))
                    .collect();
                if vi {
                    format!("  ghi chú: bảng {table}: dữ liệu không xác nhận tiêu đề của {}\n", list.join(", "))
                } else {
                    format!("  note: table {table}: the rows do not bear out the header of {}\n", list.join(", "))
                }
            }
            (Note::Columns { table, taken, left }, vi) => columns_line(table, taken, left, vi),
            (Note::Ambiguous { table, columns }, true) => {
                format!("  ghi chú: bảng {table} {}\n", ambiguous_words(columns, Lang::Vi))
            }
            (Note::Ambiguous { table, columns }, false) => {
                format!("  note: table {table} {}\n", ambiguous_words(columns, Lang::En))
            }
        });
    }
    out
}

fn pad_right(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.chars().take(w).collect()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn pad_left(s: &str, w: usize) -> String {
    let n = s.chars().count();
    format!("{}{s}", " ".repeat(w.saturating_sub(n)))
}

fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

fn amounts_json(a: &Amounts) -> serde_json::Value {
    let years: serde_json::Map<String, serde_json::Value> = a
        .iter()
        .filter_map(|(p, v)| match p {
            Period::Year(y) => Some((y.to_string(), plain(v).into())),
            Period::Total => None,
        })
        .collect();
    serde_json::json!({
        "years": years,
        "total": a.get(Period::Total).map(plain),
    })
}

/// The rollup as JSON: `{"by", "unit", "groups": [{"name", "aliases",
/// "joint", "years": {YEAR: amount}, "total"}], "sum_of_groups",
/// "table_total", "difference", "notes"}`, amounts as strings of digits
/// with an optional decimal point.
pub fn rollup_json(r: &Rollup) -> String {
    let groups: Vec<serde_json::Value> = r
        .groups
        .iter()
        .map(|g| {
            let a = amounts_json(&g.amounts);
            serde_json::json!({
                "name": g.name,
                "aliases": g.spellings,
                "joint": g.joint,
                "years": a["years"],
                "total": a["total"],
            })
        })
        .collect();
    let notes: Vec<serde_json::Value> = r
        .notes
        .iter()
        .map(|n| match n {
            Note::Joint { cell, text } => {
                serde_json::json!({"joint": {"cell": cell, "text": text}})
            }
            Note::Unnamed { items } => serde_json::json!({"unnamed": {"items": items}}),
            Note::NoTotal { table } => serde_json::json!({"no_total": {"table": table}}),
            Note::Unconfirmed { table, columns } => serde_json::json!({"unconfirmed": {
                "table": table,
                "columns": columns.iter().map(|(c, h, m)| serde_json::json!({"column": c, "header": h, "meaning": m.name(Lang::En)})).collect::<Vec<_>>(),
            }}),
            Note::Summary { table, detail } => {
                serde_json::json!({"summary": {"table": table, "detail": detail}})
            }
            Note::Ambiguous { table, columns } => serde_json::json!({"ambiguous": {
                "table": table,
                "columns": columns.iter().map(|(c, h)| serde_json::json!({"column": c, "header": h})).collect::<Vec<_>>(),
            }}),
            Note::Columns { table, taken, left } => serde_json::json!({"columns": {
                "table": table,
                "taken": taken.iter().map(|(c, h, p)| serde_json::json!({
                    "column": c, "header": h, "period": match p {
                        Period::Year(y) => y.to_string(),
                        Period::Total => "total".into(),
                    }})).collect::<Vec<_>>(),
                "left": left.iter().map(|(c, h)| serde_json::json!({"column": c, "header": h})).collect::<Vec<_>>(),
            }}),
        })
        .collect();
    let value = serde_json::json!({
        "by": r.by.code(),
        "unit": r.unit.map(|u| u.code()),
        "groups": groups,
        "sum_of_groups": amounts_json(&r.sum_of_groups),
        "table_total": r.table_total.as_ref().map(amounts_json),
        "difference": r.difference.as_ref().map(amounts_json),
        "notes": notes,
        "budget_share": r.share.as_ref().map(|share| {
            let periods: serde_json::Map<String, serde_json::Value> = share
                .periods
                .iter()
                .map(|(p, (b, s))| {
                    let label = match p {
                        Period::Year(y) => y.to_string(),
                        Period::Total => "total".into(),
                    };
                    (label, serde_json::json!({"budget": plain(*b), "share": plain(*s)}))
                })
                .collect();
            serde_json::json!({"target": plain(share.target), "periods": periods,
                "below_target": share.below().map(|(p, _)| period_label(p, Lang::Vi)).collect::<Vec<_>>()})
        }),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// The rollup as CSV: `nhom,nam,so_tien,don_vi_tinh`, a row per group and
/// period (`nam` is the year or `Tổng giai đoạn`), then the rows of
/// `Cộng các nhóm`, `Tổng của bảng` and `Chênh lệch`.
pub fn rollup_csv(r: &Rollup) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let unit = r.unit.map(|u| u.name_vi()).unwrap_or("");
    let _ = w.write_record(["nhom", "nam", "so_tien", "don_vi_tinh"]);
    let mut rows = |name: &str, a: &Amounts| {
        for &p in &r.periods {
            let value = a.get(p).map(plain).unwrap_or_default();
            let year = period_label(p, Lang::Vi);
            // A name a spreadsheet would run as a formula gets a quote.
            let name = if crate::text::is_formula_like(name) {
                format!("'{name}")
            } else {
                name.to_string()
            };
            let _ = w.write_record([name.as_str(), &year, &value, unit]);
        }
    };
    for g in &r.groups {
        rows(&g.name, &g.amounts);
    }
    rows(SUM_OF_GROUPS, &r.sum_of_groups);
    if let Some(t) = &r.table_total {
        rows(TABLE_TOTAL, t);
    }
    if let Some(d) = &r.difference {
        rows(DIFFERENCE, d);
    }
    if let Some(share) = &r.share {
        for (name, unit, pick) in [
            (BUDGET, r.unit.map(|u| u.name_vi()).unwrap_or(""), 0),
            (SHARE, "%", 1),
        ] {
            for (p, (b, s)) in &share.periods {
                let v = if pick == 0 { *b } else { *s };
                let _ = w.write_record([name, &period_label(*p, Lang::Vi), &plain(v), unit]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// "Kinh phí = cột E «Năm 2026», cột G «Tổng»; không tính cột C «Dự toán
/// năm 2025»": which columns a table was counted by, and which not.
fn columns_line(
    table: &str,
    taken: &[(String, String, Period)],
    left: &[(String, String)],
    vi: bool,
) -> String {
    let lang = if vi { Lang::Vi } else { Lang::En };
    let words = columns_words(taken, left, lang);
    if vi {
        format!("  ghi chú: bảng {table}: {words}\n")
    } else {
        format!("  note: table {table}: {words}\n")
    }
}

/// "Kinh phí = cột E «Năm 2026», cột F «Năm 2027»; không tính cột C «Dự
/// toán năm 2025» (không phải năm của kế hoạch)": the columns a table was
/// counted by ([`Note::Columns`]), and the money columns left out, if any —
/// `rollup`'s note and `check --report`'s column per file.
pub fn columns_words(
    taken: &[(String, String, Period)],
    left: &[(String, String)],
    lang: Lang,
) -> String {
    let col = match lang {
        Lang::Vi => "cột",
        Lang::En => "column",
    };
    let taken: Vec<String> = taken
        .iter()
        .map(|(c, h, _)| format!("{col} {c} «{h}»"))
        .collect();
    let left: Vec<String> = left
        .iter()
        .map(|(c, h)| format!("{col} {c} «{h}»"))
        .collect();
    let (amounts, left_out, why) = match lang {
        Lang::Vi => ("Kinh phí", "không tính", "không phải năm của kế hoạch"),
        Lang::En => ("amounts", "left out", "no year of the plan"),
    };
    let mut s = format!("{amounts} = {}", taken.join(", "));
    if !left.is_empty() {
        s.push_str(&format!("; {left_out} {} ({why})", left.join(", ")));
    }
    s
}

/// "không phân biệt được các cột số tiền cột C «Kinh phí NSTW», cột D
/// «Kinh phí NSĐP»": a table left out because its amount columns cannot be
/// told apart ([`Note::Ambiguous`]).
pub fn ambiguous_words(columns: &[(String, String)], lang: Lang) -> String {
    let col = match lang {
        Lang::Vi => "cột",
        Lang::En => "column",
    };
    let list: Vec<String> = columns
        .iter()
        .map(|(c, h)| format!("{col} {c} «{h}»"))
        .collect();
    match lang {
        Lang::Vi => format!(
            "không được tính: không phân biệt được các cột số tiền {}",
            list.join(", ")
        ),
        Lang::En => format!(
            "left out: its amount columns {} cannot be told apart",
            list.join(", ")
        ),
    }
}
