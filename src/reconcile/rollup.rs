//! `phuluc rollup`: a budget table's amounts per group (lead unit, partner
//! unit, section, commune, appendix) per year and for the period, from the
//! leaf items only — a subtotal is never counted twice, "Trong đó" rows
//! never — closed by the sum of the groups, the table's own total as
//! printed and their difference, so the rollup itself exposes a wrong
//! total.
//!
//! ```
//! use phuluc::reconcile::rollup::{rollup, By, RollupOptions};
//! let outcome = phuluc::analyse("workbooks/da-kia-phu-luc-iii.xlsx".as_ref(), &Default::default())?;
//! let r = rollup(&[outcome.appendix], &RollupOptions::new(By::Lead))?;
//! let kinh_te = r.groups.iter().find(|g| g.name == "Phòng Kinh tế").unwrap();
//! assert!(kinh_te.amounts.total() > rust_decimal::Decimal::ZERO);
//! // Phụ lục III prints 5.624 for 2026 where its items add up to 13.923.
//! let year = phuluc::reconcile::rollup::Period::Year(2026);
//! assert_eq!(r.difference.as_ref().unwrap().get(year), Some(rust_decimal::Decimal::from(8299)));
//! # Ok::<(), phuluc::Error>(())
//! ```

use super::names::{key, Aliases};
use crate::detect::{appendix_of, commune_of, Role};
use crate::model::{is_tax_label, Appendix, ItemKind, Table};
use crate::unit::Unit;
use crate::{Error, Problem};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// What the amounts are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Đơn vị chủ trì (`--by chu-tri`).
    Lead,
    /// Đơn vị phối hợp (`--by phoi-hop`).
    Partner,
    /// The top-level section ("I. Chuyển đổi số"; `--by muc`).
    Section,
    /// The commune of each file's title block (`--by xa`).
    Commune,
    /// The appendix ("Phụ lục III"; `--by phu-luc`).
    Appendix,
    /// Each leaf item by its content: a yearly allocation table restates
    /// a plan's period table line by line (`reconcile`).
    Item,
}

impl By {
    /// The name of the grouping, as `--by` writes it.
    pub fn code(self) -> &'static str {
        match self {
            By::Lead => "chu-tri",
            By::Partner => "phoi-hop",
            By::Section => "muc",
            By::Commune => "xa",
            By::Appendix => "phu-luc",
            By::Item => "nhiem-vu",
        }
    }
}

/// A year, or the whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// One year's column.
    Year(u16),
    /// The whole period: the sum of the years (or the table's single
    /// amount column).
    Total,
}

/// Amounts per period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amounts(BTreeMap<Period, Decimal>);

impl Amounts {
    /// The amount of a period, if any was counted.
    pub fn get(&self, p: Period) -> Option<Decimal> {
        self.0.get(&p).copied()
    }

    /// The amount of the whole period (zero when nothing was counted).
    pub fn total(&self) -> Decimal {
        self.get(Period::Total).unwrap_or_default()
    }

    /// Every period with its amount, years first.
    pub fn iter(&self) -> impl Iterator<Item = (Period, Decimal)> + '_ {
        self.0.iter().map(|(p, v)| (*p, *v))
    }

    fn add(&mut self, p: Period, v: Decimal) -> Option<()> {
        let slot = self.0.entry(p).or_default();
        *slot = slot.checked_add(v)?;
        Some(())
    }
}

/// One group and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The name counted under (the alias list's, else the first spelling).
    pub name: String,
    /// Other spellings counted under it, as written.
    pub spellings: Vec<String>,
    /// Whether the name joins several units named in one cell.
    pub joint: bool,
    /// Amounts per year and for the period.
    pub amounts: Amounts,
}

