//! The evaluator shared by the live poller and `--replay`: observations in, per-channel
//! rolling windows with anti-flap, and a `Snapshot` by the same rules (docs/rules.md) out.
//! Pure: time is passed in, nothing here sleeps or does I/O.

mod steady;
pub mod words;

pub use steady::SWITCH_AFTER;

use crate::domain::route_policy::{ChannelTraits, RoutePolicy};
use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::domain::anomaly::{Detector, Verdict};
use crate::domain::forecast::predict_health;
use crate::domain::regions::Regions;
use crate::domain::Thresholds;
use crate::domain::{
    classify, decide, priority, ChannelEval, ChannelInput, FlapRule, Health, Num, Overall, Policy,
    Sample, Trend, Window,
};
use crate::snapshot::{rfc3339_ms, ChannelDetails, Forecast, LiveInfo, Snapshot, SourceInfo};

/// One probe result (an observation record, docs/json.md).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Observation {
    /// Milliseconds since the Unix epoch (records carry RFC 3339 `ts`).
    #[serde(skip)]
    pub at_ms: i64,
    pub channel: String,
    pub ok: bool,
    #[serde(default)]
    pub latency_ms: Option<f64>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub cost_per_1k_tokens: Option<f64>,
}

/// What the monitor knows about a channel besides its results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChannelMeta {
    pub name: String,
    pub optional: bool,
    pub region: Option<String>,
    pub cost_per_1k_tokens: Option<f64>,
}

struct ChannelState {
    meta: ChannelMeta,
    window: Window,
    /// Latency points from before this process (history), oldest first, shown before
    /// the window's samples in sparklines until they are an hour old.
    past: std::collections::VecDeque<(i64, Option<f64>)>,
    model: LatencyModel,
}

/// A channel's forecaster and anomaly detector, taught once per evaluation (a probe round
/// live, a tick in replay) by the mean of that evaluation's successful latencies.
#[derive(Default)]
struct LatencyModel {
    detector: Detector,
    /// This evaluation's successful latencies (sum, count).
    round: (f64, u32),
    /// Observations came since the last evaluation: one without (a redraw, a pause)
    /// judges nothing and raises no alarm.
    fresh: bool,
    /// How the newest tick with a latency was judged.
    verdict: Option<Verdict>,
    /// When the model last learned a latency, and the time between two such ticks.
    learned_at_ms: Option<i64>,
    tick_ms: i64,
}

impl LatencyModel {
    fn add(&mut self, o: &Observation) {
        self.fresh = true;
        if let (true, Some(l)) = (o.ok, o.latency_ms) {
            self.round.0 += l;
            self.round.1 += 1;
        }
    }

    /// Teaches the model this evaluation's mean latency; whether it starts an anomaly.
    fn learn(&mut self, now_ms: i64) -> bool {
        if !std::mem::take(&mut self.fresh) {
            return false;
        }
        let (sum, n) = std::mem::take(&mut self.round);
        if n == 0 {
            return false;
        }
        self.verdict = self.detector.observe(Some(sum / f64::from(n)));
        if let Some(at) = self.learned_at_ms.replace(now_ms) {
            self.tick_ms = now_ms - at;
        }
        self.verdict.is_some_and(|v| v.anomaly)
    }

    /// The forecast shown with this evaluation.
    fn forecast(&self, anomaly: bool, eval: &ChannelEval, t: &Thresholds) -> Forecast {
        // While the model is in probation its noise estimate is young: a trend "standing
        // out" from it is how a freshly started console predicted DEGRADED for steady
        // channels. Predictions wait for the probation, as anomalies do.
        let settled = self.verdict.is_some_and(|v| !v.learning);
        let predicted = settled
            .then(|| {
                predict_health(
                    self.detector.forecaster(),
                    eval.health,
                    eval.input.availability.get(),
                    self.tick_ms,
                    t,
                )
            })
            .flatten();
        Forecast {
            latency_ms: self
                .detector
                .forecast()
                .map(|v| (v * 100.0).round() / 100.0),
            anomaly,
            verdict: self.verdict,
            predicted: predicted.map(|(h, ticks)| (h, i64::from(ticks) * self.tick_ms)),
        }
    }
}

/// How long pre-loaded history stays in the sparklines.
const PAST_MS: i64 = 3_600_000;

/// Settings that shape evaluation.
#[derive(Debug, Clone)]
pub struct MonitorSettings {
    pub policy: Policy,
    pub window_ms: i64,
    pub flap: FlapRule,
    /// Keep per-sample latencies in snapshots (sparklines); replay turns it off.
    pub keep_history: bool,
    /// The policies an operator may switch to (`[routing]`'s, live from a config).
    pub choices: Vec<RoutePolicy>,
    /// Who switched to the policy in force, when it is not the config's.
    pub policy_set_by: Option<String>,
}

