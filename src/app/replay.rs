//! `--replay`: one decision per tick, JSONL with `--format json`, a line per tick as text;
//! with `--export-json`/`--export-html`, the end state written to those files instead.

use std::io::{BufWriter, Write};

use super::{input_failed, routing_mode};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::monitor::{ChannelMeta, MonitorSettings};
use crate::report::{json, sanitize};
use crate::snapshot::Snapshot;
use crate::source::replay::{replay, TickSink};

/// Each tick builds and drops a snapshot of every channel (megabytes for large fleets);
/// glibc would hand that memory back to the kernel after every tick and fault it in
/// again, which cost more than the evaluation. Keep it in the process instead.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes allocator thresholds; called before any threads start.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
    }
}

pub(super) fn run(cli: &Cli, path: &str) -> u8 {
    keep_freed_memory();
    // Replay reads channels from the stream; a config only adds metadata and settings.
    let cfg = match cli.config.as_deref().map(Config::load).transpose() {
        Ok(c) => c,
        Err(e) => return input_failed(cli.format, &e),
    };
    let (mut settings, metas) = match &cfg {
        Some(c) => (crate::poller::settings(c), metas(c)),
        None => (default_settings(), Vec::new()),
    };
    settings.policy.mode = routing_mode(cli);
    // A recorded trace is routed by the config's policy; nobody switches it mid-replay.
    settings.choices.clear();
    let tick_ms = cli.tick.as_millis() as i64;
    let mut warn = crate::base::stderr::LossyStderr;
    if super::exporting(cli) {
        // The export shows the end state, with the window's latencies for its chart.
        settings.keep_history = true;
        let mut last = Last(None);
        let result = replay(path, tick_ms, settings, metas, &mut last, &mut warn);
        return match (result, last.0) {
            (Ok(_), Some(snap)) => super::export_files(cli, &snap, None).unwrap_or(0),
            (Ok(_), None) => no_ticks(path),
            (Err(e), _) => input_failed(cli.format, &e),
        };
    }
    settings.keep_history = false;
    let mut sink = Lines::spawn(cli.format);
    let result = replay(path, tick_ms, settings, metas, &mut sink, &mut warn);
    // A closed output at the very end is as quiet as one in the middle.
    let _ = sink.finish();
    match result {
        Ok(summary) if summary.ticks == 0 => no_ticks(path),
        // Also when the output was closed (`| head -1`): stop quietly, like other tools.
        Ok(summary) => summary.exit_code,
        Err(e) => input_failed(cli.format, &e),
    }
}

fn no_ticks(path: &str) -> u8 {
    crate::base::stderr::eprint_error(&format!(
        "{}: no valid observation records",
        crate::base::input::display_name(path)
    ));
    crate::base::exit::UNKNOWN
}

/// Keeps only the newest tick's snapshot (the end state an export shows).
struct Last(Option<Snapshot>);

impl TickSink for Last {
    fn tick(&mut self, snap: Snapshot) -> std::io::Result<()> {
        self.0 = Some(snap);
        Ok(())
    }
}

/// Without a config: the documented defaults (docs/config.md) (5-minute window, 2/2 anti-flap, seed thresholds).
fn default_settings() -> MonitorSettings {
    MonitorSettings {
        policy: crate::domain::Policy::default(),
        window_ms: 300_000,
        flap: crate::domain::FlapRule::default(),
        keep_history: false,
        choices: Vec::new(),
        policy_set_by: None,
    }
}

fn metas(c: &Config) -> Vec<ChannelMeta> {
    c.channels
        .iter()
        .map(|ch| ChannelMeta {
            name: ch.name.clone(),
            optional: ch.optional,
            region: ch.region.clone(),
            cost_per_1k_tokens: ch.cost_per_1k_tokens,
        })
        .collect()
}

/// Writes ticks on a thread of its own: rendering a tick of 10,000 channels costs about
/// as much as evaluating it, so the two overlap (the parser has a thread too).
struct Lines {
    tx: Option<std::sync::mpsc::SyncSender<Snapshot>>,
    writer: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Lines {
    fn spawn(format: Format) -> Lines {
        // A short queue: enough to overlap, not enough to hold many ticks in memory.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Snapshot>(2);
        let writer = std::thread::spawn(move || {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            for snap in rx {
                match format {
                    Format::Json => json::write_line(&mut out, &snap)?,
                    Format::Text => writeln!(out, "{}", summary_line(&snap))?,
                }
            }
            out.flush()
        });
        Lines {
            tx: Some(tx),
            writer: Some(writer),
        }
    }

    /// Waits for everything sent to be written; the writer's error, if it had one.
    fn finish(&mut self) -> std::io::Result<()> {
        drop(self.tx.take());
        match self.writer.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the output writer panicked")),
            None => Ok(()),
        }
    }
}

impl TickSink for Lines {
    fn tick(&mut self, snap: Snapshot) -> std::io::Result<()> {
        match self.tx.as_ref().map(|tx| tx.send(snap).is_ok()) {
            Some(true) => Ok(()),
            // The writer stopped (closed output): its error says why.
            _ => Err(self
                .finish()
                .err()
                .unwrap_or_else(|| std::io::ErrorKind::BrokenPipe.into())),
        }
    }
}

/// `TIME  STATUS  primary X  fallback Y  recovery …` — one tick at a glance.
fn summary_line(snap: &Snapshot) -> String {
    let shown = sanitize::snapshot(snap);
    let s: &Snapshot = &shown;
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".into());
    let recovery = if s.recovery.should_trigger {
        format!("recovery: {}", s.recovery.reason)
    } else {
        "no recovery".to_string()
    };
    format!(
        "{}  {:<8}  primary {}  fallback {}  {}",
        s.timestamp,
        s.status.as_str(),
        name(&s.routing.recommended_primary),
        name(&s.routing.recommended_fallback),
        recovery
    )
}
