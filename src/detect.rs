//! Detection: where the appendix tables are in a sheet, which rows are their
//! header, what each column holds, and the money unit. No configuration: a
//! header is recognised by its Vietnamese labels, as a reader would.

use crate::read::{cell_text, Sheet};
use crate::text::{clean, fold, starts_with_word};
use crate::unit::{parse_unit, unit_statement, Unit};
use calamine::Data;

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
    /// Anything else.
    Other,
}

impl Role {
    /// Money columns that add up down the table.
    pub fn is_additive(self) -> bool {
        matches!(self, Role::Year(_) | Role::PeriodTotal | Role::Amount)
    }

    /// Columns read as numbers (money, quantities, prices).
    pub fn is_numeric(self) -> bool {
        self.is_additive() || matches!(self, Role::Quantity | Role::UnitPrice)
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
    /// The cell (absolute row, column).
    pub row: u32,
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
    /// How columns relate on every row (legends, column groups).
    pub relations: Vec<Relation>,
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

/// Classifies a header label. `group` is the label of a merged group above
/// it ("Kinh phí thực hiện" above "Năm 2026", "Phân công" above "Thực hiện").
pub fn classify(label: &str, group: &str) -> Role {
    let l = fold(label);
    let g = fold(group);
    if l.is_empty() {
        return if g.is_empty() {
            Role::Other
        } else {
            classify(group, "")
        };
    }
    let has = |s: &str| l.contains(s);
    let starts = |s: &str| starts_with_word(&l, s);
    if is_stt_label(&l) {
        return Role::Stt;
    }
    if let Some(y) = year_of(&l) {
        return Role::Year(y);
    }
    if has("chủ trì") || ((l == "thực hiện" || l == "đơn vị thực hiện") && !g.contains("thời gian"))
    {
        return Role::Lead;
    }
    if has("phối hợp") {
        return Role::Partner;
    }
    if starts("đơn vị tính") || l == "đvt" || starts("đvt") {
        return Role::MeasureUnit;
    }
    if has("ghi chú") {
        return Role::Note;
    }
    if starts("tổng giai đoạn")
        || starts("giai đoạn") && has("tổng")
        || starts("lũy kế")
        || is_years_total(&l)
    {
        return Role::PeriodTotal;
    }
    if starts("tổng cộng") || starts("tổng số") || l == "tổng" || l == "cộng" {
        // Under a money group, or beside year columns, a "Tổng" column totals
        // the years; the caller re-types it when there are no years.
        return Role::PeriodTotal;
    }
    if starts("đơn giá") {
        return Role::UnitPrice;
    }
    if starts("số lượng") || starts("khối lượng") {
        return Role::Quantity;
    }
    if has("thành tiền")
        || starts("quyết toán")
        || starts("ước thực hiện")
        || has("kinh phí")
        || has("số tiền")
        || starts("dự toán")
        || has("tổng mức đầu tư")
        || starts("vốn")
        || starts("giá trị")
    {
        return Role::Amount;
    }
    if budget_code_depth(&l).is_some() {
        return Role::BudgetCode;
    }
    if starts("mã hiệu")
        || starts("mã số")
        || starts("mã công")
        || starts("mã đơn giá")
        || l == "mã"
    {
        return Role::Code;
    }
    if starts("tỷ lệ") || starts("tỉ lệ") || l == "%" {
        return Role::Rate;
    }
    if starts("nội dung")
        || starts("tên")
        || starts("nhiệm vụ")
        || starts("danh mục")
        || starts("hạng mục")
        || starts("diễn giải")
        || starts("chỉ tiêu nhiệm vụ")
        || starts("các nội dung")
        || starts("mục tiêu")
    {
        return Role::Content;
    }
    if starts("kết quả") || starts("sản phẩm") {
        return Role::Result;
    }
    if starts("thời gian") || starts("tiến độ") || starts("thời hạn") {
        return Role::Deadline;
    }
    if starts("chỉ tiêu") {
        return Role::Target;
    }
    if !g.is_empty() && (g.contains("kinh phí") || g.contains("dự toán")) {
        return Role::Amount;
    }
    // A sub-label with no role of its own takes its group's ("Chỉ tiêu" over
    // "Đến hết năm 2030").
    if !g.is_empty() {
        let gr = classify(group, "");
        if matches!(
            gr,
            Role::Target | Role::Result | Role::Deadline | Role::Note | Role::Rate
        ) {
            return gr;
        }
    }
    Role::Other
}

/// The depth of a budget classification column ("Loại" 1, "Khoản" 2, "Mục"
/// 4, "Tiểu mục" 5), from its folded label.
pub fn budget_code_depth(l: &str) -> Option<u8> {
    let l = l.trim_end_matches(['.', ':']);
    Some(match l {
        "chương" => 0,
        "loại" => 1,
        "khoản" => 2,
        "nhóm" | "tiểu nhóm" => 3,
        "mục" => 4,
        "tiểu mục" => 5,
        _ => return None,
    })
}

/// "STT", "TT", "Số TT", and the bilingual "STT No." of published tables.
fn is_stt_label(l: &str) -> bool {
    const NAMES: [&str; 4] = ["stt", "tt", "số tt", "số thứ tự"];
    let core = l.trim_end_matches('.');
    if NAMES.contains(&core) {
        return true;
    }
    NAMES.iter().any(|n| {
        l.strip_prefix(n).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['.', ' ', '-', '/', '(']);
            rest.starts_with("no") && rest.is_ascii()
        })
    })
}

