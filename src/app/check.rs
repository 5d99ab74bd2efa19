//! `--check`: the preflight an operator runs before leaving recovery on (like
//! `nginx -t` or a Nagios plugin): the config loads, every action's executable exists and
//! is executable, the state dir is writable and the lock obtainable, each channel
//! answers one probe and each route target can be read. One table, and the monitoring-plugin exit code: 0 all well,
//! 1 warnings, 3 errors.

use std::path::Path;

use super::launch::{config_warnings, executable, spec};
use crate::base::state_dir::ensure_dir;
use crate::cli::Cli;
use crate::config::{self, ActionKind, Config};
use crate::recovery::lock::{LockError, StateLock};
use crate::snapshot::Snapshot;
use rustc_hash::FxHashSet;

/// How one checked item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warn,
    Error,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Ok => "OK",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }

    /// The monitoring-plugin code: 0 OK, 1 WARNING, 3 UNKNOWN (the check itself failed).
    pub fn exit_code(self) -> u8 {
        match self {
            Level::Ok => 0,
            Level::Warn => 1,
            Level::Error => crate::base::exit::UNKNOWN,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub level: Level,
    pub item: String,
    pub detail: String,
}

fn row(level: Level, item: impl Into<String>, detail: impl Into<String>) -> Row {
    Row {
        level,
        item: item.into(),
        detail: detail.into(),
    }
}

pub(super) fn run(cli: &Cli) -> u8 {
    let path = cli.config.clone().or_else(config::default_path);
    let Some(path) = path else {
        let r = row(
            Level::Error,
            "config",
            "no config: pass --config PATH (the embedded demo needs no check)",
        );
        return print(&[r]);
    };
    let cfg = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => return print(&[row(Level::Error, "config", e.to_string())]),
    };
    let mut rows = vec![row(
        Level::Ok,
        "config",
        format!(
            "{} ({} channels, {} actions)",
            path.display(),
            cfg.channels.len(),
            cfg.action_defs.len()
        ),
    )];
    rows.extend(
        config_warnings(&cfg)
            .into_iter()
            .map(|w| row(Level::Warn, "config", w)),
    );
    rows.extend(actions(&cfg));
    let state = cli
        .state_dir
        .clone()
        .or_else(crate::base::state_dir::default_dir);
    rows.extend(state_dir(state.as_deref(), cfg.recovery.auto));
    rows.extend(probes(&cfg, cli));
    rows.extend(route_targets(&cfg));
    print(&rows)
}

/// Each `[[route_target]]`, read once: its order as it stands, and the deployments of a
/// LiteLLM group that it does not map (a lower order there would take the traffic).
fn route_targets(cfg: &Config) -> Vec<Row> {
    if cfg.route_targets.is_empty() {
        return Vec::new();
    }
    let (rt, client) = match (super::runtime(), crate::http_call::http_client()) {
        (Ok(rt), Ok(c)) => (rt, c),
        (Err(e), _) | (_, Err(e)) => return vec![row(Level::Error, "route targets", e)],
    };
    let mode = match cfg.route_apply.mode {
        crate::config::ApplyMode::Off => "off: routes are never written",
        crate::config::ApplyMode::Confirm => "confirm: each change waits for an operator",
        crate::config::ApplyMode::Auto => "auto: due changes are written",
    };
    let mut rows = vec![row(Level::Ok, "routing apply", mode)];
    for t in &cfg.route_targets {
        let a = crate::route_apply::Adapter::new(t.clone(), client.clone());
        let item = format!("route target {}", t.name);
        let what = format!("{} ({})", a.kind(), a.write_kind());
        if !a.readable() {
            rows.push(row(Level::Ok, item, format!("{what}: cannot be read back")));
            continue;
        }
        let (read, unmapped) = rt.block_on(async { (a.read(&[]).await, a.unmapped().await) });
        rows.push(match read {
            Ok(o) if o.is_empty() => {
                row(Level::Warn, item.clone(), format!("{what}: no order yet"))
            }
            Ok(o) => row(
                Level::Ok,
                item.clone(),
                format!("{what}: order {}", o.join(", ")),
            ),
            Err(e) => row(Level::Error, item.clone(), format!("{what}: {e}")),
        });
        for (id, o) in unmapped.unwrap_or_default() {
            let o = o.map_or("unset".to_string(), |o| o.to_string());
            rows.push(row(
                Level::Warn,
                item.clone(),
                format!("deployment {id} (order {o}) is not mapped: never touched, and a lower order there takes the traffic"),
            ));
        }
    }
    rows
}

/// Each `[[action]]`: a command's executable is found and executable.
fn actions(cfg: &Config) -> Vec<Row> {
    cfg.action_defs
        .iter()
        .map(|a| {
            let item = format!("action {}", a.name);
            match &a.kind {
                ActionKind::Command { argv } => match argv.first().map(|p| executable(p)) {
                    Some(Ok(p)) => row(Level::Ok, item, p.display().to_string()),
                    Some(Err(why)) => row(Level::Error, item, why),
                    None => row(Level::Error, item, "empty command"),
                },
                ActionKind::Webhook { url, .. } => row(
                    Level::Ok,
                    item,
                    format!(
                        "webhook {} (not called)",
                        crate::http_call::webhook_target(url)
                    ),
                ),
                ActionKind::SimulatedRestart => row(Level::Ok, item, "simulated"),
            }
        })
        .collect()
}

