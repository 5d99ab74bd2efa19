//! History that survives restarts: a room beside the poller (like `recovery/`) that
//! stores what the snapshots said in SQLite (`history.sqlite` in the state dir, WAL) and
//! reads it back for a restarted console, ChatOps and `--export-json`. See
//! `docs/history.md`.
//!
//! `schema` holds the versions and migrations, `tick` turns snapshots into rows (pure),
//! `store` is the database, `writer` the thread that writes off the UI path.

pub mod changes;
pub mod schema;
pub mod store;
pub mod tick;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

pub use store::{ChannelSummary, Event, Point, Store};
pub use writer::{Flusher, Writer};

use crate::base::state_dir::{LogSink, HISTORY};
use crate::config::HistorySettings;
use crate::snapshot::Snapshot;

/// Why history is off or failing, in words for the header: `database is locked`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{reason}")]
pub struct HistoryError {
    pub reason: String,
}

impl HistoryError {
    pub fn new(reason: impl Into<String>) -> HistoryError {
        HistoryError {
            reason: reason.into(),
        }
    }

    /// SQLite's error as a few words an operator acts on.
    pub fn from_sqlite(path: &Path, e: rusqlite::Error) -> HistoryError {
        use rusqlite::ErrorCode as C;
        let reason = match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => "database is locked".to_string(),
            Some(C::DiskFull) => "disk full".to_string(),
            Some(C::NotADatabase | C::DatabaseCorrupt) => "database is corrupt".to_string(),
            Some(C::CannotOpen) => format!("cannot open {}", path.display()),
            Some(C::ReadOnly) => "database is read-only".to_string(),
            _ => e.to_string(),
        };
        HistoryError { reason }
    }
}

/// A shared "what is wrong now", read by the header at draw time: a problem (history is
/// off) and a notice (it works, but `max_size` made it drop its oldest rows).
#[derive(Debug, Clone, Default)]
pub struct Status(Arc<Mutex<[Option<String>; 2]>>);

impl Status {
    pub fn problem(&self) -> Option<String> {
        self.get(0)
    }

    /// Sets the problem; `true` when it changed (so that it is logged once).
    pub fn set(&self, problem: Option<String>) -> bool {
        self.put(0, problem)
    }

    /// What history wants known while it works (the size bound bites).
    pub fn notice(&self) -> Option<String> {
        self.get(1)
    }

    /// Sets the notice; `true` when it changed.
    pub fn set_notice(&self, notice: Option<String>) -> bool {
        self.put(1, notice)
    }

    fn get(&self, k: usize) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())[k].clone()
    }

    fn put(&self, k: usize, v: Option<String>) -> bool {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let changed = g[k] != v;
        g[k] = v;
        changed
    }
}

/// What a restarted console shows at once: the last hour.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub series: rustc_hash::FxHashMap<String, Vec<Point>>,
    pub events: Vec<Event>,
}

/// History for a running console or `--headless`.
#[derive(Debug)]
pub struct History {
    pub path: PathBuf,
    /// `false` when another instance holds the lock and writes.
    pub writes: bool,
    pub status: Status,
    /// The last hour, read at start.
    pub seed: Seed,
    settings: HistorySettings,
}

impl History {
    /// Reads the last hour before `now_ms` from `history.sqlite` in `state_dir`
    /// (read-only: the lock holder is not known yet). `None` when history is off or there
    /// is no state dir; a database that cannot be read is a problem in `status`.
    pub fn open(
        settings: HistorySettings,
        state_dir: Option<&Path>,
        now_ms: i64,
    ) -> Option<History> {
        if !settings.enabled {
            return None;
        }
        let path = state_dir?.join(HISTORY);
        let status = Status::default();
        let mut seed = Seed::default();
        if path.exists() {
            match Store::open_read_only(&path).and_then(|s| read_seed(&s, now_ms)) {
                Ok(s) => seed = s,
                Err(e) => {
                    status.set(Some(e.reason));
                }
            }
        }
        Some(History {
            path,
            writes: false,
            status,
            seed,
            settings,
        })
    }

