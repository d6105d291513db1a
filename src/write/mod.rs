//! Writing outputs without ever losing data: never over an input, never
//! over an existing file without `--force`, and atomically — into a
//! temporary file beside the target, renamed into place once complete.

pub mod format;

use crate::error::{Error, Problem};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. Refuses a path that is one of
/// `inputs`, and an existing file unless `force`.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    };
    if inputs.iter().any(|i| same(i, path)) {
        return Err(Error::new(
            path,
            Problem::Write("it is one of the inputs; phuluc never writes over an input".into()),
        ));
    }
    if path.exists() && !force {
        return Err(Error::new(path, Problem::Exists));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.phuluc-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::new(path, Problem::Write(e.to_string()))
    })
}

/// The files to read for a list of inputs: files as given, folders as the
/// workbooks and CSV files directly inside them, sorted by name.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    expand_inputs_checked(inputs).0
}

/// [`expand_inputs`], with an error for every folder in which no input was
/// found. Folders are read with their subfolders, in path order; hidden
/// files, Office lock files (`~$…`) and links to folders are skipped.
pub fn expand_inputs_checked(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<crate::Error>) {
    let mut out = Vec::new();
    let mut empty = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, 0);
            found.sort();
            if found.is_empty() {
                empty.push(crate::Error::new(input, crate::error::Problem::NoInput));
            }
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    (out, empty)
}

fn is_input_name(p: &Path) -> bool {
    let hidden = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(['.', '~']));
    !hidden
        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "csv"
            )
        })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Deep enough for province / commune / year folders; a loop of links
    // cannot recurse for ever.
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if kind.is_dir() && !hidden {
            walk(&path, out, depth + 1);
        } else if (kind.is_file() || kind.is_symlink() && path.is_file()) && is_input_name(&path) {
            out.push(path);
        }
    }
}
