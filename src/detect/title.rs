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
