//! The xlsx fast path: a sheet's cells, merged regions and unsaved formula
//! results read in one pass over its XML, with the workbook's shared
//! strings and number formats read once per file.
//!
//! calamine reads the same cells through a general XML tokenizer, and the
//! merged cells took a second inflate of the sheet; three quarters of
//! reading a large appendix was that tokenizing. This reader knows the few
//! elements a sheet's cells are made of and gives exactly the values
//! calamine gives (the same dates, shared strings, rich text, booleans and
//! errors; tested cell for cell against calamine on every workbook of the
//! examples, the seeds, the published tables and the corpus). Whatever it
//! does not read exactly as calamine would — an inline date, Excel's
//! `_xHHHH_` escapes, a comment, an unknown entity, a value that is not a
//! plain number — makes it step aside ([`Stop::Aside`]) and calamine reads
//! the sheet.

use super::styles::{builtin_kind, custom_kind, legacy_font, Kind};
use super::xml::{decode_into, each_attr, Stop, Token, XmlReader};
use super::{Cells, Merge};
use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use std::collections::HashMap;
use std::io::Read;

/// What every sheet of a workbook needs: its shared strings, and for each
/// cell style whether it shows dates and whether its font is a legacy
/// Vietnamese one (.VnTime; .VnTimeH for capitals).
#[derive(Debug, Default)]
pub(super) struct Parts {
    /// The shared strings, one after the other; the cells of every sheet
    /// point into them (see [`Cells::push_shared`]).
    text: std::sync::Arc<String>,
    strings: Vec<(u32, u32)>,
    kinds: Vec<Kind>,
    /// Per style: 0 no legacy font, 1 a legacy font, 2 its capitals font.
    legacy: Vec<u8>,
    is_1904: bool,
}

/// The zip entry read, within the entry limit.
fn entry<'a>(
    zip: &'a mut zip::ZipArchive<std::io::Cursor<std::sync::Arc<[u8]>>>,
    name: &str,
) -> Option<impl Read + 'a> {
    let file = zip.by_name(name).ok()?;
    Some(file.take(super::MAX_ENTRY_BYTES))
}

impl Parts {
    /// Reads the shared strings, the styles and the date system; `Err`
    /// when something in them is not read exactly as calamine reads it.
    pub(super) fn read(
        zip: &mut zip::ZipArchive<std::io::Cursor<std::sync::Arc<[u8]>>>,
    ) -> Result<Parts, Stop> {
        // calamine finds these parts whatever the case of their names or
        // the slashes of their paths; this reader only under their own.
        const NAMES: [&str; 5] = [
            "_rels/.rels",
            "xl/_rels/workbook.xml.rels",
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/sharedStrings.xml",
        ];
        // Two entries whose names differ only in case or slashes: which one
        // calamine takes is its own affair.
        let mut seen = std::collections::HashSet::new();
        for name in zip.file_names() {
            let name = name.map_err(|_| Stop::Aside)?;
            let plain = name.replace('\\', "/").to_ascii_lowercase();
            if NAMES.iter().any(|n| n.eq_ignore_ascii_case(&plain))
                && !NAMES.contains(&name.as_ref())
            {
                return Err(Stop::Aside);
            }
            if !seen.insert(plain) {
                return Err(Stop::Aside);
            }
        }
        let mut parts = Parts::default();
        if let Some(r) = entry(zip, "xl/workbook.xml") {
            parts.is_1904 = read_1904(XmlReader::new(r))?;
        }
        if let Some(r) = entry(zip, "xl/styles.xml") {
            parts.read_styles(XmlReader::new(r))?;
        }
        if let Some(r) = entry(zip, "xl/sharedStrings.xml") {
            parts.read_strings(XmlReader::new(r))?;
        }
        Ok(parts)
    }

    fn read_strings<R: Read>(&mut self, xml: XmlReader<R>) -> Result<(), Stop> {
        let mut text = String::new();
        let read = self.read_strings_into(xml, &mut text);
        // Kept as long as any table points into it: no room to spare.
        text.shrink_to_fit();
        self.text = std::sync::Arc::new(text);
        read
    }

