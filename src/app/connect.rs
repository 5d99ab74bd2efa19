//! `--connect URL`: the console on a remote controller. The controller is reached once
//! before the screen changes (a wrong URL is one line and exit 69, not an empty console);
//! from then on a lost connection is a banner, never an exit.

use crate::base::{exit, stderr};
use crate::cli::Cli;
use crate::connect::link::TOKEN_ENV;
use crate::connect::Link;

pub(super) fn run(cli: &Cli, url: &str) -> u8 {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        stderr::eprint_error(
            "--connect opens a console and needs a terminal; for scripts read the \
             controller's /context, /events or /metrics directly",
        );
        return exit::UNKNOWN;
    }
    let token = std::env::var(TOKEN_ENV).ok();
    let link = match Link::new(url, token) {
        Ok(l) => l,
        Err(e) => {
            stderr::eprint_error(&e);
            return exit::UNKNOWN;
        }
    };
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            stderr::eprint_error(&e);
            return exit::UNKNOWN;
        }
    };
    let state = cli
        .state_dir
        .clone()
        .or_else(crate::base::state_dir::default_dir);
    crate::base::logging::to_file(state.as_deref());
    let opts = super::console_options(cli, super::policy(cli), crate::chatops::Teach::default());
    rt.block_on(async {
        let feed = match link.clone().open().await {
            Ok(f) => f,
            Err(e) => {
                stderr::eprint_error(&e);
                return exit::UNAVAILABLE;
            }
        };
        tracing::info!("console attached to {}", link.base());
        crate::tui::run_remote(feed, link, opts, super::launch::shutdown_signal()).await
    })
}
