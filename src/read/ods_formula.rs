//! OpenDocument formulas ("of:=SUM([.C2:.C3];[$'Phụ lục'.E5])") in the
//! syntax users see in Excel ("SUM(C2:C3,'Phụ lục'!E5)"), so that a
//! finding quotes a formula the way the user's spreadsheet shows it and the
//! formula evaluator reads both.

/// Converts an OpenDocument formula to Excel syntax (without the leading
/// `=`); text that is not OpenDocument is returned as it is.
pub(crate) fn excel_syntax(formula: &str) -> String {
    let Some(body) = formula.strip_prefix("of:") else {
        return formula.to_string();
    };
    let body = body.strip_prefix('=').unwrap_or(body);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A string literal is copied as it is ("" is a quote in it).
            '"' => {
                out.push('"');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let mut inner = String::new();
                let mut quoted = false;
                for d in chars.by_ref() {
                    if d == '\'' {
                        quoted = !quoted;
                    }
                    if d == ']' && !quoted {
                        break;
                    }
                    inner.push(d);
                }
                out.push_str(&reference(&inner));
            }
            ';' => out.push(','),
            _ => out.push(c),
        }
    }
    out
}

/// "[.C2:.C3]" → "C2:C3"; "[$Sheet1.C2]" → "Sheet1!C2"; "['a b'.C2:.C9]"
/// → "'a b'!C2:C9".
fn reference(inner: &str) -> String {
    let mut parts = Vec::new();
    let mut sheet_of_first: Option<String> = None;
    for (n, part) in split_range(inner).into_iter().enumerate() {
        let part = part.strip_prefix('$').unwrap_or(part);
        let (sheet, cell) = match part.rfind('.') {
            Some(dot) if !in_quotes(part, dot) => (&part[..dot], &part[dot + 1..]),
            _ => ("", part),
        };
        let sheet = sheet.strip_prefix('$').unwrap_or(sheet);
        if n == 0 {
            if !sheet.is_empty() {
                sheet_of_first = Some(sheet.to_string());
            }
            parts.push(match &sheet_of_first {
                Some(s) => format!("{s}!{cell}"),
                None => cell.to_string(),
            });
        } else if sheet.is_empty() || Some(sheet) == sheet_of_first.as_deref() {
            parts.push(cell.to_string());
        } else {
            parts.push(format!("{sheet}!{cell}"));
        }
    }
    parts.join(":")
}

/// Splits "a:b" at colons outside quotes.
fn split_range(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ':' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn in_quotes(s: &str, at: usize) -> bool {
    s[..at].matches('\'').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::excel_syntax;

    #[test]
    fn references_and_separators() {
        assert_eq!(excel_syntax("of:=SUM([.C2:.C3])"), "SUM(C2:C3)");
        assert_eq!(
            excel_syntax("of:=SUM([.C2];[.$D$4];[$Sheet1.E5:.E9])"),
            "SUM(C2,$D$4,Sheet1!E5:E9)"
        );
        assert_eq!(
            excel_syntax("of:=[$'Phụ lục 1.2'.E5]*2"),
            "'Phụ lục 1.2'!E5*2"
        );
        assert_eq!(
            excel_syntax("of:=IF([.A1]=\"a;b[x]\";1;2)"),
            "IF(A1=\"a;b[x]\",1,2)"
        );
        assert_eq!(excel_syntax("SUM(A1:A2)"), "SUM(A1:A2)");
        // Hostile text never panics.
        for s in [
            "of:",
            "of:=[",
            "of:=['",
            "of:=[.",
            "of:=[:]",
            "of:=\"",
            "of:=[$'é.ü:.]",
        ] {
            let _ = excel_syntax(s);
        }
    }
}
