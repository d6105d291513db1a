//! `phuluc serve`: a local web page for people who never open a terminal.
//! One page (`page.html`, embedded in the binary: no file, font, script or
//! style from anywhere else) and a JSON API that calls the same library
//! functions as the command line on the uploaded bytes (`api.rs`). Nothing
//! is written to disk; nothing is read from a path a client names.
//!
//! Bounded everywhere: a request's head ([`http::MAX_HEAD`]), its body
//! ([`Config::max_upload`]), the time it may take ([`Config::timeout`]),
//! the requests processed at once ([`Config::workers`]) and waiting
//! ([`Config::queue`], beyond which a request is answered 503 at once).
//! Each request is processed under a panic guard. Bound to any address but
//! 127.0.0.1 or ::1, every request must carry the random access token the
//! server prints in its URL, else 403.

pub mod api;
pub mod http;

use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use crate::lang::Lang;
use http::{Request, Response};

/// How a server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (default 127.0.0.1:8080).
    pub addr: SocketAddr,
    /// The most bytes one upload may have (default 50 MiB).
    pub max_upload: usize,
    /// Requests processed at once (default 8).
    pub workers: usize,
    /// Requests accepted and waiting for a worker (default 64).
    pub queue: usize,
    /// The time a request may take to arrive (default 60 s).
    pub timeout: Duration,
    /// The access token; None on 127.0.0.1 and ::1 ([`Config::new`]
    /// draws one for any other address).
    pub token: Option<String>,
    /// What the command line reads (cell and sheet limits).
    pub options: crate::Options,
}

/// The default upload limit: 50 MiB.
pub const DEFAULT_MAX_UPLOAD: usize = 50 * 1024 * 1024;

impl Config {
    /// The defaults for `addr`, with a token when it is not the loopback
    /// address 127.0.0.1 or ::1.
    pub fn new(addr: SocketAddr) -> Result<Config, crate::Error> {
        let token = if needs_token(addr.ip()) {
            Some(random_token()?)
        } else {
            None
        };
        Ok(Config {
            addr,
            max_upload: DEFAULT_MAX_UPLOAD,
            workers: 8,
            queue: 64,
            timeout: Duration::from_secs(60),
            token,
            options: crate::Options::default(),
        })
    }
}

/// Whether a server bound to `ip` asks for a token: anything but the
/// loopback address a browser on this computer opens (127.0.0.1, ::1).
/// Another loopback address (127.0.0.2) is a token's case too.
pub fn needs_token(ip: IpAddr) -> bool {
    ip != IpAddr::from([127, 0, 0, 1]) && ip != IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
}

