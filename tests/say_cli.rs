//! `switchboard --say` as a process: text and JSON output, `--yes`, `--read-only`, the
//! exit codes (0 answered, 3 invalid source, 64 empty text), and a config's vocabulary.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tempfile::TempDir;

/// Gateway first in the file: static routing picks it, monitoring routing picks Local.
const METRICS: &str = r#"{
  "Generated": "2026-01-02T03:04:05",
  "Health": {"Status": "GOOD", "AvgAvailability": 99.1},
  "Channels": {
    "Gateway": {"Availability": 92, "Mean": 310.25, "P95": 600,
                "Trend": {"Direction": "DEGRADING"}, "HourlyLatency": [250, 270, 290, 310, 330]},
    "Cloud":   {"Availability": 97.5, "Mean": 180, "Trend": {"Direction": "STABLE"}},
    "Local":   {"Availability": 100, "Mean": 42.5, "Trend": {"Direction": "IMPROVING"}}
  }
}"#;

fn switchboard() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("switchboard").expect("binary built");
    cmd.env("NO_COLOR", "1").env_remove("XDG_CONFIG_HOME").env(
        "XDG_STATE_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/state"),
    );
    // (A line without words is answered in the locale's language: none here.)
    for locale in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(locale);
    }
    cmd
}

fn metrics(dir: &TempDir) -> PathBuf {
    let p = dir.path().join("metrics.json");
    std::fs::write(&p, METRICS).expect("write metrics");
    p
}

/// Runs `--say TEXT --format json` plus `extra`; returns (exit code, object).
fn say_json(text: &str, file: &Path, extra: &[&str]) -> (i32, Value) {
    let out = switchboard()
        .arg("--say")
        .arg(text)
        .arg("--metrics-file")
        .arg(file)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn say_text(text: &str, file: &Path, extra: &[&str]) -> (i32, String) {
    let out = switchboard()
        .arg("--say")
        .arg(text)
        .arg("--metrics-file")
        .arg(file)
        .args(extra)
        .output()
        .expect("runs");
    let s = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    (out.status.code().unwrap_or(-1), s)
}

#[test]
fn text_answers_in_the_language_of_the_question() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let (code, ko) = say_text("오케스트레이션 상태 알려줘", &f, &[]);
    assert_eq!(code, 0);
    assert!(
        ko.contains("전체 GOOD") && ko.contains("주 채널 Local"),
        "{ko}"
    );
    assert!(ko.contains("310.25 ms") && ko.contains("WARNING"), "{ko}");
    let (code, en) = say_text("status", &f, &[]);
    assert_eq!(code, 0);
    assert!(
        en.contains("overall GOOD") && en.contains("primary Local"),
        "{en}"
    );
    assert!(!en.contains('\x1b'), "no colour under NO_COLOR");
}

/// A line without words ("📈") carries no language: it is answered in the locale's,
/// and in English when the locale names none.
#[test]
fn a_line_without_words_is_answered_in_the_locales_language() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let lang_of = |env: &[(&str, &str)]| {
        let mut cmd = switchboard();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["--say", "📈", "--format", "json", "--metrics-file"])
            .arg(&f)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        (v["intent"].clone(), v["lang"].clone())
    };
    assert_eq!(lang_of(&[]), (json!("trend"), json!("en")));
    assert_eq!(
        lang_of(&[("LANG", "ko_KR.UTF-8")]),
        (json!("trend"), json!("ko"))
    );
    let overridden = [("LANG", "ko_KR.UTF-8"), ("LC_ALL", "en_US.UTF-8")];
    assert_eq!(lang_of(&overridden), (json!("trend"), json!("en")));
    // A line with words keeps its own language whatever the locale.
    let mut cmd = switchboard();
    let out = cmd
        .env("LANG", "ko_KR.UTF-8")
        .args(["--say", "status", "--format", "json", "--metrics-file"])
        .arg(&f)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["lang"], json!("en"));
}

