//! Data flows one way: read → detect → model → check → fix → write/report
//! (docs/ARCHITECTURE.md). This test reads the sources and fails when a
//! stage imports a later one, or a module below every stage imports a
//! stage — the circle issue 24 untangled must not come back.

use std::collections::BTreeSet;
use std::path::Path;

/// The stages in the order data flows; write and report are one layer.
const STAGES: &[(&str, u8)] = &[
    ("read", 0),
    ("detect", 1),
    ("model", 2),
    ("check", 3),
    ("fix", 4),
    ("write", 5),
    ("report", 5),
];

/// Modules every stage may use, which use no stage themselves.
const BELOW: &[&str] = &[
    "a1", "lang", "text", "number", "unit", "stt", "words", "error", "legacy",
];

fn rank(module: &str) -> Option<u8> {
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// The top-level modules a source file names as `crate::…`, outside its
/// comments and its unit tests.
fn imports(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under src/ belongs to.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_stage_imports_a_later_one() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(file);
        let source = std::fs::read_to_string(file).unwrap();
        for import in imports(&source) {
            // `crate::export` and `crate::import` are the CSV writer's
            // modules, re-exported at the crate's root.
            let import = match import.as_str() {
                "export" | "import" => "write".to_string(),
                _ => import,
            };
            if import == module {
                continue;
            }
            let backwards = match (rank(&module), rank(&import)) {
                (Some(from), Some(to)) => to > from,
                (None, Some(_)) => BELOW.contains(&module.as_str()),
                _ => false,
            };
            let report_uses_write = module == "report" && import == "write";
            if backwards || report_uses_write {
                wrong.push(format!("{} imports crate::{import}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports running back up the stages:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_an_import_and_skips_comments_and_tests() {
    let source = "use crate::check::Finding;\n// crate::write in a comment\nfn f() { crate::model::x() }\n#[cfg(test)]\nmod tests {\n use crate::report::y;\n}\n";
    let found: Vec<String> = imports(source).into_iter().collect();
    assert_eq!(found, ["check", "model"]);
}
