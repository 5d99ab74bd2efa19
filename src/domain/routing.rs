//! The primary/fallback recommendation (docs/rules.md), from each channel's routing
//! priority (`health::priority`).

use std::fmt;

use serde::{Serialize, Serializer};

use super::route_policy::{RoutePolicy, Scorer};
use super::ChannelEval;

/// How the primary is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoutingMode {
    /// By health and latency (the default).
    #[default]
    Monitoring,
    /// The configured preference order, whatever the health.
    Static,
}

impl RoutingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RoutingMode::Monitoring => "monitoring",
            RoutingMode::Static => "static",
        }
    }
}

impl fmt::Display for RoutingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RoutingMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The routing recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routing {
    pub recommended_primary: Option<String>,
    pub recommended_fallback: Option<String>,
    pub fallback_channels: Vec<String>,
    pub mode: RoutingMode,
    /// One line an operator can read: why this primary.
    pub reason: String,
    /// The routing policy that chose (`[routing] policy`; metrics files: `health`).
    pub policy: &'static str,
    /// One sentence: the policy, the numbers that decided, the choice and the runner-up.
    pub explain: String,
    /// `[[routing.task]]`: each task class's own route (live and replay; absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskRoute>,
    /// Live sources only: why there is no fallback (an OFFLINE channel is never
    /// recommended). Absent otherwise, so metrics-file output is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_reason: Option<String>,
    /// Live and replay, when channels have a `region`: each region's channels, healthy
    /// count and pooled p95 (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<super::regions::RegionView>,
    /// Live from a config: the policies an operator may switch to at run time (absent
    /// otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<&'static str>,
    /// Who switched the policy at run time (`console`, `chatops`), while it is not the
    /// config's (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_set_by: Option<String>,
}

/// Where one task class goes (`routing.tasks[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskRoute {
    pub name: String,
    pub policy: &'static str,
    pub recommended_primary: Option<String>,
    pub recommended_fallback: Option<String>,
    pub explain: String,
}

impl TaskRoute {
    /// The task's part of a routing decision made for it.
    pub fn new(name: &str, r: Routing) -> Self {
        TaskRoute {
            name: name.to_string(),
            policy: r.policy,
            recommended_primary: r.recommended_primary,
            recommended_fallback: r.recommended_fallback,
            explain: r.explain,
        }
    }
}

/// The routing rule's order of two channels: priority first, then mean latency.
pub fn rule_order(a: &ChannelEval, b: &ChannelEval) -> std::cmp::Ordering {
    a.routing_priority.cmp(&b.routing_priority).then(
        a.input
            .mean_latency_ms
            .get()
            .total_cmp(&b.input.mean_latency_ms.get()),
    )
}

/// Recommends primary and fallback among `channels` (already in output order:
/// core then optional, each in file order).
pub fn route(channels: &[ChannelEval], mode: RoutingMode) -> Routing {
    let core: Vec<&ChannelEval> = channels.iter().filter(|c| !c.input.optional).collect();
    let (primary, second) = match mode {
        RoutingMode::Monitoring => best_two(&core),
        _ => (core.first().copied(), core.get(1).copied()),
    };
    let fallback = second.or(primary);
    let primary_name = primary.map(|c| c.input.name.clone());
    let explain = match mode {
        RoutingMode::Static => format!("static: {}", reason(primary, &core, mode)),
        _ => {
            let at = |c: Option<&ChannelEval>| {
                c.and_then(|c| channels.iter().position(|x| std::ptr::eq(x, c)))
            };
            Scorer::new(&RoutePolicy::Health, channels, &[]).explain(
                channels,
                at(primary),
                at(second),
            )
        }
    };
    let fallback_channels = channels
        .iter()
        .filter(|c| c.health.is_healthy() && Some(&c.input.name) != primary_name.as_ref())
        .map(|c| c.input.name.clone())
        .collect();
    Routing {
        reason: reason(primary, &core, mode),
        recommended_primary: primary_name,
        recommended_fallback: fallback.map(|c| c.input.name.clone()),
        fallback_channels,
        mode,
        policy: RoutePolicy::Health.name(),
        explain,
        tasks: Vec::new(),
        fallback_reason: None,
        regions: Vec::new(),
        policies: Vec::new(),
        policy_set_by: None,
    }
}

