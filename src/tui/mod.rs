//! The live console (docs/architecture.md): a ratatui TUI over the poller's snapshots or a followed
//! metrics file.
//!
//! `app` holds the state and applies `Action`s (`action`); `channels`, `events`, `chat`
//! and `detail` are the panes, each owning its state, its keys and its drawing; `keymap`
//! is the one table of keys that matching, the footer and the `?` help read; `ask`
//! connects the prompt to the ChatOps engine and `confirm` asks y/N for keys that change
//! something; `work` runs slow work (the disk) off the event loop; `ui` lays out a frame
//! at an injected "now" and draws the header, decision panes, footer and help; `runner`
//! is the event loop that draws only when something changed; `term` owns the real
//! terminal. Data collection stays in the poller and the sources.

mod action;
pub mod app;
mod ask;
pub mod channels;
pub mod chat;
mod confirm;
pub mod detail;
pub mod events;
pub mod keymap;
pub mod runner;
pub mod term;
pub mod trail;
pub mod ui;
pub mod work;

use std::future::Future;

pub use app::{Action, App, ConsoleOptions, Effect};
pub use runner::Feed;

use crate::poller::PollerHandle;
use crate::recovery::RecoveryHandle;

/// The console on live probes (config or demo) with the recovery executor beside the
/// poller, until the operator quits or `shutdown`; then running actions and a route
/// write in progress are let finish.
pub async fn run_live(
    poller: PollerHandle,
    snapshots: tokio::sync::watch::Receiver<std::sync::Arc<crate::snapshot::Snapshot>>,
    recovery: RecoveryHandle,
    routes: Option<crate::route_apply::RouteHandle>,
    opts: ConsoleOptions,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    let feed = Feed {
        snapshots,
        status: None,
        commands: poller.commands.clone(),
        recovery: Some(recovery.commands.clone()),
        routes: routes.as_ref().map(|r| r.commands.clone()),
        worker: work::Worker::default(),
        link: None,
    };
    let code = console(feed, opts, shutdown).await;
    let busy: Vec<String> = recovery
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
        crate::base::stderr::eprint_error(&format!("waiting for {} to finish", busy.join(", ")));
    }
    if let Some(r) = routes {
        r.shutdown().await;
    }
    recovery.shutdown().await;
    code
}

/// The console following a metrics file (already read once by `Follower::open`).
pub async fn run_file(
    follower: crate::source::follow::Follower,
    opts: ConsoleOptions,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    let f = follower.spawn();
    let feed = Feed {
        snapshots: f.snapshots,
        status: Some(f.status),
        commands: f.commands,
        recovery: None,
        routes: None,
        worker: work::Worker::default(),
        link: None,
    };
    console(feed, opts, shutdown).await
}

/// The console attached to a remote controller (`--connect`), already reached once.
pub async fn run_remote(
    remote: crate::connect::RemoteFeed,
    link: crate::connect::Link,
    mut opts: ConsoleOptions,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    opts.remote = true;
    let feed = Feed {
        snapshots: remote.snapshots,
        status: Some(remote.status),
        commands: remote.commands,
        recovery: None,
        routes: None,
        worker: work::Worker::default(),
        link: Some(link),
    };
    console(feed, opts, shutdown).await
}

async fn console(feed: Feed, opts: ConsoleOptions, shutdown: impl Future<Output = ()>) -> u8 {
    let mut tty = match term::Tty::enter() {
        Ok(t) => t,
        Err(e) => {
            crate::base::stderr::eprint_error(&format!("cannot open the console: {e}"));
            return crate::base::exit::UNKNOWN;
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
        crate::base::clock::Clock::new(),
        shutdown,
    )
    .await;
    // Restore the terminal before anything is printed.
    drop(tty);
    match result {
        Ok(()) => 0,
        Err(e) => {
            crate::base::stderr::eprint_error(&e.to_string());
            crate::base::exit::UNKNOWN
        }
    }
}
