//! The little of HTTP/1.1 that `phuluc serve` speaks, on `std::net`: one
//! request per connection (`Connection: close`), a bounded head, a body of
//! a stated `Content-Length` up to a limit, a deadline on the whole
//! request. Chunked bodies are refused (a browser's `fetch` of a file or a
//! `FormData` always states its length).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The most bytes a request's line and headers may take.
pub const MAX_HEAD: usize = 16 * 1024;

/// A request read whole.
#[derive(Debug, Default)]
pub struct Request {
    /// GET, POST…
    pub method: String,
    /// The path, percent-decoded, without its query.
    pub path: String,
    /// The query's pairs, percent-decoded.
    pub query: Vec<(String, String)>,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be read: the status to answer with, if the
/// connection can still carry an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The peer went away or timed out: nothing to answer.
    Gone,
    /// 400: not HTTP as this server reads it.
    Bad,
    /// 431: the head is larger than [`MAX_HEAD`].
    HeadTooLarge,
    /// 411: a POST without Content-Length (or chunked).
    LengthRequired,
    /// 413: the body is larger than the limit.
    TooLarge,
}

/// Reads one request from `stream`: the head up to [`MAX_HEAD`] bytes, a
/// body up to `max_body` bytes, all before `deadline`.
pub fn read_request(
    stream: &mut std::net::TcpStream,
    max_body: usize,
    deadline: Instant,
) -> Result<Request, ReadError> {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = memchr::memmem::find(&buf, b"\r\n\r\n") {
            break at;
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::HeadTooLarge);
        }
        let n = read_some(stream, &mut chunk, deadline)?;
        buf.extend_from_slice(&chunk[..n]);
    };
    if head_end > MAX_HEAD {
        return Err(ReadError::HeadTooLarge);
    }
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| ReadError::Bad)?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next())
    else {
        return Err(ReadError::Bad);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !target.starts_with('/') {
        return Err(ReadError::Bad);
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(ReadError::Bad)?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut request = Request {
        method: method.to_string(),
        path: percent_decode(path),
        query: parse_query(query),
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::LengthRequired);
    }
    let length = match request.header("content-length") {
        Some(v) => v.parse::<usize>().map_err(|_| ReadError::Bad)?,
        None if request.method == "POST" => return Err(ReadError::LengthRequired),
        None => 0,
    };
    if length > max_body {
        return Err(ReadError::TooLarge);
    }
    // curl (and some clients) wait for this before sending a large body.
    if request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let mut body = buf.split_off(head_end + 4);
    body.truncate(length);
    body.reserve_exact(length - body.len());
    while body.len() < length {
        let want = (length - body.len()).min(chunk.len());
        let n = read_some(stream, &mut chunk[..want], deadline)?;
        body.extend_from_slice(&chunk[..n]);
    }
    request.body = body;
    Ok(request)
}

/// One read that gives up at the deadline or at the peer's end.
fn read_some(
    stream: &mut std::net::TcpStream,
    buf: &mut [u8],
    deadline: Instant,
) -> Result<usize, ReadError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(ReadError::Gone);
    }
    let _ = stream.set_read_timeout(Some(left.max(Duration::from_millis(1))));
    match stream.read(buf) {
        Ok(0) | Err(_) => Err(ReadError::Gone),
        Ok(n) => Ok(n),
    }
}

/// An answer.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Its content type.
    pub content_type: &'static str,
    /// Other headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON answer.
    pub fn json(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: body.into_bytes(),
        }
    }

    /// `{"error": message}` with a status.
    pub fn error(status: u16, message: &str) -> Response {
        Response::json(status, serde_json::json!({ "error": message }).to_string())
    }
}

/// The reason phrase of the statuses this server answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Writes `response` and closes the exchange.
pub fn write_response(stream: &mut std::net::TcpStream, response: &Response) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.flush();
}

/// `a=1&b=x%20y` as pairs, decoded (`+` is a space).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// Percent-decoding, the result read as UTF-8 (invalid bytes replaced).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A file of a `multipart/form-data` body.
#[derive(Debug)]
pub struct Part {
    /// The file name the browser gave (with a folder's relative path when
    /// the page sends one).
    pub file_name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files of a `multipart/form-data` body (`content_type` names the
/// boundary); parts without a file name are left out. None when the body
/// is not such a document.
pub fn multipart_files(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    if boundary.is_empty() || boundary.len() > 200 {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let mut at = memchr::memmem::find(body, delimiter.as_bytes())? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        let rest = rest.strip_prefix(b"\r\n")?;
        let head_len = memchr::memmem::find(rest, b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&rest[..head_len]);
        let data = &rest[head_len + 4..];
        let end = memchr::memmem::find(data, next.as_bytes())?;
        if let Some(name) = disposition_file_name(&head) {
            parts.push(Part {
                file_name: name,
                bytes: data[..end].to_vec(),
            });
        }
        at = body.len() - data.len() + end + next.len();
    }
}

/// `filename="…"` of a part's Content-Disposition (browsers escape `"` as
/// `%22` and keep UTF-8 as it is).
fn disposition_file_name(head: &str) -> Option<String> {
    let line = head
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let start = line.find("filename=\"")? + "filename=\"".len();
    let end = line[start..].find('"')? + start;
    Some(percent_decode(&line[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_percent_decoding() {
        let q = parse_query("name=d%E1%BB%B1+to%C3%A1n.xlsx&fix=1&bad=%zz");
        assert_eq!(q[0], ("name".into(), "dự toán.xlsx".into()));
        assert_eq!(q[1], ("fix".into(), "1".into()));
        assert_eq!(q[2], ("bad".into(), "%zz".into()));
    }

    #[test]
    fn multipart_files_are_split_at_their_boundary() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"xa-a/a.csv\"\r\n\
Content-Type: text/csv\r\n\r\nSTT,A\r\n1,2\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b.xlsx\"\r\n\r\nPK\x03\x04\r\n--XyZ--\r\n";
        let parts = multipart_files("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].file_name, "xa-a/a.csv");
        assert_eq!(parts[0].bytes, b"STT,A\r\n1,2");
        assert_eq!(parts[1].file_name, "b.xlsx");
        assert_eq!(parts[1].bytes, b"PK\x03\x04");
        assert!(multipart_files("multipart/form-data; boundary=Q", body).is_none());
        assert!(multipart_files("multipart/form-data; boundary=XyZ", b"--XyZ\r\nbroken").is_none());
    }
}
