//! Follows a metrics file for the console: checks its size and modification time once a
//! second, re-reads it when either changes, and publishes a new snapshot. A rewrite
//! caught half-written (or otherwise invalid) keeps the last good snapshot on screen and
//! reports the error until a good version appears. Takes the poller's commands, so the
//! console drives a file the way it drives live probes. Reads happen off the console's
//! thread, and only regular files are read again (a FIFO would block until written).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::{mpsc, watch};

use super::PollerCommand;
use crate::base::input::InputError;
use crate::base::input::{display_name, io_reason};
use crate::domain::Policy;
use crate::snapshot::Snapshot;
use crate::source::metrics_file::MetricsFile;

/// How often the file's metadata is checked (a `stat`, nothing more, when unchanged).
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// What the console shows about the followed file besides its data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedStatus {
    /// Why the newest version could not be used; the last good one stays on screen.
    pub error: Option<String>,
    pub paused: bool,
    /// Modification time of the version shown, ms since the Unix epoch.
    pub updated_ms: Option<i64>,
}

/// A running follower: snapshots and status out, commands in.
pub struct FileFeed {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    pub status: watch::Receiver<FeedStatus>,
    pub commands: mpsc::Sender<PollerCommand>,
}

/// Size and modification time: what tells a rewrite apart.
type Stamp = (u64, Option<SystemTime>);

pub struct Follower {
    path: String,
    policy: Policy,
    file: MetricsFile,
    stamp: Option<Stamp>,
    status: FeedStatus,
    /// Only a regular file is followed; stdin or a FIFO given at start (`<(cmd)`) is read
    /// once, as it cannot be read again.
    follow: bool,
    /// How a check looks at the file (a test makes it slow).
    read: ReadFn,
}

type ReadFn = fn(&str, Option<Stamp>, bool) -> Read;

impl Follower {
    /// Reads the file once; an error here is reported before any console opens.
    pub fn open(path: &str, policy: Policy) -> Result<Follower, InputError> {
        let stamp = stat(path).ok();
        let file = MetricsFile::load(path)?;
        Ok(Follower {
            path: path.to_string(),
            policy,
            file,
            status: FeedStatus {
                updated_ms: stamp.and_then(|s| s.1).map(epoch_ms),
                ..FeedStatus::default()
            },
            stamp,
            follow: path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file()),
            read: read_if_changed,
        })
    }

    pub fn snapshot(&self) -> Snapshot {
        self.file.snapshot(&self.policy, &self.path)
    }

    pub fn status(&self) -> FeedStatus {
        self.status.clone()
    }

    /// Starts following on the current tokio runtime (stdin is read once, not followed).
    pub fn spawn(self) -> FileFeed {
        let (snap_tx, snapshots) = watch::channel(Arc::new(self.snapshot()));
        let (status_tx, status) = watch::channel(self.status.clone());
        let (commands, rx) = mpsc::channel(16);
        tokio::spawn(self.run(snap_tx, status_tx, rx));
        FileFeed {
            snapshots,
            status,
            commands,
        }
    }

    async fn run(
        mut self,
        snaps: watch::Sender<Arc<Snapshot>>,
        status: watch::Sender<FeedStatus>,
        mut commands: mpsc::Receiver<PollerCommand>,
    ) {
        let follow = self.follow;
        let mut tick = tokio::time::interval(CHECK_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let changed = tokio::select! {
                _ = tick.tick(), if follow && !self.status.paused => self.check_off_thread(false).await,
                cmd = commands.recv() => match cmd {
                    None => return, // the console is gone
                    Some(cmd) => self.command(cmd, follow).await,
                },
            };
            if changed {
                snaps.send_replace(Arc::new(self.snapshot()));
            }
            status.send_if_modified(|s| {
                let differs = *s != self.status;
                if differs {
                    *s = self.status.clone();
                }
                differs
            });
        }
    }

    /// Returns whether the data changed.
    async fn command(&mut self, cmd: PollerCommand, follow: bool) -> bool {
        match cmd {
            PollerCommand::Refresh => follow && self.check_off_thread(true).await,
            PollerCommand::Pause => {
                self.status.paused = true;
                false
            }
            PollerCommand::Resume => {
                self.status.paused = false;
                follow && self.check_off_thread(false).await
            }
            PollerCommand::SetMode(mode) => {
                self.policy.mode = mode;
                true
            }
            // A file has no probes and no executor.
            PollerCommand::ProbeNow(_) => false,
            // Nor a routing policy to switch (refused before it is sent).
            PollerCommand::SetPolicy { .. } => false,
        }
    }

    /// Re-reads the file when it changed (or when `force`d); returns whether the data changed.
    pub fn check(&mut self, force: bool) -> bool {
        let read = (self.read)(&self.path, self.stamp, force);
        self.apply(read)
    }

    /// `check` on a blocking-pool thread. The follower shares the console's thread (a
    /// current-thread runtime): a read that blocks — a slow disk, a network mount — must
    /// not freeze the keys, the "ago" clock or the banners.
    async fn check_off_thread(&mut self, force: bool) -> bool {
        let (path, last, read) = (self.path.clone(), self.stamp, self.read);
        match tokio::task::spawn_blocking(move || read(&path, last, force)).await {
            Ok(read) => self.apply(read),
            Err(e) => {
                self.status.error = Some(format!("reading the file failed: {e}"));
                false
            }
        }
    }

    fn apply(&mut self, read: Read) -> bool {
        match read {
            Read::Unchanged => false,
            Read::Failed { stamp, error } => {
                self.stamp = stamp;
                if self.status.error.as_ref() != Some(&error) {
                    tracing::warn!("{}", crate::base::sanitize::clean(&error));
                }
                self.status.error = Some(error);
                false
            }
            Read::Loaded { stamp, file } => {
                self.stamp = Some(stamp);
                self.file = file;
                if self.status.error.is_some() {
                    tracing::info!("the followed file is readable again");
                }
                self.status.error = None;
                self.status.updated_ms = stamp.1.map(epoch_ms);
                true
            }
        }
    }
}

