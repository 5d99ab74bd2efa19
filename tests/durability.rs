//! Durability of the audit log through the real binary (`--headless`): `kill -9` at random
//! moments while recovery actions run (a smaller version of `scripts/kill9_loop.sh`), and
//! a full disk (the audit file is `/dev/full`) that the executor reports and recovers from.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A channel that is always down with a slow action, acted on every second and never
/// escalated (shared with `scripts/kill9_loop.sh` and `scripts/full_disk.sh`).
const CONFIG: &str = include_str!("fixtures/slow_action.toml");

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tmp");
        std::fs::write(dir.path().join("c.toml"), CONFIG).expect("config");
        Setup { dir }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn audit(&self) -> PathBuf {
        self.state().join("audit.jsonl")
    }

    /// `--headless` on the config, stderr piped.
    fn headless(&self) -> Child {
        self.command().spawn().expect("binary runs")
    }

    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_switchboard"));
        c.args(["--headless", "--config"])
            .arg(self.dir.path().join("c.toml"))
            .arg("--state-dir")
            .arg(self.state())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// Every line of the live and rotated logs (oldest first), each parsed.
    fn events(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for k in [
            "audit.jsonl.3",
            "audit.jsonl.2",
            "audit.jsonl.1",
            "audit.jsonl",
        ] {
            let text = std::fs::read_to_string(self.state().join(k)).unwrap_or_default();
            for l in text.lines() {
                let v: Value = serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{k}: bad audit line {l:?}: {e}"));
                assert!(v["ts"].is_string() && v["event"].is_string(), "{l}");
                out.push(v);
            }
        }
        out
    }

    /// Polls the audit log until `done` holds; panics with the log after `secs`.
    fn wait_for(&self, secs: u64, what: &str, done: impl Fn(&[Value]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let ev = self.events();
            if done(&ev) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {ev:#?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn count(ev: &[Value], event: &str) -> usize {
    ev.iter().filter(|v| v["event"] == event).count()
}

/// SIGTERM, then the exit code and everything it wrote on stderr.
fn stop(mut child: Child) -> (Option<i32>, String) {
    // SAFETY: signalling a child process this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(15);
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        assert!(Instant::now() < deadline, "did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("stderr");
    }
    (code, err)
}

/// A small xorshift generator: random kill moments without a dependency; the seed is
/// printed so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("KILL9_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                use std::hash::{BuildHasher, Hasher};
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_u32(std::process::id());
                h.finish() | 1
            });
        eprintln!("KILL9_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Each started action ends exactly once: with `action_end`, or `interrupted` recorded by
/// the next start (never twice).
fn assert_every_start_is_closed_once(ev: &[Value]) {
    let key = |v: &Value| format!("{}/{}", v["run"], v["action"]);
    let mut closed: HashMap<String, usize> = HashMap::new();
    for v in ev {
        if v["event"] == "action_end" || v["event"] == "interrupted" {
            *closed.entry(key(v)).or_default() += 1;
        }
    }
    for v in ev.iter().filter(|v| v["event"] == "action_start") {
        let n = closed.get(&key(v)).copied().unwrap_or(0);
        assert_eq!(n, 1, "action {} closed {n} times", key(v));
    }
}

#[test]
fn kill_9_at_random_moments_leaves_a_log_that_parses_and_closes_every_action() {
    const KILLS: usize = 8;
    let s = Setup::new();
    let mut rng = Rng::new();
    for k in 0..KILLS {
        let before = count(&s.events(), "action_start");
        let mut child = s.headless();
        // Wait for an action to be running, then kill at a random moment within the
        // next 1.2 s: in the action, between two, or while a line is being written.
        s.wait_for(20, "an action to start", |ev| {
            count(ev, "action_start") > before
        });
        std::thread::sleep(Duration::from_millis(rng.below(1200)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        eprintln!("kill {} after {} events", k + 1, s.events().len());
    }
    // One more start records what the last kill interrupted, then a clean stop.
    let child = s.headless();
    s.wait_for(20, "the last start", |ev| count(ev, "start") == KILLS + 1);
    let (code, _) = stop(child);
    assert_eq!(code, Some(0));
    let ev = s.events();
    assert!(
        count(&ev, "interrupted") >= 1,
        "no kill hit an action: {ev:#?}"
    );
    assert_every_start_is_closed_once(&ev);
}

/// The most a file of the binary may grow to in the full-disk test, in bytes: a few
/// lines (an `action_end` with the action's output is about 700 bytes).
const DISK_BYTES: u64 = 3000;

#[test]
fn a_full_disk_is_reported_and_the_log_resumes_when_there_is_room() {
    use std::os::unix::process::CommandExt;
    let s = Setup::new();
    let mut cmd = s.command();
    // SAFETY: only async-signal-safe calls between fork and exec. Files stop growing at
    // DISK_BYTES (EFBIG, like ENOSPC mid-line); an ignored SIGXFSZ stays ignored in exec.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: DISK_BYTES,
                rlim_max: DISK_BYTES,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd.spawn().expect("binary runs");
    s.wait_for(20, "the log to fill up", |_| {
        std::fs::metadata(s.audit()).is_ok_and(|m| m.len() > DISK_BYTES - 800)
    });
    // Full: a few more attempts' worth of time, then room again (the operator moves the
    // full file away).
    std::thread::sleep(Duration::from_secs(3));
    let full = s.events();
    std::fs::rename(s.audit(), s.state().join("moved.jsonl")).expect("move");
    s.wait_for(20, "lines after the disk has room", |ev| {
        count(ev, "action_end") >= 1
    });
    let (code, err) = stop(child);
    assert_eq!(code, Some(0), "{err}");
    let stopped = err
        .lines()
        .position(|l| l.contains("File too large") && l.contains("wait until"))
        .unwrap_or_else(|| panic!("no full-disk line: {err}"));
    let again = err
        .lines()
        .position(|l| l.contains("audit log: writing again"))
        .unwrap_or_else(|| panic!("no resume line: {err}"));
    assert!(stopped < again, "{err}");
    // Every line of the full file parses (a cut line was cut off), and every action
    // that started on record ended on record or after the move.
    let mut ev = full;
    ev.extend(s.events());
    assert!(count(&ev, "action_start") >= 2, "{ev:#?}");
    assert_every_start_is_closed_once(&ev);
}
