//! Numbering: `duplicate-stt`, `numbering-gap` (I then III),
//! `numbering-order` (3 after 5) and `wrong-parent` (1.4.1 under 1.3).
//!
//! Siblings are the items of one kind under one parent. Items numbered 1, 2 …
//! may restart in each section or continue across sections; both are right.

use super::{Code, Context, Detail, Finding, Severity};
use crate::model::ItemKind;
use crate::read::a1;
use crate::stt::{letter_at, letter_follows, to_roman, Kind, Stt};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub(super) fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let table = cx.table();
    let Some(stt_col) = table.column(crate::detect::Role::Stt).map(|c| c.col) else {
        return;
    };
    // Last sibling per (parent, kind): (ordinal, item index).
    let mut last: HashMap<(Option<usize>, Kind), (u32, usize), Fx> = HashMap::default();
    // Last ordinal of each kind anywhere: numbering may continue across sections.
    let mut last_anywhere: HashMap<Kind, u32, Fx> = HashMap::default();
    let repeated = repeated_dotted(table);
    for (i, item) in table.items.iter().enumerate() {
        if item.kind != ItemKind::Item {
            continue;
        }
        let Some(stt) = &item.numbering else { continue };
        let Some(ord) = stt.ordinal() else { continue };
        if table.is_repeat(i) {
            continue;
        }
        let kind = stt.kind();
        let finding = |code, detail, related: Vec<String>| Finding {
            related,
            found: Some(item.stt.to_string()),
            ..Finding::at(code, Severity::Warning, table, item.row, stt_col, detail)
        };
        // A dotted number names its parent: 1.3.2 belongs under 1.3.
        if let Stt::Number(path) = stt {
            if path.len() >= 2 {
                let prefix = &path[..path.len() - 1];
                let parent_ok = item
                    .parent_index()
                    .and_then(|p| table.items[p].numbering.as_ref())
                    .is_some_and(|p| matches!(p, Stt::Number(pp) if pp.as_slice() == prefix));
                if !parent_ok {
                    let parent = item
                        .parent_index()
                        .map(|p| table.items[p].name())
                        .unwrap_or_default();
                    let related = item
                        .parent_index()
                        .map(|p| vec![a1(table.items[p].row, stt_col)])
                        .unwrap_or_default();
                    out.push(finding(
                        Code::WrongParent,
                        Detail::WrongParent {
                            stt: item.stt.to_string(),
                            parent,
                        },
                        related,
                    ));
                }
                if let Some(&first) = repeated.get(&i) {
                    let first_cell = a1(table.items[first].row, stt_col);
                    out.push(finding(
                        Code::DuplicateStt,
                        Detail::DuplicateStt {
                            stt: item.stt.to_string(),
                            first_cell: first_cell.clone(),
                        },
                        vec![first_cell],
                    ));
                    continue;
                }
            }
        }
        let key = (item.parent_index(), kind);
        let letters = matches!(kind, Kind::Upper | Kind::Lower);
        match last.get(&key).copied() {
            Some((prev, prev_i)) => {
                let prev_cell = a1(table.items[prev_i].row, stt_col);
                let follows = if letters {
                    letter_follows(prev, ord)
                } else {
                    ord == prev + 1
                };
                if ord == prev && !matches!(stt, Stt::Number(p) if p.len() >= 2) {
                    out.push(finding(
                        Code::DuplicateStt,
                        Detail::DuplicateStt {
                            stt: item.stt.to_string(),
                            first_cell: prev_cell.clone(),
                        },
                        vec![prev_cell],
                    ));
                } else if ord < prev {
                    out.push(finding(
                        Code::NumberingOrder,
                        Detail::NumberingOrder {
                            stt: item.stt.to_string(),
                            after: table.items[prev_i].stt.to_string(),
                        },
                        vec![prev_cell],
                    ));
                } else if !follows && ord > prev {
                    let missing = (prev + 1..ord).take(20).map(|n| render(stt, n)).collect();
                    out.push(finding(
                        Code::NumberingGap,
                        Detail::NumberingGap {
                            stt: item.stt.to_string(),
                            missing,
                        },
                        vec![prev_cell],
                    ));
                }
            }
            None => {
                // The first of its kind here: 1 (I, a), or the next after the
                // same kind in the previous section.
                let continues = last_anywhere.get(&kind).is_some_and(|&p| ord == p + 1);
                if ord > 1 && !continues && !matches!(kind, Kind::Bullet(_) | Kind::Unnumbered) {
                    let missing = (1..ord).take(20).map(|n| render(stt, n)).collect();
                    out.push(finding(
                        Code::NumberingGap,
                        Detail::NumberingGap {
                            stt: item.stt.to_string(),
                            missing,
                        },
                        Vec::new(),
                    ));
                }
            }
        }
        last.insert(key, (ord, i));
        last_anywhere.insert(kind, ord);
    }
}

/// The numbering of ordinal `n` in the style of `like`.
/// Dotted numbers are unique within their section (the nearest ancestor
/// that is not numbered 1, 1.1 …): sections may restart at 1. Each dotted
/// item that repeats an earlier one of its section → that earlier one.
/// Found by sorting (section, item) pairs, 8 bytes a row: a map of every
/// dotted number seen was 130 MB for a million rows.
fn repeated_dotted(table: &crate::model::Table) -> HashMap<usize, usize, Fx> {
    let section_of = |mut i: usize| -> u32 {
        while let Some(p) = table.items[i].parent_index() {
            if !matches!(table.items[p].numbering, Some(Stt::Number(_))) {
                return u32::try_from(p).unwrap_or(u32::MAX - 1);
            }
            i = p;
        }
        u32::MAX
    };
    let path_of = |i: u32| match &table.items[i as usize].numbering {
        Some(Stt::Number(path)) => path.as_slice(),
        _ => &[],
    };
    let mut dotted: Vec<(u32, u32)> = table
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == ItemKind::Item)
        .filter(|(_, item)| {
            item.numbering.as_ref().is_some_and(|n| {
                n.ordinal().is_some() && matches!(n, Stt::Number(p) if p.len() >= 2)
            })
        })
        .filter_map(|(i, _)| Some((section_of(i), u32::try_from(i).ok()?)))
        .collect();
    dotted.sort_unstable_by(|a, b| (a.0, path_of(a.1), a.1).cmp(&(b.0, path_of(b.1), b.1)));
    let mut repeated = HashMap::default();
    let mut first = 0;
    for k in 1..dotted.len() {
        let (a, b) = (dotted[first], dotted[k]);
        if a.0 == b.0 && path_of(a.1) == path_of(b.1) {
            repeated.insert(b.1 as usize, a.1 as usize);
        } else {
            first = k;
        }
    }
    repeated
}

fn render(like: &Stt, n: u32) -> String {
    match like {
        Stt::Roman(_) | Stt::RomanOrUpper(..) => to_roman(n),
        Stt::Upper(_) => letter_at(n)
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default(),
        Stt::Lower(_) => letter_at(n).map(|c| c.to_string()).unwrap_or_default(),
        Stt::Number(p) => {
            let mut q = p.clone();
            if let Some(last) = q.last_mut() {
                *last = n;
            }
            Stt::Number(q).render()
        }
        Stt::Bullet(c) => c.to_string(),
        Stt::Code(_, code) => code.to_string(),
    }
}

/// A small multiplicative hasher: the keys are our own indices, so no
/// protection against chosen collisions is needed, and SipHash was a visible
/// share of checking a large table.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_usize(n as usize);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;
