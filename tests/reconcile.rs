//! Reconciling yearly budget tables: per-unit rollups with names made
//! comparable, subtotals and "Trong đó" rows never counted twice, and the
//! rollup's closing lines exposing a wrong printed total.

mod common;
use common::*;
use phuluc::reconcile::rollup::{rollup, By, Period, RollupOptions};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn amount(s: &str) -> Option<Decimal> {
    let s = s.trim().replace(',', "");
    (!s.is_empty()).then(|| s.parse().unwrap())
}

/// Đa Kia, Phụ lục III: the per-lead-unit yearly totals computed here from
/// the transcribed seed (its two spellings of Phòng Văn hóa - Xã hội
/// merged), and the difference the rollup shows on the uncorrected
/// workbook is its printed-total mistake.
#[test]
fn da_kia_per_lead_unit_from_the_seed() {
    let rows = phuluc::sample::read_seed_csv("seeds/da-kia-phu-luc-iii.csv".as_ref()).unwrap();
    let years = [2026u16, 2027, 2028, 2029, 2030];
    let mut want: BTreeMap<String, [Decimal; 5]> = BTreeMap::new();
    let mut printed = [Decimal::ZERO; 5];
    for r in &rows[1..] {
        let values: Vec<Option<Decimal>> = (4..9).map(|c| amount(&r[c])).collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        if r[0] == "Tổng cộng" {
            for (k, v) in values.iter().enumerate() {
                printed[k] = v.unwrap();
            }
            continue;
        }
        let lead = r[2].replace("-Xã", "- Xã");
        let slot = want.entry(lead).or_default();
        for (k, v) in values.iter().enumerate() {
            slot[k] += v.unwrap_or_default();
        }
    }
    assert_eq!(want.len(), 5, "{want:?}");
    let outcome = phuluc::analyse(
        "workbooks/da-kia-phu-luc-iii.xlsx".as_ref(),
        &Default::default(),
    )
    .unwrap();
    let r = rollup(&[outcome.appendix], &RollupOptions::new(By::Lead)).unwrap();
    assert_eq!(r.groups.len(), want.len());
    for g in &r.groups {
        let w = want.get(&g.name).unwrap_or_else(|| panic!("{}", g.name));
        for (k, y) in years.iter().enumerate() {
            assert_eq!(
                g.amounts.get(Period::Year(*y)),
                Some(w[k]),
                "{} {y}",
                g.name
            );
        }
        assert_eq!(g.amounts.total(), w.iter().sum::<Decimal>(), "{}", g.name);
    }
    let vhxh = r
        .groups
        .iter()
        .find(|g| g.name == "Phòng Văn hóa - Xã hội")
        .unwrap();
    assert_eq!(vhxh.spellings, ["Phòng Văn hóa -Xã hội"]);
    let difference = r.difference.as_ref().unwrap();
    for (k, y) in years.iter().enumerate() {
        let sum: Decimal = want.values().map(|w| w[k]).sum();
        assert_eq!(
            difference.get(Period::Year(*y)),
            Some(sum - printed[k]),
            "{y}"
        );
    }
    assert_eq!(
        difference.get(Period::Year(2026)),
        Some(Decimal::from(13923 - 5624))
    );
    // The corrected workbook adds up.
    let fixed = phuluc::analyse(
        "workbooks/da-kia-phu-luc-iii-sua.xlsx".as_ref(),
        &Default::default(),
    )
    .unwrap();
    let r = rollup(&[fixed.appendix], &RollupOptions::new(By::Lead)).unwrap();
    assert!(r.difference.unwrap().iter().all(|(_, v)| v.is_zero()));
}

/// Subtotals and "Trong đó" rows are never counted; an abbreviation is
/// counted under the alias list's name; a cell naming two units is counted
/// once, under the joint name, and said so.
fn plan() -> phuluc::sample::SampleTable {
    table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Chuyển đổi số", "", "16", "26"],
            &["1", "Phần mềm", "VP HĐND-UBND", "10", "20"],
            &["", "Trong đó: bản quyền", "", "4", "4"],
            &["2", "Thiết bị", "Văn phòng HĐND và UBND", "5", "5"],
            &["3", "Camera", "Phòng Kinh tế, Công an xã", "1", "1"],
            &["II", "Đào tạo", "P. KT", "3", "4"],
            &["", "Tổng cộng", "", "19", "30"],
        ],
    )
}

