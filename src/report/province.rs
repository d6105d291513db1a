//! The province report of `phuluc check --report REPORT.xlsx|csv|json`:
//! one line per file (its province and commune folders, the commune its
//! title block names, its appendices and tables, its total per year, its
//! errors, warnings and notes, its status), every finding with its cell,
//! and the yearly totals per commune. Files are added as they are checked
//! (a line each: the report holds no workbook), then written once.

use crate::check::Severity;
use crate::lang::Lang;
use crate::reconcile::rollup::{By, Note, Period, RollupBuilder, RollupOptions};
use crate::unit::Unit;
use crate::{Error, Outcome};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How a file came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read, no error.
    Ok,
    /// Read, with errors.
    Errors,
    /// Not read (damaged, no table, refused).
    Unreadable,
}

impl Status {
    /// The word for it.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Ok, Lang::Vi) => "đạt",
            (Status::Ok, Lang::En) => "ok",
            (Status::Errors, Lang::Vi) => "có lỗi",
            (Status::Errors, Lang::En) => "errors",
            (Status::Unreadable, Lang::Vi) => "không đọc được",
            (Status::Unreadable, Lang::En) => "unreadable",
        }
    }
}

/// One file of the report.
#[derive(Debug, Clone)]
pub struct FileRow {
    /// The file, as given or found.
    pub file: String,
    /// The folder above the commune's, under the folder given ("Tỉnh A").
    pub province: String,
    /// The folder holding the file, under the folder given ("Xã B").
    pub commune_folder: String,
    /// The commune its title block names ("XÃ ĐA KIA").
    pub commune: Option<String>,
    /// The appendices its tables' titles name ("Phụ lục III").
    pub appendices: Vec<String>,
    /// How many tables were read.
    pub tables: usize,
    /// Total per year, in triệu đồng (leaf items of its money tables).
    pub years: BTreeMap<u16, Decimal>,
    /// Total of the whole period (or of a table's single amount column).
    pub total: Option<Decimal>,
    /// The columns its totals were taken from, per money table ("Kinh phí
    /// = cột E «Năm 2026», cột F «Năm 2027»; không tính cột C «Dự toán năm
    /// 2025» …"), or why a table was not counted (its amount columns cannot
    /// be told apart), in the report's language; empty when it has none.
    pub columns: String,
    /// How many errors, warnings and notes.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// How it came out.
    pub status: Status,
}

/// One finding of the report.
#[derive(Debug, Clone)]
pub struct FindingRow {
    /// The file.
    pub file: String,
    /// The sheet ("" for an unreadable file).
    pub sheet: String,
    /// The cell, A1.
    pub cell: String,
    /// The finding's code ("total-sum"; "unreadable" for a file not read).
    pub code: String,
    /// Its severity.
    pub severity: Severity,
    /// What it says, in the report's language.
    pub message: String,
    /// The value expected, if any.
    pub expected: Option<String>,
    /// The value found, if any.
    pub found: Option<String>,
}

/// The report, built file by file: its lines (a line per file, every
/// finding) go to a temporary file as they come (`Spill`), only the
/// totals per commune stay in memory — a report of 100,000 files holds no
/// more than one of 100.
#[derive(Debug)]
pub struct ProvinceReport {
    /// The language of its words and messages.
    pub lang: Lang,
    /// The files, in the order added.
    files: Spill,
    /// Every finding, in the order added.
    findings: Spill,
    /// Per commune (title block, else folder, else file): total per year,
    /// and of the whole period.
    pub communes: BTreeMap<String, (BTreeMap<u16, Decimal>, Option<Decimal>)>,
    /// Every year any file has.
    pub years: BTreeSet<u16>,
}

impl ProvinceReport {
    /// An empty report, its lines kept in the system's temporary folder.
    pub fn new(lang: Lang) -> ProvinceReport {
        ProvinceReport::new_in(lang, &std::env::temp_dir())
    }

