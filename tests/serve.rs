//! `phuluc serve`'s API over a real socket: a server on a free port of
//! this computer, requests written by hand, answers read as a browser
//! would. The page itself is driven in Chromium by `tests/serve_e2e.rs`.

use phuluc::serve::{Config, Server, Stopper};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

struct Running {
    addr: SocketAddr,
    token: Option<String>,
    stop: Stopper,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(t) = self.thread.take() {
            // A server that does not stop fails the test, never hangs it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while !t.is_finished() {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the server did not stop"
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            t.join().unwrap();
        }
    }
}

fn start(host: &str, edit: impl FnOnce(&mut Config)) -> Running {
    let mut config = Config::new(format!("{host}:0").parse().unwrap()).unwrap();
    edit(&mut config);
    let token = config.token.clone();
    let server = Server::bind(config).unwrap();
    let addr = server.addr();
    let stop = server.stopper();
    let thread = Some(std::thread::spawn(move || server.run()));
    Running {
        addr,
        token,
        stop,
        thread,
    }
}

/// Sends one request; (status, headers, body).
fn send(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    s.write_all(head.as_bytes()).unwrap();
    // A refused body may be cut short by the server: that is its answer.
    let _ = s.write_all(body);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let at = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&answer[..at]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, head, answer[at + 4..].to_vec())
}

fn post(r: &Running, target: &str, body: &[u8]) -> (u16, Value) {
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n",
        r.addr,
        body.len()
    );
    let (status, _, body) = send(r.addr, &head, body);
    (
        status,
        serde_json::from_slice(&body).expect("a JSON answer"),
    )
}

fn get(r: &Running, target: &str) -> (u16, String, Vec<u8>) {
    send(
        r.addr,
        &format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", r.addr),
        b"",
    )
}

fn da_kia() -> Vec<u8> {
    std::fs::read("workbooks/da-kia-phu-luc-iii.xlsx").unwrap()
}

fn unbase64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &c)| {
            n | (u32::from(if c == b'=' { 0 } else { value(c) }) << (18 - 6 * i))
        });
        let keep = chunk.iter().filter(|&&c| c != b'=').count() - 1;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + keep]);
    }
    out
}

#[test]
fn the_page_is_one_document_with_nothing_from_elsewhere() {
    let r = start("127.0.0.1", |_| {});
    let (status, head, body) = get(&r, "/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(head.contains("Content-Security-Policy: default-src 'none'"));
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<html lang=\"vi\""));
    for external in ["http://", "https://", "<link", "src=\""] {
        assert!(!page.contains(external), "the page loads {external}");
    }
    let (status, _, _) = get(&r, "/nothing-here");
    assert_eq!(status, 404);
}

#[test]
fn a_check_answers_the_json_of_check_with_the_cells_of_each_table() {
    let r = start("127.0.0.1", |_| {});
    let (status, doc) = post(&r, "/api/check?name=da-kia-phu-luc-iii.xlsx", &da_kia());
    assert_eq!(status, 200);
    // The document `phuluc check --format json` prints for the same file.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args([
            "check",
            "--format",
            "json",
            "workbooks/da-kia-phu-luc-iii.xlsx",
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let file = &doc["files"][0];
    assert_eq!(file["findings"], cli["files"][0]["findings"]);
    assert_eq!(file["tables"], cli["files"][0]["tables"]);
    let errors: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["cell"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["E62", "F62", "G62", "H62", "I62"]);
    // The table's cells as the office wrote them, the total row marked.
    let grid = &file["grids"][0];
    assert_eq!(grid["range"], "A9:J62");
    let total = grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["row"] == 62)
        .unwrap();
    assert_eq!(total["kind"], "total");
    assert_eq!(total["cells"][4], "5.624");
    assert_eq!(file["coverage"]["sum_rows"], file["coverage"]["checked"]);
    assert_eq!(file["coverage"]["wrong"], 1);
}

