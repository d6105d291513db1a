//! `phuluc serve [--port 8080] [--host 127.0.0.1] [--open] [--max-upload-mb 50]`
//!
//! A local web page for people who never open a terminal: drop workbooks
//! on it, see every finding at its cell, download the corrected workbook,
//! the review copy, the CSV or the province report. The files never leave
//! the computer (nothing is written to disk either). Bound to any address
//! but 127.0.0.1 or ::1, the URL printed carries a random access token
//! and requests without it are refused. Ctrl-C stops it.

use std::net::{IpAddr, SocketAddr};

/// Arguments of `phuluc serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on; any other than 127.0.0.1 or ::1 needs
    /// the access token printed with the URL.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The largest upload, in MB.
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_upload_mb: usize,
    /// The most cells a sheet may hold (default 10 million).
    #[arg(long, value_name = "N")]
    pub max_cells: Option<usize>,
    /// The most sheets a workbook may hold (default 1,000).
    #[arg(long, value_name = "N")]
    pub max_sheets: Option<usize>,
}

/// Runs `phuluc serve` until Ctrl-C.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    let config = phuluc::serve::Config::new(SocketAddr::new(args.host, args.port)).map(|c| {
        phuluc::serve::Config {
            max_upload: args.max_upload_mb.saturating_mul(1 << 20),
            options: phuluc::Options {
                max_cells: args.max_cells,
                max_sheets: args.max_sheets,
                ..Default::default()
            },
            ..c
        }
    });
    let server = match config.and_then(phuluc::serve::Server::bind) {
        Ok(s) => s,
        Err(e) => return super::fail(&e, lang),
    };
    let url = server.url();
    eprintln!(
        "phuluc: {} {url}",
        super::say(
            lang,
            "mở trang này trong trình duyệt (Ctrl-C để dừng):",
            "open this page in a browser (Ctrl-C to stop):"
        )
    );
    // The URL alone on standard output, for scripts and tests.
    super::print(&format!("{url}\n"));
    if args.open {
        open_browser(&url);
    }
    server.run();
    eprintln!("phuluc: {}", super::say(lang, "đã dừng", "stopped"));
    0
}

/// Opens `url` in the default browser, if the system says how.
fn open_browser(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "windows") {
        &["cmd", "/C", "start", ""]
    } else if cfg!(target_os = "macos") {
        &["open"]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
