//! Workbooks shaped like the ones communes send: a title block, the appendix
//! title, a unit line, a two-row header with merged groups, an optional
//! column-number row, the rows as typed, and lines below the table.
//!
//! The examples in `workbooks/`, the tests and the benchmarks build their
//! inputs with this module, so what phuluc is tested on looks like what it
//! meets. The sheet is written with the parts and styles of every appendix
//! phuluc writes (title block, header with merged groups, column-number
//! row); only the cells are written as typed — totals as numbers, mistakes
//! kept.
//!
//! ```
//! use phuluc::sample::{SampleCell, SampleTable};
//! let mut t = SampleTable::new("Phụ lục 1");
//! t.unit_line = Some("Đơn vị tính: triệu đồng".into());
//! t.header = vec![vec!["STT".into(), "Nội dung".into(), "Kinh phí".into()]];
//! t.rows.push(vec![SampleCell::text("1"), SampleCell::text("Tập huấn"), SampleCell::Number(40.0)]);
//! t.rows.push(vec![SampleCell::Empty, SampleCell::text("Tổng cộng"), SampleCell::Number(40.0)]);
//! let bytes = phuluc::sample::to_buffer(&[t]).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! ```

use crate::number::{parse_amount, Parsed, Style};
use crate::write::parts;
use crate::write::styles::{styles, RowStyle, Styles};
use rust_xlsxwriter::{Formula, Workbook, XlsxError};
use std::path::Path;

/// One cell of a sample table.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleCell {
    /// Nothing.
    Empty,
    /// Text, kept as typed.
    Text(String),
    /// A number cell.
    Number(f64),
    /// A formula (with `=`) and the value saved with it.
    Formula(String, f64),
}

impl SampleCell {
    /// A text cell.
    pub fn text(s: &str) -> SampleCell {
        if s.is_empty() {
            SampleCell::Empty
        } else {
            SampleCell::Text(s.to_string())
        }
    }

    /// A row as typed: the first cell (STT) as text, the others by
    /// [`SampleCell::typed`].
    pub fn typed_row(cells: &[String]) -> Vec<SampleCell> {
        cells
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i == 0 {
                    SampleCell::text(s)
                } else {
                    SampleCell::typed(s)
                }
            })
            .collect()
    }

    /// A cell as an office would have typed what a seed CSV shows: numbers
    /// written with grouping become number cells; "3 000" (a space cannot be
    /// typed into a number cell), malformed numbers and words stay text.
    pub fn typed(s: &str) -> SampleCell {
        let number =
            |d: rust_decimal::Decimal| d.to_string().parse::<f64>().ok().map(SampleCell::Number);
        match parse_amount(s) {
            Parsed::Number {
                style: Style::SpaceGrouped,
                ..
            } => SampleCell::text(s),
            Parsed::Number { value, .. } => number(value).unwrap_or_else(|| SampleCell::text(s)),
            Parsed::Ambiguous { grouped, .. } => {
                number(grouped).unwrap_or_else(|| SampleCell::text(s))
            }
            _ => SampleCell::text(s),
        }
    }
}

/// A sheet with one appendix table.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleTable {
    /// Sheet name.
    pub sheet: String,
    /// Top-left block: "ỦY BAN NHÂN DÂN", "XÃ …".
    pub left_block: Vec<String>,
    /// Top-right block: the national motto.
    pub right_block: Vec<String>,
    /// Appendix title lines: "Phụ lục III", the title, "(Kèm theo …)".
    pub title: Vec<String>,
    /// "Đơn vị tính: triệu đồng", right-aligned above the table.
    pub unit_line: Option<String>,
    /// Header rows. With two rows, a label in the first row followed by
    /// empty cells whose second-row cells are labelled is merged across
    /// them (a group); a first-row label with nothing below is merged down.
    pub header: Vec<Vec<String>>,
    /// Adds a column-number row "(1) (2) …" under the header.
    pub column_numbers: bool,
    /// The table's rows.
    pub rows: Vec<Vec<SampleCell>>,
    /// Lines under the table (words line, signature), first column.
    pub below: Vec<String>,
    /// Column widths, in characters; missing ones are 12.
    pub widths: Vec<f64>,
}