    /// Starts the writer on the poller's snapshots when this instance holds the lock (as
    /// the executor's view says); a read-only instance reads history but never writes it.
    /// Keep the `Flusher` until the end: finishing it writes the last ticks.
    #[must_use = "dropping the flusher stops the history writer"]
    pub fn start(
        &mut self,
        snapshots: &watch::Receiver<Arc<Snapshot>>,
        log: Option<LogSink>,
    ) -> Option<Flusher> {
        let writes = snapshots
            .borrow()
            .executor
            .as_ref()
            .is_none_or(|x| x.read_only.is_none());
        if !writes {
            return None;
        }
        self.writes = true;
        let (store, problem) = match Store::open(&self.path) {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.reason)),
        };
        say(&self.status, &log, problem);
        let w = Writer::new(
            self.path.clone(),
            self.settings,
            store,
            self.status.clone(),
            log,
        );
        writer::spawn(w, snapshots.clone())
    }

    /// Per channel over the last `period_ms` before `now_ms`, from a connection of its
    /// own (WAL lets it read while the writer writes).
    pub fn summary(
        &self,
        now_ms: i64,
        period_ms: i64,
    ) -> Result<Vec<ChannelSummary>, HistoryError> {
        summary_at(&self.path, now_ms, period_ms)
    }

    /// Per channel, the last hour as at most one point a minute, oldest first: what the
    /// monitor pre-loads into its sparklines.
    pub fn sparklines(&self) -> rustc_hash::FxHashMap<String, Vec<(i64, Option<f64>)>> {
        self.seed
            .series
            .iter()
            .map(|(ch, points)| (ch.clone(), per_minute(points)))
            .collect()
    }
}

impl History {
    /// Per channel, the rounds of the last `window_ms` before `now_ms` as results (time,
    /// answered, latency): what a restarted or second instance pre-loads into its
    /// windows. A round failed when the channel was OFFLINE or its window's
    /// availability dropped (a failed probe came in); any other answered.
    pub fn window_results(
        &self,
        window_ms: i64,
        now_ms: i64,
    ) -> rustc_hash::FxHashMap<String, Vec<(i64, bool, Option<f64>)>> {
        let since = now_ms - window_ms;
        self.seed
            .series
            .iter()
            .map(|(ch, points)| (ch.clone(), results(points, since, now_ms)))
            .collect()
    }
}

impl History {
    /// When `channel`'s current outage began, from the stored health transitions (a
    /// one-shot `--say` that acts must not count its own first probe as the start).
    pub fn outage_since(&self, channel: &str, now_ms: i64) -> Option<i64> {
        if !self.path.exists() {
            return None;
        }
        Store::open_read_only(&self.path)
            .and_then(|s| s.outage_since(channel, now_ms))
            .ok()
            .flatten()
    }
}

fn results(points: &[Point], since: i64, now_ms: i64) -> Vec<(i64, bool, Option<f64>)> {
    let mut prev: Option<f64> = None;
    let mut out = Vec::new();
    for p in points.iter().filter(|p| p.at_ms <= now_ms) {
        let dropped = prev.is_some_and(|a| p.availability < a);
        prev = Some(p.availability);
        if p.at_ms <= since {
            continue;
        }
        let ok = p.health != crate::domain::Health::Offline && !dropped;
        out.push((p.at_ms, ok, p.mean_ms.filter(|_| ok)));
    }
    out
}

/// Points merged into one per minute: the mean of the minute's latencies, `None` when
/// the channel had none (it was down throughout).
fn per_minute(points: &[Point]) -> Vec<(i64, Option<f64>)> {
    let mut out: Vec<(i64, Option<f64>)> = Vec::new();
    let mut acc = (0.0, 0u32);
    let mut minute = None;
    let close = |minute: Option<i64>, acc: &mut (f64, u32), out: &mut Vec<_>| {
        if let Some(m) = minute {
            out.push((m, (acc.1 > 0).then(|| acc.0 / f64::from(acc.1))));
        }
        *acc = (0.0, 0);
    };
    for p in points {
        let m = p.at_ms.div_euclid(60_000) * 60_000;
        if minute != Some(m) {
            close(minute, &mut acc, &mut out);
            minute = Some(m);
        }
        if let Some(v) = p.mean_ms {
            acc = (acc.0 + v, acc.1 + 1);
        }
    }
    close(minute, &mut acc, &mut out);
    out
}

/// `History::summary` for a path (one-shot modes read another instance's history).
pub fn summary_at(
    path: &Path,
    now_ms: i64,
    period_ms: i64,
) -> Result<Vec<ChannelSummary>, HistoryError> {
    if !path.exists() {
        return Err(HistoryError::new("no history yet"));
    }
    Store::open_read_only(path)?.summary(now_ms - period_ms, now_ms.saturating_add(1))
}

/// The last hour before `now_ms` (before the newest stored tick when the clock is
/// behind it).
fn read_seed(store: &Store, now_ms: i64) -> Result<Seed, HistoryError> {
    let since = now_ms.max(store.last_tick_ms()?.unwrap_or(0)) - 3_600_000;
    Ok(Seed {
        series: store.series(since)?,
        events: store.events(since)?,
    })
}

/// Records a change of problem: in `status` for the header, one line to `log`.
fn say(status: &Status, log: &Option<LogSink>, problem: Option<String>) {
    let line = match &problem {
        Some(p) => format!("history off: {p}"),
        None => "history: writing again".to_string(),
    };
    if status.set(problem) {
        if let Some(log) = log {
            log(&line);
        }
    }
}
