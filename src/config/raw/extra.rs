//! `[[notify]]` targets and `[[maintenance]]` windows, as written and validated.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{bounded, url, Ctx};
use crate::base::input::InputError;
use crate::config::{ChannelConfig, NotifyTarget};
use crate::domain::notice::{Maintenance, NoticeKind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotify {
    url: Spanned<String>,
    format: Option<Spanned<String>>,
    events: Option<Vec<Spanned<String>>>,
    min_interval: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMaintenance {
    channel: Option<Spanned<String>>,
    start: Spanned<String>,
    end: Spanned<String>,
    reason: Option<String>,
}

const MIN_INTERVAL: (Duration, Duration) = (Duration::ZERO, Duration::from_secs(86_400));
const NOTIFY_TIMEOUT: (Duration, Duration) = (Duration::from_millis(10), Duration::from_secs(60));

pub(super) fn notify(ctx: &Ctx, raw: &[RawNotify]) -> Result<Vec<NotifyTarget>, InputError> {
    raw.iter()
        .map(|n| {
            let slack = match n.format.as_ref().map(|f| (f, f.get_ref().as_str())) {
                None | Some((_, "json")) => false,
                Some((_, "slack")) => true,
                Some((f, other)) => {
                    let why = format!("unknown format {other:?}; expected \"json\" or \"slack\"");
                    return Err(ctx.err(f.span(), why));
                }
            };
            let events = match &n.events {
                None => NoticeKind::ALL.to_vec(),
                Some(list) => list
                    .iter()
                    .map(|e| {
                        NoticeKind::parse(e.get_ref()).ok_or_else(|| {
                            let all: Vec<&str> =
                                NoticeKind::ALL.iter().map(|k| k.as_str()).collect();
                            let why = format!(
                                "unknown event {:?}; expected one of {}",
                                e.get_ref(),
                                all.join(", ")
                            );
                            ctx.err(e.span(), why)
                        })
                    })
                    .collect::<Result<_, _>>()?,
            };
            Ok(NotifyTarget {
                url: url(ctx, &n.url)?,
                slack,
                events,
                min_interval: match &n.min_interval {
                    Some(d) => bounded(ctx, d, "min_interval", MIN_INTERVAL)?,
                    None => Duration::from_secs(300),
                },
                timeout: match &n.timeout {
                    Some(d) => bounded(ctx, d, "timeout", NOTIFY_TIMEOUT)?,
                    None => Duration::from_secs(5),
                },
            })
        })
        .collect()
}

pub(super) fn maintenance(
    ctx: &Ctx,
    raw: &[RawMaintenance],
    channels: &[ChannelConfig],
) -> Result<Vec<Maintenance>, InputError> {
    raw.iter()
        .map(|m| {
            let channel = match &m.channel {
                Some(c) => {
                    let name = crate::base::input::canonical_name(c.get_ref().trim()).into_owned();
                    if !channels.iter().any(|ch| ch.name == name) {
                        return Err(ctx.err(c.span(), format!("no channel named {name:?}")));
                    }
                    Some(name)
                }
                None => None,
            };
            let time = |s: &Spanned<String>| {
                crate::snapshot::parse_rfc3339_ms(s.get_ref().trim()).ok_or_else(|| {
                    let why = format!(
                        "bad time {:?}: RFC 3339 with a zone, e.g. \"2026-12-02T01:00:00Z\"",
                        s.get_ref()
                    );
                    ctx.err(s.span(), why)
                })
            };
            let (start_ms, end_ms) = (time(&m.start)?, time(&m.end)?);
            if end_ms <= start_ms {
                return Err(ctx.err(m.end.span(), "`end` must be after `start`"));
            }
            Ok(Maintenance {
                channel,
                start_ms,
                end_ms,
                reason: m.reason.clone().unwrap_or_else(|| "maintenance".into()),
            })
        })
        .collect()
}
