//! TOML as written (with spans) and its validation into `Config`.

mod actions;
mod channels;
mod prometheus;
mod routing;
mod targets;

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Duration;

use super::limits;
use crate::base::input::canonical_name;

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::domain::recovery::DEFAULT_ACTIONS;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    poll: RawPoll,
    #[serde(default)]
    thresholds: RawThresholds,
    #[serde(default)]
    recovery: actions::RawRecovery,
    #[serde(default, rename = "channel")]
    channels: Vec<channels::RawChannel>,
    #[serde(default, rename = "action")]
    actions: Vec<actions::RawAction>,
    #[serde(default)]
    chatops: RawChatops,
    #[serde(default)]
    history: RawHistory,
    #[serde(default)]
    notify: Vec<extra::RawNotify>,
    #[serde(default)]
    maintenance: Vec<extra::RawMaintenance>,
    #[serde(default)]
    routing: routing::RawRouting,
    #[serde(default, rename = "route_target")]
    route_targets: Vec<targets::RawTarget>,
    prometheus: Option<prometheus::RawPrometheus>,
    #[serde(default)]
    serve: RawServe,
}

/// `[serve]`: what `--serve` allows beyond reading.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawServe {
    token_env: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    enabled: Option<bool>,
    retention: Option<Spanned<String>>,
    max_size: Option<Spanned<u64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPoll {
    interval: Option<Spanned<String>>,
    window: Option<Spanned<String>>,
    down_after: Option<Spanned<u32>>,
    up_after: Option<Spanned<u32>>,
    concurrency: Option<Spanned<usize>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    excellent_availability: Option<Spanned<f64>>,
    excellent_latency_ms: Option<Spanned<f64>>,
    good_availability: Option<Spanned<f64>>,
    good_latency_ms: Option<Spanned<f64>>,
    degraded_availability: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawChatops {
    #[serde(default)]
    phrases: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    aliases: BTreeMap<Spanned<String>, Vec<String>>,
}

/// Positions errors in the source text.
struct Ctx<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, problem: impl Into<String>) -> InputError {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError::at(self.origin, line, column, problem)
    }

    fn duration(&self, s: &Spanned<String>) -> Result<Duration, InputError> {
        humantime::parse_duration(s.get_ref().trim()).map_err(|e| {
            self.err(
                s.span(),
                format!("bad duration {:?}: {e} (try \"5s\", \"2m\")", s.get_ref()),
            )
        })
    }
}

pub(super) fn parse(origin: &str, text: &str) -> Result<Config, InputError> {
    let ctx = Ctx { origin, text };
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(&ctx, &e))?;
    let poll = poll(&ctx, &raw.poll)?;
    let mut channels: Vec<ChannelConfig> = Vec::with_capacity(raw.channels.len());
    // Looked up by key, not searched: a config of 100,000 channels loads in linear time.
    let mut seen: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for rc in &raw.channels {
        let ch = channels::channel(&ctx, rc, &poll)?;
        if let Some(&first) = seen.get(&*same_name_key(&ch.name)) {
            // Names that only differ in case or width (`Gateway`, `ｇａｔｅｗａｙ`) are
            // one channel to a reader: say so when the spelling differed.
            let written = |rc: &channels::RawChannel| rc.name.get_ref().trim().to_string();
            let problem = if written(&raw.channels[first]) == written(rc) {
                format!("duplicate channel name {:?}", ch.name)
            } else {
                format!(
                    "duplicate channel name {:?}: same as channel {} ({:?}) once case and \
                     width are ignored (NFKC, case-folded)",
                    ch.name,
                    first + 1,
                    channels[first].name
                )
            };
            return Err(ctx.err(rc.name.span(), problem));
        }
        seen.insert(same_name_key(&ch.name).into_owned(), channels.len());
        channels.push(ch);
    }
    let fleet = match &raw.prometheus {
        Some(p) => Some(prometheus::fleet(&ctx, p, &poll)?),
        None => None,
    };
    if channels.is_empty() && fleet.is_none() {
        return Err(InputError::new(
            origin,
            "no channels: add at least one [[channel]] table (or a [prometheus] table)",
        ));
    }
    let chatops = vocabulary(&ctx, raw.chatops, &channels)?;
    let action_defs = actions::actions(&ctx, &raw.actions)?;
    actions::bindings(&ctx, &raw.channels, &channels, &action_defs)?;
    let recovery = actions::recovery(&ctx, &raw.recovery, &action_defs)?;
    let maintenance = extra::maintenance(&ctx, &raw.maintenance, &channels)?;
    let route = routing::routing(&ctx, &raw.routing, &channels)?;
    let route_choices = routing::choices(&ctx, &raw.routing, &channels)?;
    let route_tasks = routing::tasks(&ctx, &raw.routing, &route, &channels)?;
    let route_apply = targets::apply(&ctx, raw.routing.apply())?;
    let route_targets = targets::targets(&ctx, &raw.route_targets, &channels)?;
    Ok(Config {
        poll,
        thresholds: thresholds(&ctx, &raw.thresholds)?,
        actions: raw
            .recovery
            .actions
            .unwrap_or_else(|| DEFAULT_ACTIONS.iter().map(|s| s.to_string()).collect()),
        recovery,
        action_defs,
        channels,
        prometheus: fleet,
        chatops,
        history: history(&ctx, &raw.history)?,
        notify: extra::notify(&ctx, &raw.notify)?,
        maintenance,
        route,
        route_tasks,
        route_choices,
        route_predictive: raw.routing.predictive(),
        route_apply,
        route_targets,
        serve_token_env: raw.serve.token_env.filter(|v| !v.trim().is_empty()),
        origin: origin.to_string(),
    })
}

