//! A channel's next-tick latency forecast (`forecast_latency_ms`, docs/json.md). Holt's
//! linear exponential smoothing — a level and a trend, each updated a little by every
//! tick's mean latency — predicts the next tick. The one-step errors it makes give the
//! channel's own scale of surprise (an exponentially weighted mean absolute deviation),
//! which `anomaly` turns into a rarity. A spike is let into the model only up to a few of
//! those errors, so one bad tick neither drags the forecast up nor hides the next spike; a
//! lasting change of level is learned within a few ticks. Following level and trend
//! forward gives `predict_health`: the health the channel is heading for, and when.

use super::{classify, Health, Thresholds};

/// Weight of a new tick in the level (0..1: higher follows faster, forgets noise slower).
const ALPHA: f64 = 0.3;
/// Weight of a new tick in the trend.
const BETA: f64 = 0.1;
/// Weight of a new error in the scale.
const GAMMA: f64 = 0.2;
/// Ticks with a latency before a forecast is given.
pub const MIN_TICKS_FORECAST: u32 = 3;
/// How many mean absolute errors of a tick are let into the model (Huber clipping).
const CLIP: f64 = 5.0;
/// The scale never falls below this share of the prediction, nor below `FLOOR_MS`: a
/// channel steady to the microsecond would otherwise find its next tick infinitely rare.
const FLOOR_SHARE: f64 = 0.01;
const FLOOR_MS: f64 = 0.05;

/// What one channel's latency has taught so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forecaster {
    level: f64,
    trend: f64,
    /// Mean absolute one-step error.
    scale: f64,
    ticks: u32,
}

/// One tick as the model saw it before learning from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// What the model had predicted for this tick.
    pub predicted: f64,
    /// The tick's latency minus the prediction.
    pub error: f64,
    /// The usual size of an error (mean absolute one-step error, floored).
    pub scale: f64,
}

impl Forecaster {
    /// Learns from one tick's mean latency (`None`: no successful probe in the tick,
    /// which teaches nothing about latency). Returns how the tick compared with the
    /// prediction, once there is a prediction and a scale (from the third tick).
    pub fn learn(&mut self, latency_ms: Option<f64>) -> Option<Step> {
        let x = latency_ms.filter(|x| x.is_finite() && *x >= 0.0)?;
        match self.ticks {
            0 => self.level = x,
            1 => {
                self.trend = x - self.level;
                self.scale = (x - self.level).abs() / 2.0;
                self.level = x;
            }
            _ => return Some(self.update(x)),
        }
        self.ticks += 1;
        None
    }

    fn update(&mut self, x: f64) -> Step {
        let predicted = self.predicted();
        let scale = self.scale(predicted);
        let bound = CLIP * scale;
        // Clipped to the bound on either side (Huber): one wild tick moves the model as
        // much as a merely surprising one.
        let error = (x - predicted).clamp(-bound, bound);
        let level = predicted + ALPHA * error;
        self.trend = BETA * (level - self.level) + (1.0 - BETA) * self.trend;
        self.level = level;
        self.scale = GAMMA * error.abs() + (1.0 - GAMMA) * self.scale;
        self.ticks = self.ticks.saturating_add(1);
        Step {
            predicted,
            error: x - predicted,
            scale,
        }
    }

    /// The next tick's mean latency, once there have been `MIN_TICKS_FORECAST` ticks.
    pub fn forecast(&self) -> Option<f64> {
        (self.ticks >= MIN_TICKS_FORECAST).then(|| self.predicted())
    }

    /// The mean latency `ticks` ticks ahead on the current level and trend.
    pub fn ahead(&self, ticks: u32) -> Option<f64> {
        (self.ticks >= MIN_TICKS_FORECAST)
            .then(|| self.floored(self.level + f64::from(ticks) * self.trend))
    }

    /// A falling trend right after a slow spell would carry the line through zero: a
    /// latency forecast never goes below half the current level.
    fn floored(&self, v: f64) -> f64 {
        v.max(0.5 * self.level).max(0.0)
    }

