//! `[[notify]]`: webhooks that hear of a channel going down and coming back (from the
//! snapshots) and of recoveries, escalations and resets (from the executor's records).
//! Rate-limited per target, channel and event (`domain::notice`), silent during a
//! `[[maintenance]]` window, sent only by the instance that holds the recovery lock (two
//! instances never page twice). Each send is its own task, bounded by the target's
//! timeout and a 64 KiB body (`http_call`), at most `IN_FLIGHT` at once: a slow or dead
//! endpoint costs a log line, never a stalled poller.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tokio::sync::{mpsc, watch, Semaphore};

use crate::base::state_dir::LogSink;
use crate::config::NotifyTarget;
use crate::domain::notice::{in_maintenance, Maintenance, Notice, NoticeKind, RateLimit};
use crate::domain::Health;
use crate::snapshot::Snapshot;

/// Sends in flight at once; beyond this a notice is dropped (and said).
const IN_FLIGHT: usize = 8;

/// What the notifier needs.
pub struct NotifySpec {
    pub targets: Vec<NotifyTarget>,
    pub maintenance: Vec<Maintenance>,
    pub client: reqwest::Client,
    pub log: Option<LogSink>,
}

/// Runs until the snapshots end.
pub fn spawn(
    spec: NotifySpec,
    mut snapshots: watch::Receiver<Arc<Snapshot>>,
    mut records: mpsc::UnboundedReceiver<Notice>,
) {
    tokio::spawn(async move {
        let mut n = Notifier {
            spec,
            limit: RateLimit::default(),
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
            silenced: Vec::new(),
        };
        let mut edges = Edges::default();
        loop {
            tokio::select! {
                r = snapshots.changed() => {
                    if r.is_err() {
                        return;
                    }
                    let snap = snapshots.borrow_and_update().clone();
                    let acts = snap.executor.as_ref().is_some_and(|x| x.lock_held);
                    n.silenced = snap.executor.as_ref().map_or_else(Vec::new, |x| x.maintenance.clone());
                    for notice in edges.changes(&snap) {
                        if acts {
                            n.send(notice);
                        }
                    }
                }
                Some(notice) = records.recv() => n.send(notice),
            }
        }
    });
}

struct Notifier {
    spec: NotifySpec,
    limit: RateLimit,
    slots: Arc<Semaphore>,
    /// Channels in a maintenance window or silenced now (the executor's view, which
    /// holds the silences given at run time too), and until when.
    silenced: Vec<(String, i64)>,
}

impl Notifier {
    fn send(&mut self, notice: Notice) {
        let window = in_maintenance(&self.spec.maintenance, &notice.channel, notice.at_ms)
            .map(|m| m.end_ms)
            .or_else(|| {
                self.silenced
                    .iter()
                    .find(|(c, until)| *c == notice.channel && *until > notice.at_ms)
                    .map(|(_, until)| *until)
            });
        if let Some(until) = window {
            self.say(&format!(
                "notify: {} {} held back: maintenance until {}",
                notice.channel,
                notice.kind.as_str(),
                crate::snapshot::rfc3339_ms(until)
            ));
            return;
        }
        for (i, t) in self.spec.targets.iter().enumerate() {
            let gap = t.min_interval.as_millis() as i64;
            if !t.events.contains(&notice.kind) || !self.limit.allow(i, &notice, gap) {
                continue;
            }
            let Ok(permit) = self.slots.clone().try_acquire_owned() else {
                self.say(&format!(
                    "notify: {} busy endpoints, dropped {} {}",
                    IN_FLIGHT,
                    notice.channel,
                    notice.kind.as_str()
                ));
                continue;
            };
            let req = self
                .spec
                .client
                .post(&t.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body(&notice, t.slack).to_string());
            let (timeout, log) = (t.timeout, self.spec.log.clone());
            let host = crate::http_call::webhook_target(&t.url);
            let what = format!("{} {}", notice.channel, notice.kind.as_str());
            tokio::spawn(async move {
                let _permit = permit;
                let failed = match crate::http_call::send(req, timeout).await {
                    Ok(r) if r.status.is_success() => None,
                    Ok(r) => Some(format!("HTTP {}", r.status)),
                    Err(e) => Some(e),
                };
                if let (Some(why), Some(log)) = (failed, log) {
                    log(&format!("notify {host}: {what} not delivered: {why}"));
                }
            });
        }
    }

    fn say(&self, line: &str) {
        if let Some(log) = &self.spec.log {
            log(line);
        }
    }
}

/// The body: the notice as JSON, or Slack's `{"text": …}`.
pub fn body(n: &Notice, slack: bool) -> serde_json::Value {
    if slack {
        return serde_json::json!({ "text": format!("switchboard: {}", n.text) });
    }
    serde_json::json!({
        "source": "switchboard",
        "event": n.kind.as_str(),
        "channel": n.channel,
        "at": crate::snapshot::rfc3339_ms(n.at_ms),
        "text": n.text,
    })
}

/// Down and back, from successive snapshots: OFFLINE is down; leaving it is back.
#[derive(Default)]
struct Edges {
    down: FxHashMap<String, bool>,
}

impl Edges {
    fn changes(&mut self, s: &Snapshot) -> Vec<Notice> {
        let Some(live) = &s.live else {
            return Vec::new();
        };
        if live.rounds == 0 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in &s.channels {
            let now = c.eval.health == Health::Offline;
            let was = self.down.insert(c.name().to_string(), now);
            let (kind, text) = match (was, now) {
                (Some(false) | None, true) => (
                    NoticeKind::Down,
                    format!(
                        "{} is down: {}",
                        c.name(),
                        c.details.last_error.as_deref().unwrap_or("no answer")
                    ),
                ),
                (Some(true), false) => (
                    NoticeKind::Back,
                    format!("{} answers again ({})", c.name(), c.eval.health),
                ),
                _ => continue,
            };
            out.push(Notice {
                kind,
                channel: c.name().to_string(),
                at_ms: live.at_ms,
                text,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_or_slack_text() {
        let n = Notice {
            kind: NoticeKind::Down,
            channel: "Gateway".into(),
            at_ms: 1_764_000_000_000,
            text: "Gateway is down: connection refused".into(),
        };
        let j = body(&n, false);
        assert_eq!(j["event"], "down");
        assert_eq!(j["channel"], "Gateway");
        assert_eq!(j["at"], "2025-11-24T16:00:00Z");
        assert_eq!(
            body(&n, true),
            serde_json::json!({"text": "switchboard: Gateway is down: connection refused"})
        );
    }
}
