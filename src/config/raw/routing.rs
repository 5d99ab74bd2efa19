//! `[routing]`: the policy live and replay route by, validated against the channels.

use serde::Deserialize;
use toml::Spanned;

use super::{did_you_mean, limits, Ctx};
use crate::base::input::{canonical_name, InputError};
use crate::config::ChannelConfig;
use crate::domain::route_policy::{Ceiling, RoutePolicy, Task, Weights};

const POLICIES: [&str; 4] = ["health", "ceiling", "balanced", "region"];
/// A weight above this would drown the other terms entirely; it is a typo.
const WEIGHT: (f64, f64) = (0.0, 1000.0);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRouting {
    policy: Option<Spanned<String>>,
    ceilings: Option<Spanned<Vec<RawCeiling>>>,
    region_order: Option<Spanned<Vec<String>>>,
    weights: Option<Spanned<RawWeights>>,
    #[serde(default)]
    task: Vec<RawTask>,
    predictive: Option<bool>,
    apply: Option<Spanned<String>>,
    min_interval: Option<Spanned<String>>,
    verify_timeout: Option<Spanned<String>>,
}

impl RawRouting {
    /// Whether channels are ranked by their predicted health (off unless asked).
    pub(super) fn predictive(&self) -> bool {
        self.predictive.unwrap_or(false)
    }

    /// The keys about applying the order to route targets.
    pub(super) fn apply(&self) -> super::targets::RawApply<'_> {
        super::targets::RawApply {
            apply: &self.apply,
            min_interval: &self.min_interval,
            verify_timeout: &self.verify_timeout,
        }
    }
}

/// `[[routing.task]]`: a task class with its own policy (the same keys as `[routing]`),
/// or `preferred` channels: the first of them that is up.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    name: Spanned<String>,
    policy: Option<Spanned<String>>,
    ceilings: Option<Spanned<Vec<RawCeiling>>>,
    region_order: Option<Spanned<Vec<String>>>,
    weights: Option<Spanned<RawWeights>>,
    preferred: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawCeiling {
    channel: Spanned<String>,
    max_latency_ms: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    latency: Option<Spanned<f64>>,
    cost: Option<Spanned<f64>>,
    availability: Option<Spanned<f64>>,
}

/// `[routing]`'s policy, with each setting checked (unknown channels, empty lists). The
/// settings of another policy are allowed here: they make that policy one an operator
/// can switch to at run time ([`choices`]).
pub(super) fn routing(
    ctx: &Ctx,
    raw: &RawRouting,
    channels: &[ChannelConfig],
) -> Result<RoutePolicy, InputError> {
    policy(ctx, raw, channels, false)
}

/// The policies an operator can switch to at run time: `health` and `balanced` (its
/// weights or the defaults) always, `ceiling` and `region` when their lists are given.
pub(super) fn choices(
    ctx: &Ctx,
    raw: &RawRouting,
    channels: &[ChannelConfig],
) -> Result<Vec<RoutePolicy>, InputError> {
    let mut out = vec![
        RoutePolicy::Health,
        RoutePolicy::Balanced(weights(ctx, raw.weights.as_ref())?),
    ];
    if raw.ceilings.is_some() {
        out.push(RoutePolicy::Ceiling(ceilings(ctx, raw, channels)?));
    }
    if raw.region_order.is_some() {
        out.push(RoutePolicy::Region(region_order(ctx, raw)?));
    }
    Ok(out)
}

/// A policy from its keys; `strict`: the settings of another policy are an error (in a
/// task they would silently do nothing).
fn policy(
    ctx: &Ctx,
    raw: &RawRouting,
    channels: &[ChannelConfig],
    strict: bool,
) -> Result<RoutePolicy, InputError> {
    let name = raw
        .policy
        .as_ref()
        .map_or("health", |p| p.get_ref().as_str());
    if !POLICIES.contains(&name) {
        let span = raw.policy.as_ref().map(|p| p.span()).unwrap_or_default();
        return Err(ctx.err(
            span,
            format!(
                "unknown routing policy {name:?}{} (one of: health, ceiling, balanced, region)",
                did_you_mean(name, &POLICIES)
            ),
        ));
    }
    if strict {
        others(ctx, raw, name)?;
    }
    Ok(match name {
        "ceiling" => RoutePolicy::Ceiling(ceilings(ctx, raw, channels)?),
        "balanced" => RoutePolicy::Balanced(weights(ctx, raw.weights.as_ref())?),
        "region" => RoutePolicy::Region(region_order(ctx, raw)?),
        _ => RoutePolicy::Health,
    })
}

fn others(ctx: &Ctx, raw: &RawRouting, name: &str) -> Result<(), InputError> {
    unused(
        ctx,
        name,
        "ceilings",
        "ceiling",
        raw.ceilings.as_ref().map(|c| c.span()),
    )?;
    unused(
        ctx,
        name,
        "region_order",
        "region",
        raw.region_order.as_ref().map(|c| c.span()),
    )?;
    unused(
        ctx,
        name,
        "weights",
        "balanced",
        raw.weights.as_ref().map(|c| c.span()),
    )
}

fn unused(
    ctx: &Ctx,
    policy: &str,
    key: &str,
    owner: &str,
    span: Option<std::ops::Range<usize>>,
) -> Result<(), InputError> {
    match span {
        Some(span) if policy != owner => Err(ctx.err(
            span,
            format!("{key} only applies to policy = \"{owner}\" (the policy is \"{policy}\")"),
        )),
        _ => Ok(()),
    }
}

