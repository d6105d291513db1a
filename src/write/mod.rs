//! Writing outputs without ever losing data: never over an input, never
//! over an existing file without `--force`, and atomically — into a
//! temporary file beside the target, renamed into place once complete.

pub mod annotate;
pub mod csv;
pub mod diff;
mod estimate;
pub mod format;
pub(crate) mod parts;
pub mod province;
pub mod rollup;
mod sheet;
pub(crate) mod styles;
pub mod verify;

use crate::error::{Error, Problem};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Temporary files being written, removed by [`remove_temporary_files`]
/// when the run is interrupted.
static TEMPORARY: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file's place in [`TEMPORARY`], for as long as it exists.
struct Temporary(PathBuf);

impl Temporary {
    fn register(path: &Path) -> Temporary {
        if let Ok(mut list) = TEMPORARY.lock() {
            list.push(path.to_path_buf());
        }
        Temporary(path.to_path_buf())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Ok(mut list) = TEMPORARY.lock() {
            list.retain(|p| p != &self.0);
        }
    }
}

/// Removes the temporary files of outputs being written: the binary calls
/// it on Ctrl-C (SIGINT) and SIGTERM, so an interrupted run leaves nothing
/// behind.
pub fn remove_temporary_files() {
    // Never wait for the lock: the interrupted thread may hold it.
    if let Ok(list) = TEMPORARY.try_lock() {
        for p in list.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Tests interrupt a write between the temporary file and the rename: with
/// `PHULUC_TEST_PAUSE_BEFORE_RENAME_MS` set, the write waits there.
fn pause_for_tests() {
    if let Some(ms) = std::env::var_os("PHULUC_TEST_PAUSE_BEFORE_RENAME_MS")
        .and_then(|v| v.to_str().and_then(|s| s.parse::<u64>().ok()))
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
}

/// Writes `bytes` to `path` atomically. Refuses a path that is one of
/// `inputs`, and an existing file unless `force`.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    write_output_with(path, force, inputs, |out| {
        out.write_all(bytes)
            .map_err(|e| Error::caused_by(path, Problem::Write(e.to_string()), e))
    })
}

/// [`write_output`] of what `fill` writes, as it writes it (an output too
/// large to build in memory first): into the temporary file, renamed over
/// `path` only when `fill` succeeds, removed when it fails — with `fill`'s
/// own error, so that a caller can stop for reasons of its own and leave
/// nothing behind.
pub fn write_output_with<T, E: From<Error>>(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let (tmp, existing) = output_place(path, force, inputs)?;
    let _registered = Temporary::register(&tmp);
    let io = |e: std::io::Error| E::from(Error::caused_by(path, Problem::Write(e.to_string()), e));
    let result = (|| {
        // A new file only: never through a link left at the temporary name.
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        let mut buffered = std::io::BufWriter::new(f);
        let filled = fill(&mut buffered)?;
        let f = buffered.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        pause_for_tests();
        // The replaced file's permissions are kept (a 0600 file stays 0600).
        if let Some(meta) = &existing {
            std::fs::set_permissions(&tmp, meta.permissions()).map_err(io)?;
        }
        std::fs::rename(&tmp, path).map_err(io)?;
        Ok(filled)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where an output goes: the checks of [`write_output`] (never an input,
/// never through a link, only over a regular file and with `force`), then
/// the temporary file's path beside it and what is there now.
fn output_place(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
) -> Result<(PathBuf, Option<std::fs::Metadata>), Error> {
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
    // What is there now, without following a link.
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(meta) = &existing {
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(Error::new(
                path,
                Problem::Write(
                    "it is a link; phuluc does not write through links (name the file itself)"
                        .into(),
                ),
            ));
        }
        if !kind.is_file() {
            return Err(Error::new(
                path,
                Problem::Write(
                    "it is not a regular file (a folder, device or pipe); --force replaces only files"
                        .into(),
                ),
            ));
        }
        if !force {
            return Err(Error::new(path, Problem::Exists));
        }
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
    Ok((tmp, existing))
}

/// Saves a workbook phuluc built, after [`verify::verify`] has read it back
/// and found nothing wrong with it: a workbook that would fail `phuluc
/// check`, whose saved formula values differ from what the formulas
/// compute, or that lost rows of its input, is never written
/// ([`Problem::Refused`], with every reason). Then as [`write_output`].
pub fn write_workbook(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[PathBuf],
    expect: &verify::Expectation,
) -> Result<crate::Outcome, Error> {
    let outcome = verify::verify_or_refuse(path, bytes, expect)?;
    write_output(path, bytes, force, inputs)?;
    Ok(outcome)
}

/// The files to read for a list of inputs: files as given, folders as the
/// workbooks and CSV files in them and their subfolders, sorted by path
/// (see [`find_inputs`]).
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    find_inputs(inputs).files
}

/// Whether a CSV file is one that phuluc exported (its header starts
/// `xa,phu_luc,bang,`): in a folder of submissions it is an output, not a
/// commune's table.
pub fn is_exported_csv(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = head[..n]
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .unwrap_or(&head[..n]);
    head.starts_with(b"xa,phu_luc,bang,") || head.starts_with(b"xa;phu_luc;bang;")
}

/// The inputs found under the paths given: files to read, folders in
/// which none was found, and files skipped because phuluc wrote them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, folders' contents in path order.
    pub files: Vec<PathBuf>,
    /// What to call each file in an output (`tep`): its path within the
    /// folder given, or its file name when it was given itself — so the
    /// same files in another folder get the same names.
    pub names: Vec<String>,
    /// An error for every folder in which no input was found.
    pub empty: Vec<crate::Error>,
    /// CSV files in folders that phuluc exported (see [`is_exported_csv`]).
    pub skipped: Vec<PathBuf>,
}

/// Finds the inputs under the paths given (see [`Inputs`]).
pub fn find_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut all = Inputs::default();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut all.skipped, 0);
            found.sort();
            if found.is_empty() {
                all.empty
                    .push(crate::Error::new(input, crate::error::Problem::NoInput));
            }
            all.names.extend(found.iter().map(|f| {
                let within = f.strip_prefix(input).unwrap_or(f);
                within
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            }));
            all.files.extend(found);
        } else {
            all.names.push(
                input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| input.display().to_string()),
            );
            all.files.push(input.clone());
        }
    }
    all.skipped.sort();
    all
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>, depth: usize) {
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
            walk(&path, out, skipped, depth + 1);
        } else if (kind.is_file() || kind.is_symlink() && path.is_file()) && is_input_name(&path) {
            let csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if csv && is_exported_csv(&path) {
                skipped.push(path);
                continue;
            }
            out.push(path);
        }
    }
}
