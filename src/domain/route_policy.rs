//! Routing policies for live and replay (docs/routing.md): how each one ranks the core
//! channels, the margin that keeps its choice still, and the sentence that explains it.
//!
//! Every policy is reduced to one comparable [`Standing`] per channel — a tier (lower is
//! better; a better tier wins outright) and a value inside the tier (lower is better, and
//! must be lower by the policy's margin to count). The one hysteresis of
//! `monitor/steady.rs` works on standings, so every policy, and the fallback as well as
//! the primary, holds still the same way. Metrics files keep the bridge's rule bit for bit.

use std::fmt::Write as _;

use super::{ChannelEval, Health};

/// A channel's place in a tier that outranks every other tier: OFFLINE, never chosen
/// while anything else is up.
const DOWN_TIER: u32 = 10_000;
/// Where a ceiling policy puts channels that are up but not eligible by their ceiling
/// (or not listed): after every eligible entry, ranked among themselves by health class.
const UNLISTED_TIER: u32 = 1_000;

/// One `ceilings` entry: the channel is primary when it is up and under `max_latency_ms`;
/// without a maximum it is the last resort.
#[derive(Debug, Clone, PartialEq)]
pub struct Ceiling {
    pub channel: String,
    pub max_latency_ms: Option<f64>,
}

/// The weights of `"balanced"`: each term is dimensionless (see [`Scorer`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub latency: f64,
    pub cost: f64,
    pub availability: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            latency: 1.0,
            cost: 1.0,
            availability: 1.0,
        }
    }
}

/// `[routing] policy` and its settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RoutePolicy {
    /// The health ranking of docs/rules.md (priority, then mean latency).
    #[default]
    Health,
    /// The replaced IntentRouter: the first listed channel that is up and under its ceiling.
    Ceiling(Vec<Ceiling>),
    /// Latency, cost and availability traded by weights.
    Balanced(Weights),
    /// The best healthy channel of the first region in the list that has one.
    Region(Vec<String>),
}

impl RoutePolicy {
    pub fn name(&self) -> &'static str {
        match self {
            RoutePolicy::Health => "health",
            RoutePolicy::Ceiling(_) => "ceiling",
            RoutePolicy::Balanced(_) => "balanced",
            RoutePolicy::Region(_) => "region",
        }
    }
}

/// What a policy does, in a few words (confirmations and help).
pub fn summary(name: &str) -> &'static str {
    match name {
        "health" => "the health ranking (priority, then mean latency)",
        "ceiling" => "the first listed channel that is up and under its latency ceiling",
        "balanced" => "latency, cost and availability traded by weights",
        "region" => "the best healthy channel of the first region that has one",
        _ => "not a routing policy",
    }
}

/// Why `name` cannot be switched to, given the policies the config describes: not a
/// policy, or one whose settings are missing.
pub fn unavailable(name: &str, available: &[&str]) -> String {
    if available.is_empty() {
        return "this source has no routing policy to switch (a config's [routing] has)".into();
    }
    let needs = match name {
        "ceiling" => "; it needs [routing] ceilings in the config",
        "region" => "; it needs [routing] region_order in the config",
        _ => "",
    };
    format!(
        "no routing policy {name:?} to switch to{needs} (available: {})",
        available.join(", ")
    )
}

/// A task class (`[[routing.task]]`) routed by a policy of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub name: String,
    pub route: RoutePolicy,
}

/// What a policy reads about a channel besides its evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChannelTraits {
    pub region: Option<String>,
    pub cost_per_1k_tokens: Option<f64>,
    /// The window's mean without its slowest 5 %: what channels are compared by, so that
    /// a rare spike in a window's mean does not move traffic. `None`: the mean.
    pub typical_ms: Option<f64>,
    /// `[routing] predictive`: the worse health the channel's forecast reaches soon, so
    /// traffic leaves it before it gets there. Never OFFLINE: a guess never takes a
    /// channel down, and status and recovery read only the health it has.
    pub predicted: Option<Health>,
}

/// A channel's rank under a policy: tier first, then value; both lower is better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub tier: u32,
    pub value: f64,
}

