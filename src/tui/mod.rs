//! The live console (docs/architecture.md): a ratatui TUI over the poller's snapshots or a followed
//! metrics file.
//!
//! `app` holds the state and applies `Action`s; `channels`, `events`, `chat` and
//! `detail` are the components that own their keys; `ask` connects the prompt to the
//! ChatOps engine; `ui` draws a frame from `&App` and an injected "now"; `runner` is the
//! event loop that draws only when something changed; `term` owns the real terminal;
//! `follow` watches a metrics file. Data collection stays in the poller.

pub mod app;
mod ask;
pub mod channels;
pub mod chat;
pub mod detail;
pub mod events;
pub mod follow;
pub mod keys;
pub mod runner;
pub mod term;
pub mod trail;
pub mod ui;

use std::future::Future;

pub use app::{Action, App, ConsoleOptions, Effect};
pub use runner::{Clock, Feed};

use crate::recovery::Running;

/// Exit code when the console cannot start or its terminal fails (UNKNOWN).
const EXIT_FAILED: u8 = 3;

/// The console on live probes (config or demo) with the recovery executor beside the
/// poller, until the operator quits or `shutdown`; then running actions are let finish.
pub async fn run_live(
    running: Running,
    opts: ConsoleOptions,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    let feed = Feed {
        snapshots: running.snapshots.clone(),
        status: None,
        commands: running.poller.commands.clone(),
        recovery: Some(running.recovery.commands.clone()),
    };
    let code = console(feed, opts, shutdown).await;
    let busy: Vec<String> = running
        .recovery
        .view
        .borrow()
        .channels
        .iter()
        .filter_map(|c| {
            c.running
                .as_ref()
                .map(|(a, _)| format!("{a} on {}", c.name))
        })
        .collect();
    if !busy.is_empty() {
        crate::report::sanitize::eprint_error(&format!(
            "waiting for {} to finish",
            busy.join(", ")
        ));
    }
    running.recovery.shutdown().await;
    code
}

/// The console following a metrics file (already read once by `Follower::open`).
pub async fn run_file(
    follower: follow::Follower,
    opts: ConsoleOptions,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    let f = follower.spawn();
    let feed = Feed {
        snapshots: f.snapshots,
        status: Some(f.status),
        commands: f.commands,
        recovery: None,
    };
    console(feed, opts, shutdown).await
}

async fn console(feed: Feed, opts: ConsoleOptions, shutdown: impl Future<Output = ()>) -> u8 {
    let mut tty = match term::Tty::enter() {
        Ok(t) => t,
        Err(e) => {
            crate::report::sanitize::eprint_error(&format!("cannot open the console: {e}"));
            return EXIT_FAILED;
        }
    };
    let mut app = App::new(feed.snapshots.borrow().clone(), opts);
    if let Some(status) = &feed.status {
        app.feed = status.borrow().clone();
    }
    let result = runner::run(
        &mut tty.terminal,
        &mut app,
        term::input(),
        feed,
        Clock::system(),
        shutdown,
    )
    .await;
    // Restore the terminal before anything is printed.
    drop(tty);
    match result {
        Ok(()) => 0,
        Err(e) => {
            crate::report::sanitize::eprint_error(&e.to_string());
            EXIT_FAILED
        }
    }
}

/// Whether a run opens the console: no one-shot mode was asked for, text output, and
/// stdout is a terminal (a pipe or a log keeps the plain text views scripts rely on).
pub fn wanted(cli: &crate::cli::Cli) -> bool {
    use std::io::IsTerminal;
    !cli.snapshot
        && cli.say.is_none()
        && cli.export_json.is_none()
        && cli.export_html.is_none()
        && cli.format == crate::cli::Format::Text
        && std::io::stdout().is_terminal()
}

/// Console options from the command line and the evaluation policy in force.
pub fn options(
    cli: &crate::cli::Cli,
    policy: crate::domain::Policy,
    teach: crate::chatops::Teach,
) -> ConsoleOptions {
    ConsoleOptions {
        theme: ui::theme::Theme::from_env(),
        read_only: cli.read_only,
        teach,
        policy,
        tz: jiff::tz::TimeZone::system(),
        warnings: Vec::new(),
        history: None,
    }
}
