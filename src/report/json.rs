//! The JSON documents of `check` and `show`.

use super::FileResult;
use crate::check::Finding;
use crate::lang::Lang;
use crate::model::{Appendix, Table};
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
        "coverage": t.coverage.as_ref().map(|c| json!({
            "checked": c.checked,
            "total": c.total(),
            "unchecked": c.unchecked.iter().map(|u| json!({
                "cell": crate::read::a1(u.row, u.col),
                "reason": u.reason,
            })).collect::<Vec<_>>(),
            "unread_columns": c.unread_columns.iter().map(|&col| json!({
                "column": crate::read::column_letters(col),
                "label": t.columns.iter().find(|x| x.col == col).map(|x| x.label.as_str()),
            })).collect::<Vec<_>>(),
        })),
    })
}

fn file_json(path: &str, r: &FileResult, lang: Lang) -> Value {
    match r {
        Ok(o) => json!({
            "path": path,
            "format": o.appendix.format,
            "tables": o.appendix.tables.iter().map(table_summary).collect::<Vec<_>>(),
            "sheets_without_table": o.appendix.sheets_without_table,
            "unchecked_sheets": o.appendix.unchecked_sheets,
            "findings": o.findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
        }),
        Err(e) => json!({ "path": path, "error": e.message(lang) }),
    }
}

/// `phuluc check --format json`: `{"files":[{"path","tables","findings"}]}`.
pub fn check_json(results: &[(String, FileResult)], lang: Lang) -> String {
    let mut s = String::from(JSON_START);
    for (n, (path, r)) in results.iter().enumerate() {
        s.push_str(&check_json_file(path, r, lang, n == 0));
    }
    s.push_str(if results.is_empty() {
        JSON_END_EMPTY
    } else {
        JSON_END
    });
    s
}

/// How a streamed `check --format json` document starts…
pub const JSON_START: &str = "{\n  \"files\": [";
/// …and ends, after at least one file…
pub const JSON_END: &str = "\n  ]\n}\n";
/// …or after none.
pub const JSON_END_EMPTY: &str = "]\n}\n";

/// One file of a streamed `check --format json` document, as
/// [`check_json`] writes it: `first` tells whether a comma goes before it.
/// Written file by file, a folder's report needs no memory for the files
/// already written.
pub fn check_json_file(path: &str, r: &FileResult, lang: Lang, first: bool) -> String {
    let pretty = serde_json::to_string_pretty(&file_json(path, r, lang)).unwrap_or_default();
    let mut s = String::from(if first { "\n" } else { ",\n" });
    for (n, line) in pretty.lines().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        s.push_str("    ");
        s.push_str(line);
    }
    s
}

/// `phuluc check --format jsonl`: one line per file, the object of
/// [`check_json`]'s `files`.
pub fn check_jsonl_file(path: &str, r: &FileResult, lang: Lang) -> String {
    let mut s = serde_json::to_string(&file_json(path, r, lang)).unwrap_or_default();
    s.push('\n');
    s
}

/// `phuluc show --format json`: the model, as phuluc understood it.
/// Each table carries its relations graph (`graph`: every stated sum cell,
/// what it adds, the evidence, whether it is confirmed) and what its money
/// and percentage columns mean (`column_roles`: `meaning`, `year`,
/// `confirmation` — confirmed, untested or unconfirmed —, `support`).
pub fn show_json(appendix: &Appendix) -> String {
    let mut doc = serde_json::to_value(appendix).unwrap_or_default();
    if let Some(tables) = doc.get_mut("tables").and_then(|t| t.as_array_mut()) {
        for (t, table) in tables.iter_mut().zip(&appendix.tables) {
            if let Some(obj) = t.as_object_mut() {
                obj.insert(
                    "graph".into(),
                    serde_json::to_value(crate::model::graph::edges(table)).unwrap_or_default(),
                );
                obj.insert(
                    "column_roles".into(),
                    serde_json::to_value(crate::model::roles::column_roles(table))
                        .unwrap_or_default(),
                );
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
