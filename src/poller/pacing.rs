//! How often the poller publishes: promptly when idle, on a steady cadence while probes
//! are in flight, and never so often that building snapshots takes more than a small
//! share of a core. Never so seldom, either, that a snapshot goes stale: `/healthz`
//! calls data older than three probe intervals stale, so no stretch reaches past one.

use std::time::Duration;

/// A coalesced publish happens at most this often while probes are still in flight.
pub const PUBLISH_EVERY: Duration = Duration::from_millis(500);
/// Snapshots are never published closer together than this: with a thousand channels
/// spread over their intervals, probes finish every few milliseconds and a view needs
/// no more.
pub const MIN_GAP: Duration = Duration::from_millis(200);
/// Publishing (evaluating every channel, and what the views, the executor and history do
/// with each snapshot) is kept to a small share of a core: the gaps above stretch to this
/// many times the CPU time the last snapshot took to build (ten thousand channels take
/// about ten milliseconds), and so does the gap before an urgent publish when a snapshot
/// costs more than [`URGENT_AT_ONCE`] — ten thousand channels going down at once would
/// otherwise be ten thousand snapshots.
const COST_RATIO: u32 = 40;
/// Snapshots that cost less than this to build are published at once when urgent.
const URGENT_AT_ONCE: Duration = Duration::from_millis(1);

/// `gap`, or longer when snapshots are expensive to build (`cost` is the CPU time the
/// last one took — CPU, not wall time: a poller preempted for a quarter of a second on
/// a loaded host did not do forty times that much work, and stretching by the wall
/// time once left a daemon silent for eleven seconds) — but never past `ceiling`, the
/// shortest probe interval.
pub fn gap(gap: Duration, cost: Duration, ceiling: Duration) -> Duration {
    gap.max(stretch(cost).min(ceiling.max(gap)))
}

/// How long after the last publish an urgent change may be published: at once, unless
/// snapshots are expensive; never later than `ceiling`.
pub fn urgent_after(cost: Duration, ceiling: Duration) -> Duration {
    if cost < URGENT_AT_ONCE {
        return Duration::ZERO;
    }
    stretch(cost).min(ceiling)
}

fn stretch(cost: Duration) -> Duration {
    cost.saturating_mul(COST_RATIO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// The plain gaps and the urgent delay for a snapshot costing `cost` ms on a
    /// `ceiling` ms probe interval.
    fn pacing(cost: u64, ceiling: u64) -> (Duration, Duration, Duration) {
        let (cost, ceiling) = (ms(cost), ms(ceiling));
        (
            gap(MIN_GAP, cost, ceiling),
            gap(PUBLISH_EVERY, cost, ceiling),
            urgent_after(cost, ceiling),
        )
    }

    #[test]
    fn cheap_snapshots_keep_the_plain_gaps() {
        assert_eq!(pacing(0, 5000), (MIN_GAP, PUBLISH_EVERY, Duration::ZERO));
    }

    #[test]
    fn dear_snapshots_stretch_the_gaps_forty_fold() {
        // Ten thousand channels: about 10 ms a snapshot.
        assert_eq!(pacing(10, 5000), (ms(400), ms(500), ms(400)));
    }

    #[test]
    fn no_stretch_goes_past_one_probe_interval() {
        // The eleven silent seconds: a 275 ms snapshot on a 500 ms interval.
        assert_eq!(pacing(275, 500), (ms(500), ms(500), ms(500)));
        // An interval shorter than the plain gap leaves the plain gap.
        assert_eq!(pacing(275, 100).0, MIN_GAP);
        assert_eq!(pacing(u64::MAX / 2, 500).0, ms(500));
    }
}
