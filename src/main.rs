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
    // Interrupted (Ctrl-C, kill): no temporary output is left behind.
    let _ = ctrlc::set_handler(|| {
        // `phuluc serve` stops accepting and answers what it has; a second
        // Ctrl-C exits at once.
        if phuluc::serve::interrupt() {
            return;
        }
        phuluc::write::remove_temporary_files();
        std::process::exit(130);
    });
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
                && lang == phuluc::report::lang::Lang::Vi
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
    std::process::exit(status);
}
