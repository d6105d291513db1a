//! `du-toan`: a cost estimate — a detail sheet (STT, mã hiệu, nội dung công
//! việc, đơn vị, khối lượng, đơn giá, thành tiền; optionally the price and
//! the amount split into vật liệu / nhân công / máy; parts opened by "*"
//! and closed by their total; TỔNG HẠNG MỤC, LÀM TRÒN, Bằng chữ) and a
//! summary sheet (T, C, TL, G, GTGT, Gxd with their "Cách tính", each a
//! formula; T over the detail sheet, GTGT at the rate the rates table gives
//! for the date).

use super::{at, on_sheet, say, unit_line, Cell, Col, Input, Options, Spec, Value};
use crate::detect::Role;
use crate::unit::Unit;
use crate::write::styles::RowStyle;
use rust_decimal::Decimal;

/// The name of the detail sheet.
pub(super) const DETAIL: &str = "Dự toán chi tiết";
/// The name of the summary sheet.
pub(super) const SUMMARY: &str = "Tổng hợp dự toán";

/// The detail sheet and the summary sheet, GTGT at `vat` percent.
pub(super) fn du_toan(o: &Options, vat: Decimal) -> Vec<super::Spec> {
    let (detail, rounded) = detail(o);
    let summary = summary(o, vat, &detail, rounded);
    vec![detail, summary]
}

fn detail(o: &Options) -> (Spec, u32) {
    let lang = o.header;
    let mut cols = vec![
        Col::new(&say(lang, "STT", "No."), Role::Stt, 6.0, Input::Text),
        // Wide enough for the title block's "ỦY BAN NHÂN DÂN" above them.
        Col::new(&say(lang, "Mã hiệu", "Code"), Role::Code, 16.0, Input::Text),
        Col::new(
            &say(lang, "Nội dung công việc", "Work item"),
            Role::Content,
            40.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Đơn vị", "Unit"),
            Role::MeasureUnit,
            8.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Khối lượng", "Quantity"),
            Role::Quantity,
            11.0,
            Input::Number,
        ),
    ];
    let parts_vi = ["Vật liệu", "Nhân công", "Máy thi công"];
    let parts_en = ["Materials", "Labour", "Machines"];
    if o.split {
        let price = say(lang, "Đơn giá", "Unit price");
        let amount = say(lang, "Thành tiền", "Amount");
        let price_roles = [Role::PriceMaterial, Role::PriceLabour, Role::PriceMachine];
        let amount_roles = [
            Role::AmountMaterial,
            Role::AmountLabour,
            Role::AmountMachine,
        ];
        for i in 0..3 {
            cols.push(Col::grouped(
                &price,
                &say(lang, parts_vi[i], parts_en[i]),
                price_roles[i],
                12.0,
                Input::Number,
            ));
        }
        for i in 0..3 {
            cols.push(Col::grouped(
                &amount,
                &say(lang, parts_vi[i], parts_en[i]),
                amount_roles[i],
                13.0,
                Input::Locked,
            ));
        }
        cols.push(Col::grouped(
            &amount,
            &say(lang, "Cộng", "Total"),
            Role::Amount,
            14.0,
            Input::Locked,
        ));
    } else {
        cols.push(Col::new(
            &say(lang, "Đơn giá", "Unit price"),
            Role::UnitPrice,
            14.0,
            Input::Number,
        ));
        cols.push(Col::new(
            &say(lang, "Thành tiền", "Amount"),
            Role::Amount,
            16.0,
            Input::Locked,
        ));
    }
    let title = vec![
        "BẢNG DỰ TOÁN CHI TIẾT".to_string(),
        "Công trình: ....................".to_string(),
    ];
    let mut spec = Spec::new(DETAIL, o, title, cols);
    spec.unit_line = Some(unit_line(o.unit));
    let ncols = spec.cols.len();
    let qty = spec.col_of(Role::Quantity).unwrap_or(4);
    // The amount columns a total adds, and each line's formula.
    let amount_cols: Vec<u16> = [
        Role::AmountMaterial,
        Role::AmountLabour,
        Role::AmountMachine,
        Role::Amount,
    ]
    .into_iter()
    .filter_map(|r| spec.col_of(r))
    .collect();
    let line_formula = |spec: &Spec, r: u32, c: u16| -> Option<String> {
        let role = spec.cols[c as usize].role;
        let price = match role {
            Role::AmountMaterial => Role::PriceMaterial,
            Role::AmountLabour => Role::PriceLabour,
            Role::AmountMachine => Role::PriceMachine,
            Role::Amount if !o.split => Role::UnitPrice,
            Role::Amount => {
                let parts: Vec<String> = [
                    Role::AmountMaterial,
                    Role::AmountLabour,
                    Role::AmountMachine,
                ]
                .into_iter()
                .filter_map(|p| spec.col_of(p))
                .map(|p| at(p, r))
                .collect();
                return Some(parts.join("+"));
            }
            _ => return None,
        };
        Some(format!("{}*{}", at(qty, r), at(spec.col_of(price)?, r)))
    };
    let mut part_totals = Vec::new();
    // Lines are numbered through the parts.
    let mut line = 0usize;
    for p in 1..=o.sections {
        let mut cells = vec![Cell::Blank; ncols];
        cells[1] = Cell::label("*");
        cells[2] = Cell::input_text(&format!("Phần việc {p}"));
        spec.push(RowStyle::Section, cells);
        let first = spec.next_row();
        for _ in 0..o.rows {
            let r = spec.next_row();
            line += 1;
            let cells: Vec<Cell> = (0..ncols as u16)
                .map(
                    |c| match (spec.cols[c as usize].role, spec.cols[c as usize].input) {
                        (Role::Stt, _) => super::plan::spare_number(line - 1),
                        (_, Input::Locked) => line_formula(&spec, r, c)
                            .map_or(Cell::Blank, |f| Cell::Formula(f, Decimal::ZERO)),
                        _ => Cell::Input(None),
                    },
                )
                .collect();
            spec.push(RowStyle::Text, cells);
        }
        let last = spec.next_row() - 1;
        let mut cells = vec![Cell::Blank; ncols];
        cells[2] = Cell::label(&format!("Cộng: Phần việc {p}"));
        for &c in &amount_cols {
            cells[c as usize] = Cell::Formula(
                format!("SUM({}:{})", at(c, first), at(c, last)),
                Decimal::ZERO,
            );
        }
        part_totals.push(spec.push(RowStyle::Total, cells));
    }
    let mut cells = vec![Cell::Blank; ncols];
    cells[2] = Cell::label("TỔNG HẠNG MỤC");
    let item_total = spec.next_row();
    for &c in &amount_cols {
        let refs: Vec<String> = part_totals.iter().map(|&r| at(c, r)).collect();
        cells[c as usize] = Cell::Formula(format!("SUM({})", refs.join(",")), Decimal::ZERO);
    }
    spec.push(RowStyle::Total, cells);
    // LÀM TRÒN to the thousand đồng.
    let places = match o.unit {
        Unit::Dong => -3,
        Unit::Nghin => 0,
        Unit::Trieu => 3,
        Unit::Ty => 6,
    };
    let amount = spec.col_of(Role::Amount).unwrap_or(ncols as u16 - 1);
    let mut cells = vec![Cell::Blank; ncols];
    cells[2] = Cell::label("LÀM TRÒN");
    cells[amount as usize] = Cell::Formula(
        format!("ROUND({},{places})", at(amount, item_total)),
        Decimal::ZERO,
    );
    let rounded = spec.push(RowStyle::Total, cells);
    spec.words_line();
    spec.closing(o, "NGƯỜI LẬP");
    (spec, rounded)
}