    /// The usual size of a one-step error at the current level.
    pub fn spread(&self) -> f64 {
        self.scale(self.predicted())
    }

    fn predicted(&self) -> f64 {
        self.floored(self.level + self.trend)
    }

    fn scale(&self, predicted: f64) -> f64 {
        self.scale.max(FLOOR_MS.max(FLOOR_SHARE * predicted))
    }
}

/// A trend counts for a prediction only above this many usual one-step errors per tick:
/// about two standard errors of Holt's trend on noise alone (its trend is an average of
/// level steps, each a weight 0.3 of an error), so that a noisy flat channel does not
/// keep predicting its own doom.
const TREND_SIGNIFICANCE: f64 = 0.35;

/// How far ahead a health is predicted (ticks, and time).
pub const HORIZON_TICKS: u32 = 60;
pub const HORIZON_MS: i64 = 15 * 60_000;

/// When the forecast latency crosses a health threshold within the horizon: the health
/// it would give (worse than `now`, and news: DEGRADED, not EXCELLENT to GOOD) and in how
/// many ticks. Availability is taken as it
/// is (there is no model of it); an OFFLINE channel has nothing to predict.
pub fn predict_health(
    f: &Forecaster,
    now: Health,
    availability: f64,
    tick_ms: i64,
    t: &Thresholds,
) -> Option<(Health, u32)> {
    if now == Health::Offline || f.trend <= TREND_SIGNIFICANCE * f.spread() || tick_ms <= 0 {
        return None;
    }
    let horizon = HORIZON_TICKS.min(u32::try_from(HORIZON_MS / tick_ms).unwrap_or(u32::MAX));
    // Health only worsens with latency at the two latency thresholds: the first tick at
    // or above either, in order, is where it would change.
    for limit in [t.excellent_latency_ms, t.good_latency_ms] {
        let level = f.ahead(0)?;
        let ticks = ((limit - level) / f.trend).ceil().max(1.0);
        if ticks > f64::from(horizon) {
            continue;
        }
        let k = ticks as u32;
        let h = classify(availability, f.ahead(k)?, 0.0, t);
        // EXCELLENT ⇄ GOOD is latency wobbling around a threshold, not news.
        if h > now && h.is_news_after(now) {
            return Some((h, k));
        }
    }
    None
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

    /// The end of a slow spell: the level falls fast and the trend with it, yet the
    /// forecast stays a latency (the console showed "0.0ms" here).
    #[test]
    fn a_falling_trend_never_forecasts_below_half_the_level() {
        let mut f = Forecaster::default();
        let spell = std::iter::repeat_n(35.0, 30)
            .chain(std::iter::repeat_n(490.0, 20))
            .chain(std::iter::repeat_n(35.0, 10));
        for ms in spell {
            f.learn(Some(ms));
            let next = f.forecast().unwrap_or(35.0);
            assert!(
                next >= 0.5 * f.level && next > 1.0,
                "{next} at level {}",
                f.level
            );
            assert!(f.ahead(20).is_none_or(|v| v >= 0.5 * f.level));
        }
    }

    #[test]
    fn no_forecast_until_three_ticks_and_no_step_until_a_scale() {
        let mut f = Forecaster::default();
        assert_eq!(f.forecast(), None);
        assert_eq!(f.learn(Some(100.0)), None);
        assert_eq!(f.learn(Some(104.0)), None);
        assert_eq!(f.forecast(), None);
        let step = f.learn(Some(100.0)).expect("a prediction and a scale");
        assert_eq!(step.predicted, 108.0);
        assert_eq!(step.error, -8.0);
        assert_eq!(step.scale, 2.0);
        assert!(f.forecast().is_some());
    }

    #[test]
    fn a_tick_without_latency_teaches_nothing() {
        let mut f = Forecaster::default();
        for _ in 0..6 {
            f.learn(Some(80.0));
        }
        let before = f.clone();
        assert_eq!(f.learn(None), None);
        assert_eq!(f.learn(Some(f64::NAN)), None);
        assert_eq!(f.learn(Some(-1.0)), None);
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
            f.learn(Some(x));
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
    fn spikes_do_not_drag_the_forecast() {
        let mut f = Forecaster::default();
        let mut seed = 42;
        for t in 0..2_000 {
            let x = 230.0 + 25.0 * noise(&mut seed);
            f.learn(Some(if t % 200 == 100 { x + 400.0 } else { x }));
        }
        let next = f.forecast().unwrap();
        assert!((next - 230.0).abs() < 15.0, "{next:.1}");
        assert!((f.spread() - 12.5).abs() < 4.0, "{:.1}", f.spread());
    }

    #[test]
    fn a_lasting_step_is_learned_within_thirty_ticks() {
        let mut f = Forecaster::default();
        for _ in 0..20 {
            f.learn(Some(100.0));
        }
        for _ in 0..30 {
            f.learn(Some(300.0));
        }
        let next = f.forecast().unwrap();
        assert!((next - 300.0).abs() < 10.0, "{next:.1}");
    }

    fn rising(from: f64, step: f64, ticks: u32) -> Forecaster {
        let mut f = Forecaster::default();
        for t in 0..ticks {
            f.learn(Some(from + step * f64::from(t)));
        }
        f
    }

    #[test]
    fn a_rising_latency_predicts_degraded_and_when() {
        let t = Thresholds::default();
        // 110 → 205 ms at 5 ms a tick: 200 ms (GOOD's limit) is crossed in a tick or two.
        let f = rising(110.0, 5.0, 20);
        let (h, k) = predict_health(&f, Health::Good, 100.0, 10_000, &t).expect("predicted");
        assert_eq!(h, Health::Degraded);
        assert!(k <= 2, "{k}");
        // From 50 ms it takes about 30 ticks.
        let f = rising(-45.0, 5.0, 20);
        let (h, k) = predict_health(&f, Health::Excellent, 100.0, 10_000, &t).expect("predicted");
        assert_eq!(h, Health::Degraded);
        assert!((28..=32).contains(&k), "{k}");
    }

    #[test]
    fn nothing_is_predicted_flat_falling_offline_or_beyond_the_horizon() {
        let t = Thresholds::default();
        let flat = rising(150.0, 0.0, 20);
        assert_eq!(predict_health(&flat, Health::Good, 100.0, 10_000, &t), None);
        let falling = rising(190.0, -2.0, 20);
        assert_eq!(
            predict_health(&falling, Health::Good, 100.0, 10_000, &t),
            None
        );
        let f = rising(110.0, 5.0, 20);
        assert_eq!(predict_health(&f, Health::Offline, 0.0, 10_000, &t), None);
        // 60 ticks of 1 minute is an hour: the horizon is 15 minutes.
        let slow = rising(40.0, 1.0, 20);
        assert_eq!(
            predict_health(&slow, Health::Excellent, 100.0, 60_000, &t),
            None
        );
        // EXCELLENT to GOOD is not news.
        let f = rising(40.0, 5.0, 10);
        assert_eq!(
            predict_health(&f, Health::Excellent, 100.0, 1_000, &t).map(|p| p.0),
            Some(Health::Degraded)
        );
    }

    #[test]
    fn noise_around_a_flat_level_predicts_nothing() {
        let t = Thresholds::default();
        let mut seed = 17;
        let mut f = Forecaster::default();
        let mut predicted = 0;
        for _ in 0..2_000 {
            f.learn(Some(170.0 + 15.0 * noise(&mut seed)));
            predicted += usize::from(predict_health(&f, Health::Good, 100.0, 2_000, &t).is_some());
        }
        assert!(
            predicted < 20,
            "{predicted} of 2000 ticks predicted DEGRADED"
        );
    }
}
