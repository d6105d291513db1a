//! Finding tables as communes lay them out: title blocks, one- and two-row
//! headers with and without merges, line breaks, column-number rows,
//! synonyms of every column label, units, repeated headers, wrapped rows,
//! blank rows, signature blocks, several tables and sheets.

mod common;
use common::*;
use phuluc::detect::Role;
use phuluc::sample::SampleTable;
use phuluc::unit::Unit;

fn roles(o: &phuluc::Outcome, t: usize) -> Vec<Role> {
    o.appendix.tables[t]
        .columns
        .iter()
        .map(|c| c.role)
        .collect()
}

#[test]
fn title_block_is_skipped_and_unit_line_read() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["", "Tổng cộng", "40"]],
    );
    let o = check1(&t);
    let table = &o.appendix.tables[0];
    assert_eq!(table.header_rows, vec![t.header_row() + 1]);
    assert_eq!(table.money_unit(), Some(Unit::Trieu));
    assert!(table.title.iter().any(|l| l == "XÃ THỬ NGHIỆM"));
    assert_eq!(table.items.len(), 1);
    assert_eq!(table.totals.len(), 1);
}

#[test]
fn two_row_header_with_merged_group_and_line_breaks() {
    let mut t = table(
        &[],
        &[
            &["1", "A", "Phòng KT", "10", "20", "30"],
            &["", "Tổng cộng", "", "10", "20", "30"],
        ],
    );
    t.header = vec![
        vec![
            "TT".into(),
            "Tên nhiệm vụ".into(),
            "Cơ quan chủ trì".into(),
            "Kinh phí thực hiện".into(),
            "".into(),
            "".into(),
        ],
        vec![
            "".into(),
            "".into(),
            "".into(),
            "Năm\n2026".into(),
            "2027".into(),
            "Tổng số".into(),
        ],
    ];
    let o = check(&[t]);
    assert_eq!(
        roles(&o, 0),
        vec![
            Role::Stt,
            Role::Content,
            Role::Lead,
            Role::Year(2026),
            Role::Year(2027),
            Role::PeriodTotal
        ]
    );
    assert_eq!(
        o.appendix.tables[0].columns[3].label,
        "Kinh phí thực hiện / Năm 2026"
    );
    assert_eq!(errors(&o), vec![]);
}

#[test]
fn two_row_header_without_merges_in_csv() {
    let o = check_csv(&[
        &["Đơn vị tính: nghìn đồng", "", "", "", "", ""],
        &["STT", "Nội dung", "Phân công", "", "Dự toán", ""],
        &["", "", "Chủ trì", "Phối hợp", "Năm 2026", "Năm 2027"],
        &["1", "Tập huấn", "Phòng VH", "Các phòng", "1.500", "2.000"],
        &["2", "Hội nghị", "Văn phòng", "", "500", "500"],
        &["", "Cộng", "", "", "2.000", "2.500"],
    ]);
    assert_eq!(
        roles(&o, 0),
        vec![
            Role::Stt,
            Role::Content,
            Role::Lead,
            Role::Partner,
            Role::Year(2026),
            Role::Year(2027)
        ]
    );
    assert_eq!(o.appendix.tables[0].money_unit(), Some(Unit::Nghin));
    assert_eq!(errors(&o), vec![]);
}

#[test]
fn column_number_rows_are_skipped() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "A", "40"],
            &["2", "B", "60"],
            &["", "Tổng cộng", "100"],
        ],
    );
    t.column_numbers = true;
    let o = check1(&t);
    assert_eq!(o.appendix.tables[0].legend_row, Some(t.header_row() + 2));
    assert_eq!(o.appendix.tables[0].items.len(), 2);
    // "A B 1 2" style, typed by hand.
    let o = check_csv(&[
        &["TT", "Nội dung", "Kinh phí (triệu đồng)"],
        &["A", "B", "1"],
        &["1", "X", "5"],
        &["", "Tổng", "5"],
    ]);
    assert_eq!(o.appendix.tables[0].legend_row, Some(2));
    assert_eq!(o.appendix.tables[0].money_unit(), Some(Unit::Trieu));
}

#[test]
fn label_synonyms() {
    for (label, role) in [
        ("TT", Role::Stt),
        ("Số TT", Role::Stt),
        ("Tên nhiệm vụ", Role::Content),
        ("Nội dung công việc", Role::Content),
        ("Cơ quan chủ trì", Role::Lead),
        ("Đơn vị phối hợp", Role::Partner),
        ("2026", Role::Year(2026)),
        ("Tổng giai đoạn 2026-2030", Role::PeriodTotal),
        ("Đơn vị tính", Role::MeasureUnit),
        ("Khối lượng", Role::Quantity),
        ("Đơn giá", Role::UnitPrice),
        ("Thành tiền", Role::Amount),
        ("Dự kiến kinh phí", Role::Amount),
        ("Ghi chú", Role::Note),
    ] {
        assert_eq!(phuluc::detect::classify(label, ""), role, "{label}");
    }
}

