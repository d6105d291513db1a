//! Messages, in Vietnamese (the default) and English. Amounts are always
//! written the Vietnamese way (1.234.567,5): they are read beside the
//! workbook, which shows them so.

use crate::check::{Detail, Finding, Hint, MagnitudeReason, SumOver};
use crate::number::{format_vn, Convention};
use rust_decimal::Decimal;

pub use crate::lang::Lang;

fn amount(s: &Option<String>) -> String {
    s.as_deref()
        .and_then(|v| Decimal::from_str_exact(v).ok())
        .map(format_vn)
        .unwrap_or_else(|| s.clone().unwrap_or_default())
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", format_vn(d))
    } else {
        format_vn(d)
    }
}

fn unit_suffix(f: &Finding, lang: Lang) -> String {
    match (f.unit, lang) {
        (Some(u), Lang::Vi) => format!(" {}", u.name_vi()),
        (Some(u), Lang::En) => format!(" {}", u.name_en()),
        (None, _) => String::new(),
    }
}

/// Renders a finding's message.
pub fn message(f: &Finding, lang: Lang) -> String {
    f.message(lang)
}

impl Finding {
    /// The message in a language: rendered here, in the report stage, so
    /// that checking never depends on how findings are worded.
    pub fn message(&self, lang: Lang) -> String {
        render(self, lang)
    }
}

