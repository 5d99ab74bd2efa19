//! Applying the routing decision to a gateway (docs/routing.md, "Applying routes"): the
//! order a target's channels get, and whether a change to a target is due now. Pure: the
//! adapters that read and write a LiteLLM proxy, a file or a webhook live beside the
//! recovery executor and ask these questions.

pub mod litellm_yaml;

use serde::Serialize;
use std::cmp::Ordering;

use super::{ChannelEval, Health, Routing};

/// A target's channels ranked: the recommended primary 1, the fallback 2, the rest by
/// routing priority, then mean latency, then the order given; OFFLINE channels last.
/// `mapped` lists the target's channels in config order; channels the evaluation does not
/// know keep their config order after the known ones.
pub fn order(channels: &[ChannelEval], routing: &Routing, mapped: &[String]) -> Vec<String> {
    let rank = |name: &str| -> (u8, u8, f64) {
        let Some(c) = channels.iter().find(|c| c.input.name == name) else {
            return (3, u8::MAX, f64::INFINITY);
        };
        let role = if c.health == Health::Offline {
            3
        } else if routing.recommended_primary.as_deref() == Some(name) {
            0
        } else if routing.recommended_fallback.as_deref() == Some(name) {
            1
        } else {
            2
        };
        (role, c.routing_priority, c.input.mean_latency_ms.get())
    };
    let mut ranked: Vec<(usize, (u8, u8, f64))> =
        mapped.iter().map(|n| rank(n)).enumerate().collect();
    // A stable sort keeps the config order among equals.
    ranked.sort_by(|a, b| {
        a.1 .0
            .cmp(&b.1 .0)
            .then(a.1 .1.cmp(&b.1 .1))
            .then(a.1 .2.partial_cmp(&b.1 .2).unwrap_or(Ordering::Equal))
    });
    ranked.into_iter().map(|(i, _)| mapped[i].clone()).collect()
}

/// What the guard knows about one target between evaluations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetState {
    /// The target's order as last read back (first = where its traffic goes).
    pub current: Vec<String>,
    /// When a change was last applied (verified or not), in ms.
    pub last_change_ms: Option<i64>,
    /// When a change last failed (and was rolled back), in ms.
    pub last_failure_ms: Option<i64>,
}

/// The guard's settings (`[routing] min_interval`, and the evaluation window).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApplyRules {
    pub min_interval_ms: i64,
    /// No change before one full window since start: the first evaluations judge a window
    /// that is not full yet.
    pub window_ms: i64,
    pub started_at_ms: i64,
}

/// Whether to change a target now, and why (the reason is audited and shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Write `order`.
    Change { order: Vec<String>, reason: String },
    /// Nothing to do, or not yet: the reason says which.
    Wait(String),
}

/// The decision for one target: a change is due when its first channel is not the
/// recommended primary, or its second is down while the recommended fallback is not —
/// never within the first window, at most once per `min_interval` unless the current
/// first channel is OFFLINE or POOR, and never within `min_interval` of a failed change.
pub fn due(
    rules: &ApplyRules,
    state: &TargetState,
    channels: &[ChannelEval],
    routing: &Routing,
    wanted: Vec<String>,
    now_ms: i64,
) -> Due {
    let health = |name: &str| {
        channels
            .iter()
            .find(|c| c.input.name == name)
            .map(|c| c.health)
    };
    let down = |name: Option<&String>| {
        name.and_then(|n| health(n))
            .is_some_and(|h| matches!(h, Health::Offline | Health::Poor))
    };
    let Some(primary) = routing.recommended_primary.as_deref() else {
        return Due::Wait("no recommended primary".into());
    };
    let first = state.current.first();
    let second = state.current.get(1);
    let reason = if first.map(String::as_str) != Some(primary) {
        format!(
            "first channel {} is not the recommended primary {primary}",
            first.map_or("(none)", String::as_str)
        )
    } else if down(second)
        && routing
            .recommended_fallback
            .as_ref()
            .is_some_and(|f| Some(f) != second && !down(Some(f)))
    {
        format!(
            "second channel {} is down and {} is not",
            second.map_or("(none)", String::as_str),
            routing.recommended_fallback.as_deref().unwrap_or("")
        )
    } else {
        return Due::Wait("the target already follows the recommendation".into());
    };
    if !wanted.iter().any(|w| w == primary) {
        return Due::Wait(format!("the target does not map {primary}"));
    }
    if now_ms - rules.started_at_ms < rules.window_ms {
        return Due::Wait(format!("{reason}; waiting for one full window since start"));
    }
    let since = |t: Option<i64>| t.map_or(i64::MAX, |t| now_ms - t);
    if since(state.last_failure_ms) < rules.min_interval_ms {
        return Due::Wait(format!(
            "{reason}; the last change failed less than min_interval ago"
        ));
    }
    let urgent = down(first);
    if !urgent && since(state.last_change_ms) < rules.min_interval_ms {
        return Due::Wait(format!("{reason}; changed less than min_interval ago"));
    }
    Due::Change {
        order: wanted,
        reason,
    }
}

