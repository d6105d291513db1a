//! The plan templates: a multi-year task budget (`ke-hoach`), a target
//! list (`chi-tieu`), a task list (`nhiem-vu`) and a per-unit summary over
//! detail sheets (`tong-hop`).

use super::{at, on_sheet, roman, say, unit_line, Cell, Col, Input, Options, Spec};
use crate::detect::Role;
use crate::write::styles::RowStyle;
use rust_decimal::Decimal;

/// The columns of a multi-year budget: STT, content (`content` label),
/// the lead and partner units when `units`, a year each under "Kinh phí
/// thực hiện", the period total, the note.
pub(super) fn money_columns(o: &Options, content: (&str, &str), units: bool) -> Vec<Col> {
    let lang = o.header;
    let (y0, y1) = o.years;
    let group = say(lang, "Kinh phí thực hiện", "Funding");
    let mut cols = vec![
        Col::new(&say(lang, "STT", "No."), Role::Stt, 6.0, Input::Text),
        Col::new(
            &say(lang, content.0, content.1),
            Role::Content,
            42.0,
            Input::Text,
        ),
    ];
    if units {
        cols.push(Col::new(
            &say(lang, "Đơn vị chủ trì", "Lead unit"),
            Role::Lead,
            16.0,
            Input::Text,
        ));
        cols.push(Col::new(
            &say(lang, "Đơn vị phối hợp", "Partner units"),
            Role::Partner,
            16.0,
            Input::Text,
        ));
    }
    for y in y0..=y1 {
        cols.push(Col::grouped(
            &group,
            &say(lang, &format!("Năm {y}"), &format!("Year {y}")),
            Role::Year(y),
            11.0,
            Input::Number,
        ));
    }
    cols.push(Col::grouped(
        &group,
        &say(
            lang,
            &format!("Tổng giai đoạn {y0}-{y1}"),
            &format!("Total {y0}-{y1}"),
        ),
        Role::PeriodTotal,
        13.0,
        Input::Locked,
    ));
    cols.push(Col::new(
        &say(lang, "Ghi chú", "Notes"),
        Role::Note,
        14.0,
        Input::Text,
    ));
    cols
}

/// The years' columns of a spec, first and last (0-based).
fn year_span(spec: &Spec) -> (u16, u16) {
    let years: Vec<u16> = (0..spec.cols.len() as u16)
        .filter(|&c| matches!(spec.cols[c as usize].role, Role::Year(_)))
        .collect();
    (
        years.first().copied().unwrap_or(0),
        years.last().copied().unwrap_or(0),
    )
}

/// The STT of the `n`th (0-based) spare row of a section, to type over: a
/// numbered row is a row of the table even before it is filled (three
/// blank rows would end it).
pub(super) fn spare_number(n: usize) -> Cell {
    Cell::input_text(&(n + 1).to_string())
}

/// The period total of row `r`: the sum of its years.
fn period_formula(spec: &Spec, r: u32) -> Cell {
    let (first, last) = year_span(spec);
    Cell::Formula(
        format!("SUM({}:{})", at(first, r), at(last, r)),
        Decimal::ZERO,
    )
}

