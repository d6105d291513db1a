//! Money units: đồng, nghìn đồng, triệu đồng, tỷ đồng, as tables state them
//! ("Đơn vị tính: Triệu đồng", "ĐVT: nghìn đồng", "Kinh phí (triệu đồng)").
//!
//! The scale word (or a stated multiplier) is read before "đồng"; a unit is
//! never matched by the suffix "đồng" alone, and diacritics are never folded
//! ("dòng" is a line, not money). An unknown unit stays unknown.
//!
//! ```
//! use phuluc::unit::{parse_unit, Unit};
//! assert_eq!(parse_unit("Triệu đồng"), Some(Unit::Trieu));
//! assert_eq!(parse_unit("Tiệu đồng"), Some(Unit::Trieu));
//! assert_eq!(parse_unit("1.000 đồng"), Some(Unit::Nghin));
//! assert_eq!(parse_unit("người"), None);
//! ```

use crate::text::fold;
use rust_decimal::Decimal;

/// A money unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// đồng.
    Dong,
    /// nghìn đồng (1.000 đồng).
    Nghin,
    /// triệu đồng (1.000.000 đồng).
    Trieu,
    /// tỷ đồng (1.000.000.000 đồng).
    Ty,
}

impl Unit {
    /// How many đồng one unit is.
    pub fn factor(self) -> Decimal {
        match self {
            Unit::Dong => Decimal::ONE,
            Unit::Nghin => Decimal::from(1_000),
            Unit::Trieu => Decimal::from(1_000_000),
            Unit::Ty => Decimal::from(1_000_000_000),
        }
    }

    /// Vietnamese name: "triệu đồng".
    pub fn name_vi(self) -> &'static str {
        match self {
            Unit::Dong => "đồng",
            Unit::Nghin => "nghìn đồng",
            Unit::Trieu => "triệu đồng",
            Unit::Ty => "tỷ đồng",
        }
    }

    /// English name: "million dong".
    pub fn name_en(self) -> &'static str {
        match self {
            Unit::Dong => "dong",
            Unit::Nghin => "thousand dong",
            Unit::Trieu => "million dong",
            Unit::Ty => "billion dong",
        }
    }

    /// The short code used by flags and CSV: `dong`, `nghin`, `trieu`, `ty`.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Dong => "dong",
            Unit::Nghin => "nghin",
            Unit::Trieu => "trieu",
            Unit::Ty => "ty",
        }
    }
}

const CURRENCY: &[&str] = &[
    "đồng", "dồng", "đổng", "đống", "đông", "đ", "vnđ", "vnd", "dong",
];

/// Reads a unit from text such as "Triệu đồng", "Tr.đồng", "1.000.000 đồng",
/// "nghìn đồng", "tỷ đồng", "đồng". `None` when no money unit is stated.
pub fn parse_unit(text: &str) -> Option<Unit> {
    let t = fold(text);
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ':' | ',' | ';' | '/' | '-'))
        .filter(|s| !s.is_empty())
        .collect();
    let has_currency = |from: usize| tokens.iter().skip(from).any(|w| CURRENCY.contains(w));
    for (i, raw) in tokens.iter().enumerate() {
        let w = raw.trim_end_matches('.');
        let scale = match w {
            "triệu" | "tiệu" | "triêu" | "trịêu" | "triẹu" | "trđ" | "tr.đ" | "tr.đồng"
            | "trđồng" => Some(Unit::Trieu),
            "tr" => has_currency(i + 1).then_some(Unit::Trieu),
            "nghìn" | "ngàn" | "nghin" | "ngìn" | "nghìn.đ" => Some(Unit::Nghin),
            "tỷ" | "tỉ" => Some(Unit::Ty),
            "1.000" | "1000" | "1,000" => has_currency(i + 1).then_some(Unit::Nghin),
            "1.000.000" | "1000000" | "1,000,000" => has_currency(i + 1).then_some(Unit::Trieu),
            "1.000.000.000" | "1000000000" | "1,000,000,000" => {
                has_currency(i + 1).then_some(Unit::Ty)
            }
            _ => None,
        };
        if scale.is_some() {
            return scale;
        }
        if CURRENCY.contains(&w) && w != "đ" || w == "đ" && tokens.len() == 1 {
            return Some(Unit::Dong);
        }
    }
    None
}

/// Finds a unit statement in one cell: "Đơn vị tính: triệu đồng",
/// "ĐVT: nghìn đồng", "(Đơn vị: triệu đồng)". "Đơn vị: UBND xã …" names an
/// organisation and is not a unit. Returns the unit and whether the cell
/// states one at all (a stated but unknown unit is `(None, true)`).
pub fn unit_statement(cell: &str) -> Option<(Option<Unit>, String)> {
    let t = fold(cell);
    // A cell that is only a unit, often bilingual: "Tỷ đồng - Billions of dong".
    let bare = t.split(" - ").next().unwrap_or("").trim();
    if t.chars().count() <= 48
        && ["tỷ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng"].contains(&bare)
    {
        return Some((parse_unit(bare), bare.to_string()));
    }
    for label in ["đơn vị tính", "đvt", "đơn vị"] {
        if let Some(pos) = t.find(label) {
            let rest = t[pos + label.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('.')) else {
                continue;
            };
            let stated = rest.trim().trim_end_matches(')').trim().to_string();
            if stated.is_empty() {
                continue;
            }
            let unit = parse_unit(&stated);
            if label == "đơn vị" && unit.is_none() {
                // "Đơn vị: UBND xã Đa Kia" is who, not how much.
                continue;
            }
            return Some((unit, stated));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for (s, u) in [
            ("Triệu đồng", Unit::Trieu),
            ("triệu đồng", Unit::Trieu),
            ("Tr đồng", Unit::Trieu),
            ("1.000.000 đồng", Unit::Trieu),
            ("Nghìn đồng", Unit::Nghin),
            ("1.000 đồng", Unit::Nghin),
            ("tỷ đồng", Unit::Ty),
            ("Triệu dồng", Unit::Trieu),
            ("Triệu đổng", Unit::Trieu),
            ("đồng", Unit::Dong),
            ("VNĐ", Unit::Dong),
        ] {
            assert_eq!(parse_unit(s), Some(u), "{s}");
        }
        assert_eq!(parse_unit("dòng"), None);
        assert_eq!(parse_unit("người"), None);
    }

    #[test]
    fn statements() {
        assert_eq!(
            unit_statement("Đơn vị tính: Triệu đồng").unwrap().0,
            Some(Unit::Trieu)
        );
        assert_eq!(
            unit_statement("ĐVT: nghìn đồng").unwrap().0,
            Some(Unit::Nghin)
        );
        assert_eq!(unit_statement("Đơn vị: UBND xã Đa Kia"), None);
        assert_eq!(unit_statement("Đơn vị tính"), None);
        let (u, s) = unit_statement("Đơn vị tính: bộ").unwrap();
        assert_eq!((u, s.as_str()), (None, "bộ"));
    }
}