#[test]
fn a_damaged_file_gets_its_message_never_a_server_error() {
    let r = start("127.0.0.1", |_| {});
    let mut damaged = da_kia();
    damaged.truncate(damaged.len() / 2);
    let (status, doc) = post(&r, "/api/check?name=hong.xlsx", &damaged);
    assert_eq!(status, 200);
    let message = doc["files"][0]["error"].as_str().unwrap();
    assert!(message.starts_with("hong.xlsx: "), "{message}");
    assert!(
        message.contains("hỏng") || message.contains("không"),
        "{message}"
    );
    for route in ["format", "annotate", "export"] {
        let (status, doc) = post(
            &r,
            &format!("/api/{route}?name=hong.xlsx&lang=en"),
            &damaged,
        );
        assert_eq!(status, 422, "{route}");
        assert!(doc["error"].as_str().unwrap().starts_with("hong.xlsx: "));
    }
    let (status, doc) = post(&r, "/api/check?name=empty.csv", b"");
    assert_eq!(status, 200);
    assert!(doc["files"][0]["error"].as_str().unwrap().contains("rỗng"));
}

#[test]
fn the_corrected_workbook_checks_clean_and_lists_its_changes() {
    let r = start("127.0.0.1", |_| {});
    let (status, doc) = post(
        &r,
        "/api/format?name=da-kia-phu-luc-iii.xlsx&fix=1",
        &da_kia(),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["file_name"], "da-kia-phu-luc-iii-sua.xlsx");
    let changes = doc["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 5);
    assert_eq!(changes[0]["old"], "5624");
    let bytes = unbase64(doc["base64"].as_str().unwrap());
    let outcome = phuluc::analyse_bytes("sua.xlsx".as_ref(), bytes, &Default::default()).unwrap();
    assert!(!outcome.has_errors(), "{:?}", outcome.findings);
    // Without --fix, as `format`: no workbook while errors remain.
    let (status, doc) = post(&r, "/api/format?name=da-kia.xlsx", &da_kia());
    assert_eq!(status, 422);
    assert_eq!(doc["remaining"].as_array().unwrap().len(), 5);
}

#[test]
fn the_review_copy_csv_and_province_report_are_made_in_memory() {
    let r = start("127.0.0.1", |_| {});
    let (status, doc) = post(&r, "/api/annotate?name=da-kia.xlsx", &da_kia());
    assert_eq!(status, 200);
    assert_eq!(doc["file_name"], "da-kia-soat.xlsx");
    assert!(unbase64(doc["base64"].as_str().unwrap()).starts_with(b"PK"));
    // The CSV refuses arithmetic errors, as `export` does without --force.
    let (status, doc) = post(&r, "/api/export?name=da-kia.xlsx", &da_kia());
    assert_eq!(status, 422);
    assert!(doc["error"].as_str().unwrap().starts_with("5 lỗi số học"));
    let clean = std::fs::read("workbooks/da-kia-phu-luc-iii-sua.xlsx").unwrap();
    let (status, doc) = post(&r, "/api/export?name=da-kia-sua.xlsx", &clean);
    assert_eq!(status, 200);
    let csv = unbase64(doc["base64"].as_str().unwrap());
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    assert!(String::from_utf8(csv).unwrap().contains("da-kia-sua.xlsx"));
    // Two communes' files of a folder, one damaged.
    let mut body = Vec::new();
    for (name, bytes) in [
        ("tinh/xa-a/da-kia.xlsx", da_kia()),
        ("tinh/xa-b/hong.xlsx", b"PK\x03\x04 not a zip".to_vec()),
    ] {
        body.extend_from_slice(
            format!(
                "--B0undary\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--B0undary--\r\n");
    let head = format!(
        "POST /api/report HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: {}\r\n\r\n",
        r.addr,
        body.len()
    );
    let (status, _, answer) = send(r.addr, &head, &body);
    let doc: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(status, 200, "{doc}");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "tinh/xa-a/da-kia.xlsx");
    assert_eq!(files[0]["errors"], 5);
    assert_eq!(files[0]["commune"], "Xã Đa Kia");
    assert_eq!(files[1]["errors"], 1);
    assert!(unbase64(doc["base64"].as_str().unwrap()).starts_with(b"PK"));
}

#[test]
fn words_both_ways() {
    let r = start("127.0.0.1", |_| {});
    let (status, _, body) = get(&r, "/api/words?amount=3.277&unit=trieu");
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["words"], "Ba tỷ hai trăm bảy mươi bảy triệu đồng");
    let (status, _, body) = get(
        &r,
        "/api/words?text=Ba%20t%E1%BB%B7%20hai%20tr%C4%83m%20b%E1%BA%A3y%20m%C6%B0%C6%A1i%20b%E1%BA%A3y%20tri%E1%BB%87u%20%C4%91%E1%BB%93ng",
    );
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["dong"], "3277000000");
    assert_eq!(doc["shown"], "3.277.000.000");
    let (status, _, body) = get(&r, "/api/words?amount=ba&lang=en");
    assert_eq!(status, 422);
    assert!(String::from_utf8(body)
        .unwrap()
        .contains("is not an amount"));
}

