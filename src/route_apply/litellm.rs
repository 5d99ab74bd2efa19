//! A LiteLLM proxy as a route target: within one model group, `litellm_params.order`
//! decides which deployment gets the traffic (the lowest order among healthy ones). Read
//! with `GET /model/info`; written with `PATCH /model/{id}/update` (a proxy with a
//! database) or by rendering its config from a template and running `reload` (the proxy
//! never re-reads its config by itself; under gunicorn SIGHUP to the master does).

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{files, ApplyError, Backup, WriteFailed};
use crate::config::{RouteTarget, TargetKind, TargetWrite};
use crate::domain::route_apply::litellm_yaml;

/// The answer's size this reads at most: a model list of a few hundred deployments.
const BODY_CAP: usize = 1 << 20;
/// How long reading an answer's body may take, all in.
const BODY_TIME: Duration = Duration::from_secs(10);
/// One admin API request, all in.
const REQUEST: Duration = Duration::from_secs(10);
/// How long `reload` may take.
const RELOAD: Duration = Duration::from_secs(30);
/// Between two read-backs while verifying.
const POLL: Duration = Duration::from_millis(250);

struct Parts<'a> {
    url: &'a str,
    key: Option<String>,
    group: &'a str,
    deployments: &'a [(String, String)],
    write: &'a TargetWrite,
}

fn parts(t: &RouteTarget) -> Parts<'_> {
    let TargetKind::Litellm {
        url,
        admin_key_env,
        model_group,
        deployments,
        write,
    } = &t.kind
    else {
        unreachable!("litellm adapter on a {:?} target", t.kind)
    };
    Parts {
        url: url.trim_end_matches('/'),
        key: admin_key_env.as_deref().and_then(|v| std::env::var(v).ok()),
        group: model_group,
        deployments,
        write,
    }
}

fn authorized(p: &Parts, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    match &p.key {
        Some(k) => req.bearer_auth(k),
        None => req,
    }
}

/// The body of an answer, bounded, and the proxy's own error message on a non-2xx.
async fn answer(
    resp: Result<reqwest::Response, reqwest::Error>,
    what: &str,
) -> Result<Vec<u8>, ApplyError> {
    let resp = resp.map_err(|e| {
        ApplyError::new(format!(
            "{what}: {}",
            crate::base::http_body::root_cause(&e)
        ))
    })?;
    let status = resp.status();
    let read = crate::base::http_body::read(resp, BODY_CAP, BODY_TIME).await;
    let body = read.bytes;
    if status.is_success() {
        if let Some(e) = read.error {
            return Err(ApplyError::new(format!("{what}: {e}")));
        }
        return Ok(body);
    }
    // LiteLLM says why in {"error": {"message": …}} or {"detail": …}.
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let msg = v["error"]["message"]
        .as_str()
        .or(v["detail"].as_str())
        .or(v["detail"]["error"].as_str())
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    Err(ApplyError::new(format!(
        "{what}: {status}: {}",
        crate::base::sanitize::clean(&msg)
    )))
}

/// `GET /model/info`'s deployments.
async fn model_info(p: &Parts<'_>, client: &reqwest::Client) -> Result<Vec<Value>, ApplyError> {
    // A fresh connection each time: after a reload, a pooled keep-alive connection
    // leads to the old worker, which shows the old orders and then stops answering
    // while it drains (measured under gunicorn: verifications hung until their timeout).
    let req = authorized(p, client.get(format!("{}/model/info", p.url)))
        .header(reqwest::header::CONNECTION, "close")
        .timeout(REQUEST);
    let body = answer(req.send().await, "GET /model/info").await?;
    let mut v: Value = serde_json::from_slice(&body)
        .map_err(|e| ApplyError::new(format!("GET /model/info: not JSON ({e})")))?;
    Ok(match v["data"].take() {
        Value::Array(a) => a,
        _ => Vec::new(),
    })
}

/// Each mapped deployment's `order` as the proxy has it now, in config order.
async fn orders(
    p: &Parts<'_>,
    client: &reqwest::Client,
) -> Result<Vec<(String, Option<u32>)>, ApplyError> {
    let data = model_info(p, client).await?;
    p.deployments
        .iter()
        .map(|(channel, id)| {
            let d = data
                .iter()
                .find(|d| {
                    d["model_info"]["id"].as_str() == Some(id.as_str())
                        && d["model_name"].as_str() == Some(p.group)
                })
                .ok_or_else(|| {
                    ApplyError::new(format!(
                        "deployment {id} ({channel}) is not in model group {}",
                        p.group
                    ))
                })?;
            let order = d["litellm_params"]["order"]
                .as_u64()
                .and_then(|o| u32::try_from(o).ok());
            Ok((id.clone(), order))
        })
        .collect()
}