/// Sections I, II … of a money table, each a row whose years are SUMs over
/// its `rows` blank rows (a row inserted among them is inside the range),
/// then the total of the sections. Returns the total's row.
pub(super) fn money_sections(spec: &mut Spec, o: &Options, heading: &str) -> u32 {
    let ncols = spec.cols.len();
    let (first_year, last_year) = year_span(spec);
    let period = spec.col_of(Role::PeriodTotal);
    let mut sections = Vec::new();
    for s in 1..=o.sections {
        let head = spec.next_row();
        let (first, last) = (head + 1, head + o.rows);
        let mut cells = vec![Cell::Blank; ncols];
        for (c, col) in spec.cols.iter().enumerate() {
            cells[c] = match col.role {
                Role::Stt => Cell::label(&roman(s)),
                Role::Content => Cell::input_text(&format!("({heading} {})", roman(s))),
                Role::Year(_) => Cell::Formula(
                    format!("SUM({}:{})", at(c as u16, first), at(c as u16, last)),
                    Decimal::ZERO,
                ),
                Role::Note => Cell::Input(None),
                _ => Cell::Blank,
            };
        }
        if let Some(p) = period {
            cells[p as usize] = period_formula(spec, head);
        }
        spec.push(RowStyle::Section, cells);
        sections.push(head);
        for (n, r) in (first..=last).enumerate() {
            let mut cells: Vec<Cell> = spec
                .cols
                .iter()
                .map(|col| match (col.role, col.input) {
                    (Role::Stt, _) => spare_number(n),
                    (_, Input::Locked) => Cell::Blank,
                    _ => Cell::Input(None),
                })
                .collect();
            if let Some(p) = period {
                cells[p as usize] = period_formula(spec, r);
            }
            spec.push(RowStyle::Text, cells);
        }
    }
    let total = spec.next_row();
    let mut cells = vec![Cell::Blank; ncols];
    if let Some(c) = spec.col_of(Role::Content) {
        cells[c as usize] = Cell::label("Tổng cộng");
    }
    for c in first_year..=last_year {
        let refs: Vec<String> = sections.iter().map(|&r| at(c, r)).collect();
        cells[c as usize] = Cell::Formula(format!("SUM({})", refs.join(",")), Decimal::ZERO);
    }
    if let Some(p) = period {
        cells[p as usize] = period_formula(spec, total);
    }
    spec.push(RowStyle::Total, cells);
    total
}

/// `ke-hoach`: a multi-year task budget on sheet `sheet`; with the row of
/// its total.
pub(super) fn ke_hoach(o: &Options, sheet: &str) -> (Spec, u32) {
    let (y0, y1) = o.years;
    let cols = money_columns(o, ("Nội dung nhiệm vụ", "Task"), true);
    let title = vec![format!(
        "KẾ HOẠCH KINH PHÍ THỰC HIỆN CÁC NHIỆM VỤ GIAI ĐOẠN {y0}-{y1}"
    )];
    let mut spec = Spec::new(sheet, o, title, cols);
    spec.unit_line = Some(unit_line(o.unit));
    let total = money_sections(&mut spec, o, "Tên nhóm nhiệm vụ");
    spec.words_line();
    spec.closing(o, "NGƯỜI LẬP");
    (spec, total)
}

/// Sections of a table without money: a heading row each, then `rows`
/// blank rows.
fn plain_sections(spec: &mut Spec, o: &Options, heading: &str) {
    let ncols = spec.cols.len();
    for s in 1..=o.sections {
        let mut cells = vec![Cell::Blank; ncols];
        for (c, col) in spec.cols.iter().enumerate() {
            cells[c] = match col.role {
                Role::Stt => Cell::label(&roman(s)),
                Role::Content => Cell::input_text(&format!("({heading} {})", roman(s))),
                _ => Cell::Input(None),
            };
        }
        spec.push(RowStyle::Section, cells);
        for n in 0..o.rows as usize {
            let cells = spec
                .cols
                .iter()
                .map(|col| match col.role {
                    Role::Stt => spare_number(n),
                    _ => Cell::Input(None),
                })
                .collect();
            spec.push(RowStyle::Text, cells);
        }
    }
}

/// `chi-tieu`: a target list (chỉ tiêu, đơn vị tính, the target of each
/// year).
pub(super) fn chi_tieu(o: &Options) -> Spec {
    let lang = o.header;
    let (y0, y1) = o.years;
    let mut cols = vec![
        Col::new(&say(lang, "STT", "No."), Role::Stt, 6.0, Input::Text),
        Col::new(
            &say(lang, "Nội dung chỉ tiêu", "Target"),
            Role::Content,
            45.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Đơn vị tính", "Unit of measure"),
            Role::MeasureUnit,
            12.0,
            Input::Text,
        ),
    ];
    let group = say(lang, "Mục tiêu", "Goal");
    for y in y0..=y1 {
        cols.push(Col::grouped(
            &group,
            &say(lang, &format!("Năm {y}"), &format!("Year {y}")),
            Role::Target,
            11.0,
            Input::Number,
        ));
    }
    cols.push(Col::new(
        &say(lang, "Đơn vị thực hiện", "Responsible unit"),
        Role::Lead,
        16.0,
        Input::Text,
    ));
    cols.push(Col::new(
        &say(lang, "Ghi chú", "Notes"),
        Role::Note,
        14.0,
        Input::Text,
    ));
    let title = vec![format!("CÁC CHỈ TIÊU PHẤN ĐẤU GIAI ĐOẠN {y0}-{y1}")];
    let mut spec = Spec::new("Chỉ tiêu", o, title, cols);
    plain_sections(&mut spec, o, "Tên nhóm chỉ tiêu");
    spec.closing(o, "NGƯỜI LẬP");
    spec
}

