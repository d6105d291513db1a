//! Fixing: a plan of corrected cells, decided once and read by everything
//! that suggests or writes a correction — the expected values and words in
//! `check`'s reports, `format --fix`, and `--annotate`.
//!
//! The plan is computed bottom-up. A sum error is corrected only once no
//! error remains among the cells it adds (its children, its row's years,
//! the rows above a total); the table is then checked again, so a parent
//! that agreed with a wrong child follows the corrected child, and a parent
//! that was right stays right. Words lines are rewritten last, from the
//! corrected totals. What the plan cannot decide (a column relation with
//! two possible culprits, a wrong rate) stays an error, and nothing that
//! writes a workbook writes one with an error left unless told to.
//!
//! ```
//! use phuluc::sample::{SampleCell, SampleTable};
//! let mut t = SampleTable::new("Phụ lục");
//! t.unit_line = Some("Đơn vị tính: triệu đồng".into());
//! t.header = vec![vec!["STT".into(), "Nội dung".into(), "Kinh phí".into()]];
//! let row = |stt: &str, what: &str, v: f64| vec![SampleCell::text(stt), SampleCell::text(what), SampleCell::Number(v)];
//! // Item 1 leaves out 1.2; section I and the total agree with the wrong 1.
//! t.rows = vec![row("I", "Phần một", 700.0), row("1", "A", 300.0), row("1.1", "A1", 300.0),
//!               row("1.2", "A2", 200.0), row("2", "B", 400.0), row("", "Tổng cộng", 700.0)];
//! let bytes = phuluc::sample::to_buffer(&[t]).unwrap();
//! let outcome = phuluc::analyse_bytes("t.xlsx".as_ref(), bytes, &Default::default()).unwrap();
//! let table = &outcome.appendix.tables[0];
//! let plan = phuluc::fix::plan(table, &outcome.findings);
//! let changed: Vec<(String, String)> = plan.cells.iter()
//!     .map(|c| (c.cell.clone(), c.new.to_string())).collect();
//! // 1 first, then I, then the total: each from the corrected rows below it.
//! assert_eq!(changed, [("C7".to_string(), "500".to_string()),
//!                      ("C6".to_string(), "900".to_string()),
//!                      ("C11".to_string(), "900".to_string())]);
//! assert!(plan.remaining.is_empty());
//! ```

use crate::check::{Code, Detail, Finding, Severity};
use crate::model::{Table, Value};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The most rounds of correction: one per level of the table is needed;
/// more means the errors do not settle, and the rest stay errors.
const MAX_ROUNDS: usize = 32;

/// The most corrections a plan weighs at once (see `plan`).
const MAX_PLANNED: usize = 500;

/// One amount cell the plan corrects.
#[derive(Debug, Clone, PartialEq)]
pub struct CellFix {
    /// Absolute 0-based row and column in the input.
    pub row: u32,
    /// Absolute 0-based column in the input.
    pub col: u32,
    /// The input cell, A1.
    pub cell: String,
    /// What the input says.
    pub old: Option<Decimal>,
    /// What it becomes.
    pub new: Decimal,
    /// Why: the finding that decided it, on the table as it stood when the
    /// cells below it had been corrected.
    pub why: Finding,
    /// The input's error this resolves, when the input reported one here
    /// (a parent that only follows a corrected child has none).
    pub resolves: Option<Finding>,
}

/// A words line the plan rewrites.
#[derive(Debug, Clone, PartialEq)]
pub struct WordsFix {
    /// Absolute 0-based row of the line.
    pub row: u32,
    /// Absolute 0-based column of the line.
    pub col: u32,
    /// The cell, A1.
    pub cell: String,
    /// The line as written.
    pub old: String,
    /// The amount in words, from the corrected total ("Chín tỷ đồng").
    pub new: String,
    /// The finding on the corrected table that asks for it.
    pub why: Finding,
}

/// What fixing a table changes.
#[derive(Debug, Clone)]
pub struct Fixes {
    /// The table with its amounts corrected.
    pub table: Table,
    /// The amount cells that change, causes before their consequences.
    pub cells: Vec<CellFix>,
    /// The words lines that change.
    pub words: Vec<WordsFix>,
    /// The errors left on the corrected table: what no cell change fixes.
    pub remaining: Vec<Finding>,
}

impl Fixes {
    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.words.is_empty()
    }

    /// The correction of an input cell, if the plan changes it.
    pub fn at(&self, row: u32, col: u32) -> Option<&CellFix> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }
}

