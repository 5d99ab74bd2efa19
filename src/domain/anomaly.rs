//! Whether a channel's tick is anomalous, and how rare it is (`anomaly`, docs/json.md).
//! Incremental and per channel: each tick updates a few numbers and judges the tick.
//!
//! Four scores measure surprise in the channel's own units: the forecaster's one-step
//! error over the usual error (a spike or a drop, either way), the smaller of two such
//! errors in a row that went the same way (a level that moved), the distance between
//! a fast and a slow mean of the latency over its usual size (a drift too slow for
//! one-step surprise), and how far the errors have lately kept exceeding a couple of
//! usual errors, added up tick by tick (a one-sided CUSUM: a channel that has turned
//! erratic, none of its ticks rare enough alone). The usual error is never far below the long-run one, bursts
//! included, so that a channel that idles at zero is not astonished by each burst. How
//! rare a score is depends on the channel — a spiky one is surprised often, a steady one
//! hardly ever — so each score's distribution is learned (a slowly forgetting mean and
//! variance) and a tick's score is turned into the probability of one as high: an
//! anomaly likelihood, as the best streaming detectors compute it. A tick is an alarm
//! when that probability is far out in the tail *and* the score beats the highest ones
//! the channel produced lately without being an incident: what a channel does every few
//! hours is how it behaves, not news.
//!
//! After a probation, an alarm opens an incident that stays open, with no further alarm,
//! until no rare tick has come for a while: one incident is one alarm, and a lasting
//! change of level is reported once while the forecaster learns it. A channel that has
//! alarmed recently needs a clearer surprise to alarm again. Nothing here knows anything
//! about a particular series: the constants are one set (`Params::DEFAULT`), chosen on
//! a tuning set of real series and checked on others (benches/anomaly_eval/README.md).

use super::forecast::{Forecaster, Step};

/// The constants of the detector (one set for every channel; see `Params::DEFAULT`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Ticks the score distribution remembers (its slow forgetting).
    pub long_ticks: f64,
    /// Weight of a new error in the usual size of an error that scores are measured in
    /// (steadier than the forecaster's own, so that a calm minute does not make the
    /// next ordinary tick look wild).
    pub scale_weight: f64,
    /// Weight of a new tick in the fast mean that is compared with the slow baseline.
    pub fast_weight: f64,
    /// A tick whose one-step score (alone, or with the previous tick's) is rarer than
    /// this starts an alarm: these scores are heavy-tailed, so the bar is far out.
    pub p_alarm: f64,
    /// How far (in score, a log) a tick must beat the highest scores seen lately.
    pub margin: f64,
    /// How much further (in score) each recent alarm puts the bar: a channel that has
    /// been alarming often must do something new to alarm again.
    pub busy_margin: f64,
    /// Ticks over which an alarm stops counting as recent (by half).
    pub busy_ticks: f64,
    /// A level whose distance from the baseline is rarer than this starts an alarm.
    pub p_alarm_level: f64,
    /// Ticks rarer than this keep an incident open.
    pub p_hot: f64,
    /// Ticks without a rare one that close an incident.
    pub calm_ticks: u32,
    /// Ticks over which the highest usual scores seen are forgotten (by half).
    pub peak_ticks: f64,
    /// Ticks over which the last incident's highest score is forgotten (by half): a
    /// recurrence soon after is the same trouble, one much later is news again.
    pub echo_ticks: f64,
    /// Scored ticks before any alarm.
    pub probation: u32,
    /// An alarm needs a departure from the prediction of at least this many ms and this
    /// share of the prediction: 3 ms over a 2 ms loopback is not news.
    pub floor_ms: f64,
    pub floor_share: f64,
    /// The usual error that scores are measured in is never below this share of the
    /// long-run mean absolute error, bursts included: on a channel that idles at zero
    /// and bursts now and then, the quiet ticks alone would make every burst look
    /// unheard of.
    pub burst_share: f64,
    /// The erratic score adds up, tick by tick, how far each one-step error exceeds
    /// this many usual errors (never below zero): errors of the usual size drain it,
    /// a run of large ones, each unremarkable alone, fills it.
    pub erratic_allowance: f64,
}

