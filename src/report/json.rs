//! The JSON documents of `check` and `show`.

use super::FileResult;
use crate::check::Finding;
use crate::model::{Appendix, Table};
use crate::report::lang::Lang;
use serde_json::{json, Value};

fn finding_json(f: &Finding, lang: Lang) -> Value {
    json!({
        "code": f.code.as_str(),
        "severity": f.severity,
        "sheet": f.sheet,
        "cell": f.cell,
        "related": f.related,
        "message": f.message(lang),
        "expected": f.expected,
        "found": f.found,
        "difference": f.difference.map(|d| d.to_string()),
        "formula": f.formula.as_ref().map(|s| format!("={s}")),
        "fix": f.fix.as_ref().map(|x| json!({
            "value": x.value,
            "then": x.then.iter().map(|(cell, value)| json!({"cell": cell, "value": value})).collect::<Vec<_>>(),
        })),
    })
}

fn table_summary(t: &Table) -> Value {
    json!({
        "sheet": t.sheet,
        "range": t.range,
        "header_rows": t.header_rows,
        "unit": t.money_unit().map(|u| u.code()),
        "items": t.items.len(),
        "totals": t.totals.len(),
        "has_money": t.has_money,
    })
}

/// `phuluc check --format json`: `{"files":[{"path","tables","findings"}]}`.
pub fn check_json(results: &[(String, FileResult)], lang: Lang) -> String {
    let files: Vec<Value> = results
        .iter()
        .map(|(path, r)| match r {
            Ok(o) => json!({
                "path": path,
                "format": o.appendix.format,
                "tables": o.appendix.tables.iter().map(table_summary).collect::<Vec<_>>(),
                "sheets_without_table": o.appendix.sheets_without_table,
                "findings": o.findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
            }),
            Err(e) => json!({ "path": path, "error": e.message(lang) }),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "files": files })).unwrap_or_default();
    s.push('\n');
    s
}

/// `phuluc show --format json`: the model, as phuluc understood it.
pub fn show_json(appendix: &Appendix) -> String {
    let mut s = serde_json::to_string_pretty(appendix).unwrap_or_default();
    s.push('\n');
    s
}
