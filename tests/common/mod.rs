//! Helpers shared by the integration tests: the shared fixtures and the binary.
#![allow(dead_code)]

pub mod daemon;
pub mod fake_prom;
pub mod http;
pub mod tui;

use std::path::PathBuf;

/// `../shared/fixtures/<sub>` beside the checkout, if present.
pub fn shared_fixtures(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} is absent (CI has ../shared beside the checkout)",
            dir.display()
        );
        None
    }
}

/// Pairs of (metrics file, expected decisions file) from the shared fixtures, sorted.
/// Callers are marked `cfg_attr(not(shared_fixtures), ignore)`, so when they run the
/// fixtures must be there: their absence is a failure, not an empty pass.
pub fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
    let (Some(metrics), Some(expected)) = (shared_fixtures("metrics"), shared_fixtures("expected"))
    else {
        panic!("../shared/fixtures is absent: run this test only where build.rs found it");
    };
    pairs_in(&metrics, &expected)
}

/// The synthetic golden pairs of this repository (`tests/fixtures/golden/`, written by its
/// `make.py` with decisions from a separate reading of the rules): the same paths as
/// [`fixture_pairs`], checked on every clone.
pub fn golden_pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = own_fixture("golden");
    pairs_in(&dir.join("metrics"), &dir.join("expected"))
}

fn pairs_in(metrics: &std::path::Path, expected: &std::path::Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs: Vec<_> = std::fs::read_dir(metrics)
        .expect("metrics fixtures readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let exp = expected.join(p.file_name().expect("file name"));
            assert!(exp.is_file(), "no expected file for {}", p.display());
            (p, exp)
        })
        .collect();
    pairs.sort();
    assert!(
        !pairs.is_empty(),
        "{} holds no metrics files",
        metrics.display()
    );
    pairs
}

/// A synthetic fixture of this repository.
pub fn own_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Where tests let the binary keep recovery state (never the user's own state dir).
pub const TEST_STATE_HOME: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/state");

/// The built binary, colour off, recovery state in the build's temp dir.
pub fn switchboard() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("switchboard").expect("binary built");
    cmd.env("NO_COLOR", "1")
        .env_remove("XDG_CONFIG_HOME")
        .env("XDG_STATE_HOME", TEST_STATE_HOME);
    cmd
}

/// Asserts that `actual` contains every key of `expected` with an equal value; numbers
/// must be equal as numbers and be written the same way (`100` stays `100`).
pub fn assert_superset(expected: &serde_json::Value, actual: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or_else(|| panic!("{at}.{k}: missing"));
                assert_superset(ev, av, &format!("{at}.{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{at}: array length");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_superset(ev, av, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            assert_eq!(e.as_f64(), a.as_f64(), "{at}: number value");
            assert_eq!(
                e.to_string(),
                a.to_string(),
                "{at}: number written differently"
            );
        }
        (e, a) => assert_eq!(e, a, "{at}"),
    }
}

/// A process of the binary that a test started: killed and reaped when the test lets go
/// of it, so a failed assertion never leaves a daemon behind.
pub struct Reaped(pub std::process::Child);

impl Reaped {
    pub fn signal(&self, sig: i32) {
        // SAFETY: signalling a child process this test started.
        unsafe { libc::kill(self.0.id() as i32, sig) };
    }

    /// SIGTERM, then the exit code (it must stop within 15 s).
    pub fn terminate(&mut self) -> Option<i32> {
        self.signal(libc::SIGTERM);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            if let Some(status) = self.0.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "did not stop on SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl std::ops::Deref for Reaped {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Reaped {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
