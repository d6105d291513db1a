//! Evaluating the formulas of one sheet from the values saved in it: what
//! Excel or LibreOffice would show after recalculating, for the formulas
//! budget tables use — numbers, cell references and ranges on the same
//! sheet, `+ - * /`, parentheses, `SUM`, `SUBTOTAL(9, …)` and `ROUND`.
//!
//! phuluc checks every workbook it writes with this before saving it: a
//! formula whose saved value differs from what it computes is a lie the
//! reader of a non-recalculating viewer would believe.
//!
//! ```
//! use phuluc::check::formula::evaluate;
//! use rust_decimal::Decimal;
//! let value = |row: u32, col: u32| Some(Decimal::from(row * 10 + col));
//! // C1 = 2, C2 = 12: the 0-based (row, column) of C1 is (0, 2).
//! assert_eq!(evaluate("SUM(C1:C2)*2", &value, &|_, _| false), Ok(Decimal::from(28)));
//! assert!(evaluate("VLOOKUP(A1,B:C,2)", &value, &|_, _| false).is_err());
//! ```

use crate::read::CellValue;
use crate::read::{Formulas, Sheet};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Formulas a sheet saved without their results, computed by
/// [`fill_missing_values`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    /// The first such cell (0-based row, column).
    pub first: (u32, u32),
    /// How many cells.
    pub cells: usize,
    /// How many could not be computed (a function phuluc does not
    /// evaluate): they stay empty.
    pub not_computed: usize,
}

