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