impl Params {
    pub const DEFAULT: Params = Params {
        long_ticks: 2_000.0,
        scale_weight: 0.05,
        fast_weight: 0.1,
        p_alarm: 1e-6,
        p_alarm_level: 1e-4,
        margin: 0.4,
        busy_margin: 0.3,
        busy_ticks: 2_000.0,
        p_hot: 1e-6,
        calm_ticks: 50,
        peak_ticks: 100_000.0,
        echo_ticks: 300.0,
        probation: 30,
        floor_ms: 2.0,
        floor_share: 0.1,
        burst_share: 0.3,
        erratic_allowance: 2.0,
    };
}

impl Default for Params {
    fn default() -> Self {
        Params::DEFAULT
    }
}

/// Mean and standard deviation the score distribution starts from: those of the score
/// of Gaussian noise, so that a channel can be judged before it has taught much.
const PRIOR_MEAN: f64 = 0.63;
const PRIOR_SD: f64 = 0.4;
/// How many ticks' worth of weight the prior carries.
const PRIOR_TICKS: f64 = 20.0;
/// A score counts in the distribution at most this many deviations above its mean, so
/// that an incident does not teach the channel that incidents are usual.
const SCORE_CLIP: f64 = 4.0;
/// An error counts in the scores' scale at most this many times that scale.
const SCALE_CLIP: f64 = 5.0;

/// Which way a tick departed from the prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Above,
    Below,
}

/// How one tick was judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// This tick starts an alarm (once per incident).
    pub anomaly: bool,
    /// This tick is part of an incident already alarmed (or starting now).
    pub incident: bool,
    /// One in how many usual ticks would be this surprising (1 = not at all).
    pub rarity: f64,
    /// The tick's mean latency.
    pub latency_ms: f64,
    /// What was predicted for it, and the usual size of a departure from that.
    pub usual_ms: f64,
    pub spread_ms: f64,
    pub direction: Direction,
    /// Still in probation: rarity is shown but nothing is called anomalous.
    pub learning: bool,
}

/// How many of the highest scores lately a tick must beat to be news: a channel that
/// spikes now and then is not news when it spikes again, nor after it has done so twice.
const PEAKS: usize = 2;

/// The learned distribution of one kind of score: a slowly forgetting mean and variance,
/// and the highest scores seen lately (decaying towards the mean). An incident counts
/// once among those highest scores, by its highest, when it is over: it must not hide
/// the next, different one while it lasts, and a long one must not fill every place.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rarity {
    mean: f64,
    var: f64,
    /// Highest first.
    peaks: [f64; PEAKS],
    /// The highest score of the incidents lately, and of the one under way.
    echo: f64,
    incident_max: f64,
}

impl Rarity {
    const PRIOR: Rarity = Rarity {
        mean: PRIOR_MEAN,
        var: PRIOR_SD * PRIOR_SD,
        peaks: [0.0; PEAKS],
        echo: 0.0,
        incident_max: 0.0,
    };

    /// How many deviations above its mean a score lies, and whether it beats the recent
    /// peaks by `margin`.
    fn judge(&self, score: f64, margin: f64) -> (f64, bool) {
        let z = (score - self.mean) / self.var.sqrt();
        (z, score > self.peaks[PEAKS - 1].max(self.echo) + margin)
    }

    /// `w`: the weight of this score; `keep`, `keep_echo`: how much of a peak's excess
    /// over the mean survives a tick; `incident`: the tick belongs to an incident.
    fn learn(&mut self, score: f64, w: f64, (keep, keep_echo): (f64, f64), incident: bool) {
        let sd = self.var.sqrt();
        for peak in &mut self.peaks {
            *peak = self.mean + keep * (*peak - self.mean);
        }
        self.echo = self.mean + keep_echo * (self.echo - self.mean);
        if incident {
            self.incident_max = self.incident_max.max(score);
        } else {
            self.remember(score);
        }
        let d = score.min(self.mean + SCORE_CLIP * sd) - self.mean;
        self.mean += w * d;
        self.var = (1.0 - w) * (self.var + w * d * d);
    }

