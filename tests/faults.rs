//! The second round of faults and hostile inputs (issue 26), the file
//! system and output half: an input reached by another name, outputs
//! created exclusively, Ctrl-C at the last moment, write errors on
//! standard output, phuluc's own outputs in a folder of inputs, folders a
//! run cannot read or chooses not to follow, long output names, `-o -`.
//! Tests that need root (a bind mount, an unreadable folder for root) say
//! so and skip where they cannot run; CI runs them as root.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A clean commune workbook: two items and their total, 40 in all.
fn commune(dir: &Path, name: &str, commune: &str) -> PathBuf {
    let mut t = table(
        &["STT", "Nội dung", "Năm 2026"],
        &[
            &["1", "Đường", "15"],
            &["2", "Trường", "25"],
            &["", "Tổng cộng", "40"],
        ],
    );
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), commune.into()];
    std::fs::create_dir_all(dir).unwrap();
    write(dir, name, std::slice::from_ref(&t))
}

fn phuluc_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_phuluc"));
    c.args(args).env_remove("LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run phuluc")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn temporary_left(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

// 1. Identity by device and inode.

#[cfg(unix)]
#[test]
fn an_input_reached_by_a_hard_link_is_never_written_over() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let other_name = dir.path().join("ban-sao.xlsx");
    std::fs::hard_link(&input, &other_name).unwrap();
    let before = std::fs::read(&input).unwrap();
    for args in [
        vec!["format", s(&input), "-o", s(&other_name), "--force"],
        vec!["export", s(&input), "-o", s(&other_name), "--force"],
        vec!["check", s(&input), "--annotate", s(&other_name), "--force"],
    ] {
        let o = phuluc(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        // Worded in Vietnamese, no English reason inside.
        let err = stderr_of(&o);
        assert!(err.contains("tệp đầu vào"), "{err}");
        assert!(!err.contains("one of the inputs"), "{err}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "{args:?}");
    }
    let o = phuluc(&[
        "--lang",
        "en",
        "format",
        s(&input),
        "-o",
        s(&other_name),
        "--force",
    ]);
    assert!(
        stderr_of(&o).contains("one of the inputs"),
        "{}",
        stderr_of(&o)
    );
}

/// A bind mount, undone when dropped.
struct BindMount(PathBuf);

impl Drop for BindMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(unix)]
#[test]
fn an_input_reached_through_a_bind_mount_is_never_written_over() {
    if !is_root() {
        println!("skipped: a bind mount needs root (CI runs this as root)");
        return;
    }
    let dir = scratch();
    let real = dir.path().join("that");
    let mounted = dir.path().join("mounted");
    std::fs::create_dir_all(&mounted).unwrap();
    let input = commune(&real, "xa.xlsx", "XÃ A");
    let mount = Command::new("mount")
        .args(["--bind", s(&real), s(&mounted)])
        .output();
    if !mount.as_ref().is_ok_and(|o| o.status.success()) {
        println!("skipped: mount --bind is not allowed here (a container without CAP_SYS_ADMIN)");
        return;
    }
    let _undo = BindMount(mounted.clone());
    let same = mounted.join("xa.xlsx");
    assert!(same.exists());
    let before = std::fs::read(&input).unwrap();
    for args in [
        vec!["format", s(&input), "-o", s(&same), "--force"],
        vec!["export", s(&real), "-o", s(&same), "--force"],
    ] {
        let o = phuluc(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        assert_eq!(std::fs::read(&input).unwrap(), before, "{args:?}");
    }
}

// 2. Outputs created exclusively.

#[test]
fn two_runs_writing_one_new_path_one_wins_the_other_says_so() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let out = dir.path().join("tinh.csv");
    // Both pass "is it there?" before either moves its file into place.
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["export", s(&input), "-o", s(&out)])
            .env_remove("LANG")
            .env("PHULUC_TEST_PAUSE_BEFORE_RENAME_MS", "1500")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(
        codes,
        [Some(0), Some(2)],
        "{}{}",
        stderr_of(&a),
        stderr_of(&b)
    );
    let loser = if a.status.success() { &b } else { &a };
    assert!(stderr_of(loser).contains("đã có"), "{}", stderr_of(loser));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("xa,phu_luc,bang,"));
    assert!(temporary_left(dir.path()).is_empty());
}

