//! A channel's rolling window of probe results and the statistics the rules read
//! (availability, mean, p95, trend), plus the anti-flap up/down state (docs/rules.md, "Live mode").

use std::collections::VecDeque;

use super::health::Trend;

/// One probe result at a time in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at_ms: i64,
    pub ok: bool,
    pub latency_ms: f64,
}

/// `down_after` consecutive failures take a channel down; `up_after` successes bring it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlapRule {
    pub down_after: u32,
    pub up_after: u32,
}

impl Default for FlapRule {
    fn default() -> Self {
        FlapRule {
            down_after: 2,
            up_after: 2,
        }
    }
}

/// Successes needed before the trend is judged; fewer and it is STABLE.
const TREND_MIN_SAMPLES: usize = 20;
/// The short mean covers the newest this-many successes.
const TREND_SHORT: usize = 10;
/// Short vs long mean must differ by more than this fraction to call a trend.
const TREND_MARGIN: f64 = 0.10;

/// Statistics over the samples currently in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowStats {
    pub samples: usize,
    /// Percent of probes that succeeded; 0 with no samples.
    pub availability: f64,
    /// Mean latency of successful probes; `None` without one.
    pub mean_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    /// Mean of the fastest 95 % of successes: the latency a channel typically gives,
    /// which a rare spike does not move (routing compares channels by it).
    pub typical_ms: Option<f64>,
    pub trend: Trend,
    pub short_mean_ms: Option<f64>,
    pub long_mean_ms: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Window {
    span_ms: i64,
    samples: VecDeque<Sample>,
    ok_count: usize,
    ok_latency_sum: f64,
    consecutive_failures: u32,
    consecutive_successes: u32,
    down: bool,
    last_error: Option<String>,
    /// When the newest failure happened (the age shown next to `last_error`).
    last_error_at_ms: Option<i64>,
    /// When the current run of failures began.
    failing_since_ms: Option<i64>,
    /// While OFFLINE: when the run of failures that took it down began.
    down_since_ms: Option<i64>,
    /// It came back from an outage that the window still holds (see `recovering`).
    back_from_outage: bool,
}

impl Window {
    pub fn new(span_ms: i64) -> Window {
        Window {
            span_ms,
            samples: VecDeque::new(),
            ok_count: 0,
            ok_latency_sum: 0.0,
            consecutive_failures: 0,
            consecutive_successes: 0,
            down: false,
            last_error: None,
            last_error_at_ms: None,
            failing_since_ms: None,
            down_since_ms: None,
            back_from_outage: false,
        }
    }

    /// Adds a result (in time order) and updates the anti-flap state.
    pub fn push(&mut self, s: Sample, error: Option<String>, flap: FlapRule) {
        if s.ok {
            self.ok_count += 1;
            self.ok_latency_sum += s.latency_ms;
            self.consecutive_successes += 1;
            self.consecutive_failures = 0;
            self.failing_since_ms = None;
            if self.down && self.consecutive_successes >= flap.up_after {
                self.down = false;
                self.down_since_ms = None;
                self.back_from_outage = true;
            }
        } else {
            self.consecutive_failures += 1;
            self.consecutive_successes = 0;
            self.last_error = error;
            self.last_error_at_ms = Some(s.at_ms);
            let began = *self.failing_since_ms.get_or_insert(s.at_ms);
            if self.consecutive_failures >= flap.down_after {
                self.down = true;
                self.back_from_outage = false;
                self.down_since_ms.get_or_insert(began);
            }
        }
        self.samples.push_back(s);
        self.evict(s.at_ms);
    }

    /// Adds a result from history (in time order, before any live probe): it counts in
    /// the statistics like a probe of this process, but anti-flap only counts this
    /// process's own probes, so history alone never takes a channel down or up.
    pub fn preload(&mut self, s: Sample) {
        if s.ok {
            self.ok_count += 1;
            self.ok_latency_sum += s.latency_ms;
        }
        self.samples.push_back(s);
    }

    /// Drops samples older than the window span before `now_ms`.
    pub fn evict(&mut self, now_ms: i64) {
        while let Some(front) = self.samples.front() {
            if front.at_ms > now_ms - self.span_ms {
                break;
            }
            if front.ok {
                self.ok_count -= 1;
                self.ok_latency_sum -= front.latency_ms;
            }
            self.samples.pop_front();
        }
        if self.ok_count == 0 {
            // Keep the running sum from drifting through float error.
            self.ok_latency_sum = 0.0;
        }
        if self.ok_count == self.samples.len() {
            // The outage has left the window: nothing is left to recover from.
            self.back_from_outage = false;
        }
    }

