//! Detection: where the appendix tables are in a sheet, which rows are their
//! header, what each column holds, and the money unit. No configuration: a
//! header is recognised by its Vietnamese labels, as a reader would.

mod confirm;
mod labels;
pub mod meanings;
mod named;
mod relations;
mod title;

pub use confirm::Support;
pub use labels::{
    budget_code_depth, classify, is_legend_row, is_legend_text, is_total_label, legend_formula,
    legend_number,
};
use labels::{unit_in_label, year_of};
pub use named::{name_of_role, role_of_name};
use relations::relations_of;
pub use title::{appendix_of, commune_of, date_of};

use crate::read::CellValue;
use crate::read::{cell_text, Sheet};
use crate::text::{clean, fold, starts_with_word};
use crate::unit::{unit_statement, Unit};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "role", content = "year")]
pub enum Role {
    /// STT / TT numbering.
    Stt,
    /// Nội dung, Tên nhiệm vụ …
    Content,
    /// Đơn vị chủ trì / Cơ quan chủ trì / Thực hiện.
    Lead,
    /// Đơn vị phối hợp.
    Partner,
    /// One year's amount: "Năm 2026", "2026".
    Year(u16),
    /// The period total: "Tổng giai đoạn 2026-2030", "Tổng cộng".
    PeriodTotal,
    /// A single amount column: Kinh phí, Dự kiến kinh phí, Thành tiền.
    Amount,
    /// Đơn vị tính (unit of measure of a quantity).
    MeasureUnit,
    /// Số lượng / Khối lượng.
    Quantity,
    /// Đơn giá.
    UnitPrice,
    /// Đơn giá / Vật liệu: the material part of a unit price (VL).
    PriceMaterial,
    /// Đơn giá / Nhân công: the labour part of a unit price (NC).
    PriceLabour,
    /// Đơn giá / Máy: the machine part of a unit price (M).
    PriceMachine,
    /// Thành tiền / Vật liệu: a line's material cost.
    AmountMaterial,
    /// Thành tiền / Nhân công: a line's labour cost.
    AmountLabour,
    /// Thành tiền / Máy: a line's machine cost.
    AmountMachine,
    /// Ghi chú.
    Note,
    /// Kết quả / sản phẩm.
    Result,
    /// Thời gian / tiến độ.
    Deadline,
    /// Chỉ tiêu (targets, often %).
    Target,
    /// Tỷ lệ: shares, never added.
    Rate,
    /// A budget classification code column: Chương, Loại, Khoản, Nhóm,
    /// Mục, Tiểu mục. Its codes give the hierarchy instead of STT.
    BudgetCode,
    /// Mã hiệu / Mã số: the unit-price code of an estimate line
    /// (AB.25432; "*" opens a part; "TT" marks a provisional price).
    Code,
    /// Cách tính: how a summary row is computed ("T x 6,5%", "VL+NC+M").
    Formula,
    /// Ký hiệu: a summary row's symbol (T, C, TL, G, GTGT, Gxd …).
    Symbol,
    /// Anything else.
    Other,
}

impl Role {
    /// Money columns that add up down the table.
    pub fn is_additive(self) -> bool {
        matches!(
            self,
            Role::Year(_)
                | Role::PeriodTotal
                | Role::Amount
                | Role::AmountMaterial
                | Role::AmountLabour
                | Role::AmountMachine
        )
    }

    /// Columns read as numbers (money, quantities, prices).
    pub fn is_numeric(self) -> bool {
        self.is_additive() || self == Role::Quantity || self.is_price()
    }

    /// A unit price or one of its parts (VL, NC, M).
    pub fn is_price(self) -> bool {
        matches!(
            self,
            Role::UnitPrice | Role::PriceMaterial | Role::PriceLabour | Role::PriceMachine
        )
    }