pub struct Monitor {
    settings: MonitorSettings,
    channels: Vec<ChannelState>,
    index: FxHashMap<String, usize>,
    /// Reused buffer for per-channel latency statistics.
    scratch: Vec<f64>,
    source: SourceInfo,
    /// Routing hysteresis between evaluations (steady.rs).
    hold: steady::Hold,
    /// Observations ingested so far: evaluations without new data do not count as
    /// evidence for a routing switch.
    generation: u64,
}

impl Monitor {
    pub fn new(settings: MonitorSettings, metas: Vec<ChannelMeta>, source: SourceInfo) -> Monitor {
        let mut m = Monitor {
            settings,
            channels: Vec::new(),
            index: FxHashMap::default(),
            scratch: Vec::new(),
            source,
            hold: steady::Hold::default(),
            generation: 0,
        };
        for meta in metas {
            m.add(meta);
        }
        m
    }

    fn add(&mut self, meta: ChannelMeta) -> usize {
        let i = self.channels.len();
        self.index.insert(meta.name.clone(), i);
        self.channels.push(ChannelState {
            window: Window::new(self.settings.window_ms),
            meta,
            past: std::collections::VecDeque::new(),
            model: LatencyModel::default(),
        });
        i
    }

    pub fn policy_mut(&mut self) -> &mut Policy {
        &mut self.settings.policy
    }

    /// Routes by the configured policy named `name` from now on (an operator's switch);
    /// `Err` says why not. The hysteresis carries over: the primary moves once the new
    /// policy's margin has held, as for any other change.
    pub fn set_policy(&mut self, name: &str, by: &str) -> Result<(), String> {
        let Some(p) = self.settings.choices.iter().find(|p| p.name() == name) else {
            let names: Vec<&str> = self.settings.choices.iter().map(|p| p.name()).collect();
            return Err(crate::domain::route_policy::unavailable(name, &names));
        };
        self.settings.policy.route = p.clone();
        self.settings.policy_set_by = Some(by.to_string());
        Ok(())
    }

    pub fn source_mut(&mut self) -> &mut SourceInfo {
        &mut self.source
    }

    /// The position of a channel, adding it (first-seen order) when it is new.
    /// A known channel's index (no channel is added).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The index of the channel `meta` names, adding it (last) when it is new.
    pub fn index_or_add(&mut self, meta: ChannelMeta) -> usize {
        match self.index.get(&meta.name) {
            Some(&i) => i,
            None => self.add(meta),
        }
    }

    /// Removes every channel `drop` picks (later channels move up); the names removed.
    pub fn remove_where(&mut self, mut drop: impl FnMut(&ChannelMeta) -> bool) -> Vec<String> {
        let mut gone = Vec::new();
        self.channels.retain(|c| {
            let keep = !drop(&c.meta);
            if !keep {
                gone.push(c.meta.name.clone());
            }
            keep
        });
        if !gone.is_empty() {
            self.index.clear();
            for (i, c) in self.channels.iter().enumerate() {
                self.index.insert(c.meta.name.clone(), i);
            }
            self.generation += 1;
        }
        gone
    }

    /// When the channel at `i` last had a result in its window.
    pub fn last_result_ms(&self, i: usize) -> Option<i64> {
        self.channels[i].window.last().map(|s| s.at_ms)
    }

    pub fn index_of(&mut self, name: &str) -> usize {
        match self.index.get(name) {
            Some(&i) => i,
            None => self.add(ChannelMeta {
                name: name.to_string(),
                ..ChannelMeta::default()
            }),
        }
    }

    /// Pre-loads a channel's sparkline with points from history (oldest first). They are
    /// display only: the rules judge the window's own probes. A channel no longer in
    /// the config is not brought back.
    pub fn preload(&mut self, name: &str, points: &[(i64, Option<f64>)]) {
        if !self.settings.keep_history {
            return;
        }
        if let Some(&i) = self.index.get(name) {
            self.channels[i].past = points.iter().copied().collect();
        }
    }

