//! `export` of a folder as its files are read: an appendix's rows are
//! written as soon as the file's kind is known, so that a country's CSV
//! costs the memory of a chunk of files, not of every file.
//!
//! The long layout of money tables streams: a file's money tables are
//! written once any file has shown a money table (an export holds money
//! tables if there are any, so that is final). Files before that (task
//! lists only) are kept until it, and the other layouts — the wide one,
//! whose year columns depend on every file; task lists; estimate lines —
//! keep every file and are written at the end by [`super::export::export_to`].
//! The bytes are the same either way.

use super::export::{
    ambiguous_text, commune_warnings_of, export_to, is_estimate, prepare, quote_sheet, tables_of,
    write_long_rows, ExportOptions, Exported, Layout, Writer, LONG,
};
use crate::model::Appendix;
use crate::Error;
use std::path::Path;

/// An export fed one file at a time.
///
/// ```
/// use phuluc::export::{export, ExportStream};
/// let files = ["workbooks/da-kia-phu-luc-iii-sua.xlsx", "workbooks/ha-long-phu-luc-2-sua.xlsx"];
/// let appendices: Vec<_> = files
///     .iter()
///     .map(|f| phuluc::read_appendix(f.as_ref(), &Default::default()))
///     .collect::<Result<_, _>>()?;
/// let options = Default::default();
/// let mut out = Vec::new();
/// let mut stream = ExportStream::new(&options, &mut out);
/// for a in appendices.clone() {
///     stream.add(a)?;
/// }
/// stream.finish("-".as_ref())?;
/// assert_eq!(out, export(&appendices, &options)?.text.into_bytes());
/// # Ok::<(), phuluc::Error>(())
/// ```
pub struct ExportStream<'a> {
    options: &'a ExportOptions,
    /// Where the CSV goes, until the writer takes it.
    out: Option<&'a mut dyn std::io::Write>,
    /// Once rows stream: the writer, its header written.
    writer: Option<Writer<'a>>,
    /// Files kept until rows can stream, or until the end.
    kept: Vec<Appendix>,
    /// (commune, file) of each table written, for the commune warnings.
    communes: Vec<(String, String)>,
    skipped: Vec<String>,
    estimates: Vec<String>,
    /// Which columns each table written was exported by, when worth saying.
    columns: Vec<super::export::TableColumns>,
    /// Tables left out: their amount columns cannot be told apart.
    ambiguous: Vec<Error>,
}

impl<'a> ExportStream<'a> {
    /// An export into `out`, nothing added yet.
    pub fn new(options: &'a ExportOptions, out: &'a mut dyn std::io::Write) -> ExportStream<'a> {
        ExportStream {
            options,
            out: Some(out),
            writer: None,
            kept: Vec::new(),
            communes: Vec::new(),
            skipped: Vec::new(),
            estimates: Vec::new(),
            columns: Vec::new(),
            ambiguous: Vec::new(),
        }
    }

    /// Adds one file: written now if rows stream, else kept.
    pub fn add(&mut self, appendix: Appendix) -> Result<(), Error> {
        if self.writer.is_none() {
            let money = appendix
                .tables
                .iter()
                .any(|t| !is_estimate(t) && t.has_money);
            if self.options.layout != Layout::Long || !money {
                self.kept.push(appendix);
                return Ok(());
            }
            let Some(out) = self.out.take() else {
                return Ok(());
            };
            let mut w = Writer::new(out, self.options);
            w.record(&LONG.map(String::from), &[], "");
            self.writer = Some(w);
            for kept in std::mem::take(&mut self.kept) {
                self.write(&kept)?;
            }
        }
        self.write(&appendix)
    }

    /// Writes a file's money tables; lists its others.
    fn write(&mut self, appendix: &Appendix) -> Result<(), Error> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        for (i, t) in tables_of(appendix) {
            let at = || format!("{}: {}!{}", appendix.path, quote_sheet(&t.sheet), t.range);
            if is_estimate(t) {
                self.estimates.push(at());
            } else if t.has_money {
                let rows = match prepare(appendix, t, i, self.options) {
                    Ok(rows) => rows,
                    Err(e) if matches!(e.problem, crate::Problem::AmbiguousColumns(_)) => {
                        self.ambiguous.push(e);
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                self.communes.push(rows.commune_and_file());
                self.columns.extend(rows.columns_said());
                write_long_rows(w, std::slice::from_ref(&rows));
            } else {
                self.skipped.push(at());
            }
        }
        Ok(())
    }

    /// Finishes the export: what [`export_to`] of every file added says.
    /// `to` names the output in a write error.
    pub fn finish(mut self, to: &Path) -> Result<Exported, Error> {
        match self.writer.take() {
            // Every money table was one whose columns cannot be told apart:
            // nothing but a header would be written.
            Some(_) if self.communes.is_empty() && !self.ambiguous.is_empty() => {
                Err(self.ambiguous.swap_remove(0))
            }
            Some(w) => Ok(Exported {
                text: String::new(),
                neutralised: w.finish(to)?,
                skipped: self.skipped,
                estimates: self.estimates,
                warnings: commune_warnings_of(
                    self.communes.iter().map(|(x, f)| (x.as_str(), f.as_str())),
                ),
                columns: self.columns,
                ambiguous: self.ambiguous.iter().map(ambiguous_text).collect(),
            }),
            None => match self.out.take() {
                Some(out) => export_to(&self.kept, self.options, out, to),
                None => export_to(&self.kept, self.options, &mut std::io::sink(), to),
            },
        }
    }
}
