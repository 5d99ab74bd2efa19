//! Modes that probe configured channels: `--snapshot`/`--export-json` after N rounds, and
//! the plain text live view that stands in for the console until the TUI lands.

use std::io::IsTerminal;
use std::time::Duration;

use super::{finish, input_failed, painter, routing_mode, runtime, write_stdout, EXIT_UNKNOWN};
use crate::cli::{Cli, Format};
use crate::config::{self, Config};
use crate::domain::{Health, Status};
use crate::poller::{self, PollerSpec};
use crate::recovery::{self, RecoverySpec};
use crate::report::{json, text};
use crate::snapshot::{PollerState, Snapshot};
use crate::source::probe::http_client;

pub(super) fn run(cli: &Cli) -> u8 {
    let one_shot = cli.snapshot || cli.export_json.is_some() || cli.say.is_some();
    let cfg = if cli.demo {
        Config::demo()
    } else if one_shot && cli.config.is_none() && config::default_path().is_none() {
        // A cron job with an empty HOME must not page someone about simulated channels.
        return no_source(cli.format);
    } else {
        match config::resolve(cli.config.as_deref()) {
            Ok(c) => c,
            Err(e) => return input_failed(cli.format, &e),
        }
    };
    for warning in config_warnings(&cfg) {
        crate::report::sanitize::eprint_error(&format!("warning: {warning}"));
    }
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
        let mut opts = crate::tui::options(cli, spec.settings.policy.clone(), teach);
        opts.warnings = config_warnings(&cfg);
        return rt.block_on(async {
            let running = recovery::launch(spec, recovery);
            crate::tui::run_live(running, opts, shutdown_signal()).await
        });
    }
    rt.block_on(watch(spec, recovery, cli.format))
}

/// A one-shot mode with nothing to evaluate: one line saying what to pass, exit 3.
fn no_source(format: Format) -> u8 {
    let where_ = config::default_location()
        .map(|p| format!(" (no config at {})", p.display()))
        .unwrap_or_default();
    let message = format!(
        "no source: pass --config PATH, --metrics-file PATH or --demo for the embedded demo{where_}"
    );
    crate::report::sanitize::eprint_error(&message);
    if format == Format::Json {
        write_stdout(&format!("{}\n", json::error_object(&message)));
    }
    EXIT_UNKNOWN
}

/// Problems a config has that it still loads with, said at once rather than discovered
/// later as a mysterious OFFLINE: an `api_key_env` that is not set.
pub(crate) fn config_warnings(cfg: &Config) -> Vec<String> {
    cfg.channels
        .iter()
        .filter_map(|c| {
            let var = c.api_key_env.as_deref()?;
            config::api_key(var).err().map(|why| {
                format!(
                    "channel {}: api_key_env: {why}; its probes fail until it is set",
                    c.name
                )
            })
        })
        .collect()
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
    loop {
        tokio::select! {
            _ = &mut shutdown => return 0,
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
                    write_stdout(&frame(&snap, format, tty));
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

/// Resolves on Ctrl-C or SIGTERM.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
