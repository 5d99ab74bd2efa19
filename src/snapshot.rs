//! The immutable picture of one moment that every view (text, JSON, TUI, ChatOps) reads.

use crate::domain::{ChannelEval, Decision, Num, Overall, Recovery, Routing, Status};

/// Where a snapshot's observations came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceInfo {
    /// `metrics-file`, `example`, `config`, `demo`, `replay`.
    pub kind: &'static str,
    /// File path (`-` for stdin), when there is one.
    pub path: Option<String>,
    /// Malformed input records skipped so far (replay).
    pub skipped: Option<usize>,
    /// Why the source could not be read this time (a Prometheus that is down or answers
    /// an error): the snapshot is UNKNOWN, and no channel is blamed for it.
    pub error: Option<String>,
}

/// Display-only facts about a channel that the rules do not read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChannelDetails {
    pub p95_latency_ms: Option<Num>,
    pub median_latency_ms: Option<Num>,
    pub min_latency_ms: Option<Num>,
    pub max_latency_ms: Option<Num>,
    pub std_latency_ms: Option<Num>,
    pub samples: Option<Num>,
    pub spikes: Option<Num>,
    pub adaptive_alerts: Option<Num>,
    pub baseline_warns: Option<Num>,
    pub adaptive_warns: Option<Num>,
    pub trend_short_mean_ms: Option<Num>,
    pub trend_long_mean_ms: Option<Num>,
    /// Mean latency per hour, oldest first (metrics files carry 24).
    pub hourly_latency_ms: Vec<f64>,
    /// Live: the window's probe latencies, oldest first (`None` = failed probe).
    pub recent_latency_ms: Vec<Option<f64>>,
    /// Live and replay: when each of `recent_latency_ms` was probed (ms since the epoch),
    /// so charts can draw a time axis; same length, or empty when not kept.
    pub recent_at_ms: Vec<i64>,
    /// Live: the newest failure's message, while the channel keeps failing or recently failed.
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub consecutive_successes: u32,
    /// Live: when the current run of failures began (milliseconds since the epoch).
    pub failing_since_ms: Option<i64>,
    /// Live: when the newest failure happened.
    pub last_error_at_ms: Option<i64>,
    /// Live: while OFFLINE, when the failures that took it down began.
    pub down_since_ms: Option<i64>,
    /// Live and replay: back from an outage that its window still holds: it answers,
    /// though the rules still judge the window (`docs/rules.md`, "Recovering").
    pub recovering: bool,
    /// Live and replay: evaluated from probes (so the per-probe facts above apply).
    pub observed: bool,
    /// Live and replay: no successful probe in the window, so there is no latency; the
    /// rules still judge with the legacy 999 ms, but views show `null` / `-`.
    pub no_latency: bool,
    /// Live and replay: the evaluation time, for ages.
    pub at_ms: Option<i64>,
    pub region: Option<String>,
    pub cost_per_1k_tokens: Option<f64>,
    /// Live and replay: the next tick's predicted mean latency, whether this tick starts
    /// an anomaly, and the health the channel is heading for (`domain::forecast`,
    /// `domain::anomaly`); `None` for files.
    pub forecast: Option<Forecast>,
}

/// One channel's latency model as of this evaluation (a probe round or a replay tick).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Forecast {
    /// `None` until the channel has had enough ticks with a latency.
    pub latency_ms: Option<f64>,
    /// This evaluation starts an anomaly (one per incident).
    pub anomaly: bool,
    /// How the newest tick with a latency was judged (why it is or is not anomalous).
    pub verdict: Option<crate::domain::anomaly::Verdict>,
    /// The worse health the forecast reaches within the horizon, and in how many ms.
    pub predicted: Option<(crate::domain::Health, i64)>,
}

/// One channel as shown: its decision plus details.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelView {
    pub eval: ChannelEval,
    pub details: ChannelDetails,
}

impl ChannelView {
    pub fn name(&self) -> &str {
        &self.eval.input.name
    }
}

/// A snapshot's channels, shared by the snapshots that carry the same ones: the views
/// read the poller's evaluation with the executor's view attached, and at ten thousand
/// channels a copy of them for each was a tenth of the daemon's time. Reads go straight
/// to the list; a change (tests, a view that trims its own copy) copies it first, when
/// another snapshot shares it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Channels(std::sync::Arc<Vec<ChannelView>>);

