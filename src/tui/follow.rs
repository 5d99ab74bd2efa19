//! Follows a metrics file for the console: checks its size and modification time once a
//! second, re-reads it when either changes, and publishes a new snapshot. A rewrite
//! caught half-written (or otherwise invalid) keeps the last good snapshot on screen and
//! reports the error until a good version appears. Takes the poller's commands, so the
//! console drives a file the way it drives live probes.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::{mpsc, watch};

use crate::domain::Policy;
use crate::poller::Command;
use crate::snapshot::Snapshot;
use crate::source::input::{display_name, io_reason};
use crate::source::metrics_file::MetricsFile;
use crate::source::InputError;

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
    pub commands: mpsc::Sender<Command>,
}

/// Size and modification time: what tells a rewrite apart.
type Stamp = (u64, Option<SystemTime>);

pub struct Follower {
    path: String,
    policy: Policy,
    file: MetricsFile,
    stamp: Option<Stamp>,
    status: FeedStatus,
}

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
        mut commands: mpsc::Receiver<Command>,
    ) {
        let follow = self.path != "-";
        let mut tick = tokio::time::interval(CHECK_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let changed = tokio::select! {
                _ = tick.tick(), if follow && !self.status.paused => self.check(false),
                cmd = commands.recv() => match cmd {
                    None => return, // the console is gone
                    Some(cmd) => self.command(cmd, follow),
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
    fn command(&mut self, cmd: Command, follow: bool) -> bool {
        match cmd {
            Command::Refresh => follow && self.check(true),
            Command::Pause => {
                self.status.paused = true;
                false
            }
            Command::Resume => {
                self.status.paused = false;
                follow && self.check(false)
            }
            Command::SetMode(mode) => {
                self.policy.mode = mode;
                true
            }
            // A file has no probes and no executor.
            Command::ProbeNow(_) => false,
        }
    }

    /// Re-reads the file when it changed (or when `force`d); returns whether the data changed.
    pub fn check(&mut self, force: bool) -> bool {
        let stamp = match stat(&self.path) {
            Ok(s) => s,
            Err(e) => {
                self.status.error = Some(e.to_string());
                self.stamp = None;
                return false;
            }
        };
        if !force && self.stamp == Some(stamp) {
            return false;
        }
        self.stamp = Some(stamp);
        match MetricsFile::load(&self.path) {
            Ok(file) => {
                self.file = file;
                self.status.error = None;
                self.status.updated_ms = stamp.1.map(epoch_ms);
                true
            }
            Err(e) => {
                self.status.error = Some(e.to_string());
                false
            }
        }
    }
}

fn stat(path: &str) -> Result<Stamp, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        InputError::new(
            display_name(path),
            format!("cannot read: {}", io_reason(&e)),
        )
    })?;
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
}