/// Whether a standing is judged as the channel holding the role or as a challenger to it:
/// a challenger must clear a ceiling by the margin, the holder only stay under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Holder,
    Challenger,
}

/// The relative part of the margin a challenger must beat the holder by (20 %).
const MARGIN_RATIO: f64 = 0.2;
/// Its floor for latency values, in ms.
const MARGIN_MS: f64 = 20.0;
/// The balanced score's margin: 10 % of the holder's score, at least 0.05.
const SCORE_RATIO: f64 = 0.1;
const SCORE_FLOOR: f64 = 0.05;
/// A ceiling is cleared by a challenger only under max − max(10 %, 20 ms).
const CEILING_RATIO: f64 = 0.1;

/// A channel's position in the evaluation and its standing, if any.
type Ranked = Option<(usize, Standing)>;

/// Ranks the channels of one evaluation under one policy.
pub struct Scorer<'a> {
    policy: &'a RoutePolicy,
    traits: &'a [ChannelTraits],
    /// Balanced: the lowest mean latency of a core channel that is up (at least 1 ms).
    best_ms: f64,
    /// Balanced: the highest known cost of a core channel (0 when none is known).
    max_cost: f64,
}

impl<'a> Scorer<'a> {
    /// `traits` lines up with `channels` by position (empty: nothing known).
    pub fn new(
        policy: &'a RoutePolicy,
        channels: &[ChannelEval],
        traits: &'a [ChannelTraits],
    ) -> Self {
        let mut best_ms = f64::INFINITY;
        let mut max_cost: f64 = 0.0;
        // Only the balanced score reads these; every tick of a 10,000-channel replay
        // builds a scorer for the bridge's explain sentence, so the others skip the scan.
        let scan = if matches!(policy, RoutePolicy::Balanced(_)) {
            channels
        } else {
            &[]
        };
        for (i, c) in scan.iter().enumerate() {
            if c.input.optional {
                continue;
            }
            if c.health != Health::Offline {
                best_ms = best_ms.min(latency(traits.get(i), c));
            }
            if let Some(cost) = traits.get(i).and_then(|t| t.cost_per_1k_tokens) {
                max_cost = max_cost.max(cost);
            }
        }
        Scorer {
            policy,
            traits,
            best_ms: if best_ms.is_finite() {
                best_ms.max(1.0)
            } else {
                1.0
            },
            max_cost,
        }
    }

    pub fn policy(&self) -> &RoutePolicy {
        self.policy
    }

    fn traits(&self, i: usize) -> Option<&ChannelTraits> {
        self.traits.get(i)
    }

    /// The channel at position `i` of the evaluation, ranked in `role`.
    pub fn standing(&self, i: usize, c: &ChannelEval, role: Role) -> Standing {
        let mean = latency(self.traits(i), c);
        if c.health == Health::Offline {
            return Standing {
                tier: DOWN_TIER,
                value: mean,
            };
        }
        let predicted = self.predicted(i, c);
        match self.policy {
            RoutePolicy::Health => Standing {
                // The IMPROVING bonus (priority 1) is a latency hint that noise flips: it
                // ranks with EXCELLENT/GOOD, and the mean margin covers it.
                tier: u32::from(c.routing_priority.max(2)).max(predicted.map_or(0, class_priority)),
                value: mean,
            },
            RoutePolicy::Ceiling(list) => ceiling_standing(list, c, role),
            RoutePolicy::Balanced(w) => Standing {
                tier: health_tier(predicted.unwrap_or(c.health)),
                value: self.score(i, c, w),
            },
            RoutePolicy::Region(order) => {
                let region = self.traits(i).and_then(|t| t.region.as_deref());
                let place = region
                    .and_then(|r| order.iter().position(|o| o == r))
                    .unwrap_or(order.len()) as u32;
                Standing {
                    tier: health_tier(predicted.unwrap_or(c.health)) * 100 + place,
                    value: mean,
                }
            }
        }
    }