/// Something the reader of a rollup should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A lead (or partner) cell names several units: its amounts are
    /// counted once, under the joint name.
    Joint {
        /// The cell ("'Phụ lục III'!C14").
        cell: String,
        /// What it says.
        text: String,
    },
    /// Items that name no unit (nor does any row above them): counted
    /// under "(không ghi)".
    Unnamed {
        /// How many items.
        items: usize,
    },
    /// A table with no total row: the table's total is unknown.
    NoTotal {
        /// The table ("'Phụ lục'!A5:J30").
        table: String,
    },
    /// A summary of another table of the same file, left out: its
    /// lines restate the detail's groups.
    Summary {
        /// The summary ("'Tổng hợp'!A5:E9").
        table: String,
        /// What it restates.
        detail: String,
    },
    /// A money table left out: its amount columns cannot be told apart
    /// (several, none a year, none the total of the others).
    Ambiguous {
        /// The table ("'Phụ lục'!A5:J30").
        table: String,
        /// Its amount columns: (letter, header).
        columns: Vec<(String, String)>,
    },
    /// Columns of a table whose header its rows refute (a "Lũy kế" below
    /// its period's figure, a "%" that is no ratio, years that do not add
    /// to the period total): said, whether counted or not.
    Unconfirmed {
        /// The table ("'Phụ lục'!A5:J30").
        table: String,
        /// (letter, header, what the header says it is).
        columns: Vec<(String, String, crate::model::roles::Meaning)>,
    },
    /// The columns a table was counted by: which years of the plan, which
    /// period total — and which it left out (an earlier year's estimate,
    /// cumulative allocations, revenue).
    Columns {
        /// The table ("'Phụ lục'!A5:J30").
        table: String,
        /// Each column taken: (letter, header, period).
        taken: Vec<(String, String, Period)>,
        /// Each money column left out: (letter, header).
        left: Vec<(String, String)>,
    },
}

/// A rollup of one or more tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    /// What the amounts are grouped by.
    pub by: By,
    /// The unit of every amount (`None` when no table states one).
    pub unit: Option<Unit>,
    /// The periods, years in order, then the whole period.
    pub periods: Vec<Period>,
    /// The groups, in the order they first appear.
    pub groups: Vec<Group>,
    /// The sum of the groups.
    pub sum_of_groups: Amounts,
    /// The tables' own totals as printed (`None` when a table has none).
    pub table_total: Option<Amounts>,
    /// Sum of the groups − the tables' totals.
    pub difference: Option<Amounts>,
    /// What the reader should know.
    pub notes: Vec<Note>,
    /// The share of the commune's total budget spending, when it was given.
    pub share: Option<Share>,
}

/// The commune's total budget spending: one amount for every year, or an
/// amount per year — in the rollup's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalBudget {
    /// The same every year.
    Each(Decimal),
    /// Year by year.
    Years(BTreeMap<u16, Decimal>),
}

impl TotalBudget {
    /// "450000" or "2026=450000,2027=480000" (a decimal comma or point;
    /// no thousands separators).
    ///
    /// ```
    /// use phuluc::reconcile::rollup::TotalBudget;
    /// assert!(matches!(TotalBudget::parse("450000"), Some(TotalBudget::Each(_))));
    /// assert!(matches!(TotalBudget::parse("2026=450000, 2027=480000,5"), Some(TotalBudget::Years(y)) if y.len() == 2));
    /// assert_eq!(TotalBudget::parse("nhiều"), None);
    /// ```
    pub fn parse(s: &str) -> Option<TotalBudget> {
        let number = |t: &str| {
            Decimal::from_str_exact(&t.trim().replace(',', "."))
                .ok()
                .filter(|d| *d > Decimal::ZERO)
        };
        if !s.contains('=') {
            return number(s).map(TotalBudget::Each);
        }
        let mut years = BTreeMap::new();
        for pair in split_pairs(&s.replace(';', ",")) {
            let (y, v) = pair.split_once('=')?;
            years.insert(y.trim().parse().ok()?, number(v)?);
        }
        (!years.is_empty()).then_some(TotalBudget::Years(years))
    }

    fn of(&self, year: u16) -> Option<Decimal> {
        match self {
            TotalBudget::Each(v) => Some(*v),
            TotalBudget::Years(y) => y.get(&year).copied(),
        }
    }
}

