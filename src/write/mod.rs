//! Writing outputs without ever losing data: never over an input (the same
//! file by device and inode, whatever path names it), never over an
//! existing file without `--force` — not even one that appears while the
//! output is being written — and atomically: into a temporary file beside
//! the target, moved into place once complete, the folder synced after.

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

use crate::error::{Error, NotWritten, Problem, Skipped};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Temporary files being written, removed by [`remove_temporary_files`]
/// when the run is interrupted.
static TEMPORARY: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Set as soon as an interrupt (Ctrl-C, SIGTERM) arrives: by the signal
/// handler itself, so that an output not yet in place is never moved
/// there once the user has asked to stop.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Held while an output is moved into place (the interrupt looked at, the
/// rename, the folder synced): the interrupt's cleanup waits for it, so
/// that a rename is either not begun or complete when the process exits.
static FINISHING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Numbers the temporary files of one process.
static SERIAL: AtomicU64 = AtomicU64::new(0);

/// Notes that the run was interrupted. Safe to call from a signal handler
/// (one atomic store, nothing else).
pub fn note_interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Takes back an interrupt that was answered otherwise: `phuluc serve`
/// stops gracefully on Ctrl-C and writes no output.
pub fn forget_interrupt() {
    INTERRUPTED.store(false, Ordering::SeqCst);
}

/// Whether the run was interrupted ([`note_interrupt`]).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

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
/// behind. An output being moved into place is let finish first (see
/// `FINISHING`); one not yet begun never will be.
pub fn remove_temporary_files() {
    note_interrupt();
    let _finishing = FINISHING.lock();
    // Never wait for this lock: the interrupted thread may hold it.
    if let Ok(list) = TEMPORARY.try_lock() {
        for p in list.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Tests interrupt a write between the temporary file and the rename: with
/// `PHULUC_TEST_PAUSE_BEFORE_RENAME_MS` set, the write waits there; with
/// `PHULUC_TEST_INTERRUPT_BEFORE_RENAME` set, the process sends itself
/// SIGINT there, the last moment a Ctrl-C can land before the rename.
fn pause_for_tests() {
    if let Some(ms) = std::env::var_os("PHULUC_TEST_PAUSE_BEFORE_RENAME_MS")
        .and_then(|v| v.to_str().and_then(|s| s.parse::<u64>().ok()))
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("PHULUC_TEST_INTERRUPT_BEFORE_RENAME").is_some() {
        // SAFETY: raise only sends a signal to this thread; the binary's
        // handler is async-signal-safe.
        unsafe {
            libc::raise(libc::SIGINT);
        }
    }
}

/// A file's identity: its device and inode. Two paths name the same file
/// (a hard link, a bind mount, a link, `..`) exactly when these agree.
#[cfg(unix)]
pub fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

/// A file's identity where the system gives none.
#[cfg(not(unix))]
pub fn identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Whether `a` and `b` are the same file (device and inode, links
/// followed); paths that cannot be looked at are compared as written.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => match (identity(&x), identity(&y)) {
            (Some(x), Some(y)) => x == y,
            _ => a.canonicalize().ok() == b.canonicalize().ok(),
        },
        _ => a == b,
    }
}

/// Whether an output path means standard output (`-o -`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
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
/// large to build in memory first): into the temporary file, moved to
/// `path` only when `fill` succeeds, removed when it fails — with `fill`'s
/// own error, so that a caller can stop for reasons of its own and leave
/// nothing behind. Without `force` the output is created exclusively: a
/// file that appeared at `path` meanwhile is never replaced
/// ([`Problem::Exists`]). A Ctrl-C before the move cancels it
/// ([`NotWritten::Interrupted`]).
pub fn write_output_with<T, E: From<Error>>(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    write_output_file(path, force, inputs, |f| {
        let io =
            |e: std::io::Error| E::from(Error::caused_by(path, Problem::Write(e.to_string()), e));
        let mut buffered = std::io::BufWriter::new(f);
        let filled = fill(&mut buffered)?;
        buffered.flush().map_err(io)?;
        Ok(filled)
    })
}