    /// The predicted health when it is worse than the health the channel has now (and it
    /// is not down): what `predictive` ranks it by.
    fn predicted(&self, i: usize, c: &ChannelEval) -> Option<Health> {
        self.traits(i)
            .and_then(|t| t.predicted)
            .map(|h| h.min(Health::Poor))
            .filter(|&h| h > c.health && c.health != Health::Offline)
    }

    /// Balanced: latency relative to the fastest up channel (1 = the fastest), cost
    /// relative to the dearest (1 = the dearest; unknown counts as the dearest, so a
    /// missing price never looks cheap), and unavailability in steps of 5 % (1 = 95 %).
    fn score(&self, i: usize, c: &ChannelEval, w: &Weights) -> f64 {
        let latency = latency(self.traits(i), c) / self.best_ms;
        let cost = match (
            self.traits(i).and_then(|t| t.cost_per_1k_tokens),
            self.max_cost,
        ) {
            (_, m) if m <= 0.0 => 0.0,
            (Some(cost), m) => cost / m,
            (None, _) => 1.0,
        };
        let unavailable = (100.0 - c.input.availability.get()).max(0.0) / 5.0;
        w.latency * latency + w.cost * cost + w.availability * unavailable
    }

    /// Whether `cand` beats `held` by more than noise, in the policy's own terms.
    pub fn better_by_margin(&self, cand: Standing, held: Standing) -> bool {
        if cand.tier != held.tier {
            return cand.tier < held.tier;
        }
        let margin = match self.policy {
            RoutePolicy::Balanced(_) => (held.value * SCORE_RATIO).max(SCORE_FLOOR),
            _ => (held.value * MARGIN_RATIO).max(MARGIN_MS),
        };
        cand.value < held.value - margin
    }

    /// The best two core channels by standing (ties keep the input order), skipping
    /// `except`: the policy's own pick before any hysteresis.
    pub fn best_two(
        &self,
        channels: &[ChannelEval],
        except: Option<&str>,
    ) -> (Option<usize>, Option<usize>) {
        let mut best: (Ranked, Ranked) = (None, None);
        let before = |s: Standing, o: Ranked| {
            o.is_none_or(|(_, o)| s.tier < o.tier || (s.tier == o.tier && s.value < o.value))
        };
        for (i, c) in channels.iter().enumerate() {
            if c.input.optional || Some(c.input.name.as_str()) == except {
                continue;
            }
            let s = self.standing(i, c, Role::Holder);
            if before(s, best.0) {
                best.1 = best.0;
                best.0 = Some((i, s));
            } else if before(s, best.1) {
                best.1 = Some((i, s));
            }
        }
        (best.0.map(|b| b.0), best.1.map(|b| b.0))
    }

    /// One sentence: the policy, the numbers that decided, the choice and the runner-up.
    pub fn explain(
        &self,
        channels: &[ChannelEval],
        primary: Option<usize>,
        runner_up: Option<usize>,
    ) -> String {
        let name = self.policy.name();
        let Some(p) = primary else {
            return format!("{name}: no core channel to route to");
        };
        let chosen = &channels[p].input.name;
        let mut s = format!("{name}: ");
        match self.policy {
            RoutePolicy::Ceiling(list) => self.explain_ceilings(&mut s, list, channels, p),
            _ => {
                let _ = write!(s, "{}", self.describe(p, &channels[p]));
            }
        }
        let _ = write!(s, " → {chosen}");
        if let Some(r) = runner_up.filter(|&r| r != p) {
            let _ = match self.policy {
                RoutePolicy::Ceiling(_) => write!(s, "; runner-up {}", channels[r].input.name),
                _ => write!(s, "; runner-up {}", self.describe(r, &channels[r])),
            };
        }
        s
    }

    /// A channel's deciding numbers under the policy, and the health it is ranked by when
    /// that is a prediction.
    fn describe(&self, i: usize, c: &ChannelEval) -> String {
        let mut s = self.numbers(i, c);
        if let Some(h) = self.predicted(i, c) {
            if !matches!(self.policy, RoutePolicy::Ceiling(_)) {
                let _ = write!(s, ", predicted {h}");
            }
        }
        s
    }

