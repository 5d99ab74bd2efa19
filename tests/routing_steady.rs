//! Routing that holds still (docs/rules.md, live mode), through `--replay`: two channels
//! with equal means and noise do not swap the primary on noise, an OFFLINE primary is
//! still replaced at once, and an OFFLINE channel is never the recommended fallback.

mod common;

use common::switchboard;
use serde_json::Value;

/// A small deterministic generator (no dependency, same numbers on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn ts(s: i64) -> String {
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    format!("2026-11-24T{:02}:{m:02}:{sec:02}Z", 10 + h)
}

fn record(t: i64, ch: &str, ok: bool, ms: f64) -> String {
    if ok {
        format!(
            r#"{{"ts":"{}","channel":"{ch}","ok":true,"latency_ms":{ms:.3}}}"#,
            ts(t)
        )
    } else {
        format!(
            r#"{{"ts":"{}","channel":"{ch}","ok":false,"error":"connection refused"}}"#,
            ts(t)
        )
    }
}

fn replay(lines: &[String]) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let out = switchboard()
        .args([
            "--replay",
            path.to_str().expect("utf-8"),
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn primary(tick: &Value) -> String {
    tick["routing"]["recommended_primary"]
        .as_str()
        .unwrap_or("null")
        .to_string()
}

#[test]
fn equal_noisy_channels_flap_at_most_once_in_an_hour() {
    let mut rng = Lcg(7);
    let mut lines = Vec::new();
    // An hour of probes every 2 s: both channels ~2 ms with noise and rare spikes.
    for t in (0..3600).step_by(2) {
        for ch in ["A", "B"] {
            let spike = if rng.next() < 0.02 { 40.0 } else { 0.0 };
            lines.push(record(t, ch, true, 1.0 + 2.0 * rng.next() + spike));
        }
    }
    let ticks = replay(&lines);
    assert_eq!(ticks.len(), 360);
    let changes = ticks
        .windows(2)
        .filter(|w| primary(&w[0]) != primary(&w[1]))
        .count();
    assert!(changes <= 1, "primary changed {changes} times");
}

#[test]
fn offline_primary_is_replaced_within_two_ticks_and_never_a_fallback() {
    let mut lines = Vec::new();
    // A is the faster primary; from 300 s on it refuses every connection.
    for t in (0..600).step_by(5) {
        lines.push(record(t, "A", t < 300, 20.0));
        lines.push(record(t, "B", true, 80.0));
    }
    let ticks = replay(&lines);
    assert_eq!(primary(&ticks[25]), "A", "A leads before the outage");
    // Tick k covers [10k, 10k+10): the first failure is in tick 30.
    let first_b = (30..ticks.len())
        .find(|&k| primary(&ticks[k]) == "B")
        .expect("B takes over");
    assert!(
        first_b <= 31,
        "replaced at tick {first_b}, not within 2 ticks"
    );
    for t in &ticks[first_b..] {
        let fallback = &t["routing"]["recommended_fallback"];
        assert!(fallback.is_null(), "OFFLINE A recommended as fallback: {t}");
        let why = t["routing"]["fallback_reason"].as_str().expect("a reason");
        assert!(why.contains("OFFLINE"), "{why}");
    }
}

#[test]
fn a_clearly_faster_channel_takes_over_after_three_evaluations() {
    let mut lines = Vec::new();
    // A leads at 50 ms; from 300 s B drops from 100 ms to 5 ms and soon beats A by far
    // more than max(20 %, 20 ms) — the switch waits for three evaluations, then holds.
    for t in (0..900).step_by(5) {
        lines.push(record(t, "A", true, 50.0));
        lines.push(record(t, "B", true, if t < 300 { 100.0 } else { 5.0 }));
    }
    let ticks = replay(&lines);
    assert_eq!(primary(&ticks[29]), "A");
    assert_eq!(primary(ticks.last().expect("ticks")), "B");
    let changes = ticks
        .windows(2)
        .filter(|w| primary(&w[0]) != primary(&w[1]))
        .count();
    assert_eq!(changes, 1);
    // While B is better but has not been for three evaluations, the reason says so.
    let held = ticks
        .iter()
        .find(|t| {
            t["routing"]["reason"]
                .as_str()
                .is_some_and(|r| r.contains("stays primary"))
        })
        .expect("a held tick");
    assert_eq!(primary(held), "A");
}