/// Gives every formula cell of `sheet` that was saved without a result the
/// value its formula computes, as Excel would on opening it: a file written
/// by a program that does not calculate (openpyxl, some exporters) has its
/// totals as formulas only, which a reader of saved values sees as empty.
/// Formulas that depend on each other are computed again until nothing
/// changes (at most 32 rounds: a cycle stops there). Returns what was done,
/// or `None` when every formula had its result.
pub fn fill_missing_values(sheet: &mut Sheet, formulas: &Formulas) -> Option<Computed> {
    let mut missing: Vec<((u32, u32), &str)> = formulas
        .iter()
        .filter(|(at, _)| {
            sheet
                .cells
                .get_value(**at)
                .is_none_or(|v| matches!(v, CellValue::Empty))
        })
        .map(|(at, f)| (*at, f.as_str()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    missing.sort_unstable_by_key(|(at, _)| *at);
    let mut values: std::collections::HashMap<(u32, u32), Decimal> = Default::default();
    let number_at = |values: &std::collections::HashMap<(u32, u32), Decimal>, r: u32, c: u32| {
        values
            .get(&(r, c))
            .copied()
            .or_else(|| match sheet.cells.get_value((r, c)) {
                Some(CellValue::Float(f)) => crate::number::decimal_from_f64(f),
                Some(CellValue::Int(i)) => Some(Decimal::from(i)),
                _ => None,
            })
    };
    let is_subtotal = |r: u32, c: u32| {
        formulas
            .get(&(r, c))
            .is_some_and(|f| f.to_ascii_uppercase().contains("SUBTOTAL"))
    };
    for _ in 0..32 {
        let mut changed = false;
        for (at, formula) in &missing {
            let value = |r: u32, c: u32| number_at(&values, r, c);
            if let Ok(v) = evaluate(formula, &value, &is_subtotal) {
                if values.insert(*at, v) != Some(v) {
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let not_computed = missing.len() - values.len();
    let first = missing[0].0;
    let cells = missing.len();
    // Out-of-order cells are merged in once, by `seal`.
    let mut sorted: Vec<_> = values.into_iter().collect();
    sorted.sort_unstable_by_key(|(at, _)| *at);
    for ((r, c), v) in sorted {
        sheet
            .cells
            .push(r, c, calamine::Data::Float(v.to_f64().unwrap_or(0.0)));
    }
    sheet.cells.seal();
    Some(Computed {
        first,
        cells,
        not_computed,
    })
}

/// Why a formula could not be evaluated: phuluc does not know the function
/// or syntax, or a referenced cell holds an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// The value of `formula` (with or without its leading `=`). `value(row,
/// col)` gives a cell's saved number (0-based; `None` for empty or text,
/// which SUM skips and arithmetic reads as 0); `is_subtotal(row, col)` tells
/// the cells that hold a SUBTOTAL themselves, which SUBTOTAL skips.
pub fn evaluate(
    formula: &str,
    value: &dyn Fn(u32, u32) -> Option<Decimal>,
    is_subtotal: &dyn Fn(u32, u32) -> bool,
) -> Result<Decimal, Unsupported> {
    let text = formula.trim().trim_start_matches('=');
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        value,
        is_subtotal,
        depth: 0,
    };
    let v = p.expr()?;
    p.skip_spaces();
    if p.i != p.s.len() {
        return Err(p.unsupported());
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    value: &'a dyn Fn(u32, u32) -> Option<Decimal>,
    is_subtotal: &'a dyn Fn(u32, u32) -> bool,
    depth: u32,
}

/// A parsed argument: a number or a rectangle of cells.
enum Arg {
    Number(Decimal),
    Cells(u32, u32, u32, u32),
}

impl Parser<'_> {
    fn unsupported(&self) -> Unsupported {
        let at = String::from_utf8_lossy(&self.s[self.i.min(self.s.len())..]);
        Unsupported(format!(
            "cannot evaluate from «{}»",
            at.chars().take(30).collect::<String>()
        ))
    }

    fn skip_spaces(&mut self) {
        while self.s.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_spaces();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn overflow(&self) -> Unsupported {
        Unsupported("the result overflows".into())
    }

    fn expr(&mut self) -> Result<Decimal, Unsupported> {
        self.depth += 1;
        if self.depth > 64 {
            return Err(Unsupported("nested too deeply".into()));
        }
        let mut v = self.term()?;
        loop {
            if self.eat(b'+') {
                let r = self.term()?;
                v = v.checked_add(r).ok_or_else(|| self.overflow())?;
            } else if self.eat(b'-') {
                let r = self.term()?;
                v = v.checked_sub(r).ok_or_else(|| self.overflow())?;
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(v)
    }

    fn term(&mut self) -> Result<Decimal, Unsupported> {
        let mut v = self.unary()?;
        loop {
            if self.eat(b'*') {
                let r = self.unary()?;
                v = v.checked_mul(r).ok_or_else(|| self.overflow())?;
            } else if self.eat(b'/') {
                let r = self.unary()?;
                v = v
                    .checked_div(r)
                    .ok_or_else(|| Unsupported("division by zero".into()))?;
            } else {
                break;
            }
        }
        Ok(v)
    }

    fn unary(&mut self) -> Result<Decimal, Unsupported> {
        if self.eat(b'-') {
            return Ok(-self.unary()?);
        }
        if self.eat(b'+') {
            return self.unary();
        }
        match self.primary()? {
            Arg::Number(n) => Ok(n),
            Arg::Cells(r0, c0, r1, c1) if r0 == r1 && c0 == c1 => {
                Ok((self.value)(r0, c0).unwrap_or_default())
            }
            Arg::Cells(..) => Err(Unsupported("a range outside a function".into())),
        }
    }

    fn primary(&mut self) -> Result<Arg, Unsupported> {
        self.skip_spaces();
        if self.eat(b'(') {
            let v = self.expr()?;
            if !self.eat(b')') {
                return Err(self.unsupported());
            }
            return Ok(Arg::Number(v));
        }
        let start = self.i;
        match self.s.get(self.i) {
            Some(c) if c.is_ascii_digit() || *c == b'.' => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
                {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                Decimal::from_str_exact(text)
                    .map(Arg::Number)
                    .map_err(|_| self.unsupported())
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'$' => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'$' || *c == b'.')
                {
                    self.i += 1;
                }
                let word = std::str::from_utf8(&self.s[start..self.i])
                    .unwrap_or("")
                    .to_ascii_uppercase();
                self.skip_spaces();
                if self.s.get(self.i) == Some(&b'(') {
                    self.i += 1;
                    return self.function(&word).map(Arg::Number);
                }
                let (r0, c0) = crate::a1::parse(&word).ok_or_else(|| self.unsupported())?;
                if self.s.get(self.i) == Some(&b':') {
                    self.i += 1;
                    let from = self.i;
                    while self
                        .s
                        .get(self.i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'$')
                    {
                        self.i += 1;
                    }
                    let end = std::str::from_utf8(&self.s[from..self.i])
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let (r1, c1) = crate::a1::parse(&end).ok_or_else(|| self.unsupported())?;
                    return Ok(Arg::Cells(r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)));
                }
                Ok(Arg::Cells(r0, c0, r0, c0))
            }
            _ => Err(self.unsupported()),
        }
    }

    /// The arguments of a function, after its `(`, through its `)`.
    fn arguments(&mut self) -> Result<Vec<Arg>, Unsupported> {
        let mut args = Vec::new();
        if self.eat(b')') {
            return Ok(args);
        }
        loop {
            // A bare reference or range is kept as cells; anything else is
            // an expression.
            let save = self.i;
            let arg = match self.primary() {
                Ok(Arg::Cells(r0, c0, r1, c1)) => {
                    self.skip_spaces();
                    if matches!(self.s.get(self.i), Some(b',' | b';' | b')')) {
                        Arg::Cells(r0, c0, r1, c1)
                    } else {
                        self.i = save;
                        Arg::Number(self.expr()?)
                    }
                }
                _ => {
                    self.i = save;
                    Arg::Number(self.expr()?)
                }
            };
            args.push(arg);
            if self.eat(b')') {
                return Ok(args);
            }
            if !(self.eat(b',') || self.eat(b';')) {
                return Err(self.unsupported());
            }
        }
    }

    fn sum(&self, args: &[Arg], skip_subtotals: bool) -> Result<Decimal, Unsupported> {
        let mut total = Decimal::ZERO;
        for a in args {
            match *a {
                Arg::Number(n) => total = total.checked_add(n).ok_or_else(|| self.overflow())?,
                Arg::Cells(r0, c0, r1, c1) => {
                    // A whole column (E:E) never appears in what phuluc
                    // writes; a huge range is refused rather than walked.
                    if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > 10_000_000 {
                        return Err(Unsupported("a range too large to evaluate".into()));
                    }
                    for r in r0..=r1 {
                        for c in c0..=c1 {
                            if skip_subtotals && (self.is_subtotal)(r, c) {
                                continue;
                            }
                            if let Some(v) = (self.value)(r, c) {
                                total = total.checked_add(v).ok_or_else(|| self.overflow())?;
                            }
                        }
                    }
                }
            }
        }
        Ok(total)
    }

    fn function(&mut self, name: &str) -> Result<Decimal, Unsupported> {
        let args = self.arguments()?;
        match name {
            "SUM" => self.sum(&args, false),
            "SUBTOTAL" => match args.split_first() {
                Some((Arg::Number(n), rest))
                    if *n == Decimal::from(9) || *n == Decimal::from(109) =>
                {
                    self.sum(rest, true)
                }
                _ => Err(Unsupported("SUBTOTAL other than 9 (sum)".into())),
            },
            "ROUND" => {
                let number = |a: &Arg| match *a {
                    Arg::Number(n) => Some(n),
                    Arg::Cells(r, c, r1, c1) if r == r1 && c == c1 => {
                        Some((self.value)(r, c).unwrap_or_default())
                    }
                    Arg::Cells(..) => None,
                };
                let [x, places] = args.as_slice() else {
                    return Err(Unsupported("ROUND needs two arguments".into()));
                };
                let (Some(x), Some(places)) = (number(x), number(places)) else {
                    return Err(Unsupported("ROUND of a range".into()));
                };
                let places = places
                    .trunc()
                    .to_string()
                    .parse::<i32>()
                    .map_err(|_| self.overflow())?;
                Ok(round(x, places))
            }
            other => Err(Unsupported(format!("the function {other}"))),
        }
    }
}

/// Rounds half away from zero, as Excel's ROUND, to `places` decimals
/// (negative: to tens, hundreds, thousands …).
pub fn round(x: Decimal, places: i32) -> Decimal {
    if places >= 0 {
        return x.round_dp_with_strategy(
            places.min(28) as u32,
            RoundingStrategy::MidpointAwayFromZero,
        );
    }
    let Some(factor) = (0..-places).try_fold(Decimal::ONE, |f, _| f.checked_mul(Decimal::TEN))
    else {
        return Decimal::ZERO;
    };
    match x.checked_div(factor) {
        Some(q) => q
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .checked_mul(factor)
            .unwrap_or(x),
        None => x,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn evaluates_what_budget_tables_use() {
        // Column C (2) holds 10, 20, 30 in rows 1-3; row 2 is a subtotal.
        let value = |r: u32, c: u32| (c == 2 && r < 3).then(|| Decimal::from((r + 1) * 10));
        let sub = |r: u32, _: u32| r == 1;
        let e = |f: &str| evaluate(f, &value, &sub);
        assert_eq!(e("=SUM(C1:C3)"), Ok(d("60")));
        assert_eq!(e("=SUM(C1,C3)"), Ok(d("40")));
        assert_eq!(e("=SUBTOTAL(9,C1:C3)"), Ok(d("40")));
        assert_eq!(e("=C1+C2*2-(C3-5)"), Ok(d("25")));
        assert_eq!(e("=ROUND(C3*0.055,0)"), Ok(d("2")));
        assert_eq!(e("=ROUND(1234567,-3)"), Ok(d("1235000")));
        assert_eq!(e("=SUM($C$1:$C$2)+D9"), Ok(d("30")));
        assert_eq!(e("=-C1"), Ok(d("-10")));
        assert!(e("=C1/0").is_err());
        assert!(e("=Sheet2!C1").is_err());
        assert!(e("=SUM(C1:C3").is_err());
        assert!(e("=IF(C1>0,1,2)").is_err());
    }

    #[test]
    fn never_overflows() {
        let value = |_: u32, _: u32| Some(Decimal::MAX);
        assert!(evaluate("=C1+C2", &value, &|_, _| false).is_err());
        assert!(evaluate("=C1*C2", &value, &|_, _| false).is_err());
        let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert!(evaluate(&deep, &value, &|_, _| false).is_err());
    }
}
