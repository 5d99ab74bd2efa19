//! `[routing] apply` and `[[route_target]]`: where the routing order is written, checked
//! at load (kinds and their keys, mapped channels, the template's placeholders).

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{bounded, did_you_mean, limits, url, Ctx};
use crate::base::input::{canonical_name, InputError};
use crate::config::{
    ApplyMode, ApplySettings, ChannelConfig, RouteTarget, TargetKind, TargetWrite,
};
use crate::domain::route_apply::{litellm_yaml, parse_template, render, Placeholder};

/// The `[routing]` keys about applying the order (read with the rest of `[routing]`).
pub(super) struct RawApply<'a> {
    pub(super) apply: &'a Option<Spanned<String>>,
    pub(super) min_interval: &'a Option<Spanned<String>>,
    pub(super) verify_timeout: &'a Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    name: Spanned<String>,
    kind: Spanned<String>,
    url: Option<Spanned<String>>,
    admin_key_env: Option<String>,
    model_group: Option<String>,
    deployments: Option<Spanned<toml::Table>>,
    write: Option<Spanned<String>>,
    template: Option<Spanned<String>>,
    config: Option<Spanned<String>>,
    reload: Option<Spanned<Vec<String>>>,
    path: Option<Spanned<String>>,
}

/// `apply`, `min_interval` (default 1 m) and `verify_timeout` (default 15 s).
pub(super) fn apply(ctx: &Ctx, raw: RawApply) -> Result<ApplySettings, InputError> {
    let mode = match raw.apply.as_ref().map(|a| (a.get_ref().as_str(), a.span())) {
        None | Some(("off", _)) => ApplyMode::Off,
        Some(("confirm", _)) => ApplyMode::Confirm,
        Some(("auto", _)) => ApplyMode::Auto,
        Some((other, span)) => {
            let hint = did_you_mean(other, &["off", "confirm", "auto"]);
            return Err(ctx.err(
                span,
                format!("apply = {other:?}{hint}: one of off, confirm, auto"),
            ));
        }
    };
    let duration = |v: &Option<Spanned<String>>, key: &str, default: u64| match v {
        Some(s) => bounded(ctx, s, key, limits::GUARD),
        None => Ok(Duration::from_secs(default)),
    };
    Ok(ApplySettings {
        mode,
        min_interval: duration(raw.min_interval, "min_interval", 60)?,
        verify_timeout: duration(raw.verify_timeout, "verify_timeout", 15)?,
    })
}

/// Each target: a unique name, a known kind with the keys it uses and no others.
pub(super) fn targets(
    ctx: &Ctx,
    raw: &[RawTarget],
    channels: &[ChannelConfig],
) -> Result<Vec<RouteTarget>, InputError> {
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let mut out: Vec<RouteTarget> = Vec::with_capacity(raw.len());
    for t in raw {
        let name = t.name.get_ref().trim().to_string();
        if name.is_empty() || out.iter().any(|o| o.name == name) {
            return Err(ctx.err(
                t.name.span(),
                format!("route_target name {name:?} is empty or repeated"),
            ));
        }
        let kind = match t.kind.get_ref().as_str() {
            "litellm" => litellm(ctx, t, &names)?,
            "webhook" => {
                only(ctx, t, &["url"])?;
                TargetKind::Webhook {
                    url: url(ctx, required(ctx, t, &t.url, "url")?)?,
                }
            }
            "file" => {
                only(ctx, t, &["path", "template"])?;
                let path = required(ctx, t, &t.path, "path")?;
                TargetKind::File {
                    path: PathBuf::from(path.get_ref()),
                    template: t
                        .template
                        .as_ref()
                        .map(|s| template(ctx, s, &names).map(|(path, _)| path))
                        .transpose()?,
                }
            }
            other => {
                let hint = did_you_mean(other, &["litellm", "webhook", "file"]);
                return Err(ctx.err(
                    t.kind.span(),
                    format!("unknown route_target kind {other:?}{hint}"),
                ));
            }
        };
        out.push(RouteTarget { name, kind });
    }
    Ok(out)
}