/// What one look at the file found.
enum Read {
    Unchanged,
    /// `stamp` is what to remember (None: look again next time).
    Failed {
        stamp: Option<Stamp>,
        error: String,
    },
    Loaded {
        stamp: Stamp,
        file: MetricsFile,
    },
}

fn read_if_changed(path: &str, last: Option<Stamp>, force: bool) -> Read {
    let stamp = match stat(path) {
        Ok(s) => s,
        Err(e) => {
            return Read::Failed {
                stamp: None,
                error: e.to_string(),
            }
        }
    };
    if !force && last == Some(stamp) {
        return Read::Unchanged;
    }
    match load_regular(path) {
        Ok(file) => Read::Loaded { stamp, file },
        Err(e) => Read::Failed {
            stamp: Some(stamp),
            error: e.to_string(),
        },
    }
}

/// Reads `path` only if it is a regular file. It is opened without blocking and checked
/// on the open handle, so a file swapped for a FIFO between the `stat` and the `open`
/// is refused too (reading a FIFO waits until someone writes to it).
fn load_regular(path: &str) -> Result<MetricsFile, InputError> {
    use std::io::Read as _;
    let name = display_name(path);
    let cannot =
        |e: std::io::Error| InputError::new(name, format!("cannot read: {}", io_reason(&e)));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut f = options.open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(1 << 26) as usize);
    f.read_to_end(&mut bytes).map_err(cannot)?;
    MetricsFile::parse(name, &bytes)
}

fn not_regular(path: &str) -> InputError {
    InputError::new(
        display_name(path),
        "not a regular file (a FIFO, device or directory cannot be followed)",
    )
}

fn stat(path: &str) -> Result<Stamp, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        InputError::new(
            display_name(path),
            format!("cannot read: {}", io_reason(&e)),
        )
    })?;
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    Ok((meta.len(), meta.modified().ok()))
}

