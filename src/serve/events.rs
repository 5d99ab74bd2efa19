//! `/events`: server-sent events of what the controller hears as it happens — the typed
//! changes of successive snapshots (`history::changes`) and every audit record — each
//! with an id, so a client that reconnects with `Last-Event-ID` gets what it missed from
//! a bounded backlog, or is told how much it cannot get. Publishing never waits for a
//! client: a client that reads too slowly loses the oldest events it had not read and
//! gets a `dropped` event saying how many.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use serde_json::json;
use tokio::sync::broadcast;

use crate::domain::audit::AuditLine;
use crate::domain::change::{Change, Tone};

/// Events kept for clients that reconnect.
pub const BACKLOG: usize = 1024;
/// Events a client may fall behind by before it loses the oldest.
pub const QUEUE: usize = 256;
/// A comment this often keeps proxies and the client's dead-peer check quiet.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One published event: its id within this run, its kind and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: u64,
    pub kind: &'static str,
    pub data: String,
}

/// Where the events of this run go, and the last [`BACKLOG`] of them.
pub struct Hub {
    /// Ids are `RUN-SEQ`: a client holding an id of an earlier run (the controller
    /// restarted) is told so instead of being given a wrong resume point.
    run: String,
    kept: Mutex<Kept>,
    tx: broadcast::Sender<Arc<Event>>,
}

#[derive(Default)]
struct Kept {
    next: u64,
    events: VecDeque<Arc<Event>>,
}

/// What a client asked to resume from, as the hub sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// Nothing was missed.
    None,
    /// Events of this run older than the backlog: this many are gone.
    Lost(u64),
    /// The id is of another run (the controller restarted since).
    Restarted,
}

impl Hub {
    pub fn new(run: String) -> Hub {
        let (tx, _) = broadcast::channel(QUEUE);
        Hub {
            run,
            kept: Mutex::new(Kept {
                next: 1,
                events: VecDeque::new(),
            }),
            tx,
        }
    }

    /// A hub for a run started at `at_ms`.
    pub fn starting(at_ms: i64) -> Arc<Hub> {
        Arc::new(Hub::new(format!("{at_ms:x}")))
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Numbers and sends one event; never waits for a client.
    pub fn publish(&self, kind: &'static str, data: String) {
        let mut k = self.kept();
        let ev = Arc::new(Event {
            seq: k.next,
            kind,
            data,
        });
        k.next += 1;
        if k.events.len() == BACKLOG {
            k.events.pop_front();
        }
        k.events.push_back(ev.clone());
        // Sent under the lock: subscribers see events in id order, none twice.
        let _ = self.tx.send(ev);
    }

    /// A change seen in the snapshot stamped `ts`.
    pub fn change(&self, ts: &str, c: &Change) {
        let (kind, channel) = describe(c);
        let data = json!({
            "ts": ts,
            "change": kind,
            "channel": channel,
            "tone": tone(c.tone()),
            "text": c.text(),
        });
        self.publish("change", data.to_string());
    }

    /// An audit record as written to the log.
    pub fn audit(&self, line: &AuditLine) {
        self.publish("audit", line.to_json());
    }

    /// The id a client sends back to resume after `ev`.
    pub fn id(&self, ev: &Event) -> String {
        format!("{}-{}", self.run, ev.seq)
    }

    /// The backlog after `last` (a `Last-Event-ID`; `None`: a new client, which gets the
    /// whole backlog), what it cannot have, and a receiver for what comes next — taken
    /// together, so no event falls between them.
    pub fn subscribe(
        &self,
        last: Option<&str>,
    ) -> (Vec<Arc<Event>>, Gap, broadcast::Receiver<Arc<Event>>) {
        let k = self.kept();
        let rx = self.tx.subscribe();
        let oldest = k.events.front().map_or(k.next, |e| e.seq);
        let after = match last.map(|l| l.rsplit_once('-')) {
            None => None,
            Some(Some((run, seq))) if run == self.run => seq.parse::<u64>().ok(),
            Some(_) => {
                return (k.events.iter().cloned().collect(), Gap::Restarted, rx);
            }
        };
        let gap = match after {
            Some(a) if a + 1 < oldest => Gap::Lost(oldest - a - 1),
            _ => Gap::None,
        };
        let after = after.unwrap_or(0);
        let backlog = k.events.iter().filter(|e| e.seq > after).cloned().collect();
        (backlog, gap, rx)
    }

    /// The SSE response: the backlog, then events as they happen, for at most `span`
    /// (then the stream ends cleanly and the client resumes with its last id — a
    /// connection never outlives the server's limit on connection lifetime).
    pub fn stream(
        self: Arc<Self>,
        last: Option<&str>,
        span: Duration,
    ) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
        let (backlog, gap, rx) = self.subscribe(last);
        let mut first: VecDeque<SseEvent> = VecDeque::new();
        first.push_back(
            SseEvent::default()
                .retry(Duration::from_secs(1))
                .comment("switchboard events"),
        );
        match gap {
            Gap::None => {}
            Gap::Lost(n) => first.push_back(marker("dropped", json!({ "missed": n }))),
            Gap::Restarted => {
                first.push_back(marker("restarted", json!({ "run": self.run })));
            }
        }
        first.extend(backlog.iter().map(|e| self.sse(e)));
        let deadline = tokio::time::Instant::now() + span;
        let state = (self, first, rx);
        let stream =
            futures_util::stream::unfold(state, move |(hub, mut first, mut rx)| async move {
                if let Some(ev) = first.pop_front() {
                    return Some((Ok(ev), (hub, first, rx)));
                }
                let next = match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Ok(ev)) => hub.sse(&ev),
                    Ok(Err(broadcast::error::RecvError::Lagged(n))) => {
                        marker("dropped", json!({ "missed": n }))
                    }
                    Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => return None,
                };
                Some((Ok(next), (hub, first, rx)))
            });
        Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
    }

    fn sse(&self, ev: &Event) -> SseEvent {
        SseEvent::default()
            .id(self.id(ev))
            .event(ev.kind)
            .data(&ev.data)
    }
}