fn ceilings(
    ctx: &Ctx,
    raw: &RawRouting,
    channels: &[ChannelConfig],
) -> Result<Vec<Ceiling>, InputError> {
    let Some(list) = &raw.ceilings else {
        let span = raw.policy.as_ref().map(|p| p.span()).unwrap_or_default();
        return Err(ctx.err(
            span,
            "policy = \"ceiling\" needs ceilings = [{ channel, max_latency_ms }, …]",
        ));
    };
    if list.get_ref().is_empty() {
        return Err(ctx.err(list.span(), "ceilings is empty"));
    }
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let mut out: Vec<Ceiling> = Vec::with_capacity(list.get_ref().len());
    for e in list.get_ref() {
        let channel = canonical_name(e.channel.get_ref().trim()).into_owned();
        if !names.contains(&channel.as_str()) {
            return Err(ctx.err(
                e.channel.span(),
                format!(
                    "ceiling for unknown channel {channel:?}{}",
                    did_you_mean(&channel, &names)
                ),
            ));
        }
        if out.iter().any(|c| c.channel == channel) {
            return Err(ctx.err(e.channel.span(), format!("{channel:?} has two ceilings")));
        }
        let max_latency_ms = e
            .max_latency_ms
            .as_ref()
            .map(|m| {
                limits::number("max_latency_ms", *m.get_ref(), limits::LATENCY_MS)
                    .map_err(|p| ctx.err(m.span(), p))
            })
            .transpose()?;
        out.push(Ceiling {
            channel,
            max_latency_ms,
        });
    }
    Ok(out)
}

fn region_order(ctx: &Ctx, raw: &RawRouting) -> Result<Vec<String>, InputError> {
    let Some(list) = &raw.region_order else {
        let span = raw.policy.as_ref().map(|p| p.span()).unwrap_or_default();
        return Err(ctx.err(
            span,
            "policy = \"region\" needs region_order = [\"region\", …]",
        ));
    };
    let regions = list.get_ref();
    if regions.is_empty() {
        return Err(ctx.err(list.span(), "region_order is empty"));
    }
    for (i, r) in regions.iter().enumerate() {
        if r.trim().is_empty() || regions[..i].contains(r) {
            return Err(ctx.err(
                list.span(),
                format!("region_order: {r:?} is empty or repeated"),
            ));
        }
    }
    Ok(regions.clone())
}

fn weights(ctx: &Ctx, raw: Option<&Spanned<RawWeights>>) -> Result<Weights, InputError> {
    let d = Weights::default();
    let Some(w) = raw else {
        return Ok(d);
    };
    let one = |v: &Option<Spanned<f64>>, key: &str, default: f64| match v {
        Some(s) => limits::number(key, *s.get_ref(), WEIGHT).map_err(|p| ctx.err(s.span(), p)),
        None => Ok(default),
    };
    let w = w.get_ref();
    let out = Weights {
        latency: one(&w.latency, "latency", d.latency)?,
        cost: one(&w.cost, "cost", d.cost)?,
        availability: one(&w.availability, "availability", d.availability)?,
    };
    Ok(out)
}

/// Each task's policy: `preferred` is shorthand for a ceiling policy without maxima; the
/// task's own keys otherwise, validated as `[routing]`'s are; without either, the main
/// policy. Names unique.
pub(super) fn tasks(
    ctx: &Ctx,
    raw: &RawRouting,
    main: &RoutePolicy,
    channels: &[ChannelConfig],
) -> Result<Vec<Task>, InputError> {
    let mut out: Vec<Task> = Vec::with_capacity(raw.task.len());
    for t in &raw.task {
        let name = t.name.get_ref().trim().to_string();
        if name.is_empty() || out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(ctx.err(
                t.name.span(),
                format!("task name {name:?} is empty or repeated"),
            ));
        }
        let route = match &t.preferred {
            Some(list) => {
                if t.policy.is_some() || t.ceilings.is_some() || t.region_order.is_some() {
                    return Err(ctx.err(
                        list.span(),
                        "preferred is a policy of its own: drop policy, ceilings and region_order",
                    ));
                }
                let ceilings = list
                    .get_ref()
                    .iter()
                    .map(|c| RawCeiling {
                        channel: Spanned::new(list.span(), c.clone()),
                        max_latency_ms: None,
                    })
                    .collect();
                let as_ceiling = RawRouting {
                    policy: Some(Spanned::new(list.span(), "ceiling".to_string())),
                    ceilings: Some(Spanned::new(list.span(), ceilings)),
                    ..RawRouting::default()
                };
                policy(ctx, &as_ceiling, channels, true)?
            }
            None if t.policy.is_none() => {
                if let Some(span) = [
                    t.ceilings.as_ref().map(|c| c.span()),
                    t.region_order.as_ref().map(|c| c.span()),
                    t.weights.as_ref().map(|c| c.span()),
                ]
                .into_iter()
                .flatten()
                .next()
                {
                    return Err(ctx.err(span, "name the task's policy = \"…\" for this key"));
                }
                main.clone()
            }
            None => policy(
                ctx,
                &RawRouting {
                    policy: t.policy.clone(),
                    ceilings: t.ceilings.clone(),
                    region_order: t.region_order.clone(),
                    weights: t.weights.clone(),
                    ..RawRouting::default()
                },
                channels,
                true,
            )?,
        };
        out.push(Task { name, route });
    }
    Ok(out)
}
