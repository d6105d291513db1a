//! A table whose layout the workbook records in defined names (a workbook
//! `phuluc new` made, filled or not; see [`crate::read::names`]): its header
//! rows and column-number row are where the names say, and each named
//! column has the role its name gives, whatever its label says (a header in
//! English, or relabelled by the office). Everything else is read as for
//! any table.

use super::{
    body_numbers, columns_of, find_unit, relations_of, title_lines, Column, Layout, RelationSource,
    Role,
};
use crate::read::Sheet;

/// The role a `phuluc_role_…` name gives (`stt`, `year2026`, `amount_vl` …).
pub fn role_of_name(name: &str) -> Option<Role> {
    // A role named twice on a sheet is numbered: `target_5`.
    let name = match name.rsplit_once('_') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    };
    if let Some(year) = name.strip_prefix("year") {
        return year.parse().ok().map(Role::Year);
    }
    Some(match name {
        "stt" => Role::Stt,
        "content" => Role::Content,
        "lead" => Role::Lead,
        "partner" => Role::Partner,
        "period" => Role::PeriodTotal,
        "amount" => Role::Amount,
        "measure" => Role::MeasureUnit,
        "quantity" => Role::Quantity,
        "price" => Role::UnitPrice,
        "price_vl" => Role::PriceMaterial,
        "price_nc" => Role::PriceLabour,
        "price_m" => Role::PriceMachine,
        "amount_vl" => Role::AmountMaterial,
        "amount_nc" => Role::AmountLabour,
        "amount_m" => Role::AmountMachine,
        "note" => Role::Note,
        "result" => Role::Result,
        "deadline" => Role::Deadline,
        "target" => Role::Target,
        "rate" => Role::Rate,
        "code" => Role::Code,
        "formula" => Role::Formula,
        "symbol" => Role::Symbol,
        _ => return None,
    })
}

/// The name of a role, for `phuluc_role_…` (the inverse of [`role_of_name`]).
pub fn name_of_role(role: Role) -> Option<String> {
    Some(
        match role {
            Role::Year(y) => return Some(format!("year{y}")),
            Role::Stt => "stt",
            Role::Content => "content",
            Role::Lead => "lead",
            Role::Partner => "partner",
            Role::PeriodTotal => "period",
            Role::Amount => "amount",
            Role::MeasureUnit => "measure",
            Role::Quantity => "quantity",
            Role::UnitPrice => "price",
            Role::PriceMaterial => "price_vl",
            Role::PriceLabour => "price_nc",
            Role::PriceMachine => "price_m",
            Role::AmountMaterial => "amount_vl",
            Role::AmountLabour => "amount_nc",
            Role::AmountMachine => "amount_m",
            Role::Note => "note",
            Role::Result => "result",
            Role::Deadline => "deadline",
            Role::Target => "target",
            Role::Rate => "rate",
            Role::Code => "code",
            Role::Formula => "formula",
            Role::Symbol => "symbol",
            Role::BudgetCode | Role::Other => return None,
        }
        .to_string(),
    )
}

/// The layout the sheet's defined names record, when its header is at or
/// after `start`.
pub(super) fn find_named_layout(sheet: &Sheet, start: u32) -> Option<Layout> {
    let named = sheet.named.as_ref()?;
    let (first, last, first_col, last_col) = named.header;
    let ((_, _), (last_row, sheet_last_col)) = sheet.bounds()?;
    // Names are the workbook's word, not phuluc's: a header of more rows
    // than any header has (seven, typed line by line), or wider than the
    // sheet, is not taken.
    if start > first
        || last_col < first_col
        || last < first
        || last - first >= 7
        || first_col > sheet_last_col
        || named.roles.is_empty()
    {
        return None;
    }
    let last_col = last_col.min(sheet_last_col);
    let header_rows: Vec<u32> = (first..=last).collect();
    let legend_row = named.legend.filter(|&l| l == last + 1);
    let body_start = last + 1 + u32::from(legend_row.is_some());
    let labelled = columns_of(sheet, &header_rows, first_col, last_col);
    let mut columns: Vec<Column> = named
        .roles
        .iter()
        .filter_map(|(col, name)| {
            let role = role_of_name(name)?;
            let label = labelled
                .iter()
                .find(|c| c.col == *col)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| name.clone());
            Some(Column {
                col: *col,
                role,
                label,
            })
        })
        .collect();
    let numbers = body_numbers(
        sheet,
        body_start,
        last_row.max(body_start),
        first_col,
        last_col,
    );
    let mut relations = relations_of(sheet, &header_rows, legend_row, &mut columns, &numbers);
    // Only what the column-number row states: a group's label says less
    // about a rebuilt header's columns than the roles the names give.
    relations.retain(|r| r.source == RelationSource::Legend);
    let unit = find_unit(
        sheet,
        start,
        first,
        first_col,
        last_col,
        &header_rows,
        &columns,
    );
    let title = title_lines(sheet, start..first, first_col, last_col);
    Some(Layout {
        header_rows,
        legend_row,
        columns,
        relations,
        unconfirmed: Vec::new(),
        unread_columns: Vec::new(),
        body_start,
        unit,
        title,
        title_start: start,
        span: (first_col, last_col),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::names::NamedLayout;

    #[test]
    fn a_named_header_is_taken_only_where_a_header_can_be() {
        let rows = vec![
            vec!["No.".to_string(), "Task".into(), "Year 2026".into()],
            vec!["1".into(), "Tập huấn".into(), "40".into()],
        ];
        let mut sheet = Sheet::from_rows("S", &rows);
        sheet.named = Some(NamedLayout {
            header: (0, 0, 0, 2),
            legend: None,
            roles: vec![
                (0, "stt".into()),
                (1, "content".into()),
                (2, "year2026".into()),
            ],
        });
        let layout = find_named_layout(&sheet, 0).unwrap();
        assert_eq!(layout.header_rows, vec![0]);
        assert_eq!(layout.body_start, 1);
        let roles: Vec<Role> = layout.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, vec![Role::Stt, Role::Content, Role::Year(2026)]);
        // After the named table (a later one on the sheet): not these names.
        assert!(find_named_layout(&sheet, 1).is_none());
        // A header of a million rows, or right of the sheet, is not taken.
        sheet.named.as_mut().unwrap().header = (0, 1_000_000, 0, 2);
        assert!(find_named_layout(&sheet, 0).is_none());
        sheet.named.as_mut().unwrap().header = (0, 0, 500, 16_000);
        assert!(find_named_layout(&sheet, 0).is_none());
    }

    #[test]
    fn every_role_name_reads_back() {
        for role in [
            Role::Stt,
            Role::Year(2026),
            Role::AmountMachine,
            Role::Symbol,
            Role::PeriodTotal,
        ] {
            let name = name_of_role(role).unwrap();
            assert_eq!(role_of_name(&name), Some(role), "{name}");
        }
        assert_eq!(role_of_name("bogus"), None);
        assert_eq!(role_of_name("target_5"), Some(Role::Target));
    }
}
