//! The binary with live sources: configs (including the default one), the demo,
//! real probes against loopback servers, and `--replay`.

mod common;

use common::http::TestServer;
use common::switchboard;
use predicates::prelude::*;
use serde_json::Value;

fn json_out(args: &[&str]) -> (i32, Value) {
    let out = switchboard().args(args).output().expect("runs");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().expect("code"), v)
}

#[test]
fn default_config_prints_loads_and_runs() {
    let out = switchboard()
        .arg("--print-default-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 20,
        "commented"
    );
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, &text).expect("write");
    let (code, v) = json_out(&[
        "--snapshot",
        "--format",
        "json",
        "--config",
        path.to_str().unwrap(),
    ]);
    assert!((0..=2).contains(&code), "exit {code}");
    assert_eq!(v["source"]["kind"], "config");
    let names: Vec<_> = v["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, ["Gateway", "Local", "Worker"]);
}

#[test]
fn demo_snapshot_without_any_config() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = switchboard()
        .env("XDG_CONFIG_HOME", dir.path())
        .args([
            "--snapshot",
            "--demo",
            "--format",
            "json",
            "--samples",
            "30",
        ])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["source"]["kind"], "demo");
    assert!(v["routing"]["recommended_primary"].is_string());
    assert_eq!(v["channels"][0]["name"], "Local");
    // The demo follows the wall clock (Local has scripted slow spells), so only Cloud,
    // which has no incidents, is held to a range.
    let cloud = &v["channels"][1];
    assert_eq!(cloud["name"], "Cloud");
    let mean = cloud["mean_latency_ms"].as_f64().expect("mean");
    assert!((100.0..600.0).contains(&mean), "Cloud mean {mean}");
    assert!(cloud["p95_latency_ms"].is_number());
}

/// A cron job with an empty HOME must not page anyone about simulated channels: one-shot
/// modes with no source say so and exit 3 (UNKNOWN), unless --demo asks for the demo.
#[test]
fn one_shot_modes_without_a_source_exit_3() {
    let dir = tempfile::tempdir().expect("tmp");
    let export = dir.path().join("ctx.json");
    let export = export.to_str().expect("utf-8 path");
    for args in [
        &["--snapshot"][..],
        &["--say", "status"][..],
        &["--export-json", export][..],
    ] {
        switchboard()
            .env("XDG_CONFIG_HOME", dir.path())
            .args(args)
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::contains("no source").and(predicate::str::contains("--demo")));
    }
    assert!(!dir.path().join("ctx.json").exists(), "nothing exported");
    let out = switchboard()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--snapshot", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["status"], "UNKNOWN");
    assert!(v["error"].as_str().expect("error").contains("--demo"));
    // --demo is explicit, and cannot be mixed with another source.
    switchboard()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--say", "status", "--demo"])
        .assert()
        .code(0);
    switchboard()
        .args(["--snapshot", "--demo", "--metrics-file", "x.json"])
        .assert()
        .code(3);
}

/// An `api_key_env` that is not set is said when the config loads, not only later as an
/// OFFLINE channel, and the variable's name (never a value) is in the line.
#[test]
fn unset_api_key_env_is_warned_at_load() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        "[[channel]]\nname = \"Gateway\"\nprobe = \"openai\"\nurl = \"http://127.0.0.1:9\"\napi_key_env = \"SWB_SURELY_UNSET_KEY\"\ntimeout = \"200ms\"\n",
    )
    .expect("write");
    switchboard()
        .env_remove("SWB_SURELY_UNSET_KEY")
        .args(["--snapshot", "--config", path.to_str().expect("utf-8")])
        .assert()
        .stderr(predicate::str::contains(
            "warning: channel Gateway: api_key_env: environment variable SWB_SURELY_UNSET_KEY is not set",
        ));
}

#[test]
fn xdg_config_is_picked_up() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("switchboard")).expect("mkdir");
    std::fs::write(
        dir.path().join("switchboard/config.toml"),
        format!(
            "[[channel]]\nname = \"Api\"\nprobe = \"http\"\nurl = \"{}\"\n",
            s.url("/ok")
        ),
    )
    .expect("write");
    let out = switchboard()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--snapshot", "--format", "json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["source"]["kind"], "config");
    assert_eq!(v["channels"][0]["name"], "Api");
    assert_eq!(out.status.code(), Some(0), "{v}");
}

