//! Amounts in words: every integer to a million, and random amounts up to
//! 10^18, go to words and back unchanged, in the northern and southern
//! styles, with and without diacritics.

use phuluc::words::{parse_words, to_words, Style};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Strips Vietnamese diacritics (for the "without diacritics" variant).
fn ascii(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

#[test]
fn every_integer_to_a_million_round_trips() {
    let north = Style::default();
    let south = Style {
        tu: true,
        chan: true,
        end_mark: true,
        ..Style::south()
    };
    for n in 0..=1_000_000u64 {
        let d = Decimal::from(n);
        let w = to_words(d, &north);
        assert_eq!(parse_words(&w), Ok(d), "{n}: {w}");
        if n % 97 == 0 {
            let s = to_words(d, &south);
            assert_eq!(parse_words(&s), Ok(d), "{n}: {s}");
            assert_eq!(parse_words(&ascii(&w)), Ok(d), "{n}: {}", ascii(&w));
        }
    }
}

#[test]
fn tricky_cases_are_pinned() {
    for (n, words) in [
        (1_005u64, "Một nghìn không trăm linh năm đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (15, "Mười lăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_000_000_000_000_000, "Một triệu tỷ đồng"),
        (1_000_000_000_000_000_000, "Một tỷ tỷ đồng"),
    ] {
        assert_eq!(to_words(Decimal::from(n), &Style::default()), words);
        assert_eq!(parse_words(words), Ok(Decimal::from(n)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]
    #[test]
    fn random_amounts_to_a_quintillion_round_trip(n in 0u64..=1_000_000_000_000_000_000u64, south in any::<bool>()) {
        let style = if south { Style::south() } else { Style::default() };
        let d = Decimal::from(n);
        let w = to_words(d, &style);
        prop_assert_eq!(parse_words(&w), Ok(d), "{}", w);
        prop_assert_eq!(parse_words(&ascii(&w)), Ok(d), "{}", ascii(&w));
    }

    #[test]
    fn negative_and_decimal_amounts_round_trip(n in -1_000_000_000i64..1_000_000_000i64, scale in 0u32..3) {
        let d = Decimal::new(n, scale).normalize();
        prop_assert_eq!(parse_words(&to_words(d, &Style::default())), Ok(d));
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,60}") {
        let _ = parse_words(&s);
    }
}

#[test]
fn only_well_formed_numbers_are_read() {
    use phuluc::words::parse_words;
    // Pasted twice, scrambled, or beyond any amount: errors naming the word.
    for (text, word, position) in [
        ("một tỷ một tỷ", "tỷ", 4),
        ("hai nghìn ba triệu", "triệu", 4),
        ("năm nghìn hai nghìn", "nghìn", 4),
        ("một trăm tỷ tỷ tỷ", "tỷ", 5),
        ("một tỷ tỷ tỷ tỷ tỷ", "tỷ", 2),
    ] {
        let e = parse_words(text).expect_err(text);
        assert_eq!(
            (e.word.as_str(), e.position),
            (word, position),
            "{text}: {}",
            e.reason
        );
    }
    // The documented scales still read.
    let d = |s: &str| rust_decimal::Decimal::from_str_exact(s).unwrap();
    assert_eq!(
        parse_words("một tỷ tỷ hai tỷ").unwrap(),
        d("1000000002000000000")
    );
    assert_eq!(
        parse_words("một nghìn không trăm linh một tỷ").unwrap(),
        d("1001000000000")
    );
    assert_eq!(parse_words("ba triệu hai nghìn").unwrap(), d("3002000"));
}

#[test]
fn the_cli_never_panics_on_huge_words() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["words", "--parse", "một trăm tỷ tỷ tỷ", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("too large") && !err.contains("internal"),
        "{err}"
    );
    // In Vietnamese, every word of it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["words", "--parse", "một trăm tỷ tỷ tỷ", "--lang", "vi"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("số quá lớn") && !err.contains("too large"),
        "{err}"
    );
}

#[test]
fn words_agree_with_a_total_that_carries_a_fraction_of_a_dong() {
    // 1.234,5678905 triệu đồng = 1.234.567.890,5 đồng: words of
    // 1.234.567.891 đồng state it, rounded to the đồng.
    let mut t = phuluc::sample::SampleTable::new("Phụ lục");
    t.unit_line = Some("Đơn vị tính: triệu đồng".into());
    t.header = vec![vec!["STT".into(), "Nội dung".into(), "Kinh phí".into()]];
    use phuluc::sample::SampleCell as C;
    t.rows = vec![
        vec![C::text("1"), C::text("A"), C::Number(1000.1234567)],
        vec![C::text("2"), C::text("B"), C::Number(234.4444338)],
        vec![C::Empty, C::text("Tổng cộng"), C::Number(1234.5678905)],
    ];
    t.below = vec!["Bằng chữ: Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng".into()];
    let bytes = phuluc::sample::to_buffer(&[t]).unwrap();
    let o = phuluc::analyse_bytes("t.xlsx".as_ref(), bytes, &Default::default()).unwrap();
    let codes: Vec<&str> = o.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"words-match"), "{codes:?}");
    assert!(!codes.contains(&"words-mismatch"), "{codes:?}");
}