    /// The price part (VL, NC, M) whose line cost a cost column is, and
    /// back: `PriceMaterial` ↔ `AmountMaterial`.
    pub fn component_pair(self) -> Option<Role> {
        Some(match self {
            Role::PriceMaterial => Role::AmountMaterial,
            Role::PriceLabour => Role::AmountLabour,
            Role::PriceMachine => Role::AmountMachine,
            Role::AmountMaterial => Role::PriceMaterial,
            Role::AmountLabour => Role::PriceLabour,
            Role::AmountMachine => Role::PriceMachine,
            _ => return None,
        })
    }

    /// The short name of a price part as estimates write it: VL, NC, M.
    pub fn component_symbol(self) -> Option<&'static str> {
        Some(match self {
            Role::PriceMaterial | Role::AmountMaterial => "VL",
            Role::PriceLabour | Role::AmountLabour => "NC",
            Role::PriceMachine | Role::AmountMachine => "M",
            _ => return None,
        })
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Column {
    /// Absolute 0-based column index.
    pub col: u32,
    /// What it holds.
    #[serde(flatten)]
    pub role: Role,
    /// The header text, group label first ("Kinh phí thực hiện / Năm 2026").
    pub label: String,
}

/// Where a table's unit came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnitSource {
    /// The unit, when known.
    pub unit: Option<Unit>,
    /// The text that stated it.
    pub text: String,
    /// The cell's absolute row.
    pub row: u32,
    /// The cell's absolute column.
    pub col: u32,
}

/// Where a relation between columns was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationSource {
    /// A legend under the header: "1 = 2 + 3", "9=10+…+18".
    Legend,
    /// A merged group ("Chia ra", "Trong đó", "Nguồn vốn" …) over the
    /// columns that break down the column before it, or a group whose first
    /// column is its "Tổng số".
    Group,
    /// Labels that nothing declares as a sum but the rows confirm: "Cả
    /// năm" beside "Quý I" … "Quý IV"; a period total beside its years.
    Label,
}

/// A relation every row must satisfy: `whole` = Σ `parts` (a part may be
/// subtracted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Relation {
    /// Absolute column of the whole.
    pub whole: u32,
    /// Absolute columns of the parts, and whether each is subtracted.
    pub parts: Vec<(u32, bool)>,
    /// The parts are "Trong đó" (of which): they may cover only part of the
    /// whole, so only parts exceeding it are an error.
    pub partial: bool,
    /// Where it was read.
    pub source: RelationSource,
    /// As the sheet states it ("9=10+11+…+18"), or as phuluc reads the group.
    pub text: String,
    /// How far the body's rows bear it out (see `detect/confirm.rs`).
    pub support: Support,
}

/// The layout of one table, before its rows are read.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Header rows, absolute.
    pub header_rows: Vec<u32>,
    /// The column-number row ("(1) (2) (3)", "A B 1 2"), if any.
    pub legend_row: Option<u32>,
    /// Every column with a header.
    pub columns: Vec<Column>,
    /// How columns relate on every row (legends, column groups, labels),
    /// as the rows confirm them.
    pub relations: Vec<Relation>,
    /// Relations the header declares that the rows refute (they fail on
    /// most rows): a misreading, checked on no row.
    pub unconfirmed: Vec<Relation>,
    /// Columns whose body holds numbers but whose header says nothing
    /// phuluc knows ("Chương trình 135", "Quy mô"): not checked, and said.
    pub unread_columns: Vec<u32>,
    /// First row after the header (and legend).
    pub body_start: u32,
    /// Where the unit was stated.
    pub unit: Option<UnitSource>,
    /// Non-empty lines above the header (title block), top to bottom.
    pub title: Vec<String>,
    /// First absolute row the title may start at.
    pub title_start: u32,
    /// The table's columns, first and last (absolute): a table beside it
    /// on the same rows is left out.
    pub span: (u32, u32),
}