    fn read_strings_into<R: Read>(
        &mut self,
        mut xml: XmlReader<R>,
        text: &mut String,
    ) -> Result<(), Stop> {
        let mut value = String::new();
        loop {
            match xml.next_token()? {
                Token::Open { name, .. } if xml.bytes(name) == b"sst" => break,
                Token::End => return Err(Stop::Aside),
                _ => {}
            }
        }
        loop {
            match xml.next_token()? {
                Token::Open { name, empty, .. } if xml.bytes(name) == b"si" => {
                    value.clear();
                    if !empty {
                        read_string(&mut xml, b"si", &mut value)?;
                    }
                    let start = u32::try_from(text.len()).map_err(|_| Stop::Aside)?;
                    text.push_str(&value);
                    self.strings.push((start, value.len() as u32));
                }
                Token::Close { name } if xml.bytes(name) == b"sst" => return Ok(()),
                Token::End => return Err(Stop::Aside),
                _ => {}
            }
        }
    }

    fn read_styles<R: Read>(&mut self, mut xml: XmlReader<R>) -> Result<(), Stop> {
        #[derive(PartialEq)]
        enum In {
            Nothing,
            Formats,
            Fonts,
            Font,
            Styles,
        }
        let mut at = In::Nothing;
        let mut formats: HashMap<Vec<u8>, String> = HashMap::new();
        let mut fonts: Vec<u8> = Vec::new();
        loop {
            let token = xml.next_token()?;
            match token {
                Token::End => return Ok(()),
                Token::Open { name, attrs, empty } => {
                    let attrs = xml.bytes(attrs);
                    match (xml.bytes(name), &at) {
                        (b"numFmts", In::Nothing) if !empty => at = In::Formats,
                        (b"fonts", In::Nothing) if !empty => at = In::Fonts,
                        (b"cellXfs", In::Nothing) if !empty => at = In::Styles,
                        (b"numFmt", In::Formats) => {
                            let (mut id, mut code) = (None, None);
                            each_attr(attrs, |n, v| match n {
                                b"numFmtId" => id = Some(v),
                                b"formatCode" => code = Some(v),
                                _ => {}
                            })?;
                            if let (Some(id), Some(code)) = (id, code) {
                                let mut text = String::new();
                                decode_into(code, &mut text)?;
                                formats.insert(id.to_vec(), text);
                            }
                        }
                        (b"font", In::Fonts) => {
                            fonts.push(0);
                            if !empty {
                                at = In::Font;
                            }
                        }
                        (b"name", In::Font) => {
                            let mut font = None;
                            each_attr(attrs, |n, v| {
                                if n == b"val" {
                                    font = Some(v)
                                }
                            })?;
                            if let Some(v) = font {
                                let mut name = String::new();
                                decode_into(v, &mut name)?;
                                if let Some(last) = fonts.last_mut() {
                                    *last = legacy_font(&name);
                                }
                            }
                        }
                        (b"xf", In::Styles) => {
                            let (mut format, mut font) = (None, None);
                            each_attr(attrs, |n, v| match n {
                                b"numFmtId" => format = Some(v),
                                b"fontId" => font = Some(v),
                                _ => {}
                            })?;
                            self.kinds.push(match format {
                                None => Kind::Number,
                                Some(id) => match formats.get(id) {
                                    Some(code) => custom_kind(code),
                                    None => builtin_kind(id),
                                },
                            });
                            let font = font
                                .and_then(|v| std::str::from_utf8(v).ok())
                                .and_then(|v| v.parse::<usize>().ok())
                                .and_then(|i| fonts.get(i).copied())
                                .unwrap_or(0);
                            self.legacy.push(font);
                        }
                        _ => {}
                    }
                }
                Token::Close { name } => match (xml.bytes(name), &at) {
                    (b"numFmts", In::Formats)
                    | (b"fonts", In::Fonts)
                    | (b"cellXfs", In::Styles) => at = In::Nothing,
                    (b"font", In::Font) => at = In::Fonts,
                    _ => {}
                },
                Token::Text(_) => {}
            }
        }
    }
}

