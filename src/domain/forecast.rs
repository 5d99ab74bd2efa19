//! A channel's next-tick latency forecast and its anomaly flag (replay's
//! `forecast_latency_ms` and `anomaly`, docs/json.md). Holt's linear exponential smoothing
//! — a level and a trend, each updated a little by every tick's mean latency — predicts
//! the next tick. The one-step errors it makes give the channel's own scale of surprise
//! (an exponentially weighted mean absolute deviation): a tick whose latency lies more
//! than `SURPRISE` of those above the prediction is anomalous. A spike is let into the
//! model only up to that bound, so one bad tick neither drags the forecast up nor hides
//! the next spike; a lasting change of level is learned within a few ticks.

/// Weight of a new tick in the level (0..1: higher follows faster, forgets noise slower).
const ALPHA: f64 = 0.3;
/// Weight of a new tick in the trend.
const BETA: f64 = 0.1;
/// Weight of a new error in the scale.
const GAMMA: f64 = 0.2;
/// Ticks with a latency before a forecast is given.
pub const MIN_TICKS_FORECAST: u32 = 3;
/// Ticks with a latency before a tick can be called anomalous (the scale needs errors).
pub const MIN_TICKS_ANOMALY: u32 = 5;
/// How many mean absolute one-step errors above the prediction count as anomalous: about
/// four standard deviations of the errors (1.25 of them are one for normal noise).
const SURPRISE: f64 = 4.0 * 1.25;
/// Below this excess nothing is anomalous, however steady the channel (ms, and a share
/// of the prediction): 3 ms over a 2 ms loopback is not news.
const FLOOR_MS: f64 = 5.0;
const FLOOR_SHARE: f64 = 0.1;

/// What one channel's latency has taught so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forecaster {
    level: f64,
    trend: f64,
    /// Mean absolute one-step error.
    scale: f64,
    ticks: u32,
}

impl Forecaster {
    /// Learns from one tick's mean latency (`None`: no successful probe in the tick,
    /// which teaches nothing about latency). Returns whether the tick was anomalous.
    pub fn observe(&mut self, latency_ms: Option<f64>) -> bool {
        let Some(x) = latency_ms.filter(|x| x.is_finite() && *x >= 0.0) else {
            return false;
        };
        match self.ticks {
            0 => self.level = x,
            1 => {
                self.trend = x - self.level;
                self.scale = (x - self.level).abs() / 2.0;
                self.level = x;
            }
            _ => return self.update(x),
        }
        self.ticks += 1;
        false
    }

    fn update(&mut self, x: f64) -> bool {
        let predicted = self.predicted();
        let bound = self.bound(predicted);
        let anomaly = self.ticks >= MIN_TICKS_ANOMALY && x > predicted + bound;
        // Clipped to the bound on either side (Huber): one wild tick moves the model as
        // much as a merely surprising one.
        let error = (x - predicted).clamp(-bound, bound);
        let level = predicted + ALPHA * error;
        self.trend = BETA * (level - self.level) + (1.0 - BETA) * self.trend;
        self.level = level;
        self.scale = GAMMA * error.abs() + (1.0 - GAMMA) * self.scale;
        self.ticks = self.ticks.saturating_add(1);
        anomaly
    }

    /// The next tick's mean latency, once there have been `MIN_TICKS_FORECAST` ticks.
    pub fn forecast(&self) -> Option<f64> {
        (self.ticks >= MIN_TICKS_FORECAST).then(|| self.predicted())
    }

    fn predicted(&self) -> f64 {
        (self.level + self.trend).max(0.0)
    }

