//! TOML as written (with spans) and its validation into `Config`.

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
    recovery: RawRecovery,
    #[serde(default, rename = "channel")]
    channels: Vec<RawChannel>,
    #[serde(default, rename = "action")]
    actions: Vec<RawAction>,
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
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    enabled: Option<bool>,
    retention: Option<Spanned<String>>,
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
struct RawRecovery {
    actions: Option<Vec<String>>,
    auto: Option<bool>,
    cooldown: Option<Spanned<String>>,
    max_attempts: Option<Spanned<u32>>,
    verify_timeout: Option<Spanned<String>>,
    backoff_max: Option<Spanned<String>>,
    poor_after: Option<Spanned<String>>,
    on_escalate: Option<Spanned<String>>,
    audit_max_size: Option<Spanned<u64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    name: Spanned<String>,
    command: Option<Spanned<Vec<String>>>,
    webhook: Option<Spanned<String>>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    builtin: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    #[serde(default)]
    env: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawChatops {
    #[serde(default)]
    phrases: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    aliases: BTreeMap<Spanned<String>, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    name: Spanned<String>,
    probe: Spanned<String>,
    url: Option<Spanned<String>>,
    address: Option<Spanned<String>>,
    command: Option<Spanned<Vec<String>>>,
    expect_status: Option<Spanned<u16>>,
    query: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    check: Option<Spanned<String>>,
    api_key_env: Option<String>,
    timeout: Option<Spanned<String>>,
    interval: Option<Spanned<String>>,
    #[serde(default)]
    optional: bool,
    region: Option<String>,
    cost_per_1k_tokens: Option<Spanned<f64>>,
    latency_ms: Option<Spanned<f64>>,
    jitter_ms: Option<Spanned<f64>>,
    spike_chance: Option<Spanned<f64>>,
    spike_ms: Option<Spanned<f64>>,
    error_rate: Option<Spanned<f64>>,
    #[serde(default)]
    incident: Vec<RawIncident>,
    actions: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncident {
    every: Spanned<String>,
    #[serde(default)]
    offset: Option<Spanned<String>>,
    duration: Spanned<String>,
    kind: Spanned<String>,
    factor: Option<Spanned<f64>>,
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
        let ch = channel(&ctx, rc, &poll)?;
        if let Some(&first) = seen.get(&*same_name_key(&ch.name)) {
            // Names that only differ in case or width (`Gateway`, `ｇａｔｅｗａｙ`) are
            // one channel to a reader: say so when the spelling differed.
            let written = |rc: &RawChannel| rc.name.get_ref().trim().to_string();
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
    if channels.is_empty() {
        return Err(InputError::new(
            origin,
            "no channels: add at least one [[channel]] table",
        ));
    }
    let chatops = vocabulary(&ctx, raw.chatops, &channels)?;
    let action_defs = actions(&ctx, &raw.actions)?;
    bindings(&ctx, &raw.channels, &channels, &action_defs)?;
    let recovery = recovery(&ctx, &raw.recovery, &action_defs)?;
    let maintenance = extra::maintenance(&ctx, &raw.maintenance, &channels)?;
    let route = routing::routing(&ctx, &raw.routing, &channels)?;
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
        chatops,
        history: history(&ctx, &raw.history)?,
        notify: extra::notify(&ctx, &raw.notify)?,
        maintenance,
        route,
        route_tasks,
        route_apply,
        route_targets,
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

fn channel(ctx: &Ctx, c: &RawChannel, poll: &PollSettings) -> Result<ChannelConfig, InputError> {
    let name = canonical_name(c.name.get_ref().trim()).into_owned();
    if name.is_empty() {
        return Err(ctx.err(c.name.span(), "channel name must not be empty"));
    }
    let interval = match &c.interval {
        Some(s) => bounded(ctx, s, "interval", limits::INTERVAL)?,
        None => poll.interval,
    };
    let timeout = match &c.timeout {
        Some(s) => {
            let t = bounded(ctx, s, "timeout", limits::TIMEOUT)?;
            if t > interval {
                return Err(ctx.err(
                    s.span(),
                    format!(
                        "timeout {} is longer than the probe interval {}",
                        humantime::format_duration(t),
                        humantime::format_duration(interval)
                    ),
                ));
            }
            t
        }
        None => interval.min(Duration::from_secs(2)),
    };
    let probe = probe(ctx, c)?;
    // Both would send an Authorization header (basic and bearer): refuse, don't guess.
    if let (Some(env), Some(u)) = (&c.api_key_env, &c.url) {
        if has_userinfo(u.get_ref().trim()) {
            return Err(ctx.err(
                u.span(),
                format!(
                    "url carries credentials (user:password@) and api_key_env = {env:?} is set; \
                     use one: keep the key in the environment and drop user:password@ from the URL"
                ),
            ));
        }
    }
    Ok(ChannelConfig {
        probe,
        name,
        interval,
        timeout,
        optional: c.optional,
        region: c.region.clone(),
        cost_per_1k_tokens: c
            .cost_per_1k_tokens
            .as_ref()
            .map(|s| {
                limits::number("cost_per_1k_tokens", *s.get_ref(), limits::COST)
                    .map_err(|p| ctx.err(s.span(), p))
            })
            .transpose()?,
        api_key_env: c.api_key_env.clone(),
        actions: c
            .actions
            .as_ref()
            .map(|a| a.get_ref().clone())
            .unwrap_or_default(),
    })
}

const PROBE_KINDS: [&str; 7] = [
    "http",
    "openai",
    "ollama",
    "tcp",
    "command",
    "prometheus",
    "simulated",
];

fn probe<'a>(ctx: &Ctx, c: &'a RawChannel) -> Result<ProbeSpec, InputError> {
    let kind = c.probe.get_ref().as_str();
    let need = |field: Option<&'a Spanned<String>>,
                key: &str|
     -> Result<&'a Spanned<String>, InputError> {
        field.ok_or_else(|| ctx.err(c.probe.span(), format!("probe = \"{kind}\" needs `{key}`")))
    };
    let spec = match kind {
        "http" => ProbeSpec::Http {
            url: url(ctx, need(c.url.as_ref(), "url")?)?,
            expect_status: c.expect_status.as_ref().map_or(200, |s| *s.get_ref()),
        },
        "openai" => openai(ctx, c, url(ctx, need(c.url.as_ref(), "url")?)?)?,
        "ollama" => ProbeSpec::Ollama {
            base_url: url(ctx, need(c.url.as_ref(), "url")?)?,
        },
        "tcp" => ProbeSpec::Tcp {
            address: address(ctx, need(c.address.as_ref(), "address")?)?,
        },
        "command" => ProbeSpec::Command {
            argv: command(ctx, c)?,
        },
        "prometheus" => ProbeSpec::Prometheus {
            base_url: url(ctx, need(c.url.as_ref(), "url")?)?,
            query: promql(ctx, need(c.query.as_ref(), "query")?)?,
        },
        "simulated" => ProbeSpec::Simulated(sim(ctx, c)?),
        other => {
            return Err(ctx.err(
                c.probe.span(),
                format!(
                    "unknown probe {other:?}{}; expected one of {}",
                    did_you_mean(other, &PROBE_KINDS),
                    PROBE_KINDS.join(", ")
                ),
            ))
        }
    };
    unused_fields(ctx, c, kind)?;
    Ok(spec)
}

/// A probe-specific field: its key, where it is written, and the probes that use it.
type Stray<'a> = (&'a str, Option<Range<usize>>, &'a [&'a str]);