/// 16 random bytes from the system, in hex.
fn random_token() -> Result<String, crate::Error> {
    use std::io::Read;
    let path = std::path::Path::new("/dev/urandom");
    let mut bytes = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| crate::Error::caused_by(path, crate::Problem::Open(e.to_string()), e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A server, bound and not yet running.
pub struct Server {
    listener: TcpListener,
    config: Arc<Config>,
    stop: Stopper,
}

/// Stops a running server: it accepts no more, answers the requests it
/// has, and [`Server::run`] returns.
#[derive(Clone, Debug)]
pub struct Stopper {
    stopping: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl Stopper {
    /// Asks the server to stop; true the first time.
    pub fn stop(&self) -> bool {
        let first = !self.stopping.swap(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees the flag (a server
        // on every address is reached on the loopback one).
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
                IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            });
        }
        let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
        first
    }
}

/// The servers running in this process, for [`interrupt`].
static RUNNING: Mutex<Vec<Stopper>> = Mutex::new(Vec::new());

/// Ctrl-C: stops the servers of this process; false when none is running
/// or they are already stopping (a second Ctrl-C), so the caller exits.
pub fn interrupt() -> bool {
    let Ok(running) = RUNNING.try_lock() else {
        return false;
    };
    let mut any = false;
    for s in running.iter() {
        any |= s.stop();
    }
    any
}

impl Server {
    /// Binds the address of `config`.
    pub fn bind(config: Config) -> Result<Server, crate::Error> {
        let name = std::path::PathBuf::from(config.addr.to_string());
        let listener = TcpListener::bind(config.addr)
            .map_err(|e| crate::Error::caused_by(&name, crate::Problem::Open(e.to_string()), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| crate::Error::caused_by(&name, crate::Problem::Open(e.to_string()), e))?;
        let mut config = config;
        config.addr = addr;
        Ok(Server {
            listener,
            stop: Stopper {
                stopping: Arc::new(AtomicBool::new(false)),
                addr,
            },
            config: Arc::new(config),
        })
    }

    /// The address it listens on (the port chosen when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.config.addr
    }

    /// The URL to open: with the token when there is one.
    pub fn url(&self) -> String {
        let addr = self.addr();
        let host = match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".into(),
            IpAddr::V4(ip) => ip.to_string(),
        };
        match &self.config.token {
            Some(t) => format!("http://{host}:{}/?token={t}", addr.port()),
            None => format!("http://{host}:{}/", addr.port()),
        }
    }

    /// What stops it.
    pub fn stopper(&self) -> Stopper {
        self.stop.clone()
    }

    /// Serves until stopped ([`Stopper::stop`], or [`interrupt`] on
    /// Ctrl-C); then waits for the requests being answered.
    pub fn run(self) {
        if let Ok(mut r) = RUNNING.lock() {
            r.push(self.stop.clone());
        }
        let (send, receive) = mpsc::sync_channel::<(TcpStream, Instant)>(self.config.queue);
        let receive = Arc::new(Mutex::new(receive));
        let workers: Vec<_> = (0..self.config.workers.max(1))
            .map(|_| {
                let receive = Arc::clone(&receive);
                let config = Arc::clone(&self.config);
                std::thread::spawn(move || loop {
                    let next = match receive.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match next {
                        Ok((stream, accepted)) => serve_connection(stream, accepted, &config),
                        Err(_) => return,
                    }
                })
            })
            .collect();
        for stream in self.listener.incoming() {
            if self.stop.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else {
                // Out of file descriptors, say: wait rather than spin.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            match send.try_send((stream, Instant::now())) {
                Ok(()) => {}
                Err(mpsc::TrySendError::Full((mut stream, _))) => {
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
                    let busy = Response::error(
                        503,
                        "Máy đang bận, xin thử lại sau giây lát / The server is busy, try again shortly",
                    );
                    http::write_response(&mut stream, &busy);
                }
                Err(mpsc::TrySendError::Disconnected(_)) => break,
            }
        }
        drop(send);
        for w in workers {
            let _ = w.join();
        }
        if let Ok(mut r) = RUNNING.lock() {
            r.retain(|s| !Arc::ptr_eq(&s.stopping, &self.stop.stopping));
        }
    }
}

/// Reads one request, answers it, closes the connection.
fn serve_connection(mut stream: TcpStream, accepted: Instant, config: &Config) {
    let _ = stream.set_write_timeout(Some(config.timeout));
    let deadline = accepted + config.timeout;
    let response = match http::read_request(&mut stream, config.max_upload, deadline) {
        Ok(request) => answer(&request, config),
        Err(http::ReadError::Gone) => return,
        Err(e) => {
            let (status, vi, en) = match e {
                http::ReadError::TooLarge => (
                    413,
                    format!(
                        "Tệp quá lớn: tối đa {} MB một lần gửi",
                        config.max_upload >> 20
                    ),
                    format!(
                        "File too large: at most {} MB per upload",
                        config.max_upload >> 20
                    ),
                ),
                http::ReadError::HeadTooLarge => (
                    431,
                    "Yêu cầu quá dài".into(),
                    "Request head too large".into(),
                ),
                http::ReadError::LengthRequired => (
                    411,
                    "Yêu cầu cần Content-Length".into(),
                    "Content-Length required".into(),
                ),
                _ => (400, "Yêu cầu không hợp lệ".into(), "Bad request".into()),
            };
            Response::error(status, &format!("{vi} / {en}"))
        }
    };
    http::write_response(&mut stream, &response);
    // Lets the client read the answer before the socket closes, even if
    // it has not sent all of a body that was refused.
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// The answer to a request read whole: the token and host checked, then
/// the route, under a panic guard.
fn answer(request: &Request, config: &Config) -> Response {
    let lang = match request.param("lang") {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    if !host_allowed(request, config) {
        return Response::error(421, "Sai tên máy chủ / Wrong host");
    }
    if let Some(token) = &config.token {
        let given = request
            .header("x-phuluc-token")
            .or_else(|| request.param("token"))
            .unwrap_or_default();
        if !same(given.as_bytes(), token.as_bytes()) {
            return Response::error(
                403,
                "Thiếu hoặc sai mã truy cập: mở đúng địa chỉ mà phuluc serve đã in / \
                 Missing or wrong access token: open the URL phuluc serve printed",
            );
        }
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        api::route(request, config, lang)
    }))
    .unwrap_or_else(|_| {
        let e = crate::Error::new(
            std::path::Path::new(request.param("name").unwrap_or("upload")),
            crate::Problem::Internal("panic".into()),
        );
        Response::error(422, &e.message(lang))
    })
}

/// On 127.0.0.1 and ::1, a request must name this server as it is bound
/// or as `localhost`: a web page elsewhere that renames itself to this
/// address (DNS rebinding) is refused.
fn host_allowed(request: &Request, config: &Config) -> bool {
    if config.token.is_some() {
        return true;
    }
    let Some(host) = request.header("host") else {
        return false;
    };
    let port = config.addr.port();
    let name = host
        .strip_suffix(&format!(":{port}"))
        .unwrap_or(host)
        .to_ascii_lowercase();
    matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

/// Equality that takes the same time wherever the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_127_0_0_1_and_ipv6_loopback_go_without_a_token() {
        assert!(!needs_token("127.0.0.1".parse().unwrap()));
        assert!(!needs_token("::1".parse().unwrap()));
        assert!(needs_token("127.0.0.2".parse().unwrap()));
        assert!(needs_token("0.0.0.0".parse().unwrap()));
        assert!(needs_token("192.168.1.5".parse().unwrap()));
    }

    #[test]
    fn tokens_are_random_hex() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(same(a.as_bytes(), a.as_bytes()));
        assert!(!same(a.as_bytes(), b.as_bytes()));
        assert!(!same(a.as_bytes(), &a.as_bytes()[1..]));
    }
}
