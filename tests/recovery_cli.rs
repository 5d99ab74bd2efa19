//! The recovery executor through the real binary (`--headless`), against a loopback HTTP
//! service the tests take down and restart scripts bring back: one verified restart,
//! backoff and escalation, noise, cooldown, `--dry-run`, two instances, `kill -9` during
//! an action, and a planted secret. Every test reads the audit log the binary wrote.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::http::TestServer;
use serde_json::Value;

/// A temp dir with a service flag file, a state dir and a config.
struct Setup {
    dir: tempfile::TempDir,
    server: TestServer,
}

impl Setup {
    fn new() -> Setup {
        let s = Setup {
            dir: tempfile::tempdir().expect("tmp"),
            server: TestServer::start(),
        };
        s.up();
        s
    }

    fn flag(&self) -> PathBuf {
        self.dir.path().join("up")
    }

    fn up(&self) {
        std::fs::write(self.flag(), "").expect("flag");
    }

    fn down(&self) {
        let _ = std::fs::remove_file(self.flag());
    }

    fn is_up(&self) -> bool {
        self.flag().exists()
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn audit(&self) -> PathBuf {
        self.state().join("audit.jsonl")
    }

    /// Writes the config: `Api` is the flag service with `action` bound, `Backup` always up.
    fn config(&self, recovery: &str, action: &str) -> PathBuf {
        let text = format!(
            r#"[poll]
interval = "200ms"
window = "1m"
down_after = 2
up_after = 2

[recovery]
auto = true
{recovery}

[[action]]
name = "restart_api"
{action}

[[channel]]
name = "Api"
probe = "http"
url = "{api}"
actions = ["restart_api"]

[[channel]]
name = "Backup"
probe = "http"
url = "{backup}"
"#,
            api = self.server.url(&format!("/flag{}", self.flag().display())),
            backup = self.server.url("/ok"),
        );
        let path = self.dir.path().join("c.toml");
        std::fs::write(&path, text).expect("config");
        path
    }

    /// A restart script that brings the service back.
    fn restart_action(&self) -> String {
        format!(
            "command = [\"sh\", \"-c\", \"touch {}\"]\ntimeout = \"5s\"",
            self.flag().display()
        )
    }

    fn headless(&self, config: &Path, extra: &[&str]) -> Headless {
        let log = self.dir.path().join(format!(
            "stderr-{}.log",
            extra.len() + count_logs(self.dir.path())
        ));
        let child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["--headless", "--config"])
            .arg(config)
            .arg("--state-dir")
            .arg(self.state())
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("binary runs");
        Headless {
            child: common::Reaped(child),
            log,
        }
    }

    /// A run of the binary on `config` and `state` until it exits.
    fn run_in(&self, state: &Path, config: &Path, args: &[&str]) -> std::process::Output {
        common::switchboard()
            .args(args)
            .arg("--config")
            .arg(config)
            .arg("--state-dir")
            .arg(state)
            .output()
            .expect("runs")
    }

    /// `run_in` this state dir.
    fn run(&self, config: &Path, args: &[&str]) -> std::process::Output {
        self.run_in(&self.state(), config, args)
    }