/// "Cộng 3 năm", "Tổng cộng 2026-2030", "Tổng 5 năm": a total over years.
fn is_years_total(l: &str) -> bool {
    let words: Vec<&str> = l.split_whitespace().collect();
    match words.as_slice() {
        ["cộng" | "tổng" | "tổng cộng", n, "năm", ..] => n.parse::<u8>().is_ok(),
        ["cộng" | "tổng" | "tổng cộng" | "tổng số", span, ..] => {
            let span = span.trim_matches(['(', ')']);
            span.split_once(['-', '–'])
                .is_some_and(|(a, b)| year_of(a).is_some() && year_of(b).is_some())
        }
        _ => false,
    }
}

/// "năm 2026", "2026", "kế hoạch năm 2026" → 2026.
fn year_of(l: &str) -> Option<u16> {
    let words: Vec<&str> = l.split([' ', '(', ')']).filter(|w| !w.is_empty()).collect();
    let year = |w: &str| -> Option<u16> {
        let w = w.trim_end_matches([':', '.', '*']);
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u16>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    };
    // "Đến hết năm 2030", "Giai đoạn …" name a horizon, not a year's amount.
    if matches!(
        words.first(),
        Some(&("đến" | "tới" | "hết" | "từ" | "giai" | "trước" | "sau"))
    ) {
        return None;
    }
    match words.as_slice() {
        [w] => year(w),
        [.., "năm", w] => year(w),
        [.., "năm", w, unit] if parse_unit(unit).is_some() => year(w),
        _ => None,
    }
}