#[test]
fn beyond_127_0_0_1_a_request_without_the_token_is_refused() {
    let r = start("127.0.0.2", |_| {});
    let token = r.token.clone().expect("a token beyond 127.0.0.1");
    assert_eq!(token.len(), 32);
    let (status, _, body) = get(&r, "/");
    assert_eq!(status, 403);
    assert!(String::from_utf8(body).unwrap().contains("mã truy cập"));
    let (status, _) = post(&r, "/api/check?name=a.xlsx", &da_kia());
    assert_eq!(status, 403);
    let (status, _) = post(&r, "/api/check?name=a.xlsx&token=0123", &da_kia());
    assert_eq!(status, 403);
    let (status, _, _) = get(&r, &format!("/?token={token}"));
    assert_eq!(status, 200);
    let head = format!(
        "POST /api/check?name=a.xlsx HTTP/1.1\r\nHost: x\r\nX-Phuluc-Token: {token}\r\nContent-Length: {}\r\n\r\n",
        da_kia().len()
    );
    let (status, _, _) = send(r.addr, &head, &da_kia());
    assert_eq!(status, 200);
    // On 127.0.0.1 there is none, but the page must be asked for by the
    // name it is bound to: another name is a page elsewhere rebinding.
    let local = start("127.0.0.1", |_| {});
    assert!(local.token.is_none());
    let (status, _, _) = send(
        local.addr,
        "GET / HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n",
        b"",
    );
    assert_eq!(status, 421);
}

#[test]
fn requests_are_bounded() {
    let r = start("127.0.0.1", |c| c.max_upload = 1 << 20);
    let (status, doc) = post(&r, "/api/check?name=big.csv", &vec![b'1'; (1 << 20) + 1]);
    assert_eq!(status, 413);
    assert!(doc["error"].as_str().unwrap().contains("tối đa 1 MB"));
    let long = format!("GET /?{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
    let (status, _, _) = send(r.addr, &long, b"");
    assert_eq!(status, 431);
    let (status, _, _) = send(r.addr, "POST /api/check HTTP/1.1\r\nHost: x\r\n\r\n", b"");
    assert_eq!(status, 411);
    let (status, _, _) = send(r.addr, "garbage\r\n\r\n", b"");
    assert_eq!(status, 400);
    // A client that sends half a head and waits is let go at the deadline.
    let slow = start("127.0.0.1", |c| {
        c.timeout = std::time::Duration::from_millis(300)
    });
    let mut s = TcpStream::connect(slow.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(rest.is_empty());
}

#[test]
fn many_uploads_at_once_are_all_answered() {
    let r = start("127.0.0.1", |c| c.workers = 4);
    let bytes = da_kia();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..12)
            .map(|_| s.spawn(|| post(&r, "/api/check?name=a.xlsx", &bytes).0))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }
    });
}

#[test]
fn the_command_prints_its_url_and_stops_on_ctrl_c() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(["serve", "--port", "0", "--host", "127.0.0.2"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim();
    assert!(url.starts_with("http://127.0.0.2:"), "{url}");
    let (addr, token) = url["http://".len()..].split_once("/?token=").unwrap();
    assert_eq!(token.len(), 32);
    let addr: SocketAddr = addr.parse().unwrap();
    let (status, _, _) = send(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"");
    assert_eq!(status, 403);
    let (status, _, _) = send(
        addr,
        &format!("GET /?token={token} HTTP/1.1\r\nHost: x\r\n\r\n"),
        b"",
    );
    assert_eq!(status, 200);
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not stopped by Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.contains(&format!("http://{addr}/?token={token}")),
        "{err}"
    );
    assert!(err.trim_end().ends_with("đã dừng"), "{err}");
}

#[test]
fn a_server_on_every_address_stops_too() {
    let r = start("0.0.0.0", |_| {});
    assert!(r.token.is_some());
    let (status, _, _) = send(
        SocketAddr::from(([127, 0, 0, 1], r.addr.port())),
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"",
    );
    assert_eq!(status, 403);
    // Dropping `r` stops it, or fails.
}
