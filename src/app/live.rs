//! Modes that probe configured channels: `--snapshot`/`--export-*` after N rounds, and
//! the plain text live view that stands in for the console until the TUI lands.

use std::io::IsTerminal;
use std::time::Duration;

use super::launch::{config_warnings, recovery_spec, shutdown_signal, spec, stop_signal};
use super::{finish, input_failed, painter, runtime, stdout_gone, try_write_stdout};
use crate::base::exit;
use crate::cli::{Cli, Format};
use crate::config::{self, Config};
use crate::domain::{Health, Status};
use crate::history::History;
use crate::poller::{self, PollerSpec};
use crate::recovery::{self, RecoverySpec};
use crate::report::{json, text};
use crate::snapshot::{PollerState, Snapshot};

pub(super) fn run(cli: &Cli) -> u8 {
    let one_shot = cli.snapshot || super::exporting(cli) || cli.say.is_some();
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
        crate::base::stderr::eprint_error(&format!("warning: {warning}"));
    }
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(&e),
    };
    let spec = match spec(&cfg, cli) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if one_shot {
        let policy = spec.settings.policy.clone();
        let peeked = recovery_spec(&cfg, &spec, cli)
            .ok()
            .map(|r| recovery::peek(&r, crate::base::clock::Clock::new().now_ms()));
        let mut snap = rt.block_on(poller::sample_rounds(spec, cli.samples));
        snap.executor = peeked.map(std::sync::Arc::new);
        snap.routes = crate::route_apply::RouteSpec::from_config(&cfg, cli.dry_run)
            .peek()
            .map(std::sync::Arc::new);
        if let Some(text) = &cli.say {
            let mut opts = super::say::SayOptions::from_cli(cli, text);
            opts.history = history_file(&cfg, cli);
            let teach = crate::chatops::Teach::from(&cfg.chatops);
            let live = super::say_live::OneShot {
                rt: &rt,
                cfg: &cfg,
                cli,
            };
            return super::say::run(&opts, &snap, &policy, &teach, Some(&live));
        }
        return finish(cli, &snap, history_file(&cfg, cli).as_deref());
    }
    let recovery = match recovery_spec(&cfg, &spec, cli) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    if let Err(code) = super::state_dir_usable(recovery.state_dir.as_deref()) {
        return code;
    }
    if cli.headless || cli.serve.is_some() {
        // No pane draws sparklines: keeping every probe's latency per snapshot would cost
        // a thousand allocations a publish on a large fleet for nothing.
        let mut spec = spec;
        spec.settings.keep_history = false;
        // Its own log file too: what stderr cannot take (a closed pipe) and daemon
        // faults are still said somewhere.
        crate::base::logging::to_file(recovery.state_dir.as_deref());
        return rt.block_on(super::headless::run(
            spec,
            recovery,
            super::headless::Extras {
                history: cfg.history,
                serve: cli.serve,
                token_env: cfg.serve_token_env.clone(),
                teach: crate::chatops::Teach::from(&cfg.chatops),
            },
            reloader(cli),
            stop_signal(),
        ));
    }
    if super::console_wanted(cli) {
        let mut recovery = recovery;
        let log_file = crate::base::logging::to_file(recovery.state_dir.as_deref());
        if log_file.is_some() {
            recovery.log = Some(crate::base::logging::sink());
        }
        let teach = crate::chatops::Teach::from(&cfg.chatops);
        let mut opts = super::console_options(cli, spec.settings.policy.clone(), teach);
        opts.warnings = config_warnings(&cfg);
        let now_ms = crate::base::clock::Clock::new().now_ms();
        let mut history = History::open(cfg.history, recovery.state_dir.as_deref(), now_ms);
        let mut spec = spec;
        if let Some(h) = &history {
            spec.seed = h.sparklines();
            spec.window_seed = h.window_results(spec.settings.window_ms, now_ms);
        }
        let (code, flusher) = rt.block_on(async {
            let running = super::launch(spec, recovery);
            let sink = log_file.as_ref().map(|_| crate::base::logging::sink());
            let flusher = history
                .as_mut()
                .and_then(|h| h.start(&running.snapshots, sink));
            tracing::info!(
                "console started: switchboard {}, {} channels",
                env!("CARGO_PKG_VERSION"),
                running.snapshots.borrow().channels.len()
            );
            opts.history = history.map(std::sync::Arc::new);
            let code = crate::tui::run_live(
                running.poller,
                running.snapshots,
                running.recovery,
                running.routes,
                opts,
                shutdown_signal(),
            )
            .await;
            (code, flusher)
        });
        if let Some(f) = flusher {
            f.finish();
        }
        tracing::info!("console stopped (exit code {code})");
        return code;
    }
    // The plain view prints no sparklines either.
    let mut spec = spec;
    spec.settings.keep_history = false;
    rt.block_on(watch(spec, recovery, cli.format))
}

