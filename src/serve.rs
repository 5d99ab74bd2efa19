//! `--serve ADDR`: HTTP beside the poller, fed by the same snapshots (docs/serve.md).
//! `/metrics` is the Prometheus exposition of the newest snapshot, `/context` its JSON
//! (`--snapshot --format json`'s object), `/healthz` says whether the poller is running
//! and its data fresh, and recovery can act when it is meant to (200), or not (503, with
//! every reason) — for a load balancer or a service manager's watchdog. Every request reads the newest snapshot; nothing waits for
//! a probe.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::snapshot::{PollerState, Snapshot};

type Snapshots = watch::Receiver<Arc<Snapshot>>;

/// Binds `addr` now, so that a port in use is said before anything starts.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

/// The routes, on the poller's snapshots.
pub fn router(snapshots: Snapshots) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/context", get(context))
        .route("/healthz", get(healthz))
        .with_state(snapshots)
}

/// Serves until the task is dropped (the runtime ends with the program).
pub fn spawn(listener: TcpListener, snapshots: Snapshots) {
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(snapshots)).await;
    });
}

async fn metrics(State(rx): State<Snapshots>) -> Response {
    let s = rx.borrow().clone();
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        crate::report::prometheus::exposition(&s),
    )
        .into_response()
}

async fn context(State(rx): State<Snapshots>) -> Response {
    let s = rx.borrow().clone();
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::report::json::to_string(&s) + "\n",
    )
        .into_response()
}

async fn healthz(State(rx): State<Snapshots>) -> Response {
    let s = rx.borrow().clone();
    let now_ms = crate::poller::Clock::new().now_ms();
    let notes: String = notes(&s).iter().map(|n| format!("{n}\n")).collect();
    match unhealthy(&s, now_ms) {
        None => (StatusCode::OK, format!("ok\n{notes}")).into_response(),
        Some(why) => (StatusCode::SERVICE_UNAVAILABLE, format!("{why}\n{notes}")).into_response(),
    }
}

/// Why the service is not healthy, if it is not: every daemon problem, joined.
pub fn unhealthy(s: &Snapshot, now_ms: i64) -> Option<String> {
    let p = problems(s, now_ms);
    (!p.is_empty()).then(|| p.join("; "))
}

/// The daemon's problems, each a few words: the poller failed, is paused, has not
/// finished a round, or published nothing for three probe intervals; recovery is
/// configured to act and cannot.
pub fn problems(s: &Snapshot, now_ms: i64) -> Vec<String> {
    let mut out: Vec<String> = poller_problem(s, now_ms).into_iter().collect();
    if let Some(why) = s.executor.as_ref().and_then(|x| x.cannot_act()) {
        out.push(why);
    }
    out
}

/// What a healthy daemon still wants read: channels whose recovery is escalated.
pub fn notes(s: &Snapshot) -> Vec<String> {
    let Some(x) = &s.executor else {
        return Vec::new();
    };
    x.channels
        .iter()
        .filter_map(|c| {
            let since = c.escalated_since_ms?;
            Some(format!(
                "escalated: {} since {} (no automatic action until reset)",
                c.name,
                crate::snapshot::rfc3339_ms(since)
            ))
        })
        .collect()
}