#[test]
fn json_has_exactly_the_spec_keys() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let (code, v) = say_json("Gateway 상태", &f, &[]);
    assert_eq!(code, 0);
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "intent",
            "args",
            "lang",
            "reply",
            "confidence",
            "suggestions",
            "executed"
        ]
    );
    assert_eq!(v["intent"], "channels");
    assert_eq!(v["args"]["channel"], "Gateway");
    assert_eq!(v["lang"], "ko");
    assert_eq!(v["executed"], false);
    assert!(v["confidence"].as_f64().is_some_and(|c| c > 0.9));
    assert!(v["suggestions"].is_array());
    assert!(v["reply"].as_str().is_some_and(|r| r.contains("92%")));
}

#[test]
fn unknown_still_answers_with_suggestions() {
    let dir = TempDir::new().expect("tempdir");
    let (code, v) = say_json("tell me a joke", &metrics(&dir), &[]);
    assert_eq!(code, 0);
    assert_eq!(v["intent"], "unknown");
    assert_eq!(v["suggestions"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["lang"], "en");
}

#[test]
fn an_action_without_yes_is_only_described() {
    let dir = TempDir::new().expect("tempdir");
    let (code, v) = say_json("모니터링 기반 라우팅 꺼", &metrics(&dir), &[]);
    assert_eq!(code, 0);
    assert_eq!(v["intent"], "monitoring.off");
    assert_eq!(v["executed"], false);
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("주 채널 Gateway") && reply.contains("--yes"),
        "{reply}"
    );
}

#[test]
fn yes_runs_what_a_one_shot_process_can() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let (code, v) = say_json("switch to static routing", &f, &["--yes"]);
    assert_eq!(code, 0);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("monitoring.off"), Some(true))
    );
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("applied to this answer only: primary Gateway"),
        "{reply}"
    );

    // A metrics file has no executor: it says so, and did nothing.
    let (code, v) = say_json("run recovery", &f, &["--yes"]);
    assert_eq!(code, 0);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("recovery.run"), Some(false))
    );
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("not run") && reply.contains("a metrics file has no executor"),
        "{reply}"
    );
    // Outcome lines are fitted to 80 columns like the reply itself.
    assert!(reply.lines().all(|l| l.chars().count() <= 80), "{reply}");

    for text in ["pause", "resume", "refresh", "자동 복구 켜줘", "quit"] {
        let (code, v) = say_json(text, &f, &["--yes"]);
        assert_eq!((code, v["executed"].as_bool()), (0, Some(false)), "{text}");
    }
}

#[test]
fn a_question_never_executes_even_with_yes() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    for text in [
        "복구 필요해?",
        "복구 실행해야 돼?",
        "should we switch to static routing?",
        "모니터링 꺼도 돼?",
    ] {
        let (code, v) = say_json(text, &f, &["--yes"]);
        assert_eq!(code, 0);
        assert_eq!(v["executed"], false, "{text}");
        let intent = v["intent"].as_str().unwrap_or_default();
        assert!(
            ["recovery.status", "routing"].contains(&intent),
            "{text}: {intent}"
        );
    }
}

#[test]
fn read_only_refuses_even_with_yes() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let out = dir.path().join("ctx.json");
    let export = format!("export to {}", out.display());
    for text in ["monitoring off", "run recovery", export.as_str()] {
        let (code, v) = say_json(text, &f, &["--yes", "--read-only"]);
        assert_eq!(code, 0);
        assert_eq!(v["executed"], false, "{text}");
        let reply = v["reply"].as_str().unwrap_or_default();
        assert!(reply.contains("--read-only"), "{text}: {reply}");
    }
    assert!(!out.exists(), "read-only must not write");
    // Questions are still answered.
    let (_, v) = say_json("status", &f, &["--read-only"]);
    assert_eq!(v["intent"], "status");
}

