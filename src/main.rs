//! The `phuluc` binary: parses arguments, runs the subcommand, exits with its
//! status. All the work is in the library.

mod cli;

use clap::{CommandFactory, FromArgMatches};

/// glibc maps a large block (a sheet's cells, its shared strings) on its
/// own, then raises that threshold each time such a block is freed: after
/// the first sheet, blocks of many megabytes came from the heap, stayed
/// there when freed, and the checks' working memory grew beside them — the
/// peak resident set ran 10 % above the peak of what was allocated. A fixed
/// threshold (glibc's default, 128 KiB) returns every large block to the
/// system when it is freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks() {
    // SAFETY: `mallopt` only sets a tuning parameter of the allocator; it
    // is called before any thread is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks() {}

fn main() {
    return_large_blocks();
    // A bug must never show a backtrace to a user: one line, exit status 2.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if std::env::var_os("PHULUC_DEBUG").is_some() {
            eprintln!("phuluc: internal error: {msg} at {:?}", info.location());
        }
    }));
    // Interrupted (Ctrl-C, kill): no temporary output is left behind, and
    // no output is moved into place after it.
    on_interrupt();
    // Help in the user's language: decided from --lang or LANG before the
    // arguments are parsed.
    let words: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang = cli::help::language_of(&words);
    let words = cli::help::help_as_flag(words);
    let command = cli::help::localized(cli::Cli::command(), lang);
    let matches = match command.try_get_matches_from(words) {
        Ok(m) => m,
        Err(e)
            if e.use_stderr()
                && lang == phuluc::lang::Lang::Vi
                && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            eprintln!("{}", cli::help::vietnamese_error(&e));
            std::process::exit(2);
        }
        Err(e) => e.exit(),
    };
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let status = match std::panic::catch_unwind(|| cli::run(cli)) {
        Ok(status) => status,
        Err(_) => {
            eprintln!("phuluc: internal error; please report it with the file that caused it (PHULUC_DEBUG=1 shows where)");
            2
        }
    };
    // A Ctrl-C that stopped an output before it was in place.
    if phuluc::write::interrupted() {
        std::process::exit(130);
    }
    // What was printed must have been written: a full disk or a failing
    // device is an error (a closed pipe is not: the reader stopped).
    let status = match cli::stdout_failure(lang) {
        Some(message) => {
            eprintln!("phuluc: {message}");
            status.max(2)
        }
        None => status,
    };
    std::process::exit(status);
}

/// On SIGINT, SIGTERM and SIGHUP: the signal handler itself notes the
/// interrupt (so an output not yet moved into place never is), and a
/// thread it wakes removes the temporary files and exits with 130.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn on_interrupt() {
    use std::sync::atomic::{AtomicI32, Ordering};
    static WAKE: AtomicI32 = AtomicI32::new(-1);
    extern "C" fn handler(_signal: libc::c_int) {
        // Only async-signal-safe work here: an atomic store and write(2).
        phuluc::write::note_interrupt();
        let fd = WAKE.load(Ordering::SeqCst);
        if fd >= 0 {
            let byte = 1u8;
            // SAFETY: writes one byte from a valid buffer to our own pipe.
            unsafe {
                libc::write(fd, (&raw const byte).cast(), 1);
            }
        }
    }
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe2 fills the two descriptors of a valid array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return;
    }
    WAKE.store(fds[1], Ordering::SeqCst);
    let wake = fds[0];
    std::thread::spawn(move || {
        let mut byte = 0u8;
        loop {
            // SAFETY: reads one byte into a valid buffer from our own pipe.
            let n = unsafe { libc::read(wake, (&raw mut byte).cast(), 1) };
            if n == 1 {
                // `phuluc serve` stops accepting and answers what it has;
                // a second Ctrl-C exits at once.
                // (Taken back first, so the server's own exit is never seen
                // as interrupted; noted again at once for any other run.)
                phuluc::write::forget_interrupt();
                if phuluc::serve::interrupt() {
                    continue;
                }
                phuluc::write::note_interrupt();
                break;
            }
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        phuluc::write::remove_temporary_files();
        std::process::exit(130);
    });
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: installs a handler that only does async-signal-safe work.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&raw mut action.sa_mask);
            libc::sigaction(signal, &raw const action, std::ptr::null_mut());
        }
    }
}

/// Elsewhere: the ctrlc crate's handler (the interrupt is noted when its
/// thread runs).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if phuluc::serve::interrupt() {
            return;
        }
        phuluc::write::remove_temporary_files();
        std::process::exit(130);
    });
}
