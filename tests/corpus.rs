//! Every file of ../shared/corpus (public spreadsheets from other projects'
//! test suites, encrypted files, fuzzer output, XML bombs among them) is
//! checked by the real binary, one process per file so that even an abort
//! or a hang is caught: each gives a result (exit 0 or 1) or one line of
//! error (exit 2), never a panic, a crash or a hang.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);

/// Writes past the test harness's capture, so the line is always seen.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("MANIFEST.tsv" | "ODD_FILES.tsv" | "README.md" | "LICENSE" | "NOTICE")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs phuluc on one file; Err describes what went wrong.
fn run_one(path: &Path) -> Result<i32, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["check", "--format", "json", "--lang", "en"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => {
                let mut err = String::new();
                if let Some(mut s) = child.stderr.take() {
                    use std::io::Read;
                    let _ = s.read_to_string(&mut err);
                }
                let code = status
                    .code()
                    .ok_or_else(|| format!("killed by a signal ({status})"))?;
                if !matches!(code, 0..=2) {
                    return Err(format!("exit status {code}: {err}"));
                }
                if err.contains("panicked") || err.contains("internal error") {
                    return Err(format!("panic: {err}"));
                }
                if code == 2
                    && (err.lines().count() != 1 || !err.contains(&*path.to_string_lossy()))
                {
                    return Err(format!("error is not one line naming the file: {err:?}"));
                }
                // Read, but no appendix table in it: a result, not a refusal.
                if code == 2 && err.contains("no appendix table found") {
                    return Ok(3);
                }
                return Ok(code);
            }
            None if start.elapsed() > LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer within {LIMIT:?}"));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

#[test]
fn every_corpus_file_gives_a_result_or_one_line_of_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/corpus beside the checkout"
        );
        say(&format!(
            "SKIPPED: {} is absent; the corpus test did not run",
            root.display()
        ));
        return;
    }
    let files = corpus_files(&root);
    assert!(files.len() > 3000, "corpus has {} files", files.len());
    let queue = Arc::new(Mutex::new(files.clone()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let counts = Arc::new(Mutex::new([0usize; 4]));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, failures, counts) = (queue.clone(), failures.clone(), counts.clone());
            std::thread::spawn(move || loop {
                let Some(path) = queue.lock().unwrap().pop() else {
                    break;
                };
                match run_one(&path) {
                    Ok(code) => counts.lock().unwrap()[code as usize] += 1,
                    Err(e) => failures
                        .lock()
                        .unwrap()
                        .push(format!("{}: {e}", path.display())),
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let counts = counts.lock().unwrap();
    say(&format!(
        "corpus: {} files: {} clean, {} with errors found, {} without a table, {} unreadable",
        files.len(),
        counts[0],
        counts[1],
        counts[3],
        counts[2]
    ));
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Most of the corpus is readable: a reader that refuses everything fails.
    assert!(counts[0] + counts[1] + counts[3] > files.len() * 9 / 10);
}