    /// A one-shot run of the binary on `config` and this state dir; its stdout.
    fn one_shot(&self, config: &Path, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.run(config, args).stdout).into_owned()
    }

    /// `config` with auto-recovery off: only orders act.
    fn manual_config(&self, recovery: &str, action: &str) -> PathBuf {
        let cfg = self.config(recovery, action);
        let text = std::fs::read_to_string(&cfg)
            .expect("cfg")
            .replace("auto = true\n", "");
        std::fs::write(&cfg, text).expect("write");
        cfg
    }

    fn snapshot_json(&self, config: &Path) -> Value {
        serde_json::from_str(&self.one_shot(config, &["--snapshot", "--format", "json"]))
            .expect("json")
    }

    /// `--say TEXT --format json` (with `--yes` when `yes`).
    fn say(&self, config: &Path, text: &str, yes: bool) -> Value {
        let mut args = vec!["--say", text, "--format", "json"];
        if yes {
            args.push("--yes");
        }
        serde_json::from_str(&self.one_shot(config, &args)).expect("json")
    }

    fn events(&self) -> Vec<Value> {
        audit_lines(&self.audit())
    }

    /// Polls the audit log until `done` holds; panics with the log after `secs`.
    fn wait_for(&self, secs: u64, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let ev = self.events();
            if done(&ev) {
                return ev;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {ev:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn count_logs(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

/// Every line parses as a JSON object with `ts` and `event`.
fn audit_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|l| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("bad audit line {l:?}: {e}"));
            assert!(v["ts"].is_string() && v["event"].is_string(), "{l}");
            v
        })
        .collect()
}

fn named<'a>(ev: &'a [Value], event: &str) -> Vec<&'a Value> {
    ev.iter().filter(|v| v["event"] == event).collect()
}

fn ms(v: &Value) -> i64 {
    v["ts"]
        .as_str()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map(|t| t.as_millisecond())
        .expect("ts")
}

struct Headless {
    child: common::Reaped,
    log: PathBuf,
}

impl Headless {
    fn signal(&self, sig: i32) {
        self.child.signal(sig);
    }

    /// SIGTERM, then the exit code and stderr.
    fn stop(mut self) -> (Option<i32>, String) {
        let code = self.child.terminate();
        (code, std::fs::read_to_string(&self.log).unwrap_or_default())
    }
}

#[test]
fn a_stopped_service_gets_one_restart_that_is_verified() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"\nverify_timeout = \"5s\"",
        &s.restart_action(),
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    std::thread::sleep(Duration::from_millis(600));
    s.down();
    let ev = s.wait_for(20, "a verified recovery", |ev| {
        named(ev, "verify").iter().any(|v| v["ok"] == true)
    });
    assert!(s.is_up(), "the restart script ran");
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    let api: Vec<&str> = ev
        .iter()
        .filter(|v| v["channel"] == "Api")
        .map(|v| v["event"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(api, ["trigger", "action_start", "action_end", "verify"]);
    let end = named(&ev, "action_end")[0];
    assert_eq!(
        (end["ok"].as_bool(), end["exit_code"].as_i64()),
        (Some(true), Some(0))
    );
    let verify = named(&ev, "verify")[0];
    let down_ms = verify["down_ms"].as_i64().expect("down_ms");
    assert!((200..10_000).contains(&down_ms), "down {down_ms} ms");
    assert!(
        stderr.contains("trigger Api") && stderr.contains("verify Api"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Api OFFLINE"),
        "health changes are logged: {stderr}"
    );
}

#[test]
fn a_restart_that_fails_backs_off_and_escalates_once() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"400ms\"\nmax_attempts = 3\nverify_timeout = \"2s\"\nbackoff_max = \"10s\"\non_escalate = \"page\"",
        "command = [\"sh\", \"-c\", \"echo cannot restart >&2; exit 1\"]\ntimeout = \"5s\"\n\n[[action]]\nname = \"page\"\ncommand = [\"true\"]",
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    s.wait_for(20, "escalation", |ev| !named(ev, "escalate").is_empty());
    std::thread::sleep(Duration::from_secs(2));
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    let ev = s.events();
    let starts: Vec<i64> = named(&ev, "trigger").iter().map(|v| ms(v)).collect();
    assert_eq!(starts.len(), 3, "attempts stop at max_attempts: {ev:#?}");
    let (g1, g2) = (starts[1] - starts[0], starts[2] - starts[1]);
    assert!(
        g1 >= 400 && g2 >= 800 && g2 > g1,
        "gaps grow: {g1} ms, {g2} ms"
    );
    assert_eq!(named(&ev, "escalate").len(), 1);
    let ends = named(&ev, "action_end");
    assert!(ends
        .iter()
        .filter(|v| v["action"] == "restart_api")
        .all(|v| v["ok"] == false && v["exit_code"] == 1 && v["output"] == "cannot restart"));
    let hook: Vec<_> = ends.iter().filter(|v| v["action"] == "page").collect();
    assert_eq!(hook.len(), 1, "on_escalate runs once");
    assert_eq!(hook[0]["escalation"], true);

    // A one-shot snapshot (cron) reads the escalation back from the audit log.
    let v = s.snapshot_json(&cfg);
    assert_eq!(
        v["recovery"]["escalated"],
        serde_json::json!(["Api"]),
        "{v}"
    );
    assert_eq!(v["channels"][0]["recovery_state"], "escalated");
    assert_eq!(v["recovery"]["auto"], true);
    assert_eq!(v["recovery"]["success_rate"], 0.0);
    let text = s.one_shot(&cfg, &["--snapshot"]);
    assert!(
        text.contains("Api: ESCALATED after 3 failed attempts"),
        "{text}"
    );
    // A daemon that starts with the channel escalated says so at once.
    let again = s.headless(&cfg, &[]);
    std::thread::sleep(Duration::from_millis(800));
    let (_, stderr) = again.stop();
    assert!(
        stderr.contains("Api starts ESCALATED") && stderr.contains("reset recovery Api"),
        "{stderr}"
    );

    // ChatOps reads the history back, and a confirmed reset clears the escalation.
    let v = s.say(&cfg, "recent recoveries", false);
    assert_eq!(v["intent"], "recovery.history");
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("ESCALATED after 3 failed attempts") && reply.contains("success rate 0%"),
        "{reply}"
    );
    let v = s.say(&cfg, "reset recovery Api", true);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("recovery.reset"), Some(true)),
        "{v}"
    );
    assert!(
        v["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("reset: Api"),
        "{v}"
    );
    let v = s.snapshot_json(&cfg);
    assert_eq!(v["recovery"]["escalated"], serde_json::json!([]), "{v}");
    assert_eq!(named(&s.events(), "reset")[0]["by"], "say");
}

