//! Summaries are not details (issue 25): a summary per unit, whatever its
//! key column is headed, is found by `reconcile` and never added to a
//! rollup beside its detail; a wrong line is one finding; a comparison
//! table is rolled up by its plan year only, saying which columns it took.

mod common;
use common::*;
use std::path::Path;

fn detail() -> phuluc::sample::SampleTable {
    let mut t = table(
        &[
            "STT",
            "Nội dung",
            "Đơn vị chủ trì",
            "Năm 2026",
            "Năm 2027",
            "Tổng cộng",
        ],
        &[
            &["I", "Giáo dục", "", "150", "260", "410"],
            &["1", "Sửa trường", "Trường TH", "100", "200", "300"],
            &["2", "Mua bàn ghế", "Trường THCS", "50", "60", "110"],
            &["II", "Y tế", "", "50", "60", "110"],
            &["1", "Tiêm chủng", "Trạm y tế", "30", "40", "70"],
            &["2", "Khám bệnh", "Trạm y tế", "20", "20", "40"],
            &["", "Tổng cộng", "", "200", "320", "520"],
        ],
    );
    t.sheet = "Chi tiết".into();
    t
}

/// The summary per unit, its key column headed `key`; `y_te` is the
/// 2027 figure of "Trạm y tế" (60 is right) with its line total.
fn per_unit(key: &str, y_te: &str, y_te_total: &str) -> phuluc::sample::SampleTable {
    let mut t = table(
        &["STT", key, "Năm 2026", "Năm 2027", "Tổng cộng"],
        &[
            &["1", "Trường TH", "100", "200", "300"],
            &["2", "Trường THCS", "50", "60", "110"],
            &["3", "Trạm y tế", "50", y_te, y_te_total],
            &["", "Tổng cộng", "200", "320", "520"],
        ],
    );
    t.sheet = "Tổng hợp".into();
    t
}

fn json_of(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let o = phuluc(args);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code(), v)
}

fn rollup_json(path: &Path, by: &str) -> (Option<i32>, serde_json::Value) {
    json_of(&[
        "rollup",
        "--by",
        by,
        "--format",
        "json",
        path.to_str().unwrap(),
    ])
}