    /// Back from an outage (anti-flap brought it up, and it has answered `up_after`
    /// times in a row since) while the window still holds the outage's failures: it
    /// answers, and only its availability still remembers. Views say "recovering", not
    /// "down"; the rules still judge the window.
    pub fn recovering(&self, flap: FlapRule) -> bool {
        self.back_from_outage && !self.down && self.consecutive_successes >= flap.up_after
    }

    /// History preloaded into the window held an outage that live probes end: the
    /// channel counts as back from it once it answers `up_after` times.
    pub fn mark_outage_before(&mut self) {
        self.back_from_outage = self.ok_count < self.samples.len();
    }

    /// Whether the anti-flap state holds the channel down (OFFLINE).
    pub fn is_down(&self) -> bool {
        self.down
    }

    pub fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
    }

    pub fn consecutive_successes(&self) -> u32 {
        self.consecutive_successes
    }

    /// When the current run of consecutive failures began (`None` while succeeding).
    pub fn failing_since_ms(&self) -> Option<i64> {
        self.failing_since_ms
    }

    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// When the newest failure happened.
    pub fn last_error_at_ms(&self) -> Option<i64> {
        self.last_error_at_ms
    }

    /// While OFFLINE, when the failures that took the channel down began.
    pub fn down_since_ms(&self) -> Option<i64> {
        self.down_since_ms
    }

    pub fn last(&self) -> Option<&Sample> {
        self.samples.back()
    }

    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter()
    }

    pub fn stats(&self) -> WindowStats {
        self.stats_with(&mut Vec::new())
    }

    /// `stats` using `scratch` as working space (no allocation in hot loops).
    pub fn stats_with(&self, scratch: &mut Vec<f64>) -> WindowStats {
        let n = self.samples.len();
        let availability = if n == 0 {
            0.0
        } else {
            self.ok_count as f64 * 100.0 / n as f64
        };
        let mean_ms = (self.ok_count > 0).then(|| self.ok_latency_sum / self.ok_count as f64);
        scratch.clear();
        scratch.extend(self.samples.iter().filter(|s| s.ok).map(|s| s.latency_ms));
        let (trend, short_mean_ms) = trend(scratch, mean_ms);
        let p95_ms = percentile(scratch, 0.95);
        WindowStats {
            samples: n,
            availability,
            mean_ms,
            p95_ms,
            typical_ms: typical(scratch),
            trend,
            short_mean_ms,
            long_mean_ms: mean_ms,
        }
    }
}

/// The mean of the values up to the 95th percentile, after [`percentile`] put them first.
fn typical(values: &[f64]) -> Option<f64> {
    let rank = ((0.95 * values.len() as f64).ceil() as usize).clamp(1, values.len().max(1));
    let kept = values.get(..rank).filter(|k| !k.is_empty())?;
    Some(kept.iter().sum::<f64>() / kept.len() as f64)
}

/// Nearest-rank percentile (`q` in 0..=1); reorders `values`.
pub fn percentile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    let (_, v, _) = values.select_nth_unstable_by(rank - 1, f64::total_cmp);
    Some(*v)
}

