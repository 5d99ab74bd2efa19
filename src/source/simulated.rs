//! The demo's simulated probe: a deterministic latency/failure model per channel, driven
//! by the sample time, with scripted incidents so a new user sees routing react.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;

use crate::config::{IncidentKind, SimSpec};

use super::probe::{BoxFuture, Probe, ProbeOutcome};

/// SplitMix64: a tiny, well-mixed hash; good enough for simulated noise.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Uniform in [0, 1) from a hash.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// A stable seed for a channel name (FNV-1a).
pub fn seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// A simulated channel's run-time state, shared by its probe and the demo's restart
/// action: a restart ends the scripted incident in progress, as restarting a real
/// service ends an outage.
#[derive(Debug)]
pub struct SimState {
    restart_pending: AtomicBool,
    /// Probe time of the first probe after the last restart (`i64::MIN`: never).
    restarted_at_ms: AtomicI64,
}

impl Default for SimState {
    fn default() -> Self {
        SimState {
            restart_pending: AtomicBool::new(false),
            restarted_at_ms: AtomicI64::new(i64::MIN),
        }
    }
}

impl SimState {
    /// The service was restarted: the next probe sees it fresh.
    pub fn restart(&self) {
        self.restart_pending.store(true, Ordering::SeqCst);
    }

    /// When the incidents in progress were ended, as seen from a probe at `at_ms`.
    pub fn restarted_at(&self, at_ms: i64) -> Option<i64> {
        if self.restart_pending.swap(false, Ordering::SeqCst) {
            self.restarted_at_ms.store(at_ms, Ordering::SeqCst);
        }
        let at = self.restarted_at_ms.load(Ordering::SeqCst);
        (at != i64::MIN).then_some(at)
    }
}

/// The incident active at `at_ms`, if any; an occurrence that was in progress at a
/// restart is over.
fn active_incident(spec: &SimSpec, at_ms: i64, restarted_at: Option<i64>) -> Option<IncidentKind> {
    spec.incidents.iter().find_map(|i| {
        let every = i.every.as_millis() as i64;
        let t = at_ms.rem_euclid(every.max(1));
        let start = i.offset.as_millis() as i64;
        let active = t >= start && t < start + i.duration.as_millis() as i64;
        let began = at_ms - (t - start);
        let healed = restarted_at.is_some_and(|r| r >= began && r <= at_ms);
        (active && !healed).then_some(i.kind)
    })
}

/// One simulated probe result at `at_ms`: same inputs, same result.
pub fn simulate(spec: &SimSpec, seed: u64, at_ms: i64, restarted_at: Option<i64>) -> ProbeOutcome {
    let h = mix(seed ^ at_ms as u64);
    let (u1, u2, u3) = (unit(h), unit(mix(h)), unit(mix(h ^ 0xA5A5)));
    let incident = active_incident(spec, at_ms, restarted_at);
    if incident == Some(IncidentKind::Outage) {
        return ProbeOutcome::failed(0.0, "connection refused (simulated outage)");
    }
    if u1 < spec.error_rate {
        return ProbeOutcome {
            status: Some(503),
            ..ProbeOutcome::failed(spec.latency_ms, "HTTP 503 Service Unavailable (simulated)")
        };
    }
    // Sum of two uniforms: a cheap bell shape around the typical latency.
    let mut latency = spec.latency_ms + spec.jitter_ms * (u2 + u3 - 1.0) * 1.5;
    if let Some(IncidentKind::Slow { factor }) = incident {
        latency *= factor;
    }
    // A spike adds to a slow spell rather than being multiplied by it: one unlucky probe
    // must not weigh like a minute of the spell.
    if u3 < spec.spike_chance {
        latency += spec.spike_ms * (0.6 + u2);
    }
    ProbeOutcome::ok((latency.max(1.0) * 100.0).round() / 100.0, Some(200))
}

/// The probe of a simulated channel: a function of the clock and of its restarts.
pub(super) struct SimulatedProbe {
    pub(super) spec: SimSpec,
    pub(super) seed: u64,
    pub(super) state: Arc<SimState>,
}

