//! What changed between two versions, as text for people and JSON for
//! programs (docs/reconcile.md).

use super::lang::Lang;
use crate::number::format_vn;
use crate::reconcile::diff::{Diff, Only};
use crate::reconcile::rollup::Period;
use rust_decimal::Decimal;

/// An amount as digits ("13923"), or a text as it is, shown the
/// Vietnamese way when it is an amount ("13.923").
fn shown(s: &str) -> String {
    match Decimal::from_str_exact(s) {
        Ok(d) => format_vn(d),
        Err(_) if s.is_empty() => "—".into(),
        Err(_) => format!("«{s}»"),
    }
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

/// The differences as text, one line each, in sections.
pub fn diff_text(d: &Diff, old: &str, new: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let say = |v: &str, e: &str| if vi { v.to_string() } else { e.to_string() };
    let mut out = format!("{} {old} → {new}\n", say("So sánh", "Comparing"));
    if d.is_empty() {
        out.push_str(&say("  không có gì thay đổi\n", "  nothing changed\n"));
    }
    if !d.renumbered.is_empty() {
        out.push_str(&say("Đánh số lại:\n", "Renumbered:\n"));
        for r in &d.renumbered {
            out.push_str(&format!(
                "  {} → {}  {}  ({} → {})\n",
                r.old_stt,
                r.new_stt,
                short(&r.content),
                r.old_cell,
                r.new_cell
            ));
        }
    }
    let only = |title: String, items: &[Only], out: &mut String| {
        if items.is_empty() {
            return;
        }
        out.push_str(&title);
        for i in items {
            let amounts: Vec<String> = i
                .amounts
                .iter()
                .map(|(label, v)| format!("{label} {}", format_vn(*v)))
                .collect();
            let amounts = if amounts.is_empty() {
                String::new()
            } else {
                format!(" — {}", amounts.join("; "))
            };
            out.push_str(&format!(
                "  {} {}{amounts}  ({})\n",
                i.stt,
                short(&i.content),
                i.cell
            ));
        }
    };
    only(say("Thêm:\n", "Added:\n"), &d.added, &mut out);
    only(say("Bỏ:\n", "Removed:\n"), &d.removed, &mut out);
    if !d.changed.is_empty() {
        out.push_str(&say("Thay đổi:\n", "Changed:\n"));
        for c in &d.changed {
            let name = if c.stt == c.content {
                short(&c.content)
            } else {
                format!("{} {}", c.stt, short(&c.content))
            };
            let delta = match (
                Decimal::from_str_exact(&c.old).ok(),
                Decimal::from_str_exact(&c.new).ok(),
            ) {
                (Some(o), Some(n)) => n
                    .checked_sub(o)
                    .map(|x| {
                        let sign = if x.is_sign_negative() { "" } else { "+" };
                        format!(" ({sign}{})", format_vn(x))
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {name}, {}: {} → {}{delta}  ({} → {})\n",
                c.column,
                shown(&c.old),
                shown(&c.new),
                c.old_cell,
                c.new_cell
            ));
        }
    }
    if !d.totals.is_empty() {
        out.push_str(&say("Tổng của bảng:\n", "Table's total:\n"));
        for (p, (o, n)) in &d.totals {
            let label = match p {
                Period::Year(y) => y.to_string(),
                Period::Total => say("Tổng giai đoạn", "Period"),
            };
            let f = |v: &Option<Decimal>| v.map(format_vn).unwrap_or_else(|| "—".into());
            let delta = match (o, n) {
                (Some(o), Some(n)) => n
                    .checked_sub(*o)
                    .map(|x| {
                        let sign = if x.is_sign_negative() { "" } else { "+" };
                        format!(" ({sign}{})", format_vn(x))
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            out.push_str(&format!("  {label}: {} → {}{delta}\n", f(o), f(n)));
        }
    }
    out
}

/// The differences as JSON: `{"renumbered": [{"old_stt", "new_stt",
/// "content", "old_cell", "new_cell"}], "added": [{"stt", "content",
/// "cell", "amounts"}], "removed": […], "changed": [{"stt", "content",
/// "column", "old", "new", "old_cell", "new_cell"}], "totals": {YEAR:
/// {"old", "new", "change"}}}`, amounts as strings of digits.
pub fn diff_json(d: &Diff) -> String {
    let plain = |v: Decimal| v.normalize().to_string();
    let only = |items: &[Only]| -> Vec<serde_json::Value> {
        items
            .iter()
            .map(|i| {
                let amounts: serde_json::Map<String, serde_json::Value> = i
                    .amounts
                    .iter()
                    .map(|(l, v)| (l.clone(), plain(*v).into()))
                    .collect();
                serde_json::json!({"stt": i.stt, "content": i.content, "cell": i.cell, "amounts": amounts})
            })
            .collect()
    };
    let totals: serde_json::Map<String, serde_json::Value> = d
        .totals
        .iter()
        .map(|(p, (o, n))| {
            let label = match p {
                Period::Year(y) => y.to_string(),
                Period::Total => "total".into(),
            };
            let change = match (o, n) {
                (Some(o), Some(n)) => n.checked_sub(*o).map(plain),
                _ => None,
            };
            (
                label,
                serde_json::json!({"old": o.map(plain), "new": n.map(plain), "change": change}),
            )
        })
        .collect();
    let value = serde_json::json!({
        "renumbered": d.renumbered.iter().map(|r| serde_json::json!({
            "old_stt": r.old_stt, "new_stt": r.new_stt, "content": r.content,
            "old_cell": r.old_cell, "new_cell": r.new_cell,
        })).collect::<Vec<_>>(),
        "added": only(&d.added),
        "removed": only(&d.removed),
        "changed": d.changed.iter().map(|c| serde_json::json!({
            "stt": c.stt, "content": c.content, "column": c.column,
            "old": c.old, "new": c.new, "old_cell": c.old_cell, "new_cell": c.new_cell,
        })).collect::<Vec<_>>(),
        "totals": totals,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