/// Newest successes vs the whole window: latency going down is IMPROVING.
fn trend(ok: &[f64], long: Option<f64>) -> (Trend, Option<f64>) {
    let short_slice = &ok[ok.len().saturating_sub(TREND_SHORT)..];
    let short = (!short_slice.is_empty())
        .then(|| short_slice.iter().sum::<f64>() / short_slice.len() as f64);
    let (Some(s), Some(l)) = (short, long) else {
        return (Trend::Stable, short);
    };
    let t = if ok.len() < TREND_MIN_SAMPLES || l <= 0.0 {
        Trend::Stable
    } else if s < l * (1.0 - TREND_MARGIN) {
        Trend::Improving
    } else if s > l * (1.0 + TREND_MARGIN) {
        Trend::Degrading
    } else {
        Trend::Stable
    };
    (t, short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(at: i64, ms: f64) -> Sample {
        Sample {
            at_ms: at,
            ok: true,
            latency_ms: ms,
        }
    }

    fn fail(at: i64) -> Sample {
        Sample {
            at_ms: at,
            ok: false,
            latency_ms: 0.0,
        }
    }

    #[test]
    fn a_rare_spike_moves_the_mean_but_not_the_typical_latency() {
        let mut w = Window::new(60_000);
        for i in 0..39 {
            w.push(ok(i * 1000, 100.0), None, FlapRule::default());
        }
        w.push(ok(39_000, 900.0), None, FlapRule::default());
        let s = w.stats();
        assert_eq!(s.mean_ms, Some(120.0));
        assert_eq!(s.typical_ms, Some(100.0));
        assert_eq!(Window::new(60_000).stats().typical_ms, None);
    }

    #[test]
    fn availability_mean_p95_over_the_window() {
        let mut w = Window::new(60_000);
        let flap = FlapRule::default();
        for i in 0..19 {
            w.push(ok(i * 1000, 100.0 + i as f64), None, flap);
        }
        w.push(fail(19_000), Some("timeout".into()), flap);
        let s = w.stats();
        assert_eq!(s.samples, 20);
        assert_eq!(s.availability, 95.0);
        assert_eq!(s.mean_ms, Some(109.0));
        assert_eq!(s.p95_ms, Some(118.0));
        assert_eq!(w.last_error(), Some("timeout"));
        assert!(!w.is_down());
    }

    #[test]
    fn old_samples_leave_the_window() {
        let mut w = Window::new(10_000);
        let flap = FlapRule::default();
        w.push(fail(0), None, flap);
        w.push(ok(5_000, 50.0), None, flap);
        assert_eq!(w.stats().availability, 50.0);
        w.push(ok(10_000, 70.0), None, flap);
        let s = w.stats();
        assert_eq!(
            (s.samples, s.availability, s.mean_ms),
            (2, 100.0, Some(60.0))
        );
        w.evict(100_000);
        let s = w.stats();
        assert_eq!((s.samples, s.availability, s.mean_ms), (0, 0.0, None));
    }

    /// Back from an outage, a channel is "recovering" while its window still holds the
    /// failures, and only then: a new failure ends it, the window forgetting ends it.
    #[test]
    fn recovering_lasts_while_the_window_holds_the_outage() {
        let flap = FlapRule::default();
        let mut w = Window::new(10_000);
        w.push(ok(0, 10.0), None, flap);
        w.push(fail(1_000), None, flap);
        assert!(!w.recovering(flap), "a blip is no outage");
        w.push(fail(2_000), None, flap);
        w.push(ok(3_000, 10.0), None, flap);
        assert!(
            w.is_down() && !w.recovering(flap),
            "one success is not back"
        );
        w.push(ok(4_000, 10.0), None, flap);
        assert!(
            !w.is_down() && w.recovering(flap),
            "back, window holds the outage"
        );
        assert!(
            w.stats().availability < 90.0,
            "the rules still see the outage"
        );
        w.push(ok(11_000, 10.0), None, flap);
        assert!(
            w.recovering(flap),
            "the second failure is still in the window"
        );
        w.push(ok(12_500, 10.0), None, flap);
        assert!(!w.recovering(flap), "the outage left the window");
        w.push(fail(13_000), None, flap);
        w.push(fail(14_000), None, flap);
        w.push(ok(15_000, 10.0), None, flap);
        w.push(ok(16_000, 10.0), None, flap);
        w.push(fail(17_000), None, flap);
        assert!(!w.recovering(flap), "failing again");
    }

    #[test]
    fn anti_flap_needs_consecutive_results() {
        let flap = FlapRule {
            down_after: 2,
            up_after: 3,
        };
        let mut w = Window::new(600_000);
        w.push(ok(0, 10.0), None, flap);
        w.push(fail(1), None, flap);
        assert!(!w.is_down(), "one failure is not an outage");
        w.push(ok(2, 10.0), None, flap);
        w.push(fail(3), None, flap);
        assert!(!w.is_down(), "failures must be consecutive");
        w.push(fail(4), None, flap);
        assert!(w.is_down());
        w.push(ok(5, 10.0), None, flap);
        w.push(ok(6, 10.0), None, flap);
        assert!(w.is_down(), "two of three successes is not back yet");
        w.push(ok(7, 10.0), None, flap);
        assert!(!w.is_down());
    }

    #[test]
    fn trend_compares_newest_with_window() {
        let flap = FlapRule::default();
        let mut w = Window::new(600_000);
        for i in 0..20 {
            w.push(ok(i, 100.0), None, flap);
        }
        assert_eq!(w.stats().trend, Trend::Stable);
        for i in 20..30 {
            w.push(ok(i, 200.0), None, flap);
        }
        assert_eq!(w.stats().trend, Trend::Degrading);
        let mut w = Window::new(600_000);
        for i in 0..20 {
            w.push(ok(i, 200.0), None, flap);
        }
        for i in 20..30 {
            w.push(ok(i, 100.0), None, flap);
        }
        assert_eq!(w.stats().trend, Trend::Improving);
        let mut few = Window::new(600_000);
        for i in 0..5 {
            few.push(ok(i, if i < 3 { 10.0 } else { 500.0 }), None, flap);
        }
        assert_eq!(few.stats().trend, Trend::Stable, "too few samples to judge");
    }

    /// The mean after old samples leave the window counts only
    /// the ones left.
    #[test]
    fn evicted_samples_leave_the_mean() {
        let flap = FlapRule::default();
        let mut w = Window::new(10_000);
        w.push(ok(0, 100.0), None, flap);
        w.push(ok(8_000, 10.0), None, flap);
        w.push(ok(12_000, 20.0), None, flap);
        assert_eq!(w.stats().samples, 2);
        assert_eq!(w.stats().mean_ms, Some(15.0));
    }

    /// What the snapshot's details read from the window.
    #[test]
    fn runs_and_times_of_failures_are_kept() {
        let flap = FlapRule::default(); // down after 2, up after 2
        let mut w = Window::new(600_000);
        assert_eq!((w.last(), w.samples().count()), (None, 0));
        w.push(ok(1_000, 10.0), None, flap);
        w.push(fail(2_000), Some("timeout".into()), flap);
        assert_eq!(w.failing_since_ms(), Some(2_000));
        assert_eq!(w.down_since_ms(), None);
        w.push(fail(3_000), Some("reset".into()), flap);
        assert_eq!(
            (w.consecutive_failures(), w.consecutive_successes()),
            (2, 0)
        );
        assert_eq!(w.failing_since_ms(), Some(2_000));
        assert_eq!(w.last_error_at_ms(), Some(3_000));
        assert_eq!(w.down_since_ms(), Some(2_000), "since the first of the run");
        w.push(ok(4_000, 10.0), None, flap);
        assert_eq!(
            (w.consecutive_failures(), w.consecutive_successes()),
            (0, 1)
        );
        assert_eq!(w.failing_since_ms(), None);
        assert_eq!(
            w.down_since_ms(),
            Some(2_000),
            "still down after one success"
        );
        assert_eq!(w.last_error_at_ms(), Some(3_000));
        assert_eq!(w.last().map(|s| s.at_ms), Some(4_000));
        assert_eq!(w.samples().count(), 4);
    }

    /// The trend's edges — the sample count, a zero mean, and
    /// differences of exactly the margin, which stay STABLE.
    #[test]
    fn trend_edges() {
        let n = |k: usize, v: f64| vec![v; k];
        assert_eq!(trend(&n(19, 50.0), Some(100.0)).0, Trend::Stable);
        assert_eq!(trend(&n(20, 50.0), Some(100.0)).0, Trend::Improving);
        assert_eq!(trend(&n(25, 5.0), Some(0.0)).0, Trend::Stable);
        // A long mean of 20 ms: its ±10 % edges survive the short mean's sum exactly.
        let low = 20.0 * (1.0 - TREND_MARGIN);
        let high = 20.0 * (1.0 + TREND_MARGIN);
        assert_eq!(trend(&n(25, low), Some(20.0)).0, Trend::Stable);
        assert_eq!(trend(&n(25, high), Some(20.0)).0, Trend::Stable);
        assert_eq!(trend(&n(25, 105.0), Some(100.0)).0, Trend::Stable);
        assert_eq!(trend(&n(25, 111.0), Some(100.0)).0, Trend::Degrading);
    }

    #[test]
    fn percentile_nearest_rank() {
        assert_eq!(percentile(&mut [], 0.95), None);
        assert_eq!(percentile(&mut [5.0], 0.95), Some(5.0));
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&mut v.clone(), 0.95), Some(95.0));
        assert_eq!(percentile(&mut v.clone(), 0.5), Some(50.0));
    }
}
