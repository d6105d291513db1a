//! The province report of `phuluc check --report REPORT.xlsx|csv|json`:
//! one line per file (its province and commune folders, the commune its
//! title block names, its appendices and tables, its total per year, its
//! errors, warnings and notes, its status), every finding with its cell,
//! and the yearly totals per commune. Files are added as they are checked
//! (a line each: the report holds no workbook), then written once.

use crate::check::Severity;
use crate::reconcile::rollup::{rollup, By, Period, RollupOptions};
use crate::report::lang::Lang;
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

/// The report, built file by file.
#[derive(Debug, Clone)]
pub struct ProvinceReport {
    /// The language of its words and messages.
    pub lang: Lang,
    /// The files, in the order added.
    pub files: Vec<FileRow>,
    /// Every finding, in the order added.
    pub findings: Vec<FindingRow>,
    /// Per commune (title block, else folder, else file): total per year,
    /// and of the whole period.
    pub communes: BTreeMap<String, (BTreeMap<u16, Decimal>, Option<Decimal>)>,
    /// Every year any file has.
    pub years: BTreeSet<u16>,
}

impl ProvinceReport {
    /// An empty report.
    pub fn new(lang: Lang) -> ProvinceReport {
        ProvinceReport {
            lang,
            files: Vec::new(),
            findings: Vec::new(),
            communes: BTreeMap::new(),
            years: BTreeSet::new(),
        }
    }