/// The group's deployments the target does not map, with their order: never touched,
/// and one with a lower order than the mapped ones would take the traffic.
pub(super) async fn unmapped(
    t: &RouteTarget,
    client: &reqwest::Client,
) -> Result<Vec<(String, Option<u32>)>, ApplyError> {
    let p = parts(t);
    Ok(model_info(&p, client)
        .await?
        .iter()
        .filter(|d| d["model_name"].as_str() == Some(p.group))
        .filter_map(|d| d["model_info"]["id"].as_str().map(|id| (id, d)))
        .filter(|(id, _)| !p.deployments.iter().any(|(_, m)| m == id))
        .map(|(id, d)| {
            let order = d["litellm_params"]["order"]
                .as_u64()
                .and_then(|o| u32::try_from(o).ok());
            (id.to_string(), order)
        })
        .collect())
}

/// The mapped channels by their deployments' order (unset last), config order on ties.
pub(super) async fn read(
    t: &RouteTarget,
    client: &reqwest::Client,
) -> Result<Vec<String>, ApplyError> {
    let p = parts(t);
    let found = orders(&p, client).await?;
    let mut ranked: Vec<(u32, usize)> = found
        .iter()
        .enumerate()
        .map(|(i, (_, o))| (o.unwrap_or(u32::MAX), i))
        .collect();
    ranked.sort();
    Ok(ranked
        .into_iter()
        .map(|(_, i)| p.deployments[i].0.clone())
        .collect())
}

/// The order number each mapped deployment should have: its channel's place, 1 first.
fn wanted(p: &Parts, order: &[String]) -> Vec<(String, u32)> {
    p.deployments
        .iter()
        .map(|(channel, id)| {
            let place = order
                .iter()
                .position(|o| o == channel)
                .unwrap_or(order.len());
            (id.clone(), place as u32 + 1)
        })
        .collect()
}

pub(super) async fn write(
    t: &RouteTarget,
    client: &reqwest::Client,
    order: &[String],
) -> Result<Backup, WriteFailed> {
    let p = parts(t);
    match p.write {
        TargetWrite::Api => {
            let before = orders(&p, client).await.map_err(WriteFailed::alone)?;
            let mut done = Vec::new();
            for (id, n) in wanted(&p, order) {
                if before.iter().any(|(b, o)| *b == id && *o == Some(n)) {
                    continue;
                }
                if let Err(error) = patch(&p, client, &id, Some(n)).await {
                    // Put back the ones already changed before saying it failed.
                    let undo: Vec<_> = before
                        .iter()
                        .filter(|(b, _)| done.contains(b))
                        .cloned()
                        .collect();
                    let rollback = if undo.is_empty() {
                        None
                    } else {
                        Some(restore(t, client, Backup::Orders(undo)).await)
                    };
                    return Err(WriteFailed { error, rollback });
                }
                done.push(id);
            }
            Ok(Backup::Orders(before))
        }
        TargetWrite::Config {
            template,
            config,
            reload,
        } => {
            let bytes = files::contents(Some(template), order).map_err(WriteFailed::alone)?;
            loads_as_meant(&p, &bytes, order).map_err(WriteFailed::alone)?;
            let backup = files::write_bytes(config, bytes).map_err(WriteFailed::alone)?;
            if let Err(error) = run_reload(reload).await {
                // The proxy may have read the new file (a reload that failed late): the
                // old bytes go back and are reloaded in turn.
                let rollback = match &backup {
                    Backup::Bytes(old) => match files::restore(config, old.clone()) {
                        Ok(()) => run_reload(reload).await,
                        Err(e) => Err(e),
                    },
                    _ => Ok(()),
                };
                return Err(WriteFailed {
                    error,
                    rollback: Some(rollback),
                });
            }
            Ok(backup)
        }
    }
}

/// The rendered config is one LiteLLM loads with the orders meant: a config it cannot
/// load kills the proxy on reload, so nothing is written unless it passes.
fn loads_as_meant(p: &Parts, bytes: &[u8], order: &[String]) -> Result<(), ApplyError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApplyError::new("the rendered config is not UTF-8; nothing written"))?;
    litellm_yaml::check(text, p.group, &wanted(p, order)).map_err(|e| {
        ApplyError::new(format!(
            "the rendered config would not load as meant ({e}); nothing written"
        ))
    })
}

