//! `switchboard --snapshot` as scripts use it: exit codes, JSON/text output, stdin, and
//! every kind of bad input (exit 3, one clear stderr line, never a panic).

mod common;

use common::{own_fixture, switchboard};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn snapshot_json(path: &Path) -> (i32, Value) {
    let out = switchboard()
        .args(["--snapshot", "--format", "json", "--metrics-file"])
        .arg(path)
        .output()
        .expect("runs");
    let v = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().expect("exit code"), v)
}

#[test]
fn exit_codes_follow_status() {
    let table = [
        ("ok.json", 0, "OK"),
        ("warning.json", 1, "WARNING"),
        ("optional-down.json", 1, "WARNING"),
        ("no-core.json", 1, "WARNING"),
        ("critical.json", 2, "CRITICAL"),
        ("no-channels.json", 3, "UNKNOWN"),
        ("bom.json", 1, "WARNING"),
    ];
    for (file, code, status) in table {
        let (got, v) = snapshot_json(&own_fixture(file));
        assert_eq!((got, v["status"].as_str()), (code, Some(status)), "{file}");
    }
}

#[test]
fn json_has_the_spec_shape() {
    let (_, v) = snapshot_json(&own_fixture("ok.json"));
    for key in [
        "timestamp",
        "status",
        "overall_health",
        "effective_availability",
        "channels",
        "routing",
        "recovery",
        "source",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let names: Vec<_> = v["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, ["Local", "Cloud", "Backup"]);
    let local = &v["channels"][0];
    assert_eq!(local["health"], "EXCELLENT");
    assert_eq!(local["routing_priority"], 1);
    assert_eq!(local["availability"].to_string(), "100");
    assert_eq!(local["mean_latency_ms"].to_string(), "22.5");
    assert_eq!(local["p95_latency_ms"].to_string(), "40");
    assert_eq!(local["trend"], "IMPROVING");
    assert_eq!(v["channels"][2]["optional"], true);
    assert_eq!(v["channels"][2]["routing_priority"], 3);
    assert_eq!(v["routing"]["recommended_primary"], "Local");
    assert_eq!(v["routing"]["recommended_fallback"], "Cloud");
    assert_eq!(
        v["routing"]["fallback_channels"],
        serde_json::json!(["Cloud", "Backup"])
    );
    assert_eq!(v["routing"]["mode"], "monitoring");
    assert_eq!(v["recovery"]["should_trigger"], false);
    assert_eq!(v["source"]["kind"], "metrics-file");
    assert_eq!(v["timestamp"], "2026-01-05T10:00:00");
    assert_eq!(v["effective_availability"].to_string(), "99.9");
}

#[test]
fn no_core_channel_gives_null_routing_not_invented_names() {
    let (_, v) = snapshot_json(&own_fixture("no-core.json"));
    assert_eq!(v["routing"]["recommended_primary"], Value::Null);
    assert_eq!(v["routing"]["recommended_fallback"], Value::Null);
    assert_eq!(
        v["routing"]["fallback_channels"],
        serde_json::json!(["게이트웨이"])
    );
}

#[test]
fn critical_names_the_reason_and_actions() {
    let (_, v) = snapshot_json(&own_fixture("critical.json"));
    assert_eq!(v["recovery"]["reason"], "2 channels are POOR or OFFLINE");
    assert_eq!(
        v["recovery"]["recommended_actions"],
        serde_json::json!(["restart_worker", "check_gateway"])
    );
    assert_eq!(v["routing"]["recommended_primary"], "Gateway");
}

#[test]
fn static_routing_mode_uses_file_order() {
    let out = switchboard()
        .args([
            "--snapshot",
            "--format",
            "json",
            "--no-monitoring",
            "--metrics-file",
        ])
        .arg(own_fixture("critical.json"))
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["routing"]["mode"], "static");
    assert_eq!(v["routing"]["recommended_primary"], "Local");
}

#[test]
fn text_summary_is_readable_without_colour() {
    switchboard()
        .args(["--snapshot", "--metrics-file"])
        .arg(own_fixture("critical.json"))
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with("CRITICAL"))
        .stdout(predicate::str::contains("Local    OFFLINE"))
        .stdout(predicate::str::contains(
            "recovery  NEEDED: 2 channels are POOR or OFFLINE",
        ))
        .stdout(predicate::str::contains("primary Gateway, fallback Cloud"))
        .stdout(predicate::str::contains("\x1b").not());
    // Not a terminal: no colour even without NO_COLOR.
    let mut cmd = assert_cmd::Command::cargo_bin("switchboard").expect("bin");
    cmd.env_remove("NO_COLOR")
        .args(["--snapshot", "--metrics-file"])
        .arg(own_fixture("ok.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\x1b").not());
}

