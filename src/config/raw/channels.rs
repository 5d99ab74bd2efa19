//! `[[channel]]` tables as written, and their validation into channels and their probes.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    pub(super) name: Spanned<String>,
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
    pub(super) actions: Option<Spanned<Vec<String>>>,
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

pub(super) fn channel(
    ctx: &Ctx,
    c: &RawChannel,
    poll: &PollSettings,
) -> Result<ChannelConfig, InputError> {
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
            query: promql(ctx, need(c.query.as_ref(), "query")?, "query")?,
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
pub(super) fn promql(ctx: &Ctx, s: &Spanned<String>, key: &str) -> Result<String, InputError> {
    let q = s.get_ref().trim();
    if q.is_empty() || q.len() > 4_096 {
        return Err(ctx.err(
            s.span(),
            format!("`{key}` must be a PromQL expression of 1 to 4,096 bytes"),
        ));
    }
    Ok(q.to_string())
}

/// True when an http(s) URL carries `user[:password]@`.
pub(super) fn has_userinfo(url: &str) -> bool {
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