async fn patch(
    p: &Parts<'_>,
    client: &reqwest::Client,
    id: &str,
    order: Option<u32>,
) -> Result<(), ApplyError> {
    let req = authorized(p, client.patch(format!("{}/model/{id}/update", p.url)))
        .header(reqwest::header::CONNECTION, "close")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::json!({ "litellm_params": { "order": order } }).to_string())
        .timeout(REQUEST);
    answer(req.send().await, &format!("PATCH /model/{id}/update"))
        .await
        .map(|_| ())
}

/// Runs `reload` (argv, no shell) in its own process group with the cleared environment
/// actions get, and a time limit; a non-zero exit is a failure naming its first stderr line.
async fn run_reload(argv: &[String]) -> Result<(), ApplyError> {
    let Some((prog, args)) = argv.split_first() else {
        return Ok(());
    };
    let mut cmd = tokio::process::Command::new(prog);
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    crate::base::process::clean_env(&mut cmd, &[]);
    let (child, group) = crate::base::process::spawn_group(&mut cmd)
        .map_err(|e| ApplyError::new(format!("reload {prog}: {e}")))?;
    let out = match tokio::time::timeout(RELOAD, child.wait_with_output()).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(ApplyError::new(format!("reload {prog}: {e}"))),
        Err(_) => {
            drop(group);
            return Err(ApplyError::new(format!(
                "reload {prog}: no exit within {}s",
                RELOAD.as_secs()
            )));
        }
    };
    if out.status.success() {
        return Ok(());
    }
    let first = String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    Err(ApplyError::new(format!(
        "reload {prog}: {}{}",
        out.status,
        if first.is_empty() {
            String::new()
        } else {
            format!(": {}", crate::base::sanitize::clean(&first))
        }
    )))
}

/// Polls `GET /model/info` until every mapped deployment shows its place in `order` on
/// two reads in a row (another worker may not have reloaded yet on the first).
pub(super) async fn verify(
    t: &RouteTarget,
    client: &reqwest::Client,
    order: &[String],
    limit: Duration,
) -> (Result<(), ApplyError>, Vec<String>) {
    let p = parts(t);
    let want = wanted(&p, order);
    let deadline = Instant::now() + limit;
    let (mut in_a_row, mut seen, mut last_err) = (0, Vec::new(), None);
    loop {
        // Each read within what is left of `limit`: a proxy that does not answer (its
        // workers replaced after a reload) must not stretch the verification past it.
        let left = deadline.saturating_duration_since(Instant::now());
        let read = match tokio::time::timeout(left, orders(&p, client)).await {
            Ok(r) => r,
            Err(_) => Err(ApplyError::new(format!(
                "GET /model/info: no answer within verify_timeout ({}s)",
                limit.as_secs()
            ))),
        };
        match read {
            Ok(now) => {
                seen = now.clone();
                let same = want
                    .iter()
                    .all(|(id, n)| now.iter().any(|(i, o)| i == id && *o == Some(*n)));
                in_a_row = if same { in_a_row + 1 } else { 0 };
                if in_a_row >= 2 {
                    return (Ok(()), order.to_vec());
                }
            }
            Err(e) => {
                in_a_row = 0;
                last_err = Some(e);
            }
        }
        if Instant::now() + POLL > deadline {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    let shown: Vec<String> = seen
        .iter()
        .map(|(id, o)| format!("{id}={}", o.map_or("unset".into(), |o| o.to_string())))
        .collect();
    let why = match last_err {
        Some(e) if seen.is_empty() => e.0,
        _ => format!(
            "not verified within {}s: the proxy shows {}",
            limit.as_secs(),
            shown.join(", ")
        ),
    };
    let observed = p.deployments.iter().map(|(c, _)| c.clone()).collect();
    (Err(ApplyError::new(why)), observed)
}

/// Puts back what `write` replaced.
pub(super) async fn restore(
    t: &RouteTarget,
    client: &reqwest::Client,
    backup: Backup,
) -> Result<(), ApplyError> {
    let p = parts(t);
    match (p.write, backup) {
        (TargetWrite::Api, Backup::Orders(before)) => {
            for (id, order) in before {
                patch(&p, client, &id, order).await?;
            }
            Ok(())
        }
        (TargetWrite::Config { config, reload, .. }, Backup::Bytes(old)) => {
            files::restore(config, old)?;
            run_reload(reload).await
        }
        _ => Ok(()),
    }
}