/// A file system without `renameat2(RENAME_NOREPLACE)` and without hard
/// links (FAT, some network shares), taken on any file system with
/// `PHULUC_TEST_NO_EXCLUSIVE_RENAME`: the output is still created
/// exclusively (an empty placeholder made with O_EXCL, then renamed over
/// while it is still that placeholder). Two runs: one wins, the other says
/// so; a file that appears meanwhile is kept; `--force` replaces; nothing
/// temporary is left.
#[test]
fn without_exclusive_rename_or_links_outputs_are_still_created_exclusively() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let out = dir.path().join("tinh.csv");
    let no_exclusive_rename = ("PHULUC_TEST_NO_EXCLUSIVE_RENAME", "1");
    // A plain new output.
    let o = phuluc_env(
        &["export", s(&input), "-o", s(&out)],
        &[no_exclusive_rename],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let exported = std::fs::read(&out).unwrap();
    assert!(exported.starts_with(b"xa,phu_luc,bang,"));
    // Over it only with --force.
    let o = phuluc_env(
        &["export", s(&input), "-o", s(&out)],
        &[no_exclusive_rename],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    let o = phuluc_env(
        &["export", s(&input), "-o", s(&out), "--force"],
        &[no_exclusive_rename],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert_eq!(std::fs::read(&out).unwrap(), exported);
    std::fs::remove_file(&out).unwrap();
    // Two runs, each held 1.5 s between its exclusive step and its rename
    // (where a look-then-rename is open to the other).
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["export", s(&input), "-o", s(&out)])
            .env_remove("LANG")
            .env(no_exclusive_rename.0, no_exclusive_rename.1)
            .env("PHULUC_TEST_PAUSE_AFTER_PLACEHOLDER_MS", "1500")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(
        codes,
        [Some(0), Some(2)],
        "{}{}",
        stderr_of(&a),
        stderr_of(&b)
    );
    let loser = if a.status.success() { &b } else { &a };
    assert!(stderr_of(loser).contains("đã có"), "{}", stderr_of(loser));
    assert_eq!(std::fs::read(&out).unwrap(), exported);
    std::fs::remove_file(&out).unwrap();
    // A file someone else writes there while the run is writing its own.
    let run = spawn();
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::write(&out, "của người khác\n").unwrap();
    let o = run.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("đã có"), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "của người khác\n");
    assert!(temporary_left(dir.path()).is_empty());
}

// 3. Ctrl-C seen before the rename cancels it.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_ctrl_c_just_before_the_rename_cancels_it() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let out = dir.path().join("tinh.csv");
    let interrupt = [("PHULUC_TEST_INTERRUPT_BEFORE_RENAME", "1")];
    let o = phuluc_env(&["export", s(&input), "-o", s(&out)], &interrupt);
    assert_eq!(o.status.code(), Some(130), "{}", stderr_of(&o));
    assert!(!out.exists(), "no output after the interrupt");
    assert!(temporary_left(dir.path()).is_empty());
    // With --force, the old file stays as it was.
    std::fs::write(&out, "cũ\n").unwrap();
    let o = phuluc_env(&["export", s(&input), "-o", s(&out), "--force"], &interrupt);
    assert_eq!(o.status.code(), Some(130), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "cũ\n");
    let review = dir.path().join("xem.xlsx");
    let o = phuluc_env(&["check", s(&input), "--annotate", s(&review)], &interrupt);
    assert_eq!(o.status.code(), Some(130), "{}", stderr_of(&o));
    assert!(!review.exists());
    assert!(temporary_left(dir.path()).is_empty());
}