/// SIGHUP for a daemon: the config file read and validated again, as at start; `None`
/// for the embedded demo (there is no file to read again).
fn reloader(cli: &Cli) -> Option<super::headless::Reload> {
    let path = cli.config.clone().or_else(config::default_path)?;
    let cli = cli.clone();
    Some(Box::new(move || {
        let cfg = Config::load(&path).map_err(|e| e.to_string())?;
        for warning in config_warnings(&cfg) {
            crate::base::stderr::eprint_error(&format!("warning: {warning}"));
        }
        let mut spec = spec(&cfg, &cli)?;
        spec.settings.keep_history = false;
        let recovery = recovery_spec(&cfg, &spec, &cli)?;
        Ok(super::headless::Built {
            spec,
            recovery,
            history: cfg.history,
        })
    }))
}

/// The history database of this config's state dir, when history is on and it exists.
pub(super) fn history_file(cfg: &Config, cli: &Cli) -> Option<std::path::PathBuf> {
    let dir = cli
        .state_dir
        .clone()
        .or_else(crate::base::state_dir::default_dir)?;
    let path = dir.join(crate::base::state_dir::HISTORY);
    (cfg.history.enabled && path.exists()).then_some(path)
}

/// A one-shot mode with nothing to evaluate: one line saying what to pass, exit 3.
fn no_source(format: Format) -> u8 {
    let where_ = config::default_location()
        .map(|p| format!(" (no config at {})", p.display()))
        .unwrap_or_default();
    let message = format!(
        "no source: pass --config PATH, --metrics-file PATH or --demo for the embedded demo{where_}"
    );
    crate::base::stderr::eprint_error(&message);
    if format == Format::Json {
        let _ = try_write_stdout(&format!("{}\n", json::error_object(&message)));
    }
    exit::UNKNOWN
}

/// Writes a frame of a live view; `Err(code)` ends the view: 0 once nobody reads any
/// more (`| head`), like other Unix tools, UNKNOWN on any other write error.
fn emit(text: &str) -> Result<(), u8> {
    match try_write_stdout(text) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(0),
        Err(e) => {
            crate::base::stderr::eprint_error(&format!(
                "cannot write to stdout: {}",
                crate::base::input::io_reason(&e)
            ));
            Err(exit::UNKNOWN)
        }
    }
}

fn fail(message: &str) -> u8 {
    crate::base::stderr::eprint_error(message);
    exit::UNKNOWN
}

/// Reprints the summary whenever the poller publishes, until Ctrl-C or SIGTERM.
async fn watch(spec: PollerSpec, recovery: RecoverySpec, format: Format) -> u8 {
    let running = super::launch(spec, recovery);
    let code = watch_snapshots(running.snapshots.clone(), format).await;
    running.recovery.shutdown().await;
    code
}

async fn watch_snapshots(
    mut rx: tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>,
    format: Format,
) -> u8 {
    let tty = std::io::stdout().is_terminal();
    if !tty && format == Format::Text {
        return watch_changes(rx).await;
    }
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
                    return exit::UNKNOWN;
                }
                let snap = rx.borrow_and_update().clone();
                // A terminal redraws every update; a pipe or log gets a frame only when a
                // decision changes, not for every latency wiggle.
                let decision = decision_key(&snap);
                let changed = last_decision.as_ref() != Some(&decision);
                if snap.live.as_ref().is_some_and(|l| l.rounds > 0) && (tty || changed) {
                    // Nobody reads any more (`| head`): stop quietly instead of polling
                    // forever into a closed pipe.
                    if let Err(code) = emit(&frame(&snap, format, tty)) {
                        return code;
                    }
                    last_decision = Some(decision);
                }
                // Coalesce bursts: at most a few frames a second.
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    }
}

/// The piped text view: the whole summary once, then one stamped line per change (a
/// thousand channels must not print a thousand-row table per wobble). Repeats of a change
/// within a minute (a flapping primary) are held back and said once as
/// `primary A ⇄ B ×5 in 30s, now B` when the burst is over.
async fn watch_changes(mut rx: tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>) -> u8 {
    let mut shutdown = std::pin::pin!(shutdown_signal());
    let mut changes = ChangeLines::default();
    // A quiet fleet writes nothing for a long time: notice a closed reader anyway.
    let mut reader_check = tokio::time::interval(Duration::from_secs(1));
    let code = loop {
        tokio::select! {
            _ = &mut shutdown => break 0,
            _ = reader_check.tick() => {
                if stdout_gone() {
                    return 0;
                }
            }
            changed = rx.changed() => {
                if changed.is_err() {
                    break exit::UNKNOWN;
                }
                let snap = rx.borrow_and_update().clone();
                let out = changes.next(snap);
                if !out.is_empty() {
                    if let Err(code) = emit(&out) {
                        return code;
                    }
                }
            }
        }
    };
    let _ = emit(&changes.flush(i64::MAX));
    code
}

/// Turns successive snapshots into the piped view's lines.
#[derive(Default)]
pub(crate) struct ChangeLines {
    started: bool,
    changes: crate::history::changes::Changes,
    collapse: crate::domain::change::Collapse,
    /// Repeats held back: key → (first seen, the newest collapsed text, its time).
    held: Vec<(String, i64, String, i64)>,
}