fn summary(o: &Options, vat: Decimal, detail: &Spec, rounded: u32) -> Spec {
    let lang = o.header;
    let cols = vec![
        Col::new(&say(lang, "STT", "No."), Role::Stt, 5.0, Input::Text),
        Col::new(
            &say(lang, "Khoản mục chi phí", "Cost item"),
            Role::Content,
            40.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Cách tính", "Computation"),
            Role::Formula,
            18.0,
            Input::Locked,
        ),
        Col::new(
            &say(lang, "Tỷ lệ (%)", "Rate (%)"),
            Role::Rate,
            9.0,
            Input::Rate,
        ),
        Col::new(
            &say(lang, "Giá trị", "Amount"),
            Role::Amount,
            16.0,
            Input::Locked,
        ),
        Col::new(
            &say(lang, "Ký hiệu", "Symbol"),
            Role::Symbol,
            9.0,
            Input::Locked,
        ),
    ];
    let title = vec![
        "BẢNG TỔNG HỢP DỰ TOÁN".to_string(),
        "Công trình: ....................".to_string(),
    ];
    let mut spec = Spec::new(SUMMARY, o, title, cols);
    spec.unit_line = Some(unit_line(o.unit));
    let detail_amount = detail.col_of(Role::Amount).unwrap_or(0);
    let (amount, rate) = (4u16, 3u16);
    let first = spec.next_row();
    // Rows in order: the row of each symbol is known before it is written.
    let row_of = |n: u32| first + n;
    let e = |n: u32| at(amount, row_of(n));
    let d = |n: u32| at(rate, row_of(n));
    let vat_text = vat.normalize().to_string().replace('.', ",");
    let lines: [(&str, &str, String, Cell, String, &str); 6] = [
        (
            "1",
            "Chi phí trực tiếp",
            String::new(),
            Cell::Blank,
            on_sheet(&detail.name, detail_amount, rounded),
            "T",
        ),
        (
            "2",
            "Chi phí chung",
            "T x Tỷ lệ".into(),
            Cell::Input(None),
            format!("{}*{}/100", e(0), d(1)),
            "C",
        ),
        (
            "3",
            "Thu nhập chịu thuế tính trước",
            "(T+C) x Tỷ lệ".into(),
            Cell::Input(None),
            format!("({}+{})*{}/100", e(0), e(1), d(2)),
            "TL",
        ),
        (
            "4",
            "Chi phí xây dựng trước thuế",
            "T+C+TL".into(),
            Cell::Blank,
            format!("{}+{}+{}", e(0), e(1), e(2)),
            "G",
        ),
        (
            "5",
            "Thuế giá trị gia tăng",
            format!("G x {vat_text}%"),
            Cell::Fixed(Value::Number(vat)),
            format!("{}*{}/100", e(3), d(4)),
            "GTGT",
        ),
        (
            "6",
            "Chi phí xây dựng sau thuế",
            "G+GTGT".into(),
            Cell::Blank,
            format!("{}+{}", e(3), e(4)),
            "Gxd",
        ),
    ];
    for (stt, label, how, rate_cell, formula, symbol) in lines {
        let style = if symbol == "Gxd" {
            RowStyle::Total
        } else {
            RowStyle::Text
        };
        let how = if how.is_empty() {
            Cell::Blank
        } else {
            Cell::label(&how)
        };
        spec.push(
            style,
            vec![
                Cell::label(stt),
                Cell::label(label),
                how,
                rate_cell,
                Cell::Formula(formula, Decimal::ZERO),
                Cell::label(symbol),
            ],
        );
    }
    spec.closing(o, "NGƯỜI LẬP");
    spec
}
