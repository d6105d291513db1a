//! Families of cost estimates, not examples (issue 24): for each layout
//! class estimating software and economics offices produce, a seeded family
//! of variants — labels drawn from a vocabulary of real wordings, column
//! orders, header heights, column-number rows, amounts typed or as
//! formulas, VND amounts in đồng — each checked clean (no error at all) and
//! with one injected mistake at a known cell, which must be found there as
//! an error. A mistake counts as found only where the same table without it
//! is not flagged (the clean variant has no error anywhere). A few variants
//! of each family are also converted to .xls and .ods by LibreOffice.

mod common;

use common::scratch;
use phuluc::Severity;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// A small seeded generator (xorshift): the same family on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

const VARIANTS: u64 = 50;

// ---------------------------------------------------------------------
// Vocabulary: how estimators write things.

const STT_HEADINGS: &[&str] = &["STT", "TT", "Số TT", "Số thứ tự"];
const CODE_HEADINGS: &[&str] = &[
    "Mã hiệu",
    "Mã số",
    "MSCV",
    "Mã CV",
    "Số hiệu định mức",
    "Mã hiệu đơn giá",
    "MÃ HIỆU",
];
const NAME_HEADINGS: &[&str] = &[
    "Tên công tác",
    "Nội dung công việc",
    "TÊN CÔNG VIỆC",
    "Hạng mục công việc",
    "Tên công tác / Diễn giải khối lượng",
];
const UNIT_HEADINGS: &[&str] = &["Đơn vị", "ĐVT", "Đơn vị tính", "ĐƠN VỊ"];
const QTY_HEADINGS: &[&str] = &["Khối lượng", "KHỐI LƯỢNG", "Khối lượng thi công"];
const PRICE_HEADINGS: &[&str] = &["Đơn giá", "ĐƠN GIÁ"];
const AMOUNT_HEADINGS: &[&str] = &["Thành tiền", "THÀNH TIỀN"];
const TITLES: &[&str] = &[
    "BẢNG DỰ TOÁN CHI TIẾT",
    "BẢNG TÍNH DỰ TOÁN CHI TIẾT",
    "DỰ TOÁN XÂY DỰNG CÔNG TRÌNH",
    "BẢNG ĐƠN GIÁ DỰ THẦU",
];
const WORKS: &[&str] = &[
    "Đường giao thông nông thôn thôn Đông",
    "Kênh mương nội đồng xứ Đồng Bãi",
    "Cống qua đường liên thôn",
    "Nhà văn hóa thôn 3",
    "Kè bờ suối đoạn qua trung tâm xã",
];
const UNIT_LINES: &[&str] = &["Đơn vị tính: đồng", "ĐVT: đồng", "Đơn vị: đồng"];

/// A work line of a norm: code, wording, unit of measure, a unit price in
/// đồng and its parts (VL, NC, M) in thousandths of the price.
struct Work {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    price: i64,
    /// Share of material and labour in the price, per mille; the machine
    /// takes the rest.
    vl: i64,
    nc: i64,
}

const WORK_LINES: &[Work] = &[
    Work {
        code: "AB.11312",
        name: "Đào móng công trình bằng thủ công, đất cấp II",
        unit: "m3",
        price: 251_340,
        vl: 0,
        nc: 1000,
    },
    Work {
        code: "AB.25112",
        name: "Đào móng bằng máy đào ≤0,8m3, đất cấp II",
        unit: "100m3",
        price: 1_852_600,
        vl: 0,
        nc: 210,
    },
    Work {
        code: "AB.13112",
        name: "Đắp đất nền móng công trình, độ chặt K=0,90",
        unit: "m3",
        price: 121_450,
        vl: 0,
        nc: 870,
    },
    Work {
        code: "AB.65110",
        name: "Đắp cát công trình bằng máy đầm cóc",
        unit: "100m3",
        price: 27_513_900,
        vl: 820,
        nc: 120,
    },
    Work {
        code: "AF.11111",
        name: "Bê tông lót móng, đá 4x6, mác 100",
        unit: "m3",
        price: 1_154_870,
        vl: 690,
        nc: 250,
    },
    Work {
        code: "AF.12213",
        name: "Bê tông móng, đá 1x2, mác 200",
        unit: "m3",
        price: 1_483_210,
        vl: 720,
        nc: 210,
    },
    Work {
        code: "AF.81122",
        name: "Ván khuôn gỗ móng cột",
        unit: "100m2",
        price: 12_864_300,
        vl: 410,
        nc: 560,
    },
    Work {
        code: "AF.61120",
        name: "Cốt thép móng, đường kính ≤18mm",
        unit: "tấn",
        price: 21_517_450,
        vl: 780,
        nc: 150,
    },
    Work {
        code: "AE.22214",
        name: "Xây tường gạch chỉ 6,5x10,5x22, dày ≤33cm, vữa XM mác 75",
        unit: "m3",
        price: 1_652_080,
        vl: 640,
        nc: 340,
    },
    Work {
        code: "AK.21224",
        name: "Trát tường ngoài dày 1,5cm, vữa XM mác 75",
        unit: "m2",
        price: 98_760,
        vl: 230,
        nc: 740,
    },
    Work {
        code: "AD.11212",
        name: "Làm móng cấp phối đá dăm lớp dưới",
        unit: "100m3",
        price: 42_106_500,
        vl: 810,
        nc: 60,
    },
    Work {
        code: "AD.24213",
        name: "Rải thảm mặt đường bê tông nhựa hạt trung, dày 7cm",
        unit: "100m2",
        price: 28_540_700,
        vl: 880,
        nc: 40,
    },
    Work {
        code: "AB.41432",
        name: "Vận chuyển đất bằng ô tô tự đổ 7T, cự ly ≤1km",
        unit: "100m3",
        price: 1_356_200,
        vl: 0,
        nc: 0,
    },
    Work {
        code: "AG.11414",
        name: "Lắp đặt ống cống bê tông D600",
        unit: "đoạn ống",
        price: 2_451_900,
        vl: 930,
        nc: 50,
    },
    Work {
        code: "AK.84114",
        name: "Sơn tường ngoài nhà không bả, 1 nước lót, 2 nước phủ",
        unit: "m2",
        price: 67_380,
        vl: 560,
        nc: 440,
    },
];

const HANG_MUC: &[&str] = &[
    "CỐNG HỘP",
    "NỀN ĐƯỜNG",
    "MẶT ĐƯỜNG",
    "KÈ ĐÁ",
    "RÃNH THOÁT NƯỚC",
    "TƯỜNG RÀO",
    "CỐNG",
];
const PARTS: &[&str] = &[
    "PHẦN ĐÀO ĐẮP",
    "PHẦN BÊ TÔNG",
    "PHẦN HOÀN TRẢ",
    "PHẦN MÓNG",
    "PHẦN THÂN",
    "PHẦN CỐT THÉP",
    "PHẦN VÁN KHUÔN",
    "PHẦN NỀN ĐƯỜNG",
];
const LETTERS: &[&str] = &["A", "B", "C", "D"];

/// How a part's closing line is written, from its name ("PHẦN ĐÀO ĐẮP").
fn part_total_label(rng: &mut Rng, part: &str) -> String {
    let lower = part.to_lowercase();
    let bare = part.trim_start_matches("PHẦN ").to_string();
    match rng.below(8) {
        0 => format!("TỔNG CỘNG: {part}"),
        1 => format!("Cộng: {}", capitalise(&lower)),
        2 => format!("CỘNG {part}"),
        3 => format!("Cộng {lower}"),
        4 => format!("Tổng cộng {lower}"),
        5 => format!("CỘNG PHẦN: {bare}"),
        6 => format!("Tổng cộng: {}", capitalise(&lower)),
        _ => format!("TỔNG CỘNG {part}"),
    }
}