/// An xlsx opened without calamine: its sheet names, in order, and the
/// parts every sheet needs; `None` when anything in its workbook is not
/// read exactly as calamine reads it (calamine then opens it, and says
/// what is wrong with it, if anything).
pub(super) fn open(package: &mut super::merges::Package) -> Option<(Vec<String>, Box<Parts>)> {
    let mut office = None;
    each_relationship(&package.entry_bytes("_rels/.rels")?, |_, kind, target| {
        if kind.ends_with(b"/relationships/officeDocument") {
            office = Some(target.to_vec());
        }
    })?;
    if !matches!(
        office.as_deref(),
        Some(b"xl/workbook.xml" | b"/xl/workbook.xml")
    ) {
        return None;
    }
    let mut kinds: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    each_relationship(
        &package.entry_bytes("xl/_rels/workbook.xml.rels")?,
        |id, kind, _| {
            kinds.insert(id.to_vec(), kind.to_vec());
        },
    )?;
    let workbook = package.entry_bytes("xl/workbook.xml")?;
    let mut xml = XmlReader::new(&workbook[..]);
    let mut names = Vec::new();
    loop {
        match xml.next_token().ok()? {
            Token::Open { name, attrs, .. } if xml.bytes(name) == b"sheet" => {
                let (mut sheet, mut id, mut state_ok) = (None, None, true);
                each_attr(xml.bytes(attrs), |n, v| match n {
                    b"name" => sheet = Some(v),
                    b"state" => {
                        state_ok = matches!(v, b"visible" | b"hidden" | b"veryHidden");
                    }
                    _ if n == b"id" || n.ends_with(b":id") => id = Some(v),
                    _ => {}
                })
                .ok()?;
                let kind = kinds.get(id?)?;
                let last = kind.rsplit(|&b| b == b'/').next()?;
                if !state_ok || !matches!(last, b"worksheet" | b"chartsheet" | b"dialogsheet") {
                    return None;
                }
                let mut text = String::new();
                decode_into(sheet.unwrap_or(b""), &mut text).ok()?;
                names.push(text);
            }
            Token::End => break,
            _ => {}
        }
    }
    let parts = Parts::read(package.zip()).ok()?;
    Some((names, Box::new(parts)))
}

/// Each `<Relationship>` of a relationships part: its Id, Type and Target.
fn each_relationship(xml: &[u8], mut f: impl FnMut(&[u8], &[u8], &[u8])) -> Option<()> {
    let mut xml = XmlReader::new(xml);
    loop {
        match xml.next_token().ok()? {
            Token::Open { name, attrs, .. } if xml.bytes(name) == b"Relationship" => {
                let (mut id, mut kind, mut target) = (None, None, None);
                each_attr(xml.bytes(attrs), |n, v| match n {
                    b"Id" => id = Some(v),
                    b"Type" => kind = Some(v),
                    b"Target" => target = Some(v),
                    _ => {}
                })
                .ok()?;
                if let Some(id) = id {
                    f(id, kind.unwrap_or(b""), target.unwrap_or(b""));
                }
            }
            Token::End => return Some(()),
            _ => {}
        }
    }
}

fn read_1904<R: Read>(mut xml: XmlReader<R>) -> Result<bool, Stop> {
    let mut on = false;
    loop {
        match xml.next_token()? {
            Token::Open { name, attrs, .. } if xml.bytes(name) == b"workbookPr" => {
                each_attr(xml.bytes(attrs), |n, v| {
                    if n == b"date1904" {
                        on = v == b"1" || v == b"true";
                    }
                })?;
            }
            Token::End => return Ok(on),
            _ => {}
        }
    }
}

/// A string element (`<si>`, `<is>`) up to its closing tag, as calamine
/// reads it: the `<t>` texts of its runs joined, phonetic runs left out,
/// each trimmed unless `xml:space="preserve"`.
fn read_string<R: Read>(
    xml: &mut XmlReader<R>,
    closing: &[u8],
    out: &mut String,
) -> Result<(), Stop> {
    let mut phonetic = false;
    let mut one = String::new();
    loop {
        match xml.next_token()? {
            Token::Close { name } if xml.bytes(name) == closing => return Ok(()),
            Token::Open { name, empty, .. } if xml.bytes(name) == b"rPh" => phonetic = !empty,
            Token::Close { name } if xml.bytes(name) == b"rPh" => phonetic = false,
            Token::Open { name, attrs, empty } if xml.bytes(name) == b"t" && !phonetic => {
                let mut preserve = false;
                each_attr(xml.bytes(attrs), |n, v| {
                    if n == b"xml:space" {
                        preserve = v == b"preserve";
                    }
                })?;
                one.clear();
                if !empty {
                    loop {
                        match xml.next_token()? {
                            Token::Text(t) => decode_into(xml.bytes(t), &mut one)?,
                            Token::Close { name } if xml.bytes(name) == b"t" => break,
                            _ => return Err(Stop::Aside),
                        }
                    }
                }
                if preserve {
                    out.push_str(&one);
                } else {
                    out.push_str(one.trim_matches([' ', '\t', '\r', '\n']));
                }
            }
            Token::End => return Err(Stop::Aside),
            _ => {}
        }
    }
}