#[test]
fn subtotals_breakdowns_aliases_and_joint_units() {
    let o = check(&[plan()]);
    assert!(errors(&o).is_empty(), "{:?}", errors(&o));
    let r = rollup(&[o.appendix], &RollupOptions::new(By::Lead)).unwrap();
    let names: Vec<(&str, Option<Decimal>)> = r
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.amounts.get(Period::Year(2026))))
        .collect();
    assert_eq!(
        names,
        [
            ("Văn phòng HĐND và UBND", Some(15.into())),
            ("Phòng Kinh tế, Công an xã", Some(1.into())),
            ("Phòng Kinh tế", Some(3.into())),
        ]
    );
    assert!(r.groups[1].joint);
    assert!(r.notes.iter().any(|n| matches!(n,
        phuluc::reconcile::rollup::Note::Joint { text, .. } if text == "Phòng Kinh tế, Công an xã")));
    assert!(r.difference.unwrap().iter().all(|(_, v)| v.is_zero()));
    assert_eq!(r.sum_of_groups.total(), Decimal::from(49));
}

#[test]
fn rollup_on_the_command_line_text_csv_json_and_exit_status() {
    let o = phuluc(&["rollup", "workbooks/da-kia-phu-luc-iii.xlsx"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the groups do not add up to the printed total"
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Tổng hợp theo đơn vị chủ trì — đơn vị: triệu đồng"),
        "{text}"
    );
    let diff = text.lines().find(|l| l.starts_with("Chênh lệch")).unwrap();
    assert!(diff.contains("8.299"), "{diff}");
    assert!(text.contains("«Phòng Văn hóa -Xã hội» được tính vào «Phòng Văn hóa - Xã hội»"));
    let o = phuluc(&[
        "rollup",
        "--format",
        "csv",
        "--unit",
        "ty",
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let csv = String::from_utf8_lossy(&o.stdout);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("nhom,nam,so_tien,don_vi_tinh"));
    assert!(csv.contains("Cộng các nhóm,2026,13.923,tỷ đồng"), "{csv}");
    assert!(csv.contains("Chênh lệch,Tổng giai đoạn,0,tỷ đồng"), "{csv}");
    let o = phuluc(&[
        "rollup",
        "--format",
        "json",
        "--by",
        "muc",
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["by"], "muc");
    assert_eq!(json["unit"], "trieu");
    assert_eq!(
        json["groups"][1]["name"],
        "II. Kiểm tra, đánh giá kết quả triển khai"
    );
    assert_eq!(json["groups"][1]["years"]["2026"], "70");
    assert_eq!(json["table_total"]["total"], "59009");
}

#[test]
fn an_alias_file_extends_the_list_and_a_bad_one_is_refused() {
    let dir = scratch();
    let path = write(dir.path(), "plan.xlsx", &[plan()]);
    let aliases = dir.path().join("ten.toml");
    std::fs::write(
        &aliases,
        "[[unit]]\nname = \"Công an xã\"\naliases = [\"Phòng Kinh tế, Công an xã\"]\n",
    )
    .unwrap();
    let o = phuluc(&[
        "rollup",
        "--format",
        "json",
        "--aliases",
        aliases.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["groups"][1]["name"], "Công an xã");
    assert_eq!(json["groups"][1]["joint"], false);
    std::fs::write(&aliases, "[[unit]]\nname = 3\n").unwrap();
    let o = phuluc(&[
        "rollup",
        "--aliases",
        aliases.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ten.toml: không phải tệp tên gọi khác phuluc đọc được"),
        "{err}"
    );
}

/// The section renumbered III → II and the five corrected year totals:
/// nothing else.
#[test]
fn diff_of_da_kia_reports_the_renumbered_section_and_the_five_totals() {
    let o = phuluc(&[
        "diff",
        "--format",
        "json",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let renumbered = json["renumbered"].as_array().unwrap();
    assert_eq!(renumbered.len(), 1, "{renumbered:?}");
    assert_eq!(renumbered[0]["old_stt"], "III");
    assert_eq!(renumbered[0]["new_stt"], "II");
    assert_eq!(
        renumbered[0]["content"],
        "Kiểm tra, đánh giá kết quả triển khai"
    );
    assert!(json["added"].as_array().unwrap().is_empty());
    assert!(json["removed"].as_array().unwrap().is_empty());
    let changed = json["changed"].as_array().unwrap();
    let cells: Vec<(&str, &str, &str)> = changed
        .iter()
        .map(|c| {
            (
                c["new_cell"].as_str().unwrap(),
                c["old"].as_str().unwrap(),
                c["new"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("'Phụ lục III'!E62", "5624", "13923"),
            ("'Phụ lục III'!F62", "4121", "10984"),
            ("'Phụ lục III'!G62", "4971", "11834"),
            ("'Phụ lục III'!H62", "4271", "11134"),
            ("'Phụ lục III'!I62", "4271", "11134"),
        ]
    );
    assert_eq!(json["totals"]["2026"]["change"], "8299");
    // A version against itself: nothing, exit 0.
    let o = phuluc(&[
        "diff",
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("không có gì thay đổi"));
}

/// A reworded row, a row moved to another section, one moved up (so
/// renumbered), an amount changed, a row added and a row removed.
#[test]
fn diff_matches_reworded_and_moved_items() {
    let old = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Chuyển đổi số", "", "16", "26"],
            &["1", "Phần mềm quản lý văn bản", "Văn phòng", "10", "20"],
            &["2", "Thiết bị công nghệ thông tin", "Văn phòng", "5", "5"],
            &["3", "Camera an ninh", "Công an xã", "1", "1"],
            &["II", "Đào tạo", "", "5", "6"],
            &["1", "Tập huấn cán bộ", "Phòng Kinh tế", "3", "4"],
            &["2", "Hội thảo chuyên đề", "Phòng Kinh tế", "2", "2"],
            &["", "Tổng cộng", "", "21", "32"],
        ],
    );
    let new = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Chuyển đổi số", "", "11", "22"],
            &[
                "1",
                "Phần mềm quản lý văn bản và điều hành",
                "Văn phòng",
                "10",
                "20",
            ],
            &["2", "Camera an ninh", "Công an xã", "1", "2"],
            &["II", "Đào tạo", "", "10", "11"],
            &["1", "Tập huấn cán bộ", "Phòng Kinh tế", "3", "4"],
            &["2", "Thiết bị công nghệ thông tin", "Văn phòng", "5", "5"],
            &["3", "Trợ lý ảo", "Văn phòng", "2", "2"],
            &["", "Tổng cộng", "", "21", "33"],
        ],
    );
    let (a, b) = (check(&[old]).appendix, check(&[new]).appendix);
    let d = phuluc::reconcile::diff::diff(&a, &b);
    let renumbered: Vec<(&str, &str, &str)> = d
        .renumbered
        .iter()
        .map(|r| (r.old_stt.as_str(), r.new_stt.as_str(), r.content.as_str()))
        .collect();
    assert_eq!(
        renumbered,
        [
            ("3", "2", "Camera an ninh"),
            ("I › 2", "II › 2", "Thiết bị công nghệ thông tin"),
        ]
    );
    let added: Vec<&str> = d.added.iter().map(|i| i.content.as_str()).collect();
    assert_eq!(added, ["Trợ lý ảo"]);
    let removed: Vec<&str> = d.removed.iter().map(|i| i.content.as_str()).collect();
    assert_eq!(removed, ["Hội thảo chuyên đề"]);
    let reworded = d.changed.iter().find(|c| c.column == "Nội dung").unwrap();
    assert_eq!(reworded.old, "Phần mềm quản lý văn bản");
    assert_eq!(reworded.new, "Phần mềm quản lý văn bản và điều hành");
    assert!(d.changed.iter().any(|c| c.content == "Camera an ninh"
        && c.column.ends_with("2027")
        && c.old == "1"
        && c.new == "2"));
    let (old, new) = d.totals[&Period::Year(2027)];
    assert_eq!((old, new), (Some(32.into()), Some(33.into())));
}

fn detail() -> phuluc::sample::SampleTable {
    let mut t = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["I", "Chuyển đổi số", "", "", ""],
            &["1", "Phần mềm", "Văn phòng HĐND và UBND", "10", "20"],
            &["2", "Camera", "Công an xã", "5", "5"],
            &["3", "Đèn thông minh", "P. KT", "7", "8"],
            &["II", "Đào tạo", "", "", ""],
            &["1", "Tập huấn", "Phòng Kinh tế", "3", "4"],
            &["", "Tổng cộng", "", "25", "37"],
        ],
    );
    t.sheet = "Chi tiết".into();
    t
}

fn per_unit(kinh_te_2027: &str) -> phuluc::sample::SampleTable {
    let mut t = table(
        &["STT", "Đơn vị", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Văn phòng HĐND và UBND", "10", "20"],
            &["2", "Phòng Kinh tế", "10", kinh_te_2027],
            &["3", "Công an xã", "5", "5"],
            &["", "Tổng cộng", "25", "37"],
        ],
    );
    t.sheet = "Tổng hợp".into();
    t
}

/// A workbook with a summary per unit and its detail: one wrong summary
/// line is exactly one finding, at its cell, naming the detail.
#[test]
fn a_summary_per_unit_against_its_detail_in_the_same_workbook() {
    let dir = scratch();
    let good = write(dir.path(), "good.xlsx", &[per_unit("12"), detail()]);
    let o = phuluc(&["reconcile", "--format", "json", good.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let t = per_unit("21");
    let cell = addr(&t, 1, 3);
    let bad = write(dir.path(), "bad.xlsx", &[t, detail()]);
    let o = phuluc(&["reconcile", "--format", "json", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["code"], "summary-mismatch");
    assert_eq!(f["cell"], cell);
    assert_eq!(
        (f["found"].as_str(), f["expected"].as_str()),
        (Some("21"), Some("12"))
    );
    assert!(
        f["message"].as_str().unwrap().contains("'Chi tiết'!"),
        "{f}"
    );
    // A review copy marks the cell, as `check --annotate` does.
    let review = dir.path().join("soat.xlsx");
    let o = phuluc(&[
        "reconcile",
        "--annotate",
        review.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&review).unwrap();
    assert!(wb.sheet_names().iter().any(|n| n == "Kiểm tra"));
    let listed = wb.worksheet_range("Kiểm tra").unwrap();
    assert!(listed
        .used_cells()
        .any(|(_, _, v)| *v == "summary-mismatch"));
}

fn commune(name: &str, a: &str, b: &str) -> phuluc::sample::SampleTable {
    let mut t = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Phần mềm", "Văn phòng HĐND và UBND", a, a],
            &["2", "Camera", "Công an xã", b, b],
            &[
                "",
                "Tổng cộng",
                "",
                &(a.parse::<u32>().unwrap() + b.parse::<u32>().unwrap()).to_string(),
                &(a.parse::<u32>().unwrap() + b.parse::<u32>().unwrap()).to_string(),
            ],
        ],
    );
    t.left_block = vec![
        "ỦY BAN NHÂN DÂN".into(),
        format!("XÃ {}", name.to_uppercase()),
    ];
    t
}

/// A folder of three communes and the province's summary per commune: one
/// wrong commune line is exactly one finding.
#[test]
fn a_province_summary_against_the_communes_workbooks() {
    let dir = scratch();
    write(dir.path(), "an-binh.xlsx", &[commune("An Bình", "10", "5")]);
    write(dir.path(), "hoa-lac.xlsx", &[commune("Hòa Lạc", "20", "1")]);
    write(dir.path(), "tan-son.xlsx", &[commune("Tân Sơn", "7", "7")]);
    let mut summary = table(
        &["STT", "Xã", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Xã An Bình", "15", "15"],
            &["2", "Xã Hòa Lạc", "21", "12"],
            &["3", "Xã Tân Sơn", "14", "14"],
            &["", "Tổng cộng", "50", "41"],
        ],
    );
    summary.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "TỈNH THỬ NGHIỆM".into()];
    let cell = addr(&summary, 1, 3);
    write(dir.path(), "tong-hop-tinh.xlsx", &[summary]);
    let o = phuluc(&[
        "reconcile",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the summary is reported: {json}");
    assert!(files[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("tong-hop-tinh.xlsx"));
    let findings = files[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "summary-mismatch");
    assert_eq!(findings[0]["cell"], cell);
    assert_eq!(findings[0]["expected"], "21");
    assert_eq!(findings[0]["found"], "12");
}

/// A summary per section ("I. Chuyển đổi số") against its detail.
#[test]
fn a_summary_per_section_against_its_detail() {
    let mut per_section = table(
        &["STT", "Nội dung", "Năm 2026", "Năm 2027"],
        &[
            &["1", "Chuyển đổi số", "22", "33"],
            &["2", "Đào tạo", "3", "5"],
            &["", "Tổng cộng", "25", "38"],
        ],
    );
    per_section.sheet = "Theo mục".into();
    let cell = addr(&per_section, 1, 3);
    let dir = scratch();
    let path = write(dir.path(), "muc.xlsx", &[per_section, detail()]);
    let appendix = phuluc::read_appendix(&path, &Default::default()).unwrap();
    let done = phuluc::reconcile::summary::reconcile(
        &[appendix],
        &phuluc::reconcile::names::Aliases::builtin(),
    );
    assert_eq!(done.matches.len(), 1, "{:?}", done.matches);
    assert_eq!(done.matches[0].by, By::Section);
    let errors: Vec<(&str, Option<&str>)> = done
        .findings
        .iter()
        .map(|f| (f.cell.as_str(), f.expected.as_deref()))
        .collect();
    assert_eq!(errors, [(cell.as_str(), Some("4"))]);
}

/// The table's share of the commune's total budget spending per year,
/// against Resolution 57's 3 % (a target: said, never an error).
#[test]
fn the_share_of_the_total_budget_is_reported_against_the_target() {
    let sua = "workbooks/da-kia-phu-luc-iii-sua.xlsx";
    let o = phuluc(&[
        "rollup",
        "--format",
        "json",
        "--total-budget",
        "2026=450000,2027=460000",
        sua,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a share below the target is no error"
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let share = &json["budget_share"];
    assert_eq!(share["target"], "3");
    // 13.923 / 450.000 = 3,094 %; 10.984 / 460.000 = 2,388 %.
    assert_eq!(share["periods"]["2026"]["share"], "3.09");
    assert_eq!(share["periods"]["2027"]["share"], "2.39");
    assert_eq!(share["periods"]["total"]["share"], "2.74");
    assert_eq!(
        share["below_target"],
        serde_json::json!(["2027", "Tổng giai đoạn"])
    );
    let o = phuluc(&[
        "rollup",
        "--total-budget",
        "400000",
        "--share-target",
        "2.5",
        sua,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Tỷ lệ so với tổng chi"))
        .unwrap();
    assert!(line.contains("3,48"), "{line}");
    assert!(
        text.contains("đạt mục tiêu 2,5 % tổng chi ngân sách (Nghị quyết 57) ở mọi năm"),
        "{text}"
    );
    // From a cell of the workbook.
    let o = phuluc(&[
        "rollup",
        "--format",
        "json",
        "--total-budget",
        "'Phụ lục III'!E62",
        sua,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["budget_share"]["periods"]["2026"]["budget"], "13923");
    let o = phuluc(&["rollup", "--total-budget", "nhiều lắm", sua]);
    assert_eq!(o.status.code(), Some(2));
}

/// The rollup as a workbook: every group a row, the closing lines as live
/// formulas saved with their values (checked before it is written).
#[test]
fn rollup_writes_a_checked_workbook() {
    let dir = scratch();
    let out = dir.path().join("tong-hop.xlsx");
    let o = phuluc(&[
        "rollup",
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let back = phuluc::read_appendix(&out, &Default::default()).unwrap();
    let t = &back.tables[0];
    assert_eq!(t.items.iter().filter(|i| !i.stt.is_empty()).count(), 5);
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let formulas = wb.worksheet_formula("Tổng hợp").unwrap();
    let values = wb.worksheet_range("Tổng hợp").unwrap();
    let row = (0..values.end().unwrap().0)
        .find(|&r| values.get_value((r, 1)) == Some(&Data::String("Cộng các nhóm".into())))
        .unwrap();
    assert_eq!(values.get_value((row, 2)), Some(&Data::Float(13923.0)));
    let formula = formulas.get_value((row, 2)).unwrap();
    assert!(formula.starts_with("SUM(C"), "{formula}");
    let o = phuluc(&[
        "rollup",
        "--format",
        "xlsx",
        "workbooks/da-kia-phu-luc-iii.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2), "xlsx needs -o");
}

/// The comparison as a workbook: every difference a row with both cells,
/// and the total's movement per year as a formula saved with its value.
#[test]
fn diff_writes_a_checked_workbook() {
    let dir = scratch();
    let out = dir.path().join("thay-doi.xlsx");
    let o = phuluc(&[
        "diff",
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
        "workbooks/da-kia-phu-luc-iii.xlsx",
        "workbooks/da-kia-phu-luc-iii-sua.xlsx",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let changes = wb.worksheet_range("Thay đổi").unwrap();
    let kinds: Vec<String> = (0..=changes.end().unwrap().0)
        .filter_map(|r| match changes.get_value((r, 1)) {
            Some(Data::String(s)) if s != "Loại" => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Đánh số lại",
            "Thay đổi",
            "Thay đổi",
            "Thay đổi",
            "Thay đổi",
            "Thay đổi"
        ]
    );
    let totals = wb.worksheet_range("Tổng").unwrap();
    let formulas = wb.worksheet_formula("Tổng").unwrap();
    assert_eq!(totals.get_value((1, 0)), Some(&Data::String("2026".into())));
    assert_eq!(totals.get_value((1, 3)), Some(&Data::Float(8299.0)));
    assert_eq!(
        formulas.get_value((1, 3)).map(String::as_str),
        Some("C2-B2")
    );
}

/// A plan's period table and its yearly allocation table ("KẾ HOẠCH NĂM
/// 2026", one amount column): every line against the plan's 2026 column,
/// one wrong line exactly one finding.
#[test]
fn a_yearly_allocation_table_against_the_plans_period_table() {
    let mut period = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Năm 2026", "Năm 2027"],
        &[
            &[
                "1",
                "Phần mềm quản lý văn bản",
                "Văn phòng HĐND và UBND",
                "10",
                "20",
            ],
            &["2", "Camera an ninh", "Công an xã", "5", "5"],
            &["3", "Đèn chiếu sáng thông minh", "Phòng Kinh tế", "7", "8"],
            &["", "Tổng cộng", "", "22", "33"],
        ],
    );
    period.sheet = "Giai đoạn".into();
    let mut yearly = table(
        &["STT", "Nội dung", "Đơn vị chủ trì", "Kinh phí"],
        &[
            &[
                "1",
                "Phần mềm quản lý văn bản",
                "Văn phòng HĐND và UBND",
                "10",
            ],
            &["2", "Camera an ninh", "Công an xã", "5"],
            &["3", "Đèn chiếu sáng thông minh", "Phòng Kinh tế", "9"],
            &["", "Tổng cộng", "", "24"],
        ],
    );
    yearly.sheet = "Năm 2026".into();
    yearly.title = vec!["Phụ lục II".into(), "KẾ HOẠCH KINH PHÍ NĂM 2026".into()];
    let cell = addr(&yearly, 2, 3);
    let dir = scratch();
    let path = write(dir.path(), "ke-hoach.xlsx", &[period, yearly]);
    let appendix = phuluc::read_appendix(&path, &Default::default()).unwrap();
    let done = phuluc::reconcile::summary::reconcile(
        &[appendix],
        &phuluc::reconcile::names::Aliases::builtin(),
    );
    assert_eq!(done.matches.len(), 1, "{:?}", done.matches);
    assert_eq!(done.matches[0].by, By::Item);
    let found: Vec<(&str, &str, Option<&str>)> = done
        .findings
        .iter()
        .map(|f| (f.sheet.as_str(), f.cell.as_str(), f.expected.as_deref()))
        .collect();
    assert_eq!(found, [("Năm 2026", cell.as_str(), Some("7"))]);
}