fn hang_muc_total_label(rng: &mut Rng, name: &str) -> String {
    match rng.below(6) {
        0 => "TỔNG HẠNG MỤC".into(),
        1 => "Tổng cộng hạng mục".into(),
        2 => format!("TỔNG CỘNG HẠNG MỤC: {name}"),
        3 => "Cộng hạng mục".into(),
        4 => format!("Tổng hạng mục {}", name.to_lowercase()),
        _ => format!("TỔNG HẠNG MỤC {name}"),
    }
}

const PROJECT_TOTALS: &[&str] = &[
    "TỔNG CÔNG TRÌNH",
    "TỔNG CỘNG CÔNG TRÌNH",
    "TỔNG GIÁ TRỊ DỰ TOÁN",
    "Tổng cộng công trình",
    "Tổng giá trị dự toán",
    "TỔNG CỘNG",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------
// Cells and writing.

#[derive(Clone, Debug)]
enum C {
    T(String),
    N(f64),
    /// A formula and the value saved with it.
    F(String, f64),
    /// Text in italics (a diễn giải line).
    I(String),
}

fn col_letter(c: u16) -> String {
    phuluc::read::column_letters(u32::from(c))
}

fn a1(r: u32, c: u16) -> String {
    format!("{}{}", col_letter(c), r + 1)
}

/// A sheet as rows of (column, cell), plus merged ranges.
#[derive(Default)]
struct Grid {
    name: String,
    rows: Vec<Vec<(u16, C)>>,
    merges: Vec<(u32, u16, u32, u16, String)>,
}

impl Grid {
    fn next_row(&self) -> u32 {
        self.rows.len() as u32
    }
    fn push(&mut self, cells: Vec<(u16, C)>) -> u32 {
        self.rows.push(cells);
        self.rows.len() as u32 - 1
    }
    fn set(&mut self, r: u32, c: u16, v: C) {
        let row = &mut self.rows[r as usize];
        row.retain(|(k, _)| *k != c);
        row.push((c, v));
    }
}

fn write_grid(ws: &mut Worksheet, g: &Grid) {
    let italic = Format::new().set_italic();
    let bold = Format::new().set_bold();
    ws.set_name(&g.name).unwrap();
    for (r, row) in g.rows.iter().enumerate() {
        let r = r as u32;
        for (c, v) in row {
            let _ = match v {
                C::T(s) => ws.write_string(r, *c, s).map(|_| ()),
                C::I(s) => ws.write_string_with_format(r, *c, s, &italic).map(|_| ()),
                C::N(n) => ws.write_number(r, *c, *n).map(|_| ()),
                C::F(f, n) => ws
                    .write_formula(r, *c, Formula::new(f.as_str()).set_result(fmt_f64(*n)))
                    .map(|_| ()),
            };
        }
    }
    for (r1, c1, r2, c2, s) in &g.merges {
        ws.merge_range(*r1, *c1, *r2, *c2, s, &bold).unwrap();
    }
}

/// A saved formula result as Excel writes it (shortest round trip).
fn fmt_f64(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn save(dir: &Path, name: &str, sheets: &[&Grid]) -> PathBuf {
    let mut wb = Workbook::new();
    for g in sheets {
        let ws = wb.add_worksheet();
        write_grid(ws, g);
    }
    let path = dir.join(name);
    wb.save(&path).unwrap();
    // PHULUC_FAMILY_DUMP=dir keeps every variant for a look by hand.
    if let Some(keep) = std::env::var_os("PHULUC_FAMILY_DUMP") {
        let _ = std::fs::copy(&path, Path::new(&keep).join(name));
    }
    path
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

/// Thousandths (of a unit or a đồng) as the number a cell holds.
fn milli(x: i128) -> f64 {
    x as f64 / 1000.0
}

// ---------------------------------------------------------------------
// The detail sheet.

/// How the price parts are laid out, if at all.
#[derive(Clone, Copy, PartialEq, Debug)]
enum PriceParts {
    /// STT … Khối lượng | Đơn giá | Thành tiền.
    None,
    /// One header row: VẬT LIỆU | NHÂN CÔNG | MÁY | ĐƠN GIÁ | THÀNH TIỀN.
    OneRow,
    /// "Đơn giá" over VL, NC, M and "Thành tiền" over VL, NC, M (and a
    /// "Cộng" under each when `sums`).
    Groups { sums: bool },
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Inject {
    None,
    /// The third part total of a hạng mục with three parts or more.
    ThirdPartTotal,
    /// Any part total.
    PartTotal,
    HangMucTotal,
    ProjectTotal,
    LineAmount,
    /// A line amount on a line with diễn giải rows under it.
    BrokenDownLineAmount,
    /// A line's quantity that its diễn giải rows do not add up to (its
    /// amount computed from it).
    BrokenDownQuantity,
    /// A price part (VL) that no longer adds to the unit price.
    PricePart,
    /// A quantity typed in m3 into a line priced per 100m3.
    QuantityScale,
}

#[derive(Clone, Copy, Debug)]
struct Opts {
    hang_muc: (u64, u64),
    parts: (u64, u64),
    /// Diễn giải quantity rows under some lines.
    breakdowns: bool,
    price_parts: PriceParts,
    /// Lines of one 100m3 code in several parts (for the scale check).
    repeated_scaled_code: bool,
}

/// The columns of a detail sheet, by what they hold.
#[derive(Default, Clone, Copy)]
struct Cols {
    stt: u16,
    code: u16,
    name: u16,
    unit: u16,
    qty: u16,
    /// VL, NC, M price parts.
    parts: Option<[u16; 3]>,
    price: Option<u16>,
    /// VL, NC, M amounts (group layout).
    part_amounts: Option<[u16; 3]>,
    amount: Option<u16>,
    note: Option<u16>,
}

struct Line {
    row: u32,
    qty_m: i128,
    price: i64,
    parts: [i64; 3],
    amount_m: i128,
    part_amounts_m: [i128; 3],
    has_breakdown: bool,
    scaled: bool,
    code: &'static str,
}

/// The money a total row adds: (amount, VL, NC, M), thousandths of đồng.
type Money = [i128; 4];

fn add(a: Money, b: Money) -> Money {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// A detail sheet of the family `opts`, clean or with `inject`: the path
/// and the injected cell.
fn detail_estimate(
    seed: u64,
    dir: &Path,
    opts: Opts,
    inject: Inject,
    name: &str,
) -> (PathBuf, Option<String>) {
    let (g, cell) = detail_grid(seed, opts, inject);
    (save(dir, name, &[&g]), cell)
}

fn detail_grid(seed: u64, opts: Opts, inject: Inject) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed);
    let mut g = Grid {
        name: rng
            .pick(&["Dự toán chi tiết", "DT chi tiết", "Chi tiết"])
            .to_string(),
        ..Default::default()
    };
    let c0: u16 = if rng.below(4) == 0 { 1 } else { 0 };
    // Title block.
    if rng.coin() {
        g.push(vec![(
            c0,
            C::T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into()),
        )]);
    }
    g.push(vec![(c0 + 2, C::T(rng.pick(TITLES).to_string()))]);
    g.push(vec![(c0, C::T(format!("Công trình: {}", rng.pick(WORKS))))]);
    if rng.coin() {
        g.push(vec![(c0, C::T("Địa điểm: xã Thử Nghiệm".into()))]);
    }
    g.push(vec![(c0 + 4, C::T(rng.pick(UNIT_LINES).to_string()))]);
    // Columns.
    let mut cols = Cols::default();
    let mut next = c0;
    let mut take = || {
        next += 1;
        next - 1
    };
    cols.stt = take();
    cols.code = take();
    cols.name = take();
    cols.unit = take();
    cols.qty = take();
    match opts.price_parts {
        PriceParts::None => {
            cols.price = Some(take());
            cols.amount = Some(take());
        }
        PriceParts::OneRow => {
            cols.parts = Some([take(), take(), take()]);
            cols.price = Some(take());
            cols.amount = Some(take());
        }
        PriceParts::Groups { sums } => {
            cols.parts = Some([take(), take(), take()]);
            cols.price = sums.then(&mut take);
            cols.part_amounts = Some([take(), take(), take()]);
            cols.amount = sums.then(&mut take);
        }
    }
    if rng.below(3) == 0 {
        cols.note = Some(take());
    }
    let last_col = next - 1;
    // Header.
    let tall = rng.coin();
    let mut heads: Vec<(u16, String)> = vec![
        (cols.stt, rng.pick(STT_HEADINGS).to_string()),
        (cols.code, rng.pick(CODE_HEADINGS).to_string()),
        (cols.name, rng.pick(NAME_HEADINGS).to_string()),
        (cols.unit, rng.pick(UNIT_HEADINGS).to_string()),
        (cols.qty, rng.pick(QTY_HEADINGS).to_string()),
    ];
    if let Some(n) = cols.note {
        heads.push((n, "Ghi chú".into()));
    }
    match opts.price_parts {
        PriceParts::None => {
            heads.push((cols.price.unwrap(), rng.pick(PRICE_HEADINGS).to_string()));
            heads.push((cols.amount.unwrap(), rng.pick(AMOUNT_HEADINGS).to_string()));
        }
        PriceParts::OneRow => {
            let upper = rng.coin();
            let words = ["Vật liệu", "Nhân công", "Máy", "Đơn giá", "Thành tiền"];
            let [vl, nc, m] = cols.parts.unwrap();
            for (c, w) in [vl, nc, m, cols.price.unwrap(), cols.amount.unwrap()]
                .into_iter()
                .zip(words)
            {
                heads.push((c, if upper { w.to_uppercase() } else { w.into() }));
            }
        }
        PriceParts::Groups { .. } => {}
    }
    if let PriceParts::Groups { sums } = opts.price_parts {
        // Two header rows: the groups above, their members below.
        let top = g.push(vec![]);
        let below = g.push(vec![]);
        for (c, h) in &heads {
            g.merges.push((top, *c, below, *c, h.clone()));
        }
        let [vl, nc, m] = cols.parts.unwrap();
        let [avl, anc, am] = cols.part_amounts.unwrap();
        let price_end = cols.price.unwrap_or(m);
        let amount_end = cols.amount.unwrap_or(am);
        g.merges.push((
            top,
            vl,
            top,
            price_end,
            rng.pick(PRICE_HEADINGS).to_string(),
        ));
        g.merges.push((
            top,
            avl,
            top,
            amount_end,
            rng.pick(AMOUNT_HEADINGS).to_string(),
        ));
        let short = rng.coin();
        let names: [&str; 3] = if short {
            ["VL", "NC", "M"]
        } else {
            ["Vật liệu", "Nhân công", "Máy"]
        };
        for (k, c) in [vl, nc, m].into_iter().enumerate() {
            g.set(below, c, C::T(names[k].into()));
        }
        for (k, c) in [avl, anc, am].into_iter().enumerate() {
            g.set(below, c, C::T(names[k].into()));
        }
        if sums {
            g.set(below, cols.price.unwrap(), C::T("Cộng".into()));
            g.set(below, cols.amount.unwrap(), C::T("Cộng".into()));
        }
    } else if tall {
        let top = g.push(vec![]);
        let below = g.push(vec![]);
        for (c, h) in &heads {
            g.merges.push((top, *c, below, *c, h.clone()));
        }
    } else {
        g.push(heads.iter().map(|(c, h)| (*c, C::T(h.clone()))).collect());
    }
    // The column-number row: "(1) … (10)=(5)x(9)", "1 2 3 …" or none.
    match rng.below(3) {
        0 => {}
        style => {
            let n = |k: u16| {
                if style == 1 {
                    format!("({})", k - c0 + 1)
                } else {
                    format!("{}", k - c0 + 1)
                }
            };
            let mut cells: Vec<(u16, C)> = (c0..=last_col).map(|c| (c, C::T(n(c)))).collect();
            if style == 1 && opts.price_parts == PriceParts::OneRow {
                let [vl, nc, m] = cols.parts.unwrap();
                let price = cols.price.unwrap();
                let amount = cols.amount.unwrap();
                cells.retain(|(c, _)| *c != price && *c != amount);
                cells.push((
                    price,
                    C::T(format!("{}={}+{}+{}", n(price), n(vl), n(nc), n(m))),
                ));
                cells.push((
                    amount,
                    C::T(format!("{}={}x{}", n(amount), n(cols.qty), n(price))),
                ));
            }
            g.push(cells);
        }
    }
    let rounded = rng.coin();
    let formulas = rng.coin();
    let subtotal = formulas && rng.coin();
    let n_hm = rng.range(opts.hang_muc.0, opts.hang_muc.1) as usize;
    let restart_numbering = rng.coin();
    let star_in_code = rng.coin();
    let mut lines: Vec<Line> = Vec::new();
    // (row, money, kind): kind 0 part, 1 hạng mục, 2 project.
    let mut totals: Vec<(u32, Money, u8)> = Vec::new();
    let mut hm_rows: Vec<(u32, Money)> = Vec::new();
    let mut third_part_total: Option<u32> = None;
    let mut n_line = 0;
    // The 100m3 code repeated across parts, for the scale family.
    let scaled_work = WORK_LINES
        .iter()
        .filter(|w| w.unit.starts_with("100"))
        .nth(rng.below(4) as usize)
        .unwrap();
    let amount_col = cols.amount;
    let scaled_base = rng.range(50, 2_000) as i128 * 10;
    let money_cols: Vec<u16> = match opts.price_parts {
        PriceParts::Groups { .. } => {
            let mut v: Vec<u16> = Vec::new();
            if let Some(a) = cols.amount {
                v.push(a);
            }
            v.extend(cols.part_amounts.unwrap());
            v
        }
        _ => vec![amount_col.unwrap()],
    };
    // Money of a row by its money column.
    let money_at = |m: &Money, c: u16| -> i128 {
        if Some(c) == cols.amount {
            m[0]
        } else {
            let k = cols
                .part_amounts
                .unwrap()
                .iter()
                .position(|&x| x == c)
                .unwrap();
            m[k + 1]
        }
    };
    let hm_names: Vec<&str> = (0..n_hm).map(|_| *rng.pick(HANG_MUC)).collect();
    let mut parts_per_hm: Vec<usize> = (0..n_hm)
        .map(|_| rng.range(opts.parts.0, opts.parts.1) as usize)
        .collect();
    if matches!(inject, Inject::ThirdPartTotal) && parts_per_hm.iter().all(|&p| p < 3) {
        let h = rng.below(n_hm as u64) as usize;
        parts_per_hm[h] = 3;
    }
    let third_in = parts_per_hm.iter().position(|&p| p >= 3);
    for (h, hm_name) in hm_names.iter().enumerate() {
        let heading = n_hm > 1 || rng.coin();
        if heading {
            let label = match rng.below(3) {
                0 => format!("HẠNG MỤC: {hm_name}"),
                1 => format!("Hạng mục: {}", capitalise(&hm_name.to_lowercase())),
                _ => format!("HẠNG MỤC {hm_name}"),
            };
            g.push(vec![
                (cols.stt, C::T(LETTERS[h].into())),
                (cols.name, C::T(label)),
            ]);
        }
        let mut part_rows: Vec<(u32, Money)> = Vec::new();
        let hm_first = g.next_row();
        let mut used_parts: Vec<&str> = Vec::new();
        for p in 0..parts_per_hm[h] {
            let part = loop {
                let p = *rng.pick(PARTS);
                if !used_parts.contains(&p) {
                    break p;
                }
            };
            used_parts.push(part);
            if star_in_code {
                g.push(vec![
                    (cols.code, C::T("*".into())),
                    (cols.name, C::T(part.into())),
                ]);
            } else {
                g.push(vec![(cols.name, C::T(format!("* {part}")))]);
            }
            if restart_numbering {
                n_line = 0;
            }
            let first = g.next_row();
            let mut money: Money = [0; 4];
            let n = rng.range(2, 5);
            for i in 0..n {
                let scaled = opts.repeated_scaled_code && (i == 0 || rng.below(3) == 0);
                let work = if scaled {
                    scaled_work
                } else if opts.breakdowns && i <= 1 {
                    // A line measured in plain m3, m2 …: broken down below.
                    loop {
                        let w = rng.pick(WORK_LINES);
                        if !w.unit.starts_with("100") && w.unit != "tấn" {
                            break w;
                        }
                    }
                } else {
                    rng.pick(WORK_LINES)
                };
                // Any line of the repeated code is measured like the others.
                let scaled = opts.repeated_scaled_code && work.code == scaled_work.code;
                n_line += 1;
                let plain_unit = !work.unit.starts_with("100") && work.unit != "tấn";
                let breakdown = opts.breakdowns && plain_unit && (i <= 1 || rng.coin());
                // Quantity in thousandths.
                let mut subs: Vec<(String, i128, Option<String>)> = Vec::new();
                let qty_m: i128 = if breakdown {
                    let k = rng.range(1, 4);
                    for s in 0..k {
                        let a = rng.range(1, 6) as i128;
                        let b10 = rng.range(15, 900) as i128;
                        let c100 = rng.range(1, 60) as i128;
                        let q = a * b10 * c100;
                        let b = Decimal::new(b10 as i64, 1);
                        let c = Decimal::new(c100 as i64, 2);
                        let vi = |d: Decimal| d.to_string().replace('.', ",");
                        let (from, to) = (s * 150, (s + 1) * 150);
                        let sep = *rng.pick(&["×", "x", "*"]);
                        let text = match rng.below(3) {
                            0 => format!(
                                "- Đoạn K0+{from:03} – K0+{to:03}: {a} {sep} {} {sep} {}",
                                vi(b),
                                vi(c)
                            ),
                            1 => format!("+ Móng M{}: {a}{sep}{}{sep}{}", s + 1, vi(b), vi(c)),
                            _ => format!("Cống C{}: {a} {sep} {} {sep} {}", s + 1, vi(b), vi(c)),
                        };
                        let formula = rng.coin().then(|| format!("={a}*{b}*{c}"));
                        subs.push((text, q, formula));
                    }
                    subs.iter().map(|s| s.1).sum()
                } else if scaled {
                    // One code's quantities in one estimate: within a
                    // factor of two of each other.
                    scaled_base * rng.range(70, 140) as i128 / 100
                } else if work.unit.starts_with("100") {
                    rng.range(50, 4_000) as i128 * 10
                } else if work.unit == "tấn" {
                    rng.range(200, 9_000) as i128
                } else {
                    rng.range(1_000, 400_000) as i128
                };
                let price = work.price;
                let vl = price * work.vl / 1000;
                let nc = price * work.nc / 1000;
                let parts = [vl, nc, price - vl - nc];
                let round = |x: i128| -> i128 {
                    if rounded {
                        ((x + 500) / 1000) * 1000
                    } else {
                        x
                    }
                };
                let part_amounts_m = parts.map(|p| round(qty_m * p as i128));
                let amount_m = match opts.price_parts {
                    PriceParts::Groups { .. } => part_amounts_m.iter().sum(),
                    _ => round(qty_m * price as i128),
                };
                let row = g.push(vec![
                    (cols.stt, C::T(n_line.to_string())),
                    (cols.code, C::T(work.code.into())),
                    (cols.name, C::T(work.name.into())),
                    (cols.unit, C::T(work.unit.into())),
                ]);
                let line = Line {
                    row,
                    qty_m,
                    price,
                    parts,
                    amount_m,
                    part_amounts_m,
                    has_breakdown: breakdown,
                    scaled,
                    code: work.code,
                };
                for (text, q, formula) in &subs {
                    let r = g.push(vec![(
                        cols.name,
                        if rng.coin() {
                            C::I(text.clone())
                        } else {
                            C::T(text.clone())
                        },
                    )]);
                    let v = match formula {
                        Some(f) => C::F(f.clone(), milli(*q)),
                        None => C::N(milli(*q)),
                    };
                    g.set(r, cols.qty, v);
                    if rng.below(3) == 0 {
                        g.set(r, cols.unit, C::T(work.unit.into()));
                    }
                }
                write_line(&mut g, &cols, &line, formulas, rounded, subs.len() as u32);
                money = add(
                    money,
                    [
                        amount_m,
                        part_amounts_m[0],
                        part_amounts_m[1],
                        part_amounts_m[2],
                    ],
                );
                lines.push(line);
            }
            let last = g.next_row() - 1;
            let label = part_total_label(&mut rng, part);
            let row = g.push(vec![(cols.name, C::T(label))]);
            for &c in &money_cols {
                let v = milli(money_at(&money, c));
                let l = col_letter(c);
                g.set(
                    row,
                    c,
                    if formulas {
                        let f = if subtotal {
                            format!("=SUBTOTAL(9,{l}{}:{l}{})", first + 1, last + 1)
                        } else {
                            format!("=SUM({l}{}:{l}{})", first + 1, last + 1)
                        };
                        C::F(f, v)
                    } else {
                        C::N(v)
                    },
                );
            }
            if Some(h) == third_in && p == 2 {
                third_part_total = Some(row);
            }
            part_rows.push((row, money));
            totals.push((row, money, 0));
        }
        // The hạng mục total (always under several hạng mục).
        if n_hm > 1 || parts_per_hm[h] > 1 || rng.coin() {
            let label = hang_muc_total_label(&mut rng, hm_name);
            let row = g.push(vec![(cols.name, C::T(label))]);
            let money = part_rows.iter().fold([0; 4], |a, p| add(a, p.1));
            for &c in &money_cols {
                let v = milli(money_at(&money, c));
                let l = col_letter(c);
                let f = if subtotal {
                    format!("=SUBTOTAL(9,{l}{}:{l}{})", hm_first + 1, row)
                } else {
                    let refs: Vec<String> = part_rows
                        .iter()
                        .map(|(r, _)| format!("{l}{}", r + 1))
                        .collect();
                    format!("={}", refs.join("+"))
                };
                g.set(row, c, if formulas { C::F(f, v) } else { C::N(v) });
            }
            hm_rows.push((row, money));
            totals.push((row, money, 1));
        } else {
            hm_rows.extend(part_rows.iter().copied());
        }
    }
    let mut project_row = None;
    if n_hm > 1 || rng.coin() {
        let label = rng.pick(PROJECT_TOTALS).to_string();
        let row = g.push(vec![(cols.name, C::T(label))]);
        let money = hm_rows.iter().fold([0; 4], |a, p| add(a, p.1));
        for &c in &money_cols {
            let v = milli(money_at(&money, c));
            let l = col_letter(c);
            let refs: Vec<String> = hm_rows
                .iter()
                .map(|(r, _)| format!("{l}{}", r + 1))
                .collect();
            let f = format!("={}", refs.join("+"));
            g.set(row, c, if formulas { C::F(f, v) } else { C::N(v) });
        }
        totals.push((row, money, 2));
        project_row = Some((row, money));
    }
    // LÀM TRÒN and the words line under the last total.
    if let (Some(amount), true) = (cols.amount, rng.coin()) {
        let (_, money) = project_row.unwrap_or(*hm_rows.last().unwrap());
        let whole = ((money[0] + 500_000) / 1_000_000) * 1000;
        g.push(vec![
            (
                cols.name,
                C::T(
                    rng.pick(&["LÀM TRÒN", "Làm tròn", "GIÁ TRỊ LÀM TRÒN"])
                        .to_string(),
                ),
            ),
            (amount, C::N(whole as f64)),
        ]);
        let words = phuluc::words::to_words(Decimal::from(whole as i64), &Default::default());
        g.push(vec![(cols.name, C::I(format!("Bằng chữ: {words}")))]);
    }
    if rng.coin() {
        g.push(vec![]);
        g.push(vec![
            (cols.name, C::T("NGƯỜI LẬP".into())),
            (last_col, C::T("CHỦ TRÌ".into())),
        ]);
    }
    // The injected mistake.
    let delta = |rng: &mut Rng| -> f64 {
        (rng.range(1, 90) * 10_000) as f64 * if rng.coin() { 1.0 } else { -1.0 }
    };
    let amount_or_first = cols.amount.unwrap_or(money_cols[0]);
    let cell = match inject {
        Inject::None => None,
        Inject::ThirdPartTotal
        | Inject::PartTotal
        | Inject::HangMucTotal
        | Inject::ProjectTotal => {
            let row = match inject {
                Inject::ThirdPartTotal => third_part_total.expect("a third part"),
                _ => {
                    let kind = match inject {
                        Inject::PartTotal => 0,
                        Inject::HangMucTotal => 1,
                        _ => 2,
                    };
                    let of_kind: Vec<&(u32, Money, u8)> =
                        totals.iter().filter(|t| t.2 == kind).collect();
                    let of_kind = if of_kind.is_empty() {
                        totals.iter().collect()
                    } else {
                        of_kind
                    };
                    rng.pick(&of_kind).0
                }
            };
            let (_, money, _) = *totals.iter().find(|t| t.0 == row).unwrap();
            let v = milli(money_at(&money, amount_or_first)) + delta(&mut rng);
            g.set(row, amount_or_first, C::N(v));
            Some(a1(row, amount_or_first))
        }
        Inject::LineAmount | Inject::BrokenDownLineAmount => {
            let pool: Vec<&Line> = lines
                .iter()
                .filter(|l| inject == Inject::LineAmount || l.has_breakdown)
                .collect();
            let line = *rng.pick(&pool);
            let v = milli(line.amount_m) + delta(&mut rng);
            // A typed amount over the formula, the totals computed from
            // the right one (typed totals) or carrying it (formulas).
            let c = amount_or_first;
            let v = if cols.amount.is_some() {
                v
            } else {
                milli(line.part_amounts_m[0]) + delta(&mut rng)
            };
            g.set(line.row, c, C::N(v));
            Some(a1(line.row, c))
        }
        Inject::BrokenDownQuantity => {
            let pool: Vec<&Line> = lines.iter().filter(|l| l.has_breakdown).collect();
            let line = *rng.pick(&pool);
            let qty_m = line.qty_m + rng.range(1, 9) as i128 * 1_000;
            g.set(line.row, cols.qty, C::N(milli(qty_m)));
            let amount = milli(qty_m * line.price as i128);
            g.set(line.row, amount_or_first, C::N(amount));
            Some(a1(line.row, cols.qty))
        }
        Inject::PricePart => {
            let pool: Vec<&Line> = lines
                .iter()
                .filter(|l| lines.iter().filter(|o| o.code == l.code).count() >= 2)
                .collect();
            let line = *rng.pick(&pool);
            let [vl, ..] = cols.parts.unwrap();
            let v = line.parts[0] + rng.range(1, 9) as i64 * 1_000;
            g.set(line.row, vl, C::N(v as f64));
            Some(a1(line.row, vl))
        }
        Inject::QuantityScale => {
            let pool: Vec<&Line> = lines.iter().filter(|l| l.scaled).collect();
            let line = pool[rng.below(pool.len() as u64) as usize];
            let qty_m = line.qty_m * 100;
            g.set(line.row, cols.qty, C::N(milli(qty_m)));
            let amount = milli(qty_m * line.price as i128);
            let c = amount_or_first;
            g.set(line.row, c, C::N(amount));
            Some(a1(line.row, cols.qty))
        }
    };
    (g, cell)
}

/// Writes a line's quantity, prices and amounts, typed or as formulas.
fn write_line(g: &mut Grid, cols: &Cols, line: &Line, formulas: bool, rounded: bool, subs: u32) {
    let r = line.row;
    let q = col_letter(cols.qty);
    if subs > 0 && formulas {
        g.set(
            r,
            cols.qty,
            C::F(
                format!("=SUM({q}{}:{q}{})", r + 2, r + 1 + subs),
                milli(line.qty_m),
            ),
        );
    } else {
        g.set(r, cols.qty, C::N(milli(line.qty_m)));
    }
    let times = |x: &str| {
        if rounded {
            format!("=ROUND({q}{}*{x}{},0)", r + 1, r + 1)
        } else {
            format!("={q}{}*{x}{}", r + 1, r + 1)
        }
    };
    if let Some(parts) = cols.parts {
        for (k, c) in parts.into_iter().enumerate() {
            g.set(r, c, C::N(line.parts[k] as f64));
        }
    }
    if let Some(p) = cols.price {
        if let (true, Some(parts)) = (formulas, cols.parts) {
            let [vl, nc, m] = parts.map(col_letter);
            g.set(
                r,
                p,
                C::F(
                    format!("={vl}{n}+{nc}{n}+{m}{n}", n = r + 1),
                    line.price as f64,
                ),
            );
        } else {
            g.set(r, p, C::N(line.price as f64));
        }
    }
    if let Some(pa) = cols.part_amounts {
        let parts = cols.parts.unwrap();
        for k in 0..3 {
            let v = milli(line.part_amounts_m[k]);
            let f = times(&col_letter(parts[k]));
            g.set(r, pa[k], if formulas { C::F(f, v) } else { C::N(v) });
        }
    }
    if let Some(a) = cols.amount {
        let v = milli(line.amount_m);
        let f = match cols.part_amounts {
            Some(pa) => {
                let [x, y, z] = pa.map(col_letter);
                format!("={x}{n}+{y}{n}+{z}{n}", n = r + 1)
            }
            None => times(&col_letter(cols.price.unwrap())),
        };
        g.set(r, a, if formulas { C::F(f, v) } else { C::N(v) });
    }
}

/// Runs a family: every seed clean (no error) and faulty (the injected
/// cell an error), with `inject(seed)` choosing the mistake.
fn run_family(tag: u64, opts: impl Fn(u64) -> Opts, inject: impl Fn(u64) -> Inject) {
    let dir = scratch();
    let mut failures = Vec::new();
    for seed in 0..VARIANTS {
        let seed = seed ^ (tag << 16);
        let o = opts(seed);
        let (clean, _) = detail_estimate(
            seed,
            dir.path(),
            o,
            Inject::None,
            &format!("{seed:x}-clean.xlsx"),
        );
        let errors = errors_of(&clean);
        if !errors.is_empty() {
            failures.push(format!("seed {seed:#x} clean: {errors:?}"));
        }
        let what = inject(seed);
        let (faulty, cell) =
            detail_estimate(seed, dir.path(), o, what, &format!("{seed:x}-faulty.xlsx"));
        let cell = cell.unwrap();
        let errors = errors_of(&faulty);
        if !errors.iter().any(|(_, c)| *c == cell) {
            failures.push(format!("seed {seed:#x} {what:?} at {cell}: {errors:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {VARIANTS}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Class 1: hạng mục headings holding several "*" parts, each closed by
/// its own total, then the hạng mục total, then the project total: every
/// one checked — a wrong third part total, a wrong hạng mục total and a
/// wrong line amount are each found at their cell.
#[test]
fn hang_muc_with_several_parts_every_total_checked() {
    run_family(
        1,
        |_| Opts {
            hang_muc: (1, 3),
            parts: (2, 4),
            breakdowns: false,
            price_parts: PriceParts::None,
            repeated_scaled_code: false,
        },
        |seed| match seed % 3 {
            0 => Inject::ThirdPartTotal,
            1 => Inject::HangMucTotal,
            _ => Inject::LineAmount,
        },
    );
}

/// Class 2: closing labels in every spelling (with or without a colon,
/// any case) ranked by their words: a wrong total of each rank is found.
#[test]
fn closing_labels_are_ranked_by_their_words() {
    run_family(
        2,
        |seed| Opts {
            hang_muc: if seed % 2 == 0 { (1, 1) } else { (2, 3) },
            parts: (1, 3),
            breakdowns: false,
            price_parts: PriceParts::None,
            repeated_scaled_code: false,
        },
        |seed| match seed % 3 {
            0 => Inject::PartTotal,
            1 => Inject::HangMucTotal,
            _ => Inject::ProjectTotal,
        },
    );
}

/// Class 3: diễn giải quantity rows under a priced line are its quantity
/// breakdown, never money children: clean estimates raise nothing; a wrong
/// amount on a broken-down line is found at its cell, and a quantity its
/// rows do not add up to (the amount computed from it) at its own.
#[test]
fn quantity_breakdowns_under_a_line_are_not_its_children() {
    run_family(
        3,
        // Two parts at least, two broken-down lines in each: enough lines
        // for the table to confirm that breakdowns add up.
        |_| Opts {
            hang_muc: (1, 2),
            parts: (2, 3),
            breakdowns: true,
            price_parts: PriceParts::None,
            repeated_scaled_code: false,
        },
        |seed| match seed % 2 {
            0 => Inject::BrokenDownLineAmount,
            _ => Inject::BrokenDownQuantity,
        },
    );
}

/// Class 4: VL, NC, M beside Đơn giá (one header row with a column-number
/// row, or groups over Đơn giá and Thành tiền) are price parts, not
/// amounts: a wrong part and a wrong Thành tiền are found at their cells.
#[test]
fn price_parts_are_read_as_parts_of_the_unit_price() {
    run_family(
        4,
        |seed| Opts {
            hang_muc: (1, 2),
            parts: (2, 3),
            breakdowns: false,
            price_parts: match seed % 3 {
                // "Đơn giá" and "Thành tiền" over VL, NC, M, with or
                // without a "Cộng" under each.
                0 => PriceParts::Groups {
                    sums: seed % 2 == 0,
                },
                _ => PriceParts::OneRow,
            },
            // A norm priced on several lines: the other lines say which
            // part of a price is off.
            repeated_scaled_code: true,
        },
        // A wrong price part where the parts stand in one row beside the
        // price; a wrong Thành tiền in both layouts.
        |seed| match (seed % 3, (seed / 3) % 2) {
            (1 | 2, 0) => Inject::PricePart,
            _ => Inject::LineAmount,
        },
    );
}

/// Class 6: a quantity typed in m3 into a line priced per 100m3 (its unit
/// left "100m3"), beside lines of the same code: found at its quantity
/// cell.
#[test]
fn a_quantity_in_m3_on_a_100m3_line_is_found_at_its_quantity() {
    run_family(
        6,
        // Three parts or more, each opening with a line of the code: the
        // code is priced on three lines at least.
        |_| Opts {
            hang_muc: (1, 2),
            parts: (3, 4),
            breakdowns: false,
            price_parts: PriceParts::None,
            repeated_scaled_code: true,
        },
        |_| Inject::QuantityScale,
    );
    // The finding names the quantity and the amount it drags along.
    let dir = scratch();
    let opts = Opts {
        hang_muc: (1, 1),
        parts: (3, 3),
        breakdowns: false,
        price_parts: PriceParts::None,
        repeated_scaled_code: true,
    };
    let (path, cell) = detail_estimate(6, dir.path(), opts, Inject::QuantityScale, "q.xlsx");
    let cell = cell.unwrap();
    let o = phuluc::analyse(&path, &Default::default()).unwrap();
    let f = o
        .findings
        .iter()
        .find(|f| f.code.to_string() == "unit-scale" && f.cell == cell)
        .expect("the quantity is found");
    assert_eq!(f.severity, Severity::Error);
    let amount = f
        .related
        .first()
        .expect("the amount cell is related")
        .clone();
    let vi = f.message(phuluc::report::lang::Lang::Vi);
    assert!(
        vi.contains("Khối lượng ghi") && vi.contains(&format!("Thành tiền ({amount})")),
        "{vi}"
    );
}

// ---------------------------------------------------------------------
// The summary sheet, by Cách tính.

#[derive(Clone, Copy, PartialEq, Debug)]
enum SummaryInject {
    None,
    Vat,
    G,
    Rounding,
}

/// A summary row: STT, wording, Cách tính, value (thousandths of a đồng,
/// `None` for a heading without one), Ký hiệu.
struct SummaryRow {
    stt: String,
    name: String,
    how: String,
    value: Option<i128>,
    symbol: String,
}

/// "T x 6,5%" in one of the ways estimators write it.
fn rate_text(rng: &mut Rng, base: &str, rate_milli: i128) -> String {
    let whole = rate_milli / 1000;
    let frac = rate_milli % 1000;
    let comma = rng.coin();
    let rate = if frac == 0 {
        whole.to_string()
    } else {
        let f = format!("{frac:03}").trim_end_matches('0').to_string();
        format!("{whole}{}{f}", if comma { ',' } else { '.' })
    };
    let times = *rng.pick(&[" x ", " × ", "*", " * ", "x"]);
    format!("{base}{times}{rate}%")
}

/// `value × rate / 100`, rounded to whole đồng when `round`.
fn apply(value: i128, rate_milli: i128, round: bool) -> i128 {
    // value in thousandths of a đồng; rate in thousandths of a percent.
    let exact_num = value * rate_milli; // ×1e-5 of thousandths
    let v = exact_num / 100_000;
    if round {
        ((exact_num + 50_000_000) / 100_000_000) * 1000
    } else {
        v
    }
}

fn summary_grid(seed: u64, inject: SummaryInject) -> (Grid, Option<String>) {
    let mut rng = Rng::new(seed);
    let round = rng.coin();
    let r0 = |x: i128| if round { ((x + 500) / 1000) * 1000 } else { x };
    let vl = r0(rng.range(200_000, 9_000_000) as i128 * 1_000_000 + rng.range(0, 999) as i128);
    let nc = r0(rng.range(50_000, 3_000_000) as i128 * 1_000_000 + rng.range(0, 999) as i128);
    let m = r0(rng.range(10_000, 1_000_000) as i128 * 1_000_000);
    let t = vl + nc + m;
    let c_rate = *rng.pick(&[6_500i128, 7_000, 6_200, 5_500]);
    let tt11 = rng.coin();
    let lt_rate = 1_000i128;
    let tt_rate = *rng.pick(&[2_000i128, 2_500]);
    let tl_rate = *rng.pick(&[5_500i128, 6_000]);
    let vat_rate = *rng.pick(&[8_000i128, 10_000]);
    let mut rows: Vec<SummaryRow> = Vec::new();
    let row = |stt: &str, name: &str, how: String, value: Option<i128>, symbol: &str| SummaryRow {
        stt: stt.into(),
        name: name.into(),
        how,
        value,
        symbol: symbol.into(),
    };
    let plus = |rng: &mut Rng, names: &[&str]| {
        let sep = if rng.coin() { "+" } else { " + " };
        names.join(sep)
    };
    rows.push(row(
        "I",
        "CHI PHÍ TRỰC TIẾP",
        plus(&mut rng, &["VL", "NC", "M"]),
        Some(t),
        "T",
    ));
    rows.push(row("1", "Chi phí vật liệu", String::new(), Some(vl), "VL"));
    rows.push(row("2", "Chi phí nhân công", String::new(), Some(nc), "NC"));
    rows.push(row(
        "3",
        "Chi phí máy thi công",
        String::new(),
        Some(m),
        "M",
    ));
    let c = apply(t, c_rate, round);
    let (gt, gt_symbol) = if tt11 {
        let lt = apply(t, lt_rate, round);
        let tt = apply(t, tt_rate, round);
        let gt = c + lt + tt;
        rows.push(row(
            "II",
            "CHI PHÍ GIÁN TIẾP",
            plus(&mut rng, &["C", "LT", "TT"]),
            Some(gt),
            "GT",
        ));
        rows.push(row(
            "1",
            "Chi phí chung",
            rate_text(&mut rng, "T", c_rate),
            Some(c),
            "C",
        ));
        rows.push(row(
            "2",
            "Chi phí nhà tạm để ở và điều hành thi công",
            rate_text(&mut rng, "T", lt_rate),
            Some(lt),
            "LT",
        ));
        rows.push(row(
            "3",
            "Chi phí một số công việc không xác định được khối lượng từ thiết kế",
            rate_text(&mut rng, "T", tt_rate),
            Some(tt),
            "TT",
        ));
        (gt, "GT")
    } else {
        rows.push(row(
            "II",
            "CHI PHÍ CHUNG",
            rate_text(&mut rng, "T", c_rate),
            Some(c),
            "C",
        ));
        (c, "C")
    };
    let tl = apply(t + gt, tl_rate, round);
    let base = format!("(T+{gt_symbol})");
    rows.push(row(
        "III",
        "THU NHẬP CHỊU THUẾ TÍNH TRƯỚC",
        rate_text(&mut rng, &base, tl_rate),
        Some(tl),
        "TL",
    ));
    let g_right = t + gt + tl;
    let mut g = g_right;
    let delta = (rng.range(1, 90) * 10_000) as i128 * 1000;
    if inject == SummaryInject::G {
        g += delta;
    }
    let g_at = rows.len();
    rows.push(row(
        "",
        rng.pick::<&str>(&[
            "Chi phí xây dựng trước thuế",
            "Giá trị dự toán xây dựng trước thuế",
        ]),
        plus(&mut rng, &["T", gt_symbol, "TL"]),
        Some(g),
        "G",
    ));
    let mut vat = apply(g, vat_rate, round);
    if inject == SummaryInject::Vat {
        vat += delta;
    }
    let vat_at = rows.len();
    rows.push(row(
        "IV",
        "THUẾ GIÁ TRỊ GIA TĂNG",
        rate_text(&mut rng, "G", vat_rate),
        Some(vat),
        "GTGT",
    ));
    let gxd = g + vat;
    rows.push(row(
        "",
        rng.pick::<&str>(&[
            "Chi phí xây dựng sau thuế",
            "Giá trị dự toán xây dựng sau thuế",
        ]),
        plus(&mut rng, &["G", "GTGT"]),
        Some(gxd),
        "Gxd",
    ));
    // The investment summary's groups after it, some of the time.
    let mut last = gxd;
    if rng.coin() {
        let qlda_rate = *rng.pick(&[2_524i128, 3_282, 2_000]);
        let qlda = apply(gxd, qlda_rate, round);
        let tv1 = r0(rng.range(5_000, 90_000) as i128 * 1_000_000);
        let tv2_rate = *rng.pick(&[3_100i128, 2_850]);
        let tv2 = apply(gxd, tv2_rate, round);
        let gtv = tv1 + tv2;
        let gk = r0(rng.range(1_000, 40_000) as i128 * 1_000_000);
        let dp_rate = *rng.pick(&[5_000i128, 10_000, 3_000]);
        let dp = apply(gxd + qlda + gtv + gk, dp_rate, round);
        let total = gxd + qlda + gtv + gk + dp;
        let how = rate_text(&mut rng, "Gxd", qlda_rate);
        rows.push(row("V", "CHI PHÍ QUẢN LÝ DỰ ÁN", how, Some(qlda), "Gqlda"));
        rows.push(row(
            "VI",
            "CHI PHÍ TƯ VẤN ĐẦU TƯ XÂY DỰNG",
            plus(&mut rng, &["Gtv1", "Gtv2"]),
            Some(gtv),
            "Gtv",
        ));
        rows.push(row(
            "1",
            "Chi phí khảo sát xây dựng",
            String::new(),
            Some(tv1),
            "Gtv1",
        ));
        rows.push(row(
            "2",
            "Chi phí thiết kế bản vẽ thi công",
            rate_text(&mut rng, "Gxd", tv2_rate),
            Some(tv2),
            "Gtv2",
        ));
        rows.push(row("VII", "CHI PHÍ KHÁC", String::new(), Some(gk), "Gk"));
        let dp_base = format!("({})", plus(&mut rng, &["Gxd", "Gqlda", "Gtv", "Gk"]));
        rows.push(row(
            "VIII",
            "CHI PHÍ DỰ PHÒNG",
            rate_text(&mut rng, &dp_base, dp_rate),
            Some(dp),
            "Gdp",
        ));
        rows.push(row(
            "",
            rng.pick::<&str>(&["TỔNG DỰ TOÁN", "TỔNG CỘNG DỰ TOÁN", "Tổng dự toán"]),
            plus(&mut rng, &["Gxd", "Gqlda", "Gtv", "Gk", "Gdp"]),
            Some(total),
            "GXDCT",
        ));
        last = total;
    }
    let mut rounded = ((last + 500_000) / 1_000_000) * 1_000_000;
    if inject == SummaryInject::Rounding {
        rounded += 1_000_000 * rng.range(1, 9) as i128;
    }
    let rounding_at = rows.len();
    rows.push(row(
        "",
        rng.pick::<&str>(&["LÀM TRÒN", "Làm tròn", "GIÁ TRỊ LÀM TRÒN"]),
        String::new(),
        Some(rounded),
        "",
    ));

    // Layout: column orders as offices write them.
    let mut g_out = Grid {
        name: rng
            .pick(&["Tổng hợp", "TH dự toán", "Bảng tổng hợp"])
            .to_string(),
        ..Default::default()
    };
    g_out.push(vec![(
        1,
        C::T(
            rng.pick(&[
                "BẢNG TỔNG HỢP DỰ TOÁN",
                "BẢNG TỔNG HỢP KINH PHÍ",
                "TỔNG HỢP DỰ TOÁN XÂY DỰNG CÔNG TRÌNH",
            ])
            .to_string(),
        ),
    )]);
    g_out.push(vec![(0, C::T(format!("Công trình: {}", rng.pick(WORKS))))]);
    g_out.push(vec![(3, C::T(rng.pick(UNIT_LINES).to_string()))]);
    // (stt, name, how, value, symbol) columns.
    let order: [u16; 5] = *rng.pick(&[
        [0, 1, 2, 3, 4],
        [0, 1, 3, 2, 4],
        [0, 1, 4, 2, 3],
        [0, 1, 2, 4, 3],
    ]);
    let heads = [
        *rng.pick(&["STT", "TT"]),
        *rng.pick(&["Nội dung chi phí", "Khoản mục chi phí", "NỘI DUNG CHI PHÍ"]),
        *rng.pick(&["Cách tính", "CÁCH TÍNH", "Diễn giải cách tính"]),
        *rng.pick(&["Giá trị", "Thành tiền", "GIÁ TRỊ", "Giá trị (đồng)"]),
        *rng.pick(&["Ký hiệu", "KÝ HIỆU", "Kí hiệu"]),
    ];
    g_out.push(
        (0..5)
            .map(|i| (order[i], C::T(heads[i].to_string())))
            .collect(),
    );
    if rng.coin() {
        g_out.push(
            (0..5u16)
                .map(|i| (i, C::T(format!("({})", i + 1))))
                .collect(),
        );
    }
    let value_col = order[3];
    let mut cell = None;
    for (i, r) in rows.iter().enumerate() {
        let at = g_out.push(vec![]);
        if !r.stt.is_empty() {
            g_out.set(at, order[0], C::T(r.stt.clone()));
        }
        g_out.set(at, order[1], C::T(r.name.clone()));
        if !r.how.is_empty() {
            g_out.set(at, order[2], C::T(r.how.clone()));
        }
        if let Some(v) = r.value {
            g_out.set(at, value_col, C::N(milli(v)));
        }
        if !r.symbol.is_empty() {
            g_out.set(at, order[4], C::T(r.symbol.clone()));
        }
        let injected = match inject {
            SummaryInject::None => false,
            SummaryInject::Vat => i == vat_at,
            SummaryInject::G => i == g_at,
            SummaryInject::Rounding => i == rounding_at,
        };
        if injected {
            cell = Some(a1(at, value_col));
        }
    }
    // The words line states the row right above it.
    let words =
        phuluc::words::to_words(Decimal::from((rounded / 1000) as i64), &Default::default());
    g_out.push(vec![(order[1], C::I(format!("Bằng chữ: {words}")))]);
    (g_out, cell)
}

/// Class 5: summary sheets with Ký hiệu and Cách tính (T, C, LT, TT, GT,
/// TL, G, GTGT, Gxd; Gqlda, Gtv, Gk, Gdp, TỔNG DỰ TOÁN, LÀM TRÒN, a words
/// line): each row checked by its Cách tính only, never as an outline (the
/// unnumbered G and Gxd are no children of the row above); a wrong GTGT, a
/// wrong G and a wrong rounding are each found at their cell.
#[test]
fn summary_rows_are_checked_by_their_stated_computation() {
    let dir = scratch();
    let mut failures = Vec::new();
    for seed in 0..VARIANTS {
        let seed = seed ^ (5 << 16);
        let (clean, _) = summary_grid(seed, SummaryInject::None);
        let path = save(dir.path(), &format!("{seed:x}-clean.xlsx"), &[&clean]);
        let errors = errors_of(&path);
        if !errors.is_empty() {
            failures.push(format!("seed {seed:#x} clean: {errors:?}"));
        }
        let what = match seed % 3 {
            0 => SummaryInject::Vat,
            1 => SummaryInject::G,
            _ => SummaryInject::Rounding,
        };
        let (faulty, cell) = summary_grid(seed, what);
        let cell = cell.unwrap();
        let path = save(dir.path(), &format!("{seed:x}-faulty.xlsx"), &[&faulty]);
        let errors = errors_of(&path);
        if !errors.iter().any(|(_, c)| *c == cell) {
            failures.push(format!("seed {seed:#x} {what:?} at {cell}: {errors:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {VARIANTS}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------
// The same classes as .xls and .ods.

/// LibreOffice converts `files` to `format` ("xls", "ods") into `out`, in
/// one run.
fn convert(soffice: &Path, files: &[PathBuf], format: &str, out: &Path, dir: &Path) {
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let _one_at_a_time = common::soffice_lock();
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Two variants of every family (one seed each: clean and faulty), written
/// by LibreOffice as .xls and .ods: the same findings on all three formats.
#[test]
fn the_families_read_the_same_as_xls_and_ods() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = scratch();
    let xlsx = dir.path().join("xlsx");
    std::fs::create_dir_all(&xlsx).unwrap();
    // (file stem, the injected cell; None for a clean variant).
    let mut made: Vec<(String, Option<String>)> = Vec::new();
    let families: [(u64, Opts, Inject); 5] = [
        (
            1,
            Opts {
                hang_muc: (2, 2),
                parts: (3, 3),
                breakdowns: false,
                price_parts: PriceParts::None,
                repeated_scaled_code: false,
            },
            Inject::ThirdPartTotal,
        ),
        (
            2,
            Opts {
                hang_muc: (2, 3),
                parts: (1, 3),
                breakdowns: false,
                price_parts: PriceParts::None,
                repeated_scaled_code: false,
            },
            Inject::HangMucTotal,
        ),
        (
            3,
            Opts {
                hang_muc: (1, 2),
                parts: (1, 3),
                breakdowns: true,
                price_parts: PriceParts::None,
                repeated_scaled_code: false,
            },
            Inject::BrokenDownLineAmount,
        ),
        (
            4,
            Opts {
                hang_muc: (1, 2),
                parts: (2, 3),
                breakdowns: false,
                price_parts: PriceParts::OneRow,
                repeated_scaled_code: true,
            },
            Inject::PricePart,
        ),
        (
            6,
            Opts {
                hang_muc: (1, 2),
                parts: (3, 4),
                breakdowns: false,
                price_parts: PriceParts::None,
                repeated_scaled_code: true,
            },
            Inject::QuantityScale,
        ),
    ];
    for (tag, opts, inject) in families {
        let seed = 7 ^ (tag << 16);
        for what in [Inject::None, inject] {
            let (g, cell) = detail_grid(seed, opts, what);
            let stem = format!("f{tag}-{}", if cell.is_some() { "faulty" } else { "clean" });
            save(&xlsx, &format!("{stem}.xlsx"), &[&g]);
            made.push((stem, cell));
        }
    }
    for what in [SummaryInject::None, SummaryInject::G] {
        let (g, cell) = summary_grid(7 ^ (5 << 16), what);
        let stem = format!("f5-{}", if cell.is_some() { "faulty" } else { "clean" });
        save(&xlsx, &format!("{stem}.xlsx"), &[&g]);
        made.push((stem, cell));
    }
    let files: Vec<PathBuf> = made
        .iter()
        .map(|(stem, _)| xlsx.join(format!("{stem}.xlsx")))
        .collect();
    let mut failures = Vec::new();
    for format in ["xls", "ods"] {
        let out = dir.path().join(format);
        convert(&soffice, &files, format, &out, dir.path());
        for (stem, cell) in &made {
            let path = out.join(format!("{stem}.{format}"));
            let errors = errors_of(&path);
            match cell {
                None if !errors.is_empty() => {
                    failures.push(format!("{stem}.{format} clean: {errors:?}"))
                }
                Some(cell) if !errors.iter().any(|(_, c)| c == cell) => {
                    failures.push(format!("{stem}.{format} at {cell}: {errors:?}"))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The relation "a line's quantity is what its diễn giải rows add up to"
/// is the table's only where most of its lines bear it out: rows under
/// lines that give dimensions rather than quantities (they never add up)
/// raise nothing, the same rows adding up on all lines but one blame that
/// one.
#[test]
fn a_quantity_breakdown_is_checked_only_where_the_table_confirms_it() {
    let header = [
        "STT",
        "Mã hiệu",
        "Tên công tác",
        "Đơn vị",
        "Khối lượng",
        "Đơn giá",
        "Thành tiền",
    ];
    // (line quantity, its rows' quantities).
    let table = |lines: &[(&str, [&str; 2])]| {
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (n, (qty, subs)) in lines.iter().enumerate() {
            let q: Decimal = qty.replace(',', ".").parse().unwrap();
            let amount = q * Decimal::from(120_000);
            rows.push(
                [
                    (n + 1).to_string(),
                    "AF.11111".into(),
                    "Bê tông lót móng".into(),
                    "m3".into(),
                    qty.to_string(),
                    "120000".into(),
                    amount.normalize().to_string().replace('.', ","),
                ]
                .to_vec(),
            );
            for (k, s) in subs.iter().enumerate() {
                rows.push(
                    [
                        String::new(),
                        String::new(),
                        format!("- Móng M{}: 2 x 1,5 x 0,4", k + 1),
                        String::new(),
                        s.to_string(),
                        String::new(),
                        String::new(),
                    ]
                    .to_vec(),
                );
            }
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        common::table(&header, &refs)
    };
    // Dimensions, not quantities: nothing adds up, nothing is said.
    let t = table(&[
        ("1,2", ["2", "1,5"]),
        ("3,6", ["4", "0,9"]),
        ("0,8", ["1", "2"]),
        ("2,4", ["3", "1,6"]),
    ]);
    let o = common::check1(&t);
    assert_eq!(common::errors(&o), vec![], "{:?}", common::codes(&o));
    // The rows add up on three lines of four: the fourth is blamed.
    let t = table(&[
        ("1,2", ["0,6", "0,6"]),
        ("3,6", ["1,2", "2,4"]),
        ("0,9", ["0,5", "0,3"]),
        ("2,4", ["1", "1,4"]),
    ]);
    let cell = common::addr(&t, 6, 4);
    let o = common::check1(&t);
    assert_eq!(
        common::errors(&o),
        vec![("quantity-breakdown".to_string(), cell)],
        "{:?}",
        common::codes(&o)
    );
}
