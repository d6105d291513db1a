//! `summary-formula`: the summary sheet of a cost estimate (Bảng tổng hợp
//! dự toán, tổng mức đầu tư) gives each row a symbol (T, C, TL, G, GTGT,
//! Gxd …) and says how it is computed ("VL+NC+M", "T x 6,5%", "(T+C) x
//! 5,5%", "G x 8%"). The stated computation is evaluated from the other
//! rows' values and compared with the row's own; a rate row that disagrees
//! is reported with the rate it really applies ("C = 6,73 % của T, ghi
//! 6,5 %"). Amounts agree when they differ by at most one unit of the last
//! digit written (intermediate rounding).

use super::{Code, Context, Detail, Finding, Severity};
use crate::detect::Role;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let text_of = |role: Role| {
        table
            .text_columns
            .iter()
            .position(|&c| table.columns[c].role == role)
    };
    // Without a "Cách tính" column every rate row is one written without
    // its computation.
    let formula_at = text_of(Role::Formula);
    let Some(symbol_at) = text_of(Role::Symbol) else {
        return;
    };
    let first = (0..table.numeric.len())
        .find(|&k| table.numeric_column(k).role == Role::Amount)
        .or_else(|| (0..table.numeric.len()).find(|&k| table.numeric_column(k).role.is_additive()));
    let Some(first) = first else {
        return;
    };
    check_column(table, formula_at, symbol_at, first, out);
    // The other money columns (GTGT, sau thuế, an adjusted estimate) hold
    // the same computations where their rows bear them out: there, an
    // exception is a mistake; elsewhere the column is not read by them.
    for k in (0..table.numeric.len())
        .filter(|&k| k != first && table.numeric_column(k).role.is_additive())
    {
        let mut found = Vec::new();
        let (held, tested) = check_column(table, formula_at, symbol_at, k, &mut found);
        if tested >= 3 && held * 3 >= tested * 2 {
            out.extend(found.into_iter().filter(|f| f.code == Code::SummaryFormula));
        }
    }
}

