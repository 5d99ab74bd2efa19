//! The last hour of each channel's mean latency with times, for the detail view's
//! chart: seeded from history when the console starts, then one point per probe
//! interval from the snapshots (not per publish: a large fleet publishes far more often).

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use crate::history::Seed;
use crate::snapshot::Snapshot;

/// Points older than this are dropped.
pub const SPAN_MS: i64 = 3_600_000;
/// At most this many points a channel (an hour at 2.5 s), whatever the interval.
const MAX_POINTS: usize = 1440;

#[derive(Debug, Default)]
pub struct Trail {
    series: FxHashMap<String, VecDeque<(i64, Option<f64>)>>,
    last_ms: Option<i64>,
    rounds: u64,
}

impl Trail {
    /// The last hour from history: a mean latency per stored tick, `None` while OFFLINE.
    pub fn seeded(seed: &Seed) -> Trail {
        let mut t = Trail::default();
        for (name, points) in &seed.series {
            let q = points
                .iter()
                .map(|p| {
                    let down = p.health == crate::domain::Health::Offline;
                    (p.at_ms, if down { None } else { p.mean_ms })
                })
                .collect();
            t.series.insert(name.clone(), q);
        }
        t.last_ms = seed
            .series
            .values()
            .filter_map(|v| v.last())
            .map(|p| p.at_ms)
            .max();
        t
    }

    /// Adds a point per channel when `s` is a new round at least an interval after the
    /// last point.
    pub fn record(&mut self, s: &Snapshot) {
        let Some(live) = &s.live else { return };
        let interval = live.interval.as_millis() as i64;
        let due = self
            .last_ms
            .is_none_or(|t| live.at_ms - t >= interval * 9 / 10);
        if live.rounds <= self.rounds || !due {
            return;
        }
        self.rounds = live.rounds;
        self.last_ms = Some(live.at_ms);
        for c in &s.channels {
            let v = (!c.details.no_latency && c.eval.health != crate::domain::Health::Offline)
                .then(|| c.eval.input.mean_latency_ms.get());
            let q = self.series.entry(c.name().to_string()).or_default();
            q.push_back((live.at_ms, v));
            while q.len() > MAX_POINTS || q.front().is_some_and(|p| p.0 < live.at_ms - SPAN_MS) {
                q.pop_front();
            }
        }
    }

    /// A channel's points, oldest first.
    pub fn points(&self, name: &str) -> Option<&VecDeque<(i64, Option<f64>)>> {
        self.series.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::tick::tests::{monitor, round};

    #[test]
    fn one_point_per_interval_and_an_hour_at_most() {
        let mut m = monitor(&["a"]);
        let mut t = Trail::default();
        let mut rounds = 0;
        for at in (0..4_000_000).step_by(2_500) {
            rounds += 1;
            t.record(&round(&mut m, rounds, at, &[("a", Some(50.0))]));
        }
        let p = t.points("a").unwrap();
        // Every other 2.5 s round is less than 0.9 × 5 s after the last point.
        assert_eq!(
            p.len(),
            721,
            "an hour, both ends included, one point per 5 s"
        );
        assert!(p.front().unwrap().0 >= 4_000_000 - SPAN_MS - 5_000);
        assert_eq!(p.back().unwrap().1, Some(50.0));
    }
}