    /// An empty report whose lines are kept in a temporary file in `dir`
    /// (the report's own folder: it has room for the report), removed
    /// from the folder as soon as it is made; in memory if it cannot be
    /// made there.
    pub fn new_in(lang: Lang, dir: &Path) -> ProvinceReport {
        ProvinceReport {
            lang,
            files: Spill::new(dir),
            findings: Spill::new(dir),
            communes: BTreeMap::new(),
            years: BTreeSet::new(),
        }
    }

    /// The files, in the order added.
    pub fn files(&self) -> impl Iterator<Item = FileRow> + '_ {
        self.files.lines().filter_map(|l| FileRow::from_line(&l))
    }

    /// Every finding, in the order added.
    pub fn findings(&self) -> impl Iterator<Item = FindingRow> + '_ {
        self.findings
            .lines()
            .filter_map(|l| FindingRow::from_line(&l))
    }

    /// How many files.
    pub fn file_count(&self) -> usize {
        self.files.count
    }

    /// How many findings.
    pub fn finding_count(&self) -> usize {
        self.findings.count
    }

    /// Adds one file's result. `roots` are the inputs as given: a file
    /// under a folder among them takes its province and commune from the
    /// folders between.
    ///
    /// ```
    /// use phuluc::report::province::{ProvinceReport, Status};
    /// let path = std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
    /// let outcome = phuluc::analyse(path, &Default::default());
    /// let mut report = ProvinceReport::new(phuluc::lang::Lang::Vi);
    /// report.add(path, &["workbooks".into()], &outcome);
    /// let row = report.files().next().unwrap();
    /// assert_eq!(row.status, Status::Errors);
    /// assert_eq!(row.commune.as_deref(), Some("Xã Đa Kia"));
    /// assert!(row.errors > 0 && report.finding_count() >= row.errors);
    /// ```
    ///
    /// Returns which columns the file's totals were taken from
    /// ([`FileRow::columns`]), for `check` to say beside the file.
    pub fn add(
        &mut self,
        file: &Path,
        roots: &[PathBuf],
        result: &Result<Outcome, Error>,
    ) -> String {
        let (province, commune_folder) = folders(file, roots);
        let shown = file.display().to_string();
        let outcome = match result {
            Ok(o) => o,
            Err(e) => {
                self.files.push(&FileRow {
                    file: shown.clone(),
                    province,
                    commune_folder,
                    commune: None,
                    appendices: Vec::new(),
                    tables: 0,
                    years: BTreeMap::new(),
                    total: None,
                    columns: String::new(),
                    errors: 1,
                    warnings: 0,
                    notes: 0,
                    status: Status::Unreadable,
                });
                self.findings.push(&FindingRow {
                    file: shown,
                    sheet: String::new(),
                    cell: String::new(),
                    code: "unreadable".into(),
                    severity: Severity::Error,
                    message: e.message(self.lang),
                    expected: None,
                    found: None,
                });
                return String::new();
            }
        };
        let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
        let tables = &outcome.appendix.tables;
        let commune = tables
            .iter()
            .find_map(|t| crate::detect::commune_of(&t.title));
        let mut appendices: Vec<String> = Vec::new();
        for t in tables {
            if let Some(a) = crate::detect::appendix_of(&t.title) {
                if !appendices.contains(&a) {
                    appendices.push(a);
                }
            }
        }
        let FileAmounts {
            years,
            total,
            columns,
        } = yearly_totals(outcome, self.lang);
        let who = commune
            .clone()
            .or_else(|| (!commune_folder.is_empty()).then(|| commune_folder.clone()))
            .unwrap_or_else(|| shown.clone());
        let (slot, sum) = self.communes.entry(who).or_default();
        for (&y, &v) in &years {
            self.years.insert(y);
            let s = slot.entry(y).or_default();
            *s = s.checked_add(v).unwrap_or(*s);
        }
        if let Some(t) = total {
            let s = sum.get_or_insert(Decimal::ZERO);
            *s = s.checked_add(t).unwrap_or(*s);
        }
        for f in &outcome.findings {
            self.findings.push(&FindingRow {
                file: shown.clone(),
                sheet: f.sheet.clone(),
                cell: f.cell.clone(),
                code: f.code.to_string(),
                severity: f.severity,
                message: f.message(self.lang),
                expected: f.expected.clone(),
                found: f.found.clone(),
            });
        }
        let errors = count(Severity::Error);
        let said = columns.clone();
        self.files.push(&FileRow {
            file: shown,
            province,
            commune_folder,
            commune,
            appendices,
            tables: tables.len(),
            years,
            total,
            columns,
            errors,
            warnings: count(Severity::Warning),
            notes: count(Severity::Info),
            status: if errors > 0 {
                Status::Errors
            } else {
                Status::Ok
            },
        });
        said
    }

    /// The report as one JSON document: `{"unit": "trieu", "files": […],
    /// "findings": […], "communes": […]}`, amounts as strings of digits.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`to_json`](Self::to_json) written to `out` a line at a time.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let amounts = |m: &BTreeMap<u16, Decimal>| -> serde_json::Value {
            m.iter()
                .map(|(y, v)| (y.to_string(), v.normalize().to_string().into()))
                .collect::<serde_json::Map<String, serde_json::Value>>()
                .into()
        };
        // Each element pretty-printed as serde_json would inside the
        // document: indented by two levels.
        let element = |v: &serde_json::Value| {
            serde_json::to_string_pretty(v)
                .unwrap_or_default()
                .lines()
                .map(|l| format!("    {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let list = |out: &mut dyn std::io::Write,
                    name: &str,
                    items: &mut dyn Iterator<Item = serde_json::Value>|
         -> std::io::Result<()> {
            write!(out, "  \"{name}\": [")?;
            let mut first = true;
            for v in items {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                out.write_all(element(&v).as_bytes())?;
                first = false;
            }
            let close = if first { "]" } else { "\n  ]" };
            writeln!(out, "{close},")
        };
        // The keys in the order serde_json writes them: sorted.
        writeln!(out, "{{")?;
        list(
            out,
            "communes",
            &mut self.communes.iter().map(|(c, (y, t))| {
                serde_json::json!({
                    "commune": c,
                    "years": amounts(y),
                    "total": t.map(|t| t.normalize().to_string()),
                })
            }),
        )?;
        list(
            out,
            "files",
            &mut self.files().map(|f| {
                serde_json::json!({
                    "file": f.file,
                    "province": f.province,
                    "commune_folder": f.commune_folder,
                    "commune": f.commune,
                    "appendices": f.appendices,
                    "tables": f.tables,
                    "years": amounts(&f.years),
                    "total": f.total.map(|t| t.normalize().to_string()),
                    "columns": f.columns,
                    "errors": f.errors,
                    "warnings": f.warnings,
                    "notes": f.notes,
                    "status": f.status.word(Lang::En),
                })
            }),
        )?;
        list(
            out,
            "findings",
            &mut self.findings().map(|f| {
                serde_json::json!({
                    "file": f.file,
                    "sheet": f.sheet,
                    "cell": f.cell,
                    "code": f.code,
                    "severity": severity_code(f.severity),
                    "message": f.message,
                    "expected": f.expected,
                    "found": f.found,
                })
            }),
        )?;
        writeln!(out, "  \"unit\": \"trieu\"")?;
        writeln!(out, "}}")
    }

    /// The three tables as CSV: the files, the findings, the communes.
    pub fn to_csv(&self) -> [String; 3] {
        let text = |which: CsvTable| {
            let mut out = Vec::new();
            let _ = self.write_csv(which, &mut out);
            String::from_utf8(out).unwrap_or_default()
        };
        [
            text(CsvTable::Files),
            text(CsvTable::Findings),
            text(CsvTable::Communes),
        ]
    }

    /// One of the three CSV tables written to `out` a line at a time. Its
    /// header line is the marker by which a folder run knows it for
    /// phuluc's own ([`crate::write::is_report_csv`]).
    pub fn write_csv(&self, which: CsvTable, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let years: Vec<u16> = self.years.iter().copied().collect();
        let amount = |m: &BTreeMap<u16, Decimal>, y: &u16| {
            m.get(y)
                .map(|v| v.normalize().to_string())
                .unwrap_or_default()
        };
        let mut w = csv::Writer::from_writer(out);
        match which {
            CsvTable::Files => {
                let mut head: Vec<String> = [
                    "tep",
                    "tinh",
                    "thu_muc_xa",
                    "xa",
                    "phu_luc",
                    "so_bang",
                    "cot_kinh_phi",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect();
                head.extend(years.iter().map(|y| format!("nam_{y}")));
                head.extend(["tong", "loi", "canh_bao", "ghi_chu", "trang_thai"].map(String::from));
                w.write_record(&head)?;
                for f in self.files() {
                    let mut rec = vec![
                        f.file.clone(),
                        f.province.clone(),
                        f.commune_folder.clone(),
                        f.commune.clone().unwrap_or_default(),
                        f.appendices.join("; "),
                        f.tables.to_string(),
                        f.columns.clone(),
                    ];
                    rec.extend(years.iter().map(|y| amount(&f.years, y)));
                    rec.extend([
                        plain(f.total),
                        f.errors.to_string(),
                        f.warnings.to_string(),
                        f.notes.to_string(),
                        f.status.word(Lang::En).to_string(),
                    ]);
                    w.write_record(&rec)?;
                }
            }
            CsvTable::Findings => {
                w.write_record([
                    "tep", "trang", "o", "ma", "muc", "noi_dung", "dung_ra", "thuc_te",
                ])?;
                for f in self.findings() {
                    w.write_record([
                        f.file.as_str(),
                        &f.sheet,
                        &f.cell,
                        &f.code,
                        severity_code(f.severity),
                        &f.message,
                        f.expected.as_deref().unwrap_or(""),
                        f.found.as_deref().unwrap_or(""),
                    ])?;
                }
            }
            CsvTable::Communes => {
                let mut head = vec!["xa".to_string()];
                head.extend(years.iter().map(|y| format!("nam_{y}")));
                head.push("tong".into());
                w.write_record(&head)?;
                for (c, (m, t)) in &self.communes {
                    let mut rec = vec![c.clone()];
                    rec.extend(years.iter().map(|y| amount(m, y)));
                    rec.push(plain(*t));
                    w.write_record(&rec)?;
                }
            }
        }
        w.flush()
    }
}

/// The three tables of the CSV report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    /// A line per file (REPORT.csv).
    Files,
    /// Every finding (REPORT-phat-hien.csv).
    Findings,
    /// The totals per commune (REPORT-theo-xa.csv).
    Communes,
}

/// Lines of the report kept in a temporary file as they come, one JSON
/// line each, read back in order when the report is written. The file is
/// removed from its folder as soon as it is made (only this process holds
/// it, and nothing is left behind whatever happens); lines stay in memory
/// when it cannot be made.
#[derive(Debug)]
struct Spill {
    file: Option<std::fs::File>,
    memory: Vec<String>,
    count: usize,
}

impl Spill {
    fn new(dir: &Path) -> Spill {
        static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(".phuluc-bao-cao-{}-{n}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .ok();
        if file.is_some() {
            let _ = std::fs::remove_file(&path);
        }
        Spill {
            file,
            memory: Vec::new(),
            count: 0,
        }
    }

    fn push(&mut self, row: &impl ToLine) {
        use std::io::{Seek, Write};
        let mut line = row.to_line();
        self.count += 1;
        if let Some(f) = &mut self.file {
            line.push('\n');
            let written = f
                .seek(std::io::SeekFrom::End(0))
                .and_then(|_| f.write_all(line.as_bytes()));
            if written.is_ok() {
                return;
            }
            // A full disk: what was written stays, the rest in memory.
            line.pop();
        }
        self.memory.push(line);
    }

    fn lines(&self) -> impl Iterator<Item = String> + '_ {
        use std::io::{BufRead, Seek};
        let from_file = self.file.as_ref().and_then(|f| {
            let mut f = f.try_clone().ok()?;
            f.seek(std::io::SeekFrom::Start(0)).ok()?;
            Some(std::io::BufReader::new(f).lines().map_while(Result::ok))
        });
        from_file
            .into_iter()
            .flatten()
            .chain(self.memory.iter().cloned())
    }
}

/// A report line as one JSON line and back.
trait ToLine {
    fn to_line(&self) -> String;
}

impl ToLine for FileRow {
    fn to_line(&self) -> String {
        serde_json::json!([
            self.file,
            self.province,
            self.commune_folder,
            self.commune,
            self.appendices,
            self.tables,
            self.years
                .iter()
                .map(|(y, v)| (y, v.to_string()))
                .collect::<Vec<_>>(),
            self.total.map(|t| t.to_string()),
            self.errors,
            self.warnings,
            self.notes,
            self.status.word(Lang::En),
            self.columns,
        ])
        .to_string()
    }
}

impl FileRow {
    fn from_line(line: &str) -> Option<FileRow> {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let text = |i: usize| v.get(i)?.as_str().map(String::from);
        let count = |i: usize| v.get(i)?.as_u64().map(|n| n as usize);
        let decimal = |x: &serde_json::Value| x.as_str()?.parse::<Decimal>().ok();
        let years = v
            .get(6)?
            .as_array()?
            .iter()
            .filter_map(|p| Some((p.get(0)?.as_u64()? as u16, decimal(p.get(1)?)?)))
            .collect();
        let status = match v.get(11)?.as_str()? {
            "ok" => Status::Ok,
            "errors" => Status::Errors,
            _ => Status::Unreadable,
        };
        Some(FileRow {
            file: text(0)?,
            province: text(1)?,
            commune_folder: text(2)?,
            commune: text(3),
            appendices: v
                .get(4)?
                .as_array()?
                .iter()
                .filter_map(|a| a.as_str().map(String::from))
                .collect(),
            tables: count(5)?,
            years,
            total: v.get(7).and_then(decimal),
            columns: text(12).unwrap_or_default(),
            errors: count(8)?,
            warnings: count(9)?,
            notes: count(10)?,
            status,
        })
    }
}

impl ToLine for FindingRow {
    fn to_line(&self) -> String {
        serde_json::json!([
            self.file,
            self.sheet,
            self.cell,
            self.code,
            severity_code(self.severity),
            self.message,
            self.expected,
            self.found,
        ])
        .to_string()
    }
}

impl FindingRow {
    fn from_line(line: &str) -> Option<FindingRow> {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let text = |i: usize| v.get(i)?.as_str().map(String::from);
        let severity = match v.get(4)?.as_str()? {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        Some(FindingRow {
            file: text(0)?,
            sheet: text(1)?,
            cell: text(2)?,
            code: text(3)?,
            severity,
            message: text(5)?,
            expected: text(6),
            found: text(7),
        })
    }
}

fn plain(v: Option<Decimal>) -> String {
    v.map(|v| v.normalize().to_string()).unwrap_or_default()
}

/// A severity as JSON and CSV write it.
pub fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The province and commune folders of a file under one of `roots`: the
/// folders between the root and the file, the first as the province, the
/// last as the commune ("Tỉnh A/Xã B/phu-luc.xlsx"); one folder is the
/// commune's.
fn folders(file: &Path, roots: &[PathBuf]) -> (String, String) {
    let Some(rel) = roots
        .iter()
        .filter(|r| r.is_dir())
        .find_map(|r| file.strip_prefix(r).ok())
    else {
        return (String::new(), String::new());
    };
    let dirs: Vec<String> = rel
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    match dirs.as_slice() {
        [] => (String::new(), String::new()),
        [commune] => (String::new(), commune.clone()),
        [province, .., commune] => (province.clone(), commune.clone()),
    }
}

/// A file's amounts: its total per year and of the whole period, in triệu
/// đồng (the leaf items of its money tables: nothing when it has none, or a
/// table's unit is unknown), and which columns each table was counted by
/// or why it was not, as `rollup` takes them.
struct FileAmounts {
    years: BTreeMap<u16, Decimal>,
    total: Option<Decimal>,
    columns: String,
}

/// What each money table of the file was counted by ("Kinh phí = cột E
/// «Năm 2026», …"), or that its amount columns cannot be told apart; a
/// table named before its words when the file has several.
fn columns_of(notes: &[Note], lang: Lang) -> String {
    let said: Vec<(&str, String)> = notes
        .iter()
        .filter_map(|n| match n {
            Note::Columns { table, taken, left } => Some((
                table.as_str(),
                crate::report::rollup::columns_words(taken, left, lang),
            )),
            Note::Ambiguous { table, columns } => Some((
                table.as_str(),
                crate::report::rollup::ambiguous_words(columns, lang),
            )),
            _ => None,
        })
        .collect();
    match said.as_slice() {
        [(_, words)] => words.clone(),
        several => several
            .iter()
            .map(|(table, words)| format!("{table}: {words}"))
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

/// See [`FileAmounts`].
fn yearly_totals(outcome: &Outcome, lang: Lang) -> FileAmounts {
    let nothing = |columns: String| FileAmounts {
        years: BTreeMap::new(),
        total: None,
        columns,
    };
    let mut options = RollupOptions::new(By::Commune);
    options.unit = Some(Unit::Trieu);
    options.name_columns = true;
    // A cost estimate's lines and summary rows are no plan's amounts; nor
    // is a summary per commune (the communes' own files are counted).
    let is_plan = |t: &crate::model::Table| {
        !t.estimate
            && !crate::reconcile::rollup::names_communes(t)
            && !t.columns.iter().any(|c| {
                matches!(
                    c.role,
                    crate::detect::Role::Formula | crate::detect::Role::Symbol
                )
            })
    };
    let plans;
    let appendix = if outcome.appendix.tables.iter().all(is_plan) {
        &outcome.appendix
    } else {
        plans = crate::Appendix {
            path: outcome.appendix.path.clone(),
            format: outcome.appendix.format,
            tables: outcome
                .appendix
                .tables
                .iter()
                .filter(|t| is_plan(t))
                .cloned()
                .collect(),
            sheets_without_table: Vec::new(),
            unchecked_sheets: Vec::new(),
        };
        &plans
    };
    if appendix.tables.is_empty() {
        // Tables, but none a plan's: said, so that a blank total is not
        // read as a commune that plans nothing.
        let why = match (outcome.appendix.tables.is_empty(), lang) {
            (true, _) => String::new(),
            (false, Lang::Vi) => {
                "không tính bảng nào: không có bảng kế hoạch (dự toán, bảng tổng hợp theo xã)"
                    .into()
            }
            (false, Lang::En) => {
                "no table counted: no plan table (cost estimates, summaries per commune)".into()
            }
        };
        return nothing(why);
    }
    let mut builder = RollupBuilder::new(&options);
    if let Err(e) = builder.add(appendix) {
        // A table whose unit is unknown, amounts beyond any budget: not
        // counted, and said.
        return nothing(e.message(lang));
    }
    let columns = columns_of(builder.notes(), lang);
    let Ok(r) = builder.finish() else {
        return nothing(columns);
    };
    let years = r
        .sum_of_groups
        .iter()
        .filter_map(|(p, v)| match p {
            Period::Year(y) => Some((y, v)),
            Period::Total => None,
        })
        .collect();
    FileAmounts {
        years,
        total: r.sum_of_groups.get(Period::Total),
        columns,
    }
}
