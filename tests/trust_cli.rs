//! Operator trust through the binary: config metadata that reaches the
//! snapshot, and ChatOps answers that quote the real errors and costs.

mod common;

use common::http::TestServer;
use common::switchboard;
use serde_json::Value;

/// A config with a healthy channel carrying region and cost, a failing one without
/// either, and (when `cost` is false) no cost anywhere.
fn config(dir: &std::path::Path, s: &TestServer, cost: bool) -> String {
    let path = dir.join("c.toml");
    let costs = if cost {
        ("cost_per_1k_tokens = 0.6\n", "cost_per_1k_tokens = 0.2\n")
    } else {
        ("", "")
    };
    std::fs::write(
        &path,
        format!(
            "[[channel]]\nname = \"Cloud\"\nprobe = \"http\"\nurl = \"{}\"\nregion = \"ap-northeast-2\"\n{}\n\
             [[channel]]\nname = \"Db\"\nprobe = \"http\"\nurl = \"{}\"\n\n\
             [[channel]]\nname = \"Cheap\"\nprobe = \"http\"\nurl = \"{}\"\n{}",
            s.url("/ok"),
            costs.0,
            s.url("/flag/nonexistent-file"),
            s.url("/ok"),
            costs.1,
        ),
    )
    .expect("write");
    path.to_str().expect("utf-8").to_string()
}

fn json(args: &[&str]) -> Value {
    let out = switchboard().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Region and cost from the config reach the snapshot, not only the console.
#[test]
fn region_and_cost_reach_the_snapshot_json() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path(), &s, true);
    let v = json(&["--snapshot", "--format", "json", "--config", &cfg]);
    let cloud = &v["channels"][0];
    assert_eq!(cloud["region"], "ap-northeast-2", "{cloud}");
    assert_eq!(cloud["cost_per_1k_tokens"], 0.6, "{cloud}");
    // And in text where it fits: a channel's details.
    let said = say(&cfg, "Cloud status");
    let reply = said["reply"].as_str().expect("reply");
    assert!(
        reply.contains("region        ap-northeast-2 · cost 0.6 per 1k tokens"),
        "{reply}"
    );
    let db = &v["channels"][1];
    assert!(db.get("region").is_none() && db.get("cost_per_1k_tokens").is_none());
    // One failed probe already makes it OFFLINE (no success in the window): it says
    // since when, not only after `down_after` failures.
    assert_eq!(db["health"], "OFFLINE");
    assert!(db["down_since"].is_string(), "{db}");
}

#[test]
fn region_and_cost_reach_replay_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    std::fs::write(
        &path,
        "{\"ts\":\"2026-11-24T10:00:00Z\",\"channel\":\"A\",\"ok\":true,\"latency_ms\":5,\"region\":\"eu\",\"cost_per_1k_tokens\":1.5}\n\
         {\"ts\":\"2026-11-24T10:00:00Z\",\"channel\":\"B\",\"ok\":true,\"latency_ms\":5}\n",
    )
    .expect("write");
    let out = switchboard()
        .args(["--replay", path.to_str().unwrap(), "--format", "json"])
        .output()
        .expect("runs");
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let v: Value = serde_json::from_str(line.lines().last().expect("a tick")).expect("json");
    assert_eq!(v["channels"][0]["region"], "eu");
    assert_eq!(v["channels"][0]["cost_per_1k_tokens"], 1.5);
    assert!(v["channels"][1].get("region").is_none());
}

fn say(cfg: &str, text: &str) -> Value {
    json(&["--say", text, "--format", "json", "--config", cfg])
}

/// "why is X down" quotes the server's own words and since when it is down; no 999.
#[test]
fn why_is_a_channel_down_quotes_its_error_and_since_when() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path(), &s, true);
    for (q, words) in [
        (
            "why is Db down",
            ["down since ", "last error (", "No connected"],
        ),
        (
            "Db 왜 죽었어?",
            [" 부터 다운", "마지막 오류 (", "No connected"],
        ),
    ] {
        let v = say(&cfg, q);
        assert_eq!(v["intent"], "explain", "{q}");
        let reply = v["reply"].as_str().expect("reply");
        for w in words {
            assert!(reply.contains(w), "{q}: {w:?} missing in\n{reply}");
        }
        assert!(!reply.contains("999"), "{reply}");
    }
}