/// `probe = "openai"`: `model` (must be listed by `/v1/models`) and `check` (`models`,
/// the default, or `completion`: a one-token chat completion, which needs `model`).
fn openai(ctx: &Ctx, c: &RawChannel, base_url: String) -> Result<ProbeSpec, InputError> {
    let model = match &c.model {
        Some(m) if m.get_ref().trim().is_empty() || m.get_ref().len() > 256 => {
            return Err(ctx.err(m.span(), "`model` must be a model name (1 to 256 bytes)"));
        }
        m => m.as_ref().map(|m| m.get_ref().trim().to_string()),
    };
    let completion = match c.check.as_ref().map(|k| (k, k.get_ref().as_str())) {
        None | Some((_, "models")) => false,
        Some((k, "completion")) => {
            if model.is_none() {
                return Err(ctx.err(k.span(), "check = \"completion\" needs `model`"));
            }
            true
        }
        Some((k, other)) => {
            return Err(ctx.err(
                k.span(),
                format!("unknown check {other:?}; expected \"models\" or \"completion\""),
            ))
        }
    };
    Ok(ProbeSpec::OpenAi {
        base_url,
        model,
        completion,
    })
}

/// A field that the chosen probe ignores is almost always a mistake: say so.
fn unused_fields(ctx: &Ctx, c: &RawChannel, kind: &str) -> Result<(), InputError> {
    let stray: [Stray; 7] = [
        ("model", c.model.as_ref().map(|s| s.span()), &["openai"]),
        ("check", c.check.as_ref().map(|s| s.span()), &["openai"]),
        (
            "url",
            c.url.as_ref().map(|s| s.span()),
            &["http", "openai", "ollama", "prometheus"],
        ),
        ("query", c.query.as_ref().map(|s| s.span()), &["prometheus"]),
        ("address", c.address.as_ref().map(|s| s.span()), &["tcp"]),
        (
            "command",
            c.command.as_ref().map(|s| s.span()),
            &["command"],
        ),
        (
            "expect_status",
            c.expect_status.as_ref().map(|s| s.span()),
            &["http"],
        ),
    ];
    for (key, span, kinds) in stray {
        if let (Some(span), false) = (span, kinds.contains(&kind)) {
            return Err(ctx.err(span, format!("`{key}` is not used by probe = \"{kind}\"")));
        }
    }
    Ok(())
}

