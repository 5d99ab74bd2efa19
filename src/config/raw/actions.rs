//! `[recovery]` and `[[action]]` as written, and their validation into the executor's
//! settings, the actions and which channels they are bound to.

use super::channels::RawChannel;
use super::*;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecovery {
    pub(super) actions: Option<Vec<String>>,
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
pub(super) struct RawAction {
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

pub(super) fn recovery(
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
pub(super) fn actions(ctx: &Ctx, raw: &[RawAction]) -> Result<Vec<ActionConfig>, InputError> {
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
pub(super) fn bindings(
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