impl SampleTable {
    /// An empty table on a sheet, with the usual title block.
    pub fn new(sheet: &str) -> SampleTable {
        SampleTable {
            sheet: sheet.to_string(),
            left_block: Vec::new(),
            right_block: vec![
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                "Độc lập - Tự do - Hạnh phúc".into(),
            ],
            title: Vec::new(),
            unit_line: None,
            header: Vec::new(),
            column_numbers: false,
            rows: Vec::new(),
            below: Vec::new(),
            widths: Vec::new(),
        }
    }

    /// The first row (0-based) of the header once written.
    pub fn header_row(&self) -> u32 {
        let block = self.left_block.len().max(self.right_block.len()) as u32;
        let gap = u32::from(block > 0);
        block + gap + self.title.len() as u32 + u32::from(self.unit_line.is_some())
    }

    /// The first row (0-based) of the body once written.
    pub fn body_row(&self) -> u32 {
        self.header_row() + self.header.len() as u32 + u32::from(self.column_numbers)
    }

    fn width(&self) -> u16 {
        self.header
            .iter()
            .map(Vec::len)
            .chain(self.rows.iter().map(Vec::len))
            .max()
            .unwrap_or(1)
            .max(1) as u16
    }
}

fn write_sheet(wb: &mut Workbook, t: &SampleTable, st: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&t.sheet)?;
    let width = t.width();
    let col_width = |c: u16| t.widths.get(c as usize).copied().unwrap_or(12.0);
    for c in 0..width {
        ws.set_column_width(c, col_width(c))?;
    }
    let mut row = parts::title_block(ws, 0, &t.left_block, &t.right_block, width, st)?;
    if row > 0 {
        row += 1;
    }
    row = parts::title_lines(ws, row, &t.title, width, st)?;
    if let Some(u) = &t.unit_line {
        parts::unit_line(ws, row, u, width, st)?;
        row += 1;
    }
    if !t.header.is_empty() {
        let paths = parts::paths_of_rows(&t.header, width);
        let rows = t.header.len() as u32;
        row += parts::header(ws, row, &paths, rows, &col_width, st)?;
    }
    if t.column_numbers {
        let texts: Vec<String> = (1..=width).map(|c| format!("({c})")).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        parts::column_numbers(ws, row, &texts, st)?;
        row += 1;
    }
    let number = &st.numbers[RowStyle::Text as usize];
    for cells in &t.rows {
        for c in 0..width {
            match cells.get(c as usize).unwrap_or(&SampleCell::Empty) {
                SampleCell::Empty => ws.write_blank(row, c, &st.text)?,
                SampleCell::Text(s) => ws.write_string_with_format(row, c, s, &st.text)?,
                SampleCell::Number(n) => ws.write_number_with_format(row, c, *n, number)?,
                SampleCell::Formula(text, value) => {
                    let formula = Formula::new(text).set_result(value.to_string());
                    ws.write_formula_with_format(row, c, formula, number)?
                }
            };
        }
        row += 1;
    }
    for line in &t.below {
        ws.write_string_with_format(row, 0, line, &st.plain)?;
        row += 1;
    }
    Ok(())
}