impl Layout {
    /// The column with a role, first one wins.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// Labels counted as evidence of a header row.
fn header_score(roles: &[Role]) -> (usize, bool) {
    let known = roles.iter().filter(|r| **r != Role::Other).count();
    let anchor = roles.iter().any(|r| matches!(r, Role::Stt | Role::Content));
    (known, anchor)
}

/// The text of a cell, the merged region's top-left text when the cell is
/// covered by one.
fn text_at(sheet: &Sheet, row: u32, col: u32) -> String {
    let d = sheet.get(row, col);
    if !matches!(d, CellValue::Empty) {
        return cell_text(d);
    }
    match sheet.merge_at(row, col) {
        Some(m) => cell_text(sheet.get(m.first_row, m.first_col)),
        None => String::new(),
    }
}

fn row_texts(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> Vec<String> {
    (first_col..=last_col)
        .map(|c| text_at(sheet, row, c))
        .collect()
}

/// Header cells are text; a number is allowed only as a year (2026).
fn is_label_cell(d: CellValue<'_>) -> bool {
    match d {
        CellValue::Float(_) | CellValue::Int(_) => year_of(&cell_text(d)).is_some(),
        CellValue::Error(_) => false,
        _ => true,
    }
}

/// Whether a row looks like a header: two known labels at least, one of them
/// STT or content, and only text.
fn is_header_row(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> bool {
    let mut roles = Vec::new();
    let mut labels = 0;
    for (_, d) in sheet.row_cells(row, first_col, last_col) {
        if !is_label_cell(d) {
            return false;
        }
        // Each cell once: a merged title spread over the row is one label,
        // not ten.
        let t = cell_text(d);
        if t.trim().is_empty() {
            continue;
        }
        // Bilingual headers run long ("III. Chi các Chương trình MTQG …
        // \nNational target programs expenditures"); a paragraph does not.
        if t.chars().count() > 250 {
            return false;
        }
        labels += 1;
        roles.push(classify(&t, ""));
    }
    let (known, anchor) = header_score(&roles);
    labels >= 2 && known >= 2 && anchor
}

/// Whether a header starts at `row` whose labels are typed down two or three
/// rows, no row a header by itself: "S" / "T" / "T" over the numbering,
/// "TỔNG THU" / "NSNN" / "TRÊN ĐỊA BÀN" over an amount. Each column's
/// lines are read joined (single letters without spaces), as a reader does.
fn is_stacked_header(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> bool {
    // Each line holds labels only, and one of them over the first column
    // (the numbering's): not a unit line or a title above the header.
    let label_row = |r: u32| {
        let mut cells = 0;
        for (_, d) in sheet.row_cells(r, first_col, last_col) {
            let t = cell_text(d);
            if t.trim().is_empty() {
                continue;
            }
            if !is_label_cell(d) || t.chars().count() > 250 || unit_statement(&t).is_some() {
                return false;
            }
            cells += 1;
        }
        cells >= 2
    };
    if cell_text(sheet.get(row, first_col)).trim().is_empty() {
        return false;
    }
    if !label_row(row) {
        return false;
    }
    let last_row = sheet.bounds().map(|(_, (r, _))| r).unwrap_or(row);
    for height in 2..=3u32 {
        let rows: Vec<u32> = (row..row + height).collect();
        if rows.last().is_some_and(|&r| r > last_row) || !rows.iter().all(|&r| label_row(r)) {
            return false;
        }
        let mut roles = Vec::new();
        let mut labels = 0;
        for c in first_col..=last_col {
            let parts: Vec<String> = rows
                .iter()
                .map(|&r| clean(&cell_text(sheet.get(r, c))))
                .filter(|t| !t.is_empty())
                .collect();
            if parts.is_empty() {
                continue;
            }
            let joined = if parts.iter().all(|p| p.chars().count() == 1) {
                parts.concat()
            } else {
                parts.join(" ")
            };
            labels += 1;
            roles.push(classify(&joined, ""));
        }
        let (known, anchor) = header_score(&roles);
        if labels >= 2 && known >= 2 && anchor {
            return true;
        }
    }
    false
}

/// Whether `row` of the sheet looks like a table header.
pub fn is_header_at(sheet: &Sheet, row: u32) -> bool {
    sheet
        .bounds()
        .is_some_and(|((_, first_col), (_, last_col))| {
            is_header_row(sheet, row, first_col, last_col)
        })
}

/// Whether a row below a header row continues it: labels only, no numbering
/// in the STT column, and at least one label that names a role.
fn continues_header(
    sheet: &Sheet,
    row: u32,
    first_col: u32,
    last_col: u32,
    stt_col: Option<u32>,
) -> bool {
    let mut known = 0;
    let mut any = false;
    // Labels under a group: the cell above is blank, or starts a run of
    // blanks (a group label spread over columns, merged or not).
    let above_blank = |c: u32| cell_text(sheet.get(row - 1, c)).trim().is_empty();
    let mut under_group = true;
    for c in first_col..=last_col {
        let d = sheet.get(row, c);
        if !is_label_cell(d) {
            return false;
        }
        let t = cell_text(d);
        if t.trim().is_empty() {
            continue;
        }
        any = true;
        if Some(c) == stt_col && crate::stt::parse(&t).is_some() {
            return false;
        }
        // "VL | NC | M" under "Đơn giá" and "Thành tiền": labels, though
        // "M" alone reads like a column letter.
        if labels::price_part(&fold(&t)).is_some() {
            known += 1;
            continue;
        }
        // A total right under the header ("Tổng cộng | 13,923 | …") is a
        // row of the table, whatever the cells' types.
        if is_total_label(&t) && c <= first_col + 2
            || (crate::number::parse_amount(&t).value().is_some() && year_of(&fold(&t)).is_none())
        {
            return false;
        }
        if is_legend_text(&t) && year_of(&fold(&t)).is_none() {
            return false;
        }
        if classify(&t, "") != Role::Other
            || matches!(fold(&t).as_str(), "chủ trì" | "phối hợp" | "thực hiện")
        {
            known += 1;
        }
        if !(above_blank(c) || (c < last_col && above_blank(c + 1))) {
            under_group = false;
        }
    }
    any && (known >= 1 || under_group)
}

/// Finds the layouts of every table in a sheet, top to bottom. `start` is the
/// first row to look at (after a previous table).
pub fn find_layout(sheet: &Sheet, start: u32) -> Option<Layout> {
    // A workbook phuluc made names its header and columns' roles.
    if let Some(layout) = named::find_named_layout(sheet, start) {
        return Some(layout);
    }
    let ((first_row, first_col), (last_row, last_col)) = sheet.bounds()?;
    let from = start.max(first_row);
    // A header sits near the top of what is left; scanning far into a large
    // data sheet for one would cost more than it finds.
    let scan_end = last_row.min(from.saturating_add(200));
    let header = (from..=scan_end).find(|&r| {
        is_header_row(sheet, r, first_col, last_col)
            || is_stacked_header(sheet, r, first_col, last_col)
    })?;
    let mut header_rows = vec![header];
    let stt_col =
        (first_col..=last_col).find(|&c| classify(&text_at(sheet, header, c), "") == Role::Stt);
    let mut next = header + 1;
    while next <= last_row && header_rows.len() < 5 {
        // A vertical merge from the first header row also marks a second one.
        let merged_down = (first_col..=last_col).any(|c| {
            sheet
                .merge_at(header, c)
                .is_some_and(|m| m.first_row == header && m.last_row >= next)
        });
        if continues_header(sheet, next, first_col, last_col, stt_col)
            || merged_down && row_is_blank_except_merges(sheet, next, first_col, last_col)
        {
            header_rows.push(next);
            next += 1;
        } else {
            break;
        }
    }
    // A second header row whose cells were all merged down from the first
    // is blank where merges are not reported (.ods, .csv): skip it.
    if next <= last_row
        && header_rows.len() == 1
        && row_is_blank_except_merges(sheet, next, first_col, last_col)
    {
        let after = next + 1;
        if after <= last_row && is_legend_row(sheet, after, first_col, last_col) {
            next = after;
        }
    }
    // The column-number row may sit a few rows lower: under a blank row,
    // or under header lines the continuation above stopped at (a label
    // holding a footnote marker "(1)", a letter of "S" / "T" / "T"). Rows
    // between hold labels only.
    if !(next <= last_row && is_legend_row(sheet, next, first_col, last_col)) {
        // Headers typed line by line run to seven rows.
        let ahead = (next..=last_row.min(next.saturating_add(6)))
            .take_while(|&r| is_label_or_blank_row(sheet, r, first_col, last_col, stt_col))
            .last();
        if let Some(below) = ahead.map(|r| r + 1) {
            if below <= last_row && below > next && is_legend_row(sheet, below, first_col, last_col)
            {
                header_rows.extend(
                    (next..below)
                        .filter(|&r| !row_is_blank_except_merges(sheet, r, first_col, last_col)),
                );
                next = below;
            }
        }
    }
    let legend_row =
        (next <= last_row && is_legend_row(sheet, next, first_col, last_col)).then_some(next);
    let body_start = next + u32::from(legend_row.is_some());
    let mut columns = columns_of(sheet, &header_rows, first_col, last_col);
    // A second "STT" column starts a table beside this one (side-by-side
    // sub-tables, a scratch table to the right): it is not this table's.
    let beside = columns
        .iter()
        .filter(|c| classify(&text_at(sheet, header, c.col), "") == Role::Stt)
        .nth(1)
        .map(|c| c.col);
    let last_col = match beside {
        Some(b) => {
            columns.retain(|c| c.col < b);
            b - 1
        }
        None => last_col,
    };
    let numbers = body_numbers(sheet, body_start, last_row, first_col, last_col);
    settle_spans(sheet, &header_rows, &mut columns, &numbers, first_col);
    let read = relations_of(sheet, &header_rows, legend_row, &mut columns, &numbers);
    let body = confirm::Body::new(sheet, body_start, first_col, last_col);
    confirm::price_parts(&body, &mut columns);
    let (mut relations, mut unconfirmed) = confirm::confirm(&body, read, &columns);
    for r in confirm::label_relations(&body, &columns) {
        if relations.iter().any(|x| x.whole == r.whole) {
            continue;
        }
        for c in std::iter::once(r.whole).chain(r.parts.iter().map(|p| p.0)) {
            if let Some(col) = columns.iter_mut().find(|x| x.col == c) {
                if !col.role.is_numeric() {
                    col.role = Role::Amount;
                }
            }
        }
        relations.push(r);
    }
    relations.sort_by_key(|r| r.whole);
    relations.dedup_by_key(|r| r.whole);
    unconfirmed.extend(confirm::period_refuted(&body, &columns));
    let unit = find_unit(
        sheet,
        from,
        header,
        first_col,
        last_col,
        &header_rows,
        &columns,
    );
    let title = title_lines(sheet, from..header, first_col, last_col);
    // Numbers under a header that says nothing phuluc knows, in a money
    // table (money columns, or a unit of money stated): not guessed into a
    // sum, and not passed over in silence.
    let money = columns.iter().any(|c| c.role.is_additive()) || unit.is_some();
    let unread_columns = columns
        .iter()
        .filter(|c| {
            money
                && c.role == Role::Other
                && numbers
                    .get((c.col - first_col) as usize)
                    .copied()
                    .unwrap_or(0)
                    >= 3
        })
        .map(|c| c.col)
        .collect();
    // The table's columns are its labelled ones: a stray cell far to the
    // right does not widen every row the model walks.
    let span = (
        first_col,
        columns
            .iter()
            .map(|c| c.col)
            .max()
            .unwrap_or(first_col)
            .min(last_col),
    );
    Some(Layout {
        header_rows,
        legend_row,
        columns,
        relations,
        unconfirmed,
        unread_columns,
        body_start,
        unit,
        title,
        title_start: from,
        span,
    })
}

/// The non-empty lines above a header (its title block), top to bottom,
/// a line repeated across a merged title once.
fn title_lines(
    sheet: &Sheet,
    rows: std::ops::Range<u32>,
    first_col: u32,
    last_col: u32,
) -> Vec<String> {
    rows.flat_map(|r| row_texts(sheet, r, first_col, last_col))
        .map(|t| clean(&t))
        .filter(|t| !t.is_empty())
        .fold(Vec::<String>::new(), |mut acc, t| {
            if acc.last() != Some(&t) {
                acc.push(t);
            }
            acc
        })
}

/// How many number cells each column holds in the first rows of the body
/// (indexed from `first_col`): numbers, and texts that read as one (a CSV
/// holds nothing else).
fn body_numbers(
    sheet: &Sheet,
    from: u32,
    last_row: u32,
    first_col: u32,
    last_col: u32,
) -> Vec<u32> {
    let mut counts = vec![0u32; (last_col - first_col + 1) as usize];
    for r in from..=last_row.min(from.saturating_add(400)) {
        for c in first_col..=last_col {
            let number = match sheet.get(r, c) {
                CellValue::Float(_) | CellValue::Int(_) => true,
                // Not "(1)": a footnote marker, not −1.
                CellValue::String(s) => {
                    !s.trim_start().starts_with('(')
                        && matches!(
                            crate::number::parse_amount(s),
                            crate::number::Parsed::Number { .. }
                                | crate::number::Parsed::Ambiguous { .. }
                        )
                }
                _ => false,
            };
            if number {
                counts[(c - first_col) as usize] += 1;
            }
        }
    }
    counts
}

/// A header merged over several columns with nothing under it ("Quyết toán
/// năm 2011" over C:E) names one column: the one that holds the numbers.
/// The others carry footnote markers or nothing, and are not amounts. And a
/// column under a group label that phuluc does not know, whose body is
/// numbers, is money broken down by the group (funding sources, "Bổ sung
/// cân đối" under "Bổ sung từ NSTW").
fn settle_spans(
    sheet: &Sheet,
    header_rows: &[u32],
    columns: &mut [Column],
    numbers: &[u32],
    first_col: u32,
) {
    let count = |c: u32| numbers.get((c - first_col) as usize).copied().unwrap_or(0);
    let top = header_rows[0];
    let mut i = 0;
    while i < columns.len() {
        let span = sheet
            .merge_at(top, columns[i].col)
            .filter(|m| m.last_col > m.first_col && m.first_col == columns[i].col);
        let Some(m) = span.copied() else {
            i += 1;
            continue;
        };
        let members: Vec<usize> = (i..columns.len())
            .take_while(|&j| columns[j].col <= m.last_col && columns[j].label == columns[i].label)
            .collect();
        if members.len() > 1 && columns[i].role.is_numeric() {
            let best = members
                .iter()
                .copied()
                .max_by_key(|&j| (count(columns[j].col), std::cmp::Reverse(j)))
                .unwrap_or(i);
            for &j in &members {
                if j != best && count(columns[j].col) * 4 < count(columns[best].col).max(1) * 3 {
                    columns[j].role = Role::Other;
                }
            }
        }
        i += members.len().max(1);
    }
    // A column of numbers beside other money columns, named by what it
    // totals ("TỔNG THU NSNN TRÊN ĐỊA BÀN", "Tổng chi cân đối NSĐP"), is
    // money too; code columns (Mã số, Loại, Khoản, Mục) are not.
    let money = columns.iter().any(|c| c.role.is_additive());
    for c in columns.iter_mut() {
        if c.role != Role::Other || count(c.col) < 2 {
            continue;
        }
        let l = fold(&c.label);
        let code = [
            "mã",
            "loại",
            "khoản",
            "mục",
            "tiểu mục",
            "chương",
            "nhóm",
            "số hiệu",
            "ký hiệu",
        ]
        .iter()
        .any(|w| starts_with_word(&l, w));
        let money_word = [
            "tổng",
            "thu",
            "chi",
            "vốn",
            "ngân sách",
            "bổ sung",
            "nguồn",
            "dự toán",
            "kế hoạch",
            "thuế",
            "giá trị",
            "chi phí",
        ]
        .iter()
        .any(|w| starts_with_word(&l, w) || l.contains(&format!(" {w}")));
        if !code && (c.label.contains(" / ") || money && money_word) {
            c.role = Role::Amount;
        }
    }
}

/// The label just under a group, in the header row `row` (or below).
fn sub_label(sheet: &Sheet, header_rows: &[u32], row: u32, col: u32) -> String {
    header_rows
        .iter()
        .filter(|&&r| r >= row)
        .map(|&r| fold(&text_at(sheet, r, col)))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// A row of header labels or nothing: text cells (a year allowed), no
/// numbering in the STT column, no amount.
fn is_label_or_blank_row(
    sheet: &Sheet,
    row: u32,
    first_col: u32,
    last_col: u32,
    stt_col: Option<u32>,
) -> bool {
    sheet.row_cells(row, first_col, last_col).all(|(c, d)| {
        let t = cell_text(d);
        is_label_cell(d)
            && !(Some(c) == stt_col && crate::stt::parse(&t).is_some())
            && (crate::number::parse_amount(&t).value().is_none() || year_of(&fold(&t)).is_some())
    })
}

fn row_is_blank_except_merges(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> bool {
    (first_col..=last_col).all(|c| matches!(sheet.get(row, c), CellValue::Empty))
}

/// Labels and roles for every column under the header rows. Group labels
/// come from merged cells, or, without merge information (ods, csv), from
/// the nearest label to the left in an upper header row whose own column
/// has a label below it.
fn columns_of(sheet: &Sheet, header_rows: &[u32], first_col: u32, last_col: u32) -> Vec<Column> {
    let top = header_rows[0];
    let lower = &header_rows[1..];
    let mut columns = Vec::new();
    let mut carried: Option<String> = None;
    for c in first_col..=last_col {
        let top_raw = cell_text(sheet.get(top, c));
        let top_text = if !top_raw.trim().is_empty() {
            top_raw
        } else if let Some(m) = sheet.merge_at(top, c) {
            cell_text(sheet.get(m.first_row, m.first_col))
        } else {
            String::new()
        };
        let below: Vec<String> = lower
            .iter()
            .map(|&r| clean(&text_at(sheet, r, c)))
            .filter(|t| !t.is_empty())
            .collect();
        let bottom = below.last().cloned().unwrap_or_default();
        let mut group = clean(&top_text);
        if group.is_empty() && !bottom.is_empty() {
            // Group label spread over several columns without a merge.
            group = carried.clone().unwrap_or_default();
        }
        if !clean(&top_text).is_empty() && !bottom.is_empty() {
            carried = Some(clean(&top_text));
        } else if !clean(&top_text).is_empty() {
            carried = None;
        }
        let (label, role) = if bottom.is_empty() || bottom == group {
            (group.clone(), classify(&group, ""))
        } else {
            let middle: Vec<String> = below[..below.len() - 1].to_vec();
            let group_all = std::iter::once(group.clone())
                .chain(middle)
                .collect::<Vec<_>>()
                .join(" / ");
            let role = match classify(&bottom, &group_all) {
                // A label written down several rows ("SỐ" / "TT", "S" /
                // "T" / "T") or with its translation under it ("STT" /
                // "No"): read whole, or by its upper line.
                Role::Other => [
                    format!("{group_all} {bottom}"),
                    format!("{group_all}{bottom}").replace([' ', '/'], ""),
                    group.clone(),
                ]
                .iter()
                .map(|t| classify(t, ""))
                .find(|r| *r != Role::Other)
                .unwrap_or(Role::Other),
                role => role,
            };
            (format!("{group_all} / {bottom}"), role)
        };
        if label.trim().is_empty() {
            continue;
        }
        columns.push(Column {
            col: c,
            role,
            label: label.trim_start_matches(" / ").to_string(),
        });
    }
    // A "Tổng" column with no years beside it is the table's amount.
    if !columns.iter().any(|c| matches!(c.role, Role::Year(_))) {
        for c in columns.iter_mut().filter(|c| c.role == Role::PeriodTotal) {
            c.role = Role::Amount;
        }
    }
    // Beside a quantity, a bare "Đơn vị" is the unit of measure.
    if columns.iter().any(|c| c.role == Role::Quantity) {
        for c in columns.iter_mut() {
            if c.role == Role::Other && fold(&c.label) == "đơn vị" {
                c.role = Role::MeasureUnit;
            }
        }
    }
    // "Chỉ tiêu" names the rows of a money table that has no other content
    // column (the Ministry's "STT | Chỉ tiêu | Quyết toán").
    let money = columns.iter().any(|c| c.role.is_additive());
    if money && !columns.iter().any(|c| c.role == Role::Content) {
        if let Some(c) = columns.iter_mut().find(|c| c.role == Role::Target) {
            c.role = Role::Content;
        }
    }
    // A summary per unit or per commune names its rows "Đơn vị", "Xã":
    // with no other content column, that is the content.
    if money && !columns.iter().any(|c| c.role == Role::Content) {
        if let Some(c) = columns.iter_mut().find(|c| {
            c.role == Role::Other
                && matches!(
                    fold(&c.label).as_str(),
                    "đơn vị" | "xã" | "tên xã" | "địa phương" | "xã, phường" | "đơn vị hành chính"
                )
        }) {
            c.role = Role::Content;
        }
    }
    // Only the first STT and content columns keep their role.
    for role in [Role::Stt, Role::Content] {
        let mut seen = false;
        for c in columns.iter_mut().filter(|c| c.role == role) {
            if seen {
                c.role = Role::Other;
            }
            seen = true;
        }
    }
    columns
}

/// The unit: a unit line above the header (nearest wins), else a unit in a
/// money column's header label.
fn find_unit(
    sheet: &Sheet,
    from: u32,
    header: u32,
    first_col: u32,
    last_col: u32,
    header_rows: &[u32],
    columns: &[Column],
) -> Option<UnitSource> {
    for r in (from..header).rev() {
        for c in first_col..=last_col {
            if let CellValue::String(s) = sheet.get(r, c) {
                if let Some((unit, text)) = unit_statement(s) {
                    return Some(UnitSource {
                        unit,
                        text,
                        row: r,
                        col: c,
                    });
                }
            }
        }
    }
    for &r in header_rows {
        for col in columns
            .iter()
            .filter(|c| c.role.is_numeric() || c.role == Role::Other)
        {
            let t = text_at(sheet, r, col.col);
            if let Some(unit) = unit_in_label(&t) {
                if col.role == Role::UnitPrice {
                    continue;
                }
                return Some(UnitSource {
                    unit: Some(unit),
                    text: clean(&t),
                    row: r,
                    col: col.col,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        assert_eq!(classify("STT", ""), Role::Stt);
        assert_eq!(classify("TT", ""), Role::Stt);
        assert_eq!(classify("Nội dung nhiệm vụ", ""), Role::Content);
        assert_eq!(classify("Tên nhiệm vụ", ""), Role::Content);
        assert_eq!(classify("Đơn vị chủ trì", ""), Role::Lead);
        assert_eq!(classify("Cơ quan chủ trì", ""), Role::Lead);
        assert_eq!(classify("Đơn vị phối hợp", ""), Role::Partner);
        assert_eq!(classify("Năm\n2026", ""), Role::Year(2026));
        assert_eq!(classify("2027", "Kinh phí"), Role::Year(2027));
        assert_eq!(classify("Tổng giai đoạn 2026-2030", ""), Role::PeriodTotal);
        assert_eq!(classify("Dự kiến kinh phí (triệu đồng)", ""), Role::Amount);
        assert_eq!(classify("Thành tiền", ""), Role::Amount);
        assert_eq!(classify("Đơn giá", ""), Role::UnitPrice);
        assert_eq!(classify("Số lượng", ""), Role::Quantity);
        assert_eq!(classify("Khối lượng", ""), Role::Quantity);
        assert_eq!(classify("Đơn vị tính", ""), Role::MeasureUnit);
        assert_eq!(classify("Ghi chú", ""), Role::Note);
        assert_eq!(classify("Thực hiện", "Phân công nhiệm vụ"), Role::Lead);
        assert_eq!(classify("Chỉ tiêu", ""), Role::Target);
        assert_eq!(classify("Nội dung chỉ tiêu", ""), Role::Content);
    }

    #[test]
    fn legends() {
        assert!(is_legend_text("(1)"));
        assert!(is_legend_text("1=2+3"));
        assert!(is_legend_text("A"));
        assert!(!is_legend_text("Năm 2026"));
    }
}
