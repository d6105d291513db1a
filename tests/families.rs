//! Families of layouts, not examples: for each class of table that must
//! read right, a seeded family of variants (labels from a vocabulary of real
//! wordings, column counts, header heights, blank rows, number cells typed
//! or as formulas), each checked clean — no error anywhere — and with one
//! injected mistake, which must be found at its cell. A rule that only
//! passes its own example fails its family.

mod common;

use common::{scratch, Rng};
use phuluc::Severity;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use std::path::Path;

const VARIANTS: u64 = 50;

const PROVINCES: &[&str] = &[
    "Hà Giang",
    "Tuyên Quang",
    "Cao Bằng",
    "Lạng Sơn",
    "Lào Cai",
    "Yên Bái",
    "Thái Nguyên",
    "Bắc Kạn",
    "Phú Thọ",
    "Bắc Giang",
    "Hòa Bình",
    "Sơn La",
    "Lai Châu",
    "Điện Biên",
    "Hải Dương",
    "Hưng Yên",
    "Nam Định",
    "Thái Bình",
    "Ninh Bình",
    "Thanh Hóa",
];
const REGIONS: &[&str] = &[
    "Miền núi phía Bắc",
    "Đồng bằng sông Hồng",
    "Bắc Trung Bộ",
    "Duyên hải miền Trung",
    "Tây Nguyên",
    "Đông Nam Bộ",
];
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
const TOTAL_LABELS: &[&str] = &["TỔNG SỐ", "Tổng cộng", "TỔNG CỘNG", "Tổng số"];
const UNIT_LINES: &[&str] = &[
    "Đơn vị tính: triệu đồng",
    "Đơn vị: Triệu đồng",
    "ĐVT: triệu đồng",
];

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, v: &Cell) {
    let _ = match v {
        Cell::Num(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
        Cell::Sum(f, n) => ws
            .write_formula(r, c, Formula::new(f.as_str()).set_result(n.to_string()))
            .map(|_| ()),
    };
}

#[derive(Clone, Debug)]
enum Cell {
    Num(i64),
    /// A formula and the value saved with it.
    Sum(String, i64),
}

fn col_letter(c: u16) -> String {
    phuluc::read::column_letters(u32::from(c))
}

/// Errors of a checked file, as (code, cell).
fn errors_of(path: &Path) -> Vec<(String, String)> {
    let o = phuluc::analyse(path, &Default::default()).expect("readable");
    o.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code.to_string(), f.cell.clone()))
        .collect()
}

/// A province table whose transfer column is a nested group: "Tổng số" =
/// "Bổ sung cân đối" + "Bổ sung có mục tiêu — Tổng số", and the inner
/// "Tổng số" = its own parts. Read flat, every row would be wrong by the
/// inner total. Regions (I, II …) over provinces (1, 2 …), a total row at
/// the top or the bottom, merged two- or three-row headers, a column-number
/// row or none.
fn nested_group_workbook(
    seed: u64,
    dir: &Path,
    inject: bool,
) -> (std::path::PathBuf, Option<String>) {
    let mut rng = Rng::new(seed);
    let inner_parts = rng.range(2, 5) as u16;
    let regions = rng.range(2, 4) as usize;
    let legend = rng.coin();
    let total_on_top = rng.coin();
    let formulas = rng.coin();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let merge = Format::new();
    ws.write_string(0, 0, "BỘ TÀI CHÍNH").unwrap();
    ws.write_string(1, 2, "DỰ TOÁN THU, CHI NGÂN SÁCH CÁC TỈNH")
        .unwrap();
    let last_col = 4 + inner_parts; // A STT, B name, C revenue, D whole, E balancing, F inner total, G.. inner parts
    ws.write_string(2, last_col, *rng.pick(UNIT_LINES)).unwrap();
    let h = 4u32;
    ws.merge_range(h, 0, h + 2, 0, "STT", &merge).unwrap();
    ws.merge_range(h, 1, h + 2, 1, "Tỉnh, thành phố", &merge)
        .unwrap();
    ws.merge_range(h, 2, h + 2, 2, "Tổng thu NSNN trên địa bàn", &merge)
        .unwrap();
    let group = rng.pick(&[
        "Bổ sung từ ngân sách trung ương cho ngân sách địa phương",
        "Số bổ sung từ NSTW cho NSĐP",
        "BỔ SUNG TỪ NSTW",
    ]);
    ws.merge_range(h, 3, h, last_col, group, &merge).unwrap();
    let whole = *rng.pick(&["Tổng số", "TỔNG SỐ", "Tổng cộng"]);
    ws.merge_range(h + 1, 3, h + 2, 3, whole, &merge).unwrap();
    let balancing = *rng.pick(&["Bổ sung cân đối", "Bổ sung cân đối ngân sách"]);
    ws.merge_range(h + 1, 4, h + 2, 4, balancing, &merge)
        .unwrap();
    let targeted = *rng.pick(&["Bổ sung có mục tiêu", "Bổ sung có mục tiêu từ NSTW"]);
    ws.merge_range(h + 1, 5, h + 1, last_col, targeted, &merge)
        .unwrap();
    ws.write_string(h + 2, 5, *rng.pick(&["Tổng số", "Cộng"]))
        .unwrap();
    let part_names = [
        "Vốn đầu tư",
        "Vốn sự nghiệp",
        "Chương trình mục tiêu quốc gia",
        "Dự án trồng rừng",
        "Chính sách an sinh",
    ];
    for p in 0..inner_parts - 1 {
        ws.write_string(h + 2, 6 + p, part_names[p as usize])
            .unwrap();
    }
    // inner_parts - 1 parts under the inner total (at least 1)
    let mut r = h + 3;
    if legend {
        ws.write_string(r, 0, "A").unwrap();
        ws.write_string(r, 1, "B").unwrap();
        for c in 2..=last_col {
            ws.write_number(r, c, f64::from(c - 1)).unwrap();
        }
        r += 1;
    }
    // Rows: (label, stt, values[C..last]) with regions as sums.
    let width = (last_col - 1) as usize; // C..=last
    let mut body: Vec<(String, String, Vec<i64>, bool)> = Vec::new(); // (stt, label, values, is_region)
    let mut p = 0usize;
    let mut grand = vec![0i64; width];
    for g in 0..regions {
        let n = rng.range(3, 6) as usize;
        let mut rows = Vec::new();
        let mut sum = vec![0i64; width];
        for k in 0..n {
            let revenue = rng.range(100_000, 9_000_000) as i64;
            let bal = rng.range(100_000, 2_000_000) as i64;
            let parts: Vec<i64> = (0..inner_parts - 1)
                .map(|_| rng.range(1_000, 500_000) as i64)
                .collect();
            let inner: i64 = parts.iter().sum();
            let mut v = vec![revenue, bal + inner, bal, inner];
            v.extend(parts);
            for (s, x) in sum.iter_mut().zip(&v) {
                *s += x;
            }
            rows.push((
                (k + 1 + p).to_string(),
                PROVINCES[(p + k) % PROVINCES.len()].to_string(),
                v,
                false,
            ));
        }
        p += n;
        for (s, x) in grand.iter_mut().zip(&sum) {
            *s += x;
        }
        body.push((
            ROMAN[g].to_string(),
            REGIONS[g % REGIONS.len()].to_string(),
            sum,
            true,
        ));
        body.extend(rows);
    }
    let total_label = rng.pick(TOTAL_LABELS).to_string();
    let start = r + u32::from(total_on_top);
    let total_row = if total_on_top {
        r
    } else {
        start + body.len() as u32
    };
    // The injected mistake: one province's inner total typed wrong.
    let mut target = None;
    if inject {
        let provinces: Vec<usize> = (0..body.len()).filter(|&i| !body[i].3).collect();
        let i = provinces[rng.below(provinces.len() as u64) as usize];
        body[i].2[3] += rng.range(1_000, 90_000) as i64;
        target = Some(format!("F{}", start + i as u32 + 1));
    }
    for (i, (stt, label, v, _)) in body.iter().enumerate() {
        let row = start + i as u32;
        ws.write_string(row, 0, stt.as_str()).unwrap();
        ws.write_string(row, 1, label.as_str()).unwrap();
        for (k, x) in v.iter().enumerate() {
            let c = 2 + k as u16;
            let cell = if formulas && k == 1 {
                Cell::Sum(format!("=E{}+F{}", row + 1, row + 1), *x)
            } else {
                Cell::Num(*x)
            };
            write_cell(ws, row, c, &cell);
        }
    }
    ws.write_string(total_row, 1, total_label.as_str()).unwrap();
    for (k, x) in grand.iter().enumerate() {
        let c = 2 + k as u16;
        // The regions and the grand total add the right figures: the
        // mistake is the one province cell.
        let x = *x;
        if formulas {
            let rows: Vec<String> = body
                .iter()
                .enumerate()
                .filter(|(_, b)| b.3)
                .map(|(i, _)| format!("{}{}", col_letter(c), start + i as u32 + 1))
                .collect();
            write_cell(
                ws,
                total_row,
                c,
                &Cell::Sum(format!("=SUM({})", rows.join(",")), x),
            );
        } else {
            write_cell(ws, total_row, c, &Cell::Num(x));
        }
    }
    let path = dir.join(format!("nested-{seed}-{inject}.xlsx"));
    wb.save(&path).unwrap();
    (path, target)
}

#[test]
fn nested_column_groups_read_by_their_direct_members() {
    let dir = scratch();
    if let Ok(keep) = std::env::var("PHULUC_FAMILY_DIR") {
        nested_group_workbook(0, Path::new(&keep), true);
        allocation_workbook(0, Path::new(&keep), true);
    }
    for seed in 0..VARIANTS {
        let (clean, _) = nested_group_workbook(seed, dir.path(), false);
        assert_eq!(errors_of(&clean), vec![], "seed {seed}: clean variant");
        let (faulty, target) = nested_group_workbook(seed, dir.path(), true);
        let target = target.unwrap();
        let errors = errors_of(&faulty);
        assert!(
            errors.iter().any(|(_, c)| *c == target),
            "seed {seed}: the injected cell {target} is not found: {errors:?}"
        );
    }
}

