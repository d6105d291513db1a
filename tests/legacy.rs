//! Workbooks and CSV files typed in legacy Vietnamese encodings: TCVN3
//! (.VnTime), VNI-Windows, and 8-bit CSV in those or Windows-1258. Labels,
//! units, numbering and totals are recognised after conversion, cell by
//! cell, Unicode cells beside them untouched, with a `legacy-text` note.

mod common;
use common::*;
use phuluc::unit::Unit;
use phuluc::Severity;

/// An appendix whose labels are typed in a legacy encoding, with one
/// Unicode row beside them.
fn typed(
    unit: &str,
    header: [&str; 3],
    item: &str,
    total: &str,
    amount: &str,
) -> phuluc::sample::SampleTable {
    let mut t = table(
        &header,
        &[
            &["1", item, "40"],
            &["2", "Tập huấn chuyển đổi số", "60"],
            &["", total, amount],
        ],
    );
    t.unit_line = Some(unit.to_string());
    t
}

fn assert_read(o: &phuluc::Outcome, item: &str) {
    let read = &o.appendix.tables[0];
    assert_eq!(read.money_unit(), Some(Unit::Trieu), "{:?}", read.unit);
    assert_eq!(read.totals.len(), 1, "{:?}", read.items);
    assert_eq!(read.items[0].content, item);
    // The Unicode row beside them is untouched.
    assert_eq!(read.items[1].content, "Tập huấn chuyển đổi số");
    let note = o
        .findings
        .iter()
        .find(|f| f.code.as_str() == "legacy-text")
        .expect("legacy-text note");
    assert_eq!(note.severity, Severity::Info);
}

/// The TCVN3 appendix, its total typed as `total`.
fn tcvn3(total: &str) -> phuluc::sample::SampleTable {
    typed(
        "§¬n vÞ tÝnh: TriÖu ®ång",
        ["STT", "Néi dung", "Kinh phÝ"],
        "X©y dùng hÖ thèng",
        "Tæng céng",
        total,
    )
}

#[test]
fn a_tcvn3_appendix_is_read_as_unicode() {
    let o = check1(&tcvn3("100"));
    assert_read(&o, "Xây dựng hệ thống");
    assert_eq!(errors(&o), vec![]);
    let t = tcvn3("110");
    let o = check1(&t);
    assert_eq!(errors(&o), vec![("total-sum".to_string(), addr(&t, 2, 2))]);
    let note = o
        .findings
        .iter()
        .find(|f| f.code.as_str() == "legacy-text")
        .expect("legacy-text note");
    assert!(note
        .message(phuluc::report::lang::Lang::Vi)
        .contains("TCVN3"));
}

#[test]
fn a_vni_appendix_is_read_as_unicode() {
    let t = typed(
        "Ñôn vò tính: Trieäu ñoàng",
        ["STT", "Noäi dung", "Kinh phí"],
        "Xaây döïng heä thoáng",
        "Toång coäng",
        "100",
    );
    let o = check1(&t);
    assert_read(&o, "Xây dựng hệ thống");
    assert_eq!(errors(&o), vec![]);
    assert!(o
        .findings
        .iter()
        .find(|f| f.code.as_str() == "legacy-text")
        .unwrap()
        .message(phuluc::report::lang::Lang::En)
        .contains("VNI"));
}

fn csv_bytes(lines: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(l);
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn check_bytes(bytes: &[u8]) -> phuluc::Outcome {
    let dir = scratch();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, bytes).unwrap();
    phuluc::analyse(&path, &Default::default()).expect("an 8-bit CSV reads")
}

fn assert_csv(o: &phuluc::Outcome) {
    let read = &o.appendix.tables[0];
    assert_eq!(read.money_unit(), Some(Unit::Trieu), "{:?}", read.title);
    assert_eq!(read.items[0].content, "Xây dựng");
    assert_eq!(read.totals.len(), 1);
    assert!(o.findings.iter().any(|f| f.code.as_str() == "legacy-text"));
    assert_eq!(errors(o), vec![]);
}