#[test]
fn export_writes_the_context_file_and_prints_the_path() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let out = dir.path().join("ctx.json");
    // An absolute path needs --yes (a new file under the current directory does not).
    let (code, v) = say_json(&format!("export to {}", out.display()), &f, &["--yes"]);
    assert_eq!(code, 0);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("export"), Some(true))
    );
    assert_eq!(v["args"]["path"], out.display().to_string());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(written["routing"]["primary"], "Local");
    assert!(v["reply"]
        .as_str()
        .unwrap_or_default()
        .contains(&out.display().to_string()));

    // Unwritable: exit 73 and executed false.
    let bad = dir.path().join("no/such/dir/ctx.json");
    let (code, v) = say_json(&format!("export to {}", bad.display()), &f, &["--yes"]);
    assert_eq!((code, v["executed"].as_bool()), (73, Some(false)));
}

#[test]
fn empty_text_exits_64() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    for text in ["", "   ", "\t\n"] {
        let out = switchboard()
            .arg("--say")
            .arg(text)
            .arg("--metrics-file")
            .arg(&f)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(64), "{text:?}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("--say needs some text"));
    }
}

#[test]
fn invalid_source_exits_3_with_the_snapshot_error_line() {
    let dir = TempDir::new().expect("tempdir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"Channels\": [1, 2]").expect("write");
    let snapshot = switchboard()
        .args(["--snapshot", "--metrics-file"])
        .arg(&bad)
        .output()
        .expect("runs");
    let say = switchboard()
        .args(["--say", "status", "--metrics-file"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(say.status.code(), Some(3));
    assert_eq!(say.stderr, snapshot.stderr);
    assert_eq!(String::from_utf8_lossy(&say.stderr).lines().count(), 1);
    let json = switchboard()
        .args(["--say", "status", "--format", "json", "--metrics-file"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(json.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&json.stdout).expect("JSON error object");
    assert_eq!(v["status"], "UNKNOWN");
}

#[test]
fn usage_mistakes_are_rejected() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let f = f.to_str().expect("UTF-8 temp path");
    // --yes only makes sense with --say; --say cannot be combined with --snapshot.
    for args in [
        &["--yes", "--metrics-file", f][..],
        &["--say", "status", "--snapshot", "--metrics-file", f][..],
    ] {
        let out = switchboard().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--say"),
            "{args:?}"
        );
    }
}

#[test]
fn config_vocabulary_and_simulated_channels() {
    let dir = TempDir::new().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        r#"
[[channel]]
name = "Primary"
probe = "simulated"
latency_ms = 40

[[channel]]
name = "Backup"
probe = "simulated"
latency_ms = 300

[chatops.phrases]
status = ["상황판"]

[chatops.aliases]
Backup = ["예비서버"]
"#,
    )
    .expect("write config");
    let run = |text: &str| {
        let out = switchboard()
            .args(["--say", text, "--format", "json", "--config"])
            .arg(&cfg)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")
    };
    assert_eq!(run("상황판")["intent"], "status");
    let v = run("예비서버 상태");
    assert_eq!(
        (v["intent"].as_str(), v["args"]["channel"].as_str()),
        (Some("channels"), Some("Backup"))
    );
    let v = run("backup latency");
    assert_eq!(v["args"]["channel"], "Backup");
}

#[test]
fn bad_config_vocabulary_is_bad_input() {
    let dir = TempDir::new().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[[channel]]\nname = \"A\"\nprobe = \"simulated\"\n[chatops.phrases]\nstauts = [\"x\"]\n",
    )
    .expect("write config");
    let out = switchboard()
        .args(["--say", "status", "--config"])
        .arg(&cfg)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stauts"));
}