#[test]
fn unit_in_header_and_short_unit_line() {
    let mut t = table(
        &["STT", "Nội dung", "Kinh phí (tỷ đồng)"],
        &[&["1", "A", "2"]],
    );
    t.unit_line = None;
    assert_eq!(check(&[t]).appendix.tables[0].money_unit(), Some(Unit::Ty));
    let mut t = table(&["STT", "Nội dung", "Kinh phí"], &[&["1", "A", "2"]]);
    t.unit_line = Some("ĐVT: Nghìn đồng".into());
    assert_eq!(
        check(&[t]).appendix.tables[0].money_unit(),
        Some(Unit::Nghin)
    );
    // An organisation is no unit.
    let mut t = table(&["STT", "Nội dung", "Kinh phí"], &[&["1", "A", "2"]]);
    t.unit_line = Some("Đơn vị: UBND xã Thử Nghiệm".into());
    assert_eq!(check(&[t]).appendix.tables[0].money_unit(), None);
}

#[test]
fn repeated_header_wrapped_rows_blank_rows_and_signature() {
    let t = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[
            &["1", "Triển khai hệ thống truyền tin", "100"],
            &["", "cảnh báo cháy, nổ tại trụ sở", ""],
            &["", "", ""],
            &["'STT", "Nội dung", "'Kinh phí"],
            &["2", "Tập huấn", "50"],
            &["", "Tổng cộng", "150"],
        ],
    );
    let mut t = t;
    t.below = vec![
        "".into(),
        "TM. ỦY BAN NHÂN DÂN".into(),
        "CHỦ TỊCH".into(),
        "Nguyễn Văn A".into(),
    ];
    let o = check1(&t);
    let table = &o.appendix.tables[0];
    assert_eq!(table.items.len(), 2, "{:#?}", table.items);
    assert_eq!(
        table.items[0].content,
        "Triển khai hệ thống truyền tin cảnh báo cháy, nổ tại trụ sở"
    );
    assert_eq!(*table.items[0].continued, [t.body_row() + 1]);
    assert_eq!(errors(&o), vec![]);
    assert_eq!(table.range.split(':').nth(1), Some(addr(&t, 5, 2).as_str()));
}

#[test]
fn several_tables_on_a_sheet_and_several_sheets() {
    let mut one = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "A", "40"], &["", "Tổng cộng", "40"]],
    );
    one.below = vec!["".into(), "".into()];
    let mut rows = one.rows.clone();
    rows.push(vec![]);
    rows.push(vec![cell("'Phụ lục II")]);
    rows.push(vec![cell("'Đơn vị tính: triệu đồng")]);
    rows.push(vec![cell("'TT"), cell("'Tên nhiệm vụ"), cell("'Dự toán")]);
    rows.push(vec![cell("1"), cell("B"), cell("70")]);
    rows.push(vec![cell(""), cell("Tổng cộng"), cell("75")]);
    one.rows = rows;
    let mut other = table(
        &["STT", "Nội dung", "Kinh phí"],
        &[&["1", "C", "5"], &["", "Tổng cộng", "5"]],
    );
    other.sheet = "Phụ lục III".into();
    let mut empty = SampleTable::new("Ghi chú");
    empty.right_block = vec![];
    empty.rows = vec![vec![cell("'Bảng này để trống")]];
    let o = check(&[one.clone(), other, empty]);
    assert_eq!(o.appendix.tables.len(), 3);
    assert_eq!(o.appendix.tables[1].items[0].content, "B");
    assert_eq!(o.appendix.sheets_without_table, vec!["Ghi chú".to_string()]);
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), addr(&one, 7, 2))]
    );
}

#[test]
fn the_national_motto_is_not_a_total() {
    assert!(!phuluc::model::is_total_label(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ));
    assert!(phuluc::model::is_total_label("TỔNG CỘNG"));
    assert!(phuluc::model::is_total_label("Tổng cộng (I+II+III)"));
    assert!(phuluc::model::is_total_label("Cộng"));
    assert!(!phuluc::model::is_total_label("Tổng kết công tác"));
}

#[test]
fn nfd_text_reads_like_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd = |s: &str| s.nfd().collect::<String>();
    let o = check_csv(&[
        &[&nfd("Đơn vị tính: triệu đồng"), "", ""],
        &["STT", &nfd("Nội dung"), &nfd("Kinh phí")],
        &["1", "A", "40"],
        &["", &nfd("Tổng cộng"), "41"],
    ]);
    assert_eq!(o.appendix.tables[0].money_unit(), Some(Unit::Trieu));
    assert_eq!(
        errors(&o),
        vec![("total-sum".to_string(), "C4".to_string())]
    );
}

