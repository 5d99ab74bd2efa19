//! Running one recovery action: a command (argv, no shell, its own process group, killed
//! whole on timeout, output read with a bound), a webhook (POST of the decision as JSON,
//! header values from the environment), or the demo's restart of a simulated channel.
//! Known secret values are cut out of whatever output is kept.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::base::process::{read_bounded_into, spawn_group, Keep};
use crate::config::{ActionConfig, ActionKind};
pub use crate::http_call::webhook_target;
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
    /// It could not run for want of the daemon's own resources: not the channel's failure.
    pub fault: Option<crate::base::fault::Kind>,
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
    // Redacted first, cut after: cutting first could keep the tail of a secret that
    // the cut had separated from its head, where no whole value matches any more.
    out.output = tail(&redact(&out.output, &ctx.secrets));
    if let Some(e) = out.error.as_mut() {
        *e = redact(e, &ctx.secrets);
    }
    out
}

/// Secrets shorter than this are not looked for (they would match ordinary words).
const SECRET_MIN: usize = 4;

/// Replaces every known secret value in `text`, and also the part of one that a read
/// bound cut at either end of it (the text may be the newest 64 KiB of an output).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut t = secrets
        .iter()
        .filter(|s| s.len() >= SECRET_MIN)
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), "[redacted]"));
    for s in secrets.iter().filter(|s| s.len() >= SECRET_MIN) {
        // Longest first: the largest piece of the secret at the edge goes.
        let partial = (SECRET_MIN..s.len()).rev();
        if let Some(k) = partial
            .clone()
            .find(|&k| s.get(s.len() - k..).is_some_and(|end| t.starts_with(end)))
        {
            t.replace_range(..k, "[redacted]");
        }
        if let Some(k) = partial
            .clone()
            .find(|&k| s.get(..k).is_some_and(|head| t.ends_with(head)))
        {
            t.replace_range(t.len() - k.., "[redacted]");
        }
    }
    t
}

async fn command(argv: &[String], def: &ActionConfig, ctx: &ActionContext) -> ActionOutcome {
    let Some((program, args)) = argv.split_first() else {
        return ActionOutcome {
            error: Some("empty command".to_string()),
            ..ActionOutcome::default()
        };
    };
    let mut cmd = tokio::process::Command::new(program);
    crate::base::process::clean_env(&mut cmd, &def.env);
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
                    crate::base::input::io_reason(&e)
                )),
                fault: crate::base::fault::of_io(&e),
                ..ActionOutcome::default()
            }
        }
    };
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let kept: Arc<[Mutex<Vec<u8>>; 2]> = Arc::default();
    let reading = kept.clone();
    let mut output = tokio::spawn(async move {
        tokio::join!(
            read_bounded_into(stdout, READ_CAP, Keep::Tail, &reading[0]),
            read_bounded_into(stderr, READ_CAP, Keep::Tail, &reading[1])
        );
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
    // A grandchild that keeps the pipes open must not hold the record back, nor cost
    // it what was written before: what has been read by then is kept.
    if tokio::time::timeout(Duration::from_secs(1), &mut output)
        .await
        .is_err()
    {
        output.abort();
    }
    let take =
        |m: &Mutex<Vec<u8>>| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner()));
    let mut bytes = take(&kept[0]);
    bytes.extend_from_slice(&take(&kept[1]));
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
        output: String::from_utf8_lossy(&bytes).into_owned(),
        ..ActionOutcome::default()
    }
}

/// The last `OUTPUT_TAIL` bytes of `text`, on a character boundary, trimmed.
fn tail(text: &str) -> String {
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
            // Bounded like every HTTP read: an endless answer costs 64 KiB, and the
            // action's timeout bounds the wait (`timeout` above covers the body too).
            let body = crate::base::http_body::read(resp, READ_CAP, def.timeout).await;
            ActionOutcome {
                ok: status.is_success(),
                status: Some(status.as_u16()),
                error: (!status.is_success()).then(|| format!("HTTP {status}")),
                output: String::from_utf8_lossy(&body.bytes).into_owned(),
                ..ActionOutcome::default()
            }
        }
        Err(e) => ActionOutcome {
            timed_out: e.is_timeout(),
            fault: crate::base::fault::of_error(&e),
            error: Some(if e.is_timeout() {
                format!("timeout after {}", humantime::format_duration(def.timeout))
            } else {
                // reqwest's message may carry the URL, and a webhook URL is often a secret.
                format!(
                    "webhook failed: {}",
                    crate::base::http_body::root_cause(&e.without_url())
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

#[cfg(test)]
mod tests;
