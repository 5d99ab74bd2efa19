//! Modes that probe configured channels: `--snapshot`/`--export-json` after N rounds, and
//! the plain text live view that stands in for the console until the TUI lands.

use std::io::IsTerminal;
use std::time::Duration;

use super::{
    finish, input_failed, painter, routing_mode, runtime, stdout_gone, try_write_stdout,
    EXIT_UNKNOWN,
};
use crate::cli::{Cli, Format};
use crate::config::{self, Config};
use crate::domain::{Health, Status};
use crate::poller::{self, PollerSpec};
use crate::recovery::{self, RecoverySpec};
use crate::report::{json, text};
use crate::snapshot::{PollerState, Snapshot};
use crate::source::probe::http_client;

pub(super) fn run(cli: &Cli) -> u8 {
    let cfg = match config::resolve(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return input_failed(cli.format, &e),
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(&e),
    };
    let spec = match spec(&cfg, cli) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if cli.snapshot || cli.export_json.is_some() || cli.say.is_some() {
        let policy = spec.settings.policy.clone();
        let peeked = recovery_spec(&cfg, &spec, cli)
            .ok()
            .map(|r| recovery::peek(&r, crate::poller::Clock::new().now_ms()));
        let mut snap = rt.block_on(poller::sample_rounds(spec, cli.samples));
        snap.executor = peeked.map(std::sync::Arc::new);
        if let Some(text) = &cli.say {
            let opts = crate::chatops::say::SayOptions::from_cli(cli, text);
            let teach = crate::chatops::Teach::from(&cfg.chatops);
            let live = super::say_live::OneShot {
                rt: &rt,
                cfg: &cfg,
                cli,
            };
            return crate::chatops::say::run(&opts, &snap, &policy, &teach, Some(&live));
        }
        return finish(cli, &snap);
    }
    let recovery = match recovery_spec(&cfg, &spec, cli) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    if cli.headless {
        return rt.block_on(super::headless::run(spec, recovery, shutdown_signal()));
    }
    if crate::tui::wanted(cli) {
        let teach = crate::chatops::Teach::from(&cfg.chatops);
        let opts = crate::tui::options(cli, spec.settings.policy.clone(), teach);
        return rt.block_on(async {
            let running = recovery::launch(spec, recovery);
            crate::tui::run_live(running, opts, shutdown_signal()).await
        });
    }
    rt.block_on(watch(spec, recovery, cli.format))
}

/// The executor's settings for a config and the command line.
pub(super) fn recovery_spec(
    cfg: &Config,
    spec: &PollerSpec,
    cli: &Cli,
) -> Result<RecoverySpec, String> {
    let state_dir = cli.state_dir.clone().or_else(recovery::default_state_dir);
    Ok(RecoverySpec::from_config(
        cfg,
        spec.sims.clone(),
        http_client()?,
        state_dir,
        cli.dry_run,
    ))
}

fn fail(message: &str) -> u8 {
    crate::report::sanitize::eprint_error(message);
    EXIT_UNKNOWN
}

pub(super) fn spec(cfg: &Config, cli: &Cli) -> Result<PollerSpec, String> {
    let client = http_client()?;
    let mut spec = PollerSpec::from_config(cfg, &client);
    spec.settings.policy.mode = routing_mode(cli);
    Ok(spec)
}

/// Reprints the summary whenever the poller publishes, until Ctrl-C or SIGTERM.
async fn watch(spec: PollerSpec, recovery: RecoverySpec, format: Format) -> u8 {
    let running = recovery::launch(spec, recovery);
    let code = watch_snapshots(running.poller.snapshots.clone(), format).await;
    running.recovery.shutdown().await;
    code
}

async fn watch_snapshots(
    mut rx: tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>,
    format: Format,
) -> u8 {
    let tty = std::io::stdout().is_terminal();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    let mut last_decision = None;
    // A pipe gets a frame only when a decision changes: check now and then whether its
    // reader is still there, so `| head -c 10` ends the program instead of leaving it
    // polling for nobody.
    let mut reader_check = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = &mut shutdown => return 0,
            _ = reader_check.tick(), if !tty => {
                if stdout_gone() {
                    return 0;
                }
            }
            changed = rx.changed() => {
                if changed.is_err() {
                    return EXIT_UNKNOWN;
                }
                let snap = rx.borrow_and_update().clone();
                // A terminal redraws every update; a pipe or log gets a frame only when a
                // decision changes, not for every latency wiggle.
                let decision = decision_key(&snap);
                let changed = last_decision.as_ref() != Some(&decision);
                if snap.live.as_ref().is_some_and(|l| l.rounds > 0) && (tty || changed) {
                    // Nobody reads any more (`| head`): stop quietly instead of polling
                    // forever into a closed pipe.
                    match try_write_stdout(&frame(&snap, format, tty)) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return 0,
                        Err(e) => {
                            crate::report::sanitize::eprint_error(&format!(
                                "cannot write to stdout: {}",
                                crate::source::input::io_reason(&e)
                            ));
                            return EXIT_UNKNOWN;
                        }
                    }
                    last_decision = Some(decision);
                }
                // Coalesce bursts: at most a few frames a second.
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    }
}

/// What a log reader cares about: status, health per channel, routing and recovery —
/// not latency numbers, which change every probe.
#[derive(PartialEq)]
struct DecisionKey {
    status: Status,
    health: Vec<Health>,
    primary: Option<String>,
    fallback: Option<String>,
    fallbacks: Vec<String>,
    recovery: bool,
    poller: Option<PollerState>,
}

fn decision_key(s: &Snapshot) -> DecisionKey {
    DecisionKey {
        status: s.status,
        health: s.channels.iter().map(|c| c.eval.health).collect(),
        primary: s.routing.recommended_primary.clone(),
        fallback: s.routing.recommended_fallback.clone(),
        fallbacks: s.routing.fallback_channels.clone(),
        recovery: s.recovery.should_trigger,
        poller: s.live.as_ref().map(|l| l.poller.clone()),
    }
}

fn frame(snap: &Snapshot, format: Format, tty: bool) -> String {
    match format {
        Format::Json => format!("{}\n", json::to_line(snap)),
        Format::Text => {
            let body = text::render(snap, painter());
            let rounds = snap.live.as_ref().map_or(0, |l| l.rounds);
            let footer = format!("live · probe round {rounds} · Ctrl-C to quit\n");
            if tty {
                format!("\x1b[2J\x1b[H{body}{footer}")
            } else {
                format!("{body}{footer}\n")
            }
        }
    }
}

/// Resolves on Ctrl-C, SIGTERM, SIGHUP or SIGQUIT.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        // Every signal that terminates by default ends the run the same orderly way, so
        // the console's terminal is restored: SIGHUP (the terminal closed, ssh dropped)
        // and SIGQUIT used to leave the alternate screen, mouse reports and a hidden
        // cursor behind.
        let kinds = [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::quit(),
        ];
        let mut streams: Vec<_> = kinds.into_iter().filter_map(|k| signal(k).ok()).collect();
        if streams.is_empty() {
            let _ = ctrl_c.await;
            return;
        }
        // select_all needs at least one future: checked just above.
        let any = futures_util::future::select_all(
            streams
                .iter_mut()
                .map(|s| Box::pin(async move { s.recv().await })),
        );
        tokio::select! {
            _ = ctrl_c => {}
            _ = any => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