#[test]
#[cfg_attr(
    not(shared_fixtures),
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn real_fixture_when_present() {
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/metrics/2025-10-29_b4aa3ebc.json");
    assert!(f.is_file(), "{} is absent", f.display());
    let (code, v) = say_json("오케스트레이션 상태", &f, &[]);
    assert_eq!(code, 0);
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(reply.starts_with("CRITICAL"), "{reply}");
    assert!(reply.contains("주 채널 Gateway, 예비 Cloud"), "{reply}");
    assert!(reply.contains("restart_worker, check_gateway"), "{reply}");
}

#[test]
fn yes_without_say_is_a_usage_error() {
    let mut cmd = assert_cmd::Command::cargo_bin("switchboard").expect("bin");
    cmd.env("NO_COLOR", "1")
        .args(["--snapshot", "--yes"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("--yes only applies to --say"));
}

#[test]
fn a_negated_or_questioned_export_describes_and_never_writes() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let q = dir.path().join("q.json");
    for text in [
        format!("should we export to {}?", q.display()),
        format!("don't export to {}", q.display()),
        format!("{} 에 내보내지 마", q.display()),
        format!("cancel the export to {}", q.display()),
    ] {
        let (code, v) = say_json(&text, &f, &["--yes"]);
        assert_eq!(code, 0, "{text}");
        assert_eq!(v["intent"], "export", "{text}");
        assert_eq!(v["executed"], false, "{text}");
        // The question mark ends the sentence; it is not part of the file name.
        assert_eq!(v["args"]["path"], q.display().to_string(), "{text}");
    }
    assert!(!q.exists(), "nothing may be written");
    assert!(!dir.path().join("q.json?").exists());
}

#[test]
fn export_never_overwrites_the_source_or_an_existing_file() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let before = std::fs::read_to_string(&f).expect("metrics");
    let (code, v) = say_json(&format!("export to {}", f.display()), &f, &[]);
    assert_eq!((code, v["executed"].as_bool()), (0, Some(false)));
    assert!(v["reply"].as_str().unwrap_or_default().contains("source"));
    assert_eq!(std::fs::read_to_string(&f).expect("metrics"), before);

    let other = dir.path().join("keep.json");
    std::fs::write(&other, "precious").expect("write");
    let (_, v) = say_json(&format!("export to {}", other.display()), &f, &[]);
    assert_eq!(v["executed"], false);
    assert!(v["reply"].as_str().unwrap_or_default().contains("exists"));
    assert_eq!(std::fs::read_to_string(&other).expect("kept"), "precious");
}

#[test]
fn recovery_reset_on_a_metrics_file_does_nothing_and_respects_read_only() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let (code, v) = say_json("Gateway 복구 리셋", &f, &["--yes"]);
    assert_eq!(code, 0);
    assert_eq!(v["intent"], "recovery.reset");
    assert_eq!(v["args"]["channel"], "Gateway");
    assert_eq!(v["executed"], false);
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("에스컬레이션") && reply.contains("메트릭 파일에는 복구 상태가 없어요"),
        "{reply}"
    );
    let (_, v) = say_json("reset recovery for cloud", &f, &[]);
    assert_eq!(v["executed"], false);
    assert!(v["reply"].as_str().unwrap_or_default().contains("--yes"));
    let (_, v) = say_json("reset recovery", &f, &["--yes", "--read-only"]);
    assert!(v["reply"]
        .as_str()
        .unwrap_or_default()
        .contains("--read-only"));
    // A question about it is a question.
    let (_, v) = say_json("복구 리셋해야 돼?", &f, &["--yes"]);
    assert_eq!(v["intent"], "recovery.status");
    assert_eq!(v["executed"], false);
}

#[test]
fn recovery_history_of_a_metrics_file_says_there_is_none() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let (code, v) = say_json("recent recoveries", &f, &[]);
    assert_eq!(code, 0);
    assert_eq!(v["intent"], "recovery.history");
    assert!(v["reply"]
        .as_str()
        .unwrap_or_default()
        .contains("no recovery history: a metrics file has no executor or audit log"));
    let (_, v) = say_json("최근 복구 기록", &f, &[]);
    assert_eq!(
        (v["intent"].as_str(), v["lang"].as_str()),
        (Some("recovery.history"), Some("ko"))
    );
}

