//! A small pull reader of XML for the xlsx fast path (`read/xlsx.rs`): tags
//! and text from a stream read a chunk at a time, no allocation per token.
//! It reads the XML that spreadsheet writers produce; anything else
//! (comments, CDATA, a DOCTYPE, an unknown entity, a token larger than
//! [`MAX_TOKEN`]) is [`Stop::Aside`], and the caller hands the file to
//! calamine, which reads it as it always has.

use std::io::Read;

/// Why a fast read stopped.
#[derive(Debug)]
pub(super) enum Stop {
    /// Something this reader does not read exactly as calamine does.
    Aside,
    /// The zip entry's data does not match its CRC-32.
    Damaged(String),
}

/// A byte range of the reader's buffer, valid until the next token.
pub(super) type Span = (usize, usize);

/// One token.
#[derive(Debug, Clone, Copy)]
pub(super) enum Token {
    /// `<name attributes>` or `<name attributes/>`; the name without its
    /// namespace prefix.
    Open {
        name: Span,
        attrs: Span,
        empty: bool,
    },
    /// `</name>`, the name without its prefix.
    Close { name: Span },
    /// Text between tags, as written (entities not decoded).
    Text(Span),
    /// The end of the stream.
    End,
}

/// The largest token read: a text cell is at most 32,767 characters, a few
/// times that with entities; anything larger goes to calamine.
pub(super) const MAX_TOKEN: usize = 4 << 20;

/// Reads from `r` a chunk at a time.
pub(super) struct XmlReader<R> {
    r: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> XmlReader<R> {
    pub(super) fn new(r: R) -> XmlReader<R> {
        XmlReader {
            r,
            buf: vec![0; 1 << 16],
            pos: 0,
            end: 0,
            eof: false,
        }
    }

    /// The bytes of a span of the last token.
    pub(super) fn bytes(&self, span: Span) -> &[u8] {
        &self.buf[span.0..span.1]
    }

    /// Reads more, keeping what is not consumed; false at the end.
    fn more(&mut self) -> Result<bool, Stop> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_TOKEN {
                return Err(Stop::Aside);
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // The zip reader checks the CRC-32 at the end of the entry.
                    return Err(if e.to_string().to_ascii_lowercase().contains("checksum") {
                        Stop::Damaged(format!(
                            "the sheet's data does not match its checksum (bad CRC-32): {e}"
                        ))
                    } else {
                        Stop::Aside
                    });
                }
            }
        }
    }

    /// The next token.
    pub(super) fn next_token(&mut self) -> Result<Token, Stop> {
        loop {
            if self.pos == self.end && !self.more()? {
                return Ok(Token::End);
            }
            let rest = &self.buf[self.pos..self.end];
            if rest[0] != b'<' {
                // Short texts (a cell's value) are found faster by a plain
                // loop than by a vectorised search.
                match rest.iter().position(|&b| b == b'<') {
                    Some(i) => {
                        let span = (self.pos, self.pos + i);
                        self.pos += i;
                        return Ok(Token::Text(span));
                    }
                    None if self.eof => {
                        let span = (self.pos, self.end);
                        self.pos = self.end;
                        return Ok(Token::Text(span));
                    }
                    None => {
                        // Read on: at the end, the text runs to it.
                        self.more()?;
                        continue;
                    }
                }
            }
            let Some(close) = tag_end(rest) else {
                if !self.more()? {
                    // A tag cut by the end of the stream.
                    return Err(Stop::Aside);
                }
                continue;
            };
            let start = self.pos;
            self.pos += close + 1;
            match rest.get(1) {
                Some(b'?') => continue,
                Some(b'!') => return Err(Stop::Aside),
                Some(b'/') => {
                    let mut end = close;
                    while end > 2 && rest[end - 1].is_ascii_whitespace() {
                        end -= 1;
                    }
                    let name = local(start + 2, start + end, &self.buf);
                    return Ok(Token::Close { name });
                }
                _ => {
                    let empty = close >= 2 && rest[close - 1] == b'/';
                    let inner_end = if empty { close - 1 } else { close };
                    let name_end = rest[1..inner_end]
                        .iter()
                        .position(|b| b.is_ascii_whitespace())
                        .map_or(inner_end, |p| p + 1);
                    let name = local(start + 1, start + name_end, &self.buf);
                    return Ok(Token::Open {
                        name,
                        attrs: (start + name_end, start + inner_end),
                        empty,
                    });
                }
            }
        }
    }
}