/// A large, clean appendix for benchmarks: 10 sections (I, II …) of 100
/// items (1, 2 …) of sub-items (1.1 …) × five years, subtotals on every
/// parent and a total row; about `rows` rows.
pub fn large_appendix(rows: usize) -> SampleTable {
    let mut t = SampleTable::new("Phụ lục III");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ ĐA KIA".into()];
    t.title = vec![
        "Phụ lục III".into(),
        "DANH MỤC NHIỆM VỤ GIAI ĐOẠN 2026-2030".into(),
    ];
    t.unit_line = Some("Đơn vị tính: triệu đồng".into());
    let years = [
        "Năm\n2026",
        "Năm\n2027",
        "Năm\n2028",
        "Năm\n2029",
        "Năm\n2030",
    ];
    let mut top = vec![
        "STT".to_string(),
        "Nội dung nhiệm vụ".into(),
        "Đơn vị chủ trì".into(),
        "Đơn vị phối hợp".into(),
        "Kinh phí thực hiện".into(),
    ];
    top.extend(std::iter::repeat_n(String::new(), 4));
    top.push("Ghi chú".into());
    let mut sub = vec![String::new(); 4];
    sub.extend(years.iter().map(|s| s.to_string()));
    sub.push(String::new());
    t.header = vec![top, sub];
    let (sections, items) = (10usize, 100usize);
    let per_item = (rows / (sections * items)).max(2) - 1;
    let mut grand = [0f64; 5];
    for s in 1..=sections {
        let section_row = t.rows.len();
        t.rows.push(vec![
            SampleCell::text(&crate::stt::to_roman(s as u32)),
            SampleCell::text(&format!("Các nội dung thực hiện chuyển đổi số, phần {s}")),
        ]);
        let mut section_sum = [0f64; 5];
        for i in 1..=items {
            let item_row = t.rows.len();
            t.rows.push(vec![
                SampleCell::text(&i.to_string()),
                SampleCell::text(&format!(
                    "Triển khai đầu tư cơ sở hạ tầng số, hạng mục {s}.{i}"
                )),
            ]);
            let mut item_sum = [0f64; 5];
            for k in 1..=per_item {
                let mut row = vec![
                    SampleCell::text(&format!("{i}.{k}")),
                    SampleCell::text(&format!(
                        "Mua sắm thiết bị văn phòng, nâng cấp mạng LAN, wifi (gói {s}.{i}.{k})"
                    )),
                    SampleCell::text("Văn phòng HĐND và UBND"),
                    SampleCell::text("Các phòng, ban chuyên môn xã"),
                ];
                for (y, sum) in item_sum.iter_mut().enumerate() {
                    let v = ((s * 7 + i * 13 + k * 31 + y * 3) % 997 + 10) as f64;
                    *sum += v;
                    row.push(SampleCell::Number(v));
                }
                row.push(SampleCell::Empty);
                t.rows.push(row);
            }
            for y in 0..5 {
                t.rows[item_row].push(SampleCell::Empty);
                section_sum[y] += item_sum[y];
            }
            t.rows[item_row].truncate(2);
            t.rows[item_row].extend([SampleCell::Empty, SampleCell::Empty]);
            t.rows[item_row].extend(item_sum.iter().map(|v| SampleCell::Number(*v)));
        }
        t.rows[section_row].extend([SampleCell::Empty, SampleCell::Empty]);
        t.rows[section_row].extend(section_sum.iter().map(|v| SampleCell::Number(*v)));
        for y in 0..5 {
            grand[y] += section_sum[y];
        }
    }
    let mut total = vec![
        SampleCell::Empty,
        SampleCell::text("Tổng cộng"),
        SampleCell::Empty,
        SampleCell::Empty,
    ];
    total.extend(grand.iter().map(|v| SampleCell::Number(*v)));
    t.rows.push(total);
    t
}

/// The header of an estimate's detail sheet as estimating software writes
/// it.
pub const ESTIMATE_HEADER: [&str; 7] = [
    "STT",
    "Mã hiệu",
    "Nội dung công việc",
    "Đơn vị",
    "Khối lượng",
    "Đơn giá",
    "Thành tiền",
];

/// Lines per part of [`large_estimate`].
pub const ESTIMATE_PART_LINES: usize = 50;