    /// Adds one file's result. `roots` are the inputs as given: a file
    /// under a folder among them takes its province and commune from the
    /// folders between.
    ///
    /// ```
    /// use phuluc::report::province::{ProvinceReport, Status};
    /// let path = std::path::Path::new("workbooks/da-kia-phu-luc-iii.xlsx");
    /// let outcome = phuluc::analyse(path, &Default::default());
    /// let mut report = ProvinceReport::new(phuluc::report::lang::Lang::Vi);
    /// report.add(path, &["workbooks".into()], &outcome);
    /// let row = &report.files[0];
    /// assert_eq!(row.status, Status::Errors);
    /// assert_eq!(row.commune.as_deref(), Some("Xã Đa Kia"));
    /// assert!(row.errors > 0 && report.findings.len() >= row.errors);
    /// ```
    pub fn add(&mut self, file: &Path, roots: &[PathBuf], result: &Result<Outcome, Error>) {
        let (province, commune_folder) = folders(file, roots);
        let shown = file.display().to_string();
        let outcome = match result {
            Ok(o) => o,
            Err(e) => {
                self.files.push(FileRow {
                    file: shown.clone(),
                    province,
                    commune_folder,
                    commune: None,
                    appendices: Vec::new(),
                    tables: 0,
                    years: BTreeMap::new(),
                    total: None,
                    errors: 1,
                    warnings: 0,
                    notes: 0,
                    status: Status::Unreadable,
                });
                self.findings.push(FindingRow {
                    file: shown,
                    sheet: String::new(),
                    cell: String::new(),
                    code: "unreadable".into(),
                    severity: Severity::Error,
                    message: e.message(self.lang),
                    expected: None,
                    found: None,
                });
                return;
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
        let (years, total) = yearly_totals(outcome);
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
            self.findings.push(FindingRow {
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
        self.files.push(FileRow {
            file: shown,
            province,
            commune_folder,
            commune,
            appendices,
            tables: tables.len(),
            years,
            total,
            errors,
            warnings: count(Severity::Warning),
            notes: count(Severity::Info),
            status: if errors > 0 {
                Status::Errors
            } else {
                Status::Ok
            },
        });
    }

    /// The report as one JSON document: `{"unit": "trieu", "files": […],
    /// "findings": […], "communes": […]}`, amounts as strings of digits.
    pub fn to_json(&self) -> String {
        let amounts = |m: &BTreeMap<u16, Decimal>| -> serde_json::Value {
            m.iter()
                .map(|(y, v)| (y.to_string(), v.normalize().to_string().into()))
                .collect::<serde_json::Map<String, serde_json::Value>>()
                .into()
        };
        let files: Vec<serde_json::Value> = self
            .files
            .iter()
            .map(|f| {
                serde_json::json!({
                    "file": f.file,
                    "province": f.province,
                    "commune_folder": f.commune_folder,
                    "commune": f.commune,
                    "appendices": f.appendices,
                    "tables": f.tables,
                    "years": amounts(&f.years),
                    "total": f.total.map(|t| t.normalize().to_string()),
                    "errors": f.errors,
                    "warnings": f.warnings,
                    "notes": f.notes,
                    "status": f.status.word(Lang::En),
                })
            })
            .collect();
        let findings: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|f| {
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
            })
            .collect();
        let communes: Vec<serde_json::Value> = self
            .communes
            .iter()
            .map(|(c, (y, t))| {
                serde_json::json!({
                    "commune": c,
                    "years": amounts(y),
                    "total": t.map(|t| t.normalize().to_string()),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "unit": "trieu",
            "files": files,
            "findings": findings,
            "communes": communes,
        });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The three tables as CSV: the files, the findings, the communes.
    pub fn to_csv(&self) -> [String; 3] {
        let years: Vec<u16> = self.years.iter().copied().collect();
        let amount = |m: &BTreeMap<u16, Decimal>, y: &u16| {
            m.get(y)
                .map(|v| v.normalize().to_string())
                .unwrap_or_default()
        };
        let mut files = csv::Writer::from_writer(Vec::new());
        let mut head: Vec<String> = ["tep", "tinh", "thu_muc_xa", "xa", "phu_luc", "so_bang"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        head.extend(years.iter().map(|y| format!("nam_{y}")));
        head.extend(["tong", "loi", "canh_bao", "ghi_chu", "trang_thai"].map(String::from));
        let _ = files.write_record(&head);
        for f in &self.files {
            let mut rec = vec![
                f.file.clone(),
                f.province.clone(),
                f.commune_folder.clone(),
                f.commune.clone().unwrap_or_default(),
                f.appendices.join("; "),
                f.tables.to_string(),
            ];
            rec.extend(years.iter().map(|y| amount(&f.years, y)));
            rec.extend([
                plain(f.total),
                f.errors.to_string(),
                f.warnings.to_string(),
                f.notes.to_string(),
                f.status.word(Lang::En).to_string(),
            ]);
            let _ = files.write_record(&rec);
        }
        let mut findings = csv::Writer::from_writer(Vec::new());
        let _ = findings.write_record([
            "tep", "trang", "o", "ma", "muc", "noi_dung", "dung_ra", "thuc_te",
        ]);
        for f in &self.findings {
            let _ = findings.write_record([
                f.file.as_str(),
                &f.sheet,
                &f.cell,
                &f.code,
                severity_code(f.severity),
                &f.message,
                f.expected.as_deref().unwrap_or(""),
                f.found.as_deref().unwrap_or(""),
            ]);
        }
        let mut communes = csv::Writer::from_writer(Vec::new());
        let mut head = vec!["xa".to_string()];
        head.extend(years.iter().map(|y| format!("nam_{y}")));
        head.push("tong".into());
        let _ = communes.write_record(&head);
        for (c, (m, t)) in &self.communes {
            let mut rec = vec![c.clone()];
            rec.extend(years.iter().map(|y| amount(m, y)));
            rec.push(plain(*t));
            let _ = communes.write_record(&rec);
        }
        let text = |w: csv::Writer<Vec<u8>>| {
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        };
        [text(files), text(findings), text(communes)]
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

/// A file's total per year and of the whole period, in triệu đồng: the
/// leaf items of its money tables (nothing when it has none, or a table's
/// unit is unknown).
fn yearly_totals(outcome: &Outcome) -> (BTreeMap<u16, Decimal>, Option<Decimal>) {
    let mut options = RollupOptions::new(By::Commune);
    options.unit = Some(Unit::Trieu);
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
        };
        &plans
    };
    if appendix.tables.is_empty() {
        return (BTreeMap::new(), None);
    }
    let Ok(r) = rollup(std::slice::from_ref(appendix), &options) else {
        return (BTreeMap::new(), None);
    };
    let years = r
        .sum_of_groups
        .iter()
        .filter_map(|(p, v)| match p {
            Period::Year(y) => Some((y, v)),
            Period::Total => None,
        })
        .collect();
    (years, r.sum_of_groups.get(Period::Total))
}