/// A sheet read by the fast path.
pub(super) struct Read1 {
    pub cells: Cells,
    pub merges: Vec<Merge>,
    /// Whether some formula was saved without its result.
    pub uncached: bool,
    /// Whether any cell holds a formula.
    pub formulas: bool,
}

/// A cell's type attribute.
#[derive(Clone, Copy, PartialEq)]
enum Type {
    Number,
    Shared,
    Bool,
    Error,
    Str,
    Inline,
}

/// Reads a sheet's XML. `fonts` gets the text cells in a legacy font (row,
/// column, capitals); `Err(Stop::Aside)` hands the sheet to calamine.
pub(super) fn read_sheet<R: Read>(
    parts: &Parts,
    r: R,
    max_cells: usize,
    fonts: &mut Vec<(u32, u32, bool)>,
) -> Result<Result<Read1, TooMany>, Stop> {
    let mut xml = XmlReader::new(r);
    loop {
        match xml.next_token()? {
            Token::Open { name, empty, .. } if xml.bytes(name) == b"sheetData" => {
                if empty {
                    break;
                }
                match read_cells(parts, &mut xml, max_cells, fonts)? {
                    Ok((cells, uncached, formulas)) => {
                        let merges = read_merges(&mut xml)?;
                        return Ok(Ok(Read1 {
                            cells,
                            merges,
                            uncached,
                            formulas,
                        }));
                    }
                    Err(too_many) => return Ok(Err(too_many)),
                }
            }
            // A chart sheet and the like: calamine says what it is.
            Token::End => return Err(Stop::Aside),
            _ => {}
        }
    }
    let merges = read_merges(&mut xml)?;
    let mut cells = Cells::new();
    cells.seal();
    Ok(Ok(Read1 {
        cells,
        merges,
        uncached: false,
        formulas: false,
    }))
}

/// A sheet over the cell limit.
pub(super) struct TooMany;

fn read_merges<R: Read>(xml: &mut XmlReader<R>) -> Result<Vec<Merge>, Stop> {
    let mut merges = Vec::new();
    loop {
        match xml.next_token()? {
            Token::Open { name, attrs, .. } if xml.bytes(name) == b"mergeCell" => {
                let mut at = None;
                each_attr(xml.bytes(attrs), |n, v| {
                    if n == b"ref" {
                        at = Some(v)
                    }
                })?;
                let at = at
                    .and_then(|v| std::str::from_utf8(v).ok())
                    .and_then(super::merges::parse_ref)
                    .ok_or(Stop::Aside)?;
                merges.push(at);
            }
            Token::End => return Ok(merges),
            _ => {}
        }
    }
}

/// "B12" → (11, 1), as calamine reads a cell reference; `None` for what
/// this reader leaves to calamine.
fn position(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &r[letters..];
    if !(1..=3).contains(&letters) || digits.is_empty() || digits.len() > 7 {
        return None;
    }
    let mut col = 0u32;
    for b in &r[..letters] {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row = row_number(digits)?;
    Some((row, col - 1))
}

/// A 1-based row number → 0-based.
fn row_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    n.checked_sub(1)
}

/// A style or string index: digits only.
fn small_number(v: &[u8]) -> Option<usize> {
    if v.is_empty() || v.len() > 9 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
}

/// A plain decimal number as Excel saves it (`-12.5`, `1E-3`): what both
/// this reader and calamine's read the same way.
fn plain_number(v: &[u8]) -> Option<f64> {
    let body = v.strip_prefix(b"-").unwrap_or(v);
    let mantissa_end = body
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .unwrap_or(body.len());
    let (mantissa, exponent) = body.split_at(mantissa_end);
    let mut dots = 0;
    let ok = !mantissa.is_empty()
        && mantissa.iter().all(|&b| {
            dots += usize::from(b == b'.');
            b.is_ascii_digit() || b == b'.'
        })
        && dots <= 1
        && mantissa.first().is_some_and(u8::is_ascii_digit)
        && mantissa.last().is_some_and(u8::is_ascii_digit);
    let exponent_ok = exponent.is_empty() || {
        let e = &exponent[1..];
        let e = e.strip_prefix(b"-").or(e.strip_prefix(b"+")).unwrap_or(e);
        !e.is_empty() && e.len() <= 4 && e.iter().all(u8::is_ascii_digit)
    };
    if !ok || !exponent_ok {
        return None;
    }
    // Most amounts are whole numbers of at most 15 digits: exact as f64.
    if exponent.is_empty() && dots == 0 && mantissa.len() <= 15 {
        let n = mantissa
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
        return Some(if body.len() < v.len() { -n } else { n });
    }
    std::str::from_utf8(v).ok()?.parse().ok()
}