/// A quarterly report: "Quý I" … "Quý IV" and a whole year ("Cả năm",
/// "Tổng cộng"), first or last, typed or as formulas. Nothing but the
/// labels says the year adds its quarters; the rows confirm it.
fn quarterly_workbook(seed: u64, dir: &Path, inject: bool) -> (std::path::PathBuf, Option<String>) {
    let mut rng = Rng::new(seed ^ 0xABCD);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "ỦY BAN NHÂN DÂN XÃ AN BÌNH").unwrap();
    ws.write_string(1, 1, "BÁO CÁO THỰC HIỆN DỰ TOÁN THEO QUÝ")
        .unwrap();
    ws.write_string(2, 4, *rng.pick(UNIT_LINES)).unwrap();
    let year_first = rng.coin();
    const QUARTERS: [[&str; 4]; 3] = [
        ["Quý I", "Quý II", "Quý III", "Quý IV"],
        ["Quý 1", "Quý 2", "Quý 3", "Quý 4"],
        ["QUÝ I", "QUÝ II", "QUÝ III", "QUÝ IV"],
    ];
    let quarter_names = rng.pick(&QUARTERS);
    let year_name = *rng.pick(&["Cả năm", "CẢ NĂM", "Tổng cộng", "Tổng số"]);
    let h = 4u32;
    ws.write_string(h, 0, "STT").unwrap();
    ws.write_string(
        h,
        1,
        *rng.pick(&["Nội dung", "Nội dung chi", "Tên nhiệm vụ"]),
    )
    .unwrap();
    let (yc, q0) = if year_first {
        (2u16, 3u16)
    } else {
        (6u16, 2u16)
    };
    ws.write_string(h, yc, year_name).unwrap();
    for (i, q) in quarter_names.iter().enumerate() {
        ws.write_string(h, q0 + i as u16, *q).unwrap();
    }
    let tasks = [
        "Chi sự nghiệp giáo dục",
        "Chi sự nghiệp y tế",
        "Chi quản lý hành chính",
        "Chi an ninh, quốc phòng",
        "Chi sự nghiệp văn hóa",
        "Chi sự nghiệp môi trường",
        "Chi đảm bảo xã hội",
        "Chi sự nghiệp kinh tế",
    ];
    let n = rng.range(4, 8) as usize;
    let formulas = rng.coin();
    let target_row = rng.below(n as u64) as usize;
    let mut target = None;
    let mut col_sums = [0i64; 5];
    for i in 0..n {
        let r = h + 1 + i as u32;
        ws.write_string(r, 0, (i + 1).to_string()).unwrap();
        ws.write_string(r, 1, tasks[i % tasks.len()]).unwrap();
        let qs: Vec<i64> = (0..4).map(|_| rng.range(10, 900) as i64).collect();
        let mut year: i64 = qs.iter().sum();
        for (k, q) in qs.iter().enumerate() {
            ws.write_number(r, q0 + k as u16, *q as f64).unwrap();
            col_sums[k + 1] += q;
        }
        col_sums[0] += year;
        if inject && i == target_row {
            year += rng.range(5, 200) as i64;
            target = Some(format!("{}{}", col_letter(yc), r + 1));
            col_sums[0] += year - qs.iter().sum::<i64>();
        }
        let cell = if formulas && !(inject && i == target_row) {
            Cell::Sum(
                format!(
                    "=SUM({}{}:{}{})",
                    col_letter(q0),
                    r + 1,
                    col_letter(q0 + 3),
                    r + 1
                ),
                year,
            )
        } else {
            Cell::Num(year)
        };
        write_cell(ws, r, yc, &cell);
    }
    let tr = h + 1 + n as u32;
    ws.write_string(tr, 1, *rng.pick(TOTAL_LABELS)).unwrap();
    ws.write_number(tr, yc, col_sums[0] as f64).unwrap();
    for k in 0..4 {
        ws.write_number(tr, q0 + k as u16, col_sums[k + 1] as f64)
            .unwrap();
    }
    let path = dir.join(format!("quarters-{seed}-{inject}.xlsx"));
    wb.save(&path).unwrap();
    (path, target)
}

#[test]
fn a_whole_year_is_checked_against_its_quarters() {
    let dir = scratch();
    for seed in 0..VARIANTS {
        let (clean, _) = quarterly_workbook(seed, dir.path(), false);
        assert_eq!(errors_of(&clean), vec![], "seed {seed}: clean variant");
        let (faulty, target) = quarterly_workbook(seed, dir.path(), true);
        let target = target.unwrap();
        let errors = errors_of(&faulty);
        assert!(
            errors.iter().any(|(_, c)| *c == target),
            "seed {seed}: the injected cell {target} is not found: {errors:?}"
        );
    }
}

/// An integer table made from unrounded allocations: each province's share
/// is rounded on its own, each region's figure is rounded from the
/// unrounded sum, so regions differ from their provinces by a unit or two,
/// on region after region — rounding, never errors. A region subtotal typed
/// wrong by more stays an error at its cell. The header may be followed by
/// a blank row and a column-number row ("A | B | 1 | 2 | 3=1+2").
fn allocation_workbook(
    seed: u64,
    dir: &Path,
    inject: bool,
) -> (std::path::PathBuf, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x5151);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "BỘ TÀI CHÍNH").unwrap();
    ws.write_string(2, 1, "PHÂN BỔ DỰ TOÁN CHO CÁC TỈNH")
        .unwrap();
    ws.write_string(3, 4, *rng.pick(UNIT_LINES)).unwrap();
    let h = 5u32;
    let header_lines = rng.range(1, 3) as u32;
    let labels = [
        ("STT", "No"),
        ("Tỉnh, thành phố", "Provinces"),
        ("Vốn đầu tư", "Investment"),
        ("Vốn sự nghiệp", "Recurrent"),
        ("Tổng số", "Total"),
    ];
    for (c, (vi, en)) in labels.iter().enumerate() {
        ws.write_string(h, c as u16, *vi).unwrap();
        if header_lines >= 2 {
            ws.write_string(h + 1, c as u16, *en).unwrap();
        }
    }
    let mut r = h + header_lines;
    if rng.coin() {
        r += 1; // a blank row under the header
    }
    let legend = rng.coin();
    if legend {
        ws.write_string(r, 0, "A").unwrap();
        ws.write_string(r, 1, "B").unwrap();
        ws.write_number(r, 2, 1.0).unwrap();
        ws.write_number(r, 3, 2.0).unwrap();
        ws.write_string(r, 4, "3=1+2").unwrap();
        r += 1;
    }
    // Allocations in units of 0.001: provinces rounded on their own.
    let regions = rng.range(4, 6) as usize;
    let mut rows: Vec<(String, String, [i64; 3])> = Vec::new();
    let mut region_rows = Vec::new();
    let mut grand = [0i64; 3];
    let mut p = 0;
    for g in 0..regions {
        let n = rng.range(5, 12) as usize;
        let mut exact = [0i64; 2];
        let mut provinces = Vec::new();
        for _ in 0..n {
            let a = rng.range(100_000_000, 9_000_000_000) as i64; // thousandths
            let b = rng.range(100_000_000, 9_000_000_000) as i64;
            exact[0] += a;
            exact[1] += b;
            let ra = (a + 500) / 1000;
            let rb = (b + 500) / 1000;
            provinces.push((ra, rb, (a + b + 500) / 1000));
        }
        let region = [
            (exact[0] + 500) / 1000,
            (exact[1] + 500) / 1000,
            (exact[0] + exact[1] + 500) / 1000,
        ];
        for k in 0..3 {
            grand[k] += region[k];
        }
        region_rows.push(rows.len());
        rows.push((
            ROMAN[g].to_string(),
            REGIONS[g % REGIONS.len()].to_string(),
            region,
        ));
        for (k, (a, b, t)) in provinces.into_iter().enumerate() {
            rows.push((
                (p + k + 1).to_string(),
                PROVINCES[(p + k) % PROVINCES.len()].to_string(),
                [a, b, t],
            ));
        }
        p += n;
    }
    let mut target = None;
    if inject {
        let g = region_rows[rng.below(region_rows.len() as u64) as usize];
        let extra = rng.range(5_000, 80_000) as i64;
        // Typed wrong in one column; the grand total adds the regions as
        // typed.
        rows[g].2[0] += extra;
        grand[0] += extra;
        target = Some(format!("C{}", r + g as u32 + 1));
    }
    for (i, (stt, name, v)) in rows.iter().enumerate() {
        let row = r + i as u32;
        ws.write_string(row, 0, stt.as_str()).unwrap();
        ws.write_string(row, 1, name.as_str()).unwrap();
        for (k, x) in v.iter().enumerate() {
            ws.write_number(row, 2 + k as u16, *x as f64).unwrap();
        }
    }
    let tr = r + rows.len() as u32;
    ws.write_string(tr, 1, *rng.pick(TOTAL_LABELS)).unwrap();
    for (k, x) in grand.iter().enumerate() {
        ws.write_number(tr, 2 + k as u16, *x as f64).unwrap();
    }
    let path = dir.join(format!("allocation-{seed}-{inject}.xlsx"));
    wb.save(&path).unwrap();
    (path, target)
}

#[test]
fn integer_allocations_round_by_a_unit_and_a_typed_subtotal_is_still_found() {
    let dir = scratch();
    for seed in 0..VARIANTS {
        let (clean, _) = allocation_workbook(seed, dir.path(), false);
        assert_eq!(errors_of(&clean), vec![], "seed {seed}: clean variant");
        let o = phuluc::analyse(&clean, &Default::default()).unwrap();
        let t = &o.appendix.tables[0];
        assert!(
            t.items.iter().all(|i| &*i.stt != "A"),
            "seed {seed}: the column-number row is never an item"
        );
        let (faulty, target) = allocation_workbook(seed, dir.path(), true);
        let target = target.unwrap();
        let errors = errors_of(&faulty);
        assert!(
            errors.iter().any(|(_, c)| *c == target),
            "seed {seed}: the injected cell {target} is not found: {errors:?}"
        );
    }
}