#[test]
fn say_runs_recovery_by_hand_and_waits_for_the_verification() {
    let s = Setup::new();
    let cfg = s.manual_config("verify_timeout = \"5s\"", &s.restart_action());
    // Nothing to recover while all is well: said in the question's language alone.
    let v = s.say(&cfg, "복구 실행", true);
    let reply = v["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("없어요") && !reply.contains("nothing to recover"),
        "{reply}"
    );
    s.down();
    let run = |yes: bool| s.say(&cfg, "Api 복구 실행", yes);
    let v = run(false);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("recovery.run"), Some(false))
    );
    assert!(!s.is_up(), "nothing runs without --yes");
    let v = run(true);
    assert_eq!(v["executed"], true, "{v}");
    assert!(s.is_up(), "the restart ran");
    let reply = v["reply"].as_str().unwrap_or_default();
    // The result in the question's language: a Korean reply quotes no English record.
    assert!(
        reply.contains("restart_api 종료 코드 0") && reply.contains("복구됨"),
        "{reply}"
    );
    assert!(
        !reply.contains("exit 0") && !reply.contains("back,"),
        "{reply}"
    );
    let ev = s.events();
    let trigger = named(&ev, "trigger")[0];
    assert_eq!(
        (trigger["by"].as_str(), trigger["channel"].as_str()),
        (Some("say"), Some("Api"))
    );
    assert_eq!(named(&ev, "verify")[0]["ok"], true);
}

#[test]
fn noise_and_a_healthy_fleet_trigger_nothing() {
    let s = Setup::new();
    let cfg = s.config("cooldown = \"1s\"", &s.restart_action());
    let text = std::fs::read_to_string(&cfg)
        .expect("cfg")
        .replace(&format!("/flag{}", s.flag().display()), "/noise");
    std::fs::write(&cfg, text).expect("write");
    let h = s.headless(&cfg, &[]);
    std::thread::sleep(Duration::from_secs(5));
    let (code, _) = h.stop();
    assert_eq!(code, Some(0));
    let ev = s.events();
    assert!(named(&ev, "trigger").is_empty(), "{ev:#?}");
    assert_eq!(named(&ev, "start").len(), 1);
}

