//! What one published snapshot adds to history, worked out without I/O: a row per
//! channel when the poller finished a new round, health transitions, latency anomalies,
//! a routing change, and recovery events the executor's view has not shown before.

use rustc_hash::FxHashMap;

use crate::domain::change::Change;
use crate::domain::Health;
use crate::snapshot::{RecoveryRecord, Snapshot};

/// Longest stored error text; the audit log and the console keep the whole message.
const ERROR_CHARS: usize = 160;
/// A gap between two rounds longer than this (a suspended laptop, a stopped console)
/// is not counted as time the channel was up or down.
const MAX_SPAN_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelTick {
    pub channel: String,
    pub health: Health,
    pub availability: f64,
    /// `None` when the window had no successful probe.
    pub mean_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    /// Milliseconds this row stands for (since the previous round).
    pub span_ms: i64,
    pub last_error: Option<String>,
}

impl ChannelTick {
    /// OFFLINE counts as down time; everything else as up.
    pub fn down_ms(&self) -> i64 {
        if self.health == Health::Offline {
            self.span_ms
        } else {
            0
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub channel: String,
    pub from: Option<Health>,
    pub to: Health,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoutingChange {
    pub primary: Option<String>,
    pub fallback: Option<String>,
    pub reason: String,
}

/// Everything one snapshot adds, written in one transaction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tick {
    pub at_ms: i64,
    pub channels: Vec<ChannelTick>,
    pub transitions: Vec<Transition>,
    pub routing: Option<RoutingChange>,
    pub recovery: Vec<RecoveryRecord>,
    /// Latency anomalies that began this round: the channel and why it is one.
    pub anomalies: Vec<(String, String)>,
}

impl Tick {
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty() && !self.has_change()
    }

    /// A health transition, a routing change, a recovery event or an anomaly: written
    /// at once.
    pub fn has_change(&self) -> bool {
        !self.transitions.is_empty()
            || self.routing.is_some()
            || !self.recovery.is_empty()
            || !self.anomalies.is_empty()
    }
}

/// What has been turned into ticks so far.
#[derive(Debug, Default)]
pub struct Tracker {
    rounds: u64,
    last_at_ms: Option<i64>,
    /// The change stream, by the rules every view shares: what is news is stored.
    changes: super::changes::Changes,
    /// The newest recovery record already stored.
    recovery_ms: i64,
    interval_ms: i64,
}

impl Tracker {
    /// Starts after what the database already holds (restart: no duplicate events).
    pub fn resume(last_health: FxHashMap<String, Health>, recovery_ms: i64) -> Tracker {
        Tracker {
            changes: super::changes::Changes::resume(last_health),
            recovery_ms,
            ..Tracker::default()
        }
    }

    /// The new facts in `s`, or `None` when it adds nothing (the poller republished the
    /// same round because the executor's view changed, or no round has finished yet).
    pub fn tick(&mut self, s: &Snapshot) -> Option<Tick> {
        let live = s.live.as_ref()?;
        let at_ms = live.at_ms;
        let mut tick = Tick {
            at_ms,
            ..Tick::default()
        };
        self.interval_ms = live.interval.as_millis() as i64;
        if live.rounds > self.rounds {
            self.rounds = live.rounds;
            // A large fleet on jittered intervals finishes a "round" every few hundred
            // milliseconds: rows are written once per interval, changes at once.
            let due = self
                .last_at_ms
                .is_none_or(|t| at_ms - t >= self.interval_ms * 9 / 10);
            self.changes(s, &mut tick);
            if due {
                self.rows(s, at_ms, &mut tick);
                self.last_at_ms = Some(at_ms);
            }
        }
        if let Some(x) = &s.executor {
            for r in x.recent.iter().filter(|r| r.at_ms > self.recovery_ms) {
                tick.recovery.push(r.clone());
            }
            if let Some(r) = tick.recovery.last() {
                self.recovery_ms = r.at_ms;
            }
        }
        (!tick.is_empty()).then_some(tick)
    }

    fn changes(&mut self, s: &Snapshot, tick: &mut Tick) {
        for c in self.changes.next(s) {
            match c {
                Change::Health {
                    channel,
                    from,
                    to,
                    error,
                } => tick.transitions.push(Transition {
                    error: error.as_deref().map(short),
                    channel,
                    from,
                    to,
                }),
                // Back, still POOR while the window holds the outage: stored as the
                // transition it is; the error is over.
                Change::Back { channel, from, to } => tick.transitions.push(Transition {
                    error: None,
                    channel,
                    from: Some(from),
                    to,
                }),
                Change::Anomaly { channel, text } => tick.anomalies.push((channel, short(&text))),
                Change::FirstData {
                    primary, fallback, ..
                }
                | Change::Primary {
                    to: primary,
                    fallback,
                    ..
                } => {
                    tick.routing = Some(RoutingChange {
                        primary,
                        fallback,
                        reason: s.routing.reason.clone(),
                    })
                }
                Change::Fallback { to, .. } => {
                    tick.routing = Some(RoutingChange {
                        primary: s.routing.recommended_primary.clone(),
                        fallback: to,
                        reason: s.routing.reason.clone(),
                    })
                }
                _ => {}
            }
        }
    }