#[test]
fn an_8_bit_csv_in_tcvn3_vni_or_windows_1258_is_read() {
    // TCVN3 bytes are the Latin-1 bytes of the TCVN3 strings above.
    let latin1 = |s: &str| s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>();
    let tcvn = csv_bytes(&[
        &latin1("§¬n vÞ tÝnh: TriÖu ®ång"),
        &latin1("STT,Néi dung,Kinh phÝ"),
        &latin1("1,X©y dùng,40"),
        &latin1(",Tæng céng,40"),
    ]);
    assert_csv(&check_bytes(&tcvn));
    let vni = csv_bytes(&[
        &latin1("Ñôn vò tính: Trieäu ñoàng"),
        &latin1("STT,Noäi dung,Kinh phí"),
        &latin1("1,Xaây döïng,40"),
        &latin1(",Toång coäng,40"),
    ]);
    assert_csv(&check_bytes(&vni));
    let cp1258 = csv_bytes(&[
        b"\xd0\xf5n vi\xf2 t\xednh: Tri\xea\xf2u \xf0\xf4\xccng",
        b"STT,N\xf4\xf2i dung,Kinh ph\xed",
        b"1,X\xe2y d\xfd\xf2ng,40",
        b",T\xf4\xd2ng c\xf4\xf2ng,40",
    ]);
    assert_csv(&check_bytes(&cp1258));
}

/// Every byte of TCVN3 decodes as glibc's iconv (TCVN5712-1) decodes it: an
/// independent implementation of the same public mapping.
#[test]
fn every_tcvn3_byte_agrees_with_iconv() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("iconv")
        .args(["-f", "TCVN5712-1", "-t", "UTF-8"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        assert!(std::env::var_os("CI").is_none(), "CI has iconv (libc-bin)");
        eprintln!("SKIPPED: iconv is not installed");
        return;
    };
    // Each byte on a line of its own, after a space, so that iconv's
    // combining marks (0xB0–0xB4) attach to the space and nothing else.
    let bytes: Vec<u8> = (0x80u8..=0xFF)
        .chain([0x01, 0x02, 0x04, 0x05, 0x06])
        .chain(0x11..=0x17)
        .collect();
    let mut input = Vec::new();
    for &b in &bytes {
        input.extend_from_slice(&[b'|', b, b'\n']);
    }
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), bytes.len());
    for (line, &b) in lines.iter().zip(&bytes) {
        let ours = phuluc::legacy::decode_tcvn3(&[b'|', b]);
        use unicode_normalization::UnicodeNormalization;
        let theirs: String = line.nfc().collect();
        assert_eq!(ours, theirs, "byte {b:#04x}");
    }
}

/// In an xlsx, a cell set in a TCVN3 font is TCVN3 whatever its letters,
/// and a capitals font (.VnTimeH) writes capitals over the lower-case codes.
#[test]
fn the_font_decides_encoding_and_case() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = scratch();
    let path = dir.path().join("vntime.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let lower = Format::new().set_font_name(".VnTime");
    let upper = Format::new().set_font_name(".VnTimeH");
    ws.write_string_with_format(0, 0, "§¬n vÞ tÝnh: triÖu ®ång", &lower)
        .unwrap();
    ws.write_string_with_format(2, 0, "STT", &lower).unwrap();
    ws.write_string_with_format(2, 1, "néi dung", &upper)
        .unwrap();
    ws.write_string_with_format(2, 2, "Kinh phÝ", &lower)
        .unwrap();
    ws.write_string(3, 0, "1").unwrap();
    // Letters a Unicode cell could hold too: the font says TCVN3.
    ws.write_string_with_format(3, 1, "Mua m¸y tÝnh", &lower)
        .unwrap();
    ws.write_number(3, 2, 40.0).unwrap();
    ws.write_string_with_format(4, 1, "tæng céng", &upper)
        .unwrap();
    ws.write_number(4, 2, 40.0).unwrap();
    wb.save(&path).unwrap();
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let read = &o.appendix.tables[0];
    assert_eq!(read.money_unit(), Some(Unit::Trieu));
    assert_eq!(read.columns[1].label, "NỘI DUNG");
    assert_eq!(read.items[0].content, "Mua máy tính");
    assert_eq!(read.totals[0].content, "TỔNG CỘNG");
    assert_eq!(errors(&o), vec![]);
}
