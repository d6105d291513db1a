//! The `phuluc` binary: parses arguments, runs the subcommand, exits with its
//! status. All the work is in the library.

mod cli;

use clap::{CommandFactory, FromArgMatches};

fn main() {
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
