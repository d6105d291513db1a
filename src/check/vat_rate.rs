//! `vat-rate` (warning): a VAT line ("Thuế VAT 10%", a summary row GTGT
//! computed as "G x 10%") at a rate other than the one in force on the
//! estimate's date for most goods and services, by the rates table
//! ([`crate::rates`]). The date is `--date`, else the last date the sheet
//! states (its date line, "ngày 15 tháng 3 năm 2026"); with neither,
//! nothing is said. A warning, never an error: some goods and services
//! keep the standard rate.

use super::{Code, Detail, Finding, Severity};
use crate::detect::Role;
use crate::model::{is_tax_label, stated_rate, Item, Table};
use crate::rates::{Date, Rates};

/// The VAT lines of `table` whose rate is not the one in force.
pub fn check(table: &Table, rates: &Rates, date: Option<Date>) -> Vec<Finding> {
    let mut lines: Vec<String> = table.title.clone();
    lines.extend(table.notes.iter().cloned());
    lines.extend(table.closing.iter().map(|c| c.text.clone()));
    let (date, stated) = match date {
        Some(d) => (d, false),
        None => match crate::detect::date_of(&lines) {
            Some(d) => (d, true),
            None => return Vec::new(),
        },
    };
    let Some(rule) = rates.vat_on(date) else {
        return Vec::new();
    };
    let text_at = |role: Role| {
        table
            .text_columns
            .iter()
            .position(|&c| table.columns[c].role == role)
    };
    let (symbol_at, formula_at) = (text_at(Role::Symbol), text_at(Role::Formula));
    let text = |item: &Item, at: Option<usize>| {
        at.and_then(|a| item.texts.get(a))
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    let content_col = table
        .columns
        .iter()
        .find(|c| c.role == Role::Content)
        .map_or(table.bounds.1, |c| c.col);
    let mut out = Vec::new();
    for item in table.items.iter().chain(&table.totals) {
        let symbol = text(item, symbol_at).to_uppercase();
        let is_vat = is_tax_label(&item.content)
            || matches!(symbol.as_str(), "GTGT" | "VAT" | "TGTGT" | "THUẾ GTGT");
        if !is_vat {
            continue;
        }
        let Some(rate) =
            stated_rate(&text(item, formula_at)).or_else(|| stated_rate(&item.content))
        else {
            continue;
        };
        if rate == rule.rate {
            continue;
        }
        let detail = Detail::VatRate {
            row: if item.content.is_empty() {
                item.name()
            } else {
                item.content.to_string()
            },
            stated: rate.normalize(),
            rule: rule.clone(),
            date,
            date_from_sheet: stated,
        };
        out.push(Finding {
            found: Some(rate.normalize().to_string()),
            expected: Some(rule.rate.normalize().to_string()),
            unit: None,
            ..Finding::at(
                Code::VatRate,
                Severity::Warning,
                table,
                item.row,
                content_col,
                detail,
            )
        });
    }
    out
}