    fn numbers(&self, i: usize, c: &ChannelEval) -> String {
        let n = &c.input.name;
        let ms = c.input.mean_latency_ms;
        match self.policy {
            RoutePolicy::Balanced(w) => {
                let ms = crate::domain::Num::round2(latency(self.traits(i), c));
                let cost = self
                    .traits(i)
                    .and_then(|t| t.cost_per_1k_tokens)
                    .map_or("cost unknown".to_string(), |c| format!("${c}/1k"));
                format!(
                    "{n} score {:.2} ({ms} ms, {cost}, {}%)",
                    self.score(i, c, w),
                    c.input.availability
                )
            }
            RoutePolicy::Region(_) => {
                let region = self
                    .traits(i)
                    .and_then(|t| t.region.as_deref())
                    .unwrap_or("no region");
                format!("{n} {} {ms} ms in {region}", c.health)
            }
            _ => format!("{n} {} {ms} ms", c.health),
        }
    }

    /// The ceilings read in order up to the chosen channel: "Gateway 412 ms ≥ 300 ms,
    /// Cloud 231 ms < 500 ms".
    fn explain_ceilings(
        &self,
        s: &mut String,
        list: &[Ceiling],
        channels: &[ChannelEval],
        p: usize,
    ) {
        let chosen = &channels[p].input.name;
        let mut first = true;
        for entry in list {
            let Some(c) = channels.iter().find(|c| c.input.name == entry.channel) else {
                continue;
            };
            if !first {
                s.push_str(", ");
            }
            first = false;
            let ms = c.input.mean_latency_ms;
            let _ = match (c.health, entry.max_latency_ms) {
                (Health::Offline, _) => write!(s, "{} OFFLINE", c.input.name),
                (_, None) => write!(s, "{} {ms} ms (last resort)", c.input.name),
                (_, Some(max)) if ms.get() < max => {
                    write!(s, "{} {ms} ms < {max} ms", c.input.name)
                }
                (_, Some(max)) => write!(s, "{} {ms} ms ≥ {max} ms", c.input.name),
            };
            if &entry.channel == chosen {
                return;
            }
        }
        if first || !list.iter().any(|e| &e.channel == chosen) {
            let _ = write!(
                s,
                "{}no listed channel is eligible, best by health {}",
                if first { "" } else { "; " },
                self.describe(p, &channels[p])
            );
        }
    }
}

/// What channels are compared by: the typical latency where the window gave one, else
/// the mean.
fn latency(traits: Option<&ChannelTraits>, c: &ChannelEval) -> f64 {
    traits
        .and_then(|t| t.typical_ms)
        .unwrap_or_else(|| c.input.mean_latency_ms.get())
}

/// The routing priority of a health class (docs/rules.md) without the trend bonus, which
/// a prediction has no part in.
fn class_priority(h: Health) -> u32 {
    match h {
        Health::Excellent | Health::Good => 2,
        Health::Degraded => 3,
        Health::Poor => 4,
        Health::Offline => 5,
    }
}

/// Healthy first, then DEGRADED, then POOR (OFFLINE is handled before).
fn health_tier(h: Health) -> u32 {
    match h {
        Health::Excellent | Health::Good => 0,
        Health::Degraded => 1,
        _ => 2,
    }
}

fn ceiling_standing(list: &[Ceiling], c: &ChannelEval, role: Role) -> Standing {
    let mean = c.input.mean_latency_ms.get();
    let class = Standing {
        tier: UNLISTED_TIER + u32::from(c.routing_priority.max(2)),
        value: mean,
    };
    let Some(place) = list.iter().position(|e| e.channel == c.input.name) else {
        return class;
    };
    let eligible = match list[place].max_latency_ms {
        None => true,
        Some(max) => {
            let limit = match role {
                Role::Holder => max,
                Role::Challenger => max - (max * CEILING_RATIO).max(MARGIN_MS),
            };
            mean < limit
        }
    };
    if eligible {
        Standing {
            tier: place as u32,
            value: mean,
        }
    } else {
        class
    }
}

#[cfg(test)]
mod tests;