fn render(f: &Finding, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let exp = amount(&f.expected);
    let found = amount(&f.found);
    let mut m = match &f.detail {
        Detail::Sum { row, column, over } => {
            let diff = f.difference.map(signed).unwrap_or_default();
            let rounding = f.code == crate::check::Code::Rounding;
            let what = match (over, vi) {
                (SumOver::Children, true) => "tổng các mục con",
                (SumOver::TopLevel, true) => "tổng các mục",
                (SumOver::Years, true) => "tổng các năm",
                (SumOver::Rounded, true) => "làm tròn đến 1.000 đồng",
                (SumOver::Totals, true) => "tổng các dòng cộng ở trên",
                (SumOver::Rounded, false) => "rounded to 1,000 dong it is",
                (SumOver::Tax, true) => "thuế suất ghi ở dòng này tính trên dòng cộng ở trên là",
                (SumOver::Tax, false) => "the rate it states, of the total above, is",
                (SumOver::Totals, false) => "the totals above add up to",
                (SumOver::Children, false) => "its sub-items add up to",
                (SumOver::TopLevel, false) => "the items add up to",
                (SumOver::Years, false) => "the years add up to",
            };
            let row_vi = if row.chars().any(char::is_alphabetic) && !row.chars().all(|c| c.is_ascii_uppercase()) {
                format!("«{row}»")
            } else {
                row.clone()
            };
            let stale = f.code == crate::check::Code::StaleFormula;
            let lead = if stale {
                if vi {
                    "Công thức chưa được tính lại: "
                } else {
                    "Formula not recalculated: "
                }
            } else if rounding {
                if vi {
                    "Chênh lệch do làm tròn: "
                } else {
                    "Rounding difference: "
                }
            } else {
                ""
            };
            let tail = match (stale, vi) {
                (true, true) => " Công thức đúng phạm vi nhưng giá trị lưu đã cũ: mở tệp, tính lại (F9) và lưu lại.",
                (true, false) => " The formula covers the right rows but its saved value is stale: open the file, recalculate (F9) and save it.",
                _ => "",
            };
            if vi {
                format!("{lead}Dòng {row_vi}, cột «{column}»: ghi {found} nhưng {what} là {exp} (chênh lệch {diff}).{tail}")
            } else {
                format!("{lead}Row {row_vi}, column «{column}»: shows {found} but {what} {exp} (difference {diff}).{tail}")
            }
        }
        Detail::ColumnSum { row, column, relation, partial } => {
            let diff = f.difference.map(signed).unwrap_or_default();
            let rounding = f.code == crate::check::Code::Rounding;
            match (vi, rounding, *partial && f.code == crate::check::Code::ColumnPartial) {
                (true, true, _) => format!("Chênh lệch do làm tròn: Dòng {row}, cột «{column}»: ghi {found} nhưng các cột thành phần ({relation}) cộng lại là {exp} (chênh lệch {diff})."),
                (false, true, _) => format!("Rounding difference: Row {row}, column «{column}»: shows {found} but its parts ({relation}) add up to {exp} (difference {diff})."),
                (true, false, true) => format!("Dòng {row}, cột «{column}»: ghi {found} nhưng các cột «Trong đó» ({relation}) chỉ cộng lại {exp} (thiếu {diff}); chi tiết có thể chỉ liệt kê một phần — kiểm tra lại."),
                (false, false, true) => format!("Row {row}, column «{column}»: shows {found} but its «of which» columns ({relation}) add up to only {exp} (short by {diff}); the breakdown may be partial — check it."),
                (true, false, false) => format!("Dòng {row}, cột «{column}»: ghi {found} nhưng theo quan hệ giữa các cột ({relation}) phải là {exp} (chênh lệch {diff})."),
                (false, false, false) => format!("Row {row}, column «{column}»: shows {found} but the relation between columns ({relation}) gives {exp} (difference {diff})."),
            }
        }
        Detail::Unconfirmed { column, relation, held, tested } => {
            if vi {
                format!("Không xác nhận được cấu trúc: cột «{column}» theo quan hệ «{relation}» chỉ đúng ở {held}/{tested} dòng, nên đây là cách đọc sai bảng, không phải {} lỗi; quan hệ này không được kiểm tra trên dòng nào.", tested - held)
            } else {
                format!("Structure not confirmed: column «{column}» by the relation «{relation}» holds on only {held} of {tested} rows, so it is a misreading of the table, not {} mistakes; it is checked on no row.", tested - held)
            }
        }
        Detail::ItemsIncomplete { row, column, columns, reason } => {
            let diff = f.difference.map(|d| format_vn(d.abs())).unwrap_or_default();
            let more = match (columns, vi) {
                (1, _) => String::new(),
                (n, true) => format!(" và {} cột khác", n - 1),
                (n, false) => format!(" and {} more columns", n - 1),
            };
            let why = match (reason, vi) {
                (crate::check::GapReason::EveryColumn, true) => "vượt các mục được liệt kê ở mọi cột như nhau: có thể có đơn vị/mục không công khai".to_string(),
                (crate::check::GapReason::EveryColumn, false) => "it exceeds its listed items in every column alike: some units or items are likely not disclosed".to_string(),
                (crate::check::GapReason::NumberingGap(m), true) => format!("các mục con thiếu số thứ tự {}", m.join(", ")),
                (crate::check::GapReason::NumberingGap(m), false) => format!("its sub-items skip numbers {}", m.join(", ")),
                (crate::check::GapReason::Footnote(t), true) => format!("ghi chú nêu khoản chênh lệch: «{t}»"),
                (crate::check::GapReason::Footnote(t), false) => format!("a footnote states the gap: «{t}»"),
                (crate::check::GapReason::Reserve, true) => "đây là khoản dự phòng / chưa phân bổ".to_string(),
                (crate::check::GapReason::Reserve, false) => "it is a reserve or unallocated amount".to_string(),
            };
            if vi {
                format!("Dòng {row}, cột «{column}»{more}: ghi {found}, lớn hơn tổng các mục con được liệt kê ({exp}) {diff}; {why}. Không phải lỗi cộng, nhưng cần xác nhận.")
            } else {
                format!("Row {row}, column «{column}»{more}: shows {found}, {diff} more than its listed sub-items ({exp}); {why}. Not an arithmetic error, but worth confirming.")
            }
        }
        Detail::EstimateLine { row, code, other } => match (other, vi) {
            (None, true) => format!("Dòng {row}: mã {code} là đơn giá tạm tính (TT), chưa có mã định mức; cần thay bằng giá chính thức trước khi trình duyệt."),
            (None, false) => format!("Row {row}: code {code} is a provisional price (TT) with no norm code; replace it with a final price before approval."),
            (Some(o), true) => format!("Dòng {row} lặp lại dòng {o} trong cùng một phần (cùng mã {code}, cùng nội dung và khối lượng): có thể tính hai lần."),
            (Some(o), false) => format!("Row {row} repeats row {o} within the same part (same code {code}, wording and quantity): possibly counted twice."),
        },
        Detail::SummaryFormula { row, symbol, formula, stated_rate, implied_rate } => {
            let sym = if symbol.is_empty() { String::new() } else { format!(" ({symbol})") };
            let rates = match (stated_rate, implied_rate, vi) {
                (Some(s), Some(i), true) => format!(" Tỷ lệ thực tế là {} %, ghi {} %.", format_vn(*i), format_vn(*s)),
                (Some(s), Some(i), false) => format!(" The rate it really applies is {} %, not the {} % written.", format_vn(*i), format_vn(*s)),
                _ => String::new(),
            };
            if vi {
                format!("Dòng {row}{sym}: cách tính «{formula}» cho {exp} nhưng ghi {found}.{rates}")
            } else {
                format!("Row {row}{sym}: «{formula}» gives {exp} but the row shows {found}.{rates}")
            }
        }
        Detail::ImpliedRate { row, symbol, base, rate } => {
            let rate = format_vn(*rate);
            if vi {
                format!("Dòng {row}: không ghi cách tính; {symbol} = {rate} % của {base}.")
            } else {
                format!("Row {row}: no computation written; {symbol} = {rate} % of {base}.")
            }
        }
        Detail::SummaryBase { symbol, detail_cell } => {
            let diff = f.difference.map(signed).unwrap_or_default();
            if vi {
                format!("Dòng {symbol} của bảng tổng hợp ghi {found} nhưng bảng chi tiết cộng lại là {exp} (ô {detail_cell}; chênh lệch {diff}).")
            } else {
                format!("Summary row {symbol} shows {found} but the detail sheet adds up to {exp} (cell {detail_cell}; difference {diff}).")
            }
        }
        Detail::OverCeiling { row, source } => {
            use crate::check::ceiling::CeilingSource;
            let diff = f.difference.map(signed).unwrap_or_default();
            match (vi, source) {
                (true, CeilingSource::Given) => format!("Dòng «{row}»: tổng dự toán {found} vượt mức trần {exp} (--ceiling) là {diff}."),
                (true, CeilingSource::Row(cell)) => format!("Dòng «{row}»: tổng dự toán {found} vượt tổng mức đầu tư được duyệt {exp} (ô {cell}) là {diff}."),
                (false, CeilingSource::Given) => format!("Row «{row}»: the estimate's total {found} is above the ceiling {exp} (--ceiling) by {diff}."),
                (false, CeilingSource::Row(cell)) => format!("Row «{row}»: the estimate's total {found} is above the approved total investment {exp} (cell {cell}) by {diff}."),
            }
        }
        Detail::UnitScale { row, code, unit, usual_unit, factor } => {
            let times = factor.map(format_vn).unwrap_or_else(|| "100".into());
            if vi {
                format!("Dòng {row} (mã {code}): đơn vị «{unit}», đơn giá lệch khoảng {times} lần so với các dòng khác cùng mã (đơn vị «{usual_unit}»); kiểm tra đơn vị tính (m3 hay 100m3, kg hay tấn) và khối lượng.")
            } else {
                format!("Row {row} (code {code}): unit «{unit}», priced about {times} times off the other lines of the code (unit «{usual_unit}»); check the unit of measure (m3 or 100m3, kg or tấn) and the quantity.")
            }
        }
        Detail::QuantityBreakdown { row, rows, agree: (held, tested) } => {
            let diff = f.difference.map(signed).unwrap_or_default();
            if vi {
                format!("Dòng {row}: Khối lượng ghi {found} nhưng {rows} dòng diễn giải bên dưới cộng lại {exp} (chênh lệch {diff}); trong bảng, {held}/{tested} dòng có diễn giải khớp với diễn giải của chúng.")
            } else {
                format!("Row {row}: the quantity shows {found} but the {rows} diễn giải rows under it add up to {exp} (difference {diff}); in this table {held} of {tested} lines with a breakdown agree with theirs.")
            }
        }
        Detail::QuantityScale { row, code, unit, usual, factor, amount_cell } => {
            let (times, usual) = (format_vn(*factor), format_vn(*usual));
            let amount = amount_cell.as_deref().unwrap_or("");
            if vi {
                let amount = if amount.is_empty() { String::new() } else { format!("; Thành tiền ({amount}) lớn theo") };
                format!("Dòng {row} (mã {code}, đơn vị «{unit}»): Khối lượng ghi {found}, trong khi các dòng khác cùng mã khoảng {usual}{amount}; chia cho {times} ({exp}) mới cùng cỡ với chúng: có lẽ khối lượng được ghi theo đơn vị nhỏ hơn (m3 thay cho {unit}).")
            } else {
                let amount = if amount.is_empty() { String::new() } else { format!("; its amount ({amount}) is as far off") };
                format!("Row {row} (code {code}, unit «{unit}»): the quantity shows {found}, while the other lines of the code are about {usual}{amount}; divided by {times} ({exp}) it is among them: it was likely typed in a smaller unit (m3 for {unit}).")
            }
        }
        Detail::SummaryLine { line, period: Some(period), other, .. } => {
            let diff = f.difference.map(signed).unwrap_or_default();
            // "Tổng" is the period total's column, in either language.
            let when = match (period.as_str(), vi) {
                ("Tổng", true) => "tổng giai đoạn".to_string(),
                ("Tổng", false) => "period total".to_string(),
                (y, true) => format!("năm {y}"),
                (y, false) => y.to_string(),
            };
            if vi {
                format!("Dòng tổng hợp «{line}», {when}: ghi {found} nhưng chi tiết ({other}) cộng lại là {exp} (chênh lệch {diff}).")
            } else {
                format!("Summary line «{line}», {when}: shows {found} but the detail ({other}) adds up to {exp} (difference {diff}).")
            }
        }
        Detail::SummaryLine { line, period: None, other, in_summary } => match (vi, in_summary) {
            (true, true) => format!("Dòng tổng hợp «{line}» không có trong chi tiết ({other})."),
            (true, false) => format!("«{line}» có trong chi tiết ({other}) nhưng không có dòng trong bảng tổng hợp."),
            (false, true) => format!("Summary line «{line}» is not in the detail ({other})."),
            (false, false) => format!("«{line}» is in the detail ({other}) but has no line in the summary."),
        },
        Detail::VatRate { row, stated, rule, date, date_from_sheet } => {
            let (stated, rate) = (format_vn(*stated), format_vn(rule.rate));
            let day = date.vietnamese();
            let until = rule.to.map(|t| t.vietnamese());
            if vi {
                let whose = if *date_from_sheet { "ngày ghi trên bảng" } else { "ngày --date" };
                let span = match until {
                    Some(t) => format!("từ {} đến {t}", rule.from.vietnamese()),
                    None => format!("từ {}", rule.from.vietnamese()),
                };
                format!("Dòng «{row}»: thuế GTGT ghi {stated} % nhưng ngày {day} ({whose}) thuế suất {rate} % áp dụng cho {} ({span}; {}). Nếu hạng mục thuộc diện không được áp dụng thì bỏ qua.", rule.applies_to, rule.source)
            } else {
                let whose = if *date_from_sheet { "the date on the sheet" } else { "--date" };
                let span = match until {
                    Some(t) => format!("from {} to {t}", rule.from.vietnamese()),
                    None => format!("from {}", rule.from.vietnamese()),
                };
                format!("Row «{row}»: VAT at {stated} % but on {day} ({whose}) {rate} % applies to {} ({span}; {}). If the work is not covered, disregard this.", rule.applies_to, rule.source)
            }
        }
        Detail::FormulaNoValue { cells, not_computed } => {
            let left = match (vi, *not_computed) {
                (_, 0) => String::new(),
                (true, n) => format!(" {n} ô dùng hàm phuluc không tính được nên được đọc là trống."),
                (false, 1) => " One uses a function phuluc does not evaluate and is read as empty.".into(),
                (false, n) => format!(" {n} use functions phuluc does not evaluate and are read as empty."),
            };
            let en_cells = if *cells == 1 {
                "1 cell holds a formula saved without its result".to_string()
            } else {
                format!("{cells} cells hold formulas saved without their results")
            };
            if vi {
                format!("{cells} ô có công thức nhưng không lưu kết quả (tệp do một chương trình không tính công thức ghi ra): phuluc đã tự tính để kiểm tra, nhưng trình xem không tính lại và phần mềm của tỉnh sẽ thấy các ô này trống; mở và lưu lại bằng Excel hoặc LibreOffice.{left}")
            } else {
                format!("{en_cells} (the file was written by a program that does not calculate): phuluc computed them to check the table, but a viewer that does not recalculate, and the province's software, see them empty; open and re-save the file in Excel or LibreOffice.{left}")
            }
        }
        Detail::CopyOf { sheet, cell, findings } => {
            if vi {
                format!("Bảng này lặp lại bảng ở trang «{sheet}» ({cell}) đúng từng số: {findings} phát hiện của nó trùng với bảng đó và chỉ được nêu một lần, ở đó.")
            } else {
                format!("This table repeats the table on sheet «{sheet}» ({cell}) figure for figure: its {findings} findings are that table's and are listed once, there.")
            }
        }
        Detail::LegacyText { encoding, cells } => {
            if vi {
                format!("{cells} ô của trang được gõ bằng bảng mã {encoding} (phông chữ cũ) và đã được đọc thành Unicode; nên chuyển cả tệp sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey).")
            } else {
                format!("{cells} cells of the sheet were typed in the {encoding} encoding (a legacy font) and were read as Unicode; consider converting the whole file to Unicode (e.g. with Unikey's converter).")
            }
        }
        Detail::LineAmount { row, quantity, price, part } => {
            let (q, p) = (format_vn(*quantity), format_vn(*price));
            let diff = f.difference.map(signed).unwrap_or_default();
            match (vi, part) {
                (true, None) => format!("Dòng {row}: Thành tiền ghi {found} nhưng Số lượng × Đơn giá = {q} × {p} = {exp} (chênh lệch {diff})."),
                (false, None) => format!("Row {row}: amount shows {found} but quantity × unit price = {q} × {p} = {exp} (difference {diff})."),
                (true, Some(s)) => format!("Dòng {row}: Thành tiền {s} ghi {found} nhưng Khối lượng × Đơn giá {s} = {q} × {p} = {exp} (chênh lệch {diff})."),
                (false, Some(s)) => format!("Row {row}: the {s} amount shows {found} but quantity × {s} unit price = {q} × {p} = {exp} (difference {diff})."),
            }
        }
        Detail::PartsSum { row, price, parts } => {
            let names: Vec<&str> = parts.iter().map(|(s, _)| *s).collect();
            let values: Vec<String> = parts.iter().map(|(_, v)| format_vn(*v)).collect();
            let diff = f.difference.map(signed).unwrap_or_default();
            let (names, values) = (names.join(" + "), values.join(" + "));
            match (vi, price) {
                (true, true) => format!("Dòng {row}: Đơn giá ghi {found} nhưng {names} = {values} = {exp} (chênh lệch {diff})."),
                (true, false) => format!("Dòng {row}: Thành tiền ghi {found} nhưng {names} = {values} = {exp} (chênh lệch {diff})."),
                (false, true) => format!("Row {row}: the unit price shows {found} but {names} = {values} = {exp} (difference {diff})."),
                (false, false) => format!("Row {row}: the amount shows {found} but {names} = {values} = {exp} (difference {diff})."),
            }
        }
        Detail::PricePart { row, part, code, price } => {
            let price = format_vn(*price);
            let diff = f.difference.map(signed).unwrap_or_default();
            if vi {
                format!("Dòng {row}: Đơn giá {part} ghi {found}, nhưng các dòng khác cùng mã {code} ghi {exp}; với {exp}, VL + NC + M bằng Đơn giá {price} mà Thành tiền của dòng cũng khớp (chênh lệch {diff}).")
            } else {
                format!("Row {row}: the unit price {part} shows {found}, but the other lines of code {code} show {exp}; with {exp}, VL + NC + M equals the unit price {price}, which the line's amount bears out too (difference {diff}).")
            }
        }
        Detail::Malformed { row, column, text } if f.code == crate::check::Code::AmountTooLarge => {
            if vi {
                format!("Dòng «{row}», cột «{column}»: số quá lớn ({text}), vượt mọi ngân sách (trên 10^24 đồng); không được cộng vào tổng. Kiểm tra số chữ số và đơn vị tính.")
            } else {
                format!("Row «{row}», column «{column}»: the number is too large ({text}), beyond any budget (over 10^24 dong); it is not added into any total. Check its digits and the unit.")
            }
        }
        Detail::Malformed { row, column, text } => {
            let mut s = if vi {
                format!("Dòng «{row}», cột «{column}»: «{text}» không phải là một số hợp lệ")
            } else {
                format!("Row «{row}», column «{column}»: «{text}» is not a valid number")
            };
            if f.expected.is_some() {
                let unit = unit_suffix(f, lang);
                if vi {
                    s.push_str(&format!("; các mục cộng lại là {exp}{unit}"));
                } else {
                    s.push_str(&format!("; the items add up to {exp}{unit}"));
                }
            }
            s.push('.');
            s
        }
        Detail::BrokenFormula { row, column, error } => {
            if vi {
                format!("Dòng «{row}», cột «{column}»: ô chứa lỗi {error}; công thức bị hỏng, số tiền không đọc được.")
            } else {
                format!("Row «{row}», column «{column}»: the cell holds the error {error}; the formula is broken and the amount unreadable.")
            }
        }
        Detail::TextNumber { text, column, count } => match (count, vi) {
            (1, true) => format!("Số {text} được lưu dạng văn bản: hàm SUM của Excel bỏ qua ô này. Hãy nhập lại dưới dạng số."),
            (1, false) => format!("The number {text} is stored as text: Excel's SUM skips it. Re-enter it as a number."),
            (n, true) => format!("{n} ô trong cột «{column}» lưu số dạng văn bản (ô này và các ô liên quan): hàm SUM của Excel bỏ qua chúng. Hãy nhập lại dưới dạng số."),
            (n, false) => format!("{n} cells of column «{column}» hold numbers stored as text (this one and the related cells): Excel's SUM skips them. Re-enter them as numbers."),
        },
        Detail::Ambiguous { chosen, other, column_shows, count, .. } => {
            let (c, o) = (format_vn(*chosen), format_vn(*other));
            let why = match (column_shows, vi) {
                (Some(Convention::Vietnamese), true) => "các ô khác trong cột viết số kiểu Việt Nam (1.234,5)",
                (Some(Convention::English), true) => "các ô khác trong cột viết số kiểu tiếng Anh (1,234.5)",
                (None, true) => "số tiền trong bảng dự toán thường là số nguyên",
                (Some(Convention::Vietnamese), false) => "other cells of the column use Vietnamese separators (1.234,5)",
                (Some(Convention::English), false) => "other cells of the column use English separators (1,234.5)",
                (None, false) => "amounts in budget tables are whole numbers",
            };
            let more = match (count, vi) {
                (1, _) => String::new(),
                (n, true) => format!(" {} ô khác trong cột được đọc theo cùng cách.", n - 1),
                (n, false) => format!(" {} more cells of the column were read the same way.", n - 1),
            };
            if vi {
                format!("Số viết không rõ ràng: đọc là {c} (không phải {o}) vì {why}.{more}")
            } else {
                format!("Ambiguous number: read as {c} (not {o}) because {why}.{more}")
            }
        }
        Detail::DuplicateStt { stt, first_cell } => {
            if vi {
                format!("Số thứ tự {stt} bị trùng (đã có ở ô {first_cell}).")
            } else {
                format!("Numbering {stt} appears twice (first at {first_cell}).")
            }
        }
        Detail::NumberingGap { stt, missing } => {
            let list = missing.join(", ");
            if vi {
                format!("Số thứ tự nhảy cóc: có {stt} nhưng thiếu {list}.")
            } else {
                format!("Numbering skips: {stt} comes without {list}.")
            }
        }
        Detail::NumberingOrder { stt, after } => {
            if vi {
                format!("Số thứ tự {stt} đứng sau {after}: sai thứ tự.")
            } else {
                format!("Numbering {stt} comes after {after}: out of order.")
            }
        }
        Detail::WrongParent { stt, parent } => {
            let parent = if parent.is_empty() { "—".to_string() } else { parent.clone() };
            if vi {
                format!("Mục {stt} nằm dưới mục {parent}, không đúng mục cha theo số thứ tự.")
            } else {
                format!("Item {stt} sits under {parent}, not under the parent its number names.")
            }
        }
        Detail::DuplicateRow { row, other, same } => match (same, vi) {
            (true, true) => format!("Dòng {row} trùng nội dung với dòng {other}: có thể bị dán hai lần."),
            (true, false) => format!("Row {row} repeats row {other} word for word: possibly pasted twice."),
            (false, true) => format!("Dòng {row} gần như trùng nội dung với dòng {other} (chỉ khác phần cuối): có thể là một dòng bị lặp."),
            (false, false) => format!("Row {row} states nearly the same as row {other} (only the ending differs): likely one line repeated."),
        },
        Detail::UnitMissing => {
            if vi {
                "Bảng có số tiền nhưng không ghi đơn vị tính (ví dụ: \"Đơn vị tính: triệu đồng\").".to_string()
            } else {
                "The table has amounts but states no unit (e.g. \"Đơn vị tính: triệu đồng\").".to_string()
            }
        }
        Detail::UnitMagnitude { row, unit, reason } => {
            let unit_name = unit.map(|u| if vi { u.name_vi() } else { u.name_en() }).unwrap_or("?");
            match (reason, vi) {
                (MagnitudeReason::ScaledBy(k), true) => format!(
                    "Dòng «{row}»: ghi {found}, bằng {exp} × {}: có vẻ ghi theo đơn vị nhỏ hơn, trong khi bảng tính bằng {unit_name}.",
                    format_vn(Decimal::from(1000u64.pow(*k)))
                ),
                (MagnitudeReason::ScaledBy(k), false) => format!(
                    "Row «{row}»: shows {found}, which is {exp} × {}: it looks written in a smaller unit, while the table is in {unit_name}.",
                    format_vn(Decimal::from(1000u64.pow(*k)))
                ),
                (MagnitudeReason::TooLarge, true) => format!("Dòng «{row}»: {found} {unit_name} là quá lớn cho một xã; kiểm tra đơn vị tính."),
                (MagnitudeReason::TooLarge, false) => format!("Row «{row}»: {found} {unit_name} is too large for a commune; check the unit."),
                (MagnitudeReason::TooSmall, true) => format!("Dòng «{row}»: tổng {found} đồng là quá nhỏ; có thể bảng tính bằng triệu đồng hoặc nghìn đồng."),
                (MagnitudeReason::TooSmall, false) => format!("Row «{row}»: a total of {found} dong is too small; the table may be in thousand or million dong."),
            }
        }
        Detail::ThousandOutlier { row, column, median, larger } => {
            let med = format_vn(*median);
            match (larger, vi) {
                (false, true) => format!("Dòng {row}, cột «{column}»: {found} nhỏ hơn khoảng 1.000 lần các giá trị khác (trung vị {med}); có thể dấu phân cách hàng nghìn bị đọc thành dấu thập phân."),
                (false, false) => format!("Row {row}, column «{column}»: {found} is about 1,000 times smaller than the rest (median {med}); a thousands separator may have been read as a decimal point."),
                (true, true) => format!("Dòng {row}, cột «{column}»: {found} lớn hơn khoảng 1.000 lần các giá trị khác (trung vị {med}); có thể đã ghi theo đơn vị nhỏ hơn."),
                (true, false) => format!("Row {row}, column «{column}»: {found} is about 1,000 times the rest (median {med}); it may be written in a smaller unit."),
            }
        }
        Detail::Words { stated, column, value, unit, expected_words } => {
            let stated_vn = format_vn(*stated);
            let what = |vi: bool| match (column.as_str(), vi) {
                ("∑", true) => "tổng các năm".to_string(),
                ("∑", false) => "the sum of all years".to_string(),
                (c, true) => format!("tổng cột «{c}»"),
                (c, false) => format!("the total of column «{c}»"),
            };
            let in_unit = match (unit, vi) {
                (Some(u), true) => format!("{} {}", format_vn(*value), u.name_vi()),
                (Some(u), false) => format!("{} {}", format_vn(*value), u.name_en()),
                (None, _) => format_vn(*value),
            };
            match (expected_words, vi) {
                (None, true) => format!("Số tiền bằng chữ ({stated_vn} đồng) khớp với {} ({in_unit}).", what(true)),
                (None, false) => format!("The amount in words ({stated_vn} dong) agrees with {} ({in_unit}).", what(false)),
                (Some(w), true) => format!("Số tiền bằng chữ ghi {stated_vn} đồng nhưng {} là {in_unit}: phải viết «{w}».", what(true)),
                (Some(w), false) => format!("The amount in words states {stated_vn} dong but {} is {in_unit}: it should read «{w}».", what(false)),
            }
        }
        Detail::WordsUnreadable { word, position, reason } => {
            if vi {
                let reason = crate::words::reason_vi(reason);
                format!("Không đọc được số tiền bằng chữ: từ thứ {position} «{word}» ({reason}).")
            } else {
                format!("The amount in words cannot be read: word {position} «{word}» ({reason}).")
            }
        }
    };
    for hint in &f.hints {
        m.push(' ');
        m.push_str(&hint_text(hint, f, lang));
    }
    if let Some(formula) = &f.formula {
        if vi {
            m.push_str(&format!(" (Công thức của ô: ={formula})"));
        } else {
            m.push_str(&format!(" (The cell's formula: ={formula})"));
        }
    }
    if let Some(fix) = f
        .fix
        .as_ref()
        .filter(|x| !x.then.is_empty() || f.expected.as_ref() != Some(&x.value))
    {
        let value = amount(&Some(fix.value.clone()));
        let then: Vec<String> = fix
            .then
            .iter()
            .map(|(cell, v)| format!("{cell} {}", amount(&Some(v.clone()))))
            .collect();
        match (vi, then.is_empty()) {
            (true, true) => m.push_str(&format!(" Sửa thành {value}.")),
            (true, false) => m.push_str(&format!(
                " Sửa thành {value}; theo đó sửa cả {}.",
                then.join(", ")
            )),
            (false, true) => m.push_str(&format!(" Correct it to {value}.")),
            (false, false) => m.push_str(&format!(
                " Correct it to {value}; then also {}.",
                then.join(", ")
            )),
        }
    }
    m
}

