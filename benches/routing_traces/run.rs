//! Replays a generated trace under a `[routing]` table through the library (the same path
//! as `--replay TRACE --config C`) and measures what an operator cares about.
#![allow(dead_code)]

use super::gen::{self, Channel, TICK_S};
use switchboard::config::Config;
use switchboard::domain::Health;
use switchboard::monitor::ChannelMeta;
use switchboard::snapshot::Snapshot;
use switchboard::source::replay::{replay, TickSink};

/// What one tick decided, kept small.
#[derive(Debug, Clone)]
pub struct Tick {
    pub primary: Option<String>,
    pub fallback: Option<String>,
    pub explain: String,
    pub policy: &'static str,
    /// (name, health, mean ms) per channel.
    pub channels: Vec<(String, Health, f64)>,
}

impl Tick {
    pub fn health(&self, name: &str) -> Option<Health> {
        self.channels.iter().find(|c| c.0 == name).map(|c| c.1)
    }

    pub fn mean(&self, name: &str) -> Option<f64> {
        self.channels.iter().find(|c| c.0 == name).map(|c| c.2)
    }
}

struct Collect(Vec<Tick>);

impl TickSink for Collect {
    fn tick(&mut self, s: Snapshot) -> std::io::Result<()> {
        self.0.push(Tick {
            primary: s.routing.recommended_primary.clone(),
            fallback: s.routing.recommended_fallback.clone(),
            explain: s.routing.explain.clone(),
            policy: s.routing.policy,
            channels: s
                .channels
                .iter()
                .map(|c| {
                    (
                        c.eval.input.name.clone(),
                        c.eval.health,
                        c.eval.input.mean_latency_ms.get(),
                    )
                })
                .collect(),
        });
        Ok(())
    }
}

/// The ticks of `channels` over `ticks` ticks under the `[routing]` table `routing`
/// (empty: the default health policy), with a 2-minute window.
pub fn run(routing: &str, channels: &[Channel], ticks: u32, seed: u64) -> Vec<Tick> {
    let text = format!(
        "[poll]\ninterval = \"2s\"\nwindow = \"2m\"\n\n{routing}\n\n{}",
        gen::channel_tables(channels)
    );
    let cfg = Config::parse("trace.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("trace.jsonl");
    std::fs::write(&path, gen::trace(channels, ticks, seed)).expect("trace written");
    let metas = cfg
        .channels
        .iter()
        .map(|c| ChannelMeta {
            name: c.name.clone(),
            optional: c.optional,
            region: c.region.clone(),
            cost_per_1k_tokens: c.cost_per_1k_tokens,
        })
        .collect();
    let mut sink = Collect(Vec::new());
    let mut settings = switchboard::poller::settings(&cfg);
    settings.keep_history = false;
    replay(
        path.to_str().expect("utf-8 path"),
        TICK_S * 1000,
        settings,
        metas,
        &mut sink,
        &mut std::io::sink(),
    )
    .expect("replay runs");
    sink.0
}

/// How many times the value of `f` changes from one tick to the next.
pub fn changes(ticks: &[Tick], f: impl Fn(&Tick) -> Option<String>) -> usize {
    ticks.windows(2).filter(|w| f(&w[0]) != f(&w[1])).count()
}

/// Changes per hour of trace.
pub fn per_hour(n: usize, ticks: &[Tick]) -> f64 {
    n as f64 * 3600.0 / (ticks.len() as f64 * TICK_S as f64)
}

/// The mean over ticks of `f(primary)`, for ticks from `from` on.
pub fn primary_mean(ticks: &[Tick], from: usize, f: impl Fn(&Tick, &str) -> f64) -> f64 {
    let vals: Vec<f64> = ticks[from..]
        .iter()
        .filter_map(|t| t.primary.as_deref().map(|p| f(t, p)))
        .collect();
    vals.iter().sum::<f64>() / vals.len().max(1) as f64
}

/// Ticks from the first tick at or after `from` where `cond` holds to the first tick
/// where the primary is not `name` (None: it never moved, or the condition never held).
pub fn ticks_to_leave(
    ticks: &[Tick],
    from: usize,
    name: &str,
    cond: impl Fn(&Tick) -> bool,
) -> Option<usize> {
    let start = (from..ticks.len()).find(|&i| cond(&ticks[i]))?;
    (start..ticks.len())
        .find(|&i| ticks[i].primary.as_deref() != Some(name))
        .map(|i| i - start)
}

/// Whether any tick recommends an OFFLINE fallback.
pub fn offline_fallback(ticks: &[Tick]) -> bool {
    ticks.iter().any(|t| {
        t.fallback
            .as_deref()
            .is_some_and(|f| t.health(f) == Some(Health::Offline))
    })
}