    /// Puts a score among the highest ones if it is one of them.
    fn remember(&mut self, score: f64) {
        if let Some(i) = self.peaks.iter().position(|&p| score > p) {
            self.peaks.copy_within(i..PEAKS - 1, i + 1);
            self.peaks[i] = score;
        }
    }

    /// The incident is over: its highest score is remembered, for a while (`lasting`:
    /// as long as the highest usual scores).
    fn settle(&mut self, lasting: bool) {
        let highest = std::mem::take(&mut self.incident_max);
        if lasting {
            self.remember(highest);
        } else {
            self.echo = self.echo.max(highest);
        }
    }
}

/// What one channel's latency has taught: the forecaster, a slow baseline, and how rare
/// their surprises have been.
#[derive(Debug, Clone, PartialEq)]
pub struct Detector {
    forecaster: Forecaster,
    /// A short and a long mean of the latency, and the usual distance between them: a
    /// level that drifts away from the baseline too slowly for one-step surprises.
    fast: f64,
    slow: f64,
    drift: f64,
    /// The usual size of a one-step error, for scores.
    scale: f64,
    /// The long-run mean absolute one-step error, unclipped.
    burst: f64,
    /// The previous tick's score, negative when it was below the prediction.
    last: f64,
    /// The sum behind the erratic score (in usual errors; emptied by an alarm).
    excess: f64,
    now: Rarity,
    pair: Rarity,
    level: Rarity,
    erratic: Rarity,
    scored: u32,
    incident: bool,
    calm: u32,
    /// Recent alarms, each fading with `busy_ticks`.
    busy: f64,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            forecaster: Forecaster::default(),
            fast: 0.0,
            slow: 0.0,
            drift: 0.0,
            scale: 0.0,
            burst: 0.0,
            last: 0.0,
            excess: 0.0,
            now: Rarity::PRIOR,
            pair: Rarity::PRIOR,
            level: Rarity::PRIOR,
            erratic: Rarity::PRIOR,
            scored: 0,
            incident: false,
            calm: 0,
            busy: 0.0,
        }
    }
}

impl Detector {
    /// The next tick's predicted mean latency (see `Forecaster::forecast`).
    pub fn forecast(&self) -> Option<f64> {
        self.forecaster.forecast()
    }

    /// The forecaster (level and trend), for predictions further ahead.
    pub fn forecaster(&self) -> &Forecaster {
        &self.forecaster
    }

    /// Learns from one tick's mean latency with the default constants.
    pub fn observe(&mut self, latency_ms: Option<f64>) -> Option<Verdict> {
        self.observe_with(&Params::DEFAULT, latency_ms)
    }

    /// Learns from one tick's mean latency and judges it; `None` when the tick had no
    /// latency or the model cannot predict yet. A tick without latency leaves the
    /// incident state as it was: a gap is neither usual nor unusual.
    pub fn observe_with(&mut self, p: &Params, latency_ms: Option<f64>) -> Option<Verdict> {
        let step = self.forecaster.learn(latency_ms)?;
        let (scores, scale) = self.scores(p, &step);
        let w = self.weight(p);
        let bar = p.margin + p.busy_margin * self.busy;
        let (z_now, rec_now) = self.now.judge(scores[0], bar);
        let (z_pair, rec_pair) = self.pair.judge(scores[1], bar);
        let (z_level, rec_level) = self.level.judge(scores[2], 0.0);
        let (z_erratic, rec_erratic) = self.erratic.judge(scores[3], bar);
        // The tail is worked out once a tick, and per score only for a record (rare).
        let record = (rec_now && tail(z_now) < p.p_alarm)
            || (rec_pair && tail(z_pair) < p.p_alarm)
            || (rec_level && tail(z_level) < p.p_alarm_level)
            || (rec_erratic && tail(z_erratic) < p.p_alarm);
        let prob = tail(z_now.max(z_pair).max(z_level).max(z_erratic));
        // Probation's scores, made while the scale is still being learned, set no peak.
        let keep = if self.scored < p.probation {
            (0.0, 0.0)
        } else {
            (half_life(p.peak_ticks), half_life(p.echo_ticks))
        };
        self.scored = self.scored.saturating_add(1);
        let learning = self.scored <= p.probation;
        let anomaly = !learning && !self.incident && record && departs(p, &step);
        self.track_incident(p, anomaly, prob);
        let open = self.incident || anomaly;
        self.busy = self.busy * half_life(p.busy_ticks) + f64::from(u8::from(anomaly));
        self.now.learn(scores[0], w, keep, open);
        self.pair.learn(scores[1], w, keep, open);
        self.level.learn(scores[2], w, keep, open);
        self.erratic.learn(scores[3], w, keep, open);
        if anomaly {
            // An alarm has told of the errors so far: the next must build up anew.
            self.excess = 0.0;
        }
        Some(Verdict {
            anomaly,
            incident: self.incident,
            rarity: 1.0 / prob.max(1e-300),
            latency_ms: step.predicted + step.error,
            usual_ms: step.predicted,
            spread_ms: scale,
            direction: if step.error < 0.0 {
                Direction::Below
            } else {
                Direction::Above
            },
            learning,
        })
    }