/// What two channel names are compared by for duplicates: NFKC (fullwidth and other
/// compatibility forms become plain letters), then case-folded.
fn same_name_key(name: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if name.is_ascii() {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return std::borrow::Cow::Owned(name.to_ascii_lowercase());
        }
        return std::borrow::Cow::Borrowed(name);
    }
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    std::borrow::Cow::Owned(folded.nfkc().collect())
}

/// `[history]`: on or off, and how long rows are kept.
fn history(ctx: &Ctx, h: &RawHistory) -> Result<HistorySettings, InputError> {
    let d = HistorySettings::default();
    Ok(HistorySettings {
        enabled: h.enabled.unwrap_or(d.enabled),
        retention: match &h.retention {
            Some(s) => bounded(ctx, s, "retention", limits::RETENTION)?,
            None => d.retention,
        },
        max_bytes: match &h.max_size {
            Some(s) if *s.get_ref() < limits::HISTORY_MIN_SIZE => {
                return Err(ctx.err(
                    s.span(),
                    format!(
                        "max_size must be at least {} bytes (1 MiB)",
                        limits::HISTORY_MIN_SIZE
                    ),
                ))
            }
            Some(s) => *s.get_ref(),
            None => d.max_bytes,
        },
    })
}

/// Phrases must name a ChatOps intent id and aliases a configured channel.
fn vocabulary(
    ctx: &Ctx,
    raw: RawChatops,
    channels: &[ChannelConfig],
) -> Result<ChatopsVocabulary, InputError> {
    let ids: Vec<&str> = crate::domain::intent::Intent::ALL
        .iter()
        .map(|i| i.id())
        .collect();
    let mut phrases = BTreeMap::new();
    for (id, list) in raw.phrases {
        if !ids.contains(&id.get_ref().as_str()) {
            let hint = did_you_mean(id.get_ref(), &ids);
            return Err(ctx.err(
                id.span(),
                format!("unknown intent {:?}{hint}", id.get_ref()),
            ));
        }
        phrases.insert(id.into_inner(), list);
    }
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let known: rustc_hash::FxHashSet<&str> = names.iter().copied().collect();
    let mut aliases = BTreeMap::new();
    for (name, list) in raw.aliases {
        let name = Spanned::new(name.span(), canonical_name(name.get_ref()).into_owned());
        if !known.contains(name.get_ref().as_str()) {
            let hint = did_you_mean(name.get_ref(), &names);
            return Err(ctx.err(
                name.span(),
                format!("aliases for unknown channel {:?}{hint}", name.get_ref()),
            ));
        }
        aliases.insert(name.into_inner(), list);
    }
    Ok(ChatopsVocabulary { phrases, aliases })
}