    fn rows(&self, s: &Snapshot, at_ms: i64, tick: &mut Tick) {
        let span = self
            .last_at_ms
            .map_or(self.interval_ms, |t| at_ms - t)
            .clamp(0, MAX_SPAN_MS.max(self.interval_ms));
        tick.channels.reserve(s.channels.len());
        for c in &s.channels {
            let d = &c.details;
            tick.channels.push(ChannelTick {
                channel: c.name().to_string(),
                health: c.eval.health,
                availability: c.eval.input.availability.get(),
                mean_ms: (!d.no_latency).then(|| c.eval.input.mean_latency_ms.get()),
                p95_ms: d.p95_latency_ms.map(|n| n.get()),
                span_ms: span,
                last_error: error(c),
            });
        }
    }
}

/// A channel's newest error while it is not healthy, shortened.
fn error(c: &crate::snapshot::ChannelView) -> Option<String> {
    if c.eval.health.is_healthy() {
        return None;
    }
    c.details.last_error.as_deref().map(short)
}

/// The first `ERROR_CHARS` characters of an error, on one line.
fn short(e: &str) -> String {
    let line = e.lines().next().unwrap_or_default();
    match line.char_indices().nth(ERROR_CHARS) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::monitor::{ChannelMeta, Monitor, MonitorSettings, Observation};
    use crate::snapshot::{LiveInfo, PollerState, SourceInfo};
    use std::time::Duration;

    /// A monitor over `names` with the demo's settings.
    pub(crate) fn monitor(names: &[&str]) -> Monitor {
        let cfg = crate::config::Config::demo();
        let settings = MonitorSettings {
            keep_history: false,
            ..crate::poller::settings(&cfg)
        };
        let metas = names
            .iter()
            .map(|n| ChannelMeta {
                name: n.to_string(),
                ..ChannelMeta::default()
            })
            .collect();
        Monitor::new(settings, metas, SourceInfo::default())
    }

    /// One round at `at_ms`: each channel ok with `latency`, or failed when `None`.
    pub(crate) fn round(
        m: &mut Monitor,
        rounds: u64,
        at_ms: i64,
        results: &[(&str, Option<f64>)],
    ) -> Snapshot {
        for (name, lat) in results {
            m.ingest(&Observation {
                at_ms,
                channel: name.to_string(),
                ok: lat.is_some(),
                latency_ms: *lat,
                error: lat.is_none().then(|| "connection refused".to_string()),
                status: None,
                region: None,
                cost_per_1k_tokens: None,
            });
        }
        m.snapshot(
            at_ms,
            Some(LiveInfo {
                poller: PollerState::Running,
                interval: Duration::from_secs(5),
                rounds,
                at_ms,
                faults: Vec::new(),
                clock: crate::base::clock::Clock::new(),
            }),
        )
    }

    #[test]
    fn only_new_rounds_make_rows_and_only_changes_make_events() {
        let mut m = monitor(&["a", "b"]);
        let mut t = Tracker::default();
        let first = round(&mut m, 1, 5_000, &[("a", Some(20.0)), ("b", Some(30.0))]);
        let tick = t.tick(&first).expect("a new round");
        assert_eq!(tick.channels.len(), 2);
        assert_eq!(tick.channels[0].span_ms, 5_000, "first row: one interval");
        assert!(
            tick.transitions.is_empty(),
            "healthy at first sight is no event"
        );
        assert!(tick.routing.is_some(), "the first primary is recorded");
        assert_eq!(t.tick(&first), None, "the same round again adds nothing");
        let mut later = round(&mut m, 2, 10_000, &[("a", Some(20.0)), ("b", Some(30.0))]);
        let tick = t.tick(&later).unwrap();
        assert_eq!(tick.channels[1].mean_ms, Some(30.0));
        assert_eq!((&tick.routing, &tick.transitions), (&None, &vec![]));
        later.live.as_mut().unwrap().rounds = 2;
        assert_eq!(t.tick(&later), None);
    }

    #[test]
    fn a_channel_going_down_is_a_transition_with_its_error() {
        let mut m = monitor(&["a", "b"]);
        let mut t = Tracker::default();
        t.tick(&round(
            &mut m,
            1,
            5_000,
            &[("a", Some(90.0)), ("b", Some(90.0))],
        ));
        let mut down = None;
        for i in 2..6 {
            let s = round(
                &mut m,
                i,
                i as i64 * 5_000,
                &[("a", None), ("b", Some(90.0))],
            );
            let tick = t.tick(&s).unwrap();
            if let Some(tr) = tick.transitions.iter().find(|x| x.to == Health::Offline) {
                down = Some((tr.clone(), tick.channels[0].down_ms()));
            }
        }
        let (tr, down_ms) = down.expect("a went OFFLINE");
        assert_eq!(tr.channel, "a");
        assert_eq!(tr.error.as_deref(), Some("connection refused"));
        assert_eq!(down_ms, 5_000);
    }

    #[test]
    fn rounds_closer_than_an_interval_record_changes_but_no_rows() {
        let mut m = monitor(&["a"]);
        let mut t = Tracker::default();
        t.tick(&round(&mut m, 1, 5_000, &[("a", Some(20.0))]));
        let quick = t.tick(&round(&mut m, 2, 5_300, &[("a", None)])).unwrap();
        assert!(quick.channels.is_empty(), "300 ms later: no rows");
        assert_eq!(quick.transitions.len(), 1, "but the change at once");
        let tick = t.tick(&round(&mut m, 3, 10_000, &[("a", None)])).unwrap();
        assert_eq!(tick.channels.len(), 1);
        assert_eq!(tick.channels[0].span_ms, 5_000);
    }

    #[test]
    fn long_errors_are_cut_to_one_short_line() {
        let long = format!("{}\nsecond line", "x".repeat(500));
        let s = short(&long);
        assert_eq!(s.chars().count(), ERROR_CHARS + 1);
        assert!(!s.contains('\n'));
    }
}