    /// Pre-loads a channel's window with results from history (oldest first), so that a
    /// restarted or second instance judges the same window as the one that kept running.
    /// Anti-flap counts only live probes; an outage in the preloaded window that live
    /// probes end makes the channel "recovering", as if this process had seen it.
    pub fn preload_window(&mut self, name: &str, results: &[(i64, bool, Option<f64>)]) {
        let Some(&i) = self.index.get(name) else {
            return;
        };
        let w = &mut self.channels[i].window;
        for &(at_ms, ok, latency) in results {
            w.preload(Sample {
                at_ms,
                ok,
                latency_ms: latency.unwrap_or(0.0),
            });
        }
        w.mark_outage_before();
        self.generation += 1;
    }

    /// Adds a result. Unknown channels are added in first-seen order (replay).
    pub fn ingest(&mut self, o: &Observation) {
        let i = self.index_of(&o.channel);
        self.ingest_at(i, o);
    }

    /// Adds a result for the channel at `i` (from `index_of`); `o.channel` is not read.
    pub fn ingest_at(&mut self, i: usize, o: &Observation) {
        self.generation += 1;
        let ch = &mut self.channels[i];
        if o.region.is_some() {
            ch.meta.region.clone_from(&o.region);
        }
        if o.cost_per_1k_tokens.is_some() {
            ch.meta.cost_per_1k_tokens = o.cost_per_1k_tokens;
        }
        let sample = Sample {
            at_ms: o.at_ms,
            ok: o.ok,
            latency_ms: o.latency_ms.unwrap_or(0.0),
        };
        let error = (!o.ok).then(|| o.error.clone().unwrap_or_else(|| "failed".to_string()));
        ch.window.push(sample, error, self.settings.flap);
        ch.model.add(o);
    }

    /// Whether anti-flap holds the channel at `i` down (OFFLINE).
    pub fn is_down(&self, i: usize) -> bool {
        self.channels[i].window.is_down()
    }

    /// Whether the channel at `i` is between states: failing but not yet down, or
    /// succeeding again but not yet back (anti-flap is counting).
    pub fn confirming(&self, i: usize) -> bool {
        let w = &self.channels[i].window;
        if w.is_down() {
            w.consecutive_successes() > 0
        } else {
            w.consecutive_failures() > 0
        }
    }

    /// Evaluates every channel as of `now_ms`.
    pub fn snapshot(&mut self, now_ms: i64, live: Option<LiveInfo>) -> Snapshot {
        let n = self.channels.len();
        let (mut evals, mut details) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut typical = Vec::with_capacity(n);
        let mut regions = Regions::default();
        for ch in &mut self.channels {
            ch.window.evict(now_ms);
            while ch.past.front().is_some_and(|p| p.0 < now_ms - PAST_MS) {
                ch.past.pop_front();
            }
            let anomaly = ch.model.learn(now_ms);
            let (e, mut d, t) = evaluate_channel(ch, &self.settings, &mut self.scratch);
            d.at_ms = Some(now_ms);
            d.forecast = Some(
                ch.model
                    .forecast(anomaly, &e, &self.settings.policy.thresholds),
            );
            if let Some(region) = &ch.meta.region {
                let ok = ch.window.samples().filter(|x| x.ok);
                regions.add(region, e.health, ok.map(|x| x.latency_ms));
            }
            evals.push(e);
            details.push(d);
            typical.push(t);
        }
        // Same ordering as files: core first, then optional, each in first-seen order.
        if evals.iter().any(|e| e.input.optional) {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| evals[i].input.optional);
            evals = reorder(evals, &order);
            details = reorder(details, &order);
            typical = reorder(typical, &order);
        }
        let effective = effective_availability(&evals);
        let overall = Overall::from_availability(effective.get());
        let decision = decide(evals, &overall, &self.settings.policy);
        let traits = traits_for(&self.settings.policy, &details, &typical);
        let mut decision = self.hold.apply(
            decision,
            &overall,
            &self.settings.policy,
            self.generation,
            &traits,
        );
        decision.routing.regions = regions.finish();
        decision.routing.policies = self.settings.choices.iter().map(|p| p.name()).collect();
        decision.routing.policy_set_by = self.settings.policy_set_by.clone();
        // `decide` keeps the channel order, so details line up by position.
        let mut details = details.into_iter();
        let mut snap = Snapshot::assemble(
            rfc3339_ms(now_ms),
            overall,
            effective,
            decision,
            |_| details.next().unwrap_or_default(),
            self.source.clone(),
        );
        if self.source.error.is_some() {
            // Part of the input is missing: whatever the channels say, it is not the
            // whole truth (exit 3, like a metrics file that cannot be read).
            snap.status = crate::domain::Status::Unknown;
        }
        snap.live = live;
        snap
    }
}

