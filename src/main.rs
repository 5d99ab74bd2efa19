//! Entry point: parse the command line, run the chosen mode, exit with its code.

use std::process::ExitCode;

use clap::Parser;
use switchboard::{app, cli::Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Usage errors are UNKNOWN (3) in the monitoring-plugin convention, so a
            // typo is never mistaken for WARNING/CRITICAL; --help and --version are 0.
            return ExitCode::from(if e.use_stderr() { 3 } else { 0 });
        }
    };
    ExitCode::from(app::run(&cli))
}