#[test]
fn the_cooldown_holds_between_two_outages() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"3s\"\nverify_timeout = \"5s\"",
        &s.restart_action(),
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    s.wait_for(20, "first recovery", |ev| !named(ev, "verify").is_empty());
    s.down();
    s.wait_for(20, "second recovery", |ev| named(ev, "verify").len() >= 2);
    h.stop();
    let ev = s.events();
    let t: Vec<i64> = named(&ev, "trigger").iter().map(|v| ms(v)).collect();
    assert_eq!(t.len(), 2, "{ev:#?}");
    assert!(
        t[1] - t[0] >= 3000,
        "second attempt {} ms after the first",
        t[1] - t[0]
    );
}

#[test]
fn dry_run_decides_and_records_but_runs_nothing() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"\nverify_timeout = \"1s\"",
        &s.restart_action(),
    );
    let h = s.headless(&cfg, &["--dry-run"]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    let ev = s.wait_for(20, "the dry-run attempt verified or not", |ev| {
        !named(ev, "verify").is_empty()
    });
    assert!(!s.is_up(), "the restart script must not run");
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    for v in ev.iter().filter(|v| v["channel"] == "Api") {
        assert_eq!(v["dry_run"], true, "{v}");
    }
    assert_eq!(
        named(&ev, "verify")[0]["ok"],
        false,
        "nothing brought it back"
    );
    assert!(stderr.contains("dry run"), "{stderr}");
}

#[test]
fn of_two_instances_on_one_state_dir_only_one_acts() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"\nverify_timeout = \"5s\"",
        &s.restart_action(),
    );
    let first = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    let second = s.headless(&cfg, &["--standby"]);
    std::thread::sleep(Duration::from_millis(800));
    s.down();
    s.wait_for(20, "recovery", |ev| !named(ev, "verify").is_empty());
    std::thread::sleep(Duration::from_millis(500));
    let (_, second_log) = second.stop();
    let (_, _) = first.stop();
    let ev = s.events();
    assert_eq!(named(&ev, "start").len(), 1, "only the lock holder writes");
    assert_eq!(named(&ev, "trigger").len(), 1, "one restart, not two");
    assert!(
        second_log.contains("read-only") && second_log.contains("--standby"),
        "{second_log}"
    );
}