/// Errors the plan corrects by writing the sum the check expected.
fn is_fixable(f: &Finding) -> bool {
    f.expected.is_some()
        && match f.code {
            Code::ParentSum | Code::TotalSum | Code::PeriodSum => f.severity == Severity::Error,
            // An estimate line's amount (or price) is what its quantity and
            // price (or its parts) give; the totals above it then follow.
            Code::LineAmount => f.severity == Severity::Error,
            // A SUM whose saved value is stale: its value is what it computes.
            Code::StaleFormula => true,
            // A cost summary's row is what its stated computation gives
            // ("T x 6,5%"), and its base what the detail sheet totals.
            Code::SummaryFormula | Code::SummaryBase => f.severity == Severity::Error,
            _ => false,
        }
}

/// The findings of `table` among those of a whole file.
pub fn findings_of<'a>(table: &Table, findings: &'a [Finding]) -> Vec<&'a Finding> {
    let (r0, _, r1, _) = table.bounds;
    findings
        .iter()
        .filter(|f| f.sheet == table.sheet && f.row >= r0 && f.row <= r1)
        .collect()
}

/// The plan for one table, given its findings (those of other tables are
/// ignored). See the module documentation.
pub fn plan(table: &Table, findings: &[Finding]) -> Fixes {
    let original: Vec<Finding> = findings_of(table, findings).into_iter().cloned().collect();
    let mut fixed = table.clone();
    let mut current = original.clone();
    let mut cells: Vec<CellFix> = Vec::new();
    let column_of: HashMap<u32, usize> = (0..table.numeric.len())
        .map(|k| (table.numeric_column(k).col, k))
        .collect();
    let shape = Shape::of(table);
    for _ in 0..MAX_ROUNDS {
        let pending: Vec<&Finding> = current.iter().filter(|f| is_fixable(f)).collect();
        // Thousands of wrong sums in one table (running totals read as
        // totals) are not a table to correct cell by cell: each round
        // weighs every pair of them. They stay as found.
        if pending.is_empty() || pending.len() > MAX_PLANNED {
            break;
        }
        let mut changed = false;
        for f in &pending {
            if pending
                .iter()
                .any(|g| !std::ptr::eq(*f, *g) && depends_on(&shape, f, g))
            {
                continue;
            }
            let Some(&k) = column_of.get(&f.col) else {
                continue;
            };
            if adds_unreadable(&shape, f, k) {
                continue;
            }
            let Some(new) = f
                .expected
                .as_deref()
                .and_then(|e| Decimal::from_str_exact(e).ok())
            else {
                continue;
            };
            let Some(value) = value_at(&mut fixed, f.row, k) else {
                continue;
            };
            let old = value.amount();
            if old == Some(new) {
                continue;
            }
            *value = Value::new(Some(new), value.reading());
            changed = true;
            let resolves = original
                .iter()
                .find(|o| o.row == f.row && o.col == f.col && o.severity == Severity::Error)
                .cloned();
            // The input's value, however many rounds touched the cell.
            match cells.iter_mut().find(|c| c.row == f.row && c.col == f.col) {
                Some(c) => {
                    c.new = new;
                    c.why = as_of_input(f, c.old);
                }
                None => cells.push(CellFix {
                    row: f.row,
                    col: f.col,
                    cell: f.cell.clone(),
                    old,
                    new,
                    why: (*f).clone(),
                    resolves,
                }),
            }
        }
        if !changed {
            break;
        }
        current = crate::check::run(&fixed, &mut crate::read::Formulas::default);
    }
    let words = current
        .iter()
        .filter(|f| f.code == Code::WordsMismatch && f.severity == Severity::Error)
        .filter_map(|f| {
            let Detail::Words {
                expected_words: Some(new),
                ..
            } = &f.detail
            else {
                return None;
            };
            let old = fixed
                .words
                .iter()
                .find(|w| w.row == f.row)
                .map(|w| w.text.clone())
                .unwrap_or_default();
            Some(WordsFix {
                row: f.row,
                col: f.col,
                cell: f.cell.clone(),
                old,
                new: new.clone(),
                why: f.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut words = words;
    words.extend(blank_words(&fixed));
    let remaining = current
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        // An error left at a cell the plan changed states the input's value,
        // not the one an earlier round wrote there.
        .map(
            |f| match cells.iter().find(|c| c.row == f.row && c.col == f.col) {
                Some(c) => as_of_input(&f, c.old),
                None => f,
            },
        )
        .filter(|f| !words.iter().any(|w| w.row == f.row && w.col == f.col))
        .collect();
    Fixes {
        table: fixed,
        cells,
        words,
        remaining,
    }
}

/// The words of the words lines left blank to be filled (a template's
/// "Bằng chữ:"): the words the check expects of any words there — found by
/// checking the table with "Không đồng" written in them, which states the
/// total only when it is zero.
pub fn blank_words(table: &Table) -> Vec<WordsFix> {
    if !table
        .words
        .iter()
        .any(|w| crate::words::is_blank_line(&w.text))
    {
        return Vec::new();
    }
    let mut probe = table.clone();
    let blank: Vec<(u32, u32, String)> = probe
        .words
        .iter_mut()
        .filter(|w| crate::words::is_blank_line(&w.text))
        .map(|w| {
            let old = std::mem::replace(&mut w.text, "Bằng chữ: Không đồng".into());
            (w.row, w.col, old)
        })
        .collect();
    let found = crate::check::run(&probe, &mut crate::read::Formulas::default);
    blank
        .into_iter()
        .filter_map(|(row, col, old)| {
            let f = found.iter().find(|f| {
                f.row == row && matches!(f.code, Code::WordsMismatch | Code::WordsMatch)
            })?;
            let new = match &f.detail {
                Detail::Words {
                    expected_words: Some(w),
                    ..
                } => w.clone(),
                _ => "Không đồng".to_string(),
            };
            Some(WordsFix {
                row,
                col,
                cell: crate::a1::a1(row, col),
                old,
                new,
                why: f.clone(),
            })
        })
        .collect()
}

/// A finding made in a later round, on the table as the plan had corrected
/// it so far, restated against the input: the value "found" is what the
/// input holds (a cell corrected twice — a cost summary's C, once from
/// the typed T, again from the corrected one — would otherwise say "ghi
/// 463.847,6", a value phuluc wrote, for a cell holding 3.509.425,8). The
/// rate the row applies and the hints, worked out on the intermediate
/// table, are dropped.
fn as_of_input(f: &Finding, old: Option<Decimal>) -> Finding {
    let mut why = f.clone();
    let stated = old.map(|v| v.normalize().to_string());
    if why.found == stated {
        return why;
    }
    why.found = stated;
    let expected = why
        .expected
        .as_deref()
        .and_then(|e| Decimal::from_str_exact(e).ok());
    why.difference = old
        .zip(expected)
        .and_then(|(o, e)| o.checked_sub(e))
        .map(|d| d.normalize());
    // The rate the row applies was worked out on a base the plan has
    // corrected since: it holds for neither table.
    if let Detail::SummaryFormula { implied_rate, .. } = &mut why.detail {
        *implied_rate = None;
    }
    why.hints.clear();
    why
}

/// The amount cell of the item or total on `row`, column `k`.
fn value_at(table: &mut Table, row: u32, k: usize) -> Option<&mut crate::model::Value> {
    table
        .items
        .iter_mut()
        .chain(table.totals.iter_mut())
        .find(|i| i.row == row)
        .and_then(|i| i.values.get_mut(k))
}

/// Whether the sum `f` expects leaves out a cell it adds whose amount
/// could not be read (words with digits, a malformed number such as `0x10`, an error
/// value): correcting towards that sum would write the loss into the
/// table, so the sum stays an error beside the unreadable cell's own.
fn adds_unreadable(shape: &Shape, f: &Finding, k: usize) -> bool {
    use crate::model::Reading;
    let table = shape.table;
    // Words without a digit ("Thụ hưởng") say why there is no amount.
    let unreadable = |item: &crate::model::Item, k: usize| match item.values.get(k) {
        Some(v) => match v.reading() {
            Reading::Malformed | Reading::Error | Reading::TooLarge => true,
            Reading::Words => item
                .values
                .text(k)
                .is_some_and(|t| t.chars().any(|c| c.is_ascii_digit())),
            _ => false,
        },
        None => false,
    };
    if shape.totals.contains(&f.row) {
        return table.items.iter().any(|i| unreadable(i, k));
    }
    let Some(&i) = shape.items.get(&f.row) else {
        return false;
    };
    if !matches!(f.code, Code::ParentSum | Code::TotalSum) {
        // A row relation (period total, line amount): the row's own cells.
        return (0..table.numeric.len()).any(|j| j != k && unreadable(&table.items[i], j));
    }
    descendants(table, i).any(|d| unreadable(&table.items[d], k))
}

/// Whether correcting `f` must wait for `g`: `g` is one of the cells `f`
/// adds, lies below `f`'s row in its subtree, or feeds the total `f` is.
fn depends_on(shape: &Shape, f: &Finding, g: &Finding) -> bool {
    if f.related.contains(&g.cell) {
        return true;
    }
    let is_total = |row: u32| shape.totals.contains(&row);
    if is_total(f.row) {
        // A total waits for every item error in its column, and for the
        // totals above it.
        return g.col == f.col && (!is_total(g.row) || g.row < f.row);
    }
    // A row's period total waits for its years.
    if f.code == Code::PeriodSum && g.row == f.row {
        return true;
    }
    let Some(&i) = shape.items.get(&f.row) else {
        return false;
    };
    g.col == f.col && descendants(shape.table, i).any(|d| shape.table.items[d].row == g.row)
}

/// A table's rows as the plan looks them up: its total rows, and each
/// item's index by row (looked for in the table's lists, pair by pair, it
/// made a plan cubic in its findings).
struct Shape<'a> {
    table: &'a Table,
    totals: HashSet<u32>,
    items: HashMap<u32, usize>,
}

impl<'a> Shape<'a> {
    fn of(table: &'a Table) -> Shape<'a> {
        let mut items = HashMap::new();
        for (i, it) in table.items.iter().enumerate() {
            items.entry(it.row).or_insert(i);
        }
        Shape {
            table,
            totals: table.totals.iter().map(|t| t.row).collect(),
            items,
        }
    }
}

/// The indices of an item's descendants.
fn descendants(table: &Table, i: usize) -> impl Iterator<Item = usize> + '_ {
    let mut stack: Vec<usize> = table.items[i].child_indices().collect();
    std::iter::from_fn(move || {
        let next = stack.pop()?;
        stack.extend(table.items[next].child_indices());
        Some(next)
    })
}

/// Gives a table's findings the corrections its plan makes: the value to
/// write at each error it resolves, with the cells that must follow; a
/// words line's expected words from the corrected totals — and no words
/// error at all where the words already state the corrected total (the
/// total is what is wrong, and its own finding says so).
pub fn suggest(table: &Table, findings: &mut Vec<Finding>) {
    let needs_plan = findings
        .iter()
        .any(|f| is_fixable(f) || f.code == Code::WordsMismatch && f.severity == Severity::Error);
    if !needs_plan {
        return;
    }
    let plan = plan(table, findings);
    let item_of = |row: u32| table.items.iter().position(|i| i.row == row);
    let is_total = |row: u32| table.totals.iter().any(|t| t.row == row);
    // Follow-on cells under each cause they follow from.
    let mut then: HashMap<(u32, u32), Vec<(String, String)>> = HashMap::new();
    for follow in plan.cells.iter().filter(|c| c.resolves.is_none()) {
        for cause in plan
            .cells
            .iter()
            .filter(|c| c.resolves.is_some() && c.col == follow.col)
        {
            let below = is_total(follow.row)
                || item_of(follow.row).is_some_and(|i| {
                    descendants(table, i).any(|d| table.items[d].row == cause.row)
                });
            if below {
                then.entry((cause.row, cause.col))
                    .or_default()
                    .push((follow.cell.clone(), follow.new.normalize().to_string()));
            }
        }
    }
    for f in findings.iter_mut() {
        if let Some(c) = plan.at(f.row, f.col).filter(|c| c.resolves.is_some()) {
            f.fix = Some(crate::check::Suggestion {
                value: c.new.normalize().to_string(),
                then: then.remove(&(c.row, c.col)).unwrap_or_default(),
            });
        }
    }
    let settled = plan.remaining.is_empty();
    findings.retain_mut(|f| {
        if f.code != Code::WordsMismatch || f.severity != Severity::Error {
            return true;
        }
        match plan.words.iter().find(|w| w.row == f.row && w.col == f.col) {
            Some(w) => {
                f.detail = w.why.detail.clone();
                f.expected = w.why.expected.clone();
                true
            }
            // The words state the corrected total: right as written.
            None => !settled || plan.cells.is_empty(),
        }
    });
}
