//! The title block above a table, read for what it names: the commune
//! ("XÃ ĐA KIA", or "… của UBND xã Đa Kia)") and the appendix ("Phụ lục
//! III"). `export` writes them into `xa` and `phu_luc`; `format` into its
//! title block.

use crate::text::fold;

/// The commune named in a title block: "XÃ ĐA KIA" → "Xã Đa Kia", or the
/// "… của UBND xã Đa Kia)" of the "(Kèm theo …)" line.
pub fn commune_of(title: &[String]) -> Option<String> {
    const KINDS: [&str; 4] = ["xã ", "phường ", "đặc khu ", "thị trấn "];
    for line in title {
        let f = fold(line);
        if f.chars().count() <= 40 && KINDS.iter().any(|k| f.starts_with(k)) {
            return Some(title_case(&f));
        }
    }
    for line in title {
        let f = fold(line);
        for k in KINDS {
            if let Some(pos) = f
                .rfind(&format!("ubnd {k}"))
                .or_else(|| f.rfind(&format!("ủy ban nhân dân {k}")))
            {
                let from = f[pos..].find(k).map(|p| pos + p)?;
                let name: String = f[from..].split([')', ',', ';']).next()?.trim().to_string();
                if name.len() > k.len() {
                    return Some(title_case(&name));
                }
            }
        }
    }
    None
}

/// The appendix named in a title block: "Phụ lục III", "Phụ lục 2".
pub fn appendix_of(title: &[String]) -> Option<String> {
    title.iter().find_map(|line| {
        let f = fold(line);
        let rest = f.strip_prefix("phụ lục")?;
        let name = rest
            .trim_start_matches([' ', ':'])
            .split([' ', ':', '-', '–', '.', ','])
            .next()?
            .trim();
        if name.is_empty() {
            return None;
        }
        let name = if crate::stt::parse(&name.to_uppercase()).is_some()
            && name.chars().all(|c| c.is_alphabetic())
        {
            name.to_uppercase()
        } else {
            name.to_string()
        };
        Some(format!("Phụ lục {name}"))
    })
}

/// The date a document states ("Đa Kia, ngày 15 tháng 3 năm 2026",
/// "15/03/2026"): the last one among `lines` (the signature date comes
/// after the plan's in the "(Kèm theo …)" line). Blanks left to fill in
/// ("ngày   /   /2025") are no date.
///
/// ```
/// use phuluc::rates::Date;
/// let lines = ["Đa Kia, ngày 15 tháng 3 năm 2026".to_string()];
/// assert_eq!(phuluc::detect::date_of(&lines), Some(Date::new(2026, 3, 15)));
/// assert_eq!(phuluc::detect::date_of(&["ngày     /     /2025".to_string()]), None);
/// ```
pub fn date_of(lines: &[String]) -> Option<crate::rates::Date> {
    lines.iter().rev().find_map(|line| {
        let f = fold(line);
        let numbers = numbers_in(&f);
        // "ngày D tháng M năm Y".
        if let Some(at) = f.find("ngày") {
            let words: Vec<&str> = f[at..].split_whitespace().collect();
            if let [_, d, t, m, n, y, ..] = words.as_slice() {
                if *t == "tháng" && *n == "năm" {
                    let (d, m, y) = (
                        d.trim_matches(|c: char| !c.is_ascii_digit()).parse().ok()?,
                        m.trim_matches(|c: char| !c.is_ascii_digit()).parse().ok()?,
                        y.trim_matches(|c: char| !c.is_ascii_digit()).parse().ok()?,
                    );
                    return crate::rates::Date::checked(y, m, d);
                }
            }
        }
        // "D/M/Y" or "D-M-Y".
        for w in numbers.windows(3) {
            let [(_, a_end, d), (b, b_end, m), (c, _, y)] = [w[0], w[1], w[2]];
            let joined = |end: usize, next: usize| {
                matches!(f.as_bytes().get(end), Some(b'/' | b'-' | b'.')) && end + 1 == next
            };
            if joined(a_end, b) && joined(b_end, c) && y >= 1900 {
                let (d, m, y) = (
                    u8::try_from(d).ok()?,
                    u8::try_from(m).ok()?,
                    u16::try_from(y).ok()?,
                );
                return crate::rates::Date::checked(y, m, d);
            }
        }
        None
    })
}

/// The runs of ASCII digits in a text: (start, end, value), positions in
/// bytes.
fn numbers_in(s: &str) -> Vec<(usize, usize, u32)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if let Ok(v) = s[start..i].parse::<u32>() {
                out.push((start, i, v));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_documents_write_them() {
        use crate::rates::Date;
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            date_of(&t(&["Đa Kia, ngày 05 tháng 03 năm 2026"])),
            Some(Date::new(2026, 3, 5))
        );
        assert_eq!(
            date_of(&t(&["Lập ngày 03/11/2025"])),
            Some(Date::new(2025, 11, 3))
        );
        assert_eq!(
            date_of(&t(&["Hà Nội, 3-11-2025"])),
            Some(Date::new(2025, 11, 3))
        );
        // The last stated date wins; blanks and versions are none.
        assert_eq!(
            date_of(&t(&[
                "(Kèm theo Kế hoạch ngày 01/02/2025)",
                "ngày 9 tháng 10 năm 2026"
            ])),
            Some(Date::new(2026, 10, 9))
        );
        assert_eq!(date_of(&t(&["ngày  /  /2025", "Phiên bản 1.2.3"])), None);
        assert_eq!(date_of(&t(&["ngày 32 tháng 1 năm 2026"])), None);
    }

    #[test]
    fn names_from_title_blocks() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            commune_of(&t(&["ỦY BAN NHÂN DÂN", "XÃ ĐA KIA"])).as_deref(),
            Some("Xã Đa Kia")
        );
        assert_eq!(
            commune_of(&t(&[
                "Phụ lục I: Nhiệm vụ",
                "(Kèm theo Kế hoạch số /KH-UBND của UBND xã Liên Minh)"
            ]))
            .as_deref(),
            Some("Xã Liên Minh")
        );
        assert_eq!(
            appendix_of(&t(&["ỦY BAN NHÂN DÂN", "Phụ lục III"])).as_deref(),
            Some("Phụ lục III")
        );
        assert_eq!(
            appendix_of(&t(&["Phụ lục 2"])).as_deref(),
            Some("Phụ lục 2")
        );
        assert_eq!(
            appendix_of(&t(&["Phụ lục I: Nhiệm vụ trọng tâm"])).as_deref(),
            Some("Phụ lục I")
        );
        assert_eq!(
            commune_of(&t(&["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])),
            None
        );
    }
}