/// A PromQL expression: non-empty, one line's worth (Prometheus parses it; a typo shows as
/// the probe's error).
fn promql(ctx: &Ctx, s: &Spanned<String>) -> Result<String, InputError> {
    let q = s.get_ref().trim();
    if q.is_empty() || q.len() > 4_096 {
        return Err(ctx.err(
            s.span(),
            "`query` must be a PromQL expression of 1 to 4,096 bytes",
        ));
    }
    Ok(q.to_string())
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

/// True when an http(s) URL carries `user[:password]@`.
fn has_userinfo(url: &str) -> bool {
    reqwest::Url::parse(url).is_ok_and(|u| !u.username().is_empty() || u.password().is_some())
}

fn address(ctx: &Ctx, s: &Spanned<String>) -> Result<String, InputError> {
    let text = s.get_ref().trim();
    match text.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0) => {
            Ok(text.to_string())
        }
        _ => Err(ctx.err(
            s.span(),
            format!("bad address {text:?}: expected host:port"),
        )),
    }
}

fn command(ctx: &Ctx, c: &RawChannel) -> Result<Vec<String>, InputError> {
    let Some(cmd) = &c.command else {
        return Err(ctx.err(
            c.probe.span(),
            "probe = \"command\" needs `command` (an argv list)",
        ));
    };
    if cmd.get_ref().first().is_none_or(|p| p.trim().is_empty()) {
        return Err(ctx.err(
            cmd.span(),
            "command must name a program: [\"prog\", \"arg\", …]",
        ));
    }
    Ok(cmd.get_ref().clone())
}

