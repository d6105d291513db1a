//! Diễn giải khối lượng: the rows an estimator writes under a priced work
//! line to show how its quantity was measured ("- Đoạn K0 – K0+150: 4 ×
//! 53,1 × 0,01", a quantity and no price, often italic). A priced line
//! never has money children: these rows are its quantity breakdown, kept
//! as a breakdown of the line (never items a total adds, never parents of
//! the lines after them).

use super::Item;
use crate::stt::Stt;

/// The numeric columns of an estimate that make a row a priced line: its
/// unit price, price parts and amounts (by index in `Cols::numeric`), and
/// its quantity column.
pub(super) struct LineColumns {
    pub(super) priced: Vec<usize>,
    pub(super) quantity: Option<usize>,
}

impl LineColumns {
    /// Whether `item` is a priced work line: a price or an amount.
    pub(super) fn is_priced(&self, item: &Item) -> bool {
        self.priced.iter().any(|&k| item.amount(k).is_some())
    }

    /// Whether `item`, under a priced line, is a row of its quantity
    /// breakdown: no price, no amount, no code, no numbering but a bullet,
    /// and either a non-zero quantity or a measurement written out in its
    /// text ("4 × 53,1 × 0,01"). A "*" part heading (zero quantity, no
    /// measurement) is not one.
    pub(super) fn is_quantity_row(&self, item: &Item, coded: bool) -> bool {
        if coded || self.is_priced(item) {
            return false;
        }
        if !matches!(item.numbering, None | Some(Stt::Bullet(_))) || item.content.is_empty() {
            return false;
        }
        let quantity = self.quantity.and_then(|k| item.amount(k));
        match quantity {
            Some(q) => !q.is_zero(),
            None => states_measurement(&item.content),
        }
    }
}

/// "4 × 53,1 × 0,01", "2x1,2x1,5", "3*2,5": a digit, a multiplication
/// sign, a digit.
fn states_measurement(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], '×' | 'x' | 'X' | '*') && w[2].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurements_written_out() {
        assert!(states_measurement("- Đoạn K0 – K0+150: 4 × 53,1 × 0,01"));
        assert!(states_measurement("Móng M1: 2x1,2x1,5"));
        assert!(states_measurement("3 * 2,5 * 0,4"));
        assert!(!states_measurement("* PHẦN ĐÀO ĐẮP"));
    }
}