#[test]
fn real_probes_decide_through_the_binary() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        format!(
            "[[channel]]\nname = \"Broken\"\nprobe = \"http\"\nurl = \"{}\"\n\n\
             [[channel]]\nname = \"Healthy\"\nprobe = \"http\"\nurl = \"{}\"\n\n\
             [[channel]]\nname = \"Spare\"\nprobe = \"ollama\"\nurl = \"http://{}\"\noptional = true\n",
            s.url("/500"),
            s.url("/ok"),
            s.addr
        ),
    )
    .expect("write");
    let (code, v) = json_out(&[
        "--snapshot",
        "--format",
        "json",
        "--samples",
        "2",
        "--config",
        path.to_str().unwrap(),
    ]);
    assert_eq!(v["channels"][0]["name"], "Broken");
    assert_eq!(v["channels"][0]["health"], "OFFLINE");
    assert_eq!(v["channels"][1]["health"], "EXCELLENT");
    assert_eq!(v["channels"][2]["optional"], true);
    assert_eq!(v["routing"]["recommended_primary"], "Healthy");
    assert_eq!(
        v["routing"]["fallback_channels"],
        serde_json::json!(["Spare"])
    );
    // Mean core availability is 50%: overall CRITICAL, so recovery rule 1 fires.
    assert_eq!(v["overall_health"], "CRITICAL");
    assert_eq!(v["effective_availability"], 50);
    assert_eq!(v["recovery"]["reason"], "Overall health is CRITICAL");
    assert_eq!((code, v["status"].as_str().unwrap()), (2, "CRITICAL"));
}

/// Say why: a failing channel carries its error (with the server's own words, never a
/// key), since when it is down and how many probes failed; no successful probe means no
/// latency (`null`, `-`), and the first text line names it with perfdata after `|`.
#[test]
fn snapshot_says_why_a_channel_is_down() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        format!(
            "[[channel]]\nname = \"Db\"\nprobe = \"http\"\nurl = \"{}\"\n\n\
             [[channel]]\nname = \"Api\"\nprobe = \"openai\"\nurl = \"http://{}\"\napi_key_env = \"SWB_WHY_KEY\"\n\n\
             [[channel]]\nname = \"Web\"\nprobe = \"http\"\nurl = \"{}\"\n",
            s.url("/flag/nonexistent-file"),
            s.addr,
            s.url("/ok")
        ),
    )
    .expect("write");
    let config = path.to_str().expect("utf-8");
    let out = switchboard()
        .env("SWB_WHY_KEY", "wrong-key-value")
        .args([
            "--snapshot",
            "--format",
            "json",
            "--samples",
            "3",
            "--config",
            config,
        ])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let db = &v["channels"][0];
    assert_eq!(db["health"], "OFFLINE");
    assert!(db["mean_latency_ms"].is_null(), "no latency, not 999: {db}");
    let err = db["last_error"].as_str().expect("last_error");
    assert!(
        err.contains("503") && err.contains("No connected db."),
        "{err}"
    );
    assert!(db["last_error_age_s"].is_number());
    assert!(db["down_since"].is_string());
    assert_eq!(db["consecutive_failures"], 3);
    let api = v["channels"][1]["last_error"].as_str().expect("api error");
    assert!(
        api.contains("401") && api.contains("invalid api key"),
        "{api}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("wrong-key-value"));
    assert!(v["channels"][2]["last_error"].is_null());
    let out = switchboard()
        .env("SWB_WHY_KEY", "wrong-key-value")
        .args(["--snapshot", "--samples", "3", "--config", config])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let first = text.lines().next().expect("a line");
    assert!(
        first.starts_with("CRITICAL  Db OFFLINE, Api OFFLINE | 'Db_avail'=0%;;;0;100 'Db_mean'=U"),
        "{first}"
    );
    assert!(first.contains("'Web_mean'="), "{first}");
    assert!(text.contains("No connected db."), "{text}");
    assert!(text.contains("3 failed in a row"), "{text}");
    let db_row = text.lines().find(|l| l.starts_with("Db ")).expect("Db row");
    assert!(db_row.contains(" - "), "{db_row}");
    assert!(!text.contains("999"), "{text}");
    assert!(!text.contains("wrong-key-value"));
}

