//! `POST /say`: ChatOps orders over HTTP for consoles attached with `--connect`. Off
//! unless the config names a token (`[serve] token_env`); a request must carry it as a
//! bearer token. The words are understood by the same engine as the console's prompt
//! and `--say`, with the same rule: a command that changes something runs only when the
//! request says it was confirmed (`"yes": true`), else the reply says what would happen.
//! A confirmed order is written to the audit log, with the caller's address, before it
//! is passed to the poller, the executor or the route-apply runner.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use crate::chatops::execute::{self, Done, Hands, PollerOrder, RecoveryOrder};
use crate::chatops::{reply, ChatCommand, Engine, Lang, ReplyContext, Teach};
use crate::domain::audit::{AuditEvent, Order};
use crate::domain::{Policy, RoutingMode};
use crate::poller::PollerCommand;
use crate::recovery::{AuditWriter, RecoveryCommand};
use crate::snapshot::Snapshot;

/// Where orders go: the running session's poller, executor and route runner, and the
/// audit log they are written to first. A reload (SIGHUP) replaces them.
#[derive(Clone)]
pub struct Ports {
    pub poller: mpsc::Sender<PollerCommand>,
    pub recovery: mpsc::Sender<RecoveryCommand>,
    pub routes: Option<mpsc::Sender<crate::route_apply::RouteCommand>>,
    /// `None` when this instance does not write the audit log (a standby, or another
    /// holds the lock): it then takes no order.
    pub(crate) audit: Option<AuditWriter>,
}

/// What `POST /say` needs: the token, and where orders go.
#[derive(Default)]
pub struct Orders {
    token: Option<String>,
    /// Why there is no token, for the refusal.
    off: String,
    ports: Mutex<Option<Ports>>,
    teach: Teach,
}

/// The body of `POST /say`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SayRequest {
    pub text: String,
    /// The operator confirmed (answered y): a command that changes something runs.
    #[serde(default)]
    pub yes: bool,
}

impl Orders {
    /// Orders with the value of `token_env` (none: orders are off, and `why` says so).
    pub fn new(token_env: Option<&str>, teach: Teach) -> Orders {
        let (token, off) = match token_env {
            None => (
                None,
                "orders are off: the controller's config has no [serve] token_env".to_string(),
            ),
            Some(var) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => (Some(v.trim().to_string()), String::new()),
                _ => (
                    None,
                    format!("orders are off: [serve] token_env names {var}, which is not set"),
                ),
            },
        };
        Orders {
            token,
            off,
            ports: Mutex::new(None),
            teach,
        }
    }

    /// Whether orders are taken at all (a token is set).
    pub fn on(&self) -> bool {
        self.token.is_some()
    }

    /// Why orders are off (empty when they are on).
    pub fn off_reason(&self) -> &str {
        &self.off
    }

    /// The session's ports (a new session after a reload replaces them).
    pub fn attach(&self, ports: Option<Ports>) {
        *self.ports.lock().unwrap_or_else(|p| p.into_inner()) = ports;
    }

    fn ports(&self) -> Option<Ports> {
        self.ports.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether `headers` carry the token (compared in constant time).
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .trim();
        same(given.as_bytes(), token.as_bytes())
    }

    /// Answers one request from `from` on the newest snapshot.
    pub fn answer(
        &self,
        from: Option<SocketAddr>,
        headers: &HeaderMap,
        body: &[u8],
        snap: &Snapshot,
    ) -> Response {
        if !self.on() {
            return refuse(StatusCode::FORBIDDEN, &self.off);
        }
        if !self.authorized(headers) {
            tracing::warn!(
                "POST /say refused: missing or wrong token (from {})",
                addr_text(from)
            );
            let mut r = refuse(StatusCode::UNAUTHORIZED, "missing or wrong token");
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            return r;
        }
        let req: SayRequest = match serde_json::from_slice(body) {
            Ok(r) => r,
            Err(e) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    &format!("the body must be {{\"text\": \"…\", \"yes\": false}}: {e}"),
                )
            }
        };
        if req.text.trim().is_empty() {
            return refuse(StatusCode::BAD_REQUEST, "text is empty");
        }
        self.order(from, &req, snap)
    }

    fn order(&self, from: Option<SocketAddr>, req: &SayRequest, snap: &Snapshot) -> Response {
        let names: Vec<&str> = snap.channels.iter().map(|c| c.name()).collect();
        let engine =
            Engine::new(&names, &self.teach).unwrap_or_else(|_| Engine::with_channels(&names));
        let c = engine.classify(&req.text);
        let policy = Policy {
            mode: snap.routing.mode,
            ..Policy::default()
        };
        let r = reply::reply(&c, snap, &ReplyContext::say(req.yes, false, policy));
        let intent = c.intent.id();
        let command = match r.command {
            Some(cmd) if req.yes || !r.needs_confirmation => cmd,
            _ => return said(intent, &r.text, false, r.needs_confirmation),
        };
        let Some(ports) = self.ports() else {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the controller is restarting",
            );
        };
        let Some(audit) = ports.audit.clone() else {
            return refuse(
                StatusCode::CONFLICT,
                "this controller does not act (a standby, or another instance holds the \
                 lock): no order is taken",
            );
        };
        let event = AuditEvent::Order(Order {
            from: addr_text(from),
            text: crate::base::sanitize::clean(&req.text).into_owned(),
            intent: intent.to_string(),
            channel: channel_of(&command).unwrap_or_default(),
        });
        // On the clock of the records around it (the poller's and the executor's).
        if !audit.record(snap.now_ms(), event) {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit log cannot be written: the order was not carried out",
            );
        }
        let done = execute::carry_out(command, c.lang, &mut ServeHands(&ports));
        let text = format!("{}{}", r.text, done.text);
        said(intent, &text, done.executed, false)
    }
}