/// "2026=450000,2027=480000,5" → ["2026=450000", "2027=480000,5"]: a comma
/// starts a new pair only when a year and "=" follow it.
fn split_pairs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in s.split(',') {
        let starts_pair = piece.trim().split_once('=').is_some_and(|(y, _)| {
            y.trim().len() == 4 && y.trim().chars().all(|c| c.is_ascii_digit())
        });
        match out.last_mut() {
            Some(last) if !starts_pair => {
                last.push(',');
                last.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
    }
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The table's share of the commune's total budget spending per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// The target, in percent (default 3: Resolution 57's target for
    /// science, technology, innovation and digital transformation).
    pub target: Decimal,
    /// Per period: (the total budget, the share in percent).
    pub periods: BTreeMap<Period, (Decimal, Decimal)>,
}

impl Share {
    /// The periods below the target.
    pub fn below(&self) -> impl Iterator<Item = (Period, Decimal)> + '_ {
        self.periods
            .iter()
            .filter(|(_, (_, share))| *share < self.target)
            .map(|(p, (_, share))| (*p, *share))
    }
}

/// The default share target, in percent (Resolution 57).
pub const SHARE_TARGET: Decimal = Decimal::from_parts(3, 0, 0, false, 0);

/// What to roll up and how.
#[derive(Debug, Clone)]
pub struct RollupOptions {
    /// The grouping.
    pub by: By,
    /// Convert every amount to this unit (default: the first table's).
    pub unit: Option<Unit>,
    /// The alias list (default: the shipped one).
    pub aliases: Aliases,
    /// The commune's total budget spending, for the share (in the unit of
    /// the rollup).
    pub total_budget: Option<TotalBudget>,
    /// The share target, in percent (default [`SHARE_TARGET`]).
    pub share_target: Option<Decimal>,
    /// Name the columns of every table counted ([`Note::Columns`]), not
    /// only of one that left money columns out (`check --report` says per
    /// file which columns it took).
    pub name_columns: bool,
}

impl RollupOptions {
    /// Grouped by `by`, in the first table's unit, with the shipped aliases.
    pub fn new(by: By) -> RollupOptions {
        RollupOptions {
            by,
            unit: None,
            aliases: Aliases::builtin(),
            total_budget: None,
            share_target: None,
            name_columns: false,
        }
    }
}

/// The name "no unit named".
pub const UNNAMED: &str = "(không ghi)";

/// Rolls up the money tables of `appendices`. A table whose unit is
/// unknown when `--unit` asks for a conversion is an error, as is finding
/// no money table at all.
pub fn rollup(appendices: &[Appendix], options: &RollupOptions) -> Result<Rollup, Error> {
    let mut builder = RollupBuilder::new(options);
    for appendix in appendices {
        builder.add(appendix)?;
    }
    builder.finish()
}

/// A rollup built one file at a time, so that a folder of thousands of
/// workbooks is rolled up without holding their tables: [`rollup`] of
/// every appendix added, in the order added.
///
/// ```
/// use phuluc::reconcile::rollup::{rollup, By, RollupBuilder, RollupOptions};
/// let options = RollupOptions::new(By::Commune);
/// let mut builder = RollupBuilder::new(&options);
/// let mut all = Vec::new();
/// for file in ["workbooks/da-kia-phu-luc-iii-sua.xlsx", "workbooks/ha-long-phu-luc-2-sua.xlsx"] {
///     let appendix = phuluc::read_appendix(file.as_ref(), &Default::default())?;
///     builder.add(&appendix)?;
///     all.push(appendix);
/// }
/// assert_eq!(builder.finish()?, rollup(&all, &options)?);
/// # Ok::<(), phuluc::Error>(())
/// ```
pub struct RollupBuilder<'o> {
    options: &'o RollupOptions,
    out: Rollup,
    index: HashMap<String, usize>,
    unnamed: usize,
    tables: usize,
    /// The first file added, to name when none had a money table.
    first: Option<String>,
    /// The communes of the tables added (by name key).
    communes: std::collections::HashSet<String>,
    /// Tables whose lines name communes, decided at the end.
    deferred: Vec<Deferred>,
}

/// One line of a table, as it is counted.
struct Line {
    name: String,
    spelling: String,
    joint: bool,
    counted: Amounts,
}

/// A table whose lines name communes, held until every file is added.
struct Deferred {
    path: String,
    table: String,
    communes: Vec<String>,
    lines: Vec<Line>,
    printed: Option<Amounts>,
}

/// Whether most of a table's lines name communes: a summary per commune,
/// never one commune's own plan.
pub fn names_communes(table: &Table) -> bool {
    commune_lines(table).len() >= 2
}

