//! What a header label says a column holds, and the column-number row
//! under a header ("(1) (2) (3)", "1 = 2 + 3").

use super::Role;
use crate::read::CellValue;
use crate::read::{cell_text, Sheet};
use crate::text::{fold, starts_with_word};
use crate::unit::{parse_unit, Unit};

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
    // The parts of a unit price and of a line's cost, under their group:
    // "Đơn giá" over "Vật liệu | Nhân công | Máy", "Thành tiền" over the
    // same.
    let total_word = matches!(l.as_str(), "cộng" | "tổng" | "tổng cộng" | "tổng số");
    if total_word && starts_with_word(&g, "đơn giá") {
        return Role::UnitPrice;
    }
    if total_word && g.contains("thành tiền") {
        return Role::Amount;
    }
    if let Some(part) = price_part(&l) {
        if starts_with_word(&g, "đơn giá") {
            return [Role::PriceMaterial, Role::PriceLabour, Role::PriceMachine][part];
        }
        if g.contains("thành tiền") || starts_with_word(&g, "chi phí") {
            return [
                Role::AmountMaterial,
                Role::AmountLabour,
                Role::AmountMachine,
            ][part];
        }
    }
    if is_stt_label(&l) {
        return Role::Stt;
    }
    if starts("cách tính") || starts("công thức") || l == "diễn giải cách tính" {
        return Role::Formula;
    }
    if starts("ký hiệu") || starts("kí hiệu") {
        return Role::Symbol;
    }
    // "Lũy kế vốn đã bố trí đến hết năm 2025": allocations to date, an
    // amount of its own — not that year's, and not the plan's period total.
    if (starts("lũy kế") || starts("luỹ kế")) && year_of(&l).is_some() {
        return Role::Amount;
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
        || has("kế hoạch vốn")
        || starts("kế hoạch đầu tư")
        || starts("vốn")
        || starts("giá trị")
    {
        return Role::Amount;
    }
    if budget_code_depth(&l).is_some() {
        return Role::BudgetCode;
    }
    // The code column under every heading estimating software uses.
    if starts("mã hiệu")
        || starts("mã số")
        || starts("mã công")
        || starts("mã cv")
        || starts("mscv")
        || starts("mã đơn giá")
        || starts("mã định mức")
        || starts("số hiệu định mức")
        || starts("số hiệu đơn giá")
        || starts("mã đm")
        || l == "mã"
    {
        return Role::Code;
    }
    // A ratio of two columns: "Tỷ lệ", "So sánh (%)", "% thực hiện".
    if starts("tỷ lệ") || starts("tỉ lệ") || l == "%" || starts("so sánh") || l.contains("(%)")
    {
        return Role::Rate;
    }
    if starts("nội dung")
        || starts("tên")
        || starts("nhiệm vụ")
        || starts("danh mục")
        || starts("hạng mục")
        || starts("khoản mục")
        || starts("diễn giải")
        || starts("chỉ tiêu nhiệm vụ")
        || starts("các nội dung")
        || starts("công trình")
        || l == "dự án"
        || starts("dự án, công trình")
        || starts("mục tiêu")
        // Per-unit tables name their rows by place: "Tỉnh, thành phố",
        // "Xã, phường, thị trấn", "Địa phương".
        || starts("tỉnh, thành")
        || starts("tỉnh/thành")
        || starts("tỉnh, tp")
        || l == "tỉnh"
        || starts("xã, phường")
        || starts("địa phương")
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
    // "Thực hiện trong tháng", "Từ đầu dự án", "Kết quả giải ngân / Kỳ
    // này": a period's figure or a running total of money (what it is,
    // `model::roles` says) — not under a schedule ("Tiến độ / Trong quý").
    if super::meanings::is_period_member(label) && classify(group, "") != Role::Deadline {
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

/// Which part of a price a label names: 0 material (Vật liệu, VL), 1
/// labour (Nhân công, NC), 2 machine (Máy, Máy thi công, M).
pub(super) fn price_part(l: &str) -> Option<usize> {
    match l.trim_end_matches(['.', ':']) {
        "vật liệu" | "vl" | "chi phí vật liệu" => Some(0),
        "nhân công" | "nc" | "chi phí nhân công" => Some(1),
        "máy" | "m" | "máy thi công" | "chi phí máy" | "chi phí máy thi công" | "máy tc" => {
            Some(2)
        }
        _ => None,
    }
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
pub(super) fn is_stt_label(l: &str) -> bool {
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
pub(super) fn is_years_total(l: &str) -> bool {
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
pub(super) fn year_of(l: &str) -> Option<u16> {
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
pub(super) fn unit_in_label(label: &str) -> Option<Unit> {
    let open = label.find('(')?;
    parse_unit(&label[open..])
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
            CellValue::Empty => continue,
            CellValue::Int(_) | CellValue::Float(_) => cell_text(d),
            CellValue::String(s) if s.trim().is_empty() => continue,
            CellValue::String(s) => s.trim().to_string(),
            // A column whose formulas are broken on every row is broken in
            // its column-number cell too (#REF!): it numbers nothing.
            CellValue::Error(_) => continue,
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
    // Column numbers step up by one; a long row may repeat a number or
    // restart once (a column numbered twice, a block numbered afresh).
    let steps = |xs: &[i64], strict_by_one: bool| {
        let off = xs
            .windows(2)
            .filter(|w| {
                if strict_by_one {
                    w[1] != w[0] + 1
                } else {
                    w[1] <= w[0]
                }
            })
            .count();
        let allowed = usize::from(xs.len() >= 6);
        off <= allowed && xs.first().is_none_or(|n| *n <= 3)
    };
    let stepping = if marked > 0 {
        steps(&numbered, false)
    } else {
        steps(&numbers, true)
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

/// Labels of total rows.
pub fn is_total_label(text: &str) -> bool {
    // Cheap rejection first: every total label starts with T, C or G (or a
    // bracket or bullet) — most rows are not totals.
    let first = text.trim_start().chars().next();
    if !matches!(
        first,
        Some('T' | 't' | 'C' | 'c' | 'G' | 'g' | '(' | '*' | '-')
    ) {
        return false;
    }
    let t = fold(text);
    let t = t.trim_start_matches(['(', '*', '-', ' ']);
    if t.starts_with("cộng hòa") || t.starts_with("cộng hoà") {
        return false;
    }
    for word in [
        "tổng cộng",
        "tổng số",
        "tổng kinh phí",
        "tổng",
        "cộng",
        "total",
        "grand total",
    ] {
        if starts_with_word(t, word) {
            let rest = t[word.len()..].trim_start();
            return rest.is_empty()
                || rest.starts_with(['(', ':', '-', '–', '/'])
                || matches!(rest, "kinh phí" | "toàn xã" | "chung" | "cộng" | "số")
                // Bilingual, the English on a line of its own: "TỔNG SỐ
                // ⏎ TOTAL".
                || rest == "total"
                || rest == "grand total"
                // "TỔNG THU CÂN ĐỐI NSNN", "Tổng chi ngân sách xã".
                || word == "tổng" && (starts_with_word(rest, "thu") || starts_with_word(rest, "chi"));
        }
    }
    false
}