/// A money unit stated inside a header label: "Kinh phí (triệu đồng)".
fn unit_in_label(label: &str) -> Option<Unit> {
    let open = label.find('(')?;
    parse_unit(&label[open..])
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
    if !matches!(d, Data::Empty) {
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
fn is_label_cell(d: &Data) -> bool {
    match d {
        Data::Float(_) | Data::Int(_) => year_of(&cell_text(d)).is_some(),
        Data::Error(_) => false,
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
        // A total right under the header ("Tổng cộng | 13,923 | …") is a
        // row of the table, whatever the cells' types.
        if crate::model::is_total_label(&t) && c <= first_col + 2
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

/// "(1)", "1", "A", "(2)=(3)+(4)", "1=2+3": a column-number or legend cell.
pub fn is_legend_text(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 24 {
        return false;
    }
    let core: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if core.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, '(' | ')' | '=' | '+' | '-' | '*' | 'x' | '/' | '…' | '.')
    }) {
        return core.chars().any(|c| c.is_ascii_digit());
    }
    core.len() == 1 && core.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether a row is a column-number row: "(1) (2) (3)", "1 = 2 + 3",
/// "A B 1 2 3". Plain numbers must step by one from left to right, so a
/// first data row such as "1 | A | 40" is not taken for one.
pub fn is_legend_row(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> bool {
    let mut cells = 0;
    let mut marked = 0;
    let mut numbers: Vec<i64> = Vec::new();
    let mut letters: Vec<u8> = Vec::new();
    for c in first_col..=last_col {
        let d = sheet.get(row, c);
        let t = match d {
            Data::Empty => continue,
            Data::Int(_) | Data::Float(_) => cell_text(d),
            Data::String(s) if s.trim().is_empty() => continue,
            Data::String(s) => s.trim().to_string(),
            _ => return false,
        };
        if !is_legend_text(&t) {
            return false;
        }
        cells += 1;
        if t.contains(['(', '=', '+']) {
            marked += 1;
        } else if let Ok(n) = t.parse::<i64>() {
            numbers.push(n);
        } else if let [b] = t.as_bytes() {
            letters.push(*b);
        } else {
            // "10.4" is an amount, not a column number.
            return false;
        }
    }
    // "2=3+6+7+8" numbers its column too: the left-hand side joins the run.
    let mut numbered: Vec<i64> = Vec::new();
    for c in first_col..=last_col {
        if let Some(n) = legend_number(&cell_text(sheet.get(row, c))) {
            numbered.push(i64::from(n));
        }
    }
    let stepping = if marked > 0 {
        numbered.windows(2).all(|w| w[1] > w[0]) && numbered.first().is_none_or(|n| *n <= 3)
    } else {
        numbers.windows(2).all(|w| w[1] == w[0] + 1) && numbers.first().is_none_or(|n| *n <= 3)
    };
    let lettered =
        letters.windows(2).all(|w| w[1] == w[0] + 1) && letters.first().is_none_or(|b| *b == b'A');
    cells >= 2
        && (marked >= 2 && stepping
            || (marked + numbers.len() + letters.len() >= 2 && stepping && lettered))
}

/// The column number a legend cell gives its column: "3" → 3, "(3)" → 3,
/// "2=3+6+7" → 2.
pub fn legend_number(t: &str) -> Option<u32> {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let lhs = t.split('=').next()?;
    let lhs = lhs.trim_start_matches('(').trim_end_matches(')');
    if lhs.is_empty() || lhs.len() > 3 || !lhs.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    lhs.parse().ok()
}

/// A legend formula: "9=10+11+…+18" → (9, [10, 11, …, 18]), "12=1-5" →
/// (12, [1, −5]). Each part is a column number and whether it is subtracted.
pub fn legend_formula(t: &str) -> Option<(u32, Vec<(u32, bool)>)> {
    let t: String = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("...", "…")
        .replace(['(', ')'], "");
    let (lhs, rhs) = t.split_once('=')?;
    let whole: u32 = lhs.parse().ok()?;
    let mut parts: Vec<(u32, bool)> = Vec::new();
    let mut negative = false;
    let mut token = String::new();
    let mut range_from: Option<u32> = None;
    let flush = |token: &mut String,
                 negative: bool,
                 parts: &mut Vec<(u32, bool)>,
                 range_from: &mut Option<u32>|
     -> Option<()> {
        if token == "…" {
            *range_from = Some(parts.last()?.0);
        } else {
            let n: u32 = token.parse().ok()?;
            if let Some(from) = range_from.take() {
                if n <= from || n - from > 200 {
                    return None;
                }
                parts.extend((from + 1..n).map(|k| (k, negative)));
            }
            parts.push((n, negative));
        }
        token.clear();
        Some(())
    };
    for ch in rhs.chars() {
        match ch {
            '+' | '-' => {
                flush(&mut token, negative, &mut parts, &mut range_from)?;
                negative = ch == '-';
            }
            c if c.is_ascii_digit() || c == '…' => token.push(c),
            _ => return None,
        }
    }
    flush(&mut token, negative, &mut parts, &mut range_from)?;
    (!parts.is_empty() && parts.iter().all(|(p, _)| *p != whole)).then_some((whole, parts))
}

/// Finds the layouts of every table in a sheet, top to bottom. `start` is the
/// first row to look at (after a previous table).
pub fn find_layout(sheet: &Sheet, start: u32) -> Option<Layout> {
    let ((first_row, first_col), (last_row, last_col)) = sheet.bounds()?;
    let from = start.max(first_row);
    // A header sits near the top of what is left; scanning far into a large
    // data sheet for one would cost more than it finds.
    let scan_end = last_row.min(from.saturating_add(200));
    let header = (from..=scan_end).find(|&r| is_header_row(sheet, r, first_col, last_col))?;
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
    let relations = relations_of(sheet, &header_rows, legend_row, &mut columns, &numbers);
    let unit = find_unit(
        sheet,
        from,
        header,
        first_col,
        last_col,
        &header_rows,
        &columns,
    );
    let title = (from..header)
        .flat_map(|r| row_texts(sheet, r, first_col, last_col))
        .map(|t| clean(&t))
        .filter(|t| !t.is_empty())
        .fold(Vec::<String>::new(), |mut acc, t| {
            if acc.last() != Some(&t) {
                acc.push(t);
            }
            acc
        });
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
        body_start,
        unit,
        title,
        title_start: from,
        span,
    })
}

/// How many number cells each column holds in the first rows of the body
/// (indexed from `first_col`).
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
            if matches!(sheet.get(r, c), Data::Float(_) | Data::Int(_)) {
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
        ]
        .iter()
        .any(|w| starts_with_word(&l, w) || l.contains(&format!(" {w}")));
        if !code && (c.label.contains(" / ") || money && money_word) {
            c.role = Role::Amount;
        }
    }
}

