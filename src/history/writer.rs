//! The history writer: a thread of its own (rusqlite blocks), so nothing on the
//! console's path waits for the disk. A small tokio task follows the poller's snapshots,
//! turns each into a `Tick` (cheap, no I/O) and hands the thread a batch when it holds a
//! change (health, routing, recovery) or spans `FLUSH_EVERY_MS` of rows: the thread
//! sleeps between batches instead of waking for every snapshot. `Flusher::finish` writes
//! what is left when the console or `--headless` stops; a `kill -9` loses at most the
//! rows of the last `FLUSH_EVERY_MS`, never a change. Failures (locked, full, corrupt,
//! deleted) are said once in the header and the log; the ticks are kept (a bounded
//! number) and written when the database works again.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::store::Store;
use super::tick::{Tick, Tracker};
use super::{say, Status};
use crate::base::state_dir::LogSink;
use crate::config::HistorySettings;
use crate::snapshot::Snapshot;

/// Ticks held while the database fails, or while the thread is busy; older ones are
/// dropped first.
const PENDING_MAX: usize = 240;
/// Rows wait at most this long (snapshot time) before they are written.
const FLUSH_EVERY_MS: i64 = 10_000;
/// Downsampling and retention run this often (snapshot time).
const MAINTAIN_EVERY_MS: i64 = 10 * 60_000;
/// Batches queued for the thread (a stuck disk must not grow memory: the task keeps
/// what does not fit, bounded by `PENDING_MAX`).
const QUEUE: usize = 4;
/// How long stopping waits for the last batch to be written.
const FINISH_WAIT: Duration = Duration::from_secs(3);