    /// The weight of a new score in the long distributions: an equal share while there
    /// have been fewer than `long_ticks`, then a fixed forgetting.
    fn weight(&self, p: &Params) -> f64 {
        let n = f64::from(self.scored) + PRIOR_TICKS;
        (1.0 / (n + 1.0)).max(1.0 / p.long_ticks)
    }

    /// The tick's four scores — its one-step surprise, the smaller of its own and the
    /// previous tick's when both went the same way, how far the recent level lies
    /// from the baseline, and how erratic the errors have lately been — and the usual
    /// error they are measured in.
    fn scores(&mut self, p: &Params, step: &Step) -> ([f64; 4], f64) {
        if self.scale == 0.0 {
            self.scale = step.scale;
        }
        let w = self.weight(p);
        let scale = self
            .scale
            .max(step.scale * 0.5)
            .max(p.burst_share * self.burst);
        let now = (step.error.abs() / scale).ln_1p();
        self.burst += w * (step.error.abs() - self.burst);
        self.scale += p.scale_weight * (step.error.abs().min(SCALE_CLIP * scale) - self.scale);
        // Two surprises in a row the same way: a level that moved, not a lone outlier.
        let pair = if self.last * step.error > 0.0 {
            now.min(self.last.abs())
        } else {
            0.0
        };
        self.last = now.copysign(step.error);
        self.excess = (self.excess + step.error.abs() / scale - p.erratic_allowance).max(0.0);
        let level = self.track_level(p, step.predicted + step.error, step.scale, w);
        ([now, pair, level, self.excess.ln_1p()], scale)
    }

    /// Moves the short and long means and returns how far apart they are, in units of
    /// their usual distance.
    fn track_level(&mut self, p: &Params, x: f64, scale: f64, w: f64) -> f64 {
        if self.scored == 0 {
            (self.fast, self.slow, self.drift) = (x, x, scale);
        }
        self.fast += p.fast_weight * (x - self.fast);
        self.slow += w * (x - self.slow);
        let gap = (self.fast - self.slow).abs();
        let score = (gap / self.drift.max(1e-9)).ln_1p();
        self.drift += w * (gap.max(1e-3 * scale) - self.drift);
        score
    }

    fn track_incident(&mut self, p: &Params, alarm: bool, prob: f64) {
        if alarm {
            self.incident = true;
            self.calm = 0;
        } else if self.incident {
            self.calm = if prob > p.p_hot { self.calm + 1 } else { 0 };
            if self.calm >= p.calm_ticks {
                self.incident = false;
                // A drift of level, or of how erratic the channel is, that was news once
                // is a way the channel behaves; a spike is news again when it comes back
                // much later.
                self.now.settle(false);
                self.pair.settle(false);
                self.level.settle(true);
                self.erratic.settle(true);
            }
        }
    }
}

/// The factor that halves a quantity in `ticks` ticks (to first order, which is plenty
/// for hundreds of ticks and cheaper than a power).
fn half_life(ticks: f64) -> f64 {
    1.0 - std::f64::consts::LN_2 / ticks.max(1.0)
}