/// Relations between columns: the legend row's formulas when there are any,
/// else what merged groups say.
fn relations_of(
    sheet: &Sheet,
    header_rows: &[u32],
    legend_row: Option<u32>,
    columns: &mut [Column],
    numbers: &[u32],
) -> Vec<Relation> {
    let first_col = columns.first().map(|c| c.col).unwrap_or(0);
    let last_col = columns.last().map(|c| c.col).unwrap_or(0);
    let mut out = Vec::new();
    if let Some(lr) = legend_row {
        let mut by_number: Vec<(u32, u32)> = Vec::new();
        for c in first_col..=last_col {
            if let Some(n) = legend_number(&cell_text(sheet.get(lr, c))) {
                by_number.push((n, c));
            }
        }
        let col_of = |n: u32| by_number.iter().find(|(k, _)| *k == n).map(|(_, c)| *c);
        for c in first_col..=last_col {
            let text = cell_text(sheet.get(lr, c));
            let Some((whole, parts)) = legend_formula(&text) else {
                continue;
            };
            let Some(whole) = col_of(whole) else { continue };
            let parts: Option<Vec<(u32, bool)>> = parts
                .iter()
                .map(|&(n, neg)| col_of(n).map(|c| (c, neg)))
                .collect();
            let Some(parts) = parts else { continue };
            let label_of = |c: u32| {
                columns
                    .iter()
                    .find(|x| x.col == c)
                    .map(|x| fold(&x.label))
                    .unwrap_or_default()
            };
            let partial = parts.iter().all(|&(p, _)| {
                label_of(p).contains("trong đó") && !label_of(whole).contains("trong đó")
            });
            out.push(Relation {
                whole,
                parts,
                partial,
                source: RelationSource::Legend,
                text: clean(&text),
            });
        }
        // A numbered column whose body is numbers holds amounts.
        for &(_, c) in &by_number {
            let numeric = numbers.get((c - first_col) as usize).copied().unwrap_or(0) >= 2;
            if let Some(col) = columns.iter_mut().find(|x| x.col == c) {
                if numeric && col.role == Role::Other {
                    col.role = Role::Amount;
                }
            }
        }
        // Every column a legend names holds amounts.
        for r in &out {
            for c in std::iter::once(r.whole).chain(r.parts.iter().map(|p| p.0)) {
                if let Some(col) = columns.iter_mut().find(|x| x.col == c) {
                    if !col.role.is_numeric() && col.role != Role::Rate {
                        col.role = Role::Amount;
                    }
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    // Groups: a label over several columns.
    let top = header_rows[0];
    for (level, &hr) in header_rows.iter().enumerate() {
        if level + 1 >= header_rows.len() {
            break;
        }
        for m in sheet.merges.iter().filter(|m| {
            m.first_row == hr
                && m.last_col > m.first_col
                && m.last_row < *header_rows.last().unwrap_or(&top)
        }) {
            let label = fold(&cell_text(sheet.get(m.first_row, m.first_col)));
            let Some(under) = direct_columns(sheet, header_rows, m, columns) else {
                continue;
            };
            if under.len() < 2 {
                continue;
            }
            let breakdown = [
                "trong đó",
                "chia ra",
                "bao gồm",
                "gồm",
                "nguồn vốn",
                "trong đó:",
            ]
            .iter()
            .any(|w| starts_with_word(&label, w));
            let first_sub = sub_label(sheet, header_rows, m.last_row + 1, under[0].col);
            let leads_with_total = ["tổng số", "tổng", "cộng", "tổng cộng"]
                .iter()
                .any(|w| starts_with_word(&first_sub, w));
            if leads_with_total {
                out.push(Relation {
                    whole: under[0].col,
                    parts: under[1..].iter().map(|c| (c.col, false)).collect(),
                    partial: under[1..]
                        .iter()
                        .all(|c| fold(&c.label).contains("trong đó")),
                    source: RelationSource::Group,
                    text: clean(&cell_text(sheet.get(m.first_row, m.first_col))),
                });
            } else if breakdown {
                let whole = columns
                    .iter()
                    .rfind(|c| c.col < m.first_col && c.role.is_additive());
                if let Some(whole) = whole {
                    out.push(Relation {
                        whole: whole.col,
                        parts: under.iter().map(|c| (c.col, false)).collect(),
                        partial: label.starts_with("trong đó"),
                        source: RelationSource::Group,
                        text: clean(&cell_text(sheet.get(m.first_row, m.first_col))),
                    });
                }
            }
        }
    }
    out.sort_by_key(|r| r.whole);
    out.dedup_by_key(|r| r.whole);
    out
}

/// The columns directly under a group: its own columns, and for a nested
/// group the nested group's leading "Tổng số" column. `None` when a nested
/// group has no such column (what it adds up to is not stated).
fn direct_columns<'c>(
    sheet: &Sheet,
    header_rows: &[u32],
    m: &crate::read::Merge,
    columns: &'c [Column],
) -> Option<Vec<&'c Column>> {
    let sub_row = m.last_row + 1;
    let header_end = *header_rows.last()?;
    let mut out = Vec::new();
    let mut c = m.first_col;
    while c <= m.last_col {
        let nested = sheet
            .merge_at(sub_row, c)
            .filter(|n| n.first_col == c && n.last_col > c && n.last_row < header_end)
            .copied();
        let col = columns.iter().find(|x| x.col == c && x.role.is_additive());
        match nested {
            Some(n) => {
                let first_sub = sub_label(sheet, header_rows, n.last_row + 1, c);
                let leads = ["tổng số", "tổng", "cộng"]
                    .iter()
                    .any(|w| starts_with_word(&first_sub, w));
                if !leads {
                    return None;
                }
                out.extend(col);
                c = n.last_col + 1;
            }
            None => {
                out.extend(col);
                c += 1;
            }
        }
    }
    Some(out)
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

fn row_is_blank_except_merges(sheet: &Sheet, row: u32, first_col: u32, last_col: u32) -> bool {
    (first_col..=last_col).all(|c| matches!(sheet.get(row, c), Data::Empty))
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
            (
                format!("{group_all} / {bottom}"),
                classify(&bottom, &group_all),
            )
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
            if let Data::String(s) = sheet.get(r, c) {
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
