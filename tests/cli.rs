//! The command line's contract: exit status, one-line errors, JSON shape,
//! languages.

mod common;
use common::phuluc;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn exit_status_says_clean_errors_or_unreadable() {
    assert_eq!(
        phuluc(&["check", "workbooks/da-kia-phu-luc-iii-sua.xlsx"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        phuluc(&["check", "workbooks/da-kia-phu-luc-iii.xlsx"])
            .status
            .code(),
        Some(1)
    );
    let missing = phuluc(&["check", "workbooks/no-such-file.xlsx"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = stderr(&missing);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("workbooks/no-such-file.xlsx"), "{err}");
}

#[test]
fn bad_inputs_get_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 4] = [
        ("empty.xlsx", b""),
        ("text.xlsx", b"hello, this is not a workbook"),
        ("truncated.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00"),
        // (an 8-bit CSV is read now: TCVN3, VNI or Windows-1258)
        ("utf32.csv", b"\xff\xfe\x00\x00S\x00\x00\x00T\x00\x00\x00"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = phuluc(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = phuluc(&[
        "check",
        "--format",
        "json",
        "workbooks/ha-long-phu-luc-2.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let file = &v["files"][0];
    assert_eq!(file["path"], "workbooks/ha-long-phu-luc-2.xlsx");
    let f = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "malformed-number")
        .expect("finding");
    for key in [
        "code", "severity", "sheet", "cell", "related", "message", "expected", "found",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["severity"], "error");
    assert_eq!(f["sheet"], "Phụ lục 2");
    assert_eq!(f["cell"], "F18");
    assert_eq!(f["expected"], "3277");
    assert_eq!(file["tables"][0]["unit"], "trieu");
}

#[test]
fn english_on_request() {
    let out = phuluc(&["check", "--lang", "en", "workbooks/da-kia-phu-luc-iii.xlsx"]);
    let s = stdout(&out);
    assert!(s.contains("ERROR"), "{s}");
    assert!(
        s.contains("shows 5.624 but the items add up to 13.923"),
        "{s}"
    );
    let vi = stdout(&phuluc(&["check", "workbooks/da-kia-phu-luc-iii.xlsx"]));
    assert!(vi.contains("LỖI") && vi.contains("5 lỗi"), "{vi}");
}

#[test]
fn sheet_option_limits_and_unknown_sheet_is_an_error() {
    let ok = phuluc(&[
        "check",
        "--sheet",
        "Phụ lục III",
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]);
    assert_eq!(ok.status.code(), Some(1));
    let bad = phuluc(&[
        "check",
        "--lang",
        "en",
        "--sheet",
        "Không có",
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no sheet named 'Không có'"));
}

#[test]
fn show_prints_roles_unit_and_tree() {
    let s = stdout(&phuluc(&["show", "workbooks/da-kia-phu-luc-iii.xlsx"]));
    assert!(s.contains("unit: triệu đồng (\"triệu đồng\" at G8)"), "{s}");
    assert!(s.contains("year 2026"), "{s}");
    assert!(s.contains("1.3.1"), "{s}");
    let json = stdout(&phuluc(&[
        "show",
        "--format",
        "json",
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v["tables"][0]["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["stt"] == "1.3.1").unwrap();
    assert_eq!(item["level"], 3);
    assert_eq!(item["values"][0]["amount"], "10");
}

#[test]
fn same_input_same_bytes() {
    let a = phuluc(&[
        "check",
        "--format",
        "json",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "seeds/ha-long-phu-luc-2.csv",
    ]);
    let b = phuluc(&[
        "check",
        "--format",
        "json",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "seeds/ha-long-phu-luc-2.csv",
    ]);
    assert_eq!(a.stdout, b.stdout);
    // Not two empty outputs: both files, with their findings.
    let text = String::from_utf8(a.stdout).unwrap();
    assert!(
        text.contains("\"code\": \"total-sum\"") && text.contains("ha-long-phu-luc-2"),
        "{text}"
    );
}

#[test]
fn words_writes_and_reads_amounts() {
    let out = phuluc(&["words", "3277", "--unit", "trieu"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Ba tỷ hai trăm bảy mươi bảy triệu đồng\n");
    assert_eq!(
        stdout(&phuluc(&["words", "105", "--style", "south", "--chan"])),
        "Một trăm lẻ năm đồng chẵn\n"
    );
    assert_eq!(
        stdout(&phuluc(&["words", "1.005"])),
        "Một nghìn không trăm linh năm đồng\n"
    );
    let back = phuluc(&[
        "words",
        "--parse",
        "Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng./.",
    ]);
    assert_eq!(stdout(&back), "3277000000\n");
    let bad = phuluc(&["words", "--parse", "ba tỷ xyz"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("từ thứ 3 «xyz»: không phải chữ số"),
        "{}",
        stderr(&bad)
    );
    let bad = phuluc(&["words", "--parse", "ba tỷ xyz", "--lang", "en"]);
    assert!(stderr(&bad).contains("word 3 «xyz»"), "{}", stderr(&bad));
    // Counted and quoted as the user wrote it, prefix included: the fifth
    // word, with its capital.
    let bad = phuluc(&["words", "--parse", "Bằng chữ: Một trăm Nghìm đồng./."]);
    let err = stderr(&bad);
    assert!(err.contains("từ thứ 5 «Nghìm»: không phải chữ số"), "{err}");
    assert!(!err.contains("not a number"), "{err}");
    // A grammar mistake, in Vietnamese too.
    let bad = phuluc(&["words", "--parse", "hai mươi mốt linh năm"]);
    assert!(
        stderr(&bad).contains("từ thứ 4 «linh»: «linh»/«lẻ» phải đứng sau hàng trăm"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(phuluc(&["words", "abc"]).status.code(), Some(2));
}

#[test]
fn check_reads_a_folder_in_name_order() {
    let out = phuluc(&["check", "--format", "json", "workbooks"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            "workbooks/da-kia-phu-luc-iii-sua.xlsx",
            "workbooks/da-kia-phu-luc-iii.xlsx",
            "workbooks/du-toan-kenh-muong-sua.xlsx",
            "workbooks/du-toan-kenh-muong.xlsx",
            "workbooks/ha-long-phu-luc-1.xlsx",
            "workbooks/ha-long-phu-luc-2-sua.xlsx",
            "workbooks/ha-long-phu-luc-2.xlsx"
        ]
    );
}

#[test]
fn every_finding_code_is_documented() {
    let doc = std::fs::read_to_string("docs/findings.md").unwrap();
    for code in phuluc::check::Code::ALL {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "docs/findings.md does not describe `{code}`"
        );
    }
}

#[test]
fn english_summaries_pluralise() {
    let out = phuluc(&["check", "--lang", "en", "workbooks/ha-long-phu-luc-2.xlsx"]);
    assert!(
        stdout(&out).contains("=> 1 error, 1 warning, 1 note"),
        "{}",
        stdout(&out)
    );
    let out = phuluc(&["check", "--lang", "en", "workbooks/da-kia-phu-luc-iii.xlsx"]);
    assert!(
        stdout(&out).contains("=> 5 errors, 1 warning, 0 notes"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn messages_follow_lang_and_then_the_environment() {
    let missing = "khong-co.xlsx";
    let vi = phuluc(&["check", missing]);
    assert!(stderr(&vi).contains("không mở được"), "{}", stderr(&vi));
    let en = phuluc(&["check", "--lang", "en", missing]);
    assert!(stderr(&en).contains("cannot open"), "{}", stderr(&en));
    let by_env = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["check", missing])
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(
        stderr(&by_env).contains("cannot open"),
        "{}",
        stderr(&by_env)
    );
    // --lang wins over the environment; it goes after the subcommand too.
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["--lang", "vi", "check", missing])
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(
        stderr(&forced).contains("không mở được"),
        "{}",
        stderr(&forced)
    );
}

#[test]
fn every_command_has_help_in_both_languages_with_two_examples() {
    for (cmd, vi, en) in [
        ("check", "Kiểm tra phụ lục", "Check appendices"),
        ("show", "Cho xem phuluc hiểu", "Show what phuluc understood"),
        (
            "words",
            "Viết số tiền bằng chữ",
            "Write an amount in Vietnamese words",
        ),
        ("export", "Xuất các phụ lục", "Export appendices"),
        ("import", "Dựng lại bảng tính", "Rebuild a workbook"),
        (
            "format",
            "Ghi phụ lục sạch",
            "Write a clean, formatted appendix",
        ),
        (
            "rollup",
            "Tổng hợp số tiền theo đơn vị chủ trì",
            "Totals per lead unit",
        ),
    ] {
        let help_vi = stdout(&phuluc(&[cmd, "--help"]));
        assert!(help_vi.contains(vi), "{cmd}: {help_vi}");
        let examples = help_vi.split("Ví dụ:").nth(1).unwrap_or("");
        assert_eq!(
            examples.matches(&format!("phuluc {cmd}")).count(),
            2,
            "{cmd}: {help_vi}"
        );
        // clap's own words too: headings, flags, defaults.
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default:",
        ] {
            assert!(!help_vi.contains(english), "{cmd}: {english} in {help_vi}");
        }
        assert!(help_vi.contains("Cách dùng: phuluc"), "{cmd}: {help_vi}");
        assert!(help_vi.contains("Tùy chọn:"), "{cmd}: {help_vi}");
        assert_eq!(stdout(&phuluc(&["help", cmd])), help_vi, "help {cmd}");
        let help_en = stdout(&phuluc(&[cmd, "--help", "--lang", "en"]));
        assert!(help_en.contains(en), "{cmd}: {help_en}");
        assert!(help_en.contains("Options:"), "{cmd}: {help_en}");
        let examples = help_en.split("Examples:").nth(1).unwrap_or("");
        assert_eq!(
            examples.matches(&format!("phuluc {cmd}")).count(),
            2,
            "{cmd}"
        );
    }
}

#[test]
fn a_folder_checked_on_every_core_reports_in_path_order() {
    let run = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["check", "--format", "json", "workbooks", "seeds"])
            .env("RAYON_NUM_THREADS", threads)
            .env_remove("LANG")
            .output()
            .unwrap()
    };
    let one = run("1");
    let many = run("4");
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stdout, many.stdout);
    let text = String::from_utf8(one.stdout).unwrap();
    let paths: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"path\": \""))
        .collect();
    assert_eq!(paths.len(), 14, "{paths:?}");
    // Inputs in the order given, each folder's files by path.
    let (books, seeds) = paths.split_at(7);
    assert!(books.iter().all(|p| p.starts_with("workbooks/")));
    assert!(books.windows(2).all(|w| w[0] < w[1]) && seeds.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn command_line_mistakes_are_one_line_in_the_chosen_language() {
    let o = phuluc(&["chek", "workbooks"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("không có lệnh «chek»; có phải «check»?"),
        "{err}"
    );
    // Every command is listed, as --help lists them.
    assert!(
        err.contains(
            "các lệnh: check, show, words, export, import, format, rollup, diff, reconcile, serve, new;"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let help = stdout(&phuluc(&["--help"]));
    let listed = help
        .lines()
        .skip_while(|l| !l.starts_with("Lệnh:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .count();
    assert_eq!(listed, 11, "{help}");

    let o = phuluc(&["check", "--format", "xml", "workbooks"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("giá trị «xml» không hợp lệ cho --format"),
        "{}",
        stderr(&o)
    );
    // The system's own reason too.
    let o = phuluc(&["check", "khong-co.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("khong-co.xlsx: không mở được: không có tệp hay thư mục này"),
        "{}",
        stderr(&o)
    );
    let o = phuluc(&["--lang", "en", "check", "--format", "xml", "workbooks"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'xml'"), "{}", stderr(&o));
}

/// On a terminal, a folder run shows a progress bar (files done, files with
/// errors, time left); piped, or with --quiet, none. The terminal is a pty
/// made by `script` (util-linux).
#[test]
fn a_progress_bar_on_a_terminal_only() {
    let bin = env!("CARGO_BIN_EXE_phuluc");
    let script = std::path::Path::new("/usr/bin/script");
    if !script.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have script (util-linux)"
        );
        eprintln!("SKIPPED: no script(1) here to make a terminal");
        return;
    }
    let on_tty = |extra: &str| {
        let o = std::process::Command::new(script)
            .args([
                "-qec",
                &format!("{bin} check {extra} workbooks seeds > /dev/null"),
                "/dev/null",
            ])
            .env_remove("LANG")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let shown = on_tty("");
    assert!(shown.contains("/14 tệp"), "{shown}");
    assert!(shown.contains("tệp có lỗi"), "{shown}");
    assert!(!on_tty("--quiet").contains("tệp có lỗi"));
    let piped = phuluc(&["check", "workbooks", "seeds"]);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("tệp có lỗi"));
}

/// `--format jsonl`: one JSON object per file, the same as the JSON
/// document's, in the same order.
#[test]
fn jsonl_is_the_json_documents_files_one_per_line() {
    let json = phuluc(&["check", "--format", "json", "workbooks", "seeds"]);
    let jsonl = phuluc(&["check", "--format", "jsonl", "workbooks", "seeds"]);
    assert_eq!(json.status.code(), jsonl.status.code());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(doc["files"].as_array().unwrap(), &lines);
    assert_eq!(lines.len(), 14);
}
