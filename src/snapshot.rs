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
    /// Live: the newest failure's message, while the channel keeps failing or recently failed.
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub region: Option<String>,
    pub cost_per_1k_tokens: Option<f64>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// As the source wrote it (files), or RFC 3339 UTC (live).
    pub timestamp: String,
    pub status: Status,
    pub overall_health: Overall,
    pub effective_availability: Num,
    /// Core channels in source order, then optional ones.
    pub channels: Vec<ChannelView>,
    pub routing: Routing,
    pub recovery: Recovery,
    pub source: SourceInfo,
    /// Present for live sources (config, demo), absent for files.
    pub live: Option<LiveInfo>,
}

impl Snapshot {
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
        }
    }

    pub fn channel(&self, name: &str) -> Option<&ChannelView> {
        self.channels.iter().find(|c| c.name() == name)
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