#[test]
fn reads_stdin_with_dash() {
    let body = std::fs::read(own_fixture("warning.json")).expect("fixture");
    switchboard()
        .args(["--snapshot", "--format", "json", "--metrics-file", "-"])
        .write_stdin(body)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"kind\": \"metrics-file\""));
    switchboard()
        .args(["--snapshot", "--metrics-file", "-"])
        .write_stdin("{")
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with("switchboard: <stdin>:1:"));
}

/// Runs one bad input through text and JSON mode and checks the failure contract.
fn assert_bad_input(name: &str, path: &Path, must_contain: &str) {
    let out = switchboard()
        .args(["--snapshot", "--metrics-file"])
        .arg(path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{name}: exit code; stderr {stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{name}: want one stderr line, got {stderr:?}"
    );
    assert!(stderr.starts_with("switchboard: "), "{name}: {stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "{name}: names no file: {stderr}"
    );
    assert!(
        stderr.contains(must_contain),
        "{name}: {stderr:?} lacks {must_contain:?}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{name}: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{name}: text mode printed to stdout");

    let out = switchboard()
        .args(["--snapshot", "--format", "json", "--metrics-file"])
        .arg(path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{name}: json exit code");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: stdout not JSON: {e}"));
    assert_eq!(v["status"], "UNKNOWN", "{name}");
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.contains(must_contain)),
        "{name}: {v}"
    );
}

#[test]
fn bad_inputs_exit_3_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "{{\"Channels\":{{}},\"X\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "file is empty"),
        ("whitespace", b"  \n\t ".to_vec(), "file is empty"),
        (
            "truncated",
            br#"{"Channels": {"Local": {"Availability": 10"#.to_vec(),
            ":1:",
        ),
        (
            "not json",
            b"Availability: 99\n".to_vec(),
            ":1:1: expected value",
        ),
        (
            "array top level",
            b"[{\"Channels\":{}}]".to_vec(),
            "JSON object at the top level",
        ),
        (
            "string top level",
            b"\"hello\"".to_vec(),
            "JSON object at the top level",
        ),
        (
            "channels not object",
            br#"{"Channels": ["Local"]}"#.to_vec(),
            "Channels: invalid type",
        ),
        (
            "channel not object",
            br#"{"Channels": {"Local": 99}}"#.to_vec(),
            "Channels.Local: invalid type",
        ),
        (
            "channel as array",
            br#"{"Channels": {"Local": []}}"#.to_vec(),
            "Channels.Local: invalid type",
        ),
        (
            "number as string",
            br#"{"Channels": {"Local": {"Availability": "99.5"}}}"#.to_vec(),
            "Channels.Local.Availability: invalid type: string",
        ),
        (
            "mean as string",
            br#"{"Channels": {"Local": {"Mean": "fast"}}}"#.to_vec(),
            "Channels.Local.Mean",
        ),
        (
            "NaN",
            br#"{"Channels": {"Local": {"Mean": NaN}}}"#.to_vec(),
            ":1:",
        ),
        (
            "Infinity",
            br#"{"Channels": {"Local": {"Mean": Infinity}}}"#.to_vec(),
            ":1:",
        ),
        (
            "huge number",
            br#"{"Channels": {"Local": {"Mean": 1e400}}}"#.to_vec(),
            "out of range",
        ),
        (
            "huge integer",
            br#"{"Channels": {"Local": {"Mean": 123456789012345678901234567890}}}"#.to_vec(),
            "out of range",
        ),
        (
            "availability over 100",
            br#"{"Channels": {"Local": {"Availability": 250}}}"#.to_vec(),
            "outside 0–100",
        ),
        (
            "invalid utf-8",
            b"{\"Channels\": {\"Lo\xffcal\": {}}}".to_vec(),
            ":1:18: invalid UTF-8",
        ),
        ("utf-16 with bom", b"\xff\xfe{\x00}\x00".to_vec(), "UTF-16"),
        ("utf-16 without bom", b"{\x00\"\x00C\x00".to_vec(), "UTF-16"),
        (
            "deep nesting",
            deep.into_bytes(),
            "nesting deeper than 128 levels",
        ),
        (
            "trailing garbage",
            b"{\"Channels\":{}} {}".to_vec(),
            "trailing characters",
        ),
        (
            "health not object",
            br#"{"Health": 5, "Channels": {}}"#.to_vec(),
            "Health: invalid type",
        ),
    ];
    for (name, bytes, must) in cases {
        let path = dir.path().join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&path, bytes).expect("write case");
        assert_bad_input(name, &path, must);
    }
}