/// Whether the departure is large enough in absolute terms to be worth an alarm.
fn departs(p: &Params, step: &Step) -> bool {
    step.error.abs() >= p.floor_ms.max(p.floor_share * step.predicted)
}

/// Probability that a standard normal exceeds `z` (upper tail).
pub fn tail(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// The complementary error function, to a relative error below 1.2e-7 everywhere
/// (Numerical Recipes' Chebyshev fit), so that tails down to 1e-300 keep their order.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
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

    /// A detector that has seen `ticks` ticks of 200 ± 20 ms.
    fn warmed(ticks: usize, seed: &mut u64) -> Detector {
        let mut d = Detector::default();
        for _ in 0..ticks {
            d.observe(Some(200.0 + 20.0 * noise(seed)));
        }
        d
    }

    fn alarms(d: &mut Detector, xs: impl IntoIterator<Item = f64>) -> Vec<usize> {
        xs.into_iter()
            .enumerate()
            .filter(|(_, x)| d.observe(Some(*x)).is_some_and(|v| v.anomaly))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn the_tail_probability_is_that_of_a_normal() {
        assert!((tail(0.0) - 0.5).abs() < 1e-7);
        assert!((tail(3.719) / 1e-4 - 1.0).abs() < 0.01, "{}", tail(3.719));
        assert!((tail(-1.0) - 0.841_344_7).abs() < 1e-6);
        assert!(tail(30.0) > 0.0 && tail(30.0) < 1e-190);
    }

    #[test]
    fn noise_is_never_an_alarm() {
        let mut seed = 7;
        let mut d = Detector::default();
        let xs: Vec<f64> = (0..20_000)
            .map(|_| 200.0 + 20.0 * noise(&mut seed))
            .collect();
        assert_eq!(alarms(&mut d, xs), Vec::<usize>::new());
    }

    #[test]
    fn a_spike_and_a_drop_are_alarms_on_their_own_tick() {
        let mut seed = 11;
        let mut d = warmed(500, &mut seed);
        let v = d.observe(Some(900.0)).expect("a verdict");
        assert!(v.anomaly && v.incident, "{v:?}");
        assert_eq!(v.direction, Direction::Above);
        assert!(v.rarity > 1e6, "{v:?}");
        let mut d = warmed(500, &mut seed);
        let v = d.observe(Some(1.0)).expect("a verdict");
        assert!(v.anomaly, "a latency that falls to nothing is news: {v:?}");
        assert_eq!(v.direction, Direction::Below);
    }

    #[test]
    fn nothing_is_an_alarm_during_probation() {
        let mut d = Detector::default();
        let mut flagged = Vec::new();
        for i in 0..Params::DEFAULT.probation {
            let v = d.observe(Some(if i % 7 == 6 { 5_000.0 } else { 100.0 }));
            flagged.extend(v.filter(|v| v.anomaly));
            assert!(v.is_none_or(|v| v.learning));
        }
        assert!(flagged.is_empty(), "{flagged:?}");
    }

    #[test]
    fn a_lasting_shift_is_one_alarm_then_learned_and_the_next_spike_is_news() {
        let mut seed = 3;
        let mut d = warmed(500, &mut seed);
        let shifted: Vec<f64> = (0..400).map(|_| 500.0 + 50.0 * noise(&mut seed)).collect();
        assert_eq!(alarms(&mut d, shifted), vec![0], "reported once, at once");
        let v = d.observe(Some(500.0)).expect("a verdict");
        assert!(!v.incident, "learned: the incident is over");
        assert!((v.usual_ms - 500.0).abs() < 30.0, "{v:?}");
        assert!(d.observe(Some(3_000.0)).is_some_and(|v| v.anomaly));
    }

    #[test]
    fn spikes_that_keep_coming_stop_being_news() {
        let mut seed = 5;
        let mut d = warmed(300, &mut seed);
        let xs: Vec<f64> = (0..3_000)
            .map(|i| 200.0 + 20.0 * noise(&mut seed) + if i % 150 == 0 { 600.0 } else { 0.0 })
            .collect();
        let found = alarms(&mut d, xs);
        assert!(
            !found.is_empty() && found.len() <= 4,
            "the first few are news, the twentieth is not: {found:?}"
        );
    }

    /// A channel that idles at zero and, on one tick in ten, starts a burst of one to four
    /// ticks of 300–700 ms (± 30 %), like a disk that is written now and then.
    fn bursty(seed: &mut u64, ticks: usize) -> Vec<f64> {
        let (mut left, mut size) = (0, 0.0);
        (0..ticks)
            .map(|_| {
                let r = noise(seed);
                if left == 0 && r > 0.8 {
                    left = 1 + (20.0 * (r - 0.8)) as u32;
                    size = 300.0 + 2_000.0 * (r - 0.8);
                }
                if left == 0 {
                    return 0.0;
                }
                left -= 1;
                size * (1.0 + 0.3 * noise(seed))
            })
            .collect()
    }

    #[test]
    fn bursts_from_idle_are_how_a_channel_works_until_one_is_far_larger() {
        let mut total = Vec::new();
        for mut seed in [17, 19, 23, 29] {
            let mut d = Detector::default();
            total.extend(alarms(&mut d, bursty(&mut seed, 6_000)));
            assert!(
                d.observe(Some(1e5)).is_some_and(|v| v.anomaly),
                "far larger is news"
            );
        }
        assert!(
            total.len() <= 4,
            "about one alarm a channel at most: {total:?}"
        );
    }

    /// Alarms raised over `xs` by a detector warmed on 200 ± 20 ms with `p`.
    fn alarms_after_warming(p: &Params, xs: &[f64]) -> Vec<usize> {
        let mut seed = 31;
        let mut d = Detector::default();
        for _ in 0..2_000 {
            d.observe_with(p, Some(200.0 + 20.0 * noise(&mut seed)));
        }
        xs.iter()
            .enumerate()
            .filter(|(_, x)| d.observe_with(p, Some(**x)).is_some_and(|v| v.anomaly))
            .map(|(i, _)| i)
            .collect()
    }

    /// Noise half again as wide as the usual: no tick of it is rare enough alone.
    #[test]
    fn a_channel_that_turns_erratic_is_one_alarm_though_no_tick_is_rare_alone() {
        let mut seed = 37;
        let xs: Vec<f64> = (0..1_000)
            .map(|_| 200.0 + 30.0 * noise(&mut seed))
            .collect();
        let blind = Params {
            erratic_allowance: f64::INFINITY,
            ..Params::DEFAULT
        };
        assert_eq!(alarms_after_warming(&blind, &xs), Vec::<usize>::new());
        let found = alarms_after_warming(&Params::DEFAULT, &xs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0] < 100, "soon after it started: {found:?}");
    }

    #[test]
    fn a_steady_fast_channel_needs_more_than_jitter_to_alarm() {
        let mut d = Detector::default();
        for _ in 0..200 {
            d.observe(Some(2.0));
        }
        assert!(!d.observe(Some(3.5)).is_some_and(|v| v.anomaly), "1.5 ms");
        assert!(d.observe(Some(40.0)).is_some_and(|v| v.anomaly));
    }

    #[test]
    fn a_tick_without_latency_is_not_judged_and_changes_nothing() {
        let mut seed = 9;
        let mut d = warmed(100, &mut seed);
        let before = d.clone();
        assert_eq!(d.observe(None), None);
        assert_eq!(d.observe(Some(f64::NAN)), None);
        assert_eq!(d, before);
    }

    #[test]
    fn the_verdict_explains_itself() {
        let mut seed = 13;
        let mut d = warmed(500, &mut seed);
        let v = d.observe(Some(205.0)).expect("a verdict");
        assert!(!v.anomaly && v.rarity < 100.0, "{v:?}");
        assert!((v.usual_ms - 200.0).abs() < 10.0, "{v:?}");
        assert!(v.spread_ms > 5.0 && v.spread_ms < 20.0, "{v:?}");
        assert_eq!(v.latency_ms, 205.0);
    }
}