/// Checks one money column by the stated computations; returns how many
/// computations held, of how many could be evaluated.
fn check_column(
    table: &crate::model::Table,
    formula_at: Option<usize>,
    symbol_at: usize,
    k: usize,
    out: &mut Vec<Finding>,
) -> (usize, usize) {
    let (mut held, mut tested) = (0usize, 0usize);
    let mut rows: Vec<&crate::model::Item> = table.items.iter().chain(&table.totals).collect();
    rows.sort_by_key(|r| r.row);
    let text = |item: &crate::model::Item, at: usize| {
        item.texts
            .get(at)
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    let mut symbols: HashMap<String, Decimal> = HashMap::new();
    for r in &rows {
        let symbol = text(r, symbol_at);
        if let (false, Some(v)) = (symbol.is_empty(), r.amount(k)) {
            symbols.insert(symbol.to_uppercase(), v);
        }
    }
    // Rows by their STT, for computations that name rows by number
    // ("(1+2+3+4+5) × 5%", "1+2+3+4+5+6").
    let mut numbered: HashMap<String, Decimal> = HashMap::new();
    for r in &rows {
        let stt = r.stt.trim();
        if let (false, Some(v)) = (stt.is_empty(), r.amount(k)) {
            numbered.entry(stt.to_string()).or_insert(v);
        }
    }
    let unit = table.money_unit().unwrap_or(crate::unit::Unit::Dong);
    let mut above: Option<Decimal> = None;
    for r in rows {
        let formula = formula_at.map(|at| text(r, at)).unwrap_or_default();
        let Some(found) = r.amount(k) else { continue };
        let base = above.replace(found);
        if formula.is_empty() && super::estimate::is_rounding_label(&r.content) {
            // LÀM TRÒN rounds the row right above it to the thousand đồng.
            if let Some(b) = base {
                let want = super::estimate::round_to_thousand_dong(b, unit);
                if !super::agree(found, want) {
                    let detail = Detail::SummaryFormula {
                        row: super::row_name(r),
                        symbol: text(r, symbol_at),
                        formula: r.content.to_string(),
                        stated_rate: None,
                        implied_rate: None,
                    };
                    out.push(summary_finding(table, r, k, want, found, detail));
                }
            }
            continue;
        }
        if formula.is_empty() {
            // No computation written: the rate a rate row applies to its
            // usual base, for the reviewer to see.
            if let Some(f) = implied_rate(table, r, &text(r, symbol_at), found, &symbols, k) {
                out.push(f);
            }
            continue;
        }
        let lookup = |name: &str| {
            symbols.get(&name.to_uppercase()).copied().or_else(|| {
                name.strip_prefix(ROW_BY_STT)
                    .and_then(|n| numbered.get(n).copied())
            })
        };
        let Some(literal) = evaluate(&formula, &lookup) else {
            continue;
        };
        // A computation whose whole numbers are the STTs of rows names those
        // rows: read so where the literal reading does not hold and this
        // one does (or where nothing else could be meant).
        let by_rows = rows_by_stt(&formula, &numbered).and_then(|f| evaluate(&f, &lookup));
        let holds = |e: &Evaluated| {
            let scale = found.normalize().scale();
            let c = e
                .value
                .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
            found
                .checked_sub(c)
                .is_some_and(|d| d.abs() <= Decimal::new(1, scale))
                || super::agree(found, e.value)
        };
        let eval = match by_rows {
            Some(rows) if !holds(&literal) => rows,
            _ => literal,
        };
        let scale = found.normalize().scale();
        let unit_digit = Decimal::new(1, scale);
        let computed = eval
            .value
            .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
        let Some(diff) = found.checked_sub(computed) else {
            continue;
        };
        tested += 1;
        // Within a unit of the last digit written, or binary noise.
        if diff.abs() <= unit_digit || super::agree(found, eval.value) {
            held += 1;
            continue;
        }
        // A rate row: the rate the stated value really applies.
        let implied = eval.rate.and_then(|(base, _)| {
            (!base.is_zero()).then(|| {
                (found / base * Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            })
        });
        let detail = Detail::SummaryFormula {
            row: super::row_name(r),
            symbol: text(r, symbol_at),
            formula: formula.clone(),
            stated_rate: eval.rate.map(|(_, rate)| rate.normalize()),
            implied_rate: implied,
        };
        out.push(summary_finding(table, r, k, computed, found, detail));
    }
    (held, tested)
}

/// A summary row whose value is not what its computation (or LÀM TRÒN)
/// gives: `expected` against `found`, at the row's cell in column `k`.
fn summary_finding(
    table: &crate::model::Table,
    r: &crate::model::Item,
    k: usize,
    expected: Decimal,
    found: Decimal,
    detail: Detail,
) -> Finding {
    Finding {
        expected: Some(expected.normalize().to_string()),
        found: Some(found.normalize().to_string()),
        difference: found.checked_sub(expected).map(|d| d.normalize()),
        ..Finding::at(
            Code::SummaryFormula,
            Severity::Error,
            table,
            r.row,
            table.numeric_column(k).col,
            detail,
        )
    }
}

/// The usual base of a rate row of an estimate summary (Thông tư
/// 11/2021/TT-BXD's summary): C on T, TL on T + C, GTGT on G.
fn usual_base(symbol: &str) -> Option<&'static [&'static str]> {
    Some(match symbol.to_uppercase().as_str() {
        "C" => &["T"],
        "TL" => &["T", "C"],
        "GTGT" | "VAT" => &["G"],
        _ => return None,
    })
}

/// `implied-rate` (info): a rate row written without its computation, and
/// the rate it applies to its usual base ("C = 6,5 % của T").
fn implied_rate(
    table: &crate::model::Table,
    r: &crate::model::Item,
    symbol: &str,
    found: Decimal,
    symbols: &HashMap<String, Decimal>,
    k: usize,
) -> Option<Finding> {
    let names = usual_base(symbol)?;
    let base = names
        .iter()
        .try_fold(Decimal::ZERO, |acc, n| acc.checked_add(*symbols.get(*n)?))?;
    if base.is_zero() {
        return None;
    }
    let rate = found
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(base)?
        .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    Some(Finding {
        found: Some(rate.to_string()),
        ..Finding::at(
            Code::ImpliedRate,
            Severity::Info,
            table,
            r.row,
            table.numeric_column(k).col,
            Detail::ImpliedRate {
                row: super::row_name(r),
                symbol: symbol.to_string(),
                base: names.join(" + "),
                rate,
            },
        )
    })
}

/// A stated computation's value, and for "BASE x RATE%" the base and the
/// rate in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evaluated {
    pub value: Decimal,
    pub rate: Option<(Decimal, Decimal)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal, bool),
    Name(String),
    Op(char),
    Open,
    Close,
}

fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let operand_before = |out: &[Token]| {
        matches!(
            out.last(),
            Some(Token::Number(..) | Token::Name(_) | Token::Close)
        )
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '=' && out.is_empty() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect::<String>().replace(',', ".");
            let value = Decimal::from_str_exact(digits.trim_end_matches('.')).ok()?;
            let percent = chars.get(i) == Some(&'%')
                || chars.get(i) == Some(&' ') && chars.get(i + 1) == Some(&'%');
            if percent {
                i += if chars[i] == '%' { 1 } else { 2 };
            }
            out.push(Token::Number(value, percent));
        } else if c.is_alphabetic() {
            let start = i;
            // "Gx10%": a name, then "x" as the multiplication sign.
            let times_at = |i: usize| {
                i > start
                    && matches!(chars[i], 'x' | 'X')
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            };
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') && !times_at(i)
            {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            if (name == "x" || name == "X") && operand_before(&out) {
                out.push(Token::Op('*'));
            } else {
                out.push(Token::Name(name));
            }
            if i < chars.len() && times_at(i) {
                out.push(Token::Op('*'));
                i += 1;
            }
        } else {
            out.push(match c {
                '+' | '-' | '/' => Token::Op(c),
                '*' | '×' if operand_before(&out) => Token::Op('*'),
                '(' => Token::Open,
                ')' => Token::Close,
                _ => return None,
            });
            i += 1;
        }
        if out.len() > 200 {
            return None;
        }
    }
    Some(out)
}

/// The prefix of the name a row's STT becomes in a computation that names
/// rows by number.
const ROW_BY_STT: &str = "STT_ROW_";

/// `text` with each whole number that is not a rate ("5%") and is the STT
/// of a row replaced by a name for that row; `None` when no number is.
fn rows_by_stt(text: &str, numbered: &HashMap<String, Decimal>) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut any = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c.is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        // A decimal, a rate or a number run into a name stays as written.
        let rest = chars[i..].iter().find(|c| **c != ' ');
        let literal = matches!(chars.get(i), Some(',' | '.'))
            || chars.get(i).is_some_and(|c| c.is_alphanumeric())
            || rest == Some(&'%');
        if !literal && numbered.contains_key(&number) {
            out.push_str(ROW_BY_STT);
            any = true;
        }
        out.push_str(&number);
    }
    any.then_some(out)
}

/// Evaluates a stated computation ("(T+C) x 5,5%") with `lookup` for the
/// symbols; `None` when it names an unknown symbol or is not arithmetic.
pub(crate) fn evaluate(text: &str, lookup: &dyn Fn(&str) -> Option<Decimal>) -> Option<Evaluated> {
    let tokens = tokens(text)?;
    let mut p = Parser {
        tokens: &tokens,
        at: 0,
        lookup,
        depth: 0,
    };
    let e = p.sum()?;
    (p.at == tokens.len()).then_some(e)
}