/// A large, clean cost estimate for benchmarks and tests: parts of
/// [`ESTIMATE_PART_LINES`] lines ("*" row, lines, "TỔNG CỘNG: Hạng mục 1"),
/// then TỔNG HẠNG MỤC and LÀM TRÒN; quantities, prices and products as
/// Excel computes them, work codes repeating every 400 lines.
///
/// ```
/// let t = phuluc::sample::large_estimate(120);
/// let o = phuluc::analyse_bytes("du-toan.xlsx".as_ref(), phuluc::sample::to_buffer(&[t])?, &Default::default())?;
/// assert!(!o.has_errors());
/// assert_eq!(o.appendix.tables[0].totals.len(), 3 + 2);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn large_estimate(lines: usize) -> SampleTable {
    let mut t = SampleTable::new("Dự toán chi tiết");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), "XÃ THỬ NGHIỆM".into()];
    t.title = vec!["BẢNG DỰ TOÁN CHI TIẾT".into()];
    t.unit_line = Some("Đơn vị tính: đồng".into());
    t.header = vec![ESTIMATE_HEADER.iter().map(|s| s.to_string()).collect()];
    let text = SampleCell::text;
    // A row whose Thành tiền `retotal_estimate` fills.
    let blank_to_amount = || vec![text(""); 7];
    for part in 0..lines.div_ceil(ESTIMATE_PART_LINES) {
        let name = format!("Hạng mục {}", part + 1);
        t.rows.push(vec![
            text(""),
            text("*"),
            text(&name),
            text(""),
            SampleCell::Number(0.0),
            text(""),
            text(""),
        ]);
        for i in 0..ESTIMATE_PART_LINES.min(lines - part * ESTIMATE_PART_LINES) {
            let n = part * ESTIMATE_PART_LINES + i + 1;
            let (q, p) = (
                1.0 + (n % 97) as f64 * 0.37,
                10_000.0 + (n % 53) as f64 * 1_234.567,
            );
            t.rows.push(vec![
                text(&n.to_string()),
                text(&format!("AF.{:05}", n % 400)),
                text(&format!("Công tác số {n}")),
                text("m3"),
                SampleCell::Number(q),
                SampleCell::Number(p),
                SampleCell::Number(q * p),
            ]);
        }
        let mut total = blank_to_amount();
        total[2] = text(&format!("TỔNG CỘNG: {name}"));
        t.rows.push(total);
    }
    let mut whole = blank_to_amount();
    whole[2] = text("TỔNG HẠNG MỤC");
    t.rows.push(whole);
    let mut rounded = blank_to_amount();
    rounded[2] = text("LÀM TRÒN");
    t.rows.push(rounded);
    retotal_estimate(&mut t);
    t
}

/// Writes the totals of a [`large_estimate`] from its lines as they stand
/// (each part's sum of Thành tiền, their sum, that rounded to 1.000 đồng):
/// a test that changes lines keeps the totals consistent with them.
pub fn retotal_estimate(t: &mut SampleTable) {
    let amount = |row: &[SampleCell]| match row.get(6) {
        Some(SampleCell::Number(x)) => *x,
        _ => 0.0,
    };
    let (mut part, mut whole) = (0.0, 0.0);
    for row in &mut t.rows {
        let label = match row.get(2) {
            Some(SampleCell::Text(s)) => s.clone(),
            _ => String::new(),
        };
        if label.starts_with("TỔNG CỘNG") {
            row[6] = SampleCell::Number(part);
            whole += part;
            part = 0.0;
        } else if label == "TỔNG HẠNG MỤC" {
            row[6] = SampleCell::Number(whole);
        } else if label == "LÀM TRÒN" {
            row[6] = SampleCell::Number((whole / 1000.0).round() * 1000.0);
        } else {
            part += amount(row);
        }
    }
}

