//! The page of `phuluc serve` in a real browser: Debian's headless
//! Chromium, driven by playwright-core from npm (tests/e2e, installed by
//! `npm ci` in .ci/run; it never downloads a browser). Starts `phuluc
//! serve` on a free port of 127.0.0.1, and another on 127.0.0.2 (loopback,
//! but not the address that goes without a token), then runs
//! tests/e2e/serve.test.mjs against them. Where Chromium, node or the
//! node packages are missing it says so and passes, except under CI,
//! where .ci/run has installed them and their absence is a failure.
//!
//! `PHULUC_SCREENSHOTS=docs/images cargo test --test serve_e2e` also
//! saves the README's screenshots.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A `phuluc serve` child, stopped with Ctrl-C when dropped.
struct Serving {
    child: Child,
    url: String,
}

impl Serving {
    fn start(host: &str) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phuluc"))
            .args(["serve", "--port", "0", "--host", host])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("phuluc serve starts");
        let mut line = String::new();
        let out = child.stdout.take().unwrap();
        std::io::BufReader::new(out).read_line(&mut line).unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with(&format!("http://{host}:")), "{url}");
        Serving { child, url }
    }

    /// Ctrl-C: the server stops by itself, with status 0.
    fn interrupt(mut self) -> std::process::ExitStatus {
        send_sigint(self.child.id());
        let status = wait_at_most(&mut self.child, 20);
        std::mem::forget(self);
        status
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn send_sigint(pid: u32) {
    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
}

fn wait_at_most(child: &mut Child, seconds: u64) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("phuluc serve did not stop on Ctrl-C within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Why the browser tests cannot run here, if they cannot.
fn missing(root: &Path) -> Option<String> {
    let chromium = std::env::var("PHULUC_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "{chromium} is missing (apt-get install chromium chromium-driver)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is missing (apt-get install nodejs npm)".into());
    }
    if !root.join("tests/e2e/node_modules/playwright-core").exists() {
        return Some("tests/e2e/node_modules is missing (cd tests/e2e && npm ci)".into());
    }
    None
}

#[test]
fn the_page_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(why) = missing(root) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: {why}"
        );
        eprintln!("skipped: the browser tests of phuluc serve: {why}");
        return;
    }
    let local = Serving::start("127.0.0.1");
    let beyond = Serving::start("127.0.0.2");
    assert!(beyond.url.contains("/?token="), "{}", beyond.url);
    let mut run = Command::new("node");
    run.args(["--test", "serve.test.mjs"])
        .current_dir(root.join("tests/e2e"))
        .env("PHULUC_URL", &local.url)
        .env("PHULUC_TOKEN_URL", &beyond.url)
        .env("PHULUC_BIN", env!("CARGO_BIN_EXE_phuluc"))
        .env("PHULUC_ROOT", root);
    if let Some(dir) = std::env::var_os("PHULUC_SCREENSHOTS") {
        run.env("PHULUC_SCREENSHOTS", root.join(dir));
    }
    let out = run.output().expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("# pass 10"), "{report}");
    assert!(report.contains("# fail 0"), "{report}");
    // Ctrl-C stops the server cleanly.
    assert_eq!(local.interrupt().code(), Some(0));
    assert_eq!(beyond.interrupt().code(), Some(0));
}