impl std::ops::Deref for Channels {
    type Target = Vec<ChannelView>;

    fn deref(&self) -> &Vec<ChannelView> {
        &self.0
    }
}

impl std::ops::DerefMut for Channels {
    fn deref_mut(&mut self) -> &mut Vec<ChannelView> {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

impl From<Vec<ChannelView>> for Channels {
    fn from(v: Vec<ChannelView>) -> Channels {
        Channels(std::sync::Arc::new(v))
    }
}

impl FromIterator<ChannelView> for Channels {
    fn from_iter<I: IntoIterator<Item = ChannelView>>(iter: I) -> Channels {
        Channels::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Channels {
    type Item = &'a ChannelView;
    type IntoIter = std::slice::Iter<'a, ChannelView>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a mut Channels {
    type Item = &'a mut ChannelView;
    type IntoIter = std::slice::IterMut<'a, ChannelView>;

    fn into_iter(self) -> Self::IntoIter {
        std::ops::DerefMut::deref_mut(self).iter_mut()
    }
}

/// State of the background poller, for views that must not show stale data as fresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerState {
    Running,
    Paused,
    /// The poller stopped; the snapshot is the last one it published.
    Failed(String),
}

/// Facts about live polling that file snapshots do not have.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveInfo {
    pub poller: PollerState,
    /// The shortest probe interval: a snapshot older than three of these is stale.
    pub interval: std::time::Duration,
    /// Probe rounds completed so far.
    pub rounds: u64,
    /// Wall-clock time of this snapshot, milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Faults of the daemon itself (no descriptors, no memory, a full state disk, a
    /// closed stderr), in words: never a channel's failure (`base::fault`).
    pub faults: Vec<String>,
    /// The clock that stamped `at_ms`. The snapshot's age is read on it: a fresh wall
    /// reading would count a step of the system clock (NTP setting it after boot) as
    /// age, and call a daemon that publishes twice a second stale for good.
    pub clock: crate::base::clock::Clock,
}

impl LiveInfo {
    /// Now, on the clock that stamped this snapshot.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// When this snapshot goes stale: three probe intervals without a newer one.
    pub fn stale_at(&self) -> i64 {
        self.at_ms + 3 * self.interval.as_millis() as i64
    }
}

/// One line of recovery history (from the audit log), newest last in lists.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryRecord {
    pub at_ms: i64,
    pub channel: String,
    /// What happened, as recorded; each view puts it in words of its language.
    pub event: crate::domain::audit::AuditEvent,
    pub ok: bool,
    pub dry_run: bool,
}

impl RecoveryRecord {
    /// In a few English words: "restart_gateway exit 0 in 1.2s", "back, 8s after …".
    pub fn text(&self) -> String {
        self.event.describe().unwrap_or_default()
    }
}

/// The executor's state for one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelRecovery {
    pub name: String,
    pub state: crate::domain::guard::RecoveryState,
    /// The actions that would run for it (bound ones, else the unbound defaults).
    pub actions: Vec<String>,
    pub failures: u32,
    /// The action running now and since when.
    pub running: Option<(String, i64)>,
    pub next_allowed_ms: Option<i64>,
    pub escalated_since_ms: Option<i64>,
}

/// Why an executor does not act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passive {
    /// Another instance holds the recovery lock (its pid, when it wrote one).
    LockHeld(Option<u32>),
    /// The state dir, the lock or the audit log cannot be created or written.
    CannotWrite,
    /// No state dir could be chosen.
    NoStateDir,
    /// Started with `--standby`: a read-only follower by choice.
    Standby,
}

/// What the recovery executor is doing (live sources with a controller).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExecutorView {
    pub auto: bool,
    pub dry_run: bool,
    /// Why this instance does not act (another holds the lock, no state dir, …).
    pub read_only: Option<String>,
    /// What kind of reason `read_only` is (exit codes and `/healthz` tell them apart).
    pub passive: Option<Passive>,
    /// Channels in config order.
    pub channels: Vec<ChannelRecovery>,
    /// Recent recovery events, newest last.
    pub recent: Vec<RecoveryRecord>,
    /// Percent of finished attempts that brought their channel back.
    pub success_rate: Option<f64>,
    /// Mean time from first failure to verified healthy, seconds.
    pub mttr_s: Option<f64>,
    pub audit_path: Option<String>,
    /// A problem the operator must see (the audit log cannot be written, …).
    pub problem: Option<String>,
    /// This instance holds the recovery lock (it is the one that acts).
    pub lock_held: bool,
    /// Finished attempts per channel and result (`success`, `failure`), from the log.
    pub attempts: Vec<(String, &'static str, u64)>,
    /// When each channel was last verified back after an attempt.
    pub last_success_ms: Vec<(String, i64)>,
    /// Channels in a `[[maintenance]]` window now, and when it ends.
    pub maintenance: Vec<(String, i64)>,
}