/// A `{{…}}` placeholder of a target's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `{{order:NAME}}`: the channel's place in the order, 1 first.
    Order(String),
    /// `{{primary}}`: the first channel's name.
    Primary,
    /// `{{fallback}}`: the second channel's name (the first when there is one).
    Fallback,
}

/// The template's pieces: literal text and placeholders, in order. An unclosed `{{` or
/// an unknown placeholder is an error naming it, so a template is checked at load.
pub fn parse_template(template: &str) -> Result<Vec<Result<&str, Placeholder>>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push(Ok(&rest[..open]));
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| {
            format!(
                "unclosed {{{{ at byte {}",
                template.len() - rest.len() + open
            )
        })?;
        let inner = after[..close].trim();
        out.push(Err(match inner.split_once(':') {
            None if inner == "primary" => Placeholder::Primary,
            None if inner == "fallback" => Placeholder::Fallback,
            Some(("order", name)) if !name.trim().is_empty() => {
                Placeholder::Order(name.trim().to_string())
            }
            _ => {
                return Err(format!(
                    "unknown placeholder {{{{{inner}}}}} (use {{{{order:NAME}}}}, {{{{primary}}}}, {{{{fallback}}}})"
                ))
            }
        }));
        rest = &after[close + 2..];
    }
    out.push(Ok(rest));
    Ok(out)
}

/// The template with `order` substituted (its pieces from [`parse_template`]). A channel
/// the order does not hold is an error: writing a config without it could hand it traffic.
pub fn render(template: &str, order: &[String]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    for piece in parse_template(template)? {
        match piece {
            Ok(text) => out.push_str(text),
            Err(Placeholder::Primary) => out.push_str(order.first().map_or("", String::as_str)),
            Err(Placeholder::Fallback) => out.push_str(
                order
                    .get(1)
                    .or_else(|| order.first())
                    .map_or("", String::as_str),
            ),
            Err(Placeholder::Order(name)) => {
                let place = order
                    .iter()
                    .position(|o| *o == name)
                    .ok_or_else(|| format!("{{{{order:{name}}}}}: {name} is not in the order"))?;
                out.push_str(&(place + 1).to_string());
            }
        }
    }
    Ok(out)
}

/// The runner's state for views: `routing.targets[]`, the console, `/metrics`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RouteView {
    pub mode: &'static str,
    pub dry_run: bool,
    /// Why this instance never writes (not the lock holder, a standby), when it does not.
    pub read_only: Option<String>,
    pub targets: Vec<TargetView>,
}

impl RouteView {
    /// One line for the console's routing pane, and whether it is bad news: a failed
    /// change, else a change waiting for a confirmation, else the latest change
    /// ("applied to proxy 10:41:07 (verified)"), else how the targets stand. `clock`
    /// shows a time of day.
    pub fn summary(&self, clock: impl Fn(i64) -> String) -> (String, bool) {
        if let Some(t) = self.targets.iter().find(|t| t.state == "failed") {
            let err = t.last_error.as_deref().unwrap_or("failed");
            return (format!("{}: {err}", t.name), true);
        }
        if let Some(t) = self.targets.iter().find(|t| t.pending.is_some()) {
            let to = t.pending.as_deref().unwrap_or_default().join(", ");
            return (
                format!("{}: change to {to} pending (say \"apply routing\")", t.name),
                false,
            );
        }
        let latest = self
            .targets
            .iter()
            .filter_map(|t| t.last_change_ms.map(|at| (at, t)))
            .max_by_key(|(at, _)| *at);
        if let Some((at, t)) = latest {
            let how = if t.verified {
                "verified"
            } else {
                "not verified"
            };
            return (
                format!("applied to {} {} ({how})", t.name, clock(at)),
                false,
            );
        }
        let states: Vec<String> = self
            .targets
            .iter()
            .map(|t| format!("{} {}", t.name, t.state))
            .collect();
        let dry = if self.dry_run { ", dry run" } else { "" };
        (
            format!("apply {}{dry}: {}", self.mode, states.join(", ")),
            false,
        )
    }
}

/// One target as the runner knows it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TargetView {
    pub name: String,
    pub kind: &'static str,
    /// `unknown` (not read yet), `follows` (its first channel is the recommended
    /// primary), `differs` (a change is due and waits: `off`, the guard), `pending`
    /// (waits for a confirmation), `applying`, `failed` (the last change was rolled back).
    pub state: &'static str,
    /// The order as last read back (or, for a webhook, last sent).
    pub order: Vec<String>,
    /// When a change was last written (ms).
    pub last_change_ms: Option<i64>,
    /// Whether that change was verified.
    pub verified: bool,
    pub last_error: Option<String>,
    /// The order waiting for a confirmation (`confirm`).
    pub pending: Option<Vec<String>>,
    /// Why the next change waits, or why nothing is due.
    pub why: String,
    /// Changes written and verified since start.
    pub applied: u64,
    /// Changes that failed (write, reload or verification) since start.
    pub failed: u64,
    /// Rollbacks run since start.
    pub rollbacks: u64,
}

#[cfg(test)]
mod tests;