/// "what's wrong" lists only the channels with problems, each with its error.
#[test]
fn whats_wrong_lists_the_failing_channels_and_their_errors() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path(), &s, true);
    for q in ["what's wrong", "show me errors", "뭐가 문제야"] {
        let v = say(&cfg, q);
        assert_eq!(v["intent"], "problems", "{q}");
        let reply = v["reply"].as_str().expect("reply");
        assert!(
            reply.contains("Db") && reply.contains("HTTP 503"),
            "{reply}"
        );
        assert!(
            !reply.contains("Cloud") && !reply.contains("Cheap"),
            "{reply}"
        );
    }
    // Nothing failing: it says so instead of listing every channel.
    let path = dir.path().join("ok.toml");
    std::fs::write(
        &path,
        format!(
            "[[channel]]\nname = \"Web\"\nprobe = \"http\"\nurl = \"{}\"\n",
            s.url("/ok")
        ),
    )
    .expect("write");
    let v = say(path.to_str().unwrap(), "what's wrong?");
    assert!(
        v["reply"]
            .as_str()
            .unwrap()
            .starts_with("no problems: all 1 channels"),
        "{v}"
    );
}

/// "which channel is cheapest" ranks by `cost_per_1k_tokens`, and says so when there is
/// none instead of answering with latency.
#[test]
fn cheapest_uses_the_configured_cost() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path(), &s, true);
    let v = say(&cfg, "which channel is cheapest");
    assert_eq!(v["intent"], "routing");
    assert_eq!(v["args"]["by"], "cost");
    let reply = v["reply"].as_str().expect("reply");
    assert!(
        reply.starts_with(
            "cheapest by cost_per_1k_tokens: Cheap (0.2 per 1k tokens); then Cloud 0.6"
        ),
        "{reply}"
    );
    let dir2 = tempfile::tempdir().expect("tmp");
    let cfg = config(dir2.path(), &s, false);
    let v = say(&cfg, "가장 싼 채널");
    let reply = v["reply"].as_str().expect("reply");
    assert!(reply.starts_with("비용 정보 없음"), "{reply}");
}

/// A rule that matched on every condition names the values that met it, never `()`.
#[test]
fn no_empty_parentheses_in_explanations() {
    let metrics = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-metrics.json");
    for q in [
        "why is Local primary",
        "explain Local",
        "Local 왜 주 채널이야?",
    ] {
        let v = json(&["--say", q, "--format", "json", "--metrics-file", metrics]);
        let reply = v["reply"].as_str().expect("reply");
        assert_eq!(v["intent"], "explain", "{q}");
        assert!(!reply.contains("()"), "{q}:\n{reply}");
        assert!(
            reply.contains("yes (availability") || reply.contains("맞음 (가용성"),
            "{q}:\n{reply}"
        );
    }
}

/// A metrics file has no probe errors: "what's wrong" then names the rule a degraded
/// channel falls short of, with its number.
#[test]
fn whats_wrong_with_a_metrics_file_names_the_rule_missed() {
    let metrics = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-metrics.json");
    let v = json(&[
        "--say",
        "what's wrong",
        "--format",
        "json",
        "--metrics-file",
        metrics,
    ]);
    assert_eq!(v["intent"], "problems");
    let reply = v["reply"].as_str().expect("reply");
    assert!(
        reply.starts_with("channels with problems: 2 of 3"),
        "{reply}"
    );
    assert!(
        reply.contains("short of GOOD (avail ≥ 95, mean < 200 ms): mean 268.91 ms"),
        "{reply}"
    );
    assert!(
        !reply.contains("Local"),
        "healthy channels are left out:\n{reply}"
    );
}