/// Where the tag starting at `s[0]` ends (its `>`), outside quoted values.
/// A plain loop: tags are a few dozen bytes.
fn tag_end(s: &[u8]) -> Option<usize> {
    let mut quote = 0u8;
    for (i, &b) in s.iter().enumerate().skip(1) {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return Some(i);
        } else if b == b'"' || b == b'\'' {
            quote = b;
        }
    }
    None
}

/// A name's span without its namespace prefix (`x:c` → `c`).
fn local(start: usize, end: usize, buf: &[u8]) -> Span {
    match buf[start..end].iter().rposition(|&b| b == b':') {
        Some(i) => (start + i + 1, end),
        None => (start, end),
    }
}

/// Each attribute of a tag's attribute text, name (as written) and raw
/// value; `Err` on text that is not attributes.
pub(super) fn each_attr<'a>(
    mut s: &'a [u8],
    mut f: impl FnMut(&'a [u8], &'a [u8]),
) -> Result<(), Stop> {
    loop {
        while let Some((b, rest)) = s.split_first() {
            if b.is_ascii_whitespace() {
                s = rest;
            } else {
                break;
            }
        }
        if s.is_empty() {
            return Ok(());
        }
        let eq = s.iter().position(|&b| b == b'=').ok_or(Stop::Aside)?;
        let name = s[..eq].trim_ascii();
        let after = s[eq + 1..].trim_ascii_start();
        let quote = *after.first().ok_or(Stop::Aside)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Stop::Aside);
        }
        let close = after[1..]
            .iter()
            .position(|&b| b == quote)
            .ok_or(Stop::Aside)?;
        f(name, &after[1..1 + close]);
        s = &after[close + 2..];
    }
}

/// Text with its entities decoded and its line ends made `\n` (as XML
/// reads them), appended to `out`; `Err` on an entity this reader does not
/// know, and on Excel's `_xHHHH_` escapes, which calamine decodes itself.
pub(super) fn decode_into(raw: &[u8], out: &mut String) -> Result<(), Stop> {
    let text = std::str::from_utf8(raw).map_err(|_| Stop::Aside)?;
    if memchr::memchr2(b'\r', b'_', raw).is_some() && (text.contains('\r') || text.contains("_x")) {
        return Err(Stop::Aside);
    }
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or(Stop::Aside)?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|&c| c != '\r')
                    .ok_or(Stop::Aside)?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str, chunk: usize) -> Vec<String> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(self.1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = XmlReader::new(Slow(xml.as_bytes(), chunk));
        let mut out = Vec::new();
        loop {
            let token = r.next_token().unwrap();
            let s = |span| String::from_utf8_lossy(r.bytes(span)).into_owned();
            match token {
                Token::Open { name, attrs, empty } => {
                    out.push(format!("<{}|{}|{empty}", s(name), s(attrs).trim()))
                }
                Token::Close { name } => out.push(format!("</{}", s(name))),
                Token::Text(t) => out.push(s(t)),
                Token::End => return out,
            }
        }
    }

    #[test]
    fn tags_and_text_whatever_the_chunks() {
        let xml = r#"<?xml version="1.0"?><x:c r="A1" t='s' a=">"><v>12</v></x:c><row/>tail"#;
        let want = [
            "<c|r=\"A1\" t='s' a=\">\"|false",
            "<v||false",
            "12",
            "</v",
            "</c",
            "<row||true",
            "tail",
        ];
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(tokens(xml, chunk), want, "chunk {chunk}");
        }
    }

    #[test]
    fn attributes_and_entities() {
        let mut seen = Vec::new();
        each_attr(br#" r="B2"  s = '3' xml:space="preserve""#, |n, v| {
            seen.push((n.to_vec(), v.to_vec()))
        })
        .unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[2], (b"xml:space".to_vec(), b"preserve".to_vec()));
        let mut s = String::new();
        decode_into(b"A &amp; B &lt;&#273;&#x1EA1;&gt;", &mut s).unwrap();
        assert_eq!(s, "A & B <đạ>");
        assert!(decode_into(b"&nbsp;", &mut String::new()).is_err());
        assert!(decode_into(b"_x000D_", &mut String::new()).is_err());
        assert!(each_attr(b"r=A1", |_, _| {}).is_err());
    }

    #[test]
    fn comments_and_cut_tags_go_aside() {
        let mut r = XmlReader::new(&b"<!-- x --><a>"[..]);
        assert!(matches!(r.next_token(), Err(Stop::Aside)));
        let mut r = XmlReader::new(&b"<a b=\"c"[..]);
        assert!(matches!(r.next_token(), Err(Stop::Aside)));
    }
}