fn poll(ctx: &Ctx, p: &RawPoll) -> Result<PollSettings, InputError> {
    let interval = match &p.interval {
        Some(s) => bounded(ctx, s, "interval", limits::INTERVAL)?,
        None => Duration::from_secs(5),
    };
    let window = match &p.window {
        Some(s) => bounded(ctx, s, "window", limits::WINDOW)?,
        None => Duration::from_secs(300),
    };
    let count = |v: &Option<Spanned<u32>>, key: &str| match v {
        Some(s) => counted(ctx, s, key, limits::FLAP_COUNT),
        None => Ok(2),
    };
    let flap = FlapRule {
        down_after: count(&p.down_after, "down_after")?,
        up_after: count(&p.up_after, "up_after")?,
    };
    let concurrency = match &p.concurrency {
        Some(s) => counted(ctx, s, "concurrency", limits::CONCURRENCY)?,
        None => 256,
    };
    Ok(PollSettings {
        interval,
        window,
        flap,
        concurrency,
    })
}

/// A duration within `bounds` (config/limits.rs), or an error at its place.
fn bounded(
    ctx: &Ctx,
    s: &Spanned<String>,
    key: &str,
    bounds: (Duration, Duration),
) -> Result<Duration, InputError> {
    let d = ctx.duration(s)?;
    limits::duration(key, d, bounds).map_err(|problem| ctx.err(s.span(), problem))
}

/// A count within `1..=max`, or an error at its place.
fn counted<T>(ctx: &Ctx, s: &Spanned<T>, key: &str, max: T) -> Result<T, InputError>
where
    T: PartialOrd + From<u8> + std::fmt::Display + Copy,
{
    limits::count(key, *s.get_ref(), max).map_err(|problem| ctx.err(s.span(), problem))
}

/// A number within `range` (config/limits.rs), `default` when absent, or an error at its
/// place: TOML accepts `nan` and `inf`, and a NaN threshold silently changed health.
fn number(
    ctx: &Ctx,
    v: &Option<Spanned<f64>>,
    key: &str,
    range: (f64, f64),
    default: f64,
) -> Result<f64, InputError> {
    match v {
        Some(s) => limits::number(key, *s.get_ref(), range).map_err(|p| ctx.err(s.span(), p)),
        None => Ok(default),
    }
}

fn thresholds(ctx: &Ctx, t: &RawThresholds) -> Result<Thresholds, InputError> {
    let d = Thresholds::default();
    let (pct, lat) = (limits::PERCENT, limits::LATENCY_MS);
    Ok(Thresholds {
        excellent_availability: number(
            ctx,
            &t.excellent_availability,
            "excellent_availability",
            pct,
            d.excellent_availability,
        )?,
        excellent_latency_ms: number(
            ctx,
            &t.excellent_latency_ms,
            "excellent_latency_ms",
            lat,
            d.excellent_latency_ms,
        )?,
        good_availability: number(
            ctx,
            &t.good_availability,
            "good_availability",
            pct,
            d.good_availability,
        )?,
        good_latency_ms: number(
            ctx,
            &t.good_latency_ms,
            "good_latency_ms",
            lat,
            d.good_latency_ms,
        )?,
        degraded_availability: number(
            ctx,
            &t.degraded_availability,
            "degraded_availability",
            pct,
            d.degraded_availability,
        )?,
    })
}

fn url(ctx: &Ctx, s: &Spanned<String>) -> Result<String, InputError> {
    let raw = s.get_ref().trim();
    // Messages quote the URL; its credentials must not travel with it.
    let text = &*crate::base::sanitize::redact_userinfo(raw);
    let parsed = reqwest::Url::parse(raw)
        .map_err(|e| ctx.err(s.span(), format!("bad URL {text:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ctx.err(
            s.span(),
            format!("bad URL {text:?}: need http:// or https:// and a host"),
        ));
    }
    Ok(raw.trim_end_matches('/').to_string())
}

/// A TOML/serde error as one positioned line, with a "did you mean" for unknown keys.
fn toml_error(ctx: &Ctx, e: &toml::de::Error) -> InputError {
    let msg = e.message().trim().replace('\n', " ");
    let msg = match unknown_field_hint(&msg) {
        Some(hint) => format!("{msg}{hint}"),
        None => msg,
    };
    match e.span() {
        Some(span) => ctx.err(span, msg),
        None => InputError::new(ctx.origin, msg),
    }
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; find the closest.
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let hint = did_you_mean(field, &expected);
    (!hint.is_empty()).then_some(hint)
}

/// `" (did you mean `x`?)"` for the closest candidate within a small edit distance.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

mod extra;

#[cfg(test)]
mod tests;
