//! The embedded demo end to end in virtual time: it rests at OK most of the time, and when
//! the scripted Gateway outage hits the executor restarts it, verifies it and records it —
//! well before the outage would have ended by itself.

use std::time::Duration;

use switchboard::base::clock::Clock;
use switchboard::config::Config;
use switchboard::domain::Status;
use switchboard::http_call::http_client;
use switchboard::poller::PollerSpec;
use switchboard::recovery::RecoverySpec;

/// 2025-11-24T16:00:00Z, on a five-minute boundary.
const START_MS: i64 = 1_764_000_000_000;

#[tokio::test(start_paused = true)]
async fn the_demo_rests_at_ok_and_recovers_its_gateway_by_itself() {
    let state = tempfile::tempdir().expect("tmp");
    let cfg = Config::demo();
    let client = http_client().expect("client");
    let spec = PollerSpec::from_config(&cfg, &client);
    let rspec = RecoverySpec::from_config(
        &cfg,
        spec.sims.clone(),
        client,
        Some(state.path().to_path_buf()),
        false,
    );
    // A fixed start: the scripted incidents follow the clock, so every run sees the same
    // ten minutes: Gateway outages at 0:40, 4:40 and 8:40, Local slow spells at 1:40 and 6:40.
    let clock = Clock::starting_at(START_MS);
    let running = switchboard::app::launch_on(spec, rspec, clock);
    let mut rx = running.snapshots.clone();
    let (mut ok, mut total) = (0usize, 0usize);
    // Ten minutes: at least two of the Gateway's four-minute outage cycles.
    let start = tokio::time::Instant::now();
    let end = start + Duration::from_secs(600);
    while tokio::time::Instant::now() < end {
        if tokio::time::timeout(Duration::from_secs(5), rx.changed())
            .await
            .is_ok()
        {
            let s = rx.borrow_and_update().clone();
            // Judged once the three-minute window is full, as an operator sees it.
            if start.elapsed() > Duration::from_secs(190) {
                total += 1;
                ok += usize::from(s.status == Status::Ok);
            }
        }
    }
    let view = running.recovery.view.borrow().clone();
    running.recovery.shutdown().await;
    assert!(total > 200, "{total} snapshots");
    println!("OK in {ok} of {total} snapshots");
    assert!(ok * 10 >= total * 8, "OK in only {ok} of {total} snapshots");
    let audit = std::fs::read_to_string(state.path().join("audit.jsonl")).expect("audit");
    let events: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).expect("audit line parses"))
        .collect();
    let verified: Vec<_> = events
        .iter()
        .filter(|v| v["event"] == "verify" && v["channel"] == "Gateway" && v["ok"] == true)
        .collect();
    assert!(!verified.is_empty(), "no verified Gateway restart: {audit}");
    for v in &verified {
        // The scripted outage lasts 30 s; a restart ends it well before.
        let down = v["down_ms"].as_i64().expect("down_ms");
        assert!(down < 20_000, "Gateway was down {down} ms");
    }
    assert!(
        events
            .iter()
            .all(|v| v["channel"] != "Local" && v["channel"] != "Cloud"),
        "a slow spell (DEGRADED) never starts an automatic action: {audit}"
    );
    assert_eq!(view.success_rate, Some(100.0));
}