/// A relation the header declares that most rows refute is a misreading:
/// at most one warning, never an error per row; and the cells it would
/// have checked are listed as not checked.
#[test]
fn a_refuted_relation_is_one_warning_and_its_cells_are_not_checked() {
    let dir = scratch();
    for seed in 0..VARIANTS {
        let mut rng = Rng::new(seed ^ 0x7777);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Đơn vị tính: triệu đồng").unwrap();
        for (c, l) in ["STT", "Nội dung", "Tổng số", "NSTW", "NSĐP"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *l).unwrap();
        }
        // The legend says 1 = 2 + 3, but column 1 is something else.
        ws.write_string(2, 0, "A").unwrap();
        ws.write_string(2, 1, "B").unwrap();
        ws.write_string(2, 2, "1=2+3").unwrap();
        ws.write_number(2, 3, 2.0).unwrap();
        ws.write_number(2, 4, 3.0).unwrap();
        let n = rng.range(6, 15) as u32;
        for i in 0..n {
            let r = 3 + i;
            ws.write_string(r, 0, (i + 1).to_string()).unwrap();
            ws.write_string(r, 1, format!("Nhiệm vụ {}", i + 1))
                .unwrap();
            for c in 2..5 {
                ws.write_number(r, c, rng.range(10, 999) as f64).unwrap();
            }
        }
        let path = dir.path().join(format!("refuted-{seed}.xlsx"));
        wb.save(&path).unwrap();
        let o = phuluc::analyse(&path, &Default::default()).unwrap();
        let column_errors = o
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "column-sum")
            .count();
        let warnings = o
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "structure-unconfirmed")
            .count();
        assert_eq!(
            (column_errors, warnings),
            (0, 1),
            "seed {seed}: {:?}",
            common::codes(&o)
        );
        let cov = o.appendix.tables[0].coverage.as_ref().unwrap();
        assert!(
            cov.unchecked.len() as u32 >= n - 2,
            "seed {seed}: the refuted relation's cells are listed as not checked: {cov:?}"
        );
    }
}