/// A second daemon configured to act that cannot take the lock does not run on as a
/// silent watcher: it exits 75 (EX_TEMPFAIL) and says who holds the lock.
#[test]
fn a_daemon_that_cannot_take_the_lock_exits_with_the_reason() {
    let s = Setup::new();
    let cfg = s.config("cooldown = \"30s\"", &s.restart_action());
    let first = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    let out = s.run(&cfg, &["--headless"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "{stderr}");
    assert!(
        stderr.contains("cannot act: another switchboard (pid")
            && stderr.contains("holds the recovery lock")
            && stderr.contains("--standby"),
        "{stderr}"
    );
    // A state dir that cannot be created: the real reason, exit 73.
    let blocker = s.dir.path().join("a-file");
    std::fs::write(&blocker, "").expect("file");
    let out = s.run_in(&blocker.join("state"), &cfg, &["--headless"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(73), "{stderr}");
    assert!(
        stderr.contains("cannot act: cannot create") && !stderr.contains("another instance"),
        "{stderr}"
    );
    // An order given to a second process while the daemon holds the lock: not carried
    // out, exit 75, said in the question's language alone.
    let out = s.run(&cfg, &["--say", "Api 복구 실행", "--yes"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(75), "{stdout}");
    assert!(
        stdout.contains("실행 안 함") && stdout.contains("복구 잠금"),
        "{stdout}"
    );
    assert!(!stdout.contains("holds the recovery lock"), "{stdout}");
    first.stop();
}

/// A rehearsal that reached escalation leaves nothing behind that gates the real run:
/// the real daemon on the same state dir triggers at once, and nothing starts escalated.
#[test]
fn a_dry_run_escalation_never_disables_the_real_daemon() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"300ms\"\nmax_attempts = 2\nverify_timeout = \"600ms\"\nbackoff_max = \"1s\"",
        &s.restart_action(),
    );
    s.down();
    let rehearsal = s.headless(&cfg, &["--dry-run"]);
    s.wait_for(20, "the rehearsal to escalate", |ev| {
        !named(ev, "escalate").is_empty()
    });
    rehearsal.stop();
    assert!(!s.is_up(), "a dry run runs nothing");
    let v = s.snapshot_json(&cfg);
    assert_eq!(v["recovery"]["escalated"], serde_json::json!([]), "{v}");
    // What is recommended is what this config can run, not the seed's default names.
    assert_eq!(
        v["recovery"]["recommended_actions"],
        serde_json::json!(["restart_api"]),
        "{v}"
    );
    let real = s.headless(&cfg, &[]);
    s.wait_for(20, "a real trigger", |ev| {
        named(ev, "trigger").iter().any(|v| v["dry_run"].is_null())
    });
    let (_, stderr) = real.stop();
    assert!(!stderr.contains("starts ESCALATED"), "{stderr}");
}

#[test]
fn kill_9_during_an_action_is_recorded_as_interrupted_at_the_next_start() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"",
        "command = [\"sleep\", \"30\"]\ntimeout = \"60s\"",
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    s.wait_for(20, "the action to start", |ev| {
        !named(ev, "action_start").is_empty()
    });
    h.signal(libc::SIGKILL);
    drop(h);
    let again = s.headless(&cfg, &[]);
    let ev = s.wait_for(10, "interrupted", |ev| !named(ev, "interrupted").is_empty());
    let (code, _) = again.stop();
    assert_eq!(code, Some(0));
    let i = named(&ev, "interrupted")[0];
    assert_eq!(
        (i["channel"].as_str(), i["action"].as_str()),
        (Some("Api"), Some("restart_api"))
    );
    assert_eq!(i["run"], named(&ev, "action_start")[0]["run"]);
    audit_lines(&s.audit());
}

#[test]
fn a_planted_secret_appears_in_no_output() {
    const SECRET: &str = "sk-planted-7f3a9c";
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"\nverify_timeout = \"5s\"",
        &format!(
            // Actions start with a cleared environment: this one asks for the key by
            // name, so its output holds it and must be redacted.
            "command = [\"sh\", \"-c\", \"echo key=$SB_TEST_SECRET; touch {}\"]\ntimeout = \"5s\"\n\
             env = [\"SB_TEST_SECRET\"]",
            s.flag().display()
        ),
    );
    let text = std::fs::read_to_string(&cfg).expect("cfg").replace(
        "actions = [\"restart_api\"]",
        "actions = [\"restart_api\"]\napi_key_env = \"SB_TEST_SECRET\"",
    );
    std::fs::write(&cfg, text).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    child
        .args(["--headless", "--config"])
        .arg(&cfg)
        .arg("--state-dir")
        .arg(s.state())
        .env("SB_TEST_SECRET", SECRET)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(s.dir.path().join("secret.log")).expect("log"));
    let h = Headless {
        child: common::Reaped(child.spawn().expect("runs")),
        log: s.dir.path().join("secret.log"),
    };
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    let ev = s.wait_for(20, "recovery", |ev| !named(ev, "verify").is_empty());
    let (_, stderr) = h.stop();
    let audit = std::fs::read_to_string(s.audit()).expect("audit");
    assert!(
        !audit.contains(SECRET) && !stderr.contains(SECRET),
        "{audit}\n{stderr}"
    );
    assert_eq!(named(&ev, "action_end")[0]["output"], "key=[redacted]");
    let snap = common::switchboard()
        .args(["--snapshot", "--format", "json", "--config"])
        .arg(&cfg)
        .env("SB_TEST_SECRET", SECRET)
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&snap.stdout).contains(SECRET));
    assert!(!String::from_utf8_lossy(&snap.stderr).contains(SECRET));
}

