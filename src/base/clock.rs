//! The one clock: wall-clock milliseconds that follow tokio's (pausable) time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Wall-clock milliseconds derived from tokio's clock, so a paused test clock drives it
/// exactly like real time does. The poller, the recovery executor and the console share
/// one, so their times agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    start: Instant,
    start_ms: i64,
}

impl Clock {
    pub fn new() -> Clock {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Clock {
            start: Instant::now(),
            start_ms: wall.as_millis() as i64,
        }
    }

    /// A clock reading `start_ms` now (tests pin the demo's scripted incidents).
    pub fn starting_at(start_ms: i64) -> Clock {
        Clock {
            start: Instant::now(),
            start_ms,
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.start_ms + self.start.elapsed().as_millis() as i64
    }

    /// The tokio instant at which this clock reads `at_ms`.
    pub fn instant_at(&self, at_ms: i64) -> Instant {
        self.start + Duration::from_millis((at_ms - self.start_ms).max(0) as u64)
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}