/// `nhiem-vu`: a task list (no money).
pub(super) fn nhiem_vu(o: &Options) -> Spec {
    let lang = o.header;
    let (y0, y1) = o.years;
    let cols = vec![
        Col::new(&say(lang, "STT", "No."), Role::Stt, 6.0, Input::Text),
        Col::new(
            &say(lang, "Nội dung nhiệm vụ", "Task"),
            Role::Content,
            45.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Đơn vị chủ trì", "Lead unit"),
            Role::Lead,
            16.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Đơn vị phối hợp", "Partner units"),
            Role::Partner,
            16.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Thời gian hoàn thành", "Deadline"),
            Role::Deadline,
            13.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Sản phẩm", "Output"),
            Role::Result,
            20.0,
            Input::Text,
        ),
        Col::new(
            &say(lang, "Ghi chú", "Notes"),
            Role::Note,
            14.0,
            Input::Text,
        ),
    ];
    let title = vec![format!("DANH MỤC NHIỆM VỤ GIAI ĐOẠN {y0}-{y1}")];
    let mut spec = Spec::new("Nhiệm vụ", o, title, cols);
    plain_sections(&mut spec, o, "Tên nhóm nhiệm vụ");
    spec.closing(o, "NGƯỜI LẬP");
    spec
}

/// `tong-hop`: a summary sheet whose lines are the totals of the detail
/// sheets of the same workbook (one per unit, `sections` of them), then
/// the detail sheets.
pub(super) fn tong_hop(o: &Options) -> Vec<Spec> {
    let (y0, y1) = o.years;
    let details: Vec<(Spec, u32)> = (1..=o.sections)
        .map(|u| ke_hoach(o, &format!("Đơn vị {u}")))
        .collect();
    let cols = money_columns(o, ("Đơn vị", "Unit"), false);
    let title = vec![format!(
        "TỔNG HỢP KINH PHÍ THỰC HIỆN THEO ĐƠN VỊ GIAI ĐOẠN {y0}-{y1}"
    )];
    let mut spec = Spec::new("Tổng hợp", o, title, cols);
    spec.unit_line = Some(unit_line(o.unit));
    let ncols = spec.cols.len();
    let (first_year, last_year) = year_span(&spec);
    let period = spec.col_of(Role::PeriodTotal);
    let first = spec.next_row();
    for (n, (detail, total)) in details.iter().enumerate() {
        let r = spec.next_row();
        let mut cells = vec![Cell::Blank; ncols];
        cells[0] = Cell::label(&(n + 1).to_string());
        // The unit's (or commune's) name, to type over; the sheet it sums
        // may be renamed too (its formulas follow).
        cells[1] = Cell::input_text(&detail.name);
        for c in first_year..=last_year {
            // The detail's year column is found by its year, not its place.
            let Role::Year(y) = spec.cols[c as usize].role else {
                continue;
            };
            let Some(dc) = detail.col_of(Role::Year(y)) else {
                continue;
            };
            cells[c as usize] = Cell::Formula(on_sheet(&detail.name, dc, *total), Decimal::ZERO);
        }
        if let Some(p) = period {
            cells[p as usize] = period_formula(&spec, r);
        }
        if let Some(note) = spec.col_of(Role::Note) {
            cells[note as usize] = Cell::Input(None);
        }
        spec.push(RowStyle::Text, cells);
    }
    let last = spec.next_row() - 1;
    let total = spec.next_row();
    let mut cells = vec![Cell::Blank; ncols];
    cells[1] = Cell::label("Tổng cộng");
    for c in first_year..=last_year {
        cells[c as usize] = Cell::Formula(
            format!("SUM({}:{})", at(c, first), at(c, last)),
            Decimal::ZERO,
        );
    }
    if let Some(p) = period {
        cells[p as usize] = period_formula(&spec, total);
    }
    spec.push(RowStyle::Total, cells);
    spec.words_line();
    spec.closing(o, "NGƯỜI LẬP");
    let mut out = vec![spec];
    out.extend(details.into_iter().map(|(d, _)| d));
    out
}
