//! When each channel is probed: every channel at a phase of its own within its interval,
//! so that probes are spread evenly rather than released in bursts (whose answers would
//! wait on each other to be read), and the rounds in which every channel was probed.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use tokio::time::Instant;

use crate::source::simulated::{mix, seed};

/// How far apart the first round's probes are spread per channel (up to one interval):
/// ten channels are all probed within 40 ms, a thousand over four seconds.
const FIRST_SPREAD_PER_CHANNEL: Duration = Duration::from_millis(4);
/// Keeps a channel's place in the first round apart from its phase.
const FIRST_ROUND_KEY: u64 = 0x5eed_f1a5;

pub(super) struct Schedule {
    intervals: Vec<Duration>,
    /// Each channel's phase: its regular probes are due at `origin + phase + k·interval`.
    phase: Vec<Duration>,
    /// Where each channel falls in a spread-out first round, in [0, 1).
    first: Vec<f64>,
    origin: Instant,
    next_due: Vec<Instant>,
    busy: Vec<bool>,
    /// Channels by due time, soonest first. An entry whose time is no longer its
    /// channel's `next_due`, or whose channel is in flight, is stale and skipped.
    queue: BinaryHeap<Reverse<(Instant, usize)>>,
    /// Rounds in which every channel was probed (probes are spread over the interval, so
    /// a round ends with the last channel's probe, not when nothing is in flight).
    pub(super) rounds: u64,
    /// Channels probed in the current round, and how many.
    probed: Vec<bool>,
    probed_count: usize,
}

impl Schedule {
    /// Channels by name and interval, every one due within a short spread from now.
    pub(super) fn new<'a>(channels: impl Iterator<Item = (&'a str, Duration)>) -> Schedule {
        let now = Instant::now();
        let (mut intervals, mut phase, mut first) = (Vec::new(), Vec::new(), Vec::new());
        for (name, interval) in channels {
            intervals.push(interval.max(Duration::from_millis(1)));
            phase.push(interval.mul_f64(unit(seed(name))));
            first.push(unit(seed(name) ^ FIRST_ROUND_KEY));
        }
        let n = intervals.len();
        let mut s = Schedule {
            intervals,
            phase,
            first,
            origin: now,
            next_due: vec![now; n],
            busy: vec![false; n],
            queue: BinaryHeap::with_capacity(n),
            rounds: 0,
            probed: vec![false; n],
            probed_count: 0,
        };
        s.all_due_soon();
        s
    }

    /// Every channel due within a short spread from now (at start, on refresh and on
    /// resume): a thousand probes are not released at once, and a few channels are all
    /// probed within milliseconds.
    pub(super) fn all_due_soon(&mut self) {
        let now = Instant::now();
        let n = u32::try_from(self.intervals.len()).unwrap_or(u32::MAX);
        for i in 0..self.intervals.len() {
            let spread = FIRST_SPREAD_PER_CHANNEL
                .saturating_mul(n)
                .min(self.intervals[i]);
            self.due_at(i, now + spread.mul_f64(self.first[i]));
        }
    }

    /// Sets channel `i` due at `at` (queued unless it is in flight: then when it is back).
    pub(super) fn due_at(&mut self, i: usize, at: Instant) {
        self.next_due[i] = at;
        if !self.busy[i] {
            self.queue.push(Reverse((at, i)));
        }
    }

    pub(super) fn next_due(&self, i: usize) -> Instant {
        self.next_due[i]
    }

    /// The first of channel `i`'s regular times that is half an interval or more after
    /// `now`: one interval after a regular probe, and after an extra one (at start, a
    /// refresh, a confirming probe) back on the channel's own phase.
    fn next_slot(&self, i: usize, now: Instant) -> Instant {
        let interval = self.intervals[i];
        let first = self.origin + self.phase[i];
        let after = now + interval / 2;
        if after <= first {
            return first;
        }
        let k = (after - first).as_nanos().div_ceil(interval.as_nanos());
        first + interval.saturating_mul(u32::try_from(k).unwrap_or(u32::MAX))
    }

    fn stale(&self, at: Instant, i: usize) -> bool {
        self.busy[i] || self.next_due[i] != at
    }

    /// When the next probe is due.
    pub(super) fn earliest(&mut self) -> Option<Instant> {
        while let Some(&Reverse((at, i))) = self.queue.peek() {
            if !self.stale(at, i) {
                return Some(at);
            }
            self.queue.pop();
        }
        None
    }

    /// A channel due by `now`, marked in flight with its next time set; `None` when
    /// none is.
    pub(super) fn take_due(&mut self, now: Instant) -> Option<usize> {
        while let Some(&Reverse((at, i))) = self.queue.peek() {
            if at > now {
                return None;
            }
            self.queue.pop();
            if !self.stale(at, i) {
                self.busy[i] = true;
                self.next_due[i] = self.next_slot(i, now);
                return Some(i);
            }
        }
        None
    }

    /// Channel `i`'s probe is back: queued for its next time; the round ends when every
    /// channel has had one.
    pub(super) fn done(&mut self, i: usize) {
        self.busy[i] = false;
        self.due_at(i, self.next_due[i]);
        if !std::mem::replace(&mut self.probed[i], true) {
            self.probed_count += 1;
        }
        if self.probed_count >= self.probed.len() {
            self.rounds += 1;
            self.probed.fill(false);
            self.probed_count = 0;
        }
    }
}

/// A number in [0, 1), deterministic in `key`.
fn unit(key: u64) -> f64 {
    (mix(key) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thousand channels at 5 s: after the first round, probes come evenly spread over
    /// the interval (no 100 ms slot holds more than twice its share), and once back on
    /// its phase each channel exactly one interval after its last.
    #[tokio::test(start_paused = true)]
    async fn probes_are_spread_over_the_interval_on_stable_phases() {
        let names: Vec<String> = (0..1000).map(|i| format!("ch{i:04}")).collect();
        let interval = Duration::from_secs(5);
        let mut s = Schedule::new(names.iter().map(|n| (n.as_str(), interval)));
        let start = Instant::now();
        // 100 ms slots from 5 s (after the first round) to 20 s.
        let mut slots = vec![0u32; 150];
        let mut last: Vec<Option<Instant>> = vec![None; names.len()];
        let mut probes = vec![0u32; names.len()];
        let mut gaps = Vec::new();
        for _ in 0..2_000 {
            let now = Instant::now();
            while let Some(i) = s.take_due(now) {
                let slot = ((now - start).as_millis() / 100) as usize;
                if (50..200).contains(&slot) {
                    slots[slot - 50] += 1;
                    // The second probe comes back onto the phase; from the third on,
                    // one interval apart.
                    if let Some(prev) = last[i].filter(|_| probes[i] >= 2) {
                        gaps.push(now - prev);
                    }
                }
                last[i] = Some(now);
                probes[i] += 1;
                s.done(i);
            }
            tokio::time::advance(Duration::from_millis(10)).await;
        }
        let share = 1000 / 50;
        assert!(slots.iter().all(|&n| n <= 2 * share), "{slots:?}");
        assert!(slots.iter().all(|&n| n > 0), "{slots:?}");
        assert!(!gaps.is_empty());
        assert!(gaps.iter().all(|g| *g == interval), "{gaps:?}");
        assert!(s.rounds >= 3, "{}", s.rounds);
    }
}
