//! `[prometheus]` as written, and its validation into the fleet discovered from it.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrometheus {
    url: Spanned<String>,
    channel_label: Spanned<String>,
    up_query: Spanned<String>,
    latency_query: Spanned<String>,
    #[serde(default)]
    optional: bool,
    interval: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    api_key_env: Option<String>,
}

/// A fleet query may take longer than one channel's probe: its answer holds every series.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

pub(super) fn fleet(
    ctx: &Ctx,
    p: &RawPrometheus,
    poll: &PollSettings,
) -> Result<PrometheusFleet, InputError> {
    let url = url(ctx, &p.url)?;
    if let (Some(env), true) = (&p.api_key_env, channels::has_userinfo(&url)) {
        return Err(ctx.err(
            p.url.span(),
            format!(
                "url carries credentials (user:password@) and api_key_env = {env:?} is set; use one"
            ),
        ));
    }
    let label = p.channel_label.get_ref().trim();
    if !is_label_name(label) {
        return Err(ctx.err(
            p.channel_label.span(),
            format!(
                "channel_label {label:?} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)"
            ),
        ));
    }
    let interval = match &p.interval {
        Some(s) => bounded(ctx, s, "interval", limits::INTERVAL)?,
        None => poll.interval,
    };
    let timeout = match &p.timeout {
        Some(s) => bounded(ctx, s, "timeout", limits::TIMEOUT)?,
        None => DEFAULT_TIMEOUT.min(interval),
    };
    if let (Some(s), true) = (&p.timeout, timeout > interval) {
        return Err(ctx.err(
            s.span(),
            format!(
                "timeout {} is longer than the interval {} (set [prometheus] timeout)",
                humantime::format_duration(timeout),
                humantime::format_duration(interval)
            ),
        ));
    }
    Ok(PrometheusFleet {
        url,
        channel_label: label.to_string(),
        up_query: channels::promql(ctx, &p.up_query, "up_query")?,
        latency_query: channels::promql(ctx, &p.latency_query, "latency_query")?,
        optional: p.optional,
        interval,
        timeout,
        api_key_env: p.api_key_env.clone(),
    })
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