/// [`write_output_with`] handing `fill` the temporary file itself (open
/// for reading and writing): a writer that needs `Send`, and a check that
/// reads back what was written before it is moved into place — from this
/// very file, not from its name.
pub fn write_output_file<T, E: From<Error>>(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut std::fs::File) -> Result<T, E>,
) -> Result<T, E> {
    let (tmp, existing) = output_place(path, force, inputs)?;
    let _registered = Temporary::register(&tmp);
    let io = |e: std::io::Error| E::from(Error::caused_by(path, Problem::Write(e.to_string()), e));
    let result = (|| {
        // A new file only: never through a link left at the temporary name.
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        let filled = fill(&mut f)?;
        f.sync_all().map_err(io)?;
        drop(f);
        // The replaced file's permissions are kept (a 0600 file stays 0600).
        if let Some(meta) = &existing {
            std::fs::set_permissions(&tmp, meta.permissions()).map_err(io)?;
        }
        pause_for_tests();
        let finishing = FINISHING.lock();
        if interrupted() {
            return Err(E::from(Error::new(
                path,
                Problem::NotWritten(NotWritten::Interrupted),
            )));
        }
        move_into_place(&tmp, path, force).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                E::from(Error::caused_by(path, Problem::Exists, e))
            } else {
                io(e)
            }
        })?;
        // The rename is durable only once the folder holding it is synced.
        sync_folder(path).map_err(io)?;
        drop(finishing);
        Ok(filled)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Moves the complete temporary file to `path`: over what is there with
/// `replace` (`--force`, checked to be a regular file), else only if
/// nothing is there at that moment, in one step of the file system:
/// `renameat2(RENAME_NOREPLACE)`, else a hard link, else (a file system
/// with neither: FAT, some network shares) a placeholder created
/// exclusively at `path` and replaced by the rename ([`move_by_placeholder`]).
fn move_into_place(tmp: &Path, path: &Path, replace: bool) -> std::io::Result<()> {
    if replace {
        return std::fs::rename(tmp, path);
    }
    // Tests take the last way on any file system.
    let neither = std::env::var_os("PHULUC_TEST_NO_EXCLUSIVE_RENAME").is_some();
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !neither {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        if let (Ok(from), Ok(to)) = (c(tmp), c(path)) {
            // SAFETY: both are valid NUL-terminated paths.
            let done = unsafe {
                libc::renameat2(
                    libc::AT_FDCWD,
                    from.as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr(),
                    libc::RENAME_NOREPLACE,
                )
            };
            if done == 0 {
                return Ok(());
            }
            let e = std::io::Error::last_os_error();
            // A file system without RENAME_NOREPLACE: a hard link, below.
            if !matches!(
                e.raw_os_error(),
                Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
            ) {
                return Err(e);
            }
        }
    }
    if !neither {
        // link(2) fails if `path` exists: the output is created exclusively.
        match std::fs::hard_link(tmp, path) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(e),
            Err(_) => {}
        }
    }
    move_by_placeholder(tmp, path)
}

/// The exclusive move on a file system without `RENAME_NOREPLACE` or hard
/// links: an empty placeholder is created at `path` with `O_EXCL` (which
/// fails if anything is there, in one step: two runs cannot both get
/// past it), then the complete temporary file is renamed over it — only
/// while it is still that placeholder (the same device and inode, empty).
/// A reader sees nothing, the empty placeholder, or the whole output, never
/// part of it; a file that appeared at `path` is never replaced. What is
/// left open: a `--force` run replacing the placeholder between the look
/// and the rename (it meant to replace what was there), and a crash in
/// that instant, which leaves the empty placeholder at `path`.
fn move_by_placeholder(tmp: &Path, path: &Path) -> std::io::Result<()> {
    let placeholder = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let ours = identity(&placeholder.metadata()?);
    drop(placeholder);
    // Tests hold the placeholder here, to race another writer against it.
    if let Some(ms) = std::env::var_os("PHULUC_TEST_PAUSE_AFTER_PLACEHOLDER_MS")
        .and_then(|v| v.to_str().and_then(|s| s.parse::<u64>().ok()))
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
    let still_ours = || {
        std::fs::symlink_metadata(path).is_ok_and(|m| {
            m.file_type().is_file() && m.len() == 0 && (ours.is_none() || identity(&m) == ours)
        })
    };
    if !still_ours() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(tmp, path).inspect_err(|_| {
        if still_ours() {
            let _ = std::fs::remove_file(path);
        }
    })
}

/// Syncs the folder holding `path`, so that its new name survives a crash.
fn sync_folder(path: &Path) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        // Some file systems cannot sync a folder: nothing more to do there.
        Err(e) if e.raw_os_error() == Some(22) => Ok(()),
        other => other,
    }
}