fn error_value(v: &[u8]) -> Option<CellErrorType> {
    Some(match v {
        b"#DIV/0!" => CellErrorType::Div0,
        b"#N/A" => CellErrorType::NA,
        b"#NAME?" => CellErrorType::Name,
        b"#NULL!" => CellErrorType::Null,
        b"#NUM!" => CellErrorType::Num,
        b"#REF!" => CellErrorType::Ref,
        b"#VALUE!" => CellErrorType::Value,
        _ => return None,
    })
}

fn read_cells<R: Read>(
    parts: &Parts,
    xml: &mut XmlReader<R>,
    max_cells: usize,
    fonts: &mut Vec<(u32, u32, bool)>,
) -> Result<Result<(Cells, bool, bool), TooMany>, Stop> {
    let mut cells = Cells::new();
    cells.share_strings(parts.text.clone());
    let (mut row, mut col) = (0u32, 0u32);
    let (mut uncached, mut formulas) = (false, false);
    let mut text = String::new();
    let mut value: Vec<u8> = Vec::new();
    loop {
        match xml.next_token()? {
            Token::Open { name, attrs, empty } => match xml.bytes(name) {
                b"row" => {
                    let mut r = None;
                    each_attr(xml.bytes(attrs), |n, v| {
                        if n == b"r" {
                            r = Some(v)
                        }
                    })?;
                    if let Some(r) = r {
                        row = row_number(r).ok_or(Stop::Aside)?;
                    }
                    if empty {
                        row = row.checked_add(1).ok_or(Stop::Aside)?;
                        col = 0;
                    }
                }
                b"c" => {
                    let (mut at, mut style, mut kind) = (None, None, Type::Number);
                    let mut bad = false;
                    each_attr(xml.bytes(attrs), |n, v| match n {
                        b"r" => at = Some(v),
                        b"s" => style = Some(v),
                        b"t" => {
                            kind = match v {
                                b"n" => Type::Number,
                                b"s" => Type::Shared,
                                b"b" => Type::Bool,
                                b"e" => Type::Error,
                                b"str" => Type::Str,
                                b"inlineStr" => Type::Inline,
                                _ => {
                                    bad = true;
                                    Type::Number
                                }
                            }
                        }
                        _ => {}
                    })?;
                    if bad {
                        return Err(Stop::Aside);
                    }
                    // A cell's own reference sets its column for the cells
                    // after it, not the row (as calamine reads it).
                    let mut cell_row = row;
                    if let Some(at) = at {
                        (cell_row, col) = position(at).ok_or(Stop::Aside)?;
                    }
                    // None: no style attribute (a number, never a date).
                    let style: Option<usize> = match style {
                        None => None,
                        Some(s) => Some(small_number(s).ok_or(Stop::Aside)?),
                    };
                    let (mut has_value, mut has_formula) = (false, false);
                    text.clear();
                    value.clear();
                    let mut inline = false;
                    if !empty {
                        loop {
                            match xml.next_token()? {
                                Token::Close { name } if xml.bytes(name) == b"c" => break,
                                Token::Open { name, empty, .. } => match xml.bytes(name) {
                                    // calamine leaves an inline string's <v> empty.
                                    b"v" if kind == Type::Inline => return Err(Stop::Aside),
                                    b"v" => {
                                        has_value = true;
                                        value.clear();
                                        if !empty {
                                            read_text(xml, b"v", &mut value)?;
                                        }
                                    }
                                    // A formula after its value: calamine keeps neither.
                                    b"f" if has_value => return Err(Stop::Aside),
                                    b"f" => {
                                        has_formula = true;
                                        if !empty {
                                            skip_to(xml, b"f")?;
                                        }
                                    }
                                    b"is" if kind == Type::Inline && !inline => {
                                        inline = true;
                                        if !empty {
                                            read_string(xml, b"is", &mut text)?;
                                        }
                                    }
                                    _ => return Err(Stop::Aside),
                                },
                                Token::Text(_) => {}
                                _ => return Err(Stop::Aside),
                            }
                        }
                    }
                    formulas |= has_formula;
                    let value = match kind {
                        Type::Inline => {
                            if !inline {
                                DataRef::Empty
                            } else {
                                DataRef::String(std::mem::take(&mut text))
                            }
                        }
                        // A saved formula text, even empty, is text.
                        Type::Str if has_value => {
                            text.clear();
                            decode_into(&value, &mut text)?;
                            DataRef::String(std::mem::take(&mut text))
                        }
                        Type::Str => DataRef::Empty,
                        _ if value.is_empty() => DataRef::Empty,
                        // A number cell whose value is no number at all
                        // (`0x10`, from another program or a hand-edited
                        // file): its text, which the amount reader reports
                        // at the cell (calamine refused the whole sheet).
                        Type::Number
                            if plain_number(&value).is_none()
                                && std::str::from_utf8(&value)
                                    .is_ok_and(|v| v.trim().parse::<f64>().is_err()) =>
                        {
                            text.clear();
                            decode_into(&value, &mut text)?;
                            DataRef::String(std::mem::take(&mut text))
                        }
                        Type::Number => {
                            let n = plain_number(&value).ok_or(Stop::Aside)?;
                            let kind = match style {
                                None => Kind::Number,
                                Some(s) => parts.kinds.get(s).copied().unwrap_or(Kind::Number),
                            };
                            match kind {
                                Kind::Number => DataRef::Float(n),
                                Kind::Date => DataRef::DateTime(ExcelDateTime::new(
                                    n,
                                    ExcelDateTimeType::DateTime,
                                    parts.is_1904,
                                )),
                                Kind::Duration => DataRef::DateTime(ExcelDateTime::new(
                                    n,
                                    ExcelDateTimeType::TimeDelta,
                                    parts.is_1904,
                                )),
                            }
                        }
                        Type::Shared => {
                            let i = small_number(&value).ok_or(Stop::Aside)?;
                            let &(start, len) = parts.strings.get(i).ok_or(Stop::Aside)?;
                            let font = parts.legacy.get(style.unwrap_or(0)).copied().unwrap_or(0);
                            if font > 0 {
                                fonts.push((cell_row, col, font == 2));
                            }
                            // Not copied: the cell points into the strings.
                            cells.push_shared(cell_row, col, start, len);
                            if cells.len() > max_cells {
                                return Ok(Err(TooMany));
                            }
                            col = col.checked_add(1).ok_or(Stop::Aside)?;
                            continue;
                        }
                        Type::Bool => match value.trim_ascii() {
                            b"0" => DataRef::Bool(false),
                            b"1" => DataRef::Bool(true),
                            v if v.eq_ignore_ascii_case(b"false") => DataRef::Bool(false),
                            v if v.eq_ignore_ascii_case(b"true") => DataRef::Bool(true),
                            _ => return Err(Stop::Aside),
                        },
                        Type::Error => DataRef::Error(error_value(&value).ok_or(Stop::Aside)?),
                    };
                    // A formula saved without its result (as calamine reads
                    // it: no value at all; an empty text is a result).
                    if has_formula && matches!(value, DataRef::Empty) {
                        uncached = true;
                    }
                    if matches!(value, DataRef::String(_) | DataRef::SharedString(_)) {
                        let font = parts.legacy.get(style.unwrap_or(0)).copied().unwrap_or(0);
                        if font > 0 {
                            fonts.push((cell_row, col, font == 2));
                        }
                    }
                    cells.push_ref(cell_row, col, &value);
                    if cells.len() > max_cells {
                        return Ok(Err(TooMany));
                    }
                    col = col.checked_add(1).ok_or(Stop::Aside)?;
                }
                _ => {}
            },
            Token::Close { name } => match xml.bytes(name) {
                b"row" => {
                    row = row.checked_add(1).ok_or(Stop::Aside)?;
                    col = 0;
                }
                b"sheetData" => {
                    cells.seal();
                    return Ok(Ok((cells, uncached, formulas)));
                }
                _ => {}
            },
            Token::Text(_) => {}
            Token::End => return Err(Stop::Aside),
        }
    }
}

/// The raw text of an element up to its closing tag (`<v>`: no entities
/// are decoded here).
fn read_text<R: Read>(
    xml: &mut XmlReader<R>,
    closing: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), Stop> {
    loop {
        match xml.next_token()? {
            Token::Text(t) => out.extend_from_slice(xml.bytes(t)),
            Token::Close { name } if xml.bytes(name) == closing => return Ok(()),
            _ => return Err(Stop::Aside),
        }
    }
}

/// Skips an element's content up to its closing tag.
fn skip_to<R: Read>(xml: &mut XmlReader<R>, closing: &[u8]) -> Result<(), Stop> {
    loop {
        match xml.next_token()? {
            Token::Close { name } if xml.bytes(name) == closing => return Ok(()),
            Token::End => return Err(Stop::Aside),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