fn litellm(ctx: &Ctx, t: &RawTarget, names: &[&str]) -> Result<TargetKind, InputError> {
    let write = t.write.as_ref().map_or("config", |w| w.get_ref().as_str());
    let keys: &[&str] = match write {
        "api" => &[
            "url",
            "admin_key_env",
            "model_group",
            "deployments",
            "write",
        ],
        "config" => &[
            "url",
            "admin_key_env",
            "model_group",
            "deployments",
            "write",
            "template",
            "config",
            "reload",
        ],
        other => {
            let span = t.write.as_ref().map(|w| w.span()).unwrap_or_default();
            return Err(ctx.err(
                span,
                format!("write = {other:?}: one of \"config\", \"api\""),
            ));
        }
    };
    only(ctx, t, keys)?;
    let group = t.model_group.clone().filter(|g| !g.trim().is_empty());
    let Some(model_group) = group else {
        return Err(ctx.err(t.name.span(), "a litellm target needs model_group"));
    };
    let table = required(ctx, t, &t.deployments, "deployments")?;
    let mut deployments = Vec::new();
    for (channel, id) in table.get_ref() {
        let channel = canonical_name(channel).into_owned();
        if !names.contains(&channel.as_str()) {
            let hint = did_you_mean(&channel, names);
            return Err(ctx.err(
                table.span(),
                format!("deployments: unknown channel {channel:?}{hint}"),
            ));
        }
        let Some(id) = id.as_str().filter(|s| !s.is_empty()) else {
            return Err(ctx.err(
                table.span(),
                format!("deployments: {channel} needs a model id string"),
            ));
        };
        deployments.push((channel, id.to_string()));
    }
    if deployments.is_empty() {
        return Err(ctx.err(table.span(), "deployments is empty"));
    }
    // Channels in config order: the order of `[[channel]]` is the preference order.
    deployments.sort_by_key(|(c, _)| names.iter().position(|n| n == c));
    let write = match write {
        "api" => TargetWrite::Api,
        _ => TargetWrite::Config {
            template: {
                let at = required(ctx, t, &t.template, "template")?;
                let (path, text) = template(ctx, at, names)?;
                loads(ctx, at, &path, &text, &model_group, &deployments)?;
                path
            },
            config: PathBuf::from(required(ctx, t, &t.config, "config")?.get_ref()),
            reload: match &t.reload {
                Some(r) if r.get_ref().is_empty() => {
                    return Err(ctx.err(r.span(), "reload is empty"))
                }
                Some(r) => r.get_ref().clone(),
                None => Vec::new(),
            },
        },
    };
    Ok(TargetKind::Litellm {
        url: url(ctx, required(ctx, t, &t.url, "url")?)?,
        admin_key_env: t.admin_key_env.clone(),
        model_group,
        deployments,
        write,
    })
}

/// The template file, read and checked now: an incident is no time to learn that it
/// names a channel that does not exist.
fn template(
    ctx: &Ctx,
    s: &Spanned<String>,
    names: &[&str],
) -> Result<(PathBuf, String), InputError> {
    let path = PathBuf::from(s.get_ref());
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ctx.err(
            s.span(),
            format!(
                "template {}: {}",
                path.display(),
                crate::base::input::io_reason(&e)
            ),
        )
    })?;
    let pieces = parse_template(&text)
        .map_err(|p| ctx.err(s.span(), format!("template {}: {p}", path.display())))?;
    for piece in pieces {
        if let Err(Placeholder::Order(name)) = piece {
            if !names.contains(&canonical_name(&name).as_ref()) {
                let hint = did_you_mean(&name, names);
                return Err(ctx.err(
                    s.span(),
                    format!(
                        "template {}: {{{{order:{name}}}}} names no channel{hint}",
                        path.display()
                    ),
                ));
            }
        }
    }
    Ok((path, text))
}

/// The template rendered with the channels in config order must be a config LiteLLM
/// loads, with those orders on the mapped deployments: only numbers and names are ever
/// substituted, so a template that passes here renders a loadable config every time.
fn loads(
    ctx: &Ctx,
    s: &Spanned<String>,
    path: &std::path::Path,
    text: &str,
    group: &str,
    deployments: &[(String, String)],
) -> Result<(), InputError> {
    let order: Vec<String> = deployments.iter().map(|(c, _)| c.clone()).collect();
    let want: Vec<(String, u32)> = deployments
        .iter()
        .zip(1..)
        .map(|((_, id), n)| (id.clone(), n))
        .collect();
    render(text, &order)
        .and_then(|rendered| litellm_yaml::check(&rendered, group, &want))
        .map_err(|e| {
            ctx.err(
                s.span(),
                format!(
                    "template {} renders a config LiteLLM would not load as meant: {e}",
                    path.display()
                ),
            )
        })
}

fn required<'a, T>(
    ctx: &Ctx,
    t: &RawTarget,
    v: &'a Option<Spanned<T>>,
    key: &str,
) -> Result<&'a Spanned<T>, InputError> {
    v.as_ref().ok_or_else(|| {
        ctx.err(
            t.kind.span(),
            format!("a {} target needs {key}", t.kind.get_ref()),
        )
    })
}

/// A key the kind does not use is an error, as for probes.
fn only(ctx: &Ctx, t: &RawTarget, keys: &[&str]) -> Result<(), InputError> {
    let present = [
        ("url", t.url.as_ref().map(|v| v.span())),
        (
            "admin_key_env",
            t.admin_key_env.as_ref().map(|_| t.name.span()),
        ),
        ("model_group", t.model_group.as_ref().map(|_| t.name.span())),
        ("deployments", t.deployments.as_ref().map(|v| v.span())),
        ("write", t.write.as_ref().map(|v| v.span())),
        ("template", t.template.as_ref().map(|v| v.span())),
        ("config", t.config.as_ref().map(|v| v.span())),
        ("reload", t.reload.as_ref().map(|v| v.span())),
        ("path", t.path.as_ref().map(|v| v.span())),
    ];
    for (key, span) in present {
        if let Some(span) = span.filter(|_| !keys.contains(&key)) {
            return Err(ctx.err(
                span,
                format!("`{key}` does not apply to a {} target", t.kind.get_ref()),
            ));
        }
    }
    Ok(())
}