/// A sheet that holds numbers but yields no table is never an all clear:
/// the text report says it was not checked.
#[test]
fn a_sheet_phuluc_cannot_read_is_reported_as_not_checked() {
    let dir = scratch();
    let mut wb = Workbook::new();
    let ok = wb.add_worksheet().set_name("Phụ lục").unwrap();
    ok.write_string(0, 0, "Đơn vị tính: triệu đồng").unwrap();
    for (c, l) in ["STT", "Nội dung", "Kinh phí"].iter().enumerate() {
        ok.write_string(1, c as u16, *l).unwrap();
    }
    ok.write_string(2, 0, "1").unwrap();
    ok.write_string(2, 1, "Sửa đường").unwrap();
    ok.write_number(2, 2, 100.0).unwrap();
    ok.write_string(3, 1, "Tổng cộng").unwrap();
    ok.write_number(3, 2, 100.0).unwrap();
    let odd = wb.add_worksheet().set_name("Số liệu").unwrap();
    for r in 0..5 {
        for c in 0..4 {
            odd.write_number(r, c, f64::from(r * 10 + u32::from(c)))
                .unwrap();
        }
    }
    let path = dir.path().join("mixed.xlsx");
    wb.save(&path).unwrap();
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    assert_eq!(o.appendix.unchecked_sheets, vec!["Số liệu".to_string()]);
    let out = common::phuluc(&["check", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("'Số liệu': có số nhưng không đọc được thành bảng phụ lục — CHƯA KIỂM TRA"),
        "{text}"
    );
    assert!(
        text.contains("=> 0 lỗi, 0 cảnh báo, 0 ghi chú; chưa kiểm tra: 0 ô tổng, 1 trang có số"),
        "{text}"
    );
    let json = common::phuluc(&["check", "--format", "json", path.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["files"][0]["unchecked_sheets"][0], "Số liệu");
    assert_eq!(doc["files"][0]["tables"][0]["coverage"]["checked"], 1);
    assert_eq!(doc["files"][0]["tables"][0]["coverage"]["total"], 1);
}

/// A quantity × price budget whose total sits at the top ("Tổng số" right
/// under the header, the sections below it): the total is checked against
/// what follows it, and a wrong one is found at its cell.
#[test]
fn a_total_at_the_top_of_a_quantity_price_table_is_checked() {
    const LINES: &[(&str, &str, u64)] = &[
        ("Thuê hội trường", "buổi", 1_500_000),
        ("Nước uống", "người", 30_000),
        ("In tờ rơi", "tờ", 3_000),
        ("Thuê xe", "chuyến", 2_000_000),
        ("Văn phòng phẩm", "bộ", 45_000),
        ("Bồi dưỡng báo cáo viên", "người", 500_000),
    ];
    for seed in 0..VARIANTS {
        for inject in [false, true] {
            let mut rng = Rng::new(seed ^ 0x2468);
            let sections = rng.range(1, 3) as usize;
            let mut rows: Vec<Vec<String>> = vec![vec![
                "STT".into(),
                rng.pick(&["Nội dung", "Nội dung chi", "Tên công việc"])
                    .to_string(),
                rng.pick(&["Đơn vị tính", "ĐVT"]).to_string(),
                rng.pick(&["Số lượng", "Khối lượng"]).to_string(),
                "Đơn giá".into(),
                "Thành tiền".into(),
            ]];
            let mut body = Vec::new();
            let mut grand = 0u64;
            for (s, roman) in ROMAN.iter().enumerate().take(sections) {
                let n = rng.range(1, 4) as usize;
                let mut lines = Vec::new();
                let mut sum = 0u64;
                for i in 0..n {
                    let (name, unit, price) = LINES[rng.below(LINES.len() as u64) as usize];
                    let q = rng.range(1, 200);
                    sum += q * price;
                    lines.push(vec![
                        (i + 1).to_string(),
                        name.to_string(),
                        unit.to_string(),
                        q.to_string(),
                        price.to_string(),
                        (q * price).to_string(),
                    ]);
                }
                grand += sum;
                body.push(vec![
                    roman.to_string(),
                    format!("Phần {}", s + 1),
                    String::new(),
                    String::new(),
                    String::new(),
                    sum.to_string(),
                ]);
                body.extend(lines);
            }
            let stated = if inject {
                grand + rng.range(1, 90) * 10_000
            } else {
                grand
            };
            rows.push(vec![
                String::new(),
                rng.pick(&["Tổng số", "TỔNG CỘNG", "Tổng cộng"]).to_string(),
                String::new(),
                String::new(),
                String::new(),
                stated.to_string(),
            ]);
            rows.extend(body);
            let refs: Vec<Vec<&str>> = rows
                .iter()
                .map(|r| r.iter().map(String::as_str).collect())
                .collect();
            let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
            let o = common::check_csv(&refs);
            let errors = common::errors(&o);
            if inject {
                assert!(
                    errors
                        .iter()
                        .any(|(code, cell)| code == "total-sum" && cell == "F2"),
                    "seed {seed}: the wrong top total is not found: {errors:?}"
                );
            } else {
                assert_eq!(errors, vec![], "seed {seed}: clean variant");
            }
        }
    }
}

/// An estimate's code column under every heading estimating software
/// uses: the code-based checks (a provisional price, a line repeated within
/// its part) work under each of them.
#[test]
fn an_estimates_code_column_is_read_under_every_heading() {
    for (n, heading) in [
        "Mã hiệu",
        "Mã số",
        "MSCV",
        "Mã CV",
        "Số hiệu định mức",
        "Mã định mức",
        "Mã hiệu đơn giá",
        "MÃ HIỆU",
    ]
    .iter()
    .enumerate()
    {
        let mut t = phuluc::sample::large_estimate(12);
        t.header[0][1] = heading.to_string();
        // The third line of the first part is priced provisionally.
        t.rows[3][1] = phuluc::sample::SampleCell::text("TT");
        let o = common::check1(&t);
        assert_eq!(common::errors(&o), vec![], "{heading}: a clean estimate");
        let cell = common::addr(&t, 3, 1);
        assert!(
            common::find(&o, "provisional-price", &cell).is_some(),
            "{n} {heading}: the provisional price at {cell} is not found: {:?}",
            common::codes(&o)
        );
    }
}

// ---------------------------------------------------------------------
// Working books (issue 24): a sheet drawn as a grid of cells, so that each
// family says only what its rows are.

/// A cell of a drawn sheet.
#[derive(Clone, Debug)]
enum Drawn {
    Text(String),
    Bold(String),
    Num(i64),
    /// A formula and the value saved with it.
    Formula(String, i64),
}

/// A sheet as rows of (column, cell), with merged ranges (r0, c0, r1, c1).
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<(u16, Drawn)>>,
    merges: Vec<(u32, u16, u32, u16, String)>,
}

impl Grid {
    /// Appends a row and returns its 0-based index.
    fn push(&mut self, cells: Vec<(u16, Drawn)>) -> u32 {
        self.rows.push(cells);
        (self.rows.len() - 1) as u32
    }
    fn next_row(&self) -> u32 {
        self.rows.len() as u32
    }
    fn save(&self, path: &Path) {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let bold = Format::new().set_bold();
        let plain = Format::new();
        for &(r0, c0, r1, c1, ref text) in &self.merges {
            ws.merge_range(r0, c0, r1, c1, text.as_str(), &plain)
                .unwrap();
        }
        for (r, cells) in self.rows.iter().enumerate() {
            let r = r as u32;
            for (c, v) in cells {
                let c = *c;
                let merged = self
                    .merges
                    .iter()
                    .any(|&(r0, c0, r1, c1, _)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c));
                if merged {
                    continue;
                }
                match v {
                    Drawn::Text(t) => ws.write_string(r, c, t.as_str()).map(|_| ()),
                    Drawn::Bold(t) => ws
                        .write_string_with_format(r, c, t.as_str(), &bold)
                        .map(|_| ()),
                    Drawn::Num(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
                    Drawn::Formula(f, n) => ws
                        .write_formula(r, c, Formula::new(f.as_str()).set_result(n.to_string()))
                        .map(|_| ()),
                }
                .unwrap();
            }
        }
        wb.save(path).unwrap();
    }
}

fn text(s: impl Into<String>) -> Drawn {
    Drawn::Text(s.into())
}

/// The A1 address of a 0-based row and column.
fn at(r: u32, c: u16) -> String {
    format!("{}{}", col_letter(c), r + 1)
}

/// Runs a family: every clean variant without error, the injected cell of
/// every faulty variant found as an error.
fn run_family(name: &str, build: impl Fn(u64, bool) -> (Grid, Option<String>)) {
    run_family_with(name, build, |_, _| None);
}

/// [`run_family`], with what else each variant must show (`also` gets the
/// outcome and whether the variant is the faulty one; `Some` is a failure).
fn run_family_with(
    name: &str,
    build: impl Fn(u64, bool) -> (Grid, Option<String>),
    also: impl Fn(&phuluc::Outcome, bool) -> Option<String>,
) {
    let dir = scratch();
    let keep = std::env::var("PHULUC_FAMILY_DIR").ok();
    let mut failures = Vec::new();
    for seed in 0..VARIANTS {
        for inject in [false, true] {
            let (grid, target) = build(seed, inject);
            let path = dir.path().join(format!("{name}-{seed}-{inject}.xlsx"));
            grid.save(&path);
            if let Some(k) = &keep {
                grid.save(&Path::new(k).join(format!("{name}-{seed}-{inject}.xlsx")));
            }
            let o = phuluc::analyse(&path, &Default::default()).expect("readable");
            let errors = common::errors(&o);
            match target {
                None if !errors.is_empty() => {
                    failures.push(format!("seed {seed}: clean variant: {errors:?}"))
                }
                Some(t) if !errors.iter().any(|(_, c)| *c == t) => failures.push(format!(
                    "seed {seed}: the injected cell {t} is not found: {errors:?}"
                )),
                _ => {}
            }
            if let Some(more) = also(&o, inject) {
                failures.push(format!("seed {seed} ({inject}): {more}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} variants fail:\n{}",
        failures.len(),
        2 * VARIANTS,
        failures.join("\n")
    );
}

const GROUP_HEADINGS: &[&str] = &[
    "Công trình chuyển tiếp",
    "Công trình khởi công mới",
    "Dự án hoàn thành",
    "Công trình làm mới",
    "Dự án chuẩn bị đầu tư",
    "Công trình hoàn thành, quyết toán",
];
const WORKS: &[&str] = &[
    "Quốc lộ 1",
    "Tỉnh lộ 5",
    "Đường giao thông thôn Đông",
    "Trường mầm non xã",
    "Nhà văn hóa thôn 3",
    "Kênh mương nội đồng",
    "Cầu treo bản Mường",
    "Trạm y tế xã",
    "Đường trục xã đoạn Km2",
    "Hệ thống nước sạch",
    "Sân vận động trung tâm",
    "Kè chống sạt lở",
];
const AMOUNT_HEADINGS: &[&str] = &[
    "Tổng mức đầu tư",
    "Kế hoạch vốn năm 2025",
    "Giá trị giải ngân",
    "Dự toán được duyệt",
    "Giá trị quyết toán",
];

/// A project list's header: STT, name, `amounts` money columns, maybe a
/// note; one row, or two with the money columns under a merged group.
/// Returns the name column and the first money column.
fn works_header(rng: &mut Rng, g: &mut Grid, amounts: usize) -> (u16, u16) {
    g.push(vec![(0, text("UBND XÃ AN BÌNH"))]);
    g.push(vec![(1, text("DANH MỤC CÔNG TRÌNH ĐẦU TƯ NĂM 2025"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let name = *rng.pick(&[
        "Tên công trình",
        "Danh mục công trình",
        "Tên dự án, công trình",
    ]);
    let mut heads: Vec<&str> = AMOUNT_HEADINGS.to_vec();
    for i in (1..heads.len()).rev() {
        heads.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let note = rng.coin();
    let h = g.next_row();
    let money = |c0: u16| -> Vec<(u16, Drawn)> {
        heads
            .iter()
            .take(amounts)
            .enumerate()
            .map(|(k, l)| (c0 + k as u16, text(*l)))
            .collect()
    };
    let note_col = 2 + amounts as u16;
    if amounts == 1 || rng.coin() {
        // One header row.
        let mut row = vec![(0, text("STT")), (1, text(name))];
        row.extend(money(2));
        if note {
            row.push((note_col, text("Ghi chú")));
        }
        g.push(row);
    } else {
        // Two rows: the money columns under a merged group.
        g.push(vec![]);
        g.push(money(2));
        g.merges.push((h, 0, h + 1, 0, "STT".into()));
        g.merges.push((h, 1, h + 1, 1, name.into()));
        g.merges
            .push((h, 2, h, 1 + amounts as u16, "Vốn đầu tư".into()));
        if note {
            g.merges
                .push((h, note_col, h + 1, note_col, "Ghi chú".into()));
        }
    }
    if rng.coin() {
        let mut legend = vec![(0, text("A")), (1, text("B"))];
        for k in 0..amounts {
            legend.push((2 + k as u16, Drawn::Num(k as i64 + 1)));
        }
        g.push(legend);
    }
    (1, 2)
}

/// An amount a work costs, in whole millions.
fn amount(rng: &mut Rng) -> i64 {
    rng.range(50, 9_000) as i64
}

/// Class 1: unnumbered group headings ("Công trình chuyển tiếp", "Dự án
/// hoàn thành") each with its own subtotal, at the same indent as the
/// unnumbered works under them (STT blank, sometimes a number typed in the
/// label: "1.Quốc lộ 1", "2- Tỉnh lộ 5"), or over works numbered 1, 2 …
/// afresh under each heading, or numbered on from one heading to the next
/// (1, 2 | 3, 4, 5); the grand total at the top or the bottom.
/// The injected mistake: one heading's subtotal typed wrong.
fn unnumbered_groups(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2401);
    let mut g = Grid::default();
    let amounts = rng.range(1, 3) as usize;
    let (_, c0) = works_header(&mut rng, &mut g, amounts);
    let groups = rng.range(2, 3) as usize;
    let mut headings: Vec<&str> = GROUP_HEADINGS.to_vec();
    for i in (1..headings.len()).rev() {
        headings.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let upper = rng.coin();
    let bold = rng.coin();
    // 0 none, 1 "1.Quốc lộ 1", 2 "1- Tỉnh lộ 5" (STT blank), 3 numbered in the
    // STT column afresh under each heading, 4 numbered in the STT column on
    // from one heading to the next (1, 2 | 3, 4, 5).
    let label_numbers = rng.below(5);
    let mut running = 0usize;
    let formulas = rng.coin();
    let total_on_top = rng.coin();
    let total_label = *rng.pick(TOTAL_LABELS);
    let total_row = if total_on_top {
        Some(g.push(vec![]))
    } else {
        None
    };
    let mut heading_rows = Vec::new();
    let mut grand = vec![0i64; amounts];
    let mut w = rng.below(WORKS.len() as u64) as usize;
    for h in headings.iter().take(groups) {
        let n = rng.range(1, 5) as usize;
        let works: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..amounts).map(|_| amount(&mut rng)).collect())
            .collect();
        let sums: Vec<i64> = (0..amounts)
            .map(|k| works.iter().map(|v| v[k]).sum())
            .collect();
        let hr = g.next_row();
        let label = if upper {
            h.to_uppercase()
        } else {
            h.to_string()
        };
        let mut row = vec![(
            1,
            if bold {
                Drawn::Bold(label)
            } else {
                text(label)
            },
        )];
        for k in 0..amounts {
            let c = c0 + k as u16;
            let cell = if formulas {
                Drawn::Formula(
                    format!("SUM({}:{})", at(hr + 1, c), at(hr + n as u32, c)),
                    sums[k],
                )
            } else {
                Drawn::Num(sums[k])
            };
            row.push((c, cell));
            grand[k] += sums[k];
        }
        g.push(row);
        heading_rows.push(hr);
        for (i, v) in works.iter().enumerate() {
            let name = WORKS[w % WORKS.len()];
            w += 1;
            let label = match label_numbers {
                1 => format!("{}.{name}", i + 1),
                2 => format!("{}- {name}", i + 1),
                _ => name.to_string(),
            };
            let mut row = vec![(1, text(label))];
            running += 1;
            match label_numbers {
                3 => row.push((0, text((i + 1).to_string()))),
                4 => row.push((0, text(running.to_string()))),
                _ => {}
            }
            for (k, x) in v.iter().enumerate() {
                row.push((c0 + k as u16, Drawn::Num(*x)));
            }
            g.push(row);
        }
    }
    let mut total = vec![(
        1,
        if bold {
            Drawn::Bold(total_label.into())
        } else {
            text(total_label)
        },
    )];
    let tr = total_row.unwrap_or_else(|| g.next_row());
    for (k, x) in grand.iter().enumerate() {
        let c = c0 + k as u16;
        let cell = if formulas {
            let refs: Vec<String> = heading_rows.iter().map(|&r| at(r, c)).collect();
            Drawn::Formula(refs.join("+"), *x)
        } else {
            Drawn::Num(*x)
        };
        total.push((c, cell));
    }
    if total_on_top {
        g.rows[tr as usize] = total;
    } else {
        g.push(total);
    }
    let mut target = None;
    if inject {
        let hr = heading_rows[rng.below(heading_rows.len() as u64) as usize];
        let k = rng.below(amounts as u64) as u16;
        let c = c0 + k;
        let cell = g.rows[hr as usize]
            .iter_mut()
            .find(|(cc, _)| *cc == c)
            .unwrap();
        let was = match &cell.1 {
            Drawn::Num(n) | Drawn::Formula(_, n) => *n,
            _ => unreachable!(),
        };
        cell.1 = Drawn::Num(was + rng.range(3, 400) as i64);
        target = Some(at(hr, c));
    }
    (g, target)
}

#[test]
fn unnumbered_group_headings_with_their_own_subtotal() {
    run_family("unnumbered-groups", unnumbered_groups);
}

/// Class 3: a long table broken over pages, its header repeated in the
/// body — only the first row of a two-row header, the whole header, the
/// whole header with its column-number row, or the column-number row alone
/// (repeated per block). A repeat is never an item, and never swallows the
/// item after it: every item is read, numbering without a gap. The injected
/// mistake: one section's subtotal typed wrong.
fn page_break_repeats(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2403);
    let mut g = Grid::default();
    g.push(vec![(0, text("ỦY BAN NHÂN DÂN XÃ AN BÌNH"))]);
    g.push(vec![(1, text("DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let content = *rng.pick(&["Nội dung", "Nội dung chi", "Tên nhiệm vụ"]);
    let (group, subs): (&str, &[&str]) = *rng.pick(&[
        ("Năm 2025", &["Dự toán", "Ước thực hiện"][..]),
        ("Kinh phí", &["Kế hoạch", "Thực hiện"][..]),
        (
            "Dự toán năm 2025",
            &["Chi đầu tư", "Chi thường xuyên", "Chi khác"][..],
        ),
    ]);
    let money = subs.len() as u16;
    let note = rng.coin();
    let note_col = 2 + money;
    let legend = rng.coin();
    // The header: two rows, merged.
    let header = |g: &mut Grid, merged: bool| {
        let h = g.next_row();
        let mut top = vec![(0, text("STT")), (1, text(content)), (2, text(group))];
        if note {
            top.push((note_col, text("Ghi chú")));
        }
        g.push(top);
        g.push(
            subs.iter()
                .enumerate()
                .map(|(k, l)| (2 + k as u16, text(*l)))
                .collect(),
        );
        if merged {
            g.merges.push((h, 0, h + 1, 0, "STT".into()));
            g.merges.push((h, 1, h + 1, 1, content.into()));
            g.merges.push((h, 2, h, 1 + money, group.into()));
            if note {
                g.merges
                    .push((h, note_col, h + 1, note_col, "Ghi chú".into()));
            }
        }
    };
    let legend_row = |g: &mut Grid| {
        let mut row = vec![(0, text("A")), (1, text("B"))];
        for k in 0..money {
            row.push((2 + k, Drawn::Num(i64::from(k) + 1)));
        }
        if note {
            row.push((note_col, text("C")));
        }
        g.push(row);
    };
    header(&mut g, true);
    if legend {
        legend_row(&mut g);
    }
    let tasks = [
        "Chi sự nghiệp giáo dục",
        "Chi sự nghiệp y tế",
        "Chi quản lý hành chính",
        "Chi an ninh, quốc phòng",
        "Chi sự nghiệp văn hóa",
        "Chi sự nghiệp môi trường",
        "Chi đảm bảo xã hội",
        "Chi sự nghiệp kinh tế",
        "Chi sửa chữa trụ sở",
        "Chi hỗ trợ hội đoàn thể",
    ];
    let sections = rng.range(2, 3) as usize;
    let restart = rng.coin();
    let section_names = ["Chi đầu tư phát triển", "Chi thường xuyên", "Chi khác"];
    // Breaks after these item positions (counting every body row).
    let mut body: Vec<(String, String, Vec<i64>, bool)> = Vec::new();
    let mut p = 0;
    for s in 0..sections {
        let n = rng.range(3, 7) as usize;
        let rows: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..money).map(|_| rng.range(5, 900) as i64).collect())
            .collect();
        let sum: Vec<i64> = (0..money as usize)
            .map(|k| rows.iter().map(|v| v[k]).sum())
            .collect();
        body.push((ROMAN[s].into(), section_names[s].into(), sum, true));
        for (i, v) in rows.into_iter().enumerate() {
            let k = if restart { i + 1 } else { p + i + 1 };
            body.push((k.to_string(), tasks[(p + i) % tasks.len()].into(), v, false));
        }
        p += n;
    }
    let breaks: Vec<usize> = {
        let mut b: Vec<usize> = (0..rng.range(1, 2))
            .map(|_| rng.range(2, body.len() as u64 - 1) as usize)
            .collect();
        b.sort_unstable();
        b.dedup();
        b
    };
    let kind = rng.below(4);
    let mut target = None;
    let inject_at = if inject {
        let secs: Vec<usize> = (0..body.len()).filter(|&i| body[i].3).collect();
        Some(secs[rng.below(secs.len() as u64) as usize])
    } else {
        None
    };
    let mut grand = vec![0i64; money as usize];
    for (i, (stt, label, v, section)) in body.iter().enumerate() {
        if breaks.contains(&i) {
            match kind {
                // Only the first row of the header, unmerged.
                0 => {
                    let mut top = vec![(0, text("STT")), (1, text(content)), (2, text(group))];
                    if note {
                        top.push((note_col, text("Ghi chú")));
                    }
                    g.push(top);
                }
                1 => header(&mut g, rng.coin()),
                2 => {
                    header(&mut g, rng.coin());
                    legend_row(&mut g);
                }
                _ => legend_row(&mut g),
            }
        }
        let r = g.next_row();
        let mut row = vec![(0, text(stt.as_str())), (1, text(label.as_str()))];
        for (k, x) in v.iter().enumerate() {
            let mut x = *x;
            if *section {
                grand[k] += x;
            }
            if inject_at == Some(i) && k == 0 {
                x += rng.range(3, 300) as i64;
                target = Some(at(r, 2));
            }
            row.push((2 + k as u16, Drawn::Num(x)));
        }
        g.push(row);
    }
    let mut total = vec![(1, text(*rng.pick(TOTAL_LABELS)))];
    for (k, x) in grand.iter().enumerate() {
        total.push((2 + k as u16, Drawn::Num(*x)));
    }
    g.push(total);
    (g, target)
}

#[test]
fn a_header_repeated_at_a_page_break_never_swallows_an_item() {
    run_family_with("page-breaks", page_break_repeats, |o, _| {
        let t = &o.appendix.tables[0];
        let gaps: Vec<_> = o
            .findings
            .iter()
            .filter(|f| matches!(f.code.as_str(), "numbering-gap" | "items-incomplete"))
            .map(|f| (f.code.to_string(), f.cell.clone()))
            .collect();
        let numbered = t.items.iter().filter(|i| i.numbering.is_some()).count();
        let stray = t
            .items
            .iter()
            .filter(|i| matches!(&*i.stt, "STT" | "A"))
            .count();
        (!gaps.is_empty() || stray > 0 || numbered != t.items.len()).then(|| {
            format!(
                "{} items ({numbered} numbered, {stray} from a header), {gaps:?}",
                t.items.len()
            )
        })
    });
}

/// `format` of a table broken over pages keeps every item: the item after
/// a repeated header row is written, none is dropped.
#[test]
fn format_keeps_the_item_after_a_repeated_header_row() {
    let dir = scratch();
    for seed in 0..8 {
        let (grid, _) = page_break_repeats(seed, false);
        let input = dir.path().join(format!("pages-{seed}.xlsx"));
        grid.save(&input);
        let out = dir.path().join(format!("pages-{seed}-out.xlsx"));
        common::format_ok(&input, &out);
        let before = phuluc::analyse(&input, &Default::default()).unwrap();
        let after = phuluc::analyse(&out, &Default::default()).unwrap();
        let names = |o: &phuluc::Outcome| -> Vec<String> {
            o.appendix.tables[0]
                .items
                .iter()
                .map(|i| format!("{} {}", i.stt, i.content))
                .collect()
        };
        let drawn = grid
            .rows
            .iter()
            .filter(|r| {
                r.iter()
                    .any(|(c, v)| *c == 0 && matches!(v, Drawn::Text(t) if t.parse::<u32>().is_ok() || ROMAN.contains(&t.as_str())))
            })
            .count();
        assert_eq!(
            names(&before).len(),
            drawn,
            "seed {seed}: every drawn item is read"
        );
        assert_eq!(
            names(&after),
            names(&before),
            "seed {seed}: format keeps every item"
        );
    }
}

const UNITS: &[&str] = &[
    "Xã An Bình",
    "Xã Tân Lập",
    "Thị trấn Phú Mỹ",
    "Xã Hòa Thuận",
    "Phường Đông Hải",
];
const SECTIONS: &[&str] = &[
    "Chi đầu tư phát triển",
    "Chi thường xuyên",
    "Chi sự nghiệp kinh tế",
    "Chi chương trình mục tiêu",
];

/// Class 2: the summary's sections repeated below it. Either a "Chi tiết"
/// part that repeats each section with its items (a breakdown of the
/// summary line, not more children of the table), or per-unit blocks under
/// the summary, each headed by its unit and repeating the sections: the
/// summary line is the sum of the blocks' lines. The injected mistake: a
/// summary line, or (in a "Chi tiết" part) a repeated section's subtotal,
/// typed wrong.
fn repeated_sections(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2402);
    let mut g = Grid::default();
    g.push(vec![(0, text("UBND HUYỆN AN PHÚ"))]);
    g.push(vec![(1, text("TỔNG HỢP DỰ TOÁN CHI NGÂN SÁCH NĂM 2025"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let money = rng.range(1, 3) as usize;
    let heads = ["Dự toán năm 2025", "Ước thực hiện năm 2024", "Kế hoạch vốn"];
    let mut header = vec![
        (0, text("STT")),
        (
            1,
            text(*rng.pick(&["Nội dung", "Nội dung chi", "Chỉ tiêu"])),
        ),
    ];
    for (k, h) in heads.iter().take(money).enumerate() {
        header.push((2 + k as u16, text(*h)));
    }
    g.push(header);
    if rng.coin() {
        let mut legend = vec![(0, text("A")), (1, text("B"))];
        for k in 0..money {
            legend.push((2 + k as u16, Drawn::Num(k as i64 + 1)));
        }
        g.push(legend);
    }
    let per_unit = rng.coin();
    let sections = rng.range(2, 4) as usize;
    let upper = rng.coin();
    let name = |s: usize| -> String {
        if upper {
            SECTIONS[s].to_uppercase()
        } else {
            SECTIONS[s].to_string()
        }
    };
    // The breakdown below the summary: per section, its lines (per unit,
    // or per item of a "Chi tiết" part).
    let blocks = if per_unit {
        rng.range(2, 4) as usize
    } else {
        1
    };
    // detail[b][s] = items of section s in block b (amount vectors).
    let detail: Vec<Vec<Vec<Vec<i64>>>> = (0..blocks)
        .map(|_| {
            (0..sections)
                .map(|_| {
                    let n = if per_unit {
                        rng.range(0, 3)
                    } else {
                        rng.range(1, 4)
                    } as usize;
                    (0..n)
                        .map(|_| (0..money).map(|_| rng.range(5, 900) as i64).collect())
                        .collect()
                })
                .collect()
        })
        .collect();
    let subtotal = |items: &Vec<Vec<i64>>, k: usize, rng: &mut Rng| -> i64 {
        if items.is_empty() {
            // A unit's section line with no items under it.
            rng.range(5, 900) as i64
        } else {
            items.iter().map(|v| v[k]).sum()
        }
    };
    let lines: Vec<Vec<Vec<i64>>> = detail
        .iter()
        .map(|b| {
            b.iter()
                .map(|items| (0..money).map(|k| subtotal(items, k, &mut rng)).collect())
                .collect()
        })
        .collect();
    let summary: Vec<Vec<i64>> = (0..sections)
        .map(|s| {
            (0..money)
                .map(|k| lines.iter().map(|b| b[s][k]).sum())
                .collect()
        })
        .collect();
    let total_top = rng.coin();
    let total_label = *rng.pick(TOTAL_LABELS);
    let grand: Vec<i64> = (0..money)
        .map(|k| summary.iter().map(|v| v[k]).sum())
        .collect();
    let amounts_row = |label: Drawn, stt: &str, v: &[i64]| -> Vec<(u16, Drawn)> {
        let mut row = vec![(0, text(stt)), (1, label)];
        for (k, x) in v.iter().enumerate() {
            row.push((2 + k as u16, Drawn::Num(*x)));
        }
        row
    };
    if total_top {
        g.push(amounts_row(text(total_label), "", &grand));
    }
    let mut summary_rows = Vec::new();
    for (s, v) in summary.iter().enumerate() {
        summary_rows.push(g.push(amounts_row(text(name(s)), ROMAN[s], v)));
    }
    if !total_top {
        g.push(amounts_row(text(total_label), "", &grand));
    }
    let mut detail_rows = Vec::new();
    for (b, block) in detail.iter().enumerate() {
        let heading = if per_unit {
            let u = UNITS[(b + seed as usize) % UNITS.len()];
            match rng.below(3) {
                0 => u.to_string(),
                1 => u.to_uppercase(),
                _ => format!("Đơn vị: {u}"),
            }
        } else {
            rng.pick(&[
                "Chi tiết",
                "CHI TIẾT",
                "Chi tiết:",
                "PHẦN CHI TIẾT",
                "Chi tiết các nhiệm vụ",
            ])
            .to_string()
        };
        g.push(vec![(1, Drawn::Bold(heading))]);
        let mut p = 0;
        for (s, items) in block.iter().enumerate() {
            detail_rows.push(g.push(amounts_row(text(name(s)), ROMAN[s], &lines[b][s])));
            for v in items {
                p += 1;
                g.push(amounts_row(
                    text(format!("Nhiệm vụ {p}")),
                    &p.to_string(),
                    v,
                ));
            }
        }
    }
    let mut target = None;
    if inject {
        let k = rng.below(money as u64) as u16;
        let r = if per_unit || rng.coin() {
            summary_rows[rng.below(summary_rows.len() as u64) as usize]
        } else {
            detail_rows[rng.below(detail_rows.len() as u64) as usize]
        };
        let cell = g.rows[r as usize]
            .iter_mut()
            .find(|(c, _)| *c == 2 + k)
            .unwrap();
        if let Drawn::Num(n) = &mut cell.1 {
            *n += rng.range(3, 300) as i64;
        }
        target = Some(at(r, 2 + k));
    }
    (g, target)
}

#[test]
fn sections_repeated_below_a_summary_are_its_breakdown() {
    run_family("repeated-sections", repeated_sections);
}

/// Class 4: numbering read by the order the sheet declares it. Three
/// kinds of variant: a "Trong đó:" under a task followed by Roman numerals
/// (a partial breakdown until the task's own numbering returns), sections
/// lettered in mixed case in one sequence ("A", "b", "c" are siblings), and
/// kinds nested in an unusual order (Roman numerals or capitals below
/// arabic numbers, first appearance first). Sections carry subtotals; the
/// injected mistake is one section's subtotal typed wrong.
fn numbering_orders(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2404);
    let mut g = Grid::default();
    g.push(vec![(0, text("ỦY BAN NHÂN DÂN XÃ HÒA THUẬN"))]);
    g.push(vec![(1, text("DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let money = rng.range(1, 2) as usize;
    let mut header = vec![
        (0, text(*rng.pick(&["STT", "TT", "Số TT"]))),
        (
            1,
            text(*rng.pick(&["Nội dung", "Nội dung chi", "Tên đơn vị"])),
        ),
    ];
    for (k, h) in ["Dự toán năm 2025", "Ước thực hiện năm 2024"]
        .iter()
        .take(money)
        .enumerate()
    {
        header.push((2 + k as u16, text(*h)));
    }
    g.push(header);
    let variant = rng.below(3);
    let sections = rng.range(2, 4) as usize;
    // Section numerals and item numerals by variant.
    let letters = ["A", "B", "C", "D"];
    let lower = ["a", "b", "c", "d"];
    let section_stt = |s: usize, rng: &mut Rng| -> String {
        match variant {
            0 => letters[s].to_string(),
            // Mixed case: the first capital, the others lower case (or the
            // other way round).
            1 => {
                if s == 0 {
                    letters[0].to_string()
                } else if rng.coin() {
                    lower[s].to_string()
                } else {
                    format!("{}.", lower[s])
                }
            }
            _ => (s + 1).to_string(),
        }
    };
    let roman_below = rng.coin();
    let item_stt = |i: usize, p: usize| -> String {
        match variant {
            0 | 1 => (p + 1).to_string(),
            _ if roman_below => ROMAN[i].to_string(),
            _ => letters[i].to_string(),
        }
    };
    let section_names = [
        "Huyện Đông Anh",
        "Huyện Gia Lâm",
        "Huyện Sóc Sơn",
        "Huyện Mê Linh",
    ];
    let tasks = [
        "Chi sự nghiệp giáo dục",
        "Chi sự nghiệp y tế",
        "Chi quản lý hành chính",
        "Chi an ninh, quốc phòng",
        "Chi sự nghiệp văn hóa",
        "Chi đảm bảo xã hội",
    ];
    let total_top = rng.coin();
    let total_label = *rng.pick(TOTAL_LABELS);
    let row_of = |stt: &str, label: &str, v: &[i64]| -> Vec<(u16, Drawn)> {
        let mut row = vec![(0, text(stt)), (1, text(label))];
        for (k, x) in v.iter().enumerate() {
            row.push((2 + k as u16, Drawn::Num(*x)));
        }
        row
    };
    let total_at = if total_top {
        Some(g.push(vec![]))
    } else {
        None
    };
    let mut grand = vec![0i64; money];
    let mut section_rows = Vec::new();
    let mut p = 0;
    for s in 0..sections {
        let n = rng.range(2, 4) as usize;
        let items: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..money).map(|_| rng.range(50, 900) as i64).collect())
            .collect();
        let sum: Vec<i64> = (0..money)
            .map(|k| items.iter().map(|v| v[k]).sum())
            .collect();
        for (k, x) in sum.iter().enumerate() {
            grand[k] += x;
        }
        let stt = section_stt(s, &mut rng);
        let name = if variant == 2 {
            section_names[s].to_string()
        } else {
            [
                "Chi đầu tư phát triển",
                "Chi thường xuyên",
                "Chi chuyển nguồn",
                "Chi khác",
            ][s]
                .to_string()
        };
        section_rows.push(g.push(row_of(&stt, &name, &sum)));
        let breakdown_at = rng.below(n as u64) as usize;
        for (i, v) in items.iter().enumerate() {
            let label = tasks[(p + i) % tasks.len()];
            g.push(row_of(&item_stt(i, p + i), label, v));
            // "Trong đó:" under one task, its parts numbered I, II …: a
            // part of the task, never added.
            if variant == 0 && i == breakdown_at && rng.coin() {
                // "Trong đó: Chi lương" on one line, or "Trong đó:" above
                // parts numbered I, II ….
                let inline = rng.coin();
                let parts = if inline { 1 } else { rng.range(1, 3) as usize };
                if !inline {
                    g.push(vec![(
                        1,
                        text(*rng.pick(&["Trong đó:", "Trong đó", "- Trong đó:"])),
                    )]);
                }
                for q in 0..parts {
                    let share: Vec<i64> = v.iter().map(|x| x / (parts as i64 + 1)).collect();
                    let label = if inline && q == 0 {
                        "Trong đó: Chi lương".to_string()
                    } else {
                        ["Chi lương", "Chi hoạt động", "Chi sửa chữa"][q].to_string()
                    };
                    let stt = if inline && q == 0 { "" } else { ROMAN[q] };
                    g.push(row_of(stt, &label, &share));
                }
            }
        }
        p += n;
    }
    let total = row_of("", total_label, &grand);
    match total_at {
        Some(r) => g.rows[r as usize] = total,
        None => {
            g.push(total);
        }
    }
    let mut target = None;
    if inject {
        let r = section_rows[rng.below(section_rows.len() as u64) as usize];
        let k = rng.below(money as u64) as u16;
        let cell = g.rows[r as usize]
            .iter_mut()
            .find(|(c, _)| *c == 2 + k)
            .unwrap();
        if let Drawn::Num(n) = &mut cell.1 {
            *n += rng.range(3, 300) as i64;
        }
        target = Some(at(r, 2 + k));
    }
    (g, target)
}

#[test]
fn numbering_is_nested_in_the_order_the_sheet_declares() {
    run_family("numbering-orders", numbering_orders);
}

/// Class 5: extracts. A section lists only some of its children, visibly —
/// its first child numbered 2 or 3, or a lone "2.6" under "2" — so it is
/// larger than them in every column: `items-incomplete` (a warning), never
/// `parent-sum`. The total's label may be bilingual and split over lines
/// ("TỔNG SỐ" ⏎ "TOTAL", in one cell or on the row below). The injected
/// mistake: a fully listed section's subtotal typed below its children.
fn extracts(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2405);
    let mut g = Grid::default();
    g.push(vec![(0, text("BỘ TÀI CHÍNH"))]);
    g.push(vec![(
        1,
        text("TRÍCH DỰ TOÁN CHI NGÂN SÁCH TRUNG ƯƠNG NĂM 2025"),
    )]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let money = rng.range(1, 3) as usize;
    let heads = [
        ("Dự toán", "Estimate"),
        ("Chi đầu tư phát triển", "Investment"),
        ("Chi thường xuyên", "Recurrent"),
    ];
    let bilingual = rng.coin();
    let mut header = vec![
        (0, text(if bilingual { "STT\nNo." } else { "STT" })),
        (
            1,
            text(if bilingual {
                "Nội dung\nContents"
            } else {
                "Nội dung"
            }),
        ),
    ];
    for (k, (vi, en)) in heads.iter().take(money).enumerate() {
        let l = if bilingual {
            format!("{vi}\n{en}")
        } else {
            vi.to_string()
        };
        header.push((2 + k as u16, text(l)));
    }
    g.push(header);
    let row_of = |stt: &str, label: &str, v: &[i64]| -> Vec<(u16, Drawn)> {
        let mut row = vec![(0, text(stt)), (1, text(label))];
        for (k, x) in v.iter().enumerate() {
            row.push((2 + k as u16, Drawn::Num(*x)));
        }
        row
    };
    let total_split = rng.below(3); // 0 one line, 1 "\n" in the cell, 2 the row below
    let total_top = rng.coin();
    let total_label = match total_split {
        1 => "TỔNG SỐ\nTOTAL",
        _ => *rng.pick(&["TỔNG SỐ", "Tổng cộng"]),
    };
    let total_at = if total_top {
        let r = g.push(vec![]);
        if total_split == 2 {
            g.push(vec![(1, text("TOTAL"))]);
        }
        Some(r)
    } else {
        None
    };
    let sections = rng.range(2, 4) as usize;
    let extract_of = rng.below(sections as u64) as usize;
    let names = [
        "Các Bộ, cơ quan trung ương",
        "Các tổ chức chính trị - xã hội",
        "Các doanh nghiệp nhà nước",
        "Các quỹ tài chính",
    ];
    let units = [
        "Bộ Tài chính",
        "Bộ Xây dựng",
        "Bộ Y tế",
        "Bộ Giáo dục và Đào tạo",
        "Hội Nông dân Việt Nam",
        "Tổng liên đoàn lao động",
    ];
    let mut grand = vec![0i64; money];
    let mut full_sections = Vec::new();
    for s in 0..sections {
        let extract = s == extract_of;
        // What is listed: 1..n, or from 2 or 3 on, or a lone "2.6" under
        // a child listed from 2 or 3.
        let style = if extract { rng.range(1, 2) } else { 0 };
        let n = rng.range(2, 4) as usize;
        let listed: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..money).map(|_| rng.range(100, 9_000) as i64).collect())
            .collect();
        let mut sum: Vec<i64> = (0..money)
            .map(|k| listed.iter().map(|v| v[k]).sum())
            .collect();
        if extract {
            // The children not listed, in every column.
            for x in sum.iter_mut() {
                *x += rng.range(500, 20_000) as i64;
            }
        }
        for (k, x) in sum.iter().enumerate() {
            grand[k] += x;
        }
        let r = g.push(row_of(ROMAN[s], names[s], &sum));
        if !extract {
            full_sections.push(r);
        }
        if style == 2 {
            // The section lists one child (from 2 or 3), and that child
            // one grandchild of its many.
            let first = rng.range(2, 3);
            let child: Vec<i64> = sum.iter().map(|x| x - x / 3).collect();
            g.push(row_of(&first.to_string(), units[s % units.len()], &child));
            let grandchild: Vec<i64> = child.iter().map(|x| x / 4).collect();
            g.push(row_of(
                &format!("{first}.{}", rng.range(3, 7)),
                "Văn phòng đại diện",
                &grandchild,
            ));
        } else {
            let from = if extract { rng.range(2, 3) as usize } else { 1 };
            for (i, v) in listed.iter().enumerate() {
                g.push(row_of(
                    &(from + i).to_string(),
                    units[(s + i) % units.len()],
                    v,
                ));
            }
        }
    }
    let total = row_of("", total_label, &grand);
    match total_at {
        Some(r) => g.rows[r as usize] = total,
        None => {
            g.push(total);
            if total_split == 2 {
                g.push(vec![(1, text("TOTAL"))]);
            }
        }
    }
    let mut target = None;
    if inject {
        let r = full_sections[rng.below(full_sections.len() as u64) as usize];
        let k = rng.below(money as u64) as u16;
        let cell = g.rows[r as usize]
            .iter_mut()
            .find(|(c, _)| *c == 2 + k)
            .unwrap();
        if let Drawn::Num(n) = &mut cell.1 {
            *n -= rng.range(3, 90) as i64;
        }
        target = Some(at(r, 2 + k));
    }
    (g, target)
}

#[test]
fn an_extract_with_visibly_missing_children_is_incomplete_not_wrong() {
    run_family_with("extracts", extracts, |o, _| {
        (!o.findings
            .iter()
            .any(|f| f.code.as_str() == "items-incomplete"))
        .then(|| {
            format!(
                "the extract is not items-incomplete: {:?}",
                common::codes(o)
            )
        })
    });
}

/// A few variants of the working-book families, saved by LibreOffice as
/// .xls and as .ods (merges kept in .xls, none in .ods): each clean one
/// without error, each faulty one with its injected cell found. One
/// soffice run per format converts them all, so CI stays quick.
#[test]
fn working_book_families_read_the_same_as_xls_and_ods() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    type Family = fn(u64, bool) -> (Grid, Option<String>);
    let families: [(&str, Family); 6] = [
        ("unnumbered-groups", unnumbered_groups),
        ("page-breaks", page_break_repeats),
        ("repeated-sections", repeated_sections),
        ("numbering-orders", numbering_orders),
        ("extracts", extracts),
        ("computed-sub-lines", computed_sub_lines),
    ];
    let dir = scratch();
    let mut inputs = Vec::new();
    let mut targets = Vec::new();
    for (name, build) in families {
        for seed in 0..3 {
            for inject in [false, true] {
                let (grid, target) = build(seed, inject);
                let path = dir.path().join(format!("{name}-{seed}-{inject}.xlsx"));
                grid.save(&path);
                inputs.push(path);
                targets.push(target);
            }
        }
    }
    let mut failures = Vec::new();
    for format in ["xls", "ods"] {
        let out_dir = dir.path().join(format);
        let _one_at_a_time = common::soffice_lock();
        let status = std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(&out_dir)
            .args(&inputs)
            .output()
            .expect("run soffice");
        assert!(
            status.status.success(),
            "soffice failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        for (input, target) in inputs.iter().zip(&targets) {
            let path = out_dir
                .join(input.file_stem().unwrap())
                .with_extension(format);
            let o = phuluc::analyse(&path, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let errors = common::errors(&o);
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            match target {
                None if !errors.is_empty() => failures.push(format!("{name}: clean: {errors:?}")),
                Some(t) if !errors.iter().any(|(_, c)| c == t) => {
                    failures.push(format!("{name}: {t} not found: {errors:?}"))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Class 6: sums as formulas. Sections add their tasks with SUM or
/// SUBTOTAL(9, …) ranges, the total adds the sections (a sum of cells, or
/// one SUBTOTAL over the whole body, which leaves the sections' own
/// SUBTOTALs out). The injected mistake: one section's range leaves out a
/// row its siblings' ranges include (saved with the value it computes), or
/// one SUBTOTAL saved under a filter (its value is not its own range's).
fn formula_ranges(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2406);
    let mut g = Grid::default();
    g.push(vec![(0, text("ỦY BAN NHÂN DÂN XÃ TÂN LẬP"))]);
    g.push(vec![(1, text("QUYẾT TOÁN CHI NGÂN SÁCH XÃ NĂM 2024"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let money = rng.range(1, 2) as usize;
    let mut header = vec![
        (0, text("STT")),
        (1, text(*rng.pick(&["Nội dung", "Nội dung chi"]))),
    ];
    for (k, h) in ["Dự toán", "Quyết toán"].iter().take(money).enumerate() {
        header.push((2 + k as u16, text(*h)));
    }
    g.push(header);
    let subtotal = rng.coin();
    let total_as_subtotal = subtotal && rng.coin();
    let sections = rng.range(2, 4) as usize;
    let tasks = [
        "Chi lương",
        "Chi phụ cấp",
        "Chi hoạt động",
        "Chi sửa chữa",
        "Chi mua sắm",
        "Chi hội nghị",
    ];
    let total_row = g.push(vec![]);
    let mut spans = Vec::new(); // (section row, first task row, last task row, values)
    let mut p = 0;
    for s in 0..sections {
        let n = rng.range(2, 5) as usize;
        let values: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..money).map(|_| rng.range(10, 900) as i64).collect())
            .collect();
        let r = g.push(vec![]);
        for (i, v) in values.iter().enumerate() {
            let mut row = vec![
                (0, text((p + i + 1).to_string())),
                (1, text(tasks[i % tasks.len()])),
            ];
            for (k, x) in v.iter().enumerate() {
                row.push((2 + k as u16, Drawn::Num(*x)));
            }
            g.push(row);
        }
        p += n;
        spans.push((r, r + 1, r + n as u32, values, s));
    }
    // The mistake: (section, kind) — 0 a short range, 1 a filtered value.
    let fault = inject.then(|| {
        let s = rng.below(sections as u64) as usize;
        let kind = if subtotal { rng.below(2) } else { 0 };
        (s, kind)
    });
    let mut target = None;
    let mut stated_sections = vec![vec![0i64; money]; sections];
    for (r, first, last, values, s) in &spans {
        let mut row = vec![
            (0, text(ROMAN[*s])),
            (1, text(format!("Chi sự nghiệp {}", s + 1))),
        ];
        for k in 0..money {
            let c = 2 + k as u16;
            let mut to = *last;
            let mut saved: i64 = values.iter().map(|v| v[k]).sum();
            if let Some((fs, kind)) = fault {
                if fs == *s && k == 0 {
                    target = Some(at(*r, c));
                    if kind == 0 {
                        // The range stops a row short.
                        to = last - 1;
                        saved -= values.last().unwrap()[k];
                    } else {
                        // Saved with one task filtered out.
                        saved -= values[rng.below(values.len() as u64) as usize][k];
                    }
                }
            }
            let f = if subtotal {
                format!("SUBTOTAL(9,{}:{})", at(*first, c), at(to, c))
            } else {
                format!("SUM({}:{})", at(*first, c), at(to, c))
            };
            stated_sections[*s][k] = saved;
            row.push((c, Drawn::Formula(f, saved)));
        }
        g.rows[*r as usize] = row;
    }
    let last_row = g.next_row() - 1;
    let mut total = vec![(1, text(*rng.pick(TOTAL_LABELS)))];
    for k in 0..money {
        let c = 2 + k as u16;
        // The total adds what the tasks hold: a SUBTOTAL over the body
        // skips the sections' own SUBTOTALs; a sum of the section cells
        // adds them as saved.
        let tasks_sum: i64 = spans
            .iter()
            .map(|(_, _, _, v, _)| v.iter().map(|x| x[k]).sum::<i64>())
            .sum();
        let cell = if total_as_subtotal {
            Drawn::Formula(
                format!("SUBTOTAL(9,{}:{})", at(total_row + 1, c), at(last_row, c)),
                tasks_sum,
            )
        } else {
            let refs: Vec<String> = spans.iter().map(|(r, ..)| at(*r, c)).collect();
            let saved: i64 = stated_sections.iter().map(|v| v[k]).sum();
            Drawn::Formula(refs.join("+"), saved)
        };
        total.push((c, cell));
    }
    g.rows[total_row as usize] = total;
    (g, target)
}

#[test]
fn a_formula_range_that_leaves_out_a_row_is_found_at_its_cell() {
    run_family("formula-ranges", formula_ranges);
}

/// Class 5 (continued): a line inside an item that states its own
/// computation ("Tổng số: (1)=(3)-(2)") is that item's sub-line — not the
/// grand total, not the end of the table, never added. Sections add their
/// items; the total at the bottom adds the sections. The injected mistake:
/// a section's subtotal typed wrong.
fn computed_sub_lines(seed: u64, inject: bool) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed ^ 0x2407);
    let mut g = Grid::default();
    g.push(vec![(0, text("ỦY BAN NHÂN DÂN XÃ PHÚ MỸ"))]);
    g.push(vec![(1, text("CÂN ĐỐI NGÂN SÁCH XÃ NĂM 2025"))]);
    g.push(vec![(3, text(*rng.pick(UNIT_LINES)))]);
    let money = rng.range(1, 2) as usize;
    let mut header = vec![(0, text("STT")), (1, text("Nội dung"))];
    for (k, h) in ["Dự toán", "Ước thực hiện"].iter().take(money).enumerate() {
        header.push((2 + k as u16, text(*h)));
    }
    g.push(header);
    let row_of = |stt: &str, label: &str, v: &[i64]| -> Vec<(u16, Drawn)> {
        let mut row = vec![(0, text(stt)), (1, text(label))];
        for (k, x) in v.iter().enumerate() {
            row.push((2 + k as u16, Drawn::Num(*x)));
        }
        row
    };
    let lines = [
        "Tổng số: (1)=(3)-(2)",
        "Tổng cộng: (3) = (1) + (2)",
        "Tổng: (1)=(2)-(3)",
        "Tổng kết dư: (4)=(1)-(2)-(3)",
    ];
    let sections = rng.range(2, 3) as usize;
    let mut grand = vec![0i64; money];
    let mut section_rows = Vec::new();
    let mut p = 0;
    let with_line = rng.below(sections as u64) as usize;
    for s in 0..sections {
        let n = rng.range(2, 4) as usize;
        let items: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..money).map(|_| rng.range(100, 900) as i64).collect())
            .collect();
        let sum: Vec<i64> = (0..money)
            .map(|k| items.iter().map(|v| v[k]).sum())
            .collect();
        for (k, x) in sum.iter().enumerate() {
            grand[k] += x;
        }
        section_rows.push(g.push(row_of(
            ROMAN[s],
            ["Thu ngân sách xã", "Chi ngân sách xã", "Kết dư"][s],
            &sum,
        )));
        let at_item = rng.below(n as u64) as usize;
        for (i, v) in items.iter().enumerate() {
            g.push(row_of(
                &(p + i + 1).to_string(),
                ["Thu thuế", "Thu phí, lệ phí", "Thu bổ sung", "Thu khác"][i],
                v,
            ));
            if s == with_line && i == at_item {
                // The item's own computation, a figure of another kind.
                let stated: Vec<i64> = v.iter().map(|x| x / 3 + 7).collect();
                g.push(row_of(
                    "",
                    lines[rng.below(lines.len() as u64) as usize],
                    &stated,
                ));
            }
        }
        p += n;
    }
    let total_label = *rng.pick(TOTAL_LABELS);
    g.push(row_of("", total_label, &grand));
    let mut target = None;
    if inject {
        let r = section_rows[rng.below(section_rows.len() as u64) as usize];
        let k = rng.below(money as u64) as u16;
        let cell = g.rows[r as usize]
            .iter_mut()
            .find(|(c, _)| *c == 2 + k)
            .unwrap();
        if let Drawn::Num(n) = &mut cell.1 {
            *n += rng.range(3, 90) as i64;
        }
        target = Some(at(r, 2 + k));
    }
    (g, target)
}

#[test]
fn a_line_stating_its_computation_is_a_sub_line_not_the_total() {
    run_family_with("computed-sub-lines", computed_sub_lines, |o, _| {
        let t = &o.appendix.tables[0];
        (t.totals.len() != 1).then(|| {
            format!(
                "{} totals: {:?}",
                t.totals.len(),
                t.totals
                    .iter()
                    .map(|i| i.content.to_string())
                    .collect::<Vec<_>>()
            )
        })
    });
}

/// The other reading of class 1: a flat list of unnumbered works in which
/// one row happens to equal the sum of the rows after it, and the total
/// adds every row. The grouping explains no more than the flat list does,
/// so the list stays flat: no error anywhere.
#[test]
fn a_flat_unnumbered_list_with_a_coincidence_stays_flat() {
    run_family("flat-unnumbered", |seed, _| {
        let mut rng = Rng::new(seed ^ 0x2408);
        let mut g = Grid::default();
        let amounts = 1;
        works_header(&mut rng, &mut g, amounts);
        let n = rng.range(4, 9) as usize;
        let mut values: Vec<i64> = (0..n).map(|_| amount(&mut rng)).collect();
        // The coincidence: a row equal to the two after it.
        let at_row = rng.below(n as u64 - 2) as usize;
        values[at_row] = values[at_row + 1] + values[at_row + 2];
        let total: i64 = values.iter().sum();
        for (i, v) in values.iter().enumerate() {
            g.push(vec![(1, text(WORKS[i % WORKS.len()])), (2, Drawn::Num(*v))]);
        }
        g.push(vec![
            (1, text(*rng.pick(TOTAL_LABELS))),
            (2, Drawn::Num(total)),
        ]);
        (g, None)
    });
}

/// `format` of the regrouped tables writes each heading's and each summary
/// line's sum over what the checker read under it: the copy checks clean,
/// and LibreOffice, recalculating every formula, gets the values saved.
#[test]
fn format_writes_sums_over_the_regrouped_rows() {
    let dir = scratch();
    let soffice = common::soffice();
    type Family = fn(u64, bool) -> (Grid, Option<String>);
    let families: [(&str, Family); 2] = [
        ("unnumbered-groups", unnumbered_groups),
        ("repeated-sections", repeated_sections),
    ];
    for (name, build) in families {
        for seed in 0..3 {
            let (grid, _) = build(seed, false);
            let input = dir.path().join(format!("{name}-{seed}.xlsx"));
            grid.save(&input);
            let out = dir.path().join(format!("{name}-{seed}-out.xlsx"));
            common::format_ok(&input, &out);
            assert_eq!(
                errors_of(&out),
                vec![],
                "{name} seed {seed}: the formatted copy"
            );
            if let Some(soffice) = &soffice {
                common::assert_recalculates_to_saved(soffice, &out, dir.path());
            }
        }
    }
}
