//! Running one recovery action: a command (argv, no shell, its own process group, killed
//! whole on timeout, output read with a bound), a webhook (POST of the decision as JSON,
//! header values from the environment), or the demo's restart of a simulated channel.
//! Known secret values are cut out of whatever output is kept.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::{ActionConfig, ActionKind};
use crate::process::{read_bounded, spawn_group, Keep};
use crate::source::simulated::SimState;

/// The tail of an action's output kept for the audit log and views.
pub const OUTPUT_TAIL: usize = 400;
/// Output read at most; the rest is drained and dropped so the child never blocks.
const READ_CAP: usize = 64 * 1024;
/// After SIGTERM, the process group gets this long before SIGKILL.
const KILL_GRACE: Duration = Duration::from_secs(2);

/// What an action run is about (passed to commands as environment, to webhooks as JSON).
#[derive(Debug, Clone)]
pub struct ActionContext {
    pub channel: String,
    pub attempt: u32,
    pub reason: String,
    pub ts: String,
    pub client: reqwest::Client,
    /// The channel's simulated probe, for the demo's built-in restart.
    pub sim: Option<Arc<SimState>>,
    /// Values that must never be kept (API keys, webhook header values).
    pub secrets: Arc<Vec<String>>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionOutcome {
    pub ok: bool,
    pub exit_code: Option<i32>,
    /// HTTP status of a webhook.
    pub status: Option<u16>,
    pub duration_ms: u64,
    pub timed_out: bool,
    /// Why it could not run or failed, in words (never a secret).
    pub error: Option<String>,
    /// The last `OUTPUT_TAIL` bytes of stdout and stderr (or a webhook's body), redacted.
    pub output: String,
}

/// Runs `def` once, bounded by its timeout.
pub async fn run(def: &ActionConfig, ctx: &ActionContext) -> ActionOutcome {
    let started = Instant::now();
    let mut out = match &def.kind {
        ActionKind::Command { argv } => command(argv, def, ctx).await,
        ActionKind::Webhook { url, headers } => webhook(url, headers, def, ctx).await,
        ActionKind::SimulatedRestart => simulated(ctx).await,
    };
    out.duration_ms = started.elapsed().as_millis() as u64;
    out.output = redact(&out.output, &ctx.secrets);
    if let Some(e) = out.error.as_mut() {
        *e = redact(e, &ctx.secrets);
    }
    out
}

/// Replaces every known secret value in `text`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), "[redacted]"))
}

async fn command(argv: &[String], def: &ActionConfig, ctx: &ActionContext) -> ActionOutcome {
    let Some((program, args)) = argv.split_first() else {
        return ActionOutcome {
            error: Some("empty command".to_string()),
            ..ActionOutcome::default()
        };
    };
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(args)
        .env("SWITCHBOARD_CHANNEL", &ctx.channel)
        .env("SWITCHBOARD_ACTION", &def.name)
        .env("SWITCHBOARD_ATTEMPT", ctx.attempt.to_string())
        .env("SWITCHBOARD_REASON", &ctx.reason)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (mut child, group) = match spawn_group(&mut cmd) {
        Ok(c) => c,
        Err(e) => {
            return ActionOutcome {
                error: Some(format!(
                    "cannot run {program:?}: {}",
                    crate::source::input::io_reason(&e)
                )),
                ..ActionOutcome::default()
            }
        }
    };
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let output = tokio::spawn(async move {
        let (a, b) = tokio::join!(
            read_bounded(stdout, READ_CAP, Keep::Tail),
            read_bounded(stderr, READ_CAP, Keep::Tail)
        );
        let mut both = a;
        both.extend_from_slice(&b);
        both
    });
    let (status, timed_out) = match tokio::time::timeout(def.timeout, child.wait()).await {
        Ok(status) => {
            // Background grandchildren keep the group (and its id) alive; they are left
            // alone, as before: an action may start a daemon on purpose.
            group.disarm();
            (status.ok(), false)
        }
        Err(_) => {
            group.terminate(&mut child, KILL_GRACE).await;
            (None, true)
        }
    };
    // A grandchild that keeps the pipes open must not hold the record back.
    let bytes = tokio::time::timeout(Duration::from_secs(1), output)
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let exit_code = status.and_then(|s| s.code());
    let ok = !timed_out && status.is_some_and(|s| s.success());
    let error = if timed_out {
        Some(format!(
            "timeout after {}",
            humantime::format_duration(def.timeout)
        ))
    } else if !ok {
        Some(match exit_code {
            Some(c) => format!("exit {c}"),
            None => "killed by a signal".to_string(),
        })
    } else {
        None
    };
    ActionOutcome {
        ok,
        exit_code,
        timed_out,
        error,
        output: tail(&bytes),
        ..ActionOutcome::default()
    }
}

/// The last `OUTPUT_TAIL` bytes as text, on a character boundary, trimmed.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut start = text.len().saturating_sub(OUTPUT_TAIL);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_string()
}

async fn webhook(
    url: &str,
    headers: &std::collections::BTreeMap<String, String>,
    def: &ActionConfig,
    ctx: &ActionContext,
) -> ActionOutcome {
    let body = serde_json::json!({
        "event": "recovery",
        "ts": ctx.ts,
        "channel": ctx.channel,
        "action": def.name,
        "attempt": ctx.attempt,
        "reason": ctx.reason,
    });
    let mut req = ctx
        .client
        .post(url)
        .timeout(def.timeout)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string());
    for (name, var) in headers {
        match crate::config::api_key(var) {
            Ok(value) => req = req.header(name.as_str(), value),
            Err(e) => {
                return ActionOutcome {
                    error: Some(format!("header {name}: {e}")),
                    ..ActionOutcome::default()
                }
            }
        }
    }
    match req.send().await {
        Ok(resp) => {
            let status = resp.status();
            let body = resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            let cut = &body[..body.len().min(READ_CAP)];
            ActionOutcome {
                ok: status.is_success(),
                status: Some(status.as_u16()),
                error: (!status.is_success()).then(|| format!("HTTP {status}")),
                output: tail(cut),
                ..ActionOutcome::default()
            }
        }
        Err(e) => ActionOutcome {
            timed_out: e.is_timeout(),
            error: Some(if e.is_timeout() {
                format!("timeout after {}", humantime::format_duration(def.timeout))
            } else {
                // reqwest's message may carry the URL, and a webhook URL is often a secret.
                format!(
                    "webhook failed: {}",
                    crate::source::probe::root_cause(&e.without_url())
                )
            }),
            ..ActionOutcome::default()
        },
    }
}

/// How long the demo's simulated service takes to come back up.
const SIM_BOOT: Duration = Duration::from_millis(1500);

async fn simulated(ctx: &ActionContext) -> ActionOutcome {
    let Some(sim) = &ctx.sim else {
        return ActionOutcome {
            error: Some("not a simulated channel".to_string()),
            ..ActionOutcome::default()
        };
    };
    tokio::time::sleep(SIM_BOOT).await;
    sim.restart();
    ActionOutcome {
        ok: true,
        exit_code: Some(0),
        output: format!("simulated restart of {}", ctx.channel),
        ..ActionOutcome::default()
    }
}

/// Where a webhook goes, without the path or query (which may hold a token).
pub fn webhook_target(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!("{}://{}/…", u.scheme(), u.host_str().unwrap_or("?")),
        Err(_) => "webhook".to_string(),
    }
}

#[cfg(test)]
mod tests;