fn sim(ctx: &Ctx, c: &RawChannel) -> Result<SimSpec, InputError> {
    let mut incidents = Vec::new();
    for i in &c.incident {
        let kind = match i.kind.get_ref().as_str() {
            "outage" => IncidentKind::Outage,
            "slow" => IncidentKind::Slow {
                factor: number(ctx, &i.factor, "factor", limits::FACTOR, 4.0)?,
            },
            other => {
                return Err(ctx.err(
                    i.kind.span(),
                    format!("unknown incident kind {other:?}; expected outage or slow"),
                ))
            }
        };
        incidents.push(Incident {
            every: bounded(
                ctx,
                &i.every,
                "every",
                (Duration::from_millis(1), limits::INCIDENT.1),
            )?,
            offset: i
                .offset
                .as_ref()
                .map(|o| bounded(ctx, o, "offset", limits::INCIDENT))
                .transpose()?
                .unwrap_or_default(),
            duration: bounded(ctx, &i.duration, "duration", limits::INCIDENT)?,
            kind,
        });
    }
    let (lat, p) = (limits::LATENCY_MS, limits::PROBABILITY);
    Ok(SimSpec {
        latency_ms: number(ctx, &c.latency_ms, "latency_ms", lat, 50.0)?,
        jitter_ms: number(ctx, &c.jitter_ms, "jitter_ms", lat, 5.0)?,
        spike_chance: number(ctx, &c.spike_chance, "spike_chance", p, 0.0)?,
        spike_ms: number(ctx, &c.spike_ms, "spike_ms", lat, 0.0)?,
        error_rate: number(ctx, &c.error_rate, "error_rate", p, 0.0)?,
        incidents,
    })
}

fn recovery(
    ctx: &Ctx,
    r: &RawRecovery,
    defs: &[ActionConfig],
) -> Result<RecoverySettings, InputError> {
    let d = RecoverySettings::default();
    let ms = |v: &Option<Spanned<String>>, key: &str, default: i64| match v {
        // Bounded to 30 days, so the milliseconds fit an i64 with room for any sum.
        Some(s) => bounded(ctx, s, key, limits::GUARD).map(|d| d.as_millis() as i64),
        None => Ok(default),
    };
    let max_attempts = match &r.max_attempts {
        Some(s) => counted(ctx, s, "max_attempts", limits::MAX_ATTEMPTS)?,
        None => d.guard.max_attempts,
    };
    if let Some(name) = &r.on_escalate {
        known_action(ctx, name, &by_name(defs))?;
    }
    let audit_max_bytes = match &r.audit_max_size {
        Some(s) if *s.get_ref() < 4096 => {
            return Err(ctx.err(s.span(), "audit_max_size must be at least 4096 bytes"))
        }
        Some(s) => *s.get_ref(),
        None => d.audit_max_bytes,
    };
    Ok(RecoverySettings {
        auto: r.auto.unwrap_or(d.auto),
        guard: crate::domain::guard::GuardSettings {
            cooldown_ms: ms(&r.cooldown, "cooldown", d.guard.cooldown_ms)?,
            max_attempts,
            verify_timeout_ms: ms(
                &r.verify_timeout,
                "verify_timeout",
                d.guard.verify_timeout_ms,
            )?,
            backoff_max_ms: ms(&r.backoff_max, "backoff_max", d.guard.backoff_max_ms)?,
            poor_after_ms: ms(&r.poor_after, "poor_after", d.guard.poor_after_ms)?,
        },
        on_escalate: r.on_escalate.as_ref().map(|s| s.get_ref().clone()),
        audit_max_bytes,
    })
}

/// Actions by name, for lookups that must not search a list each.
fn by_name(defs: &[ActionConfig]) -> rustc_hash::FxHashMap<&str, &ActionConfig> {
    defs.iter().map(|a| (a.name.as_str(), a)).collect()
}