/// A stated computation ("(T+C) x 5,5%") as an Excel formula body, each
/// symbol replaced by the cell `cell_of` gives it ("(D8+D9)*0.055"); `None`
/// when it is not arithmetic or names a symbol without a cell.
pub(crate) fn to_excel(text: &str, cell_of: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let tokens = tokens(text)?;
    // Only what `evaluate` understands becomes a formula.
    evaluate(text, &|_| Some(Decimal::ONE))?;
    let mut out = String::new();
    for t in tokens {
        match t {
            Token::Number(v, percent) => {
                let v = if percent {
                    v.checked_div(Decimal::ONE_HUNDRED)?
                } else {
                    v
                };
                out.push_str(&v.normalize().to_string());
            }
            Token::Name(name) => out.push_str(&cell_of(&name)?),
            Token::Op(op) => out.push(op),
            Token::Open => out.push('('),
            Token::Close => out.push(')'),
        }
    }
    Some(out)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    lookup: &'a dyn Fn(&str) -> Option<Decimal>,
    depth: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn sum(&mut self) -> Option<Evaluated> {
        self.depth += 1;
        if self.depth > 32 {
            return None;
        }
        let mut left = self.product()?;
        while let Some(Token::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            let right = self.product()?;
            let value = if op == '+' {
                left.value.checked_add(right.value)?
            } else {
                left.value.checked_sub(right.value)?
            };
            left = Evaluated { value, rate: None };
        }
        self.depth -= 1;
        Some(left)
    }

    fn product(&mut self) -> Option<Evaluated> {
        let mut left = self.factor()?;
        while let Some(Token::Op(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            let percent = matches!(self.peek(), Some(Token::Number(_, true)));
            let right = self.factor()?;
            let value = if op == '*' {
                left.value.checked_mul(right.value)?
            } else {
                left.value.checked_div(right.value)?
            };
            let rate =
                (op == '*' && percent).then(|| (left.value, right.value * Decimal::ONE_HUNDRED));
            left = Evaluated { value, rate };
        }
        Some(left)
    }

    fn factor(&mut self) -> Option<Evaluated> {
        let token = self.peek()?.clone();
        self.at += 1;
        let value = match token {
            Token::Number(v, percent) => {
                if percent {
                    v.checked_div(Decimal::ONE_HUNDRED)?
                } else {
                    v
                }
            }
            Token::Name(name) => (self.lookup)(&name)?,
            Token::Op('-') => -self.factor()?.value,
            Token::Open => {
                let inner = self.sum()?;
                if self.peek() != Some(&Token::Close) {
                    return None;
                }
                self.at += 1;
                inner.value
            }
            _ => return None,
        };
        Some(Evaluated { value, rate: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn stated_computations_become_excel_formulas() {
        let cell = |name: &str| match name.to_uppercase().as_str() {
            "T" => Some("D8".to_string()),
            "C" => Some("D9".to_string()),
            _ => None,
        };
        assert_eq!(
            to_excel("(T+C) x 5,5%", &cell).as_deref(),
            Some("(D8+D9)*0.055")
        );
        assert_eq!(to_excel("T × 6,5 %", &cell).as_deref(), Some("D8*0.065"));
        assert_eq!(to_excel("T x 6,5% + X", &cell), None, "X has no cell");
        assert_eq!(to_excel("T x (6,5%", &cell), None, "not arithmetic");
    }

    #[test]
    fn a_name_then_x_then_a_rate() {
        let lookup = |n: &str| (n == "G").then(|| d("1000"));
        assert_eq!(evaluate("Gx10%", &lookup).map(|e| e.value), Some(d("100")));
        assert_eq!(evaluate("G X 8%", &lookup).map(|e| e.value), Some(d("80")));
    }

    #[test]
    fn stated_computations() {
        let symbols = |n: &str| match n.to_uppercase().as_str() {
            "VL" => Some(d("1000")),
            "NC" => Some(d("500")),
            "M" => Some(d("200")),
            "T" => Some(d("1700")),
            "C" => Some(d("110.5")),
            _ => None,
        };
        let e = |s: &str| evaluate(s, &symbols);
        assert_eq!(e("VL+NC+M").unwrap().value, d("1700"));
        assert_eq!(e("T x 6,5%").unwrap().value, d("110.5"));
        assert_eq!(e("T x 6,5%").unwrap().rate, Some((d("1700"), d("6.5"))));
        assert_eq!(e("(T+C) x 5,5%").unwrap().value, d("99.5775"));
        assert_eq!(e("T × 10 %").unwrap().value, d("170"));
        assert_eq!(e("=T*2").unwrap().value, d("3400"));
        assert!(e("Theo dự toán").is_none());
        assert!(e("(T+C").is_none());
        assert!(e("T x").is_none());
    }
}