fn epoch_ms(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"Channels":{"A":{"Availability":100,"Mean":50}}}"#;

    #[test]
    fn keeps_the_last_good_data_while_a_rewrite_is_broken() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        let p = path.to_string_lossy().to_string();
        std::fs::write(&path, GOOD).expect("write");
        let mut f = Follower::open(&p, Policy::default()).expect("opens");
        assert!(!f.check(false), "unchanged file is not re-read");

        std::fs::write(&path, r#"{"Channels":{"A":{"Avail"#).expect("write");
        assert!(!f.check(false));
        let err = f.status().error.expect("error shown");
        assert!(err.contains("truncated"), "{err}");
        assert_eq!(f.snapshot().channels[0].name(), "A", "last good data kept");

        std::fs::write(
            &path,
            r#"{"Channels":{"B":{"Availability":100,"Mean":50}}}"#,
        )
        .expect("write");
        assert!(f.check(false));
        assert_eq!(f.status().error, None);
        assert_eq!(f.snapshot().channels[0].name(), "B");

        std::fs::remove_file(&path).expect("remove");
        assert!(!f.check(false));
        assert!(f.status().error.is_some_and(|e| e.contains("cannot read")));
    }

    /// A followed file replaced by a FIFO is refused, not read
    /// (reading would block until someone writes to it, freezing the console).
    #[cfg(unix)]
    #[test]
    fn a_file_replaced_by_a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        let p = path.to_string_lossy().to_string();
        std::fs::write(&path, GOOD).expect("write");
        let mut f = Follower::open(&p, Policy::default()).expect("opens");
        std::fs::remove_file(&path).expect("remove");
        let c = std::ffi::CString::new(p.clone()).expect("cstr");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // On a thread with a generous bound: a regression blocks, it is not slow.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let changed = f.check(true);
            let _ = tx.send((changed, f.status().error));
        });
        let (changed, error) = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("check returned instead of blocking on the FIFO");
        assert!(!changed);
        let error = error.expect("an error is shown");
        assert!(error.contains("not a regular file"), "{error}");
    }

    /// The console's loop reads through the blocking pool; it sees what `check` sees.
    #[tokio::test]
    async fn the_off_thread_check_loads_like_check() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        let p = path.to_string_lossy().to_string();
        std::fs::write(&path, GOOD).expect("write");
        let mut f = Follower::open(&p, Policy::default()).expect("opens");
        assert!(!f.check_off_thread(false).await, "unchanged");
        assert!(f.check_off_thread(true).await, "forced");
        assert_eq!(f.status().error, None);
    }

    /// The slow read below waits for this gate (a network mount that hangs).
    static GATE: (std::sync::Mutex<bool>, std::sync::Condvar) =
        (std::sync::Mutex::new(false), std::sync::Condvar::new());

    fn hanging_read(path: &str, last: Option<Stamp>, force: bool) -> Read {
        let (open, cv) = &GATE;
        let mut g = open.lock().unwrap();
        while !*g {
            g = cv.wait(g).unwrap();
        }
        read_if_changed(path, last, force)
    }

    /// While a read hangs, the "ago" clock goes on and keys work.
    /// Real time (a paused clock does not advance while a blocking read runs).
    #[tokio::test]
    async fn a_hanging_read_leaves_the_clock_ticking_and_the_keys_working() {
        use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        std::fs::write(&path, GOOD).expect("write");
        let mut f = Follower::open(&path.to_string_lossy(), Policy::default()).expect("opens");
        f.read = hanging_read;
        let first = Arc::new(f.snapshot());
        let mut app = crate::tui::App::new(first, crate::tui::ConsoleOptions::default());
        app.feed = f.status();
        let feed = f.spawn();
        let (keys, mut key_rx) = mpsc::unbounded_channel::<std::io::Result<Event>>();
        let events = futures_util::stream::poll_fn(move |cx| key_rx.poll_recv(cx));
        let console = tokio::spawn(async move {
            let backend = ratatui::backend::TestBackend::new(100, 30);
            let mut term = ratatui::Terminal::new(backend).expect("terminal");
            let feed = crate::tui::Feed {
                snapshots: feed.snapshots,
                status: Some(feed.status),
                commands: feed.commands,
                recovery: None,
                routes: None,
                worker: crate::tui::work::Worker::default(),
            };
            let clock = crate::base::clock::Clock::new();
            let never = std::future::pending::<()>();
            let r = crate::tui::runner::run(&mut term, &mut app, events, feed, clock, never).await;
            (r, app.frames)
        });
        let open_gate = || {
            let (open, cv) = &GATE;
            let was = std::mem::replace(&mut *open.lock().unwrap(), true);
            cv.notify_all();
            was
        };
        // A regression (a read on the console's thread) would block this test's runtime
        // too: a watchdog ends the hang after 8 s so that it fails instead of hanging.
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(8));
            open_gate();
        });
        // The follower's first check is hanging by now; three seconds go by.
        tokio::time::sleep(Duration::from_millis(3_200)).await;
        let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
        keys.send(Ok(q)).expect("console listening");
        let ended = tokio::time::timeout(Duration::from_secs(2), console).await;
        let hung_throughout = !open_gate();
        let (r, frames) = ended.expect("q is handled").expect("task");
        r.expect("console ran");
        assert!(hung_throughout, "q was handled only after the read ended");
        assert!(frames >= 4, "the age ticked every second: {frames} frames");
    }
}
