//! `switchboard completions SHELL` and `switchboard man`: shell completions and the man
//! page, both generated from the one clap definition in `cli.rs`, so they can never
//! drift from the flags the binary really accepts.

use std::io::Write;

use crate::cli::{self, Generate};

/// Writes the requested text to stdout; returns the exit code.
pub(super) fn run(cmd: &Generate) -> u8 {
    let mut out: Vec<u8> = Vec::new();
    let result = match cmd {
        Generate::Completions { shell } => {
            let mut command = cli::command();
            clap_complete::generate(*shell, &mut command, "switchboard", &mut out);
            Ok(())
        }
        Generate::Man => clap_mangen::Man::new(cli::command()).render(&mut out),
    };
    if let Err(e) = result {
        crate::base::stderr::eprint_error(&format!("cannot render: {e}"));
        return crate::base::exit::UNKNOWN;
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error.
    let _ = stdout.write_all(&out).and_then(|_| stdout.flush());
    0
}