/// The first two of `core` in a stable sort by `rule_order` (ties keep file order, as
/// the seed's sorted() did), in one pass: replay sorts 10,000 channels every tick.
fn best_two<'a>(core: &[&'a ChannelEval]) -> (Option<&'a ChannelEval>, Option<&'a ChannelEval>) {
    let (mut best, mut second): (Option<&ChannelEval>, Option<&ChannelEval>) = (None, None);
    for &c in core {
        let before = |other: Option<&ChannelEval>| {
            other.is_none_or(|o| rule_order(c, o) == std::cmp::Ordering::Less)
        };
        if before(best) {
            second = best;
            best = Some(c);
        } else if before(second) {
            second = Some(c);
        }
    }
    (best, second)
}

fn reason(primary: Option<&ChannelEval>, core: &[&ChannelEval], mode: RoutingMode) -> String {
    let Some(p) = primary else {
        return "no core channel to route to".to_string();
    };
    let name = &p.input.name;
    let tied = core
        .iter()
        .filter(|c| c.routing_priority == p.routing_priority)
        .count();
    match mode {
        RoutingMode::Static => format!("{name} is first in the static preference order"),
        _ if core.len() == 1 => format!("{name} is the only core channel"),
        _ if tied == 1 => format!(
            "{name} has the best routing priority ({}, {})",
            p.routing_priority, p.health
        ),
        _ => format!(
            "{name} has the lowest mean latency ({} ms) of {tied} channels at priority {} ({})",
            p.input.mean_latency_ms, p.routing_priority, p.health
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::{priority, Health, Trend};
    use crate::domain::{evaluate_channels, ChannelInput, Thresholds};

    #[test]
    fn priority_table() {
        use Health::*;
        let table = [
            (Excellent, Trend::Improving, false, 1),
            (Excellent, Trend::Stable, false, 2),
            (Excellent, Trend::Degrading, false, 2),
            (Good, Trend::Improving, false, 2),
            (Good, Trend::Stable, false, 2),
            (Degraded, Trend::Improving, false, 3),
            (Poor, Trend::Stable, false, 4),
            (Offline, Trend::Stable, false, 5),
            (Excellent, Trend::Improving, true, 2),
            (Excellent, Trend::Stable, true, 3),
            (Good, Trend::Degrading, true, 3),
            (Degraded, Trend::Stable, true, 4),
            (Poor, Trend::Stable, true, 4),
            (Offline, Trend::Stable, true, 5),
        ];
        for (h, t, opt, want) in table {
            assert_eq!(priority(h, &t, opt), want, "{h} {t:?} optional={opt}");
        }
    }

    fn ch(name: &str, avail: f64, mean: f64, optional: bool) -> ChannelInput {
        ChannelInput::new(name, avail.into(), mean.into(), optional)
    }

    fn routed(inputs: Vec<ChannelInput>) -> Routing {
        route(
            &evaluate_channels(inputs, &Thresholds::default()),
            RoutingMode::Monitoring,
        )
    }

    #[test]
    fn sorts_by_priority_then_mean() {
        let r = routed(vec![
            ch("A", 92.0, 50.0, false),   // DEGRADED, 3
            ch("B", 100.0, 150.0, false), // GOOD, 2
            ch("C", 100.0, 120.0, false), // GOOD, 2, faster
        ]);
        assert_eq!(r.recommended_primary.as_deref(), Some("C"));
        assert_eq!(r.recommended_fallback.as_deref(), Some("B"));
        assert_eq!(r.fallback_channels, vec!["B"]);
        assert_eq!(
            r.reason,
            "C has the lowest mean latency (120.0 ms) of 2 channels at priority 2 (GOOD)"
        );
        let r = routed(vec![
            ch("A", 92.0, 50.0, false),
            ch("B", 100.0, 150.0, false),
        ]);
        assert_eq!(r.reason, "B has the best routing priority (2, GOOD)");
    }

    #[test]
    fn ties_keep_file_order() {
        let r = routed(vec![
            ch("Z", 100.0, 150.0, false),
            ch("A", 100.0, 150.0, false),
        ]);
        assert_eq!(r.recommended_primary.as_deref(), Some("Z"));
        assert_eq!(r.recommended_fallback.as_deref(), Some("A"));
    }

    #[test]
    fn single_core_channel_is_its_own_fallback() {
        let r = routed(vec![
            ch("Only", 100.0, 50.0, false),
            ch("Opt", 100.0, 10.0, true),
        ]);
        assert_eq!(r.recommended_primary.as_deref(), Some("Only"));
        assert_eq!(r.recommended_fallback.as_deref(), Some("Only"));
        assert_eq!(r.fallback_channels, vec!["Opt"]);
        assert_eq!(r.reason, "Only is the only core channel");
    }

    #[test]
    fn no_core_channel_gives_null_primary() {
        let r = routed(vec![ch("Opt", 100.0, 10.0, true)]);
        assert_eq!(r.recommended_primary, None);
        assert_eq!(r.recommended_fallback, None);
        assert_eq!(r.fallback_channels, vec!["Opt"]);
        let r = routed(vec![]);
        assert_eq!(r.recommended_primary, None);
        assert!(r.fallback_channels.is_empty());
    }

    #[test]
    fn optional_channel_is_never_primary_even_when_best() {
        let r = routed(vec![
            ch("Slow", 91.0, 900.0, false),
            ch("Fast", 100.0, 5.0, true),
        ]);
        assert_eq!(r.recommended_primary.as_deref(), Some("Slow"));
        assert_eq!(r.fallback_channels, vec!["Fast"]);
    }

    #[test]
    fn fallback_list_holds_only_healthy_non_primary_in_file_order() {
        let r = routed(vec![
            ch("D", 92.0, 50.0, false),   // DEGRADED
            ch("G1", 97.0, 150.0, false), // GOOD
            ch("E", 100.0, 20.0, false),  // EXCELLENT -> primary
            ch("O", 0.0, 20.0, false),    // OFFLINE
            ch("G2", 97.0, 180.0, false), // GOOD
        ]);
        assert_eq!(r.recommended_primary.as_deref(), Some("E"));
        assert_eq!(r.fallback_channels, vec!["G1", "G2"]);
    }

    #[test]
    fn static_mode_follows_file_order() {
        let inputs = vec![
            ch("Slow", 91.0, 900.0, false),
            ch("Fast", 100.0, 5.0, false),
        ];
        let r = route(
            &evaluate_channels(inputs, &Thresholds::default()),
            RoutingMode::Static,
        );
        assert_eq!(r.recommended_primary.as_deref(), Some("Slow"));
        assert_eq!(r.recommended_fallback.as_deref(), Some("Fast"));
        assert_eq!(r.mode, RoutingMode::Static);
        // The reason cites file order, not health, even
        // when the first channel also happens to be the healthiest or the only one.
        assert_eq!(r.reason, "Slow is first in the static preference order");
        let only = route(
            &evaluate_channels(vec![ch("Fast", 100.0, 5.0, false)], &Thresholds::default()),
            RoutingMode::Static,
        );
        assert_eq!(only.reason, "Fast is first in the static preference order");
    }

    #[test]
    fn mode_labels() {
        assert_eq!(RoutingMode::Monitoring.to_string(), "monitoring");
        assert_eq!(RoutingMode::Static.as_str(), "static");
        assert_eq!(RoutingMode::Static.to_string(), "static");
    }

    /// The one-pass pick equals the first two of the stable sort it replaced, ties and
    /// all (few distinct values so that ties are common).
    #[test]
    fn best_two_matches_a_stable_sort() {
        use proptest::prelude::*;
        let values = proptest::collection::vec((0u8..4, 0u8..4), 0..12);
        proptest!(|(v in values)| {
            let inputs = v.iter().enumerate().map(|(i, &(a, m))| {
                let avail = [0.0, 85.0, 92.0, 100.0][a as usize];
                ch(&format!("c{i}"), avail, 50.0 * f64::from(m), false)
            });
            let evals = evaluate_channels(inputs.collect(), &Thresholds::default());
            let core: Vec<&ChannelEval> = evals.iter().collect();
            let mut sorted = core.clone();
            sorted.sort_by(|a, b| rule_order(a, b));
            let (p, f) = best_two(&core);
            prop_assert_eq!(p.map(|c| c.name()), sorted.first().map(|c| c.name()));
            prop_assert_eq!(f.map(|c| c.name()), sorted.get(1).map(|c| c.name()));
        });
    }
}