/// The name keys of a table's top-level lines that name a commune ("Xã An
/// Bình", "Phường 3"): none unless most of its lines do.
fn commune_lines(table: &Table) -> Vec<String> {
    let lines: Vec<&str> = table
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Item && i.parent_index().is_none())
        .map(|i| i.content.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let communes: Vec<String> = lines
        .iter()
        .filter(|l| {
            let f = crate::text::fold(l);
            ["xã ", "phường ", "thị trấn ", "đặc khu "]
                .iter()
                .any(|k| f.starts_with(k))
        })
        .map(|l| key(l))
        .collect();
    if communes.len() * 5 >= lines.len() * 3 {
        communes
    } else {
        Vec::new()
    }
}

impl<'o> RollupBuilder<'o> {
    /// Nothing added yet.
    pub fn new(options: &'o RollupOptions) -> RollupBuilder<'o> {
        RollupBuilder {
            options,
            out: Rollup {
                by: options.by,
                unit: options.unit,
                periods: Vec::new(),
                groups: Vec::new(),
                sum_of_groups: Amounts::default(),
                table_total: Some(Amounts::default()),
                difference: None,
                notes: Vec::new(),
                share: None,
            },
            index: HashMap::new(),
            unnamed: 0,
            tables: 0,
            first: None,
            communes: std::collections::HashSet::new(),
            deferred: Vec::new(),
        }
    }

    /// What the reader should know so far: each table's columns
    /// ([`RollupOptions::name_columns`]), tables left out — known before
    /// [`finish`](Self::finish), which fails when no table was counted.
    pub fn notes(&self) -> &[Note] {
        &self.out.notes
    }

    /// Adds the money tables of one file. A table whose unit is unknown
    /// when a conversion was asked for, or amounts beyond any budget, are
    /// an error naming the file.
    pub fn add(&mut self, appendix: &Appendix) -> Result<(), Error> {
        if self.first.is_none() {
            self.first = Some(appendix.path.clone());
        }
        let overflow = |a: &Appendix| {
            Error::new(
                a.path.as_ref(),
                Problem::TooLarge(crate::error::Limit::Amounts),
            )
        };
        let summaries = super::summary::summaries_in(appendix, &self.options.aliases);
        for (ti, table) in appendix.tables.iter().enumerate() {
            if !table.has_money {
                continue;
            }
            let name = format!("'{}'!{}", table.sheet, table.range);
            if let Some((_, detail)) = summaries.iter().find(|(i, _)| *i == ti) {
                self.out.notes.push(Note::Summary {
                    table: name,
                    detail: detail.clone(),
                });
                continue;
            }
            let columns = period_columns(table);
            if columns.is_empty() {
                self.out.notes.extend(ambiguous_note(table, &name));
                continue;
            }
            self.out.notes.extend(unconfirmed_note(table, &name));
            if let Some(note) = columns_note(table, &columns, name, self.options.name_columns) {
                self.out.notes.push(note);
            }
            self.tables += 1;
            let factor = match (table.money_unit(), self.out.unit) {
                (Some(from), Some(to)) => from.factor() / to.factor(),
                (Some(from), None) => {
                    self.out.unit = Some(from);
                    Decimal::ONE
                }
                (None, Some(_)) if self.options.unit.is_some() => {
                    let table = format!("'{}'!{}", table.sheet, table.range);
                    return Err(Error::new(appendix.path.as_ref(), Problem::NoUnit(table)));
                }
                (None, _) => Decimal::ONE,
            };
            for &(p, _) in &columns {
                if !self.out.periods.contains(&p) {
                    self.out.periods.push(p);
                }
            }
            let has_years = columns.iter().any(|(p, _)| matches!(p, Period::Year(_)));
            let mut lines: Vec<Line> = Vec::new();
            for (i, item) in table.items.iter().enumerate() {
                if item.kind != ItemKind::Item {
                    continue;
                }
                let mut counted = Amounts::default();
                for &(p, k) in &columns {
                    if has_years && p == Period::Total {
                        continue;
                    }
                    let Some(v) = item.amount(k) else { continue };
                    if amount_below(table, i, k) {
                        continue;
                    }
                    let v = v.checked_mul(factor).ok_or_else(|| overflow(appendix))?;
                    counted.add(p, v).ok_or_else(|| overflow(appendix))?;
                    if has_years {
                        counted
                            .add(Period::Total, v)
                            .ok_or_else(|| overflow(appendix))?;
                    }
                }
                if counted.0.is_empty() {
                    continue;
                }
                let (name, spelling, joint) =
                    group_of(appendix, table, i, self.options, &mut self.out.notes);
                if name == UNNAMED {
                    self.unnamed += 1;
                }
                lines.push(Line {
                    name,
                    spelling,
                    joint,
                    counted,
                });
            }
            let printed = printed_total(table, &columns, factor);
            let name = format!("'{}'!{}", table.sheet, table.range);
            // A table whose lines name communes may be a province's summary
            // of the communes' files beside it: decided once every file is
            // in (`finish`), so that it is not added beside them.
            let communes = commune_lines(table);
            if communes.len() >= 2 {
                self.deferred.push(Deferred {
                    path: appendix.path.clone(),
                    table: name,
                    communes,
                    lines,
                    printed,
                });
                continue;
            }
            self.communes.insert(key(
                &commune_of(&table.title).unwrap_or_else(|| file_stem(appendix))
            ));
            self.apply(&appendix.path, &name, lines, printed)?;
        }
        Ok(())
    }

    /// Adds a table's lines and its printed total.
    fn apply(
        &mut self,
        path: &str,
        table: &str,
        lines: Vec<Line>,
        printed: Option<Amounts>,
    ) -> Result<(), Error> {
        let overflow = || {
            Error::new(
                path.as_ref(),
                Problem::TooLarge(crate::error::Limit::Amounts),
            )
        };
        for line in lines {
            let Line {
                name,
                spelling,
                joint,
                counted,
            } = line;
            let g = *self.index.entry(key(&name)).or_insert_with(|| {
                self.out.groups.push(Group {
                    name: name.clone(),
                    spellings: Vec::new(),
                    joint,
                    amounts: Amounts::default(),
                });
                self.out.groups.len() - 1
            });
            let group = &mut self.out.groups[g];
            if spelling != group.name && !group.spellings.contains(&spelling) {
                group.spellings.push(spelling);
            }
            for (p, v) in counted.iter() {
                group.amounts.add(p, v).ok_or_else(overflow)?;
                self.out.sum_of_groups.add(p, v).ok_or_else(overflow)?;
            }
        }
        // The table's own total, as printed.
        match printed {
            Some(t) => {
                if let Some(all) = self.out.table_total.as_mut() {
                    for (p, v) in t.iter() {
                        all.add(p, v).ok_or_else(overflow)?;
                    }
                }
            }
            None => {
                self.out.table_total = None;
                self.out.notes.push(Note::NoTotal {
                    table: table.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The rollup of everything added; [`Problem::NoTable`] when no money
    /// table was.
    pub fn finish(mut self) -> Result<Rollup, Error> {
        // Tables whose lines name communes: a summary of the communes'
        // files added (most of its lines name one of them) is left out;
        // any other is counted now.
        for d in std::mem::take(&mut self.deferred) {
            let named = d
                .communes
                .iter()
                .filter(|c| self.communes.contains(*c))
                .count();
            if named >= 2 && named * 5 >= d.communes.len() * 3 {
                let files = self.communes.len();
                self.out.notes.push(Note::Summary {
                    table: format!("{}: {}", d.path, d.table),
                    detail: format!("{files} tệp / files"),
                });
                continue;
            }
            self.apply(&d.path, &d.table, d.lines, d.printed)?;
        }
        let mut out = self.out;
        let options = self.options;
        if self.tables == 0 {
            let first = self.first.as_deref().unwrap_or("-");
            // Money tables were there, but none could be counted: say why.
            let ambiguous: Vec<String> = out
                .notes
                .iter()
                .filter_map(|n| match n {
                    Note::Ambiguous { table, columns } => Some(format!(
                        "{table}: {}",
                        columns
                            .iter()
                            .map(|(c, h)| format!("{c} «{h}»"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    _ => None,
                })
                .collect();
            if !ambiguous.is_empty() {
                return Err(Error::new(
                    first.as_ref(),
                    Problem::AmbiguousColumns(ambiguous.join("; ")),
                ));
            }
            return Err(Error::new(first.as_ref(), Problem::NoTable));
        }
        out.periods.sort();
        if out.periods.iter().any(|p| matches!(p, Period::Year(_)))
            && !out.periods.contains(&Period::Total)
        {
            out.periods.push(Period::Total);
        }
        if self.unnamed > 0 {
            out.notes.push(Note::Unnamed {
                items: self.unnamed,
            });
        }
        out.share = options.total_budget.as_ref().map(|budget| {
            let mut periods = BTreeMap::new();
            let mut whole = (Decimal::ZERO, Decimal::ZERO);
            for &p in &out.periods {
                let Period::Year(y) = p else { continue };
                let (Some(b), Some(v)) = (budget.of(y), out.sum_of_groups.get(p)) else {
                    continue;
                };
                if let Some(share) = percent(v, b) {
                    periods.insert(p, (b, share));
                    whole = (whole.0 + v, whole.1 + b);
                }
            }
            if let Some(share) = percent(whole.0, whole.1) {
                periods.insert(Period::Total, (whole.1, share));
            }
            Share {
                target: options.share_target.unwrap_or(SHARE_TARGET),
                periods,
            }
        });
        out.difference = out.table_total.as_ref().map(|t| {
            let mut d = Amounts::default();
            for &p in &out.periods {
                let (s, t) = (out.sum_of_groups.get(p), t.get(p));
                if let Some(diff) = s
                    .unwrap_or_default()
                    .checked_sub(t.unwrap_or_default())
                    .filter(|_| s.is_some() || t.is_some())
                {
                    d.0.insert(p, diff);
                }
            }
            d
        });
        Ok(out)
    }
}

/// `part` as a percent of `whole`, to two places.
fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(
        part.checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(whole)?
            .round_dp(2),
    )
}

/// The table's amount columns by period: each year of the plan, and the
/// period total (or the single amount column). An earlier year's estimate
/// beside the plan, cumulative allocations and revenue are no year of it
/// (`model::roles::plan_columns`).
fn period_columns(table: &Table) -> Vec<(Period, usize)> {
    let Ok(plan) = crate::model::roles::plan_columns(table) else {
        return Vec::new();
    };
    plan.years
        .into_iter()
        .map(|(k, y)| (Period::Year(y), k))
        .chain(plan.total.map(|k| (Period::Total, k)))
        .collect()
}

/// A note for a money table none of whose columns could be taken: its
/// amount columns cannot be told apart.
fn ambiguous_note(table: &Table, name: &str) -> Option<Note> {
    let several = crate::model::roles::plan_columns(table).err()?;
    Some(Note::Ambiguous {
        table: name.to_string(),
        columns: several
            .into_iter()
            .map(|k| {
                (
                    crate::read::column_letters(table.numeric_column(k).col),
                    table.numeric_column(k).label.clone(),
                )
            })
            .collect(),
    })
}

/// A note for the columns of a table whose header the rows refute.
fn unconfirmed_note(table: &Table, name: &str) -> Option<Note> {
    use crate::model::roles::{column_roles, Confirmation};
    let columns: Vec<(String, String, crate::model::roles::Meaning)> = column_roles(table)
        .into_iter()
        .filter(|r| r.confirmation == Confirmation::Unconfirmed)
        .map(|r| (r.letter, r.label, r.meaning))
        .collect();
    (!columns.is_empty()).then(|| Note::Unconfirmed {
        table: name.to_string(),
        columns,
    })
}

/// Which columns a table was counted by, when it has money columns that
/// were left out, or `always`: said, not guessed silently.
fn columns_note(
    table: &Table,
    columns: &[(Period, usize)],
    name: String,
    always: bool,
) -> Option<Note> {
    let letter = |k: usize| crate::read::column_letters(table.numeric_column(k).col);
    let left: Vec<(String, String)> = (0..table.numeric.len())
        .filter(|&k| table.numeric_column(k).role.is_additive())
        .filter(|k| !columns.iter().any(|(_, c)| c == k))
        .filter(|&k| {
            !matches!(
                table.numeric_column(k).role,
                Role::AmountMaterial | Role::AmountLabour | Role::AmountMachine
            )
        })
        .map(|k| (letter(k), table.numeric_column(k).label.clone()))
        .collect();
    if left.is_empty() && !always {
        return None;
    }
    let taken = columns
        .iter()
        .map(|&(p, k)| (letter(k), table.numeric_column(k).label.clone(), p))
        .collect();
    Some(Note::Columns {
        table: name,
        taken,
        left,
    })
}

/// Whether any item under item `i` carries an amount in column `k`: then
/// `i` is a subtotal there, counted through its items.
fn amount_below(table: &Table, i: usize, k: usize) -> bool {
    table.items[i].child_indices().any(|c| {
        table.items[c].kind == ItemKind::Item
            && (table.items[c].amount(k).is_some() || amount_below(table, c, k))
    })
}

/// The group of item `i`: (name counted under, spelling as written,
/// whether joint).
fn group_of(
    appendix: &Appendix,
    table: &Table,
    i: usize,
    options: &RollupOptions,
    notes: &mut Vec<Note>,
) -> (String, String, bool) {
    let single = |s: String| (s.clone(), s, false);
    match options.by {
        By::Commune => single(commune_of(&table.title).unwrap_or_else(|| file_stem(appendix))),
        By::Appendix => single(appendix_of(&table.title).unwrap_or_else(|| table.sheet.clone())),
        By::Item => single(table.items[i].content.to_string()),
        By::Section => {
            let mut top = i;
            while let Some(p) = table.items[top].parent_index() {
                top = p;
            }
            let item = &table.items[top];
            single(if item.stt.is_empty() {
                item.content.to_string()
            } else {
                format!("{}. {}", item.stt.trim_end_matches('.'), item.content)
            })
        }
        By::Lead | By::Partner => {
            // The unit of the row, else of the nearest row above it that
            // names one ("1. Nâng cao …" over its tasks).
            let mut at = Some(i);
            let mut text = String::new();
            while let Some(j) = at {
                let item = &table.items[j];
                let t = if options.by == By::Lead {
                    &item.lead
                } else {
                    &item.partner
                };
                if !t.trim().is_empty() {
                    text = t.trim().to_string();
                    break;
                }
                at = item.parent_index();
            }
            if text.is_empty() {
                return single(UNNAMED.to_string());
            }
            if let Some(name) = options.aliases.canonical(&text) {
                return (name.to_string(), text, false);
            }
            let parts: Vec<&str> = text
                .split([',', ';', '\n', '+'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if parts.len() > 1 {
                let names: Vec<String> = parts
                    .iter()
                    .map(|p| {
                        options
                            .aliases
                            .canonical(p)
                            .map(str::to_string)
                            .unwrap_or_else(|| p.to_string())
                    })
                    .collect();
                let row = at.map_or(table.items[i].row, |j| table.items[j].row);
                let col = table
                    .columns
                    .iter()
                    .find(|c| {
                        c.role
                            == if options.by == By::Lead {
                                Role::Lead
                            } else {
                                Role::Partner
                            }
                    })
                    .map_or(table.bounds.1, |c| c.col);
                let cell = format!("'{}'!{}", table.sheet, crate::a1::a1(row, col));
                if !notes
                    .iter()
                    .any(|n| matches!(n, Note::Joint { cell: c, .. } if *c == cell))
                {
                    notes.push(Note::Joint {
                        cell,
                        text: text.clone(),
                    });
                }
                return (names.join(", "), text, true);
            }
            (text.clone(), text, false)
        }
    }
}

fn file_stem(appendix: &Appendix) -> String {
    std::path::Path::new(&appendix.path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| appendix.path.clone())
}

/// The table's grand total as printed: its last total row that is not a
/// tax line, per period (a period total column, else the sum of the
/// years); `None` when the table has no total row.
fn printed_total(table: &Table, columns: &[(Period, usize)], factor: Decimal) -> Option<Amounts> {
    let total = table
        .totals
        .iter()
        .rev()
        .find(|t| !is_tax_label(&t.content))?;
    let mut out = Amounts::default();
    let mut years = Decimal::ZERO;
    let mut any_year = false;
    for &(p, k) in columns {
        let Some(v) = total.amount(k).and_then(|v| v.checked_mul(factor)) else {
            continue;
        };
        out.0.insert(p, v);
        if matches!(p, Period::Year(_)) {
            years = years.checked_add(v)?;
            any_year = true;
        }
    }
    if any_year && out.get(Period::Total).is_none() {
        out.0.insert(Period::Total, years);
    }
    Some(out)
}
