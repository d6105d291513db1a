//! What a cell style says about its cells, read as calamine reads it: whether
//! its number format shows a date or a duration, and whether its font is a
//! legacy Vietnamese one.

/// How a number in a cell of a style reads: calamine's three kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Number,
    Date,
    Duration,
}

/// 0, or 1 for a legacy Vietnamese font (.VnTime), 2 for its capitals
/// (.VnTimeH).
pub(super) fn legacy_font(name: &str) -> u8 {
    if !name.starts_with(".Vn") {
        0
    } else if name.trim_end().ends_with('H') {
        2
    } else {
        1
    }
}

/// Excel's built-in date and time formats, by id.
pub(super) fn builtin_kind(id: &[u8]) -> Kind {
    match std::str::from_utf8(id).unwrap_or("") {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => Kind::Date,
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => Kind::Date,
        "46" => Kind::Duration,
        _ => Kind::Number,
    }
}

/// Whether a custom number format shows a date or a duration, by the rule
/// calamine applies: the first section's letters d, m, h, y, s outside
/// quotes, brackets and escapes make a date ("[h]" a duration); "AM/PM"
/// makes a time.
pub(super) fn custom_kind(format: &str) -> Kind {
    let (mut escaped, mut quoted, mut am) = (false, false, false);
    let (mut brackets, mut prev, mut elapsed) = (0u8, ' ', false);
    for c in format.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            if c == '"' {
                quoted = false;
            }
        } else if c == '"' {
            quoted = true;
        } else if c == ';' {
            return Kind::Number;
        } else if c == '[' {
            brackets = brackets.saturating_add(1);
        } else if c == ']' && brackets == 1 && elapsed {
            return Kind::Duration;
        } else if c == ']' {
            brackets = brackets.saturating_sub(1);
        } else if matches!(c, 'a' | 'A') && !am && brackets == 0 {
            am = true;
        } else if brackets == 0
            && (am && matches!(c, 'p' | 'm' | '/' | 'P' | 'M')
                || !am && matches!(c, 'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S'))
        {
            // "AM/PM" after an "a", or a date or time letter.
            return Kind::Date;
        } else if !(elapsed && c.eq_ignore_ascii_case(&prev)) {
            elapsed = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
        }
        prev = c;
    }
    Kind::Number
}