/// The state dir can be created and written, and the lock is free (held by another
/// instance is a warning: a running daemon holds it, so this one could only follow).
fn state_dir(dir: Option<&Path>, auto: bool) -> Vec<Row> {
    let Some(dir) = dir else {
        let why = "no state dir: set XDG_STATE_HOME or pass --state-dir";
        return vec![row(Level::Error, "state dir", why)];
    };
    let io = crate::base::input::io_reason;
    if let Err(e) = ensure_dir(dir) {
        let why = format!("cannot create {}: {}", dir.display(), io(&e));
        return vec![row(Level::Error, "state dir", why)];
    }
    let probe = dir.join(format!(".check-{}", std::process::id()));
    let written = crate::base::state_dir::private_file()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"check\n"));
    let _ = std::fs::remove_file(&probe);
    let mut rows = vec![match written {
        Ok(()) => row(
            Level::Ok,
            "state dir",
            format!("{} writable", dir.display()),
        ),
        Err(e) => {
            let why = format!("cannot write in {}: {}", dir.display(), io(&e));
            return vec![row(Level::Error, "state dir", why)];
        }
    }];
    rows.push(match StateLock::acquire(dir) {
        Ok(_) => row(Level::Ok, "lock", "free: a daemon started now would act"),
        Err(e @ LockError::Held(_)) if auto => row(
            Level::Warn,
            "lock",
            format!("{e}: a second daemon needs --standby"),
        ),
        Err(e @ LockError::Held(_)) => row(Level::Warn, "lock", e.to_string()),
        Err(e) => row(Level::Error, "lock", e.to_string()),
    });
    rows
}

/// One probe round: a channel that does not answer is a warning (the config is fine;
/// the channel is down now).
fn probes(cfg: &Config, cli: &Cli) -> Vec<Row> {
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => return vec![row(Level::Error, "probes", e)],
    };
    let spec = match spec(cfg, cli) {
        Ok(s) => s,
        Err(e) => return vec![row(Level::Error, "probes", e)],
    };
    let snap = rt.block_on(crate::poller::sample_rounds(spec, 1));
    let configured: FxHashSet<&str> = cfg.channels.iter().map(|c| c.name.as_str()).collect();
    let fleet = cfg
        .prometheus
        .as_ref()
        .map(|p| discovered(&p.url, &snap, &configured));
    snap.channels
        .iter()
        .filter(|c| configured.contains(c.name()))
        .map(|c| {
            let item = format!("channel {}", c.name());
            let d = &c.details;
            if d.consecutive_failures > 0 {
                let why = d.last_error.as_deref().unwrap_or("failed");
                row(Level::Warn, item, format!("probe failed: {why}"))
            } else {
                let ms = c.eval.input.mean_latency_ms.get();
                row(Level::Ok, item, format!("answered in {ms:.0} ms"))
            }
        })
        .chain(fleet)
        .collect()
}

/// `[prometheus]` in one row, whatever the size of the fleet: how many channels it
/// discovered and how many of them fail, or why it could not be read (an error: nothing
/// about the fleet could be checked).
fn discovered(url: &str, snap: &Snapshot, configured: &FxHashSet<&str>) -> Row {
    let item = format!("prometheus {}", crate::base::sanitize::redact_userinfo(url));
    if let Some(e) = &snap.source.error {
        return row(Level::Error, item, e.clone());
    }
    let found: Vec<_> = snap
        .channels
        .iter()
        .filter(|c| !configured.contains(c.name()))
        .collect();
    let failing: Vec<&str> = found
        .iter()
        .filter(|c| c.details.consecutive_failures > 0)
        .map(|c| c.name())
        .collect();
    let mut said = format!("{} channels discovered", found.len());
    if let Some(first) = failing.first() {
        said.push_str(&format!(", {} failing (first: {first})", failing.len()));
        return row(Level::Warn, item, said);
    }
    let level = if found.is_empty() {
        Level::Warn
    } else {
        Level::Ok
    };
    row(level, item, said)
}

/// Prints the table and returns the exit code of its worst row.
fn print(rows: &[Row]) -> u8 {
    let worst = rows.iter().map(|r| r.level).max().unwrap_or(Level::Ok);
    super::write_stdout(&render(rows));
    worst.exit_code()
}

/// The table: level, item, detail; then a summary line.
pub fn render(rows: &[Row]) -> String {
    let w = rows
        .iter()
        .map(|r| r.item.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        let line = format!("{:<5}  {:<w$}  {}", r.level.word(), r.item, r.detail);
        out.push_str(&crate::base::sanitize::clean(line.trim_end()));
        out.push('\n');
    }
    let count = |l| rows.iter().filter(|r| r.level == l).count();
    out.push_str(&format!(
        "{} errors, {} warnings\n",
        count(Level::Error),
        count(Level::Warn)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_row_gives_the_exit_code() {
        let rows = [row(Level::Ok, "a", "x"), row(Level::Warn, "bb", "y")];
        assert_eq!(rows.iter().map(|r| r.level).max(), Some(Level::Warn));
        assert_eq!(Level::Error.exit_code(), 3);
        let text = render(&rows);
        assert!(text.starts_with("OK     a   x\nWARN   bb  y\n"), "{text}");
        assert!(text.ends_with("0 errors, 1 warnings\n"));
    }
}