#[test]
fn config_errors_exit_3_with_position() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[poll]\nintreval = \"5s\"\n").expect("write");
    switchboard()
        .args(["--snapshot", "--config"])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "bad.toml:2:1: unknown field `intreval`",
        ))
        .stderr(predicate::str::contains("did you mean `interval`?"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    switchboard()
        .args(["--snapshot", "--config", "/nonexistent/c.toml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("/nonexistent/c.toml: cannot read"));
}

fn observations() -> String {
    let mut lines = Vec::new();
    for i in 0..60 {
        let ts = format!("2026-11-24T10:{:02}:{:02}Z", i * 5 / 60, i * 5 % 60);
        let gw_ok = !(20..26).contains(&i);
        lines.push(format!(
            r#"{{"ts":"{ts}","channel":"Gateway","ok":{gw_ok},"latency_ms":{},"error":{}}}"#,
            if gw_ok { "231.5" } else { "null" },
            if gw_ok {
                "null".to_string()
            } else {
                "\"timeout\"".to_string()
            }
        ));
        lines.push(format!(
            r#"{{"ts":"{ts}","channel":"Local","ok":true,"latency_ms":{}}}"#,
            30 + i % 7
        ));
    }
    lines.join("\n") + "\n"
}

#[test]
fn replay_is_deterministic_and_tick_by_tick() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    std::fs::write(&path, observations()).expect("write");
    let run = || {
        switchboard()
            .args(["--replay", path.to_str().unwrap(), "--format", "json"])
            .output()
            .expect("runs")
    };
    let (a, b) = (run(), run());
    assert_eq!(a.stdout, b.stdout, "same input, same output");
    let lines: Vec<Value> = String::from_utf8(a.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 30, "300 s of records in 10 s ticks");
    assert_eq!(lines[0]["timestamp"], "2026-11-24T10:00:10Z");
    assert_eq!(lines[29]["timestamp"], "2026-11-24T10:05:00Z");
    // The Gateway outage (records 20..26 = 100 s..130 s) shows as OFFLINE then recovers.
    let gw = |t: usize| {
        lines[t]["channels"][0]["health"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(lines[0]["channels"][0]["name"], "Gateway");
    assert_eq!(gw(10), "OFFLINE");
    assert_ne!(gw(14), "OFFLINE");
    assert_eq!(lines[10]["routing"]["recommended_primary"], "Local");
    assert_eq!(lines[29]["source"]["skipped"], 0);
    // Every channel of every tick says its forecast (null until three ticks) and anomaly.
    for (t, line) in lines.iter().enumerate() {
        for c in line["channels"].as_array().unwrap() {
            assert!(c["anomaly"].is_boolean(), "tick {t}: {c}");
            let f = &c["forecast_latency_ms"];
            assert_eq!(f.is_null(), t < 2, "tick {t}: {c}");
        }
    }
    // The Gateway's steady 231.5 ms, forecast as such once it is back for a while.
    assert_eq!(lines[29]["channels"][0]["forecast_latency_ms"], 231.5);
    let local = lines[29]["channels"][1]["forecast_latency_ms"]
        .as_f64()
        .unwrap();
    assert!((30.0..=36.0).contains(&local), "{local}");
}

/// Replays `Cloud` with one record per 10 s tick at these latencies; the JSON lines.
fn replay_cloud(latencies: impl Iterator<Item = f64>) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    let text: String = latencies
        .enumerate()
        .map(|(i, latency)| {
            format!(
                "{{\"ts\":\"2026-11-24T10:{:02}:{:02}Z\",\"channel\":\"Cloud\",\"ok\":true,\"latency_ms\":{latency}}}\n",
                i * 10 / 60,
                i * 10 % 60
            )
        })
        .collect();
    std::fs::write(&path, text).expect("write");
    let out = switchboard()
        .args(["--replay", path.to_str().unwrap(), "--format", "json"])
        .output()
        .expect("runs");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

/// A replay of a steady channel with one slow tick after the detector's probation (30
/// ticks with a latency): that tick, and only that one, is anomalous; the forecast is
/// not dragged up after it.
#[test]
fn replay_flags_a_latency_spike_as_an_anomaly() {
    let lines = replay_cloud((0..60).map(|i| {
        if i == 45 {
            900.0
        } else {
            120.0 + f64::from(i % 5)
        }
    }));
    let anomalous: Vec<usize> = (0..lines.len())
        .filter(|&t| lines[t]["channels"][0]["anomaly"] == true)
        .collect();
    assert_eq!(
        anomalous,
        [45],
        "one record per 10 s tick: tick 45 is the spike"
    );
    let after = lines[50]["channels"][0]["forecast_latency_ms"]
        .as_f64()
        .unwrap();
    assert!(
        (115.0..140.0).contains(&after),
        "forecast after the spike: {after}"
    );
}

/// A latency climbing towards GOOD's limit: the JSON says which health it heads for and
/// when, while the channel is still healthy — once the model's probation is over, and
/// never before it.
#[test]
fn replay_predicts_the_health_a_rising_latency_heads_for() {
    let lines = replay_cloud((0..40).map(|i| 100.0 + 2.0 * f64::from(i)));
    assert!(
        lines[..25]
            .iter()
            .all(|l| l["channels"][0]["predicted_health"].is_null()),
        "no prediction while the model learns the channel's noise"
    );
    let cloud = &lines.last().expect("ticks")["channels"][0];
    assert_eq!(cloud["health"], "GOOD", "{cloud}");
    assert_eq!(cloud["predicted_health"], "DEGRADED", "{cloud}");
    let in_s = cloud["predicted_in_s"].as_f64().expect("when");
    // About 178 ms rising 2 ms a 10 s tick reaches 200 ms in about 11 ticks.
    assert!((60.0..=200.0).contains(&in_s), "{in_s}");
}

#[test]
fn replay_skips_bad_lines_and_counts_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    let mut text = observations();
    text.insert_str(0, "{\"ts\":\"2026-11-24T10:00:00Z\",\"channel\":\"Local\",\"ok\":true,\"latency_ms\":31}\ngarbage\n");
    text.push_str("{\"ts\":\"2026-11-24T10:05:00Z\",\"channel\":\"Local\"}\n");
    std::fs::write(&path, text).expect("write");
    let out = switchboard()
        .args(["--replay", path.to_str().unwrap(), "--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("obs.jsonl:2: skipped"), "{stderr}");
    assert!(stderr.contains("obs.jsonl:123: skipped"), "{stderr}");
    let last: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(last["source"]["skipped"], 2);

    switchboard()
        .args(["--replay", path.to_str().unwrap(), "--tick", "1m"])
        .assert()
        .stdout(predicate::str::contains("2026-11-24T10:01:00Z  "))
        .stdout(predicate::function(|s: &str| s.lines().count() == 5));
    switchboard()
        .args(["--replay", "/nonexistent.jsonl"])
        .assert()
        .code(3);
    switchboard()
        .args(["--tick", "5s"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--replay"));
}

#[test]
fn api_key_values_never_reach_output() {
    let s = TestServer::start();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        format!("[[channel]]\nname = \"Gateway\"\nprobe = \"openai\"\nurl = \"http://{}\"\napi_key_env = \"SWB_CLI_KEY\"\n", s.addr),
    )
    .expect("write");
    for format in ["json", "text"] {
        let out = switchboard()
            .env("SWB_CLI_KEY", "sk-very-secret-value")
            .args([
                "--snapshot",
                "--format",
                format,
                "--config",
                path.to_str().unwrap(),
            ])
            .output()
            .expect("runs");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("sk-very-secret-value"), "{all}");
        assert_eq!(
            out.status.code(),
            Some(2),
            "401 makes the only channel OFFLINE: {all}"
        );
    }
    let export = dir.path().join("ctx.json");
    switchboard()
        .env("SWB_CLI_KEY", "sk-very-secret-value")
        .args([
            "--config",
            path.to_str().unwrap(),
            "--export-json",
            export.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let body = std::fs::read_to_string(&export).expect("export written");
    assert!(!body.contains("sk-very-secret-value"));
    assert!(body.contains("\"Gateway\""));
}

#[test]
fn samples_is_only_for_configs() {
    switchboard()
        .args(["--snapshot", "--samples", "3", "--metrics-file", "x.json"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot be used with"));
}

/// A tick of 2^64−1 s used to wrap and emit 60,001 ticks.
#[test]
fn absurd_ticks_are_refused_with_a_clear_message() {
    switchboard()
        .args(["--replay", "-", "--tick", "18446744073709551615s"])
        .write_stdin("")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("tick").and(predicate::str::contains("is too long")));
    switchboard()
        .args(["--replay", "-", "--tick", "0s"])
        .write_stdin("")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("must be greater than 0"));
}

/// Waits for `child` at most `limit` (generous: a regression hangs, it is not slow);
/// kills it and fails if it is still running then.
fn exits_within(child: &mut std::process::Child, limit: std::time::Duration) -> i32 {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().unwrap_or(-1);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running {limit:?} after its reader went away");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The plain live view under `| head -c 10` ends quietly.
#[test]
fn the_piped_live_view_ends_when_its_reader_goes() {
    use std::io::Read;
    let home = tempfile::tempdir().expect("tmp");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut out = child.stdout.take().expect("stdout");
    let mut first = [0u8; 10];
    out.read_exact(&mut first).expect("a first frame");
    drop(out);
    let code = exits_within(&mut child, std::time::Duration::from_secs(30));
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// `--replay … | head -1` no longer blames the input file.
#[test]
fn replay_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, Read};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("obs.jsonl");
    // 100k ticks: the output outgrows any pipe and buffer.
    let mut text2 = String::new();
    for i in 0..100_000i64 {
        let ts = 1_795_000_000 + i * 10;
        text2.push_str(&format!(
            "{{\"ts\":\"{}\",\"channel\":\"A\",\"ok\":true,\"latency_ms\":{}}}\n",
            jiff::Timestamp::from_second(ts).expect("ts"),
            i % 100
        ));
    }
    std::fs::write(&path, text2).expect("write");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "--replay",
            path.to_str().expect("utf-8"),
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("one line");
    let code = exits_within(&mut child, std::time::Duration::from_secs(60));
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    assert!(line.starts_with('{'), "{line}");
    assert_ne!(code, 3, "{err}");
    assert!(err.is_empty(), "{err}");
}