#[test]
fn a_sheet_without_a_table_is_said_not_guessed() {
    let o = check_csv(&[&["Báo cáo tình hình"], &["Nội dung báo cáo ở đây"]]);
    assert!(o.appendix.tables.is_empty());
    assert_eq!(o.appendix.sheets_without_table.len(), 1);
}

#[test]
fn numbering_merged_with_its_heading_is_split() {
    let o = check_csv(&[
        &["STT", "Tên Đề tài/Đề án", "Ghi chú"],
        &["I. Lĩnh vực Công nghệ thông tin", "", ""],
        &["1", "Trợ lý ảo cho cán bộ", ""],
        &["II. Lĩnh vực nông nghiệp", "", ""],
        &["1", "Truy xuất nguồn gốc", ""],
    ]);
    let items = &o.appendix.tables[0].items;
    assert_eq!(items.len(), 4);
    assert_eq!(
        (items[0].stt.as_str(), items[0].content.as_str()),
        ("I.", "Lĩnh vực Công nghệ thông tin")
    );
    assert_eq!(items[3].parent_index(), Some(2));
    assert_eq!(codes(&o), vec![]);
}

#[test]
fn sub_labels_under_a_group_continue_the_header() {
    let o = check_csv(&[
        &[
            "STT",
            "Mục tiêu",
            "Chỉ tiêu",
            "",
            "Cơ quan chủ trì theo dõi",
        ],
        &["", "", "Đến hết năm 2030", "Đến hết năm 2045", ""],
        &["1", "Phủ sóng 5G", "100%", "100%", "Phòng VH-XH"],
    ]);
    let t = &o.appendix.tables[0];
    assert_eq!(t.header_rows, vec![1, 2]);
    assert_eq!(
        roles(&o, 0),
        vec![
            Role::Stt,
            Role::Content,
            Role::Target,
            Role::Target,
            Role::Lead
        ]
    );
    assert_eq!(t.items.len(), 1);
    assert!(!t.has_money);
}

/// A sheet's rows are let go as its table is built (`analyse` builds with
/// `model::build_table_releasing`): the table below it, and the lines
/// between, must read exactly as when the sheet is kept whole.
#[test]
fn a_table_below_a_large_one_reads_the_same_when_rows_are_let_go() {
    let mut csv = String::from("Phụ lục I\nSTT,Nội dung,Kinh phí\n");
    for i in 1..=20_000 {
        csv.push_str(&format!(
            "{i},Nhiệm vụ thứ {i} của phụ lục một,{}\n",
            i % 97 + 1
        ));
    }
    let first: u32 = (1..=20_000).map(|i| i % 97 + 1).sum();
    csv.push_str(&format!(
        ",Tổng cộng,{first}\n\nPhụ lục II\nĐơn vị tính: triệu đồng\n"
    ));
    csv.push_str("STT,Nội dung,Kinh phí\n");
    for i in 1..=20_000 {
        csv.push_str(&format!(
            "{i},Việc thứ {i} của phụ lục hai,{}\n",
            i % 89 + 2
        ));
    }
    let second: u32 = (1..=20_000).map(|i| i % 89 + 2).sum();
    csv.push_str(&format!(",Tổng cộng,{second}\n"));
    let name = std::path::Path::new("hai-bang.csv");
    let outcome =
        phuluc::analyse_bytes(name, csv.clone().into_bytes(), &Default::default()).expect("read");
    let mut source = phuluc::read::Source::from_bytes(name, csv.into_bytes()).unwrap();
    let sheet = source.sheet("hai-bang").unwrap();
    let mut kept = Vec::new();
    let mut start = 0;
    while let Some(layout) = phuluc::detect::find_layout(&sheet, start) {
        let (table, end) = phuluc::model::build_table(&sheet, &layout);
        kept.push(table);
        start = end + 1;
    }
    let tables = &outcome.appendix.tables;
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[1].items.len(), 20_000);
    assert_eq!(tables[1].items[0].content, "Việc thứ 1 của phụ lục hai");
    assert!(tables[1].title.iter().any(|t| t == "Phụ lục II"));
    assert!(!outcome.has_errors(), "{:?}", outcome.findings.first());
    // The same tables, but for the lines under the first: `analyse` gives
    // the second table's title to the second table, not as closing lines.
    kept[0].closing.clear();
    assert!(tables[0].closing.is_empty());
    // What the checks compared is said by `analyse` only.
    let mut tables = tables.clone();
    for t in &mut tables {
        assert!(t.coverage.is_some());
        t.coverage = None;
    }
    let same = serde_json::to_string(&tables).unwrap() == serde_json::to_string(&kept).unwrap();
    assert!(same, "the tables read differently when rows are let go");
}