impl ChangeLines {
    /// The text to print for `snap` (possibly empty).
    pub(crate) fn next(&mut self, snap: std::sync::Arc<Snapshot>) -> String {
        let Some(live) = snap.live.as_ref() else {
            return String::new();
        };
        let at = live.at_ms;
        let mut out = self.flush(at);
        let changes = self.changes.next(&snap);
        if !self.started {
            if live.rounds > 0 {
                self.started = true;
                out.push_str(&text::render(&snap, painter()));
                // `rounds` counts completed probe batches (each channel keeps its own
                // interval), not rounds over every channel.
                out.push_str(&format!(
                    "live · probe batch {} · one line per change from here · Ctrl-C to quit\n",
                    live.rounds
                ));
            }
            return out;
        }
        for c in &changes {
            for shown in crate::tui::events::show(&mut self.collapse, at, c) {
                let (key, text) = (shown.burst.key, shown.text);
                if shown.burst.n > 1 {
                    match self.held.iter_mut().find(|h| h.0 == key) {
                        Some(h) => (h.2, h.3) = (text, at),
                        None => self.held.push((key, at, text, at)),
                    }
                } else {
                    out.push_str(&stamp(at, &text));
                }
            }
        }
        out
    }

    /// Lines for bursts that are over by `now_ms` (all of them at the end).
    pub(crate) fn flush(&mut self, now_ms: i64) -> String {
        let mut out = String::new();
        self.held.retain(|(_, first, text, at)| {
            let over = now_ms.saturating_sub(*first) > crate::domain::change::COLLAPSE_MS;
            if over {
                out.push_str(&stamp(*at, text));
            }
            !over
        });
        out
    }
}

fn stamp(at_ms: i64, text: &str) -> String {
    format!(
        "{}  {}\n",
        crate::snapshot::rfc3339_ms(at_ms),
        crate::base::sanitize::clean(text)
    )
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
            let footer = format!("live · probe batch {rounds} · Ctrl-C to quit\n");
            if tty {
                format!("\x1b[2J\x1b[H{body}{footer}")
            } else {
                format!("{body}{footer}\n")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FlapRule, Policy};
    use crate::monitor::{ChannelMeta, Monitor, MonitorSettings, Observation};
    use crate::snapshot::{LiveInfo, SourceInfo};
    use std::sync::Arc;

    fn base(channels: usize) -> Snapshot {
        let metas = (0..channels)
            .map(|i| ChannelMeta {
                name: format!("ch{i}"),
                ..ChannelMeta::default()
            })
            .collect();
        let settings = MonitorSettings {
            policy: Policy::default(),
            window_ms: 60_000,
            flap: FlapRule::default(),
            keep_history: false,
            choices: Vec::new(),
            policy_set_by: None,
        };
        let mut m = Monitor::new(settings, metas, SourceInfo::default());
        for i in 0..channels {
            m.ingest(&Observation {
                at_ms: 0,
                channel: format!("ch{i}"),
                ok: true,
                latency_ms: Some(2.0),
                error: None,
                status: None,
                region: None,
                cost_per_1k_tokens: None,
            });
        }
        m.snapshot(
            1_000,
            Some(LiveInfo {
                poller: PollerState::Running,
                interval: Duration::from_secs(5),
                rounds: 1,
                at_ms: 1_000,
                faults: Vec::new(),
                clock: crate::base::clock::Clock::new(),
            }),
        )
    }

    fn at(s: &Snapshot, at_ms: i64, primary: &str) -> Arc<Snapshot> {
        let mut s = s.clone();
        s.routing.recommended_primary = Some(primary.into());
        if let Some(l) = s.live.as_mut() {
            l.at_ms = at_ms;
        }
        Arc::new(s)
    }

    /// A pipe gets the table once, then one stamped line per change; a flapping primary
    /// is said once, then as one collapsed line when the burst is over.
    #[test]
    fn piped_view_prints_changes_not_tables() {
        let s = base(1000);
        let mut lines = ChangeLines::default();
        let first = lines.next(at(&s, 1_000, "ch0"));
        assert!(first.contains("CHANNEL") && first.lines().count() > 1000);
        assert_eq!(lines.next(at(&s, 6_000, "ch0")), "", "nothing changed");
        let swap = lines.next(at(&s, 11_000, "ch1"));
        assert_eq!(swap, "1970-01-01T00:00:11Z  primary ch0 → ch1\n");
        for (k, p) in ["ch0", "ch1", "ch0", "ch1"].iter().enumerate() {
            let t = 16_000 + 5_000 * k as i64;
            assert_eq!(lines.next(at(&s, t, p)), "", "repeats are held back");
        }
        let later = lines.next(at(&s, 90_000, "ch1"));
        assert_eq!(
            later,
            "1970-01-01T00:00:31Z  primary ch0 ⇄ ch1 ×5 in 20s, now ch1\n"
        );
    }
}