#[test]
fn unreadable_paths_exit_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_bad_input(
        "missing",
        &dir.path().join("nope.json"),
        "No such file or directory",
    );
    assert_bad_input("directory", dir.path(), "is a directory");

    let locked = dir.path().join("locked.json");
    std::fs::write(&locked, "{}").expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        eprintln!("SKIPPED permission-denied case: this user (root?) can read mode-000 files");
    } else {
        assert_bad_input("permission denied", &locked, "Permission denied");
    }
}

#[test]
fn version_help_and_usage_errors() {
    switchboard()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("switchboard "));
    switchboard()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--snapshot"))
        .stdout(predicate::str::contains("--metrics-file"))
        .stdout(predicate::str::contains("Exit codes"));
    // A typo must not look like WARNING (1) or CRITICAL (2) to a monitoring system.
    switchboard()
        .arg("--snapshto")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--snapshot"));
    switchboard()
        .args(["--snapshot", "--format", "yaml"])
        .assert()
        .code(3);
}

#[test]
fn bare_run_polls_the_demo_until_sigterm() {
    use std::io::Read;
    let bin = assert_cmd::cargo::cargo_bin("switchboard");
    let mut child = std::process::Command::new(bin)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", tempfile::tempdir().expect("tmp").path())
        .env(
            "XDG_STATE_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/state"),
        )
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    let status = child.wait().expect("wait");
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    assert_eq!(
        status.code(),
        Some(0),
        "SIGTERM is a clean exit; output:\n{out}"
    );
    for want in [
        "Local",
        "Cloud",
        "Gateway",
        "source    demo",
        "live · probe batch",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

#[test]
fn export_json_writes_the_context_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("context.json");
    switchboard()
        .args(["--metrics-file"])
        .arg(own_fixture("critical.json"))
        .arg("--export-json")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("context.json"));
    let v: Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("json");
    assert_eq!(v["channels"]["Local"]["health"], "OFFLINE");
    assert_eq!(v["channels"]["Gateway"]["routing_priority"], 2);
    assert_eq!(v["recovery"]["needed"], true);
    assert_eq!(v["recovery"]["reason"], "2 channels are POOR or OFFLINE");
    assert_eq!(v["routing"]["primary"], "Gateway");
    assert!(v["monitoring_metrics_path"]
        .as_str()
        .is_some_and(|p| p.ends_with("critical.json")));
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

    switchboard()
        .args(["--metrics-file"])
        .arg(own_fixture("ok.json"))
        .arg("--export-json")
        .arg(dir.path().join("missing-dir/context.json"))
        .assert()
        .code(73)
        .stderr(predicate::str::contains("cannot write"));
}
