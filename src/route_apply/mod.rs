//! Writing the routing order to route targets (docs/routing.md, "Applying routes"): each
//! adapter reads a target's current order, writes a new one, verifies it by reading back
//! and restores the previous state when any step fails. When a change is due and what the
//! order is are decided in `domain::route_apply`; this is the I/O.

mod files;
mod litellm;
mod runner;

pub(crate) use runner::prepare;
pub use runner::{RouteCommand, RouteHandle, RouteSpec, RouteView, TargetView};

use std::time::{Duration, Instant};

use crate::config::{RouteTarget, TargetKind};
use crate::domain::route_apply::TargetState;
use crate::recovery::audit::RouteMemory;
use std::sync::Arc;
use tokio::sync::watch;

/// A step that failed, in words an operator can act on (the proxy's own message included).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ApplyError(pub String);

impl ApplyError {
    fn new(what: impl Into<String>) -> Self {
        ApplyError(what.into())
    }
}

/// A write that failed, and whether what it had already changed was put back.
#[derive(Debug)]
pub(crate) struct WriteFailed {
    pub error: ApplyError,
    /// `None`: nothing had changed.
    pub rollback: Option<Result<(), ApplyError>>,
}

impl WriteFailed {
    /// A failure before anything changed.
    fn alone(error: ApplyError) -> Self {
        WriteFailed {
            error,
            rollback: None,
        }
    }
}

/// What a write replaced, to put back on failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Backup {
    /// Deployment id → its previous `order` (LiteLLM API).
    Orders(Vec<(String, Option<u32>)>),
    /// The file's previous bytes (`None`: there was no file).
    Bytes(Option<Vec<u8>>),
    /// Nothing can be taken back (a webhook was told).
    Nothing,
}

/// How one apply went, step by step (each is audited).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `Ok`: written and verified.
    pub result: Result<(), ApplyError>,
    /// Milliseconds from the write's start to a verified read-back.
    pub verify_ms: Option<u64>,
    /// The order read back last.
    pub observed: Vec<String>,
    /// Whether a rollback ran, and how it went.
    pub rollback: Option<Result<(), ApplyError>>,
}

/// One target, ready to be read and written.
pub struct Adapter {
    target: RouteTarget,
    client: reqwest::Client,
}

impl Adapter {
    pub fn new(target: RouteTarget, client: reqwest::Client) -> Self {
        Adapter { target, client }
    }

    pub fn name(&self) -> &str {
        &self.target.name
    }