pub struct Writer {
    path: PathBuf,
    settings: HistorySettings,
    store: Option<Store>,
    status: Status,
    log: Option<LogSink>,
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
            pending: VecDeque::new(),
            maintained_ms: None,
        }
    }

    /// A tracker that continues where the database left off.
    pub fn tracker(&self) -> Tracker {
        let Some(store) = &self.store else {
            return Tracker::default();
        };
        Tracker::resume(
            store.last_health().unwrap_or_default(),
            store.last_recovery_ms().unwrap_or(0),
        )
    }

    /// Writes `ticks` (and whatever failed to be written before).
    pub fn write(&mut self, ticks: impl IntoIterator<Item = Tick>) {
        for t in ticks {
            hold(&mut self.pending, t);
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
            let trim = store.trim(self.settings.max_bytes).map_err(|e| e.reason)?;
            self.maintained_ms = Some(now_ms);
            self.bound_bites(trim);
        }
        Ok(())
    }

    /// Says (once while it keeps biting; the notice stays) that `max_size` dropped rows.
    fn bound_bites(&mut self, trim: Option<super::store::Trim>) {
        let Some(t) = trim else {
            self.status.set_notice(None);
            return;
        };
        let since = t.oldest_ms.map_or("now".to_string(), |ms| {
            jiff::Timestamp::from_millisecond(ms).map_or(ms.to_string(), |ts| {
                ts.strftime("%Y-%m-%d %H:%M UTC").to_string()
            })
        });
        let notice = format!(
            "max_size {} reached; oldest rows dropped, history starts {since}",
            mib(self.settings.max_bytes)
        );
        let first = self.status.notice().is_none();
        self.status.set_notice(Some(notice));
        let line = format!(
            "history: warning: {} of data is over max_size {}: dropped the {} oldest rows \
             (coarsest first); history now starts {since}",
            mib(t.before_bytes),
            mib(self.settings.max_bytes),
            t.dropped_rows,
        );
        tracing::warn!("{line}");
        if first {
            if let Some(log) = &self.log {
                log(&line);
            }
        }
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

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Appends `t`, dropping the oldest tick beyond `PENDING_MAX`.
fn hold(pending: &mut VecDeque<Tick>, t: Tick) {
    if pending.len() == PENDING_MAX {
        pending.pop_front();
    }
    pending.push_back(t);
}

enum Msg {
    Ticks(Vec<Tick>),
    /// The last batch: write it and end.
    Close(Vec<Tick>),
}

/// Ticks made but not handed to the thread yet.
type Batch = Arc<Mutex<VecDeque<Tick>>>;

/// Stops the writer, writing what is left (also on drop).
#[must_use = "dropping the flusher stops the history writer"]
pub struct Flusher {
    tx: mpsc::SyncSender<Msg>,
    batch: Batch,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Flusher {
    /// Hands the thread the last ticks and waits (bounded) until they are written.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        let last: Vec<Tick> = lock(&self.batch).drain(..).collect();
        let deadline = Instant::now() + FINISH_WAIT;
        let mut msg = Msg::Close(last);
        loop {
            match self.tx.try_send(msg) {
                Err(mpsc::TrySendError::Full(m)) if Instant::now() < deadline => {
                    msg = m;
                    std::thread::sleep(Duration::from_millis(5));
                }
                _ => break,
            }
        }
        while !thread.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        }
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock(b: &Batch) -> std::sync::MutexGuard<'_, VecDeque<Tick>> {
    b.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `w` on a thread fed by a task that follows `snapshots`; the task ends with the
/// poller's channel, the thread with `Flusher::finish` (or the task's last batch).
pub(super) fn spawn(
    mut w: Writer,
    mut snapshots: watch::Receiver<Arc<Snapshot>>,
) -> Option<Flusher> {
    let mut tracker = w.tracker();
    let (tx, rx) = mpsc::sync_channel::<Msg>(QUEUE);
    let thread = std::thread::Builder::new()
        .name("history".into())
        .spawn(move || {
            while let Ok(msg) = rx.recv() {
                match msg {
                    Msg::Ticks(t) => w.write(t),
                    Msg::Close(t) => {
                        w.write(t);
                        break;
                    }
                }
            }
        })
        .ok()?;
    let batch = Batch::default();
    let (task_tx, task_batch) = (tx.clone(), batch.clone());
    tokio::spawn(async move {
        while snapshots.changed().await.is_ok() {
            let s = snapshots.borrow_and_update().clone();
            let Some(t) = tracker.tick(&s) else {
                continue;
            };
            let mut b = lock(&task_batch);
            let urgent = t.has_change();
            let newest = t.at_ms;
            hold(&mut b, t);
            let oldest = b.front().map_or(newest, |t| t.at_ms);
            if urgent || newest - oldest >= FLUSH_EVERY_MS {
                let ticks: Vec<Tick> = b.drain(..).collect();
                match task_tx.try_send(Msg::Ticks(ticks)) {
                    Ok(()) => {}
                    // The thread is behind (a slow disk): keep them for the next batch.
                    Err(mpsc::TrySendError::Full(Msg::Ticks(t))) => {
                        for t in t {
                            hold(&mut b, t);
                        }
                    }
                    Err(_) => break,
                }
            }
        }
        let last: Vec<Tick> = lock(&task_batch).drain(..).collect();
        let _ = task_tx.try_send(Msg::Ticks(last));
    });
    Some(Flusher {
        tx,
        batch,
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::tick::tests::{monitor, round};

    type Lines = Arc<std::sync::Mutex<Vec<String>>>;

    /// A state dir and a log sink that keeps its lines.
    fn logged() -> (tempfile::TempDir, Lines, LogSink) {
        let lines: Lines = Arc::default();
        let l = lines.clone();
        let log: LogSink = Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string()));
        (tempfile::tempdir().unwrap(), lines, log)
    }

    #[test]
    fn a_full_disk_is_said_once_and_the_held_ticks_are_written_when_space_returns() {
        let (dir, lines, log) = logged();
        let path = dir.path().join("history.sqlite");
        let store = Store::open(&path).unwrap();
        let status = Status::default();
        let settings = HistorySettings::default();
        let mut w = Writer::new(path, settings, Some(store), status.clone(), Some(log));
        let mut m = monitor(&["a", "b"]);
        let mut tracker = w.tracker();
        let mut at = 1_795_478_400_000;
        let mut step = |w: &mut Writer, i: u64| {
            at += 5_000;
            let s = round(&mut m, i, at, &[("a", Some(10.0)), ("b", None)]);
            w.write(tracker.tick(&s));
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

    /// Past `max_size` the writer drops the oldest rows at each maintenance, says so once
    /// in the log and keeps a notice for the header (not a problem: history works).
    #[test]
    fn a_bound_that_bites_is_logged_once_and_noticed() {
        let (dir, lines, log) = logged();
        let path = dir.path().join("history.sqlite");
        let store = Store::open(&path).unwrap();
        let status = Status::default();
        let settings = HistorySettings {
            max_bytes: 64 * 1024,
            ..HistorySettings::default()
        };
        let mut w = Writer::new(path, settings, Some(store), status.clone(), Some(log));
        let names: Vec<String> = (0..20).map(|i| format!("channel-{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut m = monitor(&refs);
        let mut tracker = w.tracker();
        let at = 1_795_478_400_000;
        // Fifty minutes at 5 s, maintained every ten (the last round is maintained too):
        // over the bound after the first few.
        for i in 1..=601u64 {
            let lat: Vec<(&str, Option<f64>)> = refs.iter().map(|n| (*n, Some(10.0))).collect();
            let s = round(&mut m, i, at + i as i64 * 5_000, &lat);
            w.write(tracker.tick(&s));
        }
        let used = w.store().unwrap().used_bytes().unwrap();
        assert!(used <= 64 * 1024, "{used}");
        assert_eq!(status.problem(), None);
        let notice = status.notice().expect("a notice");
        assert!(
            notice.starts_with(
                "max_size 0.1 MiB reached; oldest rows dropped, history starts 2026-11-24"
            ),
            "{notice}"
        );
        let lines = lines.lock().unwrap().clone();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("history: warning: "), "{lines:?}");
        assert!(lines[0].contains("over max_size 0.1 MiB"), "{lines:?}");
    }

    fn stored(path: &std::path::Path) -> i64 {
        Store::open_read_only(path)
            .and_then(|s| s.summary(0, i64::MAX))
            .map(|v| v.iter().map(|c| c.ticks).sum())
            .unwrap_or(0)
    }

    async fn until_stored(path: &std::path::Path, n: i64) {
        for _ in 0..400 {
            if stored(path) >= n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        panic!("{} rows stored, waited for {n}", stored(path));
    }

    #[tokio::test]
    async fn rows_wait_for_a_batch_changes_do_not_and_finish_writes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        let store = Store::open(&path).unwrap();
        let w = Writer::new(
            path.clone(),
            HistorySettings::default(),
            Some(store),
            Status::default(),
            None,
        );
        let mut m = monitor(&["a", "b"]);
        let at = 1_795_478_400_000;
        let ok = [("a", Some(10.0)), ("b", Some(30.0))];
        let (tx, rx) = watch::channel(Arc::new(round(&mut m, 0, at, &[])));
        let flusher = spawn(w, rx).expect("thread");
        // The first round chooses a primary: a change, written at once.
        tx.send_replace(Arc::new(round(&mut m, 1, at, &ok)));
        until_stored(&path, 2).await;
        // Two more rounds of rows, five seconds apart: they wait for ten seconds' worth.
        for i in 2..=3 {
            tokio::task::yield_now().await;
            tx.send_replace(Arc::new(round(&mut m, i, at + (i as i64 - 1) * 5_000, &ok)));
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!(
            stored(&path),
            2,
            "rows are batched, not written per snapshot"
        );
        // A channel going down is written at once, with the rows before it.
        let down = [("a", Some(10.0)), ("b", None)];
        for i in 4..=5 {
            tx.send_replace(Arc::new(round(
                &mut m,
                i,
                at + (i as i64 - 1) * 5_000,
                &down,
            )));
            tokio::task::yield_now().await;
        }
        until_stored(&path, 10).await;
        // Rows after it wait again, and stopping writes them.
        tx.send_replace(Arc::new(round(&mut m, 6, at + 25_000, &down)));
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!(stored(&path), 10);
        flusher.finish();
        assert_eq!(stored(&path), 12, "finish writes the last rows");
    }
}
