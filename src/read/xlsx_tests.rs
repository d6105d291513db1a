//! The xlsx fast path against calamine, cell for cell.
use crate::read::Source;
use calamine::DataRef;
use std::path::{Path, PathBuf};

fn workbooks(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(dir) = std::fs::read_dir(root) else {
        return;
    };
    for entry in dir.flatten() {
        let p = entry.path();
        if p.is_dir() {
            workbooks(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm"))
        {
            out.push(p);
        }
    }
}

/// What each reading of a file gives, sheet by sheet, in words: through
/// the fast path, or through calamine alone (its cells as phuluc read
/// them before the fast path; merged regions and unsaved results as
/// calamine itself reports them).
fn read_all(path: &Path, fast: bool) -> Result<Vec<Vec<String>>, String> {
    let mut source = Source::open(path).map_err(|e| e.to_string())?;
    let mut book: Option<calamine::Xlsx<_>> = None;
    if !fast {
        source.calamine_only();
        book = Some(calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?);
    }
    let mut sheets = Vec::new();
    for name in source.sheet_names().to_vec() {
        let mut out = Vec::new();
        let before = source.fast_reads;
        match source.sheet(&name) {
            // Sheets the fast path stepped aside from are calamine's on
            // both sides.
            Ok(_) if fast && source.fast_reads == before => out.push(format!("{name}: aside")),
            Ok(sheet) => {
                let (mut merges, mut uncached) = (sheet.merges.clone(), sheet.uncached_formulas);
                if let Some(book) = book.as_mut() {
                    merges = book
                        .merge_cells_by_sheet_name(&name)
                        .unwrap_or_default()
                        .iter()
                        .map(crate::read::to_merge)
                        .collect();
                    uncached = false;
                    if let Ok(mut cells) = book.worksheet_cells_reader(&name) {
                        while let Ok(Some(c)) = cells.next_cell_with_formula_metadata() {
                            if c.formula.is_some() && c.value == DataRef::Empty {
                                uncached = true;
                            }
                        }
                    }
                }
                out.push(format!(
                    "{name}: {} cells, merges {merges:?}, legacy {:?}, uncached {uncached}",
                    sheet.cells.len(),
                    sheet.legacy,
                ));
                for (r, c, v) in sheet.cells.used_cells() {
                    out.push(format!("{r},{c}: {v:?}"));
                }
            }
            Err(e) => out.push(format!("{name}: error {e}")),
        }
        sheets.push(out);
    }
    Ok(sheets)
}

/// Every xlsx of the examples, the seeds and the corpus reads the same
/// through the fast path as through calamine: the same cells with the
/// same values, the same merges, legacy text and unsaved results.
/// Where calamine refuses a sheet, the fast path may read it.
#[test]
fn the_fast_path_reads_every_workbook_as_calamine_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    workbooks(&root.join("workbooks"), &mut files);
    workbooks(&root.join("../shared/corpus"), &mut files);
    workbooks(&root.join("../shared/seeds"), &mut files);
    files.sort();
    assert!(
        files.len() > 1000,
        "../shared/corpus must be beside the checkout"
    );
    let mut differ = Vec::new();
    let (mut compared, mut sheets, mut aside) = (0, 0, 0);
    for f in &files {
        if std::fs::metadata(f).map_or(true, |m| m.len() > 8 << 20) {
            continue;
        }
        let (Ok(fast), Ok(slow)) = (read_all(f, true), read_all(f, false)) else {
            continue;
        };
        compared += 1;
        for (fast, slow) in fast.iter().zip(&slow) {
            // Sheets read by calamine on both sides are not compared;
            // where calamine refuses a sheet, the fast path may read it.
            if fast[0].ends_with(": aside") {
                aside += 1;
                continue;
            }
            if slow[0].contains(": error ") {
                continue;
            }
            sheets += 1;
            let Some(i) = (0..fast.len().max(slow.len())).find(|&i| fast.get(i) != slow.get(i))
            else {
                continue;
            };
            // Around the first difference.
            let from = match (fast.get(i), slow.get(i)) {
                (Some(a), Some(b)) => a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count(),
                _ => 0,
            };
            let cut = |s: Option<&String>| {
                s.map(|s| {
                    let skip = s[..from.min(s.len())].chars().count().saturating_sub(60);
                    s.chars().skip(skip).take(160).collect::<String>()
                })
            };
            differ.push(format!(
                "{}: fast {:?} / calamine {:?}",
                f.display(),
                cut(fast.get(i)),
                cut(slow.get(i))
            ));
        }
    }
    eprintln!("{compared} workbooks, {sheets} sheets compared, {aside} read by calamine");
    assert!(compared > 1000, "only {compared} workbooks compared");
    // Nearly every sheet is the fast path's: it steps aside rarely.
    assert!(
        sheets > 10 * aside && sheets > 2000,
        "{sheets} sheets, {aside} aside"
    );
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// A workbook written by hand with what the fast path must read as
/// calamine does: dates under built-in and custom formats in the 1904
/// system, a duration, booleans, errors, inline and rich text with a
/// phonetic run, kept and trimmed spaces, entities, a legacy font, a
/// formula saved without its result, merged cells, rows and cells
/// without references.
#[test]
fn a_workbook_of_every_kind_of_cell_reads_as_calamine_reads_it() {
    use std::io::Write;
    let parts = [
        (
            "[Content_Types].xml",
            r##"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"##,
        ),
        (
            "_rels/.rels",
            r##"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"##,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r##"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"##,
        ),
        (
            "xl/workbook.xml",
            r##"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Phụ lục &amp; I" sheetId="1" r:id="rId1"/></sheets></workbook>"##,
        ),
        (
            "xl/styles.xml",
            r##"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="#,##0\ &quot;đ&quot;"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Times New Roman"/></font><font><name val=".VnTime"/></font><font><name val=".VnTimeH"/></font></fonts><cellXfs count="7"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="165" fontId="0"/><xf numFmtId="166" fontId="0"/><xf numFmtId="0" fontId="1"/><xf numFmtId="0" fontId="2"/></cellXfs></styleSheet>"##,
        ),
        (
            "xl/sharedStrings.xml",
            r##"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>STT</t></si><si><t xml:space="preserve">  Nội dung &amp; &lt;ghi chú&gt;  </t></si><si><r><rPr><b/></rPr><t>Tổng </t></r><r><t xml:space="preserve">cộng </t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si><si><t>  trimmed
 </t></si><si><t>Tæng céng</t></si><si/></sst>"##,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r##"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H6"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s" s="5"><v>4</v></c><c r="F1" t="s" s="6"><v>4</v></c><c r="G1" t="s"><v>5</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>45000</v></c><c r="C2" s="2"><v>45000.5</v></c><c r="D2" s="3"><v>1.25</v></c><c r="E2" s="4"><v>-1234567.5</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#REF!</v></c><c r="H2" t="n"><v>1.5E-3</v></c></row><row><c t="inlineStr"><is><t>inline</t></is></c><c t="str"><f>A1&amp;"x"</f><v>STT&amp;x</v></c><c><f>SUM(A2:B2)</f></c><c t="str"><f>""</f><v></v></c></row><row r="5" spans="1:3"/><row><c r="b6"><v>007</v></c><c r="C6" t="s"/></row></sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C5:D6"/></mergeCells></worksheet>"##,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every-kind.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let fast = read_all(&path, true).unwrap();
    let slow = read_all(&path, false).unwrap();
    assert!(!fast[0][0].ends_with(": aside"), "{:?}", fast[0][0]);
    assert_eq!(fast, slow);
    let text = fast[0].join("\n");
    for want in [
        "Phụ lục & I: 19 cells, merges [Merge { first_row: 0, first_col: 0, last_row: 0, last_col: 1 }",
        "uncached true",
        "0,1: String(\"  Nội dung & <ghi chú>  \")",
        "0,2: String(\"Tổngcộng \")", // a run not kept is trimmed
        "0,3: String(\"trimmed\")",
        "0,5: String(\"TỔNG CỘNG\")",
        "1,1: DateTime(ExcelDateTime { value: 45000.0, datetime_type: DateTime, is_1904: true })",
        "1,3: DateTime(ExcelDateTime { value: 1.25, datetime_type: TimeDelta, is_1904: true })",
        "1,4: Float(-1234567.5)",
        "1,5: Bool(true)",
        "1,6: Error(Ref)",
        "2,0: String(\"inline\")",
        "2,1: String(\"STT&x\")",
        "2,3: String(\"\")",
        "5,1: Float(7.0)",
    ] {
        assert!(text.contains(want), "{want} not in\n{text}");
    }
}