    /// How far above the prediction a tick may lie before it is anomalous.
    fn bound(&self, predicted: f64) -> f64 {
        (SURPRISE * self.scale).max(FLOOR_MS.max(FLOOR_SHARE * predicted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic noise in [-1, 1).
    fn noise(state: &mut u64) -> f64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state % 2_000) as f64 / 1_000.0 - 1.0
    }

    #[test]
    fn no_forecast_until_three_ticks_and_no_anomaly_until_five() {
        let mut f = Forecaster::default();
        assert_eq!(f.forecast(), None);
        assert!(!f.observe(Some(100.0)));
        assert!(!f.observe(Some(100.0)));
        assert_eq!(f.forecast(), None);
        assert!(!f.observe(Some(100.0)));
        assert_eq!(f.forecast(), Some(100.0));
        assert!(!f.observe(Some(900.0)), "4 ticks: too early to call");
        let mut f = Forecaster::default();
        for _ in 0..5 {
            f.observe(Some(100.0));
        }
        assert!(f.observe(Some(900.0)), "5 ticks: a spike is anomalous");
    }

    #[test]
    fn a_tick_without_latency_teaches_nothing() {
        let mut f = Forecaster::default();
        for _ in 0..6 {
            f.observe(Some(80.0));
        }
        let before = f.clone();
        assert!(!f.observe(None));
        assert!(!f.observe(Some(f64::NAN)));
        assert!(!f.observe(Some(-1.0)));
        assert_eq!(f, before);
    }

    #[test]
    fn a_trend_is_followed_better_than_by_repeating_the_last_tick() {
        let mut f = Forecaster::default();
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let (mut ours, mut naive, mut last) = (0.0, 0.0, None::<f64>);
        for t in 0..300 {
            // Rising 2 ms a tick, with ±20 ms of noise.
            let x = 100.0 + 2.0 * t as f64 + 20.0 * noise(&mut seed);
            if let (Some(p), Some(l)) = (f.forecast(), last) {
                ours += (x - p).abs();
                naive += (x - l).abs();
            }
            f.observe(Some(x));
            last = Some(x);
        }
        assert!(
            ours < naive * 0.95,
            "holt {ours:.0} vs last value {naive:.0}"
        );
        let next = f.forecast().unwrap();
        assert!((next - 700.0).abs() < 25.0, "next ≈ 700 ms: {next:.1}");
    }

    #[test]
    fn noise_is_not_anomalous_and_spikes_are() {
        let mut f = Forecaster::default();
        let mut seed = 42;
        let mut false_alarms = 0;
        for t in 0..2_000 {
            let x = 230.0 + 25.0 * noise(&mut seed);
            let spike = t % 200 == 100;
            let flagged = f.observe(Some(if spike { x + 400.0 } else { x }));
            if spike {
                assert!(flagged, "tick {t}: a +400 ms spike");
            } else if flagged {
                false_alarms += 1;
            }
        }
        assert_eq!(false_alarms, 0, "noise within ±25 ms is never an anomaly");
        let next = f.forecast().unwrap();
        assert!(
            (next - 230.0).abs() < 15.0,
            "spikes do not drag it: {next:.1}"
        );
    }

    #[test]
    fn a_lasting_step_is_learned_and_stops_being_anomalous() {
        let mut f = Forecaster::default();
        for _ in 0..20 {
            f.observe(Some(100.0));
        }
        let flagged: Vec<bool> = (0..40).map(|_| f.observe(Some(300.0))).collect();
        assert!(flagged[0], "the step itself is a surprise");
        let settled = flagged.iter().rposition(|&a| a).unwrap();
        assert!(settled < 15, "learned within 15 ticks: {flagged:?}");
        assert!((f.forecast().unwrap() - 300.0).abs() < 10.0);
    }

    #[test]
    fn a_steady_fast_channel_needs_more_than_jitter_to_be_anomalous() {
        let mut f = Forecaster::default();
        for _ in 0..50 {
            f.observe(Some(2.0));
        }
        assert!(!f.observe(Some(6.0)), "4 ms over a 2 ms loopback");
        assert!(f.observe(Some(40.0)));
    }

    #[test]
    fn a_drop_in_latency_is_not_an_alarm() {
        let mut f = Forecaster::default();
        for _ in 0..20 {
            f.observe(Some(300.0));
        }
        assert!(!f.observe(Some(20.0)));
    }
}