#[test]
fn a_summary_headed_by_its_lead_unit_column_is_found_and_reconciled() {
    for key in ["Đơn vị chủ trì", "Đơn vị"] {
        let dir = scratch();
        let good = write(
            dir.path(),
            "good.xlsx",
            &[detail(), per_unit(key, "60", "110")],
        );
        let o = phuluc(&["reconcile", good.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{key}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        // It says which columns it compared.
        let said = String::from_utf8_lossy(&o.stderr);
        assert!(
            said.contains("(chu-tri; cột C «Năm 2026», cột D «Năm 2027», cột E «Tổng cộng»)"),
            "{said}"
        );
        // 2027 typed 70 for 60, its line total 120 following it: one
        // cause, the year; the total is its related cell.
        let t = per_unit(key, "70", "120");
        let (year, total) = (addr(&t, 2, 3), addr(&t, 2, 4));
        let bad = write(dir.path(), "bad.xlsx", &[detail(), t]);
        let (code, json) = json_of(&["reconcile", "--format", "json", bad.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{key}: {json}");
        let findings = json["files"][0]["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{key}: {findings:?}");
        assert_eq!(findings[0]["cell"], year, "{key}");
        assert_eq!(findings[0]["related"][1], total, "{key}: {findings:?}");
        assert!(
            findings[0]["message"]
                .as_str()
                .unwrap()
                .contains("«Trạm y tế», năm 2027: ghi 70"),
            "{findings:?}"
        );
    }
    // A line total wrong by itself is its own finding, worded as the
    // period total in either language.
    let dir = scratch();
    let bad = write(
        dir.path(),
        "total.xlsx",
        &[detail(), per_unit("Đơn vị chủ trì", "60", "115")],
    );
    let o = phuluc(&["reconcile", bad.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("«Trạm y tế», tổng giai đoạn: ghi 115"),
        "{text}"
    );
    let o = phuluc(&["reconcile", "--lang", "en", bad.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("«Trạm y tế», period total: shows 115"),
        "{text}"
    );
}

#[test]
fn a_rollup_of_detail_and_summary_equals_the_rollup_of_the_detail() {
    let dir = scratch();
    let alone = write(dir.path(), "detail.xlsx", &[detail()]);
    // The summary's wrong line must not leak into the rollup either.
    let both = write(
        dir.path(),
        "both.xlsx",
        &[detail(), per_unit("Đơn vị chủ trì", "70", "120")],
    );
    for by in ["chu-tri", "muc"] {
        let (code_alone, a) = rollup_json(&alone, by);
        let (code_both, b) = rollup_json(&both, by);
        assert_eq!(code_alone, Some(0), "{a}");
        assert_eq!(code_both, Some(0), "{b}");
        for field in ["groups", "sum_of_groups", "table_total", "difference"] {
            assert_eq!(a[field], b[field], "{by} {field}: {a} vs {b}");
        }
        let notes = b["notes"].to_string();
        assert!(notes.contains("summary"), "{notes}");
    }
}

#[test]
fn rollup_by_section_of_a_clean_sheet_with_two_tables_has_no_difference() {
    // The detail and, under it on the same sheet, its summary per section.
    let mut t = detail();
    t.sheet = "Phụ lục".into();
    let n = t.rows[0].len();
    let blank = vec![phuluc::sample::SampleCell::Empty; n];
    t.rows.push(blank.clone());
    t.rows.push(blank);
    for r in [
        &["STT", "Lĩnh vực", "", "Năm 2026", "Năm 2027", "Tổng cộng"][..],
        &["1", "Giáo dục", "", "150", "260", "410"],
        &["2", "Y tế", "", "50", "60", "110"],
        &["", "Tổng cộng", "", "200", "320", "520"],
    ] {
        t.rows.push(r.iter().map(|s| cell(s)).collect());
    }
    let dir = scratch();
    let path = write(dir.path(), "one-sheet.xlsx", &[t]);
    let o = phuluc(&["check", path.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let (code, json) = rollup_json(&path, "muc");
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["sum_of_groups"]["total"], "520", "{json}");
    assert_eq!(json["difference"]["total"], "0", "{json}");
    assert_eq!(json["groups"].as_array().unwrap().len(), 2, "{json}");
}

#[test]
fn a_comparison_table_is_rolled_up_by_its_plan_year_and_says_which_columns() {
    let t = table(
        &[
            "STT",
            "Nội dung",
            "Dự toán năm 2025",
            "Lũy kế vốn đã bố trí đến hết năm 2025",
            "Dự toán năm 2026",
            "So sánh (%)",
        ],
        &[
            &[
                "1",
                "Chi sự nghiệp giáo dục",
                "1000",
                "2500",
                "1076",
                "107.6",
            ],
            &["2", "Chi sự nghiệp y tế", "2000", "3000", "2100", "105"],
            &["", "Tổng cộng", "3000", "5500", "3176", "105.9"],
        ],
    );
    let dir = scratch();
    let path = write(dir.path(), "so-sanh.xlsx", &[t]);
    let (code, json) = rollup_json(&path, "muc");
    assert_eq!(code, Some(0), "{json}");
    // 2026 alone: not 2025 + cumulative + 2026.
    assert_eq!(json["sum_of_groups"]["total"], "3176", "{json}");
    assert!(json["sum_of_groups"].get("2025").is_none(), "{json}");
    let o = phuluc(&["rollup", "--by", "muc", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Kinh phí = cột E «Dự toán năm 2026»; không tính cột C «Dự toán năm 2025», cột D «Lũy kế vốn đã bố trí đến hết năm 2025»"),
        "{text}"
    );
}

/// `check FOLDER --report`: a commune's years are its plan-year columns
/// only — not last year's estimate, not the cumulative allocations, not
/// another commune's revenue estimate.
#[test]
fn a_province_report_counts_the_plan_years_only() {
    let dir = scratch();
    let root = dir.path().join("tinh");
    let (a, b) = (root.join("Xã An"), root.join("Xã Bình"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let mut compared = table(
        &[
            "STT",
            "Nội dung",
            "Dự toán năm 2025",
            "Lũy kế vốn đã bố trí đến hết năm 2025",
            "Dự toán năm 2026",
            "So sánh (%)",
        ],
        &[
            &[
                "1",
                "Chi sự nghiệp giáo dục",
                "1000",
                "2500",
                "1076",
                "107.6",
            ],
            &["2", "Chi sự nghiệp y tế", "2000", "3000", "2100", "105"],
            &["", "Tổng cộng", "3000", "5500", "3176", "105.9"],
        ],
    );
    compared.left_block = vec!["UBND XÃ AN".into()];
    write(&a, "du-toan.xlsx", &[compared]);
    let mut plan = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Sửa đường", "300", "400"],
            &["2", "Kênh mương", "200", "100"],
            &["", "Tổng cộng", "500", "500"],
        ],
    );
    plan.left_block = vec!["UBND XÃ BÌNH".into()];
    let mut revenue = table(
        &["STT", "Nội dung", "Dự toán thu năm 2026"],
        &[
            &["1", "Thuế", "900"],
            &["2", "Phí, lệ phí", "100"],
            &["", "Tổng cộng", "1000"],
        ],
    );
    revenue.left_block = vec!["UBND XÃ BÌNH".into()];
    revenue.sheet = "Thu".into();
    write(&b, "ke-hoach.xlsx", &[plan, revenue]);
    let report = dir.path().join("report.json");
    let o = phuluc(&[
        "check",
        root.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let years: Vec<(String, String)> = json["communes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["commune"].to_string(), c["years"].to_string()))
        .collect();
    assert_eq!(years.len(), 2, "{years:?}");
    assert!(years[0].1.contains(r#""2026":"3176""#), "{years:?}");
    assert!(!years[0].1.contains("2025"), "{years:?}");
    assert!(years[1].1.contains(r#""2026":"500""#), "{years:?}");
    assert!(years[1].1.contains(r#""2027":"500""#), "{years:?}");
}

/// A table whose amount columns cannot be told apart — two, neither a
/// year nor the total of the other — is reported, not guessed.
#[test]
fn amount_columns_that_cannot_be_told_apart_are_reported() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí NSTW", "Kinh phí NSĐP"],
        &[
            &["1", "Đường", "100", "50"],
            &["2", "Trường", "200", "20"],
            &["", "Tổng cộng", "300", "70"],
        ],
    );
    let dir = scratch();
    let path = write(dir.path(), "nguon.xlsx", &[t]);
    let o = phuluc(&["rollup", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("không phân biệt được cột số tiền nào là kinh phí")
            && err.contains("C «Kinh phí NSTW», D «Kinh phí NSĐP»"),
        "{err}"
    );
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

fn commune_plan(name: &str, rows: &[&[&str]]) -> phuluc::sample::SampleTable {
    let mut t = table(&["STT", "Nội dung", "Năm 2026", "Năm 2027"], rows);
    t.left_block = vec![format!("UBND {}", name.to_uppercase())];
    t
}

/// A province's summary per commune ("Tên xã") beside the communes' files:
/// `reconcile` compares it with them; `rollup --by xa` and `check
/// --report` count the communes' files, not the summary beside them.
#[test]
fn a_summary_per_commune_beside_the_communes_files_is_not_added() {
    let dir = scratch();
    let root = dir.path().join("huyen");
    std::fs::create_dir_all(&root).unwrap();
    let an = commune_plan(
        "Xã An Bình",
        &[
            &["1", "Đường", "100", "200"],
            &["2", "Trường", "50", "60"],
            &["", "Tổng cộng", "150", "260"],
        ],
    );
    let tan = commune_plan(
        "Xã Tân Lập",
        &[
            &["1", "Kênh", "30", "40"],
            &["2", "Chợ", "20", "20"],
            &["", "Tổng cộng", "50", "60"],
        ],
    );
    write(&root, "an-binh.xlsx", &[an]);
    write(&root, "tan-lap.xlsx", &[tan]);
    let communes_only = rollup_json(&root, "xa").1;
    let mut summary = table(
        &["STT", "Tên xã", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Xã An Bình", "150", "260"],
            &["2", "Xã Tân Lập", "50", "70"],
            &["", "Tổng cộng", "200", "330"],
        ],
    );
    summary.left_block = vec!["UBND HUYỆN THỬ".into()];
    let row = addr(&summary, 1, 3);
    write(&root, "tong-hop.xlsx", &[summary]);
    let (code, json) = json_of(&["reconcile", "--format", "json", root.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{json}");
    let findings: Vec<&serde_json::Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["cell"], row, "{findings:?}");
    let (code, with_summary) = rollup_json(&root, "xa");
    assert_eq!(code, Some(0), "{with_summary}");
    for field in ["groups", "sum_of_groups", "table_total", "difference"] {
        assert_eq!(communes_only[field], with_summary[field], "{field}");
    }
    let report = dir.path().join("report.json");
    let o = phuluc(&[
        "check",
        root.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let counted: Vec<String> = json["communes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["total"].is_string())
        .map(|c| format!("{} {}", c["commune"], c["total"]))
        .collect();
    assert_eq!(
        counted,
        vec![
            "\"Xã An Bình\" \"410\"".to_string(),
            "\"Xã Tân Lập\" \"110\"".to_string()
        ]
    );
}

/// What each money column means, from its header confirmed by the data:
/// the plan's year, last year's estimate beside it, the cumulative
/// allocations, revenue; a percentage column holds ratios of two others.
#[test]
fn column_meanings_follow_the_header_and_the_data() {
    use phuluc::model::roles::{meanings, percent_scale, Meaning, PercentScale};
    let compared = table(
        &[
            "STT",
            "Nội dung",
            "Dự toán năm 2025",
            "Lũy kế vốn đã bố trí đến hết năm 2025",
            "Dự toán năm 2026",
            "So sánh (%)",
        ],
        &[
            &["1", "Giáo dục", "1000", "2500", "1076", "107.6"],
            &["2", "Y tế", "2000", "3000", "2100", "105"],
            &["", "Tổng cộng", "3000", "5500", "3176", "105.9"],
        ],
    );
    let fractions = table(
        &[
            "STT",
            "Nội dung",
            "Ước thực hiện năm 2025",
            "Năm 2026",
            "Tỷ lệ (%)",
        ],
        &[
            &["1", "Giáo dục", "1000", "1076", "1.076"],
            &["2", "Y tế", "2000", "2100", "1.05"],
        ],
    );
    let revenue = table(
        &[
            "STT",
            "Nội dung",
            "Dự toán thu năm 2026",
            "Năm 2026",
            "Năm 2027",
        ],
        &[&["1", "Thuế", "900", "300", "400"]],
    );
    let o = check(&[compared]);
    let t = &o.appendix.tables[0];
    assert_eq!(
        meanings(t),
        vec![
            Meaning::Reference(2025),
            Meaning::Cumulative,
            Meaning::PlanYear(2026)
        ]
    );
    assert_eq!(percent_scale(t, 0), Some(PercentScale::Hundred));
    let o = check(&[fractions]);
    let t = &o.appendix.tables[0];
    assert_eq!(
        meanings(t),
        vec![Meaning::Reference(2025), Meaning::PlanYear(2026)]
    );
    assert_eq!(percent_scale(t, 0), Some(PercentScale::Fraction));
    let o = check(&[revenue]);
    assert_eq!(
        meanings(&o.appendix.tables[0]),
        vec![
            Meaning::Revenue,
            Meaning::PlanYear(2026),
            Meaning::PlanYear(2027)
        ]
    );
}

/// Cumulative allocations beside the plan's years are no year: the period
/// total adds the years only (no false `period-sum`), and the rollup and a
/// words line leave the cumulative column out.
#[test]
fn cumulative_allocations_are_no_year_of_the_plan() {
    let t = table(
        &[
            "STT",
            "Nội dung",
            "Lũy kế vốn đã bố trí đến hết năm 2025",
            "Năm 2026",
            "Năm 2027",
        ],
        &[
            &["1", "Đường", "500", "100", "200"],
            &["2", "Trường", "300", "50", "60"],
            &["", "Tổng cộng", "800", "150", "260"],
        ],
    );
    let mut with_period = t.clone();
    with_period.header[0].push("Tổng giai đoạn 2026-2027".into());
    for (row, total) in with_period.rows.iter_mut().zip(["300", "110", "410"]) {
        row.push(cell(total));
    }
    let o = check(&[with_period]);
    assert!(errors(&o).is_empty(), "{:?}", errors(&o));
    let dir = scratch();
    let path = write(dir.path(), "luy-ke.xlsx", &[t]);
    let (code, json) = rollup_json(&path, "muc");
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["sum_of_groups"]["total"], "410", "{json}");
    let out = dir.path().join("out.xlsx");
    let o = phuluc(&[
        "format",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--words",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let back = phuluc::analyse(&out, &Default::default()).unwrap();
    let words: Vec<&str> = back.appendix.tables[0]
        .words
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(words, vec!["Bằng chữ: Bốn trăm mười triệu đồng./."]);
}

/// `check FOLDER --report` says, per commune file, which columns its years
/// were taken from — the plan's years, not last year's estimate, the
/// cumulative allocations or a revenue estimate beside them — in the JSON,
/// the CSV, the workbook and the text, in Vietnamese or English; a table
/// whose amount columns cannot be told apart is said to be left out, its
/// amounts not guessed.
#[test]
fn a_province_report_names_the_columns_it_took_per_commune_file() {
    let dir = scratch();
    let root = dir.path().join("tinh");
    let (an, binh, chau) = (
        root.join("Xã An"),
        root.join("Xã Bình"),
        root.join("Xã Châu"),
    );
    for d in [&an, &binh, &chau] {
        std::fs::create_dir_all(d).unwrap();
    }
    // Last year's expected outturn, the cumulative allocations and the
    // revenue estimate beside the plan's years.
    let mut compared = table(
        &[
            "STT",
            "Nội dung",
            "Ước thực hiện năm 2025",
            "Lũy kế vốn đã bố trí đến hết năm 2025",
            "Dự toán thu năm 2026",
            "Năm 2026",
            "Năm 2027",
        ],
        &[
            &["1", "Sửa đường", "1000", "2500", "700", "300", "400"],
            &["2", "Kênh mương", "2000", "3000", "800", "200", "100"],
            &["", "Tổng cộng", "3000", "5500", "1500", "500", "500"],
        ],
    );
    compared.left_block = vec!["UBND XÃ AN".into()];
    write(&an, "ke-hoach.xlsx", &[compared]);
    // A plan, and a revenue estimate on a sheet of its own.
    let mut plan = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027", "Năm 2028"],
        &[
            &["1", "Trường", "70", "80", "90"],
            &["2", "Trạm y tế", "30", "20", "10"],
            &["", "Tổng cộng", "100", "100", "100"],
        ],
    );
    plan.left_block = vec!["UBND XÃ BÌNH".into()];
    let mut revenue = table(
        &["STT", "Nội dung", "Dự toán thu năm 2026"],
        &[
            &["1", "Thuế", "900"],
            &["2", "Phí, lệ phí", "100"],
            &["", "Tổng cộng", "1000"],
        ],
    );
    revenue.left_block = vec!["UBND XÃ BÌNH".into()];
    revenue.sheet = "Thu".into();
    write(&binh, "ke-hoach.xlsx", &[plan, revenue]);
    // Two funding sources, neither a year nor the total of the other.
    let mut sources = table(
        &["STT", "Nội dung", "Kinh phí NSTW", "Kinh phí NSĐP"],
        &[
            &["1", "Đường", "100", "50"],
            &["2", "Trường", "200", "20"],
            &["", "Tổng cộng", "300", "70"],
        ],
    );
    sources.left_block = vec!["UBND XÃ CHÂU".into()];
    write(&chau, "nguon.xlsx", &[sources]);

    let run = |report: &Path, lang: &str| {
        let o = phuluc(&[
            "--lang",
            lang,
            "check",
            root.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let json_path = dir.path().join("r.json");
    let text = run(&json_path, "vi");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let file = |folder: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["commune_folder"] == folder)
            .unwrap_or_else(|| panic!("{folder}: {json}"))
            .clone()
    };
    let an_said = "Kinh phí = cột F «Năm 2026», cột G «Năm 2027»; không tính cột C «Ước thực hiện năm 2025», cột D «Lũy kế vốn đã bố trí đến hết năm 2025», cột E «Dự toán thu năm 2026» (không phải năm của kế hoạch)";
    let an_file = file("Xã An");
    assert_eq!(an_file["columns"], an_said, "{an_file}");
    // Its years are the plan's only.
    assert_eq!(
        an_file["years"],
        serde_json::json!({"2026": "500", "2027": "500"})
    );
    assert_eq!(an_file["total"], "1000");
    let binh_file = file("Xã Bình");
    let binh_said = binh_file["columns"].as_str().unwrap();
    assert!(
        binh_said.contains("Kinh phí = cột C «Năm 2026», cột D «Năm 2027», cột E «Năm 2028»"),
        "{binh_said}"
    );
    assert!(!binh_said.contains("Dự toán thu"), "{binh_said}");
    assert_eq!(
        binh_file["years"],
        serde_json::json!({"2026": "100", "2027": "100", "2028": "100"})
    );
    let chau_file = file("Xã Châu");
    assert_eq!(
        chau_file["columns"],
        "không được tính: không phân biệt được các cột số tiền cột C «Kinh phí NSTW», cột D «Kinh phí NSĐP»",
        "{chau_file}"
    );
    assert_eq!(chau_file["years"], serde_json::json!({}));
    assert!(chau_file["total"].is_null(), "{chau_file}");
    // The text names them beside each file.
    assert!(
        text.contains(&format!("  Báo cáo tỉnh: {an_said}\n")),
        "{text}"
    );
    assert!(text.contains("Báo cáo tỉnh: không được tính"), "{text}");

    // The CSV's column and the workbook's, in English.
    let csv_path = dir.path().join("r.csv");
    let text = run(&csv_path, "en");
    let rows = phuluc::sample::read_seed_csv(&csv_path).unwrap();
    let at = rows[0].iter().position(|h| h == "cot_kinh_phi").unwrap();
    let an_row = rows.iter().find(|r| r[2] == "Xã An").unwrap();
    let an_en = "amounts = column F «Năm 2026», column G «Năm 2027»; left out column C «Ước thực hiện năm 2025», column D «Lũy kế vốn đã bố trí đến hết năm 2025», column E «Dự toán thu năm 2026» (no year of the plan)";
    assert_eq!(an_row[at], an_en);
    assert!(
        text.contains(&format!("  Province report: {an_en}\n")),
        "{text}"
    );
    let xlsx = dir.path().join("r.xlsx");
    run(&xlsx, "en");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let cells: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(phuluc::read::cell_text).collect())
        .collect();
    let head = cells
        .iter()
        .find(|r| r.iter().any(|c| c == "Amount columns"))
        .unwrap();
    let col = head.iter().position(|c| c == "Amount columns").unwrap();
    let an_line = cells
        .iter()
        .find(|r| r.iter().any(|c| c == "Xã An"))
        .unwrap();
    assert_eq!(an_line[col], an_en);
    let chau_line = cells
        .iter()
        .find(|r| r.iter().any(|c| c == "Xã Châu"))
        .unwrap();
    assert_eq!(
        chau_line[col],
        "left out: its amount columns column C «Kinh phí NSTW», column D «Kinh phí NSĐP» cannot be told apart"
    );
}