    /// `litellm`, `webhook` or `file`.
    pub fn kind(&self) -> &'static str {
        self.target.kind.word()
    }

    /// How it is written: `api`, `config`, `webhook` or `file`.
    pub fn write_kind(&self) -> &'static str {
        match &self.target.kind {
            TargetKind::Litellm {
                write: crate::config::TargetWrite::Api,
                ..
            } => "api",
            TargetKind::Litellm { .. } => "config",
            TargetKind::Webhook { .. } => "webhook",
            TargetKind::File { .. } => "file",
        }
    }

    /// Whether the target can be read back (a webhook cannot).
    pub fn readable(&self) -> bool {
        !matches!(self.target.kind, TargetKind::Webhook { .. })
    }

    /// A LiteLLM target's deployments of its group that it does not map, with their
    /// order; empty for other kinds.
    pub async fn unmapped(&self) -> Result<Vec<(String, Option<u32>)>, ApplyError> {
        match &self.target.kind {
            TargetKind::Litellm { .. } => litellm::unmapped(&self.target, &self.client).await,
            _ => Ok(Vec::new()),
        }
    }

    /// The channels this target routes, in config order.
    pub fn channels(&self) -> Vec<String> {
        match &self.target.kind {
            TargetKind::Litellm { deployments, .. } => {
                deployments.iter().map(|(c, _)| c.clone()).collect()
            }
            // A webhook or a file takes the whole order.
            _ => Vec::new(),
        }
    }

    /// The target's current order (first = where its traffic goes); empty when it cannot
    /// be known (a webhook; a templated file that is not `wanted` rendered).
    pub async fn read(&self, wanted: &[String]) -> Result<Vec<String>, ApplyError> {
        match &self.target.kind {
            TargetKind::Litellm { .. } => litellm::read(&self.target, &self.client).await,
            TargetKind::File { path, template } => {
                Ok(files::read_order(path, template.as_deref(), wanted))
            }
            TargetKind::Webhook { .. } => Ok(Vec::new()),
        }
    }

    /// Writes `order` (after `previous`), verifies it within `verify_timeout`, and on any
    /// failure restores what was there and verifies that in turn.
    pub async fn apply(
        &self,
        order: &[String],
        previous: &[String],
        verify_timeout: Duration,
    ) -> Outcome {
        let start = Instant::now();
        let backup = match self.write(order, previous).await {
            Ok(b) => b,
            Err(WriteFailed { error, rollback }) => {
                // A write that failed half way (a reload that failed after the file was
                // written) is undone by the adapter itself; the proxy must then show the
                // previous order again.
                let rollback = match rollback {
                    Some(Ok(())) if self.readable() && !previous.is_empty() => {
                        Some(self.verify(previous, verify_timeout).await.0)
                    }
                    other => other,
                };
                return Outcome {
                    result: Err(error),
                    verify_ms: None,
                    observed: Vec::new(),
                    rollback,
                };
            }
        };
        let (verified, observed) = self.verify(order, verify_timeout).await;
        if verified.is_ok() {
            return Outcome {
                result: Ok(()),
                verify_ms: Some(start.elapsed().as_millis() as u64),
                observed,
                rollback: None,
            };
        }
        let rollback = self.restore(backup, previous, verify_timeout).await;
        Outcome {
            result: verified,
            verify_ms: None,
            observed,
            rollback: Some(rollback),
        }
    }

    async fn write(&self, order: &[String], previous: &[String]) -> Result<Backup, WriteFailed> {
        match &self.target.kind {
            TargetKind::Litellm { .. } => litellm::write(&self.target, &self.client, order).await,
            TargetKind::File { path, template } => {
                files::write(path, template.as_deref(), order).map_err(WriteFailed::alone)
            }
            TargetKind::Webhook { url } => {
                webhook(&self.client, url, &self.target.name, order, previous)
                    .await
                    .map_err(WriteFailed::alone)
            }
        }
    }

    /// Reads back until the target shows `order` (LiteLLM: on two reads in a row), or
    /// the time is up; the error names what was seen.
    async fn verify(
        &self,
        order: &[String],
        limit: Duration,
    ) -> (Result<(), ApplyError>, Vec<String>) {
        match &self.target.kind {
            TargetKind::Litellm { .. } => {
                litellm::verify(&self.target, &self.client, order, limit).await
            }
            TargetKind::File { path, template } => files::verify(path, template.as_deref(), order),
            TargetKind::Webhook { .. } => (Ok(()), order.to_vec()),
        }
    }

    async fn restore(
        &self,
        backup: Backup,
        previous: &[String],
        limit: Duration,
    ) -> Result<(), ApplyError> {
        match (&self.target.kind, backup) {
            (TargetKind::Litellm { .. }, b) => {
                litellm::restore(&self.target, &self.client, b).await?;
                litellm::verify(&self.target, &self.client, previous, limit)
                    .await
                    .0
            }
            (TargetKind::File { path, .. }, Backup::Bytes(old)) => files::restore(path, old),
            (_, _) => Ok(()),
        }
    }
}

/// POSTs the order; a 2xx is the verification. Nothing to take back afterwards.
async fn webhook(
    client: &reqwest::Client,
    url: &str,
    target: &str,
    order: &[String],
    previous: &[String],
) -> Result<Backup, ApplyError> {
    let body = serde_json::json!({
        "event": "routing",
        "ts": jiff::Timestamp::now().to_string(),
        "target": target,
        "primary": order.first(),
        "fallback": order.get(1),
        "order": order,
        "previous": previous,
    });
    let req = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string());
    let status = crate::http_call::send(req, Duration::from_secs(10))
        .await
        .map_err(|e| ApplyError::new(format!("webhook: {e}")))?
        .status;
    if status.is_success() {
        Ok(Backup::Nothing)
    } else {
        Err(ApplyError::new(format!("webhook answered {status}")))
    }
}

/// Seeds a target with what the audit log says of it, so a restart neither writes a
/// change sooner than `min_interval` after the last one nor retries a failed one early.
fn remember(state: &mut TargetState, view: &mut TargetView, m: &RouteMemory) {
    state.last_change_ms = m.last_change_ms;
    state.last_failure_ms = m.last_failure_ms;
    view.last_change_ms = m.last_change_ms;
    view.verified = m.verified == Some(true);
    if m.verified == Some(false) {
        view.state = "failed";
        view.last_error = m.last_error.clone();
    }
}

fn publish(tx: &watch::Sender<Arc<RouteView>>, view: RouteView) {
    tx.send_if_modified(|cur| {
        if **cur == view {
            return false;
        }
        *cur = Arc::new(view);
        true
    });
}
