//! The history writer: a thread of its own (rusqlite blocks) fed the poller's snapshots
//! by a small tokio task, so nothing on the console's path waits for the disk. Each
//! batch of snapshots that arrived while the last write ran is written in one
//! transaction. Failures (locked, full, corrupt, deleted) are said once in the header
//! and the log; the ticks are kept (a bounded number) and written when the database
//! works again.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;

use tokio::sync::watch;

use super::store::Store;
use super::tick::{Tick, Tracker};
use super::{say, HistorySettings, Status};
use crate::recovery::LogSink;
use crate::snapshot::Snapshot;

/// Ticks held while the database fails; older ones are dropped first.
const PENDING_MAX: usize = 240;
/// Downsampling and retention run this often (snapshot time).
const MAINTAIN_EVERY_MS: i64 = 10 * 60_000;
/// Snapshots queued for the thread before newer ones are dropped (a stuck disk must not
/// grow memory).
const QUEUE: usize = 64;

pub struct Writer {
    path: PathBuf,
    settings: HistorySettings,
    store: Option<Store>,
    status: Status,
    log: Option<LogSink>,
    tracker: Option<Tracker>,
    pending: VecDeque<Tick>,
    maintained_ms: Option<i64>,
}

impl Writer {
    pub fn new(
        path: PathBuf,
        settings: HistorySettings,
        store: Option<Store>,
        status: Status,
        log: Option<LogSink>,
    ) -> Writer {
        Writer {
            path,
            settings,
            store,
            status,
            log,
            tracker: None,
            pending: VecDeque::new(),
            maintained_ms: None,
        }
    }

    /// Turns a batch of snapshots into ticks and writes them (and whatever is pending).
    pub fn handle(&mut self, snaps: &[Arc<Snapshot>]) {
        for s in snaps {
            let tracker = self
                .tracker
                .get_or_insert_with(|| resume(self.store.as_ref()));
            if let Some(t) = tracker.tick(s) {
                if self.pending.len() == PENDING_MAX {
                    self.pending.pop_front();
                }
                self.pending.push_back(t);
            }
        }
        let Some(now_ms) = self.pending.back().map(|t| t.at_ms) else {
            return;
        };
        if let Err(problem) = self.flush(now_ms) {
            say(&self.status, &self.log, Some(problem));
            return;
        }
        say(&self.status, &self.log, None);
    }

    fn flush(&mut self, now_ms: i64) -> Result<(), String> {
        self.reopen_if_deleted()?;
        let store = self.store.as_mut().ok_or("not open")?;
        store
            .write(self.pending.make_contiguous())
            .map_err(|e| e.reason)?;
        self.pending.clear();
        if self
            .maintained_ms
            .is_none_or(|t| now_ms - t >= MAINTAIN_EVERY_MS)
        {
            store
                .maintain(now_ms, self.settings.retention.as_millis() as i64)
                .map_err(|e| e.reason)?;
            self.maintained_ms = Some(now_ms);
        }
        Ok(())
    }

    /// A deleted file (or one that never opened) is opened anew: the old connection is
    /// closed first so that its WAL is not replayed into the new file.
    fn reopen_if_deleted(&mut self) -> Result<(), String> {
        let deleted = self.store.is_some() && !self.path.exists();
        if self.store.is_some() && !deleted {
            return Ok(());
        }
        self.store = None;
        if deleted {
            if let Some(log) = &self.log {
                log("history: history.sqlite was deleted; starting a new one");
            }
        }
        self.store = Some(Store::open(&self.path).map_err(|e| e.reason)?);
        Ok(())
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }
}

/// A tracker that continues where the database left off.
fn resume(store: Option<&Store>) -> Tracker {
    let Some(store) = store else {
        return Tracker::default();
    };
    Tracker::resume(
        store.last_health().unwrap_or_default(),
        store.last_recovery_ms().unwrap_or(0),
    )
}

/// Runs `w` on a thread fed by a task that follows `snapshots`; both end when the
/// poller's channel closes.
pub(super) fn spawn(mut w: Writer, mut snapshots: watch::Receiver<Arc<Snapshot>>) {
    let (tx, rx) = mpsc::sync_channel::<Arc<Snapshot>>(QUEUE);
    let spawned = std::thread::Builder::new()
        .name("history".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter());
                w.handle(&batch);
            }
        });
    if spawned.is_err() {
        return;
    }
    tokio::spawn(async move {
        while snapshots.changed().await.is_ok() {
            let s = snapshots.borrow_and_update().clone();
            if let Err(mpsc::TrySendError::Disconnected(_)) = tx.try_send(s) {
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::tick::tests::{monitor, round};

    #[test]
    fn a_full_disk_is_said_once_and_the_held_ticks_are_written_when_space_returns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        let store = Store::open(&path).unwrap();
        let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
        let l = lines.clone();
        let log: LogSink = Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string()));
        let status = Status::default();
        let settings = HistorySettings::default();
        let mut w = Writer::new(path, settings, Some(store), status.clone(), Some(log));
        let mut m = monitor(&["a", "b"]);
        let mut at = 1_795_478_400_000;
        let mut step = |w: &mut Writer, i: u64| {
            at += 5_000;
            w.handle(&[Arc::new(round(
                &mut m,
                i,
                at,
                &[("a", Some(10.0)), ("b", None)],
            ))]);
        };
        step(&mut w, 1);
        assert_eq!(status.problem(), None);
        let pages: i64 = w.store().unwrap().page_count();
        w.store().unwrap().set_max_pages(pages);
        let mut i = 2;
        while status.problem().is_none() && i < 5_000 {
            step(&mut w, i);
            i += 1;
        }
        assert_eq!(status.problem().as_deref(), Some("disk full"));
        step(&mut w, i);
        step(&mut w, i + 1);
        assert!(w.pending.len() >= 3, "ticks are held, not lost");
        w.store().unwrap().set_max_pages(1_000_000);
        step(&mut w, i + 2);
        assert_eq!(status.problem(), None);
        assert!(w.pending.is_empty());
        let stored = w.store().unwrap().summary(0, i64::MAX).unwrap();
        assert_eq!(
            stored[0].ticks,
            (i + 2) as i64,
            "every tick, the held ones too"
        );
        let lines = lines.lock().unwrap().clone();
        assert_eq!(lines, ["history off: disk full", "history: writing again"]);
    }
}