fn known_action(
    ctx: &Ctx,
    name: &Spanned<String>,
    defs: &rustc_hash::FxHashMap<&str, &ActionConfig>,
) -> Result<(), InputError> {
    if defs.contains_key(name.get_ref().as_str()) {
        return Ok(());
    }
    let mut names: Vec<&str> = defs.keys().copied().collect();
    names.sort_unstable();
    let hint = did_you_mean(name.get_ref(), &names);
    Err(ctx.err(
        name.span(),
        format!(
            "unknown action {:?}{hint}: define it in an [[action]] table",
            name.get_ref()
        ),
    ))
}

/// `[[action]]` tables: a unique name and exactly one of command, webhook, builtin.
fn actions(ctx: &Ctx, raw: &[RawAction]) -> Result<Vec<ActionConfig>, InputError> {
    let mut out: Vec<ActionConfig> = Vec::with_capacity(raw.len());
    let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for a in raw {
        let name = a.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ctx.err(a.name.span(), "action name must not be empty"));
        }
        if !seen.insert(name.clone()) {
            return Err(ctx.err(a.name.span(), format!("duplicate action name {name:?}")));
        }
        let kind = match (&a.command, &a.webhook, &a.builtin) {
            (Some(cmd), None, None) => {
                if cmd.get_ref().first().is_none_or(|p| p.trim().is_empty()) {
                    return Err(ctx.err(
                        cmd.span(),
                        "command must name a program: [\"prog\", \"arg\", …]",
                    ));
                }
                ActionKind::Command {
                    argv: cmd.get_ref().clone(),
                }
            }
            (None, Some(url_s), None) => ActionKind::Webhook {
                url: url(ctx, url_s)?,
                headers: a.headers.clone(),
            },
            (None, None, Some(b)) if b.get_ref() == "restart-simulated" => {
                ActionKind::SimulatedRestart
            }
            (None, None, Some(b)) => {
                return Err(ctx.err(
                    b.span(),
                    format!(
                        "unknown builtin {:?}; the only one is \"restart-simulated\"",
                        b.get_ref()
                    ),
                ))
            }
            _ => {
                return Err(ctx.err(
                    a.name.span(),
                    format!("action {name:?} needs exactly one of `command`, `webhook`, `builtin`"),
                ))
            }
        };
        if !a.headers.is_empty() && !matches!(kind, ActionKind::Webhook { .. }) {
            return Err(ctx.err(
                a.name.span(),
                format!("action {name:?}: `headers` only apply to a webhook"),
            ));
        }
        let timeout = match &a.timeout {
            Some(s) => bounded(ctx, s, "timeout", limits::TIMEOUT)?,
            None => Duration::from_secs(30),
        };
        if !a.env.is_empty() && !matches!(kind, ActionKind::Command { .. }) {
            return Err(ctx.err(
                a.name.span(),
                format!("action {name:?}: `env` only applies to a command"),
            ));
        }
        out.push(ActionConfig {
            name,
            kind,
            timeout,
            env: a.env.clone(),
        });
    }
    Ok(out)
}

/// Every channel's `actions` must name defined actions; the demo's built-in restart only
/// fits simulated channels.
fn bindings(
    ctx: &Ctx,
    raw: &[RawChannel],
    channels: &[ChannelConfig],
    defs: &[ActionConfig],
) -> Result<(), InputError> {
    let defs = by_name(defs);
    for (rc, ch) in raw.iter().zip(channels) {
        let Some(list) = &rc.actions else { continue };
        for name in list.get_ref() {
            let Some(def) = defs.get(name.as_str()) else {
                let spanned = Spanned::new(list.span(), name.clone());
                return known_action(ctx, &spanned, &defs);
            };
            if def.kind == ActionKind::SimulatedRestart && ch.probe.kind() != "simulated" {
                return Err(ctx.err(
                    list.span(),
                    format!(
                        "action {name:?} restarts simulated channels only; {:?} is probe = \"{}\"",
                        ch.name,
                        ch.probe.kind()
                    ),
                ));
            }
        }
    }
    Ok(())
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