// 4. Write errors on standard output.

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_is_never_exit_0() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let runs: [&[&str]; 6] = [
        &["check", "--format", "json", s(&input)],
        &["check", s(&input)],
        &["check", "--format", "jsonl", s(dir.path())],
        &["export", s(&input), "-o", "-"],
        &["rollup", s(&input), "--format", "csv"],
        &["show", s(&input)],
    ];
    for args in runs {
        let o = Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(args)
            .env_remove("LANG")
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        let err = stderr_of(&o);
        assert!(
            err.contains("đầu ra chuẩn") && err.contains("hết chỗ"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_closed_pipe_stays_quiet() {
    let dir = scratch();
    for i in 0..40 {
        commune(dir.path(), &format!("xa-{i:02}.xlsx"), "XÃ A");
    }
    // The reader goes away before phuluc writes: EPIPE, said nowhere.
    let mut child = Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["check", "--format", "json", s(dir.path())])
        .env_remove("LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert_eq!(stderr_of(&o), "");
}

// 5. phuluc's own outputs are never inputs.

#[test]
fn a_province_report_in_its_folder_is_never_read_as_a_commune() {
    let dir = scratch();
    let root = dir.path().join("tinh");
    commune(&root.join("xa-a"), "phu-luc.xlsx", "XÃ A");
    commune(&root.join("xa-b"), "phu-luc.xlsx", "XÃ B");
    let rollup_before = phuluc(&["rollup", s(&root), "--by", "xa", "--format", "csv"]);
    assert_eq!(
        rollup_before.status.code(),
        Some(0),
        "{}",
        stderr_of(&rollup_before)
    );
    for report in ["bao-cao.xlsx", "bao-cao.csv"] {
        let to = root.join(report);
        let run = || phuluc(&["check", s(&root), "--report", s(&to), "--force"]);
        let first = run();
        assert_eq!(first.status.code(), Some(0), "{}", stderr_of(&first));
        let second = run();
        assert_eq!(
            second.status.code(),
            Some(0),
            "{report}: {}",
            stderr_of(&second)
        );
        assert_eq!(stdout_of(&first), stdout_of(&second), "{report}");
        // The skipped reports are named.
        assert!(
            stderr_of(&second).contains("bỏ qua"),
            "{}",
            stderr_of(&second)
        );
        assert!(
            stderr_of(&second).contains(report),
            "{}",
            stderr_of(&second)
        );
    }
    // Every report there now: .xlsx, .csv, -phat-hien.csv, -theo-xa.csv.
    let o = phuluc(&["check", s(&root)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    for name in [
        "bao-cao.xlsx",
        "bao-cao.csv",
        "bao-cao-phat-hien.csv",
        "bao-cao-theo-xa.csv",
    ] {
        assert!(
            !stdout_of(&o).contains(name),
            "{name} read: {}",
            stdout_of(&o)
        );
        assert!(
            stderr_of(&o).contains(name),
            "{name} not named: {}",
            stderr_of(&o)
        );
    }
    // rollup and export of the folder count the communes once.
    let rollup_after = phuluc(&["rollup", s(&root), "--by", "xa", "--format", "csv"]);
    assert_eq!(
        rollup_after.status.code(),
        Some(0),
        "{}",
        stderr_of(&rollup_after)
    );
    assert_eq!(stdout_of(&rollup_before), stdout_of(&rollup_after));
    let csv = dir.path().join("tinh.csv");
    let o = phuluc(&["export", s(&root), "-o", s(&csv)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(!text.contains("bao-cao"), "{text}");
    // Two communes, two items each, one year: four amount rows.
    assert_eq!(
        text.lines().filter(|l| l.contains(",2026,")).count(),
        4,
        "{text}"
    );
}

#[test]
fn a_rollup_or_diff_workbook_in_the_folder_is_skipped_too() {
    let dir = scratch();
    let a = commune(dir.path(), "a.xlsx", "XÃ A");
    let b = commune(dir.path(), "b.xlsx", "XÃ B");
    let made = [
        phuluc(&[
            "rollup",
            s(&a),
            "--format",
            "xlsx",
            "-o",
            s(&dir.path().join("tong-hop.xlsx")),
        ]),
        phuluc(&[
            "diff",
            s(&a),
            s(&b),
            "--format",
            "xlsx",
            "-o",
            s(&dir.path().join("so-sanh.xlsx")),
        ]),
    ];
    for o in &made {
        assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr_of(o));
    }
    let o = phuluc(&["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(!stdout_of(&o).contains("tong-hop.xlsx") && !stdout_of(&o).contains("so-sanh.xlsx"));
    assert!(stderr_of(&o).contains("tong-hop.xlsx") && stderr_of(&o).contains("so-sanh.xlsx"));
}

// 6. Folders a run cannot read or chooses not to follow.

#[test]
fn a_file_eighteen_folders_deep_is_read() {
    let dir = scratch();
    let mut deep = dir.path().to_path_buf();
    for i in 0..18 {
        deep.push(format!("c{i}"));
    }
    let file = commune(&deep, "xa.xlsx", "XÃ A");
    let o = phuluc(&["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains(s(&file)), "{}", stdout_of(&o));
}

#[test]
fn a_folder_deeper_than_the_limit_is_named_and_exit_2() {
    let dir = scratch();
    commune(dir.path(), "xa.xlsx", "XÃ A");
    let mut deep = dir.path().to_path_buf();
    for _ in 0..=phuluc::write::MAX_DEPTH + 1 {
        deep.push("n");
    }
    commune(&deep, "sau.xlsx", "XÃ B");
    for cmd in ["check", "rollup", "export"] {
        let out = dir.path().join("ra.csv");
        let mut args = vec![cmd, s(dir.path())];
        if cmd == "export" {
            args.extend(["-o", s(&out)]);
        }
        let o = phuluc(&args);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr_of(&o));
        assert!(
            stderr_of(&o).contains("sâu quá"),
            "{cmd}: {}",
            stderr_of(&o)
        );
    }
}

#[cfg(unix)]
#[test]
fn links_to_folders_are_followed_once_and_loops_named() {
    let dir = scratch();
    let root = dir.path().join("tinh");
    commune(&root.join("xa-a"), "a.xlsx", "XÃ A");
    let elsewhere = dir.path().join("noi-khac");
    let linked = commune(&elsewhere, "b.xlsx", "XÃ B");
    // A link to a folder outside: followed; a link back up: a loop.
    std::os::unix::fs::symlink(&elsewhere, root.join("xa-b")).unwrap();
    std::os::unix::fs::symlink("..", root.join("xa-a").join("vong")).unwrap();
    let o = phuluc(&["check", s(&root)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let out = stdout_of(&o);
    assert!(out.contains("xa-b/b.xlsx"), "{out}");
    assert_eq!(out.matches("a.xlsx\n").count(), 1, "{out}");
    assert!(!linked.to_string_lossy().is_empty());
    let err = stderr_of(&o);
    assert!(
        err.contains("vong") && err.contains("không đọc lại"),
        "{err}"
    );
    // A pipe named like a CSV: never opened (it would wait), named.
    let fifo = root.join("ong.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = phuluc(&["check", s(&root)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("ong.csv"), "{}", stderr_of(&o));
    // A link named like a workbook that leads nowhere: not read, exit 2.
    std::os::unix::fs::symlink("khong-co.xlsx", root.join("mat.xlsx")).unwrap();
    let o = phuluc(&["check", s(&root)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("mat.xlsx"), "{}", stderr_of(&o));
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_named_and_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let root = dir.path().join("tinh");
    commune(&root.join("xa-a"), "a.xlsx", "XÃ A");
    let closed = root.join("xa-khoa");
    commune(&closed, "b.xlsx", "XÃ B");
    // Root reads any folder: the run is made as nobody there.
    let as_nobody = is_root();
    if as_nobody {
        if Command::new("setpriv").arg("--help").output().is_err() {
            println!("skipped: running as root without setpriv to drop privileges");
            return;
        }
        for p in [dir.path(), &root, &root.join("xa-a")] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(
            root.join("xa-a/a.xlsx"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
    }
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut c = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_phuluc"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
    };
    let o = c
        .args(["check", s(&root)])
        .env_remove("LANG")
        .output()
        .unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("a.xlsx"), "{}", stdout_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("xa-khoa") && err.contains("không đọc được thư mục"),
        "{err}"
    );
}

// 7. Temporary names fit any legal output name.

#[test]
fn an_output_name_of_255_bytes_is_written() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    for len in [241, 255] {
        let name = format!("{}.csv", "x".repeat(len - 4));
        let out = dir.path().join(&name);
        let o = phuluc(&["export", s(&input), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{len}: {}", stderr_of(&o));
        assert!(out.exists());
        let name = format!("{}.xlsx", "y".repeat(len - 5));
        let out = dir.path().join(&name);
        let o = phuluc(&["format", s(&input), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{len}: {}", stderr_of(&o));
    }
    assert!(temporary_left(dir.path()).is_empty());
}

// 8. `-o -` is standard output where an output is a stream, refused where
// it cannot be.

#[test]
fn dash_is_standard_output_or_refused_never_a_file_named_dash() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let other = commune(&dir.path().join("moi"), "xa.xlsx", "XÃ A");
    let csv = dir.path().join("xa.csv");
    assert!(phuluc(&["export", s(&input), "-o", s(&csv)])
        .status
        .success());
    let run_in = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("LANG")
            .output()
            .unwrap()
    };
    // Streams: on standard output.
    for (args, start) in [
        (vec!["export", s(&input), "-o", "-"], "xa,phu_luc,bang,"),
        (
            vec!["rollup", s(&input), "--format", "csv", "-o", "-"],
            "nhom,nam,so_tien",
        ),
        (
            vec!["rollup", s(&input), "--format", "json", "-o", "-"],
            "{",
        ),
        (
            vec!["diff", s(&input), s(&other), "--format", "json", "-o", "-"],
            "{",
        ),
    ] {
        let o = run_in(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr_of(&o));
        assert!(
            stdout_of(&o).starts_with(start),
            "{args:?}: {}",
            stdout_of(&o)
        );
        assert!(!dir.path().join("-").exists(), "{args:?}");
    }
    // Workbooks and folders: refused, said, nothing made.
    for args in [
        vec!["format", s(&input), "-o", "-"],
        vec!["import", s(&csv), "-o", "-"],
        vec!["check", s(&input), "--annotate", "-"],
        vec!["rollup", s(&input), "--format", "xlsx", "-o", "-"],
        vec!["check", s(&input), "--report", "-"],
    ] {
        let o = run_in(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        assert!(stderr_of(&o).contains('-'), "{args:?}");
        assert!(
            stderr_of(&o).contains("đầu ra chuẩn"),
            "{args:?}: {}",
            stderr_of(&o)
        );
        assert!(
            !dir.path().join("-").exists(),
            "{args:?} made a file named -"
        );
    }
}

// 10. Refusal reasons worded in both languages.

#[cfg(unix)]
#[test]
fn refusal_reasons_are_worded_in_vietnamese() {
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let folder = dir.path().join("thu-muc.csv");
    std::fs::create_dir(&folder).unwrap();
    let link = dir.path().join("lien-ket.csv");
    std::os::unix::fs::symlink(dir.path().join("dau-do.csv"), &link).unwrap();
    for (out, vi, en) in [
        (&folder, "không phải một tệp thường", "not a regular file"),
        (&link, "liên kết", "it is a link"),
    ] {
        let o = phuluc(&["export", s(&input), "-o", s(out), "--force"]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr_of(&o);
        assert!(err.contains(vi) && !err.contains(en), "{err}");
        let o = phuluc(&["--lang", "en", "export", s(&input), "-o", s(out), "--force"]);
        assert!(stderr_of(&o).contains(en), "{}", stderr_of(&o));
    }
    // A folder given where a file is read.
    let o = phuluc(&[
        "format",
        s(dir.path()),
        "-o",
        s(&dir.path().join("ra.xlsx")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr_of(&o).contains("is a folder"), "{}", stderr_of(&o));
}

#[test]
fn a_workbook_refused_by_its_own_check_says_why_in_vietnamese() {
    use phuluc::report::lang::Lang;
    let dir = scratch();
    let input = commune(dir.path(), "xa.xlsx", "XÃ A");
    let bytes = std::fs::read(&input).unwrap();
    // More items expected than the workbook has: refused, rows lost.
    let expect = phuluc::write::verify::Expectation {
        items: 99,
        ..Default::default()
    };
    let out = dir.path().join("ra.xlsx");
    let e = phuluc::write::write_workbook(&out, &bytes, false, &[], &expect).unwrap_err();
    assert!(!out.exists());
    let vi = e.message(Lang::Vi);
    assert!(vi.contains("bảng tính vừa dựng có"), "{vi}");
    assert!(!vi.contains("the workbook built"), "{vi}");
    assert!(e.message(Lang::En).contains("the workbook built has"));
}

// 9. The province report's memory does not grow with the number of files.

#[cfg(target_os = "linux")]
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_province_report_keeps_its_lines_out_of_memory() {
    use phuluc::report::province::{CsvTable, ProvinceReport};
    let dir = scratch();
    // A file with findings: every one a line of the report.
    let path = Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
    let outcome = phuluc::analyse(path, &Default::default());
    let findings = outcome.as_ref().unwrap().findings.len();
    assert!(findings >= 5);
    let mut report = ProvinceReport::new_in(phuluc::report::lang::Lang::Vi, dir.path());
    let files = 6_000;
    let before = resident_kib();
    for i in 0..files {
        let name = PathBuf::from(format!("tinh/xa-{}/phu-luc-{i}.xlsx", i % 300));
        report.add(&name, &[], &outcome);
    }
    let grown = resident_kib().saturating_sub(before);
    // Held in memory the lines took 8 KB a file (160 MB here).
    assert!(
        grown < 12 * 1024,
        "the report grew by {grown} KiB for {files} files"
    );
    assert_eq!(report.file_count(), files);
    assert_eq!(report.finding_count(), files * findings);
    // Nothing left in the folder; every line read back in order.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let mut csv = Vec::new();
    report.write_csv(CsvTable::Findings, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + files * findings);
    assert!(csv
        .lines()
        .last()
        .unwrap()
        .starts_with("tinh/xa-299/phu-luc-5999.xlsx,"));
    assert_eq!(
        report.files().last().unwrap().file,
        "tinh/xa-299/phu-luc-5999.xlsx"
    );
}

#[test]
fn a_report_named_like_an_input_is_refused_not_written_over_it() {
    let dir = scratch();
    let root = dir.path().join("tinh");
    let a = commune(&root.join("xa-a"), "a.xlsx", "XÃ A");
    let before = std::fs::read(&a).unwrap();
    for args in [
        vec!["check", s(&a), "--report", s(&a), "--force"],
        vec!["check", s(&root), "--report", s(&a), "--force"],
    ] {
        let o = phuluc(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        assert!(stdout_of(&o).contains("a.xlsx"), "{args:?}: it was checked");
        assert!(stderr_of(&o).contains("tệp đầu vào"), "{}", stderr_of(&o));
        assert_eq!(std::fs::read(&a).unwrap(), before);
    }
}

#[test]
fn damage_found_by_phulucs_own_readers_is_worded_in_vietnamese() {
    use phuluc::report::lang::Lang;
    let e = phuluc::Error::new(
        Path::new("crc.xlsx"),
        phuluc::Problem::Corrupt(
            "xl/sharedStrings.xml: its data does not match its checksum (bad CRC-32)".into(),
        ),
    );
    let vi = e.message(Lang::Vi);
    assert!(vi.contains("không khớp tổng kiểm tra (CRC-32 sai)"), "{vi}");
    assert!(!vi.contains("does not match"), "{vi}");
    assert!(e.message(Lang::En).contains("does not match its checksum"));
}