#[test]
fn export_writes_the_dashboard_beside_the_context() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let out = dir.path().join("ctx.json");
    let (code, v) = say_json(&format!("export to {}", out.display()), &f, &["--yes"]);
    assert_eq!((code, v["executed"].as_bool()), (0, Some(true)));
    let page = std::fs::read_to_string(dir.path().join("ctx.html")).expect("page written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("Gateway"));
    assert!(out.is_file());
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("ctx.html") && reply.contains("ctx.json"),
        "{reply}"
    );

    // The page already there (even alone) stops the export: neither file is replaced.
    let page_only = dir.path().join("two.html");
    std::fs::write(&page_only, "mine").expect("write");
    let (code, v) = say_json(
        &format!("export to {}", dir.path().join("two.json").display()),
        &f,
        &["--yes"],
    );
    assert_eq!((code, v["executed"].as_bool()), (0, Some(false)));
    assert!(v["reply"].as_str().unwrap_or_default().contains("exists"));
    assert_eq!(std::fs::read_to_string(&page_only).expect("kept"), "mine");
    assert!(!dir.path().join("two.json").exists());
}

#[test]
fn a_second_default_export_gets_a_timestamped_name() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let run = || {
        switchboard()
            .current_dir(dir.path())
            .args(["--say", "대시보드 내보내기", "--metrics-file"])
            .arg(&f)
            .assert()
            .code(0)
    };
    run();
    let first = std::fs::read(dir.path().join("switchboard-context.html")).expect("first page");
    assert!(dir.path().join("switchboard-context.json").is_file());
    run();
    assert_eq!(
        std::fs::read(dir.path().join("switchboard-context.html")).expect("kept"),
        first,
        "the first export is never overwritten"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("switchboard-context-"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    // switchboard-context-20261130T124431Z.html and .json: one stamp for both.
    let stems: Vec<&str> = names
        .iter()
        .map(|n| n.rsplit_once('.').expect("extension").0)
        .collect();
    assert_eq!(stems[0], stems[1], "{names:?}");
    let stamp = stems[0].trim_start_matches("switchboard-context-");
    assert!(
        stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T',
        "{stamp}"
    );
    assert!(names[0].ends_with(".html") && names[1].ends_with(".json"));
}

/// Without --yes, export writes only a new .html/.json file under the current
/// directory; anything else, or a hedged sentence, writes nothing.
#[test]
fn export_without_yes_writes_only_a_dashboard_file_here() {
    let dir = TempDir::new().expect("tempdir");
    let f = metrics(&dir);
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let say = |text: &str, extra: &[&str]| {
        let out = switchboard()
            .current_dir(&work)
            .arg("--say")
            .arg(text)
            .arg("--metrics-file")
            .arg(&f)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v
    };
    let outside = dir.path().join("outside.json");
    for text in [
        format!("export to {}", outside.display()),
        "export to ../up.json".to_string(),
        "export to evil.sh".to_string(),
        "I wonder if export to w.json would work".to_string(),
        "maybe export to w.json".to_string(),
    ] {
        let v = say(&text, &[]);
        assert_eq!(v["executed"], false, "{text}: {v}");
    }
    assert!(!outside.exists() && !dir.path().join("up.json").exists());
    assert!(!work.join("evil.sh").exists() && !work.join("evil.html").exists());
    assert!(!work.join("w.json").exists() && !work.join("w.html").exists());
    let v = say("export to w.json", &[]);
    assert_eq!(v["executed"], true, "{v}");
    assert!(work.join("w.json").is_file() && work.join("w.html").is_file());
    let v = say(&format!("export to {}", outside.display()), &["--yes"]);
    assert_eq!(v["executed"], true, "with --yes: {v}");
    assert!(outside.is_file());
}