impl ExecutorView {
    pub fn channel(&self, name: &str) -> Option<&ChannelRecovery> {
        self.channels.iter().find(|c| c.name == name)
    }

    /// Configured to act (auto-recovery on, not a standby) but unable to: the lock is
    /// another's, the state dir or the audit log cannot be written. `None` when it acts,
    /// or was never meant to.
    pub fn cannot_act(&self) -> Option<String> {
        if !self.auto || self.passive == Some(Passive::Standby) {
            return None;
        }
        self.read_only
            .clone()
            .or_else(|| self.problem.clone())
            .map(|why| format!("cannot act: {why}"))
    }

    /// When `channel`'s maintenance window ends, while it is in one.
    pub fn maintenance_until(&self, channel: &str) -> Option<i64> {
        self.maintenance
            .iter()
            .find(|(c, _)| c == channel)
            .map(|(_, u)| *u)
    }

    /// Channels whose recovery gave up, in config order.
    pub fn escalated(&self) -> Vec<&str> {
        self.channels
            .iter()
            .filter(|c| c.state == crate::domain::guard::RecoveryState::Escalated)
            .map(|c| c.name.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// As the source wrote it (files), or RFC 3339 UTC (live).
    pub timestamp: String,
    pub status: Status,
    pub overall_health: Overall,
    pub effective_availability: Num,
    /// Core channels in source order, then optional ones.
    pub channels: Channels,
    pub routing: Routing,
    pub recovery: Recovery,
    pub source: SourceInfo,
    /// Present for live sources (config, demo), absent for files.
    pub live: Option<LiveInfo>,
    /// The recovery executor's state, where one runs (or its audit log was read).
    pub executor: Option<std::sync::Arc<ExecutorView>>,
    /// The route-apply runner's targets, where one runs.
    pub routes: Option<std::sync::Arc<crate::domain::route_apply::RouteView>>,
}

impl Snapshot {
    /// Now, on the clock that stamped a live snapshot; the wall clock for a file's.
    pub fn now_ms(&self) -> i64 {
        self.live.as_ref().map_or_else(
            || crate::base::clock::Clock::new().now_ms(),
            LiveInfo::now_ms,
        )
    }

    /// Joins a decision with per-channel details (looked up by channel name).
    pub fn assemble(
        timestamp: String,
        overall_health: Overall,
        effective_availability: Num,
        decision: Decision,
        mut details: impl FnMut(&str) -> ChannelDetails,
        source: SourceInfo,
    ) -> Snapshot {
        let channels = decision
            .channels
            .into_iter()
            .map(|eval| ChannelView {
                details: details(eval.name()),
                eval,
            })
            .collect();
        Snapshot {
            timestamp,
            status: decision.status,
            overall_health,
            effective_availability,
            channels,
            routing: decision.routing,
            recovery: decision.recovery,
            source,
            live: None,
            executor: None,
            routes: None,
        }
    }

    pub fn channel(&self, name: &str) -> Option<&ChannelView> {
        self.channels.iter().find(|c| c.name() == name)
    }

    /// When it was taken: a live snapshot's clock, else its RFC 3339 timestamp (one-shot
    /// samples of a config are stamped now; a metrics file's local time has no zone).
    pub fn at_ms(&self) -> Option<i64> {
        self.live
            .as_ref()
            .map(|l| l.at_ms)
            .or_else(|| parse_rfc3339_ms(&self.timestamp))
    }
}

/// Current UTC time in RFC 3339, seconds precision.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Milliseconds since the Unix epoch as RFC 3339 UTC to the second (`2026-11-24T10:00:00Z`).
pub fn rfc3339_ms(at_ms: i64) -> String {
    jiff::Timestamp::from_second(at_ms.div_euclid(1000))
        .map(|t| t.to_string())
        .unwrap_or_else(|_| at_ms.to_string())
}

/// Parses an RFC 3339 timestamp (any offset) to milliseconds since the Unix epoch.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}