fn evaluate_channel(
    ch: &ChannelState,
    s: &MonitorSettings,
    scratch: &mut Vec<f64>,
) -> (ChannelEval, ChannelDetails, Option<f64>) {
    let stats = ch.window.stats_with(scratch);
    let availability = Num::round2(stats.availability);
    let mean = stats.mean_ms.map_or(Num::int(999), Num::round2);
    let trend = stats.trend.clone();
    let health = match classify(availability.get(), mean.get(), 0.0, &s.policy.thresholds) {
        _ if ch.window.is_down() => Health::Offline,
        // Every probe so far failed, but fewer than `down_after` of them: anti-flap has
        // not taken it down, so a blip at start-up is failing (POOR), not OFFLINE.
        Health::Offline if ch.window.consecutive_failures() > 0 => Health::Poor,
        h => h,
    };
    let input = ChannelInput {
        name: ch.meta.name.clone(),
        optional: ch.meta.optional,
        availability,
        mean_latency_ms: mean,
        trend: if stats.samples == 0 {
            Trend::Stable
        } else {
            trend
        },
        baseline_alerts: Num::int(0),
    };
    let eval = ChannelEval {
        routing_priority: priority(health, &input.trend, input.optional),
        health,
        input,
    };
    let details = ChannelDetails {
        p95_latency_ms: stats.p95_ms.map(Num::round2),
        samples: Some(Num::int(stats.samples as i64)),
        trend_short_mean_ms: stats.short_mean_ms.map(Num::round2),
        trend_long_mean_ms: stats.long_mean_ms.map(Num::round2),
        recent_latency_ms: if s.keep_history {
            ch.past
                .iter()
                .map(|p| p.1)
                .chain(ch.window.samples().map(|x| x.ok.then_some(x.latency_ms)))
                .collect()
        } else {
            Vec::new()
        },
        // Same length as `recent_latency_ms`, preloaded points included: charts pair
        // them up.
        recent_at_ms: if s.keep_history {
            ch.past
                .iter()
                .map(|p| p.0)
                .chain(ch.window.samples().map(|x| x.at_ms))
                .collect()
        } else {
            Vec::new()
        },
        last_error: ch.window.last_error().map(str::to_string),
        consecutive_failures: ch.window.consecutive_failures(),
        consecutive_successes: ch.window.consecutive_successes(),
        failing_since_ms: ch.window.failing_since_ms(),
        last_error_at_ms: ch.window.last_error_at_ms(),
        // OFFLINE by the rules (no success in the window) before `down_after` failures
        // in a row: it has been down since its failures began.
        down_since_ms: ch.window.down_since_ms().or_else(|| {
            (health == Health::Offline)
                .then(|| ch.window.failing_since_ms())
                .flatten()
        }),
        recovering: ch.window.recovering(s.flap),
        observed: true,
        no_latency: stats.mean_ms.is_none(),
        region: ch.meta.region.clone(),
        cost_per_1k_tokens: ch.meta.cost_per_1k_tokens,
        ..ChannelDetails::default()
    };
    (eval, details, stats.typical_ms)
}

/// What routing reads besides health, by position: the typical latency (for every
/// policy's comparisons), the region only for the policy that reads it (replay
/// evaluates 10,000 channels a tick), and the predicted health when routing is
/// `predictive`.
fn traits_for(
    policy: &Policy,
    details: &[ChannelDetails],
    typical: &[Option<f64>],
) -> Vec<ChannelTraits> {
    let regions = matches!(policy.route, RoutePolicy::Region(_))
        || policy
            .tasks
            .iter()
            .any(|t| matches!(t.route, RoutePolicy::Region(_)));
    details
        .iter()
        .zip(typical)
        .map(|(d, &typical_ms)| ChannelTraits {
            region: if regions { d.region.clone() } else { None },
            cost_per_1k_tokens: d.cost_per_1k_tokens,
            typical_ms,
            predicted: policy
                .predictive
                .then(|| d.forecast.as_ref().and_then(|f| f.predicted).map(|p| p.0))
                .flatten(),
        })
        .collect()
}