fn poller_problem(s: &Snapshot, now_ms: i64) -> Option<String> {
    let Some(live) = &s.live else {
        return Some("no live data".to_string());
    };
    match &live.poller {
        PollerState::Running => {}
        PollerState::Paused => return Some("poller paused".to_string()),
        PollerState::Failed(why) => return Some(format!("poller failed: {why}")),
    }
    if live.rounds == 0 {
        return Some("no probe round finished yet".to_string());
    }
    (now_ms > live.stale_at()).then(|| {
        format!(
            "stale: last snapshot {} s ago",
            (now_ms - live.at_ms) / 1000
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{ExecutorView, LiveInfo, Passive};
    use std::time::Duration;

    fn file() -> Snapshot {
        let json = br#"{"Channels":{"A":{"Availability":100,"Mean":40}}}"#;
        crate::source::metrics_file::MetricsFile::parse("t.json", json)
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json")
    }

    fn live(poller: PollerState, rounds: u64, at_ms: i64) -> Snapshot {
        let mut s = file();
        s.live = Some(LiveInfo {
            poller,
            interval: Duration::from_secs(5),
            rounds,
            at_ms,
        });
        s
    }

    #[test]
    fn healthy_only_while_running_with_fresh_data() {
        let now = 1_000_000;
        assert_eq!(
            unhealthy(&live(PollerState::Running, 3, now - 14_000), now),
            None
        );
        let why = |s: Snapshot| unhealthy(&s, now).unwrap_or_default();
        assert_eq!(
            why(live(PollerState::Running, 3, now - 16_000)),
            "stale: last snapshot 16 s ago"
        );
        assert_eq!(
            why(live(PollerState::Running, 0, now)),
            "no probe round finished yet"
        );
        assert_eq!(why(live(PollerState::Paused, 3, now)), "poller paused");
        assert_eq!(
            why(live(PollerState::Failed("boom".into()), 3, now)),
            "poller failed: boom"
        );
        assert_eq!(why(file()), "no live data");
    }

    fn executor(auto: bool, passive: Option<Passive>, why: Option<&str>) -> ExecutorView {
        ExecutorView {
            auto,
            passive,
            read_only: why.map(str::to_string),
            ..ExecutorView::default()
        }
    }

    /// A healthy daemon's body names the channels that start (or stay) escalated.
    #[test]
    fn escalated_channels_are_named_in_the_body() {
        use crate::domain::guard::RecoveryState;
        use crate::snapshot::ChannelRecovery;
        let mut s = live(PollerState::Running, 3, 0);
        assert!(notes(&s).is_empty());
        s.executor = Some(Arc::new(ExecutorView {
            channels: vec![ChannelRecovery {
                name: "Gateway".into(),
                state: RecoveryState::Escalated,
                actions: vec![],
                failures: 3,
                running: None,
                next_allowed_ms: None,
                escalated_since_ms: Some(1_764_000_000_000),
            }],
            ..ExecutorView::default()
        }));
        assert_eq!(
            notes(&s),
            ["escalated: Gateway since 2025-11-24T16:00:00Z (no automatic action until reset)"]
        );
    }

    /// A daemon configured to act that cannot is unhealthy, beside any other problem; a
    /// standby or a daemon with auto-recovery off is not.
    #[test]
    fn cannot_act_is_a_problem_only_when_configured_to_act() {
        let now = 1_000_000;
        let with = |x: ExecutorView, rounds| {
            let mut s = live(PollerState::Running, rounds, now);
            s.executor = Some(Arc::new(x));
            unhealthy(&s, now)
        };
        let held = Some("another switchboard (pid 7) holds the recovery lock");
        assert_eq!(
            with(executor(true, Some(Passive::LockHeld(Some(7))), held), 3).as_deref(),
            Some("cannot act: another switchboard (pid 7) holds the recovery lock")
        );
        assert_eq!(
            with(executor(true, Some(Passive::LockHeld(Some(7))), held), 0).as_deref(),
            Some("no probe round finished yet; cannot act: another switchboard (pid 7) holds the recovery lock")
        );
        assert_eq!(
            with(executor(false, Some(Passive::LockHeld(Some(7))), held), 3),
            None
        );
        let standby = Some("standby (--standby): follows, never acts");
        assert_eq!(
            with(executor(true, Some(Passive::Standby), standby), 3),
            None
        );
        let mut full = executor(true, None, None);
        full.problem = Some("audit log /s/audit.jsonl: no space left on device".into());
        assert_eq!(
            with(full, 3).as_deref(),
            Some("cannot act: audit log /s/audit.jsonl: no space left on device")
        );
    }
}