/// Where an output goes: the checks of [`write_output`] (never an input,
/// never through a link, only over a regular file and with `force`), then
/// the temporary file's path beside it and what is there now.
fn output_place(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
) -> Result<(PathBuf, Option<std::fs::Metadata>), Error> {
    if is_stdout(path) {
        return Err(Error::new(path, Problem::NotWritten(NotWritten::Stdout)));
    }
    // An input by any name: the same device and inode (a hard link, a
    // bind mount, a link to it), links followed.
    if let Some(target) = std::fs::metadata(path).ok().as_ref().and_then(identity) {
        let is_input = inputs.iter().any(|i| {
            std::fs::metadata(i)
                .ok()
                .as_ref()
                .and_then(identity)
                .is_some_and(|id| id == target)
        });
        if is_input {
            return Err(Error::new(path, Problem::NotWritten(NotWritten::Input)));
        }
    } else if inputs.iter().any(|i| i == path) {
        return Err(Error::new(path, Problem::NotWritten(NotWritten::Input)));
    }
    // What is there now, without following a link.
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(meta) = &existing {
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(Error::new(path, Problem::NotWritten(NotWritten::Link)));
        }
        if !kind.is_file() {
            return Err(Error::new(
                path,
                Problem::NotWritten(NotWritten::NotRegular),
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
    // A short hidden name, whatever the output's: any name legal for the
    // output (up to 255 bytes) has a temporary name legal beside it.
    let tmp = dir.join(format!(
        ".phuluc-{}-{}.tmp",
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ));
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

/// The first line of a file (at most 4 KiB), without a byte order mark.
fn first_line(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|f| f.take(4096).read(&mut head))
        .unwrap_or(0);
    head.truncate(n);
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&head);
    let end = head
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(head.len());
    head[..end].to_vec()
}

/// Whether a CSV file is one that phuluc exported (its header starts
/// `xa,phu_luc,bang,`): in a folder of submissions it is an output, not a
/// commune's table.
pub fn is_exported_csv(path: &Path) -> bool {
    let head = first_line(path);
    head.starts_with(b"xa,phu_luc,bang,")
        || head.starts_with(b"xa;phu_luc;bang;")
        || head == b"nhom,nam,so_tien,don_vi_tinh"
}

/// Whether a CSV file is one of the province report's (`check --report
/// REPORT.csv`: REPORT.csv, REPORT-phat-hien.csv, REPORT-theo-xa.csv), by
/// its header line, which phuluc writes as a marker: `tep,tinh,thu_muc_xa,`,
/// `tep,trang,o,ma,muc,`, or `xa,` then only `nam_YYYY,` columns and `tong`.
pub fn is_report_csv(path: &Path) -> bool {
    let head = first_line(path);
    if head.starts_with(b"tep,tinh,thu_muc_xa,xa,phu_luc,so_bang,")
        || head == b"tep,trang,o,ma,muc,noi_dung,dung_ra,thuc_te"
    {
        return true;
    }
    let Some(rest) = head.strip_prefix(b"xa,") else {
        return false;
    };
    let columns: Vec<&[u8]> = rest.split(|&b| b == b',').collect();
    columns.last() == Some(&&b"tong"[..])
        && columns[..columns.len() - 1].iter().all(|c| {
            c.strip_prefix(b"nam_")
                .is_some_and(|y| !y.is_empty() && y.iter().all(u8::is_ascii_digit))
        })
}

/// The custom document property phuluc writes into the reports it saves
/// as workbooks (`check --report`, `rollup`, `diff`, `--annotate`): a
/// folder run recognises them by it and never reads them as appendices.
pub const REPORT_PROPERTY: &str = "phuluc-bao-cao";

/// The document properties of a report workbook phuluc writes: a fixed
/// creation time (the same report gives the same bytes) and the
/// [`REPORT_PROPERTY`] marker naming what it is.
pub(crate) fn report_properties(kind: &str) -> rust_xlsxwriter::DocProperties {
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 1);
    let properties = rust_xlsxwriter::DocProperties::new();
    let properties = match &created {
        Ok(created) => properties.set_creation_datetime(created),
        Err(_) => properties,
    };
    properties.set_custom_property(REPORT_PROPERTY, kind)
}

/// Whether a workbook is a report phuluc wrote: its zip holds
/// `docProps/custom.xml` naming [`REPORT_PROPERTY`]. Only the end of the
/// file (the zip's directory) is read unless that part is there.
pub fn is_report_workbook(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let tail = len.min(64 * 1024);
    let mut end = Vec::new();
    if f.seek(SeekFrom::Start(len - tail)).is_err() || f.take(tail).read_to_end(&mut end).is_err() {
        return false;
    }
    if memchr::memmem::find(&end, b"docProps/custom.xml").is_none() {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(entry) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if entry.take(1 << 20).read_to_end(&mut xml).is_err() {
        return false;
    }
    let name = format!("name=\"{REPORT_PROPERTY}\"");
    memchr::memmem::find(&xml, name.as_bytes()).is_some()
}

/// The inputs found under the paths given: files to read, folders in
/// which none was found, what could not be read, and what was left out.
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
    /// Files and folders under the folders given whose inputs were not
    /// read ([`Problem::NotRead`]: a folder that cannot be listed, deeper
    /// than [`MAX_DEPTH`], a link to nothing): a run that has any exits 2.
    pub unread: Vec<crate::Error>,
    /// Files and folders left out on purpose, nothing lost
    /// ([`Problem::Skipped`]: phuluc's own exports and reports, a folder
    /// already read under another name): named, not an error.
    pub skipped: Vec<crate::Error>,
}

/// How many folders deep a folder run reads below each folder given;
/// deeper folders are named ([`NotRead::TooDeep`](crate::NotRead)), never
/// silently left out.
pub const MAX_DEPTH: usize = 64;

/// Finds the inputs under the paths given (see [`Inputs`]). Symbolic
/// links to folders are followed once: a folder already read (by device
/// and inode) is named and not read again, so a loop ends.
pub fn find_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut all = Inputs::default();
    for input in inputs {
        if input.is_dir() {
            let mut walk = Walk {
                found: Vec::new(),
                own: Vec::new(),
                seen: Vec::new(),
                unread: Vec::new(),
                skipped: Vec::new(),
            };
            walk.folder(input, 0);
            // phuluc's own reports among the workbooks: recognised by their
            // marker, looked for on every core.
            use rayon::prelude::*;
            let reports: Vec<bool> = walk.own.par_iter().map(|p| is_report_workbook(p)).collect();
            for (path, report) in walk.own.into_iter().zip(reports) {
                if report {
                    walk.skipped
                        .push(Error::new(&path, Problem::Skipped(Skipped::Report)));
                } else {
                    walk.found.push(path);
                }
            }
            let mut found = walk.found;
            found.sort();
            if found.is_empty() && walk.unread.is_empty() {
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
            all.unread.extend(walk.unread);
            all.skipped.extend(walk.skipped);
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
    all.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    all.unread.sort_by(|a, b| a.path.cmp(&b.path));
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

/// One folder run's walk: what it found, and what it did not read.
struct Walk {
    /// Inputs found.
    found: Vec<PathBuf>,
    /// .xlsx files, which may be phuluc's own reports (looked at after).
    own: Vec<PathBuf>,
    /// Folders read, by device and inode, with the path they were read as.
    seen: Vec<((u64, u64), PathBuf)>,
    /// What could not be read.
    unread: Vec<Error>,
    /// What was left out on purpose.
    skipped: Vec<Error>,
}

impl Walk {
    fn folder(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            self.unread.push(Error::new(
                dir,
                Problem::NotRead(crate::NotRead::TooDeep(MAX_DEPTH)),
            ));
            return;
        }
        let not_read = |e: std::io::Error| {
            let problem = Problem::NotRead(crate::NotRead::Folder(e.to_string()));
            Error::caused_by(dir, problem, e)
        };
        // A folder already read (a link or a bind mount to it, a loop) is
        // not read twice.
        match std::fs::metadata(dir) {
            Ok(meta) => {
                if let Some(id) = identity(&meta) {
                    if let Some((_, first)) = self.seen.iter().find(|(s, _)| *s == id) {
                        let why = Skipped::AlreadyRead(first.clone());
                        self.skipped.push(Error::new(dir, Problem::Skipped(why)));
                        return;
                    }
                    self.seen.push((id, dir.to_path_buf()));
                }
            }
            Err(e) => {
                self.unread.push(not_read(e));
                return;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.unread.push(not_read(e));
                return;
            }
        };
        // In name order, so that which of two names of a folder is read is
        // the same on every run.
        let mut listed = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => listed.push(entry),
                Err(e) => {
                    self.unread.push(not_read(e));
                    return;
                }
            }
        }
        listed.sort_by_key(|e| e.file_name());
        for entry in listed {
            let path = entry.path();
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(target) => kind = target.file_type(),
                    Err(_) => {
                        if is_input_name(&path) {
                            self.unread.push(Error::new(
                                &path,
                                Problem::NotRead(crate::NotRead::DanglingLink),
                            ));
                        }
                        continue;
                    }
                }
            }
            if kind.is_dir() {
                self.folder(&path, depth + 1);
            } else if kind.is_file() && is_input_name(&path) {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if ext == "csv" {
                    if is_exported_csv(&path) {
                        self.skipped
                            .push(Error::new(&path, Problem::Skipped(Skipped::Export)));
                        continue;
                    }
                    if is_report_csv(&path) {
                        self.skipped
                            .push(Error::new(&path, Problem::Skipped(Skipped::Report)));
                        continue;
                    }
                } else if ext == "xlsx" {
                    self.own.push(path);
                    continue;
                }
                self.found.push(path);
            } else if !kind.is_file() && is_input_name(&path) {
                self.skipped
                    .push(Error::new(&path, Problem::Skipped(Skipped::NotAFile)));
            }
        }
    }
}
