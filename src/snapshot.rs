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
