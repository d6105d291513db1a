//! Property-based fuzzing of everything that parses: text amounts, STT,
//! units, whole CSV files, and workbook bytes (random, and real workbooks
//! with bytes flipped). Nothing may panic; every file gives a result or an
//! error.

use phuluc::number::{format_vn, parse_amount, Parsed};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::io::Write;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn amount_text_never_panics(s in "\\PC{0,40}") {
        let _ = parse_amount(&s);
    }

    #[test]
    fn amounts_formatted_the_vietnamese_way_read_back(n in -1_000_000_000_000i64..1_000_000_000_000i64, scale in 0u32..3) {
        let d = Decimal::new(n, scale).normalize();
        let text = format_vn(d);
        match parse_amount(&text) {
            Parsed::Number { value, .. } => prop_assert_eq!(value, d),
            // "1.200" alone is ambiguous; its grouped reading is the amount.
            Parsed::Ambiguous { grouped, .. } => prop_assert_eq!(grouped, d),
            other => prop_assert!(false, "{text} read as {other:?}"),
        }
    }

    #[test]
    fn stt_and_units_never_panic(s in "\\PC{0,30}") {
        let _ = phuluc::stt::parse(&s);
        let _ = phuluc::unit::parse_unit(&s);
        let _ = phuluc::unit::unit_statement(&s);
        let _ = phuluc::model::is_total_label(&s);
        let _ = phuluc::detect::classify(&s, &s);
    }

    #[test]
    fn any_csv_gives_a_result(rows in prop::collection::vec(prop::collection::vec("[0-9.,() \\-]{0,8}|STT|TT|Nội dung|Năm 2026|Tổng cộng|Trong đó|I|II|1\\.1|a\\)|-|\\PC{0,12}", 0..8), 0..30)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        let mut f = std::fs::File::create(&path).unwrap();
        for r in &rows {
            let line: Vec<String> = r.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            writeln!(f, "{}", line.join(",")).unwrap();
        }
        drop(f);
        let _ = phuluc::analyse(&path, &Default::default());
    }

    #[test]
    fn random_bytes_named_as_workbooks_give_a_result(bytes in prop::collection::vec(any::<u8>(), 0..2048), ext in "xlsx|xls|ods|xlsb|csv") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("f.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let _ = phuluc::analyse(&path, &Default::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_real_workbooks_give_a_result(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20), which in 0usize..3) {
        let name = ["workbooks/da-kia-phu-luc-iii.xlsx", "workbooks/ha-long-phu-luc-2.xlsx", "workbooks/ha-long-phu-luc-1.xlsx"][which];
        let mut bytes = std::fs::read(name).unwrap();
        for (i, b) in flips {
            let at = i.index(bytes.len());
            bytes[at] ^= b;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let _ = phuluc::analyse(&path, &Default::default());
    }
}

/// Every input the fuzzer (`fuzz/main.rs`) found to panic, hang or take
/// unbounded memory is read again here, by the binary, under a 2 GB
/// address-space limit and a minute: it must give a result or one error
/// line (exit 0, 1 or 2), never an abort or a hang.
#[test]
fn fuzzer_finds_stay_fixed() {
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir("fuzz/regressions")
        .expect("fuzz/regressions")
        .flatten()
        .map(|e| e.path())
        .collect();
    found.sort();
    assert!(!found.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for path in found {
        let out = dir.path().join("out.xlsx");
        // What the fuzzer runs: check, and format with its fix plan.
        for run in [
            format!("check '{}'", path.display()),
            format!(
                "format '{}' --fix --force -o '{}'",
                path.display(),
                out.display()
            ),
        ] {
            let o = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "ulimit -v 2000000 && exec timeout 60 '{}' {run}",
                    env!("CARGO_BIN_EXE_phuluc")
                ))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                matches!(o.status.code(), Some(0..=2)) && !err.contains("internal error"),
                "{run}: {:?} {err}",
                o.status
            );
        }
    }
}