/// The channel an order names, for the audit record.
fn channel_of(cmd: &ChatCommand) -> Option<String> {
    match cmd {
        ChatCommand::RunRecovery { channel, .. }
        | ChatCommand::ResetRecovery { channel }
        | ChatCommand::Silence { channel, .. } => channel.clone(),
        _ => None,
    }
}

fn addr_text(from: Option<SocketAddr>) -> String {
    from.map_or_else(|| "unknown".to_string(), |a| a.to_string())
}

/// Byte strings compared without stopping at the first difference: how long a wrong
/// token takes says nothing about how much of it was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for (i, &x) in b.iter().enumerate() {
        diff |= x ^ a.get(i).copied().unwrap_or(!x);
    }
    diff == 0
}

fn json_body(code: StatusCode, v: serde_json::Value) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{v}\n"),
    )
        .into_response()
}

fn refuse(code: StatusCode, why: &str) -> Response {
    json_body(code, json!({ "error": why }))
}

fn said(intent: &str, text: &str, executed: bool, needs_confirmation: bool) -> Response {
    json_body(
        StatusCode::OK,
        json!({
            "intent": intent,
            "reply": text.trim_end(),
            "executed": executed,
            "needs_confirmation": needs_confirmation,
        }),
    )
}

/// What an order over HTTP reaches: the session's poller, executor and route runner
/// (results show in the snapshots and on `/events`); never this machine's files.
struct ServeHands<'a>(&'a Ports);

const BY: crate::recovery::By = "remote";

fn sent(ok: bool, lang: Lang) -> Done {
    if ok {
        Done {
            text: format!("{}\n", crate::chatops::replies::DONE.get(lang)),
            executed: true,
            ..Done::default()
        }
    } else {
        Done::not_here(lang.pick(
            "컨트롤러가 바빠서 전달하지 못함; 다시 시도",
            "the controller is busy; the order was not delivered, try again",
        ))
    }
}

impl Hands for ServeHands<'_> {
    fn poller(&mut self, order: PollerOrder, lang: Lang) -> Done {
        let cmd = match order {
            PollerOrder::Refresh => PollerCommand::Refresh,
            PollerOrder::Pause => PollerCommand::Pause,
            PollerOrder::Resume => PollerCommand::Resume,
        };
        sent(self.0.poller.try_send(cmd).is_ok(), lang)
    }

    fn routing(&mut self, mode: RoutingMode, lang: Lang) -> Done {
        sent(
            self.0.poller.try_send(PollerCommand::SetMode(mode)).is_ok(),
            lang,
        )
    }

    fn recovery(&mut self, order: RecoveryOrder, lang: Lang) -> Done {
        let cmd = match order {
            RecoveryOrder::Run(channel) => RecoveryCommand::Run {
                channel,
                by: BY,
                reply: None,
            },
            RecoveryOrder::Reset(channel) => RecoveryCommand::Reset {
                channel,
                by: BY,
                reply: None,
            },
            RecoveryOrder::Silence { channel, minutes } => RecoveryCommand::Silence {
                channel,
                minutes,
                by: BY,
                reply: None,
            },
            RecoveryOrder::SetAuto(on) => RecoveryCommand::SetAuto { on, by: BY },
            RecoveryOrder::SetPolicy(name) => RecoveryCommand::SetPolicy {
                name,
                by: BY,
                reply: None,
            },
            RecoveryOrder::ApplyRoutes => {
                let Some(tx) = &self.0.routes else {
                    return Done::not_here(lang.pick(
                        "라우팅 대상 없음 ([[route_target]])",
                        "this controller has no route targets ([[route_target]])",
                    ));
                };
                let cmd = crate::route_apply::RouteCommand::Apply {
                    by: BY,
                    reply: None,
                };
                return sent(tx.try_send(cmd).is_ok(), lang);
            }
        };
        sent(self.0.recovery.try_send(cmd).is_ok(), lang)
    }

    fn export(&mut self, _: &std::path::Path, lang: Lang) -> Done {
        Done::not_here(lang.pick(
            "원격 콘솔은 컨트롤러에 파일을 쓰지 않음; 대시보드는 /dashboard",
            "a remote console writes no file on the controller; the dashboard is at /dashboard",
        ))
    }

    fn quit(&mut self, _: Lang) -> Done {
        Done::default()
    }
}

/// `GET /say`: whether orders are taken, for a console deciding whether it is read-only.
pub fn status(orders: &Orders) -> Response {
    json_body(
        StatusCode::OK,
        json!({
            "orders": orders.on(),
            "why": (!orders.on()).then(|| orders.off_reason()),
        }),
    )
}

/// Shared with the handlers.
pub type Shared = Arc<Orders>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abd", b"abc"));
        assert!(!same(b"ab", b"abc"));
        assert!(!same(b"abcd", b"abc"));
        assert!(!same(b"", b"abc"));
    }

    #[test]
    fn without_token_env_orders_are_off_and_say_why() {
        let o = Orders::new(None, Teach::default());
        assert!(!o.on());
        assert!(o.off_reason().contains("token_env"));
        let o = Orders::new(Some("SWITCHBOARD_TEST_UNSET_TOKEN_VAR"), Teach::default());
        assert!(!o.on());
        assert!(o.off_reason().contains("SWITCHBOARD_TEST_UNSET_TOKEN_VAR"));
    }
}