/// `items` rearranged so that position k holds the item that was at `order[k]`.
fn reorder<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The replaced monitor's rule: mean availability of the core channels, 2 decimals.
fn effective_availability(evals: &[ChannelEval]) -> Num {
    let (sum, n) = evals
        .iter()
        .filter(|e| !e.input.optional)
        .fold((0.0, 0usize), |(s, n), e| {
            (s + e.input.availability.get(), n + 1)
        });
    if n == 0 {
        return Num::int(0);
    }
    Num::round2(sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monitor(metas: &[(&str, bool)]) -> Monitor {
        Monitor::new(
            MonitorSettings {
                policy: Policy::default(),
                window_ms: 60_000,
                flap: FlapRule::default(),
                keep_history: true,
                choices: Vec::new(),
                policy_set_by: None,
            },
            metas
                .iter()
                .map(|(n, o)| ChannelMeta {
                    name: n.to_string(),
                    optional: *o,
                    ..ChannelMeta::default()
                })
                .collect(),
            SourceInfo {
                kind: "test",
                ..SourceInfo::default()
            },
        )
    }

    fn obs(at: i64, ch: &str, ok: bool, ms: f64) -> Observation {
        Observation {
            at_ms: at,
            channel: ch.into(),
            ok,
            latency_ms: Some(ms),
            error: (!ok).then(|| "connection refused".into()),
            status: None,
            region: None,
            cost_per_1k_tokens: None,
        }
    }

    #[test]
    fn live_rules_and_overall() {
        let mut m = monitor(&[("Fast", false), ("Slow", false), ("Spare", true)]);
        for t in 0..10 {
            m.ingest(&obs(t * 1000, "Fast", true, 40.0));
            m.ingest(&obs(t * 1000, "Slow", t != 3, 250.0));
            m.ingest(&obs(t * 1000, "Spare", true, 10.0));
        }
        let s = m.snapshot(10_000, None);
        let h: Vec<_> = s
            .channels
            .iter()
            .map(|c| (c.name(), c.eval.health))
            .collect();
        assert_eq!(
            h,
            [
                ("Fast", Health::Excellent),
                ("Slow", Health::Degraded),
                ("Spare", Health::Excellent)
            ]
        );
        assert_eq!(s.channels[1].eval.input.availability.to_string(), "90");
        // (100 + 90) / 2 = 95 -> GOOD by the monitor's overall rule.
        assert_eq!(s.effective_availability.to_string(), "95");
        assert_eq!(s.overall_health, Overall::Good);
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("Fast"));
        assert_eq!(s.timestamp, "1970-01-01T00:00:10Z");
        assert_eq!(
            s.channels[1].details.last_error.as_deref(),
            Some("connection refused")
        );
        assert_eq!(s.channels[0].details.recent_latency_ms.len(), 10);
    }

    #[test]
    fn preloaded_history_leads_the_sparkline_until_it_is_an_hour_old_and_never_judges() {
        let mut m = monitor(&[("Fast", false)]);
        let past = [(0, Some(900.0)), (60_000, None), (120_000, Some(800.0))];
        m.preload("Fast", &past);
        m.preload("Gone", &past);
        m.ingest(&obs(130_000, "Fast", true, 40.0));
        let s = m.snapshot(130_000, None);
        assert_eq!(s.channels.len(), 1, "a channel not configured is not added");
        let d = &s.channels[0];
        assert_eq!(
            d.details.recent_latency_ms,
            [Some(900.0), None, Some(800.0), Some(40.0)]
        );
        assert_eq!(
            d.details.recent_at_ms,
            [0, 60_000, 120_000, 130_000],
            "each point with its time, preloaded ones too"
        );
        assert_eq!(
            d.eval.input.mean_latency_ms.to_string(),
            "40",
            "rules see probes only"
        );
        assert_eq!(d.eval.health, Health::Excellent);
        let s = m.snapshot(3_660_001, None);
        assert_eq!(s.channels[0].details.recent_latency_ms, [Some(800.0)]);
        // A point is shown for a full hour, and not a millisecond longer.
        let s = m.snapshot(3_720_000, None);
        assert_eq!(s.channels[0].details.recent_latency_ms, [Some(800.0)]);
        let s = m.snapshot(3_720_001, None);
        assert!(s.channels[0].details.recent_latency_ms.is_empty());
    }

    /// The live evaluator passes the window's trend to the
    /// rules, so an EXCELLENT channel whose latency is falling wins priority 1 over a
    /// faster but STABLE one (forcing STABLE made it lose).
    #[test]
    fn an_improving_excellent_channel_wins_priority_one() {
        let mut m = monitor(&[("Steady", false), ("Better", false)]);
        for t in 0..30 {
            m.ingest(&obs(t * 1000, "Steady", true, 20.0));
            let ms = if t < 20 { 90.0 } else { 30.0 };
            m.ingest(&obs(t * 1000, "Better", true, ms));
        }
        let s = m.snapshot(30_000, None);
        let better = s.channel("Better").expect("Better");
        assert_eq!(better.eval.health, Health::Excellent);
        assert_eq!(better.eval.input.trend, Trend::Improving);
        assert_eq!(better.eval.routing_priority, 1);
        assert_eq!(
            s.channel("Steady").expect("Steady").eval.routing_priority,
            2
        );
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("Better"));
    }

    /// What the detail view and `--snapshot` show of a live channel comes from its window:
    /// percentiles, the trend's two means, the samples, and the failure run and its times.
    #[test]
    fn details_come_from_the_window() {
        let mut m = monitor(&[("A", false)]);
        for t in 0..25 {
            m.ingest(&obs(t * 1000, "A", true, if t < 15 { 100.0 } else { 20.0 }));
        }
        m.ingest(&obs(25_000, "A", false, 0.0));
        m.ingest(&obs(26_000, "A", false, 0.0));
        let s = m.snapshot(26_000, None);
        let d = &s.channel("A").expect("A").details;
        assert_eq!(d.samples.map(|n| n.get()), Some(27.0));
        assert_eq!(d.p95_latency_ms.map(|n| n.get()), Some(100.0));
        assert_eq!(d.trend_short_mean_ms.map(|n| n.get()), Some(20.0));
        assert_eq!(d.trend_long_mean_ms.map(|n| n.get()), Some(68.0));
        assert_eq!(d.recent_latency_ms.len(), 27);
        assert_eq!(d.recent_latency_ms[26], None, "a failure has no latency");
        let probed_at: Vec<i64> = (0..27).map(|t| t * 1_000).collect();
        assert_eq!(d.recent_at_ms, probed_at, "the detail chart's time axis");
        assert_eq!(d.last_error.as_deref(), Some("connection refused"));
        assert_eq!((d.consecutive_failures, d.consecutive_successes), (2, 0));
        assert_eq!(d.failing_since_ms, Some(25_000));
        assert_eq!(d.last_error_at_ms, Some(26_000));
        assert_eq!(d.down_since_ms, Some(25_000));
        assert!(d.observed && !d.no_latency);
        let mut m = monitor(&[("Down", false)]);
        m.ingest(&obs(0, "Down", false, 0.0));
        let s = m.snapshot(0, None);
        assert!(s.channel("Down").expect("Down").details.no_latency);
    }

    /// A channel's configured region and cost reach the
    /// snapshot's details (what the console's detail view shows).
    #[test]
    fn region_and_cost_reach_the_snapshot() {
        let mut m = Monitor::new(
            MonitorSettings {
                policy: Policy::default(),
                window_ms: 60_000,
                flap: FlapRule::default(),
                keep_history: false,
                choices: Vec::new(),
                policy_set_by: None,
            },
            vec![ChannelMeta {
                name: "Gateway".into(),
                region: Some("ap-northeast-2".into()),
                cost_per_1k_tokens: Some(0.6),
                ..ChannelMeta::default()
            }],
            SourceInfo::default(),
        );
        m.ingest(&obs(0, "Gateway", true, 50.0));
        let s = m.snapshot(1_000, None);
        let d = &s.channel("Gateway").expect("Gateway").details;
        assert_eq!(d.region.as_deref(), Some("ap-northeast-2"));
        assert_eq!(d.cost_per_1k_tokens, Some(0.6));
        let r = &s.routing.regions;
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].region.as_str(), r[0].channels, r[0].healthy),
            ("ap-northeast-2", 1, 1)
        );
        assert_eq!(r[0].p95_latency_ms, Some(Num::int(50)));
        let mut plain = monitor(&[("Local", false)]);
        plain.ingest(&obs(0, "Local", true, 50.0));
        assert!(plain.snapshot(1_000, None).routing.regions.is_empty());
    }

    #[test]
    fn anti_flap_forces_offline_and_back() {
        // A full window (60 probes), as after the first minutes of polling.
        let mut m = monitor(&[("A", false), ("B", false)]);
        for t in 0..60 {
            m.ingest(&obs(t, "A", true, 20.0));
            m.ingest(&obs(t, "B", true, 150.0));
        }
        m.ingest(&obs(60, "A", false, 0.0));
        let s = m.snapshot(61, None);
        assert_eq!(
            s.channel("A").unwrap().eval.health,
            Health::Good,
            "one failure: 98.36%"
        );
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("A"));
        m.ingest(&obs(61, "A", false, 0.0));
        let s = m.snapshot(62, None);
        assert_eq!(s.channel("A").unwrap().eval.health, Health::Offline);
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("B"));
        m.ingest(&obs(62, "A", true, 20.0));
        assert_eq!(
            m.snapshot(63, None).channel("A").unwrap().eval.health,
            Health::Offline
        );
        m.ingest(&obs(63, "A", true, 20.0));
        let s = m.snapshot(64, None);
        assert_ne!(s.channel("A").unwrap().eval.health, Health::Offline);
    }

    /// What the poller's fast re-probe relies on: a channel is "confirming" while a run of
    /// failures has not yet taken it down, or a run of successes has not yet brought it
    /// back; the detail view shows the run.
    #[test]
    fn confirming_while_anti_flap_counts_in_either_direction() {
        let mut m = monitor(&[("A", false)]);
        m.ingest(&obs(0, "A", true, 20.0));
        assert!(!m.confirming(0) && !m.is_down(0), "steady and up");
        m.ingest(&obs(1_000, "A", false, 0.0));
        assert!(
            m.confirming(0) && !m.is_down(0),
            "one failure: not down yet"
        );
        m.ingest(&obs(2_000, "A", false, 0.0));
        assert!(!m.confirming(0) && m.is_down(0), "down after two");
        m.ingest(&obs(3_000, "A", true, 20.0));
        assert!(m.confirming(0) && m.is_down(0), "one success: not back yet");
        let s = m.snapshot(3_000, None);
        let c = &s.channels[0];
        assert_eq!(c.eval.health, Health::Offline);
        let d = &c.details;
        assert_eq!((d.consecutive_failures, d.consecutive_successes), (0, 1));
        assert_eq!(d.down_since_ms, Some(1_000));
        m.ingest(&obs(4_000, "A", true, 20.0));
        assert!(!m.confirming(0) && !m.is_down(0), "back after two");
    }

    /// `down_after` holds from the first probe: a new channel whose only probe failed is
    /// failing (POOR), not OFFLINE; at `down_after` failures it is down since the first.
    /// A healthy channel with one failure is not down at all.
    #[test]
    fn down_since_follows_health_not_only_anti_flap() {
        let mut m = monitor(&[("New", false), ("Blip", false)]);
        m.ingest(&obs(5_000, "New", false, 0.0));
        for t in 0..9 {
            m.ingest(&obs(t * 1_000, "Blip", true, 20.0));
        }
        m.ingest(&obs(9_000, "Blip", false, 0.0));
        let s = m.snapshot(9_000, None);
        let new = s.channel("New").expect("New");
        assert_eq!(
            new.eval.health,
            Health::Poor,
            "one failure is not an outage"
        );
        assert_eq!(new.details.down_since_ms, None);
        m.ingest(&obs(9_500, "New", false, 0.0));
        let s = m.snapshot(9_500, None);
        let new = s.channel("New").expect("New");
        assert_eq!(new.eval.health, Health::Offline);
        assert_eq!(new.details.down_since_ms, Some(5_000));
        let blip = s.channel("Blip").expect("Blip");
        assert_ne!(blip.eval.health, Health::Offline);
        assert_eq!(blip.details.failing_since_ms, Some(9_000));
        assert_eq!(blip.details.down_since_ms, None);
    }

    #[test]
    fn optional_channels_come_after_core_ones() {
        let mut m = monitor(&[("Opt1", true), ("A", false), ("Opt2", true), ("B", false)]);
        for n in ["Opt1", "A", "Opt2", "B"] {
            m.ingest(&obs(
                0,
                n,
                true,
                if n.starts_with("Opt") { 1.0 } else { 50.0 },
            ));
        }
        let s = m.snapshot(1, None);
        let names: Vec<_> = s.channels.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["A", "B", "Opt1", "Opt2"]);
        let optional: Vec<_> = s.channels.iter().map(|c| c.eval.input.optional).collect();
        assert_eq!(optional, [false, false, true, true]);
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("A"));
    }

    #[test]
    fn unknown_channels_are_added_in_first_seen_order() {
        let mut m = monitor(&[]);
        m.ingest(&obs(0, "Z", true, 1.0));
        m.ingest(&obs(0, "A", true, 1.0));
        let s = m.snapshot(1, None);
        let names: Vec<_> = s.channels.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["Z", "A"]);
    }

    #[test]
    fn empty_window_is_offline_with_default_mean() {
        let mut m = monitor(&[("A", false)]);
        let s = m.snapshot(0, None);
        let c = &s.channels[0];
        assert_eq!(c.eval.health, Health::Offline);
        assert_eq!(c.eval.input.mean_latency_ms.to_string(), "999");
    }

    /// Probe rounds of 10 s for `Gateway`, one probe each; the snapshot of each round.
    fn rounds(m: &mut Monitor, from: i64, latencies: &[f64]) -> Vec<Snapshot> {
        latencies
            .iter()
            .enumerate()
            .map(|(k, &ms)| {
                let at = from + 10_000 * k as i64;
                m.ingest(&obs(at, "Gateway", true, ms));
                m.snapshot(at + 1, None)
            })
            .collect()
    }

    fn forecast(s: &Snapshot) -> Forecast {
        s.channel("Gateway")
            .and_then(|c| c.details.forecast)
            .expect("live channels carry a forecast")
    }

    #[test]
    fn live_rounds_teach_the_model_and_a_spike_is_one_alarm() {
        let mut m = monitor(&[("Gateway", false)]);
        let steady: Vec<f64> = (0..60).map(|i| 48.0 + f64::from(i % 7)).collect();
        let snaps = rounds(&mut m, 0, &steady);
        assert!(snaps.iter().all(|s| !forecast(s).anomaly));
        let last = forecast(snaps.last().expect("rounds"));
        assert!((last.latency_ms.expect("a forecast") - 51.0).abs() < 5.0);
        let spike = rounds(&mut m, 600_000, &[412.0]);
        let f = forecast(&spike[0]);
        assert!(f.anomaly, "{f:?}");
        let v = f.verdict.expect("judged");
        assert!(v.rarity > 10_000.0 && v.latency_ms == 412.0, "{v:?}");
        // A redraw without a new probe judges nothing and does not alarm again.
        let again = m.snapshot(610_500, None);
        assert!(!forecast(&again).anomaly);
        assert_eq!(forecast(&again).verdict, Some(v));
    }

    #[test]
    fn a_rising_latency_is_predicted_to_degrade_and_never_starts_recovery() {
        let mut m = monitor(&[("Gateway", false)]);
        // 60 → 178 ms over 60 rounds: still GOOD, heading for DEGRADED (200 ms).
        let rising: Vec<f64> = (0..60).map(|i| 60.0 + 2.0 * f64::from(i)).collect();
        let snaps = rounds(&mut m, 0, &rising);
        let last = snaps.last().expect("rounds");
        let gateway = last.channel("Gateway").expect("Gateway");
        assert!(
            gateway.eval.health.is_healthy(),
            "{:?}",
            gateway.eval.health
        );
        let (health, in_ms) = forecast(last).predicted.expect("a prediction");
        assert_eq!(health, Health::Degraded);
        assert!((10_000..=200_000).contains(&in_ms), "{in_ms}");
        // A prediction is not a reason to act, and neither is an anomaly (here a drop to
        // 1 ms, which leaves the window's health as it was).
        let spike = rounds(&mut m, 600_000, &[1.0]);
        assert!(forecast(&spike[0]).anomaly, "{:?}", forecast(&spike[0]));
        for s in snaps.iter().chain(&spike) {
            assert!(!s.recovery.should_trigger, "{:?}", s.recovery);
            assert!(s.recovery.recommended_actions.is_empty());
        }
    }

    /// Gateway's latency climbs towards DEGRADED while Cloud holds at ~150 ms; returns
    /// each round's primary and Gateway's health.
    fn climb(predictive: bool) -> Vec<(Option<String>, Health)> {
        let mut m = monitor(&[("Gateway", false), ("Cloud", false)]);
        m.policy_mut().predictive = predictive;
        (0..60)
            .map(|k| {
                let at = 10_000 * k as i64;
                m.ingest(&obs(at, "Gateway", true, 60.0 + 2.0 * k as f64));
                m.ingest(&obs(at, "Cloud", true, 150.0 + (k % 3) as f64));
                let s = m.snapshot(at + 1, None);
                assert!(!s.recovery.should_trigger, "{:?}", s.recovery);
                let g = s.channel("Gateway").expect("Gateway").eval.health;
                (s.routing.recommended_primary.clone(), g)
            })
            .collect()
    }

    #[test]
    fn predictive_routing_leaves_a_channel_before_it_degrades() {
        let plain = climb(false);
        assert!(
            plain.iter().all(|(p, _)| p.as_deref() == Some("Gateway")),
            "without predictive the rising channel keeps the traffic: {plain:?}"
        );
        let ahead = climb(true);
        let moved = ahead
            .iter()
            .position(|(p, _)| p.as_deref() == Some("Cloud"))
            .expect("predictive moves the traffic");
        assert!(
            ahead[moved].1.is_healthy(),
            "moved before DEGRADED: {ahead:?}"
        );
        assert!(moved >= 30, "not before the model's probation: {moved}");
        assert!(
            ahead[moved..]
                .iter()
                .all(|(p, _)| p.as_deref() == Some("Cloud")),
            "and stays: {ahead:?}"
        );
    }
}
