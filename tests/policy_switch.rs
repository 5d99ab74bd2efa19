//! Switching the routing policy at run time, through the executor a console or ChatOps
//! order reaches: recorded in the audit log before the poller routes by it, refused
//! without a record when the policy is not described by the config or this instance
//! does not write the log.

use std::time::Duration;

mod common;

use switchboard::app;
use switchboard::recovery::RecoveryCommand;

const CONFIG: &str = r#"
[poll]
interval = "100ms"
window = "1s"

[routing]
policy = "health"
ceilings = [
  { channel = "Gateway", max_latency_ms = 300 },
  { channel = "Cloud", max_latency_ms = 500 },
  { channel = "Local" },
]

[[channel]]
name = "Local"
probe = "simulated"

[[channel]]
name = "Cloud"
probe = "simulated"

[[channel]]
name = "Gateway"
probe = "simulated"
"#;

fn daemon(dir: &std::path::Path, standby: bool) -> app::Running {
    common::daemon::daemon(CONFIG, dir, false, standby)
}

async fn switch(r: &app::Running, name: &str) -> Result<String, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let cmd = RecoveryCommand::SetPolicy {
        name: name.into(),
        by: "console",
        reply: Some(tx),
    };
    r.recovery.commands.send(cmd).await.expect("executor");
    rx.await.expect("an answer")
}

/// Waits until the poller's snapshot routes by `policy`, or 5 s pass.
async fn routes_by(r: &app::Running, policy: &str) -> bool {
    let mut rx = r.poller.snapshots.clone();
    for _ in 0..50 {
        if rx.borrow().routing.policy == policy {
            return true;
        }
        let _ = tokio::time::timeout(Duration::from_millis(100), rx.changed()).await;
    }
    false
}

fn policy_events(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("audit line"))
        .filter(|e| e["event"] == "routing_policy")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_policy_is_audited_then_routed_by() {
    let dir = tempfile::tempdir().expect("tmp");
    let r = daemon(dir.path(), false);
    assert!(routes_by(&r, "health").await);
    let offered = r.poller.snapshots.borrow().routing.policies.clone();
    assert_eq!(
        offered,
        ["health", "balanced", "ceiling"],
        "region has no region_order"
    );

    let refused = switch(&r, "region").await.expect_err("not described");
    assert!(
        refused.contains("needs [routing] region_order"),
        "{refused}"
    );
    assert!(switch(&r, "health")
        .await
        .is_ok_and(|t| t.contains("already")));
    assert!(
        policy_events(dir.path()).is_empty(),
        "nothing recorded for either"
    );

    let said = switch(&r, "ceiling").await.expect("switched");
    assert_eq!(said, "routing policy health → ceiling");
    let routed = routes_by(&r, "ceiling").await;
    let snap = r.poller.snapshots.borrow().clone();
    r.shutdown().await;
    assert!(routed);
    assert_eq!(snap.routing.policy_set_by.as_deref(), Some("console"));
    assert!(
        snap.routing.explain.starts_with("ceiling:"),
        "{}",
        snap.routing.explain
    );
    let json = switchboard::report::json::to_value(&snap);
    assert_eq!(json["routing"]["policy"], "ceiling");
    assert_eq!(json["routing"]["policy_set_by"], "console");
    let events = policy_events(dir.path());
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (&events[0]["from"], &events[0]["to"], &events[0]["by"]),
        (&"health".into(), &"ceiling".into(), &"console".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standby_never_switches() {
    let dir = tempfile::tempdir().expect("tmp");
    let r = daemon(dir.path(), true);
    assert!(routes_by(&r, "health").await);
    let refused = switch(&r, "balanced").await.expect_err("standby");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let policy = r.poller.snapshots.borrow().routing.policy;
    r.shutdown().await;
    assert!(refused.contains("does not write"), "{refused}");
    assert_eq!(policy, "health");
    assert!(policy_events(dir.path()).is_empty());
}