impl Probe for SimulatedProbe {
    fn run(&self, at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        let restarted = self.state.restarted_at(at_ms);
        let outcome = simulate(&self.spec, self.seed, at_ms, restarted);
        Box::pin(std::future::ready(outcome))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Incident;
    use std::time::Duration;

    fn spec() -> SimSpec {
        SimSpec {
            latency_ms: 200.0,
            jitter_ms: 20.0,
            spike_chance: 0.05,
            spike_ms: 800.0,
            error_rate: 0.01,
            incidents: vec![Incident {
                every: Duration::from_secs(60),
                offset: Duration::from_secs(10),
                duration: Duration::from_secs(5),
                kind: IncidentKind::Outage,
            }],
        }
    }

    #[test]
    fn deterministic_and_realistic() {
        let s = spec();
        assert_eq!(simulate(&s, 7, 1234, None), simulate(&s, 7, 1234, None));
        let outside: Vec<_> = (0..2000)
            .map(|i| simulate(&s, 7, 60_000 * i + 30_000, None))
            .collect();
        let ok: Vec<f64> = outside
            .iter()
            .filter(|o| o.ok)
            .map(|o| o.latency_ms)
            .collect();
        let fail_rate = 1.0 - ok.len() as f64 / outside.len() as f64;
        assert!(fail_rate < 0.03, "error rate {fail_rate}");
        let mean = ok.iter().sum::<f64>() / ok.len() as f64;
        assert!((200.0..280.0).contains(&mean), "mean {mean}");
        assert!(ok.iter().any(|&l| l > 600.0), "some spikes");
    }

    #[test]
    fn scripted_outage_fails_every_probe_in_its_slot() {
        let s = spec();
        for t in [10_000, 12_000, 14_999, 70_000] {
            assert!(!simulate(&s, 1, t, None).ok, "t={t}");
        }
        assert_eq!(active_incident(&s, 15_000, None), None);
        assert_eq!(active_incident(&s, 9_999, None), None);
    }

    #[test]
    fn a_restart_ends_the_incident_in_progress_only() {
        let s = spec();
        let state = SimState::default();
        assert!(!simulate(&s, 1, 11_000, state.restarted_at(11_000)).ok);
        state.restart();
        assert_eq!(state.restarted_at(12_000), Some(12_000));
        assert!(simulate(&s, 1, 12_000, state.restarted_at(12_000)).ok || s.error_rate > 0.0);
        assert_eq!(active_incident(&s, 13_000, Some(12_000)), None);
        // The next occurrence, a minute later, happens as scripted.
        assert_eq!(
            active_incident(&s, 71_000, Some(12_000)),
            Some(IncidentKind::Outage)
        );
    }
}

#[cfg(test)]
mod demo_tests {
    use super::*;
    use crate::config::{Config, ProbeSpec};
    use crate::monitor::{ChannelMeta, Monitor};
    use crate::poller::settings;
    use crate::snapshot::SourceInfo;
    use std::collections::BTreeSet;

    /// Ten minutes of the embedded demo in virtual time: the scripted incidents must make
    /// routing and recovery visibly react, and things must return to normal.
    #[test]
    fn demo_incidents_move_routing_and_recovery() {
        let cfg = Config::demo();
        let metas = cfg
            .channels
            .iter()
            .map(|c| ChannelMeta {
                name: c.name.clone(),
                ..ChannelMeta::default()
            })
            .collect();
        let mut m = Monitor::new(settings(&cfg), metas, SourceInfo::default());
        let start: i64 = 1_764_000_000_000;
        let step = cfg.poll.interval.as_millis() as i64;
        let (mut primaries, mut recovery_seen, mut calm_seen) = (BTreeSet::new(), false, false);
        for k in 0..300 {
            let at = start + k * step;
            for ch in &cfg.channels {
                let ProbeSpec::Simulated(spec) = &ch.probe else {
                    panic!("demo is simulated")
                };
                let o = simulate(spec, seed(&ch.name), at, None);
                m.ingest(&o.into_observation(at, ch.name.clone()));
            }
            let s = m.snapshot(at, None);
            if k > 60 {
                // Routing holds its primary through Local's slow spells (hysteresis: Cloud
                // is never better by the margin), so the visible move is the fallback:
                // Cloud while the Gateway is out, the Gateway again once it is back and
                // faster by the margin.
                primaries.insert((
                    s.routing.recommended_primary.clone(),
                    s.routing.recommended_fallback.clone(),
                ));
                recovery_seen |= s.recovery.should_trigger;
                calm_seen |= !s.recovery.should_trigger;
            }
        }
        assert!(primaries.len() >= 2, "routing never changed: {primaries:?}");
        assert!(recovery_seen, "recovery never triggered");
        assert!(calm_seen, "recovery never cleared");
    }
}