/// A commune's 2026-2030 appendix of 51 rows for benchmarks and tests:
/// five sections of nine tasks with their lead units, section subtotals
/// and a total row, "XÃ THỬ NGHIỆM n" in the title block; amounts vary with
/// `n`, and every sum holds.
///
/// ```
/// let t = phuluc::sample::commune_appendix(7);
/// let o = phuluc::analyse_bytes("xa-7.xlsx".as_ref(), phuluc::sample::to_buffer(&[t])?, &Default::default())?;
/// assert!(!o.has_errors());
/// assert_eq!(o.appendix.tables[0].items.len(), 50);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub fn commune_appendix(n: usize) -> SampleTable {
    let mut t = SampleTable::new("Phụ lục");
    t.left_block = vec!["ỦY BAN NHÂN DÂN".into(), format!("XÃ THỬ NGHIỆM {n}")];
    t.title = vec!["Phụ lục I".into(), "KẾ HOẠCH CHUYỂN ĐỔI SỐ".into()];
    t.unit_line = Some("Đơn vị tính: triệu đồng".into());
    t.header = vec![[
        "STT",
        "Nội dung",
        "Đơn vị chủ trì",
        "Năm 2026",
        "Năm 2027",
        "Năm 2028",
        "Năm 2029",
        "Năm 2030",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    let units = [
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Văn phòng HĐND và UBND",
        "Công an xã",
    ];
    let mut totals = [0.0f64; 5];
    for s in 0..5 {
        let mut rows = Vec::new();
        let mut sub = [0.0f64; 5];
        for i in 0..9 {
            let v = ((n * 7 + s * 13 + i * 3) % 50 + 10) as f64;
            let mut row = vec![
                SampleCell::text(&format!("{}", i + 1)),
                SampleCell::text(&format!("Nhiệm vụ {}.{}", s + 1, i + 1)),
                SampleCell::text(units[(i + s) % units.len()]),
            ];
            for (y, slot) in sub.iter_mut().enumerate() {
                row.push(SampleCell::Number(v + y as f64));
                *slot += v + y as f64;
            }
            rows.push(row);
        }
        let roman = ["I", "II", "III", "IV", "V"][s];
        let mut head = vec![
            SampleCell::text(roman),
            SampleCell::text(&format!("Mục {roman}")),
            SampleCell::Empty,
        ];
        head.extend(sub.iter().map(|v| SampleCell::Number(*v)));
        t.rows.push(head);
        t.rows.extend(rows);
        for (total, part) in totals.iter_mut().zip(sub) {
            *total += part;
        }
    }
    let mut total = vec![
        SampleCell::Empty,
        SampleCell::text("Tổng cộng"),
        SampleCell::Empty,
    ];
    total.extend(totals.iter().map(|v| SampleCell::Number(*v)));
    t.rows.push(total);
    t
}

/// Writes sample tables, one sheet each, to bytes.
pub fn to_buffer(tables: &[SampleTable]) -> Result<Vec<u8>, crate::Error> {
    build(tables).map_err(|e| {
        let problem = crate::Problem::Build(e.to_string());
        crate::Error::caused_by("-".as_ref(), problem, e)
    })
}

fn build(tables: &[SampleTable]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same tables give the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let st = styles();
    for t in tables {
        write_sheet(&mut wb, t, &st)?;
    }
    wb.save_to_buffer()
}

/// Writes sample tables, one sheet each, to a file.
pub fn save(tables: &[SampleTable], path: &Path) -> Result<(), crate::Error> {
    let mut bytes = to_buffer(tables);
    if let Err(e) = &mut bytes {
        e.path = path.to_path_buf();
    }
    let bytes = bytes?;
    std::fs::write(path, bytes)
        .map_err(|e| crate::Error::caused_by(path, crate::Problem::Write(e.to_string()), e))
}

/// Reads a seeds CSV (UTF-8, comma separated) into rows of text.
pub fn read_seed_csv(path: &Path) -> std::io::Result<Vec<Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(std::io::Error::other)?;
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(str::to_string).collect())
                .map_err(std::io::Error::other)
        })
        .collect()
}
