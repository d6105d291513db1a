//! The layout a workbook records in defined names, for the workbooks phuluc
//! makes (`phuluc new`): a sheet-local name `phuluc_header` over the header
//! rows, `phuluc_legend` over the column-number row, and a name
//! `phuluc_role_…` on each column's header cell saying what the column
//! holds (`phuluc_role_stt`, `phuluc_role_year2026`, `phuluc_role_amount`
//! …). With them, [`crate::detect`] takes the header and the columns'
//! roles from the workbook instead of guessing them from the labels — a
//! header in English, or relabelled by the office, still reads.
//!
//! The names are read from `xl/workbook.xml` without a general XML
//! parser: only `<definedName>` elements whose name starts with `phuluc_`.

/// A table's layout as the workbook's defined names record it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamedLayout {
    /// The header's rows and columns (0-based, inclusive): first row, last
    /// row, first column, last column.
    pub header: (u32, u32, u32, u32),
    /// The column-number row, if named.
    pub legend: Option<u32>,
    /// Each named column (0-based) and its role's name (`stt`, `content`,
    /// `year2026`, `amount` …), in column order.
    pub roles: Vec<(u32, String)>,
}

/// The prefix of every name phuluc defines.
pub const PREFIX: &str = "phuluc_";

/// Every `phuluc_…` defined name of a `workbook.xml`: (name, reference).
pub(crate) fn defined_names(workbook: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = workbook;
    while let Some(at) = rest.find("<definedName ") {
        rest = &rest[at..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let element = &rest[..open_end];
        let after = &rest[open_end + 1..];
        let Some(close) = after.find("</definedName>") else {
            break;
        };
        if let Some(name) = super::merges::attr(element, "name") {
            if name.starts_with(PREFIX) && !element.ends_with('/') {
                out.push((name.to_string(), super::merges::unescape(&after[..close])));
            }
        }
        rest = &after[close..];
    }
    out
}

/// A reference `'Sheet name'!$A$1:$B$2` (or `Sheet!$A$1`): the sheet and
/// the rectangle (first row, first column, last row, last column).
fn reference(text: &str) -> Option<(String, (u32, u32, u32, u32))> {
    let text = text.trim().trim_start_matches('=');
    let (sheet, range) = if let Some(quoted) = text.strip_prefix('\'') {
        // '' inside a quoted name is one quote.
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                    name.push('\'');
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                name.push(c);
            }
        }
        let range = quoted[end?..].strip_prefix('!')?;
        (name, range)
    } else {
        let (sheet, range) = text.split_once('!')?;
        (sheet.to_string(), range)
    };
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    let (r0, c0) = crate::a1::parse(a)?;
    let (r1, c1) = crate::a1::parse(b)?;
    Some((sheet, (r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1))))
}

/// The layout the names record for sheet `sheet`, if they name its header.
pub(crate) fn layout_of(names: &[(String, String)], sheet: &str) -> Option<NamedLayout> {
    let on_sheet = |name: &str| {
        names
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, r)| reference(r))
            .find(|(s, _)| s == sheet)
            .map(|(_, rect)| rect)
    };
    let (r0, c0, r1, c1) = on_sheet("phuluc_header")?;
    let legend = on_sheet("phuluc_legend").map(|(r, ..)| r);
    let mut roles: Vec<(u32, String)> = names
        .iter()
        .filter_map(|(n, r)| Some((n.strip_prefix("phuluc_role_")?, reference(r)?)))
        .filter(|(_, (s, _))| s == sheet)
        .map(|(role, (_, (_, c, ..)))| (c, role.to_string()))
        .filter(|(c, _)| (c0..=c1).contains(c))
        .collect();
    roles.sort();
    roles.dedup_by_key(|(c, _)| *c);
    Some(NamedLayout {
        header: (r0, r1, c0, c1),
        legend,
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_a_sheet_give_its_header_and_roles() {
        let xml = r#"<workbook><definedNames>
<definedName name="_xlnm.Print_Titles" localSheetId="0">'Chi tiết'!$8:$9</definedName>
<definedName name="phuluc_header" localSheetId="0">'Chi tiết'!$A$8:$G$9</definedName>
<definedName name="phuluc_header" localSheetId="1">'Tổng hợp'!$A$6:$F$6</definedName>
<definedName name="phuluc_legend" localSheetId="0">'Chi tiết'!$A$10:$G$10</definedName>
<definedName name="phuluc_role_stt" localSheetId="0">'Chi tiết'!$A$8</definedName>
<definedName name="phuluc_role_amount" localSheetId="0">'Chi tiết'!$G$8</definedName>
<definedName name="phuluc_role_year2026" localSheetId="1">'Tổng hợp'!$C$6</definedName>
</definedNames></workbook>"#;
        let names = defined_names(xml);
        assert_eq!(names.len(), 6);
        let detail = layout_of(&names, "Chi tiết").unwrap();
        assert_eq!(detail.header, (7, 8, 0, 6));
        assert_eq!(detail.legend, Some(9));
        assert_eq!(
            detail.roles,
            vec![(0, "stt".to_string()), (6, "amount".to_string())]
        );
        let summary = layout_of(&names, "Tổng hợp").unwrap();
        assert_eq!(summary.roles, vec![(2, "year2026".to_string())]);
        assert!(layout_of(&names, "Khác").is_none());
        assert_eq!(
            reference("'It''s'!$B$2").unwrap(),
            ("It's".to_string(), (1, 1, 1, 1))
        );
    }
}