fn hint_text(h: &Hint, f: &Finding, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match h {
        Hint::Missing(names) => {
            let list = names.join(", ");
            if vi {
                format!("Tổng thiếu dòng {list}.")
            } else {
                format!("The stated amount leaves out {list}.")
            }
        }
        Hint::CountedTwice(name) => {
            if vi {
                format!("Dòng {name} có thể bị cộng hai lần.")
            } else {
                format!("Row {name} may be counted twice.")
            }
        }
        Hint::TextSkipped(cell) => {
            if vi {
                format!("Ô {cell} là số dạng văn bản mà hàm SUM bỏ qua.")
            } else {
                format!("Cell {cell} is a number stored as text, which SUM skips.")
            }
        }
        Hint::FormulaMisses(names) => {
            let list = names.join(", ");
            if vi {
                format!("Công thức không bao gồm dòng {list}.")
            } else {
                format!("The formula leaves out {list}.")
            }
        }
        Hint::Filtered => {
            if vi {
                "Hàm SUBTOTAL được lưu khi đang lọc (Filter): giá trị lưu bỏ qua các dòng bị ẩn trong chính phạm vi của nó; bỏ lọc để ô cộng đủ các dòng.".into()
            } else {
                "The SUBTOTAL was saved under a filter: its saved value leaves out rows of its own range that the filter hid; clear the filter so it adds every row.".into()
            }
        }
        Hint::Transposed => {
            if vi {
                "Có thể hai chữ số bị đảo chỗ.".into()
            } else {
                "Two digits look transposed.".into()
            }
        }
        Hint::DivisibleByNine => {
            if vi {
                "Chênh lệch chia hết cho 9: có thể do đảo chữ số.".into()
            } else {
                "The difference is divisible by 9: possibly transposed digits.".into()
            }
        }
        Hint::Scale(k) => {
            let exp = amount(&f.expected);
            let unit = unit_suffix(f, lang);
            if vi {
                format!("Các chữ số ghi bằng {exp} × 10^{k}: có thể ghi theo đơn vị khác với bảng ({}) hoặc thừa chữ số 0.", unit.trim())
            } else {
                format!("Its digits are {exp} × 10^{k}: it may be written in another unit than the table's ({}) or carry extra zeros.", unit.trim())
            }
        }
    }
}