#[test]
fn sigterm_waits_for_a_running_action_up_to_its_timeout_and_records_it_aborted() {
    let s = Setup::new();
    let cfg = s.config(
        "cooldown = \"30s\"",
        "command = [\"sleep\", \"30\"]\ntimeout = \"2s\"",
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    s.down();
    s.wait_for(20, "the action to start", |ev| {
        !named(ev, "action_start").is_empty()
    });
    let asked = Instant::now();
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(asked.elapsed() < Duration::from_secs(10));
    let ev = s.events();
    let end = named(&ev, "action_end");
    assert_eq!(end.len(), 1, "{ev:#?}");
    assert_eq!(
        (end[0]["timed_out"].as_bool(), end[0]["aborted"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(
        stderr.contains("stopping: waiting for Api (restart_api)"),
        "{stderr}"
    );
}

/// Ctrl-C while `--say … --yes` waits for the verification: it says what it is doing and
/// that it stops, exits 130, and the attempt has an `aborted` end in the audit log.
#[test]
fn ctrl_c_during_a_say_verification_is_said_and_recorded_aborted() {
    let s = Setup::new();
    let cfg = s.manual_config(
        "verify_timeout = \"60s\"",
        "command = [\"true\"]\ntimeout = \"5s\"",
    );
    s.down();
    let log = s.dir.path().join("say.log");
    let child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["--say", "Api 복구 실행", "--yes", "--config"])
        .arg(&cfg)
        .arg("--state-dir")
        .arg(s.state())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("runs");
    let h = Headless {
        child: common::Reaped(child),
        log,
    };
    s.wait_for(20, "the action to end", |ev| {
        !named(ev, "action_end").is_empty()
    });
    std::thread::sleep(Duration::from_millis(300));
    h.signal(libc::SIGINT);
    let asked = Instant::now();
    let mut h = h;
    let code = loop {
        if let Some(st) = h.child.try_wait().expect("wait") {
            break st.code();
        }
        assert!(asked.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::fs::read_to_string(&h.log).unwrap_or_default();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("Api: verifying") && stderr.contains("interrupted"),
        "{stderr}"
    );
    let ev = s.events();
    let aborted = named(&ev, "aborted");
    assert_eq!(aborted.len(), 1, "{ev:#?}");
    assert_eq!(aborted[0]["channel"], "Api");
}

/// `--say … --yes` during an outage that a daemon saw begin: the time to recovery counts
/// from the outage's start in history, not from the one-shot process's first probe.
#[test]
fn say_times_a_recovery_from_the_outage_start_in_history() {
    let s = Setup::new();
    let cfg = s.manual_config("verify_timeout = \"5s\"", &s.restart_action());
    let watcher = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    std::thread::sleep(Duration::from_millis(600));
    s.down();
    std::thread::sleep(Duration::from_millis(3000));
    watcher.stop();
    let v = s.say(&cfg, "Api 복구 실행", true);
    assert_eq!(v["executed"], true, "{v}");
    let ev = s.events();
    let verify = named(&ev, "verify");
    let down_ms = verify[0]["down_ms"].as_i64().expect("down_ms");
    assert!(down_ms >= 3000, "down {down_ms} ms: {ev:#?}");
}

/// `--check`: a table and the monitoring-plugin exit code — 0 all well, 1 warnings (a
/// channel down, the lock held by a daemon), 3 errors (a missing action script).
#[test]
fn check_is_a_preflight_with_plugin_exit_codes() {
    let s = Setup::new();
    let check = |cfg: &Path| {
        let out = s.run(cfg, &["--check"]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let cfg = s.config("cooldown = \"30s\"", &s.restart_action());
    let (code, out) = check(&cfg);
    assert_eq!(code, Some(0), "{out}");
    for want in [
        "OK     config",
        "action restart_api",
        "state dir",
        "lock",
        "channel Api",
        "answered in",
        "0 errors, 0 warnings",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
    s.down();
    let (code, out) = check(&cfg);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("WARN   channel Api") && out.contains("probe failed"),
        "{out}"
    );
    s.up();
    let daemon = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    let (code, out) = check(&cfg);
    daemon.stop();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("holds the recovery lock"), "{out}");
    let missing = s.config(
        "cooldown = \"30s\"",
        "command = [\"/opt/nowhere/restart.sh\"]",
    );
    let (code, out) = check(&missing);
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains("ERROR  action restart_api") && out.contains("does not exist"),
        "{out}"
    );
    // Everywhere else, the same missing script is a warning when the config loads.
    let snap = s.run(&missing, &["--snapshot"]);
    let stderr = String::from_utf8_lossy(&snap.stderr);
    assert!(
        stderr.contains("warning: action restart_api: /opt/nowhere/restart.sh does not exist"),
        "{stderr}"
    );
}

/// SIGHUP reloads the config, validated first: a broken file is logged and the running
/// config stays; a good one restarts the poller and the executor on it.
#[test]
fn sighup_reloads_a_valid_config_and_keeps_running_on_a_broken_one() {
    let s = Setup::new();
    let cfg = s.config("cooldown = \"30s\"", &s.restart_action());
    let good = std::fs::read_to_string(&cfg).expect("cfg");
    let mut h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    let log_has = |h: &Headless, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = std::fs::read_to_string(&h.log).unwrap_or_default();
            if text.contains(what) {
                return text;
            }
            assert!(Instant::now() < deadline, "no {what:?} in:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    std::fs::write(&cfg, "[poll]\ninterval = \"nope\"\n").expect("write");
    h.signal(libc::SIGHUP);
    log_has(&h, "reload failed, the running config stays");
    std::thread::sleep(Duration::from_millis(300));
    assert!(h.child.try_wait().expect("wait").is_none(), "still running");
    let more = format!(
        "{good}\n[[channel]]\nname = \"Extra\"\nprobe = \"http\"\nurl = \"{}\"\n",
        s.server.url("/ok")
    );
    std::fs::write(&cfg, more).expect("write");
    h.signal(libc::SIGHUP);
    let text = log_has(&h, "headless: 3 channels");
    assert!(text.contains("config reloaded (SIGHUP)"), "{text}");
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(named(&s.events(), "start").len(), 2, "the lock taken again");
}

/// `[[notify]]` hears the outage, the recovery and the channel back, one JSON body each,
/// from the instance that acts.
#[test]
fn notify_targets_hear_down_recovered_and_back() {
    let s = Setup::new();
    let hook = s.dir.path().join("hook.jsonl");
    let notify = format!(
        "\n[[notify]]\nurl = \"{}\"\nmin_interval = \"0s\"\n\n[[notify]]\nurl = \"{}\"\n",
        s.server.url(&format!("/llm/hook{}", hook.display())),
        s.server.url("/500"),
    );
    let cfg = s.config(
        "cooldown = \"30s\"\nverify_timeout = \"5s\"",
        &format!("{}{notify}", s.restart_action()),
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    std::thread::sleep(Duration::from_millis(600));
    s.down();
    s.wait_for(20, "a verified recovery", |ev| {
        named(ev, "verify").iter().any(|v| v["ok"] == true)
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let events = loop {
        let text = std::fs::read_to_string(&hook).unwrap_or_default();
        let events: Vec<Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let kinds: Vec<&str> = events.iter().filter_map(|v| v["event"].as_str()).collect();
        if ["down", "recovered", "back"]
            .iter()
            .all(|k| kinds.contains(k))
        {
            break events;
        }
        assert!(Instant::now() < deadline, "heard only {kinds:?}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let (_, stderr) = h.stop();
    // A second target that fails: one log line, and the first still heard everything.
    assert!(
        stderr.contains("Api down not delivered: HTTP 500"),
        "{stderr}"
    );
    let down = events.iter().find(|v| v["event"] == "down").expect("down");
    assert_eq!(down["channel"], "Api");
    assert!(
        down["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Api is down"),
        "{down}"
    );
}

/// A `[[maintenance]]` window: the channel goes down, nothing runs, nobody is notified,
/// the window is audited and every view says until when.
#[test]
fn maintenance_holds_actions_and_notifications_and_says_until_when() {
    let s = Setup::new();
    let hook = s.dir.path().join("hook.jsonl");
    let now = jiff::Timestamp::now();
    let start = now - jiff::SignedDuration::from_secs(60);
    let end = now + jiff::SignedDuration::from_secs(3600);
    let extra = format!(
        "\n[[notify]]\nurl = \"{}\"\nmin_interval = \"0s\"\n\n[[maintenance]]\nchannel = \"Api\"\nstart = \"{start:.0}\"\nend = \"{end:.0}\"\nreason = \"db upgrade\"\n",
        s.server.url(&format!("/llm/hook{}", hook.display()))
    );
    let cfg = s.config(
        "cooldown = \"1s\"",
        &format!("{}{extra}", s.restart_action()),
    );
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "the window audited", |ev| {
        named(ev, "maintenance").iter().any(|v| v["on"] == true)
    });
    s.down();
    std::thread::sleep(Duration::from_secs(3));
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!s.is_up(), "no action ran");
    let ev = s.events();
    assert!(named(&ev, "trigger").is_empty(), "{ev:#?}");
    let m = named(&ev, "maintenance")[0];
    assert_eq!(
        (m["channel"].as_str(), m["reason"].as_str()),
        (Some("Api"), Some("db upgrade"))
    );
    let heard = std::fs::read_to_string(&hook).unwrap_or_default();
    assert!(!heard.contains("\"Api\""), "nothing about Api: {heard}");
    let v = s.snapshot_json(&cfg);
    assert_eq!(
        v["channels"][0]["maintenance_until"],
        format!("{end:.0}"),
        "{v}"
    );
    let text = s.one_shot(&cfg, &["--snapshot"]);
    assert!(text.contains("Api: maintenance until"), "{text}");
}

/// A silence given by `--say` while a daemon holds the lock: the daemon picks it up,
/// audits it and runs nothing for the silenced channel.
#[test]
fn a_silence_from_say_reaches_the_running_daemon() {
    let s = Setup::new();
    let cfg = s.config("cooldown = \"1s\"", &s.restart_action());
    let h = s.headless(&cfg, &[]);
    s.wait_for(10, "start", |ev| !named(ev, "start").is_empty());
    let v = s.say(&cfg, "Api 30분 점검", true);
    assert_eq!(
        (v["intent"].as_str(), v["executed"].as_bool()),
        (Some("silence"), Some(true)),
        "{v}"
    );
    let ev = s.wait_for(10, "the silence audited", |ev| {
        named(ev, "maintenance").iter().any(|v| v["on"] == true)
    });
    let m = named(&ev, "maintenance")[0];
    assert_eq!(
        (m["channel"].as_str(), m["reason"].as_str()),
        (Some("Api"), Some("silenced by say"))
    );
    s.down();
    std::thread::sleep(Duration::from_secs(3));
    let (code, stderr) = h.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(named(&s.events(), "trigger").is_empty(), "nothing ran");
    let v = s.say(&cfg, "Api 30분 점검", false);
    assert_eq!(
        v["executed"], false,
        "without --yes it only says what it would do"
    );
}