/// An event about the stream itself (no id: resuming after it means resuming after
/// the last real event).
fn marker(kind: &'static str, data: serde_json::Value) -> SseEvent {
    SseEvent::default().event(kind).data(data.to_string())
}

fn tone(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Info => "info",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
    }
}

/// The change's kind in snake case, and the channel it is about.
fn describe(c: &Change) -> (&'static str, Option<&str>) {
    match c {
        Change::FirstData { .. } => ("first_data", None),
        Change::Appeared { channel, .. } => ("appeared", Some(channel)),
        Change::Health { channel, .. } => ("health", Some(channel)),
        Change::Back { channel, .. } => ("back", Some(channel)),
        Change::Primary { .. } => ("primary", None),
        Change::Fallback { .. } => ("fallback", None),
        Change::Mode { .. } => ("mode", None),
        Change::RecoveryNeeded { .. } => ("recovery_needed", None),
        Change::RecoveryNotNeeded => ("recovery_not_needed", None),
        Change::Auto { .. } => ("auto", None),
        Change::ActionStarted { channel, .. } => ("action_started", Some(channel)),
        Change::Recorded { channel, .. } => ("recorded", Some(channel)),
        Change::Poller(_) => ("poller", None),
        Change::Status { .. } => ("status", None),
        Change::Anomaly { channel, .. } => ("anomaly", Some(channel)),
        Change::Predicted { channel, .. } => ("predicted", Some(channel)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seqs(v: &[Arc<Event>]) -> Vec<u64> {
        v.iter().map(|e| e.seq).collect()
    }

    #[test]
    fn a_client_resumes_after_its_last_id_and_is_told_what_is_gone() {
        let hub = Hub::new("r1".into());
        for i in 0..(BACKLOG as u64 + 10) {
            hub.publish("change", format!("{i}"));
        }
        let (all, gap, _) = hub.subscribe(None);
        assert_eq!(all.len(), BACKLOG);
        assert_eq!(gap, Gap::None);
        assert_eq!(all[0].seq, 11, "the oldest ten were let go");
        let (rest, gap, _) = hub.subscribe(Some("r1-1030"));
        assert_eq!(seqs(&rest), [1031, 1032, 1033, 1034]);
        assert_eq!(gap, Gap::None);
        let (_, gap, _) = hub.subscribe(Some("r1-5"));
        assert_eq!(gap, Gap::Lost(5), "6..=10 are no longer kept");
        let (rest, gap, _) = hub.subscribe(Some("r0-1033"));
        assert_eq!(gap, Gap::Restarted);
        assert_eq!(rest.len(), BACKLOG, "another run's id resumes nothing");
    }

    #[test]
    fn publishing_never_waits_for_a_slow_reader() {
        let hub = Hub::new("r".into());
        let (_, _, mut rx) = hub.subscribe(None);
        for i in 0..(QUEUE * 4) {
            hub.publish("audit", i.to_string());
        }
        match rx.try_recv() {
            Err(broadcast::error::TryRecvError::Lagged(n)) => assert_eq!(n, (QUEUE * 3) as u64),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            rx.try_recv().map(|e| e.seq).ok(),
            Some(QUEUE as u64 * 3 + 1)
        );
    }

    #[test]
    fn a_change_is_typed_and_worded() {
        let hub = Hub::new("r".into());
        hub.change(
            "2026-11-24T10:00:00Z",
            &Change::Health {
                channel: "Gateway".into(),
                from: Some(crate::domain::Health::Good),
                to: crate::domain::Health::Offline,
                error: None,
            },
        );
        let (evs, _, _) = hub.subscribe(None);
        let v: serde_json::Value = serde_json::from_str(&evs[0].data).unwrap();
        assert_eq!(v["change"], "health");
        assert_eq!(v["channel"], "Gateway");
        assert_eq!(v["tone"], "bad");
        assert_eq!(v["text"], "Gateway GOOD → OFFLINE");
        assert_eq!(hub.id(&evs[0]), "r-1");
    }
}
